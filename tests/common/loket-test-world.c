/* loket-test-world.c — a small copy of the demo municipality (see loket-test-world.h). */
#include "loket-test-world.h"

#include "loket-protocol.h"
#include "loket-store.h"
#include "loket-test-server.h"

static void
exec_ok (LoketDb *db, const char *sql)
{
  g_autoptr(GError) error = NULL;
  gboolean done = loket_db_exec (db, sql, &error);

  g_assert_no_error (error);
  g_assert_true (done);
}

/* Children before parents, so the foreign keys hold at every statement. */
static const char prune_sql[] =
  "CREATE TEMP TABLE keep_cases AS SELECT id FROM cases WHERE closed_at IS NULL"
  "  AND case_type_id IN (SELECT id FROM case_types WHERE confidential = 0)"
  "  ORDER BY reference LIMIT 8;"
  "INSERT INTO keep_cases SELECT id FROM cases WHERE closed_at IS NULL"
  "  AND case_type_id IN (SELECT id FROM case_types WHERE confidential = 1)"
  "  ORDER BY reference LIMIT 2;"
  /* The outbox and the public web's rows point at appointments and cases: none are kept. */
  "DELETE FROM message_content;"
  "DELETE FROM messages;"
  "DELETE FROM survey_answers;"
  "DELETE FROM public_tokens;"
  "DELETE FROM web_holds;"
  "DELETE FROM appointment_events WHERE appointment_id IN (SELECT id FROM appointments"
  "  WHERE start_at < (SELECT value FROM window WHERE key = 'from')"
  "  OR start_at >= (SELECT value FROM window WHERE key = 'until')"
  "  OR capacity_id NOT IN (SELECT id FROM capacities WHERE kind = 'balie'));"
  "DELETE FROM appointments WHERE start_at < (SELECT value FROM window WHERE key = 'from')"
  "  OR start_at >= (SELECT value FROM window WHERE key = 'until')"
  "  OR capacity_id NOT IN (SELECT id FROM capacities WHERE kind = 'balie');"
  "UPDATE appointments SET case_id = NULL WHERE case_id NOT IN keep_cases;"
  "DELETE FROM case_conflicts WHERE case_id NOT IN keep_cases;"
  "DELETE FROM case_status_history WHERE case_id NOT IN keep_cases;"
  "DELETE FROM case_suspensions WHERE case_id NOT IN keep_cases;"
  "DELETE FROM case_documents WHERE case_id NOT IN keep_cases;"
  "DELETE FROM case_links WHERE case_id NOT IN keep_cases OR linked_case_id NOT IN keep_cases;"
  "DELETE FROM callbacks;"
  "DELETE FROM contact_moments;"
  "DELETE FROM notes WHERE case_id IS NOT NULL AND case_id NOT IN keep_cases;"
  "DELETE FROM cases WHERE id NOT IN keep_cases;"
  "CREATE TEMP TABLE keep_customers AS"
  "  SELECT customer_id AS id FROM appointments WHERE customer_id IS NOT NULL"
  "  UNION SELECT customer_id FROM cases WHERE customer_id IS NOT NULL;"
  "DELETE FROM notes WHERE case_id IS NULL AND customer_id NOT IN keep_customers;"
  "UPDATE notes SET customer_id = NULL WHERE customer_id NOT IN keep_customers;"
  "DELETE FROM customer_representatives WHERE organisation_id NOT IN keep_customers"
  "  OR person_id NOT IN keep_customers;"
  "DELETE FROM user_customers WHERE customer_id NOT IN keep_customers;"
  "DELETE FROM customer_aliases WHERE survivor_id NOT IN keep_customers;"
  "DELETE FROM customers WHERE id NOT IN keep_customers;"
  "CREATE TEMP TABLE keep_articles AS SELECT id FROM kb_articles ORDER BY title LIMIT 5;"
  "DELETE FROM kb_article_revisions WHERE article_id NOT IN keep_articles;"
  "DELETE FROM kb_article_usage WHERE id NOT IN keep_articles;"
  "DELETE FROM kb_articles WHERE id NOT IN keep_articles;"
  "DELETE FROM holidays WHERE date < date ('now', '-1 day') OR date > date ('now', '+60 days');"
  "DELETE FROM change_log;";

static void
set_window (LoketDb *db, guint agenda_days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *from = loket_protocol_format_time (g_date_time_to_unix (now));
  g_autofree char *until = loket_protocol_format_time (g_date_time_to_unix (now)
                                                       + (gint64) agenda_days * 86400);
  g_autofree char *sql = g_strdup_printf ("CREATE TEMP TABLE window (key TEXT, value TEXT);"
                                          "INSERT INTO window VALUES ('from', '%s'),"
                                          " ('until', '%s');", from, until);

  exec_ok (db, sql);
}

void
loket_test_world_make (const char *db_path, guint agenda_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = NULL;
  LoketTestServer *server = loket_test_server_start (db_path, TRUE, 0, &error);
  LoketDb *db;
  gboolean done;

  g_assert_no_error (error);
  loket_test_server_free (server);
  store = loket_store_open (db_path, &error);
  g_assert_no_error (error);
  db = loket_store_get_db (store);
  set_window (db, agenda_days);
  exec_ok (db, "BEGIN IMMEDIATE");
  exec_ok (db, prune_sql);
  exec_ok (db, "COMMIT");
  done = loket_store_log_snapshot (store, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  exec_ok (db, "VACUUM");
}

