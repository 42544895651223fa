/* loket-replica-agenda.c — booking a visit with its case, the day at the desk, closures and
 * availability rules, on the desk's replica.
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

static gboolean
fail (GError **error, LoketErrorCode code, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, code, message);
  return FALSE;
}

static LoketRecord *
first_record (LoketReplica *self, const char *sql, const char *param)
{
  g_autoptr(GListModel) rows = loket_replica_query_texts (self, sql, 1, &param);

  return g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static char *
user_role (LoketReplica *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self);

  return user != NULL ? g_strdup (loket_record_get_string (user, "role_id")) : NULL;
}

static gboolean
run (LoketReplica *self, const char *sql, guint n, const char *const *params, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    loket_db_bind_text (stmt, (int) i + 1, params[i]);
  return loket_db_step_done (db, stmt, error);
}

static const char *
member (JsonObject *args, const char *name)
{
  return json_object_get_string_member_with_default (args, name, NULL);
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

  /* On a replay after the server's case arrived, the server's reference stays. */
  if (!loket_db_query_row (db, "SELECT id FROM cases WHERE id = ?", member (args, "id"),
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
         && loket_db_upsert_row (db, "case_status_history", history, error);
}

gboolean
loket_replica_apply_appointment_step (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  const char *step = member (args, "step");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  const char *params[] = { member (args, "at"), member (args, "desk"), member (args, "by_user"),
                           member (args, "id") };

  if (!loket_db_query_row (db, "SELECT status, called_at IS NOT NULL AS called,"
                           " started_at IS NOT NULL AS started FROM appointments WHERE id = ?",
                           member (args, "id"), &row, error))
    return FALSE;
  /* Replayed on rows where another desk took the step first: nothing more to do. */
  if (row == NULL
      || loket_rules_judge_step (step, member (row, "status"),
                                 json_object_get_int_member (row, "called") != 0,
                                 json_object_get_int_member (row, "started") != 0,
                                 NULL) != LOKET_STEP_VERDICT_APPLY)
    return TRUE;
  if (params[1] != NULL)
    json_object_set_string_member (detail, "desk", params[1]);
  return run (self, loket_rules_step_sql (step), G_N_ELEMENTS (params), params, error)
         && loket_replica_add_event (self, args, loket_rules_step_event (step), detail, error);
}

gboolean
loket_replica_apply_add_closure (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "location_id", "capacity_id", "from_date",
                                         "until_date", "reason", "kind", "created_by",
                                         "created_at" };
  g_autoptr(JsonObject) row = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  return loket_db_upsert_row (loket_replica_get_db (self), "closures", row, error);
}

static gboolean
add_rule_history (LoketReplica *self, JsonObject *args, const char *action, JsonObject *rule,
                  GError **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *rule_text = loket_protocol_to_string (rule);

  json_object_set_member (row, "id", json_object_dup_member (args, "history_id"));
  json_object_set_member (row, "rule_id", json_object_dup_member (args, "id"));
  json_object_set_member (row, "capacity_id", json_object_dup_member (rule, "capacity_id"));
  json_object_set_string_member (row, "action", action);
  json_object_set_string_member (row, "rule", rule_text);
  json_object_set_member (row, "by_user", json_object_dup_member (args, "by_user"));
  json_object_set_member (row, "at", json_object_dup_member (args, "at"));
  return loket_db_upsert_row (loket_replica_get_db (self), "availability_rule_history", row,
                              error);
}

gboolean
loket_replica_apply_save_rule (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_auto(LoketRule) rule = { 0 };
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) history = NULL;

  if (!loket_rule_from_json (args, &rule, error)
      || !loket_db_query_row (db, "SELECT rev FROM availability_rules WHERE id = ?", rule.id,
                              &existing, error)
      || !loket_db_query_row (db, "SELECT id FROM availability_rule_history WHERE id = ?",
                              member (args, "history_id"), &history, error))
    return FALSE;
  if (history != NULL)
    return TRUE;  /* the server's copy of this very save is here already */
  row = loket_rule_to_json (&rule);
  json_object_set_int_member (row, "rev", existing != NULL
                                          ? json_object_get_int_member (existing, "rev") + 1 : 1);
  return loket_db_upsert_row (db, "availability_rules", row, error)
         && add_rule_history (self, args, existing != NULL ? "changed" : "created", row, error);
}

gboolean
loket_replica_apply_remove_rule (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autoptr(JsonObject) rule = NULL;

  if (!loket_db_query_row (db, "SELECT * FROM availability_rules WHERE id = ?",
                           member (args, "id"), &rule, error))
    return FALSE;
  if (rule == NULL)
    return TRUE;
  return loket_db_delete_row (db, "availability_rules", member (args, "id"), error)
         && add_rule_history (self, args, "removed", rule, error);
}

gboolean
loket_replica_apply_save_config (LoketReplica *self, JsonObject *args, GError **error)
{
  JsonNode *row = json_object_get_member (args, "row");
  const char *entity = member (args, "entity");
  g_autoptr(JsonObject) merged = NULL;

  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row) || !loket_rules_is_config (entity))
    return TRUE;  /* nothing this desk can apply; the server refuses it too */
  merged = loket_rules_config_row (loket_replica_get_db (self), entity,
                                   json_node_get_object (row), error);
  return merged != NULL && loket_db_upsert_row (loket_replica_get_db (self), entity, merged,
                                                error);
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

/* The create_case of a visit's first product: provisional reference, first status, deadline. */
static JsonObject *
case_args (LoketReplica *self, const char *product_id, const char *customer_id, GError **error)
{
  g_autoptr(LoketRecord) type = first_record (self,
    "SELECT t.id, t.statuses, t.max_working_days, t.team_id, p.name AS product_name"
    " FROM products p JOIN case_types t ON t.id = p.case_type_id WHERE p.id = ?", product_id);
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
    {
      fail (error, LOKET_ERROR_INVALID, _("This product has no case type, so no case can be "
                                          "opened with it."));
      return NULL;
    }
  statuses = json_from_string (loket_record_get_string (type, "statuses"), NULL);
  loket_time_today (tz, &today);
  if (statuses == NULL || !JSON_NODE_HOLDS_ARRAY (statuses)
      || json_array_get_length (json_node_get_array (statuses)) == 0
      || !loket_rules_case_deadline (loket_replica_get_db (self), &today,
                                     (guint) loket_record_get_int (type, "max_working_days"),
                                     &deadline, error))
    {
      if (error != NULL && *error == NULL)
        fail (error, LOKET_ERROR_INVALID, _("The case type of this product has no statuses."));
      return NULL;
    }
  /* Provisional until the server gives the definitive one: letters never clash with it. */
  upper = g_ascii_strup (id, 6);
  reference = g_strdup_printf ("Z-%04u-%s", g_date_get_year (&today), upper);
  deadline_text = format_date (&deadline);
  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "case_type_id", loket_record_get_string (type, "id"));
  set_optional (args, "customer_id", customer_id);
  json_object_set_string_member (args, "product_id", product_id);
  json_object_set_string_member (args, "subject", loket_record_get_string (type, "product_name"));
  json_object_set_string_member (args, "history_id", history_id);
  json_object_set_string_member (args, "reference", reference);
  json_object_set_string_member (args, "status",
                                 json_array_get_string_element (json_node_get_array (statuses),
                                                                0));
  set_optional (args, "team_id", loket_record_get_string (type, "team_id"));
  json_object_set_string_member (args, "opened_at", now);
  json_object_set_string_member (args, "deadline", deadline_text);
  set_optional (args, "by_user", user_id);
  return args;
}

static gboolean
check_visit_input (const LoketVisitInput *in, GError **error)
{
  if (in->n_items == 0 || in->items == NULL || in->capacity_id == NULL)
    return fail (error, LOKET_ERROR_INVALID, _("Choose a product and a desk or room."));
  if (in->mode != NULL && !g_str_equal (in->mode, "fysiek") && !g_str_equal (in->mode, "digitaal")
      && !g_str_equal (in->mode, "hybride"))
    return fail (error, LOKET_ERROR_INVALID, _("Choose how the customer meets: in person, "
                                               "digital or hybrid."));
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
  set_optional (args, "customer_id", in->customer_id);
  json_object_set_string_member (args, "start_at", start_at);
  json_object_set_string_member (args, "end_at", end_at);
  json_object_set_string_member (args, "reason", in->reason != NULL ? in->reason : "");
  json_object_set_string_member (args, "mode", in->mode != NULL ? in->mode : "fysiek");
  json_object_set_array_member (args, "items", json_array_ref (items));
  json_object_set_string_member (args, "note", in->note != NULL ? in->note : "");
  set_optional (args, "video_link", in->video_link);
  set_optional (args, "case_id", case_id);
  set_optional (args, "created_by", user_id);
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

  if (!check_visit_input (in, error))
    return NULL;
  items = items_array (in->items, in->n_items);
  if (!check_visit_slot (self, in, items, &end, error))
    return NULL;
  if (in->open_case
      && (kase = case_args (self, in->items[0].product_id, in->customer_id, error)) == NULL)
    return NULL;
  booking = booking_args (self, in, items, end, kase != NULL ? member (kase, "id") : NULL);
  if (kase != NULL)
    {
      types[n] = LOKET_MUTATION_CREATE_CASE;
      args[n++] = kase;
    }
  types[n] = LOKET_MUTATION_BOOK_APPOINTMENT;
  args[n++] = booking;
  if (!loket_replica_record_mutations (self, n, types, args, error))
    return NULL;
  if (kase != NULL)
    g_signal_emit_by_name (self, "changed", "cases");
  g_signal_emit_by_name (self, "changed", "appointments");
  return g_strdup (member (booking, "id"));
}

/* ---- reading appointments ------------------------------------------------------------------------ */

#define APPOINTMENT_COLUMNS \
  "a.*, c.name AS capacity_name, c.location_id, l.name AS location_name, " \
  "p.name AS product_name, cu.name AS customer_name, cu.birth_date AS customer_birth_date, " \
  "cu.email AS customer_email, cu.phone AS customer_phone, k.reference AS case_reference, " \
  "k.status AS case_status, t.name AS case_type_name, " \
  "EXISTS (SELECT 1 FROM outbox o WHERE json_extract (o.args, '$.id') = a.id) AS pending, " \
  "CASE WHEN a.arrived_at IS NOT NULL AND a.called_at IS NOT NULL " \
  "  THEN CAST (round ((julianday (a.called_at) - julianday (a.arrived_at)) * 86400) AS INTEGER) " \
  "END AS waiting_seconds, " \
  "CASE WHEN a.started_at IS NOT NULL AND a.finished_at IS NOT NULL " \
  "  THEN CAST (round ((julianday (a.finished_at) - julianday (a.started_at)) * 86400) AS INTEGER) " \
  "END AS handling_seconds "
#define APPOINTMENT_JOINS \
  "FROM appointments a JOIN capacities c ON c.id = a.capacity_id " \
  "JOIN locations l ON l.id = c.location_id LEFT JOIN products p ON p.id = a.product_id " \
  "LEFT JOIN customers cu ON cu.id = a.customer_id LEFT JOIN cases k ON k.id = a.case_id " \
  "LEFT JOIN case_types t ON t.id = k.case_type_id "

LoketRecord *
loket_replica_get_appointment (LoketReplica *self, const char *appointment_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (appointment_id != NULL, NULL);

  return first_record (self, "SELECT " APPOINTMENT_COLUMNS APPOINTMENT_JOINS "WHERE a.id = ?",
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
  g_autoptr(GString) sql = g_string_new ("SELECT " APPOINTMENT_COLUMNS APPOINTMENT_JOINS
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
  row = first_record (self, "SELECT status, called_at, started_at FROM appointments WHERE id = ?",
                      appointment_id);
  if (row == NULL)
    return fail (error, LOKET_ERROR_NOT_FOUND, _("This appointment does not exist (any more)."));
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
    set_optional (args, "desk", desk);
  loket_replica_name_event (self, args);
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_APPOINTMENT_STEP },
                                       &args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "appointments");
  return TRUE;
}

/* ---- closures ----------------------------------------------------------------------------------- */

static gboolean
check_closure (LoketReplica *self, const LoketClosureInput *in, char **location_id,
               GError **error)
{
  static const char *const kinds[] = { "feestdag", "sluiting", "afwezigheid", NULL };
  g_autofree char *role = user_role (self);
  g_autoptr(LoketRecord) place = NULL;

  if (!loket_rules_may_close (role))
    return fail (error, LOKET_ERROR_FORBIDDEN, _("Only team leaders, coordinators and functional "
                                                 "administrators can close an agenda."));
  if (!g_date_valid (&in->from) || !g_date_valid (&in->until))
    return fail (error, LOKET_ERROR_INVALID, _("Choose the first and the last day."));
  if (g_date_compare (&in->until, &in->from) < 0)
    return fail (error, LOKET_ERROR_INVALID, _("The last day comes before the first day."));
  if (in->kind != NULL && !g_strv_contains (kinds, in->kind))
    return fail (error, LOKET_ERROR_INVALID, _("Unknown kind of closure."));
  if (in->capacity_id != NULL)
    place = first_record (self, "SELECT location_id FROM capacities WHERE id = ?",
                          in->capacity_id);
  else if (in->location_id != NULL)
    place = first_record (self, "SELECT id AS location_id FROM locations WHERE id = ?",
                          in->location_id);
  if ((in->capacity_id != NULL || in->location_id != NULL) && place == NULL)
    return fail (error, LOKET_ERROR_NOT_FOUND, _("This desk, room or location does not exist."));
  *location_id = place != NULL ? g_strdup (loket_record_get_string (place, "location_id")) : NULL;
  return TRUE;
}

char *
loket_replica_add_closure (LoketReplica *self, const LoketClosureInput *in, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *location_id = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!check_closure (self, in, &location_id, error))
    return NULL;
  from = format_date (&in->from);
  until = format_date (&in->until);
  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  set_optional (args, "location_id", location_id);
  set_optional (args, "capacity_id", in->capacity_id);
  json_object_set_string_member (args, "from_date", from);
  json_object_set_string_member (args, "until_date", until);
  json_object_set_string_member (args, "kind", in->kind != NULL ? in->kind : "sluiting");
  json_object_set_string_member (args, "reason", in->reason != NULL ? in->reason : "");
  set_optional (args, "created_by", user_id);
  json_object_set_string_member (args, "created_at", now);
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_ADD_CLOSURE },
                                       &args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", "closures");
  return g_steal_pointer (&id);
}

GListModel *
loket_replica_list_closures (LoketReplica *self, const char *location_id, const GDate *from,
                             const GDate *until)
{
  g_autofree char *from_text = from != NULL ? format_date (from) : g_strdup ("0000-01-01");
  g_autofree char *until_text = until != NULL ? format_date (until) : g_strdup ("9999-12-31");
  const char *params[] = { location_id, from_text, until_text };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self,
    "SELECT z.*, c.name AS capacity_name, l.name AS location_name FROM closures z"
    " LEFT JOIN capacities c ON c.id = z.capacity_id"
    " LEFT JOIN locations l ON l.id = coalesce (z.location_id, c.location_id)"
    " WHERE (?1 IS NULL OR z.location_id IS NULL OR z.location_id = ?1"
    "        OR c.location_id = ?1)"
    " AND z.until_date >= ?2 AND z.from_date <= ?3 ORDER BY z.from_date, z.until_date",
    G_N_ELEMENTS (params), params);
}

/* The appointments a closure can touch: its days widened by a day each way in UTC (a local day
 * lies within a day of its UTC date); closure_covers then judges each one's local day. */
static GListModel *
closure_candidates (LoketReplica *self, const char *closure_id)
{
  const char *params[] = { closure_id };

  return loket_replica_query_texts (self,
    "SELECT " APPOINTMENT_COLUMNS APPOINTMENT_JOINS
    "JOIN closures z ON z.id = ?1 "
    "WHERE a.status IN ('booked', 'checked_in') "
    "AND (z.capacity_id = a.capacity_id OR (z.capacity_id IS NULL"
    "     AND (z.location_id IS NULL OR z.location_id = c.location_id))) "
    "AND a.start_at >= datetime (z.from_date, '-1 day') "
    "AND a.start_at < datetime (z.until_date, '+2 days') "
    "ORDER BY a.start_at, c.name", 1, params);
}

/* Whether a closure's local days cover the appointment's local start. */
static gboolean
closure_covers (LoketReplica *self, LoketRecord *closure, LoketRecord *appointment)
{
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (self,
                                                        loket_record_get_string (appointment,
                                                                                 "location_id"));
  g_autofree char *day_text = NULL;
  gint64 start = 0;
  GDate day;

  if (!loket_protocol_parse_time (loket_record_get_string (appointment, "start_at"), &start))
    return FALSE;
  loket_time_local_date (tz, start, &day);
  day_text = format_date (&day);
  return strcmp (day_text, loket_record_get_string (closure, "from_date")) >= 0
         && strcmp (day_text, loket_record_get_string (closure, "until_date")) <= 0;
}

GListModel *
loket_replica_list_closure_appointments (LoketReplica *self, const char *closure_id)
{
  g_autoptr(LoketRecord) closure = NULL;
  g_autoptr(GListModel) candidates = NULL;
  GListStore *covered;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (closure_id != NULL, NULL);

  closure = first_record (self, "SELECT * FROM closures WHERE id = ?", closure_id);
  candidates = closure_candidates (self, closure_id);
  covered = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; closure != NULL && i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (candidates, i);

      if (closure_covers (self, closure, appointment))
        g_list_store_append (covered, appointment);
    }
  return G_LIST_MODEL (covered);
}

GListModel *
loket_replica_move_closure_appointments (LoketReplica *self, const char *closure_id,
                                         GDateTime *now, guint *n_moved, GError **error)
{
  g_autoptr(GListModel) affected = NULL;
  GListStore *unmoved = g_list_store_new (LOKET_TYPE_RECORD);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (closure_id != NULL && now != NULL, NULL);

  *n_moved = 0;
  affected = loket_replica_list_closure_appointments (self, closure_id);
  for (guint i = 0; i < g_list_model_get_n_items (affected); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (affected, i);
      const char *id = loket_record_get_string (appointment, "id");
      g_autoptr(GListModel) alternatives = loket_replica_find_alternatives (self, id, 1, now,
                                                                            NULL);
      g_autoptr(LoketRecord) best = NULL;

      if (alternatives != NULL && g_list_model_get_n_items (alternatives) > 0)
        best = g_list_model_get_item (alternatives, 0);
      if (best != NULL
          && loket_replica_reschedule_appointment (self, id,
                                                   loket_record_get_string (best, "capacity_id"),
                                                   loket_record_get_int (best, "start"), NULL))
        (*n_moved)++;
      else
        g_list_store_append (unmoved, appointment);
    }
  (void) error;
  return G_LIST_MODEL (unmoved);
}

/* ---- configuration ------------------------------------------------------------------------------- */

char *
loket_replica_save_config (LoketReplica *self, const char *entity, JsonObject *row,
                           GError **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) members = NULL;
  g_autofree char *role = user_role (self);
  g_autofree char *id = NULL;
  gboolean is_new;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (entity != NULL && row != NULL, NULL);

  if (!loket_rules_may_keep_rules (role))
    {
      fail (error, LOKET_ERROR_FORBIDDEN, _("Only functional administrators can change the "
                                            "configuration."));
      return NULL;
    }
  members = json_object_get_members (row);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_object_dup_member (row, l->data));
  id = g_strdup (member (copy, "id"));
  if (id == NULL)
    {
      id = g_uuid_string_random ();
      json_object_set_string_member (copy, "id", id);
    }
  if (!loket_rules_check_config (loket_replica_get_db (self), entity, copy, &is_new, error))
    return NULL;
  json_object_set_string_member (args, "entity", entity);
  json_object_set_object_member (args, "row", g_steal_pointer (&copy));
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_SAVE_CONFIG },
                                       &args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", entity);
  return g_steal_pointer (&id);
}

/* ---- availability rules ------------------------------------------------------------------------ */

static JsonObject *
rule_args (const LoketRuleInput *in)
{
  JsonObject *args = json_object_new ();
  g_autofree char *from = format_date (&in->valid_from);
  g_autofree char *until = format_date (&in->valid_until);
  g_autofree char *start = g_strdup_printf ("%02d:%02d", in->start_minute / 60,
                                            in->start_minute % 60);
  g_autofree char *end = g_strdup_printf ("%02d:%02d", in->end_minute / 60, in->end_minute % 60);

  set_optional (args, "capacity_id", in->capacity_id);
  json_object_set_int_member (args, "weekdays", in->weekdays);
  json_object_set_int_member (args, "every_weeks", MAX (in->every_weeks, 1));
  if (g_date_valid (&in->anchor))
    {
      g_autofree char *anchor = format_date (&in->anchor);

      json_object_set_string_member (args, "anchor_date", anchor);
    }
  json_object_set_string_member (args, "valid_from", from);
  json_object_set_string_member (args, "valid_until", until);
  json_object_set_string_member (args, "start_time", start);
  json_object_set_string_member (args, "end_time", end);
  json_object_set_int_member (args, "slot_minutes", in->slot_minutes);
  json_object_set_int_member (args, "places", in->places);
  json_object_set_int_member (args, "public_places", in->public_places);
  json_object_set_int_member (args, "opens_days", in->opens_days);
  json_object_set_int_member (args, "closes_days", in->closes_days);
  json_object_set_int_member (args, "min_notice_minutes", in->min_notice_minutes);
  return args;
}

static gboolean
may_keep_rules (LoketReplica *self, GError **error)
{
  g_autofree char *role = user_role (self);

  if (loket_rules_may_keep_rules (role))
    return TRUE;
  return fail (error, LOKET_ERROR_FORBIDDEN, _("Only functional administrators can change "
                                               "availability rules."));
}

static void
name_history (LoketReplica *self, JsonObject *args)
{
  g_autofree char *history_id = g_uuid_string_random ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *now = loket_protocol_now ();

  json_object_set_string_member (args, "history_id", history_id);
  set_optional (args, "by_user", user_id);
  json_object_set_string_member (args, "at", now);
}

char *
loket_replica_save_rule (LoketReplica *self, const LoketRuleInput *in, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_auto(LoketRule) rule = { 0 };
  g_autoptr(LoketRecord) capacity = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!may_keep_rules (self, error))
    return NULL;
  id = in->id != NULL ? g_strdup (in->id) : g_uuid_string_random ();
  args = rule_args (in);
  json_object_set_string_member (args, "id", id);
  if (!loket_rule_from_json (args, &rule, error)
      || !loket_rule_check_overlap (loket_replica_get_db (self), &rule, error))
    return NULL;
  capacity = first_record (self, "SELECT id FROM capacities WHERE id = ?", rule.capacity_id);
  if (capacity == NULL)
    {
      fail (error, LOKET_ERROR_NOT_FOUND, _("This desk or room does not exist."));
      return NULL;
    }
  name_history (self, args);
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_SAVE_RULE },
                                       &args, error))
    return NULL;
  g_signal_emit_by_name (self, "changed", "availability_rules");
  return g_steal_pointer (&id);
}

gboolean
loket_replica_remove_rule (LoketReplica *self, const char *rule_id, GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(LoketRecord) rule = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);

  if (!may_keep_rules (self, error))
    return FALSE;
  rule = first_record (self, "SELECT id FROM availability_rules WHERE id = ?", rule_id);
  if (rule == NULL)
    return fail (error, LOKET_ERROR_NOT_FOUND, _("This rule does not exist (any more)."));
  args = json_object_new ();
  json_object_set_string_member (args, "id", rule_id);
  name_history (self, args);
  if (!loket_replica_record_mutations (self, 1, (const char *[]) { LOKET_MUTATION_REMOVE_RULE },
                                       &args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "availability_rules");
  return TRUE;
}

GListModel *
loket_replica_list_rules (LoketReplica *self, const char *capacity_id)
{
  const char *params[] = { capacity_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self, "SELECT * FROM availability_rules WHERE capacity_id = ?"
                                    " ORDER BY valid_from, start_time", 1, params);
}

GListModel *
loket_replica_list_rule_history (LoketReplica *self, const char *capacity_id)
{
  const char *params[] = { capacity_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self,
    "SELECT h.*, u.display_name AS by_name FROM availability_rule_history h"
    " LEFT JOIN users u ON u.id = h.by_user WHERE h.capacity_id = ? ORDER BY h.at DESC, h.rowid DESC",
    1, params);
}
