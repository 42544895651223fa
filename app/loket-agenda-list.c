/* loket-agenda-list.c — upcoming appointments as a sortable, filtered table.
 *
 * The rows live in a GListStore that a refresh updates in place (loket_record_store_update), a
 * GtkSortListModel sorts them with the column view's sorter, and a single selection follows
 * the clerk.  Each column's cell is one label, made in setup and filled in bind.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-agenda-list.h"

struct _LoketAgendaList {
  AdwBin              parent_instance;

  GListStore         *store;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  GTimeZone          *tz;
  GPtrArray          *capacity_ids;  /* parallel to capacity_dropdown's items; [0] NULL = any */
  GPtrArray          *product_ids;
  gboolean            updating_choices;

  GtkDropDown        *capacity_dropdown;
  GtkDropDown        *product_dropdown;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (LoketAgendaList, loket_agenda_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ACTIVATE_APPOINTMENT,
  FILTER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The status filter's choices, in the order of the drop-down; NULL: any. */
static const char *const statuses[] = {
  NULL, "booked", "checked_in", "done", "no_show", "cancelled", "rejected",
};

typedef enum {
  COLUMN_DAY,
  COLUMN_TIME,
  COLUMN_CAPACITY,
  COLUMN_CUSTOMER,
  COLUMN_PRODUCT,
  COLUMN_STATUS,
} ColumnKind;

/* Cells ------------------------------------------------------------------------------------------ */

static char *
day_text (LoketAgendaList *self, LoketRecord *appointment)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, self->tz) : NULL;

  /* Translators: the day column of the appointment list, e.g. "Tue 24 Nov"; g_date_time_format()
   * codes: %a short weekday, %-e day without padding, %b short month. */
  /* xgettext:no-c-format */
  return local != NULL ? g_date_time_format (local, _("%a %-e %b")) : g_strdup ("");
}

static char *
status_text (LoketRecord *appointment)
{
  const char *status = loket_agenda_status_label (loket_record_get_string (appointment, "status"));

  if (loket_record_get_int (appointment, "pending") != 0)
    /* Translators: a status and that the change has not reached the server yet */
    return g_strdup_printf (_("%s, not yet sent"), status);
  return g_strdup (status);
}

static char *
cell_text (LoketAgendaList *self, ColumnKind kind, LoketRecord *appointment)
{
  const char *customer;

  switch (kind)
    {
    case COLUMN_DAY:
      return day_text (self, appointment);
    case COLUMN_TIME:
      return loket_agenda_format_time_range (appointment, self->tz);
    case COLUMN_CAPACITY:
      return g_strdup (loket_record_get_string (appointment, "capacity_name"));
    case COLUMN_CUSTOMER:
      customer = loket_record_get_string (appointment, "customer_name");
      return g_strdup (*customer != '\0' ? customer : _("No customer"));
    case COLUMN_PRODUCT:
      return g_strdup (loket_record_get_string (appointment, "product_name"));
    case COLUMN_STATUS:
    default:
      return status_text (appointment);
    }
}

static void
on_cell_pressed (GtkGestureClick *gesture, int n_press, double x, double y, LoketAgendaList *self)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *item = loket_agenda_get_item (label);
  LoketRecord *appointment = gtk_list_item_get_item (item);

  if (appointment == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (item));
  g_signal_emit (self, signals[ACTIVATE_APPOINTMENT], 0, appointment, label);
}

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaList *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind")) <= COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_cell_pressed), self);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  loket_agenda_remember_item (label, item);
  gtk_list_item_set_child (item, label);
}

static void
set_status_class (GtkWidget *label, const char *status)
{
  static const char *const classes[] = { "rejected", "cancelled", "checked-in" };
  const char *wanted = g_str_equal (status, "rejected") ? "rejected"
                     : g_str_equal (status, "cancelled") ? "cancelled"
                     : g_str_equal (status, "checked_in") ? "checked-in" : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], wanted) == 0)
      gtk_widget_add_css_class (label, classes[i]);
    else
      gtk_widget_remove_css_class (label, classes[i]);
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaList *self)
{
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));
  LoketRecord *appointment = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, kind, appointment);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (kind == COLUMN_STATUS)
    set_status_class (label, loket_record_get_string (appointment, "status"));
}

/* Columns and sorting ---------------------------------------------------------------------------- */

static char *
record_string (LoketRecord *record, const char *column)
{
  return g_strdup (record != NULL ? loket_record_get_string (record, column) : "");
}

static GtkSorter *
column_sorter (const char *column)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (record_string),
                                                           (gpointer) column, NULL);

  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static GtkColumnViewColumn *
add_column (LoketAgendaList *self, ColumnKind kind, const char *title, const char *sort_key,
            gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = column_sorter (sort_key);
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static void
add_columns (LoketAgendaList *self)
{
  GtkColumnViewColumn *day;

  /* Day and time both sort by the start, which is what the list starts sorted by. */
  day = add_column (self, COLUMN_DAY, _("Day"), "start_at", FALSE);
  add_column (self, COLUMN_TIME, _("Time"), "start_at", FALSE);
  add_column (self, COLUMN_CAPACITY, _("Counter or Room"), "capacity_name", TRUE);
  add_column (self, COLUMN_CUSTOMER, _("Customer"), "customer_name", TRUE);
  add_column (self, COLUMN_PRODUCT, _("Product"), "product_name", TRUE);
  add_column (self, COLUMN_STATUS, _("Status"), "status", FALSE);
  gtk_column_view_sort_by_column (self->column_view, day, GTK_SORT_ASCENDING);
}

static void
on_activate (GtkColumnView *column_view, guint position, LoketAgendaList *self)
{
  g_autoptr(LoketRecord) appointment = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (column_view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (appointment == NULL)
    return;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (column_view)))
    focus = GTK_WIDGET (column_view);
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[ACTIVATE_APPOINTMENT], 0, appointment, focus);
}

static void
on_selected_item (GtkSingleSelection *selection, GParamSpec *pspec, LoketAgendaList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* Filter --------------------------------------------------------------------------------------- */

static void
on_filter_changed (GtkDropDown *dropdown, GParamSpec *pspec, LoketAgendaList *self)
{
  if (!self->updating_choices)
    g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

static const char *
chosen_id (GtkDropDown *dropdown, GPtrArray *ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  return position < ids->len ? ids->pdata[position] : NULL;
}

/* The records' ids and names are those the drop-down offers already. */
static gboolean
same_choices (GtkDropDown *dropdown, GPtrArray *ids, GListModel *records)
{
  GListModel *names = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (records);

  if (names == NULL || ids->len != n + 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i + 1);

      if (g_strcmp0 (ids->pdata[i + 1], loket_record_get_id (record)) != 0 ||
          g_strcmp0 (gtk_string_object_get_string (name), loket_record_get_string (record, "name")) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Fills a drop-down with "any" and the records' names, keeping the chosen one if it is there.
 * Unchanged choices are left alone: a refresh must not close an open drop-down. */
static void
fill_choices (GtkDropDown *dropdown, GPtrArray *ids, const char *any, GListModel *records)
{
  g_autofree char *chosen = g_strdup (chosen_id (dropdown, ids));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint position = 0;

  if (same_choices (dropdown, ids, records))
    return;
  g_ptr_array_set_size (ids, 0);
  g_ptr_array_add (ids, NULL);
  gtk_string_list_append (names, any);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);

      if (g_strcmp0 (chosen, loket_record_get_id (record)) == 0)
        position = ids->len;
      g_ptr_array_add (ids, g_strdup (loket_record_get_id (record)));
      gtk_string_list_append (names, loket_record_get_string (record, "name"));
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, position);
}

/* Public API --------------------------------------------------------------------------------------- */

void
loket_agenda_list_set_choices (LoketAgendaList *self, GListModel *capacities,
                               GListModel *products)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;

  g_return_if_fail (LOKET_IS_AGENDA_LIST (self));

  capacity = g_strdup (chosen_id (self->capacity_dropdown, self->capacity_ids));
  product = g_strdup (chosen_id (self->product_dropdown, self->product_ids));
  self->updating_choices = TRUE;
  fill_choices (self->capacity_dropdown, self->capacity_ids, _("All Counters and Rooms"), capacities);
  fill_choices (self->product_dropdown, self->product_ids, _("All Products"), products);
  self->updating_choices = FALSE;
  /* A choice that went away (another location) widens the filter: ask again. */
  if (g_strcmp0 (capacity, chosen_id (self->capacity_dropdown, self->capacity_ids)) != 0 ||
      g_strcmp0 (product, chosen_id (self->product_dropdown, self->product_ids)) != 0)
    g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

void
loket_agenda_list_get_filter (LoketAgendaList *self, LoketAppointmentFilter *filter)
{
  guint status;

  g_return_if_fail (LOKET_IS_AGENDA_LIST (self));
  g_return_if_fail (filter != NULL);

  status = gtk_drop_down_get_selected (self->status_dropdown);
  filter->capacity_id = chosen_id (self->capacity_dropdown, self->capacity_ids);
  filter->product_id = chosen_id (self->product_dropdown, self->product_ids);
  filter->status = status < G_N_ELEMENTS (statuses) ? statuses[status] : NULL;
}

void
loket_agenda_list_show (LoketAgendaList *self, GListModel *appointments, GTimeZone *tz,
                        gboolean truncated)
{
  g_autofree char *count = NULL;
  g_autofree char *selected_id = NULL;
  LoketRecord *selected;
  guint n;

  g_return_if_fail (LOKET_IS_AGENDA_LIST (self));
  g_return_if_fail (G_IS_LIST_MODEL (appointments) && tz != NULL);

  if (self->tz != tz)
    {
      g_clear_pointer (&self->tz, g_time_zone_unref);
      self->tz = g_time_zone_ref (tz);
    }
  selected = loket_agenda_list_get_selected (self);
  selected_id = selected != NULL ? g_strdup (loket_record_get_id (selected)) : NULL;
  loket_record_store_update (self->store, appointments);
  /* A changed row lost its selection: it is selected again. */
  if (selected_id != NULL && loket_agenda_list_get_selected (self) == NULL)
    loket_agenda_list_select (self, selected_id, FALSE);
  n = g_list_model_get_n_items (appointments);
  if (truncated)
    count = g_strdup_printf (ngettext ("The first %u appointment; narrow the filter to see more",
                                       "The first %u appointments; narrow the filter to see more",
                                       n), n);
  else
    count = g_strdup_printf (ngettext ("%u appointment", "%u appointments", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

GListModel *
loket_agenda_list_get_model (LoketAgendaList *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_LIST (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

LoketRecord *
loket_agenda_list_get_selected (LoketAgendaList *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_LIST (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
loket_agenda_list_select (LoketAgendaList *self, const char *appointment_id, gboolean grab_focus)
{
  GListModel *model;
  GtkWidget *list;

  g_return_val_if_fail (LOKET_IS_AGENDA_LIST (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  model = G_LIST_MODEL (self->sorted);
  list = loket_agenda_column_view_get_list (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      if (!g_str_equal (loket_record_get_id (record), appointment_id))
        continue;
      gtk_single_selection_set_selected (self->selection, i);
      if (list != NULL && grab_focus)
        loket_agenda_focus_list_position (list, i);
      else if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
      return TRUE;
    }
  return FALSE;
}

gboolean
loket_agenda_list_focus_appointment (LoketAgendaList *self)
{
  LoketRecord *selected;
  g_autoptr(LoketRecord) first = NULL;

  g_return_val_if_fail (LOKET_IS_AGENDA_LIST (self), FALSE);

  selected = loket_agenda_list_get_selected (self);
  if (selected != NULL)
    return loket_agenda_list_select (self, loket_record_get_id (selected), TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);
  return first != NULL && loket_agenda_list_select (self, loket_record_get_id (first), TRUE);
}

/* GObject ------------------------------------------------------------------------------------------ */

static void
loket_agenda_list_dispose (GObject *object)
{
  LoketAgendaList *self = LOKET_AGENDA_LIST (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_AGENDA_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (loket_agenda_list_parent_class)->dispose (object);
}

static void
loket_agenda_list_finalize (GObject *object)
{
  LoketAgendaList *self = LOKET_AGENDA_LIST (object);

  g_clear_pointer (&self->capacity_ids, g_ptr_array_unref);
  g_clear_pointer (&self->product_ids, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_agenda_list_parent_class)->finalize (object);
}

static void
loket_agenda_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketAgendaList *self = LOKET_AGENDA_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, loket_agenda_list_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_list_class_init (LoketAgendaListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_agenda_list_dispose;
  object_class->finalize = loket_agenda_list_finalize;
  object_class->get_property = loket_agenda_list_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, LOKET_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE_APPOINTMENT] =
    g_signal_new ("activate-appointment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, LOKET_TYPE_RECORD, GTK_TYPE_WIDGET);
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/loket/Loket/loket-agenda-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, capacity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, count_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaList, column_view);
}

static void
fill_statuses (LoketAgendaList *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Statuses"));
  for (guint i = 1; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (names, loket_agenda_status_label (statuses[i]));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (names));
}

static void
loket_agenda_list_init (LoketAgendaList *self)
{
  GtkExpression *name = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->tz = g_time_zone_new_utc ();
  self->capacity_ids = g_ptr_array_new_with_free_func (g_free);
  self->product_ids = g_ptr_array_new_with_free_func (g_free);

  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected_item), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);
  add_columns (self);

  gtk_drop_down_set_expression (self->product_dropdown, name);
  gtk_expression_unref (name);
  fill_statuses (self);
  g_signal_connect (self->capacity_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->product_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->status_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
}

GtkWidget *
loket_agenda_list_new (void)
{
  return g_object_new (LOKET_TYPE_AGENDA_LIST, NULL);
}
