#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* A modal window to book an appointment at a location, top to bottom by keyboard: product,
 * counter or room, day, free time, customer (found or new), reason and mode.  It reads and
 * writes only the replica, so it works offline.  On success it emits "booked" with the new
 * appointment's id and closes; on failure it says why and keeps everything typed. */

#define LOKET_TYPE_BOOKING_DIALOG (loket_booking_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketBookingDialog, loket_booking_dialog, LOKET, BOOKING_DIALOG, AdwWindow)

GtkWidget    *loket_booking_dialog_new      (LoketReplica *replica, const char *location_id,
                                             const GDate *day);
/* The day chosen in the dialog. */
const GDate  *loket_booking_dialog_get_day  (LoketBookingDialog *self);
void          loket_booking_dialog_set_day  (LoketBookingDialog *self, const GDate *day);
/* Starts from an appointment that could not be kept (a row of loket_replica_list_appointments,
 * e.g. one the server rejected): same customer, product, reason and mode, any free counter,
 * from its day on, so the free times shown are the nearest alternatives. */
void          loket_booking_dialog_rebook   (LoketBookingDialog *self, LoketRecord *appointment);
/* Starts with one of a product in the visit ("Book this product" in a knowledge article);
 * FALSE when the desk does not offer it. */
gboolean      loket_booking_dialog_add_product (LoketBookingDialog *self, const char *product_id);
/* Starts a visit for an open case (its intake, say): the case type's intake product (else the
 * case's own product) and the case's customer; the appointment belongs to the case and no new
 * case opens.  FALSE when the case or its product is not on this desk. */
gboolean      loket_booking_dialog_for_case (LoketBookingDialog *self, const char *case_id);

G_END_DECLS
