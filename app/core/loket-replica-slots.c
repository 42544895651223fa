/* loket-replica-slots.c — free times and the month calendar across a location's capacities.
 *
 * A visit (one or more products, each with a count) can be booked at a capacity whose product
 * group handles every product and that is in use (active).  The free times of each such
 * capacity come from the slot engine exactly as loket_replica_free_slots gives them (desk share,
 * nothing before now); these functions add them up over the capacities of a location, or of
 * every location, that also offer the facilities asked for.
 *
 * The engine is fed from the replica's availability index (loket-slot-index.c: every booking
 * read once, kept fresh row by row), which also remembers each desk-day's count for the month
 * calendar; inside a transaction, or for a capacity the index cannot answer for, it is fed
 * through LoketSlotSource for that capacity and day, as loket_replica_free_slots does.
 * tests/core/test-slot-index.c holds both ways to the same answers.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-slots.h"
#include "loket-slot-index.h"
#include "loket-slot-source.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

/* A visit as read from the products table. */
typedef struct
{
  char *group_id;      /* NULL when its products belong to different groups: nobody handles it */
  int minutes;
  GArray *products;    /* LoketSlotVisitProduct, borrowing the caller's product ids */
} Visit;

static void
visit_clear (Visit *visit)
{
  g_clear_pointer (&visit->group_id, g_free);
  g_clear_pointer (&visit->products, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visit, visit_clear)

/* A capacity that handles the visit and offers the facilities. */
typedef struct
{
  char *id;
  char *name;
  char *location_id;
  char *location_name;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->id);
  g_free (candidate->name);
  g_free (candidate->location_id);
  g_free (candidate->location_name);
  g_free (candidate);
}

static const char *
column_text (sqlite3_stmt *stmt, int i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* ---- the visit ---------------------------------------------------------------------------- */

static guint
count_of (const LoketVisitItem *items, guint n_items, const char *product_id)
{
  guint count = 0;

  for (guint i = 0; i < n_items; i++)
    if (g_strcmp0 (items[i].product_id, product_id) == 0)
      count += items[i].count;
  return count;
}

/* Adds one item's product to the visit; checks that it exists and that the visit (over all its
 * items) holds between 1 and max_per_booking of it. */
static gboolean
visit_add_item (LoketDb *db, Visit *visit, const LoketVisitItem *items, guint n_items, guint i,
                GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT group_id, norm_minutes, max_per_booking, name FROM products WHERE id = ?", error);
  LoketSlotVisitProduct product = { items[i].product_id, items[i].count };
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, items[i].product_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return loket_db_fail (db, error);
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                           _("This product does not exist (any more)."));
      return FALSE;
    }
  if (!loket_slot_source_check_count (column_text (stmt, 3), items[i].count,
                                      count_of (items, n_items, items[i].product_id),
                                      sqlite3_column_int (stmt, 2), error))
    return FALSE;
  /* Once two products differ in group, nobody handles the visit; the rest is still checked. */
  if (i == 0)
    visit->group_id = g_strdup (column_text (stmt, 0));
  else if (g_strcmp0 (visit->group_id, column_text (stmt, 0)) != 0)
    g_clear_pointer (&visit->group_id, g_free);
  visit->minutes += sqlite3_column_int (stmt, 1) * (int) items[i].count;
  g_array_append_val (visit->products, product);
  return TRUE;
}

static gboolean
visit_read (LoketReplica *self, const LoketVisitItem *items, guint n_items, Visit *visit,
            GError **error)
{
  LoketDb *db = loket_replica_get_db (self);

  *visit = (Visit) { .products = g_array_new (FALSE, FALSE, sizeof (LoketSlotVisitProduct)) };
  if (n_items == 0 || items == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("An appointment needs at least one product."));
      return FALSE;
    }
  for (guint i = 0; i < n_items; i++)
    if (!visit_add_item (db, visit, items, n_items, i, error))
      return FALSE;
  return TRUE;
}

int
loket_replica_visit_minutes (LoketReplica *self, const LoketVisitItem *items, guint n_items,
                             GError **error)
{
  g_auto(Visit) visit = { 0 };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!visit_read (self, items, n_items, &visit, error))
    return 0;
  return visit.minutes;
}

/* ---- the capacities that handle it -------------------------------------------------------- */

/* The facilities asked for as a JSON array, for json_each in SQL. */
static char *
facilities_json (const char *const *facilities)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; facilities != NULL && facilities[i] != NULL; i++)
    json_array_add_string_element (array, facilities[i]);
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

/* Capacities c in use of the group ?1, at the location ?2 (NULL: any), that offer every
 * facility of the JSON array ?3 themselves or through their location l; a facilities column that
 * is no JSON offers none. */
#define CANDIDATE_WHERE \
  "c.active = 1 AND c.group_id = ?1 AND (?2 IS NULL OR c.location_id = ?2) " \
  "  AND NOT EXISTS (SELECT 1 FROM json_each (?3) f " \
  "    WHERE f.value NOT IN (SELECT value FROM json_each (CASE WHEN json_valid (c.facilities) " \
  "                                                      THEN c.facilities ELSE '[]' END)) " \
  "      AND f.value NOT IN (SELECT value FROM json_each (CASE WHEN json_valid (l.facilities) " \
  "                                                        THEN l.facilities ELSE '[]' END)))"

/* By capacity name: the order of free times at one start. */
#define CANDIDATES_SQL \
  "SELECT c.id, c.name, c.location_id, l.name FROM capacities c " \
  "JOIN locations l ON l.id = c.location_id WHERE " CANDIDATE_WHERE " ORDER BY c.name, c.id"

#define LOCATIONS_SQL \
  "SELECT * FROM locations l WHERE EXISTS (SELECT 1 FROM capacities c " \
  "  WHERE c.location_id = l.id AND " CANDIDATE_WHERE ") ORDER BY l.name, l.id"

static GPtrArray *
list_candidates (LoketReplica *self, const Visit *visit, const char *location_id,
                 const char *const *facilities, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autofree char *wanted = facilities_json (facilities);
  int rc;

  if (visit->group_id == NULL)
    return g_steal_pointer (&found);
  if ((stmt = loket_db_prepare_cached (db, CANDIDATES_SQL, error)) == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, visit->group_id);
  loket_db_bind_text (stmt, 2, location_id);
  loket_db_bind_text (stmt, 3, wanted);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->id = g_strdup (column_text (stmt, 0));
      candidate->name = g_strdup (column_text (stmt, 1));
      candidate->location_id = g_strdup (column_text (stmt, 2));
      candidate->location_name = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (found, candidate);
    }
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&found);
}

GListModel *
loket_replica_list_locations_for_visit (LoketReplica *self, const LoketVisitItem *items,
                                        guint n_items, const char *const *facilities)
{
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);
  g_autoptr(LoketDbCached) stmt = NULL;
  g_auto(Visit) visit = { 0 };
  g_autofree char *wanted = facilities_json (facilities);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (!visit_read (self, items, n_items, &visit, NULL) || visit.group_id == NULL
      || (stmt = loket_db_prepare_cached (loket_replica_get_db (self), LOCATIONS_SQL,
                                          NULL)) == NULL)
    return G_LIST_MODEL (store);
  loket_db_bind_text (stmt, 1, visit.group_id);
  loket_db_bind_text (stmt, 2, NULL);
  loket_db_bind_text (stmt, 3, wanted);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autoptr(LoketRecord) record = loket_record_new (row);

      g_list_store_append (store, record);
    }
  return G_LIST_MODEL (store);
}

/* ---- asking the engine -------------------------------------------------------------------- */

#define INDEX_KEY "loket-slot-index"

LoketSlotIndex *
loket_replica_get_slot_index (LoketReplica *self)
{
  LoketSlotIndex *index;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if ((index = g_object_get_data (G_OBJECT (self), INDEX_KEY)) == NULL)
    {
      index = loket_slot_index_new ();
      g_object_set_data_full (G_OBJECT (self), INDEX_KEY, index,
                              (GDestroyNotify) loket_slot_index_free);
    }
  return index;
}

/* The replica's availability index, up to date and holding the bookings around `first` on;
 * NULL when it cannot answer now (inside a transaction), and the engine is fed through
 * LoketSlotSource instead. */
static LoketSlotIndex *
replica_index (LoketReplica *self, const GDate *first)
{
  LoketSlotIndex *index = loket_replica_get_slot_index (self);

  if (!loket_slot_index_update (index, loket_replica_get_db (self),
                                loket_slot_source_day_start (first) - LOKET_SLOT_SOURCE_MARGIN))
    return NULL;
  return index;
}

/* What one request asks the engine about each candidate and day. */
typedef struct
{
  LoketReplica *replica;
  LoketSlotIndex *index;       /* NULL: every question reads through LoketSlotSource */
  const Visit *visit;
  gint64 not_before;
  LoketSlotSource *source;     /* what the last question without the index read */
  LoketSlotQuery query;
  gboolean from_index;         /* the last question came from the index */
} Asker;

static void
asker_init (Asker *asker, LoketReplica *self, const Visit *visit, const GDate *first,
            GDateTime *now)
{
  *asker = (Asker) {
    .replica = self,
    .index = replica_index (self, first),
    .visit = visit,
    .not_before = now != NULL ? g_date_time_to_unix (now) : 0,
  };
}

static void
asker_clear (Asker *asker)
{
  g_clear_pointer (&asker->source, loket_slot_source_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Asker, asker_clear)

/* The engine's question for a candidate on a local day, fed as loket_replica_free_slots feeds
 * it (desk share, nothing before now): from the index, or read for that day alone.  Valid
 * until the next question. */
static const LoketSlotQuery *
ask_day (Asker *asker, const Candidate *candidate, const GDate *day, GError **error)
{
  gint64 from = loket_slot_source_day_start (day) - LOKET_SLOT_SOURCE_MARGIN;
  gint64 until = loket_slot_source_day_start (day) + SECONDS_PER_DAY + LOKET_SLOT_SOURCE_MARGIN;

  asker->query = (LoketSlotQuery) {
    .duration_minutes = asker->visit->minutes,
    .channel = LOKET_CHANNEL_DESK,
    .not_before = asker->not_before,
  };
  asker->from_index = asker->index != NULL
                      && loket_slot_index_query_day (asker->index, candidate->id, day,
                                                     &asker->query);
  if (asker->from_index)
    return &asker->query;

  g_clear_pointer (&asker->source, loket_slot_source_free);
  asker->source = loket_slot_source_load_visit (loket_replica_get_db (asker->replica),
                                                candidate->id,
                                                (const LoketSlotVisitProduct *) (gpointer)
                                                  asker->visit->products->data,
                                                asker->visit->products->len, NULL, from, until,
                                                error);
  if (asker->source == NULL)
    return NULL;
  return loket_slot_source_query (asker->source, LOKET_CHANNEL_DESK, asker->not_before);
}

/* The visit, its candidates and an asker for the days from `first`: what every function below
 * starts with.  FALSE with error for bad input. */
static gboolean
prepare (LoketReplica *self, const LoketVisitItem *items, guint n_items, const char *location_id,
         const char *const *facilities, const GDate *first, guint n_days, Visit *visit,
         GPtrArray **candidates, GError **error)
{
  if (first == NULL || !g_date_valid (first) || n_days == 0
      || g_date_get_julian (first) > G_MAXUINT32 - n_days
      || !g_date_valid_julian (g_date_get_julian (first) + n_days))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Choose at least one valid day."));
      return FALSE;
    }
  if (!visit_read (self, items, n_items, visit, error))
    return FALSE;
  *candidates = list_candidates (self, visit, location_id, facilities, error);
  return *candidates != NULL;
}

/* ---- the month calendar ------------------------------------------------------------------- */

/* How many starts are free for the candidate on the day, or -1 when it does not open.  An answer
 * that does not depend on when it is asked (nothing of the day lies before not_before) is
 * remembered by the index until the candidate's bookings or the configuration change. */
static gboolean
day_free (Asker *asker, const Candidate *candidate, const GDate *day, int *free,
          GError **error)
{
  gboolean timeless = asker->not_before <= loket_slot_source_day_start (day) - SECONDS_PER_DAY;
  const LoketSlotQuery *query;
  guint n;

  if (timeless && asker->index != NULL
      && loket_slot_index_recall_day (asker->index, candidate->id, day, asker->visit->minutes,
                                      LOKET_CHANNEL_DESK, free))
    return TRUE;
  if ((query = ask_day (asker, candidate, day, error)) == NULL)
    return FALSE;
  /* A day with a free start is open; only a day without one needs asking. */
  n = loket_slots_count_free_on_day (query, day);
  *free = n > 0 || loket_slots_opens_on_day (query, day) ? (int) n : -1;
  if (timeless && asker->from_index)
    loket_slot_index_remember_day (asker->index, candidate->id, day, asker->visit->minutes,
                                   LOKET_CHANNEL_DESK, *free);
  return TRUE;
}

GArray *
loket_replica_free_days (LoketReplica *self, const char *location_id, const LoketVisitItem *items,
                         guint n_items, const char *const *facilities, const GDate *from,
                         guint n_days, GDateTime *now, GError **error)
{
  g_autoptr(GArray) days = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_auto(Visit) visit = { 0 };
  g_auto(Asker) asker = { 0 };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!prepare (self, items, n_items, location_id, facilities, from, n_days, &visit, &candidates,
                error))
    return NULL;
  days = g_array_sized_new (FALSE, FALSE, sizeof (int), n_days);
  g_array_set_size (days, n_days);
  for (guint d = 0; d < n_days; d++)
    g_array_index (days, int, d) = -1;

  asker_init (&asker, self, &visit, from, now);
  for (guint c = 0; c < candidates->len; c++)
    {
      GDate day = *from;

      for (guint d = 0; d < n_days; d++, g_date_add_days (&day, 1))
        {
          int *sum = &g_array_index (days, int, d), free;

          if (!day_free (&asker, candidates->pdata[c], &day, &free, error))
            return NULL;
          if (free >= 0)
            *sum = MAX (*sum, 0) + free;
        }
    }
  return g_steal_pointer (&days);
}

/* ---- free times ------------------------------------------------------------------------------ */

/* By start, then capacity (candidates come by name). */
static int
compare_free_times (gconstpointer a, gconstpointer b)
{
  const LoketFreeTime *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->capacity < y->capacity ? -1 : x->capacity > y->capacity;
}

/* Every candidate's free times on the days, unsorted. */
static gboolean
collect_free_times (Asker *asker, GPtrArray *candidates, const GDate *from, guint n_days,
                    GArray *out, GError **error)
{
  for (guint c = 0; c < candidates->len; c++)
    {
      GDate day = *from;

      for (guint d = 0; d < n_days; d++, g_date_add_days (&day, 1))
        {
          const LoketSlotQuery *query = ask_day (asker, candidates->pdata[c], &day, error);
          g_autoptr(GArray) slots = NULL;

          if (query == NULL)
            return FALSE;
          slots = loket_slots_free_on_day (query, &day);
          for (guint s = 0; s < slots->len; s++)
            {
              const LoketSlot *slot = &g_array_index (slots, LoketSlot, s);
              LoketFreeTime time = { slot->start, slot->end, slot->free, c };

              g_array_append_val (out, time);
            }
        }
    }
  return TRUE;
}

static GArray *
free_times_between (LoketReplica *self, const char *location_id, const LoketVisitItem *items,
                    guint n_items, const char *const *facilities, const GDate *from,
                    guint n_days, GDateTime *now, GPtrArray **candidates, GError **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (LoketFreeTime));
  g_auto(Visit) visit = { 0 };
  g_auto(Asker) asker = { 0 };

  if (!prepare (self, items, n_items, location_id, facilities, from, n_days, &visit, candidates,
                error))
    return NULL;
  asker_init (&asker, self, &visit, from, now);
  if (!collect_free_times (&asker, *candidates, from, n_days, times, error))
    return NULL;
  g_array_sort (times, compare_free_times);
  return g_steal_pointer (&times);
}

GArray *
loket_replica_free_times_between (LoketReplica *self, const char *location_id,
                                  const LoketVisitItem *items, guint n_items,
                                  const char *const *facilities, const GDate *from,
                                  guint n_days, GDateTime *now, GPtrArray **capacity_ids,
                                  GError **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) times = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  times = free_times_between (self, location_id, items, n_items, facilities, from, n_days, now,
                              &candidates, error);
  if (times == NULL)
    return NULL;
  if (capacity_ids != NULL)
    {
      *capacity_ids = g_ptr_array_new_full (candidates->len, g_free);
      for (guint c = 0; c < candidates->len; c++)
        g_ptr_array_add (*capacity_ids, g_strdup (((Candidate *) candidates->pdata[c])->id));
    }
  return g_steal_pointer (&times);
}

static LoketRecord *
free_time_record (const Candidate *candidate, const LoketFreeTime *time)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *start_at = loket_protocol_format_time (time->start);
  g_autofree char *end_at = loket_protocol_format_time (time->end);

  json_object_set_int_member (row, "start", time->start);
  json_object_set_string_member (row, "start_at", start_at);
  json_object_set_string_member (row, "end_at", end_at);
  json_object_set_string_member (row, "capacity_id", candidate->id);
  json_object_set_string_member (row, "capacity_name", candidate->name);
  json_object_set_string_member (row, "location_id", candidate->location_id);
  json_object_set_string_member (row, "location_name", candidate->location_name);
  json_object_set_int_member (row, "free", time->free);
  return loket_record_new (row);
}

GListModel *
loket_replica_free_times (LoketReplica *self, const char *location_id, const LoketVisitItem *items,
                          guint n_items, const char *const *facilities, const GDate *day,
                          GDateTime *now, GError **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) times = NULL;
  GListStore *store;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  times = free_times_between (self, location_id, items, n_items, facilities, day, 1, now,
                              &candidates, error);
  if (times == NULL)
    return NULL;
  store = g_list_store_new (LOKET_TYPE_RECORD);
  for (guint i = 0; i < times->len; i++)
    {
      const LoketFreeTime *time = &g_array_index (times, LoketFreeTime, i);
      g_autoptr(LoketRecord) record = free_time_record (candidates->pdata[time->capacity], time);

      g_list_store_append (store, record);
    }
  return G_LIST_MODEL (store);
}
