/* test-store-snapshot.c — replica snapshots in the store, in-process, on the demo municipality.
 *
 * The proof that the scope rules in SQL (loket-store-scope.c) equal the filter of a pull: for
 * every demo user, the snapshot holds, table by table and value by value, exactly the rows their
 * full pull from 0 leaves in a fresh replica (applied by the core's own replica code).  The demo
 * is first worked on through the store (a merge, a search, notes, a contact moment, a case field
 * conflict on a confidential case, an anonymous contact moment, a booking made elsewhere), so
 * the log holds more than one image of some rows.  Then: what the device is known to hold after
 * a snapshot, and what the build refuses. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-demo.h"
#include "loket-error.h"
#include "loket-replica.h"
#include "loket-store.h"
#include "loket-store-private.h"  /* the connection's state after a failed build */

typedef struct
{
  char       *dir;
  char       *path;
  LoketStore *store;
  GHashTable *devices;  /* username → device id */
  GHashTable *seqs;     /* device id → last pushed seq */
} Fixture;

/* ---- helpers -------------------------------------------------------------------------------- */

static sqlite3 *
handle (Fixture *f)
{
  return loket_db_get_handle (loket_store_get_db (f->store));
}

/* The first column of the first row as text, or NULL. */
static char *
text (Fixture *f, const char *sql, const char *param)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  loket_db_bind_text (stmt, 1, param);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
number (Fixture *f, const char *sql, const char *param)
{
  g_autofree char *value = text (f, sql, param);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

/* The device of a user, signed in once per test. */
static const char *
device (Fixture *f, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) login = NULL;

  if (g_hash_table_contains (f->devices, username))
    return g_hash_table_lookup (f->devices, username);
  login = loket_store_login (f->store, username, LOKET_DEMO_PASSWORD, "Snapshot", &error);
  g_assert_no_error (error);
  g_hash_table_insert (f->devices, g_strdup (username),
                       g_strdup (json_object_get_string_member (login, "device_id")));
  return g_hash_table_lookup (f->devices, username);
}

/* Pushes one mutation as the user (args: a JSON object, printf-style); it must not be
 * rejected, and when code is given, must answer that code. */
static void push (Fixture *f, const char *username, const char *type, const char *code,
                  const char *args_format, ...) G_GNUC_PRINTF (5, 6);

static void
push (Fixture *f, const char *username, const char *type, const char *code,
      const char *args_format, ...)
{
  const char *device_id = device (f, username);
  gint64 seq = GPOINTER_TO_INT (g_hash_table_lookup (f->seqs, device_id)) + 1;
  g_autofree char *args = NULL, *batch = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  va_list list;

  va_start (list, args_format);
  args = g_strdup_vprintf (args_format, list);
  va_end (list);
  batch = g_strdup_printf ("[{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"%s\", \"args\": %s}]",
                           seq, type, args);
  node = json_from_string (batch, NULL);
  g_assert_nonnull (node);
  answer = loket_store_push (f->store, device_id, json_node_get_array (node), &error);
  g_assert_no_error (error);
  g_hash_table_insert (f->seqs, (gpointer) device_id, GINT_TO_POINTER ((int) seq));
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), !=, "rejected");
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
}

/* The case of a confidential case type (Naturalisatie in the demo), and its rev. */
static char *
secret_case (Fixture *f, gint64 *rev)
{
  static const char sql[] = "SELECT k.id FROM cases k JOIN case_types t ON t.id = k.case_type_id"
                            " WHERE t.confidential = 1 ORDER BY k.reference LIMIT 1";
  char *id = text (f, sql, NULL);

  g_assert_nonnull (id);
  *rev = number (f, "SELECT rev FROM cases WHERE id = ?", id);
  return id;
}

/* An appointment without a case at another location than the user's, made by them: in their
 * scope.  (The demo's desk bookings are made at the desk's own location.)  Logged again the way
 * the store logs every change. */
static void
made_elsewhere (Fixture *f, const char *username)
{
  g_autofree char *user_id = text (f, "SELECT id FROM users WHERE username = ?", username);
  g_autofree char *id = text (f, "SELECT a.id FROM appointments a"
                                 " JOIN capacities p ON p.id = a.capacity_id"
                                 " WHERE a.case_id IS NULL AND a.customer_id IS NOT NULL"
                                 " AND p.location_id IS NOT (SELECT location_id FROM users"
                                 " WHERE id = ?) ORDER BY a.id LIMIT 1", user_id);
  g_autofree char *sql = g_strdup_printf ("UPDATE appointments SET created_by = '%s'"
                                          " WHERE id = '%s'", user_id, id);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (id);
  g_assert_true (loket_db_exec (loket_store_get_db (f->store), sql, &error));
  g_assert_true (loket_store_log_upsert (f->store, "appointments", id, "2030-01-01T10:00:00Z",
                                         &error));
  g_assert_no_error (error);
}

/* Work on the demo through the store (this and work_on_cases), so that the log holds rows
 * logged more than once, a tombstone, customers that users see by a search, a note or a contact
 * moment of theirs, an anonymous contact moment, a booking made elsewhere and a conflict on a
 * confidential case. */
static void
work_on_customers (Fixture *f)
{
  g_autofree char *bsn = text (f, "SELECT bsn FROM customers WHERE bsn IS NOT NULL"
                                  " ORDER BY id LIMIT 1", NULL);
  g_autofree char *far = text (f, "SELECT id FROM customers ORDER BY id DESC LIMIT 1", NULL);
  g_autofree char *near = text (f, "SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 7", NULL);
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(GError) error = NULL;

  push (f, "bieb", "create_customer", "merged", "{\"id\": \"snap-dup\", \"kind\": \"person\","
        " \"name\": \"Dubbel\", \"bsn\": \"%s\"}", bsn);
  found = loket_store_search_customers (f->store, device (f, "facilitair"), bsn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  push (f, "noord", "add_contact_moment", NULL, "{\"id\": \"snap-cm\", \"channel\": \"telefoon\","
        " \"topic\": \"Vraag\", \"customer_id\": \"%s\"}", far);
  push (f, "redactie", "add_note", NULL, "{\"id\": \"snap-note\", \"body\": \"Belt terug\","
        " \"customer_id\": \"%s\"}", near);
  push (f, "kcc", "add_contact_moment", NULL, "{\"id\": \"%s\", \"channel\": \"telefoon\"}",
        "snap-anonymous");
  made_elsewhere (f, "noord");
}

/* Two edits of one field of a confidential case from the same rev: a conflict record. */
static void
work_on_cases (Fixture *f)
{
  gint64 rev;
  g_autofree char *kase = secret_case (f, &rev);
  static const char edit[] = "{\"case_id\": \"%s\", \"field\": \"subject\", \"base_rev\": %"
                             G_GINT64_FORMAT ", \"value\": \"%s\"}";

  push (f, "burgerzaken", "set_case_field", NULL, edit, kase, rev, "Eerste");
  push (f, "teamleider", "set_case_field", NULL, edit, kase, rev, "Tweede");
  g_assert_cmpint (number (f, "SELECT count(*) FROM case_conflicts WHERE case_id = ?", kase), >, 0);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  f->dir = g_dir_make_tmp ("loket-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_load_demo (f->store, now, &error));
  g_assert_no_error (error);
  f->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->seqs = g_hash_table_new (g_str_hash, g_str_equal);
  work_on_customers (f);
  work_on_cases (f);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_hash_table_unref (f->seqs);
  g_hash_table_unref (f->devices);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
build (Fixture *f, const char *device_id, const char *path)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;
  gboolean built = loket_store_build_snapshot (f->store, device_id, path, &cursor, &error);

  g_assert_no_error (error);
  g_assert_true (built);
  return cursor;
}

/* A fresh replica at path filled by the device's full pull from 0; the cursor it ends at. */
static gint64
pull_into_replica (Fixture *f, const char *device_id, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketReplica) replica = loket_replica_open (path, &error);
  gint64 cursor = 0;
  gboolean more = TRUE;

  g_assert_no_error (error);
  while (more)
    {
      g_autoptr(JsonObject) page = loket_store_pull (f->store, device_id, cursor, 1000, &error);

      g_assert_no_error (error);
      g_assert_true (loket_replica_apply_pull (replica, page, &error));
      g_assert_no_error (error);
      cursor = json_object_get_int_member (page, "cursor");
      more = json_object_get_boolean_member (page, "more");
    }
  return cursor;
}

/* ---- comparing two replicas ----------------------------------------------------------------- */

/* Every row of schema.entity in key order, each as its values quoted by SQLite (so 1 and '1'
 * differ, and NULL is NULL). */
static GPtrArray *
rows_of (sqlite3 *db, const char *schema, const char *entity)
{
  g_autofree char *columns_sql = g_strdup_printf ("SELECT group_concat ('quote (' || name || ')',"
                                                  " ' || '','' || ') FROM pragma_table_info"
                                                  " ('%s', '%s')", entity, schema);
  g_autoptr(sqlite3_stmt) columns = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db, columns_sql, -1, &columns, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (columns), ==, SQLITE_ROW);
  sql = g_strdup_printf ("SELECT %s FROM %s.%s ORDER BY %s", sqlite3_column_text (columns, 0),
                         schema, entity, loket_schema_key_column (entity));
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%s: %s", entity, sqlite3_column_text (stmt, 0)));
  return rows;
}

static gint64
count_in (sqlite3 *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The snapshot file is a replica of this build's schema, rolled back by a plain journal, with
 * nothing desk-local in it. */
static void
assert_replica_file (sqlite3 *db)
{
  g_assert_cmpint (count_in (db, "PRAGMA snap.user_version"), ==,
                   loket_schema_version (LOKET_SCHEMA_REPLICA));
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM snap.outbox"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM snap.sync_state"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count(*) FROM snap.sync_issues"), ==, 0);
}

/* Asserts that the snapshot holds exactly the replica's domain rows; returns the number of rows
 * each entity has in the snapshot. */
static GHashTable *
assert_same_rows (const char *replica_path, const char *snapshot_path)
{
  g_autofree char *attach = g_strdup_printf ("ATTACH DATABASE '%s' AS snap", snapshot_path);
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (replica_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  assert_replica_file (db);
  for (const char *const *entity = loket_schema_entities (); *entity != NULL; entity++)
    {
      g_autoptr(GPtrArray) pulled = rows_of (db, "main", *entity);
      g_autoptr(GPtrArray) snapped = rows_of (db, "snap", *entity);

      for (guint i = 0; i < MIN (pulled->len, snapped->len); i++)
        g_assert_cmpstr (g_ptr_array_index (snapped, i), ==, g_ptr_array_index (pulled, i));
      g_assert_cmpuint (snapped->len, ==, pulled->len);
      g_hash_table_insert (counts, (gpointer) *entity, GUINT_TO_POINTER (snapped->len));
    }
  sqlite3_close (db);
  return counts;
}

/* ---- tests ---------------------------------------------------------------------------------- */

/* The kinds a scope may leave out; the comparisons must see each left out for someone. */
static const char *const filtered[] = { "cases", "customers", "notes", "contact_moments",
                                        "case_status_history", "case_conflicts" };

typedef struct
{
  gboolean fewer[G_N_ELEMENTS (filtered)];
  gboolean redacted;  /* an appointment arrived without its customer and reason */
} Seen;

static void
note_what_was_left_out (Fixture *f, GHashTable *counts, const char *snapshot_path, Seen *seen)
{
  g_autofree char *attach = g_strdup_printf ("ATTACH DATABASE '%s' AS snap", snapshot_path);

  for (guint i = 0; i < G_N_ELEMENTS (filtered); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM main.%s", filtered[i]);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, filtered[i])) < number (f, sql, NULL))
        seen->fewer[i] = TRUE;
    }
  g_assert_cmpint (sqlite3_exec (handle (f), attach, NULL, NULL, NULL), ==, SQLITE_OK);
  if (number (f, "SELECT count(*) FROM snap.appointments s JOIN main.appointments a USING (id)"
                 " WHERE s.customer_id IS NULL AND a.customer_id IS NOT NULL"
                 " AND s.reason = '' AND s.status_reason = ''", NULL) > 0)
    seen->redacted = TRUE;
  g_assert_cmpint (sqlite3_exec (handle (f), "DETACH DATABASE snap", NULL, NULL, NULL), ==,
                   SQLITE_OK);
}

/* Every username, read before the builds: a build needs the connection without a statement
 * in progress (it drops its temporary table at the end). */
static GPtrArray *
usernames (Fixture *f)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (handle (f), "SELECT username FROM users ORDER BY username",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return names;
}

static void
test_same_as_full_pull (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) names = usernames (f);
  Seen seen = { 0 };

  g_assert_cmpuint (names->len, >=, 11);
  for (guint i = 0; i < names->len; i++)
    {
      const char *username = g_ptr_array_index (names, i);
      g_autofree char *replica = g_strdup_printf ("%s/replica-%s.db", f->dir, username);
      g_autofree char *snapshot = g_strdup_printf ("%s/snapshot-%s.db", f->dir, username);
      const char *device_id = device (f, username);
      g_autoptr(GHashTable) counts = NULL;
      gint64 pulled, cursor;

      g_test_message ("user %s", username);
      cursor = build (f, device_id, snapshot);
      pulled = pull_into_replica (f, device_id, replica);
      g_assert_cmpint (cursor, ==, pulled);
      counts = assert_same_rows (replica, snapshot);
      note_what_was_left_out (f, counts, snapshot, &seen);
    }
  /* The comparison covered every rule: something was left out of every filtered kind for
   * someone, and someone's appointments arrived redacted. */
  for (guint i = 0; i < G_N_ELEMENTS (filtered); i++)
    if (!seen.fewer[i])
      g_error ("No user's snapshot left out any %s: the test covers too little", filtered[i]);
  g_assert_true (seen.redacted);
}

/* Another device of the user, signed in now. */
static char *
another_device (Fixture *f, const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) login = loket_store_login (f->store, username, LOKET_DEMO_PASSWORD,
                                                   "Another", &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (login, "device_id"));
}

static void
assert_device (Fixture *f, const char *device_id, const char *column, gint64 expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM devices WHERE id = ?", column);

  g_assert_cmpint (number (f, sql, device_id), ==, expected);
}

/* After a snapshot the device holds everything up to its cursor, as after a full pull that began
 * there. */
static void
test_device_bookkeeping (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "snapshot.db", NULL);
  g_autofree char *paged = another_device (f, "noord");
  g_autofree char *scope = NULL, *paged_scope = NULL, *seen_at = NULL;
  const char *device_id = device (f, "noord");
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = build (f, device_id, path);

  g_assert_cmpint (cursor, ==, number (f, "SELECT max (seq) FROM change_log", NULL));
  assert_device (f, device_id, "full_pull_head", cursor);
  assert_device (f, device_id, "pull_cursor", cursor);
  assert_device (f, device_id, "full_pull_horizon", loket_store_get_horizon (f->store));
  seen_at = text (f, "SELECT seen_at FROM devices WHERE id = ?", device_id);
  g_assert_nonnull (seen_at);
  /* The scope is the one a pull from 0 stores. */
  page = loket_store_pull (f->store, paged, 0, 1, &error);
  g_assert_no_error (error);
  scope = text (f, "SELECT scope FROM devices WHERE id = ?", device_id);
  paged_scope = text (f, "SELECT scope FROM devices WHERE id = ?", paged);
  g_assert_nonnull (scope);
  g_assert_cmpstr (scope, ==, paged_scope);
  assert_device (f, paged, "full_pull_head", cursor);
}

/* One change in the log after the snapshot: the device pulls on from its cursor and gets only
 * that; a change of its user's scope makes it download again, as after a paged full pull. */
static void
test_device_goes_on (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "snapshot.db", NULL);
  const char *device_id = device (f, "noord");
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = build (f, device_id, path);
  JsonArray *changes;

  page = loket_store_pull (f->store, device_id, cursor, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (page, "cursor"), ==, cursor);
  g_clear_pointer (&page, json_object_unref);

  /* Anonymous: every desk gets it. */
  push (f, "balie", "add_contact_moment", NULL, "{\"id\": \"%s\", \"channel\": \"balie\"}",
        "snap-later");
  page = loket_store_pull (f->store, device_id, cursor, 1000, &error);
  g_assert_no_error (error);
  changes = json_object_get_array_member (page, "changes");
  g_assert_cmpuint (json_array_get_length (changes), >=, 1);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes, i),
                                                 "seq"), >, cursor);
  g_assert_cmpint (json_object_get_int_member (page, "cursor"), ==,
                   number (f, "SELECT max (seq) FROM change_log", NULL));

  cursor = json_object_get_int_member (page, "cursor");
  g_clear_pointer (&page, json_object_unref);
  moved = loket_store_move_user (f->store, "noord", "Stadhuis", NULL, &error);
  g_assert_no_error (error);
  page = loket_store_pull (f->store, device_id, cursor, 1000, &error);
  g_assert_null (page);
  g_assert_error (error, LOKET_STORE_ERROR, LOKET_STORE_ERROR_SCOPE_CHANGED);
}

/* A snapshot is written into a new file only, for a device that exists; a build that fails
 * halfway leaves the store's connection as it was. */
static void
test_refuses (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "snapshot.db", NULL);
  g_autofree char *taken = g_build_filename (f->dir, "taken.db", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "snapshot.db", NULL);
  g_autofree char *kept = NULL;
  const char *device_id = device (f, "balie");
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;
  gsize length;

  g_assert_false (loket_store_build_snapshot (f->store, "no-such-device", path, &cursor, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (taken, "not yours", -1, NULL));
  g_assert_false (loket_store_build_snapshot (f->store, device_id, taken, &cursor, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_true (g_file_get_contents (taken, &kept, &length, NULL));
  g_assert_cmpstr (kept, ==, "not yours");
  g_clear_error (&error);

  g_assert_false (loket_store_build_snapshot (f->store, device_id, nowhere, &cursor, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (cursor, ==, -1);
  assert_device (f, device_id, "full_pull_head", 0);

  /* Halfway: the table of seen customers cannot be made.  Nothing stays attached, the foreign
   * keys are on again, no transaction is open, and the next build works. */
  g_assert_cmpint (sqlite3_exec (handle (f), "CREATE TEMP TABLE loket_seen_customers (id)", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  g_assert_false (loket_store_build_snapshot (f->store, device_id, path, &cursor, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_assert_cmpint (number (f, "SELECT count(*) FROM pragma_database_list", NULL), ==, 2);
  g_assert_cmpint (number (f, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_true (sqlite3_get_autocommit (handle (f)));
  assert_device (f, device_id, "full_pull_head", 0);
  g_assert_cmpint (sqlite3_exec (handle (f), "DROP TABLE temp.loket_seen_customers", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (build (f, device_id, path), ==,
                   number (f, "SELECT max (seq) FROM change_log", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/snapshot/same-as-full-pull", Fixture, NULL, fixture_setup,
              test_same_as_full_pull, fixture_teardown);
  g_test_add ("/store/snapshot/device-bookkeeping", Fixture, NULL, fixture_setup,
              test_device_bookkeeping, fixture_teardown);
  g_test_add ("/store/snapshot/device-goes-on", Fixture, NULL, fixture_setup,
              test_device_goes_on, fixture_teardown);
  g_test_add ("/store/snapshot/refuses", Fixture, NULL, fixture_setup, test_refuses,
              fixture_teardown);
  return g_test_run ();
}
