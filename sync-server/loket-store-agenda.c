/* loket-store-agenda.c — the agenda mutations: opening a case with a booking, the steps of a
 * visit at the desk, closures and availability rules.
 *
 * Each judges the change with the same rule the desk used (loket-rules.c) and answers with an
 * outcome.  A refused new row (a closure, a history row) goes out as a tombstone and a refused
 * change to an existing row logs that row again, so the desk's local effect is replaced by the
 * server's copy on its next pull.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-time.h"

/* ---- helpers ----------------------------------------------------------------------------------- */


/* Refuses a row the desk created: it goes out as a tombstone. */
static gboolean
refuse_new_row (LoketStore *self, const LoketStoreMutation *m, const char *entity,
                const char *id, GError **error)
{
  return id == NULL || loket_store_log_change (self, entity, id, NULL, m->now, error);
}

static gboolean
user_role (LoketStore *self, const char *user_id, char **role, GError **error)
{
  g_autoptr(JsonObject) user = NULL;

  if (!loket_db_query_row (self->db, "SELECT role_id FROM users WHERE id = ?", user_id, &user,
                           error))
    return FALSE;
  *role = g_strdup (user != NULL ? member_text (user, "role_id") : NULL);
  return TRUE;
}


gboolean
loket_store_add_appointment_event (LoketStore *self, const LoketStoreMutation *m,
                                   const char *event_id, const char *appointment_id,
                                   const char *kind, const char *at, JsonObject *detail,
                                   GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autofree char *detail_text = detail != NULL ? loket_protocol_to_string (detail)
                                                : g_strdup ("{}");
  g_autofree char *id = g_strdup (event_id);
  gboolean found;

  if (id == NULL)
    id = g_uuid_string_random ();
  else if (!loket_store_row_exists (self, "SELECT id FROM appointment_events WHERE id = ?", id, &found,
                        error))
    return FALSE;
  else if (found)
    return TRUE;  /* a replay */
  stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO appointment_events (id, appointment_id, kind, at, by_user, detail)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, appointment_id);
  loket_db_bind_text (stmt, 3, kind);
  loket_db_bind_text (stmt, 4, at != NULL ? at : m->now);
  loket_db_bind_text (stmt, 5, m->user_id);
  loket_db_bind_text (stmt, 6, detail_text);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointment_events", id, m->now, error);
}

/* ---- create_case ------------------------------------------------------------------------------ */

/* The next definitive reference of the year: Z-2026-000124. */
static gboolean
next_reference (LoketStore *self, int year, char **reference, GError **error)
{
  g_autofree char *pattern = g_strdup_printf ("Z-%04d-[0-9][0-9][0-9][0-9][0-9][0-9]", year);
  g_autoptr(JsonObject) row = NULL;
  gint64 last;

  if (!loket_db_query_row (self->db, "SELECT coalesce (max (CAST (substr (reference, 8)"
                           " AS INTEGER)), 0) AS last FROM cases WHERE reference GLOB ?",
                           pattern, &row, error))
    return FALSE;
  last = row != NULL ? json_object_get_int_member_with_default (row, "last", 0) : 0;
  *reference = g_strdup_printf ("Z-%04d-%06" G_GINT64_FORMAT, year, last + 1);
  return TRUE;
}

static char *
first_status (const char *statuses)
{
  g_autoptr(JsonNode) node = json_from_string (statuses, NULL);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                   : NULL;

  if (array == NULL || json_array_get_length (array) == 0)
    return NULL;
  return g_strdup (json_array_get_string_element (array, 0));
}


static gboolean
case_answer (LoketStoreOutcome *out, const char *id, const char *reference)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "case_id", id);
  json_object_set_string_member (details, "reference", reference);
  return loket_store_outcome_applied (out, details);
}

gboolean
loket_store_insert_case (LoketStore *self, const LoketStoreMutation *m, const LoketStoreCase *c,
                         const char *customer_id, JsonObject *type, char **reference,
                         GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *status = first_status (member_text (type, "statuses"));
  g_autofree char *deadline_text = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  gint64 now = 0;
  GDate today, deadline;

  loket_protocol_parse_time (m->now, &now);
  loket_time_local_date (tz, now, &today);
  if (!loket_rules_case_deadline (self->db, &today,
                                  (guint) json_object_get_int_member (type, "max_working_days"),
                                  &deadline, error)
      || !next_reference (self, g_date_get_year (&today), reference, error))
    return FALSE;
  deadline_text = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&deadline),
                                   g_date_get_month (&deadline), g_date_get_day (&deadline));
  stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, subject, status,"
    " team_id, opened_at, deadline, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, *reference);
  loket_db_bind_text (stmt, 3, c->case_type_id);
  loket_db_bind_text (stmt, 4, customer_id);
  loket_db_bind_text (stmt, 5, c->product_id);
  loket_db_bind_text (stmt, 6, c->subject != NULL ? c->subject : "");
  loket_db_bind_text (stmt, 7, status);
  loket_db_bind_text (stmt, 8, member_text (type, "team_id"));
  loket_db_bind_text (stmt, 9, m->now);
  loket_db_bind_text (stmt, 10, deadline_text);
  if (!loket_store_run_write (self, stmt, error)
      || !loket_store_log_upsert (self, "cases", c->id, m->now, error))
    return FALSE;
  g_clear_pointer (&stmt, loket_db_release_cached);
  stmt = loket_db_prepare_cached (self->db, "INSERT INTO case_status_history (id, case_id, status,"
                                  " at, by_user) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->history_id);
  loket_db_bind_text (stmt, 2, c->id);
  loket_db_bind_text (stmt, 3, status);
  loket_db_bind_text (stmt, 4, m->now);
  loket_db_bind_text (stmt, 5, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_status_history", c->history_id, m->now, error);
}

static gboolean
refuse_case (LoketStore *self, const LoketStoreMutation *m, const LoketStoreCase *c,
             LoketStoreOutcome *out, const char *code, const char *message, GError **error)
{
  return refuse_new_row (self, m, "cases", c->id, error)
         && refuse_new_row (self, m, "case_status_history", c->history_id, error)
         && loket_store_reject (out, code, message);
}

/* The contact or appointment (table) the case came from gets its case, unless it is about
 * another case already; a row the server does not know is left alone (its own push may have
 * been refused). */
static gboolean
link_origin (LoketStore *self, const LoketStoreMutation *m, const char *table, const char *id,
             const char *case_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;

  if (id == NULL)
    return TRUE;
  stmt = loket_db_prepare_cached (self->db, g_str_equal (table, "appointments")
                                  ? "UPDATE appointments SET case_id = ? WHERE id = ? AND case_id IS NULL"
                                  : "UPDATE contact_moments SET case_id = ? WHERE id = ? AND case_id IS NULL",
                                  error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, case_id);
  loket_db_bind_text (stmt, 2, id);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  return sqlite3_changes (loket_db_get_handle (self->db)) == 0
         || loket_store_log_upsert (self, table, id, m->now, error);
}

static gboolean
apply_create_case (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                   LoketStoreOutcome *out, GError **error)
{
  LoketStoreCase c = { 0 };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) type = NULL;
  g_autofree char *customer_id = NULL;
  g_autofree char *reference = NULL;
  const char *contact_moment_id = NULL;
  const char *appointment_id = NULL;
  gboolean found;

  if (!loket_store_required_text (args, "id", &c.id, &bad)
      || !loket_store_required_text (args, "case_type_id", &c.case_type_id, &bad)
      || !loket_store_required_text (args, "history_id", &c.history_id, &bad)
      || !loket_store_optional_text (args, "customer_id", &c.customer_id, &bad)
      || !loket_store_optional_text (args, "product_id", &c.product_id, &bad)
      || !loket_store_optional_text (args, "subject", &c.subject, &bad)
      || !loket_store_optional_text (args, "contact_moment_id", &contact_moment_id, &bad)
      || !loket_store_optional_text (args, "appointment_id", &appointment_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_db_query_row (self->db, "SELECT id, reference FROM cases WHERE id = ?", c.id,
                           &existing, error))
    return FALSE;
  if (existing != NULL)
    return case_answer (out, c.id, member_text (existing, "reference"));
  if (!loket_db_query_row (self->db, "SELECT statuses, max_working_days, team_id FROM case_types"
                           " WHERE id = ?", c.case_type_id, &type, error)
      || !loket_store_resolve_customer (self, c.customer_id, &customer_id, &found, error))
    return FALSE;
  if (type == NULL)
    return refuse_case (self, m, &c, out, LOKET_CODE_NOT_FOUND, _("This case type is unknown"),
                        error);
  if (!found)
    return refuse_case (self, m, &c, out, LOKET_CODE_NOT_FOUND,
                        _("The customer of this case is unknown"), error);
  return loket_store_insert_case (self, m, &c, customer_id, type, &reference, error)
         && link_origin (self, m, "contact_moments", contact_moment_id, c.id, error)
         && link_origin (self, m, "appointments", appointment_id, c.id, error)
         && loket_store_messages_case_created (self, c.id, m->now, error)
         && case_answer (out, c.id, reference);
}

/* ---- appointment_step --------------------------------------------------------------------------- */

/* The desk's clock, but never after the server's now. */
static char *
step_time (const char *desk_at, const char *now)
{
  gint64 at, server;

  if (desk_at == NULL || !loket_protocol_parse_time (desk_at, &at)
      || !loket_protocol_parse_time (now, &server) || at > server)
    return g_strdup (now);
  return loket_protocol_format_time (at);
}

/* Sends the server's copy of the appointment again (the desk's history row of the step goes
 * out as a tombstone: loket_store_apply_mutation). */
static gboolean
undo_step (LoketStore *self, const LoketStoreMutation *m, const char *id, GError **error)
{
  return loket_store_log_upsert (self, "appointments", id, m->now, error);
}

static gboolean
take_step (LoketStore *self, const LoketStoreMutation *m, const char *id, const char *step,
           const char *at, const char *desk, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, loket_rules_step_sql (step),
                                                           error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, at);
  loket_db_bind_text (stmt, 2, desk);
  loket_db_bind_text (stmt, 3, m->user_id);
  loket_db_bind_text (stmt, 4, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointments", id, m->now, error);
}

static gboolean
apply_appointment_step (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                        LoketStoreOutcome *out, GError **error)
{
  const char *id, *step, *event_id, *desk_at = NULL, *desk = NULL;
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) appointment = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autofree char *at = NULL;
  LoketStepVerdict verdict;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "step", &step, &bad)
      || !loket_store_required_text (args, "event_id", &event_id, &bad)
      || !loket_store_optional_text (args, "at", &desk_at, &bad)
      || !loket_store_optional_text (args, "desk", &desk, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_rules_is_step (step))
    return loket_store_reject (out, LOKET_CODE_INVALID, _("Unknown step at the desk"));
  if (!loket_db_query_row (self->db, "SELECT status, called_at IS NOT NULL AS called,"
                           " started_at IS NOT NULL AS started FROM appointments WHERE id = ?",
                           id, &appointment, error))
    return FALSE;
  if (appointment == NULL)
    return loket_store_reject (out, LOKET_CODE_NOT_FOUND, _("This appointment is unknown"));

  verdict = loket_rules_judge_step (step, member_text (appointment, "status"),
                                    json_object_get_int_member (appointment, "called") != 0,
                                    json_object_get_int_member (appointment, "started") != 0,
                                    &bad);
  if (verdict == LOKET_STEP_VERDICT_REFUSE)
    return undo_step (self, m, id, error)
           && loket_store_outcome_reject_error (out, bad);
  if (verdict == LOKET_STEP_VERDICT_ALREADY)
    return undo_step (self, m, id, error) && loket_store_outcome_applied (out, NULL);

  at = step_time (desk_at, m->now);
  detail = json_object_new ();
  if (desk != NULL)
    json_object_set_string_member (detail, "desk", desk);
  return take_step (self, m, id, step, at, desk, error)
         && loket_store_add_appointment_event (self, m, event_id, id,
                                               loket_rules_step_event (step), at, detail, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- add_closure ------------------------------------------------------------------------------ */

typedef struct
{
  const char *id, *location_id, *capacity_id, *from_date, *until_date, *kind, *reason;
} ClosureArgs;

static gboolean
parse_closure (JsonObject *args, ClosureArgs *c, GError **error)
{
  static const char *const kinds[] = { "feestdag", "sluiting", "afwezigheid", NULL };

  if (!loket_store_required_text (args, "id", &c->id, error)
      || !loket_store_optional_text (args, "location_id", &c->location_id, error)
      || !loket_store_optional_text (args, "capacity_id", &c->capacity_id, error)
      || !loket_store_required_text (args, "from_date", &c->from_date, error)
      || !loket_store_required_text (args, "until_date", &c->until_date, error)
      || !loket_store_optional_text (args, "kind", &c->kind, error)
      || !loket_store_one_of (c->kind, "kind", kinds, error)
      || !loket_store_optional_text (args, "reason", &c->reason, error))
    return FALSE;
  if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", c->from_date, 0, 0)
      || !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", c->until_date, 0, 0))
    return loket_store_invalid (error, _("A closure's days are dates (YYYY-MM-DD)"));
  if (strcmp (c->until_date, c->from_date) < 0)
    return loket_store_invalid (error, _("The closure ends before it starts"));
  return TRUE;
}

/* The location of the capacity (a capacity's closure belongs to its location too). */
static gboolean
closure_place (LoketStore *self, ClosureArgs *c, char **location_id, GError **refusal,
               GError **error)
{
  g_autoptr(JsonObject) row = NULL;

  *location_id = g_strdup (c->location_id);
  if (c->capacity_id != NULL)
    {
      if (!loket_db_query_row (self->db, "SELECT location_id FROM capacities WHERE id = ?",
                               c->capacity_id, &row, error))
        return FALSE;
      if (row == NULL)
        {
          g_set_error_literal (refusal, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                               _("This desk or room is unknown"));
          return TRUE;
        }
      g_free (*location_id);
      *location_id = g_strdup (member_text (row, "location_id"));
      return TRUE;
    }
  if (c->location_id == NULL)
    return TRUE;
  if (!loket_db_query_row (self->db, "SELECT id FROM locations WHERE id = ?", c->location_id,
                           &row, error))
    return FALSE;
  if (row == NULL)
    g_set_error_literal (refusal, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                         _("This location is unknown"));
  return TRUE;
}

static gboolean
insert_closure (LoketStore *self, const LoketStoreMutation *m, const ClosureArgs *c,
                const char *location_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO closures (id, location_id, capacity_id, from_date, until_date, reason, kind,"
    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, location_id);
  loket_db_bind_text (stmt, 3, c->capacity_id);
  loket_db_bind_text (stmt, 4, c->from_date);
  loket_db_bind_text (stmt, 5, c->until_date);
  loket_db_bind_text (stmt, 6, c->reason != NULL ? c->reason : "");
  loket_db_bind_text (stmt, 7, c->kind != NULL ? c->kind : "sluiting");
  loket_db_bind_text (stmt, 8, m->user_id);
  loket_db_bind_text (stmt, 9, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "closures", c->id, m->now, error);
}

static gboolean
apply_add_closure (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                   LoketStoreOutcome *out, GError **error)
{
  ClosureArgs c = { 0 };
  g_autoptr(GError) refusal = NULL;
  g_autofree char *role = NULL;
  g_autofree char *location_id = NULL;
  gboolean found;

  if (!parse_closure (args, &c, &refusal))
    return refuse_new_row (self, m, "closures", c.id, error)
           && loket_store_outcome_reject_error (out, refusal);
  if (!loket_store_row_exists (self, "SELECT id FROM closures WHERE id = ?", c.id, &found, error))
    return FALSE;
  if (found)
    return loket_store_outcome_applied (out, NULL);
  if (!user_role (self, m->user_id, &role, error))
    return FALSE;
  if (!loket_rules_may_close (role))
    return refuse_new_row (self, m, "closures", c.id, error)
           && loket_store_reject (out, LOKET_CODE_FORBIDDEN, _("Only team leaders, coordinators and "
                                                   "functional administrators close an agenda"));
  if (!closure_place (self, &c, &location_id, &refusal, error))
    return FALSE;
  if (refusal != NULL)
    return refuse_new_row (self, m, "closures", c.id, error)
           && loket_store_outcome_reject_error (out, refusal);
  return insert_closure (self, m, &c, location_id, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- availability rules ------------------------------------------------------------------------ */

static gboolean
insert_rule_history (LoketStore *self, const LoketStoreMutation *m, const char *history_id,
                     const char *rule_id, const char *capacity_id, const char *action,
                     JsonObject *rule, GError **error)
{
  g_autofree char *rule_text = loket_protocol_to_string (rule);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO availability_rule_history (id, rule_id, capacity_id, action, rule, by_user, at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, history_id);
  loket_db_bind_text (stmt, 2, rule_id);
  loket_db_bind_text (stmt, 3, capacity_id);
  loket_db_bind_text (stmt, 4, action);
  loket_db_bind_text (stmt, 5, rule_text);
  loket_db_bind_text (stmt, 6, m->user_id);
  loket_db_bind_text (stmt, 7, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "availability_rule_history", history_id, m->now, error);
}

/* Takes back the desk's version: its rule as the server has it (or a tombstone) and its
 * history row. */
static gboolean
refuse_rule (LoketStore *self, const LoketStoreMutation *m, const char *rule_id,
             gboolean exists, const char *history_id, LoketStoreOutcome *out, const char *code,
             const char *message, GError **error)
{
  return (exists ? loket_store_log_upsert (self, "availability_rules", rule_id, m->now, error)
                 : refuse_new_row (self, m, "availability_rules", rule_id, error))
         && refuse_new_row (self, m, "availability_rule_history", history_id, error)
         && loket_store_reject (out, code, message);
}

static gboolean
history_replayed (LoketStore *self, const char *history_id, gboolean *replayed, GError **error)
{
  return loket_store_row_exists (self, "SELECT id FROM availability_rule_history WHERE id = ?", history_id,
                     replayed, error);
}

static gboolean
apply_save_rule (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                 LoketStoreOutcome *out, GError **error)
{
  const char *id, *history_id;
  g_autoptr(GError) bad = NULL;
  g_auto(LoketRule) rule = { 0 };
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *role = NULL;
  gboolean exists, replayed, capacity;
  gint64 rev = 1;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "history_id", &history_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!history_replayed (self, history_id, &replayed, error)
      || !loket_db_query_row (self->db, "SELECT rev FROM availability_rules WHERE id = ?", id,
                              &row, error)
      || !user_role (self, m->user_id, &role, error))
    return FALSE;
  exists = row != NULL;
  if (replayed)
    return loket_store_outcome_applied (out, NULL);
  if (!loket_rules_may_keep_rules (role))
    return refuse_rule (self, m, id, exists, history_id, out, LOKET_CODE_FORBIDDEN,
                        _("Only functional administrators keep availability rules"), error);
  if (!loket_rule_from_json (args, &rule, &bad))
    return refuse_rule (self, m, id, exists, history_id, out, LOKET_CODE_INVALID, bad->message,
                        error);
  if (!loket_store_row_exists (self, "SELECT id FROM capacities WHERE id = ?", rule.capacity_id, &capacity,
                   error))
    return FALSE;
  if (!capacity)
    return refuse_rule (self, m, id, exists, history_id, out, LOKET_CODE_NOT_FOUND,
                        _("This desk or room is unknown"), error);
  if (!loket_rule_check_overlap (self->db, &rule, &bad))
    {
      if (!g_error_matches (bad, LOKET_ERROR, LOKET_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&bad));
          return FALSE;
        }
      return refuse_rule (self, m, id, exists, history_id, out, LOKET_CODE_INVALID,
                          bad->message, error);
    }
  if (exists)
    rev = json_object_get_int_member (row, "rev") + 1;
  g_clear_pointer (&row, json_object_unref);
  row = loket_rule_to_json (&rule);
  json_object_set_int_member (row, "rev", rev);
  return loket_db_upsert_row (self->db, "availability_rules", row, error)
         && loket_store_log_upsert (self, "availability_rules", id, m->now, error)
         && insert_rule_history (self, m, history_id, id, rule.capacity_id,
                                 exists ? "changed" : "created", row, error)
         && loket_store_outcome_applied (out, NULL);
}

static gboolean
apply_remove_rule (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                   LoketStoreOutcome *out, GError **error)
{
  const char *id, *history_id;
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *role = NULL;
  gboolean replayed;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "history_id", &history_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!history_replayed (self, history_id, &replayed, error)
      || !loket_db_query_row (self->db, "SELECT * FROM availability_rules WHERE id = ?", id,
                              &row, error)
      || !user_role (self, m->user_id, &role, error))
    return FALSE;
  if (replayed || row == NULL)
    return (replayed || refuse_new_row (self, m, "availability_rule_history", history_id, error))
           && loket_store_outcome_applied (out, NULL);
  if (!loket_rules_may_keep_rules (role))
    return refuse_rule (self, m, id, TRUE, history_id, out, LOKET_CODE_FORBIDDEN,
                        _("Only functional administrators keep availability rules"), error);
  return loket_db_delete_row (self->db, "availability_rules", id, error)
         && loket_store_log_change (self, "availability_rules", id, NULL, m->now, error)
         && insert_rule_history (self, m, history_id, id, member_text (row, "capacity_id"),
                                 "removed", row, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- save_config ------------------------------------------------------------------------------ */

static gboolean
apply_save_config (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                   LoketStoreOutcome *out, GError **error)
{
  const char *entity;
  g_autoptr(GError) bad = NULL;
  g_autofree char *role = NULL;
  JsonNode *node = json_object_get_member (args, "row");
  JsonObject *row = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                  : NULL;
  const char *id = row != NULL ? member_text (row, "id") : NULL;
  g_autoptr(JsonObject) merged = NULL;
  gboolean is_new = TRUE;

  if (!loket_store_required_text (args, "entity", &entity, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (row == NULL || id == NULL || !loket_rules_is_config (entity))
    return loket_store_reject (out, LOKET_CODE_INVALID, _("This configuration change does not fit"));
  if (!user_role (self, m->user_id, &role, error))
    return FALSE;
  if (!loket_rules_check_config (self->db, entity, row, &is_new, &bad))
    {
      if (g_error_matches (bad, LOKET_ERROR, LOKET_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&bad));
          return FALSE;
        }
      return (is_new ? refuse_new_row (self, m, entity, id, error)
                     : loket_store_log_upsert (self, entity, id, m->now, error))
             && loket_store_outcome_reject_error (out, bad);
    }
  if (!loket_rules_may_keep_rules (role))
    return (is_new ? refuse_new_row (self, m, entity, id, error)
                   : loket_store_log_upsert (self, entity, id, m->now, error))
           && loket_store_reject (out, LOKET_CODE_FORBIDDEN,
                      _("Only functional administrators change the configuration"));
  merged = loket_rules_config_row (self->db, entity, row, error);
  /* A changed product makes its knowledge article due for review (within 5 working days). */
  if (merged != NULL && g_str_equal (entity, "products"))
    json_object_set_string_member (merged, "updated_at", m->now);
  return merged != NULL && loket_db_upsert_row (self->db, entity, merged, error)
         && loket_store_log_upsert (self, entity, id, m->now, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

const LoketStoreMutationRule loket_store_agenda_mutations[] = {
  { LOKET_MUTATION_CREATE_CASE, apply_create_case },
  { LOKET_MUTATION_APPOINTMENT_STEP, apply_appointment_step },
  { LOKET_MUTATION_ADD_CLOSURE, apply_add_closure },
  { LOKET_MUTATION_SAVE_RULE, apply_save_rule },
  { LOKET_MUTATION_REMOVE_RULE, apply_remove_rule },
  { LOKET_MUTATION_SAVE_CONFIG, apply_save_config },
  { NULL, NULL },
};
