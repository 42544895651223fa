/* loket-server-log.c — the request log: a line per request ("GET /path 200 1.2 ms"), gathered
 * per thread and written when that thread is idle, never with a link's token in it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-server-private.h"

#define MAX_LOGGED_PATH    200
#define LOG_BUFFER_BYTES   8192   /* request lines written at once at most */

/* A (decoded) path fit for a log line or a message: printable ASCII only, and not endless. */
char *
loket_server_printable_path (const char *path)
{
  GString *out = g_string_new (NULL);

  if (path == NULL || *path == '\0')
    path = "-";
  for (const char *p = path; *p != '\0' && out->len < MAX_LOGGED_PATH; p++)
    g_string_append_c (out, g_ascii_isgraph (*p) ? *p : '?');
  if (strlen (path) > MAX_LOGGED_PATH)
    g_string_append (out, "...");
  return g_string_free (out, FALSE);
}

const char *
loket_server_message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri != NULL ? g_uri_get_path (uri) : NULL;
}

/* libsoup refuses some requests itself once their headers are in (a path with a NUL, a Host it
 * cannot use); runs after libsoup's own handler so such a refusal still answers in JSON. */
static void
on_got_headers (SoupServerMessage *msg, gpointer user_data)
{
  guint status = soup_server_message_get_status (msg);

  if (status != 0 && soup_server_message_get_response_body (msg)->length == 0)
    loket_server_reply_error (msg, status,
                              status == SOUP_STATUS_BAD_REQUEST ? LOKET_PROTO_ERR_BAD_REQUEST
                                                                : LOKET_PROTO_ERR_INTERNAL,
                              "The request could not be read.");
}

static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  LoketServerRequestInfo *info = g_new0 (LoketServerRequestInfo, 1);

  info->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), LOKET_SERVER_REQUEST_KEY, info, g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
}

/* Writes the request lines gathered so far: when the log's thread has nothing else to do, so
 * a quiet server logs each request at once and a busy one in a few writes instead of one per
 * request (a write per request costs a sixth of a cached answer's time).  Each thread has its
 * log; stdio's lock keeps one write's lines together. */
static gboolean
flush_log (gpointer user_data)
{
  LoketServerLog *log = user_data;

  if (log->text->len > 0)
    {
      fwrite (log->text->str, 1, log->text->len, stderr);
      fflush (stderr);
      g_string_truncate (log->text, 0);
    }
  if (log->flush != NULL)
    {
      g_source_destroy (log->flush);
      g_clear_pointer (&log->flush, g_source_unref);
    }
  return G_SOURCE_REMOVE;
}

void
loket_server_log_init (LoketServerLog *log, GMainContext *context)
{
  log->text = g_string_sized_new (LOG_BUFFER_BYTES + 512);
  log->context = g_main_context_ref (context);
  log->flush = NULL;
}

void
loket_server_log_clear (LoketServerLog *log)
{
  if (log->text == NULL)
    return;
  flush_log (log);
  g_string_free (g_steal_pointer (&log->text), TRUE);
  g_clear_pointer (&log->context, g_main_context_unref);
}

/* The path for the log, without the token of a public link (the rest after a public prefix
 * route: an appointment's link, a hold, a survey): the log is no place for secrets. */
static char *
loggable_path (const char *path)
{
  const LoketServerRoute *route = path != NULL ? loket_server_find_route (path) : NULL;
  gsize length = route != NULL ? strlen (route->path) : 0;

  if (route != NULL && route->is_public && length > 1 && route->path[length - 1] == '/')
    return g_strconcat (route->path, "...", NULL);
  return loket_server_printable_path (path);
}

void
loket_server_log_line (LoketServerLog *log, const char *method, const char *path,
                       const char *status, gint64 started)
{
  g_autofree char *shown = loggable_path (path);
  gint64 tenths = started != 0 ? (g_get_monotonic_time () - started + 50) / 100 : 0;
  char ms_text[32];

  /* "12.3", the same in every locale (no decimal comma), without printf: the public threads
   * write a line for every answer. */
  g_snprintf (ms_text, sizeof ms_text, "%" G_GINT64_FORMAT ".%d", tenths / 10, (int) (tenths % 10));
  g_string_append (log->text, "loket-sync: ");
  g_string_append (log->text, method != NULL ? method : "-");
  g_string_append_c (log->text, ' ');
  g_string_append (log->text, shown);
  g_string_append_c (log->text, ' ');
  g_string_append (log->text, status);
  g_string_append_c (log->text, ' ');
  g_string_append (log->text, ms_text);
  g_string_append (log->text, " ms\n");
  if (log->text->len >= LOG_BUFFER_BYTES)
    flush_log (log);
  else if (log->flush == NULL)
    {
      log->flush = g_idle_source_new ();
      g_source_set_priority (log->flush, G_PRIORITY_LOW);
      g_source_set_callback (log->flush, flush_log, log, NULL);
      g_source_attach (log->flush, log->context);
    }
}

void
loket_server_log_request (LoketServerLog *log, SoupServerMessage *msg, const char *outcome)
{
  LoketServerRequestInfo *info = g_object_get_data (G_OBJECT (msg), LOKET_SERVER_REQUEST_KEY);
  guint status = soup_server_message_get_status (msg);
  char status_text[16];

  if (outcome != NULL && status == 0)
    g_strlcpy (status_text, outcome, sizeof status_text);
  else
    g_snprintf (status_text, sizeof status_text, "%u", status);
  loket_server_log_line (log, soup_server_message_get_method (msg),
                         loket_server_message_path (msg), status_text,
                         info != NULL ? info->started : 0);
}

static void
on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  loket_server_log_request (user_data, msg, NULL);
}


static void
on_request_aborted (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  loket_server_log_request (user_data, msg, "aborted");
}

void
loket_server_watch_requests (SoupServer *soup, LoketServerLog *log)
{
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), NULL);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_finished), log);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_aborted), log);
}

