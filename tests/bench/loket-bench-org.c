/* loket-bench-org.c — the benchmark's generated municipality (see loket-bench-org.h).
 *
 * Borrows the demo's fixed tables (products, case types, names, note texts, articles) so the
 * rows look like the demo's, and adds what makes it big: six locations, thirty-one capacities,
 * about a year of history and eight weeks of future.  Appointments are planned per rule-day
 * with a count of used places per channel and slot, like the demo's, so no slot is over its
 * share, past or future.
 */
#include "loket-bench-org.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "loket-auth.h"
#include "loket-demo-data.h"
#include "loket-store.h"
#include "loket-workdays.h"

#define ZONE "Europe/Amsterdam"
#define FUTURE_DAYS 56       /* the agenda is open eight weeks ahead */
#define MAX_HISTORY_DAYS 1500
#define MAX_SLOTS 96
#define FUTURE_SHARE 0.15    /* of the appointments lie ahead */

typedef char Id[37];
typedef char Stamp[21];      /* "2026-11-23T08:30:00Z" */

enum { N_LOCATIONS_BIG = 6 };

static const LocationDef locations[N_LOCATIONS_BIG] = {
  { "Stadhuis", "stadhuis", "Markt 1, 7721 AB Dalfsenburg", FALSE },
  { "Servicepunt Noord", "kantoor", "Noorderplein 12, 7722 CK Dalfsenburg", FALSE },
  { "Servicepunt Zuid", "kantoor", "Zuidwal 3, 7724 AD Dalfsenburg", FALSE },
  { "Servicepunt Oost", "kantoor", "Oosterhof 40, 7725 GH Dalfsenburg", FALSE },
  { "Servicepunt West", "kantoor", "Westeinde 7, 7726 KL Dalfsenburg", FALSE },
  { "Bibliotheek De Schakel", "satelliet", "Schoolstraat 5, 7723 BL Dalfsenburg", TRUE },
};

/* A capacity with one or two rules on the same weekdays (morning, afternoon). */
typedef struct {
  const char *name, *kind;
  int location, group, product;  /* product: P_NONE = any of the group */
  guint8 weekdays;
  int start1, end1, start2, end2; /* local minutes; start2 = end2 = 0: one rule */
  int slot, places, public_places;
} CapacityPlan;

typedef struct {
  Id id;
  const CapacityPlan *plan;
} Capacity;

typedef struct {
  Id id;
  Id case_id;
  int product, capacity, customer, created_by;
  gboolean web;
  gint64 start, end, created;
  const char *status, *status_reason, *reason, *mode;
} Appointment;

typedef struct {
  Id id;
  int case_type, product, customer, target, appointment;
  gint64 opened;
} Case;

typedef struct {
  LoketDb *db;
  GRand *rand;
  GTimeZone *tz;
  gint64 now;
  GDate today;
  double scale;
  GHashTable *statements;
  GHashTable *taken;
  LoketWorkdays *workdays;
  GHashTable *holidays;
  Id location_ids[N_LOCATIONS_BIG], team_ids[N_TEAMS], group_ids[N_GROUPS];
  Id case_type_ids[N_CASE_TYPES], product_ids[N_PRODUCTS];
  GArray *capacities;   /* Capacity */
  GArray *users;        /* Id; [0] beheer, [1] balie, then clerks and specialists */
  GArray *customers;    /* Id */
  GArray *appointments; /* Appointment */
  GArray *cases;        /* Case */
  GArray *articles;     /* Id */
  int first_day;        /* offset of the oldest history day from today (≤ 0) */
} Org;

/* ---- small helpers ------------------------------------------------------------------------ */

static guint
scaled (Org *o, double count)
{
  return (guint) MAX (1.0, count * o->scale + 0.5);
}

static int
pick (Org *o, int n)
{
  return g_rand_int_range (o->rand, 0, n);
}

static gboolean
chance (Org *o, int percent)
{
  return pick (o, 100) < percent;
}

/* A version 4 UUID from the seeded generator, so a seed gives the same ids every time. */
static void
new_id (Org *o, Id out)
{
  guint32 w[4];

  for (int i = 0; i < 4; i++)
    w[i] = g_rand_int (o->rand);
  g_snprintf (out, sizeof (Id), "%08x-%04x-4%03x-%04x-%04x%08x", w[0], w[1] >> 16,
              w[1] & 0xfff, 0x8000 | (w[2] & 0x3fff), w[2] >> 16, w[3]);
}

static void
format_utc (gint64 unix_time, Stamp out)
{
  time_t t = (time_t) unix_time;
  struct tm tm;

  gmtime_r (&t, &tm);
  strftime (out, sizeof (Stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
format_date (const GDate *date, char out[11])
{
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static gint64
local_unix (Org *o, const GDate *date, int minutes)
{
  g_autoptr(GDateTime) dt = g_date_time_new (o->tz, g_date_get_year (date),
                                             g_date_get_month (date), g_date_get_day (date),
                                             minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

static void
day_from_today (Org *o, int offset, GDate *out)
{
  *out = o->today;
  if (offset >= 0)
    g_date_add_days (out, offset);
  else
    g_date_subtract_days (out, -offset);
}

/* A moment in office hours on a weekday between from and to (to itself when there is none). */
static gint64
office_time_between (Org *o, gint64 from, gint64 to)
{
  gint64 t = to;

  if (to <= from)
    return to;
  for (int attempt = 0; attempt < 8; attempt++)
    {
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) local = NULL;
      int hour;

      t = from + (gint64) (g_rand_double (o->rand) * (double) (to - from));
      utc = g_date_time_new_from_unix_utc (t);
      local = g_date_time_to_timezone (utc, o->tz);
      hour = g_date_time_get_hour (local);
      if (g_date_time_get_day_of_week (local) <= 5 && hour >= 8 && hour < 17)
        return t;
    }
  return t;
}

static const char *
id_or_null (const char *id)
{
  return id[0] != '\0' ? id : NULL;
}

static const char *
user_id (Org *o, int user)
{
  return user < 0 ? NULL : g_array_index (o->users, Id, user);
}

static const char *
customer_id (Org *o, int customer)
{
  return g_array_index (o->customers, Id, customer);
}

/* One INSERT, prepared once.  types: 's' a string (NULL → SQL NULL), 'i' an int. */
static gboolean
insert (Org *o, const char *sql, const char *types, GError **error, ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (o->statements, sql);
  va_list args;

  if (stmt == NULL)
    {
      if ((stmt = loket_db_prepare (o->db, sql, error)) == NULL)
        return FALSE;
      g_hash_table_insert (o->statements, (gpointer) sql, stmt);
    }
  g_assert (sqlite3_bind_parameter_count (stmt) == (int) strlen (types));
  sqlite3_reset (stmt);
  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int (stmt, i + 1, va_arg (args, int));
      else
        loket_db_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);
  return loket_db_step_done (o->db, stmt, error);
}

/* ---- organisation ------------------------------------------------------------------------- */

#define BALIE(name, loc) { name, "balie", loc, GROUP_BZ, P_NONE, WORKWEEK, HM (8, 30), \
                           HM (12, 30), HM (13, 0), HM (17, 0), 10, 2, 1 }

static const CapacityPlan capacity_plans[] = {
  BALIE ("Balie 1", 0), BALIE ("Balie 2", 0), BALIE ("Balie 3", 0), BALIE ("Balie 4", 0),
  BALIE ("Balie 5", 0), BALIE ("Balie 6", 0), BALIE ("Balie 7", 0), BALIE ("Balie 8", 0),
  { "Spreekkamer 1", "spreekkamer", 0, GROUP_BOUW, P_NONE, WORKWEEK, HM (9, 0), HM (12, 0),
    HM (13, 30), HM (16, 30), 30, 2, 1 },
  { "Spreekkamer 2", "spreekkamer", 0, GROUP_BOUW, P_NONE, WORKWEEK, HM (9, 0), HM (12, 0),
    HM (13, 30), HM (16, 30), 30, 2, 1 },
  { "Spreekkamer 3", "spreekkamer", 0, GROUP_BOUW, P_NONE, WORKWEEK, HM (9, 0), HM (12, 0),
    0, 0, 30, 1, 0 },
  { "Trouwzaal", "zaal", 0, GROUP_ZALEN, P_TROUWZAAL, WORKWEEK | SAT, HM (9, 0), HM (17, 0),
    0, 0, 60, 1, 0 },
  { "Raadzaal", "zaal", 0, GROUP_ZALEN, P_RAADZAAL, WORKWEEK, HM (9, 0), HM (22, 0), 0, 0,
    60, 1, 0 },
  { "Vergaderzaal 2.1", "zaal", 0, GROUP_ZALEN, P_VERGADERZAAL, WORKWEEK, HM (9, 0),
    HM (17, 0), 0, 0, 60, 1, 0 },
  BALIE ("Balie N1", 1), BALIE ("Balie N2", 1), BALIE ("Balie N3", 1), BALIE ("Balie N4", 1),
  BALIE ("Balie Z1", 2), BALIE ("Balie Z2", 2), BALIE ("Balie Z3", 2), BALIE ("Balie Z4", 2),
  BALIE ("Balie O1", 3), BALIE ("Balie O2", 3), BALIE ("Balie O3", 3), BALIE ("Balie O4", 3),
  BALIE ("Balie W1", 4), BALIE ("Balie W2", 4), BALIE ("Balie W3", 4), BALIE ("Balie W4", 4),
  { "Balie Bibliotheek", "balie", 5, GROUP_BZ, P_NONE, TUE | SAT, HM (10, 0), HM (13, 0), 0, 0,
    10, 2, 1 },
};

static gboolean
insert_organisation (Org *o, GError **error)
{
  for (int i = 0; i < N_LOCATIONS_BIG; i++)
    {
      new_id (o, o->location_ids[i]);
      if (!insert (o, "INSERT INTO locations (id, name, kind, address, timezone, works_offline)"
                   " VALUES (?, ?, ?, ?, ?, ?)", "sssssi", error, o->location_ids[i],
                   locations[i].name, locations[i].kind, locations[i].address, ZONE,
                   locations[i].offline))
        return FALSE;
    }
  for (int i = 0; i < N_TEAMS; i++)
    {
      new_id (o, o->team_ids[i]);
      if (!insert (o, "INSERT INTO teams (id, name, location_id) VALUES (?, ?, ?)", "sss", error,
                   o->team_ids[i], loket_demo_team_names[i], o->location_ids[0]))
        return FALSE;
    }
  for (int i = 0; i < N_GROUPS; i++)
    {
      new_id (o, o->group_ids[i]);
      if (!insert (o, "INSERT INTO product_groups (id, name, werkveld) VALUES (?, ?, ?)", "sss",
                   error, o->group_ids[i], loket_demo_groups[i].name,
                   loket_demo_groups[i].werkveld))
        return FALSE;
    }
  return TRUE;
}

static char *
statuses_json (const CaseTypeDef *type)
{
  GString *json = g_string_new ("[");

  for (int i = 0; type->statuses[i] != NULL; i++)
    g_string_append_printf (json, "%s\"%s\"", i > 0 ? ", " : "", type->statuses[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static int
n_statuses (int case_type)
{
  int n = 0;

  while (loket_demo_case_types[case_type].statuses[n] != NULL)
    n++;
  return n;
}

static gboolean
insert_products (Org *o, GError **error)
{
  for (int i = 0; i < N_CASE_TYPES; i++)
    {
      const CaseTypeDef *t = &loket_demo_case_types[i];
      g_autofree char *statuses = statuses_json (t);

      new_id (o, o->case_type_ids[i]);
      if (!insert (o, "INSERT INTO case_types (id, name, max_working_days, statuses, team_id,"
                   " confidential) VALUES (?, ?, ?, ?, ?, ?)", "ssissi", error,
                   o->case_type_ids[i], t->name, t->max_days, statuses, o->team_ids[t->team],
                   t->confidential))
        return FALSE;
    }
  for (int i = 0; i < N_PRODUCTS; i++)
    {
      const ProductDef *p = &loket_demo_products[i];

      new_id (o, o->product_ids[i]);
      if (!insert (o, "INSERT INTO products (id, group_id, name, norm_minutes, handling_level,"
                   " line, public, case_type_id, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "sssiiiiss", error, o->product_ids[i], o->group_ids[p->group], p->name,
                   p->norm_minutes, p->level, p->line, p->public,
                   o->case_type_ids[p->case_type], p->description))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_rule (Org *o, const Capacity *c, int start, int end, GError **error)
{
  char from[11], until[11], start_text[6], end_text[6];
  GDate date;
  Id id;

  new_id (o, id);
  day_from_today (o, o->first_day, &date);
  format_date (&date, from);
  day_from_today (o, FUTURE_DAYS + 28, &date);
  format_date (&date, until);
  g_snprintf (start_text, sizeof start_text, "%02d:%02d", start / 60, start % 60);
  g_snprintf (end_text, sizeof end_text, "%02d:%02d", end / 60, end % 60);
  return insert (o, "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from,"
                 " valid_until, start_time, end_time, slot_minutes, places, public_places)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssissssiii", error, id, c->id,
                 c->plan->weekdays, from, until, start_text, end_text, c->plan->slot,
                 c->plan->places, c->plan->public_places);
}

/* The capacities were planned with (appointments need them); now they get ids and rules. */
static gboolean
insert_capacities (Org *o, GError **error)
{
  for (guint i = 0; i < o->capacities->len; i++)
    {
      Capacity *c = &g_array_index (o->capacities, Capacity, i);

      new_id (o, c->id);
      if (!insert (o, "INSERT INTO capacities (id, location_id, group_id, kind, name)"
                   " VALUES (?, ?, ?, ?, ?)", "sssss", error, c->id,
                   o->location_ids[c->plan->location], o->group_ids[c->plan->group],
                   c->plan->kind, c->plan->name)
          || !insert_rule (o, c, c->plan->start1, c->plan->end1, error)
          || (c->plan->end2 > 0 && !insert_rule (o, c, c->plan->start2, c->plan->end2, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_holiday (Org *o, const GDate *date, const char *name, GError **error)
{
  char text[11];

  format_date (date, text);
  if (g_hash_table_contains (o->holidays, text))
    return TRUE;
  g_hash_table_add (o->holidays, g_strdup (text));
  loket_workdays_add_holiday (o->workdays, date);
  return insert (o, "INSERT INTO holidays (date, name) VALUES (?, ?)", "ss", error, text, name);
}

/* The Dutch national holidays of every year the agenda touches. */
static gboolean
insert_holidays (Org *o, GError **error)
{
  static const struct { int offset; const char *name; } easter_feasts[] = {
    { 1, "Tweede Paasdag" }, { 39, "Hemelvaartsdag" }, { 50, "Tweede Pinksterdag" },
  };
  static const struct { int day, month; const char *name; } fixed[] = {
    { 1, 1, "Nieuwjaarsdag" }, { 27, 4, "Koningsdag" }, { 25, 12, "Eerste Kerstdag" },
    { 26, 12, "Tweede Kerstdag" },
  };
  GDate first, last, date;

  /* Every year the history could reach, so planning can skip them before it knows its span. */
  day_from_today (o, -MAX_HISTORY_DAYS - 366, &first);
  day_from_today (o, FUTURE_DAYS + 366, &last);
  for (int year = g_date_get_year (&first); year <= g_date_get_year (&last); year++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        {
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, fixed[i].day, fixed[i].month, year);
          if (!insert_holiday (o, &date, fixed[i].name, error))
            return FALSE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (easter_feasts); i++)
        {
          loket_workdays_easter (year, &date);
          g_date_add_days (&date, easter_feasts[i].offset);
          if (!insert_holiday (o, &date, easter_feasts[i].name, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- people ------------------------------------------------------------------------------- */

static gboolean
claim (Org *o, const char *value)
{
  if (g_hash_table_contains (o->taken, value))
    return FALSE;
  g_hash_table_add (o->taken, g_strdup (value));
  return TRUE;
}

/* Eight random digits and a ninth that makes the elfproef hold; FALSE when none can. */
static gboolean
make_bsn (Org *o, char out[10])
{
  int sum = 0;

  for (int i = 0; i < 8; i++)
    {
      int digit = g_rand_int_range (o->rand, i == 0 ? 1 : 0, 10);

      out[i] = (char) ('0' + digit);
      sum += (9 - i) * digit;
    }
  if (sum % 11 == 10)
    return FALSE;
  out[8] = (char) ('0' + sum % 11);
  out[9] = '\0';
  return TRUE;
}

/* YYMMDD, a sequence number and the mod-97 check (with a leading 2 for births from 2000). */
static void
make_rrn (Org *o, const GDate *birth, char out[12])
{
  gint64 base = (gint64) (g_date_get_year (birth) % 100) * 10000000
                + g_date_get_month (birth) * 100000 + g_date_get_day (birth) * 1000
                + g_rand_int_range (o->rand, 1, 999);
  gint64 checked = g_date_get_year (birth) >= 2000 ? 2000000000 + base : base;

  g_snprintf (out, 12, "%09" G_GINT64_FORMAT "%02d", base, (int) (97 - checked % 97));
}

/* kind: 0 a Dutch person (BSN), 1 a Flemish neighbour (RRN), 2 an association (KvK). */
static gboolean
insert_customer (Org *o, int kind, GError **error)
{
  static const char *const channels[] = { "email", "email", "telefoon", "digitaal", "post" };
  const char *first = loket_demo_first_names[pick (o, loket_demo_n_first_names)];
  const char *last = loket_demo_last_names[pick (o, loket_demo_n_last_names)];
  char number[12] = "", birth[11], phone[16], postcode[8], created[21];
  g_autofree char *name = g_strdup_printf ("%s %s", first, last);
  g_autofree char *email = NULL;
  GDate birth_date;
  Id id;

  new_id (o, id);
  g_date_clear (&birth_date, 1);
  g_date_set_dmy (&birth_date, 1, 1, 1940);
  g_date_add_days (&birth_date, pick (o, 66 * 365));
  format_date (&birth_date, birth);
  if (kind == 0)
    while (!make_bsn (o, number) || !claim (o, number))
      ;
  else if (kind == 1)
    do
      make_rrn (o, &birth_date, number);
    while (!claim (o, number));
  else
    do
      g_snprintf (number, sizeof number, "%08d", g_rand_int_range (o->rand, 40000000, 99999999));
    while (!claim (o, number));
  if (kind == 2)
    {
      g_free (name);
      name = g_strdup_printf ("Vereniging %s", last);
    }
  email = g_strdup_printf ("klant%u@example.nl", o->customers->len + 1);
  g_snprintf (phone, sizeof phone, "06-%08d", g_rand_int_range (o->rand, 10000000, 99999999));
  g_snprintf (postcode, sizeof postcode, "772%d %c%c", g_rand_int_range (o->rand, 1, 7),
              'A' + pick (o, 26), 'A' + pick (o, 26));
  format_utc (o->now - g_rand_int_range (o->rand, 86400, 5 * 365 * 86400), created);
  g_array_append_val (o->customers, id);
  return insert (o, "INSERT INTO customers (id, kind, bsn, rrn, kvk, name, birth_date, email,"
                 " phone, postcode, preferred_channel, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssss", error, id,
                 kind == 2 ? "organisation" : "person", kind == 0 ? number : NULL,
                 kind == 1 ? number : NULL, kind == 2 ? number : NULL, name,
                 kind == 2 ? NULL : birth, email, phone, kind == 1 ? "2387" : postcode,
                 channels[pick (o, G_N_ELEMENTS (channels))], created);
}

static gboolean
insert_customers (Org *o, GError **error)
{
  guint n = scaled (o, 20000);

  for (guint i = 0; i < n; i++)
    if (!insert_customer (o, i % 50 == 7 ? 1 : i % 50 == 21 ? 2 : 0, error))
      return FALSE;
  return TRUE;
}

static gboolean
insert_user (Org *o, const char *username, const char *display_name, const char *role,
             int location, int team, const char *hash, GError **error)
{
  Id id;

  new_id (o, id);
  g_array_append_val (o->users, id);
  return insert (o, "INSERT INTO users (id, username, display_name, role_id, location_id,"
                 " team_id) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, id, username,
                 display_name, role, o->location_ids[location],
                 team >= 0 ? o->team_ids[team] : NULL)
         && insert (o, "INSERT INTO user_secrets (user_id, password_hash) VALUES (?, ?)", "ss",
                    error, id, hash);
}

/* Clerks at every location and specialists in every team; one yescrypt hash for all of them,
 * as yescrypt is slow on purpose. */
static gboolean
insert_users (Org *o, GError **error)
{
  g_autofree char *hash = loket_auth_hash_password (LOKET_BENCH_PASSWORD, error);

  if (hash == NULL)
    return FALSE;
  for (guint i = 0; i < loket_demo_n_roles; i++)
    if (!insert (o, "INSERT INTO roles (id, name) VALUES (?, ?)", "ss", error,
                 loket_demo_roles[i].id, loket_demo_roles[i].name))
      return FALSE;
  if (!insert_user (o, LOKET_BENCH_ADMIN_USER, "Erik de Boer", "beheerder", 0, -1, hash, error)
      || !insert_user (o, LOKET_BENCH_DESK_USER, "Fatima Bouzid", "medewerker", 0, TEAM_BZ,
                       hash, error))
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      g_autofree char *username = g_strdup_printf (i < 28 ? "medewerker%02d" : "specialist%02d",
                                                   i < 28 ? i + 1 : i - 27);
      g_autofree char *name = g_strdup_printf ("%s %s",
        loket_demo_first_names[i % loket_demo_n_first_names],
        loket_demo_last_names[(i * 7) % loket_demo_n_last_names]);

      if (!insert_user (o, username, name, i < 28 ? "medewerker" : "backoffice",
                        i < 28 ? i % N_LOCATIONS_BIG : 0, i < 28 ? TEAM_BZ : i % N_TEAMS, hash,
                        error))
        return FALSE;
    }
  return TRUE;
}

/* A clerk of the capacity's location (the users after the first two rotate over them). */
static int
clerk_at (Org *o, int location)
{
  return 2 + location + N_LOCATIONS_BIG * pick (o, 28 / N_LOCATIONS_BIG);
}

static gboolean
insert_articles (Org *o, GError **error)
{
  guint n = scaled (o, 2000);

  for (guint i = 0; i < n; i++)
    {
      const ArticleDef *a = &loket_demo_articles[i % loket_demo_n_articles];
      g_autofree char *title = i < loket_demo_n_articles
        ? g_strdup (a->title) : g_strdup_printf ("%s (%u)", a->title, i / loket_demo_n_articles + 1);
      Stamp updated;
      Id id;

      new_id (o, id);
      format_utc (office_time_between (o, o->now - 2 * 365 * 86400, o->now - 3600), updated);
      g_array_append_val (o->articles, id);
      if (!insert (o, "INSERT INTO kb_articles (id, kind, title, public_body, internal_body,"
                   " product_id, status, rev, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "sssssssis", error, id, a->kind, title, a->public_body, a->internal_body,
                   a->product != P_NONE ? o->product_ids[a->product] : NULL,
                   chance (o, 8) ? "draft" : "published", 1 + pick (o, 6), updated))
        return FALSE;
    }
  return TRUE;
}

/* ---- appointments ------------------------------------------------------------------------- */

static int
pick_product (Org *o, const CapacityPlan *plan, gboolean web)
{
  int total = 0, r;

  if (plan->product != P_NONE)
    return plan->product;
  for (int p = 0; p < N_PRODUCTS; p++)
    if (loket_demo_products[p].group == plan->group && (!web || loket_demo_products[p].public))
      total += loket_demo_products[p].weight;
  r = pick (o, total);
  for (int p = 0; p < N_PRODUCTS; p++)
    if (loket_demo_products[p].group == plan->group && (!web || loket_demo_products[p].public))
      if ((r -= loket_demo_products[p].weight) < 0)
        return p;
  g_assert_not_reached ();
}

static void
set_status (Org *o, Appointment *a)
{
  int r = pick (o, 100);

  a->status_reason = "";
  if (a->start > o->now)
    a->status = r < 4 ? "cancelled" : "booked";
  else if (a->end > o->now)
    a->status = "checked_in";
  else
    a->status = r < 80 ? "done" : r < 88 ? "no_show" : "cancelled";
  if (g_str_equal (a->status, "cancelled"))
    a->status_reason = r < 2 ? "Klant is ziek" : "Afgezegd door de klant";
}

static void
add_appointment (Org *o, int capacity, const GDate *date, int rule_start, int first, int need,
                 int product, gboolean web)
{
  const CapacityPlan *plan = g_array_index (o->capacities, Capacity, capacity).plan;
  const char *const *reasons = loket_demo_products[product].reasons;
  Appointment a = { .product = product, .capacity = capacity, .web = web };
  int n_reasons = 0;

  while (reasons[n_reasons] != NULL)
    n_reasons++;
  new_id (o, a.id);
  a.start = local_unix (o, date, rule_start + first * plan->slot);
  a.end = a.start + (gint64) need * plan->slot * 60;
  a.customer = pick (o, o->customers->len);
  a.created_by = web ? -1 : clerk_at (o, plan->location);
  a.created = MIN (a.start, o->now) - g_rand_int_range (o->rand, 3600, 21 * 86400);
  a.reason = reasons[pick (o, n_reasons)];
  a.mode = plan->group == GROUP_BOUW && chance (o, 30) ? "digitaal" : "fysiek";
  set_status (o, &a);
  g_array_append_val (o->appointments, a);
}

/* Books up to want visits into one rule-day, each only where every slot it needs has room in
 * its channel's share.  Returns how many it placed. */
static int
plan_rule_day (Org *o, int capacity, const GDate *date, int start, int end, int want)
{
  const CapacityPlan *plan = g_array_index (o->capacities, Capacity, capacity).plan;
  int used[2][MAX_SLOTS] = { { 0 } };
  int n_slots = MIN ((end - start) / plan->slot, MAX_SLOTS);
  int placed = 0;

  for (int attempt = 0; placed < want && attempt < 4 * want; attempt++)
    {
      gboolean web = plan->public_places > 0 && (plan->public_places == plan->places
                                                 || chance (o, 50));
      int share = web ? plan->public_places : plan->places - plan->public_places;
      int product = pick_product (o, plan, web);
      int need = (loket_demo_products[product].norm_minutes + plan->slot - 1) / plan->slot;
      int first;
      gboolean fits = TRUE;

      if (need > n_slots)
        continue;
      first = g_rand_int_range (o->rand, 0, n_slots - need + 1);
      for (int s = first; s < first + need; s++)
        fits = fits && used[web][s] < share;
      if (!fits)
        continue;
      for (int s = first; s < first + need; s++)
        used[web][s]++;
      add_appointment (o, capacity, date, start, first, need, product, web);
      placed++;
    }
  return placed;
}

static gboolean
is_open (Org *o, const CapacityPlan *plan, const GDate *date)
{
  char text[11];

  format_date (date, text);
  return (plan->weekdays & (1 << (g_date_get_weekday (date) - 1)))
         && !g_hash_table_contains (o->holidays, text);
}

/* One day of every capacity; mean is the number of visits per place and slot of a rule-day. */
static guint
plan_day (Org *o, int offset, double mean, guint budget)
{
  guint placed = 0;
  GDate date;

  day_from_today (o, offset, &date);
  for (guint c = 0; c < o->capacities->len && placed < budget; c++)
    {
      const CapacityPlan *plan = g_array_index (o->capacities, Capacity, c).plan;
      int rules[2][2] = { { plan->start1, plan->end1 }, { plan->start2, plan->end2 } };

      if (!is_open (o, plan, &date))
        continue;
      for (int r = 0; r < 2 && rules[r][1] > 0 && placed < budget; r++)
        {
          int room = (rules[r][1] - rules[r][0]) / plan->slot * plan->places;
          int want = (int) (mean * room * g_rand_double_range (o->rand, 0.5, 1.5) + 0.5);

          want = (int) MIN ((guint) MAX (want, 1), budget - placed);
          placed += plan_rule_day (o, c, &date, rules[r][0], rules[r][1], want);
        }
    }
  return placed;
}

/* The future (eight weeks, more lightly booked, so desks have room; at a small scale only its
 * first days) and then history backwards from yesterday until the total is reached. */
static void
plan_appointments (Org *o)
{
  guint total = scaled (o, 100000);
  guint future = (guint) (total * FUTURE_SHARE), placed = 0;

  for (int offset = 0; offset < FUTURE_DAYS && placed < future; offset++)
    placed += plan_day (o, offset, 0.15, future - placed);
  for (int offset = -1; offset >= -MAX_HISTORY_DAYS && placed < total; offset--)
    {
      placed += plan_day (o, offset, 0.25, total - placed);
      o->first_day = offset;
    }
}

static gboolean
insert_appointments (Org *o, GError **error)
{
  for (guint i = 0; i < o->appointments->len; i++)
    {
      const Appointment *a = &g_array_index (o->appointments, Appointment, i);
      Stamp start, end, created;

      format_utc (a->start, start);
      format_utc (a->end, end);
      format_utc (a->created, created);
      if (!insert (o, "INSERT INTO appointments (id, product_id, capacity_id, customer_id,"
                   " case_id, start_at, end_at, reason, mode, channel, status, status_reason,"
                   " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "ssssssssssssss", error, a->id, o->product_ids[a->product],
                   g_array_index (o->capacities, Capacity, a->capacity).id,
                   customer_id (o, a->customer), id_or_null (a->case_id), start, end, a->reason,
                   a->mode, a->web ? "web" : "desk", a->status, a->status_reason,
                   user_id (o, a->created_by), created))
        return FALSE;
    }
  return TRUE;
}

/* ---- cases, notes, contact moments -------------------------------------------------------- */

/* A third of the cases come from a visit that took place; the rest by mail, phone or web. */
static void
plan_cases (Org *o)
{
  guint n = scaled (o, 20000);
  gint64 span = o->now - local_unix (o, &o->today, 0) - (gint64) o->first_day * 86400;

  for (guint i = 0; i < n; i++)
    {
      Case c = { .appointment = -1 };
      int a = pick (o, o->appointments->len);
      Appointment *visit = &g_array_index (o->appointments, Appointment, a);

      new_id (o, c.id);
      if (i % 3 == 0 && g_str_equal (visit->status, "done") && visit->case_id[0] == '\0')
        {
          c.appointment = a;
          c.product = visit->product;
          c.customer = visit->customer;
          c.opened = visit->end;
          g_strlcpy (visit->case_id, c.id, sizeof (Id));
        }
      else
        {
          c.product = pick (o, N_PRODUCTS);
          c.customer = pick (o, o->customers->len);
          c.opened = office_time_between (o, o->now - span, o->now - 600);
        }
      c.case_type = loket_demo_products[c.product].case_type;
      /* Older cases are mostly finished. */
      c.target = o->now - c.opened > 60 * 86400 && chance (o, 90)
                 ? n_statuses (c.case_type) - 1 : pick (o, n_statuses (c.case_type));
      g_array_append_val (o->cases, c);
    }
}

static int
compare_opened (gconstpointer a, gconstpointer b)
{
  const Case *x = a, *y = b;

  return (x->opened > y->opened) - (x->opened < y->opened);
}

/* The specialist of a team (see insert_users). */
static int
specialist_of (int team)
{
  return 2 + 28 + team;
}

/* When each status up to the current one was reached, in order, in office hours. */
static void
step_times (Org *o, const Case *c, gint64 *times)
{
  gint64 step = MAX (600, (o->now - c->opened) / (c->target + 2));

  times[0] = c->opened;
  for (int i = 1; i <= c->target; i++)
    times[i] = office_time_between (o, times[i - 1], MIN (times[i - 1] + step, o->now - 60));
}

static gboolean
insert_history (Org *o, const Case *c, const gint64 *times, GError **error)
{
  const CaseTypeDef *type = &loket_demo_case_types[c->case_type];

  for (int i = 0; i <= c->target; i++)
    {
      Stamp stamp;
      Id id;

      new_id (o, id);
      format_utc (times[i], stamp);
      if (!insert (o, "INSERT INTO case_status_history (id, case_id, status, at, by_user)"
                   " VALUES (?, ?, ?, ?, ?)", "sssss", error, id, c->id, type->statuses[i], stamp,
                   user_id (o, specialist_of (type->team))))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_case (Org *o, const Case *c, int year, int number, GError **error)
{
  const CaseTypeDef *type = &loket_demo_case_types[c->case_type];
  gboolean closed = c->target == n_statuses (c->case_type) - 1;
  gint64 times[G_N_ELEMENTS (type->statuses)];
  char reference[24], deadline_text[11];
  Stamp opened, closed_at;
  GDate opened_date, deadline;

  step_times (o, c, times);
  format_utc (c->opened, opened);
  format_utc (times[c->target], closed_at);
  g_date_clear (&opened_date, 1);
  g_date_set_time_t (&opened_date, (time_t) c->opened);
  loket_workdays_add (o->workdays, &opened_date, (guint) type->max_days, &deadline);
  format_date (&deadline, deadline_text);
  g_snprintf (reference, sizeof reference, "Z-%d-%06d", year, number);
  return insert (o, "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id,"
                 " subject, status, team_id, assignee_id, opened_at, deadline, closed_at, rev)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssssi", error,
                 c->id, reference, o->case_type_ids[c->case_type], customer_id (o, c->customer),
                 o->product_ids[c->product], loket_demo_products[c->product].reasons[0],
                 type->statuses[c->target], o->team_ids[type->team],
                 c->target == 0 ? NULL : user_id (o, specialist_of (type->team)), opened,
                 deadline_text, closed ? closed_at : NULL, c->target + 1)
         && insert_history (o, c, times, error);
}

/* Numbers follow the opening order and start again each year, as in a real register. */
static gboolean
insert_cases (Org *o, GError **error)
{
  int year = 0, number = 0;

  g_array_sort (o->cases, compare_opened);
  for (guint i = 0; i < o->cases->len; i++)
    {
      const Case *c = &g_array_index (o->cases, Case, i);
      g_autoptr(GDateTime) opened = g_date_time_new_from_unix_utc (c->opened);

      if (g_date_time_get_year (opened) != year)
        {
          year = g_date_time_get_year (opened);
          number = 0;
        }
      if (!insert_case (o, c, year, ++number, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_notes (Org *o, GError **error)
{
  guint n = scaled (o, 50000);

  for (guint i = 0; i < n; i++)
    {
      const Case *c = &g_array_index (o->cases, Case, pick (o, o->cases->len));
      int team = loket_demo_case_types[c->case_type].team;
      const char *const *bodies = loket_demo_team_notes[team];
      Stamp at;
      Id id;

      new_id (o, id);
      format_utc (office_time_between (o, c->opened, o->now - 60), at);
      if (!insert (o, "INSERT INTO notes (id, case_id, customer_id, author_id, body, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, id, c->id,
                   customer_id (o, c->customer), user_id (o, 2 + pick (o, 34)),
                   bodies[pick (o, bodies[3] != NULL ? 4 : 3)], at))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_contact_moments (Org *o, GError **error)
{
  static const char *const channels[] = { "balie", "balie", "telefoon", "telefoon", "email",
                                          "chat", "web", "post" };
  guint n = scaled (o, 50000);
  gint64 from = local_unix (o, &o->today, 0) + (gint64) o->first_day * 86400;

  for (guint i = 0; i < n; i++)
    {
      int product = pick (o, N_PRODUCTS);
      const char *article = chance (o, 40)
        ? g_array_index (o->articles, Id, pick (o, o->articles->len)) : NULL;
      Stamp at;
      Id id;

      new_id (o, id);
      format_utc (office_time_between (o, from, o->now - 60), at);
      if (!insert (o, "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id,"
                   " article_id, resolved_first_contact, at, by_user)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssiss", error, id,
                   chance (o, 85) ? customer_id (o, pick (o, o->customers->len)) : NULL,
                   channels[pick (o, G_N_ELEMENTS (channels))],
                   loket_demo_products[product].question, o->product_ids[product], article,
                   chance (o, 75), at, user_id (o, 2 + pick (o, 28))))
        return FALSE;
    }
  return TRUE;
}

/* ---- the whole organisation --------------------------------------------------------------- */

/* Appointments are planned first: the span of history follows from their number, and the
 * rules' validity follows from the span. */
static gboolean
insert_all (Org *o, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (capacity_plans); i++)
    {
      Capacity c = { .plan = &capacity_plans[i] };

      g_array_append_val (o->capacities, c);
    }
  if (!insert_organisation (o, error) || !insert_products (o, error)
      || !insert_holidays (o, error) || !insert_customers (o, error)
      || !insert_users (o, error))
    return FALSE;
  plan_appointments (o);
  plan_cases (o);
  return insert_capacities (o, error) && insert_articles (o, error)
         && insert_cases (o, error) && insert_appointments (o, error)
         && insert_notes (o, error) && insert_contact_moments (o, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
org_clear (Org *o)
{
  g_clear_pointer (&o->statements, g_hash_table_unref);
  g_clear_pointer (&o->taken, g_hash_table_unref);
  g_clear_pointer (&o->holidays, g_hash_table_unref);
  g_clear_pointer (&o->workdays, loket_workdays_free);
  g_clear_pointer (&o->capacities, g_array_unref);
  g_clear_pointer (&o->users, g_array_unref);
  g_clear_pointer (&o->customers, g_array_unref);
  g_clear_pointer (&o->appointments, g_array_unref);
  g_clear_pointer (&o->cases, g_array_unref);
  g_clear_pointer (&o->articles, g_array_unref);
  g_clear_pointer (&o->tz, g_time_zone_unref);
  g_clear_pointer (&o->rand, g_rand_free);
}

static void
org_init (Org *o, LoketDb *db, const LoketBenchOrgOptions *options, GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;

  o->db = db;
  o->scale = options->scale;
  o->rand = g_rand_new_with_seed (options->seed);
  o->tz = g_time_zone_new_identifier (ZONE);
  if (o->tz == NULL)
    o->tz = g_time_zone_new_utc ();
  o->now = g_date_time_to_unix (now);
  local = g_date_time_to_timezone (now, o->tz);
  g_date_clear (&o->today, 1);
  g_date_set_dmy (&o->today, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  o->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  o->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o->workdays = loket_workdays_new ();
  o->capacities = g_array_new (FALSE, TRUE, sizeof (Capacity));
  o->users = g_array_new (FALSE, TRUE, sizeof (Id));
  o->customers = g_array_new (FALSE, TRUE, sizeof (Id));
  o->appointments = g_array_new (FALSE, TRUE, sizeof (Appointment));
  o->cases = g_array_new (FALSE, TRUE, sizeof (Case));
  o->articles = g_array_new (FALSE, TRUE, sizeof (Id));
}

gboolean
loket_bench_org_generate (const char *db_path, const LoketBenchOrgOptions *options,
                          GDateTime *now, GError **error)
{
  g_autoptr(LoketStore) store = NULL;
  Org o = { 0 };
  gboolean ok;

  g_return_val_if_fail (db_path != NULL && options != NULL && now != NULL, FALSE);

  store = loket_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  if (!loket_store_is_empty (store))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s already holds data", db_path);
      return FALSE;
    }
  org_init (&o, loket_store_get_db (store), options, now);
  if (!loket_db_begin (o.db, error))
    {
      org_clear (&o);
      return FALSE;
    }
  ok = insert_all (&o, error);
  org_clear (&o); /* finalizes the statements before the transaction ends */
  if (!ok || !loket_db_commit (loket_store_get_db (store), error))
    {
      loket_db_rollback (loket_store_get_db (store));
      return FALSE;
    }
  return loket_store_log_snapshot (store, error);
}
