/* loket-store-cases.c — the business rules of cases and notes (contact moments:
 * loket-store-contacts.c; knowledge articles: loket-store-kb.c).
 *
 * Cases merge field by field (DESIGN.md): an edit names the case rev it was based on, and the
 * case's field_revs says at which rev each field last changed.  An edit of a field nobody else
 * changed since is applied; two edits of one field become a case_conflicts row that holds both
 * values until a person chooses (resolve_case_conflict).  A desk's own earlier edits never count
 * against it: offline, all its edits of one case carry the rev it last pulled.
 *
 * Notes are append-only with client-made ids, so a replay is applied once.
 *
 * When an edit of an existing row is not applied, that row is logged again (and a row the desk
 * made for it is tombstoned), so the desk's local effect gives way to the server's copy on its
 * next pull.  Like loket-store-mutations.c: FALSE only for a failing database.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-deadline.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-time.h"

static const char *const editable_fields[] = { "subject", "assignee_id", "team_id", NULL };

/* ---- helpers -------------------------------------------------------------------------------- */

/* A member that must be there and hold a string or null (*out NULL). */
static gboolean
value_arg (JsonObject *args, const char *member, const char **out, GError **error)
{
  JsonNode *node = json_object_get_member (args, member);

  *out = NULL;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return loket_protocol_get_string (args, member, out, error);
}

/* Whether this device made the change that set target (a case field) to rev: found from the
 * details of its applied outcomes. */
static gboolean
own_change (LoketStore *self, const LoketStoreMutation *m, const char *key_path,
            const char *target, const char *field, gint64 rev, gboolean *own, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT EXISTS (SELECT 1 FROM mutation_outcomes WHERE device_id = ?1 AND outcome = 'applied'"
    " AND json_extract (details, ?2) = ?3 AND json_extract (details, '$.field') IS ?4"
    " AND json_extract (details, '$.rev') = ?5)", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, m->device_id);
  loket_db_bind_text (stmt, 2, key_path);
  loket_db_bind_text (stmt, 3, target);
  loket_db_bind_text (stmt, 4, field);
  sqlite3_bind_int64 (stmt, 5, rev);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *own = has_row && sqlite3_column_int (stmt, 0) == 1;
  return TRUE;
}

/* ---- cases: loading and judging an edit ----------------------------------------------------- */

static gboolean
load_case (LoketStore *self, const char *id, JsonObject **kase, GError **error)
{
  return loket_db_query_row (self->db,
    "SELECT c.id, c.rev, c.field_revs, c.subject, c.assignee_id, c.team_id, c.status,"
    " t.statuses, t.transitions, t.retention_years, t.retention_action"
    " FROM cases c JOIN case_types t ON t.id = c.case_type_id WHERE c.id = ?",
    id, kase, error);
}

static gboolean
unknown_case (LoketStoreOutcome *out)
{
  return loket_store_reject (out, LOKET_CODE_NOT_FOUND, _("This case is unknown"));
}

/* The rev at which a field last changed; 0 when it never did. */
static gint64
field_rev (JsonObject *kase, const char *field)
{
  g_autoptr(JsonObject) revs = loket_store_parse_json_object (member_text (kase, "field_revs"));
  JsonNode *node = revs != NULL ? json_object_get_member (revs, field) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Position of status in the case type's ordered list (JSON array), -1 when it is not there. */
static int
status_index (JsonObject *kase, const char *status)
{
  g_autoptr(JsonNode) node = json_from_string (member_text (kase, "statuses"), NULL);
  JsonArray *statuses = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                     : NULL;

  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonNode *item = json_array_get_element (statuses, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (item), status) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
is_last_status (JsonObject *kase, const char *status)
{
  g_autoptr(JsonNode) node = json_from_string (member_text (kase, "statuses"), NULL);
  int n = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
          ? (int) json_array_get_length (json_node_get_array (node)) : 0;

  return n > 0 && status_index (kase, status) == n - 1;
}

typedef enum {
  EDIT_WRITE,      /* nobody else changed the field since base_rev */
  EDIT_UNCHANGED,  /* the field already holds this value */
  EDIT_CONFLICT,   /* someone else changed the field since base_rev */
} EditVerdict;

static gboolean
judge_edit (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase, const char *field,
            gint64 base_rev, const char *value, EditVerdict *verdict, GError **error)
{
  gint64 changed_at = field_rev (kase, field);
  gboolean own = FALSE;

  if (g_strcmp0 (member_text (kase, field), value) == 0)
    {
      *verdict = EDIT_UNCHANGED;
      return TRUE;
    }
  if (changed_at > base_rev
      && !own_change (self, m, "$.case_id", member_text (kase, "id"), field, changed_at, &own,
                      error))
    return FALSE;
  *verdict = changed_at <= base_rev || own ? EDIT_WRITE : EDIT_CONFLICT;
  return TRUE;
}

/* ---- cases: writing ------------------------------------------------------------------------- */

/* column is "status" or one of editable_fields, never input, so it may be formatted in. */
static gboolean
write_field (LoketStore *self, const char *case_id, const char *column, const char *value,
             GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE cases SET %s = ?1, rev = rev + 1, field_revs = json_set (CASE WHEN"
    " json_valid (field_revs) THEN field_revs ELSE '{}' END, '$.%s', rev + 1) WHERE id = ?2",
    column, column);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, value);
  loket_db_bind_text (stmt, 2, case_id);
  return loket_store_run_write (self, stmt, error);
}

/* What happens to a case closed at closed_at, and when (a local date): its type's retention.
 * Both NULL when the type's retention does not fit (loket_deadline_archive says why). */
static void
archive_of (JsonObject *kase, const char *closed_at, char **action, char **date)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  gint64 years = json_object_get_int_member_with_default (kase, "retention_years", 0);
  LoketDeadlineArchive archive;
  gint64 closed;

  *action = *date = NULL;
  if (closed_at == NULL || years <= 0 || years > G_MAXINT
      || !loket_protocol_parse_time (closed_at, &closed)
      || !loket_deadline_archive (tz, closed, (guint) years,
                                  member_text (kase, "retention_action"), &archive, NULL))
    return;
  *action = g_strdup (member_text (kase, "retention_action"));
  *date = loket_time_format_iso_date (&archive.date);
}

/* Closing is reaching the last status; stepping back from it opens the case again.  A closed
 * case is due for the archive after its type's retention.  A case that closes now invites its
 * customer to the survey (once per case, loket-store-messages.c). */
static gboolean
write_status (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase,
              const char *status, GError **error)
{
  const char *case_id = member_text (kase, "id");
  const char *closed_at = is_last_status (kase, status) ? m->now : NULL;
  gboolean closes = closed_at != NULL && !is_last_status (kase, member_text (kase, "status"));
  g_autofree char *archive_action = NULL;
  g_autofree char *archive_date = NULL;
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE cases SET closed_at = ?, archive_action = ?, archive_date = ? WHERE id = ?", error);

  if (stmt == NULL || !write_field (self, case_id, "status", status, error))
    return FALSE;
  archive_of (kase, closed_at, &archive_action, &archive_date);
  loket_db_bind_text (stmt, 1, closed_at);
  loket_db_bind_text (stmt, 2, archive_action);
  loket_db_bind_text (stmt, 3, archive_date);
  loket_db_bind_text (stmt, 4, case_id);
  return loket_store_run_write (self, stmt, error)
         && (!closes || loket_store_messages_case_closed (self, case_id, m->now, error));
}

static gboolean
insert_history (LoketStore *self, const LoketStoreMutation *m, const char *id,
                const char *case_id, const char *status, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO case_status_history (id, case_id, status, at, by_user) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, case_id);
  loket_db_bind_text (stmt, 3, status);
  loket_db_bind_text (stmt, 4, m->now);
  loket_db_bind_text (stmt, 5, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_status_history", id, m->now, error);
}

/* The details name the rev this edit made, so the device's later edits of the same field,
 * based on an older rev, are known as its own (own_change). */
static gboolean
edit_applied (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase,
              const char *field, LoketStoreOutcome *out, GError **error)
{
  const char *case_id = member_text (kase, "id");
  JsonObject *details;

  if (!loket_store_log_upsert (self, "cases", case_id, m->now, error))
    return FALSE;
  details = json_object_new ();
  json_object_set_string_member (details, "case_id", case_id);
  json_object_set_string_member (details, "field", field);
  json_object_set_int_member (details, "rev", json_object_get_int_member (kase, "rev") + 1);
  return loket_store_outcome_applied (out, details);
}

/* Not applied: the case as the server has it goes out again, and the history row the desk made
 * for a status change (history_id, nullable) is removed from it. */
static gboolean
undo_on_desk (LoketStore *self, const LoketStoreMutation *m, const char *case_id,
              const char *history_id, GError **error)
{
  return loket_store_log_upsert (self, "cases", case_id, m->now, error)
         && (history_id == NULL
             || loket_store_log_change (self, "case_status_history", history_id, NULL, m->now,
                                        error));
}

static gboolean
record_conflict (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase,
                 const char *field, gint64 base_rev, const char *desk_value,
                 LoketStoreOutcome *out, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO case_conflicts (id, case_id, field, base_rev, server_value, desk_value,"
    " desk_user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  JsonObject *details;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, member_text (kase, "id"));
  loket_db_bind_text (stmt, 3, field);
  sqlite3_bind_int64 (stmt, 4, base_rev);
  loket_db_bind_text (stmt, 5, member_text (kase, field));
  loket_db_bind_text (stmt, 6, desk_value);
  loket_db_bind_text (stmt, 7, m->user_id);
  loket_db_bind_text (stmt, 8, m->now);
  if (!loket_store_run_write (self, stmt, error)
      || !loket_store_log_upsert (self, "case_conflicts", id, m->now, error))
    return FALSE;
  details = json_object_new ();
  json_object_set_string_member (details, "conflict_id", id);
  return loket_store_outcome_set (out, LOKET_OUTCOME_CONFLICT, LOKET_CODE_FIELD_CONFLICT, details,
                                  _("Someone else changed “%s” of this case at the same time; "
                                    "both values are kept until someone chooses"), field);
}

/* *refusal says why a value does not fit a field of editable_fields. */
static gboolean
check_field_value (LoketStore *self, const char *field, const char *value, GError **refusal,
                   GError **error)
{
  gboolean found = TRUE;

  if (g_str_equal (field, "subject"))
    {
      if (value == NULL)
        loket_store_invalid (refusal, _("A case’s subject must be text"));
      return TRUE;
    }
  if (value == NULL)
    return TRUE;
  if (!loket_store_row_exists (self, g_str_equal (field, "assignee_id") ? "SELECT id FROM users WHERE id = ?"
                                                            : "SELECT id FROM teams WHERE id = ?",
                   value, &found, error))
    return FALSE;
  if (!found)
    g_set_error (refusal, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("“%s” is unknown"), value);
  return TRUE;
}

/* ---- set_case_field ------------------------------------------------------------------------- */

static gboolean
apply_set_case_field (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                      LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) kase = NULL;
  const char *case_id, *field, *value;
  gint64 base_rev;
  EditVerdict verdict;

  if (!loket_store_required_text (args, "case_id", &case_id, &bad)
      || !loket_store_required_text (args, "field", &field, &bad)
      || !loket_protocol_get_int (args, "base_rev", &base_rev, &bad)
      || !value_arg (args, "value", &value, &bad)
      || !loket_store_one_of (field, "field", editable_fields, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!load_case (self, case_id, &kase, error))
    return FALSE;
  if (kase == NULL)
    return unknown_case (out);
  if (!check_field_value (self, field, value, &bad, error))
    return FALSE;
  if (bad != NULL)
    return undo_on_desk (self, m, case_id, NULL, error)
           && loket_store_outcome_reject_error (out, bad);

  if (!judge_edit (self, m, kase, field, base_rev, value, &verdict, error))
    return FALSE;
  if (verdict == EDIT_UNCHANGED)
    return loket_store_outcome_applied (out, NULL);
  if (verdict == EDIT_CONFLICT)
    return record_conflict (self, m, kase, field, base_rev, value, out, error)
           && undo_on_desk (self, m, case_id, NULL, error);
  return write_field (self, case_id, field, value, error)
         && edit_applied (self, m, kase, field, out, error);
}

/* ---- set_case_status ------------------------------------------------------------------------ */

/* As the case type's transitions say, or else forward to any later status or back one step. */
static gboolean
transition_allowed (JsonObject *kase, const char *status)
{
  return loket_rules_case_move_allowed (member_text (kase, "statuses"),
                                        member_text (kase, "transitions"),
                                        member_text (kase, "status"), status);
}

/* The statuses the case type's own transitions allow from the case's status ("“a”, “b”"), or
 * NULL when they say nothing about it (the rule of before holds). */
static char *
allowed_moves (JsonObject *kase)
{
  const char *transitions = member_text (kase, "transitions");
  g_autoptr(JsonNode) node = transitions != NULL && *transitions != '\0'
                             ? json_from_string (transitions, NULL) : NULL;
  JsonNode *next = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                   ? json_object_get_member (json_node_get_object (node),
                                             member_text (kase, "status"))
                   : NULL;
  JsonArray *list = next != NULL && JSON_NODE_HOLDS_ARRAY (next) ? json_node_get_array (next)
                                                                 : NULL;
  GString *names;

  if (list == NULL)
    return NULL;
  names = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        continue;
      g_string_append_printf (names, "%s“%s”", names->len > 0 ? ", " : "",
                              json_node_get_string (item));
    }
  return g_string_free (names, FALSE);
}

/* Why the case may not move to that status, in the words of its type's transitions. */
static char *
move_refusal (JsonObject *kase)
{
  g_autofree char *moves = allowed_moves (kase);

  if (moves == NULL)
    return g_strdup (_("A case moves forward through its statuses, or back one step"));
  if (*moves == '\0')
    return g_strdup_printf (_("A case of this kind does not move on from “%s”"),
                            member_text (kase, "status"));
  return g_strdup_printf (_("From “%s” a case of this kind moves only to %s"),
                          member_text (kase, "status"), moves);
}

static gboolean
refuse_status (LoketStore *self, const LoketStoreMutation *m, const char *case_id,
               const char *history_id, LoketStoreOutcome *out, const char *message,
               GError **error)
{
  return undo_on_desk (self, m, case_id, history_id, error)
         && loket_store_reject (out, LOKET_CODE_INVALID, message);
}

static gboolean
apply_set_case_status (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                       LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) kase = NULL;
  const char *case_id, *status, *history_id;
  gboolean replayed;
  gint64 base_rev;
  EditVerdict verdict;

  if (!loket_store_required_text (args, "case_id", &case_id, &bad)
      || !loket_store_required_text (args, "status", &status, &bad)
      || !loket_protocol_get_int (args, "base_rev", &base_rev, &bad)
      || !loket_store_required_text (args, "history_id", &history_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!load_case (self, case_id, &kase, error)
      || !loket_store_row_exists (self, "SELECT id FROM case_status_history WHERE id = ?", history_id,
                      &replayed, error))
    return FALSE;
  if (kase == NULL)
    return unknown_case (out);
  if (replayed)
    return loket_store_outcome_applied (out, NULL);
  if (status_index (kase, status) < 0)
    return refuse_status (self, m, case_id, history_id, out,
                          _("This kind of case has no such status"), error);

  if (!judge_edit (self, m, kase, "status", base_rev, status, &verdict, error))
    return FALSE;
  if (verdict == EDIT_UNCHANGED)
    return undo_on_desk (self, m, case_id, history_id, error)
           && loket_store_outcome_applied (out, NULL);
  if (verdict == EDIT_CONFLICT)
    return record_conflict (self, m, kase, "status", base_rev, status, out, error)
           && undo_on_desk (self, m, case_id, history_id, error);
  if (!transition_allowed (kase, status))
    {
      g_autofree char *refusal = move_refusal (kase);

      return refuse_status (self, m, case_id, history_id, out, refusal, error);
    }
  return write_status (self, m, kase, status, error)
         && insert_history (self, m, history_id, case_id, status, error)
         /* The customer hears of a status with public wording (loket-store-messages.c). */
         && loket_store_messages_case_status_changed (self, case_id, status, m->now, error)
         && edit_applied (self, m, kase, "status", out, error);
}

/* ---- resolve_case_conflict ------------------------------------------------------------------ */

static gboolean
mark_resolved (LoketStore *self, const LoketStoreMutation *m, const char *conflict_id,
               const char *value, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE case_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, m->now);
  loket_db_bind_text (stmt, 2, value);
  loket_db_bind_text (stmt, 3, conflict_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_conflicts", conflict_id, m->now, error);
}

/* A person chose: the value becomes a new edit of the field.  A status may be any of the case
 * type's (both sides were reached by allowed steps); a change of it is added to the history. */
static gboolean
write_resolution (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase,
                  const char *field, const char *value, GError **error)
{
  g_autofree char *history_id = NULL;

  if (!g_str_equal (field, "status"))
    return write_field (self, member_text (kase, "id"), field, value, error);
  if (g_strcmp0 (member_text (kase, "status"), value) == 0)
    return write_status (self, m, kase, value, error);
  history_id = g_uuid_string_random ();
  return write_status (self, m, kase, value, error)
         && insert_history (self, m, history_id, member_text (kase, "id"), value, error);
}

static gboolean
check_resolution (LoketStore *self, JsonObject *kase, const char *field, const char *value,
                  GError **refusal, GError **error)
{
  if (!g_str_equal (field, "status"))
    return check_field_value (self, field, value, refusal, error);
  if (status_index (kase, value) < 0)
    loket_store_invalid (refusal, _("This kind of case has no such status"));
  return TRUE;
}

static gboolean
apply_resolve_case_conflict (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                             LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) kase = NULL;
  const char *conflict_id, *value, *field;

  if (!loket_store_required_text (args, "conflict_id", &conflict_id, &bad)
      || !value_arg (args, "value", &value, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_db_query_row (self->db, "SELECT * FROM case_conflicts WHERE id = ?", conflict_id,
                           &conflict, error))
    return FALSE;
  if (conflict == NULL)
    return loket_store_reject (out, LOKET_CODE_NOT_FOUND, _("This conflict is unknown"));
  if (member_text (conflict, "resolved_at") != NULL)
    return loket_store_outcome_applied (out, NULL);  /* someone chose already */
  field = member_text (conflict, "field");
  if (!load_case (self, member_text (conflict, "case_id"), &kase, error)
      || (kase != NULL && !check_resolution (self, kase, field, value, &bad, error)))
    return FALSE;
  if (kase == NULL)
    return unknown_case (out);
  if (bad != NULL)
    return loket_store_log_upsert (self, "case_conflicts", conflict_id, m->now, error)
           && undo_on_desk (self, m, member_text (kase, "id"), NULL, error)
           && loket_store_outcome_reject_error (out, bad);
  return write_resolution (self, m, kase, field, value, error)
         && mark_resolved (self, m, conflict_id, value, error)
         && edit_applied (self, m, kase, field, out, error);
}

/* ---- add_note ------------------------------------------------------------------------------- */

/* A row the desk made for a change the server refused is removed from it again. */
static gboolean
refuse_new_row (LoketStore *self, const LoketStoreMutation *m, const char *entity,
                const char *id, LoketStoreOutcome *out, const char *code, const char *message,
                GError **error)
{
  return loket_store_log_change (self, entity, id, NULL, m->now, error)
         && loket_store_reject (out, code, message);
}

static gboolean
insert_note (LoketStore *self, const LoketStoreMutation *m, const char *id, const char *case_id,
             const char *customer_id, const char *body, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO notes (id, case_id, customer_id, author_id, body, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, case_id);
  loket_db_bind_text (stmt, 3, customer_id);
  loket_db_bind_text (stmt, 4, m->user_id);
  loket_db_bind_text (stmt, 5, body);
  loket_db_bind_text (stmt, 6, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "notes", id, m->now, error);
}

static gboolean
apply_add_note (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autofree char *customer_id = NULL;
  const char *id, *case_id, *customer, *body;
  gboolean case_found = TRUE, customer_found;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "body", &body, &bad)
      || !loket_store_optional_text (args, "case_id", &case_id, &bad)
      || !loket_store_optional_text (args, "customer_id", &customer, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_db_query_row (self->db, "SELECT body FROM notes WHERE id = ?", id, &existing, error))
    return FALSE;
  if (existing != NULL && g_strcmp0 (member_text (existing, "body"), body) == 0)
    return loket_store_outcome_applied (out, NULL);
  if (existing != NULL)  /* the desk's copy gives way to the server's */
    return loket_store_log_upsert (self, "notes", id, m->now, error)
           && loket_store_reject (out, LOKET_CODE_INVALID, _("Another note with this id already exists"));
  if (case_id == NULL && customer == NULL)
    return refuse_new_row (self, m, "notes", id, out, LOKET_CODE_INVALID,
                           _("A note belongs to a case or a customer"), error);
  if ((case_id != NULL
       && !loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", case_id, &case_found, error))
      || !loket_store_resolve_customer (self, customer, &customer_id, &customer_found, error))
    return FALSE;
  if (!case_found || !customer_found)
    return refuse_new_row (self, m, "notes", id, out, LOKET_CODE_NOT_FOUND,
                           _("The case or customer of this note is unknown"), error);
  return insert_note (self, m, id, case_id, customer_id, body, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

const LoketStoreMutationRule loket_store_case_mutations[] = {
  { LOKET_MUTATION_SET_CASE_FIELD, apply_set_case_field },
  { LOKET_MUTATION_SET_CASE_STATUS, apply_set_case_status },
  { LOKET_MUTATION_RESOLVE_CASE_CONFLICT, apply_resolve_case_conflict },
  { LOKET_MUTATION_ADD_NOTE, apply_add_note },
  { NULL, NULL },
};
