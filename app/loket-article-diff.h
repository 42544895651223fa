#pragma once

/* loket-article-diff.h — what changed between two versions of a knowledge article: the title,
 * the public text and the internal text, word by word (loket-text-diff.h).  Removed words are
 * struck through on red, added words underlined on green, and a summary line says the same in
 * words ("Removed: …; added: …"), for whoever cannot tell the colours apart or does not see
 * them: it is also the widget's accessible description. */

#include <adwaita.h>

#include "loket-record.h"

G_BEGIN_DECLS

#define LOKET_TYPE_ARTICLE_DIFF (loket_article_diff_get_type ())
G_DECLARE_FINAL_TYPE (LoketArticleDiff, loket_article_diff, LOKET, ARTICLE_DIFF, AdwBin)

GtkWidget  *loket_article_diff_new          (void);
/* Compares two versions: records with title, public_body and internal_body (an article, a
 * revision).  caption says which two they are ("Version 3 → your draft"); NULL for none. */
void        loket_article_diff_set_versions (LoketArticleDiff *self, LoketRecord *old_version,
                                             LoketRecord *new_version, const char *caption);
/* The summary line as shown. */
const char *loket_article_diff_get_summary  (LoketArticleDiff *self);

G_END_DECLS
