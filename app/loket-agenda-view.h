#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The day view of one location: one column per capacity (counter, room, registrar) with its
 * appointments in time order, day navigation, booking and cancelling.
 *
 * Widget actions (with their keys while the focus is in the view):
 *   agenda.previous-day        Alt+Left, Page Up
 *   agenda.next-day            Alt+Right, Page Down
 *   agenda.today               Alt+Home
 *   agenda.new-appointment     Ctrl+N
 *   agenda.cancel-appointment  Delete (enabled when a booked appointment is selected) */

#define LOKET_TYPE_AGENDA_VIEW (loket_agenda_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaView, loket_agenda_view, LOKET, AGENDA_VIEW, AdwBin)

GtkWidget    *loket_agenda_view_new             (LoketReplica *replica);
LoketReplica *loket_agenda_view_get_replica     (LoketAgendaView *self);

/* The day shown, a local date at the location. */
const GDate  *loket_agenda_view_get_date        (LoketAgendaView *self);
void          loket_agenda_view_set_date        (LoketAgendaView *self, const GDate *date);

/* The location shown; defaults to the user's location, else the first one. */
const char   *loket_agenda_view_get_location_id (LoketAgendaView *self);
void          loket_agenda_view_set_location_id (LoketAgendaView *self, const char *location_id);

/* Selects an appointment of the day shown (and scrolls to it); FALSE when it is not there. */
gboolean      loket_agenda_view_select_appointment (LoketAgendaView *self,
                                                    const char *appointment_id);

G_END_DECLS
