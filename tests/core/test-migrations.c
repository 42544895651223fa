/* Migrations from empty, generic row transport, and bad database files. */
#include <glib/gstdio.h>
#include <string.h>

#include "loket-db.h"
#include "loket-error.h"
#include "loket-schema.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("loket-migrations-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
table_exists (LoketDb *db, const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);

  loket_db_bind_text (stmt, 1, name);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static void
test_from_empty (Fixture *f, gconstpointer data)
{
  LoketSchemaSide side = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->path, side, &error);
  const char *const *entities = loket_schema_entities ();

  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (db), ==, loket_schema_version (side));
  for (guint i = 0; entities[i] != NULL; i++)
    g_assert_true (table_exists (db, entities[i]));
  g_assert_true (table_exists (db, side == LOKET_SCHEMA_REPLICA ? "outbox" : "change_log"));
  g_assert_false (table_exists (db, side == LOKET_SCHEMA_REPLICA ? "change_log" : "outbox"));
  g_assert_false (table_exists (db, side == LOKET_SCHEMA_REPLICA ? "user_secrets" : "sync_issues"));
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) first = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);
  g_autoptr(LoketDb) second = NULL;
  g_autoptr(JsonObject) holiday = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_db_exec (first, "INSERT INTO holidays VALUES ('2026-12-25', 'Kerst')",
                                &error));
  g_clear_object (&first);
  second = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (second), ==, loket_schema_version (LOKET_SCHEMA_REPLICA));
  holiday = loket_db_get_row (second, "holidays", "2026-12-25", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (holiday, "name"), ==, "Kerst");
}

static void
test_newer_schema_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);

  g_assert_true (loket_db_exec (db, "PRAGMA user_version = 99", &error));
  g_clear_object (&db);
  db = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);
  g_assert_null (db);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE);
  g_assert_nonnull (strstr (error->message, "Update Loket"));
}

static void
test_garbage_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = NULL;
  char garbage[4096];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7 + 3);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, NULL));
  db = loket_db_open (f->path, LOKET_SCHEMA_SERVER, &error);
  g_assert_null (db);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, f->path));
}

static void
test_missing_directory (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no", "such", "dir.db", NULL);
  g_autoptr(LoketDb) db = loket_db_open (path, LOKET_SCHEMA_SERVER, &error);

  g_assert_null (db);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
}

static void
test_row_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonObject) back = NULL;

  json_object_set_string_member (row, "id", "loc-1");
  json_object_set_string_member (row, "name", "Stadhuis");
  json_object_set_string_member (row, "kind", "stadhuis");
  json_object_set_int_member (row, "works_offline", 0);
  json_object_set_string_member (row, "column_from_a_newer_server", "ignored");
  g_assert_true (loket_db_upsert_row (db, "locations", row, &error));
  g_assert_no_error (error);

  json_object_set_string_member (row, "name", "Stadhuis Dalfsenburg");
  g_assert_true (loket_db_upsert_row (db, "locations", row, &error));
  back = loket_db_get_row (db, "locations", "loc-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (back, "name"), ==, "Stadhuis Dalfsenburg");
  g_assert_cmpstr (json_object_get_string_member (back, "timezone"), ==, "Europe/Amsterdam");
  g_assert_false (json_object_has_member (back, "column_from_a_newer_server"));

  g_assert_true (loket_db_delete_row (db, "locations", "loc-1", &error));
  g_assert_null (loket_db_get_row (db, "locations", "loc-1", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

static void
test_row_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->path, LOKET_SCHEMA_REPLICA, &error);
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "name", "no id");
  g_assert_false (loket_db_upsert_row (db, "locations", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  json_object_set_string_member (row, "id", "x");
  g_assert_false (loket_db_upsert_row (db, "sqlite_master", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  /* A CHECK constraint: an unknown kind of location. */
  json_object_set_string_member (row, "kind", "kasteel");
  g_assert_false (loket_db_upsert_row (db, "locations", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
}

/* A server of the previous version with a device: after the scope migration the device has no
 * scope yet, so its next pull makes it download again (what it holds was never filtered). */
static void
test_server_scope_migration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;
  const char *const *migrations = loket_schema_get_migrations (LOKET_SCHEMA_SERVER, &n);
  sqlite3 *old = NULL;

  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpint (sqlite3_open (f->path, &old), ==, SQLITE_OK);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sqlite3_exec (old, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (old, "PRAGMA user_version = 3;"
                                 "INSERT INTO roles VALUES ('medewerker', 'Medewerker');"
                                 "INSERT INTO users (id, username, display_name, role_id)"
                                 " VALUES ('u', 'anna', 'Anna', 'medewerker');"
                                 "INSERT INTO devices (id, user_id, token_hash, created_at)"
                                 " VALUES ('d', 'u', 'x', '2026-01-01T00:00:00Z');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (old);

  db = loket_db_open (f->path, LOKET_SCHEMA_SERVER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (db), ==, n);
  g_assert_true (table_exists (db, "user_customers"));
  g_assert_true (table_exists (db, "server_state"));
  stmt = loket_db_prepare (db, "SELECT scope IS NULL, full_pull_head, pull_cursor, seen_at IS NULL"
                           " FROM devices WHERE id = 'd'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (sqlite3_column_int (stmt, i), ==, i == 0 || i == 3 ? 1 : 0);
}

/* How many migrations a database had before the one that brought the domain schema to
 * version domain (2 and up): the domain migrations are interleaved with each side's own. */
static guint
migrations_before_domain (LoketSchemaSide side, guint domain)
{
  static const guint replica[] = { 0, 0, 2, 3, 4, 5, 6 };  /* v1, replica_v1, v2, v3, v4, v5,
                                                            * v6 */
  static const guint server[] = { 0, 0, 2, 4, 5, 7, 8 };   /* v1, server_v1, v2, server_v2, v3,
                                                            * v4, server_v3, v5, v6 */

  g_assert (domain >= 2 && domain < G_N_ELEMENTS (replica));
  return side == LOKET_SCHEMA_REPLICA ? replica[domain] : server[domain];
}

/* Opens a database that holds the first n migrations of side, with sql run on it, at f->path. */
static void
make_old_database (Fixture *f, LoketSchemaSide side, guint n, const char *sql)
{
  guint total = 0;
  const char *const *migrations = loket_schema_get_migrations (side, &total);
  g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %u;", n);
  sqlite3 *old = NULL;

  g_assert_cmpuint (n, <, total);
  g_assert_cmpint (sqlite3_open (f->path, &old), ==, SQLITE_OK);
  /* Each migration of the old version would wait for the disk otherwise. */
  g_assert_cmpint (sqlite3_exec (old, "PRAGMA synchronous = OFF", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sqlite3_exec (old, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (old, version, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (old, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (old);
}

/* The agenda migration (domain v3) keeps every capacity, rule and appointment a replica of the
 * previous version holds while it rebuilds the capacities table, and gives the new columns
 * their defaults: one week in every one, a visit of one product, no step at the desk yet. */
static void
test_agenda_migration (Fixture *f, gconstpointer data)
{
  LoketSchemaSide side = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;

  loket_schema_get_migrations (side, &n);
  make_old_database (f, side, migrations_before_domain (side, 3),
    "INSERT INTO locations (id, name, kind) VALUES ('l', 'Stadhuis', 'stadhuis');"
    "INSERT INTO product_groups (id, name) VALUES ('g', 'Burgerzaken');"
    "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line)"
    " VALUES ('p', 'g', 'Paspoort', 10, 1, 1);"
    "INSERT INTO capacities (id, location_id, group_id, kind, name)"
    " VALUES ('c', 'l', 'g', 'balie', 'Balie 1');"
    "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
    " start_time, end_time, slot_minutes, places, public_places)"
    " VALUES ('r', 'c', 31, '2026-01-01', '2026-12-31', '08:30', '12:00', 10, 2, 1);"
    "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, created_at)"
    " VALUES ('a', 'p', 'c', '2026-11-23T08:30:00Z', '2026-11-23T08:40:00Z',"
    " '2026-11-20T10:00:00Z');");

  db = loket_db_open (f->path, side, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (db), ==, n);
  g_assert_true (table_exists (db, "appointment_events"));
  g_assert_true (table_exists (db, "availability_rule_history"));
  stmt = loket_db_prepare (db, "SELECT c.name, c.facilities, c.active, r.every_weeks,"
                           " r.opens_days, a.items, a.arrived_at IS NULL, l.opening_days"
                           " FROM capacities c JOIN availability_rules r ON r.capacity_id = c.id"
                           " JOIN appointments a ON a.capacity_id = c.id"
                           " JOIN locations l ON l.id = c.location_id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Balie 1");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "[]");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 120);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "[]");
  g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 7), ==, 31);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  /* The new kind of capacity is allowed now. */
  g_assert_true (loket_db_exec (db, "INSERT INTO capacities (id, location_id, group_id, kind, name)"
                                " VALUES ('d', 'l', 'g', 'afhaallocatie', 'Afhaalkluis')", &error));
  g_assert_no_error (error);
}

/* The public web migration (domain v4) gives every product the reminders of the service charter
 * (an e-mail a day before, an SMS an hour before) and every case type no public wording yet,
 * and brings the messages and survey answers; a server also gets its tokens, holds and the
 * content of messages. */
static void
test_web_migration (Fixture *f, gconstpointer data)
{
  LoketSchemaSide side = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;

  loket_schema_get_migrations (side, &n);
  make_old_database (f, side, migrations_before_domain (side, 4),
    "INSERT INTO product_groups (id, name) VALUES ('g', 'Burgerzaken');"
    "INSERT INTO case_types (id, name, max_working_days, statuses)"
    " VALUES ('t', 'Paspoort', 5, '[\"ontvangen\"]');"
    "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line,"
    " case_type_id) VALUES ('p', 'g', 'Paspoort', 10, 1, 1, 't');");

  db = loket_db_open (f->path, side, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (db), ==, n);
  g_assert_true (table_exists (db, "messages"));
  g_assert_true (table_exists (db, "survey_answers"));
  g_assert_true (table_exists (db, "public_tokens") == (side == LOKET_SCHEMA_SERVER));
  g_assert_true (table_exists (db, "web_holds") == (side == LOKET_SCHEMA_SERVER));
  g_assert_true (table_exists (db, "message_content") == (side == LOKET_SCHEMA_SERVER));
  stmt = loket_db_prepare (db, "SELECT p.remind_email_minutes, p.remind_sms_minutes,"
                           " t.public_statuses FROM products p"
                           " JOIN case_types t ON t.id = p.case_type_id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1440);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 60);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "{}");
  /* A mark outside 1-5 never gets in. */
  g_assert_false (loket_db_exec (db, "INSERT INTO survey_answers (id, case_id, q1, q2, q3,"
                                 " answered_at) VALUES ('s', NULL, 6, 1, 1, 'x')", &error));
  g_assert_nonnull (error);
}

static gint64
query_int (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
assert_refused (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (loket_db_exec (db, sql, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "constraint failed"));
}

/* How many cases the search index finds for an FTS5 query. */
static gint64
found (LoketDb *db, const char *query)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cases_fts WHERE cases_fts MATCH"
                                          " '%s'", query);

  return query_int (db, sql);
}

#define V4_CASES \
  "INSERT INTO product_groups (id, name) VALUES ('g', 'Bouwen');" \
  "INSERT INTO case_types (id, name, max_working_days, statuses)" \
  " VALUES ('t', 'Omgevingsvergunning', 40, '[\"ontvangen\", \"besluit\"]');" \
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, case_type_id)" \
  " VALUES ('p', 'g', 'Dakkapel', 45, 3, 2, 't');" \
  "INSERT INTO customers (id, name, created_at) VALUES ('c', 'Zoë Müller', 'x');" \
  "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, subject, status," \
  " opened_at, deadline, closed_at) VALUES ('k', 'Z-2026-001201', 't', 'c', 'p'," \
  " 'Café aan de Brink', 'besluit', '2026-01-05T09:00:00Z', '2026-03-02'," \
  " '2026-02-01T10:00:00Z');" \
  "INSERT INTO contact_moments (id, customer_id, channel, at)" \
  " VALUES ('m', 'c', 'telefoon', '2026-01-05T09:00:00Z');"

/* The cases migration (domain v5) keeps every case type, case and contact moment and gives the
 * new columns their defaults: today's transitions (NULL), twenty years and 'bewaren', no intake,
 * nothing suspended or archived, no case or referral for a contact moment.  The search index
 * holds the cases that were there, diacritics folded, and follows them from then on. */
static void
test_cases_migration (Fixture *f, gconstpointer data)
{
  LoketSchemaSide side = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *const added[] = { "case_suspensions", "case_links", "case_documents", "callbacks",
                                "customer_representatives", "cases_fts", NULL };
  guint n = 0;

  loket_schema_get_migrations (side, &n);
  make_old_database (f, side, migrations_before_domain (side, 5), V4_CASES);
  db = loket_db_open (f->path, side, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_db_get_version (db), ==, n);
  for (guint i = 0; added[i] != NULL; i++)
    g_assert_true (table_exists (db, added[i]));
  stmt = loket_db_prepare (db, "SELECT t.transitions IS NULL, t.retention_years,"
                           " t.retention_action, t.intake_product_id IS NULL,"
                           " k.suspended_since IS NULL, k.archive_action IS NULL,"
                           " k.archive_date IS NULL, m.case_id IS NULL, m.referred_to"
                           " FROM cases k JOIN case_types t ON t.id = k.case_type_id"
                           " JOIN contact_moments m ON m.customer_id = k.customer_id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 20);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "bewaren");
  for (int i = 3; i <= 7; i++)
    g_assert_cmpint (sqlite3_column_int (stmt, i), ==, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 8), ==, "");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

  /* The case of before is found, by any of its texts, with or without the diacritics. */
  g_assert_cmpint (found (db, "cafe"), ==, 1);
  g_assert_cmpint (found (db, "muller"), ==, 1);
  g_assert_cmpint (found (db, "Zoë"), ==, 1);
  g_assert_cmpint (found (db, "dakkapel"), ==, 1);
  g_assert_cmpint (found (db, "\"Z 2026 001201\""), ==, 1);
  g_assert_cmpint (found (db, "kapsalon"), ==, 0);
  g_assert_cmpint (side == LOKET_SCHEMA_SERVER, ==, table_exists (db, "change_log"));
}

/* The new tables refuse what makes no sense, and the search index follows the rows (foreign
 * keys are off, as on a replica). */
static void
test_cases_schema (Fixture *f, gconstpointer data)
{
  LoketSchemaSide side = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDb) db = loket_db_open (f->path, side, &error);
  g_autofree char *index = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_db_exec (db, V4_CASES
    "INSERT INTO teams (id, name) VALUES ('team', 'Vergunningen');"
    "INSERT INTO customers (id, kind, name, created_at) VALUES ('o', 'organisation', 'Harmonie',"
    " 'x');"
    "INSERT INTO callbacks (id, customer_id, assigned_team_id, due_at, created_at)"
    " VALUES ('cb', 'c', 'team', '2026-01-06T09:00:00Z', '2026-01-05T09:00:00Z');", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT outcome = 'open' AND outcome_at IS NULL"
                                  " AND outcome_note = '' FROM callbacks"), ==, 1);
  assert_refused (db, "UPDATE case_types SET retention_years = 0");
  assert_refused (db, "UPDATE case_types SET retention_action = 'weggooien'");
  assert_refused (db, "UPDATE cases SET archive_action = 'later'");
  assert_refused (db, "INSERT INTO case_suspensions (id, case_id, kind, at)"
                      " VALUES ('s', 'k', 'pause', 'x')");
  assert_refused (db, "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at)"
                      " VALUES ('l', 'k', 'k', 'related', 'x')");
  assert_refused (db, "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at)"
                      " VALUES ('l', 'k', 'k2', 'friend', 'x')");
  /* A callback for nobody, to nobody, or with an outcome of no moment. */
  assert_refused (db, "INSERT INTO callbacks (id, customer_id, due_at, created_at)"
                      " VALUES ('cb2', 'c', 'x', 'x')");
  assert_refused (db, "INSERT INTO callbacks (id, assigned_team_id, due_at, created_at)"
                      " VALUES ('cb2', 'team', 'x', 'x')");
  assert_refused (db, "UPDATE callbacks SET outcome = 'done'");
  assert_refused (db, "UPDATE callbacks SET outcome = 'maybe', outcome_at = 'x'");
  assert_refused (db, "INSERT INTO customer_representatives (id, organisation_id, person_id,"
                      " created_at) VALUES ('r', 'o', 'o', 'x')");
  g_assert_true (loket_db_exec (db, "INSERT INTO customer_representatives (id, organisation_id,"
                                " person_id, role, created_at) VALUES ('r', 'o', 'c',"
                                " 'secretaris', 'x')", &error));
  g_assert_no_error (error);

  /* The index follows a renamed customer and product, a new subject, and a case that goes. */
  g_assert_true (loket_db_exec (db, "UPDATE customers SET name = 'Zoë de Vries' WHERE id = 'c';"
                                "UPDATE products SET name = 'Aanbouw' WHERE id = 'p';"
                                "UPDATE cases SET subject = 'Terras' WHERE id = 'k'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (found (db, "muller OR dakkapel OR cafe"), ==, 0);
  g_assert_cmpint (found (db, "vries AND aanbouw AND terras"), ==, 1);
  /* A replica may lose a customer before their case, or get a case before its customer. */
  g_assert_true (loket_db_exec (db, "DELETE FROM customers WHERE id = 'c'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (found (db, "vries"), ==, 0);
  g_assert_cmpint (found (db, "terras"), ==, 1);
  g_assert_true (loket_db_exec (db, "DELETE FROM cases", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases_fts"), ==, 0);
  g_assert_true (loket_db_exec (db,
    "INSERT INTO cases (id, reference, case_type_id, customer_id, status, opened_at, deadline)"
    " VALUES ('k2', 'Z-2026-001202', 't', 'late', 'ontvangen', 'x', 'x');"
    "INSERT INTO customers (id, name, created_at) VALUES ('late', 'Jaap Laatkomer', 'x')",
    &error));
  g_assert_no_error (error);
  g_assert_cmpint (found (db, "laatkomer"), ==, 1);

  /* The customer card's lists read in the order of an index. */
  index = query_text (db, "SELECT group_concat (name) FROM pragma_index_info"
                          " ('cases_by_customer')");
  g_assert_cmpstr (index, ==, "customer_id,opened_at");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/migrations/replica-from-empty", test_from_empty, GINT_TO_POINTER (LOKET_SCHEMA_REPLICA));
  ADD ("/migrations/replica-agenda", test_agenda_migration, GINT_TO_POINTER (LOKET_SCHEMA_REPLICA));
  ADD ("/migrations/server-agenda", test_agenda_migration, GINT_TO_POINTER (LOKET_SCHEMA_SERVER));
  ADD ("/migrations/replica-web", test_web_migration, GINT_TO_POINTER (LOKET_SCHEMA_REPLICA));
  ADD ("/migrations/server-web", test_web_migration, GINT_TO_POINTER (LOKET_SCHEMA_SERVER));
  ADD ("/migrations/replica-cases", test_cases_migration, GINT_TO_POINTER (LOKET_SCHEMA_REPLICA));
  ADD ("/migrations/server-cases", test_cases_migration, GINT_TO_POINTER (LOKET_SCHEMA_SERVER));
  ADD ("/migrations/replica-cases-schema", test_cases_schema,
       GINT_TO_POINTER (LOKET_SCHEMA_REPLICA));
  ADD ("/migrations/server-cases-schema", test_cases_schema, GINT_TO_POINTER (LOKET_SCHEMA_SERVER));
  ADD ("/migrations/server-from-empty", test_from_empty, GINT_TO_POINTER (LOKET_SCHEMA_SERVER));
  ADD ("/migrations/reopen", test_reopen, NULL);
  ADD ("/migrations/server-scope", test_server_scope_migration, NULL);
  ADD ("/migrations/newer-schema-refused", test_newer_schema_refused, NULL);
  ADD ("/db/garbage-file", test_garbage_file, NULL);
  ADD ("/db/missing-directory", test_missing_directory, NULL);
  ADD ("/db/row-round-trip", test_row_round_trip, NULL);
  ADD ("/db/row-refused", test_row_refused, NULL);
#undef ADD

  return g_test_run ();
}
