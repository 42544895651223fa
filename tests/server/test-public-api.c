/* test-public-api.c — the public JSON API of a real loket-sync with the demo municipality, over
 * HTTP on loopback: the whole booking flow, bad input on every endpoint, the cache with its
 * ETags, the rate limits, the honeypot, a scan of every public answer for personal data, and
 * 200 clients racing for the last places of ten times.
 *
 * One server without rate limits serves most cases, with a public listener of its own served by
 * two threads ([public] listen, threads=2): the HTTP cases run once against the main listener
 * (/public-api/main/…) and once against the public one (/public-api/threads/…).  Other servers
 * serve the 429 test (with and without the public listener) and a stop with requests in flight.
 * The database is read beside the server (WAL) to check effects. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "loket-server-private.h"
#include "loket-store-web.h"
#include "loket-test-server.h"

#define JSON_TYPE   "application/json; charset=utf-8"
#define SCRIPT_NAME "<script>alert('x')</script> Puk"
#define SQL_NAME    "Robert'); DROP TABLE customers;--"
#define EMAIL       "piet.puk@example.nl"
#define PHONE       "06-98765432"
#define N_RACERS    200
#define N_SLOTS     10

static LoketTestServer *server;
static char            *public_url;  /* server's public listener */
static const char      *base_url;    /* the listener the case at hand talks to */
static SoupSession     *session;
static sqlite3         *db;
static char            *tmp_dir;
static char            *paspoort;    /* a public product with free times … */
static char            *stadhuis;    /* … at this location */
static GPtrArray       *public_bodies;

typedef struct {
  guint               status;
  GBytes             *body;
  JsonNode           *json;   /* NULL for an answer without a body */
  SoupMessageHeaders *headers;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* ---- HTTP ----------------------------------------------------------------------------------- */

static SoupMessage *
new_message (const char *base, const char *method, const char *path, const char *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static Reply *
reply_of (SoupMessage *msg, GBytes *body)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  reply->body = body;
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (body) == 0)
    return reply;
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Type"), ==, JSON_TYPE);
  /* The body is not NUL-terminated: parse exactly its bytes. */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  reply->json = json_node_copy (json_parser_get_root (parser));
  return reply;
}

static Reply *
send_to (const char *base, const char *method, const char *path, const char *body,
         const char *header, const char *value)
{
  g_autoptr(SoupMessage) msg = new_message (base, method, path, body);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return reply_of (msg, bytes);
}

static Reply *
request (const char *method, const char *path, const char *body)
{
  return send_to (base_url, method, path, body, NULL, NULL);
}

static JsonObject *
object_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* A public GET that must succeed; its body is kept for the personal-data scan. */
static Reply *
get_ok (const char *path)
{
  Reply *reply = request ("GET", path, NULL);

  if (reply->status != SOUP_STATUS_OK)
    g_error ("GET %s: %u %.*s", path, reply->status, (int) g_bytes_get_size (reply->body),
             (const char *) g_bytes_get_data (reply->body, NULL));
  g_ptr_array_add (public_bodies, g_strndup (g_bytes_get_data (reply->body, NULL),
                                             g_bytes_get_size (reply->body)));
  return reply;
}

static void
assert_error (Reply *reply, guint status, const char *code)
{
  JsonObject *object = object_of (reply);

  if (reply->status != status)
    g_error ("expected %u %s, got %u %s", status, code, reply->status,
             json_object_get_string_member_with_default (object, "message", "?"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), !=, "");
}

static void
expect (const char *method, const char *path, const char *body, guint status, const char *code)
{
  g_autoptr(Reply) reply = request (method, path, body);

  assert_error (reply, status, code);
}

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

/* ---- a visit -------------------------------------------------------------------------------- */

/* The free times of the first n days with any: their "start" values, in order. */
static GPtrArray *
free_starts (const char *product, const char *location, guint max)
{
  g_autofree char *path = g_strdup_printf ("/v1/public/dates?product=%s&location=%s&days=60",
                                           product, location);
  g_autoptr(Reply) dates = get_ok (path);
  JsonArray *days = json_object_get_array_member (object_of (dates), "days");
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (days) && starts->len < max; i++)
    {
      const char *date = json_object_get_string_member (json_array_get_object_element (days, i),
                                                        "date");
      g_autofree char *times_path = g_strdup_printf ("/v1/public/times?product=%s&location=%s"
                                                     "&date=%s", product, location, date);
      g_autoptr(Reply) times = get_ok (times_path);
      JsonArray *list = json_object_get_array_member (object_of (times), "times");

      for (guint j = 0; j < json_array_get_length (list) && starts->len < max; j++)
        g_ptr_array_add (starts, g_strdup (json_object_get_string_member (
                                   json_array_get_object_element (list, j), "start")));
    }
  g_assert_cmpuint (starts->len, ==, max);
  return starts;
}

static char *
hold_body (const char *start, const char *appointment)
{
  if (appointment != NULL)
    return g_strdup_printf ("{\"location\": \"%s\", \"start\": \"%s\", \"appointment\": \"%s\"}",
                            stadhuis, start, appointment);
  return g_strdup_printf ("{\"products\": [{\"id\": \"%s\", \"count\": 1}], \"location\": \"%s\","
                          " \"start\": \"%s\"}", paspoort, stadhuis, start);
}

static char *
book_body (const char *hold, const char *name, const char *email)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hold");
  json_builder_add_string_value (builder, hold);
  json_builder_set_member_name (builder, "customer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, PHONE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "website");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
hold_ok (const char *start, const char *appointment)
{
  g_autofree char *body = hold_body (start, appointment);
  g_autoptr(Reply) reply = request ("POST", "/v1/public/holds", body);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_CREATED);
  return g_strdup (json_object_get_string_member (object_of (reply), "hold"));
}

/* Books start for name and email: the appointment's link token. */
static char *
book_ok (const char *start, const char *name, const char *email)
{
  g_autofree char *hold = hold_ok (start, NULL);
  g_autofree char *body = book_body (hold, name, email);
  g_autoptr(Reply) reply = request ("POST", "/v1/public/appointments", body);

  if (reply->status != SOUP_STATUS_CREATED)
    g_error ("booking %s: %u", start, reply->status);
  g_ptr_array_add (public_bodies, g_strndup (g_bytes_get_data (reply->body, NULL),
                                             g_bytes_get_size (reply->body)));
  return g_strdup (json_object_get_string_member (object_of (reply), "token"));
}

/* ---- the flow ------------------------------------------------------------------------------- */

static void
test_flow (void)
{
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 3);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
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
  g_autofree char *p = escape (paspoort);
  g_autofree char *l = escape (stadhuis);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
  const char *start = starts->pdata[0];
  g_autofree char *hold = hold_ok (start, NULL);
  const char *posts[] = { "/v1/public/holds", "/v1/public/appointments",
                          "/v1/public/case-status", "/v1/public/surveys/forged",
                          "/v1/public/appointments/forged/reschedule" };
  const char *malformed[] = { "", "{", "[1, 2]", "nope", "\"string\"", "{\"a\": }" };
  g_autofree char *products_text = g_strdup_printf ("{\"products\": \"%s\", \"location\": \"%s\","
                                                    " \"start\": \"%s\"}", paspoort, stadhuis,
                                                    start);
  g_autofree char *id_number = g_strdup_printf ("{\"products\": [{\"id\": 7}], \"location\":"
                                                " \"%s\", \"start\": \"%s\"}", stadhuis, start);
  g_autofree char *count_text = g_strdup_printf ("{\"products\": [{\"id\": \"%s\", \"count\":"
                                                 " \"2\"}], \"location\": \"%s\", \"start\":"
                                                 " \"%s\"}", paspoort, stadhuis, start);
  g_autofree char *start_number = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                   " \"location\": \"%s\", \"start\": 5}",
                                                   paspoort, stadhuis);
  g_autofree char *start_text = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                 " \"location\": \"%s\", \"start\": \"morgen\"}",
                                                 paspoort, stadhuis);
  g_autofree char *no_products = g_strdup_printf ("{\"products\": [], \"location\": \"%s\","
                                                  " \"start\": \"%s\"}", stadhuis, start);
  g_autofree char *unknown_location = g_strdup_printf ("{\"products\": [{\"id\": \"%s\"}],"
                                                       " \"location\": \"nowhere\", \"start\":"
                                                       " \"%s\"}", paspoort, start);
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
  g_autoptr(SoupMessage) msg = new_message (base_url, "POST", "/v1/public/case-status", NULL);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (body, strlen (body),
                                                                        NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) chunked = NULL;

  /* By its Content-Length, and as a chunked body counted while it comes. */
  expect ("POST", "/v1/public/case-status", body, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
          "too_large");
  soup_message_set_request_body (msg, "application/json", stream, -1);
  chunked = reply_of (msg, soup_session_send_and_read (session, msg, NULL, &error));
  g_assert_no_error (error);
  assert_error (chunked, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large");
}

/* An expired link is refused like a forged one. */
static void
test_expired_token (void)
{
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
  g_autofree char *date = g_strndup (starts->pdata[0], 10);
  g_autofree char *path = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s",
                                           paspoort, stadhuis, date);
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

  revalidated = send_to (base_url, "GET", path, NULL, "If-None-Match", etag);
  g_assert_cmpuint (revalidated->status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (g_bytes_get_size (revalidated->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (revalidated->headers, "ETag"), ==, etag);

  /* Holds take every web place of the time (at each desk of the location): the next answer is
   * computed again and no longer offers it.  They are made through the main listener: what the
   * main thread changes, the public threads do not serve from their cache any longer. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = hold_body (starts->pdata[0], NULL);
      g_autoptr(Reply) held = send_to (server->url, "POST", "/v1/public/holds", body, NULL, NULL);

      if (held->status == SOUP_STATUS_CONFLICT)
        break;
      g_assert_cmpuint (held->status, ==, SOUP_STATUS_CREATED);
    }
  changed = send_to (base_url, "GET", path, NULL, "If-None-Match", etag);
  g_assert_cmpuint (changed->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (changed->headers, "ETag"), !=, etag);
  g_assert_null (g_strstr_len (g_bytes_get_data (changed->body, NULL),
                               (gssize) g_bytes_get_size (changed->body), starts->pdata[0]));
}

/* ---- rate limits ---------------------------------------------------------------------------- */

/* A free port on the loopback address, for a public listener. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A server whose [public] group holds public_group; with public_port (not 0), a public listener
 * there with two threads. */
static LoketTestServer *
start_server (const char *name, const char *public_group, guint16 public_port, GError **error)
{
  g_autofree char *config = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *db_path = g_strconcat (config, ".db", NULL);
  g_autofree char *listen = public_port != 0
                            ? g_strdup_printf ("listen=127.0.0.1:%u\nthreads=2\n", public_port)
                            : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("[server]\n[public]\n%s%s[mail]\nsendmail=/bin/true\n",
                                           public_group, listen);

  g_assert_true (g_file_set_contents (config, text, -1, error));
  return loket_test_server_start_with_config (db_path, TRUE, 0, config, error);
}

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
  g_autoptr(SoupMessage) msg = new_message (base_url, "POST", "/v1/public/appointments", body);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_booked, racer);
}

static void
racer_hold (Racer *racer)
{
  g_autofree char *body = hold_body (racer->start, NULL);
  g_autoptr(SoupMessage) msg = new_message (base_url, "POST", "/v1/public/holds", body);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_held, racer);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, N_SLOTS);
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
                                               paspoort, stadhuis, date);
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
  for (guint i = 0; i < public_bodies->len; i++)
    if (strstr (public_bodies->pdata[i], value) != NULL)
      g_error ("a public answer holds personal data: %s", (const char *) public_bodies->pdata[i]);
  g_hash_table_add (seen, g_strdup (value));
}

static void
test_no_personal_data (void)
{
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 1);
  g_autofree char *token = book_ok (starts->pdata[0], "Privé Persoon", "prive@example.nl");
  g_autofree char *path = g_strdup_printf ("/v1/public/appointments/%s", token);
  g_autofree char *case_id = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *status_body = NULL;
  g_autoptr(Reply) status = NULL;
  g_autoptr(Reply) details = get_ok (path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  case_id = loket_test_db_text (server->db_path, "SELECT case_id FROM appointments a JOIN"
                                " customers c ON c.id = a.customer_id WHERE c.email ="
                                " 'prive@example.nl'");
  g_assert_nonnull (case_id);
  reference = loket_test_db_text (server->db_path, "SELECT reference FROM cases WHERE id ="
                                  " (SELECT case_id FROM appointments a JOIN customers c"
                                  "  ON c.id = a.customer_id WHERE c.email = 'prive@example.nl')");
  add_case_code (case_id, "K7M3Q9PX");
  status_body = g_strdup_printf ("{\"reference\": \"%s\", \"code\": \"k7m3-q9px\"}", reference);
  status = request ("POST", "/v1/public/case-status", status_body);
  g_assert_cmpuint (status->status, ==, SOUP_STATUS_OK);
  g_ptr_array_add (public_bodies, g_strndup (g_bytes_get_data (status->body, NULL),
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

/* ---- what is kept ---------------------------------------------------------------------------- */

/* The answer of path computed from the database alone, in this process with a store of its own
 * (nothing kept), as the server writes it: product, location, from and days (14) or date. */
static GBytes *
fresh_answer (const char *kind, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (server->db_path, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  LoketSlotVisitProduct visit = { paspoort, 1 };
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
    answer = loket_store_public_availability (store, paspoort, stadhuis, &day, 14, now, &error);
  else if (g_str_equal (kind, "dates"))
    answer = loket_store_web_dates (store, &visit, 1, stadhuis, &day, 31, now, &error);
  else
    answer = loket_store_web_times (store, &visit, 1, stadhuis, &day, now, &error);
  g_assert_no_error (error);
  node = json_node_init_object (json_node_alloc (), answer);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static GBytes *
body_at (const char *url, const char *path)
{
  g_autoptr(Reply) reply = send_to (url, "GET", path, NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return g_bytes_ref (reply->body);
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
                            paspoort, stadhuis, date);
  else if (g_str_equal (kind, "dates"))
    path = g_strdup_printf ("/v1/public/dates?product=%s&location=%s&from=%s&days=31",
                            paspoort, stadhuis, date);
  else
    path = g_strdup_printf ("/v1/public/times?product=%s&location=%s&date=%s", paspoort,
                            stadhuis, date);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GBytes) first = body_at (server->url, path);
      g_autoptr(GBytes) threads = body_at (public_url, path);
      g_autoptr(GBytes) second = body_at (second_url, path);
      g_autoptr(GBytes) fresh = fresh_answer (kind, date);
      g_autoptr(GBytes) last = body_at (server->url, path);

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

/* Holds start (through the server) until no web place is left at it: the time leaves the
 * answers.  The holds' tokens. */
static GPtrArray *
fill_time (const char *start)
{
  GPtrArray *holds = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = hold_body (start, NULL);
      g_autoptr(Reply) held = send_to (server->url, "POST", "/v1/public/holds", body, NULL, NULL);

      if (held->status == SOUP_STATUS_CONFLICT)
        {
          g_assert_cmpuint (holds->len, >, 0);
          return holds;
        }
      g_assert_cmpuint (held->status, ==, SOUP_STATUS_CREATED);
      g_ptr_array_add (holds, g_strdup (json_object_get_string_member (object_of (held),
                                                                       "hold")));
    }
  g_error ("%s never filled up", start);
}

/* What the servers keep between questions (the answers, the slot engine's input) answers as
 * the database does: before and after a booking and a hold (each taking a time's last web
 * place, so that the answers change). */
static void
test_kept_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) second = NULL;
  g_autofree char *config = g_build_filename (tmp_dir, "second.conf", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 2);
  g_autofree char *day = g_strndup (starts->pdata[0], 10);
  g_autofree char *token = NULL;
  g_autofree char *release = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) filled = NULL;
  g_autoptr(Reply) released = NULL;

  g_assert_true (g_file_set_contents (config, "[server]\n[public]\nrequests-per-minute=0\n"
                                      "bookings-per-hour=0\ncache-seconds=0\n", -1, NULL));
  second = loket_test_server_start_with_config (server->db_path, FALSE, 0, config, &error);
  g_assert_no_error (error);
  assert_all_same (second->url, today, day);
  /* A booking takes the time's last web place (the others held): the time leaves the
   * answers because of it. */
  held = fill_time (starts->pdata[0]);
  release = g_strdup_printf ("/v1/public/holds/%s",
                             (const char *) held->pdata[held->len - 1]);
  released = send_to (server->url, "DELETE", release, NULL, NULL, NULL);
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
  g_autoptr(GPtrArray) starts = free_starts (paspoort, stadhuis, 3);
  const char *start = starts->pdata[2];
  g_autofree char *day = g_strndup (start, 10);
  g_autofree char *path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s"
                                           "&from=%s&days=1", paspoort, stadhuis, day);
  g_autoptr(GBytes) before = body_at (public_url, path);
  g_autoptr(GBytes) held_main = NULL;
  g_autoptr(GBytes) held_threads = NULL;
  g_autoptr(GBytes) main_before = body_at (server->url, path);
  g_autoptr(GPtrArray) held = NULL;
  gint64 began = g_get_monotonic_time ();

  g_assert_true (g_bytes_equal (before, main_before));
  held = fill_time (start);
  held_threads = body_at (public_url, path);
  held_main = body_at (server->url, path);
  g_assert_false (g_bytes_equal (held_main, before));
  g_assert_true (g_bytes_equal (held_threads, held_main));
  for (guint i = 0; i < held->len; i++)
    {
      g_autofree char *release = g_strdup_printf ("/v1/public/holds/%s",
                                                  (const char *) held->pdata[i]);
      g_autoptr(Reply) released = send_to (server->url, "DELETE", release, NULL, NULL, NULL);

      g_assert_cmpuint (released->status, ==, SOUP_STATUS_NO_CONTENT);
    }
  {
    g_autoptr(GBytes) back = body_at (public_url, path);
    g_autoptr(GBytes) main_back = body_at (server->url, path);

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
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

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
  g_autoptr(Reply) health = send_to (server->url, "GET", "/healthz", NULL, NULL, NULL);
  g_autoptr(Reply) login = send_to (server->url, "POST", "/v1/auth/login", desk[1].body, NULL,
                                    NULL);
  g_autofree char *type = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (desk); i++)
    {
      g_autoptr(Reply) reply = send_to (public_url, desk[i].method, desk[i].path, desk[i].body,
                                        NULL, NULL);

      assert_error (reply, SOUP_STATUS_NOT_FOUND, "not_found");
    }
  /* … which the main listener does serve (a login without its device is refused there). */
  g_assert_cmpuint (health->status, ==, SOUP_STATUS_OK);
  assert_error (login, SOUP_STATUS_BAD_REQUEST, "bad_request");
  /* The pages are there, run by the main thread. */
  g_assert_cmpuint (page_status (public_url, "/afspraak", &type), ==, SOUP_STATUS_OK);
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
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_flight_done,
                                        &flights[i]);
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

/* ---- setup ---------------------------------------------------------------------------------- */

static void
find_visit (void)
{
  g_autoptr(Reply) products = get_ok ("/v1/public/products");
  JsonArray *list = json_object_get_array_member (object_of (products), "products");
  g_autofree char *path = NULL;
  g_autoptr(Reply) locations = NULL;
  JsonArray *places;

  for (guint i = 0; i < json_array_get_length (list) && paspoort == NULL; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "name"), "Paspoort"))
      paspoort = g_strdup (json_object_get_string_member (json_array_get_object_element (list, i),
                                                          "id"));
  g_assert_nonnull (paspoort);
  path = g_strdup_printf ("/v1/public/locations?product=%s", paspoort);
  locations = get_ok (path);
  places = json_object_get_array_member (object_of (locations), "locations");
  for (guint i = 0; i < json_array_get_length (places) && stadhuis == NULL; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (places, i),
                                                    "name"), "Stadhuis"))
      stadhuis = g_strdup (json_object_get_string_member (
                             json_array_get_object_element (places, i), "id"));
  g_assert_nonnull (stadhuis);
}

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
  base_url = server->url;
  ((const HttpCase *) data)->func ();
}

static void
run_on_threads (gconstpointer data)
{
  base_url = public_url;
  ((const HttpCase *) data)->func ();
  base_url = server->url;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  guint16 public_port;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-public-api-XXXXXX", &error);
  g_assert_no_error (error);
  public_bodies = g_ptr_array_new_with_free_func (g_free);
  public_port = free_port ();
  server = start_server ("open.conf", "requests-per-minute=0\nbookings-per-hour=0\n", public_port,
                         &error);
  g_assert_no_error (error);
  public_url = g_strdup_printf ("http://127.0.0.1:%u", public_port);
  base_url = server->url;
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  session = soup_session_new_with_options ("timeout", 60, "max-conns", N_RACERS + 8,
                                           "max-conns-per-host", N_RACERS + 8, NULL);
  find_visit ();

  g_test_add_func ("/public-api/openapi", test_openapi);
  g_test_add_func ("/public-api/guard-buckets", test_guard_buckets);
  g_test_add_func ("/public-api/etag-of-bodies", test_etag_of_bodies);
  g_test_add_func ("/public-api/etag-matching", test_etag_matching);
  for (guint i = 0; i < G_N_ELEMENTS (http_cases); i++)
    {
      g_autofree char *on_main = g_strdup_printf ("/public-api/main/%s", http_cases[i].name);
      g_autofree char *on_threads = g_strdup_printf ("/public-api/threads/%s",
                                                     http_cases[i].name);

      g_test_add_data_func (on_main, &http_cases[i], run_on_main);
      g_test_add_data_func (on_threads, &http_cases[i], run_on_threads);
    }
  g_test_add_data_func ("/public-api/main/rate-limits", GINT_TO_POINTER (FALSE),
                        test_rate_limits);
  g_test_add_data_func ("/public-api/threads/rate-limits", GINT_TO_POINTER (TRUE),
                        test_rate_limits);
  g_test_add_func ("/public-api/threads/public-only", test_public_only);
  g_test_add_func ("/public-api/threads/stop-in-flight", test_stop_in_flight);
  g_test_add_func ("/public-api/threads/kept-answers", test_kept_answers);
  g_test_add_func ("/public-api/threads/reader-follows", test_reader_follows);
  /* After the flows above: it looks for their customers. */
  g_test_add_func ("/public-api/privacy/no-personal-data", test_no_personal_data);
  status = g_test_run ();

  g_object_unref (session);
  sqlite3_close (db);
  loket_test_server_free (server);
  g_ptr_array_unref (public_bodies);
  g_free (paspoort);
  g_free (stadhuis);
  g_free (public_url);
  loket_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
