#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "loket-schema.h"
#include "loket-types.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement of the connection's cache (loket_db_prepare_cached): the same type, but its
 * g_autoptr resets it instead of finalizing it. */
typedef sqlite3_stmt LoketDbCached;
void loket_db_release_cached (LoketDbCached *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDbCached, loket_db_release_cached)

#define LOKET_TYPE_DB (loket_db_get_type ())
G_DECLARE_FINAL_TYPE (LoketDb, loket_db, LOKET, DB, GObject)

/* Opens (creating if needed) a database in WAL mode with synchronous=FULL and runs the
 * migrations of the given side. Fails with a sentence naming the path when it cannot. */
LoketDb      *loket_db_open           (const char *path, LoketSchemaSide side, GError **error);
/* Opens an existing database to read only, from another thread than its writer's: no
 * migrations, no settings but a busy timeout (the writer's WAL mode lets it read while the
 * writer writes). */
LoketDb      *loket_db_open_reader    (const char *path, GError **error);
sqlite3      *loket_db_get_handle     (LoketDb *self);
const char   *loket_db_get_path       (LoketDb *self);
guint         loket_db_get_version    (LoketDb *self);

gboolean      loket_db_exec           (LoketDb *self, const char *sql, GError **error);
sqlite3_stmt *loket_db_prepare        (LoketDb *self, const char *sql, GError **error);
/* The statement for sql, prepared once per connection and kept: hot paths (a push applies
 * thousands of mutations, a pull thousands of rows) then skip SQLite's parser.  It comes
 * reset and unbound, stays owned by self, and must be released (reset) before the same sql is
 * asked for again: hold it in a g_autoptr(LoketDbCached) and do not nest two uses of one sql. */
LoketDbCached *loket_db_prepare_cached (LoketDb *self, const char *sql, GError **error);
/* Runs a prepared statement to completion (for INSERT/UPDATE/DELETE). */
gboolean      loket_db_step_done      (LoketDb *self, sqlite3_stmt *stmt, GError **error);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
gboolean      loket_db_begin          (LoketDb *self, GError **error);
/* BEGIN IMMEDIATE for a transaction that can be replaced if a power cut loses it: its COMMIT
 * is not synced to disk by itself (the next loket_db_begin's commit syncs it along).  Only for
 * what can be fetched again, such as a pulled page with its cursor (a lost page is pulled
 * again); never for anything a person did, such as a change and its outbox entry. */
gboolean      loket_db_begin_replaceable (LoketDb *self, GError **error);
gboolean      loket_db_commit         (LoketDb *self, GError **error);
void          loket_db_rollback       (LoketDb *self);
/* SAVEPOINT name / RELEASE name / ROLLBACK TO name and RELEASE name: a part of a transaction
 * that can fail alone.  name is the caller's identifier, never input. */
gboolean      loket_db_savepoint      (LoketDb *self, const char *name, GError **error);
gboolean      loket_db_release        (LoketDb *self, const char *name, GError **error);
void          loket_db_rollback_to    (LoketDb *self, const char *name);
/* Sets error from sqlite3_errmsg; always returns FALSE so it can end a failing branch. */
gboolean      loket_db_fail           (LoketDb *self, GError **error);

/* Binds a string, or NULL as SQL NULL. */
void          loket_db_bind_text      (sqlite3_stmt *stmt, int index, const char *text);
/* The current row as a JSON object of its columns (TEXT → string, INTEGER → int, NULL → null). */
JsonObject   *loket_db_row_to_json    (sqlite3_stmt *stmt);
/* The first row of a query with one text parameter (NULL binds SQL NULL) as JSON, through the
 * statement cache; *row stays NULL when there is none. FALSE only for a database error. */
gboolean      loket_db_query_row      (LoketDb *self, const char *sql, const char *key,
                                       JsonObject **row, GError **error);
/* The row of an entity table with that key as JSON, or NULL (error set) when there is none. */
JsonObject   *loket_db_get_row        (LoketDb *self, const char *entity, const char *key,
                                       GError **error);
/* The same row as JSON text, written by SQLite's json_object() (a fraction of the cost of
 * building a JsonObject and generating its text: the change log stores every row it logs this
 * way), or NULL (error set) when there is none. */
char         *loket_db_get_row_text   (LoketDb *self, const char *entity, const char *key,
                                       GError **error);
/* Inserts or updates a row of an entity table from JSON. Only the table's own columns are
 * accepted; the key column is required. */
gboolean      loket_db_upsert_row     (LoketDb *self, const char *entity, JsonObject *row,
                                       GError **error);
gboolean      loket_db_delete_row     (LoketDb *self, const char *entity, const char *key,
                                       GError **error);

G_END_DECLS
