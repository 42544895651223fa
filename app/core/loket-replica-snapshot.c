/* loket-replica-snapshot.c — a first download from a snapshot file.
 *
 * A desk that downloads everything (the first sign-in, or after resync_required) gets from the
 * server a ready SQLite file holding what a pull from 0 would give its user, up to a cursor
 * (GET /v1/sync/snapshot); the change log after that cursor comes in pages as usual.  Adopting
 * the file is a swap, not hundreds of thousands of upserts:
 *
 *   1. the file must be a replica of this very schema version, or it is refused (the sync then
 *      pages from 0 instead);
 *   2. the desk's own tables (outbox, sync state with the session, sync issues) are copied into
 *      it, with the snapshot's cursor, in one transaction;
 *   3. the replica's connection closes after a full checkpoint, the empty -wal and -shm files
 *      go, the file is renamed over the replica and the directory synced: a crash at any point
 *      leaves either the old replica or the new one, each with the whole outbox;
 *   4. the replica opens again and the pending outbox is replayed on top (rebase).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "loket-error.h"
#include "loket-replica-private.h"

char *
loket_replica_dup_snapshot_path (LoketReplica *self)
{
  const char *path;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  path = loket_db_get_path (loket_replica_get_db (self));
  if (path == NULL || *path == '\0' || g_str_has_prefix (path, ":memory:")
      || g_str_has_prefix (path, "file:"))
    return NULL;
  return g_strconcat (path, ".download", NULL);
}

/* A file SQLite cannot read counts as a download of another kind, like another version. */
static gboolean
attach (LoketDb *db, const char *path, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, "ATTACH DATABASE ? AS snapshot", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, path);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE,
               _("The server's download is no replica Loket can read: %s"),
               sqlite3_errmsg (loket_db_get_handle (db)));
  return FALSE;
}

static gint64
pragma_int (LoketDb *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/* The same migrations made both files, so their tables have the same columns in order. */
static gboolean
check_version (LoketDb *db, GError **error)
{
  gint64 theirs = pragma_int (db, "PRAGMA snapshot.user_version");

  if (theirs == pragma_int (db, "PRAGMA main.user_version") && theirs > 0)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE,
               _("The server's download is for another version of Loket (%d, this desk has "
                 "%u)."), (int) theirs, loket_db_get_version (db));
  return FALSE;
}

/* The desk's own tables: every table of the replica that is neither replicated data nor derived
 * from it (the search index, made in the snapshot file itself). */
static GPtrArray *
local_tables (LoketDb *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
    " ESCAPE '\\' ORDER BY name", error);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!loket_schema_is_entity (name) && !loket_schema_is_derived (name))
        g_ptr_array_add (tables, g_strdup (name));
    }
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&tables);
}

static gboolean
copy_table (LoketDb *db, const char *table, GError **error)
{
  char *sql = sqlite3_mprintf ("DELETE FROM snapshot.\"%w\";"
                               "INSERT INTO snapshot.\"%w\" SELECT * FROM main.\"%w\"",
                               table, table, table);
  gboolean ok = loket_db_exec (db, sql, error);

  sqlite3_free (sql);
  return ok;
}

static gboolean
set_cursor (LoketDb *db, gint64 cursor, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "INSERT OR REPLACE INTO snapshot.sync_state (key, value) VALUES ('cursor', ?)", error);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, text);
  return loket_db_step_done (db, stmt, error);
}

/* Steps 1 and 2, with the snapshot attached to the replica's connection. */
static gboolean
carry_local_state (LoketDb *db, gint64 cursor, GError **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  if (!check_version (db, error) || (tables = local_tables (db, error)) == NULL
      || !loket_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    if (!copy_table (db, g_ptr_array_index (tables, i), error))
      goto fail;
  if (!set_cursor (db, cursor, error) || !loket_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  loket_db_rollback (db);
  return FALSE;
}

/* Everything of the write-ahead log in the database file, so that the log can go: a log left
 * next to the new file would be replayed into it. */
static gboolean
checkpoint (LoketDb *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, "PRAGMA main.wal_checkpoint (TRUNCATE)",
                                                   error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return loket_db_fail (db, error);
  if (sqlite3_column_int (stmt, 0) == 0)
    return TRUE;
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
                       _("The replica is in use by another program; the download waits."));
  return FALSE;
}

static gboolean
remove_if_there (const char *path, const char *suffix, GError **error)
{
  g_autofree char *file = g_strconcat (path, suffix, NULL);

  if (g_unlink (file) == 0 || errno == ENOENT)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot remove %s: %s"), file,
               g_strerror (errno));
  return FALSE;
}

/* A rename is durable once its directory is on the disk. */
static void
sync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_warning ("Syncing %s failed: %s", dir, g_strerror (errno));
  close (fd);
}

/* Step 3; the replica is open again afterwards, on the new file or (after a failure) the old. */
static gboolean
swap_files (LoketReplica *self, const char *snapshot, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autofree char *path = g_strdup (loket_db_get_path (db));
  g_autoptr(LoketDb) reopened = NULL;
  gboolean swapped;

  if (!checkpoint (db, error))
    return FALSE;
  loket_replica_set_db (self, NULL);
  swapped = remove_if_there (path, "-wal", error) && remove_if_there (path, "-shm", error);
  if (swapped && g_rename (snapshot, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot put the download in place of %s: %s"), path, g_strerror (errno));
      swapped = FALSE;
    }
  if (swapped)
    sync_directory (path);
  reopened = loket_db_open (path, LOKET_SCHEMA_REPLICA, swapped ? error : NULL);
  if (reopened == NULL)
    g_critical ("The replica %s cannot be opened again", path);
  loket_replica_set_db (self, reopened);
  return swapped && reopened != NULL;
}

static gboolean
rebase (LoketReplica *self, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);

  if (!loket_db_begin (db, error))
    return FALSE;
  if (loket_replica_rebase (self, error) && loket_db_commit (db, error))
    return TRUE;
  loket_db_rollback (db);
  return FALSE;
}

gboolean
loket_replica_adopt_snapshot (LoketReplica *self, const char *path, gint64 cursor,
                              GError **error)
{
  LoketDb *db;
  gboolean carried;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (path != NULL && cursor >= 0, FALSE);

  db = loket_replica_get_db (self);
  if (!attach (db, path, error))
    return FALSE;
  carried = carry_local_state (db, cursor, error);
  if (!loket_db_exec (db, "DETACH DATABASE snapshot", carried ? error : NULL) || !carried
      || !swap_files (self, path, error))
    return FALSE;
  /* The rows are the server's now; what is still pending shows on top of them again. */
  if (!rebase (self, error))
    return FALSE;
  loket_replica_emit_changed (self);
  return TRUE;
}
