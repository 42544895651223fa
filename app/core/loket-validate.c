/* loket-validate.c: checks for the identifiers and values a desk clerk types in.
 *
 * Every check fails with LOKET_ERROR_INVALID and a sentence the clerk can read out to the
 * customer, so the UI never has to guess why a number was refused. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-validate.h"

/* People write identifiers in groups ("1234.56.782", "85.07.30-033.61"); these are the
 * separators we accept and drop. */
static gboolean
is_separator (char c)
{
  return c == '.' || c == '-' || c == ' ';
}

char *
loket_validate_normalize_id (const char *number)
{
  g_autoptr (GString) digits = NULL;

  g_return_val_if_fail (number != NULL, NULL);

  digits = g_string_new (NULL);
  for (const char *p = number; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (!is_separator (*p))
        return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/* The sentences for one kind of identifier.  Whole sentences rather than one pattern with the
 * kind's name pasted in, because Dutch grammar differs per noun ("dit BSN", "dit KvK-nummer"). */
typedef struct {
  const char *not_digits;
  const char *wrong_length;
} IdMessages;

static const IdMessages bsn_messages = {
  N_("A BSN may only contain digits."),
  N_("A BSN must have 9 digits."),
};

static const IdMessages rrn_messages = {
  N_("A national register number may only contain digits, dots and dashes."),
  N_("A national register number must have 11 digits."),
};

static const IdMessages kvk_messages = {
  N_("A KvK number may only contain digits."),
  N_("A KvK number must have 8 digits."),
};

/* Normalises number and checks that it has min_len..max_len digits. */
static char *
digits_of_length (const char *number, gsize min_len, gsize max_len, const IdMessages *messages,
                  GError **error)
{
  g_autofree char *digits = loket_validate_normalize_id (number);
  gsize n;

  if (digits == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, _(messages->not_digits));
      return NULL;
    }

  n = strlen (digits);
  if (n < min_len || n > max_len)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, _(messages->wrong_length));
      return NULL;
    }

  return g_steal_pointer (&digits);
}

static gboolean
all_zero (const char *digits)
{
  return digits[strspn (digits, "0")] == '\0';
}

/* The elfproef: weights 9..2 for the first eight digits and -1 for the last. */
static gboolean
bsn_elfproef (const char *digits)
{
  int sum = 0;

  for (int i = 0; i < 8; i++)
    sum += (9 - i) * (digits[i] - '0');
  sum -= digits[8] - '0';

  return sum % 11 == 0;
}

gboolean
loket_validate_bsn (const char *bsn, GError **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *padded = NULL;

  g_return_val_if_fail (bsn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  digits = digits_of_length (bsn, 8, 9, &bsn_messages, error);
  if (digits == NULL)
    return FALSE;

  /* Old BSNs (former sofinummers) are often written without their leading zero. */
  padded = strlen (digits) == 8 ? g_strconcat ("0", digits, NULL) : g_strdup (digits);

  if (all_zero (padded) || !bsn_elfproef (padded))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("This BSN is not valid: it does not pass the eleven test (elfproef)."));
      return FALSE;
    }

  return TRUE;
}

/* The rijksregisternummer check: 97 minus the first nine digits mod 97.  From 2000 on the
 * nine digits are read with a '2' in front, so 2000000000 is added before taking the mod.
 * The birth year has only two digits, so we accept either century. */
static gboolean
rrn_check_matches (const char *digits)
{
  guint64 body = g_ascii_strtoull (digits, NULL, 10) / 100;
  guint64 check = (guint64) (digits[9] - '0') * 10 + (guint64) (digits[10] - '0');

  return check == 97 - body % 97 || check == 97 - (body + 2000000000) % 97;
}

gboolean
loket_validate_rrn (const char *rrn, GError **error)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (rrn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  digits = digits_of_length (rrn, 11, 11, &rrn_messages, error);
  if (digits == NULL)
    return FALSE;

  if (all_zero (digits) || !rrn_check_matches (digits))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("This national register number is not valid: the check digits "
                             "do not match."));
      return FALSE;
    }

  return TRUE;
}

gboolean
loket_validate_kvk (const char *kvk, GError **error)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (kvk != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  digits = digits_of_length (kvk, 8, 8, &kvk_messages, error);
  if (digits == NULL)
    return FALSE;

  if (all_zero (digits))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("This KvK number is not valid."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
email_domain_is_plausible (const char *domain)
{
  const char *dot = strchr (domain, '.');

  return dot != NULL && domain[0] != '.' && domain[strlen (domain) - 1] != '.'
         && strstr (domain, "..") == NULL;
}

gboolean
loket_validate_email (const char *email, GError **error)
{
  const char *at;

  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Deliberately loose: only the mail server can tell whether an address exists; we catch
   * typing slips (no '@', a space, a missing domain) before a confirmation gets lost. */
  at = strchr (email, '@');
  for (const char *p = email; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                               _("An e-mail address cannot contain spaces."));
          return FALSE;
        }
    }

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL
      || !email_domain_is_plausible (at + 1) || strlen (email) > 254)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("This is not a valid e-mail address, e.g. name@example.nl."));
      return FALSE;
    }

  return TRUE;
}

/* Letter pairs that PostNL never issues because of their connotations. */
static gboolean
postcode_letters_allowed (const char letters[2])
{
  static const char *const banned[] = { "SA", "SD", "SS" };

  for (gsize i = 0; i < G_N_ELEMENTS (banned); i++)
    if (letters[0] == banned[i][0] && letters[1] == banned[i][1])
      return FALSE;

  return TRUE;
}

/* Splits "1234 AB", "1234ab" or " 1234 ab " into four digits and two upper-case letters. */
static gboolean
postcode_parse (const char *postcode, char digits[4], char letters[2])
{
  g_autofree char *s = g_strstrip (g_strdup (postcode));
  const char *p = s;

  for (int i = 0; i < 4; i++, p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      digits[i] = *p;
    }
  if (*p == ' ')
    p++;
  for (int i = 0; i < 2; i++, p++)
    {
      if (!g_ascii_isalpha (*p))
        return FALSE;
      letters[i] = g_ascii_toupper (*p);
    }

  return *p == '\0' && digits[0] != '0';
}

gboolean
loket_validate_postcode (const char *postcode, char **normalized, GError **error)
{
  char digits[4], letters[2];

  g_return_val_if_fail (postcode != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!postcode_parse (postcode, digits, letters) || !postcode_letters_allowed (letters))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("This is not a valid postcode; write it as 1234 AB."));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strdup_printf ("%.4s %.2s", digits, letters);

  return TRUE;
}

/* Reads exactly n digits; g_ascii_strtoull would also accept signs and spaces. */
static gboolean
parse_fixed_digits (const char *s, int n, guint *value)
{
  *value = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *value = *value * 10 + (guint) (s[i] - '0');
    }

  return TRUE;
}

gboolean
loket_validate_date (const char *date, GDate *out, GError **error)
{
  guint y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-'
      || !parse_fixed_digits (date, 4, &y) || !parse_fixed_digits (date + 5, 2, &m)
      || !parse_fixed_digits (date + 8, 2, &d))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Write the date as year-month-day, e.g. 2026-03-31."));
      return FALSE;
    }

  /* Check the month before the cast: GDateMonth has no value for 13. */
  if (m < 1 || m > 12 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("The date %s does not exist."), date);
      return FALSE;
    }

  if (out != NULL)
    g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return TRUE;
}
