/* loket-agenda-view.c — the agenda of a location: day, week and list views.
 *
 * The view owns no data: it asks the replica for the locations, the location's capacities and
 * the appointments of what is shown, and asks again whenever the replica says something
 * changed.  The three views only show what they are handed (loket-agenda-day.c,
 * loket-agenda-week.c, loket-agenda-list.c); this file holds the toolbar, the actions and
 * their keys, and the appointment popover they all open.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-agenda-day.h"
#include "loket-agenda-list.h"
#include "loket-agenda-location-picker.h"
#include "loket-agenda-view.h"
#include "loket-agenda-week.h"
#include "loket-appointment-popover.h"
#include "loket-booking-dialog.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-time.h"

/* The list shows this many upcoming appointments at most; the filter narrows it down. */
#define LIST_LIMIT 1000

struct _LoketAgendaView {
  AdwBin           parent_instance;

  LoketReplica    *replica;
  char            *location_id;
  GDate            date;
  GTimeZone       *tz;
  char            *view;            /* "day", "week" or "list" */
  GtkWidget       *popover;
  guint            refresh_idle;

  AdwToastOverlay *toast_overlay;
  GtkLabel        *date_label;
  LoketAgendaLocationPicker *location_picker;
  GtkStack        *stack;
  AdwStatusPage   *status_page;
  GtkWidget       *previous_button;
  GtkWidget       *next_button;
  GtkWidget       *today_button;
  LoketAgendaDay  *day_view;
  LoketAgendaWeek *week_view;
  LoketAgendaList *list_view;
};

G_DEFINE_FINAL_TYPE (LoketAgendaView, loket_agenda_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  PROP_DATE,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (LoketAgendaView *self);

/* Helpers ---------------------------------------------------------------------------------- */

static gboolean
is_view (LoketAgendaView *self, const char *view)
{
  return g_str_equal (self->view, view);
}

static void
show_toast (LoketAgendaView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* The Monday of the date's week. */
static void
week_start (const GDate *date, GDate *monday)
{
  *monday = *date;
  g_date_subtract_days (monday, g_date_get_weekday (date) - G_DATE_MONDAY);
}

/* Enablement in one place ------------------------------------------------------------------- */

static void
update_actions (LoketAgendaView *self)
{
  LoketRecord *selected = loket_agenda_view_get_selected (self);
  /* While the popover is open its keys are its own (Page Down scrolls its free times). */
  gboolean free = self->popover == NULL || !gtk_widget_get_visible (self->popover);
  gboolean dated = !is_view (self, "list") && free;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.new-appointment",
                                 self->location_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.book-product",
                                 self->location_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.book-for-case",
                                 self->location_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.previous-day", dated);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.next-day", dated);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.open-appointment",
                                 selected != NULL && free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.cancel-appointment",
                                 selected != NULL && free &&
                                 g_str_equal (loket_record_get_string (selected, "status"), "booked"));
}

static void
on_selected_changed (LoketAgendaView *self)
{
  update_actions (self);
}

/* Refresh ---------------------------------------------------------------------------------- */

/* No rule opens any capacity of the location on that day (a weekend, a holiday, a closure).
 * Only asked on a day without appointments. */
static gboolean
location_closed_on_day (LoketAgendaView *self, GListModel *capacities)
{
  guint n = g_list_model_get_n_items (capacities);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);
      g_autoptr(GListModel) products = loket_replica_list_products (self->replica,
                                                                    loket_record_get_id (capacity));
      g_autoptr(LoketRecord) product = NULL;
      g_autoptr(GArray) slots = NULL;

      if (g_list_model_get_n_items (products) == 0)
        continue;
      product = g_list_model_get_item (products, 0);
      slots = loket_replica_free_slots (self->replica, loket_record_get_id (capacity),
                                        loket_record_get_id (product), &self->date, NULL, NULL);
      if (slots != NULL && slots->len > 0)
        return FALSE;
    }
  return TRUE;
}

static void
show_page (LoketAgendaView *self, const char *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, page);
  /* The page that had the focus is gone; keep the focus in the view so the day keys work. */
  if (had_focus && g_str_equal (page, "empty"))
    gtk_widget_grab_focus (self->next_button);
}

static void
refresh_day (LoketAgendaView *self, GListModel *capacities)
{
  g_autoptr(GListModel) appointments =
    loket_replica_list_appointments (self->replica, self->location_id, &self->date);

  loket_agenda_day_show (self->day_view, capacities, appointments, self->tz);
  if (g_list_model_get_n_items (appointments) > 0)
    show_page (self, "day");
  else if (location_closed_on_day (self, capacities))
    {
      adw_status_page_set_title (self->status_page, _("Closed"));
      adw_status_page_set_description (self->status_page,
                                       _("No counter or room at this location is open on this day."));
      show_page (self, "empty");
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("No Appointments"));
      adw_status_page_set_description (self->status_page, _("Press Ctrl+N to book one."));
      show_page (self, "empty");
    }
}

static void
refresh_week (LoketAgendaView *self)
{
  g_autoptr(GListStore) week = g_list_store_new (LOKET_TYPE_RECORD);
  GDate monday, day;

  week_start (&self->date, &monday);
  day = monday;
  for (guint i = 0; i < 7; i++, g_date_add_days (&day, 1))
    {
      g_autoptr(GListModel) appointments =
        loket_replica_list_appointments (self->replica, self->location_id, &day);

      for (guint j = 0; j < g_list_model_get_n_items (appointments); j++)
        {
          g_autoptr(LoketRecord) appointment = g_list_model_get_item (appointments, j);

          g_list_store_append (week, appointment);
        }
    }
  loket_agenda_week_show (self->week_view, &monday, G_LIST_MODEL (week), self->tz);
  show_page (self, "week");
}

static void
refresh_list (LoketAgendaView *self, GListModel *capacities)
{
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListStore) shown = g_list_store_new (LOKET_TYPE_RECORD);
  LoketAppointmentFilter filter = { .location_id = self->location_id, .limit = LIST_LIMIT + 1 };
  GDate today;

  loket_agenda_list_set_choices (self->list_view, capacities, products);
  loket_agenda_list_get_filter (self->list_view, &filter);
  loket_time_today (self->tz, &today);
  filter.from = &today;
  found = loket_replica_query_appointments (self->replica, &filter);
  for (guint i = 0; found != NULL && i < MIN (g_list_model_get_n_items (found), LIST_LIMIT); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (found, i);

      g_list_store_append (shown, appointment);
    }
  loket_agenda_list_show (self->list_view, G_LIST_MODEL (shown), self->tz,
                          found != NULL && g_list_model_get_n_items (found) > LIST_LIMIT);
  show_page (self, "list");
}

static void
update_header (LoketAgendaView *self)
{
  g_autofree char *text = NULL;
  gboolean week = is_view (self, "week");

  if (week)
    {
      GDate monday;

      week_start (&self->date, &monday);
      text = loket_agenda_format_week (&monday, self->tz);
    }
  else if (is_view (self, "list"))
    text = g_strdup (_("Upcoming Appointments"));
  else
    text = loket_time_format_day (&self->date, self->tz);
  gtk_label_set_text (self->date_label, text);
  gtk_widget_set_tooltip_text (self->previous_button, week ? _("Previous Week (Alt+Left)")
                                                           : _("Previous Day (Alt+Left)"));
  gtk_widget_set_tooltip_text (self->next_button, week ? _("Next Week (Alt+Right)")
                                                       : _("Next Day (Alt+Right)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  week ? _("Previous week") : _("Previous day"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  week ? _("Next week") : _("Next day"), -1);
}

static void
refresh (LoketAgendaView *self)
{
  g_autoptr(GListModel) capacities = NULL;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->replica == NULL)
    return;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = loket_replica_get_timezone (self->replica, self->location_id);
  update_header (self);

  if (self->location_id == NULL)
    {
      adw_status_page_set_title (self->status_page, _("No Locations"));
      adw_status_page_set_description (self->status_page,
                                       _("The agenda appears once this desk has synced with the server."));
      show_page (self, "empty");
      update_actions (self);
      return;
    }

  capacities = loket_replica_list_capacities (self->replica, self->location_id);
  if (is_view (self, "week"))
    refresh_week (self);
  else if (is_view (self, "list"))
    refresh_list (self, capacities);
  else
    refresh_day (self, capacities);
  update_actions (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  LoketAgendaView *self = data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketAgendaView *self)
{
  /* Entities the agenda does not show; everything else (including NULL) may change it. */
  static const char *const unrelated[] = {
    "cases", "case_types", "case_status_history", "notes", "contact_moments", "kb_articles",
    "teams", "roles", "case_suspensions", "case_links", "case_documents", "callbacks",
    "customer_representatives", NULL,
  };

  if (entity != NULL && g_strv_contains (unrelated, entity))
    return;
  /* A pull changes many rows at once: refresh once, when it is done. */
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* The location picker chose another location (or replaced one that left the user's scope). */
static void
on_location_changed (LoketAgendaView *self)
{
  const char *location_id = loket_agenda_location_picker_get_location_id (self->location_picker);

  if (g_strcmp0 (self->location_id, location_id) == 0)
    return;
  g_free (self->location_id);
  self->location_id = g_strdup (location_id);
  if (g_date_valid (&self->date))
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
}

/* The views' signals ------------------------------------------------------------------------- */

static void
on_popover_done (LoketAppointmentPopover *popover, const char *message, LoketAgendaView *self)
{
  /* Show the change now, not after the idle refresh. */
  refresh (self);
  show_toast (self, message);
}

static void
on_activate_appointment (LoketAgendaView *self, LoketRecord *appointment, GtkWidget *anchor)
{
  GtkPopover *popover = GTK_POPOVER (self->popover);

  loket_appointment_popover_set_appointment_id (LOKET_APPOINTMENT_POPOVER (popover),
                                                loket_record_get_id (appointment));
  loket_agenda_point_popover_at (popover, anchor);
  gtk_popover_popup (popover);
}

static void
on_show_day (LoketAgendaView *self, guint julian)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, julian);
  loket_agenda_view_set_date (self, &day);
  loket_agenda_view_set_view (self, "day");
  loket_agenda_view_focus_appointments (self);
}

/* Asked again once the drop-down that changed is done emitting. */
static void
on_filter_changed (LoketAgendaView *self)
{
  if (is_view (self, "list") && self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* Actions ---------------------------------------------------------------------------------- */

static void
move_day (LoketAgendaView *self, int days)
{
  GDate date = self->date;

  if (is_view (self, "week"))
    days *= 7;
  if (days > 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  loket_agenda_view_set_date (self, &date);
}

static void
previous_day_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  move_day (LOKET_AGENDA_VIEW (widget), -1);
}

static void
next_day_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  move_day (LOKET_AGENDA_VIEW (widget), 1);
}

static void
today_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (self->replica, self->location_id);
  GDate today;

  loket_time_today (tz, &today);
  loket_agenda_view_set_date (self, &today);
}

static void
on_booked (LoketBookingDialog *dialog, const char *appointment_id, LoketAgendaView *self)
{
  const GDate *day = loket_booking_dialog_get_day (dialog);

  /* Show the new appointment now, not after the idle refresh, so it can be selected. */
  if (g_date_compare (day, &self->date) == 0 || is_view (self, "list"))
    refresh (self);
  else
    loket_agenda_view_set_date (self, day);
  loket_agenda_view_select_appointment (self, appointment_id);
  show_toast (self, _("Appointment booked"));
}

static GtkWidget *
open_booking (LoketAgendaView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = loket_booking_dialog_new (self->replica, self->location_id, &self->date);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "booked", G_CALLBACK (on_booked), self, 0);
  return dialog;
}

static void
new_appointment_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  LoketRecord *selected = loket_agenda_view_get_selected (self);
  GtkWidget *dialog;

  if (self->location_id == NULL)
    return;
  dialog = open_booking (self);
  /* A rejected booking is offered again: same customer and product, the nearest free times. */
  if (selected != NULL && g_str_equal (loket_record_get_string (selected, "status"), "rejected"))
    loket_booking_dialog_rebook (LOKET_BOOKING_DIALOG (dialog), selected);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* agenda.book-product 's': a new appointment with the product already in the visit. */
static void
book_product_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  GtkWidget *dialog;

  if (self->location_id == NULL)
    return;
  dialog = open_booking (self);
  loket_booking_dialog_add_product (LOKET_BOOKING_DIALOG (dialog),
                                    g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* agenda.book-for-case 's': a new appointment for an open case (its intake). */
static void
book_for_case_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  GtkWidget *dialog;

  if (self->location_id == NULL)
    return;
  dialog = open_booking (self);
  if (!loket_booking_dialog_for_case (LOKET_BOOKING_DIALOG (dialog),
                                      g_variant_get_string (parameter, NULL)))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      show_toast (self, _("This case has no product to book."));
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_appointment_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  LoketRecord *selected = loket_agenda_view_get_selected (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (selected == NULL)
    return;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack)))
    focus = GTK_WIDGET (self->stack);
  on_activate_appointment (self, selected, focus);
}

/* Delete: the popover of the selected appointment, at its question why it is cancelled. */
static void
cancel_appointment_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  LoketRecord *selected = loket_agenda_view_get_selected (self);

  if (selected == NULL || !g_str_equal (loket_record_get_string (selected, "status"), "booked"))
    return;
  open_appointment_action (widget, "agenda.open-appointment", NULL);
  loket_appointment_popover_ask_cancel (LOKET_APPOINTMENT_POPOVER (self->popover));
}

/* GObject ---------------------------------------------------------------------------------- */

static void
loket_agenda_view_constructed (GObject *object)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);
  g_autoptr(GTimeZone) tz = NULL;

  G_OBJECT_CLASS (loket_agenda_view_parent_class)->constructed (object);

  g_return_if_fail (LOKET_IS_REPLICA (self->replica));
  self->popover = loket_appointment_popover_new (self->replica);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "done", G_CALLBACK (on_popover_done), self, 0);
  g_signal_connect_object (self->popover, "notify::visible", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  /* Escape or a change: back on the appointment, ready for the next key. */
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (loket_agenda_view_focus_appointments),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  loket_agenda_location_picker_set_replica (self->location_picker, self->replica);
  tz = loket_replica_get_timezone (self->replica, self->location_id);
  loket_time_today (tz, &self->date);
  refresh (self);
}

static void
loket_agenda_view_dispose (GObject *object)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  if (self->popover != NULL)
    g_signal_handlers_disconnect_by_data (self->popover, self);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  /* The bin lets go of its child first, so it does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_AGENDA_VIEW);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_agenda_view_parent_class)->dispose (object);
}

static void
loket_agenda_view_finalize (GObject *object)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->location_id);
  g_free (self->view);

  G_OBJECT_CLASS (loket_agenda_view_parent_class)->finalize (object);
}

static void
loket_agenda_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_LOCATION_ID:
      g_value_set_string (value, self->location_id);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, &self->date);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_LOCATION_ID:
      loket_agenda_view_set_location_id (self, g_value_get_string (value));
      break;
    case PROP_DATE:
      if (g_value_get_boxed (value) != NULL)
        loket_agenda_view_set_date (self, g_value_get_boxed (value));
      break;
    case PROP_VIEW:
      loket_agenda_view_set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_view_class_init (LoketAgendaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_agenda_view_constructed;
  object_class->dispose = loket_agenda_view_dispose;
  object_class->finalize = loket_agenda_view_finalize;
  object_class->get_property = loket_agenda_view_get_property;
  object_class->set_property = loket_agenda_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION_ID] =
    g_param_spec_string ("location-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "day",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LOKET_TYPE_AGENDA_DAY);
  g_type_ensure (LOKET_TYPE_AGENDA_WEEK);
  g_type_ensure (LOKET_TYPE_AGENDA_LIST);
  g_type_ensure (LOKET_TYPE_AGENDA_LOCATION_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/loket/Loket/loket-agenda-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, date_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, location_picker);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, status_page);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, next_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, today_button);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, day_view);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, week_view);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_appointment);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_show_day);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_location_changed);

  gtk_widget_class_install_property_action (widget_class, "agenda.view", "view");
  gtk_widget_class_install_action (widget_class, "agenda.previous-day", NULL, previous_day_action);
  gtk_widget_class_install_action (widget_class, "agenda.next-day", NULL, next_day_action);
  gtk_widget_class_install_action (widget_class, "agenda.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "agenda.new-appointment", NULL,
                                   new_appointment_action);
  gtk_widget_class_install_action (widget_class, "agenda.book-product", "s", book_product_action);
  gtk_widget_class_install_action (widget_class, "agenda.book-for-case", "s",
                                   book_for_case_action);
  gtk_widget_class_install_action (widget_class, "agenda.open-appointment", NULL,
                                   open_appointment_action);
  gtk_widget_class_install_action (widget_class, "agenda.cancel-appointment", NULL,
                                   cancel_appointment_action);
}

static void
loket_agenda_view_init (LoketAgendaView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->date, 1);
  self->view = g_strdup ("day");
}

/* Public API ------------------------------------------------------------------------------- */

GtkWidget *
loket_agenda_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_AGENDA_VIEW, "replica", replica, NULL);
}

LoketReplica *
loket_agenda_view_get_replica (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  return self->replica;
}

const GDate *
loket_agenda_view_get_date (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  return &self->date;
}

void
loket_agenda_view_set_date (LoketAgendaView *self, const GDate *date)
{
  g_return_if_fail (LOKET_IS_AGENDA_VIEW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (g_date_valid (&self->date) && g_date_compare (&self->date, date) == 0)
    return;
  self->date = *date;
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
loket_agenda_view_get_location_id (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  return self->location_id;
}

void
loket_agenda_view_set_location_id (LoketAgendaView *self, const char *location_id)
{
  g_return_if_fail (LOKET_IS_AGENDA_VIEW (self));

  /* The picker says so back (on_location_changed), which refreshes. */
  loket_agenda_location_picker_set_location_id (self->location_picker, location_id);
}

const char *
loket_agenda_view_get_view (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  return self->view;
}

void
loket_agenda_view_set_view (LoketAgendaView *self, const char *view)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean had_focus;

  g_return_if_fail (LOKET_IS_AGENDA_VIEW (self));
  g_return_if_fail (g_strcmp0 (view, "day") == 0 || g_strcmp0 (view, "week") == 0 ||
                    g_strcmp0 (view, "list") == 0);

  if (g_str_equal (self->view, view))
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack));
  g_free (self->view);
  self->view = g_strdup (view);
  if (g_date_valid (&self->date))
    refresh (self);
  /* Working in the appointments, the clerk stays in them after Alt+1…3. */
  if (had_focus)
    loket_agenda_view_focus_appointments (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

void
loket_agenda_view_focus_appointments (LoketAgendaView *self)
{
  gboolean focused;

  g_return_if_fail (LOKET_IS_AGENDA_VIEW (self));

  if (is_view (self, "week"))
    focused = loket_agenda_week_focus_appointment (self->week_view);
  else if (is_view (self, "list"))
    focused = loket_agenda_list_focus_appointment (self->list_view);
  else
    focused = g_str_equal (gtk_stack_get_visible_child_name (self->stack), "day") &&
              loket_agenda_day_focus_appointment (self->day_view);
  if (!focused)
    gtk_widget_grab_focus (self->today_button);
}

LoketRecord *
loket_agenda_view_get_selected (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  if (is_view (self, "week"))
    return loket_agenda_week_get_selected (self->week_view);
  if (is_view (self, "list"))
    return loket_agenda_list_get_selected (self->list_view);
  return loket_agenda_day_get_selected (self->day_view);
}

gboolean
loket_agenda_view_select_appointment (LoketAgendaView *self, const char *appointment_id)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  if (is_view (self, "week"))
    return loket_agenda_week_select (self->week_view, appointment_id, TRUE);
  if (is_view (self, "list"))
    return loket_agenda_list_select (self->list_view, appointment_id, TRUE);
  return loket_agenda_day_select (self->day_view, appointment_id, TRUE);
}

GtkWidget *
loket_agenda_view_get_popover (LoketAgendaView *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), NULL);

  return self->popover;
}
