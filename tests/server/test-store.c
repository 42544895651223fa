/* test-store.c — the server store in-process: login, the push contract, pull paging, the
 * public queries, and that all of it survives a reopen.
 *
 * The fixture is a small municipality made with plain SQL (one location, one balie for
 * Burgerzaken open Mon–Fri 09:00–12:00 in 10-minute slots with 2 places of which 1 is for the
 * web), so the tests do not depend on the demo loader. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-demo.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store.h"
#include "loket-store-private.h"  /* loket_store_scope_knows */

/* Monday 7 January 2030, 09:00 in Amsterdam (UTC+1 in winter), and the Sunday before. */
#define MONDAY_0900 "2030-01-07T08:00:00Z"
#define MONDAY_0910 "2030-01-07T08:10:00Z"
#define SUNDAY_0900 "2030-01-06T08:00:00Z"

#define CUSTOMER_NAME "Jan Jansen"
#define CUSTOMER_BSN  "123456782"

static char *password_hash;  /* of "geheim", made once: yescrypt is slow on purpose */

typedef struct
{
  char       *dir;
  char       *path;
  LoketStore *store;
  char       *token;
  char       *device_id;
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind, address, timezone) VALUES"
  " ('loc-1', 'Stadhuis', 'stadhuis', 'Markt 1, 1234 AB Plaats', 'Europe/Amsterdam'),"
  " ('loc-2', 'Wijkkantoor', 'kantoor', 'Dorpsstraat 2', 'Europe/Amsterdam');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken'), ('grp-zalen', 'Zalen');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, public,"
  " description) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2, 1, 'Een paspoort aanvragen'),"
  " ('prd-intern', 'grp-bz', 'Interne controle', 10, 1, 2, 0, ''),"
  " ('prd-zaal', 'grp-zalen', 'Vergaderzaal', 60, 1, 1, 1, '');"
  "INSERT INTO capacities (id, location_id, group_id, kind, name) VALUES"
  " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1');"
  "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
  " start_time, end_time, slot_minutes, places, public_places) VALUES"
  " ('rule-1', 'cap-1', 31, '2020-01-01', '2099-12-31', '09:00', '12:00', 10, 2, 1);"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker dienstverlening');"
  "INSERT INTO users (id, username, display_name, role_id, location_id) VALUES"
  " ('usr-1', 'anna', 'Anna de Vries', 'medewerker', 'loc-1');"
  "INSERT INTO customers (id, kind, bsn, name, created_at) VALUES"
  " ('cus-1', 'person', '" CUSTOMER_BSN "', '" CUSTOMER_NAME "', '2029-01-01T10:00:00Z');";

/* ---- helpers -------------------------------------------------------------------------------- */

static sqlite3 *
handle (Fixture *f)
{
  return loket_db_get_handle (loket_store_get_db (f->store));
}

static gint64
count (Fixture *f, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* One text value of the first row, or NULL. */
static char *
value (Fixture *f, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
add_user_secret (Fixture *f)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle (f), "INSERT INTO user_secrets VALUES (?, ?)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  loket_db_bind_text (stmt, 1, "usr-1");
  loket_db_bind_text (stmt, 2, password_hash);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) login = NULL;

  f->dir = g_dir_make_tmp ("loket-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_store_is_empty (f->store));

  g_assert_true (loket_db_exec (loket_store_get_db (f->store), fixture_sql, &error));
  g_assert_no_error (error);
  add_user_secret (f);
  g_assert_false (loket_store_is_empty (f->store));
  g_assert_true (loket_store_log_snapshot (f->store, &error));
  g_assert_no_error (error);

  login = loket_store_login (f->store, "anna", "geheim", "Balie 1", &error);
  g_assert_no_error (error);
  f->token = g_strdup (json_object_get_string_member (login, "token"));
  f->device_id = g_strdup (json_object_get_string_member (login, "device_id"));
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
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->token);
  g_free (f->device_id);
}

static JsonObject *
push (Fixture *f, const char *batch_json, GError **error)
{
  g_autoptr(JsonNode) node = json_from_string (batch_json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return loket_store_push (f->store, f->device_id, json_node_get_array (node), error);
}

static char *
book (gint64 seq, const char *id, const char *start_at, const char *customer_id)
{
  g_autofree char *customer = customer_id != NULL ? g_strdup_printf ("\"%s\"", customer_id)
                                                  : g_strdup ("null");

  return g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"book_appointment\","
                          " \"client_time\": \"2030-01-01T10:00:00Z\", \"args\": {\"id\": \"%s\","
                          " \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\","
                          " \"start_at\": \"%s\", \"customer_id\": %s,"
                          " \"reason\": \"verlopen paspoort\"}}",
                          seq, id, start_at, customer);
}

/* Pushes one mutation and checks the single result; returns the answer. */
static JsonObject *
push_one (Fixture *f, const char *mutation, const char *outcome, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = g_strdup_printf ("[%s]", mutation);
  JsonObject *answer = push (f, batch, &error);
  JsonObject *result;

  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "results")), ==, 1);
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, outcome);
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  return answer;
}

static JsonObject *
result_of (JsonObject *answer, guint index)
{
  return json_array_get_object_element (json_object_get_array_member (answer, "results"), index);
}

static JsonObject *
details_of (JsonObject *answer, guint index)
{
  return json_object_get_object_member (result_of (answer, index), "details");
}

/* ---- login ---------------------------------------------------------------------------------- */

static void
test_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(JsonObject) login = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autofree char *device = NULL;
  JsonObject *user;

  login = loket_store_login (f->store, "anna", "geheim", "Balie 2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (login, "token")), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (login, "token"), !=, f->token);
  user = json_object_get_object_member (login, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, "usr-1");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "anna");
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "Anna de Vries");
  g_assert_cmpstr (json_object_get_string_member (user, "role_id"), ==, "medewerker");
  g_assert_cmpstr (json_object_get_string_member (user, "location_id"), ==, "loc-1");
  g_assert_true (json_object_get_null_member (user, "team_id"));
  g_assert_false (json_object_has_member (user, "password_hash"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM devices"), ==, 2);
  /* Only the digest of a token is stored. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM devices WHERE length (token_hash) = 64"), ==, 2);

  bad = loket_store_login (f->store, "anna", "fout", "Balie 2", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_null (bad);
  bad = loket_store_login (f->store, "bob", "geheim", "Balie 2", &error2);
  g_assert_error (error2, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, error2->message);
  g_assert_cmpint (count (f, "SELECT count(*) FROM devices"), ==, 2);
  g_clear_error (&error);
  g_clear_error (&error2);

  device = loket_store_authenticate (f->store, f->token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device, ==, f->device_id);
  g_clear_pointer (&device, g_free);
  device = loket_store_authenticate (f->store, "0000", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_null (device);
  g_clear_error (&error);
  device = loket_store_authenticate (f->store, "", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (handle (f), "UPDATE devices SET revoked = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  device = loket_store_authenticate (f->store, f->token, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  g_assert_null (device);

  g_assert_cmpint (loket_store_get_device_seq (f->store, f->device_id), ==, 0);
  g_assert_cmpint (loket_store_get_device_seq (f->store, "no-such-device"), ==, -1);
}

static void
test_auth_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = loket_auth_hash_password ("geheim", &error);
  g_autofree char *token = loket_auth_new_token ();
  g_autofree char *digest = loket_auth_token_digest (token);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_cmpstr (hash, !=, password_hash);  /* a new salt every time */
  g_assert_true (loket_auth_verify_password ("geheim", hash));
  g_assert_false (loket_auth_verify_password ("Geheim", hash));
  g_assert_false (loket_auth_verify_password ("geheim", "*"));
  g_assert_false (loket_auth_verify_password ("geheim", ""));
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_cmpuint (strspn (token, "0123456789abcdef"), ==, 64);
  g_assert_cmpuint (strlen (digest), ==, 64);
  g_assert_cmpstr (digest, !=, token);
}

/* ---- push ----------------------------------------------------------------------------------- */

static void
test_push_book (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m2 = book (2, "apt-2", MONDAY_0900, "cus-1");
  g_autofree char *m3 = book (3, "apt-3", SUNDAY_0900, NULL);
  g_autoptr(JsonObject) a1 = NULL, a2 = NULL, a3 = NULL;
  g_autofree char *end_at = NULL, *created_by = NULL, *status2 = NULL, *reason2 = NULL;
  g_autofree char *status3 = NULL;

  a1 = push_one (f, m1, "applied", "");
  g_assert_cmpint (json_object_get_int_member (a1, "last_seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (result_of (a1, 0), "message"), ==, "");
  g_assert_true (json_object_get_null_member (result_of (a1, 0), "details"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE id = 'apt-1'"
                          " AND status = 'booked' AND channel = 'desk' AND mode = 'fysiek'"), ==, 1);
  end_at = value (f, "SELECT end_at FROM appointments WHERE id = 'apt-1'");
  g_assert_cmpstr (end_at, ==, MONDAY_0910);
  created_by = value (f, "SELECT created_by FROM appointments WHERE id = 'apt-1'");
  g_assert_cmpstr (created_by, ==, "usr-1");

  /* The desk share of 09:00 (2 places, 1 for the web) is used up: kept, but rejected. */
  a2 = push_one (f, m2, "rejected", "slot_taken");
  g_assert_cmpstr (json_object_get_string_member (result_of (a2, 0), "message"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (details_of (a2, 0), "appointment_id"), ==,
                   "apt-2");
  status2 = value (f, "SELECT status FROM appointments WHERE id = 'apt-2'");
  g_assert_cmpstr (status2, ==, "rejected");
  reason2 = value (f, "SELECT status_reason FROM appointments WHERE id = 'apt-2'");
  /* The row keeps the outcome code; each desk words it in its own language. */
  g_assert_cmpstr (reason2, ==, "slot_taken");

  a3 = push_one (f, m3, "rejected", "closed");
  status3 = value (f, "SELECT status FROM appointments WHERE id = 'apt-3'");
  g_assert_cmpstr (status3, ==, "rejected");
  g_assert_cmpint (json_object_get_int_member (a3, "last_seq"), ==, 3);
  g_assert_cmpint (loket_store_get_device_seq (f->store, f->device_id), ==, 3);

  /* Every effect is in the log, the rejected bookings too. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'appointments'"
                          " AND op = 'upsert' AND row IS NOT NULL"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes"), ==, 3);
}

static void
test_push_replay (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m2 = book (2, "apt-2", MONDAY_0900, "cus-1");
  g_autofree char *m3 = book (3, "apt-3", MONDAY_0910, "cus-1");
  g_autofree char *batch = g_strdup_printf ("[%s, %s]", m1, m2);
  g_autofree char *batch2 = g_strdup_printf ("[%s, %s, %s]", m1, m2, m3);
  g_autoptr(JsonObject) first = NULL, again = NULL, more = NULL;
  g_autofree char *first_text = NULL, *again_text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 log_size;

  first = push (f, batch, &error);
  g_assert_no_error (error);
  log_size = count (f, "SELECT count(*) FROM change_log");

  /* The desk did not get the answer and sends the same batch again. */
  again = push (f, batch, &error);
  g_assert_no_error (error);
  first_text = loket_protocol_to_string (first);
  again_text = loket_protocol_to_string (again);
  g_assert_cmpstr (first_text, ==, again_text);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, log_size);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes"), ==, 2);

  /* A batch that starts with answered numbers and goes on with new ones. */
  more = push (f, batch2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (more, "last_seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (result_of (more, 0), "outcome"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (result_of (more, 1), "code"), ==, "slot_taken");
  g_assert_cmpstr (json_object_get_string_member (result_of (more, 2), "outcome"), ==, "applied");
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 3);
}

static void
test_push_gap (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m2 = book (2, "apt-2", MONDAY_0910, "cus-1");
  g_autofree char *m3 = book (3, "apt-3", MONDAY_0910, "cus-1");
  g_autofree char *skipping = g_strdup_printf ("[%s, %s]", m1, m3);
  g_autofree char *late = g_strdup_printf ("[%s]", m2);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = push (f, late, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP);
  g_assert_nonnull (strstr (error->message, "1"));
  g_assert_null (answer);
  g_clear_error (&error);

  /* A hole inside the batch refuses all of it, the first mutation too. */
  answer = push (f, skipping, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP);
  g_assert_null (answer);
  g_clear_error (&error);

  answer = push (f, "[{\"seq\": 1, \"type\": \"book_appointment\"}]", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  answer = push (f, "[{\"seq\": \"1\", \"type\": \"cancel_appointment\", \"args\": {}}]", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  answer = push (f, "[7]", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  answer = push (f, "[{\"seq\": 0, \"type\": \"cancel_appointment\", \"args\": {}}]", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes"), ==, 0);
  g_assert_cmpint (loket_store_get_device_seq (f->store, f->device_id), ==, 0);

  answer = push (f, "[]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (answer, "last_seq"), ==, 0);
}

static void
test_push_invalid (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *mutation;
    const char *code;
  } cases[] = {
    { "{\"seq\": 1, \"type\": \"paint_the_town\", \"args\": {}}", "invalid" },
    { "{\"seq\": 2, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"capacity_id\": \"cap-1\", \"start_at\": \"" MONDAY_0900 "\"}}", "invalid" },
    { "{\"seq\": 3, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"product_id\": \"prd-nope\", \"capacity_id\": \"cap-1\","
      " \"start_at\": \"" MONDAY_0900 "\"}}", "not_found" },
    { "{\"seq\": 4, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-x\","
      " \"kind\": \"person\", \"name\": \"Piet\", \"bsn\": \"123456789\"}}", "invalid" },
    { "{\"seq\": 5, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"product_id\": \"prd-zaal\", \"capacity_id\": \"cap-1\","
      " \"start_at\": \"" MONDAY_0900 "\"}}", "invalid" },
    { "{\"seq\": 6, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\", \"start_at\": \"maandag\"}}",
      "invalid" },
    { "{\"seq\": 7, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\", \"customer_id\": \"cus-nope\","
      " \"start_at\": \"" MONDAY_0900 "\"}}", "not_found" },
    { "{\"seq\": 8, \"type\": \"book_appointment\", \"args\": {\"id\": \"apt-x\","
      " \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\", \"mode\": \"telepathie\","
      " \"start_at\": \"" MONDAY_0900 "\"}}", "invalid" },
    { "{\"seq\": 9, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-x\", \"name\": \"\"}}",
      "invalid" },
    { "{\"seq\": 10, \"type\": \"cancel_appointment\", \"args\": {\"id\": 42}}", "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) answer = push_one (f, cases[i].mutation, "rejected", cases[i].code);

      g_assert_cmpstr (json_object_get_string_member (result_of (answer, 0), "message"), !=, "");
      g_assert_cmpint (json_object_get_int_member (answer, "last_seq"), ==, i + 1);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes WHERE outcome = 'rejected'"),
                   ==, G_N_ELEMENTS (cases));
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 1);
}

/* The agenda mutations refuse what does not fit, each with a reason, and leave nothing. */
static void
test_push_invalid_agenda (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *type, *args, *code;
  } cases[] = {
    { "create_case", "{\"id\": \"case-x\", \"history_id\": \"h\"}", "invalid" },
    { "create_case", "{\"id\": \"case-x\", \"case_type_id\": \"ct-nope\","
      " \"history_id\": \"h\"}", "not_found" },
    { "appointment_step", "{\"id\": \"apt-nope\", \"step\": \"check_in\","
      " \"event_id\": \"e\"}", "not_found" },
    { "appointment_step", "{\"id\": \"apt-nope\", \"step\": \"dance\","
      " \"event_id\": \"e\"}", "invalid" },
    { "appointment_step", "{\"id\": \"apt-nope\", \"step\": \"call\"}", "invalid" },
    { "add_closure", "{\"id\": \"clo-x\", \"from_date\": \"morgen\","
      " \"until_date\": \"2030-01-07\"}", "invalid" },
    { "add_closure", "{\"id\": \"clo-x\", \"from_date\": \"2030-01-08\","
      " \"until_date\": \"2030-01-07\"}", "invalid" },
    { "add_closure", "{\"id\": \"clo-x\", \"from_date\": \"2030-01-07\","
      " \"until_date\": \"2030-01-07\", \"kind\": \"vakantie\"}", "invalid" },
    { "add_closure", "{\"id\": \"clo-x\", \"capacity_id\": \"cap-1\","
      " \"from_date\": \"2030-01-07\", \"until_date\": \"2030-01-07\"}", "forbidden" },
    { "save_availability_rule", "{\"id\": \"rule-x\"}", "invalid" },
    { "save_availability_rule", "{\"id\": \"rule-x\", \"history_id\": \"h\","
      " \"capacity_id\": \"cap-1\", \"weekdays\": 1, \"valid_from\": \"2030-01-01\","
      " \"valid_until\": \"2030-02-01\", \"start_time\": \"18:00\","
      " \"end_time\": \"20:00\", \"slot_minutes\": 10, \"places\": 1,"
      " \"public_places\": 0}", "forbidden" },
    { "remove_availability_rule", "{\"id\": \"rule-1\", \"history_id\": \"h\"}",
      "forbidden" },
    { "save_config", "{\"entity\": \"users\", \"row\": {\"id\": \"usr-1\"}}", "invalid" },
    { "save_config", "{\"entity\": \"products\"}", "invalid" },
    { "save_config", "{\"entity\": \"products\", \"row\": {\"id\": \"prd-pas\","
      " \"max_per_booking\": 3}}", "forbidden" },
    { "book_appointment", "{\"id\": \"apt-x\", \"product_id\": \"prd-pas\","
      " \"capacity_id\": \"cap-1\", \"start_at\": \"" MONDAY_0900 "\","
      " \"items\": \"paspoort\"}", "invalid" },
    { "book_appointment", "{\"id\": \"apt-y\", \"product_id\": \"prd-pas\","
      " \"capacity_id\": \"cap-1\", \"start_at\": \"" MONDAY_0900 "\","
      " \"items\": [{\"product_id\": \"prd-pas\", \"count\": 99}]}", "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *mutation = g_strdup_printf ("{\"seq\": %u, \"type\": \"%s\","
                                                   " \"args\": %s}", i + 1, cases[i].type,
                                                   cases[i].args);
      g_autoptr(JsonObject) answer = push_one (f, mutation, "rejected", cases[i].code);

      g_assert_cmpstr (json_object_get_string_member (result_of (answer, 0), "message"), !=, "");
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM closures"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM availability_rules"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM availability_rule_history"), ==, 0);
  g_assert_cmpint (count (f, "SELECT max_per_booking FROM products WHERE id = 'prd-pas'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment_events"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE status <> 'rejected'"),
                   ==, 0);
}

static void
test_push_merge (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) merged = NULL, fresh = NULL, again = NULL, booked = NULL;
  g_autofree char *m4 = book (4, "apt-1", MONDAY_0900, "cus-dup");
  g_autofree char *customer = NULL, *created_at = NULL;

  merged = push_one (f, "{\"seq\": 1, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-dup\","
                        " \"kind\": \"person\", \"name\": \"J. Jansen\", \"bsn\": \"1234.56.782\"}}",
                     "applied", "merged");
  g_assert_cmpstr (json_object_get_string_member (details_of (merged, 0), "survivor_id"), ==,
                   "cus-1");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_aliases WHERE alias_id = 'cus-dup'"
                          " AND survivor_id = 'cus-1'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 1);
  /* The desk's offline duplicate disappears from every replica. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'customers'"
                          " AND row_id = 'cus-dup' AND op = 'delete' AND row IS NULL"), ==, 1);

  fresh = push_one (f, "{\"seq\": 2, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-2\","
                       " \"kind\": \"person\", \"name\": \"Els Peeters\", \"rrn\": \"85.07.30-033.28\","
                       " \"email\": \"els@example.be\", \"postcode\": \"9000\"}}",
                    "applied", "");
  created_at = value (f, "SELECT created_at FROM customers WHERE id = 'cus-2'");
  g_assert_nonnull (created_at);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'customers'"
                          " AND row_id = 'cus-2' AND op = 'upsert'"), ==, 1);

  /* The same duplicate sent again under another number: the same answer, no new effect. */
  again = push_one (f, "{\"seq\": 3, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-dup\","
                       " \"kind\": \"person\", \"name\": \"J. Jansen\", \"bsn\": \"123456782\"}}",
                    "applied", "merged");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customer_aliases"), ==, 1);

  /* A booking made offline for the duplicate lands on the survivor. */
  booked = push_one (f, m4, "applied", "");
  customer = value (f, "SELECT customer_id FROM appointments WHERE id = 'apt-1'");
  g_assert_cmpstr (customer, ==, "cus-1");
}

static void
test_push_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m4 = book (4, "apt-2", MONDAY_0900, "cus-1");
  g_autoptr(JsonObject) a1 = NULL, a2 = NULL, a3 = NULL, a4 = NULL, a5 = NULL;
  g_autofree char *status = NULL, *reason = NULL;

  a1 = push_one (f, m1, "applied", "");
  a2 = push_one (f, "{\"seq\": 2, \"type\": \"cancel_appointment\", \"args\": {\"id\": \"apt-1\","
                    " \"reason\": \"ziek\"}}", "applied", "");
  status = value (f, "SELECT status FROM appointments WHERE id = 'apt-1'");
  reason = value (f, "SELECT status_reason FROM appointments WHERE id = 'apt-1'");
  g_assert_cmpstr (status, ==, "cancelled");
  g_assert_cmpstr (reason, ==, "ziek");
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'apt-1'"
                          " AND json_extract (row, '$.status') = 'cancelled'"), ==, 1);

  a3 = push_one (f, "{\"seq\": 3, \"type\": \"cancel_appointment\", \"args\": {\"id\": \"apt-1\"}}",
                 "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'apt-1'"), ==, 2);

  /* The cancelled place is free again. */
  a4 = push_one (f, m4, "applied", "");
  a5 = push_one (f, "{\"seq\": 5, \"type\": \"cancel_appointment\", \"args\": {\"id\": \"apt-9\"}}",
                 "rejected", "not_found");
}

/* Data the schema refuses is answered, not retried forever: the number is consumed and the
 * batch goes on. */
static void
test_push_refused_by_schema (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *m2 = book (2, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *batch = NULL;

  g_assert_cmpint (sqlite3_exec (handle (f), "CREATE TRIGGER refuse BEFORE INSERT ON customers"
                                 " WHEN NEW.name = 'Boom' BEGIN SELECT RAISE (ABORT, 'no'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  batch = g_strdup_printf ("[{\"seq\": 1, \"type\": \"create_customer\", \"args\": {\"id\":"
                           " \"cus-x\", \"kind\": \"person\", \"name\": \"Boom\"}}, %s]", m2);
  answer = push (f, batch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (answer, "last_seq"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (result_of (answer, 0), "outcome"), ==,
                   "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_of (answer, 0), "code"), ==, "invalid");
  g_assert_cmpstr (json_object_get_string_member (result_of (answer, 1), "outcome"), ==, "applied");
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers WHERE id = 'cus-x'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE row_id = 'cus-x'"), ==, 0);
}

/* A failing database stops the batch and leaves nothing of the failing mutation. */
static void
test_push_database_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) a1 = NULL, failed = NULL, a2 = NULL;
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m2 = book (2, "apt-2", MONDAY_0910, "cus-1");
  g_autofree char *batch = g_strdup_printf ("[%s]", m2);
  gint64 log_size;

  a1 = push_one (f, m1, "applied", "");
  log_size = count (f, "SELECT count(*) FROM change_log");
  g_assert_cmpint (sqlite3_exec (handle (f), "PRAGMA query_only = ON", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  failed = push (f, batch, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE);
  g_assert_null (failed);
  g_assert_cmpint (sqlite3_exec (handle (f), "PRAGMA query_only = OFF", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (loket_store_get_device_seq (f->store, f->device_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM mutation_outcomes"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, log_size);

  /* The desk sends it again once the server is well. */
  a2 = push_one (f, m2, "applied", "");
  g_assert_cmpint (json_object_get_int_member (a2, "last_seq"), ==, 2);
}

/* ---- pull ----------------------------------------------------------------------------------- */

static void
test_pull (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 total = count (f, "SELECT count(*) FROM change_log");
  gint64 last = count (f, "SELECT max(seq) FROM change_log");
  gint64 cursor = 0, seen = 0;
  gboolean more = TRUE;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonObject) one = NULL;

  g_assert_cmpint (total, >, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity IN"
                          " ('user_secrets', 'devices', 'mutation_outcomes')"), ==, 0);
  while (more)
    {
      JsonArray *changes;

      g_clear_pointer (&page, json_object_unref);
      page = loket_store_pull (f->store, f->device_id, cursor, 2, &error);
      g_assert_no_error (error);
      changes = json_object_get_array_member (page, "changes");
      more = json_object_get_boolean_member (page, "more");
      /* Two entries looked at; the customer nobody links to anna is left out. */
      g_assert_cmpuint (json_array_get_length (changes), <=, 2);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          JsonObject *row = json_object_get_object_member (change, "row");
          const char *entity = json_object_get_string_member (change, "entity");

          g_assert_cmpint (json_object_get_int_member (change, "seq"), >, cursor);
          g_assert_cmpstr (json_object_get_string_member (change, "id"), !=, "cus-1");
          g_assert_cmpstr (json_object_get_string_member (change, "op"), ==, "upsert");
          g_assert_nonnull (row);
          g_assert_cmpstr (json_object_get_string_member (row, g_str_equal (entity, "holidays")
                                                          ? "date" : "id"), ==,
                           json_object_get_string_member (change, "id"));
        }
      g_assert_cmpint (json_object_get_int_member (page, "cursor"), >, cursor);
      cursor = json_object_get_int_member (page, "cursor");
      seen += json_array_get_length (changes);
    }
  g_assert_cmpint (seen, ==, total - 1);
  g_assert_cmpint (cursor, ==, last);

  empty = loket_store_pull (f->store, f->device_id, cursor, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (empty, "cursor"), ==, cursor);
  g_assert_false (json_object_get_boolean_member (empty, "more"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty, "changes")), ==, 0);

  one = loket_store_pull (f->store, f->device_id, 0, 0, &error);  /* clamped to 1 */
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (one, "changes")), ==, 1);
  g_assert_true (json_object_get_boolean_member (one, "more"));

  g_assert_null (loket_store_pull (f->store, f->device_id, -1, 10, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* Pulls everything from 0 as device_id does at its first sync, and once more from where it
 * ended, as its next sync does (which acknowledges that cursor); the cursor it ends at. */
static gint64
pull_all (Fixture *f, const char *device_id, JsonArray *into)
{
  gint64 cursor = 0;
  gboolean more = TRUE;
  guint extra = 1;

  while (more || extra-- > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) page = loket_store_pull (f->store, device_id, cursor, 100, &error);
      JsonArray *changes;

      g_assert_no_error (error);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; into != NULL && i < json_array_get_length (changes); i++)
        json_array_add_element (into, json_node_copy (json_array_get_element (changes, i)));
      more = json_object_get_boolean_member (page, "more");
      cursor = json_object_get_int_member (page, "cursor");
    }
  return cursor;
}

static void
test_pull_tombstone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) merged = NULL, page = NULL;
  gint64 cursor = pull_all (f, f->device_id, NULL);
  JsonObject *change;

  merged = push_one (f, "{\"seq\": 1, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-dup\","
                        " \"kind\": \"person\", \"name\": \"J. Jansen\", \"bsn\": \"123456782\"}}",
                     "applied", "merged");
  page = loket_store_pull (f->store, f->device_id, cursor, 10, &error);
  g_assert_no_error (error);
  /* The duplicate's tombstone, and the survivor, which the user may see from now on (they made
   * its duplicate), logged again for their desks. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 2);
  change = json_array_get_object_element (json_object_get_array_member (page, "changes"), 0);
  g_assert_cmpstr (json_object_get_string_member (change, "op"), ==, "delete");
  g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "customers");
  g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, "cus-dup");
  g_assert_true (json_object_get_null_member (change, "row"));
  change = json_array_get_object_element (json_object_get_array_member (page, "changes"), 1);
  g_assert_cmpstr (json_object_get_string_member (change, "op"), ==, "upsert");
  g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "customers");
  g_assert_cmpstr (json_object_get_string_member (change, "id"), ==,
                   json_object_get_string_member (details_of (merged, 0), "survivor_id"));
}

/* ---- scope, resync and compaction ---------------------------------------------------------- */

/* A pull from since that the store refuses with LOKET_STORE_ERROR code. */
static void
assert_resync (Fixture *f, const char *device_id, gint64 since, LoketStoreError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = loket_store_pull (f->store, device_id, since, 10, &error);

  g_assert_null (page);
  g_assert_error (error, LOKET_STORE_ERROR, (gint) code);
}

static char *
second_device (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) login = loket_store_login (f->store, "anna", "geheim", "Balie 2", &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (login, "device_id"));
}

static void
test_scope_rules_cover_entities (void)
{
  const char *const *entities = loket_schema_entities ();

  for (guint i = 0; entities[i] != NULL; i++)
    g_assert_true (loket_store_scope_knows (entities[i]));
}

static void
test_scope_changed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autofree char *again = NULL;
  gint64 cursor = pull_all (f, f->device_id, NULL);

  /* Never pulled from 0: nothing is known about what its replica holds. */
  again = second_device (f);
  assert_resync (f, again, cursor, LOKET_STORE_ERROR_SCOPE_CHANGED);
  /* Signing in again on the same replica goes on from its cursor. */
  g_assert_true (loket_store_continue_device (f->store, again, f->device_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pull_all (f, again, NULL), ==, cursor);

  g_assert_null (loket_store_move_user (f->store, "bob", "loc-2", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_store_move_user (f->store, "anna", "Nergens", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  moved = loket_store_move_user (f->store, "anna", "wijkkantoor", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (moved, "location"), ==, "Wijkkantoor");
  /* The move is logged; the device must download again, and can. */
  g_assert_cmpint (count (f, "SELECT max(seq) FROM change_log WHERE entity = 'users'"), >, cursor);
  assert_resync (f, f->device_id, cursor, LOKET_STORE_ERROR_SCOPE_CHANGED);
  cursor = pull_all (f, f->device_id, NULL);
  g_assert_cmpint (cursor, ==, count (f, "SELECT max(seq) FROM change_log"));
}

static void
test_compaction (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 100);
  g_autofree char *behind = second_device (f);
  LoketStoreCompaction result;
  gint64 early = pull_all (f, behind, NULL), tombstone, cursor;

  merged = push_one (f, "{\"seq\": 1, \"type\": \"create_customer\", \"args\": {\"id\": \"cus-dup\","
                        " \"kind\": \"person\", \"name\": \"J. Jansen\", \"bsn\": \"123456782\"}}",
                     "applied", "merged");
  tombstone = count (f, "SELECT seq FROM change_log WHERE op = 'delete'");
  g_assert_cmpint (tombstone, >, early);

  /* Both devices are active and one is behind the tombstone: it stays. */
  cursor = pull_all (f, f->device_id, NULL);
  g_assert_cmpint (cursor, >=, tombstone);
  g_assert_true (loket_store_compact (f->store, 90, now, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.active, ==, 2);
  g_assert_cmpint (result.oldest_cursor, ==, early);
  g_assert_cmpint (result.tombstones, ==, 0);
  g_assert_cmpint (result.horizon, ==, 0);
  g_assert_cmpint (loket_store_get_horizon (f->store), ==, 0);

  /* A hundred days later nobody is active: the tombstone goes, the horizon passes it. */
  g_assert_true (loket_store_compact (f->store, 90, later, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.active, ==, 0);
  g_assert_cmpint (result.tombstones, ==, 1);
  g_assert_cmpint (result.horizon, ==, tombstone);
  g_assert_cmpint (loket_store_get_horizon (f->store), ==, tombstone);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE op = 'delete'"), ==, 0);
  /* Every row keeps exactly its newest entry. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM (SELECT 1 FROM change_log"
                             " GROUP BY entity, row_id HAVING count(*) > 1)"), ==, 0);

  /* The desk that had seen the tombstone goes on; the one behind it starts over, and then goes
   * on even from cursors below the horizon, which its new full pull started after. */
  assert_resync (f, behind, early, LOKET_STORE_ERROR_CURSOR_COMPACTED);
  {
    g_autoptr(JsonObject) on = loket_store_pull (f->store, f->device_id, cursor, 10, &error);
    g_autoptr(JsonObject) first = NULL;
    g_autoptr(JsonObject) second = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (on);
    first = loket_store_pull (f->store, behind, 0, 1, &error);

    g_assert_no_error (error);
    second = loket_store_pull (f->store, behind, json_object_get_int_member (first, "cursor"), 1,
                               &error);
    g_assert_no_error (error);
    g_assert_nonnull (second);
  }
}

static void
test_customer_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(JsonArray) none = NULL;
  static const char *const refused[] = { "", "ab", "Jan", "Jansen 1980-13-01", "J 2029-01-01",
                                         "1234", "12 34 56 78 90 12" };
  gboolean seen = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonArray) bad = loket_store_search_customers (f->store, f->device_id,
                                                               refused[i], &error);

      g_assert_null (bad);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* Not linked to anything anna sees: not on her replica until she searches for it. */
  pull_all (f, f->device_id, changes);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, i),
                                                    "id"), !=, "cus-1");
  none = loket_store_search_customers (f->store, f->device_id, "Jansen 1999-01-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  found = loket_store_search_customers (f->store, f->device_id, "1234.56.782", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "id"),
                   ==, "cus-1");
  g_clear_pointer (&changes, json_array_unref);
  changes = json_array_new ();
  pull_all (f, f->device_id, changes);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    seen |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (changes, i),
                                                      "id"), "cus-1") == 0;
  g_assert_true (seen);
}

/* ---- public --------------------------------------------------------------------------------- */

static void
assert_no_personal_data (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_null (strstr (text, CUSTOMER_NAME));
  g_assert_null (strstr (text, CUSTOMER_BSN));
  g_assert_null (strstr (text, "cus-1"));
  g_assert_null (strstr (text, "verlopen paspoort"));
  g_assert_null (strstr (text, "Anna"));
}

static void
assert_public_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  assert_no_personal_data (node);
}

static void
assert_public_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  assert_no_personal_data (node);
}

static void
test_public (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) products = NULL, locations = NULL, none = NULL;
  g_autoptr(JsonObject) booked = NULL, availability = NULL, later = NULL, bad = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_utc (2029, 12, 1, 8, 0, 0);
  g_autoptr(GDateTime) monday_ten = g_date_time_new_utc (2030, 1, 7, 9, 0, 0);
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  JsonArray *days, *times;
  JsonObject *product;
  GDate sunday;

  booked = push_one (f, m1, "applied", "");

  products = loket_store_public_products (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (products), ==, 2);  /* not the internal one */
  product = json_array_get_object_element (products, 0);
  g_assert_cmpstr (json_object_get_string_member (product, "id"), ==, "prd-pas");
  g_assert_cmpstr (json_object_get_string_member (product, "name"), ==, "Paspoort");
  g_assert_cmpstr (json_object_get_string_member (product, "group"), ==, "Burgerzaken");
  g_assert_cmpint (json_object_get_int_member (product, "norm_minutes"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (product, "description"), ==,
                   "Een paspoort aanvragen");
  assert_public_array (products);

  locations = loket_store_public_locations (f->store, "prd-pas", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (locations), ==, 1);  /* not the wijkkantoor */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (locations, 0),
                                                  "id"), ==, "loc-1");
  assert_public_array (locations);
  none = loket_store_public_locations (f->store, "prd-intern", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);
  none = loket_store_public_locations (f->store, "prd-nope", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Sunday (closed), Monday (all 18 slots: the desk booking used the desk share), Tuesday. */
  g_date_clear (&sunday, 1);
  g_date_set_dmy (&sunday, 6, G_DATE_JANUARY, 2030);
  availability = loket_store_public_availability (f->store, "prd-pas", "loc-1", &sunday, 3,
                                                  before, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (availability, "product"), ==, "prd-pas");
  days = json_object_get_array_member (availability, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0), "date"),
                   ==, "2030-01-06");
  times = json_object_get_array_member (json_array_get_object_element (days, 0), "times");
  g_assert_cmpuint (json_array_get_length (times), ==, 0);
  times = json_object_get_array_member (json_array_get_object_element (days, 1), "times");
  g_assert_cmpuint (json_array_get_length (times), ==, 18);
  g_assert_cmpstr (json_array_get_string_element (times, 0), ==, "09:00");
  g_assert_cmpstr (json_array_get_string_element (times, 17), ==, "11:50");
  for (guint i = 1; i < json_array_get_length (times); i++)
    g_assert_cmpstr (json_array_get_string_element (times, i - 1), <,
                     json_array_get_string_element (times, i));
  assert_public_object (availability);

  /* Nothing before now (10:00 local). */
  later = loket_store_public_availability (f->store, "prd-pas", "loc-1", &sunday, 2, monday_ten,
                                           &error);
  g_assert_no_error (error);
  days = json_object_get_array_member (later, "days");
  times = json_object_get_array_member (json_array_get_object_element (days, 1), "times");
  g_assert_cmpuint (json_array_get_length (times), >, 0);
  g_assert_cmpstr (json_array_get_string_element (times, 0), >=, "10:00");

  /* The rule's booking window binds the web: opening 30 days ahead and closing the day before,
   * with two hours' notice, Monday is not published on 1 December nor on Monday itself. */
  g_assert_true (loket_db_exec (loket_store_get_db (f->store), "UPDATE availability_rules SET"
                                " opens_days = 30, closes_days = 1, min_notice_minutes = 120",
                                &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) early = loket_store_public_availability (f->store, "prd-pas", "loc-1",
                                                                   &sunday, 3, before, &error);
    g_autoptr(JsonObject) same_day = loket_store_public_availability (f->store, "prd-pas",
                                                                      "loc-1", &sunday, 3,
                                                                      monday_ten, &error);
    g_autoptr(GDateTime) friday = g_date_time_new_utc (2030, 1, 4, 9, 0, 0);
    g_autoptr(JsonObject) in_window = loket_store_public_availability (f->store, "prd-pas",
                                                                       "loc-1", &sunday, 3,
                                                                       friday, &error);

    g_assert_no_error (error);
    days = json_object_get_array_member (early, "days");
    times = json_object_get_array_member (json_array_get_object_element (days, 1), "times");
    g_assert_cmpuint (json_array_get_length (times), ==, 0);
    days = json_object_get_array_member (same_day, "days");
    times = json_object_get_array_member (json_array_get_object_element (days, 1), "times");
    g_assert_cmpuint (json_array_get_length (times), ==, 0);
    days = json_object_get_array_member (in_window, "days");
    times = json_object_get_array_member (json_array_get_object_element (days, 1), "times");
    g_assert_cmpuint (json_array_get_length (times), ==, 18);
  }

  /* Web bookings out of order, one of them from Saturday noon into Monday 09:30 (a day's
   * question holds only the bookings that can touch that day, found by start: a long one
   * that began two days before must still count), one on Tuesday, one a week later. */
  g_assert_true (loket_db_exec (loket_store_get_db (f->store),
    "UPDATE availability_rules SET opens_days = 120, closes_days = 0, min_notice_minutes = 0;"
    "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, channel,"
    " created_at) VALUES"
    " ('web-3', 'prd-pas', 'cap-1', '2030-01-14T08:00:00Z', '2030-01-14T08:10:00Z', 'web',"
    "  '2029-12-01T08:00:00Z'),"
    " ('web-2', 'prd-pas', 'cap-1', '2030-01-08T08:00:00Z', '2030-01-08T08:10:00Z', 'web',"
    "  '2029-12-01T08:00:00Z'),"
    " ('web-1', 'prd-pas', 'cap-1', '2030-01-05T12:00:00Z', '2030-01-07T08:30:00Z', 'web',"
    "  '2029-12-01T08:00:00Z')", &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) booked_web = loket_store_public_availability (f->store, "prd-pas",
                                                                        "loc-1", &sunday, 9,
                                                                        before, &error);
    const char *firsts[] = { NULL, "09:30", "09:10", "09:00", "09:00", "09:00", NULL, NULL,
                             "09:10" };

    g_assert_no_error (error);
    days = json_object_get_array_member (booked_web, "days");
    for (guint i = 0; i < G_N_ELEMENTS (firsts); i++)
      {
        times = json_object_get_array_member (json_array_get_object_element (days, i), "times");
        if (firsts[i] == NULL)
          g_assert_cmpuint (json_array_get_length (times), ==, 0);
        else
          g_assert_cmpstr (json_array_get_string_element (times, 0), ==, firsts[i]);
      }
  }

  bad = loket_store_public_availability (f->store, "prd-pas", "loc-nope", &sunday, 1, before,
                                         &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bad = loket_store_public_availability (f->store, "prd-intern", "loc-1", &sunday, 1, before,
                                         &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (bad);
}

/* ---- durability ----------------------------------------------------------------------------- */

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *m1 = book (1, "apt-1", MONDAY_0900, "cus-1");
  g_autofree char *m2 = book (2, "apt-2", MONDAY_0900, "cus-1");
  g_autofree char *device = NULL;
  g_autoptr(JsonObject) a1 = NULL, a1_again = NULL, a2 = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2030, 1, 1, 8, 0, 0);
  gint64 log_size;

  a1 = push_one (f, m1, "applied", "");
  log_size = count (f, "SELECT count(*) FROM change_log");
  g_clear_object (&f->store);

  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (loket_store_is_empty (f->store));
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, log_size);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE status = 'booked'"), ==, 1);
  g_assert_cmpint (loket_store_get_device_seq (f->store, f->device_id), ==, 1);
  device = loket_store_authenticate (f->store, f->token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device, ==, f->device_id);

  /* The number is still known, and the place is still taken. */
  a1_again = push_one (f, m1, "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 1);
  a2 = push_one (f, m2, "rejected", "slot_taken");

  /* The demo never loads over existing data. */
  g_assert_false (loket_store_load_demo (f->store, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* The demo loads into an empty store only, and every row it writes is in the log for desks. */
static void
test_load_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("loket-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2030, 1, 7, 8, 0, 0);
  g_autoptr(LoketStore) store = loket_store_open (path, &error);
  Fixture f = { .store = store };
  g_autoptr(JsonObject) login = NULL;
  g_autofree char *username = NULL;
  gint64 rows = 0;

  g_assert_no_error (error);
  g_assert_true (loket_store_load_demo (store, now, &error));
  g_assert_no_error (error);
  g_assert_false (loket_store_is_empty (store));
  for (const char *const *entity = loket_schema_entities (); *entity != NULL; entity++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", *entity);

      rows += count (&f, sql);
    }
  g_assert_cmpint (rows, >, 0);
  g_assert_cmpint (count (&f, "SELECT count(*) FROM change_log WHERE op = 'upsert'"), ==, rows);
  g_assert_cmpint (count (&f, "SELECT count(*) FROM change_log WHERE entity = 'user_secrets'"),
                   ==, 0);

  username = value (&f, "SELECT username FROM users ORDER BY id LIMIT 1");
  login = loket_store_login (store, username, LOKET_DEMO_PASSWORD, "Demo", &error);
  g_assert_no_error (error);
  g_assert_nonnull (login);

  g_assert_false (loket_store_load_demo (store, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);

  g_clear_object (&store);
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  password_hash = loket_auth_hash_password ("geheim", &error);
  g_assert_no_error (error);

  g_test_add_func ("/auth/hash-and-token", test_auth_hash);
  g_test_add_func ("/store/load-demo", test_load_demo);
  g_test_add ("/store/login", Fixture, NULL, fixture_setup, test_login, fixture_teardown);
  g_test_add ("/store/push/book", Fixture, NULL, fixture_setup, test_push_book, fixture_teardown);
  g_test_add ("/store/push/replay", Fixture, NULL, fixture_setup, test_push_replay,
              fixture_teardown);
  g_test_add ("/store/push/gap", Fixture, NULL, fixture_setup, test_push_gap, fixture_teardown);
  g_test_add ("/store/push/invalid", Fixture, NULL, fixture_setup, test_push_invalid,
              fixture_teardown);
  g_test_add ("/store/push/invalid-agenda", Fixture, NULL, fixture_setup,
              test_push_invalid_agenda, fixture_teardown);
  g_test_add ("/store/push/merge", Fixture, NULL, fixture_setup, test_push_merge,
              fixture_teardown);
  g_test_add ("/store/push/cancel", Fixture, NULL, fixture_setup, test_push_cancel,
              fixture_teardown);
  g_test_add ("/store/push/refused-by-schema", Fixture, NULL, fixture_setup,
              test_push_refused_by_schema, fixture_teardown);
  g_test_add ("/store/push/database-failure", Fixture, NULL, fixture_setup,
              test_push_database_failure, fixture_teardown);
  g_test_add ("/store/pull/paging", Fixture, NULL, fixture_setup, test_pull, fixture_teardown);
  g_test_add ("/store/pull/tombstone", Fixture, NULL, fixture_setup, test_pull_tombstone,
              fixture_teardown);
  g_test_add_func ("/store/scope/rules-cover-entities", test_scope_rules_cover_entities);
  g_test_add ("/store/scope/changed", Fixture, NULL, fixture_setup, test_scope_changed,
              fixture_teardown);
  g_test_add ("/store/scope/compaction", Fixture, NULL, fixture_setup, test_compaction,
              fixture_teardown);
  g_test_add ("/store/scope/customer-search", Fixture, NULL, fixture_setup, test_customer_search,
              fixture_teardown);
  g_test_add ("/store/public", Fixture, NULL, fixture_setup, test_public, fixture_teardown);
  g_test_add ("/store/reopen", Fixture, NULL, fixture_setup, test_reopen, fixture_teardown);

  status = g_test_run ();
  g_free (password_hash);
  return status;
}
