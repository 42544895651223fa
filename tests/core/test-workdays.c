/* Unit tests for loket-workdays: Easter, the Dutch holidays and working-day arithmetic. */

#include "config.h"

#include <glib.h>

#include "loket-workdays.h"

typedef struct
{
  int year, month, day;
} Ymd;

static void
set_date (GDate *date, Ymd ymd)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) ymd.day, (GDateMonth) ymd.month, (GDateYear) ymd.year);
}

static void
assert_date (const GDate *date, Ymd expected)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, expected.year);
  g_assert_cmpint (g_date_get_month (date), ==, expected.month);
  g_assert_cmpint (g_date_get_day (date), ==, expected.day);
}

/* Workdays with the Dutch holidays of 2024–2031 loaded. */
static LoketWorkdays *
dutch_workdays (void)
{
  LoketWorkdays *w = loket_workdays_new ();

  for (int year = 2024; year <= 2031; year++)
    loket_workdays_add_dutch_holidays (w, year);

  return w;
}

/* ---- Easter ---- */

typedef struct
{
  const char *name;
  int year;
  Ymd easter;
} EasterCase;

static const EasterCase easter_cases[] = {
  { "2024", 2024, { 2024, 3, 31 } },
  { "2025", 2025, { 2025, 4, 20 } },
  { "2026", 2026, { 2026, 4, 5 } },
  { "2027", 2027, { 2027, 3, 28 } },
  { "2028", 2028, { 2028, 4, 16 } },
  { "2000", 2000, { 2000, 4, 23 } },
  { "2008-early", 2008, { 2008, 3, 23 } },
  { "1818-earliest-possible", 1818, { 1818, 3, 22 } },
  { "2038-latest-possible", 2038, { 2038, 4, 25 } },
};

static void
test_easter (gconstpointer data)
{
  const EasterCase *c = data;
  GDate easter;

  loket_workdays_easter (c->year, &easter);
  assert_date (&easter, c->easter);
  g_assert_cmpint (g_date_get_weekday (&easter), ==, G_DATE_SUNDAY);
}

/* ---- Which days are working days ---- */

typedef struct
{
  const char *name;
  Ymd date;
  gboolean working;
} DayCase;

static const DayCase day_cases[] = {
  { "ordinary-tuesday", { 2026, 3, 10 }, TRUE },
  { "saturday", { 2026, 3, 14 }, FALSE },
  { "sunday", { 2026, 3, 15 }, FALSE },
  { "nieuwjaarsdag-2026", { 2026, 1, 1 }, FALSE },
  { "day-after-nieuwjaarsdag", { 2026, 1, 2 }, TRUE },
  { "goede-vrijdag-is-a-working-day", { 2026, 4, 3 }, TRUE },
  { "tweede-paasdag-2026", { 2026, 4, 6 }, FALSE },
  { "tweede-paasdag-2024", { 2024, 4, 1 }, FALSE },
  { "tweede-paasdag-2025", { 2025, 4, 21 }, FALSE },
  { "koningsdag-2026-monday", { 2026, 4, 27 }, FALSE },
  { "koningsdag-2028-thursday", { 2028, 4, 27 }, FALSE },
  /* 27 April 2025 is a Sunday: Koningsdag moves to Saturday 26, never to Monday 28. */
  { "koningsdag-2025-moved-to-saturday", { 2025, 4, 26 }, FALSE },
  { "koningsdag-2025-not-moved-to-monday", { 2025, 4, 28 }, TRUE },
  { "koningsdag-2025-friday-before", { 2025, 4, 25 }, TRUE },
  { "bevrijdingsdag-lustrum-2025", { 2025, 5, 5 }, FALSE },
  { "bevrijdingsdag-not-lustrum-2026", { 2026, 5, 5 }, TRUE },
  { "bevrijdingsdag-not-lustrum-2027", { 2027, 5, 5 }, TRUE },
  { "hemelvaart-2026", { 2026, 5, 14 }, FALSE },
  { "hemelvaart-2025", { 2025, 5, 29 }, FALSE },
  { "friday-after-hemelvaart", { 2026, 5, 15 }, TRUE },
  { "tweede-pinksterdag-2026", { 2026, 5, 25 }, FALSE },
  { "tweede-pinksterdag-2025", { 2025, 6, 9 }, FALSE },
  { "eerste-kerstdag-2026", { 2026, 12, 25 }, FALSE },
  { "tweede-kerstdag-2025", { 2025, 12, 26 }, FALSE },
  { "oudejaarsdag-is-a-working-day", { 2026, 12, 31 }, TRUE },
  { "nieuwjaarsdag-2027", { 2027, 1, 1 }, FALSE },
  { "bevrijdingsdag-lustrum-2030-sunday", { 2030, 5, 5 }, FALSE },
  { "monday-after-bevrijdingsdag-2030", { 2030, 5, 6 }, TRUE },
};

static void
test_working_day (gconstpointer data)
{
  const DayCase *c = data;
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  GDate date;

  set_date (&date, c->date);
  g_assert_cmpint (loket_workdays_is_working_day (w, &date), ==, c->working);
}

static void
test_weekend_only_without_holidays (void)
{
  g_autoptr (LoketWorkdays) w = loket_workdays_new ();
  GDate date;

  set_date (&date, (Ymd) { 2026, 1, 1 });
  g_assert_true (loket_workdays_is_working_day (w, &date));
  set_date (&date, (Ymd) { 2026, 1, 3 });
  g_assert_false (loket_workdays_is_working_day (w, &date));
}

static void
test_custom_holiday (void)
{
  g_autoptr (LoketWorkdays) w = loket_workdays_new ();
  GDate date, monday;

  /* A municipality's own closing day (e.g. the day after Hemelvaart) comes in this way. */
  set_date (&date, (Ymd) { 2026, 5, 15 });
  set_date (&monday, (Ymd) { 2026, 5, 18 });
  loket_workdays_add_holiday (w, &date);
  loket_workdays_add_holiday (w, &date); /* adding twice is harmless */
  g_assert_false (loket_workdays_is_working_day (w, &date));
  g_assert_true (loket_workdays_is_working_day (w, &monday));
}

/* ---- Arithmetic ---- */

typedef struct
{
  const char *name;
  Ymd start;
  guint n;
  Ymd result;
} AddCase;

static const AddCase add_cases[] = {
  { "zero-on-working-day", { 2026, 3, 4 }, 0, { 2026, 3, 4 } },
  { "zero-on-saturday", { 2026, 3, 7 }, 0, { 2026, 3, 9 } },
  { "zero-on-tweede-paasdag", { 2026, 4, 6 }, 0, { 2026, 4, 7 } },
  { "one-within-week", { 2026, 3, 3 }, 1, { 2026, 3, 4 } },
  { "one-over-weekend", { 2026, 3, 6 }, 1, { 2026, 3, 9 } },
  { "one-from-saturday", { 2026, 3, 7 }, 1, { 2026, 3, 9 } },
  { "five-is-a-week", { 2026, 3, 2 }, 5, { 2026, 3, 9 } },
  { "over-pasen", { 2026, 4, 2 }, 2, { 2026, 4, 7 } },
  { "over-hemelvaart", { 2026, 5, 13 }, 1, { 2026, 5, 15 } },
  { "over-koningsdag", { 2026, 4, 24 }, 1, { 2026, 4, 28 } },
  { "over-kerst", { 2026, 12, 24 }, 1, { 2026, 12, 28 } },
  { "over-new-year", { 2026, 12, 31 }, 1, { 2027, 1, 4 } },
  { "lead-time-3-over-pinksteren", { 2026, 5, 22 }, 3, { 2026, 5, 28 } },
  { "twenty", { 2026, 3, 2 }, 20, { 2026, 3, 30 } },
};

static void
test_add (gconstpointer data)
{
  const AddCase *c = data;
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  GDate start, result;

  set_date (&start, c->start);
  loket_workdays_add (w, &start, c->n, &result);
  assert_date (&result, c->result);
}

typedef struct
{
  const char *name;
  Ymd start, end;
  int days;
} BetweenCase;

static const BetweenCase between_cases[] = {
  { "same-day", { 2026, 3, 4 }, { 2026, 3, 4 }, 0 },
  { "next-day", { 2026, 3, 4 }, { 2026, 3, 5 }, 1 },
  { "friday-to-monday", { 2026, 3, 6 }, { 2026, 3, 9 }, 1 },
  { "saturday-to-sunday", { 2026, 3, 7 }, { 2026, 3, 8 }, 0 },
  { "full-week", { 2026, 3, 2 }, { 2026, 3, 9 }, 5 },
  { "over-pasen", { 2026, 4, 2 }, { 2026, 4, 7 }, 2 },
  { "over-kerst-and-new-year", { 2026, 12, 24 }, { 2027, 1, 4 }, 5 },
  { "backwards-over-pasen", { 2026, 4, 7 }, { 2026, 4, 2 }, -2 },
  { "backwards-friday", { 2026, 3, 9 }, { 2026, 3, 6 }, -1 },
  { "whole-year-2026", { 2025, 12, 31 }, { 2026, 12, 31 }, 255 },
};

static void
test_between (gconstpointer data)
{
  const BetweenCase *c = data;
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  GDate start, end;

  set_date (&start, c->start);
  set_date (&end, c->end);
  g_assert_cmpint (loket_workdays_between (w, &start, &end), ==, c->days);
}

/* add and between are inverses for every start that is a working day. */
static void
test_add_between_agree (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  GDate start, result;

  set_date (&start, (Ymd) { 2026, 3, 30 });
  for (int d = 0; d < 60; d++, g_date_add_days (&start, 1))
    {
      if (!loket_workdays_is_working_day (w, &start))
        continue;
      for (guint n = 0; n <= 25; n++)
        {
          loket_workdays_add (w, &start, n, &result);
          g_assert_true (loket_workdays_is_working_day (w, &result));
          g_assert_cmpint (loket_workdays_between (w, &start, &result), ==, (int) n);
          g_assert_cmpint (loket_workdays_between (w, &result, &start), ==, -(int) n);
        }
    }
}

#define ADD_CASES(prefix, table, func)                                                            \
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)                                                \
    {                                                                                             \
      g_autofree char *path = g_strconcat (prefix, table[i].name, NULL);                          \
      g_test_add_data_func (path, &table[i], func);                                               \
    }

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD_CASES ("/workdays/easter/", easter_cases, test_easter);
  ADD_CASES ("/workdays/is-working-day/", day_cases, test_working_day);
  ADD_CASES ("/workdays/add/", add_cases, test_add);
  ADD_CASES ("/workdays/between/", between_cases, test_between);
  g_test_add_func ("/workdays/is-working-day/weekend-only-without-holidays",
                   test_weekend_only_without_holidays);
  g_test_add_func ("/workdays/is-working-day/custom-holiday", test_custom_holiday);
  g_test_add_func ("/workdays/add-between-agree", test_add_between_agree);

  return g_test_run ();
}
