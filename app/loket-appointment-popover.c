/* loket-appointment-popover.c — one appointment: its facts, its history and what can be done.
 *
 * The popover asks the replica for the appointment each time it is shown and again after every
 * change while it is open (a sync may bring a check-in from the reception desk), so it never
 * shows a stale status.  Its four pages — details, cancel with a reason, choose a new time,
 * start a case — keep the clerk in one place; every button has a mnemonic and Escape closes
 * it.
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-appointment-case.h"
#include "loket-appointment-messages.h"
#include "loket-appointment-popover.h"
#include "loket-closure-dialog.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"

#define N_ALTERNATIVES 8

struct _LoketAppointmentPopover {
  GtkPopover    parent_instance;

  LoketReplica *replica;
  char         *appointment_id;
  LoketRecord  *appointment;   /* as the replica had it at the last load, or NULL */
  GTimeZone    *tz;
  guint         reload_idle;

  GtkStack     *pages;
  GtkLabel     *customer_label;
  GtkLabel     *contact_label;
  GtkGrid      *facts_grid;
  GtkListBox   *history_list;
  GtkBox       *messages_box;
  GtkWidget    *messages;      /* LoketAppointmentMessages */
  GtkLabel     *error_label;
  GtkWidget    *reschedule_button;
  GtkWidget    *no_show_button;
  GtkWidget    *case_button;
  GtkWidget    *case_page;     /* LoketAppointmentCase */
  GtkWidget    *cancel_button;
  GtkWidget    *close_capacity_button;
  GtkLabel     *cancel_summary_label;
  GtkEntry     *cancel_reason_entry;
  GtkLabel     *cancel_error_label;
  GtkWidget    *confirm_cancel_button;
  GtkListBox   *alternatives_list;
  GtkLabel     *reschedule_error_label;
};

G_DEFINE_FINAL_TYPE (LoketAppointmentPopover, loket_appointment_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Words ------------------------------------------------------------------------------------------ */

/* "Tue 24 Nov, 14:02" in the location's zone. */
static char *
format_moment (LoketAppointmentPopover *self, const char *iso_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, self->tz) : NULL;

  /* Translators: a moment in the appointment's history, e.g. "Tue 24 Nov, 14:02";
   * g_date_time_format() codes. */
  /* xgettext:no-c-format */
  return local != NULL ? g_date_time_format (local, _("%a %-e %b, %H:%M")) : g_strdup (iso_utc);
}

/* "Tue 24 Nov" in the location's zone. */
static char *
format_day (LoketAppointmentPopover *self, const char *iso_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, self->tz) : NULL;

  /* Translators: the day of an appointment, e.g. "Tue 24 Nov"; g_date_time_format() codes. */
  /* xgettext:no-c-format */
  return local != NULL ? g_date_time_format (local, _("%a %-e %b")) : g_strdup (iso_utc);
}

static char *
format_duration (gint64 seconds)
{
  int minutes = (int) ((seconds + 30) / 60);

  if (minutes < 1)
    return g_strdup (_("less than a minute"));
  return g_strdup_printf (ngettext ("%d minute", "%d minutes", minutes), minutes);
}

static const char *
mode_label (const char *mode)
{
  if (g_str_equal (mode, "digitaal"))
    return _("Video call");
  if (g_str_equal (mode, "hybride"))
    return _("Hybrid: on site and by video");
  return _("In person");
}

static const char *
event_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "booked", N_("Booked") },
    { "rescheduled", N_("Moved to another time") },
    { "cancelled", N_("Cancelled") },
    { "no_show", N_("No show") },
    { "checked_in", N_("Checked in") },
    { "called", N_("Called to a desk") },
    { "started", N_("Handling started") },
    { "finished", N_("Handling finished") },
    { "rejected", N_("Rejected by the server") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].kind, kind))
      return _(labels[i].label);
  return kind;
}

/* "Paspoort × 3, Rijbewijs" from a visit's items, or the product's name for a single one. */
static char *
products_text (LoketAppointmentPopover *self, LoketRecord *appointment)
{
  const char *items = loket_record_get_string (appointment, "items");
  g_autoptr(JsonNode) node = json_from_string (*items != '\0' ? items : "[]", NULL);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GListModel) products = NULL;
  g_autoptr(GString) text = NULL;

  if (array == NULL || json_array_get_length (array) == 0 ||
      (json_array_get_length (array) == 1 &&
       json_object_get_int_member_with_default (json_array_get_object_element (array, 0), "count", 1) <= 1))
    return g_strdup (loket_record_get_string (appointment, "product_name"));

  products = loket_replica_list_products (self->replica, NULL);
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *id = item != NULL ? json_object_get_string_member_with_default (item, "product_id", "") : "";
      gint64 count = item != NULL ? json_object_get_int_member_with_default (item, "count", 1) : 1;
      g_autofree char *name = g_strdup (id);

      for (guint p = 0; p < g_list_model_get_n_items (products); p++)
        {
          g_autoptr(LoketRecord) product = g_list_model_get_item (products, p);

          if (g_str_equal (loket_record_get_id (product), id))
            {
              g_free (name);
              name = g_strdup (loket_record_get_string (product, "name"));
            }
        }
      if (text->len > 0)
        g_string_append (text, ", ");
      if (count > 1)
        /* Translators: a product and how many of it in one visit, e.g. "Paspoort × 3" */
        g_string_append_printf (text, _("%s × %d"), name, (int) count);
      else
        g_string_append (text, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Details ----------------------------------------------------------------------------------------- */

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_grid_remove (GTK_GRID (parent), child);
    }
}

static void
add_fact (LoketAppointmentPopover *self, int *row, const char *key, const char *value)
{
  GtkWidget *key_label, *value_label;

  if (value == NULL || *value == '\0')
    return;
  key_label = gtk_label_new (key);
  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_label_set_yalign (GTK_LABEL (key_label), 0);
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  key_label, NULL, -1);
  gtk_grid_attach (self->facts_grid, key_label, 0, *row, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static void
fill_customer (LoketAppointmentPopover *self, LoketRecord *a)
{
  const char *name = loket_record_get_string (a, "customer_name");
  const char *birth = loket_record_get_string (a, "customer_birth_date");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contact = NULL;
  int y, m, d;

  gtk_label_set_text (self->customer_label, *name != '\0' ? name : _("No customer"));
  if (sscanf (birth, "%d-%d-%d", &y, &m, &d) == 3)
    /* Translators: a birth date, day-month-year */
    g_ptr_array_add (parts, g_strdup_printf (_("Born %02d-%02d-%04d"), d, m, y));
  if (*loket_record_get_string (a, "customer_phone") != '\0')
    g_ptr_array_add (parts, g_strdup (loket_record_get_string (a, "customer_phone")));
  if (*loket_record_get_string (a, "customer_email") != '\0')
    g_ptr_array_add (parts, g_strdup (loket_record_get_string (a, "customer_email")));
  g_ptr_array_add (parts, NULL);
  contact = g_strjoinv ("  ·  ", (char **) parts->pdata);
  gtk_label_set_text (self->contact_label, contact);
  gtk_widget_set_visible (GTK_WIDGET (self->contact_label), parts->len > 1);
}

static char *
case_text (LoketRecord *a)
{
  const char *reference = loket_record_get_string (a, "case_reference");
  const char *status = loket_record_get_string (a, "case_status");

  if (*reference == '\0')
    return NULL;
  return *status != '\0' ? g_strdup_printf ("%s, %s", reference, status) : g_strdup (reference);
}

static void
fill_facts (LoketAppointmentPopover *self, LoketRecord *a)
{
  g_autofree char *day = format_day (self, loket_record_get_string (a, "start_at"));
  g_autofree char *range = loket_agenda_format_time_range (a, self->tz);
  g_autofree char *time = g_strdup_printf ("%s, %s", day, range);
  g_autofree char *products = products_text (self, a);
  g_autofree char *the_case = case_text (a);
  g_autofree char *waited = NULL;
  g_autofree char *handled = NULL;
  const char *status = loket_record_get_string (a, "status");
  const char *reason = loket_record_get_string (a, "status_reason");
  g_autofree char *status_text = NULL;
  int row = 0;

  if (!loket_record_is_null (a, "waiting_seconds"))
    waited = format_duration (loket_record_get_int (a, "waiting_seconds"));
  if (!loket_record_is_null (a, "handling_seconds"))
    handled = format_duration (loket_record_get_int (a, "handling_seconds"));
  status_text = *reason != '\0' ? g_strdup_printf ("%s: %s", loket_agenda_status_label (status),
                                                   loket_protocol_describe_reason (reason))
                                : g_strdup (loket_agenda_status_label (status));

  remove_children (GTK_WIDGET (self->facts_grid));
  add_fact (self, &row, _("Time"), time);
  add_fact (self, &row, _("Product"), products);
  add_fact (self, &row, _("Counter or room"), loket_record_get_string (a, "capacity_name"));
  add_fact (self, &row, _("Mode"), mode_label (loket_record_get_string (a, "mode")));
  if (g_str_equal (loket_record_get_string (a, "channel"), "web"))
    add_fact (self, &row, _("Booked"), _("Online, by the customer"));
  add_fact (self, &row, _("Status"), status_text);
  add_fact (self, &row, _("Reason"), loket_record_get_string (a, "reason"));
  add_fact (self, &row, _("Case"), the_case);
  add_fact (self, &row, _("Waited"), waited);
  add_fact (self, &row, _("Handling took"), handled);
  if (loket_record_get_int (a, "pending") != 0)
    add_fact (self, &row, _("Sync"), _("Not yet sent to the server"));
}

static GtkWidget *
history_row_new (LoketAppointmentPopover *self, LoketRecord *event)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (event_label (loket_record_get_string (event, "kind")));
  g_autofree char *when = format_moment (self, loket_record_get_string (event, "at"));
  const char *who = loket_record_get_string (event, "by_name");
  g_autofree char *line = *who != '\0' ? g_strdup_printf (_("%s by %s"), when, who)
                                       : g_strdup (when);
  GtkWidget *subtitle = gtk_label_new (line);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  return box;
}

/* History rows are read, not chosen: Tab goes past them to the actions. */
static void
append_history_row (LoketAppointmentPopover *self, GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_append (self->history_list, row);
}

static void
fill_history (LoketAppointmentPopover *self)
{
  g_autoptr(GListModel) events = loket_replica_list_appointment_events (self->replica,
                                                                         self->appointment_id);
  guint n = events != NULL ? g_list_model_get_n_items (events) : 0;

  remove_children (GTK_WIDGET (self->history_list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) event = g_list_model_get_item (events, i);

      append_history_row (self, history_row_new (self, event));
    }
  if (n == 0)
    {
      GtkWidget *none = gtk_label_new (_("Nothing recorded yet"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 6);
      gtk_widget_set_margin_bottom (none, 6);
      append_history_row (self, none);
    }
}

static gboolean
has_started (LoketRecord *appointment)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 start;

  return loket_protocol_parse_time (loket_record_get_string (appointment, "start_at"), &start) &&
         start <= g_date_time_to_unix (now);
}

/* The appointment's case to open, or a case to start from a visit that is (or was) on. */
static void
update_case_button (LoketAppointmentPopover *self)
{
  LoketRecord *a = self->appointment;
  const char *status = a != NULL ? loket_record_get_string (a, "status") : "";
  gboolean has_case = a != NULL && *loket_record_get_string (a, "case_reference") != '\0';
  gboolean on = g_strv_contains ((const char *const[]) { "booked", "checked_in", "done", NULL },
                                 status);

  gtk_widget_set_visible (self->case_button, has_case || (on && loket_record_is_null (a, "case_id")));
  gtk_button_set_label (GTK_BUTTON (self->case_button),
                        has_case ? _("Open Ca_se") : _("Start a Ca_se…"));
  gtk_widget_set_tooltip_text (self->case_button,
                               has_case ? _("Show the appointment's case on the Cases page")
                                        : _("Open a case for this customer and product"));
}

/* Enablement in one place: what the appointment's status allows. */
static void
update_actions (LoketAppointmentPopover *self)
{
  LoketRecord *a = self->appointment;
  gboolean booked = a != NULL && g_str_equal (loket_record_get_string (a, "status"), "booked");
  g_autofree char *close_label = NULL;

  if (a != NULL)
    {
      /* Translators: a button; %s is a counter or room, e.g. "Close Balie 3 for the Day…" */
      close_label = g_strdup_printf (_("C_lose %s for the Day…"), loket_record_get_string (a, "capacity_name"));
      gtk_button_set_label (GTK_BUTTON (self->close_capacity_button), close_label);
    }

  gtk_widget_set_visible (self->reschedule_button, booked);
  gtk_widget_set_visible (self->cancel_button, booked);
  gtk_widget_set_visible (self->no_show_button, booked && has_started (a));
  update_case_button (self);
  gtk_widget_set_visible (self->close_capacity_button, a != NULL);
}

static void
show_error (LoketAppointmentPopover *self, GtkLabel *label, const char *what, const GError *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    text = g_strdup_printf ("%s %s", what, _("It no longer exists."));
  else
    text = g_strdup_printf ("%s %s", what, error->message);
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
load (LoketAppointmentPopover *self)
{
  g_clear_object (&self->appointment);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  if (self->appointment_id != NULL)
    self->appointment = loket_replica_get_appointment (self->replica, self->appointment_id);
  self->tz = loket_replica_get_timezone (self->replica, self->appointment != NULL
                                         ? loket_record_get_string (self->appointment, "location_id")
                                         : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->appointment == NULL);
  if (self->appointment == NULL)
    {
      gtk_label_set_text (self->customer_label, _("Appointment"));
      gtk_label_set_text (self->error_label, _("This appointment no longer exists on this desk."));
      gtk_widget_set_visible (GTK_WIDGET (self->contact_label), FALSE);
      remove_children (GTK_WIDGET (self->facts_grid));
      remove_children (GTK_WIDGET (self->history_list));
    }
  else
    {
      fill_customer (self, self->appointment);
      fill_facts (self, self->appointment);
      fill_history (self);
    }
  if (self->messages != NULL)
    loket_appointment_messages_show (LOKET_APPOINTMENT_MESSAGES (self->messages),
                                     self->appointment != NULL ? self->appointment_id : NULL,
                                     self->tz);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->customer_label), -1);
  update_actions (self);
  /* A page for an action the appointment no longer allows (cancelled elsewhere) closes. */
  if (!gtk_widget_get_visible (self->cancel_button)
      && !g_str_equal (gtk_stack_get_visible_child_name (self->pages), "case"))
    gtk_stack_set_visible_child_name (self->pages, "details");
  if (g_str_equal (gtk_stack_get_visible_child_name (self->pages), "case")
      && !gtk_widget_get_visible (self->case_button))
    gtk_stack_set_visible_child_name (self->pages, "details");
}

static gboolean
reload_idle_cb (gpointer data)
{
  LoketAppointmentPopover *self = data;

  self->reload_idle = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketAppointmentPopover *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || self->reload_idle != 0)
    return;
  if (entity == NULL || g_str_equal (entity, "appointments") ||
      g_str_equal (entity, "appointment_events") || g_str_equal (entity, "customers") ||
      g_str_equal (entity, "cases") || g_str_equal (entity, "messages"))
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

/* Actions --------------------------------------------------------------------------------------- */

static void
finish (LoketAppointmentPopover *self, const char *message)
{
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[DONE], 0, message);
}

static void
on_back_clicked (LoketAppointmentPopover *self)
{
  gtk_stack_set_visible_child_name (self->pages, "details");
  gtk_widget_grab_focus (self->cancel_button);
}

static void
on_case_clicked (LoketAppointmentPopover *self)
{
  if (self->appointment == NULL)
    return;
  if (*loket_record_get_string (self->appointment, "case_reference") != '\0')
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-case", "s",
                                  loket_record_get_string (self->appointment, "case_id"));
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }
  loket_appointment_case_show (LOKET_APPOINTMENT_CASE (self->case_page), self->appointment);
  gtk_stack_set_visible_child_name (self->pages, "case");
  gtk_widget_grab_focus (loket_appointment_case_get_first (LOKET_APPOINTMENT_CASE (self->case_page)));
}

/* The case is open: the appointment shows it, and the Cases page opens on it. */
static void
on_case_started (LoketAppointmentPopover *self, const char *case_id)
{
  g_autofree char *id = g_strdup (case_id);

  gtk_stack_set_visible_child_name (self->pages, "details");
  finish (self, _("Case opened"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-case", "s", id);
}

static void
on_case_back (LoketAppointmentPopover *self)
{
  gtk_stack_set_visible_child_name (self->pages, "details");
  gtk_widget_grab_focus (self->case_button);
}

static void
on_cancel_clicked (LoketAppointmentPopover *self)
{
  g_autofree char *range = loket_agenda_format_time_range (self->appointment, self->tz);
  g_autofree char *summary = NULL;

  /* Translators: "Jan Jansen, Paspoort, 09:10–09:20. Why is it cancelled?" */
  summary = g_strdup_printf (_("%s, %s, %s. Why is it cancelled?"),
                             gtk_label_get_text (self->customer_label),
                             loket_record_get_string (self->appointment, "product_name"), range);
  gtk_label_set_text (self->cancel_summary_label, summary);
  gtk_editable_set_text (GTK_EDITABLE (self->cancel_reason_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_error_label), FALSE);
  gtk_stack_set_visible_child_name (self->pages, "cancel");
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_reason_entry));
}

static char *
cancel_reason (LoketAppointmentPopover *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cancel_reason_entry))));
}

static void
on_cancel_reason_changed (LoketAppointmentPopover *self)
{
  g_autofree char *reason = cancel_reason (self);

  gtk_widget_set_sensitive (self->confirm_cancel_button, *reason != '\0');
}

static void
on_confirm_cancel_clicked (LoketAppointmentPopover *self)
{
  g_autofree char *reason = cancel_reason (self);
  g_autoptr(GError) error = NULL;

  /* A reason is required; Enter in an empty field does nothing. */
  if (*reason == '\0' || self->appointment_id == NULL)
    return;
  if (!loket_replica_cancel_appointment (self->replica, self->appointment_id, reason, &error))
    show_error (self, self->cancel_error_label, _("The appointment could not be cancelled."), error);
  else
    finish (self, _("Appointment cancelled"));
}

static void
on_no_show_clicked (LoketAppointmentPopover *self)
{
  g_autoptr(GError) error = NULL;

  if (!loket_replica_appointment_step (self->replica, self->appointment_id, LOKET_STEP_NO_SHOW,
                                       NULL, &error))
    show_error (self, self->error_label, _("The appointment could not be marked as a no-show."),
                error);
  else
    finish (self, _("Marked as a no-show"));
}

static GtkWidget *
alternative_row_new (LoketAppointmentPopover *self, LoketRecord *alternative)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *when = format_moment (self, loket_record_get_string (alternative, "start_at"));
  GtkWidget *time = gtk_label_new (when);
  GtkWidget *capacity = gtk_label_new (loket_record_get_string (alternative, "capacity_name"));
  g_autofree char *label = g_strdup_printf ("%s, %s", when,
                                            loket_record_get_string (alternative, "capacity_name"));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_widget_set_hexpand (time, TRUE);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (capacity, "dim-label");
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), capacity);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (row), "alternative", g_object_ref (alternative),
                          g_object_unref);
  return row;
}

static void
on_reschedule_clicked (LoketAppointmentPopover *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) alternatives =
    loket_replica_find_alternatives (self->replica, self->appointment_id, N_ALTERNATIVES, now, &error);
  GtkListBoxRow *first;

  remove_children (GTK_WIDGET (self->alternatives_list));
  gtk_widget_set_visible (GTK_WIDGET (self->reschedule_error_label), FALSE);
  if (alternatives == NULL)
    show_error (self, self->reschedule_error_label, _("No free times could be found."), error);
  else if (g_list_model_get_n_items (alternatives) == 0)
    {
      gtk_label_set_text (self->reschedule_error_label,
                          _("There is no free time for this product here in the next 30 days."));
      gtk_widget_set_visible (GTK_WIDGET (self->reschedule_error_label), TRUE);
    }
  for (guint i = 0; alternatives != NULL && i < g_list_model_get_n_items (alternatives); i++)
    {
      g_autoptr(LoketRecord) alternative = g_list_model_get_item (alternatives, i);

      gtk_list_box_append (self->alternatives_list, alternative_row_new (self, alternative));
    }
  gtk_stack_set_visible_child_name (self->pages, "reschedule");
  first = gtk_list_box_get_row_at_index (self->alternatives_list, 0);
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
on_alternative_activated (LoketAppointmentPopover *self, GtkListBoxRow *row)
{
  LoketRecord *alternative = g_object_get_data (G_OBJECT (row), "alternative");
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;

  if (alternative == NULL)
    return;
  if (!loket_replica_reschedule_appointment (self->replica, self->appointment_id,
                                             loket_record_get_string (alternative, "capacity_id"),
                                             loket_record_get_int (alternative, "start"), &error))
    {
      show_error (self, self->reschedule_error_label, _("The appointment could not be moved."), error);
      return;
    }
  when = format_moment (self, loket_record_get_string (alternative, "start_at"));
  message = g_strdup_printf (_("Moved to %s"), when);
  finish (self, message);
}

static void
on_close_capacity_clicked (LoketAppointmentPopover *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GDate day;

  if (self->appointment == NULL || !loket_agenda_local_day (self->appointment, self->tz, &day))
    return;
  dialog = loket_closure_dialog_new (self->replica,
                                     loket_record_get_string (self->appointment, "location_id"),
                                     loket_record_get_string (self->appointment, "capacity_id"),
                                     &day);
  gtk_popover_popdown (GTK_POPOVER (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject --------------------------------------------------------------------------------------- */

/* The keyboard starts on the first thing that can be done, not on the messages above it: the
 * popover would otherwise focus the first focusable child. */
static void
on_map (LoketAppointmentPopover *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_widget_child_focus (gtk_widget_get_parent (self->reschedule_button), GTK_DIR_TAB_FORWARD);
}

static void
loket_appointment_popover_constructed (GObject *object)
{
  LoketAppointmentPopover *self = LOKET_APPOINTMENT_POPOVER (object);

  G_OBJECT_CLASS (loket_appointment_popover_parent_class)->constructed (object);

  g_return_if_fail (LOKET_IS_REPLICA (self->replica));
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  self->messages = loket_appointment_messages_new (self->replica);
  gtk_box_append (self->messages_box, self->messages);
  self->case_page = loket_appointment_case_new (self->replica);
  gtk_stack_add_named (self->pages, self->case_page, "case");
  g_signal_connect_object (self->case_page, "started", G_CALLBACK (on_case_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_page, "back", G_CALLBACK (on_case_back), self,
                           G_CONNECT_SWAPPED);
}

static void
loket_appointment_popover_dispose (GObject *object)
{
  LoketAppointmentPopover *self = LOKET_APPOINTMENT_POPOVER (object);

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_APPOINTMENT_POPOVER);
  g_clear_object (&self->appointment);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_appointment_popover_parent_class)->dispose (object);
}

static void
loket_appointment_popover_finalize (GObject *object)
{
  LoketAppointmentPopover *self = LOKET_APPOINTMENT_POPOVER (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->appointment_id);

  G_OBJECT_CLASS (loket_appointment_popover_parent_class)->finalize (object);
}

static void
loket_appointment_popover_get_property (GObject *object, guint prop_id, GValue *value,
                                        GParamSpec *pspec)
{
  LoketAppointmentPopover *self = LOKET_APPOINTMENT_POPOVER (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_appointment_popover_set_property (GObject *object, guint prop_id, const GValue *value,
                                        GParamSpec *pspec)
{
  LoketAppointmentPopover *self = LOKET_APPOINTMENT_POPOVER (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_appointment_popover_class_init (LoketAppointmentPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_appointment_popover_constructed;
  object_class->dispose = loket_appointment_popover_dispose;
  object_class->finalize = loket_appointment_popover_finalize;
  object_class->get_property = loket_appointment_popover_get_property;
  object_class->set_property = loket_appointment_popover_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A change was made; message: a sentence for the clerk ("Appointment cancelled"). */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-appointment-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, pages);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, customer_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, contact_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, history_list);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, messages_box);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, reschedule_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, no_show_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, case_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, close_capacity_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, cancel_summary_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, cancel_reason_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, cancel_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, confirm_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, alternatives_list);
  gtk_widget_class_bind_template_child (widget_class, LoketAppointmentPopover, reschedule_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_reschedule_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_no_show_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_case_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_capacity_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_alternative_activated);
}

static void
loket_appointment_popover_init (LoketAppointmentPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

GtkWidget *
loket_appointment_popover_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_APPOINTMENT_POPOVER, "replica", replica, NULL);
}

void
loket_appointment_popover_set_appointment_id (LoketAppointmentPopover *self,
                                              const char *appointment_id)
{
  g_return_if_fail (LOKET_IS_APPOINTMENT_POPOVER (self));

  g_free (self->appointment_id);
  self->appointment_id = g_strdup (appointment_id);
  gtk_stack_set_visible_child_name (self->pages, "details");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_error_label), FALSE);
  load (self);
}

const char *
loket_appointment_popover_get_appointment_id (LoketAppointmentPopover *self)
{
  g_return_val_if_fail (LOKET_IS_APPOINTMENT_POPOVER (self), NULL);

  return self->appointment_id;
}

void
loket_appointment_popover_ask_cancel (LoketAppointmentPopover *self)
{
  g_return_if_fail (LOKET_IS_APPOINTMENT_POPOVER (self));

  if (gtk_widget_get_visible (self->cancel_button))
    on_cancel_clicked (self);
}
