/* test-ui-closure.c — closing an agenda offline and moving what was booked in it.
 *
 * A real loket-sync with demo data on loopback.  The coordinator's desk books two appointments
 * on a counter on a coming working day and syncs; a team leader's desk syncs them too.  Then the
 * coordinator's desk goes offline (its session points at a port nobody listens on), closes that
 * counter for that day in the real closure dialog under Xvfb, by keyboard, and moves everything
 * booked in it.  Back online, one sync brings the closure and the moves to the server, and the
 * team leader's next sync brings them to the other desk.  Keys are pressed the way GTK hands
 * them on (press_key: the shortcuts from the focused widget up); waits iterate the main context
 * until a condition holds, bounded; none sleeps.
 */
#include "config.h"

#include "loket-closure-dialog.h"
#include "loket-replica-agenda.h"
#include "loket-replica-inbox.h"
#include "loket-protocol.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-time.h"

#define WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *coordinator;
  LoketTestDesk     *teamleader;
  GtkWindow         *dialog;
} Fixture;

/* The agenda to close: a counter on a day, and what is booked there. */
typedef struct {
  char       *location_id;
  char       *capacity_id;
  char       *capacity_name;
  GDate       day;
  GPtrArray  *booked;          /* ids: the test's bookings and any the demo had there */
  GHashTable *start_of;        /* id → start_at before the closure */
} Agenda;

static void
agenda_clear (Agenda *agenda)
{
  g_free (agenda->location_id);
  g_free (agenda->capacity_id);
  g_free (agenda->capacity_name);
  g_clear_pointer (&agenda->booked, g_ptr_array_unref);
  g_clear_pointer (&agenda->start_of, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Agenda, agenda_clear)

/* Waiting and keys ------------------------------------------------------------------------------ */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static gboolean
wait_until (Fixture *fixture, Condition condition, gconstpointer data)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, WAIT_MS);
}

/* A key press from the window's focus, as GTK hands it on. */
static gboolean
press_key (GtkWindow *window, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (loket_test_ui_focus_of (window), keyval, mods);
}

/* Conditions ------------------------------------------------------------------------------------ */

static gboolean
dialog_mapped (Fixture *fixture, gconstpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog));
}

static gboolean
no_dialog_left (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LOKET_IS_CLOSURE_DIALOG (l->data))
      return FALSE;
  return TRUE;
}

static gboolean
page_shows (Fixture *fixture, gconstpointer data)
{
  const char *const *what = data;   /* { widget name, text } */
  GtkWidget *widget = loket_test_find_named (GTK_WIDGET (fixture->dialog), what[0]);
  g_autoptr(GPtrArray) texts = NULL;

  if (widget == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  texts = loket_test_visible_label_texts (widget);
  return loket_test_texts_contain (texts, what[1]) ||
         (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), what[1]));
}

static void
assert_shows (Fixture *fixture, const char *name, const char *text)
{
  const char *what[] = { name, text };

  if (!wait_until (fixture, page_shows, what))
    g_error ("%s does not show “%s”", name, text);
}

/* Setting up ------------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->demo = loket_test_ui_server_start ("closure");
  fixture->coordinator = loket_test_ui_server_new_desk (fixture->demo, "coordinator",
                                                        "coordinator");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->dialog != NULL && !no_dialog_left (fixture, NULL))
    gtk_window_destroy (fixture->dialog);
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->teamleader, loket_test_desk_free);
  g_clear_pointer (&fixture->coordinator, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

static GPtrArray *
active_on (LoketReplica *replica, const char *capacity_id, const GDate *day)
{
  LoketAppointmentFilter filter = { .capacity_id = capacity_id, .from = day, .until = day };
  g_autoptr(GListModel) all = loket_replica_query_appointments (replica, &filter);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (all, i);
      const char *status = loket_record_get_string (item, "status");

      if (g_str_equal (status, "booked") || g_str_equal (status, "checked_in"))
        g_ptr_array_add (ids, g_strdup (loket_record_get_id (item)));
    }
  return ids;
}

/* A counter at the coordinator's location with two free desk places on a coming working day,
 * preferably one where nothing is booked yet; its product and the two starts. */
static gboolean
find_agenda (LoketReplica *replica, Agenda *agenda, char **product_id, gint64 starts[2])
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (replica);
  const char *location = loket_record_get_string (user, "location_id");
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (replica, location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  for (guint pass = 0; pass < 2; pass++)
    for (guint d = 1; d <= 21; d++)
      for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
        {
          g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
          g_autoptr(GListModel) products =
            loket_replica_list_products (replica, loket_record_get_id (capacity));
          g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
          g_autoptr(GArray) slots = NULL;
          g_autoptr(GPtrArray) booked = NULL;
          GDate day;

          loket_time_today (tz, &day);
          g_date_add_days (&day, d);
          if (product == NULL)
            continue;
          slots = loket_replica_free_slots (replica, loket_record_get_id (capacity),
                                            loket_record_get_id (product), &day, now, NULL);
          booked = active_on (replica, loket_record_get_id (capacity), &day);
          if (slots == NULL || slots->len < 2 || (pass == 0 && booked->len > 0))
            continue;
          agenda->location_id = g_strdup (location);
          agenda->capacity_id = g_strdup (loket_record_get_id (capacity));
          agenda->capacity_name = g_strdup (loket_record_get_string (capacity, "name"));
          agenda->day = day;
          *product_id = g_strdup (loket_record_get_id (product));
          starts[0] = g_array_index (slots, LoketSlot, 0).start;
          starts[1] = g_array_index (slots, LoketSlot, slots->len - 1).start;
          return TRUE;
        }
  return FALSE;
}

/* Two bookings on the agenda, synced; what is booked there afterwards, with the times. */
static void
book_agenda (Fixture *fixture, Agenda *agenda)
{
  LoketReplica *replica = fixture->coordinator->replica;
  g_autoptr(GListModel) customers = loket_replica_search_customers (replica, "", 2);
  g_autofree char *product_id = NULL;
  gint64 starts[2];

  g_date_clear (&agenda->day, 1);
  g_assert_true (find_agenda (replica, agenda, &product_id, starts));
  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LoketRecord) customer = g_list_model_get_item (customers, i);
      LoketBookingInput input = { .product_id = product_id, .capacity_id = agenda->capacity_id,
                                  .customer_id = loket_record_get_id (customer),
                                  .start = starts[i], .reason = "Verlopen paspoort",
                                  .mode = "fysiek" };
      g_autoptr(GError) error = NULL;
      g_autofree char *id = loket_replica_book_appointment (replica, &input, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  loket_test_desk_sync_quiet (fixture->coordinator);

  agenda->booked = active_on (replica, agenda->capacity_id, &agenda->day);
  agenda->start_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_cmpuint (agenda->booked->len, >=, 2);
  for (guint i = 0; i < agenda->booked->len; i++)
    {
      const char *id = agenda->booked->pdata[i];
      g_autoptr(LoketRecord) row = loket_replica_get_appointment (replica, id);
      g_autofree char *sql = g_strdup_printf ("SELECT status FROM appointments WHERE id = '%s'",
                                              id);
      g_autofree char *on_server = loket_test_db_text (fixture->demo->server_db, sql);

      g_assert_cmpstr (on_server, ==, "booked");
      g_hash_table_insert (agenda->start_of, g_strdup (id),
                           g_strdup (loket_record_get_string (row, "start_at")));
    }
}

/* Facts ------------------------------------------------------------------------------------------ */

/* Whether an appointment lies in the closure: on its counter, on its local day. */
static gboolean
in_closure (LoketReplica *replica, const Agenda *agenda, LoketRecord *row)
{
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (replica, agenda->location_id);
  gint64 start = 0;
  GDate day;

  g_assert_true (loket_protocol_parse_time (loket_record_get_string (row, "start_at"), &start));
  loket_time_local_date (tz, start, &day);
  return g_str_equal (loket_record_get_string (row, "capacity_id"), agenda->capacity_id) &&
         g_date_compare (&day, &agenda->day) == 0;
}

static GListModel *
list_items (Fixture *fixture, const char *name)
{
  GtkWidget *list = loket_test_get_named (fixture->dialog, name);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

static void
assert_same_ids (GListModel *model, GPtrArray *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (model) && !found; j++)
        {
          g_autoptr(LoketRecord) item = g_list_model_get_item (model, j);

          found = g_str_equal (loket_record_get_id (item), ids->pdata[i]);
        }
      g_assert_true (found);
    }
}

/* A query on the server's database, printf-style. */
#define server_text(fixture, ...) loket_test_ui_server_text ((fixture)->demo, __VA_ARGS__)

/* Tests ----------------------------------------------------------------------------------------- */

/* Offline, by keyboard: close the counter for the day (Ctrl+Enter), see exactly what was booked
 * there, move it all (Ctrl+Enter); everything now lies outside the closure.  Online, the server
 * and a second desk get the closure and the same new times. */
static void
test_close_and_move_offline (Fixture *fixture, gconstpointer data)
{
  LoketReplica *replica = fixture->coordinator->replica;
  g_auto(Agenda) agenda = { 0 };
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *moved_text = NULL;
  g_autofree char *closure_id = NULL;
  g_autoptr(GListModel) left = NULL;
  GtkWidget *capacity_row;
  GObject *shown_capacity;

  book_agenda (fixture, &agenda);
  fixture->teamleader = loket_test_ui_server_new_desk (fixture->demo, "teamleider", "teamleider");
  for (guint i = 0; i < agenda.booked->len; i++)
    {
      g_autoptr(LoketRecord) there = loket_replica_get_appointment (fixture->teamleader->replica,
                                                                   agenda.booked->pdata[i]);

      g_assert_nonnull (there);
      g_assert_true (in_closure (fixture->teamleader->replica, &agenda, there));
    }

  loket_test_desk_set_offline (fixture->coordinator, TRUE);
  fixture->dialog = GTK_WINDOW (loket_closure_dialog_new (replica, agenda.location_id,
                                                          agenda.capacity_id, &agenda.day));
  gtk_window_present (fixture->dialog);
  g_assert_true (wait_until (fixture, dialog_mapped, NULL));

  /* It starts on that counter and that day. */
  tz = loket_replica_get_timezone (replica, agenda.location_id);
  day_text = loket_time_format_day (&agenda.day, tz);
  capacity_row = loket_test_get_named (fixture->dialog, "capacity-row");
  shown_capacity = adw_combo_row_get_selected_item (ADW_COMBO_ROW (capacity_row));
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (shown_capacity)), ==,
                   agenda.capacity_name);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (
                     loket_test_get_named (fixture->dialog, "from-button"))), ==, day_text);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (
                     loket_test_get_named (fixture->dialog, "until-button"))), ==, day_text);
  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (fixture->dialog, "kind-row")),
                              1);
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (fixture->dialog, "reason-row")),
                         "Baliemedewerker ziek");

  g_assert_true (press_key (fixture->dialog, GDK_KEY_Return, GDK_CONTROL_MASK));
  closure_id = g_strdup (loket_closure_dialog_get_closure_id (LOKET_CLOSURE_DIALOG (
                                                                fixture->dialog)));
  g_assert_nonnull (closure_id);
  assert_same_ids (list_items (fixture, "affected-list"), agenda.booked);
  for (guint i = 0; i < agenda.booked->len; i++)
    {
      g_autoptr(LoketRecord) row = loket_replica_get_appointment (replica,
                                                                 agenda.booked->pdata[i]);

      g_autofree char *details = g_strdup_printf ("%s · %s",
                                                  loket_record_get_string (row, "product_name"),
                                                  agenda.capacity_name);

      assert_shows (fixture, "affected-list", details);
    }

  g_assert_true (press_key (fixture->dialog, GDK_KEY_Return, GDK_CONTROL_MASK));
  moved_text = g_strdup_printf ("Moved %u appointments", agenda.booked->len);
  assert_shows (fixture, "result-title", moved_text);
  assert_shows (fixture, "unmoved-hint", "Every appointment was moved.");
  g_assert_cmpuint (g_list_model_get_n_items (list_items (fixture, "unmoved-list")), ==, 0);

  /* On the desk, offline: every one is booked outside the closure, and the closure is empty. */
  for (guint i = 0; i < agenda.booked->len; i++)
    {
      g_autoptr(LoketRecord) row = loket_replica_get_appointment (replica,
                                                                 agenda.booked->pdata[i]);

      g_assert_cmpstr (loket_record_get_string (row, "status"), ==, "booked");
      g_assert_false (in_closure (replica, &agenda, row));
      g_assert_cmpstr (loket_record_get_string (row, "start_at"), !=, "");
    }
  left = loket_replica_list_closure_appointments (replica, closure_id);
  g_assert_cmpuint (g_list_model_get_n_items (left), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (replica), ==, 1 + agenda.booked->len);

  /* Escape closes the dialog. */
  g_assert_true (press_key (fixture->dialog, GDK_KEY_Escape, 0));
  g_assert_true (wait_until (fixture, no_dialog_left, NULL));
  fixture->dialog = NULL;

  /* Online: the server takes all of it, and nothing comes back refused. */
  loket_test_desk_set_offline (fixture->coordinator, FALSE);
  loket_test_desk_sync_quiet (fixture->coordinator);
  {
    g_autoptr(GListModel) issues = loket_replica_list_sync_issues (replica);
    g_autofree char *closure = server_text (fixture, "SELECT kind || '|' || from_date || '|' ||"
                                            " until_date || '|' || capacity_id || '|' || reason"
                                            " FROM closures WHERE id = '%s'", closure_id);
    g_autofree char *day_iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&agenda.day),
                                                g_date_get_month (&agenda.day),
                                                g_date_get_day (&agenda.day));
    g_autofree char *expected = g_strdup_printf ("afwezigheid|%s|%s|%s|Baliemedewerker ziek",
                                                 day_iso, day_iso, agenda.capacity_id);

    g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 0);
    g_assert_cmpstr (closure, ==, expected);
  }
  for (guint i = 0; i < agenda.booked->len; i++)
    {
      const char *id = agenda.booked->pdata[i];
      g_autoptr(LoketRecord) desk = loket_replica_get_appointment (replica, id);
      g_autofree char *on_server = server_text (fixture, "SELECT start_at || '|' || capacity_id"
                                                " || '|' || status FROM appointments"
                                                " WHERE id = '%s'", id);
      g_autofree char *on_desk = g_strdup_printf ("%s|%s|%s",
                                                  loket_record_get_string (desk, "start_at"),
                                                  loket_record_get_string (desk, "capacity_id"),
                                                  loket_record_get_string (desk, "status"));

      g_assert_cmpstr (on_server, ==, on_desk);
      /* Another time, or the same time at another counter: either way not where it was. */
      g_assert_true (!g_str_equal (loket_record_get_string (desk, "start_at"),
                                   g_hash_table_lookup (agenda.start_of, id)) ||
                     !g_str_equal (loket_record_get_string (desk, "capacity_id"),
                                   agenda.capacity_id));
    }

  /* The team leader's desk, which saw the old times, sees the new ones after its sync. */
  loket_test_desk_sync_quiet (fixture->teamleader);
  for (guint i = 0; i < agenda.booked->len; i++)
    {
      const char *id = agenda.booked->pdata[i];
      g_autoptr(LoketRecord) desk = loket_replica_get_appointment (replica, id);
      g_autoptr(LoketRecord) there = loket_replica_get_appointment (fixture->teamleader->replica,
                                                                   id);

      g_assert_cmpstr (loket_record_get_string (there, "start_at"), ==,
                       loket_record_get_string (desk, "start_at"));
      g_assert_cmpstr (loket_record_get_string (there, "capacity_id"), ==,
                       loket_record_get_string (desk, "capacity_id"));
      g_assert_false (in_closure (fixture->teamleader->replica, &agenda, there));
    }
  {
    g_autoptr(GListModel) closures = loket_replica_list_closures (fixture->teamleader->replica,
                                                                  agenda.location_id,
                                                                  &agenda.day, &agenda.day);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (closures); i++)
      {
        g_autoptr(LoketRecord) closure = g_list_model_get_item (closures, i);

        found |= g_str_equal (loket_record_get_id (closure), closure_id);
      }
    g_assert_true (found);
  }
}

/* A clerk may not close an agenda: the dialog says so and Ctrl+Enter adds nothing. */
static void
test_clerk_may_not_close (Fixture *fixture, gconstpointer data)
{
  g_autoptr(LoketRecord) user = NULL;
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  LoketTestDesk *clerk = loket_test_ui_server_new_desk (fixture->demo, "balie", "balie");

  user = loket_replica_get_user (clerk->replica);
  before = loket_replica_list_closures (clerk->replica, NULL, NULL, NULL);
  fixture->dialog = GTK_WINDOW (loket_closure_dialog_new (clerk->replica,
                                                          loket_record_get_string (user,
                                                                                   "location_id"),
                                                          NULL, NULL));
  gtk_window_present (fixture->dialog);
  g_assert_true (wait_until (fixture, dialog_mapped, NULL));
  assert_shows (fixture, "closure-error", "Only team leaders, coordinators and functional "
                                          "administrators can close an agenda.");
  g_assert_false (gtk_widget_is_sensitive (loket_test_get_named (fixture->dialog,
                                                                 "close-button")));
  press_key (fixture->dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_null (loket_closure_dialog_get_closure_id (LOKET_CLOSURE_DIALOG (fixture->dialog)));
  after = loket_replica_list_closures (clerk->replica, NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before));
  g_assert_cmpuint (loket_replica_count_pending (clerk->replica), ==, 0);

  gtk_window_destroy (fixture->dialog);
  fixture->dialog = NULL;
  loket_test_desk_free (clerk);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/closure/close-and-move-offline", Fixture, NULL, fixture_set_up,
              test_close_and_move_offline, fixture_tear_down);
  g_test_add ("/ui/closure/clerk-may-not-close", Fixture, NULL, fixture_set_up,
              test_clerk_may_not_close, fixture_tear_down);
  return g_test_run ();
}
