#pragma once

#include <glib-object.h>

#include "loket-record.h"

G_BEGIN_DECLS

/* One row of the day grid: a local start time and at most one appointment per capacity column.
 * Appointments that start at the same time at one capacity (a counter with two places) take a
 * row each; the first row of a time shows the time on the axis. */

#define LOKET_TYPE_AGENDA_TIME_ROW (loket_agenda_time_row_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaTimeRow, loket_agenda_time_row, LOKET, AGENDA_TIME_ROW, GObject)

LoketAgendaTimeRow *loket_agenda_time_row_new       (gint64 start, guint n_columns,
                                                     gboolean first_of_time);
/* Unix seconds. */
gint64              loket_agenda_time_row_get_start (LoketAgendaTimeRow *self);
gboolean            loket_agenda_time_row_is_first  (LoketAgendaTimeRow *self);
guint               loket_agenda_time_row_get_n_columns (LoketAgendaTimeRow *self);
/* The appointment in a column, or NULL. */
LoketRecord        *loket_agenda_time_row_get       (LoketAgendaTimeRow *self, guint column);
/* Puts an appointment in an empty column; FALSE when the column is taken. */
gboolean            loket_agenda_time_row_put       (LoketAgendaTimeRow *self, guint column,
                                                     LoketRecord *appointment);
/* Same time, same appointments with the same columns: a refresh need not redraw the row. */
gboolean            loket_agenda_time_row_equal     (LoketAgendaTimeRow *a, LoketAgendaTimeRow *b);

G_END_DECLS
