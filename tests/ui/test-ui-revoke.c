/* UI: an administrator revokes the desk's device (the real `loket-sync revoke-device`, next to a
 * running server) while the main window is open, under Xvfb.
 *
 * The window must stay usable on the replica, say that the desk was signed out and how many
 * changes wait, and offer Sign In; that opens the connect dialog prefilled with the server and
 * the user, and after logging in the waiting change reaches the server once.
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-connect-dialog.h"
#include "loket-error.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 30000

/* One server for all tests: starting it seeds the demo data, which takes a moment. */
static struct {
  char            *dir;
  LoketTestServer *server;
  char            *username;
  char            *display_name;
} env;

typedef struct {
  char            *dir;
  LoketReplica    *replica;
  LoketSyncClient *client;
  LoketWindow     *window;
} Fixture;

/* ---- helpers ------------------------------------------------------------------------------ */

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until condition holds, failing the test after WAIT_MS. */
static void
wait_until (Condition condition, Fixture *f)
{
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) condition, f, NULL, WAIT_MS));
}

static gint64
server_count (const char *sql, const char *param)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (env.server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
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

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* What an administrator does: `loket-sync --db SERVER_DB revoke-device ID` on the live file. */
static void
revoke_this_desk (Fixture *f)
{
  g_autofree char *device = loket_replica_dup_state (f->replica, "device_id");
  const char *argv[] = { g_getenv ("LOKET_SYNC_BIN"), "--db", env.server->db_path,
                         "revoke-device", device, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  gboolean exited = FALSE;

  g_assert_nonnull (argv[0]);
  g_assert_nonnull (device);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_exited, &exited);
  loket_test_wait_for (&exited, WAIT_MS);
}

/* A sync that the server must refuse as unauthorized. */
static void
on_refused (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  *(gboolean *) user_data = TRUE;
}

static gboolean
bar_revealed (Fixture *f, gconstpointer data)
{
  return gtk_action_bar_get_revealed (GTK_ACTION_BAR (loket_test_get_named (f->window,
                                                                            "signed-out-bar")));
}

static gboolean
bar_hidden (Fixture *f, gconstpointer data)
{
  return !bar_revealed (f, NULL);
}

static gboolean
dialog_closed (Fixture *f, gconstpointer data)
{
  return loket_window_get_sign_in_dialog (f->window) == NULL;
}

/* A button only reacts once it is on screen, i.e. once the bar's reveal has started. */
static gboolean
sign_in_button_mapped (Fixture *f, gconstpointer data)
{
  return gtk_widget_get_mapped (loket_test_get_named (f->window, "sign-in-button"));
}

static const char *
label_text (gpointer root, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (loket_test_get_named (root, name)));
}

static const char *
entry_text (gpointer root, const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (root, name)));
}

static void
on_clicked (GtkButton *button, gboolean *clicked)
{
  *clicked = TRUE;
}

/* Activation shows the button pressed for a moment before "clicked": wait for it. */
static void
press (gpointer root, const char *name)
{
  GtkWidget *button = loket_test_get_named (root, name);
  gboolean clicked = FALSE;
  gulong handler = g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), &clicked);

  g_assert_true (gtk_widget_activate (button));
  loket_test_wait_for (&clicked, WAIT_MS);
  g_signal_handler_disconnect (button, handler);
}

/* Offline work: a new customer, waiting in the outbox. */
static char *
create_customer (Fixture *f, const char *name)
{
  LoketCustomerInput in = { .name = name, .preferred_channel = "telefoon" };
  g_autoptr(GError) error = NULL;
  char *id = loket_replica_create_customer (f->replica, &in, &error);

  g_assert_no_error (error);
  return id;
}

static char *
work_offline (Fixture *f)
{
  char *id = create_customer (f, "Joke Uitgelogd");

  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  return id;
}

static char *
work_offline_again (Fixture *f)
{
  char *id = create_customer (f, "Kees Nogsteeds");

  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 2);
  return id;
}

static void
sync_until_refused (Fixture *f)
{
  /* Ctrl+R, as the clerk (or the periodic sync) would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL));
  wait_until (bar_revealed, f);
  wait_until (sign_in_button_mapped, f);
  g_assert_false (loket_replica_has_session (f->replica));
}

static void
open_window (Fixture *f)
{
  f->window = g_object_ref_sink (loket_window_new (NULL, f->replica, f->client));
  gtk_window_present (GTK_WINDOW (f->window));
}

/* ---- fixture ------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_build_filename (env.dir, "desk-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (f->dir));
  path = g_build_filename (f->dir, "replica.db", NULL);
  f->replica = loket_replica_open (path, &error);
  g_assert_no_error (error);
  f->client = loket_sync_client_new (f->replica);
  loket_test_ui_sign_in (f->client, env.server->url, env.username);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  loket_sync_client_stop (f->client);
  g_clear_object (&f->client);
  g_clear_object (&f->replica);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void
test_revoked_while_open (Fixture *f, gconstpointer data)
{
  g_autofree char *customer = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *dialog;
  GtkWidget *focus;

  open_window (f);
  g_assert_false (bar_revealed (f, NULL));
  g_assert_false (loket_window_is_signed_out (f->window));

  customer = work_offline (f);
  revoke_this_desk (f);
  sync_until_refused (f);

  /* Signed out, and the clerk is told what to do and what is at stake. */
  g_assert_true (loket_window_is_signed_out (f->window));
  g_assert_cmpstr (label_text (f->window, "signed-out-label"), ==,
                   "This desk was signed out by an administrator. Sign in again to send 1 "
                   "waiting change.");
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (f->window, "waiting-label")));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM customers WHERE id = ?", customer), ==, 0);

  /* Still usable on the replica: pages open, and new work is kept and counted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "customers"));
  g_assert_cmpstr (loket_window_get_page (f->window), ==, "customers");

  /* From here on the client also syncs in the background, as in the application (a far-away
   * period: a local change or a login makes it sync at once), so that the dialog's sync meets
   * the one a login starts. */
  loket_sync_client_start (f->client, 3600);

  /* Sign In: the connect dialog, with the server and the user filled in. */
  press (f->window, "sign-in-button");
  dialog = loket_window_get_sign_in_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));
  g_assert_cmpstr (entry_text (dialog, "server-row"), ==, env.server->url);
  g_assert_cmpstr (entry_text (dialog, "user-row"), ==, env.username);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (gtk_widget_is_ancestor (focus, loket_test_get_named (dialog, "password-row")));
  g_assert_cmpstr (label_text (dialog, "title-label"), ==, "Sign In Again");
  g_assert_cmpstr (label_text (dialog, "intro-label"), ==,
                   "This desk is no longer signed in. Sign in to go on; the 1 change not yet "
                   "sent is kept and sent once you are signed in.");

  /* A colleague cannot sign in over the waiting change: it would go out under their name. */
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "user-row")), "kcc");
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "password-row")), "demo");
  press (dialog, "connect-button");
  expected = g_strdup_printf ("This desk still holds 1 change by %s that has not been sent. "
                              "Only %s can send it: ask them to sign in here first.",
                              env.display_name, env.display_name);
  g_assert_cmpstr (label_text (dialog, "error-label"), ==, expected);
  g_assert_false (loket_replica_has_session (f->replica));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "user-row")), env.username);

  /* Logging in sends the waiting change, closes the dialog and takes the message away. */
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "password-row")), "demo");
  press (dialog, "connect-button");
  wait_until (dialog_closed, f);
  wait_until (bar_hidden, f);
  g_assert_true (loket_replica_has_session (f->replica));
  g_assert_false (loket_window_is_signed_out (f->window));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (f->window, "waiting-label")));
  g_assert_cmpint (server_count ("SELECT count(*) FROM customers WHERE id = ?", customer), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM change_log WHERE row_id = ?", customer),
                   ==, 1);
}

/* A desk that was signed out before its window opened (the app started after the revocation):
 * the message is there at once and follows the outbox; Ctrl+R, which cannot sync now, offers
 * to sign in instead, and closing that dialog keeps everything as it was. */
static void
test_opens_signed_out (Fixture *f, gconstpointer data)
{
  g_autofree char *first = work_offline (f);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  gboolean done = FALSE;

  revoke_this_desk (f);
  loket_sync_client_sync_async (f->client, NULL, on_refused, &done);
  loket_test_wait_for (&done, WAIT_MS);
  g_assert_false (loket_replica_has_session (f->replica));

  open_window (f);
  g_assert_true (bar_revealed (f, NULL));
  g_assert_cmpstr (label_text (f->window, "signed-out-label"), ==,
                   "This desk was signed out by an administrator. Sign in again to send 1 "
                   "waiting change.");
  second = work_offline_again (f);
  g_assert_cmpstr (label_text (f->window, "signed-out-label"), ==,
                   "This desk was signed out by an administrator. Sign in again to send 2 "
                   "waiting changes.");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL));
  dialog = loket_window_get_sign_in_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (entry_text (dialog, "user-row"), ==, env.username);
  gtk_window_close (dialog);
  wait_until (dialog_closed, f);
  g_assert_true (bar_revealed (f, NULL));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 2);
  g_assert_cmpint (server_count ("SELECT count(*) FROM customers WHERE id = ?", first), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *sql = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  env.dir = g_dir_make_tmp ("loket-ui-revoke-XXXXXX", &error);
  g_assert_no_error (error);
  server_db = g_build_filename (env.dir, "server.db", NULL);
  env.server = loket_test_server_start (server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  env.username = loket_test_db_text (server_db, "SELECT username FROM users WHERE role_id = "
                                     "'medewerker' AND location_id IS NOT NULL ORDER BY username "
                                     "LIMIT 1");
  g_assert_nonnull (env.username);
  sql = g_strdup_printf ("SELECT display_name FROM users WHERE username = '%s'", env.username);
  env.display_name = loket_test_db_text (server_db, sql);
  g_assert_nonnull (env.display_name);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/revoke/revoked-while-open", test_revoked_while_open);
  ADD ("/ui/revoke/opens-signed-out", test_opens_signed_out);
#undef ADD

  status = g_test_run ();

  loket_test_server_free (env.server);
  g_free (env.username);
  g_free (env.display_name);
  loket_test_remove_tree (env.dir);
  g_free (env.dir);
  return status;
}
