/* test-ui-outbox.c — the server's reminders reach the desk app, with a controllable clock.
 *
 * End to end, all real: a demo loket-sync on loopback, a desk signed in and synced with the
 * real window on its agenda (loket-test-agenda.h).  The desk books a customer with an e-mail
 * address and a mobile number three days or more ahead and syncs; the server queues the
 * confirmation, a reminder e-mail a day before and an SMS an hour before, and the appointment
 * popover, opened with Enter, shows the reminders planned.  Then `loket-sync deliver --at T`
 * is the clock: e-mail goes to tests/server/fake-sendmail (a file per message), SMS to a fake
 * gateway, a SoupServer in this process (so the main loop runs while deliver does).  Each step
 * checks what went out and the server's messages rows; at the end the desk syncs and the open
 * popover follows: every message sent, at its local time.
 *
 * The serving server delivers what is due by the real clock every 30 seconds, and the hold it
 * puts on a message it sends lasts ten minutes of its clock, which a deliver days ahead does
 * not see: so the deliveries run while the server is stopped, and the desk syncs with it
 * started again.  The demo's own queued messages are cancelled first, so that what goes out is
 * this booking's alone.  Every wait is bounded; none sleeps.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-test-admin.h"
#include "loket-test-agenda.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"

#define WAIT_MS 30000
#define TOKEN "outbox-gateway-token-5d1e93"
#define EMAIL "outbox.test@example.org"
#define PHONE "06-98765432"
#define PHONE_INTERNATIONAL "+31698765432"
#define SENDER "Dalfsenburg"

/* The deliver clock, in seconds before the appointment's start: a day and an hour before (the
 * confirmation only), a minute after the reminder e-mail's moment, and a minute either side of
 * the SMS's. */
#define AT_CONFIRMATION (25 * 3600)
#define AT_EMAIL        (24 * 3600 - 60)
#define BEFORE_SMS      (61 * 60)
#define AT_SMS          (59 * 60)

/* The outbox's world: where mail lands, the fake gateway and what it was sent. */
typedef struct {
  char       *mail_dir;
  char       *config;
  SoupServer *gateway;
  GSocketService *gateway_service;
  GPtrArray  *requests;   /* "Authorization header|body" of each POST */
} Outbox;

/* The booking the messages are about. */
typedef struct {
  char       *id;
  gint64      start;      /* Unix seconds */
  GDate       day;        /* local, at the agenda's location */
  char       *day_words;  /* "maandag 30 november 2026", as the messages name it */
  char       *clock;      /* "09:30", local */
} Booking;

/* The fake SMS gateway ------------------------------------------------------------------------- */

static void
on_sms (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  Outbox *outbox = data;
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Authorization");
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  static const char answer[] = "{\"id\": \"sms-outbox-1\"}";

  g_ptr_array_add (outbox->requests, g_strdup_printf ("%s|%s", authorization != NULL
                                                               ? authorization : "", text));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer,
                                    strlen (answer));
}

static char *
start_gateway (Outbox *outbox)
{
  guint16 port = 0;

  outbox->gateway = soup_server_new (NULL, NULL);
  soup_server_add_handler (outbox->gateway, "/send", on_sms, outbox, NULL);
  outbox->gateway_service = loket_test_http_listen (outbox->gateway, &port);
  return g_strdup_printf ("http://127.0.0.1:%u/send", port);
}

/* The key file of the deliveries: the fake mail program and gateway, and otherwise the site's
 * defaults (the demo municipality, messages in Dutch), as the serving server has them: a
 * message it composed before it stopped (its text is fixed at the first attempt) reads the
 * same. */
static void
outbox_start (Outbox *outbox, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "..", "server", "fake-sendmail",
                                                 NULL);
  g_autofree char *gateway_url = NULL;
  g_autofree char *quoted_fake = NULL;
  g_autofree char *quoted_dir = NULL;
  g_autofree char *text = NULL;

  outbox->mail_dir = g_build_filename (dir, "mail", NULL);
  outbox->config = g_build_filename (dir, "outbox.conf", NULL);
  outbox->requests = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (g_mkdir (outbox->mail_dir, 0700), ==, 0);
  gateway_url = start_gateway (outbox);
  quoted_fake = g_shell_quote (fake);
  quoted_dir = g_shell_quote (outbox->mail_dir);
  text = g_strdup_printf ("[server]\n"
                          "[public]\nurl=https://afspraken.example.nl\n"
                          "[mail]\nsendmail=/bin/sh %s %s -t -i\n"
                          "[sms]\nurl=%s\ntoken=" TOKEN "\nsender=" SENDER "\n",
                          quoted_fake, quoted_dir, gateway_url);
  g_assert_true (g_file_set_contents (outbox->config, text, -1, &error));
  g_assert_no_error (error);
}

static void
outbox_clear (Outbox *outbox)
{
  g_socket_service_stop (outbox->gateway_service);
  g_socket_listener_close (G_SOCKET_LISTENER (outbox->gateway_service));
  g_clear_object (&outbox->gateway_service);
  soup_server_disconnect (outbox->gateway);
  g_clear_object (&outbox->gateway);
  g_clear_pointer (&outbox->requests, g_ptr_array_unref);
  g_clear_pointer (&outbox->mail_dir, g_free);
  g_clear_pointer (&outbox->config, g_free);
}

static guint
count_mails (Outbox *outbox)
{
  g_autoptr(GDir) dir = g_dir_open (outbox->mail_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".eml");
  return n;
}

/* The n-th message the mail program was given (fake-sendmail counts from 0). */
static char *
read_mail (Outbox *outbox, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("mail-%u.eml", n);
  g_autofree char *path = g_build_filename (outbox->mail_dir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* To the customer, with this subject. */
static void
assert_mail (Outbox *outbox, guint n, const char *subject)
{
  g_autofree char *mail = read_mail (outbox, n);
  g_autofree char *subject_line = g_strdup_printf ("\nSubject: %s\n", subject);

  g_test_message ("mail %u: %.300s", n, mail);
  g_assert_nonnull (strstr (mail, "\nTo: <" EMAIL ">\n"));
  g_assert_nonnull (strstr (mail, subject_line));
}

/* Running deliver ------------------------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
} Output;

static void
on_output (GObject *source, GAsyncResult *result, gpointer data)
{
  Output *output = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &output->out,
                                        &output->err, &error);
  g_assert_no_error (error);
  output->done = TRUE;
}

/* `loket-sync deliver --at moment` on the server's database while this main loop serves the
 * gateway; asserts a clean exit with the token in no output, and returns its summary line. */
static char *
deliver (Outbox *outbox, const char *server_db, gint64 moment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = loket_protocol_format_time (moment);
  const char *argv[] = { g_getenv ("LOKET_SYNC_BIN"), "--db", server_db, "--config",
                         outbox->config, "deliver", "--at", at, NULL };
  g_autoptr(GSubprocess) process = NULL;
  Output output = { 0 };
  char *summary;

  g_assert_nonnull (argv[0]);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_output, &output);
  loket_test_wait_for (&output.done, WAIT_MS);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_test_message ("deliver --at %s: %s%s", at, output.out, output.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_null (strstr (output.out, TOKEN));
  g_assert_cmpstr (output.err, ==, "");
  summary = g_strdup (g_strchomp (output.out));
  g_free (output.out);
  g_free (output.err);
  return summary;
}

static void
assert_delivery (Outbox *outbox, AgendaFixture *fixture, gint64 moment, const char *expected)
{
  g_autofree char *summary = deliver (outbox, fixture->demo->server_db, moment);

  g_assert_cmpstr (summary, ==, expected);
}

/* The server's rows ---------------------------------------------------------------------------- */

/* The booking's messages on the server, in the order they are due: "kind channel state sent_at"
 * each, "-" for no sent_at. */
static char *
server_messages (AgendaFixture *fixture, const char *appointment_id)
{
  return loket_test_ui_server_text (fixture->demo,
    "SELECT group_concat (kind || ' ' || channel || ' ' || state || ' '"
    "                     || coalesce (sent_at, '-'), ', ')"
    " FROM (SELECT * FROM messages WHERE appointment_id = '%s' ORDER BY due_at, created_at)",
    appointment_id);
}

/* Each message sent at the moment given, or still queued for 0. */
static void
assert_server_messages (AgendaFixture *fixture, const Booking *booking, gint64 confirmation,
                        gint64 reminder_email, gint64 reminder_sms)
{
  g_autofree char *got = server_messages (fixture, booking->id);
  g_autofree char *c = confirmation != 0 ? loket_protocol_format_time (confirmation) : NULL;
  g_autofree char *e = reminder_email != 0 ? loket_protocol_format_time (reminder_email) : NULL;
  g_autofree char *s = reminder_sms != 0 ? loket_protocol_format_time (reminder_sms) : NULL;
  g_autofree char *expected =
    g_strdup_printf ("confirmation email %s %s, reminder email %s %s, reminder sms %s %s",
                     c != NULL ? "sent" : "queued", c != NULL ? c : "-",
                     e != NULL ? "sent" : "queued", e != NULL ? e : "-",
                     s != NULL ? "sent" : "queued", s != NULL ? s : "-");

  g_assert_cmpstr (got, ==, expected);
}

/* Cancels every queued message but the booking's (the demo's bookings have reminders of their
 * own), each logged, as the server's store cancels one. */
static void
cancel_other_messages (AgendaFixture *fixture, const char *appointment_id)
{
  g_autoptr(LoketDb) server = loket_test_admin_open (fixture->demo->server_db);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  {
    g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (server, "SELECT id FROM messages"
                                                     " WHERE state = 'queued' AND"
                                                     " coalesce (appointment_id, '') != ?",
                                                     &error);

    g_assert_no_error (error);
    loket_db_bind_text (stmt, 1, appointment_id);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) row = loket_test_admin_get_row (server, "messages", ids->pdata[i]);

      g_assert_nonnull (row);
      json_object_set_string_member (row, "state", "cancelled");
      loket_test_admin_upsert (server, "messages", row);
    }
  g_test_message ("cancelled %u queued messages of the demo", ids->len);
  left = loket_test_ui_server_text (fixture->demo, "SELECT count (*) FROM messages"
                                    " WHERE state = 'queued'");
  g_assert_cmpstr (left, ==, "3");
}

/* The booking ---------------------------------------------------------------------------------- */

/* The time zone of the agenda's location. */
static GTimeZone *
location_tz (AgendaFixture *fixture)
{
  return loket_replica_get_timezone (fixture->desk->replica,
                                     loket_agenda_view_get_location_id (fixture->agenda));
}

static GDateTime *
local_time (AgendaFixture *fixture, gint64 moment)
{
  g_autoptr(GTimeZone) tz = location_tz (fixture);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (moment);

  return g_date_time_to_timezone (utc, tz);
}

static void
booking_clear (Booking *booking)
{
  g_clear_pointer (&booking->id, g_free);
  g_clear_pointer (&booking->day_words, g_free);
  g_clear_pointer (&booking->clock, g_free);
}

/* A product of the capacity that reminds by e-mail a day and by SMS an hour before (the
 * defaults), or NULL. */
static LoketRecord *
find_reminding_product (AgendaFixture *fixture, const char *capacity_id)
{
  g_autoptr(GListModel) products = loket_replica_list_products (fixture->desk->replica,
                                                                capacity_id);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);

      if (loket_record_get_int (product, "remind_email_minutes") == 24 * 60
          && loket_record_get_int (product, "remind_sms_minutes") == 60)
        return g_steal_pointer (&product);
    }
  return NULL;
}

/* The first free desk place at the agenda's location three or more days ahead, for such a
 * product: capacity, product, start and its day. */
static gboolean
find_free_place (AgendaFixture *fixture, LoketBookingInput *input, GDate *day)
{
  const char *location = loket_agenda_view_get_location_id (fixture->agenda);
  g_autoptr(GListModel) capacities = loket_replica_list_capacities (fixture->desk->replica,
                                                                    location);
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (fixture->desk->replica, location);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  agenda_location_today (fixture, day);
  g_date_add_days (day, 3);
  for (guint d = 0; d < 14; d++, g_date_add_days (day, 1))
    for (guint c = 0; c < g_list_model_get_n_items (capacities); c++)
      {
        g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, c);
        g_autoptr(LoketRecord) product = find_reminding_product (fixture,
                                                                 loket_record_get_id (capacity));
        g_autoptr(GArray) slots = NULL;

        if (product == NULL)
          continue;
        slots = loket_replica_free_slots (fixture->desk->replica, loket_record_get_id (capacity),
                                          loket_record_get_id (product), day, now, NULL);
        if (slots == NULL || slots->len == 0)
          continue;
        /* Interned, so the ids outlive these rows. */
        input->capacity_id = g_intern_string (loket_record_get_id (capacity));
        input->product_id = g_intern_string (loket_record_get_id (product));
        input->start = g_array_index (slots, LoketSlot, 0).start;
        return TRUE;
      }
  return FALSE;
}

/* "donderdag 26 november 2026": the day as a message in the site's language names it. */
static char *
dutch_day (GDateTime *local)
{
  static const char *const weekdays[] = { NULL, "maandag", "dinsdag", "woensdag", "donderdag",
                                          "vrijdag", "zaterdag", "zondag" };
  static const char *const months[] = { NULL, "januari", "februari", "maart", "april", "mei",
                                        "juni", "juli", "augustus", "september", "oktober",
                                        "november", "december" };

  return g_strdup_printf ("%s %d %s %d", weekdays[g_date_time_get_day_of_week (local)],
                          g_date_time_get_day_of_month (local),
                          months[g_date_time_get_month (local)], g_date_time_get_year (local));
}

/* A new customer with an e-mail address and a mobile number, booked on this desk and synced:
 * the server applied it, and queued its messages. */
static void
book_and_sync (AgendaFixture *fixture, Booking *booking)
{
  const LoketCustomerInput customer = { .name = "Outbox Testklant", .email = EMAIL,
                                        .phone = PHONE };
  LoketBookingInput input = { .reason = "New passport", .mode = "fysiek" };
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_id = NULL;
  g_autoptr(LoketRecord) booked = NULL;

  customer_id = loket_replica_create_customer (fixture->desk->replica, &customer, &error);
  g_assert_no_error (error);
  g_assert_true (find_free_place (fixture, &input, &booking->day));
  input.customer_id = customer_id;
  booking->id = loket_replica_book_appointment (fixture->desk->replica, &input, &error);
  g_assert_no_error (error);
  booking->start = input.start;
  start = local_time (fixture, input.start);
  booking->day_words = dutch_day (start);
  booking->clock = g_date_time_format (start, "%H:%M");

  loket_test_desk_sync (fixture->desk);
  g_assert_cmpuint (loket_replica_count_pending (fixture->desk->replica), ==, 0);
  booked = loket_replica_get_appointment (fixture->desk->replica, booking->id);
  g_assert_cmpstr (loket_record_get_string (booked, "status"), ==, "booked");
}

/* The popover ---------------------------------------------------------------------------------- */

static GtkWidget *
popover (AgendaFixture *fixture)
{
  return loket_agenda_view_get_popover (fixture->agenda);
}

static gboolean
popover_open (AgendaFixture *fixture, gpointer data)
{
  return gtk_widget_get_mapped (popover (fixture));
}

/* The agenda on the booking's day, the appointment selected and Enter on it, as a clerk would. */
static void
open_popover (AgendaFixture *fixture, const Booking *booking)
{
  g_autoptr(LoketRecord) appointment = loket_replica_get_appointment (fixture->desk->replica,
                                                                      booking->id);

  loket_agenda_view_set_date (fixture->agenda, &booking->day);
  g_assert_true (agenda_wait_until (fixture, agenda_rows_match_replica, NULL, AGENDA_WAIT_MS));
  g_assert_true (loket_agenda_view_select_appointment (fixture->agenda, booking->id));
  g_assert_true (agenda_wait_until (fixture, agenda_appointment_focused, appointment,
                                    AGENDA_WAIT_MS));
  loket_test_ui_press_enter (GTK_WINDOW (fixture->window));
  g_assert_true (agenda_wait_until (fixture, popover_open, NULL, AGENDA_WAIT_MS));
}

/* The popover's message rows, each as its label texts joined by " | ", one a line. */
static char *
message_rows (AgendaFixture *fixture)
{
  GtkWidget *list = loket_test_get_named (popover (fixture), "popover-messages");
  g_autoptr(GString) rows = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_mapped (child))
      {
        g_autoptr(GPtrArray) texts = loket_test_visible_label_texts (child);
        g_autofree char *line = NULL;

        g_ptr_array_add (texts, NULL);
        line = g_strjoinv (" | ", (char **) texts->pdata);
        g_string_append_printf (rows, "%s\n", line);
      }
  return g_string_free (g_steal_pointer (&rows), FALSE);
}

static gboolean
rows_are (AgendaFixture *fixture, gpointer expected)
{
  g_autofree char *rows = message_rows (fixture);

  return g_str_equal (rows, expected);
}

/* "22 Nov 14:03" in the location's time, as the desk tells when a message went. */
static char *
local_moment (AgendaFixture *fixture, gint64 moment)
{
  g_autoptr(GDateTime) local = local_time (fixture, moment);

  return g_date_time_format (local, "%-e %b %H:%M");
}

/* Three rows: the first starts with data[0], the other two are data[1].  (Before delivery the
 * confirmation's state depends on whether the serving server tried it meanwhile.) */
static gboolean
rows_start_and_end (AgendaFixture *fixture, gpointer data)
{
  const char *const *parts = data;
  g_autofree char *rows = message_rows (fixture);
  g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);

  /* Three lines, each ending in a newline, split into four. */
  return g_strv_length (lines) == 4 && g_str_has_prefix (lines[0], parts[0])
         && g_str_has_suffix (rows, parts[1]);
}

/* Waits for condition, saying what the popover shows either way. */
static void
wait_for_rows (AgendaFixture *fixture, AgendaCondition condition, gpointer data)
{
  gboolean shown = agenda_wait_until (fixture, condition, data, WAIT_MS);
  g_autofree char *rows = message_rows (fixture);

  g_test_message ("the popover's messages:\n%s", rows);
  g_assert_true (shown);
}

/* The demo server started again on its database (at a new port, where the desk follows). */
static void
restart_server (AgendaFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fixture->demo->server);
  fixture->demo->server = loket_test_server_start (fixture->demo->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  loket_test_desk_move_to (fixture->desk, fixture->demo->server->url);
}

/* Queued when the push was applied: the confirmation now, the reminders at their moments; the
 * popover shows them planned, in local time. */
static void
assert_queued (AgendaFixture *fixture, const Booking *booking)
{
  g_autofree char *email_due = loket_protocol_format_time (booking->start - 24 * 3600);
  g_autofree char *sms_due = loket_protocol_format_time (booking->start - 3600);
  g_autofree char *due_expected = g_strdup_printf ("%s %s", email_due, sms_due);
  g_autofree char *email_local = local_moment (fixture, booking->start - 24 * 3600);
  g_autofree char *sms_local = local_moment (fixture, booking->start - 3600);
  g_autofree char *planned = g_strdup_printf ("Reminder by e-mail | planned %s\n"
                                              "Reminder by SMS | planned %s\n",
                                              email_local, sms_local);
  const char *const parts[] = { "Confirmation by e-mail | ", planned };
  g_autofree char *reminders_due = NULL;

  assert_server_messages (fixture, booking, 0, 0, 0);
  reminders_due = loket_test_ui_server_text (fixture->demo,
    "SELECT group_concat (due_at, ' ') FROM (SELECT due_at FROM messages"
    " WHERE appointment_id = '%s' AND kind = 'reminder' ORDER BY due_at)", booking->id);
  g_assert_cmpstr (reminders_due, ==, due_expected);
  open_popover (fixture, booking);
  wait_for_rows (fixture, rows_start_and_end, (gpointer) parts);
}

/* A day and an hour before: the confirmation goes, no reminder yet. */
static void
deliver_confirmation (AgendaFixture *fixture, Outbox *outbox, const Booking *booking)
{
  g_autofree char *subject = g_strdup_printf ("Bevestiging van uw afspraak op %s",
                                              booking->day_words);

  assert_delivery (outbox, fixture, booking->start - AT_CONFIRMATION,
                   "1 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (count_mails (outbox), ==, 1);
  g_assert_cmpuint (outbox->requests->len, ==, 0);
  assert_mail (outbox, 0, subject);
  assert_server_messages (fixture, booking, booking->start - AT_CONFIRMATION, 0, 0);
}

/* A minute into the last day: the reminder e-mail, naming the day. */
static void
deliver_reminder_email (AgendaFixture *fixture, Outbox *outbox, const Booking *booking)
{
  g_autofree char *subject = g_strdup_printf ("Herinnering: uw afspraak op %s",
                                              booking->day_words);

  assert_delivery (outbox, fixture, booking->start - AT_EMAIL,
                   "1 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (count_mails (outbox), ==, 2);
  g_assert_cmpuint (outbox->requests->len, ==, 0);
  assert_mail (outbox, 1, subject);
  assert_server_messages (fixture, booking, booking->start - AT_CONFIRMATION,
                          booking->start - AT_EMAIL, 0);
}

/* A minute before the hour, no SMS; a minute after it, the SMS with the token, to the
 * customer's number in international form, saying today at what time. */
static void
deliver_reminder_sms (AgendaFixture *fixture, Outbox *outbox, const Booking *booking)
{
  g_autofree char *prefix = g_strdup_printf ("Bearer " TOKEN "|{\"to\":\"" PHONE_INTERNATIONAL
                                             "\",\"text\":\"Herinnering: uw afspraak vandaag"
                                             " om %s", booking->clock);
  g_autofree char *attempts = NULL;
  const char *request;

  assert_delivery (outbox, fixture, booking->start - BEFORE_SMS,
                   "0 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (outbox->requests->len, ==, 0);
  assert_server_messages (fixture, booking, booking->start - AT_CONFIRMATION,
                          booking->start - AT_EMAIL, 0);

  assert_delivery (outbox, fixture, booking->start - AT_SMS,
                   "1 sent, 0 will be retried, 0 failed");
  g_assert_cmpuint (outbox->requests->len, ==, 1);
  g_assert_cmpuint (count_mails (outbox), ==, 2);
  request = outbox->requests->pdata[0];
  g_test_message ("SMS request: %s", strchr (request, '|') + 1);
  g_assert_true (g_str_has_prefix (request, prefix));
  g_assert_true (g_str_has_suffix (request, "\",\"sender\":\"" SENDER "\"}"));
  assert_server_messages (fixture, booking, booking->start - AT_CONFIRMATION,
                          booking->start - AT_EMAIL, booking->start - AT_SMS);
  /* Each reminder went at its first attempt (the serving server may have tried the
   * confirmation, due by the real clock, before it stopped). */
  attempts = loket_test_ui_server_text (fixture->demo,
    "SELECT group_concat (attempts || ' [' || reason || ']', ' ') FROM messages"
    " WHERE appointment_id = '%s' AND kind = 'reminder'", booking->id);
  g_assert_cmpstr (attempts, ==, "1 [] 1 []");
}

/* The popover, still open, shows each message sent at its local time. */
static void
assert_popover_sent (AgendaFixture *fixture, const Booking *booking)
{
  g_autofree char *confirmation = local_moment (fixture, booking->start - AT_CONFIRMATION);
  g_autofree char *email = local_moment (fixture, booking->start - AT_EMAIL);
  g_autofree char *sms = local_moment (fixture, booking->start - AT_SMS);
  g_autofree char *expected = g_strdup_printf ("Confirmation by e-mail | sent %s\n"
                                               "Reminder by e-mail | sent %s\n"
                                               "Reminder by SMS | sent %s\n",
                                               confirmation, email, sms);

  g_assert_true (popover_open (fixture, NULL));
  wait_for_rows (fixture, rows_are, expected);
}

/* The test ------------------------------------------------------------------------------------- */

/* The booking's messages go at their moments by the deliver clock, and the desk shows them
 * planned, then sent. */
static void
test_reminders_on_time (AgendaFixture *fixture, gconstpointer data)
{
  Outbox outbox = { 0 };
  Booking booking = { 0 };

  outbox_start (&outbox, fixture->demo->dir);
  book_and_sync (fixture, &booking);
  assert_queued (fixture, &booking);

  g_clear_pointer (&fixture->demo->server, loket_test_server_free);
  cancel_other_messages (fixture, booking.id);
  deliver_confirmation (fixture, &outbox, &booking);
  deliver_reminder_email (fixture, &outbox, &booking);
  deliver_reminder_sms (fixture, &outbox, &booking);

  restart_server (fixture);
  loket_test_desk_sync (fixture->desk);
  assert_popover_sent (fixture, &booking);

  booking_clear (&booking);
  outbox_clear (&outbox);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  agenda_test_add ("/ui/outbox/reminders-on-time", NULL, test_reminders_on_time);
  return g_test_run ();
}
