/* loket-agenda-view.c — the day view of a location: one column of appointments per capacity.
 *
 * The view owns no data: it asks the replica for the locations, the location's capacities and
 * the day's appointments, and asks again whenever the replica says something changed.  The
 * columns are kept while the capacities stay the same, so focus and selection survive a refresh.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-view.h"
#include "loket-protocol.h"
#include "loket-time.h"
#include "loket-booking-dialog.h"
#include "loket-error.h"
#include "loket-record.h"

typedef struct {
  LoketAgendaView    *view;        /* unowned: the view owns the column */
  char               *capacity_id;
  GtkWidget          *box;
  GtkWidget          *name_label;
  GtkWidget          *kind_label;
  GtkWidget          *list_stack;
  GtkWidget          *list_view;
  GtkSingleSelection *selection;
} AgendaColumn;

struct _LoketAgendaView {
  AdwBin         parent_instance;

  LoketReplica  *replica;
  char          *location_id;
  GDate          date;
  GTimeZone     *tz;
  GListModel    *locations;
  GPtrArray     *columns;          /* AgendaColumn, in the order of the location's capacities */
  LoketRecord   *selected;         /* the selected appointment in any column, or NULL */
  guint          refresh_idle;
  gboolean       updating_dropdown;
  gboolean       updating_selection;

  AdwToastOverlay *toast_overlay;
  GtkLabel        *date_label;
  GtkDropDown     *location_dropdown;
  GtkStack        *stack;
  GtkBox          *columns_box;
  AdwStatusPage   *status_page;
  GtkWidget       *next_button;
};

G_DEFINE_FINAL_TYPE (LoketAgendaView, loket_agenda_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (LoketAgendaView *self);

/* Helpers ---------------------------------------------------------------------------------- */

static const char *
capacity_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "balie") == 0)
    return _("Counter");
  if (g_strcmp0 (kind, "spreekkamer") == 0)
    return _("Consultation room");
  if (g_strcmp0 (kind, "zaal") == 0)
    return _("Meeting room");
  if (g_strcmp0 (kind, "ambtenaar") == 0)
    return _("Registrar");
  return kind;
}

static gboolean
appointment_can_be_cancelled (LoketRecord *appointment)
{
  return appointment != NULL &&
         g_str_equal (loket_record_get_string (appointment, "status"), "booked");
}

static void
show_toast (LoketAgendaView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
show_error (LoketAgendaView *self, const char *what, const GError *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    text = g_strdup_printf ("%s %s", what, _("It no longer exists."));
  else
    text = g_strdup_printf ("%s %s", what, error->message);
  show_toast (self, text);
}

/* Appointment rows: children made in setup, filled in bind ---------------------------------- */

static GtkWidget *
row_label (GtkWidget *parent, const char *key, const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  g_object_set_data (G_OBJECT (parent), key, label);
  return label;
}

/* "09:10–09:20   Checked in  Not yet sent": the time and the tags are never ellipsized. */
static GtkWidget *
row_top_line_new (GtkWidget *row)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *time = row_label (row, "time", "heading");
  GtkWidget *state = row_label (row, "state", "caption-heading");
  GtkWidget *pending = row_label (row, "pending", "caption-heading");

  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_set_hexpand (time, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (time), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (pending), PANGO_ELLIPSIZE_NONE);
  gtk_widget_add_css_class (pending, "warning");
  gtk_label_set_text (GTK_LABEL (pending), _("Not yet sent"));
  gtk_widget_set_tooltip_text (pending, _("Saved on this desk; it goes to the server at the next sync"));
  gtk_box_append (GTK_BOX (top), time);
  gtk_box_append (GTK_BOX (top), state);
  gtk_box_append (GTK_BOX (top), pending);
  return top;
}

/* Why it was cancelled or rejected.  A rejection must stand out: an icon and the server's
 * reason in the error colour, wrapped, never ellipsized. */
static GtkWidget *
row_problem_line_new (GtkWidget *row)
{
  GtkWidget *problem = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *status = row_label (row, "status", NULL);

  gtk_label_set_ellipsize (GTK_LABEL (status), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (status), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (status, TRUE);
  g_object_set_data (G_OBJECT (row), "problem", problem);
  g_object_set_data (G_OBJECT (row), "problem-icon", icon);
  gtk_box_append (GTK_BOX (problem), icon);
  gtk_box_append (GTK_BOX (problem), status);
  return problem;
}

static void
row_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *reason = row_label (row, "reason", "dim-label");

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_add_css_class (reason, "caption");
  gtk_box_append (GTK_BOX (row), row_top_line_new (row));
  gtk_box_append (GTK_BOX (row), row_label (row, "customer", NULL));
  gtk_box_append (GTK_BOX (row), row_label (row, "product", "dim-label"));
  gtk_box_append (GTK_BOX (row), reason);
  gtk_box_append (GTK_BOX (row), row_problem_line_new (row));
  gtk_list_item_set_child (item, row);
}

static void
set_row_text (GtkWidget *row, const char *key, const char *text)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), key);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

/* The tag beside the time; cancelled appointments say so in their own line instead. */
static const char *
state_label (const char *status)
{
  if (g_str_equal (status, "checked_in"))
    return _("Checked in");
  if (g_str_equal (status, "done"))
    return _("Done");
  if (g_str_equal (status, "no_show"))
    return _("No show");
  if (g_str_equal (status, "rejected"))
    return _("Rejected");
  return NULL;
}

/* The line under a cancelled or rejected appointment, or NULL. */
static char *
problem_text (const char *status, const char *reason)
{
  if (g_str_equal (status, "cancelled"))
    return *reason != '\0' ? g_strdup_printf (_("Cancelled: %s"), reason)
                           : g_strdup (_("Cancelled"));
  if (g_str_equal (status, "rejected"))
    return *reason != '\0' ? g_strdup_printf (_("Rejected by the server: %s"),
                                              loket_protocol_describe_reason (reason))
                           : g_strdup (_("Rejected by the server"));
  return NULL;
}

static void
bind_state (GtkWidget *row, const char *status, const char *status_reason)
{
  GtkWidget *state = g_object_get_data (G_OBJECT (row), "state");
  GtkWidget *problem = g_object_get_data (G_OBJECT (row), "problem");
  GtkWidget *status_label = g_object_get_data (G_OBJECT (row), "status");
  gboolean rejected = g_str_equal (status, "rejected");
  gboolean cancelled = g_str_equal (status, "cancelled");
  g_autofree char *line = problem_text (status, status_reason);

  set_row_text (row, "state", state_label (status));
  gtk_widget_remove_css_class (state, "error");
  gtk_widget_remove_css_class (state, "success");
  gtk_widget_remove_css_class (state, "dim-label");
  if (rejected)
    gtk_widget_add_css_class (state, "error");
  else if (g_str_equal (status, "checked_in"))
    gtk_widget_add_css_class (state, "success");
  else if (!g_str_equal (status, "booked"))
    gtk_widget_add_css_class (state, "dim-label");

  gtk_label_set_text (GTK_LABEL (status_label), line != NULL ? line : "");
  gtk_widget_set_visible (problem, line != NULL);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "problem-icon"), rejected);
  if (rejected)
    gtk_widget_add_css_class (problem, "error");
  else
    gtk_widget_remove_css_class (problem, "error");
  gtk_widget_set_tooltip_text (problem, rejected ? _("Select it and press Ctrl+N to book another "
                                                     "time for the same customer") : NULL);

  if (cancelled)
    gtk_widget_add_css_class (row, "dim-label");
  else
    gtk_widget_remove_css_class (row, "dim-label");
}

static void
collect_visible_texts (GtkWidget *widget, GPtrArray *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_texts (child, texts);
}

/* A screen reader reads the row as it is shown: "09:10–09:20, Jan Jansen, Paspoort, …". */
static void
update_row_accessible_label (GtkWidget *row)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autofree char *label = NULL;

  collect_visible_texts (row, texts);
  g_ptr_array_add (texts, NULL);
  label = g_strjoinv (", ", (char **) texts->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
row_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (user_data);
  LoketRecord *appointment = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  const char *status = loket_record_get_string (appointment, "status");
  gboolean pending = loket_record_get_int (appointment, "pending") != 0;
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (appointment, "start_at"), self->tz);
  g_autofree char *end = loket_time_format_clock (loket_record_get_string (appointment, "end_at"), self->tz);
  g_autofree char *time = g_strdup_printf ("%s–%s", start, end);
  const char *customer = loket_record_get_string (appointment, "customer_name");

  set_row_text (row, "time", time);
  set_row_text (row, "customer", *customer != '\0' ? customer : _("No customer"));
  set_row_text (row, "product", loket_record_get_string (appointment, "product_name"));
  set_row_text (row, "reason", loket_record_get_string (appointment, "reason"));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "pending"), pending);
  bind_state (row, status, loket_record_get_string (appointment, "status_reason"));

  update_row_accessible_label (row);
}

/* Columns ---------------------------------------------------------------------------------- */

static void
update_actions (LoketAgendaView *self)
{
  gboolean has_location = self->location_id != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.new-appointment", has_location);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agenda.cancel-appointment",
                                 appointment_can_be_cancelled (self->selected));
}

static void
on_column_selection (GtkSingleSelection *selection, GParamSpec *pspec, AgendaColumn *column)
{
  LoketAgendaView *self = column->view;
  LoketRecord *found = NULL;

  /* One selection across all columns: choosing in one column clears the others. */
  if (gtk_single_selection_get_selected_item (selection) != NULL && !self->updating_selection)
    {
      self->updating_selection = TRUE;
      for (guint i = 0; i < self->columns->len; i++)
        {
          AgendaColumn *other = g_ptr_array_index (self->columns, i);

          if (other != column)
            gtk_single_selection_set_selected (other->selection, GTK_INVALID_LIST_POSITION);
        }
      self->updating_selection = FALSE;
    }

  for (guint i = 0; i < self->columns->len && found == NULL; i++)
    {
      AgendaColumn *each = g_ptr_array_index (self->columns, i);

      found = gtk_single_selection_get_selected_item (each->selection);
    }
  g_set_object (&self->selected, found);
  update_actions (self);
}

static AgendaColumn *
agenda_column_new (LoketAgendaView *self, LoketRecord *capacity)
{
  AgendaColumn *column = g_new0 (AgendaColumn, 1);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = gtk_label_new (_("No appointments"));
  const char *name = loket_record_get_string (capacity, "name");
  g_autofree char *list_label = g_strdup_printf (_("Appointments at %s"), name);

  column->view = self;
  column->capacity_id = g_strdup (loket_record_get_id (capacity));
  column->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (column->box, 260, -1);

  column->name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (column->name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (column->name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (column->name_label, "heading");
  column->kind_label = gtk_label_new (capacity_kind_label (loket_record_get_string (capacity, "kind")));
  gtk_label_set_xalign (GTK_LABEL (column->kind_label), 0);
  gtk_widget_add_css_class (column->kind_label, "dim-label");
  gtk_widget_add_css_class (column->kind_label, "caption");
  gtk_box_append (GTK_BOX (column->box), column->name_label);
  gtk_box_append (GTK_BOX (column->box), column->kind_label);

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind), self);
  column->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (column->selection, FALSE);
  gtk_single_selection_set_can_unselect (column->selection, TRUE);
  g_signal_connect (column->selection, "notify::selected-item",
                    G_CALLBACK (on_column_selection), column);
  column->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (column->selection)),
                                         factory);
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (column->list_view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, list_label, -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), column->list_view);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_set_overflow (scroller, GTK_OVERFLOW_HIDDEN);

  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_valign (empty, GTK_ALIGN_START);
  gtk_widget_set_margin_top (empty, 12);
  column->list_stack = gtk_stack_new ();
  gtk_widget_set_vexpand (column->list_stack, TRUE);
  gtk_stack_add_named (GTK_STACK (column->list_stack), scroller, "list");
  gtk_stack_add_named (GTK_STACK (column->list_stack), empty, "empty");
  gtk_box_append (GTK_BOX (column->box), column->list_stack);

  gtk_box_append (self->columns_box, column->box);
  return column;
}

static void
agenda_column_free (gpointer data)
{
  AgendaColumn *column = data;

  g_signal_handlers_disconnect_by_data (column->selection, column);
  gtk_box_remove (column->view->columns_box, column->box);
  g_clear_object (&column->selection);
  g_free (column->capacity_id);
  g_free (column);
}

static gboolean
columns_match (LoketAgendaView *self, GListModel *capacities)
{
  guint n = g_list_model_get_n_items (capacities);

  if (n != self->columns->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);
      AgendaColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (column->capacity_id, loket_record_get_id (capacity)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
update_columns (LoketAgendaView *self, GListModel *capacities)
{
  guint n = g_list_model_get_n_items (capacities);

  if (!columns_match (self, capacities))
    {
      g_ptr_array_set_size (self->columns, 0);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);

          g_ptr_array_add (self->columns, agenda_column_new (self, capacity));
        }
      return;
    }
  /* Same capacities: names may still have changed. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);
      AgendaColumn *column = g_ptr_array_index (self->columns, i);

      gtk_label_set_text (GTK_LABEL (column->name_label), loket_record_get_string (capacity, "name"));
      gtk_label_set_text (GTK_LABEL (column->kind_label),
                          capacity_kind_label (loket_record_get_string (capacity, "kind")));
    }
}

static guint
find_in_model (GListModel *model, const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      if (g_strcmp0 (loket_record_get_id (record), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Hands each column the day's appointments at its capacity, keeping the selection. */
static void
fill_columns (LoketAgendaView *self, GListModel *appointments)
{
  g_autofree char *selected_id = NULL;
  guint n = g_list_model_get_n_items (appointments);

  if (self->selected != NULL)
    selected_id = g_strdup (loket_record_get_id (self->selected));

  for (guint c = 0; c < self->columns->len; c++)
    {
      AgendaColumn *column = g_ptr_array_index (self->columns, c);
      g_autoptr(GListStore) store = g_list_store_new (LOKET_TYPE_RECORD);
      guint position;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LoketRecord) appointment = g_list_model_get_item (appointments, i);

          if (g_strcmp0 (loket_record_get_string (appointment, "capacity_id"),
                         column->capacity_id) == 0)
            g_list_store_append (store, appointment);
        }
      gtk_single_selection_set_model (column->selection, G_LIST_MODEL (store));
      position = find_in_model (G_LIST_MODEL (store), selected_id);
      if (position != GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (column->selection, position);
      gtk_stack_set_visible_child_name (GTK_STACK (column->list_stack),
                                        g_list_model_get_n_items (G_LIST_MODEL (store)) > 0
                                        ? "list" : "empty");
    }
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
show_empty (LoketAgendaView *self, const char *title, const char *description)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack));

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  /* The list that had the focus is gone; keep the focus in the view so the day keys work. */
  if (had_focus)
    gtk_widget_grab_focus (self->next_button);
}

static void
refresh (LoketAgendaView *self)
{
  g_autoptr(GListModel) capacities = NULL;
  g_autoptr(GListModel) appointments = NULL;
  g_autofree char *day = NULL;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->replica == NULL)
    return;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = loket_replica_get_timezone (self->replica, self->location_id);
  day = loket_time_format_day (&self->date, self->tz);
  gtk_label_set_text (self->date_label, day);

  if (self->location_id == NULL)
    {
      g_ptr_array_set_size (self->columns, 0);
      show_empty (self, _("No Locations"),
                  _("The agenda appears once this desk has synced with the server."));
      update_actions (self);
      return;
    }

  capacities = loket_replica_list_capacities (self->replica, self->location_id);
  appointments = loket_replica_list_appointments (self->replica, self->location_id, &self->date);
  update_columns (self, capacities);
  fill_columns (self, appointments);

  if (g_list_model_get_n_items (appointments) > 0)
    gtk_stack_set_visible_child_name (self->stack, "columns");
  else if (location_closed_on_day (self, capacities))
    show_empty (self, _("Closed"), _("No counter or room at this location is open on this day."));
  else
    show_empty (self, _("No Appointments"), _("Press Ctrl+N to book one."));
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

/* Locations -------------------------------------------------------------------------------- */

static void
select_location_in_dropdown (LoketAgendaView *self)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->locations != NULL)
    position = find_in_model (self->locations, self->location_id);
  self->updating_dropdown = TRUE;
  gtk_drop_down_set_selected (self->location_dropdown, position);
  self->updating_dropdown = FALSE;
}

/* The user's own location when it is among the locations, else the first one. */
static char *
default_location_id (LoketAgendaView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(LoketRecord) first = NULL;

  if (user != NULL &&
      find_in_model (self->locations, loket_record_get_string (user, "location_id"))
      != GTK_INVALID_LIST_POSITION)
    return g_strdup (loket_record_get_string (user, "location_id"));
  if (g_list_model_get_n_items (self->locations) == 0)
    return NULL;
  first = g_list_model_get_item (self->locations, 0);
  return g_strdup (loket_record_get_id (first));
}

static void
reload_locations (LoketAgendaView *self)
{
  g_set_object (&self->locations, NULL);
  self->locations = loket_replica_list_locations (self->replica);
  self->updating_dropdown = TRUE;
  gtk_drop_down_set_model (self->location_dropdown, self->locations);
  self->updating_dropdown = FALSE;

  /* A location that left the user's scope is replaced by the default one. */
  if (find_in_model (self->locations, self->location_id) == GTK_INVALID_LIST_POSITION)
    {
      g_clear_pointer (&self->location_id, g_free);
      self->location_id = default_location_id (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
    }
  select_location_in_dropdown (self);
}

static void
on_location_selected (GtkDropDown *dropdown, GParamSpec *pspec, LoketAgendaView *self)
{
  LoketRecord *location = gtk_drop_down_get_selected_item (dropdown);

  if (self->updating_dropdown || location == NULL)
    return;
  loket_agenda_view_set_location_id (self, loket_record_get_id (location));
}

static void
location_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
location_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  LoketRecord *location = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      loket_record_get_string (location, "name"));
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketAgendaView *self)
{
  /* Entities the agenda does not show; everything else (including NULL) may change it. */
  static const char *const unrelated[] = {
    "cases", "case_types", "case_status_history", "notes", "contact_moments", "kb_articles",
    "teams", "roles", NULL,
  };

  if (entity != NULL && g_strv_contains (unrelated, entity))
    return;
  if (entity == NULL || g_str_equal (entity, "locations") || g_str_equal (entity, "users"))
    reload_locations (self);
  /* A pull changes many rows at once: refresh once, when it is done. */
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* Actions ---------------------------------------------------------------------------------- */

static void
move_day (LoketAgendaView *self, int days)
{
  GDate date = self->date;

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
  if (g_date_compare (day, &self->date) == 0)
    refresh (self);
  else
    loket_agenda_view_set_date (self, day);
  loket_agenda_view_select_appointment (self, appointment_id);
  show_toast (self, _("Appointment booked"));
}

static void
new_appointment_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->location_id == NULL)
    return;
  dialog = loket_booking_dialog_new (self->replica, self->location_id, &self->date);
  /* A rejected booking is offered again: same customer and product, the nearest free times. */
  if (self->selected != NULL &&
      g_str_equal (loket_record_get_string (self->selected, "status"), "rejected"))
    loket_booking_dialog_rebook (LOKET_BOOKING_DIALOG (dialog), self->selected);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "booked", G_CALLBACK (on_booked), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_reason_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "cancel-appointment", *reason != '\0');
}

static void
on_cancel_response (AdwMessageDialog *dialog, const char *response, LoketAgendaView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *id = g_object_get_data (G_OBJECT (dialog), "appointment-id");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "cancel-appointment"))
    return;
  if (!loket_replica_cancel_appointment (self->replica, id, reason, &error))
    show_error (self, _("The appointment could not be cancelled."), error);
  else
    show_toast (self, _("Appointment cancelled"));
}

static void
cancel_appointment_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (widget);
  LoketRecord *appointment = self->selected;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *entry;
  g_autofree char *start = NULL;
  g_autofree char *body = NULL;

  if (!appointment_can_be_cancelled (appointment))
    return;
  start = loket_time_format_clock (loket_record_get_string (appointment, "start_at"), self->tz);
  /* TRANSLATORS: "Jan Jansen, Passport, at 09:10" */
  body = g_strdup_printf (_("%s, %s, at %s. Why is it cancelled?"),
                          loket_record_get_string (appointment, "customer_name"),
                          loket_record_get_string (appointment, "product_name"), start);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Cancel Appointment?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Appointment"),
                                    "cancel-appointment", _("_Cancel Appointment"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel-appointment");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: Customer cancelled by phone"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for cancelling"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_cancel_reason_changed), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "appointment-id",
                          g_strdup (loket_record_get_id (appointment)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
loket_agenda_view_constructed (GObject *object)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);
  g_autoptr(GTimeZone) tz = NULL;

  G_OBJECT_CLASS (loket_agenda_view_parent_class)->constructed (object);

  g_return_if_fail (LOKET_IS_REPLICA (self->replica));
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  reload_locations (self);
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
  if (self->columns != NULL)
    g_ptr_array_set_size (self->columns, 0);
  /* The bin lets go of its child first, so it does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_AGENDA_VIEW);
  g_clear_object (&self->selected);
  g_clear_object (&self->locations);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_agenda_view_parent_class)->dispose (object);
}

static void
loket_agenda_view_finalize (GObject *object)
{
  LoketAgendaView *self = LOKET_AGENDA_VIEW (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->location_id);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_day_shortcuts (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "agenda.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK,
                                       "agenda.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "agenda.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, GDK_ALT_MASK,
                                       "agenda.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK,
                                       "agenda.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, GDK_ALT_MASK,
                                       "agenda.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "agenda.new-appointment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "agenda.cancel-appointment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "agenda.cancel-appointment", NULL);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/loket/Loket/loket-agenda-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, date_label);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, location_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, columns_box);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, status_page);
  gtk_widget_class_bind_template_child (widget_class, LoketAgendaView, next_button);

  gtk_widget_class_install_action (widget_class, "agenda.previous-day", NULL, previous_day_action);
  gtk_widget_class_install_action (widget_class, "agenda.next-day", NULL, next_day_action);
  gtk_widget_class_install_action (widget_class, "agenda.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "agenda.new-appointment", NULL,
                                   new_appointment_action);
  gtk_widget_class_install_action (widget_class, "agenda.cancel-appointment", NULL,
                                   cancel_appointment_action);
  add_day_shortcuts (widget_class);
}

/* Page Up/Down turn the day.  A list view binds them to move its cursor, and class bindings
 * run after the focused child's, so these are caught before the lists see them. */
static void
add_page_shortcuts (LoketAgendaView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                      gtk_named_action_new ("agenda.previous-day")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                      gtk_named_action_new ("agenda.next-day")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
loket_agenda_view_init (LoketAgendaView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->columns = g_ptr_array_new_with_free_func (agenda_column_free);
  g_date_clear (&self->date, 1);

  g_signal_connect (factory, "setup", G_CALLBACK (location_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (location_bind), NULL);
  gtk_drop_down_set_factory (self->location_dropdown, factory);
  g_object_unref (factory);
  g_signal_connect (self->location_dropdown, "notify::selected",
                    G_CALLBACK (on_location_selected), self);
  add_page_shortcuts (self);
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

  if (g_strcmp0 (self->location_id, location_id) == 0)
    return;
  g_free (self->location_id);
  self->location_id = g_strdup (location_id);
  select_location_in_dropdown (self);
  if (g_date_valid (&self->date))
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
}

gboolean
loket_agenda_view_select_appointment (LoketAgendaView *self, const char *appointment_id)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_VIEW (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  for (guint i = 0; i < self->columns->len; i++)
    {
      AgendaColumn *column = g_ptr_array_index (self->columns, i);
      guint position = find_in_model (G_LIST_MODEL (column->selection), appointment_id);

      if (position == GTK_INVALID_LIST_POSITION)
        continue;
      gtk_single_selection_set_selected (column->selection, position);
      gtk_widget_activate_action (column->list_view, "list.scroll-to-item", "u", position);
      gtk_widget_grab_focus (column->list_view);
      return TRUE;
    }
  return FALSE;
}
