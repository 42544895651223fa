/* test-ui-agenda-views.c — the agenda's views under Xvfb against a demo server.
 *
 * The fixture of loket-test-agenda.h: a real loket-sync with demo data, a replica that logs in
 * and syncs, and the real LoketWindow on its agenda.  Here: switching between day, week and
 * list by keyboard, the list's filters, the appointment popover (cancel, reschedule, no-show),
 * a large agenda that makes widgets only for what is on screen, and the day grid's arrow keys.
 */
#include "config.h"

#include <sqlite3.h>

#include "loket-agenda-block.h"
#include "loket-agenda-day.h"
#include "loket-agenda-list.h"
#include "loket-agenda-week.h"
#include "loket-appointment-popover.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"
#include "loket-test-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"

/* Day, week and list ------------------------------------------------------------------------ */

static gboolean
view_mapped (AgendaFixture *fixture, gpointer type)
{
  return gtk_widget_get_mapped (agenda_find_view (fixture, GPOINTER_TO_SIZE (type)));
}

static guint
week_appointments (AgendaFixture *fixture, const GDate *date)
{
  GDate day = *date;
  guint n = 0;

  g_date_subtract_days (&day, g_date_get_weekday (&day) - G_DATE_MONDAY);
  for (guint i = 0; i < 7; i++, g_date_add_days (&day, 1))
    {
      g_autoptr(GListModel) shown =
        loket_replica_list_appointments (fixture->desk->replica,
                                         loket_agenda_view_get_location_id (fixture->agenda), &day);

      n += g_list_model_get_n_items (shown);
    }
  return n;
}

/* Alt+1, Alt+2 and Alt+3 switch between the day, the week and the list, inside the agenda and
 * from any other page; each view shows what the replica holds. */
static void
test_views_by_keyboard (AgendaFixture *fixture, gconstpointer data)
{
  GtkWidget *week, *list;
  const char *header;

  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "day");
  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));

  g_assert_true (agenda_press_key (fixture, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "week");
  g_assert_true (agenda_wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK),
                                    AGENDA_WAIT_MS));
  week = agenda_find_view (fixture, LOKET_TYPE_AGENDA_WEEK);
  g_assert_cmpuint (loket_agenda_week_get_n_appointments (LOKET_AGENDA_WEEK (week)), ==,
                    week_appointments (fixture, loket_agenda_view_get_date (fixture->agenda)));
  header = gtk_label_get_text (GTK_LABEL (loket_test_get_named (fixture->agenda, "agenda-date")));
  g_assert_true (g_str_has_prefix (header, "Week "));

  g_assert_true (agenda_press_key (fixture, GDK_KEY_3, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "list");
  g_assert_true (agenda_wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_LIST),
                                    AGENDA_WAIT_MS));
  list = agenda_find_view (fixture, LOKET_TYPE_AGENDA_LIST);
  g_assert_true (gtk_widget_get_mapped (list));
  /* The list has no day to turn. */
  {
    GDate before = *loket_agenda_view_get_date (fixture->agenda);

    gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
    g_assert_cmpint (g_date_compare (&before, loket_agenda_view_get_date (fixture->agenda)), ==, 0);
  }

  g_assert_true (agenda_press_key (fixture, GDK_KEY_1, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "day");
  agenda_assert_shows_day (fixture);

  /* From another page the window takes the keys to the agenda. */
  loket_window_show_page (fixture->window, "customers");
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window));
  g_assert_true (agenda_press_key (fixture, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "agenda");
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "week");
  g_assert_true (agenda_wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK),
                                    AGENDA_WAIT_MS));

  /* Alt+Right in the week goes a week on. */
  {
    GDate before = *loket_agenda_view_get_date (fixture->agenda);

    g_assert_true (agenda_press_key (fixture, GDK_KEY_Right, GDK_ALT_MASK));
    g_assert_cmpint (g_date_days_between (&before, loket_agenda_view_get_date (fixture->agenda)), ==, 7);
    g_assert_cmpuint (loket_agenda_week_get_n_appointments (LOKET_AGENDA_WEEK (week)), ==,
                      week_appointments (fixture, loket_agenda_view_get_date (fixture->agenda)));
  }
}

/* The list view -------------------------------------------------------------------------------- */

static guint
query_count (AgendaFixture *fixture, const char *capacity_id, const char *product_id,
             const char *status)
{
  GDate today;
  LoketAppointmentFilter filter = {
    .location_id = loket_agenda_view_get_location_id (fixture->agenda),
    .capacity_id = capacity_id, .product_id = product_id, .status = status, .from = &today,
  };
  g_autoptr(GListModel) found = NULL;

  agenda_location_today (fixture, &today);
  found = loket_replica_query_appointments (fixture->desk->replica, &filter);
  return MIN (g_list_model_get_n_items (found), 1000);
}

static gboolean
list_has_n (AgendaFixture *fixture, gpointer n)
{
  LoketAgendaList *list = LOKET_AGENDA_LIST (agenda_find_view (fixture, LOKET_TYPE_AGENDA_LIST));

  return g_list_model_get_n_items (loket_agenda_list_get_model (list)) == GPOINTER_TO_UINT (n);
}

static void
choose (AgendaFixture *fixture, const char *dropdown_name, const char *text)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (loket_test_get_named (fixture->agenda, dropdown_name));
  GListModel *items = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (items, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("%s offers no %s", dropdown_name, text);
}

/* Every row of the list has this value in that column. */
static void
assert_list_all (AgendaFixture *fixture, const char *column, const char *value)
{
  GListModel *model =
    loket_agenda_list_get_model (LOKET_AGENDA_LIST (agenda_find_view (fixture, LOKET_TYPE_AGENDA_LIST)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (loket_record_get_string (row, column), ==, value);
    }
}

/* The list shows the upcoming appointments of the location by time, and narrows down by status,
 * product and counter or room exactly as the replica does. */
static void
test_list_filter (AgendaFixture *fixture, gconstpointer data)
{
  GListModel *model;
  g_autoptr(LoketRecord) first = NULL;
  g_autofree char *count = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *capacity_id = NULL;
  guint n;

  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));
  g_assert_true (agenda_press_key (fixture, GDK_KEY_3, GDK_ALT_MASK));
  g_assert_true (agenda_wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_LIST),
                                    AGENDA_WAIT_MS));
  model =
    loket_agenda_list_get_model (LOKET_AGENDA_LIST (agenda_find_view (fixture, LOKET_TYPE_AGENDA_LIST)));

  n = query_count (fixture, NULL, NULL, NULL);
  g_assert_cmpuint (n, >, 1);
  g_assert_true (agenda_wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
  count = g_strdup_printf ("%u appointments", n);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (loket_test_get_named (fixture->agenda, "list-count"))),
                   ==, count);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(LoketRecord) a = g_list_model_get_item (model, i - 1);
      g_autoptr(LoketRecord) b = g_list_model_get_item (model, i);

      g_assert_cmpstr (loket_record_get_string (a, "start_at"), <=, loket_record_get_string (b, "start_at"));
    }

  choose (fixture, "status-filter", "Booked");
  n = query_count (fixture, NULL, NULL, "booked");
  g_assert_cmpuint (n, >, 0);
  g_assert_true (agenda_wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
  assert_list_all (fixture, "status", "booked");

  first = g_list_model_get_item (model, 0);
  product_id = g_strdup (loket_record_get_string (first, "product_id"));
  choose (fixture, "product-filter", loket_record_get_string (first, "product_name"));
  n = query_count (fixture, NULL, product_id, "booked");
  g_assert_true (agenda_wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
  assert_list_all (fixture, "product_id", product_id);
  assert_list_all (fixture, "status", "booked");

  capacity_id = g_strdup (loket_record_get_string (first, "capacity_id"));
  choose (fixture, "capacity-filter", loket_record_get_string (first, "capacity_name"));
  n = query_count (fixture, capacity_id, product_id, "booked");
  g_assert_cmpuint (n, >, 0);
  g_assert_true (agenda_wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
  assert_list_all (fixture, "capacity_id", capacity_id);

  /* Back to every status: the list widens again. */
  choose (fixture, "status-filter", "All Statuses");
  n = query_count (fixture, capacity_id, product_id, NULL);
  g_assert_true (agenda_wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
}

/* The popover ---------------------------------------------------------------------------------- */

static GtkWidget *
popover (AgendaFixture *fixture)
{
  return loket_agenda_view_get_popover (fixture->agenda);
}


static gboolean
widget_mapped (AgendaFixture *fixture, gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Escape in the popover, as GTK delivers it: to the key controllers of the focus and its
 * ancestors up to the popover, or to a shortcut for it. */
static gboolean
press_escape (AgendaFixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
          gboolean handled = FALSE;

          if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
            continue;
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Escape, 0, (GdkModifierType) 0,
                                 &handled);
          if (handled)
            return TRUE;
        }
      if (widget == popover (fixture))
        break;
    }
  return agenda_press_key (fixture, GDK_KEY_Escape, 0);
}

/* Selects the appointment in the day grid and presses Enter on it, as a clerk would. */

/* Enter on a booked appointment opens its popover: the customer, the product, what can be done
 * with it and its history, which starts with "Booked". */
static void
test_popover_contents (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) full = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GtkWidget *history_list;
  GDate today;

  g_assert_nonnull (appointment);
  full = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_nonnull (full);
  agenda_open_popover (fixture, appointment);
  g_assert_cmpstr (loket_appointment_popover_get_appointment_id (LOKET_APPOINTMENT_POPOVER (popover (fixture))),
                   ==, loket_record_get_id (appointment));

  texts = loket_test_visible_label_texts (popover (fixture));
  g_assert_true (loket_test_texts_contain (texts, loket_record_get_string (appointment, "customer_name")));
  g_assert_true (loket_test_texts_contain (texts, loket_record_get_string (appointment, "product_name")));
  g_assert_true (loket_test_texts_contain (texts, loket_record_get_string (appointment, "capacity_name")));
  if (*loket_record_get_string (full, "case_reference") != '\0')
    {
      g_autofree char *the_case = *loket_record_get_string (full, "case_status") != '\0'
        ? g_strdup_printf ("%s, %s", loket_record_get_string (full, "case_reference"),
                           loket_record_get_string (full, "case_status"))
        : g_strdup (loket_record_get_string (full, "case_reference"));

      g_assert_true (loket_test_texts_contain (texts, the_case));
    }

  history_list = loket_test_get_named (popover (fixture), "popover-history");
  history = loket_test_visible_label_texts (history_list);
  g_assert_cmpuint (history->len, >=, 2);
  g_assert_cmpstr (history->pdata[0], ==, "Booked");

  /* Booked and still to come: it can be moved or cancelled, not marked as a no-show. */
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "reschedule-button")));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "cancel-button")));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "close-capacity-button")));
  agenda_location_today (fixture, &today);
  if (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today) > 0)
    g_assert_false (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "no-show-button")));

  /* Escape closes it (GTK's own key of a popover) and the focus is back on the appointment. */
  g_assert_true (press_escape (fixture));
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, agenda_appointment_focused, appointment,
                                    AGENDA_WAIT_MS));
}

/* Cancel in the popover asks for a reason (required), cancels in the replica with it, closes,
 * and the agenda shows the appointment dimmed with its reason. */
static void
test_popover_cancel (AgendaFixture *fixture, gconstpointer data)
{
  const char *reason = "Customer moved away";
  g_autofree char *line = g_strdup_printf ("Cancelled: %s", reason);
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(GListModel) events = NULL;
  GtkWidget *entry, *confirm;

  g_assert_nonnull (appointment);
  agenda_open_popover (fixture, appointment);
  gtk_widget_activate (loket_test_get_named (popover (fixture), "cancel-button"));
  entry = loket_test_get_named (popover (fixture), "cancel-reason");
  g_assert_true (agenda_wait_until (fixture, widget_mapped, entry, AGENDA_WAIT_MS));
  confirm = loket_test_get_named (popover (fixture), "confirm-cancel-button");
  g_assert_true (gtk_widget_get_mapped (entry));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), entry));
  g_assert_false (gtk_widget_is_sensitive (confirm));
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (gtk_widget_is_sensitive (confirm));
  g_signal_emit_by_name (entry, "activate");  /* Enter without a reason does nothing */
  g_assert_true (gtk_widget_get_mapped (popover (fixture)));
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (gtk_widget_is_sensitive (confirm));
  gtk_widget_activate (confirm);
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "cancelled");
  g_assert_cmpstr (loket_record_get_string (after, "status_reason"), ==, reason);
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  events = loket_replica_list_appointment_events (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpuint (g_list_model_get_n_items (events), >=, 2);
  g_assert_true (agenda_wait_until (fixture, agenda_cancelled_row_shown, line, AGENDA_WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));

  /* Opened again, it shows the cancellation and offers no cancel. */
  agenda_open_popover (fixture, after);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "cancel-button")));
  {
    g_autoptr(GPtrArray) history =
      loket_test_visible_label_texts (loket_test_get_named (popover (fixture), "popover-history"));

    g_assert_true (loket_test_texts_contain (history, "Cancelled"));
  }
}

/* Reschedule in the popover offers the nearest free times; choosing one moves the appointment
 * there in the replica (a change waiting to be sent). */
static void
test_popover_reschedule (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(LoketRecord) first = NULL;
  g_autoptr(GListModel) alternatives = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  GtkWidget *list;
  GtkListBoxRow *row;

  g_assert_nonnull (appointment);
  alternatives = loket_replica_find_alternatives (fixture->desk->replica, loket_record_get_id (appointment),
                                                  8, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (alternatives), >, 0);
  first = g_list_model_get_item (alternatives, 0);

  agenda_open_popover (fixture, appointment);
  gtk_widget_activate (loket_test_get_named (popover (fixture), "reschedule-button"));
  list = loket_test_get_named (popover (fixture), "alternatives");
  g_assert_true (agenda_wait_until (fixture, widget_mapped, list, AGENDA_WAIT_MS));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));
  for (guint i = 0; i < g_list_model_get_n_items (alternatives); i++)
    g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) i));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) g_list_model_get_n_items (alternatives)));
  gtk_widget_activate (GTK_WIDGET (row));  /* Enter on the first free time */
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "start_at"), ==, loket_record_get_string (first, "start_at"));
  g_assert_cmpstr (loket_record_get_string (after, "capacity_id"), ==, loket_record_get_string (first, "capacity_id"));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "booked");
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
}

/* One appointment of the user's location that has started already is made booked again, as if
 * the customer never came. */
static void
make_past_booked (AgendaFixture *fixture)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->desk->replica);
  g_autofree char *now = loket_protocol_now ();
  LoketDb *db = loket_replica_get_db (fixture->desk->replica);
  g_autoptr(sqlite3_stmt) pick = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GError) error = NULL;

  pick = loket_db_prepare (db, "SELECT a.id FROM appointments a JOIN capacities c ON c.id = a.capacity_id "
                               "WHERE c.location_id = ? AND a.start_at < ? AND a.customer_id IS NOT NULL "
                               "ORDER BY a.start_at DESC LIMIT 1", &error);
  g_assert_no_error (error);
  loket_db_bind_text (pick, 1, loket_record_get_string (user, "location_id"));
  loket_db_bind_text (pick, 2, now);
  g_assert_cmpint (sqlite3_step (pick), ==, SQLITE_ROW);
  fixture->past_id = g_strdup ((const char *) sqlite3_column_text (pick, 0));
  update = loket_db_prepare (db, "UPDATE appointments SET status = 'booked', status_reason = '', "
                                 "arrived_at = NULL, called_at = NULL, started_at = NULL, "
                                 "finished_at = NULL WHERE id = ?", &error);
  g_assert_no_error (error);
  loket_db_bind_text (update, 1, fixture->past_id);
  g_assert_true (loket_db_step_done (db, update, &error));
  g_assert_no_error (error);
}

static const AgendaSetup past_booked = { make_past_booked };

/* A booked appointment whose start has passed can be marked as a no-show in its popover; the
 * replica and the popover's history say so. */
static void
test_popover_no_show (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = loket_replica_get_appointment (fixture->desk->replica, fixture->past_id);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GDate day;

  g_assert_nonnull (appointment);
  tz = loket_replica_get_timezone (fixture->desk->replica, loket_record_get_string (appointment, "location_id"));
  g_assert_true (loket_agenda_local_day (appointment, tz, &day));
  loket_agenda_view_set_location_id (fixture->agenda, loket_record_get_string (appointment, "location_id"));
  loket_agenda_view_set_date (fixture->agenda, &day);
  agenda_open_popover (fixture, appointment);
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "no-show-button")));
  gtk_widget_activate (loket_test_get_named (popover (fixture), "no-show-button"));
  g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, AGENDA_WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, fixture->past_id);
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "no_show");
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);

  agenda_open_popover (fixture, after);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "no-show-button")));
  history = loket_test_visible_label_texts (loket_test_get_named (popover (fixture), "popover-history"));
  g_assert_true (loket_test_texts_contain (history, "No show"));
}

/* A large agenda ------------------------------------------------------------------------------- */

#define LOAD_PER_DAY 500
#define LOAD_DAYS    5
/* GTK 4.8's list views keep at most 200 row widgets around what is on screen
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS), plus a few; a view that made a widget per appointment would
 * have 500 and more here. */
#define MAX_ROW_WIDGETS 210

/* 500 appointments a minute apart on each of five working days of next week at the user's
 * location, straight into the replica (as a pull would put them there), round the capacities. */
static void
insert_load (AgendaFixture *fixture)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->desk->replica);
  const char *location = loket_record_get_string (user, "location_id");
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->desk->replica,
                                                                    location);
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk->replica, "", 1);
  g_autoptr(LoketRecord) customer = g_list_model_get_item (customers, 0);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_free);
  LoketDb *db = loket_replica_get_db (fixture->desk->replica);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GError) error = NULL;
  guint n_capacities = g_list_model_get_n_items (capacities);

  g_assert_cmpuint (n_capacities, >, 0);
  for (guint c = 0; c < n_capacities; c++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
      g_autoptr(GListModel) handled = loket_replica_list_products (fixture->desk->replica, loket_record_get_id (capacity));
      g_autoptr(GListModel) all = loket_replica_list_products (fixture->desk->replica, NULL);
      g_autoptr(LoketRecord) product = g_list_model_get_item (g_list_model_get_n_items (handled) > 0 ? handled : all, 0);

      g_ptr_array_add (products, g_strdup (loket_record_get_id (product)));
    }

  g_date_clear (&fixture->load_day, 1);
  g_date_set_dmy (&fixture->load_day, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_add_days (&fixture->load_day, 8 - g_date_get_weekday (&fixture->load_day));

  g_assert_true (loket_db_begin (db, &error));
  insert = loket_db_prepare (db, "INSERT INTO appointments (id, product_id, capacity_id, customer_id, "
                                 "start_at, end_at, reason, status, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', '2026-01-01T00:00:00Z')", &error);
  g_assert_no_error (error);
  for (guint d = 0; d < LOAD_DAYS; d++)
    {
      GDate day = fixture->load_day;
      g_autoptr(GDateTime) seven = NULL;

      g_date_add_days (&day, d);
      seven = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day),
                               g_date_get_day (&day), 7, 0, 0);
      for (guint i = 0; i < LOAD_PER_DAY; i++)
        {
          g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i % n_capacities);
          gint64 start = g_date_time_to_unix (seven) + i * 60;
          g_autofree char *id = g_strdup_printf ("load-%u-%03u", d, i);
          g_autofree char *start_at = loket_protocol_format_time (start);
          g_autofree char *end_at = loket_protocol_format_time (start + 600);
          g_autofree char *reason = g_strdup_printf ("Test visit %03u", i);

          loket_db_bind_text (insert, 1, id);
          loket_db_bind_text (insert, 2, products->pdata[i % n_capacities]);
          loket_db_bind_text (insert, 3, loket_record_get_id (capacity));
          loket_db_bind_text (insert, 4, loket_record_get_id (customer));
          loket_db_bind_text (insert, 5, start_at);
          loket_db_bind_text (insert, 6, end_at);
          loket_db_bind_text (insert, 7, reason);
          g_assert_true (loket_db_step_done (db, insert, &error));
          g_assert_no_error (error);
          sqlite3_reset (insert);
        }
    }
  g_assert_true (loket_db_commit (db, &error));
}

static const AgendaSetup large_agenda = { insert_load };

static gboolean
day_has_n (AgendaFixture *fixture, gpointer n)
{
  LoketAgendaDay *day = LOKET_AGENDA_DAY (agenda_find_view (fixture, LOKET_TYPE_AGENDA_DAY));

  return loket_agenda_day_get_n_appointments (day) == GPOINTER_TO_UINT (n) &&
         gtk_widget_get_mapped (GTK_WIDGET (day));
}

static gboolean
shows_some_blocks (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);

  return rows->len > 0;
}

/* The row widgets a list view (or the list inside a column view) has made. */
static guint
realized_rows (GtkWidget *list_view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static GtkWidget *
day_grid_list (AgendaFixture *fixture)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  loket_test_collect (agenda_find_view (fixture, LOKET_TYPE_AGENDA_DAY), GTK_TYPE_LIST_VIEW, lists);
  g_assert_cmpuint (lists->len, ==, 1);
  return lists->pdata[0];
}

/* Scrolls the scrolled window around widget to its end (again and again, as the list's
 * estimate of its height settles) until text is laid out in the window's viewport. */
static gboolean
scrolled_to_text (AgendaFixture *fixture, gpointer data)
{
  GtkWidget *widget = g_object_get_data (G_OBJECT (fixture->window), "scroll-target");
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  if (loket_test_label_in_viewport (widget, data))
    return TRUE;
  gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
  return FALSE;
}

static void
scroll_to_end_shows (AgendaFixture *fixture, GtkWidget *widget, const char *text)
{
  g_object_set_data (G_OBJECT (fixture->window), "scroll-target", widget);
  g_assert_true (agenda_wait_until (fixture, scrolled_to_text, (gpointer) text, AGENDA_WAIT_MS));
  g_assert_false (loket_test_label_in_viewport (widget, "Test visit 000"));
}

/* A day of 500 appointments and a week of 2,500: the views hold them all in their models but
 * make widgets only for the rows on screen, and scrolling to the end shows the last one. */
static void
test_large_agenda (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  LoketAgendaDay *day;
  LoketAgendaWeek *week;
  guint n, n_week;

  loket_agenda_view_set_date (fixture->agenda, &fixture->load_day);
  expected = agenda_appointments_shown (fixture);
  n = g_list_model_get_n_items (expected);
  g_assert_cmpuint (n, >=, LOAD_PER_DAY);
  g_assert_true (agenda_wait_until (fixture, day_has_n, GUINT_TO_POINTER (n), AGENDA_WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, shows_some_blocks, NULL, AGENDA_WAIT_MS));
  day = LOKET_AGENDA_DAY (agenda_find_view (fixture, LOKET_TYPE_AGENDA_DAY));
  g_assert_cmpuint (g_list_model_get_n_items (loket_agenda_day_get_rows (day)), >=, LOAD_PER_DAY);

  blocks = agenda_rows (fixture);
  g_test_message ("day: %u appointments, %u rows, %u rows made, %u blocks shown", n,
                  g_list_model_get_n_items (loket_agenda_day_get_rows (day)),
                  realized_rows (day_grid_list (fixture)), blocks->len);
  g_assert_cmpuint (realized_rows (day_grid_list (fixture)), <=, MAX_ROW_WIDGETS);
  g_assert_cmpuint (blocks->len, <=, MAX_ROW_WIDGETS);

  scroll_to_end_shows (fixture, gtk_widget_get_parent (day_grid_list (fixture)), "Test visit 499");
  g_assert_cmpuint (realized_rows (day_grid_list (fixture)), <=, MAX_ROW_WIDGETS);

  /* The week: five such days. */
  loket_agenda_view_set_view (fixture->agenda, "week");
  g_assert_true (agenda_wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK),
                                    AGENDA_WAIT_MS));
  week = LOKET_AGENDA_WEEK (agenda_find_view (fixture, LOKET_TYPE_AGENDA_WEEK));
  n_week = week_appointments (fixture, &fixture->load_day);
  g_assert_cmpuint (n_week, >=, LOAD_PER_DAY * LOAD_DAYS);
  g_assert_cmpuint (loket_agenda_week_get_n_appointments (week), ==, n_week);
  g_assert_cmpuint (g_list_model_get_n_items (loket_agenda_week_get_day_model (week, 0)), ==, n);

  loket_test_collect (GTK_WIDGET (week), GTK_TYPE_LIST_VIEW, lists);
  g_assert_cmpuint (lists->len, ==, 7);
  for (guint i = 0; i < lists->len; i++)
    g_assert_cmpuint (realized_rows (lists->pdata[i]), <=, MAX_ROW_WIDGETS);
  scroll_to_end_shows (fixture, lists->pdata[LOAD_DAYS - 1], "Test visit 499");
  g_assert_cmpuint (realized_rows (lists->pdata[LOAD_DAYS - 1]), <=, MAX_ROW_WIDGETS);
}

/* Sends a key press to the day grid the way GTK delivers it to the grid's key controller (the
 * arrow keys are taken there before the list sees them); TRUE when the grid took it. */
static gboolean
press_in_grid (AgendaFixture *fixture, guint keyval)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  loket_test_collect (agenda_find_view (fixture, LOKET_TYPE_AGENDA_DAY), GTK_TYPE_COLUMN_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  controllers = gtk_widget_observe_controllers (views->pdata[0]);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  return handled;
}

/* The replica's appointment of the day shown that is at this capacity, first or last. */
static LoketRecord *
end_of_capacity (AgendaFixture *fixture, const char *capacity_id, gboolean last)
{
  g_autoptr(GListModel) shown = agenda_appointments_shown (fixture);
  LoketRecord *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (shown, i);

      if (g_str_equal (loket_record_get_string (appointment, "capacity_id"), capacity_id) &&
          (found == NULL || last))
        g_set_object (&found, appointment);
    }
  return found;
}

static gboolean
selected_is (AgendaFixture *fixture, gpointer id)
{
  LoketRecord *selected = loket_agenda_view_get_selected (fixture->agenda);

  return selected != NULL && g_str_equal (loket_record_get_id (selected), id) &&
         agenda_appointment_focused (fixture, selected);
}

static void
assert_moves_to (AgendaFixture *fixture, guint keyval, const char *id)
{
  g_assert_true (press_in_grid (fixture, keyval));
  g_assert_true (agenda_wait_until (fixture, selected_is, (gpointer) id, AGENDA_WAIT_MS));
}

/* In the day grid the arrow keys go from appointment to appointment: Down to the next one at
 * the same counter, Right to the nearest one at the next counter, End to a counter's last;
 * the focused one is in sight (also far to the right) and Enter opens it. */
static void
test_day_keyboard (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) last = NULL;
  g_autoptr(GListModel) capacities = NULL;
  GtkWidget *focus, *scroller;
  graphene_rect_t bounds;
  guint n_capacities;

  loket_agenda_view_set_date (fixture->agenda, &fixture->load_day);
  capacities = loket_replica_list_capacities (fixture->desk->replica,
                                              loket_agenda_view_get_location_id (fixture->agenda));
  n_capacities = g_list_model_get_n_items (capacities);
  g_assert_cmpuint (n_capacities, >=, 2);
  g_assert_true (agenda_wait_until (fixture, shows_some_blocks, NULL, AGENDA_WAIT_MS));

  /* Coming from the toolbar, the focus goes to the first appointment of the day. */
  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));
  loket_agenda_view_focus_appointments (fixture->agenda);
  g_assert_true (agenda_wait_until (fixture, selected_is, "load-0-000", AGENDA_WAIT_MS));

  {
    g_autofree char *below = g_strdup_printf ("load-0-%03u", n_capacities);
    g_autofree char *right = g_strdup_printf ("load-0-%03u", n_capacities + 1);
    g_autoptr(LoketRecord) second = g_list_model_get_item (capacities, 1);

    assert_moves_to (fixture, GDK_KEY_Down, below);
    assert_moves_to (fixture, GDK_KEY_Right, right);
    assert_moves_to (fixture, GDK_KEY_Up, "load-0-001");
    last = end_of_capacity (fixture, loket_record_get_id (second), TRUE);
    assert_moves_to (fixture, GDK_KEY_End, loket_record_get_id (last));
  }

  /* To the last counter or room: the grid scrolls sideways to keep it in sight. */
  for (guint i = 0; i < n_capacities; i++)
    g_assert_true (press_in_grid (fixture, GDK_KEY_Right));
  g_assert_true (agenda_wait_until (fixture, shows_some_blocks, NULL, AGENDA_WAIT_MS));
  {
    g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, n_capacities - 1);
    g_autoptr(LoketRecord) at_last = NULL;
    LoketRecord *selected = loket_agenda_view_get_selected (fixture->agenda);

    g_assert_cmpstr (loket_record_get_string (selected, "capacity_id"), ==, loket_record_get_id (capacity));
    at_last = g_object_ref (selected);
    g_assert_true (agenda_wait_until (fixture, selected_is, (gpointer) loket_record_get_id (at_last),
                                      AGENDA_WAIT_MS));
  }
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  scroller = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (focus, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller));

  /* Enter on it opens its popover. */
  g_assert_true (gtk_widget_activate (focus));
  g_assert_true (agenda_wait_until (fixture, agenda_popover_open, NULL, AGENDA_WAIT_MS));
  g_assert_cmpstr (loket_appointment_popover_get_appointment_id (LOKET_APPOINTMENT_POPOVER (popover (fixture))),
                   ==, loket_record_get_id (loket_agenda_view_get_selected (fixture->agenda)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  agenda_test_add ("/ui/agenda/views-by-keyboard", NULL, test_views_by_keyboard);
  agenda_test_add ("/ui/agenda/list-filter", NULL, test_list_filter);
  agenda_test_add ("/ui/agenda/popover", NULL, test_popover_contents);
  agenda_test_add ("/ui/agenda/popover-cancel", NULL, test_popover_cancel);
  agenda_test_add ("/ui/agenda/large-agenda", &large_agenda, test_large_agenda);
  agenda_test_add ("/ui/agenda/day-keyboard", &large_agenda, test_day_keyboard);
  agenda_test_add ("/ui/agenda/popover-reschedule", NULL, test_popover_reschedule);
  agenda_test_add ("/ui/agenda/popover-no-show", &past_booked, test_popover_no_show);
  return g_test_run ();
}
