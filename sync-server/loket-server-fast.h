#pragma once

#include "loket-server-private.h"

G_BEGIN_DECLS

/* The public threads' own HTTP for the GETs they answer themselves (loket-server-fast.c).
 *
 * libsoup costs a public thread some 58 µs of CPU per request; an answer the cache already
 * holds costs a few.  So a public thread first reads each connection itself, and answers the
 * requests it is sure about: a plain HTTP/1.1 GET of a public route whose answers are kept
 * (LOKET_SERVER_CACHE_KEEP), within the limits, with the answer at hand (in the cache, or made
 * on the thread: loket_server_answer_on_thread).  It reads only with MSG_PEEK until it has
 * decided, so at the first request it does not answer, nothing of that request has been taken
 * from the socket: the connection goes to libsoup (loket_server_accept) as it is, for good, and
 * libsoup answers that request and all that follow exactly as it would have.  The fast path
 * therefore never words a refusal: every error, page, POST, miss or odd request is libsoup's. */

typedef struct _LoketServerFast LoketServerFast;

/* Called (on the thread) when a connection of the fast path's ends or goes to libsoup. */
typedef void (*LoketServerFastNotify) (gpointer user_data);

/* The fast path of one public thread: its context, its SoupServer (where connections go), its
 * log and its reader (nullable; for loket_server_answer_on_thread).  None of them is owned;
 * all must outlive it. */
LoketServerFast *loket_server_fast_new     (LoketServer *server, GMainContext *context,
                                            SoupServer *soup, LoketServerLog *log,
                                            LoketStore *reader, LoketServerFastNotify closed,
                                            gpointer user_data);
/* Closes the connections it still has. */
void             loket_server_fast_free    (LoketServerFast *self);
/* Takes a newly accepted connection. */
void             loket_server_fast_accept  (LoketServerFast *self,
                                            GSocketConnection *connection);
/* Stopping: idle connections close now, the others after their answer (Connection: close). */
void             loket_server_fast_drain   (LoketServerFast *self);
/* How many connections it still has. */
guint            loket_server_fast_n_open  (LoketServerFast *self);

/* ---- reading a request head (loket-server-fast-parse.c) ------------------------------------ */

/* The most of a request head the fast path looks at; a longer head is libsoup's. */
#define LOKET_SERVER_FAST_MAX_HEAD 8192

typedef enum {
  LOKET_SERVER_FAST_MORE,     /* no whole head yet, and it may still be one of ours */
  LOKET_SERVER_FAST_THEIRS,   /* libsoup's to answer */
  LOKET_SERVER_FAST_OURS,     /* a GET the fast path answers when it has the answer */
} LoketServerFastVerdict;

/* A head the fast path answers.  The strings point into the bytes parsed. */
typedef struct {
  gsize                   head_length;    /* bytes up to and with the empty line */
  const LoketServerRoute *route;
  const char             *path;           /* as sent, which is as routes see it */
  const char             *query;          /* as sent, without '?'; NULL without '?' */
  const char             *if_none_match;  /* nullable */
  const char             *forwarded_for;  /* nullable */
  gboolean                close;          /* Connection: close */
} LoketServerFastRequest;

/* Reads the request head at the start of data (length bytes).  OURS fills *request and writes
 * NULs into data (after each string of *request); the other verdicts may too. */
LoketServerFastVerdict loket_server_fast_parse (char *data, gsize length,
                                                LoketServerFastRequest *request);

G_END_DECLS
