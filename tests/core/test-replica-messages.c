/* The server's messages and the citizens' satisfaction on the desk's replica, offline: rows are
 * put in as a pull would, then the queries (which messages belong to an appointment or case,
 * and in which order), the words for every state of a message in local time across the change
 * of the clocks, the satisfaction per product over a period with its edges, the "changed"
 * signal a pull of messages gives, the reminder settings of a product through save_config
 * with every value the rules refuse, and case types kept through save_config: a new one with
 * its public wording, a changed lead time, every refusal, and statuses open cases are in. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-messages.h"
#include "loket-rules.h"

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
add_case (Fixture *f, const char *id, const char *product_id)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"reference\":\"Z-%s\",\"case_type_id\":\"T\",\"product_id\":\"%s\","
    "\"status\":\"afgehandeld\",\"opened_at\":\"2030-01-02T09:00:00Z\",\"deadline\":"
    "\"2030-01-20\"}", id, id, product_id);

  add_row (f, "cases", json);
}

static void
add_appointment (Fixture *f, const char *id, const char *case_id)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"product_id\":\"P\",\"capacity_id\":\"C\",\"case_id\":%s%s%s,"
    "\"start_at\":\"2030-11-24T12:30:00Z\",\"end_at\":\"2030-11-24T12:40:00Z\","
    "\"created_at\":\"2030-11-22T13:03:00Z\"}", id, case_id != NULL ? "\"" : "",
    case_id != NULL ? case_id : "null", case_id != NULL ? "\"" : "");

  add_row (f, "appointments", json);
}

/* state: queued | sent | failed | cancelled; appointment_id or case_id may be NULL. */
static void
add_message (Fixture *f, const char *id, const char *appointment_id, const char *case_id,
             const char *kind, const char *channel, const char *due_at, const char *state,
             int attempts, const char *reason, const char *sent_at)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (row, "id", id);
  if (appointment_id != NULL)
    json_object_set_string_member (row, "appointment_id", appointment_id);
  if (case_id != NULL)
    json_object_set_string_member (row, "case_id", case_id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "channel", channel);
  json_object_set_string_member (row, "due_at", due_at);
  json_object_set_string_member (row, "state", state);
  json_object_set_int_member (row, "attempts", attempts);
  json_object_set_string_member (row, "reason", reason);
  if (sent_at != NULL)
    json_object_set_string_member (row, "sent_at", sent_at);
  json_object_set_string_member (row, "created_at", "2030-11-22T13:03:00Z");
  g_assert_true (loket_db_upsert_row (loket_replica_get_db (f->replica), "messages", row,
                                      &error));
  g_assert_no_error (error);
}

static void
add_answer (Fixture *f, const char *id, const char *product_id, int q1, int q2, int q3,
            const char *answered_at)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = g_strconcat ("K-", id, NULL);

  add_case (f, case_id, product_id != NULL ? product_id : "P");
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "case_id", case_id);
  if (product_id != NULL)
    json_object_set_string_member (row, "product_id", product_id);
  json_object_set_int_member (row, "q1", q1);
  json_object_set_int_member (row, "q2", q2);
  json_object_set_int_member (row, "q3", q3);
  json_object_set_string_member (row, "answered_at", answered_at);
  g_assert_true (loket_db_upsert_row (loket_replica_get_db (f->replica), "survey_answers", row,
                                      &error));
  g_assert_no_error (error);
}

/* Two products of Burgerzaken at the Stadhuis, a case type, and a functional administrator
 * signed in. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("messages");
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f, "products", "{\"id\":\"P2\",\"group_id\":\"G\",\"name\":\"Afhalen rijbewijs\","
           "\"norm_minutes\":5,\"handling_level\":1,\"line\":1}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "case_types", "{\"id\":\"T\",\"name\":\"Reisdocument\",\"max_working_days\":5,"
           "\"statuses\":\"[\\\"ontvangen\\\",\\\"afgehandeld\\\"]\"}");
  add_row (f, "roles", "{\"id\":\"beheerder\",\"name\":\"Functioneel beheerder\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"beheer\",\"display_name\":"
           "\"Bea Heer\",\"role_id\":\"beheerder\"}");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

static void
assert_ids (GListModel *model, const char *const *ids)
{
  guint n = g_strv_length ((char **) ids);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      g_assert_cmpstr (loket_record_get_id (record), ==, ids[i]);
    }
}

static gint64
unix_time (const char *iso)
{
  gint64 t = 0;

  g_assert_true (loket_protocol_parse_time (iso, &t));
  return t;
}

/* ---- which messages, in which order ----------------------------------------------------------- */

/* An appointment of a case, another appointment of the same case, one without a case. */
static void
add_messages_world (Fixture *f)
{
  add_case (f, "K1", "P");
  add_case (f, "K2", "P");
  add_appointment (f, "A1", "K1");
  add_appointment (f, "A2", NULL);
  add_appointment (f, "A3", "K1");
  /* Made in another order than they are due. */
  add_message (f, "M3", "A1", NULL, "reminder", "sms", "2030-11-24T11:30:00Z", "queued", 0, "",
               NULL);
  add_message (f, "M1", "A1", "K1", "confirmation", "email", "2030-11-22T13:03:00Z", "sent", 1,
               "", "2030-11-22T13:03:05Z");
  add_message (f, "M2", "A1", NULL, "reminder", "email", "2030-11-23T12:30:00Z", "queued", 0, "",
               NULL);
  add_message (f, "M4", NULL, "K1", "acknowledgement", "email", "2030-11-22T13:04:00Z", "sent", 1,
               "", "2030-11-22T13:04:10Z");
  add_message (f, "M5", "A2", NULL, "confirmation", "email", "2030-11-22T13:00:00Z", "sent", 1, "",
               "2030-11-22T13:00:00Z");
  add_message (f, "M6", NULL, "K2", "survey", "email", "2030-11-22T13:00:00Z", "queued", 0, "",
               NULL);
  add_message (f, "M7", "A3", NULL, "confirmation", "email", "2030-11-22T13:00:30Z", "sent", 1, "",
               NULL);
  /* Due at the same moment as M2: made later, so after it (created_at), then by id. */
  add_message (f, "M0", "A1", NULL, "change", "email", "2030-11-23T12:30:00Z", "queued", 0, "",
               NULL);
}

/* An appointment's messages: its own and its case's that name no appointment (not those of
 * another appointment of the case, nor of another case), by due time. */
static void
test_list_messages (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) a1 = NULL;
  g_autoptr(GListModel) a2 = NULL;
  g_autoptr(GListModel) none = NULL;

  add_messages_world (f);
  a1 = loket_replica_list_messages (f->replica, "A1");
  assert_ids (a1, (const char *const[]) { "M1", "M4", "M0", "M2", "M3", NULL });
  a2 = loket_replica_list_messages (f->replica, "A2");
  assert_ids (a2, (const char *const[]) { "M5", NULL });
  none = loket_replica_list_messages (f->replica, "no-such-appointment");
  assert_ids (none, (const char *const[]) { NULL });
}

/* A case's messages: its own and those of all its appointments. */
static void
test_list_case_messages (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) k1 = NULL;
  g_autoptr(GListModel) k2 = NULL;
  g_autoptr(GListModel) none = NULL;

  add_messages_world (f);
  k1 = loket_replica_list_case_messages (f->replica, "K1");
  assert_ids (k1, (const char *const[]) { "M7", "M1", "M4", "M0", "M2", "M3", NULL });
  k2 = loket_replica_list_case_messages (f->replica, "K2");
  assert_ids (k2, (const char *const[]) { "M6", NULL });
  none = loket_replica_list_case_messages (f->replica, "no-such-case");
  assert_ids (none, (const char *const[]) { NULL });
}

/* ---- the words for each state ----------------------------------------------------------------- */

static LoketRecord *
message_record (const char *kind, const char *channel, const char *due_at, const char *state,
                int attempts, const char *reason, const char *sent_at)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "id", "M");
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "channel", channel);
  json_object_set_string_member (row, "due_at", due_at);
  json_object_set_string_member (row, "state", state);
  json_object_set_int_member (row, "attempts", attempts);
  json_object_set_string_member (row, "reason", reason);
  if (sent_at != NULL)
    json_object_set_string_member (row, "sent_at", sent_at);
  else
    json_object_set_null_member (row, "sent_at");
  return loket_record_new (row);
}

static void
assert_describes (LoketRecord *message, gint64 now, LoketMessageState state, const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *described = loket_message_describe (message, tz, now);

  g_assert_cmpint (loket_message_get_state (message, now), ==, state);
  g_assert_cmpstr (described, ==, text);
}

/* Every state in words, local times in Amsterdam in winter (UTC+1) and summer (UTC+2). */
static void
test_describe_states (Fixture *f, gconstpointer data)
{
  gint64 now = unix_time ("2030-11-22T13:10:00Z");
  struct {
    const char *kind, *channel, *due_at, *state;
    int attempts;
    const char *reason, *sent_at;
    LoketMessageState expected_state;
    const char *text;
  } cases[] = {
    { "confirmation", "email", "2030-11-22T13:03:00Z", "sent", 1, "", "2030-11-22T13:03:40Z",
      LOKET_MESSAGE_STATE_SENT, "Confirmation by e-mail · sent 22 Nov 14:03" },
    /* A sent message without its moment: when it was due. */
    { "change", "email", "2030-11-22T12:00:00Z", "sent", 1, "", NULL,
      LOKET_MESSAGE_STATE_SENT, "Change by e-mail · sent 22 Nov 13:00" },
    { "reminder", "sms", "2030-11-23T12:30:00Z", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_PLANNED, "Reminder by SMS · planned 23 Nov 13:30" },
    /* Summer time: UTC+2. */
    { "reminder", "email", "2031-07-01T08:00:00Z", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_PLANNED, "Reminder by e-mail · planned 1 Jul 10:00" },
    { "acknowledgement", "email", "2030-11-22T13:05:00Z", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_WAITING, "Acknowledgement by e-mail · waiting to be sent since "
      "22 Nov 14:05" },
    /* Due exactly now: waiting, not planned. */
    { "status", "email", "2030-11-22T13:10:00Z", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_WAITING, "Status update by e-mail · waiting to be sent since "
      "22 Nov 14:10" },
    { "reminder", "email", "2030-11-22T13:00:00Z", "queued", 1, "The mail server did not answer.",
      NULL, LOKET_MESSAGE_STATE_RETRYING,
      "Reminder by e-mail · retrying after 1 failed attempt: The mail server did not answer." },
    { "reminder", "sms", "2030-11-22T13:00:00Z", "queued", 2, "", NULL,
      LOKET_MESSAGE_STATE_RETRYING,
      "Reminder by SMS · retrying after 2 failed attempts: no reason given" },
    { "reminder", "email", "2030-11-23T12:30:00Z", "failed", 6,
      "The mail program stopped with status 75.", NULL, LOKET_MESSAGE_STATE_FAILED,
      "Reminder by e-mail · failed: The mail program stopped with status 75." },
    { "survey", "email", "2030-11-22T12:00:00Z", "failed", 6, "", NULL,
      LOKET_MESSAGE_STATE_FAILED, "Survey invitation by e-mail · failed" },
    { "reminder", "sms", "2030-11-24T11:30:00Z", "cancelled", 0, "The appointment moved.", NULL,
      LOKET_MESSAGE_STATE_CANCELLED, "Reminder by SMS · not sent: cancelled" },
    { "cancellation", "email", "2030-11-22T12:00:00Z", "sent", 1, "", "2030-11-22T12:00:00Z",
      LOKET_MESSAGE_STATE_SENT, "Cancellation by e-mail · sent 22 Nov 13:00" },
    /* A kind from a newer server: its own name rather than nothing. */
    { "newsletter", "email", "2030-11-25T12:00:00Z", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_PLANNED, "newsletter by e-mail · planned 25 Nov 13:00" },
    /* A time that cannot be read is shown as it is. */
    { "reminder", "email", "soon", "queued", 0, "", NULL,
      LOKET_MESSAGE_STATE_PLANNED, "Reminder by e-mail · planned soon" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LoketRecord) message = message_record (cases[i].kind, cases[i].channel,
                                                       cases[i].due_at, cases[i].state,
                                                       cases[i].attempts, cases[i].reason,
                                                       cases[i].sent_at);

      assert_describes (message, now, cases[i].expected_state, cases[i].text);
    }
}

/* ---- satisfaction ----------------------------------------------------------------------------- */

static GDateTime *
utc (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static const LoketSatisfaction *
row_at (GArray *rows, guint i)
{
  g_assert_cmpuint (i, <, rows->len);
  return &g_array_index (rows, LoketSatisfaction, i);
}

/* Per product over [from, until): counts, means, the share of 3 or more and the target; the
 * edges of the period; answers without a product last; the total over all. */
static void
test_satisfaction (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) from = utc ("2030-09-01T00:00:00Z");
  g_autoptr(GDateTime) until = utc ("2030-12-01T00:00:00Z");
  g_autoptr(GArray) rows = NULL;
  LoketSatisfaction total = { 0 };
  const LoketSatisfaction *paspoort, *rijbewijs, *other;

  /* Paspoort: means 4, 3, 2; the answers' own means 5, 3, 1 (3 counts as satisfied). */
  add_answer (f, "S1", "P", 5, 5, 5, "2030-09-01T00:00:00Z");   /* the first moment: in */
  add_answer (f, "S2", "P", 4, 3, 2, "2030-10-15T10:00:00Z");
  add_answer (f, "S3", "P", 3, 1, 1, "2030-11-30T23:59:59Z");
  add_answer (f, "S4", "P", 1, 1, 1, "2030-12-01T00:00:00Z");   /* the end: out */
  add_answer (f, "S5", "P", 1, 1, 1, "2030-08-31T23:59:59Z");   /* before: out */
  /* Afhalen rijbewijs: exactly the target. */
  add_answer (f, "S6", "P2", 3, 3, 3, "2030-10-01T08:00:00Z");
  add_answer (f, "S7", NULL, 2, 2, 2, "2030-10-01T08:00:00Z");

  rows = loket_replica_satisfaction (f->replica, from, until, &total);
  g_assert_cmpuint (rows->len, ==, 3);
  rijbewijs = row_at (rows, 0);   /* by name: Afhalen rijbewijs, Paspoort, then none */
  paspoort = row_at (rows, 1);
  other = row_at (rows, 2);

  g_assert_cmpstr (paspoort->product_id, ==, "P");
  g_assert_cmpstr (paspoort->product_name, ==, "Paspoort");
  g_assert_cmpuint (paspoort->answers, ==, 3);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_mean (paspoort, LOKET_SURVEY_HANDLING), 4.0,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_mean (paspoort, LOKET_SURVEY_INFORMATION),
                                  3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_mean (paspoort, LOKET_SURVEY_DURATION), 8.0 / 3,
                                  1e-9);
  g_assert_cmpuint (paspoort->satisfied, ==, 2);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_share (paspoort), 2.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_overall (paspoort), 29.0 / 9, 1e-9);
  g_assert_true (loket_satisfaction_meets_target (paspoort));

  g_assert_cmpstr (rijbewijs->product_id, ==, "P2");
  g_assert_cmpuint (rijbewijs->answers, ==, 1);
  g_assert_cmpuint (rijbewijs->satisfied, ==, 1);
  g_assert_true (loket_satisfaction_meets_target (rijbewijs));

  g_assert_null (other->product_id);
  g_assert_null (other->product_name);
  g_assert_cmpuint (other->answers, ==, 1);
  g_assert_cmpuint (other->satisfied, ==, 0);
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_share (other), 0, 1e-9);
  g_assert_false (loket_satisfaction_meets_target (other));

  g_assert_cmpuint (total.answers, ==, 5);
  g_assert_cmpuint (total.satisfied, ==, 3);
  g_assert_cmpint (total.sums[LOKET_SURVEY_HANDLING], ==, 5 + 4 + 3 + 3 + 2);
  /* 44 marks over 15: 2.93, under the target although most answers are 3 or more. */
  g_assert_cmpfloat_with_epsilon (loket_satisfaction_overall (&total), 44.0 / 15, 1e-9);
  g_assert_false (loket_satisfaction_meets_target (&total));
  loket_satisfaction_clear (&total);
}

/* A period without answers: no rows, a total of nothing that meets no target, and means of 0
 * rather than a division by zero. */
static void
test_satisfaction_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) from = utc ("2031-01-01T00:00:00Z");
  g_autoptr(GDateTime) until = utc ("2031-04-01T00:00:00Z");
  g_autoptr(GArray) rows = NULL;
  LoketSatisfaction total = { 0 };

  add_answer (f, "S1", "P", 5, 5, 5, "2030-10-01T00:00:00Z");
  rows = loket_replica_satisfaction (f->replica, from, until, &total);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpuint (total.answers, ==, 0);
  g_assert_cmpfloat (loket_satisfaction_mean (&total, LOKET_SURVEY_HANDLING), ==, 0);
  g_assert_cmpfloat (loket_satisfaction_overall (&total), ==, 0);
  g_assert_cmpfloat (loket_satisfaction_share (&total), ==, 0);
  g_assert_false (loket_satisfaction_meets_target (&total));
  loket_satisfaction_clear (&total);

  /* Without a total, the rows alone. */
  g_clear_pointer (&rows, g_array_unref);
  g_clear_pointer (&from, g_date_time_unref);
  from = utc ("2030-01-01T00:00:00Z");
  rows = loket_replica_satisfaction (f->replica, from, until, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
}

/* A mean just under the target misses it: 8 of 9 marks' worth is not 3. */
static void
test_satisfaction_below_target (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) from = utc ("2030-01-01T00:00:00Z");
  g_autoptr(GDateTime) until = utc ("2031-01-01T00:00:00Z");
  g_autoptr(GArray) rows = NULL;

  add_answer (f, "S1", "P", 3, 3, 2, "2030-10-01T00:00:00Z");
  add_answer (f, "S2", "P", 3, 3, 3, "2030-10-02T00:00:00Z");
  rows = loket_replica_satisfaction (f->replica, from, until, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (row_at (rows, 0)->satisfied, ==, 1);
  g_assert_false (loket_satisfaction_meets_target (row_at (rows, 0)));
}

/* ---- a pull tells the views ------------------------------------------------------------------- */

static void
count_changed (LoketReplica *replica, const char *entity, guint *count)
{
  (*count)++;
}

/* A pull that brings a message's new state changes the replica's row and fires "changed", so
 * an open popover reads it again. */
static void
test_pull_changes_state (Fixture *f, gconstpointer data)
{
  const char *page_json =
    "{\"cursor\":7,\"changes\":[{\"entity\":\"messages\",\"op\":\"upsert\",\"id\":\"M2\","
    "\"row\":{\"id\":\"M2\",\"appointment_id\":\"A1\",\"channel\":\"email\",\"kind\":"
    "\"reminder\",\"due_at\":\"2030-11-23T12:30:00Z\",\"state\":\"failed\",\"attempts\":6,"
    "\"reason\":\"The mail program stopped with status 75.\",\"sent_at\":null,"
    "\"created_at\":\"2030-11-22T13:03:00Z\"}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = loket_protocol_parse_object (page_json, strlen (page_json),
                                                            &error);
  g_autoptr(GListModel) messages = NULL;
  g_autoptr(LoketRecord) message = NULL;
  guint changed = 0;

  g_assert_no_error (error);
  add_messages_world (f);
  g_signal_connect (f->replica, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (loket_replica_apply_pull (f->replica, page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >=, 1);

  messages = loket_replica_list_messages (f->replica, "A1");
  message = g_list_model_get_item (messages, 3);
  g_assert_cmpstr (loket_record_get_id (message), ==, "M2");
  g_assert_cmpint (loket_message_get_state (message, 0), ==, LOKET_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (loket_record_get_string (message, "reason"), ==,
                   "The mail program stopped with status 75.");
}

/* ---- the reminder settings of a product ------------------------------------------------------- */

static char *
save_product (Fixture *f, const char *members, GError **error)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"P\",%s}", members);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonObject) row = loket_protocol_parse_object (json, strlen (json), &parse_error);

  g_assert_no_error (parse_error);
  return loket_replica_save_config (f->replica, "products", row, error);
}

/* New products remind the day before by e-mail and an hour before by SMS; an administrator
 * changes both (0: none), and the replica's row has them at once, with the change in the
 * outbox for the server. */
static LoketRecord *
find_product (Fixture *f, const char *id)
{
  g_autoptr(GListModel) products = loket_replica_list_products (f->replica, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (products, i);

      if (g_str_equal (loket_record_get_id (item), id))
        return g_steal_pointer (&item);
    }
  g_error ("no product %s", id);
}

static void
test_reminder_settings (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(LoketRecord) product = find_product (f, "P");

  g_assert_cmpint (loket_record_get_int (product, "remind_email_minutes"), ==, 1440);
  g_assert_cmpint (loket_record_get_int (product, "remind_sms_minutes"), ==, 60);
  g_clear_object (&product);

  id = save_product (f, "\"remind_email_minutes\":2880,\"remind_sms_minutes\":0", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "P");
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
  product = find_product (f, "P");
  g_assert_cmpint (loket_record_get_int (product, "remind_email_minutes"), ==, 2880);
  g_assert_cmpint (loket_record_get_int (product, "remind_sms_minutes"), ==, 0);

  /* The edges: a week ahead by e-mail, a day ahead by SMS. */
  again = save_product (f, "\"remind_email_minutes\":10080,\"remind_sms_minutes\":1440", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

/* Every value the rules refuse, each with a sentence, and nothing recorded. */
static void
test_reminder_settings_refused (Fixture *f, gconstpointer data)
{
  static const struct { const char *members, *message; } bad[] = {
    { "\"remind_email_minutes\":-1", "E-mail reminder: is out of range" },
    { "\"remind_email_minutes\":10081", "E-mail reminder: is out of range" },
    { "\"remind_sms_minutes\":-60", "SMS reminder: is out of range" },
    { "\"remind_sms_minutes\":1441", "SMS reminder: is out of range" },
    { "\"remind_email_minutes\":\"1440\"", "E-mail reminder: must be a number" },
    { "\"remind_sms_minutes\":1.5", "SMS reminder: must be a number" },
    { "\"remind_sms_minutes\":null", "SMS reminder: must have a value" },
    { "\"remind_whatsapp_minutes\":60", "Remind_whatsapp_minutes: cannot be changed here" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = save_product (f, bad[i].members, &error);

      g_assert_null (id);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);
}

/* ---- case types ------------------------------------------------------------------------------ */

static char *
save_case_type (Fixture *f, const char *id, const char *members, GError **error)
{
  g_autofree char *json = id != NULL ? g_strdup_printf ("{\"id\":\"%s\",%s}", id, members)
                                     : g_strdup_printf ("{%s}", members);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonObject) row = loket_protocol_parse_object (json, strlen (json), &parse_error);

  g_assert_no_error (parse_error);
  return loket_replica_save_config (f->replica, "case_types", row, error);
}

static JsonObject *
stored_case_type (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *row = loket_db_get_row (loket_replica_get_db (f->replica), "case_types", id,
                                      &error);

  g_assert_no_error (error);
  return row;
}

#define THREE_STATUSES \
  "\"statuses\":\"[\\\"ontvangen\\\",\\\"in behandeling\\\",\\\"afgehandeld\\\"]\""

/* A new type with three statuses, a team, retention and public wording for two statuses (the
 * third is not told); then the lead time of an existing type alone: its other columns stay. */
static void
test_case_type_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *same = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) args = NULL;

  add_row (f, "teams", "{\"id\":\"TM\",\"name\":\"Vergunningen\"}");
  id = save_case_type (f, NULL, "\"name\":\"Kapvergunning\",\"max_working_days\":40,"
                       THREE_STATUSES ",\"public_statuses\":\"{\\\"ontvangen\\\":\\\"We hebben "
                       "uw aanvraag\\\",\\\"afgehandeld\\\":\\\"Klaar\\\"}\",\"team_id\":\"TM\","
                       "\"confidential\":1,\"retention_years\":7,\"retention_action\":"
                       "\"vernietigen\",\"intake_product_id\":\"P2\"", &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  created = stored_case_type (f, id);
  g_assert_cmpstr (json_object_get_string_member (created, "name"), ==, "Kapvergunning");
  g_assert_cmpint (json_object_get_int_member (created, "max_working_days"), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (created, "team_id"), ==, "TM");
  g_assert_cmpint (json_object_get_int_member (created, "retention_years"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (created, "retention_action"), ==,
                   "vernietigen");
  g_assert_true (loket_rules_case_move_allowed (json_object_get_string_member (created,
                                                                               "statuses"),
                                                NULL, "ontvangen", "in behandeling"));

  same = save_case_type (f, "T", "\"max_working_days\":250", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, "T");
  changed = stored_case_type (f, "T");
  g_assert_cmpint (json_object_get_int_member (changed, "max_working_days"), ==, 250);
  g_assert_cmpstr (json_object_get_string_member (changed, "name"), ==, "Reisdocument");
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 2);
  args = loket_test_pending_args (f->replica, 1, "save_config");
  g_assert_cmpstr (json_object_get_string_member (args, "entity"), ==, "case_types");
}

/* Every value the rules refuse, each with a sentence, and nothing recorded.  id NULL: a new
 * type (its required columns given but for the one tried). */
static void
test_case_type_refused (Fixture *f, gconstpointer data)
{
  static const struct { const char *id, *members, *message; } bad[] = {
    { "T", "\"name\":\"  \"", "Name: must not be empty" },
    { "T", "\"max_working_days\":0", "Maximum lead time: is out of range" },
    { "T", "\"max_working_days\":251", "Maximum lead time: is out of range" },
    { "T", "\"max_working_days\":null", "Maximum lead time: must have a value" },
    { "T", "\"statuses\":\"[\\\"ontvangen\\\"]\"", "Statuses: needs at least 2 names" },
    { "T", "\"statuses\":\"[\\\"ontvangen\\\",\\\" \\\",\\\"afgehandeld\\\"]\"",
      "Statuses: a name is empty" },
    { "T", "\"statuses\":\"[\\\"ontvangen\\\",\\\"afgehandeld\\\",\\\"ontvangen\\\"]\"",
      "Statuses: a name appears twice" },
    { "T", "\"statuses\":\"ontvangen, afgehandeld\"", "Statuses: must be a list of names" },
    { "T", "\"statuses\":\"[1,2]\"", "Statuses: must be a list of names" },
    { "T", "\"public_statuses\":\"[]\"", "Wording for the citizen: must give a text for each "
      "status" },
    { "T", "\"public_statuses\":\"{\\\"ontvangen\\\":\\\" \\\"}\"", "Wording for the citizen: "
      "must give a text for each status" },
    { "T", "\"public_statuses\":\"{\\\"ontvangen\\\":3}\"", "Wording for the citizen: must "
      "give a text for each status" },
    { "T", "\"public_statuses\":\"{\\\"gesloten\\\":\\\"Klaar\\\"}\"", "Wording for the "
      "citizen: “gesloten” is not one of the statuses." },
    { "T", THREE_STATUSES ",\"public_statuses\":\"{\\\"verlopen\\\":\\\"Te laat\\\"}\"",
      "Wording for the citizen: “verlopen” is not one of the statuses." },
    { "T", "\"confidential\":2", "Confidential: is out of range" },
    { "T", "\"retention_years\":0", "Retention period: is out of range" },
    { "T", "\"retention_years\":101", "Retention period: is out of range" },
    { "T", "\"retention_action\":\"weggooien\"", "After the retention period: is not one of "
      "the allowed values" },
    { "T", "\"retention_action\":null", "After the retention period: must have a value" },
    { "T", "\"transitions\":\"{}\"", "Transitions: cannot be changed here" },
    { NULL, "\"max_working_days\":5," THREE_STATUSES, "Name: is required" },
    { NULL, "\"name\":\"Bezwaar\"," THREE_STATUSES, "Maximum lead time: is required" },
    { NULL, "\"name\":\"Bezwaar\",\"max_working_days\":5", "Statuses: is required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = save_case_type (f, bad[i].id, bad[i].members, &error);

      g_assert_null (id);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);
}

/* References to nothing are refused as not found. */
static void
test_case_type_references (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = { "\"team_id\":\"nobody\"", "\"intake_product_id\":\"X\"" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = save_case_type (f, "T", bad[i], &error);

      g_assert_null (id);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
    }
  /* An optional reference may be emptied. */
  g_free (save_case_type (f, "T", "\"team_id\":null,\"intake_product_id\":null", NULL));
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
}

static void
add_type_case (Fixture *f, const char *id, const char *status, gboolean closed)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"reference\":\"Z-%s\",\"case_type_id\":\"T\",\"status\":\"%s\","
    "\"opened_at\":\"2030-01-02T09:00:00Z\",\"deadline\":\"2030-01-20\",\"closed_at\":%s}",
    id, id, status, closed ? "\"2030-01-10T09:00:00Z\"" : "null");

  add_row (f, "cases", json);
}

/* A status open cases are in may not go (the sentence counts them); a status only closed
 * cases are in may; and a status added or renamed around them is fine. */
static void
test_case_type_open_statuses (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *renamed = NULL;

  add_type_case (f, "K1", "ontvangen", FALSE);
  add_type_case (f, "K2", "ontvangen", FALSE);
  add_type_case (f, "K3", "afgehandeld", TRUE);
  refused = save_case_type (f, "T", "\"statuses\":\"[\\\"nieuw\\\",\\\"afgehandeld\\\"]\"",
                            &error);
  g_assert_null (refused);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "2 open cases are in status “ontvangen”: keep it.");
  g_clear_error (&error);

  add_type_case (f, "K2", "ontvangen", TRUE);
  refused = save_case_type (f, "T", "\"statuses\":\"[\\\"nieuw\\\",\\\"afgehandeld\\\"]\"",
                            &error);
  g_assert_cmpstr (error->message, ==, "1 open case is in status “ontvangen”: keep it.");
  g_clear_error (&error);

  renamed = save_case_type (f, "T", "\"statuses\":\"[\\\"ontvangen\\\",\\\"beoordeeld\\\","
                            "\\\"gesloten\\\"]\"", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed, ==, "T");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica/messages/list", test_list_messages);
  ADD ("/replica/messages/list-case", test_list_case_messages);
  ADD ("/replica/messages/describe-states", test_describe_states);
  ADD ("/replica/messages/pull-changes-state", test_pull_changes_state);
  ADD ("/replica/satisfaction/per-product", test_satisfaction);
  ADD ("/replica/satisfaction/empty", test_satisfaction_empty);
  ADD ("/replica/satisfaction/below-target", test_satisfaction_below_target);
  ADD ("/replica/reminders/save", test_reminder_settings);
  ADD ("/replica/reminders/refused", test_reminder_settings_refused);
  ADD ("/replica/case-types/save", test_case_type_save);
  ADD ("/replica/case-types/refused", test_case_type_refused);
  ADD ("/replica/case-types/references", test_case_type_references);
  ADD ("/replica/case-types/open-statuses", test_case_type_open_statuses);
#undef ADD
  return g_test_run ();
}
