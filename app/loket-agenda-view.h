#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The agenda of one location in three views: the day (a column per capacity: counter, room,
 * registrar), the week (the seven days side by side) and a filtered, sortable list of upcoming
 * appointments.  Enter or a click on an appointment opens its popover (details, history,
 * reschedule, cancel, no-show, close the capacity for the day).
 *
 * Widget actions (with their keys while the focus is in the view):
 *   agenda.view s              Alt+1 day, Alt+2 week, Alt+3 list
 *   agenda.previous-day        Alt+Left, Page Up (a week back in the week view)
 *   agenda.next-day            Alt+Right, Page Down
 *   agenda.today               Alt+Home
 *   agenda.new-appointment     Ctrl+N
 *   agenda.open-appointment    Enter on an appointment; Shift+F10, Menu
 *   agenda.cancel-appointment  Delete: the popover asks why (a booked appointment selected)
 * The keys are in the template's shortcut controllers; the window forwards Ctrl+N, Alt+Left,
 * Alt+Right, Alt+Home and Alt+1…3 from its other pages. */

#define LOKET_TYPE_AGENDA_VIEW (loket_agenda_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaView, loket_agenda_view, LOKET, AGENDA_VIEW, AdwBin)

GtkWidget    *loket_agenda_view_new             (LoketReplica *replica);
LoketReplica *loket_agenda_view_get_replica     (LoketAgendaView *self);

/* The day shown (the week around it in the week view), a local date at the location. */
const GDate  *loket_agenda_view_get_date        (LoketAgendaView *self);
void          loket_agenda_view_set_date        (LoketAgendaView *self, const GDate *date);

/* The location shown; defaults to the user's location, else the first one. */
const char   *loket_agenda_view_get_location_id (LoketAgendaView *self);
void          loket_agenda_view_set_location_id (LoketAgendaView *self, const char *location_id);

/* "day", "week" or "list". */
const char   *loket_agenda_view_get_view        (LoketAgendaView *self);
void          loket_agenda_view_set_view        (LoketAgendaView *self, const char *view);
/* Puts the keyboard focus on the selected (else the first) appointment of the view shown. */
void          loket_agenda_view_focus_appointments (LoketAgendaView *self);

/* The selected appointment of the view shown, or NULL. */
LoketRecord  *loket_agenda_view_get_selected    (LoketAgendaView *self);
/* Selects an appointment of the view shown (and scrolls to it and focuses it); FALSE when it is
 * not there. */
gboolean      loket_agenda_view_select_appointment (LoketAgendaView *self,
                                                    const char *appointment_id);
/* The appointment popover (LoketAppointmentPopover). */
GtkWidget    *loket_agenda_view_get_popover     (LoketAgendaView *self);

G_END_DECLS
