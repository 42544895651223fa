/* loket-connect-dialog.c — first run: sign in and download the replica.
 *
 * Login and the first sync run one after the other; the form stays filled in whatever happens,
 * and a failure is shown under the form in words a desk clerk can act on.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-connect-dialog.h"
#include "loket-error.h"

#define DEFAULT_SERVER_URL "http://127.0.0.1:8765"

struct _LoketConnectDialog
{
  AdwWindow            parent_instance;

  LoketSyncClient     *client;
  GCancellable        *cancellable;
  GBinding            *progress_binding;

  GtkWidget           *app_icon;
  GtkLabel            *title_label;
  GtkLabel            *intro_label;
  AdwPreferencesGroup *form;
  AdwEntryRow         *server_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
  GtkWidget           *progress_box;
  GtkProgressBar      *progress_bar;
  GtkLabel            *status_label;
  GtkButton           *connect_button;
};

G_DEFINE_FINAL_TYPE (LoketConnectDialog, loket_connect_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

enum {
  SIGNAL_CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The sentence for a failed login or sync, and the field the clerk should look at. */
static const char *
describe_error (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED))
    return _("Unknown user name or wrong password.");
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NETWORK))
    return _("The server cannot be reached. Check the address and the network.");
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE))
    return _("This version of Loket does not match the server. Update Loket.");
  return error->message;
}

static GtkWidget *
field_for_error (LoketConnectDialog *self, const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED))
    return GTK_WIDGET (self->password_row);
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NETWORK))
    return GTK_WIDGET (self->server_row);
  return GTK_WIDGET (self->connect_button);
}

static void
show_message (LoketConnectDialog *self, const char *message, GtkWidget *focus)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (focus != NULL)
    {
      gtk_widget_grab_focus (focus);
      if (GTK_IS_EDITABLE (focus))
        gtk_editable_select_region (GTK_EDITABLE (focus), 0, -1);
    }
}

static void
set_busy (LoketConnectDialog *self, const char *status)
{
  gboolean busy = status != NULL;

  /* Take the focus out of the form before it turns insensitive: GtkText otherwise keeps its
   * cursor blinking without focus (and warns about a missing focus-out event). */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_label_set_text (self->status_label, busy ? status : "");
  if (busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  else
    g_clear_pointer (&self->progress_binding, g_binding_unbind);
}

static void
fail (LoketConnectDialog *self, const GError *error)
{
  set_busy (self, NULL);
  g_clear_object (&self->cancellable);
  show_message (self, describe_error (error), field_for_error (self, error));
}

static void
on_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error);
      return;
    }
  g_clear_object (&self->cancellable);
  gtk_label_set_text (self->status_label, _("Ready."));
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static void
on_login_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error);
      return;
    }

  gtk_label_set_text (self->status_label,
                      _("Downloading the agenda, cases and knowledge base…"));
  self->progress_binding = g_object_bind_property (self->client, "progress",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);
  loket_sync_client_sync_async (self->client, self->cancellable, on_sync_done,
                                g_object_ref (self));
}

static char *
dup_stripped (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/* Unsent changes were made under the previous user's name and go out with their sign-in only;
 * another user signing in would send them as their own.  TRUE when user may sign in. */
static gboolean
may_take_over (LoketConnectDialog *self, const char *user)
{
  LoketReplica *replica = loket_sync_client_get_replica (self->client);
  g_autoptr(LoketRecord) previous = loket_replica_get_user (replica);
  guint pending = loket_replica_count_pending (replica);
  g_autofree char *message = NULL;

  if (previous == NULL || pending == 0
      || g_ascii_strcasecmp (loket_record_get_string (previous, "username"), user) == 0)
    return TRUE;
  message = g_strdup_printf (ngettext ("This desk still holds %u change by %s that has not been "
                                       "sent. Only %s can send it: ask them to sign in here "
                                       "first.",
                                       "This desk still holds %u changes by %s that have not "
                                       "been sent. Only %s can send them: ask them to sign in "
                                       "here first.", pending),
                             pending, loket_record_get_string (previous, "display_name"),
                             loket_record_get_string (previous, "display_name"));
  show_message (self, message, GTK_WIDGET (self->user_row));
  return FALSE;
}

/* Checks the form before anything goes over the network; FALSE after showing what is missing. */
static gboolean
validate (LoketConnectDialog *self, const char *url, const char *user, const char *password)
{
  if (*url == '\0')
    show_message (self, _("Fill in the server address."), GTK_WIDGET (self->server_row));
  else if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    show_message (self, _("The server address must start with http:// or https://."),
                  GTK_WIDGET (self->server_row));
  else if (*user == '\0')
    show_message (self, _("Fill in your user name."), GTK_WIDGET (self->user_row));
  else if (*password == '\0')
    show_message (self, _("Fill in your password."), GTK_WIDGET (self->password_row));
  else
    return may_take_over (self, user);
  return FALSE;
}

static void
on_connect_clicked (LoketConnectDialog *self)
{
  g_autofree char *url = dup_stripped (GTK_EDITABLE (self->server_row));
  g_autofree char *user = dup_stripped (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->cancellable != NULL || !validate (self, url, user, password))
    return;

  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_busy (self, _("Signing in…"));
  loket_sync_client_login_async (self->client, url, user, password, g_get_host_name (),
                                 self->cancellable, on_login_done, g_object_ref (self));
}

static gboolean
loket_connect_dialog_close_request (GtkWindow *window)
{
  LoketConnectDialog *self = LOKET_CONNECT_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (loket_connect_dialog_parent_class)->close_request (window);
}

static void
loket_connect_dialog_dispose (GObject *object)
{
  LoketConnectDialog *self = LOKET_CONNECT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CONNECT_DIALOG);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (loket_connect_dialog_parent_class)->dispose (object);
}

static void
loket_connect_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketConnectDialog *self = LOKET_CONNECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_connect_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketConnectDialog *self = LOKET_CONNECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_connect_dialog_class_init (LoketConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = loket_connect_dialog_dispose;
  object_class->get_property = loket_connect_dialog_get_property;
  object_class->set_property = loket_connect_dialog_set_property;
  window_class->close_request = loket_connect_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LOKET_TYPE_SYNC_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Login and the first download have finished: the replica holds a session and data. */
  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, app_icon);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, form);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, LoketConnectDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
}

static void
loket_connect_dialog_init (LoketConnectDialog *self)
{
  GtkIconTheme *theme;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Uninstalled runs have no application icon: better none than a broken-image picture. */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_widget_set_visible (self->app_icon, gtk_icon_theme_has_icon (theme, APP_ID));
}

/* A desk that has had a session (revoked or expired) greets its clerk differently from a new
 * one: nothing is downloaded again and nothing unsent is lost. */
static void
show_sign_in_again (LoketConnectDialog *self)
{
  LoketReplica *replica = loket_sync_client_get_replica (self->client);
  g_autoptr(LoketRecord) previous = loket_replica_get_user (replica);
  guint pending = loket_replica_count_pending (replica);
  g_autofree char *intro = NULL;

  if (previous == NULL)
    return;
  gtk_label_set_label (self->title_label, _("Sign In Again"));
  if (pending > 0)
    intro = g_strdup_printf (ngettext ("This desk is no longer signed in. Sign in to go on; "
                                       "the %u change not yet sent is kept and sent once you "
                                       "are signed in.",
                                       "This desk is no longer signed in. Sign in to go on; "
                                       "the %u changes not yet sent are kept and sent once you "
                                       "are signed in.", pending), pending);
  else
    intro = g_strdup (_("This desk is no longer signed in. Sign in to go on; the data on this "
                        "desk is kept."));
  gtk_label_set_label (self->intro_label, intro);
}

LoketConnectDialog *
loket_connect_dialog_new (LoketSyncClient *client, const char *server_url, const char *username)
{
  LoketConnectDialog *self;

  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (LOKET_TYPE_CONNECT_DIALOG, "client", client, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                         server_url != NULL && *server_url != '\0' ? server_url
                                                                   : DEFAULT_SERVER_URL);
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);
  show_sign_in_again (self);
  /* Start where the clerk has something to type. */
  gtk_widget_grab_focus (username == NULL || *username == '\0' ? GTK_WIDGET (self->user_row)
                                                               : GTK_WIDGET (self->password_row));
  return self;
}

LoketSyncClient *
loket_connect_dialog_get_client (LoketConnectDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CONNECT_DIALOG (self), NULL);

  return self->client;
}

void
loket_connect_dialog_show_error (LoketConnectDialog *self, const GError *error)
{
  g_return_if_fail (LOKET_IS_CONNECT_DIALOG (self));
  g_return_if_fail (error != NULL);

  show_message (self, describe_error (error), field_for_error (self, error));
}
