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
 */
#include "config.h"

#include <string.h>

#include "loket-cases-view.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 20000
#define NOTE "Aanvrager belt vrijdag terug over de tekening."

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

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  return ++*(guint *) data < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (Fixture *fixture, gconstpointer data)
{
  return *(const guint *) data >= 3;
}

static void
save_screenshot (Fixture *fixture)
{
  const char *path = g_getenv ("LOKET_SCREENSHOT");
  GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (fixture->window));
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  graphene_rect_t bounds;
  guint frames = 0;

  if (path == NULL)
    return;
  gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) frames_done, fixture, &frames,
                                           WAIT_MS));
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1.0 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot saved to %s", path);
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
  g_autoptr(LoketRecord) note = NULL;

  /* An empty note is not added. */
  click (fixture, "case-add-note");
  g_assert_cmpuint (g_list_model_get_n_items (loket_cases_view_get_notes (fixture->view)), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), NOTE);
  click (fixture, "case-add-note");
  note = last_of (loket_cases_view_get_notes (fixture->view));
  g_assert_cmpstr (loket_record_get_string (note, "body"), ==, NOTE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
test_offline_then_sync (Fixture *fixture, gconstpointer data)
{
  LoketReplica *a = fixture->desk[0]->replica;
  LoketReplica *b = fixture->desk[1]->replica;
  g_autoptr(LoketRecord) case_a = NULL;
  g_autoptr(LoketRecord) case_b = NULL;
  g_autoptr(GListModel) history_a = NULL;
  g_autoptr(GListModel) history_b = NULL;
  g_autoptr(GListModel) notes_b = NULL;
  g_autoptr(LoketRecord) note_b = NULL;
  g_autofree char *timeline_a = NULL;
  g_autofree char *timeline_b = NULL;
  g_autofree char *offline_statuses = NULL;
  g_autofree char *synced_statuses = NULL;
  g_autofree char *server_status = NULL;

  loket_test_desk_set_offline (fixture->desk[0], TRUE);
  take_case (fixture);
  move_on (fixture);
  move_on (fixture);
  add_note (fixture);
  g_assert_cmpuint (loket_replica_count_pending (a), >=, 3);
  save_screenshot (fixture);
  offline_statuses = timeline_text_with (loket_cases_view_get_timeline (fixture->view), FALSE);
  case_a = loket_replica_get_case_row (a, fixture->case_id);

  loket_test_desk_set_offline (fixture->desk[0], FALSE);
  loket_test_desk_sync_quiet (fixture->desk[0]);
  loket_test_desk_sync_quiet (fixture->desk[1]);

  server_status = loket_test_ui_server_text (fixture->demo, "SELECT status FROM cases WHERE id = "
                                             "'%s'", fixture->case_id);
  g_assert_cmpstr (server_status, ==, loket_record_get_string (case_a, "status"));
  case_b = loket_replica_get_case_row (b, fixture->case_id);
  g_assert_nonnull (case_b);
  g_assert_cmpstr (loket_record_get_string (case_b, "status"), ==,
                   loket_record_get_string (case_a, "status"));
  g_assert_cmpstr (loket_record_get_string (case_b, "assignee_id"), ==,
                   loket_record_get_string (case_a, "assignee_id"));
  /* The same timeline on both desks once synced (with the server's times), and the statuses
   * desk A went through offline, in the same order. */
  history_a = loket_replica_list_case_history (a, fixture->case_id);
  history_b = loket_replica_list_case_history (b, fixture->case_id);
  timeline_a = timeline_text (history_a);
  timeline_b = timeline_text (history_b);
  g_assert_cmpstr (timeline_b, ==, timeline_a);
  synced_statuses = timeline_text_with (history_b, FALSE);
  g_assert_cmpstr (synced_statuses, ==, offline_statuses);
  notes_b = loket_replica_list_notes (b, fixture->case_id);
  note_b = last_of (notes_b);
  g_assert_cmpstr (loket_record_get_string (note_b, "body"), ==, NOTE);
  /* Desk A's page shows the synced state: nothing is marked pending any more. */
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) timeline_synced, fixture, NULL,
                                           WAIT_MS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/cases/offline-then-sync", Fixture, NULL, fixture_set_up,
              test_offline_then_sync, fixture_tear_down);
  return g_test_run ();
}
