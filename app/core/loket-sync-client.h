#pragma once

#include <gio/gio.h>

#include "loket-replica.h"
#include "loket-types.h"

G_BEGIN_DECLS

/* Talks to loket-sync for one replica: login, push of the outbox, paged pull, a periodic
 * sync with exponential backoff and jitter while the server cannot be reached, and the live
 * channel.
 *
 * Live: while started, every successful sync opens a WebSocket to the server (ws:// or wss://
 * from the server URL, the device token in the Authorization header).  Whenever the server
 * announces a change log head beyond the replica's cursor, the client syncs at once, so a
 * change made at another desk arrives within a round trip or two.  Keepalive pings notice a
 * server that vanished.  When the channel closes, cannot open or goes silent, the client falls
 * back to the periodic sync (first after about 2 s, then 4, 8 … up to the interval, with
 * jitter) and opens the channel again after the next successful sync.  Stopping closes it.
 *
 * Properties (all read-only, notified on change, on the main context that created it):
 *   online     gboolean  the last request reached the server
 *   syncing    gboolean  a sync is running
 *   progress   double    0..1 during a pull that has more pages, else 1
 *   last-sync  gint64    Unix seconds of the last successful sync, 0 = never
 *   last-error string    a sentence for the last failure, NULL after a success
 *   live       gboolean  the live channel is open: changes elsewhere arrive without polling
 *   resyncing  gboolean  downloading everything again because the server asked (the user's
 *                        scope changed, or this desk was away longer than the change log
 *                        keeps); progress runs from 0 meanwhile and the outbox is kept
 */

#define LOKET_TYPE_SYNC_CLIENT (loket_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (LoketSyncClient, loket_sync_client, LOKET, SYNC_CLIENT, GObject)

LoketSyncClient *loket_sync_client_new            (LoketReplica *replica);
LoketReplica    *loket_sync_client_get_replica    (LoketSyncClient *self);

/* Logs in at server_url (e.g. "http://127.0.0.1:8765") and stores the device token, server URL
 * and user in the replica. */
void             loket_sync_client_login_async    (LoketSyncClient *self, const char *server_url,
                                                   const char *username, const char *password,
                                                   const char *device_name,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
gboolean         loket_sync_client_login_finish   (LoketSyncClient *self, GAsyncResult *result,
                                                   GError **error);

/* Pushes every pending outbox entry, then pulls until the server has nothing more. */
void             loket_sync_client_sync_async     (LoketSyncClient *self,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
gboolean         loket_sync_client_sync_finish    (LoketSyncClient *self, GAsyncResult *result,
                                                   GError **error);
/* Whether downloading everything (the first sign-in, a resync) starts from the server's
 * snapshot file of the replica (the default) or pages through the change log from 0; the
 * benchmark and the tests compare both. */
void              loket_sync_client_set_use_snapshots (LoketSyncClient *self, gboolean use);

/* Searches the server for customers this desk does not have (GET /v1/customers: a BSN or
 * rijksregisternummer, or the start of a name with a birth date, "Jansen 1980-02-29"); the
 * customer rows found, at most 20.  They are the user's to see from then on and reach the
 * replica with the next sync, which this asks for.  LOKET_ERROR_PROTOCOL with the server's
 * sentence for a query it refuses (too short, no birth date). */
void             loket_sync_client_search_customers_async  (LoketSyncClient *self,
                                                            const char *query,
                                                            GCancellable *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer user_data);
JsonArray       *loket_sync_client_search_customers_finish (LoketSyncClient *self,
                                                            GAsyncResult *result,
                                                            GError **error);

/* Syncs now and then every interval_seconds; after a failure waits 2, 4, 8 … up to
 * interval_seconds (with jitter) before trying again. While started, a local change syncs at
 * once and the live channel is kept open (see above); stop closes it. */
void             loket_sync_client_start          (LoketSyncClient *self, guint interval_seconds);
void             loket_sync_client_stop           (LoketSyncClient *self);
/* Ask for a sync as soon as possible (after a local write, or the user pressed sync). */
void             loket_sync_client_request_sync   (LoketSyncClient *self);

gboolean         loket_sync_client_get_online     (LoketSyncClient *self);
gboolean         loket_sync_client_get_syncing    (LoketSyncClient *self);
double           loket_sync_client_get_progress   (LoketSyncClient *self);
gint64           loket_sync_client_get_last_sync  (LoketSyncClient *self);
const char      *loket_sync_client_get_last_error (LoketSyncClient *self);
gboolean         loket_sync_client_get_live       (LoketSyncClient *self);
gboolean         loket_sync_client_get_resyncing  (LoketSyncClient *self);
/* While resyncing: why, as a sentence for the clerk (loket_protocol_describe_reason); else NULL. */
const char      *loket_sync_client_get_resync_reason (LoketSyncClient *self);

G_END_DECLS
