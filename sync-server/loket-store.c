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
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-demo.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"
#include "loket-store.h"
#include "loket-validate.h"

#define MAX_PUBLIC_DAYS 366

struct _LoketStore
{
  GObject  parent_instance;

  LoketDb *db;
  int      write_rc;  /* SQLite's code of the last failed write, to tell bad data from a bad disk */
};

G_DEFINE_FINAL_TYPE (LoketStore, loket_store, G_TYPE_OBJECT)

/* The answer to one mutation. */
typedef struct
{
  const char *outcome;
  const char *code;
  char       *message;
  JsonObject *details;  /* nullable */
} Outcome;

typedef struct
{
  const char *device_id;
  const char *user_id;
  gint64      seq;
  const char *now;      /* server time of this mutation */
} Mutation;

static void
loket_store_finalize (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  g_clear_object (&self->db);

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
}

LoketStore *
loket_store_open (const char *path, GError **error)
{
  g_autoptr(LoketStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LOKET_TYPE_STORE, NULL);
  self->db = loket_db_open (path, LOKET_SCHEMA_SERVER, error);
  if (self->db == NULL || !loket_db_exec (self->db, "PRAGMA foreign_keys = ON", error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketDb *
loket_store_get_db (LoketStore *self)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  return self->db;
}

/* ---- small SQL helpers ---------------------------------------------------------------------- */

/* One step of a query: TRUE with *has_row set, FALSE on a database error. */
static gboolean
step_row (LoketStore *self, sqlite3_stmt *stmt, gboolean *has_row, GError **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return loket_db_fail (self->db, error);
}

/* Runs a write; remembers SQLite's code when it fails (see apply_in_transaction). */
static gboolean
run_write (LoketStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (loket_db_step_done (self->db, stmt, error))
    return TRUE;
  self->write_rc = sqlite3_extended_errcode (loket_db_get_handle (self->db));
  return FALSE;
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The first row of a query with one text parameter as JSON; *row stays NULL when there is none. */
static gboolean
select_row (LoketStore *self, const char *sql, const char *key, JsonObject **row, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);
  gboolean has_row;

  *row = NULL;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, key);
  if (!step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *row = loket_db_row_to_json (stmt);
  return TRUE;
}

static const char *
member_text (JsonObject *row, const char *member)
{
  return json_object_get_string_member_with_default (row, member, NULL);
}

/* ---- change log ----------------------------------------------------------------------------- */

/* row_json NULL appends a tombstone. */
static gboolean
log_change (LoketStore *self, const char *entity, const char *id, const char *row_json,
            const char *at, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO change_log (entity, row_id, op, row, at) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, entity);
  loket_db_bind_text (stmt, 2, id);
  loket_db_bind_text (stmt, 3, row_json != NULL ? "upsert" : "delete");
  loket_db_bind_text (stmt, 4, row_json);
  loket_db_bind_text (stmt, 5, at);
  return run_write (self, stmt, error);
}

static gboolean
log_upsert (LoketStore *self, const char *entity, const char *id, const char *at,
            GError **error)
{
  g_autoptr(JsonObject) row = loket_db_get_row (self->db, entity, id, error);
  g_autofree char *text = NULL;

  if (row == NULL)
    return FALSE;
  text = loket_protocol_to_string (row);
  return log_change (self, entity, id, text, at, error);
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
  while ((ok = step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autofree char *text = loket_protocol_to_string (row);

      if (!log_change (self, entity, member_text (row, key_column), text, at, error))
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
  if (stmt == NULL || !step_row (self, stmt, &has_row, &error) || !has_row)
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
  if (!run_write (self, stmt, error))
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

  if (!select_row (self, "SELECT id, username, display_name, role_id, location_id, team_id "
                   "FROM users WHERE username = ?", username, &user, error))
    return NULL;
  if (user != NULL
      && !select_row (self, "SELECT password_hash FROM user_secrets WHERE user_id = ?",
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
  if (!select_row (self, "SELECT id FROM devices WHERE token_hash = ? AND revoked = 0", digest,
                   &device, error))
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

  if (!select_row (self, "SELECT last_seq FROM devices WHERE id = ?", device_id, &device,
                   &error))
    {
      g_warning ("%s", error->message);
      return -1;
    }
  return device != NULL ? json_object_get_int_member (device, "last_seq") : -1;
}

/* ---- outcomes ------------------------------------------------------------------------------- */

static void
outcome_clear (Outcome *out)
{
  g_clear_pointer (&out->message, g_free);
  g_clear_pointer (&out->details, json_object_unref);
}

static gboolean outcome_set (Outcome *out, const char *outcome, const char *code,
                             JsonObject *details, const char *format, ...) G_GNUC_PRINTF (5, 6);

/* Sets the outcome; always returns TRUE (the mutation was handled, not failed). */
static gboolean
outcome_set (Outcome *out, const char *outcome, const char *code, JsonObject *details,
             const char *format, ...)
{
  va_list args;

  outcome_clear (out);
  out->outcome = outcome;
  out->code = code;
  out->details = details;
  va_start (args, format);
  out->message = g_strdup_vprintf (format, args);
  va_end (args);
  return TRUE;
}

static gboolean
outcome_applied (Outcome *out, JsonObject *details)
{
  return outcome_set (out, LOKET_OUTCOME_APPLIED, "", details, "%s", "");
}

static const char *
code_for_error (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
    return LOKET_CODE_SLOT_TAKEN;
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    return LOKET_CODE_CLOSED;
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    return LOKET_CODE_NOT_FOUND;
  return LOKET_CODE_INVALID;
}

static gboolean
outcome_reject_error (Outcome *out, const GError *error)
{
  return outcome_set (out, LOKET_OUTCOME_REJECTED, code_for_error (error), NULL, "%s",
                      error->message);
}

static JsonObject *
details_appointment (const char *appointment_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "appointment_id", appointment_id);
  return details;
}

/* details: transfer full, nullable. */
static JsonObject *
result_new (gint64 seq, const char *outcome, const char *code, const char *message,
            JsonObject *details)
{
  JsonObject *result = json_object_new ();

  json_object_set_int_member (result, "seq", seq);
  json_object_set_string_member (result, "outcome", outcome);
  json_object_set_string_member (result, "code", code != NULL ? code : "");
  json_object_set_string_member (result, "message", message != NULL ? message : "");
  if (details != NULL)
    json_object_set_object_member (result, "details", details);
  else
    json_object_set_null_member (result, "details");
  return result;
}

static JsonObject *
parse_json_object (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static gboolean
record_outcome (LoketStore *self, const Mutation *m, const Outcome *out, GError **error)
{
  g_autofree char *details = out->details != NULL ? loket_protocol_to_string (out->details) : NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO mutation_outcomes (device_id, seq, outcome, code, message, details) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, m->device_id);
  sqlite3_bind_int64 (stmt, 2, m->seq);
  loket_db_bind_text (stmt, 3, out->outcome);
  loket_db_bind_text (stmt, 4, out->code);
  loket_db_bind_text (stmt, 5, out->message);
  loket_db_bind_text (stmt, 6, details);
  return run_write (self, stmt, error);
}

/* Moves last_seq by exactly one; anything else means another writer got there first. */
static gboolean
advance_device (LoketStore *self, const Mutation *m, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "UPDATE devices SET last_seq = ?1 WHERE id = ?2 AND last_seq = ?1 - 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->seq);
  loket_db_bind_text (stmt, 2, m->device_id);
  if (!run_write (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (loket_db_get_handle (self->db)) != 1)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP,
                   _("Mutation %" G_GINT64_FORMAT " does not follow the device's last one"),
                   m->seq);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
stored_outcome (LoketStore *self, const char *device_id, gint64 seq, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT outcome, code, message, details FROM mutation_outcomes WHERE device_id = ? AND seq = ?",
    error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, device_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (!step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    return result_new (seq, LOKET_OUTCOME_APPLIED, "",
                       _("Applied earlier; its outcome is no longer kept"), NULL);
  return result_new (seq, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
                     parse_json_object (column_text (stmt, 3)));
}

/* ---- argument checks ------------------------------------------------------------------------ */

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LOKET_ERROR, LOKET_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
required_text (JsonObject *args, const char *member, const char **out, GError **error)
{
  if (!loket_protocol_get_string (args, member, out, error))
    return FALSE;
  for (const char *p = *out; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return invalid (error, _("The member “%s” must not be empty"), member);
}

/* An optional string; an empty one counts as absent. */
static gboolean
optional_text (JsonObject *args, const char *member, const char **out, GError **error)
{
  if (!loket_protocol_opt_string (args, member, out, error))
    return FALSE;
  if (*out != NULL && **out == '\0')
    *out = NULL;
  return TRUE;
}

static gboolean
one_of (const char *value, const char *member, const char *const *allowed, GError **error)
{
  if (value == NULL || g_strv_contains (allowed, value))
    return TRUE;
  return invalid (error, _("“%s” is not an allowed value of “%s”"), value, member);
}

/* ---- create_customer ------------------------------------------------------------------------ */

typedef struct
{
  const char *id, *kind, *name, *birth_date, *email, *phone, *preferred_channel;
  char       *bsn, *rrn, *kvk, *postcode;  /* normalised, owned */
} CustomerArgs;

static void
customer_args_clear (CustomerArgs *c)
{
  g_free (c->bsn);
  g_free (c->rrn);
  g_free (c->kvk);
  g_free (c->postcode);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CustomerArgs, customer_args_clear)

/* Checks an identity number and keeps only its digits, so "1234.56.782" and "123456782" are
 * the same person; an 8-digit BSN gets its leading zero back. */
static gboolean
identity_number (const char *text, gboolean (*check) (const char *, GError **), guint width,
                 char **out, GError **error)
{
  g_autofree char *digits = NULL;

  if (text == NULL)
    return TRUE;
  if (!check (text, error))
    return FALSE;
  digits = loket_validate_normalize_id (text);
  if (digits == NULL)
    return invalid (error, _("“%s” is not a number"), text);
  if (strlen (digits) < width)
    {
      char *padded = g_strnfill (width - strlen (digits), '0');

      *out = g_strconcat (padded, digits, NULL);
      g_free (padded);
      return TRUE;
    }
  *out = g_steal_pointer (&digits);
  return TRUE;
}

static gboolean
parse_customer (JsonObject *args, CustomerArgs *c, GError **error)
{
  static const char *const kinds[] = { "person", "organisation", NULL };
  static const char *const channels[] = { "telefoon", "email", "post", "digitaal", NULL };
  const char *bsn, *rrn, *kvk, *postcode;
  GDate date;

  if (!required_text (args, "id", &c->id, error)
      || !required_text (args, "name", &c->name, error)
      || !optional_text (args, "kind", &c->kind, error)
      || !optional_text (args, "bsn", &bsn, error)
      || !optional_text (args, "rrn", &rrn, error)
      || !optional_text (args, "kvk", &kvk, error)
      || !optional_text (args, "birth_date", &c->birth_date, error)
      || !optional_text (args, "email", &c->email, error)
      || !optional_text (args, "phone", &c->phone, error)
      || !optional_text (args, "postcode", &postcode, error)
      || !optional_text (args, "preferred_channel", &c->preferred_channel, error)
      || !one_of (c->kind, "kind", kinds, error)
      || !one_of (c->preferred_channel, "preferred_channel", channels, error)
      || !identity_number (bsn, loket_validate_bsn, 9, &c->bsn, error)
      || !identity_number (rrn, loket_validate_rrn, 0, &c->rrn, error)
      || !identity_number (kvk, loket_validate_kvk, 0, &c->kvk, error))
    return FALSE;
  if (c->birth_date != NULL && !loket_validate_date (c->birth_date, &date, error))
    return FALSE;
  if (c->email != NULL && !loket_validate_email (c->email, error))
    return FALSE;
  /* A Dutch postcode is normalised; a Belgian one ("9000") is kept as written. */
  if (postcode != NULL)
    {
      char *normalized = NULL;

      if (loket_validate_postcode (postcode, &normalized, NULL))
        c->postcode = normalized;
      else
        {
          g_free (normalized);
          c->postcode = g_strdup (postcode);
        }
    }
  return TRUE;
}

static gboolean
find_same_customer (LoketStore *self, const CustomerArgs *c, char **survivor, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT id FROM customers WHERE bsn = ? OR rrn = ? OR kvk = ? ORDER BY created_at LIMIT 1",
    error);
  gboolean has_row;

  *survivor = NULL;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->bsn);
  loket_db_bind_text (stmt, 2, c->rrn);
  loket_db_bind_text (stmt, 3, c->kvk);
  if (!step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *survivor = g_strdup (column_text (stmt, 0));
  return TRUE;
}

static gboolean
insert_customer (LoketStore *self, const CustomerArgs *c, const char *now, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO customers (id, kind, bsn, rrn, kvk, name, birth_date, email, phone, postcode,"
    " preferred_channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, c->kind != NULL ? c->kind : "person");
  loket_db_bind_text (stmt, 3, c->bsn);
  loket_db_bind_text (stmt, 4, c->rrn);
  loket_db_bind_text (stmt, 5, c->kvk);
  loket_db_bind_text (stmt, 6, c->name);
  loket_db_bind_text (stmt, 7, c->birth_date);
  loket_db_bind_text (stmt, 8, c->email);
  loket_db_bind_text (stmt, 9, c->phone);
  loket_db_bind_text (stmt, 10, c->postcode);
  loket_db_bind_text (stmt, 11, c->preferred_channel != NULL ? c->preferred_channel : "email");
  loket_db_bind_text (stmt, 12, now);
  return run_write (self, stmt, error) && log_upsert (self, "customers", c->id, now, error);
}

static gboolean
merged (Outcome *out, const char *survivor)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "survivor_id", survivor);
  return outcome_set (out, LOKET_OUTCOME_APPLIED, LOKET_CODE_MERGED, details,
                      _("This customer already exists; the records were merged"));
}

/* The desk's duplicate becomes an alias of the survivor, and a tombstone removes it from every
 * replica; bookings that name the alias later land on the survivor. */
static gboolean
merge_customer (LoketStore *self, const char *alias, const char *survivor, const char *now,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO customer_aliases (alias_id, survivor_id) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, alias);
  loket_db_bind_text (stmt, 2, survivor);
  return run_write (self, stmt, error) && log_change (self, "customers", alias, NULL, now, error);
}

static gboolean
apply_create_customer (LoketStore *self, const Mutation *m, JsonObject *args, Outcome *out,
                       GError **error)
{
  g_auto(CustomerArgs) c = { 0 };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) alias = NULL;
  g_autofree char *survivor = NULL;

  if (!parse_customer (args, &c, &bad))
    return outcome_reject_error (out, bad);

  /* Sent before (by another device of the same desk, say): the same answer, no new effect. */
  if (!select_row (self, "SELECT id FROM customers WHERE id = ?", c.id, &existing, error)
      || !select_row (self, "SELECT survivor_id FROM customer_aliases WHERE alias_id = ?", c.id,
                      &alias, error))
    return FALSE;
  if (existing != NULL)
    return outcome_applied (out, NULL);
  if (alias != NULL)
    return merged (out, member_text (alias, "survivor_id"));

  if (!find_same_customer (self, &c, &survivor, error))
    return FALSE;
  if (survivor != NULL)
    return merge_customer (self, c.id, survivor, m->now, error) && merged (out, survivor);
  return insert_customer (self, &c, m->now, error) && outcome_applied (out, NULL);
}

/* ---- book_appointment ----------------------------------------------------------------------- */

typedef struct
{
  const char *id, *product_id, *capacity_id, *customer_id, *start_at, *reason, *mode;
  gint64      start;
} BookingArgs;

static gboolean
parse_booking (JsonObject *args, BookingArgs *b, GError **error)
{
  static const char *const modes[] = { "fysiek", "digitaal", "hybride", NULL };

  if (!required_text (args, "id", &b->id, error)
      || !required_text (args, "product_id", &b->product_id, error)
      || !required_text (args, "capacity_id", &b->capacity_id, error)
      || !required_text (args, "start_at", &b->start_at, error)
      || !optional_text (args, "customer_id", &b->customer_id, error)
      || !loket_protocol_opt_string (args, "reason", &b->reason, error)
      || !optional_text (args, "mode", &b->mode, error)
      || !one_of (b->mode, "mode", modes, error))
    return FALSE;
  if (!loket_protocol_parse_time (b->start_at, &b->start))
    return invalid (error, _("“%s” is not a time"), b->start_at);
  return TRUE;
}

/* The survivor of a merged customer; *found FALSE when the id names nobody. */
static gboolean
resolve_customer (LoketStore *self, const char *id, char **resolved, gboolean *found,
                  GError **error)
{
  g_autoptr(JsonObject) alias = NULL;
  g_autoptr(JsonObject) customer = NULL;

  *resolved = NULL;
  *found = TRUE;
  if (id == NULL)
    return TRUE;
  if (!select_row (self, "SELECT survivor_id FROM customer_aliases WHERE alias_id = ?", id,
                   &alias, error))
    return FALSE;
  if (alias != NULL)
    id = member_text (alias, "survivor_id");
  if (!select_row (self, "SELECT id FROM customers WHERE id = ?", id, &customer, error))
    return FALSE;
  *found = customer != NULL;
  *resolved = g_strdup (id);
  return TRUE;
}

/* The same id sent again: the same booking is answered as it went the first time. */
static gboolean
answer_existing_booking (LoketStore *self, const BookingArgs *b, const char *customer_id,
                         JsonObject *existing, Outcome *out, GError **error)
{
  g_autoptr(JsonObject) first = NULL;
  gint64 start = 0;

  if (g_strcmp0 (member_text (existing, "product_id"), b->product_id) != 0
      || g_strcmp0 (member_text (existing, "capacity_id"), b->capacity_id) != 0
      || g_strcmp0 (member_text (existing, "customer_id"), customer_id) != 0
      || !loket_protocol_parse_time (member_text (existing, "start_at"), &start)
      || start != b->start)
    return outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                        _("Another appointment with this id already exists"));
  if (g_strcmp0 (member_text (existing, "status"), "rejected") != 0)
    return outcome_applied (out, NULL);

  if (!select_row (self, "SELECT code FROM mutation_outcomes WHERE outcome = 'rejected'"
                   " AND json_extract (details, '$.appointment_id') = ? LIMIT 1",
                   b->id, &first, error))
    return FALSE;
  return outcome_set (out, LOKET_OUTCOME_REJECTED,
                      first != NULL && g_strcmp0 (member_text (first, "code"),
                                                  LOKET_CODE_CLOSED) == 0
                      ? LOKET_CODE_CLOSED : LOKET_CODE_SLOT_TAKEN,
                      details_appointment (b->id), "%s", member_text (existing, "status_reason"));
}

static gboolean
insert_appointment (LoketStore *self, const Mutation *m, const BookingArgs *b,
                    const char *customer_id, gint64 end, const char *status,
                    const char *status_reason, GError **error)
{
  g_autofree char *start_at = loket_protocol_format_time (b->start);
  g_autofree char *end_at = loket_protocol_format_time (end);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "INSERT INTO appointments (id, product_id, capacity_id, customer_id, start_at, end_at,"
    " reason, mode, channel, status, status_reason, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'desk', ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, b->id);
  loket_db_bind_text (stmt, 2, b->product_id);
  loket_db_bind_text (stmt, 3, b->capacity_id);
  loket_db_bind_text (stmt, 4, customer_id);
  loket_db_bind_text (stmt, 5, start_at);
  loket_db_bind_text (stmt, 6, end_at);
  loket_db_bind_text (stmt, 7, b->reason != NULL ? b->reason : "");
  loket_db_bind_text (stmt, 8, b->mode != NULL ? b->mode : "fysiek");
  loket_db_bind_text (stmt, 9, status);
  loket_db_bind_text (stmt, 10, status_reason);
  loket_db_bind_text (stmt, 11, m->user_id);
  loket_db_bind_text (stmt, 12, m->now);
  return run_write (self, stmt, error)
         && log_upsert (self, "appointments", b->id, m->now, error);
}

/* Whether the slot is free, with the same loader and engine the desk uses.  *refusal says why
 * not: the capacity or product is unknown or do not match, or the slot is taken or closed.
 * FALSE only for a database failure. */
static gboolean
check_slot (LoketStore *self, const BookingArgs *b, gint64 *end, GError **refusal,
            GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(GError) local_error = NULL;
  const LoketSlotQuery *query;

  source = loket_slot_source_load (self->db, b->capacity_id, b->product_id, NULL, &local_error);
  if (source == NULL)
    {
      if (g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_propagate_error (refusal, g_steal_pointer (&local_error));
      return TRUE;
    }
  /* Channel desk, and no "not before": an offline desk may deliver a booking late. */
  query = loket_slot_source_query (source, LOKET_CHANNEL_DESK, 0);
  *end = b->start + (gint64) query->duration_minutes * 60;
  loket_slots_check (query, b->start, end, refusal);
  return TRUE;
}

static gboolean
apply_book_appointment (LoketStore *self, const Mutation *m, JsonObject *args, Outcome *out,
                        GError **error)
{
  BookingArgs b = { 0 };
  g_autoptr(GError) refusal = NULL;
  g_autofree char *customer_id = NULL;
  g_autoptr(JsonObject) existing = NULL;
  gboolean found, kept;
  gint64 end = 0;

  if (!parse_booking (args, &b, &refusal))
    return outcome_reject_error (out, refusal);
  if (!resolve_customer (self, b.customer_id, &customer_id, &found, error)
      || !select_row (self, "SELECT * FROM appointments WHERE id = ?", b.id, &existing, error))
    return FALSE;
  if (!found)
    return outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_NOT_FOUND, NULL,
                        _("The customer of this appointment is unknown"));
  if (existing != NULL)
    return answer_existing_booking (self, &b, customer_id, existing, out, error);

  if (!check_slot (self, &b, &end, &refusal, error))
    return FALSE;
  kept = refusal == NULL || g_error_matches (refusal, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
         || g_error_matches (refusal, LOKET_ERROR, LOKET_ERROR_CLOSED);
  if (!kept)
    return outcome_reject_error (out, refusal);

  /* A booking that lost its slot is kept, rejected, so the desk can show it with its customer
   * and offer alternatives; it holds no place. */
  if (!insert_appointment (self, m, &b, customer_id, end, refusal != NULL ? "rejected" : "booked",
                           refusal != NULL ? refusal->message : "", error))
    return FALSE;
  if (refusal == NULL)
    return outcome_applied (out, NULL);
  return outcome_set (out, LOKET_OUTCOME_REJECTED, code_for_error (refusal),
                      details_appointment (b.id), "%s", refusal->message);
}

/* ---- cancel_appointment --------------------------------------------------------------------- */

static gboolean
apply_cancel_appointment (LoketStore *self, const Mutation *m, JsonObject *args, Outcome *out,
                          GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id, *reason, *status;

  if (!required_text (args, "id", &id, &bad)
      || !loket_protocol_opt_string (args, "reason", &reason, &bad))
    return outcome_reject_error (out, bad);
  if (!select_row (self, "SELECT status FROM appointments WHERE id = ?", id, &existing, error))
    return FALSE;
  if (existing == NULL)
    return outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_NOT_FOUND, NULL,
                        _("This appointment is unknown"));
  status = member_text (existing, "status");
  if (g_strcmp0 (status, "cancelled") == 0)
    return outcome_applied (out, NULL);
  if (g_strcmp0 (status, "done") == 0 || g_strcmp0 (status, "no_show") == 0)
    return outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                        _("This appointment has already taken place"));

  stmt = loket_db_prepare (self->db, "UPDATE appointments SET status = 'cancelled',"
                           " status_reason = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, reason != NULL ? reason : "");
  loket_db_bind_text (stmt, 2, id);
  return run_write (self, stmt, error)
         && log_upsert (self, "appointments", id, m->now, error)
         && outcome_applied (out, NULL);
}

/* ---- push ----------------------------------------------------------------------------------- */

static gboolean
apply_mutation (LoketStore *self, const Mutation *m, const char *type, JsonObject *args,
                Outcome *out, GError **error)
{
  if (g_str_equal (type, LOKET_MUTATION_CREATE_CUSTOMER))
    return apply_create_customer (self, m, args, out, error);
  if (g_str_equal (type, LOKET_MUTATION_BOOK_APPOINTMENT))
    return apply_book_appointment (self, m, args, out, error);
  if (g_str_equal (type, LOKET_MUTATION_CANCEL_APPOINTMENT))
    return apply_cancel_appointment (self, m, args, out, error);
  return outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                      _("The server does not know the change “%s”; update Loket"), type);
}

static gboolean
commit_mutation (LoketStore *self, const Mutation *m, const char *type, JsonObject *args,
                 Outcome *out, gboolean apply, GError **error)
{
  self->write_rc = SQLITE_OK;
  if (!loket_db_begin (self->db, error))
    return FALSE;
  if ((apply && !apply_mutation (self, m, type, args, out, error))
      || !record_outcome (self, m, out, error)
      || !advance_device (self, m, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

/* One mutation in one transaction with its outcome and the device's last_seq.  Data the
 * schema refuses (a constraint) is a rejection, not a broken server: the mutation is answered
 * and its number consumed, so one bad change cannot block a desk's outbox forever. */
static JsonObject *
apply_in_transaction (LoketStore *self, const Mutation *m, const char *type, JsonObject *args,
                      GError **error)
{
  Outcome out = { 0 };
  g_autoptr(GError) local_error = NULL;
  JsonObject *result = NULL;

  if (!commit_mutation (self, m, type, args, &out, TRUE, &local_error))
    {
      if ((self->write_rc & 0xff) != SQLITE_CONSTRAINT)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          outcome_clear (&out);
          return NULL;
        }
      outcome_set (&out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                   _("The server could not store this change: %s"), local_error->message);
      if (!commit_mutation (self, m, type, args, &out, FALSE, error))
        {
          outcome_clear (&out);
          return NULL;
        }
    }
  result = result_new (m->seq, out.outcome, out.code, out.message,
                       g_steal_pointer (&out.details));
  outcome_clear (&out);
  return result;
}

static gboolean
sequence_gap (GError **error, gint64 expected, gint64 got)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP,
               _("Mutations are missing: the server expected number %" G_GINT64_FORMAT
                 " but got %" G_GINT64_FORMAT), expected, got);
  return FALSE;
}

/* The whole batch is checked before anything is applied. */
static gboolean
check_batch (JsonArray *mutations, gint64 last_seq, GError **error)
{
  guint n = json_array_get_length (mutations);
  gint64 first = 0;

  if (n > LOKET_MAX_PUSH_MUTATIONS)
    return invalid (error, _("At most %d changes can be sent at once"), LOKET_MAX_PUSH_MUTATIONS);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (mutations, i);
      JsonObject *mutation, *args;
      const char *type;
      gint64 seq;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, _("Change %u of the batch is not an object"), i + 1);
      mutation = json_node_get_object (node);
      if (!loket_protocol_get_int (mutation, "seq", &seq, error)
          || !loket_protocol_get_string (mutation, "type", &type, error)
          || !loket_protocol_get_object (mutation, "args", &args, error))
        return FALSE;
      if (i == 0 && seq < 1)
        return invalid (error, _("Sequence numbers start at 1"));
      if (i == 0 && seq > last_seq + 1)
        return sequence_gap (error, last_seq + 1, seq);
      if (i == 0)
        first = seq;
      else if (seq != first + i)
        return sequence_gap (error, first + i, seq);
    }
  return TRUE;
}

JsonObject *
loket_store_push (LoketStore *self, const char *device_id, JsonArray *mutations,
                  GError **error)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(JsonArray) results = NULL;
  gint64 last_seq;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (mutations != NULL, NULL);

  if (!select_row (self, "SELECT user_id, last_seq FROM devices WHERE id = ? AND revoked = 0",
                   device_id, &device, error))
    return NULL;
  if (device == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                           _("This desk's login is unknown or was revoked; log in again"));
      return NULL;
    }
  last_seq = json_object_get_int_member (device, "last_seq");
  if (!check_batch (mutations, last_seq, error))
    return NULL;

  results = json_array_new ();
  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonObject *mutation = json_array_get_object_element (mutations, i);
      g_autofree char *now = loket_protocol_now ();
      Mutation m = { device_id, member_text (device, "user_id"),
                     json_object_get_int_member (mutation, "seq"), now };
      JsonObject *result;

      if (m.seq <= last_seq)
        result = stored_outcome (self, device_id, m.seq, error);
      else
        result = apply_in_transaction (self, &m, json_object_get_string_member (mutation, "type"),
                                       json_object_get_object_member (mutation, "args"), error);
      if (result == NULL)
        return NULL;
      last_seq = MAX (last_seq, m.seq);
      json_array_add_object_element (results, result);
    }

  answer = json_object_new ();
  json_object_set_int_member (answer, "last_seq", last_seq);
  json_object_set_array_member (answer, "results", g_steal_pointer (&results));
  return answer;
}

/* ---- pull ----------------------------------------------------------------------------------- */

static JsonObject *
change_new (sqlite3_stmt *stmt)
{
  JsonObject *change = json_object_new ();
  JsonObject *row = parse_json_object (column_text (stmt, 4));

  json_object_set_int_member (change, "seq", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (change, "entity", column_text (stmt, 1));
  json_object_set_string_member (change, "op", column_text (stmt, 2));
  json_object_set_string_member (change, "id", column_text (stmt, 3));
  if (row != NULL && g_strcmp0 (column_text (stmt, 2), "upsert") == 0)
    json_object_set_object_member (change, "row", row);
  else
    {
      g_clear_pointer (&row, json_object_unref);
      json_object_set_null_member (change, "row");
    }
  return change;
}

static gint64
log_head (LoketStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
                                                   "SELECT coalesce (max (seq), 0) FROM change_log",
                                                   NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

JsonObject *
loket_store_pull (LoketStore *self, const char *device_id, gint64 since, guint limit,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) changes = NULL;
  gint64 cursor = since;
  gboolean more = FALSE, ok, has_row;
  guint scanned = 0;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  if (since < 0)
    {
      invalid (error, _("The pull cursor must not be negative"));
      return NULL;
    }
  limit = CLAMP (limit, 1, LOKET_MAX_PULL_LIMIT);
  stmt = loket_db_prepare (self->db, "SELECT seq, entity, op, row_id, row FROM change_log"
                           " WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);  /* one more tells whether there is more */

  changes = json_array_new ();
  while ((ok = step_row (self, stmt, &has_row, error)) && has_row)
    {
      if (scanned++ == limit)
        {
          more = TRUE;
          break;
        }
      cursor = sqlite3_column_int64 (stmt, 0);
      /* v1 replicates every domain table; bookkeeping is never sent. */
      if (loket_schema_is_entity (column_text (stmt, 1)))
        json_array_add_object_element (changes, change_new (stmt));
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

/* ---- public, no personal data --------------------------------------------------------------- */

JsonArray *
loket_store_public_products (LoketStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) products = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  stmt = loket_db_prepare (self->db,
    "SELECT p.id, p.name, g.name AS \"group\", p.norm_minutes, p.description"
    " FROM products p JOIN product_groups g ON g.id = p.group_id"
    " WHERE p.public = 1 ORDER BY g.name, p.name", error);
  if (stmt == NULL)
    return NULL;
  while ((ok = step_row (self, stmt, &has_row, error)) && has_row)
    json_array_add_object_element (products, loket_db_row_to_json (stmt));
  if (!ok)
    return NULL;
  return g_steal_pointer (&products);
}

static gboolean
public_product (LoketStore *self, const char *product_id, JsonObject **product, GError **error)
{
  if (!select_row (self, "SELECT group_id FROM products WHERE id = ? AND public = 1",
                   product_id, product, error))
    return FALSE;
  if (*product != NULL)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no product “%s”"),
               product_id);
  return FALSE;
}

JsonArray *
loket_store_public_locations (LoketStore *self, const char *product_id, GError **error)
{
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) locations = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  if (!public_product (self, product_id, &product, error))
    return NULL;
  stmt = loket_db_prepare (self->db,
    "SELECT l.id, l.name, l.address FROM locations l WHERE EXISTS"
    " (SELECT 1 FROM capacities c WHERE c.location_id = l.id AND c.group_id = ?)"
    " ORDER BY l.name", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, member_text (product, "group_id"));
  while ((ok = step_row (self, stmt, &has_row, error)) && has_row)
    json_array_add_object_element (locations, loket_db_row_to_json (stmt));
  if (!ok)
    return NULL;
  return g_steal_pointer (&locations);
}

/* A slot source for every capacity of the product's group at the location. */
static GPtrArray *
load_public_sources (LoketStore *self, const char *product_id, const char *group_id,
                     const char *location_id, GError **error)
{
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) loket_slot_source_free);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT id FROM capacities WHERE location_id = ? AND group_id = ? ORDER BY id", error);
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, location_id);
  loket_db_bind_text (stmt, 2, group_id);
  while ((ok = step_row (self, stmt, &has_row, error)) && has_row)
    {
      LoketSlotSource *source = loket_slot_source_load (self->db, column_text (stmt, 0),
                                                        product_id, NULL, error);
      if (source == NULL)
        return NULL;
      g_ptr_array_add (sources, source);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&sources);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The union of the capacities' free local start times on a day, sorted, each once. */
static JsonObject *
public_day (GPtrArray *sources, gint64 not_before, const GDate *day)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
  JsonArray *times = json_array_new ();
  JsonObject *result = json_object_new ();
  char date[16];

  for (guint i = 0; i < sources->len; i++)
    {
      LoketSlotSource *source = sources->pdata[i];
      GTimeZone *tz = loket_slot_source_get_timezone (source);
      g_autoptr(GArray) slots = loket_slots_free_on_day (
        loket_slot_source_query (source, LOKET_CHANNEL_WEB, not_before), day);

      for (guint j = 0; j < slots->len; j++)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (
            g_array_index (slots, LoketSlot, j).start);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          char *time = g_date_time_format (local, "%H:%M");

          if (g_hash_table_add (seen, time))
            g_ptr_array_add (sorted, time);
          else
            g_free (time);
        }
    }
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    json_array_add_string_element (times, sorted->pdata[i]);

  g_snprintf (date, sizeof date, "%04u-%02u-%02u", (guint) g_date_get_year (day),
              (guint) g_date_get_month (day), (guint) g_date_get_day (day));
  json_object_set_string_member (result, "date", date);
  json_object_set_array_member (result, "times", times);
  return result;
}

JsonObject *
loket_store_public_availability (LoketStore *self, const char *product_id,
                                 const char *location_id, const GDate *from, guint n_days,
                                 GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(JsonObject) location = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  JsonArray *days;
  JsonObject *answer;
  GDate day;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id != NULL && location_id != NULL, NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (n_days > MAX_PUBLIC_DAYS)
    {
      invalid (error, _("At most %d days can be asked at once"), MAX_PUBLIC_DAYS);
      return NULL;
    }
  if (!public_product (self, product_id, &product, error)
      || !select_row (self, "SELECT id FROM locations WHERE id = ?", location_id, &location,
                      error))
    return NULL;
  if (location == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no location “%s”"),
                   location_id);
      return NULL;
    }
  sources = load_public_sources (self, product_id, member_text (product, "group_id"),
                                 location_id, error);
  if (sources == NULL)
    return NULL;

  days = json_array_new ();
  day = *from;
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    json_array_add_object_element (days, public_day (sources, g_date_time_to_unix (now), &day));

  answer = json_object_new ();
  json_object_set_string_member (answer, "product", product_id);
  json_object_set_string_member (answer, "location", location_id);
  json_object_set_array_member (answer, "days", days);
  return answer;
}
