#pragma once

#include <adwaita.h>

#include "loket-record.h"

G_BEGIN_DECLS

/* The week of one location: seven days side by side, each a recycled list of its appointments
 * (time, state, customer, product, counter or room), so a week of thousands scrolls smoothly.
 *
 * Keyboard: Up/Down within a day, Left/Right to the appointment nearest in time on the day
 * before or after, Enter opens one ("activate-appointment"); a day's heading is a button that
 * shows that day ("show-day", with the day as a Julian day number). */

#define LOKET_TYPE_AGENDA_WEEK (loket_agenda_week_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaWeek, loket_agenda_week, LOKET, AGENDA_WEEK, AdwBin)

GtkWidget   *loket_agenda_week_new              (void);
/* Shows the seven local days from first with the appointments among them (by start, e.g. of
 * loket_replica_query_appointments); a refresh keeps what did not change. */
void         loket_agenda_week_show             (LoketAgendaWeek *self, const GDate *first,
                                                 GListModel *appointments, GTimeZone *tz);
guint        loket_agenda_week_get_n_appointments (LoketAgendaWeek *self);
/* The appointments of day 0…6 (LoketRecord); owned by the view. */
GListModel  *loket_agenda_week_get_day_model    (LoketAgendaWeek *self, guint day);

LoketRecord *loket_agenda_week_get_selected     (LoketAgendaWeek *self);
gboolean     loket_agenda_week_select           (LoketAgendaWeek *self, const char *appointment_id,
                                                 gboolean grab_focus);
/* Focuses the selected appointment, else the first of the week; FALSE for an empty week. */
gboolean     loket_agenda_week_focus_appointment (LoketAgendaWeek *self);

G_END_DECLS
