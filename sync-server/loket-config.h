#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How loket-sync was asked to run: the command line, optionally on top of a key file.
 *
 *   loket-sync --db PATH [--listen ADDR:PORT] [--demo] [--config FILE]
 *   loket-sync --db PATH devices | revoke-device DEVICE_ID | revoke-user USERNAME
 *
 * Without a command it serves; a command works on the database and exits (--listen and --demo
 * have no effect there, so one key file serves both).
 *
 * The key file has a [server] group with the keys db, listen and demo; a relative db path in it
 * is taken relative to the key file's directory.  Options on the command line win over the key
 * file.  Every parse failure is a usage error (LOKET_CONFIG_ERROR_USAGE): loket-sync prints it
 * and exits with status 2. */

#define LOKET_CONFIG_ERROR (loket_config_error_quark ())

typedef enum {
  LOKET_CONFIG_ERROR_USAGE,      /* a bad option, a missing or unparsable value */
  LOKET_CONFIG_ERROR_CONFIG,     /* the key file cannot be read or does not fit */
  LOKET_CONFIG_ERROR_DATABASE,   /* the db path cannot hold a database (see check_db_path) */
} LoketConfigError;

typedef enum {
  LOKET_CONFIG_ACTION_SERVE,
  LOKET_CONFIG_ACTION_HELP,      /* print help_text on stdout and exit 0 */
  LOKET_CONFIG_ACTION_VERSION,   /* print loket_config_version_text () and exit 0 */
  LOKET_CONFIG_ACTION_DEVICES,        /* list the devices */
  LOKET_CONFIG_ACTION_REVOKE_DEVICE,  /* revoke the device whose id is argument */
  LOKET_CONFIG_ACTION_REVOKE_USER,    /* revoke every device of the user named argument */
} LoketConfigAction;

#define LOKET_CONFIG_DEFAULT_LISTEN "127.0.0.1:8765"

typedef struct {
  LoketConfigAction action;
  char             *help_text;     /* set for LOKET_CONFIG_ACTION_HELP */
  char             *db_path;
  char             *listen_host;   /* an IPv4 or IPv6 literal (no brackets), or "localhost" */
  guint16           listen_port;   /* 0 lets the system pick a free port */
  gboolean          demo;
  char             *argument;      /* a command's argument (device id, user name), or NULL */
  char             *config_path;   /* the key file, or NULL: its [public], [mail] and [sms]
                                    * groups are read by loket-site.c */
} LoketConfig;

GQuark       loket_config_error_quark   (void);

/* Parses argv (as main gets it; not modified).  NULL with a LOKET_CONFIG_ERROR when the
 * options or the key file do not fit; the message is a sentence for stderr. */
LoketConfig *loket_config_parse         (int argc, char **argv, GError **error);
void         loket_config_free          (LoketConfig *self);

/* "ADDR:PORT" where ADDR is an IPv4 literal, an IPv6 literal in brackets ("[::1]:8765") or
 * "localhost", and PORT is 0..65535. */
gboolean     loket_config_parse_listen  (const char *text, char **host, guint16 *port,
                                         GError **error);

/* Catches the common ways a db path cannot work before SQLite gives a terse answer: the
 * directory is missing or not writable (SQLite needs to create the -wal and -shm files beside
 * it), or the path is a directory.  LOKET_CONFIG_ERROR_DATABASE with a sentence naming it. */
gboolean     loket_config_check_db_path (const char *path, GError **error);

/* "loket-sync 0.1.0 (protocol 1, schema 1)" */
char        *loket_config_version_text  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketConfig, loket_config_free)

G_END_DECLS
