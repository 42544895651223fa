/* Integration: a real loket-sync on a loopback port, demo data, and two desk replicas driven
 * through the core library, as two desks would use them.
 *
 * The scenarios follow the sync contract (shared/DESIGN.md): both desks offline book the last
 * place of the same slot; a customer made offline on one desk reaches the other; duplicates of
 * one BSN made offline are merged; the server is killed with SIGKILL and nothing acknowledged is
 * lost; a push sent twice is applied once; a desk without the server keeps its changes. */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define WAIT_MS 30000

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  char            *username;
  LoketReplica    *replica[2];
  LoketSyncClient *client[2];
} Fixture;

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

/* ---- helpers ------------------------------------------------------------------------------ */

static sqlite3 *
open_server_db (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* One integer from the server's database (read-only; WAL lets us read while it runs). */
static gint64
server_count (Fixture *f, const char *sql, const char *param)
{
  sqlite3 *db = open_server_db (f);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

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

/* Syncs one desk; returns the error (or NULL) so a test can expect a failure. */
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
  g_autofree char *device = g_strdup_printf ("test desk %u", desk);

  loket_sync_client_login_async (f->client[desk], f->server->url, f->username,
                                 "demo", device, NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
}

static void
start_server (Fixture *f, guint16 port)
{
  g_autoptr(GError) error = NULL;

  f->server = loket_test_server_start (f->server_db, TRUE, port, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("loket-sync-XXXXXX", NULL);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  start_server (f, 0);
  f->username = loket_test_db_text (f->server_db, "SELECT username FROM users WHERE role_id = 'medewerker' "
                                "AND location_id IS NOT NULL ORDER BY username LIMIT 1");
  g_assert_nonnull (f->username);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
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
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->client[i]);
      g_clear_object (&f->replica[i]);
    }
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
  g_free (f->username);
}

static char *
user_location (Fixture *f, guint desk)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (f->replica[desk]);

  g_assert_nonnull (user);
  return g_strdup (loket_record_get_string (user, "location_id"));
}

/* A free desk place at the desk's location that is the LAST one of its slot: the first
 * capacity, product and future day where some start has exactly one free place. */
static gboolean
find_last_place (Fixture *f, char **capacity_id, char **product_id, gint64 *start)
{
  g_autofree char *location = user_location (f, 0);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (f->replica[0], location);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint day = 1; day <= 21; day++)
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products = loket_replica_list_products (
          f->replica[0], loket_record_get_id (capacity));
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
        slots = loket_replica_free_slots (f->replica[0], loket_record_get_id (capacity),
                                          loket_record_get_id (product), &date, now, NULL);
        for (guint s = 0; slots != NULL && s < slots->len; s++)
          if (g_array_index (slots, LoketSlot, s).free == 1)
            {
              *capacity_id = g_strdup (loket_record_get_id (capacity));
              *product_id = g_strdup (loket_record_get_id (product));
              *start = g_array_index (slots, LoketSlot, s).start;
              return TRUE;
            }
      }
  return FALSE;
}

static char *
book (Fixture *f, guint desk, const char *capacity_id, const char *product_id, gint64 start,
      const char *customer_id)
{
  g_autoptr(GError) error = NULL;
  LoketBookingInput in = { .product_id = product_id, .capacity_id = capacity_id,
                           .customer_id = customer_id, .start = start,
                           .reason = "Verlopen paspoort", .mode = "fysiek" };
  char *id = loket_replica_book_appointment (f->replica[desk], &in, &error);

  g_assert_no_error (error);
  return id;
}

static JsonObject *
replica_row (Fixture *f, guint desk, const char *entity, const char *id)
{
  return loket_db_get_row (loket_replica_get_db (f->replica[desk]), entity, id, NULL);
}

/* A valid BSN that no demo customer has: 9 digits passing the elfproef. */
static char *
fresh_bsn (Fixture *f)
{
  for (guint seed = 10000000; ; seed += 7919)
    {
      char digits[10];
      int sum = 0;

      g_snprintf (digits, sizeof digits, "%08u0", seed % 100000000);
      for (int i = 0; i < 8; i++)
        sum += (digits[i] - '0') * (9 - i);
      /* last digit d with (sum - d) % 11 == 0 */
      for (int d = 0; d <= 9; d++)
        if ((sum - d) % 11 == 0 && sum > 0)
          {
            digits[8] = (char) ('0' + d);
            if (server_count (f, "SELECT count(*) FROM customers WHERE bsn = ?", digits) == 0)
              return g_strdup (digits);
          }
    }
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_last_place_offline (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *start_at = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(LoketRecord) issue = NULL;
  gint64 start = 0;

  g_assert_true (find_last_place (f, &capacity, &product, &start));
  start_at = loket_protocol_format_time (start);

  /* Both desks are offline (they do not sync) and take the same last place. */
  first = book (f, 0, capacity, product, start, NULL);
  second = book (f, 1, capacity, product, start, NULL);

  sync_ok (f, 0);
  sync_ok (f, 1);

  row = replica_row (f, 0, "appointments", first);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_clear_pointer (&row, json_object_unref);

  /* The second stays visible on its desk, marked rejected with the reason. */
  row = replica_row (f, 1, "appointments", second);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (row, "status_reason"), ==, "slot_taken");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 1);
  issues = loket_replica_list_sync_issues (f->replica[1]);
  issue = g_list_model_get_item (issues, 0);
  g_assert_cmpstr (loket_record_get_string (issue, "code"), ==, "slot_taken");
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[1]), ==, 0);

  /* Exactly one booking holds the place on the server. */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FROM appointments WHERE status = 'booked' AND start_at = ? "
      "AND capacity_id = '%s'", capacity);
    g_assert_cmpint (server_count (f, sql, start_at), ==, 1);
  }
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM appointments WHERE id = ? "
                                    "AND status = 'rejected'", second), ==, 1);
}

static void
test_customer_travels (Fixture *f, gconstpointer data)
{
  g_autofree char *bsn = fresh_bsn (f);
  LoketCustomerInput in = { .name = "Sanne Offline-Jansen", .bsn = bsn,
                            .email = "sanne@example.nl", .preferred_channel = "email" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_create_customer (f->replica[0], &in, &error);
  g_autoptr(GListModel) found = NULL;

  g_assert_no_error (error);
  found = loket_replica_search_customers (f->replica[1], "Offline-Jansen", 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);

  sync_ok (f, 0);
  sync_ok (f, 1);
  found = loket_replica_search_customers (f->replica[1], "Offline-Jansen", 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  {
    g_autoptr(LoketRecord) row = g_list_model_get_item (found, 0);
    g_assert_cmpstr (loket_record_get_id (row), ==, id);
    g_assert_cmpstr (loket_record_get_string (row, "bsn"), ==, bsn);
  }
}

static void
test_duplicate_customers_merge (Fixture *f, gconstpointer data)
{
  g_autofree char *bsn = fresh_bsn (f);
  LoketCustomerInput a = { .name = "Mohamed El Amrani", .bsn = bsn };
  LoketCustomerInput b = { .name = "M. el Amrani", .bsn = bsn };
  g_autoptr(GError) error = NULL;
  g_autofree char *id_a = loket_replica_create_customer (f->replica[0], &a, &error);
  g_autofree char *id_b = loket_replica_create_customer (f->replica[1], &b, &error);
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *booking = NULL;
  g_autoptr(JsonObject) row = NULL;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpstr (id_a, !=, id_b);
  /* Desk 1 also books for its offline duplicate. */
  g_assert_true (find_last_place (f, &capacity, &product, &start));
  booking = book (f, 1, capacity, product, start, id_b);

  sync_ok (f, 0);
  sync_ok (f, 1);
  sync_ok (f, 0);

  g_assert_cmpint (server_count (f, "SELECT count(*) FROM customers WHERE bsn = ?", bsn), ==, 1);
  for (guint desk = 0; desk < 2; desk++)
    {
      g_autoptr(GListModel) found = loket_replica_search_customers (f->replica[desk], bsn, 10);
      g_autoptr(LoketRecord) survivor = g_list_model_get_item (found, 0);

      g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      g_assert_cmpstr (loket_record_get_id (survivor), ==, id_a);
    }
  /* The booking made for the duplicate now points at the survivor, on both desks. */
  row = replica_row (f, 0, "appointments", booking);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, id_a);
  g_clear_pointer (&row, json_object_unref);
  row = replica_row (f, 1, "appointments", booking);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, id_a);
}

static void
test_sigkill_loses_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *booking = NULL;
  g_autofree char *pending_booking = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  guint16 port = f->server->port;
  gint64 start;

  g_assert_true (find_last_place (f, &capacity, &product, &start));
  booking = book (f, 0, capacity, product, start, NULL);
  sync_ok (f, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);

  /* Power cut: no chance to clean up. */
  loket_test_server_kill (f->server);
  g_clear_pointer (&f->server, loket_test_server_free);

  /* Meanwhile the desk goes on offline: the sync fails, the change waits. */
  g_clear_pointer (&capacity, g_free);
  g_clear_pointer (&product, g_free);
  g_assert_true (find_last_place (f, &capacity, &product, &start));
  pending_booking = book (f, 0, capacity, product, start, NULL);
  error = sync_desk (f, 0);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NETWORK);
  g_assert_false (loket_sync_client_get_online (f->client[0]));
  g_assert_nonnull (loket_sync_client_get_last_error (f->client[0]));
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 1);

  /* Back on the same address: the acknowledged booking is there, the pending one arrives. */
  start_server (f, port);
  sync_ok (f, 0);
  g_assert_true (loket_sync_client_get_online (f->client[0]));
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);
  sync_ok (f, 1);
  row = replica_row (f, 1, "appointments", booking);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_clear_pointer (&row, json_object_unref);
  row = replica_row (f, 1, "appointments", pending_booking);
  g_assert_nonnull (row);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM appointments WHERE id = ?", booking),
                   ==, 1);
}

/* Sends the desk's pending mutations as a raw push, outside the sync client. */
static char *
raw_push (Fixture *f, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->server->url, "/v1/sync/push", NULL);
  g_autofree char *token = loket_replica_dup_state (f->replica[desk], "token");
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autofree char *text = NULL;

  json_object_set_int_member (body, "protocol", LOKET_PROTOCOL_VERSION);
  json_object_set_int_member (body, "schema", LOKET_DOMAIN_SCHEMA_VERSION);
  json_object_set_array_member (body, "mutations",
                                loket_replica_pending_mutations (f->replica[desk], 100, NULL));
  text = loket_protocol_to_string (body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  request = g_bytes_new (text, strlen (text));
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
test_push_twice_applied_once (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *booking = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 start;

  g_assert_true (find_last_place (f, &capacity, &product, &start));
  booking = book (f, 0, capacity, product, start, NULL);

  /* The answer to a push is lost (here: sent by hand and ignored); the desk sends it again. */
  first = raw_push (f, 0);
  second = raw_push (f, 0);
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strstr (first, "\"applied\""));
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 1);
  sync_ok (f, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[0]), ==, 0);

  g_assert_cmpint (server_count (f, "SELECT count(*) FROM appointments WHERE id = ?", booking),
                   ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM change_log WHERE row_id = ?", booking),
                   ==, 1);
}

static void
test_cancel_reaches_other_desk (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *booking = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  gint64 start;

  g_assert_true (find_last_place (f, &capacity, &product, &start));
  booking = book (f, 0, capacity, product, start, NULL);
  sync_ok (f, 0);
  sync_ok (f, 1);
  g_assert_true (loket_replica_cancel_appointment (f->replica[1], booking,
                                                   "Klant belde af", &error));
  g_assert_no_error (error);
  sync_ok (f, 1);
  sync_ok (f, 0);
  row = replica_row (f, 0, "appointments", booking);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (row, "status_reason"), ==, "Klant belde af");
}

static gboolean
keep_looking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
nothing_pending (gpointer data)
{
  Fixture *f = data;

  return loket_replica_count_pending (f->replica[0]) == 0;
}

static void
test_local_change_syncs_at_once (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *booking = NULL;
  gint64 start, deadline;
  guint tick;

  g_assert_true (find_last_place (f, &capacity, &product, &start));
  /* A periodic sync far away: only the change itself can make it go out. */
  loket_sync_client_start (f->client[0], 3600);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (loket_sync_client_get_syncing (f->client[0]) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, TRUE);

  booking = book (f, 0, capacity, product, start, NULL);
  tick = g_timeout_add (50, keep_looking, NULL);  /* so the deadline is looked at */
  while (!nothing_pending (f) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM appointments WHERE id = ?", booking),
                   ==, 1);
  loket_sync_client_stop (f->client[0]);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  loket_sync_client_login_async (f->client[0], f->server->url, f->username, "wrong", "desk",
                                 NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_error (wait.error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_clear_error (&wait.error);
  /* The earlier session is untouched. */
  g_assert_true (loket_replica_has_session (f->replica[0]));
  sync_ok (f, 0);

  wait.done = FALSE;
  loket_sync_client_login_async (f->client[0], "ftp://example", f->username, "demo", "desk",
                                 NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_error (wait.error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&wait.error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/last-place-offline", test_last_place_offline);
  ADD ("/sync/customer-travels", test_customer_travels);
  ADD ("/sync/duplicate-customers-merge", test_duplicate_customers_merge);
  ADD ("/sync/sigkill-loses-nothing", test_sigkill_loses_nothing);
  ADD ("/sync/push-twice-applied-once", test_push_twice_applied_once);
  ADD ("/sync/cancel-reaches-other-desk", test_cancel_reaches_other_desk);
  ADD ("/sync/local-change-syncs-at-once", test_local_change_syncs_at_once);
  ADD ("/sync/wrong-password", test_wrong_password);
#undef ADD

  return g_test_run ();
}
