/* loket-sync-snapshot.c — downloading a replica snapshot to a file.
 *
 * The body is read in chunks on the main context and written to the file as it comes, so a
 * download of a hundred megabytes neither blocks the window nor sits in memory; progress is
 * reported per chunk.  The file counts only when every byte the server announced is in and on
 * the disk (fsync); anything else removes it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-sync-snapshot.h"

#define CHUNK (256 * 1024)

G_DEFINE_QUARK (loket-snapshot-error-quark, loket_snapshot_error)

typedef struct
{
  SoupMessage          *msg;
  GInputStream         *body;
  char                 *path;
  int                   fd;
  gint64                cursor;
  goffset               received;
  goffset               total;
  LoketSnapshotProgress progress;
  gpointer              progress_data;
} Download;

static void
download_free (Download *d)
{
  if (d->fd >= 0)
    {
      close (d->fd);
      g_unlink (d->path);
    }
  g_clear_object (&d->msg);
  g_clear_object (&d->body);
  g_free (d->path);
  g_free (d);
}

static void
fail (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void read_next (GTask *task);

static gboolean
write_all (Download *d, const guint8 *data, gsize size, GError **error)
{
  while (size > 0)
    {
      gssize written = write (d->fd, data, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
                       _("Cannot write the download to %s: %s"), d->path, g_strerror (errno));
          return FALSE;
        }
      data += written;
      size -= (gsize) written;
    }
  return TRUE;
}

/* The end of the body: complete and on the disk, or it does not count. */
static void
finish (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  if (d->total >= 0 && d->received != d->total)
    {
      fail (task, g_error_new (LOKET_SNAPSHOT_ERROR, LOKET_SNAPSHOT_ERROR_CUT,
                               "The download ended after %" G_GOFFSET_FORMAT " of %"
                               G_GOFFSET_FORMAT " bytes", d->received, d->total));
      return;
    }
  if (fsync (d->fd) != 0 || close (d->fd) != 0)
    {
      d->fd = -1;
      g_unlink (d->path);
      fail (task, g_error_new (LOKET_ERROR, LOKET_ERROR_DATABASE,
                               _("Cannot write the download to %s: %s"), d->path,
                               g_strerror (errno)));
      return;
    }
  d->fd = -1;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_chunk (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);
  gsize size;
  const guint8 *data;

  if (chunk == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  if (chunk == NULL)
    {
      fail (task, g_error_new (LOKET_SNAPSHOT_ERROR, LOKET_SNAPSHOT_ERROR_CUT,
                               "The download stopped: %s", error->message));
      return;
    }
  data = g_bytes_get_data (chunk, &size);
  if (size == 0)
    {
      finish (task);
      return;
    }
  if (!write_all (d, data, size, &error))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  d->received += (goffset) size;
  if (d->progress != NULL)
    d->progress (d->received, d->total, d->progress_data);
  read_next (task);
}

static void
read_next (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (d->body, CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_chunk, task);
}

/* The cursor the server says the snapshot holds; FALSE when it is missing or no number. */
static gboolean
parse_cursor (SoupMessage *msg, gint64 *cursor)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   LOKET_SNAPSHOT_CURSOR_HEADER);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *cursor = (gint64) value;
  return TRUE;
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  d->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (d->body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, g_error_new (LOKET_ERROR, LOKET_ERROR_NETWORK,
                                 _("The server cannot be reached: %s"), error->message));
      else
        fail (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (d->msg);
  if (status != SOUP_STATUS_OK || !parse_cursor (d->msg, &d->cursor))
    {
      fail (task, g_error_new (LOKET_SNAPSHOT_ERROR, LOKET_SNAPSHOT_ERROR_NOT_OFFERED,
                               "The server answered %u instead of a snapshot", status));
      return;
    }
  d->total = soup_message_headers_get_content_length (soup_message_get_response_headers (d->msg));
  if (soup_message_headers_get_encoding (soup_message_get_response_headers (d->msg))
      != SOUP_ENCODING_CONTENT_LENGTH)
    d->total = -1;
  d->fd = g_open (d->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (d->fd < 0)
    {
      fail (task, g_error_new (LOKET_ERROR, LOKET_ERROR_DATABASE,
                               _("Cannot write the download to %s: %s"), d->path,
                               g_strerror (errno)));
      return;
    }
  read_next (task);
}

void
loket_snapshot_download_async (SoupSession *session, SoupMessage *msg, const char *path,
                               LoketSnapshotProgress progress, gpointer progress_data,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  Download *d = g_new0 (Download, 1);

  d->msg = g_object_ref (msg);
  d->path = g_strdup (path);
  d->fd = -1;
  d->total = -1;
  d->progress = progress;
  d->progress_data = progress_data;
  g_task_set_task_data (task, d, (GDestroyNotify) download_free);
  g_task_set_source_tag (task, loket_snapshot_download_async);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable, on_sent, task);
}

gboolean
loket_snapshot_download_finish (GAsyncResult *result, gint64 *cursor, GError **error)
{
  Download *d;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  *cursor = d->cursor;
  return TRUE;
}
