/* loket-bench-agenda-sql.c — the agenda benchmark's baseline: the same answers in plain SQL.
 *
 * One statement expands every rule of every capacity into its slots on each day (a recursive
 * CTE), leaves out closed days and holidays, counts for each slot the active desk bookings that
 * overlap it (a correlated subquery on the (capacity_id, start_at) index), and finds the starts
 * whose visit of k consecutive slots has a place left in every one (a window over the rule's
 * slots of that day), from `now` on.  That is the engine's answer for what the benchmark
 * generates; what it leaves out is said where it does: every rule weekly, slots of one length,
 * rules that do not overlap, local times at a fixed +01:00 (the days measured lie in winter
 * time), bookings shorter than a day.  The benchmark checks that its answers equal the engine's.
 */
#include "config.h"

#include "loket-bench-agenda.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"

#define SLOTS_SQL \
  "WITH RECURSIVE " \
  "days (d) AS (SELECT ?1 UNION ALL SELECT date (d, '+1 day') FROM days" \
  "  WHERE d < date (?1, '+' || (?2 - 1) || ' days')), " \
  "caps AS (SELECT id, name, location_id FROM capacities" \
  "  WHERE active = 1 AND group_id = ?3 AND (?4 IS NULL OR location_id = ?4)), " \
  /* the rule-days: weekly rules (every_weeks 1) on their weekdays and dates, no closure */ \
  "open_rules AS MATERIALIZED (SELECT c.id AS cap, c.name AS cap_name, r.rowid AS rule," \
  "  d.d AS day, r.start_time AS t0, time (r.end_time) AS t_end, r.slot_minutes AS len," \
  "  r.places - r.public_places AS share" \
  "  FROM caps c JOIN availability_rules r ON r.capacity_id = c.id JOIN days d" \
  "  WHERE d.d BETWEEN r.valid_from AND r.valid_until AND r.every_weeks = 1" \
  "    AND (r.weekdays >> ((CAST (strftime ('%w', d.d) AS INTEGER) + 6) % 7)) & 1" \
  "    AND NOT EXISTS (SELECT 1 FROM closures x WHERE d.d BETWEEN x.from_date AND x.until_date" \
  "      AND (x.capacity_id = c.id OR (x.capacity_id IS NULL" \
  "           AND (x.location_id = c.location_id OR x.location_id IS NULL))))" \
  "    AND NOT EXISTS (SELECT 1 FROM holidays h WHERE h.date = d.d)), " \
  /* every slot that ends by the rule's end */ \
  "slots (cap, cap_name, rule, day, t, t_end, len, share) AS (" \
  "  SELECT cap, cap_name, rule, day, time (t0), t_end, len, share FROM open_rules" \
  "    WHERE time (t0, '+' || len || ' minutes') <= t_end" \
  "  UNION ALL SELECT cap, cap_name, rule, day, time (t, '+' || len || ' minutes'), t_end, len," \
  "    share FROM slots WHERE time (t, '+' || (2 * len) || ' minutes') <= t_end), " \
  "timed AS (SELECT *," \
  "  strftime ('%Y-%m-%dT%H:%M:%SZ', day || ' ' || t, '-1 hours') AS start_at," \
  "  strftime ('%Y-%m-%dT%H:%M:%SZ', day || ' ' || t, '-1 hours', '+' || len || ' minutes')" \
  "    AS end_at FROM slots), " \
  /* places left in the desk share of each slot */ \
  "counted AS (SELECT s.*, s.share - (SELECT count (*) FROM appointments a" \
  "  WHERE a.capacity_id = s.cap" \
  "    AND a.start_at >= strftime ('%Y-%m-%dT%H:%M:%SZ', s.start_at, '-1 day')" \
  "    AND a.start_at < s.end_at AND a.end_at > s.start_at AND a.channel = 'desk'" \
  "    AND a.status NOT IN ('cancelled', 'rejected')) AS free FROM timed s), " \
  /* a visit of k slots: the fewest places left over them, and whether all k exist */ \
  "visits AS MATERIALIZED (SELECT cap, cap_name, day, start_at," \
  "  min (free) OVER w AS free, count (*) OVER w AS n, last_value (end_at) OVER w AS end_at" \
  "  FROM counted WINDOW w AS (PARTITION BY cap, rule, day ORDER BY start_at" \
  "  ROWS BETWEEN CURRENT ROW AND @K-1@ FOLLOWING)) "

#define FREE_TIMES_SQL SLOTS_SQL \
  "SELECT start_at, end_at, cap, free FROM visits WHERE n = @K@ AND free >= 1 AND start_at >= ?5" \
  " ORDER BY start_at, cap_name, cap"

#define FREE_DAYS_SQL SLOTS_SQL \
  "SELECT d, CASE WHEN EXISTS (SELECT 1 FROM open_rules o WHERE o.day = d)" \
  "  THEN (SELECT count (*) FROM visits v WHERE v.day = d AND v.n = @K@ AND v.free >= 1" \
  "        AND v.start_at >= ?5) ELSE -1 END FROM days ORDER BY d"

/* The text with every @NAME@ replaced by value. */
static char *
replace (const char *text, const char *name, guint value)
{
  g_auto(GStrv) parts = g_strsplit (text, name, -1);
  g_autofree char *number = g_strdup_printf ("%u", value);

  return g_strjoinv (number, parts);
}

static sqlite3_stmt *
prepare (LoketDb *db, const char *text, const BenchAsk *ask)
{
  g_autofree char *with_k1 = replace (text, "@K-1@", ask->slots_per_visit - 1);
  g_autofree char *sql = replace (with_k1, "@K@", ask->slots_per_visit);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = loket_db_prepare (db, sql, &error);
  g_autofree char *now = loket_protocol_format_time (ask->now);

  if (stmt == NULL)
    g_error ("baseline SQL: %s", error->message);
  sqlite3_bind_text (stmt, 1, ask->from_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) ask->n_days);
  sqlite3_bind_text (stmt, 3, ask->group_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, ask->location_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return stmt;
}

GArray *
bench_sql_free_times (LoketDb *db, const BenchAsk *ask, GPtrArray *capacity_ids)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, FREE_TIMES_SQL, ask);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (LoketFreeTime));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LoketFreeTime time = { 0 };
      const char *capacity = (const char *) sqlite3_column_text (stmt, 2);

      loket_slot_source_parse_time ((const char *) sqlite3_column_text (stmt, 0), &time.start);
      loket_slot_source_parse_time ((const char *) sqlite3_column_text (stmt, 1), &time.end);
      time.free = sqlite3_column_int (stmt, 3);
      time.capacity = G_MAXUINT;
      for (guint c = 0; c < capacity_ids->len; c++)
        if (g_str_equal (capacity_ids->pdata[c], capacity))
          time.capacity = c;
      g_array_append_val (times, time);
    }
  return times;
}

GArray *
bench_sql_free_days (LoketDb *db, const BenchAsk *ask)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, FREE_DAYS_SQL, ask);
  GArray *days = g_array_new (FALSE, FALSE, sizeof (int));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int free = sqlite3_column_int (stmt, 1);

      g_array_append_val (days, free);
    }
  return days;
}
