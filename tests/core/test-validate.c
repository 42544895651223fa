/* Unit tests for loket-validate: identifiers, postcodes, e-mail addresses and dates. */

#include "config.h"

#include <glib.h>

#include "loket-error.h"
#include "loket-validate.h"

typedef gboolean (*IdValidator) (const char *value, GError **error);

typedef struct
{
  const char *name;
  const char *input;
  gboolean valid;
} Case;

/* Valid vectors were computed by hand from the elfproef and the mod-97 rule. */
static const Case bsn_cases[] = {
  { "valid-111222333", "111222333", TRUE },
  { "valid-123456782", "123456782", TRUE },
  { "valid-eight-digits-leading-zero", "10000008", TRUE },
  { "valid-nine-digits-leading-zero", "010000008", TRUE },
  { "valid-with-dots", "1112.22.333", TRUE },
  { "valid-with-spaces-and-dash", "123 456-782", TRUE },
  { "check-digit-wrong", "123456789", FALSE },
  { "check-digit-off-by-one", "111222334", FALSE },
  { "all-zero", "000000000", FALSE },
  { "eight-digits-failing-elfproef", "12345678", FALSE },
  { "too-short", "1234567", FALSE },
  { "too-long", "1234567820", FALSE },
  { "letters", "12345678a", FALSE },
  { "slash-separator", "123/456/782", FALSE },
  { "empty", "", FALSE },
};

static const Case rrn_cases[] = {
  { "valid-born-1985", "85073003328", TRUE },
  { "valid-born-1985-formatted", "85.07.30-033.28", TRUE },
  { "valid-born-1985-spaces", "850730 033 28", TRUE },
  { "valid-born-2001", "01020312345", TRUE },
  { "valid-born-1901", "01020312316", TRUE },
  { "valid-born-2017", "17.12.31-999.93", TRUE },
  { "valid-born-1917", "17123199964", TRUE },
  { "check-wrong", "85073003329", FALSE },
  { "check-wrong-counter", "85073003457", FALSE },
  { "all-zero", "00000000000", FALSE },
  { "ten-digits", "8507300332", FALSE },
  { "twelve-digits", "850730033280", FALSE },
  { "letters", "85O73003328", FALSE },
  { "empty", "", FALSE },
};

static const Case kvk_cases[] = {
  { "valid", "69599084", TRUE },
  { "valid-with-spaces", "6959 9084", TRUE },
  { "seven-digits", "6959908", FALSE },
  { "nine-digits", "695990840", FALSE },
  { "letters", "6959908A", FALSE },
  { "all-zero", "00000000", FALSE },
  { "empty", "", FALSE },
};

static const Case email_cases[] = {
  { "plain", "jan.jansen@example.nl", TRUE },
  { "plus-and-subdomain", "j+loket@mail.gemeente.example.nl", TRUE },
  { "no-at", "jan.example.nl", FALSE },
  { "two-at", "jan@@example.nl", FALSE },
  { "no-local-part", "@example.nl", FALSE },
  { "no-dot-in-domain", "jan@localhost", FALSE },
  { "domain-starts-with-dot", "jan@.example.nl", FALSE },
  { "domain-ends-with-dot", "jan@example.nl.", FALSE },
  { "double-dot-in-domain", "jan@example..nl", FALSE },
  { "space", "jan jansen@example.nl", FALSE },
  { "trailing-space", "jan@example.nl ", FALSE },
  { "empty", "", FALSE },
};

typedef struct
{
  const char *name;
  const char *input;
  const char *normalized; /* NULL: invalid */
} PostcodeCase;

static const PostcodeCase postcode_cases[] = {
  { "with-space", "1234 AB", "1234 AB" },
  { "without-space", "1234AB", "1234 AB" },
  { "lower-case", "1234ab", "1234 AB" },
  { "mixed-case-spaced", "9999 zZ", "9999 ZZ" },
  { "surrounding-whitespace", "  3511 LX ", "3511 LX" },
  { "leading-zero", "0123 AB", NULL },
  { "letters-SA", "1234 SA", NULL },
  { "letters-SD", "1234 sd", NULL },
  { "letters-SS", "1234SS", NULL },
  { "letters-SE-allowed", "1234 SE", "1234 SE" },
  { "two-spaces", "1234  AB", NULL },
  { "three-digits", "123 AB", NULL },
  { "one-letter", "1234 A", NULL },
  { "three-letters", "1234 ABC", NULL },
  { "digit-for-letter", "1234 A1", NULL },
  { "belgian-postcode", "1000", NULL },
  { "empty", "", NULL },
};

typedef struct
{
  const char *name;
  const char *input;
  int year, month, day; /* year 0: invalid */
} DateCase;

static const DateCase date_cases[] = {
  { "ordinary", "2026-03-31", 2026, 3, 31 },
  { "leap-day-2028", "2028-02-29", 2028, 2, 29 },
  { "leap-day-2000", "2000-02-29", 2000, 2, 29 },
  { "no-leap-day-2026", "2026-02-29", 0, 0, 0 },
  { "no-leap-day-1900", "1900-02-29", 0, 0, 0 },
  { "april-31", "2026-04-31", 0, 0, 0 },
  { "month-13", "2026-13-01", 0, 0, 0 },
  { "month-0", "2026-00-10", 0, 0, 0 },
  { "day-0", "2026-01-00", 0, 0, 0 },
  { "year-0", "0000-01-01", 0, 0, 0 },
  { "dutch-order", "31-03-2026", 0, 0, 0 },
  { "short-month", "2026-3-31", 0, 0, 0 },
  { "slashes", "2026/03/31", 0, 0, 0 },
  { "trailing-text", "2026-03-31T10:00", 0, 0, 0 },
  { "sign-in-field", "2026-+3-31", 0, 0, 0 },
  { "empty", "", 0, 0, 0 },
};

static void
assert_result (gboolean ok, GError *error, gboolean expected_valid)
{
  if (expected_valid)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_false (ok);
    }
}

static void
check_id_case (const Case *c, IdValidator validate)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = validate (c->input, &error);

  assert_result (ok, error, c->valid);
  /* A NULL error must be allowed and give the same answer. */
  g_assert_cmpint (validate (c->input, NULL), ==, c->valid);
}

static void
test_bsn (gconstpointer data)
{
  check_id_case (data, loket_validate_bsn);
}

static void
test_rrn (gconstpointer data)
{
  check_id_case (data, loket_validate_rrn);
}

static void
test_kvk (gconstpointer data)
{
  check_id_case (data, loket_validate_kvk);
}

static void
test_email (gconstpointer data)
{
  check_id_case (data, loket_validate_email);
}

static void
test_postcode (gconstpointer data)
{
  const PostcodeCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *normalized = NULL;
  gboolean ok = loket_validate_postcode (c->input, &normalized, &error);

  assert_result (ok, error, c->normalized != NULL);
  g_assert_cmpstr (normalized, ==, c->normalized);
}

static void
test_date (gconstpointer data)
{
  const DateCase *c = data;
  g_autoptr (GError) error = NULL;
  GDate date;
  gboolean ok;

  g_date_clear (&date, 1);
  ok = loket_validate_date (c->input, &date, &error);
  assert_result (ok, error, c->year != 0);
  if (c->year == 0)
    {
      g_assert_false (g_date_valid (&date)); /* untouched on failure */
      return;
    }
  g_assert_cmpint (g_date_get_year (&date), ==, c->year);
  g_assert_cmpint (g_date_get_month (&date), ==, c->month);
  g_assert_cmpint (g_date_get_day (&date), ==, c->day);
}

typedef struct
{
  const char *name;
  const char *input;
  const char *digits; /* NULL: refused */
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  { "digits", "123456782", "123456782" },
  { "belgian-format", "85.07.30-033.28", "85073003328" },
  { "spaces", " 1234 5678 ", "12345678" },
  { "only-separators", ". - .", "" },
  { "empty", "", "" },
  { "letter", "1234a", NULL },
  { "slash", "12/34", NULL },
  { "tab", "12\t34", NULL },
};

static void
test_normalize_id (gconstpointer data)
{
  const NormalizeCase *c = data;
  g_autofree char *digits = loket_validate_normalize_id (c->input);

  g_assert_cmpstr (digits, ==, c->digits);
}

static void
test_bsn_messages_differ (void)
{
  g_autoptr (GError) length = NULL;
  g_autoptr (GError) check = NULL;

  /* The clerk must learn whether a digit is missing or mistyped. */
  g_assert_false (loket_validate_bsn ("1234567", &length));
  g_assert_false (loket_validate_bsn ("123456789", &check));
  g_assert_cmpstr (length->message, ==, "A BSN must have 9 digits.");
  g_assert_cmpstr (check->message, ==, "This BSN is not valid: it does not pass the eleven test (elfproef).");
}

static void
test_postcode_without_out (void)
{
  g_assert_true (loket_validate_postcode ("1234ab", NULL, NULL));
  g_assert_false (loket_validate_postcode ("1234 SS", NULL, NULL));
}

#define ADD_CASES(prefix, table, func)                                                            \
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)                                                \
    {                                                                                             \
      g_autofree char *path = g_strconcat (prefix, table[i].name, NULL);                          \
      g_test_add_data_func (path, &table[i], func);                                               \
    }

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD_CASES ("/validate/bsn/", bsn_cases, test_bsn);
  ADD_CASES ("/validate/rrn/", rrn_cases, test_rrn);
  ADD_CASES ("/validate/kvk/", kvk_cases, test_kvk);
  ADD_CASES ("/validate/email/", email_cases, test_email);
  ADD_CASES ("/validate/postcode/", postcode_cases, test_postcode);
  ADD_CASES ("/validate/date/", date_cases, test_date);
  ADD_CASES ("/validate/normalize-id/", normalize_cases, test_normalize_id);
  g_test_add_func ("/validate/bsn/messages-differ", test_bsn_messages_differ);
  g_test_add_func ("/validate/postcode/without-out-parameter", test_postcode_without_out);

  return g_test_run ();
}
