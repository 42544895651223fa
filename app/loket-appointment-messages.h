#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The "Messages" part of the appointment popover: what the server sent (or will send, or could
 * not send) the customer about the appointment and its case, one row per message with an icon
 * for its channel, what it is and how it went ("Reminder by e-mail", "failed: …"), each row
 * with the whole sentence as its accessible label.  The rows are read, not chosen: Tab enters
 * the list and the arrow keys go from message to message. */

#define LOKET_TYPE_APPOINTMENT_MESSAGES (loket_appointment_messages_get_type ())
G_DECLARE_FINAL_TYPE (LoketAppointmentMessages, loket_appointment_messages, LOKET,
                      APPOINTMENT_MESSAGES, AdwBin)

GtkWidget *loket_appointment_messages_new  (LoketReplica *replica);
/* Reads the messages of the appointment (none for NULL) from the replica again; times in tz. */
void       loket_appointment_messages_show (LoketAppointmentMessages *self,
                                            const char *appointment_id, GTimeZone *tz);

G_END_DECLS
