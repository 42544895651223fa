/* test-mailer.c — the outbox delivered by a real loket-sync: e-mail through a fake sendmail
 * (tests/server/fake-sendmail, which keeps every message as a file), SMS through a fake gateway
 * (a SoupServer in this process that wants the bearer token, refuses one number with 400 and
 * answers the first message to another with 500).
 *
 * The controllable clock is `loket-sync deliver --at TIME`: before the reminder's moment nothing
 * goes, just after it the mail is in the folder; the SMS an hour before reaches the gateway,
 * its 500 is retried after a minute and then goes; the states are in the server's database, the
 * token in no output; and a desk that pulls holds the messages with their states.  The serving
 * server delivers what is due by the real clock (a case's acknowledgement) by itself.
 *
 * The appointment lies 400 days ahead of the real clock, so the serving server's own runs never
 * reach its messages: only the deliver commands do. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-protocol.h"
#include "loket-store-messages.h"
#include "loket-store.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"

#define TOKEN "s3cr3t-gateway-token-7f2c"
#define REFUSED_NUMBER "+31600000000"
#define WAIT_MS 60000

typedef struct {
  char       *dir;
  char       *db;
  char       *mail_dir;
  char       *config;
  char       *stderr_path;
  char       *sync_bin;     /* the real loket-sync */
  SoupServer *gateway;
  GSocketService *gateway_service;
  GPtrArray  *requests;     /* "Authorization header|body" of each call */
  guint       calls_to_jan;
  gint64      start;        /* the appointment, Unix seconds */
} Fixture;

/* ---- the fake SMS gateway ------------------------------------------------------------------- */

static void
on_sms (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  Fixture *f = data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Authorization");
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  const char *to = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                   ? json_object_get_string_member_with_default (json_node_get_object (node),
                                                                 "to", "") : "";

  g_ptr_array_add (f->requests, g_strdup_printf ("%s|%s", authorization ? authorization : "",
                                                 text));
  if (g_strcmp0 (authorization, "Bearer " TOKEN) != 0)
    soup_server_message_set_status (msg, 401, NULL);
  else if (g_str_equal (to, REFUSED_NUMBER))
    soup_server_message_set_status (msg, 400, NULL);
  else if (f->calls_to_jan++ == 0)
    soup_server_message_set_status (msg, 500, NULL);
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"id\": \"sms-4711\"}", 18);
    }
}

static char *
start_gateway (Fixture *f)
{
  guint16 port = 0;

  f->gateway = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->gateway, "/send", on_sms, f, NULL);
  f->gateway_service = loket_test_http_listen (f->gateway, &port);
  return g_strdup_printf ("http://127.0.0.1:%u/send", port);
}

/* ---- the world ------------------------------------------------------------------------------ */

static char *
iso (gint64 unix_seconds)
{
  return loket_protocol_format_time (unix_seconds);
}

static void
exec (LoketStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_exec (loket_store_get_db (store), sql, &error));
  g_assert_no_error (error);
}

/* Reference data, a user anna (password demo), four customers, three appointments 400 days
 * ahead (Jan with an e-mail address, a phone number and a case; Piet with only a number the
 * gateway refuses; Kees whose address is removed after booking) booked ten days before, and a
 * case opened now for Els. */
static void
make_world (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketStore) store = loket_store_open (f->db, &error);
  g_autofree char *hash = loket_auth_hash_password ("demo", &error);
  g_autofree char *start = iso (f->start);
  g_autofree char *booked = iso (f->start - 10 * 86400);
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf (
    "INSERT INTO locations (id, name, kind, address) VALUES ('loc-1', 'Stadhuis', 'stadhuis',"
    " 'Markt 1');"
    "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
    "INSERT INTO case_types (id, name, max_working_days, statuses) VALUES ('ct-1', 'Paspoort',"
    " 10, '[\"ontvangen\", \"afgehandeld\"]');"
    "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line) VALUES"
    " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2);"
    "INSERT INTO capacities (id, location_id, group_id, kind, name) VALUES"
    " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1');"
    "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker');"
    "INSERT INTO users (id, username, display_name, role_id, location_id) VALUES"
    " ('usr-a', 'anna', 'Anna de Vries', 'medewerker', 'loc-1');"
    "INSERT INTO user_secrets VALUES ('usr-a', '%s');"
    "INSERT INTO customers (id, name, email, phone, created_at) VALUES"
    " ('cus-1', 'Jan Jansen', 'jan@example.nl', '06-12345678', '%s'),"
    " ('cus-2', 'Piet Bakker', NULL, '06 00000000', '%s'),"
    " ('cus-3', 'Els Visser', 'els@example.nl', NULL, '%s'),"
    " ('cus-4', 'Kees Smit', 'kees@example.nl', NULL, '%s');"
    "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, status, opened_at,"
    " deadline) VALUES ('case-1', 'Z-1', 'ct-1', 'cus-1', 'prd-pas', 'ontvangen', '%s', '2099-01-01'),"
    " ('case-3', 'Z-3', 'ct-1', 'cus-3', 'prd-pas', 'ontvangen', '%s', '2099-01-01');"
    "INSERT INTO appointments (id, product_id, capacity_id, customer_id, case_id, start_at,"
    " end_at, created_at) VALUES"
    " ('apt-1', 'prd-pas', 'cap-1', 'cus-1', 'case-1', '%s', '%s', '%s'),"
    " ('apt-2', 'prd-pas', 'cap-1', 'cus-2', NULL, '%s', '%s', '%s'),"
    " ('apt-3', 'prd-pas', 'cap-1', 'cus-4', NULL, '%s', '%s', '%s');",
    hash, booked, booked, now, booked, booked, now, start, start, booked, start, start, booked,
    start, start, booked);
  exec (store, sql);
  g_assert_true (loket_store_log_snapshot (store, &error));
  g_assert_true (loket_store_messages_for_appointment (store, "apt-1", LOKET_MESSAGE_BOOKED,
                                                       booked, &error));
  g_assert_true (loket_store_messages_for_appointment (store, "apt-2", LOKET_MESSAGE_BOOKED,
                                                       booked, &error));
  g_assert_true (loket_store_messages_for_appointment (store, "apt-3", LOKET_MESSAGE_BOOKED,
                                                       booked, &error));
  g_assert_true (loket_store_messages_case_created (store, "case-3", now, &error));
  g_assert_no_error (error);
  /* Kees's address is gone by the time his messages go. */
  exec (store, "UPDATE customers SET email = NULL WHERE id = 'cus-4'");
}

static void
write_config (Fixture *f, const char *gateway_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "server", "fake-sendmail", NULL);
  g_autofree char *text = g_strdup_printf (
    "[server]\n"
    "[public]\nname=Gemeente Dalfsenburg\nurl=https://afspraken.example.nl\n"
    "[mail]\nsendmail=/bin/sh %s %s -t -i\n"
    "from=Gemeente Dalfsenburg <noreply@dalfsenburg.example>\n"
    "[sms]\nurl=%s\ntoken=" TOKEN "\nsender=Dalfsenburg\n", fake, f->mail_dir, gateway_url);

  g_assert_true (g_file_set_contents (f->config, text, -1, &error));
  g_assert_no_error (error);
}

/* loket-test-server starts $LOKET_SYNC_BIN: a wrapper that keeps the server's stderr. */
static void
wrap_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapper = g_build_filename (f->dir, "loket-sync-wrapper", NULL);
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\nexec '%s' \"$@\" 2>>'%s'\n", f->sync_bin,
                                           f->stderr_path);

  g_assert_true (g_file_set_contents (wrapper, text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (wrapper, 0700), ==, 0);
  g_setenv ("LOKET_SYNC_BIN", wrapper, TRUE);
}

/* ---- running deliver ------------------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
} Output;

static void
on_output (GObject *source, GAsyncResult *result, gpointer data)
{
  Output *o = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &o->out, &o->err,
                                        &error);
  g_assert_no_error (error);
  o->done = TRUE;
}

/* Runs `loket-sync deliver --at` while this process's main loop serves the gateway; asserts
 * exit 0, no token in its output, and returns its summary line. */
static char *
deliver (Fixture *f, gint64 moment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *when = iso (moment);
  const char *argv[] = { f->sync_bin, "--db", f->db, "--config", f->config, "deliver", "--at",
                         when, NULL };
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                            | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                      &error);
  Output o = { 0 };
  char *line;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_output, &o);
  loket_test_wait_for (&o.done, WAIT_MS);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_test_message ("deliver --at %s: %s%s", when, o.out, o.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_null (strstr (o.out, TOKEN));
  g_assert_null (strstr (o.err, TOKEN));
  g_assert_cmpstr (o.err, ==, "");
  line = g_strdup (g_strchomp (o.out));
  g_free (o.out);
  g_free (o.err);
  return line;
}

static void
assert_delivery (Fixture *f, gint64 moment, const char *expected)
{
  g_autofree char *got = deliver (f, moment);

  g_assert_cmpstr (got, ==, expected);
}

static guint
count_mails (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->mail_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".eml");
  return n;
}

static char *
read_mail (Fixture *f, guint n, const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("mail-%u.%s", n, suffix);
  g_autofree char *path = g_build_filename (f->mail_dir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
db_text (Fixture *f, const char *sql)
{
  return loket_test_db_text (f->db, sql);
}

static void
assert_db (Fixture *f, const char *sql, const char *expected)
{
  g_autofree char *got = db_text (f, sql);

  g_assert_cmpstr (got, ==, expected);
}

/* ---- the test ------------------------------------------------------------------------------- */

static void
fixture_setup (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *gateway_url = NULL;

  f->dir = loket_test_make_tmp_dir ("loket-mailer");
  f->db = g_build_filename (f->dir, "server.db", NULL);
  f->mail_dir = g_build_filename (f->dir, "mail", NULL);
  f->config = g_build_filename (f->dir, "loket-sync.conf", NULL);
  f->stderr_path = g_build_filename (f->dir, "server.stderr", NULL);
  f->sync_bin = g_strdup (g_getenv ("LOKET_SYNC_BIN"));
  f->requests = g_ptr_array_new_with_free_func (g_free);
  g_assert_nonnull (f->sync_bin);
  g_assert_cmpint (g_mkdir (f->mail_dir, 0700), ==, 0);
  /* A whole hour 400 days from now. */
  f->start = (g_date_time_to_unix (now) / 3600 + 400 * 24) * 3600;
  gateway_url = start_gateway (f);
  write_config (f, gateway_url);
  make_world (f);
  wrap_server (f);
}

static void
fixture_teardown (Fixture *f)
{
  g_setenv ("LOKET_SYNC_BIN", f->sync_bin, TRUE);
  g_socket_service_stop (f->gateway_service);
  g_socket_listener_close (G_SOCKET_LISTENER (f->gateway_service));
  g_clear_object (&f->gateway_service);
  soup_server_disconnect (f->gateway);
  g_clear_object (&f->gateway);
  loket_test_remove_tree (f->dir);
  g_ptr_array_unref (f->requests);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->mail_dir);
  g_free (f->config);
  g_free (f->stderr_path);
  g_free (f->sync_bin);
}

typedef struct {
  Fixture    *f;
  const char *sql;
  const char *expected;
  gboolean    done;
} Poll;

static gboolean
poll_db (gpointer data)
{
  Poll *p = data;
  g_autofree char *got = db_text (p->f, p->sql);

  p->done = g_strcmp0 (got, p->expected) == 0;
  return p->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Waits until sql answers expected (the server works on its own time). */
static void
wait_for_db (Fixture *f, const char *sql, const char *expected)
{
  Poll p = { f, sql, expected, FALSE };

  g_timeout_add (50, poll_db, &p);
  loket_test_wait_for (&p.done, WAIT_MS);
}

static char *
messages_as_seen (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, appointment_id, case_id, channel, kind,"
                                       " due_at, state, attempts, reason, sent_at FROM messages"
                                       " ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c) != NULL
                                            ? (const char *) sqlite3_column_text (stmt, c) : "-");
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_request (Fixture *f, guint index, const char *to)
{
  const char *request = g_ptr_array_index (f->requests, index);
  g_autofree char *prefix = g_strdup_printf ("Bearer " TOKEN "|{\"to\":\"%s\",\"text\":\"", to);

  g_test_message ("SMS request %u: %s", index, request);
  g_assert_true (g_str_has_prefix (request, prefix));
  g_assert_true (g_str_has_suffix (request, "\",\"sender\":\"Dalfsenburg\"}"));
}

static void
test_delivery (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) server = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *args = NULL;
  g_autofree char *status_file = NULL;
  g_autofree char *server_err = NULL;
  gint64 booked, email_due, sms_due;

  fixture_setup (&f);
  booked = f.start - 10 * 86400;
  email_due = f.start - 86400;
  sms_due = f.start - 3600;
  server = loket_test_server_start_with_config (f.db, FALSE, 0, f.config, &error);
  g_assert_no_error (error);

  /* Serving, the server sends what is due by the real clock by itself: Els's acknowledgement,
   * by the mail program with the recipient in the headers only. */
  wait_for_db (&f, "SELECT state FROM messages WHERE kind = 'acknowledgement'", "sent");
  g_assert_cmpuint (count_mails (&f), ==, 1);
  mail = read_mail (&f, 0, "eml");
  args = read_mail (&f, 0, "args");
  g_assert_nonnull (strstr (mail, "\nTo: <els@example.nl>\n"));
  g_assert_cmpstr (args, ==, "-t\n-i\n");

  /* Before the confirmation's moment nothing goes.  A mail program that fails (75, "try again
   * later") is retried a minute later, with our own sentence as the reason; Kees's
   * confirmation fails for good, as he has no address any more. */
  assert_delivery (&f, booked - 60, "0 sent, 0 will be retried, 0 failed");
  status_file = g_build_filename (f.mail_dir, "exit-status", NULL);
  g_assert_true (g_file_set_contents (status_file, "75\n", -1, &error));
  assert_delivery (&f, booked, "0 sent, 1 will be retried, 1 failed");
  assert_db (&f, "SELECT group_concat (state || ' ' || attempts || ' ' || (reason != ''))"
                 " FROM messages WHERE appointment_id = 'apt-3'", "failed 1 1,queued 0 0");
  assert_db (&f, "SELECT state || ' ' || attempts || ' ' || (reason LIKE '%75%')"
                 " FROM messages WHERE kind = 'confirmation'", "queued 1 1");
  g_assert_cmpint (g_remove (status_file), ==, 0);
  assert_delivery (&f, booked + 59, "0 sent, 0 will be retried, 0 failed");
  assert_delivery (&f, booked + 60, "1 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (count_mails (&f), ==, 2);
  g_clear_pointer (&mail, g_free);
  mail = read_mail (&f, 1, "eml");
  g_assert_nonnull (strstr (mail, "\nTo: <jan@example.nl>\n"));
  g_assert_nonnull (strstr (mail, "Content-Type: text/calendar; charset=UTF-8; method=PUBLISH"));
  assert_db (&f, "SELECT state || ' ' || attempts || ' [' || reason || ']' FROM messages"
                 " WHERE kind = 'confirmation'", "sent 2 []");

  /* The reminder e-mail: not a second early, in the folder at its moment. */
  assert_delivery (&f, email_due - 1, "0 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (count_mails (&f), ==, 2);
  assert_delivery (&f, email_due, "1 sent, 0 will be retried, 1 failed");
  assert_db (&f, "SELECT count (*) FROM messages WHERE state = 'failed'", "2");
  g_assert_cmpuint (count_mails (&f), ==, 3);
  g_clear_pointer (&mail, g_free);
  mail = read_mail (&f, 2, "eml");
  g_assert_nonnull (strstr (mail, "\nTo: <jan@example.nl>\n"));
  g_assert_null (strstr (mail, "text/calendar"));
  assert_db (&f, "SELECT state FROM messages WHERE kind = 'reminder' AND channel = 'email'",
             "sent");

  /* The SMS an hour before, with the bearer token: Jan's gets a 500 and is retried, Piet's
   * number is refused (400) and fails for good. */
  assert_delivery (&f, sms_due - 1, "0 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (f.requests->len, ==, 0);
  assert_delivery (&f, sms_due, "0 sent, 1 will be retried, 1 failed");
  g_assert_cmpuint (f.requests->len, ==, 2);
  assert_request (&f, 0, "+31612345678");
  assert_request (&f, 1, REFUSED_NUMBER);
  assert_db (&f, "SELECT state || ' ' || attempts || ' ' || (reason != '') FROM messages"
                 " WHERE appointment_id = 'apt-1' AND channel = 'sms'", "queued 1 1");
  assert_db (&f, "SELECT state || ' ' || attempts || ' ' || (reason LIKE '%400%') FROM messages"
                 " WHERE appointment_id = 'apt-2'", "failed 1 1");
  assert_delivery (&f, sms_due + 30, "0 sent, 0 will be retried, 0 failed");
  assert_delivery (&f, sms_due + 60, "1 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (f.requests->len, ==, 3);
  /* The retry sends the same text. */
  g_assert_cmpstr (g_ptr_array_index (f.requests, 2), ==, g_ptr_array_index (f.requests, 0));
  assert_db (&f, "SELECT m.state || ' ' || m.attempts || ' [' || m.reason || '] ' || c.provider_id"
                 " FROM messages m JOIN message_content c ON c.message_id = m.id"
                 " WHERE m.appointment_id = 'apt-1' AND m.channel = 'sms'", "sent 2 [] sms-4711");
  assert_delivery (&f, f.start + 86400, "0 sent, 0 will be retried, 0 failed");

  /* A desk holds the messages it may see as the server has them: states, no recipients. */
  {
    g_autoptr(LoketTestDesk) desk = loket_test_desk_new (f.dir, "desk", server->url, "anna");
    sqlite3 *server_db = NULL;
    g_autofree char *on_server = NULL;
    g_autofree char *on_desk = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f.db, &server_db, SQLITE_OPEN_READONLY, NULL), ==,
                     SQLITE_OK);
    on_server = messages_as_seen (server_db);
    sqlite3_close (server_db);
    on_desk = messages_as_seen (loket_db_get_handle (loket_replica_get_db (desk->replica)));
    g_test_message ("messages on the desk:\n%s", on_desk);
    g_assert_cmpstr (on_desk, ==, on_server);
    g_assert_nonnull (strstr (on_desk, "|apt-1|case-1|sms|reminder|"));
    g_assert_null (strstr (on_desk, "jan@example.nl"));
  }

  /* The serving server said what it delivered, and never the token. */
  loket_test_server_free (g_steal_pointer (&server));
  g_assert_true (g_file_get_contents (f.stderr_path, &server_err, NULL, &error));
  g_assert_nonnull (strstr (server_err, "delivered messages: 1 sent, 0 will be retried, 0 failed"));
  g_assert_null (strstr (server_err, TOKEN));
  g_assert_null (strstr (server_err, "@example.nl"));
  fixture_teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mailer/delivery", test_delivery);
  return g_test_run ();
}
