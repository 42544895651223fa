/* test-ui-agenda.c — the desk window under Xvfb against a demo server: the agenda's day.
 *
 * A real loket-sync with demo data on loopback, a fresh replica that logs in and syncs, and the
 * real LoketWindow (the fixture of loket-test-agenda.h).  Every check reads the widgets (labels
 * in the agenda's rows, the booking dialog's fields) and compares them with what the replica
 * says.  Here: opening on today, changing location, booking offline, cancelling, a case started
 * from an appointment, a booking the server rejects.  The week and list views, the popover, a large agenda and the day grid's keys
 * are in test-ui-agenda-views.c.
 */
#include "config.h"

#include "loket-booking-dialog.h"
#include "loket-cases-view.h"
#include "loket-case-detail.h"
#include "loket-replica-cases.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"
#include "loket-test-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"

/* Tests ------------------------------------------------------------------------------------ */

/* The agenda opens on today at the user's location and shows the replica's appointments; the
 * day keys move to the next day that has some, and back. */
static void
test_agenda_shows_today (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) today_appointments = NULL;
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->desk->replica);
  GDate today;
  guint n = 0;

  agenda_location_today (fixture, &today);
  g_assert_cmpstr (loket_agenda_view_get_location_id (fixture->agenda), ==,
                   loket_record_get_string (user, "location_id"));
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), ==, 0);
  agenda_assert_shows_day (fixture);
  today_appointments = agenda_appointments_shown (fixture);
  g_test_message ("%u appointments today", g_list_model_get_n_items (today_appointments));

  /* A weekend or holiday has none: walk forward to a day that has, as a clerk would. */
  for (guint i = 0; i < 10 && n == 0; i++)
    {
      g_autoptr(GListModel) shown = NULL;

      gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
      shown = agenda_appointments_shown (fixture);
      n = g_list_model_get_n_items (shown);
      agenda_assert_shows_day (fixture);
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), >, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.today", NULL);
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), ==, 0);
  agenda_assert_shows_day (fixture);
}

/* Choosing another location in the drop-down shows that location's capacities and day. */
static void
test_agenda_switches_location (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) locations = loket_replica_list_locations (fixture->desk->replica);
  g_autofree char *first = g_strdup (loket_agenda_view_get_location_id (fixture->agenda));
  GtkDropDown *dropdown;

  if (g_list_model_get_n_items (locations) < 2)
    {
      g_test_skip ("the demo user sees one location only");
      return;
    }
  dropdown = GTK_DROP_DOWN (loket_test_get_named (fixture->agenda, "location-dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==,
                    g_list_model_get_n_items (locations));

  for (guint i = 0; i < g_list_model_get_n_items (locations); i++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, i);

      if (g_str_equal (loket_record_get_id (location), first))
        continue;
      gtk_drop_down_set_selected (dropdown, i);
      g_assert_cmpstr (loket_agenda_view_get_location_id (fixture->agenda), ==,
                       loket_record_get_id (location));
      /* Walk to a day with appointments there, if any, and compare again. */
      for (guint day = 0; day < 10; day++)
        {
          g_autoptr(GListModel) shown = agenda_appointments_shown (fixture);

          agenda_assert_shows_day (fixture);
          if (g_list_model_get_n_items (shown) > 0)
            break;
          gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
        }
    }
}

static LoketBookingDialog *
find_booking_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LOKET_IS_BOOKING_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
booking_dialog_open (AgendaFixture *fixture, gpointer data)
{
  return find_booking_dialog () != NULL;
}

static gboolean
booking_dialog_closed (AgendaFixture *fixture, gpointer data)
{
  return find_booking_dialog () == NULL;
}

/* A row of the agenda with this customer and the "Not yet sent" tag. */
static gboolean
pending_row_shown (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);

      if (loket_test_texts_contain (texts, data) && loket_test_texts_contain (texts, "Not yet sent"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
widget_mapped (AgendaFixture *fixture, gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
booked_without_case (LoketRecord *appointment)
{
  return g_str_equal (loket_record_get_string (appointment, "status"), "booked")
         && loket_record_is_null (appointment, "case_id")
         && !loket_record_is_null (appointment, "customer_id");
}

static gboolean
case_shown (AgendaFixture *fixture, gpointer case_id)
{
  GtkWidget *page = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  LoketRecord *shown;

  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_CASES_VIEW, views);
  page = views->len == 1 ? views->pdata[0] : NULL;
  if (page == NULL || !gtk_widget_get_mapped (page))
    return FALSE;
  shown = loket_case_detail_get_case (loket_cases_view_get_detail (LOKET_CASES_VIEW (page)));
  return shown != NULL && g_strcmp0 (loket_record_get_id (shown), case_id) == 0;
}

/* A visit that needs work behind the desk: "Start a Case…" in the appointment's popover opens a
 * case for its customer and product, offline, of the product's case type; the appointment
 * points to it and the Cases page opens on it.  After sync the server has the case with the
 * appointment linked, and the popover offers to open the case instead. */
static void
test_case_from_appointment (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = agenda_go_to_appointment_where (fixture,
                                                                       booked_without_case);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(LoketRecord) kase = NULL;
  GtkWidget *popover = loket_agenda_view_get_popover (fixture->agenda);
  GtkWidget *button, *type_drop, *subject, *start;
  g_autofree char *server = NULL;
  g_autofree char *expected = NULL;
  const char *case_id;

  g_assert_nonnull (appointment);
  loket_test_desk_set_offline (fixture->desk, TRUE);
  agenda_open_popover (fixture, appointment);
  button = loket_test_get_named (popover, "case-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Start a Ca_se…");
  g_assert_true (gtk_widget_activate (button));

  /* The page starts on the case type, the product's own type chosen. */
  type_drop = loket_test_get_named (popover, "case-type");
  subject = loket_test_get_named (popover, "case-subject");
  start = loket_test_get_named (popover, "start-case-button");
  g_assert_true (agenda_wait_until (fixture, widget_mapped, start, AGENDA_WAIT_MS));
  g_assert_true (gtk_widget_has_focus (type_drop) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         type_drop));
  gtk_editable_set_text (GTK_EDITABLE (subject), "Vragen over de nieuwe aanvraag");
  g_signal_emit_by_name (subject, "activate");  /* Enter in the subject starts the case */
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_false (loket_record_is_null (after, "case_id"));
  case_id = loket_record_get_string (after, "case_id");
  g_assert_true (agenda_wait_until (fixture, case_shown, (gpointer) case_id, AGENDA_WAIT_MS));
  kase = loket_replica_get_case_row (fixture->desk->replica, case_id);
  g_assert_nonnull (kase);
  g_assert_cmpstr (loket_record_get_string (kase, "customer_id"), ==,
                   loket_record_get_string (appointment, "customer_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "product_id"), ==,
                   loket_record_get_string (appointment, "product_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "subject"), ==, "Vragen over de nieuwe aanvraag");
  loket_test_ui_save_screenshot_as (GTK_WINDOW (fixture->window), "case-from-appointment");

  /* Online again: the server links the same case to the appointment. */
  loket_test_desk_set_offline (fixture->desk, FALSE);
  loket_test_desk_sync (fixture->desk);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  server = loket_test_ui_server_text (fixture->demo, "SELECT case_id || '|' || k.customer_id"
                                      " FROM appointments a JOIN cases k ON k.id = a.case_id"
                                      " WHERE a.id = '%s'", loket_record_get_id (appointment));
  expected = g_strdup_printf ("%s|%s", case_id, loket_record_get_string (appointment, "customer_id"));
  g_assert_cmpstr (server, ==, expected);

  /* Back in the agenda, the same appointment now opens its case. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "agenda");
  agenda_open_popover (fixture, appointment);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Open Ca_se");
}

/* A free desk place at the agenda's location from today on: capacity, product and start. */
static gboolean find_free_place (AgendaFixture *fixture, LoketBookingInput *input, GDate *day);

/* With the server stopped, a booking made on this desk lands in the replica's outbox; when the
 * booking dialog reports it, the agenda goes to its day and selects it, marked as not yet sent.
 * (The dialog's own steps are tested in test-ui-booking.) */
static void
test_offline_booking (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk->replica, "", 1);
  g_autoptr(LoketRecord) customer = g_list_model_get_item (customers, 0);
  LoketBookingInput input = { .reason = "Expired passport", .mode = "fysiek" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *name;
  LoketBookingDialog *dialog;
  LoketRecord *selected;
  GDate day;

  /* Offline: nothing can reach the server from here on. */
  g_clear_pointer (&fixture->demo->server, loket_test_server_free);
  g_assert_nonnull (customer);
  name = loket_record_get_string (customer, "name");
  g_assert_true (find_free_place (fixture, &input, &day));

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.new-appointment", NULL);
  g_assert_true (agenda_wait_until (fixture, booking_dialog_open, NULL, AGENDA_WAIT_MS));
  dialog = find_booking_dialog ();
  input.customer_id = loket_record_get_id (customer);
  id = loket_replica_book_appointment (fixture->desk->replica, &input, &error);
  g_assert_no_error (error);
  loket_booking_dialog_set_day (dialog, &day);
  g_signal_emit_by_name (dialog, "booked", id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (agenda_wait_until (fixture, booking_dialog_closed, NULL, AGENDA_WAIT_MS));

  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &day), ==, 0);
  selected = loket_agenda_view_get_selected (fixture->agenda);
  g_assert_nonnull (selected);
  g_assert_cmpstr (loket_record_get_id (selected), ==, id);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  g_assert_true (agenda_wait_until (fixture, pending_row_shown, (gpointer) name, AGENDA_WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
}

/* Delete on the selected appointment asks in its popover why it is cancelled (a reason is
 * required), cancels it in the replica, and the block stays in the agenda, dimmed, with the
 * reason. */
static void
test_cancel_appointment (AgendaFixture *fixture, gconstpointer data)
{
  const char *reason = "Customer cancelled by phone";
  g_autofree char *line = g_strdup_printf ("Cancelled: %s", reason);
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) after = NULL;
  GtkWidget *popover = loket_agenda_view_get_popover (fixture->agenda);
  GtkWidget *entry, *confirm;

  g_assert_nonnull (appointment);
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));

  /* Nothing selected: nothing to cancel. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_false (gtk_widget_get_visible (popover));

  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda,
                                                       loket_record_get_id (appointment)));
  g_assert_true (agenda_wait_until (fixture, agenda_appointment_focused, appointment,
                                    AGENDA_WAIT_MS));
  g_assert_true (agenda_press_key (fixture, GDK_KEY_Delete, 0));
  g_assert_true (gtk_widget_get_visible (popover));
  entry = loket_test_get_named (popover, "cancel-reason");
  confirm = loket_test_get_named (popover, "confirm-cancel-button");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_is_sensitive (confirm));
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (gtk_widget_is_sensitive (confirm));
  g_signal_emit_by_name (entry, "activate");  /* Enter in the reason */
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "cancelled");
  g_assert_cmpstr (loket_record_get_string (after, "status_reason"), ==, reason);
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  g_assert_true (agenda_wait_until (fixture, agenda_cancelled_row_shown, line, AGENDA_WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));

  /* It stays selected, but a cancelled appointment cannot be cancelled again. */
  g_assert_cmpstr (loket_record_get_id (loket_agenda_view_get_selected (fixture->agenda)), ==,
                   loket_record_get_id (appointment));
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_false (gtk_widget_get_visible (popover));
}

/* A free desk place at the agenda's location from today on: capacity, product and start. */
static gboolean
find_free_place (AgendaFixture *fixture, LoketBookingInput *input, GDate *day)
{
  const char *location = loket_agenda_view_get_location_id (fixture->agenda);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->desk->replica,
                                                                    location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  agenda_location_today (fixture, day);
  for (guint d = 0; d < 14; d++, g_date_add_days (day, 1))
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products =
          loket_replica_list_products (fixture->desk->replica, loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GArray) slots = NULL;

        if (product == NULL)
          continue;
        slots = loket_replica_free_slots (fixture->desk->replica, loket_record_get_id (capacity),
                                          loket_record_get_id (product), day, now, NULL);
        if (slots == NULL || slots->len == 0)
          continue;
        /* Interned, so the ids outlive these rows. */
        input->capacity_id = g_intern_string (loket_record_get_id (capacity));
        input->product_id = g_intern_string (loket_record_get_id (product));
        input->start = g_array_index (slots, LoketSlot, 0).start;
        return TRUE;
      }
  return FALSE;
}

/* A row showing "Rejected by the server: …" in the error style, for this customer. */
static gboolean
rejected_row_shown (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);

      if (!loket_test_texts_contain (texts, data))
        continue;
      loket_test_collect (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        {
          GtkWidget *label = labels->pdata[j];

          if (gtk_widget_get_mapped (label) &&
              g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Rejected by the server: ") &&
              gtk_widget_has_css_class (gtk_widget_get_parent (label), "error"))
            return TRUE;
        }
    }
  return FALSE;
}

/* Two desks take the last desk place of a slot; the server keeps the first.  The other one
 * comes back rejected, stays in the agenda in the error style with the server's reason, and
 * Ctrl+N on it opens the booking dialog to book the same customer again. */
static void
test_rejected_booking (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk->replica, "", 2);
  g_autoptr(LoketRecord) ours = g_list_model_get_item (customers, 0);
  g_autoptr(LoketRecord) theirs = g_list_model_get_item (customers, 1);
  g_autofree char *username = agenda_clerk_username (fixture);
  g_autoptr(LoketTestDesk) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *their_id = NULL;
  g_autofree char *our_id = NULL;
  g_autoptr(GListModel) shown = NULL;
  const char *name = loket_record_get_string (ours, "name");
  LoketBookingInput input = { .reason = "Expired passport", .mode = "fysiek" };
  GtkWidget *dialog;
  gboolean found = FALSE;
  GDate day;

  g_assert_true (find_free_place (fixture, &input, &day));
  /* Another desk with the same user: its own replica, logged in and synced. */
  other = loket_test_ui_server_new_desk (fixture->demo, "other-desk", username);
  input.customer_id = loket_record_get_id (theirs);
  their_id = loket_replica_book_appointment (other->replica, &input, &error);
  g_assert_no_error (error);
  loket_test_desk_sync (other);
  g_assert_cmpuint (loket_replica_count_pending (other->replica), ==, 0);

  /* This desk has not pulled yet: for it the place is still free. */
  input.customer_id = loket_record_get_id (ours);
  our_id = loket_replica_book_appointment (fixture->desk->replica, &input, &error);
  g_assert_no_error (error);
  loket_test_desk_sync (fixture->desk);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);

  loket_agenda_view_set_date (fixture->agenda, &day);
  shown = agenda_appointments_shown (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (shown, i);

      if (g_str_equal (loket_record_get_id (appointment), our_id))
        {
          g_assert_cmpstr (loket_record_get_string (appointment, "status"), ==, "rejected");
          g_assert_cmpstr (loket_record_get_string (appointment, "status_reason"), !=, "");
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, our_id));
  g_assert_true (agenda_wait_until (fixture, rejected_row_shown, (gpointer) name, AGENDA_WAIT_MS));

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.new-appointment", NULL);
  g_assert_true (agenda_wait_until (fixture, booking_dialog_open, NULL, AGENDA_WAIT_MS));
  dialog = GTK_WIDGET (find_booking_dialog ());
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Book Again");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (agenda_wait_until (fixture, booking_dialog_closed, NULL, AGENDA_WAIT_MS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  agenda_test_add ("/ui/agenda/shows-today", NULL, test_agenda_shows_today);
  agenda_test_add ("/ui/agenda/switches-location", NULL, test_agenda_switches_location);
  agenda_test_add ("/ui/agenda/offline-booking", NULL, test_offline_booking);
  agenda_test_add ("/ui/agenda/cancel", NULL, test_cancel_appointment);
  agenda_test_add ("/ui/agenda/case-from-appointment", NULL, test_case_from_appointment);
  agenda_test_add ("/ui/agenda/rejected-booking", NULL, test_rejected_booking);
  return g_test_run ();
}
