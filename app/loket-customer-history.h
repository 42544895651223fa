#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The rows of a customer's history on the card (loket-customer-history.c).  entry is a row of
 * loket_replica_customer_timeline; times are shown in tz.  A case is an AdwActionRow,
 * activatable when opens_case (the card opens it in the Cases page on "activated"); every
 * other entry is an AdwExpanderRow that shows its detail (loket_replica_get_timeline_entry)
 * when opened.  The row is named after the entry's id and holds it as data "item". */
GtkWidget  *loket_customer_history_row_new (LoketReplica *replica, GTimeZone *tz,
                                            LoketRecord *entry, gboolean opens_case);
/* A channel (telefoon | email | post | digitaal | balie | chat | web) in words. */
const char *loket_customer_channel_name    (const char *channel);

G_END_DECLS
