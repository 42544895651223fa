#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The booking dialog's customer step: search the replica by name, birth date ("12-03-1980" or
 * "1980-03-12", also with a name: "Jansen 12-03-1980"), BSN, rijksregisternummer or postcode,
 * or register a new customer whose BSN / RRN, birth date, e-mail and postcode are checked as
 * they are typed, each error under its field.  The new customer is a person or an organisation
 * (Person / Organisation); an organisation has a name and a KvK number (required, 8 digits)
 * instead of a BSN and birth date.  Enter in the search takes the first customer
 * found; Enter on a result or in a valid new customer's field says the step is done.
 *
 * Escape in an empty search activates the action "booking.escape" of an ancestor.
 * "changed" fires when the choice or its validity changes, "done" when the clerk confirmed it.
 * The new customer is only saved by loket_booking_customer_commit(), when the visit is booked. */

#define LOKET_TYPE_BOOKING_CUSTOMER (loket_booking_customer_get_type ())
G_DECLARE_FINAL_TYPE (LoketBookingCustomer, loket_booking_customer, LOKET, BOOKING_CUSTOMER,
                      GtkWidget)

GtkWidget  *loket_booking_customer_new         (LoketReplica *replica);
/* A customer is chosen: one found, or a new one with a name and no field in error. */
gboolean    loket_booking_customer_is_ready    (LoketBookingCustomer *self);
/* The id of the customer found, or of the new one once committed; NULL otherwise. */
const char *loket_booking_customer_get_id      (LoketBookingCustomer *self);
/* The chosen customer in a few words, for the summary ("Jan de Vries, BSN 123456782"); NULL
 * when none is chosen. */
char       *loket_booking_customer_describe    (LoketBookingCustomer *self);
/* The id to book with: the customer found, or the new customer, saved in the replica now (once:
 * a booking that fails and is tried again does not register them twice). */
const char *loket_booking_customer_commit      (LoketBookingCustomer *self, GError **error);
/* Chooses a known customer without a search (booking again for the same customer). */
void        loket_booking_customer_choose      (LoketBookingCustomer *self, const char *id,
                                                const char *name);
/* Puts the keyboard focus where the step starts: the search, or the chosen customer. */
void        loket_booking_customer_focus       (LoketBookingCustomer *self);

G_END_DECLS
