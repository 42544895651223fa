/* Adopting a snapshot file as the replica (loket-replica-snapshot.c): the server's rows come
 * in by a file swap, the desk's outbox, session and sync issues stay, the pending changes show
 * on top again, and a file that does not fit changes nothing. */
#include "loket-error.h"
#include "loket-replica.h"

#include "loket-test-replica.h"

typedef struct {
  char         *path;
  char         *snapshot;
  LoketReplica *replica;
} Fixture;

/* What both the desk and the server's snapshot hold: a counter that is open. */
static void
add_reference (LoketDb *db)
{
  loket_test_add_row (db, "locations",
                      "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  loket_test_add_row (db, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  loket_test_add_row (db, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
                      "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  loket_test_add_row (db, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
                      "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  loket_test_add_row (db, "availability_rules", "{\"id\":\"R\",\"capacity_id\":\"C\","
                      "\"weekdays\":31,\"valid_from\":\"2030-01-01\","
                      "\"valid_until\":\"2030-12-31\",\"start_time\":\"09:00\","
                      "\"end_time\":\"12:00\",\"slot_minutes\":10,\"places\":2,"
                      "\"public_places\":1}");
}

static gint64
at (int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2030, 1, 7, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = json_object_new ();
  LoketBookingInput in = { .product_id = "P", .capacity_id = "C", .start = at (9, 10),
                           .reason = "Verlopen paspoort" };
  g_autofree char *id = NULL;
  LoketDb *db;

  f->replica = loket_test_replica_new ("snapshot");
  f->path = g_strdup (loket_db_get_path (loket_replica_get_db (f->replica)));
  f->snapshot = loket_replica_dup_snapshot_path (f->replica);
  db = loket_replica_get_db (f->replica);
  add_reference (db);
  /* A row the server no longer has: a full download leaves it behind. */
  loket_test_add_row (db, "locations",
                      "{\"id\":\"OLD\",\"name\":\"Oud filiaal\",\"kind\":\"kantoor\"}");
  json_object_set_string_member (user, "id", "U");
  g_assert_true (loket_replica_begin_session (f->replica, "http://127.0.0.1:1", "secret", "D",
                                              user, &error));
  g_assert_true (loket_replica_set_state (f->replica, "cursor", "7", &error));
  /* A booking made offline, not yet pushed. */
  id = loket_replica_book_appointment (f->replica, &in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  /* With the snapshot download and its journal, next to the replica. */
  loket_test_replica_free (g_steal_pointer (&f->replica));
  g_free (f->path);
  g_free (f->snapshot);
}

/* A snapshot as the server makes one: the replica's schema, the server's rows, journal DELETE. */
static void
make_snapshot (Fixture *f, const char *extra_pragma)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->snapshot, LOKET_SCHEMA_REPLICA, &error);

  g_assert_no_error (error);
  add_reference (db);
  loket_test_add_row (db, "locations",
                      "{\"id\":\"L2\",\"name\":\"Wijkpost Noord\",\"kind\":\"satelliet\"}");
  g_assert_true (loket_db_exec (db, "PRAGMA journal_mode = DELETE", &error));
  if (extra_pragma != NULL)
    g_assert_true (loket_db_exec (db, extra_pragma, &error));
  g_assert_no_error (error);
}

static gint64
count (LoketReplica *replica, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (replica), sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
assert_adopted (LoketReplica *replica)
{
  g_autofree char *token = loket_replica_dup_state (replica, "token");

  g_assert_cmpint (loket_replica_get_cursor (replica), ==, 42);
  g_assert_cmpstr (token, ==, "secret");
  g_assert_cmpuint (loket_replica_count_pending (replica), ==, 1);
  g_assert_cmpint (count (replica, "SELECT count(*) FROM locations WHERE id = 'L2'"), ==, 1);
  g_assert_cmpint (count (replica, "SELECT count(*) FROM locations WHERE id = 'OLD'"), ==, 0);
  /* The pending booking shows on top of the server's rows again. */
  g_assert_cmpint (count (replica, "SELECT count(*) FROM appointments WHERE status = 'booked'"),
                   ==, 1);
}

static void
count_changed (guint *changed)
{
  (*changed)++;
}

static void
test_adopt (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketReplica) again = NULL;
  guint changed = 0;

  g_assert_true (g_str_has_suffix (f->snapshot, "replica.db.download"));
  make_snapshot (f, NULL);
  g_signal_connect_swapped (f->replica, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (loket_replica_adopt_snapshot (f->replica, f->snapshot, 42, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (f->snapshot, G_FILE_TEST_EXISTS));
  assert_adopted (f->replica);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (loket_db_get_path (loket_replica_get_db (f->replica)), ==, f->path);

  /* The replica goes on in WAL mode, and what it holds is on the disk. */
  g_assert_cmpint (count (f->replica, "SELECT count(*) FROM pragma_journal_mode WHERE"
                          " journal_mode = 'wal'"), ==, 1);
  g_clear_object (&f->replica);
  again = loket_replica_open (f->path, &error);
  g_assert_no_error (error);
  assert_adopted (again);
  f->replica = g_steal_pointer (&again);
}

/* The file is left as it was; the replica, its cursor and its outbox are untouched. */
static void
assert_unchanged (Fixture *f)
{
  g_assert_cmpint (loket_replica_get_cursor (f->replica), ==, 7);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  g_assert_cmpint (count (f->replica, "SELECT count(*) FROM locations WHERE id = 'OLD'"), ==, 1);
  g_assert_cmpint (count (f->replica, "SELECT count(*) FROM locations WHERE id = 'L2'"), ==, 0);
  g_assert_true (g_file_test (f->snapshot, G_FILE_TEST_EXISTS));
}

static void
test_other_version (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  make_snapshot (f, "PRAGMA user_version = 999");
  g_assert_false (loket_replica_adopt_snapshot (f->replica, f->snapshot, 42, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE);
  assert_unchanged (f);
}

static void
test_not_a_database (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (f->snapshot, garbage, -1, &error));
  g_assert_false (loket_replica_adopt_snapshot (f->replica, f->snapshot, 42, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE);
  assert_unchanged (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica-snapshot/adopt", test_adopt);
  ADD ("/replica-snapshot/other-version", test_other_version);
  ADD ("/replica-snapshot/not-a-database", test_not_a_database);
#undef ADD

  return g_test_run ();
}
