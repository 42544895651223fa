/* The word diff of two versions of an article: each side is given back exactly by its pieces,
 * the script is a shortest one, changes read as "what went, what came", and long texts stay
 * fast. */
#include <string.h>

#include "loket-text-diff.h"

/* The pieces as "=same|-removed|+added|" for comparing in one go. */
static char *
render (GPtrArray *pieces)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      LoketDiffPiece *piece = pieces->pdata[i];

      g_string_append_c (out, piece->kind == LOKET_DIFF_SAME ? '='
                              : piece->kind == LOKET_DIFF_REMOVED ? '-' : '+');
      g_string_append (out, piece->text);
      g_string_append_c (out, '|');
    }
  return g_string_free (out, FALSE);
}

/* One side of the texts from its pieces: the unchanged ones and those of its kind. */
static char *
side (GPtrArray *pieces, LoketDiffKind kind)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      LoketDiffPiece *piece = pieces->pdata[i];

      if (piece->kind == LOKET_DIFF_SAME || piece->kind == kind)
        g_string_append (out, piece->text);
    }
  return g_string_free (out, FALSE);
}

static guint
count_words (GPtrArray *pieces, LoketDiffKind kind)
{
  guint n = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      LoketDiffPiece *piece = pieces->pdata[i];
      g_auto(GStrv) words = NULL;

      if (piece->kind != kind)
        continue;
      words = g_strsplit_set (piece->text, " \n\t", -1);
      for (guint w = 0; words[w] != NULL; w++)
        n += *words[w] != '\0';
    }
  return n;
}

/* Checks the diff of old and new against expected, and that both sides come back. */
static void
check (const char *old_text, const char *new_text, const char *expected)
{
  g_autoptr(GPtrArray) pieces = loket_text_diff (old_text, new_text);
  g_autofree char *rendered = render (pieces);
  g_autofree char *old_back = side (pieces, LOKET_DIFF_REMOVED);
  g_autofree char *new_back = side (pieces, LOKET_DIFF_ADDED);

  g_assert_cmpstr (rendered, ==, expected);
  g_assert_cmpstr (old_back, ==, old_text != NULL ? old_text : "");
  g_assert_cmpstr (new_back, ==, new_text != NULL ? new_text : "");
  for (guint i = 1; i < pieces->len; i++)
    g_assert_cmpint (((LoketDiffPiece *) pieces->pdata[i])->kind, !=,
                     ((LoketDiffPiece *) pieces->pdata[i - 1])->kind);
}

static void
test_empty (void)
{
  check ("", "", "");
  check (NULL, NULL, "");
  check ("", "Neem uw paspoort mee.", "+Neem uw paspoort mee.|");
  check ("Neem uw paspoort mee.", NULL, "-Neem uw paspoort mee.|");
}

static void
test_identical (void)
{
  check ("Neem uw paspoort mee.\n", "Neem uw paspoort mee.\n", "=Neem uw paspoort mee.\n|");
}

static void
test_all_changed (void)
{
  check ("Kosten onbekend", "Gratis aanvragen", "-Kosten onbekend|+Gratis aanvragen|");
}

static void
test_words (void)
{
  check ("Neem uw paspoort mee naar de balie.", "Neem uw rijbewijs mee naar de balie.",
         "=Neem uw |-paspoort |+rijbewijs |=mee naar de balie.|");
  check ("Een twee drie", "Een drie", "=Een |-twee |=drie|");
  check ("Een drie", "Een twee drie", "=Een |+twee |=drie|");
  /* A change of white space is a change of the word before it. */
  check ("Een  twee", "Een twee", "-Een  |+Een |=twee|");
  /* Changes that touch each other read as one: what went, then what came. */
  check ("a b c d e", "a x c y e", "=a |-b |+x |=c |-d |+y |=e|");
  check ("a b c d", "a x y d", "=a |-b c |+x y |=d|");
}

static void
test_unicode (void)
{
  check ("Één café in Den Haag — geopend", "Één café in ’s-Gravenhage — geopend",
         "=Één café in |-Den Haag |+’s-Gravenhage |=— geopend|");
  /* A non-breaking space is white space too. */
  check ("per\u00a0stuk €\u00a021,35", "per\u00a0stuk €\u00a022,10",
         "=per\u00a0stuk €\u00a0|-21,35|+22,10|");
}

/* The edit script is a shortest one: removed + added words equal the edit distance. */
static void
test_shortest (void)
{
  g_autoptr(GPtrArray) pieces = loket_text_diff ("a b c a b b a ", "c b a b a c ");

  /* Myers' example: ABCABBA → CBABAC takes 5 edits. */
  g_assert_cmpuint (count_words (pieces, LOKET_DIFF_REMOVED)
                    + count_words (pieces, LOKET_DIFF_ADDED), ==, 5);
}

static char *
long_text (guint words, guint seed)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < words; i++)
    g_string_append_printf (out, "woord%u%s", g_rand_int_range (rand, 0, 500),
                            i % 12 == 11 ? "\n" : " ");
  return g_string_free (out, FALSE);
}

/* Five thousand words each side, nothing in common but the word pool, and a small edit in the
 * middle of a long text: both within a fraction of a second, the sides exact. */
static void
test_long (void)
{
  g_autofree char *a = long_text (5000, 1);
  g_autofree char *b = long_text (5000, 2);
  g_autofree char *edited = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) pieces = loket_text_diff (a, b);
  g_autoptr(GPtrArray) small = NULL;
  g_autofree char *a_back = side (pieces, LOKET_DIFF_REMOVED);
  g_autofree char *b_back = side (pieces, LOKET_DIFF_ADDED);
  g_autofree char *rendered = NULL;
  char *middle;

  g_assert_cmpstr (a_back, ==, a);
  g_assert_cmpstr (b_back, ==, b);
  edited = g_strdup (a);
  middle = strchr (edited + strlen (edited) / 2, ' ');
  g_assert_nonnull (middle);
  *middle = '\n';
  small = loket_text_diff (a, edited);
  g_assert_cmpuint (small->len, ==, 4);
  g_assert_cmpuint (count_words (small, LOKET_DIFF_REMOVED), ==, 1);
  /* Generous for a loaded CI machine; it takes milliseconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  rendered = render (small);
  g_assert_nonnull (rendered);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-diff/empty", test_empty);
  g_test_add_func ("/text-diff/identical", test_identical);
  g_test_add_func ("/text-diff/all-changed", test_all_changed);
  g_test_add_func ("/text-diff/words", test_words);
  g_test_add_func ("/text-diff/unicode", test_unicode);
  g_test_add_func ("/text-diff/shortest", test_shortest);
  g_test_add_func ("/text-diff/long", test_long);

  return g_test_run ();
}
