/* test-public-fast.c — the public threads' own HTTP (sync-server/loket-server-fast.c).
 *
 * A real loket-sync with a public listener ([public] listen, threads=2) and its cache on, over
 * raw sockets (the bytes themselves are what is tested): a kept answer from the fast path is
 * the main listener's, byte for byte; ETags, keep-alive, pipelining into libsoup, a request
 * that comes a byte at a time, the requests that are libsoup's, the rate limit, the other
 * routes, and stopping with a connection idle or a long answer being written.  The
 * request-head reader alone, in-process: test-fast-parse.c. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "loket-server-fast.h"
#include "loket-test-server.h"

#define TIMEOUT_S 20

static char            *tmp_dir;
static LoketTestServer *server;        /* the cache on, no rate limits */
static guint16          public_port;   /* server's public listener */
static char            *availability;  /* a kept answer's path and query */

/* ---- raw HTTP ------------------------------------------------------------------------------- */

typedef struct {
  GSocket    *socket;
  GByteArray *in;   /* received and not yet read as an answer */
} Raw;

typedef struct {
  guint      status;
  GPtrArray *headers;   /* "Name: value" */
  GBytes    *body;
} Response;

static void
raw_free (Raw *raw)
{
  g_socket_close (raw->socket, NULL);
  g_object_unref (raw->socket);
  g_byte_array_unref (raw->in);
  g_free (raw);
}

static void
response_free (Response *response)
{
  g_ptr_array_unref (response->headers);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* A blocking connection to 127.0.0.1:port; receive_buffer (not 0) is set before connecting. */
static Raw *
raw_connect_with (guint16 port, int receive_buffer)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;
  Raw *raw = g_new0 (Raw, 1);

  raw->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (raw->socket, TIMEOUT_S);
  if (receive_buffer > 0)
    g_assert_true (g_socket_set_option (raw->socket, SOL_SOCKET, SO_RCVBUF, receive_buffer,
                                        NULL));
  g_assert_true (g_socket_connect (raw->socket, address, NULL, &error));
  g_assert_no_error (error);
  raw->in = g_byte_array_new ();
  return raw;
}

static Raw *
raw_connect (guint16 port)
{
  return raw_connect_with (port, 0);
}

static void
raw_send_bytes (Raw *raw, const char *data, gsize length)
{
  for (gsize sent = 0; sent < length; )
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (raw->socket, data + sent, length - sent, NULL, &error);

      g_assert_no_error (error);
      sent += (gsize) n;
    }
}

static void
raw_send (Raw *raw, const char *text)
{
  raw_send_bytes (raw, text, strlen (text));
}

/* Receives more: FALSE at the end of the stream. */
static gboolean
raw_receive (Raw *raw)
{
  char buffer[16384];
  g_autoptr(GError) error = NULL;
  gssize length = g_socket_receive (raw->socket, buffer, sizeof buffer, NULL, &error);

  /* A reset after the last answer is an end too (the server closed with bytes unread). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    return FALSE;
  g_assert_no_error (error);
  g_byte_array_append (raw->in, (const guint8 *) buffer, (guint) length);
  return length > 0;
}

static const char *
response_header (Response *response, const char *name)
{
  gsize length = strlen (name);

  for (guint i = 0; i < response->headers->len; i++)
    {
      const char *line = response->headers->pdata[i];

      if (g_ascii_strncasecmp (line, name, length) == 0 && line[length] == ':')
        return line + length + 2;
    }
  return NULL;
}

/* The next answer, whole; head_request: an answer to HEAD, whose body is not sent. */
static Response *
raw_read (Raw *raw, gboolean head_request)
{
  Response *response = g_new0 (Response, 1);
  g_auto(GStrv) lines = NULL;
  guint8 *end = NULL;
  gsize head_length, body_length;
  const char *length_text;

  /* (An empty array's data is NULL, which memmem must not get.) */
  while (raw->in->len == 0
         || (end = memmem (raw->in->data, raw->in->len, "\r\n\r\n", 4)) == NULL)
    g_assert_true (raw_receive (raw));
  head_length = (gsize) (end - raw->in->data) + 4;
  {
    g_autofree char *head = g_strndup ((const char *) raw->in->data, head_length - 4);

    lines = g_strsplit (head, "\r\n", -1);
  }
  g_assert_true (g_str_has_prefix (lines[0], "HTTP/1."));
  response->status = (guint) g_ascii_strtoull (lines[0] + strlen ("HTTP/1.1 "), NULL, 10);
  response->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; lines[i] != NULL; i++)
    g_ptr_array_add (response->headers, g_strdup (lines[i]));
  g_assert_null (response_header (response, "Transfer-Encoding"));
  g_byte_array_remove_range (raw->in, 0, (guint) head_length);
  length_text = response_header (response, "Content-Length");
  if (length_text == NULL && !head_request)
    {
      /* Until the end of the stream (an HTTP/1.0 answer). */
      while (raw_receive (raw))
        ;
      body_length = raw->in->len;
    }
  else
    body_length = head_request ? 0 : g_ascii_strtoull (length_text, NULL, 10);
  while (raw->in->len < body_length)
    g_assert_true (raw_receive (raw));
  response->body = g_bytes_new (raw->in->data, body_length);
  g_byte_array_remove_range (raw->in, 0, (guint) body_length);
  return response;
}

/* The server closed the connection, with nothing more said. */
static void
assert_closed (Raw *raw)
{
  while (raw_receive (raw))
    ;
  g_assert_cmpuint (raw->in->len, ==, 0);
}

/* One request on a new connection, and its answer. */
static Response *
exchange (guint16 port, const char *request)
{
  g_autoptr(Raw) raw = raw_connect (port);

  raw_send (raw, request);
  return raw_read (raw, g_str_has_prefix (request, "HEAD "));
}

static char *
get_request (const char *path, const char *extra_headers)
{
  return g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n", path,
                          extra_headers != NULL ? extra_headers : "");
}

static JsonNode *
json_of (Response *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                             (gssize) g_bytes_get_size (response->body),
                                             &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The headers but Date, sorted. */
static char *
headers_but_date (Response *response)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; i < response->headers->len; i++)
    if (!g_str_has_prefix (response->headers->pdata[i], "Date: "))
      g_ptr_array_add (kept, response->headers->pdata[i]);
  g_ptr_array_sort (kept, compare_lines);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

static void
assert_kept_answer (Response *response, Response *expected)
{
  g_autofree char *headers = headers_but_date (response);
  g_autofree char *expected_headers = headers_but_date (expected);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (headers, ==, expected_headers);
  g_assert_true (g_bytes_equal (response->body, expected->body));
  g_assert_nonnull (response_header (response, "Date"));
}

/* ---- a real server -------------------------------------------------------------------------- */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The demo with a public listener on port and public_group in its [public] group. */
static LoketTestServer *
start_server (const char *name, const char *public_group, guint16 port)
{
  g_autofree char *config = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *db_path = g_strconcat (config, ".db", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\n[public]\n%slisten=127.0.0.1:%u\n"
                                           "threads=2\n[mail]\nsendmail=/bin/true\n",
                                           public_group, port);
  g_autoptr(GError) error = NULL;
  LoketTestServer *started;

  g_assert_true (g_file_set_contents (config, text, -1, &error));
  started = loket_test_server_start_with_config (db_path, TRUE, 0, config, &error);
  g_assert_no_error (error);
  return started;
}

/* The id of the element of list named name, asked with extra_headers (nullable). */
static char *
id_named (guint16 port, const char *path, const char *extra_headers, const char *list,
          const char *name)
{
  g_autofree char *request = get_request (path, extra_headers);
  g_autoptr(Response) response = exchange (port, request);
  g_autoptr(JsonNode) root = json_of (response);
  JsonArray *array = json_object_get_array_member (json_node_get_object (root), list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (element, "name"), name))
        return g_strdup (json_object_get_string_member (element, "id"));
    }
  g_error ("no %s in %s", name, path);
}

/* The availability of the Paspoort at the Stadhuis of a server's demo (its ids are its own),
 * for two weeks: a kept answer's path and query. */
static char *
availability_of (LoketTestServer *of, const char *extra_headers)
{
  g_autofree char *product = id_named (of->port, "/v1/public/products", extra_headers,
                                       "products", "Paspoort");
  g_autofree char *locations = g_strdup_printf ("/v1/public/locations?product=%s", product);
  g_autofree char *location = id_named (of->port, locations, extra_headers, "locations",
                                        "Stadhuis");

  return g_strdup_printf ("/v1/public/availability?product=%s&location=%s&days=14", product,
                          location);
}

/* The main listener's answer to a GET of path, which (the cache on) keeps it as well. */
static Response *
main_answer (const char *path, const char *extra_headers)
{
  g_autofree char *request = get_request (path, extra_headers);

  return exchange (server->port, request);
}

static void
test_same_answer (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *request = get_request (availability, NULL);

  g_assert_cmpuint (expected->status, ==, 200);
  /* The same connection twice: kept alive. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Response) response = NULL;

      raw_send (raw, request);
      response = raw_read (raw, FALSE);
      assert_kept_answer (response, expected);
    }
}

static void
test_etag (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  const char *etag = response_header (expected, "ETag");
  g_autofree char *weak = g_strdup_printf ("If-None-Match: \"other\", W/%s\r\n", etag);
  g_autofree char *named = g_strdup_printf ("If-None-Match: %s\r\n", etag);
  const char *const matching[] = { named, weak, "If-None-Match: *\r\n" };
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *other = get_request (availability, "If-None-Match: \"other\"\r\n");
  g_autoptr(Response) full = NULL;

  g_assert_nonnull (etag);
  for (guint i = 0; i < G_N_ELEMENTS (matching); i++)
    {
      g_autofree char *request = get_request (availability, matching[i]);
      g_autoptr(Response) response = NULL;

      raw_send (raw, request);
      response = raw_read (raw, FALSE);
      g_assert_cmpuint (response->status, ==, 304);
      g_assert_cmpstr (response_header (response, "ETag"), ==, etag);
      g_assert_cmpstr (response_header (response, "Content-Length"), ==, "0");
      g_assert_cmpstr (response_header (response, "Cache-Control"), ==, "public, max-age=30");
      g_assert_null (response_header (response, "Content-Type"));
    }
  /* No body came with them: the next answer starts where they end. */
  raw_send (raw, other);
  full = raw_read (raw, FALSE);
  assert_kept_answer (full, expected);
}

/* Two GETs and a POST in one write: the fast path answers the GETs, libsoup the POST (and what
 * follows), in order, each once. */
static void
test_pipelined (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *get = get_request (availability, NULL);
  g_autofree char *last = get_request (availability, "Connection: close\r\n");
  const char *post = "POST /v1/public/holds HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: 1\r\n\r\n{";
  g_autofree char *all = g_strconcat (get, get, post, NULL);
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(JsonNode) error = NULL;

  raw_send (raw, all);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Response) response = raw_read (raw, FALSE);

      assert_kept_answer (response, expected);
    }
  refused = raw_read (raw, FALSE);
  g_assert_cmpuint (refused->status, ==, 400);
  error = json_of (refused);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (error), "error"), ==,
                   "bad_request");
  /* The connection is libsoup's now, and still in step. */
  raw_send (raw, last);
  after = raw_read (raw, FALSE);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_true (g_bytes_equal (after->body, expected->body));
  assert_closed (raw);
}

/* A head that comes in pieces is answered once it is whole. */
static void
test_byte_by_byte (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *request = get_request (availability, NULL);
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) second = NULL;
  gsize half = strlen (request) / 2;

  for (gsize i = 0; i < strlen (request); i++)
    {
      raw_send_bytes (raw, request + i, 1);
      /* Time for the server to look at what it has so far. */
      g_usleep (2000);
    }
  response = raw_read (raw, FALSE);
  assert_kept_answer (response, expected);
  /* In two halves on the same connection. */
  raw_send_bytes (raw, request, half);
  g_usleep (50000);
  raw_send (raw, request + half);
  second = raw_read (raw, FALSE);
  assert_kept_answer (second, expected);
}

/* A client that stops halfway through a head and closes its side: the server does not wait
 * for the rest (libsoup takes the half, and ends the connection). */
static void
test_half_head (void)
{
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *request = get_request (availability, NULL);

  raw_send_bytes (raw, request, strlen (request) / 2);
  g_usleep (50000);
  g_assert_true (g_socket_shutdown (raw->socket, FALSE, TRUE, NULL));
  while (raw_receive (raw))
    ;
}

/* Requests that are libsoup's get the answer they get on the main listener. */
static void
test_libsoups (void)
{
  g_autofree char *padding = g_strnfill (LOKET_SERVER_FAST_MAX_HEAD + 100, 'p');
  g_autofree char *pad_header = g_strdup_printf ("X-Pad: %s\r\n", padding);
  g_autofree char *long_query = g_strnfill (LOKET_SERVER_MAX_QUERY_BYTES, 'q');
  g_autofree char *over_limit = g_strdup_printf ("%s&x=%s", availability, long_query);
  g_autofree char *encoded = g_strdup_printf ("/v1/public/%%61vailability%s",
                                              strchr (availability, '?'));
  g_autofree char *chunked = get_request (availability, "Transfer-Encoding: chunked\r\n");
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  /* What the main listener answers each (a HEAD of a GET route: 405). */
  const guint statuses[] = { 200, 200, 405, 200, 414, 400, 200 };

  g_ptr_array_add (requests, get_request (availability, pad_header));
  g_ptr_array_add (requests, g_strdup_printf ("GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
                                              availability));
  g_ptr_array_add (requests, g_strdup_printf ("HEAD %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                              availability));
  g_ptr_array_add (requests, get_request (encoded, NULL));
  g_ptr_array_add (requests, get_request (over_limit, NULL));
  g_ptr_array_add (requests, g_strdup ("HELLO\r\n\r\n"));
  g_ptr_array_add (requests, g_strconcat (chunked, "0\r\n\r\n", NULL));
  g_assert_cmpuint (requests->len, ==, G_N_ELEMENTS (statuses));
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr(Response) on_main = exchange (server->port, requests->pdata[i]);
      g_autoptr(Response) on_public = exchange (public_port, requests->pdata[i]);

      g_test_message ("%.30s...: %u", (const char *) requests->pdata[i], on_public->status);
      g_assert_cmpuint (on_main->status, ==, statuses[i]);
      g_assert_cmpuint (on_public->status, ==, on_main->status);
      g_assert_true (g_bytes_equal (on_public->body, on_main->body));
    }
}

/* Connection: close is said back, and done. */
static void
test_connection_close (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  g_autoptr(Raw) raw = raw_connect (public_port);
  g_autofree char *request = get_request (availability, "Connection: close\r\n");
  g_autoptr(Response) response = NULL;

  raw_send (raw, request);
  response = raw_read (raw, FALSE);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (g_bytes_equal (response->body, expected->body));
  /* libsoup does not say it: this answer is the fast path's. */
  g_assert_cmpstr (response_header (response, "Connection"), ==, "close");
  assert_closed (raw);
}

/* Connection: close with more requests behind it, and an answer larger than the client's
 * window: the answer arrives whole, then the end of the stream (closing with the requests
 * unread would reset the connection and drop the rest of the answer). */
static void
test_close_pipelined (void)
{
  g_autofree char *path = g_strdup (availability);
  g_autoptr(Response) expected = NULL;
  g_autoptr(Raw) raw = raw_connect_with (public_port, 1024);
  g_autofree char *closing = NULL;
  g_autofree char *more = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(Response) response = NULL;

  /* Two months: some 16 KB. */
  memcpy (strstr (path, "days=14"), "days=60", strlen ("days=60"));
  expected = main_answer (path, NULL);
  g_assert_cmpuint (g_bytes_get_size (expected->body), >, 12 * 1024);
  closing = get_request (path, "Connection: close\r\n");
  more = get_request (path, NULL);
  g_string_append (all, closing);
  for (guint i = 0; i < 20; i++)
    g_string_append (all, more);
  raw_send_bytes (raw, all->str, all->len);
  response = raw_read (raw, FALSE);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (response_header (response, "Connection"), ==, "close");
  g_assert_true (g_bytes_equal (response->body, expected->body));
  assert_closed (raw);
}

/* Many answers asked for at once by a client that reads slowly: the server writes what the
 * socket takes, and the rest when it can, whole and in order. */
static void
test_many_at_once (void)
{
  g_autoptr(Response) expected = main_answer (availability, NULL);
  g_autoptr(Raw) raw = raw_connect_with (public_port, 4096);
  g_autofree char *request = get_request (availability, NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  const guint n = 200;

  for (guint i = 0; i < n; i++)
    g_string_append (all, request);
  raw_send_bytes (raw, all->str, all->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(Response) response = raw_read (raw, FALSE);

      assert_kept_answer (response, expected);
    }
}

/* The fast path takes from the client's bucket as libsoup does, once a request: three a
 * minute, the fourth is refused by libsoup with Retry-After; a client behind the trusted proxy
 * has a bucket of its own. */
static void
test_rate_limit (void)
{
  guint16 port = free_port ();
  g_autoptr(LoketTestServer) limited =
    start_server ("limited.conf", "requests-per-minute=3\nbookings-per-hour=0\n"
                  "cache-seconds=3600\ntrusted-proxies=127.0.0.1\n", port);
  /* Asked for by another client (behind the trusted proxy), not counted for this one. */
  g_autofree char *path = availability_of (limited, "X-Forwarded-For: 192.0.2.1\r\n");
  g_autofree char *request = get_request (path, NULL);
  g_autofree char *proxied = get_request (path, "X-Forwarded-For: 198.51.100.9\r\n");
  g_autoptr(Response) first = exchange (limited->port, request);
  g_autoptr(Raw) raw = raw_connect (port);
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(JsonNode) error = NULL;
  guint64 retry = 0;

  /* The first on the main listener (which keeps the answer), two more here. */
  g_assert_cmpuint (first->status, ==, 200);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Response) response = NULL;

      raw_send (raw, request);
      response = raw_read (raw, FALSE);
      assert_kept_answer (response, first);
    }
  raw_send (raw, request);
  refused = raw_read (raw, FALSE);
  g_assert_cmpuint (refused->status, ==, 429);
  error = json_of (refused);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (error), "error"), ==,
                   "rate_limited");
  g_assert_true (g_ascii_string_to_unsigned (response_header (refused, "Retry-After"), 10, 1, 60,
                                             &retry, NULL));
  other = exchange (port, proxied);
  assert_kept_answer (other, first);
}

/* The pages and the routes that are not public answer on the public listener as before. */
static void
test_other_routes (void)
{
  g_autoptr(Response) page = exchange (public_port, "GET /afspraak HTTP/1.1\r\n"
                                                    "Host: 127.0.0.1\r\n\r\n");
  g_autoptr(Response) desk = exchange (public_port, "GET /v1/sync/pull?since=0 HTTP/1.1\r\n"
                                                    "Host: 127.0.0.1\r\n\r\n");
  g_autoptr(Response) post_only = exchange (public_port, "GET /v1/public/holds HTTP/1.1\r\n"
                                                         "Host: 127.0.0.1\r\n\r\n");
  g_autoptr(JsonNode) not_found = NULL;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_str_has_prefix (response_header (page, "Content-Type"), "text/html"));
  g_assert_cmpuint (desk->status, ==, 404);
  not_found = json_of (desk);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (not_found), "error"), ==,
                   "not_found");
  g_assert_cmpuint (post_only->status, ==, 405);
}

/* After SIGTERM: the server exits 0 (under ASan: without a leak). */
static void
assert_exits_cleanly (LoketTestServer *stopping)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (stopping->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (stopping->process));
  g_assert_cmpint (g_subprocess_get_exit_status (stopping->process), ==, 0);
  /* A second SIGTERM, as free sends, would cut the stop short. */
  g_clear_object (&stopping->process);
  loket_test_server_free (stopping);
}

/* A connection the fast path keeps open between requests is closed at once when the server
 * stops, not when the threads' time to finish (1 s) is up. */
static void
test_stop_idle (void)
{
  guint16 port = free_port ();
  LoketTestServer *stopping = start_server ("stop-idle.conf", "requests-per-minute=0\n"
                                            "cache-seconds=3600\n", port);
  g_autoptr(Response) expected = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(Raw) raw = raw_connect (port);
  g_autofree char *path = availability_of (stopping, NULL);
  g_autofree char *request = get_request (path, NULL);
  gint64 signalled;

  expected = exchange (stopping->port, request);
  raw_send (raw, request);
  response = raw_read (raw, FALSE);
  assert_kept_answer (response, expected);
  g_assert_null (response_header (response, "Connection"));
  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (stopping->process, SIGTERM);
  assert_closed (raw);
  g_test_message ("closed %.1f ms after SIGTERM",
                  (double) (g_get_monotonic_time () - signalled) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - signalled, <, 900 * 1000);
  assert_exits_cleanly (stopping);
}

/* Stopping while answers are being written to a client that reads slowly: each answer it gets
 * is whole; the last says Connection: close when requests were left; then the connection ends
 * and the server exits 0. */
static void
test_stop_writing (void)
{
  guint16 port = free_port ();
  LoketTestServer *stopping = start_server ("stop-writing.conf", "requests-per-minute=0\n"
                                            "cache-seconds=3600\n", port);
  g_autoptr(Raw) raw = raw_connect_with (port, 4096);
  g_autofree char *path = availability_of (stopping, NULL);
  g_autofree char *request = get_request (path, NULL);
  g_autoptr(Response) expected = exchange (stopping->port, request);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(Response) last = NULL;
  const guint n = 50;
  guint answered = 0;

  for (guint i = 0; i < n; i++)
    g_string_append (all, request);
  raw_send_bytes (raw, all->str, all->len);
  /* One is out: the server is at it. */
  last = raw_read (raw, FALSE);
  answered++;
  g_subprocess_send_signal (stopping->process, SIGTERM);
  for (;;)
    {
      g_assert_cmpuint (last->status, ==, 200);
      g_assert_true (g_bytes_equal (last->body, expected->body));
      if (g_strcmp0 (response_header (last, "Connection"), "close") == 0)
        break;
      /* Everything was answered before the stop got there: the end follows. */
      while (raw->in->len == 0 && raw_receive (raw))
        ;
      if (raw->in->len == 0)
        break;
      g_clear_pointer (&last, response_free);
      last = raw_read (raw, FALSE);
      answered++;
    }
  g_test_message ("%u of %u answered", answered, n);
  assert_closed (raw);
  /* The server waits for the client to close as well (a lingering close). */
  g_clear_pointer (&raw, raw_free);
  assert_exits_cleanly (stopping);
}

/* ---- main ----------------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-public-fast-XXXXXX", &error);
  g_assert_no_error (error);
  public_port = free_port ();
  /* An hour's cache: the answers stay kept for the whole run. */
  server = start_server ("open.conf", "requests-per-minute=0\nbookings-per-hour=0\n"
                         "cache-seconds=3600\n", public_port);
  availability = availability_of (server, NULL);

  g_test_add_func ("/public-fast/same-answer", test_same_answer);
  g_test_add_func ("/public-fast/etag", test_etag);
  g_test_add_func ("/public-fast/pipelined", test_pipelined);
  g_test_add_func ("/public-fast/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/public-fast/half-head", test_half_head);
  g_test_add_func ("/public-fast/libsoups", test_libsoups);
  g_test_add_func ("/public-fast/connection-close", test_connection_close);
  g_test_add_func ("/public-fast/close-pipelined", test_close_pipelined);
  g_test_add_func ("/public-fast/many-at-once", test_many_at_once);
  g_test_add_func ("/public-fast/rate-limit", test_rate_limit);
  g_test_add_func ("/public-fast/other-routes", test_other_routes);
  g_test_add_func ("/public-fast/stop-idle", test_stop_idle);
  g_test_add_func ("/public-fast/stop-writing", test_stop_writing);
  status = g_test_run ();

  loket_test_server_free (server);
  g_free (availability);
  loket_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
