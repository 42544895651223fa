/* loket-sync: configuration → store → (demo) → compaction → listen → main loop until
 * SIGINT/SIGTERM (compacting the change log daily, delivering the outbox of messages every 30
 * seconds); or, with a command (devices, revoke-device, revoke-user, move-user, compact,
 * deliver), configuration → store → one administrative change → exit.
 *
 * Serving, stdout carries exactly one line, "loket-sync: listening on http://ADDR:PORT", once
 * the server accepts connections (tests and service managers wait for it); everything else goes
 * to stderr.  A command prints its result on stdout and its failure on stderr.
 * Exit status: 0 after a clean stop or a command that did its work, 1 when the database or the
 * address cannot be used or the device or user is unknown, 2 for a usage error. */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loket-config.h"
#include "loket-demo.h"
#include "loket-mailer.h"
#include "loket-server.h"
#include "loket-store.h"

#define EXIT_USAGE 2
#define COMPACT_EVERY_S (24 * 60 * 60)
#define DELIVER_EVERY_S 30

/* The commands and options loket-config.c does not parse (yet): taken out of argv before it
 * sees the rest.  --active-days is for serving and for compact. */
typedef enum {
  EXTRA_NONE,
  EXTRA_MOVE_USER,
  EXTRA_COMPACT,
  EXTRA_DELIVER,
} ExtraCommand;

typedef struct {
  ExtraCommand command;
  char        *username;
  char        *location;
  char        *team;
  guint        active_days;
  GDateTime   *at;        /* deliver --at; NULL: now */
  GPtrArray   *rest;      /* argv for loket_config_parse, NULL-terminated */
} Extra;

static void
extra_free (Extra *extra)
{
  g_free (extra->username);
  g_free (extra->location);
  g_free (extra->team);
  g_clear_pointer (&extra->at, g_date_time_unref);
  g_clear_pointer (&extra->rest, g_ptr_array_unref);
  g_free (extra);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Extra, extra_free)

#define EXTRA_HELP \
  "More commands:\n" \
  "  move-user USERNAME [--location ID|NAME] [--team ID|NAME|none]\n" \
  "                           Move a user to another location and/or team; their desks\n" \
  "                           download what they may see again at their next sync\n" \
  "  compact [--active-days N]\n" \
  "                           Compact the change log: drop entries a later one of the same\n" \
  "                           row replaces, and tombstones every device active in the last N\n" \
  "                           days (default 90) has seen; an older desk downloads again\n" \
  "  deliver [--at TIME]      Deliver the messages to customers that are due at TIME (an ISO\n" \
  "                           8601 time with its zone, e.g. 2026-11-23T08:00:00Z; default\n" \
  "                           now) by the mail program and SMS gateway of --config FILE, and\n" \
  "                           say how it went\n" \
  "Serving compacts at start and daily; --active-days N sets N there too. It delivers the\n" \
  "messages that are due at start and every 30 seconds.\n"

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

/* ---- the extra commands' arguments ------------------------------------------------------------ */

static gboolean
usage (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
usage (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LOKET_CONFIG_ERROR, LOKET_CONFIG_ERROR_USAGE,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]: TRUE and *value (owned) when it is that option. */
static gboolean
take_option (char **argv, int argc, int *i, const char *name, char **value, GError **error)
{
  gsize len = strlen (name);

  if (strncmp (argv[*i], name, len) != 0 || (argv[*i][len] != '\0' && argv[*i][len] != '='))
    return FALSE;
  if (argv[*i][len] == '=')
    *value = g_strdup (argv[*i] + len + 1);
  else if (*i + 1 < argc)
    *value = g_strdup (argv[++*i]);
  else
    usage (error, "%s needs a value", name);
  return TRUE;
}

static gboolean
parse_active_days (const char *text, guint *days, GError **error)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 36500, &value, NULL))
    return usage (error, "--active-days must be a number of days from 0 to 36500");
  *days = (guint) value;
  return TRUE;
}

static gboolean
parse_at (const char *text, GDateTime **at, GError **error)
{
  g_clear_pointer (at, g_date_time_unref);
  *at = text != NULL && strchr (text, 'T') != NULL ? g_date_time_new_from_iso8601 (text, NULL)
                                                   : NULL;
  if (*at == NULL)
    return usage (error, "--at must be a time with its zone, such as 2026-11-23T08:00:00Z");
  return TRUE;
}

static const char *
extra_name (ExtraCommand command)
{
  return command == EXTRA_MOVE_USER ? "move-user" : command == EXTRA_COMPACT ? "compact"
                                                                             : "deliver";
}

/* One argument of argv that belongs to the extra commands; FALSE with error set on a mistake. */
static gboolean
take_extra (Extra *extra, char **argv, int argc, int *i, gboolean *taken, GError **error)
{
  g_autofree char *value = NULL;
  const char *arg = argv[*i];

  *taken = TRUE;
  if (take_option (argv, argc, i, "--active-days", &value, error))
    return value != NULL && parse_active_days (value, &extra->active_days, error);
  if (take_option (argv, argc, i, "--at", &value, error))
    return value != NULL && parse_at (value, &extra->at, error);
  if (extra->command == EXTRA_MOVE_USER
      && (take_option (argv, argc, i, "--location", &extra->location, error)
          || take_option (argv, argc, i, "--team", &extra->team, error)))
    return error == NULL || *error == NULL;
  if (extra->command == EXTRA_NONE && g_str_equal (arg, "move-user"))
    extra->command = EXTRA_MOVE_USER;
  else if (extra->command == EXTRA_NONE && g_str_equal (arg, "compact"))
    extra->command = EXTRA_COMPACT;
  else if (extra->command == EXTRA_NONE && g_str_equal (arg, "deliver"))
    extra->command = EXTRA_DELIVER;
  else if (extra->command == EXTRA_MOVE_USER && extra->username == NULL && arg[0] != '-')
    extra->username = g_strdup (arg);
  else if (extra->command != EXTRA_NONE && arg[0] != '-')
    return usage (error, "unexpected argument '%s' after %s", arg, extra_name (extra->command));
  else
    *taken = FALSE;
  return TRUE;
}

static Extra *
extra_parse (int argc, char **argv, GError **error)
{
  g_autoptr(Extra) extra = g_new0 (Extra, 1);

  extra->active_days = LOKET_STORE_DEFAULT_ACTIVE_DAYS;
  extra->rest = g_ptr_array_new ();
  g_ptr_array_add (extra->rest, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      gboolean taken;

      /* The value of one of loket-config's own options is never a command. */
      if (i + 1 < argc && (g_str_equal (argv[i], "--db") || g_str_equal (argv[i], "--listen")
                           || g_str_equal (argv[i], "--config")))
        {
          g_ptr_array_add (extra->rest, argv[i++]);
          g_ptr_array_add (extra->rest, argv[i]);
          continue;
        }
      if (!take_extra (extra, argv, argc, &i, &taken, error))
        return NULL;
      if (!taken)
        g_ptr_array_add (extra->rest, argv[i]);
    }
  g_ptr_array_add (extra->rest, NULL);
  if (extra->command == EXTRA_MOVE_USER && (extra->username == NULL || *extra->username == '\0'))
    {
      usage (error, "move-user needs a USERNAME: loket-sync --db PATH move-user USERNAME "
                    "[--location ID|NAME] [--team ID|NAME|none]");
      return NULL;
    }
  if (extra->command == EXTRA_MOVE_USER && extra->location == NULL && extra->team == NULL)
    {
      usage (error, "move-user needs --location and/or --team");
      return NULL;
    }
  if (extra->at != NULL && extra->command != EXTRA_DELIVER)
    {
      usage (error, "--at belongs to the deliver command");
      return NULL;
    }
  return g_steal_pointer (&extra);
}

/* The store, or NULL after saying on stderr why the database cannot be used. */
static LoketStore *
open_store (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  LoketStore *store;

  if (!loket_config_check_db_path (db_path, &error))
    {
      g_printerr ("loket-sync: cannot use the database: %s\n", error->message);
      return NULL;
    }
  store = loket_store_open (db_path, &error);
  if (store == NULL)
    {
      /* The store's sentence usually names the path already; say it once. */
      if (strstr (error->message, db_path) != NULL)
        g_printerr ("loket-sync: %s\n", error->message);
      else
        g_printerr ("loket-sync: cannot open the database '%s': %s\n", db_path, error->message);
    }
  return store;
}

static void
print_compaction (const LoketStoreCompaction *c, const char *prefix)
{
  g_printerr ("loket-sync: %scompacted the change log: removed %" G_GINT64_FORMAT
              " superseded entries and %" G_GINT64_FORMAT " tombstones; %u active devices,"
              " oldest cursor %" G_GINT64_FORMAT ", horizon %" G_GINT64_FORMAT "\n", prefix,
              c->superseded, c->tombstones, c->active, c->oldest_cursor, c->horizon);
}

typedef struct {
  LoketStore *store;
  guint       active_days;
} Compactor;

static gboolean
compact_now (Compactor *compactor)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  LoketStoreCompaction result;

  if (!loket_store_compact (compactor->store, compactor->active_days, now, &result, &error))
    g_printerr ("loket-sync: could not compact the change log: %s\n", error->message);
  else
    print_compaction (&result, "");
  return G_SOURCE_CONTINUE;
}

/* ---- delivering messages ------------------------------------------------------------------- */

static char *
delivery_text (const LoketMailerSummary *summary)
{
  return g_strdup_printf ("%u sent, %u will be retried, %u failed", summary->sent,
                          summary->retried, summary->failed);
}

static void
on_served_delivery (GObject *source, GAsyncResult *result, gpointer data)
{
  LoketMailerSummary summary;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!loket_mailer_run_finish (LOKET_MAILER (source), result, &summary, &error))
    {
      g_printerr ("loket-sync: could not deliver messages: %s\n", error->message);
      return;
    }
  if (summary.sent + summary.retried + summary.failed == 0)
    return;
  text = delivery_text (&summary);
  g_printerr ("loket-sync: delivered messages: %s\n", text);
}

/* With the real clock; a run still going (a slow mail program) is left to finish. */
static gboolean
deliver_now (LoketMailer *mailer)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (!loket_mailer_is_running (mailer))
    loket_mailer_run_async (mailer, now, NULL, on_served_delivery, NULL);
  return G_SOURCE_CONTINUE;
}

/* At start, what fell due while the server was down goes out at once. */
static guint start_id;

static gboolean
deliver_at_start (LoketMailer *mailer)
{
  start_id = 0;
  deliver_now (mailer);
  return G_SOURCE_REMOVE;
}

/* Where the catalogues are: $LOKET_LOCALEDIR (tests run from the build tree), else the installed
 * one. */
static const char *
locale_dir (void)
{
  const char *dir = g_getenv ("LOKET_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

static int
serve (LoketConfig *config, guint active_days)
{
  g_autoptr(LoketSite) site = NULL;
  Compactor compactor = { NULL, active_days };
  guint compact_id;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketServer) server = NULL;
  g_autoptr(LoketMailer) mailer = NULL;  /* after server: it borrows the server's site */
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint sigint_id, sigterm_id, deliver_id;

  site = loket_site_load (config->config_path, &error);
  if (site == NULL)
    {
      g_printerr ("loket-sync: %s\n", error->message);
      return EXIT_FAILURE;
    }
  loket_site_init_language (site, locale_dir ());
  store = open_store (config->db_path);
  if (store == NULL)
    return EXIT_FAILURE;
  if (config->demo && !load_demo (store))
    return EXIT_FAILURE;
  compactor.store = store;
  compact_now (&compactor);

  server = loket_server_new (store);
  loket_server_set_site (server, g_steal_pointer (&site));
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
  compact_id = g_timeout_add_seconds (COMPACT_EVERY_S, (GSourceFunc) compact_now, &compactor);
  mailer = loket_mailer_new (store, loket_server_get_site (server));
  deliver_id = g_timeout_add_seconds (DELIVER_EVERY_S, (GSourceFunc) deliver_now, mailer);
  start_id = g_idle_add ((GSourceFunc) deliver_at_start, mailer);
  url = loket_server_dup_url (server);
  g_print ("loket-sync: listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (compact_id);
  g_source_remove (deliver_id);
  /* A stop signal may come before the first delivery ran: the server's goodbye to live desks
   * still runs the main loop, and the mailer must not be called after it is gone. */
  g_clear_handle_id (&start_id, g_source_remove);
  g_printerr ("loket-sync: stopped\n");
  return EXIT_SUCCESS;
}

/* ---- commands ------------------------------------------------------------------------------ */

/* A device name comes from the desk that signed in: never let it move the terminal's cursor,
 * reorder the text (bidi controls) or break the table. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* "2026-11-23 09:30" in local time, from the stored UTC time. */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : printable (iso);
}

/* The cells of one table row: id, user, device, created, revoked, last seq. */
#define N_COLUMNS 6

static GStrv
device_cells (JsonObject *device)
{
  GStrv cells = g_new0 (char *, N_COLUMNS + 1);

  cells[0] = printable (json_object_get_string_member_with_default (device, "id", ""));
  cells[1] = printable (json_object_get_string_member_with_default (device, "username", ""));
  cells[2] = printable (json_object_get_string_member_with_default (device, "name", ""));
  cells[3] = local_time (json_object_get_string_member_with_default (device, "created_at", NULL));
  cells[4] = g_strdup (json_object_get_int_member_with_default (device, "revoked", 0) ? "yes"
                                                                                      : "no");
  cells[5] = g_strdup_printf ("%" G_GINT64_FORMAT,
                              json_object_get_int_member_with_default (device, "last_seq", 0));
  return cells;
}

static void
print_row (const char *const *cells, const guint *widths)
{
  GString *line = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_string_append (line, cells[c]);
      if (c + 1 < N_COLUMNS)
        for (glong pad = (glong) widths[c] - g_utf8_strlen (cells[c], -1) + 2; pad > 0; pad--)
          g_string_append_c (line, ' ');
    }
  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

static void
print_devices (JsonArray *devices)
{
  static const char *const header[N_COLUMNS + 1] = {
    "ID", "USER", "DEVICE", "CREATED", "REVOKED", "LAST SEQ", NULL
  };
  guint n = json_array_get_length (devices);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS];

  if (n == 0)
    {
      g_print ("No device has signed in yet.\n");
      return;
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    widths[c] = (guint) g_utf8_strlen (header[c], -1);
  for (guint i = 0; i < n; i++)
    {
      GStrv cells = device_cells (json_array_get_object_element (devices, i));

      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
      g_ptr_array_add (rows, cells);
    }
  print_row (header, widths);
  for (guint i = 0; i < rows->len; i++)
    print_row (g_ptr_array_index (rows, i), widths);
}

/* "Revoked device ID ("NAME" of USER)." or that it already was. */
static void
print_revoked (JsonObject *device)
{
  g_auto(GStrv) cells = device_cells (device);
  gboolean already = json_object_get_int_member_with_default (device, "revoked", 0) != 0;

  if (already)
    g_print ("Device %s (\"%s\" of %s) was already revoked.\n", cells[0], cells[2], cells[1]);
  else
    g_print ("Revoked device %s (\"%s\" of %s).\n", cells[0], cells[2], cells[1]);
}

static gboolean
revoke_user (LoketStore *store, const char *username, GError **error)
{
  g_autoptr(JsonArray) devices = loket_store_revoke_user (store, username, error);
  g_autofree char *name = NULL;
  guint n;

  if (devices == NULL)
    return FALSE;
  name = printable (username);
  n = json_array_get_length (devices);
  if (n == 0)
    g_print ("User %s has no devices; nothing was revoked.\n", name);
  for (guint i = 0; i < n; i++)
    print_revoked (json_array_get_object_element (devices, i));
  return TRUE;
}

static gboolean
move_user (LoketStore *store, const Extra *extra, GError **error)
{
  g_autoptr(JsonObject) user = loket_store_move_user (store, extra->username, extra->location,
                                                      extra->team, error);
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  g_autofree char *team = NULL;

  if (user == NULL)
    return FALSE;
  name = printable (json_object_get_string_member_with_default (user, "username", ""));
  location = printable (json_object_get_string_member_with_default (user, "location", NULL));
  team = printable (json_object_get_string_member_with_default (user, "team", NULL));
  g_print ("User %s is now at location \"%s\", team \"%s\". Their desks download what they may "
           "see again at their next sync.\n", name, *location != '\0' ? location : "-",
           *team != '\0' ? team : "-");
  return TRUE;
}

static gboolean
compact (LoketStore *store, const Extra *extra, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  LoketStoreCompaction result;

  if (!loket_store_compact (store, extra->active_days, now, &result, error))
    return FALSE;
  g_print ("Removed %" G_GINT64_FORMAT " superseded entries and %" G_GINT64_FORMAT
           " tombstones. Active devices: %u; oldest cursor %" G_GINT64_FORMAT
           "; horizon %" G_GINT64_FORMAT " (a desk behind it downloads again).\n",
           result.superseded, result.tombstones, result.active, result.oldest_cursor,
           result.horizon);
  return TRUE;
}

static void
on_delivered (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *done = data;
  LoketMailerSummary summary;
  GError *error = NULL;

  if (loket_mailer_run_finish (LOKET_MAILER (source), result, &summary, &error))
    g_task_return_pointer (done, g_memdup2 (&summary, sizeof summary), g_free);
  else
    g_task_return_error (done, error);
}

/* Delivers what is due at --at (default now) once, with the site of --config FILE. */
static gboolean
deliver (LoketConfig *config, const Extra *extra, LoketStore *store, GError **error)
{
  g_autoptr(LoketSite) site = loket_site_load (config->config_path, error);
  g_autoptr(LoketMailer) mailer = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTask) done = NULL;
  g_autofree LoketMailerSummary *summary = NULL;
  g_autofree char *text = NULL;

  if (site == NULL)
    return FALSE;
  loket_site_init_language (site, locale_dir ());
  loket_site_default_url (site, config->listen_host, config->listen_port);
  mailer = loket_mailer_new (store, site);
  now = extra->at != NULL ? g_date_time_ref (extra->at) : g_date_time_new_now_utc ();
  done = g_task_new (NULL, NULL, NULL, NULL);
  loket_mailer_run_async (mailer, now, NULL, on_delivered, done);
  while (!g_task_get_completed (done))
    g_main_context_iteration (NULL, TRUE);
  summary = g_task_propagate_pointer (done, error);
  if (summary == NULL)
    return FALSE;
  text = delivery_text (summary);
  g_print ("%s\n", text);
  return TRUE;
}

static gboolean
dispatch_config (LoketConfig *config, LoketStore *store, GError **error)
{
  g_autoptr(JsonArray) devices = NULL;
  g_autoptr(JsonObject) device = NULL;

  switch (config->action)
    {
    case LOKET_CONFIG_ACTION_DEVICES:
      if ((devices = loket_store_list_devices (store, error)) == NULL)
        return FALSE;
      print_devices (devices);
      return TRUE;
    case LOKET_CONFIG_ACTION_REVOKE_DEVICE:
      if ((device = loket_store_revoke_device (store, config->argument, error)) == NULL)
        return FALSE;
      print_revoked (device);
      g_print ("Its next sync is refused; the desk keeps its unsent changes until someone "
               "signs in there again.\n");
      return TRUE;
    case LOKET_CONFIG_ACTION_REVOKE_USER:
      return revoke_user (store, config->argument, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
dispatch (LoketConfig *config, const Extra *extra, LoketStore *store, GError **error)
{
  if (extra->command == EXTRA_MOVE_USER)
    return move_user (store, extra, error);
  if (extra->command == EXTRA_COMPACT)
    return compact (store, extra, error);
  if (extra->command == EXTRA_DELIVER)
    return deliver (config, extra, store, error);
  return dispatch_config (config, store, error);
}

/* The commands: on an existing database only, so a mistyped path does not
 * leave an empty database behind. */
static int
run_command (LoketConfig *config, const Extra *extra)
{
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (config->db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("loket-sync: the database '%s' does not exist\n", config->db_path);
      return EXIT_FAILURE;
    }
  store = open_store (config->db_path);
  if (store == NULL)
    return EXIT_FAILURE;
  if (!dispatch (config, extra, store, &error))
    {
      g_printerr ("loket-sync: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  g_autoptr(LoketConfig) config = NULL;
  g_autoptr(Extra) extra = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  /* The locale's charset for stderr, but English messages: they are for API clients and
   * logs, and the shared protocol code is marked for translation for the desk app's sake. */
  setlocale (LC_ALL, "");
  setlocale (LC_MESSAGES, "C");
  g_set_prgname ("loket-sync");
  /* A mail program that exits without reading its message must not end the server. */
  signal (SIGPIPE, SIG_IGN);

  extra = extra_parse (argc, argv, &error);
  if (extra != NULL)
    config = loket_config_parse ((int) extra->rest->len - 1, (char **) extra->rest->pdata, &error);
  if (config != NULL && extra->command != EXTRA_NONE
      && config->action != LOKET_CONFIG_ACTION_SERVE && config->action != LOKET_CONFIG_ACTION_HELP)
    {
      g_clear_pointer (&config, loket_config_free);
      usage (&error, "give one command at a time");
    }
  if (config == NULL)
    {
      g_printerr ("loket-sync: %s\nRun 'loket-sync --help' to see the options.\n", error->message);
      return EXIT_USAGE;
    }
  if (extra->command != EXTRA_NONE && config->action == LOKET_CONFIG_ACTION_SERVE)
    return run_command (config, extra);
  switch (config->action)
    {
    case LOKET_CONFIG_ACTION_HELP:
      g_print ("%s\n%s", config->help_text, EXTRA_HELP);
      return EXIT_SUCCESS;
    case LOKET_CONFIG_ACTION_VERSION:
      version = loket_config_version_text ();
      g_print ("%s\n", version);
      return EXIT_SUCCESS;
    case LOKET_CONFIG_ACTION_DEVICES:
    case LOKET_CONFIG_ACTION_REVOKE_DEVICE:
    case LOKET_CONFIG_ACTION_REVOKE_USER:
      return run_command (config, extra);
    case LOKET_CONFIG_ACTION_SERVE:
    default:
      return serve (config, extra->active_days);
    }
}
