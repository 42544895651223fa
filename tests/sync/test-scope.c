/* Integration: scoped replication against a real loket-sync with demo data (DESIGN.md items 5
 * and 6; the table of rules is in sync-server/loket-store-scope.c).
 *
 * Desks of different users: balie (Burgerzaken, Stadhuis), noord (Burgerzaken, Servicepunt
 * Noord), kcc (KCC: every location) and backoffice (Vergunningen, Stadhuis).  A confidential
 * case reaches only its team, with its notes and its customer; an appointment elsewhere arrives
 * redacted and still takes its place offline; a customer rides along with an appointment made
 * for them at my location; moving a user makes their desk download again by itself, keeping its
 * outbox; so does compacting the change log past a desk's cursor; the staff customer search
 * refuses what it should. */
#include <libsoup/soup.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-sync-client.h"
#include "loket-test-server.h"

#define WAIT_MS 30000

#define SECRET_CUSTOMER "test-cus-naturalisatie"
#define SECRET_CASE     "test-case-naturalisatie"
#define SECRET_NOTE     "test-note-naturalisatie"
#define SECRET_HISTORY  "test-history-naturalisatie"

typedef struct {
  LoketReplica    *replica;
  LoketSyncClient *client;
} Desk;

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
  GPtrArray       *desks;
} Fixture;

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

/* ---- the server's database ---------------------------------------------------------------- */

static sqlite3 *
open_server_db (Fixture *f, int flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->server_db, &db, flags, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
server_count (Fixture *f, const char *sql, const char *param)
{
  sqlite3 *db = open_server_db (f, SQLITE_OPEN_READONLY);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

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
                            " 'upsert', %s, '2026-01-05T09:00:00Z' FROM %s WHERE id = '%s'",
                            entity, object->str, entity, id);
  server_exec (db, insert);
}

/* A valid BSN that no customer has: 9 digits passing the elfproef. */
static char *
fresh_bsn (Fixture *f)
{
  for (guint seed = 20000000; ; seed += 7919)
    {
      char digits[10];
      int sum = 0;

      g_snprintf (digits, sizeof digits, "%08u0", seed % 100000000);
      for (int i = 0; i < 8; i++)
        sum += (digits[i] - '0') * (9 - i);
      for (int d = 0; d <= 9; d++)
        if ((sum - d) % 11 == 0 && sum > 0)
          {
            digits[8] = (char) ('0' + d);
            if (server_count (f, "SELECT count(*) FROM customers WHERE bsn = ?", digits) == 0)
              return g_strdup (digits);
          }
    }
}

/* A Naturalisatie case (confidential, team Burgerzaken) of a customer nothing else links to,
 * with a note and a status: made on the server as an import would, and logged. */
static void
add_secret_case (Fixture *f)
{
  g_autofree char *bsn = fresh_bsn (f);
  g_autofree char *customer = g_strdup_printf (
    "INSERT INTO customers (id, kind, bsn, name, birth_date, created_at) VALUES ('"
    SECRET_CUSTOMER "', 'person', '%s', 'Nadia Vertrouwelijk', '1980-02-29',"
    " '2026-01-05T09:00:00Z')", bsn);
  sqlite3 *db = open_server_db (f, SQLITE_OPEN_READWRITE);

  server_exec (db, "BEGIN IMMEDIATE");
  server_exec (db, customer);
  server_exec (db, "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id,"
                   " subject, status, team_id, opened_at, deadline)"
                   " SELECT '" SECRET_CASE "', 'TEST-NAT-1', t.id, '" SECRET_CUSTOMER "', p.id,"
                   " 'Naturalisatieverzoek', 'ontvangen', t.team_id, '2026-01-05T09:00:00Z',"
                   " '2026-04-01' FROM case_types t JOIN products p ON p.case_type_id = t.id"
                   " WHERE t.name = 'Naturalisatie' AND t.confidential = 1");
  server_exec (db, "INSERT INTO notes (id, case_id, customer_id, body, created_at) VALUES ('"
                   SECRET_NOTE "', '" SECRET_CASE "', '" SECRET_CUSTOMER "',"
                   " 'Vertrouwelijk: stukken IND ontvangen', '2026-01-05T09:00:00Z')");
  server_exec (db, "INSERT INTO case_status_history (id, case_id, status, at) VALUES ('"
                   SECRET_HISTORY "', '" SECRET_CASE "', 'ontvangen', '2026-01-05T09:00:00Z')");
  server_log_row (db, "customers", SECRET_CUSTOMER);
  server_log_row (db, "cases", SECRET_CASE);
  server_log_row (db, "notes", SECRET_NOTE);
  server_log_row (db, "case_status_history", SECRET_HISTORY);
  server_exec (db, "COMMIT");
  sqlite3_close (db);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM cases WHERE id = ?", SECRET_CASE), ==, 1);
}

/* Runs loket-sync with a command on the server's database; its exit status. */
static int
run_admin (Fixture *f, const char *const *args, char **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("LOKET_SYNC_BIN"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->server_db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (argv->pdata[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("loket-sync said: %s", err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* ---- desks -------------------------------------------------------------------------------- */

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
sync_ok (Desk *desk)
{
  Wait wait = { 0 };

  loket_sync_client_sync_async (desk->client, NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

/* A desk of username, signed in and synced. */
static Desk *
desk_new (Fixture *f, const char *username)
{
  g_autofree char *name = g_strdup_printf ("desk-%s-%u.db", username, f->desks->len);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  Desk *desk = g_new0 (Desk, 1);
  Wait wait = { 0 };

  desk->replica = loket_replica_open (path, &error);
  g_assert_no_error (error);
  desk->client = loket_sync_client_new (desk->replica);
  g_ptr_array_add (f->desks, desk);
  loket_sync_client_login_async (desk->client, f->server->url, username, "demo", name, NULL,
                                 on_done, &wait);
  loket_test_wait_for (&wait.done, WAIT_MS);
  g_assert_no_error (wait.error);
  sync_ok (desk);
  return desk;
}

static void
desk_free (gpointer data)
{
  Desk *desk = data;

  g_clear_object (&desk->client);
  g_clear_object (&desk->replica);
  g_free (desk);
}

static gboolean
has_row (Desk *desk, const char *entity, const char *id)
{
  g_autoptr(JsonObject) row = loket_db_get_row (loket_replica_get_db (desk->replica), entity, id,
                                                NULL);

  return row != NULL;
}

static JsonObject *
desk_row (Desk *desk, const char *entity, const char *id)
{
  JsonObject *row = loket_db_get_row (loket_replica_get_db (desk->replica), entity, id, NULL);

  g_assert_nonnull (row);
  return row;
}

static gint64
desk_count (Desk *desk, const char *sql, const char *param)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (desk->replica), sql,
                                                   NULL);

  g_assert_nonnull (stmt);
  loket_db_bind_text (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Every replicated row of a desk, in order, as text: two desks that hold the same rows have the
 * same digest. */
static char *
desk_digest (Desk *desk)
{
  const char *const *entities = loket_schema_entities ();
  GString *digest = g_string_new (NULL);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", entities[i]);
      g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (desk->replica),
                                                       sql, NULL);

      g_string_append_printf (digest, "[%s]", entities[i]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
          g_autofree char *text = loket_protocol_to_string (row);

          g_string_append (digest, text);
        }
    }
  return g_string_free (digest, FALSE);
}

static char *
server_text (Fixture *f, const char *sql)
{
  char *text = loket_test_db_text (f->server_db, sql);

  g_assert_nonnull (text);
  return text;
}

/* A future day with a slot that has exactly one desk place left at a capacity of location. */
static gboolean
find_last_place (Desk *desk, const char *location, char **capacity_id, char **product_id,
                 gint64 *start)
{
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (desk->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint day = 1; day <= 28; day++)
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(GListModel) products = loket_replica_list_products (
          desk->replica, loket_record_get_id (capacity));
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
        slots = loket_replica_free_slots (desk->replica, loket_record_get_id (capacity),
                                          loket_record_get_id (product), &date, now, NULL);
        for (guint s = 0; slots != NULL && s < slots->len; s++)
          if (g_array_index (slots, LoketSlot, s).free == 1)
            {
              *capacity_id = g_strdup (loket_record_get_id (capacity));
              *product_id = g_strdup (loket_record_get_id (product));
              *start = g_array_index (slots, LoketSlot, s).start;
              return TRUE;
            }
      }
  return FALSE;
}

static char *
create_customer (Fixture *f, Desk *desk, const char *name)
{
  g_autofree char *bsn = fresh_bsn (f);
  LoketCustomerInput in = { .name = name, .bsn = bsn, .birth_date = "1975-05-05",
                            .preferred_channel = "email" };
  g_autoptr(GError) error = NULL;
  char *id = loket_replica_create_customer (desk->replica, &in, &error);

  g_assert_no_error (error);
  return id;
}

static char *
book (Desk *desk, const char *capacity_id, const char *product_id, gint64 start,
      const char *customer_id, GError **error)
{
  LoketBookingInput in = { .product_id = product_id, .capacity_id = capacity_id,
                           .customer_id = customer_id, .start = start,
                           .reason = "Persoonlijke reden", .mode = "fysiek" };

  return loket_replica_book_appointment (desk->replica, &in, error);
}

/* ---- fixture ------------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("loket-scope-XXXXXX", NULL);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->server = loket_test_server_start (f->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  f->desks = g_ptr_array_new_with_free_func (desk_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->desks, g_ptr_array_unref);
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void
test_confidential_case (Fixture *f, gconstpointer data)
{
  Desk *balie, *kcc, *backoffice;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *user = NULL;

  add_secret_case (f);
  balie = desk_new (f, "balie");
  kcc = desk_new (f, "kcc");
  backoffice = desk_new (f, "backoffice");

  /* Team Burgerzaken sees the case, its note, its history and its customer. */
  g_assert_true (has_row (balie, "cases", SECRET_CASE));
  g_assert_true (has_row (balie, "notes", SECRET_NOTE));
  g_assert_true (has_row (balie, "case_status_history", SECRET_HISTORY));
  g_assert_true (has_row (balie, "customers", SECRET_CUSTOMER));

  /* Nobody else does, not even KCC that works for every location. */
  for (guint i = 0; i < 2; i++)
    {
      Desk *other = i == 0 ? kcc : backoffice;

      g_assert_false (has_row (other, "cases", SECRET_CASE));
      g_assert_false (has_row (other, "notes", SECRET_NOTE));
      g_assert_false (has_row (other, "case_status_history", SECRET_HISTORY));
      g_assert_false (has_row (other, "customers", SECRET_CUSTOMER));
      g_assert_cmpint (desk_count (other, "SELECT count(*) FROM customers WHERE name = ?",
                                   "Nadia Vertrouwelijk"), ==, 0);
    }
  /* The other confidential cases of the demo go the same way. */
  g_assert_cmpint (desk_count (kcc, "SELECT count(*) FROM cases k JOIN case_types t"
                                    " ON t.id = k.case_type_id WHERE t.confidential = ?", "1"),
                   ==, 0);
  g_assert_cmpint (desk_count (balie, "SELECT count(*) FROM cases k JOIN case_types t"
                                      " ON t.id = k.case_type_id WHERE t.confidential = ?", "1"),
                   ==, server_count (f, "SELECT count(*) FROM cases k JOIN case_types t"
                                        " ON t.id = k.case_type_id WHERE t.confidential = ?",
                                     "1"));
  /* Everyone has every appointment (the slot engine needs them); non-confidential cases too. */
  g_assert_cmpint (desk_count (backoffice, "SELECT count(*) FROM appointments WHERE ? IS NULL",
                               NULL),
                   ==, server_count (f, "SELECT count(*) FROM appointments", NULL));
  g_assert_cmpint (desk_count (backoffice, "SELECT count(*) FROM cases WHERE ? IS NULL", NULL),
                   ==, server_count (f, "SELECT count(*) FROM cases k JOIN case_types t"
                                        " ON t.id = k.case_type_id WHERE t.confidential = 0",
                                     NULL));
  user = server_text (f, "SELECT id FROM users WHERE username = 'balie'");
  row = desk_row (kcc, "users", user);
  g_assert_cmpstr (json_object_get_string_member (row, "username"), ==, "balie");
}

static void
test_redacted_appointment (Fixture *f, gconstpointer data)
{
  Desk *noord = desk_new (f, "noord");
  Desk *balie = desk_new (f, "balie");
  Desk *kcc = desk_new (f, "kcc");
  g_autofree char *noord_location = server_text (f, "SELECT id FROM locations"
                                                    " WHERE name = 'Servicepunt Noord'");
  g_autofree char *capacity = NULL, *product = NULL, *customer = NULL, *id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = 0;

  g_assert_true (find_last_place (noord, noord_location, &capacity, &product, &start));
  customer = create_customer (f, noord, "Bram Noorderling");
  id = book (noord, capacity, product, start, customer, &error);
  g_assert_no_error (error);
  sync_ok (noord);
  sync_ok (balie);
  sync_ok (kcc);

  /* At another location and not made by balie: only its place reaches balie. */
  row = desk_row (balie, "appointments", id);
  g_assert_true (json_object_get_null_member (row, "customer_id"));
  g_assert_true (json_object_get_null_member (row, "case_id"));
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_assert_false (has_row (balie, "customers", customer));
  g_assert_cmpint (desk_count (balie, "SELECT count(*) FROM customers WHERE name = ?",
                               "Bram Noorderling"), ==, 0);
  /* KCC books for every location: it sees the booking whole. */
  g_clear_pointer (&row, json_object_unref);
  row = desk_row (kcc, "appointments", id);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, customer);
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "Persoonlijke reden");
  g_assert_true (has_row (kcc, "customers", customer));

  /* The redacted booking still takes its place: balie cannot book it offline. */
  again = book (balie, capacity, product, start, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN);
  g_assert_null (again);
}

static void
test_customer_rides_along (Fixture *f, gconstpointer data)
{
  Desk *noord = desk_new (f, "noord");
  Desk *balie = desk_new (f, "balie");
  g_autofree char *stadhuis = server_text (f, "SELECT id FROM locations WHERE name = 'Stadhuis'");
  g_autofree char *capacity = NULL, *product = NULL, *customer = NULL, *id = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = 0;

  /* A customer only noord knows; balie syncs and does not get them. */
  customer = create_customer (f, noord, "Sevda Meereiziger");
  sync_ok (noord);
  sync_ok (balie);
  g_assert_false (has_row (balie, "customers", customer));

  /* noord books them at the Stadhuis: balie's next sync brings the booking and the customer. */
  g_assert_true (find_last_place (noord, stadhuis, &capacity, &product, &start));
  id = book (noord, capacity, product, start, customer, &error);
  g_assert_no_error (error);
  sync_ok (noord);
  sync_ok (balie);
  row = desk_row (balie, "appointments", id);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, customer);
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "Persoonlijke reden");
  g_clear_pointer (&row, json_object_unref);
  row = desk_row (balie, "customers", customer);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Sevda Meereiziger");
}

static void
on_resyncing (LoketSyncClient *client, GParamSpec *pspec, gpointer data)
{
  if (loket_sync_client_get_resyncing (client))
    {
      g_assert_cmpfloat (loket_sync_client_get_progress (client), ==, 0.0);
      g_assert_nonnull (loket_sync_client_get_resync_reason (client));
      (*(guint *) data)++;
    }
}

static void
test_move_user (Fixture *f, gconstpointer data)
{
  const char *const move[] = { "move-user", "balie", "--team", "Vergunningen", "--location",
                               "Servicepunt Noord", NULL };
  Desk *balie, *noord;
  g_autofree char *noord_location = server_text (f, "SELECT id FROM locations"
                                                    " WHERE name = 'Servicepunt Noord'");
  g_autofree char *capacity = NULL, *product = NULL, *customer = NULL, *id = NULL;
  g_autofree char *offline = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint resyncs = 0;
  gint64 start = 0;

  add_secret_case (f);
  balie = desk_new (f, "balie");
  noord = desk_new (f, "noord");
  g_assert_true (find_last_place (noord, noord_location, &capacity, &product, &start));
  customer = create_customer (f, noord, "Koen Noordzijde");
  id = book (noord, capacity, product, start, customer, &error);
  g_assert_no_error (error);
  sync_ok (noord);
  sync_ok (balie);
  g_assert_true (has_row (balie, "cases", SECRET_CASE));
  g_assert_false (has_row (balie, "customers", customer));

  /* While balie is offline, a change waits in its outbox; meanwhile balie moves. */
  offline = create_customer (f, balie, "Offline Klant");
  g_assert_cmpuint (loket_replica_count_pending (balie->replica), ==, 1);
  g_assert_cmpint (run_admin (f, move, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Vergunningen"));

  g_signal_connect (balie->client, "notify::resyncing", G_CALLBACK (on_resyncing), &resyncs);
  sync_ok (balie);
  g_assert_cmpuint (resyncs, ==, 1);
  g_assert_false (loket_sync_client_get_resyncing (balie->client));

  /* Burgerzaken's confidential case is gone; Servicepunt Noord's booking is whole now. */
  g_assert_false (has_row (balie, "cases", SECRET_CASE));
  g_assert_false (has_row (balie, "notes", SECRET_NOTE));
  g_assert_false (has_row (balie, "customers", SECRET_CUSTOMER));
  row = desk_row (balie, "appointments", id);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, customer);
  g_assert_true (has_row (balie, "customers", customer));
  /* The offline change was sent and its customer, made here, stayed. */
  g_assert_cmpuint (loket_replica_count_pending (balie->replica), ==, 0);
  g_assert_true (has_row (balie, "customers", offline));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM customers WHERE id = ?", offline), ==, 1);

  /* The next sync goes on as usual. */
  sync_ok (balie);
  g_assert_cmpuint (resyncs, ==, 1);
}

static void
test_start_over_keeps_outbox (Fixture *f, gconstpointer data)
{
  Desk *balie = desk_new (f, "balie");
  g_autofree char *kase = server_text (f, "SELECT k.id FROM cases k JOIN case_types t"
                                          " ON t.id = k.case_type_id WHERE t.confidential = 0"
                                          " ORDER BY k.id LIMIT 1");
  g_autoptr(GError) error = NULL;
  g_autofree char *note = loket_replica_add_note (balie->replica, kase, NULL,
                                                  "Nog niet verstuurd", &error);
  g_autofree char *token = loket_replica_dup_state (balie->replica, "token");
  g_autofree char *token_after = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_replica_start_over (balie->replica, &error));
  g_assert_no_error (error);
  /* Every row is gone but the pending note, replayed; the session and outbox stay. */
  g_assert_cmpint (loket_replica_get_cursor (balie->replica), ==, 0);
  g_assert_cmpint (desk_count (balie, "SELECT count(*) FROM appointments WHERE ? IS NULL", NULL),
                   ==, 0);
  g_assert_true (has_row (balie, "notes", note));
  g_assert_cmpuint (loket_replica_count_pending (balie->replica), ==, 1);
  token_after = loket_replica_dup_state (balie->replica, "token");
  g_assert_cmpstr (token_after, ==, token);

  sync_ok (balie);
  g_assert_cmpuint (loket_replica_count_pending (balie->replica), ==, 0);
  g_assert_true (has_row (balie, "notes", note));
  g_assert_true (has_row (balie, "cases", kase));
}

static void
test_compact_resync (Fixture *f, gconstpointer data)
{
  const char *const compact[] = { "compact", "--active-days", "0", NULL };
  Desk *away, *other, *fresh;
  g_autofree char *bsn = NULL;
  LoketCustomerInput in = { .name = "Dubbele Klant", .preferred_channel = "email" };
  g_autofree char *duplicate = NULL;
  g_autofree char *out = NULL;
  g_autofree char *digest_away = NULL, *digest_fresh = NULL;
  g_autoptr(GError) error = NULL;
  guint resyncs = 0;
  gint64 tombstone;

  /* KCC does not have the customer of the confidential case: a duplicate made there is merged,
   * which leaves a tombstone after the cursor of the desk that is away. */
  add_secret_case (f);
  away = desk_new (f, "balie");
  other = desk_new (f, "kcc");
  bsn = server_text (f, "SELECT bsn FROM customers WHERE id = '" SECRET_CUSTOMER "'");
  in.bsn = bsn;
  duplicate = loket_replica_create_customer (other->replica, &in, &error);
  g_assert_no_error (error);
  sync_ok (other);
  tombstone = server_count (f, "SELECT max(seq) FROM change_log WHERE op = 'delete'"
                               " AND row_id = ?", duplicate);
  g_assert_cmpint (tombstone, >, loket_replica_get_cursor (away->replica));

  /* No device counts as active: the tombstone goes and the horizon passes the cursor. */
  g_assert_cmpint (run_admin (f, compact, &out), ==, 0);
  g_assert_nonnull (strstr (out, "tombstones"));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM change_log WHERE op = 'delete'", NULL),
                   ==, 0);
  g_assert_cmpint (server_count (f, "SELECT CAST (value AS INTEGER) FROM server_state"
                                    " WHERE key = 'compaction_horizon'", NULL), >=, tombstone);

  g_signal_connect (away->client, "notify::resyncing", G_CALLBACK (on_resyncing), &resyncs);
  sync_ok (away);
  g_assert_cmpuint (resyncs, ==, 1);

  /* It ends equal to a desk of the same user that signs in now. */
  fresh = desk_new (f, "balie");
  digest_away = desk_digest (away);
  digest_fresh = desk_digest (fresh);
  g_assert_cmpstr (digest_away, ==, digest_fresh);
}

/* ---- the customer search ------------------------------------------------------------------ */

static guint
search (Fixture *f, const char *token, const char *query, JsonObject **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *escaped = query != NULL ? g_uri_escape_string (query, NULL, FALSE) : NULL;
  g_autofree char *uri = g_strconcat (f->server->url, "/v1/customers",
                                      escaped != NULL ? "?q=" : "", escaped, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (body, &size);
  *answer = loket_protocol_parse_object (data, size, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static void
assert_refused (Fixture *f, const char *token, const char *query, guint status,
                const char *code, const char *words)
{
  g_autoptr(JsonObject) answer = NULL;

  g_assert_cmpuint (search (f, token, query, &answer), ==, status);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, code);
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "message"), words));
}

static void
test_search (Fixture *f, gconstpointer data)
{
  Desk *kcc, *again;
  g_autofree char *token = NULL;
  g_autofree char *bsn = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *found;

  add_secret_case (f);
  kcc = desk_new (f, "kcc");
  token = loket_replica_dup_state (kcc->replica, "token");
  bsn = server_text (f, "SELECT bsn FROM customers WHERE id = '" SECRET_CUSTOMER "'");

  assert_refused (f, NULL, bsn, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Sign in");
  assert_refused (f, "not-a-token", bsn, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "log in");
  assert_refused (f, token, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request", "q is required");
  assert_refused (f, token, "ab", SOUP_STATUS_BAD_REQUEST, "bad_request", "at least 3");
  assert_refused (f, token, "Jansen", SOUP_STATUS_BAD_REQUEST, "bad_request", "birth date");
  assert_refused (f, token, "J 1980-02-29", SOUP_STATUS_BAD_REQUEST, "bad_request",
                  "letters of the name");
  assert_refused (f, token, "12345", SOUP_STATUS_BAD_REQUEST, "bad_request", "9 digits");

  /* By name and birth date, and by BSN: found, and from now on this user's to see. */
  g_assert_cmpuint (search (f, token, "vertrouw 1980-02-29", &answer), ==, SOUP_STATUS_OK);
  found = json_object_get_array_member (answer, "customers");
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (search (f, token, bsn, &answer), ==, SOUP_STATUS_OK);
  found = json_object_get_array_member (answer, "customers");
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "id"),
                   ==, SECRET_CUSTOMER);
  g_assert_false (has_row (kcc, "customers", SECRET_CUSTOMER));
  again = desk_new (f, "kcc");
  g_assert_true (has_row (again, "customers", SECRET_CUSTOMER));
  /* The customer, not their confidential case. */
  g_assert_false (has_row (again, "cases", SECRET_CASE));
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM user_customers WHERE reason = ?",
                                 "searched"), ==, 1);
}

static void
on_searched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  g_autoptr(JsonArray) found = loket_sync_client_search_customers_finish (
    LOKET_SYNC_CLIENT (source), result, &wait->error);

  wait->ok = found != NULL && json_array_get_length (found) == 1;
  wait->done = TRUE;
}

/* The desk's own search: a refused query says why; a found customer reaches the replica with
 * the next sync. */
static void
test_desk_search (Fixture *f, gconstpointer data)
{
  Desk *kcc;
  Wait refused = { 0 }, found = { 0 };

  add_secret_case (f);
  kcc = desk_new (f, "kcc");
  loket_sync_client_search_customers_async (kcc->client, "ab", NULL, on_searched, &refused);
  loket_test_wait_for (&refused.done, WAIT_MS);
  g_assert_error (refused.error, LOKET_ERROR, LOKET_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (refused.error->message, "at least 3"));
  g_clear_error (&refused.error);

  loket_sync_client_search_customers_async (kcc->client, "Nadia 1980-02-29", NULL, on_searched,
                                            &found);
  loket_test_wait_for (&found.done, WAIT_MS);
  g_assert_no_error (found.error);
  g_assert_true (found.ok);
  /* The search asked for a sync: once it is done the customer is on the desk. */
  g_assert_true (loket_sync_client_get_syncing (kcc->client));
  while (loket_sync_client_get_syncing (kcc->client))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (loket_sync_client_get_last_error (kcc->client));
  g_assert_true (has_row (kcc, "customers", SECRET_CUSTOMER));
  g_assert_false (has_row (kcc, "cases", SECRET_CASE));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scope/confidential-case", test_confidential_case);
  ADD ("/scope/redacted-appointment", test_redacted_appointment);
  ADD ("/scope/customer-rides-along", test_customer_rides_along);
  ADD ("/scope/move-user", test_move_user);
  ADD ("/scope/start-over-keeps-outbox", test_start_over_keeps_outbox);
  ADD ("/scope/compact-resync", test_compact_resync);
  ADD ("/scope/search", test_search);
  ADD ("/scope/desk-search", test_desk_search);
#undef ADD
  return g_test_run ();
}
