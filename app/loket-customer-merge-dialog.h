#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Merging a duplicate by hand (from the customer card): the clerk searches the other record,
 * sees both side by side, and confirms in a destructive message dialog; then
 * loket_replica_merge_customers moves everything of the removed record to the kept one.  The
 * customer the dialog was opened for is kept, unless only the other record has an
 * identification number (the authentic record is the one with it); "Keep the Other Record"
 * swaps them.  Records that cannot be the same customer (a person and an organisation,
 * different numbers of the same kind) cannot be merged. */
#define LOKET_TYPE_CUSTOMER_MERGE_DIALOG (loket_customer_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketCustomerMergeDialog, loket_customer_merge_dialog, LOKET,
                      CUSTOMER_MERGE_DIALOG, AdwWindow)

/* Signal "merged" (const char *survivor_id): the merge was recorded; the dialog closes. */
GtkWidget  *loket_customer_merge_dialog_new         (LoketReplica *replica,
                                                     const char   *customer_id,
                                                     GtkWindow    *parent);
/* The search results (LoketRecord customers, never the card's own customer). */
GListModel *loket_customer_merge_dialog_get_results (LoketCustomerMergeDialog *self);
/* The record kept and the one removed, once another record is chosen (else NULL). */
const char *loket_customer_merge_dialog_get_survivor_id (LoketCustomerMergeDialog *self);
const char *loket_customer_merge_dialog_get_alias_id    (LoketCustomerMergeDialog *self);

G_END_DECLS
