/* test-ui-admin-case-types.c — Beheer › Case Types, by keyboard, to the server and on to
 * another desk.
 *
 * A real loket-sync with demo data on loopback; the functional administrator "beheer" signs in
 * on a fresh replica and works in the real LoketAdminView in a window under Xvfb, while a
 * clerk's desk ("balie") has synced before.  Alt+6 opens the case types; Ctrl+N a new one.
 * One status alone is refused with the rules' sentence above the form.  Three statuses typed
 * in one row give three rows of public wording; one is filled in, and Ctrl+S saves the type.
 * Then the lead time of the demo's Omgevingsvergunning changes.  One sync brings both to the
 * server, whose database is read directly, and the clerk's next sync brings them to her desk.
 * A clerk gets the page read-only.  Every wait is bounded; none sleeps.
 */
#include "config.h"

#include <string.h>

#include "loket-admin-view.h"
#include "loket-replica-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketTestDesk     *clerk;
  GtkWindow         *window;
  LoketAdminView    *view;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

static gboolean
press (GtkWindow *window, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (loket_test_ui_focus_of (window), keyval, mods);
}

static gboolean
window_mapped (Fixture *fixture, gconstpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static gboolean
label_shows (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { widget name, text } */
  GtkWidget *label = loket_test_find_named (GTK_WIDGET (fixture->window), what[0]);

  return label != NULL && gtk_widget_get_mapped (label)
         && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), what[1]);
}

static void
assert_label (Fixture *fixture, const char *name, const char *text)
{
  const char *what[] = { name, text };

  if (!wait_until (fixture, label_shows, what))
    g_error ("%s does not show “%s”", name, text);
}

/* Tab to a field by its name and type text into it. */
static void
type_into (Fixture *fixture, const char *name, const char *text)
{
  loket_test_ui_tab_to (fixture->window, name);
  loket_test_ui_type_text (fixture->window, text);
}

static LoketRecord *
find_case_type (LoketReplica *replica, const char *name)
{
  g_autoptr(GListModel) types = loket_replica_list_case_types (replica);

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(LoketRecord) type = g_list_model_get_item (types, i);

      if (g_str_equal (loket_record_get_string (type, "name"), name))
        return g_steal_pointer (&type);
    }
  return NULL;
}

#define server_text(fixture, ...) loket_test_ui_server_text ((fixture)->demo, __VA_ARGS__)

/* Setting up ----------------------------------------------------------------------------------- */

static void
show_view (Fixture *fixture, const char *username)
{
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, username, username);
  fixture->view = LOKET_ADMIN_VIEW (loket_admin_view_new (fixture->desk->replica));
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1280, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_assert_true (wait_until (fixture, window_mapped, NULL));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->demo = loket_test_ui_server_start ("admin-case-types");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->clerk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

/* Tests ---------------------------------------------------------------------------------------- */

#define NEW_NAME "Kapvergunning"
#define CHANGED_NAME "Omgevingsvergunning"

/* Ctrl+N, a name, the lead time, one status: refused with the rules' sentence, nothing saved.
 * Then three statuses and the wording of the last; Ctrl+S. */
static void
create_case_type (Fixture *fixture)
{
  LoketReplica *replica = fixture->desk->replica;
  GtkWidget *view = GTK_WIDGET (fixture->view);

  g_assert_true (press (fixture->window, GDK_KEY_n, GDK_CONTROL_MASK));
  assert_label (fixture, "case-types-heading", "New Case Type");
  g_assert_true (loket_test_ui_focus_in (fixture->window, "case-type-name"));
  loket_test_ui_type_text (fixture->window, NEW_NAME);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (loket_test_get_named (view, "case-type-days")),
                             30);
  type_into (fixture, "case-type-statuses", "aangevraagd");
  g_assert_true (press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK));
  assert_label (fixture, "case-types-error", "Statuses: needs at least 2 names");
  g_assert_cmpuint (loket_replica_count_pending (replica), ==, 0);

  type_into (fixture, "case-type-statuses", "aangevraagd, in behandeling, besloten,");
  g_assert_nonnull (loket_test_find_named (view, "case-type-wording-2"));
  g_assert_null (loket_test_find_named (view, "case-type-wording-3"));
  type_into (fixture, "case-type-wording-2", "  Er is een besluit  ");
  g_assert_true (press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK));
  assert_label (fixture, "case-types-heading", NEW_NAME);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "case-types-error")));
  g_assert_nonnull (loket_test_row_showing (view, "case-types-list", NEW_NAME));
}

/* Opens the demo's Omgevingsvergunning and gives it another lead time; returns it. */
static int
change_lead_time (Fixture *fixture)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  g_autoptr(LoketRecord) before = find_case_type (fixture->desk->replica, CHANGED_NAME);
  int days = loket_record_get_int (before, "max_working_days") == 77 ? 78 : 77;

  loket_test_ui_open_row (fixture->window, GTK_WIDGET (fixture->view),
                          "case-types-list", CHANGED_NAME);
  assert_label (fixture, "case-types-heading", CHANGED_NAME);
  loket_test_ui_tab_to (fixture->window, "case-type-days");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (loket_test_get_named (view, "case-type-days")),
                             days);
  g_assert_true (press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "case-types-error")));
  return days;
}

static void
test_create_and_change (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) created = NULL;
  g_autoptr(LoketRecord) changed = NULL;
  g_autoptr(LoketRecord) clerk_before = NULL;
  g_autoptr(LoketRecord) clerk_new = NULL;
  g_autoptr(LoketRecord) clerk_changed = NULL;
  g_autofree char *changed_id = NULL;
  g_autofree char *days_text = NULL;
  int days;

  fixture->clerk = loket_test_ui_server_new_desk (fixture->demo, "balie", "balie");
  show_view (fixture, "beheer");
  g_assert_true (loket_admin_view_get_editable (fixture->view));
  g_assert_true (press (fixture->window, GDK_KEY_6, GDK_ALT_MASK));
  g_assert_true (gtk_widget_get_mapped (loket_test_get_named (fixture->view,
                                                              "case-types-list")));
  create_case_type (fixture);
  clerk_before = find_case_type (fixture->desk->replica, CHANGED_NAME);
  changed_id = g_strdup (loket_record_get_id (clerk_before));
  days = change_lead_time (fixture);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 2);

  created = find_case_type (fixture->desk->replica, NEW_NAME);
  g_assert_nonnull (created);
  g_assert_cmpstr (loket_record_get_string (created, "statuses"), ==,
                   "[\"aangevraagd\",\"in behandeling\",\"besloten\"]");

  /* One sync: both on the server, with nothing refused. */
  loket_test_desk_sync_quiet (fixture->desk);
  {
    g_autoptr(GListModel) issues = loket_replica_list_sync_issues (fixture->desk->replica);
    g_autofree char *stored = server_text (fixture, "SELECT max_working_days || '|' || statuses"
                                           " || '|' || public_statuses FROM case_types"
                                           " WHERE id = '%s'", loket_record_get_id (created));
    g_autofree char *lead = server_text (fixture, "SELECT max_working_days FROM case_types"
                                         " WHERE id = '%s'", changed_id);
    g_autofree char *kept = server_text (fixture, "SELECT count (*) FROM case_types"
                                         " WHERE id = '%s' AND transitions LIKE '%%besluit%%'",
                                         changed_id);

    days_text = g_strdup_printf ("%d", days);
    g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 0);
    g_assert_cmpstr (stored, ==, "30|[\"aangevraagd\",\"in behandeling\",\"besloten\"]|"
                     "{\"besloten\":\"Er is een besluit\"}");
    g_assert_cmpstr (lead, ==, days_text);
    g_assert_cmpstr (kept, ==, "1");
  }

  /* The clerk's desk gets both with its next sync. */
  g_assert_null (find_case_type (fixture->clerk->replica, NEW_NAME));
  loket_test_desk_sync (fixture->clerk);
  clerk_new = find_case_type (fixture->clerk->replica, NEW_NAME);
  g_assert_nonnull (clerk_new);
  g_assert_cmpint (loket_record_get_int (clerk_new, "max_working_days"), ==, 30);
  g_assert_cmpstr (loket_record_get_string (clerk_new, "public_statuses"), ==,
                   "{\"besloten\":\"Er is een besluit\"}");
  clerk_changed = find_case_type (fixture->clerk->replica, CHANGED_NAME);
  g_assert_cmpint (loket_record_get_int (clerk_changed, "max_working_days"), ==, days);
}

/* A clerk reads the case types and changes nothing. */
static void
test_clerk_reads_only (Fixture *fixture, gconstpointer data)
{
  GtkWidget *view;

  show_view (fixture, "balie");
  view = GTK_WIDGET (fixture->view);
  g_assert_true (loket_test_ui_press_key (view, GDK_KEY_6, GDK_ALT_MASK));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "case-types-save")));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "case-types-new")));
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (view, "case-type-name")));
  loket_test_ui_open_row (fixture->window, GTK_WIDGET (fixture->view),
                          "case-types-list", CHANGED_NAME);
  assert_label (fixture, "case-types-heading", CHANGED_NAME);
  press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK);
  press (fixture->window, GDK_KEY_n, GDK_CONTROL_MASK);
  assert_label (fixture, "case-types-heading", CHANGED_NAME);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/admin-case-types/create-and-change", Fixture, NULL, fixture_set_up,
              test_create_and_change, fixture_tear_down);
  g_test_add ("/ui/admin-case-types/clerk-reads-only", Fixture, NULL, fixture_set_up,
              test_clerk_reads_only, fixture_tear_down);
  return g_test_run ();
}
