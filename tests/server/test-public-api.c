/* test-public-api.c — the public JSON API of a real loket-sync with the demo municipality, over
 * HTTP on loopback: the whole booking flow, bad input on every endpoint, the cache with its
 * ETags, the honeypot, a scan of every public answer for personal data, 200 clients racing for
 * the last places of ten times, and the OpenAPI file against the route table.
 *
 * One server without rate limits (loket-test-public.c) serves the cases, with a public listener
 * of its own served by two threads ([public] listen, threads=2): the HTTP cases run once against
 * the main listener (/public-api/main/…) and once against the public one
 * (/public-api/threads/…).  What only the public listener does, and the rate limits, are
 * test-public-threads.c's; the rate limits' buckets and the ETags in-process,
 * test-web-units.c's.  The database is read beside the server (WAL) to check effects. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-server-private.h"
#include "loket-test-public.h"

#define SCRIPT_NAME "<script>alert('x')</script> Puk"
#define EMAIL       "piet.puk@example.nl"
#define N_RACERS    200
#define N_SLOTS     10

static sqlite3 *db;   /* the server's database, beside it */

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, TRUE);
}

static gint64
db_count (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
db_exec (const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* ---- the flow ------------------------------------------------------------------------------- */

static void
test_flow (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 3);
  g_autofree char *token = book_ok (starts->pdata[0], SCRIPT_NAME, EMAIL);
  g_autofree char *path = g_strdup_printf ("/v1/public/appointments/%s", token);
  g_autofree char *move = NULL;
  g_autofree char *move_body = NULL;
  g_autofree char *move_path = g_strdup_printf ("%s/reschedule", path);
  g_autofree char *cancel_path = g_strdup_printf ("%s/cancel", path);
  g_autoptr(Reply) details = get_ok (path);
  g_autoptr(Reply) moved = NULL;
  g_autoptr(Reply) cancelled = NULL;
  JsonObject *appointment = object_of (details);

  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (appointment, "start"), ==, starts->pdata[0]);
  g_assert_true (json_object_get_boolean_member (appointment, "can_change"));
  /* A token's answers are nobody's to keep. */
  g_assert_cmpstr (soup_message_headers_get_one (details->headers, "Cache-Control"), ==,
                   "no-store");
  /* Stored as typed, and logged for the desks. */
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE name = '<script>alert(''x'')"
                             "</script> Puk' AND email = '" EMAIL "'"), ==, 1);
  g_assert_cmpint (db_count ("SELECT count(*) FROM change_log WHERE entity = 'appointments'"
                             " AND json_extract (row, '$.channel') = 'web'"), >=, 1);

  move = hold_ok (starts->pdata[2], token);
  move_body = g_strdup_printf ("{\"hold\": \"%s\"}", move);
  moved = request ("POST", move_path, move_body);
  g_assert_cmpuint (moved->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (moved), "start"), ==,
                   starts->pdata[2]);
  /* The hold is used up. */
  expect ("POST", move_path, move_body, SOUP_STATUS_NOT_FOUND, "not_found");

  cancelled = request ("POST", cancel_path, NULL);
  g_assert_cmpuint (cancelled->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (cancelled), "status"), ==,
                   "cancelled");
  g_assert_false (json_object_get_boolean_member (object_of (cancelled), "can_change"));
  g_clear_pointer (&move, g_free);
  g_clear_pointer (&move_body, g_free);
  move_body = hold_body (starts->pdata[1], token);
  expect ("POST", "/v1/public/holds", move_body, SOUP_STATUS_CONFLICT, "closed");
}

static void
test_release (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  g_autofree char *hold = hold_ok (starts->pdata[0], NULL);
  g_autofree char *path = g_strdup_printf ("/v1/public/holds/%s", hold);
  g_autofree char *body = book_body (hold, "Jan Release", "release@example.nl");
  g_autoptr(Reply) released = request ("DELETE", path, NULL);
  g_autoptr(Reply) again = request ("DELETE", path, NULL);

  g_assert_cmpuint (released->status, ==, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (again->status, ==, SOUP_STATUS_NO_CONTENT);
  expect ("POST", "/v1/public/appointments", body, SOUP_STATUS_NOT_FOUND, "not_found");
}

static void
test_honeypot (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  g_autofree char *hold = hold_ok (starts->pdata[0], NULL);
  g_autofree char *body = g_strdup_printf ("{\"hold\": \"%s\", \"customer\": {\"name\": \"Bot\","
                                           " \"email\": \"bot@example.nl\"}, \"website\":"
                                           " \"http://spam.example\"}", hold);
  gint64 customers = db_count ("SELECT count(*) FROM customers");
  gint64 appointments = db_count ("SELECT count(*) FROM appointments");

  expect ("POST", "/v1/public/appointments", body, SOUP_STATUS_BAD_REQUEST, "bad_request");
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers"), ==, customers);
  g_assert_cmpint (db_count ("SELECT count(*) FROM appointments"), ==, appointments);
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE email = 'bot@example.nl'"),
                   ==, 0);
}

/* ---- bad input ------------------------------------------------------------------------------ */

static void
test_bad_queries (void)
{
  g_autofree char *p = escape (pub.paspoort);
  g_autofree char *l = escape (pub.stadhuis);
  const char *const bad_dates[] = { "2026-02-30", "gisteren", "2026-1-5", "", "2026-01-01T00:00" };
  struct { const char *format; guint status; const char *code; } cases[] = {
    { "/v1/public/locations", 400, "bad_request" },
    { "/v1/public/locations?product=no-such-product", 404, "not_found" },
    { "/v1/public/locations?product={P}:0", 400, "bad_request" },
    { "/v1/public/locations?product={P}:abc", 400, "bad_request" },
    { "/v1/public/locations?product={P}:100", 400, "bad_request" },
    { "/v1/public/locations?product=:2", 400, "bad_request" },
    { "/v1/public/locations?product={P}:4", 400, "bad_request" },   /* over max_per_booking */
    { "/v1/public/products?product=no-such-product", 404, "not_found" },
    { "/v1/public/dates?product={P}", 400, "bad_request" },
    { "/v1/public/dates?location={L}", 400, "bad_request" },
    { "/v1/public/dates?product={P}&location=no-such-place", 404, "not_found" },
    { "/v1/public/dates?product=no-such-product&location={L}", 404, "not_found" },
    { "/v1/public/dates?product={P}&location={L}&days=0", 400, "bad_request" },
    { "/v1/public/dates?product={P}&location={L}&days=367", 400, "bad_request" },
    { "/v1/public/dates?product={P}&location={L}&days=-1", 400, "bad_request" },
    { "/v1/public/times?product={P}&location={L}", 400, "bad_request" },
    { "/v1/public/customer-fields", 400, "bad_request" },
    { "/v1/public/customer-fields?product=no-such-product", 404, "not_found" },
    { "/v1/public/rooms?days=187", 400, "bad_request" },
    { "/v1/public/rooms?days=zeven", 400, "bad_request" },
    { "/v1/public/availability?product={P}", 400, "bad_request" },
    { "/v1/public/appointments/forged-token", 404, "not_found" },
    { "/v1/public/appointments/forged-token/unknown", 404, "not_found" },
    { "/v1/public/surveys/forged-token", 404, "not_found" },
    { "/v1/public/surveys/forged-token/more", 404, "not_found" },
    { "/v1/public/no-such-thing", 404, "not_found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) path = g_string_new (cases[i].format);

      g_string_replace (path, "{P}", p, 0);
      g_string_replace (path, "{L}", l, 0);
      expect ("GET", path->str, NULL, cases[i].status, cases[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *date = escape (bad_dates[i]);
      g_autofree char *times = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s",
                                                p, l, date);
      g_autofree char *dates = g_strdup_printf ("/v1/public/dates?product=%s&location=%s&from=%s",
                                                p, l, date);
      g_autofree char *rooms = g_strdup_printf ("/v1/public/rooms?from=%s", date);

      expect ("GET", times, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request");
      expect ("GET", dates, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request");
      expect ("GET", rooms, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request");
    }
  /* Methods a route does not answer. */
  expect ("POST", "/v1/public/dates", "{}", SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request");
  expect ("GET", "/v1/public/holds", NULL, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request");
  expect ("DELETE", "/v1/public/appointments/x", NULL, SOUP_STATUS_METHOD_NOT_ALLOWED,
          "bad_request");
  expect ("GET", "/v1/public/appointments/x/cancel", NULL, SOUP_STATUS_NOT_FOUND, "not_found");
}

static void
test_bad_bodies (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  const char *start = starts->pdata[0];
  g_autofree char *hold = hold_ok (start, NULL);
  const char *posts[] = { "/v1/public/holds", "/v1/public/appointments",
                          "/v1/public/case-status", "/v1/public/surveys/forged",
                          "/v1/public/appointments/forged/reschedule" };
  const char *malformed[] = { "", "{", "[1, 2]", "nope", "\"string\"", "{\"a\": }" };
  g_autofree char *products_text = g_strdup_printf ("{\"products\": \"%s\", \"location\": \"%s\","
                                                    " \"start\": \"%s\"}", pub.paspoort,
                                                    pub.stadhuis, start);
  g_autofree char *id_number = g_strdup_printf ("{\"products\": [{\"id\": 7}], \"location\":"
                                                " \"%s\", \"start\": \"%s\"}", pub.stadhuis, start);
  g_autofree char *count_text = g_strdup_printf ("{\"products\": [{\"id\": \"%s\", \"count\":"
                                                 " \"2\"}], \"location\": \"%s\", \"start\":"
                                                 " \"%s\"}", pub.paspoort, pub.stadhuis, start);
  g_autofree char *start_number = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                   " \"location\": \"%s\", \"start\": 5}",
                                                   pub.paspoort, pub.stadhuis);
  g_autofree char *start_text = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                 " \"location\": \"%s\", \"start\": \"morgen\"}",
                                                 pub.paspoort, pub.stadhuis);
  g_autofree char *no_products = g_strdup_printf ("{\"products\": [], \"location\": \"%s\","
                                                  " \"start\": \"%s\"}", pub.stadhuis, start);
  g_autofree char *unknown_location = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                       " \"location\": \"nowhere\", \"start\":"
                                                       " \"%s\"}", pub.paspoort, start);
  g_autofree char *customer_text = g_strdup_printf ("{\"hold\": \"%s\", \"customer\": \"Piet\"}",
                                                    hold);
  g_autofree char *name_number = g_strdup_printf ("{\"hold\": \"%s\", \"customer\": {\"name\": 5,"
                                                  " \"email\": \"a@example.nl\"}}", hold);
  g_autofree char *bad_email = book_body (hold, "Piet Puk", "piet-at-example");
  g_autofree char *short_name = book_body (hold, "P", "p@example.nl");

  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (malformed); j++)
      expect ("POST", posts[i], malformed[j], SOUP_STATUS_BAD_REQUEST, "bad_request");

  expect ("POST", "/v1/public/holds", products_text, 400, "bad_request");
  expect ("POST", "/v1/public/holds", id_number, 400, "bad_request");
  expect ("POST", "/v1/public/holds", count_text, 400, "bad_request");
  expect ("POST", "/v1/public/holds", start_number, 400, "bad_request");
  expect ("POST", "/v1/public/holds", start_text, 400, "bad_request");
  expect ("POST", "/v1/public/holds", no_products, 400, "bad_request");
  expect ("POST", "/v1/public/holds", unknown_location, 404, "not_found");
  expect ("POST", "/v1/public/holds", "{\"location\": \"x\", \"start\": \"2030-01-01T00:00:00Z\","
          " \"appointment\": \"forged\"}", 404, "not_found");
  expect ("POST", "/v1/public/appointments", customer_text, 400, "bad_request");
  expect ("POST", "/v1/public/appointments", name_number, 400, "bad_request");
  expect ("POST", "/v1/public/appointments", bad_email, 400, "bad_request");
  expect ("POST", "/v1/public/appointments", short_name, 400, "bad_request");
  expect ("POST", "/v1/public/case-status", "{\"reference\": 5, \"code\": \"x\"}", 400,
          "bad_request");
  expect ("POST", "/v1/public/case-status", "{\"reference\": \"Z-1\"}", 400, "bad_request");
  expect ("POST", "/v1/public/surveys/forged", "{\"q1\": \"5\", \"q2\": 1, \"q3\": 1}", 400,
          "bad_request");
  expect ("POST", "/v1/public/surveys/forged", "{\"q1\": 9, \"q2\": 1, \"q3\": 1}", 400,
          "bad_request");
  expect ("POST", "/v1/public/appointments/forged/reschedule", "{\"hold\": 5}", 400,
          "bad_request");
  /* None of it stored anything: the hold is still there to book. */
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE email = 'a@example.nl'"), ==,
                   0);
}

static void
test_too_large (void)
{
  g_autofree char *filler = g_strnfill (17 * 1024, 'x');
  g_autofree char *body = g_strdup_printf ("{\"reference\": \"%s\", \"code\": \"x\"}", filler);
  g_autoptr(SoupMessage) msg = new_message (pub.base_url, "POST", "/v1/public/case-status", NULL);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (body, strlen (body),
                                                                        NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) chunked = NULL;

  /* By its Content-Length, and as a chunked body counted while it comes. */
  expect ("POST", "/v1/public/case-status", body, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
          "too_large");
  soup_message_set_request_body (msg, "application/json", stream, -1);
  chunked = reply_of (msg, soup_session_send_and_read (pub.session, msg, NULL, &error));
  g_assert_no_error (error);
  assert_error (chunked, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large");
}

/* An expired link is refused like a forged one. */
static void
test_expired_token (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  g_autofree char *token = book_ok (starts->pdata[0], "Eva Expired", "expired@example.nl");
  g_autofree char *path = g_strdup_printf ("/v1/public/appointments/%s", token);
  g_autoptr(Reply) forged = request ("GET", "/v1/public/appointments/forged", NULL);
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) before = get_ok (path);

  /* Each listener's run booked one. */
  db_exec ("UPDATE public_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE target_id IN"
           " (SELECT a.id FROM appointments a JOIN customers c ON c.id = a.customer_id"
           "  WHERE c.email = 'expired@example.nl')");
  expired = request ("GET", path, NULL);
  assert_error (expired, SOUP_STATUS_NOT_FOUND, "not_found");
  g_assert_cmpstr (json_object_get_string_member (object_of (expired), "message"), ==,
                   json_object_get_string_member (object_of (forged), "message"));
}

/* ---- the cache ------------------------------------------------------------------------------ */

static void
test_etag (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  g_autofree char *date = g_strndup (starts->pdata[0], 10);
  g_autofree char *path = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s",
                                           pub.paspoort, pub.stadhuis, date);
  g_autoptr(Reply) first = get_ok (path);
  g_autoptr(Reply) second = get_ok (path);
  g_autoptr(Reply) revalidated = NULL;
  g_autoptr(Reply) changed = NULL;
  const char *etag = soup_message_headers_get_one (first->headers, "ETag");

  g_assert_nonnull (etag);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "ETag"), ==, etag);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Cache-Control"), ==,
                   "public, max-age=30");
  g_assert_true (g_bytes_equal (first->body, second->body));

  revalidated = send_to (pub.base_url, "GET", path, NULL, "If-None-Match", etag);
  g_assert_cmpuint (revalidated->status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (g_bytes_get_size (revalidated->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (revalidated->headers, "ETag"), ==, etag);

  /* Holds take every web place of the time (at each desk of the location): the next answer is
   * computed again and no longer offers it.  They are made through the main listener: what the
   * main thread changes, the public threads do not serve from their cache any longer. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = hold_body (starts->pdata[0], NULL);
      g_autoptr(Reply) held = send_to (pub.server->url, "POST", "/v1/public/holds", body, NULL,
                                       NULL);

      if (held->status == SOUP_STATUS_CONFLICT)
        break;
      g_assert_cmpuint (held->status, ==, SOUP_STATUS_CREATED);
    }
  changed = send_to (pub.base_url, "GET", path, NULL, "If-None-Match", etag);
  g_assert_cmpuint (changed->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (changed->headers, "ETag"), !=, etag);
  g_assert_null (g_strstr_len (g_bytes_get_data (changed->body, NULL),
                               (gssize) g_bytes_get_size (changed->body), starts->pdata[0]));
}

/* ---- the race ------------------------------------------------------------------------------- */

typedef struct {
  guint       index;
  const char *start;
  char       *hold;
  guint       hold_status;
  guint       book_status;
  char       *error;
  guint      *finished;
  gboolean   *all_done;
} Racer;

static void racer_book (Racer *racer);

static void
on_booked (GObject *source, GAsyncResult *result, gpointer data)
{
  Racer *racer = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              NULL);

  racer->book_status = soup_message_get_status (msg);
  *racer->all_done = ++*racer->finished == N_RACERS;
}

static void
on_held (GObject *source, GAsyncResult *result, gpointer data)
{
  Racer *racer = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              NULL);
  g_autofree char *text = body != NULL ? g_strndup (g_bytes_get_data (body, NULL),
                                                   g_bytes_get_size (body)) : NULL;
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                     : NULL;

  racer->hold_status = soup_message_get_status (msg);
  if (racer->hold_status == SOUP_STATUS_CREATED && object != NULL)
    {
      racer->hold = g_strdup (json_object_get_string_member (object, "hold"));
      racer_book (racer);
      return;
    }
  if (object != NULL)
    racer->error = g_strdup (json_object_get_string_member_with_default (object, "error", ""));
  *racer->all_done = ++*racer->finished == N_RACERS;
}

static void
racer_book (Racer *racer)
{
  g_autofree char *email = g_strdup_printf ("racer-%u@example.nl", racer->index);
  g_autofree char *body = book_body (racer->hold, "Racer", email);
  g_autoptr(SoupMessage) msg = new_message (pub.base_url, "POST", "/v1/public/appointments", body);

  soup_session_send_and_read_async (pub.session, msg, G_PRIORITY_DEFAULT, NULL, on_booked, racer);
}

static void
racer_hold (Racer *racer)
{
  g_autofree char *body = hold_body (racer->start, NULL);
  g_autoptr(SoupMessage) msg = new_message (pub.base_url, "POST", "/v1/public/holds", body);

  soup_session_send_and_read_async (pub.session, msg, G_PRIORITY_DEFAULT, NULL, on_held, racer);
}

static gint64
web_bookings_at (GPtrArray *starts)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM appointments WHERE channel = 'web'"
                                         " AND status = 'booked' AND start_at IN (");

  for (guint i = 0; i < starts->len; i++)
    g_string_append_printf (sql, "%s'%s'", i > 0 ? ", " : "", (const char *) starts->pdata[i]);
  g_string_append (sql, ")");
  return db_count (sql->str);
}

static void
test_race (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, N_SLOTS);
  Racer racers[N_RACERS] = { { 0 } };
  gint64 before = web_bookings_at (starts);
  guint finished = 0, booked = 0, taken = 0;
  gboolean all_done = FALSE;

  for (guint i = 0; i < N_RACERS; i++)
    {
      racers[i] = (Racer) { i, starts->pdata[i % N_SLOTS], .finished = &finished,
                            .all_done = &all_done };
      racer_hold (&racers[i]);
    }
  loket_test_wait_for (&all_done, 120000);
  for (guint i = 0; i < N_RACERS; i++)
    {
      if (racers[i].hold_status == SOUP_STATUS_CREATED)
        {
          /* A held place is booked: the hold counted it already. */
          g_assert_cmpuint (racers[i].book_status, ==, SOUP_STATUS_CREATED);
          booked++;
        }
      else
        {
          /* Everyone else got a clean "taken". */
          g_assert_cmpuint (racers[i].hold_status, ==, SOUP_STATUS_CONFLICT);
          g_assert_cmpstr (racers[i].error, ==, "slot_taken");
          taken++;
        }
      g_free (racers[i].hold);
      g_free (racers[i].error);
    }
  g_assert_cmpuint (booked + taken, ==, N_RACERS);
  g_assert_cmpuint (booked, >=, N_SLOTS);
  /* Exactly what was booked is stored, and nothing beyond the web share: no capacity holds
   * more web bookings at a time than its rules give the web. */
  g_assert_cmpint (web_bookings_at (starts) - before, ==, booked);
  g_assert_cmpint (db_count ("SELECT count(*) FROM (SELECT a.capacity_id, a.start_at, count(*) AS n"
                             " FROM appointments a WHERE a.channel = 'web' AND a.status = 'booked'"
                             " GROUP BY 1, 2) AS g WHERE g.n > (SELECT max (r.public_places)"
                             " FROM availability_rules r WHERE r.capacity_id = g.capacity_id)"),
                   ==, 0);
  /* And every one of the ten times is full now. */
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_autofree char *date = g_strndup (starts->pdata[i], 10);
      g_autofree char *path = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s",
                                               pub.paspoort, pub.stadhuis, date);
      g_autoptr(Reply) times = get_ok (path);

      g_assert_null (g_strstr_len (g_bytes_get_data (times->body, NULL),
                                   (gssize) g_bytes_get_size (times->body), starts->pdata[i]));
    }
}

/* ---- privacy -------------------------------------------------------------------------------- */

/* The code of a case for the test (the acknowledgement mail carries it to the citizen): the
 * store keeps SHA-256 over "case:ID:SYMBOLS" (loket-store-web.c). */
static void
add_case_code (const char *case_id, const char *symbols)
{
  g_autofree char *text = g_strdup_printf ("case:%s:%s", case_id, symbols);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO public_tokens (hash, kind, target_id,"
                                          " created_at, expires_at) VALUES ('%s', 'case', '%s',"
                                          " '2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z')",
                                          hash, case_id);

  db_exec (sql);
}

static void
walk_public_answers (void)
{
  g_autoptr(Reply) products = get_ok ("/v1/public/products");
  JsonArray *list = json_object_get_array_member (object_of (products), "products");
  g_autoptr(Reply) rooms = get_ok ("/v1/public/rooms?days=31");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (list, i),
                                                      "id");
      g_autofree char *locations_path = g_strdup_printf ("/v1/public/locations?product=%s", id);
      g_autofree char *fields_path = g_strdup_printf ("/v1/public/customer-fields?product=%s",
                                                      id);
      g_autofree char *combinable = g_strdup_printf ("/v1/public/products?product=%s", id);
      g_autoptr(Reply) locations = get_ok (locations_path);
      g_autoptr(Reply) fields = get_ok (fields_path);
      g_autoptr(Reply) together = get_ok (combinable);
      JsonArray *places = json_object_get_array_member (object_of (locations), "locations");

      for (guint j = 0; j < json_array_get_length (places) && j < 2; j++)
        {
          const char *location = json_object_get_string_member (
            json_array_get_object_element (places, j), "id");
          g_autofree char *dates_path = g_strdup_printf ("/v1/public/dates?product=%s&location=%s",
                                                         id, location);
          g_autofree char *availability = g_strdup_printf ("/v1/public/availability?product=%s"
                                                           "&location=%s&days=14", id, location);
          g_autoptr(Reply) dates = get_ok (dates_path);
          g_autoptr(Reply) free_times = get_ok (availability);
          JsonArray *days = json_object_get_array_member (object_of (dates), "days");

          if (json_array_get_length (days) > 0)
            {
              g_autofree char *times_path = g_strdup_printf (
                "/v1/public/times?product=%s&location=%s&date=%s", id, location,
                json_object_get_string_member (json_array_get_object_element (days, 0), "date"));
              g_autoptr(Reply) times = get_ok (times_path);
            }
        }
    }
}

static void
scan_for (GHashTable *seen, const char *value)
{
  if (value == NULL || strlen (value) < 4)
    return;
  for (guint i = 0; i < pub.public_bodies->len; i++)
    if (strstr (pub.public_bodies->pdata[i], value) != NULL)
      g_error ("a public answer holds personal data: %s",
               (const char *) pub.public_bodies->pdata[i]);
  g_hash_table_add (seen, g_strdup (value));
}

static void
test_no_personal_data (void)
{
  g_autoptr(GPtrArray) starts = free_starts (pub.paspoort, pub.stadhuis, 1);
  g_autofree char *token = book_ok (starts->pdata[0], "Privé Persoon", "prive@example.nl");
  g_autofree char *path = g_strdup_printf ("/v1/public/appointments/%s", token);
  g_autofree char *case_id = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *status_body = NULL;
  g_autoptr(Reply) status = NULL;
  g_autoptr(Reply) details = get_ok (path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  case_id = loket_test_db_text (pub.server->db_path, "SELECT case_id FROM appointments a JOIN"
                                " customers c ON c.id = a.customer_id WHERE c.email ="
                                " 'prive@example.nl'");
  g_assert_nonnull (case_id);
  reference = loket_test_db_text (pub.server->db_path, "SELECT reference FROM cases WHERE id ="
                                  " (SELECT case_id FROM appointments a JOIN customers c"
                                  "  ON c.id = a.customer_id WHERE c.email = 'prive@example.nl')");
  add_case_code (case_id, "K7M3Q9PX");
  status_body = g_strdup_printf ("{\"reference\": \"%s\", \"code\": \"k7m3-q9px\"}", reference);
  status = request ("POST", "/v1/public/case-status", status_body);
  g_assert_cmpuint (status->status, ==, SOUP_STATUS_OK);
  g_ptr_array_add (pub.public_bodies, g_strndup (g_bytes_get_data (status->body, NULL),
                                                 g_bytes_get_size (status->body)));
  walk_public_answers ();

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, email, phone, bsn, rrn, kvk FROM"
                                       " customers", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int column = 0; column < 6; column++)
      scan_for (seen, (const char *) sqlite3_column_text (stmt, column));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (seen), >, 10);
  g_assert_true (g_hash_table_contains (seen, "Privé Persoon"));
  g_assert_true (g_hash_table_contains (seen, SCRIPT_NAME));
}

/* ---- the OpenAPI file ----------------------------------------------------------------------- */

/* A route's path as OpenAPI writes it matches a route of the table when it is the route, or the
 * route's prefix followed by {token} and what may follow. */
static gboolean
route_covers (const LoketServerRoute *route, const char *path)
{
  gsize length = strlen (route->path);

  if (route->path[length - 1] != '/')
    return g_str_equal (route->path, path);
  return g_str_has_prefix (path, route->path) && path[length] == '{';
}

static void
test_openapi (void)
{
  g_autofree char *file = g_build_filename (LOKET_SOURCE_DIR, "data", "openapi",
                                            "loket-public.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint n_routes = 0;
  const LoketServerRoute *routes = loket_web_api_routes (&n_routes);
  JsonObject *paths;
  g_autoptr(GList) names = NULL;

  g_assert_true (json_parser_load_from_file (parser, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (
                     parser)), "openapi"), ==, "3.0.3");
  paths = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "paths");
  names = json_object_get_members (paths);
  g_assert_cmpuint (n_routes, >, 0);

  /* Every route and each of its methods is documented … */
  for (guint i = 0; i < n_routes; i++)
    {
      g_auto(GStrv) methods = g_strsplit (routes[i].method, " ", -1);

      g_assert_true (routes[i].is_public);
      for (guint m = 0; methods[m] != NULL; m++)
        {
          g_autofree char *method = g_ascii_strdown (methods[m], -1);
          gboolean found = FALSE;

          for (GList *l = names; l != NULL && !found; l = l->next)
            found = route_covers (&routes[i], l->data)
                    && json_object_has_member (json_object_get_object_member (paths, l->data),
                                               method);
          if (!found)
            g_error ("%s %s is not in %s", methods[m], routes[i].path, file);
        }
    }
  /* … and every documented path and method is a route. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autoptr(GList) methods = json_object_get_members (json_object_get_object_member (paths,
                                                                                        l->data));

      for (GList *m = methods; m != NULL; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          gboolean found = FALSE;

          if (g_str_equal (m->data, "parameters"))
            continue;
          for (guint i = 0; i < n_routes && !found; i++)
            found = route_covers (&routes[i], l->data)
                    && loket_server_route_allows (&routes[i], method);
          if (!found)
            g_error ("%s %s is documented but no route", method, (const char *) l->data);
        }
    }
}

/* ---- main ----------------------------------------------------------------------------------- */

/* The HTTP cases, run against each listener. */
typedef struct {
  const char *name;
  GTestFunc   func;
} HttpCase;

static const HttpCase http_cases[] = {
  { "flow", test_flow },
  { "release", test_release },
  { "honeypot", test_honeypot },
  { "bad-queries", test_bad_queries },
  { "bad-bodies", test_bad_bodies },
  { "too-large", test_too_large },
  { "expired-token", test_expired_token },
  { "etag", test_etag },
  { "race", test_race },
};

static void
run_on_main (gconstpointer data)
{
  pub.base_url = pub.server->url;
  ((const HttpCase *) data)->func ();
}

static void
run_on_threads (gconstpointer data)
{
  pub.base_url = pub.public_url;
  ((const HttpCase *) data)->func ();
  pub.base_url = pub.server->url;
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  loket_test_public_start ("loket-public-api-XXXXXX", N_RACERS + 8);
  g_assert_cmpint (sqlite3_open_v2 (pub.server->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  g_test_add_func ("/public-api/openapi", test_openapi);
  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      g_autofree char *on_main = g_strdup_printf ("/public-api/main/%s", http_cases[i].name);
      g_autofree char *on_threads = g_strdup_printf ("/public-api/threads/%s",
                                                     http_cases[i].name);

      g_test_add_data_func (on_main, &http_cases[i], run_on_main);
      g_test_add_data_func (on_threads, &http_cases[i], run_on_threads);
    }
  /* After the flows above: it looks for their customers. */
  g_test_add_func ("/public-api/privacy/no-personal-data", test_no_personal_data);
  status = g_test_run ();

  sqlite3_close (db);
  loket_test_public_stop ();
  return status;
}
