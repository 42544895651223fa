/* loket-test-agenda.c — the desk window on its agenda page, shared by the agenda UI tests.
 *
 * See loket-test-agenda.h.  Checks read the widgets and compare them with the replica; waits
 * iterate the main context until a condition holds, bounded, never sleep.
 */
#include "config.h"

#include "loket-test-agenda.h"

#include "loket-agenda-day.h"
#include "loket-agenda-time-row.h"
#include "loket-replica-agenda.h"
#include "loket-time.h"
#include "loket-test-widgets.h"

/* Waiting and rows ------------------------------------------------------------------------- */

gboolean
agenda_wait_until (AgendaFixture *fixture, AgendaCondition condition, gpointer data,
                   guint timeout_ms)
{
  return loket_test_ui_wait_until ((LoketTestUiCondition) condition, fixture, data, timeout_ms);
}

/* "09:10–09:20": the first line of every appointment row. */
static gboolean
is_time_range (const char *text)
{
  return g_regex_match_simple ("^[0-2][0-9]:[0-5][0-9]–[0-2][0-9]:[0-5][0-9]$", text, 0, 0);
}

/* The appointments the agenda shows: every block on screen (named "appointment-block") that
 * displays a time.  Blocks of empty cells and of views not shown are not mapped. */
static void
collect_blocks (GtkWidget *widget, GPtrArray *blocks)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_strcmp0 (gtk_widget_get_name (widget), "appointment-block") == 0)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (widget);

      for (guint j = 0; j < texts->len; j++)
        if (is_time_range (texts->pdata[j]))
          {
            g_ptr_array_add (blocks, widget);
            break;
          }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_blocks (child, blocks);
}

GPtrArray *
agenda_rows (AgendaFixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_blocks (GTK_WIDGET (fixture->agenda), rows);
  return rows;
}

/* Replica facts ---------------------------------------------------------------------------- */

GListModel *
agenda_appointments_shown (AgendaFixture *fixture)
{
  return loket_replica_list_appointments (fixture->desk->replica,
                                          loket_agenda_view_get_location_id (fixture->agenda),
                                          loket_agenda_view_get_date (fixture->agenda));
}

void
agenda_location_today (AgendaFixture *fixture, GDate *today)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
day_in_words (AgendaFixture *fixture, const GDate *day)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autoptr(GDateTime) noon = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                               g_date_get_day (day), 12, 0, 0);

  return g_date_time_format (noon, "%A %-e %B %Y");
}

/* Conditions ------------------------------------------------------------------------------- */

static gboolean
agenda_mapped (AgendaFixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->agenda));
}

/* The day grid's appointment in its rows, or NULL. */
static LoketRecord *
grid_appointment (LoketAgendaDay *day, const char *id)
{
  GListModel *rows = loket_agenda_day_get_rows (day);

  for (guint r = 0; r < g_list_model_get_n_items (rows); r++)
    {
      g_autoptr(LoketAgendaTimeRow) row = g_list_model_get_item (rows, r);

      for (guint c = 0; c < loket_agenda_time_row_get_n_columns (row); c++)
        {
          LoketRecord *appointment = loket_agenda_time_row_get (row, c);

          if (appointment != NULL && g_str_equal (loket_record_get_id (appointment), id))
            return appointment;
        }
    }
  return NULL;
}

/* The day grid holds exactly the replica's appointments of the day shown, as the replica has
 * them now, and what is on screen are blocks of those appointments (a long day scrolls: the
 * rest is in the grid's rows, not on screen). */
gboolean
agenda_rows_match_replica (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GListModel) expected = agenda_appointments_shown (fixture);
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  LoketAgendaDay *day = LOKET_AGENDA_DAY (agenda_find_view (fixture, LOKET_TYPE_AGENDA_DAY));
  guint n = g_list_model_get_n_items (expected);

  if (loket_agenda_day_get_n_appointments (day) != n || rows->len > n || (n > 0) != (rows->len > 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) appointment = g_list_model_get_item (expected, i);
      LoketRecord *shown = grid_appointment (day, loket_record_get_id (appointment));

      if (shown == NULL || !json_object_equal (loket_record_get_columns (shown),
                                               loket_record_get_columns (appointment)))
        return FALSE;
      g_ptr_array_add (names, (gpointer) loket_record_get_string (appointment, "customer_name"));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);
      gboolean known = FALSE;

      for (guint j = 0; j < names->len && !known; j++)
        known = *(const char *) names->pdata[j] == '\0' || loket_test_texts_contain (texts, names->pdata[j]);
      if (!known)
        return FALSE;
    }
  return TRUE;
}

static gboolean
empty_page_shown (AgendaFixture *fixture, gpointer data)
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

void
agenda_assert_shows_day (AgendaFixture *fixture)
{
  g_autoptr(GListModel) expected = agenda_appointments_shown (fixture);
  g_autofree char *words = day_in_words (fixture, loket_agenda_view_get_date (fixture->agenda));
  g_autoptr(GPtrArray) texts = NULL;

  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
  texts = loket_test_visible_label_texts (GTK_WIDGET (fixture->agenda));
  g_assert_true (loket_test_texts_contain (texts, words));
  if (g_list_model_get_n_items (expected) == 0)
    g_assert_true (agenda_wait_until (fixture, empty_page_shown, NULL, AGENDA_WAIT_MS));
}

/* The fixture ------------------------------------------------------------------------------ */

/* A clerk of the demo (every desk of the test signs in as the same one). */
char *
agenda_clerk_username (AgendaFixture *fixture)
{
  char *username = loket_test_ui_server_text (fixture->demo, "SELECT username FROM users "
                                              "WHERE role_id = 'medewerker' LIMIT 1");

  g_assert_nonnull (username);
  return username;
}

static void
agenda_fixture_set_up (AgendaFixture *fixture, gconstpointer data)
{
  g_autofree char *username = NULL;

  fixture->demo = loket_test_ui_server_start ("agenda");
  username = agenda_clerk_username (fixture);
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "replica", username);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  if (data != NULL)
    ((const AgendaSetup *) data)->prepare (fixture);

  fixture->window = loket_window_new (NULL, fixture->desk->replica, fixture->desk->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "agenda");
  fixture->agenda = LOKET_AGENDA_VIEW (loket_window_get_agenda (fixture->window));
  g_assert_nonnull (fixture->agenda);
  g_assert_true (agenda_wait_until (fixture, agenda_mapped, NULL, AGENDA_WAIT_MS));
}

static void
agenda_fixture_tear_down (AgendaFixture *fixture, gconstpointer data)
{
  GtkWidget *popover = loket_agenda_view_get_popover (fixture->agenda);

  /* An open popover closes first, while its window is there: GTK 4.8 otherwise may ask the
   * pointer's position on the popover's destroyed surface from a source it left behind (a
   * critical, fatal here). */
  if (popover != NULL && gtk_widget_get_visible (popover))
    {
      gtk_popover_popdown (GTK_POPOVER (popover));
      g_assert_true (agenda_wait_until (fixture, agenda_popover_closed, NULL, 5000));
      loket_test_ui_settle ();
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
  g_free (fixture->past_id);
}

void
agenda_test_add (const char *path, const AgendaSetup *setup, AgendaTest test)
{
  g_test_add (path, AgendaFixture, setup, agenda_fixture_set_up, test, agenda_fixture_tear_down);
}

/* The first appointment wanted from today on, with the agenda moved to its day. */
LoketRecord *
agenda_go_to_appointment_where (AgendaFixture *fixture,
                                gboolean (*wanted) (LoketRecord *appointment))
{
  for (guint day = 0; day < 10; day++)
    {
      g_autoptr(GListModel) shown = agenda_appointments_shown (fixture);

      for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr(LoketRecord) appointment = g_list_model_get_item (shown, i);

          if (wanted (appointment))
            return g_steal_pointer (&appointment);
        }
      gtk_widget_activate_action (GTK_WIDGET (fixture->agenda), "agenda.next-day", NULL);
    }
  return NULL;
}

static gboolean
is_booked (LoketRecord *appointment)
{
  return g_str_equal (loket_record_get_string (appointment, "status"), "booked");
}

LoketRecord *
agenda_go_to_booked_appointment (AgendaFixture *fixture)
{
  return agenda_go_to_appointment_where (fixture, is_booked);
}

gboolean
agenda_cancelled_row_shown (AgendaFixture *fixture, gpointer data)
{
  g_autoptr(GPtrArray) rows = agenda_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (rows->pdata[i]);
      if (loket_test_texts_contain (texts, data) && gtk_widget_has_css_class (rows->pdata[i], "dim-label"))
        return TRUE;
    }
  return FALSE;
}

gboolean
agenda_popover_closed (AgendaFixture *fixture, gpointer data)
{
  return !gtk_widget_get_visible (loket_agenda_view_get_popover (fixture->agenda));
}

gboolean
agenda_popover_open (AgendaFixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (loket_agenda_view_get_popover (fixture->agenda));
}

void
agenda_open_popover (AgendaFixture *fixture, LoketRecord *appointment)
{
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda,
                                                       loket_record_get_id (appointment)));
  g_assert_true (agenda_wait_until (fixture, agenda_appointment_focused, appointment,
                                    AGENDA_WAIT_MS));
  /* Enter on a focused button activates it. */
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (fixture->window))));
  g_assert_true (agenda_wait_until (fixture, agenda_popover_open, NULL, AGENDA_WAIT_MS));
}

/* Views, keys and focus ------------------------------------------------------------------- */

GtkWidget *
agenda_find_view (AgendaFixture *fixture, GType type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  loket_test_collect (GTK_WIDGET (fixture->agenda), type, found);
  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

gboolean
agenda_press_key (AgendaFixture *fixture, guint keyval, GdkModifierType mods)
{
  return loket_test_ui_press_key (loket_test_ui_focus_of (GTK_WINDOW (fixture->window)), keyval, mods);
}

char *
agenda_time_range (AgendaFixture *fixture, LoketRecord *appointment)
{
  g_autoptr(GTimeZone) tz =
    loket_replica_get_timezone (fixture->desk->replica, loket_agenda_view_get_location_id (fixture->agenda));
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (appointment, "start_at"), tz);
  g_autofree char *end = loket_time_format_clock (loket_record_get_string (appointment, "end_at"), tz);

  return g_strdup_printf ("%s–%s", start, end);
}

/* The keyboard focus is on the day grid's button of this appointment. */
gboolean
agenda_appointment_focused (AgendaFixture *fixture, gpointer appointment)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_autofree char *range = agenda_time_range (fixture, appointment);
  g_autoptr(GPtrArray) texts = NULL;

  if (focus == NULL || !GTK_IS_BUTTON (focus) ||
      gtk_widget_get_ancestor (focus, LOKET_TYPE_AGENDA_DAY) == NULL)
    return FALSE;
  texts = loket_test_visible_label_texts (focus);
  return loket_test_texts_contain (texts, range) &&
         loket_test_texts_contain (texts, loket_record_get_string (appointment, "customer_name"));
}

