/* loket-closure-dialog.c — closing an agenda and moving what was booked in it.
 *
 * Three pages in one window: the closure (what, from, until, kind, reason), then the
 * appointments it covers with "Move All", then what moving did.  Each page is reached only
 * forward: once added, a closure is a change in the outbox like any other, and the appointments
 * it covers stay where they are until someone moves them (here, or one by one in the agenda).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-closure-dialog.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-rules.h"
#include "loket-time.h"

struct _LoketClosureDialog
{
  AdwWindow      parent_instance;

  LoketReplica  *replica;
  char          *location_id;
  char          *capacity_id;     /* asked for at construction; NULL: the whole location */
  GPtrArray     *capacity_ids;    /* by capacity_row position; NULL first: the whole location */
  GTimeZone     *tz;
  GDate          from;
  GDate          until;
  gboolean       may_close;
  char          *closure_id;      /* once added */
  GListStore    *affected;
  GListStore    *unmoved;

  GtkButton     *dismiss_button;
  GtkWidget     *close_button;
  GtkWidget     *move_button;
  GtkLabel      *error_label;
  GtkStack      *stack;
  AdwComboRow   *capacity_row;
  GtkMenuButton *from_button;
  GtkMenuButton *until_button;
  GtkCalendar   *from_calendar;
  GtkCalendar   *until_calendar;
  AdwComboRow   *kind_row;
  AdwEntryRow   *reason_row;
  GtkLabel      *affected_title;
  GtkListView   *affected_list;
  GtkLabel      *result_title;
  GtkLabel      *unmoved_hint;
  GtkWidget     *unmoved_scroller;
  GtkListView   *unmoved_list;
};

G_DEFINE_FINAL_TYPE (LoketClosureDialog, loket_closure_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  PROP_CAPACITY_ID,
  PROP_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* By kind_row position, as the template lists them. */
static const char *const kinds[] = { "sluiting", "afwezigheid", "feestdag" };

/* ---- Appointment rows (both lists) ------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *const parts[] = { "heading", "dim-label", "numeric" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, parts[i]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_list_item_set_child (list_item, box);
}

/* "ma 23 nov 09:10" in the location's zone. */
static char *
format_start (LoketClosureDialog *self, const char *start_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *clock = loket_time_format_clock (start_at, self->tz);
  gint64 start;

  if (!loket_protocol_parse_time (start_at, &start))
    return g_strdup (start_at);
  utc = g_date_time_new_from_unix_utc (start);
  local = g_date_time_to_timezone (utc, self->tz);
  day = g_date_time_format (local, "%a %-e %b");
  /* Translators: a day and a time, e.g. "ma 23 nov 09:10" */
  return g_strdup_printf (_("%s %s"), day, clock);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, LoketClosureDialog *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *phone = gtk_widget_get_next_sibling (subtitle);
  LoketRecord *item = gtk_list_item_get_item (list_item);
  const char *customer = loket_record_get_string (item, "customer_name");
  const char *number = loket_record_get_string (item, "customer_phone");
  g_autofree char *start = format_start (self, loket_record_get_string (item, "start_at"));
  g_autofree char *line = NULL;
  g_autofree char *details = NULL;
  g_autofree char *phone_line = NULL;
  g_autofree char *a11y = NULL;

  /* Translators: when and who, e.g. "ma 23 nov 09:10 · Jan de Vries" */
  line = g_strdup_printf (_("%s · %s"), start, *customer != '\0' ? customer : _("No customer"));
  /* Translators: product and desk of an appointment, e.g. "Paspoort · Balie 1" */
  details = g_strdup_printf (_("%s · %s"), loket_record_get_string (item, "product_name"),
                             loket_record_get_string (item, "capacity_name"));
  /* Translators: a customer's phone number, to call them */
  phone_line = *number != '\0' ? g_strdup_printf (_("Phone %s"), number) : NULL;
  gtk_label_set_text (GTK_LABEL (title), line);
  gtk_label_set_text (GTK_LABEL (subtitle), details);
  gtk_label_set_text (GTK_LABEL (phone), phone_line != NULL ? phone_line : "");
  gtk_widget_set_visible (phone, phone_line != NULL);
  a11y = g_strjoin (", ", line, details, phone_line, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
set_up_list (LoketClosureDialog *self, GtkListView *list_view, GListStore *store)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (list_view, factory);
  gtk_list_view_set_model (list_view, GTK_SELECTION_MODEL (selection));
}

/* ---- The closure ------------------------------------------------------------------------------ */

static void
show_error (LoketClosureDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
read_calendar (GtkCalendar *calendar, GDate *day)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);

  g_date_clear (day, 1);
  g_date_set_dmy (day, (GDateDay) g_date_time_get_day_of_month (chosen),
                  (GDateMonth) g_date_time_get_month (chosen),
                  (GDateYear) g_date_time_get_year (chosen));
}

/* The day on its button and in its calendar; selecting it in the calendar calls the
 * day-selected handler again, which finds it shown already. */
static void
show_day (LoketClosureDialog *self, GtkMenuButton *button, GtkCalendar *calendar,
          const GDate *day)
{
  g_autofree char *text = loket_time_format_day (day, self->tz);
  GDate shown;

  gtk_menu_button_set_label (button, text);
  read_calendar (calendar, &shown);
  if (g_date_compare (&shown, day) != 0)
    {
      g_autoptr(GDateTime) noon = g_date_time_new (self->tz, g_date_get_year (day),
                                                   g_date_get_month (day),
                                                   g_date_get_day (day), 12, 0, 0);

      gtk_calendar_select_day (calendar, noon);
    }
}

static void
update_form (LoketClosureDialog *self)
{
  gboolean ordered = g_date_compare (&self->from, &self->until) <= 0;

  if (!self->may_close)
    show_error (self, _("Only team leaders, coordinators and functional administrators can "
                        "close an agenda."));
  else
    show_error (self, ordered ? NULL : _("The last closed day comes before the first one."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "closure.close",
                                 self->may_close && ordered && self->closure_id == NULL);
}

static void
on_from_selected (LoketClosureDialog *self)
{
  read_calendar (self->from_calendar, &self->from);
  show_day (self, self->from_button, self->from_calendar, &self->from);
  /* A closure of one day is the usual case: the last day follows the first. */
  if (g_date_compare (&self->until, &self->from) < 0)
    {
      self->until = self->from;
      show_day (self, self->until_button, self->until_calendar, &self->until);
    }
  update_form (self);
}

static void
on_until_selected (LoketClosureDialog *self)
{
  read_calendar (self->until_calendar, &self->until);
  show_day (self, self->until_button, self->until_calendar, &self->until);
  update_form (self);
}

/* The popover stays open while arrow keys choose a day; Enter closes it. */
static gboolean
on_calendar_key (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, LoketClosureDialog *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (gtk_event_controller_get_widget (
                                                  GTK_EVENT_CONTROLLER (controller)),
                                                GTK_TYPE_POPOVER);

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  gtk_popover_popdown (GTK_POPOVER (popover));
  return TRUE;
}

static void
fill_capacities (LoketClosureDialog *self)
{
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (self->replica,
                                                                   self->location_id);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (names, _("Whole location"));
  g_ptr_array_add (self->capacity_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (capacities); i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);

      gtk_string_list_append (names, loket_record_get_string (capacity, "name"));
      g_ptr_array_add (self->capacity_ids, g_strdup (loket_record_get_id (capacity)));
      if (g_strcmp0 (self->capacity_id, loket_record_get_id (capacity)) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (self->capacity_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->capacity_row, selected);
}

static void
fill_store (GListStore *store, GListModel *records)
{
  g_list_store_remove_all (store);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (records, i);

      g_list_store_append (store, item);
    }
}

static void
show_affected (LoketClosureDialog *self)
{
  g_autoptr(GListModel) affected = loket_replica_list_closure_appointments (self->replica,
                                                                           self->closure_id);
  guint n = g_list_model_get_n_items (affected);
  g_autofree char *title = NULL;

  fill_store (self->affected, affected);
  if (n > 0)
    title = g_strdup_printf (ngettext ("%u appointment was booked in the closure",
                                       "%u appointments were booked in the closure", n), n);
  else
    title = g_strdup (_("No appointments were booked in the closure"));
  gtk_label_set_text (self->affected_title, title);
  gtk_button_set_label (self->dismiss_button, _("_Done"));
  gtk_widget_set_visible (self->close_button, FALSE);
  gtk_widget_set_visible (self->move_button, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "closure.move-all", n > 0);
  gtk_stack_set_visible_child_name (self->stack, "affected");
  gtk_widget_grab_focus (n > 0 ? self->move_button : GTK_WIDGET (self->dismiss_button));
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (widget);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (
                                                    GTK_EDITABLE (self->reason_row))));
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint capacity = adw_combo_row_get_selected (self->capacity_row);
  LoketClosureInput input = {
    .location_id = self->location_id,
    .capacity_id = capacity < self->capacity_ids->len ? self->capacity_ids->pdata[capacity]
                                                      : NULL,
    .from = self->from,
    .until = self->until,
    .kind = kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)],
    .reason = reason,
  };
  g_autoptr(GError) error = NULL;

  if (self->closure_id != NULL)
    return;
  self->closure_id = loket_replica_add_closure (self->replica, &input, &error);
  if (self->closure_id == NULL)
    {
      show_error (self, error->message);
      return;
    }
  update_form (self);
  show_affected (self);
}

/* ---- Moving ----------------------------------------------------------------------------------- */

static void
show_result (LoketClosureDialog *self, GListModel *unmoved, guint n_moved)
{
  guint n = g_list_model_get_n_items (unmoved);
  g_autofree char *title = g_strdup_printf (ngettext ("Moved %u appointment",
                                                      "Moved %u appointments", n_moved),
                                            n_moved);
  g_autofree char *hint = NULL;

  /* The rows carry the customers' phone numbers: the list is whom to call. */
  fill_store (self->unmoved, unmoved);
  if (n > 0)
    hint = g_strdup_printf (ngettext ("%u appointment could not be moved: there is no free time "
                                      "for it. Call the customer to agree on another time.",
                                      "%u appointments could not be moved: there is no free "
                                      "time for them. Call these customers to agree on another "
                                      "time.", n), n);
  else
    hint = g_strdup (_("Every appointment was moved."));
  gtk_label_set_text (self->result_title, title);
  gtk_label_set_text (self->unmoved_hint, hint);
  gtk_widget_set_visible (self->unmoved_scroller, n > 0);
  gtk_widget_set_visible (self->move_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "closure.move-all", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_grab_focus (GTK_WIDGET (self->dismiss_button));
}

static void
move_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(GListModel) unmoved = NULL;
  g_autoptr(GError) error = NULL;
  guint n_moved = 0;

  if (self->closure_id == NULL)
    return;
  unmoved = loket_replica_move_closure_appointments (self->replica, self->closure_id, now,
                                                     &n_moved, &error);
  if (unmoved == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  show_result (self, unmoved, n_moved);
}

/* ---- GObject ---------------------------------------------------------------------------------- */

static void
loket_closure_dialog_constructed (GObject *object)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (object);
  g_autoptr(LoketRecord) user = NULL;

  G_OBJECT_CLASS (loket_closure_dialog_parent_class)->constructed (object);

  g_assert (self->replica != NULL && self->location_id != NULL);
  user = loket_replica_get_user (self->replica);
  self->may_close = user != NULL &&
                    loket_rules_may_close (loket_record_get_string (user, "role_id"));
  self->tz = loket_replica_get_timezone (self->replica, self->location_id);
  if (!g_date_valid (&self->from))
    loket_time_today (self->tz, &self->from);
  self->until = self->from;
  show_day (self, self->from_button, self->from_calendar, &self->from);
  show_day (self, self->until_button, self->until_calendar, &self->until);
  fill_capacities (self);
  set_up_list (self, self->affected_list, self->affected);
  set_up_list (self, self->unmoved_list, self->unmoved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "closure.move-all", FALSE);
  update_form (self);
}

static void
loket_closure_dialog_dispose (GObject *object)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CLOSURE_DIALOG);
  g_clear_object (&self->replica);
  g_clear_object (&self->affected);
  g_clear_object (&self->unmoved);
  g_clear_pointer (&self->capacity_ids, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_closure_dialog_parent_class)->dispose (object);
}

static void
loket_closure_dialog_finalize (GObject *object)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (object);

  g_free (self->location_id);
  g_free (self->capacity_id);
  g_free (self->closure_id);

  G_OBJECT_CLASS (loket_closure_dialog_parent_class)->finalize (object);
}

static void
loket_closure_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketClosureDialog *self = LOKET_CLOSURE_DIALOG (object);
  const GDate *day;

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_LOCATION_ID:
      self->location_id = g_value_dup_string (value);
      break;
    case PROP_CAPACITY_ID:
      self->capacity_id = g_value_dup_string (value);
      break;
    case PROP_DAY:
      day = g_value_get_boxed (value);
      if (day != NULL && g_date_valid (day))
        self->from = *day;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_closure_dialog_class_init (LoketClosureDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = loket_closure_dialog_constructed;
  object_class->dispose = loket_closure_dialog_dispose;
  object_class->finalize = loket_closure_dialog_finalize;
  object_class->set_property = loket_closure_dialog_set_property;

  properties[PROP_REPLICA] = g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                                                  flags);
  properties[PROP_LOCATION_ID] = g_param_spec_string ("location-id", NULL, NULL, NULL, flags);
  properties[PROP_CAPACITY_ID] = g_param_spec_string ("capacity-id", NULL, NULL, NULL, flags);
  properties[PROP_DAY] = g_param_spec_boxed ("day", NULL, NULL, G_TYPE_DATE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-closure-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, move_button);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, from_button);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, until_button);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, until_calendar);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, affected_title);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, affected_list);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, result_title);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, unmoved_hint);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, unmoved_scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketClosureDialog, unmoved_list);
  gtk_widget_class_bind_template_callback (widget_class, on_from_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_until_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_key);

  gtk_widget_class_install_action (widget_class, "closure.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "closure.move-all", NULL, move_all_action);
  /* Ctrl+Enter goes forward on either page: the action of the other page is disabled. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "closure.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "closure.move-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "closure.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "closure.move-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_closure_dialog_init (LoketClosureDialog *self)
{
  g_date_clear (&self->from, 1);
  g_date_clear (&self->until, 1);
  self->capacity_ids = g_ptr_array_new_with_free_func (g_free);
  self->affected = g_list_store_new (LOKET_TYPE_RECORD);
  self->unmoved = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_closure_dialog_new (LoketReplica *replica, const char *location_id,
                          const char *capacity_id, const GDate *day)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (location_id != NULL, NULL);
  g_return_val_if_fail (day == NULL || g_date_valid (day), NULL);

  return g_object_new (LOKET_TYPE_CLOSURE_DIALOG, "replica", replica,
                       "location-id", location_id, "capacity-id", capacity_id, "day", day,
                       NULL);
}

const char *
loket_closure_dialog_get_closure_id (LoketClosureDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CLOSURE_DIALOG (self), NULL);

  return self->closure_id;
}
