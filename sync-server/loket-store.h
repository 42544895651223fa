#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "loket-db.h"

G_BEGIN_DECLS

/* The server's store: the authority. Applies what desks push under the business rules, keeps
 * the global change log that desks pull, authenticates staff and devices, and answers the
 * public (no personal data) queries.  Every method runs on the caller's thread; the server
 * calls it from its main loop only. */

/* A pull the desk cannot continue: it must drop its replica's rows (keeping its outbox) and pull
 * again from 0.  The wire answer is 410 resync_required (loket-protocol.h). */
#define LOKET_STORE_ERROR (loket_store_error_quark ())

typedef enum {
  LOKET_STORE_ERROR_SCOPE_CHANGED,     /* the user's scope changed since the device's full pull */
  LOKET_STORE_ERROR_CURSOR_COMPACTED,  /* the cursor is older than the compaction horizon */
} LoketStoreError;

GQuark loket_store_error_quark (void);

/* How many days a device may stay away and still hold back compaction. */
#define LOKET_STORE_DEFAULT_ACTIVE_DAYS 90

#define LOKET_TYPE_STORE (loket_store_get_type ())
G_DECLARE_FINAL_TYPE (LoketStore, loket_store, LOKET, STORE, GObject)

LoketStore *loket_store_open                (const char *path, GError **error);
/* A second connection to writer's database that only reads, for another thread (the public
 * threads' answers): it sees what writer commits.  Fails for a database in memory. */
LoketStore *loket_store_open_reader         (LoketStore *writer, GError **error);
/* Tells a reader the writer's web generation (loket_store_web_generation) as it is now: what
 * the reader read for public questions stays kept while it does not move, and SQLite's
 * data_version is asked at most once a second meanwhile (for a writer in another process). */
void        loket_store_reader_set_generation (LoketStore *self, guint64 generation);
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
/* A desk that signs in again goes on from its cursor under its new device: the new device takes
 * over what the server knew about that replica from the previous device (scope, full pull
 * head, cursor), but only from a device of the same user; another user's replica must
 * download again.  An unknown previous device changes nothing. */
gboolean    loket_store_continue_device     (LoketStore *self, const char *device_id,
                                             const char *previous_id, GError **error);
/* The device id for a bearer token, or NULL (LOKET_ERROR_UNAUTHORIZED) when unknown or revoked. */
char       *loket_store_authenticate        (LoketStore *self, const char *token, GError **error);
gint64      loket_store_get_device_seq      (LoketStore *self, const char *device_id);

/* Applies a batch of mutations ({"seq", "type", "args", "client_time"}) of one device in one
 * transaction, each under its own savepoint with its outcome (a database failure rolls the
 * whole batch back): {"last_seq", "results": [{"seq", "outcome", "code", "message",
 * "details"}]}.  LOKET_ERROR_SEQUENCE_GAP when the batch does not continue the device's
 * sequence; LOKET_ERROR_INVALID when an entry has no integer seq. */
JsonObject *loket_store_push                (LoketStore *self, const char *device_id,
                                             JsonArray *mutations, GError **error);
/* Changes after since that the device's user may see (loket-store-scope.c), from at most limit
 * change log entries: {"cursor", "more", "head", "changes": [...]}.  Remembers the device's
 * acknowledged cursor (since) and, for since = 0, the user's scope.  LOKET_STORE_ERROR when the
 * device must start over from 0: its user's scope changed since its last full pull, or since is
 * older than a compaction horizon raised after that full pull began.  LOKET_ERROR_NOT_FOUND for
 * an unknown device. */
JsonObject *loket_store_pull                (LoketStore *self, const char *device_id,
                                             gint64 since, guint limit, GError **error);

/* A replica snapshot (loket-store-snapshot.c): writes into the missing or empty file at path a
 * SQLite database of the desk replica's schema holding exactly the rows a pull from 0 by this
 * device would leave in a fresh replica now (its desk-local tables empty), and sets *cursor to
 * the change log head it holds.  The device is then known to hold everything up to *cursor, as
 * after a full pull that began there: it pulls on with since = *cursor.  On failure path may
 * hold part of a file, for the caller to remove.  LOKET_ERROR_NOT_FOUND for an unknown device,
 * LOKET_ERROR_INVALID when path is not empty. */
gboolean    loket_store_build_snapshot      (LoketStore *self, const char *device_id,
                                             const char *path, gint64 *cursor, GError **error);

/* Staff customer search (loket-store-search.c): query is a BSN or RRN (exact, digits), or a
 * name prefix with a birth date ("Jansen 1980-02-29"); at most LOKET_STORE_SEARCH_LIMIT rows
 * of customers, each recorded for the device's user so that their later changes reach the
 * user's desks.  LOKET_ERROR_INVALID with a sentence for a query that is too short or does
 * not fit. */
#define LOKET_STORE_SEARCH_MIN_CHARS 3
#define LOKET_STORE_SEARCH_LIMIT     20
JsonArray  *loket_store_search_customers    (LoketStore *self, const char *device_id,
                                             const char *query, GError **error);

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
/* The same answer as JSON text, appended to out (what the server sends). */
gboolean    loket_store_public_availability_write (LoketStore *self, const char *product_id,
                                                   const char *location_id, const GDate *from,
                                                   guint n_days, GDateTime *now, GString *out,
                                                   GError **error);

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

/* Moves a user to another location and/or team (NULL: keep; "" for team_id: no team), logged
 * as a change of the users row; location and team may be given by id or by name.  The user's
 * row as it is now; LOKET_ERROR_NOT_FOUND for an unknown user, location or team.  Their
 * desks download again at their next pull when what they may see changed. */
JsonObject *loket_store_move_user           (LoketStore *self, const char *username,
                                             const char *location, const char *team,
                                             GError **error);

typedef struct {
  gint64 superseded;   /* entries removed because a later one of the same row exists */
  gint64 tombstones;   /* tombstones dropped: every active device had pulled past them */
  gint64 oldest_cursor;/* the oldest cursor of an active device (the log head when none) */
  gint64 horizon;      /* the newest tombstone ever dropped: older cursors must resync */
  guint  active;       /* devices that held compaction back */
} LoketStoreCompaction;

/* Compacts the change log in one transaction: removes every entry a later entry of the same
 * (entity, row) supersedes, and drops tombstones no active device (not revoked, seen within
 * active_days of now) still needs, raising the horizon (see loket_store_pull). */
gboolean    loket_store_compact             (LoketStore *self, guint active_days, GDateTime *now,
                                             LoketStoreCompaction *result, GError **error);
/* The compaction horizon: 0 before any tombstone was dropped. */
gint64      loket_store_get_horizon         (LoketStore *self);

/* The newest change log seq, 0 for an empty log (loket-store-head.c): what the live channel
 * tells connected desks. */
gint64      loket_store_get_head            (LoketStore *self);

G_END_DECLS
