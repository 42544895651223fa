#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Local days and wall-clock times in a zone, as the slot engine (loket-slots.c) needs them:
 * DST-safe, and fast on the days away from a change of offset. */

/* Midnight UTC at the start of a calendar date, in Unix seconds. */
gint64   loket_slot_clock_day_start       (const GDate *day);
/* The local calendar date of a Unix time in tz; FALSE outside GDateTime's range. */
gboolean loket_slot_clock_local_date      (GTimeZone *tz, gint64 unix_time, GDate *day);
/* The Unix time of a local wall-clock time (minutes after midnight) on a date; FALSE for a time
 * that does not exist that day (the hour skipped when summer time starts).  In the hour that
 * repeats when summer time ends it is the later one, as GDateTime gives it. */
gboolean loket_slot_clock_wall_to_unix    (GTimeZone *tz, const GDate *day, int minute,
                                           gint64 *unix_time);
/* The Unix time of local midnight when the zone keeps one UTC offset from two days before the
 * date until two days after it, so that every wall-clock time of the day is that midnight plus
 * whole minutes; FALSE on the days around a change of offset. */
gboolean loket_slot_clock_steady_midnight (GTimeZone *tz, const GDate *day, gint64 *midnight);

G_END_DECLS
