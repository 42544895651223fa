/* test-case-messages.c — the customer told of their case's new status, in-process
 * (loket_store_messages_case_status_changed in loket-store-messages.h): which status changes
 * queue a message, by which channel, once per status reached; what the e-mail says (in Dutch:
 * the reference, the public wording, the expected day, a new code that opens the status page)
 * and the SMS (short, without a code); that a message of a case that moved on is not sent;
 * and that what comes from data stays one line of plain text.
 *
 * The statuses change through real set_case_status pushes, so the case has its history rows;
 * the tests then call the queue function as apply_set_case_status does, with the push's server
 * time (so they hold whether or not the push calls it itself).  The pushes run on the real
 * clock; delivery is asked a minute later.
 *
 * The fixture is plain SQL: a case type with four statuses, three of them with a public
 * wording, a confidential one of a team, customers with every mix of addresses, and cases. */
#include "config.h"

#include <string.h>

#include "loket-error.h"
#include "loket-message-text.h"
#include "loket-protocol.h"
#include "loket-site.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-store-web.h"
#include "loket-test-admin.h"
#include "loket-test-server.h"
#include "loket-test-store.h"

static LoketSite *site;

typedef struct
{
  char       *dir;
  LoketStore *store;
  gint64      seq;
  char       *pushed_at;  /* the server time of the last status pushed */
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO teams (id, name) VALUES ('team-vg', 'Vergunningen');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
  "INSERT INTO case_types (id, name, max_working_days, statuses, public_statuses, team_id,"
  " confidential) VALUES"
  " ('ct-1', 'Vergunning', 10,"
  "  '[\"ontvangen\", \"in behandeling\", \"besluit\", \"afgehandeld\"]',"
  "  '{\"ontvangen\": \"Ontvangen\", \"in behandeling\": \"Uw aanvraag is in behandeling\","
  "    \"besluit\": \"\", \"afgehandeld\": \"Afgehandeld\"}', NULL, 0),"
  " ('ct-geheim', 'Bijzondere bijstand', 10,"
  "  '[\"ontvangen\", \"in behandeling\", \"afgehandeld\"]',"
  "  '{\"in behandeling\": \"In behandeling\"}', 'team-vg', 1);"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, case_type_id)"
  " VALUES ('prd-kap', 'grp-bz', 'Kapvergunning', 10, 2, 2, 'ct-1');"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker');"
  "INSERT INTO users (id, username, display_name, role_id, team_id) VALUES"
  " ('usr-a', 'anna', 'Anna de Vries', 'medewerker', 'team-vg');"
  "INSERT INTO devices (id, user_id, token_hash, created_at) VALUES"
  " ('dev-a', 'usr-a', 'hash-a', '2029-01-01T00:00:00Z');"
  "INSERT INTO customers (id, name, email, phone, preferred_channel, created_at) VALUES"
  " ('cus-mail', 'Jan Jansen', 'jan@example.nl', '06-12345678', 'email', '2029-01-01T10:00:00Z'),"
  " ('cus-phone', 'Piet Bel', '  ', '06-87654321', 'email', '2029-01-01T10:00:00Z'),"
  " ('cus-prefers-phone', 'Fien Bel', 'fien@example.nl', '0612121212', 'telefoon',"
  "  '2029-01-01T10:00:00Z'),"
  " ('cus-landline', 'Kees Vast', 'kees@example.nl', '12', 'telefoon', '2029-01-01T10:00:00Z'),"
  " ('cus-none', 'Els Niets', NULL, '', 'email', '2029-01-01T10:00:00Z'),"
  " ('cus-evil', '<script>alert(1)</script>' || char (13, 10) || 'Bcc: x@evil',"
  "  'x7@example.nl', NULL, 'email', '2029-01-01T10:00:00Z');"
  "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, status, opened_at,"
  " deadline) VALUES"
  " ('case-mail', 'Z-2030-0001', 'ct-1', 'cus-mail', 'prd-kap', 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-phone', 'Z-2030-0002', 'ct-1', 'cus-phone', 'prd-kap', 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-prefers-phone', 'Z-2030-0003', 'ct-1', 'cus-prefers-phone', NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-landline', 'Z-2030-0004', 'ct-1', 'cus-landline', NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-none', 'Z-2030-0005', 'ct-1', 'cus-none', NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-nobody', 'Z-2030-0006', 'ct-1', NULL, NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15'),"
  " ('case-evil', 'Z-2030-0007', 'ct-1', 'cus-evil', NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', 'not a date'),"
  " ('case-geheim', 'Z-2030-0008', 'ct-geheim', 'cus-mail', NULL, 'ontvangen',"
  "  '2030-01-01T10:00:00Z', '2030-01-15');";

/* ---- helpers -------------------------------------------------------------------------------- */

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

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
  f->store = loket_test_store_new ("loket-case-messages-XXXXXX", fixture_sql, &f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->pushed_at);
}

/* A minute from now: when the delivery comes by. */
static GDateTime *
soon (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_minutes (now, 1);
}

static char *
soon_text (void)
{
  g_autoptr(GDateTime) moment = soon ();

  return loket_protocol_format_time (g_date_time_to_unix (moment));
}

/* Pushes a set_case_status mutation (seq, history id "hist-<seq>") and checks its outcome. */
static void
push_status_as (Fixture *f, gint64 seq, const char *case_id, const char *status,
                gint64 base_rev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = g_strdup_printf (
    "[{\"seq\": %d, \"type\": \"set_case_status\", \"client_time\": \"2030-01-02T09:00:00Z\","
    " \"args\": {\"case_id\": \"%s\", \"status\": \"%s\", \"base_rev\": %d,"
    " \"history_id\": \"hist-%d\"}}]", (int) seq, case_id, status, (int) base_rev, (int) seq);
  g_autoptr(JsonNode) node = json_from_string (batch, &error);
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *result;

  g_assert_no_error (error);
  answer = loket_store_push (f->store, "dev-a", json_node_get_array (node), &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "applied");
}

/* A case's status changes (a new mutation), and the store is told, as apply_set_case_status
 * tells it: with the push's server time, that of the history row it wrote. */
static void
change_status (Fixture *f, const char *case_id, const char *status, gint64 base_rev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  push_status_as (f, ++f->seq, case_id, status, base_rev);
  sql = g_strdup_printf ("SELECT at FROM case_status_history WHERE id = 'hist-%d'", (int) f->seq);
  g_free (f->pushed_at);
  f->pushed_at = value (f, sql);
  g_assert_nonnull (f->pushed_at);
  g_assert_true (loket_store_messages_case_status_changed (f->store, case_id, status,
                                                           f->pushed_at, &error));
  g_assert_no_error (error);
}

/* The messages of a case: "channel kind state; …" in insertion order. */
static char *
messages_of (Fixture *f, const char *case_id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT coalesce (group_concat (channel || ' ' || kind || ' ' || state, '; '), '')"
    " FROM (SELECT * FROM messages WHERE case_id = '%s' ORDER BY rowid)", case_id);

  return value (f, sql);
}

static void
assert_messages (Fixture *f, const char *case_id, const char *expected)
{
  g_autofree char *got = messages_of (f, case_id);

  g_assert_cmpstr (got, ==, expected);
}

/* The id of the case's last message of kind status. */
static char *
status_message (Fixture *f, const char *case_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM messages WHERE case_id = '%s'"
                                          " AND kind = 'status' ORDER BY rowid DESC", case_id);
  char *id = value (f, sql);

  g_assert_nonnull (id);
  return id;
}

static JsonObject *
content (Fixture *f, const char *message_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) moment = soon ();
  JsonObject *result = loket_store_messages_content (f->store, message_id, site, moment, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
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

/* The code on the body's "Code: " line. */
static char *
code_in (const char *body)
{
  const char *line = strstr (body, "\nCode: ");

  g_assert_nonnull (line);
  line += strlen ("\nCode: ");
  return g_strndup (line, strcspn (line, "\n"));
}

/* What the status page shows for the reference and code (NULL: it does not open). */
static JsonObject *
status_page (Fixture *f, const char *reference, const char *code)
{
  g_autoptr(GDateTime) now = soon ();
  g_autoptr(GError) error = NULL;
  JsonObject *page = loket_store_web_case_status (f->store, reference, code, now, &error);

  if (page == NULL)
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  return page;
}

/* ---- which changes queue what --------------------------------------------------------------- */

static void
test_email (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  change_status (f, "case-mail", "in behandeling", 1);
  assert_messages (f, "case-mail", "email status queued");
  id = status_message (f, "case-mail");
  /* Due at once. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages m JOIN case_status_history h"
                          " ON h.id = 'hist-1' WHERE m.due_at = h.at AND m.created_at = h.at"),
                   ==, 1);
  /* UUID-shaped like every message id: it goes into the mail's Message-ID. */
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE appointment_id IS NOT NULL"),
                   ==, 0);
  /* Logged, so the desks that see the case get it. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), ==, 1);
}

static void
test_no_wording (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = soon_text ();

  change_status (f, "case-mail", "in behandeling", 1);
  /* "besluit" has an empty wording: an internal step. */
  change_status (f, "case-mail", "besluit", 2);
  assert_messages (f, "case-mail", "email status queued");
  /* A type without a wording for any status. */
  exec (f, "UPDATE case_types SET public_statuses = '{}' WHERE id = 'ct-1'");
  change_status (f, "case-phone", "in behandeling", 1);
  /* Wordings that are no JSON object, or no text. */
  exec (f, "UPDATE case_types SET public_statuses = 'not json' WHERE id = 'ct-1'");
  change_status (f, "case-prefers-phone", "in behandeling", 1);
  exec (f, "UPDATE case_types SET public_statuses = '{\"ontvangen\": 3,"
           " \"in behandeling\": {\"a\": 1}}' WHERE id = 'ct-1'");
  change_status (f, "case-landline", "in behandeling", 1);
  change_status (f, "case-landline", "ontvangen", 2);
  /* An unknown case, and a case with no status history. */
  g_assert_true (loket_store_messages_case_status_changed (f->store, "case-x", "ontvangen", now,
                                                           &error));
  g_assert_true (loket_store_messages_case_status_changed (f->store, "case-none", "ontvangen",
                                                           now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 1);
}

static void
test_replayed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *later = soon_text ();

  change_status (f, "case-mail", "in behandeling", 1);
  /* The same push again (its answer got lost): the store knows the history row, and the
   * outbox its message. */
  push_status_as (f, f->seq, "case-mail", "in behandeling", 1);
  g_assert_true (loket_store_messages_case_status_changed (f->store, "case-mail",
                                                           "in behandeling", later, &error));
  g_assert_no_error (error);
  assert_messages (f, "case-mail", "email status queued");
  /* A call for a status the case is not in (no longer, or never) tells nothing. */
  g_assert_true (loket_store_messages_case_status_changed (f->store, "case-mail", "ontvangen",
                                                           later, &error));
  g_assert_true (loket_store_messages_case_status_changed (f->store, "case-mail", "afgehandeld",
                                                           later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), ==, 1);
}

/* Back and forth: each status reached is news again; what has not gone yet when the case moves
 * on is not sent (the next status tells the news). */
static void
test_back_and_forth (Fixture *f, gconstpointer data)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = soon ();
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(JsonObject) mail = NULL;

  change_status (f, "case-mail", "in behandeling", 1);
  first = status_message (f, "case-mail");
  change_status (f, "case-mail", "ontvangen", 2);
  change_status (f, "case-mail", "in behandeling", 3);
  assert_messages (f, "case-mail", "email status queued; email status queued;"
                   " email status queued");
  last = status_message (f, "case-mail");
  g_assert_cmpstr (first, !=, last);

  /* The delivery takes what is due, oldest first: only the last one goes. */
  due = loket_store_messages_due (f->store, later, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 3);
  for (guint i = 0; i + 1 < due->len; i++)
    {
      g_assert_null (loket_store_messages_content (f->store, due->pdata[i], site, later,
                                                   &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  g_assert_cmpstr (due->pdata[2], ==, last);
  mail = content (f, last);
  assert_contains (json_object_get_string_member (mail, "body"), "Uw aanvraag is in behandeling");
  assert_messages (f, "case-mail", "email status cancelled; email status cancelled;"
                   " email status queued");
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens"), ==, 1);
}

/* A case that moved on to a status without a wording before its message went: not sent
 * either (the status page shows where it is). */
static void
test_moved_on (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = soon ();

  change_status (f, "case-mail", "in behandeling", 1);
  id = status_message (f, "case-mail");
  change_status (f, "case-mail", "besluit", 2);
  g_assert_null (loket_store_messages_content (f->store, id, site, later, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  assert_messages (f, "case-mail", "email status cancelled");
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens"), ==, 0);
}

static void
test_confidential (Fixture *f, gconstpointer data)
{
  /* A confidential case's customer is its own: told like any other. */
  change_status (f, "case-geheim", "in behandeling", 1);
  assert_messages (f, "case-geheim", "email status queued");
}

/* An SMS to whom has only a phone number, or prefers the phone and has a number for it. */
static void
test_channels (Fixture *f, gconstpointer data)
{
  change_status (f, "case-phone", "in behandeling", 1);
  assert_messages (f, "case-phone", "sms status queued");
  change_status (f, "case-prefers-phone", "in behandeling", 1);
  assert_messages (f, "case-prefers-phone", "sms status queued");
  /* Prefers the phone, but the number takes no SMS: the e-mail. */
  change_status (f, "case-landline", "in behandeling", 1);
  assert_messages (f, "case-landline", "email status queued");
}

static void
test_no_address (Fixture *f, gconstpointer data)
{
  change_status (f, "case-none", "in behandeling", 1);
  change_status (f, "case-nobody", "in behandeling", 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM change_log WHERE entity = 'messages'"), ==, 0);
}

/* ---- what they say -------------------------------------------------------------------------- */

static void
test_email_content (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *ack_code = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonObject) mail = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) ack_page = NULL;
  const char *body;

  /* The acknowledgement's code, made before. */
  ack_code = loket_store_web_new_case_code (f->store, "case-mail", now, &error);
  g_assert_no_error (error);
  change_status (f, "case-mail", "in behandeling", 1);
  id = status_message (f, "case-mail");
  mail = content (f, id);
  body = json_object_get_string_member (mail, "body");
  g_test_message ("%s", body);

  g_assert_cmpstr (json_object_get_string_member (mail, "recipient"), ==, "jan@example.nl");
  assert_contains (json_object_get_string_member (mail, "subject"), "Z-2030-0001");
  assert_contains (body, "Jan Jansen");
  assert_contains (body, "Kapvergunning");
  assert_contains (body, "Z-2030-0001");
  assert_contains (body, "Uw aanvraag is in behandeling");
  assert_contains (body, "De status van uw zaak Z-2030-0001 is gewijzigd.");
  /* The deadline, Tuesday 15 January 2030, as the customer reads a day. */
  assert_contains (body, "Verwacht klaar: dinsdag 15 januari 2030");
  assert_contains (body, "https://afspraken.example.nl/zaak met het zaaknummer en deze code");
  assert_contains (body, "Gemeente Dalfsenburg");
  g_assert_null (json_object_get_string_member (mail, "attachment"));

  /* The code is new and opens the status page, which says the same status; the
   * acknowledgement's code still works. */
  code = code_in (body);
  g_assert_cmpstr (code, !=, ack_code);
  page = status_page (f, "Z-2030-0001", code);
  g_assert_nonnull (page);
  g_assert_cmpstr (json_object_get_string_member (page, "status"), ==,
                   "Uw aanvraag is in behandeling");
  ack_page = status_page (f, "Z-2030-0001", ack_code);
  g_assert_nonnull (ack_page);
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens WHERE kind = 'case'"
                          " AND target_id = 'case-mail'"), ==, 2);
  /* Not another case's. */
  g_assert_null (status_page (f, "Z-2030-0002", code));
  wrong = g_strdup (code);
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  g_assert_null (status_page (f, "Z-2030-0001", wrong));

  /* Composed once: a retry (a minute later, as soon () is) sends the same text and makes no
   * new code. */
  g_assert_true (loket_store_messages_report (f->store, id, LOKET_MESSAGE_RETRY,
                                              "The mail program stopped with status 75", NULL,
                                              now, &error));
  g_assert_no_error (error);
  again = content (f, id);
  g_assert_cmpstr (json_object_get_string_member (again, "body"), ==, body);
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens WHERE kind = 'case'"), ==, 2);
}

/* Closed: no expected day any more. */
static void
test_closed_content (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) mail = NULL;
  const char *body;

  change_status (f, "case-mail", "in behandeling", 1);
  change_status (f, "case-mail", "besluit", 2);
  change_status (f, "case-mail", "afgehandeld", 3);
  id = status_message (f, "case-mail");
  mail = content (f, id);
  body = json_object_get_string_member (mail, "body");
  g_test_message ("%s", body);
  assert_contains (body, "Afgehandeld");
  assert_lacks (body, "januari");
  /* The survey invitation goes too, as for every closed case. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM messages WHERE case_id = 'case-mail'"
                          " AND kind = 'survey'"), ==, 1);
}

static void
test_sms_content (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) sms = NULL;
  const char *body;

  change_status (f, "case-phone", "in behandeling", 1);
  id = status_message (f, "case-phone");
  sms = content (f, id);
  body = json_object_get_string_member (sms, "body");
  g_test_message ("%s", body);
  g_assert_cmpstr (json_object_get_string_member (sms, "channel"), ==, "sms");
  g_assert_cmpstr (json_object_get_string_member (sms, "recipient"), ==, "+31687654321");
  g_assert_cmpstr (json_object_get_string_member (sms, "subject"), ==, "");
  g_assert_cmpstr (body, ==, "Nieuwe status van uw zaak Z-2030-0002: Uw aanvraag is in"
                             " behandeling. Gemeente Dalfsenburg");
  /* No code (none made), no link, no name: an SMS is not secret enough. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens"), ==, 0);
}

/* The acknowledgement goes by the customer's channel like a status: an SMS (with the reference,
 * without a code) to whom has only a phone or prefers it, else the e-mail with the code;
 * nothing to whom has neither. */
static void
test_acknowledgement_channels (Fixture *f, gconstpointer data)
{
  static const char *const expected[][2] = {
    { "case-mail", "email acknowledgement queued" },
    { "case-phone", "sms acknowledgement queued" },
    { "case-prefers-phone", "sms acknowledgement queued" },
    { "case-landline", "email acknowledgement queued" },
    { "case-none", "" },
    { "case-nobody", "" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) sms = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = loket_protocol_format_time (g_date_time_to_unix (now));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (loket_store_messages_case_created (f->store, expected[i][0], now_text,
                                                        &error));
      g_assert_no_error (error);
      assert_messages (f, expected[i][0], expected[i][1]);
    }
  id = value (f, "SELECT id FROM messages WHERE case_id = 'case-phone'");
  sms = content (f, id);
  g_assert_cmpstr (json_object_get_string_member (sms, "recipient"), ==, "+31687654321");
  g_assert_cmpstr (json_object_get_string_member (sms, "body"), ==,
                   "Wij hebben uw verzoek geregistreerd als zaak Z-2030-0002. Gemeente Dalfsenburg");
  g_assert_cmpint (count (f, "SELECT count (*) FROM public_tokens"), ==, 0);
}

/* A long wording is shortened to fit one SMS. */
static void
test_sms_long (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) sms = NULL;
  const char *body;

  exec (f, "UPDATE case_types SET public_statuses = json_object ('in behandeling',"
           " 'Uw aanvraag wordt beoordeeld door een medewerker van het team vergunningen; wij"
           " nemen contact met u op zodra wij meer informatie nodig hebben of een besluit over"
           " uw aanvraag hebben genomen') WHERE id = 'ct-1'");
  change_status (f, "case-phone", "in behandeling", 1);
  id = status_message (f, "case-phone");
  sms = content (f, id);
  body = json_object_get_string_member (sms, "body");
  g_test_message ("%s", body);
  g_assert_cmpint (g_utf8_strlen (body, -1), <=, 160);
  g_assert_cmpint (g_utf8_strlen (body, -1), >=, 150);
  assert_contains (body, "Z-2030-0002");
  assert_contains (body, "Uw aanvraag wordt beoordeeld");
  assert_contains (body, "…");
  assert_lacks (body, "genomen");
  assert_contains (body, "Gemeente Dalfsenburg");
}

/* What comes from data is one line of plain text in the body, and nothing of it reaches a
 * header. */
static void
test_escaped (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(GDateTime) now = soon ();
  g_autoptr(JsonObject) mail = NULL;
  const char *body;
  const char *headers_end;

  exec (f, "UPDATE case_types SET public_statuses = json_object ('in behandeling',"
           " 'In behandeling' || char (10) || 'Bcc: y@evil' || char (8238)) WHERE id = 'ct-1'");
  change_status (f, "case-evil", "in behandeling", 1);
  id = status_message (f, "case-evil");
  mail = content (f, id);
  body = json_object_get_string_member (mail, "body");
  g_test_message ("%s", body);
  assert_contains (body, "<script>alert(1)</script>  Bcc: x@evil,");
  assert_contains (body, "In behandeling Bcc: y@evil\n");
  assert_lacks (body, "\r");
  assert_lacks (body, "\n" "Bcc:");
  assert_lacks (body, "\u202e");
  /* The deadline is no date: no expected day. */
  assert_lacks (body, "not a date");
  assert_lacks (body, "januari");
  mime = loket_message_text_mime (id, "Gemeente <noreply@example.nl>",
                                  json_object_get_string_member (mail, "recipient"),
                                  json_object_get_string_member (mail, "subject"), body, NULL,
                                  NULL, now);
  g_assert_nonnull (mime);
  headers_end = strstr (mime, "\n\n");
  g_assert_nonnull (headers_end);
  g_assert_null (g_strstr_len (mime, headers_end - mime, "evil"));
  g_assert_null (g_strstr_len (mime, headers_end - mime, "script"));
  assert_lacks (mime, "text/html");
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

  ADD ("/case-messages/email", test_email);
  ADD ("/case-messages/no-wording", test_no_wording);
  ADD ("/case-messages/replayed", test_replayed);
  ADD ("/case-messages/back-and-forth", test_back_and_forth);
  ADD ("/case-messages/moved-on", test_moved_on);
  ADD ("/case-messages/confidential", test_confidential);
  ADD ("/case-messages/channels", test_channels);
  ADD ("/case-messages/no-address", test_no_address);
  ADD ("/case-messages/email-content", test_email_content);
  ADD ("/case-messages/closed-content", test_closed_content);
  ADD ("/case-messages/sms-content", test_sms_content);
  ADD ("/case-messages/sms-long", test_sms_long);
  ADD ("/case-messages/acknowledgement-channels", test_acknowledgement_channels);
  ADD ("/case-messages/escaped", test_escaped);
  status = g_test_run ();
  loket_site_free (site);
  return status;
}
