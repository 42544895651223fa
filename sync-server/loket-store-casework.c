/* loket-store-casework.c — case work beyond fields and statuses: suspending and resuming a case
 * (its deadline's clock stands still while it waits for the customer), links between cases and
 * documents; the table of the case work mutations, whose contact moments and callbacks live in
 * loket-store-contacts.c and representatives and merges in loket-store-merge.c (the contract:
 * loket-protocol.h; what they share: loket-store-casework.h).
 *
 * Suspensions, links and documents are append-only records with client-made ids, like notes:
 * the same id again is applied once.  A record the desk made for a change the server refuses
 * goes out as a tombstone, and a case the desk changed locally (suspended, resumed) is logged
 * again, so the desk's local effect gives way to the server's copy on its next pull.  Like
 * loket-store-mutations.c: FALSE only for a failing database.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-deadline.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-casework.h"
#include "loket-store-private.h"
#include "loket-time.h"
#include "loket-validate.h"

/* The longest location of a document a desk may send. */
#define MAX_LOCATION_CHARS 2000

/* ---- helpers -------------------------------------------------------------------------------- */

/* A row the desk made for a change the server refused is removed from it again. */
gboolean
loket_store_refuse_new_row (LoketStore *self, const LoketStoreMutation *m, const char *entity,
                            const char *id, LoketStoreOutcome *out, const char *code,
                            const char *message, GError **error)
{
  return loket_store_log_change (self, entity, id, NULL, m->now, error)
         && loket_store_reject (out, code, message);
}

/* A change refused for what it says (bad): the desk's row of that id (id NULL: none was read)
 * gives way to the server's, which is the server's copy when it has a row of that id (not the
 * desk's to lose), else a tombstone. */
gboolean
loket_store_refuse_unreadable (LoketStore *self, const LoketStoreMutation *m,
                               const char *entity, const char *id, LoketStoreOutcome *out,
                               const GError *bad, GError **error)
{
  /* entity is one of the case work's table names, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?", entity);
  gboolean exists = TRUE;

  if (id != NULL && !loket_store_row_exists (self, sql, id, &exists, error))
    return FALSE;
  if (id != NULL
      && !(exists ? loket_store_log_upsert (self, entity, id, m->now, error)
                  : loket_store_log_change (self, entity, id, NULL, m->now, error)))
    return FALSE;
  return loket_store_outcome_reject_error (out, bad);
}

/* A replay finds the row of its id: applied when it is the same record, else another record
 * took the id (and goes out again as the server has it). */
static gboolean
answer_replay (LoketStore *self, const LoketStoreMutation *m, const char *entity,
               const char *id, gboolean same, LoketStoreOutcome *out, GError **error)
{
  if (same)
    return loket_store_outcome_applied (out, NULL);
  return loket_store_log_upsert (self, entity, id, m->now, error)
         && loket_store_reject (out, LOKET_CODE_INVALID,
                                _("Another record with this id already exists"));
}

/* ---- suspend_case --------------------------------------------------------------------------- */

static gboolean
load_case (LoketStore *self, const char *id, JsonObject **kase, GError **error)
{
  return loket_db_query_row (self->db,
    "SELECT c.id, c.opened_at, c.closed_at, c.suspended_since, t.max_working_days"
    " FROM cases c JOIN case_types t ON t.id = c.case_type_id WHERE c.id = ?", id, kase, error);
}

/* The case's suspension periods from its rows, in order: a suspend opens one, the next resume
 * ends it; one still open runs on (LOKET_DEADLINE_OPEN). */
static GArray *
load_periods (LoketStore *self, const char *case_id, GError **error)
{
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (LoketDeadlineSuspension));
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT kind, at FROM case_suspensions WHERE case_id = ? ORDER BY at, rowid", error);
  LoketDeadlineSuspension period = { 0, 0 };
  gboolean ok, has_row, open = FALSE;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, case_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      gboolean suspend = g_strcmp0 (column_text (stmt, 0), "suspend") == 0;
      gint64 at;

      if (!loket_protocol_parse_time (column_text (stmt, 1), &at) || suspend == open)
        continue;  /* a second suspend keeps the first start; a stray resume ends nothing */
      if (suspend)
        period.from = at;
      else
        {
          period.until = at;
          g_array_append_val (periods, period);
        }
      open = suspend;
    }
  if (ok && open)
    {
      period.until = LOKET_DEADLINE_OPEN;
      g_array_append_val (periods, period);
    }
  return ok ? g_steal_pointer (&periods) : NULL;
}

/* The deadline (a local date) after the case's periods of waiting, or NULL (*deadline) when
 * the case's data do not allow one (a lead time out of range): it then keeps the one it has. */
static gboolean
resumed_deadline (LoketStore *self, const LoketStoreMutation *m, JsonObject *kase,
                  char **deadline, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GArray) periods = NULL;
  g_autoptr(LoketWorkdays) workdays = NULL;
  gint64 lead = json_object_get_int_member_with_default (kase, "max_working_days", 0);
  LoketDeadlineCase c = { 0 };
  LoketDeadline result;
  GDate opened, today;
  gint64 now = 0;

  *deadline = NULL;
  if (!loket_protocol_parse_time (member_text (kase, "opened_at"), &c.opened_at)
      || !loket_protocol_parse_time (m->now, &now)
      || lead <= 0 || lead > LOKET_DEADLINE_MAX_LEAD_DAYS)
    return TRUE;
  if ((periods = load_periods (self, member_text (kase, "id"), error)) == NULL)
    return FALSE;
  loket_time_local_date (tz, c.opened_at, &opened);
  loket_time_local_date (tz, now, &today);
  /* Every year the deadline can reach: it lies at most the lead time after today. */
  workdays = loket_rules_load_workdays (self->db, g_date_get_year (&opened),
                                        g_date_get_year (&today) + 1 + (int) lead / 200, error);
  if (workdays == NULL)
    return FALSE;
  c.lead_days = (guint) lead;
  c.suspensions = (const LoketDeadlineSuspension *) (gpointer) periods->data;
  c.n_suspensions = periods->len;
  if (loket_deadline_compute (workdays, tz, &c, now, &result, NULL))
    *deadline = loket_time_format_iso_date (&result.date);
  return TRUE;
}

static gboolean
insert_suspension (LoketStore *self, const LoketStoreMutation *m, const char *id,
                   const char *case_id, const char *kind, const char *reason, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO case_suspensions (id, case_id, kind, at, reason, by_user)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, case_id);
  loket_db_bind_text (stmt, 3, kind);
  loket_db_bind_text (stmt, 4, m->now);
  loket_db_bind_text (stmt, 5, reason != NULL ? reason : "");
  loket_db_bind_text (stmt, 6, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_suspensions", id, m->now, error);
}

/* suspended_since is now, or NULL with the deadline moved (deadline NULL: kept). */
static gboolean
write_suspended (LoketStore *self, const LoketStoreMutation *m, const char *case_id,
                 gboolean suspend, const char *deadline, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE cases SET suspended_since = ?1, deadline = coalesce (?2, deadline), rev = rev + 1"
    " WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, suspend ? m->now : NULL);
  loket_db_bind_text (stmt, 2, deadline);
  loket_db_bind_text (stmt, 3, case_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "cases", case_id, m->now, error);
}

/* Not applied: the desk's suspension row goes, and its case as the server has it comes back. */
static gboolean
refuse_suspension (LoketStore *self, const LoketStoreMutation *m, const char *id,
                   const char *case_id, LoketStoreOutcome *out, const char *message,
                   GError **error)
{
  return loket_store_log_upsert (self, "cases", case_id, m->now, error)
         && loket_store_refuse_new_row (self, m, "case_suspensions", id, out, LOKET_CODE_INVALID,
                                        message, error);
}

static gboolean
apply_suspend_case (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                    LoketStoreOutcome *out, GError **error)
{
  static const char *const kinds[] = { "suspend", "resume", NULL };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) kase = NULL;
  g_autofree char *deadline = NULL;
  const char *id = NULL, *case_id, *kind, *reason;
  gboolean suspend, waiting;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "case_id", &case_id, &bad)
      || !loket_store_required_text (args, "kind", &kind, &bad)
      || !loket_store_one_of (kind, "kind", kinds, &bad)
      || !loket_store_optional_text (args, "reason", &reason, &bad))
    return loket_store_refuse_unreadable (self, m, "case_suspensions", id, out, bad, error);
  if (!loket_db_query_row (self->db, "SELECT case_id, kind FROM case_suspensions WHERE id = ?",
                           id, &existing, error))
    return FALSE;
  if (existing != NULL)
    return answer_replay (self, m, "case_suspensions", id,
                          g_strcmp0 (member_text (existing, "case_id"), case_id) == 0
                          && g_strcmp0 (member_text (existing, "kind"), kind) == 0, out, error);
  if (!load_case (self, case_id, &kase, error))
    return FALSE;
  if (kase == NULL)
    return loket_store_refuse_new_row (self, m, "case_suspensions", id, out, LOKET_CODE_NOT_FOUND,
                                       _("This case is unknown"), error);

  suspend = g_str_equal (kind, "suspend");
  waiting = member_text (kase, "suspended_since") != NULL;
  if (member_text (kase, "closed_at") != NULL)
    return refuse_suspension (self, m, id, case_id, out,
                              _("This case is closed; its deadline no longer runs"), error);
  if (suspend && waiting)
    return refuse_suspension (self, m, id, case_id, out,
                              _("This case is already waiting for the customer"), error);
  if (!suspend && !waiting)
    return refuse_suspension (self, m, id, case_id, out,
                              _("This case is not waiting for the customer"), error);
  return insert_suspension (self, m, id, case_id, kind, reason, error)
         && (suspend || resumed_deadline (self, m, kase, &deadline, error))
         && write_suspended (self, m, case_id, suspend, deadline, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- link_cases ----------------------------------------------------------------------------- */

/* The id of a link of the same two cases (either way round) and kind, or NULL. */
static gboolean
find_link (LoketStore *self, const char *case_id, const char *linked_case_id, const char *kind,
           char **link_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT id FROM case_links WHERE kind = ?3 AND ((case_id = ?1 AND linked_case_id = ?2)"
    " OR (case_id = ?2 AND linked_case_id = ?1)) ORDER BY rowid LIMIT 1", error);
  gboolean has_row;

  *link_id = NULL;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, case_id);
  loket_db_bind_text (stmt, 2, linked_case_id);
  loket_db_bind_text (stmt, 3, kind);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *link_id = g_strdup (column_text (stmt, 0));
  return TRUE;
}

static gboolean
insert_link (LoketStore *self, const LoketStoreMutation *m, const char *id, const char *case_id,
             const char *linked_case_id, const char *kind, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at, by_user)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, case_id);
  loket_db_bind_text (stmt, 3, linked_case_id);
  loket_db_bind_text (stmt, 4, kind);
  loket_db_bind_text (stmt, 5, m->now);
  loket_db_bind_text (stmt, 6, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_links", id, m->now, error);
}

static gboolean
apply_link_cases (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                  LoketStoreOutcome *out, GError **error)
{
  static const char *const kinds[] = { "intake", "related", "bundle", NULL };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autofree char *known = NULL;
  const char *id = NULL, *case_id, *linked_case_id, *kind;
  gboolean found, linked_found;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "case_id", &case_id, &bad)
      || !loket_store_required_text (args, "linked_case_id", &linked_case_id, &bad)
      || !loket_store_required_text (args, "kind", &kind, &bad)
      || !loket_store_one_of (kind, "kind", kinds, &bad))
    return loket_store_refuse_unreadable (self, m, "case_links", id, out, bad, error);
  if (!loket_db_query_row (self->db, "SELECT case_id, linked_case_id, kind FROM case_links"
                           " WHERE id = ?", id, &existing, error))
    return FALSE;
  if (existing != NULL)
    return answer_replay (self, m, "case_links", id,
                          g_strcmp0 (member_text (existing, "case_id"), case_id) == 0
                          && g_strcmp0 (member_text (existing, "linked_case_id"),
                                        linked_case_id) == 0
                          && g_strcmp0 (member_text (existing, "kind"), kind) == 0, out, error);
  if (g_str_equal (case_id, linked_case_id))
    return loket_store_refuse_new_row (self, m, "case_links", id, out, LOKET_CODE_INVALID,
                                       _("A case cannot be linked to itself"), error);
  if (!loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", case_id, &found, error)
      || !loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", linked_case_id,
                                  &linked_found, error))
    return FALSE;
  if (!found || !linked_found)
    return loket_store_refuse_new_row (self, m, "case_links", id, out, LOKET_CODE_NOT_FOUND,
                                       _("One of the cases to link is unknown"), error);
  if (!find_link (self, case_id, linked_case_id, kind, &known, error))
    return FALSE;
  /* Linked already (two desks did it offline): the desk's copy gives way to the link kept. */
  if (known != NULL)
    return loket_store_log_change (self, "case_links", id, NULL, m->now, error)
           && loket_store_outcome_applied (out, NULL);
  return insert_link (self, m, id, case_id, linked_case_id, kind, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- add_case_document ---------------------------------------------------------------------- */

static gboolean
insert_document (LoketStore *self, const LoketStoreMutation *m, const char *id,
                 const char *case_id, const char *title, const char *location, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO case_documents (id, case_id, title, location, added_at, by_user)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, case_id);
  loket_db_bind_text (stmt, 3, title);
  loket_db_bind_text (stmt, 4, location);
  loket_db_bind_text (stmt, 5, m->now);
  loket_db_bind_text (stmt, 6, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "case_documents", id, m->now, error);
}

static gboolean
apply_add_case_document (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                         LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  const char *id = NULL, *case_id, *title, *location;
  gboolean found;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "case_id", &case_id, &bad)
      || !loket_store_required_text (args, "title", &title, &bad)
      || !loket_store_required_text (args, "location", &location, &bad)
      || (loket_store_text_too_long (location, MAX_LOCATION_CHARS)
          && !loket_store_invalid (&bad, _("Where the document lives may be at most %d characters"),
                                   MAX_LOCATION_CHARS)))
    return loket_store_refuse_unreadable (self, m, "case_documents", id, out, bad, error);
  if (!loket_db_query_row (self->db, "SELECT case_id FROM case_documents WHERE id = ?", id,
                           &existing, error))
    return FALSE;
  if (existing != NULL)
    return answer_replay (self, m, "case_documents", id,
                          g_strcmp0 (member_text (existing, "case_id"), case_id) == 0, out,
                          error);
  if (!loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", case_id, &found, error))
    return FALSE;
  if (!found)
    return loket_store_refuse_new_row (self, m, "case_documents", id, out, LOKET_CODE_NOT_FOUND,
                                       _("This case is unknown"), error);
  return insert_document (self, m, id, case_id, title, location, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

const LoketStoreMutationRule loket_store_casework_mutations[] = {
  { LOKET_MUTATION_SUSPEND_CASE, apply_suspend_case },
  { LOKET_MUTATION_LINK_CASES, apply_link_cases },
  { LOKET_MUTATION_ADD_CASE_DOCUMENT, apply_add_case_document },
  { LOKET_MUTATION_ADD_CONTACT_MOMENT, loket_store_apply_add_contact_moment },
  { LOKET_MUTATION_ADD_CALLBACK, loket_store_apply_add_callback },
  { LOKET_MUTATION_SETTLE_CALLBACK, loket_store_apply_settle_callback },
  { LOKET_MUTATION_SAVE_REPRESENTATIVE, loket_store_apply_save_representative },
  { LOKET_MUTATION_MERGE_CUSTOMERS, loket_store_apply_merge_customers },
  { NULL, NULL },
};
