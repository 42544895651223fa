/* test-ui-messages.c — what the server told the customers, on the desk, by keyboard.
 *
 * A real loket-sync with demo data on loopback.  Messages about an appointment and survey
 * answers are put into the server's database the way its outbox and public survey would
 * (tests/common/loket-test-admin.h logs each like the server does), and reach the desk with its
 * sync.  Here: the appointment popover, opened with Enter on the appointment, lists each message
 * with its channel and state in local time and follows a state the server changes (sent →
 * failed, with the reason) while it is open, and says the customer booked online; Beheer shows
 * the satisfaction per product of the last 90 days against the target and follows new answers;
 * the reminder settings saved from the product form reach the server's products row.  Every
 * wait iterates the main context until a condition holds, bounded; none sleeps.
 */
#include "config.h"

#include <string.h>

#include "loket-admin-view.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-test-admin.h"
#include "loket-test-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"

#define WAIT_MS 15000

/* The server's rows ------------------------------------------------------------------------------ */

/* A message as the server's outbox keeps it; sent_at NULL for none. */
static void
put_message (LoketDb *server, const char *id, const char *appointment_id, const char *kind,
             const char *channel, const char *due_at, const char *state, int attempts,
             const char *reason, const char *sent_at)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *now = loket_protocol_now ();

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "appointment_id", appointment_id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "channel", channel);
  json_object_set_string_member (row, "due_at", due_at);
  json_object_set_string_member (row, "state", state);
  json_object_set_int_member (row, "attempts", attempts);
  json_object_set_string_member (row, "reason", reason);
  if (sent_at != NULL)
    json_object_set_string_member (row, "sent_at", sent_at);
  else
    json_object_set_null_member (row, "sent_at");
  json_object_set_string_member (row, "created_at", now);
  loket_test_admin_upsert (server, "messages", row);
}

/* The popover --------------------------------------------------------------------------------- */

static GtkWidget *
popover (AgendaFixture *fixture)
{
  return loket_agenda_view_get_popover (fixture->agenda);
}

static gboolean
popover_open (AgendaFixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (popover (fixture));
}

/* Selects the appointment in the day grid and presses Enter on it, as a clerk would. */
static void
open_popover (AgendaFixture *fixture, const char *appointment_id)
{
  g_autoptr(LoketRecord) appointment = loket_replica_get_appointment (fixture->desk->replica,
                                                                      appointment_id);

  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, appointment_id));
  g_assert_true (agenda_wait_until (fixture, agenda_appointment_focused, appointment,
                                    AGENDA_WAIT_MS));
  loket_test_ui_press_enter (GTK_WINDOW (fixture->window));
  g_assert_true (agenda_wait_until (fixture, popover_open, NULL, AGENDA_WAIT_MS));
}

/* The rows of the popover's messages, each as its label texts. */
static GPtrArray *
message_rows (AgendaFixture *fixture)
{
  GtkWidget *list = loket_test_get_named (popover (fixture), "popover-messages");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_mapped (child))
      g_ptr_array_add (rows, loket_test_visible_label_texts (child));
  return rows;
}

/* The position of the row that shows exactly these two lines, or -1. */
static int
find_message_row (GPtrArray *rows, const char *what, const char *state)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *texts = rows->pdata[i];

      if (texts->len == 2 && g_str_equal (texts->pdata[0], what)
          && g_str_equal (texts->pdata[1], state))
        return (int) i;
    }
  return -1;
}

/* { what, state } pairs, NULL-terminated: each shown, in this order (other messages of the
 * appointment, such as those the server queued for the demo's bookings, may come between). */
static gboolean
messages_shown (AgendaFixture *fixture, gpointer data)
{
  const char *const *expected = data;
  g_autoptr(GPtrArray) rows = message_rows (fixture);
  int previous = -1;

  for (guint i = 0; expected[i] != NULL; i += 2)
    {
      int at = find_message_row (rows, expected[i], expected[i + 1]);

      if (at <= previous)
        return FALSE;
      previous = at;
    }
  return TRUE;
}

static gboolean
message_gone (AgendaFixture *fixture, gpointer data)
{
  const char *const *pair = data;
  g_autoptr(GPtrArray) rows = message_rows (fixture);

  return find_message_row (rows, pair[0], pair[1]) < 0;
}

/* The state line with this text is styled as class. */
static gboolean
state_styled (AgendaFixture *fixture, const char *text, const char *class)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  loket_test_collect (loket_test_get_named (popover (fixture), "popover-messages"),
                      GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (labels->pdata[i]), text))
      return gtk_widget_has_css_class (labels->pdata[i], class);
  return FALSE;
}

static gboolean
facts_show (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) texts =
    loket_test_visible_label_texts (loket_test_get_named (popover (fixture), "popover-facts"));
  const char *const *pair = data;

  return loket_test_texts_contain (texts, pair[0]) && loket_test_texts_contain (texts, pair[1]);
}

static GtkWidget *
focus_of (AgendaFixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* The focused row is scrolled into the part of the messages' scroller that shows. */
static gboolean
focus_in_sight (AgendaFixture *fixture, gpointer data)
{
  GtkWidget *list = loket_test_get_named (popover (fixture), "popover-messages");
  GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (focus_of (fixture), scroller, &bounds)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 1;
}

/* Every row of the messages has been laid out since the list was filled again (after a sync):
 * a row scrolls into sight by where it is, as it would for a clerk, who never presses a key in
 * the same frame as a refresh. */
static gboolean
rows_laid_out (AgendaFixture *fixture, gpointer data)
{
  GtkWidget *list = loket_test_get_named (popover (fixture), "popover-messages");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_height (row) < 20)
      return FALSE;
  return TRUE;
}

/* The keyboard starts on the first action; Shift+Tab goes back into the messages, Home to the
 * first, Down to each next one, which scrolls into sight; the list's last row is a message. */
static void
assert_messages_by_keyboard (AgendaFixture *fixture)
{
  GtkWidget *list = loket_test_get_named (popover (fixture), "popover-messages");
  GtkWidget *last = gtk_widget_get_last_child (list);
  GtkWidget *focus = focus_of (fixture);

  g_assert_true (agenda_wait_until (fixture, rows_laid_out, NULL, WAIT_MS));

  g_assert_true (GTK_IS_BUTTON (focus) && gtk_widget_is_ancestor (focus, popover (fixture)));
  g_assert_true (gtk_widget_child_focus (popover (fixture), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_is_ancestor (focus_of (fixture), list));
  g_assert_true (loket_test_ui_press_key (focus_of (fixture), GDK_KEY_Home, 0));
  g_assert_true (focus_of (fixture) == gtk_widget_get_first_child (list));
  for (guint i = 0; i < 20 && focus_of (fixture) != last; i++)
    {
      GtkWidget *before = focus_of (fixture);

      g_assert_true (loket_test_ui_press_key (before, GDK_KEY_Down, 0));
      g_assert_true (focus_of (fixture) == gtk_widget_get_next_sibling (before));
      g_assert_true (agenda_wait_until (fixture, focus_in_sight, NULL, WAIT_MS));
    }
  g_assert_true (focus_of (fixture) == last);
}

/* The messages of an appointment, in local time (Amsterdam: UTC+1 in November), in the order
 * they are due; one booked online.  Then the server gives up on the confirmation: the open
 * popover shows why, in the error style. */
static void
test_popover_messages (AgendaFixture *fixture, gconstpointer data)
{
  static const char *const before[] = {
    "Confirmation by e-mail", "sent 22 Nov 14:03",
    "Change by e-mail", "not sent: cancelled",
    "Reminder by e-mail", "planned 23 Nov 13:30",
    "Reminder by SMS", "retrying after 2 failed attempts: The SMS gateway did not answer.",
    NULL,
  };
  static const char *const after[] = {
    "Confirmation by e-mail", "failed: The mail program stopped with status 75.",
    "Change by e-mail", "not sent: cancelled",
    "Reminder by e-mail", "planned 23 Nov 13:30",
    NULL,
  };
  static const char *const online[] = { "Booked", "Online, by the customer" };
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketDb) server = loket_test_admin_open (fixture->demo->server_db);
  g_autoptr(JsonObject) web = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *id;

  g_assert_nonnull (appointment);
  id = loket_record_get_id (appointment);
  /* Due long ago or far ahead, so no delivery of the server picks them up meanwhile. */
  put_message (server, "test-confirmation", id, "confirmation", "email", "2025-11-22T13:03:00Z",
               "sent", 1, "", "2025-11-22T13:03:20Z");
  put_message (server, "test-change", id, "change", "email", "2025-11-22T15:00:00Z",
               "cancelled", 0, "", NULL);
  put_message (server, "test-reminder-sms", id, "reminder", "sms", "2099-11-24T11:30:00Z",
               "queued", 2, "The SMS gateway did not answer.", NULL);
  put_message (server, "test-reminder-email", id, "reminder", "email", "2099-11-23T12:30:00Z",
               "queued", 0, "", NULL);
  web = loket_test_admin_get_row (server, "appointments", id);
  g_assert_nonnull (web);
  json_object_set_string_member (web, "channel", "web");
  loket_test_admin_upsert (server, "appointments", web);
  loket_test_desk_sync (fixture->desk);

  open_popover (fixture, id);
  g_assert_true (agenda_wait_until (fixture, messages_shown, (gpointer) before, WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, facts_show, (gpointer) online, WAIT_MS));
  g_assert_true (state_styled (fixture, before[1], "success"));
  g_assert_true (state_styled (fixture, before[7], "warning"));
  g_assert_true (state_styled (fixture, before[3], "dim-label"));

  /* The server gave up on the confirmation and the SMS; the popover, still open, follows. */
  put_message (server, "test-confirmation", id, "confirmation", "email", "2025-11-22T13:03:00Z",
               "failed", 6, "The mail program stopped with status 75.", NULL);
  put_message (server, "test-reminder-sms", id, "reminder", "sms", "2099-11-24T11:30:00Z",
               "cancelled", 2, "The SMS gateway did not answer.", NULL);
  loket_test_desk_sync (fixture->desk);
  g_assert_true (popover_open (fixture, NULL));
  g_assert_true (agenda_wait_until (fixture, messages_shown, (gpointer) after, WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, message_gone, (gpointer) before, WAIT_MS));
  g_assert_true (agenda_wait_until (fixture, message_gone, (gpointer) (before + 6), WAIT_MS));
  rows = message_rows (fixture);
  g_assert_cmpint (find_message_row (rows, "Reminder by SMS", "not sent: cancelled"), >=, 0);
  g_assert_true (state_styled (fixture, after[1], "error"));

  assert_messages_by_keyboard (fixture);
}

/* An appointment without messages (those the server queued for the demo's booking taken away
 * as a tombstone would) says so rather than showing an empty box. */
static void
test_popover_no_messages (AgendaFixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) appointment = agenda_go_to_booked_appointment (fixture);
  g_autoptr(LoketDb) server = loket_test_admin_open (fixture->demo->server_db);
  g_autofree char *ids = NULL;
  g_auto(GStrv) each = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  const char *id;

  g_assert_nonnull (appointment);
  id = loket_record_get_id (appointment);
  ids = loket_test_ui_server_text (fixture->demo, "SELECT coalesce (group_concat (m.id), '')"
                                   " FROM messages m WHERE m.appointment_id = '%s'"
                                   " OR m.case_id = (SELECT case_id FROM appointments"
                                   "                 WHERE id = '%s')", id, id);
  each = g_strsplit (ids, ",", -1);
  for (guint i = 0; each[i] != NULL && *each[i] != '\0'; i++)
    loket_test_admin_delete (server, "messages", each[i]);
  loket_test_desk_sync (fixture->desk);
  open_popover (fixture, id);
  texts = loket_test_visible_label_texts (loket_test_get_named (popover (fixture),
                                                                "popover-messages"));
  g_assert_cmpuint (texts->len, ==, 1);
  g_assert_cmpstr (texts->pdata[0], ==, "No messages to the customer");
}

/* Beheer ---------------------------------------------------------------------------------------- */

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  GtkWindow         *window;
  LoketAdminView    *view;
  LoketDb           *server;
  char              *group_id;
  char              *case_type_id;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

static gboolean
press (Fixture *fixture, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (loket_test_ui_focus_of (fixture->window), keyval, mods);
}

static gboolean
window_mapped (Fixture *fixture, gconstpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->demo = loket_test_ui_server_start ("messages");
  fixture->server = loket_test_admin_open (fixture->demo->server_db);
  fixture->group_id = loket_test_ui_server_text (fixture->demo, "SELECT id FROM product_groups"
                                                 " ORDER BY name LIMIT 1");
  fixture->case_type_id = loket_test_ui_server_text (fixture->demo, "SELECT id FROM case_types"
                                                     " WHERE confidential = 0 LIMIT 1");
  g_assert_nonnull (fixture->group_id);
  g_assert_nonnull (fixture->case_type_id);
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "beheer", "beheer");
  fixture->view = LOKET_ADMIN_VIEW (loket_admin_view_new (fixture->desk->replica));
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1280, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_assert_true (wait_until (fixture, window_mapped, NULL));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (fixture->window);
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->group_id);
  g_free (fixture->case_type_id);
}

static void
put_product (Fixture *fixture, const char *id, const char *name)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "group_id", fixture->group_id);
  json_object_set_string_member (row, "name", name);
  json_object_set_int_member (row, "norm_minutes", 10);
  json_object_set_int_member (row, "handling_level", 1);
  json_object_set_int_member (row, "line", 1);
  loket_test_admin_upsert (fixture->server, "products", row);
}

/* A closed case of the product and its answer, days_ago days ago. */
static void
put_answer (Fixture *fixture, const char *id, const char *product_id, int q1, int q2, int q3,
            int days_ago)
{
  g_autoptr(JsonObject) kase = json_object_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *case_id = g_strconcat ("case-", id, NULL);
  g_autofree char *reference = g_strconcat ("Z-TEST-", id, NULL);
  g_autofree char *at = loket_protocol_format_time (g_get_real_time () / G_USEC_PER_SEC
                                                    - (gint64) days_ago * 24 * 3600);

  json_object_set_string_member (kase, "id", case_id);
  json_object_set_string_member (kase, "reference", reference);
  json_object_set_string_member (kase, "case_type_id", fixture->case_type_id);
  json_object_set_string_member (kase, "product_id", product_id);
  json_object_set_string_member (kase, "subject", "Enquête");
  json_object_set_string_member (kase, "status", "afgehandeld");
  json_object_set_string_member (kase, "opened_at", at);
  json_object_set_string_member (kase, "closed_at", at);
  json_object_set_string_member (kase, "deadline", "2030-01-01");
  loket_test_admin_upsert (fixture->server, "cases", kase);
  json_object_set_string_member (answer, "id", id);
  json_object_set_string_member (answer, "case_id", case_id);
  json_object_set_string_member (answer, "product_id", product_id);
  json_object_set_int_member (answer, "q1", q1);
  json_object_set_int_member (answer, "q2", q2);
  json_object_set_int_member (answer, "q3", q3);
  json_object_set_string_member (answer, "answered_at", at);
  loket_test_admin_upsert (fixture->server, "survey_answers", answer);
}

/* The texts of the satisfaction row titled title, or NULL. */
static GPtrArray *
satisfaction_row (Fixture *fixture, const char *title)
{
  GtkWidget *group = loket_test_get_named (fixture->view, "satisfaction-group");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  loket_test_collect (group, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = NULL;

      if (!gtk_widget_get_mapped (rows->pdata[i]))
        continue;
      texts = loket_test_visible_label_texts (rows->pdata[i]);
      if (texts->len > 0 && g_str_equal (texts->pdata[0], title))
        return g_steal_pointer (&texts);
    }
  return NULL;
}

/* The satisfaction row titled data[0] shows data[1] (its answers and means) and data[2] (the
 * mean of all and the share of 3 or more). */
static gboolean
satisfaction_row_shows (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;
  g_autoptr(GPtrArray) texts = satisfaction_row (fixture, what[0]);

  return texts != NULL && loket_test_texts_contain (texts, what[1])
         && loket_test_texts_contain (texts, what[2]);
}

/* The row of all products counts data ("4 answers · …"). */
static gboolean
total_row_counts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) texts = satisfaction_row (fixture, "All Products");

  return texts != NULL && texts->len > 1 && g_str_has_prefix (texts->pdata[1], data);
}

static gboolean
section_shown (Fixture *fixture, gconstpointer name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (loket_test_get_named (fixture->view, "admin-sections"));

  return g_strcmp0 (adw_view_stack_get_visible_child_name (stack), name) == 0;
}

/* Alt+5: the means of the product's answers of the last 90 days (an older one left out), its
 * share of 3 or more, and below the target; the keyboard is on the first row.  A new answer for
 * another product arrives with a sync and is shown, with the total of all products. */
static void
test_satisfaction (Fixture *fixture, gconstpointer data)
{
  /* Handling 5, 4, 3; information 2, 3, 4; time 1, 2, 2: per answer 8, 9, 9 of 15. */
  static const char *const survey[] = { "Enquêteproduct", "3 answers · handling 4.0 · "
                                        "information 3.0 · time 1.7", "mean 2.9 · 67% 3 or more" };
  static const char *const other[] = { "Tweede enquêteproduct", "1 answer · handling 5.0 · "
                                       "information 5.0 · time 5.0", "mean 5.0 · 100% 3 or more" };
  g_autofree char *total_answers = NULL;
  GtkWidget *focus;

  put_product (fixture, "test-survey-product", "Enquêteproduct");
  put_answer (fixture, "a1", "test-survey-product", 5, 2, 1, 1);
  put_answer (fixture, "a2", "test-survey-product", 4, 3, 2, 10);
  put_answer (fixture, "a3", "test-survey-product", 3, 4, 2, 89);
  put_answer (fixture, "old", "test-survey-product", 1, 1, 1, 91);
  loket_test_desk_sync (fixture->desk);

  g_assert_true (loket_test_ui_press_key (GTK_WIDGET (fixture->view), GDK_KEY_5, GDK_ALT_MASK));
  g_assert_true (wait_until (fixture, section_shown, "satisfaction"));
  g_assert_true (wait_until (fixture, satisfaction_row_shows, survey));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, loket_test_get_named (fixture->view,
                                                                      "satisfaction-group")));

  put_product (fixture, "test-survey-other", "Tweede enquêteproduct");
  put_answer (fixture, "b1", "test-survey-other", 5, 5, 5, 0);
  loket_test_desk_sync (fixture->desk);
  g_assert_true (wait_until (fixture, satisfaction_row_shows, other));
  g_assert_true (wait_until (fixture, satisfaction_row_shows, survey));
  /* All products: every answer of the 90 days this desk may see (the demo has more, and those
   * of a confidential case stay with its team), counted in the replica. */
  total_answers = loket_test_db_text (loket_db_get_path (loket_replica_get_db (
                                        fixture->desk->replica)),
    "SELECT count (*) || ' answers · ' FROM survey_answers"
    " WHERE answered_at >= strftime ('%Y-%m-%dT%H:%M:%SZ', 'now', '-90 days')");
  g_assert_true (wait_until (fixture, total_row_counts, total_answers));
}

static gboolean
heading_is (Fixture *fixture, gconstpointer text)
{
  GtkWidget *heading = loket_test_get_named (fixture->view, "products-heading");

  return gtk_widget_get_mapped (heading)
         && g_str_equal (gtk_label_get_text (GTK_LABEL (heading)), text);
}

/* Arrow keys from the first row of the products list to the product's row; Enter opens it. */
static void
open_product (Fixture *fixture, const char *name)
{
  GtkWidget *list = loket_test_get_named (fixture->view, "products-list");
  GtkWidget *target = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL && target == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (child);

      if (loket_test_texts_contain (texts, name))
        target = child;
    }
  g_assert_nonnull (target);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_first_child (list)));
  for (guint i = 0; i < 80 && gtk_root_get_focus (GTK_ROOT (fixture->window)) != target; i++)
    g_assert_true (press (fixture, GDK_KEY_Down, 0));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == target);
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  g_assert_true (wait_until (fixture, heading_is, name));
}

static gboolean
switch_is (Fixture *fixture, gconstpointer data)
{
  const gpointer *what = (const gpointer *) data;   /* { switch, wanted } */

  return gtk_switch_get_active (what[0]) == GPOINTER_TO_INT (what[1]);
}

/* Enter on the focused switch, as GTK runs it; the switch slides over before it changes. */
static void
toggle_switch (Fixture *fixture, const char *name)
{
  GtkWidget *toggle = loket_test_get_named (fixture->view, name);
  const gpointer what[] = { toggle,
                            GINT_TO_POINTER (!gtk_switch_get_active (GTK_SWITCH (toggle))) };

  g_assert_true (gtk_widget_grab_focus (toggle));
  loket_test_ui_press_enter (fixture->window);
  g_assert_true (wait_until (fixture, switch_is, what));
}

static gboolean
synced_quiet (Fixture *fixture)
{
  loket_test_desk_sync_quiet (fixture->desk);
  return loket_replica_count_pending (fixture->desk->replica) == 0;
}

static int
spin_value (Fixture *fixture, const char *name)
{
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (loket_test_get_named (fixture->view,
                                                                                  name)));
}

static gboolean
switch_on (Fixture *fixture, const char *name)
{
  return gtk_switch_get_active (GTK_SWITCH (loket_test_get_named (fixture->view, name)));
}

static void
set_spin (Fixture *fixture, const char *name, int value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (loket_test_get_named (fixture->view, name)),
                             value);
}

/* Ctrl+S, then a sync: what the server's row holds, "email|sms" minutes. */
static char *
save_and_sync (Fixture *fixture)
{
  g_assert_true (press (fixture, GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->view,
                                                                "products-error")));
  g_assert_true (synced_quiet (fixture));
  return loket_test_ui_server_text (fixture->demo, "SELECT remind_email_minutes || '|' ||"
                                    " remind_sms_minutes FROM products"
                                    " WHERE id = 'test-reminder-product'");
}

/* A product whose e-mail goes 90 minutes before (set elsewhere) and the SMS an hour before: the
 * form shows 2 hours, and saving it with the SMS off keeps the 90 minutes.  Opened again, the
 * form shows what is stored, the SMS time not to be changed while the SMS is off.  Two days
 * before and an SMS at 30 minutes, then no e-mail: each reaches the server's row. */
static void
test_reminder_settings (Fixture *fixture, gconstpointer data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  g_autoptr(JsonObject) product = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  put_product (fixture, "test-reminder-product", "Herinneringsproduct");
  product = loket_test_admin_get_row (fixture->server, "products", "test-reminder-product");
  json_object_set_int_member (product, "remind_email_minutes", 90);
  loket_test_admin_upsert (fixture->server, "products", product);
  loket_test_desk_sync (fixture->desk);
  g_assert_true (loket_test_ui_press_key (view, GDK_KEY_2, GDK_ALT_MASK));
  open_product (fixture, "Herinneringsproduct");
  g_assert_true (switch_on (fixture, "product-remind-email"));
  g_assert_cmpint (spin_value (fixture, "product-remind-email-hours"), ==, 2);
  g_assert_true (switch_on (fixture, "product-remind-sms"));
  g_assert_cmpint (spin_value (fixture, "product-remind-sms-minutes"), ==, 60);

  toggle_switch (fixture, "product-remind-sms");
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (view,
                                                                 "product-remind-sms-minutes")));
  first = save_and_sync (fixture);
  g_assert_cmpstr (first, ==, "90|0");

  open_product (fixture, "Paspoort");
  open_product (fixture, "Herinneringsproduct");
  g_assert_false (switch_on (fixture, "product-remind-sms"));
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (view,
                                                                 "product-remind-sms-minutes")));
  g_assert_cmpint (spin_value (fixture, "product-remind-email-hours"), ==, 2);

  set_spin (fixture, "product-remind-email-hours", 48);
  toggle_switch (fixture, "product-remind-sms");
  set_spin (fixture, "product-remind-sms-minutes", 30);
  second = save_and_sync (fixture);
  g_assert_cmpstr (second, ==, "2880|30");

  toggle_switch (fixture, "product-remind-email");
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (view,
                                                                 "product-remind-email-hours")));
  third = save_and_sync (fixture);
  g_assert_cmpstr (third, ==, "0|30");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  agenda_test_add ("/ui/messages/popover", NULL, test_popover_messages);
  agenda_test_add ("/ui/messages/popover-none", NULL, test_popover_no_messages);
  g_test_add ("/ui/messages/satisfaction", Fixture, NULL, fixture_set_up, test_satisfaction,
              fixture_tear_down);
  g_test_add ("/ui/messages/reminder-settings", Fixture, NULL, fixture_set_up,
              test_reminder_settings, fixture_tear_down);
  return g_test_run ();
}
