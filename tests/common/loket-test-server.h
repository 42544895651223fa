#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A real loket-sync process on a loopback port, for tests.
 *
 * The binary comes from $LOKET_SYNC_BIN (set by meson). The server prints
 * "loket-sync: listening on http://ADDR:PORT" as its first line on stdout once it accepts
 * connections; start waits for that line. */
typedef struct {
  GSubprocess *process;
  char        *db_path;
  char        *url;      /* "http://127.0.0.1:PORT" */
  guint16      port;
} LoketTestServer;

/* port 0 picks a free one. */
LoketTestServer *loket_test_server_start (const char *db_path, gboolean demo, guint16 port,
                                          GError **error);
/* The same with --config FILE (NULL: none): its [public], [mail] and [sms] groups set the site,
 * the mail program and the SMS gateway (sync-server/loket-site.h).  The file needs a [server]
 * group, which may be empty. */
LoketTestServer *loket_test_server_start_with_config (const char *db_path, gboolean demo,
                                                      guint16 port, const char *config_path,
                                                      GError **error);
/* SIGKILL, as a power cut would: nothing gets to clean up. */
void             loket_test_server_kill  (LoketTestServer *self);
/* SIGTERM, wait (asserting a clean exit 0), free. */
void             loket_test_server_free  (LoketTestServer *self);

/* Serves server (a test's fake, such as an SMS gateway) on 127.0.0.1 at a free port, without
 * soup_server_listen: libsoup 3.2 leaks a socket per connection through it (see README), which
 * LeakSanitizer reports now and then.  Connections are accepted by the returned service and
 * handed to soup_server_accept_iostream, as loket-sync does; stop and unref the service when
 * done.  *port is the port. */
GSocketService  *loket_test_http_listen  (SoupServer *server, guint16 *port);

/* Runs the default main context until *done is TRUE, or fails the test after timeout_ms. */
void             loket_test_wait_for     (gboolean *done, guint timeout_ms);

/* The first column of the first row of sql in a database file, read-only (WAL lets a test read
 * while the server writes); NULL when there is no row. */
char            *loket_test_db_text      (const char *db_path, const char *sql);
/* Removes a test's temporary directory and everything in it. */
void             loket_test_remove_tree  (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestServer, loket_test_server_free)

G_END_DECLS
