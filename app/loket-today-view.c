/* loket-today-view.c — Vandaag: today's appointments at the user's location.
 *
 * The list is a GListStore that is updated in place from each fresh replica query (only the
 * rows that differ are replaced), so a periodic sync does not throw away the keyboard focus or
 * the scroll position of a clerk working through the queue.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-record.h"
#include "loket-today-view.h"
#include "loket-protocol.h"
#include "loket-time.h"

struct _LoketTodayView
{
  AdwBin         parent_instance;

  LoketReplica  *replica;
  GListStore    *store;
  GTimeZone     *timezone;
  guint          midnight_id;

  GtkStack      *stack;
  GtkLabel      *date_label;
  GtkLabel      *summary_label;
  GtkListView   *list_view;
  AdwStatusPage *empty_page;
  AdwStatusPage *no_location_page;
};

G_DEFINE_FINAL_TYPE (LoketTodayView, loket_today_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (LoketTodayView *self);

/* The status line under a row, and its style class; NULL for a plain booking. */
static char *
describe_status (LoketRecord *item, const char **css_class)
{
  const char *status = loket_record_get_string (item, "status");
  const char *reason = loket_record_get_string (item, "status_reason");

  *css_class = NULL;
  if (g_str_equal (status, "rejected"))
    {
      *css_class = "rejected";
      /* Translators: an appointment the server refused, e.g. because the slot was full */
      return *reason ? g_strdup_printf (_("Rejected: %s"), loket_protocol_describe_reason (reason))
                     : g_strdup (_("Rejected"));
    }
  if (g_str_equal (status, "cancelled"))
    {
      *css_class = "cancelled";
      return *reason ? g_strdup_printf (_("Cancelled: %s"), reason) : g_strdup (_("Cancelled"));
    }
  if (g_str_equal (status, "checked_in"))
    {
      *css_class = "checked-in";
      return g_strdup (_("Checked in"));
    }
  if (g_str_equal (status, "done"))
    return g_strdup (_("Done"));
  if (g_str_equal (status, "no_show"))
    return g_strdup (_("Did not show up"));
  return NULL;
}

static const char *
describe_mode (const char *mode)
{
  if (g_str_equal (mode, "digitaal"))
    return _("Video call");
  if (g_str_equal (mode, "hybride"))
    return _("Hybrid");
  return NULL;
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *pending = gtk_label_new (_("Not yet sent"));

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);

  gtk_label_set_width_chars (GTK_LABEL (time), 5);
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_widget_set_valign (time, GTK_ALIGN_START);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "heading");

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (status), PANGO_WRAP_WORD_CHAR);

  gtk_widget_set_valign (pending, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pending, "tag");
  gtk_widget_add_css_class (pending, "pending");
  gtk_widget_set_tooltip_text (pending, _("This change is saved on this desk and will be sent "
                                          "to the server at the next sync"));

  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (text), status);
  gtk_box_append (GTK_BOX (row), time);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), pending);

  g_object_set_data (G_OBJECT (row), "time", time);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "status", status);
  g_object_set_data (G_OBJECT (row), "pending", pending);
  gtk_list_item_set_child (list_item, row);
}

static void
set_status_line (GtkLabel *label, LoketRecord *item)
{
  static const char *const classes[] = { "rejected", "cancelled", "checked-in" };
  const char *css_class;
  g_autofree char *text = describe_status (item, &css_class);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, LoketTodayView *self)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);
  LoketRecord *item = gtk_list_item_get_item (list_item);
  GtkWidget *status = g_object_get_data (G_OBJECT (row), "status");
  const char *customer = loket_record_get_string (item, "customer_name");
  const char *mode = describe_mode (loket_record_get_string (item, "mode"));
  gboolean pending = loket_record_get_int (item, "pending") != 0;
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (item, "start_at"),
                                              self->timezone);
  g_autofree char *end = loket_time_format_clock (loket_record_get_string (item, "end_at"),
                                            self->timezone);
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) a11y = NULL;

  if (*customer == '\0')
    customer = _("No customer");
  /* Translators: product and desk of an appointment, e.g. "Paspoort · Balie 1" */
  subtitle = g_strdup_printf (_("%s · %s"), loket_record_get_string (item, "product_name"),
                              loket_record_get_string (item, "capacity_name"));
  if (mode != NULL)
    {
      char *with_mode = g_strdup_printf (_("%s · %s"), subtitle, mode);
      g_free (subtitle);
      subtitle = with_mode;
    }

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "time"), start);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "title"), customer);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "subtitle"), subtitle);
  set_status_line (GTK_LABEL (status), item);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "pending"), pending);

  /* Translators: what a screen reader says for one appointment: start, end, customer and
   * "product · desk"; its status and "Not yet sent" may follow as sentences */
  a11y = g_string_new (NULL);
  g_string_printf (a11y, _("%s to %s, %s, %s"), start, end, customer, subtitle);
  if (gtk_widget_get_visible (status))
    g_string_append_printf (a11y, ". %s", gtk_label_get_text (GTK_LABEL (status)));
  if (pending)
    g_string_append_printf (a11y, ". %s", _("Not yet sent"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y->str,
                                  -1);
}

static gboolean
on_midnight (gpointer user_data)
{
  LoketTodayView *self = user_data;

  self->midnight_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_midnight (LoketTodayView *self, GDateTime *now)
{
  g_autoptr(GDateTime) today = g_date_time_new (self->timezone, g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  GTimeSpan wait = g_date_time_difference (tomorrow, now) / G_TIME_SPAN_SECOND;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  /* One second late, so the new day has surely begun in the location's time zone. */
  self->midnight_id = g_timeout_add_seconds ((guint) MAX (wait, 0) + 1, on_midnight, self);
}

static void
show_day (LoketTodayView *self, GDateTime *now)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *date = NULL;
  GDate day;
  g_autofree char *summary = g_strdup_printf (ngettext ("%u appointment", "%u appointments", n),
                                              n);

  loket_time_local_date (g_date_time_get_timezone (now), g_date_time_to_unix (now), &day);
  date = loket_time_format_day (&day, g_date_time_get_timezone (now));
  gtk_label_set_text (self->date_label, date);
  gtk_label_set_text (self->summary_label, summary);
  adw_status_page_set_description (self->empty_page, date);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
refresh (LoketTodayView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GListModel) fresh = NULL;
  const char *location_id = user != NULL ? loket_record_get_string (user, "location_id") : "";
  GDate day;

  if (*location_id == '\0')
    {
      g_list_store_remove_all (self->store);
      gtk_stack_set_visible_child_name (self->stack, "no-location");
      return;
    }

  g_clear_pointer (&self->timezone, g_time_zone_unref);
  self->timezone = loket_replica_get_timezone (self->replica, location_id);
  now = g_date_time_new_now (self->timezone);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));

  fresh = loket_replica_list_appointments (self->replica, location_id, &day);
  loket_record_store_update (self->store, fresh);
  show_day (self, now);
  schedule_midnight (self, now);
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketTodayView *self)
{
  refresh (self);
}

static GtkWidget *
build_list (LoketTodayView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));

  self->date_label = GTK_LABEL (gtk_label_new (NULL));
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->date_label, 0);
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->date_label), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
  gtk_widget_set_margin_top (header, 18);
  gtk_widget_set_margin_bottom (header, 12);
  gtk_widget_set_margin_start (header, 18);
  gtk_widget_set_margin_end (header, 18);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->date_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->summary_label));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory));
  gtk_list_view_set_show_separators (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "today-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Today's appointments"),
                                  -1);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static void
loket_today_view_constructed (GObject *object)
{
  LoketTodayView *self = LOKET_TODAY_VIEW (object);

  G_OBJECT_CLASS (loket_today_view_parent_class)->constructed (object);

  g_assert (self->replica != NULL);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  refresh (self);
}

static void
loket_today_view_dispose (GObject *object)
{
  LoketTodayView *self = LOKET_TODAY_VIEW (object);

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  g_clear_pointer (&self->timezone, g_time_zone_unref);

  G_OBJECT_CLASS (loket_today_view_parent_class)->dispose (object);
}

static void
loket_today_view_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  LoketTodayView *self = LOKET_TODAY_VIEW (object);

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
loket_today_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  LoketTodayView *self = LOKET_TODAY_VIEW (object);

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
loket_today_view_class_init (LoketTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = loket_today_view_constructed;
  object_class->dispose = loket_today_view_dispose;
  object_class->get_property = loket_today_view_get_property;
  object_class->set_property = loket_today_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_today_view_init (LoketTodayView *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->stack = GTK_STACK (gtk_stack_new ());

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "x-office-calendar-symbolic");
  adw_status_page_set_title (self->empty_page, _("No appointments today"));

  self->no_location_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->no_location_page, "find-location-symbolic");
  adw_status_page_set_title (self->no_location_page, _("No location"));
  adw_status_page_set_description (self->no_location_page,
                                   _("Your account is not linked to a location, so there are "
                                     "no arrivals to show. Ask your administrator to set one."));

  gtk_stack_add_named (self->stack, build_list (self), "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->no_location_page), "no-location");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

GtkWidget *
loket_today_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_TODAY_VIEW, "replica", replica, NULL);
}

GListModel *
loket_today_view_get_model (LoketTodayView *self)
{
  g_return_val_if_fail (LOKET_IS_TODAY_VIEW (self), NULL);

  return G_LIST_MODEL (self->store);
}
