/* loket-workdays.c: working days for lead times (doorlooptijden) and callback deadlines.
 *
 * Saturday and Sunday are never working days; on top of that a set of holidays, kept as Julian
 * day numbers so that a lookup is one hash probe whatever the date's representation. */

#include "config.h"

#include "loket-workdays.h"

struct _LoketWorkdays
{
  GHashTable *holidays; /* set of Julian day numbers (guint) */
};

LoketWorkdays *
loket_workdays_new (void)
{
  LoketWorkdays *self = g_new0 (LoketWorkdays, 1);

  self->holidays = g_hash_table_new (g_direct_hash, g_direct_equal);

  return self;
}

void
loket_workdays_free (LoketWorkdays *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_free (self);
}

void
loket_workdays_add_holiday (LoketWorkdays *self, const GDate *date)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (date != NULL && g_date_valid (date));

  g_hash_table_add (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

static void
add_dmy (LoketWorkdays *self, GDateDay day, GDateMonth month, GDateYear year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  loket_workdays_add_holiday (self, &date);
}

/* Adds the day that lies offset days after easter. */
static void
add_after_easter (LoketWorkdays *self, const GDate *easter, guint offset)
{
  GDate date = *easter;

  g_date_add_days (&date, offset);
  loket_workdays_add_holiday (self, &date);
}

/* Koningsdag moves to the Saturday before when 27 April is a Sunday. */
static void
add_koningsdag (LoketWorkdays *self, GDateYear year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 27, G_DATE_APRIL, year);
  if (g_date_get_weekday (&date) == G_DATE_SUNDAY)
    g_date_subtract_days (&date, 1);
  loket_workdays_add_holiday (self, &date);
}

void
loket_workdays_add_dutch_holidays (LoketWorkdays *self, int year)
{
  GDate easter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (year >= 1583 && year <= G_MAXUINT16);

  loket_workdays_easter (year, &easter);

  add_dmy (self, 1, G_DATE_JANUARY, (GDateYear) year);
  /* Goede Vrijdag is deliberately absent: it is not a general day off for municipalities. */
  add_after_easter (self, &easter, 0);
  add_after_easter (self, &easter, 1);
  add_koningsdag (self, (GDateYear) year);
  /* Bevrijdingsdag is a paid day off only once every five years (the lustrum years). */
  if (year % 5 == 0)
    add_dmy (self, 5, G_DATE_MAY, (GDateYear) year);
  add_after_easter (self, &easter, 39);
  add_after_easter (self, &easter, 49);
  add_after_easter (self, &easter, 50);
  add_dmy (self, 25, G_DATE_DECEMBER, (GDateYear) year);
  add_dmy (self, 26, G_DATE_DECEMBER, (GDateYear) year);
}

gboolean
loket_workdays_is_working_day (const LoketWorkdays *self, const GDate *date)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (g_date_get_weekday (date) >= G_DATE_SATURDAY)
    return FALSE;

  return !g_hash_table_contains (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

void
loket_workdays_add (const LoketWorkdays *self, const GDate *start, guint n, GDate *result)
{
  GDate date;
  guint counted = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (result != NULL);

  date = *start;
  if (n == 0)
    {
      while (!loket_workdays_is_working_day (self, &date))
        g_date_add_days (&date, 1);
    }

  /* Step day by day: holidays are sparse and n is a lead time of days or weeks. */
  while (counted < n)
    {
      g_date_add_days (&date, 1);
      if (loket_workdays_is_working_day (self, &date))
        counted++;
    }

  *result = date;
}

/* Working days in (from, to]; from must not lie after to. */
static int
count_working_days (const LoketWorkdays *self, const GDate *from, const GDate *to)
{
  GDate date = *from;
  int count = 0;

  while (g_date_compare (&date, to) < 0)
    {
      g_date_add_days (&date, 1);
      if (loket_workdays_is_working_day (self, &date))
        count++;
    }

  return count;
}

int
loket_workdays_between (const LoketWorkdays *self, const GDate *start, const GDate *end)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (start != NULL && g_date_valid (start), 0);
  g_return_val_if_fail (end != NULL && g_date_valid (end), 0);

  if (g_date_compare (end, start) < 0)
    return -count_working_days (self, end, start);

  return count_working_days (self, start, end);
}

/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
void
loket_workdays_easter (int year, GDate *result)
{
  int a, b, c, d, e, f, g, h, i, k, l, m, month, day;

  g_return_if_fail (year >= 1583 && year <= G_MAXUINT16);
  g_return_if_fail (result != NULL);

  a = year % 19;
  b = year / 100;
  c = year % 100;
  d = b / 4;
  e = b % 4;
  f = (b + 8) / 25;
  g = (b - f + 1) / 3;
  h = (19 * a + b - d - g + 15) % 30;
  i = c / 4;
  k = c % 4;
  l = (32 + 2 * e + 2 * i - h - k) % 7;
  m = (a + 11 * h + 22 * l) / 451;
  month = (h + l - 7 * m + 114) / 31;
  day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (result, 1);
  g_date_set_dmy (result, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}
