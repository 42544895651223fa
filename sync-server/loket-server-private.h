/* loket-server-private.h — what the files of LoketServer share.
 *
 *   loket-server.c         the object, listening and accepting, dispatch, the request log and
 *                          the JSON answers
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
  GString        *log;       /* request lines not written yet */
  guint           log_flush_id;
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

/* The tables of the public API and the public pages, searched in order. */
const LoketServerRoute *loket_web_api_routes   (guint *n_routes);
const LoketServerRoute *loket_web_pages_routes (guint *n_routes);

G_END_DECLS
