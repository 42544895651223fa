#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "loket-db.h"

G_BEGIN_DECLS

/* The server's store: the authority. Applies what desks push under the business rules, keeps
 * the global change log that desks pull, authenticates staff and devices, and answers the
 * public (no personal data) queries.  Every method runs on the caller's thread; the server
 * calls it from its main loop only. */

#define LOKET_TYPE_STORE (loket_store_get_type ())
G_DECLARE_FINAL_TYPE (LoketStore, loket_store, LOKET, STORE, GObject)

LoketStore *loket_store_open                (const char *path, GError **error);
LoketDb    *loket_store_get_db              (LoketStore *self);
/* TRUE when the database holds no domain data yet (no locations). */
gboolean    loket_store_is_empty            (LoketStore *self);
/* Loads the demo municipality into an empty store and logs every row in the change log. */
gboolean    loket_store_load_demo           (LoketStore *self, GDateTime *now, GError **error);
/* Appends an upsert for every domain row (parents first) to the change log. */
gboolean    loket_store_log_snapshot        (LoketStore *self, GError **error);

/* Staff login: {"token", "device_id", "user": {…}}; LOKET_ERROR_UNAUTHORIZED when the user
 * or password is wrong (the same message for both). */
JsonObject *loket_store_login               (LoketStore *self, const char *username,
                                             const char *password, const char *device_name,
                                             GError **error);
/* The device id for a bearer token, or NULL (LOKET_ERROR_UNAUTHORIZED) when unknown or revoked. */
char       *loket_store_authenticate        (LoketStore *self, const char *token, GError **error);
gint64      loket_store_get_device_seq      (LoketStore *self, const char *device_id);

/* Applies a batch of mutations ({"seq", "type", "args", "client_time"}) of one device, each in
 * its own transaction: {"last_seq", "results": [{"seq", "outcome", "code", "message",
 * "details"}]}.  LOKET_ERROR_SEQUENCE_GAP when the batch does not continue the device's
 * sequence; LOKET_ERROR_INVALID when an entry has no integer seq. */
JsonObject *loket_store_push                (LoketStore *self, const char *device_id,
                                             JsonArray *mutations, GError **error);
/* Changes after since, at most limit: {"cursor", "more", "changes": [...]}. */
JsonObject *loket_store_pull                (LoketStore *self, const char *device_id,
                                             gint64 since, guint limit, GError **error);

/* Public, no personal data. */
JsonArray  *loket_store_public_products     (LoketStore *self, GError **error);
/* LOKET_ERROR_NOT_FOUND for an unknown or non-public product. */
JsonArray  *loket_store_public_locations    (LoketStore *self, const char *product_id,
                                             GError **error);
/* {"product", "location", "days": [{"date": "YYYY-MM-DD", "times": ["09:00", …]}]}: local start
 * times with a free place in the public share, none before now. */
JsonObject *loket_store_public_availability (LoketStore *self, const char *product_id,
                                             const char *location_id, const GDate *from,
                                             guint n_days, GDateTime *now, GError **error);

/* Administration (loket-store-admin.c), for the loket-sync subcommands.  A device row is
 * {"id", "username", "name", "created_at", "revoked" (0 or 1), "last_seq"}. */

/* Every device, oldest first. */
JsonArray  *loket_store_list_devices        (LoketStore *self, GError **error);
/* Revokes a device: its token stops working at once, so its next push or pull is answered 401.
 * The device's row as it was before (its "revoked" says whether it already was);
 * LOKET_ERROR_NOT_FOUND for an unknown id. */
JsonObject *loket_store_revoke_device       (LoketStore *self, const char *device_id,
                                             GError **error);
/* Revokes every device of a user in one transaction: their rows as they were before (empty when
 * the user has none); LOKET_ERROR_NOT_FOUND for an unknown user name. */
JsonArray  *loket_store_revoke_user         (LoketStore *self, const char *username,
                                             GError **error);

/* The newest change log seq, 0 for an empty log (loket-store-head.c): what the live channel
 * tells connected desks. */
gint64      loket_store_get_head            (LoketStore *self);

G_END_DECLS
