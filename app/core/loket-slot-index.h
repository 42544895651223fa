#pragma once

#include "loket-db.h"
#include "loket-slots.h"

G_BEGIN_DECLS

/* An in-memory availability index over a Loket database: for every capacity its zone, rules,
 * closures (with its location's, everyone's and the holidays) and its active bookings sorted
 * by start, read once, so that the month calendar of a product over every location (thousands
 * of capacity-days) reads no SQL per capacity-day.
 *
 * It answers exactly what LoketSlotSource gives the engine for one capacity and one day: the
 * same rows, parsed by the same functions, the bookings of that day's window by start.  It stays
 * fresh through temporary triggers on the connection (never written to the file): every insert,
 * update or delete of an appointment marks that row (with its desk before and after), and of a
 * rule, closure, holiday, capacity or location marks everything, in TEMP tables that
 * loket_slot_index_update reads and empties; only what is marked is read again (a booking: its
 * one row).  One index per connection: the mark tables are the connection's.  A connection swapped for another (a snapshot
 * adopted) rebuilds it.  Inside a transaction it stands aside (what it would read then could
 * still be rolled back), and callers read through LoketSlotSource instead. */
typedef struct _LoketSlotIndex LoketSlotIndex;

LoketSlotIndex *loket_slot_index_new       (void);
void            loket_slot_index_free      (LoketSlotIndex *self);

/* Brings the index up to date with db and makes it hold the bookings that start from `from`
 * (Unix seconds) on.  FALSE when it cannot answer now: db is inside a transaction, or could not
 * be read (the caller's own reading through LoketSlotSource then reports the error). */
gboolean        loket_slot_index_update    (LoketSlotIndex *self, LoketDb *db, gint64 from);

/* Fills in the tz, rules, closures and bookings of query for a capacity on a local day (the
 * caller sets duration, channel, not_before and now).  FALSE when the index cannot answer for
 * this capacity and day: an unknown capacity, a day before what it holds, or stored times not in
 * the wire format.  The arrays stay valid until the next call on the index. */
gboolean        loket_slot_index_query_day (LoketSlotIndex *self, const char *capacity_id,
                                            const GDate *day, LoketSlotQuery *query);

/* Answers remembered per capacity, local day, visit length and channel: what the engine gave for
 * a question that did not depend on when it was asked (none of the day's starts lay before
 * not_before, no booking window).  The month calendar asks the same again and again; a
 * capacity's answers are forgotten whenever one of its bookings changes, all of them with the
 * configuration.  recall gives FALSE when nothing is remembered. */
gboolean        loket_slot_index_recall_day   (LoketSlotIndex *self, const char *capacity_id,
                                               const GDate *day, int duration_minutes,
                                               LoketChannel channel, int *free);
void            loket_slot_index_remember_day (LoketSlotIndex *self, const char *capacity_id,
                                               const GDate *day, int duration_minutes,
                                               LoketChannel channel, int free);
/* On by default; off forgets everything and remembers nothing (the benchmark's computed
 * figures, tests). */
void            loket_slot_index_set_remembering (LoketSlotIndex *self, gboolean remembering);

/* What the updates did, for tests and the benchmark: full builds, and appointment rows read
 * again one by one. */
void            loket_slot_index_get_stats (LoketSlotIndex *self, guint *n_builds,
                                            guint *n_rows_read);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSlotIndex, loket_slot_index_free)

G_END_DECLS
