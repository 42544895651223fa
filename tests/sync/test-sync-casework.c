/* Integration: case work between two desks and a real loket-sync on a loopback port with demo
 * data (loket-protocol.h: suspend_case, link_cases, add_case_document, add_callback,
 * settle_callback, save_representative, merge_customers, and create_case and
 * add_contact_moment with their new members).
 *
 * Everything made offline on desk A reaches the server and desk B; a suspension of a case desk B
 * closed meanwhile is refused, and undone on desk A; a callback done on both desks keeps the
 * first outcome and both notes everywhere; customers merged by hand on a desk are merged on the
 * server and on the other desk.
 */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-casework.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = loket_test_make_tmp_dir ("loket-sync-casework");
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

/* Two desks of the team leader (who may merge customers): the same scope on both. */
static void
two_desks (Fixture *f, LoketTestDesk **a, LoketTestDesk **b)
{
  *a = loket_test_desk_new (f->dir, "a", f->server->url, "teamleider");
  *b = loket_test_desk_new (f->dir, "b", f->server->url, "teamleider");
}

/* The first column of the first row of sql on a desk's replica, or NULL. */
static char *
desk_text (LoketTestDesk *d, const char *sql, const char *param)
{
  sqlite3 *db = loket_db_get_handle (loket_replica_get_db (d->replica));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The same on the server's database (read-only: WAL lets a test read while it runs). */
static char *
server_text (Fixture *f, const char *sql, const char *param)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* sql names one value (param: a row's id); it must read expected on the server and both desks. */
#define assert_everywhere(f, a, b, sql, param, expected) \
  G_STMT_START { \
    g_autofree char *on_server__ = server_text ((f), (sql), (param)); \
    g_autofree char *on_a__ = desk_text ((a), (sql), (param)); \
    g_autofree char *on_b__ = desk_text ((b), (sql), (param)); \
    g_assert_cmpstr (on_server__, ==, (expected)); \
    g_assert_cmpstr (on_a__, ==, (expected)); \
    g_assert_cmpstr (on_b__, ==, (expected)); \
  } G_STMT_END

/* Both desks online, synced until nothing moves: A, B, then A again. */
static void
sync_both (LoketTestDesk *a, LoketTestDesk *b)
{
  loket_test_desk_set_offline (a, FALSE);
  loket_test_desk_set_offline (b, FALSE);
  loket_test_desk_sync_quiet (a);
  loket_test_desk_sync_quiet (b);
  loket_test_desk_sync_quiet (a);
}

/* An open case that does not wait, of a type without transitions of its own (so it may move
 * to its last status at once), skipping the case except (NULL: none). */
static char *
open_case (LoketTestDesk *d, const char *except)
{
  char *id = desk_text (d, "SELECT z.id FROM cases z JOIN case_types t ON t.id = z.case_type_id"
                        " WHERE z.closed_at IS NULL AND z.suspended_since IS NULL"
                        " AND z.status <> json_extract (t.statuses, '$[#-1]')"
                        " AND t.transitions IS NULL AND z.id IS NOT ?"
                        " ORDER BY z.reference LIMIT 1", except);

  g_assert_nonnull (id);
  return id;
}

/* A person the desk has, with a phone number. */
static char *
a_person (LoketTestDesk *d)
{
  char *id = desk_text (d, "SELECT id FROM customers WHERE kind = 'person' AND phone <> ''"
                        " ORDER BY name, id LIMIT 1", NULL);

  g_assert_nonnull (id);
  return id;
}

static char *
contact (LoketTestDesk *d, const LoketContactInput *in)
{
  g_autoptr(GError) error = NULL;
  char *id = loket_replica_add_contact_moment (d->replica, in, &error);

  g_assert_no_error (error);
  return id;
}

/* ---- scenarios ------------------------------------------------------------------------------- */

static void
test_offline_work_arrives (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = NULL;
  g_autoptr(LoketTestDesk) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kase = NULL, *person = NULL, *type = NULL, *team = NULL;
  g_autofree char *about = NULL, *asked = NULL, *opened = NULL, *document = NULL;
  g_autofree char *callback = NULL, *organisation = NULL, *reference = NULL;
  g_autofree char *deadline = NULL, *referral = NULL, *representative = NULL;
  g_autofree char *periods = NULL;

  two_desks (f, &a, &b);
  kase = open_case (a, NULL);
  /* The demo's earlier suspensions of it, and the two made here. */
  periods = desk_text (a, "SELECT count(*) + 2 FROM case_suspensions WHERE case_id = ?", kase);
  person = a_person (a);
  representative = g_strconcat (person, " secretaris", NULL);
  type = desk_text (a, "SELECT case_type_id FROM products WHERE case_type_id IS NOT NULL"
                    " ORDER BY name LIMIT 1", NULL);
  team = desk_text (a, "SELECT team_id FROM users WHERE username = 'teamleider'", NULL);
  g_assert_nonnull (type);

  loket_test_desk_set_offline (a, TRUE);
  {
    LoketContactInput sent_on = { .customer_id = person, .channel = "telefoon",
                                  .topic = "Bezwaar", .case_id = kase,
                                  .referred_to = "Juridische zaken" };
    LoketContactInput question = { .customer_id = person, .channel = "balie",
                                   .topic = "Dakkapel plaatsen" };
    LoketCaseInput in = { .case_type_id = type, .customer_id = person };
    LoketCallbackInput call = { .customer_id = person, .subject = "Vraag over leges",
                                .assigned_team_id = team };
    LoketCustomerInput club = { .kind = "organisation", .name = "Muziekvereniging Crescendo" };

    about = contact (a, &sent_on);
    asked = contact (a, &question);
    in.contact_moment_id = asked;
    opened = loket_replica_create_case (a->replica, &in, &error);
    g_assert_no_error (error);
    g_assert_true (loket_replica_suspend_case (a->replica, kase, TRUE, "Wacht op tekeningen",
                                               &error));
    g_assert_true (loket_replica_link_cases (a->replica, opened, kase, "intake", &error));
    document = loket_replica_add_case_document (a->replica, kase, "Bouwtekening",
                                                "https://dms.example.nl/d/4711", &error);
    callback = loket_replica_add_callback (a->replica, &call, &error);
    g_assert_no_error (error);
    g_assert_true (loket_replica_settle_callback (a->replica, callback, "not_reached",
                                                  "Geen gehoor", &error));
    organisation = loket_replica_create_customer (a->replica, &club, &error);
    g_assert_no_error (error);
    g_assert_true (loket_replica_save_representative (a->replica, organisation, person,
                                                      "secretaris", &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (loket_replica_count_pending (a->replica), ==, 10);
  sync_both (a, b);
  g_assert_cmpuint (loket_replica_count_open_issues (a->replica), ==, 0);

  referral = g_strconcat (kase, " Juridische zaken", NULL);
  assert_everywhere (f, a, b, "SELECT case_id || ' ' || referred_to FROM contact_moments"
                     " WHERE id = ?", about, referral);
  assert_everywhere (f, a, b, "SELECT case_id FROM contact_moments WHERE id = ?", asked, opened);
  reference = server_text (f, "SELECT reference FROM cases WHERE id = ?", opened);
  g_assert_true (g_regex_match_simple ("^Z-[0-9]{4}-[0-9]{6}$", reference, 0, 0));
  assert_everywhere (f, a, b, "SELECT reference FROM cases WHERE id = ?", opened, reference);
  assert_everywhere (f, a, b, "SELECT suspended_since IS NOT NULL FROM cases WHERE id = ?", kase,
                     "1");
  assert_everywhere (f, a, b, "SELECT count(*) FROM case_suspensions WHERE case_id = ?"
                     " AND kind = 'suspend' AND reason = 'Wacht op tekeningen'", kase, "1");
  assert_everywhere (f, a, b, "SELECT kind FROM case_links WHERE case_id = ?", opened, "intake");
  assert_everywhere (f, a, b, "SELECT title || ' ' || location FROM case_documents WHERE id = ?",
                     document, "Bouwtekening https://dms.example.nl/d/4711");
  assert_everywhere (f, a, b, "SELECT outcome || ': ' || outcome_note FROM callbacks"
                     " WHERE id = ?", callback, "not_reached: Geen gehoor");
  assert_everywhere (f, a, b, "SELECT person_id || ' ' || role FROM customer_representatives"
                     " WHERE organisation_id = ?", organisation, representative);

  /* Desk B resumes the case: the deadline it works out at once is the server's, and then
   * everyone's. */
  g_assert_true (loket_replica_suspend_case (b->replica, kase, FALSE, NULL, &error));
  g_assert_no_error (error);
  deadline = desk_text (b, "SELECT deadline FROM cases WHERE id = ?", kase);
  sync_both (b, a);
  assert_everywhere (f, a, b, "SELECT deadline FROM cases WHERE id = ?", kase, deadline);
  assert_everywhere (f, a, b, "SELECT suspended_since FROM cases WHERE id = ?", kase, NULL);
  assert_everywhere (f, a, b, "SELECT count(*) FROM case_suspensions WHERE case_id = ?", kase,
                     periods);
}

/* Desk A suspends a case offline that desk B closes meanwhile: the server refuses it, and desk
 * A shows the case as the server has it, without its suspension. */
static void
test_refused_suspension_undone (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = NULL;
  g_autoptr(LoketTestDesk) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kase = NULL, *last = NULL, *closed = NULL, *before = NULL;

  two_desks (f, &a, &b);
  kase = open_case (a, NULL);
  before = desk_text (a, "SELECT count(*) FROM case_suspensions WHERE case_id = ?", kase);
  last = desk_text (a, "SELECT json_extract (t.statuses, '$[#-1]') FROM cases z"
                    " JOIN case_types t ON t.id = z.case_type_id WHERE z.id = ?", kase);

  loket_test_desk_set_offline (a, TRUE);
  g_assert_true (loket_replica_suspend_case (a->replica, kase, TRUE, "Wacht op de klant",
                                             &error));
  g_assert_no_error (error);
  g_assert_true (loket_replica_set_case_status (b->replica, kase, last, &error));
  g_assert_no_error (error);
  loket_test_desk_sync_quiet (b);

  sync_both (a, b);
  closed = server_text (f, "SELECT closed_at FROM cases WHERE id = ?", kase);
  g_assert_nonnull (closed);
  assert_everywhere (f, a, b, "SELECT closed_at FROM cases WHERE id = ?", kase, closed);
  assert_everywhere (f, a, b, "SELECT suspended_since FROM cases WHERE id = ?", kase, NULL);
  assert_everywhere (f, a, b, "SELECT count(*) FROM case_suspensions WHERE case_id = ?", kase,
                     before);
  g_assert_cmpuint (loket_replica_count_open_issues (a->replica), ==, 1);
  g_assert_cmpuint (loket_replica_count_open_issues (b->replica), ==, 0);
}

/* Both desks call the customer back offline: the first outcome to arrive stands, the other is a
 * conflict on its desk, and both notes are kept everywhere. */
static void
test_callback_done_twice (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = NULL;
  g_autoptr(LoketTestDesk) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL, *team = NULL, *callback = NULL, *note = NULL;
  g_autofree char *by = NULL;

  two_desks (f, &a, &b);
  person = a_person (a);
  team = desk_text (a, "SELECT team_id FROM users WHERE username = 'teamleider'", NULL);
  {
    LoketCallbackInput call = { .customer_id = person, .subject = "Uitslag aanvraag",
                                .assigned_team_id = team };

    callback = loket_replica_add_callback (a->replica, &call, &error);
    g_assert_no_error (error);
  }
  sync_both (a, b);

  loket_test_desk_set_offline (a, TRUE);
  loket_test_desk_set_offline (b, TRUE);
  g_assert_true (loket_replica_settle_callback (a->replica, callback, "done",
                                                "Uitgelegd aan balie 1", &error));
  g_assert_true (loket_replica_settle_callback (b->replica, callback, "done",
                                                "Ook gebeld vanaf balie 2", &error));
  g_assert_no_error (error);
  sync_both (a, b);

  note = server_text (f, "SELECT outcome_note FROM callbacks WHERE id = ?", callback);
  g_assert_true (g_str_has_prefix (note, "Uitgelegd aan balie 1\n"));
  g_assert_true (g_str_has_suffix (note, ": Ook gebeld vanaf balie 2"));
  assert_everywhere (f, a, b, "SELECT outcome_note FROM callbacks WHERE id = ?", callback, note);
  assert_everywhere (f, a, b, "SELECT outcome FROM callbacks WHERE id = ?", callback, "done");
  by = server_text (f, "SELECT outcome_by FROM callbacks WHERE id = ?", callback);
  assert_everywhere (f, a, b, "SELECT outcome_by FROM callbacks WHERE id = ?", callback, by);
  g_assert_cmpuint (loket_replica_count_open_issues (a->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (b->replica), ==, 1);
}

/* A duplicate made offline, with a note, a contact and a callback, merged by hand into the
 * customer it doubles: on the server and on the other desk only the survivor is left, with
 * everything of the duplicate. */
static void
test_merge_reaches_everyone (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = NULL;
  g_autoptr(LoketTestDesk) b = NULL;
  g_autoptr(LoketTestDesk) clerk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *survivor = NULL, *duplicate = NULL, *note = NULL, *moment = NULL;
  g_autofree char *callback = NULL, *team = NULL;
  LoketCustomerInput twin = { .name = "J. Jansen", .phone = "0612345678" };

  two_desks (f, &a, &b);
  survivor = a_person (a);
  team = desk_text (a, "SELECT team_id FROM users WHERE username = 'teamleider'", NULL);

  /* A desk clerk may not merge, not even offline. */
  clerk = loket_test_desk_new (f->dir, "clerk", f->server->url, "balie");
  loket_test_desk_set_offline (clerk, TRUE);
  {
    g_autofree char *other = a_person (clerk);
    g_autofree char *second = desk_text (clerk, "SELECT id FROM customers WHERE id <> ?"
                                         " ORDER BY name LIMIT 1", other);

    g_assert_false (loket_replica_merge_customers (clerk->replica, second, other, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
    g_clear_error (&error);
    g_assert_cmpuint (loket_replica_count_pending (clerk->replica), ==, 0);
  }

  loket_test_desk_set_offline (a, TRUE);
  duplicate = loket_replica_create_customer (a->replica, &twin, &error);
  g_assert_no_error (error);
  note = loket_replica_add_note (a->replica, NULL, duplicate, "Belt liever 's middags", &error);
  g_assert_no_error (error);
  {
    LoketContactInput in = { .customer_id = duplicate, .channel = "telefoon", .topic = "Paspoort" };
    LoketCallbackInput call = { .customer_id = duplicate, .subject = "Paspoort",
                                .assigned_team_id = team };

    moment = contact (a, &in);
    callback = loket_replica_add_callback (a->replica, &call, &error);
    g_assert_no_error (error);
  }
  g_assert_true (loket_replica_merge_customers (a->replica, duplicate, survivor, &error));
  g_assert_no_error (error);
  g_assert_null (desk_text (a, "SELECT id FROM customers WHERE id = ?", duplicate));
  sync_both (a, b);

  g_assert_cmpuint (loket_replica_count_open_issues (a->replica), ==, 0);
  assert_everywhere (f, a, b, "SELECT id FROM customers WHERE id = ?", duplicate, NULL);
  assert_everywhere (f, a, b, "SELECT customer_id FROM notes WHERE id = ?", note, survivor);
  assert_everywhere (f, a, b, "SELECT customer_id FROM contact_moments WHERE id = ?", moment,
                     survivor);
  assert_everywhere (f, a, b, "SELECT customer_id FROM callbacks WHERE id = ?", callback,
                     survivor);
  {
    g_autofree char *alias = server_text (f, "SELECT survivor_id FROM customer_aliases"
                                          " WHERE alias_id = ?", duplicate);

    g_assert_cmpstr (alias, ==, survivor);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-casework/offline-work-arrives", test_offline_work_arrives);
  ADD ("/sync-casework/refused-suspension-undone", test_refused_suspension_undone);
  ADD ("/sync-casework/callback-done-twice", test_callback_done_twice);
  ADD ("/sync-casework/merge-reaches-everyone", test_merge_reaches_everyone);
#undef ADD

  return g_test_run ();
}
