/* test-ui-case-work.c — the Cases page's case work under Xvfb: waiting for the customer, a
 * document, linked cases, callbacks, the archive's due list and termijnbewaking.
 *
 * A real loket-sync with demo data on loopback and the window of a desk signed in as the
 * demo's back-office specialist (the archive: as the team leader).  Everything is done through
 * the page's actions and dialogs as a clerk would, and what the page shows is checked; the
 * case work then syncs and the server holds it.  If PNG is set in $LOKET_SCREENSHOT, the
 * case's detail is saved there.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "loket-booking-dialog.h"
#include "loket-cases-view.h"
#include "loket-deadline-watch.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 20000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketWindow       *window;
  LoketCasesView    *view;
  LoketCaseDetail   *detail;
  char              *case_id;
} Fixture;

static void
set_up_as (Fixture *fixture, const char *username)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  fixture->demo = loket_test_ui_server_start ("case-work");
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "desk", username);
  fixture->window = loket_window_new (NULL, fixture->desk->replica, fixture->desk->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "cases");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_CASES_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  fixture->view = views->pdata[0];
  fixture->detail = loket_cases_view_get_detail (fixture->view);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  set_up_as (fixture, data != NULL ? data : "backoffice");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->case_id);
}

/* ---- helpers --------------------------------------------------------------------------------- */

static gint64
real_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* An open case of mine that does not wait for the customer, made mine through the page when
 * the clerk has none; shown in the detail. */
static char *
take_case (Fixture *fixture, const char *other_than)
{
  const LoketCaseList lists[] = { LOKET_CASE_LIST_MINE, LOKET_CASE_LIST_UNASSIGNED,
                                  LOKET_CASE_LIST_TEAM };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(GListModel) cases = loket_replica_list_cases (fixture->desk->replica, lists[l],
                                                              NULL, 0);

      for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
        {
          g_autoptr(LoketRecord) kase = g_list_model_get_item (cases, i);
          const char *id = loket_record_get_id (kase);

          /* Overdue, it would stay so while waiting: the page says both. */
          if (!loket_record_is_null (kase, "suspended_since") || g_strcmp0 (id, other_than) == 0
              || g_str_equal (loket_record_get_string (kase, "deadline_state"), "overdue"))
            continue;
          g_assert_true (loket_cases_view_open_case (fixture->view, id));
          if (lists[l] != LOKET_CASE_LIST_MINE)
            g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view),
                                                       "cases.assign-to-me", NULL));
          return g_strdup (id);
        }
    }
  g_assert_not_reached ();
}

static LoketRecord *
last_of (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (model, n - 1);
}

/* The row of model whose column holds value, or NULL: the demo may have given a case links or
 * documents already, so the test finds its own by what they are. */
static LoketRecord *
find_row (GListModel *model, const char *column, const char *value)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (loket_record_get_string (row, column), value) == 0)
        return g_steal_pointer (&row);
    }
  return NULL;
}

static const char *
fact (Fixture *fixture, const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (loket_test_get_named (fixture->detail,
                                                                            name)));
}

/* Runs a case.* action on the detail and returns the dialog it opened. */
static AdwMessageDialog *
open_dialog (Fixture *fixture, const char *action)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), action, NULL));
  dialog = loket_case_detail_get_dialog (fixture->detail);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
type_into (gpointer dialog, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, name)), text);
}

/* A click on a response button: the response, then the dialog closes. */
static void
answer (AdwMessageDialog *dialog, const char *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  loket_test_ui_settle ();
}

static void
accept (AdwMessageDialog *dialog)
{
  answer (dialog, "accept");
}

/* The case's documents and links, scrolled into view. */
static void
save_screenshot (Fixture *fixture)
{
  GtkScrolledWindow *scrolled;
  graphene_point_t at;

  if (g_getenv ("LOKET_SCREENSHOT") == NULL)
    return;
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    loket_test_get_named (fixture->detail, "case-documents"), GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_compute_point (loket_test_get_named (fixture->detail, "case-timeline"),
                                           gtk_scrolled_window_get_child (scrolled),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), at.y - 40);
  loket_test_ui_save_screenshot (GTK_WINDOW (fixture->window));
}

/* ---- waiting for the customer ---------------------------------------------------------------- */

#define REASON "Wacht op de bouwtekening"

static void
test_suspend_resume (Fixture *fixture, gconstpointer data)
{
  GListModel *timeline = loket_case_detail_get_timeline (fixture->detail);
  AdwMessageDialog *dialog;
  g_autoptr(LoketRecord) suspended = NULL;
  g_autoptr(LoketRecord) resumed = NULL;
  g_autofree char *server = NULL;
  guint before;

  fixture->case_id = take_case (fixture, NULL);
  g_assert_null (strstr (fact (fixture, "case-fact-deadline"), "paused"));
  before = g_list_model_get_n_items (timeline);

  /* No reason, no pause. */
  dialog = open_dialog (fixture, "case.suspend");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  type_into (dialog, "case-suspend-reason", "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  type_into (dialog, "case-suspend-reason", REASON);
  accept (dialog);

  suspended = last_of (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, before + 1);
  g_assert_cmpstr (loket_record_get_string (suspended, "kind"), ==, "suspend");
  g_assert_cmpstr (loket_record_get_string (suspended, "reason"), ==, REASON);
  g_assert_cmpint (loket_record_get_int (suspended, "pending"), ==, 1);
  g_assert_nonnull (strstr (fact (fixture, "case-fact-deadline"), "Clock paused since"));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->detail, "case-suspend")));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (fixture->detail, "case-resume")));
  /* The lists say it waits, and it is no longer at risk. */
  g_assert_cmpstr (loket_record_get_string (loket_case_detail_get_case (fixture->detail),
                                            "deadline_state"), ==, "suspended");

  g_signal_emit_by_name (loket_test_get_named (fixture->detail, "case-resume"), "clicked");
  resumed = last_of (timeline);
  g_assert_cmpstr (loket_record_get_string (resumed, "kind"), ==, "resume");
  g_assert_null (strstr (fact (fixture, "case-fact-deadline"), "paused"));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (fixture->detail, "case-suspend")));

  /* The server took both, in order. */
  loket_test_desk_sync_quiet (fixture->desk);
  server = loket_test_ui_server_text (fixture->demo, "SELECT group_concat (kind) FROM "
                                      "(SELECT kind FROM case_suspensions WHERE case_id = '%s' "
                                      "ORDER BY at DESC, rowid DESC LIMIT 2)", fixture->case_id);
  g_assert_cmpstr (server, ==, "resume,suspend");
}

/* ---- a document and a linked case ------------------------------------------------------------ */

static void
add_document (Fixture *fixture)
{
  AdwMessageDialog *dialog = open_dialog (fixture, "case.add-document");
  g_autoptr(LoketRecord) document = NULL;

  type_into (dialog, "case-document-title", "Bouwtekening");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  type_into (dialog, "case-document-location", "https://dms.example.nl/zaken/tekening.pdf");
  accept (dialog);
  /* The demo may have given the case documents of its own, some added after now. */
  document = find_row (loket_case_detail_get_documents (fixture->detail), "location",
                       "https://dms.example.nl/zaken/tekening.pdf");
  g_assert_nonnull (document);
  g_assert_cmpstr (loket_record_get_string (document, "title"), ==, "Bouwtekening");
}

/* Links the shown case to other, found by its reference in the dialog's search. */
static void
link_case (Fixture *fixture, LoketRecord *other)
{
  AdwMessageDialog *dialog = open_dialog (fixture, "case.link");
  GtkWidget *search = loket_test_get_named (dialog, "case-link-search");
  GtkListBox *results = GTK_LIST_BOX (loket_test_get_named (dialog, "case-link-results"));
  GtkListBoxRow *first;

  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  gtk_editable_set_text (GTK_EDITABLE (search), loket_record_get_string (other, "reference"));
  g_signal_emit_by_name (search, "search-changed");
  first = gtk_list_box_get_row_at_index (results, 0);
  g_assert_nonnull (first);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (first)), ==, loket_record_get_id (other));
  g_assert_true (gtk_list_box_get_selected_row (results) == first);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (loket_test_get_named (dialog, "case-link-kind")), 0);
  accept (dialog);
}

static void
test_document_and_link (Fixture *fixture, gconstpointer data)
{
  g_autofree char *other_id = NULL;
  g_autoptr(LoketRecord) other = NULL;
  g_autoptr(LoketRecord) link = NULL;
  g_autoptr(LoketRecord) back = NULL;
  g_autofree char *server = NULL;
  guint links_before;

  fixture->case_id = take_case (fixture, NULL);
  other_id = take_case (fixture, fixture->case_id);
  other = loket_replica_get_case_row (fixture->desk->replica, other_id);
  g_assert_true (loket_cases_view_open_case (fixture->view, fixture->case_id));
  links_before = g_list_model_get_n_items (loket_case_detail_get_links (fixture->detail));
  add_document (fixture);
  link_case (fixture, other);

  g_assert_cmpuint (g_list_model_get_n_items (loket_case_detail_get_links (fixture->detail)), ==,
                    links_before + 1);
  link = find_row (loket_case_detail_get_links (fixture->detail), "other_id", other_id);
  g_assert_nonnull (link);
  g_assert_cmpstr (loket_record_get_string (link, "other_id"), ==, other_id);
  g_assert_cmpstr (loket_record_get_string (link, "kind"), ==, "related");
  g_assert_cmpstr (loket_record_get_string (link, "direction"), ==, "to");
  save_screenshot (fixture);

  /* The link opens the other case, which shows the link from its side. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "case.open-case", "s",
                                             other_id));
  g_assert_cmpstr (loket_record_get_id (loket_case_detail_get_case (fixture->detail)), ==,
                   other_id);
  back = find_row (loket_case_detail_get_links (fixture->detail), "other_id", fixture->case_id);
  g_assert_nonnull (back);
  g_assert_cmpstr (loket_record_get_string (back, "direction"), ==, "from");

  /* win.show-case opens a case from anywhere (a notification). */
  loket_window_show_page (fixture->window, "today");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-case", "s",
                                             fixture->case_id));
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "cases");
  g_assert_cmpstr (loket_record_get_id (loket_case_detail_get_case (fixture->detail)), ==,
                   fixture->case_id);

  /* The customer's name opens the customer card. */
  {
    GtkWidget *customer = loket_test_get_named (fixture->detail, "case-fact-customer");

    g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (customer)));
    g_assert_true (gtk_widget_activate (customer));
    g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "customers");
  }

  loket_test_desk_sync_quiet (fixture->desk);
  server = loket_test_ui_server_text (fixture->demo, "SELECT count (*) FROM case_documents "
                                      "WHERE case_id = '%s' AND title = 'Bouwtekening' AND "
                                      "location = 'https://dms.example.nl/zaken/tekening.pdf'",
                                      fixture->case_id);
  g_assert_cmpstr (server, ==, "1");
  g_free (server);
  server = loket_test_ui_server_text (fixture->demo, "SELECT kind FROM case_links WHERE "
                                      "case_id = '%s' AND linked_case_id = '%s'",
                                      fixture->case_id, other_id);
  g_assert_cmpstr (server, ==, "related");
}

/* ---- callbacks ------------------------------------------------------------------------------- */

static LoketRecord *
shown_callback (Fixture *fixture, const char *id)
{
  GListModel *model = loket_callbacks_view_get_model (loket_cases_view_get_callbacks (fixture->view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (row), id))
        return g_steal_pointer (&row);
    }
  return NULL;
}

static gboolean
shows_outcome (Fixture *fixture, gconstpointer data)
{
  const char *const *expect = data;   /* id, outcome or NULL for gone */
  g_autoptr(LoketRecord) row = shown_callback (fixture, expect[0]);

  if (expect[1] == NULL)
    return row == NULL;
  return row != NULL && g_str_equal (loket_record_get_string (row, "outcome"), expect[1]);
}

static void
settle (Fixture *fixture, const char *id, const char *outcome, const char *note)
{
  LoketCallbacksView *callbacks = loket_cases_view_get_callbacks (fixture->view);
  g_autofree char *button = g_strdup_printf ("callback-%s-%s", outcome, id);
  AdwMessageDialog *dialog;

  g_signal_emit_by_name (loket_test_get_named (callbacks, button), "clicked");
  dialog = loket_callbacks_view_get_dialog (callbacks);
  g_assert_nonnull (dialog);
  type_into (dialog, "callback-note", note);
  accept (dialog);
}

static void
test_callbacks (Fixture *fixture, gconstpointer data)
{
  LoketCallbacksView *callbacks;
  AdwMessageDialog *dialog;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(LoketRecord) added = NULL;
  g_autofree char *id = NULL;
  g_autofree char *server = NULL;
  const char *not_reached[2] = { NULL, "not_reached" };
  const char *gone[2] = { NULL, NULL };
  guint before;

  fixture->case_id = take_case (fixture, NULL);
  loket_cases_view_show_callbacks (fixture->view);
  before = loket_cases_view_get_callback_count (fixture->view);

  /* Without a customer a callback needs a number to call; cancelled, nothing is noted. */
  callbacks = loket_cases_view_get_callbacks (fixture->view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (callbacks), "callbacks.new", NULL));
  dialog = loket_callbacks_view_get_dialog (callbacks);
  g_assert_nonnull (dialog);
  type_into (dialog, "callback-subject", "Vraag over de afvalpas");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  type_into (dialog, "callback-phone", "0201234567");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
  answer (dialog, "cancel");
  g_assert_null (loket_callbacks_view_get_dialog (callbacks));
  all = loket_replica_list_callbacks (fixture->desk->replica);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, before);
  g_clear_object (&all);
  g_assert_true (loket_cases_view_open_case (fixture->view, fixture->case_id));

  dialog = open_dialog (fixture, "case.new-callback");
  type_into (dialog, "callback-subject", "");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  type_into (dialog, "callback-subject", "Uitleg over de leges");
  type_into (dialog, "callback-phone", "0612345678");
  accept (dialog);

  /* The new one is mine, due by the end of the next working day, and listed. */
  all = loket_replica_list_callbacks (fixture->desk->replica);
  for (guint i = 0; id == NULL && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (all, i);

      if (g_str_equal (loket_record_get_string (row, "subject"), "Uitleg over de leges"))
        id = g_strdup (loket_record_get_id (row));
    }
  g_assert_nonnull (id);
  not_reached[0] = gone[0] = id;
  loket_cases_view_show_callbacks (fixture->view);
  g_assert_cmpuint (loket_cases_view_get_callback_count (fixture->view), ==, before + 1);
  added = shown_callback (fixture, id);
  g_assert_nonnull (added);
  g_assert_cmpstr (loket_record_get_string (added, "call_phone"), ==, "0612345678");
  g_assert_cmpint (loket_record_get_int (added, "overdue"), ==, 0);

  settle (fixture, id, "not_reached", "Voicemail ingesproken");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) shows_outcome, fixture,
                                           not_reached, WAIT_MS));
  settle (fixture, id, "done", "Leges uitgelegd");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) shows_outcome, fixture, gone,
                                           WAIT_MS));

  loket_test_desk_sync_quiet (fixture->desk);
  server = loket_test_ui_server_text (fixture->demo, "SELECT outcome || '|' || outcome_note "
                                      "FROM callbacks WHERE id = '%s'", id);
  g_assert_nonnull (server);
  g_assert_true (g_str_has_prefix (server, "done|"));
}

/* The KCC hands a callback to the back office's specialist by name: it is theirs, due by the
 * norm, and after both desks sync it is on the specialist's desk, not only on the KCC's. */
static void
test_callback_for_colleague (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketTestDesk) specialist = NULL;
  g_autoptr(GListModel) theirs = NULL;
  g_autofree char *colleague = loket_test_ui_server_text (fixture->demo,
    "SELECT u.id || '|' || u.display_name || ' (' || t.name || ')' FROM users u"
    " JOIN teams t ON t.id = u.team_id WHERE u.username = 'backoffice'");
  g_auto(GStrv) parts = g_strsplit (colleague, "|", 2);
  g_autofree char *server = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *drop;
  gboolean found = FALSE;

  loket_cases_view_show_callbacks (fixture->view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (loket_cases_view_get_callbacks (fixture->view)),
                                             "callbacks.new", NULL));
  dialog = loket_callbacks_view_get_dialog (loket_cases_view_get_callbacks (fixture->view));
  type_into (dialog, "callback-subject", "Vraag over de dakkapel");
  type_into (dialog, "callback-phone", "0612345678");
  drop = GTK_DROP_DOWN (loket_test_get_named (dialog, "callback-for"));
  /* Me, my team (KCC), then the other teams, then the colleagues by name. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (drop)), 0),
                   ==, "Me");
  gtk_drop_down_set_selected (drop, loket_test_drop_down_choice (drop, "Team Vergunningen"));
  gtk_drop_down_set_selected (drop, loket_test_drop_down_choice (drop, parts[1]));
  accept (dialog);

  loket_test_desk_sync_quiet (fixture->desk);
  server = loket_test_ui_server_text (fixture->demo, "SELECT assigned_user_id || '|' ||"
                                      " assigned_team_id FROM callbacks"
                                      " WHERE subject = 'Vraag over de dakkapel'");
  expected = loket_test_ui_server_text (fixture->demo, "SELECT id || '|' || team_id FROM users"
                                        " WHERE username = 'backoffice'");
  g_assert_cmpstr (server, ==, expected);
  g_assert_true (g_str_has_prefix (expected, parts[0]));

  specialist = loket_test_ui_server_new_desk (fixture->demo, "specialist", "backoffice");
  theirs = loket_replica_list_callbacks (specialist->replica);
  for (guint i = 0; i < g_list_model_get_n_items (theirs); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (theirs, i);

      found |= g_str_equal (loket_record_get_string (row, "subject"), "Vraag over de dakkapel");
    }
  g_assert_true (found);
}

static gboolean
booking_open (Fixture *fixture, gconstpointer data)
{
  return loket_test_ui_find_window (LOKET_TYPE_BOOKING_DIALOG) != NULL;
}

/* A building permit's intake from its case: Book Appointment… opens the agenda's booking
 * dialog for the case, with the intake product and the case's customer chosen; a case without
 * a product to book cannot. */
static void
test_book_for_case (Fixture *fixture, gconstpointer data)
{
  g_autofree char *case_id = loket_test_ui_server_text (fixture->demo,
    "SELECT k.id FROM cases k JOIN case_types t ON t.id = k.case_type_id"
    " WHERE t.name = 'Omgevingsvergunning' AND k.closed_at IS NULL LIMIT 1");
  g_autoptr(LoketRecord) kase = NULL;
  GtkWindow *dialog;

  g_assert_nonnull (case_id);
  kase = loket_replica_get_case_row (fixture->desk->replica, case_id);
  g_assert_nonnull (kase);
  g_assert_true (loket_cases_view_open_case (fixture->view, case_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "case.book", NULL));
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) booking_open, fixture, NULL,
                                           WAIT_MS));
  dialog = loket_test_ui_find_window (LOKET_TYPE_BOOKING_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Book for a Case");
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "agenda");
  gtk_window_destroy (dialog);
  loket_test_ui_settle ();
}

/* ---- the archive ----------------------------------------------------------------------------- */

static void
test_archive (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, LOKET_ARCHIVE_AHEAD_DAYS + 1);
  g_autofree char *bound = g_date_time_format (later, "%Y-%m-%d");
  const char *previous = "";
  GListModel *shown;
  GtkWidget *row;

  /* The demo's files of last year kept one year (Uittreksel BRP and the like) are due for
   * destruction in the coming weeks, soonest first. */
  g_assert_true (loket_cases_view_show_archive (fixture->view));
  shown = loket_cases_view_get_cases (fixture->view);
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(LoketRecord) due = g_list_model_get_item (shown, i);
      const char *date = loket_record_get_string (due, "archive_date");

      g_assert_nonnull (date);
      g_assert_false (loket_record_is_null (due, "closed_at"));
      g_assert_cmpstr (date, >=, previous);
      g_assert_cmpstr (date, <, bound);
      previous = date;
    }
  kase = g_list_model_get_item (shown, 0);
  g_assert_cmpstr (loket_record_get_string (kase, "archive_action"), ==, "vernietigen");
  /* Its row says what happens when. */
  row = loket_test_get_named (fixture->view, loket_record_get_id (kase));
  {
    g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (row);
    gboolean says = FALSE;

    for (guint i = 0; i < texts->len; i++)
      says |= g_str_has_prefix (texts->pdata[i], "Destroy on ");
    g_assert_true (says);
  }
  g_assert_true (loket_cases_view_select_case (fixture->view, loket_record_get_id (kase)));
  g_assert_nonnull (strstr (fact (fixture, "case-fact-archive"), "Destroy on"));
}

/* A back-office clerk has no archive list. */
static void
test_archive_refused (Fixture *fixture, gconstpointer data)
{
  g_assert_false (loket_cases_view_show_archive (fixture->view));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->view,
                                                                "cases-list-archive")));
}

/* ---- termijnbewaking ------------------------------------------------------------------------- */

static guint
at_risk_or_overdue (LoketReplica *replica, gint64 now)
{
  g_autoptr(GListModel) mine = loket_replica_list_cases_at (replica, LOKET_CASE_LIST_MINE, NULL,
                                                            10000, now);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (mine); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (mine, i);
      const char *state = loket_record_get_string (row, "deadline_state");

      n += g_str_equal (state, "at_risk") || g_str_equal (state, "overdue");
    }
  return n;
}

static gboolean
badge_says (Fixture *fixture, gconstpointer data)
{
  GtkWidget *badge = loket_test_get_named (fixture->window, "cases-badge");
  g_autofree char *expected = g_strdup_printf ("%u", GPOINTER_TO_UINT (data));

  return gtk_widget_get_visible (badge) && g_str_equal (gtk_label_get_text (GTK_LABEL (badge)),
                                                        expected);
}

static gboolean
holds (GListModel *cases, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (cases, i);

      if (g_str_equal (loket_record_get_id (row), id))
        return TRUE;
    }
  return FALSE;
}

static void
on_alert (LoketDeadlineWatch *watch, GNotification *notification, guint *alerts)
{
  g_assert_true (G_IS_NOTIFICATION (notification));
  (*alerts)++;
}

/* Local 10:00 on the case's deadline day plus days. */
static gint64
deadline_plus (LoketRecord *kase, int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  int y, m, d;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) later = NULL;

  g_assert_cmpint (sscanf (loket_record_get_string (kase, "deadline"), "%d-%d-%d", &y, &m, &d),
                   ==, 3);
  at = g_date_time_new (tz, y, m, d, 10, 0, 0);
  later = g_date_time_add_days (at, days);
  return g_date_time_to_unix (later);
}

static void
test_deadline_watch (Fixture *fixture, gconstpointer data)
{
  LoketReplica *replica = fixture->desk->replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDeadlineWatch) watch = NULL;
  g_autoptr(LoketDeadlineWatch) again = NULL;
  g_autoptr(LoketRecord) kase = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -3);
  g_autofree char *past = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *id = NULL;
  guint alerts = 0;

  /* A case of mine passed its deadline: the badge counts it with the others, after the next
   * change of the replica. */
  fixture->case_id = take_case (fixture, NULL);
  sql = g_strdup_printf ("UPDATE cases SET deadline = '%s' WHERE id = '%s'", past,
                         fixture->case_id);
  g_assert_true (loket_db_exec (loket_replica_get_db (replica), sql, &error));
  g_assert_no_error (error);
  note = loket_replica_add_note (replica, fixture->case_id, NULL, "Termijn verstreken", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_risk_or_overdue (replica, real_now ()), >, 0);
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) badge_says, fixture,
                                           GUINT_TO_POINTER (at_risk_or_overdue (replica,
                                                                                 real_now ())),
                                           WAIT_MS));

  /* A watch of its own: at risk on its deadline day, overdue a week later, each told once. */
  id = take_case (fixture, fixture->case_id);
  kase = loket_replica_get_case_row (replica, id);
  /* What the window's watch told is forgotten: this one starts with a clean slate. */
  {
    g_autoptr(LoketRecord) user = loket_replica_get_user (replica);
    g_autofree char *key = g_strconcat ("deadline_watch:", loket_record_get_id (user), NULL);
    g_autofree char *told = loket_replica_dup_state (replica, key);

    g_assert_nonnull (told);
    g_assert_true (loket_replica_set_state (replica, key, NULL, &error));
    g_assert_no_error (error);
  }
  watch = loket_deadline_watch_new (replica, FALSE);
  g_signal_connect (watch, "alert", G_CALLBACK (on_alert), &alerts);
  {
    g_autoptr(GListModel) risk = loket_deadline_watch_check_at (watch, deadline_plus (kase, 0));
    g_autoptr(GListModel) risk_again = loket_deadline_watch_check_at (watch,
                                                                      deadline_plus (kase, 0));
    g_autoptr(GListModel) over = loket_deadline_watch_check_at (watch, deadline_plus (kase, 7));
    g_autoptr(GListModel) over_again = loket_deadline_watch_check_at (watch,
                                                                      deadline_plus (kase, 7));

    g_assert_true (holds (risk, loket_record_get_id (kase)));
    g_assert_cmpuint (g_list_model_get_n_items (risk_again), ==, 0);
    g_assert_true (holds (over, loket_record_get_id (kase)));
    g_assert_cmpuint (g_list_model_get_n_items (over_again), ==, 0);
    g_assert_cmpuint (alerts, ==, 2);
    g_assert_cmpuint (loket_deadline_watch_get_count (watch), ==,
                      at_risk_or_overdue (replica, deadline_plus (kase, 7)));
  }
  /* Started again, it remembers what it told. */
  again = loket_deadline_watch_new (replica, FALSE);
  {
    g_autoptr(GListModel) after_restart = loket_deadline_watch_check_at (again,
                                                                         deadline_plus (kase, 7));

    g_assert_cmpuint (g_list_model_get_n_items (after_restart), ==, 0);
  }
}

/* ---- assigning to a colleague of another team ------------------------------------------------ */

static void
test_assign (Fixture *fixture, gconstpointer data)
{
  LoketReplica *replica = fixture->desk->replica;
  g_autoptr(LoketRecord) before = NULL;
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(GListModel) assignees = NULL;
  g_autoptr(LoketRecord) colleague = NULL;
  g_autofree char *server = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *person, *team;
  GtkStringObject *team_shown;

  fixture->case_id = take_case (fixture, NULL);
  before = loket_replica_get_case_row (replica, fixture->case_id);
  /* The case's own team comes first; the last is of another team. */
  assignees = loket_replica_list_assignees (replica, loket_record_get_string (before, "team_id"));
  g_assert_cmpuint (g_list_model_get_n_items (assignees), >, 1);
  colleague = g_list_model_get_item (assignees, g_list_model_get_n_items (assignees) - 1);
  g_assert_cmpstr (loket_record_get_string (colleague, "team_id"), !=,
                   loket_record_get_string (before, "team_id"));

  dialog = open_dialog (fixture, "case.assign");
  person = GTK_DROP_DOWN (loket_test_get_named (dialog, "case-assign-person"));
  team = GTK_DROP_DOWN (loket_test_get_named (dialog, "case-assign-team"));
  /* The case is mine: it shows me, and its team. */
  g_assert_cmpuint (gtk_drop_down_get_selected (person), >, 0);
  gtk_drop_down_set_selected (person, g_list_model_get_n_items (assignees));
  team_shown = gtk_drop_down_get_selected_item (team);
  g_assert_cmpstr (gtk_string_object_get_string (team_shown), ==,
                   loket_record_get_string (colleague, "team_name"));
  accept (dialog);

  after = loket_replica_get_case_row (replica, fixture->case_id);
  g_assert_cmpstr (loket_record_get_string (after, "assignee_id"), ==,
                   loket_record_get_id (colleague));
  g_assert_cmpstr (loket_record_get_string (after, "team_id"), ==,
                   loket_record_get_string (colleague, "team_id"));
  g_assert_nonnull (strstr (fact (fixture, "case-fact-assignee"),
                            loket_record_get_string (colleague, "display_name")));

  loket_test_desk_sync_quiet (fixture->desk);
  server = loket_test_ui_server_text (fixture->demo, "SELECT assignee_id || '/' || team_id FROM "
                                      "cases WHERE id = '%s'", fixture->case_id);
  expected = g_strdup_printf ("%s/%s", loket_record_get_id (colleague),
                              loket_record_get_string (colleague, "team_id"));
  g_assert_cmpstr (server, ==, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, user) g_test_add (path, Fixture, user, fixture_set_up, func, \
                                          fixture_tear_down)
  ADD ("/ui/case-work/suspend-resume", test_suspend_resume, NULL);
  ADD ("/ui/case-work/callback-for-colleague", test_callback_for_colleague, "kcc");
  ADD ("/ui/case-work/book-for-case", test_book_for_case, NULL);
  ADD ("/ui/case-work/document-and-link", test_document_and_link, NULL);
  ADD ("/ui/case-work/callbacks", test_callbacks, NULL);
  ADD ("/ui/case-work/archive", test_archive, "teamleider");
  ADD ("/ui/case-work/archive-refused", test_archive_refused, NULL);
  ADD ("/ui/case-work/deadline-watch", test_deadline_watch, NULL);
  ADD ("/ui/case-work/assign", test_assign, NULL);
#undef ADD
  return g_test_run ();
}
