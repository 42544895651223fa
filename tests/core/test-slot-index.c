/* The availability index answers exactly what the plain engine answers: on randomised agendas
 * (rules every n weeks, night hours across the summer-time changes in two zones, closures,
 * holidays, bookings of both channels and every status), for every location and visit, the
 * month calendar and the free times through the replica equal LoketSlotSource read for each
 * capacity and day on its own, fed to the same engine.  And they stay equal after bookings,
 * closures and rules change, with only the changed appointment rows read again, and inside a
 * transaction that is rolled back.  LOKET_INDEX_SEED=N replays one seed. */
#include <stdio.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-slots.h"
#include "loket-slot-source.h"

#include "loket-test-replica.h"

#define N_DAYS 16
#define DAY_SECONDS (24 * 60 * 60)

typedef struct {
  LoketReplica *replica;
  GRand        *rand;
  guint32       seed;
  GDate         first[2];   /* two ranges of N_DAYS: around 29 March and 25 October 2026 */
  guint         next_id;
  guint         n_compared; /* free times compared, to see the test is not empty */
} Fixture;

static const char *const zones[] = { "Europe/Amsterdam", "Europe/Brussels", "Europe/Amsterdam" };
static const int slot_lengths[] = { 5, 10, 15, 20, 30, 45, 60 };

static void
exec (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_exec (loket_replica_get_db (f->replica), sql, &error));
  g_assert_no_error (error);
}

static void
execf (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
execf (Fixture *f, const char *format, ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  exec (f, sql);
}

static int
pick (Fixture *f, int from, int to)
{
  return g_rand_int_range (f->rand, from, to + 1);
}

/* A date near the ranges, as "YYYY-MM-DD". */
static char *
some_date (Fixture *f, int spread)
{
  GDate date = f->first[pick (f, 0, 1)];
  char text[16];

  g_date_add_days (&date, (guint) pick (f, 0, N_DAYS + spread));
  g_date_subtract_days (&date, (guint) spread);
  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return g_strdup (text);
}

static void
add_random_rule (Fixture *f, int capacity)
{
  int slot = slot_lengths[pick (f, 0, G_N_ELEMENTS (slot_lengths) - 1)];
  /* A third of them at night, across the hour summer time skips or repeats and the hours
   * between local and UTC midnight. */
  int start = (pick (f, 0, 2) == 0 ? pick (f, 0, 2) : pick (f, 0, 20)) * 60 + pick (f, 0, 3) * 15;
  int end = MIN (start + slot * pick (f, 1, 30), 24 * 60 - 1);
  int places = pick (f, 1, 3);
  g_autofree char *anchor_date = some_date (f, 40);
  g_autofree char *anchor = pick (f, 0, 1) ? g_strdup_printf ("'%s'", anchor_date) : NULL;
  g_autofree char *valid_from = some_date (f, 30);

  if (end - start < slot)
    return;
  execf (f, "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
            " start_time, end_time, slot_minutes, places, public_places, every_weeks,"
            " anchor_date, opens_days, closes_days, min_notice_minutes) VALUES"
            " ('r%u', 'c%d', %d, '%s', '2026-12-31', '%02d:%02d', '%02d:%02d', %d, %d, %d, %d,"
            " %s, %d, %d, %d)",
         f->next_id++, capacity, pick (f, 1, 127), valid_from, start / 60, start % 60, end / 60,
         end % 60, slot, places, pick (f, 0, places), pick (f, 1, 3),
         anchor != NULL ? anchor : "NULL", pick (f, 0, 60), pick (f, 0, 2), pick (f, 0, 120));
}

static const char *const statuses[] = { "booked", "booked", "booked", "booked", "checked_in",
                                        "done", "no_show", "cancelled", "rejected" };

static void
add_random_booking (Fixture *f)
{
  g_autofree char *day = some_date (f, 2);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[pick (f, 0, 2)]);
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  int y, m, d, minute = pick (f, 0, (pick (f, 0, 2) == 0 ? 4 : 24) * 12 - 1) * 5;

  g_assert_cmpint (sscanf (day, "%d-%d-%d", &y, &m, &d), ==, 3);
  start = g_date_time_new (tz, y, m, d, minute / 60, minute % 60, 0);
  start_at = loket_protocol_format_time (g_date_time_to_unix (start));
  end_at = loket_protocol_format_time (g_date_time_to_unix (start) + pick (f, 1, 18) * 5 * 60);
  execf (f, "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, channel,"
            " status, created_at) VALUES ('a%u', 'P', 'c%d', '%s', '%s', '%s', '%s', '%s')",
         f->next_id++, pick (f, 0, 5), start_at, end_at, pick (f, 0, 2) ? "desk" : "web",
         statuses[pick (f, 0, G_N_ELEMENTS (statuses) - 1)], start_at);
}

static void
add_random_closure (Fixture *f)
{
  g_autofree char *from = some_date (f, 2);
  int kind = pick (f, 0, 3);

  execf (f, "INSERT INTO closures (id, location_id, capacity_id, from_date, until_date)"
            " VALUES ('x%u', %s, %s, '%s', date ('%s', '+%d days'))",
         f->next_id++, kind == 0 ? "NULL" : "'L1'", kind == 1 ? "'c1'" : "NULL", from, from,
         pick (f, 0, 3));
}

static void
add_holiday (Fixture *f, const char *name)
{
  g_autofree char *date = some_date (f, 0);

  execf (f, "INSERT OR IGNORE INTO holidays (date, name) VALUES ('%s', '%s')", date, name);
}

/* Three locations in two zones; six desks of group G (one not in use) with two to four random
 * rules each; closures, a holiday and a few hundred bookings. */
static void
build_agenda (Fixture *f)
{
  exec (f, "INSERT INTO product_groups (id, name) VALUES ('G', 'Burgerzaken');"
           "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line,"
           "  max_per_booking) VALUES ('P', 'G', 'Paspoort', 10, 1, 1, 3),"
           "  ('R', 'G', 'Rijbewijs', 25, 1, 1, 1);");
  for (int l = 0; l < 3; l++)
    execf (f, "INSERT INTO locations (id, name, kind, timezone) VALUES ('L%d', 'Locatie %d',"
              " 'kantoor', '%s')", l, l, zones[l]);
  for (int c = 0; c < 6; c++)
    {
      execf (f, "INSERT INTO capacities (id, location_id, group_id, kind, name, active) VALUES"
                " ('c%d', 'L%d', 'G', 'balie', 'Balie %d', %d)", c, c % 3, c, c != 5);
      for (int r = pick (f, 2, 4); r > 0; r--)
        add_random_rule (f, c);
    }
  for (int i = pick (f, 0, 4); i > 0; i--)
    add_random_closure (f);
  add_holiday (f, "Feestdag");
  for (int i = 0; i < 400; i++)
    add_random_booking (f);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->seed = GPOINTER_TO_UINT (data);
  f->rand = g_rand_new_with_seed (f->seed);
  f->replica = loket_test_replica_new ("slot-index");
  g_date_clear (f->first, 2);
  g_date_set_dmy (&f->first[0], 22, G_DATE_MARCH, 2026);
  g_date_set_dmy (&f->first[1], 18, G_DATE_OCTOBER, 2026);
  g_test_message ("seed %u", f->seed);
  exec (f, "BEGIN");
  build_agenda (f);
  exec (f, "COMMIT");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
  g_clear_pointer (&f->rand, g_rand_free);
}

/* ---- the plain engine, one capacity and one day at a time ---------------------------------- */

static GPtrArray *
capacities_at (Fixture *f, const char *location_id)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (f->replica),
    "SELECT id FROM capacities WHERE active = 1 AND group_id = 'G'"
    " AND (?1 IS NULL OR location_id = ?1) ORDER BY name, id", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  loket_db_bind_text (stmt, 1, location_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ids;
}

static GArray *
plain_free_on_day (Fixture *f, const char *capacity_id, const LoketVisitItem *items,
                   guint n_items, const GDate *day, gint64 not_before, gboolean *open)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSlotSource) source = NULL;
  gint64 midnight = loket_slot_source_day_start (day);
  const LoketSlotQuery *query;

  source = loket_slot_source_load_visit (loket_replica_get_db (f->replica), capacity_id,
                                         (const LoketSlotVisitProduct *) items, n_items, NULL,
                                         midnight - LOKET_SLOT_SOURCE_MARGIN,
                                         midnight + DAY_SECONDS + LOKET_SLOT_SOURCE_MARGIN,
                                         &error);
  g_assert_no_error (error);
  query = loket_slot_source_query (source, LOKET_CHANNEL_DESK, not_before);
  *open = loket_slots_opens_on_day (query, day);
  return loket_slots_free_on_day (query, day);
}

/* The month calendar and the free times of the range, through the replica and plainly. */
static void
assert_range_agrees (Fixture *f, const char *location_id, const LoketVisitItem *items,
                     guint n_items, const GDate *first, GDateTime *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) capacities = capacities_at (f, location_id);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) days = loket_replica_free_days (f->replica, location_id, items, n_items,
                                                    NULL, first, N_DAYS, now, &error);
  g_autoptr(GArray) times = loket_replica_free_times_between (f->replica, location_id, items,
                                                              n_items, NULL, first, N_DAYS, now,
                                                              &ids, &error);
  gint64 not_before = now != NULL ? g_date_time_to_unix (now) : 0;
  guint n_times = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, capacities->len);
  for (guint d = 0; d < N_DAYS; d++)
    {
      GDate day = *first;
      int expected = -1;

      g_date_add_days (&day, d);
      for (guint c = 0; c < capacities->len; c++)
        {
          gboolean open;
          g_autoptr(GArray) slots = plain_free_on_day (f, capacities->pdata[c], items, n_items,
                                                       &day, not_before, &open);

          g_assert_cmpstr (ids->pdata[c], ==, capacities->pdata[c]);
          if (open)
            expected = MAX (expected, 0) + (int) slots->len;
          for (guint s = 0; s < slots->len; s++, n_times++)
            {
              const LoketSlot *slot = &g_array_index (slots, LoketSlot, s);
              gboolean found = FALSE;

              for (guint t = 0; t < times->len && !found; t++)
                {
                  const LoketFreeTime *time = &g_array_index (times, LoketFreeTime, t);

                  found = time->capacity == c && time->start == slot->start
                          && time->end == slot->end && time->free == slot->free;
                }
              g_assert_true (found);
            }
        }
      g_assert_cmpint (g_array_index (days, int, d), ==, expected);
    }
  g_assert_cmpuint (times->len, ==, n_times);
  f->n_compared += n_times;
}

static void
assert_agrees (Fixture *f)
{
  static const LoketVisitItem passport[] = { { "P", 1 } };
  static const LoketVisitItem family[] = { { "P", 3 }, { "R", 1 } };
  const char *locations[] = { NULL, "L0", "L1", "L2" };

  for (guint r = 0; r < 2; r++)
    {
      GDate middle = f->first[r];
      g_autoptr(GDateTime) now = NULL;

      g_date_add_days (&middle, N_DAYS / 2);
      now = g_date_time_new_utc (g_date_get_year (&middle), g_date_get_month (&middle),
                                 g_date_get_day (&middle), pick (f, 0, 23), pick (f, 0, 59), 0);
      for (guint l = 0; l < G_N_ELEMENTS (locations); l++)
        {
          assert_range_agrees (f, locations[l], passport, 1, &f->first[r], NULL);
          assert_range_agrees (f, locations[l], family, 2, &f->first[r], now);
        }
    }
}

/* ---- the tests ------------------------------------------------------------------------------ */

static void
test_index_equals_plain_engine (Fixture *f, gconstpointer data)
{
  LoketSlotIndex *index = loket_replica_get_slot_index (f->replica);
  guint builds = 0, rows_read = 0;

  assert_agrees (f);
  /* Asked again: now from the answers the index remembered. */
  assert_agrees (f);
  loket_slot_index_get_stats (index, &builds, &rows_read);
  g_assert_cmpuint (builds, ==, 1);
  g_assert_cmpuint (rows_read, ==, 0);
  g_test_message ("%u free times compared", f->n_compared);
  g_assert_cmpuint (f->n_compared, >, 1000);
}

static void
change_bookings (Fixture *f)
{
  for (int i = 0; i < 40; i++)
    add_random_booking (f);
  execf (f, "UPDATE appointments SET status = 'cancelled' WHERE id IN"
            " (SELECT id FROM appointments WHERE status = 'booked' ORDER BY id LIMIT %d)",
         pick (f, 10, 30));
  execf (f, "UPDATE appointments SET start_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', start_at,"
            " '+%d minutes'), end_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', end_at, '+%d minutes'),"
            " capacity_id = 'c%d' WHERE id IN (SELECT id FROM appointments ORDER BY random ()"
            " LIMIT 15)", pick (f, 1, 12) * 10, pick (f, 1, 12) * 10, pick (f, 0, 4));
  exec (f, "DELETE FROM appointments WHERE id IN (SELECT id FROM appointments LIMIT 5)");
}

/* Bookings change: only their capacities are read again, and the answers follow. */
static void
test_index_follows_bookings (Fixture *f, gconstpointer data)
{
  LoketSlotIndex *index = loket_replica_get_slot_index (f->replica);
  guint builds = 0, rows_read = 0;

  assert_agrees (f);
  for (int round = 0; round < 3; round++)
    {
      exec (f, "BEGIN");
      change_bookings (f);
      exec (f, "COMMIT");
      assert_agrees (f);
    }
  loket_slot_index_get_stats (index, &builds, &rows_read);
  g_assert_cmpuint (builds, ==, 1);
  g_assert_cmpuint (rows_read, >, 0);
}

/* Closures, holidays and rules change: everything is read again, and the answers follow. */
static void
test_index_follows_configuration (Fixture *f, gconstpointer data)
{
  assert_agrees (f);
  add_random_closure (f);
  add_holiday (f, "Extra");
  assert_agrees (f);
  add_random_rule (f, pick (f, 0, 4));
  exec (f, "DELETE FROM availability_rules WHERE id IN (SELECT id FROM availability_rules"
           " ORDER BY random () LIMIT 1)");
  execf (f, "UPDATE availability_rules SET every_weeks = %d, places = places + 1",
         pick (f, 1, 3));
  assert_agrees (f);
  exec (f, "UPDATE capacities SET active = 0 WHERE id = 'c2';"
           "UPDATE locations SET timezone = 'Europe/Brussels' WHERE id = 'L0'");
  assert_agrees (f);
}

static gboolean
same_times (GArray *a, GArray *b)
{
  return a->len == b->len
         && memcmp (a->data, b->data, (gsize) a->len * sizeof (LoketFreeTime)) == 0;
}

static void
upsert_appointment (Fixture *f, const char *capacity_id, const char *start_at,
                    const char *end_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "id", "two");
  json_object_set_string_member (row, "product_id", "P");
  json_object_set_string_member (row, "capacity_id", capacity_id);
  json_object_set_string_member (row, "start_at", start_at);
  json_object_set_string_member (row, "end_at", end_at);
  json_object_set_string_member (row, "created_at", start_at);
  g_assert_true (loket_db_upsert_row (loket_replica_get_db (f->replica), "appointments", row,
                                      &error));
  g_assert_no_error (error);
}

/* Writes with a conflict clause of their own impose it on the triggers' marks: a pull's upsert
 * (a new row, then the same row again), INSERT OR IGNORE, UPDATE OR FAIL. */
static void
change_with_conflict_clauses (Fixture *f, const char *capacity_id, const char *start_at,
                              const char *end_at)
{
  upsert_appointment (f, capacity_id, start_at, end_at);
  assert_agrees (f);
  upsert_appointment (f, capacity_id, end_at, end_at);
  upsert_appointment (f, capacity_id, start_at, end_at);
  assert_agrees (f);
  execf (f, "INSERT OR IGNORE INTO appointments (id, product_id, capacity_id, start_at, end_at,"
            " created_at) VALUES ('two', 'P', '%s', '%s', '%s', '%s')", capacity_id, start_at,
         end_at, start_at);
  exec (f, "UPDATE OR FAIL appointments SET status = 'cancelled' WHERE id = 'two'");
  assert_agrees (f);
}

/* Each way a booking can change is seen on its own: booked into a free time, cancelled, moved in
 * time, to the other channel, to another desk, deleted; and written with a conflict clause of
 * its own. */
static void
test_index_sees_each_change (Fixture *f, gconstpointer data)
{
  static const LoketVisitItem passport[] = { { "P", 1 } };
  static const char *const changes[] = {
    "UPDATE appointments SET status = 'cancelled' WHERE id = 'one'",
    "UPDATE appointments SET status = 'booked' WHERE id = 'one'",
    "UPDATE appointments SET start_at = strftime ('%Y-%m-%dT%H:%M:%SZ', start_at, '+1 day'),"
    " end_at = strftime ('%Y-%m-%dT%H:%M:%SZ', end_at, '+1 day') WHERE id = 'one'",
    "UPDATE appointments SET channel = 'web' WHERE id = 'one'",
    "UPDATE appointments SET channel = 'desk' WHERE id = 'one'",
    "UPDATE appointments SET capacity_id = CASE capacity_id WHEN 'c0' THEN 'c1' ELSE 'c0' END"
    " WHERE id = 'one'",
    "DELETE FROM appointments WHERE id = 'one'",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  const LoketFreeTime *time;

  times = loket_replica_free_times_between (f->replica, NULL, passport, 1, NULL, &f->first[0],
                                            N_DAYS, NULL, &ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (times->len, >, 0);
  time = &g_array_index (times, LoketFreeTime, pick (f, 0, (int) times->len - 1));
  start_at = loket_protocol_format_time (time->start);
  end_at = loket_protocol_format_time (time->end);
  execf (f, "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at,"
            " created_at) VALUES ('one', 'P', '%s', '%s', '%s', '%s')",
         (const char *) ids->pdata[time->capacity], start_at, end_at, start_at);
  assert_agrees (f);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_test_message ("%s", changes[i]);
      exec (f, changes[i]);
      assert_agrees (f);
    }
  change_with_conflict_clauses (f, ids->pdata[time->capacity], start_at, end_at);
}

/* Inside a transaction the index stands aside: the answers show the uncommitted booking, and
 * after the rollback they no longer do. */
static void
test_index_in_transaction (Fixture *f, gconstpointer data)
{
  static const LoketVisitItem passport[] = { { "P", 1 } };
  LoketDb *db = loket_replica_get_db (f->replica);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) during = NULL;
  g_autoptr(GArray) after = NULL;
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  const LoketFreeTime *taken;

  exec (f, "DELETE FROM closures; DELETE FROM holidays");
  before = loket_replica_free_times_between (f->replica, NULL, passport, 1, NULL, &f->first[0],
                                             N_DAYS, NULL, NULL, &error);
  g_assert_no_error (error);
  if (before->len == 0)
    {
      g_test_skip ("no free time in this agenda");
      return;
    }
  taken = &g_array_index (before, LoketFreeTime, before->len / 2);
  start_at = loket_protocol_format_time (taken->start);
  end_at = loket_protocol_format_time (taken->end);
  g_assert_true (loket_db_begin (db, &error));
  execf (f, "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, status,"
            " created_at) SELECT 'tx-' || id, 'P', id, '%s', '%s', 'booked', '%s' FROM capacities"
            " ORDER BY name, id", start_at, end_at, start_at);
  during = loket_replica_free_times_between (f->replica, NULL, passport, 1, NULL, &f->first[0],
                                             N_DAYS, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (same_times (during, before));
  assert_agrees (f);
  loket_db_rollback (db);
  assert_agrees (f);
  after = loket_replica_free_times_between (f->replica, NULL, passport, 1, NULL, &f->first[0],
                                            N_DAYS, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (same_times (after, before));
}

static void
add_seeded (const char *name, void (*func) (Fixture *, gconstpointer), guint n_seeds)
{
  const char *fixed = g_getenv ("LOKET_INDEX_SEED");

  for (guint32 i = 0; i < n_seeds; i++)
    {
      guint32 seed = fixed != NULL ? (guint32) g_ascii_strtoull (fixed, NULL, 10) : 1000 + i;
      g_autofree char *path = g_strdup_printf ("/slot-index/%s/%u", name, seed);

      g_test_add (path, Fixture, GUINT_TO_POINTER (seed), fixture_set_up, func,
                  fixture_tear_down);
      if (fixed != NULL)
        break;
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_seeded ("equals-plain-engine", test_index_equals_plain_engine, 6);
  add_seeded ("follows-bookings", test_index_follows_bookings, 3);
  add_seeded ("follows-configuration", test_index_follows_configuration, 3);
  add_seeded ("sees-each-change", test_index_sees_each_change, 3);
  add_seeded ("in-transaction", test_index_in_transaction, 2);

  return g_test_run ();
}
