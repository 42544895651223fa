#pragma once

#include <gtk/gtk.h>

#include "loket-agenda-view.h"
#include "loket-record.h"
#include "loket-test-ui.h"
#include "loket-window.h"

G_BEGIN_DECLS

/* The agenda UI tests (test-ui-agenda, test-ui-agenda-views) share one fixture: a demo server
 * (loket-test-ui.h), a desk signed in as one of its clerks and synced, and the real LoketWindow
 * on its agenda page.  Everything here is named agenda_… (types Agenda…); the generic scaffold
 * (waits, the demo server, key presses) stays in loket-test-ui.h and is used, not copied. */

#define AGENDA_WAIT_MS 15000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketWindow       *window;
  LoketAgendaView   *agenda;
  GDate              load_day;  /* the first day filled by insert_load (the views tests) */
  char              *past_id;   /* booked, its start passed (make_past_booked, the views tests) */
} AgendaFixture;

/* Something to put into the replica after the first sync, before the window opens (the setup
 * of agenda_test_add). */
typedef struct {
  void (*prepare) (AgendaFixture *fixture);
} AgendaSetup;

typedef void (*AgendaTest) (AgendaFixture *fixture, gconstpointer data);

/* g_test_add with this fixture: a fresh demo server, desk and window for test; setup (or NULL)
 * runs before the window opens. */
void         agenda_test_add                 (const char *path, const AgendaSetup *setup,
                                              AgendaTest test);

/* ---- waiting --------------------------------------------------------------------------------- */

/* A test's question about the screen; data is the test's own. */
typedef gboolean (*AgendaCondition) (AgendaFixture *fixture, gpointer data);

/* loket_test_ui_wait_until for an agenda condition: FALSE after timeout_ms. */
gboolean     agenda_wait_until               (AgendaFixture *fixture, AgendaCondition condition,
                                              gpointer data, guint timeout_ms);

/* ---- the replica ----------------------------------------------------------------------------- */

/* The replica's appointments of the location and day the agenda shows. */
GListModel  *agenda_appointments_shown       (AgendaFixture *fixture);
/* Today at the agenda's location (its time zone). */
void         agenda_location_today           (AgendaFixture *fixture, GDate *today);
/* A clerk of the demo (every desk of the test signs in as the same one). */
char        *agenda_clerk_username           (AgendaFixture *fixture);
/* The first still-booked appointment from today on, with the agenda moved to its day; NULL when
 * there is none in the next ten days. */
LoketRecord *agenda_go_to_booked_appointment (AgendaFixture *fixture);
/* The same for the first appointment wanted (a LoketRecord of the day's list) says yes to. */
LoketRecord *agenda_go_to_appointment_where  (AgendaFixture *fixture,
                                              gboolean (*wanted) (LoketRecord *appointment));

/* ---- what is on screen ----------------------------------------------------------------------- */

/* The appointment blocks on screen (mapped, showing a time), in tree order: a new array that
 * does not own them. */
GPtrArray   *agenda_rows                     (AgendaFixture *fixture);
/* The one widget of this type in the agenda (a LoketAgendaDay, …Week or …List). */
GtkWidget   *agenda_find_view                (AgendaFixture *fixture, GType type);
/* "09:10–09:20" for appointment, in its location's time. */
char        *agenda_time_range               (AgendaFixture *fixture, LoketRecord *appointment);
/* Waits until the day grid matches the replica, then asserts the day's name is on screen and,
 * on a day without appointments, the empty page. */
void         agenda_assert_shows_day         (AgendaFixture *fixture);
/* Selects appointment in the day grid and presses Enter on it: its popover opens. */
void         agenda_open_popover             (AgendaFixture *fixture, LoketRecord *appointment);
/* Shortcuts as a key press on the window's focus finds them (loket_test_ui_press_key). */
gboolean     agenda_press_key                (AgendaFixture *fixture, guint keyval,
                                              GdkModifierType mods);

/* ---- conditions (for agenda_wait_until) ------------------------------------------------------ */

/* The day grid holds exactly the replica's appointments of the day shown, and the blocks on
 * screen are blocks of those. */
gboolean     agenda_rows_match_replica       (AgendaFixture *fixture, gpointer data);
/* A dimmed block with the text data ("Cancelled: reason"). */
gboolean     agenda_cancelled_row_shown      (AgendaFixture *fixture, gpointer data);
/* The focus is on the day grid's button of appointment (a LoketRecord). */
gboolean     agenda_appointment_focused      (AgendaFixture *fixture, gpointer appointment);
/* The agenda's appointment popover is hidden. */
gboolean     agenda_popover_closed           (AgendaFixture *fixture, gpointer data);
/* The agenda's appointment popover is on screen. */
gboolean     agenda_popover_open             (AgendaFixture *fixture, gpointer data);

G_END_DECLS
