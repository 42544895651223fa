#pragma once

#include "loket-db.h"
#include "loket-slots.h"

G_BEGIN_DECLS

/* Reads what the slot engine needs for one capacity and product from a Loket database (the
 * desk replica or the server store: the domain tables are the same), so both sides feed the
 * engine identically: the capacity's rules, the closures of the capacity, its location and
 * everything (plus the holidays), its active bookings and the product's norm time. */
typedef struct _LoketSlotSource LoketSlotSource;

/* Bookings further than this from the moments asked about cannot touch them: a visit is
 * shorter than a day, and a local day lies within a day of its UTC date. */
#define LOKET_SLOT_SOURCE_MARGIN (2 * 24 * 60 * 60)
/* Enough to check one start time t with loket_slots_check: a booking that overlaps a visit
 * starting at t starts within a day of t. */
#define LOKET_SLOT_SOURCE_CHECK_MARGIN (24 * 60 * 60)

/* LOKET_ERROR_NOT_FOUND for an unknown capacity or product; LOKET_ERROR_INVALID when the
 * capacity does not handle the product's group. exclude_id leaves one booking out (NULL: none).
 * Only bookings starting in [from, until) (Unix seconds), and the closures and holidays of
 * those dates, are read, so checking one slot does not read a capacity's whole history;
 * callers widen their moments by LOKET_SLOT_SOURCE_MARGIN. */
LoketSlotSource      *loket_slot_source_load  (LoketDb *db, const char *capacity_id,
                                               const char *product_id, const char *exclude_id,
                                               gint64 from, gint64 until, GError **error);
/* What loket_slots_check needs to judge one start time (Unix seconds), and no more: only the
 * bookings that can overlap a visit starting then (from a day before it until the longest visit
 * the rules allow has ended).  The other slots of that day may then look freer than they are,
 * so this source answers loket_slots_check for that start only, never
 * loket_slots_free_on_day.  Errors as loket_slot_source_load. */
LoketSlotSource      *loket_slot_source_load_for_check (LoketDb *db, const char *capacity_id,
                                                        const char *product_id,
                                                        const char *exclude_id, gint64 start,
                                                        GError **error);
/* Midnight UTC at the start of a calendar date, in Unix seconds. */
gint64                loket_slot_source_day_start (const GDate *day);
/* A query for a channel; valid as long as the source. */
const LoketSlotQuery *loket_slot_source_query (LoketSlotSource *self, LoketChannel channel,
                                               gint64 not_before);
GTimeZone            *loket_slot_source_get_timezone (LoketSlotSource *self);
void                  loket_slot_source_free  (LoketSlotSource *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSlotSource, loket_slot_source_free)

G_END_DECLS
