/* loket-replica-casework.c — case work beyond statuses and fields (loket-replica-casework.h):
 * opening a case from a contact, suspending and resuming it, links, documents, callbacks
 * (terugbelnotities), representatives and merging two customers by hand.
 *
 * As in loket-replica-agenda.c, every write checks its input with the rule the server applies
 * and then records its local effect and its mutation together (loket_replica_record_mutations),
 * so it works offline.  The local effects run again on top of the server's rows after every
 * pull while the mutation is still pending (rebase), so each one is written to be replayed:
 * its rows carry the ids the desk made, and where the server will refuse the change (a case
 * closed meanwhile) the replay leaves the rows alone.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-deadline.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-casework.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-time.h"

/* Where a document may live: a path or URL of at most this many characters (the contract). */
#define MAX_DOCUMENT_LOCATION 2000

/* ---- helpers --------------------------------------------------------------------------------- */

static gboolean
has_row (LoketReplica *self, const char *sql, const char *id)
{
  g_autoptr(LoketRecord) row = loket_replica_first_record (self, sql, id);

  return row != NULL;
}

/* The listed members of args that are present, as a row. */
static JsonObject *
row_from_args (JsonObject *args, const char *const *columns, guint n)
{
  JsonObject *row = json_object_new ();

  for (guint i = 0; i < n; i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  return row;
}

/* The id, who and when of a new row the desk makes. */
static JsonObject *
new_args (LoketReplica *self, const char *by_member, const char *at_member)
{
  JsonObject *args = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, at_member, now);
  loket_json_set_optional (args, by_member, user_id);
  return args;
}


/* ---- local effects: suspending, links, documents --------------------------------------------- */

/* The periods a case waited, from its suspend and resume rows in order: a resume ends the
 * period a suspend began; one not ended yet runs on (LOKET_DEADLINE_OPEN). */
static GArray *
suspension_periods (LoketReplica *self, const char *case_id)
{
  g_autoptr(GListModel) rows = loket_replica_query_texts (self,
    "SELECT kind, at FROM case_suspensions WHERE case_id = ? ORDER BY at, rowid", 1, &case_id);
  GArray *periods = g_array_new (FALSE, FALSE, sizeof (LoketDeadlineSuspension));
  gboolean open = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      gint64 at;

      if (!loket_protocol_parse_time (loket_record_get_string (row, "at"), &at))
        continue;
      if (g_str_equal (loket_record_get_string (row, "kind"), "suspend") && !open)
        {
          LoketDeadlineSuspension period = { at, LOKET_DEADLINE_OPEN };

          g_array_append_val (periods, period);
          open = TRUE;
        }
      else if (g_str_equal (loket_record_get_string (row, "kind"), "resume") && open)
        {
          LoketDeadlineSuspension *period = &g_array_index (periods, LoketDeadlineSuspension,
                                                            periods->len - 1);

          /* Two desks' clocks may disagree: a period never ends before it began. */
          period->until = MAX (at, period->from);
          open = FALSE;
        }
    }
  return periods;
}

/* The deadline of a case resumed at now: its type's lead time from its opening, moved by every
 * working day it waited (the server computes it the same way). */
static char *
resumed_deadline (LoketReplica *self, const char *case_id, gint64 now, GError **error)
{
  g_autoptr(LoketRecord) kase = loket_replica_first_record (self,
    "SELECT z.opened_at, t.max_working_days FROM cases z"
    " JOIN case_types t ON t.id = z.case_type_id WHERE z.id = ?", case_id);
  g_autoptr(GArray) periods = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketWorkdays) workdays = NULL;
  LoketDeadlineCase dates = { 0 };
  LoketDeadline deadline;
  GDate opened, today;

  if (kase == NULL
      || !loket_protocol_parse_time (loket_record_get_string (kase, "opened_at"),
                                     &dates.opened_at))
    return NULL;  /* nothing to move the deadline of */
  periods = suspension_periods (self, case_id);
  dates.lead_days = (guint) loket_record_get_int (kase, "max_working_days");
  dates.suspensions = (const LoketDeadlineSuspension *) periods->data;
  dates.n_suspensions = periods->len;
  loket_time_local_date (tz, dates.opened_at, &opened);
  loket_time_local_date (tz, now, &today);
  workdays = loket_replica_load_workdays (self, g_date_get_year (&opened),
                            g_date_get_year (&today) + 2 + (int) dates.lead_days / 200);
  if (!loket_deadline_compute (workdays, tz, &dates, now, &deadline, error))
    return NULL;
  return loket_time_format_iso_date (&deadline.date);
}

gboolean
loket_replica_apply_suspend_case (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "case_id", "kind", "at", "reason", "by_user" };
  LoketDb *db = loket_replica_get_db (self);
  const char *case_id = loket_json_text (args, "case_id");
  gboolean suspend = g_strcmp0 (loket_json_text (args, "kind"), "suspend") == 0;
  const char *at = loket_json_text (args, "at");
  g_autoptr(JsonObject) kase = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *deadline = NULL;
  gint64 now;

  if (!loket_db_query_row (db, "SELECT closed_at IS NOT NULL AS closed,"
                           " suspended_since IS NOT NULL AS waiting FROM cases WHERE id = ?",
                           case_id, &kase, error))
    return FALSE;
  /* Closed, or suspended or resumed already (by this mutation, or elsewhere: then the server
   * refuses it and sends its own rows). */
  if (kase == NULL || json_object_get_int_member (kase, "closed") != 0
      || (json_object_get_int_member (kase, "waiting") != 0) == suspend)
    return TRUE;
  row = row_from_args (args, columns, G_N_ELEMENTS (columns));
  if (!loket_db_upsert_row (db, "case_suspensions", row, error))
    return FALSE;
  if (suspend)
    return loket_replica_run (self, "UPDATE cases SET suspended_since = ?1 WHERE id = ?2", 2,
                (const char *[]) { at, case_id }, error);
  if (at == NULL || !loket_protocol_parse_time (at, &now))
    now = g_get_real_time () / G_USEC_PER_SEC;
  if ((deadline = resumed_deadline (self, case_id, now, error)) == NULL
      && error != NULL && *error != NULL)
    return FALSE;
  return loket_replica_run (self, "UPDATE cases SET suspended_since = NULL,"
              " deadline = coalesce (?1, deadline) WHERE id = ?2", 2,
              (const char *[]) { deadline, case_id }, error);
}

gboolean
loket_replica_apply_link_cases (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *params[] = { loket_json_text (args, "id"), loket_json_text (args, "case_id"),
                           loket_json_text (args, "linked_case_id"), loket_json_text (args, "kind"),
                           loket_json_text (args, "created_at"),
                           loket_json_text (args, "by_user") };

#define SAME_LINK_ELSEWHERE \
  "EXISTS (SELECT 1 FROM case_links l WHERE l.id <> ?1 AND l.kind = ?4" \
  " AND ((l.case_id = ?2 AND l.linked_case_id = ?3) OR (l.case_id = ?3 AND l.linked_case_id = ?2)))"
  /* The same link made at another desk arrived first: it is the one kept, this one would be a
   * second copy of it (the server applies this one as nothing new). */
  return loket_replica_run (self, "DELETE FROM case_links WHERE id = ?1 AND " SAME_LINK_ELSEWHERE,
              G_N_ELEMENTS (params), params, error)
         && loket_replica_run (self, "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at,"
                 " by_user) SELECT ?1, ?2, ?3, ?4, coalesce (?5, ''), ?6"
                 " WHERE NOT " SAME_LINK_ELSEWHERE " ON CONFLICT (id) DO NOTHING",
                 G_N_ELEMENTS (params), params, error);
#undef SAME_LINK_ELSEWHERE
}

gboolean
loket_replica_apply_add_case_document (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "case_id", "title", "location", "added_at",
                                         "by_user" };
  g_autoptr(JsonObject) row = row_from_args (args, columns, G_N_ELEMENTS (columns));

  return loket_db_upsert_row (loket_replica_get_db (self), "case_documents", row, error);
}

/* ---- local effects: callbacks, representatives, merging -------------------------------------- */

gboolean
loket_replica_apply_add_callback (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "customer_id", "contact_moment_id", "phone",
                                         "subject", "assigned_user_id", "assigned_team_id",
                                         "due_at", "created_at", "created_by" };
  g_autoptr(JsonObject) row = row_from_args (args, columns, G_N_ELEMENTS (columns));

  return loket_db_upsert_row (loket_replica_get_db (self), "callbacks", row, error);
}

/* A note as it joins notes already on a callback, as the server writes it: "Anna de Vries,
 * 2026-11-23 09:30: note" (the local time in Amsterdam), so nothing says the note was the first
 * outcome's. */
static char *
attributed_note (LoketReplica *self, const char *note, const char *by_user, const char *at)
{
  g_autoptr(LoketRecord) user = by_user != NULL
    ? loket_replica_first_record (self, "SELECT display_name FROM users WHERE id = ?", by_user)
    : NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  gint64 seconds = 0;

  if (at == NULL || !loket_protocol_parse_time (at, &seconds))
    seconds = g_get_real_time () / G_USEC_PER_SEC;
  utc = g_date_time_new_from_unix_utc (seconds);
  local = g_date_time_to_timezone (utc, tz);
  when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  return g_strdup_printf ("%s, %s: %s",
                          user != NULL ? loket_record_get_string (user, "display_name")
                                       : by_user != NULL ? by_user : "",
                          when, note);
}

/* ?1 id, ?2 outcome, ?3 at, ?4 by_user, ?5 note or NULL: whether the callback holds this very
 * outcome already, so that a replay changes nothing (the note tells two outcomes of one person
 * in one second apart). */
#define OWN_OUTCOME \
  "(outcome = ?2 AND outcome_at IS ?3 AND outcome_by IS ?4" \
  " AND (?5 IS NULL OR instr (outcome_note, ?5) > 0))"
/* ?6: the note attributed; it joins the notes there are on a new line. */
#define JOINED_NOTE \
  "CASE WHEN outcome_note = '' THEN ?6 ELSE outcome_note || char (10) || ?6 END"

gboolean
loket_replica_apply_settle_callback (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *note = loket_json_text (args, "note");
  const char *params[] = { loket_json_text (args, "id"), loket_json_text (args, "outcome"),
                           loket_json_text (args, "at"), loket_json_text (args, "by_user"),
                           note, NULL };
  g_autofree char *attributed = note != NULL ? attributed_note (self, note, params[3], params[2])
                                             : NULL;

  params[5] = attributed;
  /* Done already by someone else (or by this desk a moment ago): that outcome stays and this
   * note joins it, once however often it is replayed.  An open or not reached callback gets
   * this outcome, its note on its own or after the earlier attempt's. */
  return loket_replica_run (self, "UPDATE callbacks SET outcome_note = " JOINED_NOTE
              " WHERE id = ?1 AND outcome = 'done' AND NOT " OWN_OUTCOME " AND ?5 IS NOT NULL"
              " AND instr (outcome_note, ?6) = 0", G_N_ELEMENTS (params), params, error)
         && loket_replica_run (self, "UPDATE callbacks SET outcome = ?2, outcome_at = ?3, outcome_by = ?4,"
                 " outcome_note = CASE WHEN ?5 IS NULL THEN outcome_note"
                 "  WHEN outcome_note = '' THEN ?5 ELSE outcome_note || char (10) || ?6 END"
                 " WHERE id = ?1 AND outcome <> 'done' AND NOT " OWN_OUTCOME,
                 G_N_ELEMENTS (params), params, error);
}
#undef OWN_OUTCOME
#undef JOINED_NOTE

gboolean
loket_replica_apply_save_representative (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *role = loket_json_text (args, "role");
  const char *params[] = { loket_json_text (args, "id"), loket_json_text (args, "organisation_id"),
                           loket_json_text (args, "person_id"), role != NULL ? role : "",
                           loket_json_text (args, "created_at") };

  /* One row per pair: a pair known already (made at another desk too) only gets the role. */
  return loket_replica_run (self, "UPDATE customer_representatives SET role = ?4"
              " WHERE organisation_id = ?2 AND person_id = ?3", G_N_ELEMENTS (params), params,
              error)
         && loket_replica_run (self, "DELETE FROM customer_representatives WHERE id = ?1 AND EXISTS (SELECT 1"
                 " FROM customer_representatives r WHERE r.id <> ?1 AND r.organisation_id = ?2"
                 " AND r.person_id = ?3)", G_N_ELEMENTS (params), params, error)
         && loket_replica_run (self, "INSERT INTO customer_representatives (id, organisation_id, person_id,"
                 " role, created_at) SELECT ?1, ?2, ?3, ?4, coalesce (?5, '')"
                 " WHERE NOT EXISTS (SELECT 1 FROM customer_representatives"
                 "  WHERE organisation_id = ?2 AND person_id = ?3)",
                 G_N_ELEMENTS (params), params, error);
}

/* Parameters ?1 alias, ?2 survivor.  The representatives the survivor has already, or that
 * would make it represent itself, go first, so each pair stays one row. */
static const char *const merge_statements[] = {
  "UPDATE appointments SET customer_id = ?2 WHERE customer_id = ?1",
  "UPDATE cases SET customer_id = ?2 WHERE customer_id = ?1",
  "UPDATE notes SET customer_id = ?2 WHERE customer_id = ?1",
  "UPDATE contact_moments SET customer_id = ?2 WHERE customer_id = ?1",
  "UPDATE callbacks SET customer_id = ?2 WHERE customer_id = ?1",
  "DELETE FROM customer_representatives WHERE (organisation_id = ?1 AND person_id = ?2)"
  " OR (organisation_id = ?2 AND person_id = ?1)",
  "DELETE FROM customer_representatives WHERE organisation_id = ?1 AND person_id IN"
  " (SELECT person_id FROM customer_representatives WHERE organisation_id = ?2)",
  "DELETE FROM customer_representatives WHERE person_id = ?1 AND organisation_id IN"
  " (SELECT organisation_id FROM customer_representatives WHERE person_id = ?2)",
  "UPDATE customer_representatives SET organisation_id = ?2 WHERE organisation_id = ?1",
  "UPDATE customer_representatives SET person_id = ?2 WHERE person_id = ?1",
  "DELETE FROM customers WHERE id = ?1",
};

gboolean
loket_replica_apply_merge_customers (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *params[] = { loket_json_text (args, "alias_id"),
                           loket_json_text (args, "survivor_id") };

  /* Without the survivor here (any more) there is nowhere to move to: the server's rows
   * will tell. */
  if (params[0] == NULL || params[1] == NULL || g_str_equal (params[0], params[1])
      || !has_row (self, "SELECT id FROM customers WHERE id = ?", params[1]))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (merge_statements); i++)
    if (!loket_replica_run (self, merge_statements[i], G_N_ELEMENTS (params), params, error))
      return FALSE;
  return TRUE;
}

/* ---- opening a case -------------------------------------------------------------------------- */

static gboolean
check_case_input (LoketReplica *self, const LoketCaseInput *in, GError **error)
{
  g_autoptr(LoketRecord) contact = NULL;
  g_autoptr(LoketRecord) appointment = NULL;

  if (in->case_type_id == NULL || *in->case_type_id == '\0')
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Choose the kind of case."));
  if (in->customer_id != NULL
      && !has_row (self, "SELECT id FROM customers WHERE id = ?", in->customer_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This customer does not exist (any more)."));
  if (in->appointment_id != NULL)
    {
      appointment = loket_replica_first_record (self, "SELECT case_id FROM appointments"
                                                " WHERE id = ?", in->appointment_id);
      if (appointment == NULL)
        return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                                   _("This appointment does not exist (any more)."));
      if (!loket_record_is_null (appointment, "case_id"))
        return loket_replica_fail (error, LOKET_ERROR_INVALID,
                                   _("This appointment already belongs to a case."));
    }
  if (in->contact_moment_id == NULL)
    return TRUE;
  contact = loket_replica_first_record (self, "SELECT case_id FROM contact_moments WHERE id = ?",
                                        in->contact_moment_id);
  if (contact == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This contact does not exist (any more)."));
  if (!loket_record_is_null (contact, "case_id"))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This contact already belongs to a case."));
  return TRUE;
}

char *
loket_replica_create_case (LoketReplica *self, const LoketCaseInput *input, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!check_case_input (self, input, error))
    return NULL;
  subject = loket_replica_trimmed (input->subject);
  args = loket_replica_case_args (self, input->case_type_id, input->product_id,
                                  input->customer_id, subject, error);
  if (args == NULL)
    return NULL;
  loket_json_set_optional (args, "contact_moment_id", input->contact_moment_id);
  loket_json_set_optional (args, "appointment_id", input->appointment_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_CREATE_CASE, args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", "cases");
  g_signal_emit_by_name (self, "changed", "case_status_history");
  if (input->contact_moment_id != NULL)
    g_signal_emit_by_name (self, "changed", "contact_moments");
  if (input->appointment_id != NULL)
    g_signal_emit_by_name (self, "changed", "appointments");
  return g_strdup (loket_json_text (args, "id"));
}

/* ---- suspending, links, documents ------------------------------------------------------------ */

static LoketRecord *
get_case (LoketReplica *self, const char *case_id, GError **error)
{
  LoketRecord *kase = loket_replica_first_record (self, "SELECT id, closed_at, suspended_since"
                                                  " FROM cases WHERE id = ?", case_id);

  if (kase == NULL)
    loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This case does not exist (any more)."));
  return kase;
}

static gboolean
check_suspension (LoketRecord *kase, gboolean suspend, GError **error)
{
  gboolean waiting = !loket_record_is_null (kase, "suspended_since");

  if (!loket_record_is_null (kase, "closed_at"))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               suspend ? _("This case is closed, so it cannot wait for the "
                                           "customer.")
                                       : _("This case is closed."));
  if (suspend && waiting)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This case is already waiting for the customer."));
  if (!suspend && !waiting)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This case is not waiting for the customer."));
  return TRUE;
}

gboolean
loket_replica_suspend_case (LoketReplica *self, const char *case_id, gboolean suspend,
                            const char *reason, GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *text = loket_replica_trimmed (reason);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if ((kase = get_case (self, case_id, error)) == NULL
      || !check_suspension (kase, suspend, error))
    return FALSE;
  args = new_args (self, "by_user", "at");
  json_object_set_string_member (args, "case_id", case_id);
  json_object_set_string_member (args, "kind", suspend ? "suspend" : "resume");
  loket_json_set_optional (args, "reason", text);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SUSPEND_CASE, args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "cases");
  g_signal_emit_by_name (self, "changed", "case_suspensions");
  return TRUE;
}

static gboolean
already_linked (LoketReplica *self, const char *case_id, const char *linked_case_id,
                const char *kind)
{
  const char *params[] = { case_id, linked_case_id, kind };
  g_autoptr(GListModel) rows = loket_replica_query_texts (self,
    "SELECT id FROM case_links WHERE kind = ?3 AND ((case_id = ?1 AND linked_case_id = ?2)"
    " OR (case_id = ?2 AND linked_case_id = ?1))", G_N_ELEMENTS (params), params);

  return g_list_model_get_n_items (rows) > 0;
}

gboolean
loket_replica_link_cases (LoketReplica *self, const char *case_id, const char *linked_case_id,
                          const char *kind, GError **error)
{
  static const char *const kinds[] = { "intake", "related", "bundle", NULL };
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(LoketRecord) linked = NULL;
  g_autoptr(JsonObject) args = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (case_id != NULL && linked_case_id != NULL, FALSE);

  if (kind == NULL || !g_strv_contains (kinds, kind))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Choose how the cases belong together: intake, related or "
                                 "bundle."));
  if (g_str_equal (case_id, linked_case_id))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("A case cannot be linked to itself."));
  if ((kase = get_case (self, case_id, error)) == NULL
      || (linked = get_case (self, linked_case_id, error)) == NULL)
    return FALSE;
  if (already_linked (self, case_id, linked_case_id, kind))
    return TRUE;  /* nothing new, as on the server */
  args = new_args (self, "by_user", "created_at");
  json_object_set_string_member (args, "case_id", case_id);
  json_object_set_string_member (args, "linked_case_id", linked_case_id);
  json_object_set_string_member (args, "kind", kind);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_LINK_CASES, args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "case_links");
  return TRUE;
}

char *
loket_replica_add_case_document (LoketReplica *self, const char *case_id, const char *title,
                                 const char *location, GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *title_text = loket_replica_trimmed (title);
  g_autofree char *where = loket_replica_trimmed (location);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (title_text == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID, _("Enter the title of the document."));
      return NULL;
    }
  if (where == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID,
                          _("Enter where the document is kept: a path or a web address."));
      return NULL;
    }
  if (g_utf8_strlen (where, -1) > MAX_DOCUMENT_LOCATION)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID,
                          _("The place of the document is too long: at most 2000 characters."));
      return NULL;
    }
  if ((kase = get_case (self, case_id, error)) == NULL)
    return NULL;
  args = new_args (self, "by_user", "added_at");
  json_object_set_string_member (args, "case_id", case_id);
  json_object_set_string_member (args, "title", title_text);
  json_object_set_string_member (args, "location", where);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_ADD_CASE_DOCUMENT, args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", "case_documents");
  return g_strdup (loket_json_text (args, "id"));
}

/* ---- callbacks ------------------------------------------------------------------------------- */

static gboolean
check_callback (LoketReplica *self, const LoketCallbackInput *in, const char *phone,
                const char *subject, GError **error)
{
  if (subject == NULL)
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Write what to call back about."));
  if (in->customer_id == NULL && phone == NULL)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Choose the customer or enter a phone number to call back."));
  if (in->assigned_user_id == NULL && in->assigned_team_id == NULL)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Choose a colleague or a team to call back."));
  if (in->due_at < 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Choose when to call back."));
  if (in->customer_id != NULL
      && !has_row (self, "SELECT id FROM customers WHERE id = ?", in->customer_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This customer does not exist (any more)."));
  if (in->contact_moment_id != NULL
      && !has_row (self, "SELECT id FROM contact_moments WHERE id = ?", in->contact_moment_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This contact does not exist (any more)."));
  if (in->assigned_user_id != NULL
      && !has_row (self, "SELECT id FROM users WHERE id = ?", in->assigned_user_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This colleague is unknown."));
  if (in->assigned_team_id != NULL
      && !has_row (self, "SELECT id FROM teams WHERE id = ?", in->assigned_team_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This team is unknown."));
  return TRUE;
}

/* The end of the next working day after now in the desk's zone (the callback norm).  The desk
 * sends it rather than leaving it to the server: the customer asked now, not when the desk
 * was next online. */
static char *
default_callback_due (LoketReplica *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (
    self, user != NULL && !loket_record_is_null (user, "location_id")
          ? loket_record_get_string (user, "location_id") : NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(LoketWorkdays) workdays = NULL;
  GDate today;

  loket_time_local_date (tz, now, &today);
  workdays = loket_replica_load_workdays (self, g_date_get_year (&today), g_date_get_year (&today) + 1);
  return loket_protocol_format_time (loket_deadline_callback_due (workdays, tz, now));
}

char *
loket_replica_add_callback (LoketReplica *self, const LoketCallbackInput *input, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *due_at = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  phone = loket_replica_trimmed (input->phone);
  subject = loket_replica_trimmed (input->subject);
  if (!check_callback (self, input, phone, subject, error))
    return NULL;
  due_at = input->due_at > 0 ? loket_protocol_format_time (input->due_at)
                             : default_callback_due (self);
  args = new_args (self, "created_by", "created_at");
  loket_json_set_optional (args, "customer_id", input->customer_id);
  loket_json_set_optional (args, "contact_moment_id", input->contact_moment_id);
  loket_json_set_optional (args, "phone", phone);
  json_object_set_string_member (args, "subject", subject);
  loket_json_set_optional (args, "assigned_user_id", input->assigned_user_id);
  loket_json_set_optional (args, "assigned_team_id", input->assigned_team_id);
  json_object_set_string_member (args, "due_at", due_at);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_ADD_CALLBACK, args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", "callbacks");
  return g_strdup (loket_json_text (args, "id"));
}

gboolean
loket_replica_settle_callback (LoketReplica *self, const char *callback_id, const char *outcome,
                               const char *note, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *text = loket_replica_trimmed (note);
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (callback_id != NULL, FALSE);

  if (g_strcmp0 (outcome, "done") != 0 && g_strcmp0 (outcome, "not_reached") != 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Choose whether the customer was reached."));
  if (!has_row (self, "SELECT id FROM callbacks WHERE id = ?", callback_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This callback does not exist (any more)."));
  args = json_object_new ();
  json_object_set_string_member (args, "id", callback_id);
  json_object_set_string_member (args, "outcome", outcome);
  loket_json_set_optional (args, "note", text);
  json_object_set_string_member (args, "at", now);
  loket_json_set_optional (args, "by_user", user_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SETTLE_CALLBACK, args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "callbacks");
  return TRUE;
}

/* ---- customers ------------------------------------------------------------------------------- */

/* The customer of that id and kind, or a sentence for the desk. */
static gboolean
check_customer_kind (LoketReplica *self, const char *id, const char *kind, GError **error)
{
  g_autoptr(LoketRecord) customer = loket_replica_first_record (self,
    "SELECT kind FROM customers WHERE id = ?", id);

  if (customer == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This customer does not exist (any more)."));
  if (g_str_equal (loket_record_get_string (customer, "kind"), kind))
    return TRUE;
  return loket_replica_fail (error, LOKET_ERROR_INVALID,
                             g_str_equal (kind, "organisation")
                             ? _("Only an organisation has representatives.")
                             : _("A representative is a person, not an organisation."));
}

gboolean
loket_replica_save_representative (LoketReplica *self, const char *organisation_id,
                                   const char *person_id, const char *role, GError **error)
{
  const char *pair[] = { organisation_id, person_id };
  g_autoptr(GListModel) known = NULL;
  g_autoptr(LoketRecord) row = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *role_text = loket_replica_trimmed (role);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (organisation_id != NULL && person_id != NULL, FALSE);

  if (g_str_equal (organisation_id, person_id))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("An organisation cannot represent itself."));
  if (!check_customer_kind (self, organisation_id, "organisation", error)
      || !check_customer_kind (self, person_id, "person", error))
    return FALSE;
  args = new_args (self, "by_user", "created_at");
  /* The pair known already keeps its row: only its role changes. */
  known = loket_replica_query_texts (self, "SELECT id FROM customer_representatives"
                                     " WHERE organisation_id = ? AND person_id = ?", 2, pair);
  if ((row = g_list_model_get_n_items (known) > 0 ? g_list_model_get_item (known, 0) : NULL))
    json_object_set_string_member (args, "id", loket_record_get_id (row));
  json_object_set_string_member (args, "organisation_id", organisation_id);
  json_object_set_string_member (args, "person_id", person_id);
  json_object_set_string_member (args, "role", role_text != NULL ? role_text : "");
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SAVE_REPRESENTATIVE, args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "customer_representatives");
  return TRUE;
}

gboolean
loket_replica_merge_customers (LoketReplica *self, const char *alias_id, const char *survivor_id,
                               GError **error)
{
  g_autofree char *role = NULL;
  g_autoptr(JsonObject) args = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (alias_id != NULL && survivor_id != NULL, FALSE);

  role = loket_replica_dup_role (self);
  if (!loket_rules_may_merge_customers (role))
    return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN,
                               _("Only team leaders, coordinators and functional administrators "
                                 "may merge customers."));
  if (g_str_equal (alias_id, survivor_id))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("A customer cannot be merged with itself."));
  if (!has_row (self, "SELECT id FROM customers WHERE id = ?", alias_id)
      || !has_row (self, "SELECT id FROM customers WHERE id = ?", survivor_id))
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This customer does not exist (any more)."));
  args = json_object_new ();
  json_object_set_string_member (args, "alias_id", alias_id);
  json_object_set_string_member (args, "survivor_id", survivor_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_MERGE_CUSTOMERS, args, error))
    return FALSE;
  /* Appointments, cases, notes, contacts, callbacks and representatives moved. */
  loket_replica_emit_changed (self);
  return TRUE;
}

/* ---- the archive date ------------------------------------------------------------------------ */

gboolean
loket_replica_update_archive (LoketReplica *self, const char *case_id, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketRecord) kase = loket_replica_first_record (self,
    "SELECT k.closed_at, t.retention_years, t.retention_action FROM cases k"
    " JOIN case_types t ON t.id = k.case_type_id WHERE k.id = ?", case_id);
  g_autofree char *date = NULL;
  LoketDeadlineArchive archive;
  gint64 closed, years;
  const char *params[3] = { case_id, NULL, NULL };

  if (kase == NULL)
    return TRUE;
  years = loket_record_get_int (kase, "retention_years");
  /* As the server does (archive_of): the type's retention from the local day it closed. */
  if (!loket_record_is_null (kase, "closed_at") && years > 0 && years <= G_MAXINT
      && loket_protocol_parse_time (loket_record_get_string (kase, "closed_at"), &closed)
      && loket_deadline_archive (tz, closed, (guint) years,
                                 loket_record_get_string (kase, "retention_action"), &archive,
                                 NULL))
    {
      date = loket_time_format_iso_date (&archive.date);
      params[1] = loket_record_get_string (kase, "retention_action");
      params[2] = date;
    }
  return loket_replica_run (self, "UPDATE cases SET archive_action = ?2, archive_date = ?3"
                            " WHERE id = ?1", G_N_ELEMENTS (params), params, error);
}
