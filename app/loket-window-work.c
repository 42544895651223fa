/* loket-window-work.c — case and customer work from anywhere in the window
 * (loket-window-private.h): termijnbewaking on the Cases row and as notifications, opening a
 * case or a customer card by id, and registering a contact (Ctrl+K).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-cases-view.h"
#include "loket-contact-dialog.h"
#include "loket-customer-card.h"
#include "loket-replica-customers.h"
#include "loket-list-page.h"
#include "loket-window-private.h"

/* Termijnbewaking: how many of my cases are at risk or overdue, on the Cases row. */
GtkWidget *
loket_window_cases_badge_new (LoketWindow *self)
{
  GtkWidget *badge = gtk_label_new ("");

  gtk_widget_set_name (badge, "cases-badge");
  gtk_widget_add_css_class (badge, "tag");
  gtk_widget_add_css_class (badge, "pending");  /* the warning colour, as at risk is shown */
  gtk_widget_set_visible (badge, FALSE);
  self->cases_badge = GTK_LABEL (badge);
  return badge;
}

static void
update_cases_badge (LoketWindow *self)
{
  guint n = loket_deadline_watch_get_count (self->watch);
  g_autofree char *count = g_strdup_printf ("%u", n);
  /* Translators: what a screen reader says for the Cases row, "Cases: 3 at risk or overdue" */
  g_autofree char *a11y = g_strdup_printf (ngettext ("Cases: %u at risk or overdue",
                                                     "Cases: %u at risk or overdue", n), n);

  gtk_label_set_text (self->cases_badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->cases_badge), n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_ancestor (
                                    GTK_WIDGET (self->cases_badge), GTK_TYPE_LIST_BOX_ROW)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, n > 0 ? a11y : _("Cases"), -1);
}

static void
on_deadline_alert (LoketWindow *self, GNotification *notification)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL)
    g_application_send_notification (G_APPLICATION (app), "deadline-watch", notification);
}

void
loket_window_watch_deadlines (LoketWindow *self)
{
  self->watch = loket_deadline_watch_new (self->replica, TRUE);
  g_signal_connect_object (self->watch, "notify::count", G_CALLBACK (update_cases_badge), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "alert", G_CALLBACK (on_deadline_alert), self,
                           G_CONNECT_SWAPPED);
}

/* win.show-case "id": the Cases page with that case; "" shows my cases. */
void
loket_window_show_case_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  const char *case_id = g_variant_get_string (parameter, NULL);
  GtkWidget *page = adw_view_stack_get_child_by_name (self->stack, "cases");

  loket_window_show_page (self, "cases");
  if (*case_id == '\0')
    loket_cases_view_show_list (LOKET_CASES_VIEW (page), LOKET_CASE_LIST_MINE);
  else if (!loket_cases_view_open_case (LOKET_CASES_VIEW (page), case_id))
    g_debug ("win.show-case: this desk does not hold case %s", case_id);
}

/* win.show-customer 'ID': the customers page with that customer's card (from a card's
 * representative, a merge, or another page naming a customer). */
void
loket_window_show_customer_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  GtkWidget *page;

  loket_window_show_page (self, "customers");
  page = adw_view_stack_get_visible_child (self->stack);
  if (LOKET_IS_LIST_PAGE (page))
    loket_list_page_select (LOKET_LIST_PAGE (page), g_variant_get_string (parameter, NULL));
}

/* The channel is offered first next time; a case made from the contact opens at once: the
 * clerk goes on with it. */
static void
on_contact_registered (LoketWindow *self, const char *contact_id, const char *case_id,
                       LoketContactDialog *dialog)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "contact-channel",
                           loket_contact_dialog_get_channel (dialog));
  if (case_id != NULL
      && !gtk_widget_activate_action (GTK_WIDGET (self), "win.show-case", "s", case_id))
    loket_window_show_page (self, "cases");
}

/* From a customer's card, the contact is theirs: the dialog starts with them chosen. */
static void
choose_shown_customer (LoketWindow *self, LoketContactDialog *dialog)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (self->stack, "customers");
  g_autoptr(LoketRecord) customer = NULL;
  const char *id;

  if (page == NULL || g_strcmp0 (loket_window_get_page (self), "customers") != 0)
    return;
  id = loket_customer_card_get_customer_id (loket_list_page_get_card (LOKET_LIST_PAGE (page)));
  if (id == NULL || (customer = loket_replica_get_customer (self->replica, id)) == NULL)
    return;
  loket_contact_dialog_choose_customer (LOKET_CONTACT_DIALOG (dialog), id,
                                        loket_record_get_string (customer, "name"));
}

void
loket_window_register_contact_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketWindow *self = LOKET_WINDOW (widget);
  g_autofree char *channel = self->settings != NULL
                             ? g_settings_get_string (self->settings, "contact-channel") : NULL;
  GtkWidget *dialog = loket_contact_dialog_new (self->replica, channel);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "registered", G_CALLBACK (on_contact_registered), self,
                           G_CONNECT_SWAPPED);
  choose_shown_customer (self, LOKET_CONTACT_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}
