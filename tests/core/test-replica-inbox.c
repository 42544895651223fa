/* The conflicts inbox of the replica, offline: push outcomes and pulled rows are fed in as the
 * sync client would, then the inbox's items, the alternatives for a refused booking, booking it
 * again, and settling what needs no further change are checked. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-inbox.h"
#include "loket-replica-kb.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

static void
add_rule (Fixture *f, const char *id, const char *capacity_id)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"capacity_id\":\"%s\",\"weekdays\":31,\"valid_from\":\"2030-01-01\","
    "\"valid_until\":\"2030-12-31\",\"start_time\":\"09:00\",\"end_time\":\"12:00\","
    "\"slot_minutes\":10,\"places\":2,\"public_places\":1}", id, capacity_id);

  add_row (f, "availability_rules", json);
}

/* Two counters for Burgerzaken at the Stadhuis, a room for another group there, and a counter
 * elsewhere: only the first two may offer alternatives.  The desk is logged in as Anna. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("inbox");
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "locations", "{\"id\":\"L2\",\"name\":\"Noord\",\"kind\":\"kantoor\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "product_groups", "{\"id\":\"G2\",\"name\":\"Zalen\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "capacities", "{\"id\":\"C2\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 2\"}");
  add_row (f, "capacities", "{\"id\":\"C3\",\"location_id\":\"L\",\"group_id\":\"G2\","
           "\"kind\":\"zaal\",\"name\":\"Raadszaal\"}");
  add_row (f, "capacities", "{\"id\":\"C4\",\"location_id\":\"L2\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie Noord\"}");
  add_rule (f, "R", "C");
  add_rule (f, "R2", "C2");
  add_rule (f, "R3", "C3");
  add_rule (f, "R4", "C4");
  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"medewerker\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":"
           "\"Bram Bakker\",\"role_id\":\"medewerker\"}");
  add_row (f, "customers", "{\"id\":\"K\",\"name\":\"Jan Jansen\","
           "\"created_at\":\"2029-01-01T00:00:00Z\"}");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

/* ---- helpers ------------------------------------------------------------------------------ */

static GDateTime *
local_time (int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");

  return g_date_time_new (tz, 2030, month, day, hour, minute, 0);
}

static gint64
at (int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = local_time (month, day, hour, minute);

  return g_date_time_to_unix (time);
}

static char *
book (Fixture *f, gint64 start)
{
  g_autoptr(GError) error = NULL;
  LoketBookingInput in = { .product_id = "P", .capacity_id = "C", .customer_id = "K",
                           .start = start, .reason = "Verlopen paspoort", .mode = "fysiek" };
  char *id = loket_replica_book_appointment (f->replica, &in, &error);

  g_assert_no_error (error);
  return id;
}

static void
apply_results (Fixture *f, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (loket_replica_apply_results (f->replica, json_node_get_array (node), &error));
  g_assert_no_error (error);
}

/* Another desk's booking that won the place, as a pull brings it. */
static void
taken_by_other_desk (Fixture *f, const char *id, const char *capacity_id, gint64 start)
{
  g_autofree char *start_at = loket_protocol_format_time (start);
  g_autofree char *end_at = loket_protocol_format_time (start + 600);
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"product_id\":\"P\",\"capacity_id\":\"%s\",\"start_at\":\"%s\","
    "\"end_at\":\"%s\",\"status\":\"booked\",\"created_at\":\"2029-12-01T00:00:00Z\"}",
    id, capacity_id, start_at, end_at);

  add_row (f, "appointments", json);
}

/* A booking of Jan Jansen at 10:00 on Monday 7 January whose place another desk took first. */
static char *
rejected_booking (Fixture *f)
{
  char *id = book (f, at (1, 7, 10, 0));

  taken_by_other_desk (f, "other", "C", at (1, 7, 10, 0));
  apply_results (f, "[{\"seq\": 1, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
                    " \"message\": \"No free place left at this time\", \"details\": null}]");
  return id;
}

static LoketRecord *
only_item (Fixture *f)
{
  g_autoptr(GListModel) items = loket_replica_list_inbox (f->replica);

  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 1);
  return g_list_model_get_item (items, 0);
}

static void
assert_alternative (GListModel *alternatives, guint index, const char *capacity_id,
                    gint64 start)
{
  g_autoptr(LoketRecord) item = g_list_model_get_item (alternatives, index);
  g_autofree char *start_at = loket_protocol_format_time (start);

  g_assert_nonnull (item);
  g_assert_cmpstr (loket_record_get_string (item, "capacity_id"), ==, capacity_id);
  g_assert_cmpint (loket_record_get_int (item, "start"), ==, start);
  g_assert_cmpstr (loket_record_get_string (item, "start_at"), ==, start_at);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void
test_rejected_booking_item (Fixture *f, gconstpointer data)
{
  g_autofree char *id = rejected_booking (f);
  g_autoptr(LoketRecord) item = only_item (f);

  g_assert_cmpstr (loket_record_get_string (item, "kind"), ==, "booking");
  g_assert_cmpstr (loket_record_get_string (item, "id"), ==, "issue:1");
  g_assert_cmpint (loket_record_get_int (item, "seq"), ==, 1);
  g_assert_cmpstr (loket_record_get_string (item, "appointment_id"), ==, id);
  g_assert_cmpstr (loket_record_get_string (item, "customer_name"), ==, "Jan Jansen");
  g_assert_cmpstr (loket_record_get_string (item, "product_name"), ==, "Paspoort");
  g_assert_cmpstr (loket_record_get_string (item, "location_name"), ==, "Stadhuis");
  g_assert_cmpstr (loket_record_get_string (item, "capacity_name"), ==, "Balie 1");
  g_assert_cmpstr (loket_record_get_string (item, "refused_at"), ==, "2030-01-07T09:00:00Z");
  g_assert_cmpstr (loket_record_get_string (item, "refused_when"), ==, "Mon 7 Jan 10:00");
  g_assert_cmpstr (loket_record_get_string (item, "reason"), ==,
                   loket_protocol_describe_reason ("slot_taken"));
  g_assert_cmpstr (loket_record_get_string (item, "who"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (item, "what"), ==, "Paspoort for Jan Jansen");
  g_assert_cmpstr (loket_record_get_string (item, "when"), !=, "");
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 1);
}

/* The refused 10:00 is free on the other counter; then the nearest times around it, one
 * counter per time, never a room of another group or a counter elsewhere. */
static void
test_alternatives_nearest (Fixture *f, gconstpointer data)
{
  g_autofree char *id = rejected_booking (f);
  g_autoptr(GDateTime) early = local_time (1, 7, 8, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) alternatives = NULL;
  g_autoptr(LoketRecord) first = NULL;

  taken_by_other_desk (f, "other-0950", "C", at (1, 7, 9, 50));
  alternatives = loket_replica_find_alternatives (f->replica, id, 4, early, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (alternatives), ==, 4);
  assert_alternative (alternatives, 0, "C2", at (1, 7, 10, 0));
  assert_alternative (alternatives, 1, "C2", at (1, 7, 9, 50));  /* C is taken at 09:50 */
  assert_alternative (alternatives, 2, "C", at (1, 7, 10, 10));
  assert_alternative (alternatives, 3, "C", at (1, 7, 9, 40));
  first = g_list_model_get_item (alternatives, 0);
  g_assert_cmpstr (loket_record_get_string (first, "capacity_name"), ==, "Balie 2");
}

/* Late on the refused day nothing is left: the search goes on to the next working day, and
 * never offers a time that has passed. */
static void
test_alternatives_forward (Fixture *f, gconstpointer data)
{
  g_autofree char *id = rejected_booking (f);
  g_autoptr(GDateTime) late = local_time (1, 7, 11, 55);
  g_autoptr(GDateTime) friday = local_time (1, 11, 11, 55);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) next_day = NULL;
  g_autoptr(GListModel) after_weekend = NULL;

  next_day = loket_replica_find_alternatives (f->replica, id, 2, late, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (next_day), ==, 2);
  assert_alternative (next_day, 0, "C", at (1, 8, 9, 0));
  assert_alternative (next_day, 1, "C", at (1, 8, 9, 10));

  after_weekend = loket_replica_find_alternatives (f->replica, id, 1, friday, &error);
  g_assert_no_error (error);
  assert_alternative (after_weekend, 0, "C", at (1, 14, 9, 0));
}

/* Past the last day the counters are open, the search stops within its horizon with what it
 * found; an unknown appointment is an error. */
static void
test_alternatives_bounded (Fixture *f, gconstpointer data)
{
  g_autofree char *id = book (f, at (12, 31, 11, 50));
  g_autoptr(GDateTime) closing = local_time (12, 31, 11, 55);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GListModel) unknown = NULL;

  apply_results (f, "[{\"seq\": 1, \"outcome\": \"rejected\", \"code\": \"closed\","
                    " \"message\": \"m\", \"details\": null}]");
  none = loket_replica_find_alternatives (f->replica, id, 3, closing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);

  unknown = loket_replica_find_alternatives (f->replica, "nope", 3, closing, &error);
  g_assert_null (unknown);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

/* Booking again moves the same appointment (customer, product, reason, mode kept) and settles
 * its issue; a time that is not free is refused and the item stays. */
static void
test_rebook (Fixture *f, gconstpointer data)
{
  g_autofree char *id = rejected_booking (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonArray) pending = NULL;
  JsonObject *mutation;

  g_assert_false (loket_replica_rebook (f->replica, id, "C", at (1, 7, 10, 0), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN);
  g_clear_error (&error);
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 1);
  g_assert_false (loket_replica_rebook (f->replica, "nope", "C", at (1, 7, 10, 0), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (loket_replica_rebook (f->replica, id, "C2", at (1, 7, 10, 0), &error));
  g_assert_no_error (error);
  row = loket_db_get_row (loket_replica_get_db (f->replica), "appointments", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (row, "capacity_id"), ==, "C2");
  g_assert_cmpstr (json_object_get_string_member (row, "start_at"), ==, "2030-01-07T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "customer_id"), ==, "K");
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "Verlopen paspoort");
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 0);

  pending = loket_replica_pending_mutations (f->replica, 10, &error);
  g_assert_cmpuint (json_array_get_length (pending), ==, 1);
  mutation = json_array_get_object_element (pending, 0);
  g_assert_cmpstr (json_object_get_string_member (mutation, "type"), ==,
                   LOKET_MUTATION_RESCHEDULE_APPOINTMENT);

  /* Refused again by the server: back in the inbox, with the newly refused time. */
  apply_results (f, "[{\"seq\": 2, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
                    " \"message\": \"m\", \"details\": null}]");
  g_clear_pointer (&row, json_object_unref);
  row = loket_db_get_row (loket_replica_get_db (f->replica), "appointments", id, &error);
  json_object_set_string_member (row, "status", "rejected");
  g_assert_true (loket_db_upsert_row (loket_replica_get_db (f->replica), "appointments", row,
                                      &error));
  {
    g_autoptr(LoketRecord) item = only_item (f);

    g_assert_cmpstr (loket_record_get_string (item, "type"), ==,
                     LOKET_MUTATION_RESCHEDULE_APPOINTMENT);
    g_assert_cmpstr (loket_record_get_string (item, "capacity_name"), ==, "Balie 2");
    g_assert_cmpint (loket_record_get_int (item, "seq"), ==, 2);
  }
}

/* A refused move keeps the appointment booked at its old time; the item shows the refused one
 * and is gone once the appointment is cancelled instead. */
static void
test_refused_move (Fixture *f, gconstpointer data)
{
  g_autofree char *id = book (f, at (1, 7, 9, 10));
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) item = NULL;
  g_autoptr(GListModel) alternatives = NULL;
  g_autoptr(GDateTime) early = local_time (1, 7, 8, 0);
  g_autofree char *json = NULL;

  apply_results (f, "[{\"seq\": 1, \"outcome\": \"applied\"}]");
  g_assert_true (loket_replica_reschedule_appointment (f->replica, id, NULL, at (1, 7, 11, 0),
                                                       &error));
  apply_results (f, "[{\"seq\": 2, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
                    " \"message\": \"m\", \"details\": {\"appointment_id\": \"x\"}}]");
  /* The server's copy of the row puts it back at 09:10 with the next pull. */
  json = g_strdup_printf ("{\"id\":\"%s\",\"product_id\":\"P\",\"capacity_id\":\"C\","
                          "\"customer_id\":\"K\",\"start_at\":\"2030-01-07T08:10:00Z\","
                          "\"end_at\":\"2030-01-07T08:20:00Z\",\"status\":\"booked\","
                          "\"created_at\":\"x\"}", id);
  add_row (f, "appointments", json);
  item = only_item (f);
  g_assert_cmpstr (loket_record_get_string (item, "kind"), ==, "booking");
  g_assert_cmpstr (loket_record_get_string (item, "status"), ==, "booked");
  g_assert_cmpstr (loket_record_get_string (item, "refused_when"), ==, "Mon 7 Jan 11:00");
  alternatives = loket_replica_find_alternatives (f->replica, id, 1, early, &error);
  g_assert_no_error (error);
  assert_alternative (alternatives, 0, "C", at (1, 7, 11, 0));

  g_assert_true (loket_replica_cancel_appointment (f->replica, id, "Klant belde af", &error));
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 0);
}

/* A case whose subject two desks changed: one item with both values, not dismissable, gone
 * once a value is chosen. */
static void
test_case_conflict_item (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) item = NULL;

  add_row (f, "case_types", "{\"id\":\"CT\",\"name\":\"Vergunning\",\"max_working_days\":40,"
           "\"statuses\":\"[\\\"ontvangen\\\",\\\"afgehandeld\\\"]\"}");
  add_row (f, "cases", "{\"id\":\"Z\",\"reference\":\"Z-2030-0001\",\"case_type_id\":\"CT\","
           "\"subject\":\"Dakkapel\",\"status\":\"ontvangen\","
           "\"opened_at\":\"2030-01-02T09:00:00Z\",\"deadline\":\"2030-03-01\",\"rev\":3}");
  g_assert_true (loket_replica_set_case_field (f->replica, "Z", "subject", "Dakkapel achter",
                                               &error));
  apply_results (f, "[{\"seq\": 1, \"outcome\": \"conflict\", \"code\": \"field_conflict\","
                    " \"message\": \"m\", \"details\": {\"conflict_id\": \"X1\"}}]");
  loket_test_pull (f->replica, "{\"cursor\": 20, \"more\": false, \"changes\": [{\"seq\": 20, \"entity\":"
           " \"case_conflicts\", \"op\": \"upsert\", \"id\": \"X1\", \"row\": {\"id\": \"X1\","
           " \"case_id\": \"Z\", \"field\": \"subject\", \"base_rev\": 3, \"server_value\":"
           " \"Dakkapel voor\", \"desk_value\": \"Dakkapel achter\", \"desk_user\": \"U1\","
           " \"created_at\": \"2030-01-03T10:00:00Z\"}}]}");

  item = only_item (f);
  g_assert_cmpstr (loket_record_get_string (item, "kind"), ==, "case-conflict");
  g_assert_cmpstr (loket_record_get_string (item, "id"), ==, "conflict:X1");
  g_assert_cmpstr (loket_record_get_string (item, "conflict_id"), ==, "X1");
  g_assert_cmpstr (loket_record_get_string (item, "field_label"), ==, "Subject");
  g_assert_cmpstr (loket_record_get_string (item, "server_label"), ==, "Dakkapel voor");
  g_assert_cmpstr (loket_record_get_string (item, "desk_label"), ==, "Dakkapel achter");
  g_assert_cmpstr (loket_record_get_string (item, "who"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (item, "what"), ==, "Z-2030-0001 · Subject");

  g_assert_false (loket_replica_dismiss_issue (f->replica, 1, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (loket_replica_resolve_case_conflict (f->replica, "X1", "Dakkapel voor", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (f->replica), ==, 0);
}

/* A version Anna approved that lost to one published meanwhile: kept as its own revision (state
 * conflict) next to the winner, both authors shown; "keep both" settles it here. */
static void
test_article_conflict_item (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) item = NULL;
  g_autoptr(JsonObject) article = NULL;

  add_row (f, "roles", "{\"id\":\"redacteur\",\"name\":\"Kennisredacteur\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"redacteur\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":"
           "\"Bram Bakker\",\"role_id\":\"redacteur\"}");
  add_row (f, "users", "{\"id\":\"U3\",\"username\":\"carla\",\"display_name\":"
           "\"Carla Smit\",\"role_id\":\"redacteur\"}");
  add_row (f, "kb_articles", "{\"id\":\"A\",\"kind\":\"faq\",\"title\":\"Paspoort kwijt\","
           "\"rev\":1,\"updated_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "kb_article_revisions", "{\"id\":\"D\",\"article_id\":\"A\",\"rev\":0,"
           "\"based_on_rev\":1,\"title\":\"Paspoort verloren\",\"author_id\":\"U2\","
           "\"created_at\":\"2030-01-01T10:00:00Z\",\"state\":\"submitted\"}");
  g_assert_true (loket_replica_review_article (f->replica, "D", TRUE, NULL, &error));
  g_assert_no_error (error);
  article = loket_db_get_row (loket_replica_get_db (f->replica), "kb_articles", "A", &error);
  g_assert_cmpstr (json_object_get_string_member (article, "title"), ==, "Paspoort verloren");

  /* Carla's version was published first: the server kept Anna's approval as a conflict. */
  apply_results (f, "[{\"seq\": 1, \"outcome\": \"conflict\", \"code\": \"article_conflict\","
                    " \"message\": \"m\", \"details\": {\"revision_id\": \"D\"}}]");
  loket_test_pull (f->replica,
    "{\"cursor\": 6, \"more\": false, \"changes\": ["
    " {\"seq\": 4, \"entity\": \"kb_articles\", \"op\": \"upsert\", \"id\": \"A\", \"row\":"
    "  {\"id\": \"A\", \"kind\": \"faq\", \"title\": \"Paspoort weg\", \"rev\": 2,"
    "   \"status\": \"published\", \"updated_at\": \"2030-01-02T00:00:00Z\"}},"
    " {\"seq\": 5, \"entity\": \"kb_article_revisions\", \"op\": \"upsert\", \"id\": \"W\","
    "  \"row\": {\"id\": \"W\", \"article_id\": \"A\", \"rev\": 2, \"based_on_rev\": 1,"
    "   \"title\": \"Paspoort weg\", \"author_id\": \"U3\", \"created_at\": \"x\","
    "   \"state\": \"published\"}},"
    " {\"seq\": 6, \"entity\": \"kb_article_revisions\", \"op\": \"upsert\", \"id\": \"D\","
    "  \"row\": {\"id\": \"D\", \"article_id\": \"A\", \"rev\": 2, \"based_on_rev\": 1,"
    "   \"title\": \"Paspoort verloren\", \"author_id\": \"U2\", \"created_at\": \"y\","
    "   \"conflict\": 1, \"state\": \"conflict\"}}]}");

  item = only_item (f);
  g_assert_cmpstr (loket_record_get_string (item, "kind"), ==, "article-conflict");
  g_assert_cmpstr (loket_record_get_string (item, "article_id"), ==, "A");
  g_assert_cmpstr (loket_record_get_string (item, "revision_id"), ==, "D");
  g_assert_cmpstr (loket_record_get_string (item, "article_title"), ==, "Paspoort weg");
  g_assert_cmpstr (loket_record_get_string (item, "winner_title"), ==, "Paspoort weg");
  g_assert_cmpstr (loket_record_get_string (item, "winner_author"), ==, "Carla Smit");
  g_assert_cmpstr (loket_record_get_string (item, "conflict_title"), ==, "Paspoort verloren");
  g_assert_cmpstr (loket_record_get_string (item, "conflict_author"), ==, "Bram Bakker");

  g_assert_true (loket_replica_dismiss_issue (f->replica, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 0);
  g_assert_false (loket_replica_dismiss_issue (f->replica, 1, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

/* Any other refusal: the kind of change and the reason in words, newest first. */
static void
test_other_rejections (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = loket_replica_add_note (f->replica, NULL, "K", "Gebeld", &error);
  g_autofree char *booking = book (f, at (1, 7, 10, 0));
  g_autoptr(GListModel) items = NULL;
  g_autoptr(LoketRecord) newest = NULL;
  g_autoptr(LoketRecord) oldest = NULL;

  apply_results (f, "[{\"seq\": 1, \"outcome\": \"rejected\", \"code\": \"not_found\","
                    " \"message\": \"m\", \"details\": null},"
                    " {\"seq\": 2, \"outcome\": \"rejected\", \"code\": \"slot_taken\","
                    " \"message\": \"m\", \"details\": null}]");
  items = loket_replica_list_inbox (f->replica);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  newest = g_list_model_get_item (items, 0);
  oldest = g_list_model_get_item (items, 1);
  g_assert_cmpstr (loket_record_get_string (newest, "kind"), ==, "booking");
  g_assert_cmpstr (loket_record_get_string (oldest, "kind"), ==, "rejected");
  g_assert_cmpstr (loket_record_get_string (oldest, "type_label"), ==, "Note");
  g_assert_cmpstr (loket_record_get_string (oldest, "what"), ==, "Note");
  g_assert_cmpstr (loket_record_get_string (oldest, "reason"), ==,
                   loket_protocol_describe_reason ("not_found"));

  /* An older time stamp sorts it last, whatever its number. */
  g_assert_true (loket_db_exec (loket_replica_get_db (f->replica),
                                "UPDATE sync_issues SET at = '2000-01-01T00:00:00Z' "
                                "WHERE seq = 2", &error));
  g_clear_object (&items);
  g_clear_object (&newest);
  items = loket_replica_list_inbox (f->replica);
  newest = g_list_model_get_item (items, 0);
  g_assert_cmpstr (loket_record_get_string (newest, "kind"), ==, "rejected");

  g_assert_true (loket_replica_dismiss_issue (f->replica, 1, &error));
  g_assert_true (loket_replica_settle_appointment_issues (f->replica, booking, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_replica_count_inbox (f->replica), ==, 0);
  g_assert_false (loket_replica_settle_appointment_issues (f->replica, booking, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/inbox/rejected-booking", test_rejected_booking_item);
  ADD ("/inbox/alternatives/nearest", test_alternatives_nearest);
  ADD ("/inbox/alternatives/forward", test_alternatives_forward);
  ADD ("/inbox/alternatives/bounded", test_alternatives_bounded);
  ADD ("/inbox/rebook", test_rebook);
  ADD ("/inbox/refused-move", test_refused_move);
  ADD ("/inbox/case-conflict", test_case_conflict_item);
  ADD ("/inbox/article-conflict", test_article_conflict_item);
  ADD ("/inbox/other-rejections", test_other_rejections);
#undef ADD
  return g_test_run ();
}
