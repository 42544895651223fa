#pragma once

/* loket-text-diff.h — what changed between two versions of a text, word by word, for the
 * knowledge base's version comparison.  GTK-free: the desk shows the pieces with colours. */

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_DIFF_SAME,
  LOKET_DIFF_REMOVED,   /* only in the old text */
  LOKET_DIFF_ADDED,     /* only in the new text */
} LoketDiffKind;

typedef struct {
  LoketDiffKind kind;
  char         *text;   /* words with the white space after them, as in their text */
} LoketDiffPiece;

/* The pieces that turn old_text into new_text (a shortest edit script over words, neighbouring
 * pieces of one kind joined), in reading order.  GPtrArray of LoketDiffPiece, owned. */
GPtrArray *loket_text_diff        (const char *old_text, const char *new_text);
void       loket_diff_piece_free  (LoketDiffPiece *piece);

G_END_DECLS
