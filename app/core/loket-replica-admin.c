/* loket-replica-admin.c — what team leaders and functional administrators keep on the desk's
 * replica: closures (and the appointments they cover, moved in one go), availability rules with
 * their history, and the configuration of locations, products and capacities.
 *
 * Each write is judged with the rule the server applies (loket-rules.c) and recorded with its
 * mutation; the local effects below are replayed after every pull while still pending.
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
#include "loket-time.h"

/* ---- local effects ------------------------------------------------------------------------------ */

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
                              loket_json_text (args, "history_id"), &history, error))
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
                           loket_json_text (args, "id"), &rule, error))
    return FALSE;
  if (rule == NULL)
    return TRUE;
  return loket_db_delete_row (db, "availability_rules", loket_json_text (args, "id"), error)
         && add_rule_history (self, args, "removed", rule, error);
}

gboolean
loket_replica_apply_save_config (LoketReplica *self, JsonObject *args, GError **error)
{
  JsonNode *row = json_object_get_member (args, "row");
  const char *entity = loket_json_text (args, "entity");
  g_autoptr(JsonObject) merged = NULL;

  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row) || !loket_rules_is_config (entity))
    return TRUE;  /* nothing this desk can apply; the server refuses it too */
  merged = loket_rules_config_row (loket_replica_get_db (self), entity,
                                   json_node_get_object (row), error);
  return merged != NULL && loket_db_upsert_row (loket_replica_get_db (self), entity, merged,
                                                error);
}


/* ---- closures ----------------------------------------------------------------------------------- */

static gboolean
check_closure (LoketReplica *self, const LoketClosureInput *in, char **location_id,
               GError **error)
{
  static const char *const kinds[] = { "feestdag", "sluiting", "afwezigheid", NULL };
  g_autofree char *role = loket_replica_dup_role (self);
  g_autoptr(LoketRecord) place = NULL;

  if (!loket_rules_may_close (role))
    return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN, _("Only team leaders, coordinators and functional "
                                                 "administrators can close an agenda."));
  if (!g_date_valid (&in->from) || !g_date_valid (&in->until))
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Choose the first and the last day."));
  if (g_date_compare (&in->until, &in->from) < 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("The last day comes before the first day."));
  if (in->kind != NULL && !g_strv_contains (kinds, in->kind))
    return loket_replica_fail (error, LOKET_ERROR_INVALID, _("Unknown kind of closure."));
  if (in->capacity_id != NULL)
    place = loket_replica_first_record (self, "SELECT location_id FROM capacities WHERE id = ?",
                          in->capacity_id);
  else if (in->location_id != NULL)
    place = loket_replica_first_record (self, "SELECT id AS location_id FROM locations WHERE id = ?",
                          in->location_id);
  if ((in->capacity_id != NULL || in->location_id != NULL) && place == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This desk, room or location does not exist."));
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
  from = loket_time_format_iso_date (&in->from);
  until = loket_time_format_iso_date (&in->until);
  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  loket_json_set_optional (args, "location_id", location_id);
  loket_json_set_optional (args, "capacity_id", in->capacity_id);
  json_object_set_string_member (args, "from_date", from);
  json_object_set_string_member (args, "until_date", until);
  json_object_set_string_member (args, "kind", in->kind != NULL ? in->kind : "sluiting");
  json_object_set_string_member (args, "reason", in->reason != NULL ? in->reason : "");
  loket_json_set_optional (args, "created_by", user_id);
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
  g_autofree char *from_text = from != NULL ? loket_time_format_iso_date (from) : g_strdup ("0000-01-01");
  g_autofree char *until_text = until != NULL ? loket_time_format_iso_date (until) : g_strdup ("9999-12-31");
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
    "SELECT " LOKET_REPLICA_APPOINTMENT_COLUMNS LOKET_REPLICA_APPOINTMENT_JOINS
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
  day_text = loket_time_format_iso_date (&day);
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

  closure = loket_replica_first_record (self, "SELECT * FROM closures WHERE id = ?", closure_id);
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
  g_autofree char *role = loket_replica_dup_role (self);
  g_autofree char *id = NULL;
  gboolean is_new;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (entity != NULL && row != NULL, NULL);

  if (!loket_rules_may_keep_rules (role))
    {
      loket_replica_fail (error, LOKET_ERROR_FORBIDDEN, _("Only functional administrators can change the "
                                            "configuration."));
      return NULL;
    }
  members = json_object_get_members (row);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_object_dup_member (row, l->data));
  id = g_strdup (loket_json_text (copy, "id"));
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

GListModel *
loket_replica_list_product_groups (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self, "SELECT id, name, werkveld FROM product_groups"
                                    " ORDER BY name", 0, NULL);
}

GListModel *
loket_replica_list_case_types (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  /* Every column: Beheer › Case Types shows and edits the whole row. */
  return loket_replica_query_texts (self, "SELECT * FROM case_types ORDER BY name, id", 0, NULL);
}

GListModel *
loket_replica_list_holidays (LoketReplica *self, const GDate *from)
{
  g_autofree char *day = NULL;
  const char *params[1];

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);

  day = loket_time_format_iso_date (from);
  params[0] = day;
  return loket_replica_query_texts (self, "SELECT date, name FROM holidays WHERE date >= ?"
                                    " ORDER BY date", 1, params);
}

/* ---- availability rules ------------------------------------------------------------------------ */

static JsonObject *
rule_args (const LoketRuleInput *in)
{
  JsonObject *args = json_object_new ();
  g_autofree char *from = loket_time_format_iso_date (&in->valid_from);
  g_autofree char *until = loket_time_format_iso_date (&in->valid_until);
  g_autofree char *start = g_strdup_printf ("%02d:%02d", in->start_minute / 60,
                                            in->start_minute % 60);
  g_autofree char *end = g_strdup_printf ("%02d:%02d", in->end_minute / 60, in->end_minute % 60);

  loket_json_set_optional (args, "capacity_id", in->capacity_id);
  json_object_set_int_member (args, "weekdays", in->weekdays);
  json_object_set_int_member (args, "every_weeks", MAX (in->every_weeks, 1));
  if (g_date_valid (&in->anchor))
    {
      g_autofree char *anchor = loket_time_format_iso_date (&in->anchor);

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
  g_autofree char *role = loket_replica_dup_role (self);

  if (loket_rules_may_keep_rules (role))
    return TRUE;
  return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN, _("Only functional administrators can change "
                                               "availability rules."));
}

static void
name_history (LoketReplica *self, JsonObject *args)
{
  g_autofree char *history_id = g_uuid_string_random ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *now = loket_protocol_now ();

  json_object_set_string_member (args, "history_id", history_id);
  loket_json_set_optional (args, "by_user", user_id);
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
  capacity = loket_replica_first_record (self, "SELECT id FROM capacities WHERE id = ?", rule.capacity_id);
  if (capacity == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This desk or room does not exist."));
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
  rule = loket_replica_first_record (self, "SELECT id FROM availability_rules WHERE id = ?", rule_id);
  if (rule == NULL)
    return loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, _("This rule does not exist (any more)."));
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
