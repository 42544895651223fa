#pragma once

#include <libsoup/soup.h>

#include "loket-store.h"

G_BEGIN_DECLS

/* The live channel of loket-sync (the sync contract's point 7): the WebSockets desks keep open
 * on GET /v1/sync/live, and the one thing said on them.
 *
 * Every connection hears {"head": N} (N: the newest change log seq) as soon as it is taken
 * over, and again whenever the log has grown; a desk behind N pulls.  Desks send nothing.
 * Dead peers are noticed by keepalive pings that go unanswered; a connection whose device token
 * was revoked (also by another process on the same database) is closed. */

#define LOKET_LIVE_PATH        "/v1/sync/live"
#define LOKET_LIVE_KEEPALIVE_S 15    /* ping every …; a peer silent for 3 of them is dropped */

#define LOKET_TYPE_LIVE (loket_live_get_type ())
G_DECLARE_FINAL_TYPE (LoketLive, loket_live, LOKET, LIVE, GObject)

LoketLive *loket_live_new               (LoketStore *store);
/* Takes over an upgraded connection of an authenticated device and tells it the head. */
void       loket_live_add               (LoketLive *self, SoupWebsocketConnection *connection,
                                         const char *device_id, const char *token);
/* Tells every connection the head when the change log grew since it was last told.  Cheap
 * (one indexed SELECT), so the server calls it after every request. */
void       loket_live_check             (LoketLive *self);
guint      loket_live_get_n_connections (LoketLive *self);
/* Sends every connection a "going away" close and runs the main context until the peers have
 * answered or timeout_ms passed; then drops what is left. */
void       loket_live_close_all         (LoketLive *self, guint timeout_ms);

G_END_DECLS
