#pragma once

#include <glib.h>

#include "loket-workdays.h"

G_BEGIN_DECLS

/* Termijnbewaking: deadlines of cases and callbacks in working days, in a location's zone.
 *
 * All moments are Unix seconds (UTC); days are reasoned in the local calendar of the zone
 * (Europe/Amsterdam or Europe/Brussels), so a case opened at 23:30 local on a Friday is a
 * Friday case whatever UTC says.  The workdays must hold the holidays of every year the
 * arithmetic can reach (the opening year and the next one or two).
 *
 * The rules:
 * - Day 1 is the first working day after the opening day; the deadline is the end (local
 *   23:59:59) of working day N, N being the case type's maximum lead time.
 * - Suspension (opschorting, waiting for the customer) is a list of periods [from, until).  A
 *   working day whose local day (00:00 up to the next 00:00) overlaps a period, however
 *   briefly, does not count; a period ending exactly at local midnight leaves the day after
 *   it alone, and an empty one (until == from) covers nothing.  Overlapping periods count
 *   once.  Only days up to the deadline are looked at: a suspension that starts after the
 *   deadline has passed does not move it.
 * - An open suspension (until LOKET_DEADLINE_OPEN) runs until now (until the closing moment
 *   for a closed case): the deadline is where it would be if the customer answered now, so
 *   it moves on every working day the case waits, and the case reports that it is suspended.
 *   One dated after now (another desk's clock) has not begun: it covers nothing yet.  Pass
 *   the same now to the deadline, the days left and the classification.
 * - Working days left at now: the working days after today up to and including the
 *   deadline's day.  0 means the deadline is the end of today; a deadline on Monday leaves
 *   1 on the Friday and the weekend before.  Once the deadline has passed it is negative:
 *   minus the working days after the deadline's day up to and including today, at least
 *   -1 (the weekend after a Friday deadline is already -1, and so is the Monday).  So the
 *   number is negative exactly when the case is overdue.
 */

/* The end of a suspension that has not ended yet. */
#define LOKET_DEADLINE_OPEN G_MAXINT64
/* The longest lead time taken as data; more is a typing error in the case type. */
#define LOKET_DEADLINE_MAX_LEAD_DAYS 1000

typedef struct
{
  gint64 from;  /* Unix seconds */
  gint64 until; /* Unix seconds, exclusive, or LOKET_DEADLINE_OPEN */
} LoketDeadlineSuspension;

typedef struct
{
  gint64                         opened_at; /* Unix seconds */
  guint                          lead_days; /* the case type's maximum lead time, working days */
  const LoketDeadlineSuspension *suspensions;
  gsize                          n_suspensions;
  gint64                         closed_at; /* Unix seconds; 0 while the case is open */
} LoketDeadlineCase;

typedef struct
{
  GDate    date;      /* the deadline's local day */
  gint64   due_at;    /* Unix seconds of local 23:59:59 on that day */
  gboolean suspended; /* open, with an open suspension begun by now: the deadline assumes it
                       * ends now */
  gboolean closed;
} LoketDeadline;

typedef enum
{
  LOKET_DEADLINE_ON_TRACK,
  LOKET_DEADLINE_AT_RISK,   /* the deadline lies within the threshold's working days */
  LOKET_DEADLINE_OVERDUE,   /* also when suspended only after the deadline had passed */
  LOKET_DEADLINE_SUSPENDED, /* waiting for the customer; the clock is paused */
  LOKET_DEADLINE_CLOSED,
} LoketDeadlineState;

typedef enum
{
  LOKET_DEADLINE_ARCHIVE_BEWAREN,     /* keep: transfer to the archive on the date */
  LOKET_DEADLINE_ARCHIVE_VERNIETIGEN, /* destroy on the date */
} LoketDeadlineArchiveAction;

typedef struct
{
  GDate                      date;   /* local date the action is due */
  LoketDeadlineArchiveAction action;
} LoketDeadlineArchive;

/* Fails with LOKET_ERROR_INVALID for a lead time of 0 or over LOKET_DEADLINE_MAX_LEAD_DAYS,
 * and for a suspension that ends before it starts. */
gboolean           loket_deadline_compute      (const LoketWorkdays     *workdays,
                                                GTimeZone               *tz,
                                                const LoketDeadlineCase *kase,
                                                gint64                   now,
                                                LoketDeadline           *result,
                                                GError                 **error);
int                loket_deadline_days_left    (const LoketWorkdays *workdays,
                                                GTimeZone           *tz,
                                                const LoketDeadline *deadline,
                                                gint64               now);
/* Closed first, then overdue, suspended, at risk (days left <= threshold), on track. */
LoketDeadlineState loket_deadline_classify     (const LoketWorkdays *workdays,
                                                GTimeZone           *tz,
                                                const LoketDeadline *deadline,
                                                gint64               now,
                                                guint                threshold);
/* The end of the first working day after noted_at's local day: the callback norm. */
gint64             loket_deadline_callback_due (const LoketWorkdays *workdays,
                                                GTimeZone           *tz,
                                                gint64               noted_at);
/* closed_at's local date plus the retention years (29 February to 28 February in a common
 * year); action is "bewaren" or "vernietigen", anything else fails with LOKET_ERROR_INVALID. */
gboolean           loket_deadline_archive      (GTimeZone            *tz,
                                                gint64                closed_at,
                                                guint                 retention_years,
                                                const char           *action,
                                                LoketDeadlineArchive *result,
                                                GError              **error);

G_END_DECLS
