/* loket-bench.c — the sync benchmark (issue 3): prints figures, is not a timed test.
 *
 * On a generated municipality (loket-bench-org.c) served by a real loket-sync on loopback:
 *   1. the initial pull of a full replica by a fresh desk (from the server's snapshot file,
 *      and paging through the change log from 0), against `sqlite3 -json` dumping the same
 *      rows from the server's database;
 *   2. the push of what a desk queued during a day offline (bookings, new customers,
 *      cancellations), against a raw SQLite insert of the same rows in one transaction;
 *   3. propagation desk A → server → desk B, both running their periodic sync: p50 and p95;
 *   4. peak memory of the server and of the desk.
 * Wall time is what a clerk waits; CPU time (desk + server) is printed beside it because a
 * busy machine stretches the one and not the other.  Every wait runs the main loop against a
 * deadline; nothing sleeps.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loket-bench-org.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define SYNC_DEADLINE_MS   (3600 * 1000)  /* a full pull at scale 1 takes minutes, not hours */
#define IDLE_DEADLINE_MS   (300 * 1000)
#define CHANGE_DEADLINE_MS 5000           /* one propagated change: 25× the goal */
#define N_CHANGES          100
#define MAX_LOST           3              /* changes that did not arrive before we stop trying */

typedef struct {
  double        scale;
  int           seed;
  char         *keep, *sync_bin, *dir, *server_db, *url;
  GSubprocess  *server;
  GRand        *rand;
  GPtrArray    *rows;     /* GStrv: figure, value, cpu, baseline, ratio, goal, met */
  LoketReplica *admin;    /* the fresh desk of the initial pull; desk B afterwards */
  LoketReplica *desk;     /* the desk that works offline; desk A afterwards */
  GArray       *spare;    /* Start: free places kept for desk A's changes */
  gint64        desk_peak_kib;
} Bench;

typedef struct {
  char  *capacity_id, *product_id;
  gint64 start;
} Start;

/* Wall and CPU time of a phase; the desk is this process, children are what it waited for. */
typedef struct {
  gint64 wall_us;
  double wall, desk, server, children;
} Clock;

/* ---- figures, clocks, /proc --------------------------------------------------------------- */

/* One row of the table from "figure|value|cpu|baseline|ratio|goal|met". */
static void G_GNUC_PRINTF (2, 3)
add_row (Bench *b, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (b->rows, g_strsplit (text, "|", 7));
}

static const char *
met (gboolean ok)
{
  return ok ? "yes" : "NO";
}

/* A "Key:   1234 kB" line of a /proc status file, in KiB; -1 when it is not there. */
static gint64
proc_status_kib (const char *path, const char *key)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, key)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

static double
rusage_seconds (int who)
{
  struct rusage u;

  getrusage (who, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of the server, fields 14 and 15 of /proc/PID/stat (after the command). */
static double
server_cpu (Bench *b)
{
  g_autofree char *path = NULL, *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (b->server == NULL)
    return 0;
  path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (b->server));
  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

static void
clock_start (Bench *b, Clock *c)
{
  c->wall_us = g_get_monotonic_time ();
  c->desk = rusage_seconds (RUSAGE_SELF);
  c->children = rusage_seconds (RUSAGE_CHILDREN);
  c->server = server_cpu (b);
}

static void
clock_stop (Bench *b, Clock *c)
{
  c->wall = (double) (g_get_monotonic_time () - c->wall_us) / G_USEC_PER_SEC;
  c->desk = rusage_seconds (RUSAGE_SELF) - c->desk;
  c->children = rusage_seconds (RUSAGE_CHILDREN) - c->children;
  c->server = server_cpu (b) - c->server;
}

static gint64
db_count (LoketDb *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/* Rows of every replicated table; with details, printed one table at a time. */
static gint64
domain_rows (LoketDb *db, gboolean details)
{
  const char *const *entities = loket_schema_entities ();
  gint64 total = 0;

  for (guint i = 0; entities[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", entities[i]);
      gint64 n = db_count (db, sql);

      if (details)
        g_print ("%s %s %" G_GINT64_FORMAT, i > 0 ? "," : "", entities[i], n);
      total += n;
    }
  return total;
}

/* ---- waiting on the main loop ------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until cond holds or timeout_ms pass; FALSE on the deadline. */
static gboolean
wait_until (Condition cond, gpointer data, guint timeout_ms)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (timeout_ms, on_deadline, &late);

  while (!cond (data) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (id);
  return cond (data);
}

typedef struct {
  gboolean done;
  GError  *error;
} Op;

static gboolean
op_done (gpointer data)
{
  return ((Op *) data)->done;
}

static void
on_op_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Op *op = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &op->error);
  else
    loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &op->error);
  op->done = TRUE;
}

static gboolean
finish_op (Op *op, GError **error)
{
  if (!wait_until (op_done, op, SYNC_DEADLINE_MS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the server did not answer in time");
      return FALSE;
    }
  if (op->error == NULL)
    return TRUE;
  g_propagate_error (error, op->error);
  return FALSE;
}

/* Logs in as username (the device is named after it) and syncs until the server has nothing
 * more: what a fresh desk does. */
static gboolean
login_and_sync (Bench *b, LoketSyncClient *client, const char *username, GError **error)
{
  Op login = { 0 }, sync = { 0 };

  loket_sync_client_login_async (client, b->url, username, LOKET_BENCH_PASSWORD, username, NULL,
                                 on_op_done, &login);
  if (!finish_op (&login, error))
    return FALSE;
  loket_sync_client_sync_async (client, NULL, on_op_done, &sync);
  return finish_op (&sync, error);
}

/* ---- the server --------------------------------------------------------------------------- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* loket-sync on a free loopback port; its line per request goes to server.log. */
static gboolean
server_start (Bench *b, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *log = g_build_filename (b->dir, "server.log", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *url;

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  b->server = g_subprocess_launcher_spawn (launcher, error, b->sync_bin, "--db", b->server_db,
                                           "--listen", "127.0.0.1:0", NULL);
  if (b->server == NULL)
    return FALSE;
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (b->server));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line != NULL && (url = strstr (line, "http://")) != NULL)
    {
      b->url = g_strdup (url);
      return TRUE;
    }
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "loket-sync did not start; see %s", log);
  return FALSE;
}

/* SIGTERM and a clean exit 0, as the tests demand of every server they start. */
static gboolean
server_stop (Bench *b, GError **error)
{
  g_subprocess_send_signal (b->server, SIGTERM);
  if (!g_subprocess_wait (b->server, NULL, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (b->server) || g_subprocess_get_exit_status (b->server) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "loket-sync did not stop cleanly");
      return FALSE;
    }
  g_clear_object (&b->server);
  return TRUE;
}

/* ---- 0. the organisation ------------------------------------------------------------------ */

/* In a child process (this program again), so the generator's memory does not count as the
 * desk's. */
static gboolean
generate (Bench *b, GError **error)
{
  g_autofree char *seed = g_strdup_printf ("%d", b->seed);
  char scale[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(LoketDb) db = NULL;
  Clock clock;

  g_ascii_dtostr (scale, sizeof scale, b->scale);
  clock_start (b, &clock);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, "/proc/self/exe", "--generate",
                            b->server_db, "--scale", scale, "--seed", seed, NULL);
  if (child == NULL || !g_subprocess_wait_check (child, NULL, error)
      || (db = loket_db_open (b->server_db, LOKET_SCHEMA_SERVER, error)) == NULL)
    return FALSE;
  clock_stop (b, &clock);
  g_print ("Generated the organisation in %.1f s. Server rows:", clock.wall);
  g_print ("; %" G_GINT64_FORMAT " in all, change log %" G_GINT64_FORMAT " entries\n",
           domain_rows (db, TRUE), db_count (db, "SELECT count(*) FROM change_log"));
  return TRUE;
}

/* ---- 1. the initial pull ------------------------------------------------------------------ */

/* `sqlite3 -json` writing every domain row of the server's database to /dev/null. */
static gboolean
sqlite3_dump (Bench *b, Clock *clock, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *const *entities = loket_schema_entities ();
  const char *argv[] = { "sqlite3", "-json", b->server_db, NULL, NULL };
  int status;

  for (guint i = 0; entities[i] != NULL; i++)
    g_string_append_printf (sql, "SELECT * FROM %s;", entities[i]);
  argv[3] = sql->str;
  clock_start (b, clock);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, error)
      || !g_spawn_check_wait_status (status, error))
    return FALSE;
  clock_stop (b, clock);
  return TRUE;
}

/* The rows a full replica holds, copied by SQLite alone from the server's database into an
 * empty replica in one transaction: what writing them costs, without HTTP, JSON or checks. */
static gboolean
raw_copy (Bench *b, Clock *clock, GError **error)
{
  g_autofree char *path = g_build_filename (b->dir, "raw-replica.db", NULL);
  g_autofree char *attach = g_strdup_printf ("ATTACH DATABASE '%s' AS server", b->server_db);
  g_autoptr(LoketDb) db = loket_db_open (path, LOKET_SCHEMA_REPLICA, error);
  const char *const *entities = loket_schema_entities ();

  if (db == NULL || !loket_db_exec (db, attach, error))
    return FALSE;
  clock_start (b, clock);
  if (!loket_db_begin (db, error))
    return FALSE;
  for (guint i = 0; entities[i] != NULL; i++)
    {
      /* The domain tables of both sides come from the same migrations: the same columns. */
      g_autofree char *sql = g_strdup_printf ("INSERT INTO main.%s SELECT * FROM server.%s",
                                              entities[i], entities[i]);

      if (!loket_db_exec (db, sql, error))
        return FALSE;
    }
  if (!loket_db_commit (db, error))
    return FALSE;
  clock_stop (b, clock);
  return TRUE;
}

/* A fresh desk of the full-scope user signs in and downloads its replica: from the server's
 * snapshot file (the default), or paging through the change log from 0.  The clock runs for
 * the download; the sign-in (a deliberately slow password hash) is timed apart. */
static LoketReplica *
fresh_pull (Bench *b, const char *file, gboolean snapshots, Clock *clock, GError **error)
{
  g_autofree char *path = g_build_filename (b->dir, file, NULL);
  g_autoptr(LoketReplica) replica = loket_replica_open (path, error);
  g_autoptr(LoketSyncClient) client = NULL;
  Op login = { 0 }, sync = { 0 };
  Clock signing_in;

  if (replica == NULL)
    return NULL;
  client = loket_sync_client_new (replica);
  loket_sync_client_set_use_snapshots (client, snapshots);
  clock_start (b, &signing_in);
  loket_sync_client_login_async (client, b->url, LOKET_BENCH_ADMIN_USER, LOKET_BENCH_PASSWORD,
                                 file, NULL, on_op_done, &login);
  if (!finish_op (&login, error))
    return NULL;
  clock_stop (b, &signing_in);
  clock_start (b, clock);
  loket_sync_client_sync_async (client, NULL, on_op_done, &sync);
  if (!finish_op (&sync, error))
    return NULL;
  clock_stop (b, clock);
  g_print ("Signing in as %s took %.3f s (not in the pull's figure)\n", LOKET_BENCH_ADMIN_USER,
           signing_in.wall);
  return g_steal_pointer (&replica);
}

static gboolean
measure_pull (Bench *b, GError **error)
{
  g_autoptr(GError) no_baseline = NULL;
  g_autoptr(LoketReplica) paged = NULL;
  Clock dump, pull, paging, raw;
  gboolean dumped = sqlite3_dump (b, &dump, &no_baseline);
  double rows, paged_rows;

  if (!dumped)
    g_print ("No baseline: %s (install the sqlite3 package)\n", no_baseline->message);
  if (!server_start (b, error)
      || (b->admin = fresh_pull (b, "desk-admin.db", TRUE, &pull, error)) == NULL
      || (paged = fresh_pull (b, "desk-paged.db", FALSE, &paging, error)) == NULL)
    return FALSE;
  b->desk_peak_kib = proc_status_kib ("/proc/self/status", "VmHWM:");
  rows = (double) domain_rows (loket_replica_get_db (b->admin), FALSE);
  paged_rows = (double) domain_rows (loket_replica_get_db (paged), FALSE);
  g_print ("Initial pull from a snapshot: %.0f rows in %.2f s (CPU: desk %.2f s, server %.2f s)\n",
           rows, pull.wall, pull.desk, pull.server);
  g_print ("Initial pull paging from 0: %.0f rows in %.2f s (CPU: desk %.2f s, server %.2f s)\n",
           paged_rows, paging.wall, paging.desk, paging.server);
  if (rows != paged_rows)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The snapshot brought %.0f rows, the"
                   " pages %.0f: they must be the same", rows, paged_rows);
      return FALSE;
    }

  if (!dumped)
    {
      add_row (b, "initial pull (sync after sign-in)|%.2f s|desk %.1f s + server %.1f s|n/a: no "
               "sqlite3|-|<= 2x|-", pull.wall, pull.desk, pull.server);
      return TRUE;
    }
  add_row (b, "initial pull (sync after sign-in)|%.2f s|desk %.1f s + server %.1f s|%.2f s (cpu %.2f s)"
           " sqlite3 -json|%.1fx|<= 2x|%s", pull.wall, pull.desk, pull.server, dump.wall,
           dump.children, pull.wall / dump.wall, met (pull.wall <= 2 * dump.wall));
  add_row (b, "initial pull rows/s|%.0f/s|%.0f/s per CPU s|%.0f/s|-|-|-", rows / pull.wall,
           rows / (pull.desk + pull.server), rows / dump.wall);
  add_row (b, "initial pull, paging from 0|%.2f s|desk %.1f s + server %.1f s|%.2f s sqlite3"
           " -json|%.1fx|-|-", paging.wall, paging.desk, paging.server, dump.wall,
           paging.wall / dump.wall);
  /* The dump only reads; a pull must also write every row into indexed tables. */
  if (!raw_copy (b, &raw, error))
    return FALSE;
  add_row (b, "initial pull vs raw copy|%.2f s|-|%.2f s: SQLite copies all server rows into"
           " an empty replica|%.1fx|-|-", pull.wall, raw.wall, pull.wall / raw.wall);
  return TRUE;
}

/* ---- 2. the push after a day offline ------------------------------------------------------ */

static void
start_clear (gpointer data)
{
  Start *s = data;

  g_free (s->capacity_id);
  g_free (s->product_id);
}

/* Free desk places of one capacity on one day, none overlapping another. */
static void
collect_day (LoketReplica *replica, sqlite3_stmt *row, const GDate *date, GDateTime *now,
             guint want, GArray *out)
{
  const char *capacity = (const char *) sqlite3_column_text (row, 0);
  const char *product = (const char *) sqlite3_column_text (row, 1);
  g_autoptr(GArray) slots = loket_replica_free_slots (replica, capacity, product, date, now,
                                                      NULL);
  gint64 free_from = 0;

  for (guint s = 0; slots != NULL && s < slots->len && out->len < want; s++)
    {
      const LoketSlot *slot = &g_array_index (slots, LoketSlot, s);
      Start start = { NULL, NULL, slot->start };

      if (slot->start < free_from)
        continue;
      free_from = slot->end;
      start.capacity_id = g_strdup (capacity);
      start.product_id = g_strdup (product);
      g_array_append_val (out, start);
    }
}

/* Up to want free places from first_day to last_day (days from today), at one location or
 * (NULL) all, each capacity with its quickest product. */
static void
collect_starts (LoketReplica *replica, const char *location_id, int first_day, int last_day,
                guint want, GArray *out)
{
  g_autoptr(sqlite3_stmt) capacities = loket_db_prepare (loket_replica_get_db (replica),
    "SELECT c.id, (SELECT p.id FROM products p WHERE p.group_id = c.group_id"
    "  ORDER BY p.norm_minutes, p.name LIMIT 1) FROM capacities c"
    " WHERE ?1 IS NULL OR c.location_id = ?1 ORDER BY c.location_id, c.name", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (int day = first_day; capacities != NULL && day <= last_day && out->len < want; day++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, day);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (then),
                      (GDateMonth) g_date_time_get_month (then),
                      (GDateYear) g_date_time_get_year (then));
      sqlite3_reset (capacities);
      loket_db_bind_text (capacities, 1, location_id);
      while (out->len < want && sqlite3_step (capacities) == SQLITE_ROW)
        if (sqlite3_column_text (capacities, 1) != NULL)
          collect_day (replica, capacities, &date, now, want, out);
    }
}

/* The ids of up to n rows of a query on the replica. */
static GPtrArray *
replica_ids (LoketReplica *replica, const char *sql, guint n)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (replica), sql, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return ids;
  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ids;
}

/* A BSN no one has: random digits that pass the elfproef, checked against the replica. */
static char *
fresh_bsn (Bench *b, LoketReplica *replica)
{
  for (;;)
    {
      char digits[10];
      g_autofree char *sql = NULL;
      int sum = 0;

      for (int i = 0; i < 8; i++)
        {
          int d = g_rand_int_range (b->rand, i == 0 ? 1 : 0, 10);

          digits[i] = (char) ('0' + d);
          sum += (9 - i) * d;
        }
      if (sum % 11 == 10)
        continue;
      digits[8] = (char) ('0' + sum % 11);
      digits[9] = '\0';
      sql = g_strdup_printf ("SELECT count(*) FROM customers WHERE bsn = '%s'", digits);
      if (db_count (loket_replica_get_db (replica), sql) == 0)
        return g_strdup (digits);
    }
}

typedef struct {
  GPtrArray *touched;    /* "entity\nid" of every row the changes made or changed */
  GPtrArray *customers;  /* existing customers to book for */
  GPtrArray *cancels;    /* future bookings to cancel */
  GArray    *starts;
  guint      next_start, next_cancel;
  char      *new_customer;
} Day;

static void
day_clear (Day *day)
{
  g_clear_pointer (&day->touched, g_ptr_array_unref);
  g_clear_pointer (&day->customers, g_ptr_array_unref);
  g_clear_pointer (&day->cancels, g_ptr_array_unref);
  g_clear_pointer (&day->starts, g_array_unref);
  g_clear_pointer (&day->new_customer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Day, day_clear)

static gboolean
make_customer (Bench *b, Day *day, GError **error)
{
  g_autofree char *bsn = fresh_bsn (b, b->desk);
  g_autofree char *name = g_strdup_printf ("Nieuwe Klant %u", day->touched->len);
  LoketCustomerInput in = { .name = name, .bsn = bsn, .email = "nieuw@example.nl",
                            .phone = "06-12345678", .postcode = "7721 AB",
                            .preferred_channel = "email" };
  char *id = loket_replica_create_customer (b->desk, &in, error);

  if (id == NULL)
    return FALSE;
  g_free (day->new_customer);
  day->new_customer = id;
  g_ptr_array_add (day->touched, g_strconcat ("customers\n", id, NULL));
  return TRUE;
}

/* Half of the bookings are for the customer just made, half for one the desk knew. */
static gboolean
make_booking (Bench *b, Day *day, GError **error)
{
  const Start *s = &g_array_index (day->starts, Start, day->next_start++ % day->starts->len);
  const char *customer = day->new_customer != NULL && g_rand_boolean (b->rand)
    ? day->new_customer
    : g_ptr_array_index (day->customers, g_rand_int_range (b->rand, 0, day->customers->len));
  LoketBookingInput in = { .product_id = s->product_id, .capacity_id = s->capacity_id,
                           .customer_id = customer, .start = s->start,
                           .reason = "Verlopen paspoort", .mode = "fysiek" };
  g_autofree char *id = loket_replica_book_appointment (b->desk, &in, error);

  if (id == NULL)
    return FALSE;
  g_ptr_array_add (day->touched, g_strconcat ("appointments\n", id, NULL));
  return TRUE;
}

static gboolean
make_cancel (Bench *b, Day *day, GError **error)
{
  const char *id;

  if (day->next_cancel >= day->cancels->len)
    return make_booking (b, day, error);
  id = g_ptr_array_index (day->cancels, day->next_cancel++);
  if (!loket_replica_cancel_appointment (b->desk, id, "Afgezegd door de klant", error))
    return FALSE;
  g_ptr_array_add (day->touched, g_strconcat ("appointments\n", id, NULL));
  return TRUE;
}

/* A day at the desk: of every 20 changes 4 new customers, 11 bookings and 5 cancellations. */
static gboolean
work_offline (Bench *b, guint n, Day *day, GError **error)
{
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *cancel_sql = g_strdup_printf ("SELECT id FROM appointments WHERE status ="
    " 'booked' AND start_at > '%s' ORDER BY start_at DESC LIMIT ?", now);

  day->touched = g_ptr_array_new_with_free_func (g_free);
  day->customers = replica_ids (b->desk, "SELECT id FROM customers ORDER BY id LIMIT ?", 5000);
  day->cancels = replica_ids (b->desk, cancel_sql, n / 4);
  day->starts = g_array_new (FALSE, TRUE, sizeof (Start));
  g_array_set_clear_func (day->starts, start_clear);
  collect_starts (b->desk, NULL, 1, 40, n * 11 / 20 + 1, day->starts);
  if (day->customers->len == 0 || day->starts->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the desk sees no customers or places");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (!(i % 20 < 4 ? make_customer (b, day, error)
          : i % 20 < 15 ? make_booking (b, day, error) : make_cancel (b, day, error)))
      return FALSE;
  return TRUE;
}

static void
bind_json (sqlite3_stmt *stmt, int index, JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    sqlite3_bind_null (stmt, index);
  else if (json_node_get_value_type (value) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
}

/* An INSERT for the columns of a row, prepared once per table. */
static sqlite3_stmt *
raw_statement (LoketDb *db, GHashTable *statements, const char *entity, GList *columns)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, entity);
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) marks = NULL;

  if (stmt != NULL)
    return stmt;
  sql = g_string_new (NULL);
  marks = g_string_new (NULL);
  g_string_printf (sql, "INSERT OR REPLACE INTO %s (", entity);
  for (GList *c = columns; c != NULL; c = c->next)
    {
      g_string_append_printf (sql, "%s%s", c == columns ? "" : ", ", (const char *) c->data);
      g_string_append (marks, c == columns ? "?" : ", ?");
    }
  g_string_append_printf (sql, ") VALUES (%s)", marks->str);
  stmt = loket_db_prepare (db, sql->str, NULL);
  g_hash_table_insert (statements, g_strdup (entity), stmt);
  return stmt;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The rows the push made, as the server has them, written into an empty database of the same
 * schema in one transaction with prepared statements: the cost of the bytes alone. */
static gboolean
raw_insert (Bench *b, GPtrArray *touched, Clock *clock, GError **error)
{
  g_autofree char *path = g_build_filename (b->dir, "raw.db", NULL);
  g_autoptr(LoketDb) db = loket_db_open (path, LOKET_SCHEMA_SERVER, error);
  g_autoptr(GHashTable) statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            finalize_statement);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; db != NULL && i < touched->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (touched->pdata[i], "\n", 2);
      JsonObject *row = loket_db_get_row (loket_replica_get_db (b->desk), parts[0], parts[1],
                                          NULL);

      if (row == NULL)
        continue; /* a customer the server merged away */
      g_ptr_array_add (rows, row);
      g_ptr_array_add (entities, g_strdup (parts[0]));
    }
  clock_start (b, clock);
  if (db == NULL || !loket_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GList) columns = json_object_get_members (rows->pdata[i]);
      sqlite3_stmt *stmt = raw_statement (db, statements, entities->pdata[i], columns);
      int index = 1;

      sqlite3_reset (stmt);
      for (GList *c = columns; c != NULL; c = c->next)
        bind_json (stmt, index++, json_object_get_member (rows->pdata[i], c->data));
      if (!loket_db_step_done (db, stmt, error))
        return FALSE;
    }
  if (!loket_db_commit (db, error))
    return FALSE;
  clock_stop (b, clock);
  clock->wall_us = rows->len; /* reused: how many rows went in */
  return TRUE;
}

typedef struct {
  gint64 started;
  gint64 done_at;  /* monotonic µs when the outbox became empty */
} PushWatch;

static void
on_push_progress (LoketReplica *replica, const char *entity, PushWatch *watch)
{
  if (watch->done_at == 0 && loket_replica_count_pending (replica) == 0)
    watch->done_at = g_get_monotonic_time ();
}

/* The push requests the server has logged so far ("POST /v1/sync/push 200 23.8 ms") and the
 * milliseconds it took to answer them. */
static guint
server_pushes (Bench *b, double *ms)
{
  g_autofree char *path = g_build_filename (b->dir, "server.log", NULL);
  g_autofree char *text = NULL;
  const char *marker = "POST /v1/sync/push 200 ";
  guint count = 0;

  *ms = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = strstr (text, marker); p != NULL; p = strstr (p + 1, marker))
    {
      *ms += g_ascii_strtod (p + strlen (marker), NULL);
      count++;
    }
  return count;
}

static gboolean
push (Bench *b, LoketSyncClient *client, guint n, Clock *clock, GError **error)
{
  PushWatch watch = { 0 };
  gulong handler = g_signal_connect (b->desk, "changed", G_CALLBACK (on_push_progress), &watch);
  Op sync = { 0 };
  double ms_before, ms_after;
  guint requests = server_pushes (b, &ms_before);
  gboolean ok;

  clock_start (b, clock);
  loket_sync_client_sync_async (client, NULL, on_op_done, &sync);
  ok = finish_op (&sync, error);
  clock_stop (b, clock);
  g_signal_handler_disconnect (b->desk, handler);
  if (!ok)
    return FALSE;
  g_print ("Push of %u mutations: %.2f s, then the pull of their effects: %.2f s (CPU of both: "
           "desk %.2f s, server %.2f s); %u rejected or conflicting\n", n,
           (double) (watch.done_at - clock->wall_us) / G_USEC_PER_SEC,
           clock->wall - (double) (watch.done_at - clock->wall_us) / G_USEC_PER_SEC, clock->desk,
           clock->server, loket_replica_count_open_issues (b->desk));
  /* What a desk does: the sync client's own batches over HTTP. */
  requests = server_pushes (b, &ms_after) - requests;
  g_print ("The desk sent them in %u requests (%.0f mutations each); the server answered them "
           "in %.2f s in all\n", requests, requests > 0 ? (double) n / requests : 0.0,
           (ms_after - ms_before) / 1000);
  clock->wall = (double) (watch.done_at - clock->wall_us) / G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
measure_push (Bench *b, GError **error)
{
  g_autofree char *path = g_build_filename (b->dir, "desk-balie.db", NULL);
  g_autoptr(LoketSyncClient) client = NULL;
  g_autoptr(LoketRecord) user = NULL;
  guint n = (guint) MAX (100.0, 10000 * b->scale + 0.5);
  g_auto(Day) day = { 0 };
  Clock clock, raw;

  if ((b->desk = loket_replica_open (path, error)) == NULL)
    return FALSE;
  client = loket_sync_client_new (b->desk);
  clock_start (b, &clock);
  if (!login_and_sync (b, client, LOKET_BENCH_DESK_USER, error))
    return FALSE;
  clock_stop (b, &clock);
  g_print ("The clerk's desk pulled its replica in %.2f s\n", clock.wall);
  clock_start (b, &clock);
  if (!work_offline (b, n, &day, error))
    return FALSE;
  clock_stop (b, &clock);
  g_print ("A day offline: %u changes made at the desk in %.1f s (not timed)\n", n, clock.wall);

  if (!push (b, client, n, &clock, error) || !raw_insert (b, day.touched, &raw, error))
    return FALSE;
  /* The floor: the same rows INSERTed into an empty database in one transaction, no checks. */
  g_print ("Raw insert of the %" G_GINT64_FORMAT " rows the push made, in one transaction: "
           "%.3f s (%.0f rows/s); the push took %.1fx as long\n", raw.wall_us, raw.wall,
           raw.wall_us / raw.wall, clock.wall / raw.wall);
  add_row (b, "push after a day offline|%.0f mutations/s|desk+server %.1f s (with the pull)|"
           "%.0f rows/s raw insert (%.2f s)|%.1fx the raw insert|>= 5000/s|%s", n / clock.wall,
           clock.desk + clock.server, raw.wall_us / raw.wall, raw.wall, clock.wall / raw.wall,
           met (n / clock.wall >= 5000));

  /* Places for desk A's changes in phase 3: at its own location, after those used here. */
  user = loket_replica_get_user (b->desk);
  b->spare = g_array_new (FALSE, TRUE, sizeof (Start));
  g_array_set_clear_func (b->spare, start_clear);
  collect_starts (b->desk, loket_record_get_string (user, "location_id"), 41, 55, N_CHANGES,
                  b->spare);
  return TRUE;
}

/* ---- 3. propagation desk A → server → desk B ---------------------------------------------- */

typedef struct {
  LoketSyncClient *client;
  gboolean         has_live;  /* the client has a live channel (WebSocket) to wait for */
} Desk;

/* Synced once since it started, not syncing now, and live when it can be. */
static gboolean
desk_ready (gpointer data)
{
  Desk *desk = data;
  gboolean live = TRUE;

  if (desk->has_live)
    g_object_get (desk->client, "live", &live, NULL);
  return live && !loket_sync_client_get_syncing (desk->client)
         && loket_sync_client_get_last_sync (desk->client) != 0;
}

static gboolean
desks_ready (gpointer data)
{
  Desk *desks = data;

  return desk_ready (&desks[0]) && desk_ready (&desks[1]);
}

static gboolean
not_syncing (gpointer data)
{
  return !loket_sync_client_get_syncing (data);
}

typedef struct {
  const char *appointment_id;  /* the change on its way; NULL between changes */
  gint64      arrived;         /* monotonic µs, 0 until desk B has it */
} Arrival;

static void
on_b_changed (LoketReplica *replica, const char *entity, Arrival *arrival)
{
  g_autoptr(JsonObject) row = NULL;

  if (arrival->appointment_id == NULL || arrival->arrived != 0)
    return;
  row = loket_db_get_row (loket_replica_get_db (replica), "appointments",
                          arrival->appointment_id, NULL);
  if (row != NULL)
    arrival->arrived = g_get_monotonic_time ();
}

static gboolean
has_arrived (gpointer data)
{
  return ((Arrival *) data)->arrived != 0;
}

/* One booking at desk A: ms until desk B has it, -1 when it did not arrive in time. */
static gboolean
propagate_one (Bench *b, Desk *a, Arrival *arrival, const Start *s, double *ms, GError **error)
{
  LoketBookingInput in = { .product_id = s->product_id, .capacity_id = s->capacity_id,
                           .start = s->start, .reason = "Spoed", .mode = "fysiek" };
  g_autofree char *id = NULL;
  gint64 start;

  /* A clean start: A is not busy with its previous sync. */
  wait_until (not_syncing, a->client, IDLE_DEADLINE_MS);
  start = g_get_monotonic_time ();
  if ((id = loket_replica_book_appointment (b->desk, &in, error)) == NULL)
    return FALSE;
  *arrival = (Arrival) { id, 0 };
  wait_until (has_arrived, arrival, CHANGE_DEADLINE_MS);
  arrival->appointment_id = NULL;
  *ms = arrival->arrived == 0 ? -1 : (double) (arrival->arrived - start) / 1000.0;
  return TRUE;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
add_latency_rows (Bench *b, GArray *ms, guint lost, gboolean live, Clock *clock)
{
  const char *how = live ? "live channel" : "no live channel: B polls hourly";
  double p50, p95;

  if (ms->len == 0)
    {
      add_row (b, "propagation A->B p95|none of %u within %d ms|-|%s|-|< 200 ms|NO", lost,
               CHANGE_DEADLINE_MS, how);
      return;
    }
  g_array_sort (ms, compare_double);
  p50 = g_array_index (ms, double, (ms->len - 1) / 2);
  p95 = g_array_index (ms, double, MAX (1, (guint) (0.95 * ms->len + 0.999)) - 1);
  add_row (b, "propagation A->B p50|%.1f ms|desk %.2f s + server %.2f s (all %u)|%s|-|-|-", p50,
           clock->desk, clock->server, ms->len + lost, how);
  add_row (b, "propagation A->B p95|%.1f ms%s|-|%u changes, %u lost|-|< 200 ms|%s", p95,
           lost > 0 ? " of those that came" : "", ms->len + lost, lost,
           met (lost == 0 && p95 < 200));
}

static gboolean
measure_propagation (Bench *b, GError **error)
{
  Desk desks[2] = { { loket_sync_client_new (b->desk) }, { loket_sync_client_new (b->admin) } };
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  Arrival arrival = { 0 };
  guint lost = 0;
  gulong handler;
  gboolean ok = TRUE;
  Clock clock;

  for (guint i = 0; i < 2; i++)
    {
      desks[i].has_live = g_object_class_find_property (G_OBJECT_GET_CLASS (desks[i].client),
                                                        "live") != NULL;
      loket_sync_client_start (desks[i].client, 3600);
    }
  if (!wait_until (desks_ready, desks, IDLE_DEADLINE_MS))
    g_print ("The desks were not both synced%s in time; measuring anyway\n",
             desks[0].has_live ? " and live" : "");
  handler = g_signal_connect (b->admin, "changed", G_CALLBACK (on_b_changed), &arrival);
  clock_start (b, &clock);
  for (guint i = 0; ok && i < MIN (N_CHANGES, b->spare->len) && lost < MAX_LOST; i++)
    {
      double latency = -1;

      ok = propagate_one (b, &desks[0], &arrival, &g_array_index (b->spare, Start, i), &latency,
                          error);
      if (ok && latency < 0)
        lost++;
      else if (ok)
        g_array_append_val (ms, latency);
    }
  clock_stop (b, &clock);
  g_signal_handler_disconnect (b->admin, handler);
  for (guint i = 0; i < 2; i++)
    {
      loket_sync_client_stop (desks[i].client);
      /* A sync still on its way finishes before its client goes. */
      wait_until (not_syncing, desks[i].client, IDLE_DEADLINE_MS);
      g_object_unref (desks[i].client);
    }
  if (ok)
    add_latency_rows (b, ms, lost, desks[0].has_live, &clock);
  return ok;
}

/* ---- 4. memory, the table, the machine ---------------------------------------------------- */

static void
add_memory_rows (Bench *b, gint64 server_kib)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  add_row (b, "server peak RSS|%.1f MiB|-|VmHWM at the end|-|-|-", server_kib / 1024.0);
  add_row (b, "desk peak RSS (initial pulls)|%.1f MiB|-|VmHWM after both pulls|-|-|-",
           b->desk_peak_kib / 1024.0);
  add_row (b, "bench peak RSS (two desks)|%.1f MiB|-|ru_maxrss|-|-|-", usage.ru_maxrss / 1024.0);
}

static void
print_table (Bench *b)
{
  static const char *const heads[] = { "figure", "value", "cpu", "baseline", "ratio", "goal",
                                        "met", NULL };
  int width[7] = { 0 };

  g_ptr_array_insert (b->rows, 0, g_strdupv ((char **) heads));
  for (guint r = 0; r < b->rows->len; r++)
    for (guint c = 0; c < 7; c++)
      width[c] = MAX (width[c], (int) g_utf8_strlen (((GStrv) b->rows->pdata[r])[c], -1));
  g_print ("\n");
  for (guint r = 0; r < b->rows->len; r++)
    {
      for (guint c = 0; c < 7; c++)
        g_print ("%s%*s", ((GStrv) b->rows->pdata[r])[c],
                 c < 6 ? width[c] + 2 - (int) g_utf8_strlen (((GStrv) b->rows->pdata[r])[c], -1)
                       : 0, "");
      g_print ("\n");
    }
}

/* How long one durable commit takes here: the floor under a transaction per mutation. */
static double
commit_ms (Bench *b)
{
  g_autofree char *path = g_build_filename (b->dir, "fsync.db", NULL);
  g_autoptr(LoketDb) db = loket_db_open (path, LOKET_SCHEMA_REPLICA, NULL);
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; db != NULL && i < 50; i++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; INSERT INTO sync_state VALUES"
        " ('bench', '%" G_GINT64_FORMAT "') ON CONFLICT DO UPDATE SET value = excluded.value;"
        " COMMIT", start + i);

      if (!loket_db_exec (db, sql, NULL))
        return -1;
    }
  return (double) (g_get_monotonic_time () - start) / 1000 / 50;
}

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;
  const char *line, *colon;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL)
      || (line = strstr (text, "model name")) == NULL || (colon = strchr (line, ':')) == NULL)
    return g_strdup ("unknown CPU");
  return g_strstrip (g_strndup (colon + 1, strcspn (colon + 1, "\n")));
}

/* The load says whether others shared the machine (wall times suffer, CPU times much less). */
static void
print_machine (Bench *b, const char *when)
{
  g_autofree char *cpu = cpu_model ();
  g_autofree char *load = NULL;

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  g_print ("Machine %s: %u processors, %s; load average %.14s; one synchronous=FULL commit "
           "%.2f ms\n", when, g_get_num_processors (), cpu, load != NULL ? load : "?",
           commit_ms (b));
}

/* ---- main --------------------------------------------------------------------------------- */

static gboolean
run (Bench *b, GError **error)
{
  g_autofree char *status = NULL;
  gint64 server_kib;

  g_print ("Loket sync benchmark: scale %.2f, seed %d, work directory %s\n", b->scale, b->seed,
           b->dir);
  print_machine (b, "before");
  if (!generate (b, error) || !measure_pull (b, error) || !measure_push (b, error)
      || !measure_propagation (b, error))
    return FALSE;
  status = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (b->server));
  server_kib = proc_status_kib (status, "VmHWM:");
  if (!server_stop (b, error))
    return FALSE;
  add_memory_rows (b, server_kib);
  print_machine (b, "after");
  print_table (b);
  return TRUE;
}

static gboolean
make_dir (Bench *b, GError **error)
{
  if (b->keep == NULL && (b->dir = g_dir_make_tmp ("loket-bench-XXXXXX", error)) == NULL)
    return FALSE;
  if (b->keep != NULL)
    b->dir = g_strdup (b->keep);
  b->server_db = g_build_filename (b->dir, "server.db", NULL);
  if (b->keep == NULL)
    return TRUE;
  if (g_mkdir_with_parents (b->dir, 0700) != 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s", b->dir);
  else if (g_file_test (b->server_db, G_FILE_TEST_EXISTS))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 "%s holds an earlier run; give an empty or new directory", b->dir);
  else
    return TRUE;
  return FALSE;
}

static void
bench_clear (Bench *b)
{
  if (b->server != NULL)
    g_subprocess_force_exit (b->server);
  g_clear_object (&b->server);
  g_clear_object (&b->admin);
  g_clear_object (&b->desk);
  g_clear_pointer (&b->spare, g_array_unref);
  g_clear_pointer (&b->rows, g_ptr_array_unref);
  g_clear_pointer (&b->rand, g_rand_free);
  if (b->dir != NULL && b->keep == NULL)
    loket_test_remove_tree (b->dir);
  g_free (b->dir);
  g_free (b->server_db);
  g_free (b->url);
  g_free (b->keep);
  g_free (b->sync_bin);
}

/* The child of generate(): the organisation around today, 07:00 local time, so that one seed
 * gives the same rows all day. */
static int
generate_only (const char *db_path, Bench *b)
{
  LoketBenchOrgOptions options = { b->scale, (guint32) b->seed };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) today = tz != NULL ? g_date_time_new_now (tz) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (g_date_time_get_timezone (today),
                                              g_date_time_get_year (today),
                                              g_date_time_get_month (today),
                                              g_date_time_get_day_of_month (today), 7, 0, 0);
  g_autoptr(GError) error = NULL;

  if (loket_bench_org_generate (db_path, &options, now, &error))
    return 0;
  g_printerr ("loket-bench: cannot generate the organisation: %s\n", error->message);
  return 1;
}

int
main (int argc, char **argv)
{
  const char *scale_env = g_getenv ("LOKET_BENCH_SCALE");
  const char *seed_env = g_getenv ("LOKET_BENCH_SEED");
  Bench b = { .scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : 1.0,
              .seed = seed_env != NULL ? (int) g_ascii_strtoll (seed_env, NULL, 10) : 20261123 };
  g_autofree char *generate_db = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &b.scale, "Size of the organisation: 1.0 has 100,000 "
      "appointments (default $LOKET_BENCH_SCALE, else 1.0)", "F" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &b.keep, "Work in DIR and keep its databases and the "
      "server's log", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &b.seed, "Seed of the organisation and the desk's day "
      "(default $LOKET_BENCH_SEED, else 20261123)", "N" },
    { "sync-bin", 0, 0, G_OPTION_ARG_FILENAME, &b.sync_bin, "The loket-sync to measure "
      "(default $LOKET_SYNC_BIN)", "PATH" },
    { "generate", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &generate_db, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the Loket sync benchmark");
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !(b.scale > 0))
    {
      g_printerr ("loket-bench: %s\n", error != NULL ? error->message : "--scale must be > 0");
      return 2;
    }
  if (generate_db != NULL)
    return generate_only (generate_db, &b);
  if (b.sync_bin == NULL && (b.sync_bin = g_strdup (g_getenv ("LOKET_SYNC_BIN"))) == NULL)
    {
      g_printerr ("loket-bench: say which loket-sync to measure with --sync-bin\n");
      return 2;
    }
  b.rand = g_rand_new_with_seed ((guint32) b.seed);
  b.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (!make_dir (&b, &error) || !run (&b, &error))
    {
      g_printerr ("loket-bench: %s\n", error->message);
      status = 1;
    }
  bench_clear (&b);
  return status;
}
