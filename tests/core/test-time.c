/* Local dates and times for display, in Europe/Amsterdam and Europe/Brussels. */
#include "loket-time.h"

static void
test_clock_across_dst (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GTimeZone) brussels = g_time_zone_new_identifier ("Europe/Brussels");
  struct { const char *utc; const char *local; } cases[] = {
    { "2026-07-01T07:00:00Z", "09:00" },   /* summer time, UTC+2 */
    { "2026-12-01T08:00:00Z", "09:00" },   /* winter time, UTC+1 */
    { "2026-03-29T00:59:00Z", "01:59" },   /* the last minute before the clocks go forward */
    { "2026-03-29T01:00:00Z", "03:00" },   /* … and the first after */
    { "2026-10-25T00:30:00Z", "02:30" },   /* the first 02:30 of the autumn night */
    { "2026-10-25T01:30:00Z", "02:30" },   /* … and the second */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = loket_time_format_clock (cases[i].utc, amsterdam);
      g_autofree char *b = loket_time_format_clock (cases[i].utc, brussels);

      g_assert_cmpstr (a, ==, cases[i].local);
      g_assert_cmpstr (b, ==, cases[i].local);
    }
}

static void
test_clock_bad_input (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *empty = loket_time_format_clock ("", tz);
  g_autofree char *garbage = loket_time_format_clock ("gisteren", tz);

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (garbage, ==, "gisteren");
}

static void
test_local_date_at_midnight (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) late = g_date_time_new_from_iso8601 ("2026-11-22T23:30:00Z", NULL);
  GDate date;

  /* 23:30 UTC on Sunday is already Monday 00:30 at the desk. */
  loket_time_local_date (tz, g_date_time_to_unix (late), &date);
  g_assert_cmpint (g_date_get_day (&date), ==, 23);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_NOVEMBER);
}

static void
test_day_in_words (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  GDate date;
  g_autofree char *words = NULL;
  g_autofree char *spring = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 3, G_DATE_NOVEMBER, 2026);
  words = loket_time_format_day (&date, tz);
  /* The tests run in the C locale; no padding before a one-digit day. */
  g_assert_cmpstr (words, ==, "Tuesday 3 November 2026");
  g_date_set_dmy (&date, 29, G_DATE_MARCH, 2026);
  spring = loket_time_format_day (&date, tz);
  g_assert_cmpstr (spring, ==, "Sunday 29 March 2026");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time/clock-across-dst", test_clock_across_dst);
  g_test_add_func ("/time/clock-bad-input", test_clock_bad_input);
  g_test_add_func ("/time/local-date-at-midnight", test_local_date_at_midnight);
  g_test_add_func ("/time/day-in-words", test_day_in_words);
  return g_test_run ();
}
