#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "loket-schema.h"
#include "loket-types.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define LOKET_TYPE_DB (loket_db_get_type ())
G_DECLARE_FINAL_TYPE (LoketDb, loket_db, LOKET, DB, GObject)

/* Opens (creating if needed) a database in WAL mode with synchronous=FULL and runs the
 * migrations of the given side. Fails with a sentence naming the path when it cannot. */
LoketDb      *loket_db_open           (const char *path, LoketSchemaSide side, GError **error);
sqlite3      *loket_db_get_handle     (LoketDb *self);
const char   *loket_db_get_path       (LoketDb *self);
guint         loket_db_get_version    (LoketDb *self);

gboolean      loket_db_exec           (LoketDb *self, const char *sql, GError **error);
sqlite3_stmt *loket_db_prepare        (LoketDb *self, const char *sql, GError **error);
/* Runs a prepared statement to completion (for INSERT/UPDATE/DELETE). */
gboolean      loket_db_step_done      (LoketDb *self, sqlite3_stmt *stmt, GError **error);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
gboolean      loket_db_begin          (LoketDb *self, GError **error);
gboolean      loket_db_commit         (LoketDb *self, GError **error);
void          loket_db_rollback       (LoketDb *self);
/* Sets error from sqlite3_errmsg; always returns FALSE so it can end a failing branch. */
gboolean      loket_db_fail           (LoketDb *self, GError **error);

/* Binds a string, or NULL as SQL NULL. */
void          loket_db_bind_text      (sqlite3_stmt *stmt, int index, const char *text);
/* The current row as a JSON object of its columns (TEXT → string, INTEGER → int, NULL → null). */
JsonObject   *loket_db_row_to_json    (sqlite3_stmt *stmt);
/* The row of an entity table with that key as JSON, or NULL (error set) when there is none. */
JsonObject   *loket_db_get_row        (LoketDb *self, const char *entity, const char *key,
                                       GError **error);
/* Inserts or updates a row of an entity table from JSON. Only the table's own columns are
 * accepted; the key column is required. */
gboolean      loket_db_upsert_row     (LoketDb *self, const char *entity, JsonObject *row,
                                       GError **error);
gboolean      loket_db_delete_row     (LoketDb *self, const char *entity, const char *key,
                                       GError **error);

G_END_DECLS
