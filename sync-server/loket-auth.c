/* loket-auth.c — password hashes and device tokens.
 *
 * Passwords are stored only as yescrypt hashes (libxcrypt). Device tokens are 32 random bytes
 * handed to the desk once; the server keeps only their SHA-256, so a copy of the database does
 * not let anyone act as a desk.
 */
#include "loket-auth.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "loket-error.h"

#define TOKEN_BYTES 32

char *
loket_auth_hash_password (const char *password, GError **error)
{
  struct crypt_data *data;
  char *setting;
  char *result = NULL;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NULL entropy: libxcrypt draws the salt from the system's random source itself. */
  setting = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  if (setting == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "Could not make a password salt: %s", g_strerror (errno));
      return NULL;
    }

  /* struct crypt_data is some 32 KiB: keep it off the stack. */
  data = g_new0 (struct crypt_data, 1);
  if (crypt_rn (password, setting, data, sizeof *data) != NULL && data->output[0] != '*')
    result = g_strdup (data->output);
  else
    g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_FAILED, "Could not hash the password");

  explicit_bzero (data, sizeof *data);
  g_free (data);
  free (setting);
  return result;
}

/* Compares without an early exit, so the time taken says nothing about where they differ. */
static gboolean
equal_constant_time (const char *a, const char *b)
{
  size_t len_a = strlen (a);
  size_t len_b = strlen (b);
  unsigned char diff = len_a != len_b;

  for (size_t i = 0; i < len_a && i < len_b; i++)
    diff |= (unsigned char) a[i] ^ (unsigned char) b[i];
  return diff == 0;
}

gboolean
loket_auth_verify_password (const char *password, const char *hash)
{
  struct crypt_data *data;
  gboolean ok = FALSE;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  if (hash[0] == '\0' || hash[0] == '*')
    return FALSE;

  data = g_new0 (struct crypt_data, 1);
  if (crypt_rn (password, hash, data, sizeof *data) != NULL && data->output[0] != '*')
    ok = equal_constant_time (data->output, hash);
  explicit_bzero (data, sizeof *data);
  g_free (data);
  return ok;
}

static gboolean
read_urandom (guint8 *buffer, gsize length)
{
  gsize done = 0;
  int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  while (done < length)
    {
      ssize_t n = read (fd, buffer + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  return done == length;
}

void
loket_auth_random_bytes (guint8 *buffer, gsize length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  if (done == length)
    return;

  /* A kernel without getrandom(2): the device file gives the same randomness. Never fall back
   * to a predictable generator; a guessable token is worse than no server. */
  if (!read_urandom (buffer, length))
    g_error ("No source of randomness for tokens: %s", g_strerror (errno));
}

char *
loket_auth_new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  GString *token = g_string_sized_new (TOKEN_BYTES * 2);

  loket_auth_random_bytes (bytes, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  explicit_bzero (bytes, sizeof bytes);
  return g_string_free (token, FALSE);
}

char *
loket_auth_token_digest (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
