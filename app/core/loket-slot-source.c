/* loket-slot-source.c — feeds the slot engine from a Loket database. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

struct _LoketSlotSource
{
  GTimeZone     *tz;
  GArray        *rules;     /* LoketSlotRule */
  GArray        *closures;  /* LoketSlotClosure */
  GArray        *bookings;  /* LoketSlotBooking */
  gboolean       by_start;  /* bookings sorted by start (loket_slot_source_query_day) … */
  gint64         longest;   /* … and the longest of them, in seconds */
  int            duration_minutes;
  LoketSlotQuery query;
};

void
loket_slot_source_free (LoketSlotSource *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->rules, g_array_unref);
  g_clear_pointer (&self->closures, g_array_unref);
  g_clear_pointer (&self->bookings, g_array_unref);
  g_free (self);
}

LoketSlotSource *
loket_slot_source_copy (const LoketSlotSource *self)
{
  LoketSlotSource *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (LoketSlotSource, 1);
  copy->tz = self->tz != NULL ? g_time_zone_ref (self->tz) : NULL;
  copy->rules = g_array_copy (self->rules);
  copy->closures = g_array_copy (self->closures);
  copy->bookings = g_array_copy (self->bookings);
  copy->by_start = self->by_start;
  copy->longest = self->longest;
  copy->duration_minutes = self->duration_minutes;
  return copy;
}

/* Up to max_digits decimal digits (at least one) at *p, moving *p past them. */
static gboolean
read_number (const char **p, guint max_digits, guint *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  return n > 0;
}

/* "YYYY-MM-DD" (one-digit months and days pass too): a few hundred closures and holidays are
 * read for every booking the server checks, so no sscanf. */
gboolean
loket_slot_source_parse_date (const char *text, GDate *date)
{
  guint y, m, d;

  if (text == NULL || !read_number (&text, 4, &y) || *text++ != '-'
      || !read_number (&text, 2, &m) || *text++ != '-' || !read_number (&text, 2, &d)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y, guint m, guint d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

/* A booking's time as the server writes it, "2026-11-23T08:30:00Z", read without GDateTime
 * (a check reads dozens); any other form goes through loket_protocol_parse_time. */
gboolean
loket_slot_source_parse_time (const char *text, gint64 *unix_seconds)
{
  const char *p = text;
  guint y, mo, d, h, mi, s;

  if (text != NULL && strlen (text) == 20
      && read_number (&p, 4, &y) && p == text + 4 && *p++ == '-'
      && read_number (&p, 2, &mo) && p == text + 7 && *p++ == '-'
      && read_number (&p, 2, &d) && p == text + 10 && *p++ == 'T'
      && read_number (&p, 2, &h) && p == text + 13 && *p++ == ':'
      && read_number (&p, 2, &mi) && p == text + 16 && *p++ == ':'
      && read_number (&p, 2, &s) && p == text + 19 && *p == 'Z'
      && g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y)
      && h < 24 && mi < 60 && s < 60)
    {
      *unix_seconds = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
      return TRUE;
    }
  return loket_protocol_parse_time (text, unix_seconds);
}

/* GLib 2.74 reads and parses the zone file on every g_time_zone_new_identifier (about a
 * million instructions: a third of a booking's check on the server).  Zones are immutable and
 * few, so each is made once per process. */
static GTimeZone *
zone_for (const char *identifier)
{
  static GMutex lock;
  static GHashTable *zones;
  GTimeZone *tz;

  if (identifier == NULL)
    return NULL;
  g_mutex_lock (&lock);
  if (zones == NULL)
    zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_time_zone_unref);
  tz = g_hash_table_lookup (zones, identifier);
  if (tz == NULL && (tz = g_time_zone_new_identifier (identifier)) != NULL)
    g_hash_table_insert (zones, g_strdup (identifier), tz);
  g_mutex_unlock (&lock);
  return tz != NULL ? g_time_zone_ref (tz) : NULL;
}

GTimeZone *
loket_slot_source_zone (const char *identifier)
{
  GTimeZone *tz = zone_for (identifier);

  return tz != NULL ? tz : zone_for ("Europe/Amsterdam");
}

static const char *
column_text (sqlite3_stmt *stmt, int i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* The capacity: its location's zone and its product group.  A capacity taken out of use
 * (active = 0) takes no bookings. */
static gboolean
load_capacity (LoketSlotSource *self, LoketDb *db, const char *capacity_id, char **group_id,
               GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT l.timezone, c.group_id, c.active "
    "FROM capacities c JOIN locations l ON l.id = c.location_id WHERE c.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   _("This desk or room, or this product, does not exist (any more)."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return loket_db_fail (db, error);
  if (!sqlite3_column_int (stmt, 2))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                           _("This desk or room is not in use."));
      return FALSE;
    }
  self->tz = loket_slot_source_zone (column_text (stmt, 0));
  *group_id = g_strdup (column_text (stmt, 1));
  return TRUE;
}

/* How many of product_id the visit holds over all its items (an item may repeat a product). */
static guint
visit_count (const LoketSlotVisitProduct *products, guint n_products, const char *product_id)
{
  guint count = 0;

  for (guint i = 0; i < n_products; i++)
    if (g_strcmp0 (products[i].product_id, product_id) == 0)
      count += products[i].count;
  return count;
}

/* One product of the visit: it exists, the capacity's group handles it, and the visit does not
 * hold more of it than one booking may.  Adds its norm time to the visit's duration. */
static gboolean
load_product (LoketSlotSource *self, LoketDb *db, const char *group_id,
              const LoketSlotVisitProduct *products, guint n_products, guint i, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT group_id, norm_minutes, max_per_booking, name FROM products WHERE id = ?", error);
  guint count = visit_count (products, n_products, products[i].product_id);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, products[i].product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   _("This desk or room, or this product, does not exist (any more)."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return loket_db_fail (db, error);
  if (g_strcmp0 (column_text (stmt, 0), group_id) != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This desk or room does not handle this product."));
      return FALSE;
    }
  if (!loket_slot_source_check_count (column_text (stmt, 3), products[i].count, count,
                                      sqlite3_column_int (stmt, 2), error))
    return FALSE;
  self->duration_minutes += sqlite3_column_int (stmt, 1) * (int) products[i].count;
  return TRUE;
}

/* The capacity and the visit's products: the zone and the visit's duration; checks they
 * match. */
static gboolean
load_header (LoketSlotSource *self, LoketDb *db, const char *capacity_id,
             const LoketSlotVisitProduct *products, guint n_products, GError **error)
{
  g_autofree char *group_id = NULL;

  if (n_products == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("An appointment needs at least one product."));
      return FALSE;
    }
  if (!load_capacity (self, db, capacity_id, &group_id, error))
    return FALSE;
  for (guint i = 0; i < n_products; i++)
    if (!load_product (self, db, group_id, products, n_products, i, error))
      return FALSE;
  return TRUE;
}

gboolean
loket_slot_source_check_count (const char *product_name, guint item_count, guint visit_count,
                               int max_per_booking, GError **error)
{
  if (item_count < 1)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("Book at least one “%s”, or leave it out."), product_name);
      return FALSE;
    }
  if (visit_count <= (guint) MAX (max_per_booking, 1))
    return TRUE;
  if (max_per_booking <= 1)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                 _("Only one “%s” can be booked per appointment."), product_name);
  else
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                 _("At most %d of “%s” can be booked per appointment."), max_per_booking,
                 product_name);
  return FALSE;
}

gboolean
loket_slot_source_read_rule (sqlite3_stmt *stmt, int first, LoketSlotRule *rule)
{
  const char *anchor = (const char *) sqlite3_column_text (stmt, first + 8);

  *rule = (LoketSlotRule) { 0 };
  rule->weekdays = (guint8) sqlite3_column_int (stmt, first);
  rule->start_minute = loket_slots_parse_clock (column_text (stmt, first + 3));
  rule->end_minute = loket_slots_parse_clock (column_text (stmt, first + 4));
  rule->slot_minutes = sqlite3_column_int (stmt, first + 5);
  rule->places = sqlite3_column_int (stmt, first + 6);
  rule->public_places = sqlite3_column_int (stmt, first + 7);
  rule->every_weeks = (guint) MAX (sqlite3_column_int (stmt, first + 9), 0);
  rule->opens_days = sqlite3_column_int (stmt, first + 10);
  rule->closes_days = sqlite3_column_int (stmt, first + 11);
  rule->min_notice_minutes = sqlite3_column_int (stmt, first + 12);
  /* A rule that does not parse opens nothing rather than something wrong. */
  return loket_slot_source_parse_date (column_text (stmt, first + 1), &rule->valid_from)
         && loket_slot_source_parse_date (column_text (stmt, first + 2), &rule->valid_until)
         && (anchor == NULL || loket_slot_source_parse_date (anchor, &rule->anchor))
         && rule->start_minute >= 0 && rule->end_minute >= 0;
}

static gboolean
load_rules (LoketSlotSource *self, LoketDb *db, const char *capacity_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT " LOKET_SLOT_RULE_COLUMNS " FROM availability_rules WHERE capacity_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotRule rule;

      if (loket_slot_source_read_rule (stmt, 0, &rule))
        g_array_append_val (self->rules, rule);
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

/* "YYYY-MM-DD" of the UTC date of a Unix time. */
static char *
utc_date_text (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("");
}

/* The closures and holidays that touch [from, until): a local date lies within a day of its
 * UTC date, and callers widen their moments by at least that.  ISO dates compare as text;
 * a date written otherwise (not ten characters) is always read, as before the range. */
static gboolean
load_closures (LoketSlotSource *self, LoketDb *db, const char *capacity_id, gint64 from,
               gint64 until, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT from_date, until_date FROM closures "
    "WHERE (capacity_id = ?1 "
    "       OR (capacity_id IS NULL AND location_id = (SELECT location_id FROM capacities"
    "                                                  WHERE id = ?1)) "
    "       OR (capacity_id IS NULL AND location_id IS NULL)) "
    "  AND (until_date >= ?2 OR length (until_date) <> 10) "
    "  AND (from_date <= ?3 OR length (from_date) <> 10) "
    "UNION ALL SELECT date, date FROM holidays WHERE date BETWEEN ?2 AND ?3 "
    "UNION ALL SELECT date, date FROM holidays WHERE length (date) <> 10", error);
  g_autofree char *from_text = utc_date_text (from);
  g_autofree char *until_text = utc_date_text (until);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  loket_db_bind_text (stmt, 2, from_text);
  loket_db_bind_text (stmt, 3, until_text);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotClosure closure;

      if (loket_slot_source_parse_date (column_text (stmt, 0), &closure.from)
          && loket_slot_source_parse_date (column_text (stmt, 1), &closure.until))
        g_array_append_val (self->closures, closure);
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

static gboolean
load_bookings (LoketSlotSource *self, LoketDb *db, const char *capacity_id,
               const char *exclude_id, gint64 from, gint64 until, GError **error)
{
  /* Wire-format times sort as text, so the (capacity_id, start_at) index serves the range. */
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT start_at, end_at, channel FROM appointments "
    "WHERE capacity_id = ? AND start_at >= ? AND start_at < ? "
    "AND status NOT IN ('cancelled', 'rejected') AND id IS NOT ?", error);
  g_autofree char *from_text = loket_protocol_format_time (from);
  g_autofree char *until_text = loket_protocol_format_time (until);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  loket_db_bind_text (stmt, 2, from_text);
  loket_db_bind_text (stmt, 3, until_text);
  loket_db_bind_text (stmt, 4, exclude_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotBooking booking;
      const char *channel = column_text (stmt, 2);

      if (!loket_slot_source_parse_time (column_text (stmt, 0), &booking.start)
          || !loket_slot_source_parse_time (column_text (stmt, 1), &booking.end))
        continue;
      booking.channel = g_strcmp0 (channel, "web") == 0 ? LOKET_CHANNEL_WEB : LOKET_CHANNEL_DESK;
      g_array_append_val (self->bookings, booking);
      self->by_start = FALSE;
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

gint64
loket_slot_source_day_start (const GDate *day)
{
  /* Julian day 719163 of GDate is 1 January 1970. */
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);
  return ((gint64) g_date_get_julian (day) - 719163) * 24 * 60 * 60;
}

static LoketSlotSource *
slot_source_new (void)
{
  LoketSlotSource *self = g_new0 (LoketSlotSource, 1);

  self->rules = g_array_new (FALSE, TRUE, sizeof (LoketSlotRule));
  self->closures = g_array_new (FALSE, TRUE, sizeof (LoketSlotClosure));
  self->bookings = g_array_new (FALSE, TRUE, sizeof (LoketSlotBooking));
  return self;
}

LoketSlotSource *
loket_slot_source_load_visit (LoketDb *db, const char *capacity_id,
                              const LoketSlotVisitProduct *products, guint n_products,
                              const char *exclude_id, gint64 from, gint64 until, GError **error)
{
  g_autoptr(LoketSlotSource) self = NULL;

  g_return_val_if_fail (LOKET_IS_DB (db), NULL);
  g_return_val_if_fail (capacity_id != NULL && (products != NULL || n_products == 0), NULL);

  self = slot_source_new ();
  if (!load_header (self, db, capacity_id, products, n_products, error)
      || !load_rules (self, db, capacity_id, error)
      || !load_closures (self, db, capacity_id, from, until, error)
      || !load_bookings (self, db, capacity_id, exclude_id, from, until, error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketSlotSource *
loket_slot_source_load (LoketDb *db, const char *capacity_id, const char *product_id,
                        const char *exclude_id, gint64 from, gint64 until, GError **error)
{
  LoketSlotVisitProduct product = { product_id, 1 };

  g_return_val_if_fail (product_id != NULL, NULL);
  return loket_slot_source_load_visit (db, capacity_id, &product, 1, exclude_id, from, until,
                                       error);
}

/* The longest a visit of the product can last under any of the rules, in seconds: as many
 * whole slots as its norm time needs (loket-slots.c). */
static gint64
longest_visit (LoketSlotSource *self)
{
  int duration = MAX (self->duration_minutes, 1);
  gint64 longest = 0;

  for (guint i = 0; i < self->rules->len; i++)
    {
      int slot = g_array_index (self->rules, LoketSlotRule, i).slot_minutes;

      if (slot > 0)
        longest = MAX (longest, (gint64) ((duration + slot - 1) / slot) * slot * 60);
    }
  return longest;
}

LoketSlotSource *
loket_slot_source_load_visit_for_check (LoketDb *db, const char *capacity_id,
                                        const LoketSlotVisitProduct *products, guint n_products,
                                        const char *exclude_id, gint64 start, GError **error)
{
  g_autoptr(LoketSlotSource) self = NULL;

  g_return_val_if_fail (LOKET_IS_DB (db), NULL);
  g_return_val_if_fail (capacity_id != NULL && (products != NULL || n_products == 0), NULL);

  /* A booking that overlaps the visit starts before the visit ends, and (being shorter than a
   * day) less than a day before it starts. */
  self = slot_source_new ();
  if (!load_header (self, db, capacity_id, products, n_products, error)
      || !load_rules (self, db, capacity_id, error)
      || !load_closures (self, db, capacity_id, start - LOKET_SLOT_SOURCE_CHECK_MARGIN,
                         start + LOKET_SLOT_SOURCE_CHECK_MARGIN, error)
      || !load_bookings (self, db, capacity_id, exclude_id,
                         start - LOKET_SLOT_SOURCE_CHECK_MARGIN, start + longest_visit (self),
                         error))
    return NULL;
  return g_steal_pointer (&self);
}

LoketSlotSource *
loket_slot_source_load_for_check (LoketDb *db, const char *capacity_id, const char *product_id,
                                  const char *exclude_id, gint64 start, GError **error)
{
  LoketSlotVisitProduct product = { product_id, 1 };

  g_return_val_if_fail (product_id != NULL, NULL);
  return loket_slot_source_load_visit_for_check (db, capacity_id, &product, 1, exclude_id,
                                                 start, error);
}

const LoketSlotQuery *
loket_slot_source_query_at (LoketSlotSource *self, LoketChannel channel, gint64 not_before,
                            gint64 now)
{
  g_return_val_if_fail (self != NULL, NULL);

  self->query = (LoketSlotQuery) {
    .tz = self->tz,
    .rules = (const LoketSlotRule *) (gpointer) self->rules->data,
    .n_rules = self->rules->len,
    .closures = (const LoketSlotClosure *) (gpointer) self->closures->data,
    .n_closures = self->closures->len,
    .bookings = (const LoketSlotBooking *) (gpointer) self->bookings->data,
    .n_bookings = self->bookings->len,
    .duration_minutes = self->duration_minutes,
    .channel = channel,
    .not_before = not_before,
    .now = now,
  };
  return &self->query;
}

const LoketSlotQuery *
loket_slot_source_query (LoketSlotSource *self, LoketChannel channel, gint64 not_before)
{
  return loket_slot_source_query_at (self, channel, not_before, 0);
}

GTimeZone *
loket_slot_source_get_timezone (LoketSlotSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tz;
}


static int
compare_booking_starts (gconstpointer a, gconstpointer b)
{
  const LoketSlotBooking *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* The first booking that starts at or after moment (bookings sorted by start). */
static guint
first_from (GArray *bookings, gint64 moment)
{
  guint lo = 0, hi = bookings->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (bookings, LoketSlotBooking, mid).start < moment)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
loket_slot_source_sort_bookings (LoketSlotSource *self)
{
  g_return_if_fail (self != NULL);

  if (self->by_start)
    return;
  g_array_sort (self->bookings, compare_booking_starts);
  self->longest = 0;
  for (guint i = 0; i < self->bookings->len; i++)
    {
      const LoketSlotBooking *b = &g_array_index (self->bookings, LoketSlotBooking, i);

      self->longest = MAX (self->longest, b->end - b->start);
    }
  self->by_start = TRUE;
}

void
loket_slot_source_add_booking (LoketSlotSource *self, gint64 start, gint64 end,
                               LoketChannel channel)
{
  LoketSlotBooking booking = { start, end, channel };

  g_return_if_fail (self != NULL);
  g_return_if_fail (end > start);

  /* Sorted bookings stay sorted: a copy of a sorted source with the holds of the moment added
   * (loket-store-public.c) needs no sort per question. */
  if (self->by_start)
    {
      g_array_insert_val (self->bookings, first_from (self->bookings, start + 1), booking);
      self->longest = MAX (self->longest, end - start);
    }
  else
    g_array_append_val (self->bookings, booking);
}

const LoketSlotQuery *
loket_slot_source_query_day (LoketSlotSource *self, LoketChannel channel, gint64 not_before,
                             gint64 now, const GDate *day)
{
  /* A local day lies within a day before and after its UTC day whatever the zone (offsets
   * stay within ±14 h), so a booking that touches it starts in this window, or earlier by at
   * most the longest booking. */
  gint64 window_start = loket_slot_source_day_start (day) - SECONDS_PER_DAY;
  gint64 window_end = window_start + 3 * SECONDS_PER_DAY;
  guint lo, hi;

  g_return_val_if_fail (self != NULL, NULL);

  loket_slot_source_sort_bookings (self);
  loket_slot_source_query_at (self, channel, not_before, now);
  lo = first_from (self->bookings, window_start - self->longest);
  hi = first_from (self->bookings, window_end);
  self->query.bookings = (const LoketSlotBooking *) (gpointer) self->bookings->data + lo;
  self->query.n_bookings = MAX (hi, lo) - lo;
  return &self->query;
}
