/* The world every run of the property test starts from (test-property.c).
 *
 * loket-sync's demo municipality, pruned to what a run can touch in a second
 * (loket-test-world.c: the agenda of the next few days, ten open cases, their customers, five
 * articles), so that a first download takes milliseconds.  The real server serves it: eight
 * desks log in and download it, and each user gets a session kept for fresh replicas (a
 * reader: logged in, never syncing).  Every run copies the server's database and the desks'
 * replicas and so starts from exactly the same world. */
#include <glib/gstdio.h>
#include <string.h>

#include "loket-test-world.h"
#include "test-property.h"

PropertyWorld property_world;

const char *const property_desk_users[N_DESKS] = {
  "balie", "balie", "kcc", "noord", "backoffice", "burgerzaken", "redactie", "kennis",
};
const char *const property_users[N_USERS] = {
  "balie", "kcc", "noord", "backoffice", "burgerzaken", "redactie", "kennis",
};

/* The agenda kept: from now to this many days ahead; the hot starts lie on the first open day
 * from tomorrow on (a few days ahead after a weekend with holidays). */
#define WINDOW_DAYS 7

/* ---- hot places: the starts with one desk place that desks compete for ------------------ */

static void
hot_slot_free (gpointer data)
{
  HotSlot *slot = data;

  g_free (slot->capacity_id);
  g_free (slot->product_id);
  g_free (slot->location_id);
  g_free (slot->group_id);
  g_free (slot);
}

static void
local_day (GTimeZone *tz, int days_ahead, GDate *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_ahead);

  g_date_clear (day, 1);
  g_date_set_dmy (day, (GDateDay) g_date_time_get_day_of_month (then),
                  (GDateMonth) g_date_time_get_month (then),
                  (GDateYear) g_date_time_get_year (then));
}

/* Up to four free starts of a capacity on its first open day from tomorrow on. */
static void
add_hot_slots (LoketReplica *replica, LoketRecord *capacity, LoketRecord *product)
{
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (
    replica, loket_record_get_string (capacity, "location_id"));

  for (int days = 1; days < WINDOW_DAYS; days++)
    {
      g_autoptr(GArray) slots = NULL;
      GDate day;

      local_day (tz, days, &day);
      slots = loket_replica_free_slots (replica, loket_record_get_id (capacity),
                                        loket_record_get_id (product), &day, NULL, NULL);
      for (guint i = 0; slots != NULL && i < slots->len && i < 4; i++)
        {
          HotSlot *slot = g_new0 (HotSlot, 1);

          slot->capacity_id = g_strdup (loket_record_get_id (capacity));
          slot->product_id = g_strdup (loket_record_get_id (product));
          slot->location_id = g_strdup (loket_record_get_string (capacity, "location_id"));
          slot->group_id = g_strdup (loket_record_get_string (capacity, "group_id"));
          slot->start = g_array_index (slots, LoketSlot, i).start;
          g_ptr_array_add (property_world.hot_slots, slot);
        }
      if (slots != NULL && slots->len > 0)
        return;
    }
}

/* Desk counters whose every rule has exactly one desk place, at every location. */
static void
find_hot_slots (LoketReplica *replica)
{
  g_autoptr(GListModel) locations = loket_replica_list_locations (replica);

  property_world.hot_slots = g_ptr_array_new_with_free_func (hot_slot_free);
  for (guint l = 0; l < g_list_model_get_n_items (locations); l++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, l);
      g_autoptr(GListModel) capacities = loket_replica_list_capacities (
        replica, loket_record_get_id (location));

      for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
        {
          g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
          g_autoptr(GListModel) products = loket_replica_list_products (
            replica, loket_record_get_id (capacity));
          g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);

          if (product != NULL && g_str_equal (loket_record_get_string (capacity, "kind"), "balie"))
            add_hot_slots (replica, capacity, product);
        }
    }
  g_assert_cmpuint (property_world.hot_slots->len, >=, 4);
}

static GPtrArray *
ids_of (LoketReplica *replica, const char *sql)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (replica), sql, NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ids;
}

/* ---- setting up ------------------------------------------------------------------------- */

static void
log_in_everyone (const char *url)
{
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("desk-%u", i);
      g_autoptr(LoketTestDesk) desk = loket_test_desk_new (property_world.dir, name, url,
                                                           property_desk_users[i]);

      property_world.desk_paths[i] = g_strdup (desk->path);
      if (i == 0)
        {
          find_hot_slots (desk->replica);
          /* Three open cases everyone sees and a confidential one only team Burgerzaken
           * sees, by reference. */
          property_world.hot_cases = ids_of (desk->replica, "SELECT id FROM (SELECT c.id,"
            " c.reference FROM cases c JOIN case_types t ON t.id = c.case_type_id"
            " WHERE t.confidential = 0 ORDER BY c.reference LIMIT 3) UNION ALL SELECT id FROM"
            " (SELECT c.id, c.reference FROM cases c JOIN case_types t ON t.id = c.case_type_id"
            " WHERE t.confidential = 1 ORDER BY c.reference LIMIT 1)");
          property_world.hot_articles = ids_of (desk->replica, "SELECT id FROM kb_articles"
                                                " WHERE status = 'published' ORDER BY title");
        }
    }
  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *file = g_strdup_printf ("reader-%s.db", property_users[u]);
      g_autofree char *path = g_build_filename (property_world.dir, file, NULL);

      property_world.readers[u] = loket_test_desk_open (path);
      loket_test_desk_login (property_world.readers[u], url, property_users[u], "demo");
    }
}

void
property_world_set_up (void)
{
  g_autoptr(GError) error = NULL;
  LoketTestServer *server;

  property_world.dir = loket_test_make_tmp_dir ("loket-property");
  g_test_message ("the world and each run's files are in %s", property_world.dir);
  property_world.server_db = g_build_filename (property_world.dir, "world.db", NULL);
  loket_test_world_make (property_world.server_db, WINDOW_DAYS);
  server = loket_test_server_start (property_world.server_db, FALSE, 0, &error);
  g_assert_no_error (error);
  log_in_everyone (server->url);
  loket_test_server_free (server);
  g_assert_cmpuint (property_world.hot_cases->len, >=, 4);
  g_assert_cmpuint (property_world.hot_articles->len, >=, 2);
}

void
property_world_tear_down (void)
{
  if (property_world.dir == NULL)
    return;
  for (guint i = 0; i < N_DESKS; i++)
    g_clear_pointer (&property_world.desk_paths[i], g_free);
  for (guint u = 0; u < N_USERS; u++)
    g_clear_pointer (&property_world.readers[u], loket_test_desk_free);
  g_clear_pointer (&property_world.hot_slots, g_ptr_array_unref);
  g_clear_pointer (&property_world.hot_cases, g_ptr_array_unref);
  g_clear_pointer (&property_world.hot_articles, g_ptr_array_unref);
  g_clear_pointer (&property_world.server_db, g_free);
  loket_test_remove_tree (property_world.dir);
  g_clear_pointer (&property_world.dir, g_free);
}
