/* loket-booking-review.c — what the clerk reads back: the sidebar of steps and the check page.
 *
 * Part of LoketBookingDialog (see loket-booking-dialog-private.h).  The sidebar lists the steps
 * with what was chosen in each, so on the phone the whole booking can be read back from it at
 * any moment; the check page says it once more in full, with the case that will be opened and
 * a warning when the customer already has an open appointment for one of the products.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-booking-dialog-private.h"
#include "loket-record.h"
#include "loket-time.h"

enum { SUMMARY_PRODUCTS, SUMMARY_LOCATION, SUMMARY_WHEN, SUMMARY_CUSTOMER, SUMMARY_DETAILS,
       SUMMARY_CASE };

const char *
loket_booking_review_step_title (BookingStep step)
{
  switch (step)
    {
    case STEP_PRODUCTS: return _("Product");
    case STEP_LOCATION: return _("Location");
    case STEP_DAY:      return _("Day");
    case STEP_TIME:     return _("Time");
    case STEP_CUSTOMER: return _("Customer");
    case STEP_DETAILS:  return _("Reason and Mode");
    case STEP_CONFIRM:  return _("Check and Book");
    default:            return "";
    }
}

static char *
clock_of (GTimeZone *tz, gint64 moment)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (moment);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%H:%M");
}

/* "Monday 23 November 2026, 09:10–09:30 at Balie 2": the chosen time as it will be booked. */
static char *
when_words (LoketBookingDialog *self)
{
  g_autofree char *day = loket_time_format_day (&self->day, self->tz);
  g_autofree char *from = clock_of (self->tz, self->start);
  g_autofree char *until = clock_of (self->tz, self->end);
  g_autofree char *clock = g_strdup_printf (_("%s–%s"), from, until);

  /* Translators: when and where, e.g. "Monday 23 November 2026, 09:10–09:30 at Balie 2" */
  return g_strdup_printf (_("%s, %s at %s"), day, clock,
                          self->capacity_name != NULL ? self->capacity_name : "");
}

/* What a step's row in the sidebar says was chosen. */
static char *
step_choice (LoketBookingDialog *self, BookingStep step)
{
  g_autofree char *text = NULL;

  switch (step)
    {
    case STEP_PRODUCTS:
      return loket_booking_visit_describe (self);
    case STEP_LOCATION:
      return g_strdup (self->location_id != NULL ? loket_booking_visit_location_name (self) : NULL);
    case STEP_DAY:
      return self->day_chosen ? loket_time_format_day (&self->day, self->tz) : NULL;
    case STEP_TIME:
      if (self->start == 0)
        return NULL;
      text = clock_of (self->tz, self->start);
      /* Translators: a chosen time and where, e.g. "09:10 at Balie 2" */
      return g_strdup_printf (_("%s at %s"), text,
                              self->capacity_name != NULL ? self->capacity_name : "");
    case STEP_CUSTOMER:
      return loket_booking_customer_describe (self->customer);
    case STEP_DETAILS:
      text = loket_booking_dialog_dup_text (self->reason_row);
      return *text != '\0' ? g_steal_pointer (&text) : NULL;
    default:
      return NULL;
    }
}

static GtkWidget *
step_row_new (BookingStep step)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = g_strdup_printf ("%d", step + 1);
  GtkWidget *label = gtk_label_new (number);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), loket_booking_review_step_title (step));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
  gtk_widget_set_visible (check, FALSE);
  gtk_widget_add_css_class (check, "success");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
update_step_row (LoketBookingDialog *self, BookingStep step)
{
  GtkWidget *row = self->step_rows[step];
  g_autofree char *choice = step_choice (self, step);
  g_autofree char *escaped = g_markup_escape_text (choice != NULL ? choice : "", -1);
  gboolean complete = step != STEP_CONFIRM && loket_booking_dialog_step_complete (self, step);
  /* Translators: a step in the booking dialog's sidebar for screen readers,
   * e.g. "Step 1, Product: Paspoort" */
  g_autofree char *label = g_strdup_printf (_("Step %d, %s: %s"), step + 1,
                                            loket_booking_review_step_title (step),
                                            choice != NULL ? choice : _("not chosen yet"));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "check"), complete);
  gtk_widget_set_sensitive (row, loket_booking_dialog_step_reachable (self, step));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Double bookings --------------------------------------------------------------------------- */

/* "… for Paspoort on Monday 23 November 2026 at 09:10 (Stadhuis)." */
static char *
other_appointment_words (LoketReplica *replica, LoketRecord *product, const char *id)
{
  g_autoptr(LoketRecord) other = loket_replica_get_appointment (replica, id);
  const char *start_at = other != NULL ? loket_record_get_string (other, "start_at") : "";
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (start_at, NULL);
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  GDate date;

  if (start == NULL)
    return g_strdup_printf (_("This customer already has an open appointment for %s."),
                            loket_record_get_string (product, "name"));
  tz = loket_replica_get_timezone (replica, loket_record_get_string (other, "location_id"));
  loket_time_local_date (tz, g_date_time_to_unix (start), &date);
  day = loket_time_format_day (&date, tz);
  clock = loket_time_format_clock (start_at, tz);
  /* Translators: a warning while booking, e.g. "This customer already has an appointment for
   * Paspoort on Monday 23 November 2026 at 09:10 (Stadhuis)." */
  return g_strdup_printf (_("This customer already has an appointment for %s on %s at %s (%s)."),
                          loket_record_get_string (product, "name"), day, clock,
                          loket_record_get_string (other, "location_name"));
}

/* A warning, not a refusal: two open appointments for one product are usually a mistake, but
 * not always (a child's passport booked under the parent's name). */
static char *
double_booking_warning (LoketBookingDialog *self)
{
  const char *customer_id = loket_booking_customer_get_id (self->customer);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);

  for (guint i = 0; customer_id != NULL && i < self->visit_products->len; i++)
    {
      LoketRecord *product = g_ptr_array_index (self->visit_products, i);
      g_autofree char *other = loket_replica_find_double_booking (self->replica, customer_id,
                                                                  loket_record_get_id (product),
                                                                  now);

      if (other != NULL)
        return other_appointment_words (self->replica, product, other);
    }
  return NULL;
}

/* Summary ----------------------------------------------------------------------------------- */

static GtkWidget *
summary_row_new (LoketBookingDialog *self, const char *title, const char *name)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->summary_group, row);
  return row;
}

static void
set_summary (GtkWidget *row, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
}

static void
update_summary (LoketBookingDialog *self)
{
  g_autofree char *products = loket_booking_visit_describe (self);
  g_autofree char *when = when_words (self);
  g_autofree char *customer = loket_booking_customer_describe (self->customer);
  g_autofree char *reason = loket_booking_dialog_dup_text (self->reason_row);
  g_autofree char *note = loket_booking_dialog_dup_text (self->note_row);
  g_autofree char *link = loket_booking_dialog_dup_text (GTK_EDITABLE (self->video_row));
  g_autoptr(GString) details = g_string_new (NULL);
  GtkStringObject *mode = adw_combo_row_get_selected_item (self->mode_row);

  set_summary (self->summary_rows[SUMMARY_PRODUCTS], products);
  set_summary (self->summary_rows[SUMMARY_LOCATION], loket_booking_visit_location_name (self));
  set_summary (self->summary_rows[SUMMARY_WHEN], self->start != 0 ? when : NULL);
  set_summary (self->summary_rows[SUMMARY_CUSTOMER], customer);
  g_string_append (details, *reason != '\0' ? reason : _("No reason given"));
  if (mode != NULL)
    g_string_append_printf (details, " · %s", gtk_string_object_get_string (mode));
  if (gtk_widget_get_visible (self->video_row) && *link != '\0')
    g_string_append_printf (details, " · %s", link);
  if (*note != '\0')
    g_string_append_printf (details, "\n%s", note);
  set_summary (self->summary_rows[SUMMARY_DETAILS], details->str);
  if (self->case_id != NULL)
    {
      /* Translators: on the booking's check page; %s is a case's reference */
      g_autofree char *text = g_strdup_printf (_("For case %s"), self->case_reference);

      set_summary (self->summary_rows[SUMMARY_CASE], text);
      return;
    }
  set_summary (self->summary_rows[SUMMARY_CASE],
               loket_booking_visit_case_type (self) != NULL
               ? _("A case (zaak) is opened with the booking")
               : _("No case: this product has no case type"));
}

/* Wiring ------------------------------------------------------------------------------------ */

void
loket_booking_review_update (LoketBookingDialog *self)
{
  g_autofree char *warning = double_booking_warning (self);

  gtk_label_set_text (self->double_booking_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->double_booking_label), warning != NULL);
  gtk_label_set_text (self->summary_warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_warning_label), warning != NULL);
  for (BookingStep step = STEP_PRODUCTS; step < N_STEPS; step++)
    update_step_row (self, step);
  update_summary (self);
}

void
loket_booking_review_build (LoketBookingDialog *self)
{
  static const struct { const char *title; const char *name; } summary[] = {
    { N_("Products"), "summary-products" }, { N_("Location"), "summary-location" },
    { N_("When"), "summary-when" }, { N_("Customer"), "summary-customer" },
    { N_("Reason and mode"), "summary-details" }, { N_("Case"), "summary-case" },
  };

  for (BookingStep step = STEP_PRODUCTS; step < N_STEPS; step++)
    {
      self->step_rows[step] = step_row_new (step);
      gtk_list_box_append (self->steps_list, self->step_rows[step]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (summary); i++)
    self->summary_rows[i] = summary_row_new (self, _(summary[i].title), summary[i].name);
}

