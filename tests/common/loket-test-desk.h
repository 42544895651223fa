#pragma once

#include <gio/gio.h>

#include "loket-replica.h"
#include "loket-sync-client.h"

G_BEGIN_DECLS

/* A desk for integration tests: a replica file, its sync client and the session, driven the
 * way the desk app drives them (login, sync on request), with every wait bounded by a
 * main-loop timeout so a hanging server fails the test instead of blocking it.
 *
 * Offline means what it means for a real desk: the desk keeps working on its replica, and a
 * sync attempt cannot reach the server (its session points at a loopback port nobody listens
 * on) and fails with LOKET_ERROR_NETWORK, leaving the outbox as it was.  Online again, the
 * session points at the real server. */
typedef struct {
  LoketReplica    *replica;
  LoketSyncClient *client;
  char            *path;        /* the replica file */
  char            *server_url;  /* the server it syncs with while online */
  char            *username;
  char            *password;    /* NULL for a replica opened with its session: "demo" */
  gboolean         offline;
} LoketTestDesk;

/* Every wait of the fixture: login, a sync. */
#define LOKET_TEST_DESK_WAIT_MS 30000

/* Opens (or creates) the replica at path; no login.  When the replica already holds a session
 * (a copy of a logged-in desk), server_url is taken from it. */
LoketTestDesk *loket_test_desk_open          (const char *path);
/* The same world at a new address (a copy of the server's database started on another port):
 * the session keeps its device, token and cursor. */
void           loket_test_desk_move_to       (LoketTestDesk *self, const char *server_url);
/* A new, empty replica at path signed in with reader's session (its device and token): a
 * fresh replica of reader's user without the cost of a login.  reader must be a desk kept for
 * this (logged in, never pulling or pushing itself): a pull from 0 resets what the server keeps
 * about the device's pulls, so it must not share a working desk's device.  Only pull with it. */
LoketTestDesk *loket_test_desk_new_fresh     (const char *path, LoketTestDesk *reader);
/* Opens dir/name.db, logs in as username (password "demo") at server_url and does the first,
 * full sync: a desk ready to work. */
LoketTestDesk *loket_test_desk_new           (const char *dir, const char *name,
                                              const char *server_url, const char *username);
/* Logs in (a new device); the error, or NULL. */
GError        *loket_test_desk_try_login     (LoketTestDesk *self, const char *server_url,
                                              const char *username, const char *password);
void           loket_test_desk_login         (LoketTestDesk *self, const char *server_url,
                                              const char *username, const char *password);
/* Pushes the outbox and pulls until the server has nothing more; the error, or NULL. */
GError        *loket_test_desk_try_sync      (LoketTestDesk *self);
/* The same, asserting success (online) or a network error (offline). */
void           loket_test_desk_sync          (LoketTestDesk *self);
/* Syncs n desks at the same time (as desks on their own machines do) and waits for all of
 * them, asserting success (online) or a network error (offline) for each. */
void           loket_test_desk_sync_all      (LoketTestDesk **desks, guint n);
/* Syncs until the outbox is empty and a further sync brings nothing new (at most four rounds;
 * fails the test when the outbox is not empty by then). */
void           loket_test_desk_sync_quiet    (LoketTestDesk *self);
void           loket_test_desk_set_offline   (LoketTestDesk *self, gboolean offline);
/* The id of the device this desk pushes as (from its session). */
char          *loket_test_desk_dup_device_id (LoketTestDesk *self);
void           loket_test_desk_free          (LoketTestDesk *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestDesk, loket_test_desk_free)

/* ---- comparing replicas ------------------------------------------------------------------ */

/* The differences between the replicated domain tables (loket_schema_entities) of two
 * databases, row by row (by key) and column by column, one readable line each ("ENTITY KEY:
 * only here", "… only there", "… COLUMN is X here, Y there"), at most max lines (0: no limit);
 * an empty array when they hold the same rows.  The desk's bookkeeping (outbox, sync_state,
 * sync_issues) is not compared.  The domain tables have no desk-only columns (schema 2 in
 * app/core/loket-schema.c): a desk's row is the server's row, or its own change of it while
 * that is still unsent; compare replicas that have nothing unsent. */
GPtrArray     *loket_test_diff_databases      (sqlite3 *a, sqlite3 *b, guint max);
/* Fails the test with the differences when two replicas differ; context names the moment. */
void           loket_test_assert_same_replicas (LoketReplica *a, LoketReplica *b,
                                                const char *context);
/* "This replica equals the server for the rows its user may see": fresh (a new replica of the
 * same user, cursor 0, see loket_test_desk_new_fresh) does its full first sync, and self's
 * replica must hold exactly its rows. */
void           loket_test_desk_assert_matches (LoketTestDesk *self, LoketTestDesk *fresh,
                                               const char *context);
/* The same with a fresh replica that logs in itself (a new device of self's user at self's
 * server, replica file fresh_path).  The fresh desk is returned for more checks (free it), or
 * NULL when keep is FALSE. */
LoketTestDesk *loket_test_desk_assert_matches_server (LoketTestDesk *self,
                                                      const char *fresh_path,
                                                      const char *context, gboolean keep);

/* ---- files --------------------------------------------------------------------------------- */

/* A consistent copy of a SQLite database (WAL included) into a new file, through SQLite's
 * backup API, so a test can snapshot a server or replica database and start again from it. */
void           loket_test_copy_database       (const char *from_path, const char *to_path);
/* A valid BSN (elfproef) made from n, starting with 6: different n give different numbers (for
 * n below 1,000,000); demo customers are unlikely to have it, but a test checks. */
char          *loket_test_make_bsn            (guint32 n);
/* A new temporary directory for a test's databases, prefix-XXXXXX: in /dev/shm when the
 * machine has one with room (memory, where SQLite's flushes to disk cost nothing: for tests of
 * sync logic that make thousands of commits, not of durability), else in the usual temporary
 * directory. */
char          *loket_test_make_tmp_dir        (const char *prefix);
/* A loopback URL where nothing listens: connecting to it fails at once. */
char          *loket_test_dead_url            (void);

G_END_DECLS
