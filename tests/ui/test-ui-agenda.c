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

#include "loket-agenda-view.h"
#include "loket-booking-dialog.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 15000

typedef struct {
  char            *dir;
  LoketTestServer *server;
  LoketReplica    *replica;
  LoketSyncClient *client;
  LoketWindow     *window;
  LoketAgendaView *agenda;
} Fixture;

/* Waiting ---------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture, gpointer data);

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until condition holds; FALSE after timeout_ms.  The short timer only
 * makes the loop look again after frames and idles that changed nothing it was told about. */
static gboolean
wait_until (Fixture *fixture, Condition condition, gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = condition (fixture, data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

static void
on_login (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
on_sync (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* "09:10–09:20": the first line of every appointment row. */
static gboolean
is_time_range (const char *text)
{
  return g_regex_match_simple ("^[0-2][0-9]:[0-5][0-9]–[0-2][0-9]:[0-5][0-9]$", text, 0, 0);
}

/* The appointment rows the agenda shows: the children of its list views that display a time. */
static GPtrArray *
agenda_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GPtrArray *rows = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->agenda), GTK_TYPE_LIST_VIEW, lists);
  for (guint i = 0; i < lists->len; i++)
    for (GtkWidget *item = gtk_widget_get_first_child (lists->pdata[i]); item != NULL;
         item = gtk_widget_get_next_sibling (item))
      {
        g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (item);

        for (guint j = 0; j < texts->len; j++)
          if (is_time_range (texts->pdata[j]))
            {
              g_ptr_array_add (rows, item);
              break;
            }
      }
  return rows;
}

/* Replica facts ---------------------------------------------------------------------------- */

static GListModel *
appointments_shown (Fixture *fixture)
{
  return loket_replica_list_appointments (fixture->replica,
                                          loket_agenda_view_get_location_id (fixture->agenda),
                                          loket_agenda_view_get_date (fixture->agenda));
}

static void
location_today (Fixture *fixture, GDate *today)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
day_in_words (Fixture *fixture, const GDate *day)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->replica, loket_agenda_view_get_location_id (fixture->agenda));
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

/* The rows on screen are exactly the replica's appointments of the day shown. */
static gboolean
rows_match_replica (Fixture *fixture, gpointer data)
{
  g_autoptr(GListModel) expected = appointments_shown (fixture);
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);
  g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (GTK_WIDGET (fixture->agenda));
  guint n = g_list_model_get_n_items (expected);

  if (rows->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (expected, i);
      const char *name = loket_record_get_string (appointment, "customer_name");

      if (*name != '\0' && !loket_test_texts_contain (texts, name))
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

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *replica_db = NULL;
  g_autofree char *username = NULL;
  gboolean logged_in = FALSE, synced = FALSE;

  fixture->dir = g_dir_make_tmp ("loket-ui-agenda-XXXXXX", &error);
  g_assert_no_error (error);
  server_db = g_build_filename (fixture->dir, "server.db", NULL);
  replica_db = g_build_filename (fixture->dir, "replica.db", NULL);

  fixture->server = loket_test_server_start (server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  username = loket_test_db_text (server_db, "SELECT username FROM users "
                                            "WHERE role_id = 'medewerker' LIMIT 1");
  g_assert_nonnull (username);

  fixture->replica = loket_replica_open (replica_db, &error);
  g_assert_no_error (error);
  fixture->client = loket_sync_client_new (fixture->replica);
  loket_sync_client_login_async (fixture->client, fixture->server->url, username, "demo",
                                 "UI test desk", NULL, on_login, &logged_in);
  loket_test_wait_for (&logged_in, WAIT_MS);
  loket_sync_client_sync_async (fixture->client, NULL, on_sync, &synced);
  loket_test_wait_for (&synced, WAIT_MS);
  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 0);

  fixture->window = loket_window_new (NULL, fixture->replica, fixture->client);
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
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->replica);
  g_clear_pointer (&fixture->server, loket_test_server_free);
  loket_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Tests ------------------------------------------------------------------------------------ */

/* The agenda opens on today at the user's location and shows the replica's appointments; the
 * day keys move to the next day that has some, and back. */
static void
test_agenda_shows_today (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) today_appointments = NULL;
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->replica);
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
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(GListModel) locations = loket_replica_list_locations (fixture->replica);
  g_autofree char *first = g_strdup (loket_agenda_view_get_location_id (fixture->agenda));
  GtkDropDown *dropdown;

  if (g_list_model_get_n_items (locations) < 2)
    {
      g_test_skip ("the demo user sees one location only");
      return;
    }
  loket_test_collect (GTK_WIDGET (fixture->agenda), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, ==, 1);
  dropdown = dropdowns->pdata[0];
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

static gboolean
has_children (Fixture *fixture, gpointer data)
{
  return gtk_widget_get_first_child (data) != NULL;
}

static gboolean
list_has_row (Fixture *fixture, gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
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

/* Chooses the first free time, moving the dialog's day forward until there is one. */
static void
choose_first_free_time (Fixture *fixture, GtkWidget *dialog)
{
  GtkWidget *times = loket_test_find_named (dialog, "free-times");
  GtkWidget *next_day = loket_test_find_named (dialog, "next-day-button");

  g_assert_nonnull (times);
  g_assert_nonnull (next_day);
  for (guint i = 0; i < 14 && gtk_widget_get_first_child (times) == NULL; i++)
    gtk_widget_activate (next_day);
  g_assert_true (wait_until (fixture, has_children, times, WAIT_MS));
  gtk_flow_box_select_child (GTK_FLOW_BOX (times),
                             GTK_FLOW_BOX_CHILD (gtk_widget_get_first_child (times)));
}

/* With the server stopped, a booking made in the dialog lands in the replica's outbox and in
 * the agenda, marked as not yet sent. */
static void
test_offline_booking (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->replica, "", 1);
  g_autoptr(LoketRecord) customer = g_list_model_get_item (customers, 0);
  const char *name, *query;
  GtkWidget *dialog, *search, *results, *reason, *book;

  /* Offline: nothing can reach the server from here on. */
  g_clear_pointer (&fixture->server, loket_test_server_free);
  g_assert_nonnull (customer);
  name = loket_record_get_string (customer, "name");
  /* The BSN finds exactly this customer; a name might find namesakes first. */
  query = *loket_record_get_string (customer, "bsn") != '\0'
          ? loket_record_get_string (customer, "bsn") : name;

  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.new-appointment", NULL);
  g_assert_true (wait_until (fixture, booking_dialog_open, NULL, WAIT_MS));
  dialog = GTK_WIDGET (find_booking_dialog ());
  book = loket_test_find_named (dialog, "book-button");
  g_assert_nonnull (book);
  g_assert_false (gtk_widget_is_sensitive (book));

  choose_first_free_time (fixture, dialog);
  g_assert_false (gtk_widget_is_sensitive (book)); /* no customer yet */

  search = loket_test_find_named (dialog, "customer-search");
  results = loket_test_find_named (dialog, "customer-results");
  g_assert_nonnull (search);
  g_assert_nonnull (results);
  gtk_editable_set_text (GTK_EDITABLE (search), query);
  g_assert_true (wait_until (fixture, list_has_row, results, WAIT_MS));
  g_signal_emit_by_name (search, "activate"); /* Enter takes the first customer found */

  reason = loket_test_find_named (dialog, "reason-row");
  g_assert_nonnull (reason);
  gtk_editable_set_text (GTK_EDITABLE (reason), "Expired passport");

  g_assert_true (gtk_widget_is_sensitive (book));
  gtk_widget_activate (book);
  g_assert_true (wait_until (fixture, booking_dialog_closed, NULL, WAIT_MS));

  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 1);
  g_assert_true (wait_until (fixture, pending_row_shown, (gpointer) name, WAIT_MS));
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
message_dialog_closed (Fixture *fixture, gpointer data)
{
  return find_message_dialog () == NULL;
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  loket_test_collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
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
      GtkWidget *row = gtk_widget_get_first_child (rows->pdata[i]);

      if (loket_test_texts_contain (texts, data) && gtk_widget_has_css_class (row, "dim-label"))
        return TRUE;
    }
  return FALSE;
}

/* Delete on a selected appointment asks for a reason, cancels it in the replica, and the row
 * stays in the agenda, dimmed, with the reason. */
static void
test_cancel_appointment (Fixture *fixture, gconstpointer data)
{
  const char *reason = "Customer cancelled by phone";
  g_autofree char *line = g_strdup_printf ("Cancelled: %s", reason);
  g_autoptr(LoketRecord) appointment = go_to_booked_appointment (fixture);
  g_autoptr(GListModel) after = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry, *confirm;
  guint position;

  g_assert_nonnull (appointment);
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));

  /* Nothing selected: nothing to cancel. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_null (find_message_dialog ());

  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda,
                                                       loket_record_get_id (appointment)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "cancel-appointment"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "cancel-appointment"));
  confirm = find_button (GTK_WIDGET (dialog), "_Cancel Appointment");
  g_assert_nonnull (confirm);
  gtk_widget_activate (confirm);
  g_assert_true (wait_until (fixture, message_dialog_closed, NULL, WAIT_MS));

  after = appointments_shown (fixture);
  position = G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items (after); i++)
    {
      g_autoptr(LoketRecord) each = g_list_model_get_item (after, i);

      if (g_str_equal (loket_record_get_id (each), loket_record_get_id (appointment)))
        {
          g_assert_cmpstr (loket_record_get_string (each, "status"), ==, "cancelled");
          g_assert_cmpstr (loket_record_get_string (each, "status_reason"), ==, reason);
          g_assert_cmpint (loket_record_get_int (each, "pending"), ==, 1);
          position = i;
        }
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 1);
  g_assert_true (wait_until (fixture, cancelled_row_shown, line, WAIT_MS));
  g_assert_true (wait_until (fixture, rows_match_replica, NULL, WAIT_MS));

  /* It stays selected, but a cancelled appointment cannot be cancelled again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.cancel-appointment", NULL);
  g_assert_null (find_message_dialog ());
}

/* A free desk place at the agenda's location from today on: capacity, product and start. */
static gboolean
find_free_place (Fixture *fixture, LoketBookingInput *input, GDate *day)
{
  const char *location = loket_agenda_view_get_location_id (fixture->agenda);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->replica, location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  location_today (fixture, day);
  for (guint d = 0; d < 14; d++, g_date_add_days (day, 1))
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products =
          loket_replica_list_products (fixture->replica, loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GArray) slots = NULL;

        if (product == NULL)
          continue;
        slots = loket_replica_free_slots (fixture->replica, loket_record_get_id (capacity),
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

/* Another desk with the same user: its own replica, logged in and synced. */
static LoketReplica *
open_other_desk (Fixture *fixture, LoketSyncClient **client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "other-desk.db", NULL);
  g_autofree char *server_db = g_build_filename (fixture->dir, "server.db", NULL);
  g_autofree char *username = loket_test_db_text (server_db, "SELECT username FROM users "
                                            "WHERE role_id = 'medewerker' LIMIT 1");
  g_assert_nonnull (username);
  LoketReplica *replica = loket_replica_open (path, &error);
  gboolean logged_in = FALSE, synced = FALSE;

  g_assert_no_error (error);
  *client = loket_sync_client_new (replica);
  loket_sync_client_login_async (*client, fixture->server->url, username, "demo",
                                 "Other desk", NULL, on_login, &logged_in);
  loket_test_wait_for (&logged_in, WAIT_MS);
  loket_sync_client_sync_async (*client, NULL, on_sync, &synced);
  loket_test_wait_for (&synced, WAIT_MS);
  return replica;
}

static void
sync_now (LoketSyncClient *client)
{
  gboolean synced = FALSE;

  loket_sync_client_sync_async (client, NULL, on_sync, &synced);
  loket_test_wait_for (&synced, WAIT_MS);
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
 * Ctrl+N on it books the same customer again at a free time. */
static void
test_rejected_booking (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->replica, "", 2);
  g_autoptr(LoketRecord) ours = g_list_model_get_item (customers, 0);
  g_autoptr(LoketRecord) theirs = g_list_model_get_item (customers, 1);
  g_autoptr(LoketSyncClient) other_client = NULL;
  g_autoptr(LoketReplica) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *their_id = NULL;
  g_autofree char *our_id = NULL;
  g_autoptr(GListModel) shown = NULL;
  const char *name = loket_record_get_string (ours, "name");
  LoketBookingInput input = { .reason = "Expired passport", .mode = "fysiek" };
  GtkWidget *dialog, *book;
  gboolean found = FALSE;
  GDate day;

  g_assert_true (find_free_place (fixture, &input, &day));
  other = open_other_desk (fixture, &other_client);
  input.customer_id = loket_record_get_id (theirs);
  their_id = loket_replica_book_appointment (other, &input, &error);
  g_assert_no_error (error);
  sync_now (other_client);
  g_assert_cmpuint (loket_replica_count_pending (other), ==, 0);

  /* This desk has not pulled yet: for it the place is still free. */
  input.customer_id = loket_record_get_id (ours);
  our_id = loket_replica_book_appointment (fixture->replica, &input, &error);
  g_assert_no_error (error);
  sync_now (fixture->client);
  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 0);

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
  g_assert_true (wait_until (fixture, rejected_row_shown, (gpointer) name, WAIT_MS));

  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, our_id));
  gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.new-appointment", NULL);
  g_assert_true (wait_until (fixture, booking_dialog_open, NULL, WAIT_MS));
  dialog = GTK_WIDGET (find_booking_dialog ());
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Book Again");
  book = loket_test_find_named (dialog, "book-button");
  g_assert_false (gtk_widget_is_sensitive (book)); /* the customer is there, a time is not */
  choose_first_free_time (fixture, dialog);
  g_assert_true (gtk_widget_is_sensitive (book));
  gtk_widget_activate (book);
  g_assert_true (wait_until (fixture, booking_dialog_closed, NULL, WAIT_MS));

  g_assert_cmpuint (loket_replica_count_pending (fixture->replica), ==, 1);
  g_assert_true (wait_until (fixture, pending_row_shown, (gpointer) name, WAIT_MS));
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
  return g_test_run ();
}
