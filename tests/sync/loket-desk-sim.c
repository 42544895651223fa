/* loket-desk-sim — a desk as its own process, for the crash tests (test-crash.c).
 *
 * A small command line over the core library, doing what a desk app does to its replica:
 *
 *   loket-desk-sim --replica PATH --server URL --user NAME --password PW [--login]
 *                  [--customers N] [--book N] [--sync] [--seed S] [--retry-ms MS]
 *
 * It logs in if asked, makes N customers and N bookings (each booking for one of the new
 * customers, so they belong together), syncs, and prints one line per step on stdout, so a test
 * can pick the moment to SIGKILL it (or the server) by reading along:
 *
 *   logged-in device=ID
 *   customer ID seq=N                 committed to the replica with its outbox entry
 *   booked ID seq=N
 *   sync-start pending=N
 *   changed pending=N cursor=C        the replica committed push results or a pull page
 *   sync-failed code=N MESSAGE        an attempt failed; tried again while --retry-ms allows
 *   synced pending=N cursor=C
 *
 * Names and reasons carry the seed ("Sim S klant I", "sim S booking I"), so a test can count
 * what this run made.  Exit 0 on success, 1 with a sentence on stderr on failure, 2 for a usage
 * error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-sync-client.h"

#define EXIT_USAGE      2
#define RETRY_PAUSE_MS  10
#define SEARCH_DAYS     56

typedef struct {
  char   *replica_path;
  char   *server_url;
  char   *user;
  char   *password;
  gboolean login;
  gboolean sync;
  int      customers;
  int      book;
  gint64   seed;
  int      retry_ms;
} Options;

typedef struct {
  Options          opt;
  LoketReplica    *replica;
  LoketSyncClient *client;
  GRand           *rand;
  GMainLoop       *loop;
  GPtrArray       *customer_ids;
  gint64           retry_deadline;  /* monotonic µs; attempts stop after it */
  GError          *error;           /* why the run failed */
} Sim;

static void
options_clear (Options *opt)
{
  g_free (opt->replica_path);
  g_free (opt->server_url);
  g_free (opt->user);
  g_free (opt->password);
}

static gboolean
parse_options (Options *opt, int *argc, char ***argv, GError **error)
{
  GOptionEntry entries[] = {
    { "replica", 0, 0, G_OPTION_ARG_FILENAME, &opt->replica_path, "The replica file", "PATH" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &opt->server_url, "The server", "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &opt->user, "User name for --login", "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &opt->password, "Password for --login", "PW" },
    { "login", 0, 0, G_OPTION_ARG_NONE, &opt->login, "Log in first", NULL },
    { "customers", 0, 0, G_OPTION_ARG_INT, &opt->customers, "Customers to make", "N" },
    { "book", 0, 0, G_OPTION_ARG_INT, &opt->book, "Bookings to make", "N" },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &opt->sync, "Sync at the end", NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &opt->seed, "Seed of names and slot choice", "S" },
    { "retry-ms", 0, 0, G_OPTION_ARG_INT, &opt->retry_ms,
      "Keep trying a failed sync for this long", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a desk for crash tests");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (opt->replica_path == NULL || opt->customers < 0 || opt->book < 0 || opt->retry_ms < 0
      || (opt->login && (opt->server_url == NULL || opt->user == NULL || opt->password == NULL)))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--replica is required; --login needs --server, --user and "
                           "--password; counts must not be negative");
      return FALSE;
    }
  return TRUE;
}

/* ---- local writes ------------------------------------------------------------------------- */

static char *
dup_state (Sim *sim, const char *key)
{
  char *value = loket_replica_dup_state (sim->replica, key);

  return value != NULL ? value : g_strdup ("0");
}

static gboolean
make_customers (Sim *sim, GError **error)
{
  for (int i = 0; i < sim->opt.customers; i++)
    {
      g_autofree char *name = g_strdup_printf ("Sim %" G_GINT64_FORMAT " klant %d",
                                               sim->opt.seed, i);
      LoketCustomerInput in = { .name = name, .preferred_channel = "telefoon" };
      g_autofree char *id = loket_replica_create_customer (sim->replica, &in, error);
      g_autofree char *seq = NULL;

      if (id == NULL)
        return FALSE;
      seq = dup_state (sim, "last_local_seq");
      printf ("customer %s seq=%s\n", id, seq);
      g_ptr_array_add (sim->customer_ids, g_steal_pointer (&id));
    }
  return TRUE;
}

/* A random free start on one capacity and day, or FALSE when that day has none. */
static gboolean
pick_start (Sim *sim, const char *capacity_id, const char *product_id, guint days_ahead,
            GDateTime *now, gint64 *start)
{
  g_autoptr(GDateTime) then = g_date_time_add_days (now, (int) days_ahead);
  g_autoptr(GArray) slots = NULL;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (then),
                  (GDateMonth) g_date_time_get_month (then),
                  (GDateYear) g_date_time_get_year (then));
  slots = loket_replica_free_slots (sim->replica, capacity_id, product_id, &day, now, NULL);
  if (slots == NULL || slots->len == 0)
    return FALSE;
  *start = g_array_index (slots, LoketSlot, g_rand_int_range (sim->rand, 0, (gint32) slots->len))
           .start;
  return TRUE;
}

/* A free desk place at the user's location: from a random day and capacity on, the first day
 * with room, a random start on it.  The replica holds this desk's own bookings already, so
 * consecutive picks never take the same place. */
static gboolean
find_free_slot (Sim *sim, char **capacity_id, char **product_id, gint64 *start,
                GError **error)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (sim->replica);
  g_autoptr(GListModel) capacities = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n, first_day, first_capacity;

  capacities = loket_replica_list_capacities (
    sim->replica, user != NULL ? loket_record_get_string (user, "location_id") : NULL);
  n = g_list_model_get_n_items (capacities);
  first_day = (guint) g_rand_int_range (sim->rand, 1, SEARCH_DAYS / 2);
  first_capacity = n > 0 ? (guint) g_rand_int_range (sim->rand, 0, (gint32) n) : 0;
  for (guint d = 0; d < SEARCH_DAYS; d++)
    for (guint c = 0; c < n; c++)
      {
        g_autoptr(LoketRecord) capacity =
          g_list_model_get_item (capacities, (first_capacity + c) % n);
        g_autoptr(GListModel) products =
          loket_replica_list_products (sim->replica, loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);

        if (product != NULL
            && pick_start (sim, loket_record_get_id (capacity), loket_record_get_id (product),
                           1 + (first_day + d) % SEARCH_DAYS, now, start))
          {
            *capacity_id = g_strdup (loket_record_get_id (capacity));
            *product_id = g_strdup (loket_record_get_id (product));
            return TRUE;
          }
      }
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN,
               "no free desk place in the next %d days", SEARCH_DAYS);
  return FALSE;
}

static gboolean
make_bookings (Sim *sim, GError **error)
{
  for (int i = 0; i < sim->opt.book; i++)
    {
      g_autofree char *capacity_id = NULL;
      g_autofree char *product_id = NULL;
      g_autofree char *reason = g_strdup_printf ("sim %" G_GINT64_FORMAT " booking %d",
                                                 sim->opt.seed, i);
      g_autofree char *id = NULL;
      g_autofree char *seq = NULL;
      LoketBookingInput in = { .reason = reason, .mode = "fysiek" };

      if (!find_free_slot (sim, &capacity_id, &product_id, &in.start, error))
        return FALSE;
      in.capacity_id = capacity_id;
      in.product_id = product_id;
      if (sim->customer_ids->len > 0)
        in.customer_id = g_ptr_array_index (sim->customer_ids, i % sim->customer_ids->len);
      if ((id = loket_replica_book_appointment (sim->replica, &in, error)) == NULL)
        return FALSE;
      seq = dup_state (sim, "last_local_seq");
      printf ("booked %s seq=%s\n", id, seq);
    }
  return TRUE;
}

/* ---- login and sync ----------------------------------------------------------------------- */

static void
finish (Sim *sim, GError *error)
{
  if (error != NULL)
    g_propagate_error (&sim->error, error);
  g_main_loop_quit (sim->loop);
}

static void
on_changed (LoketReplica *replica, const char *entity, Sim *sim)
{
  printf ("changed pending=%u cursor=%" G_GINT64_FORMAT "\n",
          loket_replica_count_pending (replica), loket_replica_get_cursor (replica));
}

static void start_sync (Sim *sim);

static gboolean
retry_sync (gpointer data)
{
  start_sync (data);
  return G_SOURCE_REMOVE;
}

/* A server that is gone or restarting answers with a network error, or with a cut-off or
 * failing answer; anything else (a refused login, a sequence gap) is a real failure. */
static gboolean
may_retry (Sim *sim, const GError *error)
{
  return g_get_monotonic_time () < sim->retry_deadline
         && (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NETWORK)
             || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_PROTOCOL));
}

static void
on_synced (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Sim *sim = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error))
    {
      printf ("sync-failed code=%d %s\n", error->code, error->message);
      if (may_retry (sim, error))
        g_timeout_add (RETRY_PAUSE_MS, retry_sync, sim);
      else
        finish (sim, g_steal_pointer (&error));
      return;
    }
  printf ("synced pending=%u cursor=%" G_GINT64_FORMAT "\n",
          loket_replica_count_pending (sim->replica), loket_replica_get_cursor (sim->replica));
  finish (sim, NULL);
}

static void
start_sync (Sim *sim)
{
  printf ("sync-start pending=%u\n", loket_replica_count_pending (sim->replica));
  loket_sync_client_sync_async (sim->client, NULL, on_synced, sim);
}

/* The local writes, then the sync: what a clerk does offline, then the desk reconnecting. */
static void
work (Sim *sim)
{
  GError *error = NULL;

  if (!make_customers (sim, &error) || !make_bookings (sim, &error))
    {
      finish (sim, error);
      return;
    }
  if (!sim->opt.sync)
    {
      finish (sim, NULL);
      return;
    }
  sim->retry_deadline = g_get_monotonic_time () + (gint64) sim->opt.retry_ms * 1000;
  g_signal_connect (sim->replica, "changed", G_CALLBACK (on_changed), sim);
  start_sync (sim);
}

static void
on_logged_in (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Sim *sim = user_data;
  GError *error = NULL;
  g_autofree char *device = NULL;

  if (!loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error))
    {
      finish (sim, error);
      return;
    }
  device = dup_state (sim, "device_id");
  printf ("logged-in device=%s\n", device);
  work (sim);
}

static gboolean
on_start (gpointer data)
{
  Sim *sim = data;

  if (sim->opt.login)
    loket_sync_client_login_async (sim->client, sim->opt.server_url, sim->opt.user,
                                   sim->opt.password, "loket-desk-sim", NULL, on_logged_in, sim);
  else
    work (sim);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char *argv[])
{
  Sim sim = { { 0 } };
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  /* One line per step, visible to the reader at once even through a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!parse_options (&sim.opt, &argc, &argv, &error))
    {
      fprintf (stderr, "loket-desk-sim: %s\n", error->message);
      options_clear (&sim.opt);
      return EXIT_USAGE;
    }
  sim.replica = loket_replica_open (sim.opt.replica_path, &error);
  if (sim.replica == NULL)
    {
      fprintf (stderr, "loket-desk-sim: cannot open the replica: %s\n", error->message);
      options_clear (&sim.opt);
      return EXIT_FAILURE;
    }
  sim.client = loket_sync_client_new (sim.replica);
  sim.rand = g_rand_new_with_seed ((guint32) sim.opt.seed);
  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.customer_ids = g_ptr_array_new_with_free_func (g_free);

  g_idle_add (on_start, &sim);
  g_main_loop_run (sim.loop);
  if (sim.error != NULL)
    {
      fprintf (stderr, "loket-desk-sim: %s\n", sim.error->message);
      g_clear_error (&sim.error);
      status = EXIT_FAILURE;
    }

  g_ptr_array_unref (sim.customer_ids);
  g_main_loop_unref (sim.loop);
  g_rand_free (sim.rand);
  g_object_unref (sim.client);
  g_object_unref (sim.replica);
  options_clear (&sim.opt);
  return status;
}
