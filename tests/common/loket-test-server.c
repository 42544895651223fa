#include "loket-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <string.h>

static gboolean
read_listen_line (LoketTestServer *self, GError **error)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (self->process);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (out);
  g_autofree char *line = NULL;
  const char *url;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "loket-sync exited before listening");
      return FALSE;
    }
  url = strstr (line, "http://");
  if (url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected first line: %s", line);
      return FALSE;
    }
  self->url = g_strdup (url);
  self->port = (guint16) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  return TRUE;
}

/* A server must not outlive a test that aborted: it would hold the output pipe open and make
 * the test runner wait for its timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

LoketTestServer *
loket_test_server_start (const char *db_path, gboolean demo, guint16 port, GError **error)
{
  return loket_test_server_start_with_config (db_path, demo, port, NULL, error);
}

LoketTestServer *
loket_test_server_start_with_config (const char *db_path, gboolean demo, guint16 port,
                                     const char *config_path, GError **error)
{
  const char *bin = g_getenv ("LOKET_SYNC_BIN");
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  LoketTestServer *self;

  if (bin == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "LOKET_SYNC_BIN is not set");
      return NULL;
    }
  g_ptr_array_add (argv, (char *) bin);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db_path);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, listen);
  if (demo)
    g_ptr_array_add (argv, (char *) "--demo");
  if (config_path != NULL)
    {
      g_ptr_array_add (argv, (char *) "--config");
      g_ptr_array_add (argv, (char *) config_path);
    }
  g_ptr_array_add (argv, NULL);

  self = g_new0 (LoketTestServer, 1);
  self->db_path = g_strdup (db_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                error);
  if (self->process == NULL || !read_listen_line (self, error))
    {
      loket_test_server_free (self);
      return NULL;
    }
  return self;
}

void
loket_test_server_kill (LoketTestServer *self)
{
  g_return_if_fail (self != NULL);

  if (self->process == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGKILL);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

void
loket_test_server_free (LoketTestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      /* A clean stop exits 0; under ASan a leak or error at exit makes it non-zero. */
      g_assert_true (g_subprocess_get_if_exited (self->process));
      g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
      g_clear_object (&self->process);
    }
  g_free (self->db_path);
  g_free (self->url);
  g_free (self);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
loket_test_wait_for (gboolean *done, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (*done);
}

char *
loket_test_db_text (const char *db_path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

void
loket_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        loket_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
on_test_http_incoming (GSocketService *service, GSocketConnection *connection, GObject *source,
                       gpointer user_data)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (SOUP_SERVER (user_data), G_IO_STREAM (connection), local,
                                    remote, &error))
    g_test_message ("a fake server could not take a connection: %s", error->message);
  return TRUE;
}

GSocketService *
loket_test_http_listen (SoupServer *server, guint16 *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocketService *service = g_socket_service_new ();

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect_object (service, "incoming", G_CALLBACK (on_test_http_incoming), server, 0);
  g_socket_service_start (service);
  return service;
}
