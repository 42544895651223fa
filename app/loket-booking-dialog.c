/* loket-booking-dialog.c — book a visit at the desk or on the phone, by keyboard.
 *
 * Seven steps in one window: products, location, day, time, customer, details, check.  The
 * sidebar lists the steps with what was chosen, so it doubles as the summary a clerk reads back
 * on the phone; Alt+1…7 jumps to a step, Enter in a step's main field chooses and goes on,
 * Escape goes back, Ctrl+Enter books as soon as everything is filled in.  After booking the
 * window shows the confirmation with Print and Save as .ics.
 *
 * Everything comes from and goes to the replica, so booking works offline.  When a booking
 * fails the dialog stays open with everything as typed and says what to do.  The other parts
 * of this type are listed in loket-booking-dialog-private.h.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-booking-dialog-private.h"
#include "loket-confirmation.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-cases.h"
#include "loket-time.h"

G_DEFINE_FINAL_TYPE (LoketBookingDialog, loket_booking_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  PROP_DAY,
  N_PROPS
};

enum {
  BOOKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of mode_row. */
static const char *const modes[] = { "fysiek", "digitaal", "hybride" };

static const char *const step_pages[] = {
  "products", "location", "day", "time", "customer", "details", "confirm", "booked",
};

/* Details ----------------------------------------------------------------------------------- */

char *
loket_booking_dialog_dup_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static const char *
chosen_mode (LoketBookingDialog *self)
{
  return modes[MIN (adw_combo_row_get_selected (self->mode_row), G_N_ELEMENTS (modes) - 1)];
}

static gboolean
video_link_ok (LoketBookingDialog *self)
{
  g_autofree char *link = loket_booking_dialog_dup_text (GTK_EDITABLE (self->video_row));

  /* Optional (the link is often sent later), but when given one the customer can open. */
  return !gtk_widget_get_visible (self->video_row) || *link == '\0' ||
         (g_str_has_prefix (link, "https://") && strlen (link) > strlen ("https://"));
}

static gboolean
reason_ok (LoketBookingDialog *self)
{
  g_autofree char *reason = loket_booking_dialog_dup_text (self->reason_row);

  return *reason != '\0' || !loket_booking_visit_asks_reason (self);
}

static void
update_details (LoketBookingDialog *self)
{
  gboolean asks = loket_booking_visit_asks_reason (self);

  gtk_widget_set_visible (self->video_row, !g_str_equal (chosen_mode (self), "fysiek"));
  gtk_widget_set_visible (self->video_error_row, !video_link_ok (self));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                 asks ? _("_Reason (required), e.g. Expired passport")
                                      : _("_Reason, e.g. Expired passport"));
  if (asks && !reason_ok (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "warning");
}

static void
on_details_changed (LoketBookingDialog *self)
{
  loket_booking_dialog_changed (self);
}

static void
on_details_activated (LoketBookingDialog *self)
{
  loket_booking_dialog_next (self);
}

/* Steps ------------------------------------------------------------------------------------- */

gboolean
loket_booking_dialog_step_complete (LoketBookingDialog *self, BookingStep step)
{
  switch (step)
    {
    case STEP_PRODUCTS: return self->visit_products->len > 0;
    case STEP_LOCATION: return self->location_id != NULL;
    case STEP_DAY:      return self->location_id != NULL && self->day_chosen;
    case STEP_TIME:     return self->start != 0 && self->capacity_id != NULL;
    case STEP_CUSTOMER: return loket_booking_customer_is_ready (self->customer);
    case STEP_DETAILS:  return reason_ok (self) && video_link_ok (self);
    case STEP_CONFIRM:
      for (BookingStep each = STEP_PRODUCTS; each < STEP_CONFIRM; each++)
        if (!loket_booking_dialog_step_complete (self, each))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* Product, location, day and time build on each other; customer and details can come first
 * (on the phone the name is often the first thing said); the check needs everything. */
gboolean
loket_booking_dialog_step_reachable (LoketBookingDialog *self, BookingStep step)
{
  if (self->step == STEP_BOOKED)
    return FALSE;
  switch (step)
    {
    case STEP_LOCATION:
    case STEP_DAY:
    case STEP_TIME:
      return loket_booking_dialog_step_complete (self, step - 1) &&
             loket_booking_dialog_step_reachable (self, step - 1);
    case STEP_CONFIRM:
      return loket_booking_dialog_step_complete (self, STEP_CONFIRM);
    default:
      return TRUE;
    }
}

/* Changes ----------------------------------------------------------------------------------- */

/* Enablement of Next, Back and Book, decided here only. */
static void
update_actions (LoketBookingDialog *self)
{
  gboolean booked = self->step == STEP_BOOKED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.book",
                                 !booked && loket_booking_dialog_step_complete (self, STEP_CONFIRM));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.next",
                                 !booked && self->step < STEP_CONFIRM &&
                                 loket_booking_dialog_step_complete (self, self->step));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.back",
                                 !booked && self->step > STEP_PRODUCTS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.print", booked && self->confirmation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.save-ics",
                                 booked && self->confirmation != NULL);
}

void
loket_booking_dialog_changed (LoketBookingDialog *self)
{
  if (self->customer == NULL || self->visit_products == NULL)
    return; /* still being built */
  update_details (self);
  loket_booking_review_update (self);
  update_actions (self);
}

static void
show_error (LoketBookingDialog *self, const char *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

/* Navigation -------------------------------------------------------------------------------- */

void
loket_booking_dialog_go (LoketBookingDialog *self, BookingStep step)
{
  /* Translators: the booking dialog's subtitle, e.g. "Step 2 of 7: Location" */
  g_autofree char *subtitle = g_strdup_printf (_("Step %d of %d: %s"), step + 1, N_STEPS,
                                               loket_booking_review_step_title (step));

  if (step >= N_STEPS || !loket_booking_dialog_step_reachable (self, step))
    return;
  self->step = step;
  self->visited[step] = TRUE;
  gtk_stack_set_visible_child_name (self->stack, step_pages[step]);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->next_button, step < STEP_CONFIRM);
  gtk_list_box_select_row (self->steps_list, GTK_LIST_BOX_ROW (self->step_rows[step]));
  loket_booking_dialog_changed (self);
  switch (step)
    {
    case STEP_CUSTOMER:
      loket_booking_customer_focus (self->customer);
      break;
    case STEP_DETAILS:
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      break;
    case STEP_CONFIRM:
      gtk_widget_grab_focus (self->book_button);
      break;
    default:
      loket_booking_visit_focus (self, step);
    }
}

/* On to the first later step that still needs something or was not seen yet (the details are
 * optional but always offered), else to an earlier one that needs something, else the check. */
void
loket_booking_dialog_next (LoketBookingDialog *self)
{
  if (self->step >= STEP_CONFIRM || !loket_booking_dialog_step_complete (self, self->step))
    return;
  for (BookingStep step = self->step + 1; step < STEP_CONFIRM; step++)
    if (!loket_booking_dialog_step_complete (self, step) || !self->visited[step])
      {
        loket_booking_dialog_go (self, step);
        return;
      }
  for (BookingStep step = STEP_PRODUCTS; step < self->step; step++)
    if (!loket_booking_dialog_step_complete (self, step))
      {
        loket_booking_dialog_go (self, step);
        return;
      }
  loket_booking_dialog_go (self, STEP_CONFIRM);
}

static void
next_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  loket_booking_dialog_next (LOKET_BOOKING_DIALOG (widget));
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);

  if (self->step > STEP_PRODUCTS && self->step < STEP_BOOKED)
    loket_booking_dialog_go (self, self->step - 1);
}

/* Escape: a step back, or away from the first step and from the confirmation. */
static void
escape_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);

  if (self->step == STEP_PRODUCTS || self->step == STEP_BOOKED)
    gtk_window_close (GTK_WINDOW (self));
  else
    back_action (widget, name, parameter);
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  loket_booking_dialog_go (LOKET_BOOKING_DIALOG (widget), (BookingStep) g_variant_get_int32 (parameter));
}

static void
on_step_row_activated (LoketBookingDialog *self, GtkListBoxRow *row)
{
  for (BookingStep step = STEP_PRODUCTS; step < N_STEPS; step++)
    if (self->step_rows[step] == GTK_WIDGET (row))
      loket_booking_dialog_go (self, step);
}

/* Booking ----------------------------------------------------------------------------------- */

static char *
booking_error_sentence (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
    return g_strdup (_("This time has just been taken. Please choose another time."));
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    return g_strdup (_("The counter or room is not open at this time. Please choose another time."));
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DATABASE))
    return g_strdup_printf (_("The appointment could not be saved on this desk: %s"), error->message);
  return g_strdup_printf (_("The appointment could not be booked: %s"), error->message);
}

static void
show_booked (LoketBookingDialog *self)
{
  g_autofree char *text = NULL;
  char *body;

  self->confirmation = loket_confirmation_collect (self->replica, self->booked_id);
  text = self->confirmation != NULL ? loket_confirmation_build_text (self->confirmation)
                                    : g_strdup (_("The appointment is booked."));
  /* Without its title line: the page has its own. */
  body = self->confirmation != NULL && strchr (text, '\n') != NULL ? strchr (text, '\n') : text;
  gtk_label_set_text (self->confirmation_label, g_strstrip (body));
  self->step = STEP_BOOKED;
  gtk_stack_set_visible_child_name (self->stack, step_pages[STEP_BOOKED]);
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->next_button, FALSE);
  gtk_widget_set_visible (self->book_button, FALSE);
  gtk_widget_set_visible (self->done_button, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->steps_list), FALSE);
  show_error (self, NULL);
  update_actions (self);
  gtk_widget_grab_focus (self->done_button);
}

static void
book_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);
  g_autofree char *reason = loket_booking_dialog_dup_text (self->reason_row);
  g_autofree char *note = loket_booking_dialog_dup_text (self->note_row);
  g_autofree char *link = loket_booking_dialog_dup_text (GTK_EDITABLE (self->video_row));
  g_autofree LoketVisitItem *items = NULL;
  g_autoptr(GError) error = NULL;
  LoketVisitInput input = { 0 };
  const char *customer_id;

  if (!loket_booking_dialog_step_complete (self, STEP_CONFIRM) || self->step == STEP_BOOKED)
    return;
  customer_id = loket_booking_customer_commit (self->customer, &error);
  if (customer_id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The new customer could not be saved: %s"),
                                               error != NULL ? error->message : "");
      show_error (self, text);
      loket_booking_dialog_go (self, STEP_CUSTOMER);
      return;
    }
  items = loket_booking_visit_items (self, &input.n_items);
  input.items = items;
  input.capacity_id = self->capacity_id;
  input.start = self->start;
  input.customer_id = customer_id;
  input.reason = reason;
  input.mode = chosen_mode (self);
  input.video_link = gtk_widget_get_visible (self->video_row) && *link != '\0' ? link : NULL;
  input.note = note;
  input.open_case = self->case_id == NULL && loket_booking_visit_case_type (self) != NULL;
  input.case_id = self->case_id;

  self->booked_id = loket_replica_book_visit (self->replica, &input, &error);
  if (self->booked_id == NULL)
    {
      g_autofree char *text = booking_error_sentence (error);

      show_error (self, text);
      loket_booking_times_set_day (self, &self->day);
      loket_booking_dialog_go (self, STEP_TIME);
      return;
    }
  g_signal_emit (self, signals[BOOKED], 0, self->booked_id);
  show_booked (self);
}

static void
print_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);

  if (self->confirmation != NULL)
    loket_confirmation_print (self->confirmation, GTK_WINDOW (self));
}

static void
save_ics_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);

  if (self->confirmation != NULL)
    loket_confirmation_save_ics (self->confirmation, GTK_WINDOW (self));
}

/* Wiring ------------------------------------------------------------------------------------ */

/* The focused free time, if any, so a refresh can put the focus back on the same time. */
static gint64
focused_start (LoketBookingDialog *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  LoketRecord *time = focus != NULL ? g_object_get_data (G_OBJECT (focus), "time") : NULL;

  return time != NULL ? loket_record_get_int (time, "start") : 0;
}

static gboolean
refresh_idle_cb (gpointer data)
{
  LoketBookingDialog *self = data;
  gint64 start = focused_start (self);

  self->refresh_idle = 0;
  if (self->step == STEP_BOOKED)
    return G_SOURCE_REMOVE;
  /* The locations only when they may have changed: rebuilding their list loses its focus. */
  if (self->refresh_all)
    loket_booking_visit_refresh (self);
  else
    {
      loket_booking_times_refresh (self);
      loket_booking_dialog_changed (self);
    }
  self->refresh_all = FALSE;
  for (guint part = 0; start != 0 && part < G_N_ELEMENTS (self->time_boxes); part++)
    for (GtkWidget *child = gtk_widget_get_first_child (self->time_boxes[part]); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (loket_record_get_int (g_object_get_data (G_OBJECT (child), "time"), "start") == start)
        {
          gtk_widget_grab_focus (child);
          return G_SOURCE_REMOVE;
        }
  return G_SOURCE_REMOVE;
}

/* A sync or another window changed the replica: the free days and times may have moved. */
static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketBookingDialog *self)
{
  static const char *const times[] = { "appointments", "closures", "availability_rules",
                                       "holidays", NULL };
  static const char *const places[] = { "capacities", "locations", "products", NULL };
  gboolean all = entity == NULL || g_strv_contains (places, entity);

  if (self->step == STEP_BOOKED || (!all && !g_strv_contains (times, entity)))
    return;
  self->refresh_all |= all;
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

static void
loket_booking_dialog_constructed (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);
  GDate today;

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->constructed (object);

  g_return_if_fail (LOKET_IS_REPLICA (self->replica));
  self->tz = loket_replica_get_timezone (self->replica, self->own_location_id);
  loket_time_today (self->tz, &today);
  /* Nothing can be booked in the past. */
  if (!g_date_valid (&self->day) || g_date_compare (&self->day, &today) < 0)
    self->day = today;

  self->customer = LOKET_BOOKING_CUSTOMER (loket_booking_customer_new (self->replica));
  gtk_box_prepend (GTK_BOX (self->customer_page), GTK_WIDGET (self->customer));
  g_signal_connect_swapped (self->customer, "changed", G_CALLBACK (loket_booking_dialog_changed), self);
  g_signal_connect_swapped (self->customer, "done", G_CALLBACK (loket_booking_dialog_next), self);
  loket_booking_visit_init (self);
  loket_booking_times_init (self);
  loket_booking_review_build (self);
  loket_booking_visit_refresh (self);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  loket_booking_dialog_go (self, STEP_PRODUCTS);
}

static void
loket_booking_dialog_dispose (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  self->customer = NULL;
  loket_booking_visit_dispose (self);
  loket_booking_times_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->confirmation);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->dispose (object);
}

static void
loket_booking_dialog_finalize (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->own_location_id);
  g_free (self->location_id);
  g_free (self->capacity_id);
  g_free (self->capacity_name);
  g_free (self->booked_id);
  g_free (self->case_id);
  g_free (self->case_reference);

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->finalize (object);
}

static void
loket_booking_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_LOCATION_ID:
      g_value_set_string (value, self->own_location_id);
      break;
    case PROP_DAY:
      g_value_set_boxed (value, &self->day);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_booking_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_LOCATION_ID:
      self->own_location_id = g_value_dup_string (value);
      break;
    case PROP_DAY:
      if (g_value_get_boxed (value) != NULL && g_date_valid (g_value_get_boxed (value)))
        self->day = *(const GDate *) g_value_get_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-booking-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, name)
  BIND (window_title); BIND (cancel_button); BIND (back_button); BIND (next_button);
  BIND (book_button); BIND (done_button); BIND (steps_list); BIND (error_label); BIND (stack);
  BIND (product_search); BIND (product_results); BIND (visit_list); BIND (visit_label);
  BIND (wheelchair_check); BIND (video_check); BIND (hearing_check); BIND (location_list);
  BIND (no_locations_label); BIND (calendar); BIND (times_page); BIND (day_label);
  BIND (day_previous_button); BIND (no_times_label); BIND (customer_page);
  BIND (double_booking_label); BIND (reason_row); BIND (mode_row); BIND (video_row);
  BIND (video_error_row); BIND (note_row); BIND (summary_group); BIND (summary_warning_label);
  BIND (booked_page); BIND (confirmation_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_step_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_details_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_details_activated);
  loket_booking_visit_bind (widget_class);
  loket_booking_times_bind (widget_class);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                  GDK_KEY_6, GDK_KEY_7 };

  gtk_widget_class_install_action (widget_class, "booking.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "booking.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "booking.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "booking.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "booking.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "booking.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "booking.save-ics", NULL, save_ics_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "booking.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "booking.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "booking.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "booking.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "booking.save-ics", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    gtk_widget_class_add_binding_action (widget_class, digits[i], GDK_ALT_MASK, "booking.step",
                                         "i", (int) i);
}

static void
loket_booking_dialog_class_init (LoketBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_booking_dialog_constructed;
  object_class->dispose = loket_booking_dialog_dispose;
  object_class->finalize = loket_booking_dialog_finalize;
  object_class->get_property = loket_booking_dialog_get_property;
  object_class->set_property = loket_booking_dialog_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The desk's own location, chosen first when it can handle the visit. */
  properties[PROP_LOCATION_ID] =
    g_param_spec_string ("location-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The day first shown; today when unset or in the past. */
  properties[PROP_DAY] =
    g_param_spec_boxed ("day", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted with the new appointment's id once it is saved in the replica. */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LOKET_TYPE_BOOKING_CALENDAR);
  bind_template (widget_class);
  install_actions (widget_class);
}

static void
loket_booking_dialog_init (LoketBookingDialog *self)
{
  static const char *const actions[] = {
    "booking.book", "booking.next", "booking.back", "booking.print", "booking.save-ics",
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->day, 1);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], FALSE);
}

/* Public API -------------------------------------------------------------------------------- */

GtkWidget *
loket_booking_dialog_new (LoketReplica *replica, const char *location_id, const GDate *day)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (location_id != NULL, NULL);

  return g_object_new (LOKET_TYPE_BOOKING_DIALOG, "replica", replica,
                       "location-id", location_id, "day", day, NULL);
}

const GDate *
loket_booking_dialog_get_day (LoketBookingDialog *self)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_DIALOG (self), NULL);

  return &self->day;
}

void
loket_booking_dialog_set_day (LoketBookingDialog *self, const GDate *day)
{
  g_return_if_fail (LOKET_IS_BOOKING_DIALOG (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  loket_booking_times_set_day (self, day);
}

static LoketRecord *
find_product (LoketBookingDialog *self, const char *id)
{
  guint n = g_list_model_get_n_items (self->all_products);

  for (guint i = 0; i < n; i++)
    {
      LoketRecord *product = g_list_model_get_item (self->all_products, i);

      if (g_str_equal (loket_record_get_id (product), id))
        return product;
      g_object_unref (product);
    }
  return NULL;
}

/* The appointment's local day, or today when it has passed. */
static void
appointment_day (LoketBookingDialog *self, LoketRecord *appointment, GDate *day)
{
  g_autoptr(GDateTime) start =
    g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  GDate today;

  loket_time_today (self->tz, &today);
  *day = today;
  if (start != NULL)
    loket_time_local_date (self->tz, g_date_time_to_unix (start), day);
  if (g_date_compare (day, &today) < 0)
    *day = today;
}

gboolean
loket_booking_dialog_add_product (LoketBookingDialog *self, const char *product_id)
{
  g_autoptr(LoketRecord) product = NULL;

  g_return_val_if_fail (LOKET_IS_BOOKING_DIALOG (self), FALSE);
  g_return_val_if_fail (product_id != NULL, FALSE);

  if ((product = find_product (self, product_id)) == NULL)
    return FALSE;
  loket_booking_visit_add_product (self, product, 1);
  return TRUE;
}

gboolean
loket_booking_dialog_for_case (LoketBookingDialog *self, const char *case_id)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(LoketRecord) product = NULL;
  g_autofree char *product_id = NULL;
  const char *customer_id;

  g_return_val_if_fail (LOKET_IS_BOOKING_DIALOG (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  kase = loket_replica_get_case_row (self->replica, case_id);
  product_id = loket_replica_case_visit_product (self->replica, case_id);
  if (kase == NULL || product_id == NULL || (product = find_product (self, product_id)) == NULL)
    return FALSE;
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_free (self->case_reference);
  self->case_reference = g_strdup (loket_record_get_string (kase, "reference"));
  gtk_window_set_title (GTK_WINDOW (self), _("Book for a Case"));
  adw_window_title_set_title (self->window_title, _("Book for a Case"));
  adw_window_title_set_subtitle (self->window_title, self->case_reference);
  loket_booking_visit_add_product (self, product, 1);
  customer_id = loket_record_get_string (kase, "customer_id");
  if (*customer_id != '\0')
    loket_booking_customer_choose (self->customer, customer_id,
                                   loket_record_get_string (kase, "customer_name"));
  return TRUE;
}

void
loket_booking_dialog_rebook (LoketBookingDialog *self, LoketRecord *appointment)
{
  g_autoptr(LoketRecord) product = NULL;
  const char *mode, *customer_id;
  GDate from, day;

  g_return_if_fail (LOKET_IS_BOOKING_DIALOG (self));
  g_return_if_fail (LOKET_IS_RECORD (appointment));

  gtk_window_set_title (GTK_WINDOW (self), _("Book Again"));
  adw_window_title_set_title (self->window_title, _("Book Again"));
  mode = loket_record_get_string (appointment, "mode");
  customer_id = loket_record_get_string (appointment, "customer_id");
  product = find_product (self, loket_record_get_string (appointment, "product_id"));
  if (product != NULL)
    loket_booking_visit_add_product (self, product, 1);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (modes[i], mode))
      adw_combo_row_set_selected (self->mode_row, i);
  gtk_editable_set_text (self->reason_row, loket_record_get_string (appointment, "reason"));
  if (*customer_id != '\0')
    loket_booking_customer_choose (self->customer, customer_id,
                                   loket_record_get_string (appointment, "customer_name"));
  /* From its day on, so the free times shown are the nearest alternatives. */
  appointment_day (self, appointment, &from);
  if (!loket_booking_times_first_free_day (self, &from, &day))
    day = from;
  loket_booking_times_set_day (self, &day);
  /* Everything but the time is known: Next after it goes to the check. */
  self->visited[STEP_PRODUCTS] = self->visited[STEP_LOCATION] = self->visited[STEP_DAY] = TRUE;
  self->visited[STEP_CUSTOMER] = self->visited[STEP_DETAILS] = TRUE;
  loket_booking_dialog_go (self, STEP_TIME);
}
