/* loket-test-desk.c — a desk for integration tests, and the comparison of replicas.
 *
 * "replica == server" is judged against a fresh replica of the same user that does a full
 * first sync: what the server sends that user is by definition what the user may see, so the
 * comparison stays right when the server scopes what each user gets. */
#include "loket-test-desk.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-schema.h"
#include "loket-test-server.h"

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    wait->ok = loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  else
    wait->ok = loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

/* The user name of the replica's session, NULL before a login. */
static char *
session_username (LoketReplica *replica)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (replica);

  return user != NULL ? g_strdup (loket_record_get_string (user, "username")) : NULL;
}

LoketTestDesk *
loket_test_desk_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  LoketTestDesk *self = g_new0 (LoketTestDesk, 1);

  self->path = g_strdup (path);
  self->replica = loket_replica_open (path, &error);
  g_assert_no_error (error);
  self->client = loket_sync_client_new (self->replica);
  self->server_url = loket_replica_dup_state (self->replica, "server_url");
  self->username = session_username (self->replica);
  return self;
}

void
loket_test_desk_move_to (LoketTestDesk *self, const char *server_url)
{
  g_autoptr(GError) error = NULL;

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  self->offline = FALSE;
  loket_replica_set_state (self->replica, "server_url", server_url, &error);
  g_assert_no_error (error);
}

LoketTestDesk *
loket_test_desk_new_fresh (const char *path, LoketTestDesk *reader)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = loket_replica_dup_state (reader->replica, "token");
  g_autofree char *device_id = loket_replica_dup_state (reader->replica, "device_id");
  g_autofree char *user_text = loket_replica_dup_state (reader->replica, "user");
  g_autoptr(JsonObject) user = NULL;
  LoketTestDesk *self = loket_test_desk_open (path);

  g_assert_false (reader->offline);
  g_assert_nonnull (token);
  g_assert_nonnull (user_text);
  g_assert_cmpint (loket_replica_get_cursor (self->replica), ==, 0);
  user = loket_protocol_parse_object (user_text, strlen (user_text), &error);
  g_assert_no_error (error);
  loket_replica_begin_session (self->replica, reader->server_url, token, device_id, user,
                               &error);
  g_assert_no_error (error);
  g_free (self->server_url);
  g_free (self->username);
  self->server_url = g_strdup (reader->server_url);
  self->username = g_strdup (reader->username);
  self->password = g_strdup (reader->password);
  return self;
}

LoketTestDesk *
loket_test_desk_new (const char *dir, const char *name, const char *server_url,
                     const char *username)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  LoketTestDesk *self = loket_test_desk_open (path);

  loket_test_desk_login (self, server_url, username, "demo");
  loket_test_desk_sync (self);
  return self;
}

GError *
loket_test_desk_try_login (LoketTestDesk *self, const char *server_url, const char *username,
                           const char *password)
{
  g_autofree char *device = g_strdup_printf ("test desk %s", self->path);
  Wait wait = { 0 };

  loket_sync_client_login_async (self->client, server_url, username, password, device, NULL,
                                 on_done, &wait);
  loket_test_wait_for (&wait.done, LOKET_TEST_DESK_WAIT_MS);
  g_assert_true (wait.ok == (wait.error == NULL));
  if (wait.ok)
    {
      g_free (self->server_url);
      g_free (self->username);
      g_free (self->password);
      self->server_url = g_strdup (server_url);
      self->username = g_strdup (username);
      self->password = g_strdup (password);
      self->offline = FALSE;
    }
  return wait.error;
}

void
loket_test_desk_login (LoketTestDesk *self, const char *server_url, const char *username,
                       const char *password)
{
  g_autoptr(GError) error = loket_test_desk_try_login (self, server_url, username, password);

  g_assert_no_error (error);
}

GError *
loket_test_desk_try_sync (LoketTestDesk *self)
{
  Wait wait = { 0 };

  loket_sync_client_sync_async (self->client, NULL, on_done, &wait);
  loket_test_wait_for (&wait.done, LOKET_TEST_DESK_WAIT_MS);
  g_assert_true (wait.ok == (wait.error == NULL));
  return wait.error;
}

static void
assert_sync_result (LoketTestDesk *self, GError *error)
{
  if (self->offline)
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NETWORK);
  else
    g_assert_no_error (error);
}

void
loket_test_desk_sync (LoketTestDesk *self)
{
  g_autoptr(GError) error = loket_test_desk_try_sync (self);

  assert_sync_result (self, error);
}

void
loket_test_desk_sync_all (LoketTestDesk **desks, guint n)
{
  g_autofree Wait *waits = g_new0 (Wait, n);

  for (guint i = 0; i < n; i++)
    loket_sync_client_sync_async (desks[i]->client, NULL, on_done, &waits[i]);
  for (guint i = 0; i < n; i++)
    {
      loket_test_wait_for (&waits[i].done, LOKET_TEST_DESK_WAIT_MS);
      g_assert_true (waits[i].ok == (waits[i].error == NULL));
      assert_sync_result (desks[i], waits[i].error);
      g_clear_error (&waits[i].error);
    }
}

void
loket_test_desk_sync_quiet (LoketTestDesk *self)
{
  g_assert_false (self->offline);
  for (guint round = 0; round < 4; round++)
    {
      gint64 cursor = loket_replica_get_cursor (self->replica);

      loket_test_desk_sync (self);
      if (loket_replica_count_pending (self->replica) == 0
          && loket_replica_get_cursor (self->replica) == cursor && round > 0)
        return;
    }
  g_assert_cmpuint (loket_replica_count_pending (self->replica), ==, 0);
}

void
loket_test_desk_set_offline (LoketTestDesk *self, gboolean offline)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = NULL;

  g_assert_nonnull (self->server_url);
  if (offline == self->offline)
    return;
  dead = offline ? loket_test_dead_url () : NULL;
  /* The session's own address, as a desk that lost its network still has it. */
  loket_replica_set_state (self->replica, "server_url", offline ? dead : self->server_url,
                           &error);
  g_assert_no_error (error);
  self->offline = offline;
}

char *
loket_test_desk_dup_device_id (LoketTestDesk *self)
{
  return loket_replica_dup_state (self->replica, "device_id");
}

void
loket_test_desk_free (LoketTestDesk *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->client);
  g_clear_object (&self->replica);
  g_free (self->path);
  g_free (self->server_url);
  g_free (self->username);
  g_free (self->password);
  g_free (self);
}

/* ---- comparing replicas ------------------------------------------------------------------ */

static sqlite3_stmt *
prepare_rows (sqlite3 *db, const char *entity)
{
  /* entity is one of the schema's table names, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", entity,
                                          loket_schema_key_column (entity));
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* A column value as the test shows it: 'text', 42, NULL. */
static char *
value_text (sqlite3_stmt *stmt, int column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return g_strdup ("NULL");
    case SQLITE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      return g_strdup_printf ("%g", sqlite3_column_double (stmt, column));
    default:
      return g_strdup_printf ("'%s'", (const char *) sqlite3_column_text (stmt, column));
    }
}

static const char *
key_of (sqlite3_stmt *stmt)
{
  return (const char *) sqlite3_column_text (stmt, 0);
}

/* Both tables come from the same migrations, so their columns are the same in the same order;
 * the key is the first column of every entity table. */
static void
diff_row (const char *entity, sqlite3_stmt *a, sqlite3_stmt *b, GPtrArray *diffs)
{
  for (int i = 0; i < sqlite3_column_count (a); i++)
    {
      g_autofree char *x = value_text (a, i);
      g_autofree char *y = value_text (b, i);

      if (!g_str_equal (x, y))
        g_ptr_array_add (diffs, g_strdup_printf ("%s %s: %s is %s here, %s there", entity,
                                                 key_of (a), sqlite3_column_name (a, i), x, y));
    }
}

static void
diff_entity (sqlite3 *da, sqlite3 *db, const char *entity, GPtrArray *diffs, guint max)
{
  sqlite3_stmt *a = prepare_rows (da, entity);
  sqlite3_stmt *b = prepare_rows (db, entity);
  int ra = sqlite3_step (a), rb = sqlite3_step (b);

  g_assert_cmpint (sqlite3_column_count (a), ==, sqlite3_column_count (b));
  while ((ra == SQLITE_ROW || rb == SQLITE_ROW) && (max == 0 || diffs->len < max))
    {
      int order = ra != SQLITE_ROW ? 1 : rb != SQLITE_ROW ? -1
                  : g_strcmp0 (key_of (a), key_of (b));

      if (order < 0)
        g_ptr_array_add (diffs, g_strdup_printf ("%s %s: only here", entity, key_of (a)));
      else if (order > 0)
        g_ptr_array_add (diffs, g_strdup_printf ("%s %s: only there", entity, key_of (b)));
      else
        diff_row (entity, a, b, diffs);
      if (order <= 0)
        ra = sqlite3_step (a);
      if (order >= 0)
        rb = sqlite3_step (b);
    }
  g_assert_true (ra == SQLITE_DONE || ra == SQLITE_ROW);
  g_assert_true (rb == SQLITE_DONE || rb == SQLITE_ROW);
  sqlite3_finalize (a);
  sqlite3_finalize (b);
}

GPtrArray *
loket_test_diff_databases (sqlite3 *a, sqlite3 *b, guint max)
{
  const char *const *entities = loket_schema_entities ();
  GPtrArray *diffs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; entities[i] != NULL && (max == 0 || diffs->len < max); i++)
    diff_entity (a, b, entities[i], diffs, max);
  return diffs;
}

void
loket_test_assert_same_replicas (LoketReplica *a, LoketReplica *b, const char *context)
{
  g_autoptr(GPtrArray) diffs = loket_test_diff_databases (
    loket_db_get_handle (loket_replica_get_db (a)),
    loket_db_get_handle (loket_replica_get_db (b)), 20);

  if (diffs->len == 0)
    return;
  for (guint i = 0; i < diffs->len; i++)
    g_test_message ("%s: %s", context, (const char *) g_ptr_array_index (diffs, i));
  g_error ("%s: the replicas differ (%u differences shown above, \"here\" is %s, \"there\" %s)",
           context, diffs->len, loket_db_get_path (loket_replica_get_db (a)),
           loket_db_get_path (loket_replica_get_db (b)));
}

void
loket_test_desk_assert_matches (LoketTestDesk *self, LoketTestDesk *fresh, const char *context)
{
  g_autofree char *user = session_username (fresh->replica);

  g_assert_false (self->offline);
  g_assert_cmpstr (user, ==, self->username);
  g_assert_cmpint (loket_replica_get_cursor (fresh->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (fresh->replica), ==, 0);
  loket_test_desk_sync (fresh);
  loket_test_assert_same_replicas (self->replica, fresh->replica, context);
}

LoketTestDesk *
loket_test_desk_assert_matches_server (LoketTestDesk *self, const char *fresh_path,
                                       const char *context, gboolean keep)
{
  g_autoptr(LoketTestDesk) fresh = loket_test_desk_open (fresh_path);

  g_assert_false (self->offline);
  loket_test_desk_login (fresh, self->server_url, self->username,
                         self->password != NULL ? self->password : "demo");
  loket_test_desk_assert_matches (self, fresh, context);
  return keep ? g_steal_pointer (&fresh) : NULL;
}

/* ---- files --------------------------------------------------------------------------------- */

void
loket_test_copy_database (const char *from_path, const char *to_path)
{
  sqlite3 *from = NULL, *to = NULL;
  sqlite3_backup *backup;

  g_assert_cmpint (sqlite3_open_v2 (from_path, &from, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (to_path, &to), ==, SQLITE_OK);
  sqlite3_busy_timeout (from, 10000);
  backup = sqlite3_backup_init (to, "main", from, "main");
  g_assert_nonnull (backup);
  g_assert_cmpint (sqlite3_backup_step (backup, -1), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
  sqlite3_close (from);
  sqlite3_close (to);
}

char *
loket_test_make_tmp_dir (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *shm = g_build_filename ("/dev/shm", template, NULL);
  struct statvfs room;
  char *dir;

  if (statvfs ("/dev/shm", &room) == 0 && access ("/dev/shm", W_OK) == 0
      && (guint64) room.f_bavail * room.f_frsize >= 256 * 1024 * 1024
      && g_mkdtemp (shm) != NULL)
    return g_steal_pointer (&shm);
  dir = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (dir);
  return dir;
}

/* A socket bound to a loopback port but never listening: the kernel refuses connections to it
 * at once, and nobody else can take the port while it stays bound (for the whole process). */
static GSocket *
dead_socket (void)
{
  static GSocket *dead;

  if (dead == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);

      dead = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
      g_assert_no_error (error);
      g_socket_bind (dead, any, FALSE, &error);
      g_assert_no_error (error);
    }
  return dead;
}

char *
loket_test_dead_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (dead_socket (), &error);

  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

char *
loket_test_make_bsn (guint32 n)
{
  char digits[10];

  for (guint32 bump = 0; ; bump++)
    {
      int sum = 0;

      g_snprintf (digits, sizeof digits, "6%07u0", (n * 10 + bump) % 10000000);
      for (int i = 0; i < 8; i++)
        sum += (digits[i] - '0') * (9 - i);
      if (sum % 11 < 10)
        {
          digits[8] = (char) ('0' + sum % 11);
          return g_strdup (digits);
        }
    }
}
