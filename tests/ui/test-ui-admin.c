/* test-ui-admin.c — Beheer: availability rules and a product, by keyboard, to the server.
 *
 * A real loket-sync with demo data on loopback; the functional administrator "beheer" signs in
 * on a fresh replica and works in the real LoketAdminView in a window under Xvfb.  She opens a
 * counter, adds a rule (every other Saturday morning next year), sees it in words and in the
 * history, is refused an overlapping rule with a sentence that names the first one (and
 * nothing is saved), changes the first rule, and changes a product's maximum per booking, all
 * offline.  Back online, one sync brings it all to the server, whose database is then read
 * directly.  A clerk ("balie")
 * gets the same page read-only.  Keys are pressed the way GTK hands them on
 * (loket_test_ui_press_key: the shortcuts from the focused widget up, mnemonics through the
 * window); every wait iterates the main context until a condition holds, bounded; none sleeps.
 */
#include "config.h"

#include <string.h>

#include "loket-admin-rule-dialog.h"
#include "loket-admin-view.h"
#include "loket-replica-agenda.h"
#include "loket-rules.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-time.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  GtkWindow         *window;
  LoketAdminView    *view;
} Fixture;

/* Waiting and keys ----------------------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

/* A key press from the focus of the window that has it: the rule editor while it is open, else
 * the page's. */
static gboolean
press (GtkWindow *window, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (loket_test_ui_focus_of (window), keyval, mods);
}

/* Finding things ------------------------------------------------------------------------------- */

static LoketAdminRuleDialog *
open_rule_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LOKET_IS_ADMIN_RULE_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_is_open (Fixture *fixture, gconstpointer open)
{
  return (open_rule_dialog () != NULL) == GPOINTER_TO_INT (open);
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
  GtkWidget *root = open_rule_dialog () != NULL ? GTK_WIDGET (open_rule_dialog ())
                                                : GTK_WIDGET (fixture->window);
  GtkWidget *label = loket_test_find_named (root, what[0]);

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

static void
set_text (GtkWidget *root, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (root, name)), text);
}

static void
set_number (GtkWidget *root, const char *name, int value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (loket_test_get_named (root, name)), value);
}

static gboolean
toggle_is (Fixture *fixture, gconstpointer data)
{
  const gpointer *what = (const gpointer *) data;   /* { toggle, wanted } */

  return gtk_toggle_button_get_active (what[0]) == GPOINTER_TO_INT (what[1]);
}

/* The weekday toggles by keyboard: Space on each one that is not as wanted (a button takes a
 * moment to show itself pressed before it toggles). */
static void
choose_days (Fixture *fixture, GtkWidget *dialog, guint8 days)
{
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("rule-day-%u", i);
      GtkWidget *day = loket_test_get_named (dialog, name);
      gboolean wanted = (days & (1u << i)) != 0;
      const gpointer what[] = { day, GINT_TO_POINTER (wanted) };

      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (day)) == wanted)
        continue;
      g_assert_true (gtk_widget_grab_focus (day));
      g_assert_true (loket_test_ui_press_key (day, GDK_KEY_space, 0));
      g_assert_true (wait_until (fixture, toggle_is, what));
    }
}

/* Facts ---------------------------------------------------------------------------------------- */

static LoketRecord *
find_capacity (LoketReplica *replica, const char *name)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (replica);
  g_autoptr(GListModel) capacities =
    loket_replica_list_capacities (replica, loket_record_get_string (user, "location_id"));

  for (guint i = 0; i < g_list_model_get_n_items (capacities); i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);

      if (g_str_equal (loket_record_get_string (capacity, "name"), name))
        return g_steal_pointer (&capacity);
    }
  g_error ("no capacity %s", name);
}

static LoketRecord *
find_product (LoketReplica *replica, const char *name)
{
  g_autoptr(GListModel) products = loket_replica_list_products (replica, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);

      if (g_str_equal (loket_record_get_string (product, "name"), name))
        return g_steal_pointer (&product);
    }
  g_error ("no product %s", name);
}

static guint
count_rows (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

/* A query on the server's database, printf-style. */
#define server_text(fixture, ...) loket_test_ui_server_text ((fixture)->demo, __VA_ARGS__)

static gboolean
closure_row_says (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { subtitle, count } */
  GtkWidget *row = loket_test_row_showing (GTK_WIDGET (fixture->view), "closures-list", what[0]);
  g_autoptr(GPtrArray) texts = row != NULL ? loket_test_visible_label_texts (row) : NULL;

  return texts != NULL && loket_test_texts_contain (texts, what[1]);
}

/* The closure with that reason is listed with the number of appointments it covers. */
static void
assert_closure_count (Fixture *fixture, const char *reason)
{
  g_autoptr(GListModel) closures = loket_replica_list_closures (fixture->desk->replica, NULL,
                                                                NULL, NULL);
  g_autoptr(GListModel) covered = NULL;
  g_autofree char *subtitle = g_strdup_printf ("Closed · %s", reason);
  g_autofree char *count = NULL;
  const char *what[2];

  for (guint i = 0; i < g_list_model_get_n_items (closures) && covered == NULL; i++)
    {
      g_autoptr(LoketRecord) closure = g_list_model_get_item (closures, i);

      if (g_str_equal (loket_record_get_string (closure, "reason"), reason))
        covered = loket_replica_list_closure_appointments (fixture->desk->replica,
                                                           loket_record_get_id (closure));
    }
  g_assert_nonnull (covered);
  count = g_list_model_get_n_items (covered) == 0
          ? g_strdup ("No appointments")
          : g_strdup_printf (g_list_model_get_n_items (covered) == 1 ? "%u appointment"
                                                                      : "%u appointments",
                             g_list_model_get_n_items (covered));
  what[0] = subtitle;
  what[1] = count;
  if (!wait_until (fixture, closure_row_says, what))
    g_error ("no closure row “%s” with “%s”", subtitle, count);
}

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
  fixture->demo = loket_test_ui_server_start ("admin");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  LoketAdminRuleDialog *dialog = open_rule_dialog ();

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

/* Tests ---------------------------------------------------------------------------------------- */

/* Alt+A on the open capacity opens the editor; Saturday only, the rest as given; Ctrl+Enter. */
static GtkWidget *
type_rule (Fixture *fixture, guint every, const char *from, const char *until, const char *start,
           const char *end, int places, int website)
{
  GtkWidget *dialog;

  g_assert_true (press (fixture->window, GDK_KEY_a, GDK_ALT_MASK));
  g_assert_true (wait_until (fixture, dialog_is_open, GINT_TO_POINTER (TRUE)));
  dialog = GTK_WIDGET (open_rule_dialog ());
  choose_days (fixture, dialog, 1u << 5);
  set_number (dialog, "rule-every", (int) every);
  set_text (dialog, "rule-from", from);
  set_text (dialog, "rule-until", until);
  set_text (dialog, "rule-start", start);
  set_text (dialog, "rule-end", end);
  set_number (dialog, "rule-places", places);
  set_number (dialog, "rule-public", website);
  g_assert_true (press (GTK_WINDOW (dialog), GDK_KEY_Return, GDK_CONTROL_MASK));
  return dialog;
}

static void
test_rules_and_products (Fixture *fixture, gconstpointer data)
{
  LoketReplica *replica;
  g_autoptr(LoketRecord) capacity = NULL;
  g_autoptr(LoketRecord) product = NULL;
  g_autoptr(LoketRecord) rule = NULL;
  g_autoptr(GListModel) rules = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *words = NULL;
  g_autofree char *overlap_from = NULL;
  g_autofree char *rule_id = NULL;
  g_autofree char *expected = NULL;
  g_auto(LoketRule) parsed = { 0 };
  GtkWidget *dialog;
  guint n_rules, pending;
  int year, max_before, max_after;
  GDate today;

  show_view (fixture, "beheer");
  replica = fixture->desk->replica;
  g_assert_true (loket_admin_view_get_editable (fixture->view));
  /* All of it offline: the page touches only the replica. */
  loket_test_desk_set_offline (fixture->desk, TRUE);
  capacity = find_capacity (replica, "Balie 1");
  loket_time_today (tz, &today);
  year = g_date_get_year (&today) + 1;
  from = g_strdup_printf ("%d-01-01", year);
  until = g_strdup_printf ("%d-06-30", year);
  rules = loket_replica_list_rules (replica, loket_record_get_id (capacity));
  n_rules = count_rows (rules);
  g_clear_object (&rules);

  /* Desks and Rooms (Alt+3), Balie 1 by the arrow keys, Enter. */
  g_assert_true (loket_test_ui_press_key (GTK_WIDGET (fixture->view), GDK_KEY_3, GDK_ALT_MASK));
  loket_test_ui_open_row (fixture->window, GTK_WIDGET (fixture->view),
                          "capacities-list", "Balie 1");
  assert_label (fixture, "capacities-heading", "Balie 1");

  /* Every other Saturday morning in the first half of next year, 2 places, 1 for the web. */
  type_rule (fixture, 2, from, until, "10:00", "12:00", 2, 1);
  g_assert_true (wait_until (fixture, dialog_is_open, GINT_TO_POINTER (FALSE)));
  rules = loket_replica_list_rules (replica, loket_record_get_id (capacity));
  g_assert_cmpuint (count_rows (rules), ==, n_rules + 1);
  for (guint i = 0; i < count_rows (rules) && rule == NULL; i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (rules, i);

      if (loket_record_get_int (item, "weekdays") == 1 << 5)
        rule = g_steal_pointer (&item);
    }
  g_assert_nonnull (rule);
  rule_id = g_strdup (loket_record_get_id (rule));
  g_assert_cmpint (loket_record_get_int (rule, "every_weeks"), ==, 2);
  g_assert_cmpstr (loket_record_get_string (rule, "valid_from"), ==, from);
  g_assert_cmpstr (loket_record_get_string (rule, "valid_until"), ==, until);
  g_assert_cmpstr (loket_record_get_string (rule, "start_time"), ==, "10:00");
  g_assert_cmpstr (loket_record_get_string (rule, "end_time"), ==, "12:00");
  g_assert_cmpint (loket_record_get_int (rule, "places"), ==, 2);
  g_assert_cmpint (loket_record_get_int (rule, "public_places"), ==, 1);

  /* In words in the list, and in the history with who did it. */
  words = g_strdup_printf ("Sat 10:00–12:00, every 2 weeks, 1 Jan – 30 Jun %d, 10 min, "
                           "2 places (1 website)", year);
  g_assert_nonnull (loket_test_row_showing (GTK_WIDGET (fixture->view), "rules-list", words));
  g_assert_nonnull (loket_test_row_showing (GTK_WIDGET (fixture->view), "rules-history",
                                 "Created by Erik de Boer"));
  history = loket_replica_list_rule_history (replica, loket_record_get_id (capacity));
  g_assert_cmpuint (count_rows (history), >=, 1);
  {
    g_autoptr(LoketRecord) newest = g_list_model_get_item (history, 0);
    GtkWidget *row = loket_test_row_showing (GTK_WIDGET (fixture->view), "rules-history",
                                  "Created by Erik de Boer");
    g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (row);
    gboolean said = FALSE;

    g_assert_cmpstr (loket_record_get_string (newest, "action"), ==, "created");
    g_assert_cmpstr (loket_record_get_string (newest, "rule_id"), ==, rule_id);
    for (guint i = 0; i < texts->len; i++)
      said |= g_str_has_suffix (texts->pdata[i], words);
    g_assert_true (said);
  }

  /* An overlapping rule: every Saturday in March, 11:00–13:00.  Refused with a sentence that
   * names the first rule; what was typed stays; nothing is saved. */
  pending = loket_replica_count_pending (replica);
  overlap_from = g_strdup_printf ("%d-03-01", year);
  {
    g_autofree char *overlap_until = g_strdup_printf ("%d-03-31", year);

    dialog = type_rule (fixture, 1, overlap_from, overlap_until, "11:00", "13:00", 1, 0);
  }
  g_assert_true (loket_rule_from_json (loket_record_get_columns (rule), &parsed, NULL));
  {
    g_autofree char *named = loket_rule_describe (&parsed);
    GtkWidget *error = loket_test_get_named (dialog, "rule-error");

    g_assert_true (gtk_widget_get_mapped (error));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), named));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "overlaps"));
  }
  g_assert_true (open_rule_dialog () == LOKET_ADMIN_RULE_DIALOG (dialog));
  g_assert_null (loket_admin_rule_dialog_get_rule_id (LOKET_ADMIN_RULE_DIALOG (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (dialog,
                                                                              "rule-start"))),
                   ==, "11:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (dialog,
                                                                              "rule-from"))),
                   ==, overlap_from);
  g_clear_object (&rules);
  rules = loket_replica_list_rules (replica, loket_record_get_id (capacity));
  g_assert_cmpuint (count_rows (rules), ==, n_rules + 1);
  g_assert_cmpuint (loket_replica_count_pending (replica), ==, pending);
  g_assert_true (press (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  g_assert_true (wait_until (fixture, dialog_is_open, GINT_TO_POINTER (FALSE)));

  /* Enter on the rule edits it: 3 places now.  The history says so, newest first. */
  {
    GtkWidget *row = loket_test_row_showing (GTK_WIDGET (fixture->view), "rules-list", words);
    g_autoptr(LoketRecord) changed = NULL;

    g_assert_true (gtk_widget_grab_focus (row));
    g_assert_true (press (fixture->window, GDK_KEY_Return, 0));
    g_assert_true (wait_until (fixture, dialog_is_open, GINT_TO_POINTER (TRUE)));
    dialog = GTK_WIDGET (open_rule_dialog ());
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (dialog,
                                                                                "rule-start"))),
                     ==, "10:00");
    set_number (dialog, "rule-places", 3);
    g_assert_true (press (GTK_WINDOW (dialog), GDK_KEY_Return, GDK_CONTROL_MASK));
    g_assert_true (wait_until (fixture, dialog_is_open, GINT_TO_POINTER (FALSE)));
    g_clear_object (&history);
    history = loket_replica_list_rule_history (replica, loket_record_get_id (capacity));
    changed = g_list_model_get_item (history, 0);
    g_assert_cmpstr (loket_record_get_string (changed, "action"), ==, "changed");
    g_assert_nonnull (loket_test_row_showing (GTK_WIDGET (fixture->view), "rules-history",
                                   "Changed by Erik de Boer"));
  }

  /* Products (Alt+2): Paspoort, one more per booking, Ctrl+S. */
  product = find_product (replica, "Paspoort");
  max_before = (int) loket_record_get_int (product, "max_per_booking");
  max_after = max_before < 20 ? max_before + 1 : max_before - 1;
  g_assert_true (press (fixture->window, GDK_KEY_2, GDK_ALT_MASK));
  loket_test_ui_open_row (fixture->window, GTK_WIDGET (fixture->view), "products-list", "Paspoort");
  assert_label (fixture, "products-heading", "Paspoort");
  set_number (GTK_WIDGET (fixture->view), "product-max", max_after);
  g_assert_true (press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK));
  g_clear_object (&product);
  product = find_product (replica, "Paspoort");
  g_assert_cmpint (loket_record_get_int (product, "max_per_booking"), ==, max_after);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->view,
                                                                "products-error")));

  /* Closures (Alt+4): the demo's course closing Balie 3, with what is still booked in it. */
  g_assert_true (press (fixture->window, GDK_KEY_4, GDK_ALT_MASK));
  assert_closure_count (fixture, "Cursus");

  /* Online again, one sync: the rule, both history rows and the product are on the server. */
  g_assert_cmpuint (loket_replica_count_pending (replica), ==, 3);
  g_assert_null (server_text (fixture, "SELECT id FROM availability_rules WHERE id = '%s'",
                              rule_id));
  loket_test_desk_set_offline (fixture->desk, FALSE);
  loket_test_desk_sync_quiet (fixture->desk);
  {
    g_autoptr(GListModel) issues = loket_replica_list_sync_issues (replica);
    g_autofree char *stored = server_text (fixture, "SELECT capacity_id || '|' || weekdays || '|' "
                                           "|| every_weeks || '|' || valid_from || '|' || "
                                           "valid_until || '|' || start_time || '|' || end_time"
                                           " || '|' || places || '|' || public_places"
                                           " FROM availability_rules WHERE id = '%s'", rule_id);
    g_autofree char *actions = server_text (fixture, "SELECT group_concat (action, ',') FROM"
                                            " (SELECT action FROM availability_rule_history"
                                            " WHERE rule_id = '%s' ORDER BY at, rowid)", rule_id);
    g_autofree char *by = server_text (fixture, "SELECT count (*) FROM availability_rule_history h"
                                       " JOIN users u ON u.id = h.by_user"
                                       " WHERE h.rule_id = '%s' AND u.username = 'beheer'",
                                       rule_id);
    g_autofree char *max = server_text (fixture, "SELECT max_per_booking FROM products"
                                        " WHERE id = '%s'", loket_record_get_id (product));
    g_autofree char *overlapping = server_text (fixture, "SELECT count (*) FROM"
                                                " availability_rules WHERE valid_from = '%s'",
                                                overlap_from);
    g_autofree char *max_text = g_strdup_printf ("%d", max_after);

    expected = g_strdup_printf ("%s|32|2|%s|%s|10:00|12:00|3|1", loket_record_get_id (capacity),
                                from, until);
    g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 0);
    g_assert_cmpstr (stored, ==, expected);
    g_assert_cmpstr (actions, ==, "created,changed");
    g_assert_cmpstr (by, ==, "2");
    g_assert_cmpstr (max, ==, max_text);
    g_assert_cmpstr (overlapping, ==, "0");
  }
}

/* A clerk sees the configuration, is told she cannot change it, and nothing offers a change. */
static void
test_clerk_reads_only (Fixture *fixture, gconstpointer data)
{
  static const char *const hidden[] = { "locations-save", "locations-new", "products-save",
                                        "capacities-save", "capacities-new", "rules-add",
                                        "closures-add" };
  GtkWidget *view;

  show_view (fixture, "balie");
  view = GTK_WIDGET (fixture->view);
  g_assert_false (loket_admin_view_get_editable (fixture->view));
  g_assert_true (gtk_widget_get_mapped (loket_test_get_named (view, "admin-read-only")));
  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, hidden[i])));

  /* The rules of Balie 1 can be read; Ctrl+S, Alt+A and Delete change nothing. */
  g_assert_true (loket_test_ui_press_key (view, GDK_KEY_3, GDK_ALT_MASK));
  loket_test_ui_open_row (fixture->window, GTK_WIDGET (fixture->view),
                          "capacities-list", "Balie 1");
  assert_label (fixture, "capacities-heading", "Balie 1");
  g_assert_nonnull (gtk_list_box_get_row_at_index (
                      GTK_LIST_BOX (loket_test_get_named (view, "rules-list")), 0));
  press (fixture->window, GDK_KEY_s, GDK_CONTROL_MASK);
  press (fixture->window, GDK_KEY_a, GDK_ALT_MASK);
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (view, "capacity-name")));
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (
                                       GTK_LIST_BOX (loket_test_get_named (view, "rules-list")),
                                       0)));
  press (fixture->window, GDK_KEY_Delete, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (open_rule_dialog ());
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  {
    g_autoptr(LoketRecord) capacity = find_capacity (fixture->desk->replica, "Balie 1");

    g_assert_nonnull (capacity);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/admin/rules-and-products", Fixture, NULL, fixture_set_up,
              test_rules_and_products, fixture_tear_down);
  g_test_add ("/ui/admin/clerk-reads-only", Fixture, NULL, fixture_set_up,
              test_clerk_reads_only, fixture_tear_down);
  return g_test_run ();
}
