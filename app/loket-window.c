/* loket-window.c — the main desk window: pages in a sidebar, the sync state in the header.
 *
 * The pages get the replica handed in; the window only switches between them, forwards the
 * window-wide shortcuts, and shows what the sync client and the replica say about the
 * connection: online or not, how many changes wait in the outbox, when the last sync finished,
 * and how many items wait in the conflicts inbox (its sidebar row and a header button show
 * the count; both lead to the inbox page).
 *
 * When the server stops accepting the desk's login while the window is open (an administrator
 * revoked the device), the sync client forgets the token and keeps the outbox.  The window then
 * stays usable on the replica, says how many changes wait, and offers the connect dialog to sign
 * in again; that dialog's first sync sends the waiting changes.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "loket-admin-view.h"
#include "loket-agenda-view.h"
#include "loket-cases-view.h"
#include "loket-connect-dialog.h"
#include "loket-inbox-view.h"
#include "loket-kb-search-dialog.h"
#include "loket-knowledge-view.h"
#include "loket-list-page.h"
#include "loket-record.h"
#include "loket-today-view.h"
#include "loket-window-private.h"
#include "loket-replica-inbox.h"

G_DEFINE_FINAL_TYPE (LoketWindow, loket_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  const char *name;
  const char *title;
  const char *icon;
  guint       key;
} PageInfo;

static const PageInfo pages[] = {
  { "today", N_("Today"), "document-open-recent-symbolic", GDK_KEY_1 },
  { "agenda", N_("Agenda"), "x-office-calendar-symbolic", GDK_KEY_2 },
  { "cases", N_("Cases"), "folder-documents-symbolic", GDK_KEY_3 },
  { "customers", N_("Customers"), "system-users-symbolic", GDK_KEY_4 },
  { "articles", N_("Knowledge Base"), "accessories-dictionary-symbolic", GDK_KEY_5 },
  { "inbox", N_("Conflicts"), "dialog-warning-symbolic", GDK_KEY_i },
  /* Everyone may look up opening hours and closures; only administrators change them. */
  { "admin", N_("Administration"), "emblem-system-symbolic", GDK_KEY_6 },
};

/* ---- Sync state --------------------------------------------------------------------------- */

static char *
format_sync_time (gint64 unix_time, gboolean long_form)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  gboolean today = g_date_time_get_year (now) == g_date_time_get_year (when) &&
                   g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (when);
  g_autofree char *time = NULL;

  if (today)
    {
      time = g_date_time_format (when, "%H:%M");
      /* Translators: %s is a time of day, "10:32" */
      return g_strdup_printf (long_form ? _("Last synced today at %s") : _("Synced %s"), time);
    }
  /* Translators: a date and time, GDateTime format: "21 Nov 10:32" */
  time = g_date_time_format (when, _("%-d %b %H:%M"));
  return g_strdup_printf (long_form ? _("Last synced on %s") : _("Synced %s"), time);
}

static void
update_server_line (LoketWindow *self)
{
  g_autofree char *url = loket_replica_dup_state (self->replica, "server_url");
  g_autofree char *text = NULL;

  if (url != NULL)
    /* Translators: %s is the server address */
    text = g_strdup_printf (_("Server: %s"), url);
  gtk_label_set_text (self->server_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_label), text != NULL);
}

/* Everything the header and its popover say about the sync; called on every change. */
static void
update_sync_state (LoketWindow *self)
{
  gboolean online = loket_sync_client_get_online (self->client);
  gboolean syncing = loket_sync_client_get_syncing (self->client);
  gint64 last_sync = loket_sync_client_get_last_sync (self->client);
  const char *last_error = loket_sync_client_get_last_error (self->client);
  guint pending = loket_replica_count_pending (self->replica);
  g_autofree char *waiting = g_strdup_printf (ngettext ("%u unsent", "%u unsent", pending),
                                              pending);
  g_autofree char *pending_text = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *synced_long = NULL;
  g_autofree char *a11y = NULL;

  gtk_image_set_from_icon_name (self->sync_icon, online ? "network-transmit-receive-symbolic"
                                                        : "network-offline-symbolic");
  gtk_label_set_text (self->online_label, online ? _("Online") : _("Offline"));
  if (online)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_indicator), "offline");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_indicator), "offline");
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), syncing);

  gtk_label_set_text (self->waiting_label, waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), pending > 0);
  synced = last_sync > 0 ? format_sync_time (last_sync, FALSE) : g_strdup (_("Not synced yet"));
  synced_long = last_sync > 0 ? format_sync_time (last_sync, TRUE) : g_strdup (_("Not synced yet"));
  gtk_label_set_text (self->synced_label, synced);

  if (loket_sync_client_get_resyncing (self->client))
    {
      /* Translators: the first %s says why Loket downloads everything again; then how far */
      g_autofree char *state = g_strdup_printf (_("%s %.0f%% done."),
                                                loket_sync_client_get_resync_reason (self->client),
                                                100 * loket_sync_client_get_progress (self->client));

      gtk_label_set_text (self->state_label, state);
    }
  else
    gtk_label_set_text (self->state_label,
                      syncing ? _("Syncing…")
                      : online && loket_sync_client_get_live (self->client)
                      ? _("Online and live: changes from other desks appear at once.")
                      : online ? _("Online. Changes from other desks arrive with the next check.")
                      : _("Offline. Your work is saved on this desk and sent when the "
                          "connection is back."));
  pending_text = pending == 0
                 ? g_strdup (_("All changes have been sent."))
                 : g_strdup_printf (ngettext ("%u change waiting to be sent.",
                                              "%u changes waiting to be sent.", pending),
                                    pending);
  gtk_label_set_text (self->pending_label, pending_text);
  gtk_label_set_text (self->last_sync_label, synced_long);
  gtk_label_set_text (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_indicator),
                               last_error != NULL ? last_error : synced_long);

  /* Translators: what a screen reader says for the sync indicator, e.g.
   * "Offline. 3 waiting. Synced 10:32" */
  a11y = g_strdup_printf (_("%s. %s. %s"), gtk_label_get_text (self->online_label),
                          pending > 0 ? waiting : _("Nothing waiting"), synced);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_indicator),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/* The count of open inbox items, on the header button and the inbox's sidebar row. */
static void
update_issues (LoketWindow *self)
{
  guint items = loket_replica_count_inbox (self->replica);
  g_autofree char *text = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", items),
                                           items);
  g_autofree char *count = g_strdup_printf ("%u", items);
  /* Translators: what a screen reader says for the header button, "2 conflicts: open the inbox" */
  g_autofree char *a11y = g_strdup_printf (_("%s: open the inbox"), text);

  gtk_button_set_label (self->issues_button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->issues_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->issues_button), items > 0);
  if (self->inbox_badge == NULL)
    return;
  gtk_label_set_text (self->inbox_badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->inbox_badge), items > 0);
  /* The row says the count too, not only the page's name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_ancestor (
                                    GTK_WIDGET (self->inbox_badge), GTK_TYPE_LIST_BOX_ROW)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  items > 0 ? text : _("Conflicts"), -1);
}

static void
update_header_title (LoketWindow *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(GListModel) locations = NULL;
  const char *location_id;
  g_autofree char *location = NULL;
  g_autofree char *subtitle = NULL;

  if (user == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }
  location_id = loket_record_get_string (user, "location_id");
  locations = loket_replica_list_locations (self->replica);
  for (guint i = 0; location == NULL && i < g_list_model_get_n_items (locations); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (locations, i);

      if (g_str_equal (loket_record_get_id (row), location_id))
        location = g_strdup (loket_record_get_string (row, "name"));
    }
  /* Translators: the signed-in user and their location, "Sanne de Vries · Stadhuis" */
  subtitle = location != NULL
             ? g_strdup_printf (_("%s · %s"), loket_record_get_string (user, "display_name"),
                                location)
             : g_strdup (loket_record_get_string (user, "display_name"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* ---- Signed out -------------------------------------------------------------------------- */

/* A desk that had a session and lost it: the server refused its token (revoked by an
 * administrator) and the sync client forgot it.  A desk that never signed in has no server. */
gboolean
loket_window_is_signed_out (LoketWindow *self)
{
  g_autofree char *server_url = NULL;

  g_return_val_if_fail (LOKET_IS_WINDOW (self), FALSE);

  server_url = loket_replica_dup_state (self->replica, "server_url");
  return server_url != NULL && !loket_replica_has_session (self->replica);
}

static char *
signed_out_text (guint pending)
{
  if (pending == 0)
    return g_strdup (_("This desk was signed out by an administrator. Sign in again to sync."));
  return g_strdup_printf (ngettext ("This desk was signed out by an administrator. Sign in again "
                                    "to send %u waiting change.",
                                    "This desk was signed out by an administrator. Sign in again "
                                    "to send %u waiting changes.", pending),
                          pending);
}

static void
update_signed_out (LoketWindow *self)
{
  gboolean signed_out = loket_window_is_signed_out (self);
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", signed_out);
  if (signed_out)
    {
      text = signed_out_text (loket_replica_count_pending (self->replica));
      gtk_label_set_text (self->signed_out_label, text);
    }
  gtk_action_bar_set_revealed (self->signed_out_bar, signed_out);
}

static void
on_signed_in (LoketWindow *self, LoketConnectDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  update_signed_out (self);
  update_sync_state (self);
}

static void
on_sign_in_dialog_destroy (LoketWindow *self)
{
  self->sign_in_dialog = NULL;
}

/* The connect dialog, prefilled with the server and user this desk had; its login and first
 * sync send what waits in the outbox. */
static void
sign_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  g_autofree char *server_url = loket_replica_dup_state (self->replica, "server_url");
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  LoketConnectDialog *dialog;

  if (self->sign_in_dialog != NULL)
    {
      gtk_window_present (self->sign_in_dialog);
      return;
    }
  dialog = loket_connect_dialog_new (self->client, server_url,
                                     user != NULL ? loket_record_get_string (user, "username")
                                                  : NULL);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (on_signed_in), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_sign_in_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
  self->sign_in_dialog = GTK_WINDOW (dialog);
  gtk_window_present (self->sign_in_dialog);
}

GtkWindow *
loket_window_get_sign_in_dialog (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return self->sign_in_dialog;
}

static void
on_client_notify (LoketSyncClient *client, GParamSpec *pspec, LoketWindow *self)
{
  update_sync_state (self);
  /* The client forgets a refused token before it reports the error. */
  update_signed_out (self);
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketWindow *self)
{
  update_sync_state (self);
  update_signed_out (self);
  update_issues (self);
  if (entity == NULL || g_str_equal (entity, "users") || g_str_equal (entity, "locations"))
    update_header_title (self);
}

/* ---- Pages -------------------------------------------------------------------------------- */

/* The count of open items on the inbox's row; hidden while there are none. */
static GtkWidget *
inbox_badge_new (LoketWindow *self)
{
  GtkWidget *badge = gtk_label_new ("");

  gtk_widget_set_name (badge, "inbox-badge");
  gtk_widget_add_css_class (badge, "tag");
  gtk_widget_add_css_class (badge, "rejected");
  gtk_widget_set_visible (badge, FALSE);
  self->inbox_badge = GTK_LABEL (badge);
  return badge;
}

static GtkWidget *
create_sidebar_row (LoketWindow *self, const PageInfo *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(page->title));
  GtkWidget *accel = NULL;
  g_autofree char *accel_text = gtk_accelerator_get_label (page->key, GDK_CONTROL_MASK);

  gtk_widget_set_name (row, page->name);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (page->icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (g_str_equal (page->name, "inbox"))
    gtk_box_append (GTK_BOX (box), inbox_badge_new (self));
  if (g_str_equal (page->name, "cases"))
    gtk_box_append (GTK_BOX (box), loket_window_cases_badge_new (self));
  accel = gtk_label_new (accel_text);
  gtk_widget_add_css_class (accel, "dim-label");
  gtk_widget_add_css_class (accel, "caption");
  gtk_box_append (GTK_BOX (box), accel);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(page->title), GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS,
                                  accel_text, -1);
  return row;
}

static GtkWidget *
create_page (LoketWindow *self, const char *name)
{
  if (g_str_equal (name, "today"))
    return loket_today_view_new (self->replica);
  if (g_str_equal (name, "agenda"))
    return self->agenda = loket_agenda_view_new (self->replica);
  if (g_str_equal (name, "cases"))
    return loket_cases_view_new (self->replica);
  if (g_str_equal (name, "customers"))
    return loket_list_page_new (self->replica, LOKET_LIST_PAGE_CUSTOMERS);
  if (g_str_equal (name, "inbox"))
    return loket_inbox_view_new (self->replica);
  if (g_str_equal (name, "admin"))
    return loket_admin_view_new (self->replica);
  return loket_knowledge_view_new (self->replica);
}

static void
add_pages (LoketWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_view_stack_add_titled_with_icon (self->stack, create_page (self, pages[i].name),
                                           pages[i].name, _(pages[i].title), pages[i].icon);
      gtk_list_box_append (self->sidebar, create_sidebar_row (self, &pages[i]));
    }
}

static void
on_sidebar_row_selected (LoketWindow *self, GtkListBoxRow *row)
{
  if (row != NULL)
    adw_view_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* The conflicts inbox is a place to pass through, not to start the day in: the schema's
 * choices say which pages the next start may open on. */
static gboolean
remembers_page (LoketWindow *self, const char *name)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (name));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "last-page");
  return g_settings_schema_key_range_check (key, value);
}

static void
on_page_changed (LoketWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (name == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].name, name))
      gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, i));
  if (self->settings != NULL && remembers_page (self, name))
    g_settings_set_string (self->settings, "last-page", name);
}

/* ---- Actions ------------------------------------------------------------------------------ */

static void
show_page_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  GtkWidget *page;

  loket_window_show_page (self, g_variant_get_string (parameter, NULL));
  /* From a shortcut the clerk wants to work in the page at once. */
  page = adw_view_stack_get_visible_child (self->stack);
  if (LOKET_IS_LIST_PAGE (page))
    loket_list_page_focus_search (LOKET_LIST_PAGE (page));
  else if (LOKET_IS_CASES_VIEW (page))
    loket_cases_view_focus_search (LOKET_CASES_VIEW (page));
  else if (LOKET_IS_AGENDA_VIEW (page))
    loket_agenda_view_focus_appointments (LOKET_AGENDA_VIEW (page));
  else
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);

  if (LOKET_IS_CASES_VIEW (page))
    {
      loket_cases_view_focus_search (LOKET_CASES_VIEW (page));
      return;
    }
  /* Today and the agenda have no search of their own: looking someone up is the likely wish. */
  if (!LOKET_IS_LIST_PAGE (page))
    {
      loket_window_show_page (self, "customers");
      page = adw_view_stack_get_visible_child (self->stack);
    }
  loket_list_page_focus_search (LOKET_LIST_PAGE (page));
}

/* "Book this product" in an article read from the knowledge-base search. */
static void
on_kb_book_product (LoketWindow *self, const char *product_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.book-product", "s", product_id);
}

/* Ctrl+Shift+F: the knowledge base in a window over the page, which stays as it was. */
static void
search_knowledge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkWidget *dialog = loket_kb_search_dialog_new (LOKET_WINDOW (widget)->replica);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (widget));
  g_signal_connect_object (dialog, "book-product", G_CALLBACK (on_kb_book_product), widget,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);

  /* Signed out, a sync cannot happen: signing in is what the clerk needs to do. */
  if (loket_window_is_signed_out (self))
    sign_in_action (widget, "win.sign-in", NULL);
  else
    loket_sync_client_request_sync (self->client);
}

/* win.new-appointment, win.previous-day, win.view 'week', … → the same agenda.* action on the
 * agenda page.  After Alt+1…3 (win.view) the clerk works in that view at once. */
static void
agenda_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  g_autofree char *agenda_action_name = NULL;

  g_assert (g_str_has_prefix (action_name, "win."));
  agenda_action_name = g_strconcat ("agenda.", action_name + strlen ("win."), NULL);
  loket_window_show_page (self, "agenda");
  gtk_widget_activate_action_variant (self->agenda, agenda_action_name, parameter);
  if (parameter != NULL)
    loket_agenda_view_focus_appointments (LOKET_AGENDA_VIEW (self->agenda));
}

/* ---- Window state ------------------------------------------------------------------------- */

static void
restore_state (LoketWindow *self)
{
  g_autofree char *page = NULL;

  if (self->settings == NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1200, 800);
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  page = g_settings_get_string (self->settings, "last-page");
  loket_window_show_page (self, page);
}

static gboolean
loket_window_close_request (GtkWindow *window)
{
  LoketWindow *self = LOKET_WINDOW (window);
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;

  if (self->settings != NULL)
    {
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized)
        {
          gtk_window_get_default_size (window, &width, &height);
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }
  return GTK_WINDOW_CLASS (loket_window_parent_class)->close_request (window);
}

/* Uninstalled runs without GSETTINGS_SCHEMA_DIR still work; they just forget the window state. */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not found: window state is not kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
loket_window_constructed (GObject *object)
{
  LoketWindow *self = LOKET_WINDOW (object);
  static const char *const client_props[] = {
    "notify::online", "notify::live", "notify::syncing", "notify::last-sync",
    "notify::last-error", "notify::resyncing", "notify::progress",
  };

  G_OBJECT_CLASS (loket_window_parent_class)->constructed (object);
  g_assert (self->replica != NULL && self->client != NULL);

  add_pages (self);
  self->settings = open_settings ();
  restore_state (self);

  for (guint i = 0; i < G_N_ELEMENTS (client_props); i++)
    g_signal_connect_object (self->client, client_props[i], G_CALLBACK (on_client_notify), self,
                             0);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  loket_window_watch_deadlines (self);
  update_server_line (self);
  update_header_title (self);
  update_sync_state (self);
  update_issues (self);
  update_signed_out (self);
}

static void
loket_window_dispose (GObject *object)
{
  LoketWindow *self = LOKET_WINDOW (object);

  if (self->sign_in_dialog != NULL)
    gtk_window_destroy (self->sign_in_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
  self->agenda = NULL;
  g_clear_object (&self->watch);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_window_parent_class)->dispose (object);
}

static void
loket_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketWindow *self = LOKET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_window_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  LoketWindow *self = LOKET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_shortcuts (GtkWidgetClass *widget_class)
{
  static const struct {
    guint           key;
    GdkModifierType mods;
    const char     *action;
    const char     *view;   /* the parameter of win.view */
  } agenda_keys[] = {
    { GDK_KEY_n, GDK_CONTROL_MASK, "win.new-appointment" },
    { GDK_KEY_Left, GDK_ALT_MASK, "win.previous-day" },
    { GDK_KEY_KP_Left, GDK_ALT_MASK, "win.previous-day" },
    { GDK_KEY_Right, GDK_ALT_MASK, "win.next-day" },
    { GDK_KEY_KP_Right, GDK_ALT_MASK, "win.next-day" },
    { GDK_KEY_Home, GDK_ALT_MASK, "win.today" },
    { GDK_KEY_KP_Home, GDK_ALT_MASK, "win.today" },
    { GDK_KEY_1, GDK_ALT_MASK, "win.view", "day" },
    { GDK_KEY_KP_1, GDK_ALT_MASK, "win.view", "day" },
    { GDK_KEY_2, GDK_ALT_MASK, "win.view", "week" },
    { GDK_KEY_KP_2, GDK_ALT_MASK, "win.view", "week" },
    { GDK_KEY_3, GDK_ALT_MASK, "win.view", "list" },
    { GDK_KEY_KP_3, GDK_ALT_MASK, "win.view", "list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, pages[i].key, GDK_CONTROL_MASK,
                                           "win.show-page", "s", pages[i].name);
      if (pages[i].key >= GDK_KEY_1 && pages[i].key <= GDK_KEY_9)
        gtk_widget_class_add_binding_action (widget_class,
                                             GDK_KEY_KP_0 + (pages[i].key - GDK_KEY_0),
                                             GDK_CONTROL_MASK, "win.show-page", "s",
                                             pages[i].name);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.search-knowledge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.register-contact", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (agenda_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, agenda_keys[i].key, agenda_keys[i].mods,
                                         agenda_keys[i].action, agenda_keys[i].view ? "s" : NULL,
                                         agenda_keys[i].view);
}

static void
loket_window_class_init (LoketWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = loket_window_constructed;
  object_class->dispose = loket_window_dispose;
  object_class->get_property = loket_window_get_property;
  object_class->set_property = loket_window_set_property;
  window_class->close_request = loket_window_close_request;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LOKET_TYPE_SYNC_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/loket/Loket/loket-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, online_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, synced_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, pending_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, issues_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, signed_out_bar);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, signed_out_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-case", "s",
                                   loket_window_show_case_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.search-knowledge", NULL,
                                   search_knowledge_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.register-contact", NULL,
                                   loket_window_register_contact_action);
  gtk_widget_class_install_action (widget_class, "win.new-appointment", NULL, agenda_action);
  gtk_widget_class_install_action (widget_class, "win.book-product", "s", agenda_action);
  gtk_widget_class_install_action (widget_class, "win.book-for-case", "s", agenda_action);
  gtk_widget_class_install_action (widget_class, "win.previous-day", NULL, agenda_action);
  gtk_widget_class_install_action (widget_class, "win.next-day", NULL, agenda_action);
  gtk_widget_class_install_action (widget_class, "win.today", NULL, agenda_action);
  gtk_widget_class_install_action (widget_class, "win.view", "s", agenda_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "s",
                                   loket_window_show_customer_action);
  install_shortcuts (widget_class);
}

static void
loket_window_init (LoketWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LoketWindow *
loket_window_new (AdwApplication *app, LoketReplica *replica, LoketSyncClient *client)
{
  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (client), NULL);

  return g_object_new (LOKET_TYPE_WINDOW, "application", app, "replica", replica,
                       "client", client, NULL);
}

GtkWidget *
loket_window_get_agenda (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return self->agenda;
}

void
loket_window_show_page (LoketWindow *self, const char *name)
{
  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
loket_window_get_page (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}
