/* Unit tests for loket-deadline: case deadlines in working days with weekends, holidays,
 * suspension and the DST changes; working days left, the classification, archive dates and
 * the callback norm. */

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "loket-deadline.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-time.h"

#define AMS "Europe/Amsterdam"
#define BRU "Europe/Brussels"

#define ON_TRACK  LOKET_DEADLINE_ON_TRACK
#define AT_RISK   LOKET_DEADLINE_AT_RISK
#define OVERDUE   LOKET_DEADLINE_OVERDUE
#define SUSPENDED LOKET_DEADLINE_SUSPENDED
#define CLOSED    LOKET_DEADLINE_CLOSED

static gint64
utc (const char *iso)
{
  gint64 seconds = 0;

  g_assert_true (loket_protocol_parse_time (iso, &seconds));
  return seconds;
}

static void
assert_moment (gint64 seconds, const char *expected)
{
  g_autofree char *text = loket_protocol_format_time (seconds);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_date (const GDate *date, const char *expected)
{
  g_autofree char *text = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                           g_date_get_month (date), g_date_get_day (date));

  g_assert_cmpstr (text, ==, expected);
}

static void
set_date (GDate *date, const char *iso)
{
  unsigned year, month, day;

  g_assert_cmpint (sscanf (iso, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (g_date_valid (date));
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

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);
  return tz;
}

/* ---- The table: deadline, days left and state (threshold 2) at a moment ---- */

#define THRESHOLD 2

typedef struct
{
  const char *from;
  const char *until; /* NULL: still suspended */
} Period;

typedef struct
{
  const char *name;
  const char *zone;
  const char *opened;
  guint lead;
  const char *holiday; /* a configured extra holiday or NULL */
  Period suspensions[2]; /* a NULL from ends the list */
  const char *now;
  const char *due;
  int left;
  LoketDeadlineState state;
} TableCase;

#define NONE { { NULL, NULL } }

static const TableCase table_cases[] = {
  /* Weekends */
  { "weekday", AMS, "2026-03-03T09:00:00Z", 1, NULL, NONE,
    "2026-03-03T09:00:00Z", "2026-03-04T22:59:59Z", 1, AT_RISK },
  { "friday-over-weekend", AMS, "2026-03-06T12:00:00Z", 1, NULL, NONE,
    "2026-03-06T12:00:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "opened-on-saturday", AMS, "2026-03-07T10:00:00Z", 1, NULL, NONE,
    "2026-03-07T10:00:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "opened-on-sunday", AMS, "2026-03-08T10:00:00Z", 1, NULL, NONE,
    "2026-03-08T10:00:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "five-is-a-week", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-02T08:00:00Z", "2026-03-09T22:59:59Z", 5, ON_TRACK },
  { "ten-is-two-weeks", AMS, "2026-03-02T08:00:00Z", 10, NULL, NONE,
    "2026-03-02T08:00:00Z", "2026-03-16T22:59:59Z", 10, ON_TRACK },
  /* Dutch holidays */
  { "tweede-paasdag-2026", AMS, "2026-04-03T08:00:00Z", 1, NULL, NONE,
    "2026-04-03T08:00:00Z", "2026-04-07T21:59:59Z", 1, AT_RISK },
  { "koningsdag-2026-monday", AMS, "2026-04-24T08:00:00Z", 1, NULL, NONE,
    "2026-04-24T08:00:00Z", "2026-04-28T21:59:59Z", 1, AT_RISK },
  /* 27 April 2025 is a Sunday: Koningsdag is Saturday 26, so Monday 28 is a working day. */
  { "koningsdag-2025-on-sunday", AMS, "2025-04-25T08:00:00Z", 1, NULL, NONE,
    "2025-04-25T08:00:00Z", "2025-04-28T21:59:59Z", 1, AT_RISK },
  { "hemelvaart-2026", AMS, "2026-05-13T08:00:00Z", 1, NULL, NONE,
    "2026-05-13T08:00:00Z", "2026-05-15T21:59:59Z", 1, AT_RISK },
  { "tweede-pinksterdag-2026", AMS, "2026-05-22T08:00:00Z", 1, NULL, NONE,
    "2026-05-22T08:00:00Z", "2026-05-26T21:59:59Z", 1, AT_RISK },
  { "kerst-2026", AMS, "2026-12-24T10:00:00Z", 2, NULL, NONE,
    "2026-12-24T10:00:00Z", "2026-12-29T22:59:59Z", 2, AT_RISK },
  { "nieuwjaarsdag-2027", AMS, "2026-12-31T10:00:00Z", 1, NULL, NONE,
    "2026-12-31T10:00:00Z", "2027-01-04T22:59:59Z", 1, AT_RISK },
  /* Configured extra holidays */
  { "configured-holiday", AMS, "2026-03-02T08:00:00Z", 2, "2026-03-04", NONE,
    "2026-03-02T08:00:00Z", "2026-03-05T22:59:59Z", 2, AT_RISK },
  { "configured-day-after-hemelvaart", AMS, "2026-05-13T08:00:00Z", 1, "2026-05-15", NONE,
    "2026-05-13T08:00:00Z", "2026-05-18T21:59:59Z", 1, AT_RISK },
  /* The DST changes: 29 March and 25 October 2026, 28 March (Easter) and 31 October 2027 */
  { "dst-2026-03-friday-before", AMS, "2026-03-26T09:00:00Z", 1, NULL, NONE,
    "2026-03-26T09:00:00Z", "2026-03-27T22:59:59Z", 1, AT_RISK },
  { "dst-2026-03-monday-after", AMS, "2026-03-27T09:00:00Z", 1, NULL, NONE,
    "2026-03-27T09:00:00Z", "2026-03-30T21:59:59Z", 1, AT_RISK },
  { "dst-2026-03-opened-on-the-sunday", AMS, "2026-03-29T01:30:00Z", 1, NULL, NONE,
    "2026-03-29T01:30:00Z", "2026-03-30T21:59:59Z", 1, AT_RISK },
  { "dst-2026-10-friday-before", AMS, "2026-10-22T09:00:00Z", 1, NULL, NONE,
    "2026-10-22T09:00:00Z", "2026-10-23T21:59:59Z", 1, AT_RISK },
  { "dst-2026-10-monday-after", AMS, "2026-10-23T09:00:00Z", 1, NULL, NONE,
    "2026-10-23T09:00:00Z", "2026-10-26T22:59:59Z", 1, AT_RISK },
  { "dst-2026-10-sunday-23h59", AMS, "2026-10-25T22:59:00Z", 1, NULL, NONE,
    "2026-10-25T22:59:00Z", "2026-10-26T22:59:59Z", 1, AT_RISK },
  { "dst-2026-10-monday-00h00", AMS, "2026-10-25T23:00:00Z", 1, NULL, NONE,
    "2026-10-25T23:00:00Z", "2026-10-27T22:59:59Z", 1, AT_RISK },
  { "dst-2027-03-easter-monday", AMS, "2027-03-26T09:00:00Z", 1, NULL, NONE,
    "2027-03-26T09:00:00Z", "2027-03-30T21:59:59Z", 1, AT_RISK },
  { "dst-2027-10-friday-before", AMS, "2027-10-28T09:00:00Z", 1, NULL, NONE,
    "2027-10-28T09:00:00Z", "2027-10-29T21:59:59Z", 1, AT_RISK },
  { "dst-2027-10-monday-after", AMS, "2027-10-29T09:00:00Z", 1, NULL, NONE,
    "2027-10-29T09:00:00Z", "2027-11-01T22:59:59Z", 1, AT_RISK },
  { "brussels-dst-2026-03-monday-after", BRU, "2026-03-27T09:00:00Z", 1, NULL, NONE,
    "2026-03-27T09:00:00Z", "2026-03-30T21:59:59Z", 1, AT_RISK },
  { "brussels-dst-2026-10-friday-before", BRU, "2026-10-22T09:00:00Z", 1, NULL, NONE,
    "2026-10-22T09:00:00Z", "2026-10-23T21:59:59Z", 1, AT_RISK },
  { "brussels-dst-2027-03-easter-monday", BRU, "2027-03-26T09:00:00Z", 1, NULL, NONE,
    "2027-03-26T09:00:00Z", "2027-03-30T21:59:59Z", 1, AT_RISK },
  { "brussels-dst-2027-10-monday-after", BRU, "2027-10-29T09:00:00Z", 1, NULL, NONE,
    "2027-10-29T09:00:00Z", "2027-11-01T22:59:59Z", 1, AT_RISK },
  /* Local midnight, not UTC's, decides the opening day */
  { "opened-thursday-23h59-local", AMS, "2026-03-05T22:59:00Z", 1, NULL, NONE,
    "2026-03-05T22:59:00Z", "2026-03-06T22:59:59Z", 1, AT_RISK },
  { "opened-friday-00h30-local", AMS, "2026-03-05T23:30:00Z", 1, NULL, NONE,
    "2026-03-05T23:30:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "summer-opened-thursday-23h59", AMS, "2026-07-02T21:59:00Z", 1, NULL, NONE,
    "2026-07-02T21:59:00Z", "2026-07-03T21:59:59Z", 1, AT_RISK },
  { "summer-opened-friday-00h30", AMS, "2026-07-02T22:30:00Z", 1, NULL, NONE,
    "2026-07-02T22:30:00Z", "2026-07-06T21:59:59Z", 1, AT_RISK },
  /* Suspension */
  { "suspension-within-one-day", AMS, "2026-03-02T08:00:00Z", 3, NULL,
    { { "2026-03-04T09:00:00Z", "2026-03-04T13:00:00Z" } },
    "2026-03-04T14:00:00Z", "2026-03-06T22:59:59Z", 2, AT_RISK },
  { "suspension-over-weekend", AMS, "2026-03-02T08:00:00Z", 5, NULL,
    { { "2026-03-06T13:00:00Z", "2026-03-09T08:00:00Z" } },
    "2026-03-09T09:00:00Z", "2026-03-11T22:59:59Z", 2, AT_RISK },
  { "suspension-ends-at-local-midnight", AMS, "2026-03-02T08:00:00Z", 3, NULL,
    { { "2026-03-04T08:00:00Z", "2026-03-04T23:00:00Z" } },
    "2026-03-05T08:00:00Z", "2026-03-06T22:59:59Z", 1, AT_RISK },
  { "suspension-ends-a-second-after-midnight", AMS, "2026-03-02T08:00:00Z", 3, NULL,
    { { "2026-03-04T08:00:00Z", "2026-03-04T23:00:01Z" } },
    "2026-03-05T08:00:00Z", "2026-03-09T22:59:59Z", 2, AT_RISK },
  { "suspension-starts-at-local-midnight", AMS, "2026-03-02T08:00:00Z", 3, NULL,
    { { "2026-03-03T23:00:00Z", "2026-03-04T12:00:00Z" } },
    "2026-03-05T08:00:00Z", "2026-03-06T22:59:59Z", 1, AT_RISK },
  { "two-overlapping-suspensions", AMS, "2026-03-02T08:00:00Z", 5, NULL,
    { { "2026-03-03T08:00:00Z", "2026-03-05T08:00:00Z" },
      { "2026-03-04T08:00:00Z", "2026-03-06T08:00:00Z" } },
    "2026-03-06T09:00:00Z", "2026-03-13T22:59:59Z", 5, ON_TRACK },
  { "empty-suspension", AMS, "2026-03-02T08:00:00Z", 1, NULL,
    { { "2026-03-03T10:00:00Z", "2026-03-03T10:00:00Z" } },
    "2026-03-02T08:00:00Z", "2026-03-03T22:59:59Z", 1, AT_RISK },
  { "suspension-covers-day-one", AMS, "2026-03-02T08:00:00Z", 1, NULL,
    { { "2026-03-02T07:00:00Z", "2026-03-03T07:00:00Z" } },
    "2026-03-03T08:00:00Z", "2026-03-04T22:59:59Z", 1, AT_RISK },
  { "open-suspension", AMS, "2026-03-02T08:00:00Z", 5, NULL,
    { { "2026-03-04T10:00:00Z", NULL } },
    "2026-03-06T10:00:00Z", "2026-03-12T22:59:59Z", 4, SUSPENDED },
  { "open-suspension-a-weekend-later", AMS, "2026-03-02T08:00:00Z", 5, NULL,
    { { "2026-03-04T10:00:00Z", NULL } },
    "2026-03-10T10:00:00Z", "2026-03-16T22:59:59Z", 4, SUSPENDED },
  { "suspended-after-the-deadline", AMS, "2026-03-02T08:00:00Z", 1, NULL,
    { { "2026-03-05T10:00:00Z", NULL } },
    "2026-03-06T10:00:00Z", "2026-03-03T22:59:59Z", -3, OVERDUE },
  /* Sunday 23:30 in CET is already Monday 00:30 in CEST: the Monday is touched. */
  { "suspension-ends-across-dst", AMS, "2026-03-26T09:00:00Z", 2, NULL,
    { { "2026-03-27T22:30:00Z", "2026-03-29T22:30:00Z" } },
    "2026-03-30T08:00:00Z", "2026-04-01T21:59:59Z", 2, AT_RISK },
  { "suspension-ends-at-dst-midnight", AMS, "2026-03-26T09:00:00Z", 2, NULL,
    { { "2026-03-27T22:30:00Z", "2026-03-29T22:00:00Z" } },
    "2026-03-30T08:00:00Z", "2026-03-31T21:59:59Z", 1, AT_RISK },
  /* Working days left around a Monday deadline */
  { "left-friday-before", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-06T12:00:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "left-saturday-before", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-07T12:00:00Z", "2026-03-09T22:59:59Z", 1, AT_RISK },
  { "left-on-the-day", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-09T10:00:00Z", "2026-03-09T22:59:59Z", 0, AT_RISK },
  { "left-last-second", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-09T22:59:59Z", "2026-03-09T22:59:59Z", 0, AT_RISK },
  { "left-local-midnight-after", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-09T23:00:00Z", "2026-03-09T22:59:59Z", -1, OVERDUE },
  { "left-two-days-late", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-11T08:00:00Z", "2026-03-09T22:59:59Z", -2, OVERDUE },
  /* … and around a Friday deadline: the weekend after is already overdue */
  { "late-saturday-after-friday", AMS, "2026-03-05T08:00:00Z", 1, NULL, NONE,
    "2026-03-07T08:00:00Z", "2026-03-06T22:59:59Z", -1, OVERDUE },
  { "late-monday-after-friday", AMS, "2026-03-05T08:00:00Z", 1, NULL, NONE,
    "2026-03-09T08:00:00Z", "2026-03-06T22:59:59Z", -1, OVERDUE },
  { "late-tuesday-after-friday", AMS, "2026-03-05T08:00:00Z", 1, NULL, NONE,
    "2026-03-10T08:00:00Z", "2026-03-06T22:59:59Z", -2, OVERDUE },
  /* The classification's boundary: exactly THRESHOLD days left is at risk */
  { "threshold-plus-one", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-04T08:00:00Z", "2026-03-09T22:59:59Z", 3, ON_TRACK },
  { "threshold-exactly", AMS, "2026-03-02T08:00:00Z", 5, NULL, NONE,
    "2026-03-05T08:00:00Z", "2026-03-09T22:59:59Z", 2, AT_RISK },
};

static void
test_table (gconstpointer data)
{
  const TableCase *c = data;
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (c->zone);
  g_autoptr (GError) error = NULL;
  LoketDeadlineSuspension suspensions[G_N_ELEMENTS (c->suspensions)];
  LoketDeadlineCase kase = { .opened_at = utc (c->opened), .lead_days = c->lead,
                             .suspensions = suspensions };
  LoketDeadline deadline;
  gboolean open = FALSE;

  if (c->holiday != NULL)
    {
      GDate holiday;

      set_date (&holiday, c->holiday);
      loket_workdays_add_holiday (w, &holiday);
    }
  for (; kase.n_suspensions < G_N_ELEMENTS (c->suspensions); kase.n_suspensions++)
    {
      const Period *p = &c->suspensions[kase.n_suspensions];

      if (p->from == NULL)
        break;
      suspensions[kase.n_suspensions].from = utc (p->from);
      suspensions[kase.n_suspensions].until = p->until ? utc (p->until) : LOKET_DEADLINE_OPEN;
      open |= p->until == NULL;
    }

  g_assert_true (loket_deadline_compute (w, tz, &kase, utc (c->now), &deadline, &error));
  g_assert_no_error (error);
  assert_moment (deadline.due_at, c->due);
  g_assert_cmpint (deadline.suspended, ==, open);
  g_assert_false (deadline.closed);
  g_assert_true (loket_workdays_is_working_day (w, &deadline.date));
  g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, utc (c->now)), ==, c->left);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc (c->now), THRESHOLD), ==,
                   c->state);
}

/* ---- Properties over many days ---- */

/* Without suspension the deadline is the lead time's working day after the local opening
 * day, at local 23:59:59, and a case opens with exactly its lead time left. */
static void
test_without_suspension_agrees_with_workdays (gconstpointer data)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (data);
  static const int hours[] = { 0, 1, 2, 3, 12, 23 };

  for (int day = 0; day < 2 * 366; day++)
    for (guint h = 0; h < G_N_ELEMENTS (hours); h++)
      {
        g_autoptr (GDateTime) start = g_date_time_new (tz, 2026, 1, 1, 0, 30, 0);
        g_autoptr (GDateTime) opened = g_date_time_add_full (start, 0, 0, day, hours[h], 0, 0);
        g_autoptr (GDateTime) due_utc = NULL;
        g_autoptr (GDateTime) due = NULL;
        LoketDeadlineCase kase = { .opened_at = g_date_time_to_unix (opened),
                                   .lead_days = 1 + (guint) (day % 20) };
        LoketDeadline deadline;
        GDate local, expected;

        g_assert_true (loket_deadline_compute (w, tz, &kase, 0, &deadline, NULL));
        g_date_clear (&local, 1);
        g_date_set_dmy (&local, (GDateDay) g_date_time_get_day_of_month (opened),
                        (GDateMonth) g_date_time_get_month (opened),
                        (GDateYear) g_date_time_get_year (opened));
        loket_workdays_add (w, &local, kase.lead_days, &expected);
        g_assert_cmpint (g_date_compare (&deadline.date, &expected), ==, 0);

        due_utc = g_date_time_new_from_unix_utc (deadline.due_at);
        due = g_date_time_to_timezone (due_utc, tz);
        g_assert_cmpint (g_date_time_get_hour (due), ==, 23);
        g_assert_cmpint (g_date_time_get_minute (due), ==, 59);
        g_assert_cmpint (g_date_time_get_second (due), ==, 59);
        g_assert_cmpint (g_date_time_get_day_of_month (due), ==, g_date_get_day (&expected));

        g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, kase.opened_at), ==,
                         (int) kase.lead_days);
        g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, deadline.due_at), ==, 0);
        g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, deadline.due_at + 1), ==, -1);
      }
}

/* An independent reading of the suspension rule: a local day (00:00 up to the next 00:00,
 * found with GDateTime in the zone) that shares a moment with [from, until). */
static gboolean
day_suspended (GTimeZone *tz, const GDate *day, const LoketDeadlineSuspension *s, gsize n,
               gint64 now)
{
  g_autoptr (GDateTime) midnight = g_date_time_new (tz, g_date_get_year (day),
                                                    g_date_get_month (day),
                                                    g_date_get_day (day), 0, 0, 0);
  g_autoptr (GDateTime) next = g_date_time_add_days (midnight, 1);
  gint64 start = g_date_time_to_unix (midnight), end = g_date_time_to_unix (next);

  for (gsize i = 0; i < n; i++)
    {
      gint64 until = s[i].until == LOKET_DEADLINE_OPEN ? MAX (now, s[i].from) : s[i].until;

      if (MAX (s[i].from, start) < MIN (until, end))
        return TRUE;
    }

  return FALSE;
}

/* Random cases against the rule: the deadline is a working day outside every suspension,
 * and exactly lead such days lie after the opening day up to it.  Suspensions never make
 * the deadline earlier. */
static void
test_suspensions_random (gconstpointer data)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (data);
  const gint64 base = utc ("2026-01-01T00:00:00Z");

  for (int round = 0; round < 2000; round++)
    {
      LoketDeadlineSuspension s[3];
      LoketDeadlineCase kase = {
        .opened_at = base + g_test_rand_int_range (0, 700 * 24) * 3600
                     + g_test_rand_int_range (0, 3600),
        .lead_days = (guint) g_test_rand_int_range (1, 16),
        .suspensions = s,
        .n_suspensions = (gsize) g_test_rand_int_range (0, 4),
      };
      LoketDeadlineCase plain = { .opened_at = kase.opened_at, .lead_days = kase.lead_days };
      gint64 now = kase.opened_at + g_test_rand_int_range (0, 30 * 24 * 60) * 60;
      LoketDeadline deadline, without;
      GDate date;
      guint counted = 0;

      for (gsize i = 0; i < kase.n_suspensions; i++)
        {
          s[i].from = kase.opened_at + g_test_rand_int_range (-2 * 24 * 60, 20 * 24 * 60) * 60;
          s[i].until = g_test_rand_int_range (0, 4) == 0
                           ? LOKET_DEADLINE_OPEN
                           : s[i].from + g_test_rand_int_range (0, 6 * 24 * 60) * 60;
        }
      g_assert_true (loket_deadline_compute (w, tz, &kase, now, &deadline, NULL));
      g_assert_true (loket_deadline_compute (w, tz, &plain, now, &without, NULL));
      g_assert_cmpint (g_date_compare (&deadline.date, &without.date), >=, 0);
      g_assert_true (loket_workdays_is_working_day (w, &deadline.date));
      g_assert_false (day_suspended (tz, &deadline.date, s, kase.n_suspensions, now));

      loket_time_local_date (tz, kase.opened_at, &date);
      while (g_date_compare (&date, &deadline.date) < 0)
        {
          g_date_add_days (&date, 1);
          if (loket_workdays_is_working_day (w, &date)
              && !day_suspended (tz, &date, s, kase.n_suspensions, now))
            counted++;
        }
      g_assert_cmpuint (counted, ==, kase.lead_days);
    }
}

/* While the customer is awaited the clock stands still: the days left do not change. */
static void
test_open_suspension_pauses_the_clock (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineSuspension s = { utc ("2026-03-04T10:00:00Z"), LOKET_DEADLINE_OPEN };
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z"), .lead_days = 5,
                             .suspensions = &s, .n_suspensions = 1 };
  LoketDeadline deadline;
  gint64 previous = 0;

  /* Monday's case has used Tuesday; Wednesday 11:00 onwards it waits, over a weekend, a
   * holiday-free fortnight and the change to summer time. */
  for (gint64 now = s.from + 1; now < utc ("2026-04-01T00:00:00Z"); now += 1800)
    {
      g_assert_true (loket_deadline_compute (w, tz, &kase, now, &deadline, NULL));
      g_assert_true (deadline.suspended);
      g_assert_cmpint (deadline.due_at, >=, previous);
      g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, now), ==, 4);
      g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, now, 10), ==, SUSPENDED);
      previous = deadline.due_at;
    }
  /* The last now is Wednesday 1 April 01:30 local; Monday 6 April is Tweede Paasdag. */
  assert_moment (previous, "2026-04-08T21:59:59Z");
}

/* An open suspension dated ahead of now has not begun: nothing is paused yet. */
static void
test_open_suspension_not_begun (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineSuspension s = { utc ("2026-03-04T10:00:00Z"), LOKET_DEADLINE_OPEN };
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z"), .lead_days = 5,
                             .suspensions = &s, .n_suspensions = 1 };
  LoketDeadline deadline;

  g_assert_true (loket_deadline_compute (w, tz, &kase, utc ("2026-03-04T09:59:59Z"), &deadline,
                                         NULL));
  g_assert_false (deadline.suspended);
  assert_moment (deadline.due_at, "2026-03-09T22:59:59Z");
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-04T09:59:59Z"), 2),
                   ==, ON_TRACK);
}

/* A closed case: an open suspension ends at the closing, whatever now is. */
static void
test_closed (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineSuspension s = { utc ("2026-03-04T10:00:00Z"), LOKET_DEADLINE_OPEN };
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z"), .lead_days = 5,
                             .suspensions = &s, .n_suspensions = 1,
                             .closed_at = utc ("2026-03-06T10:00:00Z") };
  gint64 later = utc ("2026-06-01T10:00:00Z");
  LoketDeadline deadline;

  g_assert_true (loket_deadline_compute (w, tz, &kase, later, &deadline, NULL));
  assert_moment (deadline.due_at, "2026-03-12T22:59:59Z");
  g_assert_true (deadline.closed);
  g_assert_false (deadline.suspended);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, later, 2), ==, CLOSED);
  /* Whether it was closed in time: the days left at the closing. */
  g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, kase.closed_at), ==, 4);
  g_assert_cmpint (loket_deadline_days_left (w, tz, &deadline, later), <, 0);
}

static void
test_classify_boundaries (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadline deadline = { .suspended = FALSE };

  /* A deadline on Monday 9 March 2026. */
  set_date (&deadline.date, "2026-03-09");
  deadline.due_at = utc ("2026-03-09T22:59:59Z");

  /* Threshold 0: at risk only on the day itself. */
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-06T12:00:00Z"), 0),
                   ==, ON_TRACK);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-08T22:59:59Z"), 0),
                   ==, ON_TRACK);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-08T23:00:00Z"), 0),
                   ==, AT_RISK);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-09T22:59:59Z"), 0),
                   ==, AT_RISK);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-09T23:00:00Z"), 0),
                   ==, OVERDUE);
  /* Threshold 1 takes in the weekend and Friday before. */
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-05T22:59:59Z"), 1),
                   ==, ON_TRACK);
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-05T23:00:00Z"), 1),
                   ==, AT_RISK);
  /* A paused clock is not at risk, however close the deadline ... */
  deadline.suspended = TRUE;
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-09T10:00:00Z"), 5),
                   ==, SUSPENDED);
  /* ... but a deadline passed before the pause stays overdue. */
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-10T10:00:00Z"), 5),
                   ==, OVERDUE);
  deadline.closed = TRUE;
  g_assert_cmpint (loket_deadline_classify (w, tz, &deadline, utc ("2026-03-10T10:00:00Z"), 5),
                   ==, CLOSED);
}

/* ---- Bad data ---- */

static void
assert_invalid (const LoketDeadlineCase *kase)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  g_autoptr (GError) error = NULL;
  LoketDeadline deadline;

  g_assert_false (loket_deadline_compute (w, tz, kase, kase->opened_at, &deadline, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (error->message);
}

static void
test_bad_lead_time (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z") };
  LoketDeadline deadline;

  kase.lead_days = 0;
  assert_invalid (&kase);
  kase.lead_days = LOKET_DEADLINE_MAX_LEAD_DAYS + 1;
  assert_invalid (&kase);
  kase.lead_days = LOKET_DEADLINE_MAX_LEAD_DAYS;
  g_assert_true (loket_deadline_compute (w, tz, &kase, 0, &deadline, NULL));
}

static void
test_bad_suspension (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineSuspension s[2] = {
    { utc ("2026-03-03T08:00:00Z"), utc ("2026-03-03T09:00:00Z") },
    { utc ("2026-03-04T08:00:00Z"), utc ("2026-03-04T07:59:59Z") },
  };
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z"), .lead_days = 5,
                             .suspensions = s, .n_suspensions = 2 };
  LoketDeadline deadline;

  assert_invalid (&kase);
  /* A second earlier is fine: an empty period. */
  s[1].until = s[1].from;
  g_assert_true (loket_deadline_compute (w, tz, &kase, 0, &deadline, NULL));
}

static void
test_programmer_error (void)
{
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (AMS);
  LoketDeadlineCase kase = { .opened_at = utc ("2026-03-02T08:00:00Z"), .lead_days = 5,
                             .n_suspensions = 2 };
  LoketDeadline deadline;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*n_suspensions == 0*");
  g_assert_false (loket_deadline_compute (w, tz, &kase, 0, &deadline, NULL));
  g_test_assert_expected_messages ();
}

/* ---- Archive dates ---- */

typedef struct
{
  const char *name;
  const char *zone;
  const char *closed;
  guint years;
  const char *action;
  const char *date;
  LoketDeadlineArchiveAction expected;
} ArchiveCase;

static const ArchiveCase archive_cases[] = {
  { "29-february-plus-1", AMS, "2028-02-29T10:00:00Z", 1, "vernietigen", "2029-02-28",
    LOKET_DEADLINE_ARCHIVE_VERNIETIGEN },
  { "29-february-plus-4", AMS, "2028-02-29T10:00:00Z", 4, "vernietigen", "2032-02-29",
    LOKET_DEADLINE_ARCHIVE_VERNIETIGEN },
  { "29-february-by-local-time", AMS, "2028-02-28T23:30:00Z", 1, "bewaren", "2029-02-28",
    LOKET_DEADLINE_ARCHIVE_BEWAREN },
  { "28-february-local", AMS, "2028-02-28T22:30:00Z", 1, "bewaren", "2029-02-28",
    LOKET_DEADLINE_ARCHIVE_BEWAREN },
  { "zero-years", AMS, "2028-02-28T23:30:00Z", 0, "vernietigen", "2028-02-29",
    LOKET_DEADLINE_ARCHIVE_VERNIETIGEN },
  { "new-year-local", AMS, "2026-12-31T23:30:00Z", 5, "vernietigen", "2032-01-01",
    LOKET_DEADLINE_ARCHIVE_VERNIETIGEN },
  { "old-year-local", AMS, "2026-12-31T22:30:00Z", 5, "vernietigen", "2031-12-31",
    LOKET_DEADLINE_ARCHIVE_VERNIETIGEN },
  { "summer-midnight", BRU, "2026-06-30T22:30:00Z", 20, "bewaren", "2046-07-01",
    LOKET_DEADLINE_ARCHIVE_BEWAREN },
  { "last-year-there-is", AMS, "2026-06-30T10:00:00Z", 7973, "bewaren", "9999-06-30",
    LOKET_DEADLINE_ARCHIVE_BEWAREN },
};

static void
test_archive (gconstpointer data)
{
  const ArchiveCase *c = data;
  g_autoptr (GTimeZone) tz = zone (c->zone);
  g_autoptr (GError) error = NULL;
  LoketDeadlineArchive archive;

  g_assert_true (loket_deadline_archive (tz, utc (c->closed), c->years, c->action, &archive,
                                         &error));
  g_assert_no_error (error);
  assert_date (&archive.date, c->date);
  g_assert_cmpint (archive.action, ==, c->expected);
}

static void
test_archive_bad_data (void)
{
  g_autoptr (GTimeZone) tz = zone (AMS);
  const char *actions[] = { "archiveren", "Bewaren", "", " vernietigen", NULL };
  gint64 closed = utc ("2026-06-30T10:00:00Z");
  LoketDeadlineArchive archive;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (loket_deadline_archive (tz, closed, 7, actions[i], &archive, &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    }
  for (guint years = 7974; years <= 7975; years++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (loket_deadline_archive (tz, closed, years, "bewaren", &archive, &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    }
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (loket_deadline_archive (tz, closed, G_MAXUINT, "bewaren", &archive, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  }
}

/* ---- The callback norm: one working day ---- */

typedef struct
{
  const char *name;
  const char *zone;
  const char *noted;
  const char *due;
} CallbackCase;

static const CallbackCase callback_cases[] = {
  { "monday-to-tuesday", AMS, "2026-03-02T09:00:00Z", "2026-03-03T22:59:59Z" },
  { "friday-16h-to-monday", AMS, "2026-03-06T15:00:00Z", "2026-03-09T22:59:59Z" },
  { "saturday-to-monday", AMS, "2026-03-07T10:00:00Z", "2026-03-09T22:59:59Z" },
  { "thursday-23h30-local", AMS, "2026-03-05T22:30:00Z", "2026-03-06T22:59:59Z" },
  { "friday-00h30-local", AMS, "2026-03-05T23:30:00Z", "2026-03-09T22:59:59Z" },
  { "before-hemelvaart", AMS, "2026-05-13T14:00:00Z", "2026-05-15T21:59:59Z" },
  { "before-tweede-paasdag", AMS, "2026-04-03T14:00:00Z", "2026-04-07T21:59:59Z" },
  { "before-kerst", AMS, "2026-12-24T14:00:00Z", "2026-12-28T22:59:59Z" },
  { "before-koningsdag-2026", AMS, "2026-04-24T14:00:00Z", "2026-04-28T21:59:59Z" },
  { "over-dst-2026-03", AMS, "2026-03-27T15:00:00Z", "2026-03-30T21:59:59Z" },
  { "over-dst-2026-10", AMS, "2026-10-23T14:00:00Z", "2026-10-26T22:59:59Z" },
  { "brussels-over-dst-and-easter-2027", BRU, "2027-03-26T15:00:00Z", "2027-03-30T21:59:59Z" },
};

static void
test_callback (gconstpointer data)
{
  const CallbackCase *c = data;
  g_autoptr (LoketWorkdays) w = dutch_workdays ();
  g_autoptr (GTimeZone) tz = zone (c->zone);

  assert_moment (loket_deadline_callback_due (w, tz, utc (c->noted)), c->due);
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

  ADD_CASES ("/deadline/table/", table_cases, test_table);
  ADD_CASES ("/deadline/archive/", archive_cases, test_archive);
  ADD_CASES ("/deadline/callback/", callback_cases, test_callback);
  g_test_add_data_func ("/deadline/agrees-with-workdays/amsterdam", AMS,
                        test_without_suspension_agrees_with_workdays);
  g_test_add_data_func ("/deadline/agrees-with-workdays/brussels", BRU,
                        test_without_suspension_agrees_with_workdays);

  g_test_add_data_func ("/deadline/suspensions-random/amsterdam", AMS, test_suspensions_random);
  g_test_add_data_func ("/deadline/suspensions-random/brussels", BRU, test_suspensions_random);
  g_test_add_func ("/deadline/open-suspension/pauses-the-clock",
                   test_open_suspension_pauses_the_clock);
  g_test_add_func ("/deadline/open-suspension/not-begun", test_open_suspension_not_begun);
  g_test_add_func ("/deadline/closed", test_closed);
  g_test_add_func ("/deadline/classify-boundaries", test_classify_boundaries);
  g_test_add_func ("/deadline/bad-data/lead-time", test_bad_lead_time);
  g_test_add_func ("/deadline/bad-data/suspension", test_bad_suspension);
  g_test_add_func ("/deadline/programmer-error", test_programmer_error);
  g_test_add_func ("/deadline/archive-bad-data", test_archive_bad_data);

  return g_test_run ();
}
