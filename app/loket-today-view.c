/* loket-today-view.c — Vandaag: the day at the desk.
 *
 * Today's arrivals at the user's location in a GtkListView over a GListStore that is updated in
 * place from each fresh replica query (loket_record_store_update replaces only the rows that
 * differ).  A row whose appointment changed is a new item, so after every refresh the view
 * selects the same appointment again and, if the keyboard was in the list, gives its row the
 * focus back: a clerk working through the queue keeps their place through syncs and steps.
 *
 * Which steps a row offers is decided in one place (offers_step) by the same rule the replica
 * and the server apply (loket_rules_judge_step): a step that would change nothing or that is out
 * of order is never offered.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-rules.h"
#include "loket-time.h"
#include "loket-today-view.h"

struct _LoketTodayView
{
  AdwBin              parent_instance;

  LoketReplica       *replica;
  GListStore         *store;
  GtkSingleSelection *selection;
  GMenuModel         *row_menu;
  GTimeZone          *timezone;
  char               *location_id;
  char               *last_desk;     /* where this desk called its last customer to */
  guint               midnight_id;

  AdwToastOverlay    *toasts;
  GtkStack           *stack;
  GtkLabel           *date_label;
  GtkLabel           *figures[5];   /* the summary, as in figure_names */
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *no_location_page;
};

G_DEFINE_FINAL_TYPE (LoketTodayView, loket_today_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The steps of a visit: the action that takes it, its name for loket_rules_judge_step, its
 * item in a row's menu and its shortcut. */
static const struct {
  LoketAppointmentStep step;
  const char          *action;
  const char          *rule;
  const char          *label;
  guint                key;
  GdkModifierType      mods;
} steps[] = {
  { LOKET_STEP_CHECK_IN, "today.check-in", "check_in", N_("Check _In"), GDK_KEY_Return,
    GDK_CONTROL_MASK },
  { LOKET_STEP_CALL, "today.call", "call", N_("_Call…"), GDK_KEY_Return,
    GDK_CONTROL_MASK | GDK_SHIFT_MASK },
  { LOKET_STEP_START, "today.start", "start", N_("_Start"), GDK_KEY_b, GDK_CONTROL_MASK },
  { LOKET_STEP_FINISH, "today.finish", "finish", N_("_Finish"), GDK_KEY_e, GDK_CONTROL_MASK },
  { LOKET_STEP_NO_SHOW, "today.no-show", "no_show", N_("Did _Not Show Up"), 0, 0 },
};

/* The summary's figures: expected, waiting, being served, done, the average waiting time. */
enum { FIGURE_EXPECTED, FIGURE_WAITING, FIGURE_SERVING, FIGURE_DONE, FIGURE_AVERAGE_WAIT };
static const char *const figure_names[] = { "today-expected", "today-waiting", "today-serving",
                                            "today-done", "today-average-wait" };
static const char *const figure_captions[] = { N_("Expected"), N_("Waiting"),
                                               N_("Being served"), N_("Done"),
                                               N_("Average waiting time") };

static void refresh (LoketTodayView *self);

/* ---- What a row says ------------------------------------------------------------------------ */

static gboolean
has_time (LoketRecord *item, const char *column)
{
  return !loket_record_is_null (item, column) && *loket_record_get_string (item, column) != '\0';
}

static gboolean
offers_step (LoketRecord *item, guint i)
{
  return loket_rules_judge_step (steps[i].rule, loket_record_get_string (item, "status"),
                                 has_time (item, "called_at"), has_time (item, "started_at"),
                                 NULL) == LOKET_STEP_VERDICT_APPLY;
}

static gboolean
offers_any_step (LoketRecord *item)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (offers_step (item, i))
      return TRUE;
  return FALSE;
}

/* Whole minutes, rounded: what a clerk reads on a clock. */
static gint64
minutes (gint64 seconds)
{
  return (MAX (seconds, 0) + 30) / 60;
}

/* The state of a visit in words, and the style class that goes with it. */
static char *
describe_state (LoketTodayView *self, LoketRecord *item, const char **css_class)
{
  const char *status = loket_record_get_string (item, "status");
  const char *desk = loket_record_get_string (item, "called_to");
  g_autofree char *arrived = NULL;

  *css_class = "dim-label";
  if (g_str_equal (status, "done"))
    return g_strdup (_("Done"));
  if (g_str_equal (status, "booked"))
    return g_strdup (_("Expected"));
  *css_class = "warning";
  if (g_str_equal (status, "no_show"))
    return g_strdup (_("Did not show up"));
  *css_class = "accent";
  if (has_time (item, "started_at"))
    return g_strdup (_("Being served"));
  if (has_time (item, "called_at"))
    /* Translators: the customer was called to a desk, e.g. "Called to Balie 3" */
    return *desk != '\0' ? g_strdup_printf (_("Called to %s"), desk) : g_strdup (_("Called"));
  *css_class = "success";
  if (!has_time (item, "arrived_at"))
    return g_strdup (_("Checked in"));
  arrived = loket_time_format_clock (loket_record_get_string (item, "arrived_at"), self->timezone);
  /* Translators: the customer checked in at a time, e.g. "Checked in at 09:04" */
  return g_strdup_printf (_("Checked in at %s"), arrived);
}

/* "Waiting time 4 min · Handling time 9 min", the parts that are known; NULL for none. */
static char *
describe_times (LoketRecord *item)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!loket_record_is_null (item, "waiting_seconds"))
    /* Translators: minutes between check-in and the call to a desk */
    g_string_append_printf (text, _("Waiting time %d min"),
                            (int) minutes (loket_record_get_int (item, "waiting_seconds")));
  if (!loket_record_is_null (item, "handling_seconds"))
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: minutes between the start and the end of handling at the desk */
      g_string_append_printf (text, _("Handling time %d min"),
                              (int) minutes (loket_record_get_int (item, "handling_seconds")));
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* ---- Rows ------------------------------------------------------------------------------------ */

/* The widgets of one row, made once in setup and filled in bind. */
typedef struct {
  GtkListItem *list_item;
  GtkLabel    *time, *title, *subtitle, *state, *times;
  GtkWidget   *pending, *menu;
} Row;

static GtkLabel *
row_label (GtkWidget *box, const char *css_class, float xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
select_row_of_button (GtkMenuButton *button, gpointer user_data)
{
  LoketTodayView *self = user_data;
  Row *row = g_object_get_data (G_OBJECT (button), "row");
  guint position = gtk_list_item_get_position (row->list_item);

  /* The menu's actions work on the selected row: make it this one. */
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, LoketTodayView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *state = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  Row *row = g_new0 (Row, 1);

  row->list_item = list_item;
  row->time = row_label (box, "heading", 0);
  gtk_label_set_width_chars (row->time, 5);
  gtk_widget_set_valign (GTK_WIDGET (row->time), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), text);
  row->title = row_label (text, "heading", 0);
  row->subtitle = row_label (text, "dim-label", 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), state);
  row->state = row_label (state, "heading", 1);
  row->times = row_label (state, "caption", 1);
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);

  row->pending = gtk_label_new (_("Not yet sent"));
  gtk_widget_set_valign (row->pending, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->pending, "tag");
  gtk_widget_add_css_class (row->pending, "pending");
  gtk_widget_set_tooltip_text (row->pending, _("This change is saved on this desk and will be "
                                               "sent to the server at the next sync"));
  gtk_box_append (GTK_BOX (box), row->pending);

  row->menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (row->menu), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (row->menu), self->row_menu);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (row->menu), select_row_of_button,
                                         self, NULL);
  gtk_widget_set_valign (row->menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->menu, "flat");
  gtk_widget_set_tooltip_text (row->menu, _("Steps at the Desk (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Steps at the desk"), -1);
  g_object_set_data (G_OBJECT (row->menu), "row", row);
  gtk_box_append (GTK_BOX (box), row->menu);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  g_object_set_data_full (G_OBJECT (box), "row", row, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
set_state_label (LoketTodayView *self, GtkLabel *label, LoketRecord *item)
{
  static const char *const classes[] = { "dim-label", "warning", "accent", "success" };
  const char *css_class = NULL;
  g_autofree char *text = describe_state (self, item, &css_class);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_label_set_text (label, text);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, LoketTodayView *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  Row *row = g_object_get_data (G_OBJECT (box), "row");
  LoketRecord *item = gtk_list_item_get_item (list_item);
  const char *customer = loket_record_get_string (item, "customer_name");
  gboolean pending = loket_record_get_int (item, "pending") != 0;
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (item, "start_at"),
                                                    self->timezone);
  g_autofree char *times = describe_times (item);
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) a11y = g_string_new (NULL);

  if (*customer == '\0')
    customer = _("No customer");
  /* Translators: product and desk of an appointment, e.g. "Paspoort · Balie 1" */
  subtitle = g_strdup_printf (_("%s · %s"), loket_record_get_string (item, "product_name"),
                              loket_record_get_string (item, "capacity_name"));

  gtk_label_set_text (row->time, start);
  gtk_label_set_text (row->title, customer);
  gtk_label_set_text (row->subtitle, subtitle);
  set_state_label (self, row->state, item);
  gtk_label_set_text (row->times, times != NULL ? times : "");
  gtk_widget_set_visible (GTK_WIDGET (row->times), times != NULL);
  gtk_widget_set_visible (row->pending, pending);
  /* Hidden but still taking its place, so the column of states does not jump. */
  gtk_widget_set_child_visible (row->menu, offers_any_step (item));

  /* Translators: what a screen reader says for one arrival: time, customer, "product · desk"
   * and its state; the waiting and handling times and "Not yet sent" may follow */
  g_string_printf (a11y, _("%s, %s, %s, %s"), start, customer, subtitle,
                   gtk_label_get_text (row->state));
  if (times != NULL)
    g_string_append_printf (a11y, ". %s", times);
  if (pending)
    g_string_append_printf (a11y, ". %s", _("Not yet sent"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y->str,
                                  -1);
}

/* The row shown for a position (NULL when it is not made), and the list's own widget that
 * holds it (the one that takes the focus). */
static Row *
row_at (LoketTodayView *self, guint position, GtkWidget **holder)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_widget_get_first_child (child);
      Row *row = box != NULL ? g_object_get_data (G_OBJECT (box), "row") : NULL;

      if (row != NULL && gtk_list_item_get_position (row->list_item) == position)
        {
          if (holder != NULL)
            *holder = child;
          return row;
        }
    }
  return NULL;
}

static void
on_row_activated (GtkListView *list_view, guint position, LoketTodayView *self)
{
  Row *row = row_at (self, position, NULL);

  gtk_single_selection_set_selected (self->selection, position);
  if (row != NULL && gtk_widget_get_child_visible (row->menu))
    gtk_menu_button_popup (GTK_MENU_BUTTON (row->menu));
}

/* ---- Selection and focus --------------------------------------------------------------------- */

static LoketRecord *
selected_item (LoketTodayView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static gboolean
focus_in_list (LoketTodayView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->list_view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->list_view) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)));
}

static guint
find_position (LoketTodayView *self, const char *appointment_id)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), appointment_id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
focus_row (LoketTodayView *self, guint position)
{
  GtkWidget *holder = GTK_WIDGET (self->list_view);

  gtk_widget_activate_action (holder, "list.scroll-to-item", "u", position);
  row_at (self, position, &holder);
  gtk_widget_grab_focus (holder);
}

static void
update_actions (LoketTodayView *self)
{
  LoketRecord *item = selected_item (self);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), steps[i].action,
                                   item != NULL && offers_step (item, i));
}

/* ---- The day --------------------------------------------------------------------------------- */

static void
update_summary (LoketTodayView *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint counts[FIGURE_AVERAGE_WAIT] = { 0 }, n_waits = 0;
  gint64 waited = 0;
  g_autofree char *average = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);
      const char *status = loket_record_get_string (item, "status");
      gboolean here = g_str_equal (status, "checked_in");

      counts[FIGURE_EXPECTED] += g_str_equal (status, "booked");
      counts[FIGURE_WAITING] += here && !has_time (item, "started_at");
      counts[FIGURE_SERVING] += here && has_time (item, "started_at");
      counts[FIGURE_DONE] += g_str_equal (status, "done");
      if (!loket_record_is_null (item, "waiting_seconds"))
        {
          waited += MAX (loket_record_get_int (item, "waiting_seconds"), 0);
          n_waits++;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);

      gtk_label_set_text (self->figures[i], text);
    }
  /* Translators: an average waiting time in minutes; "–" when nobody has been called yet */
  average = n_waits > 0 ? g_strdup_printf (_("%d min"), (int) minutes (waited / n_waits))
                        : g_strdup ("–");
  gtk_label_set_text (self->figures[FIGURE_AVERAGE_WAIT], average);
}

/* Today's arrivals: the day's appointments but the cancelled and rejected ones. */
static GListModel *
load_day (LoketTodayView *self, const GDate *day)
{
  LoketAppointmentFilter filter = { .location_id = self->location_id, .from = day,
                                    .until = day };
  g_autoptr(GListModel) all = loket_replica_query_appointments (self->replica, &filter);
  GListStore *arrivals = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (all, i);
      const char *status = loket_record_get_string (item, "status");

      if (!g_str_equal (status, "cancelled") && !g_str_equal (status, "rejected"))
        g_list_store_append (arrivals, item);
    }
  return G_LIST_MODEL (arrivals);
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

/* The same appointment selected again after its row was replaced; the focus back on it when
 * the keyboard was in the list. */
static void
keep_place (LoketTodayView *self, const char *selected_id, gboolean had_focus)
{
  guint position = selected_id != NULL ? find_position (self, selected_id)
                                       : GTK_INVALID_LIST_POSITION;

  if (position != GTK_INVALID_LIST_POSITION &&
      position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
  position = gtk_single_selection_get_selected (self->selection);
  if (had_focus && !focus_in_list (self) && position != GTK_INVALID_LIST_POSITION)
    focus_row (self, position);
}

static void
refresh (LoketTodayView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autofree char *selected_id = g_strdup (loket_today_view_get_selected_id (self));
  gboolean had_focus = focus_in_list (self);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GListModel) fresh = NULL;
  g_autofree char *date = NULL;
  GDate day;

  g_clear_pointer (&self->location_id, g_free);
  if (user != NULL && *loket_record_get_string (user, "location_id") != '\0')
    self->location_id = g_strdup (loket_record_get_string (user, "location_id"));
  if (self->location_id == NULL)
    {
      g_list_store_remove_all (self->store);
      gtk_stack_set_visible_child_name (self->stack, "no-location");
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->timezone, g_time_zone_unref);
  self->timezone = loket_replica_get_timezone (self->replica, self->location_id);
  now = g_date_time_new_now (self->timezone);
  loket_time_local_date (self->timezone, g_date_time_to_unix (now), &day);

  fresh = load_day (self, &day);
  loket_record_store_update (self->store, fresh);
  keep_place (self, selected_id, had_focus);
  update_summary (self);
  update_actions (self);

  date = loket_time_format_day (&day, self->timezone);
  gtk_label_set_text (self->date_label, date);
  adw_status_page_set_description (self->empty_page, date);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (fresh) > 0 ? "list" : "empty");
  schedule_midnight (self, now);
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketTodayView *self)
{
  refresh (self);
}

/* ---- Steps ----------------------------------------------------------------------------------- */

static void
show_toast (LoketTodayView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

static void
take_step (LoketTodayView *self, const char *appointment_id, LoketAppointmentStep step,
           const char *desk)
{
  g_autoptr(GError) error = NULL;

  /* The replica's "changed" refreshes the list and keeps the row selected and focused. */
  if (!loket_replica_appointment_step (self->replica, appointment_id, step, desk, &error))
    show_toast (self, error->message);
}

/* Which counter a workstation calls to is a fact of the workstation, like its session: kept in
 * its replica, so it outlives a restart and is never sent anywhere. */
static void
remember_desk (LoketTodayView *self, const char *desk)
{
  g_autoptr(GError) error = NULL;

  g_free (self->last_desk);
  self->last_desk = g_strdup (desk);
  if (!loket_replica_set_state (self->replica, "call_desk", desk, &error))
    g_debug ("Could not keep the desk name: %s", error->message);
}

static void
on_desk_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *desk = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "call", *desk != '\0');
}

static void
on_call_response (AdwMessageDialog *dialog, const char *response, LoketTodayView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *desk = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "call") || *desk == '\0')
    return;
  remember_desk (self, desk);
  take_step (self, g_object_get_data (G_OBJECT (dialog), "appointment-id"), LOKET_STEP_CALL,
             desk);
}

/* Asks where the customer is called to, offering the desk chosen last (else the capacity the
 * appointment is for), so calling the next customer to the same desk is Enter. */
static void
ask_desk (LoketTodayView *self, LoketRecord *item)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *customer = loket_record_get_string (item, "customer_name");
  const char *desk = self->last_desk != NULL && *self->last_desk != '\0'
                     ? self->last_desk : loket_record_get_string (item, "capacity_name");
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("Call Customer"), NULL));
  if (*customer != '\0')
    /* Translators: asked when calling a customer; %s is their name */
    adw_message_dialog_format_body (dialog, _("To which desk is %s called?"), customer);
  else
    adw_message_dialog_set_body (dialog, _("To which desk is the customer called?"));
  gtk_widget_set_name (entry, "call-desk-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), desk);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Desk"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "call", _("C_all"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "call", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "call");
  adw_message_dialog_set_close_response (dialog, "cancel");
  on_desk_changed (GTK_EDITABLE (entry), dialog);
  g_object_set_data_full (G_OBJECT (dialog), "appointment-id",
                          g_strdup (loket_record_get_id (item)), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_desk_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_call_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketTodayView *self = LOKET_TODAY_VIEW (widget);
  LoketRecord *item = selected_item (self);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (!g_str_equal (steps[i].action, action_name))
        continue;
      if (item == NULL || !offers_step (item, i))
        return;
      if (steps[i].step == LOKET_STEP_CALL)
        ask_desk (self, item);
      else
        take_step (self, loket_record_get_id (item), steps[i].step, NULL);
      return;
    }
  g_assert_not_reached ();
}

/* ---- Building -------------------------------------------------------------------------------- */

static GMenuModel *
build_row_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(steps[i].label), steps[i].action);

      /* Only the steps the visit can take now are offered. */
      g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
      if (steps[i].key != 0)
        {
          g_autofree char *accel = gtk_accelerator_name (steps[i].key, steps[i].mods);

          g_menu_item_set_attribute (item, "accel", "s", accel);
        }
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static GtkWidget *
build_header (LoketTodayView *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 36);

  self->date_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->date_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->date_label), "title-2");
  for (guint i = 0; i < G_N_ELEMENTS (self->figures); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *caption = gtk_label_new (_(figure_captions[i]));

      self->figures[i] = GTK_LABEL (gtk_label_new ("0"));
      gtk_widget_set_name (GTK_WIDGET (self->figures[i]), figure_names[i]);
      gtk_widget_add_css_class (GTK_WIDGET (self->figures[i]), "title-2");
      gtk_widget_add_css_class (GTK_WIDGET (self->figures[i]), "numeric");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->figures[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(figure_captions[i]), -1);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->figures[i]));
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (figures), box);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (figures), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Today so far"), -1);

  gtk_widget_set_margin_top (header, 18);
  gtk_widget_set_margin_bottom (header, 12);
  gtk_widget_set_margin_start (header, 18);
  gtk_widget_set_margin_end (header, 18);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->date_label));
  gtk_box_append (GTK_BOX (header), figures);
  return header;
}

static GtkWidget *
build_list (LoketTodayView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (
                                                        g_object_ref (self->selection)),
                                                      factory));
  gtk_widget_set_name (GTK_WIDGET (self->list_view), "today-list");
  gtk_list_view_set_show_separators (self->list_view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Today's arrivals"), -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_row_activated), self);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

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
  self->last_desk = loket_replica_dup_state (self->replica, "call_desk");
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
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->row_menu);
  g_clear_pointer (&self->timezone, g_time_zone_unref);
  g_clear_pointer (&self->location_id, g_free);
  g_clear_pointer (&self->last_desk, g_free);

  G_OBJECT_CLASS (loket_today_view_parent_class)->dispose (object);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_today_view_constructed;
  object_class->dispose = loket_today_view_dispose;
  object_class->set_property = loket_today_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      gtk_widget_class_install_action (widget_class, steps[i].action, NULL, step_action);
      if (steps[i].key != 0)
        gtk_widget_class_add_binding_action (widget_class, steps[i].key, steps[i].mods,
                                             steps[i].action, NULL);
      if (steps[i].key == GDK_KEY_Return)
        gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, steps[i].mods,
                                             steps[i].action, NULL);
    }
}

static void
loket_today_view_init (LoketTodayView *self)
{
  GtkWidget *list_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  self->row_menu = build_row_menu ();
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (update_actions), self);

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

  gtk_box_append (GTK_BOX (list_page), build_header (self));
  gtk_box_append (GTK_BOX (list_page), build_list (self));
  gtk_stack_add_named (self->stack, list_page, "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->no_location_page), "no-location");
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->toasts));
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

gboolean
loket_today_view_select_appointment (LoketTodayView *self, const char *appointment_id)
{
  guint position;

  g_return_val_if_fail (LOKET_IS_TODAY_VIEW (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  position = find_position (self, appointment_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  focus_row (self, position);
  return TRUE;
}

const char *
loket_today_view_get_selected_id (LoketTodayView *self)
{
  LoketRecord *item;

  g_return_val_if_fail (LOKET_IS_TODAY_VIEW (self), NULL);

  item = selected_item (self);
  return item != NULL ? loket_record_get_id (item) : NULL;
}
