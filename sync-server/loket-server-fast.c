/* loket-server-fast.c — the public threads' own HTTP for the GETs they answer themselves
 * (loket-server-fast.h).
 *
 * A connection is watched by a source of its own in its thread's context.  When it is readable
 * its bytes are peeked (MSG_PEEK) and read as a request head (loket-server-fast-parse.c):
 *  - no whole head yet: wait for more.  The bytes stay in the socket, which would keep it
 *    readable, so SO_RCVLOWAT is raised above them: poll wakes again when a byte more has come
 *    (or the client closed; then the same bytes are all there is, and libsoup takes them);
 *  - a head of ours whose answer is at hand (the cache, or made on the thread): exactly the
 *    head's bytes are taken from the socket and the answer is written, headers and body in one
 *    sendmsg.  What the socket cannot take now is written when it is writable again; nothing
 *    more is read until it is out.  Then the next request on the connection, pipelined ones
 *    included;
 *  - anything else: the connection goes to libsoup with that request still unread, for good.
 *
 * A connection with nothing going on for IDLE_SECONDS is closed.  After an answer that says
 * Connection: close the connection lingers: closed for writing (the client reads the answer to
 * its end, then the end of the stream), its input read and dropped until the client closes too.
 * Closing a socket with input unread (more pipelined requests) would reset the connection and
 * throw away what the client has not received yet.  Stopping (loket_server_fast_drain): idle
 * connections close at once; the others answer what they are answering with Connection: close
 * and close. */
#include "config.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "loket-server-fast.h"

#define IDLE_SECONDS      60
#define LINGER_SECONDS    2    /* at least, for a client to close after Connection: close */
#define SWEEP_SECONDS     10   /* how often idle connections are looked for */
#define AT_ONCE           16   /* answers (or reads of dropped input) before others get a turn */
#define MAX_ANSWER_HEAD   512
/* As loket-server.c's set_public_cache says them. */
#define JSON_CONTENT_TYPE "application/json; charset=utf-8"
#define PUBLIC_CACHE      "public, max-age=30"

typedef struct _Connection Connection;

struct _LoketServerFast
{
  LoketServer          *server;
  GMainContext         *context;
  SoupServer           *soup;
  LoketServerLog       *log;
  LoketStore           *reader;
  LoketServerFastNotify closed;
  gpointer              user_data;
  GQueue                connections;   /* of Connection, linked by their own link */
  GSource              *sweep;
  gboolean              draining;
  gboolean              freeing;
  gint64                date_second;   /* what date says, in Unix seconds */
  char                  date[64];      /* RFC 1123, as libsoup's Date */
  char                  head[LOKET_SERVER_FAST_MAX_HEAD];    /* a peeked head */
  char                  taken[LOKET_SERVER_FAST_MAX_HEAD];   /* a head taken from a socket */
  char                  key[LOKET_SERVER_FAST_MAX_HEAD + 2]; /* a cache key */
};

typedef struct {
  GSource     source;
  Connection *connection;
} ConnectionSource;

struct _Connection
{
  LoketServerFast   *owner;
  GSocketConnection *stream;
  int                fd;
  GSource           *source;      /* a ConnectionSource */
  gpointer           fd_tag;
  GList              link;
  char              *peer;        /* the client's address, once the guard asked */
  gint64             last_seen;   /* monotonic µs of the last bytes in or out */
  gsize              waiting;     /* bytes of a head that is not whole yet */
  gboolean           close_after; /* when the answer is out */
  gboolean           lingering;   /* closed for writing, dropping input until the client closes */
  /* The answer being written, when head_length > 0. */
  char               answer[MAX_ANSWER_HEAD];
  gsize              head_length;
  GBytes            *body;        /* nullable */
  gsize              written;     /* of the head and the body */
};

/* ---- a connection ends -------------------------------------------------------------------- */

/* Unlinks connection and frees it; its stream is closed unless it was handed on. */
static void
connection_free (Connection *connection, gboolean close)
{
  LoketServerFast *owner = connection->owner;

  g_source_destroy (connection->source);
  g_source_unref (connection->source);
  g_queue_unlink (&owner->connections, &connection->link);
  if (close)
    g_io_stream_close (G_IO_STREAM (connection->stream), NULL, NULL);
  g_object_unref (connection->stream);
  g_clear_pointer (&connection->body, g_bytes_unref);
  g_free (connection->peer);
  g_free (connection);
  if (!owner->freeing)
    owner->closed (owner->user_data);
}

static void
connection_close (Connection *connection)
{
  connection_free (connection, TRUE);
}

/* To libsoup, with the request at hand still unread: from now on the connection is its. */
static void
hand_over (Connection *connection)
{
  g_autoptr(GSocketConnection) stream = g_object_ref (connection->stream);
  int one = 1;

  if (connection->waiting > 0)
    setsockopt (connection->fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
  /* First: libsoup counts the request as started (the worker's active) before this one goes. */
  loket_server_accept (connection->owner->soup, stream);
  connection_free (connection, FALSE);
}

/* ---- writing an answer ---------------------------------------------------------------------- */

static gsize
answer_length (Connection *connection)
{
  return connection->head_length
         + (connection->body != NULL ? g_bytes_get_size (connection->body) : 0);
}

/* Writes what the socket takes of the answer: FALSE when the client is gone. */
static gboolean
write_answer (Connection *connection)
{
  while (connection->written < answer_length (connection))
    {
      struct iovec parts[2];
      struct msghdr message = { .msg_iov = parts };
      gsize body_done = connection->written > connection->head_length
                        ? connection->written - connection->head_length : 0;
      gssize sent;

      if (connection->written < connection->head_length)
        parts[message.msg_iovlen++] = (struct iovec) {
          connection->answer + connection->written, connection->head_length - connection->written
        };
      if (connection->body != NULL && g_bytes_get_size (connection->body) > body_done)
        parts[message.msg_iovlen++] = (struct iovec) {
          (char *) g_bytes_get_data (connection->body, NULL) + body_done,
          g_bytes_get_size (connection->body) - body_done
        };
      sent = sendmsg (connection->fd, &message, MSG_NOSIGNAL);
      if (sent < 0 && errno == EINTR)
        continue;
      if (sent < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK;
      connection->written += (gsize) sent;
      connection->last_seen = g_get_monotonic_time ();
    }
  connection->head_length = 0;
  connection->written = 0;
  g_clear_pointer (&connection->body, g_bytes_unref);
  return TRUE;
}

static gboolean
answer_pending (Connection *connection)
{
  return connection->head_length > 0;
}

/* Reads and drops what the client sends until it closes (a client that keeps sending is
 * closed by the sweep: this is no progress). */
static void
drop_input (Connection *connection)
{
  LoketServerFast *owner = connection->owner;
  gssize length = 0;

  for (guint i = 0; i < AT_ONCE; i++)
    if ((length = recv (connection->fd, owner->taken, sizeof owner->taken, 0)) <= 0)
      break;
  if (length > 0 || (length < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)))
    return;
  connection_close (connection);
}

/* The last answer is out: the end of the stream follows it, and the connection closes when
 * the client has closed its side. */
static void
linger (Connection *connection)
{
  shutdown (connection->fd, SHUT_WR);
  connection->lingering = TRUE;
  connection->last_seen = g_get_monotonic_time ();
  g_source_modify_unix_fd (connection->source, connection->fd_tag, G_IO_IN);
  drop_input (connection);
}

/* ---- making an answer ----------------------------------------------------------------------- */

/* Now as libsoup says it in Date, made again at most once a second. */
static const char *
date_now (LoketServerFast *self)
{
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;

  if (second != self->date_second)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = soup_date_time_to_string (now, SOUP_DATE_HTTP);

      g_strlcpy (self->date, text, sizeof self->date);
      self->date_second = second;
    }
  return self->date;
}

/* The answer's head as libsoup writes a kept answer (loket_server_serve_cached), in the same
 * order: 304 when the client has it already.  FALSE when it does not fit. */
static gboolean
compose (Connection *connection, const LoketServerFastRequest *request, const char *etag,
         const char *content_type, gsize body_length, gboolean *not_modified)
{
  gboolean close = request->close || connection->owner->draining;
  gboolean json = g_strcmp0 (content_type, JSON_CONTENT_TYPE) == 0;
  int length;

  *not_modified = loket_web_cache_etag_matches (request->if_none_match, etag);
  length = g_snprintf (connection->answer, sizeof connection->answer,
                       "HTTP/1.1 %s\r\n"
                       "Server: loket-sync\r\n"
                       "Date: %s\r\n"
                       "%s"
                       "ETag: %s\r\n"
                       "%s%s%s"
                       "%s"
                       "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                       "\r\n",
                       *not_modified ? "304 Not Modified" : "200 OK",
                       date_now (connection->owner),
                       close ? "Connection: close\r\n" : "",
                       etag,
                       *not_modified ? "" : "Content-Type: ", *not_modified ? "" : content_type,
                       *not_modified ? "" : "\r\n",
                       *not_modified || json ? "Cache-Control: " PUBLIC_CACHE "\r\n" : "",
                       *not_modified ? (gsize) 0 : body_length);
  if (length < 0 || (gsize) length >= sizeof connection->answer)
    return FALSE;
  connection->head_length = (gsize) length;
  connection->close_after = close;
  return TRUE;
}

/* The client's address, for the guard. */
static const char *
connection_peer (Connection *connection)
{
  if (connection->peer == NULL)
    {
      g_autoptr(GSocketAddress) remote =
        g_socket_connection_get_remote_address (connection->stream, NULL);

      if (remote != NULL && G_IS_INET_SOCKET_ADDRESS (remote))
        connection->peer = g_inet_address_to_string (
          g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
    }
  return connection->peer;
}

/* The client as the guard counts it, or NULL when there are no limits (then *refused says
 * whether its address could not be read: then libsoup answers). */
static char *
guard_client (Connection *connection, const LoketServerFastRequest *request, gboolean *refused)
{
  LoketServer *server = connection->owner->server;
  const char *peer;

  *refused = FALSE;
  if (server->site->requests_per_minute == 0 && server->site->bookings_per_hour == 0)
    return NULL;
  if ((peer = connection_peer (connection)) == NULL)
    {
      *refused = TRUE;
      return NULL;
    }
  return loket_web_guard_client (peer, request->forwarded_for,
                                 (const char *const *) server->site->trusted_proxies);
}

/* A token from the client's bucket, as loket-server.c's guard_allows takes it.  FALSE takes
 * none, and libsoup then answers 429 with Retry-After.  client: from guard_client. */
static gboolean
guard_allows (Connection *connection, const char *client, gboolean refused)
{
  guint retry = 0;

  if (refused)
    return FALSE;
  return client == NULL
         || loket_web_guard_allow (connection->owner->server->guard, client,
                                   LOKET_WEB_GUARD_REQUESTS, g_get_monotonic_time (), &retry);
}

/* The kept answer, as loket_server_serve_cached finds it. */
static GBytes *
look_up (LoketServerFast *self, const LoketServerFastRequest *request, const char **etag,
         const char **content_type)
{
  LoketServer *server = self->server;
  guint64 generation;

  if (server->site->cache_seconds == 0)
    return NULL;
  /* The cache's key: the path and the query as sent (loket-server.c's cache_key). */
  if ((gsize) g_snprintf (self->key, sizeof self->key, "%s?%s", request->path,
                          request->query != NULL ? request->query : "") >= sizeof self->key)
    return NULL;
  generation = (guint64) g_atomic_pointer_get (&server->web_generation);
  return loket_web_cache_lookup (server->cache, self->key, generation, g_get_monotonic_time (),
                                 (gint64) server->site->cache_seconds * G_USEC_PER_SEC,
                                 etag, content_type);
}

/* Makes the answer to request, guard first, and sets it to be written: FALSE (nothing done)
 * when libsoup must answer. */
static gboolean
prepare_answer (Connection *connection, const LoketServerFastRequest *request,
                gboolean *not_modified)
{
  LoketServerFast *owner = connection->owner;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *made_etag = NULL;
  g_autofree char *client = NULL;
  const char *etag = NULL, *content_type = NULL;
  gboolean refused;

  client = guard_client (connection, request, &refused);
  body = look_up (owner, request, &etag, &content_type);
  if (body != NULL)
    {
      if (!compose (connection, request, etag, content_type, g_bytes_get_size (body),
                    not_modified) || !guard_allows (connection, client, refused))
        return FALSE;
    }
  else
    {
      /* Without a reader there is nothing to make it with: libsoup's, with the guard
       * untouched.  With one, the token is taken before the work (a client over its limit
       * makes the thread compute nothing), and given back when libsoup answers after all
       * (it takes one itself). */
      if (owner->reader == NULL || !guard_allows (connection, client, refused))
        return FALSE;
      body = loket_server_answer_on_thread (owner->server, owner->reader, request->route,
                                            request->path, request->query, &made_etag,
                                            &content_type);
      if (body == NULL || !compose (connection, request, made_etag, content_type,
                                    g_bytes_get_size (body), not_modified))
        {
          if (client != NULL)
            loket_web_guard_give_back (owner->server->guard, client, LOKET_WEB_GUARD_REQUESTS);
          return FALSE;
        }
    }
  if (!*not_modified)
    connection->body = g_steal_pointer (&body);
  return TRUE;
}

/* ---- reading requests --------------------------------------------------------------------- */

static void
watch (Connection *connection, GIOCondition condition)
{
  g_source_modify_unix_fd (connection->source, connection->fd_tag, condition);
}

/* Poll wakes when more than the head's length bytes are there, or the client closed. */
static void
wait_for_more (Connection *connection, gsize length)
{
  int above = (int) length + 1;

  connection->waiting = length;
  setsockopt (connection->fd, SOL_SOCKET, SO_RCVLOWAT, &above, sizeof above);
}

static void
stop_waiting (Connection *connection)
{
  int one = 1;

  connection->waiting = 0;
  setsockopt (connection->fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
}

typedef enum {
  SERVED,     /* answered (perhaps still writing) and ready for more */
  WAITING,    /* for more bytes or for the socket to be writable */
  GONE,       /* closed or handed over */
} Outcome;

/* The request at the start of what the socket holds. */
static Outcome
serve_one (Connection *connection, gboolean *more)
{
  LoketServerFast *owner = connection->owner;
  LoketServerFastRequest request;
  gint64 started = g_get_monotonic_time ();
  gboolean not_modified = FALSE;
  gssize length = recv (connection->fd, owner->head, sizeof owner->head, MSG_PEEK);

  if (length < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return WAITING;
  if (length <= 0)
    {
      connection_close (connection);
      return GONE;
    }
  /* Woken with no more bytes than before: the client closed (or failed) halfway. */
  if (connection->waiting > 0 && (gsize) length == connection->waiting)
    {
      hand_over (connection);
      return GONE;
    }
  connection->last_seen = started;
  switch (loket_server_fast_parse (owner->head, (gsize) length, &request))
    {
    case LOKET_SERVER_FAST_MORE:
      wait_for_more (connection, (gsize) length);
      return WAITING;
    case LOKET_SERVER_FAST_OURS:
      if (connection->waiting > 0)
        stop_waiting (connection);
      if (prepare_answer (connection, &request, &not_modified))
        break;
      G_GNUC_FALLTHROUGH;
    case LOKET_SERVER_FAST_THEIRS:
    default:
      hand_over (connection);
      return GONE;
    }
  /* Only now is the head taken: it was there to be peeked, and nobody else reads here. */
  if (recv (connection->fd, owner->taken, request.head_length, 0) != (gssize) request.head_length
      || !write_answer (connection))
    {
      loket_server_log_line (owner->log, "GET", request.path, "aborted", started);
      connection_close (connection);
      return GONE;
    }
  loket_server_log_line (owner->log, "GET", request.path, not_modified ? "304" : "200",
                         started);
  *more = (gsize) length > request.head_length;
  return SERVED;
}

/* Answers what the connection has sent, until it has to wait. */
static void
serve (Connection *connection)
{
  for (guint i = 0; i < AT_ONCE; i++)
    {
      gboolean more = FALSE;

      if (serve_one (connection, &more) != SERVED)
        return;
      if (answer_pending (connection))
        {
          watch (connection, G_IO_OUT);
          return;
        }
      if (connection->close_after)
        {
          linger (connection);
          return;
        }
      /* Nothing else had come when it was peeked: poll says when something does. */
      if (!more)
        return;
    }
}

static gboolean
connection_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  Connection *connection = ((ConnectionSource *) source)->connection;

  if (connection->lingering)
    drop_input (connection);
  else if (answer_pending (connection))
    {
      if (!write_answer (connection))
        connection_close (connection);
      else if (!answer_pending (connection) && connection->close_after)
        linger (connection);
      else if (!answer_pending (connection))
        {
          watch (connection, G_IO_IN);
          serve (connection);
        }
    }
  else
    serve (connection);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs connection_source_funcs = {
  .dispatch = connection_dispatch,
};

/* ---- the fast path of a thread ---------------------------------------------------------- */

/* Closes the connections that have had nothing going on for IDLE_SECONDS, and those whose
 * clients have not closed LINGER_SECONDS after their last answer. */
static gboolean
sweep (gpointer data)
{
  LoketServerFast *self = data;
  gint64 now = g_get_monotonic_time ();
  GList *next;

  for (GList *link = self->connections.head; link != NULL; link = next)
    {
      Connection *connection = link->data;
      gint64 allowed = connection->lingering ? LINGER_SECONDS : IDLE_SECONDS;

      next = link->next;
      if (now - connection->last_seen > allowed * G_USEC_PER_SEC)
        connection_close (connection);
    }
  return G_SOURCE_CONTINUE;
}

LoketServerFast *
loket_server_fast_new (LoketServer *server, GMainContext *context, SoupServer *soup,
                       LoketServerLog *log, LoketStore *reader, LoketServerFastNotify closed,
                       gpointer user_data)
{
  LoketServerFast *self = g_new0 (LoketServerFast, 1);

  self->server = server;
  self->context = context;
  self->soup = soup;
  self->log = log;
  self->reader = reader;
  self->closed = closed;
  self->user_data = user_data;
  g_queue_init (&self->connections);
  self->sweep = g_timeout_source_new_seconds (SWEEP_SECONDS);
  g_source_set_callback (self->sweep, sweep, self, NULL);
  g_source_attach (self->sweep, context);
  return self;
}

void
loket_server_fast_free (LoketServerFast *self)
{
  if (self == NULL)
    return;
  self->freeing = TRUE;
  while (self->connections.head != NULL)
    connection_close (self->connections.head->data);
  g_source_destroy (self->sweep);
  g_source_unref (self->sweep);
  g_free (self);
}

void
loket_server_fast_accept (LoketServerFast *self, GSocketConnection *stream)
{
  GSocket *socket = g_socket_connection_get_socket (stream);
  Connection *connection = g_new0 (Connection, 1);

  /* The answers go out in one write each, but libsoup's that follow a hand-over do not (see
   * loket_server_accept). */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  connection->owner = self;
  connection->stream = g_object_ref (stream);
  connection->fd = g_socket_get_fd (socket);
  connection->last_seen = g_get_monotonic_time ();
  connection->link.data = connection;
  g_queue_push_tail_link (&self->connections, &connection->link);
  connection->source = g_source_new (&connection_source_funcs, sizeof (ConnectionSource));
  ((ConnectionSource *) connection->source)->connection = connection;
  connection->fd_tag = g_source_add_unix_fd (connection->source, connection->fd, G_IO_IN);
  g_source_attach (connection->source, self->context);
}

/* Whether a connection has nothing going on: no answer being written, no part of a request
 * waiting, and no byte of one in its socket (or the client is gone). */
static gboolean
is_idle (Connection *connection)
{
  char byte;

  return !answer_pending (connection) && connection->waiting == 0 && !connection->lingering
         && recv (connection->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

void
loket_server_fast_drain (LoketServerFast *self)
{
  GList *next;

  self->draining = TRUE;
  for (GList *link = self->connections.head; link != NULL; link = next)
    {
      next = link->next;
      if (is_idle (link->data))
        connection_close (link->data);
    }
}

guint
loket_server_fast_n_open (LoketServerFast *self)
{
  return self->connections.length;
}
