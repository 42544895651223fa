#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The customer card (klantkaart): one customer's record and, on one screen, everything the
 * desk holds about them, newest first (loket-replica-customers.h).  The identification number
 * is masked but for its last digits until the clerk reveals it.  A case in the history opens in
 * the Cases page (win.show-case, when the window has it); a representative or organisation
 * opens its own card (win.show-customer, or in this card when there is no such action).  An
 * organisation's card adds a representative (loket-representative-dialog.h).
 * Team leaders and others who may (loket_rules_may_merge_customers) merge a duplicate into it
 * by hand; a customer the server merged automatically shows a notice.  The card follows the
 * replica's changes. */
#define LOKET_TYPE_CUSTOMER_CARD (loket_customer_card_get_type ())
G_DECLARE_FINAL_TYPE (LoketCustomerCard, loket_customer_card, LOKET, CUSTOMER_CARD, AdwBin)

GtkWidget   *loket_customer_card_new             (LoketReplica *replica);
/* NULL shows nothing; an id the desk does not have shows that it is not on this desk. */
void         loket_customer_card_set_customer_id (LoketCustomerCard *self,
                                                  const char        *customer_id);
const char  *loket_customer_card_get_customer_id (LoketCustomerCard *self);
/* What the card shows (LoketRecord items, owned by the card): the history
 * (loket_replica_customer_timeline) and the representatives or organisations
 * (loket_replica_list_representatives). */
GListModel  *loket_customer_card_get_timeline    (LoketCustomerCard *self);
GListModel  *loket_customer_card_get_representatives (LoketCustomerCard *self);

/* "BSN ••••••333" for a customer row (the whole number when reveal is TRUE); "" when the
 * customer has no BSN, rijksregisternummer or KvK number. */
char        *loket_customer_card_format_identifier (LoketRecord *customer, gboolean reveal);

G_END_DECLS
