#pragma once

/* loket-article-view.h — one knowledge article to read: its title and facts (kind, product,
 * owner, version, review date), the public text and, set apart, the internal text for staff,
 * rendered from Markdown (loket-markdown.h), its related articles and, for a product, "Book
 * this product".  Links to other articles open them here (signal open-article). */

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

#define LOKET_TYPE_ARTICLE_VIEW (loket_article_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketArticleView, loket_article_view, LOKET, ARTICLE_VIEW, GtkWidget)

GtkWidget   *loket_article_view_new           (LoketReplica *replica);
/* Shows the published article (NULL: nothing); FALSE when the desk does not have it. */
gboolean     loket_article_view_show_article  (LoketArticleView *self, const char *article_id);
/* Shows one revision (a draft under review, an older version) instead of the published text. */
gboolean     loket_article_view_show_revision (LoketArticleView *self, const char *revision_id);
/* The article or revision shown, or NULL. */
const char  *loket_article_view_get_article_id  (LoketArticleView *self);
const char  *loket_article_view_get_revision_id (LoketArticleView *self);

/* Signals:
 *   open-article (const char *article_id)   a link to another article was followed
 *   book-product (const char *product_id)   "Book this product" was pressed */

G_END_DECLS
