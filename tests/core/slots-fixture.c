/* slots-fixture.c — the fixture the slot engine's unit tests share (see slots-fixture.h). */
#include "config.h"

#include "slots-fixture.h"

void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (f->tz);
  f->rules = g_array_new (FALSE, TRUE, sizeof (LoketSlotRule));
  f->closures = g_array_new (FALSE, TRUE, sizeof (LoketSlotClosure));
  f->bookings = g_array_new (FALSE, TRUE, sizeof (LoketSlotBooking));
  f->query.tz = f->tz;
  f->query.duration_minutes = 30;
  f->query.channel = LOKET_CHANNEL_DESK;
}

void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->rules, g_array_unref);
  g_clear_pointer (&f->closures, g_array_unref);
  g_clear_pointer (&f->bookings, g_array_unref);
  g_clear_pointer (&f->tz, g_time_zone_unref);
}

/* The arrays may have grown since the last call, so the query's pointers are refreshed. */
const LoketSlotQuery *
query (Fixture *f)
{
  f->query.rules = (const LoketSlotRule *) (gpointer) f->rules->data;
  f->query.n_rules = f->rules->len;
  f->query.closures = (const LoketSlotClosure *) (gpointer) f->closures->data;
  f->query.n_closures = f->closures->len;
  f->query.bookings = (const LoketSlotBooking *) (gpointer) f->bookings->data;
  f->query.n_bookings = f->bookings->len;
  return &f->query;
}

void
set_date (GDate *date, int y, int m, int d)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* A rule without date bounds. */
LoketSlotRule *
add_rule (Fixture *f, guint8 weekdays, const char *from, const char *to, int slot_minutes,
          int places, int public_places)
{
  LoketSlotRule rule = { 0 };

  rule.weekdays = weekdays;
  g_date_clear (&rule.valid_from, 1);
  g_date_clear (&rule.valid_until, 1);
  rule.start_minute = loket_slots_parse_clock (from);
  rule.end_minute = loket_slots_parse_clock (to);
  g_assert_cmpint (rule.start_minute, >=, 0);
  g_assert_cmpint (rule.end_minute, >=, 0);
  rule.slot_minutes = slot_minutes;
  rule.places = places;
  rule.public_places = public_places;
  g_array_append_val (f->rules, rule);

  return &g_array_index (f->rules, LoketSlotRule, f->rules->len - 1);
}
