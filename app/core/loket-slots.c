/* loket-slots.c: the slot engine shared by the desk and the server.
 *
 * A rule opens a capacity on some weekdays between two wall-clock times, cut into slots of a
 * fixed length.  Each slot has `places` places, split into a web share and a desk share so that
 * offline desks rarely compete with citizens booking online.  A visit takes as many consecutive
 * slots as its norm time needs and is free when every one of them has a place left in the share
 * of its channel.
 *
 * Slot times are wall-clock times in the location's zone, converted to Unix seconds through
 * GDateTime, so a rule "09:00–12:00" means 09:00 local in summer and in winter alike.  A slot
 * always lasts slot_minutes of real time. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
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
  REFUSAL_NOT_A_START,
  REFUSAL_NO_SHARE,
  REFUSAL_PAST_CLOSING,
  REFUSAL_TAKEN,
} Refusal;

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

static gboolean
rule_opens_on (const LoketSlotRule *rule, const GDate *day)
{
  guint bit = (guint) g_date_get_weekday (day) - 1; /* G_DATE_MONDAY is 1 */

  return rule_is_sane (rule) && (rule->weekdays & (1u << bit)) != 0
         && date_in_range (day, &rule->valid_from, &rule->valid_until);
}

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

/* FALSE for a wall-clock time that does not exist on that day (the hour skipped when summer
 * time starts): GDateTime silently moves such a time forward, which would create a slot
 * nobody configured. */
static gboolean
wall_clock_to_unix (GTimeZone *tz, const GDate *day, int minute, gint64 *unix_time)
{
  int hour = minute / 60, min = minute % 60;
  g_autoptr (GDateTime) dt = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                              g_date_get_day (day), hour, min, 0);

  if (dt == NULL || g_date_time_get_hour (dt) != hour || g_date_time_get_minute (dt) != min)
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

/* No change of UTC offset within a day of [first, last] (Unix seconds): every wall-clock time
 * between them then exists once, at a constant offset. */
static gboolean
steady_offset (GTimeZone *tz, gint64 first, gint64 last)
{
  const gint64 day = 24 * 60 * 60;

  return g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, first - day)
         == g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, last + day);
}

/* The rule's slots on the day.  Converting every wall-clock start through GDateTime was most
 * of what a server-side booking check cost; away from a change of offset the starts are the
 * first one plus whole minutes, which is what GDateTime would give.  Near a change (twice a
 * year) each start is converted on its own. */
static GArray *
rule_spans (const LoketSlotQuery *query, const LoketSlotRule *rule, const GDate *day)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (SlotState));
  int n = (rule->end_minute - rule->start_minute) / rule->slot_minutes;
  int last = rule->start_minute + (n - 1) * rule->slot_minutes;
  gint64 first_at = 0, last_at = 0;
  gboolean steady = n > 0 && wall_clock_to_unix (query->tz, day, rule->start_minute, &first_at)
                    && wall_clock_to_unix (query->tz, day, last, &last_at)
                    && steady_offset (query->tz, first_at, last_at);

  for (int m = rule->start_minute; m + rule->slot_minutes <= rule->end_minute;
       m += rule->slot_minutes)
    {
      SlotState slot = { 0 };

      if (steady)
        slot.start = first_at + (gint64) (m - rule->start_minute) * 60;
      else if (!wall_clock_to_unix (query->tz, day, m, &slot.start))
        continue;
      slot.end = slot.start + (gint64) rule->slot_minutes * 60;
      g_array_append_val (spans, slot);
    }

  return spans;
}

static gboolean
booking_overlaps (const LoketSlotBooking *booking, gint64 start, gint64 end)
{
  return booking->start < end && booking->end > start;
}

/* The bookings of the query's channel that touch [start, end): the list holds every active
 * booking of the capacity, so narrowing it once per rule keeps the per-slot count short. */
static GPtrArray *
channel_bookings_within (const LoketSlotQuery *query, gint64 start, gint64 end)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < query->n_bookings; i++)
    {
      const LoketSlotBooking *b = &query->bookings[i];

      if (b->channel == query->channel && booking_overlaps (b, start, end))
        g_ptr_array_add (found, (gpointer) b);
    }

  return found;
}

/* The rule's slots on the day with the places each has left in the query's channel. */
static GArray *
rule_slots (const LoketSlotQuery *query, const LoketSlotRule *rule, const GDate *day)
{
  GArray *slots = rule_spans (query, rule, day);
  g_autoptr (GPtrArray) bookings = NULL;
  int share = channel_share (rule, query->channel);

  if (slots->len == 0)
    return slots;

  bookings = channel_bookings_within (query, g_array_index (slots, SlotState, 0).start,
                                      g_array_index (slots, SlotState, slots->len - 1).end);
  for (guint i = 0; i < slots->len; i++)
    {
      SlotState *slot = &g_array_index (slots, SlotState, i);

      slot->free = share;
      for (guint j = 0; j < bookings->len; j++)
        if (booking_overlaps (g_ptr_array_index (bookings, j), slot->start, slot->end))
          slot->free--;
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
collect_rule_visits (const LoketSlotQuery *query, const LoketSlotRule *rule, const GDate *day,
                     GArray *out)
{
  g_autoptr (GArray) slots = rule_slots (query, rule, day);
  int k = slots_per_visit (query, rule);

  for (guint i = 0; i < slots->len; i++)
    {
      LoketSlot visit;

      if (!visit_at (slots, i, k, &visit) || visit.free < 1)
        continue;
      if (query->not_before != 0 && visit.start < query->not_before)
        continue;
      g_array_append_val (out, visit);
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

static void
sort_and_dedupe (GArray *visits)
{
  guint kept = 0;

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

GArray *
loket_slots_free_on_day (const LoketSlotQuery *query, const GDate *day)
{
  GArray *visits;

  g_return_val_if_fail (query != NULL && query_is_valid (query), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  visits = g_array_new (FALSE, FALSE, sizeof (LoketSlot));
  if (day_is_closed (query, day))
    return visits;

  for (guint i = 0; i < query->n_rules; i++)
    if (rule_opens_on (&query->rules[i], day))
      collect_rule_visits (query, &query->rules[i], day, visits);

  sort_and_dedupe (visits);
  return visits;
}

/* Why one rule that opens on the day does not offer start.  Only called after start was found
 * not to be free and not to lie before not_before. */
static Refusal
rule_refusal (const LoketSlotQuery *query, const LoketSlotRule *rule, const GDate *day,
              gint64 start)
{
  g_autoptr (GArray) slots = rule_slots (query, rule, day);
  LoketSlot visit;

  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, SlotState, i).start != start)
        continue;
      if (channel_share (rule, query->channel) == 0)
        return REFUSAL_NO_SHARE;
      if (!visit_at (slots, i, slots_per_visit (query, rule), &visit))
        return REFUSAL_PAST_CLOSING;
      g_assert (visit.free < 1);
      return REFUSAL_TAKEN;
    }

  return REFUSAL_NOT_A_START;
}

static void
set_refusal_error (const LoketSlotQuery *query, Refusal refusal, GError **error)
{
  switch (refusal)
    {
    case REFUSAL_TAKEN:
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN,
                           _("This time is fully booked. Please choose another time."));
      break;
    case REFUSAL_PAST_CLOSING:
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("The appointment would not be finished before closing time. "
                             "Please choose an earlier time."));
      break;
    case REFUSAL_NO_SHARE:
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           query->channel == LOKET_CHANNEL_WEB
                               ? _("This time cannot be booked online.")
                               : _("This time cannot be booked at the desk."));
      break;
    case REFUSAL_NOT_A_START:
    default:
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("Appointments cannot start at this time. "
                             "Please choose one of the offered times."));
      break;
    }
}

/* Explains, as a GError, why start is not among the free starts of day. */
static gboolean
refuse (const LoketSlotQuery *query, const GDate *day, gint64 start, GError **error)
{
  Refusal refusal = REFUSAL_NOT_A_START;
  gboolean open = FALSE;

  if (day_is_closed (query, day))
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
      if (!rule_opens_on (&query->rules[i], day))
        continue;
      open = TRUE;
      refusal = MAX (refusal, rule_refusal (query, &query->rules[i], day, start));
    }

  if (!open)
    g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                         _("The agenda is not open on this day."));
  else
    set_refusal_error (query, refusal, error);

  return FALSE;
}

/* The local calendar date of a Unix time in tz; FALSE when it lies outside GDateTime's range. */
static gboolean
local_date (GTimeZone *tz, gint64 unix_time, GDate *day)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) local = NULL;
  int y, m, d;

  if (utc == NULL || (local = g_date_time_to_timezone (utc, tz)) == NULL)
    return FALSE;

  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (day, 1);
  g_date_set_dmy (day, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

gboolean
loket_slots_check (const LoketSlotQuery *query, gint64 start, gint64 *end, GError **error)
{
  g_autoptr (GArray) visits = NULL;
  GDate day;

  g_return_val_if_fail (query != NULL && query_is_valid (query), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!local_date (query->tz, start, &day))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("Appointments cannot start at this time. "
                             "Please choose one of the offered times."));
      return FALSE;
    }

  /* Deciding through free_on_day keeps check and the offered times in agreement by
   * construction; the slower path below only runs to explain a refusal. */
  visits = loket_slots_free_on_day (query, &day);
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

  return refuse (query, &day, start, error);
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
