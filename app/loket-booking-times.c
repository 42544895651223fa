/* loket-booking-times.c — the booking dialog's when: the month calendar and the free times.
 *
 * Part of LoketBookingDialog (see loket-booking-dialog-private.h).  The calendar shows how many
 * start times each day still has for the whole visit (every product, its count) at the chosen
 * location with the facilities asked for; the day's times are grouped by day part, each time
 * once, at the first counter or room that has it.  A refresh (a sync, another desk) keeps the
 * chosen time while it is still free.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-booking-dialog-private.h"
#include "loket-record.h"
#include "loket-time.h"

static void refresh_times (LoketBookingDialog *self);

/* Day --------------------------------------------------------------------------------------- */

static GArray *
free_days (LoketBookingDialog *self, const GDate *from, guint n_days)
{
  g_autofree LoketVisitItem *items = NULL;
  g_autofree const char **facilities = loket_booking_visit_facilities (self);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(GError) error = NULL;
  GArray *days;
  guint n_items;

  items = loket_booking_visit_items (self, &n_items);
  if (n_items == 0 || self->location_id == NULL)
    return NULL;
  days = loket_replica_free_days (self->replica, self->location_id, items, n_items, facilities,
                                  from, n_days, now, &error);
  if (days == NULL)
    g_debug ("No free days: %s", error->message);
  return days;
}

static void
on_month_changed (LoketBookingDialog *self)
{
  const GDate *month = loket_booking_calendar_get_month (self->calendar);
  GDate from = *month, today;
  g_autoptr(GArray) days = NULL;
  guint n_days = g_date_get_days_in_month (g_date_get_month (month), g_date_get_year (month));

  loket_time_today (self->tz, &today);
  if (g_date_compare (&from, &today) < 0)
    from = today;
  days = free_days (self, &from, n_days - g_date_get_day (&from) + 1);
  loket_booking_calendar_set_free_days (self->calendar, &from, days);
}

static void
refresh_calendar (LoketBookingDialog *self)
{
  const GDate *month = loket_booking_calendar_get_month (self->calendar);
  GDate today;

  loket_time_today (self->tz, &today);
  loket_booking_calendar_set_earliest (self->calendar, &today);
  loket_booking_calendar_set_selected (self->calendar, self->day_chosen ? &self->day : NULL);
  /* Showing another month asks for its free days by itself. */
  if (g_date_get_month (month) == g_date_get_month (&self->day) &&
      g_date_get_year (month) == g_date_get_year (&self->day))
    on_month_changed (self);
  else
    loket_booking_calendar_show_month (self->calendar, &self->day);
}

gboolean
loket_booking_times_first_free_day (LoketBookingDialog *self, const GDate *from, GDate *day)
{
  g_autoptr(GArray) days = free_days (self, from, 90);

  for (guint i = 0; days != NULL && i < days->len; i++)
    if (g_array_index (days, int, i) > 0)
      {
        *day = *from;
        g_date_add_days (day, i);
        return TRUE;
      }
  return FALSE;
}

static void
on_day_activated (LoketBookingDialog *self, const GDate *day)
{
  loket_booking_times_set_day (self, day);
  loket_booking_dialog_next (self);
}

/* Time -------------------------------------------------------------------------------------- */

static const char *
time_label (LoketRecord *time, GTimeZone *tz, char **clock)
{
  *clock = loket_time_format_clock (loket_record_get_string (time, "start_at"), tz);
  return loket_record_get_string (time, "capacity_name");
}

static GtkWidget *
time_child_new (LoketBookingDialog *self, LoketRecord *time)
{
  g_autofree char *clock = NULL;
  const char *where = time_label (time, self->tz, &clock);
  int free = (int) loket_record_get_int (time, "free");
  /* Translators: a free time, where, and how many places, e.g. "09:10 at Balie 2, 2 free" */
  g_autofree char *words = g_strdup_printf (_("%s at %s, %d free"), clock, where, free);
  GtkWidget *label = gtk_label_new (clock);
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), label);
  /* A tile that looks clickable; the selection colours it. */
  gtk_widget_add_css_class (child, "card");
  gtk_widget_add_css_class (child, "activatable");
  gtk_widget_set_tooltip_text (child, words);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
  g_object_set_data_full (G_OBJECT (child), "time", g_object_ref (time), g_object_unref);
  return child;
}

static LoketRecord *
selected_time (LoketBookingDialog *self, GtkWidget **child_out)
{
  for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes); part++)
    {
      g_autoptr(GList) selected = gtk_flow_box_get_selected_children (GTK_FLOW_BOX (self->time_boxes[part]));

      if (selected != NULL)
        {
          if (child_out != NULL)
            *child_out = selected->data;
          return g_object_get_data (G_OBJECT (selected->data), "time");
        }
    }
  return NULL;
}

static void
choose_time (LoketBookingDialog *self, LoketRecord *time)
{
  g_clear_pointer (&self->capacity_id, g_free);
  g_clear_pointer (&self->capacity_name, g_free);
  self->start = self->end = 0;
  if (time != NULL)
    {
      g_autoptr(GDateTime) end =
        g_date_time_new_from_iso8601 (loket_record_get_string (time, "end_at"), NULL);

      self->start = loket_record_get_int (time, "start");
      self->end = end != NULL ? g_date_time_to_unix (end) : self->start;
      self->capacity_id = g_strdup (loket_record_get_string (time, "capacity_id"));
      self->capacity_name = g_strdup (loket_record_get_string (time, "capacity_name"));
    }
}

/* One choice over the three day parts: choosing in one forgets the others. */
static void
on_time_selected (GtkFlowBox *box, LoketBookingDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (box);

  if (selected == NULL)
    {
      if (selected_time (self, NULL) == NULL)
        choose_time (self, NULL);
      loket_booking_dialog_changed (self);
      return;
    }
  for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes); part++)
    if (self->time_boxes[part] != GTK_WIDGET (box))
      gtk_flow_box_unselect_all (GTK_FLOW_BOX (self->time_boxes[part]));
  choose_time (self, g_object_get_data (G_OBJECT (selected->data), "time"));
  loket_booking_dialog_changed (self);
}

static void
on_time_activated (GtkFlowBox *box, GtkFlowBoxChild *child, LoketBookingDialog *self)
{
  gtk_flow_box_select_child (box, child);
  loket_booking_dialog_next (self);
}

/* Morning before noon, afternoon until five, evening after (avondopenstelling). */
static guint
day_part (LoketRecord *time, GTimeZone *tz)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (loket_record_get_int (time, "start"));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);
  int hour = g_date_time_get_hour (local);

  return hour < 12 ? 0 : hour < 17 ? 1 : 2;
}

static GListModel *
free_times (LoketBookingDialog *self, GError **error)
{
  g_autofree LoketVisitItem *items = NULL;
  g_autofree const char **facilities = loket_booking_visit_facilities (self);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  guint n_items;

  items = loket_booking_visit_items (self, &n_items);
  return loket_replica_free_times (self->replica, self->location_id, items, n_items, facilities,
                                   &self->day, now, error);
}

static void
clear_times (LoketBookingDialog *self)
{
  for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes); part++)
    {
      GtkWidget *child;

      g_signal_handlers_block_matched (self->time_boxes[part], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      while ((child = gtk_widget_get_first_child (self->time_boxes[part])) != NULL)
        gtk_flow_box_remove (GTK_FLOW_BOX (self->time_boxes[part]), child);
      g_signal_handlers_unblock_matched (self->time_boxes[part], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

/* Each start once, at the first counter or room (by name) that has it; the chosen time stays
 * chosen when it is still free at the same place. */
static void
fill_times (LoketBookingDialog *self, GListModel *times)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 keep_start = self->start;
  g_autofree char *keep_capacity = g_strdup (self->capacity_id);
  guint n = g_list_model_get_n_items (times), shown = 0;
  GtkWidget *kept = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) time = g_list_model_get_item (times, i);
      gint64 start = loket_record_get_int (time, "start");
      guint part = day_part (time, self->tz);
      GtkWidget *child;

      if (g_hash_table_contains (seen, &start) &&
          !(start == keep_start && g_strcmp0 (keep_capacity, loket_record_get_string (time, "capacity_id")) == 0))
        continue;
      g_hash_table_add (seen, g_memdup2 (&start, sizeof start));
      child = time_child_new (self, time);
      gtk_flow_box_append (GTK_FLOW_BOX (self->time_boxes[part]), child);
      shown++;
      if (start == keep_start &&
          g_strcmp0 (keep_capacity, loket_record_get_string (time, "capacity_id")) == 0)
        kept = child;
    }
  choose_time (self, NULL);
  if (kept != NULL)
    gtk_flow_box_select_child (GTK_FLOW_BOX (gtk_widget_get_parent (kept)), GTK_FLOW_BOX_CHILD (kept));
  for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes); part++)
    {
      gboolean any = gtk_widget_get_first_child (self->time_boxes[part]) != NULL;

      gtk_widget_set_visible (self->time_boxes[part], any);
      gtk_widget_set_visible (self->time_headings[part], any);
    }
  gtk_label_set_text (GTK_LABEL (self->no_times_label), _("No free times on this day"));
  gtk_widget_set_visible (self->no_times_label, shown == 0);
}

static void
refresh_times (LoketBookingDialog *self)
{
  g_autoptr(GListModel) times = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = loket_time_format_day (&self->day, self->tz);
  GDate today;

  loket_time_today (self->tz, &today);
  gtk_label_set_text (self->day_label, words);
  gtk_widget_set_sensitive (self->day_previous_button, g_date_compare (&self->day, &today) > 0);
  clear_times (self);
  if (self->visit_products->len > 0 && self->location_id != NULL)
    times = free_times (self, &error);
  if (times == NULL)
    {
      g_autoptr(GListModel) none = G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));

      fill_times (self, none);
      if (error != NULL)
        gtk_label_set_text (GTK_LABEL (self->no_times_label), error->message);
      return;
    }
  fill_times (self, times);
}

void
loket_booking_times_set_day (LoketBookingDialog *self, const GDate *day)
{
  GDate today;

  loket_time_today (self->tz, &today);
  self->day = g_date_compare (day, &today) < 0 ? today : *day;
  self->day_chosen = TRUE;
  loket_booking_calendar_set_selected (self->calendar, &self->day);
  loket_booking_calendar_show_month (self->calendar, &self->day);
  refresh_times (self);
  loket_booking_dialog_changed (self);
}

static void
on_previous_day_clicked (LoketBookingDialog *self)
{
  GDate day = self->day;

  g_date_subtract_days (&day, 1);
  loket_booking_times_set_day (self, &day);
}

/* The next day that has a free time, or simply the next day. */
static void
on_next_day_clicked (LoketBookingDialog *self)
{
  GDate from = self->day, day;

  g_date_add_days (&from, 1);
  if (!loket_booking_times_first_free_day (self, &from, &day))
    day = from;
  loket_booking_times_set_day (self, &day);
}

/* Wiring ------------------------------------------------------------------------------------ */

void
loket_booking_times_refresh (LoketBookingDialog *self)
{
  refresh_calendar (self);
  refresh_times (self);
}

void
loket_booking_times_focus (LoketBookingDialog *self, BookingStep step)
{
  GtkWidget *child = NULL;

  if (step == STEP_DAY)
    {
      /* The rest of a month can be closed or full: then the next month's first free day. */
      if (loket_booking_calendar_focus_day (self->calendar, &self->day))
        return;
      for (guint i = 0; i < 3; i++)
        {
          GDate next = *loket_booking_calendar_get_month (self->calendar);

          g_date_add_months (&next, 1);
          loket_booking_calendar_show_month (self->calendar, &next);
          if (loket_booking_calendar_focus_day (self->calendar, NULL))
            return;
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
      return;
    }
  if (selected_time (self, &child) == NULL)
    for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes) && child == NULL; part++)
      child = gtk_widget_get_first_child (self->time_boxes[part]);
  gtk_widget_grab_focus (child != NULL ? child : self->day_previous_button);
}

static GtkWidget *
time_box_new (LoketBookingDialog *self, guint part, const char *heading, const char *name)
{
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *box = gtk_flow_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_name (box, name);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_SINGLE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (box), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (box), 4);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label,
                                  NULL, -1);
  g_signal_connect (box, "selected-children-changed", G_CALLBACK (on_time_selected), self);
  g_signal_connect (box, "child-activated", G_CALLBACK (on_time_activated), self);
  self->time_headings[part] = label;
  self->time_boxes[part] = box;
  gtk_box_append (GTK_BOX (self->times_page), label);
  gtk_box_append (GTK_BOX (self->times_page), box);
  return box;
}

void
loket_booking_times_init (LoketBookingDialog *self)
{
  /* The day's heading and the empty hint come first, the day parts after. */
  time_box_new (self, 0, _("Morning"), "morning-times");
  time_box_new (self, 1, _("Afternoon"), "afternoon-times");
  time_box_new (self, 2, _("Evening"), "evening-times");
}

void
loket_booking_times_dispose (LoketBookingDialog *self)
{
  for (guint part = 0; part < G_N_ELEMENTS (self->time_boxes); part++)
    if (self->time_boxes[part] != NULL)
      g_signal_handlers_disconnect_by_data (self->time_boxes[part], self);
}

void
loket_booking_times_bind (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_month_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_day_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_day_clicked);
}
