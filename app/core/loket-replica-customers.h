#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* The customer card (klantkaart) from the replica (loket-replica-customers.c): one customer's
 * details and, on one screen, everything the desk holds about them, newest first. */

/* The customer's row (customers columns) plus, for an organisation, nothing more; NULL when
 * the desk does not have the customer. */
LoketRecord *loket_replica_get_customer       (LoketReplica *self, const char *customer_id);
/* The customer's timeline, newest first, at most limit rows (0: no limit): one row per
 * appointment, case, contact moment, callback and note, with the columns kind (appointment |
 * case | contact | callback | note), id, at (UTC wire time the row is ordered by: an
 * appointment's start, a case's opened_at, a contact's at, a callback's created_at, a note's
 * created_at), title (what it is: product, reference and subject, topic, subject, the note's
 * first line), state (appointment status, case status, channel, callback outcome, "") and
 * case_id (the case it belongs to, or NULL). */
GListModel  *loket_replica_customer_timeline  (LoketReplica *self, const char *customer_id,
                                               guint limit);
/* Who acts for an organisation (its representatives: person_id, name, role), or, for a person,
 * the organisations they act for (organisation_id, name, role); by name. */
GListModel  *loket_replica_list_representatives (LoketReplica *self, const char *customer_id);

G_END_DECLS
