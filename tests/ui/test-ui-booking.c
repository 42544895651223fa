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
#include "loket-sync-client.h"
#include "loket-test-server.h"
#include "loket-test-widgets.h"
#include "loket-time.h"
#include "loket-validate.h"

#define WAIT_MS 15000

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  LoketReplica    *replica;
  LoketSyncClient *client;
  GtkWindow       *dialog;
  char            *booked_id;
  char            *location_id;
} Fixture;

/* Waiting ---------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until condition holds; FALSE after WAIT_MS.  The short timer only makes
 * the loop look again after frames and idles that changed nothing it was told about. */
static gboolean
wait_until (Condition condition, gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static void
on_login (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  *(gboolean *) data = TRUE;
}

static void
on_sync (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  *(gboolean *) data = TRUE;
}

static void
sync_now (Fixture *fixture)
{
  gboolean synced = FALSE;

  loket_sync_client_sync_async (fixture->client, NULL, on_sync, &synced);
  loket_test_wait_for (&synced, WAIT_MS);
}

/* The keyboard ------------------------------------------------------------------------------ */

static GtkWidget *
focus_of (Fixture *fixture)
{
  return gtk_window_get_focus (fixture->dialog);
}

/* The focus is on the widget with this name or inside it (the text of an entry). */
static gboolean
focus_in (Fixture *fixture, const char *name)
{
  GtkWidget *target = loket_test_find_named (GTK_WIDGET (fixture->dialog), name);
  GtkWidget *focus = focus_of (fixture);

  return target != NULL && focus != NULL &&
         (focus == target || gtk_widget_is_ancestor (focus, target));
}

/* Enter on the focused widget, as GTK's Enter bindings do it: a text field emits "activate",
 * a button, row, check box or time activates. */
static void
press_enter (Fixture *fixture)
{
  GtkWidget *focus = focus_of (fixture);

  g_assert_nonnull (focus);
  if (GTK_IS_TEXT (focus))
    g_signal_emit_by_name (focus, "activate");
  else
    g_assert_true (gtk_widget_activate (focus));
}

/* Typing into the focused field (replacing what was there). */
static void
type_text (Fixture *fixture, const char *text)
{
  GtkWidget *focus = focus_of (fixture);

  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
}

/* A key pressed on a widget's own key handler, as GTK delivers it. */
static void
press_key_on (GtkWidget *widget, guint keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* A key chord the dialog binds, e.g. "<Control>Return": found in the dialog's shortcut
 * controllers by its trigger and run as GTK runs it. */
static void
press_shortcut (Fixture *fixture, const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->dialog));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           GTK_WIDGET (fixture->dialog),
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("no shortcut %s in the booking dialog", accelerator);
}

/* Conditions -------------------------------------------------------------------------------- */

static GtkWidget *
named (Fixture *fixture, const char *name)
{
  return loket_test_get_named (fixture->dialog, name);
}

typedef struct {
  Fixture    *fixture;
  const char *name;
} Named;

static GtkStack *
steps_stack (Fixture *fixture)
{
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->dialog), GTK_TYPE_STACK, stacks);
  g_assert_cmpuint (stacks->len, >, 0);
  return stacks->pdata[0];
}

static gboolean
page_is (gpointer data)
{
  Named *n = data;
  GtkStack *stack = steps_stack (n->fixture);

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), n->name) == 0 &&
         gtk_widget_get_mapped (gtk_stack_get_visible_child (stack));
}

static void
assert_page (Fixture *fixture, const char *name)
{
  Named n = { fixture, name };

  if (!wait_until (page_is, &n))
    g_error ("the booking dialog shows %s, not %s",
             gtk_stack_get_visible_child_name (steps_stack (fixture)), name);
}

static gboolean
list_has_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

static gboolean
dialog_mapped (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog));
}

static gboolean
dialog_gone (gpointer data)
{
  Fixture *fixture = data;

  return fixture->dialog == NULL;
}

/* Fixture ---------------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *replica_db = NULL;
  g_autoptr(LoketRecord) user = NULL;
  gboolean logged_in = FALSE;

  fixture->dir = g_dir_make_tmp ("loket-ui-booking-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server_db = g_build_filename (fixture->dir, "server.db", NULL);
  replica_db = g_build_filename (fixture->dir, "replica.db", NULL);

  fixture->server = loket_test_server_start (fixture->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  fixture->replica = loket_replica_open (replica_db, &error);
  g_assert_no_error (error);
  fixture->client = loket_sync_client_new (fixture->replica);
  loket_sync_client_login_async (fixture->client, fixture->server->url, "balie", "demo",
                                 "UI booking desk", NULL, on_login, &logged_in);
  loket_test_wait_for (&logged_in, WAIT_MS);
  sync_now (fixture);
  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 0);
  user = loket_replica_get_user (fixture->replica);
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
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->replica, fixture->location_id);
  GDate today;

  loket_time_today (tz, &today);
  fixture->dialog = GTK_WINDOW (loket_booking_dialog_new (fixture->replica, fixture->location_id,
                                                          &today));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "booked", G_CALLBACK (on_booked), fixture);
  gtk_window_set_default_size (fixture->dialog, 1100, 860);
  gtk_window_present (fixture->dialog);
  g_assert_true (wait_until (dialog_mapped, fixture));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (fixture->dialog);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->replica);
  g_clear_pointer (&fixture->server, loket_test_server_free);
  loket_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->server_db);
  g_free (fixture->booked_id);
  g_free (fixture->location_id);
}

/* Demo facts -------------------------------------------------------------------------------- */

static gboolean
handled_here (Fixture *fixture, LoketRecord *product)
{
  LoketVisitItem item = { loket_record_get_id (product), 1 };
  g_autoptr(GListModel) locations =
    loket_replica_list_locations_for_visit (fixture->replica, &item, 1, NULL);
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
  g_autoptr(GListModel) products = loket_replica_list_products (fixture->replica, NULL);
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
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->replica, "", 0);

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
      found = loket_replica_search_customers (fixture->replica, bsn, 1);
      if (g_list_model_get_n_items (found) == 0)
        return g_steal_pointer (&bsn);
    }
}

/* The steps ---------------------------------------------------------------------------------- */

static gboolean
first_product_is (gpointer data)
{
  Named *n = data;
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (named (n->fixture, "product-results")), 0);
  LoketRecord *product = row != NULL ? g_object_get_data (G_OBJECT (row), "product") : NULL;

  return product != NULL && g_str_equal (loket_record_get_id (product), n->name);
}

/* Tab until the focus is in the widget with this name. */
static void
tab_to (Fixture *fixture, const char *name)
{
  for (guint i = 0; i < 40 && !focus_in (fixture, name); i++)
    if (!gtk_widget_child_focus (GTK_WIDGET (fixture->dialog), GTK_DIR_TAB_FORWARD))
      gtk_window_set_focus (fixture->dialog, NULL); /* wrapped around, as GTK does */
  g_assert_true (focus_in (fixture, name));
}

/* Step 1: the product's name typed and Enter, as many times as asked (each Enter adds one,
 * never more than the product's maximum); then Enter in the empty search goes on. */
static void
choose_product (Fixture *fixture, LoketRecord *product, guint presses)
{
  Named first = { fixture, loket_record_get_id (product) };

  assert_page (fixture, "products");
  g_assert_true (focus_in (fixture, "product-search"));
  for (guint i = 0; i < presses; i++)
    {
      type_text (fixture, loket_record_get_string (product, "name"));
      g_assert_true (wait_until (first_product_is, &first));
      press_enter (fixture);
      g_assert_true (focus_in (fixture, "product-search")); /* ready for the next product */
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (fixture, "product-search"))), ==, "");
  press_enter (fixture);
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
  g_assert_true (focus_of (fixture) == GTK_WIDGET (selected));
  press_enter (fixture);
  assert_page (fixture, "day");
}

static gboolean
focused_day (Fixture *fixture, LoketBookingCalendar *calendar, GDate *day)
{
  const GDate *month = loket_booking_calendar_get_month (calendar);

  *day = *month;
  for (; g_date_get_month (day) == g_date_get_month (month); g_date_add_days (day, 1))
    if (loket_booking_calendar_get_button (calendar, day) == focus_of (fixture))
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

  g_assert_true (focus_in (fixture, "booking-calendar"));
  /* The rest of this month may be closed (the last days of a month): the next one is not. */
  if (check_shading (calendar) == 0)
    press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Down);
  g_assert_cmpuint (check_shading (calendar), >, 0);
  g_assert_true (focused_day (fixture, calendar, &start));
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &start), >, 0);

  press_key_on (GTK_WIDGET (calendar), GDK_KEY_Right);
  g_assert_true (focused_day (fixture, calendar, &moved));
  g_assert_cmpint (g_date_compare (&moved, &start), >, 0);
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &moved), >, 0);
  press_key_on (GTK_WIDGET (calendar), GDK_KEY_Left);
  g_assert_true (focused_day (fixture, calendar, &back));
  g_assert_cmpint (g_date_compare (&back, &start), ==, 0);

  month = g_date_get_month (loket_booking_calendar_get_month (calendar));
  press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Down);
  g_assert_cmpint (g_date_get_month (loket_booking_calendar_get_month (calendar)), ==, month % 12 + 1);
  g_assert_true (focus_in (fixture, "booking-calendar"));
  check_shading (calendar);
  press_key_on (GTK_WIDGET (calendar), GDK_KEY_Page_Up);
  g_assert_cmpint (g_date_get_month (loket_booking_calendar_get_month (calendar)), ==, month);

  press_key_on (GTK_WIDGET (calendar), GDK_KEY_Home);
  g_assert_true (focused_day (fixture, calendar, &start));
  g_assert_cmpint (loket_booking_calendar_get_free (calendar, &start), >, 0);
  press_enter (fixture);
  assert_page (fixture, "time");
}

/* Step 4: the focus is on the day's first free time; Enter takes it.  Returns its start. */
static gint64
choose_first_time (Fixture *fixture)
{
  GtkWidget *focus = focus_of (fixture);
  LoketRecord *time;

  g_assert_true (GTK_IS_FLOW_BOX_CHILD (focus));
  g_assert_true (focus_in (fixture, "morning-times") || focus_in (fixture, "afternoon-times") ||
                 focus_in (fixture, "evening-times"));
  time = g_object_get_data (G_OBJECT (focus), "time");
  g_assert_nonnull (time);
  press_enter (fixture);
  return loket_record_get_int (time, "start");
}

/* Step 5: the customer's BSN typed in the search; Enter takes the first found. */
static void
choose_customer (Fixture *fixture, LoketRecord *customer)
{
  assert_page (fixture, "customer");
  g_assert_true (focus_in (fixture, "customer-search"));
  type_text (fixture, loket_record_get_string (customer, "bsn"));
  g_assert_true (wait_until (list_has_row, named (fixture, "customer-results")));
  press_enter (fixture);
}

static const char *
summary (Fixture *fixture, const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture, name)));
}

static gboolean
booked_shown (gpointer data)
{
  Fixture *fixture = data;
  Named n = { fixture, "booked" };

  return fixture->booked_id != NULL && page_is (&n);
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
  g_autofree char *path = g_build_filename (fixture->dir, "confirmation.pdf", NULL);
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

  return loket_test_db_text (fixture->server_db, query);
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
  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 0);
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
  g_assert_true (focus_in (fixture, "reason-row"));
  type_text (fixture, "Verlopen paspoort");
  adw_combo_row_set_selected (ADW_COMBO_ROW (named (fixture, "mode-row")), 2);
  tab_to (fixture, "video-link-row");
  type_text (fixture, "ftp://example.nl");
  g_assert_true (gtk_widget_get_mapped (named (fixture, "video-link-error")));
  g_assert_false (gtk_widget_is_sensitive (book));
  type_text (fixture, link);
  g_assert_false (gtk_widget_get_mapped (named (fixture, "video-link-error")));
  g_assert_true (gtk_widget_is_sensitive (book));
  press_enter (fixture);

  /* Step 7: the summary, read back to the customer, and Enter on Book. */
  assert_page (fixture, "confirm");
  g_assert_true (focus_in (fixture, "book-button"));
  g_assert_cmpstr (summary (fixture, "summary-products"), ==, loket_record_get_string (product, "name"));
  g_assert_nonnull (strstr (summary (fixture, "summary-customer"), loket_record_get_string (customer, "name")));
  g_assert_nonnull (strstr (summary (fixture, "summary-details"), "Verlopen paspoort"));
  g_assert_cmpstr (summary (fixture, "summary-case"), ==, "A case (zaak) is opened with the booking");
  press_enter (fixture);
  g_assert_true (wait_until (booked_shown, fixture));
  g_assert_true (focus_in (fixture, "done-button"));

  /* The replica: the appointment and its case. */
  appointment = loket_replica_get_appointment (fixture->replica, fixture->booked_id);
  g_assert_nonnull (appointment);
  g_assert_cmpstr (loket_record_get_string (appointment, "product_id"), ==, loket_record_get_id (product));
  g_assert_cmpstr (loket_record_get_string (appointment, "customer_id"), ==, loket_record_get_id (customer));
  g_assert_cmpstr (loket_record_get_string (appointment, "reason"), ==, "Verlopen paspoort");
  g_assert_cmpstr (loket_record_get_string (appointment, "mode"), ==, "hybride");
  g_assert_cmpstr (loket_record_get_string (appointment, "video_link"), ==, link);
  g_assert_cmpstr (loket_record_get_string (appointment, "case_id"), !=, "");
  g_assert_cmpstr (loket_record_get_string (appointment, "case_reference"), !=, "");
  cases = loket_replica_search_cases (fixture->replica,
                                      loket_record_get_string (appointment, "case_reference"), 1);
  kase = g_list_model_get_item (cases, 0);
  g_assert_nonnull (kase);
  g_assert_cmpstr (loket_record_get_id (kase), ==, loket_record_get_string (appointment, "case_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "case_type_id"), ==,
                   loket_record_get_string (product, "case_type_id"));
  g_assert_cmpstr (loket_record_get_string (kase, "customer_id"), ==, loket_record_get_id (customer));

  /* The confirmation on screen, its .ics and its print. */
  confirmation = loket_confirmation_collect (fixture->replica, fixture->booked_id);
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
  press_shortcut (fixture, "Escape");
  g_assert_true (wait_until (dialog_gone, fixture));
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
  tab_to (fixture, "new-customer-check");
  press_enter (fixture);
  g_assert_true (focus_in (fixture, "customer-name"));
  type_text (fixture, "Noor van Dalen");
  tab_to (fixture, "customer-bsn");
  type_text (fixture, "123456789");
  g_assert_true (gtk_widget_get_mapped (named (fixture, "customer-bsn-error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (fixture, "customer-bsn-error"))), !=, "");
  /* Right under the field, not somewhere below the form. */
  g_assert_true (gtk_widget_get_next_sibling (named (fixture, "customer-bsn")) ==
                 gtk_widget_get_parent (named (fixture, "customer-bsn-error")));
  g_assert_false (gtk_widget_is_sensitive (book));
  /* Enter on an invalid field stays on it. */
  press_enter (fixture);
  assert_page (fixture, "customer");
  g_assert_true (focus_in (fixture, "customer-bsn"));

  /* Alt+6 to the details and back with Alt+5: still not bookable. */
  press_shortcut (fixture, "<Alt>6");
  assert_page (fixture, "details");
  type_text (fixture, "Eerste paspoort");
  press_shortcut (fixture, "<Alt>5");
  assert_page (fixture, "customer");
  g_assert_false (gtk_widget_is_sensitive (book));

  tab_to (fixture, "customer-bsn");
  type_text (fixture, bsn);
  g_assert_false (gtk_widget_get_mapped (named (fixture, "customer-bsn-error")));
  g_assert_true (gtk_widget_is_sensitive (book));
  press_enter (fixture);
  assert_page (fixture, "confirm");
  press_shortcut (fixture, "<Control>Return");
  g_assert_true (wait_until (booked_shown, fixture));

  created = loket_replica_search_customers (fixture->replica, bsn, 2);
  g_assert_cmpuint (g_list_model_get_n_items (created), ==, 1);
  customer = g_list_model_get_item (created, 0);
  g_assert_cmpstr (loket_record_get_string (customer, "name"), ==, "Noor van Dalen");
  appointment = loket_replica_get_appointment (fixture->replica, fixture->booked_id);
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
  type_text (fixture, reason);
  press_enter (fixture);
  assert_page (fixture, "confirm");
  press_enter (fixture);
  g_assert_true (wait_until (booked_shown, fixture));
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
  press_shortcut (fixture, "Escape");
  g_assert_true (wait_until (dialog_gone, fixture));

  open_dialog (fixture);
  choose_product (fixture, product, 1);
  press_shortcut (fixture, "Escape");
  assert_page (fixture, "products");
  press_shortcut (fixture, "<Alt>Right");
  assert_page (fixture, "day"); /* the location was done */
  press_shortcut (fixture, "Escape");
  assert_page (fixture, "location");
  choose_own_location (fixture);
  choose_first_free_day (fixture);
  choose_first_time (fixture);
  choose_customer (fixture, customer);
  warning = named (fixture, "double-booking-warning");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)),
                            loket_record_get_string (product, "name")));
  assert_page (fixture, "details");
  type_text (fixture, "Tweede paspoort");
  press_shortcut (fixture, "<Alt>5");
  assert_page (fixture, "customer");
  g_assert_true (gtk_widget_get_mapped (warning));
  press_shortcut (fixture, "<Alt>7");
  assert_page (fixture, "confirm");
  press_shortcut (fixture, "<Control>Return");
  g_assert_true (wait_until (booked_shown, fixture));
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
