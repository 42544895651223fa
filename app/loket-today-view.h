#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Vandaag: the day at the desk.  Today's arrivals at the logged-in user's location by time, each
 * with its state (expected, checked in, called to a desk, being served, done, did not show up)
 * and, once known, its waiting and handling time; the steps of a visit (check in, call, start,
 * finish, no-show) on the selected row from its menu (Enter) or by shortcut; a summary of the
 * day on top.  Refreshed on every replica change and at midnight, keeping the selected row. */
#define LOKET_TYPE_TODAY_VIEW (loket_today_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketTodayView, loket_today_view, LOKET, TODAY_VIEW, AdwBin)

GtkWidget  *loket_today_view_new                (LoketReplica *replica);
/* The appointments shown (LoketRecord items, cancelled and rejected ones left out); owned by
 * the view. */
GListModel *loket_today_view_get_model          (LoketTodayView *self);
/* Selects the appointment's row and gives it the keyboard focus; FALSE when it is not shown. */
gboolean    loket_today_view_select_appointment (LoketTodayView *self,
                                                 const char     *appointment_id);
/* The id of the selected row's appointment, or NULL. */
const char *loket_today_view_get_selected_id    (LoketTodayView *self);

G_END_DECLS
