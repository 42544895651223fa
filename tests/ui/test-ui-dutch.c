/* The desk app in Dutch: under LC_ALL=nl_NL.UTF-8 the real window, connected to a demo server,
 * shows its pages, header and agenda in Dutch. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "loket-sync-client.h"
#include "loket-test-server.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 15000

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
}

static void
connect_replica (LoketSyncClient *client, const char *url, const char *username)
{
  gboolean logged_in = FALSE, synced = FALSE;

  loket_sync_client_login_async (client, url, username, "demo", "Dutch test desk", NULL, on_done,
                                 &logged_in);
  loket_test_wait_for (&logged_in, WAIT_MS);
  loket_sync_client_sync_async (client, NULL, on_done, &synced);
  loket_test_wait_for (&synced, WAIT_MS);
  g_assert_true (loket_replica_has_session (loket_sync_client_get_replica (client)));
}

static gboolean
has_dutch_weekday (GPtrArray *texts)
{
  const char *days[] = { "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                         "zondag" };

  for (guint i = 0; i < texts->len; i++)
    for (guint d = 0; d < G_N_ELEMENTS (days); d++)
      if (strstr (texts->pdata[i], days[d]) != NULL)
        return TRUE;
  return FALSE;
}

static void
iterate_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_window_in_dutch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("loket-ui-dutch-XXXXXX", &error);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *replica_db = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(LoketTestServer) server = loket_test_server_start (server_db, TRUE, 0, &error);
  g_autofree char *username = NULL;
  g_autoptr(LoketReplica) replica = NULL;
  g_autoptr(LoketSyncClient) client = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  LoketWindow *window;

  g_assert_no_error (error);
  username = loket_test_db_text (server_db, "SELECT username FROM users "
                                            "WHERE role_id = 'medewerker' LIMIT 1");
  replica = loket_replica_open (replica_db, &error);
  g_assert_no_error (error);
  client = loket_sync_client_new (replica);
  connect_replica (client, server->url, username);

  window = loket_window_new (NULL, replica, client);
  gtk_window_present (GTK_WINDOW (window));
  loket_window_show_page (window, "agenda");
  iterate_until_mapped (loket_window_get_agenda (window));

  texts = loket_test_visible_label_texts (GTK_WIDGET (window));
  /* The sidebar and the header, in Dutch, and none of the English source strings. */
  g_assert_true (loket_test_texts_contain (texts, "Vandaag"));
  g_assert_true (loket_test_texts_contain (texts, "Zaken"));
  g_assert_true (loket_test_texts_contain (texts, "Klanten"));
  g_assert_true (loket_test_texts_contain (texts, "Kennisbank"));
  g_assert_false (loket_test_texts_contain (texts, "Today"));
  g_assert_false (loket_test_texts_contain (texts, "Cases"));
  g_assert_false (loket_test_texts_contain (texts, "Customers"));
  /* The agenda's day in words, with a Dutch weekday. */
  g_assert_true (has_dutch_weekday (texts));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&client);
  g_clear_object (&replica);
  g_clear_pointer (&server, loket_test_server_free);
  loket_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("LOKET_LOCALEDIR");

  /* The test is about the Dutch locale: without it, it fails rather than passing in English. */
  if (setlocale (LC_ALL, "nl_NL.UTF-8") == NULL)
    g_error ("The nl_NL.UTF-8 locale is missing (run .ci/install-deps)");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();  /* keep the locale chosen above, whatever LC_ALL the runner set */
  gtk_init ();
  adw_init ();
  g_test_add_func ("/ui/window-in-dutch", test_window_in_dutch);
  return g_test_run ();
}
