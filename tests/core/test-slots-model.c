/* The slot engine against a model: a plain reading of loket-slots.h (every slot converted
 * through GDateTime, every booking held against every slot, every rule's visits merged by
 * start) on thousands of random queries in Europe/Amsterdam and Europe/Brussels, on ordinary
 * days and on the days summer time starts and ends.  The engine's fast paths (slots as local
 * midnight plus minutes, bookings as ranges of slots, counting without a list) must give what
 * the model gives.  LOKET_MODEL_SEED=N replays one seed. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "loket-slot-clock.h"
#include "loket-slots.h"

#define N_QUERIES 4000

typedef struct {
  GRand            *rand;
  GTimeZone        *tz;
  LoketSlotRule     rules[3];
  LoketSlotClosure  closures[2];
  LoketSlotBooking  bookings[40];
  LoketSlotQuery    query;
  GDate             day;
} Model;

static const int slot_lengths[] = { 5, 10, 15, 20, 30, 45, 60 };
static const int days[][3] = {
  { 2026, 3, 29 }, { 2026, 10, 25 }, { 2026, 3, 28 }, { 2026, 10, 26 }, { 2026, 6, 1 },
  { 2026, 6, 4 }, { 2026, 12, 31 }, { 2027, 3, 28 }, { 2027, 10, 31 },
};

static int
pick (Model *m, int from, int to)
{
  return g_rand_int_range (m->rand, from, to + 1);
}

static void
near_date (Model *m, GDate *date, int spread)
{
  *date = m->day;
  g_date_add_days (date, (guint) pick (m, 0, 2 * spread));
  g_date_subtract_days (date, (guint) spread);
}

static gint64
local_time (Model *m, const GDate *day, int minute)
{
  g_autoptr (GDateTime) dt = g_date_time_new (m->tz, g_date_get_year (day),
                                              g_date_get_month (day), g_date_get_day (day),
                                              minute / 60, minute % 60, 0);

  return g_date_time_to_unix (dt);
}

static void
random_rule (Model *m, LoketSlotRule *rule)
{
  int slot = slot_lengths[pick (m, 0, G_N_ELEMENTS (slot_lengths) - 1)];

  /* Mostly rules that open the day, so that most queries have places to compare. */
  *rule = (LoketSlotRule) { .weekdays = (guint8) (pick (m, 0, 1) ? 127 : pick (m, 1, 127)),
                            .slot_minutes = slot };
  rule->start_minute = pick (m, 0, 22 * 12) * 5;
  rule->end_minute = MIN (rule->start_minute + pick (m, 1, 40) * slot, 24 * 60);
  if (pick (m, 0, 20) == 0)
    rule->end_minute = rule->start_minute; /* nonsense: opens nothing */
  rule->places = pick (m, 0, 3);
  rule->public_places = pick (m, -1, 3);
  if (pick (m, 0, 2) == 0)
    near_date (m, &rule->valid_from, 20);
  if (pick (m, 0, 2) == 0)
    near_date (m, &rule->valid_until, 20);
  rule->every_weeks = (guint) (pick (m, 0, 2) == 0 ? pick (m, 2, 3) : pick (m, 0, 1));
  if (pick (m, 0, 1))
    near_date (m, &rule->anchor, 60);
  rule->opens_days = pick (m, 0, 8);
  rule->closes_days = pick (m, 0, 2);
  rule->min_notice_minutes = pick (m, 0, 1) ? pick (m, 0, 48) * 30 : 0;
}

static void
random_query (Model *m)
{
  const int *d = days[pick (m, 0, G_N_ELEMENTS (days) - 1)];
  guint n_rules = (guint) pick (m, 1, 3), n_closures = (guint) pick (m, 0, 3) / 2;
  guint n_bookings = (guint) pick (m, 0, 40);

  memset (m->rules, 0, sizeof m->rules);
  g_date_clear (&m->day, 1);
  g_date_set_dmy (&m->day, (GDateDay) d[2], (GDateMonth) d[1], (GDateYear) d[0]);
  for (guint i = 0; i < n_rules; i++)
    random_rule (m, &m->rules[i]);
  for (guint i = 0; i < n_closures; i++)
    {
      near_date (m, &m->closures[i].from, 10);
      m->closures[i].until = m->closures[i].from;
      g_date_add_days (&m->closures[i].until, (guint) pick (m, 0, 3));
    }
  for (guint i = 0; i < n_bookings; i++)
    {
      GDate on;
      LoketSlotBooking *b = &m->bookings[i];

      near_date (m, &on, 1);
      b->start = local_time (m, &on, pick (m, 0, 24 * 12 - 1) * 5);
      b->end = b->start + pick (m, 1, 36) * 5 * 60;
      b->channel = pick (m, 0, 2) ? LOKET_CHANNEL_DESK : LOKET_CHANNEL_WEB;
    }
  m->query = (LoketSlotQuery) {
    .tz = m->tz, .rules = m->rules, .n_rules = n_rules, .closures = m->closures,
    .n_closures = n_closures, .bookings = m->bookings, .n_bookings = n_bookings,
    .duration_minutes = pick (m, 0, 120), .channel = pick (m, 0, 1) ? LOKET_CHANNEL_DESK
                                                                     : LOKET_CHANNEL_WEB,
  };
  if (pick (m, 0, 1))
    m->query.not_before = local_time (m, &m->day, pick (m, 0, 24 * 4 - 1) * 15);
  if (pick (m, 0, 2) == 0)
    {
      GDate on;

      near_date (m, &on, 3);
      m->query.now = local_time (m, &on, pick (m, 0, 24 * 4 - 1) * 15);
    }
}

/* ---- the model ------------------------------------------------------------------------------- */

static gboolean
model_in_range (const GDate *day, const GDate *from, const GDate *until)
{
  return (!g_date_valid (from) || g_date_get_julian (from) <= g_date_get_julian (day))
         && (!g_date_valid (until) || g_date_get_julian (day) <= g_date_get_julian (until));
}

static guint32
model_monday (const GDate *day)
{
  return g_date_get_julian (day) - (g_date_get_weekday (day) - 1);
}

/* The rule opens the day: sane times, weekday, dates, week, and on the web with a now its
 * booking window. */
static gboolean
model_admits (Model *m, const LoketSlotRule *r)
{
  const GDate *anchor = g_date_valid (&r->anchor) ? &r->anchor : &r->valid_from;
  int bit = g_date_get_weekday (&m->day) - 1;

  if (r->slot_minutes <= 0 || r->start_minute >= r->end_minute || r->end_minute > 24 * 60
      || !(r->weekdays & (1 << bit)) || !model_in_range (&m->day, &r->valid_from, &r->valid_until))
    return FALSE;
  if (r->every_weeks > 1
      && (!g_date_valid (anchor)
          || (((gint64) model_monday (&m->day) - model_monday (anchor)) / 7) % r->every_weeks))
    return FALSE;
  if (m->query.channel == LOKET_CHANNEL_WEB && m->query.now != 0)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->query.now);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, m->tz);
      GDate today;
      gint64 ahead;

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (local),
                      (GDateMonth) g_date_time_get_month (local),
                      (GDateYear) g_date_time_get_year (local));
      ahead = (gint64) g_date_get_julian (&m->day) - g_date_get_julian (&today);
      if (ahead > r->opens_days || ahead < r->closes_days)
        return FALSE;
    }
  return TRUE;
}

static gboolean
model_closed (Model *m)
{
  for (guint i = 0; i < m->query.n_closures; i++)
    if (model_in_range (&m->day, &m->closures[i].from, &m->closures[i].until))
      return TRUE;
  return FALSE;
}

/* One rule's visits: every slot through GDateTime (a time GDateTime moves does not exist),
 * every booking against every slot, k slots in a row without a hole. */
static void
model_rule (Model *m, const LoketSlotRule *r, GArray *out)
{
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  int places = MAX (r->places, 0), web = CLAMP (r->public_places, 0, places);
  int share = m->query.channel == LOKET_CHANNEL_WEB ? web : places - web;
  int k = (MAX (m->query.duration_minutes, 1) + r->slot_minutes - 1) / r->slot_minutes;
  gint64 length = (gint64) r->slot_minutes * 60, earliest = m->query.not_before;

  if (m->query.channel == LOKET_CHANNEL_WEB && m->query.now != 0)
    earliest = MAX (earliest, m->query.now + (gint64) r->min_notice_minutes * 60);
  for (int minute = r->start_minute; minute + r->slot_minutes <= r->end_minute;
       minute += r->slot_minutes)
    {
      g_autoptr (GDateTime) dt = g_date_time_new (m->tz, g_date_get_year (&m->day),
                                                  g_date_get_month (&m->day),
                                                  g_date_get_day (&m->day), minute / 60,
                                                  minute % 60, 0);
      gint64 t = g_date_time_to_unix (dt);

      if (g_date_time_get_hour (dt) == minute / 60 && g_date_time_get_minute (dt) == minute % 60)
        g_array_append_val (starts, t);
    }
  for (guint i = 0; i + (guint) k <= starts->len; i++)
    {
      LoketSlot visit = { g_array_index (starts, gint64, i), 0, G_MAXINT };
      gboolean whole = TRUE;

      for (guint j = i; j < i + (guint) k; j++)
        {
          gint64 s = g_array_index (starts, gint64, j);
          int free = share;

          whole = whole && (j == i || s == g_array_index (starts, gint64, j - 1) + length);
          for (guint b = 0; b < m->query.n_bookings; b++)
            if (m->bookings[b].channel == m->query.channel && m->bookings[b].start < s + length
                && m->bookings[b].end > s)
              free--;
          visit.free = MIN (visit.free, free);
          visit.end = s + length;
        }
      if (whole && visit.free >= 1 && (earliest == 0 || visit.start >= earliest))
        g_array_append_val (out, visit);
    }
}

/* Every admitting rule's visits; for one start the most places free (then the earliest end). */
static GArray *
model_free_on_day (Model *m, gboolean *open)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (LoketSlot));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (LoketSlot));

  *open = FALSE;
  for (guint i = 0; i < m->query.n_rules && !model_closed (m); i++)
    if (model_admits (m, &m->rules[i]))
      {
        *open = TRUE;
        model_rule (m, &m->rules[i], all);
      }
  for (guint i = 0; i < all->len; i++)
    {
      const LoketSlot *v = &g_array_index (all, LoketSlot, i);
      gboolean better = TRUE;
      guint at = out->len;

      for (guint j = 0; j < out->len; j++)
        if (g_array_index (out, LoketSlot, j).start == v->start)
          {
            const LoketSlot *w = &g_array_index (out, LoketSlot, j);

            at = j;
            better = v->free > w->free || (v->free == w->free && v->end < w->end);
          }
      if (at == out->len)
        g_array_append_val (out, *v);
      else if (better)
        g_array_index (out, LoketSlot, at) = *v;
    }
  g_array_free (all, TRUE);
  for (guint i = 0; i < out->len; i++)
    for (guint j = i + 1; j < out->len; j++)
      if (g_array_index (out, LoketSlot, j).start < g_array_index (out, LoketSlot, i).start)
        {
          LoketSlot swap = g_array_index (out, LoketSlot, i);

          g_array_index (out, LoketSlot, i) = g_array_index (out, LoketSlot, j);
          g_array_index (out, LoketSlot, j) = swap;
        }
  return out;
}

/* ---- the comparison -------------------------------------------------------------------------- */

/* The marks of a uniform day are the model's starts as local minutes; the two days around a
 * change of offset are refused with nothing marked. */
static void
assert_same_marks (Model *m, guint32 seed, guint n, GArray *expected)
{
  guint64 minutes[LOKET_SLOTS_DAY_WORDS] = { 0 };
  guint64 wanted[LOKET_SLOTS_DAY_WORDS] = { 0 };
  gint64 midnight;
  gboolean uniform = loket_slot_clock_steady_midnight (m->tz, &m->day, &midnight);

  g_assert_cmpint (loket_slots_mark_free_on_day (&m->query, &m->day, minutes), ==, uniform);
  for (guint i = 0; uniform && i < expected->len; i++)
    {
      gint64 minute = (g_array_index (expected, LoketSlot, i).start - midnight) / 60;

      g_assert_cmpint (minute, >=, 0);
      g_assert_cmpint (minute, <, 24 * 60);
      wanted[minute / 64] |= G_GUINT64_CONSTANT (1) << (minute % 64);
    }
  for (guint w = 0; w < LOKET_SLOTS_DAY_WORDS; w++)
    if (minutes[w] != wanted[w])
      g_error ("seed %u query %u: the marks of minutes %u-%u differ from the model's starts",
               seed, n, w * 64, w * 64 + 63);
}

static void
assert_same (Model *m, guint32 seed, guint n)
{
  gboolean model_open;
  g_autoptr (GArray) expected = model_free_on_day (m, &model_open);
  g_autoptr (GArray) found = loket_slots_free_on_day (&m->query, &m->day);

  if (found->len != expected->len)
    g_error ("seed %u query %u: %u free starts, the model has %u", seed, n, found->len,
             expected->len);
  for (guint i = 0; i < found->len; i++)
    {
      const LoketSlot *f = &g_array_index (found, LoketSlot, i);
      const LoketSlot *e = &g_array_index (expected, LoketSlot, i);
      gint64 end = 0;

      if (f->start != e->start || f->end != e->end || f->free != e->free)
        g_error ("seed %u query %u, start %u: %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                 " free %d, the model has %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " free %d",
                 seed, n, i, f->start, f->end, f->free, e->start, e->end, e->free);
      g_assert_true (loket_slots_check (&m->query, f->start, &end, NULL));
      g_assert_cmpint (end, ==, f->end);
    }
  g_assert_cmpuint (loket_slots_count_free_on_day (&m->query, &m->day), ==, expected->len);
  g_assert_cmpint (loket_slots_opens_on_day (&m->query, &m->day), ==, model_open);
  assert_same_marks (m, seed, n, expected);
}

static void
test_model (gconstpointer data)
{
  const char *zone = data;
  const char *fixed = g_getenv ("LOKET_MODEL_SEED");
  guint32 seed = fixed != NULL ? (guint32) g_ascii_strtoull (fixed, NULL, 10)
                               : (guint32) g_test_rand_int ();
  Model m = { 0 };
  guint compared = 0;

  g_test_message ("seed %u (LOKET_MODEL_SEED=%u replays it)", seed, seed);
  m.rand = g_rand_new_with_seed (seed);
  m.tz = g_time_zone_new_identifier (zone);
  g_assert_cmpstr (g_time_zone_get_identifier (m.tz), ==, zone);
  for (guint n = 0; n < N_QUERIES; n++)
    {
      random_query (&m);
      assert_same (&m, seed, n);
      compared += loket_slots_count_free_on_day (&m.query, &m.day);
    }
  /* Not an empty comparison: most queries offer something. */
  g_assert_cmpuint (compared, >, N_QUERIES);
  g_time_zone_unref (m.tz);
  g_rand_free (m.rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/slots/model/Europe-Amsterdam", "Europe/Amsterdam", test_model);
  g_test_add_data_func ("/slots/model/Europe-Brussels", "Europe/Brussels", test_model);

  return g_test_run ();
}
