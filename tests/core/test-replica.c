/* The desk replica on its own (offline): local writes with their outbox entries, validation,
 * push outcomes, pulls and the rebase of pending changes. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica.h"
#include "loket-slot-source.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
  GDate         monday;   /* a Monday inside the rule's range, in the future */
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("replica");
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "availability_rules", "{\"id\":\"R\",\"capacity_id\":\"C\",\"weekdays\":31,"
           "\"valid_from\":\"2030-01-01\",\"valid_until\":\"2030-12-31\",\"start_time\":\"09:00\","
           "\"end_time\":\"12:00\",\"slot_minutes\":10,\"places\":2,\"public_places\":1}");
  g_date_clear (&f->monday, 1);
  g_date_set_dmy (&f->monday, 7, G_DATE_JANUARY, 2030);
  g_assert_cmpint (g_date_get_weekday (&f->monday), ==, G_DATE_MONDAY);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
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

/* An organisation's KvK number: checked, saved without spaces, and not twice on one desk. */
static void
test_organisation_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LoketCustomerInput bad = { .kind = "organisation", .name = "Stichting Oost", .kvk = "1234" };
  LoketCustomerInput good = { .kind = "organisation", .name = "Stichting Oost",
                              .kvk = " 1234 5678 " };
  LoketCustomerInput twin = { .kind = "organisation", .name = "Stichting Oost-2",
                              .kvk = "12345678" };
  g_autofree char *id = NULL;
  g_autoptr(JsonArray) pending = NULL;
  JsonObject *args;

  g_assert_null (loket_replica_create_customer (f->replica, &bad, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  id = loket_replica_create_customer (f->replica, &good, &error);
  g_assert_no_error (error);
  pending = loket_replica_pending_mutations (f->replica, 10, &error);
  args = json_object_get_object_member (json_array_get_object_element (pending, 0), "args");
  g_assert_cmpstr (json_object_get_string_member (args, "kvk"), ==, "12345678");
  g_assert_cmpstr (json_object_get_string_member (args, "kind"), ==, "organisation");
  g_assert_null (loket_replica_create_customer (f->replica, &twin, &error));
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

/* ---- cases, notes, contact moments, articles ---------------------------------------------- */

/* A case at rev 3 whose subject last changed at rev 2, its type with four ordered statuses, two
 * colleagues and a customer; the desk is logged in as U1. */
static void
add_case_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"medewerker\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":"
           "\"Bram Bakker\",\"role_id\":\"medewerker\"}");
  add_row (f, "teams", "{\"id\":\"T1\",\"name\":\"Vergunningen\"}");
  add_row (f, "customers", "{\"id\":\"K\",\"name\":\"Jan Jansen\","
           "\"created_at\":\"2029-01-01T00:00:00Z\"}");
  add_row (f, "case_types", "{\"id\":\"CT\",\"name\":\"Vergunning\","
           "\"max_working_days\":40,\"statuses\":"
           "\"[\\\"ontvangen\\\",\\\"in behandeling\\\",\\\"besluit\\\",\\\"afgehandeld\\\"]\"}");
  add_row (f, "cases", "{\"id\":\"Z\",\"reference\":\"Z-2030-0001\","
           "\"case_type_id\":\"CT\","
           "\"customer_id\":\"K\",\"subject\":\"Dakkapel\",\"status\":\"ontvangen\","
           "\"opened_at\":\"2030-01-02T09:00:00Z\",\"deadline\":\"2030-03-01\",\"rev\":3,"
           "\"field_revs\":\"{\\\"subject\\\":2}\"}");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
}

static JsonObject *
row_of (Fixture *f, const char *entity, const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *row = loket_db_get_row (loket_replica_get_db (f->replica), entity, id, &error);

  g_assert_no_error (error);
  return row;
}

static void
apply_results (Fixture *f, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) results = parse_array (json);

  g_assert_true (loket_replica_apply_results (f->replica, results, &error));
  g_assert_no_error (error);
}

static void
test_case_field_local (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) args = NULL;

  add_case_rows (f);
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "subject", "Dakkapel voorzijde",
                                               &error));
  g_assert_no_error (error);
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "assignee_id", "U2", &error));
  row = row_of (f, "cases", "Z");
  g_assert_cmpstr (json_object_get_string_member (row, "subject"), ==, "Dakkapel voorzijde");
  g_assert_cmpstr (json_object_get_string_member (row, "assignee_id"), ==, "U2");
  /* The rev stays the server's: both edits are based on rev 3. */
  g_assert_cmpint (json_object_get_int_member (row, "rev"), ==, 3);
  args = loket_test_pending_args (f->replica, 1, LOKET_MUTATION_SET_CASE_FIELD);
  g_assert_cmpint (json_object_get_int_member (args, "base_rev"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (args, "field"), ==, "assignee_id");
  g_assert_cmpstr (json_object_get_string_member (args, "value"), ==, "U2");

  /* Clearing is an edit with a null value. */
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "assignee_id", NULL, &error));
  g_clear_pointer (&args, json_object_unref);
  args = loket_test_pending_args (f->replica, 2, LOKET_MUTATION_SET_CASE_FIELD);
  g_assert_true (json_object_get_null_member (args, "value"));

  g_assert_false (loket_replica_set_case_field (f->replica, "Z", "deadline", "2031-01-01", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_replica_set_case_field (f->replica, "Z", "subject", NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_replica_set_case_field (f->replica, "Z", "assignee_id", "U9", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (loket_replica_set_case_field (f->replica, "nope", "subject", "x", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 3);
}

static void
test_case_status_local (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(JsonObject) history = NULL;

  add_case_rows (f);
  g_assert_true (loket_replica_set_case_status (f->replica, "Z", "besluit", &error));
  g_assert_no_error (error);
  args = loket_test_pending_args (f->replica, 0, LOKET_MUTATION_SET_CASE_STATUS);
  g_assert_cmpint (json_object_get_int_member (args, "base_rev"), ==, 3);
  history = row_of (f, "case_status_history",
                    json_object_get_string_member (args, "history_id"));
  g_assert_cmpstr (json_object_get_string_member (history, "status"), ==, "besluit");
  g_assert_cmpstr (json_object_get_string_member (history, "by_user"), ==, "U1");

  /* Two steps back, or a status the type does not have: refused here already. */
  g_assert_false (loket_replica_set_case_status (f->replica, "Z", "ontvangen", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_replica_set_case_status (f->replica, "Z", "zoek", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  /* The last status closes the case, one step back opens it again. */
  g_assert_true (loket_replica_set_case_status (f->replica, "Z", "afgehandeld", &error));
  row = row_of (f, "cases", "Z");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "afgehandeld");
  g_assert_false (json_object_get_null_member (row, "closed_at"));
  g_clear_pointer (&row, json_object_unref);
  g_assert_true (loket_replica_set_case_status (f->replica, "Z", "besluit", &error));
  row = row_of (f, "cases", "Z");
  g_assert_true (json_object_get_null_member (row, "closed_at"));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 3);
}

static void
test_notes_local (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *contact = NULL;
  g_autoptr(GListModel) notes = NULL;
  g_autoptr(LoketRecord) note = NULL;
  g_autoptr(JsonObject) moment = NULL;
  LoketContactInput in = { .customer_id = "K", .channel = "telefoon", .topic = "Paspoort kwijt",
                           .product_id = "P", .resolved_first_contact = TRUE };

  add_case_rows (f);
  first = loket_replica_add_note (f->replica, "Z", NULL, " Klant gebeld ", &error);
  g_assert_no_error (error);
  second = loket_replica_add_note (f->replica, "Z", "K", "Tekening ontvangen", &error);
  notes = loket_replica_list_notes (f->replica, "Z");
  g_assert_cmpuint (g_list_model_get_n_items (notes), ==, 2);
  note = g_list_model_get_item (notes, 0);
  g_assert_cmpstr (loket_record_get_string (note, "body"), ==, "Klant gebeld");
  g_assert_cmpstr (loket_record_get_string (note, "author_name"), ==, "Anna de Vries");
  g_assert_cmpint (loket_record_get_int (note, "pending"), ==, 1);

  g_assert_null (loket_replica_add_note (f->replica, "Z", NULL, "  ", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (loket_replica_add_note (f->replica, NULL, NULL, "Los", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (loket_replica_add_note (f->replica, "Q", NULL, "Weg", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  contact = loket_replica_add_contact_moment (f->replica, &in, &error);
  g_assert_no_error (error);
  moment = row_of (f, "contact_moments", contact);
  g_assert_cmpstr (json_object_get_string_member (moment, "channel"), ==, "telefoon");
  g_assert_cmpint (json_object_get_int_member (moment, "resolved_first_contact"), ==, 1);
  in.channel = "duif";
  g_assert_null (loket_replica_add_contact_moment (f->replica, &in, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 3);
}

/* A pulled case row does not wipe what the clerk did offline: a pending field edit and note
 * are replayed on top of it, and the server's rev is kept. */
static void
test_rebase_keeps_case_edits (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GListModel) notes = NULL;

  add_case_rows (f);
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "subject", "Van de balie", &error));
  note = loket_replica_add_note (f->replica, "Z", NULL, "Offline genoteerd", &error);
  g_assert_no_error (error);

  loket_test_pull (f->replica, "{\"cursor\": 12, \"more\": false, \"changes\": [{\"seq\": 12, \"entity\": \"cases\","
           " \"op\": \"upsert\", \"id\": \"Z\", \"row\": {\"id\": \"Z\","
           " \"reference\": \"Z-2030-0001\","
           " \"case_type_id\": \"CT\", \"subject\": \"Van de server\", \"status\": \"ontvangen\","
           " \"team_id\": \"T1\", \"opened_at\": \"2030-01-02T09:00:00Z\","
           " \"deadline\": \"2030-03-01\", \"rev\": 4,"
           " \"field_revs\": \"{\\\"team_id\\\":4}\"}}]}");
  row = row_of (f, "cases", "Z");
  g_assert_cmpstr (json_object_get_string_member (row, "subject"), ==, "Van de balie");
  g_assert_cmpstr (json_object_get_string_member (row, "team_id"), ==, "T1");
  g_assert_cmpint (json_object_get_int_member (row, "rev"), ==, 4);
  notes = loket_replica_list_notes (f->replica, "Z");
  g_assert_cmpuint (g_list_model_get_n_items (notes), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 2);
}

/* A field conflict as the desk sees it: the issue from the push, the conflict row from the pull,
 * both values in the inbox; choosing one settles both. */
static void
test_conflicts_inbox (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) conflicts = NULL;
  g_autoptr(LoketRecord) conflict = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) args = NULL;

  add_case_rows (f);
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "assignee_id", "U1", &error));
  apply_results (f, "[{\"seq\": 1, \"outcome\": \"conflict\", \"code\": \"field_conflict\","
                    " \"message\": \"m\", \"details\": {\"conflict_id\": \"X1\"}}]");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);
  loket_test_pull (f->replica, "{\"cursor\": 20, \"more\": false, \"changes\": [{\"seq\": 20, \"entity\":"
           " \"case_conflicts\", \"op\": \"upsert\", \"id\": \"X1\", \"row\": {\"id\": \"X1\","
           " \"case_id\": \"Z\", \"field\": \"assignee_id\", \"base_rev\": 3, \"server_value\":"
           " \"U2\", \"desk_value\": \"U1\", \"desk_user\": \"U1\", \"created_at\": \"2030-01-03\","
           " \"resolved_at\": null, \"resolution\": null}}]}");

  conflicts = loket_replica_list_case_conflicts (f->replica);
  g_assert_cmpuint (g_list_model_get_n_items (conflicts), ==, 1);
  conflict = g_list_model_get_item (conflicts, 0);
  g_assert_cmpstr (loket_record_get_string (conflict, "case_reference"), ==, "Z-2030-0001");
  g_assert_cmpstr (loket_record_get_string (conflict, "server_label"), ==, "Bram Bakker");
  g_assert_cmpstr (loket_record_get_string (conflict, "desk_label"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (conflict, "desk_user_name"), ==, "Anna de Vries");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);

  g_assert_true (loket_replica_resolve_case_conflict (f->replica, "X1", "U2", &error));
  g_assert_no_error (error);
  row = row_of (f, "cases", "Z");
  g_assert_cmpstr (json_object_get_string_member (row, "assignee_id"), ==, "U2");
  g_clear_object (&conflicts);
  conflicts = loket_replica_list_case_conflicts (f->replica);
  g_assert_cmpuint (g_list_model_get_n_items (conflicts), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 0);
  args = loket_test_pending_args (f->replica, 0, LOKET_MUTATION_RESOLVE_CASE_CONFLICT);
  g_assert_cmpstr (json_object_get_string_member (args, "value"), ==, "U2");
  g_assert_false (loket_replica_resolve_case_conflict (f->replica, "X1", "U1", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* Resolved at another desk: the pulled conflict row settles this desk's issue. */
static void
test_conflict_resolved_elsewhere (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  add_case_rows (f);
  g_assert_true (loket_replica_set_case_status (f->replica, "Z", "besluit", &error));
  apply_results (f, "[{\"seq\": 1, \"outcome\": \"conflict\", \"code\": \"field_conflict\","
                    " \"message\": \"m\", \"details\": {\"conflict_id\": \"X2\"}}]");
  loket_test_pull (f->replica, "{\"cursor\": 30, \"more\": false, \"changes\": [{\"seq\": 30, \"entity\":"
           " \"case_conflicts\", \"op\": \"upsert\", \"id\": \"X2\", \"row\": {\"id\": \"X2\","
           " \"case_id\": \"Z\", \"field\": \"status\", \"base_rev\": 3, \"server_value\":"
           " \"in behandeling\", \"desk_value\": \"besluit\", \"created_at\": \"2030-01-03\"}}]}");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);
  loket_test_pull (f->replica, "{\"cursor\": 31, \"more\": false, \"changes\": [{\"seq\": 31, \"entity\":"
           " \"case_conflicts\", \"op\": \"upsert\", \"id\": \"X2\", \"row\": {\"id\": \"X2\","
           " \"case_id\": \"Z\", \"field\": \"status\", \"base_rev\": 3, \"server_value\":"
           " \"in behandeling\", \"desk_value\": \"besluit\", \"created_at\": \"2030-01-03\","
           " \"resolved_at\": \"2030-01-04\", \"resolution\": \"besluit\"}}]}");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 0);
}

/* Moved offline; the server refuses the move: the appointment is not marked rejected, the move
 * is not replayed, and the server's row (logged again) puts it back. */
static void
test_reschedule_local (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = book (f, at (9, 10), &error);
  g_autofree char *other = book (f, at (9, 20), &error);
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GListModel) day = NULL;
  g_autoptr(LoketRecord) first = NULL;

  apply_results (f, "[{\"seq\": 1, \"outcome\": \"applied\"},"
                    " {\"seq\": 2, \"outcome\": \"applied\"}]");
  /* Into its neighbour's place, or a closed hour: refused here already. */
  g_assert_false (loket_replica_reschedule_appointment (f->replica, id, NULL, at (9, 20), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN);
  g_clear_error (&error);
  g_assert_false (loket_replica_reschedule_appointment (f->replica, id, NULL, at (13, 0), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);
  /* Its own place does not count against it. */
  g_assert_true (loket_replica_reschedule_appointment (f->replica, id, NULL, at (9, 10), &error));
  g_assert_no_error (error);
  g_assert_true (loket_replica_reschedule_appointment (f->replica, id, "C", at (10, 0), &error));
  g_assert_no_error (error);
  day = loket_replica_list_appointments (f->replica, "L", &f->monday);
  first = g_list_model_get_item (day, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, other);
  g_clear_object (&first);
  first = g_list_model_get_item (day, 1);
  g_assert_cmpstr (loket_record_get_string (first, "start_at"), ==, "2030-01-07T09:00:00Z");
  g_assert_cmpint (loket_record_get_int (first, "pending"), ==, 1);

  apply_results (f, "[{\"seq\": 3, \"outcome\": \"applied\"},"
                    " {\"seq\": 4, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
                    " \"message\": \"m\", \"details\": null}]");
  row = row_of (f, "appointments", id);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);
  json = g_strdup_printf ("{\"cursor\": 40, \"more\": false, \"changes\": [{\"seq\": 40,"
                          " \"entity\": \"appointments\", \"op\": \"upsert\", \"id\": \"%s\","
                          " \"row\": {\"id\": \"%s\", \"product_id\": \"P\","
                          " \"capacity_id\": \"C\", \"start_at\": \"2030-01-07T08:10:00Z\","
                          " \"end_at\": \"2030-01-07T08:20:00Z\", \"status\": \"booked\","
                          " \"status_reason\": \"\", \"created_at\": \"x\"}}]}",
                          id, id);
  loket_test_pull (f->replica, json);
  g_clear_pointer (&row, json_object_unref);
  row = row_of (f, "appointments", id);
  g_assert_cmpstr (json_object_get_string_member (row, "start_at"), ==, "2030-01-07T08:10:00Z");
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

static void
test_day_start (void)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, 1970);
  g_assert_cmpint (loket_slot_source_day_start (&day), ==, 0);
  g_date_set_dmy (&day, 23, G_DATE_NOVEMBER, 2026);
  /* 2026-11-23T00:00:00Z */
  g_assert_cmpint (loket_slot_source_day_start (&day), ==, 1795392000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica/free-slots", test_free_slots);
  ADD ("/replica/book-offline", test_book_offline);
  ADD ("/replica/customer-validation", test_customer_validation);
  ADD ("/replica/organisation-validation", test_organisation_validation);
  ADD ("/replica/rejected-outcome", test_rejected_outcome);
  ADD ("/replica/pull-rebase", test_pull_rebase);
  ADD ("/replica/pull-refused", test_pull_refused);
  ADD ("/replica/new-device-renumbers", test_new_device_renumbers);
  ADD ("/replica/case-field-local", test_case_field_local);
  ADD ("/replica/case-status-local", test_case_status_local);
  ADD ("/replica/notes-local", test_notes_local);
  ADD ("/replica/rebase-keeps-case-edits", test_rebase_keeps_case_edits);
  ADD ("/replica/conflicts-inbox", test_conflicts_inbox);
  ADD ("/replica/conflict-resolved-elsewhere", test_conflict_resolved_elsewhere);
  ADD ("/replica/reschedule-local", test_reschedule_local);
#undef ADD
  g_test_add_func ("/record/store-update", test_store_update);
  g_test_add_func ("/slot-source/day-start", test_day_start);

  return g_test_run ();
}
