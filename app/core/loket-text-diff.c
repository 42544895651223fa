/* loket-text-diff.c — STUB until the desk-kb work lands. */
#include "config.h"

#include "loket-text-diff.h"

void
loket_diff_piece_free (LoketDiffPiece *piece)
{
  if (piece == NULL)
    return;
  g_free (piece->text);
  g_free (piece);
}

GPtrArray *
loket_text_diff (const char *old_text, const char *new_text)
{
  (void) old_text;
  (void) new_text;
  return g_ptr_array_new_with_free_func ((GDestroyNotify) loket_diff_piece_free);
}
