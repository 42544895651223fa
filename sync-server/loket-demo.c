/* loket-demo.c — the demo municipality "Gemeente Dalfsenburg".
 *
 * Everything a demo needs to look lived-in: three locations, the products of Burgerzaken,
 * Bouwen en wonen and Zalen with their capacities and opening hours, Dutch holidays, customers
 * with valid BSNs, appointments in the past two weeks and the coming three, cases with their
 * status history, a knowledge base, and an account for each role.
 *
 * Deterministic apart from the row ids: a GRand with a fixed seed and dates relative to the
 * local date of now.  Appointments are placed on slot starts of the availability rules made
 * here, and each rule-day keeps its own count of used places per channel, so no slot ever
 * holds more bookings than its public (web) or desk share — the server enforces the same
 * shares, and a demo that broke them would make the agenda lie.
 */
#include "loket-demo.h"

#include <stdarg.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-demo-data.h"
#include "loket-error.h"
#include "loket-workdays.h"

#define DEMO_SEED 20261123
#define DEMO_ZONE "Europe/Amsterdam"
#define HISTORY_DAYS 14    /* appointments from this many days ago … */
#define FUTURE_DAYS 21     /* … up to this many days ahead */
#define RULE_WEEKS 8       /* availability rules stay valid this long */
#define MAX_SLOTS 96       /* slots in one rule-day: 16 hours of 10 minutes */
#define N_DUTCH_PERSONS 115

typedef char DemoId[37];   /* a UUID string */
typedef char DemoTime[21]; /* "2026-11-23T08:30:00Z" */

/* ---- The generator's state ----------------------------------------------------------- */

typedef struct {
  DemoId id;
  gboolean organisation;
} DemoCustomer;

typedef struct {
  DemoId id;
  DemoId case_id;          /* empty when no case belongs to it */
  int product, capacity, customer, created_by;
  gboolean web;
  gint64 start, end, created;
  const char *status, *status_reason, *reason, *mode;
} DemoAppointment;

typedef struct {
  DemoId id;
  int case_type, product, customer;
  int appointment;         /* index of the booking that made it, or -1 */
  int target;              /* index of its current status */
  const char *subject;
  gint64 opened;
  gint64 steps_from;       /* later statuses are spread from here to now */
} DemoCase;

typedef struct {
  int location, capacity;  /* -1 when the closure does not name one */
  GDate date;
  const char *reason;
} DemoClosure;

typedef struct {
  LoketDb *db;
  GRand *rand;
  GTimeZone *tz;
  gint64 now;
  GDate today;             /* local date of now */
  GHashTable *statements;  /* SQL text → prepared statement */
  GHashTable *holidays;    /* "YYYY-MM-DD" → name */
  GHashTable *taken;       /* BSNs, rijksregisternummers, KvK numbers and names in use */
  LoketWorkdays *workdays;
  DemoClosure closures[2];
  DemoId location_ids[N_LOCATIONS], team_ids[N_TEAMS], group_ids[N_GROUPS];
  DemoId case_type_ids[N_CASE_TYPES], product_ids[N_PRODUCTS], capacity_ids[N_CAPACITIES];
  DemoId user_ids[N_USERS];
  DemoId article_ids[N_PRODUCTS]; /* the first article about a product, or empty */
  GArray *customers;       /* DemoCustomer */
  GArray *appointments;    /* DemoAppointment */
  GArray *cases;           /* DemoCase */
} Demo;

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->statements, g_hash_table_unref);
  g_clear_pointer (&d->holidays, g_hash_table_unref);
  g_clear_pointer (&d->taken, g_hash_table_unref);
  g_clear_pointer (&d->workdays, loket_workdays_free);
  g_clear_pointer (&d->customers, g_array_unref);
  g_clear_pointer (&d->appointments, g_array_unref);
  g_clear_pointer (&d->cases, g_array_unref);
  g_clear_pointer (&d->tz, g_time_zone_unref);
  g_clear_pointer (&d->rand, g_rand_free);
}

/* ---- Small helpers ------------------------------------------------------------------- */

static void
new_id (DemoId out)
{
  g_autofree char *uuid = g_uuid_string_random ();

  g_strlcpy (out, uuid, sizeof (DemoId));
}

static const char *
id_or_null (const char *id)
{
  return id[0] != '\0' ? id : NULL;
}

static const char *
user_id (Demo *d, int user)
{
  return user == U_NONE ? NULL : d->user_ids[user];
}

static int
pick (Demo *d, int n)
{
  return g_rand_int_range (d->rand, 0, n);
}

static gboolean
chance (Demo *d, int percent)
{
  return g_rand_int_range (d->rand, 0, 100) < percent;
}

static void
format_utc (gint64 unix_time, DemoTime out)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

  g_strlcpy (out, text, sizeof (DemoTime));
}

static void
format_date (const GDate *date, char out[11])
{
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static void
format_clock (int minutes, char out[6])
{
  g_snprintf (out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

/* A local wall-clock time on a local date, as Unix seconds. */
static gint64
local_unix (Demo *d, const GDate *date, int minutes)
{
  g_autoptr (GDateTime) dt = g_date_time_new (d->tz, g_date_get_year (date),
                                              g_date_get_month (date), g_date_get_day (date),
                                              minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

static void
local_date (Demo *d, gint64 unix_time, GDate *out)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, d->tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static void
date_from_today (Demo *d, int days, GDate *out)
{
  *out = d->today;
  if (days >= 0)
    g_date_add_days (out, days);
  else
    g_date_subtract_days (out, -days);
}

/* A plausible moment in office hours on a weekday, days_ago before today, never after now. */
static gint64
office_time (Demo *d, int days_ago)
{
  GDate date;
  gint64 t;

  date_from_today (d, -days_ago, &date);
  while (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
    g_date_subtract_days (&date, 1);
  t = local_unix (d, &date, g_rand_int_range (d->rand, HM (8, 30), HM (16, 30)));
  if (t > d->now - 300)
    t = d->now - g_rand_int_range (d->rand, 300, 3600);
  return t;
}

/* A moment in office hours (08:30–17:00 on a weekday) between from and to, on a random day
 * of the span that has one; to itself when none has. */
static gint64
office_time_between (Demo *d, gint64 from, gint64 to)
{
  GDate first, last;
  int n_days, offset;

  local_date (d, from, &first);
  local_date (d, to, &last);
  n_days = g_date_days_between (&first, &last) + 1;
  offset = pick (d, MAX (n_days, 1));
  for (int k = 0; k < n_days; k++)
    {
      GDate date = first;
      gint64 open, close;

      g_date_add_days (&date, (offset + k) % n_days);
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      open = MAX (from, local_unix (d, &date, HM (8, 30)));
      close = MIN (to, local_unix (d, &date, HM (17, 0)));
      if (open <= close)
        return open + 60 * (gint64) pick (d, (int) ((close - open) / 60) + 1);
    }
  return to;
}

/* Runs one INSERT, preparing its statement once. types says how each argument after error
 * binds: 's' a string (NULL → SQL NULL), 'i' an int. */
static gboolean
demo_insert (Demo *d, const char *sql, const char *types, GError **error, ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (d->statements, sql);
  va_list args;

  if (stmt == NULL)
    {
      stmt = loket_db_prepare (d->db, sql, error);
      if (stmt == NULL)
        return FALSE;
      g_hash_table_insert (d->statements, (gpointer) sql, stmt);
    }
  g_assert (sqlite3_bind_parameter_count (stmt) == (int) strlen (types));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int (stmt, i + 1, va_arg (args, int));
      else
        loket_db_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);

  return loket_db_step_done (d->db, stmt, error);
}

/* ---- Organisation, products, capacities, opening hours -------------------------------- */

static gboolean
insert_organisation (Demo *d, GError **error)
{
  for (int i = 0; i < N_LOCATIONS; i++)
    {
      const LocationDef *l = &loket_demo_locations[i];

      new_id (d->location_ids[i]);
      if (!demo_insert (d, "INSERT INTO locations (id, name, kind, address, timezone, works_offline)"
                        " VALUES (?, ?, ?, ?, ?, ?)", "sssssi", error, d->location_ids[i],
                        l->name, l->kind, l->address, DEMO_ZONE, l->offline))
        return FALSE;
    }
  for (int i = 0; i < N_TEAMS; i++)
    {
      new_id (d->team_ids[i]);
      if (!demo_insert (d, "INSERT INTO teams (id, name, location_id) VALUES (?, ?, ?)", "sss",
                        error, d->team_ids[i], loket_demo_team_names[i],
                        d->location_ids[LOC_STADHUIS]))
        return FALSE;
    }
  for (int i = 0; i < N_GROUPS; i++)
    {
      new_id (d->group_ids[i]);
      if (!demo_insert (d, "INSERT INTO product_groups (id, name, werkveld) VALUES (?, ?, ?)",
                        "sss", error, d->group_ids[i], loket_demo_groups[i].name,
                        loket_demo_groups[i].werkveld))
        return FALSE;
    }
  return TRUE;
}

static int
n_statuses (const CaseTypeDef *type)
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

static gboolean
insert_case_types (Demo *d, GError **error)
{
  for (int i = 0; i < N_CASE_TYPES; i++)
    {
      const CaseTypeDef *t = &loket_demo_case_types[i];
      g_autofree char *statuses = statuses_json (t);

      new_id (d->case_type_ids[i]);
      if (!demo_insert (d, "INSERT INTO case_types (id, name, max_working_days, statuses,"
                        " team_id, confidential) VALUES (?, ?, ?, ?, ?, ?)", "ssissi", error,
                        d->case_type_ids[i], t->name, t->max_days, statuses,
                        d->team_ids[t->team], t->confidential))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_products (Demo *d, GError **error)
{
  for (int i = 0; i < N_PRODUCTS; i++)
    {
      const ProductDef *p = &loket_demo_products[i];

      new_id (d->product_ids[i]);
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

static gboolean
insert_capacities (Demo *d, GError **error)
{
  for (int i = 0; i < N_CAPACITIES; i++)
    {
      const CapacityDef *c = &loket_demo_capacities[i];

      new_id (d->capacity_ids[i]);
      if (!demo_insert (d, "INSERT INTO capacities (id, location_id, group_id, kind, name)"
                        " VALUES (?, ?, ?, ?, ?)", "sssss", error, d->capacity_ids[i],
                        d->location_ids[c->location], d->group_ids[c->group], c->kind, c->name))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_rules (Demo *d, GError **error)
{
  char from[11], until[11], start[6], end[6];
  GDate date;

  date_from_today (d, -HISTORY_DAYS, &date);
  format_date (&date, from);
  date_from_today (d, 7 * RULE_WEEKS, &date);
  format_date (&date, until);

  for (guint i = 0; i < loket_demo_n_rules; i++)
    {
      const RuleDef *r = &loket_demo_rules[i];
      DemoId id;

      new_id (id);
      format_clock (r->start, start);
      format_clock (r->end, end);
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
static gboolean
insert_closures (Demo *d, GError **error)
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

      new_id (id);
      format_date (&c->date, date);
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

  format_date (date, text);
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
static gboolean
insert_holidays (Demo *d, GError **error)
{
  int year = g_date_get_year (&d->today);

  for (int y = year - 1; y <= year + 1; y++)
    if (!insert_holidays_of_year (d, y, error))
      return FALSE;
  return TRUE;
}

/* ---- Customers ----------------------------------------------------------------------- */

typedef struct {
  const char *kind, *bsn, *rrn, *kvk, *name, *birth_date, *email, *phone, *postcode, *channel;
} CustomerRow;

static gboolean
insert_customer (Demo *d, const CustomerRow *row, GError **error)
{
  DemoCustomer customer = { .organisation = g_str_equal (row->kind, "organisation") };
  DemoTime created;

  new_id (customer.id);
  format_utc (office_time (d, g_rand_int_range (d->rand, 60, 3000)), created);
  if (!demo_insert (d, "INSERT INTO customers (id, kind, bsn, rrn, kvk, name, birth_date, email,"
                    " phone, postcode, preferred_channel, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssss", error,
                    customer.id, row->kind, row->bsn, row->rrn, row->kvk, row->name,
                    row->birth_date, row->email, row->phone, row->postcode, row->channel,
                    created))
    return FALSE;
  g_array_append_val (d->customers, customer);
  return TRUE;
}

/* Claims a number or name for one customer; FALSE when it is already in use. */
static gboolean
claim (Demo *d, const char *value)
{
  if (g_hash_table_contains (d->taken, value))
    return FALSE;
  g_hash_table_add (d->taken, g_strdup (value));
  return TRUE;
}

/* Eight random digits and a ninth that makes the elfproef hold (9·d1 + … + 2·d8 − d9 ≡ 0 mod
 * 11); FALSE when no ninth digit can. */
static gboolean
make_bsn (Demo *d, char out[10])
{
  int sum = 0;

  for (int i = 0; i < 8; i++)
    {
      int digit = g_rand_int_range (d->rand, i == 0 ? 1 : 0, 10);

      out[i] = '0' + digit;
      sum += (9 - i) * digit;
    }
  if (sum % 11 == 10)
    return FALSE;
  out[8] = '0' + sum % 11;
  out[9] = '\0';
  return TRUE;
}

/* YYMMDD, a sequence number and a mod-97 check (with a leading 2 for births from 2000). */
static void
make_rrn (Demo *d, const GDate *birth, char out[12])
{
  gint64 base = (gint64) (g_date_get_year (birth) % 100) * 10000000
                + g_date_get_month (birth) * 100000 + g_date_get_day (birth) * 1000
                + g_rand_int_range (d->rand, 1, 999);
  gint64 checked = g_date_get_year (birth) >= 2000 ? 2000000000 + base : base;

  g_snprintf (out, 12, "%09" G_GINT64_FORMAT "%02d", base, (int) (97 - checked % 97));
}

static char *
email_for (const char *name, const char *domain)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *email = g_string_new (NULL);
  gboolean dotted = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (*p == ' ' && !dotted)
        {
          g_string_append_c (email, '.');
          dotted = TRUE;
        }
      else if (g_ascii_isalnum (*p))
        g_string_append_c (email, g_ascii_tolower (*p));
    }
  g_string_append_printf (email, "@%s", domain);
  return g_string_free (email, FALSE);
}

static void
random_birth_date (Demo *d, GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, 1, 1945);
  g_date_add_days (out, g_rand_int_range (d->rand, 0, 62 * 365));
}

static const char *
random_channel (Demo *d)
{
  int r = pick (d, 10);

  return r < 5 ? "email" : r < 7 ? "telefoon" : r < 9 ? "digitaal" : "post";
}

static gboolean
insert_dutch_person (Demo *d, GError **error)
{
  static const char letters[] = "ABCEGHJKLMNPRTVWXZ";
  char bsn[10], birth[11], phone[16], postcode[8];
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  GDate birth_date;

  do
    {
      g_free (name);
      name = g_strdup_printf ("%s %s", loket_demo_first_names[pick (d, loket_demo_n_first_names)],
                              loket_demo_last_names[pick (d, loket_demo_n_last_names)]);
    }
  while (!claim (d, name));
  while (!make_bsn (d, bsn) || !claim (d, bsn))
    ;
  random_birth_date (d, &birth_date);
  format_date (&birth_date, birth);
  email = email_for (name, "example.nl");
  g_snprintf (phone, sizeof phone, "06-%08d", g_rand_int_range (d->rand, 10000000, 99999999));
  g_snprintf (postcode, sizeof postcode, "772%d %c%c", g_rand_int_range (d->rand, 1, 6),
              letters[pick (d, sizeof letters - 1)], letters[pick (d, sizeof letters - 1)]);
  return insert_customer (d, &(CustomerRow) { "person", bsn, NULL, NULL, name, birth, email,
                                              phone, postcode, random_channel (d) }, error);
}

/* A Flemish neighbour from Baarle-Hertog, identified by rijksregisternummer. */
static gboolean
insert_flemish_person (Demo *d, const char *name, GError **error)
{
  char rrn[12], birth[11], phone[20];
  g_autofree char *email = email_for (name, "example.be");
  GDate birth_date;

  random_birth_date (d, &birth_date);
  format_date (&birth_date, birth);
  do
    make_rrn (d, &birth_date, rrn);
  while (!claim (d, rrn));
  g_snprintf (phone, sizeof phone, "+32 47%d %02d %02d %02d", pick (d, 10), pick (d, 100),
              pick (d, 100), pick (d, 100));
  return insert_customer (d, &(CustomerRow) { "person", NULL, rrn, NULL, name, birth, email,
                                              phone, "2387", random_channel (d) }, error);
}

static gboolean
insert_association (Demo *d, guint index, GError **error)
{
  const OrganisationDef *o = &loket_demo_organisations[index];
  char kvk[9], phone[16];

  do
    g_snprintf (kvk, sizeof kvk, "%08d", g_rand_int_range (d->rand, 40000000, 99999999));
  while (!claim (d, kvk));
  g_snprintf (phone, sizeof phone, "0529-%06d", g_rand_int_range (d->rand, 400000, 499999));
  return insert_customer (d, &(CustomerRow) { "organisation", NULL, NULL, kvk, o->name, NULL,
                                              o->email, phone, NULL, "email" }, error);
}

static gboolean
insert_customers (Demo *d, GError **error)
{
  for (int i = 0; i < N_DUTCH_PERSONS; i++)
    if (!insert_dutch_person (d, error))
      return FALSE;
  for (guint i = 0; i < loket_demo_n_flemish_names; i++)
    if (!insert_flemish_person (d, loket_demo_flemish_names[i], error))
      return FALSE;
  for (guint i = 0; i < loket_demo_n_organisations; i++)
    if (!insert_association (d, i, error))
      return FALSE;
  return TRUE;
}

static int
pick_customer (Demo *d, gboolean prefer_organisation)
{
  gboolean organisation = prefer_organisation && chance (d, 70);

  for (;;)
    {
      int i = pick (d, d->customers->len);

      if (g_array_index (d->customers, DemoCustomer, i).organisation == organisation)
        return i;
    }
}

static const char *
customer_id (Demo *d, int customer)
{
  return g_array_index (d->customers, DemoCustomer, customer).id;
}

/* ---- Roles, users, knowledge base ---------------------------------------------------- */

static gboolean
insert_users (Demo *d, GError **error)
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

      new_id (d->user_ids[i]);
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

static gboolean
insert_articles (Demo *d, GError **error)
{
  for (guint i = 0; i < loket_demo_n_articles; i++)
    {
      const ArticleDef *a = &loket_demo_articles[i];
      int product = a->product;
      DemoTime updated;
      DemoId id;

      new_id (id);
      if (product != P_NONE && d->article_ids[product][0] == '\0')
        g_strlcpy (d->article_ids[product], id, sizeof (DemoId));
      format_utc (office_time (d, g_rand_int_range (d->rand, 2, 180)), updated);
      if (!demo_insert (d, "INSERT INTO kb_articles (id, kind, title, public_body, internal_body,"
                        " product_id, status, rev, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, 'published', 1, ?)", "sssssss", error, id,
                        a->kind, a->title, a->public_body, a->internal_body,
                        product != P_NONE ? d->product_ids[product] : NULL, updated))
        return FALSE;
    }
  return TRUE;
}

/* ---- Appointments -------------------------------------------------------------------- */

static gboolean
is_holiday (Demo *d, const GDate *date)
{
  char text[11];

  format_date (date, text);
  return g_hash_table_contains (d->holidays, text);
}

static gboolean
is_closed (Demo *d, int capacity, const GDate *date)
{
  if (is_holiday (d, date))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (d->closures); i++)
    {
      const DemoClosure *c = &d->closures[i];

      if (g_date_compare (&c->date, date) == 0
          && (c->capacity == capacity || c->location == loket_demo_capacities[capacity].location))
        return TRUE;
    }
  return FALSE;
}

/* A product the capacity handles, by how often it is asked for; the web books only public
 * products. P_NONE when there is none. */
static int
pick_product (Demo *d, guint32 allowed, gboolean web)
{
  int total = 0, r;

  for (int p = 0; p < N_PRODUCTS; p++)
    if ((allowed & BIT (p)) && (!web || loket_demo_products[p].public))
      total += loket_demo_products[p].weight;
  if (total == 0)
    return P_NONE;
  r = pick (d, total);
  for (int p = 0; p < N_PRODUCTS; p++)
    if ((allowed & BIT (p)) && (!web || loket_demo_products[p].public))
      {
        r -= loket_demo_products[p].weight;
        if (r < 0)
          return p;
      }
  g_assert_not_reached ();
}

static const char *
pick_reason (Demo *d, int product)
{
  const char *const *reasons = loket_demo_products[product].reasons;
  int n = 0;

  while (reasons[n] != NULL)
    n++;
  return reasons[pick (d, n)];
}

/* Bouwen en wonen meets by video now and then, or with the architect on screen. */
static const char *
pick_mode (Demo *d, int product)
{
  int r = pick (d, 100);

  if (loket_demo_products[product].group != GROUP_BOUW || r < 60)
    return "fysiek";
  return r < 85 ? "digitaal" : "hybride";
}

/* Who at a desk booked a visit for this capacity (the KCC books by phone). */
static int
desk_user (Demo *d, int capacity)
{
  if (loket_demo_capacities[capacity].location == LOC_NOORD)
    return U_NOORD;
  if (loket_demo_capacities[capacity].location == LOC_BIEB)
    return U_BIEB;
  if (loket_demo_capacities[capacity].group == GROUP_BOUW)
    return U_BACKOFFICE;
  if (loket_demo_capacities[capacity].group == GROUP_ZALEN)
    return U_FACILITAIR;
  return chance (d, 60) ? U_BALIE : U_KCC;
}

static void
set_status (Demo *d, DemoAppointment *a)
{
  int r = pick (d, 100);

  a->status_reason = "";
  if (a->start > d->now)
    a->status = "booked";
  else if (a->end > d->now)
    a->status = loket_demo_products[a->product].group == GROUP_ZALEN ? "booked" : "checked_in";
  else if (r < 80)
    a->status = "done";
  else if (r < 88)
    a->status = "no_show";
  else
    {
      a->status = "cancelled";
      a->status_reason = r < 95 ? "Afgezegd door de klant" : "Klant is ziek";
    }
}

static void
add_appointment (Demo *d, const RuleDef *rule, const GDate *date, int first_slot, int n_slots,
                 int product, gboolean web)
{
  DemoAppointment a = { .product = product, .capacity = rule->capacity, .web = web };
  gint64 booked_before;

  new_id (a.id);
  a.start = local_unix (d, date, rule->start + first_slot * rule->slot_minutes);
  a.end = a.start + (gint64) n_slots * rule->slot_minutes * 60;
  a.customer = pick_customer (d, loket_demo_products[product].group == GROUP_ZALEN);
  a.created_by = web ? U_NONE : desk_user (d, rule->capacity);
  booked_before = g_rand_int_range (d->rand, 3600, 14 * 86400);
  a.created = MIN (a.start, d->now) - booked_before;
  if (!web)
    a.created = office_time_between (d, a.created, MIN (a.start, d->now) - 600);
  a.reason = pick_reason (d, product);
  a.mode = pick_mode (d, product);
  set_status (d, &a);
  g_array_append_val (d->appointments, a);
}

/* The channel of a booking: the only one with a share, or either when both have one. */
static gboolean
pick_web (Demo *d, const RuleDef *rule)
{
  if (rule->public_places == 0)
    return FALSE;
  if (rule->places == rule->public_places)
    return TRUE;
  return chance (d, 50);
}

/* Books the demand of one rule on one day. used[channel][slot] counts the bookings (of any
 * status) in each slot, and a visit goes only where every slot it needs has room left in its
 * channel's share.  The first visit of a rule-day always fits: the channel has a share and
 * the visit a start that keeps it inside the rule. */
static void
plan_rule_day (Demo *d, const RuleDef *rule, const GDate *date)
{
  int used[2][MAX_SLOTS] = { { 0 } };
  int n_slots = (rule->end - rule->start) / rule->slot_minutes;
  int want = g_rand_int_range (d->rand, rule->demand_lo, rule->demand_hi + 1);
  int placed = 0;

  g_assert (n_slots <= MAX_SLOTS);
  for (int attempt = 0; placed < want && attempt < 4 * want; attempt++)
    {
      gboolean web = pick_web (d, rule);
      int share = web ? rule->public_places : rule->places - rule->public_places;
      int product = pick_product (d, loket_demo_capacities[rule->capacity].products, web);
      int need, first;
      gboolean fits = TRUE;

      if (product == P_NONE)
        continue;
      need = (loket_demo_products[product].norm_minutes + rule->slot_minutes - 1)
             / rule->slot_minutes;
      if (need > n_slots)
        continue;
      first = g_rand_int_range (d->rand, 0, n_slots - need + 1);
      for (int s = first; s < first + need; s++)
        fits = fits && used[web][s] < share;
      if (!fits)
        continue;
      for (int s = first; s < first + need; s++)
        used[web][s]++;
      add_appointment (d, rule, date, first, need, product, web);
      placed++;
    }
}

static void
plan_appointments (Demo *d)
{
  for (int offset = -HISTORY_DAYS; offset <= FUTURE_DAYS; offset++)
    {
      GDate date;
      guint8 weekday_bit;

      date_from_today (d, offset, &date);
      weekday_bit = 1 << (g_date_get_weekday (&date) - 1);
      for (guint i = 0; i < loket_demo_n_rules; i++)
        {
          const RuleDef *rule = &loket_demo_rules[i];

          if ((rule->weekdays & weekday_bit) && !is_closed (d, rule->capacity, &date))
            plan_rule_day (d, rule, &date);
        }
    }
}

static gboolean
insert_appointments (Demo *d, GError **error)
{
  for (guint i = 0; i < d->appointments->len; i++)
    {
      const DemoAppointment *a = &g_array_index (d->appointments, DemoAppointment, i);
      DemoTime start, end, created;

      format_utc (a->start, start);
      format_utc (a->end, end);
      format_utc (a->created, created);
      if (!demo_insert (d, "INSERT INTO appointments (id, product_id, capacity_id, customer_id,"
                        " case_id, start_at, end_at, reason, mode, channel, status,"
                        " status_reason, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssssss",
                        error, a->id, d->product_ids[a->product], d->capacity_ids[a->capacity],
                        customer_id (d, a->customer), id_or_null (a->case_id), start, end,
                        a->reason, a->mode, a->web ? "web" : "desk", a->status,
                        a->status_reason, user_id (d, a->created_by), created))
        return FALSE;
    }
  return TRUE;
}

/* ---- Cases --------------------------------------------------------------------------- */

static void
case_deadline (Demo *d, int case_type, gint64 opened, GDate *out)
{
  GDate date;

  local_date (d, opened, &date);
  loket_workdays_add (d->workdays, &date, loket_demo_case_types[case_type].max_days, out);
}

/* The status a booking's case has reached: waiting for the visit, or on its way after it and
 * mostly finished once its term has passed. */
static int
booked_case_target (Demo *d, const DemoAppointment *a, const GDate *deadline)
{
  int n = n_statuses (&loket_demo_case_types[loket_demo_products[a->product].case_type]);

  if (!g_str_equal (a->status, "done"))
    return 0;
  if (g_date_compare (deadline, &d->today) < 0 && chance (d, 85))
    return n - 1;
  return g_rand_int_range (d->rand, 1, n);
}

/* A booking makes a case (a zaak); the demo keeps about one in four of them, of bookings made
 * close enough to the visit that the case's term runs past it. */
static void
plan_booked_cases (Demo *d)
{
  for (guint i = 0; i < d->appointments->len; i++)
    {
      const DemoAppointment *a = &g_array_index (d->appointments, DemoAppointment, i);
      DemoCase c = { .case_type = loket_demo_products[a->product].case_type, .product = a->product,
                     .customer = a->customer, .appointment = i, .subject = a->reason,
                     .opened = a->created, .steps_from = a->end };
      GDate deadline, visit;

      if (g_str_equal (a->status, "cancelled") || !chance (d, 25))
        continue;
      case_deadline (d, c.case_type, c.opened, &deadline);
      local_date (d, a->start, &visit);
      if (g_date_compare (&deadline, &visit) < 0)
        continue;
      new_id (c.id);
      c.target = booked_case_target (d, a, &deadline);
      g_array_append_val (d->cases, c);
    }
}

static int
pick_product_of_type (Demo *d, int case_type)
{
  int candidates[N_PRODUCTS], n = 0;

  for (int p = 0; p < N_PRODUCTS; p++)
    if (loket_demo_products[p].case_type == case_type)
      candidates[n++] = p;
  return n > 0 ? candidates[pick (d, n)] : P_NONE;
}

/* A case that came in by mail, phone or e-mail. profile 0: open within its term, 1: open and
 * overdue, 2: closed. Calendar days are about 1.4 working days. */
static void
plan_loose_case (Demo *d, int case_type, int profile)
{
  int n = n_statuses (&loket_demo_case_types[case_type]);
  int term = loket_demo_case_types[case_type].max_days * 7 / 5;
  DemoCase c = { .case_type = case_type, .appointment = -1 };
  int days_ago;

  new_id (c.id);
  c.product = pick_product_of_type (d, case_type);
  c.customer = pick_customer (d, case_type == CT_ZAAL);
  c.subject = c.product != P_NONE
                ? pick_reason (d, c.product)
                : loket_demo_callback_subjects[pick (d, loket_demo_n_callback_subjects)];
  if (profile == 0)
    days_ago = pick (d, MAX (1, term / 2));
  else if (profile == 1)
    days_ago = term + g_rand_int_range (d->rand, 3, 15);
  else
    days_ago = g_rand_int_range (d->rand, term / 3 + 1, term + 30);
  c.target = profile == 2 ? n - 1 : pick (d, n - 1);
  c.opened = office_time (d, days_ago);
  c.steps_from = c.opened + (d->now - c.opened) / 4;
  g_array_append_val (d->cases, c);
}

static void
plan_loose_cases (Demo *d)
{
  int profile = 0;

  for (guint i = 0; i < loket_demo_n_loose_cases; i++)
    for (int j = 0; j < loket_demo_loose_cases[i].count; j++)
      plan_loose_case (d, loket_demo_loose_cases[i].case_type, profile++ % 3);
}

static int
compare_opened (gconstpointer a, gconstpointer b)
{
  const DemoCase *x = a, *y = b;

  return (x->opened > y->opened) - (x->opened < y->opened);
}

/* The moment of each status up to the current one: the first when the case was opened, each
 * later one in office hours within its own share of the span from steps_from to now, so
 * they stay in order. */
static void
step_times (Demo *d, const DemoCase *c, gint64 *times)
{
  gint64 span = d->now - c->steps_from;

  times[0] = c->opened;
  for (int i = 1; i <= c->target; i++)
    times[i] = office_time_between (d, c->steps_from + span * (i - 1) / c->target,
                                    c->steps_from + span * i / c->target - 1);
}

static gboolean
insert_history (Demo *d, const DemoCase *c, const gint64 *times, int opener, int handler,
                GError **error)
{
  for (int i = 0; i <= c->target; i++)
    {
      DemoTime at;
      DemoId id;

      new_id (id);
      format_utc (times[i], at);
      if (!demo_insert (d, "INSERT INTO case_status_history (id, case_id, status, at, by_user)"
                        " VALUES (?, ?, ?, ?, ?)", "sssss", error, id, c->id,
                        loket_demo_case_types[c->case_type].statuses[i], at,
                        user_id (d, i == 0 ? opener : handler)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_case (Demo *d, const DemoCase *c, int year, int number, GError **error)
{
  const CaseTypeDef *type = &loket_demo_case_types[c->case_type];
  gboolean closed = c->target == n_statuses (type) - 1;
  int handler = loket_demo_team_handler[type->team];
  int assignee = c->target == 0 && chance (d, 50) ? U_NONE : handler;
  int opener = c->appointment >= 0
                 ? g_array_index (d->appointments, DemoAppointment, c->appointment).created_by
                 : handler;
  gint64 times[G_N_ELEMENTS (type->statuses)];
  char reference[24], deadline_text[11];
  DemoTime opened, closed_at;
  GDate deadline;

  step_times (d, c, times);
  format_utc (c->opened, opened);
  format_utc (times[c->target], closed_at);
  case_deadline (d, c->case_type, c->opened, &deadline);
  format_date (&deadline, deadline_text);
  g_snprintf (reference, sizeof reference, "Z-%d-%06d", year, number);

  return demo_insert (d, "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id,"
                      " subject, status, team_id, assignee_id, opened_at, deadline, closed_at,"
                      " rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssssi",
                      error, c->id, reference, d->case_type_ids[c->case_type],
                      customer_id (d, c->customer),
                      c->product != P_NONE ? d->product_ids[c->product] : NULL, c->subject,
                      type->statuses[c->target], d->team_ids[type->team], user_id (d, assignee),
                      opened, deadline_text, closed ? closed_at : NULL, 1 + c->target)
         && insert_history (d, c, times, opener, handler, error);
}

/* Numbers follow the opening order and start again with each year, as in a real register. */
static gboolean
insert_cases (Demo *d, GError **error)
{
  int year = 0, number = 0;

  plan_booked_cases (d);
  plan_loose_cases (d);
  g_array_sort (d->cases, compare_opened);

  for (guint i = 0; i < d->cases->len; i++)
    {
      DemoCase *c = &g_array_index (d->cases, DemoCase, i);
      GDate opened;

      local_date (d, c->opened, &opened);
      if (g_date_get_year (&opened) != year)
        {
          number = year == 0 ? 1200 : 0; /* the first year was well under way */
          year = g_date_get_year (&opened);
        }
      if (!insert_case (d, c, year, ++number, error))
        return FALSE;
      if (c->appointment >= 0)
        g_strlcpy (g_array_index (d->appointments, DemoAppointment, c->appointment).case_id,
                   c->id, sizeof (DemoId));
    }
  return TRUE;
}

/* ---- Notes and contact moments ------------------------------------------------------- */

static gboolean
insert_notes (Demo *d, int count, GError **error)
{
  for (int i = 0; i < count; i++)
    {
      const DemoCase *c = &g_array_index (d->cases, DemoCase, pick (d, d->cases->len));
      int team = loket_demo_case_types[c->case_type].team;
      const char *const *notes = loket_demo_team_notes[team];
      const char *body = notes[pick (d, notes[3] != NULL ? 4 : 3)];
      DemoTime at;
      DemoId id;

      new_id (id);
      format_utc (office_time_between (d, c->opened, d->now - 60), at);
      if (!demo_insert (d, "INSERT INTO notes (id, case_id, customer_id, author_id, body,"
                        " created_at) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, id, c->id,
                        customer_id (d, c->customer),
                        user_id (d, loket_demo_team_handler[team]), body, at))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_contact_moment (Demo *d, GError **error)
{
  static const int counter_staff[] = { U_BALIE, U_BALIE, U_NOORD, U_BIEB };
  int r = pick (d, 10);
  const char *channel = r < 4 ? "balie" : r < 8 ? "telefoon" : "email";
  int product = pick_product (d, BALIE_PRODUCTS | BOUW_PRODUCTS | BIT (P_VERGADERZAAL), FALSE);
  int by = r < 4 ? counter_staff[pick (d, G_N_ELEMENTS (counter_staff))] : U_KCC;
  DemoTime at;
  DemoId id;

  new_id (id);
  format_utc (office_time (d, pick (d, 31)), at);
  return demo_insert (d, "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id,"
                      " article_id, resolved_first_contact, at, by_user)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssiss", error, id,
                      customer_id (d, pick_customer (d, product == P_VERGADERZAAL)), channel,
                      loket_demo_products[product].question, d->product_ids[product],
                      id_or_null (d->article_ids[product]), chance (d, 80), at,
                      user_id (d, by));
}

static gboolean
insert_contact_moments (Demo *d, int count, GError **error)
{
  for (int i = 0; i < count; i++)
    if (!insert_contact_moment (d, error))
      return FALSE;
  return TRUE;
}

/* ---- Loading ------------------------------------------------------------------------- */

static gboolean
database_is_empty (Demo *d, gboolean *empty, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = loket_db_prepare (d->db, "SELECT EXISTS (SELECT 1 FROM locations)",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return loket_db_fail (d->db, error);
  *empty = sqlite3_column_int (stmt, 0) == 0;
  return TRUE;
}

/* Every table in parent-before-child order. Appointments are planned before the cases that
 * bookings make, and written after them, so each can point at its case. */
static gboolean
insert_all (Demo *d, GError **error)
{
  gboolean empty = FALSE;

  if (!database_is_empty (d, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "The database already holds data; demo data is only loaded into an empty "
                   "database");
      return FALSE;
    }
  if (!insert_organisation (d, error) || !insert_case_types (d, error)
      || !insert_products (d, error) || !insert_capacities (d, error)
      || !insert_rules (d, error) || !insert_closures (d, error) || !insert_holidays (d, error)
      || !insert_customers (d, error) || !insert_users (d, error)
      || !insert_articles (d, error))
    return FALSE;
  plan_appointments (d);
  return insert_cases (d, error) && insert_appointments (d, error)
         && insert_notes (d, 20, error) && insert_contact_moments (d, 60, error);
}

static gboolean
demo_init (Demo *d, LoketDb *db, GDateTime *now, GError **error)
{
  g_autoptr (GDateTime) local = NULL;

  d->tz = g_time_zone_new_identifier (DEMO_ZONE);
  if (d->tz == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "The time zone %s is unknown; install the tzdata package", DEMO_ZONE);
      return FALSE;
    }
  local = g_date_time_to_timezone (now, d->tz);
  d->db = db;
  d->now = g_date_time_to_unix (now);
  g_date_clear (&d->today, 1);
  g_date_set_dmy (&d->today, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  d->rand = g_rand_new_with_seed (DEMO_SEED);
  d->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  d->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->workdays = loket_workdays_new ();
  d->customers = g_array_new (FALSE, TRUE, sizeof (DemoCustomer));
  d->appointments = g_array_new (FALSE, TRUE, sizeof (DemoAppointment));
  d->cases = g_array_new (FALSE, TRUE, sizeof (DemoCase));
  return TRUE;
}

gboolean
loket_demo_load (LoketDb *db, GDateTime *now, GError **error)
{
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (LOKET_IS_DB (db), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!demo_init (&d, db, now, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  if (!loket_db_begin (db, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  ok = insert_all (&d, error);
  demo_clear (&d); /* finalizes the statements before the transaction ends */
  if (ok && loket_db_commit (db, error))
    return TRUE;
  loket_db_rollback (db);
  return FALSE;
}

