#pragma once

#include "loket-replica-agenda.h"
#include "loket-slot-index.h"

G_BEGIN_DECLS

/* Free times over a range of days, for what looks ahead (the first free time, the nearest free
 * time after a closure, the benchmark): loket_replica_free_times for each day, without building
 * a record per time.  See loket-replica-slots.c. */

/* One free start time of a visit at one capacity. */
typedef struct {
  gint64 start;           /* Unix seconds */
  gint64 end;             /* end of the visit */
  int    free;            /* places still free in the desk share */
  guint  capacity;        /* index into the capacity ids handed back */
} LoketFreeTime;

/* The free start times on n_days local days from `from` across the capacities of a location
 * (NULL: every location) that handle the visit and offer the facilities: a GArray of
 * LoketFreeTime by start, then capacity name; *capacity_ids (optional) gets
 * the ids of every such capacity (GPtrArray of strings).  Errors as loket_replica_free_days. */
GArray *loket_replica_free_times_between (LoketReplica *self, const char *location_id,
                                          const LoketVisitItem *items, guint n_items,
                                          const char *const *facilities, const GDate *from,
                                          guint n_days, GDateTime *now, GPtrArray **capacity_ids,
                                          GError **error);

/* The replica's availability index (see loket-slot-index.h), made on first use; for tests and
 * the benchmark, which look at what it did. */
LoketSlotIndex *loket_replica_get_slot_index (LoketReplica *self);

G_END_DECLS
