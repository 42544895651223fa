/* loket-bench-cases-sql.c — the cases benchmark's baseline (see loket-bench-cases.h).
 *
 * The baseline is what the desk would have without schema v5's work for these screens: a copy
 * of the replica (VACUUM INTO, so it is compact, which if anything helps the baseline) with
 * the v5 indexes of cases, contact moments, appointments, notes and callbacks dropped and
 * cases_fts with its triggers removed.  Its questions are the API's SQL (the lists' conditions
 * of loket-replica-cases.c, the timeline's of loket-replica-customers.c), with a
 * search as LIKE '%word%' over reference, subject, customer name and product name: every word
 * somewhere, as the API's full-text query asks.  The rows come back as LoketRecords like the
 * API's; the days left the API adds to each list row are not computed (in the baseline's
 * favour).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "loket-bench-cases.h"
#include "loket-record.h"
#include "loket-time.h"
#include "loket-workdays.h"

/* Every index schema v5 made on the tables the questions read (loket-schema.c, domain_v5);
 * appointments_by_case and appointments_by_capacity_time are older and stay. */
static const char *const v5_indexes[] = {
  "cases_by_assignee", "cases_by_team", "cases_by_deadline", "cases_by_product",
  "cases_by_archive_date", "cases_by_customer", "callbacks_by_user", "callbacks_by_team",
  "callbacks_by_customer", "notes_by_case", "notes_by_customer", "contact_moments_by_case",
  "contact_moments_by_customer", "appointments_by_customer",
};

static const char *const fts_triggers[] = {
  "cases_fts_insert", "cases_fts_update", "cases_fts_delete", "cases_fts_customer_insert",
  "cases_fts_customer_update", "cases_fts_customer_delete", "cases_fts_product_update",
};

static void
exec (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!loket_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

void
bench_baseline_make (BenchCases *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketReplica) replica = loket_replica_open (b->path, &error);
  g_autoptr(LoketReplica) copy = NULL;
  g_autofree char *vacuum = NULL;
  gint64 t0 = g_get_monotonic_time ();
  char *quoted;

  if (replica == NULL)
    g_error ("%s", error->message);
  quoted = sqlite3_mprintf ("VACUUM INTO %Q", b->baseline_path);
  vacuum = g_strdup (quoted);
  sqlite3_free (quoted);
  exec (loket_replica_get_db (replica), vacuum);
  if ((copy = loket_replica_open (b->baseline_path, &error)) == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (fts_triggers); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER %s", fts_triggers[i]);
      exec (loket_replica_get_db (copy), sql);
    }
  exec (loket_replica_get_db (copy), "DROP TABLE cases_fts");
  for (guint i = 0; i < G_N_ELEMENTS (v5_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX %s", v5_indexes[i]);
      exec (loket_replica_get_db (copy), sql);
    }
  g_print ("baseline copy without %u v5 indexes and cases_fts: %s (%.1f s)\n",
           (guint) G_N_ELEMENTS (v5_indexes), b->baseline_path,
           (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
}

/* ---- rows ------------------------------------------------------------------------------------ */

/* The rows of sql with text parameters (NULL: SQL NULL), as loket_replica_query_texts has them. */
static GListModel *
rows_of (LoketReplica *baseline, const char *sql, guint n, const char *const *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (baseline), sql, &error);
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);

  if (stmt == NULL)
    g_error ("baseline SQL: %s", error->message);
  for (guint i = 0; i < n; i++)
    loket_db_bind_text (stmt, (int) i + 1, params[i]);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autoptr(LoketRecord) record = loket_record_new (row);

      g_list_store_append (store, record);
    }
  return G_LIST_MODEL (store);
}

/* ---- the lists ------------------------------------------------------------------------------- */

/* Who asks and when, as loket-replica-cases.c binds it: ?1 user, ?2 team, ?3 today, ?4 the
 * at-risk bound (the local date LOKET_CASE_AT_RISK_DAYS + 1 working days after today). */
typedef struct {
  char *user_id, *team_id, *today, *bound;
} Clock;

static void
clock_init (LoketReplica *baseline, gint64 now, Clock *clock)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (baseline);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketWorkdays) workdays = loket_workdays_new ();
  g_autoptr(GListModel) holidays = rows_of (baseline, "SELECT date FROM holidays", 0, NULL);
  GDate today, bound;

  clock->user_id = g_strdup (loket_record_get_id (user));
  clock->team_id = g_strdup (loket_record_get_string (user, "team_id"));
  loket_time_local_date (tz, now, &today);
  for (int y = g_date_get_year (&today) - 1; y <= g_date_get_year (&today) + 2; y++)
    loket_workdays_add_dutch_holidays (workdays, y);
  for (guint i = 0; i < g_list_model_get_n_items (holidays); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (holidays, i);
      int y, m, d;
      GDate date;

      if (sscanf (loket_record_get_string (row, "date"), "%4d-%2d-%2d", &y, &m, &d) != 3
          || !g_date_valid_dmy (d, m, y))
        continue;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, m, y);
      loket_workdays_add_holiday (workdays, &date);
    }
  loket_workdays_add (workdays, &today, LOKET_CASE_AT_RISK_DAYS + 1, &bound);
  clock->today = loket_time_format_iso_date (&today);
  clock->bound = loket_time_format_iso_date (&bound);
}

static void
clock_clear (Clock *clock)
{
  g_free (clock->user_id);
  g_free (clock->team_id);
  g_free (clock->today);
  g_free (clock->bound);
}

/* The conditions of loket-replica-cases.c. */
static const char *const list_conditions[LOKET_CASE_LIST_N] = {
  [LOKET_CASE_LIST_MINE] = "z.closed_at IS NULL AND z.assignee_id = ?1",
  [LOKET_CASE_LIST_TEAM] = "z.closed_at IS NULL AND z.team_id = ?2",
  [LOKET_CASE_LIST_UNASSIGNED] = "z.closed_at IS NULL AND z.assignee_id IS NULL "
                                 "AND (z.team_id IS NULL OR z.team_id = ?2)",
  [LOKET_CASE_LIST_AT_RISK] = "z.closed_at IS NULL AND z.suspended_since IS NULL "
                              "AND z.deadline >= ?3 AND z.deadline < ?4",
  [LOKET_CASE_LIST_OVERDUE] = "z.closed_at IS NULL AND z.deadline < ?3",
  [LOKET_CASE_LIST_CLOSED] = "z.closed_at IS NOT NULL",
};

#define CASE_COLUMNS \
  "SELECT z.*, t.name AS case_type_name, cu.name AS customer_name, p.name AS product_name, " \
  "  u.display_name AS assignee_name, tm.name AS team_name " \
  "FROM cases z JOIN case_types t ON t.id = z.case_type_id " \
  "LEFT JOIN customers cu ON cu.id = z.customer_id LEFT JOIN products p ON p.id = z.product_id " \
  "LEFT JOIN users u ON u.id = z.assignee_id LEFT JOIN teams tm ON tm.id = z.team_id "

#define MAX_WORDS 8

/* '%word%' for each word of text with a letter or digit (as the API's search), escaped. */
static GPtrArray *
like_patterns (const char *search)
{
  g_auto(GStrv) words = g_strsplit_set (search != NULL ? search : "", " \t\n\r", -1);
  GPtrArray *patterns = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL && patterns->len < MAX_WORDS; i++)
    {
      g_autoptr(GString) pattern = g_string_new ("%");
      gboolean searchable = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        searchable |= g_unichar_isalnum (g_utf8_get_char (p));
      if (!searchable)
        continue;
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      g_ptr_array_add (patterns, g_string_free (g_steal_pointer (&pattern), FALSE));
    }
  return patterns;
}

GListModel *
bench_baseline_list (LoketReplica *baseline, LoketCaseList list, const char *search,
                     const LoketCaseFilter *filter, guint limit, gint64 now)
{
  g_autoptr(GPtrArray) patterns = like_patterns (search);
  g_autoptr(GString) sql = g_string_new (CASE_COLUMNS "WHERE ");
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 200);
  const char *params[8 + MAX_WORDS];
  GListModel *rows;
  Clock clock;

  clock_init (baseline, now, &clock);
  g_string_append (sql, list_conditions[list]);
  for (guint i = 0; i < patterns->len; i++)
    g_string_append_printf (sql, " AND (z.reference LIKE ?%u ESCAPE '\\' OR z.subject LIKE ?%u"
                            " ESCAPE '\\' OR cu.name LIKE ?%u ESCAPE '\\' OR p.name LIKE ?%u"
                            " ESCAPE '\\')", 7 + i, 7 + i, 7 + i, 7 + i);
  g_string_append (sql, " AND ?5 IS NULL");
  g_string_append_printf (sql, " AND (?%u IS NULL OR z.case_type_id = ?%u)"
                          " AND (?%u IS NULL OR z.product_id = ?%u)", 7 + patterns->len,
                          7 + patterns->len, 8 + patterns->len, 8 + patterns->len);
  g_string_append (sql, list == LOKET_CASE_LIST_CLOSED ? " ORDER BY z.closed_at DESC, z.reference"
                                                       : " ORDER BY z.deadline, z.reference");
  g_string_append (sql, " LIMIT ?6");
  params[0] = clock.user_id;
  params[1] = clock.team_id;
  params[2] = clock.today;
  params[3] = clock.bound;
  params[4] = NULL;
  params[5] = max;
  for (guint i = 0; i < patterns->len; i++)
    params[6 + i] = patterns->pdata[i];
  params[6 + patterns->len] = filter != NULL ? filter->case_type_id : NULL;
  params[7 + patterns->len] = filter != NULL ? filter->product_id : NULL;
  rows = rows_of (baseline, sql->str, 8 + patterns->len, params);
  clock_clear (&clock);
  return rows;
}

/* The API's one query of every count: it reads every case with or without an index. */
void
bench_baseline_count (LoketReplica *baseline, gint64 now, guint counts[LOKET_CASE_LIST_N])
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;
  Clock clock;

  clock_init (baseline, now, &clock);
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    g_string_append_printf (sql, "%sCOALESCE (SUM (CASE WHEN %s THEN 1 ELSE 0 END), 0) AS n%u",
                            i > 0 ? ", " : "", list_conditions[i], i);
  g_string_append (sql, " FROM cases z");
  {
    const char *params[] = { clock.user_id, clock.team_id, clock.today, clock.bound };

    rows = rows_of (baseline, sql->str, G_N_ELEMENTS (params), params);
  }
  row = g_list_model_get_item (rows, 0);
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      char column[8];

      g_snprintf (column, sizeof column, "n%u", i);
      counts[i] = (guint) loket_record_get_int (row, column);
    }
  clock_clear (&clock);
}

/* ---- the customer card ----------------------------------------------------------------------- */

/* The timeline as loket-replica-customers.c asks it: one branch per kind, each newest first
 * and limited on its own, then the newest of them all. */
#define TIMELINE_SQL \
  "SELECT * FROM (" \
  "  SELECT 'appointment' AS kind, a.id, a.start_at AS at," \
  "    coalesce ((SELECT name FROM products WHERE id = a.product_id), '') AS title," \
  "    a.status AS state, a.case_id" \
  "  FROM appointments a WHERE a.customer_id = ?1 ORDER BY a.start_at DESC, a.id LIMIT ?2)" \
  " UNION ALL SELECT * FROM (" \
  "  SELECT 'case', z.id, z.opened_at, z.reference || ' · ' || z.subject, z.status, z.id" \
  "  FROM cases z WHERE z.customer_id = ?1 ORDER BY z.opened_at DESC, z.id LIMIT ?2)" \
  " UNION ALL SELECT * FROM (" \
  "  SELECT 'contact', m.id, m.at, m.topic, m.channel, m.case_id" \
  "  FROM contact_moments m WHERE m.customer_id = ?1 ORDER BY m.at DESC, m.id LIMIT ?2)" \
  " UNION ALL SELECT * FROM (" \
  "  SELECT 'callback', b.id, b.created_at, b.subject, b.outcome," \
  "    (SELECT case_id FROM contact_moments WHERE id = b.contact_moment_id)" \
  "  FROM callbacks b WHERE b.customer_id = ?1 ORDER BY b.created_at DESC, b.id LIMIT ?2)" \
  " UNION ALL SELECT * FROM (" \
  "  SELECT 'note', n.id, n.created_at, n.body, '', n.case_id" \
  "  FROM notes n WHERE n.customer_id = ?1 ORDER BY n.created_at DESC, n.id LIMIT ?2)" \
  " ORDER BY at DESC, kind, id LIMIT ?2"

GListModel *
bench_baseline_timeline (LoketReplica *baseline, const char *customer_id, guint limit)
{
  g_autofree char *max = g_strdup_printf ("%d", limit > 0 ? (int) limit : -1);
  const char *params[] = { customer_id, max };

  return rows_of (baseline, TIMELINE_SQL, G_N_ELEMENTS (params), params);
}

LoketRecord *
bench_baseline_customer (LoketReplica *baseline, const char *customer_id)
{
  g_autoptr(GListModel) rows = rows_of (baseline, "SELECT * FROM customers WHERE id = ?", 1,
                                        &customer_id);

  return g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
}
