/* loket-store-public.c — what anyone may ask: public products, the locations that offer
 * them, their free web times and days, and the rooms' free day parts.  No personal data ever
 * leaves through here.
 *
 * Every answer counts the unexpired web holds like web bookings (loket_store_count_holds), and
 * uses the web's share of places with its booking window and notice from now, so a time shown
 * is a time a hold can take.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"
#include "loket-store-private.h"
#include "loket-store-web.h"

#define MAX_PUBLIC_DAYS   366
#define MAX_ROOM_DAYS     186
#define MAX_VISIT_ITEMS   10
#define SECONDS_PER_DAY   (24 * 60 * 60)
#define MIDDAY_MINUTE     (12 * 60)   /* ochtend until 12:00 */
#define EVENING_MINUTE    (17 * 60)   /* middag until 17:00, avond after */

/* ---- products and locations ----------------------------------------------------------------- */

JsonArray *
loket_store_public_products (LoketStore *self, GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autoptr(JsonArray) products = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  stmt = loket_db_prepare_cached (self->db,
    "SELECT p.id, p.name, p.group_id, g.name, p.norm_minutes, p.description,"
    " p.max_per_booking, p.asks_reason"
    " FROM products p JOIN product_groups g ON g.id = p.group_id"
    " WHERE p.public = 1 ORDER BY g.name, p.name", error);
  if (stmt == NULL)
    return NULL;
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      JsonObject *product = json_object_new ();

      json_object_set_string_member (product, "id", column_text (stmt, 0));
      json_object_set_string_member (product, "name", column_text (stmt, 1));
      json_object_set_string_member (product, "group_id", column_text (stmt, 2));
      json_object_set_string_member (product, "group", column_text (stmt, 3));
      json_object_set_int_member (product, "norm_minutes", sqlite3_column_int (stmt, 4));
      json_object_set_string_member (product, "description", column_text (stmt, 5));
      json_object_set_int_member (product, "max_per_booking", sqlite3_column_int (stmt, 6));
      json_object_set_boolean_member (product, "asks_reason", sqlite3_column_int (stmt, 7) != 0);
      json_array_add_object_element (products, product);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&products);
}

static gboolean
no_product (GError **error, const char *product_id)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no product “%s”"),
               product_id);
  return FALSE;
}

gboolean
loket_store_web_check_visit (LoketStore *self, const LoketSlotVisitProduct *products,
                             guint n_products, char **group_id, GError **error)
{
  *group_id = NULL;
  if (n_products == 0)
    return loket_store_invalid (error, _("Choose at least one product."));
  if (n_products > MAX_VISIT_ITEMS)
    return loket_store_invalid (error, _("At most %d products can be booked at once."),
                                MAX_VISIT_ITEMS);
  for (guint i = 0; i < n_products; i++)
    {
      g_autoptr(JsonObject) product = NULL;
      guint count = 0;

      if (products[i].product_id == NULL
          || !loket_db_query_row (self->db, "SELECT name, group_id, max_per_booking FROM products"
                                  " WHERE id = ? AND public = 1", products[i].product_id,
                                  &product, error))
        return products[i].product_id == NULL ? no_product (error, "") : FALSE;
      if (product == NULL)
        return no_product (error, products[i].product_id);
      if (*group_id != NULL && g_strcmp0 (*group_id, member_text (product, "group_id")) != 0)
        {
          g_clear_pointer (group_id, g_free);
          return loket_store_invalid (error, _("These products cannot be booked in one "
                                               "appointment. Book them separately."));
        }
      if (*group_id == NULL)
        *group_id = g_strdup (member_text (product, "group_id"));
      for (guint j = 0; j < n_products; j++)
        if (g_strcmp0 (products[j].product_id, products[i].product_id) == 0)
          count += products[j].count;
      if (!loket_slot_source_check_count (member_text (product, "name"), products[i].count, count,
                                          (int) json_object_get_int_member (product,
                                                                            "max_per_booking"),
                                          error))
        {
          g_clear_pointer (group_id, g_free);
          return FALSE;
        }
    }
  return TRUE;
}

/* A JSON array column ('["rolstoel"]'); an unreadable one is empty. */
static JsonArray *
array_column (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_array_new ();
  return json_array_ref (json_node_get_array (node));
}

JsonArray *
loket_store_web_locations (LoketStore *self, const LoketSlotVisitProduct *products,
                           guint n_products, GError **error)
{
  g_autofree char *group_id = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autoptr(JsonArray) locations = json_array_new ();
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  if (!loket_store_web_check_visit (self, products, n_products, &group_id, error))
    return NULL;
  stmt = loket_db_prepare_cached (self->db,
    "SELECT l.id, l.name, l.address, l.facilities FROM locations l WHERE EXISTS"
    " (SELECT 1 FROM capacities c WHERE c.location_id = l.id AND c.group_id = ? AND c.active)"
    " ORDER BY l.name", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, group_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      JsonObject *location = json_object_new ();

      json_object_set_string_member (location, "id", column_text (stmt, 0));
      json_object_set_string_member (location, "name", column_text (stmt, 1));
      json_object_set_string_member (location, "address", column_text (stmt, 2));
      json_object_set_array_member (location, "facilities", array_column (column_text (stmt, 3)));
      json_array_add_object_element (locations, location);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&locations);
}

JsonArray *
loket_store_public_locations (LoketStore *self, const char *product_id, GError **error)
{
  LoketSlotVisitProduct product = { product_id, 1 };

  g_return_val_if_fail (product_id != NULL, NULL);
  return loket_store_web_locations (self, &product, 1, error);
}

/* ---- free times ----------------------------------------------------------------------------- */

gboolean
loket_store_web_location (LoketStore *self, const char *location_id, JsonObject **location,
                          GError **error)
{
  if (!loket_db_query_row (self->db, "SELECT id, name, address, timezone FROM locations"
                           " WHERE id = ?", location_id, location, error))
    return FALSE;
  if (*location != NULL)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("There is no location “%s”"),
               location_id);
  return FALSE;
}

/* ---- what is kept between questions --------------------------------------------------------- */

/* Reading a question's rules, closures and bookings is most of its answer's time, and the
 * same questions come again and again (a popular product, the next fortnight).  What was read
 * is kept per question while nothing can have changed it: the store's web generation is the
 * same (every change this process logs moves it, and every hold), so is SQLite's count of rows
 * this connection changed (a write that logs nothing, such as an administrator's tool on the
 * store's own connection), and so is SQLite's data_version (which moves when another process
 * writes the file).  The holds are not kept: they run out by the clock
 * alone, so they are read each time.  An answer made from what is kept is the one made from the
 * database (test-public-api compares them). */
#define KEPT_MAX       256
#define KEPT_DATA_KEY  "loket-public-kept"

/* A web hold as read: it counts until it expires. */
typedef struct {
  gint64 start, end, expires;
} KeptHold;

/* A question's location and, per capacity of the group there, what the slot engine needs, and
 * the holds that had not expired when it was read (each counts while it has not expired). */
typedef struct {
  JsonObject *location;
  GPtrArray  *capacity_ids;   /* char *, as sources */
  GPtrArray  *sources;        /* LoketSlotSource */
  GPtrArray  *holds;          /* GArray of KeptHold, as sources */
} Kept;

typedef struct {
  guint64     generation;
  gint64      data_version;   /* -1: not read yet, or unreadable */
  sqlite3_int64 changes;
  gint64      checked;        /* monotonic µs of the last look at the three above */
  GHashTable *questions;      /* key (kept_key) → Kept */
} KeptTable;

static void
kept_free (Kept *kept)
{
  g_clear_pointer (&kept->location, json_object_unref);
  g_clear_pointer (&kept->capacity_ids, g_ptr_array_unref);
  g_clear_pointer (&kept->sources, g_ptr_array_unref);
  g_clear_pointer (&kept->holds, g_ptr_array_unref);
  g_free (kept);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kept, kept_free)

static void
kept_table_free (KeptTable *table)
{
  g_hash_table_unref (table->questions);
  g_free (table);
}

/* The number SQLite moves when another connection commits to the file; -1 when it cannot be
 * read (nothing is kept then). */
static gint64
data_version (LoketStore *self)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, "PRAGMA data_version",
                                                           NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* How long a reader trusts the writer's web generation alone (a write by another process
 * moves only data_version). */
#define READER_RECHECK_US G_USEC_PER_SEC

/* The store's table of kept questions, emptied when something may have changed: the web
 * generation (every change log entry, every hold made or gone), SQLite's data_version (a
 * commit by another connection) or this connection's own changes.  A reader learns the
 * writer's generation from its owner and asks SQLite only when that moved or a second has
 * passed: a question asked again then runs no SQL at all. */
static KeptTable *
kept_table (LoketStore *self)
{
  KeptTable *table = g_object_get_data (G_OBJECT (self), KEPT_DATA_KEY);
  gint64 now = g_get_monotonic_time ();
  guint64 generation;
  gint64 version;
  sqlite3_int64 changes;

  if (table == NULL)
    {
      table = g_new0 (KeptTable, 1);
      table->questions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) kept_free);
      table->data_version = -1;
      g_object_set_data_full (G_OBJECT (self), KEPT_DATA_KEY, table,
                              (GDestroyNotify) kept_table_free);
    }
  generation = self->is_reader ? self->outside_generation : loket_store_web_generation (self);
  if (self->is_reader && table->data_version >= 0 && table->generation == generation
      && now - table->checked < READER_RECHECK_US
      && g_hash_table_size (table->questions) < KEPT_MAX)
    return table;
  version = data_version (self);
  changes = sqlite3_total_changes64 (loket_db_get_handle (self->db));
  if (table->generation != generation || table->data_version != version || version < 0
      || table->changes != changes || g_hash_table_size (table->questions) >= KEPT_MAX)
    g_hash_table_remove_all (table->questions);
  table->generation = generation;
  table->data_version = version;
  table->changes = changes;
  table->checked = now;
  return table;
}

/* Each part with its length first: ids come from the request, and no id can pass for two. */
static char *
kept_key (const LoketSlotVisitProduct *products, guint n_products, const char *location_id,
          gint64 from, gint64 until)
{
  GString *key = g_string_new (NULL);

  g_string_append_printf (key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%zu:%s", from, until,
                          strlen (location_id), location_id);
  for (guint i = 0; i < n_products; i++)
    g_string_append_printf (key, ":%u:%zu:%s", products[i].count,
                            strlen (products[i].product_id), products[i].product_id);
  return g_string_free (key, FALSE);
}

/* The web holds of a capacity in [from, until) that have not expired at now. */
static GArray *
read_holds (LoketStore *self, const char *capacity_id, gint64 from, gint64 until,
            const char *now, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT start_at, end_at, expires_at FROM web_holds WHERE capacity_id = ?"
    " AND start_at >= ? AND start_at < ? AND expires_at > ?", error);
  g_autofree char *from_text = loket_protocol_format_time (from);
  g_autofree char *until_text = loket_protocol_format_time (until);
  g_autoptr(GArray) holds = g_array_new (FALSE, FALSE, sizeof (KeptHold));
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, capacity_id);
  loket_db_bind_text (stmt, 2, from_text);
  loket_db_bind_text (stmt, 3, until_text);
  loket_db_bind_text (stmt, 4, now);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      KeptHold hold;

      if (loket_slot_source_parse_time (column_text (stmt, 0), &hold.start)
          && loket_slot_source_parse_time (column_text (stmt, 1), &hold.end)
          && loket_slot_source_parse_time (column_text (stmt, 2), &hold.expires)
          && hold.end > hold.start)
        g_array_append_val (holds, hold);
    }
  return ok ? g_steal_pointer (&holds) : NULL;
}

/* Reads a question from the database: the visit is checked, the location found, and each active
 * capacity of the group there loaded for [from, until), with its holds of now. */
static Kept *
kept_read (LoketStore *self, const LoketSlotVisitProduct *products, guint n_products,
           const char *location_id, gint64 from, gint64 until, const char *now, GError **error)
{
  g_autofree char *group_id = NULL;
  g_autoptr(Kept) kept = g_new0 (Kept, 1);
  g_autoptr(LoketDbCached) stmt = NULL;
  gboolean ok, has_row;

  if (!loket_store_web_check_visit (self, products, n_products, &group_id, error)
      || !loket_store_web_location (self, location_id, &kept->location, error))
    return NULL;
  kept->capacity_ids = g_ptr_array_new_with_free_func (g_free);
  kept->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_slot_source_free);
  kept->holds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  stmt = loket_db_prepare_cached (self->db,
    "SELECT id FROM capacities WHERE location_id = ? AND group_id = ? AND active ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, location_id);
  loket_db_bind_text (stmt, 2, group_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      LoketSlotSource *source = loket_slot_source_load_visit (self->db, column_text (stmt, 0),
                                                              products, n_products, NULL, from,
                                                              until, error);
      GArray *holds;

      if (source == NULL)
        return NULL;
      /* Sorted once here, not in every question's copy (loket_slot_source_query_day). */
      loket_slot_source_sort_bookings (source);
      g_ptr_array_add (kept->sources, source);
      if ((holds = read_holds (self, column_text (stmt, 0), from, until, now, error)) == NULL)
        return NULL;
      g_ptr_array_add (kept->holds, holds);
      g_ptr_array_add (kept->capacity_ids, g_strdup (column_text (stmt, 0)));
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&kept);
}

/* One read transaction for a question's statements: SQLite then locks the file once, not
 * once per statement (a few system calls each).  Not when the caller has one open already. */
static gboolean
read_begin (LoketStore *self)
{
  g_autoptr(LoketDbCached) stmt = NULL;

  if (!sqlite3_get_autocommit (loket_db_get_handle (self->db)))
    return FALSE;
  stmt = loket_db_prepare_cached (self->db, "BEGIN", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_DONE;
}

static void
read_end (LoketStore *self, gboolean began)
{
  g_autoptr(LoketDbCached) stmt = NULL;

  if (!began)
    return;
  stmt = loket_db_prepare_cached (self->db, "COMMIT", NULL);
  /* Nothing was written: a commit that fails leaves nothing to undo but the transaction. */
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_DONE)
    loket_db_rollback (self->db);
}

/* The slot sources of a question, with the unexpired holds of now: for every capacity of the
 * group at the location, the bookings and holds from a margin before from until one after
 * until.  What the database holds for the question is read once and kept while nothing is
 * written (kept_table); a hold then counts until it expires.  The sources are the kept ones
 * where no hold counts (most of them: nothing to copy), and copies with the holds added in
 * *copies otherwise; both stay valid until the next question.  location: the location's row
 * (id, name, address, timezone). */
static GPtrArray *
load_visit_sources (LoketStore *self, const LoketSlotVisitProduct *products, guint n_products,
                    const char *location_id, gint64 from, gint64 until, gint64 now,
                    JsonObject **location, GPtrArray **copies, GError **error)
{
  KeptTable *table = kept_table (self);
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  Kept *kept;

  from -= LOKET_SLOT_SOURCE_MARGIN;
  until += LOKET_SLOT_SOURCE_MARGIN;
  key = kept_key (products, n_products, location_id, from, until);
  kept = g_hash_table_lookup (table->questions, key);
  if (kept == NULL)
    {
      g_autofree char *now_text = loket_protocol_format_time (now);
      gboolean began = read_begin (self);

      kept = kept_read (self, products, n_products, location_id, from, until, now_text, error);
      read_end (self, began);
      if (kept == NULL)
        return NULL;
      g_hash_table_insert (table->questions, g_steal_pointer (&key), kept);
    }
  sources = g_ptr_array_sized_new (kept->sources->len);
  *copies = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_slot_source_free);
  for (guint i = 0; i < kept->sources->len; i++)
    {
      LoketSlotSource *source = kept->sources->pdata[i];
      GArray *holds = kept->holds->pdata[i];

      for (guint h = 0; h < holds->len; h++)
        {
          const KeptHold *hold = &g_array_index (holds, KeptHold, h);

          if (hold->expires <= now)
            continue;
          if (source == kept->sources->pdata[i])
            {
              source = loket_slot_source_copy (source);
              g_ptr_array_add (*copies, source);
            }
          loket_slot_source_add_booking (source, hold->start, hold->end, LOKET_CHANNEL_WEB);
        }
      g_ptr_array_add (sources, source);
    }
  *location = json_object_ref (kept->location);
  return g_steal_pointer (&sources);
}

/* The free web start times of the capacities on a local day, ascending, each once.  Each
 * capacity's visits come in order already (loket_slots_free_on_day), so they are merged, not
 * sorted: the smallest next start of all of them, again and again. */
static GArray *
free_starts (GPtrArray *sources, gint64 now, const GDate *day)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint *next = NULL;
  GArray *starts;
  guint total = 0;

  for (guint i = 0; i < sources->len; i++)
    {
      /* now is also "not before": the window and the notice count from it. */
      GArray *slots = loket_slots_free_on_day (
        loket_slot_source_query_at (sources->pdata[i], LOKET_CHANNEL_WEB, now, now), day);

      total += slots->len;
      g_ptr_array_add (lists, slots);
    }
  starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), total);
  next = g_new0 (guint, lists->len);
  for (;;)
    {
      gint64 smallest = G_MAXINT64;

      for (guint i = 0; i < lists->len; i++)
        {
          GArray *slots = lists->pdata[i];

          if (next[i] < slots->len)
            smallest = MIN (smallest, g_array_index (slots, LoketSlot, next[i]).start);
        }
      if (smallest == G_MAXINT64)
        break;
      g_array_append_val (starts, smallest);
      for (guint i = 0; i < lists->len; i++)
        {
          GArray *slots = lists->pdata[i];

          if (next[i] < slots->len && g_array_index (slots, LoketSlot, next[i]).start == smallest)
            next[i]++;
        }
    }
  return starts;
}

/* "09:30", the local clock time of a moment at offset seconds from UTC: the free times of a
 * fortnight are hundreds, and a GDateTime for each costs a quarter of the answer. */
static void
local_clock (gint64 moment, gint32 offset, char clock[8])
{
  gint64 minute = (((moment + offset) % 86400) + 86400) % 86400 / 60;
  int hour = (int) (minute / 60), rest = (int) (minute % 60);

  clock[0] = (char) ('0' + hour / 10);
  clock[1] = (char) ('0' + hour % 10);
  clock[2] = ':';
  clock[3] = (char) ('0' + rest / 10);
  clock[4] = (char) ('0' + rest % 10);
  clock[5] = '\0';
}

static gint32
offset_at (GTimeZone *tz, gint64 moment)
{
  int interval = tz != NULL ? g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, moment) : -1;

  return interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
}

/* The offsets from UTC of sorted moments, one per moment.  g_time_zone_find_interval walks
 * the zone's transitions, so it is asked for the first and the last only, unless a transition
 * lies between them (the night clocks change). */
static GArray *
offsets_of (GArray *moments, GTimeZone *tz)
{
  GArray *offsets = g_array_sized_new (FALSE, FALSE, sizeof (gint32), moments->len);
  int first, last;

  if (moments->len == 0)
    return offsets;
  first = tz != NULL ? g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                  g_array_index (moments, gint64, 0)) : -1;
  last = tz != NULL ? g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                 g_array_index (moments, gint64,
                                                                moments->len - 1)) : -1;
  for (guint i = 0; i < moments->len; i++)
    {
      gint32 offset = first == last ? (first >= 0 ? g_time_zone_get_offset (tz, first) : 0)
                                    : offset_at (tz, g_array_index (moments, gint64, i));

      g_array_append_val (offsets, offset);
    }
  return offsets;
}

char *
loket_store_web_local_time (gint64 moment, GTimeZone *tz, const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (moment);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, format);
}

static char *
date_text (const GDate *day)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (day),
                          (guint) g_date_get_month (day), (guint) g_date_get_day (day));
}

static gboolean
check_days (guint n_days, guint max, GError **error)
{
  if (n_days >= 1 && n_days <= max)
    return TRUE;
  return loket_store_invalid (error, _("Ask for 1 to %u days at once."), max);
}

/* What the questions about free times share: the visit, its location, and the sources for the
 * days asked. */
typedef struct
{
  JsonObject *location;
  GPtrArray  *sources;   /* LoketSlotSource, not owned: kept, or in copies */
  GPtrArray  *copies;    /* LoketSlotSource, owned */
  gint64      now;
} FreeTimes;

static void
free_times_clear (FreeTimes *t)
{
  g_clear_pointer (&t->location, json_object_unref);
  g_clear_pointer (&t->sources, g_ptr_array_unref);
  g_clear_pointer (&t->copies, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FreeTimes, free_times_clear)

static gboolean
free_times_load (LoketStore *self, const LoketSlotVisitProduct *products, guint n_products,
                 const char *location_id, const GDate *from, guint n_days, GDateTime *now,
                 FreeTimes *t, GError **error)
{
  gint64 first = loket_slot_source_day_start (from);

  t->now = g_date_time_to_unix (now);
  t->sources = load_visit_sources (self, products, n_products, location_id, first,
                                   first + (gint64) n_days * SECONDS_PER_DAY, t->now,
                                   &t->location, &t->copies, error);
  return t->sources != NULL;
}

/* The free web start times of the capacities on a local day as marks of local minutes: FALSE
 * on a day that does not keep one UTC offset (loket_slots_mark_free_on_day). */
static gboolean
free_minutes (GPtrArray *sources, gint64 now, const GDate *day,
              guint64 minutes[LOKET_SLOTS_DAY_WORDS])
{
  memset (minutes, 0, LOKET_SLOTS_DAY_WORDS * sizeof (guint64));
  for (guint i = 0; i < sources->len; i++)
    if (!loket_slots_mark_free_on_day (
          loket_slot_source_query_day (sources->pdata[i], LOKET_CHANNEL_WEB, now, now, day), day,
          minutes))
      return FALSE;
  return TRUE;
}

/* Appends "09:30" (after a comma unless first) straight into out's buffer: a fortnight's answer
 * has hundreds of them. */
static void
append_clock (GString *out, gboolean first, const char clock[8])
{
  gsize at = out->len;
  char *p;

  g_string_set_size (out, at + (first ? 7 : 8));
  p = out->str + at;
  if (!first)
    *p++ = ',';
  p[0] = '"';
  memcpy (p + 1, clock, 5);
  p[6] = '"';
}

/* A day's free times as JSON strings ("09:30",…).  On a day with one UTC offset they are the
 * marked minutes in order; on the two days a year around a change every start is converted
 * on its own. */
static void
append_free_times (GString *out, GPtrArray *sources, gint64 now, const GDate *day,
                   GTimeZone *tz)
{
  guint64 minutes[LOKET_SLOTS_DAY_WORDS];
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) offsets = NULL;
  gboolean first = TRUE;

  if (free_minutes (sources, now, day, minutes))
    {
      for (guint w = 0; w < LOKET_SLOTS_DAY_WORDS; w++)
        for (guint64 bits = minutes[w]; bits != 0; bits &= bits - 1)
          {
            guint minute = w * 64 + (guint) __builtin_ctzll (bits);
            char clock[8];

            local_clock ((gint64) minute * 60, 0, clock);
            append_clock (out, first, clock);
            first = FALSE;
          }
      return;
    }
  starts = free_starts (sources, now, day);
  offsets = offsets_of (starts, tz);
  for (guint j = 0; j < starts->len; j++)
    {
      char clock[8];

      local_clock (g_array_index (starts, gint64, j), g_array_index (offsets, gint32, j), clock);
      append_clock (out, j == 0, clock);
    }
}

/* ',{"date":"2026-11-23","times":[' (without the comma for the first day), without printf:
 * it was a tenth of an answer's time. */
static void
append_day_start (GString *out, gboolean first, const GDate *day)
{
  char text[40];
  guint year = g_date_get_year (day), month = g_date_get_month (day), mday = g_date_get_day (day);
  char *p = text;

  if (year > 9999)
    {
      g_string_append_printf (out, "%s{\"date\":\"%u-%02u-%02u\",\"times\":[", first ? "" : ",",
                              year, month, mday);
      return;
    }
  if (!first)
    *p++ = ',';
  memcpy (p, "{\"date\":\"", 9);
  p += 9;
  *p++ = (char) ('0' + year / 1000 % 10);
  *p++ = (char) ('0' + year / 100 % 10);
  *p++ = (char) ('0' + year / 10 % 10);
  *p++ = (char) ('0' + year % 10);
  *p++ = '-';
  *p++ = (char) ('0' + month / 10);
  *p++ = (char) ('0' + month % 10);
  *p++ = '-';
  *p++ = (char) ('0' + mday / 10);
  *p++ = (char) ('0' + mday % 10);
  memcpy (p, "\",\"times\":[", 11);
  p += 11;
  g_string_append_len (out, text, p - text);
}

/* A JSON string as json-glib writes it: quotes, backslashes and control characters escaped,
 * the rest as it is (UTF-8). */
static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Written straight into out rather than built as a JsonObject first: an answer holds hundreds
 * of times, and a node for each cost more than the slot engine. */
gboolean
loket_store_public_availability_write (LoketStore *self, const char *product_id,
                                       const char *location_id, const GDate *from,
                                       guint n_days, GDateTime *now, GString *out,
                                       GError **error)
{
  LoketSlotVisitProduct product = { product_id, 1 };
  g_auto(FreeTimes) t = { 0 };
  GTimeZone *tz;
  GDate day;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (product_id != NULL && location_id != NULL, FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!check_days (n_days, MAX_PUBLIC_DAYS, error)
      || !free_times_load (self, &product, 1, location_id, from, n_days, now, &t, error))
    return FALSE;

  tz = t.sources->len > 0 ? loket_slot_source_get_timezone (t.sources->pdata[0]) : NULL;
  g_string_append (out, "{\"product\":");
  append_json_string (out, product_id);
  g_string_append (out, ",\"location\":");
  append_json_string (out, location_id);
  g_string_append (out, ",\"days\":[");
  day = *from;
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      append_day_start (out, i == 0, &day);
      append_free_times (out, t.sources, t.now, &day, tz);
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
  return TRUE;
}

JsonObject *
loket_store_public_availability (LoketStore *self, const char *product_id,
                                 const char *location_id, const GDate *from, guint n_days,
                                 GDateTime *now, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!loket_store_public_availability_write (self, product_id, location_id, from, n_days, now,
                                              text, error))
    return NULL;
  return loket_store_parse_json_object (text->str);
}

static JsonArray *
visit_json (const LoketSlotVisitProduct *products, guint n_products)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < n_products; i++)
    {
      JsonObject *product = json_object_new ();

      json_object_set_string_member (product, "id", products[i].product_id);
      json_object_set_int_member (product, "count", products[i].count);
      json_array_add_object_element (array, product);
    }
  return array;
}

JsonObject *
loket_store_web_dates (LoketStore *self, const LoketSlotVisitProduct *products,
                       guint n_products, const char *location_id, const GDate *from,
                       guint n_days, GDateTime *now, GError **error)
{
  g_auto(FreeTimes) t = { 0 };
  JsonArray *days;
  JsonObject *answer;
  GDate day;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (location_id != NULL && from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!check_days (n_days, MAX_PUBLIC_DAYS, error)
      || !free_times_load (self, products, n_products, location_id, from, n_days, now, &t,
                           error))
    return NULL;
  days = json_array_new ();
  day = *from;
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      g_autoptr(GArray) starts = free_starts (t.sources, t.now, &day);
      g_autofree char *date = NULL;
      JsonObject *entry;

      if (starts->len == 0)
        continue;
      date = date_text (&day);
      entry = json_object_new ();
      json_object_set_string_member (entry, "date", date);
      json_object_set_int_member (entry, "free", starts->len);
      json_array_add_object_element (days, entry);
    }
  answer = json_object_new ();
  json_object_set_array_member (answer, "products", visit_json (products, n_products));
  json_object_set_string_member (answer, "location", location_id);
  json_object_set_array_member (answer, "days", days);
  return answer;
}

JsonObject *
loket_store_web_times (LoketStore *self, const LoketSlotVisitProduct *products,
                       guint n_products, const char *location_id, const GDate *day,
                       GDateTime *now, GError **error)
{
  g_auto(FreeTimes) t = { 0 };
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) offsets = NULL;
  g_autofree char *date = NULL;
  JsonArray *times;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (location_id != NULL && day != NULL && g_date_valid (day), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!free_times_load (self, products, n_products, location_id, day, 1, now, &t, error))
    return NULL;
  starts = free_starts (t.sources, t.now, day);
  offsets = offsets_of (starts, t.sources->len > 0
                                ? loket_slot_source_get_timezone (t.sources->pdata[0]) : NULL);
  times = json_array_new ();
  for (guint i = 0; i < starts->len; i++)
    {
      gint64 start = g_array_index (starts, gint64, i);
      g_autofree char *iso = loket_protocol_format_time (start);
      JsonObject *entry = json_object_new ();
      char clock[8];

      local_clock (start, g_array_index (offsets, gint32, i), clock);

      json_object_set_string_member (entry, "time", clock);
      json_object_set_string_member (entry, "start", iso);
      json_array_add_object_element (times, entry);
    }
  date = date_text (day);
  answer = json_object_new ();
  json_object_set_string_member (answer, "date", date);
  json_object_set_string_member (answer, "location", location_id);
  json_object_set_array_member (answer, "times", times);
  return answer;
}

/* ---- rooms ---------------------------------------------------------------------------------- */

static const char *const part_names[] = { "ochtend", "middag", "avond" };

/* The day parts of one room on one day: how many web slots open in each, and how many of those
 * are free. */
static JsonObject *
room_parts (LoketSlotSource *source, gint64 now, const GDate *day)
{
  LoketSlotQuery taken = *loket_slot_source_query_at (source, LOKET_CHANNEL_WEB, now, now);
  LoketSlotQuery open;
  g_autoptr(GArray) free_slots = NULL;
  g_autoptr(GArray) open_slots = NULL;
  guint opens[3] = { 0 }, frees[3] = { 0 };
  JsonObject *parts = json_object_new ();

  /* One slot at a time, whatever the room's products last: a part is free when each of its
   * slots is; the slots that open at all are those of the same question without bookings. */
  taken.duration_minutes = 1;
  open = taken;
  open.n_bookings = 0;
  free_slots = loket_slots_free_on_day (&taken, day);
  open_slots = loket_slots_free_on_day (&open, day);
  for (guint i = 0, j = 0; i < open_slots->len; i++)
    {
      gint64 start = g_array_index (open_slots, LoketSlot, i).start;
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, taken.tz);
      int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
      guint part = minute < MIDDAY_MINUTE ? 0 : minute < EVENING_MINUTE ? 1 : 2;

      /* Both lists are in order, and the free slots are some of the open ones. */
      opens[part]++;
      while (j < free_slots->len && g_array_index (free_slots, LoketSlot, j).start < start)
        j++;
      if (j < free_slots->len && g_array_index (free_slots, LoketSlot, j).start == start)
        frees[part]++;
    }
  for (guint part = 0; part < 3; part++)
    if (opens[part] > 0)
      json_object_set_string_member (parts, part_names[part],
                                     frees[part] == opens[part] ? "vrij"
                                     : frees[part] > 0 ? "deels" : "bezet");
  return parts;
}

/* One room: its days from from, those on which it opens for the web. */
static JsonObject *
room_json (LoketStore *self, sqlite3_stmt *row, const GDate *from, guint n_days, gint64 now,
           GError **error)
{
  LoketSlotVisitProduct product = { column_text (row, 7), 1 };
  gint64 first = loket_slot_source_day_start (from);
  gint64 last = first + (gint64) n_days * SECONDS_PER_DAY;
  g_autofree char *now_text = loket_protocol_format_time (now);
  g_autoptr(LoketSlotSource) source = NULL;
  JsonObject *room, *location;
  JsonArray *days;
  GDate day = *from;

  source = loket_slot_source_load_visit (self->db, column_text (row, 0), &product, 1, NULL,
                                         first - LOKET_SLOT_SOURCE_MARGIN,
                                         last + LOKET_SLOT_SOURCE_MARGIN, error);
  if (source == NULL
      || !loket_store_count_holds (self, source, column_text (row, 0),
                                   first - LOKET_SLOT_SOURCE_MARGIN,
                                   last + LOKET_SLOT_SOURCE_MARGIN, now_text, NULL, error))
    return NULL;
  days = json_array_new ();
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      JsonObject *parts = room_parts (source, now, &day);
      g_autofree char *date = NULL;
      JsonObject *entry;

      if (json_object_get_size (parts) == 0)
        {
          json_object_unref (parts);
          continue;
        }
      date = date_text (&day);
      entry = json_object_new ();
      json_object_set_string_member (entry, "date", date);
      json_object_set_object_member (entry, "parts", parts);
      json_array_add_object_element (days, entry);
    }
  location = json_object_new ();
  json_object_set_string_member (location, "id", column_text (row, 3));
  json_object_set_string_member (location, "name", column_text (row, 4));
  json_object_set_string_member (location, "address", column_text (row, 5));
  room = json_object_new ();
  json_object_set_string_member (room, "id", column_text (row, 0));
  json_object_set_string_member (room, "name", column_text (row, 1));
  json_object_set_object_member (room, "location", location);
  json_object_set_array_member (room, "facilities", array_column (column_text (row, 2)));
  json_object_set_array_member (room, "days", days);
  return room;
}

JsonObject *
loket_store_web_rooms (LoketStore *self, const GDate *from, guint n_days, GDateTime *now,
                       GError **error)
{
  /* A room needs a product of its group to ask the slot engine; each slot is asked alone. */
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) rooms = json_array_new ();
  gboolean ok, has_row;
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && now != NULL, NULL);

  if (!check_days (n_days, MAX_ROOM_DAYS, error))
    return NULL;
  stmt = loket_db_prepare (self->db,
    "SELECT c.id, c.name, c.facilities, l.id, l.name, l.address, c.group_id,"
    " (SELECT p.id FROM products p WHERE p.group_id = c.group_id"
    "  ORDER BY p.public DESC, p.id LIMIT 1)"
    " FROM capacities c JOIN locations l ON l.id = c.location_id"
    " WHERE c.kind = 'zaal' AND c.active"
    " AND EXISTS (SELECT 1 FROM availability_rules r WHERE r.capacity_id = c.id"
    "             AND r.public_places > 0)"
    " AND EXISTS (SELECT 1 FROM products p WHERE p.group_id = c.group_id)"
    " ORDER BY l.name, c.name, c.id", error);
  if (stmt == NULL)
    return NULL;
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      JsonObject *room = room_json (self, stmt, from, n_days, g_date_time_to_unix (now), error);

      if (room == NULL)
        return NULL;
      json_array_add_object_element (rooms, room);
    }
  if (!ok)
    return NULL;
  answer = json_object_new ();
  json_object_set_array_member (answer, "rooms", g_steal_pointer (&rooms));
  return answer;
}
