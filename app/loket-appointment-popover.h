#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Everything about one appointment, opened from any agenda view (Enter or a click): the
 * customer (name, birth date, phone and e-mail), product, time, counter or room, mode, case
 * and its status, whether the customer booked it online, waiting and handling times, the
 * history (who did what, when, in local time), the messages the server sends the customer
 * about it and how each went (loket-appointment-messages.h), and what can be done: reschedule
 * to one of the nearest free times, cancel with a reason, mark a no-show (booked and its start
 * passed), close the counter or room for the day.
 * It reads and writes only the replica and follows its changes while open.  Escape closes it.
 * After a change it emits "done" with a sentence for the clerk and closes. */

#define LOKET_TYPE_APPOINTMENT_POPOVER (loket_appointment_popover_get_type ())
G_DECLARE_FINAL_TYPE (LoketAppointmentPopover, loket_appointment_popover, LOKET,
                      APPOINTMENT_POPOVER, GtkPopover)

GtkWidget  *loket_appointment_popover_new                (LoketReplica *replica);
/* Shows an appointment, on its details page. */
void        loket_appointment_popover_set_appointment_id (LoketAppointmentPopover *self,
                                                          const char *appointment_id);
const char *loket_appointment_popover_get_appointment_id (LoketAppointmentPopover *self);
/* Goes to the question why the appointment is cancelled (Delete in the agenda), when it can be
 * cancelled. */
void        loket_appointment_popover_ask_cancel         (LoketAppointmentPopover *self);

G_END_DECLS
