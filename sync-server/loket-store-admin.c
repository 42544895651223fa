/* loket-store-admin.c — what an administrator does to the store from the command line: list the
 * devices and revoke them, move a user to another location or team, compact the change log.
 *
 * These run from a second process (loket-sync DEVICES / REVOKE-… subcommands) while the server
 * may be running on the same file: WAL lets both read, busy_timeout (set by loket_db_open) lets
 * the short writes here wait for the server's.  A revoked device's token stops working at once,
 * because the server checks `revoked` on every authenticated request; nothing is cached.
 *
 * The messages here are for administrators and logs: English, not translated.
 */
#include "config.h"

#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
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

  if (!loket_db_query_row (self->db, "SELECT id FROM users WHERE username = ?", username, &user,
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

/* ---- moving a user ------------------------------------------------------------------------------ */

/* The id of a location or team given by id or by name (any case); NULL and NOT_FOUND when it
 * names none, or more than one. */
static char *
resolve_named (LoketStore *self, const char *table, const char *what, const char *given,
               GError **error)
{
  /* table is one of two literals below, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?1"
                                          " OR name = ?1 COLLATE NOCASE ORDER BY id = ?1 DESC",
                                          table);
  g_autoptr(JsonArray) rows = select_rows (self, sql, given, error);

  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "there is no %s '%s'", what, given);
      return NULL;
    }
  if (json_array_get_length (rows) > 1
      && g_strcmp0 (member_text (json_array_get_object_element (rows, 0), "id"), given) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "more than one %s is called '%s'; give its id", what, given);
      return NULL;
    }
  return g_strdup (member_text (json_array_get_object_element (rows, 0), "id"));
}

static gboolean
update_user (LoketStore *self, const char *user_id, const char *location_id,
             gboolean set_team, const char *team_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "UPDATE users SET location_id = coalesce (?2, location_id),"
    " team_id = CASE WHEN ?3 THEN ?4 ELSE team_id END WHERE id = ?1", error);
  g_autofree char *now = loket_protocol_now ();

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, user_id);
  loket_db_bind_text (stmt, 2, location_id);
  sqlite3_bind_int (stmt, 3, set_team);
  loket_db_bind_text (stmt, 4, team_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "users", user_id, now, error);
}

JsonObject *
loket_store_move_user (LoketStore *self, const char *username, const char *location,
                       const char *team, GError **error)
{
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *location_id = NULL;
  g_autofree char *team_id = NULL;
  gboolean no_team = team != NULL && (*team == '\0' || g_ascii_strcasecmp (team, "none") == 0);

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  if (!loket_db_query_row (self->db, "SELECT id FROM users WHERE username = ?", username, &user,
                               error))
    return NULL;
  if (user == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "there is no user with the name '%s'", username);
      return NULL;
    }
  if ((location != NULL
       && (location_id = resolve_named (self, "locations", "location", location, error)) == NULL)
      || (team != NULL && !no_team
          && (team_id = resolve_named (self, "teams", "team", team, error)) == NULL))
    return NULL;

  if (!loket_db_begin (self->db, error))
    return NULL;
  if (!update_user (self, member_text (user, "id"), location_id, team != NULL, team_id, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return NULL;
    }
  g_clear_pointer (&user, json_object_unref);
  if (!loket_db_query_row (self->db, "SELECT u.id, u.username, u.display_name, u.role_id,"
                               " l.name AS location, t.name AS team FROM users u"
                               " LEFT JOIN locations l ON l.id = u.location_id"
                               " LEFT JOIN teams t ON t.id = u.team_id WHERE u.username = ?",
                               username, &user, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* ---- compaction --------------------------------------------------------------------------------- */

#define HORIZON_KEY "compaction_horizon"

gint64
loket_store_get_horizon (LoketStore *self)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  const char *value;

  g_return_val_if_fail (LOKET_IS_STORE (self), 0);

  if (!loket_db_query_row (self->db, "SELECT value FROM server_state WHERE key = ?", HORIZON_KEY,
                               &row, &error))
    {
      g_warning ("%s", error->message);
      return 0;
    }
  value = row != NULL ? member_text (row, "value") : NULL;
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* The first two columns of the first row of a query with at most one parameter: text, or
 * number when text is NULL. */
static gboolean
query_int64 (LoketStore *self, const char *sql, const char *text, gint64 number, gint64 *out,
             gint64 *second, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0 && text != NULL)
    loket_db_bind_text (stmt, 1, text);
  else if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, number);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *out = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  if (second != NULL)
    *second = has_row ? sqlite3_column_int64 (stmt, 1) : 0;
  return TRUE;
}

/* Runs a DELETE and says how many rows went. */
static gboolean
delete_counted (LoketStore *self, const char *sql, gint64 bound, gint64 *removed,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (bound >= 0)
    sqlite3_bind_int64 (stmt, 1, bound);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  *removed = sqlite3_changes64 (loket_db_get_handle (self->db));
  return TRUE;
}

static gboolean
set_horizon (LoketStore *self, gint64 horizon, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO server_state (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, horizon);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, HORIZON_KEY);
  loket_db_bind_text (stmt, 2, value);
  return loket_store_run_write (self, stmt, error);
}

/* The oldest cursor an active device acknowledged, or the head when no device is active.  A
 * device that never pulled (seen_at NULL) starts from 0 anyway and holds nothing back. */
static gboolean
oldest_active_cursor (LoketStore *self, guint active_days, GDateTime *now,
                      LoketStoreCompaction *result, GError **error)
{
  g_autoptr(GDateTime) cutoff_time = g_date_time_add_days (now, -(gint) MIN (active_days, 36500));
  g_autofree char *cutoff = loket_protocol_format_time (g_date_time_to_unix (cutoff_time));
  gint64 active = 0;

  if (!query_int64 (self, "SELECT min (pull_cursor), count (*) FROM devices WHERE revoked = 0"
                    " AND seen_at IS NOT NULL AND seen_at > ?", cutoff, 0,
                    &result->oldest_cursor, &active, error))
    return FALSE;
  result->active = (guint) active;
  if (active == 0)
    return query_int64 (self, "SELECT coalesce (max (seq), 0) FROM change_log", NULL, 0, &result->oldest_cursor, NULL, error);
  return TRUE;
}

static gboolean
compact_in_transaction (LoketStore *self, guint active_days, GDateTime *now,
                        LoketStoreCompaction *result, GError **error)
{
  gint64 newest_dropped = 0;

  result->horizon = loket_store_get_horizon (self);
  if (!oldest_active_cursor (self, active_days, now, result, error)
      /* Rows are whole images: only the newest entry of a row is ever needed. */
      || !delete_counted (self, "DELETE FROM change_log WHERE seq NOT IN"
                          " (SELECT max (seq) FROM change_log GROUP BY entity, row_id)", -1,
                          &result->superseded, error)
      || !query_int64 (self, "SELECT coalesce (max (seq), 0) FROM change_log WHERE op = 'delete'"
                       " AND seq <= ?", NULL, result->oldest_cursor,
                       &newest_dropped, NULL, error)
      || !delete_counted (self, "DELETE FROM change_log WHERE op = 'delete' AND seq <= ?",
                          result->oldest_cursor, &result->tombstones, error))
    return FALSE;
  if (newest_dropped <= result->horizon)
    return TRUE;
  result->horizon = newest_dropped;
  return set_horizon (self, newest_dropped, error);
}

gboolean
loket_store_compact (LoketStore *self, guint active_days, GDateTime *now,
                     LoketStoreCompaction *result, GError **error)
{
  LoketStoreCompaction local = { 0 };

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (result == NULL)
    result = &local;
  memset (result, 0, sizeof *result);
  if (!loket_db_begin (self->db, error))
    return FALSE;
  if (!compact_in_transaction (self, active_days, now, result, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}
