/* loket-deadline.c: deadlines of cases and callbacks (termijnbewaking); the rules are in the
 * header.
 *
 * Suspensions are turned into runs of local days (Julian day numbers) once, so that walking
 * the calendar compares integers instead of building a GDateTime for every day. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-deadline.h"
#include "loket-error.h"

/* The local days a suspension touches, both inclusive. */
typedef struct
{
  guint32 first;
  guint32 last;
} DayRun;

static void
local_date (GTimeZone *tz, gint64 unix_seconds, GDate *date)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr (GDateTime) local = NULL;

  /* Every moment read from the wire lies in years 1–9999; anything else is a caller's bug. */
  g_assert (utc != NULL);
  local = g_date_time_to_timezone (utc, tz);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

/* Local 23:59:59 exists once on every day: the clocks change at night, never at midnight. */
static gint64
end_of_day (GTimeZone *tz, const GDate *date)
{
  g_autoptr (GDateTime) end = g_date_time_new (tz, g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date),
                                               23, 59, 59);

  return g_date_time_to_unix (end);
}

static gboolean
check_case (const LoketDeadlineCase *kase, GError **error)
{
  if (kase->lead_days == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("The case type has no maximum lead time."));
      return FALSE;
    }
  if (kase->lead_days > LOKET_DEADLINE_MAX_LEAD_DAYS)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("A maximum lead time of %u working days is too long."), kase->lead_days);
      return FALSE;
    }
  for (gsize i = 0; i < kase->n_suspensions; i++)
    {
      if (kase->suspensions[i].until < kase->suspensions[i].from)
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               _("A suspension of this case ends before it starts."));
          return FALSE;
        }
    }

  return TRUE;
}

/* The days each suspension touches; an open one runs until `until` (now or the closing). */
static GArray *
suspended_runs (GTimeZone *tz, const LoketDeadlineCase *kase, gint64 until, gboolean *open)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (DayRun));

  *open = FALSE;
  for (gsize i = 0; i < kase->n_suspensions; i++)
    {
      const LoketDeadlineSuspension *s = &kase->suspensions[i];
      gint64 end = s->until;
      GDate first, last;
      DayRun run;

      if (end == LOKET_DEADLINE_OPEN)
        {
          /* One dated ahead (another desk's clock) waits until its moment has come. */
          *open = *open || s->from <= until;
          end = MAX (until, s->from);
        }
      if (end == s->from)
        continue;
      local_date (tz, s->from, &first);
      local_date (tz, end - 1, &last); /* until is exclusive */
      run.first = g_date_get_julian (&first);
      run.last = g_date_get_julian (&last);
      g_array_append_val (runs, run);
    }

  return runs;
}

/* The last day of a suspension that touches day, or 0 when none does.  Overlapping runs need
 * no merging: the walk lands on the next day and finds the other run there. */
static guint32
suspended_until (const GArray *runs, guint32 day)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const DayRun *run = &g_array_index (runs, DayRun, i);

      if (run->first <= day && day <= run->last)
        return run->last;
    }

  return 0;
}

/* Walks the days after start and stops on the lead_days-th working day outside suspensions. */
static void
walk_working_days (const LoketWorkdays *workdays, const GArray *runs, const GDate *start,
                   guint lead_days, GDate *result)
{
  GDate date = *start;
  guint counted = 0;

  while (counted < lead_days)
    {
      guint32 skip_to;

      g_date_add_days (&date, 1);
      skip_to = suspended_until (runs, g_date_get_julian (&date));
      if (skip_to != 0)
        g_date_set_julian (&date, skip_to); /* nothing inside a suspension counts */
      else if (loket_workdays_is_working_day (workdays, &date))
        counted++;
    }

  *result = date;
}

gboolean
loket_deadline_compute (const LoketWorkdays *workdays, GTimeZone *tz,
                        const LoketDeadlineCase *kase, gint64 now, LoketDeadline *result,
                        GError **error)
{
  g_autoptr (GArray) runs = NULL;
  GDate opened;
  gboolean open_suspension;

  g_return_val_if_fail (workdays != NULL, FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (kase != NULL, FALSE);
  g_return_val_if_fail (kase->suspensions != NULL || kase->n_suspensions == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_case (kase, error))
    return FALSE;

  runs = suspended_runs (tz, kase, kase->closed_at != 0 ? kase->closed_at : now,
                         &open_suspension);
  local_date (tz, kase->opened_at, &opened);
  walk_working_days (workdays, runs, &opened, kase->lead_days, &result->date);
  result->due_at = end_of_day (tz, &result->date);
  result->closed = kase->closed_at != 0;
  result->suspended = open_suspension && !result->closed;

  return TRUE;
}

int
loket_deadline_days_left (const LoketWorkdays *workdays, GTimeZone *tz,
                          const LoketDeadline *deadline, gint64 now)
{
  GDate today;

  g_return_val_if_fail (workdays != NULL, 0);
  g_return_val_if_fail (tz != NULL, 0);
  g_return_val_if_fail (deadline != NULL && g_date_valid (&deadline->date), 0);

  local_date (tz, now, &today);
  if (now <= deadline->due_at)
    return loket_workdays_between (workdays, &today, &deadline->date);

  /* Overdue: never 0, so that the sign alone tells it, also on the weekend after. */
  return -MAX (1, loket_workdays_between (workdays, &deadline->date, &today));
}

LoketDeadlineState
loket_deadline_classify (const LoketWorkdays *workdays, GTimeZone *tz,
                         const LoketDeadline *deadline, gint64 now, guint threshold)
{
  int left;

  g_return_val_if_fail (deadline != NULL, LOKET_DEADLINE_ON_TRACK);

  if (deadline->closed)
    return LOKET_DEADLINE_CLOSED;

  left = loket_deadline_days_left (workdays, tz, deadline, now);
  if (left < 0)
    return LOKET_DEADLINE_OVERDUE;
  if (deadline->suspended)
    return LOKET_DEADLINE_SUSPENDED;
  if ((guint) left <= threshold)
    return LOKET_DEADLINE_AT_RISK;

  return LOKET_DEADLINE_ON_TRACK;
}

gint64
loket_deadline_callback_due (const LoketWorkdays *workdays, GTimeZone *tz, gint64 noted_at)
{
  GDate noted, due;

  g_return_val_if_fail (workdays != NULL, 0);
  g_return_val_if_fail (tz != NULL, 0);

  local_date (tz, noted_at, &noted);
  loket_workdays_add (workdays, &noted, 1, &due);

  return end_of_day (tz, &due);
}

static gboolean
parse_archive_action (const char *action, LoketDeadlineArchiveAction *result, GError **error)
{
  if (g_strcmp0 (action, "bewaren") == 0)
    *result = LOKET_DEADLINE_ARCHIVE_BEWAREN;
  else if (g_strcmp0 (action, "vernietigen") == 0)
    *result = LOKET_DEADLINE_ARCHIVE_VERNIETIGEN;
  else
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("Unknown archive action “%s”: use bewaren or vernietigen."),
                   action != NULL ? action : "");
      return FALSE;
    }

  return TRUE;
}

gboolean
loket_deadline_archive (GTimeZone *tz, gint64 closed_at, guint retention_years,
                        const char *action, LoketDeadlineArchive *result, GError **error)
{
  GDate closed;

  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_archive_action (action, &result->action, error))
    return FALSE;

  local_date (tz, closed_at, &closed);
  if (retention_years > 9999u - g_date_get_year (&closed))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("A retention period of %u years is too long."), retention_years);
      return FALSE;
    }
  /* g_date_add_years() turns 29 February into 28 February in a common year. */
  g_date_add_years (&closed, retention_years);
  result->date = closed;

  return TRUE;
}
