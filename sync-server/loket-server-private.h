/* loket-server-private.h — what the files of LoketServer share.
 *
 *   loket-server.c         the object, listening and accepting, dispatch and the JSON answers
 *   loket-server-log.c     the request log
 *   loket-server-workers.c the public listener's threads ([public] listen, threads)
 *   loket-server-fast.c    the public threads' own HTTP for the GETs they answer themselves
 *   loket-server-reader.c  public answers computed on a public thread, from a store of its own
 *   loket-server-routes.c  the sync API's route table and its handlers, and finding a route
 *   loket-web-api.c        the public JSON API's routes (data/openapi/loket-public.json)
 *   loket-web-cache.c      the public answers' cache with ETags (a LoketWebCache of its own)
 *   loket-web-guard.c      the public web's rate limits per client (a LoketWebGuard of its own)
 *   loket-live.c           the live channel's open WebSockets (a LoketLive of its own)
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "loket-live.h"
#include "loket-server.h"
#include "loket-site.h"
#include "loket-web-cache.h"
#include "loket-web-guard.h"

G_BEGIN_DECLS

/* The request lines of one thread's SoupServer, written when that thread is idle. */
typedef struct {
  GString      *text;      /* lines not written yet */
  GMainContext *context;   /* the thread's */
  GSource      *flush;     /* pending write, or NULL */
} LoketServerLog;

typedef struct _LoketServerWorkers LoketServerWorkers;

/* What the public threads read (site, cache, guard, web_generation) is set before they start or
 * safe from any thread; everything else is the main thread's. */
struct _LoketServer
{
  GObject     parent_instance;

  LoketStore     *store;
  SoupServer     *soup;
  GSocketService *service;
  GSocketAddress *bound;     /* the address actually listened on */
  GTimeZone      *tz;
  LoketLive      *live;
  LoketSite      *site;      /* the public site's settings; owned */
  LoketWebCache  *cache;     /* the public answers kept (LOKET_SERVER_CACHE_KEEP routes) */
  LoketWebGuard  *guard;     /* the public rate limits, from site */
  GMainContext   *context;   /* the main thread's, where the store is used */
  LoketServerLog  log;
  LoketServerWorkers *workers;   /* the public listener, or NULL */
  /* The store's web generation as of the last request the main thread served, for the public
   * threads' cache (atomic; a gsize, which is 64 bits where loket-sync runs). */
  gsize           web_generation;
};

/* The largest body a public route takes (the sync API's is LOKET_MAX_BODY_BYTES). */
#define LOKET_SERVER_MAX_PUBLIC_BODY (16 * 1024)

/* How a public route's answers to GET may be cached (a route for desks is never). */
typedef enum {
  LOKET_SERVER_CACHE_HEADER,  /* a 200 says "Cache-Control: public, max-age=30" */
  LOKET_SERVER_CACHE_KEEP,    /* that, and it is kept in the server's cache with an ETag */
  LOKET_SERVER_CACHE_NONE,    /* "no-store": the answers of a secret link */
} LoketServerCache;

typedef void (*LoketServerRouteHandler) (LoketServer *self, SoupServerMessage *msg,
                                         GHashTable *query);

typedef struct {
  /* Exact, or a prefix when it ends in '/' (not "/" itself): "/v1/public/appointments/" takes
   * "/v1/public/appointments/TOKEN/cancel", and the handler reads the rest from the path. */
  const char              *path;
  const char              *method;   /* one or more of GET, POST, DELETE, space-separated */
  /* For citizens: answered in the site's language (loket_site_enter_language), never holding
   * personal data, rate-limited per client (loket-web-guard.h: every request, and a POST also
   * as a booking), and cached as cache says. */
  gboolean                 is_public;
  LoketServerRouteHandler  handler;
  /* A WebSocket route: a handler that accepts leaves the status unset, libsoup answers 101
   * and the connection goes to the live channel. */
  gboolean                 upgrades;
  /* Public routes: how their GET answers are cached. */
  LoketServerCache         cache;
  /* The largest body taken (413 beyond); 0: LOKET_SERVER_MAX_PUBLIC_BODY for a public route,
   * LOKET_MAX_BODY_BYTES for the others. */
  gsize                    max_body;
} LoketServerRoute;

/* What an accepted GET /v1/sync/live leaves on its message for the upgrade (strings). */
#define LOKET_SERVER_LIVE_DEVICE_KEY "loket-live-device"
#define LOKET_SERVER_LIVE_TOKEN_KEY  "loket-live-token"

/* ---- answers (loket-server.c) --------------------------------------------------------------- */

void         loket_server_reply_object      (SoupServerMessage *msg, guint status,
                                             JsonObject *object);
/* JSON already written as text (taken). */
void         loket_server_reply_json_text   (SoupServerMessage *msg, guint status, GString *text);
void         loket_server_reply_builder     (SoupServerMessage *msg, guint status,
                                             JsonBuilder *builder);
/* An open {"error": code, "message": message} object, to add members to and end. */
JsonBuilder *loket_server_error_builder     (const char *code, const char *message);
void         loket_server_reply_error       (SoupServerMessage *msg, guint status,
                                             const char *code, const char *message);
void         loket_server_reply_errorf      (SoupServerMessage *msg, guint status,
                                             const char *code, const char *format,
                                             ...) G_GNUC_PRINTF (4, 5);
void         loket_server_reply_bad_request (SoupServerMessage *msg, const char *message);
void         loket_server_reply_store_error (SoupServerMessage *msg, const GError *error);
/* 413 for a body over limit bytes; the rest of it is dropped as it comes. */
void         loket_server_reply_too_large   (SoupServerMessage *msg, gsize limit);
/* 500 with a sentence for the client (the error goes to the log, not to the client). */
void         loket_server_reply_internal    (SoupServerMessage *msg, const GError *error);
/* The largest body a route takes. */
gsize        loket_server_route_max_body    (const LoketServerRoute *route);

/* ---- dispatch (loket-server.c), also on the public threads -------------------------------- */

/* The checks that need no body (404 without a route, 405, the rate limits, 413 by
 * Content-Length, 414, long parameters): FALSE when msg was answered.  Any thread. */
gboolean     loket_server_check_early       (LoketServer *self, SoupServerMessage *msg,
                                             const LoketServerRoute *route, const char *path,
                                             GHashTable *query);
/* Answers a public GET from the cache alone when it holds the answer: TRUE then.  Any
 * thread. */
gboolean     loket_server_serve_cached      (LoketServer *self, const LoketServerRoute *route,
                                             SoupServerMessage *msg, const char *path);
/* Runs route's handler for msg (or answers from the cache), in the site's language for a
 * public route, and tells the live desks what it changed.  The main thread only. */
void         loket_server_serve             (LoketServer *self, const LoketServerRoute *route,
                                             SoupServerMessage *msg, const char *path,
                                             GHashTable *query);
/* Hands an accepted connection to soup. */
void         loket_server_accept            (SoupServer *soup, GSocketConnection *connection);
/* Gives soup the listener of its own it needs to keep connections alive (loket-server.c). */
gboolean     loket_server_keep_alive        (SoupServer *soup, GError **error);

/* ---- the request log (loket-server-log.c) --------------------------------------------------- */

/* What the server keeps about a request between its signals (on the message, under
 * LOKET_SERVER_REQUEST_KEY). */
typedef struct {
  gint64 started;      /* monotonic µs */
  gsize  body_bytes;   /* received so far */
  gsize  max_body;     /* its route's limit */
  gboolean page;       /* for a public page: refusals as a Dutch page, not JSON */
} LoketServerRequestInfo;

#define LOKET_SERVER_REQUEST_KEY "loket-request"

/* A (decoded) path fit for a log line or a message: printable ASCII only, and not endless. */
char        *loket_server_printable_path    (const char *path);
/* The path of msg's URI, or NULL. */
const char  *loket_server_message_path      (SoupServerMessage *msg);

void         loket_server_log_init          (LoketServerLog *log, GMainContext *context);
/* Writes what is left and frees the buffer. */
void         loket_server_log_clear         (LoketServerLog *log);
/* Times every request of soup and logs its line to log when it ends. */
void         loket_server_watch_requests    (SoupServer *soup, LoketServerLog *log);
/* Logs a request's line: method (nullable), the decoded path (a link's token is left out),
 * status as shown ("200", "aborted"), started (monotonic µs; 0: unknown). */
void         loket_server_log_line          (LoketServerLog *log, const char *method,
                                             const char *path, const char *status,
                                             gint64 started);
/* Logs msg's line now (outcome: what to write when it has no status, e.g. "aborted"). */
void         loket_server_log_request       (LoketServerLog *log, SoupServerMessage *msg,
                                             const char *outcome);

/* ---- the public listener (loket-server-workers.c) ------------------------------------------- */

/* Listens on host and port with n_threads threads, each with its own GMainContext and
 * SoupServer, serving server's public routes. */
LoketServerWorkers *loket_server_workers_start   (LoketServer *server, const char *host,
                                                  guint16 port, guint n_threads,
                                                  GError **error);
/* The address listened on. */
GSocketAddress     *loket_server_workers_address (LoketServerWorkers *self);
/* Stops accepting, lets the requests in flight finish (the main thread runs their handlers
 * meanwhile), joins the threads and frees everything.  The main thread, with its loop
 * stopped. */
void                loket_server_workers_stop    (LoketServerWorkers *self);

/* ---- answers on a public thread (loket-server-reader.c) ------------------------------------ */

/* A read-only store on the same database for one public thread, or NULL when there can be none
 * (a database in memory).  Made on the main thread; then used by one thread at a time. */
LoketStore *loket_server_open_reader        (LoketServer *self);
/* Answers a public GET on a public thread with reader (nullable) when its route can be answered
 * there: the body of its 200, with *etag (a quoted ETag) and *content_type (static), kept in
 * the cache as the main thread would keep it.  NULL when the main thread must answer: no
 * reader, a route that needs more, or anything but a 200 (a refusal is the main thread's to
 * word).  path: decoded, as routes see it; raw_query: as sent, without '?' (nullable). */
GBytes     *loket_server_answer_on_thread   (LoketServer *self, LoketStore *reader,
                                             const LoketServerRoute *route, const char *path,
                                             const char *raw_query, char **etag,
                                             const char **content_type);

/* ---- routes (loket-server-routes.c) --------------------------------------------------------- */

/* The route of a (decoded) path, or NULL: the sync API's own (loket-server-routes.c), then the
 * public API's (loket-web-api.c), then the public pages' (loket-web-pages.c). */
const LoketServerRoute *loket_server_find_route (const char *path);
/* Whether method is one of the route's. */
gboolean                loket_server_route_allows (const LoketServerRoute *route,
                                                   const char *method);
/* A query parameter, or NULL. */
const char             *loket_server_query_get    (GHashTable *query, const char *name);
/* Exactly "YYYY-MM-DD" naming a day that exists. */
gboolean                loket_server_parse_date   (const char *text, GDate *date);

/* An availability question (GET /v1/public/availability), read from a request's query. */
typedef struct {
  const char *product_id;    /* in the query */
  const char *location_id;
  GDate       from;
  guint       days;
} LoketWebAvailabilityAsk;

/* Reads ask from query, with now in the server's zone for a from that is left out; FALSE with
 * *refusal (a sentence for a 400) when the question cannot be asked. */
gboolean                loket_web_api_availability_ask (GHashTable *query, GDateTime *now,
                                                        LoketWebAvailabilityAsk *ask,
                                                        char **refusal);

/* The tables of the public API and the public pages, searched in order. */
const LoketServerRoute *loket_web_api_routes   (guint *n_routes);
const LoketServerRoute *loket_web_pages_routes (guint *n_routes);

G_END_DECLS
