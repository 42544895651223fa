/* Crash tests: SIGKILL the server and, separately, a desk process at random points of push,
 * pull and apply; afterwards nothing acknowledged is lost and nothing is applied twice.
 *
 * A desk is its own process here (loket-desk-sim, $LOKET_DESK_SIM), so it can really die.  It
 * prints one line per step; a round picks a kill moment — a random number of microseconds
 * after the nth line of a kind — and SIGKILLs either the server (restarted at once on the same
 * database and port while the desk keeps retrying) or the desk (started again with --sync
 * only).  After every round the server's database and the replica are read directly
 * (sqlite3, read-only) and compared.
 *
 * Three groups share one server database: the server killed, the desk killed (each with one
 * replica that lives through all rounds, so every round runs on whatever the earlier crashes
 * left behind), and new desks killed within their first, paged download (then equal to a
 * desk that was never killed).  Each group reports where its kills struck.
 *
 * The seed is printed; LOKET_CRASH_SEED=N replays the choices (where a kill strikes still
 * varies with timing), and LOKET_CRASH_ROUNDS=N sets the rounds per group (default 50). */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "loket-schema.h"
#include "loket-test-server.h"

#define DEFAULT_ROUNDS 50
#define CUSTOMERS      2
#define BOOKINGS       3
#define MADE           (CUSTOMERS + BOOKINGS)
#define RUN_TIMEOUT_MS 120000
#define RETRY_MS       "60000"
#define MIN_WINDOW_US  200

/* Where a round's kill struck, judged from the lines read and both databases. */
typedef enum {
  AT_WRITING,      /* the desk was still making its local changes */
  AT_PUSH_NONE,    /* syncing; the server had applied none of this round's changes */
  AT_PUSH_PART,    /* the server had applied some of them (killed between transactions) */
  AT_ANSWER_LOST,  /* the server had applied them; the desk had not stored the answer */
  AT_PULL,         /* the answer was stored; the pull or its apply was under way */
  AT_AFTER,        /* the sync had finished: the kill tested nothing */
  N_AT
} KillPoint;

static const char *const point_names[N_AT] = {
  "writing", "push, none applied", "push, part applied", "applied, answer not stored",
  "pull/apply", "after the sync",
};

typedef enum {
  ON_WRITE,       /* "customer …" or "booked …": a local write committed */
  ON_SYNC_START,  /* "sync-start …" */
  ON_CHANGED,     /* "changed …": push results or a pull page committed */
  N_TRIGGERS
} Trigger;

static const char *const trigger_names[N_TRIGGERS] = { "write", "sync-start", "changed" };

typedef struct {
  char            *dir;
  char            *server_db;
  char            *username;
  LoketTestServer *server;
  guint16          port;
  GRand           *rand;
  guint            rounds;
  gint64           next_seed;  /* of desk-sim runs; names what each run made */
  guint            made;       /* bookings made by all desks so far */
} Crash;

typedef struct {
  char   *replica;
  char   *device_id;
  /* How long after each kind of line the interesting part lasts: a local write, the whole
   * sync, the pull after the push's answer.  Measured once, then adapted round by round. */
  gint64  window_us[N_TRIGGERS];
  gint64  first_sync_us;  /* the first, full download */
  guint   first_pages;    /* … and its pages */
  guint   points[N_AT];
} Desk;

typedef struct _Run Run;

struct _Run {
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *lines;
  gboolean          eof, exited, done;
  gint64            at[N_TRIGGERS];  /* when the first line of each kind was read */
  gint64            synced_us;
  /* The kill plan: delay_us after the nth line of the trigger's kind, then kill (run). */
  Trigger           trigger;
  guint             nth, seen;
  gint64            delay_us;
  void            (*kill) (Run *run);
  gpointer          kill_data;
  GSource          *timer;
  gboolean          killed;
  guint             lines_at_kill;  /* lines read when the kill was sent */
};

/* One round of a group. */
typedef struct {
  Crash  *crash;
  Desk   *desk;
  gint64  seed;         /* of the round's first desk-sim run */
  gint64  base_seq;     /* the device's last_seq on the server before the round */
  gint64  seq_at_kill;  /* … and right after the server was killed */
} Round;

/* ---- databases (read-only; WAL lets the test read while the server writes) ----------------- */

static sqlite3 *
db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* Every row of sql (one text parameter or none), each as "column=value|…". */
static GPtrArray *
db_rows (sqlite3 *db, const char *sql, const char *param, gboolean with_names)
{
  sqlite3_stmt *stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (row, '|');
          if (with_names)
            g_string_append_printf (row, "%s=", sqlite3_column_name (stmt, i));
          g_string_append (row, value != NULL ? value : "<null>");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return rows;
}

/* The first row's columns as "a|b|…"; a query that must give one row. */
static char *
db_text (sqlite3 *db, const char *sql, const char *param)
{
  g_autoptr(GPtrArray) rows = db_rows (db, sql, param, FALSE);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_strdup (g_ptr_array_index (rows, 0));
}

static gint64
db_int (sqlite3 *db, const char *sql, const char *param)
{
  g_autofree char *text = db_text (db, sql, param);

  return g_ascii_strtoll (text, NULL, 10);
}

static gint64
state_int (sqlite3 *replica, const char *key)
{
  return db_int (replica, "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM sync_state "
                          "WHERE key = ?), 0)", key);
}

static gint64
log_head (sqlite3 *server)
{
  return db_int (server, "SELECT coalesce (max (seq), 0) FROM change_log", NULL);
}

static gint64
server_device_seq (Crash *c, Desk *d)
{
  sqlite3 *server = db_open (c->server_db);
  gint64 seq = db_int (server, "SELECT last_seq FROM devices WHERE id = ?", d->device_id);

  sqlite3_close (server);
  return seq;
}

/* ---- a desk-sim process, read line by line ------------------------------------------------ */

/* A desk must not outlive a test that aborted. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
fire (Run *run)
{
  g_clear_pointer (&run->timer, g_source_destroy);
  if (run->killed || run->kill == NULL)
    return;
  run->killed = TRUE;
  run->lines_at_kill = run->lines->len;
  run->kill (run);
}

static gboolean
on_ready (GSource *source, GSourceFunc callback, gpointer data)
{
  fire (data);
  return G_SOURCE_REMOVE;
}

/* A timer in microseconds: the main loop keeps ready times in µs (g_timeout_add: ms). */
static GSourceFuncs ready_funcs = { .dispatch = on_ready };

static void
arm (Run *run)
{
  if (run->delay_us <= 0)
    {
      fire (run);
      return;
    }
  run->timer = g_source_new (&ready_funcs, sizeof (GSource));
  g_source_set_callback (run->timer, NULL, run, NULL);
  g_source_set_ready_time (run->timer, g_get_monotonic_time () + run->delay_us);
  g_source_attach (run->timer, NULL);
  g_source_unref (run->timer);
}

static gboolean
line_is (const char *line, Trigger trigger)
{
  if (trigger == ON_WRITE)
    return g_str_has_prefix (line, "customer ") || g_str_has_prefix (line, "booked ");
  return g_str_has_prefix (line, trigger_names[trigger])
         && line[strlen (trigger_names[trigger])] == ' ';
}

static void
note_line (Run *run, const char *line)
{
  for (guint t = 0; t < N_TRIGGERS; t++)
    if (run->at[t] == 0 && line_is (line, t))
      run->at[t] = g_get_monotonic_time ();
  if (g_str_has_prefix (line, "synced "))
    run->synced_us = g_get_monotonic_time ();
  if (run->kill != NULL && line_is (line, run->trigger) && ++run->seen == run->nth)
    arm (run);
}

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (run->out, result, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      run->eof = TRUE;
      run->done = run->exited;
      return;
    }
  g_ptr_array_add (run->lines, line);
  note_line (run, line);
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;

  g_assert_true (g_subprocess_wait_finish (run->process, result, NULL));
  run->exited = TRUE;
  run->done = run->eof;
}

/* Starts loket-desk-sim on the desk's replica; its output is read while run_wait waits. */
static Run *
run_start (Crash *c, Desk *d, const char *const *args)
{
  const char *sim = g_getenv ("LOKET_DESK_SIM");
  const char *common[] = { sim, "--replica", d->replica, "--server", c->server->url,
                           "--user", c->username, "--password", "demo" };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_assert_nonnull (sim);
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (argv, (char *) common[i]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  run->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);
  run->lines = g_ptr_array_new_with_free_func (g_free);
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->process));
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
  g_subprocess_wait_async (run->process, NULL, on_exited, run);
  return run;
}

/* Waits until the process ended and all its output is read; a kill still planned is off. */
static void
run_wait (Run *run)
{
  loket_test_wait_for (&run->done, RUN_TIMEOUT_MS);
  g_clear_pointer (&run->timer, g_source_destroy);
  run->kill = NULL;
}

/* The run ended by itself with exit 0. */
static void
run_assert_ok (Run *run)
{
  if (g_subprocess_get_if_exited (run->process)
      && g_subprocess_get_exit_status (run->process) == 0)
    return;
  for (guint i = 0; i < run->lines->len; i++)
    g_printerr ("  desk-sim: %s\n", (const char *) g_ptr_array_index (run->lines, i));
  g_error ("loket-desk-sim failed (wait status %d)", g_subprocess_get_status (run->process));
}

static void
run_free (Run *run)
{
  g_clear_object (&run->out);
  g_clear_object (&run->process);
  g_ptr_array_unref (run->lines);
  g_free (run);
}

static Run *
run_to_end (Crash *c, Desk *d, const char *const *args)
{
  Run *run = run_start (c, d, args);

  run_wait (run);
  run_assert_ok (run);
  return run;
}

/* How many of the first n lines start with prefix. */
static guint
run_count (Run *run, guint n, const char *prefix)
{
  guint count = 0;

  for (guint i = 0; i < MIN (n, run->lines->len); i++)
    if (g_str_has_prefix (g_ptr_array_index (run->lines, i), prefix))
      count++;
  return count;
}

/* ---- what a round must leave behind -------------------------------------------------------- */

/* Every row made in the round (found by its name) is on the server exactly once, logged
 * exactly once, as an upsert, and equal on the replica; every id the desk printed is among
 * them.  Returns how many there are. */
static guint
check_made (sqlite3 *server, sqlite3 *replica, const char *table, const char *column,
            const char *pattern, GPtrArray *lines, const char *prefix, guint most)
{
  g_autofree char *ids_sql = g_strdup_printf ("SELECT id FROM %s WHERE %s LIKE ? ORDER BY id",
                                              table, column);
  g_autofree char *log_sql = g_strdup_printf ("SELECT count(*), coalesce (sum (op = 'upsert'), 0)"
                                              " FROM change_log WHERE entity = '%s' AND row_id = ?",
                                              table);
  g_autofree char *row_sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table);
  g_autoptr(GPtrArray) on_server = db_rows (server, ids_sql, pattern, FALSE);
  g_autoptr(GPtrArray) on_replica = db_rows (replica, ids_sql, pattern, FALSE);

  g_assert_cmpuint (on_server->len, <=, most);
  g_assert_cmpuint (on_replica->len, ==, on_server->len);
  for (guint i = 0; i < on_server->len; i++)
    {
      const char *id = g_ptr_array_index (on_server, i);
      g_autofree char *logged = db_text (server, log_sql, id);
      g_autoptr(GPtrArray) server_row = db_rows (server, row_sql, id, TRUE);
      g_autoptr(GPtrArray) replica_row = db_rows (replica, row_sql, id, TRUE);

      g_assert_cmpstr (g_ptr_array_index (on_replica, i), ==, id);
      g_assert_cmpstr (logged, ==, "1|1");
      g_assert_cmpuint (server_row->len, ==, 1);
      g_assert_cmpuint (replica_row->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (replica_row, 0), ==, g_ptr_array_index (server_row, 0));
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *id = NULL;

      if (!g_str_has_prefix (line, prefix))
        continue;
      id = g_strndup (line + strlen (prefix), strcspn (line + strlen (prefix), " "));
      g_assert_true (g_ptr_array_find_with_equal_func (on_server, id, g_str_equal, NULL));
    }
  return on_server->len;
}

/* Every sequence number the desk used was applied on the server exactly once, with exactly one
 * stored outcome; nothing is left to send; the desk is at the head of the log.  One desk books
 * only places its replica shows free, so a refusal would mean a change met its own earlier
 * copy. */
static void
check_device (sqlite3 *server, sqlite3 *replica, Desk *d)
{
  gint64 last = db_int (server, "SELECT last_seq FROM devices WHERE id = ?", d->device_id);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|1|%"
                                               G_GINT64_FORMAT "|0", last, last, last);
  g_autofree char *outcomes = db_text (server,
    "SELECT count(*), count(DISTINCT seq), min(seq), max(seq), "
    "  sum(outcome != 'applied' OR code != '') FROM mutation_outcomes WHERE device_id = ?",
    d->device_id);
  g_autofree char *left = db_text (replica, "SELECT (SELECT count(*) FROM outbox), "
                                            "(SELECT count(*) FROM sync_issues)", NULL);

  g_assert_cmpint (state_int (replica, "last_local_seq"), ==, last);
  g_assert_cmpstr (outcomes, ==, expected);
  g_assert_cmpstr (left, ==, "0|0");
  g_assert_cmpint (state_int (replica, "cursor"), ==, log_head (server));
}

static void
check_round (Round *round, Run *first, Run *last)
{
  sqlite3 *server = db_open (round->crash->server_db);
  sqlite3 *replica = db_open (round->desk->replica);
  g_autofree char *names = g_strdup_printf ("Sim %" G_GINT64_FORMAT " klant %%", round->seed);
  g_autofree char *reasons = g_strdup_printf ("sim %" G_GINT64_FORMAT " booking %%",
                                              round->seed);
  g_autofree char *synced = g_strdup_printf ("synced pending=0 cursor=%" G_GINT64_FORMAT,
                                             state_int (replica, "cursor"));

  g_assert_cmpuint (last->lines->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (last->lines, last->lines->len - 1), ==, synced);
  check_device (server, replica, round->desk);
  check_made (server, replica, "customers", "name", names, first->lines, "customer ", CUSTOMERS);
  round->crash->made += check_made (server, replica, "appointments", "reason", reasons,
                                    first->lines, "booked ", BOOKINGS);
  g_assert_cmpint (db_int (server, "SELECT count(*) FROM appointments WHERE reason LIKE ? "
                                   "AND status != 'booked'", reasons), ==, 0);
  sqlite3_close (replica);
  sqlite3_close (server);
}

/* After a group: every booking any desk ever made is on the server once and on this desk. */
static void
check_all_made (Crash *c, Desk *d)
{
  sqlite3 *server = db_open (c->server_db);
  sqlite3 *replica = db_open (d->replica);
  const char *ids = "SELECT id FROM appointments WHERE reason LIKE 'sim % booking %' ORDER BY id";
  g_autoptr(GPtrArray) on_server = db_rows (server, ids, NULL, FALSE);
  g_autoptr(GPtrArray) on_replica = db_rows (replica, ids, NULL, FALSE);

  g_assert_cmpuint (on_server->len, ==, c->made);
  g_assert_cmpuint (on_replica->len, ==, c->made);
  for (guint i = 0; i < on_server->len; i++)
    g_assert_cmpstr (g_ptr_array_index (on_server, i), ==, g_ptr_array_index (on_replica, i));
  g_assert_cmpint (db_int (server, "SELECT count(DISTINCT reason) FROM appointments "
                                   "WHERE reason LIKE 'sim % booking %'", NULL), ==, c->made);
  sqlite3_close (replica);
  sqlite3_close (server);
}

/* ---- desks --------------------------------------------------------------------------------- */

static char *
take_seed (Crash *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, ++c->next_seed);
}

/* One round's changes, made and synced without trouble, to time the windows. */
static void
calibrate (Crash *c, Desk *d)
{
  g_autofree char *seed = take_seed (c);
  const char *args[] = { "--customers", G_STRINGIFY (CUSTOMERS), "--book", G_STRINGIFY (BOOKINGS),
                         "--sync", "--seed", seed, NULL };
  Round round = { c, d, c->next_seed };
  Run *run = run_to_end (c, d, args);

  check_round (&round, run, run);
  d->window_us[ON_WRITE] = (run->at[ON_SYNC_START] - run->at[ON_WRITE]) * 2 / (MADE - 1);
  d->window_us[ON_SYNC_START] = run->synced_us - run->at[ON_SYNC_START];
  d->window_us[ON_CHANGED] = run->synced_us - run->at[ON_CHANGED];
  for (guint t = 0; t < N_TRIGGERS; t++)
    d->window_us[t] = MAX (d->window_us[t], MIN_WINDOW_US);
  run_free (run);
}

/* A new replica, logged in and synced, with its windows timed. */
static Desk *
desk_new (Crash *c, const char *name)
{
  const char *args[] = { "--login", "--sync", NULL };
  Desk *d = g_new0 (Desk, 1);
  g_autofree char *file = g_strconcat ("desk-", name, ".db", NULL);
  Run *run;
  sqlite3 *replica;

  d->replica = g_build_filename (c->dir, file, NULL);
  run = run_to_end (c, d, args);
  d->first_sync_us = run->synced_us - run->at[ON_SYNC_START];
  d->first_pages = run_count (run, run->lines->len, "changed ");
  run_free (run);
  replica = db_open (d->replica);
  d->device_id = db_text (replica, "SELECT value FROM sync_state WHERE key = 'device_id'", NULL);
  sqlite3_close (replica);
  calibrate (c, d);
  g_test_message ("desk %s: first download %" G_GINT64_FORMAT " us in %u pages; a round's "
                  "write %" G_GINT64_FORMAT " us, sync %" G_GINT64_FORMAT " us, its pull %"
                  G_GINT64_FORMAT " us", name, d->first_sync_us, d->first_pages,
                  d->window_us[ON_WRITE], d->window_us[ON_SYNC_START], d->window_us[ON_CHANGED]);
  return d;
}

static void
desk_free (Desk *d)
{
  g_free (d->replica);
  g_free (d->device_id);
  g_free (d);
}

/* ---- kills ---------------------------------------------------------------------------------- */

static void
kill_desk (Run *run)
{
  g_subprocess_send_signal (run->process, SIGKILL);
}

/* A power cut at the server; it comes back at once on the same database and port, while the
 * desk goes on (and retries). */
static void
kill_server (Run *run)
{
  Round *round = run->kill_data;
  Crash *c = round->crash;
  g_autoptr(GError) error = NULL;

  loket_test_server_kill (c->server);
  g_clear_pointer (&c->server, loket_test_server_free);
  round->seq_at_kill = server_device_seq (c, round->desk);
  c->server = loket_test_server_start (c->server_db, FALSE, c->port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->server->port, ==, c->port);
}

static gint64
random_delay (Crash *c, gint64 window_us)
{
  return g_rand_int_range (c->rand, 0, (gint32) MIN (window_us, G_MAXINT32 - 1) + 1);
}

/* Mostly a moment within the sync; some kills among the local writes; some once the push's
 * answer is stored, while the pull runs. */
static void
plan_kill (Crash *c, Desk *d, Run *run, void (*kill) (Run *), gpointer data)
{
  guint dice = (guint) g_rand_int_range (c->rand, 0, 100);

  run->trigger = dice < 20 ? ON_WRITE : dice < 80 ? ON_SYNC_START : ON_CHANGED;
  run->nth = run->trigger == ON_WRITE ? (guint) g_rand_int_range (c->rand, 1, MADE + 1) : 1;
  run->delay_us = random_delay (c, d->window_us[run->trigger]);
  run->kill = kill;
  run->kill_data = data;
}

/* The speed of the machine changes while the test runs (other tests, sanitizers): a kill that
 * came after the sync narrows its window, one within widens it a little. */
static void
adapt (Desk *d, Run *run, KillPoint point)
{
  gint64 *window = &d->window_us[run->trigger];

  *window = point == AT_AFTER ? MAX (*window * 3 / 4, MIN_WINDOW_US) : *window * 21 / 20;
}

static void
note_point (const char *group, guint r, Desk *d, Run *run, KillPoint point)
{
  d->points[point]++;
  adapt (d, run, point);
  g_test_message ("%s round %u: kill %" G_GINT64_FORMAT " us after %s line %u: %s", group, r,
                  run->delay_us, trigger_names[run->trigger], run->nth, point_names[point]);
}

/* All rounds of a group on one desk; then every booking ever made is still there once.  Most
 * kills must have struck before the sync ended, or the group tested little. */
static void
run_group (Crash *c, const char *group, void (*round) (Crash *, Desk *, guint))
{
  gint64 start = g_get_monotonic_time ();
  Desk *d = desk_new (c, group);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; r < c->rounds; r++)
    round (c, d, r);
  check_all_made (c, d);
  for (guint i = 0; i < N_AT; i++)
    g_string_append_printf (text, "%s%s %u", i > 0 ? ", " : "", point_names[i], d->points[i]);
  g_test_message ("%s: %u rounds in %.1f s, killed at: %s", group, c->rounds,
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, text->str);
  g_assert_cmpuint (d->points[AT_AFTER], <=, c->rounds / 2);
  desk_free (d);
}

/* ---- the server is killed ------------------------------------------------------------------ */

static KillPoint
server_point (Round *round, Run *run)
{
  gint64 applied = round->seq_at_kill - round->base_seq;

  if (!run->killed || run_count (run, run->lines_at_kill, "synced ") > 0)
    return AT_AFTER;
  if (run_count (run, run->lines_at_kill, "changed ") > 0)
    return AT_PULL;
  if (applied == 0)
    return run_count (run, run->lines_at_kill, "sync-start ") > 0 ? AT_PUSH_NONE : AT_WRITING;
  return applied < MADE ? AT_PUSH_PART : AT_ANSWER_LOST;
}

static void
server_round (Crash *c, Desk *d, guint r)
{
  g_autofree char *seed = take_seed (c);
  const char *args[] = { "--customers", G_STRINGIFY (CUSTOMERS), "--book", G_STRINGIFY (BOOKINGS),
                         "--sync", "--retry-ms", RETRY_MS, "--seed", seed, NULL };
  Round round = { c, d, c->next_seed, server_device_seq (c, d) };
  Run *run = run_start (c, d, args);

  plan_kill (c, d, run, kill_server, &round);
  run_wait (run);
  run_assert_ok (run);
  /* The desk was quicker than the planned moment: the power cut comes after the sync. */
  if (!run->killed)
    kill_server (run);
  note_point ("server", r, d, run, server_point (&round, run));
  check_round (&round, run, run);
  run_free (run);
}

static void
test_server_killed (gconstpointer data)
{
  run_group ((Crash *) data, "server", server_round);
}

/* ---- the desk is killed -------------------------------------------------------------------- */

/* Judged from all the dead desk printed and what its replica and the server hold. */
static KillPoint
desk_point (Round *round, Run *run)
{
  sqlite3 *server, *replica;
  gint64 outbox, first, cursor, applied, head;

  if (!g_subprocess_get_if_signaled (run->process)
      || run_count (run, run->lines->len, "synced ") > 0)
    return AT_AFTER;
  g_assert_cmpint (g_subprocess_get_term_sig (run->process), ==, SIGKILL);
  server = db_open (round->crash->server_db);
  replica = db_open (round->desk->replica);
  outbox = db_int (replica, "SELECT count(*) FROM outbox", NULL);
  first = db_int (replica, "SELECT coalesce (min (seq), 0) FROM outbox", NULL);
  cursor = state_int (replica, "cursor");
  applied = db_int (server, "SELECT last_seq FROM devices WHERE id = ?", round->desk->device_id);
  head = log_head (server);
  sqlite3_close (replica);
  sqlite3_close (server);
  if (outbox > 0 && applied >= first)
    return AT_ANSWER_LOST;
  if (outbox > 0)
    return run_count (run, run->lines->len, "sync-start ") > 0 ? AT_PUSH_NONE : AT_WRITING;
  return cursor < head ? AT_PULL : AT_AFTER;
}

static void
desk_round (Crash *c, Desk *d, guint r)
{
  g_autofree char *seed = take_seed (c);
  const char *args[] = { "--customers", G_STRINGIFY (CUSTOMERS), "--book", G_STRINGIFY (BOOKINGS),
                         "--sync", "--seed", seed, NULL };
  const char *again[] = { "--sync", NULL };
  Round round = { c, d, c->next_seed };
  Run *run = run_start (c, d, args);
  Run *rerun;

  plan_kill (c, d, run, kill_desk, NULL);
  run_wait (run);
  if (!g_subprocess_get_if_signaled (run->process))
    run_assert_ok (run);
  note_point ("desk", r, d, run, desk_point (&round, run));

  /* The clerk starts the desk again; it only syncs. */
  rerun = run_start (c, d, again);
  run_wait (rerun);
  run_assert_ok (rerun);
  check_round (&round, run, rerun);
  run_free (rerun);
  run_free (run);
}

static void
test_desk_killed (gconstpointer data)
{
  run_group ((Crash *) data, "desk", desk_round);
}

/* ---- a new desk is killed during its first, paged download --------------------------------- */

/* Two replicas of the same user at the head of the log hold the same rows. */
static void
check_same_replicas (Crash *c, Desk *a, Desk *b)
{
  sqlite3 *server = db_open (c->server_db);
  sqlite3 *first = db_open (a->replica);
  sqlite3 *second = db_open (b->replica);
  const char *const *entities = loket_schema_entities ();

  g_assert_cmpint (state_int (first, "cursor"), ==, log_head (server));
  g_assert_cmpint (state_int (second, "cursor"), ==, log_head (server));
  g_assert_cmpint (db_int (second, "SELECT count(*) FROM outbox", NULL), ==, 0);
  for (guint i = 0; entities[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", entities[i],
                                              loket_schema_key_column (entities[i]));
      g_autoptr(GPtrArray) rows_a = db_rows (first, sql, NULL, TRUE);
      g_autoptr(GPtrArray) rows_b = db_rows (second, sql, NULL, TRUE);

      g_assert_cmpuint (rows_b->len, ==, rows_a->len);
      for (guint r = 0; r < rows_a->len; r++)
        g_assert_cmpstr (g_ptr_array_index (rows_b, r), ==, g_ptr_array_index (rows_a, r));
    }
  sqlite3_close (second);
  sqlite3_close (first);
  sqlite3_close (server);
}

/* A fresh desk logs in, is killed within a random page of its first download, syncs again and
 * must then hold what the reference desk holds.  Returns the pages it had committed when it
 * died (G_MAXUINT: it finished first). */
static guint
first_pull_round (Crash *c, Desk *reference, guint r, gint64 *page_us)
{
  const char *login[] = { "--login", NULL };
  const char *sync[] = { "--sync", NULL };
  g_autofree char *dir = g_build_filename (c->dir, "fresh", NULL);
  Desk fresh = { .replica = g_build_filename (dir, "replica.db", NULL) };
  guint page = (guint) g_rand_int_range (c->rand, 0, (gint32) MAX (reference->first_pages, 1));
  Run *run;
  guint pages;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  run_free (run_to_end (c, &fresh, login));
  run = run_start (c, &fresh, sync);
  run->trigger = page == 0 ? ON_SYNC_START : ON_CHANGED;
  run->nth = MAX (page, 1);
  run->delay_us = random_delay (c, *page_us);
  run->kill = kill_desk;
  run_wait (run);
  pages = g_subprocess_get_if_signaled (run->process)
          ? run_count (run, run->lines->len, "changed ") : G_MAXUINT;
  *page_us = pages == G_MAXUINT ? MAX (*page_us * 3 / 4, MIN_WINDOW_US) : *page_us * 21 / 20;
  g_test_message ("first-pull round %u: kill %" G_GINT64_FORMAT " us after %s line %u: %s%u "
                  "pages committed", r, run->delay_us, trigger_names[run->trigger], run->nth,
                  pages == G_MAXUINT ? "too late, " : "", run_count (run, G_MAXUINT, "changed "));
  run_free (run);

  run_free (run_to_end (c, &fresh, sync));
  check_same_replicas (c, reference, &fresh);
  loket_test_remove_tree (dir);
  g_free (fresh.replica);
  return pages;
}

static void
test_first_pull_killed (gconstpointer data)
{
  Crash *c = (Crash *) data;
  Desk *reference = desk_new (c, "reference");
  gint64 page_us = reference->first_sync_us / MAX (reference->first_pages, 1);
  guint rounds = MAX (c->rounds / 5, 1), killed = 0;

  for (guint r = 0; r < rounds; r++)
    killed += first_pull_round (c, reference, r, &page_us) != G_MAXUINT;
  g_test_message ("first download killed in %u of %u rounds", killed, rounds);
  desk_free (reference);
}

/* ---- one server for all groups -------------------------------------------------------------- */

static void
crash_set_up (Crash *c)
{
  const char *seed_text = g_getenv ("LOKET_CRASH_SEED");
  const char *rounds_text = g_getenv ("LOKET_CRASH_ROUNDS");
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                   : g_random_int ();
  g_autoptr(GError) error = NULL;

  c->rounds = rounds_text != NULL ? (guint) g_ascii_strtoull (rounds_text, NULL, 10)
                                  : DEFAULT_ROUNDS;
  g_test_message ("seed %u (replay with LOKET_CRASH_SEED=%u), %u rounds per group", seed, seed,
                  c->rounds);
  c->rand = g_rand_new_with_seed (seed);
  c->dir = g_dir_make_tmp ("loket-crash-XXXXXX", NULL);
  c->server_db = g_build_filename (c->dir, "server.db", NULL);
  c->server = loket_test_server_start (c->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  c->port = c->server->port;
  c->username = loket_test_db_text (c->server_db,
                                    "SELECT username FROM users WHERE role_id = 'medewerker' "
                                    "AND location_id IS NOT NULL ORDER BY username LIMIT 1");
  g_assert_nonnull (c->username);
}

static void
crash_tear_down (Crash *c)
{
  g_clear_pointer (&c->server, loket_test_server_free);
  loket_test_remove_tree (c->dir);
  g_free (c->dir);
  g_free (c->server_db);
  g_free (c->username);
  g_rand_free (c->rand);
}

int
main (int argc, char *argv[])
{
  Crash crash = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  crash_set_up (&crash);
  g_test_add_data_func ("/crash/server-killed", &crash, test_server_killed);
  g_test_add_data_func ("/crash/desk-killed", &crash, test_desk_killed);
  g_test_add_data_func ("/crash/desk-killed-in-first-pull", &crash, test_first_pull_killed);
  status = g_test_run ();
  crash_tear_down (&crash);
  return status;
}
