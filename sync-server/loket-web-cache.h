#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The public answers' cache (loket-web-cache.c): the bytes of a 200 answer (products,
 * locations, free dates and times, rooms) kept by path and query, each with an ETag (a hash of
 * its body).  An entry serves while the store's web generation is the one it was made at (a
 * booking, a hold, a rule or closure moves it: loket_store_web_generation) and for at most
 * max_age (the minimum notice and the day move on without a change).  A request whose
 * If-None-Match names the ETag gets 304 without a body.
 *
 * Serving a kept answer builds no JSON and runs no SQL: one hash lookup, the headers, and a
 * reference to the kept bytes.  The cache holds at most LOKET_WEB_CACHE_MAX_ENTRIES answers and
 * LOKET_WEB_CACHE_MAX_BYTES of bodies; when full, stale entries go, and then everything.
 *
 * One cache may be used from several threads at once (the public threads serve from it, the
 * main thread fills it): a lookup takes a reader lock only while it finds the entry, and the
 * kept bytes are shared by reference, never copied. */

typedef struct _LoketWebCache LoketWebCache;

#define LOKET_WEB_CACHE_MAX_ENTRIES 2048
#define LOKET_WEB_CACHE_MAX_BYTES   (64 * 1024 * 1024)

LoketWebCache *loket_web_cache_new   (void);
void           loket_web_cache_free  (LoketWebCache *self);

/* Answers msg from the cache when it keeps key from generation, made less than max_age µs
 * before now (monotonic µs): 200 with the kept body and ETag, or 304.  FALSE (msg untouched)
 * otherwise. */
gboolean       loket_web_cache_serve (LoketWebCache *self, SoupServerMessage *msg,
                                      const char *key, guint64 generation, gint64 now,
                                      gint64 max_age);
/* The answer kept for key from generation, made less than max_age µs before now: a new
 * reference to its body, or NULL.  *etag (quoted, as sent) and *content_type stay valid while
 * the returned bytes are held.  For an answer written without a SoupServerMessage. */
GBytes        *loket_web_cache_lookup (LoketWebCache *self, const char *key, guint64 generation,
                                       gint64 now, gint64 max_age, const char **etag,
                                       const char **content_type);
/* Gives msg's 200 answer its ETag, keeps it for key at generation (unless max_age is 0), and
 * turns it into a 304 when the request's If-None-Match names that ETag.  Any other status is
 * left alone. */
void           loket_web_cache_keep  (LoketWebCache *self, SoupServerMessage *msg,
                                      const char *key, guint64 generation, gint64 now,
                                      gint64 max_age);
/* Keeps body (a 200 answer) for key at generation, unless max_age is 0 or it is too large;
 * gives its ETag (quoted) either way. */
char          *loket_web_cache_put   (LoketWebCache *self, const char *key, guint64 generation,
                                      gint64 now, gint64 max_age, GBytes *body,
                                      const char *content_type);
/* The ETag of a body: "…", 32 hex digits of a 128-bit hash. */
char          *loket_web_cache_etag  (GBytes *body);
/* How many answers are kept. */
guint          loket_web_cache_size  (LoketWebCache *self);

/* Whether an If-None-Match header value names etag ("*", or a list with it, weak or strong). */
gboolean       loket_web_cache_etag_matches (const char *if_none_match, const char *etag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebCache, loket_web_cache_free)

G_END_DECLS
