/* Integration: cases, notes, articles and moved appointments between two desks and a real
 * loket-sync on a loopback port with demo data, following the DESIGN conflict rules.
 *
 * Two desks edit different fields of one case offline: both edits merge everywhere.  They edit
 * the same field: one is applied, the other becomes a conflict record with both values on both
 * desks; choosing a value on one desk reaches the other.  Notes made offline on both desks all
 * arrive.  Two editors' versions of one article, each approved offline by the other editor,
 * are both kept as revisions.  A move into a place
 * another desk took first is refused, and the appointment returns to its time on the desk that
 * moved it. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-kb.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define WAIT_MS 30000

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  char            *username;
  LoketReplica    *replica[2];
  LoketSyncClient *client[2];
} Fixture;

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

/* ---- helpers ------------------------------------------------------------------------------ */

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    wait->ok = loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  else
    wait->ok = loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static void
sync_ok (Fixture *f, guint desk)
{
  Wait wait = { 0 };

  loket_sync_client_sync_async (f->client[desk], NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

/* Desk 0 first, then desk 1, then desk 0 again: everyone has seen everything. */
static void
sync_all (Fixture *f)
{
  sync_ok (f, 0);
  sync_ok (f, 1);
  sync_ok (f, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[0]), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica[1]), ==, 0);
}

static void
login (Fixture *f, guint desk)
{
  Wait wait = { 0 };
  g_autofree char *device = g_strdup_printf ("test desk %u", desk);

  loket_sync_client_login_async (f->client[desk], f->server->url, f->username, "demo", device,
                                 NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("loket-sync-cases-XXXXXX", NULL);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->server = loket_test_server_start (f->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  f->username = loket_test_db_text (f->server_db, "SELECT username FROM users"
                                    " WHERE role_id = 'medewerker' AND location_id IS NOT NULL"
                                    " ORDER BY username LIMIT 1");
  g_assert_nonnull (f->username);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("desk%u.db", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      f->replica[i] = loket_replica_open (path, &error);
      g_assert_no_error (error);
      f->client[i] = loket_sync_client_new (f->replica[i]);
      login (f, i);
      sync_ok (f, i);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->client[i]);
      g_clear_object (&f->replica[i]);
    }
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
  g_free (f->username);
}

/* The first column of the first row of sql (one optional text parameter) on a desk, or NULL. */
static char *
desk_text (Fixture *f, guint desk, const char *sql, const char *param)
{
  sqlite3 *db = loket_db_get_handle (loket_replica_get_db (f->replica[desk]));
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

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
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

/* sql names one value of a row (param: its id); it must read expected on both desks and the
 * server. */
static void
assert_everywhere (Fixture *f, const char *sql, const char *param, const char *expected)
{
  g_autofree char *server = server_text (f, sql, param);

  g_assert_cmpstr (server, ==, expected);
  for (guint desk = 0; desk < 2; desk++)
    {
      g_autofree char *text = desk_text (f, desk, sql, param);

      g_assert_cmpstr (text, ==, expected);
    }
}

/* An open case whose status is not the last of its type, as both desks have it; of a type
 * without transitions of its own, so that it may jump to its last status. */
static char *
open_case (Fixture *f)
{
  char *id = desk_text (f, 0, "SELECT z.id FROM cases z JOIN case_types t"
                        " ON t.id = z.case_type_id WHERE z.closed_at IS NULL"
                        " AND z.status <> json_extract (t.statuses, '$[#-1]')"
                        " AND t.transitions IS NULL"
                        " ORDER BY z.reference LIMIT 1", NULL);

  g_assert_nonnull (id);
  return id;
}

static void
edit (Fixture *f, guint desk, const char *case_id, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_set_case_field (f->replica[desk], case_id, field, value, &error));
  g_assert_no_error (error);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_different_fields_merge (Fixture *f, gconstpointer data)
{
  g_autofree char *case_id = open_case (f);
  g_autofree char *user = desk_text (f, 0, "SELECT id FROM users ORDER BY username DESC", NULL);
  g_autofree char *last = desk_text (f, 0, "SELECT json_extract (t.statuses, '$[#-1]') FROM cases z"
                                     " JOIN case_types t ON t.id = z.case_type_id WHERE z.id = ?",
                                     case_id);
  g_autofree char *server_rev = NULL;
  g_autofree char *history = NULL;
  g_autoptr(GError) error = NULL;

  /* Both offline, both based on the same rev. */
  edit (f, 0, case_id, "subject", "Onderwerp van balie 1");
  edit (f, 1, case_id, "assignee_id", user);
  g_assert_true (loket_replica_set_case_status (f->replica[1], case_id, last, &error));
  g_assert_no_error (error);
  sync_all (f);

  assert_everywhere (f, "SELECT subject FROM cases WHERE id = ?", case_id,
                     "Onderwerp van balie 1");
  assert_everywhere (f, "SELECT assignee_id FROM cases WHERE id = ?", case_id, user);
  assert_everywhere (f, "SELECT status FROM cases WHERE id = ?", case_id, last);
  assert_everywhere (f, "SELECT closed_at IS NOT NULL FROM cases WHERE id = ?", case_id, "1");
  /* The revs are the server's: three edits on top of what both desks had. */
  server_rev = server_text (f, "SELECT rev || ' ' || field_revs FROM cases WHERE id = ?",
                            case_id);
  assert_everywhere (f, "SELECT rev || ' ' || field_revs FROM cases WHERE id = ?", case_id,
                     server_rev);
  /* The status change is in the history once, under the id desk 1 gave it. */
  history = server_text (f, "SELECT count(*) FROM case_status_history WHERE case_id = ?",
                         case_id);
  assert_everywhere (f, "SELECT count(*) FROM case_status_history WHERE case_id = ?", case_id,
                     history);
  assert_everywhere (f, "SELECT count(*) FROM case_conflicts", NULL, "0");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[0]), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 0);
}

static LoketRecord *
only_conflict (Fixture *f, guint desk)
{
  g_autoptr(GListModel) conflicts = loket_replica_list_case_conflicts (f->replica[desk]);

  g_assert_cmpuint (g_list_model_get_n_items (conflicts), ==, 1);
  return g_list_model_get_item (conflicts, 0);
}

static void
test_same_field_conflict (Fixture *f, gconstpointer data)
{
  g_autofree char *case_id = open_case (f);
  g_autofree char *conflict_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) left = NULL;

  edit (f, 0, case_id, "subject", "Versie van balie 1");
  edit (f, 1, case_id, "subject", "Versie van balie 2");
  sync_all (f);

  /* The first to arrive is applied; the other is kept, with both values, on both desks. */
  assert_everywhere (f, "SELECT subject FROM cases WHERE id = ?", case_id, "Versie van balie 1");
  for (guint desk = 0; desk < 2; desk++)
    {
      g_autoptr(LoketRecord) conflict = only_conflict (f, desk);

      g_assert_cmpstr (loket_record_get_string (conflict, "case_id"), ==, case_id);
      g_assert_cmpstr (loket_record_get_string (conflict, "field"), ==, "subject");
      g_assert_cmpstr (loket_record_get_string (conflict, "server_value"), ==,
                       "Versie van balie 1");
      g_assert_cmpstr (loket_record_get_string (conflict, "desk_value"), ==,
                       "Versie van balie 2");
      g_assert_cmpstr (loket_record_get_string (conflict, "case_reference"), !=, "");
      if (desk == 0)
        conflict_id = g_strdup (loket_record_get_id (conflict));
    }
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[0]), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 1);

  /* Desk 0 chooses desk 1's text; the choice reaches desk 1 and settles its issue there. */
  g_assert_true (loket_replica_resolve_case_conflict (f->replica[0], conflict_id,
                                                      "Versie van balie 2", &error));
  g_assert_no_error (error);
  sync_ok (f, 0);
  sync_ok (f, 1);
  assert_everywhere (f, "SELECT subject FROM cases WHERE id = ?", case_id, "Versie van balie 2");
  assert_everywhere (f, "SELECT resolution FROM case_conflicts WHERE id = ?", conflict_id,
                     "Versie van balie 2");
  left = loket_replica_list_case_conflicts (f->replica[1]);
  g_assert_cmpuint (g_list_model_get_n_items (left), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 0);
}

static void
test_notes_all_arrive (Fixture *f, gconstpointer data)
{
  g_autofree char *case_id = open_case (f);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) before = loket_replica_list_notes (f->replica[0], case_id);
  guint n_before = g_list_model_get_n_items (before);  /* the demo's own notes */
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("Notitie %u van balie %u", i, i % 2 + 1);
      char *id = loket_replica_add_note (f->replica[i % 2], case_id, NULL, body, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  sync_all (f);

  for (guint desk = 0; desk < 2; desk++)
    {
      g_autoptr(GListModel) notes = loket_replica_list_notes (f->replica[desk], case_id);

      g_assert_cmpuint (g_list_model_get_n_items (notes), ==, n_before + 5);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *body = g_strdup_printf ("Notitie %u van balie %u", i, i % 2 + 1);

      assert_everywhere (f, "SELECT body FROM notes WHERE id = ?", ids->pdata[i], body);
    }
}

/* Signs a desk in as another user (an editor) and downloads what that user sees. */
static void
login_as (Fixture *f, guint desk, const char *username)
{
  Wait wait = { 0 };
  g_autofree char *device = g_strdup_printf ("test desk %u (%s)", desk, username);

  loket_sync_client_login_async (f->client[desk], f->server->url, username, "demo", device,
                                 NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  sync_ok (f, desk);
}

/* A draft of an article written and submitted for review at a desk; its revision id. */
static char *
submitted_draft (Fixture *f, guint desk, const char *article_id, const char *kind,
                 const char *title, const char *body)
{
  g_autoptr(GError) error = NULL;
  LoketArticleDraft draft = { .article_id = article_id, .kind = kind, .title = title,
                              .public_body = body, .internal_body = "" };
  char *revision_id = loket_replica_save_article_draft (f->replica[desk], &draft, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (loket_replica_submit_article (f->replica[desk], revision_id, &error));
  g_assert_no_error (error);
  return revision_id;
}

static void
approve (Fixture *f, guint desk, const char *revision_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_review_article (f->replica[desk], revision_id, TRUE, NULL,
                                               &error));
  g_assert_no_error (error);
}

/* Two editors each write a version of the same rev; offline, each approves the other's.  The
 * approval that arrives first publishes; the other version is kept as its own revision
 * (state conflict) on every side, and the desk that approved it has it in its inbox. */
static void
test_article_edits_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *article_id = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  login_as (f, 0, "redactie");
  login_as (f, 1, "kennis");
  article_id = desk_text (f, 0, "SELECT id FROM kb_articles WHERE status = 'published'"
                          " ORDER BY title", NULL);
  kind = desk_text (f, 0, "SELECT kind FROM kb_articles WHERE id = ?", article_id);
  a = submitted_draft (f, 0, article_id, kind, "Versie balie 1", "Eén");
  b = submitted_draft (f, 1, article_id, kind, "Versie balie 2", "Twee");
  sync_all (f);
  g_assert_true (loket_replica_may_review_article (f->replica[1], a));
  g_assert_false (loket_replica_may_review_article (f->replica[1], b));

  approve (f, 1, a);
  approve (f, 0, b);
  sync_ok (f, 1);
  sync_all (f);

  assert_everywhere (f, "SELECT title FROM kb_articles WHERE id = ?", article_id,
                     "Versie balie 1");
  assert_everywhere (f, "SELECT state FROM kb_article_revisions WHERE id = ?", a, "published");
  assert_everywhere (f, "SELECT state FROM kb_article_revisions WHERE id = ?", b, "conflict");
  assert_everywhere (f, "SELECT conflict FROM kb_article_revisions WHERE id = ?", b, "1");
  assert_everywhere (f, "SELECT title FROM kb_article_revisions WHERE id = ?", b,
                     "Versie balie 2");
  for (guint desk = 0; desk < 2; desk++)
    {
      g_autoptr(GListModel) versions = loket_replica_list_article_versions (f->replica[desk],
                                                                            article_id);
      g_autoptr(LoketRecord) newest = g_list_model_get_item (versions, 0);

      g_assert_cmpstr (loket_record_get_id (newest), ==, a);
    }
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[0]), ==, 1);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 0);
}

/* A free desk place at the desk's location that is the last of its slot, and another free
 * start of the same capacity and product that day. */
static gboolean
find_two_slots (Fixture *f, char **capacity_id, char **product_id, gint64 *last, gint64 *other)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (f->replica[0]);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (
    f->replica[0], loket_record_get_string (user, "location_id"));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint day = 1; day <= 21; day++)
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products = loket_replica_list_products (
          f->replica[0], loket_record_get_id (capacity));
        g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
        g_autoptr(GDateTime) then = g_date_time_add_days (now, (int) day);
        g_autoptr(GArray) slots = NULL;
        GDate date;

        if (product == NULL)
          continue;
        g_date_clear (&date, 1);
        g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (then),
                        (GDateMonth) g_date_time_get_month (then),
                        (GDateYear) g_date_time_get_year (then));
        slots = loket_replica_free_slots (f->replica[0], loket_record_get_id (capacity),
                                          loket_record_get_id (product), &date, now, NULL);
        /* other is as far from last as the day allows, so a long visit cannot touch it. */
        for (guint s = 0; slots != NULL && slots->len >= 4 && s < slots->len; s++)
          if (g_array_index (slots, LoketSlot, s).free == 1)
            {
              *capacity_id = g_strdup (loket_record_get_id (capacity));
              *product_id = g_strdup (loket_record_get_id (product));
              *last = g_array_index (slots, LoketSlot, s).start;
              *other = g_array_index (slots, LoketSlot, s < slots->len / 2 ? slots->len - 1 : 0)
                       .start;
              return TRUE;
            }
      }
  return FALSE;
}

static void
test_refused_move_returns (Fixture *f, gconstpointer data)
{
  g_autofree char *capacity = NULL;
  g_autofree char *product = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *taker = NULL;
  g_autofree char *old_start = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = 0, other = 0;
  LoketBookingInput in = { .reason = "Rijbewijs", .mode = "fysiek" };

  g_assert_true (find_two_slots (f, &capacity, &product, &last, &other));
  in.capacity_id = capacity;
  in.product_id = product;
  in.start = other;
  moved = loket_replica_book_appointment (f->replica[1], &in, &error);
  g_assert_no_error (error);
  sync_all (f);
  old_start = loket_protocol_format_time (other);

  /* Offline: desk 1 takes the last place of a slot, desk 2 moves its booking into it. */
  in.start = last;
  taker = loket_replica_book_appointment (f->replica[0], &in, &error);
  g_assert_no_error (error);
  g_assert_true (loket_replica_reschedule_appointment (f->replica[1], moved, NULL, last, &error));
  g_assert_no_error (error);
  sync_all (f);

  assert_everywhere (f, "SELECT status FROM appointments WHERE id = ?", taker, "booked");
  assert_everywhere (f, "SELECT start_at FROM appointments WHERE id = ?", moved, old_start);
  assert_everywhere (f, "SELECT status FROM appointments WHERE id = ?", moved, "booked");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica[1]), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-cases/different-fields-merge", test_different_fields_merge);
  ADD ("/sync-cases/same-field-conflict", test_same_field_conflict);
  ADD ("/sync-cases/notes-all-arrive", test_notes_all_arrive);
  ADD ("/sync-cases/article-edits-kept", test_article_edits_kept);
  ADD ("/sync-cases/refused-move-returns", test_refused_move_returns);
#undef ADD

  return g_test_run ();
}
