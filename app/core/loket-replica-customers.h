#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* The customer card (klantkaart) from the replica (loket-replica-customers.c): one customer's
 * details and, on one screen, everything the desk holds about them, newest first. */

/* The customer's row (the customers columns); NULL when the desk does not have the customer. */
LoketRecord *loket_replica_get_customer       (LoketReplica *self, const char *customer_id);
/* The customer's timeline, newest first, at most limit rows (0: no limit): one row per
 * appointment, case, contact moment, callback and note, with the columns kind (appointment |
 * case | contact | callback | note), id, at (UTC wire time the row is ordered by: an
 * appointment's start, a case's opened_at, a contact's at, a callback's created_at, a note's
 * created_at), title (what it is: product, reference and subject, topic, subject, the note's
 * first line), state (appointment status, case status, channel, callback outcome, "") and
 * case_id (the case it belongs to, or NULL).  Ties in time go by kind, then id.  Each kind is
 * read newest first from its own (customer_id, time) index, at most limit rows each, so the
 * cost follows the limit, not the length of the customer's history. */
GListModel  *loket_replica_customer_timeline  (LoketReplica *self, const char *customer_id,
                                               guint limit);
/* The timeline's statement (?1 the customer id, ?2 the limit, -1 for none), for tests and
 * benchmarks that check SQLite's plan for it. */
const char  *loket_replica_customer_timeline_sql (void);
/* Who acts for an organisation (its representatives), or, for a person, the organisations they
 * act for; by name.  Columns: id (the customer_representatives row), organisation_id,
 * person_id, other_id (the customer on the other side), relation ("representative": other_id
 * acts for this organisation; "organisation": this person acts for other_id), name and kind
 * (of other_id), role.  A pair two desks added twice is one row. */
GListModel  *loket_replica_list_representatives (LoketReplica *self, const char *customer_id);
/* One timeline row in full, for its detail: kind and id as in the timeline; the row's columns
 * and the names shown for its ids (appointment: product_name, capacity_name, location_name;
 * case: case_type_name, product_name; contact: by_name, product_name, case_reference;
 * callback: assigned_user_name, assigned_team_name, outcome_by_name; note: author_name,
 * case_reference).  NULL for an unknown kind or a row the desk does not have. */
LoketRecord *loket_replica_get_timeline_entry (LoketReplica *self, const char *kind,
                                               const char *id);
/* The newest open sync issue (sync_issues columns) with code "merged" about this customer: a
 * customer made on this desk that the server merged into this one because it has the same BSN,
 * RRN or KvK number.  NULL when there is none. */
LoketRecord *loket_replica_get_merge_notice   (LoketReplica *self, const char *customer_id);

G_END_DECLS
