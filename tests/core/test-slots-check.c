/* The slot engine's details beside the table of test-slots.c: the places left and the ends of
 * visits, which rule's offer wins, the times around the spring gap, and the reasons check()
 * gives for a start it refuses (taken, closed, not a start, past closing, no share, before
 * not_before, and the web's booking window and minimum notice). */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-slots.h"
#include "slots-fixture.h"

static void
add_closure (Fixture *f, int y1, int m1, int d1, int y2, int m2, int d2)
{
  LoketSlotClosure closure;

  set_date (&closure.from, y1, m1, d1);
  set_date (&closure.until, y2, m2, d2);
  g_array_append_val (f->closures, closure);
}

/* Unix time of a local wall-clock time in Amsterdam. */
static gint64
at (Fixture *f, int y, int m, int d, const char *hhmm)
{
  int minute = loket_slots_parse_clock (hhmm);
  g_autoptr (GDateTime) dt = g_date_time_new (f->tz, y, m, d, minute / 60, minute % 60, 0);

  return g_date_time_to_unix (dt);
}

static gint64
utc (int y, int m, int d, int hour, int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (y, m, d, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
add_booking (Fixture *f, int y, int m, int d, const char *from, const char *to,
             LoketChannel channel)
{
  LoketSlotBooking booking = { at (f, y, m, d, from), at (f, y, m, d, to), channel };

  g_array_append_val (f->bookings, booking);
}

static GArray *
free_on (Fixture *f, int y, int m, int d)
{
  GDate day;

  set_date (&day, y, m, d);
  return loket_slots_free_on_day (query (f), &day);
}

/* The free starts of a day as "HH:MM HH:MM …" in local time: one string compare per test
 * shows the whole answer when it fails. */
static char *
free_starts (Fixture *f, int y, int m, int d)
{
  g_autoptr (GArray) slots = free_on (f, y, m, d);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      const LoketSlot *slot = &g_array_index (slots, LoketSlot, i);
      g_autoptr (GDateTime) u = g_date_time_new_from_unix_utc (slot->start);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (u, f->tz);
      g_autofree char *hhmm = g_date_time_format (local, "%H:%M");

      g_assert_cmpint (slot->free, >=, 1);
      g_assert_cmpint (slot->end, >, slot->start);
      if (i > 0)
        g_assert_cmpint (slot->start, >, g_array_index (slots, LoketSlot, i - 1).start);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", hhmm);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_free_starts (Fixture *f, int y, int m, int d, const char *expected)
{
  g_autofree char *starts = free_starts (f, y, m, d);

  g_assert_cmpstr (starts, ==, expected);
}

static void
assert_check_fails (Fixture *f, gint64 start, LoketErrorCode code)
{
  g_autoptr (GError) error = NULL;
  gint64 end = -1;

  g_assert_false (loket_slots_check (query (f), start, &end, &error));
  g_assert_error (error, LOKET_ERROR, (int) code);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (end, ==, -1); /* untouched */
}

/* ---- Opening rules ---- */

static void
test_plain_day (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;

  add_rule (f, WORKWEEK, "09:00", "12:00", 30, 2, 1);
  assert_free_starts (f, 2026, 6, 1, "09:00 09:30 10:00 10:30 11:00 11:30");

  slots = free_on (f, 2026, 6, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).start, ==, utc (2026, 6, 1, 7, 0));
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).end, ==, utc (2026, 6, 1, 7, 30));
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).free, ==, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 5).end, ==, at (f, 2026, 6, 1, "12:00"));
}

static void
test_rules_deduplicated (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;

  add_rule (f, WORKWEEK, "09:00", "11:00", 30, 1, 0);
  add_rule (f, WORKWEEK, "10:00", "12:00", 60, 3, 0);
  assert_free_starts (f, 2026, 6, 1, "09:00 09:30 10:00 10:30 11:00");

  /* Where both rules offer 10:00, the one with more free places wins. */
  slots = free_on (f, 2026, 6, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 2).free, ==, 3);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 2).end, ==, at (f, 2026, 6, 1, "11:00"));
}

/* ---- Shares and bookings ---- */

static void
test_desk_and_web_share (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) desk = NULL;
  g_autoptr (GArray) web = NULL;

  add_rule (f, WORKWEEK, "09:00", "10:00", 30, 3, 1);
  desk = free_on (f, 2026, 6, 1);
  f->query.channel = LOKET_CHANNEL_WEB;
  web = free_on (f, 2026, 6, 1);
  g_assert_cmpuint (desk->len, ==, 2);
  g_assert_cmpuint (web->len, ==, 2);
  g_assert_cmpint (g_array_index (desk, LoketSlot, 0).free, ==, 2);
  g_assert_cmpint (g_array_index (web, LoketSlot, 0).free, ==, 1);
}

static void
test_bookings_fill_share (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) desk = NULL;

  add_rule (f, WORKWEEK, "09:00", "10:00", 30, 3, 1);
  add_booking (f, 2026, 6, 1, "09:00", "09:30", LOKET_CHANNEL_DESK);
  add_booking (f, 2026, 6, 1, "09:00", "09:30", LOKET_CHANNEL_DESK);
  add_booking (f, 2026, 6, 1, "09:30", "10:00", LOKET_CHANNEL_WEB);
  add_booking (f, 2026, 6, 2, "09:30", "10:00", LOKET_CHANNEL_DESK); /* another day */

  /* The desk share (2) is used up at 09:00; the web booking leaves the desk's 09:30 alone. */
  assert_free_starts (f, 2026, 6, 1, "09:30");
  desk = free_on (f, 2026, 6, 1);
  g_assert_cmpint (g_array_index (desk, LoketSlot, 0).free, ==, 2);

  f->query.channel = LOKET_CHANNEL_WEB;
  assert_free_starts (f, 2026, 6, 1, "09:00");
}

static void
test_multi_slot_near_closing (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;

  /* 25 minutes in 10-minute slots takes three slots, so the last start is 09:30. */
  f->query.duration_minutes = 25;
  add_rule (f, WORKWEEK, "09:00", "10:00", 10, 1, 0);
  assert_free_starts (f, 2026, 6, 1, "09:00 09:10 09:20 09:30");
  slots = free_on (f, 2026, 6, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 3).end, ==, at (f, 2026, 6, 1, "10:00"));

  /* One booked slot in the middle blocks every visit that would need it. */
  add_booking (f, 2026, 6, 1, "09:20", "09:30", LOKET_CHANNEL_DESK);
  assert_free_starts (f, 2026, 6, 1, "09:30");
}

static void
test_visit_free_is_minimum (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;

  f->query.duration_minutes = 20;
  add_rule (f, WORKWEEK, "09:00", "09:30", 10, 3, 0);
  add_booking (f, 2026, 6, 1, "09:10", "09:20", LOKET_CHANNEL_DESK);
  add_booking (f, 2026, 6, 1, "09:10", "09:20", LOKET_CHANNEL_DESK);
  slots = free_on (f, 2026, 6, 1);
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).free, ==, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 1).free, ==, 1);
}

static void
test_product_longer_than_opening (Fixture *f, gconstpointer data)
{
  f->query.duration_minutes = 240;
  add_rule (f, WORKWEEK, "09:00", "12:00", 30, 1, 0);
  assert_free_starts (f, 2026, 6, 1, "");
  assert_check_fails (f, at (f, 2026, 6, 1, "09:00"), LOKET_ERROR_CLOSED);
}

/* ---- Summer and winter time ---- */

static void
test_dst_spring_gap (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;

  /* 02:00–03:00 does not exist on 29 March 2026. */
  f->query.duration_minutes = 60;
  add_rule (f, SUN, "01:00", "04:00", 60, 1, 0);
  assert_free_starts (f, 2026, 3, 29, "01:00 03:00");
  slots = free_on (f, 2026, 3, 29);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).start, ==, utc (2026, 3, 29, 0, 0));
  g_assert_cmpint (g_array_index (slots, LoketSlot, 1).start, ==, utc (2026, 3, 29, 1, 0));
  assert_check_fails (f, utc (2026, 3, 29, 0, 30), LOKET_ERROR_CLOSED);

  /* 01:00 CET and 03:00 CEST follow each other in real time: two hours from 01:00 end at 04:00. */
  g_clear_pointer (&slots, g_array_unref);
  f->query.duration_minutes = 120;
  slots = free_on (f, 2026, 3, 29);
  g_assert_cmpuint (slots->len, ==, 1);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).end, ==, utc (2026, 3, 29, 2, 0));
}

static void
test_dst_spring_gap_off_the_hour (Fixture *f, gconstpointer data)
{
  /* GDateTime turns the missing 02:00 and 02:45 into 03:00; neither may become a slot. */
  f->query.duration_minutes = 45;
  add_rule (f, SUN, "00:30", "04:30", 45, 1, 0);
  assert_free_starts (f, 2026, 3, 29, "00:30 01:15 03:30");
  assert_check_fails (f, utc (2026, 3, 29, 1, 0), LOKET_ERROR_CLOSED);
}

/* ---- check() ---- */

static void
test_check_free (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 end = 0;

  f->query.duration_minutes = 25;
  add_rule (f, WORKWEEK, "09:00", "10:00", 10, 1, 0);
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "09:30"), &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (end, ==, at (f, 2026, 6, 1, "10:00"));
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "09:00"), NULL, NULL));
}

static void
test_check_taken_vs_closed (Fixture *f, gconstpointer data)
{
  add_rule (f, WORKWEEK, "09:00", "10:00", 30, 2, 1);
  add_booking (f, 2026, 6, 1, "09:00", "09:30", LOKET_CHANNEL_DESK);
  add_closure (f, 2026, 6, 3, 2026, 6, 3);

  assert_check_fails (f, at (f, 2026, 6, 1, "09:00"), LOKET_ERROR_SLOT_TAKEN);
  assert_check_fails (f, at (f, 2026, 6, 1, "09:10"), LOKET_ERROR_CLOSED); /* not a start */
  assert_check_fails (f, at (f, 2026, 6, 1, "10:00"), LOKET_ERROR_CLOSED); /* after hours */
  assert_check_fails (f, at (f, 2026, 6, 1, "08:30"), LOKET_ERROR_CLOSED); /* before hours */
  assert_check_fails (f, at (f, 2026, 6, 3, "09:00"), LOKET_ERROR_CLOSED); /* closure */
  assert_check_fails (f, at (f, 2026, 6, 6, "09:00"), LOKET_ERROR_CLOSED); /* Saturday */

  /* The web share is untouched by the desk booking. */
  f->query.channel = LOKET_CHANNEL_WEB;
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "09:00"), NULL, NULL));
  add_booking (f, 2026, 6, 1, "09:00", "09:30", LOKET_CHANNEL_WEB);
  assert_check_fails (f, at (f, 2026, 6, 1, "09:00"), LOKET_ERROR_SLOT_TAKEN);
}

static void
test_check_no_share_is_closed (Fixture *f, gconstpointer data)
{
  add_rule (f, WORKWEEK, "09:00", "10:00", 30, 2, 0);
  f->query.channel = LOKET_CHANNEL_WEB;
  assert_check_fails (f, at (f, 2026, 6, 1, "09:00"), LOKET_ERROR_CLOSED);
}

static void
test_check_not_before (Fixture *f, gconstpointer data)
{
  add_rule (f, WORKWEEK, "09:00", "10:00", 30, 1, 0);
  add_booking (f, 2026, 6, 1, "09:00", "09:30", LOKET_CHANNEL_DESK);
  f->query.not_before = at (f, 2026, 6, 1, "09:15");
  /* Taken and in the past: the past wins, nobody can be offered that time anyway. */
  assert_check_fails (f, at (f, 2026, 6, 1, "09:00"), LOKET_ERROR_CLOSED);
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "09:30"), NULL, NULL));
}

/* check() and free_on_day() must agree on every minute of a busy day. */
static void
test_check_agrees_with_free_on_day (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) slots = NULL;
  gint64 day_start = at (f, 2026, 6, 4, "00:00");
  guint next = 0;

  f->query.duration_minutes = 25;
  add_rule (f, WORKWEEK, "09:00", "12:00", 10, 2, 1);
  add_rule (f, THU, "17:00", "20:00", 15, 1, 0);
  add_booking (f, 2026, 6, 4, "09:40", "10:05", LOKET_CHANNEL_DESK);
  add_booking (f, 2026, 6, 4, "18:00", "18:30", LOKET_CHANNEL_DESK);
  slots = free_on (f, 2026, 6, 4);
  g_assert_cmpuint (slots->len, >, 0);

  for (gint64 t = day_start; t < day_start + 24 * 3600; t += 60)
    {
      gint64 end = 0;
      gboolean listed = next < slots->len && g_array_index (slots, LoketSlot, next).start == t;

      g_assert_cmpint (loket_slots_check (query (f), t, &end, NULL), ==, listed);
      if (listed)
        g_assert_cmpint (end, ==, g_array_index (slots, LoketSlot, next++).end);
    }
  g_assert_cmpuint (next, ==, slots->len);
}

static void
assert_check_says (Fixture *f, gint64 start, const char *says)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (loket_slots_check (query (f), start, NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, says));
}

/* The web's booking window and its minimum notice each say why; the desk is bound by neither. */
static void
test_check_web_window_reasons (Fixture *f, gconstpointer data)
{
  LoketSlotRule *rule = add_rule (f, EVERY_DAY, "09:00", "12:00", 30, 2, 1);

  rule->opens_days = 14;
  rule->closes_days = 1;
  f->query.channel = LOKET_CHANNEL_WEB;
  f->query.now = at (f, 2026, 6, 1, "10:00");
  assert_check_says (f, at (f, 2026, 6, 16, "09:00"), "cannot be booked online yet");
  assert_check_says (f, at (f, 2026, 6, 1, "11:00"), "booking for this day has closed");
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 15, "09:00"), NULL, NULL));

  rule->closes_days = 0;
  rule->min_notice_minutes = 90;
  assert_check_says (f, at (f, 2026, 6, 1, "11:00"), "too soon");
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "11:30"), NULL, NULL));

  f->query.channel = LOKET_CHANNEL_DESK;
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 1, "11:00"), NULL, NULL));
  g_assert_true (loket_slots_check (query (f), at (f, 2026, 6, 16, "09:00"), NULL, NULL));
}

#define ADD_FIXTURE_TEST(path, func)                                                              \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD_FIXTURE_TEST ("/slots/rules/plain-day", test_plain_day);
  ADD_FIXTURE_TEST ("/slots/rules/deduplicated", test_rules_deduplicated);
  ADD_FIXTURE_TEST ("/slots/share/desk-and-web", test_desk_and_web_share);
  ADD_FIXTURE_TEST ("/slots/bookings/fill-share", test_bookings_fill_share);
  ADD_FIXTURE_TEST ("/slots/visit/multi-slot-near-closing", test_multi_slot_near_closing);
  ADD_FIXTURE_TEST ("/slots/visit/free-is-minimum", test_visit_free_is_minimum);
  ADD_FIXTURE_TEST ("/slots/visit/longer-than-opening", test_product_longer_than_opening);
  ADD_FIXTURE_TEST ("/slots/dst/spring-gap", test_dst_spring_gap);
  ADD_FIXTURE_TEST ("/slots/dst/spring-gap-off-the-hour", test_dst_spring_gap_off_the_hour);
  ADD_FIXTURE_TEST ("/slots/check/free", test_check_free);
  ADD_FIXTURE_TEST ("/slots/check/taken-vs-closed", test_check_taken_vs_closed);
  ADD_FIXTURE_TEST ("/slots/check/no-share-is-closed", test_check_no_share_is_closed);
  ADD_FIXTURE_TEST ("/slots/check/not-before", test_check_not_before);
  ADD_FIXTURE_TEST ("/slots/check/agrees-with-free-on-day", test_check_agrees_with_free_on_day);
  ADD_FIXTURE_TEST ("/slots/check/web-window-reasons", test_check_web_window_reasons);

  return g_test_run ();
}
