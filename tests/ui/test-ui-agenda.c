/* test-ui-agenda.c — the desk window under Xvfb against a demo server.
 *
 * A real loket-sync with demo data on loopback, a fresh replica that logs in and syncs, and the
 * real LoketWindow.  Every check reads the widgets (labels in the agenda's rows, the booking
 * dialog's fields) and compares them with what the replica says; waits iterate the main
 * context until a condition holds, bounded, never sleep.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-agenda-block.h"
#include "loket-agenda-day.h"
#include "loket-agenda-list.h"
#include "loket-agenda-time-row.h"
#include "loket-agenda-view.h"
#include "loket-agenda-week.h"
#include "loket-appointment-popover.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"
#include "loket-booking-dialog.h"
#include "loket-time.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketWindow       *window;
  LoketAgendaView   *agenda;
  GDate              load_day;  /* the first of the days filled by insert_load */
  char              *past_id;   /* a booked appointment whose start has passed (make_past_booked) */
} Fixture;

/* Waiting ---------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture, gpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gpointer data, guint timeout_ms)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, timeout_ms);
}

/* "09:10–09:20": the first line of every appointment row. */
static gboolean
is_time_range (const char *text)
{
  return g_regex_match_simple ("^[0-2][0-9]:[0-5][0-9]–[0-2][0-9]:[0-5][0-9]$", text, 0, 0);
}

/* The appointments the agenda shows: every block on screen (named "appointment-block") that
 * displays a time.  Blocks of empty cells and of views not shown are not mapped. */
static void
collect_blocks (GtkWidget *widget, GPtrArray *blocks)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_strcmp0 (gtk_widget_get_name (widget), "appointment-block") == 0)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (widget);

      for (guint j = 0; j < texts->len; j++)
        if (is_time_range (texts->pdata[j]))
          {
            g_ptr_array_add (blocks, widget);
            break;
          }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_blocks (child, blocks);
}

static GPtrArray *
agenda_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_blocks (GTK_WIDGET (fixture->agenda), rows);
  return rows;
}

/* Replica facts ---------------------------------------------------------------------------- */

static GListModel *
appointments_shown (Fixture *fixture)
{
  return loket_replica_list_appointments (fixture->desk->replica,
                                          loket_agenda_view_get_location_id (fixture->agenda),
                                          loket_agenda_view_get_date (fixture->agenda));
}

static void
location_today (Fixture *fixture, GDate *today)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
day_in_words (Fixture *fixture, const GDate *day)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autoptr(GDateTime) noon = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                               g_date_get_day (day), 12, 0, 0);

  return g_date_time_format (noon, "%A %-e %B %Y");
}

/* Conditions ------------------------------------------------------------------------------- */

static gboolean
agenda_mapped (Fixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->agenda));
}

static GtkWidget *find_view (Fixture *fixture, GType type);

/* The day grid's appointment in its rows, or NULL. */
static LoketRecord *
grid_appointment (LoketAgendaDay *day, const char *id)
{
  GListModel *rows = loket_agenda_day_get_rows (day);

  for (guint r = 0; r < g_list_model_get_n_items (rows); r++)
    {
      g_autoptr(LoketAgendaTimeRow) row = g_list_model_get_item (rows, r);

      for (guint c = 0; c < loket_agenda_time_row_get_n_columns (row); c++)
        {
          LoketRecord *appointment = loket_agenda_time_row_get (row, c);

          if (appointment != NULL && g_str_equal (loket_record_get_id (appointment), id))
            return appointment;
        }
    }
  return NULL;
}

/* The day grid holds exactly the replica's appointments of the day shown, as the replica has
 * them now, and what is on screen are blocks of those appointments (a long day scrolls: the
 * rest is in the grid's rows, not on screen). */
static gboolean
rows_match_replica (Fixture *fixture, gpointer data)
{
  g_autoptr(GListModel) expected = appointments_shown (fixture);
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  LoketAgendaDay *day = LOKET_AGENDA_DAY (find_view (fixture, LOKET_TYPE_AGENDA_DAY));
  guint n = g_list_model_get_n_items (expected);

  if (loket_agenda_day_get_n_appointments (day) != n || rows->len > n || (n > 0) != (rows->len > 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (expected, i);
      LoketRecord *shown = grid_appointment (day, loket_record_get_id (appointment));

      if (shown == NULL || !json_object_equal (loket_record_get_columns (shown),
                                               loket_record_get_columns (appointment)))
        return FALSE;
      g_ptr_array_add (names, (gpointer) loket_record_get_string (appointment, "customer_name"));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);
      gboolean known = FALSE;

      for (guint j = 0; j < names->len && !known; j++)
        known = *(const char *) names->pdata[j] == '\0' || loket_test_texts_contain (texts, names->pdata[j]);
      if (!known)
        return FALSE;
    }
  return TRUE;
}

static gboolean
empty_page_shown (Fixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->agenda), ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (gtk_widget_get_mapped (pages->pdata[i]))
      {
        const char *title = adw_status_page_get_title (pages->pdata[i]);

        return g_str_equal (title, "No Appointments") || g_str_equal (title, "Closed");
      }
  return FALSE;
}

static void
assert_agenda_shows_day (Fixture *fixture)
{
  g_autoptr(GListModel) expected = appointments_shown (fixture);
  g_autofree char *words = day_in_words (fixture, loket_agenda_view_get_date (fixture->agenda));
  g_autoptr(GPtrArray) texts = NULL;

  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));
  texts = loket_test_visible_label_texts (GTK_WIDGET (fixture->agenda));
  g_assert_true (loket_test_texts_contain (texts, words));
  if (g_list_model_get_n_items (expected) == 0)
    g_assert_true (wait_until (fixture, empty_page_shown, NULL, WAIT_MS));
}

/* Fixture ---------------------------------------------------------------------------------- */

/* A clerk of the demo (every desk of the test signs in as the same one). */
static char *
clerk_username (Fixture *fixture)
{
  char *username = loket_test_ui_server_text (fixture->demo, "SELECT username FROM users "
                                              "WHERE role_id = 'medewerker' LIMIT 1");

  g_assert_nonnull (username);
  return username;
}

/* Something to put into the replica after the first sync, before the window opens. */
typedef struct {
  void (*prepare) (Fixture *fixture);
} Setup;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *username = NULL;

  fixture->demo = loket_test_ui_server_start ("agenda");
  username = clerk_username (fixture);
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "replica", username);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  if (data != NULL)
    ((const Setup *) data)->prepare (fixture);

  fixture->window = loket_window_new (NULL, fixture->desk->replica, fixture->desk->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "agenda");
  fixture->agenda = LOKET_AGENDA_VIEW (loket_window_get_agenda (fixture->window));
  g_assert_nonnull (fixture->agenda);
  g_assert_true (wait_until (fixture, agenda_mapped, NULL, WAIT_MS));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->past_id);
}

/* Tests ------------------------------------------------------------------------------------ */

/* The agenda opens on today at the user's location and shows the replica's appointments; the
 * day keys move to the next day that has some, and back. */
static void
test_agenda_shows_today (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) today_appointments = NULL;
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->desk->replica);
  GDate today;
  guint n = 0;

  location_today (fixture, &today);
  g_assert_cmpstr (loket_agenda_view_get_location_id (fixture->agenda), ==,
                   loket_record_get_string (user, "location_id"));
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), ==, 0);
  assert_agenda_shows_day (fixture);
  today_appointments = appointments_shown (fixture);
  g_test_message ("%u appointments today", g_list_model_get_n_items (today_appointments));

  /* A weekend or holiday has none: walk forward to a day that has, as a clerk would. */
  for (guint i = 0; i < 10 && n == 0; i++)
    {
      g_autoptr(GListModel) shown = NULL;

      gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
      shown = appointments_shown (fixture);
      n = g_list_model_get_n_items (shown);
      assert_agenda_shows_day (fixture);
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), >, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.today", NULL);
  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today), ==, 0);
  assert_agenda_shows_day (fixture);
}

/* Choosing another location in the drop-down shows that location's capacities and day. */
static void
test_agenda_switches_location (Fixture *fixture, gconstpointer data)
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
          g_autoptr(GListModel) shown = appointments_shown (fixture);

          assert_agenda_shows_day (fixture);
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
booking_dialog_open (Fixture *fixture, gpointer data)
{
  return find_booking_dialog () != NULL;
}

static gboolean
booking_dialog_closed (Fixture *fixture, gpointer data)
{
  return find_booking_dialog () == NULL;
}

/* A row of the agenda with this customer and the "Not yet sent" tag. */
static gboolean
pending_row_shown (Fixture *fixture, gpointer data)
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

/* A free desk place at the agenda's location from today on: capacity, product and start. */
static gboolean find_free_place (Fixture *fixture, LoketBookingInput *input, GDate *day);

/* With the server stopped, a booking made on this desk lands in the replica's outbox; when the
 * booking dialog reports it, the agenda goes to its day and selects it, marked as not yet sent.
 * (The dialog's own steps are tested in test-ui-booking.) */
static void
test_offline_booking (Fixture *fixture, gconstpointer data)
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
  g_assert_true (wait_until (fixture, booking_dialog_open, NULL, WAIT_MS));
  dialog = find_booking_dialog ();
  input.customer_id = loket_record_get_id (customer);
  id = loket_replica_book_appointment (fixture->desk->replica, &input, &error);
  g_assert_no_error (error);
  loket_booking_dialog_set_day (dialog, &day);
  g_signal_emit_by_name (dialog, "booked", id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_until (fixture, booking_dialog_closed, NULL, WAIT_MS));

  g_assert_cmpint (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &day), ==, 0);
  selected = loket_agenda_view_get_selected (fixture->agenda);
  g_assert_nonnull (selected);
  g_assert_cmpstr (loket_record_get_id (selected), ==, id);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  g_assert_true (wait_until (fixture, pending_row_shown, (gpointer) name, WAIT_MS));
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));
}

/* The first still-booked appointment from today on, with the agenda moved to its day. */
static LoketRecord *
go_to_booked_appointment (Fixture *fixture)
{
  for (guint day = 0; day < 10; day++)
    {
      g_autoptr(GListModel) shown = appointments_shown (fixture);

      for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr(LoketRecord) appointment = g_list_model_get_item (shown, i);

          if (g_str_equal (loket_record_get_string (appointment, "status"), "booked"))
            return g_steal_pointer (&appointment);
        }
      gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
    }
  return NULL;
}

static gboolean
cancelled_row_shown (Fixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);
      if (loket_test_texts_contain (texts, data) && gtk_widget_has_css_class (rows->pdata[i], "dim-label"))
        return TRUE;
    }
  return FALSE;
}

static gboolean press_key (Fixture *fixture, guint keyval, GdkModifierType mods);
static gboolean appointment_focused (Fixture *fixture, gpointer appointment);

static gboolean
popover_closed (Fixture *fixture, gpointer data)
{
  return !gtk_widget_get_visible (loket_agenda_view_get_popover (fixture->agenda));
}

/* Delete on the selected appointment asks in its popover why it is cancelled (a reason is
 * required), cancels it in the replica, and the block stays in the agenda, dimmed, with the
 * reason. */
static void
test_cancel_appointment (Fixture *fixture, gconstpointer data)
{
  const char *reason = "Customer cancelled by phone";
  g_autofree char *line = g_strdup_printf ("Cancelled: %s", reason);
  g_autoptr(LoketRecord) appointment = go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) after = NULL;
  GtkWidget *popover = loket_agenda_view_get_popover (fixture->agenda);
  GtkWidget *entry, *confirm;

  g_assert_nonnull (appointment);
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));

  /* Nothing selected: nothing to cancel. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_false (gtk_widget_get_visible (popover));

  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda,
                                                       loket_record_get_id (appointment)));
  g_assert_true (wait_until (fixture, appointment_focused, appointment, WAIT_MS));
  g_assert_true (press_key (fixture, GDK_KEY_Delete, 0));
  g_assert_true (gtk_widget_get_visible (popover));
  entry = loket_test_get_named (popover, "cancel-reason");
  confirm = loket_test_get_named (popover, "confirm-cancel-button");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_is_sensitive (confirm));
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (gtk_widget_is_sensitive (confirm));
  g_signal_emit_by_name (entry, "activate");  /* Enter in the reason */
  g_assert_true (wait_until (fixture, popover_closed, NULL, WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "cancelled");
  g_assert_cmpstr (loket_record_get_string (after, "status_reason"), ==, reason);
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  g_assert_true (wait_until (fixture, cancelled_row_shown, line, WAIT_MS));
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));

  /* It stays selected, but a cancelled appointment cannot be cancelled again. */
  g_assert_cmpstr (loket_record_get_id (loket_agenda_view_get_selected (fixture->agenda)), ==,
                   loket_record_get_id (appointment));
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_false (gtk_widget_get_visible (popover));
}

/* A free desk place at the agenda's location from today on: capacity, product and start. */
static gboolean
find_free_place (Fixture *fixture, LoketBookingInput *input, GDate *day)
{
  const char *location = loket_agenda_view_get_location_id (fixture->agenda);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->desk->replica,
                                                                    location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  location_today (fixture, day);
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
rejected_row_shown (Fixture *fixture, gpointer data)
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
test_rejected_booking (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk->replica, "", 2);
  g_autoptr(LoketRecord) ours = g_list_model_get_item (customers, 0);
  g_autoptr(LoketRecord) theirs = g_list_model_get_item (customers, 1);
  g_autofree char *username = clerk_username (fixture);
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
  shown = appointments_shown (fixture);
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
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, our_id));
  g_assert_true (wait_until (fixture, rejected_row_shown, (gpointer) name, WAIT_MS));

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.new-appointment", NULL);
  g_assert_true (wait_until (fixture, booking_dialog_open, NULL, WAIT_MS));
  dialog = GTK_WIDGET (find_booking_dialog ());
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Book Again");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_until (fixture, booking_dialog_closed, NULL, WAIT_MS));
}


/* Keys ------------------------------------------------------------------------------------- */

/* What pressing a key does: the first shortcut for it on the focus widget or on one of its
 * ancestors is activated, the way GTK hands a key press from the focus up to the window.
 * (Under Xvfb a test cannot type; this finds the binding a real key press would find.) */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger, GtkShortcutTrigger *wanted)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted);
  return gtk_shortcut_trigger_equal (trigger, wanted);
}

static gboolean
press_key (Fixture *fixture, guint keyval, GdkModifierType mods)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (GtkWidget *widget = focus != NULL ? focus : GTK_WIDGET (fixture->window); widget != NULL;
       widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              if (trigger_matches (gtk_shortcut_get_trigger (shortcut), wanted) &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }
  return FALSE;
}

static GtkWidget *
find_view (Fixture *fixture, GType type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->agenda), type, found);
  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

static gboolean
view_mapped (Fixture *fixture, gpointer type)
{
  return gtk_widget_get_mapped (find_view (fixture, GPOINTER_TO_SIZE (type)));
}

static guint
week_appointments (Fixture *fixture, const GDate *date)
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
test_views_by_keyboard (Fixture *fixture, gconstpointer data)
{
  GtkWidget *week, *list;
  const char *header;

  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "day");
  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));

  g_assert_true (press_key (fixture, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "week");
  g_assert_true (wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK), WAIT_MS));
  week = find_view (fixture, LOKET_TYPE_AGENDA_WEEK);
  g_assert_cmpuint (loket_agenda_week_get_n_appointments (LOKET_AGENDA_WEEK (week)), ==,
                    week_appointments (fixture, loket_agenda_view_get_date (fixture->agenda)));
  header = gtk_label_get_text (GTK_LABEL (loket_test_get_named (fixture->agenda, "agenda-date")));
  g_assert_true (g_str_has_prefix (header, "Week "));

  g_assert_true (press_key (fixture, GDK_KEY_3, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "list");
  g_assert_true (wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_LIST), WAIT_MS));
  list = find_view (fixture, LOKET_TYPE_AGENDA_LIST);
  g_assert_true (gtk_widget_get_mapped (list));
  /* The list has no day to turn. */
  {
    GDate before = *loket_agenda_view_get_date (fixture->agenda);

    gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
    g_assert_cmpint (g_date_compare (&before, loket_agenda_view_get_date (fixture->agenda)), ==, 0);
  }

  g_assert_true (press_key (fixture, GDK_KEY_1, GDK_ALT_MASK));
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "day");
  assert_agenda_shows_day (fixture);

  /* From another page the window takes the keys to the agenda. */
  loket_window_show_page (fixture->window, "customers");
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window));
  g_assert_true (press_key (fixture, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "agenda");
  g_assert_cmpstr (loket_agenda_view_get_view (fixture->agenda), ==, "week");
  g_assert_true (wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK), WAIT_MS));

  /* Alt+Right in the week goes a week on. */
  {
    GDate before = *loket_agenda_view_get_date (fixture->agenda);

    g_assert_true (press_key (fixture, GDK_KEY_Right, GDK_ALT_MASK));
    g_assert_cmpint (g_date_days_between (&before, loket_agenda_view_get_date (fixture->agenda)), ==, 7);
    g_assert_cmpuint (loket_agenda_week_get_n_appointments (LOKET_AGENDA_WEEK (week)), ==,
                      week_appointments (fixture, loket_agenda_view_get_date (fixture->agenda)));
  }
}

/* The list view -------------------------------------------------------------------------------- */

static guint
query_count (Fixture *fixture, const char *capacity_id, const char *product_id,
             const char *status)
{
  GDate today;
  LoketAppointmentFilter filter = {
    .location_id = loket_agenda_view_get_location_id (fixture->agenda),
    .capacity_id = capacity_id, .product_id = product_id, .status = status, .from = &today,
  };
  g_autoptr(GListModel) found = NULL;

  location_today (fixture, &today);
  found = loket_replica_query_appointments (fixture->desk->replica, &filter);
  return MIN (g_list_model_get_n_items (found), 1000);
}

static gboolean
list_has_n (Fixture *fixture, gpointer n)
{
  LoketAgendaList *list = LOKET_AGENDA_LIST (find_view (fixture, LOKET_TYPE_AGENDA_LIST));

  return g_list_model_get_n_items (loket_agenda_list_get_model (list)) == GPOINTER_TO_UINT (n);
}

static void
choose (Fixture *fixture, const char *dropdown_name, const char *text)
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
assert_list_all (Fixture *fixture, const char *column, const char *value)
{
  GListModel *model = loket_agenda_list_get_model (LOKET_AGENDA_LIST (find_view (fixture, LOKET_TYPE_AGENDA_LIST)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (loket_record_get_string (row, column), ==, value);
    }
}

/* The list shows the upcoming appointments of the location by time, and narrows down by status,
 * product and counter or room exactly as the replica does. */
static void
test_list_filter (Fixture *fixture, gconstpointer data)
{
  GListModel *model;
  g_autoptr(LoketRecord) first = NULL;
  g_autofree char *count = NULL;
  g_autofree char *product_id = NULL;
  g_autofree char *capacity_id = NULL;
  guint n;

  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));
  g_assert_true (press_key (fixture, GDK_KEY_3, GDK_ALT_MASK));
  g_assert_true (wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_LIST), WAIT_MS));
  model = loket_agenda_list_get_model (LOKET_AGENDA_LIST (find_view (fixture, LOKET_TYPE_AGENDA_LIST)));

  n = query_count (fixture, NULL, NULL, NULL);
  g_assert_cmpuint (n, >, 1);
  g_assert_true (wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), WAIT_MS));
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
  g_assert_true (wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), WAIT_MS));
  assert_list_all (fixture, "status", "booked");

  first = g_list_model_get_item (model, 0);
  product_id = g_strdup (loket_record_get_string (first, "product_id"));
  choose (fixture, "product-filter", loket_record_get_string (first, "product_name"));
  n = query_count (fixture, NULL, product_id, "booked");
  g_assert_true (wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), WAIT_MS));
  assert_list_all (fixture, "product_id", product_id);
  assert_list_all (fixture, "status", "booked");

  capacity_id = g_strdup (loket_record_get_string (first, "capacity_id"));
  choose (fixture, "capacity-filter", loket_record_get_string (first, "capacity_name"));
  n = query_count (fixture, capacity_id, product_id, "booked");
  g_assert_cmpuint (n, >, 0);
  g_assert_true (wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), WAIT_MS));
  assert_list_all (fixture, "capacity_id", capacity_id);

  /* Back to every status: the list widens again. */
  choose (fixture, "status-filter", "All Statuses");
  n = query_count (fixture, capacity_id, product_id, NULL);
  g_assert_true (wait_until (fixture, list_has_n, GUINT_TO_POINTER (n), WAIT_MS));
}

/* The popover ---------------------------------------------------------------------------------- */

static GtkWidget *
popover (Fixture *fixture)
{
  return loket_agenda_view_get_popover (fixture->agenda);
}

static gboolean
popover_open (Fixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (popover (fixture));
}


static gboolean
widget_mapped (Fixture *fixture, gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static char *
time_range (Fixture *fixture, LoketRecord *appointment)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (appointment, "start_at"), tz);
  g_autofree char *end = loket_time_format_clock (loket_record_get_string (appointment, "end_at"), tz);

  return g_strdup_printf ("%s–%s", start, end);
}

/* The keyboard focus is on the day grid's button of this appointment. */
static gboolean
appointment_focused (Fixture *fixture, gpointer appointment)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_autofree char *range = time_range (fixture, appointment);
  g_autoptr(GPtrArray) texts = NULL;

  if (focus == NULL || !GTK_IS_BUTTON (focus) ||
      gtk_widget_get_ancestor (focus, LOKET_TYPE_AGENDA_DAY) == NULL)
    return FALSE;
  texts = loket_test_visible_label_texts (focus);
  return loket_test_texts_contain (texts, range) &&
         loket_test_texts_contain (texts, loket_record_get_string (appointment, "customer_name"));
}

/* Escape in the popover, as GTK delivers it: to the key controllers of the focus and its
 * ancestors up to the popover, or to a shortcut for it. */
static gboolean
press_escape (Fixture *fixture)
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
  return press_key (fixture, GDK_KEY_Escape, 0);
}

/* Selects the appointment in the day grid and presses Enter on it, as a clerk would. */
static void
open_popover (Fixture *fixture, LoketRecord *appointment)
{
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, loket_record_get_id (appointment)));
  g_assert_true (wait_until (fixture, appointment_focused, appointment, WAIT_MS));
  /* Enter on a focused button activates it. */
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (fixture->window))));
  g_assert_true (wait_until (fixture, popover_open, NULL, WAIT_MS));
}

/* Enter on a booked appointment opens its popover: the customer, the product, what can be done
 * with it and its history, which starts with "Booked". */
static void
test_popover_contents (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) full = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GtkWidget *history_list;
  GDate today;

  g_assert_nonnull (appointment);
  full = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_nonnull (full);
  open_popover (fixture, appointment);
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
  location_today (fixture, &today);
  if (g_date_compare (loket_agenda_view_get_date (fixture->agenda), &today) > 0)
    g_assert_false (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "no-show-button")));

  /* Escape closes it (GTK's own key of a popover) and the focus is back on the appointment. */
  g_assert_true (press_escape (fixture));
  g_assert_true (wait_until (fixture, popover_closed, NULL, WAIT_MS));
  g_assert_true (wait_until (fixture, appointment_focused, appointment, WAIT_MS));
}

/* Cancel in the popover asks for a reason (required), cancels in the replica with it, closes,
 * and the agenda shows the appointment dimmed with its reason. */
static void
test_popover_cancel (Fixture *fixture, gconstpointer data)
{
  const char *reason = "Customer moved away";
  g_autofree char *line = g_strdup_printf ("Cancelled: %s", reason);
  g_autoptr(LoketRecord) appointment = go_to_booked_appointment (fixture);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(GListModel) events = NULL;
  GtkWidget *entry, *confirm;

  g_assert_nonnull (appointment);
  open_popover (fixture, appointment);
  gtk_widget_activate (loket_test_get_named (popover (fixture), "cancel-button"));
  entry = loket_test_get_named (popover (fixture), "cancel-reason");
  g_assert_true (wait_until (fixture, widget_mapped, entry, WAIT_MS));
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
  g_assert_true (wait_until (fixture, popover_closed, NULL, WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "cancelled");
  g_assert_cmpstr (loket_record_get_string (after, "status_reason"), ==, reason);
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);
  events = loket_replica_list_appointment_events (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpuint (g_list_model_get_n_items (events), >=, 2);
  g_assert_true (wait_until (fixture, cancelled_row_shown, line, WAIT_MS));
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));

  /* Opened again, it shows the cancellation and offers no cancel. */
  open_popover (fixture, after);
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
test_popover_reschedule (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = go_to_booked_appointment (fixture);
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

  open_popover (fixture, appointment);
  gtk_widget_activate (loket_test_get_named (popover (fixture), "reschedule-button"));
  list = loket_test_get_named (popover (fixture), "alternatives");
  g_assert_true (wait_until (fixture, widget_mapped, list, WAIT_MS));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));
  for (guint i = 0; i < g_list_model_get_n_items (alternatives); i++)
    g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) i));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) g_list_model_get_n_items (alternatives)));
  gtk_widget_activate (GTK_WIDGET (row));  /* Enter on the first free time */
  g_assert_true (wait_until (fixture, popover_closed, NULL, WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, loket_record_get_id (appointment));
  g_assert_cmpstr (loket_record_get_string (after, "start_at"), ==, loket_record_get_string (first, "start_at"));
  g_assert_cmpstr (loket_record_get_string (after, "capacity_id"), ==, loket_record_get_string (first, "capacity_id"));
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "booked");
  g_assert_cmpint (loket_record_get_int (after, "pending"), ==, 1);
}

/* One appointment of the user's location that has started already is made booked again, as if
 * the customer never came. */
static void
make_past_booked (Fixture *fixture)
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

static const Setup past_booked = { make_past_booked };

/* A booked appointment whose start has passed can be marked as a no-show in its popover; the
 * replica and the popover's history say so. */
static void
test_popover_no_show (Fixture *fixture, gconstpointer data)
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
  open_popover (fixture, appointment);
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (popover (fixture), "no-show-button")));
  gtk_widget_activate (loket_test_get_named (popover (fixture), "no-show-button"));
  g_assert_true (wait_until (fixture, popover_closed, NULL, WAIT_MS));

  after = loket_replica_get_appointment (fixture->desk->replica, fixture->past_id);
  g_assert_cmpstr (loket_record_get_string (after, "status"), ==, "no_show");
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 1);

  open_popover (fixture, after);
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
insert_load (Fixture *fixture)
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

static const Setup large_agenda = { insert_load };

static gboolean
day_has_n (Fixture *fixture, gpointer n)
{
  LoketAgendaDay *day = LOKET_AGENDA_DAY (find_view (fixture, LOKET_TYPE_AGENDA_DAY));

  return loket_agenda_day_get_n_appointments (day) == GPOINTER_TO_UINT (n) &&
         gtk_widget_get_mapped (GTK_WIDGET (day));
}

static gboolean
shows_some_blocks (Fixture *fixture, gpointer data)
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
day_grid_list (Fixture *fixture)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  loket_test_collect (find_view (fixture, LOKET_TYPE_AGENDA_DAY), GTK_TYPE_LIST_VIEW, lists);
  g_assert_cmpuint (lists->len, ==, 1);
  return lists->pdata[0];
}

/* Scrolls the scrolled window around widget to its end (again and again, as the list's
 * estimate of its height settles) until text is on screen. */
static gboolean
scrolled_to_text (Fixture *fixture, gpointer data)
{
  GtkWidget *widget = g_object_get_data (G_OBJECT (fixture->window), "scroll-target");
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (widget);

  if (loket_test_texts_contain (texts, data))
    return TRUE;
  gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
  return FALSE;
}

static void
scroll_to_end_shows (Fixture *fixture, GtkWidget *widget, const char *text)
{
  g_autoptr(GPtrArray) texts = NULL;

  g_object_set_data (G_OBJECT (fixture->window), "scroll-target", widget);
  g_assert_true (wait_until (fixture, scrolled_to_text, (gpointer) text, WAIT_MS));
  texts = loket_test_visible_label_texts (widget);
  g_assert_false (loket_test_texts_contain (texts, "Test visit 000"));
}

/* A day of 500 appointments and a week of 2,500: the views hold them all in their models but
 * make widgets only for the rows on screen, and scrolling to the end shows the last one. */
static void
test_large_agenda (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  LoketAgendaDay *day;
  LoketAgendaWeek *week;
  guint n, n_week;

  loket_agenda_view_set_date (fixture->agenda, &fixture->load_day);
  expected = appointments_shown (fixture);
  n = g_list_model_get_n_items (expected);
  g_assert_cmpuint (n, >=, LOAD_PER_DAY);
  g_assert_true (wait_until (fixture, day_has_n, GUINT_TO_POINTER (n), WAIT_MS));
  g_assert_true (wait_until (fixture, shows_some_blocks, NULL, WAIT_MS));
  day = LOKET_AGENDA_DAY (find_view (fixture, LOKET_TYPE_AGENDA_DAY));
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
  g_assert_true (wait_until (fixture, view_mapped, GSIZE_TO_POINTER (LOKET_TYPE_AGENDA_WEEK), WAIT_MS));
  week = LOKET_AGENDA_WEEK (find_view (fixture, LOKET_TYPE_AGENDA_WEEK));
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
press_in_grid (Fixture *fixture, guint keyval)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  loket_test_collect (find_view (fixture, LOKET_TYPE_AGENDA_DAY), GTK_TYPE_COLUMN_VIEW, views);
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
end_of_capacity (Fixture *fixture, const char *capacity_id, gboolean last)
{
  g_autoptr(GListModel) shown = appointments_shown (fixture);
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
selected_is (Fixture *fixture, gpointer id)
{
  LoketRecord *selected = loket_agenda_view_get_selected (fixture->agenda);

  return selected != NULL && g_str_equal (loket_record_get_id (selected), id) &&
         appointment_focused (fixture, selected);
}

static void
assert_moves_to (Fixture *fixture, guint keyval, const char *id)
{
  g_assert_true (press_in_grid (fixture, keyval));
  g_assert_true (wait_until (fixture, selected_is, (gpointer) id, WAIT_MS));
}

/* In the day grid the arrow keys go from appointment to appointment: Down to the next one at
 * the same counter, Right to the nearest one at the next counter, End to a counter's last;
 * the focused one is in sight (also far to the right) and Enter opens it. */
static void
test_day_keyboard (Fixture *fixture, gconstpointer data)
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
  g_assert_true (wait_until (fixture, shows_some_blocks, NULL, WAIT_MS));

  /* Coming from the toolbar, the focus goes to the first appointment of the day. */
  gtk_widget_grab_focus (loket_test_get_named (fixture->agenda, "location-dropdown"));
  loket_agenda_view_focus_appointments (fixture->agenda);
  g_assert_true (wait_until (fixture, selected_is, "load-0-000", WAIT_MS));

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
  g_assert_true (wait_until (fixture, shows_some_blocks, NULL, WAIT_MS));
  {
    g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, n_capacities - 1);
    g_autoptr(LoketRecord) at_last = NULL;
    LoketRecord *selected = loket_agenda_view_get_selected (fixture->agenda);

    g_assert_cmpstr (loket_record_get_string (selected, "capacity_id"), ==, loket_record_get_id (capacity));
    at_last = g_object_ref (selected);
    g_assert_true (wait_until (fixture, selected_is, (gpointer) loket_record_get_id (at_last), WAIT_MS));
  }
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  scroller = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (focus, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller));

  /* Enter on it opens its popover. */
  g_assert_true (gtk_widget_activate (focus));
  g_assert_true (wait_until (fixture, popover_open, NULL, WAIT_MS));
  g_assert_cmpstr (loket_appointment_popover_get_appointment_id (LOKET_APPOINTMENT_POPOVER (popover (fixture))),
                   ==, loket_record_get_id (loket_agenda_view_get_selected (fixture->agenda)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/agenda/shows-today", Fixture, NULL, fixture_set_up, test_agenda_shows_today,
              fixture_tear_down);
  g_test_add ("/ui/agenda/switches-location", Fixture, NULL, fixture_set_up,
              test_agenda_switches_location, fixture_tear_down);
  g_test_add ("/ui/agenda/offline-booking", Fixture, NULL, fixture_set_up, test_offline_booking,
              fixture_tear_down);
  g_test_add ("/ui/agenda/cancel", Fixture, NULL, fixture_set_up, test_cancel_appointment,
              fixture_tear_down);
  g_test_add ("/ui/agenda/rejected-booking", Fixture, NULL, fixture_set_up,
              test_rejected_booking, fixture_tear_down);
  g_test_add ("/ui/agenda/views-by-keyboard", Fixture, NULL, fixture_set_up,
              test_views_by_keyboard, fixture_tear_down);
  g_test_add ("/ui/agenda/list-filter", Fixture, NULL, fixture_set_up, test_list_filter,
              fixture_tear_down);
  g_test_add ("/ui/agenda/popover", Fixture, NULL, fixture_set_up, test_popover_contents,
              fixture_tear_down);
  g_test_add ("/ui/agenda/popover-cancel", Fixture, NULL, fixture_set_up, test_popover_cancel,
              fixture_tear_down);
  g_test_add ("/ui/agenda/large-agenda", Fixture, &large_agenda, fixture_set_up,
              test_large_agenda, fixture_tear_down);
  g_test_add ("/ui/agenda/day-keyboard", Fixture, &large_agenda, fixture_set_up,
              test_day_keyboard, fixture_tear_down);
  g_test_add ("/ui/agenda/popover-reschedule", Fixture, NULL, fixture_set_up,
              test_popover_reschedule, fixture_tear_down);
  g_test_add ("/ui/agenda/popover-no-show", Fixture, &past_booked, fixture_set_up,
              test_popover_no_show, fixture_tear_down);
  return g_test_run ();
}
