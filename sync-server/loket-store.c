/* loket-store.c — the server's store: the authority of the sync contract (DESIGN.md).
 *
 * A desk pushes intent mutations with a per-device sequence number.  Each one is applied in its
 * own BEGIN IMMEDIATE transaction together with its outcome and the device's last_seq, so a
 * crash either keeps all three or none; a repeated number is answered from the stored outcome
 * and never applied twice.  Every effect is appended to the change log, which desks pull.
 *
 * The business rules never drop a change silently: a mutation that cannot be applied gets an
 * explicit `rejected` outcome and still consumes its sequence number; a booking whose slot is
 * gone is kept with status "rejected" so the desk can show it with its customer.  Only a
 * failing database stops a batch, and then nothing of the failing mutation remains.
 *
 * This file holds the object, the SQL and change-log helpers the other parts share, logging
 * every row, the demo, login and pull; loket-store-private.h says where the rest lives.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-demo.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-private.h"

G_DEFINE_FINAL_TYPE (LoketStore, loket_store, G_TYPE_OBJECT)

static void
loket_store_finalize (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->case_type_of, g_hash_table_unref);
  g_clear_pointer (&self->seen_customers, g_hash_table_unref);

  G_OBJECT_CLASS (loket_store_parent_class)->finalize (object);
}

static void
loket_store_class_init (LoketStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_store_finalize;
}

static void
loket_store_init (LoketStore *self)
{
  self->case_type_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen_customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_hash_table_unref);
}

LoketStore *
loket_store_open (const char *path, GError **error)
{
  g_autoptr(LoketStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LOKET_TYPE_STORE, NULL);
  self->db = loket_db_open (path, LOKET_SCHEMA_SERVER, error);
  /* A pull looks up the rows each change log entry points to (loket-store-scope.c): keep the
   * pages it needs in memory rather than reading them again for every page of a download. */
  if (self->db == NULL || !loket_db_exec (self->db, "PRAGMA foreign_keys = ON;"
                                          "PRAGMA cache_size = -32768", error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketStore *
loket_store_open_reader (LoketStore *writer, GError **error)
{
  g_autoptr(LoketStore) self = NULL;
  const char *path;

  g_return_val_if_fail (LOKET_IS_STORE (writer), NULL);

  path = loket_db_get_path (writer->db);
  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
                   "A database in memory has no second connection");
      return NULL;
    }
  self = g_object_new (LOKET_TYPE_STORE, NULL);
  self->is_reader = TRUE;
  self->db = loket_db_open_reader (path, error);
  if (self->db == NULL || !loket_db_exec (self->db, "PRAGMA cache_size = -8192", error))
    return NULL;
  return g_steal_pointer (&self);
}

void
loket_store_reader_set_generation (LoketStore *self, guint64 generation)
{
  g_return_if_fail (LOKET_IS_STORE (self) && self->is_reader);
  self->outside_generation = generation;
}

LoketDb *
loket_store_get_db (LoketStore *self)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  return self->db;
}

/* ---- small SQL helpers ---------------------------------------------------------------------- */

/* One step of a query: TRUE with *has_row set, FALSE on a database error. */
gboolean
loket_store_step_row (LoketStore *self, sqlite3_stmt *stmt, gboolean *has_row, GError **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return loket_db_fail (self->db, error);
}

/* Runs a write; remembers SQLite's code when it fails (see apply_in_transaction in
 * loket-store-push.c). */
gboolean
loket_store_run_write (LoketStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (loket_db_step_done (self->db, stmt, error))
    return TRUE;
  self->write_rc = sqlite3_extended_errcode (loket_db_get_handle (self->db));
  return FALSE;
}

JsonObject *
loket_store_parse_json_object (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* Always FALSE, with LOKET_ERROR_INVALID set. */
gboolean
loket_store_invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LOKET_ERROR, LOKET_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/* ---- change log ----------------------------------------------------------------------------- */

/* row_json NULL appends a tombstone. */
gboolean
loket_store_log_change (LoketStore *self, const char *entity, const char *id,
                        const char *row_json, const char *at, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO change_log (entity, row_id, op, row, at) VALUES (?, ?, ?, ?, ?)", error);

  /* Any logged change may change a public answer (a booking, a rule, a closure): the public
   * cache starts over.  A change rolled back later only costs one computation too many. */
  self->web_generation++;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, entity);
  loket_db_bind_text (stmt, 2, id);
  loket_db_bind_text (stmt, 3, row_json != NULL ? "upsert" : "delete");
  loket_db_bind_text (stmt, 4, row_json);
  loket_db_bind_text (stmt, 5, at);
  return loket_store_run_write (self, stmt, error);
}

gboolean
loket_store_log_upsert (LoketStore *self, const char *entity, const char *id, const char *at,
                        GError **error)
{
  /* The row as JSON text straight from SQLite (json_object), not built and printed again. */
  g_autofree char *text = loket_db_get_row_text (self->db, entity, id, error);

  return text != NULL && loket_store_log_change (self, entity, id, text, at, error);
}

static gboolean
log_entity_rows (LoketStore *self, const char *entity, const char *at, GError **error)
{
  /* entity is one of the schema's own table names, never input, so it may be formatted in. */
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", entity);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);
  const char *key_column = loket_schema_key_column (entity);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autofree char *text = loket_protocol_to_string (row);

      if (!loket_store_log_change (self, entity, member_text (row, key_column), text, at, error))
        return FALSE;
    }
  return ok;
}

gboolean
loket_store_log_snapshot (LoketStore *self, GError **error)
{
  const char *const *entities = loket_schema_entities ();
  g_autofree char *now = loket_protocol_now ();

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);

  if (!loket_db_begin (self->db, error))
    return FALSE;
  for (guint i = 0; entities[i] != NULL; i++)
    if (!log_entity_rows (self, entities[i], now, error))
      {
        loket_db_rollback (self->db);
        return FALSE;
      }
  if (!loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_store_is_empty (LoketStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);

  stmt = loket_db_prepare (self->db, "SELECT EXISTS (SELECT 1 FROM locations)", &error);
  if (stmt == NULL || !loket_store_step_row (self, stmt, &has_row, &error) || !has_row)
    {
      /* Unknown is not empty: never load the demo over data we could not read. */
      g_warning ("%s", error != NULL ? error->message : "No answer from the database");
      return FALSE;
    }
  return sqlite3_column_int (stmt, 0) == 0;
}

gboolean
loket_store_load_demo (LoketStore *self, GDateTime *now, GError **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!loket_store_is_empty (self))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("The database %s already holds data; the demo loads only into an empty one"),
                   loket_db_get_path (self->db));
      return FALSE;
    }
  return loket_demo_load (self->db, now, error) && loket_store_log_snapshot (self, error);
}

/* ---- login and devices ---------------------------------------------------------------------- */

static gboolean
unauthorized (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                       _("Unknown user name or wrong password"));
  return FALSE;
}

/* A real hash to check against when the user does not exist, so that a wrong user name takes
 * as long as a wrong password and the answer time does not reveal which names exist. */
static const char *
dummy_hash (void)
{
  static const char *hash;

  if (g_once_init_enter (&hash))
    {
      char *made = loket_auth_hash_password ("loket: no such user", NULL);

      g_once_init_leave (&hash, made != NULL ? made : "*");
    }
  return hash;
}

static char *
create_device (LoketStore *self, const char *user_id, const char *name, const char *token,
               GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *digest = loket_auth_token_digest (token);
  g_autofree char *now = loket_protocol_now ();
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO devices (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, user_id);
  loket_db_bind_text (stmt, 3, name != NULL ? name : "");
  loket_db_bind_text (stmt, 4, digest);
  loket_db_bind_text (stmt, 5, now);
  if (!loket_store_run_write (self, stmt, error))
    return NULL;
  return g_steal_pointer (&id);
}

JsonObject *
loket_store_login (LoketStore *self, const char *username, const char *password,
                   const char *device_name, GError **error)
{
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) secret = NULL;
  g_autofree char *token = NULL;
  g_autofree char *device_id = NULL;
  const char *hash;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!loket_db_query_row (self->db, "SELECT id, username, display_name, role_id, location_id,"
                               " team_id FROM users WHERE username = ?", username, &user, error))
    return NULL;
  if (user != NULL
      && !loket_db_query_row (self->db, "SELECT password_hash FROM user_secrets WHERE user_id = ?",
                                  member_text (user, "id"), &secret, error))
    return NULL;

  hash = secret != NULL ? member_text (secret, "password_hash") : NULL;
  if (hash == NULL)
    {
      loket_auth_verify_password (password, dummy_hash ());
      unauthorized (error);
      return NULL;
    }
  if (!loket_auth_verify_password (password, hash))
    {
      unauthorized (error);
      return NULL;
    }

  token = loket_auth_new_token ();
  device_id = create_device (self, member_text (user, "id"), device_name, token, error);
  if (device_id == NULL)
    return NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "token", token);
  json_object_set_string_member (answer, "device_id", device_id);
  json_object_set_object_member (answer, "user", g_steal_pointer (&user));
  explicit_bzero (token, strlen (token));
  return answer;
}

gboolean
loket_store_continue_device (LoketStore *self, const char *device_id, const char *previous_id,
                             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (device_id != NULL && previous_id != NULL, FALSE);

  stmt = loket_db_prepare (self->db,
    "UPDATE devices SET scope = p.scope, full_pull_head = p.full_pull_head,"
    " full_pull_horizon = p.full_pull_horizon, pull_cursor = p.pull_cursor, seen_at = p.seen_at"
    " FROM (SELECT user_id, scope, full_pull_head, full_pull_horizon, pull_cursor, seen_at"
    "       FROM devices WHERE id = ?2) AS p"
    " WHERE devices.id = ?1 AND devices.user_id = p.user_id", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, device_id);
  loket_db_bind_text (stmt, 2, previous_id);
  return loket_store_run_write (self, stmt, error);
}

char *
loket_store_authenticate (LoketStore *self, const char *token, GError **error)
{
  g_autofree char *digest = NULL;
  g_autoptr(JsonObject) device = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                           _("This desk is not logged in; log in again"));
      return NULL;
    }
  digest = loket_auth_token_digest (token);
  if (!loket_db_query_row (self->db, "SELECT id FROM devices WHERE token_hash = ? AND revoked = 0",
                               digest, &device, error))
    return NULL;
  if (device == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                           _("This desk's login is unknown or was revoked; log in again"));
      return NULL;
    }
  return g_strdup (member_text (device, "id"));
}

/* -1 for an unknown device. */
gint64
loket_store_get_device_seq (LoketStore *self, const char *device_id)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), -1);
  g_return_val_if_fail (device_id != NULL, -1);

  if (!loket_db_query_row (self->db, "SELECT last_seq FROM devices WHERE id = ?", device_id,
                               &device, &error))
    {
      g_warning ("%s", error->message);
      return -1;
    }
  return device != NULL ? json_object_get_int_member (device, "last_seq") : -1;
}

/* ---- pull ----------------------------------------------------------------------------------- */

G_DEFINE_QUARK (loket-store-error-quark, loket_store_error)

static gint64
log_head (LoketStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
                                                   "SELECT coalesce (max (seq), 0) FROM change_log",
                                                   NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Whether a device may go on from since, or must start over (LOKET_STORE_ERROR). */
static gboolean
check_continuation (LoketStore *self, JsonObject *device, const LoketStoreScope *scope,
                    gint64 since, GError **error)
{
  gint64 horizon;

  if (since == 0)
    return TRUE;
  if (g_strcmp0 (member_text (device, "scope"), scope->key) != 0)
    {
      g_set_error_literal (error, LOKET_STORE_ERROR, LOKET_STORE_ERROR_SCOPE_CHANGED,
                           "What this desk's user may see has changed: download everything "
                           "again from 0.");
      return FALSE;
    }
  /* Tombstones dropped before the device's full pull began concern rows it never got. */
  horizon = loket_store_get_horizon (self);
  if (since < horizon
      && horizon > json_object_get_int_member_with_default (device, "full_pull_horizon", 0))
    {
      g_set_error_literal (error, LOKET_STORE_ERROR, LOKET_STORE_ERROR_CURSOR_COMPACTED,
                           "The changes after this desk's cursor were compacted away: download "
                           "everything again from 0.");
      return FALSE;
    }
  return TRUE;
}

static const char note_full_sql[] =
  "UPDATE devices SET pull_cursor = ?3, seen_at = ?2, scope = ?4, full_pull_head = ?5,"
  " full_pull_horizon = ?6 WHERE id = ?1";
/* Written when the cursor moved, or at most once an hour for seen_at. */
static const char note_cursor_sql[] =
  "UPDATE devices SET pull_cursor = ?3, seen_at = ?2 WHERE id = ?1"
  " AND (pull_cursor IS NOT ?3 OR seen_at IS NULL OR seen_at < ?4)";

/* A lost write only makes compaction more careful, so these commits do not wait for the disk
 * (synchronous = NORMAL in WAL mode). */
gboolean
loket_store_note_pull (LoketStore *self, const char *device_id, const LoketStoreScope *full,
                       gint64 full_pull_head, gint64 cursor, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, full != NULL ? note_full_sql
                                                                          : note_cursor_sql,
                                                   error);
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *hour_ago = loket_protocol_format_time (g_get_real_time () / G_USEC_PER_SEC
                                                          - 3600);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, device_id);
  loket_db_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, cursor);
  if (full != NULL)
    {
      loket_db_bind_text (stmt, 4, full->key);
      sqlite3_bind_int64 (stmt, 5, full_pull_head);
      sqlite3_bind_int64 (stmt, 6, loket_store_get_horizon (self));
    }
  else
    loket_db_bind_text (stmt, 4, hour_ago);
  if (!loket_db_exec (self->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  ok = loket_store_run_write (self, stmt, error);
  return loket_db_exec (self->db, "PRAGMA synchronous = FULL", ok ? error : NULL) && ok;
}

/* The device, its user's scope, and whether it may go on from since. */
static gboolean
begin_pull (LoketStore *self, const char *device_id, gint64 since, LoketStoreScope **scope,
            gint64 *full_pull_head, GError **error)
{
  g_autoptr(JsonObject) device = NULL;

  if (!loket_db_query_row (self->db, "SELECT user_id, scope, full_pull_head, full_pull_horizon"
                               " FROM devices WHERE id = ?", device_id, &device, error))
    return FALSE;
  if (device == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("This desk is not known here"));
      return FALSE;
    }
  *scope = loket_store_scope_for_user (self, member_text (device, "user_id"), error);
  /* A pull from 0 holds, once all its pages are in, everything up to the head it starts at. */
  if (*scope == NULL || !check_continuation (self, device, *scope, since, error)
      || !loket_store_note_pull (self, device_id, since == 0 ? *scope : NULL,
                                 since == 0 ? log_head (self) : 0, since, error))
    return FALSE;
  /* At a full pull the head it starts from is the one just stored. */
  *full_pull_head = since == 0 ? G_MAXINT64
                               : json_object_get_int_member_with_default (device,
                                                                          "full_pull_head", 0);
  return TRUE;
}

JsonObject *
loket_store_pull (LoketStore *self, const char *device_id, gint64 since, guint limit,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(LoketStoreScope) scope = NULL;
  g_autoptr(LoketStoreScopeFilter) filter = NULL;
  gint64 cursor = since, full_pull_head = 0;
  gboolean more = FALSE, ok, has_row;
  guint scanned = 0;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  if (since < 0)
    {
      loket_store_invalid (error, _("The pull cursor must not be negative"));
      return NULL;
    }
  if (!begin_pull (self, device_id, since, &scope, &full_pull_head, error)
      || (filter = loket_store_scope_filter_new (self, scope, since, full_pull_head,
                                                 error)) == NULL)
    return NULL;
  limit = CLAMP (limit, 1, LOKET_MAX_PULL_LIMIT);
  stmt = loket_db_prepare (self->db, "SELECT seq, entity, op, row_id, row FROM change_log"
                           " WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);  /* one more tells whether there is more */

  changes = json_array_new ();
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      if (scanned++ == limit)
        {
          more = TRUE;
          break;
        }
      cursor = sqlite3_column_int64 (stmt, 0);
      if (!loket_store_scope_filter_add (filter, stmt, changes, error))
        return NULL;
    }
  if (!ok)
    return NULL;

  answer = json_object_new ();
  json_object_set_int_member (answer, "cursor", cursor);
  json_object_set_boolean_member (answer, "more", more);
  /* The newest entry of the log, so a desk downloading many pages can show its progress. */
  json_object_set_int_member (answer, "head", more ? log_head (self) : cursor);
  json_object_set_array_member (answer, "changes", g_steal_pointer (&changes));
  return answer;
}
