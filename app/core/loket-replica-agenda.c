/* loket-replica-agenda.c — booking a visit with its case, reading appointments and their
 * history, and the day at the desk, on the desk's replica (closures, rules and configuration:
 * loket-replica-admin.c).
 *
 * Every write judges the change with the rule the server will apply (loket-rules.c) and then
 * records its local effect and its mutation together (loket_replica_record_mutations), so it
 * works offline.  The local effects below run again on top of the server's rows after every
 * pull while the mutation is still pending (rebase), so each one is written to be replayed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-slot-source.h"
#include "loket-time.h"

/* ---- helpers ----------------------------------------------------------------------------------- */

LoketRecord *
loket_replica_first_record (LoketReplica *self, const char *sql, const char *param)
{
  g_autoptr(GListModel) rows = loket_replica_query_texts (self, sql, 1, &param);

  return g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
}

char *
loket_replica_dup_role (LoketReplica *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self);

  return user != NULL ? g_strdup (loket_record_get_string (user, "role_id")) : NULL;
}

/* ---- local effects ------------------------------------------------------------------------------ */

gboolean
loket_replica_apply_create_case (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  static const char *const columns[] = { "id", "reference", "case_type_id", "customer_id",
                                         "product_id", "subject", "status", "team_id",
                                         "opened_at", "deadline" };
  g_autoptr(JsonObject) kase = json_object_new ();
  g_autoptr(JsonObject) history = json_object_new ();
  g_autoptr(JsonObject) existing = NULL;
  /* The contact or appointment the case came from points to it, as on the server: only when it
   * points to no case yet (also on a replay, whose row the server may have sent again). */
  const char *contact[] = { loket_json_text (args, "contact_moment_id"),
                            loket_json_text (args, "id") };
  const char *appointment[] = { loket_json_text (args, "appointment_id"),
                                loket_json_text (args, "id") };

  if (contact[0] != NULL
      && !loket_replica_run (self, "UPDATE contact_moments SET case_id = ?2 WHERE id = ?1 AND case_id IS NULL",
               G_N_ELEMENTS (contact), contact, error))
    return FALSE;
  if (appointment[0] != NULL
      && !loket_replica_run (self, "UPDATE appointments SET case_id = ?2 WHERE id = ?1 AND case_id IS NULL",
               G_N_ELEMENTS (appointment), appointment, error))
    return FALSE;
  /* On a replay after the server's case arrived, the server's reference stays. */
  if (!loket_db_query_row (db, "SELECT id FROM cases WHERE id = ?", loket_json_text (args, "id"),
                           &existing, error))
    return FALSE;
  if (existing != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (kase, columns[i], json_object_dup_member (args, columns[i]));
  json_object_set_int_member (kase, "rev", 1);
  json_object_set_member (history, "id", json_object_dup_member (args, "history_id"));
  json_object_set_member (history, "case_id", json_object_dup_member (args, "id"));
  json_object_set_member (history, "status", json_object_dup_member (args, "status"));
  json_object_set_member (history, "at", json_object_dup_member (args, "opened_at"));
  json_object_set_member (history, "by_user", json_object_dup_member (args, "by_user"));
  return loket_db_upsert_row (db, "cases", kase, error)
         && loket_db_upsert_row (db, "case_status_history", history, error)
         && loket_replica_note_case_type (self, loket_json_text (args, "case_type_id"), error);
}

gboolean
loket_replica_apply_appointment_step (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  const char *step = loket_json_text (args, "step");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  const char *params[] = { loket_json_text (args, "at"), loket_json_text (args, "desk"), loket_json_text (args, "by_user"),
                           loket_json_text (args, "id") };

  if (!loket_db_query_row (db, "SELECT status, called_at IS NOT NULL AS called,"
                           " started_at IS NOT NULL AS started FROM appointments WHERE id = ?",
                           loket_json_text (args, "id"), &row, error))
    return FALSE;
  /* Replayed on rows where another desk took the step first: nothing more to do. */
  if (row == NULL
      || loket_rules_judge_step (step, loket_json_text (row, "status"),
                                 json_object_get_int_member (row, "called") != 0,
                                 json_object_get_int_member (row, "started") != 0,
                                 NULL) != LOKET_STEP_VERDICT_APPLY)
    return TRUE;
  if (params[1] != NULL)
    json_object_set_string_member (detail, "desk", params[1]);
  return loket_replica_run (self, loket_rules_step_sql (step), G_N_ELEMENTS (params), params, error)
         && loket_replica_add_event (self, args, loket_rules_step_event (step), detail, error);
}

/* ---- booking a visit ----------------------------------------------------------------------------- */

static JsonArray *
items_array (const LoketVisitItem *items, guint n_items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < n_items; i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "product_id", items[i].product_id);
      json_object_set_int_member (item, "count", items[i].count);
      json_array_add_object_element (array, item);
    }
  return array;
}

/* The case type a new case gets, with the product it is about: that of product_id when
 * case_type_id is NULL (a visit); else case_type_id with product_id, or the type's first
 * product.  NULL with a sentence for the desk when there is none. */
static LoketRecord *
case_type_for (LoketReplica *self, const char *case_type_id, const char *product_id,
               GError **error)
{
  const char *params[] = { case_type_id, product_id };
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) type = NULL;

  if (case_type_id == NULL)
    {
      type = loket_replica_first_record (self,
        "SELECT t.id, t.name, t.statuses, t.max_working_days, t.team_id, p.id AS product_id,"
        " p.name AS product_name FROM products p JOIN case_types t ON t.id = p.case_type_id"
        " WHERE p.id = ?", product_id);
      if (type == NULL)
        loket_replica_fail (error, LOKET_ERROR_INVALID, _("This product has no case type, so no "
                                                          "case can be opened with it."));
      return g_steal_pointer (&type);
    }
  rows = loket_replica_query_texts (self,
    "SELECT t.id, t.name, t.statuses, t.max_working_days, t.team_id, p.id AS product_id,"
    " p.name AS product_name FROM case_types t LEFT JOIN products p ON p.id = coalesce (?2,"
    "  (SELECT id FROM products WHERE case_type_id = t.id ORDER BY name, id LIMIT 1))"
    " WHERE t.id = ?1", G_N_ELEMENTS (params), params);
  type = g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
  if (type == NULL)
    loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This kind of case is unknown."));
  else if (product_id != NULL && loket_record_is_null (type, "product_id"))
    {
      loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This product is unknown."));
      g_clear_object (&type);
    }
  return g_steal_pointer (&type);
}

JsonObject *
loket_replica_case_args (LoketReplica *self, const char *case_type_id, const char *product_id,
                         const char *customer_id, const char *subject, GError **error)
{
  g_autoptr(LoketRecord) type = case_type_for (self, case_type_id, product_id, error);
  g_autoptr(JsonNode) statuses = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *history_id = g_uuid_string_random ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *deadline_text = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *upper = NULL;
  JsonObject *args;
  GDate today, deadline;

  if (type == NULL)
    return NULL;
  statuses = json_from_string (loket_record_get_string (type, "statuses"), NULL);
  loket_time_today (tz, &today);
  if (statuses == NULL || !JSON_NODE_HOLDS_ARRAY (statuses)
      || json_array_get_length (json_node_get_array (statuses)) == 0
      || !loket_rules_case_deadline (loket_replica_get_db (self), &today,
                                     (guint) loket_record_get_int (type, "max_working_days"),
                                     &deadline, error))
    {
      if (error != NULL && *error == NULL)
        loket_replica_fail (error, LOKET_ERROR_INVALID, _("The case type of this product has no statuses."));
      return NULL;
    }
  if (subject == NULL || *subject == '\0')
    subject = !loket_record_is_null (type, "product_name")
              ? loket_record_get_string (type, "product_name")
              : loket_record_get_string (type, "name");
  /* Provisional until the server gives the definitive one: letters never clash with it. */
  upper = g_ascii_strup (id, 6);
  reference = g_strdup_printf ("Z-%04u-%s", g_date_get_year (&today), upper);
  deadline_text = loket_time_format_iso_date (&deadline);
  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "case_type_id", loket_record_get_string (type, "id"));
  loket_json_set_optional (args, "customer_id", customer_id);
  loket_json_set_optional (args, "product_id", loket_record_get_string (type, "product_id"));
  json_object_set_string_member (args, "subject", subject);
  json_object_set_string_member (args, "history_id", history_id);
  json_object_set_string_member (args, "reference", reference);
  json_object_set_string_member (args, "status",
                                 json_array_get_string_element (json_node_get_array (statuses),
                                                                0));
  loket_json_set_optional (args, "team_id", loket_record_get_string (type, "team_id"));
  json_object_set_string_member (args, "opened_at", now);
  json_object_set_string_member (args, "deadline", deadline_text);
  loket_json_set_optional (args, "by_user", user_id);
  return args;
}

static gboolean
check_visit_input (const LoketVisitInput *in, GError **error)
{
  if (in->n_items == 0 || in->items == NULL || in->capacity_id == NULL)
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Choose a product and a desk or room."));
  if (in->mode != NULL && !g_str_equal (in->mode, "fysiek") && !g_str_equal (in->mode, "digitaal")
      && !g_str_equal (in->mode, "hybride"))
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Choose how the customer meets: in person, "
                                               "digital or hybrid."));
  return TRUE;
}

/* A visit for a case: the case is here and still open. */
static gboolean
check_visit_case (LoketReplica *self, const LoketVisitInput *in, GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;

  if (in->case_id == NULL)
    return TRUE;
  kase = loket_replica_first_record (self, "SELECT closed_at FROM cases WHERE id = ?", in->case_id);
  if (kase == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                               _("This case does not exist (any more)."));
  if (!loket_record_is_null (kase, "closed_at"))
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This case is closed: book without it, or open it again first."));
  return TRUE;
}

/* Whether the visit may start then: the same engine and data the server will use. */
static gboolean
check_visit_slot (LoketReplica *self, const LoketVisitInput *in, JsonArray *items, gint64 *end,
                  GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  LoketSlotQuery query;

  source = loket_slot_source_load (loket_replica_get_db (self), in->capacity_id,
                                   in->items[0].product_id, NULL,
                                   in->start - LOKET_SLOT_SOURCE_MARGIN,
                                   in->start + LOKET_SLOT_SOURCE_MARGIN, error);
  if (source == NULL)
    return FALSE;
  query = *loket_slot_source_query (source, LOKET_CHANNEL_DESK, 0);
  return loket_rules_visit_minutes (loket_replica_get_db (self), in->capacity_id, items,
                                    &query.duration_minutes, error)
         && loket_slots_check (&query, in->start, end, error);
}

static JsonObject *
booking_args (LoketReplica *self, const LoketVisitInput *in, JsonArray *items, gint64 end,
              const char *case_id)
{
  JsonObject *args = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *start_at = loket_protocol_format_time (in->start);
  g_autofree char *end_at = loket_protocol_format_time (end);
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "product_id", in->items[0].product_id);
  json_object_set_string_member (args, "capacity_id", in->capacity_id);
  loket_json_set_optional (args, "customer_id", in->customer_id);
  json_object_set_string_member (args, "start_at", start_at);
  json_object_set_string_member (args, "end_at", end_at);
  json_object_set_string_member (args, "reason", in->reason != NULL ? in->reason : "");
  json_object_set_string_member (args, "mode", in->mode != NULL ? in->mode : "fysiek");
  json_object_set_array_member (args, "items", json_array_ref (items));
  json_object_set_string_member (args, "note", in->note != NULL ? in->note : "");
  loket_json_set_optional (args, "video_link", in->video_link);
  loket_json_set_optional (args, "case_id", case_id);
  loket_json_set_optional (args, "created_by", user_id);
  json_object_set_string_member (args, "created_at", now);
  loket_replica_name_event (self, args);
  return args;
}

char *
loket_replica_book_visit (LoketReplica *self, const LoketVisitInput *in, GError **error)
{
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonObject) kase = NULL;
  g_autoptr(JsonObject) booking = NULL;
  const char *types[2];
  JsonObject *args[2];
  guint n = 0;
  gint64 end;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!check_visit_input (in, error) || !check_visit_case (self, in, error))
    return NULL;
  items = items_array (in->items, in->n_items);
  if (!check_visit_slot (self, in, items, &end, error))
    return NULL;
  if (in->open_case && in->case_id == NULL
      && (kase = loket_replica_case_args (self, NULL, in->items[0].product_id, in->customer_id,
                                              NULL, error)) == NULL)
    return NULL;
  booking = booking_args (self, in, items, end,
                          kase != NULL ? loket_json_text (kase, "id") : in->case_id);
  if (kase != NULL)
    {
      types[n] = LOKET_MUTATION_CREATE_CASE;
      args[n++] = kase;
    }
  types[n] = LOKET_MUTATION_BOOK_APPOINTMENT;
  args[n++] = booking;
  if (!loket_replica_record_mutations (self, n, types, args, error))
    return NULL;
  if (kase != NULL || in->case_id != NULL)
    g_signal_emit_by_name (self, "changed", "cases");
  g_signal_emit_by_name (self, "changed", "appointments");
  return g_strdup (loket_json_text (booking, "id"));
}

/* ---- reading appointments ------------------------------------------------------------------------ */

LoketRecord *
loket_replica_get_appointment (LoketReplica *self, const char *appointment_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (appointment_id != NULL, NULL);

  return loket_replica_first_record (self, "SELECT " LOKET_REPLICA_APPOINTMENT_COLUMNS LOKET_REPLICA_APPOINTMENT_JOINS "WHERE a.id = ?",
                       appointment_id);
}

GListModel *
loket_replica_list_appointment_events (LoketReplica *self, const char *appointment_id)
{
  const char *params[] = { appointment_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self,
    "SELECT e.*, u.display_name AS by_name FROM appointment_events e"
    " LEFT JOIN users u ON u.id = e.by_user WHERE e.appointment_id = ? ORDER BY e.at, e.rowid",
    1, params);
}

/* Midnight at the start of a local date, as a wire time (which sorts as text). */
static char *
day_start (GTimeZone *tz, const GDate *day, int add_days)
{
  g_autoptr(GDateTime) start = g_date_time_new (tz, g_date_get_year (day),
                                                g_date_get_month (day), g_date_get_day (day),
                                                0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_days (start, add_days);

  return loket_protocol_format_time (g_date_time_to_unix (shifted));
}

GListModel *
loket_replica_query_appointments (LoketReplica *self, const LoketAppointmentFilter *filter)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " LOKET_REPLICA_APPOINTMENT_COLUMNS LOKET_REPLICA_APPOINTMENT_JOINS
                                         "WHERE 1");
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  const char *params[8];
  guint n = 0;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  tz = loket_replica_get_timezone (self, filter->location_id);
#define FILTER(value, condition) \
  if ((value) != NULL) { g_string_append (sql, " AND " condition); params[n++] = (value); }
  FILTER (filter->location_id, "c.location_id = ?")
  FILTER (filter->capacity_id, "a.capacity_id = ?")
  FILTER (filter->product_id, "a.product_id = ?")
  FILTER (filter->status, "a.status = ?")
#undef FILTER
  if (filter->from != NULL)
    {
      g_ptr_array_add (owned, day_start (tz, filter->from, 0));
      g_string_append (sql, " AND a.start_at >= ?");
      params[n++] = owned->pdata[owned->len - 1];
    }
  if (filter->until != NULL)
    {
      g_ptr_array_add (owned, day_start (tz, filter->until, 1));
      g_string_append (sql, " AND a.start_at < ?");
      params[n++] = owned->pdata[owned->len - 1];
    }
  g_string_append (sql, " ORDER BY a.start_at, c.name");
  if (filter->limit > 0)
    g_string_append_printf (sql, " LIMIT %u", filter->limit);
  return loket_replica_query_texts (self, sql->str, n, params);
}

char *
loket_replica_find_double_booking (LoketReplica *self, const char *customer_id,
                                   const char *product_id, GDateTime *now)
{
  g_autofree char *now_text = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;
  const char *params[3];

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (customer_id == NULL || product_id == NULL || now == NULL)
    return NULL;
  now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  params[0] = customer_id;
  params[1] = product_id;
  params[2] = now_text;
  rows = loket_replica_query_texts (self,
    "SELECT id FROM appointments WHERE customer_id = ? AND status IN ('booked', 'checked_in')"
    " AND (product_id = ?2 OR EXISTS (SELECT 1 FROM json_each (items)"
    "      WHERE json_extract (value, '$.product_id') = ?2))"
    " AND start_at > ? ORDER BY start_at LIMIT 1", 3, params);
  row = g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
  return row != NULL ? g_strdup (loket_record_get_string (row, "id")) : NULL;
}

/* ---- the day at the desk ---------------------------------------------------------------------- */

static const char *const step_names[] = {
  [LOKET_STEP_CHECK_IN] = "check_in", [LOKET_STEP_CALL] = "call", [LOKET_STEP_START] = "start",
  [LOKET_STEP_FINISH] = "finish", [LOKET_STEP_NO_SHOW] = "no_show",
};

gboolean
loket_replica_appointment_step (LoketReplica *self, const char *appointment_id,
                                LoketAppointmentStep step, const char *desk, GError **error)
{
  g_autoptr(LoketRecord) row = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *now = loket_protocol_now ();
  const char *name;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);
  g_return_val_if_fail ((guint) step < G_N_ELEMENTS (step_names), FALSE);

  name = step_names[step];
  row = loket_replica_first_record (self, "SELECT status, called_at, started_at FROM appointments WHERE id = ?",
                      appointment_id);
  if (row == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This appointment does not exist (any more)."));
  switch (loket_rules_judge_step (name, loket_record_get_string (row, "status"),
                                  !loket_record_is_null (row, "called_at"),
                                  !loket_record_is_null (row, "started_at"), error))
    {
    case LOKET_STEP_VERDICT_REFUSE:
      return FALSE;
    case LOKET_STEP_VERDICT_ALREADY:
      return TRUE;
    case LOKET_STEP_VERDICT_APPLY:
    default:
      break;
    }
  args = json_object_new ();
  json_object_set_string_member (args, "id", appointment_id);
  json_object_set_string_member (args, "step", name);
  json_object_set_string_member (args, "at", now);
  if (step == LOKET_STEP_CALL)
    loket_json_set_optional (args, "desk", desk);
  loket_replica_name_event (self, args);
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_APPOINTMENT_STEP },
                                       &args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "appointments");
  return TRUE;
}
