/* test-server-cli.c — loket-sync's command line: every mistake an operator can make gets a
 * readable sentence on stderr and the documented exit status (2 usage, 1 database or address),
 * never a crash; the key file and a clean stop on SIGTERM work. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

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
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
