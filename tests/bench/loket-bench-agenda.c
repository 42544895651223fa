/* loket-bench-agenda.c — the agenda benchmark (issue 4): prints figures, is not a timed test.
 *
 * A replica file with 20 locations of 10 desks each (Europe/Amsterdam), weekday rules in
 * 10-minute slots (09:00–12:30, 13:30–17:00, Thursdays also 18:00–20:00; two places, one of them
 * for the web) for the 120 days booking is open, holidays and closures, and 200,000 bookings
 * (seeded).  "Today" is fixed at Monday 23 November 2026 10:00 so that runs compare.  Measured,
 * each over --reps repetitions after one cold run:
 *   (a) the free times of a 20-minute passport (two slots) at one location for 60 days, all
 *       its desks: loket_replica_free_times_between (and, apart, loket_replica_free_times day by
 *       day, which also builds a record per time for a list);
 *   (b) the month calendar of that passport over every location: loket_replica_free_days over
 *       31 days (200 desks, 6,200 desk-days), as asked again and again (the index remembers
 *       each desk-day's answer until that desk's bookings change), and (b') computed every time
 *       with remembering off;
 *   (c) (b) right after one booking changed: the index reads that row again and computes that
 *       desk's 31 days again;
 * beside the plain engine (LoketSlotSource read for each desk and day, as
 * loket_replica_free_slots does) and the SQL baseline (loket-bench-agenda-sql.c), whose answers
 * must equal ours (the run fails when they do not).  Cold is the first question on a freshly
 * opened replica: it includes building the availability index (reading every booking once).
 * Wall-clock p50/p95/max, and this thread's CPU time, which a busy machine does not stretch.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "loket-bench-agenda.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-slot-source.h"

#define N_LOCATIONS  20
#define N_DESKS      10
#define OPEN_DAYS    120
#define GOAL_MS      5.0

typedef struct {
  guint         n_bookings;
  guint         reps;
  guint         plain_reps;
  guint         baseline_reps;
  int           seed;
  char         *keep;
  char         *dir;
  char         *path;
  GTimeZone    *tz;
  GDate         today;
  LoketReplica *replica;
} Bench;

typedef struct {
  double p50, p95, max;   /* wall clock, ms */
  double cpu_p50;         /* this thread's CPU time, ms: what a busy machine does not stretch */
  guint  n;
} Stats;

static const LoketVisitItem passport[] = { { "P", 1 } };

/* ---- the agenda ------------------------------------------------------------------------------ */

static void
exec (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!loket_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
day_after (Bench *b, int days)
{
  GDate date = b->today;

  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  return date_text (&date);
}

static void
add_reference_data (Bench *b, LoketDb *db)
{
  g_autofree char *valid_from = day_after (b, -14);
  g_autofree char *valid_until = day_after (b, OPEN_DAYS + 10);
  g_autofree char *works_from = day_after (b, 17), *works_until = day_after (b, 18);
  g_autofree char *away_from = day_after (b, 14), *away_until = day_after (b, 20);
  g_autofree char *sql = NULL;

  exec (db, "INSERT INTO product_groups (id, name) VALUES ('G', 'Burgerzaken');"
            "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line,"
            "  max_per_booking) VALUES ('P', 'G', 'Paspoort', 20, 1, 1, 3),"
            "  ('R', 'G', 'Rijbewijs', 10, 1, 1, 1);"
            "INSERT INTO holidays (date, name) VALUES ('2026-12-25', 'Eerste Kerstdag'),"
            "  ('2026-12-26', 'Tweede Kerstdag'), ('2027-01-01', 'Nieuwjaarsdag');");
  for (int l = 0; l < N_LOCATIONS; l++)
    {
      g_autofree char *location = g_strdup_printf (
        "INSERT INTO locations (id, name, kind) VALUES ('L%02d', 'Locatie %02d', 'kantoor')",
        l, l);

      exec (db, location);
      for (int c = 0; c < N_DESKS; c++)
        {
          g_autofree char *desk = g_strdup_printf (
            "INSERT INTO capacities (id, location_id, group_id, kind, name, facilities) VALUES"
            " ('C%02d%02d', 'L%02d', 'G', 'balie', 'Balie %02d', '%s')", l, c, l, c,
            c % 3 == 0 ? "[\"rolstoel\"]" : "[]");

          exec (db, desk);
        }
    }
  sql = g_strdup_printf (
    "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
    " start_time, end_time, slot_minutes, places, public_places, opens_days)"
    " SELECT c.id || '-' || t.s, c.id, t.w, '%s', '%s', t.s, t.e, 10, 2, 1, %d"
    " FROM capacities c, (SELECT 31 AS w, '09:00' AS s, '12:30' AS e"
    "   UNION ALL SELECT 31, '13:30', '17:00' UNION ALL SELECT 8, '18:00', '20:00') t;"
    "INSERT INTO closures (id, location_id, capacity_id, from_date, until_date, reason) VALUES"
    " ('X1', 'L03', NULL, '%s', '%s', 'Verbouwing'),"
    " ('X2', 'L05', 'C0502', '%s', '%s', 'Afwezig');",
    valid_from, valid_until, OPEN_DAYS, works_from, works_until, away_from, away_until);
  exec (db, sql);
}

/* Weekdays that are no holiday (the generated holidays). */
static gboolean
is_working_day (const GDate *day)
{
  static const int holidays[][2] = { { 12, 25 }, { 12, 26 }, { 1, 1 } };

  if (g_date_get_weekday (day) > G_DATE_FRIDAY)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (holidays); i++)
    if ((int) g_date_get_month (day) == holidays[i][0] && g_date_get_day (day) == holidays[i][1])
      return FALSE;
  return TRUE;
}

/* A booking of 10, 20 or 30 minutes in one of the day's opening blocks. */
static void
bind_booking (Bench *b, GRand *rand, sqlite3_stmt *stmt, guint n, const GDate *day)
{
  static const int blocks[][2] = { { 9 * 60, 12 * 60 + 30 }, { 13 * 60 + 30, 17 * 60 },
                                   { 18 * 60, 20 * 60 } };
  int block = g_rand_int_range (rand, 0, g_date_get_weekday (day) == G_DATE_THURSDAY ? 3 : 2);
  int r = g_rand_int_range (rand, 0, 100), length = r < 60 ? 10 : r < 90 ? 20 : 30;
  int minute = blocks[block][0]
               + 10 * g_rand_int_range (rand, 0, (blocks[block][1] - blocks[block][0] - length) / 10 + 1);
  g_autoptr(GDateTime) start = g_date_time_new (b->tz, g_date_get_year (day),
                                                g_date_get_month (day), g_date_get_day (day),
                                                minute / 60, minute % 60, 0);
  g_autofree char *id = g_strdup_printf ("B%06u", n);
  g_autofree char *capacity = g_strdup_printf ("C%02d%02d", g_rand_int_range (rand, 0, N_LOCATIONS),
                                               g_rand_int_range (rand, 0, N_DESKS));
  g_autofree char *start_at = loket_protocol_format_time (g_date_time_to_unix (start));
  g_autofree char *end_at = loket_protocol_format_time (g_date_time_to_unix (start) + length * 60);
  int s = g_rand_int_range (rand, 0, 100);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, capacity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, start_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, end_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, g_rand_int_range (rand, 0, 100) < 35 ? "web" : "desk", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, s < 92 ? "booked" : s < 97 ? "cancelled" : "rejected", -1,
                     SQLITE_STATIC);
}

static void
add_bookings (Bench *b, LoketDb *db)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) b->seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, channel, status,"
    " created_at) VALUES (?1, 'P', ?2, ?3, ?4, ?5, ?6, ?3)", &error);

  if (stmt == NULL)
    g_error ("%s", error->message);
  for (guint n = 0; n < b->n_bookings;)
    {
      GDate day = b->today;

      g_date_add_days (&day, (guint) g_rand_int_range (rand, 0, OPEN_DAYS));
      if (!is_working_day (&day))
        continue;
      bind_booking (b, rand, stmt, n++, &day);
      if (!loket_db_step_done (db, stmt, &error))
        g_error ("%s", error->message);
      sqlite3_reset (stmt);
    }
}

static void
generate (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketReplica) replica = loket_replica_open (b->path, &error);
  LoketDb *db;
  gint64 t0 = g_get_monotonic_time ();

  if (replica == NULL)
    g_error ("%s", error->message);
  db = loket_replica_get_db (replica);
  exec (db, "BEGIN");
  add_reference_data (b, db);
  add_bookings (b, db);
  exec (db, "COMMIT");
  exec (db, "ANALYZE");
  g_print ("generated %s: %d locations × %d desks, %u bookings (seed %d) in %.1f s\n", b->path,
           N_LOCATIONS, N_DESKS, b->n_bookings, b->seed,
           (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
}

static void
reopen (Bench *b)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&b->replica);
  if ((b->replica = loket_replica_open (b->path, &error)) == NULL)
    g_error ("%s", error->message);
}

/* ---- the questions --------------------------------------------------------------------------- */

static void
ask_init (Bench *b, BenchAsk *ask, const char *location_id, guint n_days)
{
  g_autofree char *from = date_text (&b->today);
  g_autoptr(GDateTime) now = g_date_time_new (b->tz, g_date_get_year (&b->today),
                                              g_date_get_month (&b->today),
                                              g_date_get_day (&b->today), 10, 0, 0);

  *ask = (BenchAsk) { .from = b->today, .n_days = n_days, .group_id = "G",
                      .location_id = location_id, .items = passport, .n_items = 1,
                      .now = g_date_time_to_unix (now), .slots_per_visit = 2 };
  g_strlcpy (ask->from_text, from, sizeof ask->from_text);
}

static GArray *
ours_free_times (Bench *b, const BenchAsk *ask, GPtrArray **ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ask->now);
  GArray *times = loket_replica_free_times_between (b->replica, ask->location_id, ask->items,
                                                    ask->n_items, NULL, &ask->from, ask->n_days,
                                                    now, ids, &error);

  if (times == NULL)
    g_error ("%s", error->message);
  return times;
}

static GArray *
ours_free_days (Bench *b, const BenchAsk *ask)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ask->now);
  GArray *days = loket_replica_free_days (b->replica, ask->location_id, ask->items, ask->n_items,
                                          NULL, &ask->from, ask->n_days, now, &error);

  if (days == NULL)
    g_error ("%s", error->message);
  return days;
}

/* loket_replica_free_times for each day: what a list of free times shows, records and all. */
static guint
ours_free_time_records (Bench *b, const BenchAsk *ask)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ask->now);
  GDate day = ask->from;
  guint n = 0;

  for (guint d = 0; d < ask->n_days; d++, g_date_add_days (&day, 1))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = loket_replica_free_times (b->replica, ask->location_id,
                                                             ask->items, ask->n_items, NULL,
                                                             &day, now, &error);

      if (list == NULL)
        g_error ("%s", error->message);
      n += g_list_model_get_n_items (list);
    }
  return n;
}

/* The plain engine: LoketSlotSource read for each desk and day, as loket_replica_free_slots. */
static GPtrArray *
plain_capacities (Bench *b, const BenchAsk *ask)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (b->replica),
    "SELECT id FROM capacities WHERE active = 1 AND group_id = ?1"
    " AND (?2 IS NULL OR location_id = ?2) ORDER BY name, id", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  loket_db_bind_text (stmt, 1, ask->group_id);
  loket_db_bind_text (stmt, 2, ask->location_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ids;
}

/* Each desk-day's free starts (or -1 for a day it does not open) through callback. */
static void
plain_each_day (Bench *b, const BenchAsk *ask,
                void (*callback) (guint c, guint d, gboolean open, GArray *slots, gpointer),
                gpointer data)
{
  g_autoptr(GPtrArray) ids = plain_capacities (b, ask);

  for (guint c = 0; c < ids->len; c++)
    {
      GDate day = ask->from;

      for (guint d = 0; d < ask->n_days; d++, g_date_add_days (&day, 1))
        {
          g_autoptr(GError) error = NULL;
          gint64 midnight = loket_slot_source_day_start (&day);
          g_autoptr(LoketSlotSource) source = loket_slot_source_load_visit (
            loket_replica_get_db (b->replica), ids->pdata[c],
            (const LoketSlotVisitProduct *) ask->items, ask->n_items, NULL,
            midnight - LOKET_SLOT_SOURCE_MARGIN,
            midnight + 24 * 3600 + LOKET_SLOT_SOURCE_MARGIN, &error);
          const LoketSlotQuery *query;
          g_autoptr(GArray) slots = NULL;

          if (source == NULL)
            g_error ("%s", error->message);
          query = loket_slot_source_query (source, LOKET_CHANNEL_DESK, ask->now);
          slots = loket_slots_free_on_day (query, &day);
          callback (c, d, loket_slots_opens_on_day (query, &day), slots, data);
        }
    }
}

static void
add_day (guint c, guint d, gboolean open, GArray *slots, gpointer data)
{
  int *free = &g_array_index ((GArray *) data, int, d);

  if (open)
    *free = MAX (*free, 0) + (int) slots->len;
}

static GArray *
plain_free_days (Bench *b, const BenchAsk *ask)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (int));

  g_array_set_size (days, ask->n_days);
  for (guint d = 0; d < ask->n_days; d++)
    g_array_index (days, int, d) = -1;
  plain_each_day (b, ask, add_day, days);
  return days;
}

static void
add_times (guint c, guint d, gboolean open, GArray *slots, gpointer data)
{
  for (guint s = 0; s < slots->len; s++)
    {
      const LoketSlot *slot = &g_array_index (slots, LoketSlot, s);
      LoketFreeTime time = { slot->start, slot->end, slot->free, c };

      g_array_append_val ((GArray *) data, time);
    }
}

static int
by_start_and_capacity (gconstpointer a, gconstpointer b)
{
  const LoketFreeTime *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->capacity < y->capacity ? -1 : x->capacity > y->capacity;
}

static GArray *
plain_free_times (Bench *b, const BenchAsk *ask)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (LoketFreeTime));

  plain_each_day (b, ask, add_times, times);
  g_array_sort (times, by_start_and_capacity);
  return times;
}

/* ---- measuring ------------------------------------------------------------------------------- */

typedef GArray *(*Question) (Bench *b, const BenchAsk *ask);

static GArray *
ask_ours_free_times (Bench *b, const BenchAsk *ask)
{
  return ours_free_times (b, ask, NULL);
}

static GArray *
ask_ours_records (Bench *b, const BenchAsk *ask)
{
  GArray *n = g_array_new (FALSE, FALSE, sizeof (guint));
  guint count = ours_free_time_records (b, ask);

  g_array_append_val (n, count);
  return n;
}

static GArray *
ask_sql_free_times (Bench *b, const BenchAsk *ask)
{
  g_autoptr(GPtrArray) ids = plain_capacities (b, ask);

  return bench_sql_free_times (loket_replica_get_db (b->replica), ask, ids);
}

static GArray *
ask_sql_free_days (Bench *b, const BenchAsk *ask)
{
  return bench_sql_free_days (loket_replica_get_db (b->replica), ask);
}

static double
ms_since (gint64 t0)
{
  return (double) (g_get_monotonic_time () - t0) / 1000.0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  fields = g_strsplit (text, " ", 2);
  return g_strdup (fields[0]);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
nth (GArray *sorted, double fraction)
{
  guint i = MAX (1, (guint) (fraction * sorted->len + 0.999)) - 1;

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* Changes one booking (cancels it, or books it again), so that the next question finds that
 * desk marked and the index reads it again. */
static void
change_one_booking (Bench *b, GRand *rand)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE appointments SET status = CASE status WHEN 'booked' THEN 'cancelled' ELSE 'booked'"
    " END WHERE id = 'B%06d'", g_rand_int_range (rand, 0, (gint32) b->n_bookings));

  exec (loket_replica_get_db (b->replica), sql);
}

/* Asks reps times (changing a booking before each when rand is set): p50, p95, max. */
static Stats
measure (Bench *b, const BenchAsk *ask, Question question, guint reps, GRand *rand)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < reps; i++)
    {
      g_autoptr(GArray) answer = NULL;
      gint64 t0;
      double took, cpu0, cpu_took;

      if (rand != NULL)
        change_one_booking (b, rand);
      t0 = g_get_monotonic_time ();
      cpu0 = cpu_ms ();
      answer = question (b, ask);
      cpu_took = cpu_ms () - cpu0;
      took = ms_since (t0);
      g_array_append_val (ms, took);
      g_array_append_val (cpu, cpu_took);
    }
  g_array_sort (ms, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  return (Stats) { nth (ms, 0.5), nth (ms, 0.95), nth (ms, 1.0), nth (cpu, 0.5), reps };
}

static double
time_once (Bench *b, const BenchAsk *ask, Question question)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GArray) answer = question (b, ask);

  return ms_since (t0);
}

static gboolean
same_answer (GArray *x, GArray *y)
{
  return x->len == y->len && g_array_get_element_size (x) == g_array_get_element_size (y)
         && memcmp (x->data, y->data, (gsize) x->len * g_array_get_element_size (x)) == 0;
}

/* ---- the run --------------------------------------------------------------------------------- */

typedef struct {
  char    *load_before;
  double   build_ms, cold_a, cold_b;
  Stats    a, records, b, b_computed, c, plain_a, plain_b, sql_a, sql_b;
  guint    n_times, n_records, n_desk_days_a, n_desk_days_b;
  gboolean equal_a, equal_b, equal_c;
} Figures;

static void
check_answers (Bench *b, const BenchAsk *ask_a, const BenchAsk *ask_b, Figures *f)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) ours_a = ours_free_times (b, ask_a, &ids);
  g_autoptr(GArray) plain_a = plain_free_times (b, ask_a);
  g_autoptr(GArray) sql_a = bench_sql_free_times (loket_replica_get_db (b->replica), ask_a, ids);
  g_autoptr(GArray) ours_b = ours_free_days (b, ask_b);
  g_autoptr(GArray) plain_b = plain_free_days (b, ask_b);
  g_autoptr(GArray) sql_b = bench_sql_free_days (loket_replica_get_db (b->replica), ask_b);

  f->n_times = ours_a->len;
  f->n_desk_days_a = ids->len * ask_a->n_days;
  f->equal_a = same_answer (ours_a, plain_a) && same_answer (ours_a, sql_a);
  f->equal_b = same_answer (ours_b, plain_b) && same_answer (ours_b, sql_b);
  g_print ("answers: (a) %u free times: plain engine %s, SQL %s; (b) %u days: plain engine %s, "
           "SQL %s\n", ours_a->len, same_answer (ours_a, plain_a) ? "equal" : "DIFFERENT",
           same_answer (ours_a, sql_a) ? "equal" : "DIFFERENT", ours_b->len,
           same_answer (ours_b, plain_b) ? "equal" : "DIFFERENT",
           same_answer (ours_b, sql_b) ? "equal" : "DIFFERENT");
}

static void
run (Bench *b, Figures *f)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) b->seed + 1);
  g_autoptr(GArray) after = NULL, plain_after = NULL;
  BenchAsk ask_a, ask_b;
  gint64 t0;

  ask_init (b, &ask_a, "L07", 60);
  ask_init (b, &ask_b, NULL, 31);
  f->load_before = load_average ();
  reopen (b);
  t0 = g_get_monotonic_time ();
  loket_slot_index_update (loket_replica_get_slot_index (b->replica),
                           loket_replica_get_db (b->replica),
                           loket_slot_source_day_start (&b->today) - LOKET_SLOT_SOURCE_MARGIN);
  f->build_ms = ms_since (t0);
  reopen (b);
  f->cold_a = time_once (b, &ask_a, ask_ours_free_times);
  reopen (b);
  f->cold_b = time_once (b, &ask_b, ours_free_days);
  check_answers (b, &ask_a, &ask_b, f);
  f->n_desk_days_b = N_LOCATIONS * N_DESKS * ask_b.n_days;

  f->a = measure (b, &ask_a, ask_ours_free_times, b->reps, NULL);
  f->records = measure (b, &ask_a, ask_ours_records, MAX (b->reps / 10, 1), NULL);
  f->n_records = ours_free_time_records (b, &ask_a);
  f->b = measure (b, &ask_b, ours_free_days, b->reps, NULL);
  f->c = measure (b, &ask_b, ours_free_days, b->reps, rand);
  loket_slot_index_set_remembering (loket_replica_get_slot_index (b->replica), FALSE);
  f->b_computed = measure (b, &ask_b, ours_free_days, b->reps, NULL);
  loket_slot_index_set_remembering (loket_replica_get_slot_index (b->replica), TRUE);
  after = ours_free_days (b, &ask_b);
  plain_after = plain_free_days (b, &ask_b);
  f->equal_c = same_answer (after, plain_after);
  g_print ("answers after %u changed bookings: plain engine %s\n", b->reps,
           f->equal_c ? "equal" : "DIFFERENT");

  f->plain_a = measure (b, &ask_a, plain_free_times, b->plain_reps, NULL);
  f->plain_b = measure (b, &ask_b, plain_free_days, b->plain_reps, NULL);
  f->sql_a = measure (b, &ask_a, ask_sql_free_times, b->baseline_reps, NULL);
  f->sql_b = measure (b, &ask_b, ask_sql_free_days, b->baseline_reps, NULL);
}

static const char *
met (gboolean ok)
{
  return ok ? "yes" : "NO";
}

static void
print_figures (Bench *b, const Figures *f)
{
  struct rusage usage;
  g_autofree char *load = load_average ();

  getrusage (RUSAGE_SELF, &usage);
  g_print ("\nindex build (every booking read once): %.1f ms; peak RSS %.1f MiB; load average "
           "%s before, %s after\n\n", f->build_ms, (double) usage.ru_maxrss / 1024.0,
           f->load_before, load);
  g_print ("| figure | cold (first) | p50 | p95 | max | CPU p50 | plain engine p50 (p95) | "
           "SQL baseline p50 (p95) | goal | met |\n|---|---|---|---|---|---|---|---|---|---|\n");
  g_print ("| (a) free times, 1 location, 60 days (%u desk-days, %u times) | %.1f ms | %.2f ms "
           "| %.2f ms | %.2f ms | %.2f ms | %.1f ms (%.1f), %u runs | %.1f ms (%.1f), %u runs "
           "| p95 < %.0f ms | %s |\n", f->n_desk_days_a, f->n_times, f->cold_a, f->a.p50,
           f->a.p95, f->a.max, f->a.cpu_p50, f->plain_a.p50, f->plain_a.p95, f->plain_a.n,
           f->sql_a.p50, f->sql_a.p95, f->sql_a.n, GOAL_MS,
           met (f->equal_a && f->a.p95 < GOAL_MS));
  g_print ("| (a') the same as %u records, day by day (loket_replica_free_times) | - | %.2f ms "
           "| %.2f ms | %.2f ms | %.2f ms | - | - | - | - |\n", f->n_records, f->records.p50,
           f->records.p95, f->records.max, f->records.cpu_p50);
  g_print ("| (b) month calendar, all locations, 31 days (%u desk-days) | %.1f ms | %.2f ms "
           "| %.2f ms | %.2f ms | %.2f ms | %.1f ms (%.1f), %u runs | %.1f ms (%.1f), %u runs "
           "| p95 < %.0f ms | %s |\n", f->n_desk_days_b, f->cold_b, f->b.p50, f->b.p95,
           f->b.max, f->b.cpu_p50, f->plain_b.p50, f->plain_b.p95, f->plain_b.n, f->sql_b.p50,
           f->sql_b.p95, f->sql_b.n, GOAL_MS, met (f->equal_b && f->b.p95 < GOAL_MS));
  g_print ("| (b') the same, computed every time (remembering off) | - | %.2f ms | %.2f ms "
           "| %.2f ms | %.2f ms | - | - | p95 < %.0f ms | %s |\n", f->b_computed.p50,
           f->b_computed.p95, f->b_computed.max, f->b_computed.cpu_p50, GOAL_MS,
           met (f->b_computed.p95 < GOAL_MS));
  g_print ("| (c) (b) right after a booking changed (that desk's 31 days computed again) | - "
           "| %.2f ms | %.2f ms | %.2f ms | %.2f ms | - | - | - | %s |\n", f->c.p50, f->c.p95,
           f->c.max, f->c.cpu_p50, f->equal_c ? "answers equal" : "NO");
  g_print ("\n%u repetitions each (a', plain engine and SQL fewer, as shown)\n", b->reps);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the agenda benchmark");
  g_autoptr(GError) error = NULL;
  Bench b = { .n_bookings = 200000, .reps = 200, .plain_reps = 5, .baseline_reps = 3, .seed = 1 };
  Figures f = { 0 };
  GOptionEntry entries[] = {
    { "bookings", 0, 0, G_OPTION_ARG_INT, &b.n_bookings, "Bookings to generate (200000)", "N" },
    { "reps", 0, 0, G_OPTION_ARG_INT, &b.reps, "Repetitions of each question (200)", "N" },
    { "plain-reps", 0, 0, G_OPTION_ARG_INT, &b.plain_reps,
      "Repetitions through the plain engine (5)", "N" },
    { "baseline-reps", 0, 0, G_OPTION_ARG_INT, &b.baseline_reps,
      "Repetitions of the SQL baseline (3)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &b.seed, "Seed of the bookings (1)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &b.keep, "Work in DIR and keep the replica file",
      "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || b.reps < 1
      || b.plain_reps < 1 || b.baseline_reps < 1)
    {
      g_printerr ("loket-bench-agenda: %s\n", error != NULL ? error->message
                                                           : "repetitions must be at least 1");
      return 2;
    }
  b.tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_date_clear (&b.today, 1);
  g_date_set_dmy (&b.today, 23, G_DATE_NOVEMBER, 2026);
  b.dir = b.keep != NULL ? g_strdup (b.keep) : g_dir_make_tmp ("loket-bench-agenda-XXXXXX", NULL);
  g_mkdir_with_parents (b.dir, 0700);
  b.path = g_build_filename (b.dir, "agenda.db", NULL);
  if (g_file_test (b.path, G_FILE_TEST_EXISTS))
    g_print ("using %s as it is\n", b.path);
  else
    generate (&b);

  run (&b, &f);
  print_figures (&b, &f);
  g_clear_object (&b.replica);
  if (b.keep == NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (b.path, suffixes[i], NULL);
          g_unlink (file);
        }
      g_rmdir (b.dir);
    }
  g_time_zone_unref (b.tz);
  g_free (f.load_before);
  g_free (b.dir);
  g_free (b.path);
  g_free (b.keep);
  return f.equal_a && f.equal_b && f.equal_c ? 0 : 1;
}
