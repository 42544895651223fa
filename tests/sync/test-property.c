/* The randomized multi-replica property test of sync.
 *
 * Eight desks of seven users (balie twice, kcc, noord, backoffice, burgerzaken, and the
 * knowledge editors redactie and kennis) and a real loket-sync.  Each run starts from the same small world (test-property-world.c): the server's
 * database and the desks' replicas are copied from files made once, and the server is started
 * on the copy.  Then every desk runs a random script (test-property-script.c) — bookings in
 * the same few starts, cancellations, moves, customers with colliding BSNs, edits of the same
 * case fields, status changes, notes, contact moments, article drafts approved or rejected by
 * the other editor, conflict resolutions —
 * while desks go offline and online and some sync in between.  Finally everyone syncs, twice,
 * and what must hold is checked (test-property-checks.c): every replica equals a fresh replica
 * of its user, no slot is over capacity, every applied mutation has its effect, every rejection
 * and conflict is a sync issue on its desk, no note or contact moment is lost.
 *
 * Each run has a seed, printed before it runs ("seed 12345"); the script follows from it alone,
 * so a failing seed replays (on the same day: the demo data and the free times follow the
 * date):
 *
 *   test-property                   200 runs from a random first seed (CI)
 *   test-property --seed N          the run with seed N only
 *   test-property --seed N --runs K K runs with seeds N, N+1, …
 *   test-property --slow            2000 runs with longer scripts (also: -m slow)
 *   test-property --runs K          K runs (the ASan build runs fewer)
 *
 * Two fixed scripts come first: they replay, on purpose, two bugs the random runs found and that
 * are fixed (/property/moved-web-booking: a desk moving a web booking into the desk share
 * overfilled it; /property/merge-with-history: a customer a desk got by a merge came without
 * their notes and contact moments). */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "loket-error.h"
#include "test-property.h"

#define DEFAULT_RUNS 200
#define SLOW_RUNS    2000

static struct {
  guint32  seed;
  gboolean seeded;
  guint    runs;
  gboolean slow;
} options;

/* Totals over all runs, printed at the end: they show the runs made desks compete. */
static struct {
  guint mutations;
  guint outcomes[4];  /* applied, rejected, conflict, merged */
  guint local_refusals;
} totals;

/* ---- one run ------------------------------------------------------------------------------ */

static LoketTestDesk *
copy_desk (Run *run, const char *from, const char *name)
{
  g_autofree char *path = g_build_filename (run->dir, name, NULL);
  LoketTestDesk *desk;

  loket_test_copy_database (from, path);
  desk = loket_test_desk_open (path);
  loket_test_desk_move_to (desk, run->server->url);
  return desk;
}

static void
start_world (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = g_build_filename (run->dir, "server.db", NULL);

  loket_test_copy_database (property_world.server_db, server_db);
  run->server = loket_test_server_start (server_db, FALSE, 0, &error);
  g_assert_no_error (error);
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autofree char *name = g_strdup_printf ("desk-%u.db", d);

      run->desks[d] = copy_desk (run, property_world.desk_paths[d], name);
    }
  for (guint u = 0; u < N_USERS; u++)
    loket_test_desk_move_to (property_world.readers[u], run->server->url);
}

/* Three BSNs no customer of the world has: desks of the run pick among them, so the same
 * person is often made at two desks. */
static void
choose_bsns (Run *run)
{
  run->bsns = g_ptr_array_new_with_free_func (g_free);
  for (guint32 n = run->seed % 300000 * 3; run->bsns->len < 3; n++)
    {
      g_autofree char *bsn = loket_test_make_bsn (n);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM customers WHERE bsn = '%s'", bsn);
      g_autofree char *taken = loket_test_db_text (property_world.server_db, sql);

      if (taken == NULL)
        g_ptr_array_add (run->bsns, g_steal_pointer (&bsn));
    }
}

/* A few of the world's hot starts: the fewer, the more desks compete for each. */
static void
choose_slots (Run *run)
{
  GPtrArray *all = property_world.hot_slots;

  run->hot_slots = g_ptr_array_new ();
  while (run->hot_slots->len < 3)
    {
      HotSlot *slot = g_ptr_array_index (all, g_rand_int_range (run->rand, 0, (gint32) all->len));

      if (!g_ptr_array_find (run->hot_slots, slot, NULL))
        g_ptr_array_add (run->hot_slots, slot);
    }
}

/* Everyone online, and everyone syncs twice: the second round brings each desk what the
 * others sent after its first. */
static void
sync_everyone (Run *run)
{
  for (guint d = 0; d < N_DESKS; d++)
    loket_test_desk_set_offline (run->desks[d], FALSE);
  for (guint round = 0; round < 2; round++)
    for (guint d = 0; d < N_DESKS; d++)
      property_sync_desk (run, d);
}

static void
stop_world (Run *run)
{
  for (guint d = 0; d < N_DESKS; d++)
    g_clear_pointer (&run->desks[d], loket_test_desk_free);
  g_clear_pointer (&run->server, loket_test_server_free);
  loket_test_remove_tree (run->dir);
}

static void
run_begin (Run *run, guint32 seed)
{
  g_test_message ("seed %u", seed);
  run->seed = seed;
  run->rand = g_rand_new_with_seed (seed);
  run->dir = g_build_filename (property_world.dir, "run", NULL);
  g_assert_cmpint (g_mkdir (run->dir, 0700), ==, 0);
  run->made = g_ptr_array_new_with_free_func (property_made_free);
  start_world (run);
  choose_bsns (run);
  choose_slots (run);
}

/* Everyone syncs, the checks, and the run's files go. */
static void
run_end (Run *run)
{
  sync_everyone (run);
  property_check_run (run);
  totals.mutations += run->made->len;
  for (guint i = 0; i < G_N_ELEMENTS (totals.outcomes); i++)
    totals.outcomes[i] += run->outcomes[i];
  totals.local_refusals += run->local_refusals;
  stop_world (run);
  g_ptr_array_unref (run->made);
  g_ptr_array_unref (run->bsns);
  g_ptr_array_unref (run->hot_slots);
  g_rand_free (run->rand);
  g_free (run->dir);
}

static void
run_one (guint32 seed)
{
  Run run = { 0 };
  guint steps;

  run_begin (&run, seed);
  /* 3 to 9 changes per desk, 5 to 15 in the slow mode. */
  steps = N_DESKS * (options.slow ? (guint) g_rand_int_range (run.rand, 5, 16)
                                  : (guint) g_rand_int_range (run.rand, 3, 10));
  property_run_script (&run, steps);
  run_end (&run);
}

static void
world_once (void)
{
  if (property_world.dir == NULL)
    property_world_set_up ();
}

/* A desk moves a citizen's web booking to the last place of a counter without a web share,
 * another desk books that place too: one of them must be refused. */
static void
test_moved_web_booking (void)
{
  Run run = { 0 };

  world_once ();
  run_begin (&run, 0);
  property_move_web_booking (&run);
  run_end (&run);
}

/* A customer a desk gets by a merge arrives with their notes and contact moments. */
static void
test_merge_with_history (void)
{
  Run run = { 0 };

  world_once ();
  run_begin (&run, 0);
  property_merge_with_history (&run);
  run_end (&run);
}

static void
test_runs (void)
{
  guint runs = options.runs != 0 ? options.runs
               : options.seeded ? 1 : options.slow ? SLOW_RUNS : DEFAULT_RUNS;
  guint32 first = options.seeded ? options.seed
                                  : (guint32) g_random_int_range (1, G_MAXINT32 / 2);
  g_test_message ("%u runs from seed %u; replay one: test-property --seed N", runs, first);
  memset (&totals, 0, sizeof totals);
  world_once ();
  for (guint i = 0; i < runs; i++)
    run_one (first + i);
  g_test_message ("%u runs, %u mutations: %u applied (%u merged customers), %u rejected, "
                  "%u conflicts; %u changes refused by the desk itself", runs,
                  totals.mutations, totals.outcomes[0], totals.outcomes[3], totals.outcomes[1],
                  totals.outcomes[2], totals.local_refusals);
  /* The script must make desks compete, or the checks prove little. */
  g_assert_cmpuint (totals.mutations, >, runs * 10);
  if (runs >= 20)
    {
      g_assert_cmpuint (totals.outcomes[1], >, 0);
      g_assert_cmpuint (totals.outcomes[2], >, 0);
      g_assert_cmpuint (totals.outcomes[3], >, 0);
    }
}

/* ---- options ------------------------------------------------------------------------------- */

static guint32
number_argument (const char *option, const char *value)
{
  guint64 number = 0;
  g_autoptr(GError) error = NULL;

  if (value == NULL
      || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT32 / 2, &number, &error))
    {
      g_printerr ("test-property: %s needs a number from 1 to %d\n", option, G_MAXINT32 / 2);
      exit (2);
    }
  return (guint32) number;
}

/* Takes the test's own options out of argv before g_test_init sees them (GLib has a --seed
 * of its own, for its random seed). */
static void
parse_options (int *argc, char **argv)
{
  int kept = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal (argv[i], "--seed"))
        {
          options.seed = number_argument ("--seed", i + 1 < *argc ? argv[++i] : NULL);
          options.seeded = TRUE;
        }
      else if (g_str_equal (argv[i], "--runs"))
        options.runs = number_argument ("--runs", i + 1 < *argc ? argv[++i] : NULL);
      else if (g_str_equal (argv[i], "--slow"))
        options.slow = TRUE;
      else
        argv[kept++] = argv[i];
    }
  argv[kept] = NULL;
  *argc = kept;
}

int
main (int argc, char *argv[])
{
  int status;

  parse_options (&argc, argv);
  g_test_init (&argc, &argv, NULL);
  options.slow = options.slow || g_test_slow ();
  g_test_add_func ("/property/moved-web-booking", test_moved_web_booking);
  g_test_add_func ("/property/merge-with-history", test_merge_with_history);
  g_test_add_func ("/property/multi-replica", test_runs);
  status = g_test_run ();
  property_world_tear_down ();
  return status;
}
