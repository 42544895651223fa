#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The "Start a Case" page of the appointment popover: a case for the appointment's customer and
 * product, of the type the clerk chooses (the product's own type first), with a subject that
 * defaults to the product's name.  The case is opened on the replica at once (offline too) and
 * the appointment points to it.  Signals: "started" (case id) when the case is open, "back"
 * when the clerk goes back without one. */

#define LOKET_TYPE_APPOINTMENT_CASE (loket_appointment_case_get_type ())
G_DECLARE_FINAL_TYPE (LoketAppointmentCase, loket_appointment_case, LOKET, APPOINTMENT_CASE,
                      AdwBin)

GtkWidget *loket_appointment_case_new   (LoketReplica *replica);
/* Fills the page for appointment (a record of loket_replica_get_appointment) and clears the
 * last error; the case type goes back to the product's. */
void       loket_appointment_case_show  (LoketAppointmentCase *self, LoketRecord *appointment);
/* The widget to focus first on the page. */
GtkWidget *loket_appointment_case_get_first (LoketAppointmentCase *self);

/* What a form says under a case type that is confidential for team (a name, or "" for none,
 * see loket_replica_case_type_other_team): the case leaves this desk once sent. */
char      *loket_case_type_confidential_note (const char *team);

G_END_DECLS
