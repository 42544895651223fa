/* loket-store-push.c — a desk's push: the batch, its sequence numbers and the outcomes.
 *
 * A batch is one transaction, so it is made durable (fsynced) once, not once per mutation.
 * Inside it each mutation runs under its own savepoint together with its outcome and the
 * device's last_seq: a mutation the schema refuses rolls back alone and is answered as
 * rejected, and a repeated number is answered from the stored outcome.  Nothing is answered
 * before the commit; when the database fails, the whole batch rolls back and the desk sends it
 * again.  What a mutation means is loket-store-mutations.c's business.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-private.h"

/* ---- outcomes ------------------------------------------------------------------------------- */

static void
outcome_clear (LoketStoreOutcome *out)
{
  g_clear_pointer (&out->message, g_free);
  g_clear_pointer (&out->details, json_object_unref);
}

/* Sets the outcome; always returns TRUE (the mutation was handled, not failed). */
gboolean
loket_store_outcome_set (LoketStoreOutcome *out, const char *outcome, const char *code,
                         JsonObject *details, const char *format, ...)
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

gboolean
loket_store_outcome_applied (LoketStoreOutcome *out, JsonObject *details)
{
  return loket_store_outcome_set (out, LOKET_OUTCOME_APPLIED, "", details, "%s", "");
}

const char *
loket_store_code_for_error (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
    return LOKET_CODE_SLOT_TAKEN;
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    return LOKET_CODE_CLOSED;
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    return LOKET_CODE_NOT_FOUND;
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN))
    return LOKET_CODE_FORBIDDEN;
  return LOKET_CODE_INVALID;
}

gboolean
loket_store_outcome_reject_error (LoketStoreOutcome *out, const GError *error)
{
  return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, loket_store_code_for_error (error),
                                  NULL, "%s", error->message);
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

static gboolean
record_outcome (LoketStore *self, const LoketStoreMutation *m, const LoketStoreOutcome *out,
                GError **error)
{
  g_autofree char *details = out->details != NULL ? loket_protocol_to_string (out->details) : NULL;
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
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
  return loket_store_run_write (self, stmt, error);
}

/* Moves last_seq by exactly one; anything else means another writer got there first. */
static gboolean
advance_device (LoketStore *self, const LoketStoreMutation *m, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE devices SET last_seq = ?1 WHERE id = ?2 AND last_seq = ?1 - 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->seq);
  loket_db_bind_text (stmt, 2, m->device_id);
  if (!loket_store_run_write (self, stmt, error))
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
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT outcome, code, message, details FROM mutation_outcomes WHERE device_id = ? AND seq = ?",
    error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, device_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    return result_new (seq, LOKET_OUTCOME_APPLIED, "",
                       _("Applied earlier; its outcome is no longer kept"), NULL);
  return result_new (seq, column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
                     loket_store_parse_json_object (column_text (stmt, 3)));
}

/* ---- push ----------------------------------------------------------------------------------- */

#define MUTATION_SAVEPOINT "mutation"

static gboolean
apply_under_savepoint (LoketStore *self, const LoketStoreMutation *m, const char *type,
                       JsonObject *args, LoketStoreOutcome *out, gboolean apply, GError **error)
{
  self->write_rc = SQLITE_OK;
  if (!loket_db_savepoint (self->db, MUTATION_SAVEPOINT, error))
    return FALSE;
  if ((apply && !loket_store_apply_mutation (self, m, type, args, out, error))
      || !record_outcome (self, m, out, error)
      || !advance_device (self, m, error))
    {
      loket_db_rollback_to (self->db, MUTATION_SAVEPOINT);
      return FALSE;
    }
  return loket_db_release (self->db, MUTATION_SAVEPOINT, error);
}

/* One mutation with its outcome and the device's last_seq, all or nothing.  Data the schema
 * refuses (a constraint) is a rejection, not a broken server: the mutation is answered and its
 * number consumed, so one bad change cannot block a desk's outbox forever. */
static JsonObject *
apply_one (LoketStore *self, const LoketStoreMutation *m, const char *type, JsonObject *args,
           GError **error)
{
  LoketStoreOutcome out = { 0 };
  g_autoptr(GError) local_error = NULL;
  JsonObject *result = NULL;

  if (!apply_under_savepoint (self, m, type, args, &out, TRUE, &local_error))
    {
      if ((self->write_rc & 0xff) != SQLITE_CONSTRAINT)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          outcome_clear (&out);
          return NULL;
        }
      loket_store_outcome_set (&out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                               _("The server could not store this change: %s"),
                               local_error->message);
      if (!apply_under_savepoint (self, m, type, args, &out, FALSE, error))
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
    return loket_store_invalid (error, _("At most %d changes can be sent at once"),
                                LOKET_MAX_PUSH_MUTATIONS);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (mutations, i);
      JsonObject *mutation, *args;
      const char *type;
      gint64 seq;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return loket_store_invalid (error, _("Change %u of the batch is not an object"), i + 1);
      mutation = json_node_get_object (node);
      if (!loket_protocol_get_int (mutation, "seq", &seq, error)
          || !loket_protocol_get_string (mutation, "type", &type, error)
          || !loket_protocol_get_object (mutation, "args", &args, error))
        return FALSE;
      if (i == 0 && seq < 1)
        return loket_store_invalid (error, _("Sequence numbers start at 1"));
      if (i == 0 && seq > last_seq + 1)
        return sequence_gap (error, last_seq + 1, seq);
      if (i == 0)
        first = seq;
      else if (seq != first + i)
        return sequence_gap (error, first + i, seq);
    }
  return TRUE;
}

/* The device's user and last_seq; NULL (error set) when the device is unknown or revoked. */
static JsonObject *
load_device (LoketStore *self, const char *device_id, GError **error)
{
  g_autoptr(JsonObject) device = NULL;

  if (!loket_db_query_row (self->db,
                           "SELECT user_id, last_seq FROM devices WHERE id = ? AND revoked = 0",
                           device_id, &device, error))
    return NULL;
  if (device == NULL)
    g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                         _("This desk's login is unknown or was revoked; log in again"));
  return g_steal_pointer (&device);
}

/* The results of the batch, in order; NULL when the database failed. */
static JsonArray *
apply_batch (LoketStore *self, const char *device_id, JsonObject *device, JsonArray *mutations,
             gint64 *last_seq, GError **error)
{
  g_autoptr(JsonArray) results = json_array_new ();

  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonObject *mutation = json_array_get_object_element (mutations, i);
      g_autofree char *now = loket_protocol_now ();
      LoketStoreMutation m = { device_id, member_text (device, "user_id"),
                               json_object_get_int_member (mutation, "seq"), now };
      JsonObject *result;

      if (m.seq <= *last_seq)
        result = stored_outcome (self, device_id, m.seq, error);
      else
        result = apply_one (self, &m, json_object_get_string_member (mutation, "type"),
                            json_object_get_object_member (mutation, "args"), error);
      if (result == NULL)
        return NULL;
      *last_seq = MAX (*last_seq, m.seq);
      json_array_add_object_element (results, result);
    }
  return g_steal_pointer (&results);
}

JsonObject *
loket_store_push (LoketStore *self, const char *device_id, JsonArray *mutations,
                  GError **error)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(JsonArray) results = NULL;
  gint64 last_seq = 0;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (mutations != NULL, NULL);

  /* The device is read inside the transaction: no other writer moves its last_seq meanwhile. */
  if (!loket_db_begin (self->db, error))
    return NULL;
  if ((device = load_device (self, device_id, error)) != NULL)
    last_seq = json_object_get_int_member (device, "last_seq");
  if (device == NULL
      || !check_batch (mutations, last_seq, error)
      || (results = apply_batch (self, device_id, device, mutations, &last_seq, error)) == NULL
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return NULL;
    }

  answer = json_object_new ();
  json_object_set_int_member (answer, "last_seq", last_seq);
  json_object_set_array_member (answer, "results", g_steal_pointer (&results));
  return answer;
}
