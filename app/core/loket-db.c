/* loket-db.c — a small GObject around one SQLite connection.
 *
 * Both the desk replica and the server store go through it: it opens the file in WAL mode with
 * synchronous=FULL (an acknowledged change survives a power cut), runs the numbered migrations,
 * turns SQLite's errors into GErrors, and moves rows to and from JSON generically so that every
 * kind of data travels through the same code.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-db.h"
#include "loket-error.h"
#include "loket-kb-search.h"

struct _LoketDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  guint       version;
  gboolean    relaxed;     /* the open transaction's commit need not be durable by itself */

  /* A pull applies thousands of rows through loket_db_upsert_row: the schema does not change
   * after loket_db_open has migrated, so each table's columns are read once, and the statement
   * for each set of columns a row brings is generated and prepared once. */
  GHashTable *tables;      /* entity → TableInfo */
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
};

/* What loket_db_upsert_row knows of a table. */
typedef struct
{
  GPtrArray  *columns;  /* column names, in the table's order */
  GHashTable *upserts;  /* mask of the columns a row brings (gint64) → its statement, owned by
                         * the statement cache */
  char       *row_text_sql;  /* loket_db_get_row_text's query, made on first use */
} TableInfo;

static void
table_info_free (TableInfo *table)
{
  g_ptr_array_unref (table->columns);
  g_hash_table_unref (table->upserts);
  g_free (table->row_text_sql);
  g_free (table);
}

G_DEFINE_FINAL_TYPE (LoketDb, loket_db, G_TYPE_OBJECT)

static void
loket_db_finalize (GObject *object)
{
  LoketDb *self = LOKET_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->tables, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);

  G_OBJECT_CLASS (loket_db_parent_class)->finalize (object);
}

static void
loket_db_class_init (LoketDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
loket_db_init (LoketDb *self)
{
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) table_info_free);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

LoketDbCached *
loket_db_prepare_cached (LoketDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* Still stepping: a caller nests two uses of one statement, and resetting it here would
       * silently end the outer one's loop. */
      if (sqlite3_stmt_busy (stmt))
        g_critical ("A cached statement is used twice at once: %s", sql);
      loket_db_release_cached (stmt);
      return stmt;
    }
  if ((stmt = loket_db_prepare (self, sql, error)) == NULL)
    return NULL;
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
loket_db_release_cached (LoketDbCached *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
loket_db_fail (LoketDb *self, GError **error)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
               _("The database %s could not be used: %s"), self->path,
               sqlite3_errmsg (self->handle));
  return FALSE;
}

gboolean
loket_db_exec (LoketDb *self, const char *sql, GError **error)
{
  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return loket_db_fail (self, error);
  return TRUE;
}

sqlite3_stmt *
loket_db_prepare (LoketDb *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      loket_db_fail (self, error);
      return NULL;
    }
  return stmt;
}

gboolean
loket_db_step_done (LoketDb *self, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return loket_db_fail (self, error);
  return TRUE;
}

/* Back to synchronous = FULL once a replaceable transaction has ended (PRAGMA synchronous
 * cannot change inside one: after a failed COMMIT the ROLLBACK sets it back). */
static gboolean
end_relaxed (LoketDb *self, GError **error)
{
  if (!self->relaxed || !sqlite3_get_autocommit (self->handle))
    return TRUE;
  self->relaxed = FALSE;
  return loket_db_exec (self, "PRAGMA synchronous = FULL", error);
}

gboolean
loket_db_begin (LoketDb *self, GError **error)
{
  return end_relaxed (self, error) && loket_db_exec (self, "BEGIN IMMEDIATE", error);
}

/* synchronous = NORMAL in WAL mode: the commit is appended to the log but not synced; the
 * database stays consistent after a power cut, which may lose this commit and the ones after
 * it, never a durable one before it.  The next durable commit syncs the log, and with it every
 * frame before its own. */
gboolean
loket_db_begin_replaceable (LoketDb *self, GError **error)
{
  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);

  if (!loket_db_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  self->relaxed = TRUE;
  if (loket_db_exec (self, "BEGIN IMMEDIATE", error))
    return TRUE;
  end_relaxed (self, NULL);
  return FALSE;
}

gboolean
loket_db_commit (LoketDb *self, GError **error)
{
  gboolean ok = loket_db_exec (self, "COMMIT", error);

  return end_relaxed (self, ok ? error : NULL) && ok;
}

void
loket_db_rollback (LoketDb *self)
{
  g_return_if_fail (LOKET_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  end_relaxed (self, NULL);
}

/* Savepoints come and go a hundred times per push batch: their statements are cached. */
static gboolean
exec_cached (LoketDb *self, const char *verb, const char *name, GError **error)
{
  g_autofree char *sql = g_strconcat (verb, name, NULL);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self, sql, error);

  return stmt != NULL && loket_db_step_done (self, stmt, error);
}

gboolean
loket_db_savepoint (LoketDb *self, const char *name, GError **error)
{
  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);
  return exec_cached (self, "SAVEPOINT ", name, error);
}

gboolean
loket_db_release (LoketDb *self, const char *name, GError **error)
{
  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);
  return exec_cached (self, "RELEASE ", name, error);
}

/* Best effort, like loket_db_rollback: after some errors SQLite has already rolled back the
 * whole transaction, and then there is no savepoint left (the caller's ROLLBACK ends it). */
void
loket_db_rollback_to (LoketDb *self, const char *name)
{
  g_return_if_fail (LOKET_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle)
      && exec_cached (self, "ROLLBACK TO ", name, NULL))
    exec_cached (self, "RELEASE ", name, NULL);
}

void
loket_db_bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static gboolean
read_version (LoketDb *self, guint *version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return loket_db_fail (self, error);
  *version = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Each migration and the new user_version commit together, so a crash mid-way leaves the
 * database at the last complete version. */
static gboolean
migrate (LoketDb *self, LoketSchemaSide side, GError **error)
{
  guint n_migrations;
  const char *const *migrations = loket_schema_get_migrations (side, &n_migrations);

  if (!read_version (self, &self->version, error))
    return FALSE;
  if (self->version > n_migrations)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE,
                   _("The database %s was made by a newer version of Loket (schema %u, this "
                     "version knows %u). Update Loket."),
                   self->path, self->version, n_migrations);
      return FALSE;
    }

  for (guint v = self->version; v < n_migrations; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!loket_db_begin (self, error))
        return FALSE;
      if (!loket_db_exec (self, migrations[v], error)
          || !loket_db_exec (self, set_version, error)
          || !loket_db_commit (self, error))
        {
          loket_db_rollback (self);
          return FALSE;
        }
      self->version = v + 1;
    }
  return TRUE;
}

static gboolean
configure (LoketDb *self, GError **error)
{
  /* A file that is not a database fails here, on the first read. */
  return loket_db_exec (self, "PRAGMA journal_mode = WAL", error)
         && loket_db_exec (self, "PRAGMA synchronous = FULL", error)
         && loket_db_exec (self, "PRAGMA busy_timeout = 5000", error)
         /* Checkpoint every 16 MiB of log instead of 4: a checkpoint copies and syncs the pages
          * of many commits at once (the same index pages again and again).  Durability is the
          * log's, synced at every commit, so this changes only how often the copy runs. */
         && loket_db_exec (self, "PRAGMA wal_autocheckpoint = 4000", error);
}

LoketDb *
loket_db_open (const char *path, LoketSchemaSide side, GError **error)
{
  g_autoptr(LoketDb) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LOKET_TYPE_DB, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                        | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
                   _("The database %s could not be opened: %s"), path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  /* Before the migrations: the replica's kb_fts is made with its tokenizer. */
  if (!loket_kb_search_register (self->handle, error)
      || !configure (self, error) || !migrate (self, side, error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketDb *
loket_db_open_reader (const char *path, GError **error)
{
  g_autoptr(LoketDb) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LOKET_TYPE_DB, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
                   _("The database %s could not be opened: %s"), path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  /* The writer made it WAL; a reader only waits for the writer's lock now and then. */
  if (!loket_kb_search_register (self->handle, error)
      || !loket_db_exec (self, "PRAGMA busy_timeout = 5000", error)
      || !read_version (self, &self->version, error))
    return NULL;
  return g_steal_pointer (&self);
}

sqlite3 *
loket_db_get_handle (LoketDb *self)
{
  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  return self->handle;
}

const char *
loket_db_get_path (LoketDb *self)
{
  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  return self->path;
}

guint
loket_db_get_version (LoketDb *self)
{
  g_return_val_if_fail (LOKET_IS_DB (self), 0);
  return self->version;
}

JsonObject *
loket_db_row_to_json (sqlite3_stmt *stmt)
{
  JsonObject *row = json_object_new ();
  int n = sqlite3_column_count (stmt);

  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (row, name, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (row, name, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (row, name);
          break;
        default:
          json_object_set_string_member (row, name, (const char *) sqlite3_column_text (stmt, i));
          break;
        }
    }
  return row;
}

gboolean
loket_db_query_row (LoketDb *self, const char *sql, const char *key, JsonObject **row,
                    GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  int rc;

  g_return_val_if_fail (row != NULL, FALSE);

  *row = NULL;
  if ((stmt = loket_db_prepare_cached (self, sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *row = loket_db_row_to_json (stmt);
  else if (rc != SQLITE_DONE)
    return loket_db_fail (self, error);
  return TRUE;
}

static gboolean
check_entity (const char *entity, GError **error)
{
  if (loket_schema_is_entity (entity))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("Unknown kind of data: %s"), entity);
  return FALSE;
}

JsonObject *
loket_db_get_row (LoketDb *self, const char *entity, const char *key, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  int rc;

  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!check_entity (entity, error))
    return NULL;
  /* entity is one of the schema's table names, never user text, so it may be formatted in. */
  sql = g_strdup_printf ("SELECT * FROM %s WHERE %s = ?", entity, loket_schema_key_column (entity));
  if ((stmt = loket_db_prepare_cached (self, sql, error)) == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return loket_db_row_to_json (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("No %s with id %s"), entity, key);
  else
    loket_db_fail (self, error);
  return NULL;
}

/* An upsert's columns are a mask of the table's: no table has more columns than it has bits. */
#define MAX_UPSERT_COLUMNS 64

/* The table's columns (to accept only those from a JSON row) and its upserts; owned by self.
 * Only the schema's entities get here. */
static TableInfo *
table_info (LoketDb *self, const char *entity, GError **error)
{
  TableInfo *table = g_hash_table_lookup (self->tables, entity);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  int rc;

  if (table != NULL)
    return table;
  if (!check_entity (entity, error))
    return NULL;
  sql = g_strdup_printf ("PRAGMA table_info(%s)", entity);
  if ((stmt = loket_db_prepare (self, sql, error)) == NULL)
    return NULL;
  columns = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (self, error);
      return NULL;
    }
  g_assert (columns->len <= MAX_UPSERT_COLUMNS);  /* the schema is ours */
  table = g_new0 (TableInfo, 1);
  table->columns = g_steal_pointer (&columns);
  table->upserts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_insert (self->tables, g_strdup (entity), table);
  return table;
}

static char *
build_row_text_sql (const char *entity, GPtrArray *columns)
{
  g_autoptr(GString) sql = g_string_new ("SELECT json_object (");

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (sql, "%s'%s', %s", i > 0 ? ", " : "", (char *) columns->pdata[i],
                            (char *) columns->pdata[i]);
  g_string_append_printf (sql, ") FROM %s WHERE %s = ?", entity,
                          loket_schema_key_column (entity));
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
loket_db_get_row_text (LoketDb *self, const char *entity, const char *key, GError **error)
{
  TableInfo *table;
  g_autoptr(LoketDbCached) stmt = NULL;
  int rc;

  g_return_val_if_fail (LOKET_IS_DB (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* Column names come from the schema (table_info), never from input. */
  if ((table = table_info (self, entity, error)) == NULL)
    return NULL;
  if (table->row_text_sql == NULL)
    table->row_text_sql = build_row_text_sql (entity, table->columns);
  if ((stmt = loket_db_prepare_cached (self, table->row_text_sql, error)) == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("No %s with id %s"), entity, key);
  else
    loket_db_fail (self, error);
  return NULL;
}

static gboolean
bind_json_value (sqlite3_stmt *stmt, int index, JsonNode *node, const char *column,
                 GError **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("The value of %s is not a plain value"), column);
      return FALSE;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    default:
      loket_db_bind_text (stmt, index, json_node_get_string (node));
      break;
    }
  return TRUE;
}

static char *
build_upsert_sql (const char *entity, const char *key, GPtrArray *columns, guint64 mask)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) updates = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = columns->pdata[i];

      if ((mask & (G_GUINT64_CONSTANT (1) << i)) == 0)
        continue;
      g_string_append_printf (sql, "%s%s", sql->len > 0 ? ", " : "", column);
      g_string_append (values, values->len > 0 ? ", ?" : "?");
      g_string_append_printf (updates, "%s%s = excluded.%s", updates->len > 0 ? ", " : "",
                              column, column);
    }
  return g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s",
                          entity, sql->str, values->str, key, updates->str);
}

/* The upsert of the columns in mask, made once per table and mask. */
static sqlite3_stmt *
upsert_statement (LoketDb *self, const char *entity, TableInfo *table, guint64 mask,
                  GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (table->upserts, &mask);
  g_autofree char *sql = NULL;

  if (stmt != NULL)
    {
      loket_db_release_cached (stmt);
      return stmt;
    }
  sql = build_upsert_sql (entity, loket_schema_key_column (entity), table->columns, mask);
  if ((stmt = loket_db_prepare_cached (self, sql, error)) == NULL)
    return NULL;
  g_hash_table_insert (table->upserts, g_memdup2 (&mask, sizeof mask), stmt);
  return stmt;
}

gboolean
loket_db_upsert_row (LoketDb *self, const char *entity, JsonObject *row, GError **error)
{
  TableInfo *table;
  JsonNode *values[MAX_UPSERT_COLUMNS];
  g_autoptr(LoketDbCached) stmt = NULL;
  guint64 mask = 0;
  int index = 0;

  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if ((table = table_info (self, entity, error)) == NULL)
    return FALSE;
  if (!json_object_has_member (row, loket_schema_key_column (entity)))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("A %s row has no %s"), entity,
                   loket_schema_key_column (entity));
      return FALSE;
    }
  /* Only the table's own columns; members it does not know (from a newer peer) are ignored. */
  for (guint i = 0; i < table->columns->len; i++)
    if ((values[i] = json_object_get_member (row, table->columns->pdata[i])) != NULL)
      mask |= G_GUINT64_CONSTANT (1) << i;

  if ((stmt = upsert_statement (self, entity, table, mask, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < table->columns->len; i++)
    if (values[i] != NULL
        && !bind_json_value (stmt, ++index, values[i], table->columns->pdata[i], error))
      return FALSE;
  return loket_db_step_done (self, stmt, error);
}

gboolean
loket_db_delete_row (LoketDb *self, const char *entity, const char *key, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_DB (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_entity (entity, error))
    return FALSE;
  sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?", entity, loket_schema_key_column (entity));
  if ((stmt = loket_db_prepare_cached (self, sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, key);
  return loket_db_step_done (self, stmt, error);
}
