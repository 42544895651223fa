/* loket-sync: configuration → store → (demo) → listen → main loop until SIGINT/SIGTERM.
 *
 * stdout carries exactly one line, "loket-sync: listening on http://ADDR:PORT", once the server
 * accepts connections (tests and service managers wait for it); everything else goes to stderr.
 * Exit status: 0 after a clean stop, 1 when the database or the address cannot be used,
 * 2 for a usage error. */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loket-config.h"
#include "loket-demo.h"
#include "loket-server.h"
#include "loket-store.h"

#define EXIT_USAGE 2

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* "anna, bram, …" for the demo message. */
static char *
list_usernames (LoketStore *store)
{
  LoketDb *db = loket_store_get_db (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GString *names = g_string_new (NULL);

  stmt = loket_db_prepare (db, "SELECT username FROM users ORDER BY username", &error);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, (const char *) sqlite3_column_text (stmt, 0));
    }
  return g_string_free (names, FALSE);
}

static gboolean
load_demo (LoketStore *store)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usernames = NULL;

  if (!loket_store_is_empty (store))
    {
      g_printerr ("loket-sync: --demo: the database already holds data; it is kept as it is\n");
      return TRUE;
    }
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  now = g_date_time_new_now (tz);
  if (!loket_store_load_demo (store, now, &error))
    {
      g_printerr ("loket-sync: cannot load the demo municipality: %s\n", error->message);
      return FALSE;
    }
  usernames = list_usernames (store);
  g_printerr ("loket-sync: loaded the demo municipality (users: %s; password: %s)\n",
              usernames, LOKET_DEMO_PASSWORD);
  return TRUE;
}

static int
serve (LoketConfig *config)
{
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint sigint_id, sigterm_id;

  if (!loket_config_check_db_path (config->db_path, &error))
    {
      g_printerr ("loket-sync: cannot use the database: %s\n", error->message);
      return EXIT_FAILURE;
    }
  store = loket_store_open (config->db_path, &error);
  if (store == NULL)
    {
      /* The store's sentence usually names the path already; say it once. */
      if (strstr (error->message, config->db_path) != NULL)
        g_printerr ("loket-sync: %s\n", error->message);
      else
        g_printerr ("loket-sync: cannot open the database '%s': %s\n", config->db_path,
                    error->message);
      return EXIT_FAILURE;
    }
  if (config->demo && !load_demo (store))
    return EXIT_FAILURE;

  server = loket_server_new (store);
  if (!loket_server_listen (server, config->listen_host, config->listen_port, &error))
    {
      g_printerr ("loket-sync: cannot listen on %s port %u: %s\n", config->listen_host,
                  config->listen_port, error->message);
      return EXIT_FAILURE;
    }

  /* Whoever waits for the listen line may signal at once: be ready for it first. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  url = loket_server_dup_url (server);
  g_print ("loket-sync: listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_printerr ("loket-sync: stopped\n");
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  g_autoptr(LoketConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  /* The locale's charset for stderr, but English messages: they are for API clients and
   * logs, and the shared protocol code is marked for translation for the desk app's sake. */
  setlocale (LC_ALL, "");
  setlocale (LC_MESSAGES, "C");
  g_set_prgname ("loket-sync");

  config = loket_config_parse (argc, argv, &error);
  if (config == NULL)
    {
      g_printerr ("loket-sync: %s\nRun 'loket-sync --help' to see the options.\n", error->message);
      return EXIT_USAGE;
    }
  switch (config->action)
    {
    case LOKET_CONFIG_ACTION_HELP:
      g_print ("%s", config->help_text);
      return EXIT_SUCCESS;
    case LOKET_CONFIG_ACTION_VERSION:
      version = loket_config_version_text ();
      g_print ("%s\n", version);
      return EXIT_SUCCESS;
    case LOKET_CONFIG_ACTION_SERVE:
    default:
      return serve (config);
    }
}
