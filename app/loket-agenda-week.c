/* loket-agenda-week.c — a week of a location: seven recycled lists side by side.
 *
 * The week gets the appointments of its seven days in one model and hands each day its own
 * store; loket_record_store_update keeps the rows that did not change, so a sync that touches
 * one appointment does not move the others.  One appointment is selected across the week.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-agenda-week.h"
#include "loket-protocol.h"
#include "loket-time.h"

#define N_DAYS 7

typedef struct {
  LoketAgendaWeek    *week;       /* unowned: the week owns its days */
  guint               index;
  GtkWidget          *title_label;
  GtkWidget          *count_label;
  GtkWidget          *header;
  GtkWidget          *stack;
  GtkWidget          *list_view;
  GListStore         *store;
  GtkSingleSelection *selection;
} WeekDay;

struct _LoketAgendaWeek {
  AdwBin       parent_instance;

  WeekDay      days[N_DAYS];
  GDate        first;
  GTimeZone   *tz;
  LoketRecord *selected;
  gboolean     updating_selection;
};

G_DEFINE_FINAL_TYPE (LoketAgendaWeek, loket_agenda_week, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ACTIVATE_APPOINTMENT,
  SHOW_DAY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Selection ------------------------------------------------------------------------------------ */

static void
set_selected (LoketAgendaWeek *self, LoketRecord *appointment)
{
  if (self->selected == appointment)
    return;
  g_set_object (&self->selected, appointment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static guint
find_in_model (GListModel *model, const char *id)
{
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (record), id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* One selection across the week: choosing on one day clears the others. */
static void
on_day_selection (GtkSingleSelection *selection, GParamSpec *pspec, WeekDay *day)
{
  LoketAgendaWeek *self = day->week;
  LoketRecord *found = NULL;

  if (self->updating_selection)
    return;
  self->updating_selection = TRUE;
  if (gtk_single_selection_get_selected_item (selection) != NULL)
    for (guint i = 0; i < N_DAYS; i++)
      if (&self->days[i] != day)
        gtk_single_selection_set_selected (self->days[i].selection, GTK_INVALID_LIST_POSITION);
  self->updating_selection = FALSE;

  for (guint i = 0; i < N_DAYS && found == NULL; i++)
    found = gtk_single_selection_get_selected_item (self->days[i].selection);
  set_selected (self, found);
}

static void
select_in_day (LoketAgendaWeek *self, guint day, guint position, gboolean grab_focus)
{
  gtk_single_selection_set_selected (self->days[day].selection, position);
  if (grab_focus)
    loket_agenda_focus_list_position (self->days[day].list_view, position);
  else
    gtk_widget_activate_action (self->days[day].list_view, "list.scroll-to-item", "u", position);
}

/* Keyboard ---------------------------------------------------------------------------------------- */

static int
minute_of_day (LoketAgendaWeek *self, LoketRecord *appointment)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, self->tz) : NULL;

  return local != NULL ? g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) : 0;
}

/* The appointment nearest in time of day to `minute` on a day. */
static guint
nearest_on_day (LoketAgendaWeek *self, guint day, int minute)
{
  GListModel *model = G_LIST_MODEL (self->days[day].store);
  guint best = GTK_INVALID_LIST_POSITION;
  int best_distance = G_MAXINT;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (model, i);
      int distance = ABS (minute_of_day (self, appointment) - minute);

      if (distance < best_distance)
        {
          best = i;
          best_distance = distance;
        }
    }
  return best;
}

static gboolean
on_list_key (GtkEventControllerKey *controller, guint keyval, guint keycode,
             GdkModifierType state, WeekDay *day)
{
  LoketAgendaWeek *self = day->week;
  LoketRecord *current = gtk_single_selection_get_selected_item (day->selection);
  int step, minute;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    step = -1;
  else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    step = 1;
  else
    return FALSE;

  minute = current != NULL ? minute_of_day (self, current) : 0;
  for (int d = (int) day->index + step; d >= 0 && d < N_DAYS; d += step)
    {
      guint position = nearest_on_day (self, (guint) d, minute);

      if (position != GTK_INVALID_LIST_POSITION)
        {
          select_in_day (self, (guint) d, position, TRUE);
          break;
        }
    }
  return TRUE;
}

/* Rows ------------------------------------------------------------------------------------------- */

static void
on_row_pressed (GtkGestureClick *gesture, int n_press, double x, double y, WeekDay *day)
{
  GtkWidget *block = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *item = loket_agenda_get_item (block);
  LoketRecord *appointment = gtk_list_item_get_item (item);

  if (appointment == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  select_in_day (day->week, day->index, gtk_list_item_get_position (item), TRUE);
  g_signal_emit (day->week, signals[ACTIVATE_APPOINTMENT], 0, appointment, block);
}

static void
row_setup (GtkSignalListItemFactory *factory, GtkListItem *item, WeekDay *day)
{
  GtkWidget *block = loket_agenda_block_new (LOKET_AGENDA_BLOCK_SHOW_CAPACITY);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed), day);
  gtk_widget_add_controller (block, GTK_EVENT_CONTROLLER (click));
  loket_agenda_remember_item (block, item);
  gtk_list_item_set_child (item, block);
}

static void
row_bind (GtkSignalListItemFactory *factory, GtkListItem *item, WeekDay *day)
{
  GtkWidget *block = gtk_list_item_get_child (item);
  g_autofree char *label = NULL;

  loket_agenda_block_bind (block, gtk_list_item_get_item (item), day->week->tz);
  label = loket_agenda_block_describe (block);
  gtk_accessible_update_property (GTK_ACCESSIBLE (block), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Enter (or a double click the gesture did not take) on a row. */
static void
on_list_activate (GtkListView *list_view, guint position, WeekDay *day)
{
  g_autoptr(LoketRecord) appointment = g_list_model_get_item (G_LIST_MODEL (day->store), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list_view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (appointment == NULL)
    return;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (list_view)))
    focus = GTK_WIDGET (list_view);
  gtk_single_selection_set_selected (day->selection, position);
  g_signal_emit (day->week, signals[ACTIVATE_APPOINTMENT], 0, appointment, focus);
}

static void
on_header_clicked (GtkButton *button, WeekDay *day)
{
  GDate date = day->week->first;

  g_date_add_days (&date, day->index);
  g_signal_emit (day->week, signals[SHOW_DAY], 0, g_date_get_julian (&date));
}

/* Days ------------------------------------------------------------------------------------------- */

static GtkWidget *
day_header_new (WeekDay *day)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  day->title_label = gtk_label_new (NULL);
  day->count_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (day->title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (day->count_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (day->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (day->title_label, "heading");
  gtk_widget_add_css_class (day->count_label, "dim-label");
  gtk_widget_add_css_class (day->count_label, "caption");
  gtk_box_append (GTK_BOX (box), day->title_label);
  gtk_box_append (GTK_BOX (box), day->count_label);

  day->header = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (day->header), box);
  gtk_widget_add_css_class (day->header, "flat");
  gtk_widget_set_tooltip_text (day->header, _("Show This Day"));
  g_signal_connect (day->header, "clicked", G_CALLBACK (on_header_clicked), day);
  return day->header;
}

static GtkWidget *
day_list_new (WeekDay *day)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup), day);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind), day);
  day->store = g_list_store_new (LOKET_TYPE_RECORD);
  day->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (day->store)));
  gtk_single_selection_set_autoselect (day->selection, FALSE);
  gtk_single_selection_set_can_unselect (day->selection, TRUE);
  g_signal_connect (day->selection, "notify::selected-item", G_CALLBACK (on_day_selection), day);
  day->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (day->selection)), factory);
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (day->list_view), TRUE);
  g_signal_connect (day->list_view, "activate", G_CALLBACK (on_list_activate), day);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key), day);
  gtk_widget_add_controller (day->list_view, keys);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), day->list_view);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_set_overflow (scroller, GTK_OVERFLOW_HIDDEN);
  return scroller;
}

static GtkWidget *
week_day_init (LoketAgendaWeek *self, guint index)
{
  WeekDay *day = &self->days[index];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *empty = gtk_label_new (_("No appointments"));

  day->week = self;
  day->index = index;
  gtk_widget_set_size_request (box, 210, -1);
  gtk_box_append (GTK_BOX (box), day_header_new (day));

  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_valign (empty, GTK_ALIGN_START);
  gtk_widget_set_margin_top (empty, 12);
  day->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (day->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (day->stack), day_list_new (day), "list");
  gtk_stack_add_named (GTK_STACK (day->stack), empty, "empty");
  gtk_box_append (GTK_BOX (box), day->stack);
  return box;
}

static void
show_day (LoketAgendaWeek *self, WeekDay *day, GListStore *fresh, const GDate *date,
          const GDate *today)
{
  g_autoptr(GDateTime) noon = g_date_time_new (self->tz, g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date),
                                               12, 0, 0);
  /* Translators: a day heading in the week view, e.g. "Mon 23 Nov"; g_date_time_format()
   * codes: %a short weekday, %-e day without padding, %b short month. */
  /* xgettext:no-c-format */
  g_autofree char *title = g_date_time_format (noon, _("%a %-e %b"));
  g_autofree char *long_title = loket_time_format_day (date, self->tz);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fresh));
  g_autofree char *count = g_strdup_printf (ngettext ("%u appointment", "%u appointments", n), n);
  g_autofree char *list_label = g_strdup_printf (_("Appointments on %s"), long_title);

  gtk_label_set_text (GTK_LABEL (day->title_label), title);
  gtk_label_set_text (GTK_LABEL (day->count_label), count);
  if (g_date_compare (date, today) == 0)
    gtk_widget_add_css_class (day->title_label, "accent");
  else
    gtk_widget_remove_css_class (day->title_label, "accent");
  gtk_accessible_update_property (GTK_ACCESSIBLE (day->header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  long_title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (day->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  list_label, -1);
  loket_record_store_update (day->store, G_LIST_MODEL (fresh));
  gtk_stack_set_visible_child_name (GTK_STACK (day->stack), n > 0 ? "list" : "empty");
}

/* Public API -------------------------------------------------------------------------------------- */

void
loket_agenda_week_show (LoketAgendaWeek *self, const GDate *first, GListModel *appointments,
                        GTimeZone *tz)
{
  g_autofree char *selected_id = NULL;
  GListStore *fresh[N_DAYS];
  LoketRecord *found = NULL;
  GDate today;

  g_return_if_fail (LOKET_IS_AGENDA_WEEK (self));
  g_return_if_fail (first != NULL && g_date_valid (first) && G_IS_LIST_MODEL (appointments));

  if (self->selected != NULL)
    selected_id = g_strdup (loket_record_get_id (self->selected));
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  self->first = *first;
  loket_time_today (tz, &today);

  for (guint i = 0; i < N_DAYS; i++)
    fresh[i] = g_list_store_new (LOKET_TYPE_RECORD);
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (appointments, i);
      GDate day;
      int offset;

      if (!loket_agenda_local_day (appointment, tz, &day))
        continue;
      offset = g_date_days_between (first, &day);
      if (offset >= 0 && offset < N_DAYS)
        g_list_store_append (fresh[offset], appointment);
    }

  self->updating_selection = TRUE;
  for (guint i = 0; i < N_DAYS; i++)
    {
      GDate date = *first;

      g_date_add_days (&date, i);
      show_day (self, &self->days[i], fresh[i], &date, &today);
      g_object_unref (fresh[i]);
    }
  self->updating_selection = FALSE;

  /* A row that did not change kept its selection; a changed one is selected again. */
  for (guint i = 0; i < N_DAYS && found == NULL; i++)
    found = gtk_single_selection_get_selected_item (self->days[i].selection);
  if (found != NULL)
    set_selected (self, found);
  else if (selected_id == NULL || !loket_agenda_week_select (self, selected_id, FALSE))
    set_selected (self, NULL);
}

guint
loket_agenda_week_get_n_appointments (LoketAgendaWeek *self)
{
  guint n = 0;

  g_return_val_if_fail (LOKET_IS_AGENDA_WEEK (self), 0);

  for (guint i = 0; i < N_DAYS; i++)
    n += g_list_model_get_n_items (G_LIST_MODEL (self->days[i].store));
  return n;
}

GListModel *
loket_agenda_week_get_day_model (LoketAgendaWeek *self, guint day)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_WEEK (self), NULL);
  g_return_val_if_fail (day < N_DAYS, NULL);

  return G_LIST_MODEL (self->days[day].store);
}

LoketRecord *
loket_agenda_week_get_selected (LoketAgendaWeek *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_WEEK (self), NULL);

  return self->selected;
}

gboolean
loket_agenda_week_select (LoketAgendaWeek *self, const char *appointment_id, gboolean grab_focus)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_WEEK (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  for (guint i = 0; i < N_DAYS; i++)
    {
      guint position = find_in_model (G_LIST_MODEL (self->days[i].store), appointment_id);

      if (position != GTK_INVALID_LIST_POSITION)
        {
          select_in_day (self, i, position, grab_focus);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
loket_agenda_week_focus_appointment (LoketAgendaWeek *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_WEEK (self), FALSE);

  if (self->selected != NULL &&
      loket_agenda_week_select (self, loket_record_get_id (self->selected), TRUE))
    return TRUE;
  for (guint i = 0; i < N_DAYS; i++)
    if (g_list_model_get_n_items (G_LIST_MODEL (self->days[i].store)) > 0)
      {
        select_in_day (self, i, 0, TRUE);
        return TRUE;
      }
  return FALSE;
}

/* GObject ----------------------------------------------------------------------------------------- */

static void
loket_agenda_week_dispose (GObject *object)
{
  LoketAgendaWeek *self = LOKET_AGENDA_WEEK (object);

  for (guint i = 0; i < N_DAYS; i++)
    if (self->days[i].selection != NULL)
      g_signal_handlers_disconnect_by_data (self->days[i].selection, &self->days[i]);
  adw_bin_set_child (ADW_BIN (self), NULL);
  for (guint i = 0; i < N_DAYS; i++)
    {
      g_clear_object (&self->days[i].selection);
      g_clear_object (&self->days[i].store);
    }
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (loket_agenda_week_parent_class)->dispose (object);
}

static void
loket_agenda_week_finalize (GObject *object)
{
  LoketAgendaWeek *self = LOKET_AGENDA_WEEK (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_agenda_week_parent_class)->finalize (object);
}

static void
loket_agenda_week_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketAgendaWeek *self = LOKET_AGENDA_WEEK (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_week_class_init (LoketAgendaWeekClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_agenda_week_dispose;
  object_class->finalize = loket_agenda_week_finalize;
  object_class->get_property = loket_agenda_week_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, LOKET_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE_APPOINTMENT] =
    g_signal_new ("activate-appointment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, LOKET_TYPE_RECORD, GTK_TYPE_WIDGET);
  signals[SHOW_DAY] =
    g_signal_new ("show-day", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
loket_agenda_week_init (LoketAgendaWeek *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  for (guint i = 0; i < N_DAYS; i++)
    gtk_box_append (GTK_BOX (box), week_day_init (self, i));

  g_date_clear (&self->first, 1);
  self->tz = g_time_zone_new_utc ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  adw_bin_set_child (ADW_BIN (self), scroller);
}

GtkWidget *
loket_agenda_week_new (void)
{
  return g_object_new (LOKET_TYPE_AGENDA_WEEK, NULL);
}
