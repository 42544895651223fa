#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* Life events (levensgebeurtenissen) and the case bundles they open (loket-replica-bundles.c).
 * "Verhuizen" opens the registration of the move and the cases that come with it at once, for a
 * customer whose data is entered once. */

/* The life events by name: id, name, description, products (a JSON array of product ids in
 * the order they are handled). */
GListModel *loket_replica_list_life_events (LoketReplica *self);
/* Opens a case for each product of the life event that has a case type, in the life event's
 * order, for customer_id (NULL: none yet), and links every later case to the first as a
 * bundle.  contact_moment_id (optional) is the contact the bundle came from; it gets the first
 * case.  Returns the case ids, the first one first.  Fails with LOKET_ERROR_NOT_FOUND for an
 * unknown life event and LOKET_ERROR_INVALID when none of its products has a case type; then
 * nothing is recorded. */
GPtrArray  *loket_replica_open_life_event  (LoketReplica *self, const char *life_event_id,
                                            const char *customer_id,
                                            const char *contact_moment_id, GError **error);

G_END_DECLS
