/* loket-test-admin.c — changes to a server's database made beside the server, logged like its
 * own (see loket_store_log_change in sync-server/loket-store.c). */
#include "loket-test-admin.h"

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-schema.h"

LoketDb *
loket_test_admin_open (const char *server_db)
{
  g_autoptr(GError) error = NULL;
  LoketDb *db = loket_db_open (server_db, LOKET_SCHEMA_SERVER, &error);

  g_assert_no_error (error);
  g_assert_true (loket_db_exec (db, "PRAGMA foreign_keys = ON", &error));
  return db;
}

/* row_json NULL appends a tombstone. */
static void
log_change (LoketDb *server, const char *entity, const char *key, const char *row_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = loket_protocol_now ();
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (server,
    "INSERT INTO change_log (entity, row_id, op, row, at) VALUES (?, ?, ?, ?, ?)", &error);

  g_assert_no_error (error);
  loket_db_bind_text (stmt, 1, entity);
  loket_db_bind_text (stmt, 2, key);
  loket_db_bind_text (stmt, 3, row_json != NULL ? "upsert" : "delete");
  loket_db_bind_text (stmt, 4, row_json);
  loket_db_bind_text (stmt, 5, now);
  g_assert_true (loket_db_step_done (server, stmt, &error));
  g_assert_no_error (error);
}

void
loket_test_admin_upsert (LoketDb *server, const char *entity, JsonObject *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *text = NULL;
  const char *key = json_object_get_string_member (row, loket_schema_key_column (entity));
  gboolean done;

  g_assert_true (loket_db_begin (server, &error));
  done = loket_db_upsert_row (server, entity, row, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  stored = loket_db_get_row (server, entity, key, &error);
  g_assert_no_error (error);
  text = loket_protocol_to_string (stored);
  log_change (server, entity, key, text);
  g_assert_true (loket_db_commit (server, &error));
}

void
loket_test_admin_delete (LoketDb *server, const char *entity, const char *key)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  g_assert_true (loket_db_begin (server, &error));
  done = loket_db_delete_row (server, entity, key, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  g_assert_cmpint (sqlite3_changes (loket_db_get_handle (server)), ==, 1);
  log_change (server, entity, key, NULL);
  g_assert_true (loket_db_commit (server, &error));
}

JsonObject *
loket_test_admin_get_row (LoketDb *server, const char *entity, const char *key)
{
  g_autoptr(GError) error = NULL;
  JsonObject *row = loket_db_get_row (server, entity, key, &error);

  if (row == NULL)
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  return row;
}

gint64
loket_test_admin_count (LoketDb *server, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_db_get_handle (server), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
loket_test_admin_value (LoketDb *server, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (loket_db_get_handle (server), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}
