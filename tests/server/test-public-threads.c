/* test-public-threads.c — the public listener of a real loket-sync with the demo municipality
 * ([public] listen, threads=2), over HTTP on loopback: what it serves and what it leaves to the
 * main listener, the rate limits counted across both listeners, a stop with requests in flight,
 * and what the servers keep between questions (the answer cache, the public threads' own store)
 * answering as the database does.
 *
 * The HTTP cases that run against both listeners are in test-public-api.c; the server and the
 * helpers are loket-test-public.c's.  Other servers serve the 429 test (with and without the
 * public listener) and the stop; a second server on the same file, and a store in this process,
 * give the answers to compare with. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "loket-store-web.h"
#include "loket-test-public.h"

/* ---- rate limits ---------------------------------------------------------------------------- */

/* data: TRUE to send the public requests to a public listener (the guard is then used from
 * its threads and the main thread at once: a client's requests count together). */
static void
test_rate_limits (gconstpointer data)
{
  gboolean threads = GPOINTER_TO_INT (data);
  guint16 port = threads ? free_port () : 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) limited =
    start_server (threads ? "limited-threads.conf" : "limited.conf",
                  "requests-per-minute=5\nbookings-per-hour=2\ntrusted-proxies=127.0.0.1\n", port,
                  &error);
  g_autofree char *url = NULL;
  const char *status_body = "{\"reference\": \"Z-2000-000001\", \"code\": \"AAAA-AAAA\"}";
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) proxied = NULL;
  g_autoptr(Reply) guessed = NULL;
  guint64 retry = 0;

  g_assert_no_error (error);
  url = threads ? g_strdup_printf ("http://127.0.0.1:%u", port) : g_strdup (limited->url);
  /* Two guesses at a case's code are bookings; the third is refused. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) reply = send_to (url, "POST", "/v1/public/case-status", status_body, NULL,
                                        NULL);

      assert_error (reply, SOUP_STATUS_NOT_FOUND, "not_found");
    }
  guessed = send_to (url, "POST", "/v1/public/case-status", status_body, NULL, NULL);
  assert_error (guessed, 429, "rate_limited");
  /* Five requests a minute in all, whichever listener takes them: two more, then 429 with
   * Retry-After. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) reply = send_to (i == 0 ? limited->url : url, "GET",
                                        "/v1/public/products", NULL, NULL, NULL);

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    }
  refused = send_to (url, "GET", "/v1/public/products", NULL, NULL, NULL);
  assert_error (refused, 429, "rate_limited");
  g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (refused->headers,
                                                                           "Retry-After"),
                                             10, 1, 60, &retry, NULL));
  /* Behind the trusted proxy, the client it names has buckets of its own; a name that is no
   * address counts as the proxy. */
  proxied = send_to (url, "GET", "/v1/public/products", NULL, "X-Forwarded-For",
                     "198.51.100.9, 203.0.113.7");
  g_assert_cmpuint (proxied->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&proxied, reply_free);
  proxied = send_to (url, "GET", "/v1/public/products", NULL, "X-Forwarded-For", "<script>");
  assert_error (proxied, 429, "rate_limited");
  /* The sync API is not limited. */
  g_clear_pointer (&proxied, reply_free);
  proxied = send_to (limited->url, "GET", "/healthz", NULL, NULL, NULL);
  g_assert_cmpuint (proxied->status, ==, SOUP_STATUS_OK);
}

/* ---- what is kept ---------------------------------------------------------------------------- */

/* The answer of path computed from the database alone, in this process with a store of its own
 * (nothing kept), as the server writes it: product, location, from and days (14) or date. */
static GBytes *
fresh_answer (const char *kind, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (pub.server->db_path, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  LoketSlotVisitProduct visit = { pub.paspoort, 1 };
  GDate day;
  gsize length = 0;
  char *data;

  g_assert_no_error (error);
  g_assert_true (g_date_valid_dmy ((GDateDay) atoi (date + 8), (GDateMonth) atoi (date + 5),
                                   (GDateYear) atoi (date)));
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) atoi (date + 8), (GDateMonth) atoi (date + 5),
                  (GDateYear) atoi (date));
  if (g_str_equal (kind, "availability"))
    answer = loket_store_public_availability (store, pub.paspoort, pub.stadhuis, &day, 14, now,
                                              &error);
  else if (g_str_equal (kind, "dates"))
    answer = loket_store_web_dates (store, &visit, 1, pub.stadhuis, &day, 31, now, &error);
  else
    answer = loket_store_web_times (store, &visit, 1, pub.stadhuis, &day, now, &error);
  g_assert_no_error (error);
  node = json_node_init_object (json_node_alloc (), answer);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

/* The same question to the server (its answer cache and what it keeps), to its public threads,
 * to a second server on the same file without an answer cache (what it keeps must notice the
 * first one's writes) and to a store of its own: the same bytes.  A time can pass its notice
 * between two askings, so the round is asked again when the server's first and last answers
 * differ. */
static void
assert_same_answers (const char *second_url, const char *kind, const char *date)
{
  g_autofree char *path = NULL;

  if (g_str_equal (kind, "availability"))
    path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s&from=%s&days=14",
                            pub.paspoort, pub.stadhuis, date);
  else if (g_str_equal (kind, "dates"))
    path = g_strdup_printf ("/v1/public/dates?product=%s&location=%s&from=%s&days=31",
                            pub.paspoort, pub.stadhuis, date);
  else
    path = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s", pub.paspoort,
                            pub.stadhuis, date);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GBytes) first = body_at (pub.server->url, path);
      g_autoptr(GBytes) threads = body_at (pub.public_url, path);
      g_autoptr(GBytes) second = body_at (second_url, path);
      g_autoptr(GBytes) fresh = fresh_answer (kind, date);
      g_autoptr(GBytes) last = body_at (pub.server->url, path);

      if (!g_bytes_equal (first, last))
        continue;
      g_assert_true (g_bytes_equal (threads, first));
      g_assert_true (g_bytes_equal (second, first));
      g_assert_true (g_bytes_equal (fresh, first));
      return;
    }
  g_error ("the answers to %s kept changing", path);
}

static void
assert_all_same (const char *second_url, const char *today, const char *day)
{
  assert_same_answers (second_url, "availability", today);
  assert_same_answers (second_url, "dates", today);
  assert_same_answers (second_url, "times", day);
}

/* What the servers keep between questions (the answers, the slot engine's input) answers as
 * the database does: before and after a booking and a hold (each taking a time's last web
 * place, so that the answers change). */
static void
test_kept_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) second = NULL;
  g_autofree char *config = g_build_filename (pub.tmp_dir, "second.conf", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 2);
  g_autofree char *day = g_strndup (starts->pdata[0], 10);
  g_autofree char *token = NULL;
  g_autofree char *release = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) filled = NULL;
  g_autoptr(Reply) released = NULL;

  g_assert_true (g_file_set_contents (config, "[server]\n[public]\nrequests-per-minute=0\n"
                                      "bookings-per-hour=0\ncache-seconds=0\n", -1, NULL));
  second = loket_test_server_start_with_config (pub.server->db_path, FALSE, 0, config, &error);
  g_assert_no_error (error);
  assert_all_same (second->url, today, day);
  /* A booking takes the time's last web place (the others held): the time leaves the
   * answers because of it. */
  held = fill_time (starts->pdata[0]);
  release = g_strdup_printf ("/v1/public/holds/%s",
                             (const char *) held->pdata[held->len - 1]);
  released = send_to (pub.server->url, "DELETE", release, NULL, NULL, NULL);
  g_assert_cmpuint (released->status, ==, SOUP_STATUS_NO_CONTENT);
  token = book_ok (starts->pdata[0], "Kees Kept", "kept@example.nl");
  assert_all_same (second->url, today, day);
  /* Holds alone. */
  filled = fill_time (starts->pdata[1]);
  assert_all_same (second->url, today, day);
}

/* The public threads' answers follow a change on the main thread at once: holds taking a
 * time's last web places leave it out of the threads' next answer, and it is back once they
 * are released, with no second passing in between for the threads to look again (they re-read
 * when the web generation moves). */
static void
test_reader_follows (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 3);
  const char *start = starts->pdata[2];
  g_autofree char *day = g_strndup (start, 10);
  g_autofree char *path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s"
                                           "&from=%s&days=1", pub.paspoort, pub.stadhuis, day);
  g_autoptr(GBytes) before = body_at (pub.public_url, path);
  g_autoptr(GBytes) held_main = NULL;
  g_autoptr(GBytes) held_threads = NULL;
  g_autoptr(GBytes) main_before = body_at (pub.server->url, path);
  g_autoptr(GPtrArray) held = NULL;
  gint64 began = g_get_monotonic_time ();

  g_assert_true (g_bytes_equal (before, main_before));
  held = fill_time (start);
  held_threads = body_at (pub.public_url, path);
  held_main = body_at (pub.server->url, path);
  g_assert_false (g_bytes_equal (held_main, before));
  g_assert_true (g_bytes_equal (held_threads, held_main));
  for (guint i = 0; i < held->len; i++)
    {
      g_autofree char *release = g_strdup_printf ("/v1/public/holds/%s",
                                                  (const char *) held->pdata[i]);
      g_autoptr(Reply) released = send_to (pub.server->url, "DELETE", release, NULL, NULL, NULL);

      g_assert_cmpuint (released->status, ==, SOUP_STATUS_NO_CONTENT);
    }
  {
    g_autoptr(GBytes) back = body_at (pub.public_url, path);
    g_autoptr(GBytes) main_back = body_at (pub.server->url, path);

    g_assert_true (g_bytes_equal (back, main_back));
  }
  /* Else the threads could have looked again on their own (READER_RECHECK_US). */
  if (g_get_monotonic_time () - began >= G_USEC_PER_SEC)
    g_test_incomplete ("the holds took a second or more: run it on a quieter machine");
}

/* ---- the public listener -------------------------------------------------------------------- */

/* A page's status and Content-Type (pages are HTML, not for reply_of). */
static guint
page_status (const char *url, const char *path, char **content_type)
{
  g_autoptr(SoupMessage) msg = new_message (url, "GET", path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (pub.session, msg, NULL, &error);

  g_assert_no_error (error);
  *content_type = g_strdup (soup_message_headers_get_content_type (
                              soup_message_get_response_headers (msg), NULL));
  return soup_message_get_status (msg);
}

/* Desks keep to the main listener: the public one has no sync API and no live channel. */
static void
test_public_only (void)
{
  static const struct { const char *method; const char *path; const char *body; } desk[] = {
    { "GET", "/healthz", NULL },
    { "POST", "/v1/auth/login", "{\"username\": \"balie\", \"password\": \"demo\"}" },
    { "POST", "/v1/sync/push", "{}" },
    { "GET", "/v1/sync/pull?since=0", NULL },
    { "GET", "/v1/sync/snapshot", NULL },
    { "GET", "/v1/customers?q=jan", NULL },
    { "GET", "/v1/sync/live", NULL },
  };
  g_autoptr(Reply) health = send_to (pub.server->url, "GET", "/healthz", NULL, NULL, NULL);
  g_autoptr(Reply) login = send_to (pub.server->url, "POST", "/v1/auth/login", desk[1].body, NULL,
                                    NULL);
  g_autofree char *type = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (desk); i++)
    {
      g_autoptr(Reply) reply = send_to (pub.public_url, desk[i].method, desk[i].path, desk[i].body,
                                        NULL, NULL);

      assert_error (reply, SOUP_STATUS_NOT_FOUND, "not_found");
    }
  /* … which the main listener does serve (a login without its device is refused there). */
  g_assert_cmpuint (health->status, ==, SOUP_STATUS_OK);
  assert_error (login, SOUP_STATUS_BAD_REQUEST, "bad_request");
  /* The pages are there, run by the main thread. */
  g_assert_cmpuint (page_status (pub.public_url, "/afspraak", &type), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (type, ==, "text/html");
}

typedef struct {
  guint     status;
  gboolean  failed;      /* the connection ended without an answer */
  gboolean  after_stop;  /* answered after the server was told to stop */
  gboolean *stopping;
  guint    *finished;
} Flight;

static void
on_flight_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Flight *flight = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);

  flight->failed = body == NULL;
  flight->status = soup_message_get_status (msg);
  flight->after_stop = *flight->stopping;
  /* Whole answers only: JSON that parses, a page to its end. */
  if (body != NULL && flight->status == SOUP_STATUS_OK
      && g_str_has_prefix (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "Content-Type"), "application/json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 (gssize) g_bytes_get_size (body), NULL));
    }
  else if (body != NULL && flight->status == SOUP_STATUS_OK)
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL),
                                    (gssize) g_bytes_get_size (body), "</html>"));
  (*flight->finished)++;
}

#define N_FLIGHTS 48

/* Sends N_FLIGHTS requests to url at once: rooms (the heaviest), products and a page. */
static void
fly (const char *url, Flight *flights, gboolean *stopping, guint *finished)
{
  for (guint i = 0; i < N_FLIGHTS; i++)
    {
      const char *path = i % 3 == 0 ? "/v1/public/rooms?days=186"
                         : i % 3 == 1 ? "/v1/public/products" : "/afspraak";
      g_autoptr(SoupMessage) msg = new_message (url, "GET", path, NULL);

      flights[i] = (Flight) { .stopping = stopping, .finished = finished };
      soup_session_send_and_read_async (pub.session, msg, G_PRIORITY_DEFAULT, NULL,
                                        on_flight_done, &flights[i]);
    }
}

/* SIGTERM while the public threads have requests at the main thread (no cache: each is
 * computed there): those are answered, the threads are stopped and joined, and the server exits
 * 0 (under ASan: without a leak). */
static void
test_stop_in_flight (void)
{
  guint16 port = free_port ();
  g_autoptr(GError) error = NULL;
  LoketTestServer *stopping_server =
    start_server ("stopping.conf", "requests-per-minute=0\nbookings-per-hour=0\ncache-seconds=0\n",
                  port, &error);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  Flight warm_up[N_FLIGHTS], flights[N_FLIGHTS];
  gboolean stopping = FALSE;
  guint finished = 0, answered = 0, answered_after = 0;

  g_assert_no_error (error);
  /* Once, so that every request after has its kept-alive connection, accepted already. */
  fly (url, warm_up, &stopping, &finished);
  while (finished < N_FLIGHTS)
    g_main_context_iteration (NULL, TRUE);
  finished = 0;
  fly (url, flights, &stopping, &finished);
  /* The first answer: the others are at the server. */
  while (finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_send_signal (stopping_server->process, SIGTERM);
  stopping = TRUE;
  while (finished < N_FLIGHTS)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_FLIGHTS; i++)
    {
      g_assert_false (warm_up[i].failed);
      /* Answered, or (not accepted before the stop) no connection: never a broken answer. */
      g_assert_true (flights[i].failed || flights[i].status == SOUP_STATUS_OK);
      answered += !flights[i].failed;
      answered_after += !flights[i].failed && flights[i].after_stop;
    }
  g_test_message ("%u of %u answered, %u after SIGTERM", answered, N_FLIGHTS, answered_after);
  g_assert_cmpuint (answered_after, >, 0);
  /* A clean exit (a second SIGTERM, as free sends, would end the stop half-way). */
  g_assert_true (g_subprocess_wait (stopping_server->process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (stopping_server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (stopping_server->process), ==, 0);
  g_clear_object (&stopping_server->process);
  loket_test_server_free (stopping_server);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* As many connections as flights, each with its own (test_stop_in_flight). */
  loket_test_public_start ("loket-public-threads-XXXXXX", N_FLIGHTS + 8);

  g_test_add_data_func ("/public-api/main/rate-limits", GINT_TO_POINTER (FALSE),
                        test_rate_limits);
  g_test_add_data_func ("/public-api/threads/rate-limits", GINT_TO_POINTER (TRUE),
                        test_rate_limits);
  g_test_add_func ("/public-api/threads/public-only", test_public_only);
  g_test_add_func ("/public-api/threads/stop-in-flight", test_stop_in_flight);
  g_test_add_func ("/public-api/threads/kept-answers", test_kept_answers);
  g_test_add_func ("/public-api/threads/reader-follows", test_reader_follows);
  status = g_test_run ();

  loket_test_public_stop ();
  return status;
}
