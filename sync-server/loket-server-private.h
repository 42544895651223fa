/* loket-server-private.h — what the files of LoketServer share.
 *
 *   loket-server.c         the object, listening and accepting, dispatch, the request log and
 *                          the JSON answers
 *   loket-server-routes.c  the route table and its handlers
 *   loket-live.c           the live channel's open WebSockets (a LoketLive of its own)
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "loket-live.h"
#include "loket-server.h"
#include "loket-site.h"

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
};

typedef void (*LoketServerRouteHandler) (LoketServer *self, SoupServerMessage *msg,
                                         GHashTable *query);

typedef struct {
  /* Exact, or a prefix when it ends in '/' (not "/" itself): "/v1/public/appointments/" takes
   * "/v1/public/appointments/TOKEN/cancel", and the handler reads the rest from the path. */
  const char              *path;
  const char              *method;   /* one or more of GET, POST, DELETE, space-separated */
  /* For citizens: answered in the site's language (loket_site_enter_language), never holding
   * personal data, and (with a 200) cacheable for 30 s unless the handler says otherwise. */
  gboolean                 is_public;
  LoketServerRouteHandler  handler;
  /* A WebSocket route: a handler that accepts leaves the status unset, libsoup answers 101
   * and the connection goes to the live channel. */
  gboolean                 upgrades;
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
void         loket_server_reply_too_large   (SoupServerMessage *msg);

/* ---- routes (loket-server-routes.c) --------------------------------------------------------- */

/* The route of a (decoded) path, or NULL: the sync API's own (loket-server-routes.c), then the
 * public API's (loket-web-api.c), then the public pages' (loket-web-pages.c). */
const LoketServerRoute *loket_server_find_route (const char *path);
/* Whether method is one of the route's. */
gboolean                loket_server_route_allows (const LoketServerRoute *route,
                                                   const char *method);

/* The tables of the public API and the public pages, searched in order. */
const LoketServerRoute *loket_web_api_routes   (guint *n_routes);
const LoketServerRoute *loket_web_pages_routes (guint *n_routes);

G_END_DECLS
