/* test-ui-today.c — Vandaag: a visit from arrival to the end of handling, by keyboard.
 *
 * A real loket-sync with demo data on loopback; the clerk "balie" signs in on a fresh replica
 * and works in the real LoketWindow under Xvfb.  Two appointments for today at her location are
 * put on the server the way an administrator's tool would (the demo follows the date, and today
 * may be a Sunday), and reach the desk with its sync.  Keys are pressed the way GTK dispatches
 * them: from the focused widget up to the window, through the shortcut controllers on the way
 * (loket_test_ui_press_key), so the bindings, the row's Enter and the menu's mnemonics are
 * what is tested.  Every wait iterates the main context until a condition holds, bounded;
 * none sleeps.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-test-admin.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-time.h"
#include "loket-today-view.h"
#include "loket-window.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketWindow       *window;
  LoketTodayView    *today;
  char              *visit_id;      /* today, for the whole visit */
  char              *absent_id;     /* today, for a customer who does not come */
} Fixture;

/* Waiting and keys ------------------------------------------------------------------------------ */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

static GtkWidget *
window_focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
press (Fixture *fixture, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (window_focus (fixture), keyval, mods);
}

/* Facts ------------------------------------------------------------------------------------------ */

static LoketRecord *
appointment (Fixture *fixture, const char *id)
{
  LoketRecord *record = loket_replica_get_appointment (fixture->desk->replica, id);

  g_assert_nonnull (record);
  return record;
}

static char *
status_of (Fixture *fixture, const char *id)
{
  g_autoptr(LoketRecord) record = appointment (fixture, id);

  return g_strdup (loket_record_get_string (record, "status"));
}

/* The row the today view shows for an appointment (the list's own item widget), if made. */
static GtkWidget *
row_of (Fixture *fixture, const char *id)
{
  GtkWidget *list = loket_test_get_named (fixture->today, "today-list");
  GListModel *model = loket_today_view_get_model (fixture->today);
  g_autoptr(LoketRecord) record = appointment (fixture, id);
  const char *customer = loket_record_get_string (record, "customer_name");
  guint position = G_MAXUINT;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), id))
        position = i;
    }
  if (position == G_MAXUINT)
    return NULL;
  /* Rows are told apart by their customer: the test gives each appointment its own. */
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (child);

      if (loket_test_texts_contain (texts, customer))
        return child;
    }
  return NULL;
}

static gboolean
row_shows (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { id, text } */
  GtkWidget *row = row_of (fixture, what[0]);
  g_autoptr(GPtrArray) texts = row != NULL ? loket_test_visible_label_texts (row) : NULL;

  return texts != NULL && loket_test_texts_contain (texts, what[1]);
}

static void
assert_row_shows (Fixture *fixture, const char *id, const char *text)
{
  const char *what[] = { id, text };

  if (!wait_until (fixture, row_shows, what))
    g_error ("The row of %s does not show “%s”", id, text);
}

/* The keyboard is still on the visit's row, and it is the selected one. */
static void
assert_place_kept (Fixture *fixture, const char *id)
{
  GtkWidget *focus = window_focus (fixture);
  GtkWidget *row = row_of (fixture, id);

  g_assert_cmpstr (loket_today_view_get_selected_id (fixture->today), ==, id);
  g_assert_nonnull (focus);
  g_assert_nonnull (row);
  g_assert_true (focus == row || gtk_widget_is_ancestor (focus, row));
}

static gboolean
in_model (Fixture *fixture, gconstpointer id)
{
  GListModel *model = loket_today_view_get_model (fixture->today);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), id))
        return row_of (fixture, id) != NULL;
    }
  return FALSE;
}

/* The menu ---------------------------------------------------------------------------------------- */

static GtkWidget *
open_menu (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  g_autoptr(GPtrArray) popovers = g_ptr_array_new ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    loket_test_collect (l->data, GTK_TYPE_POPOVER_MENU, popovers);
  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_mapped (popovers->pdata[i]))
      return popovers->pdata[i];
  return NULL;
}

static gboolean
menu_is_open (Fixture *fixture, gconstpointer data)
{
  return (open_menu () != NULL) == GPOINTER_TO_INT (data);
}

/* Enter on the focused row opens its menu; the steps it offers, as the texts shown. */
static GPtrArray *
open_row_menu (Fixture *fixture)
{
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  g_assert_true (wait_until (fixture, menu_is_open, GINT_TO_POINTER (TRUE)));
  return loket_test_visible_label_texts (open_menu ());
}

/* Escape, which the popover takes with a key controller of its own rather than a shortcut. */
static void
close_menu (Fixture *fixture)
{
  gtk_popover_popdown (GTK_POPOVER (open_menu ()));
  g_assert_true (wait_until (fixture, menu_is_open, GINT_TO_POINTER (FALSE)));
}

/* A mnemonic key in the open menu (the menu's items take it without Alt). */
static void
choose_in_menu (Fixture *fixture, guint keyval)
{
  GtkWidget *menu = open_menu ();
  GtkWidget *focus = window_focus (fixture);

  g_assert_nonnull (menu);
  g_assert_true (loket_test_ui_press_key (focus != NULL && gtk_widget_is_ancestor (focus, menu)
                                          ? focus : menu, keyval, 0));
  g_assert_true (wait_until (fixture, menu_is_open, GINT_TO_POINTER (FALSE)));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) loket_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
message_dialog_open (Fixture *fixture, gconstpointer data)
{
  return (find_message_dialog () != NULL) == GPOINTER_TO_INT (data);
}

static gboolean
status_is (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { id, status } */
  g_autofree char *status = status_of (fixture, what[0]);

  return g_str_equal (status, what[1]);
}

/* The row the view holds for an appointment has this reason. */
static gboolean
reason_is (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { id, reason } */
  GListModel *model = loket_today_view_get_model (fixture->today);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), what[0]))
        return g_str_equal (loket_record_get_string (item, "reason"), what[1]);
    }
  return FALSE;
}

/* Fixture ----------------------------------------------------------------------------------------- */

/* A customer of the demo with a name nobody else has and no appointment yet, so that the row
 * of the appointment made for them is the one row showing their name. */
#define LONE_CUSTOMER \
  "SELECT id FROM customers c WHERE kind = 'person'" \
  " AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.customer_id = c.id)" \
  " AND name NOT IN (SELECT name FROM customers GROUP BY name HAVING count (*) > 1)"

/* An appointment for today at balie's location on the server, at the location's clock now plus
 * some minutes (so it is today there, whatever the day), as an administrator's tool makes it. */
static char *
put_appointment_today (Fixture *fixture, LoketDb *admin, const char *customer_sql,
                       int minutes_from_now)
{
  g_autofree char *location = loket_test_db_text (fixture->demo->server_db,
    "SELECT location_id FROM users WHERE username = 'balie'");
  g_autofree char *capacity_sql = g_strdup_printf (
    "SELECT id FROM capacities WHERE location_id = '%s' AND kind = 'balie' ORDER BY name "
    "LIMIT 1", location);
  g_autofree char *zone_sql = g_strdup_printf ("SELECT timezone FROM locations WHERE id = '%s'",
                                               location);
  g_autofree char *capacity = loket_test_db_text (fixture->demo->server_db, capacity_sql);
  g_autofree char *zone = loket_test_db_text (fixture->demo->server_db, zone_sql);
  g_autofree char *product = loket_test_db_text (fixture->demo->server_db,
                                                 "SELECT id FROM products WHERE name = 'Paspoort'");
  g_autofree char *customer = loket_test_db_text (fixture->demo->server_db, customer_sql);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  gint64 start = g_date_time_to_unix (now) + 60 * minutes_from_now;
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  g_autofree char *created_at = loket_protocol_now ();
  g_autoptr(JsonObject) row = json_object_new ();
  char *id = g_uuid_string_random ();

  g_assert_nonnull (location);
  g_assert_nonnull (tz);
  g_assert_nonnull (capacity);
  g_assert_nonnull (product);
  g_assert_nonnull (customer);
  /* Late in the evening the later one goes before the earlier one rather than into tomorrow. */
  if (start >= g_date_time_to_unix (tomorrow))
    start = g_date_time_to_unix (now) - 60 * minutes_from_now;
  start_at = loket_protocol_format_time (start);
  end_at = loket_protocol_format_time (start + 10 * 60);
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "product_id", product);
  json_object_set_string_member (row, "capacity_id", capacity);
  json_object_set_string_member (row, "customer_id", customer);
  json_object_set_string_member (row, "start_at", start_at);
  json_object_set_string_member (row, "end_at", end_at);
  json_object_set_string_member (row, "reason", "Verlopen paspoort");
  json_object_set_string_member (row, "status", "booked");
  json_object_set_string_member (row, "created_at", created_at);
  loket_test_admin_upsert (admin, "appointments", row);
  return id;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  LoketDb *admin;

  fixture->demo = loket_test_ui_server_start ("today");
  admin = loket_test_admin_open (fixture->demo->server_db);
  fixture->visit_id = put_appointment_today (fixture, admin,
                                             LONE_CUSTOMER " ORDER BY name LIMIT 1", 0);
  fixture->absent_id = put_appointment_today (fixture, admin,
                                              LONE_CUSTOMER " ORDER BY name DESC LIMIT 1", 5);
  g_object_unref (admin);
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "balie", "balie");

  fixture->window = loket_window_new (NULL, fixture->desk->replica, fixture->desk->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "today");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_TODAY_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  fixture->today = views->pdata[0];
  g_assert_true (wait_until (fixture, in_model, fixture->visit_id));
  g_assert_true (wait_until (fixture, in_model, fixture->absent_id));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->visit_id);
  g_free (fixture->absent_id);
}

/* Tests ------------------------------------------------------------------------------------------- */

static char *
server_column (Fixture *fixture, const char *id, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, 'NULL') FROM appointments "
                                          "WHERE id = '%s'", column, id);

  return loket_test_db_text (fixture->demo->server_db, sql);
}

/* The figures on top agree with the replica: booked, checked in and not started, started and
 * not finished, done. */
static void
assert_summary (Fixture *fixture)
{
  GListModel *model = loket_today_view_get_model (fixture->today);
  guint expected = 0, waiting = 0, serving = 0, done = 0;
  struct { const char *name; guint *count; } figures[] = {
    { "today-expected", &expected }, { "today-waiting", &waiting },
    { "today-serving", &serving }, { "today-done", &done },
  };

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);
      g_autoptr(LoketRecord) full = appointment (fixture, loket_record_get_id (item));
      const char *status = loket_record_get_string (full, "status");
      gboolean started = !loket_record_is_null (full, "started_at");

      expected += g_str_equal (status, "booked");
      waiting += g_str_equal (status, "checked_in") && !started;
      serving += g_str_equal (status, "checked_in") && started;
      done += g_str_equal (status, "done");
    }
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      GtkWidget *label = loket_test_get_named (fixture->today, figures[i].name);
      g_autofree char *text = g_strdup_printf ("%u", *figures[i].count);

      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
    }
}

/* The average on top is the mean waiting time of today's rows that have one. */
static void
assert_average_wait (Fixture *fixture)
{
  GListModel *model = loket_today_view_get_model (fixture->today);
  GtkWidget *label = loket_test_get_named (fixture->today, "today-average-wait");
  gint64 total = 0, n = 0;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (!loket_record_is_null (item, "waiting_seconds"))
        {
          total += loket_record_get_int (item, "waiting_seconds");
          n++;
        }
    }
  g_assert_cmpint (n, >, 0);
  expected = g_strdup_printf ("%d min", (int) ((total / n + 30) / 60));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected);
}

/* Check in (Ctrl+Enter), call to a desk (Enter, the menu's C, the desk, Enter), start (Ctrl+B),
 * finish (Ctrl+E): the row follows each step and keeps the keyboard; the replica has the four
 * times and the waiting and handling times; after a sync the server has the same. */
static void
test_visit_by_keyboard (Fixture *fixture, gconstpointer data)
{
  const char *id = fixture->visit_id;
  const char *checked_in[] = { id, "checked_in" };
  const char *done[] = { id, "done" };
  static const char *const columns[] = { "status", "arrived_at", "called_at", "called_to",
                                         "started_at", "finished_at" };
  g_autoptr(LoketRecord) finished = NULL;
  g_autoptr(GPtrArray) offered = NULL;
  g_autofree char *arrived_clock = NULL;
  g_autofree char *arrived_text = NULL;
  g_autofree char *waiting_text = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (loket_today_view_select_appointment (fixture->today, id));
  assert_place_kept (fixture, id);
  assert_row_shows (fixture, id, "Expected");
  assert_summary (fixture);

  /* Not checked in: finishing is not offered, and the action does nothing. */
  offered = open_row_menu (fixture);
  g_assert_true (loket_test_texts_contain (offered, "Check In"));
  g_assert_true (loket_test_texts_contain (offered, "Did Not Show Up"));
  g_assert_false (loket_test_texts_contain (offered, "Finish"));
  g_assert_false (loket_test_texts_contain (offered, "Start"));
  close_menu (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->today), "today.finish", NULL);
  g_assert_true (status_is (fixture, (const char *[]) { id, "booked" }));

  g_assert_true (loket_today_view_select_appointment (fixture->today, id));
  g_assert_true (press (fixture, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (wait_until (fixture, status_is, checked_in));
  {
    g_autoptr(LoketRecord) record = appointment (fixture, id);
    g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk->replica,
                                                          loket_record_get_string (record,
                                                                                   "location_id"));

    arrived_clock = loket_time_format_clock (loket_record_get_string (record, "arrived_at"), tz);
    arrived_text = g_strdup_printf ("Checked in at %s", arrived_clock);
  }
  assert_row_shows (fixture, id, arrived_text);
  assert_place_kept (fixture, id);
  assert_summary (fixture);

  /* Checked in: no-show is no longer offered; calling is. */
  g_ptr_array_unref (g_steal_pointer (&offered));
  offered = open_row_menu (fixture);
  g_assert_false (loket_test_texts_contain (offered, "Did Not Show Up"));
  g_assert_false (loket_test_texts_contain (offered, "Check In"));
  g_assert_true (loket_test_texts_contain (offered, "Call…"));
  choose_in_menu (fixture, GDK_KEY_c);
  g_assert_true (wait_until (fixture, message_dialog_open, GINT_TO_POINTER (TRUE)));
  dialog = find_message_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  /* The desk field has the keyboard, with the desk chosen last (none yet: the counter's). */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), entry));
  {
    g_autoptr(LoketRecord) record = appointment (fixture, id);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                     loket_record_get_string (record, "capacity_name"));
  }
  gtk_editable_set_text (GTK_EDITABLE (entry), "Balie 7");
  g_assert_true (loket_test_ui_press_key (gtk_root_get_focus (GTK_ROOT (dialog)), GDK_KEY_Return,
                                          0));
  g_assert_true (wait_until (fixture, message_dialog_open, GINT_TO_POINTER (FALSE)));
  assert_row_shows (fixture, id, "Called to Balie 7");
  assert_place_kept (fixture, id);

  g_assert_true (press (fixture, GDK_KEY_b, GDK_CONTROL_MASK));
  assert_row_shows (fixture, id, "Being served");
  assert_place_kept (fixture, id);
  assert_summary (fixture);

  g_assert_true (press (fixture, GDK_KEY_e, GDK_CONTROL_MASK));
  g_assert_true (wait_until (fixture, status_is, done));
  assert_row_shows (fixture, id, "Done");
  assert_place_kept (fixture, id);
  assert_summary (fixture);

  finished = appointment (fixture, id);
  for (guint i = 1; i < G_N_ELEMENTS (columns); i++)
    g_assert_false (loket_record_is_null (finished, columns[i]));
  g_assert_cmpstr (loket_record_get_string (finished, "called_to"), ==, "Balie 7");
  g_assert_false (loket_record_is_null (finished, "waiting_seconds"));
  g_assert_false (loket_record_is_null (finished, "handling_seconds"));
  g_assert_cmpint (loket_record_get_int (finished, "waiting_seconds"), >=, 0);
  g_assert_cmpint (loket_record_get_int (finished, "handling_seconds"), >=, 0);
  waiting_text = g_strdup_printf ("Waiting time %d min · Handling time %d min",
                                  (int) ((loket_record_get_int (finished, "waiting_seconds") + 30) / 60),
                                  (int) ((loket_record_get_int (finished, "handling_seconds") + 30) / 60));
  assert_row_shows (fixture, id, waiting_text);
  assert_average_wait (fixture);

  /* The server keeps what the desk did, time for time. */
  loket_test_desk_sync_quiet (fixture->desk);
  {
    g_autoptr(LoketRecord) synced = appointment (fixture, id);

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        g_autofree char *on_server = server_column (fixture, id, columns[i]);

        g_assert_cmpstr (on_server, ==, loket_record_get_string (finished, columns[i]));
        g_assert_cmpstr (loket_record_get_string (synced, columns[i]), ==, on_server);
      }
    g_assert_cmpint (loket_record_get_int (synced, "waiting_seconds"), ==,
                     loket_record_get_int (finished, "waiting_seconds"));
    g_assert_cmpint (loket_record_get_int (synced, "handling_seconds"), ==,
                     loket_record_get_int (finished, "handling_seconds"));
  }
  assert_row_shows (fixture, id, waiting_text);

  /* The next customer: checked in, then Ctrl+Shift+Enter offers the desk chosen last. */
  g_assert_true (loket_today_view_select_appointment (fixture->today, fixture->absent_id));
  g_assert_true (press (fixture, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (wait_until (fixture, status_is,
                             (const char *[]) { fixture->absent_id, "checked_in" }));
  g_assert_true (press (fixture, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (wait_until (fixture, message_dialog_open, GINT_TO_POINTER (TRUE)));
  dialog = find_message_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Balie 7");
  gtk_window_close (GTK_WINDOW (dialog));          /* Escape */
  g_assert_true (wait_until (fixture, message_dialog_open, GINT_TO_POINTER (FALSE)));
  {
    g_autoptr(LoketRecord) next = appointment (fixture, fixture->absent_id);

    g_assert_true (loket_record_is_null (next, "called_at"));
  }
  assert_place_kept (fixture, fixture->absent_id);
}

/* A booked customer who does not come: a sync that changes their row keeps the keyboard on it;
 * the menu offers checking in and no-show (not calling, starting or finishing); N marks them,
 * and then only a late check-in is offered. */
static void
test_no_show (Fixture *fixture, gconstpointer data)
{
  const char *id = fixture->absent_id;
  const char *no_show[] = { id, "no_show" };
  g_autoptr(GPtrArray) offered = NULL;
  g_autofree char *on_server = NULL;
  g_autoptr(LoketDb) admin = NULL;
  g_autoptr(JsonObject) change = NULL;

  g_assert_true (loket_today_view_select_appointment (fixture->today, id));

  /* A change from elsewhere to this very row arrives with a sync: the row is replaced, and the
   * keyboard stays on it. */
  admin = loket_test_admin_open (fixture->demo->server_db);
  change = loket_test_admin_get_row (admin, "appointments", id);
  g_assert_nonnull (change);
  json_object_set_string_member (change, "reason", "Paspoort kwijtgeraakt");
  loket_test_admin_upsert (admin, "appointments", change);
  loket_test_desk_sync_quiet (fixture->desk);
  g_assert_true (wait_until (fixture, reason_is, (const char *[]) { id, "Paspoort kwijtgeraakt" }));
  assert_place_kept (fixture, id);

  offered = open_row_menu (fixture);
  g_assert_true (loket_test_texts_contain (offered, "Check In"));
  g_assert_true (loket_test_texts_contain (offered, "Did Not Show Up"));
  g_assert_false (loket_test_texts_contain (offered, "Call…"));
  g_assert_false (loket_test_texts_contain (offered, "Start"));
  g_assert_false (loket_test_texts_contain (offered, "Finish"));
  choose_in_menu (fixture, GDK_KEY_n);
  g_assert_true (wait_until (fixture, status_is, no_show));
  assert_row_shows (fixture, id, "Did not show up");
  assert_place_kept (fixture, id);

  g_ptr_array_unref (g_steal_pointer (&offered));
  offered = open_row_menu (fixture);
  g_assert_true (loket_test_texts_contain (offered, "Check In"));
  g_assert_false (loket_test_texts_contain (offered, "Did Not Show Up"));
  g_assert_false (loket_test_texts_contain (offered, "Finish"));
  close_menu (fixture);

  loket_test_desk_sync_quiet (fixture->desk);
  on_server = server_column (fixture, id, "status");
  g_assert_cmpstr (on_server, ==, "no_show");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/today/visit-by-keyboard", Fixture, NULL, fixture_set_up,
              test_visit_by_keyboard, fixture_tear_down);
  g_test_add ("/ui/today/no-show", Fixture, NULL, fixture_set_up, test_no_show,
              fixture_tear_down);
  return g_test_run ();
}
