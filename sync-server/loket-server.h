#pragma once

#include <glib-object.h>

#include "loket-site.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* loket-sync's HTTP face: a SoupServer whose handlers parse, validate and hand over to the
 * LoketStore.  Every answer is JSON ("application/json; charset=utf-8") with a status; every
 * error is {"error": CODE, "message": TEXT} with CODE one of the LOKET_PROTO_ERR_* (and for the
 * public API slot_taken, closed, forbidden, rate_limited).
 *
 *   GET  /healthz                  {"status": "ok", "version", "protocol", "schema"}
 *   POST /v1/auth/login            see loket-protocol.h
 *   POST /v1/sync/push             see loket-protocol.h (Authorization: Bearer TOKEN)
 *   GET  /v1/sync/pull             see loket-protocol.h (Authorization: Bearer TOKEN)
 *   GET  /v1/sync/snapshot         see loket-protocol.h (Authorization: Bearer TOKEN)
 *   GET  /v1/customers?q=          see loket-protocol.h (Authorization: Bearer TOKEN)
 *   GET  /v1/sync/live             see loket-protocol.h (a WebSocket)
 *   /v1/public/…                   the public API for citizens and booking forms, described in
 *                                  data/openapi/loket-public.json (loket-web-api.c): products,
 *                                  locations, availability, dates, times, customer-fields,
 *                                  rooms, holds, appointments, case-status, surveys
 *   the public pages               loket-web-pages.c
 *
 * Public answers never hold personal data; they are answered in the site's language and
 * rate-limited per client (the site's requests-per-minute, and bookings-per-hour for POSTs;
 * 429 with Retry-After).  Their availability answers carry an ETag, are kept in the server's
 * cache until the store's web generation moves or cache-seconds pass, and say
 * "Cache-Control: public, max-age=30"; a secret link's answers and every other answer say
 * "Cache-Control: no-store".
 * Limits: a body of at most LOKET_MAX_BODY_BYTES, for a public route
 * LOKET_SERVER_MAX_PUBLIC_BODY (413), a query string of at most 2048 bytes (414) and
 * parameters of at most 256 bytes (400 too_large).
 * One line per request goes to stderr: method, path (no query), status, milliseconds; lines are
 * written when the serving thread is idle, or 8 KiB at a time when it is busy.
 *
 * With the site's public listener ([public] listen, loket-site.h) the public pages and API are
 * also served on an address of their own by threads of their own (loket-server-workers.c): only
 * the public routes there, the cached answers straight from the threads, everything else by
 * the main thread, which alone touches the store. */

#define LOKET_SERVER_MAX_QUERY_BYTES 2048
#define LOKET_SERVER_MAX_PARAM_BYTES 256
#define LOKET_SERVER_MAX_DAYS        62
#define LOKET_SERVER_DEFAULT_DAYS    7

#define LOKET_TYPE_SERVER (loket_server_get_type ())
G_DECLARE_FINAL_TYPE (LoketServer, loket_server, LOKET, SERVER, GObject)

LoketServer *loket_server_new       (LoketStore *store);
LoketStore  *loket_server_get_store (LoketServer *self);
/* The public site's settings (the demo's until set); takes site.  Set before listening. */
void         loket_server_set_site  (LoketServer *self, LoketSite *site);
const LoketSite *loket_server_get_site (LoketServer *self);

/* Listens on address ("127.0.0.1", "::1", "0.0.0.0", "localhost" = IPv4 loopback) and port
 * (0 picks a free one), and on the site's public address when it has one (loket-site.h:
 * [public] listen and threads; loket-server-workers.c).  May be called once. */
gboolean     loket_server_listen    (LoketServer *self, const char *address, guint16 port,
                                     GError **error);
/* "http://127.0.0.1:8765" or "http://[::1]:8765" with the port actually bound; NULL before
 * loket_server_listen succeeded. */
char        *loket_server_dup_url   (LoketServer *self);
/* The same for the public listener (the site's [public] listen, started by
 * loket_server_listen); NULL without one. */
char        *loket_server_dup_public_url (LoketServer *self);

G_END_DECLS
