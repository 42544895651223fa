#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A yescrypt hash (libxcrypt) of a password, e.g. "$y$j9T$…". */
char    *loket_auth_hash_password   (const char *password, GError **error);
gboolean loket_auth_verify_password (const char *password, const char *hash);
/* A new random device token (64 hex characters) and its SHA-256 hex digest for storage. */
char    *loket_auth_new_token       (void);
char    *loket_auth_token_digest    (const char *token);

G_END_DECLS
