/* UI: the first-run connect dialog and the main window against a real loket-sync with demo data,
 * under Xvfb.
 *
 * The tests drive the real widgets the way a clerk would (type into the fields, press Enter or
 * the Connect button) and assert on what the widgets show and on what reached the replica.
 * Widgets are found by their widget names (server-row, connect-button, …), never by position.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "loket-connect-dialog.h"
#include "loket-cases-view.h"
#include "loket-list-page.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-cases-view.h"
#include "loket-window.h"

#define WAIT_MS 30000

/* One server for all tests: starting it seeds the demo data, which takes a moment. */
static struct {
  char            *dir;
  LoketTestServer *server;
  char            *username;
} env;

typedef struct {
  char               *dir;
  LoketReplica       *replica;
  LoketSyncClient    *client;
  LoketConnectDialog *dialog;
} Fixture;

/* ---- helpers ------------------------------------------------------------------------------ */

static gint64
replica_count (LoketReplica *replica, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (replica), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}



static GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_text (gpointer root, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (root, name)), text);
}

static const char *
get_text (gpointer root, const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (root, name)));
}

static const char *
get_label (gpointer root, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (loket_test_get_named (root, name)));
}

static void
on_notify_flag (GObject *object, GParamSpec *pspec, gboolean *done)
{
  *done = TRUE;
}

static void
on_flag (gpointer instance, gboolean *done)
{
  *done = TRUE;
}

/* Activation (a mnemonic, Enter via the default widget, or a keyboard press) shows the button
 * pressed for a moment before "clicked": run the loop until it arrives. */
static void
wait_for_click (GtkWidget *button, gboolean *clicked, gulong handler)
{
  loket_test_wait_for (clicked, WAIT_MS);
  g_signal_handler_disconnect (button, handler);
}

static void
press (gpointer root, const char *name)
{
  GtkWidget *button = loket_test_get_named (root, name);
  gboolean clicked = FALSE;
  gulong handler = g_signal_connect (button, "clicked", G_CALLBACK (on_flag), &clicked);

  g_assert_true (gtk_widget_activate (button));
  wait_for_click (button, &clicked, handler);
}

/* Enter in a text field: GtkText's "activate", which activates the window's default widget. */
static void
press_enter_in (GtkWidget *row, GtkWidget *default_button)
{
  GtkWidget *text = find_type (row, GTK_TYPE_TEXT);
  gboolean clicked = FALSE;
  gulong handler = g_signal_connect (default_button, "clicked", G_CALLBACK (on_flag), &clicked);

  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");
  wait_for_click (default_button, &clicked, handler);
}

static void
on_visible (GtkWidget *widget, GParamSpec *pspec, gboolean *done)
{
  if (gtk_widget_get_visible (widget))
    *done = TRUE;
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
  f->dialog = loket_connect_dialog_new (f->client, env.server->url, NULL);
  g_object_ref_sink (f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  loket_sync_client_stop (f->client);
  g_clear_object (&f->client);
  g_clear_object (&f->replica);
  loket_test_remove_tree (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->dir);
}

/* ---- tests -------------------------------------------------------------------------------- */

/* Prefilled from the command line; the cursor starts where there is something to type. */
static void
test_connect_prefill (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketConnectDialog) dialog = loket_connect_dialog_new (f->client, NULL, "jansen");
  GtkWidget *focus;

  g_object_ref_sink (dialog);
  g_assert_cmpstr (get_text (f->dialog, "server-row"), ==, env.server->url);
  g_assert_cmpstr (get_text (dialog, "server-row"), ==, "http://127.0.0.1:8765");
  g_assert_cmpstr (get_text (dialog, "user-row"), ==, "jansen");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, loket_test_get_named (dialog, "password-row")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A missing field is named before anything goes over the network. */
static void
test_connect_missing_field (Fixture *f, gconstpointer data)
{
  GtkWidget *error_label = loket_test_get_named (f->dialog, "error-label");
  GtkWidget *focus;

  set_text (f->dialog, "user-row", "");
  set_text (f->dialog, "password-row", "demo");
  press (f->dialog, "connect-button");

  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "Fill in your user name.");
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (f->dialog, "progress-box")));
  focus = gtk_root_get_focus (GTK_ROOT (f->dialog));
  g_assert_true (gtk_widget_is_ancestor (focus, loket_test_get_named (f->dialog, "user-row")));
  g_assert_cmpstr (get_text (f->dialog, "password-row"), ==, "demo");
  g_assert_false (loket_replica_has_session (f->replica));

  set_text (f->dialog, "server-row", "loket.example.nl");
  set_text (f->dialog, "user-row", env.username);
  press (f->dialog, "connect-button");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The server address must start with http:// or https://.");
}

/* Enter in the password field connects; a wrong password is said in words, and everything
 * typed stays. */
static void
test_connect_wrong_password (Fixture *f, gconstpointer data)
{
  GtkWidget *error_label = loket_test_get_named (f->dialog, "error-label");
  GtkWidget *password_row = loket_test_get_named (f->dialog, "password-row");
  gboolean shown = FALSE;

  g_signal_connect (error_label, "notify::visible", G_CALLBACK (on_visible), &shown);
  set_text (f->dialog, "user-row", env.username);
  set_text (f->dialog, "password-row", "not-the-password");
  press_enter_in (password_row, loket_test_get_named (f->dialog, "connect-button"));

  g_assert_true (gtk_widget_get_visible (loket_test_get_named (f->dialog, "progress-box")));
  g_assert_false (gtk_widget_get_sensitive (loket_test_get_named (f->dialog, "connect-button")));
  loket_test_wait_for (&shown, WAIT_MS);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "Unknown user name or wrong password.");
  g_assert_cmpstr (get_text (f->dialog, "server-row"), ==, env.server->url);
  g_assert_cmpstr (get_text (f->dialog, "user-row"), ==, env.username);
  g_assert_cmpstr (get_text (f->dialog, "password-row"), ==, "not-the-password");
  g_assert_true (gtk_widget_get_sensitive (loket_test_get_named (f->dialog, "connect-button")));
  g_assert_true (gtk_widget_get_sensitive (loket_test_get_named (f->dialog, "user-row")));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (f->dialog, "progress-box")));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->dialog)),
                                         password_row));
  g_assert_false (loket_replica_has_session (f->replica));
}

/* A server that is not there: the clerk is told to check the address, nothing is lost. */
static void
test_connect_unreachable (Fixture *f, gconstpointer data)
{
  GtkWidget *error_label = loket_test_get_named (f->dialog, "error-label");
  gboolean shown = FALSE;

  g_signal_connect (error_label, "notify::visible", G_CALLBACK (on_visible), &shown);
  /* Port 9 (discard) on loopback: refused at once. */
  set_text (f->dialog, "server-row", "http://127.0.0.1:9");
  set_text (f->dialog, "user-row", env.username);
  set_text (f->dialog, "password-row", "demo");
  press (f->dialog, "connect-button");
  loket_test_wait_for (&shown, WAIT_MS);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The server cannot be reached. Check the address and the network.");
  g_assert_cmpstr (get_text (f->dialog, "server-row"), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (get_text (f->dialog, "user-row"), ==, env.username);
  g_assert_false (loket_replica_has_session (f->replica));
}

/* The right password: login, the first download with progress, then "connected". */
static void
test_connect_success (Fixture *f, gconstpointer data)
{
  GtkWidget *progress = loket_test_get_named (f->dialog, "progress-bar");
  gboolean connected = FALSE;

  g_signal_connect (f->dialog, "connected", G_CALLBACK (on_flag), &connected);
  set_text (f->dialog, "user-row", env.username);
  set_text (f->dialog, "password-row", "demo");
  press (f->dialog, "connect-button");
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (f->dialog, "progress-box")));
  loket_test_wait_for (&connected, WAIT_MS);

  g_assert_false (gtk_widget_get_visible (loket_test_get_named (f->dialog, "error-label")));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), ==,
                     loket_sync_client_get_progress (f->client));
  g_assert_true (loket_replica_has_session (f->replica));
  g_assert_cmpint (replica_count (f->replica, "SELECT count(*) FROM appointments"), >, 0);
  g_assert_cmpint (replica_count (f->replica, "SELECT count(*) FROM kb_articles"), >, 0);
  g_assert_cmpint (loket_sync_client_get_last_sync (f->client), >, 0);
}

/* After the first sync: the main window shows who is signed in, the sync state, and its pages
 * answer their shortcuts. */
static void
test_main_window (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketRecord) user = NULL;
  g_autoptr(LoketWindow) window = NULL;
  GtkWidget *title, *sidebar, *page;
  gboolean live = FALSE;
  gulong handler;

  loket_test_ui_sign_in (f->client, env.server->url, env.username);
  user = loket_replica_get_user (f->replica);
  g_assert_nonnull (user);

  window = g_object_ref_sink (loket_window_new (NULL, f->replica, f->client));
  gtk_window_present (GTK_WINDOW (window));

  title = find_type (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, "Loket");
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)),
                                   loket_record_get_string (user, "display_name")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (loket_test_get_named (window, "online-label"))), ==,
                   "Online");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (loket_test_get_named (window,
                                                                             "synced-label"))),
                                   "Synced "));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (window, "waiting-label")));
  g_assert_cmpstr (get_label (window, "state-label"), ==,
                   "Online. Changes from other desks arrive with the next check.");
  g_assert_nonnull (loket_window_get_agenda (window));

  /* Started, the client opens the live channel, and the sync popover says so. */
  handler = g_signal_connect (f->client, "notify::live", G_CALLBACK (on_notify_flag), &live);
  loket_sync_client_start (f->client, 3600);
  loket_test_wait_for (&live, WAIT_MS);
  g_signal_handler_disconnect (f->client, handler);
  g_assert_true (loket_sync_client_get_live (f->client));
  g_assert_cmpstr (get_label (window, "state-label"), ==,
                   "Online and live: changes from other desks appear at once.");

  sidebar = loket_test_get_named (window, "sidebar");
  /* Today, Agenda, Cases, Customers, Knowledge Base, Conflicts, Administration. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 6));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 7));

  /* Ctrl+3: the cases, with the search entry focused and results from the replica. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "cases"));
  g_assert_cmpstr (loket_window_get_page (window), ==, "cases");
  g_assert_true (gtk_list_box_row_is_selected (
    gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 2)));
  page = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), LOKET_TYPE_CASES_VIEW);
  g_assert_nonnull (page);
  g_assert_true (GTK_IS_EDITABLE (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                                          GTK_TYPE_SEARCH_ENTRY)));
  {
    guint counted = 0;

    /* The lists count the replica's cases (which list holds them depends on the clerk). */
    for (LoketCaseList list = LOKET_CASE_LIST_MINE; list <= LOKET_CASE_LIST_CLOSED; list++)
      counted += loket_cases_view_get_count (LOKET_CASES_VIEW (page), list);
    g_assert_cmpuint (counted, >, 0);
  }

  /* Ctrl+F on a page without a search of its own looks up a customer. */
  loket_window_show_page (window, "today");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_cmpstr (loket_window_get_page (window), ==, "customers");

  /* Alt+Home: today in the agenda, from any page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.today", NULL));
  g_assert_cmpstr (loket_window_get_page (window), ==, "agenda");

  loket_sync_client_stop (f->client);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  env.dir = g_dir_make_tmp ("loket-ui-connect-XXXXXX", &error);
  g_assert_no_error (error);
  server_db = g_build_filename (env.dir, "server.db", NULL);
  env.server = loket_test_server_start (server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  env.username = loket_test_db_text (server_db, "SELECT username FROM users WHERE role_id = \'medewerker\' LIMIT 1");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/connect/prefill", test_connect_prefill);
  ADD ("/ui/connect/missing-field", test_connect_missing_field);
  ADD ("/ui/connect/wrong-password", test_connect_wrong_password);
  ADD ("/ui/connect/unreachable", test_connect_unreachable);
  ADD ("/ui/connect/success", test_connect_success);
  ADD ("/ui/window/after-connect", test_main_window);
#undef ADD

  status = g_test_run ();

  loket_test_server_free (env.server);
  g_free (env.username);
  loket_test_remove_tree (env.dir);
  g_free (env.dir);
  return status;
}
