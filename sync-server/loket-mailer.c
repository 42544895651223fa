/* loket-mailer.c — delivers the server's outbox (loket-mailer.h).
 *
 * A run is a chain of callbacks on the caller's main context: take the due ids, then for each
 * one fetch its content (which claims it), send it by the mail program or the SMS gateway, and
 * report.  The database is only touched between sends, on the main thread, like every other
 * store call; the network and the mail program never hold the loop.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "loket-error.h"
#include "loket-mailer.h"
#include "loket-message-text.h"
#include "loket-store-messages.h"

#define MAIL_TIMEOUT_S 60
#define SMS_TIMEOUT_S 30
#define MAX_PROVIDER_ID 100

struct _LoketMailer
{
  GObject          parent_instance;

  LoketStore      *store;
  const LoketSite *site;
  SoupSession     *session;   /* made at the first SMS */
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (LoketMailer, loket_mailer, G_TYPE_OBJECT)

static void
loket_mailer_dispose (GObject *object)
{
  LoketMailer *self = LOKET_MAILER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (loket_mailer_parent_class)->dispose (object);
}

static void
loket_mailer_class_init (LoketMailerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_mailer_dispose;
}

static void
loket_mailer_init (LoketMailer *self)
{
}

LoketMailer *
loket_mailer_new (LoketStore *store, const LoketSite *site)
{
  LoketMailer *self;

  g_return_val_if_fail (LOKET_IS_STORE (store), NULL);
  g_return_val_if_fail (site != NULL, NULL);

  self = g_object_new (LOKET_TYPE_MAILER, NULL);
  self->store = g_object_ref (store);
  self->site = site;
  return self;
}

gboolean
loket_mailer_is_running (LoketMailer *self)
{
  g_return_val_if_fail (LOKET_IS_MAILER (self), FALSE);
  return self->running;
}

/* ---- a run ---------------------------------------------------------------------------------- */

typedef struct {
  GDateTime          *now;
  GPtrArray          *ids;
  guint               next;
  JsonObject         *content;    /* of the message being sent */
  GSubprocess        *process;    /* the mail program while it runs */
  guint               timeout_id;
  gboolean            timed_out;
  LoketMailerSummary  summary;
} Run;

static void
run_free (Run *run)
{
  g_assert (run->process == NULL && run->timeout_id == 0);
  g_date_time_unref (run->now);
  g_clear_pointer (&run->ids, g_ptr_array_unref);
  g_clear_pointer (&run->content, json_object_unref);
  g_free (run);
}

static void send_next (GTask *task);

/* Ends the run with a failing database's error. */
static void
fail_run (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Counts a message that did not go by the state it is in now: given up, or (when it was
 * tried in this run) to be retried. */
static gboolean
count_unsent (LoketMailer *self, Run *run, const char *id, gboolean tried, GError **error)
{
  g_autoptr(JsonObject) row = NULL;
  const char *state;

  if (!loket_db_query_row (loket_store_get_db (self->store),
                           "SELECT state FROM messages WHERE id = ?", id, &row, error))
    return FALSE;
  state = row != NULL ? json_object_get_string_member (row, "state") : NULL;
  if (g_strcmp0 (state, "failed") == 0)
    run->summary.failed++;
  else if (tried && g_strcmp0 (state, "queued") == 0)
    run->summary.retried++;
  return TRUE;
}

/* Records how the current message went and goes on with the next one. */
static void
settle (GTask *task, LoketMessageResult result, const char *reason, const char *provider_id)
{
  LoketMailer *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonObject) content = g_steal_pointer (&run->content);
  const char *id = json_object_get_string_member (content, "id");
  GError *error = NULL;

  if (!loket_store_messages_report (self->store, id, result, reason, provider_id, run->now,
                                    &error)
      || (result != LOKET_MESSAGE_SENT && !count_unsent (self, run, id, TRUE, &error)))
    {
      fail_run (task, error);
      return;
    }
  if (result == LOKET_MESSAGE_SENT)
    run->summary.sent++;
  send_next (task);
}

/* A reason of ours, in the site's language. */
static void
settle_reason (GTask *task, LoketMessageResult result, LoketMessageReason reason, int number,
               const char *detail)
{
  g_autofree char *text = NULL;

  loket_site_enter_language ();
  text = loket_message_text_reason (reason, number, detail);
  loket_site_leave_language ();
  settle (task, result, text, NULL);
}

/* ---- e-mail --------------------------------------------------------------------------------- */

static gboolean
on_mail_timeout (gpointer data)
{
  Run *run = g_task_get_task_data (data);

  run->timeout_id = 0;
  run->timed_out = TRUE;
  g_subprocess_force_exit (run->process);
  return G_SOURCE_REMOVE;
}

static void
on_mail_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSubprocess) process = g_steal_pointer (&run->process);
  g_autoptr(GError) error = NULL;

  /* Its exit says how it went; a pipe it closed early is not a second failure. */
  g_subprocess_wait_finish (process, result, &error);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  if (run->timed_out)
    settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_MAIL_TIMEOUT, MAIL_TIMEOUT_S,
                   NULL);
  else if (g_subprocess_get_if_signaled (process))
    settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_MAIL_SIGNAL,
                   g_subprocess_get_term_sig (process), NULL);
  else if (g_subprocess_get_exit_status (process) != 0)
    settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_MAIL_STATUS,
                   g_subprocess_get_exit_status (process), NULL);
  else
    settle (task, LOKET_MESSAGE_SENT, NULL, NULL);
}

static void
on_mail_written (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);

  /* The result of writing is not what counts (a program may exit before reading it all):
   * the exit status is. */
  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, NULL, NULL, NULL);
  g_subprocess_wait_async (run->process, NULL, on_mail_done, task);
}

static void
send_mail (GTask *task)
{
  LoketMailer *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  JsonObject *c = run->content;
  g_auto(GStrv) argv = NULL;
  g_autofree char *mail = NULL;
  g_autoptr(GBytes) input = NULL;

  mail = loket_message_text_mime (json_object_get_string_member (c, "id"), self->site->mail_from,
                                  json_object_get_string_member (c, "recipient"),
                                  json_object_get_string_member (c, "subject"),
                                  json_object_get_string_member (c, "body"),
                                  json_object_get_string_member_with_default (c, "attachment_name", NULL),
                                  json_object_get_string_member_with_default (c, "attachment", NULL),
                                  run->now);
  if (mail == NULL)
    {
      /* The recipient was checked when the text was fixed: the sender is what does not fit,
       * which the administrator can correct; so later attempts stay. */
      settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_BAD_SENDER, 0, NULL);
      return;
    }
  if (!g_shell_parse_argv (self->site->sendmail, NULL, &argv, NULL)
      || (run->process = g_subprocess_newv ((const char *const *) argv,
                                            G_SUBPROCESS_FLAGS_STDIN_PIPE
                                            | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                            | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL)) == NULL)
    {
      settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_MAIL_START, 0,
                     argv != NULL ? argv[0] : self->site->sendmail);
      return;
    }
  run->timed_out = FALSE;
  run->timeout_id = g_timeout_add_seconds (MAIL_TIMEOUT_S, on_mail_timeout, task);
  input = g_bytes_new_take (g_steal_pointer (&mail), strlen (mail));
  g_subprocess_communicate_async (run->process, input, NULL, on_mail_written, task);
}

/* ---- SMS ------------------------------------------------------------------------------------ */

/* The gateway's id of the message: a short printable string, or NULL. */
static char *
provider_id (GBytes *body)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char *id;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data == NULL || size == 0 || size > 64 * 1024)
    return NULL;
  text = g_strndup (data, size);
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL);
  if (id == NULL || strlen (id) > MAX_PROVIDER_ID)
    return NULL;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p))
      return NULL;
  return g_strdup (id);
}

static void
on_sms_answered (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  g_autoptr(SoupMessage) message = g_object_ref (soup_session_get_async_result_message (
                                                   SOUP_SESSION (source), result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  guint status = soup_message_get_status (message);
  g_autofree char *id = NULL;

  if (error != NULL || status == 0)
    settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_SMS_UNREACHABLE, 0, NULL);
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      id = provider_id (body);
      settle (task, LOKET_MESSAGE_SENT, NULL, id);
    }
  else if (status >= 400 && status < 500 && status != 408 && status != 429)
    settle_reason (task, LOKET_MESSAGE_GIVE_UP, LOKET_MESSAGE_REASON_SMS_REFUSED, (int) status,
                   NULL);
  else
    settle_reason (task, LOKET_MESSAGE_RETRY, LOKET_MESSAGE_REASON_SMS_STATUS, (int) status,
                   NULL);
}

static GBytes *
sms_request_body (const LoketSite *site, JsonObject *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, json_object_get_string_member (content, "recipient"));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, json_object_get_string_member (content, "body"));
  json_builder_set_member_name (builder, "sender");
  json_builder_add_string_value (builder, site->sms_sender != NULL ? site->sms_sender : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
send_sms (GTask *task)
{
  LoketMailer *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authorization = NULL;

  if (self->site->sms_url == NULL)
    {
      settle_reason (task, LOKET_MESSAGE_GIVE_UP, LOKET_MESSAGE_REASON_SMS_NONE, 0, NULL);
      return;
    }
  message = soup_message_new (SOUP_METHOD_POST, self->site->sms_url);
  if (message == NULL)
    {
      settle_reason (task, LOKET_MESSAGE_GIVE_UP, LOKET_MESSAGE_REASON_SMS_NONE, 0, NULL);
      return;
    }
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", SMS_TIMEOUT_S,
                                                   "user-agent", "loket-sync/" PACKAGE_VERSION,
                                                   NULL);
  body = sms_request_body (self->site, run->content);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  if (self->site->sms_token != NULL)
    {
      authorization = g_strconcat ("Bearer ", self->site->sms_token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
      explicit_bzero (authorization, strlen (authorization));
    }
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_sms_answered, task);
}

/* ---- the chain ------------------------------------------------------------------------------ */

static void
finish_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  LoketMailerSummary *summary = g_new (LoketMailerSummary, 1);

  *summary = run->summary;
  g_task_return_pointer (task, summary, g_free);
  g_object_unref (task);
}

static void
send_next (GTask *task)
{
  LoketMailer *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  while (run->next < run->ids->len && !g_task_return_error_if_cancelled (task))
    {
      const char *id = g_ptr_array_index (run->ids, run->next++);
      GError *error = NULL;

      run->content = loket_store_messages_content (self->store, id, self->site, run->now,
                                                   &error);
      if (run->content == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        {
          /* Taken by another delivery meanwhile (still queued, held), or settled while
           * composing: cancelled (not counted), or failed without an address. */
          g_clear_error (&error);
          if (!count_unsent (self, run, id, FALSE, &error))
            {
              fail_run (task, error);
              return;
            }
          continue;
        }
      if (run->content == NULL)
        {
          fail_run (task, error);
          return;
        }
      if (g_strcmp0 (json_object_get_string_member (run->content, "channel"), "sms") == 0)
        send_sms (task);
      else
        send_mail (task);
      return;
    }
  if (g_task_had_error (task))
    g_object_unref (task);
  else
    finish_run (task);
}

static void
on_run_finished (LoketMailer *self)
{
  self->running = FALSE;
}

void
loket_mailer_run_async (LoketMailer *self, GDateTime *now, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (LOKET_IS_MAILER (self));
  g_return_if_fail (now != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_mailer_run_async);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A delivery of messages is already running");
      return;
    }
  run = g_new0 (Run, 1);
  run->now = g_date_time_ref (now);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->ids = loket_store_messages_due (self->store, now, LOKET_MAILER_BATCH, &error);
  if (run->ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->running = TRUE;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_run_finished), self,
                           G_CONNECT_SWAPPED);
  send_next (g_steal_pointer (&task));
}

gboolean
loket_mailer_run_finish (LoketMailer *self, GAsyncResult *result, LoketMailerSummary *summary,
                         GError **error)
{
  g_autofree LoketMailerSummary *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_mailer_run_async,
                        FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = *done;
  return TRUE;
}
