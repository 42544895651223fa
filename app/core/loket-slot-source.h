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

/* One product of a visit and how many of it (three passports: count 3). */
typedef struct {
  const char *product_id;
  guint       count;            /* >= 1; over the visit at most the product's max_per_booking */
} LoketSlotVisitProduct;

/* LOKET_ERROR_NOT_FOUND for an unknown capacity or product; LOKET_ERROR_INVALID when the
 * capacity does not handle the product's group; LOKET_ERROR_CLOSED for a capacity taken out of
 * use (active = 0). exclude_id leaves one booking out (NULL: none).
 * Only bookings starting in [from, until) (Unix seconds), and the closures and holidays of
 * those dates, are read, so checking one slot does not read a capacity's whole history;
 * callers widen their moments by LOKET_SLOT_SOURCE_MARGIN. */
LoketSlotSource      *loket_slot_source_load  (LoketDb *db, const char *capacity_id,
                                               const char *product_id, const char *exclude_id,
                                               gint64 from, gint64 until, GError **error);
/* The same for a visit of several products: its duration is the sum of each product's norm time
 * times its count.  LOKET_ERROR_INVALID as well for an empty visit, a count of 0, or more of a
 * product than its max_per_booking (with a sentence naming the product). */
LoketSlotSource      *loket_slot_source_load_visit (LoketDb *db, const char *capacity_id,
                                                    const LoketSlotVisitProduct *products,
                                                    guint n_products, const char *exclude_id,
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
LoketSlotSource      *loket_slot_source_load_visit_for_check (LoketDb *db,
                                                              const char *capacity_id,
                                                              const LoketSlotVisitProduct *products,
                                                              guint n_products,
                                                              const char *exclude_id,
                                                              gint64 start, GError **error);
/* Midnight UTC at the start of a calendar date, in Unix seconds. */
gint64                loket_slot_source_day_start (const GDate *day);
/* A query for a channel; valid as long as the source. */
const LoketSlotQuery *loket_slot_source_query (LoketSlotSource *self, LoketChannel channel,
                                               gint64 not_before);
/* The same with a `now` (Unix seconds, 0: none), which applies the booking window and the
 * minimum notice to the WEB channel (loket-slots.h). */
const LoketSlotQuery *loket_slot_source_query_at (LoketSlotSource *self, LoketChannel channel,
                                                  gint64 not_before, gint64 now);
/* Sorts the bookings by start (query_day does when they are not); bookings added later keep the
 * order. */
void                  loket_slot_source_sort_bookings (LoketSlotSource *self);
/* The same for the questions about one local day only: the query holds just the bookings that
 * can touch that day (the month calendar and the public free times ask a day at a time, and a
 * fortnight's bookings are many times a day's).  Sorts the source's bookings by start. */
const LoketSlotQuery *loket_slot_source_query_day (LoketSlotSource *self, LoketChannel channel,
                                                   gint64 not_before, gint64 now,
                                                   const GDate *day);
GTimeZone            *loket_slot_source_get_timezone (LoketSlotSource *self);
/* Counts one more booking that is not in the database's appointments: the server's web holds
 * (a time a citizen holds while filling in the form counts in the web share like a booking).
 * A query made before points at the old list: ask for the query again after adding. */
void                  loket_slot_source_add_booking  (LoketSlotSource *self, gint64 start,
                                                      gint64 end, LoketChannel channel);
/* A source of its own with the same rules, closures, bookings and duration, to add bookings to
 * (the server keeps what it read from the database and adds the holds of the moment to a
 * copy: loket-store-public.c). */
LoketSlotSource      *loket_slot_source_copy  (const LoketSlotSource *self);
void                  loket_slot_source_free  (LoketSlotSource *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSlotSource, loket_slot_source_free)

/* ---- How the domain tables read, shared with the availability index (loket-slot-index.c) --- */

/* The availability_rules columns loket_slot_source_read_rule reads, in its order. */
#define LOKET_SLOT_RULE_COLUMNS \
  "weekdays, valid_from, valid_until, start_time, end_time, slot_minutes, places, " \
  "public_places, anchor_date, every_weeks, opens_days, closes_days, min_notice_minutes"

/* A rule from the LOKET_SLOT_RULE_COLUMNS starting at column first; FALSE for a rule whose
 * dates or times do not parse (it opens nothing). */
gboolean    loket_slot_source_read_rule  (sqlite3_stmt *stmt, int first, LoketSlotRule *rule);
/* "YYYY-MM-DD" */
gboolean    loket_slot_source_parse_date (const char *text, GDate *date);
/* A booking's stored time ("2026-11-23T08:30:00Z", or any form loket_protocol_parse_time
 * reads). */
gboolean    loket_slot_source_parse_time (const char *text, gint64 *unix_seconds);
/* A zone by identifier, made once per process; Europe/Amsterdam for an unknown one. */
GTimeZone  *loket_slot_source_zone       (const char *identifier);
/* Whether one item's count (item_count) is at least 1 and the visit's count of that product over
 * all its items (visit_count) at most max_per_booking; else LOKET_ERROR_INVALID with a sentence
 * naming the product. */
gboolean    loket_slot_source_check_count (const char *product_name, guint item_count,
                                           guint visit_count, int max_per_booking,
                                           GError **error);

G_END_DECLS
