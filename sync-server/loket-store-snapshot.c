/* loket-store-snapshot.c — a replica snapshot: a desk's full download as one SQLite file.
 *
 * A fresh desk (or one told to start over) would page through the whole change log from 0,
 * judging entry after entry (loket-store-scope.c).  A snapshot gives it instead, in a file of
 * the desk replica's own schema, exactly the rows that full pull would leave in a fresh replica,
 * and the change log head they are the state of; the desk pulls on from that head.
 *
 * The file is made with the core's replica migrations and filled on the server's own
 * connection: attached without a journal (a file that breaks off is thrown away, never
 * repaired), in one read transaction of the server's database, so the rows and the head agree.
 * Like a pull page, the build runs on the main loop and blocks it while it runs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-schema.h"
#include "loket-store-private.h"

#define SNAP "loket_snapshot"  /* the schema name of the file while it is attached */

/* A new replica database at path, its journal a plain rollback file so that a copy of the file
 * alone is the whole database.  Its pages are 16 KiB (SQLite's default is 4 KiB): filling and
 * sending a file of a hundred megabytes costs about an eighth less (measured at benchmark
 * scale), and a desk's commits stay small. */
static gboolean
create_replica_file (const char *path, GError **error)
{
  g_autoptr(LoketDb) db = loket_db_open (path, LOKET_SCHEMA_REPLICA, error);

  return db != NULL && loket_db_exec (db, "PRAGMA journal_mode = DELETE;"
                                      "PRAGMA page_size = 16384; VACUUM", error);
}

/* Refuses to write over anything: path must be missing or empty. */
static gboolean
check_empty (const char *path, GError **error)
{
  GStatBuf info;

  if (g_stat (path, &info) != 0 || info.st_size == 0)
    return TRUE;
  return loket_store_invalid (error, "A snapshot is written into a new, empty file; %s is not",
                              path);
}

static gboolean
attach (LoketStore *self, const char *path, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, "ATTACH DATABASE ? AS " SNAP,
                                                   error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, path);
  return loket_db_step_done (self->db, stmt, error)
         && loket_db_exec (self->db, "PRAGMA " SNAP ".journal_mode = OFF;"
                           "PRAGMA " SNAP ".synchronous = OFF;" "PRAGMA " SNAP ".cache_size = -65536", error);
}

/* Every row of entity, then off with what the scope may not see (see the end of
 * loket-store-scope.c for why in this order). */
static gboolean
copy_entity (LoketStore *self, const LoketStoreScope *scope, const char *entity,
             GError **error)
{
  /* entity is one of the schema's own table names, never input, so it may be formatted in. */
  g_autofree char *copy = g_strdup_printf ("INSERT INTO " SNAP ".%s SELECT * FROM main.%s",
                                           entity, entity);
  g_autofree char *table = g_strconcat (SNAP ".", entity, NULL);
  g_autofree char *prune = loket_store_scope_prune_sql (entity, table);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!loket_db_exec (self->db, copy, error))
    return FALSE;
  if (prune == NULL)
    return TRUE;
  if ((stmt = loket_db_prepare (self->db, prune, error)) == NULL)
    return FALSE;
  loket_store_scope_bind (stmt, scope);
  return loket_db_step_done (self->db, stmt, error);
}

/* Every trigger of the file keeps a derived table (the search index, domain v5).  On while rows
 * are copied, they would index each row on its own, and keep SQLite from copying those tables as
 * whole records; so they are off until the copies are pruned, then the derived tables are made
 * from the rows that stayed, in one statement, and they come back (put_back_triggers). */
static gboolean
take_triggers (LoketStore *self, GPtrArray *triggers, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT name, sql FROM " SNAP ".sqlite_master WHERE type = 'trigger'", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_ptr_array_add (names, g_strdup (column_text (stmt, 0)));
      g_ptr_array_add (triggers, g_strdup (column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  for (guint i = 0; ok && i < names->len; i++)
    {
      char *drop = sqlite3_mprintf ("DROP TRIGGER " SNAP ".\"%w\"", names->pdata[i]);

      ok = loket_db_exec (self->db, drop, error);
      sqlite3_free (drop);
    }
  return ok;
}

static gboolean
put_back_triggers (LoketStore *self, GPtrArray *triggers, GError **error)
{
  static const char create[] = "CREATE TRIGGER ";
  g_autofree char *fill = loket_schema_fill_derived_sql (SNAP);
  gboolean ok = loket_db_exec (self->db, fill, error);

  for (guint i = 0; ok && i < triggers->len; i++)
    {
      const char *sql = g_ptr_array_index (triggers, i);
      g_autofree char *in_file = NULL;

      /* SQLite keeps the statement that made it, as the migration wrote it: no schema named. */
      g_assert (g_str_has_prefix (sql, create));
      in_file = g_strconcat (create, SNAP ".", sql + strlen (create), NULL);
      ok = loket_db_exec (self->db, in_file, error);
    }
  return ok;
}

static gboolean
read_head (LoketStore *self, gint64 *head, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT coalesce (max (seq), 0) FROM main.change_log", error);
  gboolean has_row;

  if (stmt == NULL || !loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  *head = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Every entity with a rule of scope (the others are never sent), and the head, from one read
 * transaction.  A deferred BEGIN writes only the attached file and the temporary table, so the
 * server's database stays open to other writers (loket-sync's subcommands) while it fills. */
static gboolean
copy_all (LoketStore *self, const LoketStoreScope *scope, gint64 *head, GError **error)
{
  const char *const *entities = loket_schema_entities ();
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  if (!loket_db_exec (self->db, "BEGIN", error))
    return FALSE;
  ok = take_triggers (self, triggers, error)
       && loket_store_scope_begin_snapshot (self, scope, error);
  for (guint i = 0; ok && entities[i] != NULL; i++)
    ok = !loket_store_scope_knows (entities[i]) || copy_entity (self, scope, entities[i], error);
  if (ok && put_back_triggers (self, triggers, error) && read_head (self, head, error)
      && loket_store_scope_end_snapshot (self, error) && loket_db_commit (self->db, error))
    return TRUE;
  loket_db_rollback (self->db);
  return FALSE;
}

/* Fills the (empty, replica-schema) file at path with what scope sees. */
static gboolean
fill (LoketStore *self, const LoketStoreScope *scope, const char *path, gint64 *head,
      GError **error)
{
  gboolean ok;

  if (!attach (self, path, error))
    {
      loket_db_exec (self->db, "DETACH DATABASE " SNAP, NULL);
      return FALSE;
    }
  /* Off while copying: SQLite copies a whole table as whole records only without them, and
   * these are copies of rows checked when they were written. */
  ok = loket_db_exec (self->db, "PRAGMA foreign_keys = OFF", error)
       && copy_all (self, scope, head, error);
  if (!loket_db_exec (self->db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    ok = FALSE;
  if (!loket_db_exec (self->db, "DETACH DATABASE " SNAP, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

static LoketStoreScope *
scope_of_device (LoketStore *self, const char *device_id, GError **error)
{
  g_autoptr(JsonObject) device = NULL;

  if (!loket_db_query_row (self->db, "SELECT user_id FROM devices WHERE id = ?", device_id,
                           &device, error))
    return NULL;
  if (device == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("This desk is not known here"));
      return NULL;
    }
  return loket_store_scope_for_user (self, member_text (device, "user_id"), error);
}

gboolean
loket_store_build_snapshot (LoketStore *self, const char *device_id, const char *path,
                            gint64 *cursor, GError **error)
{
  g_autoptr(LoketStoreScope) scope = NULL;
  gint64 head = 0;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  if (!check_empty (path, error)
      || (scope = scope_of_device (self, device_id, error)) == NULL
      || !create_replica_file (path, error)
      || !fill (self, scope, path, &head, error)
      /* The device now holds everything up to head, as after a pull from 0 that began there. */
      || !loket_store_note_pull (self, device_id, scope, head, head, error))
    return FALSE;
  *cursor = head;
  return TRUE;
}
