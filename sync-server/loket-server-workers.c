/* loket-server-workers.c — the public listener: the public pages and API on an address of
 * their own ([public] listen and threads, loket-site.h), served by threads.
 *
 * Each thread has its own GMainContext, SoupServer and listening socket, all bound to the same
 * address with SO_REUSEPORT.  The kernel spreads new connections over the sockets, so a thread
 * only wakes for a connection it gets; with one shared socket every idle thread would wake for
 * each connection and all but one would find nothing.  A connection stays with the thread that
 * accepted it.
 *
 * A connection goes first to the thread's fast path (loket-server-fast.c), which answers the
 * plain GETs of kept answers itself, without libsoup, and hands the connection to libsoup at
 * the first request it does not answer.  There a request passes the early checks
 * (loket_server_check_early: the route, the limits, the per-client guard), and a public GET
 * the cache holds is answered on the thread too.  Everything else (a cache miss, a POST, every
 * page) needs the store, which only the main thread touches: the message is paused and handed
 * to the main context, which runs the route's handler (loket_server_serve), then handed back
 * to its thread to be unpaused and sent, because libsoup's message I/O belongs to the context
 * it was made in.  Only public routes are served here: the sync API answers 404 and there is no
 * live channel, so desks keep using the main listener.
 *
 * Stopping (loket_server_workers_stop, on the main thread once its loop has ended): each
 * thread stops accepting, closes the fast path's idle connections and asks its clients to
 * close (Connection: close); the main thread keeps running what the threads hand it until every
 * thread has ended.  A thread ends when its requests (libsoup's and the fast path's) are done,
 * or DRAIN_MS after it began to stop with nothing at the main thread (an answer that comes back
 * from there later gets GRACE_MS more to be sent: what was booked is told); it takes its
 * SoupServer down itself. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <sys/socket.h>

#include "loket-server-fast.h"
#include "loket-server-private.h"

#define BACKLOG   128
#define DRAIN_MS  1000   /* how long a stopping thread lets its requests finish */
#define GRACE_MS  250    /* and then, to send what the main thread answered late */

typedef struct _Worker Worker;

struct _LoketServerWorkers
{
  LoketServer    *server;    /* not owned: it owns this */
  GSocketAddress *address;   /* as bound (the port, when 0 was asked) */
  GPtrArray      *threads;   /* Worker, owned */
  int             running;   /* atomic: threads that have not ended yet */
};

/* Everything but owner, context and thread is the worker thread's alone while it runs. */
struct _Worker
{
  LoketServerWorkers *owner;
  GMainContext       *context;
  GMainLoop          *loop;
  GThread            *thread;
  GSocket            *socket;     /* listening */
  GSource            *accept;
  SoupServer         *soup;
  LoketServerFast    *fast;
  LoketStore         *reader;     /* nullable: for answers made on the thread */
  LoketServerLog      log;
  guint               active;     /* libsoup's requests begun and not ended */
  guint               out;        /* requests at the main thread */
  gboolean            draining;
  gboolean            drain_over;
  GSource            *drain_timeout;
};

/* A request on its way to the main thread and back. */
typedef struct {
  Worker                 *worker;
  SoupServerMessage      *msg;
  const LoketServerRoute *route;
  char                   *path;
  GHashTable             *query;   /* nullable */
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->msg);
  g_free (job->path);
  g_clear_pointer (&job->query, g_hash_table_unref);
  g_free (job);
}

/* Runs func on context's thread.  Never g_main_context_invoke: when that context is not owned
 * at the moment (the main loop not running yet, a thread between loops), it runs func right
 * here, on the wrong thread. */
static void
run_in (GMainContext *context, GSourceFunc func, gpointer data)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ---- stopping --------------------------------------------------------------------------------- */

static void
maybe_quit (Worker *worker)
{
  if (worker->draining && worker->out == 0
      && ((worker->active == 0 && loket_server_fast_n_open (worker->fast) == 0)
          || worker->drain_over))
    g_main_loop_quit (worker->loop);
}

/* A connection of the fast path closed or went to libsoup. */
static void
on_fast_closed (gpointer data)
{
  maybe_quit (data);
}

static gboolean
on_drain_over (gpointer data)
{
  Worker *worker = data;

  worker->drain_over = TRUE;
  g_clear_pointer (&worker->drain_timeout, g_source_unref);
  maybe_quit (worker);
  return G_SOURCE_REMOVE;
}

static void
arm_drain_timeout (Worker *worker, guint ms)
{
  if (worker->drain_timeout != NULL)
    {
      g_source_destroy (worker->drain_timeout);
      g_source_unref (worker->drain_timeout);
    }
  worker->drain_over = FALSE;
  worker->drain_timeout = g_timeout_source_new (ms);
  g_source_set_callback (worker->drain_timeout, on_drain_over, worker, NULL);
  g_source_attach (worker->drain_timeout, worker->context);
}

/* On the worker thread: no more connections; the requests under way may finish. */
static gboolean
begin_drain (gpointer data)
{
  Worker *worker = data;

  if (worker->accept != NULL)
    {
      g_source_destroy (worker->accept);
      g_clear_pointer (&worker->accept, g_source_unref);
    }
  g_socket_close (worker->socket, NULL);
  worker->draining = TRUE;
  arm_drain_timeout (worker, DRAIN_MS);
  loket_server_fast_drain (worker->fast);
  maybe_quit (worker);
  return G_SOURCE_REMOVE;
}

/* ---- handing over ------------------------------------------------------------------------------ */

/* On the worker thread: the main thread answered; send it. */
static gboolean
hand_back (gpointer data)
{
  Job *job = data;
  Worker *worker = job->worker;

  soup_server_message_unpause (job->msg);
  job_free (job);
  worker->out--;
  if (worker->drain_over && worker->out == 0)
    arm_drain_timeout (worker, GRACE_MS);
  maybe_quit (worker);
  return G_SOURCE_REMOVE;
}

/* On the main thread. */
static gboolean
run_on_main (gpointer data)
{
  Job *job = data;

  loket_server_serve (job->worker->owner->server, job->route, job->msg, job->path, job->query);
  run_in (job->worker->context, hand_back, job);
  return G_SOURCE_REMOVE;
}

static void
hand_over (Worker *worker, const LoketServerRoute *route, SoupServerMessage *msg,
           const char *path, GHashTable *query)
{
  Job *job = g_new0 (Job, 1);

  job->worker = worker;
  job->msg = g_object_ref (msg);
  job->route = route;
  job->path = g_strdup (path);
  job->query = query != NULL ? g_hash_table_ref (query) : NULL;
  worker->out++;
  /* Nothing on this thread touches the message until it comes back (hand_back). */
  soup_server_message_pause (msg);
  run_in (worker->owner->server->context, run_on_main, job);
}

/* ---- the handlers ------------------------------------------------------------------------------ */

static void
worker_early_handler (SoupServer *soup, SoupServerMessage *msg, const char *path,
                      GHashTable *query, gpointer user_data)
{
  Worker *worker = user_data;
  const LoketServerRoute *route = loket_server_find_route (path);

  if (worker->draining)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                  "close");
  /* The sync API is not here at all: desks use the main listener. */
  if (route != NULL && !route->is_public)
    route = NULL;
  loket_server_check_early (worker->owner->server, msg, route, path, query);
}

static void
worker_handler (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                gpointer user_data)
{
  Worker *worker = user_data;
  const LoketServerRoute *route = loket_server_find_route (path);

  /* The early handler answered everything else. */
  g_assert (route != NULL && route->is_public);
  if (!loket_server_serve_cached (worker->owner->server, route, msg, path))
    hand_over (worker, route, msg, path, query);
}

static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  Worker *worker = user_data;

  worker->active++;
}

static void
on_request_ended (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  Worker *worker = user_data;

  g_assert (worker->active > 0);
  worker->active--;
  maybe_quit (worker);
}

/* ---- accepting ------------------------------------------------------------------------------- */

#define ACCEPT_AT_ONCE 32   /* then the connections already open get their turn */

static gboolean
on_acceptable (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  Worker *worker = user_data;

  for (guint i = 0; i < ACCEPT_AT_ONCE; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);
      g_autoptr(GSocketConnection) connection = NULL;

      if (client == NULL)
        {
          /* Out of descriptors and the like: said, and tried again at the next wake. */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_printerr ("loket-sync: could not accept a public connection: %s\n",
                        error->message);
          break;
        }
      connection = g_socket_connection_factory_create_connection (client);
      loket_server_fast_accept (worker->fast, connection);
    }
  return G_SOURCE_CONTINUE;
}

/* bind(2) itself: g_socket_bind turns SO_REUSEPORT off again for a stream socket. */
static gboolean
bind_shared (GSocket *socket, GSocketAddress *address, GError **error)
{
  struct sockaddr_storage native;
  gssize size = g_socket_address_get_native_size (address);
  int value = 1;

  if (size < 0 || !g_socket_address_to_native (address, &native, sizeof native, error))
    return FALSE;
  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_REUSEADDR, &value, sizeof value) != 0
      || setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_REUSEPORT, &value, sizeof value)
         != 0
      || bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) size) != 0)
    {
      int saved = errno;
      g_autofree char *shown = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Error binding to address %s: %s", shown, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static GSocket *
open_socket (GSocketAddress *address, GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address),
                                            G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, BACKLOG);
  if (!bind_shared (socket, address, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* ---- a worker -------------------------------------------------------------------------------- */

/* Builds the worker's server with its context as the thread's default, so that every source
 * libsoup makes for it (the keep-alive listener's, later each connection's) lands there. */
static gboolean
worker_set_up (Worker *worker, GError **error)
{
  gboolean ok;

  g_main_context_push_thread_default (worker->context);
  worker->soup = soup_server_new ("server-header", "loket-sync", NULL);
  soup_server_add_early_handler (worker->soup, NULL, worker_early_handler, worker, NULL);
  soup_server_add_handler (worker->soup, NULL, worker_handler, worker, NULL);
  loket_server_log_init (&worker->log, worker->context);
  loket_server_watch_requests (worker->soup, &worker->log);
  g_signal_connect (worker->soup, "request-started", G_CALLBACK (on_request_started), worker);
  g_signal_connect (worker->soup, "request-finished", G_CALLBACK (on_request_ended), worker);
  g_signal_connect (worker->soup, "request-aborted", G_CALLBACK (on_request_ended), worker);
  worker->reader = loket_server_open_reader (worker->owner->server);
  worker->fast = loket_server_fast_new (worker->owner->server, worker->context, worker->soup,
                                        &worker->log, worker->reader, on_fast_closed, worker);
  ok = loket_server_keep_alive (worker->soup, error);
  if (ok)
    {
      worker->accept = g_socket_create_source (worker->socket, G_IO_IN, NULL);
      g_source_set_callback (worker->accept, G_SOURCE_FUNC (on_acceptable), worker,
                             NULL);
      g_source_attach (worker->accept, worker->context);
    }
  g_main_context_pop_thread_default (worker->context);
  return ok;
}

/* With the worker's context as the thread's default: on its thread after its loop, or on the
 * main thread for a worker that never ran. */
static void
worker_tear_down (Worker *worker)
{
  if (worker->accept != NULL)
    {
      g_source_destroy (worker->accept);
      g_clear_pointer (&worker->accept, g_source_unref);
    }
  if (worker->drain_timeout != NULL)
    {
      g_source_destroy (worker->drain_timeout);
      g_clear_pointer (&worker->drain_timeout, g_source_unref);
    }
  g_clear_pointer (&worker->fast, loket_server_fast_free);
  if (worker->soup != NULL)
    {
      soup_server_disconnect (worker->soup);
      g_clear_object (&worker->soup);
    }
  /* What closing the connections left to run (bounded: nothing new arrives). */
  for (guint i = 0; i < 100 && g_main_context_pending (worker->context); i++)
    g_main_context_iteration (worker->context, FALSE);
  g_clear_object (&worker->reader);
  loket_server_log_clear (&worker->log);
}

static void
worker_free (Worker *worker)
{
  if (worker->thread == NULL && worker->soup != NULL)
    {
      g_main_context_push_thread_default (worker->context);
      worker_tear_down (worker);
      g_main_context_pop_thread_default (worker->context);
    }
  g_clear_pointer (&worker->thread, g_thread_join);
  if (worker->socket != NULL)
    g_socket_close (worker->socket, NULL);
  g_clear_object (&worker->socket);
  g_clear_pointer (&worker->loop, g_main_loop_unref);
  g_clear_pointer (&worker->context, g_main_context_unref);
  g_free (worker);
}

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;
  LoketServerWorkers *owner = worker->owner;
  GMainContext *main_context = owner->server->context;

  g_main_context_push_thread_default (worker->context);
  g_main_loop_run (worker->loop);
  worker_tear_down (worker);
  g_main_context_pop_thread_default (worker->context);
  /* The main thread waits for this in loket_server_workers_stop. */
  g_atomic_int_dec_and_test (&owner->running);
  g_main_context_wakeup (main_context);
  return NULL;
}

static Worker *
worker_new (LoketServerWorkers *owner, GSocket *socket)
{
  Worker *worker = g_new0 (Worker, 1);

  worker->owner = owner;
  worker->socket = socket;
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  return worker;
}

/* ---- the listener ---------------------------------------------------------------------------- */

static GSocketAddress *
address_of (const char *host, guint16 port, GError **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not an IP address",
                   host);
      return NULL;
    }
  return g_inet_socket_address_new (inet, port);
}

/* The sockets first, all or none: the first one picks the port when 0 was asked, the others
 * join it. */
static gboolean
open_sockets (LoketServerWorkers *self, const char *host, guint16 port, guint n_threads,
              GError **error)
{
  g_autoptr(GSocketAddress) wanted = address_of (host, port, error);

  if (wanted == NULL)
    return FALSE;
  for (guint i = 0; i < n_threads; i++)
    {
      GSocket *socket = open_socket (self->address != NULL ? self->address : wanted, error);

      if (socket == NULL)
        return FALSE;
      g_ptr_array_add (self->threads, worker_new (self, socket));
      if (self->address == NULL && (self->address = g_socket_get_local_address (socket, error))
                                   == NULL)
        return FALSE;
    }
  return TRUE;
}

LoketServerWorkers *
loket_server_workers_start (LoketServer *server, const char *host, guint16 port, guint n_threads,
                            GError **error)
{
  LoketServerWorkers *self = g_new0 (LoketServerWorkers, 1);

  g_return_val_if_fail (n_threads > 0, NULL);

  self->server = server;
  self->threads = g_ptr_array_new_with_free_func ((GDestroyNotify) worker_free);
  if (!open_sockets (self, host, port, n_threads, error))
    {
      loket_server_workers_stop (self);
      return NULL;
    }
  for (guint i = 0; i < self->threads->len; i++)
    {
      Worker *worker = self->threads->pdata[i];
      g_autofree char *name = g_strdup_printf ("loket-public-%u", i);

      if (!worker_set_up (worker, error))
        {
          loket_server_workers_stop (self);
          return NULL;
        }
      g_atomic_int_inc (&self->running);
      worker->thread = g_thread_new (name, worker_run, worker);
    }
  return self;
}

GSocketAddress *
loket_server_workers_address (LoketServerWorkers *self)
{
  return self->address;
}

void
loket_server_workers_stop (LoketServerWorkers *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->threads->len; i++)
    {
      Worker *worker = self->threads->pdata[i];

      if (worker->thread != NULL)
        run_in (worker->context, begin_drain, worker);
    }
  /* The threads' last requests still come here to be answered. */
  while (g_atomic_int_get (&self->running) > 0)
    g_main_context_iteration (self->server->context, TRUE);
  g_ptr_array_unref (self->threads);
  g_clear_object (&self->address);
  g_free (self);
}
