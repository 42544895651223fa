/* test-store-cases.c — the server store's rules for cases, notes, contact moments and rescheduled
 * appointments, in-process: each mutation's applied, rejected and conflict paths, replays that
 * must not apply twice, and the change log that carries it all (with a knowledge article's
 * draft; the knowledge base itself: test-store-kb.c); and a push batch as one transaction with
 * a savepoint per mutation.
 *
 * The fixture is plain SQL: one balie open Mon–Fri 09:00–12:00 in 10-minute slots (2 places, 1
 * for the web), a case type with four ordered statuses, one case at rev 1, and two devices of
 * two users (two desks), inserted directly so no slow password hash is needed. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store.h"
#include "loket-test-admin.h"

/* Monday 7 January 2030 in Amsterdam (UTC+1), and the Sunday before. */
#define MONDAY_0900 "2030-01-07T08:00:00Z"
#define MONDAY_0910 "2030-01-07T08:10:00Z"
#define MONDAY_0920 "2030-01-07T08:20:00Z"
#define SUNDAY_0900 "2030-01-06T08:00:00Z"

enum { DESK_A, DESK_B, N_DESKS };

static const char *const device_ids[N_DESKS] = { "dev-a", "dev-b" };

typedef struct
{
  char       *dir;
  LoketStore *store;
  gint64      seq[N_DESKS];
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind) VALUES ('loc-1', 'Stadhuis', 'stadhuis');"
  "INSERT INTO teams (id, name, location_id) VALUES ('team-bz', 'Burgerzaken', 'loc-1'),"
  " ('team-vg', 'Vergunningen', 'loc-1');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2);"
  "INSERT INTO capacities (id, location_id, group_id, kind, name) VALUES"
  " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1');"
  "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
  " start_time, end_time, slot_minutes, places, public_places) VALUES"
  " ('rule-1', 'cap-1', 31, '2020-01-01', '2099-12-31', '09:00', '12:00', 10, 2, 1);"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker'),"
  " ('redacteur', 'Kennisredacteur');"
  "INSERT INTO users (id, username, display_name, role_id, location_id) VALUES"
  " ('usr-a', 'anna', 'Anna de Vries', 'redacteur', 'loc-1'),"
  " ('usr-b', 'bram', 'Bram Bakker', 'medewerker', 'loc-1');"
  "INSERT INTO devices (id, user_id, token_hash, created_at) VALUES"
  " ('dev-a', 'usr-a', 'hash-a', '2029-01-01T00:00:00Z'),"
  " ('dev-b', 'usr-b', 'hash-b', '2029-01-01T00:00:00Z');"
  "INSERT INTO customers (id, name, bsn, created_at) VALUES"
  " ('cus-1', 'Jan Jansen', '123456782', '2029-01-01T10:00:00Z');"
  "INSERT INTO customer_aliases (alias_id, survivor_id) VALUES ('cus-dup', 'cus-1');"
  "INSERT INTO case_types (id, name, max_working_days, statuses, team_id) VALUES"
  " ('ct-1', 'Vergunning', 40,"
  "  '[\"ontvangen\", \"in behandeling\", \"besluit\", \"afgehandeld\"]', 'team-vg');"
  "INSERT INTO cases (id, reference, case_type_id, customer_id, subject, status, team_id,"
  " opened_at, deadline) VALUES ('case-1', 'Z-2030-0001', 'ct-1', 'cus-1', 'Dakkapel',"
  " 'ontvangen', 'team-vg', '2030-01-02T09:00:00Z', '2030-03-01');";

/* ---- helpers -------------------------------------------------------------------------------- */

static sqlite3 *
handle (Fixture *f)
{
  return loket_db_get_handle (loket_store_get_db (f->store));
}

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

/* One text value of the first row; NULL for no row or SQL NULL. */
static char *
value (Fixture *f, const char *sql)
{
  return loket_test_admin_value (loket_store_get_db (f->store), sql);
}

static void
assert_value (Fixture *f, const char *sql, const char *expected)
{
  g_autofree char *got = value (f, sql);

  g_assert_cmpstr (got, ==, expected);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("loket-store-cases-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = loket_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_db_exec (loket_store_get_db (f->store), fixture_sql, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
}

/* Pushes one mutation as the desk's next (or a given earlier) seq; checks and returns the
 * result. */
static JsonObject *
push_seq (Fixture *f, guint desk, gint64 seq, const char *type, const char *args,
          const char *outcome, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = g_strdup_printf ("[{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"%s\","
                                            " \"client_time\": \"2030-01-01T10:00:00Z\","
                                            " \"args\": %s}]", seq, type, args);
  g_autoptr(JsonNode) node = json_from_string (batch, &error);
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;

  g_assert_no_error (error);
  answer = loket_store_push (f->store, device_ids[desk], json_node_get_array (node), &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, outcome);
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  return json_object_ref (result);
}

static JsonObject *
push (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
      const char *code)
{
  return push_seq (f, desk, ++f->seq[desk], type, args, outcome, code);
}

/* push, for when only the outcome matters. */
static void
expect (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
        const char *code)
{
  g_autoptr(JsonObject) result = push (f, desk, type, args, outcome, code);
}

static const char *
detail (JsonObject *result, const char *member)
{
  JsonObject *details = json_object_get_object_member (result, "details");

  g_assert_nonnull (details);
  return json_object_get_string_member (details, member);
}

static char *
field_args (const char *field, gint64 base_rev, const char *json_value)
{
  return g_strdup_printf ("{\"case_id\": \"case-1\", \"field\": \"%s\", \"base_rev\": %"
                          G_GINT64_FORMAT ", \"value\": %s}", field, base_rev, json_value);
}

static void
set_field (Fixture *f, guint desk, const char *field, gint64 base_rev, const char *json_value,
           const char *outcome, const char *code)
{
  g_autofree char *args = field_args (field, base_rev, json_value);

  expect (f, desk, LOKET_MUTATION_SET_CASE_FIELD, args, outcome, code);
}

static char *
status_args (const char *status, gint64 base_rev, const char *history_id)
{
  return g_strdup_printf ("{\"case_id\": \"case-1\", \"status\": \"%s\", \"base_rev\": %"
                          G_GINT64_FORMAT ", \"history_id\": \"%s\"}", status, base_rev,
                          history_id);
}

static void
set_status (Fixture *f, guint desk, const char *status, gint64 base_rev, const char *history_id,
            const char *outcome, const char *code)
{
  g_autofree char *args = status_args (status, base_rev, history_id);

  expect (f, desk, LOKET_MUTATION_SET_CASE_STATUS, args, outcome, code);
}

static gint64
log_count (Fixture *f, const char *entity, const char *row_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE entity = '%s'"
                                          " AND row_id = '%s'", entity, row_id);
  return count (f, sql);
}

/* ---- set_case_field ------------------------------------------------------------------------- */

static void
test_fields_merge (Fixture *f, gconstpointer data)
{
  /* Both desks saw rev 1 and change different fields: both apply. */
  g_autofree char *args = field_args ("subject", 1, "\"Dakkapel achterzijde\"");
  g_autoptr(JsonObject) first = push (f, DESK_A, LOKET_MUTATION_SET_CASE_FIELD, args,
                                      "applied", "");
  JsonObject *details = json_object_get_object_member (first, "details");

  g_assert_cmpint (json_object_get_int_member (details, "rev"), ==, 2);
  set_field (f, DESK_B, "assignee_id", 1, "\"usr-b\"", "applied", "");
  set_field (f, DESK_B, "team_id", 1, "\"team-bz\"", "applied", "");

  assert_value (f, "SELECT subject FROM cases", "Dakkapel achterzijde");
  assert_value (f, "SELECT assignee_id FROM cases", "usr-b");
  assert_value (f, "SELECT team_id FROM cases", "team-bz");
  g_assert_cmpint (count (f, "SELECT rev FROM cases"), ==, 4);
  g_assert_cmpint (count (f, "SELECT json_extract (field_revs, '$.subject') FROM cases"), ==, 2);
  g_assert_cmpint (count (f, "SELECT json_extract (field_revs, '$.team_id') FROM cases"), ==, 4);
  /* Every edit is in the log, with the whole row. */
  g_assert_cmpint (log_count (f, "cases", "case-1"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'cases'"
                          " AND json_extract (row, '$.rev') = 4"
                          " AND json_extract (row, '$.assignee_id') = 'usr-b'"), ==, 1);

  /* Clearing a nullable field is an edit too. */
  set_field (f, DESK_A, "assignee_id", 4, "null", "applied", "");
  g_assert_cmpint (count (f, "SELECT assignee_id IS NULL FROM cases"), ==, 1);
}

static void
test_field_conflict (Fixture *f, gconstpointer data)
{
  g_autofree char *args = field_args ("subject", 1, "\"Dakkapel (Bram)\"");
  g_autoptr(JsonObject) conflict = NULL;
  g_autofree char *sql = NULL;
  gint64 case_logs;

  set_field (f, DESK_A, "subject", 1, "\"Dakkapel (Anna)\"", "applied", "");
  case_logs = log_count (f, "cases", "case-1");

  /* Desk B changed the same field from the same rev: nothing is overwritten. */
  conflict = push (f, DESK_B, LOKET_MUTATION_SET_CASE_FIELD, args, "conflict", "field_conflict");
  g_assert_cmpstr (json_object_get_string_member (conflict, "message"), !=, "");
  assert_value (f, "SELECT subject FROM cases", "Dakkapel (Anna)");
  g_assert_cmpint (count (f, "SELECT rev FROM cases"), ==, 2);
  sql = g_strdup_printf ("SELECT server_value || '|' || desk_value || '|' || desk_user || '|'"
                         " || base_rev || '|' || field FROM case_conflicts WHERE id = '%s'"
                         " AND resolved_at IS NULL", detail (conflict, "conflict_id"));
  assert_value (f, sql, "Dakkapel (Anna)|Dakkapel (Bram)|usr-b|1|subject");
  g_assert_cmpint (log_count (f, "case_conflicts", detail (conflict, "conflict_id")), ==, 1);
  /* The case goes out again, so desk B's local edit gives way to the server's value. */
  g_assert_cmpint (log_count (f, "cases", "case-1"), ==, case_logs + 1);

  /* The same value from an old base is no conflict: both desks agree. */
  set_field (f, DESK_B, "subject", 1, "\"Dakkapel (Anna)\"", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_conflicts"), ==, 1);
  /* A later edit based on what the server has is applied. */
  set_field (f, DESK_B, "subject", 2, "\"Dakkapel\"", "applied", "");
}

static void
test_own_edits_merge (Fixture *f, gconstpointer data)
{
  /* Offline, a desk bases every edit of the case on rev 1: its own edits never conflict. */
  set_field (f, DESK_A, "subject", 1, "\"Eerste\"", "applied", "");
  set_field (f, DESK_A, "subject", 1, "\"Tweede\"", "applied", "");
  set_field (f, DESK_A, "subject", 1, "\"Derde\"", "applied", "");
  assert_value (f, "SELECT subject FROM cases", "Derde");
  /* Another desk's edit in between still conflicts with both desks' later ones. */
  set_field (f, DESK_B, "subject", 4, "\"Van Bram\"", "applied", "");
  set_field (f, DESK_A, "subject", 1, "\"Vierde\"", "conflict", "field_conflict");
  assert_value (f, "SELECT subject FROM cases", "Van Bram");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_conflicts"), ==, 1);
}

static void
test_field_rejected (Fixture *f, gconstpointer data)
{
  expect (f, DESK_A, LOKET_MUTATION_SET_CASE_FIELD,
          "{\"case_id\": \"case-1\", \"field\": \"deadline\", \"base_rev\": 1,"
          " \"value\": \"2031-01-01\"}", "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_SET_CASE_FIELD,
          "{\"case_id\": \"case-x\", \"field\": \"subject\", \"base_rev\": 1, \"value\": \"x\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_SET_CASE_FIELD,
          "{\"case_id\": \"case-1\", \"field\": \"subject\", \"value\": \"x\"}",
          "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_SET_CASE_FIELD,
          "{\"case_id\": \"case-1\", \"field\": \"subject\", \"base_rev\": 1}",
          "rejected", "invalid");
  set_field (f, DESK_A, "subject", 1, "null", "rejected", "invalid");
  set_field (f, DESK_A, "subject", 1, "7", "rejected", "invalid");
  set_field (f, DESK_A, "assignee_id", 1, "\"usr-nobody\"", "rejected", "not_found");
  set_field (f, DESK_A, "team_id", 1, "\"team-nobody\"", "rejected", "not_found");

  assert_value (f, "SELECT subject FROM cases", "Dakkapel");
  g_assert_cmpint (count (f, "SELECT rev FROM cases"), ==, 1);
  g_assert_cmpint (loket_store_get_device_seq (f->store, "dev-a"), ==, 8);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes WHERE outcome = 'rejected'"),
                   ==, 8);
}

/* ---- set_case_status ------------------------------------------------------------------------ */

static void
test_status_transitions (Fixture *f, gconstpointer data)
{
  /* Forward, skipping one, is allowed. */
  set_status (f, DESK_A, "besluit", 1, "h-1", "applied", "");
  assert_value (f, "SELECT status FROM cases", "besluit");
  assert_value (f, "SELECT status || '|' || by_user FROM case_status_history WHERE id = 'h-1'",
                "besluit|usr-a");
  g_assert_cmpint (count (f, "SELECT closed_at IS NULL FROM cases"), ==, 1);
  /* Two steps back is not; unknown statuses neither. */
  set_status (f, DESK_A, "ontvangen", 2, "h-2", "rejected", "invalid");
  set_status (f, DESK_A, "gesloten", 2, "h-3", "rejected", "invalid");
  /* One step back is. */
  set_status (f, DESK_A, "in behandeling", 2, "h-4", "applied", "");
  /* The last status closes the case; a step back opens it again. */
  set_status (f, DESK_A, "afgehandeld", 3, "h-5", "applied", "");
  g_assert_cmpint (count (f, "SELECT closed_at IS NOT NULL FROM cases"), ==, 1);
  set_status (f, DESK_A, "besluit", 4, "h-6", "applied", "");
  g_assert_cmpint (count (f, "SELECT closed_at IS NULL FROM cases"), ==, 1);

  g_assert_cmpint (count (f, "SELECT count(*) FROM case_status_history"), ==, 4);
  g_assert_cmpint (count (f, "SELECT json_extract (field_revs, '$.status') FROM cases"), ==, 5);
  g_assert_cmpint (log_count (f, "case_status_history", "h-5"), ==, 1);
  /* A refused change's history row, which the desk made locally, is tombstoned. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'h-2'"
                          " AND op = 'delete'"), ==, 1);
}

static void
test_status_replay_and_conflict (Fixture *f, gconstpointer data)
{
  gint64 history_logs;

  set_status (f, DESK_A, "in behandeling", 1, "h-1", "applied", "");
  history_logs = count (f, "SELECT count(*) FROM change_log WHERE entity = 'case_status_history'");
  /* The same change again under another sequence number (a desk that logged in anew): once. */
  set_status (f, DESK_A, "in behandeling", 1, "h-1", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_status_history"), ==, 1);
  g_assert_cmpint (count (f, "SELECT rev FROM cases"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"
                          " WHERE entity = 'case_status_history'"), ==, history_logs);

  /* Desk B moved the status from rev 1 too, elsewhere: a conflict with both statuses. */
  set_status (f, DESK_B, "besluit", 1, "h-2", "conflict", "field_conflict");
  assert_value (f, "SELECT status FROM cases", "in behandeling");
  assert_value (f, "SELECT server_value || '|' || desk_value FROM case_conflicts"
                   " WHERE field = 'status'", "in behandeling|besluit");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_status_history"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'h-2'"
                          " AND op = 'delete'"), ==, 1);
}

/* ---- resolve_case_conflict ------------------------------------------------------------------ */

static char *
make_conflict (Fixture *f)
{
  g_autofree char *args = field_args ("subject", 1, "\"Versie B\"");
  g_autoptr(JsonObject) result = NULL;

  set_field (f, DESK_A, "subject", 1, "\"Versie A\"", "applied", "");
  result = push (f, DESK_B, LOKET_MUTATION_SET_CASE_FIELD, args, "conflict", "field_conflict");
  return g_strdup (detail (result, "conflict_id"));
}

static void
test_resolve_conflict (Fixture *f, gconstpointer data)
{
  g_autofree char *id = make_conflict (f);
  g_autofree char *args = g_strdup_printf ("{\"conflict_id\": \"%s\", \"value\": \"Versie B\"}",
                                           id);
  g_autofree char *sql = g_strdup_printf ("SELECT resolution || '|' || (resolved_at IS NOT NULL)"
                                          " FROM case_conflicts WHERE id = '%s'", id);
  gint64 logs;

  expect (f, DESK_A, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, args, "applied", "");
  assert_value (f, "SELECT subject FROM cases", "Versie B");
  g_assert_cmpint (count (f, "SELECT rev FROM cases"), ==, 3);
  assert_value (f, sql, "Versie B|1");
  g_assert_cmpint (log_count (f, "case_conflicts", id), ==, 2);

  /* Someone else chose too (or the same choice arrives again): applied, nothing changes. */
  logs = count (f, "SELECT count(*) FROM change_log");
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"conflict_id\": \"%s\", \"value\": \"Versie A\"}", id);
  expect (f, DESK_B, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, args, "applied", "");
  assert_value (f, "SELECT subject FROM cases", "Versie B");
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, logs);

  expect (f, DESK_B, LOKET_MUTATION_RESOLVE_CASE_CONFLICT,
          "{\"conflict_id\": \"nope\", \"value\": \"x\"}", "rejected", "not_found");
  expect (f, DESK_B, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, "{\"value\": \"x\"}",
          "rejected", "invalid");
}

static void
test_resolve_status_conflict (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *args = NULL;

  set_status (f, DESK_A, "in behandeling", 1, "h-1", "applied", "");
  set_status (f, DESK_B, "afgehandeld", 1, "h-2", "conflict", "field_conflict");
  id = value (f, "SELECT id FROM case_conflicts");
  /* A status that the case type does not have is refused; the conflict stays open. */
  args = g_strdup_printf ("{\"conflict_id\": \"%s\", \"value\": \"weg\"}", id);
  expect (f, DESK_A, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, args, "rejected", "invalid");
  g_assert_cmpint (count (f, "SELECT resolved_at IS NULL FROM case_conflicts"), ==, 1);

  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("{\"conflict_id\": \"%s\", \"value\": \"afgehandeld\"}", id);
  expect (f, DESK_A, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, args, "applied", "");
  assert_value (f, "SELECT status FROM cases", "afgehandeld");
  g_assert_cmpint (count (f, "SELECT closed_at IS NOT NULL FROM cases"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_status_history"), ==, 2);
}

/* ---- add_note, add_contact_moment ----------------------------------------------------------- */

static void
test_notes (Fixture *f, gconstpointer data)
{
  const char *note = "{\"id\": \"note-1\", \"case_id\": \"case-1\", \"body\": \"Gebeld\","
                     " \"created_at\": \"1999-01-01T00:00:00Z\"}";

  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE, note, "applied", "");
  /* Server time and the logged-in user decide, never the desk's clock. */
  assert_value (f, "SELECT author_id || '|' || (created_at > '2000') FROM notes", "usr-a|1");
  g_assert_cmpint (log_count (f, "notes", "note-1"), ==, 1);
  /* Sent again (another device after a new login): applied once. */
  expect (f, DESK_B, LOKET_MUTATION_ADD_NOTE, note, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM notes"), ==, 1);
  g_assert_cmpint (log_count (f, "notes", "note-1"), ==, 1);

  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-1\", \"case_id\": \"case-1\", \"body\": \"Iets anders\"}",
          "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE, "{\"id\": \"note-2\", \"body\": \"Los\"}",
          "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-3\", \"case_id\": \"case-x\", \"body\": \"Weg\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-4\", \"customer_id\": \"cus-x\", \"body\": \"Weg\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-5\", \"case_id\": \"case-1\", \"body\": \"  \"}",
          "rejected", "invalid");
  /* The desk's own copy of a refused note is removed from it. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'note-3'"
                          " AND op = 'delete'"), ==, 1);
  /* A note for a merged duplicate lands on the survivor. */
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-6\", \"customer_id\": \"cus-dup\", \"body\": \"Adres gewijzigd\"}",
          "applied", "");
  assert_value (f, "SELECT customer_id FROM notes WHERE id = 'note-6'", "cus-1");
  g_assert_cmpint (count (f, "SELECT count(*) FROM notes"), ==, 2);
}

static void
test_contact_moments (Fixture *f, gconstpointer data)
{
  const char *contact = "{\"id\": \"cm-1\", \"customer_id\": \"cus-1\", \"channel\": \"telefoon\","
                        " \"topic\": \"Paspoort kwijt\", \"product_id\": \"prd-pas\","
                        " \"resolved_first_contact\": true}";

  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT, contact, "applied", "");
  assert_value (f, "SELECT channel || '|' || topic || '|' || resolved_first_contact || '|' ||"
                   " by_user FROM contact_moments", "telefoon|Paspoort kwijt|1|usr-a");
  expect (f, DESK_B, LOKET_MUTATION_ADD_CONTACT_MOMENT, contact, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact_moments"), ==, 1);
  g_assert_cmpint (log_count (f, "contact_moments", "cm-1"), ==, 1);

  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-2\", \"channel\": \"duif\", \"topic\": \"\"}", "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-3\", \"channel\": \"balie\", \"customer_id\": \"cus-x\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-4\", \"channel\": \"balie\", \"article_id\": \"kb-x\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-5\", \"channel\": \"balie\", \"resolved_first_contact\": \"ja\"}",
          "rejected", "invalid");
  /* Anonymous (no customer) is fine: a question answered at the desk. */
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-6\", \"channel\": \"balie\", \"topic\": \"Openingstijden\"}",
          "applied", "");
  g_assert_cmpint (count (f, "SELECT resolved_first_contact FROM contact_moments"
                          " WHERE id = 'cm-6'"), ==, 0);
}

/* ---- reschedule_appointment ----------------------------------------------------------------- */

static void
book (Fixture *f, guint desk, const char *id, const char *start_at, const char *outcome,
      const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"product_id\": \"prd-pas\","
                                           " \"capacity_id\": \"cap-1\", \"start_at\": \"%s\"}",
                                           id, start_at);

  expect (f, desk, LOKET_MUTATION_BOOK_APPOINTMENT, args, outcome, code);
}

static void
reschedule (Fixture *f, guint desk, const char *id, const char *start_at, const char *outcome,
            const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"start_at\": \"%s\"}", id,
                                           start_at);

  expect (f, desk, LOKET_MUTATION_RESCHEDULE_APPOINTMENT, args, outcome, code);
}

static void
test_reschedule (Fixture *f, gconstpointer data)
{
  gint64 logs;

  book (f, DESK_A, "apt-1", MONDAY_0900, "applied", "");
  book (f, DESK_A, "apt-2", MONDAY_0910, "applied", "");
  /* To a free time: moved, and logged. */
  reschedule (f, DESK_A, "apt-1", MONDAY_0920, "applied", "");
  assert_value (f, "SELECT start_at || '|' || end_at FROM appointments WHERE id = 'apt-1'",
                MONDAY_0920 "|2030-01-07T08:30:00Z");
  g_assert_cmpint (log_count (f, "appointments", "apt-1"), ==, 2);
  /* Its own place does not count against it; the same move again changes nothing. */
  logs = count (f, "SELECT count(*) FROM change_log");
  reschedule (f, DESK_B, "apt-1", MONDAY_0920, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, logs);

  /* The desk share of 09:10 is taken by apt-2: refused, apt-1 keeps its time, and the row goes
   * out again so the desk that moved it locally gets it back. */
  reschedule (f, DESK_B, "apt-1", MONDAY_0910, "rejected", "slot_taken");
  assert_value (f, "SELECT start_at FROM appointments WHERE id = 'apt-1'", MONDAY_0920);
  g_assert_cmpint (log_count (f, "appointments", "apt-1"), ==, 3);
  reschedule (f, DESK_B, "apt-1", SUNDAY_0900, "rejected", "closed");
  reschedule (f, DESK_B, "apt-x", MONDAY_0900, "rejected", "not_found");
  reschedule (f, DESK_B, "apt-1", "gisteren", "rejected", "invalid");
  expect (f, DESK_B, LOKET_MUTATION_RESCHEDULE_APPOINTMENT,
          "{\"id\": \"apt-1\", \"start_at\": \"" MONDAY_0900 "\", \"capacity_id\": \"cap-x\"}",
          "rejected", "not_found");

  expect (f, DESK_A, LOKET_MUTATION_CANCEL_APPOINTMENT, "{\"id\": \"apt-2\"}", "applied", "");
  reschedule (f, DESK_A, "apt-2", MONDAY_0900, "rejected", "invalid");
  assert_value (f, "SELECT start_at FROM appointments WHERE id = 'apt-2'", MONDAY_0910);
}

static void
test_reschedule_rejected_booking (Fixture *f, gconstpointer data)
{
  book (f, DESK_A, "apt-1", MONDAY_0900, "applied", "");
  book (f, DESK_B, "apt-2", MONDAY_0900, "rejected", "slot_taken");
  /* The desk picks one of the alternatives: the booking that lost its slot is booked again. */
  reschedule (f, DESK_B, "apt-2", MONDAY_0910, "applied", "");
  assert_value (f, "SELECT status || '|' || status_reason || '|' || start_at FROM appointments"
                   " WHERE id = 'apt-2'", "booked||" MONDAY_0910);
}

/* ---- save_article --------------------------------------------------------------------------- */

/* A draft of a new article (the rules of the knowledge base: test-store-kb.c). */
static JsonObject *
save (Fixture *f, guint desk, const char *revision_id, const char *title, const char *outcome,
      const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"kb-1\", \"revision_id\": \"%s\","
                                           " \"base_rev\": 0, \"kind\": \"faq\","
                                           " \"title\": \"%s\", \"public_body\": \"Openbaar\","
                                           " \"internal_body\": \"Intern\"}", revision_id, title);

  return push (f, desk, LOKET_MUTATION_SAVE_ARTICLE, args, outcome, code);
}

/* ---- the change log as desks pull it -------------------------------------------------------- */

static void
test_pulled_entities (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *conflict = make_conflict (f);
  g_autoptr(JsonObject) saved = save (f, DESK_A, "rev-1", "Nieuw", "applied", "");
  JsonArray *changes;

  set_status (f, DESK_A, "besluit", 2, "h-1", "applied", "");
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-1\", \"case_id\": \"case-1\", \"body\": \"Gebeld\"}", "applied", "");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-1\", \"channel\": \"balie\"}", "applied", "");

  page = loket_store_pull (f->store, "dev-b", 0, LOKET_MAX_PULL_LIMIT, &error);
  g_assert_no_error (error);
  changes = json_object_get_array_member (page, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_hash_table_add (seen, (gpointer) json_object_get_string_member (
      json_array_get_object_element (changes, i), "entity"));
  g_assert_true (g_hash_table_contains (seen, "cases"));
  g_assert_true (g_hash_table_contains (seen, "case_conflicts"));
  g_assert_true (g_hash_table_contains (seen, "case_status_history"));
  g_assert_true (g_hash_table_contains (seen, "notes"));
  g_assert_true (g_hash_table_contains (seen, "contact_moments"));
  g_assert_true (g_hash_table_contains (seen, "kb_articles"));
  g_assert_true (g_hash_table_contains (seen, "kb_article_revisions"));
}

/* ---- one batch, one transaction ------------------------------------------------------------ */

/* Pushes a JSON array of mutations as one batch of desk A; NULL with error set when the store
 * refuses it. */
static JsonObject *
push_batch (Fixture *f, const char *mutations, GError **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) node = json_from_string (mutations, &parse_error);

  g_assert_no_error (parse_error);
  return loket_store_push (f->store, device_ids[DESK_A], json_node_get_array (node), error);
}

static void
assert_results (JsonObject *answer, const char *const *expected)
{
  JsonArray *results = json_object_get_array_member (answer, "results");

  g_assert_cmpuint (json_array_get_length (results), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      g_autofree char *got = g_strdup_printf ("%s %s",
                                              json_object_get_string_member (result, "outcome"),
                                              json_object_get_string_member (result, "code"));

      g_assert_cmpstr (g_strstrip (got), ==, expected[i]);
    }
}

#define BOOK_0900(seq, id) \
  "{\"seq\": " #seq ", \"type\": \"book_appointment\", \"args\": {\"id\": \"" id "\"," \
  " \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\", \"customer_id\": \"cus-1\"," \
  " \"start_at\": \"" MONDAY_0900 "\"}}"
#define NOTE(seq, id, body) \
  "{\"seq\": " #seq ", \"type\": \"add_note\", \"args\": {\"id\": \"" id "\"," \
  " \"case_id\": \"case-1\", \"body\": \"" body "\"}}"

/* Later mutations of a batch see what earlier ones did: the desk share of 09:00 (one place) is
 * taken, freed by a cancellation and taken again, never twice at once. */
static void
test_batch_capacity (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "applied", "rejected slot_taken", "applied",
                                          "applied", "rejected slot_taken", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = push_batch (f, "[" BOOK_0900 (1, "apt-1") ","
    BOOK_0900 (2, "apt-2") ","
    "{\"seq\": 3, \"type\": \"cancel_appointment\", \"args\": {\"id\": \"apt-1\"}},"
    BOOK_0900 (4, "apt-3") "," BOOK_0900 (5, "apt-4") "]", &error);

  g_assert_no_error (error);
  assert_results (answer, expected);
  g_assert_cmpint (json_object_get_int_member (answer, "last_seq"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE status = 'booked'"), ==, 1);
  assert_value (f, "SELECT id FROM appointments WHERE status = 'booked'", "apt-3");
}

/* A mutation the schema refuses rolls back alone; the batch around it commits, and the same
 * batch sent again is answered from the stored outcomes without applying anything twice. */
static void
test_batch_rejects_alone (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "applied", "rejected invalid", "applied", NULL };
  const char *batch = "[" NOTE (1, "note-1", "Gebeld") "," NOTE (2, "note-2", "spam") ","
                      NOTE (3, "note-3", "Teruggebeld") "]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) again = NULL;
  gint64 logs;

  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
                                "CREATE TRIGGER no_spam BEFORE INSERT ON notes"
                                " WHEN NEW.body = 'spam' BEGIN SELECT RAISE (ABORT, 'spam'); END",
                                &error));
  answer = push_batch (f, batch, &error);
  g_assert_no_error (error);
  assert_results (answer, expected);
  g_assert_cmpint (count (f, "SELECT count(*) FROM notes"), ==, 2);
  g_assert_cmpint (log_count (f, "notes", "note-2"), ==, 0);
  g_assert_cmpint (count (f, "SELECT last_seq FROM devices WHERE id = 'dev-a'"), ==, 3);

  logs = count (f, "SELECT count(*) FROM change_log");
  again = push_batch (f, batch, &error);
  g_assert_no_error (error);
  assert_results (again, expected);
  g_assert_cmpint (count (f, "SELECT count(*) FROM notes"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, logs);
}

/* A failing database stops the batch and leaves nothing of it: nothing was answered, so the
 * desk sends it all again. */
static void
test_batch_fails_whole (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "applied", "applied", NULL };
  const char *batch = "[" BOOK_0900 (1, "apt-1") "," NOTE (2, "note-1", "boom") "]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;

  /* json() of text that is no JSON is a run-time error, not a constraint. */
  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
                                "CREATE TRIGGER broken BEFORE INSERT ON notes"
                                " WHEN NEW.body = 'boom' BEGIN SELECT json (NEW.body); END",
                                &error));
  g_assert_null (push_batch (f, batch, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes"), ==, 0);
  g_assert_cmpint (count (f, "SELECT last_seq FROM devices WHERE id = 'dev-a'"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (handle (f)));

  g_assert_true (loket_db_exec (loket_store_get_db (f->store), "DROP TRIGGER broken", &error));
  answer = push_batch (f, batch, &error);
  g_assert_no_error (error);
  assert_results (answer, expected);
}

/* Closures and holidays are read for the dates around the booking only: one that began long
 * before and ends long after still closes it. */
static void
test_long_closure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  book (f, DESK_A, "apt-1", MONDAY_0900, "applied", "");
  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
                                "INSERT INTO closures (id, capacity_id, from_date, until_date)"
                                " VALUES ('clo-1', 'cap-1', '2029-12-01', '2030-02-28')", &error));
  book (f, DESK_A, "apt-2", MONDAY_0910, "rejected", "closed");
  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
                                "DELETE FROM closures; INSERT INTO holidays (date, name)"
                                " VALUES ('2030-01-07', 'Feestdag')", &error));
  book (f, DESK_A, "apt-3", MONDAY_0910, "rejected", "closed");
  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
                                "DELETE FROM holidays", &error));
  book (f, DESK_A, "apt-4", MONDAY_0910, "applied", "");
}

/* A replaceable transaction commits without a sync of its own; every other one syncs, however
 * the replaceable one ended. */
static void
test_replaceable_transaction (Fixture *f, gconstpointer data)
{
  LoketDb *db = loket_store_get_db (f->store);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count (f, "PRAGMA synchronous"), ==, 2);
  g_assert_true (loket_db_begin_replaceable (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "PRAGMA synchronous"), ==, 1);
  g_assert_true (loket_db_exec (db, "INSERT INTO holidays (date, name) VALUES ('2030-04-22',"
                                " 'Tweede paasdag')", &error));
  g_assert_true (loket_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM holidays"), ==, 1);

  g_assert_true (loket_db_begin_replaceable (db, &error));
  loket_db_rollback (db);
  g_assert_cmpint (count (f, "PRAGMA synchronous"), ==, 2);

  /* Ended behind its back: the next ordinary transaction is durable again. */
  g_assert_true (loket_db_begin_replaceable (db, &error));
  g_assert_true (loket_db_exec (db, "COMMIT", &error));
  g_assert_true (loket_db_begin (db, &error));
  g_assert_cmpint (count (f, "PRAGMA synchronous"), ==, 2);
  g_assert_true (loket_db_commit (db, &error));
  g_assert_no_error (error);
}

/* SQLite's text of a row says what the JsonObject of it says: strings, integers and nulls. */
static void
test_row_text (Fixture *f, gconstpointer data)
{
  LoketDb *db = loket_store_get_db (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = loket_db_get_row (db, "cases", "case-1", &error);
  g_autofree char *text = loket_db_get_row_text (db, "cases", "case-1", &error);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (), row);

  g_assert_no_error (error);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (parsed, expected));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (parsed),
                                                               "assignee_id")));

  g_assert_null (loket_db_get_row_text (db, "cases", "case-x", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_db_get_row_text (db, "mutation_outcomes", "x", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store-cases/fields-merge", test_fields_merge);
  ADD ("/store-cases/field-conflict", test_field_conflict);
  ADD ("/store-cases/own-edits-merge", test_own_edits_merge);
  ADD ("/store-cases/field-rejected", test_field_rejected);
  ADD ("/store-cases/status-transitions", test_status_transitions);
  ADD ("/store-cases/status-replay-and-conflict", test_status_replay_and_conflict);
  ADD ("/store-cases/resolve-conflict", test_resolve_conflict);
  ADD ("/store-cases/resolve-status-conflict", test_resolve_status_conflict);
  ADD ("/store-cases/notes", test_notes);
  ADD ("/store-cases/contact-moments", test_contact_moments);
  ADD ("/store-cases/reschedule", test_reschedule);
  ADD ("/store-cases/reschedule-rejected-booking", test_reschedule_rejected_booking);
  ADD ("/store-cases/pulled-entities", test_pulled_entities);
  ADD ("/store-cases/batch-capacity", test_batch_capacity);
  ADD ("/store-cases/batch-rejects-alone", test_batch_rejects_alone);
  ADD ("/store-cases/batch-fails-whole", test_batch_fails_whole);
  ADD ("/store-cases/long-closure", test_long_closure);
  ADD ("/store-cases/replaceable-transaction", test_replaceable_transaction);
  ADD ("/store-cases/row-text", test_row_text);
#undef ADD

  return g_test_run ();
}
