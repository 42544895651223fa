/* test-server-input.c — the real loket-sync binary against what clients may send it.
 *
 * One server with the demo municipality serves every case; the database file is read beside
 * it with SQLite (WAL lets a reader in while the server writes) to pick ids and to check
 * effects.  Every answer must be JSON with the documented status and error code. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-schema.h"

/* The schema version this build speaks, for request bodies and query strings. */
#define SCHEMA G_STRINGIFY (LOKET_DOMAIN_SCHEMA_VERSION)
#include "loket-schema.h"
#include "loket-test-server.h"

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"
#define DEMO_PASSWORD     "demo"

static LoketTestServer *server;
static SoupSession     *session;
static sqlite3         *db;
static char            *tmp_dir;
static GTimeZone       *amsterdam;
/* Every public answer of the run, scanned for personal data at the end. */
static GPtrArray       *public_bodies;

typedef struct {
  guint               status;
  GBytes             *body;
  JsonNode           *json;
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

/* ---------------------------------------------------------------------------------------------
 * HTTP helpers
 */

static Reply *
send_full (const char *method, const char *path, const char *token, GBytes *body,
           GInputStream *stream)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  else if (stream != NULL)
    soup_message_set_request_body (msg, "application/json", stream, -1);

  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  /* Every answer, error or not, is JSON. */
  type = soup_message_headers_get_one (reply->headers, "Content-Type");
  g_assert_cmpstr (type, ==, JSON_CONTENT_TYPE);
  /* The body is not NUL-terminated: parse exactly its bytes. */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply->body, NULL),
                                             (gssize) g_bytes_get_size (reply->body), &error));
  g_assert_no_error (error);
  reply->json = json_node_copy (json_parser_get_root (parser));
  g_assert_nonnull (reply->json);
  return reply;
}

static Reply *
get (const char *path, const char *token)
{
  return send_full ("GET", path, token, NULL, NULL);
}

static Reply *
post_text (const char *path, const char *token, const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return send_full ("POST", path, token, body, NULL);
}

static Reply *
post_builder (const char *path, const char *token, JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  return post_text (path, token, text);
}

/* A public GET that must succeed; its body is kept for the personal-data scan. */
static Reply *
get_public (const char *path)
{
  Reply *reply = get (path, NULL);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==,
                   "public, max-age=30");
  g_ptr_array_add (public_bodies, g_strndup (g_bytes_get_data (reply->body, NULL),
                                             g_bytes_get_size (reply->body)));
  return reply;
}

static JsonObject *
reply_object (Reply *reply)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static void
assert_error (Reply *reply, guint status, const char *code)
{
  JsonObject *object = reply_object (reply);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_true (json_object_has_member (object, "message"));
  g_assert_cmpstr (json_object_get_string_member (object, "message"), !=, "");
}

static char *
escape (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Database helpers (read only)
 */

static char *
db_string (const char *sql, const char *param)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static gint64
db_count (const char *sql, const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Bit 0 = Monday … bit 6 = Sunday: the weekdays on which any rule opens a capacity of the
 * product's group at the location. */
static guint
open_weekdays (const char *product_id, const char *location_id)
{
  sqlite3_stmt *stmt = NULL;
  guint mask = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT r.weekdays FROM availability_rules r"
                     " JOIN capacities c ON c.id = r.capacity_id"
                     " JOIN products p ON p.group_id = c.group_id"
                     " WHERE p.id = ?1 AND c.location_id = ?2 AND r.public_places > 0",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, location_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    mask |= (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return mask;
}

/* ---------------------------------------------------------------------------------------------
 * Shared facts of the demo
 */

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (amsterdam);

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
login_token (void)
{
  g_autofree char *username = db_string ("SELECT username FROM users LIMIT 1", NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(Reply) reply = NULL;
  JsonObject *object;

  g_assert_nonnull (username);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, DEMO_PASSWORD);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, "test-server-input");
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, LOKET_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, LOKET_DOMAIN_SCHEMA_VERSION);
  json_builder_end_object (builder);

  reply = post_builder ("/v1/auth/login", NULL, builder);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  /* A token is nobody's to cache. */
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  object = reply_object (reply);
  g_assert_true (json_object_has_member (object, "device_id"));
  g_assert_true (json_object_has_member (object, "user"));
  return g_strdup (json_object_get_string_member (object, "token"));
}

static JsonArray *
days_of (Reply *reply)
{
  return json_object_get_array_member (reply_object (reply), "days");
}

/* Availability over 14 days from today for product at location. */
static Reply *
availability (const char *product_id, const char *location_id)
{
  g_autofree char *product = escape (product_id);
  g_autofree char *location = escape (location_id);
  g_autofree char *path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s"
                                           "&days=14", product, location);

  return get_public (path);
}

static gboolean
has_times (JsonArray *days)
{
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);

      if (json_array_get_length (json_object_get_array_member (day, "times")) > 0)
        return TRUE;
    }
  return FALSE;
}

/* A public product and one of its locations that have free times in the next 14 days. */
static void
find_open_product (char **product_id, char **location_id)
{
  g_autoptr(Reply) products = get_public ("/v1/public/products");
  JsonArray *list = json_object_get_array_member (reply_object (products), "products");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *pid = json_object_get_string_member (json_array_get_object_element (list, i),
                                                       "id");
      g_autofree char *escaped = escape (pid);
      g_autofree char *path = g_strdup_printf ("/v1/public/locations?product=%s", escaped);
      g_autoptr(Reply) locations = get_public (path);
      JsonArray *places = json_object_get_array_member (reply_object (locations), "locations");

      for (guint j = 0; j < json_array_get_length (places); j++)
        {
          const char *lid = json_object_get_string_member (
            json_array_get_object_element (places, j), "id");
          g_autoptr(Reply) reply = availability (pid, lid);

          if (has_times (days_of (reply)))
            {
              *product_id = g_strdup (pid);
              *location_id = g_strdup (lid);
              return;
            }
        }
    }
  g_assert_not_reached ();
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 */

static void
test_healthz (void)
{
  g_autoptr(Reply) reply = get ("/healthz", NULL);
  JsonObject *object = reply_object (reply);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (object, "protocol"), ==, LOKET_PROTOCOL_VERSION);
  g_assert_cmpint (json_object_get_int_member (object, "schema"), ==,
                   LOKET_DOMAIN_SCHEMA_VERSION);
}

static void
test_routing (void)
{
  g_autoptr(Reply) unknown = get ("/v1/nothing-here", NULL);
  g_autoptr(Reply) beside = get ("/healthz/extra", NULL);
  g_autoptr(Reply) wrong_method = get ("/v1/auth/login", NULL);
  g_autoptr(Reply) post_public = post_text ("/v1/public/products", NULL, "{}");

  assert_error (unknown, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
  assert_error (beside, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
  g_assert_cmpuint (wrong_method->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (wrong_method->headers, "Allow"), ==, "POST");
  g_assert_cmpuint (post_public->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (post_public->headers, "Allow"), ==, "GET");
}

static void
test_public_products_and_locations (void)
{
  g_autoptr(Reply) products = get_public ("/v1/public/products");
  JsonArray *list = json_object_get_array_member (reply_object (products), "products");
  guint with_locations = 0;

  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *product = json_array_get_object_element (list, i);
      g_autofree char *id = escape (json_object_get_string_member (product, "id"));
      g_autofree char *path = g_strdup_printf ("/v1/public/locations?product=%s", id);
      g_autoptr(Reply) locations = get_public (path);
      JsonArray *places = json_object_get_array_member (reply_object (locations), "locations");

      g_assert_true (json_object_has_member (product, "name"));
      if (json_array_get_length (places) > 0)
        with_locations++;
    }
  g_assert_cmpuint (with_locations, >, 0);
}

static void
test_public_availability (void)
{
  g_autofree char *product_id = NULL;
  g_autofree char *location_id = NULL;
  g_autofree char *today = today_text ();
  g_autoptr(Reply) reply = NULL;
  JsonArray *days;
  guint mask;

  find_open_product (&product_id, &location_id);
  mask = open_weekdays (product_id, location_id);
  reply = availability (product_id, location_id);
  days = days_of (reply);
  g_assert_cmpuint (json_array_get_length (days), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0),
                                                  "date"), ==, today);

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);
      guint n_times = json_array_get_length (json_object_get_array_member (day, "times"));
      guint year, month, mday, weekday;
      GDate date;

      g_assert_cmpint (sscanf (json_object_get_string_member (day, "date"), "%u-%u-%u",
                               &year, &month, &mday), ==, 3);
      g_assert_true (g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year));
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
      weekday = g_date_get_weekday (&date);   /* 1 = Monday … 7 = Sunday */
      /* Times only on the weekdays the rules open; the demo never opens on Sunday. */
      if (n_times > 0)
        g_assert_true (mask & (1u << (weekday - 1)));
      if (weekday == G_DATE_SUNDAY)
        g_assert_cmpuint (n_times, ==, 0);
      if (weekday == G_DATE_SATURDAY && !(mask & (1u << 5)))
        g_assert_cmpuint (n_times, ==, 0);
    }
  g_assert_true (has_times (days));
}

static void
test_public_bad_input (void)
{
  g_autofree char *product_id = db_string ("SELECT id FROM products WHERE public = 1", NULL);
  g_autofree char *location_id = db_string ("SELECT id FROM locations", NULL);
  g_autofree char *p = escape (product_id);
  g_autofree char *l = escape (location_id);
  static const char *const bad_from[] = { "2026-02-30", "gisteren", "2026-1-5", "" };
  static const char *const bad_days[] = { "0", "1000", "63", "-1", "zeven", "" };
  g_autofree char *long_value = g_strnfill (300, 'x');
  g_autofree char *long_query = g_strnfill (3000, 'x');
  char *path;
  Reply *reply;

#define CHECK_ERROR(p_, status_, code_) \
  G_STMT_START { \
    path = (p_); \
    reply = get (path, NULL); \
    assert_error (reply, (status_), (code_)); \
    reply_free (reply); \
    g_free (path); \
  } G_STMT_END

  CHECK_ERROR (g_strdup ("/v1/public/locations?product=no-such-product"),
               SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
  CHECK_ERROR (g_strdup ("/v1/public/locations"), SOUP_STATUS_BAD_REQUEST,
               LOKET_PROTO_ERR_BAD_REQUEST);
  CHECK_ERROR (g_strdup_printf ("/v1/public/availability?product=no-such-product&location=%s",
                                l), SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
  CHECK_ERROR (g_strdup_printf ("/v1/public/availability?product=%s&location=no-such-place", p),
               SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
  CHECK_ERROR (g_strdup_printf ("/v1/public/availability?location=%s", l),
               SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  /* Not UTF-8: never echoed into a JSON answer. */
  CHECK_ERROR (g_strdup ("/v1/public/locations?product=%ff%fe"), SOUP_STATUS_BAD_REQUEST,
               LOKET_PROTO_ERR_BAD_REQUEST);

  for (guint i = 0; i < G_N_ELEMENTS (bad_from); i++)
    {
      path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s&from=%s",
                              p, l, bad_from[i]);
      reply = get (path, NULL);
      assert_error (reply, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
      /* The sentence is the citizen's, in the site's language; it names the parameter. */
      g_assert_nonnull (strstr (json_object_get_string_member (reply_object (reply), "message"),
                                "from"));
      reply_free (reply);
      g_free (path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    CHECK_ERROR (g_strdup_printf ("/v1/public/availability?product=%s&location=%s&days=%s",
                                  p, l, bad_days[i]),
                 SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);

  /* Limits on the query string and on each parameter. */
  CHECK_ERROR (g_strdup_printf ("/v1/public/locations?product=%s", long_value),
               SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_TOO_LARGE);
  CHECK_ERROR (g_strdup_printf ("/v1/public/products?a=1&%s=2", long_value),
               SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_TOO_LARGE);
  CHECK_ERROR (g_strdup_printf ("/v1/public/products?junk=%s", long_query),
               SOUP_STATUS_REQUEST_URI_TOO_LONG, LOKET_PROTO_ERR_TOO_LARGE);
#undef CHECK_ERROR
}

static void
test_public_availability_from (void)
{
  g_autofree char *product_id = NULL;
  g_autofree char *location_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (amsterdam);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *from = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *p = NULL;
  g_autofree char *l = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) fallback = NULL;
  JsonArray *days;

  find_open_product (&product_id, &location_id);
  p = escape (product_id);
  l = escape (location_id);
  path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s&from=%s&days=62",
                          p, l, from);
  reply = get_public (path);
  days = days_of (reply);
  g_assert_cmpuint (json_array_get_length (days), ==, 62);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0),
                                                  "date"), ==, from);

  g_free (path);
  path = g_strdup_printf ("/v1/public/availability?product=%s&location=%s", p, l);
  fallback = get_public (path);
  g_assert_cmpuint (json_array_get_length (days_of (fallback)), ==, 7);
}

static void
test_login_input (void)
{
  g_autofree char *username = db_string ("SELECT username FROM users LIMIT 1", NULL);
  g_autofree char *wrong_password = g_strdup_printf (
    "{\"username\": \"%s\", \"password\": \"not-the-password\", \"device_name\": \"t\","
    " \"protocol\": 1, \"schema\": " SCHEMA "}", username);
  g_autofree char *unknown_user = g_strdup (
    "{\"username\": \"nobody-here\", \"password\": \"demo\", \"protocol\": 1, \"schema\": " SCHEMA "}");
  g_autoptr(Reply) malformed = post_text ("/v1/auth/login", NULL, "{\"username\": ");
  g_autoptr(Reply) not_object = post_text ("/v1/auth/login", NULL, "[1, 2, 3]");
  g_autoptr(Reply) empty = post_text ("/v1/auth/login", NULL, "");
  g_autoptr(Reply) wrong_type = post_text ("/v1/auth/login", NULL,
    "{\"username\": 42, \"password\": \"demo\", \"protocol\": 1, \"schema\": " SCHEMA "}");
  g_autoptr(Reply) no_protocol = post_text ("/v1/auth/login", NULL,
    "{\"username\": \"a\", \"password\": \"demo\", \"schema\": " SCHEMA "}");
  g_autoptr(Reply) old_protocol = post_text ("/v1/auth/login", NULL,
    "{\"username\": \"a\", \"password\": \"demo\", \"protocol\": 0, \"schema\": " SCHEMA "}");
  g_autoptr(Reply) new_schema = post_text ("/v1/auth/login", NULL,
    "{\"username\": \"a\", \"password\": \"demo\", \"protocol\": 1, \"schema\": 99}");
  g_autoptr(Reply) bad_password = post_text ("/v1/auth/login", NULL, wrong_password);
  g_autoptr(Reply) bad_user = post_text ("/v1/auth/login", NULL, unknown_user);
  g_autofree char *expected_incompatible = g_strdup_printf (
    "This version of Loket does not match the server (protocol %d, schema %d). Update Loket.",
    LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
  g_autofree char *token = NULL;

  assert_error (malformed, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  assert_error (not_object, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  assert_error (empty, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  assert_error (wrong_type, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  g_assert_nonnull (strstr (json_object_get_string_member (reply_object (wrong_type), "message"),
                            "username"));
  assert_error (no_protocol, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  g_assert_nonnull (strstr (json_object_get_string_member (reply_object (no_protocol),
                                                           "message"), "protocol"));
  assert_error (old_protocol, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  g_assert_cmpstr (json_object_get_string_member (reply_object (old_protocol), "message"), ==,
                   expected_incompatible);
  assert_error (new_schema, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  assert_error (bad_password, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (bad_user, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  /* The same answer for a wrong user and a wrong password. */
  g_assert_cmpstr (json_object_get_string_member (reply_object (bad_password), "message"), ==,
                   json_object_get_string_member (reply_object (bad_user), "message"));

  token = login_token ();
  g_assert_nonnull (token);
  g_assert_cmpstr (token, !=, "");
}

static GBytes *
big_push_body (gsize size)
{
  GString *text = g_string_new ("{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": [], \"pad\": \"");

  while (text->len < size)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  return g_string_free_to_bytes (text);
}

static void
test_push_too_large (void)
{
  g_autofree char *token = login_token ();
  g_autoptr(GBytes) body = big_push_body (2 * 1024 * 1024);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(Reply) sized = send_full ("POST", "/v1/sync/push", token, body, NULL);
  g_autoptr(Reply) chunked = send_full ("POST", "/v1/sync/push", token, NULL, stream);
  g_autoptr(Reply) after = get ("/healthz", NULL);

  assert_error (sized, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_PROTO_ERR_TOO_LARGE);
  assert_error (chunked, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_PROTO_ERR_TOO_LARGE);
  /* The server is still there. */
  g_assert_cmpuint (after->status, ==, SOUP_STATUS_OK);
}

static void
test_auth_required (void)
{
  g_autoptr(Reply) pull = get ("/v1/sync/pull?since=0&protocol=1&schema=" SCHEMA "", NULL);
  g_autoptr(Reply) bad_pull = get ("/v1/sync/pull?since=0&protocol=1&schema=" SCHEMA "", "0123abcd");
  g_autoptr(Reply) push = post_text ("/v1/sync/push", NULL,
                                     "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": []}");
  g_autoptr(Reply) bad_push = post_text ("/v1/sync/push", "not-a-token",
                                         "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": []}");

  assert_error (pull, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (bad_pull, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (push, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (bad_push, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
}

static void
test_pull_input (void)
{
  g_autofree char *token = login_token ();
  static const char *const bad[] = {
    "/v1/sync/pull?since=-1&protocol=1&schema=" SCHEMA "",
    "/v1/sync/pull?since=gisteren&protocol=1&schema=" SCHEMA "",
    "/v1/sync/pull?since=0&limit=0&protocol=1&schema=" SCHEMA "",
    "/v1/sync/pull?since=0&limit=1001&protocol=1&schema=" SCHEMA "",
    "/v1/sync/pull?since=0&schema=" SCHEMA "",
  };
  g_autoptr(Reply) ok = get ("/v1/sync/pull?since=0&limit=5&protocol=1&schema=" SCHEMA "", token);
  g_autoptr(Reply) old = get ("/v1/sync/pull?since=0&protocol=2&schema=" SCHEMA "", token);
  JsonObject *page = reply_object (ok);

  g_assert_cmpuint (ok->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), <=, 5);
  g_assert_true (json_object_has_member (page, "cursor"));
  g_assert_true (json_object_has_member (page, "more"));
  assert_error (old, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Reply) reply = get (bad[i], token);

      assert_error (reply, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
    }
}

static void
test_push_input (void)
{
  g_autofree char *token = login_token ();
  static const char *const bad[] = {
    "{\"protocol\": 1, \"schema\": " SCHEMA "}",
    "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": {}}",
    "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": [42]}",
    "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": [{\"seq\": \"1\", \"type\": \"x\","
    " \"args\": {}}]}",
    "{\"protocol\": 1, \"schema\": " SCHEMA ", \"mutations\": [{\"seq\": 1, \"type\": \"x\"}]}",
    "{\"protocol\": \"1\", \"schema\": " SCHEMA ", \"mutations\": []}",
    "not json at all",
  };
  g_autoptr(Reply) old = post_text ("/v1/sync/push", token,
                                    "{\"protocol\": 1, \"schema\": 999, \"mutations\": []}");

  assert_error (old, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Reply) reply = post_text ("/v1/sync/push", token, bad[i]);

      assert_error (reply, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
    }
}

/* {"protocol", "schema", "mutations": [{"seq", "type", "args", "client_time"}]} */
static JsonBuilder *
push_builder (gint64 seq, const char *type, JsonNode *args)
{
  JsonBuilder *builder = json_builder_new ();
  g_autofree char *now = loket_protocol_now ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, LOKET_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, LOKET_DOMAIN_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "mutations");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, seq);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "args");
  json_builder_add_value (builder, args);
  json_builder_set_member_name (builder, "client_time");
  json_builder_add_string_value (builder, now);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder;
}

static void
test_push_gap (void)
{
  g_autofree char *token = login_token ();
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(Reply) reply = NULL;

  json_object_set_string_member (args, "id", "a0000000-0000-4000-8000-00000000gap1");
  builder = push_builder (5, LOKET_MUTATION_CANCEL_APPOINTMENT,
                          json_node_init_object (json_node_alloc (), args));
  reply = post_builder ("/v1/sync/push", token, builder);
  assert_error (reply, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_SEQUENCE_GAP);
  /* A new device has applied nothing yet. */
  g_assert_cmpint (json_object_get_int_member (reply_object (reply), "expected_seq"), ==, 1);
}

/* The UTC wire time of a local date and "HH:MM" in Amsterdam. */
static char *
wire_time (const char *date, const char *hhmm)
{
  g_autoptr(GDateTime) local = g_date_time_new (amsterdam, atoi (date), atoi (date + 5),
                                                atoi (date + 8), atoi (hhmm), atoi (hhmm + 3), 0);

  return loket_protocol_format_time (g_date_time_to_unix (local));
}

static JsonNode *
booking_args (const char *id, const char *product_id, const char *location_id)
{
  g_autoptr(Reply) reply = availability (product_id, location_id);
  JsonArray *days = days_of (reply);
  g_autofree char *capacity_id = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT c.id FROM capacities c JOIN products p ON p.group_id = c.group_id"
                     " WHERE p.id = ?1 AND c.location_id = ?2 ORDER BY c.id LIMIT 1",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, location_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  capacity_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "product_id", product_id);
  json_object_set_string_member (args, "capacity_id", capacity_id);
  json_object_set_string_member (args, "reason", "test-server-input");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);
      JsonArray *times = json_object_get_array_member (day, "times");

      if (json_array_get_length (times) > 0)
        {
          g_autofree char *start = wire_time (json_object_get_string_member (day, "date"),
                                              json_array_get_string_element (times, 0));

          json_object_set_string_member (args, "start_at", start);
          break;
        }
    }
  g_assert_true (json_object_has_member (args, "start_at"));
  return json_node_init_object (json_node_alloc (), args);
}

static void
test_push_idempotent (void)
{
  g_autofree char *token = login_token ();
  g_autofree char *product_id = NULL;
  g_autofree char *location_id = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  JsonObject *result;
  const char *outcome;

  find_open_product (&product_id, &location_id);
  builder = push_builder (1, LOKET_MUTATION_BOOK_APPOINTMENT,
                          booking_args (id, product_id, location_id));
  first = post_builder ("/v1/sync/push", token, builder);
  second = post_builder ("/v1/sync/push", token, builder);

  g_assert_cmpuint (first->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (second->status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_cmpint (json_object_get_int_member (reply_object (first), "last_seq"), ==, 1);
  result = json_array_get_object_element (
    json_object_get_array_member (reply_object (first), "results"), 0);
  g_assert_cmpint (json_object_get_int_member (result, "seq"), ==, 1);
  outcome = json_object_get_string_member (result, "outcome");
  g_assert_true (g_str_equal (outcome, LOKET_OUTCOME_APPLIED) ||
                 g_str_equal (outcome, LOKET_OUTCOME_REJECTED));
  /* Applied or rejected, the booking is kept exactly once. */
  g_assert_cmpint (db_count ("SELECT COUNT(*) FROM appointments WHERE id = ?1", id), ==, 1);
}

static void
scan_for (GHashTable *seen, const char *value)
{
  if (value == NULL || strlen (value) < 4 || g_hash_table_contains (seen, value))
    return;
  g_hash_table_add (seen, g_strdup (value));
  for (guint i = 0; i < public_bodies->len; i++)
    {
      const char *body = g_ptr_array_index (public_bodies, i);

      if (strstr (body, value) != NULL)
        g_test_message ("a public answer contains personal data: %s", value);
      g_assert_null (strstr (body, value));
    }
}

static void
test_public_no_personal_data (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *product_id = NULL;
  g_autofree char *location_id = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_customers = 0;

  /* Make sure every kind of public answer is in the collection. */
  find_open_product (&product_id, &location_id);
  g_assert_cmpuint (public_bodies->len, >, 2);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT name, email, phone, bsn, rrn, kvk FROM customers",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int column = 0; column < 6; column++)
        scan_for (seen, (const char *) sqlite3_column_text (stmt, column));
      n_customers++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_customers, >, 0);
}

/* ---------------------------------------------------------------------------------------------
 * Setup
 */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-server-input-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "loket.db", NULL);
  server = loket_test_server_start (db_path, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (amsterdam);
  public_bodies = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/server/healthz", test_healthz);
  g_test_add_func ("/server/routing", test_routing);
  g_test_add_func ("/server/public/products-locations", test_public_products_and_locations);
  g_test_add_func ("/server/public/availability", test_public_availability);
  g_test_add_func ("/server/public/availability-from", test_public_availability_from);
  g_test_add_func ("/server/public/bad-input", test_public_bad_input);
  g_test_add_func ("/server/login/input", test_login_input);
  g_test_add_func ("/server/auth/required", test_auth_required);
  g_test_add_func ("/server/pull/input", test_pull_input);
  g_test_add_func ("/server/push/input", test_push_input);
  g_test_add_func ("/server/push/too-large", test_push_too_large);
  g_test_add_func ("/server/push/gap", test_push_gap);
  g_test_add_func ("/server/push/idempotent", test_push_idempotent);
  g_test_add_func ("/server/public/no-personal-data", test_public_no_personal_data);
  status = g_test_run ();

  g_ptr_array_unref (public_bodies);
  g_time_zone_unref (amsterdam);
  g_object_unref (session);
  sqlite3_close (db);

  /* After all that, a clean stop: exit status 0 (under ASan: no leaks either). */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  loket_test_server_free (server);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
