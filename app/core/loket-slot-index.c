/* loket-slot-index.c — an in-memory availability index over a Loket database.
 *
 * See loket-slot-index.h for what it promises.  How it keeps that promise:
 *  - rules and closures come from the same columns through the same parsers as LoketSlotSource
 *    (loket_slot_source_read_rule, loket_slot_source_parse_date), bookings through
 *    loket_slot_source_parse_time;
 *  - LoketSlotSource picks a day's bookings by their start_at text; in the wire format text
 *    order is time order, so the index picks them by time.  A capacity with a loaded start_at in
 *    another form is left to LoketSlotSource.  Rows whose text sorts before what the index holds
 *    fall outside every day it answers for, by text as well;
 *  - the engine only counts bookings that overlap a slot of the day, and closures that cover it,
 *    so the index hands it those: the bookings that can reach the day (by start, less the longest
 *    booking of the capacity) and the one merged closure interval that covers it, if any;
 *  - the triggers name each appointment row that changed (its rowid, and its desk before and
 *    after), so a booking made or moved costs reading that one row again.  An appointment
 *    written with INSERT OR REPLACE would escape them (a replaced row fires no delete trigger
 *    unless recursive triggers are on); nothing writes appointments that way;
 *  - a remembered answer (loket_slot_index_remember_day) is forgotten whenever a row of its
 *    capacity is marked, and with the configuration; the caller remembers only answers that do
 *    not depend on when they were asked.
 */
#include "config.h"

#include <string.h>

#include "loket-protocol.h"
#include "loket-slot-clock.h"
#include "loket-slot-index.h"
#include "loket-slot-source.h"

#define SECONDS_PER_DAY (24 * 60 * 60)
/* Bookings are held from a week before the first day asked about, so that paging back a little
 * does not rebuild the index. */
#define HOLD_BEFORE (7 * SECONDS_PER_DAY)
/* More changed rows than this and all bookings are read again, in one pass over the table. */
#define MAX_ROWS_ONE_BY_ONE 2000

/* A booking as held: what the engine reads, and the appointment's rowid. */
typedef struct
{
  LoketSlotBooking booking;
  gint64 row;
} Held;

typedef struct
{
  char *id;
  char *location_id;
  GTimeZone *tz;
  GArray *rules;          /* LoketSlotRule */
  GArray *closures;       /* LoketSlotClosure: merged, by date */
  GArray *closure_starts; /* Julian day of each closure's first day, for the binary search */
  GArray *held;           /* Held, by booking start; NULL until read */
  gint64 longest;         /* the longest booking in seconds, at least 0 */
  gboolean exact;         /* every start_at read was in the wire format */
  GHashTable *answers;    /* Julian day → Answer remembered (loket_slot_index_remember_day) */
} Capacity;

/* What the engine answered for a desk-day and a visit length. */
typedef struct
{
  int duration;
  LoketChannel channel;
  int free;
} Answer;

struct _LoketSlotIndex
{
  GWeakRef db;
  GHashTable *capacities; /* id → Capacity */
  Capacity *last;         /* the last capacity asked about */
  Capacity *cursor_capacity; /* where the last day's bookings began: in this capacity … */
  gint64 cursor_time;     /* … the first booking starting at or after this time … */
  guint cursor_index;     /* … is this one */
  GArray *slice;          /* LoketSlotBooking: the bookings handed to the engine */
  gint64 from;            /* bookings starting from here on are held */
  char *from_text;        /* the same in the wire format */
  gboolean built;
  gboolean remembering;   /* answers are remembered (the default) */
  guint n_builds;
  guint n_rows_read;
};

/* ---- the triggers that keep it fresh -------------------------------------------------------- */

/* The mark tables have no constraint, and the triggers write them without a conflict clause:
 * the statement that fires a trigger imposes its own conflict policy on the trigger's
 * statements (an INSERT OR IGNORE in a trigger fails under an outer upsert or INSERT OR FAIL),
 * so a mark must be unable to conflict.  A row marked twice is read once. */
#define MARK_EVERYTHING(table, event)                                                         \
  "CREATE TEMP TRIGGER IF NOT EXISTS loket_slot_index_" table "_" event " AFTER " event      \
  " ON main." table " BEGIN INSERT INTO loket_slot_index_config VALUES ('*'); END;"
#define MARK_EVERYTHING_ON(table)                                                             \
  MARK_EVERYTHING (table, "INSERT") MARK_EVERYTHING (table, "UPDATE")                        \
  MARK_EVERYTHING (table, "DELETE")

static const char triggers_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS loket_slot_index_rows (row INTEGER, capacity_id TEXT);"
  "CREATE TEMP TABLE IF NOT EXISTS loket_slot_index_config (what TEXT);"
  "CREATE TEMP TRIGGER IF NOT EXISTS loket_slot_index_appointments_insert"
  "  AFTER INSERT ON main.appointments BEGIN INSERT INTO loket_slot_index_rows"
  "  VALUES (new.rowid, new.capacity_id); END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS loket_slot_index_appointments_update"
  "  AFTER UPDATE OF capacity_id, start_at, end_at, status, channel ON main.appointments BEGIN"
  "  INSERT INTO loket_slot_index_rows VALUES (old.rowid, old.capacity_id),"
  "  (new.rowid, new.capacity_id); END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS loket_slot_index_appointments_delete"
  "  AFTER DELETE ON main.appointments BEGIN INSERT INTO loket_slot_index_rows"
  "  VALUES (old.rowid, old.capacity_id); END;"
  MARK_EVERYTHING_ON ("availability_rules")
  MARK_EVERYTHING_ON ("closures")
  MARK_EVERYTHING_ON ("holidays")
  MARK_EVERYTHING_ON ("capacities")
  MARK_EVERYTHING_ON ("locations")
  "DELETE FROM loket_slot_index_rows;"
  "DELETE FROM loket_slot_index_config;";

/* ---- capacities ----------------------------------------------------------------------------- */

static void
capacity_free (Capacity *capacity)
{
  g_free (capacity->id);
  g_free (capacity->location_id);
  g_clear_pointer (&capacity->tz, g_time_zone_unref);
  g_clear_pointer (&capacity->rules, g_array_unref);
  g_clear_pointer (&capacity->closures, g_array_unref);
  g_clear_pointer (&capacity->closure_starts, g_array_unref);
  g_clear_pointer (&capacity->held, g_array_unref);
  g_clear_pointer (&capacity->answers, g_hash_table_unref);
  g_free (capacity);
}

static Capacity *
capacity_new (const char *id, const char *location_id, const char *zone)
{
  Capacity *capacity = g_new0 (Capacity, 1);

  capacity->id = g_strdup (id);
  capacity->location_id = g_strdup (location_id);
  capacity->tz = loket_slot_source_zone (zone);
  capacity->rules = g_array_new (FALSE, TRUE, sizeof (LoketSlotRule));
  capacity->closures = g_array_new (FALSE, TRUE, sizeof (LoketSlotClosure));
  capacity->closure_starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  capacity->answers = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return capacity;
}

static Capacity *
find_capacity (LoketSlotIndex *self, const char *capacity_id)
{
  if (self->last == NULL || !g_str_equal (self->last->id, capacity_id))
    self->last = g_hash_table_lookup (self->capacities, capacity_id);
  return self->last;
}

/* The first held booking that starts at or after t. */
static guint
first_from (GArray *held, gint64 t)
{
  guint lo = 0, hi = held->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (held, Held, mid).booking.start < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Where a booking starting at t goes: after those starting at or before it. */
static guint
first_after (GArray *held, gint64 t)
{
  return first_from (held, t + 1);
}

static const char *
column_text (sqlite3_stmt *stmt, int i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* "2026-11-23T08:30:00Z" and nothing else: the form whose text order is its time order. */
static gboolean
is_wire_time (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

  if (text == NULL || strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (gsize i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  return TRUE;
}

static int
compare_held (gconstpointer a, gconstpointer b)
{
  const Held *x = a, *y = b;

  return x->booking.start < y->booking.start ? -1 : x->booking.start > y->booking.start;
}

/* They come by start_at, which is their order in time unless a time is not in the wire form. */
static void
sort_held (GArray *held)
{
  for (guint i = 1; i < held->len; i++)
    if (compare_held (&g_array_index (held, Held, i - 1), &g_array_index (held, Held, i)) > 0)
      {
        g_array_sort (held, compare_held);
        return;
      }
}

static void
capacity_clear_bookings (Capacity *capacity)
{
  g_hash_table_remove_all (capacity->answers);
  g_clear_pointer (&capacity->held, g_array_unref);
  capacity->held = g_array_new (FALSE, FALSE, sizeof (Held));
  capacity->longest = 0;
  capacity->exact = TRUE;
}

/* A booking from the columns rowid, start_at, end_at, channel starting at column first, as
 * LoketSlotSource reads it; FALSE for one whose times do not parse (it counts nowhere). */
static gboolean
read_held (sqlite3_stmt *stmt, int first, Capacity *capacity, Held *held)
{
  const char *start_at = column_text (stmt, first + 1);

  held->row = sqlite3_column_int64 (stmt, first);
  capacity->exact = capacity->exact && is_wire_time (start_at);
  if (!loket_slot_source_parse_time (start_at, &held->booking.start)
      || !loket_slot_source_parse_time (column_text (stmt, first + 2), &held->booking.end))
    return FALSE;
  held->booking.channel = g_strcmp0 (column_text (stmt, first + 3), "web") == 0
                            ? LOKET_CHANNEL_WEB : LOKET_CHANNEL_DESK;
  capacity->longest = MAX (capacity->longest, held->booking.end - held->booking.start);
  return TRUE;
}

/* One capacity's active bookings that start from `from` on (a capacity new to the index). */
static gboolean
load_capacity_bookings (LoketSlotIndex *self, Capacity *capacity, LoketDb *db)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT rowid, start_at, end_at, channel FROM appointments "
    "WHERE capacity_id = ? AND start_at >= ? AND status NOT IN ('cancelled', 'rejected') "
    "ORDER BY start_at", NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  capacity_clear_bookings (capacity);
  loket_db_bind_text (stmt, 1, capacity->id);
  loket_db_bind_text (stmt, 2, self->from_text);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Held held;

      if (read_held (stmt, 0, capacity, &held))
        g_array_append_val (capacity->held, held);
    }
  sort_held (capacity->held);
  return rc == SQLITE_DONE;
}

/* Every capacity's active bookings that start from `from` on, in one pass over the table (a
 * walk along the (capacity_id, start_at) index would read the table's pages out of order). */
static gboolean
load_all_bookings (LoketSlotIndex *self, LoketDb *db)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT capacity_id, rowid, start_at, end_at, channel FROM appointments NOT INDEXED "
    "WHERE start_at >= ? AND status NOT IN ('cancelled', 'rejected')", NULL);
  GHashTableIter iter;
  Capacity *capacity;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->capacities);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &capacity))
    capacity_clear_bookings (capacity);
  loket_db_bind_text (stmt, 1, self->from_text);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Held held;

      if ((capacity = find_capacity (self, column_text (stmt, 0))) != NULL
          && read_held (stmt, 1, capacity, &held))
        g_array_append_val (capacity->held, held);
    }
  g_hash_table_iter_init (&iter, self->capacities);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &capacity))
    sort_held (capacity->held);
  return rc == SQLITE_DONE;
}

/* Every capacity with its location's zone; bookings already held move over to the new entry. */
static gboolean
load_capacities (LoketSlotIndex *self, LoketDb *db, GHashTable *previous)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT c.id, c.location_id, l.timezone "
    "FROM capacities c JOIN locations l ON l.id = c.location_id", NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Capacity *capacity = capacity_new (column_text (stmt, 0), column_text (stmt, 1),
                                         column_text (stmt, 2));
      Capacity *old = previous != NULL ? g_hash_table_lookup (previous, capacity->id) : NULL;

      if (old != NULL)
        {
          capacity->held = g_steal_pointer (&old->held);
          capacity->longest = old->longest;
          capacity->exact = old->exact;
        }
      g_hash_table_replace (self->capacities, capacity->id, capacity);
    }
  return rc == SQLITE_DONE;
}

static gboolean
load_rules (LoketSlotIndex *self, LoketDb *db)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT capacity_id, " LOKET_SLOT_RULE_COLUMNS " FROM availability_rules", NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Capacity *capacity = g_hash_table_lookup (self->capacities, column_text (stmt, 0));
      LoketSlotRule rule;

      if (capacity != NULL && loket_slot_source_read_rule (stmt, 1, &rule))
        g_array_append_val (capacity->rules, rule);
    }
  return rc == SQLITE_DONE;
}

/* A closure of one capacity, of every capacity of a location, or of everything. */
static void
add_closure (LoketSlotIndex *self, const char *capacity_id, const char *location_id,
             const LoketSlotClosure *closure)
{
  GHashTableIter iter;
  Capacity *capacity;

  if (capacity_id != NULL)
    {
      if ((capacity = g_hash_table_lookup (self->capacities, capacity_id)) != NULL)
        g_array_append_val (capacity->closures, *closure);
      return;
    }
  g_hash_table_iter_init (&iter, self->capacities);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &capacity))
    if (location_id == NULL || g_strcmp0 (location_id, capacity->location_id) == 0)
      g_array_append_val (capacity->closures, *closure);
}

static gboolean
load_closures (LoketSlotIndex *self, LoketDb *db)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT capacity_id, location_id, from_date, until_date FROM closures "
    "UNION ALL SELECT NULL, NULL, date, date FROM holidays", NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSlotClosure closure;

      if (loket_slot_source_parse_date (column_text (stmt, 2), &closure.from)
          && loket_slot_source_parse_date (column_text (stmt, 3), &closure.until)
          && g_date_compare (&closure.from, &closure.until) <= 0)
        add_closure (self, column_text (stmt, 0), column_text (stmt, 1), &closure);
    }
  return rc == SQLITE_DONE;
}

static int
compare_closures (gconstpointer a, gconstpointer b)
{
  const LoketSlotClosure *x = a, *y = b;

  return g_date_compare (&x->from, &y->from);
}

/* Closures that overlap or touch become one, so that a day lies in at most one of them. */
static void
merge_closures (Capacity *capacity)
{
  GArray *closures = capacity->closures;
  guint kept = 0;

  g_array_sort (closures, compare_closures);
  for (guint i = 0; i < closures->len; i++)
    {
      LoketSlotClosure *next = &g_array_index (closures, LoketSlotClosure, i);
      LoketSlotClosure *last = kept > 0 ? &g_array_index (closures, LoketSlotClosure, kept - 1)
                                        : NULL;

      if (last != NULL && g_date_get_julian (&next->from) <= g_date_get_julian (&last->until) + 1)
        {
          if (g_date_compare (&next->until, &last->until) > 0)
            last->until = next->until;
          continue;
        }
      g_array_index (closures, LoketSlotClosure, kept++) = *next;
    }
  g_array_set_size (closures, kept);
  for (guint i = 0; i < kept; i++)
    {
      guint32 julian = g_date_get_julian (&g_array_index (closures, LoketSlotClosure, i).from);

      g_array_append_val (capacity->closure_starts, julian);
    }
}

/* Capacities, rules and closures read again; the bookings held stay.  With with_bookings,
 * capacities new to the index get theirs read. */
static gboolean
load_configuration (LoketSlotIndex *self, LoketDb *db, gboolean with_bookings)
{
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->capacities);
  GHashTableIter iter;
  Capacity *capacity;

  self->last = NULL;
  self->cursor_capacity = NULL;
  self->capacities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) capacity_free);
  if (!load_capacities (self, db, previous) || !load_rules (self, db)
      || !load_closures (self, db))
    return FALSE;
  g_hash_table_iter_init (&iter, self->capacities);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &capacity))
    {
      merge_closures (capacity);
      if (with_bookings && capacity->held == NULL
          && !load_capacity_bookings (self, capacity, db))
        return FALSE;
    }
  return TRUE;
}

/* ---- keeping it fresh ----------------------------------------------------------------------- */

static gboolean
build (LoketSlotIndex *self, LoketDb *db, gint64 from)
{
  self->built = FALSE;
  self->from = from - HOLD_BEFORE;
  g_free (self->from_text);
  self->from_text = loket_protocol_format_time (self->from);
  g_clear_pointer (&self->capacities, g_hash_table_unref);
  if (!loket_db_exec (db, triggers_sql, NULL) || !load_configuration (self, db, FALSE)
      || !load_all_bookings (self, db))
    return FALSE;
  g_weak_ref_set (&self->db, db);
  self->built = TRUE;
  self->n_builds++;
  return TRUE;
}

typedef struct
{
  gint64 row;
  char *capacity_id;
} Marked;

static void
marked_clear (gpointer data)
{
  g_free (((Marked *) data)->capacity_id);
}

static int
compare_marked (gconstpointer a, gconstpointer b)
{
  const Marked *x = a, *y = b;

  return x->row < y->row ? -1 : x->row > y->row;
}

/* The appointment rows the triggers marked since the last update, by row, emptying the mark
 * table; *config says whether anything else changed. */
static GArray *
take_marks (LoketDb *db, gboolean *config)
{
  g_autoptr(GArray) marked = g_array_new (FALSE, FALSE, sizeof (Marked));
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT row, capacity_id FROM temp.loket_slot_index_rows UNION ALL "
    "SELECT NULL, what FROM temp.loket_slot_index_config", NULL);
  int rc;

  g_array_set_clear_func (marked, marked_clear);
  *config = FALSE;
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Marked mark = { sqlite3_column_int64 (stmt, 0), g_strdup (column_text (stmt, 1)) };

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL || mark.capacity_id == NULL)
        {
          *config = TRUE;
          g_free (mark.capacity_id);
          continue;
        }
      g_array_append_val (marked, mark);
    }
  if (rc != SQLITE_DONE)
    return NULL;
  if ((marked->len > 0 || *config)
      && !loket_db_exec (db, "DELETE FROM temp.loket_slot_index_rows;"
                             "DELETE FROM temp.loket_slot_index_config", NULL))
    return NULL;
  g_array_sort (marked, compare_marked);
  return g_steal_pointer (&marked);
}

static void
forget_row (Capacity *capacity, gint64 row)
{
  g_hash_table_remove_all (capacity->answers);
  for (guint i = 0; capacity->held != NULL && i < capacity->held->len; i++)
    if (g_array_index (capacity->held, Held, i).row == row)
      {
        g_array_remove_index (capacity->held, i);
        return;
      }
}

/* Reads one appointment row again and holds it where it now belongs, if it is an active
 * booking of a known capacity that starts from `from` on. */
static gboolean
read_row (LoketSlotIndex *self, LoketDb *db, gint64 row)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT capacity_id, rowid, start_at, end_at, channel FROM appointments "
    "WHERE rowid = ? AND status NOT IN ('cancelled', 'rejected') AND start_at >= ?", NULL);
  Capacity *capacity;
  Held held;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  loket_db_bind_text (stmt, 2, self->from_text);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return rc == SQLITE_DONE;
  capacity = find_capacity (self, column_text (stmt, 0));
  if (capacity != NULL)
    g_hash_table_remove_all (capacity->answers);
  if (capacity != NULL && capacity->held != NULL && read_held (stmt, 1, capacity, &held))
    g_array_insert_val (capacity->held, first_after (capacity->held, held.booking.start), held);
  self->n_rows_read++;
  return TRUE;
}

static gboolean
refresh (LoketSlotIndex *self, LoketDb *db)
{
  gboolean config;
  g_autoptr(GArray) marked = take_marks (db, &config);

  if (marked == NULL || (config && !load_configuration (self, db, TRUE)))
    return FALSE;
  if (marked->len > MAX_ROWS_ONE_BY_ONE)
    return load_all_bookings (self, db);
  for (guint i = 0; i < marked->len; i++)
    {
      Marked *mark = &g_array_index (marked, Marked, i);
      Capacity *capacity = find_capacity (self, mark->capacity_id);

      if (capacity != NULL)
        forget_row (capacity, mark->row);
    }
  for (guint i = 0; i < marked->len; i++)
    {
      gint64 row = g_array_index (marked, Marked, i).row;

      if ((i == 0 || g_array_index (marked, Marked, i - 1).row != row)
          && !read_row (self, db, row))
        return FALSE;
    }
  return TRUE;
}

gboolean
loket_slot_index_update (LoketSlotIndex *self, LoketDb *db, gint64 from)
{
  g_autoptr(LoketDb) known = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LOKET_IS_DB (db), FALSE);

  self->cursor_capacity = NULL;
  if (!sqlite3_get_autocommit (loket_db_get_handle (db)))
    return FALSE;
  known = g_weak_ref_get (&self->db);
  if (self->built && known == db && from >= self->from)
    ok = refresh (self, db);
  else
    ok = build (self, db, from);
  /* Half read is not to be trusted: the next update starts over. */
  if (!ok)
    self->built = FALSE;
  return ok;
}

/* ---- answering ------------------------------------------------------------------------------ */

/* The merged closure that covers the day, or NULL. */
static const LoketSlotClosure *
closure_covering (Capacity *capacity, guint32 julian)
{
  guint lo = 0, hi = capacity->closure_starts->len;
  const LoketSlotClosure *closure;

  /* The last closure that starts on or before the day. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (capacity->closure_starts, guint32, mid) <= julian)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return NULL;
  closure = &g_array_index (capacity->closures, LoketSlotClosure, lo - 1);
  return g_date_get_julian (&closure->until) >= julian ? closure : NULL;
}

/* The bookings, by start, that can reach a slot of the local day.  LoketSlotSource would read
 * those starting in [midnight UTC - margin, midnight UTC + a day + margin); of those, only ones
 * that end after the day's first slot starts and start before its last one ends matter.  On a
 * day with one UTC offset its slots lie within [local midnight, the next one); on the days
 * around a change, within a day of the UTC date. */
static void
day_window (Capacity *capacity, const GDate *day, gint64 midnight, gint64 *from, gint64 *until)
{
  gint64 local;

  *from = midnight - LOKET_SLOT_SOURCE_MARGIN;
  *until = midnight + SECONDS_PER_DAY + LOKET_SLOT_SOURCE_MARGIN;
  if (loket_slot_clock_steady_midnight (capacity->tz, day, &local))
    {
      *from = MAX (*from, local - capacity->longest);
      *until = MIN (*until, local + SECONDS_PER_DAY);
    }
  else
    {
      *from = MAX (*from, midnight - SECONDS_PER_DAY - capacity->longest);
      *until = MIN (*until, midnight + 2 * SECONDS_PER_DAY);
    }
}

/* first_from, walking on from the last answer when the days come in order (as the month
 * calendar asks them), else searching. */
static guint
first_from_cursor (LoketSlotIndex *self, Capacity *capacity, gint64 t)
{
  GArray *held = capacity->held;
  guint i;

  if (self->cursor_capacity != capacity || t < self->cursor_time)
    i = first_from (held, t);
  else
    for (i = self->cursor_index; i < held->len && g_array_index (held, Held, i).booking.start < t;
         i++)
      ;
  self->cursor_capacity = capacity;
  self->cursor_time = t;
  self->cursor_index = i;
  return i;
}

gboolean
loket_slot_index_query_day (LoketSlotIndex *self, const char *capacity_id, const GDate *day,
                            LoketSlotQuery *query)
{
  Capacity *capacity;
  const LoketSlotClosure *closure;
  gint64 midnight, from, until;
  guint first, last;

  g_return_val_if_fail (self != NULL && capacity_id != NULL && query != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (!self->built || (capacity = find_capacity (self, capacity_id)) == NULL || !capacity->exact
      || capacity->held == NULL)
    return FALSE;
  midnight = loket_slot_source_day_start (day);
  if (midnight - LOKET_SLOT_SOURCE_MARGIN < self->from)
    return FALSE;
  day_window (capacity, day, midnight, &from, &until);
  first = first_from_cursor (self, capacity, from);
  for (last = first; last < capacity->held->len
                     && g_array_index (capacity->held, Held, last).booking.start < until;
       last++)
    ;
  closure = closure_covering (capacity, g_date_get_julian (day));
  g_array_set_size (self->slice, last - first);
  for (guint i = first; i < last; i++)
    g_array_index (self->slice, LoketSlotBooking, i - first)
      = g_array_index (capacity->held, Held, i).booking;

  query->tz = capacity->tz;
  query->rules = (const LoketSlotRule *) (gpointer) capacity->rules->data;
  query->n_rules = capacity->rules->len;
  query->closures = closure;
  query->n_closures = closure != NULL ? 1 : 0;
  query->bookings = last > first ? (const LoketSlotBooking *) (gpointer) self->slice->data
                                  : NULL;
  query->n_bookings = last - first;
  return TRUE;
}

/* ---- remembered answers ---------------------------------------------------------------------- */

gboolean
loket_slot_index_recall_day (LoketSlotIndex *self, const char *capacity_id, const GDate *day,
                             int duration_minutes, LoketChannel channel, int *free)
{
  Capacity *capacity;
  const Answer *answer;

  g_return_val_if_fail (self != NULL && capacity_id != NULL && free != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (!self->built || !self->remembering
      || (capacity = find_capacity (self, capacity_id)) == NULL
      || (answer = g_hash_table_lookup (capacity->answers,
                                        GUINT_TO_POINTER (g_date_get_julian (day)))) == NULL
      || answer->duration != duration_minutes || answer->channel != channel)
    return FALSE;
  *free = answer->free;
  return TRUE;
}

void
loket_slot_index_remember_day (LoketSlotIndex *self, const char *capacity_id, const GDate *day,
                               int duration_minutes, LoketChannel channel, int free)
{
  Capacity *capacity;
  Answer *answer;

  g_return_if_fail (self != NULL && capacity_id != NULL);
  g_return_if_fail (day != NULL && g_date_valid (day));

  if (!self->built || !self->remembering
      || (capacity = find_capacity (self, capacity_id)) == NULL)
    return;
  answer = g_new (Answer, 1);
  *answer = (Answer) { duration_minutes, channel, free };
  g_hash_table_replace (capacity->answers, GUINT_TO_POINTER (g_date_get_julian (day)), answer);
}

void
loket_slot_index_set_remembering (LoketSlotIndex *self, gboolean remembering)
{
  GHashTableIter iter;
  Capacity *capacity;

  g_return_if_fail (self != NULL);

  self->remembering = remembering;
  if (self->capacities == NULL)
    return;
  g_hash_table_iter_init (&iter, self->capacities);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &capacity))
    g_hash_table_remove_all (capacity->answers);
}

/* ---- the object ----------------------------------------------------------------------------- */

LoketSlotIndex *
loket_slot_index_new (void)
{
  LoketSlotIndex *self = g_new0 (LoketSlotIndex, 1);

  g_weak_ref_init (&self->db, NULL);
  self->slice = g_array_new (FALSE, FALSE, sizeof (LoketSlotBooking));
  self->remembering = TRUE;
  return self;
}

void
loket_slot_index_free (LoketSlotIndex *self)
{
  if (self == NULL)
    return;
  g_weak_ref_clear (&self->db);
  g_clear_pointer (&self->capacities, g_hash_table_unref);
  g_clear_pointer (&self->slice, g_array_unref);
  g_free (self->from_text);
  g_free (self);
}

void
loket_slot_index_get_stats (LoketSlotIndex *self, guint *n_builds, guint *n_rows_read)
{
  g_return_if_fail (self != NULL);
  if (n_builds != NULL)
    *n_builds = self->n_builds;
  if (n_rows_read != NULL)
    *n_rows_read = self->n_rows_read;
}
