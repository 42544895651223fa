#pragma once

/* What the slot engine's unit tests share (test-slots.c, test-slots-check.c): a fixture that
 * holds rules, closures and bookings in arrays and hands the engine a query over them, in
 * Europe/Amsterdam; weekday masks; dates. */

#include <glib.h>

#include "loket-slots.h"

#define MON (1 << 0)
#define TUE (1 << 1)
#define WED (1 << 2)
#define THU (1 << 3)
#define FRI (1 << 4)
#define SUN (1 << 6)
#define WORKWEEK 0x1f
#define EVERY_DAY 0x7f

/* Dates used in the tests: 1–7 June 2026 runs Monday to Sunday. */

typedef struct
{
  GTimeZone *tz;
  GArray *rules;    /* LoketSlotRule */
  GArray *closures; /* LoketSlotClosure */
  GArray *bookings; /* LoketSlotBooking */
  LoketSlotQuery query;
} Fixture;

/* A desk query for a 30-minute visit, with empty arrays. */
void                  fixture_set_up    (Fixture *f, gconstpointer data);
void                  fixture_tear_down (Fixture *f, gconstpointer data);
/* The query over the arrays as they are now (they may have grown since the last call). */
const LoketSlotQuery *query             (Fixture *f);
void                  set_date          (GDate *date, int y, int m, int d);
/* Appends a rule without date bounds; returns it for further settings (valid until the next
 * add_rule). */
LoketSlotRule        *add_rule          (Fixture *f, guint8 weekdays, const char *from,
                                         const char *to, int slot_minutes, int places,
                                         int public_places);
