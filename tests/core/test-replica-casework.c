/* Case work on a replica, offline: opening a case from a contact, suspending and resuming it
 * (the deadline moved by the working days it waited), links, documents, callbacks,
 * representatives and merging customers.  Each write's local effect and outbox entry, each
 * refusal (nothing recorded), and the local effects kept when a pull brings the server's older
 * rows (rebase). */
#include <string.h>

#include "loket-deadline.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-casework.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-time.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
  GPtrArray    *changed;   /* the entities of the replica's changed signals */
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

static void
on_changed (LoketReplica *replica, const char *entity, Fixture *f)
{
  g_ptr_array_add (f->changed, g_strdup (entity != NULL ? entity : "*"));
}

/* An open case of type V opened on Friday 1 March 2030 (deadline: 10 working days, skipping
 * the replica's holiday on Monday the 11th). */
static void
add_case (Fixture *f, const char *id, const char *customer, const char *extra)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"reference\":\"Z-2030-%s\",\"case_type_id\":\"V\",\"customer_id\":%s,"
    "\"product_id\":\"P\",\"subject\":\"Zaak %s\",\"status\":\"ontvangen\","
    "\"opened_at\":\"2030-03-01T09:00:00Z\",\"deadline\":\"2030-03-18\"%s}",
    id, id, customer, id, extra);

  add_row (f, "cases", json);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("casework");
  f->changed = g_ptr_array_new_with_free_func (g_free);

  add_row (f, "teams", "{\"id\":\"T1\",\"name\":\"Vergunningen\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Bouwen en wonen\"}");
  add_row (f, "case_types", "{\"id\":\"V\",\"name\":\"Vergunning\",\"max_working_days\":10,"
           "\"team_id\":\"T1\",\"statuses\":\"[\\\"ontvangen\\\",\\\"in behandeling\\\","
           "\\\"afgehandeld\\\"]\"}");
  add_row (f, "case_types", "{\"id\":\"M\",\"name\":\"Melding openbare ruimte\","
           "\"max_working_days\":5,\"statuses\":\"[\\\"gemeld\\\",\\\"opgelost\\\"]\"}");
  /* Two products of type V: the first by name is the default. */
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Omgevingsvergunning\","
           "\"norm_minutes\":30,\"handling_level\":3,\"line\":2,\"case_type_id\":\"V\"}");
  add_row (f, "products", "{\"id\":\"P0\",\"group_id\":\"G\",\"name\":\"Informatie verbouwen\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1,\"case_type_id\":\"V\"}");
  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "roles", "{\"id\":\"teamleider\",\"name\":\"Teamleider\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":\"Anna de Vries\","
           "\"role_id\":\"medewerker\",\"team_id\":\"T1\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":\"Bram Bakker\","
           "\"role_id\":\"teamleider\",\"team_id\":\"T1\"}");
  add_row (f, "holidays", "{\"date\":\"2030-03-11\",\"name\":\"Gemeentelijke sluitingsdag\"}");
  add_row (f, "customers", "{\"id\":\"K1\",\"name\":\"Jan Jansen\",\"phone\":\"0612345678\","
           "\"created_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "customers", "{\"id\":\"K2\",\"name\":\"J. Jansen\",\"created_at\":"
           "\"2030-01-02T00:00:00Z\"}");
  add_row (f, "customers", "{\"id\":\"ORG\",\"kind\":\"organisation\",\"name\":"
           "\"Muziekvereniging Crescendo\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "contact_moments", "{\"id\":\"CM1\",\"customer_id\":\"K1\",\"channel\":\"telefoon\","
           "\"topic\":\"Verbouwing\",\"at\":\"2030-03-01T08:00:00Z\"}");
  add_case (f, "A1", "\"K1\"", "");
  add_case (f, "A2", "\"K1\"", "");
  add_case (f, "A3", "\"K1\"",
            ",\"status\":\"afgehandeld\",\"closed_at\":\"2030-03-05T10:00:00Z\"");
  add_case (f, "A4", "null", ",\"suspended_since\":\"2030-03-04T10:00:00Z\"");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
  g_signal_connect (f->replica, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
  g_clear_pointer (&f->changed, g_ptr_array_unref);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The first column of the first row of sql (one optional text parameter), or NULL. */
static char *
db_text (Fixture *f, const char *sql, const char *param)
{
  sqlite3 *db = loket_db_get_handle (loket_replica_get_db (f->replica));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

#define assert_db(f, sql, param, expected) \
  G_STMT_START { \
    g_autofree char *text__ = db_text ((f), (sql), (param)); \
    g_assert_cmpstr (text__, ==, (expected)); \
  } G_STMT_END

/* The args of the newest outbox entry, which must be of type. */
static JsonObject *
last_args (Fixture *f, const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) pending = loket_replica_pending_mutations (f->replica, 1000, &error);
  JsonObject *mutation;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pending), >, 0);
  mutation = json_array_get_object_element (pending, json_array_get_length (pending) - 1);
  g_assert_cmpstr (json_object_get_string_member (mutation, "type"), ==, type);
  return json_object_ref (json_object_get_object_member (mutation, "args"));
}

/* A refusal: the error code, a sentence, and nothing recorded. */
#define assert_refused(f, ok, error, code, pending) \
  G_STMT_START { \
    g_assert_false (ok); \
    g_assert_error ((error), LOKET_ERROR, (code)); \
    g_assert_cmpstr ((error)->message, !=, ""); \
    g_assert_cmpuint (loket_replica_count_pending ((f)->replica), ==, (pending)); \
    g_clear_error (&(error)); \
  } G_STMT_END

static gboolean
was_changed (Fixture *f, const char *entity)
{
  for (guint i = 0; i < f->changed->len; i++)
    if (g_str_equal (f->changed->pdata[i], entity))
      return TRUE;
  return FALSE;
}

/* Applies a pull page of changes (a JSON array of them) as the server would send it. */
static void
pull (Fixture *f, const char *changes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"cursor\": 50, \"more\": false, \"changes\": %s}",
                                           changes);
  g_autoptr(JsonObject) page = loket_protocol_parse_object (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_true (loket_replica_apply_pull (f->replica, page, &error));
  g_assert_no_error (error);
}

/* ---- opening a case -------------------------------------------------------------------------- */

static void
test_create_case (Fixture *f, gconstpointer data)
{
  LoketCaseInput in = { .case_type_id = "V", .customer_id = "K1", .contact_moment_id = "CM1" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_create_case (f->replica, &in, &error);
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *expected = NULL;
  g_autofree char *reference = NULL;
  GDate today, deadline;

  g_assert_no_error (error);
  g_assert_nonnull (id);
  /* The type's first product by name, its name as subject, the first status, the deadline. */
  assert_db (f, "SELECT product_id FROM cases WHERE id = ?", id, "P0");
  assert_db (f, "SELECT subject FROM cases WHERE id = ?", id, "Informatie verbouwen");
  assert_db (f, "SELECT status FROM cases WHERE id = ?", id, "ontvangen");
  assert_db (f, "SELECT team_id FROM cases WHERE id = ?", id, "T1");
  assert_db (f, "SELECT customer_id FROM cases WHERE id = ?", id, "K1");
  loket_time_today (tz, &today);
  g_assert_true (loket_rules_case_deadline (loket_replica_get_db (f->replica), &today, 10,
                                            &deadline, &error));
  expected = loket_time_format_iso_date (&deadline);
  assert_db (f, "SELECT deadline FROM cases WHERE id = ?", id, expected);
  reference = db_text (f, "SELECT reference FROM cases WHERE id = ?", id);
  g_assert_true (g_str_has_prefix (reference, "Z-"));
  assert_db (f, "SELECT count(*) FROM case_status_history WHERE case_id = ?", id, "1");
  /* The contact it came from points to it. */
  assert_db (f, "SELECT case_id FROM contact_moments WHERE id = 'CM1'", NULL, id);
  args = last_args (f, LOKET_MUTATION_CREATE_CASE);
  g_assert_cmpstr (json_object_get_string_member (args, "contact_moment_id"), ==, "CM1");
  g_assert_cmpstr (json_object_get_string_member (args, "case_type_id"), ==, "V");
  g_assert_cmpstr (json_object_get_string_member (args, "history_id"), !=, "");
  g_assert_true (was_changed (f, "cases"));
  g_assert_true (was_changed (f, "contact_moments"));
}

static void
test_create_case_given (Fixture *f, gconstpointer data)
{
  LoketCaseInput in = { .case_type_id = "V", .product_id = "P", .subject = "  Dakkapel  " };
  LoketCaseInput bare = { .case_type_id = "M" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_create_case (f->replica, &in, &error);
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  assert_db (f, "SELECT product_id FROM cases WHERE id = ?", id, "P");
  assert_db (f, "SELECT subject FROM cases WHERE id = ?", id, "Dakkapel");
  assert_db (f, "SELECT customer_id FROM cases WHERE id = ?", id, NULL);
  /* A type without products: no product, the type's name as subject. */
  other = loket_replica_create_case (f->replica, &bare, &error);
  g_assert_no_error (error);
  assert_db (f, "SELECT product_id FROM cases WHERE id = ?", other, NULL);
  assert_db (f, "SELECT subject FROM cases WHERE id = ?", other, "Melding openbare ruimte");
  assert_db (f, "SELECT status FROM cases WHERE id = ?", other, "gemeld");
}

static void
test_create_case_refused (Fixture *f, gconstpointer data)
{
  const struct { LoketCaseInput in; int code; } cases[] = {
    { { .case_type_id = NULL }, LOKET_ERROR_INVALID },
    { { .case_type_id = "" }, LOKET_ERROR_INVALID },
    { { .case_type_id = "X" }, LOKET_ERROR_NOT_FOUND },
    { { .case_type_id = "V", .product_id = "X" }, LOKET_ERROR_NOT_FOUND },
    { { .case_type_id = "V", .customer_id = "X" }, LOKET_ERROR_NOT_FOUND },
    { { .case_type_id = "V", .contact_moment_id = "X" }, LOKET_ERROR_NOT_FOUND },
  };
  LoketCaseInput first = { .case_type_id = "V", .contact_moment_id = "CM1" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *none = loket_replica_create_case (f->replica, &cases[i].in, &error);

      assert_refused (f, none != NULL, error, cases[i].code, 0);
    }
  assert_db (f, "SELECT count(*) FROM cases", NULL, "4");
  /* A contact that belongs to a case already. */
  id = loket_replica_create_case (f->replica, &first, &error);
  g_assert_no_error (error);
  {
    char *second = loket_replica_create_case (f->replica, &first, &error);

    assert_refused (f, second != NULL, error, LOKET_ERROR_INVALID, 1);
  }
  assert_db (f, "SELECT case_id FROM contact_moments WHERE id = 'CM1'", NULL, id);
}

static void add_duplicate_rows (Fixture *f);

/* A case opened from an appointment: the appointment points to it, once. */
static void
test_create_case_from_appointment (Fixture *f, gconstpointer data)
{
  LoketCaseInput in = { .case_type_id = "V", .customer_id = "K2", .appointment_id = "AP" };
  LoketCaseInput unknown = { .case_type_id = "V", .appointment_id = "X" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) args = NULL;
  char *none;

  add_duplicate_rows (f);
  id = loket_replica_create_case (f->replica, &in, &error);
  g_assert_no_error (error);
  assert_db (f, "SELECT case_id FROM appointments WHERE id = 'AP'", NULL, id);
  assert_db (f, "SELECT customer_id FROM cases WHERE id = ?", id, "K2");
  args = last_args (f, LOKET_MUTATION_CREATE_CASE);
  g_assert_cmpstr (json_object_get_string_member (args, "appointment_id"), ==, "AP");
  g_assert_true (was_changed (f, "appointments"));
  /* The same appointment again, and one that does not exist: refused, nothing recorded. */
  none = loket_replica_create_case (f->replica, &in, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 1);
  none = loket_replica_create_case (f->replica, &unknown, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_NOT_FOUND, 1);
  assert_db (f, "SELECT case_id FROM appointments WHERE id = 'AP'", NULL, id);
}

/* ---- suspending ------------------------------------------------------------------------------ */

static void
test_suspend_resume (Fixture *f, gconstpointer data)
{
  LoketCaseInput in = { .case_type_id = "V" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_create_case (f->replica, &in, &error);
  g_autofree char *deadline = db_text (f, "SELECT deadline FROM cases WHERE id = ?", id);
  g_autoptr(JsonObject) args = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_replica_suspend_case (f->replica, id, TRUE, " Wacht op tekeningen ",
                                             &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT suspended_since IS NOT NULL FROM cases WHERE id = ?", id, "1");
  assert_db (f, "SELECT kind || ': ' || reason FROM case_suspensions WHERE case_id = ?", id,
             "suspend: Wacht op tekeningen");
  args = last_args (f, LOKET_MUTATION_SUSPEND_CASE);
  g_assert_cmpstr (json_object_get_string_member (args, "case_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (args, "kind"), ==, "suspend");
  g_assert_cmpstr (json_object_get_string_member (args, "reason"), ==, "Wacht op tekeningen");
  g_assert_true (was_changed (f, "case_suspensions"));

  /* Resumed on the day it was opened: that day never counts, so the deadline stays. */
  g_assert_true (loket_replica_suspend_case (f->replica, id, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT suspended_since FROM cases WHERE id = ?", id, NULL);
  assert_db (f, "SELECT count(*) FROM case_suspensions WHERE case_id = ? AND kind = 'resume'",
             id, "1");
  assert_db (f, "SELECT deadline FROM cases WHERE id = ?", id, deadline);
  g_clear_pointer (&args, json_object_unref);
  args = last_args (f, LOKET_MUTATION_SUSPEND_CASE);
  g_assert_cmpstr (json_object_get_string_member (args, "kind"), ==, "resume");
  g_assert_false (json_object_has_member (args, "reason"));
}

/* A suspension from Monday 4 to Wednesday 6 March keeps three working days out: the deadline
 * of A1 (Monday the 18th, after the holiday on the 11th) becomes Thursday the 21st. */
static void
test_resume_moves_deadline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) suspend = json_object_new ();
  g_autoptr(JsonObject) resume = json_object_new ();
  const char *types[] = { LOKET_MUTATION_SUSPEND_CASE, LOKET_MUTATION_SUSPEND_CASE };
  JsonObject *args[] = { suspend, resume };

  json_object_set_string_member (suspend, "id", "S1");
  json_object_set_string_member (suspend, "case_id", "A1");
  json_object_set_string_member (suspend, "kind", "suspend");
  json_object_set_string_member (suspend, "at", "2030-03-04T09:00:00Z");
  json_object_set_string_member (resume, "id", "S2");
  json_object_set_string_member (resume, "case_id", "A1");
  json_object_set_string_member (resume, "kind", "resume");
  json_object_set_string_member (resume, "at", "2030-03-06T09:00:00Z");
  g_assert_true (loket_replica_record_mutations (f->replica, 2, types, args, &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT deadline FROM cases WHERE id = 'A1'", NULL, "2030-03-21");
  assert_db (f, "SELECT suspended_since FROM cases WHERE id = 'A1'", NULL, NULL);
}

static void
test_suspend_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  assert_refused (f, loket_replica_suspend_case (f->replica, "A3", TRUE, NULL, &error), error,
                  LOKET_ERROR_INVALID, 0);   /* closed */
  assert_refused (f, loket_replica_suspend_case (f->replica, "A3", FALSE, NULL, &error), error,
                  LOKET_ERROR_INVALID, 0);
  assert_refused (f, loket_replica_suspend_case (f->replica, "A4", TRUE, NULL, &error), error,
                  LOKET_ERROR_INVALID, 0);   /* suspended already */
  assert_refused (f, loket_replica_suspend_case (f->replica, "A1", FALSE, NULL, &error), error,
                  LOKET_ERROR_INVALID, 0);   /* not waiting */
  assert_refused (f, loket_replica_suspend_case (f->replica, "X", TRUE, NULL, &error), error,
                  LOKET_ERROR_NOT_FOUND, 0);
  assert_db (f, "SELECT count(*) FROM case_suspensions", NULL, "0");
}

/* ---- links and documents --------------------------------------------------------------------- */

static void
test_link_cases (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) args = NULL;

  g_assert_true (loket_replica_link_cases (f->replica, "A1", "A2", "intake", &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT kind FROM case_links WHERE case_id = 'A1' AND linked_case_id = 'A2'",
             NULL, "intake");
  args = last_args (f, LOKET_MUTATION_LINK_CASES);
  g_assert_cmpstr (json_object_get_string_member (args, "linked_case_id"), ==, "A2");
  g_assert_true (was_changed (f, "case_links"));
  /* The same pair either way round with the same kind: nothing new. */
  g_assert_true (loket_replica_link_cases (f->replica, "A2", "A1", "intake", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  /* Another kind is another link. */
  g_assert_true (loket_replica_link_cases (f->replica, "A2", "A1", "related", &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT count(*) FROM case_links", NULL, "2");

  assert_refused (f, loket_replica_link_cases (f->replica, "A1", "A1", "related", &error), error,
                  LOKET_ERROR_INVALID, 2);
  assert_refused (f, loket_replica_link_cases (f->replica, "A1", "A2", "family", &error), error,
                  LOKET_ERROR_INVALID, 2);
  assert_refused (f, loket_replica_link_cases (f->replica, "A1", "A2", NULL, &error), error,
                  LOKET_ERROR_INVALID, 2);
  assert_refused (f, loket_replica_link_cases (f->replica, "A1", "X", "related", &error), error,
                  LOKET_ERROR_NOT_FOUND, 2);
  assert_refused (f, loket_replica_link_cases (f->replica, "X", "A1", "related", &error), error,
                  LOKET_ERROR_NOT_FOUND, 2);
}

static void
test_add_document (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_add_case_document (f->replica, "A1", " Bouwtekening ",
                                                         "https://dms.example.nl/d/123", &error);
  g_autofree char *longest = g_strnfill (2000, 'x');
  g_autofree char *too_long = g_strnfill (2001, 'x');
  g_autofree char *other = NULL;
  char *none;

  g_assert_no_error (error);
  assert_db (f, "SELECT title || ' ' || location || ' ' || case_id FROM case_documents"
             " WHERE id = ?", id, "Bouwtekening https://dms.example.nl/d/123 A1");
  assert_db (f, "SELECT by_user FROM case_documents WHERE id = ?", id, "U1");
  g_assert_true (was_changed (f, "case_documents"));
  other = loket_replica_add_case_document (f->replica, "A1", "Lang", longest, &error);
  g_assert_no_error (error);

  none = loket_replica_add_case_document (f->replica, "A1", "  ", "/srv/dms/1.pdf", &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 2);
  none = loket_replica_add_case_document (f->replica, "A1", "Brief", " ", &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 2);
  none = loket_replica_add_case_document (f->replica, "A1", "Brief", NULL, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 2);
  none = loket_replica_add_case_document (f->replica, "A1", "Brief", too_long, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 2);
  none = loket_replica_add_case_document (f->replica, "X", "Brief", "/srv/dms/1.pdf", &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_NOT_FOUND, 2);
}

/* ---- callbacks ------------------------------------------------------------------------------- */

/* The callback norm for a note made at noted (no location: Amsterdam). */
static char *
norm_due (Fixture *f, gint64 noted)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketWorkdays) workdays = loket_workdays_new ();
  GDate holiday;
  GDateTime *now = g_date_time_new_now (tz);
  int year = g_date_time_get_year (now);

  g_date_time_unref (now);
  loket_workdays_add_dutch_holidays (workdays, year);
  loket_workdays_add_dutch_holidays (workdays, year + 1);
  g_date_clear (&holiday, 1);
  g_date_set_dmy (&holiday, 11, G_DATE_MARCH, 2030);
  loket_workdays_add_holiday (workdays, &holiday);
  return loket_protocol_format_time (loket_deadline_callback_due (workdays, tz, noted));
}

static void
test_add_callback (Fixture *f, gconstpointer data)
{
  LoketCallbackInput in = { .customer_id = "K1", .contact_moment_id = "CM1",
                            .subject = " Vraag over leges ", .assigned_team_id = "T1" };
  LoketCallbackInput phone_only = { .phone = "020 123 45 67", .subject = "Terugbellen",
                                    .assigned_user_id = "U2", .due_at = 1900000000 };
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *id = loket_replica_add_callback (f->replica, &in, &error);
  gint64 after = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *due = NULL;
  g_autofree char *due_before = norm_due (f, before);
  g_autofree char *due_after = norm_due (f, after);
  g_autofree char *other = NULL;
  g_autofree char *fixed = loket_protocol_format_time (1900000000);
  g_autoptr(JsonObject) args = NULL;

  g_assert_no_error (error);
  assert_db (f, "SELECT subject || ' ' || outcome || ' ' || assigned_team_id || ' ' ||"
             " customer_id || ' ' || contact_moment_id FROM callbacks WHERE id = ?", id,
             "Vraag over leges open T1 K1 CM1");
  assert_db (f, "SELECT created_by FROM callbacks WHERE id = ?", id, "U1");
  /* The end of the next working day (the one-working-day norm). */
  due = db_text (f, "SELECT due_at FROM callbacks WHERE id = ?", id);
  g_assert_true (g_str_equal (due, due_before) || g_str_equal (due, due_after));
  args = last_args (f, LOKET_MUTATION_ADD_CALLBACK);
  g_assert_cmpstr (json_object_get_string_member (args, "due_at"), ==, due);
  g_assert_true (was_changed (f, "callbacks"));

  other = loket_replica_add_callback (f->replica, &phone_only, &error);
  g_assert_no_error (error);
  assert_db (f, "SELECT phone || ' ' || assigned_user_id || ' ' || due_at FROM callbacks"
             " WHERE id = ?", other, "020 123 45 67 U2 2030-03-17T17:46:40Z");
  g_assert_cmpstr (fixed, ==, "2030-03-17T17:46:40Z");
}

static void
test_add_callback_refused (Fixture *f, gconstpointer data)
{
  const struct { LoketCallbackInput in; int code; } cases[] = {
    { { .customer_id = "K1", .subject = " ", .assigned_team_id = "T1" }, LOKET_ERROR_INVALID },
    { { .customer_id = "K1", .assigned_team_id = "T1" }, LOKET_ERROR_INVALID },
    { { .phone = " ", .subject = "Bellen", .assigned_team_id = "T1" }, LOKET_ERROR_INVALID },
    { { .customer_id = "K1", .subject = "Bellen" }, LOKET_ERROR_INVALID },
    { { .customer_id = "K1", .subject = "Bellen", .assigned_team_id = "T1", .due_at = -5 },
      LOKET_ERROR_INVALID },
    { { .customer_id = "X", .subject = "Bellen", .assigned_team_id = "T1" },
      LOKET_ERROR_NOT_FOUND },
    { { .customer_id = "K1", .contact_moment_id = "X", .subject = "Bellen",
        .assigned_team_id = "T1" }, LOKET_ERROR_NOT_FOUND },
    { { .customer_id = "K1", .subject = "Bellen", .assigned_user_id = "X" },
      LOKET_ERROR_NOT_FOUND },
    { { .customer_id = "K1", .subject = "Bellen", .assigned_team_id = "X" },
      LOKET_ERROR_NOT_FOUND },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *none = loket_replica_add_callback (f->replica, &cases[i].in, &error);

      assert_refused (f, none != NULL, error, cases[i].code, 0);
    }
  assert_db (f, "SELECT count(*) FROM callbacks", NULL, "0");
}

static char *
open_callback (Fixture *f)
{
  LoketCallbackInput in = { .customer_id = "K1", .subject = "Leges", .assigned_user_id = "U1" };
  g_autoptr(GError) error = NULL;
  char *id = loket_replica_add_callback (f->replica, &in, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_settle_callback (Fixture *f, gconstpointer data)
{
  g_autofree char *id = open_callback (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *note = NULL;

  g_assert_true (loket_replica_settle_callback (f->replica, id, "not_reached", "Voicemail",
                                                &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT outcome || ' ' || outcome_by || ' ' || outcome_note FROM callbacks"
             " WHERE id = ?", id, "not_reached U1 Voicemail");
  /* Not reached is tried again: done replaces it, its note after the first one's, with who
   * and when (as the server writes it). */
  g_assert_true (loket_replica_settle_callback (f->replica, id, "done", "Uitgelegd", &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT outcome FROM callbacks WHERE id = ?", id, "done");
  note = db_text (f, "SELECT outcome_note FROM callbacks WHERE id = ?", id);
  g_assert_true (g_regex_match_simple ("^Voicemail\nAnna de Vries, [0-9]{4}-[0-9]{2}-[0-9]{2} "
                                       "[0-9]{2}:[0-9]{2}: Uitgelegd$", note, 0, 0));
  g_clear_pointer (&note, g_free);
  args = last_args (f, LOKET_MUTATION_SETTLE_CALLBACK);
  g_assert_cmpstr (json_object_get_string_member (args, "outcome"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (args, "note"), ==, "Uitgelegd");
  /* Done already: the outcome stays, the later one is added to the note. */
  g_assert_true (loket_replica_settle_callback (f->replica, id, "done", "Nogmaals gebeld",
                                                &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT outcome FROM callbacks WHERE id = ?", id, "done");
  note = db_text (f, "SELECT outcome_note FROM callbacks WHERE id = ?", id);
  g_assert_true (g_str_has_prefix (note, "Voicemail\nAnna de Vries, "));
  g_assert_nonnull (strstr (note, ": Uitgelegd\nAnna de Vries, "));
  g_assert_true (g_str_has_suffix (note, ": Nogmaals gebeld"));
  /* Without a note a later outcome adds nothing (the server's conflict still tells). */
  g_assert_true (loket_replica_settle_callback (f->replica, id, "not_reached", NULL, &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT outcome_note FROM callbacks WHERE id = ?", id, note);
  g_assert_true (was_changed (f, "callbacks"));

  assert_refused (f, loket_replica_settle_callback (f->replica, id, "maybe", NULL, &error),
                  error, LOKET_ERROR_INVALID, 5);
  assert_refused (f, loket_replica_settle_callback (f->replica, id, NULL, NULL, &error),
                  error, LOKET_ERROR_INVALID, 5);
  assert_refused (f, loket_replica_settle_callback (f->replica, "X", "done", NULL, &error),
                  error, LOKET_ERROR_NOT_FOUND, 5);
}

/* ---- customers ------------------------------------------------------------------------------- */

static void
test_save_representative (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  g_assert_true (loket_replica_save_representative (f->replica, "ORG", "K1", "secretaris",
                                                    &error));
  g_assert_no_error (error);
  assert_db (f, "SELECT role FROM customer_representatives WHERE organisation_id = 'ORG'"
             " AND person_id = 'K1'", NULL, "secretaris");
  first = last_args (f, LOKET_MUTATION_SAVE_REPRESENTATIVE);
  g_assert_true (was_changed (f, "customer_representatives"));
  /* The same pair again only sets the role, on the same row. */
  g_assert_true (loket_replica_save_representative (f->replica, "ORG", "K1", "voorzitter",
                                                    &error));
  g_assert_no_error (error);
  second = last_args (f, LOKET_MUTATION_SAVE_REPRESENTATIVE);
  g_assert_cmpstr (json_object_get_string_member (second, "id"), ==,
                   json_object_get_string_member (first, "id"));
  assert_db (f, "SELECT count(*) || ' ' || max (role) FROM customer_representatives", NULL,
             "1 voorzitter");

  assert_refused (f, loket_replica_save_representative (f->replica, "K2", "K1", NULL, &error),
                  error, LOKET_ERROR_INVALID, 2);   /* not an organisation */
  assert_refused (f, loket_replica_save_representative (f->replica, "ORG", "ORG", NULL, &error),
                  error, LOKET_ERROR_INVALID, 2);
  assert_refused (f, loket_replica_save_representative (f->replica, "ORG", "X", NULL, &error),
                  error, LOKET_ERROR_NOT_FOUND, 2);
  assert_refused (f, loket_replica_save_representative (f->replica, "X", "K1", NULL, &error),
                  error, LOKET_ERROR_NOT_FOUND, 2);
}

/* K2, a duplicate of K1, with a bit of everything. */
static void
add_duplicate_rows (Fixture *f)
{
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "appointments", "{\"id\":\"AP\",\"product_id\":\"P\",\"capacity_id\":\"C\","
           "\"customer_id\":\"K2\",\"start_at\":\"2030-03-07T09:00:00Z\","
           "\"end_at\":\"2030-03-07T09:30:00Z\",\"created_at\":\"2030-03-01T09:00:00Z\"}");
  add_case (f, "B1", "\"K2\"", "");
  add_row (f, "notes", "{\"id\":\"N\",\"customer_id\":\"K2\",\"body\":\"Belt liever 's middags\","
           "\"created_at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "contact_moments", "{\"id\":\"CM2\",\"customer_id\":\"K2\",\"channel\":\"balie\","
           "\"at\":\"2030-03-02T09:00:00Z\"}");
  add_row (f, "callbacks", "{\"id\":\"CB\",\"customer_id\":\"K2\",\"subject\":\"Leges\","
           "\"assigned_team_id\":\"T1\",\"due_at\":\"2030-03-04T22:59:59Z\","
           "\"created_at\":\"2030-03-01T09:00:00Z\"}");
  /* Both are secretaris of ORG: one row must stay. */
  add_row (f, "customer_representatives", "{\"id\":\"R1\",\"organisation_id\":\"ORG\","
           "\"person_id\":\"K1\",\"role\":\"secretaris\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "customer_representatives", "{\"id\":\"R2\",\"organisation_id\":\"ORG\","
           "\"person_id\":\"K2\",\"role\":\"secretaris\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
}

static void
assert_merged (Fixture *f)
{
  static const char *const tables[] = { "appointments", "cases", "notes", "contact_moments",
                                        "callbacks" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE customer_id = ?",
                                              tables[i]);

      assert_db (f, sql, "K2", "0");
    }
  assert_db (f, "SELECT customer_id FROM appointments WHERE id = 'AP'", NULL, "K1");
  assert_db (f, "SELECT customer_id FROM cases WHERE id = 'B1'", NULL, "K1");
  assert_db (f, "SELECT customer_id FROM callbacks WHERE id = 'CB'", NULL, "K1");
  assert_db (f, "SELECT group_concat (person_id) FROM customer_representatives", NULL, "K1");
  assert_db (f, "SELECT count(*) FROM customers WHERE id = 'K2'", NULL, "0");
}

static void
test_merge_customers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) args = NULL;

  add_duplicate_rows (f);
  /* A desk clerk may not. */
  assert_refused (f, loket_replica_merge_customers (f->replica, "K2", "K1", &error), error,
                  LOKET_ERROR_FORBIDDEN, 0);
  assert_db (f, "SELECT count(*) FROM customers WHERE id = 'K2'", NULL, "1");

  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U2", &error));
  assert_refused (f, loket_replica_merge_customers (f->replica, "K1", "K1", &error), error,
                  LOKET_ERROR_INVALID, 0);
  assert_refused (f, loket_replica_merge_customers (f->replica, "X", "K1", &error), error,
                  LOKET_ERROR_NOT_FOUND, 0);
  assert_refused (f, loket_replica_merge_customers (f->replica, "K2", "X", &error), error,
                  LOKET_ERROR_NOT_FOUND, 0);

  g_assert_true (loket_replica_merge_customers (f->replica, "K2", "K1", &error));
  g_assert_no_error (error);
  assert_merged (f);
  args = last_args (f, LOKET_MUTATION_MERGE_CUSTOMERS);
  g_assert_cmpstr (json_object_get_string_member (args, "alias_id"), ==, "K2");
  g_assert_cmpstr (json_object_get_string_member (args, "survivor_id"), ==, "K1");
  g_assert_true (was_changed (f, "*"));
  /* The case search follows the survivor's name. */
  assert_db (f, "SELECT customer FROM cases_fts WHERE rowid = (SELECT rowid FROM cases"
             " WHERE id = 'B1')", NULL, "Jan Jansen");
}

/* ---- contact moments ------------------------------------------------------------------------- */

static void
test_contact_moment_case (Fixture *f, gconstpointer data)
{
  g_autofree char *exact = g_strnfill (200, 'x');
  g_autofree char *too_long = g_strnfill (201, 'x');
  LoketContactInput in = { .customer_id = "K1", .channel = "telefoon", .topic = "Dakkapel",
                           .case_id = "A1", .referred_to = " Omgevingsdienst ", };
  LoketContactInput bad_case = { .channel = "balie", .case_id = "X" };
  LoketContactInput bad_referral = { .channel = "balie", .referred_to = too_long };
  LoketContactInput longest = { .channel = "balie", .referred_to = exact };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = loket_replica_add_contact_moment (f->replica, &in, &error);
  g_autofree char *other = NULL;
  g_autoptr(JsonObject) args = NULL;
  char *none;

  g_assert_no_error (error);
  assert_db (f, "SELECT case_id || ' ' || referred_to FROM contact_moments WHERE id = ?", id,
             "A1 Omgevingsdienst");
  args = last_args (f, LOKET_MUTATION_ADD_CONTACT_MOMENT);
  g_assert_cmpstr (json_object_get_string_member (args, "case_id"), ==, "A1");
  g_assert_cmpstr (json_object_get_string_member (args, "referred_to"), ==, "Omgevingsdienst");
  other = loket_replica_add_contact_moment (f->replica, &longest, &error);
  g_assert_no_error (error);
  assert_db (f, "SELECT length (referred_to) FROM contact_moments WHERE id = ?", other, "200");

  none = loket_replica_add_contact_moment (f->replica, &bad_case, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_NOT_FOUND, 2);
  none = loket_replica_add_contact_moment (f->replica, &bad_referral, &error);
  assert_refused (f, none != NULL, error, LOKET_ERROR_INVALID, 2);
}

/* ---- rebase ---------------------------------------------------------------------------------- */

/* Everything made offline, then a pull brings the server's older copies of the rows it
 * touched: the pending changes are replayed on top, each once. */
static void
test_rebase_keeps (Fixture *f, gconstpointer data)
{
  LoketCaseInput in = { .case_type_id = "V", .contact_moment_id = "CM1" };
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *document = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *note = NULL;

  add_duplicate_rows (f);
  case_id = loket_replica_create_case (f->replica, &in, &error);
  g_assert_true (loket_replica_suspend_case (f->replica, "A1", TRUE, "Wacht", &error));
  g_assert_true (loket_replica_link_cases (f->replica, "A1", "A2", "related", &error));
  document = loket_replica_add_case_document (f->replica, "A1", "Brief", "/dms/1", &error);
  g_assert_true (loket_replica_settle_callback (f->replica, "CB", "done", "Gesproken", &error));
  g_assert_true (loket_replica_settle_callback (f->replica, "CB", "done", "Later", &error));
  g_assert_true (loket_replica_save_representative (f->replica, "ORG", "K1", "penningmeester",
                                                    &error));
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U2", &error));
  g_assert_true (loket_replica_merge_customers (f->replica, "K2", "K1", &error));
  g_assert_no_error (error);

  changes = g_strdup (
    "[{\"seq\":40,\"entity\":\"customers\",\"op\":\"upsert\",\"id\":\"K2\",\"row\":{\"id\":\"K2\","
    "  \"name\":\"J. Jansen\",\"created_at\":\"2030-01-02T00:00:00Z\"}},"
    " {\"seq\":41,\"entity\":\"cases\",\"op\":\"upsert\",\"id\":\"A1\",\"row\":{\"id\":\"A1\","
    "  \"reference\":\"Z-2030-A1\",\"case_type_id\":\"V\",\"customer_id\":\"K1\","
    "  \"status\":\"ontvangen\",\"opened_at\":\"2030-03-01T09:00:00Z\","
    "  \"deadline\":\"2030-03-18\",\"suspended_since\":null,\"rev\":2}},"
    " {\"seq\":42,\"entity\":\"contact_moments\",\"op\":\"upsert\",\"id\":\"CM1\",\"row\":{"
    "  \"id\":\"CM1\",\"customer_id\":\"K1\",\"channel\":\"telefoon\",\"case_id\":null,"
    "  \"at\":\"2030-03-01T08:00:00Z\"}},"
    " {\"seq\":43,\"entity\":\"callbacks\",\"op\":\"upsert\",\"id\":\"CB\",\"row\":{\"id\":\"CB\","
    "  \"customer_id\":\"K2\",\"subject\":\"Leges\",\"assigned_team_id\":\"T1\","
    "  \"due_at\":\"2030-03-04T22:59:59Z\",\"created_at\":\"2030-03-01T09:00:00Z\","
    "  \"outcome\":\"open\",\"outcome_at\":null,\"outcome_by\":null,\"outcome_note\":\"\"}},"
    " {\"seq\":44,\"entity\":\"appointments\",\"op\":\"upsert\",\"id\":\"AP\",\"row\":{"
    "  \"id\":\"AP\",\"product_id\":\"P\",\"capacity_id\":\"C\",\"customer_id\":\"K2\","
    "  \"start_at\":\"2030-03-07T09:00:00Z\",\"end_at\":\"2030-03-07T09:30:00Z\","
    "  \"created_at\":\"2030-03-01T09:00:00Z\"}},"
    " {\"seq\":45,\"entity\":\"customer_representatives\",\"op\":\"upsert\",\"id\":\"R2\","
    "  \"row\":{\"id\":\"R2\",\"organisation_id\":\"ORG\",\"person_id\":\"K2\","
    "  \"role\":\"secretaris\",\"created_at\":\"2030-01-01T00:00:00Z\"}}]");
  pull (f, changes);

  assert_db (f, "SELECT case_id FROM contact_moments WHERE id = 'CM1'", NULL, case_id);
  assert_db (f, "SELECT suspended_since IS NOT NULL FROM cases WHERE id = 'A1'", NULL, "1");
  assert_db (f, "SELECT count(*) FROM case_suspensions", NULL, "1");
  assert_db (f, "SELECT count(*) FROM case_links", NULL, "1");
  assert_db (f, "SELECT title FROM case_documents WHERE id = ?", document, "Brief");
  assert_db (f, "SELECT outcome || ' ' || outcome_by FROM callbacks WHERE id = 'CB'", NULL,
             "done U1");
  /* The later outcome is in the note once, however often it is replayed. */
  assert_db (f, "SELECT (length (outcome_note) - length (replace (outcome_note, 'Later', '')))"
             " / 5 FROM callbacks WHERE id = 'CB'", NULL, "1");
  assert_db (f, "SELECT role FROM customer_representatives", NULL, "penningmeester");
  assert_merged (f);
  /* A pull of something else replays them all on the rows they made: nothing changes. */
  note = db_text (f, "SELECT outcome_note FROM callbacks WHERE id = 'CB'", NULL);
  g_assert_true (g_str_has_prefix (note, "Gesproken\nAnna de Vries, "));
  pull (f, "[{\"seq\":46,\"entity\":\"teams\",\"op\":\"upsert\",\"id\":\"T9\",\"row\":"
           "{\"id\":\"T9\",\"name\":\"Nieuw\"}}]");
  assert_db (f, "SELECT outcome_note FROM callbacks WHERE id = 'CB'", NULL, note);
  assert_db (f, "SELECT count(*) FROM case_links", NULL, "1");
  assert_db (f, "SELECT group_concat (id) FROM customer_representatives", NULL, "R1");
  assert_db (f, "SELECT count(*) FROM case_suspensions", NULL, "1");
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 8);
}

/* A case closed elsewhere meanwhile: the pending suspension is not replayed on it (the server
 * refuses it). */
static void
test_rebase_closed_case (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_suspend_case (f->replica, "A2", TRUE, NULL, &error));
  g_assert_no_error (error);
  pull (f, "[{\"seq\":41,\"entity\":\"cases\",\"op\":\"upsert\",\"id\":\"A2\",\"row\":{"
           "\"id\":\"A2\",\"reference\":\"Z-2030-A2\",\"case_type_id\":\"V\","
           "\"status\":\"afgehandeld\",\"opened_at\":\"2030-03-01T09:00:00Z\","
           "\"deadline\":\"2030-03-18\",\"closed_at\":\"2030-03-06T09:00:00Z\","
           "\"suspended_since\":null,\"rev\":3}}]");
  assert_db (f, "SELECT suspended_since FROM cases WHERE id = 'A2'", NULL, NULL);
}

/* The same link and the same representative made at another desk arrive first: theirs are the
 * rows kept (the server applies these as nothing new), with this desk's role. */
static void
test_rebase_made_elsewhere (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_link_cases (f->replica, "A1", "A2", "related", &error));
  g_assert_true (loket_replica_save_representative (f->replica, "ORG", "K2", "voorzitter",
                                                    &error));
  g_assert_no_error (error);
  pull (f, "[{\"seq\":41,\"entity\":\"case_links\",\"op\":\"upsert\",\"id\":\"L9\",\"row\":{"
           "\"id\":\"L9\",\"case_id\":\"A2\",\"linked_case_id\":\"A1\",\"kind\":\"related\","
           "\"created_at\":\"2030-03-06T09:00:00Z\"}},"
           "{\"seq\":42,\"entity\":\"customer_representatives\",\"op\":\"upsert\","
           "\"id\":\"R9\",\"row\":{\"id\":\"R9\",\"organisation_id\":\"ORG\","
           "\"person_id\":\"K2\",\"role\":\"lid\",\"created_at\":\"2030-03-06T09:00:00Z\"}}]");
  assert_db (f, "SELECT group_concat (id) FROM case_links", NULL, "L9");
  assert_db (f, "SELECT group_concat (id || ' ' || role) FROM customer_representatives", NULL,
             "R9 voorzitter");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica-casework/create-case", test_create_case);
  ADD ("/replica-casework/create-case-given", test_create_case_given);
  ADD ("/replica-casework/create-case-refused", test_create_case_refused);
  ADD ("/replica-casework/create-case-from-appointment", test_create_case_from_appointment);
  ADD ("/replica-casework/suspend-resume", test_suspend_resume);
  ADD ("/replica-casework/resume-moves-deadline", test_resume_moves_deadline);
  ADD ("/replica-casework/suspend-refused", test_suspend_refused);
  ADD ("/replica-casework/link-cases", test_link_cases);
  ADD ("/replica-casework/add-document", test_add_document);
  ADD ("/replica-casework/add-callback", test_add_callback);
  ADD ("/replica-casework/add-callback-refused", test_add_callback_refused);
  ADD ("/replica-casework/settle-callback", test_settle_callback);
  ADD ("/replica-casework/save-representative", test_save_representative);
  ADD ("/replica-casework/merge-customers", test_merge_customers);
  ADD ("/replica-casework/contact-moment-case", test_contact_moment_case);
  ADD ("/replica-casework/rebase-keeps", test_rebase_keeps);
  ADD ("/replica-casework/rebase-closed-case", test_rebase_closed_case);
  ADD ("/replica-casework/rebase-made-elsewhere", test_rebase_made_elsewhere);
#undef ADD

  return g_test_run ();
}
