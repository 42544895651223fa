#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates and times as desk staff see them: local to a location's zone, DST-safe. */

/* Today's date in a zone. */
void  loket_time_today        (GTimeZone *tz, GDate *date);
/* A local date from a moment (Unix seconds) in a zone. */
void  loket_time_local_date   (GTimeZone *tz, gint64 unix_seconds, GDate *date);
/* "09:10" in the zone for a wire-format UTC time; "" for an empty one, the text itself when it
 * cannot be read. */
char *loket_time_format_clock (const char *iso_utc, GTimeZone *tz);
/* The day in words in the user's language, e.g. "maandag 23 november 2026". */
char *loket_time_format_day   (const GDate *date, GTimeZone *tz);

/* "2026-11-23": a local date as the data model stores it. */
char *loket_time_format_iso_date (const GDate *date);

G_END_DECLS
