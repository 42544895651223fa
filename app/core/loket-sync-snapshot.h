/* loket-sync-snapshot.h — downloading a replica snapshot (GET /v1/sync/snapshot) to a file.
 * Used by the sync client (loket-sync-client.c); not for widgets. */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LOKET_SNAPSHOT_ERROR (loket_snapshot_error_quark ())
GQuark loket_snapshot_error_quark (void);

typedef enum {
  LOKET_SNAPSHOT_ERROR_NOT_OFFERED,  /* the server answered with something else: page instead */
  LOKET_SNAPSHOT_ERROR_CUT,          /* the download stopped partway: page instead (pages resume) */
} LoketSnapshotError;

typedef void (*LoketSnapshotProgress) (goffset received, goffset total, gpointer user_data);

/* Sends msg (a GET of the snapshot, authorized) and writes the body to path, synced to disk.
 * total in progress is -1 when the server did not say the size.  A failure removes the file. */
void     loket_snapshot_download_async  (SoupSession *session, SoupMessage *msg, const char *path,
                                         LoketSnapshotProgress progress, gpointer progress_data,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
/* The change log cursor the snapshot holds the rows of.  Errors: LOKET_SNAPSHOT_ERROR, LOKET_ERROR
 * (NETWORK when the server could not be reached, DATABASE when the file cannot be written), or
 * G_IO_ERROR_CANCELLED. */
gboolean loket_snapshot_download_finish (GAsyncResult *result, gint64 *cursor, GError **error);

G_END_DECLS
