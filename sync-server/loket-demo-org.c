/* loket-demo-org.c — the demo organisation: locations, teams, case types, products,
 * capacities, opening hours, closures, holidays and users (the knowledge base:
 * loket-demo-kb.c).
 * See loket-demo.c.
 */
#include "loket-demo-private.h"

#include <string.h>

#include "loket-auth.h"
#include "loket-error.h"

/* ---- Organisation, products, capacities, opening hours -------------------------------- */

gboolean
demo_insert_organisation (Demo *d, GError **error)
{
  for (int i = 0; i < N_LOCATIONS; i++)
    {
      const LocationDef *l = &loket_demo_locations[i];

      demo_new_id (d->location_ids[i]);
      if (!demo_insert (d, "INSERT INTO locations (id, name, kind, address, timezone, works_offline)"
                        " VALUES (?, ?, ?, ?, ?, ?)", "sssssi", error, d->location_ids[i],
                        l->name, l->kind, l->address, DEMO_ZONE, l->offline))
        return FALSE;
    }
  for (int i = 0; i < N_TEAMS; i++)
    {
      demo_new_id (d->team_ids[i]);
      if (!demo_insert (d, "INSERT INTO teams (id, name, location_id) VALUES (?, ?, ?)", "sss",
                        error, d->team_ids[i], loket_demo_team_names[i],
                        d->location_ids[LOC_STADHUIS]))
        return FALSE;
    }
  for (int i = 0; i < N_GROUPS; i++)
    {
      demo_new_id (d->group_ids[i]);
      if (!demo_insert (d, "INSERT INTO product_groups (id, name, werkveld) VALUES (?, ?, ?)",
                        "sss", error, d->group_ids[i], loket_demo_groups[i].name,
                        loket_demo_groups[i].werkveld))
        return FALSE;
    }
  return TRUE;
}

int
demo_n_statuses (const CaseTypeDef *type)
{
  int n = 0;

  while (type->statuses[n] != NULL)
    n++;
  return n;
}

static char *
statuses_json (const CaseTypeDef *type)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (int i = 0; type->statuses[i] != NULL; i++)
    json_builder_add_string_value (builder, type->statuses[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
demo_insert_case_types (Demo *d, GError **error)
{
  for (int i = 0; i < N_CASE_TYPES; i++)
    {
      const CaseTypeDef *t = &loket_demo_case_types[i];
      g_autofree char *statuses = statuses_json (t);

      demo_new_id (d->case_type_ids[i]);
      if (!demo_insert (d, "INSERT INTO case_types (id, name, max_working_days, statuses,"
                        " team_id, confidential) VALUES (?, ?, ?, ?, ?, ?)", "ssissi", error,
                        d->case_type_ids[i], t->name, t->max_days, statuses,
                        d->team_ids[t->team], t->confidential))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_insert_products (Demo *d, GError **error)
{
  for (int i = 0; i < N_PRODUCTS; i++)
    {
      const ProductDef *p = &loket_demo_products[i];

      demo_new_id (d->product_ids[i]);
      if (!demo_insert (d, "INSERT INTO products (id, group_id, name, norm_minutes,"
                        " handling_level, line, public, case_type_id, description)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssiiiiss", error,
                        d->product_ids[i], d->group_ids[p->group], p->name, p->norm_minutes,
                        p->level, p->line, p->public, d->case_type_ids[p->case_type],
                        p->description))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_insert_life_events (Demo *d, GError **error)
{
  for (guint i = 0; i < loket_demo_n_life_events; i++)
    {
      const LifeEventDef *e = &loket_demo_life_events[i];
      g_autoptr(JsonArray) products = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;
      DemoId id;

      for (guint k = 0; k < G_N_ELEMENTS (e->products) && e->products[k] != P_NONE; k++)
        json_array_add_string_element (products, d->product_ids[e->products[k]]);
      json_node_set_array (node, products);
      text = json_to_string (node, FALSE);
      demo_new_id (id);
      if (!demo_insert (d, "INSERT INTO life_events (id, name, description, products)"
                        " VALUES (?, ?, ?, ?)", "ssss", error, id, e->name, e->description,
                        text))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_insert_capacities (Demo *d, GError **error)
{
  for (int i = 0; i < N_CAPACITIES; i++)
    {
      const CapacityDef *c = &loket_demo_capacities[i];

      demo_new_id (d->capacity_ids[i]);
      if (!demo_insert (d, "INSERT INTO capacities (id, location_id, group_id, kind, name)"
                        " VALUES (?, ?, ?, ?, ?)", "sssss", error, d->capacity_ids[i],
                        d->location_ids[c->location], d->group_ids[c->group], c->kind, c->name))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_insert_rules (Demo *d, GError **error)
{
  char from[11], until[11], start[6], end[6];
  GDate date;

  demo_date_from_today (d, -HISTORY_DAYS, &date);
  demo_format_date (&date, from);
  demo_date_from_today (d, 7 * RULE_WEEKS, &date);
  demo_format_date (&date, until);

  for (guint i = 0; i < loket_demo_n_rules; i++)
    {
      const RuleDef *r = &loket_demo_rules[i];
      DemoId id;

      demo_new_id (id);
      demo_format_clock (r->start, start);
      demo_format_clock (r->end, end);
      if (!demo_insert (d, "INSERT INTO availability_rules (id, capacity_id, weekdays,"
                        " valid_from, valid_until, start_time, end_time, slot_minutes, places,"
                        " public_places) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssissssiii",
                        error, id, d->capacity_ids[r->capacity], r->weekdays, from, until,
                        start, end, r->slot_minutes, r->places, r->public_places))
        return FALSE;
    }
  return TRUE;
}

/* A course next Wednesday for Balie 3, and a renovation closing Servicepunt Noord on the
 * Monday of the week after. */
gboolean
demo_insert_closures (Demo *d, GError **error)
{
  int to_monday = 8 - g_date_get_weekday (&d->today); /* days until next Monday, 1 … 7 */

  d->closures[0] = (DemoClosure) { -1, CAP_B3, d->today, "Cursus" };
  g_date_add_days (&d->closures[0].date, to_monday + 2);
  d->closures[1] = (DemoClosure) { LOC_NOORD, -1, d->today, "Verbouwing" };
  g_date_add_days (&d->closures[1].date, to_monday + 7);

  for (guint i = 0; i < G_N_ELEMENTS (d->closures); i++)
    {
      const DemoClosure *c = &d->closures[i];
      char date[11];
      DemoId id;

      demo_new_id (id);
      demo_format_date (&c->date, date);
      if (!demo_insert (d, "INSERT INTO closures (id, location_id, capacity_id, from_date,"
                        " until_date, reason) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, id,
                        c->location >= 0 ? d->location_ids[c->location] : NULL,
                        c->capacity >= 0 ? d->capacity_ids[c->capacity] : NULL, date, date,
                        c->reason))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_holiday (Demo *d, const GDate *date, const char *name, GError **error)
{
  char text[11];

  demo_format_date (date, text);
  if (g_hash_table_contains (d->holidays, text))
    return TRUE; /* two feasts on one day (Hemelvaart on 5 May): the first name stays */
  g_hash_table_insert (d->holidays, g_strdup (text), (gpointer) name);
  loket_workdays_add_holiday (d->workdays, date);
  return demo_insert (d, "INSERT INTO holidays (date, name) VALUES (?, ?)", "ss", error, text,
                      name);
}

/* The Dutch national holidays of a year, as closures of every agenda. Bevrijdingsdag is a day
 * off for the government only in lustrum years. */
static gboolean
insert_holidays_of_year (Demo *d, int year, GError **error)
{
  static const struct { int offset; const char *name; } easter_feasts[] = {
    { 0, "Eerste Paasdag" }, { 1, "Tweede Paasdag" }, { 39, "Hemelvaartsdag" },
    { 49, "Eerste Pinksterdag" }, { 50, "Tweede Pinksterdag" },
  };
  static const struct { int day, month; const char *name; } fixed[] = {
    { 1, 1, "Nieuwjaarsdag" }, { 25, 12, "Eerste Kerstdag" }, { 26, 12, "Tweede Kerstdag" },
  };
  GDate easter, date;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, fixed[i].day, fixed[i].month, year);
      if (!insert_holiday (d, &date, fixed[i].name, error))
        return FALSE;
    }
  loket_workdays_easter (year, &easter);
  for (guint i = 0; i < G_N_ELEMENTS (easter_feasts); i++)
    {
      date = easter;
      g_date_add_days (&date, easter_feasts[i].offset);
      if (!insert_holiday (d, &date, easter_feasts[i].name, error))
        return FALSE;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 27, 4, year);
  if (g_date_get_weekday (&date) == G_DATE_SUNDAY)
    g_date_subtract_days (&date, 1);
  if (!insert_holiday (d, &date, "Koningsdag", error))
    return FALSE;
  if (year % 5 != 0)
    return TRUE;
  g_date_set_dmy (&date, 5, 5, year);
  return insert_holiday (d, &date, "Bevrijdingsdag", error);
}

/* Last year too: cases opened before New Year still count their working days across it. */
gboolean
demo_insert_holidays (Demo *d, GError **error)
{
  int year = g_date_get_year (&d->today);

  for (int y = year - 1; y <= year + 1; y++)
    if (!insert_holidays_of_year (d, y, error))
      return FALSE;
  return TRUE;
}

/* ---- Roles and users ---------------------------------------------------- */

gboolean
demo_insert_users (Demo *d, GError **error)
{
  g_autofree char *hash = NULL;

  for (guint i = 0; i < loket_demo_n_roles; i++)
    if (!demo_insert (d, "INSERT INTO roles (id, name) VALUES (?, ?)", "ss", error,
                      loket_demo_roles[i].id, loket_demo_roles[i].name))
      return FALSE;

  /* One hash for every account: yescrypt is slow on purpose. */
  hash = loket_auth_hash_password (LOKET_DEMO_PASSWORD, error);
  if (hash == NULL)
    return FALSE;

  for (int i = 0; i < N_USERS; i++)
    {
      const UserDef *u = &loket_demo_users[i];

      demo_new_id (d->user_ids[i]);
      if (!demo_insert (d, "INSERT INTO users (id, username, display_name, role_id, location_id,"
                        " team_id) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, d->user_ids[i],
                        u->username, u->display_name, u->role, d->location_ids[u->location],
                        u->team >= 0 ? d->team_ids[u->team] : NULL)
          || !demo_insert (d, "INSERT INTO user_secrets (user_id, password_hash) VALUES (?, ?)",
                           "ss", error, d->user_ids[i], hash))
        return FALSE;
    }
  return TRUE;
}
