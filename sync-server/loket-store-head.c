/* loket-store-head.c — the newest entry of the change log, for the live channel.
 *
 * Kept apart from loket-store.c so the live channel can ask for it without touching the
 * store's write paths. */
#include "config.h"

#include "loket-store-private.h"

gint64
loket_store_get_head (LoketStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), 0);

  /* seq is the INTEGER PRIMARY KEY: max() reads the last page of the b-tree, not the log. */
  stmt = loket_db_prepare (self->db, "SELECT coalesce (max (seq), 0) FROM change_log", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}
