/* loket-slot-clock.c — local days and wall-clock times for the slot engine. */
#include "config.h"

#include "loket-slot-clock.h"

#include <string.h>

#define SECONDS_PER_DAY (24 * 60 * 60)

/* Midnight UTC at the start of a date: Julian day 719163 of GDate is 1 January 1970. */
gint64
loket_slot_clock_day_start (const GDate *day)
{
  return ((gint64) g_date_get_julian (day) - 719163) * SECONDS_PER_DAY;
}

static gboolean
compute_local_date (GTimeZone *tz, gint64 unix_time, GDate *day)
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

/* The local calendar date of a Unix time in tz; FALSE when it lies outside GDateTime's range.
 * The engine asks this for the same `now` once per capacity and day of a question (hundreds of
 * times), and each GDateTime walks the zone's transitions: the last answer of this thread is
 * kept, by the zone's name (two zones of one name have the same rules). */
gboolean
loket_slot_clock_local_date (GTimeZone *tz, gint64 unix_time, GDate *day)
{
  static _Thread_local struct {
    char name[64];
    gint64 unix_time;
    GDate day;
    gboolean ok;
  } last;
  const char *name = g_time_zone_get_identifier (tz);

  if (last.name[0] != '\0' && last.unix_time == unix_time && strcmp (last.name, name) == 0)
    {
      *day = last.day;
      return last.ok;
    }
  last.ok = compute_local_date (tz, unix_time, &last.day);
  last.unix_time = unix_time;
  if (strlen (name) < sizeof last.name)
    strcpy (last.name, name);
  else
    last.name[0] = '\0';
  *day = last.day;
  return last.ok;
}

/* FALSE for a wall-clock time that does not exist on that day (the hour skipped when summer
 * time starts): GDateTime silently moves such a time forward, which would create a slot
 * nobody configured. */
gboolean
loket_slot_clock_wall_to_unix (GTimeZone *tz, const GDate *day, int minute, gint64 *unix_time)
{
  int hour = minute / 60, min = minute % 60;
  g_autoptr (GDateTime) dt = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                              g_date_get_day (day), hour, min, 0);

  if (dt == NULL || g_date_time_get_hour (dt) != hour || g_date_time_get_minute (dt) != min)
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

/* The zone's UTC offset when it is the same from two days before the date until two days
 * after it (so every wall-clock time of the day exists once, at that offset). */
static gboolean
steady_offset (GTimeZone *tz, const GDate *day, gint32 *offset)
{
  gint64 midnight = loket_slot_clock_day_start (day);
  int before, after;

  before = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, midnight - 2 * SECONDS_PER_DAY);
  after = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, midnight + 3 * SECONDS_PER_DAY);

  if (before != after)
    return FALSE;
  *offset = g_time_zone_get_offset (tz, before);
  return TRUE;
}

#define UNSTEADY_DAY G_MAXINT32
#define MAX_REMEMBERED_DAYS 100000

/* A zone (kept alive, so that its address names it) and what is known of its days. */
typedef struct
{
  GTimeZone *tz;
  GHashTable *days; /* Julian day → offset in seconds, or UNSTEADY_DAY */
} ZoneDays;

static ZoneDays *
zone_days_for (GPtrArray *zones, GTimeZone *tz)
{
  ZoneDays *zone;

  for (guint i = 0; i < zones->len; i++)
    if (((ZoneDays *) zones->pdata[i])->tz == tz)
      return zones->pdata[i];

  zone = g_new0 (ZoneDays, 1);
  zone->tz = g_time_zone_ref (tz);
  zone->days = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_ptr_array_add (zones, zone);
  return zone;
}

/* Unix time of local midnight when the day runs at one offset throughout; FALSE on the days
 * around a change of offset, whose times are converted one by one.  GLib 2.74 finds an
 * interval by walking the zone's transitions from the start (180 for Europe/Amsterdam), and
 * GDateTime does that several times per conversion: for a month calendar over 200 capacities
 * that was most of the time.  So each zone's days are looked up once per process. */
static gint32
remembered_offset (GTimeZone *tz, const GDate *day)
{
  static GMutex lock;
  static GPtrArray *zones;
  gpointer key = GUINT_TO_POINTER (g_date_get_julian (day)), value;
  ZoneDays *zone;
  gint32 offset;

  g_mutex_lock (&lock);
  if (zones == NULL)
    zones = g_ptr_array_new ();
  zone = zone_days_for (zones, tz);
  if (g_hash_table_lookup_extended (zone->days, key, NULL, &value))
    offset = GPOINTER_TO_INT (value);
  else
    {
      if (!steady_offset (tz, day, &offset))
        offset = UNSTEADY_DAY;
      if (g_hash_table_size (zone->days) >= MAX_REMEMBERED_DAYS)
        g_hash_table_remove_all (zone->days);
      g_hash_table_insert (zone->days, key, GINT_TO_POINTER (offset));
    }
  g_mutex_unlock (&lock);
  return offset;
}

/* The days this thread asked about last, without a lock: the month calendar asks about the same
 * 31 days for each of its capacities.  A zone here is one the table above holds a reference to,
 * so its address cannot name another zone. */
#define N_RECENT 64

typedef struct
{
  GTimeZone *tz;
  guint32 julian;
  gint32 offset;
} RecentDay;

gboolean
loket_slot_clock_steady_midnight (GTimeZone *tz, const GDate *day, gint64 *midnight)
{
  static _Thread_local RecentDay recent[N_RECENT];
  guint32 julian = g_date_get_julian (day);
  RecentDay *entry = &recent[julian % N_RECENT];

  if (entry->tz != tz || entry->julian != julian)
    *entry = (RecentDay) { tz, julian, remembered_offset (tz, day) };
  *midnight = loket_slot_clock_day_start (day) - entry->offset;
  return entry->offset != UNSTEADY_DAY;
}

