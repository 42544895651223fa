/* test-web-units.c — the public web's building blocks in-process, without a server: the rate
 * limits' buckets and who a request is from (sync-server/loket-web-guard.c), and the answer
 * cache's ETags (sync-server/loket-web-cache.c).  The same over HTTP: test-public-api.c,
 * test-public-threads.c. */
#include "config.h"

#include <string.h>

#include "loket-web-cache.h"
#include "loket-web-guard.h"

/* The guard itself, in-process: buckets fill up again at their pace, and stay bounded. */
static void
test_guard_buckets (void)
{
  g_autoptr(LoketWebGuard) guard = loket_web_guard_new (60, 0);
  const char *const proxies[] = { "10.0.0.1", "::1", NULL };
  guint retry = 0;
  gint64 now = 1000 * G_USEC_PER_SEC;

  for (guint i = 0; i < 60; i++)
    g_assert_true (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS, now,
                                          &retry));
  g_assert_false (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS, now,
                                         &retry));
  g_assert_cmpuint (retry, ==, 1);   /* one a second comes back */
  g_assert_true (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS,
                                        now + G_USEC_PER_SEC, &retry));
  /* A token given back (a public thread handed the request on) can be taken once more, and
   * a bucket never holds more than its limit. */
  g_assert_false (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS,
                                         now + G_USEC_PER_SEC, NULL));
  loket_web_guard_give_back (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS);
  g_assert_true (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS,
                                        now + G_USEC_PER_SEC, NULL));
  g_assert_false (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_REQUESTS,
                                         now + G_USEC_PER_SEC, NULL));
  loket_web_guard_give_back (guard, "192.0.2.9", LOKET_WEB_GUARD_REQUESTS);   /* no bucket */
  g_assert_cmpuint (loket_web_guard_size (guard, LOKET_WEB_GUARD_REQUESTS), ==, 1);
  {
    g_autoptr(LoketWebGuard) small = loket_web_guard_new (2, 0);

    loket_web_guard_allow (small, "192.0.2.2", LOKET_WEB_GUARD_REQUESTS, now, NULL);
    for (guint i = 0; i < 5; i++)
      loket_web_guard_give_back (small, "192.0.2.2", LOKET_WEB_GUARD_REQUESTS);
    g_assert_true (loket_web_guard_allow (small, "192.0.2.2", LOKET_WEB_GUARD_REQUESTS, now,
                                          NULL));
    g_assert_true (loket_web_guard_allow (small, "192.0.2.2", LOKET_WEB_GUARD_REQUESTS, now,
                                          NULL));
    g_assert_false (loket_web_guard_allow (small, "192.0.2.2", LOKET_WEB_GUARD_REQUESTS, now,
                                           NULL));
  }
  /* No limit: never refused, nothing kept. */
  g_assert_true (loket_web_guard_allow (guard, "192.0.2.1", LOKET_WEB_GUARD_BOOKINGS, now, NULL));
  g_assert_cmpuint (loket_web_guard_size (guard, LOKET_WEB_GUARD_BOOKINGS), ==, 0);

  /* A crowd of clients: the table never holds more than its bound. */
  for (guint i = 0; i < 3 * LOKET_WEB_GUARD_MAX_CLIENTS; i++)
    {
      g_autofree char *client = g_strdup_printf ("198.51.%u.%u", i / 256, i % 256);

      loket_web_guard_allow (guard, client, LOKET_WEB_GUARD_REQUESTS, now + i, NULL);
      g_assert_cmpuint (loket_web_guard_size (guard, LOKET_WEB_GUARD_REQUESTS), <=,
                        LOKET_WEB_GUARD_MAX_CLIENTS);
    }

  /* Who a request is from. */
#define CLIENT_IS(peer, forwarded, expected) \
  G_STMT_START { \
    g_autofree char *client_ = loket_web_guard_client (peer, forwarded, proxies); \
    g_assert_cmpstr (client_, ==, expected); \
  } G_STMT_END
  CLIENT_IS ("192.0.2.7", NULL, "192.0.2.7");
  CLIENT_IS ("192.0.2.7", "203.0.113.5", "192.0.2.7");              /* not a trusted proxy */
  CLIENT_IS ("10.0.0.1", "203.0.113.5", "203.0.113.5");
  CLIENT_IS ("10.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5");    /* the proxy's own hop */
  CLIENT_IS ("10.0.0.1", "203.0.113.5, nonsense", "10.0.0.1");
  CLIENT_IS ("::ffff:10.0.0.1", " 203.0.113.6", "203.0.113.6");
  CLIENT_IS ("2001:db8:1:2:3:4:5:6", NULL, "2001:0db8:0001:0002::/64");
  CLIENT_IS ("2001:db8:1:2:ffff::1", NULL, "2001:0db8:0001:0002::/64");
  CLIENT_IS ("::1", "2001:db8::9", "2001:0db8:0000:0000::/64");
#undef CLIENT_IS
}

static void
test_etag_matching (void)
{
  g_assert_true (loket_web_cache_etag_matches ("\"abc\"", "\"abc\""));
  g_assert_true (loket_web_cache_etag_matches ("W/\"abc\"", "\"abc\""));
  g_assert_true (loket_web_cache_etag_matches ("\"x\", \"abc\"", "\"abc\""));
  g_assert_true (loket_web_cache_etag_matches ("*", "\"abc\""));
  g_assert_false (loket_web_cache_etag_matches ("\"abd\"", "\"abc\""));
  g_assert_false (loket_web_cache_etag_matches ("abc", "\"abc\""));
  g_assert_false (loket_web_cache_etag_matches (NULL, "\"abc\""));
  g_assert_false (loket_web_cache_etag_matches ("", "\"abc\""));
}

/* An answer's ETag: the same for the same bytes, another for any other body of an answer's
 * size (every single byte changed in turn, one byte more or less, a zero byte added). */
static void
test_etag_of_bodies (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guchar body[3900];
  g_autoptr(GBytes) same = NULL;
  g_autofree char *first = NULL, *again = NULL;

  for (guint i = 0; i < sizeof body; i++)
    body[i] = (guchar) "{\"times\":[\"09:00\",\"09:10\"]}"[i % 28];
  same = g_bytes_new (body, sizeof body);
  first = loket_web_cache_etag (same);
  again = loket_web_cache_etag (same);
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpuint (strlen (first), ==, 34);
  g_assert_true (first[0] == '"' && first[33] == '"');
  for (guint i = 1; i < 33; i++)
    g_assert_true (g_ascii_isxdigit (first[i]));
  g_hash_table_add (seen, g_strdup (first));
  for (guint i = 0; i < sizeof body; i++)
    {
      g_autoptr(GBytes) changed = NULL;

      body[i] ^= 0x01;
      changed = g_bytes_new (body, sizeof body);
      body[i] ^= 0x01;
      g_assert_true (g_hash_table_add (seen, loket_web_cache_etag (changed)));
    }
  for (gsize size = sizeof body - 9; size < sizeof body; size++)
    {
      g_autoptr(GBytes) shorter = g_bytes_new (body, size);

      g_assert_true (g_hash_table_add (seen, loket_web_cache_etag (shorter)));
    }
  {
    g_autofree guchar *longer = g_malloc0 (sizeof body + 1);
    g_autoptr(GBytes) padded = NULL;

    memcpy (longer, body, sizeof body);
    padded = g_bytes_new (longer, sizeof body + 1);
    g_assert_true (g_hash_table_add (seen, loket_web_cache_etag (padded)));
  }
}

/* ---- main ----------------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/public-api/guard-buckets", test_guard_buckets);
  g_test_add_func ("/public-api/etag-of-bodies", test_etag_of_bodies);
  g_test_add_func ("/public-api/etag-matching", test_etag_matching);
  return g_test_run ();
}
