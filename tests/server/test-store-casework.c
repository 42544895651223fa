/* test-store-casework.c — the server store's rules for case work, in-process: suspending and
 * resuming a case (its deadline moved by the working days it waited), links, documents, contact
 * moments about a case, callbacks and their concurrent outcomes, representatives, merging
 * customers by hand, the archive date of a closed case and the wording of a refused status
 * move.  Each mutation applied, replayed, and refused on every bad input with its code, and the
 * change log entries (upserts and tombstones) that carry it to the desks.
 *
 * Rules that depend on the day run at a chosen server time (loket_test_store_apply); the rest
 * go through real pushes.  The fixture is plain SQL: Monday 7 January 2030 is day 0 of a case
 * of 10 working days (deadline Monday 21 January), and Thursday 24 January a holiday of the
 * server's table. */
#include "config.h"

#include <string.h>

#include "loket-protocol.h"
#include "loket-store.h"
#include "loket-test-admin.h"
#include "loket-test-server.h"
#include "loket-test-store.h"

enum { DESK_A, DESK_B, DESK_LEAD, N_DESKS };

static const char *const device_ids[N_DESKS] = { "dev-a", "dev-b", "dev-lead" };

typedef struct
{
  char       *dir;
  LoketStore *store;
  gint64      seq[N_DESKS];
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind) VALUES ('loc-1', 'Stadhuis', 'stadhuis');"
  "INSERT INTO teams (id, name, location_id) VALUES ('team-vg', 'Vergunningen', 'loc-1');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2);"
  "INSERT INTO capacities (id, location_id, group_id, kind, name) VALUES"
  " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1');"
  "INSERT INTO holidays (date, name) VALUES ('2030-01-24', 'Gemeentelijke sluitingsdag');"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker'),"
  " ('teamleider', 'Teamleider');"
  "INSERT INTO users (id, username, display_name, role_id, location_id, team_id) VALUES"
  " ('usr-a', 'anna', 'Anna de Vries', 'medewerker', 'loc-1', 'team-vg'),"
  " ('usr-b', 'bram', 'Bram Bakker', 'medewerker', 'loc-1', 'team-vg'),"
  " ('usr-lead', 'lotte', 'Lotte Leider', 'teamleider', 'loc-1', 'team-vg');"
  "INSERT INTO devices (id, user_id, token_hash, created_at) VALUES"
  " ('dev-a', 'usr-a', 'hash-a', '2029-01-01T00:00:00Z'),"
  " ('dev-b', 'usr-b', 'hash-b', '2029-01-01T00:00:00Z'),"
  " ('dev-lead', 'usr-lead', 'hash-lead', '2029-01-01T00:00:00Z');"
  "INSERT INTO customers (id, kind, name, bsn, kvk, email, phone, created_at) VALUES"
  " ('cus-1', 'person', 'Jan Jansen', '123456782', NULL, NULL, '', '2029-01-01T10:00:00Z'),"
  " ('cus-dup', 'person', 'J. Jansen', NULL, NULL, 'jan@example.nl', '0612345678',"
  "  '2029-02-01T10:00:00Z'),"
  " ('cus-piet', 'person', 'Piet Bel', '111222333', NULL, 'piet@example.nl', NULL,"
  "  '2029-01-01T10:00:00Z'),"
  " ('org-1', 'organisation', 'Voetbalvereniging De Bal', NULL, '12345678', NULL, NULL,"
  "  '2029-01-01T10:00:00Z');"
  "INSERT INTO customer_aliases (alias_id, survivor_id) VALUES ('cus-old', 'cus-1');"
  "INSERT INTO case_types (id, name, max_working_days, statuses, team_id, retention_years,"
  " retention_action, transitions) VALUES"
  " ('ct-1', 'Vergunning', 10,"
  "  '[\"ontvangen\", \"in behandeling\", \"besluit\", \"afgehandeld\"]', 'team-vg', 7,"
  "  'vernietigen', NULL),"
  " ('ct-strak', 'Melding', 5, '[\"ontvangen\", \"in behandeling\", \"afgehandeld\"]', NULL,"
  "  20, 'bewaren', '{\"ontvangen\": [\"in behandeling\"], \"in behandeling\":"
  "  [\"afgehandeld\"], \"afgehandeld\": []}');"
  "INSERT INTO cases (id, reference, case_type_id, customer_id, subject, status, team_id,"
  " opened_at, deadline, closed_at) VALUES"
  " ('case-1', 'Z-2030-000001', 'ct-1', 'cus-1', 'Dakkapel', 'ontvangen', 'team-vg',"
  "  '2030-01-07T09:00:00Z', '2030-01-21', NULL),"
  " ('case-2', 'Z-2030-000002', 'ct-1', 'cus-dup', 'Schutting', 'ontvangen', 'team-vg',"
  "  '2030-01-07T09:00:00Z', '2030-01-21', NULL),"
  " ('case-3', 'Z-2030-000003', 'ct-strak', NULL, 'Losse stoeptegel', 'ontvangen', NULL,"
  "  '2030-01-07T09:00:00Z', '2030-01-14', NULL),"
  " ('case-closed', 'Z-2030-000004', 'ct-1', 'cus-1', 'Oud', 'afgehandeld', 'team-vg',"
  "  '2030-01-02T09:00:00Z', '2030-01-16', '2030-01-03T09:00:00Z');"
  "INSERT INTO contact_moments (id, customer_id, channel, topic, at, by_user) VALUES"
  " ('cm-1', 'cus-1', 'telefoon', 'Dakkapel', '2030-01-07T08:30:00Z', 'usr-a'),"
  " ('cm-dup', 'cus-dup', 'balie', 'Schutting', '2030-01-07T08:40:00Z', 'usr-a');"
  "INSERT INTO appointments (id, product_id, capacity_id, customer_id, start_at, end_at,"
  " created_at) VALUES ('apt-dup', 'prd-pas', 'cap-1', 'cus-dup', '2030-01-08T08:00:00Z',"
  " '2030-01-08T08:10:00Z', '2030-01-01T10:00:00Z');"
  "INSERT INTO notes (id, customer_id, author_id, body, created_at) VALUES"
  " ('note-dup', 'cus-dup', 'usr-a', 'Belt liever na vijven', '2030-01-07T08:45:00Z');"
  "INSERT INTO user_customers (user_id, customer_id, reason, at) VALUES"
  " ('usr-b', 'cus-dup', 'searched', '2030-01-07T08:00:00Z');";

/* ---- helpers -------------------------------------------------------------------------------- */

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

static void
assert_value (Fixture *f, const char *sql, const char *expected)
{
  g_autofree char *got = loket_test_admin_value (loket_store_get_db (f->store), sql);

  g_assert_cmpstr (got, ==, expected);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->store = loket_test_store_new ("loket-casework-XXXXXX", fixture_sql, &f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Pushes one mutation as the desk's next; checks and returns the result. */
static JsonObject *
push (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
      const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = g_strdup_printf ("[{\"seq\": %d, \"type\": \"%s\","
                                            " \"client_time\": \"2030-01-07T10:00:00Z\","
                                            " \"args\": %s}]", (int) ++f->seq[desk], type,
                                            args);
  g_autoptr(JsonNode) node = json_from_string (batch, &error);
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;

  g_assert_no_error (error);
  answer = loket_store_push (f->store, device_ids[desk], json_node_get_array (node), &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  loket_test_check_result (result, outcome, code);
  return json_object_ref (result);
}

static void
expect (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
        const char *code)
{
  g_autoptr(JsonObject) result = push (f, desk, type, args, outcome, code);
}

/* Applies one mutation at server time now; checks and returns the result. */
static JsonObject *
apply_at (Fixture *f, guint desk, const char *now, const char *type, const char *args,
          const char *outcome, const char *code)
{
  JsonObject *result = loket_test_store_apply (f->store, device_ids[desk], now, type, args);

  loket_test_check_result (result, outcome, code);
  return result;
}

static void
expect_at (Fixture *f, guint desk, const char *now, const char *type, const char *args,
           const char *outcome, const char *code)
{
  g_autoptr(JsonObject) result = apply_at (f, desk, now, type, args, outcome, code);
}

static const char *
detail (JsonObject *result, const char *member)
{
  JsonObject *details = json_object_get_object_member (result, "details");

  g_assert_nonnull (details);
  return json_object_get_string_member (details, member);
}

/* How many change log entries of a row there are with op (upsert | delete). */
static gint64
logged (Fixture *f, const char *entity, const char *row_id, const char *op)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE entity = '%s'"
                                          " AND row_id = '%s' AND op = '%s'", entity, row_id, op);

  return count (f, sql);
}

static gint64
case_rev (Fixture *f, const char *case_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rev FROM cases WHERE id = '%s'", case_id);

  return count (f, sql);
}

/* ---- suspend_case --------------------------------------------------------------------------- */

static char *
suspend_args (const char *id, const char *case_id, const char *kind)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"case_id\": \"%s\", \"kind\": \"%s\","
                          " \"reason\": \"Wacht op tekening\"}", id, case_id, kind);
}

static void
suspend_at (Fixture *f, const char *now, const char *id, const char *case_id, const char *kind,
            const char *outcome, const char *code)
{
  g_autofree char *args = suspend_args (id, case_id, kind);

  expect_at (f, DESK_A, now, LOKET_MUTATION_SUSPEND_CASE, args, outcome, code);
}

static void
test_suspend_moves_deadline (Fixture *f, gconstpointer data)
{
  /* Waiting from Wednesday 9 up to Wednesday 16 January: six working days do not count (the
   * days of both ends too), and the holiday of the 24th neither: 21 January becomes the 30th. */
  suspend_at (f, "2030-01-09T10:00:00Z", "sus-1", "case-1", "suspend", "applied", "");
  assert_value (f, "SELECT suspended_since FROM cases WHERE id = 'case-1'",
                "2030-01-09T10:00:00Z");
  assert_value (f, "SELECT deadline FROM cases WHERE id = 'case-1'", "2030-01-21");
  g_assert_cmpint (case_rev (f, "case-1"), ==, 2);
  assert_value (f, "SELECT kind || '|' || at || '|' || reason || '|' || by_user"
                   " FROM case_suspensions WHERE id = 'sus-1'",
                "suspend|2030-01-09T10:00:00Z|Wacht op tekening|usr-a");

  suspend_at (f, "2030-01-16T10:00:00Z", "sus-2", "case-1", "resume", "applied", "");
  g_assert_cmpint (count (f, "SELECT suspended_since IS NULL FROM cases WHERE id = 'case-1'"),
                   ==, 1);
  assert_value (f, "SELECT deadline FROM cases WHERE id = 'case-1'", "2030-01-30");
  g_assert_cmpint (case_rev (f, "case-1"), ==, 3);

  /* A second wait counts on top of the first: Monday 28 up to Tuesday 29 January. */
  suspend_at (f, "2030-01-28T09:00:00Z", "sus-3", "case-1", "suspend", "applied", "");
  suspend_at (f, "2030-01-29T09:00:00Z", "sus-4", "case-1", "resume", "applied", "");
  assert_value (f, "SELECT deadline FROM cases WHERE id = 'case-1'", "2030-02-01");

  /* Every row and every state of the case went to the change log. */
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("sus-%u", i);

      g_assert_cmpint (logged (f, "case_suspensions", id, "upsert"), ==, 1);
    }
  g_assert_cmpint (logged (f, "cases", "case-1", "upsert"), ==, 4);
}

static void
test_suspend_replay (Fixture *f, gconstpointer data)
{
  g_autofree char *args = suspend_args ("sus-1", "case-1", "suspend");
  g_autofree char *other_case = suspend_args ("sus-1", "case-2", "suspend");

  expect (f, DESK_A, LOKET_MUTATION_SUSPEND_CASE, args, "applied", "");
  /* Another desk's replay of the same record: applied once. */
  expect (f, DESK_B, LOKET_MUTATION_SUSPEND_CASE, args, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_suspensions"), ==, 1);
  g_assert_cmpint (case_rev (f, "case-1"), ==, 2);
  /* The same id for another case is another record: refused, the server's row goes out. */
  expect (f, DESK_A, LOKET_MUTATION_SUSPEND_CASE, other_case, "rejected", "invalid");
  g_assert_cmpint (logged (f, "case_suspensions", "sus-1", "upsert"), ==, 2);
  g_assert_cmpint (logged (f, "case_suspensions", "sus-1", "delete"), ==, 0);
}

static void
test_suspend_refused (Fixture *f, gconstpointer data)
{
  const char *now = "2030-01-09T10:00:00Z";

  /* Resuming a case that does not wait, suspending one twice, or a closed one. */
  suspend_at (f, now, "sus-x1", "case-1", "resume", "rejected", "invalid");
  suspend_at (f, now, "sus-1", "case-1", "suspend", "applied", "");
  suspend_at (f, now, "sus-x2", "case-1", "suspend", "rejected", "invalid");
  suspend_at (f, now, "sus-x3", "case-closed", "suspend", "rejected", "invalid");
  suspend_at (f, now, "sus-x4", "case-nope", "suspend", "rejected", "not_found");
  suspend_at (f, now, "sus-x5", "case-2", "pause", "rejected", "invalid");
  expect_at (f, DESK_A, now, LOKET_MUTATION_SUSPEND_CASE, "{\"id\": \"sus-x6\", \"kind\": "
             "\"suspend\"}", "rejected", "invalid");
  expect_at (f, DESK_A, now, LOKET_MUTATION_SUSPEND_CASE, "{\"case_id\": \"case-2\", \"kind\": "
             "\"suspend\"}", "rejected", "invalid");

  /* Each refused row the desk made goes as a tombstone, and its case comes back as it is. */
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("sus-x%u", i);

      g_assert_cmpint (logged (f, "case_suspensions", id, "delete"), ==, 1);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_suspensions"), ==, 1);
  g_assert_cmpint (logged (f, "cases", "case-closed", "upsert"), ==, 1);
  g_assert_cmpint (logged (f, "cases", "case-1", "upsert"), ==, 3);
  g_assert_cmpint (case_rev (f, "case-1"), ==, 2);
}

/* ---- set_case_status: the archive and the transitions --------------------------------------- */

static void
status_at (Fixture *f, const char *now, const char *case_id, const char *status,
           gint64 base_rev, const char *history_id, const char *outcome, const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"case_id\": \"%s\", \"status\": \"%s\","
                                           " \"base_rev\": %d, \"history_id\": \"%s\"}",
                                           case_id, status, (int) base_rev, history_id);

  expect_at (f, DESK_A, now, LOKET_MUTATION_SET_CASE_STATUS, args, outcome, code);
}

static void
test_close_sets_archive (Fixture *f, gconstpointer data)
{
  /* Closed on 4 March 2030: destroyed after the type's 7 years. */
  status_at (f, "2030-03-04T12:00:00Z", "case-1", "afgehandeld", 1, "h-1", "applied", "");
  assert_value (f, "SELECT archive_action || '|' || archive_date FROM cases"
                   " WHERE id = 'case-1'", "vernietigen|2037-03-04");
  /* Opened again: nothing to archive. */
  status_at (f, "2030-03-05T12:00:00Z", "case-1", "besluit", 2, "h-2", "applied", "");
  g_assert_cmpint (count (f, "SELECT archive_action IS NULL AND archive_date IS NULL"
                          " FROM cases WHERE id = 'case-1'"), ==, 1);
  /* The closing day is the local one: half past midnight on New Year's Day in Amsterdam. */
  status_at (f, "2030-12-31T23:30:00Z", "case-1", "afgehandeld", 3, "h-3", "applied", "");
  assert_value (f, "SELECT archive_action || '|' || archive_date FROM cases"
                   " WHERE id = 'case-1'", "vernietigen|2038-01-01");
  assert_value (f, "SELECT json_extract (row, '$.archive_date') FROM change_log"
                   " WHERE entity = 'cases' AND row_id = 'case-1' ORDER BY seq DESC LIMIT 1",
                "2038-01-01");
}

static void
test_transitions_refusal (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) skipped = NULL;
  g_autoptr(JsonObject) stuck = NULL;
  const char *now = "2030-01-08T10:00:00Z";

  /* The type's own transitions name where the case may go. */
  skipped = apply_at (f, DESK_A, now, LOKET_MUTATION_SET_CASE_STATUS,
                      "{\"case_id\": \"case-3\", \"status\": \"afgehandeld\", \"base_rev\": 1,"
                      " \"history_id\": \"h-1\"}", "rejected", "invalid");
  g_assert_nonnull (strstr (json_object_get_string_member (skipped, "message"),
                            "“in behandeling”"));
  g_assert_cmpint (logged (f, "case_status_history", "h-1", "delete"), ==, 1);
  status_at (f, now, "case-3", "in behandeling", 1, "h-2", "applied", "");
  status_at (f, now, "case-3", "afgehandeld", 2, "h-3", "applied", "");
  assert_value (f, "SELECT archive_action || '|' || archive_date FROM cases"
                   " WHERE id = 'case-3'", "bewaren|2050-01-08");
  /* From a status they give nothing after, the case moves nowhere. */
  stuck = apply_at (f, DESK_A, now, LOKET_MUTATION_SET_CASE_STATUS,
                    "{\"case_id\": \"case-3\", \"status\": \"in behandeling\", \"base_rev\": 3,"
                    " \"history_id\": \"h-4\"}", "rejected", "invalid");
  g_assert_nonnull (strstr (json_object_get_string_member (stuck, "message"), "“afgehandeld”"));
  g_assert_cmpstr (json_object_get_string_member (stuck, "message"), !=,
                   json_object_get_string_member (skipped, "message"));
}

/* ---- link_cases ----------------------------------------------------------------------------- */

static char *
link_args (const char *id, const char *case_id, const char *linked_case_id, const char *kind)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"case_id\": \"%s\", \"linked_case_id\": \"%s\","
                          " \"kind\": \"%s\"}", id, case_id, linked_case_id, kind);
}

static void
link_pair (Fixture *f, guint desk, const char *id, const char *case_id, const char *linked_case_id,
      const char *kind, const char *outcome, const char *code)
{
  g_autofree char *args = link_args (id, case_id, linked_case_id, kind);

  expect (f, desk, LOKET_MUTATION_LINK_CASES, args, outcome, code);
}

static void
test_link_cases (Fixture *f, gconstpointer data)
{
  link_pair (f, DESK_A, "link-1", "case-1", "case-2", "related", "applied", "");
  assert_value (f, "SELECT case_id || '|' || linked_case_id || '|' || kind || '|' || by_user"
                   " FROM case_links WHERE id = 'link-1'", "case-1|case-2|related|usr-a");
  g_assert_cmpint (logged (f, "case_links", "link-1", "upsert"), ==, 1);
  /* Replayed by another desk: once. */
  link_pair (f, DESK_B, "link-1", "case-1", "case-2", "related", "applied", "");
  /* The same pair the other way round, made on another desk offline: applied, nothing new,
   * and that desk's own row goes. */
  link_pair (f, DESK_B, "link-2", "case-2", "case-1", "related", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_links"), ==, 1);
  g_assert_cmpint (logged (f, "case_links", "link-2", "delete"), ==, 1);
  /* Another kind of link between the same two is a link of its own. */
  link_pair (f, DESK_A, "link-3", "case-2", "case-1", "bundle", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_links"), ==, 2);
  /* The same id for another pair: refused, the server's row goes out again. */
  link_pair (f, DESK_A, "link-1", "case-1", "case-3", "related", "rejected", "invalid");
  g_assert_cmpint (logged (f, "case_links", "link-1", "upsert"), ==, 2);
}

static void
test_link_refused (Fixture *f, gconstpointer data)
{
  link_pair (f, DESK_A, "link-x1", "case-1", "case-1", "related", "rejected", "invalid");
  link_pair (f, DESK_A, "link-x2", "case-1", "case-nope", "related", "rejected", "not_found");
  link_pair (f, DESK_A, "link-x3", "case-nope", "case-1", "intake", "rejected", "not_found");
  link_pair (f, DESK_A, "link-x4", "case-1", "case-2", "familie", "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_LINK_CASES,
          "{\"id\": \"link-x5\", \"case_id\": \"case-1\", \"kind\": \"related\"}",
          "rejected", "invalid");
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("link-x%u", i);

      g_assert_cmpint (logged (f, "case_links", id, "delete"), ==, 1);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_links"), ==, 0);
}

/* ---- add_case_document ---------------------------------------------------------------------- */

static void
test_documents (Fixture *f, gconstpointer data)
{
  const char *doc = "{\"id\": \"doc-1\", \"case_id\": \"case-1\", \"title\": \"Bouwtekening\","
                    " \"location\": \"https://dms.example.nl/zaken/Z-2030-000001/tekening.pdf\"}";
  g_autofree char *long_location = g_strnfill (2001, 'x');
  g_autofree char *fits = g_strnfill (2000, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"id\": \"doc-x1\", \"case_id\": \"case-1\","
                                               " \"title\": \"Te lang\", \"location\": \"%s\"}",
                                               long_location);
  g_autofree char *longest = g_strdup_printf ("{\"id\": \"doc-2\", \"case_id\": \"case-1\","
                                              " \"title\": \"Net goed\", \"location\": \"%s\"}",
                                              fits);

  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT, doc, "applied", "");
  assert_value (f, "SELECT title || '|' || by_user FROM case_documents WHERE id = 'doc-1'",
                "Bouwtekening|usr-a");
  expect (f, DESK_B, LOKET_MUTATION_ADD_CASE_DOCUMENT, doc, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_documents"), ==, 1);
  g_assert_cmpint (logged (f, "case_documents", "doc-1", "upsert"), ==, 1);
  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT, longest, "applied", "");

  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT, too_long, "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT,
          "{\"id\": \"doc-x2\", \"case_id\": \"case-nope\", \"title\": \"Brief\","
          " \"location\": \"/archief/brief.pdf\"}", "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT,
          "{\"id\": \"doc-x3\", \"case_id\": \"case-1\", \"title\": \" \","
          " \"location\": \"/archief/brief.pdf\"}", "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT,
          "{\"id\": \"doc-x4\", \"case_id\": \"case-1\", \"title\": \"Brief\"}",
          "rejected", "invalid");
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("doc-x%u", i);

      g_assert_cmpint (logged (f, "case_documents", id, "delete"), ==, 1);
    }
  /* A refused replay that reuses an id the server keeps does not take its row away. */
  expect (f, DESK_A, LOKET_MUTATION_ADD_CASE_DOCUMENT,
          "{\"id\": \"doc-1\", \"case_id\": \"case-1\", \"title\": \"Brief\"}",
          "rejected", "invalid");
  g_assert_cmpint (logged (f, "case_documents", "doc-1", "delete"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_documents"), ==, 2);
}

/* ---- add_contact_moment and create_case ----------------------------------------------------- */

static void
test_contact_about_case (Fixture *f, gconstpointer data)
{
  g_autofree char *name_200 = g_strnfill (200, 'w');
  g_autofree char *name_201 = g_strnfill (201, 'w');
  g_autofree char *fits = g_strdup_printf ("{\"id\": \"cm-2\", \"customer_id\": \"cus-1\","
                                           " \"channel\": \"telefoon\", \"case_id\": \"case-1\","
                                           " \"referred_to\": \"%s\"}", name_200);
  g_autofree char *too_long = g_strdup_printf ("{\"id\": \"cm-x1\", \"channel\": \"telefoon\","
                                               " \"referred_to\": \"%s\"}", name_201);

  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT, fits, "applied", "");
  g_assert_cmpint (count (f, "SELECT length (referred_to) FROM contact_moments"
                          " WHERE id = 'cm-2'"), ==, 200);
  assert_value (f, "SELECT case_id FROM contact_moments WHERE id = 'cm-2'", "case-1");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-3\", \"channel\": \"balie\", \"referred_to\": \"Juridisch Loket\"}",
          "applied", "");
  assert_value (f, "SELECT referred_to FROM contact_moments WHERE id = 'cm-3'",
                "Juridisch Loket");
  assert_value (f, "SELECT json_extract (row, '$.referred_to') FROM change_log"
                   " WHERE row_id = 'cm-3'", "Juridisch Loket");

  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT, too_long, "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-x2\", \"channel\": \"balie\", \"case_id\": \"case-nope\"}",
          "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-x3\", \"channel\": \"balie\", \"referred_to\": 12}",
          "rejected", "invalid");
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("cm-x%u", i);

      g_assert_cmpint (logged (f, "contact_moments", id, "delete"), ==, 1);
    }
}

static void
test_case_from_contact (Fixture *f, gconstpointer data)
{
  expect (f, DESK_A, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-new\", \"case_type_id\": \"ct-1\", \"customer_id\": \"cus-1\","
          " \"history_id\": \"h-new\", \"contact_moment_id\": \"cm-1\"}", "applied", "");
  assert_value (f, "SELECT case_id FROM contact_moments WHERE id = 'cm-1'", "case-new");
  assert_value (f, "SELECT json_extract (row, '$.case_id') FROM change_log"
                   " WHERE entity = 'contact_moments' AND row_id = 'cm-1'", "case-new");
  /* A contact about a case already keeps it. */
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-new2\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-new2\","
          " \"contact_moment_id\": \"cm-1\"}", "applied", "");
  assert_value (f, "SELECT case_id FROM contact_moments WHERE id = 'cm-1'", "case-new");
  g_assert_cmpint (logged (f, "contact_moments", "cm-1", "upsert"), ==, 1);
  /* One the server does not know is left alone. */
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-new3\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-new3\","
          " \"contact_moment_id\": \"cm-nope\"}", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE id = 'case-new3'"), ==, 1);
  g_assert_cmpint (logged (f, "contact_moments", "cm-nope", "upsert"), ==, 0);
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-x\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-x\","
          " \"contact_moment_id\": 7}", "rejected", "invalid");
}

/* A case opened from an appointment: the appointment gets it (once) and is sent on. */
static void
test_case_from_appointment (Fixture *f, gconstpointer data)
{
  expect (f, DESK_A, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-apt\", \"case_type_id\": \"ct-1\", \"customer_id\": \"cus-dup\","
          " \"history_id\": \"h-apt\", \"appointment_id\": \"apt-dup\"}", "applied", "");
  assert_value (f, "SELECT case_id FROM appointments WHERE id = 'apt-dup'", "case-apt");
  assert_value (f, "SELECT json_extract (row, '$.case_id') FROM change_log"
                   " WHERE entity = 'appointments' AND row_id = 'apt-dup'", "case-apt");
  /* A second case from the same appointment does not take it over. */
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-apt2\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-apt2\","
          " \"appointment_id\": \"apt-dup\"}", "applied", "");
  assert_value (f, "SELECT case_id FROM appointments WHERE id = 'apt-dup'", "case-apt");
  g_assert_cmpint (logged (f, "appointments", "apt-dup", "upsert"), ==, 1);
  /* An appointment the server does not know is left alone; a mistyped one is refused. */
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-apt3\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-apt3\","
          " \"appointment_id\": \"apt-nope\"}", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE id = 'case-apt3'"), ==, 1);
  g_assert_cmpint (logged (f, "appointments", "apt-nope", "upsert"), ==, 0);
  expect (f, DESK_B, LOKET_MUTATION_CREATE_CASE,
          "{\"id\": \"case-apt4\", \"case_type_id\": \"ct-1\", \"history_id\": \"h-apt4\","
          " \"appointment_id\": [\"apt-dup\"]}", "rejected", "invalid");
}

/* ---- callbacks ------------------------------------------------------------------------------ */

static void
test_add_callback (Fixture *f, gconstpointer data)
{
  /* Noted on Friday 11 January at 16:00: due at the end of Monday. */
  expect_at (f, DESK_A, "2030-01-11T15:00:00Z", LOKET_MUTATION_ADD_CALLBACK,
             "{\"id\": \"cb-1\", \"customer_id\": \"cus-old\", \"contact_moment_id\": \"cm-1\","
             " \"subject\": \"Vraag over dakkapel\", \"assigned_team_id\": \"team-vg\"}",
             "applied", "");
  assert_value (f, "SELECT due_at || '|' || customer_id || '|' || created_by || '|' || outcome"
                   " FROM callbacks WHERE id = 'cb-1'",
                "2030-01-14T22:59:59Z|cus-1|usr-a|open");
  g_assert_cmpint (logged (f, "callbacks", "cb-1", "upsert"), ==, 1);
  /* A due time of the desk's choosing, and a phone number instead of a customer. */
  expect_at (f, DESK_A, "2030-01-11T15:00:00Z", LOKET_MUTATION_ADD_CALLBACK,
             "{\"id\": \"cb-2\", \"phone\": \"0201234567\", \"subject\": \"Terugbellen\","
             " \"assigned_user_id\": \"usr-b\", \"due_at\": \"2030-01-11T16:00:00Z\"}",
             "applied", "");
  assert_value (f, "SELECT due_at FROM callbacks WHERE id = 'cb-2'", "2030-01-11T16:00:00Z");
  /* Replayed: once. */
  expect (f, DESK_B, LOKET_MUTATION_ADD_CALLBACK,
          "{\"id\": \"cb-2\", \"phone\": \"0201234567\", \"subject\": \"Terugbellen\","
          " \"assigned_user_id\": \"usr-b\"}", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM callbacks"), ==, 2);
}

static void
test_add_callback_refused (Fixture *f, gconstpointer data)
{
  static const struct { const char *args, *code; } cases[] = {
    { "{\"id\": \"cb-x1\", \"customer_id\": \"cus-1\", \"subject\": \"Bellen\"}", "invalid" },
    { "{\"id\": \"cb-x2\", \"subject\": \"Bellen\", \"assigned_user_id\": \"usr-a\"}", "invalid" },
    { "{\"id\": \"cb-x3\", \"customer_id\": \"cus-1\", \"assigned_user_id\": \"usr-a\"}",
      "invalid" },
    { "{\"id\": \"cb-x4\", \"customer_id\": \"cus-1\", \"subject\": \"Bellen\","
      " \"assigned_user_id\": \"usr-a\", \"due_at\": \"morgen\"}", "invalid" },
    { "{\"id\": \"cb-x5\", \"customer_id\": \"cus-nope\", \"subject\": \"Bellen\","
      " \"assigned_user_id\": \"usr-a\"}", "not_found" },
    { "{\"id\": \"cb-x6\", \"customer_id\": \"cus-1\", \"subject\": \"Bellen\","
      " \"assigned_team_id\": \"team-nope\"}", "not_found" },
    { "{\"id\": \"cb-x7\", \"customer_id\": \"cus-1\", \"subject\": \"Bellen\","
      " \"assigned_user_id\": \"usr-nope\"}", "not_found" },
    { "{\"id\": \"cb-x8\", \"customer_id\": \"cus-1\", \"subject\": \"Bellen\","
      " \"assigned_user_id\": \"usr-a\", \"contact_moment_id\": \"cm-nope\"}", "not_found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("cb-x%u", i + 1);

      expect (f, DESK_A, LOKET_MUTATION_ADD_CALLBACK, cases[i].args, "rejected", cases[i].code);
      g_assert_cmpint (logged (f, "callbacks", id, "delete"), ==, 1);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM callbacks"), ==, 0);
}

static void
settle (Fixture *f, guint desk, const char *now, const char *outcome, const char *note,
        const char *expected, const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"cb-1\", \"outcome\": \"%s\"%s%s%s}",
                                           outcome, note != NULL ? ", \"note\": \"" : "",
                                           note != NULL ? note : "", note != NULL ? "\"" : "");

  expect_at (f, desk, now, LOKET_MUTATION_SETTLE_CALLBACK, args, expected, code);
}

static void
test_settle_callback (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) late = NULL;

  expect_at (f, DESK_A, "2030-01-11T15:00:00Z", LOKET_MUTATION_ADD_CALLBACK,
             "{\"id\": \"cb-1\", \"customer_id\": \"cus-1\", \"subject\": \"Dakkapel\","
             " \"assigned_team_id\": \"team-vg\"}", "applied", "");
  /* Not reached, then done by a colleague: both recorded, the notes kept. */
  settle (f, DESK_A, "2030-01-14T08:00:00Z", "not_reached", "Geen gehoor", "applied", "");
  assert_value (f, "SELECT outcome || '|' || outcome_by || '|' || outcome_at || '|' ||"
                   " outcome_note FROM callbacks",
                "not_reached|usr-a|2030-01-14T08:00:00Z|Geen gehoor");
  settle (f, DESK_B, "2030-01-14T09:00:00Z", "done", "Opgelost", "applied", "");
  assert_value (f, "SELECT outcome || '|' || outcome_by || '|' || outcome_at FROM callbacks",
                "done|usr-b|2030-01-14T09:00:00Z");
  assert_value (f, "SELECT outcome_note FROM callbacks",
                "Geen gehoor\nBram Bakker, 2030-01-14 10:00: Opgelost");

  /* Done already: a conflict naming the first outcome; the late note is added, with who and
   * when, and the callback goes out again. */
  late = apply_at (f, DESK_A, "2030-01-14T09:30:00Z", LOKET_MUTATION_SETTLE_CALLBACK,
                   "{\"id\": \"cb-1\", \"outcome\": \"done\", \"note\": \"Ook gebeld\"}",
                   "conflict", "callback_done");
  g_assert_cmpstr (detail (late, "outcome"), ==, "done");
  g_assert_cmpstr (detail (late, "outcome_by"), ==, "usr-b");
  g_assert_cmpstr (detail (late, "outcome_at"), ==, "2030-01-14T09:00:00Z");
  assert_value (f, "SELECT outcome || '|' || outcome_by FROM callbacks", "done|usr-b");
  assert_value (f, "SELECT outcome_note FROM callbacks",
                "Geen gehoor\nBram Bakker, 2030-01-14 10:00: Opgelost\n"
                "Anna de Vries, 2030-01-14 10:30: Ook gebeld");
  /* Without a note the conflict changes nothing, but the desk still gets the server's copy. */
  settle (f, DESK_A, "2030-01-14T09:40:00Z", "not_reached", NULL, "conflict", "callback_done");
  g_assert_cmpint (logged (f, "callbacks", "cb-1", "upsert"), ==, 5);

  settle (f, DESK_A, "2030-01-14T09:40:00Z", "later", NULL, "rejected", "invalid");
  expect (f, DESK_A, LOKET_MUTATION_SETTLE_CALLBACK,
          "{\"id\": \"cb-nope\", \"outcome\": \"done\"}", "rejected", "not_found");
  expect (f, DESK_A, LOKET_MUTATION_SETTLE_CALLBACK, "{\"outcome\": \"done\"}",
          "rejected", "invalid");
}

/* ---- save_representative -------------------------------------------------------------------- */

static JsonObject *
represent (Fixture *f, guint desk, const char *id, const char *organisation_id,
           const char *person_id, const char *role, const char *outcome, const char *code)
{
  g_autofree char *role_member = role != NULL ? g_strdup_printf (", \"role\": \"%s\"", role)
                                              : g_strdup ("");
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"organisation_id\": \"%s\","
                                           " \"person_id\": \"%s\"%s}", id, organisation_id,
                                           person_id, role_member);

  return push (f, desk, LOKET_MUTATION_SAVE_REPRESENTATIVE, args, outcome, code);
}

static void
test_representatives (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = represent (f, DESK_A, "rep-1", "org-1", "cus-1", "secretaris",
                                           "applied", "");
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) kept = NULL;

  g_assert_cmpstr (detail (first, "representative_id"), ==, "rep-1");
  assert_value (f, "SELECT organisation_id || '|' || person_id || '|' || role"
                   " FROM customer_representatives", "org-1|cus-1|secretaris");
  g_assert_cmpint (logged (f, "customer_representatives", "rep-1", "upsert"), ==, 1);
  /* Replayed without a role: the role stays. */
  again = represent (f, DESK_A, "rep-1", "org-1", "cus-1", NULL, "applied", "");
  assert_value (f, "SELECT role FROM customer_representatives", "secretaris");
  /* The same pair from another desk (through an old id of the person): one row, its role set,
   * the other desk's row gone. */
  second = represent (f, DESK_B, "rep-2", "org-1", "cus-old", "voorzitter", "applied", "");
  g_assert_cmpstr (detail (second, "representative_id"), ==, "rep-1");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_representatives"), ==, 1);
  assert_value (f, "SELECT role FROM customer_representatives WHERE id = 'rep-1'",
                "voorzitter");
  g_assert_cmpint (logged (f, "customer_representatives", "rep-1", "upsert"), ==, 2);
  g_assert_cmpint (logged (f, "customer_representatives", "rep-2", "delete"), ==, 1);
  /* An empty role clears it. */
  kept = represent (f, DESK_B, "rep-3", "org-1", "cus-1", "", "applied", "");
  assert_value (f, "SELECT role FROM customer_representatives WHERE id = 'rep-1'", "");
  /* The id of a row of another pair: refused, that row goes out again as it is. */
  loket_test_store_exec (f->store, "INSERT INTO customers (id, name, created_at) VALUES"
                                   " ('cus-5', 'Kees Bal', '2029-01-01T10:00:00Z')");
  {
    g_autoptr(JsonObject) taken = represent (f, DESK_B, "rep-1", "org-1", "cus-5", "lid",
                                             "rejected", "invalid");
  }
  assert_value (f, "SELECT person_id || '|' || role FROM customer_representatives"
                   " WHERE id = 'rep-1'", "cus-1|");
  g_assert_cmpint (logged (f, "customer_representatives", "rep-1", "upsert"), ==, 4);
  g_assert_cmpint (logged (f, "customer_representatives", "rep-1", "delete"), ==, 0);
}

static void
test_representatives_refused (Fixture *f, gconstpointer data)
{
  static const struct { const char *organisation, *person, *code; } cases[] = {
    { "cus-piet", "cus-1", "invalid" },   /* a person has no representatives */
    { "org-1", "org-1", "invalid" },      /* nobody acts for themselves */
    { "cus-1", "cus-old", "invalid" },    /* the same person under an old id */
    { "org-1", "cus-nope", "not_found" },
    { "org-nope", "cus-1", "not_found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("rep-x%u", i + 1);
      g_autoptr(JsonObject) result = represent (f, DESK_A, id, cases[i].organisation,
                                                cases[i].person, NULL, "rejected",
                                                cases[i].code);

      g_assert_cmpint (logged (f, "customer_representatives", id, "delete"), ==, 1);
    }
  /* An organisation acting for an organisation. */
  loket_test_store_exec (f->store, "INSERT INTO customers (id, kind, name, created_at) VALUES"
                                   " ('org-2', 'organisation', 'Stichting',"
                                   " '2029-01-01T10:00:00Z')");
  {
    g_autoptr(JsonObject) result = represent (f, DESK_A, "rep-x9", "org-1", "org-2", NULL,
                                              "rejected", "invalid");
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_representatives"), ==, 0);
}

/* ---- merge_customers ------------------------------------------------------------------------ */

static JsonObject *
merge (Fixture *f, guint desk, const char *alias_id, const char *survivor_id,
       const char *outcome, const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"alias_id\": \"%s\", \"survivor_id\": \"%s\"}",
                                           alias_id, survivor_id);

  return push (f, desk, LOKET_MUTATION_MERGE_CUSTOMERS, args, outcome, code);
}

/* cus-dup gets a callback and a representative row of its own, beside its appointment, case,
 * note, contact moment and user_customers row of the fixture. */
static void
give_duplicate_everything (Fixture *f)
{
  g_autoptr(JsonObject) duplicate = NULL;
  g_autoptr(JsonObject) survivor = NULL;

  expect (f, DESK_A, LOKET_MUTATION_ADD_CALLBACK,
          "{\"id\": \"cb-dup\", \"customer_id\": \"cus-dup\", \"subject\": \"Schutting\","
          " \"assigned_user_id\": \"usr-a\"}", "applied", "");
  duplicate = represent (f, DESK_A, "rep-dup", "org-1", "cus-dup", "penningmeester", "applied",
                         "");
  survivor = represent (f, DESK_A, "rep-1", "org-1", "cus-1", "", "applied", "");
}

static void
test_merge_moves_everything (Fixture *f, gconstpointer data)
{
  static const struct { const char *entity, *id, *column; } moved[] = {
    { "appointments", "apt-dup", "customer_id" },
    { "cases", "case-2", "customer_id" },
    { "notes", "note-dup", "customer_id" },
    { "contact_moments", "cm-dup", "customer_id" },
    { "callbacks", "cb-dup", "customer_id" },
  };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;

  give_duplicate_everything (f);
  result = merge (f, DESK_LEAD, "cus-dup", "cus-1", "applied", "");
  g_assert_cmpstr (detail (result, "survivor_id"), ==, "cus-1");

  for (guint i = 0; i < G_N_ELEMENTS (moved); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = '%s'",
                                              moved[i].column, moved[i].entity, moved[i].id);
      g_autofree char *logged_sql = g_strdup_printf (
        "SELECT json_extract (row, '$.%s') FROM change_log WHERE entity = '%s'"
        " AND row_id = '%s' ORDER BY seq DESC LIMIT 1", moved[i].column, moved[i].entity,
        moved[i].id);

      assert_value (f, sql, "cus-1");
      assert_value (f, logged_sql, "cus-1");
    }
  /* The duplicate's representative row doubled the survivor's: one is kept, with its role. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_representatives"), ==, 1);
  assert_value (f, "SELECT role FROM customer_representatives WHERE id = 'rep-1'",
                "penningmeester");
  g_assert_cmpint (logged (f, "customer_representatives", "rep-dup", "delete"), ==, 1);
  /* The alias: a tombstone, an alias row; who saw it sees the survivor. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers WHERE id = 'cus-dup'"), ==, 0);
  g_assert_cmpint (logged (f, "customers", "cus-dup", "delete"), ==, 1);
  assert_value (f, "SELECT survivor_id FROM customer_aliases WHERE alias_id = 'cus-dup'",
                "cus-1");
  assert_value (f, "SELECT customer_id FROM user_customers WHERE user_id = 'usr-b'", "cus-1");
  /* The survivor keeps its name and BSN and takes the e-mail address and phone it lacked. */
  assert_value (f, "SELECT name || '|' || bsn || '|' || email || '|' || phone FROM customers"
                   " WHERE id = 'cus-1'", "Jan Jansen|123456782|jan@example.nl|0612345678");
  assert_value (f, "SELECT json_extract (row, '$.email') FROM change_log WHERE entity ="
                   " 'customers' AND row_id = 'cus-1' ORDER BY seq DESC LIMIT 1",
                "jan@example.nl");
  /* The search index names the survivor on the moved case. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH"
                          " 'customer:Jan' AND reference = 'Z-2030-000002'"), ==, 1);

  /* Merged before: applied, nothing new. */
  again = merge (f, DESK_A, "cus-dup", "cus-1", "applied", "");
  g_assert_cmpstr (detail (again, "survivor_id"), ==, "cus-1");
  g_assert_cmpint (logged (f, "customers", "cus-dup", "delete"), ==, 1);
  /* A note that still names the alias lands on the survivor. */
  expect (f, DESK_A, LOKET_MUTATION_ADD_NOTE,
          "{\"id\": \"note-late\", \"customer_id\": \"cus-dup\", \"body\": \"Later\"}",
          "applied", "");
  assert_value (f, "SELECT customer_id FROM notes WHERE id = 'note-late'", "cus-1");
}

static void
test_merge_into_alias (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) later = NULL;

  /* cus-old was merged into cus-1 before: merging into it merges into cus-1. */
  result = merge (f, DESK_LEAD, "cus-dup", "cus-old", "applied", "");
  g_assert_cmpstr (detail (result, "survivor_id"), ==, "cus-1");
  assert_value (f, "SELECT customer_id FROM cases WHERE id = 'case-2'", "cus-1");
  /* An alias of an alias resolves in one step when its survivor is merged in turn. */
  loket_test_store_exec (f->store, "INSERT INTO customers (id, name, created_at) VALUES"
                                   " ('cus-3', 'Jan J.', '2029-01-01T10:00:00Z');"
                                   "INSERT INTO customer_aliases VALUES ('cus-3-old', 'cus-3');");
  later = merge (f, DESK_LEAD, "cus-3", "cus-1", "applied", "");
  assert_value (f, "SELECT survivor_id FROM customer_aliases WHERE alias_id = 'cus-3-old'",
                "cus-1");
}

static void
test_merge_takes_identity (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) result = NULL;

  /* The survivor lacks a BSN and an e-mail address: it takes the alias's, whose row is gone
   * first (a BSN is unique). */
  loket_test_store_exec (f->store, "INSERT INTO customers (id, name, email, created_at) VALUES"
                                   " ('cus-4', 'P. Bel', '  ', '2029-03-01T10:00:00Z')");
  result = merge (f, DESK_LEAD, "cus-piet", "cus-4", "applied", "");
  assert_value (f, "SELECT name || '|' || bsn || '|' || email FROM customers"
                   " WHERE id = 'cus-4'", "P. Bel|111222333|piet@example.nl");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers WHERE bsn = '111222333'"), ==, 1);
}

static void
test_merge_refused (Fixture *f, gconstpointer data)
{
  static const struct { guint desk; const char *alias, *survivor, *code; } cases[] = {
    { DESK_A, "cus-dup", "cus-1", "forbidden" },       /* a medewerker may not */
    { DESK_LEAD, "cus-dup", "cus-dup", "invalid" },
    { DESK_LEAD, "cus-1", "cus-old", "invalid" },      /* cus-old is cus-1 */
    { DESK_LEAD, "cus-dup", "org-1", "invalid" },      /* a person and an organisation */
    { DESK_LEAD, "cus-piet", "cus-1", "invalid" },     /* two BSNs: two people */
    { DESK_LEAD, "cus-nope", "cus-1", "not_found" },
    { DESK_LEAD, "cus-dup", "cus-nope", "not_found" },
  };

  give_duplicate_everything (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) result = merge (f, cases[i].desk, cases[i].alias, cases[i].survivor,
                                            "rejected", cases[i].code);
    }
  expect (f, DESK_LEAD, LOKET_MUTATION_MERGE_CUSTOMERS, "{\"alias_id\": \"cus-dup\"}",
          "rejected", "invalid");

  /* Nothing moved; the refused merge sent the alias and its rows out again, so a desk that
   * merged locally gets them back. */
  assert_value (f, "SELECT customer_id FROM cases WHERE id = 'case-2'", "cus-dup");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers WHERE id = 'cus-dup'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_aliases"), ==, 1);
  g_assert_cmpint (logged (f, "customers", "cus-dup", "delete"), ==, 0);
  g_assert_cmpint (logged (f, "customers", "cus-dup", "upsert"), >=, 1);
  g_assert_cmpint (logged (f, "cases", "case-2", "upsert"), >=, 1);
  g_assert_cmpint (logged (f, "appointments", "apt-dup", "upsert"), >=, 1);
  g_assert_cmpint (logged (f, "customer_representatives", "rep-dup", "upsert"), >=, 2);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/casework/suspend/deadline", test_suspend_moves_deadline);
  ADD ("/casework/suspend/replay", test_suspend_replay);
  ADD ("/casework/suspend/refused", test_suspend_refused);
  ADD ("/casework/status/archive", test_close_sets_archive);
  ADD ("/casework/status/transitions", test_transitions_refusal);
  ADD ("/casework/links", test_link_cases);
  ADD ("/casework/links/refused", test_link_refused);
  ADD ("/casework/documents", test_documents);
  ADD ("/casework/contact/case", test_contact_about_case);
  ADD ("/casework/contact/create-case", test_case_from_contact);
  ADD ("/casework/appointment/create-case", test_case_from_appointment);
  ADD ("/casework/callback/add", test_add_callback);
  ADD ("/casework/callback/refused", test_add_callback_refused);
  ADD ("/casework/callback/settle", test_settle_callback);
  ADD ("/casework/representatives", test_representatives);
  ADD ("/casework/representatives/refused", test_representatives_refused);
  ADD ("/casework/merge", test_merge_moves_everything);
  ADD ("/casework/merge/into-alias", test_merge_into_alias);
  ADD ("/casework/merge/takes-identity", test_merge_takes_identity);
  ADD ("/casework/merge/refused", test_merge_refused);
  return g_test_run ();
}
