/* test-server-snapshot.c — GET /v1/sync/snapshot on the real loket-sync binary.
 *
 * The same checks as a pull (401, 409, 400) with the same JSON errors; a 200 whose body is a
 * SQLite replica of this build's schema and whose Loket-Cursor is the log head, from which the
 * device then pulls on; a Range request answered 206 with the tail; and never a temporary file
 * left beside the server's database, whether the request succeeded or failed. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-db.h"
#include "loket-protocol.h"
#include "loket-schema.h"
#include "loket-test-server.h"

#define SCHEMA        G_STRINGIFY (LOKET_DOMAIN_SCHEMA_VERSION)
#define PROTOCOL      G_STRINGIFY (LOKET_PROTOCOL_VERSION)
#define SNAPSHOT_PATH "/v1/sync/snapshot?protocol=" PROTOCOL "&schema=" SCHEMA
#define DEMO_PASSWORD "demo"

static LoketTestServer *server;
static SoupSession     *session;
static char            *tmp_dir;     /* the server's database and the downloads */
static char            *server_db;

typedef struct {
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* ---- helpers -------------------------------------------------------------------------------- */

/* Nothing named like a snapshot's temporary file is left beside the server's database. */
static void
assert_no_temporary_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".loket-snapshot-"));
}

/* A request with an optional bearer token, body and byte range (from, to the end). */
static Reply *
send_request (const char *method, const char *path, const char *token, const char *body,
              goffset range_from)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  if (range_from > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (msg), range_from, -1);
  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  /* Whatever the answer, nothing of the build stays behind. */
  assert_no_temporary_files ();
  return reply;
}

static Reply *
get_snapshot (const char *path, const char *token, goffset range_from)
{
  return send_request ("GET", path, token, NULL, range_from);
}

static JsonObject *
reply_json (Reply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (reply->body, &length);

  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/json");
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_error (Reply *reply, guint status, const char *code)
{
  g_autoptr(JsonObject) object = reply_json (reply);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), !=, "");
}

/* Signs the user in; their token, and their device id in *device_id. */
static char *
login (const char *username, char **device_id)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \""
                                           DEMO_PASSWORD "\", \"device_name\": \"snapshot\","
                                           " \"protocol\": " PROTOCOL ", \"schema\": " SCHEMA "}",
                                           username);
  g_autoptr(Reply) reply = send_request ("POST", "/v1/auth/login", NULL, body, 0);
  g_autoptr(JsonObject) answer = reply_json (reply);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  if (device_id != NULL)
    *device_id = g_strdup (json_object_get_string_member (answer, "device_id"));
  return g_strdup (json_object_get_string_member (answer, "token"));
}

static gint64
server_number (const char *sql)
{
  g_autofree char *value = loket_test_db_text (server_db, sql);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

/* The Loket-Cursor of a reply: decimal digits only. */
static gint64
cursor_of (Reply *reply)
{
  const char *text = soup_message_headers_get_one (reply->headers, "Loket-Cursor");
  guint64 cursor = 0;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &cursor, NULL));
  return (gint64) cursor;
}

static gint64
count_in (sqlite3 *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
text_in (sqlite3 *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void
test_refused (void)
{
  g_autofree char *token = login ("balie", NULL);
  g_autoptr(Reply) anonymous = get_snapshot (SNAPSHOT_PATH, NULL, 0);
  g_autoptr(Reply) unknown = get_snapshot (SNAPSHOT_PATH, "0123abcd", 0);
  g_autoptr(Reply) newer = get_snapshot ("/v1/sync/snapshot?protocol=" PROTOCOL "&schema=999",
                                         token, 0);
  g_autoptr(Reply) older = get_snapshot ("/v1/sync/snapshot?protocol=0&schema=" SCHEMA, token, 0);
  g_autoptr(Reply) missing = get_snapshot ("/v1/sync/snapshot?schema=" SCHEMA, token, 0);
  g_autoptr(Reply) bad = get_snapshot ("/v1/sync/snapshot?protocol=een&schema=" SCHEMA, token,
                                       0);
  g_autoptr(Reply) post = send_request ("POST", SNAPSHOT_PATH, token, "{}", 0);

  assert_error (anonymous, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (unknown, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED);
  assert_error (newer, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  assert_error (older, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE);
  assert_error (missing, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  assert_error (bad, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST);
  assert_error (post, SOUP_STATUS_METHOD_NOT_ALLOWED, LOKET_PROTO_ERR_BAD_REQUEST);
}

/* The body opens as a replica of this build's schema with the domain rows of the user. */
static void
assert_replica (GBytes *body)
{
  g_autofree char *path = g_build_filename (tmp_dir, "download", "replica.db", NULL);
  g_autofree char *journal = NULL, *check = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), NULL));
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_in (db, "PRAGMA user_version"), ==,
                   loket_schema_version (LOKET_SCHEMA_REPLICA));
  journal = text_in (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "delete");
  check = text_in (db, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM locations"), ==,
                   server_number ("SELECT count(*) FROM locations"));
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM appointments"), ==,
                   server_number ("SELECT count(*) FROM appointments"));
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM outbox"), ==, 0);
  sqlite3_close (db);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_download (void)
{
  g_autofree char *device_id = NULL;
  g_autofree char *token = login ("noord", &device_id);
  g_autofree char *since = NULL, *sql = NULL;
  g_autoptr(Reply) reply = get_snapshot (SNAPSHOT_PATH, token, 0);
  g_autoptr(Reply) page = NULL;
  g_autoptr(JsonObject) answer = NULL;
  gint64 cursor;

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/vnd.sqlite3");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==,
                   "no-store");
  g_assert_cmpint (soup_message_headers_get_content_length (reply->headers), ==,
                   (goffset) g_bytes_get_size (reply->body));
  cursor = cursor_of (reply);
  g_assert_cmpint (cursor, ==, server_number ("SELECT max (seq) FROM change_log"));
  assert_replica (reply->body);

  /* The device holds everything up to the cursor and pulls on from there. */
  sql = g_strdup_printf ("SELECT pull_cursor FROM devices WHERE id = '%s'", device_id);
  g_assert_cmpint (server_number (sql), ==, cursor);
  since = g_strdup_printf ("/v1/sync/pull?since=%" G_GINT64_FORMAT "&protocol=" PROTOCOL
                           "&schema=" SCHEMA, cursor);
  page = get_snapshot (since, token, 0);
  g_assert_cmpuint (page->status, ==, SOUP_STATUS_OK);
  answer = reply_json (page);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "changes")), ==,
                    0);
}

/* libsoup answers a range of the complete body itself: a download that broke off resumes. */
static void
test_range (void)
{
  g_autofree char *token = login ("kcc", NULL);
  g_autoptr(Reply) whole = get_snapshot (SNAPSHOT_PATH, token, 0);
  g_autoptr(Reply) tail = get_snapshot (SNAPSHOT_PATH, token, 100);
  g_autofree char *content_range = NULL;
  gsize size = g_bytes_get_size (whole->body);
  g_autoptr(GBytes) expected = NULL;

  g_assert_cmpuint (whole->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (tail->status, ==, SOUP_STATUS_PARTIAL_CONTENT);
  content_range = g_strdup_printf ("bytes 100-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, size - 1,
                                   size);
  g_assert_cmpstr (soup_message_headers_get_one (tail->headers, "Content-Range"), ==,
                   content_range);
  /* Nothing changed in between: the same head, the same file. */
  g_assert_cmpint (cursor_of (tail), ==, cursor_of (whole));
  expected = g_bytes_new_from_bytes (whole->body, 100, size - 100);
  g_assert_true (g_bytes_equal (tail->body, expected));
}

/* A build that fails after the temporary file was made (the device's user is gone) answers
 * with the store's error and leaves no file. */
static void
test_failure_leaves_nothing (void)
{
  g_autofree char *device_id = NULL;
  g_autofree char *token = login ("redactie", &device_id);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM user_secrets WHERE user_id ="
                                          " (SELECT user_id FROM devices WHERE id = '%s');"
                                          "DELETE FROM users WHERE id ="
                                          " (SELECT user_id FROM devices WHERE id = '%s');",
                                          device_id, device_id);
  g_autoptr(Reply) reply = NULL;
  sqlite3 *db = NULL;

  /* Straight into the database beside the server, without foreign keys (as an administrator
   * with the sqlite3 shell might). */
  g_assert_cmpint (sqlite3_open_v2 (server_db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  reply = get_snapshot (SNAPSHOT_PATH, token, 0);
  assert_error (reply, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *download = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-server-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  server_db = g_build_filename (tmp_dir, "loket.db", NULL);
  download = g_build_filename (tmp_dir, "download", NULL);
  g_assert_cmpint (g_mkdir (download, 0700), ==, 0);
  server = loket_test_server_start (server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("timeout", 60, NULL);

  g_test_add_func ("/server/snapshot/refused", test_refused);
  g_test_add_func ("/server/snapshot/download", test_download);
  g_test_add_func ("/server/snapshot/range", test_range);
  g_test_add_func ("/server/snapshot/failure-leaves-nothing", test_failure_leaves_nothing);
  status = g_test_run ();

  g_object_unref (session);
  /* A clean stop: exit status 0 (under ASan: no leaks either). */
  loket_test_server_free (server);
  loket_test_remove_tree (tmp_dir);
  g_free (server_db);
  g_free (tmp_dir);
  return status;
}
