/* loket-config.c — loket-sync's command line and key file.
 *
 * Parsing never prints and never exits: main decides what a failure means, so the rules
 * here can be tested in-process.  GOption's own --help is switched off for the same reason. */
#include "config.h"

#include "loket-config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "loket-protocol.h"
#include "loket-schema.h"

#define SERVER_GROUP "server"

G_DEFINE_QUARK (loket-config-error-quark, loket_config_error)

/* What the command line said; NULL / FALSE where it said nothing. */
typedef struct {
  char     *db;
  char     *listen;
  char     *config;
  gboolean  demo;
  gboolean  help;
  gboolean  version;
} CommandLine;

static void
command_line_clear (CommandLine *cl)
{
  g_clear_pointer (&cl->db, g_free);
  g_clear_pointer (&cl->listen, g_free);
  g_clear_pointer (&cl->config, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommandLine, command_line_clear)

char *
loket_config_version_text (void)
{
  return g_strdup_printf ("loket-sync %s (protocol %d, schema %d)", PACKAGE_VERSION,
                          LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
}

void
loket_config_free (LoketConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->help_text);
  g_free (self->db_path);
  g_free (self->listen_host);
  g_free (self->argument);
  g_free (self->config_path);
  g_free (self);
}

static gboolean
parse_port (const char *text, guint16 *port)
{
  guint64 value;

  if (*text == '\0' || strlen (text) > 5)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  value = g_ascii_strtoull (text, NULL, 10);
  if (value > G_MAXUINT16)
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

/* A literal of the given family, and nothing else GLib might be lenient about. */
static gboolean
is_address_literal (const char *text, GSocketFamily family)
{
  g_autoptr(GInetAddress) address = NULL;

  if (family == G_SOCKET_FAMILY_IPV4 && strspn (text, "0123456789.") != strlen (text))
    return FALSE;
  address = g_inet_address_new_from_string (text);
  return address != NULL && g_inet_address_get_family (address) == family;
}

static gboolean
listen_fail (const char *text, const char *why, GError **error)
{
  g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
               "--listen '%s': %s (for example 127.0.0.1:8765, [::1]:8765 or localhost:8765)",
               text, why);
  return FALSE;
}

gboolean
loket_config_parse_listen (const char *text, char **host, guint16 *port, GError **error)
{
  g_autofree char *address = NULL;
  const char *port_text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (host != NULL && port != NULL, FALSE);

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        return listen_fail (text, "an IPv6 address in brackets must be followed by :PORT", error);
      address = g_strndup (text + 1, (gsize) (end - text - 1));
      if (!is_address_literal (address, G_SOCKET_FAMILY_IPV6))
        return listen_fail (text, "not an IPv6 address", error);
      port_text = end + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        return listen_fail (text, "expected ADDRESS:PORT", error);
      address = g_strndup (text, (gsize) (colon - text));
      if (strchr (address, ':') != NULL)
        return listen_fail (text, "put an IPv6 address in brackets", error);
      if (!g_str_equal (address, "localhost") &&
          !is_address_literal (address, G_SOCKET_FAMILY_IPV4))
        return listen_fail (text, "the address must be an IP address or localhost", error);
      port_text = colon + 1;
    }
  if (!parse_port (port_text, port))
    return listen_fail (text, "the port must be a number from 0 to 65535", error);

  *host = g_steal_pointer (&address);
  return TRUE;
}

static gboolean
key_file_fail (const char *path, GError *cause, GError **error)
{
  g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_CONFIG,
               "configuration file '%s': %s", path, cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
check_known_keys (GKeyFile *keys, const char *path, GError **error)
{
  static const char *const known[] = { "db", "listen", "demo", NULL };
  g_auto(GStrv) names = g_key_file_get_keys (keys, SERVER_GROUP, NULL, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (!g_strv_contains (known, names[i]))
      {
        g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_CONFIG,
                     "configuration file '%s': unknown key '%s' in [server] "
                     "(known keys: db, listen, demo)", path, names[i]);
        return FALSE;
      }
  return TRUE;
}

/* Fills in what the command line left open from the [server] group of path. */
static gboolean
apply_key_file (CommandLine *cl, const char *path, GError **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  GError *local_error = NULL;

  if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &local_error))
    return key_file_fail (path, local_error, error);
  if (!g_key_file_has_group (keys, SERVER_GROUP))
    {
      g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_CONFIG,
                   "configuration file '%s' has no [server] group", path);
      return FALSE;
    }
  if (!check_known_keys (keys, path, error))
    return FALSE;

  if (cl->db == NULL && g_key_file_has_key (keys, SERVER_GROUP, "db", NULL))
    {
      g_autofree char *db = g_key_file_get_string (keys, SERVER_GROUP, "db", &local_error);
      g_autofree char *dir = g_path_get_dirname (path);

      if (db == NULL)
        return key_file_fail (path, local_error, error);
      cl->db = g_path_is_absolute (db) ? g_steal_pointer (&db) : g_build_filename (dir, db, NULL);
    }
  if (cl->listen == NULL && g_key_file_has_key (keys, SERVER_GROUP, "listen", NULL))
    {
      cl->listen = g_key_file_get_string (keys, SERVER_GROUP, "listen", &local_error);
      if (cl->listen == NULL)
        return key_file_fail (path, local_error, error);
    }
  if (!cl->demo && g_key_file_has_key (keys, SERVER_GROUP, "demo", NULL))
    {
      cl->demo = g_key_file_get_boolean (keys, SERVER_GROUP, "demo", &local_error);
      if (local_error != NULL)
        {
          g_error_free (local_error);
          g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_CONFIG,
                       "configuration file '%s': demo must be true or false", path);
          return FALSE;
        }
    }
  return TRUE;
}

static GOptionContext *
option_context_new (CommandLine *cl)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cl->db,
      "The server database (created when missing)", "PATH" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &cl->listen,
      "Address and port to listen on (default " LOKET_CONFIG_DEFAULT_LISTEN "; port 0 picks "
      "a free one)", "ADDR:PORT" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &cl->demo,
      "Load the demo municipality into an empty database", NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &cl->config,
      "Read settings from the [server] group of a key file", "FILE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &cl->version, "Show the version and exit", NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cl->help, "Show this help and exit", NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new ("[COMMAND] - the Loket sync and public API "
                                                   "server");

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "A configuration file looks like:\n"
    "  [server]\n"
    "  db=/var/lib/loket/loket.db\n"
    "  listen=127.0.0.1:8765\n"
    "  demo=false\n"
    "Options on the command line override the file; a relative db path in the file is taken\n"
    "relative to the file's directory.\n"
    "\n"
    "Commands (without one, loket-sync serves). They work on the database and exit, also while\n"
    "a server runs on it:\n"
    "  devices                  List the devices: id, user, device name, created, revoked,\n"
    "                           last applied change\n"
    "  revoke-device DEVICE_ID  Revoke a device: its next sync is refused, and the desk keeps\n"
    "                           its unsent changes until someone signs in there again\n"
    "  revoke-user USERNAME     Revoke every device of a user\n"
    "\n"
    "Exit status: 0 after a clean stop (SIGINT/SIGTERM) or a command that succeeded, 1 when the\n"
    "database or the address cannot be used or a device or user is unknown, 2 for a usage\n"
    "error.");
  return context;
}

typedef struct {
  const char        *name;
  LoketConfigAction  action;
  const char        *argument;  /* what the argument is called in messages; NULL: none */
} Command;

static const Command commands[] = {
  { "devices", LOKET_CONFIG_ACTION_DEVICES, NULL },
  { "revoke-device", LOKET_CONFIG_ACTION_REVOKE_DEVICE, "DEVICE_ID" },
  { "revoke-user", LOKET_CONFIG_ACTION_REVOKE_USER, "USERNAME" },
};

/* The command among what GOption left over (args[0] is the program), and its argument. */
static gboolean
parse_command (GStrv args, LoketConfig *self, GError **error)
{
  const Command *command = NULL;
  guint n_args = args[0] != NULL ? g_strv_length (args) - 1 : 0;

  self->action = LOKET_CONFIG_ACTION_SERVE;
  if (n_args == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (commands) && command == NULL; i++)
    if (g_str_equal (args[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                   "unexpected argument '%s' (the commands are devices, revoke-device and "
                   "revoke-user)", args[1]);
      return FALSE;
    }
  if (command->argument != NULL && (n_args < 2 || *args[2] == '\0'))
    {
      g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                   "%s needs a %s: loket-sync --db PATH %s %s", command->name, command->argument,
                   command->name, command->argument);
      return FALSE;
    }
  if (n_args > (command->argument != NULL ? 2u : 1u))
    {
      g_set_error (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                   "unexpected argument '%s' after %s", args[command->argument != NULL ? 3 : 2],
                   command->name);
      return FALSE;
    }
  self->action = command->action;
  self->argument = g_strdup (command->argument != NULL ? args[2] : NULL);
  return TRUE;
}

/* From the parsed options to a config: command, key file, required values, the listen
 * address. */
static LoketConfig *
config_from_command_line (CommandLine *cl, GStrv args, GError **error)
{
  g_autoptr(LoketConfig) self = g_new0 (LoketConfig, 1);

  if (!parse_command (args, self, error))
    return NULL;

  if (cl->config != NULL && !apply_key_file (cl, cl->config, error))
    return NULL;
  if (cl->db == NULL || *cl->db == '\0')
    {
      g_set_error_literal (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                           "no database given: use --db PATH (or db= in the [server] group "
                           "of --config FILE)");
      return NULL;
    }
  if (!loket_config_parse_listen (cl->listen != NULL ? cl->listen : LOKET_CONFIG_DEFAULT_LISTEN,
                                  &self->listen_host, &self->listen_port, error))
    return NULL;

  self->db_path = g_steal_pointer (&cl->db);
  self->demo = cl->demo;
  self->config_path = g_strdup (cl->config);
  return g_steal_pointer (&self);
}

LoketConfig *
loket_config_parse (int argc, char **argv, GError **error)
{
  g_auto(CommandLine) cl = { 0 };
  g_autoptr(GOptionContext) context = option_context_new (&cl);
  g_auto(GStrv) args = g_new0 (char *, (gsize) argc + 1);
  g_autoptr(GError) local_error = NULL;
  LoketConfig *self;

  g_return_val_if_fail (argc >= 1 && argv != NULL, NULL);

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &local_error))
    {
      g_set_error_literal (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                           local_error->message);
      return NULL;
    }
  if (cl.help || cl.version)
    {
      self = g_new0 (LoketConfig, 1);
      self->action = cl.help ? LOKET_CONFIG_ACTION_HELP : LOKET_CONFIG_ACTION_VERSION;
      if (cl.help)
        self->help_text = g_option_context_get_help (context, TRUE, NULL);
      return self;
    }
  return config_from_command_line (&cl, args, error);
}

static gboolean db_path_fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
db_path_fail (GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_DATABASE, message);
  return FALSE;
}

gboolean
loket_config_check_db_path (const char *path, GError **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return db_path_fail (error, "'%s' is a directory, not a database file", path);
  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return db_path_fail (error, "the directory '%s' does not exist", dir);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return db_path_fail (error, "'%s' is not a directory", dir);
  if (g_access (dir, W_OK | X_OK) != 0)
    return db_path_fail (error, "the directory '%s' is not writable (the database keeps its "
                                "-wal and -shm files beside it)", dir);
  if (g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, R_OK | W_OK) != 0)
    return db_path_fail (error, "'%s' cannot be read and written", path);
  return TRUE;
}
