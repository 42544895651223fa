/* test-server-cli.c — loket-sync's command line: every mistake an operator can make gets a
 * readable sentence on stderr and the documented exit status (2 usage, 1 database or address),
 * never a crash; the key file and a clean stop on SIGTERM work; the devices, revoke-device,
 * revoke-user, move-user and compact commands work on the database of a running server; deliver
 * sends what is due at --at by the configured mail program and says how it went. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store.h"
#include "loket-test-server.h"

#define TIMEOUT_MS 60000

static char *tmp_dir;

typedef struct {
  int   exit_status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static GSubprocess *
spawn (const char *const *args, GError **error)
{
  const char *bin = g_getenv ("LOKET_SYNC_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (char *) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communication;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer data)
{
  Communication *c = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err,
                                        &c->error);
  c->done = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Collects the rest of the output and waits for the exit, killing a process that hangs. */
static Run *
finish (GSubprocess *process)
{
  Communication c = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (TIMEOUT_MS, on_timeout, &timed_out);
  Run *run = g_new0 (Run, 1);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &c);
  while (!c.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_subprocess_force_exit (process);
      while (!c.done)
        g_main_context_iteration (NULL, TRUE);
    }
  else
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
  g_assert_no_error (c.error);
  g_subprocess_wait (process, NULL, NULL);

  /* Never a crash, whatever it was given. */
  g_assert_false (g_subprocess_get_if_signaled (process));
  g_assert_true (g_subprocess_get_if_exited (process));
  run->exit_status = g_subprocess_get_exit_status (process);
  run->out = c.out != NULL ? c.out : g_strdup ("");
  run->err = c.err != NULL ? c.err : g_strdup ("");
  g_test_message ("exit %d, stderr: %s", run->exit_status, run->err);
  return run;
}

static Run *
run_args (const char *const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn (args, &error);

  g_assert_no_error (error);
  return finish (process);
}

static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
assert_failure (Run *run, int exit_status, const char *part)
{
  g_assert_cmpint (run->exit_status, ==, exit_status);
  g_assert_true (g_str_has_prefix (run->err, "loket-sync: "));
  assert_contains (run->err, part);
  /* stdout stays for the listen line only. */
  g_assert_cmpstr (run->out, ==, "");
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Usage errors: exit 2
 */

static void
test_usage_errors (void)
{
  g_autofree char *db = tmp_path ("usage.db");
  const char *bad_flag[] = { "--db", db, "--bogus", NULL };
  const char *no_db[] = { "--listen", "127.0.0.1:0", NULL };
  const char *no_db_value[] = { "--db", NULL };
  const char *stray[] = { "--db", db, "extra", NULL };
  g_autoptr(Run) r1 = run_args (bad_flag);
  g_autoptr(Run) r2 = run_args (no_db);
  g_autoptr(Run) r3 = run_args (no_db_value);
  g_autoptr(Run) r4 = run_args (stray);

  assert_failure (r1, 2, "--bogus");
  assert_contains (r1->err, "--help");
  assert_failure (r2, 2, "--db");
  assert_failure (r3, 2, "--db");
  assert_failure (r4, 2, "extra");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_listen_errors (void)
{
  g_autofree char *db = tmp_path ("listen.db");
  static const char *const bad[] = {
    "nonsense", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80a",
    "999.1.1.1:80", "example.org:80", "::1:8080", "[::1]", "[nonsense]:80", ":80",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *args[] = { "--db", db, "--listen", bad[i], NULL };
      g_autoptr(Run) run = run_args (args);

      assert_failure (run, 2, "--listen");
      assert_contains (run->err, bad[i]);
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_config_errors (void)
{
  g_autofree char *missing = tmp_path ("missing.ini");
  g_autofree char *no_group = tmp_path ("no-group.ini");
  g_autofree char *unknown_key = tmp_path ("unknown-key.ini");
  g_autofree char *bad_demo = tmp_path ("bad-demo.ini");
  const char *a1[] = { "--config", missing, NULL };
  const char *a2[] = { "--config", no_group, NULL };
  const char *a3[] = { "--config", unknown_key, NULL };
  const char *a4[] = { "--config", bad_demo, NULL };
  g_autoptr(Run) r1 = NULL;
  g_autoptr(Run) r2 = NULL;
  g_autoptr(Run) r3 = NULL;
  g_autoptr(Run) r4 = NULL;

  g_assert_true (g_file_set_contents (no_group, "[desk]\ndb=x.db\n", -1, NULL));
  g_assert_true (g_file_set_contents (unknown_key, "[server]\ndb=x.db\nlisen=1.2.3.4:5\n", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (bad_demo, "[server]\ndb=x.db\ndemo=misschien\n", -1,
                                      NULL));
  r1 = run_args (a1);
  r2 = run_args (a2);
  r3 = run_args (a3);
  r4 = run_args (a4);
  assert_failure (r1, 2, missing);
  assert_failure (r2, 2, "[server]");
  assert_failure (r3, 2, "lisen");
  assert_failure (r4, 2, "demo");
}

static void
test_help_and_version (void)
{
  const char *help[] = { "--help", NULL };
  const char *version[] = { "--version", NULL };
  g_autoptr(Run) r1 = run_args (help);
  g_autoptr(Run) r2 = run_args (version);

  g_assert_cmpint (r1->exit_status, ==, 0);
  assert_contains (r1->out, "--db");
  assert_contains (r1->out, "--listen");
  assert_contains (r1->out, "--demo");
  assert_contains (r1->out, "--config");
  assert_contains (r1->out, "devices");
  assert_contains (r1->out, "revoke-device DEVICE_ID");
  assert_contains (r1->out, "revoke-user USERNAME");
  assert_contains (r1->out, "deliver [--at TIME]");
  g_assert_cmpint (r2->exit_status, ==, 0);
  g_assert_true (g_str_has_prefix (r2->out, "loket-sync " PACKAGE_VERSION));
}

/* ---------------------------------------------------------------------------------------------
 * Unusable databases and addresses: exit 1
 */

static void
test_database_errors (void)
{
  g_autofree char *directory = tmp_path ("a-directory.db");
  g_autofree char *garbage = tmp_path ("garbage.db");
  const char *a1[] = { "--db", "/nonexistent-dir/x.db", "--listen", "127.0.0.1:0", NULL };
  const char *a2[] = { "--db", directory, "--listen", "127.0.0.1:0", NULL };
  const char *a3[] = { "--db", garbage, "--listen", "127.0.0.1:0", NULL };
  g_autoptr(Run) r1 = NULL;
  g_autoptr(Run) r2 = NULL;
  g_autoptr(Run) r3 = NULL;
  guint8 junk[8192];

  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_random_int ();
  memcpy (junk, "no database here", 16);
  g_assert_true (g_file_set_contents (garbage, (const char *) junk, sizeof junk, NULL));

  r1 = run_args (a1);
  r2 = run_args (a2);
  r3 = run_args (a3);
  assert_failure (r1, 1, "/nonexistent-dir");
  assert_contains (r1->err, "does not exist");
  assert_failure (r2, 1, directory);
  assert_contains (r2->err, "directory");
  assert_failure (r3, 1, garbage);
  assert_contains (r3->err, "database");
}

static void
test_address_in_use (void)
{
  g_autofree char *db1 = tmp_path ("first.db");
  g_autofree char *db2 = tmp_path ("second.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) first = loket_test_server_start (db1, FALSE, 0, &error);
  g_autofree char *listen = NULL;

  g_assert_no_error (error);
  listen = g_strdup_printf ("127.0.0.1:%u", first->port);
  {
    const char *args[] = { "--db", db2, "--listen", listen, NULL };
    g_autoptr(Run) run = run_args (args);

    assert_failure (run, 1, "cannot listen");
    assert_contains (run->err, listen + strlen ("127.0.0.1:"));
  }
}

/* ---------------------------------------------------------------------------------------------
 * A real start: key file, listen line, demo, clean stop
 */

/* Starts, waits for the listen line, stops with SIGTERM. */
static Run *
start_and_stop (const char *const *args, char **listen_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn (args, &error);
  g_autoptr(GDataInputStream) lines = NULL;
  Run *run;

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  *listen_line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_send_signal (process, SIGTERM);
  run = finish (process);
  return run;
}

static void
test_config_file_and_stop (void)
{
  g_autofree char *dir = tmp_path ("conf");
  g_autofree char *config = NULL;
  g_autofree char *db = NULL;
  g_autofree char *line = NULL;
  g_autoptr(Run) run = NULL;
  const char *args[] = { "--config", NULL, NULL };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  config = g_build_filename (dir, "loket-sync.ini", NULL);
  db = g_build_filename (dir, "relative.db", NULL);
  g_assert_true (g_file_set_contents (config,
                                      "# loket-sync\n[server]\ndb=relative.db\n"
                                      "listen=127.0.0.1:0\ndemo=false\n", -1, NULL));
  args[1] = config;
  run = start_and_stop (args, &line);

  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "loket-sync: listening on http://127.0.0.1:"));
  g_assert_cmpstr (strrchr (line, ':') + 1, !=, "0");
  /* The relative db path is taken beside the key file. */
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  /* A clean stop on SIGTERM. */
  g_assert_cmpint (run->exit_status, ==, 0);
}

static void
test_demo_kept (void)
{
  g_autofree char *db = tmp_path ("demo.db");
  const char *args[] = { "--db", db, "--listen", "localhost:0", "--demo", NULL };
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  g_autoptr(Run) first = start_and_stop (args, &line1);
  g_autoptr(Run) second = start_and_stop (args, &line2);

  g_assert_true (g_str_has_prefix (line1, "loket-sync: listening on http://127.0.0.1:"));
  assert_contains (first->err, "loaded the demo municipality");
  assert_contains (first->err, "password");
  assert_contains (second->err, "kept");
  g_assert_cmpint (first->exit_status, ==, 0);
  g_assert_cmpint (second->exit_status, ==, 0);
}

/* ---------------------------------------------------------------------------------------------
 * Commands: devices, revoke-device, revoke-user
 */

static void
test_command_usage_errors (void)
{
  g_autofree char *db = tmp_path ("command-usage.db");
  const char *no_id[] = { "--db", db, "revoke-device", NULL };
  const char *empty_id[] = { "--db", db, "revoke-device", "", NULL };
  const char *no_user[] = { "--db", db, "revoke-user", NULL };
  const char *extra[] = { "--db", db, "devices", "everything", NULL };
  const char *extra2[] = { "--db", db, "revoke-user", "balie", "kcc", NULL };
  const char *unknown[] = { "--db", db, "revoke", "balie", NULL };
  const char *no_db[] = { "devices", NULL };
  g_autoptr(Run) r1 = run_args (no_id);
  g_autoptr(Run) r2 = run_args (empty_id);
  g_autoptr(Run) r3 = run_args (no_user);
  g_autoptr(Run) r4 = run_args (extra);
  g_autoptr(Run) r5 = run_args (extra2);
  g_autoptr(Run) r6 = run_args (unknown);
  g_autoptr(Run) r7 = run_args (no_db);

  assert_failure (r1, 2, "revoke-device needs a DEVICE_ID");
  assert_contains (r1->err, "loket-sync --db PATH revoke-device DEVICE_ID");
  assert_failure (r2, 2, "revoke-device needs a DEVICE_ID");
  assert_failure (r3, 2, "revoke-user needs a USERNAME");
  assert_failure (r4, 2, "'everything'");
  assert_failure (r5, 2, "'kcc'");
  assert_failure (r6, 2, "'revoke'");
  assert_contains (r6->err, "revoke-device");
  assert_failure (r7, 2, "--db");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_command_missing_database (void)
{
  g_autofree char *db = tmp_path ("not-there.db");
  const char *a1[] = { "--db", db, "devices", NULL };
  const char *a2[] = { "--db", db, "revoke-user", "balie", NULL };
  g_autoptr(Run) r1 = run_args (a1);
  g_autoptr(Run) r2 = run_args (a2);

  /* A mistyped path must not leave an empty database behind. */
  assert_failure (r1, 1, "does not exist");
  assert_contains (r1->err, db);
  assert_failure (r2, 1, "does not exist");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* A desk signing in, through a second connection to the database the server runs on (as the
 * commands use it): the new device's id, and its token in *token.  In-process rather than over
 * HTTP, so this test needs no network client; test-revoke drives real desks. */
static char *
login (LoketStore *store, const char *username, const char *device_name, char **token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = loket_store_login (store, username, "demo", device_name,
                                                    &error);

  g_assert_no_error (error);
  *token = g_strdup (json_object_get_string_member (answer, "token"));
  return g_strdup (json_object_get_string_member (answer, "device_id"));
}

/* Whether the server would still accept the token (the check every push and pull makes). */
static gboolean
token_works (LoketStore *store, const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device = loket_store_authenticate (store, token, &error);

  g_assert_true ((device != NULL) == (error == NULL));
  if (device == NULL)
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED);
  return device != NULL;
}

/* The line of the devices table that names id. */
static char *
device_line (const char *table, const char *id)
{
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], id) != NULL)
      return g_strdup (lines[i]);
  g_error ("no line for %s in:\n%s", id, table);
}

static Run *
run_command (const char *db, const char *command, const char *argument)
{
  const char *args[] = { "--db", db, command, argument, NULL };
  Run *run = run_args (args);

  g_test_message ("%s %s:\n%s", command, argument != NULL ? argument : "", run->out);
  return run;
}

static void
assert_success (Run *run)
{
  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

/* Every device listed with its user and state; what a revoke did is said; a revoked token stops
 * working at once, other devices go on; all while a server runs on the database. */
static void
test_devices_and_revoke (void)
{
  g_autofree char *db = tmp_path ("devices.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) server = loket_test_server_start (db, TRUE, 0, &error);
  g_autoptr(LoketStore) store = NULL;
  g_autofree char *token0 = NULL;
  g_autofree char *token1 = NULL;
  g_autofree char *token2 = NULL;
  g_autofree char *id0 = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *line = NULL;
  g_autoptr(Run) empty = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) revoke = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) user = NULL;
  g_autoptr(Run) nobody = NULL;
  g_autoptr(Run) unknown = NULL;
  g_autoptr(Run) unknown_user = NULL;
  g_autoptr(Run) after = NULL;

  g_assert_no_error (error);
  store = loket_store_open (db, &error);
  g_assert_no_error (error);
  empty = run_command (db, "devices", NULL);
  assert_success (empty);
  g_assert_cmpstr (empty->out, ==, "No device has signed in yet.\n");

  id0 = login (store, "balie", "Balie 1", &token0);
  id1 = login (store, "balie", "Balie\t2\033[31m", &token1);
  id2 = login (store, "kcc", "KCC", &token2);

  list = run_command (db, "devices", NULL);
  assert_success (list);
  g_assert_true (g_str_has_prefix (list->out, "ID "));
  assert_contains (list->out, "USER");
  assert_contains (list->out, "REVOKED");
  assert_contains (list->out, "LAST SEQ");
  line = device_line (list->out, id1);
  /* A control character in a device name never reaches the terminal. */
  assert_contains (line, "Balie?2?[31m");
  g_assert_null (strchr (list->out, '\033'));
  assert_contains (line, "  balie  ");
  assert_contains (line, " no ");
  g_assert_true (g_str_has_suffix (line, " 0"));

  revoke = run_command (db, "revoke-device", id0);
  assert_success (revoke);
  assert_contains (revoke->out, "Revoked device ");
  assert_contains (revoke->out, id0);
  assert_contains (revoke->out, "\"Balie 1\" of balie");
  g_assert_false (token_works (store, token0));
  g_assert_true (token_works (store, token1));

  again = run_command (db, "revoke-device", id0);
  assert_success (again);
  assert_contains (again->out, "was already revoked");

  user = run_command (db, "revoke-user", "balie");
  assert_success (user);
  assert_contains (user->out, id1);
  assert_contains (user->out, "Revoked device ");
  g_assert_false (token_works (store, token1));
  g_assert_true (token_works (store, token2));

  nobody = run_command (db, "revoke-user", "redactie");
  assert_success (nobody);
  assert_contains (nobody->out, "User redactie has no devices");

  unknown = run_command (db, "revoke-device", "0000-no-such-device");
  assert_failure (unknown, 1, "no device with the id '0000-no-such-device'");
  unknown_user = run_command (db, "revoke-user", "nobody");
  assert_failure (unknown_user, 1, "no user with the name 'nobody'");

  after = run_command (db, "devices", NULL);
  assert_success (after);
  g_clear_pointer (&line, g_free);
  line = device_line (after->out, id0);
  assert_contains (line, " yes ");
  g_clear_pointer (&line, g_free);
  line = device_line (after->out, id1);
  assert_contains (line, " yes ");
  g_clear_pointer (&line, g_free);
  line = device_line (after->out, id2);
  assert_contains (line, " no ");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static gint64
db_count (const char *db, const char *sql)
{
  g_autofree char *text = loket_test_db_text (db, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* move-user and compact: their mistakes, and their work on the database of a running server. */
static void
test_move_user_and_compact (void)
{
  g_autofree char *db = tmp_path ("move.db");
  g_autofree char *missing = tmp_path ("move-not-there.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) server = loket_test_server_start (db, TRUE, 0, &error);
  const char *no_name[] = { "--db", db, "move-user", NULL };
  const char *no_target[] = { "--db", db, "move-user", "kcc", NULL };
  const char *no_value[] = { "--db", db, "move-user", "kcc", "--team", NULL };
  const char *two[] = { "--db", db, "move-user", "kcc", "balie", "--team", "KCC", NULL };
  const char *both[] = { "--db", db, "devices", "compact", NULL };
  const char *bad_days[] = { "--db", db, "compact", "--active-days", "soon", NULL };
  const char *nobody[] = { "--db", db, "move-user", "nobody", "--team", "KCC", NULL };
  const char *no_team[] = { "--db", db, "move-user", "kcc", "--team", "Nope", NULL };
  const char *no_place[] = { "--db", db, "move-user", "kcc", "--location", "Mars", NULL };
  const char *not_there[] = { "--db", missing, "compact", NULL };
  const char *move[] = { "--db", db, "move-user", "kcc", "--team", "burgerzaken",
                         "--location", "Servicepunt Noord", NULL };
  const char *compact[] = { "--db", db, "compact", "--active-days", "30", NULL };
  g_autofree char *kcc_id = NULL;
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(Run) r1 = run_args (no_name);
    g_autoptr(Run) r2 = run_args (no_target);
    g_autoptr(Run) r3 = run_args (no_value);
    g_autoptr(Run) r4 = run_args (two);
    g_autoptr(Run) r5 = run_args (both);
    g_autoptr(Run) r6 = run_args (bad_days);
    g_autoptr(Run) r7 = run_args (nobody);
    g_autoptr(Run) r8 = run_args (no_team);
    g_autoptr(Run) r9 = run_args (no_place);
    g_autoptr(Run) r10 = run_args (not_there);

    assert_failure (r1, 2, "move-user needs a USERNAME");
    assert_failure (r2, 2, "--location and/or --team");
    assert_failure (r3, 2, "--team needs a value");
    assert_failure (r4, 2, "'balie'");
    assert_failure (r5, 2, "one command at a time");
    assert_failure (r6, 2, "--active-days");
    assert_failure (r7, 1, "no user with the name 'nobody'");
    assert_failure (r8, 1, "no team 'Nope'");
    assert_failure (r9, 1, "no location 'Mars'");
    assert_failure (r10, 1, "does not exist");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  kcc_id = loket_test_db_text (db, "SELECT id FROM users WHERE username = 'kcc'");
  sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE entity = 'users'"
                         " AND row_id = '%s'", kcc_id);
  g_assert_cmpint (db_count (db, sql), ==, 1);
  {
    g_autoptr(Run) moved = run_args (move);
    g_autofree char *team = NULL;

    assert_success (moved);
    assert_contains (moved->out, "kcc");
    assert_contains (moved->out, "Servicepunt Noord");
    assert_contains (moved->out, "Burgerzaken");
    team = loket_test_db_text (db, "SELECT t.name FROM users u JOIN teams t ON t.id = u.team_id"
                                   " WHERE u.username = 'kcc'");
    g_assert_cmpstr (team, ==, "Burgerzaken");
    /* Logged, so every desk learns it. */
    g_assert_cmpint (db_count (db, sql), ==, 2);
  }
  {
    g_autoptr(Run) compacted = run_args (compact);

    assert_success (compacted);
    assert_contains (compacted->out, "Removed 1 superseded entries and 0 tombstones");
    g_assert_cmpint (db_count (db, sql), ==, 1);
  }
}

/* deliver: its mistakes, and a run over the demo's outbox a month ahead, with a mail program
 * that takes everything, one that cannot be started, and no SMS gateway. */
static void
test_deliver (void)
{
  g_autofree char *dir = tmp_path ("deliver");
  g_autofree char *db = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *line = NULL;
  g_autofree char *month = NULL;
  g_autofree char *queued_mail = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  gint64 mails, sms;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  db = g_build_filename (dir, "demo.db", NULL);
  missing = g_build_filename (dir, "not-there.db", NULL);
  good = g_build_filename (dir, "good.conf", NULL);
  broken = g_build_filename (dir, "broken.conf", NULL);
  month = g_date_time_format_iso8601 (later);
  g_assert_true (g_file_set_contents (good, "[server]\n[mail]\nsendmail=/bin/sh -c 'cat >"
                                      " /dev/null'\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "[server]\n[mail]\nsendmail=/nonexistent/sendmail"
                                      " -t\n", -1, NULL));
  {
    const char *demo[] = { "--db", db, "--listen", "127.0.0.1:0", "--demo", NULL };
    g_autoptr(Run) made = start_and_stop (demo, &line);

    g_assert_cmpint (made->exit_status, ==, 0);
  }
  {
    const char *bad_at[] = { "--db", db, "deliver", "--at", "tomorrow", NULL };
    const char *no_zone[] = { "--db", db, "deliver", "--at", "2026-11-23T08:00:00", NULL };
    const char *no_time[] = { "--db", db, "deliver", "--at", "2026-11-23", NULL };
    const char *at_alone[] = { "--db", db, "devices", "--at", "2026-11-23T08:00:00Z", NULL };
    const char *extra[] = { "--db", db, "deliver", "now", NULL };
    const char *not_there[] = { "--db", missing, "deliver", NULL };
    g_autoptr(Run) r1 = run_args (bad_at);
    g_autoptr(Run) r2 = run_args (no_zone);
    g_autoptr(Run) r3 = run_args (no_time);
    g_autoptr(Run) r4 = run_args (at_alone);
    g_autoptr(Run) r5 = run_args (extra);
    g_autoptr(Run) r6 = run_args (not_there);

    assert_failure (r1, 2, "--at must be a time with its zone");
    assert_failure (r2, 2, "--at must be a time with its zone");
    assert_failure (r3, 2, "--at must be a time with its zone");
    assert_failure (r4, 2, "--at belongs to the deliver command");
    assert_failure (r5, 2, "'now' after deliver");
    assert_failure (r6, 1, "does not exist");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  /* Now: the demo's outbox holds nothing due yet. */
  {
    const char *args[] = { "--db", db, "--config", good, "deliver", NULL };
    g_autoptr(Run) run = run_args (args);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "0 sent, 0 will be retried, 0 failed\n");
  }

  /* A month ahead, with a mail program that cannot be started: every e-mail waits for a
   * retry with its reason; without a gateway every SMS fails for good. */
  queued_mail = g_strdup_printf ("SELECT count (*) FROM messages WHERE state = 'queued' AND"
                                 " channel = 'email' AND due_at <= '%s'", month);
  mails = db_count (db, queued_mail);
  sms = db_count (db, "SELECT count (*) FROM messages WHERE state = 'queued' AND channel = 'sms'");
  g_assert_cmpint (mails, >, 0);
  g_assert_cmpint (sms, >, 0);
  {
    const char *args[] = { "--db", db, "--config", broken, "deliver", "--at", month, NULL };
    g_autoptr(Run) run = run_args (args);

    assert_success (run);
    g_test_message ("%s", run->out);
    g_assert_true (g_str_has_suffix (run->out, " failed\n"));
    g_assert_true (g_str_has_prefix (run->out, "0 sent, "));
    g_assert_cmpint (db_count (db, "SELECT count (*) FROM messages WHERE reason LIKE"
                                   " '%/nonexistent/sendmail%' AND state = 'queued'"), >, 0);
    g_assert_cmpint (db_count (db, "SELECT count (*) FROM messages WHERE channel = 'sms' AND"
                                   " state = 'failed' AND reason != ''"), >, 1);
  }
  /* Then with one that takes them: the retries go a minute later, and the rest of the month. */
  {
    g_autoptr(GDateTime) retry = g_date_time_add_minutes (later, 1);
    g_autofree char *at = g_date_time_format_iso8601 (retry);
    const char *args[] = { "--db", db, "--config", good, "deliver", "--at", at, NULL };

    for (int round = 0; round < 20 && db_count (db, queued_mail) > 0; round++)
      {
        g_autoptr(Run) run = run_args (args);

        assert_success (run);
        assert_contains (run->out, " will be retried, ");
      }
    g_assert_cmpint (db_count (db, queued_mail), ==, 0);
    g_assert_cmpint (db_count (db, "SELECT count (*) FROM messages WHERE channel = 'email' AND"
                                   " state = 'sent' AND attempts = 2"), >, 0);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("loket-server-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/server-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/server-cli/listen-errors", test_listen_errors);
  g_test_add_func ("/server-cli/config-errors", test_config_errors);
  g_test_add_func ("/server-cli/help-and-version", test_help_and_version);
  g_test_add_func ("/server-cli/database-errors", test_database_errors);
  g_test_add_func ("/server-cli/address-in-use", test_address_in_use);
  g_test_add_func ("/server-cli/config-file-and-stop", test_config_file_and_stop);
  g_test_add_func ("/server-cli/demo-kept", test_demo_kept);
  g_test_add_func ("/server-cli/command-usage-errors", test_command_usage_errors);
  g_test_add_func ("/server-cli/command-missing-database", test_command_missing_database);
  g_test_add_func ("/server-cli/devices-and-revoke", test_devices_and_revoke);
  g_test_add_func ("/server-cli/move-user-and-compact", test_move_user_and_compact);
  g_test_add_func ("/server-cli/deliver", test_deliver);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
