/* loket-rules.c — domain rules the desk and the server both apply.
 *
 * Each rule is written once here: the desk judges a change with it before the change enters
 * the outbox, and the server judges the same change with it again when the desk's push arrives,
 * so what a desk accepts offline is what the server accepts (unless someone else's change came
 * first).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-rules.h"
#include "loket-rules-private.h"
#include "loket-slots.h"
#include "loket-workdays.h"

/* ---- availability rules ------------------------------------------------------------------------ */

void
loket_rule_clear (LoketRule *rule)
{
  g_clear_pointer (&rule->id, g_free);
  g_clear_pointer (&rule->capacity_id, g_free);
}

gboolean
loket_rules_invalid (GError **error, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
parse_date (const char *text, GDate *date)
{
  unsigned y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
format_clock (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

/* An integer member, or fallback when it is absent; FALSE for one of another type. */
static gboolean
int_member (JsonObject *object, const char *member, gint64 fallback, gint64 *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

const char *
loket_rules_text_member (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
read_numbers (JsonObject *object, LoketRule *rule, GError **error)
{
  gint64 weekdays, every, slot, places, public_places, opens, closes, notice;

  if (!int_member (object, "weekdays", 0, &weekdays)
      || !int_member (object, "every_weeks", 1, &every)
      || !int_member (object, "slot_minutes", 0, &slot)
      || !int_member (object, "places", 0, &places)
      || !int_member (object, "public_places", 0, &public_places)
      || !int_member (object, "opens_days", 120, &opens)
      || !int_member (object, "closes_days", 0, &closes)
      || !int_member (object, "min_notice_minutes", 0, &notice))
    return loket_rules_invalid (error, _("A number of the rule is not a whole number."));
  if (weekdays < 1 || weekdays > 127)
    return loket_rules_invalid (error, _("Choose at least one weekday."));
  if (every < 1 || every > 52)
    return loket_rules_invalid (error, _("A rule repeats every 1 to 52 weeks."));
  if (slot < 1 || slot > 8 * 60)
    return loket_rules_invalid (error, _("A slot lasts between 1 minute and 8 hours."));
  if (places < 1 || places > 1000)
    return loket_rules_invalid (error, _("A slot has at least one place."));
  if (public_places < 0 || public_places > places)
    return loket_rules_invalid (error, _("The places for the website cannot be more than all places."));
  if (opens < 0 || closes < 0 || notice < 0 || closes > opens || opens > 3 * 366)
    return loket_rules_invalid (error, _("The booking window does not fit: booking must open before it "
                             "closes, at most three years ahead."));
  rule->weekdays = (guint8) weekdays;
  rule->every_weeks = (guint) every;
  rule->slot_minutes = (int) slot;
  rule->places = (int) places;
  rule->public_places = (int) public_places;
  rule->opens_days = (int) opens;
  rule->closes_days = (int) closes;
  rule->min_notice_minutes = (int) notice;
  return TRUE;
}

static gboolean
read_dates_and_hours (JsonObject *object, LoketRule *rule, GError **error)
{
  const char *anchor = loket_rules_text_member (object, "anchor_date");

  if (!parse_date (loket_rules_text_member (object, "valid_from"), &rule->valid_from)
      || !parse_date (loket_rules_text_member (object, "valid_until"), &rule->valid_until))
    return loket_rules_invalid (error, _("A rule needs a first and a last day (YYYY-MM-DD)."));
  if (g_date_compare (&rule->valid_until, &rule->valid_from) < 0)
    return loket_rules_invalid (error, _("The last day of the rule comes before its first day."));
  if (anchor != NULL && *anchor != '\0')
    {
      if (!parse_date (anchor, &rule->anchor))
        return loket_rules_invalid (error, _("The day the weeks are counted from is not a date."));
    }
  else
    rule->anchor = rule->valid_from;
  rule->start_minute = loket_slots_parse_clock (loket_rules_text_member (object, "start_time"));
  rule->end_minute = loket_slots_parse_clock (loket_rules_text_member (object, "end_time"));
  if (rule->start_minute < 0 || rule->end_minute < 0)
    return loket_rules_invalid (error, _("Opening hours are clock times such as 08:30."));
  if (rule->end_minute <= rule->start_minute)
    return loket_rules_invalid (error, _("The closing time must come after the opening time."));
  if (rule->end_minute - rule->start_minute < rule->slot_minutes)
    return loket_rules_invalid (error, _("The opening hours are shorter than one slot."));
  return TRUE;
}

gboolean
loket_rule_from_json (JsonObject *object, LoketRule *rule, GError **error)
{
  memset (rule, 0, sizeof *rule);
  rule->id = g_strdup (loket_rules_text_member (object, "id"));
  rule->capacity_id = g_strdup (loket_rules_text_member (object, "capacity_id"));
  if (rule->capacity_id == NULL || *rule->capacity_id == '\0')
    return loket_rules_invalid (error, _("A rule belongs to a desk, room or official."));
  return read_numbers (object, rule, error) && read_dates_and_hours (object, rule, error);
}

JsonObject *
loket_rule_to_json (const LoketRule *rule)
{
  JsonObject *row = json_object_new ();
  g_autofree char *from = format_date (&rule->valid_from);
  g_autofree char *until = format_date (&rule->valid_until);
  g_autofree char *anchor = format_date (&rule->anchor);
  g_autofree char *start = format_clock (rule->start_minute);
  g_autofree char *end = format_clock (rule->end_minute);

  json_object_set_string_member (row, "id", rule->id);
  json_object_set_string_member (row, "capacity_id", rule->capacity_id);
  json_object_set_int_member (row, "weekdays", rule->weekdays);
  json_object_set_int_member (row, "every_weeks", rule->every_weeks);
  json_object_set_string_member (row, "anchor_date", anchor);
  json_object_set_string_member (row, "valid_from", from);
  json_object_set_string_member (row, "valid_until", until);
  json_object_set_string_member (row, "start_time", start);
  json_object_set_string_member (row, "end_time", end);
  json_object_set_int_member (row, "slot_minutes", rule->slot_minutes);
  json_object_set_int_member (row, "places", rule->places);
  json_object_set_int_member (row, "public_places", rule->public_places);
  json_object_set_int_member (row, "opens_days", rule->opens_days);
  json_object_set_int_member (row, "closes_days", rule->closes_days);
  json_object_set_int_member (row, "min_notice_minutes", rule->min_notice_minutes);
  return row;
}

/* Julian day of the Monday of a date's week. */
static gint64
week_monday (const GDate *date)
{
  return (gint64) g_date_get_julian (date) - ((gint64) g_date_get_weekday (date) - 1);
}

/* Whether the rule runs in the week starting on that Monday (a Julian day). */
static gboolean
runs_in_week (const LoketRule *rule, gint64 monday)
{
  gint64 weeks = (monday - week_monday (&rule->anchor)) / 7;

  return rule->every_weeks <= 1 || ((weeks % rule->every_weeks) + rule->every_weeks)
                                   % rule->every_weeks == 0;
}

gboolean
loket_rule_overlaps (const LoketRule *a, const LoketRule *b)
{
  const GDate *from, *until;
  gint64 first, last;

  if ((a->weekdays & b->weekdays) == 0
      || a->start_minute >= b->end_minute || b->start_minute >= a->end_minute)
    return FALSE;
  from = g_date_compare (&a->valid_from, &b->valid_from) > 0 ? &a->valid_from : &b->valid_from;
  until = g_date_compare (&a->valid_until, &b->valid_until) < 0 ? &a->valid_until
                                                                 : &b->valid_until;
  if (g_date_compare (from, until) > 0)
    return FALSE;
  /* Every day both could open, week by week; the pattern repeats after every_weeks(a) ×
   * every_weeks(b) weeks, so no more weeks than that are looked at. */
  first = g_date_get_julian (from);
  last = MIN ((gint64) g_date_get_julian (until),
              week_monday (from) + 7 * (gint64) MAX (a->every_weeks, 1) * MAX (b->every_weeks, 1)
              + 6);
  for (gint64 day = first; day <= last; day++)
    {
      GDate date;
      guint bit;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, (guint32) day);
      bit = 1u << (g_date_get_weekday (&date) - 1);
      if ((a->weekdays & b->weekdays & bit) != 0 && runs_in_week (a, week_monday (&date))
          && runs_in_week (b, week_monday (&date)))
        return TRUE;
    }
  return FALSE;
}

char *
loket_rule_describe (const LoketRule *rule)
{
  static const char *const days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                      N_("Sat"), N_("Sun") };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *start = format_clock (rule->start_minute);
  g_autofree char *end = format_clock (rule->end_minute);
  g_autofree char *from = format_date (&rule->valid_from);
  g_autofree char *until = format_date (&rule->valid_until);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if ((rule->weekdays & (1u << i)) != 0)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", _(days[i]));
  g_string_append_printf (text, " %s–%s", start, end);
  if (rule->every_weeks > 1)
    {
      /* Translators: how often a rule repeats, e.g. "every 2 weeks" */
      g_autofree char *every = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every %u week",
                                                             "every %u weeks",
                                                             rule->every_weeks),
                                                rule->every_weeks);
      g_string_append_printf (text, ", %s", every);
    }
  g_string_append_printf (text, ", %s – %s", from, until);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
loket_rule_check_overlap (LoketDb *db, const LoketRule *rule, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT * FROM availability_rules WHERE capacity_id = ? AND id IS NOT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, rule->capacity_id);
  loket_db_bind_text (stmt, 2, rule->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_auto(LoketRule) other = { 0 };
      g_autofree char *description = NULL;

      if (!loket_rule_from_json (row, &other, NULL) || !loket_rule_overlaps (rule, &other))
        continue;
      description = loket_rule_describe (&other);
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This rule overlaps another rule of the same desk or room (%s). Change "
                     "the days, hours or dates, or end the other rule first."), description);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return loket_db_fail (db, error);
  return TRUE;
}

/* ---- the steps of a visit -------------------------------------------------------------------- */

static const char *const steps[] = { "check_in", "call", "start", "finish", "no_show", NULL };

gboolean
loket_rules_is_step (const char *step)
{
  return step != NULL && g_strv_contains (steps, step);
}

static LoketStepVerdict
refuse (GError **error, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, message);
  return LOKET_STEP_VERDICT_REFUSE;
}

LoketStepVerdict
loket_rules_judge_step (const char *step, const char *status, gboolean called, gboolean started,
                        GError **error)
{
  gboolean booked = g_strcmp0 (status, "booked") == 0;
  gboolean here = g_strcmp0 (status, "checked_in") == 0;
  gboolean done = g_strcmp0 (status, "done") == 0;

  if (g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "rejected") == 0)
    return refuse (error, _("This appointment was cancelled or could not be booked."));
  if (g_strcmp0 (step, "check_in") == 0)
    {
      /* Someone marked as not shown who turns up late is welcome after all. */
      if (booked || g_strcmp0 (status, "no_show") == 0)
        return LOKET_STEP_VERDICT_APPLY;
      return LOKET_STEP_VERDICT_ALREADY;
    }
  if (g_strcmp0 (step, "no_show") == 0)
    {
      if (booked)
        return LOKET_STEP_VERDICT_APPLY;
      if (g_strcmp0 (status, "no_show") == 0)
        return LOKET_STEP_VERDICT_ALREADY;
      return refuse (error, _("This customer has arrived already."));
    }
  if (done)
    return LOKET_STEP_VERDICT_ALREADY;
  if (!here)
    return refuse (error, _("The customer has not been checked in yet."));
  if (g_strcmp0 (step, "call") == 0)
    return started ? LOKET_STEP_VERDICT_ALREADY : LOKET_STEP_VERDICT_APPLY;
  if (g_strcmp0 (step, "start") == 0)
    return started ? LOKET_STEP_VERDICT_ALREADY : LOKET_STEP_VERDICT_APPLY;
  if (g_strcmp0 (step, "finish") == 0)
    return LOKET_STEP_VERDICT_APPLY;
  (void) called;
  return refuse (error, _("Unknown step at the desk."));
}

static const struct {
  const char *step, *event, *sql;
} step_effects[] = {
  { "check_in", "checked_in",
    "UPDATE appointments SET status = 'checked_in', arrived_at = ?1 WHERE id = ?4" },
  { "call", "called",
    "UPDATE appointments SET called_at = coalesce (called_at, ?1), called_to = ?2,"
    " handled_by = ?3 WHERE id = ?4" },
  { "start", "started",
    "UPDATE appointments SET called_at = coalesce (called_at, ?1), started_at = ?1,"
    " handled_by = ?3 WHERE id = ?4" },
  { "finish", "finished",
    "UPDATE appointments SET status = 'done', called_at = coalesce (called_at, ?1),"
    " started_at = coalesce (started_at, called_at, ?1), finished_at = ?1,"
    " handled_by = coalesce (handled_by, ?3) WHERE id = ?4" },
  { "no_show", "no_show", "UPDATE appointments SET status = 'no_show' WHERE id = ?4" },
};

const char *
loket_rules_step_sql (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_effects); i++)
    if (g_strcmp0 (step, step_effects[i].step) == 0)
      return step_effects[i].sql;
  return NULL;
}

const char *
loket_rules_step_event (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_effects); i++)
    if (g_strcmp0 (step, step_effects[i].step) == 0)
      return step_effects[i].event;
  return NULL;
}

/* ---- who may do what ------------------------------------------------------------------------- */

gboolean
loket_rules_may_close (const char *role_id)
{
  static const char *const roles[] = { "teamleider", "coordinator", "beheerder", NULL };

  return role_id != NULL && g_strv_contains (roles, role_id);
}

gboolean
loket_rules_may_merge_customers (const char *role_id)
{
  /* The same people who keep an eye on the agendas and the data behind them. */
  return loket_rules_may_close (role_id);
}

gboolean
loket_rules_may_keep_rules (const char *role_id)
{
  return g_strcmp0 (role_id, "beheerder") == 0;
}

gboolean
loket_rules_may_edit_articles (const char *role_id)
{
  static const char *const roles[] = { "redacteur", "beheerder", NULL };

  return role_id != NULL && g_strv_contains (roles, role_id);
}

/* ---- visits ---------------------------------------------------------------------------------- */

static gboolean
visit_item_minutes (LoketDb *db, const char *capacity_id, JsonObject *item, int *minutes,
                    GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT p.name, p.norm_minutes, p.max_per_booking,"
    " ?2 IS NULL OR EXISTS (SELECT 1 FROM capacities c WHERE c.id = ?2"
    "   AND c.group_id = p.group_id AND c.active) FROM products p WHERE p.id = ?1", error);
  const char *product_id = loket_rules_text_member (item, "product_id");
  gint64 count;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (product_id == NULL || !int_member (item, "count", 1, &count))
    return loket_rules_invalid (error, _("Each product of a visit needs a product and a number."));
  loket_db_bind_text (stmt, 1, product_id);
  loket_db_bind_text (stmt, 2, capacity_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("This product is unknown."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return loket_db_fail (db, error);
  if (count < 1 || count > sqlite3_column_int (stmt, 2))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("%s can be booked %d at a time at most."),
                   (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 2));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 3) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This desk or room does not handle %s."),
                   (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  *minutes += sqlite3_column_int (stmt, 1) * (int) count;
  return TRUE;
}

gboolean
loket_rules_visit_minutes (LoketDb *db, const char *capacity_id, JsonArray *items, int *minutes,
                           GError **error)
{
  guint n = items != NULL ? json_array_get_length (items) : 0;

  *minutes = 0;
  if (n == 0)
    return loket_rules_invalid (error, _("Choose at least one product."));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return loket_rules_invalid (error, _("Each product of a visit needs a product and a number."));
      if (!visit_item_minutes (db, capacity_id, json_node_get_object (node), minutes, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- cases ------------------------------------------------------------------------------------- */

LoketWorkdays *
loket_rules_load_workdays (LoketDb *db, int first_year, int last_year, GError **error)
{
  g_autoptr(LoketWorkdays) workdays = loket_workdays_new ();
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, "SELECT date FROM holidays", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (int y = first_year; y <= last_year; y++)
    loket_workdays_add_dutch_holidays (workdays, y);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate date;

      if (parse_date ((const char *) sqlite3_column_text (stmt, 0), &date))
        loket_workdays_add_holiday (workdays, &date);
    }
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&workdays);
}

gboolean
loket_rules_case_deadline (LoketDb *db, const GDate *opened, guint max_working_days,
                           GDate *deadline, GError **error)
{
  int year = g_date_get_year (opened);
  /* A deadline lies at most a few years ahead: every year it can reach. */
  g_autoptr(LoketWorkdays) workdays =
    loket_rules_load_workdays (db, year, year + 1 + (int) max_working_days / 200, error);

  if (workdays == NULL)
    return FALSE;
  loket_workdays_add (workdays, opened, max_working_days, deadline);
  return TRUE;
}

/* ---- case statuses ------------------------------------------------------------------------- */

/* The position of name in a JSON array of strings, or -1. */
int
loket_rules_status_position (JsonArray *statuses, const char *name)
{
  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonNode *item = json_array_get_element (statuses, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (item), name) == 0)
        return (int) i;
    }
  return -1;
}

gboolean
loket_rules_case_move_allowed (const char *statuses, const char *transitions, const char *from,
                               const char *to)
{
  g_autoptr(JsonNode) list = statuses != NULL ? json_from_string (statuses, NULL) : NULL;
  g_autoptr(JsonNode) moves = transitions != NULL && *transitions != '\0'
                              ? json_from_string (transitions, NULL) : NULL;
  JsonArray *names = list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list)
                                                                  : NULL;
  JsonNode *next = moves != NULL && JSON_NODE_HOLDS_OBJECT (moves) && from != NULL
                   ? json_object_get_member (json_node_get_object (moves), from) : NULL;
  int at = loket_rules_status_position (names, from);
  int target = loket_rules_status_position (names, to);

  if (target < 0)
    return FALSE;
  if (next != NULL && JSON_NODE_HOLDS_ARRAY (next))
    return loket_rules_status_position (json_node_get_array (next), to) >= 0;
  return target > at || target == at - 1;
}
