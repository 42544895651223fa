/* loket-server.c — the HTTP face of loket-sync over a LoketStore: listening, dispatch, the
 * request log and the JSON answers.  The routes themselves are in loket-server-routes.c.
 *
 * Two passes per request, both on the main loop:
 *  - the early handler runs once the headers are in: it finds the route and enforces the
 *    limits that need no body (404, 405, 413 by Content-Length, 414, long parameters), so a
 *    request that is refused anyway is never buffered;
 *  - the normal handler runs once the body is in: it parses, validates and calls the store.
 * A chunked body is counted while it arrives and dropped as soon as it passes the limit.
 * The public listener's threads (loket-server-workers.c) run the same early checks and answer
 * from the cache themselves; the rest of their requests comes here, to loket_server_serve. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-server-private.h"
#include "loket-store-web.h"
#include "loket-web-html.h"

#define JSON_CONTENT_TYPE  "application/json; charset=utf-8"
#define PUBLIC_CACHE       "public, max-age=30"   /* availability may lag 30 s */
#define CODE_RATE_LIMITED  "rate_limited"
#define STATUS_TOO_MANY    429                    /* libsoup 3.2 has no name for it */
#define SERVER_TIME_ZONE   "Europe/Amsterdam"
#define LIVE_CLOSE_MS      500    /* how long a stopping server waits for desks to say goodbye */

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LoketServer, loket_server, G_TYPE_OBJECT)

/* ---------------------------------------------------------------------------------------------
 * Answers
 */

static void
reply_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  /* Tokens, replicas and errors are nobody's to keep; public answers say otherwise. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, data, length);
}

void
loket_server_reply_json_text (SoupServerMessage *msg, guint status, GString *text)
{
  gsize length = text->len;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (text, FALSE), length);
}

void
loket_server_reply_object (SoupServerMessage *msg, guint status, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  reply_node (msg, status, node);
}

void
loket_server_reply_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  reply_node (msg, status, node);
}

JsonBuilder *
loket_server_error_builder (const char *code, const char *message)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  return builder;
}

void
loket_server_reply_error (SoupServerMessage *msg, guint status, const char *code,
                          const char *message)
{
  g_autoptr(JsonBuilder) builder = loket_server_error_builder (code, message);

  json_builder_end_object (builder);
  loket_server_reply_builder (msg, status, builder);
}

void
loket_server_reply_errorf (SoupServerMessage *msg, guint status, const char *code,
                           const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  loket_server_reply_error (msg, status, code, message);
}

void
loket_server_reply_bad_request (SoupServerMessage *msg, const char *message)
{
  loket_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST, message);
}

/* The store failed in a way the client cannot fix: say little to the client and enough on
 * stderr.  Store messages name tables and paths, never tokens, passwords or personal data. */
void
loket_server_reply_internal (SoupServerMessage *msg, const GError *error)
{
  g_autofree char *path = loket_server_printable_path (loket_server_message_path (msg));

  g_warning ("%s %s: %s", soup_server_message_get_method (msg), path, error->message);
  loket_server_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, LOKET_PROTO_ERR_INTERNAL,
                            _("The server could not complete the request. Try again later."));
}

void
loket_server_reply_store_error (SoupServerMessage *msg, const GError *error)
{
  if (error->domain != LOKET_ERROR)
    {
      loket_server_reply_internal (msg, error);
      return;
    }
  switch ((LoketErrorCode) error->code)
    {
    case LOKET_ERROR_INVALID:
      loket_server_reply_bad_request (msg, error->message);
      break;
    case LOKET_ERROR_NOT_FOUND:
      loket_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                                error->message);
      break;
    case LOKET_ERROR_UNAUTHORIZED:
      loket_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED,
                                error->message);
      break;
    case LOKET_ERROR_INCOMPATIBLE:
      loket_server_reply_error (msg, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE,
                                error->message);
      break;
    case LOKET_ERROR_FAILED:
    case LOKET_ERROR_DATABASE:
    case LOKET_ERROR_SLOT_TAKEN:
    case LOKET_ERROR_CLOSED:
    case LOKET_ERROR_NETWORK:
    case LOKET_ERROR_PROTOCOL:
    case LOKET_ERROR_SEQUENCE_GAP:
    default:
      loket_server_reply_internal (msg, error);
      break;
    }
}

void
loket_server_reply_too_large (SoupServerMessage *msg, gsize limit)
{
  /* Whatever is still on its way is read and dropped, not kept. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  loket_server_reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                             LOKET_PROTO_ERR_TOO_LARGE,
                             _("The request body is larger than %u bytes."), (guint) limit);
}

gsize
loket_server_route_max_body (const LoketServerRoute *route)
{
  if (route->max_body > 0)
    return route->max_body;
  return route->is_public ? LOKET_SERVER_MAX_PUBLIC_BODY : LOKET_MAX_BODY_BYTES;
}

/* ---------------------------------------------------------------------------------------------
 * Dispatch
 */

/* Whether a request is for the public pages: a route of theirs, or a path of no route outside
 * the APIs (a citizen's broken link).  Their refusals are pages in the site's language. */
static gboolean
is_page (const LoketServerRoute *route, const char *path)
{
  const LoketServerRoute *pages;
  guint n = 0;

  if (route == NULL)
    return !g_str_has_prefix (path, "/v1/") && !g_str_equal (path, "/v1")
           && !g_str_has_prefix (path, "/healthz");
  pages = loket_web_pages_routes (&n);
  for (guint i = 0; i < n; i++)
    if (route == &pages[i])
      return TRUE;
  return FALSE;
}

/* A refusal before the handler: as a page for the public pages, else as JSON. */
static void
refuse (LoketServer *self, SoupServerMessage *msg, gboolean page, guint status,
        const char *code, const char *message)
{
  if (page)
    loket_web_html_reply_status (msg, self->site, status);
  else
    loket_server_reply_error (msg, status, code, message);
}

/* 413 as loket_server_reply_too_large, as a page for the public pages. */
static void
refuse_too_large (LoketServer *self, SoupServerMessage *msg, gboolean page, gsize limit)
{
  if (!page)
    {
      loket_server_reply_too_large (msg, limit);
      return;
    }
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  loket_web_html_reply_status (msg, self->site, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
}

static gboolean
check_query_limits (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                    gboolean page)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
  GHashTableIter iter;
  gpointer key, value;

  if (raw != NULL && strlen (raw) > LOKET_SERVER_MAX_QUERY_BYTES)
    {
      g_autofree char *message = g_strdup_printf (_("The query string is longer than %d bytes."),
                                                  LOKET_SERVER_MAX_QUERY_BYTES);

      refuse (self, msg, page, SOUP_STATUS_REQUEST_URI_TOO_LONG, LOKET_PROTO_ERR_TOO_LARGE,
              message);
      return FALSE;
    }
  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (strlen (key) > LOKET_SERVER_MAX_PARAM_BYTES ||
          strlen (value) > LOKET_SERVER_MAX_PARAM_BYTES)
        {
          g_autofree char *message = g_strdup_printf (_("A query parameter is longer than %d "
                                                        "bytes."), LOKET_SERVER_MAX_PARAM_BYTES);

          refuse (self, msg, page, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_TOO_LARGE, message);
          return FALSE;
        }
      /* Ids and dates are text; anything else would end up in a JSON answer. */
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          refuse (self, msg, page, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                  _("Query parameters must be UTF-8 text."));
          return FALSE;
        }
    }
  return TRUE;
}

static void
on_got_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  LoketServerRequestInfo *info = g_object_get_data (G_OBJECT (msg), LOKET_SERVER_REQUEST_KEY);

  info->body_bytes += g_bytes_get_size (chunk);
  if (info->body_bytes > info->max_body && soup_server_message_get_status (msg) == 0)
    {
      if (info->page)
        loket_site_enter_language ();
      refuse_too_large (user_data, msg, info->page, info->max_body);
      if (info->page)
        loket_site_leave_language ();
    }
}

/* A public request within its client's limits, or answered 429 with Retry-After.  A POST
 * (a hold, a booking, a change, a case status, a survey) counts as a booking as well. */
static gboolean
guard_allows (LoketServer *self, SoupServerMessage *msg, gboolean page)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *client = NULL;
  char retry_text[16];
  gint64 now;
  guint retry = 1;

  if (self->site->requests_per_minute == 0 && self->site->bookings_per_hour == 0)
    return TRUE;
  client = loket_web_guard_client (soup_server_message_get_remote_host (msg),
                                   soup_message_headers_get_one (headers, "X-Forwarded-For"),
                                   (const char *const *) self->site->trusted_proxies);
  now = g_get_monotonic_time ();
  if (loket_web_guard_allow (self->guard, client, LOKET_WEB_GUARD_REQUESTS, now, &retry)
      && (!g_str_equal (soup_server_message_get_method (msg), "POST")
          || loket_web_guard_allow (self->guard, client, LOKET_WEB_GUARD_BOOKINGS, now, &retry)))
    return TRUE;
  g_snprintf (retry_text, sizeof retry_text, "%u", retry);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry_text);
  refuse (self, msg, page, STATUS_TOO_MANY, CODE_RATE_LIMITED,
          _("You have sent too many requests. Please wait a moment and try again."));
  return FALSE;
}

gboolean
loket_server_check_early (LoketServer *self, SoupServerMessage *msg,
                          const LoketServerRoute *route, const char *path, GHashTable *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  gboolean page = is_page (route, path);
  gboolean public = page || (route != NULL && route->is_public);

  if (public)
    loket_site_enter_language ();
  if (route == NULL && page)
    loket_web_html_reply_status (msg, self->site, SOUP_STATUS_NOT_FOUND);
  else if (route == NULL)
    {
      g_autofree char *shown = loket_server_printable_path (path);

      loket_server_reply_errorf (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                                 _("There is nothing at %s."), shown);
    }
  else if (!loket_server_route_allows (route, method))
    {
      g_auto(GStrv) methods = g_strsplit (route->method, " ", -1);
      g_autofree char *allow = g_strjoinv (", ", methods);
      g_autofree char *message = g_strdup_printf (_("%s only answers %s."), route->path,
                                                  route->method);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allow);
      refuse (self, msg, page, SOUP_STATUS_METHOD_NOT_ALLOWED, LOKET_PROTO_ERR_BAD_REQUEST,
              message);
    }
  else if (public && !guard_allows (self, msg, page))
    ;
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers)
           > (goffset) loket_server_route_max_body (route))
    refuse_too_large (self, msg, page, loket_server_route_max_body (route));
  else if (check_query_limits (self, msg, query, page))
    {
      LoketServerRequestInfo *info = g_object_get_data (G_OBJECT (msg), LOKET_SERVER_REQUEST_KEY);
      SoupEncoding encoding = soup_message_headers_get_encoding (headers);

      /* Counted as it comes, unless there is none (most GETs: no signal to connect). */
      info->max_body = loket_server_route_max_body (route);
      info->page = page;
      if (encoding != SOUP_ENCODING_NONE
          && !(encoding == SOUP_ENCODING_CONTENT_LENGTH
               && soup_message_headers_get_content_length (headers) == 0))
        g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), self);
      if (public)
        loket_site_leave_language ();
      return TRUE;
    }
  if (public)
    loket_site_leave_language ();
  /* Refused: drop whatever body follows instead of keeping it. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  return FALSE;
}

static void
early_handler (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
               gpointer user_data)
{
  loket_server_check_early (user_data, msg, loket_server_find_route (path), path, query);
}

/* The cache's key of a request: its path and query as sent. */
static char *
cache_key (SoupServerMessage *msg, const char *path)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));

  return g_strconcat (path, "?", raw != NULL ? raw : "", NULL);
}

static gint64
cache_max_age (LoketServer *self)
{
  return (gint64) self->site->cache_seconds * G_USEC_PER_SEC;
}

/* A public GET's 200 (or 304) in JSON may be kept by browsers and proxies for a while, unless
 * its route answers for a secret link; JSON says no-store until then, a page for itself. */
static void
set_public_cache (SoupServerMessage *msg, const LoketServerRoute *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status = soup_server_message_get_status (msg);

  if (!route->is_public || route->cache == LOKET_SERVER_CACHE_NONE
      || !g_str_equal (soup_server_message_get_method (msg), "GET"))
    return;
  if (status == SOUP_STATUS_NOT_MODIFIED
      || (status == SOUP_STATUS_OK
          && g_strcmp0 (soup_message_headers_get_one (headers, "Content-Type"),
                        JSON_CONTENT_TYPE) == 0))
    soup_message_headers_replace (headers, "Cache-Control", PUBLIC_CACHE);
}

/* Runs the route's handler, or answers from the public cache when the route keeps its
 * answers and the cache holds this one (then no handler, no JSON and no SQL). */
static void
run_handler (LoketServer *self, const LoketServerRoute *route, SoupServerMessage *msg,
             const char *path, GHashTable *query, gboolean get)
{
  g_autofree char *key = NULL;
  gint64 max_age = cache_max_age (self);
  gint64 now = 0;
  guint64 generation = 0;

  if (get && route->cache == LOKET_SERVER_CACHE_KEEP)
    {
      key = cache_key (msg, path);
      now = g_get_monotonic_time ();
      /* Read before the answer is made: a change meanwhile leaves it stale, never fresh. */
      generation = loket_store_web_generation (self->store);
      if (loket_web_cache_serve (self->cache, msg, key, generation, now, max_age))
        return;
    }
  route->handler (self, msg, query);
  if (key != NULL)
    loket_web_cache_keep (self->cache, msg, key, generation, now, max_age);
}

gboolean
loket_server_serve_cached (LoketServer *self, const LoketServerRoute *route,
                           SoupServerMessage *msg, const char *path)
{
  g_autofree char *key = NULL;
  guint64 generation;

  if (route->cache != LOKET_SERVER_CACHE_KEEP || self->site->cache_seconds == 0
      || !g_str_equal (soup_server_message_get_method (msg), "GET"))
    return FALSE;
  key = cache_key (msg, path);
  generation = (guint64) g_atomic_pointer_get (&self->web_generation);
  if (!loket_web_cache_serve (self->cache, msg, key, generation, g_get_monotonic_time (),
                              cache_max_age (self)))
    return FALSE;
  set_public_cache (msg, route);
  return TRUE;
}

void
loket_server_serve (LoketServer *self, const LoketServerRoute *route, SoupServerMessage *msg,
                    const char *path, GHashTable *query)
{
  guint64 generation = loket_store_web_generation (self->store);
  guint64 after;

  if (route->is_public)
    loket_site_enter_language ();
  run_handler (self, route, msg, path, query,
               route->is_public && g_str_equal (soup_server_message_get_method (msg), "GET"));
  if (route->is_public)
    loket_site_leave_language ();
  set_public_cache (msg, route);
  /* Whatever a request wrote to the change log (a push, even one a gap stopped halfway, and
   * every write path to come) reaches the live desks before its own answer is sent.  Every
   * write to the log moves the web generation, so a request that left it (a cached answer
   * above all) wrote nothing. */
  after = loket_store_web_generation (self->store);
  if (after != generation && !route->upgrades)
    loket_live_check (self->live);
  /* The public threads learn the generation here, before this answer goes out: whoever it
   * reaches and asks again is not served the old one. */
  g_atomic_pointer_set (&self->web_generation, (gsize) after);
  g_assert (route->upgrades || soup_server_message_get_status (msg) != 0);
}

static void
main_handler (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
              gpointer user_data)
{
  const LoketServerRoute *route = loket_server_find_route (path);

  /* The early handler answered everything without a route. */
  g_assert (route != NULL);
  loket_server_serve (user_data, route, msg, path, query);
}

/* An upgraded request never finishes as a request: its line is written here, with its 101. */
static void
on_live_upgraded (SoupServer *soup, SoupServerMessage *msg, const char *path,
                  SoupWebsocketConnection *connection, gpointer user_data)
{
  LoketServer *self = user_data;
  const char *device_id = g_object_get_data (G_OBJECT (msg), LOKET_SERVER_LIVE_DEVICE_KEY);
  const char *token = g_object_get_data (G_OBJECT (msg), LOKET_SERVER_LIVE_TOKEN_KEY);

  /* libsoup upgrades only what the route's handler accepted, and that left both. */
  g_assert (device_id != NULL && token != NULL);
  loket_server_log_request (&self->log, msg, NULL);
  loket_live_add (self->live, connection, device_id, token);
}

/* ---------------------------------------------------------------------------------------------
 * The object
 */

LoketServer *
loket_server_new (LoketStore *store)
{
  g_return_val_if_fail (LOKET_IS_STORE (store), NULL);

  return g_object_new (LOKET_TYPE_SERVER, "store", store, NULL);
}

LoketStore *
loket_server_get_store (LoketServer *self)
{
  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  return self->store;
}

void
loket_server_set_site (LoketServer *self, LoketSite *site)
{
  g_return_if_fail (LOKET_IS_SERVER (self));
  g_return_if_fail (site != NULL);

  g_clear_pointer (&self->site, loket_site_free);
  self->site = site;
  g_clear_pointer (&self->guard, loket_web_guard_free);
  self->guard = loket_web_guard_new (site->requests_per_minute, site->bookings_per_hour);
}

const LoketSite *
loket_server_get_site (LoketServer *self)
{
  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  return self->site;
}

void
loket_server_accept (SoupServer *soup, GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  /* An answer goes out in more than one write: without this, Nagle's algorithm holds the
   * body back until the client's delayed acknowledgement of the headers, 40 ms a request on a
   * kept-alive connection (libsoup's own listener sets it too). */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       TRUE, NULL);
  /* A client that is gone already has no addresses; there is nothing to serve. */
  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (soup, G_IO_STREAM (connection), local, remote, &error))
    {
      if (error != NULL)
        g_printerr ("loket-sync: could not accept a connection: %s\n", error->message);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

/* Connections are accepted here and handed to libsoup as streams: libsoup 3.2's own
 * listener (soup_server_listen) leaks every accepted GSocket, and with it the file
 * descriptor of each kept-alive connection the client closes, until the server runs out. */
static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer user_data)
{
  LoketServer *self = user_data;

  loket_server_accept (self->soup, connection);
  return TRUE;
}

/* libsoup 3.2 keeps a connection open after an answer only while the server has a listener of
 * its own (soup-server.c, request_finished); ours come from a GSocketService (on_incoming) or
 * a public thread's socket (loket-server-workers.c).
 * Without one, every request pays for a new TCP connection, and a keep-alive client sees its
 * connection closed under it.  The listener given here never accepts anything: it is one end
 * of a socket pair whose other end is closed, so libsoup reads an end of file once and stops
 * watching it. */
gboolean
loket_server_keep_alive (SoupServer *soup, GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  int fds[2];
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make a socket pair: %s", g_strerror (saved));
      return FALSE;
    }
  socket = g_socket_new_from_fd (fds[0], error);
  if (socket == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  ok = soup_server_listen_socket (soup, socket, 0, error);
  close (fds[1]);
  return ok;
}

/* The site's own public listener, when it asks for one ([public] listen). */
static gboolean
listen_public (LoketServer *self, GError **error)
{
  if (self->site->public_host == NULL)
    return TRUE;
  /* The threads' cache starts from the store as it is now; the main thread moves it on. */
  g_atomic_pointer_set (&self->web_generation, (gsize) loket_store_web_generation (self->store));
  self->workers = loket_server_workers_start (self, self->site->public_host,
                                              self->site->public_port,
                                              self->site->public_threads, error);
  return self->workers != NULL;
}

gboolean
loket_server_listen (LoketServer *self, const char *address, guint16 port, GError **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (LOKET_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (address, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not an IP address", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);

  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 128);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &self->bound, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  if (!loket_server_keep_alive (self->soup, error))
    {
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
      g_clear_object (&self->bound);
      return FALSE;
    }
  g_signal_connect_object (self->service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (self->service);
  if (!listen_public (self, error))
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
      g_clear_object (&self->bound);
      return FALSE;
    }
  /* Citizens' links lead to the public address when there is one. */
  if (self->site->url == NULL)
    self->site->url = self->workers != NULL ? loket_server_dup_public_url (self)
                                            : loket_server_dup_url (self);
  return TRUE;
}

static char *
url_of (GSocketAddress *address)
{
  GInetSocketAddress *inet;
  g_autofree char *host = NULL;

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  inet = G_INET_SOCKET_ADDRESS (address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  return g_strdup_printf (strchr (host, ':') != NULL ? "http://[%s]:%u" : "http://%s:%u",
                          host, g_inet_socket_address_get_port (inet));
}

char *
loket_server_dup_url (LoketServer *self)
{
  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  return url_of (self->bound);
}

char *
loket_server_dup_public_url (LoketServer *self)
{
  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  return self->workers != NULL ? url_of (loket_server_workers_address (self->workers)) : NULL;
}

static void
loket_server_constructed (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  G_OBJECT_CLASS (loket_server_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->soup = soup_server_new ("server-header", "loket-sync", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, main_handler, self, NULL);

  /* The live path is an entry of its own in libsoup's handler map, so it gets both passes
   * too.  Its messages are a few bytes: a zlib stream per desk would cost more than it saves. */
  self->live = loket_live_new (self->store);
  soup_server_remove_websocket_extension (self->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_early_handler (self->soup, LOKET_LIVE_PATH, early_handler, self, NULL);
  soup_server_add_handler (self->soup, LOKET_LIVE_PATH, main_handler, self, NULL);
  soup_server_add_websocket_handler (self->soup, LOKET_LIVE_PATH, NULL, NULL, on_live_upgraded,
                                     self, NULL);
  loket_server_watch_requests (self->soup, &self->log);
}

static void
loket_server_dispose (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  /* First: their requests in flight still need the store and the main thread. */
  g_clear_pointer (&self->workers, loket_server_workers_stop);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  g_clear_object (&self->bound);
  if (self->live != NULL)
    {
      loket_live_close_all (self->live, LIVE_CLOSE_MS);
      g_clear_object (&self->live);
    }
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_object (&self->store);
  loket_server_log_clear (&self->log);

  G_OBJECT_CLASS (loket_server_parent_class)->dispose (object);
}

static void
loket_server_finalize (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->site, loket_site_free);
  g_clear_pointer (&self->guard, loket_web_guard_free);
  g_clear_pointer (&self->cache, loket_web_cache_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (loket_server_parent_class)->finalize (object);
}

static void
loket_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketServer *self = LOKET_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_server_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  LoketServer *self = LOKET_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_server_class_init (LoketServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = loket_server_constructed;
  object_class->dispose = loket_server_dispose;
  object_class->finalize = loket_server_finalize;
  object_class->get_property = loket_server_get_property;
  object_class->set_property = loket_server_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LOKET_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_server_init (LoketServer *self)
{
  self->site = loket_site_new_default ();
  self->guard = loket_web_guard_new (self->site->requests_per_minute,
                                     self->site->bookings_per_hour);
  self->cache = loket_web_cache_new ();
  /* The main thread's: where the store lives and every handler runs. */
  self->context = g_main_context_ref_thread_default ();
  loket_server_log_init (&self->log, self->context);
  /* Public dates ("today", "from") are the municipality's, whatever zone the host runs in. */
  self->tz = g_time_zone_new_identifier (SERVER_TIME_ZONE);
  if (self->tz == NULL)
    self->tz = g_time_zone_new_local ();
}
