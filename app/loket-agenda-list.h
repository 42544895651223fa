#pragma once

#include <adwaita.h>

#include "loket-replica-agenda.h"

G_BEGIN_DECLS

/* Upcoming appointments of a location as a table (day, time, counter or room, customer,
 * product, status), sortable by each column (by time at first), filtered by counter or room,
 * product and status.  The view only shows: its owner asks the replica whenever the filter
 * changes ("filter-changed") and hands the result to loket_agenda_list_show.  Enter, a double
 * click or a click on a row opens the appointment ("activate-appointment"). */

#define LOKET_TYPE_AGENDA_LIST (loket_agenda_list_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaList, loket_agenda_list, LOKET, AGENDA_LIST, AdwBin)

GtkWidget   *loket_agenda_list_new             (void);
/* The choices of the filter: capacities of the location and products (LoketRecord with id and
 * name).  A chosen one that is still there stays chosen. */
void         loket_agenda_list_set_choices     (LoketAgendaList *self, GListModel *capacities,
                                                GListModel *products);
/* Fills capacity_id, product_id and status (NULL: any; owned by the view). */
void         loket_agenda_list_get_filter      (LoketAgendaList *self,
                                                LoketAppointmentFilter *filter);
/* Shows the appointments (by start); truncated: there are more than these. */
void         loket_agenda_list_show            (LoketAgendaList *self, GListModel *appointments,
                                                GTimeZone *tz, gboolean truncated);
/* The rows as shown, in the order shown (LoketRecord). */
GListModel  *loket_agenda_list_get_model       (LoketAgendaList *self);

LoketRecord *loket_agenda_list_get_selected    (LoketAgendaList *self);
gboolean     loket_agenda_list_select          (LoketAgendaList *self, const char *appointment_id,
                                                gboolean grab_focus);
/* Focuses the selected row, else the first; FALSE for an empty list. */
gboolean     loket_agenda_list_focus_appointment (LoketAgendaList *self);

G_END_DECLS
