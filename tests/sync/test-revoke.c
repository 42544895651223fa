/* Integration: an administrator revokes devices with the real `loket-sync revoke-device` and
 * `revoke-user` commands while the server runs on the same database file.
 *
 * What must hold (shared/DESIGN.md: nothing is ever dropped silently): the revoked desk's next
 * sync is refused as unauthorized, the desk forgets its token but keeps every unsent change, and
 * after the next login those changes go out under the new device, each applied exactly once.
 * Desks of other users are not affected. */
#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define WAIT_MS 30000
#define N_DESKS 3   /* desks 0 and 1: the same user; desk 2: another user */

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  char            *username[N_DESKS];
  LoketReplica    *replica[N_DESKS];
  LoketSyncClient *client[N_DESKS];
} Fixture;

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

/* ---- helpers ------------------------------------------------------------------------------ */

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    wait->ok = loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  else
    wait->ok = loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static GError *
sync_desk (Fixture *f, guint desk)
{
  Wait wait = { 0 };

  loket_sync_client_sync_async (f->client[desk], NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_true (wait.ok == (wait.error == NULL));
  return wait.error;
}

static void
sync_ok (Fixture *f, guint desk)
{
  g_autoptr(GError) error = sync_desk (f, desk);

  g_assert_no_error (error);
}

static void
login (Fixture *f, guint desk)
{
  Wait wait = { 0 };
  g_autofree char *device = g_strdup_printf ("revoke test desk %u", desk);

  loket_sync_client_login_async (f->client[desk], f->server->url, f->username[desk], "demo",
                                 device, NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
}

/* One integer from the server's database, read while the server runs (WAL); ? is param. */
static gint64
server_int (Fixture *f, const char *sql, const char *param)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communication;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer data)
{
  Communication *c = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err,
                                        &c->error);
  c->done = TRUE;
}

/* Runs the real `loket-sync --db SERVER_DB COMMAND ARGUMENT` next to the running server, as an
 * administrator would; returns its stdout and asserts it succeeded. */
static char *
run_admin_command (Fixture *f, const char *command, const char *argument)
{
  const char *bin = g_getenv ("LOKET_SYNC_BIN");
  const char *argv[] = { bin, "--db", f->server_db, command, argument, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  Communication c = { 0 };

  g_assert_nonnull (bin);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &c);
  loket_test_wait_for (&c.done, WAIT_MS);
  g_assert_no_error (c.error);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_test_message ("loket-sync %s %s: %s%s", command, argument != NULL ? argument : "", c.out,
                  c.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (c.err, ==, "");
  g_free (c.err);
  return c.out;
}

/* The nth free desk start at the desk's location (capacity and time), so that desks of one
 * location asking for different n never compete for a place. */
static gboolean
find_free_slot (Fixture *f, guint desk, guint nth, char **capacity_id, char **product_id,
                gint64 *start)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (f->replica[desk]);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (
    f->replica[desk], loket_record_get_string (user, "location_id"));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint day = 1; day <= 21; day++)
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products = loket_replica_list_products (
          f->replica[desk], loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GDateTime) then = g_date_time_add_days (now, (int) day);
        g_autoptr(GArray) slots = NULL;
        GDate date;

        if (product == NULL)
          continue;
        g_date_clear (&date, 1);
        g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (then),
                        (GDateMonth) g_date_time_get_month (then),
                        (GDateYear) g_date_time_get_year (then));
        slots = loket_replica_free_slots (f->replica[desk], loket_record_get_id (capacity),
                                          loket_record_get_id (product), &date, now, NULL);
        for (guint s = 0; slots != NULL && s < slots->len; s++)
          if (g_array_index (slots, LoketSlot, s).free >= 1 && nth-- == 0)
            {
              *capacity_id = g_strdup (loket_record_get_id (capacity));
              *product_id = g_strdup (loket_record_get_id (product));
              *start = g_array_index (slots, LoketSlot, s).start;
              return TRUE;
            }
      }
  return FALSE;
}

/* Offline work on a desk: a new customer and a booking for them (two outbox entries, the second
 * depending on the first). Returns the booking's id. */
static char *
work_offline (Fixture *f, guint desk, char **customer_id)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Klant van balie %u", desk);
  LoketCustomerInput customer = { .name = name, .preferred_channel = "telefoon" };
  LoketBookingInput booking = { .reason = "Rijbewijs verlengen", .mode = "fysiek" };
  char *id;
  gint64 start = 0;

  g_assert_true (find_free_slot (f, desk, desk, &capacity, &product, &start));
  *customer_id = loket_replica_create_customer (f->replica[desk], &customer, &error);
  g_assert_no_error (error);
  booking.product_id = product;
  booking.capacity_id = capacity;
  booking.customer_id = *customer_id;
  booking.start = start;
  id = loket_replica_book_appointment (f->replica[desk], &booking, &error);
  g_assert_no_error (error);
  return id;
}

/* The revoked desk: refused as unauthorized, signed out, every change still there. */
static void
assert_signed_out_keeping (Fixture *f, guint desk, const char *booking, guint pending)
{
  g_autoptr(GError) error = sync_desk (f, desk);
  g_autoptr(JsonObject) row = NULL;

  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_false (loket_replica_has_session (f->replica[desk]));
  g_assert_nonnull (loket_sync_client_get_last_error (f->client[desk]));
  g_assert_cmpuint (loket_replica_count_pending (f->replica[desk]), ==, pending);
  row = loket_db_get_row (loket_replica_get_db (f->replica[desk]), "appointments", booking, NULL);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM appointments WHERE id = ?", booking),
                   ==, 0);

  /* Trying again does not lose anything either; the desk simply waits for a login. */
  g_clear_error (&error);
  error = sync_desk (f, desk);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[desk]), ==, pending);
}

/* After a new login the waiting changes go out once, under the new device. */
static void
assert_sent_after_login (Fixture *f, guint desk, const char *old_device, const char *booking,
                         const char *customer)
{
  g_autofree char *new_device = NULL;

  login (f, desk);
  new_device = loket_replica_dup_state (f->replica[desk], "device_id");
  g_assert_cmpstr (new_device, !=, old_device);
  sync_ok (f, desk);
  g_assert_true (loket_replica_has_session (f->replica[desk]));
  g_assert_null (loket_sync_client_get_last_error (f->client[desk]));
  g_assert_cmpuint (loket_replica_count_pending (f->replica[desk]), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[desk]), ==, 0);

  g_assert_cmpint (server_int (f, "SELECT count(*) FROM appointments WHERE id = ? "
                                  "AND status = 'booked'", booking), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM customers WHERE id = ?", customer),
                   ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM change_log WHERE row_id = ?", booking),
                   ==, 1);
  /* The outbox was renumbered for the new device: 1 and 2, no gap, nothing under the old one. */
  g_assert_cmpint (server_int (f, "SELECT last_seq FROM devices WHERE id = ?", new_device),
                   ==, 2);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM mutation_outcomes WHERE device_id = ?",
                               old_device), ==, 0);
}

/* ---- fixture ------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clerk = NULL;

  f->dir = g_dir_make_tmp ("loket-revoke-XXXXXX", NULL);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->server = loket_test_server_start (f->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  clerk = loket_test_db_text (f->server_db, "SELECT username FROM users WHERE role_id = "
                              "'medewerker' AND location_id IS NOT NULL ORDER BY username LIMIT 1");
  g_assert_nonnull (clerk);
  f->username[0] = g_strdup (clerk);
  f->username[1] = g_strdup (clerk);
  f->username[2] = loket_test_db_text (f->server_db, "SELECT username FROM users WHERE username "
                                       "<> (SELECT min (username) FROM users WHERE role_id = "
                                       "'medewerker' AND location_id IS NOT NULL) AND "
                                       "location_id IS NOT NULL ORDER BY username LIMIT 1");
  g_assert_nonnull (f->username[2]);

  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("desk%u.db", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      f->replica[i] = loket_replica_open (path, &error);
      g_assert_no_error (error);
      f->client[i] = loket_sync_client_new (f->replica[i]);
      login (f, i);
      sync_ok (f, i);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_clear_object (&f->client[i]);
      g_clear_object (&f->replica[i]);
      g_free (f->username[i]);
    }
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_revoke_device (Fixture *f, gconstpointer data)
{
  g_autofree char *device = loket_replica_dup_state (f->replica[0], "device_id");
  g_autofree char *customer = NULL;
  g_autofree char *booking = work_offline (f, 0, &customer);
  g_autofree char *out = NULL;

  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 2);
  out = run_admin_command (f, "revoke-device", device);
  g_assert_nonnull (strstr (out, "Revoked device"));
  g_assert_nonnull (strstr (out, device));
  g_assert_cmpint (server_int (f, "SELECT revoked FROM devices WHERE id = ?", device), ==, 1);

  assert_signed_out_keeping (f, 0, booking, 2);
  /* The same user's other desk and other users' desks go on. */
  sync_ok (f, 1);
  sync_ok (f, 2);
  g_assert_true (loket_replica_has_session (f->replica[1]));

  assert_sent_after_login (f, 0, device, booking, customer);
  /* And the other desks get what the desk sent once it was signed in again. */
  sync_ok (f, 1);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[1]), ==, 0);
  {
    g_autoptr(JsonObject) row = loket_db_get_row (loket_replica_get_db (f->replica[1]),
                                                  "appointments", booking, NULL);
    g_assert_nonnull (row);
  }
}

static void
test_revoke_user (Fixture *f, gconstpointer data)
{
  g_autofree char *device0 = loket_replica_dup_state (f->replica[0], "device_id");
  g_autofree char *device1 = loket_replica_dup_state (f->replica[1], "device_id");
  g_autofree char *customer0 = NULL;
  g_autofree char *customer1 = NULL;
  g_autofree char *booking0 = work_offline (f, 0, &customer0);
  g_autofree char *booking1 = work_offline (f, 1, &customer1);
  g_autofree char *out = NULL;

  out = run_admin_command (f, "revoke-user", f->username[0]);
  g_assert_nonnull (strstr (out, device0));
  g_assert_nonnull (strstr (out, device1));

  assert_signed_out_keeping (f, 0, booking0, 2);
  assert_signed_out_keeping (f, 1, booking1, 2);
  /* Another user's desk is not touched. */
  sync_ok (f, 2);
  g_assert_true (loket_replica_has_session (f->replica[2]));

  assert_sent_after_login (f, 1, device1, booking1, customer1);
  assert_sent_after_login (f, 0, device0, booking0, customer0);
}

/* `devices` lists the desks with their state, read while the server runs. */
static void
test_devices_listing (Fixture *f, gconstpointer data)
{
  g_autofree char *device0 = loket_replica_dup_state (f->replica[0], "device_id");
  g_autofree char *device2 = loket_replica_dup_state (f->replica[2], "device_id");
  g_autofree char *before = run_admin_command (f, "devices", NULL);
  g_autofree char *revoked = run_admin_command (f, "revoke-device", device0);
  g_autofree char *after = run_admin_command (f, "devices", NULL);
  g_auto(GStrv) lines = g_strsplit (after, "\n", -1);

  g_assert_nonnull (strstr (before, device0));
  g_assert_nonnull (strstr (before, "revoke test desk 0"));
  g_assert_nonnull (strstr (before, f->username[2]));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], device0) != NULL)
        g_assert_nonnull (strstr (lines[i], " yes "));
      if (strstr (lines[i], device2) != NULL)
        g_assert_nonnull (strstr (lines[i], " no "));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/revoke/device", test_revoke_device);
  ADD ("/revoke/user", test_revoke_user);
  ADD ("/revoke/devices-listing", test_devices_listing);
#undef ADD

  return g_test_run ();
}
