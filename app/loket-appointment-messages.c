/* loket-appointment-messages.c — the messages to the customer, in the appointment popover.
 *
 * The rows are made anew on every show: a popover holds a handful of messages, and the popover
 * reads the replica again after every pull, so a state the server changed (sent, failed) is
 * what the clerk sees.  The words come from the core (loket-replica-messages.c), the same
 * wherever a message is shown; here they get an icon for the channel and the style of their
 * state: a failure in the error colour, a retry as a warning, a cancelled one dimmed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-appointment-messages.h"
#include "loket-replica-messages.h"

struct _LoketAppointmentMessages {
  AdwBin        parent_instance;

  LoketReplica *replica;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (LoketAppointmentMessages, loket_appointment_messages, ADW_TYPE_BIN)

static const char *
channel_icon (LoketRecord *message)
{
  return g_str_equal (loket_record_get_string (message, "channel"), "sms")
         ? "phone-symbolic" : "mail-unread-symbolic";
}

static const char *
state_style (LoketMessageState state)
{
  switch (state)
    {
    case LOKET_MESSAGE_STATE_FAILED:
      return "error";
    case LOKET_MESSAGE_STATE_RETRYING:
      return "warning";
    case LOKET_MESSAGE_STATE_SENT:
      return "success";
    case LOKET_MESSAGE_STATE_CANCELLED:
    case LOKET_MESSAGE_STATE_PLANNED:
    case LOKET_MESSAGE_STATE_WAITING:
    default:
      return "dim-label";
    }
}

static GtkWidget *
label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

/* Read, not chosen: nothing happens on Enter.  But a message can be focused (Tab into the list,
 * then the arrow keys), so that one scrolled out of sight in a small popover, and the reason it
 * failed, can be reached and read out without a mouse. */
static void
append_row (LoketAppointmentMessages *self, GtkWidget *child, const char *accessible_label,
            gboolean focusable)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, focusable);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  gtk_list_box_append (self->list, row);
}

static void
append_message (LoketAppointmentMessages *self, LoketRecord *message, GTimeZone *tz, gint64 now)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", channel_icon (message),
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  g_autofree char *what = loket_message_describe_what (message);
  g_autofree char *state_text = loket_message_describe_state (message, tz, now);
  g_autofree char *sentence = loket_message_describe (message, tz, now);
  GtkWidget *state = label_new (state_text);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, state_style (loket_message_get_state (message, now)));
  gtk_box_append (GTK_BOX (lines), label_new (what));
  gtk_box_append (GTK_BOX (lines), state);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), lines);
  append_row (self, box, sentence, TRUE);
}

static void
remove_rows (LoketAppointmentMessages *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

void
loket_appointment_messages_show (LoketAppointmentMessages *self, const char *appointment_id,
                                 GTimeZone *tz)
{
  g_autoptr(GListModel) messages = NULL;
  g_autoptr(GTimeZone) fallback = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n;

  g_return_if_fail (LOKET_IS_APPOINTMENT_MESSAGES (self));

  remove_rows (self);
  if (appointment_id == NULL)
    return;
  if (tz == NULL)
    tz = fallback = g_time_zone_new_identifier ("Europe/Amsterdam");
  messages = loket_replica_list_messages (self->replica, appointment_id);
  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) message = g_list_model_get_item (messages, i);

      append_message (self, message, tz, now);
    }
  if (n == 0)
    {
      GtkWidget *none = gtk_label_new (_("No messages to the customer"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 6);
      gtk_widget_set_margin_bottom (none, 6);
      append_row (self, none, _("No messages to the customer"), FALSE);
    }
}

static void
loket_appointment_messages_dispose (GObject *object)
{
  LoketAppointmentMessages *self = LOKET_APPOINTMENT_MESSAGES (object);

  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_appointment_messages_parent_class)->dispose (object);
}

static void
loket_appointment_messages_class_init (LoketAppointmentMessagesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_appointment_messages_dispose;
}

static void
loket_appointment_messages_init (LoketAppointmentMessages *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Messages"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "popover-messages");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Messages to the customer"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
loket_appointment_messages_new (LoketReplica *replica)
{
  LoketAppointmentMessages *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_APPOINTMENT_MESSAGES, NULL);
  self->replica = g_object_ref (replica);
  return GTK_WIDGET (self);
}
