#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A small HTTP/1.1 proxy for fault injection between a desk and a real loket-sync.
 *
 * It listens on 127.0.0.1 (an ephemeral port) in the test's own main loop, reads each request
 * of a desk, forwards it to the server with a SoupSession and writes the server's answer back,
 * unless a rule says otherwise.  Every request is recorded as an event, so a test can tell what
 * reached the server and what reached the desk.  Chunked requests and upgrades (the live
 * WebSocket) are answered 501: a desk behind the proxy falls back to polling. */

typedef enum {
  LOKET_FAULT_PASS,         /* forward and answer (after delay_ms: a late answer, a reorder) */
  LOKET_FAULT_DROP,         /* forward, wait for the server's answer, close without answering */
  LOKET_FAULT_DUPLICATE,    /* forward twice, one after the other; answer with the second */
  LOKET_FAULT_LATE_COPY,    /* forward and answer; a copy reaches the server only when the
                             * test releases it, after the desk has moved on */
  LOKET_FAULT_ERROR_500,    /* answer 500 without forwarding */
  LOKET_FAULT_BAD_GATEWAY,  /* forward (the server commits), then answer 502 */
  LOKET_FAULT_CLOSE,        /* close without forwarding: with delay_ms, a timeout stand-in */
  LOKET_FAULT_HANG,         /* never answer; only the desk's own timeout ends it */
  LOKET_FAULT_CUT_BODY,     /* forward; send the headers and part of the body, then close */
  LOKET_N_FAULTS
} LoketFaultKind;

typedef struct {
  LoketFaultKind kind;
  guint          delay_ms;      /* waited before anything else is done with the request */
  double         cut_fraction;  /* CUT_BODY: the share of the body sent, in [0, 1) */
} LoketFault;

/* One request as the proxy saw it. */
typedef struct {
  char          *method;
  char          *path;       /* path and query as the desk sent them */
  LoketFaultKind fault;
  guint          forwarded;  /* how many times it reached the server */
  guint          status;     /* the server's status, 0 when never answered */
  GBytes        *answer;     /* the server's (last) body, NULL when never answered */
  gboolean       delivered;  /* the desk got the server's whole answer */
} LoketProxyEvent;

typedef struct _LoketTestProxy LoketTestProxy;

LoketTestProxy *loket_test_proxy_new         (const char *upstream_url, GError **error);
/* Closes every connection and waits (bounded) until nothing of the proxy is in flight. */
void            loket_test_proxy_free        (LoketTestProxy *self);
/* "http://127.0.0.1:PORT" */
const char     *loket_test_proxy_get_url     (LoketTestProxy *self);

/* Applies fault to the nth request (1-based, counted from now) whose path starts with prefix
 * (NULL: any path); nth 0 applies it to every such request.  The first rule that fires wins. */
void            loket_test_proxy_add_rule    (LoketTestProxy *self, const char *prefix, guint nth,
                                              const LoketFault *fault);
void            loket_test_proxy_clear_rules (LoketTestProxy *self);
/* Rewrites the limit of every pull to this page size (0: leave it), so that a small change
 * log still comes in many pages that can be cut. */
void            loket_test_proxy_set_pull_limit (LoketTestProxy *self, guint limit);

/* Sends the held late copies to the server now and waits (bounded) for its answers. */
void            loket_test_proxy_release_late (LoketTestProxy *self);

/* The requests seen so far, oldest first (LoketProxyEvent, owned by the proxy). */
GPtrArray      *loket_test_proxy_get_events  (LoketTestProxy *self);
guint           loket_test_proxy_n_events    (LoketTestProxy *self);
/* About the events from index from on: */
gboolean        loket_test_proxy_fault_fired (LoketTestProxy *self, guint from);
/* the cursor of the last pull page the desk received whole, or fallback when none did; */
gint64          loket_test_proxy_last_whole_page (LoketTestProxy *self, guint from,
                                                  gint64 fallback);
/* the since of the first pull, or -1 when there was none; */
gint64          loket_test_proxy_first_pull_since (LoketTestProxy *self, guint from);
/* one line for a test's log: "push drop->200 | pull pass->200 whole | ...". */
char           *loket_test_proxy_describe    (LoketTestProxy *self, guint from);
const char     *loket_fault_kind_to_string   (LoketFaultKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestProxy, loket_test_proxy_free)

G_END_DECLS
