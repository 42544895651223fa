/* loket-store-public.c — what anyone may ask: public products, the locations that offer
 * them and their free web times.  No personal data ever leaves through here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-slot-source.h"
#include "loket-store-private.h"

#define MAX_PUBLIC_DAYS 366

JsonArray *
loket_store_public_products (LoketStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) products = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  stmt = loket_db_prepare (self->db,
    "SELECT p.id, p.name, g.name AS \"group\", p.norm_minutes, p.description"
    " FROM products p JOIN product_groups g ON g.id = p.group_id"
    " WHERE p.public = 1 ORDER BY g.name, p.name", error);
  if (stmt == NULL)
    return NULL;
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    json_array_add_object_element (products, loket_db_row_to_json (stmt));
  if (!ok)
    return NULL;
  return g_steal_pointer (&products);
}

static gboolean
public_product (LoketStore *self, const char *product_id, JsonObject **product, GError **error)
{
  if (!loket_db_query_row (self->db, "SELECT group_id FROM products WHERE id = ? AND public = 1",
                               product_id, product, error))
    return FALSE;
  if (*product != NULL)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no product “%s”"),
               product_id);
  return FALSE;
}

JsonArray *
loket_store_public_locations (LoketStore *self, const char *product_id, GError **error)
{
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) locations = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  if (!public_product (self, product_id, &product, error))
    return NULL;
  stmt = loket_db_prepare (self->db,
    "SELECT l.id, l.name, l.address FROM locations l WHERE EXISTS"
    " (SELECT 1 FROM capacities c WHERE c.location_id = l.id AND c.group_id = ? AND c.active)"
    " ORDER BY l.name", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, member_text (product, "group_id"));
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    json_array_add_object_element (locations, loket_db_row_to_json (stmt));
  if (!ok)
    return NULL;
  return g_steal_pointer (&locations);
}

/* A slot source for every capacity of the product's group at the location. */
static GPtrArray *
load_public_sources (LoketStore *self, const char *product_id, const char *group_id,
                     const char *location_id, const GDate *from, guint n_days, GError **error)
{
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) loket_slot_source_free);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT id FROM capacities WHERE location_id = ? AND group_id = ? AND active ORDER BY id",
    error);
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, location_id);
  loket_db_bind_text (stmt, 2, group_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      gint64 first = loket_slot_source_day_start (from);
      LoketSlotSource *source = loket_slot_source_load (self->db, column_text (stmt, 0),
                                                        product_id, NULL,
                                                        first - LOKET_SLOT_SOURCE_MARGIN,
                                                        first + (gint64) n_days * 24 * 60 * 60
                                                        + LOKET_SLOT_SOURCE_MARGIN, error);
      if (source == NULL)
        return NULL;
      g_ptr_array_add (sources, source);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&sources);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The union of the capacities' free local start times on a day, sorted, each once. */
static JsonObject *
public_day (GPtrArray *sources, gint64 not_before, const GDate *day)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
  JsonArray *times = json_array_new ();
  JsonObject *result = json_object_new ();
  char date[16];

  for (guint i = 0; i < sources->len; i++)
    {
      LoketSlotSource *source = sources->pdata[i];
      GTimeZone *tz = loket_slot_source_get_timezone (source);
      /* not_before is now: the web's booking window and minimum notice count from it. */
      g_autoptr(GArray) slots = loket_slots_free_on_day (
        loket_slot_source_query_at (source, LOKET_CHANNEL_WEB, not_before, not_before), day);

      for (guint j = 0; j < slots->len; j++)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (
            g_array_index (slots, LoketSlot, j).start);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          char *time = g_date_time_format (local, "%H:%M");

          if (g_hash_table_add (seen, time))
            g_ptr_array_add (sorted, time);
          else
            g_free (time);
        }
    }
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    json_array_add_string_element (times, sorted->pdata[i]);

  g_snprintf (date, sizeof date, "%04u-%02u-%02u", (guint) g_date_get_year (day),
              (guint) g_date_get_month (day), (guint) g_date_get_day (day));
  json_object_set_string_member (result, "date", date);
  json_object_set_array_member (result, "times", times);
  return result;
}

JsonObject *
loket_store_public_availability (LoketStore *self, const char *product_id,
                                 const char *location_id, const GDate *from, guint n_days,
                                 GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(JsonObject) location = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  JsonArray *days;
  JsonObject *answer;
  GDate day;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id != NULL && location_id != NULL, NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (n_days > MAX_PUBLIC_DAYS)
    {
      loket_store_invalid (error, _("At most %d days can be asked at once"), MAX_PUBLIC_DAYS);
      return NULL;
    }
  if (!public_product (self, product_id, &product, error)
      || !loket_db_query_row (self->db, "SELECT id FROM locations WHERE id = ?", location_id,
                                  &location, error))
    return NULL;
  if (location == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no location “%s”"),
                   location_id);
      return NULL;
    }
  sources = load_public_sources (self, product_id, member_text (product, "group_id"),
                                 location_id, from, n_days, error);
  if (sources == NULL)
    return NULL;

  days = json_array_new ();
  day = *from;
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    json_array_add_object_element (days, public_day (sources, g_date_time_to_unix (now), &day));

  answer = json_object_new ();
  json_object_set_string_member (answer, "product", product_id);
  json_object_set_string_member (answer, "location", location_id);
  json_object_set_array_member (answer, "days", days);
  return answer;
}
