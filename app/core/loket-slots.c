/* loket-slots.c: the slot engine shared by the desk and the server.
 *
 * A rule opens a capacity on some weekdays between two wall-clock times, cut into slots of a
 * fixed length.  Each slot has `places` places, split into a web share and a desk share so that
 * offline desks rarely compete with citizens booking online.  A visit takes as many consecutive
 * slots as its norm time needs and is free when every one of them has a place left in the share
 * of its channel.
 *
 * Slot times are wall-clock times in the location's zone, so a rule "09:00–12:00" means 09:00
 * local in summer and in winter alike.  A slot always lasts slot_minutes of real time.  On the
 * days a zone keeps one UTC offset (all but the two around a change, loket-slot-clock.c) a
 * slot's time is local midnight plus whole minutes and a booking takes places from a range of
 * slots; on the others every start goes through GDateTime on its own, and a start in the hour
 * summer time skips does not exist.  Both ways must agree with a plain model of this file
 * (tests/core/test-slots-model.c). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-slot-clock.h"
#include "loket-slots.h"

#define MINUTES_PER_DAY (24 * 60)

/* One slot of one rule on one day, with the places left in the query's channel. */
typedef struct
{
  gint64 start;
  gint64 end;
  int free;
} SlotState;

/* Why check() refused a start time, from least to most specific: the most specific reason
 * over all rules is what the clerk gets to read. */
typedef enum
{
  REFUSAL_NONE,
  REFUSAL_NOT_A_START,
  REFUSAL_NO_SHARE,
  REFUSAL_NOT_YET_OPEN,
  REFUSAL_BOOKING_CLOSED,
  REFUSAL_TOO_SOON,
  REFUSAL_PAST_CLOSING,
  REFUSAL_TAKEN,
} Refusal;

/* One question about one local day: the query, the day, and whether (and how many days ahead
 * of today) the web's booking window applies. */
typedef struct
{
  const LoketSlotQuery *query;
  const GDate *day;
  guint32 julian;       /* its Julian day */
  gint64 monday;        /* Julian day of the Monday of its week */
  guint weekday_bit;    /* bit 0 = Monday */
  gboolean uniform;     /* the day keeps one UTC offset … */
  gint64 midnight;      /* … and its local midnight is then at this Unix time */
  gboolean window;
  gint64 days_ahead;
} DayAsk;

/* ---- Which rules open a day ---- */

/* An invalid (cleared) bound means "no bound": a rule without an end date runs on. */
static gboolean
date_in_range (const GDate *day, const GDate *from, const GDate *until)
{
  if (g_date_valid (from) && g_date_compare (day, from) < 0)
    return FALSE;
  if (g_date_valid (until) && g_date_compare (day, until) > 0)
    return FALSE;

  return TRUE;
}

/* date_in_range for a day given by its Julian number. */
static gboolean
julian_in_range (guint32 julian, const GDate *from, const GDate *until)
{
  if (g_date_valid (from) && julian < g_date_get_julian (from))
    return FALSE;
  if (g_date_valid (until) && julian > g_date_get_julian (until))
    return FALSE;

  return TRUE;
}

static gboolean
day_is_closed (const LoketSlotQuery *query, const GDate *day)
{
  for (guint i = 0; i < query->n_closures; i++)
    if (date_in_range (day, &query->closures[i].from, &query->closures[i].until))
      return TRUE;

  return FALSE;
}

/* A rule with nonsense times opens nothing rather than looping or building invalid times: the
 * engine must stay total whatever the agenda configuration holds. */
static gboolean
rule_is_sane (const LoketSlotRule *rule)
{
  return rule->slot_minutes > 0 && rule->start_minute >= 0
         && rule->end_minute <= MINUTES_PER_DAY && rule->start_minute < rule->end_minute;
}

/* Julian day of the Monday of the date's week. */
static gint64
monday_of (const GDate *day)
{
  return (gint64) g_date_get_julian (day) - ((gint64) g_date_get_weekday (day) - 1);
}

/* Every n-th week, counted from the Monday of the anchor's week (see loket-slots.h). */
static gboolean
week_matches (const LoketSlotRule *rule, const DayAsk *ask)
{
  const GDate *anchor = g_date_valid (&rule->anchor) ? &rule->anchor : &rule->valid_from;
  gint64 weeks;

  if (rule->every_weeks <= 1)
    return TRUE;
  if (!g_date_valid (anchor))
    return FALSE;

  weeks = (ask->monday - monday_of (anchor)) / 7;
  return weeks % (gint64) rule->every_weeks == 0;
}

static gboolean
rule_opens_on (const LoketSlotRule *rule, const DayAsk *ask)
{
  return rule_is_sane (rule) && (rule->weekdays & ask->weekday_bit) != 0
         && julian_in_range (ask->julian, &rule->valid_from, &rule->valid_until)
         && week_matches (rule, ask);
}

static Refusal
window_refusal (const DayAsk *ask, const LoketSlotRule *rule)
{
  if (!ask->window)
    return REFUSAL_NONE;
  if (ask->days_ahead > rule->opens_days)
    return REFUSAL_NOT_YET_OPEN;
  if (ask->days_ahead < rule->closes_days)
    return REFUSAL_BOOKING_CLOSED;

  return REFUSAL_NONE;
}

static gboolean
rule_admits (const DayAsk *ask, const LoketSlotRule *rule)
{
  return rule_opens_on (rule, ask) && window_refusal (ask, rule) == REFUSAL_NONE;
}

/* The earliest start the rule may offer (0: any): not before not_before, and on the web with
 * a `now` not before the minimum notice has passed. */
static gint64
rule_earliest (const DayAsk *ask, const LoketSlotRule *rule)
{
  gint64 earliest = ask->query->not_before;

  if (ask->window)
    earliest = MAX (earliest, ask->query->now + (gint64) MAX (rule->min_notice_minutes, 0) * 60);
  return earliest;
}

static void
day_ask_init (DayAsk *ask, const LoketSlotQuery *query, const GDate *day)
{
  GDate today;

  *ask = (DayAsk) {
    .query = query,
    .day = day,
    .julian = g_date_get_julian (day),
    .monday = monday_of (day),
    .weekday_bit = 1u << ((guint) g_date_get_weekday (day) - 1), /* G_DATE_MONDAY is 1 */
    .window = query->channel == LOKET_CHANNEL_WEB && query->now != 0,
  };
  ask->uniform = loket_slot_clock_steady_midnight (query->tz, day, &ask->midnight);
  if (!ask->window)
    return;
  /* A `now` GDateTime cannot place lies so far off that no day is bookable from it. */
  if (loket_slot_clock_local_date (query->tz, query->now, &today))
    ask->days_ahead = (gint64) g_date_get_julian (day) - (gint64) g_date_get_julian (&today);
  else
    ask->days_ahead = G_MININT32;
}

/* ---- Slots and places ---- */

static int
channel_share (const LoketSlotRule *rule, LoketChannel channel)
{
  int places = MAX (rule->places, 0);
  int web = CLAMP (rule->public_places, 0, places);

  return channel == LOKET_CHANNEL_WEB ? web : places - web;
}

/* Slots per visit; a visit always takes at least one slot, even with no norm time set. */
static int
slots_per_visit (const LoketSlotQuery *query, const LoketSlotRule *rule)
{
  int duration = MAX (query->duration_minutes, 1);

  return (duration + rule->slot_minutes - 1) / rule->slot_minutes;
}

static gboolean
booking_overlaps (const LoketSlotBooking *booking, gint64 start, gint64 end)
{
  return booking->start < end && booking->end > start;
}

/* Where a day's visits go: into a list, marked by their start's minute of a uniform day, or
 * only counted. */
typedef struct
{
  GArray *out;        /* LoketSlot; NULL: not listed */
  guint64 *minutes;   /* LOKET_SLOTS_DAY_WORDS words; NULL: not marked */
  gint64 midnight;    /* with minutes: the day's local midnight */
  guint count;
} Sink;

static void
sink_add (Sink *sink, const LoketSlot *visit)
{
  if (sink->out != NULL)
    g_array_append_val (sink->out, *visit);
  if (sink->minutes != NULL)
    {
      guint minute = (guint) ((visit->start - sink->midnight) / 60);

      sink->minutes[minute / 64] |= G_GUINT64_CONSTANT (1) << (minute % 64);
    }
  sink->count++;
}

/* Counts the visits of k slots from slot i0 on that have a place left in every slot: a visit
 * at i is free when the run of slots with a place left that starts at i is k long. */
static guint
count_free_runs (const int *free, int n, int i0, int k)
{
  guint count = 0;
  int run = 0;

  for (int i = n - 1; i >= i0; i--)
    {
      run = free[i] >= 1 ? run + 1 : 0;
      count += run >= k;
    }
  return count;
}

/* A rule's visits on a day that keeps one UTC offset (all but two days a year): its slots are
 * local midnight plus whole minutes, one after the other without a hole, so the places a booking
 * takes are a range of them and a slot's times follow from its number.  This is what the
 * month calendar spends its time on.  Offsets within the day fit an int. */
static void
uniform_rule_visits (const DayAsk *ask, const LoketSlotRule *rule, Sink *sink)
{
  const LoketSlotQuery *query = ask->query;
  int n = (rule->end_minute - rule->start_minute) / rule->slot_minutes;
  int length = rule->slot_minutes * 60, k = slots_per_visit (query, rule);
  int share = channel_share (rule, query->channel), i0 = 0;
  gint64 first = ask->midnight + (gint64) rule->start_minute * 60, until = first + n * length;
  gint64 earliest = rule_earliest (ask, rule);
  int free[MINUTES_PER_DAY];

  g_assert (n <= MINUTES_PER_DAY);
  for (int i = 0; i < n; i++)
    free[i] = share;
  for (guint b = 0; b < query->n_bookings; b++)
    {
      const LoketSlotBooking *booking = &query->bookings[b];
      int lo, hi;

      if (booking->channel != query->channel || !booking_overlaps (booking, first, until))
        continue;
      lo = booking->start <= first ? 0 : (int) (booking->start - first) / length;
      hi = booking->end >= until ? n : ((int) (booking->end - first) + length - 1) / length;
      for (int i = lo; i < hi; i++)
        free[i]--;
    }
  if (earliest != 0 && earliest > first)
    i0 = earliest >= until ? n : ((int) (earliest - first) + length - 1) / length;
  if (sink->out == NULL && sink->minutes == NULL)
    {
      sink->count += count_free_runs (free, n, i0, k);
      return;
    }
  for (int i = i0; i + k <= n; i++)
    {
      LoketSlot visit = { first + (gint64) i * length, first + (gint64) (i + k) * length, free[i] };

      for (int j = i + 1; j < i + k; j++)
        visit.free = MIN (visit.free, free[j]);
      if (visit.free >= 1)
        sink_add (sink, &visit);
    }
}

/* The rule's slots on the day, one by one: on a uniform day local midnight plus whole minutes,
 * on the days around a change of offset each start converted on its own (a slot in the skipped
 * hour does not exist). */
static GArray *
rule_spans (const DayAsk *ask, const LoketSlotRule *rule)
{
  int n = (rule->end_minute - rule->start_minute) / rule->slot_minutes;
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (SlotState), (guint) n);

  for (int m = rule->start_minute; m + rule->slot_minutes <= rule->end_minute;
       m += rule->slot_minutes)
    {
      SlotState slot = { 0 };

      if (ask->uniform)
        slot.start = ask->midnight + (gint64) m * 60;
      else if (!loket_slot_clock_wall_to_unix (ask->query->tz, ask->day, m, &slot.start))
        continue;
      slot.end = slot.start + (gint64) rule->slot_minutes * 60;
      g_array_append_val (spans, slot);
    }

  return spans;
}

/* The rule's slots on the day with the places each has left in the query's channel. */
static GArray *
rule_slots (const DayAsk *ask, const LoketSlotRule *rule)
{
  const LoketSlotQuery *query = ask->query;
  GArray *slots = rule_spans (ask, rule);
  int share = channel_share (rule, query->channel);
  SlotState *slot = (SlotState *) (gpointer) slots->data;
  gint64 from, until;

  if (slots->len == 0)
    return slots;

  from = slot[0].start;
  until = slot[slots->len - 1].end;
  for (guint i = 0; i < slots->len; i++)
    slot[i].free = share;
  for (guint b = 0; b < query->n_bookings; b++)
    {
      const LoketSlotBooking *booking = &query->bookings[b];

      if (booking->channel != query->channel || !booking_overlaps (booking, from, until))
        continue;
      for (guint i = 0; i < slots->len; i++)
        if (booking_overlaps (booking, slot[i].start, slot[i].end))
          slot[i].free--;
    }

  return slots;
}

/* The visit of k slots starting at slot i.  The slots must follow each other without a gap in
 * real time: when summer time ends a wall-clock hour repeats and GDateTime takes the later one,
 * leaving a hole no visit may span. */
static gboolean
visit_at (GArray *slots, guint i, int k, LoketSlot *visit)
{
  const SlotState *first = &g_array_index (slots, SlotState, i);

  if (i + (guint) k > slots->len)
    return FALSE;

  visit->start = first->start;
  visit->end = first->end;
  visit->free = first->free;
  for (guint j = i + 1; j < i + (guint) k; j++)
    {
      const SlotState *next = &g_array_index (slots, SlotState, j);

      if (next->start != visit->end)
        return FALSE;
      visit->end = next->end;
      visit->free = MIN (visit->free, next->free);
    }

  return TRUE;
}

static void
rule_visits (const DayAsk *ask, const LoketSlotRule *rule, Sink *sink)
{
  g_autoptr (GArray) slots = NULL;
  int k;
  gint64 earliest;

  if (ask->uniform)
    {
      uniform_rule_visits (ask, rule, sink);
      return;
    }

  slots = rule_slots (ask, rule);
  k = slots_per_visit (ask->query, rule);
  earliest = rule_earliest (ask, rule);
  for (guint i = 0; i < slots->len; i++)
    {
      LoketSlot visit;

      if (!visit_at (slots, i, k, &visit) || visit.free < 1)
        continue;
      if (earliest != 0 && visit.start < earliest)
        continue;
      sink_add (sink, &visit);
    }
}

/* By start time; for equal starts the one with most places free first, so that de-duplication
 * keeps the most generous rule's offer. */
static int
compare_slots (gconstpointer a, gconstpointer b)
{
  const LoketSlot *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->free != y->free)
    return x->free > y->free ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;

  return 0;
}

static gboolean
strictly_ascending (GArray *visits)
{
  for (guint i = 1; i < visits->len; i++)
    {
      const LoketSlot *v = &g_array_index (visits, LoketSlot, i);

      if (v[-1].start >= v->start)
        return FALSE;
    }

  return TRUE;
}

/* Rules that do not overlap give their visits in order already; only overlapping ones (or rules
 * listed out of order) need the sort. */
static void
sort_and_dedupe (GArray *visits)
{
  guint kept = 0;

  if (strictly_ascending (visits))
    return;

  g_array_sort (visits, compare_slots);
  for (guint i = 0; i < visits->len; i++)
    {
      const LoketSlot *v = &g_array_index (visits, LoketSlot, i);

      if (kept > 0 && g_array_index (visits, LoketSlot, kept - 1).start == v->start)
        continue;
      g_array_index (visits, LoketSlot, kept++) = *v;
    }
  g_array_set_size (visits, kept);
}

static gboolean
query_is_valid (const LoketSlotQuery *query)
{
  return query->tz != NULL && (query->rules != NULL || query->n_rules == 0)
         && (query->closures != NULL || query->n_closures == 0)
         && (query->bookings != NULL || query->n_bookings == 0);
}

/* Every free visit of the day, in order, each start once. */
static void
collect_day (const DayAsk *ask, GArray *visits)
{
  Sink sink = { .out = visits };

  if (day_is_closed (ask->query, ask->day))
    return;

  for (guint i = 0; i < ask->query->n_rules; i++)
    if (rule_admits (ask, &ask->query->rules[i]))
      rule_visits (ask, &ask->query->rules[i], &sink);

  sort_and_dedupe (visits);
}

/* Counting without a list works while the rules that admit the day have wall-clock hours that
 * do not overlap: only then could two of them offer the same start (wall-clock times map to
 * distinct instants). */
#define MAX_RULES_COUNTED 16

static gboolean
rules_overlap (const LoketSlotRule *const *rules, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (rules[i]->start_minute < rules[j]->end_minute
          && rules[j]->start_minute < rules[i]->end_minute)
        return TRUE;

  return FALSE;
}

static guint
count_day (const DayAsk *ask)
{
  const LoketSlotQuery *query = ask->query;
  const LoketSlotRule *admitted[MAX_RULES_COUNTED];
  g_autoptr (GArray) visits = NULL;
  Sink sink = { .out = NULL };
  guint n = 0;

  if (day_is_closed (query, ask->day))
    return 0;

  for (guint i = 0; i < query->n_rules && n <= MAX_RULES_COUNTED; i++)
    if (rule_admits (ask, &query->rules[i]) && n++ < MAX_RULES_COUNTED)
      admitted[n - 1] = &query->rules[i];
  if (n <= MAX_RULES_COUNTED && !rules_overlap (admitted, n))
    {
      for (guint i = 0; i < n; i++)
        rule_visits (ask, admitted[i], &sink);
      return sink.count;
    }

  visits = g_array_new (FALSE, FALSE, sizeof (LoketSlot));
  collect_day (ask, visits);
  return visits->len;
}

GArray *
loket_slots_free_on_day (const LoketSlotQuery *query, const GDate *day)
{
  GArray *visits;
  DayAsk ask;

  g_return_val_if_fail (query != NULL && query_is_valid (query), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  day_ask_init (&ask, query, day);
  visits = g_array_new (FALSE, FALSE, sizeof (LoketSlot));
  collect_day (&ask, visits);
  return visits;
}

gboolean
loket_slots_mark_free_on_day (const LoketSlotQuery *query, const GDate *day,
                              guint64 minutes[LOKET_SLOTS_DAY_WORDS])
{
  DayAsk ask;
  Sink sink = { .minutes = minutes };

  g_return_val_if_fail (query != NULL && query_is_valid (query), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  day_ask_init (&ask, query, day);
  if (!ask.uniform)
    return FALSE;
  if (day_is_closed (query, day))
    return TRUE;
  /* Visits start at local midnight plus whole minutes on a uniform day (uniform_rule_visits),
   * and two rules that offer one start mark one bit. */
  sink.midnight = ask.midnight;
  for (guint i = 0; i < query->n_rules; i++)
    if (rule_admits (&ask, &query->rules[i]))
      rule_visits (&ask, &query->rules[i], &sink);
  return TRUE;
}

guint
loket_slots_count_free_on_day (const LoketSlotQuery *query, const GDate *day)
{
  DayAsk ask;

  g_return_val_if_fail (query != NULL && query_is_valid (query), 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  day_ask_init (&ask, query, day);
  return count_day (&ask);
}

gboolean
loket_slots_opens_on_day (const LoketSlotQuery *query, const GDate *day)
{
  DayAsk ask;

  g_return_val_if_fail (query != NULL && query_is_valid (query), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (day_is_closed (query, day))
    return FALSE;
  day_ask_init (&ask, query, day);
  for (guint i = 0; i < query->n_rules; i++)
    if (rule_admits (&ask, &query->rules[i]))
      return TRUE;

  return FALSE;
}

/* ---- Why a start time is refused ---- */

/* Why one rule that opens on the day does not offer start.  Only called after start was found
 * not to be free and not to lie before not_before. */
static Refusal
rule_refusal (const DayAsk *ask, const LoketSlotRule *rule, gint64 start)
{
  g_autoptr (GArray) slots = rule_slots (ask, rule);
  Refusal window;
  LoketSlot visit;

  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, SlotState, i).start != start)
        continue;
      if (channel_share (rule, ask->query->channel) == 0)
        return REFUSAL_NO_SHARE;
      if ((window = window_refusal (ask, rule)) != REFUSAL_NONE)
        return window;
      if (start < rule_earliest (ask, rule))
        return REFUSAL_TOO_SOON;
      if (!visit_at (slots, i, slots_per_visit (ask->query, rule), &visit))
        return REFUSAL_PAST_CLOSING;
      g_assert (visit.free < 1);
      return REFUSAL_TAKEN;
    }

  return REFUSAL_NOT_A_START;
}

static const char *
refusal_message (const LoketSlotQuery *query, Refusal refusal)
{
  switch (refusal)
    {
    case REFUSAL_TAKEN:
      return _("This time is fully booked. Please choose another time.");
    case REFUSAL_PAST_CLOSING:
      return _("The appointment would not be finished before closing time. "
               "Please choose an earlier time.");
    case REFUSAL_TOO_SOON:
      return _("This time is too soon to book online. Please choose a later time.");
    case REFUSAL_BOOKING_CLOSED:
      return _("Online booking for this day has closed. Please choose a later day.");
    case REFUSAL_NOT_YET_OPEN:
      return _("This day cannot be booked online yet. Please choose an earlier day.");
    case REFUSAL_NO_SHARE:
      return query->channel == LOKET_CHANNEL_WEB ? _("This time cannot be booked online.")
                                                 : _("This time cannot be booked at the desk.");
    case REFUSAL_NONE:
    case REFUSAL_NOT_A_START:
    default:
      return _("Appointments cannot start at this time. Please choose one of the offered times.");
    }
}

/* Explains, as a GError, why start is not among the free starts of the day. */
static gboolean
refuse (const DayAsk *ask, gint64 start, GError **error)
{
  const LoketSlotQuery *query = ask->query;
  Refusal refusal = REFUSAL_NOT_A_START;
  gboolean open = FALSE;

  if (day_is_closed (query, ask->day))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("The agenda is closed on this day."));
      return FALSE;
    }

  if (query->not_before != 0 && start < query->not_before)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("This time can no longer be booked. Please choose a later time."));
      return FALSE;
    }

  for (guint i = 0; i < query->n_rules; i++)
    {
      if (!rule_opens_on (&query->rules[i], ask))
        continue;
      open = TRUE;
      refusal = MAX (refusal, rule_refusal (ask, &query->rules[i], start));
    }

  g_set_error_literal (error, LOKET_ERROR,
                       refusal == REFUSAL_TAKEN ? LOKET_ERROR_SLOT_TAKEN : LOKET_ERROR_CLOSED,
                       open ? refusal_message (query, refusal)
                            : _("The agenda is not open on this day."));
  return FALSE;
}

gboolean
loket_slots_check (const LoketSlotQuery *query, gint64 start, gint64 *end, GError **error)
{
  g_autoptr (GArray) visits = NULL;
  GDate day;
  DayAsk ask;

  g_return_val_if_fail (query != NULL && query_is_valid (query), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!loket_slot_clock_local_date (query->tz, start, &day))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("Appointments cannot start at this time. "
                             "Please choose one of the offered times."));
      return FALSE;
    }

  /* Deciding through the free starts keeps check and the offered times in agreement by
   * construction; the slower path below only runs to explain a refusal. */
  day_ask_init (&ask, query, &day);
  visits = g_array_new (FALSE, FALSE, sizeof (LoketSlot));
  collect_day (&ask, visits);
  for (guint i = 0; i < visits->len; i++)
    {
      const LoketSlot *visit = &g_array_index (visits, LoketSlot, i);

      if (visit->start == start)
        {
          if (end != NULL)
            *end = visit->end;
          return TRUE;
        }
    }

  return refuse (&ask, start, error);
}

static gboolean
all_digits (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;

  return TRUE;
}

int
loket_slots_parse_clock (const char *hhmm)
{
  const char *colon;
  gsize hour_len;
  int hours, minutes;

  g_return_val_if_fail (hhmm != NULL, -1);

  /* "8:30" is how people write it; the minutes always have two digits, so "08:3" is a typing
   * slip rather than 08:03. */
  colon = strchr (hhmm, ':');
  if (colon == NULL)
    return -1;
  hour_len = (gsize) (colon - hhmm);
  if (hour_len < 1 || hour_len > 2 || strlen (colon + 1) != 2 || !all_digits (hhmm, hour_len)
      || !all_digits (colon + 1, 2))
    return -1;

  hours = (int) g_ascii_strtoll (hhmm, NULL, 10);
  minutes = (int) g_ascii_strtoll (colon + 1, NULL, 10);
  if (hours > 23 || minutes > 59)
    return -1;

  return hours * 60 + minutes;
}
