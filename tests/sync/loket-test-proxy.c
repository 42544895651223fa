/* loket-test-proxy.c — an HTTP/1.1 fault-injecting proxy for the sync tests.
 *
 * Raw streams on the desk's side, because the faults are about what happens on the wire: a
 * connection closed after the server committed, half a body.  A SoupSession on the server's
 * side.  Each accepted connection is a small state machine driven by async calls on the test's
 * main context: read a request, pick its fault, (wait,) forward, answer, read the next one.
 * Only what a desk's SoupSession sends is understood: Content-Length bodies, no chunked
 * requests, no upgrades.
 */
#include "loket-test-proxy.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#define MAX_REQUEST_BODY (8 * 1024 * 1024)
#define WAIT_MS          10000

struct _LoketTestProxy
{
  char           *upstream;
  char           *url;
  GSocketService *service;
  SoupSession    *session;
  GCancellable   *cancellable;
  GPtrArray      *rules;
  GPtrArray      *events;
  GPtrArray      *conns;       /* open connections, so free can end them */
  GPtrArray      *held;        /* Copy: late copies not yet released */
  guint           n_sending;   /* late copies on their way to the server */
  guint           pull_limit;
};

typedef struct {
  char      *prefix;
  guint      nth;
  guint      seen;
  LoketFault fault;
} Rule;

typedef struct {
  LoketTestProxy     *proxy;
  GSocketConnection  *socket;
  GDataInputStream   *in;
  GOutputStream      *out;
  /* the request being handled */
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  guchar             *body;
  gsize               body_length;
  LoketProxyEvent    *event;
  LoketFault          fault;
  guint               copies;   /* forwards still to do */
  guint               timer;
  SoupMessage        *msg;
  GBytes             *reply;    /* being written */
  gboolean            delivers; /* the reply is the server's whole answer */
  gboolean            close_after;
} Conn;

static void read_request (Conn *c);
static void read_line (Conn *c);

const char *
loket_fault_kind_to_string (LoketFaultKind kind)
{
  static const char *const names[] = { "pass", "drop", "duplicate", "late-copy", "error-500",
                                       "bad-gateway", "close", "hang", "cut-body" };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LOKET_N_FAULTS);
  return kind < LOKET_N_FAULTS ? names[kind] : "?";
}

/* ---- connections -------------------------------------------------------------------------- */

static void
conn_reset_request (Conn *c)
{
  g_clear_pointer (&c->method, g_free);
  g_clear_pointer (&c->path, g_free);
  g_clear_pointer (&c->headers, soup_message_headers_unref);
  g_clear_pointer (&c->body, g_free);
  g_clear_object (&c->msg);
  g_clear_pointer (&c->reply, g_bytes_unref);
  c->body_length = 0;
  c->event = NULL;
  c->delivers = FALSE;
  c->close_after = FALSE;
}

/* Closes the desk's connection (the desk sees an EOF) and forgets it. */
static void
conn_finish (Conn *c)
{
  g_clear_handle_id (&c->timer, g_source_remove);
  g_io_stream_close (G_IO_STREAM (c->socket), NULL, NULL);
  g_ptr_array_remove_fast (c->proxy->conns, c);
  conn_reset_request (c);
  g_object_unref (c->in);
  g_object_unref (c->socket);
  g_free (c);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *socket, GObject *source,
             gpointer user_data)
{
  LoketTestProxy *self = user_data;
  Conn *c = g_new0 (Conn, 1);

  c->proxy = self;
  c->socket = g_object_ref (socket);
  c->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (socket)));
  g_data_input_stream_set_newline_type (c->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (c->in), FALSE);
  c->out = g_io_stream_get_output_stream (G_IO_STREAM (socket));
  g_ptr_array_add (self->conns, c);
  read_request (c);
  return TRUE;
}

/* ---- answering the desk ------------------------------------------------------------------- */

static void
on_reply_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Conn *c = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL)
      || c->close_after)
    {
      conn_finish (c);
      return;
    }
  if (c->delivers)
    c->event->delivered = TRUE;
  read_request (c);   /* keep-alive: the desk may send the next request on this connection */
}

static const char *const forwarded_headers[] = { "Loket-Cursor", "Content-Range" };

/* Writes a status line, headers and the first send_bytes of body; a shorter send than the
 * body is a cut, and the connection is closed after it. */
static void
reply (Conn *c, guint status, const char *content_type, GBytes *body, gsize send_bytes)
{
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\nContent-Type: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                          status, soup_status_get_phrase (status),
                          content_type != NULL ? content_type : "application/json", length);
  /* The server's own headers that say what the body is (a snapshot's cursor, a range). */
  for (guint i = 0; c->msg != NULL && i < G_N_ELEMENTS (forwarded_headers); i++)
    {
      const char *value = soup_message_headers_get_one (
        soup_message_get_response_headers (c->msg), forwarded_headers[i]);

      if (value != NULL)
        g_string_append_printf (text, "%s: %s\r\n", forwarded_headers[i], value);
    }
  g_string_append (text, "\r\n");
  send_bytes = MIN (send_bytes, length);
  g_string_append_len (text, data, (gssize) send_bytes);
  c->close_after = c->close_after || send_bytes < length;
  c->reply = g_string_free_to_bytes (text);
  g_output_stream_write_all_async (c->out, g_bytes_get_data (c->reply, NULL),
                                   g_bytes_get_size (c->reply), G_PRIORITY_DEFAULT,
                                   c->proxy->cancellable, on_reply_written, c);
}

static void
reply_error (Conn *c, guint status, const char *message)
{
  g_autofree char *json = g_strdup_printf ("{\"error\": \"internal\", \"message\": \"%s\"}",
                                           message);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  reply (c, status, "application/json", body, G_MAXSIZE);
}

/* ---- forwarding to the server ------------------------------------------------------------- */

/* The request's target, with the pull's page size replaced when the test asked for that. */
static char *
upstream_target (LoketTestProxy *self, const char *path)
{
  const char *query = strchr (path, '?');
  g_auto(GStrv) params = NULL;
  GString *target;

  if (self->pull_limit == 0 || query == NULL || !g_str_has_prefix (path, "/v1/sync/pull?"))
    return g_strdup (path);
  target = g_string_new_len (path, query - path + 1);
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (target, '&');
      if (g_str_has_prefix (params[i], "limit="))
        g_string_append_printf (target, "limit=%u", self->pull_limit);
      else
        g_string_append (target, params[i]);
    }
  return g_string_free (target, FALSE);
}

static void
copy_header (const char *name, const char *value, gpointer user_data)
{
  static const char *const hop_by_hop[] = { "Host", "Connection", "Keep-Alive", "Content-Length",
                                            "Content-Type", "Transfer-Encoding",
                                            "Accept-Encoding" };

  for (guint i = 0; i < G_N_ELEMENTS (hop_by_hop); i++)
    if (g_ascii_strcasecmp (name, hop_by_hop[i]) == 0)
      return;
  soup_message_headers_replace (user_data, name, value);
}

static void forward (Conn *c);

static void
answer_as_planned (Conn *c, GBytes *answer)
{
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (c->msg), NULL);
  guint status = soup_message_get_status (c->msg);
  gsize length = g_bytes_get_size (answer);

  switch (c->fault.kind)
    {
    case LOKET_FAULT_DROP:
      conn_finish (c);
      return;
    case LOKET_FAULT_BAD_GATEWAY:
      reply_error (c, SOUP_STATUS_BAD_GATEWAY, "injected: the answer was lost at the gateway");
      return;
    case LOKET_FAULT_CUT_BODY:
      /* Always short by at least one byte, so the desk can never take it for a whole answer. */
      reply (c, status, type, answer,
             length == 0 ? 0 : MIN ((gsize) (c->fault.cut_fraction * (double) length),
                                    length - 1));
      c->close_after = TRUE;
      return;
    default:
      c->delivers = TRUE;
      reply (c, status, type, answer, G_MAXSIZE);
    }
}

static void
on_forwarded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Conn *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &error);

  if (answer == NULL)
    {
      /* Cancelled by free, or the server is gone (a test killed it): the desk sees the same
       * as without a proxy, a connection that ends. */
      conn_finish (c);
      return;
    }
  c->event->forwarded++;
  c->event->status = soup_message_get_status (c->msg);
  g_clear_pointer (&c->event->answer, g_bytes_unref);
  c->event->answer = g_bytes_ref (answer);
  if (--c->copies > 0)
    {
      forward (c);
      return;
    }
  answer_as_planned (c, answer);
}

/* The desk's request as a message to the server, or NULL when its target makes no URI. */
static SoupMessage *
upstream_message (Conn *c)
{
  g_autofree char *target = upstream_target (c->proxy, c->path);
  g_autofree char *uri = g_strconcat (c->proxy->upstream, target, NULL);
  SoupMessage *msg = soup_message_new (c->method, uri);

  if (msg == NULL)
    return NULL;
  soup_message_headers_foreach (c->headers, copy_header, soup_message_get_request_headers (msg));
  if (c->body_length > 0)
    {
      g_autoptr(GBytes) body = g_bytes_new (c->body, c->body_length);

      soup_message_set_request_body_from_bytes (
        msg, soup_message_headers_get_content_type (c->headers, NULL), body);
    }
  return msg;
}

static void
forward (Conn *c)
{
  g_clear_object (&c->msg);
  c->msg = upstream_message (c);
  if (c->msg == NULL)
    {
      reply_error (c, SOUP_STATUS_BAD_REQUEST, "proxy: bad request target");
      return;
    }
  soup_session_send_and_read_async (c->proxy->session, c->msg, G_PRIORITY_DEFAULT,
                                    c->proxy->cancellable, on_forwarded, c);
}

/* ---- copies held back --------------------------------------------------------------------- */

typedef struct {
  LoketTestProxy  *proxy;
  SoupMessage     *msg;
  LoketProxyEvent *event;
} Copy;

static void
copy_free (Copy *copy)
{
  g_object_unref (copy->msg);
  g_free (copy);
}

static void
hold_copy (Conn *c)
{
  Copy *copy = g_new0 (Copy, 1);

  copy->proxy = c->proxy;
  copy->msg = upstream_message (c);
  copy->event = c->event;
  if (copy->msg == NULL)
    g_free (copy);
  else
    g_ptr_array_add (c->proxy->held, copy);
}

static void
on_copy_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Copy *copy = user_data;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                NULL);

  /* Its answer goes nowhere: the desk asked long ago and has moved on. */
  if (answer != NULL)
    copy->event->forwarded++;
  copy->proxy->n_sending--;
  copy_free (copy);
}

/* ---- faults ------------------------------------------------------------------------------- */

static LoketFault
pick_fault (LoketTestProxy *self, const char *path)
{
  LoketFault chosen = { LOKET_FAULT_PASS, 0, 0 };
  gboolean found = FALSE;

  /* Every matching rule counts the request, even when an earlier one fires. */
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      if (rule->prefix != NULL && !g_str_has_prefix (path, rule->prefix))
        continue;
      rule->seen++;
      if (!found && (rule->nth == 0 || rule->seen == rule->nth))
        {
          chosen = rule->fault;
          found = TRUE;
        }
    }
  return chosen;
}

static void
apply_fault (Conn *c)
{
  switch (c->fault.kind)
    {
    case LOKET_FAULT_ERROR_500:
      reply_error (c, SOUP_STATUS_INTERNAL_SERVER_ERROR, "injected: the server failed");
      break;
    case LOKET_FAULT_CLOSE:
      conn_finish (c);
      break;
    case LOKET_FAULT_HANG:
      /* Never answer; reading on sees the desk give up (EOF), or free cancels it. */
      read_request (c);
      break;
    case LOKET_FAULT_LATE_COPY:
      hold_copy (c);
      G_GNUC_FALLTHROUGH;
    default:
      c->copies = c->fault.kind == LOKET_FAULT_DUPLICATE ? 2 : 1;
      forward (c);
    }
}

static gboolean
on_delay_over (gpointer user_data)
{
  Conn *c = user_data;

  c->timer = 0;
  apply_fault (c);
  return G_SOURCE_REMOVE;
}

/* A whole request is in: record it, pick its fault, carry it out (after the delay). */
static void
handle_request (Conn *c)
{
  LoketProxyEvent *event = g_new0 (LoketProxyEvent, 1);

  c->fault = pick_fault (c->proxy, c->path);
  event->method = g_strdup (c->method);
  event->path = g_strdup (c->path);
  event->fault = c->fault.kind;
  g_ptr_array_add (c->proxy->events, event);
  c->event = event;
  if (c->fault.delay_ms > 0)
    c->timer = g_timeout_add (c->fault.delay_ms, on_delay_over, c);
  else
    apply_fault (c);
}

/* ---- reading a request -------------------------------------------------------------------- */

static void
on_body_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Conn *c = user_data;
  gsize read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &read, NULL)
      || read != c->body_length)
    {
      conn_finish (c);
      return;
    }
  handle_request (c);
}

static void
headers_done (Conn *c)
{
  SoupEncoding encoding = soup_message_headers_get_encoding (c->headers);

  if (encoding == SOUP_ENCODING_CHUNKED
      || soup_message_headers_get_one (c->headers, "Upgrade") != NULL)
    {
      c->close_after = TRUE;
      reply_error (c, SOUP_STATUS_NOT_IMPLEMENTED, "proxy: chunked requests and upgrades "
                   "are not supported");
      return;
    }
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH)
    c->body_length = (gsize) soup_message_headers_get_content_length (c->headers);
  if (c->body_length > MAX_REQUEST_BODY)
    {
      conn_finish (c);
      return;
    }
  if (c->body_length == 0)
    {
      handle_request (c);
      return;
    }
  c->body = g_malloc (c->body_length);
  g_input_stream_read_all_async (G_INPUT_STREAM (c->in), c->body, c->body_length,
                                 G_PRIORITY_DEFAULT, c->proxy->cancellable, on_body_read, c);
}

/* The request line or a header line; FALSE when it does not parse. */
static gboolean
parse_line (Conn *c, const char *line)
{
  const char *colon;

  if (c->method == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (line, " ", 3);

      if (g_strv_length (parts) != 3 || !g_str_has_prefix (parts[2], "HTTP/1."))
        return FALSE;
      c->method = g_strdup (parts[0]);
      c->path = g_strdup (parts[1]);
      c->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
      return TRUE;
    }
  if ((colon = strchr (line, ':')) == NULL)
    return FALSE;
  {
    g_autofree char *name = g_strndup (line, (gsize) (colon - line));
    g_autofree char *value = g_strstrip (g_strdup (colon + 1));

    soup_message_headers_append (c->headers, name, value);
  }
  return TRUE;
}

static void
on_line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Conn *c = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, NULL, NULL);

  /* NULL: the desk closed the connection, or free cancelled the read. */
  if (line == NULL || (*line != '\0' && !parse_line (c, line)))
    {
      conn_finish (c);
      return;
    }
  if (*line == '\0' && c->method != NULL)
    headers_done (c);
  else
    read_line (c);   /* the next line (an empty line before a request is ignored) */
}

static void
read_line (Conn *c)
{
  g_data_input_stream_read_line_async (c->in, G_PRIORITY_DEFAULT, c->proxy->cancellable,
                                       on_line_read, c);
}

static void
read_request (Conn *c)
{
  conn_reset_request (c);
  read_line (c);
}

/* ---- the proxy ---------------------------------------------------------------------------- */

static void
rule_free (Rule *rule)
{
  g_free (rule->prefix);
  g_free (rule);
}

static void
event_free (LoketProxyEvent *event)
{
  g_free (event->method);
  g_free (event->path);
  g_clear_pointer (&event->answer, g_bytes_unref);
  g_free (event);
}

LoketTestProxy *
loket_test_proxy_new (const char *upstream_url, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  LoketTestProxy *self;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  self = g_new0 (LoketTestProxy, 1);
  self->upstream = g_strdup (upstream_url);
  self->service = g_socket_service_new ();
  self->session = soup_session_new ();
  self->cancellable = g_cancellable_new ();
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  self->conns = g_ptr_array_new ();
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) copy_free);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      loket_test_proxy_free (self);
      return NULL;
    }
  self->url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (
                                 G_INET_SOCKET_ADDRESS (effective)));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return self;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until nothing is on its way (connections too, with_conns), bounded. */
static void
run_until_quiet (LoketTestProxy *self, gboolean with_conns)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, on_wait_timeout, &timed_out);

  while ((self->n_sending > 0 || (with_conns && self->conns->len > 0)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_cmpuint (self->n_sending, ==, 0);
  if (with_conns)
    g_assert_cmpuint (self->conns->len, ==, 0);
}

/* Ends every connection: cancelled reads and forwards come back through the main loop and end
 * their connection themselves; a connection waiting out a delay is ended here. */
static void
end_connections (LoketTestProxy *self)
{
  g_cancellable_cancel (self->cancellable);
  for (guint i = self->conns->len; i > 0; i--)
    {
      Conn *c = g_ptr_array_index (self->conns, i - 1);

      if (c->timer != 0)
        conn_finish (c);
    }
  run_until_quiet (self, TRUE);
}

void
loket_test_proxy_free (LoketTestProxy *self)
{
  if (self == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  end_connections (self);
  soup_session_abort (self->session);
  /* Let the cancelled accept of the service and the session's last callbacks run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (self->service);
  g_object_unref (self->session);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->conns);
  g_ptr_array_unref (self->held);
  g_free (self->upstream);
  g_free (self->url);
  g_free (self);
}

const char *
loket_test_proxy_get_url (LoketTestProxy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

void
loket_test_proxy_add_rule (LoketTestProxy *self, const char *prefix, guint nth,
                           const LoketFault *fault)
{
  Rule *rule;

  g_return_if_fail (self != NULL && fault != NULL);

  rule = g_new0 (Rule, 1);
  rule->prefix = g_strdup (prefix);
  rule->nth = nth;
  rule->fault = *fault;
  g_ptr_array_add (self->rules, rule);
}

void
loket_test_proxy_clear_rules (LoketTestProxy *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->rules, 0);
}

void
loket_test_proxy_set_pull_limit (LoketTestProxy *self, guint limit)
{
  g_return_if_fail (self != NULL);
  self->pull_limit = limit;
}

void
loket_test_proxy_release_late (LoketTestProxy *self)
{
  g_autoptr(GPtrArray) held = NULL;

  g_return_if_fail (self != NULL);

  held = g_steal_pointer (&self->held);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) copy_free);
  g_ptr_array_set_free_func (held, NULL);   /* each copy is freed once the server answered */
  for (guint i = 0; i < held->len; i++)
    {
      Copy *copy = g_ptr_array_index (held, i);

      self->n_sending++;
      soup_session_send_and_read_async (self->session, copy->msg, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_copy_sent, copy);
    }
  run_until_quiet (self, FALSE);
}

GPtrArray *
loket_test_proxy_get_events (LoketTestProxy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->events;
}

guint
loket_test_proxy_n_events (LoketTestProxy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->events->len;
}

static LoketProxyEvent *
event_at (LoketTestProxy *self, guint i)
{
  return g_ptr_array_index (self->events, i);
}

static gboolean
is_pull (const LoketProxyEvent *event)
{
  return g_str_has_prefix (event->path, "/v1/sync/pull?");
}

gboolean
loket_test_proxy_fault_fired (LoketTestProxy *self, guint from)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = from; i < self->events->len; i++)
    if (event_at (self, i)->fault != LOKET_FAULT_PASS)
      return TRUE;
  return FALSE;
}

static gint64
page_cursor (const LoketProxyEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (event->answer, NULL),
                                             (gssize) g_bytes_get_size (event->answer), NULL));
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_get_int_member (json_node_get_object (root), "cursor");
}

gint64
loket_test_proxy_last_whole_page (LoketTestProxy *self, guint from, gint64 fallback)
{
  g_return_val_if_fail (self != NULL, fallback);

  for (guint i = from; i < self->events->len; i++)
    {
      LoketProxyEvent *event = event_at (self, i);

      if (is_pull (event) && event->delivered && event->status == SOUP_STATUS_OK)
        fallback = page_cursor (event);
    }
  return fallback;
}

gint64
loket_test_proxy_first_pull_since (LoketTestProxy *self, guint from)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint i = from; i < self->events->len; i++)
    {
      LoketProxyEvent *event = event_at (self, i);
      const char *since = strstr (event->path, "since=");

      if (is_pull (event) && since != NULL)
        return g_ascii_strtoll (since + strlen ("since="), NULL, 10);
    }
  return -1;
}

char *
loket_test_proxy_describe (LoketTestProxy *self, guint from)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = from; i < self->events->len; i++)
    {
      LoketProxyEvent *event = event_at (self, i);
      const char *slash = strrchr (event->path, '/');
      gsize name_length = strcspn (slash != NULL ? slash + 1 : event->path, "?");

      g_string_append_printf (text, "%s%.*s %s", i > from ? " | " : "", (int) name_length,
                              slash != NULL ? slash + 1 : event->path,
                              loket_fault_kind_to_string (event->fault));
      if (event->forwarded > 0)
        g_string_append_printf (text, "->%u%s%s", event->status,
                                event->forwarded > 1 ? " twice" : "",
                                event->delivered ? " whole" : "");
    }
  return g_string_free (text, FALSE);
}
