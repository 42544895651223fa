#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The slot engine: which start times are free for a capacity on a day.
 *
 * Pure and deterministic: everything it needs comes in through LoketSlotQuery; it reads no
 * clock and no database.  The desk uses it to offer times offline, the server uses the same code
 * to check a booking and to publish availability, so both always agree. */

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
} LoketSlotQuery;

typedef struct {
  gint64 start;           /* Unix seconds (UTC) */
  gint64 end;             /* end of the last consecutive slot the visit needs */
  int    free;            /* places still free in the channel's share, >= 1 */
} LoketSlot;

/* Free start times on a local date, in order. Returns a GArray of LoketSlot (never NULL). */
GArray  *loket_slots_free_on_day (const LoketSlotQuery *query, const GDate *day);

/* Whether a visit may start at start (Unix seconds): on success *end is set to the end of the
 * visit. Fails with LOKET_ERROR_CLOSED when no rule opens that time (or a closure covers it),
 * or LOKET_ERROR_SLOT_TAKEN when the share of places is used up. */
gboolean loket_slots_check       (const LoketSlotQuery *query, gint64 start, gint64 *end,
                                  GError **error);

/* "08:30" → 510; -1 when it is not a valid HH:MM clock time. */
int      loket_slots_parse_clock (const char *hhmm);

G_END_DECLS
