/* loket-bench-cases-fill.c — the cases benchmark's replica (see loket-bench-cases.h).
 *
 * A municipality like the demo's, larger: six teams, sixty users (each team in proportion to
 * its share of the cases), forty products each with its own case type of four statuses, and
 * around them the customers, cases, contact moments, appointments, notes and callbacks of
 * about three years.  Names, products and subjects come from the demo's tables (and forty
 * more products of a municipality), so a search finds what it would find at a desk.  Four of
 * five cases are closed; an open case has an assignee one time in seven, so each user holds
 * about a hundred.  A few customers get hundreds of rows: the heavy customer card.
 *
 * Everything goes in one transaction through prepared statements, into a replica opened by
 * loket_replica_open: the v5 indexes and the cases_fts triggers are live while it fills, as
 * they are when a desk downloads its replica.  Ids are seeded version 4 UUIDs, as desks make.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "loket-bench-cases.h"
#include "loket-demo-data.h"
#include "loket-time.h"

#define N_USERS        60
#define N_TEAMS_BENCH  6
#define N_HEAVY        5
#define N_CAPACITIES_BENCH 12
#define YEARS          3
#define DAY            (24 * 3600)

typedef char Id[37];
typedef char Stamp[21];      /* "2026-11-23T08:30:00Z" */

/* A product of the benchmark with the case type of the same name. */
typedef struct {
  const char *name;
  int         team;
  int         max_days;
  int         weight;         /* how often it is asked for, relative */
  const char *question;       /* a contact moment's topic */
  const char *subjects[4];    /* NULL-terminated */
} ProductPlan;

/* Products the demo does not have, with the teams the demo does not have either. */
enum { TEAM_BEL = N_TEAMS, TEAM_SOC };

static const char *const extra_team_names[] = { "Belastingen", "Sociaal domein" };

static const ProductPlan extra_products[] = {
  { "Parkeervergunning bewoners", TEAM_VERG, 10, 6, "Wachtlijst parkeervergunning",
    { "Parkeervergunning tweede auto", "Parkeervergunning nieuw kenteken", NULL } },
  { "Gehandicaptenparkeerkaart", TEAM_SOC, 40, 2, "Keuring gehandicaptenparkeerkaart",
    { "Aanvraag gehandicaptenparkeerkaart", "Verlenging parkeerkaart", NULL } },
  { "Afvalpas", TEAM_KCC, 5, 5, "Afvalpas kwijt",
    { "Nieuwe afvalpas", "Afvalpas werkt niet bij de container", NULL } },
  { "Grofvuil ophalen", TEAM_KCC, 5, 6, "Grofvuil aanmelden",
    { "Grofvuil na verhuizing", "Ophalen oude bank", NULL } },
  { "Kliko aanvragen", TEAM_KCC, 10, 3, "Extra container",
    { "Extra groene container", "Kapotte kliko vervangen", NULL } },
  { "Melding openbare ruimte", TEAM_KCC, 10, 8, "Losliggende stoeptegels",
    { "Kapotte lantaarnpaal", "Zwerfvuil in het park", "Losliggende stoeptegels Kerkstraat" } },
  { "Bezwaar WOZ-waarde", TEAM_BEL, 40, 4, "Hoe maak ik bezwaar tegen de WOZ-waarde?",
    { "WOZ-waarde te hoog", "Bezwaar WOZ na verbouwing", NULL } },
  { "Kwijtschelding belastingen", TEAM_BEL, 40, 3, "Voorwaarden kwijtschelding",
    { "Kwijtschelding afvalstoffenheffing", "Kwijtschelding rioolheffing", NULL } },
  { "Hondenbelasting", TEAM_BEL, 20, 2, "Hond aan- of afmelden",
    { "Hond afmelden", "Tweede hond aanmelden", NULL } },
  { "Betalingsregeling", TEAM_BEL, 10, 3, "Gespreid betalen aanslag",
    { "Betalingsregeling aanslag gemeentelijke belastingen", NULL } },
  { "Wmo-voorziening", TEAM_SOC, 40, 5, "Hulp bij het huishouden",
    { "Traplift aanvragen", "Hulp bij het huishouden", "Scootmobiel" } },
  { "Bijzondere bijstand", TEAM_SOC, 40, 3, "Wanneer krijg ik bijzondere bijstand?",
    { "Bijzondere bijstand witgoed", "Vergoeding eigen risico", NULL } },
  { "Schuldhulpverlening", TEAM_SOC, 20, 2, "Aanmelden schuldhulp",
    { "Intake schuldhulpverlening", "Budgetbeheer", NULL } },
  { "Leerlingenvervoer", TEAM_SOC, 40, 1, "Vervoer naar speciaal onderwijs",
    { "Leerlingenvervoer nieuw schooljaar", NULL } },
  { "Evenementenvergunning", TEAM_VERG, 40, 2, "Vergunning voor een buurtfeest",
    { "Buurtfeest Lindenlaan", "Braderie Markt", "Koningsdag vrijmarkt" } },
  { "Kapvergunning", TEAM_VERG, 40, 2, "Mag ik mijn boom kappen?",
    { "Kappen eik achtertuin", "Kappen berk voortuin", NULL } },
  { "Standplaatsvergunning", TEAM_VERG, 20, 1, "Standplaats op de markt",
    { "Standplaats viskraam", "Standplaats oliebollenkraam", NULL } },
  { "Drank- en horecavergunning", TEAM_VERG, 40, 1, "Horecavergunning overnemen",
    { "Nieuwe leidinggevende café", "Horecavergunning overname", NULL } },
  { "Uitrit aanleggen", TEAM_VERG, 40, 1, "Uitrit verbreden",
    { "Uitrit verbreden", "Nieuwe uitrit", NULL } },
  { "Container op straat", TEAM_VERG, 10, 2, "Ontheffing container",
    { "Bouwcontainer voor de deur", "Verhuislift plaatsen", NULL } },
  { "Overlijdensaangifte", TEAM_BZ, 3, 2, "Aangifte van overlijden",
    { "Aangifte overlijden vader", "Aangifte overlijden moeder", NULL } },
  { "Erkenning ongeboren kind", TEAM_BZ, 10, 1, "Erkennen voor de geboorte",
    { "Erkenning ongeboren vrucht", NULL } },
  { "Naamgebruik wijzigen", TEAM_BZ, 5, 1, "Naam van partner gebruiken",
    { "Naamgebruik na huwelijk", "Naamgebruik na scheiding", NULL } },
};

#define N_PRODUCTS_BENCH (N_PRODUCTS + G_N_ELEMENTS (extra_products))

static const char *const statuses =
  "[\"ontvangen\",\"in behandeling\",\"besluit\",\"afgehandeld\"]";
static const char *const open_statuses[] = { "ontvangen", "in behandeling", "besluit" };

typedef struct {
  BenchCases  *b;
  LoketDb     *db;
  GRand       *rand;
  GTimeZone   *tz;
  gint64       now;
  GHashTable  *statements;
  ProductPlan  products[N_PRODUCTS_BENCH];
  int          total_weight;
  Id           team_ids[N_TEAMS_BENCH], product_ids[N_PRODUCTS_BENCH];
  Id           case_type_ids[N_PRODUCTS_BENCH];
  Id           capacity_ids[N_CAPACITIES_BENCH], location_id;
  Id           user_ids[N_USERS];
  int          user_team[N_USERS];
  int          team_first_user[N_TEAMS_BENCH], team_n_users[N_TEAMS_BENCH];
  GArray      *customers;      /* Id */
  GArray      *cases;          /* Id */
  GArray      *case_customer;  /* int: the customer of each case */
  GArray      *case_team;      /* int */
} Fill;

/* ---- small helpers --------------------------------------------------------------------------- */

static int
pick (Fill *f, int n)
{
  return g_rand_int_range (f->rand, 0, n);
}

static gboolean
chance (Fill *f, double p)
{
  return g_rand_double (f->rand) < p;
}

/* A version 4 UUID from the seeded generator, so a seed gives the same ids every time. */
static void
new_id (Fill *f, Id out)
{
  guint32 w[4];

  for (int i = 0; i < 4; i++)
    w[i] = g_rand_int (f->rand);
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
format_local_date (Fill *f, gint64 unix_time, char out[11])
{
  GDate date;

  loket_time_local_date (f->tz, unix_time, &date);
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* A moment between from and to at a time of day desks work (07:00–16:00 UTC). */
static gint64
office_time (Fill *f, gint64 from, gint64 to)
{
  gint64 day = from + (gint64) (g_rand_double (f->rand) * (double) MAX (to - from, 1));

  return day - day % DAY + 7 * 3600 + pick (f, 9 * 3600);
}

static gint64
days_ago (Fill *f, int days)
{
  return f->now - (gint64) days * DAY;
}

/* One INSERT, prepared once.  types: 's' a string (NULL → SQL NULL), 'i' an int. */
static void
insert (Fill *f, const char *sql, const char *types, ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (f->statements, sql);
  g_autoptr(GError) error = NULL;
  va_list args;

  if (stmt == NULL)
    {
      if ((stmt = loket_db_prepare (f->db, sql, &error)) == NULL)
        g_error ("%s", error->message);
      g_hash_table_insert (f->statements, (gpointer) sql, stmt);
    }
  g_assert (sqlite3_bind_parameter_count (stmt) == (int) strlen (types));
  sqlite3_reset (stmt);
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int (stmt, i + 1, va_arg (args, int));
      else
        loket_db_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);
  if (!loket_db_step_done (f->db, stmt, &error))
    g_error ("%s", error->message);
}

static void
exec (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!loket_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

/* A customer: one of the heavy ones with probability heavy, else any. */
static int
pick_customer (Fill *f, double heavy)
{
  if (chance (f, heavy))
    return pick (f, N_HEAVY);
  return pick (f, (int) f->customers->len);
}

static const char *
customer_id (Fill *f, int customer)
{
  return g_array_index (f->customers, Id, customer);
}

static int
pick_product (Fill *f)
{
  int w = pick (f, f->total_weight);

  for (guint p = 0; p < N_PRODUCTS_BENCH; p++)
    if ((w -= f->products[p].weight) < 0)
      return (int) p;
  return 0;
}

static const char *
subject_of (Fill *f, int product)
{
  const ProductPlan *plan = &f->products[product];
  int n = 0;

  while (n < 4 && plan->subjects[n] != NULL)
    n++;
  return plan->subjects[pick (f, n)];
}

static const char *
pick_user (Fill *f)
{
  return f->user_ids[pick (f, N_USERS)];
}

static const char *
team_member (Fill *f, int team)
{
  return f->user_ids[f->team_first_user[team] + pick (f, f->team_n_users[team])];
}

static double
seconds_since (gint64 t0)
{
  return (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
}

/* ---- the organisation ------------------------------------------------------------------------ */

static void
plan_products (Fill *f)
{
  for (int p = 0; p < N_PRODUCTS; p++)
    {
      const ProductDef *def = &loket_demo_products[p];
      const CaseTypeDef *type = &loket_demo_case_types[def->case_type];

      f->products[p] = (ProductPlan) { def->name, type->team, type->max_days, def->weight,
                                       def->question, { def->reasons[0], def->reasons[1],
                                                        def->reasons[2], def->reasons[3] } };
    }
  for (guint p = 0; p < G_N_ELEMENTS (extra_products); p++)
    f->products[N_PRODUCTS + p] = extra_products[p];
  for (guint p = 0; p < N_PRODUCTS_BENCH; p++)
    f->total_weight += f->products[p].weight;
}

/* Users to each team in proportion to its share of the cases (at least two). */
static void
plan_teams (Fill *f)
{
  int weight[N_TEAMS_BENCH] = { 0 }, given = 0;

  for (guint p = 0; p < N_PRODUCTS_BENCH; p++)
    weight[f->products[p].team] += f->products[p].weight;
  for (int t = 0; t < N_TEAMS_BENCH; t++)
    {
      f->team_n_users[t] = MAX (2, N_USERS * weight[t] / f->total_weight);
      given += f->team_n_users[t];
    }
  f->team_n_users[TEAM_BZ] += N_USERS - given;
  for (int t = 0, first = 0; t < N_TEAMS_BENCH; first += f->team_n_users[t], t++)
    {
      f->team_first_user[t] = first;
      for (int u = first; u < first + f->team_n_users[t]; u++)
        f->user_team[u] = t;
    }
}

static void
insert_organisation (Fill *f)
{
  static const char *const roles[][2] = { { "medewerker", "Medewerker dienstverlening" },
                                          { "backoffice", "Vakspecialist" } };

  new_id (f, f->location_id);
  insert (f, "INSERT INTO locations (id, name, kind, address) VALUES (?, ?, ?, ?)", "ssss",
          f->location_id, loket_demo_locations[0].name, loket_demo_locations[0].kind,
          loket_demo_locations[0].address);
  for (int t = 0; t < N_TEAMS_BENCH; t++)
    {
      new_id (f, f->team_ids[t]);
      insert (f, "INSERT INTO teams (id, name, location_id) VALUES (?, ?, ?)", "sss",
              f->team_ids[t], t < N_TEAMS ? loket_demo_team_names[t]
                                          : extra_team_names[t - N_TEAMS], f->location_id);
    }
  insert (f, "INSERT INTO product_groups (id, name) VALUES (?, ?)", "ss", "G", "Dienstverlening");
  for (guint p = 0; p < N_PRODUCTS_BENCH; p++)
    {
      const ProductPlan *plan = &f->products[p];

      new_id (f, f->case_type_ids[p]);
      new_id (f, f->product_ids[p]);
      insert (f, "INSERT INTO case_types (id, name, max_working_days, statuses, team_id)"
                 " VALUES (?, ?, ?, ?, ?)", "ssiss", f->case_type_ids[p], plan->name,
              plan->max_days, statuses, f->team_ids[plan->team]);
      insert (f, "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line,"
                 " case_type_id) VALUES (?, 'G', ?, 10, 1, 1, ?)", "sss", f->product_ids[p],
              plan->name, f->case_type_ids[p]);
    }
  for (int c = 0; c < N_CAPACITIES_BENCH; c++)
    {
      g_autofree char *name = g_strdup_printf ("Balie %d", c + 1);

      new_id (f, f->capacity_ids[c]);
      insert (f, "INSERT INTO capacities (id, location_id, group_id, kind, name)"
                 " VALUES (?, ?, 'G', 'balie', ?)", "sss", f->capacity_ids[c], f->location_id,
              name);
    }
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    insert (f, "INSERT INTO roles (id, name) VALUES (?, ?)", "ss", roles[r][0], roles[r][1]);
  for (int u = 0; u < N_USERS; u++)
    {
      g_autofree char *username = g_strdup_printf ("bench%02d", u);
      g_autofree char *name = g_strdup_printf (
        "%s %s", loket_demo_first_names[(u * 7) % loket_demo_n_first_names],
        loket_demo_last_names[(u * 11) % loket_demo_n_last_names]);

      new_id (f, f->user_ids[u]);
      insert (f, "INSERT INTO users (id, username, display_name, role_id, location_id, team_id)"
                 " VALUES (?, ?, ?, ?, ?, ?)", "ssssss", f->user_ids[u], username, name,
              u % 3 == 2 ? "medewerker" : "backoffice", f->location_id,
              f->team_ids[f->user_team[u]]);
    }
}

/* ---- customers and cases --------------------------------------------------------------------- */

static void
insert_customers (Fill *f)
{
  static const char *const firms[] = { "Bouwbedrijf", "Installatiebedrijf", "Bakkerij",
                                       "Stichting", "Garage", "Kinderopvang" };

  for (guint c = 0; c < f->b->n_customers; c++)
    {
      Id *id = &g_array_index (f->customers, Id, c);
      gboolean firm = chance (f, 0.03);
      const char *last = loket_demo_last_names[pick (f, (int) loket_demo_n_last_names)];
      g_autofree char *name = firm ? g_strdup_printf ("%s %s", firms[pick (f, G_N_ELEMENTS (firms))],
                                                      last)
                                   : g_strdup_printf ("%s %s", loket_demo_first_names[
                                       pick (f, (int) loket_demo_n_first_names)], last);
      g_autofree char *bsn = g_strdup_printf ("%09u", 100000000 + c * 7);
      g_autofree char *phone = g_strdup_printf ("06-%08d", pick (f, 100000000));
      const char *email = chance (f, 0.7) ? "klant@example.nl" : NULL;
      Stamp created;

      new_id (f, *id);
      format_utc (days_ago (f, pick (f, YEARS * 365 + 1000)), created);
      insert (f, "INSERT INTO customers (id, kind, bsn, name, birth_date, email, phone, postcode,"
                 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssssss", *id,
              firm ? "organisation" : "person", firm ? NULL : bsn, name,
              firm ? NULL : "1980-05-17", email, phone, "7721 AB", created);
    }
}

/* The times of a case: open ones have a deadline from ten days past to fifty ahead; closed
 * ones lie in the last three years. */
static void
case_times (Fill *f, int product, gboolean open, Stamp opened, char deadline[11], Stamp closed)
{
  gint64 span = (gint64) f->products[product].max_days * 7 / 5 * DAY;
  gint64 due = open ? f->now + (gint64) (pick (f, 61) - 10) * DAY
                    : days_ago (f, pick (f, YEARS * 365)) + span;
  gint64 start = office_time (f, due - span, due - span);

  format_utc (start, opened);
  format_local_date (f, due, deadline);
  if (!open)
    format_utc (MIN (office_time (f, start + 3600, start + (gint64) pick (f, 60) * DAY + 3600),
                     f->now - 3600), closed);
}

static void
insert_case (Fill *f, guint n)
{
  Id *id = &g_array_index (f->cases, Id, n);
  int product = pick_product (f), team = f->products[product].team;
  int customer = pick_customer (f, 0.002);
  gboolean open = chance (f, 0.2);
  const char *subject = subject_of (f, product);
  const char *status = open ? open_statuses[pick (f, G_N_ELEMENTS (open_statuses))]
                            : "afgehandeld";
  const char *assignee = !open || chance (f, 1.0 / 7) ? team_member (f, team) : NULL;
  gboolean suspended = open && chance (f, 0.03);
  g_autofree char *reference = NULL;
  Stamp opened, closed, suspended_since;
  char deadline[11];

  new_id (f, *id);
  case_times (f, product, open, opened, deadline, closed);
  reference = g_strdup_printf ("Z-%.4s-%06u", opened, n + 1);
  format_utc (days_ago (f, pick (f, 10) + 1), suspended_since);
  insert (f, "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, subject,"
             " status, team_id, assignee_id, opened_at, deadline, closed_at, suspended_since)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssssssssss", *id, reference,
          f->case_type_ids[product], customer_id (f, customer), f->product_ids[product],
          subject, status, f->team_ids[team], assignee, opened, deadline, open ? NULL : closed,
          suspended ? suspended_since : NULL);
  g_array_index (f->case_customer, int, n) = customer;
  g_array_index (f->case_team, int, n) = team;
}

/* ---- what happened around them --------------------------------------------------------------- */

static void
insert_contacts (Fill *f)
{
  static const char *const channels[] = { "balie", "balie", "telefoon", "telefoon", "telefoon",
                                          "email", "email", "chat", "web", "post" };

  for (guint n = 0; n < f->b->n_contacts; n++)
    {
      int product = pick_product (f), kase = chance (f, 0.15) ? pick (f, (int) f->cases->len) : -1;
      const char *customer = kase >= 0
        ? customer_id (f, g_array_index (f->case_customer, int, kase))
        : chance (f, 0.08) ? NULL : customer_id (f, pick_customer (f, 0.002));
      const char *channel = channels[pick (f, G_N_ELEMENTS (channels))];
      int resolved = chance (f, 0.7) ? 1 : 0;
      const char *by = pick_user (f);
      Id id;
      Stamp at;

      new_id (f, id);
      format_utc (office_time (f, days_ago (f, YEARS * 365), f->now - DAY), at);
      insert (f, "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id,"
                 " resolved_first_contact, at, by_user, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "sssssisss", id, customer, channel, f->products[product].question,
              f->product_ids[product], resolved, at, by,
              kase >= 0 ? g_array_index (f->cases, Id, kase) : NULL);
    }
}

static const char *
appointment_status (Fill *f, gint64 start)
{
  int r = pick (f, 100);

  if (start > f->now)
    return r < 90 ? "booked" : "cancelled";
  return r < 85 ? "done" : r < 90 ? "no_show" : "cancelled";
}

static void
insert_appointments (Fill *f)
{
  for (guint n = 0; n < f->b->n_appointments; n++)
    {
      int product = pick_product (f), kase = chance (f, 0.2) ? pick (f, (int) f->cases->len) : -1;
      int customer = kase >= 0 ? g_array_index (f->case_customer, int, kase)
                               : pick_customer (f, 0.0015);
      gint64 start = office_time (f, days_ago (f, YEARS * 365), f->now + 60 * DAY);
      const char *capacity = f->capacity_ids[pick (f, N_CAPACITIES_BENCH)];
      const char *channel = chance (f, 0.35) ? "web" : "desk";
      const char *status = appointment_status (f, start);
      Id id;
      Stamp start_at, end_at, created_at;

      start -= start % 600;
      new_id (f, id);
      format_utc (start, start_at);
      format_utc (start + 600, end_at);
      format_utc (start - (gint64) pick (f, 30 * DAY), created_at);
      insert (f, "INSERT INTO appointments (id, product_id, capacity_id, customer_id, case_id,"
                 " start_at, end_at, channel, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                 " ?, ?)", "ssssssssss", id, f->product_ids[product], capacity,
              customer_id (f, customer), kase >= 0 ? g_array_index (f->cases, Id, kase) : NULL,
              start_at, end_at, channel, status, created_at);
    }
}

static void
insert_notes (Fill *f)
{
  for (guint n = 0; n < f->b->n_notes; n++)
    {
      int kase = chance (f, 0.6) ? pick (f, (int) f->cases->len) : -1;
      int team = kase >= 0 ? g_array_index (f->case_team, int, kase) : pick (f, N_TEAMS);
      int customer = kase >= 0 ? g_array_index (f->case_customer, int, kase)
                               : pick_customer (f, 0.0025);
      const char *const *texts = loket_demo_team_notes[team < N_TEAMS ? team : TEAM_KCC];
      const char *author = pick_user (f);
      const char *body = texts[pick (f, texts[3] != NULL ? 4 : 3)];
      Id id;
      Stamp at;

      new_id (f, id);
      format_utc (office_time (f, days_ago (f, YEARS * 365), f->now - 3600), at);
      insert (f, "INSERT INTO notes (id, case_id, customer_id, author_id, body, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", "ssssss", id,
              kase >= 0 ? g_array_index (f->cases, Id, kase) : NULL, customer_id (f, customer),
              author, body, at);
    }
}

static void
insert_callbacks (Fill *f)
{
  for (guint n = 0; n < f->b->n_callbacks; n++)
    {
      gint64 created = office_time (f, days_ago (f, 2 * 365), f->now - 600);
      gboolean recent = created > f->now - 3 * DAY;
      int r = pick (f, 100);
      const char *outcome = recent || r < 5 ? "open" : r < 15 ? "not_reached" : "done";
      gboolean settled = !g_str_equal (outcome, "open");
      const char *customer = customer_id (f, pick_customer (f, 0.003));
      const char *subject = loket_demo_callback_subjects[pick (f,
                                                                (int) loket_demo_n_callback_subjects)];
      const char *user = chance (f, 0.5) ? pick_user (f) : NULL;
      const char *creator = pick_user (f), *settler = pick_user (f);
      Id id;
      Stamp created_at, due_at, outcome_at;

      new_id (f, id);
      format_utc (created, created_at);
      format_utc (created + 2 * DAY, due_at);
      format_utc (created + pick (f, 2 * DAY), outcome_at);
      insert (f, "INSERT INTO callbacks (id, customer_id, phone, subject, assigned_user_id,"
                 " assigned_team_id, due_at, created_at, created_by, outcome, outcome_at,"
                 " outcome_by) VALUES (?, ?, '06-12345678', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "sssssssssss", id, customer, subject, user,
              user == NULL ? f->team_ids[TEAM_KCC] : NULL, due_at, created_at, creator, outcome,
              settled ? outcome_at : NULL, settled ? settler : NULL);
    }
}

/* ---- the whole ------------------------------------------------------------------------------- */

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

typedef void (*FillPart) (Fill *f);

static void
insert_cases (Fill *f)
{
  for (guint n = 0; n < f->b->n_cases; n++)
    insert_case (f, n);
}

/* The cases with the search index filled by the trigger, row by row (as a desk's download
 * fills it), or with the trigger off and the index filled at once afterwards (as a snapshot
 * is, loket_schema_fill_derived_sql). */
static void
insert_cases_fts_after (Fill *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (f->db, "SELECT sql FROM sqlite_master"
                                                   " WHERE name = 'cases_fts_insert'", &error);
  g_autofree char *trigger = NULL;
  g_autofree char *fill = loket_schema_fill_derived_sql ("main");
  gint64 t0;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no cases_fts_insert trigger");
  trigger = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  exec (f->db, "DROP TRIGGER cases_fts_insert");
  insert_cases (f);
  t0 = g_get_monotonic_time ();
  exec (f->db, fill);
  g_print ("  %-40s %8u rows %6.1f s (of the time below)\n", "cases_fts filled at once",
           f->b->n_cases, seconds_since (t0));
  exec (f->db, trigger);
}

static void
timed (Fill *f, const char *what, guint n, FillPart part)
{
  gint64 t0 = g_get_monotonic_time ();

  part (f);
  g_print ("  %-40s %8u rows %6.1f s\n", what, n, seconds_since (t0));
}

static void
fill_free (Fill *f)
{
  g_hash_table_unref (f->statements);
  g_rand_free (f->rand);
  g_time_zone_unref (f->tz);
  g_array_unref (f->customers);
  g_array_unref (f->cases);
  g_array_unref (f->case_customer);
  g_array_unref (f->case_team);
}

void
bench_cases_fill (BenchCases *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketReplica) replica = loket_replica_open (b->path, &error);
  Fill f = { .b = b, .now = g_get_real_time () / G_USEC_PER_SEC };
  gint64 t0 = g_get_monotonic_time ();

  if (replica == NULL)
    g_error ("%s", error->message);
  f.db = loket_replica_get_db (replica);
  f.rand = g_rand_new_with_seed ((guint32) b->seed);
  f.tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  f.statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  f.customers = g_array_sized_new (FALSE, FALSE, sizeof (Id), b->n_customers);
  g_array_set_size (f.customers, b->n_customers);
  f.cases = g_array_sized_new (FALSE, FALSE, sizeof (Id), b->n_cases);
  g_array_set_size (f.cases, b->n_cases);
  f.case_customer = g_array_sized_new (FALSE, FALSE, sizeof (int), b->n_cases);
  g_array_set_size (f.case_customer, b->n_cases);
  f.case_team = g_array_sized_new (FALSE, FALSE, sizeof (int), b->n_cases);
  g_array_set_size (f.case_team, b->n_cases);
  plan_products (&f);
  plan_teams (&f);

  g_print ("filling %s (seed %d), one transaction, indexes and cases_fts triggers live:\n",
           b->path, b->seed);
  /* The fill's random keys reach every page of the indexes: keep them all in memory. */
  exec (f.db, "PRAGMA cache_size = -500000");
  exec (f.db, "BEGIN");
  insert_organisation (&f);
  timed (&f, "customers", b->n_customers, insert_customers);
  if (b->fts_after)
    timed (&f, "cases (cases_fts after them)", b->n_cases, insert_cases_fts_after);
  else
    timed (&f, "cases (and cases_fts by the trigger)", b->n_cases, insert_cases);
  timed (&f, "contact moments", b->n_contacts, insert_contacts);
  timed (&f, "appointments", b->n_appointments, insert_appointments);
  timed (&f, "notes", b->n_notes, insert_notes);
  timed (&f, "callbacks", b->n_callbacks, insert_callbacks);
  if (!loket_replica_set_state (replica, "user_id", f.user_ids[0], &error))
    g_error ("%s", error->message);
  g_hash_table_remove_all (f.statements);
  exec (f.db, "COMMIT");
  exec (f.db, "PRAGMA wal_checkpoint (TRUNCATE)");
  g_print ("  filled in %.1f s (commit and checkpoint included)\n", seconds_since (t0));
  fill_free (&f);
}

/* ---- finding them again ---------------------------------------------------------------------- */

static char *
text_of (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GPtrArray *
ids_of (LoketDb *db, const char *sql, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    g_error ("%s", error->message);
  sqlite3_bind_int (stmt, 1, n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, text_of (stmt, 0));
  return ids;
}

void
bench_cases_find_people (LoketReplica *replica, guint n_ordinary, BenchPeople *people)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (replica);
  LoketDb *db = loket_replica_get_db (replica);

  if (user == NULL)
    g_error ("the replica has no signed-in user");
  people->user_id = g_strdup (loket_record_get_id (user));
  people->team_id = g_strdup (loket_record_get_string (user, "team_id"));
  /* The customers with the most contact moments (the covering index answers this). */
  people->heavy = ids_of (db, "SELECT customer_id FROM contact_moments WHERE customer_id IS NOT"
                              " NULL GROUP BY customer_id ORDER BY count (*) DESC LIMIT ?", N_HEAVY);
  /* Evenly spread over the table: the same sample every run. */
  people->ordinary = ids_of (db, "SELECT id FROM customers WHERE rowid % (SELECT max (1,"
                                 " count (*) / ?1) FROM customers) = 0 LIMIT ?1",
                             (int) n_ordinary);
}

void
bench_people_clear (BenchPeople *people)
{
  g_clear_pointer (&people->user_id, g_free);
  g_clear_pointer (&people->team_id, g_free);
  g_clear_pointer (&people->heavy, g_ptr_array_unref);
  g_clear_pointer (&people->ordinary, g_ptr_array_unref);
}
