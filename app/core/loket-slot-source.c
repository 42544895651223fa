/* loket-slot-source.c — feeds the slot engine from a Loket database. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"

struct _LoketSlotSource
{
  GTimeZone     *tz;
  GArray        *rules;     /* LoketSlotRule */
  GArray        *closures;  /* LoketSlotClosure */
  GArray        *bookings;  /* LoketSlotBooking */
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

static gboolean
parse_date (const char *text, GDate *date)
{
  unsigned y, m, d;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt, int i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* Capacity and product: the location's zone and the product's norm time; checks they match. */
static gboolean
load_header (LoketSlotSource *self, LoketDb *db, const char *capacity_id,
             const char *product_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT l.timezone, c.group_id = p.group_id, p.norm_minutes "
    "FROM capacities c JOIN locations l ON l.id = c.location_id, products p "
    "WHERE c.id = ? AND p.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  loket_db_bind_text (stmt, 2, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   _("This desk or room, or this product, does not exist (any more)."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return loket_db_fail (db, error);
  if (!sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This desk or room does not handle this product."));
      return FALSE;
    }
  self->tz = g_time_zone_new_identifier (column_text (stmt, 0));
  if (self->tz == NULL)
    self->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  self->duration_minutes = sqlite3_column_int (stmt, 2);
  return TRUE;
}

static gboolean
load_rules (LoketSlotSource *self, LoketDb *db, const char *capacity_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT weekdays, valid_from, valid_until, start_time, end_time, slot_minutes, places, "
    "public_places FROM availability_rules WHERE capacity_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotRule rule = { 0 };

      rule.weekdays = (guint8) sqlite3_column_int (stmt, 0);
      rule.start_minute = loket_slots_parse_clock (column_text (stmt, 3));
      rule.end_minute = loket_slots_parse_clock (column_text (stmt, 4));
      rule.slot_minutes = sqlite3_column_int (stmt, 5);
      rule.places = sqlite3_column_int (stmt, 6);
      rule.public_places = sqlite3_column_int (stmt, 7);
      /* A rule that does not parse opens nothing rather than something wrong. */
      if (!parse_date (column_text (stmt, 1), &rule.valid_from)
          || !parse_date (column_text (stmt, 2), &rule.valid_until)
          || rule.start_minute < 0 || rule.end_minute < 0)
        continue;
      g_array_append_val (self->rules, rule);
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

static gboolean
load_closures (LoketSlotSource *self, LoketDb *db, const char *capacity_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT from_date, until_date FROM closures "
    "WHERE capacity_id = ?1 "
    "   OR (capacity_id IS NULL AND location_id = (SELECT location_id FROM capacities WHERE id = ?1)) "
    "   OR (capacity_id IS NULL AND location_id IS NULL) "
    "UNION ALL SELECT date, date FROM holidays", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotClosure closure;

      if (parse_date (column_text (stmt, 0), &closure.from)
          && parse_date (column_text (stmt, 1), &closure.until))
        g_array_append_val (self->closures, closure);
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

static gboolean
load_bookings (LoketSlotSource *self, LoketDb *db, const char *capacity_id,
               const char *exclude_id, gint64 from, gint64 until, GError **error)
{
  /* Wire-format times sort as text, so the (capacity_id, start_at) index serves the range. */
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
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

      if (!loket_protocol_parse_time (column_text (stmt, 0), &booking.start)
          || !loket_protocol_parse_time (column_text (stmt, 1), &booking.end))
        continue;
      booking.channel = g_strcmp0 (channel, "web") == 0 ? LOKET_CHANNEL_WEB : LOKET_CHANNEL_DESK;
      g_array_append_val (self->bookings, booking);
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

LoketSlotSource *
loket_slot_source_load (LoketDb *db, const char *capacity_id, const char *product_id,
                        const char *exclude_id, gint64 from, gint64 until, GError **error)
{
  g_autoptr(LoketSlotSource) self = g_new0 (LoketSlotSource, 1);

  g_return_val_if_fail (LOKET_IS_DB (db), NULL);
  g_return_val_if_fail (capacity_id != NULL && product_id != NULL, NULL);

  self->rules = g_array_new (FALSE, TRUE, sizeof (LoketSlotRule));
  self->closures = g_array_new (FALSE, TRUE, sizeof (LoketSlotClosure));
  self->bookings = g_array_new (FALSE, TRUE, sizeof (LoketSlotBooking));
  if (!load_header (self, db, capacity_id, product_id, error)
      || !load_rules (self, db, capacity_id, error)
      || !load_closures (self, db, capacity_id, error)
      || !load_bookings (self, db, capacity_id, exclude_id, from, until, error))
    return NULL;
  return g_steal_pointer (&self);
}

const LoketSlotQuery *
loket_slot_source_query (LoketSlotSource *self, LoketChannel channel, gint64 not_before)
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
  };
  return &self->query;
}

GTimeZone *
loket_slot_source_get_timezone (LoketSlotSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tz;
}
