#pragma once

#include <gio/gio.h>

#include "loket-site.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* Delivers the server's outbox (loket-mailer.c): takes what is due (loket-store-messages.h),
 * sends it, and reports how it went, without blocking the main loop it runs on.
 *
 *   e-mail  the site's sendmail command with the message on stdin: exit status 0 is sent;
 *           another status, a signal, no start or no end within a minute is tried again later.
 *           Its output is never read: it may quote an address.
 *   SMS     POST {"to", "text", "sender"} as JSON to the site's SMS url with
 *           "Authorization: Bearer TOKEN": 2xx is sent (a JSON "id" in the answer is kept);
 *           408, 429, 5xx or no answer is tried again; another 4xx fails for good, and so does
 *           every SMS when no url is configured.
 *
 * One run at a time, at most LOKET_MAILER_BATCH messages, one after the other.  The SMS token
 * is never logged.  The process must ignore SIGPIPE: a mail program that stops without reading
 * its input must not end the server. */

#define LOKET_MAILER_BATCH 50

typedef struct {
  guint sent;
  guint retried;   /* failed this time, queued for a later attempt */
  guint failed;    /* failed for good */
} LoketMailerSummary;

#define LOKET_TYPE_MAILER (loket_mailer_get_type ())
G_DECLARE_FINAL_TYPE (LoketMailer, loket_mailer, LOKET, MAILER, GObject)

/* site is borrowed: it must outlive the mailer (the server's, or the one main loaded). */
LoketMailer *loket_mailer_new        (LoketStore *store, const LoketSite *site);
gboolean     loket_mailer_is_running (LoketMailer *self);
/* Delivers what is due at now.  G_IO_ERROR_PENDING while another run is going;
 * a failing database ends the run with its error. */
void         loket_mailer_run_async  (LoketMailer *self, GDateTime *now,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean     loket_mailer_run_finish (LoketMailer *self, GAsyncResult *result,
                                      LoketMailerSummary *summary, GError **error);

G_END_DECLS
