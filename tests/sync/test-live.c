/* Integration: the live channel (the sync contract's point 7) between a real loket-sync on a
 * loopback port and two desk replicas.
 *
 * Both desks run the periodic sync with an interval of an hour, so only the live channel can
 * bring desk A's change to desk B quickly.  The scenarios: a booking reaches the other desk in
 * under a second (the measured times are printed); after the server is killed both desks drop
 * to polling and go live again by themselves once it is back; a server that stops says goodbye
 * and exits cleanly; a revoked device loses its channel and its session; a server that hangs
 * without closing anything (SIGSTOP) is noticed by the unanswered pings; a live connection
 * without a valid token, with another protocol or without a WebSocket handshake is refused. */
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-schema.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define WAIT_MS           30000
#define PROPAGATION_MS    1000   /* the promise on a LAN; loopback must keep it easily */
#define GONE_MS           5000   /* a killed server's sockets close at once */
#define RELIVE_MS         15000  /* backoff starts at about 2 s */
/* The next periodic sync is an hour away, so arriving at all proves the channel works again;
 * a freshly started server (under ASan) takes a few hundred ms over its first push. */
#define AFTER_RESTART_MS  3000
#define REVOKED_MS        15000  /* the server looks at tokens every 5 s */
#define SILENT_MS         60000  /* 30 s without an answer to a ping, seen within 10 s more */
#define INTERVAL_S        3600
#define ROUNDS            5

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  char            *username;
  LoketReplica    *replica[2];
  LoketSyncClient *client[2];
  guint            live_notifies[2];
} Fixture;

typedef struct {
  gboolean done;
  GError  *error;
} Wait;

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* ---- helpers ------------------------------------------------------------------------------ */

static gboolean
keep_looking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until condition holds or timeout_ms passed; a short tick makes sure
 * the deadline is looked at even when nothing else happens. */
static gboolean
wait_until (Fixture *f, Condition condition, gconstpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (5, keep_looking, NULL);

  while (!condition (f, data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return condition (f, data);
}

static gboolean
both_live (Fixture *f, gconstpointer data)
{
  return loket_sync_client_get_live (f->client[0]) && loket_sync_client_get_live (f->client[1]);
}

static gboolean
none_live (Fixture *f, gconstpointer data)
{
  return !loket_sync_client_get_live (f->client[0]) &&
         !loket_sync_client_get_live (f->client[1]);
}

static gboolean
desk_not_live (Fixture *f, gconstpointer data)
{
  return !loket_sync_client_get_live (f->client[GPOINTER_TO_UINT (data)]);
}

static gboolean
desk_logged_out (Fixture *f, gconstpointer data)
{
  return !loket_replica_has_session (f->replica[GPOINTER_TO_UINT (data)]);
}

typedef struct {
  guint       desk;
  const char *id;
} RowOnDesk;

static gboolean
has_appointment (Fixture *f, gconstpointer data)
{
  const RowOnDesk *where = data;
  g_autoptr(JsonObject) row = loket_db_get_row (loket_replica_get_db (f->replica[where->desk]),
                                                "appointments", where->id, NULL);

  return row != NULL;
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  else
    loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static void
login_and_sync (Fixture *f, guint desk)
{
  g_autofree char *device = g_strdup_printf ("live desk %u", desk);
  Wait wait = { 0 };

  loket_sync_client_login_async (f->client[desk], f->server->url, f->username, "demo", device,
                                 NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  wait.done = FALSE;
  loket_sync_client_sync_async (f->client[desk], NULL, on_done, &wait);
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
on_live_notify (LoketSyncClient *client, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("loket-live-XXXXXX", NULL);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  start_server (f, 0);
  f->username = loket_test_db_text (f->server_db,
                                    "SELECT username FROM users WHERE role_id = 'medewerker' "
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
      g_signal_connect (f->client[i], "notify::live", G_CALLBACK (on_live_notify),
                        &f->live_notifies[i]);
      login_and_sync (f, i);
    }
}

/* Lets what stop started (closing sockets, cancelled connects) finish, so nothing of it is
 * left for the leak checker. */
static void
drain (void)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (100, keep_looking, NULL);
  gint64 deadline = g_get_monotonic_time () + 100 * 1000;

  while (!done && g_get_monotonic_time () < deadline)
    done = !g_main_context_iteration (NULL, TRUE) && !g_main_context_pending (NULL);
  g_source_remove (id);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 2; i++)
    loket_sync_client_stop (f->client[i]);
  drain ();
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

static void
start_both_live (Fixture *f)
{
  loket_sync_client_start (f->client[0], INTERVAL_S);
  loket_sync_client_start (f->client[1], INTERVAL_S);
  g_assert_true (wait_until (f, both_live, NULL, WAIT_MS));
  g_assert_cmpuint (f->live_notifies[0], >=, 1);
  g_assert_cmpuint (f->live_notifies[1], >=, 1);
}

/* n free desk starts of one capacity and product at desk 0's location, a few days ahead. */
static void
find_free_starts (Fixture *f, guint n, char **capacity_id, char **product_id, gint64 *starts)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (f->replica[0]);
  g_autoptr(GListModel) capacities = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_nonnull (user);
  capacities = loket_replica_list_capacities (f->replica[0],
                                              loket_record_get_string (user, "location_id"));
  for (guint day = 1; day <= 21; day++)
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        const char *cap_id = loket_record_get_id (capacity);
        g_autoptr(GListModel) products = loket_replica_list_products (f->replica[0], cap_id);
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GDateTime) then = g_date_time_add_days (now, (int) day);
        g_autoptr(GArray) slots = NULL;
        guint found = 0;
        GDate date;

        if (product == NULL)
          continue;
        g_date_clear (&date, 1);
        g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (then),
                        (GDateMonth) g_date_time_get_month (then),
                        (GDateYear) g_date_time_get_year (then));
        slots = loket_replica_free_slots (f->replica[0], cap_id, loket_record_get_id (product),
                                          &date, now, NULL);
        for (guint s = 0; slots != NULL && s < slots->len && found < n; s++)
          if (g_array_index (slots, LoketSlot, s).free >= 1)
            starts[found++] = g_array_index (slots, LoketSlot, s).start;
        if (found == n)
          {
            *capacity_id = g_strdup (cap_id);
            *product_id = g_strdup (loket_record_get_id (product));
            return;
          }
      }
  g_assert_not_reached ();
}

/* Books at desk `from` and returns how many ms it took until desk `to` has the booking. */
static double
propagate (Fixture *f, guint from, guint to, const char *capacity_id, const char *product_id,
           gint64 start)
{
  g_autoptr(GError) error = NULL;
  LoketBookingInput in = { .product_id = product_id, .capacity_id = capacity_id,
                           .start = start, .reason = "Live", .mode = "fysiek" };
  g_autofree char *id = NULL;
  RowOnDesk where = { .desk = to };
  gint64 began;

  began = g_get_monotonic_time ();
  id = loket_replica_book_appointment (f->replica[from], &in, &error);
  g_assert_no_error (error);
  where.id = id;
  g_assert_true (wait_until (f, has_appointment, &where, WAIT_MS));
  return (double) (g_get_monotonic_time () - began) / 1000.0;
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_change_arrives_within_a_second (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  gint64 starts[ROUNDS];
  double worst = 0;

  find_free_starts (f, ROUNDS, &capacity, &product, starts);
  start_both_live (f);
  for (guint i = 0; i < ROUNDS; i++)
    {
      guint from = i % 2, to = 1 - from;
      double ms = propagate (f, from, to, capacity, product, starts[i]);

      g_test_message ("desk %u -> server -> desk %u: %.1f ms", from, to, ms);
      g_print ("# live propagation %u: %.1f ms\n", i + 1, ms);
      worst = MAX (worst, ms);
    }
  g_assert_cmpfloat (worst, <, PROPAGATION_MS);
  g_assert_true (both_live (f, NULL));
}

static void
test_live_again_after_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  guint16 port = f->server->port;
  gint64 starts[1];
  gint64 began;
  double ms;

  find_free_starts (f, 1, &capacity, &product, starts);
  start_both_live (f);

  loket_test_server_kill (f->server);
  g_clear_pointer (&f->server, loket_test_server_free);
  g_assert_true (wait_until (f, none_live, NULL, GONE_MS));

  /* Nobody asks them to: the fallback polling finds the server and reopens the channel. */
  start_server (f, port);
  began = g_get_monotonic_time ();
  g_assert_true (wait_until (f, both_live, NULL, RELIVE_MS));
  g_print ("# live again after the restart: %.1f s\n",
           (double) (g_get_monotonic_time () - began) / G_USEC_PER_SEC);

  ms = propagate (f, 1, 0, capacity, product, starts[0]);
  g_print ("# live propagation after the restart: %.1f ms\n", ms);
  g_assert_cmpfloat (ms, <, AFTER_RESTART_MS);
}

static void
on_server_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait->error);
  wait->done = TRUE;
}

/* SIGTERM while the desks' main context keeps running, so they can answer the goodbye. */
static void
test_server_stop_says_goodbye (Fixture *f, gconstpointer data)
{
  Wait wait = { 0 };
  gint64 began;

  start_both_live (f);
  began = g_get_monotonic_time ();
  g_subprocess_send_signal (f->server->process, SIGTERM);
  g_subprocess_wait_async (f->server->process, NULL, on_server_exited, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  g_print ("# server stopped with 2 live desks in %.1f ms\n",
           (double) (g_get_monotonic_time () - began) / 1000.0);
  /* Under ASan a leak at exit makes this non-zero. */
  g_assert_true (g_subprocess_get_if_exited (f->server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (f->server->process), ==, 0);
  g_clear_object (&f->server->process);
  g_clear_pointer (&f->server, loket_test_server_free);
  g_assert_true (wait_until (f, none_live, NULL, GONE_MS));
}

static void
revoke_device (Fixture *f, const char *device_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* As the administrator's command would, from another process on the same database. */
  g_assert_cmpint (sqlite3_open (f->server_db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE devices SET revoked = 1 WHERE id = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_revoked_device_loses_channel (Fixture *f, gconstpointer data)
{
  g_autofree char *device_id = loket_replica_dup_state (f->replica[0], "device_id");

  g_assert_nonnull (device_id);
  start_both_live (f);
  revoke_device (f, device_id);
  g_assert_true (wait_until (f, desk_not_live, GUINT_TO_POINTER (0), REVOKED_MS));
  /* Its fallback pull is refused: it asks for a new login and does not go live again. */
  g_assert_true (wait_until (f, desk_logged_out, GUINT_TO_POINTER (0), REVOKED_MS));
  g_assert_false (loket_sync_client_get_live (f->client[0]));
  g_assert_true (loket_sync_client_get_live (f->client[1]));
}

static void
test_silent_server_noticed (Fixture *f, gconstpointer data)
{
  gint64 began;

  start_both_live (f);
  /* Frozen: the sockets stay open, nothing answers. */
  g_subprocess_send_signal (f->server->process, SIGSTOP);
  began = g_get_monotonic_time ();
  g_assert_true (wait_until (f, none_live, NULL, SILENT_MS));
  g_print ("# a frozen server noticed after %.1f s\n",
           (double) (g_get_monotonic_time () - began) / G_USEC_PER_SEC);
  g_subprocess_send_signal (f->server->process, SIGCONT);
  g_assert_true (wait_until (f, both_live, NULL, WAIT_MS));
}

static void
test_stop_closes (Fixture *f, gconstpointer data)
{
  start_both_live (f);
  loket_sync_client_stop (f->client[0]);
  g_assert_false (loket_sync_client_get_live (f->client[0]));
  g_assert_true (loket_sync_client_get_live (f->client[1]));
}

static void
set_token (SoupMessage *msg, const char *token)
{
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
}

static void
on_ws_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  g_autoptr(SoupWebsocketConnection) conn = NULL;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &wait->error);
  /* An accepted one is closed again at once: only the answer matters here. */
  if (conn != NULL)
    soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  wait->done = TRUE;
}

/* The status the server answers a WebSocket handshake on the live path with. */
static guint
handshake_status (Fixture *f, const char *token, const char *query)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("ws%s/v1/sync/live?%s",
                                          f->server->url + strlen ("http"), query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Wait wait = { 0 };

  set_token (msg, token);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_clear_error (&wait.error);
  return soup_message_get_status (msg);
}

/* The status of a plain GET (no upgrade) of the live path. */
static guint
plain_get_status (Fixture *f, const char *token, const char *query)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/v1/sync/live?%s", f->server->url, query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  set_token (msg, token);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (text, "\"bad_request\""));
  return soup_message_get_status (msg);
}

static void
test_refused_without_token (Fixture *f, gconstpointer data)
{
  g_autofree char *token = loket_replica_dup_state (f->replica[0], "token");
  g_autofree char *good = g_strdup_printf ("protocol=%d&schema=%d", LOKET_PROTOCOL_VERSION,
                                           LOKET_DOMAIN_SCHEMA_VERSION);
  g_autofree char *other = g_strdup_printf ("protocol=%d&schema=%d", LOKET_PROTOCOL_VERSION + 1,
                                            LOKET_DOMAIN_SCHEMA_VERSION);

  g_assert_cmpuint (handshake_status (f, NULL, good), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (handshake_status (f, "not-a-token", good), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (handshake_status (f, token, other), ==, SOUP_STATUS_CONFLICT);
  g_assert_cmpuint (plain_get_status (f, token, good), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (handshake_status (f, token, good), ==, SOUP_STATUS_SWITCHING_PROTOCOLS);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/live/change-arrives-within-a-second", test_change_arrives_within_a_second);
  ADD ("/live/live-again-after-restart", test_live_again_after_restart);
  ADD ("/live/server-stop-says-goodbye", test_server_stop_says_goodbye);
  ADD ("/live/revoked-device-loses-channel", test_revoked_device_loses_channel);
  ADD ("/live/silent-server-noticed", test_silent_server_noticed);
  ADD ("/live/stop-closes", test_stop_closes);
  ADD ("/live/refused-without-token", test_refused_without_token);
#undef ADD

  return g_test_run ();
}
