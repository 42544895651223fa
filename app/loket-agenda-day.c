/* loket-agenda-day.c — the day grid: a time axis and a column per capacity.
 *
 * The rows are LoketAgendaTimeRow items of a GtkColumnView: one per start time, and one more
 * for each further appointment that starts then at the same capacity.  Empty rows mark the full
 * hours, so the axis reads as a day even where nobody is booked.  Only the rows on screen have
 * widgets; a refresh replaces only the rows that changed.
 *
 * Each appointment is a button (its cell's child), so it takes the keyboard focus, is read out
 * by a screen reader, and opens with Enter, Space or a click.  The arrow keys are taken before
 * the list sees them and move the focus between appointments in two dimensions.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-agenda-day.h"
#include "loket-agenda-time-row.h"
#include "loket-protocol.h"
#include "loket-time.h"

#define FOCUS_FRAMES 10

struct _LoketAgendaDay {
  AdwBin         parent_instance;

  GtkWidget     *scroller;
  GtkColumnView *column_view;
  GListStore    *rows;          /* LoketAgendaTimeRow */
  GPtrArray     *capacity_ids;  /* char *, one per capacity column */
  GPtrArray     *columns;       /* GtkColumnViewColumn, one per capacity column */
  GTimeZone     *tz;
  guint          n_appointments;
  LoketRecord   *selected;
  char          *focus_id;      /* an appointment to focus once its row is on screen */
  guint          focus_frames;
  guint          focus_tick;
};

G_DEFINE_FINAL_TYPE (LoketAgendaDay, loket_agenda_day, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ACTIVATE_APPOINTMENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Selection ---------------------------------------------------------------------------------- */

static void
set_selected (LoketAgendaDay *self, LoketRecord *appointment)
{
  if (self->selected == appointment)
    return;
  g_set_object (&self->selected, appointment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* Where an appointment is in the grid. */
static gboolean
find_cell (LoketAgendaDay *self, const char *id, guint *row, guint *column)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint r = 0; id != NULL && r < n; r++)
    {
      g_autoptr(LoketAgendaTimeRow) time_row = g_list_model_get_item (G_LIST_MODEL (self->rows), r);

      for (guint c = 0; c < loket_agenda_time_row_get_n_columns (time_row); c++)
        {
          LoketRecord *appointment = loket_agenda_time_row_get (time_row, c);

          if (appointment != NULL && g_str_equal (loket_record_get_id (appointment), id))
            {
              *row = r;
              *column = c;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static LoketRecord *
cell_at (LoketAgendaDay *self, guint row, guint column)
{
  g_autoptr(LoketAgendaTimeRow) time_row = g_list_model_get_item (G_LIST_MODEL (self->rows), row);

  return time_row != NULL ? loket_agenda_time_row_get (time_row, column) : NULL;
}

/* The button on screen that shows an appointment, if any. */
static GtkWidget *
find_button (GtkWidget *widget, const char *id)
{
  LoketRecord *shown = g_object_get_data (G_OBJECT (widget), "appointment");

  if (shown != NULL && GTK_IS_BUTTON (widget))
    return g_str_equal (loket_record_get_id (shown), id) && gtk_widget_get_mapped (widget)
           ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The column view scrolls sideways as a whole; keep the focused block in sight. */
static void
scroll_into_view (LoketAgendaDay *self, GtkWidget *button)
{
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  double width = gtk_widget_get_width (self->scroller);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (button, self->scroller, &bounds))
    return;
  if (bounds.origin.x < 0)
    gtk_adjustment_set_value (h, gtk_adjustment_get_value (h) + bounds.origin.x - 12);
  else if (bounds.origin.x + bounds.size.width > width)
    gtk_adjustment_set_value (h, gtk_adjustment_get_value (h) +
                                 bounds.origin.x + bounds.size.width - width + 12);
}

static gboolean
try_focus (LoketAgendaDay *self)
{
  GtkWidget *button = find_button (GTK_WIDGET (self->column_view), self->focus_id);

  if (button == NULL)
    return FALSE;
  gtk_widget_grab_focus (button);
  scroll_into_view (self, button);
  return TRUE;
}

static gboolean
focus_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  LoketAgendaDay *self = LOKET_AGENDA_DAY (widget);

  if (try_focus (self) || ++self->focus_frames >= FOCUS_FRAMES)
    {
      self->focus_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Scrolls to a cell and focuses its button as soon as the row has been laid out. */
static void
focus_cell (LoketAgendaDay *self, guint row, guint column)
{
  LoketRecord *appointment = cell_at (self, row, column);
  GtkWidget *list = loket_agenda_column_view_get_list (self->column_view);

  if (appointment == NULL)
    return;
  set_selected (self, appointment);
  g_free (self->focus_id);
  self->focus_id = g_strdup (loket_record_get_id (appointment));
  if (list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", row);
  if (try_focus (self))
    return;
  self->focus_frames = 0;
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
}

/* Keyboard ------------------------------------------------------------------------------------- */

/* The appointment button that has the focus, and its place in the grid. */
static gboolean
focused_cell (LoketAgendaDay *self, guint *row, guint *column)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  LoketRecord *shown;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return FALSE;
  shown = g_object_get_data (G_OBJECT (focus), "appointment");
  return shown != NULL && find_cell (self, loket_record_get_id (shown), row, column);
}

static gboolean
move_vertically (LoketAgendaDay *self, guint row, guint column, int step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (gint64 r = (gint64) row + step; r >= 0 && r < n; r += step)
    if (cell_at (self, (guint) r, column) != NULL)
      {
        focus_cell (self, (guint) r, column);
        return TRUE;
      }
  return FALSE;
}

/* The nearest row to row with an appointment in column. */
static gboolean
nearest_in_column (LoketAgendaDay *self, guint row, guint column, guint *found)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint d = 0; d < n; d++)
    {
      if (row >= d && cell_at (self, row - d, column) != NULL)
        *found = row - d;
      else if (row + d < n && cell_at (self, row + d, column) != NULL)
        *found = row + d;
      else
        continue;
      return TRUE;
    }
  return FALSE;
}

static gboolean
move_sideways (LoketAgendaDay *self, guint row, guint column, int step)
{
  guint found;

  for (gint64 c = (gint64) column + step; c >= 0 && c < self->capacity_ids->len; c += step)
    if (nearest_in_column (self, row, (guint) c, &found))
      {
        focus_cell (self, found, (guint) c);
        return TRUE;
      }
  return FALSE;
}

/* Home and End: the first or last appointment of the capacity. */
static void
move_to_end (LoketAgendaDay *self, guint column, gboolean last)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint i = 0; i < n; i++)
    {
      guint r = last ? n - 1 - i : i;

      if (cell_at (self, r, column) != NULL)
        {
          focus_cell (self, r, column);
          return;
        }
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, LoketAgendaDay *self)
{
  guint row, column;

  /* Alt+Left and friends belong to the agenda; Shift+Tab and others to GTK. */
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (keyval != GDK_KEY_Up && keyval != GDK_KEY_Down && keyval != GDK_KEY_Left &&
      keyval != GDK_KEY_Right && keyval != GDK_KEY_Home && keyval != GDK_KEY_End &&
      keyval != GDK_KEY_KP_Up && keyval != GDK_KEY_KP_Down && keyval != GDK_KEY_KP_Left &&
      keyval != GDK_KEY_KP_Right)
    return FALSE;
  if (!focused_cell (self, &row, &column))
    {
      loket_agenda_day_focus_appointment (self);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up: move_vertically (self, row, column, -1); break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: move_vertically (self, row, column, 1); break;
    case GDK_KEY_Left: case GDK_KEY_KP_Left: move_sideways (self, row, column, -1); break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: move_sideways (self, row, column, 1); break;
    case GDK_KEY_Home: move_to_end (self, column, FALSE); break;
    case GDK_KEY_End: move_to_end (self, column, TRUE); break;
    default: break;
    }
  /* Taken even at an edge: the list would move the focus to a row instead. */
  return TRUE;
}

/* Cells ------------------------------------------------------------------------------------------ */

static void
on_block_clicked (GtkButton *button, LoketAgendaDay *self)
{
  LoketRecord *appointment = g_object_get_data (G_OBJECT (button), "appointment");

  if (appointment == NULL)
    return;
  set_selected (self, appointment);
  g_signal_emit (self, signals[ACTIVATE_APPOINTMENT], 0, appointment, button);
}

static void
on_block_focus (GtkEventControllerFocus *controller, LoketAgendaDay *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  LoketRecord *appointment = g_object_get_data (G_OBJECT (button), "appointment");

  if (appointment != NULL)
    set_selected (self, appointment);
}

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaDay *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "agenda-block");
  gtk_widget_set_size_request (button, 220, -1);
  gtk_widget_set_margin_start (button, 3);
  gtk_widget_set_margin_end (button, 3);
  gtk_widget_set_margin_top (button, 2);
  gtk_widget_set_margin_bottom (button, 2);
  gtk_button_set_child (GTK_BUTTON (button), loket_agenda_block_new (LOKET_AGENDA_BLOCK_DEFAULT));
  g_signal_connect (button, "clicked", G_CALLBACK (on_block_clicked), self);
  g_signal_connect (focus, "enter", G_CALLBACK (on_block_focus), self);
  gtk_widget_add_controller (button, focus);
  loket_agenda_remember_item (button, item);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, button);
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaDay *self)
{
  GtkWidget *button = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const char *capacity_name = g_object_get_data (G_OBJECT (factory), "capacity-name");
  LoketRecord *appointment = loket_agenda_time_row_get (gtk_list_item_get_item (item), column);
  g_autofree char *description = NULL;
  g_autofree char *label = NULL;

  gtk_widget_set_visible (button, appointment != NULL);
  if (appointment == NULL)
    {
      g_object_set_data (G_OBJECT (button), "appointment", NULL);
      return;
    }
  g_object_set_data_full (G_OBJECT (button), "appointment", g_object_ref (appointment),
                          g_object_unref);
  loket_agenda_block_bind (gtk_button_get_child (GTK_BUTTON (button)), appointment, self->tz);
  description = loket_agenda_block_describe (gtk_button_get_child (GTK_BUTTON (button)));
  label = g_strdup_printf ("%s, %s", capacity_name, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
cell_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaDay *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "appointment", NULL);
}

static void
time_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, label);
}

/* The axis: the time on the first row of each start; full hours stand out. */
static void
time_bind (GtkSignalListItemFactory *factory, GtkListItem *item, LoketAgendaDay *self)
{
  LoketAgendaTimeRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (loket_agenda_time_row_get_start (row));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
  g_autofree char *text = g_date_time_format (local, "%H:%M");
  gboolean hour = g_date_time_get_minute (local) == 0;

  gtk_label_set_text (GTK_LABEL (label), loket_agenda_time_row_is_first (row) ? text : "");
  gtk_widget_set_css_classes (label, hour ? (const char *[]) { "numeric", "heading", NULL }
                                          : (const char *[]) { "numeric", "dim-label", NULL });
}

/* Columns ---------------------------------------------------------------------------------------- */

static GtkColumnViewColumn *
capacity_column_new (LoketAgendaDay *self, guint index, const char *name)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (index));
  g_object_set_data_full (G_OBJECT (factory), "capacity-name", g_strdup (name), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), self);
  column = gtk_column_view_column_new (name, factory);
  /* Every capacity as wide as the others, whether its cells on screen are empty or not. */
  gtk_column_view_column_set_fixed_width (column, 240);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}

static void
add_capacity (GPtrArray *ids, GPtrArray *names, const char *id, const char *name)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (ids->pdata[i], id))
      return;
  g_ptr_array_add (ids, g_strdup (id));
  g_ptr_array_add (names, g_strdup (name));
}

static gboolean
same_ids (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

/* A column per capacity of the location, and one for any other capacity an appointment of the
 * day is at (a capacity no longer in use still shows what was booked on it). */
static void
update_columns (LoketAgendaDay *self, GListModel *capacities, GListModel *appointments)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (capacities); i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);

      add_capacity (ids, names, loket_record_get_id (capacity),
                    loket_record_get_string (capacity, "name"));
    }
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (appointments, i);

      add_capacity (ids, names, loket_record_get_string (appointment, "capacity_id"),
                    loket_record_get_string (appointment, "capacity_name"));
    }
  if (same_ids (ids, self->capacity_ids))
    {
      for (guint i = 0; i < self->columns->len; i++)
        gtk_column_view_column_set_title (self->columns->pdata[i], names->pdata[i]);
      return;
    }

  /* Other capacities: the rows' shape changes too, so start from an empty grid. */
  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < self->columns->len; i++)
    gtk_column_view_remove_column (self->column_view, self->columns->pdata[i]);
  g_ptr_array_set_size (self->columns, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      GtkColumnViewColumn *column = capacity_column_new (self, i, names->pdata[i]);

      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->columns, column);
    }
  g_ptr_array_unref (self->capacity_ids);
  self->capacity_ids = g_steal_pointer (&ids);
}

/* Rows -------------------------------------------------------------------------------------------- */

static guint
column_of (LoketAgendaDay *self, const char *capacity_id)
{
  for (guint i = 0; i < self->capacity_ids->len; i++)
    if (g_str_equal (self->capacity_ids->pdata[i], capacity_id))
      return i;
  return G_MAXUINT;
}

/* Empty rows for the full hours after `after` and before `before` (local time). */
static void
add_hour_rows (LoketAgendaDay *self, GPtrArray *rows, gint64 after, gint64 before)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (after);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
  gint64 hour = after + (60 - g_date_time_get_minute (local)) * 60 - g_date_time_get_second (local);

  if (g_date_time_get_minute (local) == 0 && g_date_time_get_second (local) == 0)
    hour = after;
  for (; hour < before; hour += 3600)
    if (hour > after || rows->len == 0)
      g_ptr_array_add (rows, loket_agenda_time_row_new (hour, self->capacity_ids->len, TRUE));
}

static void
place (LoketAgendaDay *self, GPtrArray *rows, guint group, gint64 start, guint column,
       LoketRecord *appointment)
{
  LoketAgendaTimeRow *row;

  for (guint i = group; i < rows->len; i++)
    if (loket_agenda_time_row_put (rows->pdata[i], column, appointment))
      return;
  row = loket_agenda_time_row_new (start, self->capacity_ids->len, rows->len == group);
  loket_agenda_time_row_put (row, column, appointment);
  g_ptr_array_add (rows, row);
}

static GPtrArray *
build_rows (LoketAgendaDay *self, GListModel *appointments)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 group_start = 0;
  guint group = 0;

  self->n_appointments = 0;
  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (appointments, i);
      guint column = column_of (self, loket_record_get_string (appointment, "capacity_id"));
      gint64 start;

      if (column == G_MAXUINT ||
          !loket_protocol_parse_time (loket_record_get_string (appointment, "start_at"), &start))
        continue;
      if (rows->len == 0 || start != group_start)
        {
          /* The hour the day starts in, and every full hour up to this start. */
          add_hour_rows (self, rows, rows->len == 0 ? start - start % 3600 : group_start, start);
          group_start = start;
          group = rows->len;
        }
      place (self, rows, group, start, column, appointment);
      self->n_appointments++;
    }
  return rows;
}

/* Replaces only the differing middle of the rows, as loket_record_store_update does. */
static void
update_rows (LoketAgendaDay *self, GPtrArray *fresh)
{
  GListModel *old = G_LIST_MODEL (self->rows);
  guint old_n = g_list_model_get_n_items (old);
  guint prefix = 0, suffix = 0;

  for (; prefix < old_n && prefix < fresh->len; prefix++)
    {
      g_autoptr(LoketAgendaTimeRow) row = g_list_model_get_item (old, prefix);

      if (!loket_agenda_time_row_equal (row, fresh->pdata[prefix]))
        break;
    }
  for (; suffix < old_n - prefix && suffix < fresh->len - prefix; suffix++)
    {
      g_autoptr(LoketAgendaTimeRow) row = g_list_model_get_item (old, old_n - 1 - suffix);

      if (!loket_agenda_time_row_equal (row, fresh->pdata[fresh->len - 1 - suffix]))
        break;
    }
  if (prefix == old_n && prefix == fresh->len)
    return;
  g_list_store_splice (self->rows, prefix, old_n - prefix - suffix, fresh->pdata + prefix,
                       fresh->len - prefix - suffix);
}

/* Public API -------------------------------------------------------------------------------------- */

void
loket_agenda_day_show (LoketAgendaDay *self, GListModel *capacities, GListModel *appointments,
                       GTimeZone *tz)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
  g_autoptr(GPtrArray) rows = NULL;
  guint row, column;

  g_return_if_fail (LOKET_IS_AGENDA_DAY (self));
  g_return_if_fail (G_IS_LIST_MODEL (capacities) && G_IS_LIST_MODEL (appointments));
  g_return_if_fail (tz != NULL);

  if (self->tz != tz)
    {
      g_clear_pointer (&self->tz, g_time_zone_unref);
      self->tz = g_time_zone_ref (tz);
    }
  update_columns (self, capacities, appointments);
  rows = build_rows (self, appointments);
  update_rows (self, rows);

  /* The selection follows its appointment into the fresh rows, or ends with it. */
  if (self->selected != NULL && find_cell (self, loket_record_get_id (self->selected), &row, &column))
    {
      set_selected (self, cell_at (self, row, column));
      if (had_focus)
        focus_cell (self, row, column);
    }
  else
    set_selected (self, NULL);
}

GListModel *
loket_agenda_day_get_rows (LoketAgendaDay *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_DAY (self), NULL);

  return G_LIST_MODEL (self->rows);
}

guint
loket_agenda_day_get_n_appointments (LoketAgendaDay *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_DAY (self), 0);

  return self->n_appointments;
}

LoketRecord *
loket_agenda_day_get_selected (LoketAgendaDay *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_DAY (self), NULL);

  return self->selected;
}

gboolean
loket_agenda_day_select (LoketAgendaDay *self, const char *appointment_id, gboolean grab_focus)
{
  GtkWidget *list;
  guint row, column;

  g_return_val_if_fail (LOKET_IS_AGENDA_DAY (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  if (!find_cell (self, appointment_id, &row, &column))
    return FALSE;
  if (grab_focus)
    {
      focus_cell (self, row, column);
      return TRUE;
    }
  set_selected (self, cell_at (self, row, column));
  list = loket_agenda_column_view_get_list (self->column_view);
  if (list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", row);
  return TRUE;
}

gboolean
loket_agenda_day_focus_appointment (LoketAgendaDay *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  g_return_val_if_fail (LOKET_IS_AGENDA_DAY (self), FALSE);

  if (self->selected != NULL &&
      loket_agenda_day_select (self, loket_record_get_id (self->selected), TRUE))
    return TRUE;
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < self->capacity_ids->len; c++)
      if (cell_at (self, r, c) != NULL)
        {
          focus_cell (self, r, c);
          return TRUE;
        }
  return FALSE;
}

/* GObject ------------------------------------------------------------------------------------------ */

static void
loket_agenda_day_dispose (GObject *object)
{
  LoketAgendaDay *self = LOKET_AGENDA_DAY (object);

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->selected);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  G_OBJECT_CLASS (loket_agenda_day_parent_class)->dispose (object);
}

static void
loket_agenda_day_finalize (GObject *object)
{
  LoketAgendaDay *self = LOKET_AGENDA_DAY (object);

  g_clear_pointer (&self->capacity_ids, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->focus_id);

  G_OBJECT_CLASS (loket_agenda_day_parent_class)->finalize (object);
}

static void
loket_agenda_day_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketAgendaDay *self = LOKET_AGENDA_DAY (object);

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
loket_agenda_day_class_init (LoketAgendaDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_agenda_day_dispose;
  object_class->finalize = loket_agenda_day_finalize;
  object_class->get_property = loket_agenda_day_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, LOKET_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An appointment was clicked or activated by keyboard; anchor: the widget that shows it. */
  signals[ACTIVATE_APPOINTMENT] =
    g_signal_new ("activate-appointment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, LOKET_TYPE_RECORD, GTK_TYPE_WIDGET);
}

static void
loket_agenda_day_init (LoketAgendaDay *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkColumnViewColumn *time_column;

  self->rows = g_list_store_new (LOKET_TYPE_AGENDA_TIME_ROW);
  self->capacity_ids = g_ptr_array_new_with_free_func (g_free);
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->tz = g_time_zone_new_utc ();

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))))));
  gtk_column_view_set_show_row_separators (self->column_view, TRUE);
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Appointments of the day by counter and room"), -1);
  g_signal_connect (factory, "setup", G_CALLBACK (time_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (time_bind), self);
  time_column = gtk_column_view_column_new (_("Time"), factory);
  gtk_column_view_column_set_fixed_width (time_column, 72);
  gtk_column_view_append_column (self->column_view, time_column);
  g_object_unref (time_column);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->column_view));
  gtk_widget_set_vexpand (self->scroller, TRUE);
  adw_bin_set_child (ADW_BIN (self), self->scroller);
}

GtkWidget *
loket_agenda_day_new (void)
{
  return g_object_new (LOKET_TYPE_AGENDA_DAY, NULL);
}
