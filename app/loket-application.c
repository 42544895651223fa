/* loket-application.c — the desk application.
 *
 * Owns the replica and its sync client for the whole run. First run (no session in the
 * replica): the connect dialog, or a login without a dialog when --user and LOKET_PASSWORD are
 * given (the demo script). Afterwards the main window opens at once from the local replica and
 * the sync client keeps it up to date in the background.
 *
 * A desk whose login the server refused (an administrator revoked it) is not a first run: it
 * holds data and perhaps unsent changes, so it opens the main window too, which works offline
 * and offers to sign in again (see loket-window.c).
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "loket-application.h"
#include "loket-connect-dialog.h"
#include "loket-error.h"
#include "loket-window.h"

#define SYNC_INTERVAL_SECONDS 30

struct _LoketApplication
{
  AdwApplication   parent_instance;

  char            *server_url;
  char            *username;
  char            *replica_path;

  LoketReplica    *replica;
  LoketSyncClient *client;
};

G_DEFINE_FINAL_TYPE (LoketApplication, loket_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Address of the Loket server, e.g. https://loket.example.nl"), N_("URL") },
  { "user", 'u', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("User name to sign in with (the password is read from LOKET_PASSWORD when set)"),
    N_("NAME") },
  { "replica", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("The local replica database to use"), N_("PATH") },
  { NULL }
};

/* ---- Windows ------------------------------------------------------------------------------ */

static void
show_main_window (LoketApplication *self)
{
  LoketWindow *window = loket_window_new (ADW_APPLICATION (self), self->replica, self->client);

  gtk_window_present (GTK_WINDOW (window));
  loket_sync_client_start (self->client, SYNC_INTERVAL_SECONDS);
}

static void
on_connected (LoketConnectDialog *dialog, LoketApplication *self)
{
  /* Open the main window before closing the dialog, so the application never runs out of
   * windows in between. */
  show_main_window (self);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static LoketConnectDialog *
show_connect_dialog (LoketApplication *self)
{
  LoketConnectDialog *dialog = loket_connect_dialog_new (self->client, self->server_url,
                                                         self->username);

  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "connected", G_CALLBACK (on_connected), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_fatal_response (AdwMessageDialog *dialog, const char *response, LoketApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

/* A replica that cannot be opened is the one failure the desk cannot work around. */
static void
show_fatal_error (LoketApplication *self, const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Loket Cannot Start"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_fatal_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Login without a dialog --------------------------------------------------------------- */

static void
on_quiet_login_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error))
    show_main_window (self);
  else
    loket_connect_dialog_show_error (show_connect_dialog (self), error);
  g_application_release (G_APPLICATION (self));
}

static void
login_quietly (LoketApplication *self, const char *password)
{
  const char *url = self->server_url != NULL ? self->server_url : "http://127.0.0.1:8765";

  /* No window exists until the login answers: hold the application meanwhile. */
  g_application_hold (G_APPLICATION (self));
  loket_sync_client_login_async (self->client, url, self->username, password,
                                 g_get_host_name (), NULL, on_quiet_login_done,
                                 g_object_ref (self));
}

/* ---- Startup and activation --------------------------------------------------------------- */

/* Signed in once and signed out since (the token was refused): the replica knows its server. */
static gboolean
was_signed_in (LoketReplica *replica)
{
  g_autofree char *server_url = loket_replica_dup_state (replica, "server_url");

  return server_url != NULL;
}

static gboolean
open_replica (LoketApplication *self, GError **error)
{
  g_autofree char *dir = NULL;

  if (self->replica_path == NULL)
    self->replica_path = g_build_filename (g_get_user_data_dir (), "loket", "replica.db", NULL);
  dir = g_path_get_dirname (self->replica_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The folder %s for the local data cannot be created: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  self->replica = loket_replica_open (self->replica_path, error);
  if (self->replica == NULL)
    return FALSE;
  self->client = loket_sync_client_new (self->replica);
  return TRUE;
}

static void
loket_application_activate (GApplication *app)
{
  LoketApplication *self = LOKET_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *password = g_getenv ("LOKET_PASSWORD");

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->replica == NULL && !open_replica (self, &error))
    {
      show_fatal_error (self, error);
      return;
    }

  if (loket_replica_has_session (self->replica))
    show_main_window (self);
  else if (self->username != NULL && password != NULL && *password != '\0')
    login_quietly (self, password);
  else if (was_signed_in (self->replica))
    show_main_window (self);
  else
    show_connect_dialog (self);
}

static gint
loket_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  LoketApplication *self = LOKET_APPLICATION (app);

  g_variant_dict_lookup (options, "server", "s", &self->server_url);
  g_variant_dict_lookup (options, "user", "s", &self->username);
  g_variant_dict_lookup (options, "replica", "^ay", &self->replica_path);

  /* Each replica belongs to one desk: a second desk on the same machine (the demo runs two)
   * must not hand its activation to the first. */
  if (self->replica_path != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

/* Closing each window (rather than g_application_quit) lets them save their state; the
 * application ends with its last window. */
static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  windows = g_list_copy_deep (windows, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Loket"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Loket developers"),
                         "comments", _("Appointments, cases, customers and knowledge base for "
                                       "the municipal service desk. Keeps working offline."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The help overlay itself comes from gtk/help-overlay.ui, which GtkApplication attaches to
 * every main window as win.show-help-overlay. */
static void
shortcuts_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *overlay;

  if (GTK_IS_APPLICATION_WINDOW (window))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
      return;
    }
  builder = gtk_builder_new_from_resource ("/nl/loket/Loket/gtk/help-overlay.ui");
  overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (overlay, window);
  gtk_window_present (overlay);
}

/* A notification's default action (termijnbewaking): the case in the window, brought forward;
 * an application action, so that it works whenever the notification is clicked. */
static void
show_case_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window == NULL)
    return;
  gtk_window_present (window);
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-case", parameter);
}

static void
loket_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "show-case", show_case_action, "s", NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
    { "about", about_action, NULL, NULL, NULL, { 0 } },
    { "shortcuts", shortcuts_action, NULL, NULL, NULL, { 0 } },
  };
  static const char *const quit_accels[] = { "<Control>q", NULL };
  static const char *const shortcuts_accels[] = { "<Control>question", NULL };
  static const char *const no_accels[] = { NULL };

  /* AdwApplication also loads style.css from the application's resource path. */
  G_APPLICATION_CLASS (loket_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts",
                                         shortcuts_accels);
  /* One key, one action: Ctrl+? belongs to app.shortcuts, which opens the same overlay. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         no_accels);
}

static void
loket_application_shutdown (GApplication *app)
{
  LoketApplication *self = LOKET_APPLICATION (app);

  if (self->client != NULL)
    loket_sync_client_stop (self->client);

  G_APPLICATION_CLASS (loket_application_parent_class)->shutdown (app);
}

static void
loket_application_finalize (GObject *object)
{
  LoketApplication *self = LOKET_APPLICATION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->replica);
  g_free (self->server_url);
  g_free (self->username);
  g_free (self->replica_path);

  G_OBJECT_CLASS (loket_application_parent_class)->finalize (object);
}

static void
loket_application_class_init (LoketApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = loket_application_finalize;
  app_class->activate = loket_application_activate;
  app_class->startup = loket_application_startup;
  app_class->shutdown = loket_application_shutdown;
  app_class->handle_local_options = loket_application_handle_local_options;
}

static void
loket_application_init (LoketApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The desk application for municipal service "
                                              "desks."));
}

LoketApplication *
loket_application_new (void)
{
  return g_object_new (LOKET_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/nl/loket/Loket",
                       NULL);
}
