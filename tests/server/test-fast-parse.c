/* test-fast-parse.c — the public threads' request-head reader (sync-server/loket-server-fast.c),
 * in-process: what it takes as its own, and every form it must leave to libsoup.  The fast path
 * itself, over raw sockets to a real loket-sync: test-public-fast.c. */
#include "config.h"

#include <string.h>

#include "loket-server-fast.h"

/* ---- the head reader ------------------------------------------------------------------------ */

/* The verdict alone (the request's strings would point into a copy that is gone). */
static LoketServerFastVerdict
verdict_of (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  LoketServerFastRequest request;

  return loket_server_fast_parse (copy, strlen (text), &request);
}

static void
test_parse_ours (void)
{
  const char *head = "GET /v1/public/availability?product=p&location=l&days=14 HTTP/1.1\r\n"
                     "Host: loket.example.nl:8080\r\n"
                     "User-Agent: t\xc3\xa9st\r\n"
                     "If-None-Match:  \"abc\"  \r\n"
                     "X-Forwarded-For: 198.51.100.9\r\n"
                     "Content-Length: 0\r\n"
                     "Connection: keep-alive, Close\r\n\r\n";
  g_autofree char *two = g_strconcat (head, head, NULL);
  char plain[] = "GET /v1/public/products HTTP/1.1\r\nHost: [::1]:80\r\n\r\n";
  char empty_query[] = "GET /v1/public/products? HTTP/1.1\r\nhost:x\r\n\r\n";
  LoketServerFastRequest request;

  g_assert_cmpint (loket_server_fast_parse (two, strlen (two), &request), ==,
                   LOKET_SERVER_FAST_OURS);
  /* The first of two pipelined heads, exactly. */
  g_assert_cmpuint (request.head_length, ==, strlen (head));
  g_assert_cmpstr (request.path, ==, "/v1/public/availability");
  g_assert_cmpstr (request.route->path, ==, "/v1/public/availability");
  g_assert_cmpstr (request.query, ==, "product=p&location=l&days=14");
  g_assert_cmpstr (request.if_none_match, ==, "\"abc\"");
  g_assert_cmpstr (request.forwarded_for, ==, "198.51.100.9");
  g_assert_true (request.close);

  g_assert_cmpint (loket_server_fast_parse (plain, strlen (plain), &request), ==,
                   LOKET_SERVER_FAST_OURS);
  g_assert_null (request.query);
  g_assert_null (request.if_none_match);
  g_assert_false (request.close);
  g_assert_cmpint (loket_server_fast_parse (empty_query, strlen (empty_query), &request), ==,
                   LOKET_SERVER_FAST_OURS);
  g_assert_cmpstr (request.query, ==, "");
}

static void
test_parse_more (void)
{
  static const char *const parts[] = {
    "G", "GET", "GET /", "GET /v1/public/prod", "GET /v1/public/products HTTP/1.1\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\n", "GET /v1/public/products HTTP/1.1\r\n\r",
  };
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_assert_cmpint (verdict_of (parts[i]), ==, LOKET_SERVER_FAST_MORE);
}

#define LONG_QUERY_BYTES (LOKET_SERVER_MAX_QUERY_BYTES + 1)

static void
test_parse_theirs (void)
{
  static const char *const heads[] = {
    /* not a plain GET of a kept answer */
    "HELLO\r\n\r\n",
    "HEAD /v1/public/products HTTP/1.1\r\nHost: x\r\n\r\n",
    "POST /v1/public/products HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/products HTTP/1.0\r\nHost: x\r\n\r\n",
    "GET /v1/public/products HTTP/2\r\nHost: x\r\n\r\n",
    "GET  /v1/public/products HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET http://x/v1/public/products HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/%70roducts HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/products?product=%41 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/products#top HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/products?a=\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/pr\xc3\xb6" "ducts HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1//public/products HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/./products HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/products/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/holds HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/public/appointments/TOKEN HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/sync/pull?since=0 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /afspraak HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    /* headers libsoup acts on */
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nrange: bytes=0-9\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nContent-Length: 00\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n\r\n",
    /* Host missing, twice, or one libsoup would read otherwise or refuse */
    "GET /v1/public/products HTTP/1.1\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nUser-Agent: x\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost:\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x/y\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x?y\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: u@x\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x:\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x:65536\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x:+80\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: [zz::1]\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: [::1\r\n\r\n",
    /* a header twice that is read */
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"a\"\r\n"
    "If-None-Match: \"b\"\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: a\r\n"
    "x-forwarded-for: b\r\n\r\n",
    /* lines libsoup reads leniently */
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\n: y\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-A: \x01\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n",
    "GET /v1/public/products HTTP/1.1\nHost: x\n\n",
    "GET /v1/public/products HTTP/1.1\r\nHost: x\n\r\n",
  };
  g_autofree char *long_query = g_strnfill (LONG_QUERY_BYTES, 'a');
  g_autofree char *long_param = g_strnfill (LOKET_SERVER_MAX_PARAM_BYTES + 1, 'b');
  g_autofree char *over_query = g_strdup_printf ("GET /v1/public/products?%s HTTP/1.1\r\n"
                                                 "Host: x\r\n\r\n", long_query);
  g_autofree char *over_value = g_strdup_printf ("GET /v1/public/products?a=%s&b=1 HTTP/1.1\r\n"
                                                 "Host: x\r\n\r\n", long_param);
  g_autofree char *over_key = g_strdup_printf ("GET /v1/public/products?b=1&%s=1 HTTP/1.1\r\n"
                                               "Host: x\r\n\r\n", long_param);
  g_autofree char *padding = g_strnfill (LOKET_SERVER_FAST_MAX_HEAD, 'p');
  g_autofree char *over_head = g_strdup_printf ("GET /v1/public/products HTTP/1.1\r\nHost: x\r\n"
                                                "X-Pad: %s\r\n\r\n", padding);
  char with_nul[] = "GET /v1/public/products HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n";
  LoketServerFastRequest request;

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    if (verdict_of (heads[i]) != LOKET_SERVER_FAST_THEIRS)
      g_error ("taken as the fast path's: %s", heads[i]);
  g_assert_cmpint (verdict_of (over_query), ==, LOKET_SERVER_FAST_THEIRS);
  g_assert_cmpint (verdict_of (over_value), ==, LOKET_SERVER_FAST_THEIRS);
  g_assert_cmpint (verdict_of (over_key), ==, LOKET_SERVER_FAST_THEIRS);
  /* Its first 8 KiB, as a peek gives them: no end of head there. */
  g_assert_cmpint (loket_server_fast_parse (over_head, LOKET_SERVER_FAST_MAX_HEAD, &request), ==,
                   LOKET_SERVER_FAST_THEIRS);
  g_assert_cmpint (loket_server_fast_parse (with_nul, sizeof with_nul - 1, &request), ==,
                   LOKET_SERVER_FAST_THEIRS);
  /* Just within the limits is still ours. */
  long_param[LOKET_SERVER_MAX_PARAM_BYTES] = '\0';
  g_free (over_value);
  over_value = g_strdup_printf ("GET /v1/public/products?%s=%s HTTP/1.1\r\nHost: x\r\n\r\n",
                                long_param, long_param);
  g_assert_cmpint (verdict_of (over_value), ==, LOKET_SERVER_FAST_OURS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/public-fast/parse/ours", test_parse_ours);
  g_test_add_func ("/public-fast/parse/more", test_parse_more);
  g_test_add_func ("/public-fast/parse/theirs", test_parse_theirs);
  return g_test_run ();
}
