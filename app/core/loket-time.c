/* loket-time.c — local dates and times for display. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-time.h"

void
loket_time_local_date (GTimeZone *tz, gint64 unix_seconds, GDate *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  g_return_if_fail (tz != NULL && date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

void
loket_time_today (GTimeZone *tz, GDate *date)
{
  loket_time_local_date (tz, g_get_real_time () / G_USEC_PER_SEC, date);
}

char *
loket_time_format_clock (const char *iso_utc, GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (tz != NULL, NULL);

  if (iso_utc == NULL || *iso_utc == '\0')
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  if (utc == NULL)
    return g_strdup (iso_utc);
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%H:%M");
}

char *
loket_time_format_day (const GDate *date, GTimeZone *tz)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date) && tz != NULL, NULL);

  /* Noon exists on every day, also on the days the clocks change. */
  noon = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 12, 0, 0);
  /* Translators: a day in words, e.g. "Monday 23 November 2026"; the codes are those of
   * g_date_time_format(): %A weekday, %-e day without padding, %B month, %Y year. */
  /* xgettext:no-c-format */
  return g_date_time_format (noon, _("%A %-e %B %Y"));
}

char *
loket_time_format_iso_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}
