#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A yescrypt hash (libxcrypt) of a password, e.g. "$y$j9T$…". */
char    *loket_auth_hash_password   (const char *password, GError **error);
gboolean loket_auth_verify_password (const char *password, const char *hash);
/* Fills buffer from the kernel's random source (getrandom, else /dev/urandom); never from a
 * predictable generator: it aborts rather than make a guessable token. */
void     loket_auth_random_bytes    (guint8 *buffer, gsize length);
/* A new random device token (64 hex characters) and its SHA-256 hex digest for storage. */
char    *loket_auth_new_token       (void);
char    *loket_auth_token_digest    (const char *token);

G_END_DECLS
