#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* A modal window to close an agenda for some days (a closure): a counter or room of a location
 * or the whole location, from and until which day, of what kind (closure, absence, public
 * holiday) and why.  Closing it adds the closure to the replica and lists the appointments
 * already booked in it; "Move All" moves them to the nearest free time after the closure and
 * then says how many moved and which could not be moved, with the customers' phone numbers to
 * call them.  It reads and writes only the replica, so it works offline.  Only team leaders,
 * coordinators and functional administrators may close an agenda; for anyone else the dialog
 * says so and offers nothing to close. */

#define LOKET_TYPE_CLOSURE_DIALOG (loket_closure_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketClosureDialog, loket_closure_dialog, LOKET, CLOSURE_DIALOG, AdwWindow)

/* capacity_id: NULL for the whole location; day: the first and last day offered (NULL: today
 * at the location). */
GtkWidget  *loket_closure_dialog_new            (LoketReplica *replica, const char *location_id,
                                                 const char *capacity_id, const GDate *day);
/* The closure this dialog added, or NULL before "Close Agenda". */
const char *loket_closure_dialog_get_closure_id (LoketClosureDialog *self);

G_END_DECLS
