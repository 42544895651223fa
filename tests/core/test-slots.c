/* Unit tests for the slot engine.  A table of cases (rules, closures, bookings and the query →
 * the free start times of each day) covers opening rules, every n-th week, evening openings,
 * closures, shares, bookings across slot edges, visits of several slots and products, not
 * before, the web's booking window and minimum notice, and the days summer time starts and ends
 * in Europe/Amsterdam and Europe/Brussels; for every day in it check() must accept exactly the
 * listed starts.  test-slots-check.c pins the details (places left, visit ends, the reasons
 * check() gives); test-slots-model.c holds the engine against a model on random queries. */

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "loket-error.h"
#include "loket-slots.h"
#include "slots-fixture.h"

/* ---- The table: rules, closures and bookings → free start times per day ---- */

typedef struct
{
  guint8 weekdays;                /* 0 ends the list */
  const char *from, *to;          /* wall-clock "HH:MM" */
  int slot, places, web;
  const char *valid_from, *valid_until; /* "YYYY-MM-DD"; NULL: no bound */
  guint every;                    /* every n-th week */
  const char *anchor;
  int opens, closes, notice;      /* days, days, minutes */
} RuleSpec;

typedef struct
{
  const char *from, *until;       /* NULL ends the list */
} ClosureSpec;

typedef struct
{
  const char *day;                /* NULL ends the list */
  const char *from, *to;
  LoketChannel channel;
} BookingSpec;

/* starts: the free local start times, "" when the day is open and nothing is free, "closed"
 * when no rule opens it (loket_slots_opens_on_day is FALSE); utc: the same starts in UTC. */
typedef struct
{
  const char *day;                /* NULL ends the list */
  const char *starts;
  const char *utc;                /* NULL: not compared */
} DayExpect;

typedef struct
{
  const char *name;
  const char *zones;              /* space-separated; NULL: Europe/Amsterdam */
  int duration;                   /* minutes; 0: 30 */
  LoketChannel channel;
  const char *not_before;         /* local "YYYY-MM-DD HH:MM"; NULL: none */
  const char *now;
  RuleSpec rules[3];
  ClosureSpec closures[3];
  BookingSpec bookings[13];
  DayExpect days[10];
} SlotCase;

#define DESK LOKET_CHANNEL_DESK
#define WEB LOKET_CHANNEL_WEB
#define BOTH_ZONES "Europe/Amsterdam Europe/Brussels"
#define ALL_MORNING "09:00 09:30 10:00 10:30 11:00 11:30"

/* 1–7 June 2026 runs Monday to Sunday; summer time starts on Sunday 29 March 2026 and ends on
 * Sunday 25 October 2026 in the Netherlands and Belgium alike. */
static const SlotCase slot_cases[] = {
  /* ---- opening rules ---- */
  { "plain-day", .rules = { { WORKWEEK, "09:00", "12:00", 30, 2, 1 } },
    .days = { { "2026-06-01", ALL_MORNING, "07:00 07:30 08:00 08:30 09:00 09:30" } } },
  { "last-slot-must-fit", .rules = { { WORKWEEK, "09:00", "10:15", 30, 1, 0 } },
    .days = { { "2026-06-01", "09:00 09:30" } } },
  { "weekday-mask", .rules = { { MON | WED | SUN, "09:00", "10:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "09:00 09:30" }, { "2026-06-02", "closed" },
              { "2026-06-03", "09:00 09:30" }, { "2026-06-06", "closed" },
              { "2026-06-07", "09:00 09:30" } } },
  { "evening-opening-thursday", .duration = 60,
    .rules = { { WORKWEEK, "09:00", "12:00", 60, 1, 0 }, { THU, "17:00", "20:00", 60, 1, 0 } },
    .days = { { "2026-06-03", "09:00 10:00 11:00" },
              { "2026-06-04", "09:00 10:00 11:00 17:00 18:00 19:00" } } },
  { "evening-opening-partly-booked", .duration = 60,
    .rules = { { WORKWEEK, "09:00", "12:00", 60, 1, 0 }, { THU, "17:00", "20:00", 60, 1, 0 } },
    .bookings = { { "2026-06-04", "18:00", "19:00", DESK }, { "2026-06-04", "10:00", "11:00", DESK } },
    .days = { { "2026-06-04", "09:00 11:00 17:00 19:00" } } },
  { "closures", .rules = { { WORKWEEK, "09:00", "10:00", 30, 1, 0 } },
    .closures = { { "2026-06-02", "2026-06-02" }, { "2026-06-10", "2026-06-12" } },
    .days = { { "2026-06-01", "09:00 09:30" }, { "2026-06-02", "closed" },
              { "2026-06-03", "09:00 09:30" }, { "2026-06-09", "09:00 09:30" },
              { "2026-06-10", "closed" }, { "2026-06-11", "closed" }, { "2026-06-12", "closed" },
              { "2026-06-15", "09:00 09:30" } } },
  { "closure-over-an-evening-opening",
    .rules = { { THU, "17:00", "18:00", 30, 1, 0 } },
    .closures = { { "2026-06-04", "2026-06-04" } },
    .days = { { "2026-06-04", "closed" }, { "2026-06-11", "17:00 17:30" } } },
  { "date-range-edges",
    .rules = { { WORKWEEK, "09:00", "10:00", 60, 1, 0, "2026-06-02", "2026-06-04" } },
    .days = { { "2026-06-01", "closed" }, { "2026-06-02", "09:00" }, { "2026-06-04", "09:00" },
              { "2026-06-05", "closed" } } },
  { "no-end-date-runs-on",
    .rules = { { WORKWEEK, "09:00", "10:00", 60, 1, 0, "2026-06-02" } },
    .days = { { "2026-06-01", "closed" }, { "2027-06-01", "09:00" } } },
  { "overlapping-rules-deduplicated",
    .rules = { { WORKWEEK, "09:00", "11:00", 30, 1, 0 }, { WORKWEEK, "10:00", "12:00", 60, 3, 0 } },
    .days = { { "2026-06-01", "09:00 09:30 10:00 10:30 11:00" } } },
  { "broken-rules-open-nothing",
    .rules = { { WORKWEEK, "09:00", "12:00", 0, 1, 0 }, { WORKWEEK, "12:00", "09:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "closed" } } },

  /* ---- every n-th week ---- */
  { "every-2-weeks-from-valid-from",
    .rules = { { MON, "09:00", "10:00", 30, 1, 0, "2026-06-01", NULL, 2 } },
    .days = { { "2026-05-25", "closed" }, { "2026-06-01", "09:00 09:30" },
              { "2026-06-08", "closed" }, { "2026-06-15", "09:00 09:30" },
              { "2026-06-22", "closed" } } },
  { "every-2-weeks-anchor-mid-week",
    .rules = { { MON | FRI, "09:00", "10:00", 30, 1, 0, "2026-01-01", NULL, 2, "2026-06-03" } },
    .days = { { "2026-06-01", "09:00 09:30" }, { "2026-06-05", "09:00 09:30" },
              { "2026-06-08", "closed" }, { "2026-06-12", "closed" },
              { "2026-06-15", "09:00 09:30" },
              /* before the anchor the weeks count back the same way */
              { "2026-05-18", "09:00 09:30" }, { "2026-05-22", "09:00 09:30" },
              { "2026-05-25", "closed" }, { "2026-05-29", "closed" } } },
  { "every-3-weeks-around-the-anchor",
    .rules = { { MON, "09:00", "10:00", 30, 1, 0, NULL, NULL, 3, "2026-06-07" } },
    .days = { { "2026-05-11", "09:00 09:30" }, { "2026-05-18", "closed" },
              { "2026-05-25", "closed" }, { "2026-06-01", "09:00 09:30" },
              { "2026-06-08", "closed" }, { "2026-06-22", "09:00 09:30" } } },
  { "every-2-weeks-with-nothing-to-count-from",
    .rules = { { MON, "09:00", "10:00", 30, 1, 0, NULL, NULL, 2 } },
    .days = { { "2026-06-01", "closed" }, { "2026-06-08", "closed" } } },
  { "every-week-and-every-other-week",
    .rules = { { MON, "09:00", "10:00", 30, 1, 0, NULL, NULL, 1 },
               { MON, "17:00", "18:00", 30, 1, 0, "2026-06-01", NULL, 2 } },
    .days = { { "2026-06-01", "09:00 09:30 17:00 17:30" }, { "2026-06-08", "09:00 09:30" } } },

  /* ---- shares and bookings ---- */
  { "desk-sees-desk-share", .rules = { { MON, "09:00", "10:00", 30, 2, 2 },
                                       { TUE, "09:00", "10:00", 30, 2, 0 } },
    .days = { { "2026-06-01", "" }, { "2026-06-02", "09:00 09:30" } } },
  { "web-sees-public-share", .channel = WEB,
    .rules = { { MON, "09:00", "10:00", 30, 2, 2 }, { TUE, "09:00", "10:00", 30, 2, 0 } },
    .days = { { "2026-06-01", "09:00 09:30" }, { "2026-06-02", "" } } },
  { "bookings-fill-the-desk-share",
    .rules = { { WORKWEEK, "09:00", "10:00", 30, 3, 1 } },
    .bookings = { { "2026-06-01", "09:00", "09:30", DESK }, { "2026-06-01", "09:00", "09:30", DESK },
                  { "2026-06-01", "09:30", "10:00", WEB }, { "2026-06-02", "09:30", "10:00", DESK } },
    .days = { { "2026-06-01", "09:30" }, { "2026-06-02", "09:00 09:30" } } },
  { "bookings-fill-the-web-share", .channel = WEB,
    .rules = { { WORKWEEK, "09:00", "10:00", 30, 3, 1 } },
    .bookings = { { "2026-06-01", "09:00", "09:30", DESK }, { "2026-06-01", "09:00", "09:30", DESK },
                  { "2026-06-01", "09:30", "10:00", WEB } },
    .days = { { "2026-06-01", "09:00" } } },
  { "booking-straddles-slot-edges",
    .rules = { { WORKWEEK, "09:00", "11:00", 30, 1, 0 } },
    /* the second ends exactly where 10:30 starts: [start, end) does not touch it */
    .bookings = { { "2026-06-01", "09:15", "09:45", DESK }, { "2026-06-01", "10:10", "10:30", DESK } },
    .days = { { "2026-06-01", "10:30" } } },
  { "booking-straddles-10-minute-slots", .duration = 10,
    .rules = { { WORKWEEK, "09:00", "10:00", 10, 1, 0 } },
    .bookings = { { "2026-06-01", "09:05", "09:25", DESK }, { "2026-06-01", "09:50", "10:30", DESK } },
    .days = { { "2026-06-01", "09:30 09:40" } } },

  /* ---- visits of several slots and several products ---- */
  { "multi-slot-near-closing", .duration = 25,
    .rules = { { WORKWEEK, "09:00", "10:00", 10, 1, 0 } },
    .days = { { "2026-06-01", "09:00 09:10 09:20 09:30" } } },
  { "multi-slot-blocked-by-one-booking", .duration = 25,
    .rules = { { WORKWEEK, "09:00", "10:00", 10, 1, 0 } },
    .bookings = { { "2026-06-01", "09:20", "09:30", DESK } },
    .days = { { "2026-06-01", "09:30" } } },
  /* two passports of 10 minutes and a driving licence of 20: 40 minutes, four slots */
  { "multi-product-visit", .duration = 2 * 10 + 20,
    .rules = { { WORKWEEK, "09:00", "10:00", 10, 1, 0 } },
    .days = { { "2026-06-01", "09:00 09:10 09:20" } } },
  { "multi-product-visit-around-a-booking", .duration = 2 * 10 + 20,
    .rules = { { WORKWEEK, "09:00", "11:00", 10, 1, 0 } },
    .bookings = { { "2026-06-01", "09:40", "09:50", DESK } },
    .days = { { "2026-06-01", "09:00 09:50 10:00 10:10 10:20" } } },
  { "visit-longer-than-opening", .duration = 240,
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "" } } },

  /* ---- not before, the booking window and the minimum notice ---- */
  { "not-before", .not_before = "2026-06-01 10:15",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "10:30 11:00 11:30" }, { "2026-06-02", ALL_MORNING } } },
  { "not-before-on-a-start", .not_before = "2026-06-01 10:30",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "10:30 11:00 11:30" } } },
  { "not-before-the-next-day", .not_before = "2026-06-02 00:00",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 0 } },
    .days = { { "2026-06-01", "" }, { "2026-06-02", ALL_MORNING } } },
  { "web-window", .channel = WEB, .now = "2026-06-01 10:00",
    .rules = { { EVERY_DAY, "09:00", "12:00", 30, 2, 1, .opens = 14, .closes = 1 } },
    .days = { { "2026-05-31", "closed" }, { "2026-06-01", "closed" },
              { "2026-06-02", ALL_MORNING }, { "2026-06-15", ALL_MORNING },
              { "2026-06-16", "closed" } } },
  { "desk-ignores-the-window", .channel = DESK, .now = "2026-06-01 10:00",
    .not_before = "2026-06-01 10:00",
    .rules = { { EVERY_DAY, "09:00", "12:00", 30, 2, 1, .opens = 14, .closes = 1 } },
    .days = { { "2026-06-01", "10:00 10:30 11:00 11:30" }, { "2026-06-16", ALL_MORNING },
              { "2026-12-01", ALL_MORNING } } },
  { "web-window-opens-later-per-rule", .channel = WEB, .now = "2026-06-01 08:00",
    .rules = { { WORKWEEK, "09:00", "10:00", 30, 1, 1, .opens = 7 },
               { WORKWEEK, "13:00", "14:00", 30, 1, 1, .opens = 10 } },
    .days = { { "2026-06-08", "09:00 09:30 13:00 13:30" }, { "2026-06-09", "13:00 13:30" },
              { "2026-06-11", "13:00 13:30" }, { "2026-06-12", "closed" } } },
  { "web-without-now-has-no-window", .channel = WEB,
    .rules = { { WORKWEEK, "09:00", "10:00", 30, 1, 1 } }, /* opens 0, closes 0 */
    .days = { { "2026-06-01", "09:00 09:30" }, { "2027-06-01", "09:00 09:30" } } },
  { "web-zero-window-is-today-only", .channel = WEB, .now = "2026-06-01 08:00",
    .rules = { { WORKWEEK, "09:00", "10:00", 30, 1, 1 } },
    .days = { { "2026-06-01", "09:00 09:30" }, { "2026-06-02", "closed" } } },
  { "web-same-day-not-before-now", .channel = WEB, .now = "2026-06-01 10:10",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 1, .opens = 120 } },
    .days = { { "2026-06-01", "10:30 11:00 11:30" } } },
  { "web-minimum-notice", .channel = WEB, .now = "2026-06-01 08:00",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 1, .opens = 120, .notice = 90 } },
    .days = { { "2026-06-01", "09:30 10:00 10:30 11:00 11:30" }, { "2026-06-02", ALL_MORNING } } },
  { "web-minimum-notice-over-midnight", .channel = WEB, .now = "2026-06-01 22:00",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 1, 1, .opens = 120, .notice = 12 * 60 } },
    .days = { { "2026-06-02", "10:00 10:30 11:00 11:30" } } },
  { "desk-ignores-the-minimum-notice", .channel = DESK, .now = "2026-06-01 08:00",
    .not_before = "2026-06-01 08:00",
    .rules = { { WORKWEEK, "09:00", "12:00", 30, 2, 1, .opens = 120, .notice = 90 } },
    .days = { { "2026-06-01", ALL_MORNING } } },

  /* ---- summer and winter time ---- */
  { "dst-offsets-around-the-changes", BOTH_ZONES, .duration = 60,
    .rules = { { EVERY_DAY, "09:00", "10:00", 60, 1, 0 } },
    .days = { { "2026-03-27", "09:00", "08:00" }, { "2026-03-29", "09:00", "07:00" },
              { "2026-03-30", "09:00", "07:00" }, { "2026-10-23", "09:00", "07:00" },
              { "2026-10-25", "09:00", "08:00" }, { "2026-10-26", "09:00", "08:00" } } },
  { "dst-spring-gap", BOTH_ZONES, .duration = 60,
    .rules = { { SUN, "01:00", "04:00", 60, 1, 0 } },
    .days = { { "2026-03-29", "01:00 03:00", "00:00 01:00" } } },
  { "dst-spring-visit-spans-the-gap", BOTH_ZONES, .duration = 120,
    .rules = { { SUN, "01:00", "04:00", 60, 1, 0 } },
    .days = { { "2026-03-29", "01:00", "00:00" } } },
  { "dst-spring-gap-off-the-hour", BOTH_ZONES, .duration = 45,
    .rules = { { SUN, "00:30", "04:30", 45, 1, 0 } },
    .days = { { "2026-03-29", "00:30 01:15 03:30", "23:30 00:15 01:30" } } },
  { "dst-spring-night-booked", BOTH_ZONES, .duration = 30,
    .rules = { { SUN, "01:00", "04:00", 30, 1, 0 } },
    .bookings = { { "2026-03-29", "01:30", "03:30", DESK } },
    .days = { { "2026-03-29", "01:00 03:30", "00:00 01:30" } } },
  { "dst-autumn-repeat", BOTH_ZONES, .duration = 60,
    .rules = { { SUN, "01:00", "04:00", 60, 1, 0 } },
    .days = { { "2026-10-25", "01:00 02:00 03:00", "23:00 01:00 02:00" } } },
  { "dst-autumn-visit-cannot-span-the-hole", BOTH_ZONES, .duration = 120,
    .rules = { { SUN, "01:00", "04:00", 60, 1, 0 } },
    .days = { { "2026-10-25", "02:00", "01:00" } } },
  { "dst-autumn-night-booked", BOTH_ZONES, .duration = 30,
    .rules = { { SUN, "01:00", "04:00", 30, 1, 0 } },
    .bookings = { { "2026-10-25", "02:00", "02:30", DESK } },
    .days = { { "2026-10-25", "01:00 01:30 02:30 03:00 03:30", "23:00 23:30 01:30 02:00 02:30" } } },
  { "dst-weeks-count-across-the-change", BOTH_ZONES,
    .rules = { { SUN, "09:00", "10:00", 30, 1, 0, NULL, NULL, 2, "2026-03-22" } },
    .days = { { "2026-03-22", "09:00 09:30", "08:00 08:30" }, { "2026-03-29", "closed" },
              { "2026-04-05", "09:00 09:30", "07:00 07:30" }, { "2026-10-25", "closed" },
              { "2026-10-18", "09:00 09:30", "07:00 07:30" } } },
};

static void
parse_day (const char *text, GDate *day)
{
  int y, m, d;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &y, &m, &d), ==, 3);
  set_date (day, y, m, d);
}

/* Unix time of a local "YYYY-MM-DD HH:MM" (or a day and a clock time) in tz. */
static gint64
local_unix (GTimeZone *tz, const char *day_text, const char *hhmm)
{
  int minute = loket_slots_parse_clock (hhmm);
  g_autoptr (GDateTime) dt = NULL;
  GDate day;

  g_assert_cmpint (minute, >=, 0);
  parse_day (day_text, &day);
  dt = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day),
                        g_date_get_day (&day), minute / 60, minute % 60, 0);
  return g_date_time_to_unix (dt);
}

static gint64
local_moment (GTimeZone *tz, const char *text)
{
  g_auto (GStrv) parts = NULL;

  if (text == NULL)
    return 0;
  parts = g_strsplit (text, " ", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return local_unix (tz, parts[0], parts[1]);
}

static void
add_rule_spec (Fixture *f, const RuleSpec *spec)
{
  LoketSlotRule *rule = add_rule (f, spec->weekdays, spec->from, spec->to, spec->slot,
                                  spec->places, spec->web);

  if (spec->valid_from != NULL)
    parse_day (spec->valid_from, &rule->valid_from);
  if (spec->valid_until != NULL)
    parse_day (spec->valid_until, &rule->valid_until);
  if (spec->anchor != NULL)
    parse_day (spec->anchor, &rule->anchor);
  rule->every_weeks = spec->every;
  rule->opens_days = spec->opens;
  rule->closes_days = spec->closes;
  rule->min_notice_minutes = spec->notice;
}

static void
fixture_load_case (Fixture *f, const SlotCase *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->rules) && c->rules[i].weekdays != 0; i++)
    add_rule_spec (f, &c->rules[i]);
  for (guint i = 0; i < G_N_ELEMENTS (c->closures) && c->closures[i].from != NULL; i++)
    {
      LoketSlotClosure closure;

      parse_day (c->closures[i].from, &closure.from);
      parse_day (c->closures[i].until, &closure.until);
      g_array_append_val (f->closures, closure);
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->bookings) && c->bookings[i].day != NULL; i++)
    {
      const BookingSpec *b = &c->bookings[i];
      LoketSlotBooking booking = { local_unix (f->tz, b->day, b->from),
                                   local_unix (f->tz, b->day, b->to), b->channel };

      g_array_append_val (f->bookings, booking);
    }
  f->query.duration_minutes = c->duration > 0 ? c->duration : 30;
  f->query.channel = c->channel;
  f->query.not_before = local_moment (f->tz, c->not_before);
  f->query.now = local_moment (f->tz, c->now);
}

static char *
format_starts (GTimeZone *tz, GArray *slots)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      g_autoptr (GDateTime) u = g_date_time_new_from_unix_utc (g_array_index (slots, LoketSlot,
                                                                              i).start);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (u, tz);
      g_autofree char *hhmm = g_date_time_format (local, "%H:%M");

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", hhmm);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* check() accepts exactly the listed starts, every five minutes of the local day, with their end;
 * a refusal always says why. */
static void
assert_check_agrees (Fixture *f, const GDate *day, GArray *slots)
{
  gint64 from, until;
  char text[16];
  guint next = 0;

  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (day), g_date_get_month (day),
              g_date_get_day (day));
  from = local_unix (f->tz, text, "00:00");
  until = from + 26 * 3600; /* the next local midnight lies 23 to 25 hours on */
  for (gint64 t = from; t < until; t += 5 * 60)
    {
      g_autoptr (GError) error = NULL;
      gint64 end = 0;
      gboolean listed = next < slots->len && g_array_index (slots, LoketSlot, next).start == t;
      gboolean ok = loket_slots_check (query (f), t, &end, &error);
      GDate local_day;

      if (!listed && ok)
        {
          /* Past the local day: the next day's starts are not in this list. */
          g_autoptr (GDateTime) u = g_date_time_new_from_unix_utc (t);
          g_autoptr (GDateTime) l = g_date_time_to_timezone (u, f->tz);

          set_date (&local_day, g_date_time_get_year (l), g_date_time_get_month (l),
                    g_date_time_get_day_of_month (l));
          g_assert_cmpint (g_date_compare (&local_day, day), >, 0);
          continue;
        }
      g_assert_cmpint (ok, ==, listed);
      if (listed)
        g_assert_cmpint (end, ==, g_array_index (slots, LoketSlot, next++).end);
      else
        g_assert_true (error != NULL && error->message[0] != '\0');
    }
  g_assert_cmpuint (next, ==, slots->len);
}

static void
assert_day (Fixture *f, const DayExpect *expect)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GArray) slots = NULL;
  g_autofree char *starts = NULL;
  GDate day;

  parse_day (expect->day, &day);
  slots = loket_slots_free_on_day (query (f), &day);
  starts = format_starts (f->tz, slots);
  g_test_message ("%s: %s", expect->day, starts);
  if (g_str_equal (expect->starts, "closed"))
    {
      g_assert_cmpstr (starts, ==, "");
      g_assert_false (loket_slots_opens_on_day (query (f), &day));
    }
  else
    {
      g_assert_cmpstr (starts, ==, expect->starts);
      g_assert_true (loket_slots_opens_on_day (query (f), &day));
    }
  g_assert_cmpuint (loket_slots_count_free_on_day (query (f), &day), ==, slots->len);
  if (expect->utc != NULL)
    {
      g_autofree char *utc_starts = format_starts (utc, slots);

      g_assert_cmpstr (utc_starts, ==, expect->utc);
    }
  for (guint i = 0; i < slots->len; i++)
    {
      const LoketSlot *slot = &g_array_index (slots, LoketSlot, i);

      g_assert_cmpint (slot->free, >=, 1);
      g_assert_cmpint (slot->end, >=, slot->start + (gint64) f->query.duration_minutes * 60);
    }
  assert_check_agrees (f, &day, slots);
}

typedef struct
{
  const SlotCase *c;
  char *zone;
} TableTest;

static void
table_test_free (gpointer data)
{
  TableTest *t = data;

  g_free (t->zone);
  g_free (t);
}

static void
test_table_case (gconstpointer data)
{
  const TableTest *t = data;
  Fixture f = { 0 };

  fixture_set_up (&f, NULL);
  g_clear_pointer (&f.tz, g_time_zone_unref);
  f.tz = g_time_zone_new_identifier (t->zone);
  f.query.tz = f.tz;
  g_assert_cmpstr (g_time_zone_get_identifier (f.tz), ==, t->zone);
  fixture_load_case (&f, t->c);
  for (guint i = 0; i < G_N_ELEMENTS (t->c->days) && t->c->days[i].day != NULL; i++)
    assert_day (&f, &t->c->days[i]);
  fixture_tear_down (&f, NULL);
}

/* One test per case and zone: /slots/table/NAME/ZONE. */
static void
add_table_tests (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (slot_cases); i++)
    {
      g_auto (GStrv) zones = g_strsplit (slot_cases[i].zones != NULL ? slot_cases[i].zones
                                                                     : "Europe/Amsterdam",
                                         " ", -1);

      for (guint z = 0; zones[z] != NULL; z++)
        {
          TableTest *t = g_new0 (TableTest, 1);
          g_autofree char *zone_path = g_strdelimit (g_strdup (zones[z]), "/", '-');
          g_autofree char *path = g_strdup_printf ("/slots/table/%s/%s", slot_cases[i].name,
                                                   zone_path);

          t->c = &slot_cases[i];
          t->zone = g_strdup (zones[z]);
          g_test_add_data_func_full (path, t, test_table_case, table_test_free);
        }
    }
}

/* ---- parse_clock ---- */

typedef struct
{
  const char *name;
  const char *input;
  int minutes;
} ClockCase;

static const ClockCase clock_cases[] = {
  { "08-30", "08:30", 510 },
  { "8-30-one-digit-hour", "8:30", 510 },
  { "midnight", "00:00", 0 },
  { "last-minute", "23:59", 1439 },
  { "17-00", "17:00", 1020 },
  { "24-00-invalid", "24:00", -1 },
  { "one-digit-minutes", "08:3", -1 },
  { "minutes-60", "08:60", -1 },
  { "three-digit-hour", "008:30", -1 },
  { "no-colon", "0830", -1 },
  { "dot", "08.30", -1 },
  { "seconds", "08:30:00", -1 },
  { "sign", "+8:30", -1 },
  { "trailing-space", "08:30 ", -1 },
  { "leading-space", " 8:30", -1 },
  { "empty-hour", ":30", -1 },
  { "empty", "", -1 },
};

static void
test_parse_clock (gconstpointer data)
{
  const ClockCase *c = data;

  g_assert_cmpint (loket_slots_parse_clock (c->input), ==, c->minutes);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_table_tests ();
  for (gsize i = 0; i < G_N_ELEMENTS (clock_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/slots/parse-clock/", clock_cases[i].name, NULL);

      g_test_add_data_func (path, &clock_cases[i], test_parse_clock);
    }

  return g_test_run ();
}
