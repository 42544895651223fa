/* The desk replica on its own (offline): local writes with their outbox entries, validation,
 * push outcomes, pulls and the rebase of pending changes. */
#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"

typedef struct {
  char         *dir;
  LoketReplica *replica;
  GDate         monday;   /* a Monday inside the rule's range, in the future */
} Fixture;

static void
add_row (LoketReplica *replica, const char *entity, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = loket_protocol_parse_object (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_true (loket_db_upsert_row (loket_replica_get_db (replica), entity, row, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("loket-replica-XXXXXX", NULL);
  path = g_build_filename (f->dir, "replica.db", NULL);
  f->replica = loket_replica_open (path, &error);
  g_assert_no_error (error);

  add_row (f->replica, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f->replica, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f->replica, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f->replica, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f->replica, "availability_rules", "{\"id\":\"R\",\"capacity_id\":\"C\",\"weekdays\":31,"
           "\"valid_from\":\"2030-01-01\",\"valid_until\":\"2030-12-31\",\"start_time\":\"09:00\","
           "\"end_time\":\"12:00\",\"slot_minutes\":10,\"places\":2,\"public_places\":1}");
  g_date_clear (&f->monday, 1);
  g_date_set_dmy (&f->monday, 7, G_DATE_JANUARY, 2030);
  g_assert_cmpint (g_date_get_weekday (&f->monday), ==, G_DATE_MONDAY);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *files[] = { "replica.db", "replica.db-wal", "replica.db-shm" };

  g_clear_object (&f->replica);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *file = g_build_filename (f->dir, files[i], NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
at (int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2030, 1, 7, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static char *
book (Fixture *f, gint64 start, GError **error)
{
  LoketBookingInput in = { .product_id = "P", .capacity_id = "C", .start = start,
                           .reason = "Verlopen paspoort" };

  return loket_replica_book_appointment (f->replica, &in, error);
}

static void
test_free_slots (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = loket_replica_free_slots (f->replica, "C", "P", &f->monday, NULL,
                                                      &error);

  g_assert_no_error (error);
  /* 09:00–12:00 in 10-minute slots: 18, each with one desk place. */
  g_assert_cmpuint (slots->len, ==, 18);
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).start, ==, at (9, 0));
  g_assert_cmpint (g_array_index (slots, LoketSlot, 0).free, ==, 1);
}

static void
test_book_offline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = book (f, at (9, 10), &error);
  g_autoptr(GListModel) day = NULL;
  g_autoptr(LoketRecord) row = NULL;
  g_autoptr(JsonArray) pending = NULL;
  g_autoptr(GArray) slots = NULL;
  JsonObject *mutation;

  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);

  day = loket_replica_list_appointments (f->replica, "L", &f->monday);
  g_assert_cmpuint (g_list_model_get_n_items (day), ==, 1);
  row = g_list_model_get_item (day, 0);
  g_assert_cmpstr (loket_record_get_id (row), ==, id);
  g_assert_cmpstr (loket_record_get_string (row, "status"), ==, "booked");
  g_assert_cmpint (loket_record_get_int (row, "pending"), ==, 1);
  g_assert_cmpstr (loket_record_get_string (row, "end_at"), ==, "2030-01-07T08:20:00Z");

  pending = loket_replica_pending_mutations (f->replica, 10, &error);
  g_assert_cmpuint (json_array_get_length (pending), ==, 1);
  mutation = json_array_get_object_element (pending, 0);
  g_assert_cmpint (json_object_get_int_member (mutation, "seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (mutation, "type"), ==, "book_appointment");

  /* The desk share (one place) of 09:10 is used now: the slot is gone, booking it again fails. */
  slots = loket_replica_free_slots (f->replica, "C", "P", &f->monday, NULL, &error);
  g_assert_cmpuint (slots->len, ==, 17);
  g_assert_null (book (f, at (9, 10), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN);
  g_clear_error (&error);
  g_assert_null (book (f, at (13, 0), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
}

static void
test_customer_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LoketCustomerInput bad_bsn = { .name = "Anouk de Vries", .bsn = "123456789" };
  LoketCustomerInput no_name = { .name = "   ", .bsn = "111222333" };
  LoketCustomerInput good = { .name = " Anouk de Vries ", .bsn = "111222333",
                              .postcode = "7721ab", .email = "anouk@example.nl" };
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(LoketRecord) row = NULL;

  g_assert_null (loket_replica_create_customer (f->replica, &bad_bsn, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (loket_replica_create_customer (f->replica, &no_name, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);

  id = loket_replica_create_customer (f->replica, &good, &error);
  g_assert_no_error (error);
  found = loket_replica_search_customers (f->replica, "7721 AB", 10);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  row = g_list_model_get_item (found, 0);
  g_assert_cmpstr (loket_record_get_string (row, "name"), ==, "Anouk de Vries");
  g_assert_cmpstr (loket_record_get_string (row, "postcode"), ==, "7721 AB");

  /* The same BSN twice on one desk: choose the existing customer instead. */
  again = loket_replica_create_customer (f->replica, &good, &error);
  g_assert_null (again);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return json_array_ref (json_node_get_array (node));
}

static void
test_rejected_outcome (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = book (f, at (10, 0), &error);
  g_autoptr(JsonArray) results = parse_array (
    "[{\"seq\": 1, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
    "  \"message\": \"No free place left at this time\", \"details\": null}]");
  g_autoptr(GListModel) day = NULL;
  g_autoptr(GListModel) issues = NULL;
  g_autoptr(LoketRecord) row = NULL;

  g_assert_true (loket_replica_apply_results (f->replica, results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);

  /* Still visible, marked, with the server's reason. */
  day = loket_replica_list_appointments (f->replica, "L", &f->monday);
  g_assert_cmpuint (g_list_model_get_n_items (day), ==, 1);
  row = g_list_model_get_item (day, 0);
  g_assert_cmpstr (loket_record_get_string (row, "status"), ==, "rejected");
  g_assert_cmpstr (loket_record_get_string (row, "status_reason"), ==, "slot_taken");
  g_assert_cmpstr (loket_protocol_describe_reason (loket_record_get_string (row, "status_reason")),
                   !=, "slot_taken");
  g_assert_cmpstr (loket_protocol_describe_reason ("Klant belde af"), ==, "Klant belde af");
  issues = loket_replica_list_sync_issues (f->replica);
  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 1);
}

static void
test_pull_rebase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = book (f, at (11, 0), &error);
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autofree char *json = NULL;
  g_autofree char *results_json = NULL;
  g_autoptr(JsonObject) row = NULL;

  /* The booking reaches the server; then the clerk cancels it offline. */
  results_json = g_strdup ("[{\"seq\": 1, \"outcome\": \"applied\", \"code\": \"\","
                           " \"message\": \"\", \"details\": null}]");
  results = parse_array (results_json);
  g_assert_true (loket_replica_apply_results (f->replica, results, &error));
  g_assert_true (loket_replica_cancel_appointment (f->replica, id, "Belde af", &error));
  g_assert_no_error (error);

  /* A pull brings the server's row, still booked: the pending cancel is replayed on top. */
  json = g_strdup_printf ("{\"cursor\": 7, \"more\": false, \"changes\": [{\"seq\": 7,"
                          " \"entity\": \"appointments\", \"op\": \"upsert\", \"id\": \"%s\","
                          " \"row\": {\"id\": \"%s\", \"product_id\": \"P\", \"capacity_id\": \"C\","
                          " \"start_at\": \"2030-01-07T10:00:00Z\", \"end_at\": \"2030-01-07T10:10:00Z\","
                          " \"status\": \"booked\", \"status_reason\": \"\", \"created_at\": \"x\"}}]}",
                          id, id);
  page = loket_protocol_parse_object (json, strlen (json), &error);
  g_assert_true (loket_replica_apply_pull (f->replica, page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (loket_replica_get_cursor (f->replica), ==, 7);
  row = loket_db_get_row (loket_replica_get_db (f->replica), "appointments", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "cancelled");
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
}

static void
test_pull_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"cursor\": 9, \"more\": false, \"changes\": [{\"seq\": 9, "
                     "\"entity\": \"locations\", \"op\": \"upsert\", \"id\": \"X\", \"row\": 5}]}";
  g_autoptr(JsonObject) page = loket_protocol_parse_object (json, strlen (json), &error);

  g_assert_false (loket_replica_apply_pull (f->replica, page, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  /* Nothing of a refused page is kept, not even its cursor. */
  g_assert_cmpint (loket_replica_get_cursor (f->replica), ==, 0);
}

static void
test_new_device_renumbers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = book (f, at (9, 0), &error);
  g_autofree char *b = book (f, at (9, 30), &error);
  g_autofree char *c = book (f, at (9, 40), &error);
  g_autoptr(JsonArray) results = parse_array ("[{\"seq\": 1, \"outcome\": \"applied\"}]");
  g_autoptr(JsonObject) user = json_object_new ();
  g_autoptr(JsonArray) pending = NULL;

  g_assert_true (loket_replica_apply_results (f->replica, results, &error));
  json_object_set_string_member (user, "id", "U");
  g_assert_true (loket_replica_begin_session (f->replica, "http://127.0.0.1:1", "token",
                                              "device-2", user, &error));
  g_assert_no_error (error);
  pending = loket_replica_pending_mutations (f->replica, 10, &error);
  g_assert_cmpuint (json_array_get_length (pending), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (pending, 0), "seq"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (pending, 1), "seq"),
                   ==, 2);
  g_assert_true (loket_replica_has_session (f->replica));
}

static LoketRecord *
record_of (const char *id, const char *name)
{
  g_autoptr(JsonObject) columns = json_object_new ();

  json_object_set_string_member (columns, "id", id);
  json_object_set_string_member (columns, "name", name);
  return loket_record_new (columns);
}

static GListStore *
store_of (const char *const *names)
{
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr(LoketRecord) record = record_of (id, names[i]);

      g_list_store_append (store, record);
    }
  return store;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, GArray *calls)
{
  guint call[3] = { position, removed, added };

  g_array_append_vals (calls, call, 3);
}

static void
test_store_update (void)
{
  const char *before[] = { "Anouk", "Bram", "Chantal", "Daan", NULL };
  const char *after[] = { "Anouk", "Bram (gewijzigd)", "Chantal", "Daan", NULL };
  g_autoptr(GListStore) store = store_of (before);
  g_autoptr(GListStore) same = store_of (before);
  g_autoptr(GListStore) changed = store_of (after);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(LoketRecord) second = NULL;

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), calls);
  /* Nothing changed: nothing is touched, so the list keeps its selection. */
  loket_record_store_update (store, G_LIST_MODEL (same));
  g_assert_cmpuint (calls->len, ==, 0);

  /* One row changed: only that row is replaced. */
  loket_record_store_update (store, G_LIST_MODEL (changed));
  g_assert_cmpuint (calls->len, ==, 3);
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (calls, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, 1);
  second = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpstr (loket_record_get_string (second, "name"), ==, "Bram (gewijzigd)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica/free-slots", test_free_slots);
  ADD ("/replica/book-offline", test_book_offline);
  ADD ("/replica/customer-validation", test_customer_validation);
  ADD ("/replica/rejected-outcome", test_rejected_outcome);
  ADD ("/replica/pull-rebase", test_pull_rebase);
  ADD ("/replica/pull-refused", test_pull_refused);
  ADD ("/replica/new-device-renumbers", test_new_device_renumbers);
#undef ADD
  g_test_add_func ("/record/store-update", test_store_update);

  return g_test_run ();
}
