/* loket-bench-cases.c — the cases benchmark (issue 6): prints figures, is not a timed test.
 *
 * A replica with 200,000 cases, 100,000 customers, 1,000,000 contact moments, 300,000
 * appointments, 200,000 notes and 50,000 callbacks (loket-bench-cases-fill.c), signed in as a
 * user with about a hundred open cases.  Asked through the real replica API, each question
 * --reps times after one cold asking, its parameters varied from one asking to the next:
 *   1. "my cases": loket_replica_list_cases (LOKET_CASE_LIST_MINE) and the sidebar's
 *      loket_replica_count_cases, apart and together (what opening the page costs);
 *   2. a filtered list: a search of one or two words (a surname, a product, "paspoort jan", a
 *      reference number) on my team's list and on every open case at risk or overdue, and the
 *      Cases page's filters (loket_replica_filter_cases): my team's list of one product, the
 *      overdue cases of one case type;
 *   3. the customer card: loket_replica_get_customer and loket_replica_customer_timeline
 *      (100 rows), for ordinary customers and for the ones with hundreds of rows;
 * beside the baseline (loket-bench-cases-sql.c): the same questions in SQL of the same shape
 * on a copy without the v5 indexes and cases_fts.  Before measuring, the answers of both are
 * compared for a few parameters; the run fails when they differ or a goal is missed.
 * Wall-clock p50/p95/max, and this thread's CPU time, which a busy machine does not stretch.
 * --pragma tries a connection setting on both files, --only measures some questions (for a
 * profiler), --keep keeps the files to ask them again or to try an index in a copy.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "loket-bench-cases.h"
#include "loket-record.h"
#include "loket-replica-customers.h"

#define GOAL_MS      20.0
#define N_ORDINARY   200
#define CARD_LIMIT   100

typedef struct {
  BenchCases    cases;
  guint         reps;
  guint         baseline_reps;
  double        scale;
  char         *keep;
  char         *only;
  char        **pragmas;
  char         *dir;
  LoketReplica *replica;
  LoketReplica *baseline;
  BenchPeople   people;
  GPtrArray    *product_ids;    /* the filters' choices, cycled through */
  GPtrArray    *case_type_ids;
} Bench;

/* Searches as a desk types them: surnames, first names, products, a subject's word, two words,
 * a reference number. */
static const char *const searches[] = {
  "jansen", "de vries", "paspoort", "paspoort jan", "rijbewijs", "dakkapel", "fatima",
  "bakker", "omgevingsvergunning", "wmo", "hoekstra", "verhuizing", "kapvergunning", "004417",
  "van dijk", "id-kaart", "Öztürk", "afvalpas sanne", "bezwaar", "geboorte",
};

typedef struct {
  double p50, p95, max, cold;   /* wall clock, ms */
  double cpu_p50, cpu_p95;      /* this thread's CPU time, ms: what a busy machine does not stretch */
  guint  n, rows;
} Stats;

/* ---- the questions --------------------------------------------------------------------------- */

/* The i-th asking of a question of one replica: how many rows its answer has. */
typedef guint (*Ask) (Bench *b, LoketReplica *replica, guint i);

static gboolean
is_baseline (Bench *b, LoketReplica *replica)
{
  return replica == b->baseline;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
n_rows (GListModel *rows)
{
  guint n = g_list_model_get_n_items (rows);

  g_object_unref (rows);
  return n;
}

static guint
filtered (Bench *b, LoketReplica *replica, LoketCaseList which, const char *search,
          const LoketCaseFilter *filter)
{
  if (is_baseline (b, replica))
    return n_rows (bench_baseline_list (replica, which, search, filter, 0, now_seconds ()));
  return n_rows (loket_replica_filter_cases (replica, which, search, filter, 0));
}

static guint
list (Bench *b, LoketReplica *replica, LoketCaseList which, const char *search)
{
  return filtered (b, replica, which, search, NULL);
}

static guint
ask_team_product (Bench *b, LoketReplica *replica, guint i)
{
  LoketCaseFilter filter = { NULL, b->product_ids->pdata[i % b->product_ids->len] };

  return filtered (b, replica, LOKET_CASE_LIST_TEAM, NULL, &filter);
}

static guint
ask_overdue_type (Bench *b, LoketReplica *replica, guint i)
{
  LoketCaseFilter filter = { b->case_type_ids->pdata[i % b->case_type_ids->len], NULL };

  return filtered (b, replica, LOKET_CASE_LIST_OVERDUE, NULL, &filter);
}

static guint
ask_mine (Bench *b, LoketReplica *replica, guint i)
{
  return list (b, replica, LOKET_CASE_LIST_MINE, NULL);
}

static guint
ask_counts (Bench *b, LoketReplica *replica, guint i)
{
  guint counts[LOKET_CASE_LIST_N];

  if (is_baseline (b, replica))
    bench_baseline_count (replica, now_seconds (), counts);
  else
    loket_replica_count_cases (replica, counts);
  return counts[LOKET_CASE_LIST_MINE];
}

static guint
ask_open_mine (Bench *b, LoketReplica *replica, guint i)
{
  ask_counts (b, replica, i);
  return ask_mine (b, replica, i);
}

static guint
ask_team_search (Bench *b, LoketReplica *replica, guint i)
{
  return list (b, replica, LOKET_CASE_LIST_TEAM, searches[i % G_N_ELEMENTS (searches)]);
}

static guint
ask_at_risk_search (Bench *b, LoketReplica *replica, guint i)
{
  return list (b, replica, LOKET_CASE_LIST_AT_RISK, searches[i % G_N_ELEMENTS (searches)]);
}

static guint
ask_overdue_search (Bench *b, LoketReplica *replica, guint i)
{
  return list (b, replica, LOKET_CASE_LIST_OVERDUE, searches[i % G_N_ELEMENTS (searches)]);
}

static guint
ask_team (Bench *b, LoketReplica *replica, guint i)
{
  return list (b, replica, LOKET_CASE_LIST_TEAM, NULL);
}

static guint
card (Bench *b, LoketReplica *replica, const char *customer_id)
{
  g_autoptr(LoketRecord) customer = NULL;

  if (is_baseline (b, replica))
    {
      customer = bench_baseline_customer (replica, customer_id);
      return n_rows (bench_baseline_timeline (replica, customer_id, CARD_LIMIT));
    }
  customer = loket_replica_get_customer (replica, customer_id);
  g_assert (customer != NULL);
  return n_rows (loket_replica_customer_timeline (replica, customer_id, CARD_LIMIT));
}

static guint
ask_card (Bench *b, LoketReplica *replica, guint i)
{
  return card (b, replica, b->people.ordinary->pdata[i % b->people.ordinary->len]);
}

static guint
ask_heavy_card (Bench *b, LoketReplica *replica, guint i)
{
  return card (b, replica, b->people.heavy->pdata[i % b->people.heavy->len]);
}

typedef struct {
  const char *what;
  Ask         ask;
  gboolean    varied;   /* its parameters change from one asking to the next */
} Question;

static const Question questions[] = {
  { "1. my cases: list (LOKET_CASE_LIST_MINE)", ask_mine, FALSE },
  { "1. my cases: sidebar counts (loket_replica_count_cases)", ask_counts, FALSE },
  { "1. my cases: opening the page (counts + list)", ask_open_mine, FALSE },
  { "2. my team's list, no search", ask_team, FALSE },
  { "2. my team's list + search", ask_team_search, TRUE },
  { "2. open cases at risk + search", ask_at_risk_search, TRUE },
  { "2. open cases overdue + search", ask_overdue_search, TRUE },
  { "2. my team's list, one product (filter)", ask_team_product, TRUE },
  { "2. open cases overdue, one case type (filter)", ask_overdue_type, TRUE },
  { "3. customer card, ordinary customer (customer + timeline 100)", ask_card, TRUE },
  { "3. customer card, heavy customer (customer + timeline 100)", ask_heavy_card, TRUE },
};

/* ---- measuring ------------------------------------------------------------------------------- */

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

/* One cold asking (the first of this question), then reps more: p50, p95, max. */
static Stats
measure (Bench *b, LoketReplica *replica, const Question *q, guint reps)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Stats stats = { .n = reps };
  gint64 t0 = g_get_monotonic_time ();

  q->ask (b, replica, 0);
  stats.cold = ms_since (t0);
  for (guint i = 0; i < reps; i++)
    {
      double took, cpu0 = cpu_ms (), cpu_took;

      t0 = g_get_monotonic_time ();
      stats.rows += q->ask (b, replica, i);
      took = ms_since (t0);
      cpu_took = cpu_ms () - cpu0;
      g_array_append_val (ms, took);
      g_array_append_val (cpu, cpu_took);
    }
  g_array_sort (ms, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  stats.cpu_p50 = nth (cpu, 0.5);
  stats.cpu_p95 = nth (cpu, 0.95);
  stats.p50 = nth (ms, 0.5);
  stats.p95 = nth (ms, 0.95);
  stats.max = nth (ms, 1.0);
  stats.rows /= reps;
  return stats;
}

/* ---- the answers compared -------------------------------------------------------------------- */

/* The rows as "kind:id" (or "id") in order, for comparing. */
static char *
row_keys (GListModel *rows)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      JsonObject *columns = loket_record_get_columns (row);

      if (json_object_has_member (columns, "kind"))
        g_string_append_printf (keys, "%s:", json_object_get_string_member (columns, "kind"));
      g_string_append_printf (keys, "%s\n", loket_record_get_id (row));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static gboolean
compare (const char *what, GListModel *ours, GListModel *baseline, gboolean *empty)
{
  g_autofree char *ours_keys = row_keys (ours);
  g_autofree char *baseline_keys = row_keys (baseline);
  gboolean equal = g_str_equal (ours_keys, baseline_keys);

  g_print ("  %-58s %4u rows, baseline %4u: %s\n", what, g_list_model_get_n_items (ours),
           g_list_model_get_n_items (baseline), equal ? "equal" : "DIFFERENT");
  if (empty != NULL && g_list_model_get_n_items (ours) == 0)
    *empty = TRUE;
  g_object_unref (ours);
  g_object_unref (baseline);
  return equal;
}

static gboolean
compare_list (Bench *b, LoketCaseList which, const char *name, const char *search, gint64 now)
{
  g_autofree char *what = g_strdup_printf ("%s%s%s%s", name, search ? " \"" : "",
                                           search ? search : "", search ? "\"" : "");

  return compare (what, loket_replica_list_cases_at (b->replica, which, search, 0, now),
                  bench_baseline_list (b->baseline, which, search, NULL, 0, now), NULL);
}

static gboolean
compare_filtered (Bench *b, LoketCaseList which, const char *name, const char *type,
                  const char *product, gint64 now)
{
  LoketCaseFilter filter = { type, product };
  g_autofree char *what = g_strdup_printf ("%s, type %.8s, product %.8s", name,
                                           type != NULL ? type : "any",
                                           product != NULL ? product : "any");

  return compare (what, loket_replica_filter_cases_at (b->replica, which, NULL, &filter, 0, now),
                  bench_baseline_list (b->baseline, which, NULL, &filter, 0, now), NULL);
}

static gboolean
compare_counts (Bench *b, gint64 now)
{
  guint ours[LOKET_CASE_LIST_N], theirs[LOKET_CASE_LIST_N];
  gboolean equal = TRUE;

  loket_replica_count_cases_at (b->replica, now, ours);
  bench_baseline_count (b->baseline, now, theirs);
  g_print ("  counts (mine, team, unassigned, at risk, overdue, closed):");
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      g_print (" %u", ours[i]);
      equal &= ours[i] == theirs[i];
    }
  g_print (": %s\n", equal ? "equal" : "DIFFERENT");
  return equal;
}

/* The answers of both for a few parameters.  *card_empty says whether a timeline came back
 * empty: it then equals an empty baseline and proves nothing. */
static gboolean
check_answers (Bench *b, gboolean *card_empty)
{
  static const char *const checked[] = { NULL, "jansen", "paspoort jan", "de vries" };
  gint64 now = now_seconds ();
  gboolean equal;

  g_print ("answers of the API and the baseline:\n");
  equal = compare_counts (b, now);
  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    {
      equal &= compare_list (b, LOKET_CASE_LIST_MINE, "mine", checked[i], now);
      equal &= compare_list (b, LOKET_CASE_LIST_TEAM, "team", checked[i], now);
      equal &= compare_list (b, LOKET_CASE_LIST_AT_RISK, "at risk", checked[i], now);
      equal &= compare_list (b, LOKET_CASE_LIST_OVERDUE, "overdue", checked[i], now);
    }
  for (guint i = 0; i < 2; i++)
    {
      equal &= compare_filtered (b, LOKET_CASE_LIST_TEAM, "team", NULL,
                                 b->product_ids->pdata[i], now);
      equal &= compare_filtered (b, LOKET_CASE_LIST_OVERDUE, "overdue",
                                 b->case_type_ids->pdata[i], NULL, now);
    }
  *card_empty = FALSE;
  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? b->people.heavy->pdata[0] : b->people.ordinary->pdata[1];
      g_autofree char *what = g_strdup_printf ("timeline of %s customer %.8s",
                                               i == 0 ? "heavy" : "ordinary", id);

      equal &= compare (what, loket_replica_customer_timeline (b->replica, id, CARD_LIMIT),
                        bench_baseline_timeline (b->baseline, id, CARD_LIMIT), card_empty);
    }
  return equal;
}

/* ---- the run --------------------------------------------------------------------------------- */

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

static LoketReplica *
open_replica (Bench *b, const char *path)
{
  g_autoptr(GError) error = NULL;
  LoketReplica *replica = loket_replica_open (path, &error);

  if (replica == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; b->pragmas != NULL && b->pragmas[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA %s", b->pragmas[i]);

      if (!loket_db_exec (loket_replica_get_db (replica), sql, &error))
        g_error ("%s", error->message);
    }
  return replica;
}

static void
print_people (Bench *b)
{
  guint counts[LOKET_CASE_LIST_N];

  loket_replica_count_cases (b->replica, counts);
  g_print ("signed in as %s: %u open cases of mine, %u of my team, %u unassigned, %u at risk, "
           "%u overdue, %u closed; %u heavy and %u ordinary customers for the card\n",
           b->people.user_id, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
           b->people.heavy->len, b->people.ordinary->len);
}

static gboolean
run (Bench *b)
{
  g_autofree char *load_before = load_average ();
  g_autofree char *load_after = NULL;
  gboolean ok, card_empty = FALSE;
  struct rusage usage;

  ok = check_answers (b, &card_empty);
  g_print ("\n| question | rows | cold | p50 | p95 | max | CPU p50 (p95) | baseline p50 "
           "(p95), runs | ratio (baseline p95 / p95) | goal p95 < %.0f ms met |\n"
           "|---|---|---|---|---|---|---|---|---|---|\n", GOAL_MS);
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      const Question *q = &questions[i];
      gboolean card = q->ask == ask_card || q->ask == ask_heavy_card;
      Stats ours, base;
      gboolean met;

      if (b->only != NULL && strstr (q->what, b->only) == NULL)
        continue;
      ours = measure (b, b->replica, q, b->reps);
      base = measure (b, b->baseline, q, b->baseline_reps);
      met = ours.p95 < GOAL_MS && !(card && card_empty);
      g_print ("| %s%s | %u | %.1f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms (%.2f) | %.1f ms "
               "(%.1f), %u | %.0f× | %s |\n", q->what, q->varied ? " (varied)" : "", ours.rows,
               ours.cold, ours.p50, ours.p95, ours.max, ours.cpu_p50, ours.cpu_p95, base.p50,
               base.p95, base.n, ours.p95 > 0 ? base.p95 / ours.p95 : 0, met ? "yes" : "NO");
      ok &= met;
    }
  load_after = load_average ();
  getrusage (RUSAGE_SELF, &usage);
  g_print ("\n%u repetitions each after one cold asking, the baseline %u; rows: the mean per "
           "answer; peak RSS %.1f MiB; load average %s before, %s after\n", b->reps,
           b->baseline_reps, (double) usage.ru_maxrss / 1024.0, load_before, load_after);
  if (card_empty)
    g_print ("the customer timeline came back EMPTY: loket_replica_customer_timeline does not "
             "answer yet, so the card's figures measure nothing\n");
  return ok && !card_empty;
}

static void
remove_files (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static guint
scaled (Bench *b, guint n)
{
  return MAX (1, (guint) (n * b->scale + 0.5));
}

static gboolean
parse_options (Bench *b, int *argc, char ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the cases benchmark");
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &b->scale,
      "Scale of every table (1.0: 200,000 cases, 1,000,000 contact moments)", "F" },
    { "reps", 0, 0, G_OPTION_ARG_INT, &b->reps, "Repetitions of each question (200)", "N" },
    { "baseline-reps", 0, 0, G_OPTION_ARG_INT, &b->baseline_reps,
      "Repetitions of each baseline question (20)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &b->cases.seed, "Seed of the generated rows (1)", "N" },
    { "fts-after", 0, 0, G_OPTION_ARG_NONE, &b->cases.fts_after,
      "Fill cases_fts after the cases instead of by its trigger", NULL },
    { "pragma", 0, 0, G_OPTION_ARG_STRING_ARRAY, &b->pragmas,
      "Run PRAGMA TEXT on both connections first (to try a setting; repeatable)", "TEXT" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &b->only,
      "Measure only the questions whose description holds TEXT", "TEXT" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &b->keep,
      "Work in DIR and keep the files (an existing replica there is asked as it is)", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error) || b->reps < 1
      || b->baseline_reps < 1 || b->scale <= 0)
    {
      g_printerr ("loket-bench-cases: %s\n",
                  error != NULL ? error->message
                                : "repetitions must be at least 1 and the scale above 0");
      return FALSE;
    }
  return TRUE;
}

static void
prepare_files (Bench *b)
{
  b->dir = b->keep != NULL ? g_strdup (b->keep) : g_dir_make_tmp ("loket-bench-cases-XXXXXX",
                                                                   NULL);
  g_mkdir_with_parents (b->dir, 0700);
  b->cases.path = g_build_filename (b->dir, "cases.db", NULL);
  b->cases.baseline_path = g_build_filename (b->dir, "cases-baseline.db", NULL);
  b->cases.n_customers = scaled (b, 100000);
  b->cases.n_cases = scaled (b, 200000);
  b->cases.n_contacts = scaled (b, 1000000);
  b->cases.n_appointments = scaled (b, 300000);
  b->cases.n_notes = scaled (b, 200000);
  b->cases.n_callbacks = scaled (b, 50000);
  if (g_file_test (b->cases.path, G_FILE_TEST_EXISTS))
    g_print ("using %s as it is\n", b->cases.path);
  else
    bench_cases_fill (&b->cases);
  if (g_file_test (b->cases.baseline_path, G_FILE_TEST_EXISTS))
    g_print ("using %s as it is\n", b->cases.baseline_path);
  else
    bench_baseline_make (&b->cases);
}

/* The distinct values of column in a list's rows (a few of them): what the filters choose
 * from, so each choice narrows a list the user has. */
static GPtrArray *
choices_of (LoketReplica *replica, LoketCaseList which, const char *column)
{
  g_autoptr(GListModel) rows = loket_replica_list_cases (replica, which, NULL, 0);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (rows) && ids->len < 8; i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      const char *id = loket_record_get_string (row, column);

      if (*id != '\0' && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_assert (ids->len >= 2);
  return ids;
}

int
main (int argc, char **argv)
{
  Bench b = { .reps = 200, .baseline_reps = 20, .scale = 1.0, .cases.seed = 1 };
  gboolean ok;

  setlocale (LC_ALL, "");
  if (!parse_options (&b, &argc, &argv))
    return 2;
  prepare_files (&b);
  b.replica = open_replica (&b, b.cases.path);
  b.baseline = open_replica (&b, b.cases.baseline_path);
  bench_cases_find_people (b.replica, N_ORDINARY, &b.people);
  b.product_ids = choices_of (b.replica, LOKET_CASE_LIST_TEAM, "product_id");
  b.case_type_ids = choices_of (b.replica, LOKET_CASE_LIST_OVERDUE, "case_type_id");
  print_people (&b);

  ok = run (&b);
  g_clear_object (&b.replica);
  g_clear_object (&b.baseline);
  if (b.keep == NULL)
    {
      remove_files (b.cases.path);
      remove_files (b.cases.baseline_path);
      g_rmdir (b.dir);
    }
  bench_people_clear (&b.people);
  g_ptr_array_unref (b.product_ids);
  g_ptr_array_unref (b.case_type_ids);
  g_free (b.cases.path);
  g_free (b.cases.baseline_path);
  g_free (b.dir);
  g_free (b.keep);
  g_free (b.only);
  g_strfreev (b.pragmas);
  return ok ? 0 : 1;
}
