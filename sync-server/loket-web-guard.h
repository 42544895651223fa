#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rate limits of the public web per client (loket-web-guard.c): a token bucket per client and
 * limit that holds at most its limit and fills up at that many per period, so a client may
 * burst up to the limit and then goes on at the limit's pace.
 *
 *   LOKET_WEB_GUARD_REQUESTS  every public request, requests_per_minute
 *   LOKET_WEB_GUARD_BOOKINGS  what writes or guesses (holds, bookings, changes, the case status,
 *                             the survey), bookings_per_hour
 *
 * A limit of 0 is no limit.  Buckets that have filled up again say nothing a missing bucket
 * would not, so they are dropped when the table grows, and memory stays bounded whatever the
 * number of clients.  One guard may be used from several threads at once. */

typedef struct _LoketWebGuard LoketWebGuard;

typedef enum {
  LOKET_WEB_GUARD_REQUESTS,
  LOKET_WEB_GUARD_BOOKINGS,
} LoketWebGuardLimit;

/* At most this many buckets per limit; beyond, full ones are dropped (all, if none is full). */
#define LOKET_WEB_GUARD_MAX_CLIENTS 4096

LoketWebGuard *loket_web_guard_new    (guint requests_per_minute, guint bookings_per_hour);
void           loket_web_guard_free   (LoketWebGuard *self);
/* Takes one from the client's bucket of limit at now (monotonic µs): TRUE when there was one;
 * else FALSE with *retry_after the whole seconds until there is one again (at least 1). */
gboolean       loket_web_guard_allow  (LoketWebGuard *self, const char *client,
                                       LoketWebGuardLimit limit, gint64 now,
                                       guint *retry_after);
/* Gives back the token a request took when that request is going to be counted again where it
 * is answered after all (a public thread hands it to libsoup). */
void           loket_web_guard_give_back (LoketWebGuard *self, const char *client,
                                          LoketWebGuardLimit limit);
/* How many buckets of limit are kept. */
guint          loket_web_guard_size   (LoketWebGuard *self, LoketWebGuardLimit limit);

/* Who a request comes from: the peer's address, or, when the peer is one of the trusted
 * proxies, the last address of X-Forwarded-For (the one that proxy added; earlier ones are the
 * client's to make up).  An IPv4 address mapped into IPv6 is its IPv4 address; an IPv6 address
 * counts by its /64, which one subscriber usually holds whole. */
char          *loket_web_guard_client (const char *peer, const char *forwarded_for,
                                       const char *const *trusted_proxies);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebGuard, loket_web_guard_free)

G_END_DECLS
