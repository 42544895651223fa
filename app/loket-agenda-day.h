#pragma once

#include <adwaita.h>

#include "loket-record.h"

G_BEGIN_DECLS

/* The day grid of one location: a time axis on the left and a column per capacity (counter,
 * room, registrar), each appointment a block in its capacity's column on the row of its start.
 * Rows and cells are recycled (a GtkColumnView), so a day of hundreds of appointments scrolls
 * as smoothly as a day of ten.
 *
 * Keyboard: the arrow keys move between appointments (Up/Down within a capacity, Left/Right to
 * the nearest one in the next capacity), Home/End to the first/last of a capacity, Enter or
 * Space opens one ("activate-appointment").  The focused appointment is "selected". */

#define LOKET_TYPE_AGENDA_DAY (loket_agenda_day_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaDay, loket_agenda_day, LOKET, AGENDA_DAY, AdwBin)

GtkWidget   *loket_agenda_day_new              (void);
/* Shows a day: capacities (LoketRecord rows of loket_replica_list_capacities) as columns and
 * the day's appointments (loket_replica_list_appointments, by start) in them.  Rows that did
 * not change keep their widgets, so focus and scroll position survive a refresh. */
void         loket_agenda_day_show             (LoketAgendaDay *self, GListModel *capacities,
                                                GListModel *appointments, GTimeZone *tz);
/* The grid's rows (LoketAgendaTimeRow); owned by the view. */
GListModel  *loket_agenda_day_get_rows         (LoketAgendaDay *self);
guint        loket_agenda_day_get_n_appointments (LoketAgendaDay *self);

LoketRecord *loket_agenda_day_get_selected     (LoketAgendaDay *self);
/* Selects an appointment of the day and scrolls to it (and focuses it with grab_focus); FALSE
 * when it is not there. */
gboolean     loket_agenda_day_select           (LoketAgendaDay *self, const char *appointment_id,
                                                gboolean grab_focus);
/* Focuses the selected appointment, else the first one; FALSE on an empty day. */
gboolean     loket_agenda_day_focus_appointment (LoketAgendaDay *self);

G_END_DECLS
