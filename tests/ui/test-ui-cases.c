/* test-ui-cases.c — the Cases page under Xvfb, offline, and what reaches the other desk.
 *
 * A real loket-sync with demo data on loopback.  Desk A is the window under test (its replica
 * and sync client), signed in as the demo's back-office specialist; desk B is a second replica
 * of the same clerk on another device.  Desk A goes offline, opens the Cases page, takes an open
 * case into "My Cases" (assigning it to itself when it has none of its own), moves it to the next
 * status and the next again and adds a note: the list, the counts and the timeline follow at
 * once.  Then A syncs, and B after it: the server and desk B hold the same status, the same
 * timeline in the same order and the note.  If PNG is set in $LOKET_SCREENSHOT, the page with
 * the case is saved there.
 *
 * The second test starts at the phone: desk A, offline, registers a phone contact with Ctrl+K,
 * makes a case of it in the same dialog, takes the case and moves it through every status of
 * its type to the end, with a note.  After sync the server and desk B hold the contact (linked
 * to the case, with its channel and referral), the case closed, the same timeline and the note.
 *
 * The third opens the cases of a life event from a counter contact: "Verhuizen" makes the move's
 * case and the extract's at once for the customer, linked as a bundle, offline; after sync the
 * server holds both cases and their link.
 */
#include "config.h"

#include <string.h>

#include "loket-cases-view.h"
#include "loket-contact-dialog.h"
#include "loket-replica-bundles.h"
#include "loket-replica-private.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 20000
#define NOTE "Aanvrager belt vrijdag terug over de tekening."
#define TOPIC "Wil een dakkapel plaatsen, vraagt wat er nodig is"
#define REFERRED "Omgevingsloket online"
#define PRODUCT "Informatie verbouwen"

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk[2];   /* 0: desk A, the window's; 1: desk B */
  LoketWindow       *window;
  LoketCasesView    *view;
  char              *case_id;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  fixture->demo = loket_test_ui_server_start ("cases");
  fixture->desk[0] = loket_test_ui_server_new_desk (fixture->demo, "desk0", "backoffice");
  fixture->desk[1] = loket_test_ui_server_new_desk (fixture->demo, "desk1", "backoffice");

  fixture->window = loket_window_new (NULL, fixture->desk[0]->replica, fixture->desk[0]->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "cases");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_CASES_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  fixture->view = views->pdata[0];
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&fixture->desk[i], loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->case_id);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The position of a case's current status and how many statuses its type has. */
static void
status_position (LoketReplica *replica, const char *case_id, guint *current, guint *n)
{
  g_autoptr(GListModel) statuses = loket_replica_list_case_statuses (replica, case_id);

  *n = g_list_model_get_n_items (statuses);
  *current = *n;
  for (guint i = 0; i < *n; i++)
    {
      g_autoptr(LoketRecord) status = g_list_model_get_item (statuses, i);

      if (loket_record_get_int (status, "current"))
        *current = i;
    }
}

/* An open case of the list with two statuses still ahead of it, or NULL. */
static char *
find_case (LoketReplica *replica, LoketCaseList list)
{
  g_autoptr(GListModel) cases = loket_replica_list_cases (replica, list, NULL, 0);

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(LoketRecord) kase = g_list_model_get_item (cases, i);
      guint current, n;

      status_position (replica, loket_record_get_id (kase), &current, &n);
      if (current + 2 < n)
        return g_strdup (loket_record_get_id (kase));
    }
  return NULL;
}

static char *
next_status (LoketReplica *replica, const char *case_id)
{
  g_autoptr(GListModel) statuses = loket_replica_list_case_statuses (replica, case_id);
  guint current, n;
  g_autoptr(LoketRecord) next = NULL;

  status_position (replica, case_id, &current, &n);
  g_assert_cmpuint (current + 1, <, n);
  next = g_list_model_get_item (statuses, current + 1);
  g_assert_true (loket_record_get_int (next, "allowed"));
  return g_strdup (loket_record_get_string (next, "name"));
}

static gboolean
shows_case (Fixture *fixture, gconstpointer data)
{
  GListModel *cases = loket_cases_view_get_cases (fixture->view);

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(LoketRecord) kase = g_list_model_get_item (cases, i);

      if (g_str_equal (loket_record_get_id (kase), fixture->case_id))
        return TRUE;
    }
  return FALSE;
}

static gboolean
timeline_synced (Fixture *fixture, gconstpointer data)
{
  GListModel *timeline = loket_cases_view_get_timeline (fixture->view);
  guint n = g_list_model_get_n_items (timeline);
  g_autoptr(LoketRecord) last = n > 0 ? g_list_model_get_item (timeline, n - 1) : NULL;

  return last != NULL && loket_record_get_int (last, "pending") == 0;
}

/* "status@at,status@at,…" of a timeline. */
/* "status@time,…", or with times FALSE only the statuses: a move made offline carries the
 * desk's clock until the server, the authority, stamps it with its own. */
static char *
timeline_text_with (GListModel *timeline, gboolean times)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                              loket_record_get_string (entry, "status"));
      if (times)
        g_string_append_printf (text, "@%s", loket_record_get_string (entry, "at"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
timeline_text (GListModel *timeline)
{
  return timeline_text_with (timeline, TRUE);
}

static LoketRecord *
last_of (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (model, n - 1);
}

/* A click: GtkButton::clicked, which runs the button's action at once (activating it with the
 * keyboard runs it only after the button's pressed look has shown). */
static void
click (Fixture *fixture, const char *name)
{
  GtkWidget *button = loket_test_get_named (fixture->view, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* ---- the steps ------------------------------------------------------------------------------- */

/* A case of "My Cases", assigned offline through the page when the clerk has none. */
static void
take_case (Fixture *fixture)
{
  LoketReplica *replica = fixture->desk[0]->replica;
  guint mine = loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_MINE);

  if ((fixture->case_id = find_case (replica, LOKET_CASE_LIST_MINE)) == NULL)
    {
      LoketCaseList list = LOKET_CASE_LIST_UNASSIGNED;

      if ((fixture->case_id = find_case (replica, list)) == NULL)
        fixture->case_id = find_case (replica, list = LOKET_CASE_LIST_TEAM);
      g_assert_nonnull (fixture->case_id);
      loket_cases_view_show_list (fixture->view, list);
      g_assert_true (loket_cases_view_select_case (fixture->view, fixture->case_id));
      click (fixture, "case-assign-to-me");
      g_assert_cmpuint (loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_MINE), ==,
                        mine + 1);
    }
  loket_cases_view_show_list (fixture->view, LOKET_CASE_LIST_MINE);
  g_assert_true (shows_case (fixture, NULL));
  g_assert_true (loket_cases_view_select_case (fixture->view, fixture->case_id));
}

/* Moves the case on through the page's action, as the Next Status menu does; the timeline shows
 * the move at once, marked as not yet synced, and the case stays chosen. */
static void
move_on (Fixture *fixture)
{
  g_autofree char *status = next_status (fixture->desk[0]->replica, fixture->case_id);
  GListModel *timeline = loket_cases_view_get_timeline (fixture->view);
  guint before = g_list_model_get_n_items (timeline);
  guint mine = loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_MINE);
  guint closed = loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_CLOSED);
  GtkWidget *title = loket_test_get_named (fixture->view, "case-title");
  g_autoptr(LoketRecord) last = NULL;
  g_autoptr(LoketRecord) kase = NULL;
  gboolean closes;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "cases.set-status", "s",
                                             status));
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, before + 1);
  last = last_of (timeline);
  g_assert_cmpstr (loket_record_get_string (last, "status"), ==, status);
  g_assert_cmpint (loket_record_get_int (last, "pending"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (
    GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (loket_test_get_named (fixture->view, "case-timeline")), (int) before)),
    "current"));
  /* The last status closes the case: it leaves "My Cases" for "Closed", and stays shown. */
  kase = loket_replica_get_case_row (fixture->desk[0]->replica, fixture->case_id);
  closes = !loket_record_is_null (kase, "closed_at");
  g_assert_cmpint (shows_case (fixture, NULL), ==, !closes);
  g_assert_cmpuint (loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_MINE), ==,
                    mine - closes);
  g_assert_cmpuint (loket_cases_view_get_count (fixture->view, LOKET_CASE_LIST_CLOSED), ==,
                    closed + closes);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (title)),
                            loket_record_get_string (kase, "reference")));
}

static void
add_note (Fixture *fixture)
{
  GtkWidget *entry = loket_test_get_named (fixture->view, "case-note-entry");
  GListModel *notes = loket_cases_view_get_notes (fixture->view);
  guint before = g_list_model_get_n_items (notes);  /* a demo case may have notes already */
  g_autoptr(LoketRecord) note = NULL;

  /* An empty note is not added. */
  click (fixture, "case-add-note");
  g_assert_cmpuint (g_list_model_get_n_items (notes), ==, before);
  gtk_editable_set_text (GTK_EDITABLE (entry), NOTE);
  click (fixture, "case-add-note");
  g_assert_cmpuint (g_list_model_get_n_items (notes), ==, before + 1);
  note = last_of (notes);
  g_assert_cmpstr (loket_record_get_string (note, "body"), ==, NOTE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

/* Desk A back online, then both desks sync. */
static void
sync_both (Fixture *fixture)
{
  loket_test_desk_set_offline (fixture->desk[0], FALSE);
  loket_test_desk_sync_quiet (fixture->desk[0]);
  loket_test_desk_sync_quiet (fixture->desk[1]);
}

/* Desk B holds desk A's case as it is now: the same reference, status and assignee, the same
 * timeline (with the server's times), the statuses A went through offline in that order, and
 * the note. */
static void
assert_desk_b_matches (Fixture *fixture, const char *offline_statuses)
{
  static const char *const columns[] = { "reference", "status", "assignee_id" };
  LoketReplica *a = fixture->desk[0]->replica;
  LoketReplica *b = fixture->desk[1]->replica;
  g_autoptr(LoketRecord) case_a = loket_replica_get_case_row (a, fixture->case_id);
  g_autoptr(LoketRecord) case_b = loket_replica_get_case_row (b, fixture->case_id);
  g_autoptr(GListModel) history_a = loket_replica_list_case_history (a, fixture->case_id);
  g_autoptr(GListModel) history_b = loket_replica_list_case_history (b, fixture->case_id);
  g_autoptr(GListModel) notes_b = loket_replica_list_notes (b, fixture->case_id);
  g_autoptr(LoketRecord) note_b = NULL;
  g_autofree char *timeline_a = timeline_text (history_a);
  g_autofree char *timeline_b = timeline_text (history_b);
  g_autofree char *synced_statuses = timeline_text_with (history_b, FALSE);

  g_assert_nonnull (case_b);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_assert_cmpstr (loket_record_get_string (case_b, columns[i]), ==,
                     loket_record_get_string (case_a, columns[i]));
  g_assert_cmpstr (timeline_b, ==, timeline_a);
  g_assert_cmpstr (synced_statuses, ==, offline_statuses);
  note_b = last_of (notes_b);
  g_assert_cmpstr (loket_record_get_string (note_b, "body"), ==, NOTE);
}

static void
test_offline_then_sync (Fixture *fixture, gconstpointer data)
{
  LoketReplica *a = fixture->desk[0]->replica;
  g_autoptr(LoketRecord) case_a = NULL;
  g_autofree char *offline_statuses = NULL;
  g_autofree char *server_status = NULL;

  loket_test_desk_set_offline (fixture->desk[0], TRUE);
  take_case (fixture);
  move_on (fixture);
  move_on (fixture);
  add_note (fixture);
  g_assert_cmpuint (loket_replica_count_pending (a), >=, 3);
  loket_test_ui_save_screenshot (GTK_WINDOW (fixture->window));
  offline_statuses = timeline_text_with (loket_cases_view_get_timeline (fixture->view), FALSE);
  case_a = loket_replica_get_case_row (a, fixture->case_id);

  sync_both (fixture);

  server_status = loket_test_ui_server_text (fixture->demo, "SELECT status FROM cases WHERE id = "
                                             "'%s'", fixture->case_id);
  g_assert_cmpstr (server_status, ==, loket_record_get_string (case_a, "status"));
  assert_desk_b_matches (fixture, offline_statuses);
  /* Desk A's page shows the synced state: nothing is marked pending any more. */
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) timeline_synced, fixture, NULL,
                                           WAIT_MS));
}

/* ---- from a phone contact to a closed case ---------------------------------------------------- */

static gboolean
has_contact_dialog (Fixture *fixture, gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LOKET_IS_CONTACT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(LoketContactDialog **) data = LOKET_CONTACT_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

static char *
product_id_named (LoketReplica *replica, const char *name)
{
  g_autoptr(GListModel) products = loket_replica_list_products (replica, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);

      if (g_str_equal (loket_record_get_string (product, "name"), name))
        return g_strdup (loket_record_get_id (product));
    }
  g_assert_not_reached ();
}

/* A customer of the desk, by name. */
static LoketRecord *
some_customer (LoketReplica *replica)
{
  g_autoptr(GListModel) customers = loket_replica_search_customers (replica, "", 1);

  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, 1);
  return g_list_model_get_item (customers, 0);
}

static void
on_registered (LoketContactDialog *dialog, const char *contact_id, const char *case_id,
               char **ids)
{
  ids[0] = g_strdup (contact_id);
  ids[1] = g_strdup (case_id);
}

/* Ctrl+K, then the form as a clerk on the phone fills it; returns the contact's id and sets
 * fixture->case_id. */
static char *
register_phone_contact (Fixture *fixture, const char *customer_id, const char *customer_name)
{
  LoketReplica *replica = fixture->desk[0]->replica;
  g_autofree char *product_id = product_id_named (replica, PRODUCT);
  g_autoptr(LoketRecord) product = NULL;
  LoketContactDialog *dialog = NULL;
  GtkWidget *error;
  char *ids[2] = { NULL, NULL };

  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->window), "<Control>k");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_contact_dialog, fixture,
                                           &dialog, WAIT_MS));
  g_signal_connect (dialog, "registered", G_CALLBACK (on_registered), ids);
  error = loket_test_get_named (dialog, "contact-error");

  /* Nobody chosen and not anonymous: said, and nothing is registered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.register", NULL));
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_null (loket_contact_dialog_get_contact_id (dialog));

  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (dialog, "contact-channel")), 1);
  g_assert_cmpstr (loket_contact_dialog_get_channel (dialog), ==, "telefoon");
  loket_contact_dialog_choose_customer (dialog, customer_id, customer_name);
  g_assert_false (gtk_widget_get_visible (error));  /* what it said no longer holds */
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "contact-topic")), TOPIC);
  g_assert_true (loket_contact_dialog_select_product (dialog, product_id));
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "contact-referred")),
                         REFERRED);
  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (dialog, "contact-follow-up")),
                              1);
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (dialog, "contact-case-type")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.register", NULL));
  g_assert_nonnull (ids[0]);
  g_assert_nonnull (ids[1]);
  fixture->case_id = ids[1];
  loket_test_ui_settle ();
  g_assert_false (has_contact_dialog (fixture, &dialog));
  return ids[0];
}

/* Moves the case on until its type's last status closes it. */
static void
move_to_the_end (Fixture *fixture)
{
  LoketReplica *replica = fixture->desk[0]->replica;
  guint current, n;

  status_position (replica, fixture->case_id, &current, &n);
  g_assert_cmpuint (n, >=, 3);
  while (current + 1 < n)
    {
      move_on (fixture);
      status_position (replica, fixture->case_id, &current, &n);
    }
}

static void
check_contact (LoketReplica *replica, const char *contact_id, const char *case_id,
               const char *customer_id)
{
  g_autoptr(LoketRecord) moment =
    loket_replica_first_record (replica, "SELECT * FROM contact_moments WHERE id = ?", contact_id);

  g_assert_nonnull (moment);
  g_assert_cmpstr (loket_record_get_string (moment, "case_id"), ==, case_id);
  g_assert_cmpstr (loket_record_get_string (moment, "customer_id"), ==, customer_id);
  g_assert_cmpstr (loket_record_get_string (moment, "channel"), ==, "telefoon");
  g_assert_cmpstr (loket_record_get_string (moment, "topic"), ==, TOPIC);
  g_assert_cmpstr (loket_record_get_string (moment, "referred_to"), ==, REFERRED);
}

static void
test_contact_to_case (Fixture *fixture, gconstpointer data)
{
  LoketReplica *a = fixture->desk[0]->replica;
  LoketReplica *b = fixture->desk[1]->replica;
  g_autoptr(LoketRecord) customer = some_customer (a);
  g_autoptr(LoketRecord) case_a = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *offline_statuses = NULL;
  g_autofree char *server_case = NULL;
  g_autofree char *server_contact = NULL;
  g_autofree char *expected_contact = NULL;
  g_autofree char *expected_case = NULL;

  loket_test_desk_set_offline (fixture->desk[0], TRUE);
  contact_id = register_phone_contact (fixture, loket_record_get_id (customer),
                                       loket_record_get_string (customer, "name"));
  check_contact (a, contact_id, fixture->case_id, loket_record_get_id (customer));

  /* The new case waits for its team: the clerk takes it and works it to the end, offline. */
  loket_window_show_page (fixture->window, "cases");
  loket_cases_view_show_list (fixture->view, LOKET_CASE_LIST_UNASSIGNED);
  g_assert_true (shows_case (fixture, NULL));
  g_assert_true (loket_cases_view_select_case (fixture->view, fixture->case_id));
  click (fixture, "case-assign-to-me");
  loket_cases_view_show_list (fixture->view, LOKET_CASE_LIST_MINE);
  g_assert_true (loket_cases_view_select_case (fixture->view, fixture->case_id));
  move_to_the_end (fixture);
  add_note (fixture);
  case_a = loket_replica_get_case_row (a, fixture->case_id);
  g_assert_false (loket_record_is_null (case_a, "closed_at"));
  offline_statuses = timeline_text_with (loket_cases_view_get_timeline (fixture->view), FALSE);

  sync_both (fixture);

  /* The server: the contact linked to the case, the case closed at the same status. */
  server_case = loket_test_ui_server_text (fixture->demo, "SELECT status || '/' || (closed_at IS "
                                           "NOT NULL) || '/' || assignee_id FROM cases WHERE id = "
                                           "'%s'", fixture->case_id);
  g_clear_object (&case_a);
  case_a = loket_replica_get_case_row (a, fixture->case_id);
  expected_case = g_strdup_printf ("%s/1/%s", loket_record_get_string (case_a, "status"),
                                   loket_record_get_string (case_a, "assignee_id"));
  g_assert_cmpstr (server_case, ==, expected_case);
  server_contact = loket_test_ui_server_text (fixture->demo, "SELECT case_id || '/' || channel ||"
                                              " '/' || referred_to FROM contact_moments WHERE id ="
                                              " '%s'", contact_id);
  expected_contact = g_strdup_printf ("%s/telefoon/%s", fixture->case_id, REFERRED);
  g_assert_cmpstr (server_contact, ==, expected_contact);
  g_assert_true (g_str_has_prefix (loket_record_get_string (case_a, "reference"), "Z-"));

  /* Desk B: the same case, timeline, note and contact. */
  assert_desk_b_matches (fixture, offline_statuses);
  check_contact (b, contact_id, fixture->case_id, loket_record_get_id (customer));
}

/* ---- a life event's bundle -------------------------------------------------------------------- */

static LoketRecord *
life_event_named (LoketReplica *replica, const char *name, guint *position)
{
  g_autoptr(GListModel) events = loket_replica_list_life_events (replica);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      LoketRecord *event = g_list_model_get_item (events, i);

      if (g_str_equal (loket_record_get_string (event, "name"), name))
        {
          *position = i;
          return event;
        }
      g_object_unref (event);
    }
  g_assert_not_reached ();
}

static void
test_life_event (Fixture *fixture, gconstpointer data)
{
  LoketReplica *a = fixture->desk[0]->replica;
  g_autoptr(LoketRecord) customer = some_customer (a);
  g_autoptr(LoketRecord) first = NULL;
  g_autoptr(LoketRecord) second = NULL;
  g_autoptr(LoketRecord) link = NULL;
  g_autoptr(LoketRecord) moment = NULL;
  g_autofree char *bundle_case = NULL;
  g_autofree char *server_cases = NULL;
  g_autofree char *server_link = NULL;
  LoketContactDialog *dialog = NULL;
  char *ids[2] = { NULL, NULL };
  guint position;
  g_autoptr(LoketRecord) event = life_event_named (a, "Verhuizen", &position);

  loket_test_desk_set_offline (fixture->desk[0], TRUE);
  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->window), "<Control>k");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_contact_dialog, fixture,
                                           &dialog, WAIT_MS));
  g_signal_connect (dialog, "registered", G_CALLBACK (on_registered), ids);
  loket_contact_dialog_choose_customer (dialog, loket_record_get_id (customer),
                                        loket_record_get_string (customer, "name"));
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "contact-topic")),
                         "Gaat verhuizen naar de Kerkstraat");
  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (dialog, "contact-follow-up")),
                              2);
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (dialog, "contact-life-event")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (dialog, "contact-life-event")),
                              position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.register", NULL));
  g_assert_nonnull (ids[1]);
  fixture->case_id = ids[1];

  /* Both cases at once, for the customer, in the life event's order, linked as a bundle. */
  first = loket_replica_get_case_row (a, fixture->case_id);
  g_assert_cmpstr (loket_record_get_string (first, "product_name"), ==, "Verhuizing");
  g_assert_cmpstr (loket_record_get_string (first, "customer_id"), ==,
                   loket_record_get_id (customer));
  link = loket_replica_first_record (a, "SELECT * FROM case_links WHERE case_id = ?",
                                     fixture->case_id);
  g_assert_nonnull (link);
  g_assert_cmpstr (loket_record_get_string (link, "kind"), ==, "bundle");
  bundle_case = g_strdup (loket_record_get_string (link, "linked_case_id"));
  second = loket_replica_get_case_row (a, bundle_case);
  g_assert_cmpstr (loket_record_get_string (second, "product_name"), ==, "Uittreksel BRP");
  g_assert_cmpstr (loket_record_get_string (second, "customer_id"), ==,
                   loket_record_get_id (customer));
  moment = loket_replica_first_record (a, "SELECT * FROM contact_moments WHERE id = ?", ids[0]);
  g_assert_cmpstr (loket_record_get_string (moment, "case_id"), ==, fixture->case_id);

  loket_test_desk_set_offline (fixture->desk[0], FALSE);
  loket_test_desk_sync_quiet (fixture->desk[0]);
  server_cases = loket_test_ui_server_text (fixture->demo, "SELECT count(*) FROM cases WHERE id IN"
                                            " ('%s', '%s') AND customer_id = '%s'",
                                            fixture->case_id, bundle_case,
                                            loket_record_get_id (customer));
  g_assert_cmpstr (server_cases, ==, "2");
  server_link = loket_test_ui_server_text (fixture->demo, "SELECT kind FROM case_links WHERE"
                                           " case_id = '%s' AND linked_case_id = '%s'",
                                           fixture->case_id, bundle_case);
  g_assert_cmpstr (server_link, ==, "bundle");
  g_free (ids[0]);
}

static gboolean
list_is_empty (Fixture *fixture, gconstpointer data)
{
  return g_list_model_get_n_items (loket_cases_view_get_cases (fixture->view)) == 0;
}

/* The team's cases of one case type, then of one product: the page's list narrows to exactly
 * those, the empty page says why when none match, and "All" brings the list back. */
static void
test_filters (Fixture *fixture, gconstpointer data)
{
  GtkDropDown *types = GTK_DROP_DOWN (loket_test_get_named (fixture->view, "cases-type-filter"));
  GtkDropDown *products = GTK_DROP_DOWN (loket_test_get_named (fixture->view,
                                                               "cases-product-filter"));
  GListModel *shown = loket_cases_view_get_cases (fixture->view);
  g_autoptr(GListModel) team = NULL;
  g_autoptr(LoketRecord) first = NULL;
  const char *type_name, *product_name;
  guint all;

  loket_cases_view_show_list (fixture->view, LOKET_CASE_LIST_TEAM);
  team = loket_replica_list_cases (fixture->desk[0]->replica, LOKET_CASE_LIST_TEAM, NULL, 0);
  all = g_list_model_get_n_items (shown);
  g_assert_cmpuint (all, ==, g_list_model_get_n_items (team));
  g_assert_cmpuint (all, >, 1);
  first = g_list_model_get_item (team, 0);
  type_name = loket_record_get_string (first, "case_type_name");
  product_name = loket_record_get_string (first, "product_name");

  gtk_drop_down_set_selected (types, loket_test_drop_down_choice (types, type_name));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(LoketRecord) kase = g_list_model_get_item (shown, i);

      g_assert_cmpstr (loket_record_get_string (kase, "case_type_name"), ==, type_name);
    }
  if (*product_name != '\0')
    {
      gtk_drop_down_set_selected (products, loket_test_drop_down_choice (products, product_name));
      for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr(LoketRecord) kase = g_list_model_get_item (shown, i);

          g_assert_cmpstr (loket_record_get_string (kase, "product_name"), ==, product_name);
        }
    }
  /* A search that matches none of them: the empty page says the search and filters. */
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (fixture->view, "cases-search")),
                         "zzzgeenzaak");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) list_is_empty, fixture, NULL,
                                           WAIT_MS));
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (fixture->view, "cases-search")), "");
  gtk_drop_down_set_selected (types, 0);
  gtk_drop_down_set_selected (products, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/cases/offline-then-sync", Fixture, NULL, fixture_set_up,
              test_offline_then_sync, fixture_tear_down);
  g_test_add ("/ui/cases/contact-to-case", Fixture, NULL, fixture_set_up, test_contact_to_case,
              fixture_tear_down);
  g_test_add ("/ui/cases/life-event", Fixture, NULL, fixture_set_up, test_life_event,
              fixture_tear_down);
  g_test_add ("/ui/cases/filters", Fixture, NULL, fixture_set_up, test_filters,
              fixture_tear_down);
  return g_test_run ();
}
