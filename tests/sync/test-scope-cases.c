/* Integration: the scope of the case and contact rows of domain v5 against a real loket-sync
 * with demo data (the rules are in sync-server/loket-store-scope.c).
 *
 * On the server, as an import would, rows are made and logged in two steps.  First: Nadia, a
 * customer whose only case is a confidential naturalisation (with a suspension, a document, a
 * contact moment about it and a callback from that), a callback for her without a contact
 * moment, an organisation, and Vera, a customer nobody sees.  Then: a passport case of Nadia
 * that everyone sees (so every desk sees her from now on), linked to the naturalisation, with
 * its own contact moment and callback; a callback for Vera assigned to team Vergunningen;
 * anonymous ones (only a phone number) that balie made for kcc and that are for Vergunningen;
 * and the organisation's representatives, Nadia and Vera.
 *
 * Desks of balie (team Burgerzaken), kcc (KCC, every location) and backoffice (Vergunningen):
 * for each user one desk signed in before the rows were made (it gets them entry by entry, a
 * customer riding along with the rows that follow them), one after, by a snapshot, and one
 * after, paging from 0.  Each way must give a user the same rows, and no desk outside team
 * Burgerzaken a row of the confidential case, a contact moment about it or a callback from
 * that; a callback of a customer a desk may not see stays away unless it is that desk's. */
#include <string.h>

#include "loket-error.h"
#include "loket-replica.h"
#include "loket-replica-casework.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
} Fixture;

enum { BALIE, KCC, BACKOFFICE, N_USERS };
static const char *const usernames[N_USERS] = { "balie", "kcc", "backoffice" };

/* ---- the rows made on the server ------------------------------------------------------------ */

#define AT "'2026-01-05T09:00:00Z'"
#define TEAM(name) "(SELECT id FROM teams WHERE name = '" name "')"
#define USER(name) "(SELECT id FROM users WHERE username = '" name "')"
#define CASE_TYPE(name) "(SELECT id FROM case_types WHERE name = '" name "')"

typedef struct {
  const char *entity, *id;
  const char *sql;          /* a person's fresh BSN is its one parameter */
  gboolean    seen[N_USERS];
} WorldRow;

static const WorldRow first_rows[] = {
  { "customers", "test-cus-nadia",
    "INSERT INTO customers (id, kind, bsn, name, birth_date, phone, created_at) VALUES"
    " ('test-cus-nadia', 'person', ?, 'Nadia Vertrouwelijk', '1980-02-29', '06 11 22 33 44',"
    " " AT ")", { TRUE, TRUE, TRUE } },
  { "customers", "test-cus-harmonie",
    "INSERT INTO customers (id, kind, name, created_at) VALUES ('test-cus-harmonie',"
    " 'organisation', 'Harmonie Testdorp', " AT ")", { TRUE, TRUE, TRUE } },
  { "customers", "test-cus-vera",
    "INSERT INTO customers (id, kind, bsn, name, created_at) VALUES ('test-cus-vera', 'person',"
    " ?, 'Vera Verborgen', " AT ")", { FALSE, FALSE, TRUE } },
  { "cases", "test-case-naturalisatie",
    "INSERT INTO cases (id, reference, case_type_id, customer_id, subject, status, team_id,"
    " opened_at, deadline) SELECT 'test-case-naturalisatie', 'TEST-NAT-1', t.id,"
    " 'test-cus-nadia', 'Naturalisatieverzoek', 'ontvangen', t.team_id, " AT ", '2026-04-01'"
    " FROM case_types t WHERE t.name = 'Naturalisatie' AND t.confidential = 1",
    { TRUE, FALSE, FALSE } },
  { "cases", "test-case-zaal",
    "INSERT INTO cases (id, reference, case_type_id, customer_id, subject, status, opened_at,"
    " deadline) VALUES ('test-case-zaal', 'TEST-ZAAL-1', " CASE_TYPE ("Zaalreservering") ","
    " 'test-cus-harmonie', 'Jaarvergadering', 'ontvangen', " AT ", '2026-01-08')",
    { TRUE, TRUE, TRUE } },
  { "case_suspensions", "test-suspension",
    "INSERT INTO case_suspensions (id, case_id, kind, at, reason) VALUES ('test-suspension',"
    " 'test-case-naturalisatie', 'suspend', " AT ", 'Wacht op stukken IND')",
    { TRUE, FALSE, FALSE } },
  { "case_documents", "test-document",
    "INSERT INTO case_documents (id, case_id, title, location, added_at) VALUES"
    " ('test-document', 'test-case-naturalisatie', 'Naturalisatieverzoek',"
    " '/srv/zaken/TEST-NAT-1/verzoek.pdf', " AT ")", { TRUE, FALSE, FALSE } },
  { "contact_moments", "test-moment-naturalisatie",
    "INSERT INTO contact_moments (id, customer_id, case_id, channel, topic, at, by_user) VALUES"
    " ('test-moment-naturalisatie', 'test-cus-nadia', 'test-case-naturalisatie', 'telefoon',"
    " 'Stand van zaken naturalisatie', " AT ", " USER ("burgerzaken") ")",
    { TRUE, FALSE, FALSE } },
  { "callbacks", "test-callback-naturalisatie",
    "INSERT INTO callbacks (id, customer_id, contact_moment_id, phone, subject, assigned_team_id,"
    " due_at, created_at, created_by) VALUES ('test-callback-naturalisatie', 'test-cus-nadia',"
    " 'test-moment-naturalisatie', '06 11 22 33 44', 'Stukken IND binnen?',"
    " " TEAM ("Burgerzaken") ", " AT ", " AT ", " USER ("burgerzaken") ")",
    { TRUE, FALSE, FALSE } },
  { "callbacks", "test-callback",
    "INSERT INTO callbacks (id, customer_id, subject, assigned_user_id, due_at, created_at)"
    " VALUES ('test-callback', 'test-cus-nadia', 'Terugbellen', " USER ("burgerzaken") ","
    " " AT ", " AT ")", { TRUE, TRUE, TRUE } },
};

static const WorldRow second_rows[] = {
  { "cases", "test-case-paspoort",
    "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, subject, status,"
    " opened_at, deadline) VALUES ('test-case-paspoort', 'TEST-REIS-1',"
    " " CASE_TYPE ("Reisdocument") ", 'test-cus-nadia',"
    " (SELECT id FROM products WHERE name = 'Paspoort'), 'Eerste reisdocument', 'ontvangen',"
    " " AT ", '2026-01-12')",
    { TRUE, TRUE, TRUE } },
  { "case_links", "test-link",
    "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at) VALUES ('test-link',"
    " 'test-case-paspoort', 'test-case-naturalisatie', 'related', " AT ")",
    { TRUE, FALSE, FALSE } },
  { "contact_moments", "test-moment-paspoort",
    "INSERT INTO contact_moments (id, customer_id, case_id, channel, topic, at, by_user,"
    " referred_to) VALUES ('test-moment-paspoort', 'test-cus-nadia', 'test-case-paspoort',"
    " 'balie', 'Pasfoto', " AT ", " USER ("burgerzaken") ", 'Fotograaf')",
    { TRUE, TRUE, TRUE } },
  { "callbacks", "test-callback-paspoort",
    "INSERT INTO callbacks (id, customer_id, contact_moment_id, subject, assigned_team_id, due_at,"
    " created_at) VALUES ('test-callback-paspoort', 'test-cus-nadia', 'test-moment-paspoort',"
    " 'Paspoort klaar', " TEAM ("Burgerzaken") ", " AT ", " AT ")", { TRUE, TRUE, TRUE } },
  { "callbacks", "test-callback-vera",
    "INSERT INTO callbacks (id, customer_id, subject, assigned_team_id, due_at, created_at)"
    " VALUES ('test-callback-vera', 'test-cus-vera', 'Vraag over dakkapel',"
    " " TEAM ("Vergunningen") ", " AT ", " AT ")", { FALSE, FALSE, TRUE } },
  { "callbacks", "test-callback-anoniem",
    "INSERT INTO callbacks (id, phone, subject, assigned_user_id, due_at, created_at, created_by)"
    " VALUES ('test-callback-anoniem', '06 98 76 54 32', 'Wil teruggebeld worden',"
    " " USER ("kcc") ", " AT ", " AT ", " USER ("balie") ")", { TRUE, TRUE, FALSE } },
  { "callbacks", "test-callback-anoniem-team",
    "INSERT INTO callbacks (id, phone, subject, assigned_team_id, due_at, created_at) VALUES"
    " ('test-callback-anoniem-team', '06 55 44 33 22', 'Vraag over schutting',"
    " " TEAM ("Vergunningen") ", " AT ", " AT ")", { FALSE, FALSE, TRUE } },
  { "customer_representatives", "test-rep-nadia",
    "INSERT INTO customer_representatives (id, organisation_id, person_id, role, created_at)"
    " VALUES ('test-rep-nadia', 'test-cus-harmonie', 'test-cus-nadia', 'secretaris', " AT ")",
    { TRUE, TRUE, TRUE } },
  { "customer_representatives", "test-rep-vera",
    "INSERT INTO customer_representatives (id, organisation_id, person_id, role, created_at)"
    " VALUES ('test-rep-vera', 'test-cus-harmonie', 'test-cus-vera', 'penningmeester', " AT ")",
    { FALSE, FALSE, TRUE } },
};

static void
server_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Appends an upsert of a row, with every column, to the change log, as the store does. */
static void
server_log_row (sqlite3 *db, const char *entity, const char *id)
{
  g_autoptr(GString) object = g_string_new ("json_object (");
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s')", entity);
  g_autofree char *insert = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (object, "%s'%s', %s", object->len > 13 ? ", " : "",
                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_string_append (object, ")");
  insert = g_strdup_printf ("INSERT INTO change_log (entity, row_id, op, row, at) SELECT '%s', id,"
                            " 'upsert', %s, " AT " FROM %s WHERE id = '%s'", entity,
                            object->str, entity, id);
  server_exec (db, insert);
}

/* Makes and logs rows in one transaction; n_bsn counts the BSNs given out. */
static void
add_rows (Fixture *f, const WorldRow *rows, guint n_rows, guint *n_bsn)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->server_db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  server_exec (db, "PRAGMA foreign_keys = ON; BEGIN IMMEDIATE");
  for (guint i = 0; i < n_rows; i++)
    {
      /* 6xxxxxxxx: the demo's random BSNs (any first digit) are unlikely to be one; if one is,
       * the insert fails loudly on the unique BSN. */
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, rows[i].sql, -1, &stmt, NULL), ==, SQLITE_OK);
      if (sqlite3_bind_parameter_count (stmt) == 1)
        {
          g_autofree char *bsn = loket_test_make_bsn (777000 + (*n_bsn)++);

          sqlite3_bind_text (stmt, 1, bsn, -1, SQLITE_TRANSIENT);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s: %s", rows[i].sql, sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_changes (db), ==, 1);
      server_log_row (db, rows[i].entity, rows[i].id);
    }
  server_exec (db, "COMMIT");
  sqlite3_close (db);
}

/* ---- desks -------------------------------------------------------------------------------- */

static LoketTestDesk *
desk_new (Fixture *f, guint user, const char *how)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.db", usernames[user], how);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  LoketTestDesk *desk = loket_test_desk_open (path);

  /* Paging from 0 instead of a snapshot file. */
  if (g_str_equal (how, "pull"))
    loket_sync_client_set_use_snapshots (desk->client, FALSE);
  loket_test_desk_login (desk, f->server->url, usernames[user], "demo");
  loket_test_desk_sync (desk);
  return desk;
}

static gboolean
has_row (LoketTestDesk *desk, const char *entity, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = loket_db_get_row (loket_replica_get_db (desk->replica), entity, id,
                                                &error);

  g_assert_true (row != NULL || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND));
  return row != NULL;
}

static void
assert_sees (LoketTestDesk *desk, guint user, const WorldRow *rows, guint n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    if (has_row (desk, rows[i].entity, rows[i].id) != rows[i].seen[user])
      g_error ("%s (%s): %s %s %s", usernames[user], desk->path, rows[i].entity, rows[i].id,
               rows[i].seen[user] ? "is missing" : "should not be there");
}

static gint64
desk_count (LoketTestDesk *desk, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (desk->replica), sql,
                                                   NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* How many of the desk's cases its search index finds for an FTS5 query. */
static gint64
desk_found (LoketTestDesk *desk, const char *query)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (desk->replica),
    "SELECT count(*) FROM cases_fts f JOIN cases k ON k.rowid = f.rowid"
    " WHERE cases_fts MATCH ?", NULL);

  g_assert_nonnull (stmt);
  loket_db_bind_text (stmt, 1, query);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- fixture ------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = loket_test_make_tmp_dir ("loket-scope-cases");
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->server = loket_test_server_start (f->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_rows_of_cases_and_contacts (Fixture *f, gconstpointer data)
{
  LoketTestDesk *early[N_USERS];
  guint n_bsn = 0;

  for (guint user = 0; user < N_USERS; user++)
    early[user] = desk_new (f, user, user == BACKOFFICE ? "early-pull" : "early");

  add_rows (f, first_rows, G_N_ELEMENTS (first_rows), &n_bsn);
  g_assert_cmpuint (n_bsn, ==, 2);
  for (guint user = 0; user < N_USERS; user++)
    loket_test_desk_sync (early[user]);
  /* Nadia's only case is confidential: outside the team nobody sees her yet, not even the
   * callback for her, and Vera only reaches the team that must call her (none yet). */
  g_assert_true (has_row (early[BALIE], "callbacks", "test-callback"));
  for (guint user = KCC; user < N_USERS; user++)
    {
      g_assert_false (has_row (early[user], "customers", "test-cus-nadia"));
      g_assert_false (has_row (early[user], "callbacks", "test-callback"));
      g_assert_false (has_row (early[user], "contact_moments", "test-moment-naturalisatie"));
      g_assert_false (has_row (early[user], "customers", "test-cus-vera"));
    }

  add_rows (f, second_rows, G_N_ELEMENTS (second_rows), &n_bsn);
  for (guint user = 0; user < N_USERS; user++)
    {
      g_autoptr(LoketTestDesk) snapshot = NULL;
      g_autoptr(LoketTestDesk) pull = NULL;

      loket_test_desk_sync (early[user]);
      snapshot = desk_new (f, user, "snapshot");
      pull = desk_new (f, user, "pull");
      for (guint i = 0; i < 3; i++)
        {
          LoketTestDesk *desk = i == 0 ? early[user] : i == 1 ? snapshot : pull;

          assert_sees (desk, user, first_rows, G_N_ELEMENTS (first_rows));
          assert_sees (desk, user, second_rows, G_N_ELEMENTS (second_rows));
        }
      /* The rows of the demo went the same way on each. */
      loket_test_assert_same_replicas (early[user]->replica, snapshot->replica,
                                       "signed in before, and by a snapshot after");
      loket_test_assert_same_replicas (snapshot->replica, pull->replica,
                                       "by a snapshot, and paging from 0");
    }
  for (guint user = 0; user < N_USERS; user++)
    loket_test_desk_free (early[user]);
}

/* The demo's own confidential cases: their suspensions, documents, links, contact moments and
 * callbacks reach team Burgerzaken only. */
static void
test_demo_confidential_rows (Fixture *f, gconstpointer data)
{
#define OF_CONFIDENTIAL(column) \
  " JOIN cases k ON k.id = " column " JOIN case_types t ON t.id = k.case_type_id" \
  " WHERE t.confidential = 1"
  static const char *const queries[] = {
    "SELECT count(*) FROM case_suspensions s" OF_CONFIDENTIAL ("s.case_id"),
    "SELECT count(*) FROM case_documents d" OF_CONFIDENTIAL ("d.case_id"),
    "SELECT count(*) FROM contact_moments m" OF_CONFIDENTIAL ("m.case_id"),
    "SELECT count(*) FROM case_links l" OF_CONFIDENTIAL ("l.linked_case_id"),
    "SELECT count(*) FROM callbacks c JOIN contact_moments m ON m.id = c.contact_moment_id"
    OF_CONFIDENTIAL ("m.case_id"),
  };
#undef OF_CONFIDENTIAL
  g_autoptr(LoketTestDesk) balie = desk_new (f, BALIE, "snapshot");
  g_autoptr(LoketTestDesk) kcc = desk_new (f, KCC, "pull");
  g_autoptr(LoketTestDesk) backoffice = desk_new (f, BACKOFFICE, "snapshot");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *text = loket_test_db_text (f->server_db, queries[i]);
      gint64 on_server = g_ascii_strtoll (text, NULL, 10);

      /* The demo has each kind for a confidential case, and only the team has them. */
      g_assert_cmpint (on_server, >, 0);
      g_assert_cmpint (desk_count (balie, queries[i]), ==, on_server);
      g_assert_cmpint (desk_count (kcc, queries[i]), ==, 0);
      g_assert_cmpint (desk_count (backoffice, queries[i]), ==, 0);
    }
}

/* The KCC opens a confidential case for the team that handles it, from a phone contact, with a
 * note: the desk shows it until it is sent; once the server has it, the KCC's desk holds none
 * of the case (as a fresh desk would not), the server keeps all of it and the team's desk gets
 * it.  The clerk's own record of the call stays on the KCC's desk, as it was before it named
 * the case. */
static void
test_confidential_case_made_elsewhere (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) kcc = desk_new (f, KCC, "snapshot");
  g_autoptr(LoketTestDesk) balie = desk_new (f, BALIE, "snapshot");
  g_autofree char *type = loket_test_db_text (f->server_db, "SELECT id FROM case_types"
                                              " WHERE name = 'Naturalisatie' AND confidential");
  g_autofree char *customer = loket_test_db_text (f->server_db, "SELECT id FROM customers"
                                                  " WHERE kind = 'person' LIMIT 1");
  LoketContactInput contact = { .customer_id = customer, .channel = "telefoon",
                                .topic = "Naturalisatie aanvragen" };
  LoketCaseInput input = { .case_type_id = type, .customer_id = customer };
  g_autoptr(GError) error = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *note_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *team = NULL;

  g_assert_nonnull (type);
  /* What the forms say beforehand: for the KCC the type is another team's; not for the team. */
  team = loket_replica_case_type_other_team (kcc->replica, type);
  g_assert_cmpstr (team, ==, "Burgerzaken");
  g_assert_null (loket_replica_case_type_other_team (balie->replica, type));
  contact_id = loket_replica_add_contact_moment (kcc->replica, &contact, &error);
  g_assert_no_error (error);
  input.contact_moment_id = contact_id;
  case_id = loket_replica_create_case (kcc->replica, &input, &error);
  g_assert_no_error (error);
  note_id = loket_replica_add_note (kcc->replica, case_id, NULL, "Inburgeringsdiploma gezien",
                                    &error);
  g_assert_no_error (error);
  g_assert_true (has_row (kcc, "cases", case_id));

  loket_test_desk_sync (kcc);
  g_assert_cmpuint (loket_replica_count_pending (kcc->replica), ==, 0);
  g_assert_false (has_row (kcc, "cases", case_id));
  g_assert_false (has_row (kcc, "notes", note_id));
  sql = g_strdup_printf ("SELECT count(*) FROM contact_moments WHERE id = '%s'"
                         " AND case_id IS NULL", contact_id);
  g_assert_cmpint (desk_count (kcc, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM case_status_history WHERE case_id = '%s'", case_id);
  g_assert_cmpint (desk_count (kcc, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM cases_fts f JOIN cases k ON k.rowid = f.rowid"
                         " WHERE k.id = '%s'", case_id);
  g_assert_cmpint (desk_count (kcc, sql), ==, 0);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT (SELECT count(*) FROM cases WHERE id = '%s')"
                         " || (SELECT count(*) FROM notes WHERE id = '%s')"
                         " || (SELECT count(*) FROM contact_moments WHERE id = '%s'"
                         "      AND case_id = '%s')", case_id, note_id, contact_id, case_id);
  on_server = loket_test_db_text (f->server_db, sql);
  g_assert_cmpstr (on_server, ==, "111");
  loket_test_desk_sync (balie);
  g_assert_true (has_row (balie, "cases", case_id));
  g_assert_true (has_row (balie, "notes", note_id));
}

/* What a desk's search index holds for each case, in the order of the case ids. */
static char *
index_digest (LoketTestDesk *desk)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (desk->replica),
    "SELECT count(*), group_concat (row, ';') FROM (SELECT k.id || '|' || f.reference || '|'"
    " || f.subject || '|' || coalesce (f.customer, '') || '|' || coalesce (f.product, '') AS row"
    " FROM cases k JOIN cases_fts f ON f.rowid = k.rowid ORDER BY k.id)", NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* Every case is in it once. */
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==,
                   desk_count (desk, "SELECT count(*) FROM cases"));
  g_assert_cmpint (desk_count (desk, "SELECT count(*) FROM cases_fts"), ==,
                   sqlite3_column_int64 (stmt, 0));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 1));
}

/* The search index of a desk holds the cases it has, whichever way they came (a snapshot made
 * it at once, with the triggers off; they must be back for what a desk pulls later): by their
 * reference, subject, customer's name and product. */
static void
test_search_index (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) balie_early = desk_new (f, BALIE, "early");
  g_autoptr(LoketTestDesk) kcc_early = desk_new (f, KCC, "early");
  guint n_bsn = 0;

  add_rows (f, first_rows, G_N_ELEMENTS (first_rows), &n_bsn);
  add_rows (f, second_rows, G_N_ELEMENTS (second_rows), &n_bsn);
  for (guint user = BALIE; user <= KCC; user++)
    {
      LoketTestDesk *early = user == BALIE ? balie_early : kcc_early;
      g_autoptr(LoketTestDesk) snapshot = desk_new (f, user, "snapshot");
      g_autoptr(LoketTestDesk) pull = desk_new (f, user, "pull");
      g_autofree char *digest = NULL;

      loket_test_desk_sync (early);
      digest = index_digest (early);
      for (guint i = 0; i < 3; i++)
        {
          LoketTestDesk *desk = i == 0 ? early : i == 1 ? snapshot : pull;
          g_autofree char *other = index_digest (desk);

          g_assert_cmpstr (other, ==, digest);
          g_assert_cmpint (desk_found (desk, "vertrouwelijk"), ==, user == BALIE ? 2 : 1);
          g_assert_cmpint (desk_found (desk, "\"TEST NAT 1\""), ==, user == BALIE ? 1 : 0);
          g_assert_cmpint (desk_found (desk, "reisdocument AND nadia"), ==, 1);
          g_assert_cmpint (desk_found (desk, "product : paspoort AND customer : vertrouwelijk"), ==,
                           1);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scope-cases/rows-of-cases-and-contacts", test_rows_of_cases_and_contacts);
  ADD ("/scope-cases/demo-confidential-rows", test_demo_confidential_rows);
  ADD ("/scope-cases/search-index", test_search_index);
  ADD ("/scope-cases/confidential-case-made-elsewhere", test_confidential_case_made_elsewhere);
#undef ADD
  return g_test_run ();
}
