/* loket-store-admin.c — what an administrator does to the store from the command line: list the
 * devices and revoke them.
 *
 * These run from a second process (loket-sync DEVICES / REVOKE-… subcommands) while the server
 * may be running on the same file: WAL lets both read, busy_timeout (set by loket_db_open) lets
 * the short writes here wait for the server's.  A revoked device's token stops working at once,
 * because the server checks `revoked` on every authenticated request; nothing is cached.
 *
 * The messages here are for administrators and logs: English, not translated.
 */
#include "config.h"

#include "loket-error.h"
#include "loket-store-private.h"

/* One device with its user's name, in the shape the subcommands print. */
#define DEVICE_COLUMNS_SQL \
  "SELECT d.id, u.username, d.name, d.created_at, d.revoked, d.last_seq" \
  " FROM devices d JOIN users u ON u.id = d.user_id"

/* Every row of a query with an optional text parameter, as JSON objects. */
static JsonArray *
select_rows (LoketStore *self, const char *sql, const char *key, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);
  g_autoptr(JsonArray) rows = NULL;
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  if (key != NULL)
    loket_db_bind_text (stmt, 1, key);
  rows = json_array_new ();
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    json_array_add_object_element (rows, loket_db_row_to_json (stmt));
  return ok ? g_steal_pointer (&rows) : NULL;
}

static gboolean
run_update (LoketStore *self, const char *sql, const char *key, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, key);
  return loket_store_run_write (self, stmt, error);
}

JsonArray *
loket_store_list_devices (LoketStore *self, GError **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  return select_rows (self, DEVICE_COLUMNS_SQL " ORDER BY d.created_at, d.rowid", NULL, error);
}

/* Reads the rows (as they were) and revokes them in one transaction, so what is reported is
 * exactly what was changed even while the server writes. */
static JsonArray *
revoke_where (LoketStore *self, const char *where, const char *key, GError **error)
{
  g_autofree char *select = g_strconcat (DEVICE_COLUMNS_SQL " WHERE ", where,
                                         " ORDER BY d.created_at, d.rowid", NULL);
  g_autofree char *update = g_strconcat ("UPDATE devices AS d SET revoked = 1 WHERE ", where,
                                         NULL);
  g_autoptr(JsonArray) rows = NULL;

  if (!loket_db_begin (self->db, error))
    return NULL;
  rows = select_rows (self, select, key, error);
  if (rows == NULL || !run_update (self, update, key, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

JsonObject *
loket_store_revoke_device (LoketStore *self, const char *device_id, GError **error)
{
  g_autoptr(JsonArray) rows = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  rows = revoke_where (self, "d.id = ?", device_id, error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "there is no device with the id '%s' (see 'loket-sync --db PATH devices')",
                   device_id);
      return NULL;
    }
  return json_object_ref (json_array_get_object_element (rows, 0));
}

JsonArray *
loket_store_revoke_user (LoketStore *self, const char *username, GError **error)
{
  g_autoptr(JsonObject) user = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  if (!loket_store_select_row (self, "SELECT id FROM users WHERE username = ?", username, &user,
                               error))
    return NULL;
  if (user == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "there is no user with the name '%s'", username);
      return NULL;
    }
  return revoke_where (self, "d.user_id = (SELECT id FROM users WHERE username = ?)", username,
                       error);
}
