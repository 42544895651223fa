/* test-ui-booking.c — the booking dialog driven by keyboard under Xvfb, against a demo server.
 *
 * A real loket-sync with demo data on loopback, a fresh replica signed in as the demo clerk
 * "balie", and the real booking dialog.  Each step is done the way a clerk does it without a
 * mouse: the test checks where the focus is, types into the focused field, "presses Enter" by
 * activating the focused widget (what GTK does for Enter), sends arrow and page keys to the
 * calendar's key handler and fires the dialog's own key shortcuts (Alt+5, Ctrl+Enter, Escape)
 * through its shortcut controller.  Afterwards the replica, the server's database file, the
 * confirmation text, its PDF and its .ics (parsed back with libical) are checked.  Waits
 * iterate the main context until a condition holds, never sleep.
 */
#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "loket-booking-calendar.h"
#include "loket-booking-dialog.h"
#include "loket-confirmation.h"
#include "loket-replica-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-time.h"
#include "loket-validate.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  GtkWindow         *dialog;
  char              *booked_id;
  char              *location_id;
} Fixture;

/* Waiting ---------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

static void
sync_now (Fixture *fixture)
{
  loket_test_desk_sync (fixture->desk);
}

/* Conditions -------------------------------------------------------------------------------- */

static GtkWidget *
named (Fixture *fixture, const char *name)
{
  return loket_test_get_named (fixture->dialog, name);
}

static GtkStack *
steps_stack (Fixture *fixture)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->dialog), GTK_TYPE_STACK, stacks);
  g_assert_cmpuint (stacks->len, >, 0);
  return stacks->pdata[0];
}

static gboolean
page_is (Fixture *fixture, gconstpointer name)
{
  GtkStack *stack = steps_stack (fixture);

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0 &&
         gtk_widget_get_mapped (gtk_stack_get_visible_child (stack));
}

static void
assert_page (Fixture *fixture, const char *name)
{
  if (!wait_until (fixture, page_is, name))
    g_error ("the booking dialog shows %s, not %s",
             gtk_stack_get_visible_child_name (steps_stack (fixture)), name);
}

static gboolean
list_has_row (Fixture *fixture, gconstpointer list)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0) != NULL;
}

static gboolean
dialog_mapped (Fixture *fixture, gconstpointer data)
{
  return fixture->dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog));
}

static gboolean
dialog_gone (Fixture *fixture, gconstpointer data)
{
  return fixture->dialog == NULL;
}

/* Fixture ---------------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) user = NULL;

  fixture->demo = loket_test_ui_server_start ("booking");
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "replica", "balie");
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  user = loket_replica_get_user (fixture->desk->replica);
  g_assert_nonnull (user);
  fixture->location_id = g_strdup (loket_record_get_string (user, "location_id"));
  g_assert_cmpstr (fixture->location_id, !=, "");
}

static void
on_booked (LoketBookingDialog *dialog, const char *id, Fixture *fixture)
{
  g_free (fixture->booked_id);
  fixture->booked_id = g_strdup (id);
}

static void
open_dialog (Fixture *fixture)
{
  LoketReplica *replica = fixture->desk->replica;
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (replica, fixture->location_id);
  GDate today;

  loket_time_today (tz, &today);
  fixture->dialog = GTK_WINDOW (loket_booking_dialog_new (replica, fixture->location_id, &today));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "booked", G_CALLBACK (on_booked), fixture);
  gtk_window_set_default_size (fixture->dialog, 1100, 860);
  gtk_window_present (fixture->dialog);
  g_assert_true (wait_until (fixture, dialog_mapped, NULL));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (fixture->dialog);
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->booked_id);
  g_free (fixture->location_id);
}

/* Demo facts -------------------------------------------------------------------------------- */

static gboolean
handled_here (Fixture *fixture, LoketRecord *product)
{
  LoketVisitItem item = { loket_record_get_id (product), 1 };
  g_autoptr(GListModel) locations =
    loket_replica_list_locations_for_visit (fixture->desk->replica, &item, 1, NULL);
  gboolean here = FALSE;

  for (guint j = 0; j < g_list_model_get_n_items (locations); j++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, j);

      here |= g_str_equal (loket_record_get_id (location), fixture->location_id);
    }
  return here;
}

/* A product with a case type that the user's location handles and whose name no other product
 * contains, so typing it finds it first; one that a visit may hold several of when asked and
 * there is one (three passports for a family). */
static LoketRecord *
product_with_case_type (Fixture *fixture, gboolean several)
{
  g_autoptr(GListModel) products = loket_replica_list_products (fixture->desk->replica, NULL);
  guint n = g_list_model_get_n_items (products);

  for (guint pass = several ? 0 : 1; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);
        g_autofree char *name = g_utf8_casefold (loket_record_get_string (product, "name"), -1);
        gboolean unique = TRUE;

        if (*loket_record_get_string (product, "case_type_id") == '\0' ||
            (pass == 0 && loket_record_get_int (product, "max_per_booking") < 2) ||
            !handled_here (fixture, product))
          continue;
        for (guint j = 0; j < n && unique; j++)
          {
            g_autoptr(LoketRecord) other = g_list_model_get_item (products, j);
            g_autofree char *folded = g_utf8_casefold (loket_record_get_string (other, "name"), -1);

            unique = i == j || strstr (folded, name) == NULL;
          }
        if (unique)
          return g_steal_pointer (&product);
      }
  return NULL;
}

/* A demo customer with a BSN. */
static LoketRecord *
customer_with_bsn (Fixture *fixture)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk->replica, "", 0);

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(LoketRecord) customer = g_list_model_get_item (customers, i);

      if (*loket_record_get_string (customer, "bsn") != '\0')
        return g_steal_pointer (&customer);
    }
  return NULL;
}

/* A BSN that passes the elfproef and that no customer on the desk has. */
static char *
unused_bsn (Fixture *fixture)
{
  for (guint seed = 10000000; ; seed += 7919)
    {
      g_autofree char *bsn = g_strdup_printf ("%09u", seed);
      g_autoptr(GListModel) found = NULL;

      if (!loket_validate_bsn (bsn, NULL))
        continue;
      found = loket_replica_search_customers (fixture->desk->replica, bsn, 1);
      if (g_list_model_get_n_items (found) == 0)
        return g_steal_pointer (&bsn);
    }
}

/* The steps ---------------------------------------------------------------------------------- */

static gboolean
first_product_is (Fixture *fixture, gconstpointer id)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (named (fixture, "product-results")), 0);
  LoketRecord *product = row != NULL ? g_object_get_data (G_OBJECT (row), "product") : NULL;

  return product != NULL && g_str_equal (loket_record_get_id (product), id);
}

/* Step 1: the product's name typed and Enter, as many times as asked (each Enter adds one,
 * never more than the product's maximum); then Enter in the empty search goes on. */
static void
choose_product (Fixture *fixture, LoketRecord *product, guint presses)
{
  assert_page (fixture, "products");
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "product-search"));
  for (guint i = 0; i < presses; i++)
    {
      loket_test_ui_type_text (fixture->dialog, loket_record_get_string (product, "name"));
      g_assert_true (wait_until (fixture, first_product_is, loket_record_get_id (product)));
      loket_test_ui_press_enter (fixture->dialog);
      /* ready for the next product */
      g_assert_true (loket_test_ui_focus_in (fixture->dialog, "product-search"));
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (fixture, "product-search"))), ==, "");
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "location");
}

/* Step 2: the desk's own location is chosen and focused; Enter goes on. */
static void
choose_own_location (Fixture *fixture)
{
  GtkListBox *list = GTK_LIST_BOX (named (fixture, "location-list"));
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (list);

  g_assert_nonnull (selected);
  g_assert_cmpstr (loket_record_get_id (g_object_get_data (G_OBJECT (selected), "location")), ==,
                   fixture->location_id);
  g_assert_true (gtk_window_get_focus (fixture->dialog) == GTK_WIDGET (selected));
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "day");
}

static gboolean
focused_day (Fixture *fixture, LoketBookingCalendar *calendar, GDate *day)
{
  const GDate *month = loket_booking_calendar_get_month (calendar);

  *day = *month;
  for (; g_date_get_month (day) == g_date_get_month (month); g_date_add_days (day, 1))
    if (loket_booking_calendar_get_button (calendar, day) == gtk_window_get_focus (fixture->dialog))
      return TRUE;
  return FALSE;
}

/* Every day of the month shown: sensitive exactly when it has free times, and saying so. */
static guint
check_shading (LoketBookingCalendar *calendar)
{
  GDate day = *loket_booking_calendar_get_month (calendar);
  GDateMonth month = g_date_get_month (&day);
  guint bookable = 0;

  for (; g_date_get_month (&day) == month; g_date_add_days (&day, 1))
    {
      GtkWidget *button = loket_booking_calendar_get_button (calendar, &day);
      int free = loket_booking_calendar_get_free (calendar, &day);
      const char *words = gtk_widget_get_tooltip_text (button);

      g_assert_nonnull (words);
      g_assert_cmpint (gtk_widget_get_sensitive (button), ==, free > 0);
      if (free > 0)
        {
          g_autofree char *count = g_strdup_printf (", %d free time", free);

          g_assert_nonnull (strstr (words, count));
          g_assert_true (gtk_widget_has_css_class (button, "free-many") ||
                         gtk_widget_has_css_class (button, "free-few"));
          bookable++;
        }
      else
        g_assert_true (gtk_widget_has_css_class (button, "free-none") ||
                       gtk_widget_has_css_class (button, "closed"));
    }
  return bookable;
}

/* Step 3: arrow keys and Page Up / Down move through the calendar; Home and Enter take the
 * month's first day with free times. */
static void
choose_first_free_day (Fixture *fixture)
{
  LoketBookingCalendar *calendar = LOKET_BOOKING_CALENDAR (named (fixture, "booking-calendar"));
  GDate start, moved, back;
  GDateMonth month;

  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "booking-calendar"));
  /* The rest of this month may be closed (the last days of a month): the next one is not. */
  if (check_shading (calendar) == 0)
    loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Down);
  g_assert_cmpuint (check_shading (calendar), >, 0);
  g_assert_true (focused_day (fixture, calendar, &start));
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &start), >, 0);

  loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Right);
  g_assert_true (focused_day (fixture, calendar, &moved));
  g_assert_cmpint (g_date_compare (&moved, &start), >, 0);
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &moved), >, 0);
  loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Left);
  g_assert_true (focused_day (fixture, calendar, &back));
  g_assert_cmpint (g_date_compare (&back, &start), ==, 0);

  month = g_date_get_month (loket_booking_calendar_get_month (calendar));
  loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Down);
  g_assert_cmpint (g_date_get_month (loket_booking_calendar_get_month (calendar)), ==, month % 12 + 1);
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "booking-calendar"));
  check_shading (calendar);
  loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Up);
  g_assert_cmpint (g_date_get_month (loket_booking_calendar_get_month (calendar)), ==, month);

  loket_test_ui_press_key_on (GTK_WIDGET (calendar), GDK_KEY_Home);
  g_assert_true (focused_day (fixture, calendar, &start));
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &start), >, 0);
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "time");
}

/* Step 4: the focus is on the day's first free time; Enter takes it.  Returns its start. */
static gint64
choose_first_time (Fixture *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (fixture->dialog);
  LoketRecord *time;

  g_assert_true (GTK_IS_FLOW_BOX_CHILD (focus));
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "morning-times") ||
                 loket_test_ui_focus_in (fixture->dialog, "afternoon-times") ||
                 loket_test_ui_focus_in (fixture->dialog, "evening-times"));
  time = g_object_get_data (G_OBJECT (focus), "time");
  g_assert_nonnull (time);
  loket_test_ui_press_enter (fixture->dialog);
  return loket_record_get_int (time, "start");
}

/* Step 5: the customer's BSN typed in the search; Enter takes the first found. */
static void
choose_customer (Fixture *fixture, LoketRecord *customer)
{
  assert_page (fixture, "customer");
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "customer-search"));
  loket_test_ui_type_text (fixture->dialog, loket_record_get_string (customer, "bsn"));
  g_assert_true (wait_until (fixture, list_has_row, named (fixture, "customer-results")));
  loket_test_ui_press_enter (fixture->dialog);
}

static const char *
summary (Fixture *fixture, const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture, name)));
}

static gboolean
booked_shown (Fixture *fixture, gconstpointer data)
{
  return fixture->booked_id != NULL && page_is (fixture, "booked");
}

/* Checks ------------------------------------------------------------------------------------ */

/* The .ics parses back with libical, with the appointment's moments in UTC. */
static void
assert_ics (LoketRecord *confirmation, gint64 start)
{
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (loket_record_get_string (confirmation, "end_at"), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = loket_confirmation_build_ics (confirmation, &error);
  g_autofree char *uid = g_strdup_printf ("%s@loket", loket_record_get_id (confirmation));
  icalcomponent *calendar, *event;
  struct icaltimetype dtstart, dtend;

  g_assert_no_error (error);
  calendar = icalparser_parse_string (ics);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (event);
  dtstart = icalcomponent_get_dtstart (event);
  dtend = icalcomponent_get_dtend (event);
  g_assert_true (icaltime_is_utc (dtstart));
  g_assert_cmpint (icaltime_as_timet (dtstart), ==, start);
  g_assert_true (icaltime_is_utc (dtend));
  g_assert_cmpint (icaltime_as_timet (dtend), ==, g_date_time_to_unix (end));
  g_assert_cmpint (icaltime_as_timet (dtend), >, icaltime_as_timet (dtstart));
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, uid);
  g_assert_nonnull (strstr (icalcomponent_get_summary (event),
                            loket_record_get_string (confirmation, "product_name")));
  g_assert_nonnull (strstr (icalcomponent_get_location (event),
                            loket_record_get_string (confirmation, "location_name")));
  g_assert_nonnull (icalcomponent_get_first_property (event, ICAL_DTSTAMP_PROPERTY));
  icalcomponent_free (calendar);
}

static void
assert_pdf (Fixture *fixture, LoketRecord *confirmation)
{
  g_autofree char *path = g_build_filename (fixture->demo->dir, "confirmation.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (loket_confirmation_export_pdf (confirmation, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 500);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

/* A column of one row in the server's database file. */
static char *
server_value (Fixture *fixture, const char *column, const char *table, const char *id)
{
  g_autofree char *query = g_strdup_printf ("SELECT %s FROM %s WHERE id = '%s'", column, table, id);

  return loket_test_db_text (fixture->demo->server_db, query);
}

/* After a sync the server has the appointment, booked, linked to a case of the case type. */
static void
assert_on_server (Fixture *fixture, const char *appointment_id, const char *case_id,
                  const char *case_type_id)
{
  g_autofree char *server_case = NULL;
  g_autofree char *status = NULL;
  g_autofree char *type = NULL;

  sync_now (fixture);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  server_case = server_value (fixture, "case_id", "appointments", appointment_id);
  status = server_value (fixture, "status", "appointments", appointment_id);
  type = server_value (fixture, "case_type_id", "cases", case_id);
  g_assert_cmpstr (server_case, ==, case_id);
  g_assert_cmpstr (status, ==, "booked");
  g_assert_cmpstr (type, ==, case_type_id);
}

/* Tests ------------------------------------------------------------------------------------- */

/* A product with a case type for a known customer, every step by keyboard; the appointment and
 * its case reach the replica and the server, and the confirmation says what it should. */
static void
test_book_by_keyboard (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) product = product_with_case_type (fixture, FALSE);
  g_autoptr(LoketRecord) customer = customer_with_bsn (fixture);
  g_autoptr(LoketRecord) appointment = NULL;
  g_autoptr(LoketRecord) confirmation = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(LoketRecord) kase = NULL;
  const char *link = "https://meet.example.nl/loket-123";
  g_autofree char *shown = NULL;
  GtkWidget *book;
  gint64 start;

  g_assert_nonnull (product);
  g_assert_nonnull (customer);
  open_dialog (fixture);
  book = named (fixture, "book-button");
  g_assert_false (gtk_widget_is_sensitive (book));

  choose_product (fixture, product, 1);
  choose_own_location (fixture);
  choose_first_free_day (fixture);
  start = choose_first_time (fixture);
  choose_customer (fixture, customer);

  /* Step 6: reason, mode and a video link, checked as it is typed. */
  assert_page (fixture, "details");
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "reason-row"));
  loket_test_ui_type_text (fixture->dialog, "Verlopen paspoort");
  adw_combo_row_set_selected (ADW_COMBO_ROW (named (fixture, "mode-row")), 2);
  loket_test_ui_tab_to (fixture->dialog, "video-link-row");
  loket_test_ui_type_text (fixture->dialog, "ftp://example.nl");
  g_assert_true (gtk_widget_get_mapped (named (fixture, "video-link-error")));
  g_assert_false (gtk_widget_is_sensitive (book));
  loket_test_ui_type_text (fixture->dialog, link);
  g_assert_false (gtk_widget_get_mapped (named (fixture, "video-link-error")));
  g_assert_true (gtk_widget_is_sensitive (book));
  loket_test_ui_press_enter (fixture->dialog);

  /* Step 7: the summary, read back to the customer, and Enter on Book. */
  assert_page (fixture, "confirm");
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "book-button"));
  g_assert_cmpstr (summary (fixture, "summary-products"), ==, loket_record_get_string (product, "name"));
  g_assert_nonnull (strstr (summary (fixture, "summary-customer"), loket_record_get_string (customer, "name")));
  g_assert_nonnull (strstr (summary (fixture, "summary-details"), "Verlopen paspoort"));
  g_assert_cmpstr (summary (fixture, "summary-case"), ==, "A case (zaak) is opened with the booking");
  loket_test_ui_press_enter (fixture->dialog);
  g_assert_true (wait_until (fixture, booked_shown, NULL));
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "done-button"));

  /* The replica: the appointment and its case. */
  appointment = loket_replica_get_appointment (fixture->desk->replica, fixture->booked_id);
  g_assert_nonnull (appointment);
  g_assert_cmpstr (loket_record_get_string (appointment, "product_id"), ==, loket_record_get_id (product));
  g_assert_cmpstr (loket_record_get_string (appointment, "customer_id"), ==, loket_record_get_id (customer));
  g_assert_cmpstr (loket_record_get_string (appointment, "reason"), ==, "Verlopen paspoort");
  g_assert_cmpstr (loket_record_get_string (appointment, "mode"), ==, "hybride");
  g_assert_cmpstr (loket_record_get_string (appointment, "video_link"), ==, link);
  g_assert_cmpstr (loket_record_get_string (appointment, "case_id"), !=, "");
  g_assert_cmpstr (loket_record_get_string (appointment, "case_reference"), !=, "");
  cases = loket_replica_search_cases (fixture->desk->replica,
                                      loket_record_get_string (appointment, "case_reference"), 1);
  kase = g_list_model_get_item (cases, 0);
  g_assert_nonnull (kase);
  g_assert_cmpstr (loket_record_get_id (kase), ==, loket_record_get_string (appointment, "case_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "case_type_id"), ==,
                   loket_record_get_string (product, "case_type_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "customer_id"), ==, loket_record_get_id (customer));

  /* The confirmation on screen, its .ics and its print. */
  confirmation = loket_confirmation_collect (fixture->desk->replica, fixture->booked_id);
  g_assert_nonnull (confirmation);
  shown = g_strdup (gtk_label_get_text (GTK_LABEL (named (fixture, "confirmation-text"))));
  g_assert_nonnull (strstr (shown, loket_record_get_string (product, "name")));
  g_assert_nonnull (strstr (shown, loket_record_get_string (customer, "name")));
  g_assert_nonnull (strstr (shown, loket_record_get_string (appointment, "case_reference")));
  g_assert_nonnull (strstr (shown, link));
  assert_ics (confirmation, start);
  assert_pdf (fixture, confirmation);

  assert_on_server (fixture, fixture->booked_id, loket_record_get_string (appointment, "case_id"),
                    loket_record_get_string (product, "case_type_id"));

  /* Escape closes the confirmation. */
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "Escape");
  g_assert_true (wait_until (fixture, dialog_gone, NULL));
}

/* A count above the product's maximum cannot be had; an invalid BSN shows its error under the
 * field and keeps Book insensitive; a valid new customer is registered with the booking. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) product = product_with_case_type (fixture, TRUE);
  g_autofree char *bsn = unused_bsn (fixture);
  g_autoptr(GListModel) created = NULL;
  g_autoptr(LoketRecord) customer = NULL;
  g_autoptr(LoketRecord) appointment = NULL;
  guint max;
  GtkWidget *book, *spin;
  g_autofree char *minutes = NULL;

  g_assert_nonnull (product);
  max = (guint) MAX (loket_record_get_int (product, "max_per_booking"), 1);
  g_test_message ("%s: at most %u per visit", loket_record_get_string (product, "name"), max);
  open_dialog (fixture);
  book = named (fixture, "book-button");

  /* One Enter more than allowed: the count stops at the maximum, and the spin cannot pass it. */
  choose_product (fixture, product, max + 1);
  spin = named (fixture, "visit-count");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, max);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), max + 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, max);
  minutes = g_strdup_printf ("Takes %d minute", (int) (max * loket_record_get_int (product, "norm_minutes")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (named (fixture, "visit-minutes"))), minutes));

  choose_own_location (fixture);
  choose_first_free_day (fixture);
  choose_first_time (fixture);
  assert_page (fixture, "customer");

  /* A new customer: Tab to the check box, Enter; the focus goes to the name. */
  loket_test_ui_tab_to (fixture->dialog, "new-customer-check");
  loket_test_ui_press_enter (fixture->dialog);
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "customer-name"));
  loket_test_ui_type_text (fixture->dialog, "Noor van Dalen");
  loket_test_ui_tab_to (fixture->dialog, "customer-bsn");
  loket_test_ui_type_text (fixture->dialog, "123456789");
  g_assert_true (gtk_widget_get_mapped (named (fixture, "customer-bsn-error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (fixture, "customer-bsn-error"))), !=, "");
  /* Right under the field, not somewhere below the form. */
  g_assert_true (gtk_widget_get_next_sibling (named (fixture, "customer-bsn")) ==
                 gtk_widget_get_parent (named (fixture, "customer-bsn-error")));
  g_assert_false (gtk_widget_is_sensitive (book));
  /* Enter on an invalid field stays on it. */
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "customer");
  g_assert_true (loket_test_ui_focus_in (fixture->dialog, "customer-bsn"));

  /* Alt+6 to the details and back with Alt+5: still not bookable. */
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>6");
  assert_page (fixture, "details");
  loket_test_ui_type_text (fixture->dialog, "Eerste paspoort");
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>5");
  assert_page (fixture, "customer");
  g_assert_false (gtk_widget_is_sensitive (book));

  loket_test_ui_tab_to (fixture->dialog, "customer-bsn");
  loket_test_ui_type_text (fixture->dialog, bsn);
  g_assert_false (gtk_widget_get_mapped (named (fixture, "customer-bsn-error")));
  g_assert_true (gtk_widget_is_sensitive (book));
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "confirm");
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Control>Return");
  g_assert_true (wait_until (fixture, booked_shown, NULL));

  created = loket_replica_search_customers (fixture->desk->replica, bsn, 2);
  g_assert_cmpuint (g_list_model_get_n_items (created), ==, 1);
  customer = g_list_model_get_item (created, 0);
  g_assert_cmpstr (loket_record_get_string (customer, "name"), ==, "Noor van Dalen");
  appointment = loket_replica_get_appointment (fixture->desk->replica, fixture->booked_id);
  g_assert_cmpstr (loket_record_get_string (appointment, "customer_id"), ==, loket_record_get_id (customer));
  g_assert_cmpstr (loket_record_get_string (appointment, "case_id"), !=, "");
  if (max > 1)
    g_assert_nonnull (strstr (loket_record_get_string (appointment, "items"), "\"count\""));
}

/* The customer and product through the dialog by keyboard, with a reason, until booked. */
static void
book_by_keyboard (Fixture *fixture, LoketRecord *product, LoketRecord *customer,
                  const char *reason)
{
  open_dialog (fixture);
  choose_product (fixture, product, 1);
  choose_own_location (fixture);
  choose_first_free_day (fixture);
  choose_first_time (fixture);
  choose_customer (fixture, customer);
  assert_page (fixture, "details");
  loket_test_ui_type_text (fixture->dialog, reason);
  loket_test_ui_press_enter (fixture->dialog);
  assert_page (fixture, "confirm");
  loket_test_ui_press_enter (fixture->dialog);
  g_assert_true (wait_until (fixture, booked_shown, NULL));
}

/* A customer who already has an open appointment for the product: the dialog warns, and still
 * books.  Escape walks back a step, Alt+→ on to the first step not done yet. */
static void
test_double_booking_warning (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) product = product_with_case_type (fixture, FALSE);
  g_autoptr(LoketRecord) customer = customer_with_bsn (fixture);
  g_autofree char *first_id = NULL;
  GtkWidget *warning;

  g_assert_nonnull (product);
  g_assert_nonnull (customer);
  book_by_keyboard (fixture, product, customer, "Paspoort kwijt");
  first_id = g_strdup (fixture->booked_id);
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "Escape");
  g_assert_true (wait_until (fixture, dialog_gone, NULL));

  open_dialog (fixture);
  choose_product (fixture, product, 1);
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "Escape");
  assert_page (fixture, "products");
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>Right");
  assert_page (fixture, "day"); /* the location was done */
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "Escape");
  assert_page (fixture, "location");
  choose_own_location (fixture);
  choose_first_free_day (fixture);
  choose_first_time (fixture);
  choose_customer (fixture, customer);
  warning = named (fixture, "double-booking-warning");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)),
                            loket_record_get_string (product, "name")));
  assert_page (fixture, "details");
  loket_test_ui_type_text (fixture->dialog, "Tweede paspoort");
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>5");
  assert_page (fixture, "customer");
  g_assert_true (gtk_widget_get_mapped (warning));
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>7");
  assert_page (fixture, "confirm");
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->dialog), "<Control>Return");
  g_assert_true (wait_until (fixture, booked_shown, NULL));
  g_assert_cmpstr (fixture->booked_id, !=, first_id);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/booking/by-keyboard", Fixture, NULL, fixture_set_up, test_book_by_keyboard,
              fixture_tear_down);
  g_test_add ("/ui/booking/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  g_test_add ("/ui/booking/double-booking", Fixture, NULL, fixture_set_up,
              test_double_booking_warning, fixture_tear_down);
  return g_test_run ();
}
