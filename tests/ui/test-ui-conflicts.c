/* test-ui-conflicts.c — the conflicts inbox under Xvfb, settling real conflicts between desks.
 *
 * A real loket-sync with demo data on loopback.  Desk A is the window under test (its replica
 * and sync client); desk B is a second replica and client in this process, logged in as the
 * same clerk on another device.  Both work offline: each takes the last desk place of one slot
 * and edits the subject of one case from the same revision; B syncs first.  Desk A's inbox
 * must then show the refused booking with its nearest free alternatives and the case conflict
 * with both values.  Pressing the first alternative and keeping A's value settles both: after
 * A and then B sync, B has the booking at the new time, A's subject and the conflict resolved,
 * and A's badge is gone.  If PNG is set in $LOKET_SCREENSHOT, the window with both items is
 * saved there.
 */
#include "config.h"

#include <string.h>

#include "loket-booking-dialog.h"
#include "loket-inbox-view.h"
#include "loket-protocol.h"
#include "loket-replica-inbox.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-time.h"
#include "loket-window.h"

#define WAIT_MS 20000
#define SUBJECT_A "Dakkapel achterzijde (balie A)"
#define SUBJECT_B "Dakkapel voorzijde (balie B)"

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk[2];   /* 0: desk A, the window's; 1: desk B */
  LoketWindow       *window;
  GtkWidget         *inbox;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture, gpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gpointer data, guint timeout_ms)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, timeout_ms);
}

static void
sync_desk (Fixture *fixture, guint desk)
{
  loket_test_desk_sync (fixture->desk[desk]);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk[desk]->replica), ==, 0);
}

static void
open_desk (Fixture *fixture, guint desk, const char *username)
{
  g_autofree char *name = g_strdup_printf ("desk%u", desk);

  fixture->desk[desk] = loket_test_ui_server_new_desk (fixture->demo, name, username);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk[desk]->replica), ==, 0);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autofree char *username = NULL;

  fixture->demo = loket_test_ui_server_start ("conflicts");
  username = loket_test_ui_server_text (fixture->demo, "SELECT username FROM users WHERE role_id = "
                                        "'medewerker' AND location_id IS NOT NULL ORDER BY "
                                        "username LIMIT 1");
  g_assert_nonnull (username);
  open_desk (fixture, 0, username);
  open_desk (fixture, 1, username);

  fixture->window = loket_window_new (NULL, fixture->desk[0]->replica, fixture->desk[0]->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "today");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_INBOX_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  fixture->inbox = views->pdata[0];
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&fixture->desk[i], loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

/* ---- making the conflicts ----------------------------------------------------------------- */

/* A start from tomorrow on at desk A's location, on any capacity, for its first product. */
static gboolean
find_free_place (Fixture *fixture, LoketBookingInput *input, LoketSlot *slot)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (fixture->desk[0]->replica);
  const char *location = loket_record_get_string (user, "location_id");
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->desk[0]->replica,
                                                                    location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk[0]->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  GDate day;

  loket_time_today (tz, &day);
  g_date_add_days (&day, 1);
  for (guint d = 0; d < 14; d++, g_date_add_days (&day, 1))
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products =
          loket_replica_list_products (fixture->desk[0]->replica, loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GArray) slots = NULL;

        if (product == NULL)
          continue;
        slots = loket_replica_free_slots (fixture->desk[0]->replica, loket_record_get_id (capacity),
                                          loket_record_get_id (product), &day, now, NULL);
        if (slots == NULL || slots->len == 0)
          continue;
        input->capacity_id = g_intern_string (loket_record_get_id (capacity));
        input->product_id = g_intern_string (loket_record_get_id (product));
        *slot = g_array_index (slots, LoketSlot, slots->len / 2);
        input->start = slot->start;
        return TRUE;
      }
  return FALSE;
}

/* Desk B fills the slot up to its last desk place and takes that too; desk A, offline, takes
 * the same last place for another customer.  Returns desk A's booking. */
static char *
book_last_place_twice (Fixture *fixture)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (fixture->desk[0]->replica, "",
                                                                    2);
  g_autoptr(LoketRecord) ours = g_list_model_get_item (customers, 0);
  g_autoptr(LoketRecord) theirs = g_list_model_get_item (customers, 1);
  LoketBookingInput input = { .reason = "Paspoort verlopen", .mode = "fysiek" };
  g_autoptr(GError) error = NULL;
  LoketSlot slot = { 0 };
  char *ours_id;

  g_assert_true (find_free_place (fixture, &input, &slot));
  input.customer_id = loket_record_get_id (theirs);
  for (int i = 0; i < slot.free; i++)
    {
      g_autofree char *id = loket_replica_book_appointment (fixture->desk[1]->replica, &input,
                                                            &error);

      g_assert_no_error (error);
    }
  input.customer_id = loket_record_get_id (ours);
  ours_id = loket_replica_book_appointment (fixture->desk[0]->replica, &input, &error);
  g_assert_no_error (error);
  return ours_id;
}

/* Both desks change the subject of the same case from the same revision. */
static char *
edit_subject_twice (Fixture *fixture)
{
  g_autoptr(GListModel) cases = loket_replica_search_cases (fixture->desk[0]->replica, "", 1);
  g_autoptr(LoketRecord) kase = g_list_model_get_item (cases, 0);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kase);
  g_assert_true (loket_replica_set_case_field (fixture->desk[0]->replica,
                                               loket_record_get_id (kase), "subject", SUBJECT_A,
                                               &error));
  g_assert_true (loket_replica_set_case_field (fixture->desk[1]->replica,
                                               loket_record_get_id (kase), "subject", SUBJECT_B,
                                               &error));
  g_assert_no_error (error);
  return g_strdup (loket_record_get_id (kase));
}

/* ---- reading the screen ------------------------------------------------------------------- */

static GtkWidget *
inbox_list (Fixture *fixture)
{
  return loket_test_get_named (fixture->inbox, "inbox-list");
}

static guint
n_rows (Fixture *fixture)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (inbox_list (fixture)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += gtk_widget_get_mapped (row);
  return n;
}

/* The mapped row of the inbox whose item is of kind. */
static GtkWidget *
row_of_kind (Fixture *fixture, const char *kind)
{
  GListModel *items = loket_inbox_view_get_model (LOKET_INBOX_VIEW (fixture->inbox));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (items, i);
      GtkWidget *row = loket_test_find_named (inbox_list (fixture), loket_record_get_id (item));

      if (g_str_equal (loket_record_get_string (item, "kind"), kind) && row != NULL
          && gtk_widget_get_mapped (row))
        return row;
    }
  return NULL;
}

static GPtrArray *
buttons_named (GtkWidget *root, const char *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GPtrArray *named = g_ptr_array_new ();

  loket_test_collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (buttons->pdata[i]), name) == 0
        && gtk_widget_get_mapped (buttons->pdata[i]))
      g_ptr_array_add (named, buttons->pdata[i]);
  return named;
}

static const char *
button_text (GtkWidget *button)
{
  return gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))));
}

static gboolean
both_items_shown (Fixture *fixture, gpointer data)
{
  GtkWidget *booking = row_of_kind (fixture, "booking");
  GtkWidget *conflict = row_of_kind (fixture, "case-conflict");
  g_autoptr(GPtrArray) alternatives = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  if (booking == NULL || conflict == NULL || n_rows (fixture) != 2)
    return FALSE;
  alternatives = buttons_named (booking, "alternative-button");
  texts = loket_test_visible_label_texts (conflict);
  return alternatives->len > 0 && loket_test_texts_contain (texts, SUBJECT_A)
         && loket_test_texts_contain (texts, SUBJECT_B);
}

static gboolean
on_page (Fixture *fixture, gpointer data)
{
  return g_strcmp0 (loket_window_get_page (fixture->window), data) == 0
         && gtk_widget_get_mapped (fixture->inbox);
}

static gboolean
rows_left (Fixture *fixture, gpointer data)
{
  return n_rows (fixture) == GPOINTER_TO_UINT (data);
}

static gboolean
empty_page_shown (Fixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (loket_test_get_named (fixture->inbox, "inbox-empty"));
}

/* ---- the test ----------------------------------------------------------------------------- */

static void
assert_first_alternative_shown (Fixture *fixture, GtkWidget *row, const char *appointment_id,
                                LoketRecord **chosen)
{
  g_autoptr(GPtrArray) buttons = buttons_named (row, "alternative-button");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GListModel) items = NULL;

  g_test_timer_start ();
  expected = loket_replica_find_alternatives (fixture->desk[0]->replica, appointment_id, 3, now,
                                              &error);
  g_test_message ("alternatives found in %.1f ms", g_test_timer_elapsed () * 1000);
  g_test_timer_start ();
  items = loket_replica_list_inbox (fixture->desk[0]->replica);
  g_test_message ("inbox listed in %.1f ms", g_test_timer_elapsed () * 1000);
  g_assert_no_error (error);
  g_assert_cmpuint (buttons->len, ==, g_list_model_get_n_items (expected));
  g_assert_cmpuint (buttons->len, >, 0);
  *chosen = g_list_model_get_item (expected, 0);
  /* "Tue 24 Nov 09:30 · Balie 2", and a screen reader hears the same with the customer. */
  g_assert_true (g_regex_match_simple ("^[A-Z][a-z]{2} [0-9]{1,2} [A-Z][a-z]{2} [0-2][0-9]:[0-5]"
                                       "[0-9] · .+$", button_text (buttons->pdata[0]), 0, 0));
  g_assert_true (g_str_has_suffix (button_text (buttons->pdata[0]),
                                   loket_record_get_string (*chosen, "capacity_name")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (buttons->pdata[0]), "again on"));
}

static GtkWindow *
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
  return (find_booking_dialog () != NULL) == GPOINTER_TO_INT (data);
}

/* "Other Time…" opens the booking dialog on the same customer; closing it changes nothing. */
static void
assert_other_time_opens_dialog (Fixture *fixture, GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = buttons_named (row, "other-time-button");

  g_assert_cmpuint (buttons->len, ==, 1);
  gtk_widget_activate (buttons->pdata[0]);
  g_assert_true (wait_until (fixture, booking_dialog_open, GINT_TO_POINTER (TRUE), WAIT_MS));
  g_assert_cmpstr (gtk_window_get_title (find_booking_dialog ()), ==, "Book Again");
  gtk_window_close (find_booking_dialog ());
  g_assert_true (wait_until (fixture, booking_dialog_open, GINT_TO_POINTER (FALSE), WAIT_MS));
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk[0]->replica), ==, 0);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
}

static GtkWidget *
keep_button_for (GtkWidget *row, const char *value)
{
  g_autoptr(GPtrArray) buttons = buttons_named (row, "keep-button");

  /* Each value's card holds the value as a label and the button that keeps it. */
  g_assert_cmpuint (buttons->len, ==, 2);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *card = gtk_widget_get_parent (buttons->pdata[i]);

      g_assert_cmpstr (button_text (buttons->pdata[i]), ==, "Keep This Value");
      for (GtkWidget *child = gtk_widget_get_first_child (card); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_text (GTK_LABEL (child)), value))
          return buttons->pdata[i];
    }
  g_error ("no card holds %s", value);
}

static void
assert_badge (Fixture *fixture, guint n)
{
  GtkWidget *badge = loket_test_get_named (fixture->window, "inbox-badge");
  GtkWidget *button = loket_test_get_named (fixture->window, "issues-button");
  g_autofree char *count = g_strdup_printf ("%u", n);

  g_assert_cmpuint (loket_replica_count_inbox (fixture->desk[0]->replica), ==, n);
  if (n == 0)  /* settled, not just out of sight */
    g_assert_cmpuint (loket_replica_count_open_issues (fixture->desk[0]->replica), ==, 0);
  g_assert_cmpint (gtk_widget_get_visible (badge), ==, n > 0);
  g_assert_cmpint (gtk_widget_get_visible (button), ==, n > 0);
  if (n > 0)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, count);
}

static void
assert_desk_b (Fixture *fixture, const char *appointment_id, LoketRecord *chosen,
               const char *case_id)
{
  LoketDb *db = loket_replica_get_db (fixture->desk[1]->replica);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) appointment = loket_db_get_row (db, "appointments", appointment_id,
                                                        &error);
  g_autoptr(JsonObject) kase = NULL;
  g_autoptr(GListModel) open = loket_replica_list_case_conflicts (fixture->desk[1]->replica);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (appointment, "start_at"), ==,
                   loket_record_get_string (chosen, "start_at"));
  g_assert_cmpstr (json_object_get_string_member (appointment, "capacity_id"), ==,
                   loket_record_get_string (chosen, "capacity_id"));
  kase = loket_db_get_row (db, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (kase, "subject"), ==, SUBJECT_A);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 0);
  g_assert_cmpuint (loket_replica_count_inbox (fixture->desk[1]->replica), ==, 0);
}

static void
test_settle_conflicts (Fixture *fixture, gconstpointer data)
{
  g_autofree char *appointment_id = book_last_place_twice (fixture);
  g_autofree char *case_id = edit_subject_twice (fixture);
  g_autoptr(LoketRecord) chosen = NULL;
  g_autoptr(GPtrArray) alternatives = NULL;
  GtkWidget *booking, *conflict;

  sync_desk (fixture, 1);   /* B arrives first: its booking and its subject win */
  sync_desk (fixture, 0);
  assert_badge (fixture, 2);

  /* The header button leads to the inbox. */
  gtk_widget_activate (loket_test_get_named (fixture->window, "issues-button"));
  g_assert_true (wait_until (fixture, on_page, "inbox", WAIT_MS));
  g_assert_true (wait_until (fixture, both_items_shown, NULL, WAIT_MS));
  booking = row_of_kind (fixture, "booking");
  conflict = row_of_kind (fixture, "case-conflict");
  assert_first_alternative_shown (fixture, booking, appointment_id, &chosen);
  loket_test_ui_save_screenshot (GTK_WINDOW (fixture->window));
  assert_other_time_opens_dialog (fixture, booking);

  /* One press on the nearest time books it again; one press keeps desk A's subject. */
  alternatives = buttons_named (booking, "alternative-button");
  gtk_widget_activate (alternatives->pdata[0]);
  g_assert_true (wait_until (fixture, rows_left, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_null (row_of_kind (fixture, "booking"));
  conflict = row_of_kind (fixture, "case-conflict");
  gtk_widget_activate (keep_button_for (conflict, SUBJECT_A));
  g_assert_true (wait_until (fixture, empty_page_shown, NULL, WAIT_MS));
  assert_badge (fixture, 0);

  sync_desk (fixture, 0);
  assert_badge (fixture, 0);
  sync_desk (fixture, 1);
  assert_desk_b (fixture, appointment_id, chosen, case_id);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/conflicts/settle", Fixture, NULL, fixture_set_up, test_settle_conflicts,
              fixture_tear_down);
  return g_test_run ();
}
