#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The slot engine: which start times are free for a capacity on a day.
 *
 * Pure and deterministic: everything it needs comes in through LoketSlotQuery; it reads no
 * clock and no database.  The desk uses it to offer times offline, the server uses the same code
 * to check a booking and to publish availability, so both always agree.
 *
 * Recurrence.  A rule opens on its weekdays between valid_from and valid_until.  With
 * every_weeks n > 1 it opens only every n-th week: weeks are counted from the Monday of the
 * anchor's week (the anchor is valid_from when anchor is not set), and a day's week number is
 * the number of whole weeks from that Monday to the Monday of the day's own week; the rule
 * applies when that number is a multiple of n, also for weeks before the anchor.  A rule with
 * n > 1 and neither anchor nor valid_from opens nothing.
 *
 * Booking window.  Citizens may book a day from opens_days ahead until closes_days before it:
 * a day is bookable when today + closes_days <= day <= today + opens_days, "today" being the
 * local date of the query's `now` in its zone, and a visit must start at least
 * min_notice_minutes after `now`.  The window and the notice bind the WEB channel only, and
 * only when the query has a `now`: desk staff may fit someone in at any free time (not_before
 * keeps them out of the past), and the server judging a booking an offline desk delivers late
 * asks without a `now`.  So a rule left zero-initialised (opens_days 0) closes nothing for a
 * caller that does not set `now`. */

typedef enum {
  LOKET_CHANNEL_DESK,  /* a booking made by staff; uses the desk share of places */
  LOKET_CHANNEL_WEB,   /* a booking made by a citizen online; uses the public share */
} LoketChannel;

typedef struct {
  guint8 weekdays;        /* bit 0 = Monday … bit 6 = Sunday */
  GDate  valid_from;      /* inclusive */
  GDate  valid_until;     /* inclusive */
  int    start_minute;    /* local wall-clock minutes after midnight, e.g. 8:30 = 510 */
  int    end_minute;      /* exclusive; the last slot ends at or before it */
  int    slot_minutes;
  int    places;          /* all places of a slot */
  int    public_places;   /* of which this many are for the web; the rest are the desk share */
  guint  every_weeks;     /* 0 or 1: every week; n: every n-th week, counted from anchor */
  GDate  anchor;          /* weeks count from the Monday of its week; invalid: valid_from */
  int    opens_days;      /* web: a day is bookable from this many days ahead … */
  int    closes_days;     /* … until this many days before it (0: the same day too) */
  int    min_notice_minutes; /* web: a visit starts at least this long after now */
} LoketSlotRule;

typedef struct {
  GDate from;             /* inclusive, local dates */
  GDate until;            /* inclusive */
} LoketSlotClosure;

typedef struct {
  gint64       start;     /* Unix seconds (UTC) */
  gint64       end;       /* exclusive */
  LoketChannel channel;
} LoketSlotBooking;

typedef struct {
  GTimeZone              *tz;            /* the location's zone, e.g. Europe/Amsterdam */
  const LoketSlotRule    *rules;         /* the capacity's rules */
  guint                   n_rules;
  const LoketSlotClosure *closures;      /* closures that apply to this capacity (incl. holidays) */
  guint                   n_closures;
  const LoketSlotBooking *bookings;      /* the capacity's active bookings (any day) */
  guint                   n_bookings;
  int                     duration_minutes; /* norm time of the product(s) of one visit */
  LoketChannel            channel;
  gint64                  not_before;    /* earliest allowed start in Unix seconds; 0 = none */
  gint64                  now;           /* Unix seconds: applies the booking window and the
                                          * minimum notice (WEB only); 0 = no window */
} LoketSlotQuery;

typedef struct {
  gint64 start;           /* Unix seconds (UTC) */
  gint64 end;             /* end of the last consecutive slot the visit needs */
  int    free;            /* places still free in the channel's share, >= 1 */
} LoketSlot;

/* Free start times on a local date, in order. Returns a GArray of LoketSlot (never NULL). */
GArray  *loket_slots_free_on_day (const LoketSlotQuery *query, const GDate *day);

/* The starts of loket_slots_free_on_day as bits of local minutes since midnight (bit m of
 * minutes[m / 64] is m % 64), set in minutes (which the caller clears), for marking the free
 * starts of several capacities in one map.  Only on a day that keeps one UTC offset (all but
 * the two days around a change): FALSE, with nothing marked, on the others. */
#define LOKET_SLOTS_DAY_WORDS ((24 * 60 + 63) / 64)
gboolean loket_slots_mark_free_on_day (const LoketSlotQuery *query, const GDate *day,
                                       guint64 minutes[LOKET_SLOTS_DAY_WORDS]);

/* The number of free start times on a local date, as loket_slots_free_on_day's length, without
 * building the list (the month calendar asks this for thousands of capacity-days). */
guint    loket_slots_count_free_on_day (const LoketSlotQuery *query, const GDate *day);

/* Whether the capacity opens at all on a local date: no closure covers it and some rule opens
 * on it (its weekdays, dates and weeks, and for the WEB channel with a `now` its booking
 * window), whether or not any place is left. */
gboolean loket_slots_opens_on_day (const LoketSlotQuery *query, const GDate *day);

/* Whether a visit may start at start (Unix seconds): on success *end is set to the end of the
 * visit. Fails with LOKET_ERROR_CLOSED when no rule opens that time (or a closure covers it, or
 * the booking window or minimum notice keeps the web out), or LOKET_ERROR_SLOT_TAKEN when the
 * share of places is used up. */
gboolean loket_slots_check       (const LoketSlotQuery *query, gint64 start, gint64 *end,
                                  GError **error);

/* "08:30" → 510; -1 when it is not a valid HH:MM clock time. */
int      loket_slots_parse_clock (const char *hhmm);

G_END_DECLS
