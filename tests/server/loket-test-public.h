/* loket-test-public.h — what the tests of the public JSON API share (test-public-api.c,
 * test-public-threads.c): a real loket-sync with the demo municipality and a public listener
 * of its own served by two threads, the HTTP helpers that talk to it, and a visit (Paspoort at
 * the Stadhuis) to book.
 *
 * Each test program starts its own server in a temporary directory of its own
 * (loket_test_public_start) and stops it after g_test_run (loket_test_public_stop). */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "loket-test-server.h"

G_BEGIN_DECLS

/* One test program's server, and what its cases share. */
typedef struct {
  char            *tmp_dir;
  LoketTestServer *server;       /* without rate limits; the database is the demo's */
  char            *public_url;   /* server's public listener */
  const char      *base_url;     /* the listener the case at hand talks to */
  SoupSession     *session;
  char            *paspoort;     /* a public product with free times … */
  char            *stadhuis;     /* … at this location */
  GPtrArray       *public_bodies;  /* every public answer's body, for the personal-data scan */
} LoketTestPublic;

/* Set by loket_test_public_start. */
extern LoketTestPublic pub;

typedef struct {
  guint               status;
  GBytes             *body;
  JsonNode           *json;   /* NULL for an answer without a body */
  SoupMessageHeaders *headers;
} Reply;

void reply_free (Reply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Starts the server (in a new temporary directory from tmp_template) and a session that opens
 * up to max_conns connections at once, and looks up the visit. */
void             loket_test_public_start (const char *tmp_template, guint max_conns);
void             loket_test_public_stop  (void);

/* ---- HTTP ---- */
SoupMessage     *new_message  (const char *base, const char *method, const char *path,
                               const char *body);
Reply           *reply_of     (SoupMessage *msg, GBytes *body);
Reply           *send_to      (const char *base, const char *method, const char *path,
                               const char *body, const char *header, const char *value);
/* To pub.base_url. */
Reply           *request      (const char *method, const char *path, const char *body);
JsonObject      *object_of    (Reply *reply);
Reply           *get_ok       (const char *path);
void             assert_error (Reply *reply, guint status, const char *code);
void             expect       (const char *method, const char *path, const char *body,
                               guint status, const char *code);
/* The body of a GET of path at url that must succeed. */
GBytes          *body_at      (const char *url, const char *path);

/* ---- a visit ---- */
GPtrArray       *free_starts  (const char *product, const char *location, guint max);
char            *hold_body    (const char *start, const char *appointment);
char            *book_body    (const char *hold, const char *name, const char *email);
char            *hold_ok      (const char *start, const char *appointment);
char            *book_ok      (const char *start, const char *name, const char *email);
GPtrArray       *fill_time    (const char *start);

/* ---- more servers ---- */
guint16          free_port    (void);
LoketTestServer *start_server (const char *name, const char *public_group, guint16 public_port,
                               GError **error);

G_END_DECLS
