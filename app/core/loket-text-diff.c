/* loket-text-diff.c — what changed between two versions of a text, word by word
 * (loket-text-diff.h).
 *
 * A word is a run of characters up to white space, together with the white space after it, so
 * joining the pieces of one side gives that text back exactly.  Words are compared as strings
 * (interned in one table, so comparing is comparing pointers).  The words both texts begin and
 * end with are taken off first: an edit in a long article then compares only the part around
 * it.  What is left is compared with Myers' O((N+M)·D) algorithm in its linear-space form
 * (the middle snake, divided and conquered), so memory stays linear in the words even when
 * everything changed.
 */
#include "config.h"

#include <string.h>

#include "loket-text-diff.h"

void
loket_diff_piece_free (LoketDiffPiece *piece)
{
  if (piece == NULL)
    return;
  g_free (piece->text);
  g_free (piece);
}

/* ---- words ----------------------------------------------------------------------------------- */

/* The words of text, each interned in interned (which owns them). */
static GPtrArray *
split_words (const char *text, GHashTable *interned)
{
  GPtrArray *words = g_ptr_array_new ();
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      const char *start = p;
      g_autofree char *word = NULL;
      char *known;

      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      word = g_strndup (start, (gsize) (p - start));
      if ((known = g_hash_table_lookup (interned, word)) == NULL)
        {
          known = g_steal_pointer (&word);
          g_hash_table_add (interned, known);
        }
      g_ptr_array_add (words, known);
    }
  return words;
}

/* ---- the pieces ------------------------------------------------------------------------------ */

typedef struct {
  const char *const *a;   /* the old words */
  const char *const *b;   /* the new words */
  gint64             *forward;
  gint64             *backward;
  GPtrArray          *pieces;
} Diff;

/* Adds words to the pieces, joined to the last piece when that is of the same kind. */
static void
emit (Diff *d, LoketDiffKind kind, const char *const *words, gint64 n)
{
  LoketDiffPiece *last = d->pieces->len > 0 ? d->pieces->pdata[d->pieces->len - 1] : NULL;
  GString *text;

  if (n <= 0)
    return;
  text = g_string_new (last != NULL && last->kind == kind ? last->text : "");
  for (gint64 i = 0; i < n; i++)
    g_string_append (text, words[i]);
  if (last != NULL && last->kind == kind)
    {
      g_free (last->text);
      last->text = g_string_free (text, FALSE);
      return;
    }
  last = g_new0 (LoketDiffPiece, 1);
  last->kind = kind;
  last->text = g_string_free (text, FALSE);
  g_ptr_array_add (d->pieces, last);
}

/* ---- Myers, linear space ----------------------------------------------------------------------- */

/* The middle snake of a[a0..a1) against b[b0..b1): a stretch of equal words on some shortest
 * edit path, as its start (*x, *y) and end (*u, *v); returns the number of edits D. */
static gint64
middle_snake (Diff *d, gint64 a0, gint64 a1, gint64 b0, gint64 b1,
              gint64 *x_out, gint64 *y_out, gint64 *u_out, gint64 *v_out)
{
  gint64 n = a1 - a0, m = b1 - b0, delta = n - m, max = (n + m + 1) / 2;
  gboolean odd = (delta & 1) != 0;
  gint64 offset = max + 1;
  gint64 *vf = d->forward, *vb = d->backward;

  vf[offset + 1] = 0;
  vb[offset + 1] = 0;
  for (gint64 step = 0; step <= max; step++)
    {
      for (gint64 k = -step; k <= step; k += 2)
        {
          gint64 x = (k == -step || (k != step && vf[offset + k - 1] < vf[offset + k + 1]))
                     ? vf[offset + k + 1] : vf[offset + k - 1] + 1;
          gint64 y = x - k, x0 = x, y0 = y;

          while (x < n && y < m && d->a[a0 + x] == d->b[b0 + y])
            x++, y++;
          vf[offset + k] = x;
          if (odd && k - delta >= -(step - 1) && k - delta <= step - 1
              && x + vb[offset + delta - k] >= n)
            {
              *x_out = a0 + x0, *y_out = b0 + y0, *u_out = a0 + x, *v_out = b0 + y;
              return 2 * step - 1;
            }
        }
      for (gint64 k = -step; k <= step; k += 2)
        {
          gint64 x = (k == -step || (k != step && vb[offset + k - 1] < vb[offset + k + 1]))
                     ? vb[offset + k + 1] : vb[offset + k - 1] + 1;
          gint64 y = x - k, x0 = x, y0 = y;

          while (x < n && y < m && d->a[a1 - 1 - x] == d->b[b1 - 1 - y])
            x++, y++;
          vb[offset + k] = x;
          if (!odd && delta - k >= -step && delta - k <= step
              && x + vf[offset + delta - k] >= n)
            {
              *x_out = a1 - x, *y_out = b1 - y, *u_out = a1 - x0, *v_out = b1 - y0;
              return 2 * step;
            }
        }
    }
  g_assert_not_reached ();
}

static void
compare (Diff *d, gint64 a0, gint64 a1, gint64 b0, gint64 b1)
{
  gint64 start = a0, tail = 0;
  gint64 x, y, u, v;

  /* Equal words at both ends need no search. */
  while (a0 < a1 && b0 < b1 && d->a[a0] == d->b[b0])
    a0++, b0++;
  emit (d, LOKET_DIFF_SAME, d->a + start, a0 - start);
  while (a1 > a0 && b1 > b0 && d->a[a1 - 1] == d->b[b1 - 1])
    a1--, b1--, tail++;
  if (a0 == a1 || b0 == b1)
    {
      emit (d, LOKET_DIFF_REMOVED, d->a + a0, a1 - a0);
      emit (d, LOKET_DIFF_ADDED, d->b + b0, b1 - b0);
    }
  else
    {
      /* Both ends differ, so at least two edits: each half has fewer than the whole. */
      middle_snake (d, a0, a1, b0, b1, &x, &y, &u, &v);
      compare (d, a0, x, b0, y);
      emit (d, LOKET_DIFF_SAME, d->a + x, u - x);
      compare (d, u, a1, v, b1);
    }
  emit (d, LOKET_DIFF_SAME, d->a + a1, tail);
}

/* Between two unchanged stretches, what went and what came, in that order: a reader sees one
 * change rather than words of old and new alternating. */
static GPtrArray *
group_changes (GPtrArray *pieces)
{
  GPtrArray *grouped = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_diff_piece_free);
  guint i = 0;

  while (i < pieces->len)
    {
      g_autoptr(GString) removed = g_string_new (NULL);
      g_autoptr(GString) added = g_string_new (NULL);
      LoketDiffPiece *piece = pieces->pdata[i];

      if (piece->kind == LOKET_DIFF_SAME)
        {
          g_ptr_array_add (grouped, g_steal_pointer (&pieces->pdata[i++]));
          continue;
        }
      for (; i < pieces->len && (piece = pieces->pdata[i])->kind != LOKET_DIFF_SAME; i++)
        g_string_append (piece->kind == LOKET_DIFF_REMOVED ? removed : added, piece->text);
      for (int kind = LOKET_DIFF_REMOVED; kind <= LOKET_DIFF_ADDED; kind++)
        {
          GString *text = kind == LOKET_DIFF_REMOVED ? removed : added;
          LoketDiffPiece *out;

          if (text->len == 0)
            continue;
          out = g_new0 (LoketDiffPiece, 1);
          out->kind = (LoketDiffKind) kind;
          out->text = g_strdup (text->str);
          g_ptr_array_add (grouped, out);
        }
    }
  return grouped;
}

GPtrArray *
loket_text_diff (const char *old_text, const char *new_text)
{
  g_autoptr(GHashTable) interned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) a = split_words (old_text, interned);
  g_autoptr(GPtrArray) b = split_words (new_text, interned);
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (
    (GDestroyNotify) loket_diff_piece_free);
  gsize size = (a->len + b->len + 1) / 2 + 2;
  g_autofree gint64 *forward = g_new0 (gint64, 2 * size + 1);
  g_autofree gint64 *backward = g_new0 (gint64, 2 * size + 1);
  Diff d = { (const char *const *) a->pdata, (const char *const *) b->pdata, forward, backward,
             pieces };

  compare (&d, 0, a->len, 0, b->len);
  return group_changes (pieces);
}
