/* test-store-messages.c — the server's outbox in-process (loket-store-messages.h): which
 * messages a booking, a move, a cancellation and a case make and when they are due, with
 * explicit times; what is due at a given moment; the backoff of failed attempts; that a
 * replayed push queues nothing twice; what a message says (in Dutch), its .ics, and the mail as
 * the mail program gets it, without header injection; that no row that travels to desks holds
 * a recipient; and that every change is logged.
 *
 * The fixture is plain SQL: one location, a balie open Mon–Fri 09:00–12:00, three products
 * with different reminder settings, customers with and without an e-mail address and phone
 * number, a case type with three statuses and one case. */
#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "loket-error.h"
#include "loket-message-text.h"
#include "loket-protocol.h"
#include "loket-site.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-test-admin.h"
#include "loket-test-server.h"
#include "loket-test-store.h"

/* Monday 7 January 2030, 09:00 in Amsterdam (UTC+1), and moments around it. */
#define MONDAY_0900   "2030-01-07T08:00:00Z"
#define MONDAY_1000   "2030-01-07T09:00:00Z"
#define BOOKED_AT     "2030-01-01T10:00:00Z"
#define EMAIL_DUE     "2030-01-06T08:00:00Z"   /* 24 hours before */
#define SMS_DUE       "2030-01-07T07:00:00Z"   /* an hour before */

static LoketSite *site;

typedef struct
{
  char       *dir;
  LoketStore *store;
  gint64      seq;
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind, address, timezone) VALUES"
  " ('loc-1', 'Stadhuis', 'stadhuis', 'Markt 1, 1234 AB Dalfsenburg', 'Europe/Amsterdam');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
  "INSERT INTO case_types (id, name, max_working_days, statuses) VALUES"
  " ('ct-1', 'Reisdocument', 10, '[\"ontvangen\", \"in behandeling\", \"afgehandeld\"]');"
  "INSERT INTO kb_articles (id, kind, title, updated_at) VALUES"
  " ('art-pas', 'product', 'Paspoort aanvragen', '2029-01-01T00:00:00Z');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, case_type_id,"
  " article_id, remind_email_minutes, remind_sms_minutes, max_per_booking) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2, 'ct-1', 'art-pas', 1440, 60, 3),"
  " ('prd-id', 'grp-bz', 'Identiteitskaart', 10, 1, 2, NULL, NULL, 0, 30, 3),"
  " ('prd-brp', 'grp-bz', 'Uittreksel BRP', 10, 1, 1, NULL, NULL, 0, 0, 1);"
  "INSERT INTO capacities (id, location_id, group_id, kind, name) VALUES"
  " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1');"
  "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
  " start_time, end_time, slot_minutes, places, public_places) VALUES"
  " ('rule-1', 'cap-1', 31, '2020-01-01', '2099-12-31', '09:00', '12:00', 10, 2, 1);"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker');"
  "INSERT INTO users (id, username, display_name, role_id, location_id) VALUES"
  " ('usr-a', 'anna', 'Anna de Vries', 'medewerker', 'loc-1');"
  "INSERT INTO devices (id, user_id, token_hash, created_at) VALUES"
  " ('dev-a', 'usr-a', 'hash-a', '2029-01-01T00:00:00Z');"
  "INSERT INTO customers (id, name, email, phone, created_at) VALUES"
  " ('cus-1', 'Jan Jansen', 'jan@example.nl', '06-12345678', '2029-01-01T10:00:00Z'),"
  " ('cus-2', 'Piet Zonder', NULL, NULL, '2029-01-01T10:00:00Z'),"
  " ('cus-3', 'Els Mail', 'els@example.nl', '  ', '2029-01-01T10:00:00Z'),"
  " ('cus-4', 'Jan' || char (13, 10) || 'Bcc: x@evil', 'jan4@example.nl', NULL,"
  "  '2029-01-01T10:00:00Z'),"
  " ('cus-5', '<script>alert(1)</script>''); DROP TABLE customers; --', 'x5@example.nl', NULL,"
  "  '2029-01-01T10:00:00Z');"
  "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, status, opened_at,"
  " deadline) VALUES ('case-1', 'Z-2030-0001', 'ct-1', 'cus-1', 'prd-pas', 'ontvangen',"
  " '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-2', 'Z-2030-0002', 'ct-1', 'cus-2', 'prd-pas', 'ontvangen', '2030-01-01T10:00:00Z',"
  " '2030-01-15');";

/* ---- helpers -------------------------------------------------------------------------------- */

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

/* One text value of the first row; NULL for no row or SQL NULL. */
static char *
value (Fixture *f, const char *sql)
{
  return loket_test_admin_value (loket_store_get_db (f->store), sql);
}

static void
exec (Fixture *f, const char *sql)
{
  loket_test_store_exec (f->store, sql);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->store = loket_test_store_new ("loket-store-messages-XXXXXX", fixture_sql, &f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GDateTime *
at (const char *iso)
{
  GDateTime *moment = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (moment);
  return moment;
}

/* A booked appointment inserted as it is (the queue functions are called by the tests). */
static void
add_appointment (Fixture *f, const char *id, const char *product, const char *customer,
                 const char *start_at, const char *case_id)
{
  g_autofree char *sql = NULL;
  g_autofree char *who = customer != NULL ? g_strdup_printf ("'%s'", customer) : g_strdup ("NULL");

  sql = g_strdup_printf ("INSERT INTO appointments (id, product_id, capacity_id, customer_id,"
                         " case_id, start_at, end_at, created_at) VALUES ('%s', '%s', 'cap-1', %s,"
                         " %s, '%s', strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s', '+10 minutes'),"
                         " '" BOOKED_AT "')", id, product,
                         who, case_id != NULL ? "'case-1'" : "NULL", start_at, start_at);
  exec (f, sql);
}

static void
queue (Fixture *f, const char *appointment_id, LoketMessageEvent event, const char *now)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_store_messages_for_appointment (f->store, appointment_id, event, now,
                                                       &error));
  g_assert_no_error (error);
}

/* The messages of an appointment or case: "channel kind state due_at; …" in insertion order. */
static char *
messages_of (Fixture *f, const char *column, const char *id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT coalesce (group_concat (channel || ' ' || kind || ' ' || state || ' ' || due_at,"
    " '; '), '') FROM (SELECT * FROM messages WHERE %s = '%s' ORDER BY rowid)", column, id);

  return value (f, sql);
}

static void
assert_messages (Fixture *f, const char *appointment_id, const char *expected)
{
  g_autofree char *got = messages_of (f, "appointment_id", appointment_id);

  g_assert_cmpstr (got, ==, expected);
}

/* Every message row is in the change log as it is now: its last entry holds its state. */
static void
assert_all_logged (Fixture *f)
{
  g_assert_cmpint (count (f,
    "SELECT count (*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM change_log l"
    " WHERE l.entity = 'messages' AND l.row_id = m.id AND l.seq = (SELECT max (seq)"
    "  FROM change_log WHERE entity = 'messages' AND row_id = m.id)"
    " AND json_extract (l.row, '$.state') = m.state"
    " AND json_extract (l.row, '$.due_at') = m.due_at"
    " AND json_extract (l.row, '$.attempts') = m.attempts"
    " AND json_extract (l.row, '$.reason') = m.reason"
    " AND json_extract (l.row, '$.sent_at') IS m.sent_at"
    " AND json_extract (l.row, '$.case_id') IS m.case_id)"), ==, 0);
}

static JsonObject *
content (Fixture *f, const char *message_id, const char *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) moment = at (now);
  JsonObject *result = loket_store_messages_content (f->store, message_id, site, moment, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
report (Fixture *f, const char *message_id, LoketMessageResult result, const char *reason,
        const char *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) moment = at (now);

  g_assert_true (loket_store_messages_report (f->store, message_id, result, reason, NULL,
                                              moment, &error));
  g_assert_no_error (error);
}

static char *
message_id (Fixture *f, const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM messages WHERE %s ORDER BY rowid",
                                          where);
  char *id = value (f, sql);

  g_assert_nonnull (id);
  return id;
}

static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
assert_lacks (const char *text, const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("“%s” contains “%s”", text, part);
}

/* ---- what a booking makes ------------------------------------------------------------------- */

static void
test_booked (Fixture *f, gconstpointer data)
{
  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, "case-1");
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);

  /* A confirmation now, the e-mail exactly a day before, the SMS exactly an hour before. */
  assert_messages (f, "apt-1", "email confirmation queued " BOOKED_AT
                   "; email reminder queued " EMAIL_DUE "; sms reminder queued " SMS_DUE);
  /* They carry the appointment's case, so they reach the desks that see it. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE case_id = 'case-1'"
                          " AND created_at = '" BOOKED_AT "' AND attempts = 0"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), ==, 3);

  /* The same event again queues nothing. */
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, "2030-01-01T10:05:00Z");
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 3);

  /* An unknown appointment and a rejected booking make none. */
  queue (f, "apt-unknown", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  add_appointment (f, "apt-2", "prd-pas", "cus-1", MONDAY_1000, NULL);
  exec (f, "UPDATE appointments SET status = 'rejected' WHERE id = 'apt-2'");
  queue (f, "apt-2", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-2", "");
  assert_all_logged (f);
}

/* Each product's settings (0: none), the customer's addresses, and moments already past. */
static void
test_per_product (Fixture *f, gconstpointer data)
{
  add_appointment (f, "apt-id", "prd-id", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-id", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-id", "email confirmation queued " BOOKED_AT
                   "; sms reminder queued 2030-01-07T07:30:00Z");

  add_appointment (f, "apt-brp", "prd-brp", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-brp", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-brp", "email confirmation queued " BOOKED_AT);

  /* No e-mail address and no phone: nothing; an e-mail address only (a blank phone): no SMS. */
  add_appointment (f, "apt-nobody", "prd-pas", "cus-2", MONDAY_0900, NULL);
  queue (f, "apt-nobody", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-nobody", "");
  add_appointment (f, "apt-anon", "prd-pas", NULL, MONDAY_0900, NULL);
  queue (f, "apt-anon", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-anon", "");
  add_appointment (f, "apt-mail", "prd-pas", "cus-3", MONDAY_0900, NULL);
  queue (f, "apt-mail", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_messages (f, "apt-mail", "email confirmation queued " BOOKED_AT
                   "; email reminder queued " EMAIL_DUE);

  /* Booked two hours before: the e-mail's moment has passed; at the moment itself it counts. */
  add_appointment (f, "apt-late", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-late", LOKET_MESSAGE_BOOKED, "2030-01-07T06:00:00Z");
  assert_messages (f, "apt-late", "email confirmation queued 2030-01-07T06:00:00Z"
                   "; sms reminder queued " SMS_DUE);
  add_appointment (f, "apt-just", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-just", LOKET_MESSAGE_BOOKED, SMS_DUE);
  assert_messages (f, "apt-just", "email confirmation queued " SMS_DUE
                   "; sms reminder queued " SMS_DUE);
  add_appointment (f, "apt-soon", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-soon", LOKET_MESSAGE_BOOKED, "2030-01-07T07:30:00Z");
  assert_messages (f, "apt-soon", "email confirmation queued 2030-01-07T07:30:00Z");
  assert_all_logged (f);
}

/* ---- moves and cancellations ---------------------------------------------------------------- */

static void
move (Fixture *f, const char *id, const char *start_at, const char *now)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE appointments SET start_at = '%s',"
                                          " end_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s',"
                                          " '+10 minutes') WHERE id = '%s'", start_at, start_at,
                                          id);

  exec (f, sql);
  queue (f, id, LOKET_MESSAGE_MOVED, now);
}

static void
test_moved (Fixture *f, gconstpointer data)
{
  g_autofree char *email_id = NULL;
  g_autofree char *sms_id = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) composed = NULL;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  email_id = message_id (f, "kind = 'reminder' AND channel = 'email'");
  sms_id = message_id (f, "kind = 'reminder' AND channel = 'sms'");

  /* A day later: a change mail, and the same reminders at their new times. */
  move (f, "apt-1", "2030-01-08T08:00:00Z", "2030-01-02T10:00:00Z");
  assert_messages (f, "apt-1", "email confirmation queued " BOOKED_AT
                   "; email reminder queued 2030-01-07T08:00:00Z"
                   "; sms reminder queued 2030-01-08T07:00:00Z"
                   "; email change queued 2030-01-02T10:00:00Z");
  sql = g_strdup_printf ("SELECT count (*) FROM messages WHERE id IN ('%s', '%s')", email_id,
                         sms_id);
  g_assert_cmpint (count (f, sql), ==, 2);
  /* The same move reported twice makes one change mail. */
  queue (f, "apt-1", LOKET_MESSAGE_MOVED, "2030-01-02T10:00:00Z");
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE kind = 'change'"), ==, 1);

  /* The SMS was composed (its text says the old time): it is cancelled and a new one queued.
   * Moved to within a day: the e-mail reminder's new moment has passed, it is cancelled. */
  composed = content (f, sms_id, "2030-01-08T07:00:00Z");
  report (f, sms_id, LOKET_MESSAGE_RETRY, "The SMS gateway cannot be reached",
          "2030-01-08T07:00:00Z");
  move (f, "apt-1", "2030-01-08T10:00:00Z", "2030-01-08T07:01:00Z");
  assert_messages (f, "apt-1", "email confirmation queued " BOOKED_AT
                   "; email reminder cancelled 2030-01-07T08:00:00Z"
                   "; sms reminder cancelled 2030-01-08T07:00:00Z"
                   "; email change queued 2030-01-02T10:00:00Z"
                   "; email change queued 2030-01-08T07:01:00Z"
                   "; sms reminder queued 2030-01-08T09:00:00Z");

  /* A booking that lost its place was never confirmed: its new place is confirmed. */
  add_appointment (f, "apt-2", "prd-pas", "cus-1", MONDAY_0900, NULL);
  exec (f, "UPDATE appointments SET status = 'rejected' WHERE id = 'apt-2'");
  queue (f, "apt-2", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  exec (f, "UPDATE appointments SET status = 'booked' WHERE id = 'apt-2'");
  move (f, "apt-2", MONDAY_1000, "2030-01-02T10:00:00Z");
  assert_messages (f, "apt-2", "email confirmation queued 2030-01-02T10:00:00Z"
                   "; email reminder queued 2030-01-06T09:00:00Z"
                   "; sms reminder queued 2030-01-07T08:00:00Z");
  assert_all_logged (f);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autofree char *email_id = NULL;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  email_id = message_id (f, "kind = 'reminder' AND channel = 'email'");
  report (f, email_id, LOKET_MESSAGE_SENT, NULL, EMAIL_DUE);

  /* A sent reminder stays sent; the queued SMS is cancelled. */
  exec (f, "UPDATE appointments SET status = 'cancelled' WHERE id = 'apt-1'");
  queue (f, "apt-1", LOKET_MESSAGE_CANCELLED, "2030-01-06T12:00:00Z");
  assert_messages (f, "apt-1", "email confirmation queued " BOOKED_AT
                   "; email reminder sent " EMAIL_DUE "; sms reminder cancelled " SMS_DUE
                   "; email cancellation queued 2030-01-06T12:00:00Z");
  queue (f, "apt-1", LOKET_MESSAGE_CANCELLED, "2030-01-06T12:05:00Z");
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE kind = 'cancellation'"), ==, 1);

  /* Whoever was never told of a booking (no address, or it was refused) hears nothing. */
  add_appointment (f, "apt-2", "prd-pas", "cus-2", MONDAY_0900, NULL);
  queue (f, "apt-2", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  queue (f, "apt-2", LOKET_MESSAGE_CANCELLED, "2030-01-02T10:00:00Z");
  assert_messages (f, "apt-2", "");
  assert_all_logged (f);
}

/* ---- cases ---------------------------------------------------------------------------------- */

static void
push_status (Fixture *f, const char *status, gint64 base_rev)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = ++f->seq;
  g_autofree char *batch = g_strdup_printf (
    "[{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"set_case_status\", \"client_time\":"
    " \"2030-01-01T10:00:00Z\", \"args\": {\"case_id\": \"case-1\", \"status\": \"%s\","
    " \"base_rev\": %" G_GINT64_FORMAT ", \"history_id\": \"hist-%" G_GINT64_FORMAT "\"}}]",
    seq, status, base_rev, seq);
  g_autoptr(JsonNode) node = json_from_string (batch, &error);
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;

  g_assert_no_error (error);
  answer = loket_store_push (f->store, "dev-a", json_node_get_array (node), &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "applied");
}

static void
test_case_messages (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_true (loket_store_messages_case_created (f->store, "case-1", BOOKED_AT, &error));
  g_assert_true (loket_store_messages_case_created (f->store, "case-1", BOOKED_AT, &error));
  g_assert_true (loket_store_messages_case_created (f->store, "case-2", BOOKED_AT, &error));
  g_assert_no_error (error);
  got = messages_of (f, "case_id", "case-1");
  g_assert_cmpstr (got, ==, "email acknowledgement queued " BOOKED_AT);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE case_id = 'case-2'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE appointment_id IS NULL"), ==, 1);

  /* Closing the case (its last status) invites to the survey, once: not again after it was
   * opened and closed again. */
  push_status (f, "in behandeling", 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE kind = 'survey'"), ==, 0);
  push_status (f, "afgehandeld", 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE kind = 'survey'"
                          " AND case_id = 'case-1' AND state = 'queued'"), ==, 1);
  push_status (f, "in behandeling", 3);
  push_status (f, "afgehandeld", 4);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE kind = 'survey'"), ==, 1);
  assert_all_logged (f);
}

/* ---- due and backoff ------------------------------------------------------------------------ */

static char *
due_ids (Fixture *f, const char *now, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) moment = at (now);
  g_autoptr(GPtrArray) ids = loket_store_messages_due (f->store, moment, limit, &error);
  g_autoptr(GString) kinds = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT channel || ' ' || kind FROM messages"
                                              " WHERE id = '%s'", (char *) ids->pdata[i]);
      g_autofree char *kind = value (f, sql);

      g_string_append_printf (kinds, "%s%s", i > 0 ? ", " : "", kind);
    }
  return g_string_free (g_steal_pointer (&kinds), FALSE);
}

static void
assert_due (Fixture *f, const char *now, guint limit, const char *expected)
{
  g_autofree char *got = due_ids (f, now, limit);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_due (Fixture *f, gconstpointer data)
{
  g_autofree char *confirmation = NULL;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  assert_due (f, "2030-01-01T09:59:59Z", 50, "");
  assert_due (f, BOOKED_AT, 50, "email confirmation");
  assert_due (f, "2030-01-06T07:59:59Z", 50, "email confirmation");
  assert_due (f, EMAIL_DUE, 50, "email confirmation, email reminder");
  assert_due (f, SMS_DUE, 50, "email confirmation, email reminder, sms reminder");
  assert_due (f, SMS_DUE, 2, "email confirmation, email reminder");

  /* Sent, retried later or cancelled: not due. */
  confirmation = message_id (f, "kind = 'confirmation'");
  report (f, confirmation, LOKET_MESSAGE_SENT, NULL, "2030-01-01T10:00:30Z");
  assert_due (f, SMS_DUE, 50, "email reminder, sms reminder");
  exec (f, "UPDATE appointments SET status = 'cancelled'");
  queue (f, "apt-1", LOKET_MESSAGE_CANCELLED, "2030-01-02T10:00:00Z");
  assert_due (f, SMS_DUE, 50, "email cancellation");
}

static void
test_backoff (Fixture *f, gconstpointer data)
{
  static const char *const next[] = { "2030-01-01T10:01:00Z", "2030-01-01T10:06:00Z",
                                      "2030-01-01T10:21:00Z", "2030-01-01T11:21:00Z",
                                      "2030-01-01T15:21:00Z" };
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at (BOOKED_AT);
  const char *when = BOOKED_AT;

  add_appointment (f, "apt-1", "prd-brp", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  id = message_id (f, "kind = 'confirmation'");
  sql = g_strdup_printf ("SELECT state || ' ' || attempts || ' ' || reason || ' '"
                         " || coalesce (next_attempt_at, '-') FROM messages JOIN message_content"
                         " ON message_id = id WHERE id = '%s'", id);

  /* Five failures wait 1, 5, 15, 60 and 240 minutes; each is logged. */
  for (guint i = 0; i < G_N_ELEMENTS (next); i++)
    {
      g_autoptr(JsonObject) text = content (f, id, when);
      g_autofree char *expected = g_strdup_printf ("queued %u The mail program stopped with"
                                                   " status 75 %s", i + 1, next[i]);
      g_autofree char *got = NULL;
      g_autofree char *just_before = NULL;
      gint64 moment;

      report (f, id, LOKET_MESSAGE_RETRY, "The mail program stopped with status 75", when);
      got = value (f, sql);
      g_assert_cmpstr (got, ==, expected);
      assert_all_logged (f);
      g_assert_true (loket_protocol_parse_time (next[i], &moment));
      just_before = loket_protocol_format_time (moment - 1);
      assert_due (f, just_before, 50, "");
      assert_due (f, next[i], 50, "email confirmation");
      when = next[i];
    }
  /* The sixth fails for good. */
  {
    g_autoptr(JsonObject) text = content (f, id, when);
    g_autofree char *got = NULL;

    report (f, id, LOKET_MESSAGE_RETRY, "The mail program stopped with status 75", when);
    got = value (f, sql);
    g_assert_cmpstr (got, ==, "failed 6 The mail program stopped with status 75 -");
    assert_due (f, "2031-01-01T00:00:00Z", 50, "");
    assert_all_logged (f);
  }

  /* A refusal fails at once; a success clears the reason of an earlier failure. */
  add_appointment (f, "apt-2", "prd-id", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-2", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  g_clear_pointer (&id, g_free);
  id = message_id (f, "appointment_id = 'apt-2' AND channel = 'sms'");
  report (f, id, LOKET_MESSAGE_GIVE_UP, "The SMS gateway refused the message (HTTP status 400)",
          BOOKED_AT);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT state || ' ' || attempts FROM messages WHERE id = '%s'", id);
  {
    g_autofree char *got = value (f, sql);

    g_assert_cmpstr (got, ==, "failed 1");
  }
  g_clear_pointer (&id, g_free);
  id = message_id (f, "appointment_id = 'apt-2' AND channel = 'email'");
  report (f, id, LOKET_MESSAGE_RETRY, "The mail program stopped with status 75", BOOKED_AT);
  report (f, id, LOKET_MESSAGE_SENT, NULL, "2030-01-01T10:02:00Z");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT state || ' ' || attempts || ' [' || reason || '] ' || sent_at"
                         " FROM messages WHERE id = '%s'", id);
  {
    g_autofree char *got = value (f, sql);

    g_assert_cmpstr (got, ==, "sent 2 [] 2030-01-01T10:02:00Z");
  }
  assert_all_logged (f);

  g_assert_false (loket_store_messages_report (f->store, "no-such-message", LOKET_MESSAGE_SENT,
                                               NULL, NULL, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

/* ---- a replayed push ------------------------------------------------------------------------ */

static JsonObject *
push_batch (Fixture *f, const char *batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (batch, &error);
  JsonObject *answer;

  g_assert_no_error (error);
  answer = loket_store_push (f->store, "dev-a", json_node_get_array (node), &error);
  g_assert_no_error (error);
  return answer;
}

static char *
booking (gint64 seq)
{
  return g_strdup_printf ("[{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"book_appointment\","
                          " \"client_time\": \"2030-01-01T10:00:00Z\", \"args\": {\"id\":"
                          " \"apt-push\", \"product_id\": \"prd-pas\", \"capacity_id\": \"cap-1\","
                          " \"start_at\": \"" MONDAY_0900 "\", \"customer_id\": \"cus-1\"}}]",
                          seq);
}

static void
test_replayed_push (Fixture *f, gconstpointer data)
{
  g_autofree char *first = booking (1);
  g_autofree char *again = booking (2);
  g_autoptr(JsonObject) a1 = push_batch (f, first);
  g_autoptr(JsonObject) a2 = NULL;
  g_autoptr(JsonObject) a3 = NULL;

  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE appointment_id = 'apt-push'"
                          " AND kind = 'confirmation'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE appointment_id = 'apt-push'"
                          " AND kind = 'reminder'"), ==, 2);
  /* The same push again (a lost answer), and the same booking as a new mutation. */
  a2 = push_batch (f, first);
  a3 = push_batch (f, again);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE appointment_id = 'apt-push'"),
                   ==, 3);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), ==, 3);
}

/* ---- what a message says -------------------------------------------------------------------- */

static void
test_content_dutch (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sms_id = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) sms = NULL;
  const char *body;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, "case-1");
  exec (f, "UPDATE appointments SET items = '[{\"product_id\": \"prd-pas\", \"count\": 2},"
           " {\"product_id\": \"prd-id\", \"count\": 1}]'");
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  id = message_id (f, "kind = 'confirmation'");
  mail = content (f, id, BOOKED_AT);

  g_assert_cmpstr (json_object_get_string_member (mail, "channel"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (mail, "kind"), ==, "confirmation");
  g_assert_cmpstr (json_object_get_string_member (mail, "recipient"), ==, "jan@example.nl");
  assert_contains (json_object_get_string_member (mail, "subject"), "maandag 7 januari 2030");
  body = json_object_get_string_member (mail, "body");
  g_test_message ("%s", body);
  assert_contains (body, "Jan Jansen");
  assert_contains (body, "maandag 7 januari 2030 om 09:00");
  assert_contains (body, "Paspoort (2), Identiteitskaart");
  assert_contains (body, "Stadhuis, Markt 1, 1234 AB Dalfsenburg");
  assert_contains (body, "Z-2030-0001");
  assert_contains (body, "Paspoort aanvragen");
  assert_contains (body, "https://afspraken.example.nl/afspraak/wijzigen/");
  assert_contains (body, "Kunt u niet komen?");
  assert_contains (body, "Gemeente Dalfsenburg");
  g_assert_cmpstr (json_object_get_string_member (mail, "attachment_name"), ==, "afspraak.ics");
  assert_contains (json_object_get_string_member (mail, "attachment"), "SUMMARY:Afspraak: ");

  /* Composed once: a retry sends the same text, with the same link. */
  report (f, id, LOKET_MESSAGE_RETRY, "The mail program stopped with status 75", BOOKED_AT);
  again = content (f, id, "2030-01-01T10:01:00Z");
  g_assert_cmpstr (json_object_get_string_member (again, "body"), ==, body);
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens WHERE kind = 'appointment'"),
                   ==, 1);

  /* The SMS is short, in Dutch, to the number as a gateway takes it. */
  sms_id = message_id (f, "channel = 'sms'");
  sms = content (f, sms_id, SMS_DUE);
  g_assert_cmpstr (json_object_get_string_member (sms, "recipient"), ==, "+31612345678");
  g_assert_cmpstr (json_object_get_string_member (sms, "subject"), ==, "");
  g_assert_null (json_object_get_string_member (sms, "attachment"));
  assert_contains (json_object_get_string_member (sms, "body"), "vandaag om 09:00");
  assert_contains (json_object_get_string_member (sms, "body"), "Stadhuis");
  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (sms, "body"), -1), <=, 160);
}

static void
test_case_content (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) ack = NULL;
  g_autoptr(JsonObject) survey = NULL;
  const char *body;

  g_assert_true (loket_store_messages_case_created (f->store, "case-1", BOOKED_AT, &error));
  id = message_id (f, "kind = 'acknowledgement'");
  ack = content (f, id, BOOKED_AT);
  body = json_object_get_string_member (ack, "body");
  g_test_message ("%s", body);
  assert_contains (json_object_get_string_member (ack, "subject"), "Z-2030-0001");
  assert_contains (body, "Z-2030-0001");
  assert_contains (body, "https://afspraken.example.nl/zaak");
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens WHERE kind = 'case'"
                          " AND target_id = 'case-1'"), ==, 1);

  /* The survey of a case closed, with its own link; opened again before it went: cancelled. */
  push_status (f, "afgehandeld", 1);
  g_clear_pointer (&id, g_free);
  id = message_id (f, "kind = 'survey'");
  survey = content (f, id, "2030-01-02T10:00:00Z");
  assert_contains (json_object_get_string_member (survey, "body"),
                   "https://afspraken.example.nl/tevredenheid/");
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens WHERE kind = 'survey'"
                          " AND target_id = 'case-1'"), ==, 1);
}

/* The .ics parses, and says the right times. */
static void
test_ics (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(JsonObject) cancel = NULL;
  icalcomponent *calendar, *event;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  id = message_id (f, "kind = 'confirmation'");
  mail = content (f, id, BOOKED_AT);
  calendar = icalparser_parse_string (json_object_get_string_member (mail, "attachment"));
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_get_method (calendar), ==, ICAL_METHOD_PUBLISH);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (event);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, "apt-1@loket");
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtstart (event)), ==, 1894003200);
  g_assert_cmpint (icaltime_as_timet (icalcomponent_get_dtend (event)), ==, 1894003200 + 600);
  g_assert_true (icaltime_is_utc (icalcomponent_get_dtstart (event)));
  g_assert_cmpstr (icalcomponent_get_location (event), ==, "Stadhuis, Markt 1, 1234 AB Dalfsenburg");
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 0);
  icalcomponent_free (calendar);

  /* The cancellation withdraws the same event. */
  exec (f, "UPDATE appointments SET status = 'cancelled'");
  queue (f, "apt-1", LOKET_MESSAGE_CANCELLED, "2030-01-02T10:00:00Z");
  g_clear_pointer (&id, g_free);
  id = message_id (f, "kind = 'cancellation'");
  cancel = content (f, id, "2030-01-02T10:00:00Z");
  calendar = icalparser_parse_string (json_object_get_string_member (cancel, "attachment"));
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_get_method (calendar), ==, ICAL_METHOD_CANCEL);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, "apt-1@loket");
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CANCELLED);
  g_assert_cmpint (icalcomponent_get_sequence (event), ==, 1);
  icalcomponent_free (calendar);
}

/* ---- the mail as the mail program gets it --------------------------------------------------- */

/* The header block of a mail: the lines before the first empty one. */
static char *
headers_of (const char *mail)
{
  const char *end = strstr (mail, "\n\n");

  g_assert_nonnull (end);
  return g_strndup (mail, (gsize) (end - mail + 1));
}

/* Every header line starts a known header or folds the one before; none says Bcc or Cc. */
static void
assert_clean_headers (const char *mail)
{
  static const char *const known[] = { "From: ", "To: ", "Subject: ", "Date: ", "Message-ID: ",
                                       "MIME-Version: ", "Auto-Submitted: ", "Content-Type: ",
                                       "Content-Transfer-Encoding: ", NULL };
  g_autofree char *headers = headers_of (mail);
  g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);

  g_assert_null (strchr (headers, '\r'));
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      gboolean ok = lines[i][0] == ' ';

      for (guint k = 0; known[k] != NULL && !ok; k++)
        ok = g_str_has_prefix (lines[i], known[k]);
      if (!ok)
        g_error ("unexpected header line “%s” in:\n%s", lines[i], headers);
      g_assert_cmpuint (strlen (lines[i]), <=, 998);
    }
}

/* Quoted-printable back to text. */
static char *
qp_decode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '=' && p[1] == '\n')
        p++;
      else if (p[0] == '=' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16
                                          + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
mime_for (Fixture *f, const char *customer)
{
  g_autofree char *sql = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(GDateTime) now = at (BOOKED_AT);
  char *mime;

  add_appointment (f, customer, "prd-pas", customer, MONDAY_0900, NULL);
  queue (f, customer, LOKET_MESSAGE_BOOKED, BOOKED_AT);
  sql = g_strdup_printf ("appointment_id = '%s' AND kind = 'confirmation'", customer);
  id = message_id (f, sql);
  mail = content (f, id, BOOKED_AT);
  mime = loket_message_text_mime (id, site->mail_from,
                                  json_object_get_string_member (mail, "recipient"),
                                  json_object_get_string_member (mail, "subject"),
                                  json_object_get_string_member (mail, "body"),
                                  json_object_get_string_member (mail, "attachment_name"),
                                  json_object_get_string_member (mail, "attachment"), now);
  g_assert_nonnull (mime);
  return mime;
}

static void
test_mime (Fixture *f, gconstpointer data)
{
  g_autofree char *mime = mime_for (f, "cus-4");
  g_autofree char *headers = headers_of (mime);
  g_autofree char *text = qp_decode (mime);
  g_autofree char *script = mime_for (f, "cus-5");
  g_autofree char *script_text = qp_decode (script);

  g_test_message ("%s", mime);
  assert_clean_headers (mime);
  /* The customer's name never reaches a header. */
  assert_lacks (headers, "evil");
  assert_contains (headers, "From: \"Gemeente Dalfsenburg\" <noreply@dalfsenburg.example>\n");
  assert_contains (headers, "To: <jan4@example.nl>\n");
  assert_contains (headers, "Date: Tue, 1 Jan 2030 10:00:00 +0000\n");
  assert_contains (headers, "Message-ID: <");
  assert_contains (headers, "@dalfsenburg.example>\n");
  assert_contains (headers, "Content-Type: multipart/mixed; boundary=");
  assert_contains (mime, "Content-Type: text/plain; charset=UTF-8\n"
                         "Content-Transfer-Encoding: quoted-printable\n");
  assert_contains (mime, "Content-Type: text/calendar; charset=UTF-8; method=PUBLISH;");
  /* The name with a line break stays on its line of the text. */
  assert_contains (text, "Jan  Bcc: x@evil,");
  /* A name with script and SQL is plain text, and the customers are still there. */
  assert_contains (script_text, "<script>alert(1)</script>'); DROP TABLE customers; --");
  g_assert_cmpint (count (f, "SELECT count (*) FROM customers"), ==, 5);
}

static void
test_mime_headers (void)
{
  g_autoptr(GDateTime) now = at (BOOKED_AT);
  g_autofree char *plain_subject = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *evil_from = NULL;
  g_autofree char *dots = NULL;
  g_autofree char *headers = NULL;

  /* An address that would add a header or a recipient is refused. */
  g_assert_null (loket_message_text_mime ("m-1", site->mail_from, "a@b.nl\nBcc: x@evil.nl",
                                          "S", "B", NULL, NULL, now));
  g_assert_null (loket_message_text_mime ("m-1", site->mail_from, "a@b.nl>, <x@evil.nl", "S",
                                          "B", NULL, NULL, now));
  g_assert_null (loket_message_text_mime ("m-1", site->mail_from, "Jan <a@b.nl>", "S", "B",
                                          NULL, NULL, now));
  g_assert_null (loket_message_text_mime ("m-1", "no address", "a@b.nl", "S", "B", NULL, NULL,
                                          now));

  /* A subject with a line break stays one header; one not in ASCII is encoded and folded. */
  plain_subject = loket_message_text_mime ("m-1", site->mail_from, "a@b.nl",
                                           "Afspraak\r\nBcc: x@evil.nl", "B", NULL, NULL, now);
  assert_clean_headers (plain_subject);
  assert_contains (plain_subject, "Subject: Afspraak  Bcc: x@evil.nl\n");
  assert_contains (plain_subject, "Content-Type: text/plain; charset=UTF-8\n");
  encoded = loket_message_text_mime ("m-1", site->mail_from, "a@b.nl",
                                     "Uw afspraak voor één paspoort en één identiteitskaart "
                                     "op maandag 7 januari 2030", "B", NULL, NULL, now);
  assert_clean_headers (encoded);
  assert_contains (encoded, "Subject: =?UTF-8?B?");
  headers = headers_of (encoded);
  {
    g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);
    GString *decoded = g_string_new (NULL);
    g_autofree char *subject = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *word = strstr (lines[i], "=?UTF-8?B?");
        g_autofree guchar *raw = NULL;
        g_autofree char *b64 = NULL;
        gsize size;

        if (word == NULL)
          continue;
        g_assert_cmpuint (strlen (lines[i]), <=, 76);
        b64 = g_strndup (word + 10, strlen (word + 10) - 2);
        raw = g_base64_decode (b64, &size);
        g_string_append_len (decoded, (const char *) raw, (gssize) size);
      }
    subject = g_string_free (decoded, FALSE);
    g_assert_cmpstr (subject, ==, "Uw afspraak voor één paspoort en één identiteitskaart op "
                                  "maandag 7 januari 2030");
  }

  /* A From with a line break in its name stays one header. */
  evil_from = loket_message_text_mime ("m-1", "Gemeente\r\nBcc: x@evil.nl <noreply@g.nl>",
                                       "a@b.nl", "S", "B", NULL, NULL, now);
  assert_clean_headers (evil_from);

  /* A lone dot and "From " at a line's start are encoded; long lines are wrapped. */
  dots = loket_message_text_mime ("m-1", site->mail_from, "a@b.nl", "S",
                                  ".\nFrom me\nx = y \n" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL,
                                  NULL, now);
  assert_contains (dots, "\n=2E\n=46rom me\nx =3D y=20\n");
  {
    g_autofree char *decoded = qp_decode (strstr (dots, "\n\n") + 2);
    g_auto(GStrv) lines = g_strsplit (strstr (dots, "\n\n") + 2, "\n", -1);

    g_assert_true (g_str_has_prefix (decoded, ".\nFrom me\nx = y \naaaa"));
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (strlen (lines[i]), <=, 76);
  }
}

/* ---- what stays on the server --------------------------------------------------------------- */

static void
test_rows_hold_no_recipient (Fixture *f, gconstpointer data)
{
  g_autofree char *mail_id = NULL;
  g_autofree char *sms_id = NULL;
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(JsonObject) sms = NULL;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, "case-1");
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  mail_id = message_id (f, "kind = 'confirmation'");
  sms_id = message_id (f, "channel = 'sms'");
  mail = content (f, mail_id, BOOKED_AT);
  sms = content (f, sms_id, SMS_DUE);
  report (f, mail_id, LOKET_MESSAGE_SENT, NULL, BOOKED_AT);
  report (f, sms_id, LOKET_MESSAGE_RETRY, "The SMS gateway cannot be reached", SMS_DUE);

  /* The recipient and the text are in message_content only, never in what desks pull. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM message_content WHERE recipient IN"
                          " ('jan@example.nl', '+31612345678')"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM pragma_table_info ('messages') WHERE name IN"
                          " ('recipient', 'subject', 'body', 'attachment')"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), >=, 5);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages' AND"
                          " (row LIKE '%jan@example%' OR row LIKE '%12345678%' OR row LIKE '%Jan%'"
                          " OR row LIKE '%wijzigen%')"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'message_content'"),
                   ==, 0);
  assert_all_logged (f);
}

/* What can no longer go is settled when it would be composed. */
static void
test_compose_settles (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at (SMS_DUE);
  g_autoptr(JsonObject) none = NULL;
  g_autofree char *no_email = NULL;
  g_autofree char *no_email_reason = NULL;
  g_autofree char *bad_phone = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  add_appointment (f, "apt-1", "prd-pas", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  exec (f, "UPDATE customers SET email = NULL, phone = '12ab' WHERE id = 'cus-1'");

  /* Not due yet: not handed out. */
  no_email = message_id (f, "channel = 'email' AND kind = 'reminder'");
  none = loket_store_messages_content (f->store, no_email, site, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (none);

  /* Gone addresses fail for good, with a sentence of ours. */
  for (const char *const *kind = (const char *const[]) { "confirmation", "reminder", NULL };
       *kind != NULL; kind++)
    {
      g_autofree char *where = g_strdup_printf ("kind = '%s' AND channel = 'email'", *kind);
      g_autofree char *id = message_id (f, where);

      g_assert_null (loket_store_messages_content (f->store, id, site, now, &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  loket_site_enter_language ();
  no_email_reason = loket_message_text_reason (LOKET_MESSAGE_REASON_NO_EMAIL, 0, NULL);
  bad_phone = loket_message_text_reason (LOKET_MESSAGE_REASON_BAD_PHONE, 0, NULL);
  loket_site_leave_language ();
  got = value (f, "SELECT group_concat (state || ' ' || attempts || ' ' || reason, '|')"
                  " FROM messages WHERE channel = 'email'");
  expected = g_strdup_printf ("failed 1 %s|failed 1 %s", no_email_reason, no_email_reason);
  g_assert_cmpstr (got, ==, expected);
  {
    g_autofree char *id = message_id (f, "channel = 'sms'");
    g_autofree char *sms = NULL;

    g_assert_null (loket_store_messages_content (f->store, id, site, now, &error));
    g_clear_error (&error);
    sms = value (f, "SELECT state || ' ' || reason FROM messages WHERE channel = 'sms'");
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("failed %s", bad_phone);
    g_assert_cmpstr (sms, ==, expected);
  }

  /* A visit that is no longer booked (the customer is at the desk already) needs no reminder. */
  add_appointment (f, "apt-2", "prd-pas", "cus-3", MONDAY_1000, NULL);
  queue (f, "apt-2", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  exec (f, "UPDATE appointments SET status = 'checked_in' WHERE id = 'apt-2'");
  {
    g_autofree char *id = message_id (f, "appointment_id = 'apt-2' AND kind = 'reminder'");

    g_assert_null (loket_store_messages_content (f->store, id, site, now, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  }
  assert_messages (f, "apt-2", "email confirmation queued " BOOKED_AT
                   "; email reminder cancelled 2030-01-06T09:00:00Z");
  assert_all_logged (f);
}

/* A message handed out is not handed out again until it is reported, or its lease ends (the
 * delivery that took it stopped): a second delivery beside the first never sends it twice. */
static void
test_lease (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) soon = at ("2030-01-01T10:09:59Z");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *id = NULL;

  add_appointment (f, "apt-1", "prd-brp", "cus-1", MONDAY_0900, NULL);
  queue (f, "apt-1", LOKET_MESSAGE_BOOKED, BOOKED_AT);
  id = message_id (f, "kind = 'confirmation'");
  first = content (f, id, BOOKED_AT);
  assert_due (f, "2030-01-01T10:09:59Z", 50, "");
  g_assert_null (loket_store_messages_content (f->store, id, site, soon, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  assert_due (f, "2030-01-01T10:10:00Z", 50, "email confirmation");
  second = content (f, id, "2030-01-01T10:10:00Z");
  g_assert_cmpstr (json_object_get_string_member (second, "body"), ==,
                   json_object_get_string_member (first, "body"));
}

static void
test_addresses (void)
{
  static const struct { const char *in, *out; } phones[] = {
    { "06-12345678", "+31612345678" }, { "06 1234 5678", "+31612345678" },
    { "+31 (0)6 12345678", "+31612345678" }, { "0031612345678", "+31612345678" },
    { "+32 470 12 34 56", "+32470123456" }, { "020-5551234", "+31205551234" },
    { "12345", NULL }, { "06-1234567x", NULL }, { "", NULL }, { NULL, NULL },
    { "+1234567890123456", NULL }, { "612345678", NULL },
  };
  static const char *const good[] = { "jan@example.nl", "j.de-vries+loket@gemeente.example.nl",
                                       NULL };
  static const char *const bad[] = { "jan", "@example.nl", "jan@", "jan@example", "jan@@x.nl",
                                     "jan de vries@example.nl", "jan@exa mple.nl",
                                     "jan@example.nl\n", "<jan@example.nl>", "jan,piet@x.nl",
                                     "jan@x.nl.", "jän@example.nl", "jan@.example.nl", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *got = loket_message_text_phone (phones[i].in);

      g_assert_cmpstr (got, ==, phones[i].out);
    }
  for (guint i = 0; good[i] != NULL; i++)
    g_assert_true (loket_message_text_address_ok (good[i]));
  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (loket_message_text_address_ok (bad[i]));
  g_assert_false (loket_message_text_address_ok (NULL));
}

/* Dutch names, whatever the C library's locale; the SMS drops the place rather than grow. */
static void
test_texts (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) summer = g_date_time_new (tz, 2026, 6, 1, 9, 30, 0);
  g_autoptr(GDateTime) summer_end = g_date_time_add_minutes (summer, 10);
  g_autoptr(GDateTime) now = at ("2026-06-01T06:00:00Z");
  g_autoptr(GDateTime) day_before = at ("2026-05-31T06:00:00Z");
  g_autofree char *day = NULL;
  g_autofree char *long_place = g_strnfill (120, 'x');
  LoketMessageFacts facts = { .kind = "reminder", .channel = "sms", .site_name = "Gemeente Dalfsenburg",
                              .site_url = "https://a.example", .start = summer,
                              .end = summer_end, .location_name = "Stadhuis", .now = now,
                              .appointment_id = "apt-1", .products = "Paspoort" };
  g_autoptr(LoketMessageText) today = NULL;
  g_autoptr(LoketMessageText) earlier = NULL;
  g_autoptr(LoketMessageText) shortened = NULL;

  loket_site_enter_language ();
  day = loket_message_text_day_time (summer);
  today = loket_message_text_compose (&facts);
  facts.now = day_before;
  earlier = loket_message_text_compose (&facts);
  facts.location_name = long_place;
  shortened = loket_message_text_compose (&facts);
  loket_site_leave_language ();

  /* 09:30 in summer time (UTC+2) is the local time said. */
  g_assert_cmpstr (day, ==, "maandag 1 juni 2026 om 09:30");
  g_test_message ("%s / %s / %s", today->body, earlier->body, shortened->body);
  assert_contains (today->body, "vandaag om 09:30, Stadhuis");
  assert_contains (earlier->body, "maandag 1 juni 2026 om 09:30");
  g_assert_null (today->attachment);
  assert_lacks (shortened->body, "xxxx");
  g_assert_cmpint (g_utf8_strlen (shortened->body, -1), <=, 160);
}

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  Fixture f = { 0 };
  g_autofree char *sql = NULL;

  f.store = loket_test_store_new ("loket-messages-demo-XXXXXX", NULL, &dir);
  g_assert_true (loket_store_load_demo (f.store, now, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (&f, "SELECT count (*) FROM messages WHERE kind = 'confirmation'"
                          " AND state = 'sent' AND sent_at IS NOT NULL"), >, 20);
  sql = g_strdup_printf ("SELECT count (*) FROM messages WHERE kind = 'reminder' AND"
                         " state = 'queued' AND due_at > '%s'", now_text);
  g_assert_cmpint (count (&f, sql), >, 5);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM messages WHERE state = 'queued'"
                         " AND due_at <= '%s'", now_text);
  g_assert_cmpint (count (&f, sql), ==, 0);
  g_assert_cmpint (count (&f, "SELECT count (*) FROM messages WHERE channel = 'sms'"
                          " AND state = 'failed' AND reason != ''"), ==, 1);
  /* Rooms have no SMS reminder; messages of an appointment with a case carry it. */
  g_assert_cmpint (count (&f, "SELECT count (*) FROM messages m JOIN appointments a"
                          " ON a.id = m.appointment_id JOIN products p ON p.id = a.product_id"
                          " WHERE m.channel = 'sms' AND p.name = 'Vergaderzaal'"), ==, 0);
  g_assert_cmpint (count (&f, "SELECT count (*) FROM messages m JOIN appointments a"
                          " ON a.id = m.appointment_id WHERE m.case_id IS NOT a.case_id"), ==, 0);
  assert_all_logged (&f);
  g_clear_object (&f.store);
  loket_test_remove_tree (dir);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  site = loket_site_new_default ();
  site->url = g_strdup ("https://afspraken.example.nl");
  g_assert_nonnull (g_getenv ("LOKET_LOCALEDIR"));
  loket_site_init_language (site, g_getenv ("LOKET_LOCALEDIR"));

  ADD ("/messages/booked", test_booked);
  ADD ("/messages/per-product", test_per_product);
  ADD ("/messages/moved", test_moved);
  ADD ("/messages/cancelled", test_cancelled);
  ADD ("/messages/case", test_case_messages);
  ADD ("/messages/due", test_due);
  ADD ("/messages/backoff", test_backoff);
  ADD ("/messages/replayed-push", test_replayed_push);
  ADD ("/messages/content-dutch", test_content_dutch);
  ADD ("/messages/case-content", test_case_content);
  ADD ("/messages/ics", test_ics);
  ADD ("/messages/mime", test_mime);
  ADD ("/messages/rows-hold-no-recipient", test_rows_hold_no_recipient);
  ADD ("/messages/compose-settles", test_compose_settles);
  ADD ("/messages/lease", test_lease);
  g_test_add_func ("/messages/mime-headers", test_mime_headers);
  g_test_add_func ("/messages/addresses", test_addresses);
  g_test_add_func ("/messages/texts", test_texts);
  g_test_add_func ("/messages/demo", test_demo);
  status = g_test_run ();
  loket_site_free (site);
  return status;
}
