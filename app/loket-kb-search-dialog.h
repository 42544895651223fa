#pragma once

#include <adwaita.h>

#include "loket-article-view.h"
#include "loket-replica.h"

G_BEGIN_DECLS

/* Searching the knowledge base from anywhere (Ctrl+Shift+F), while a customer waits: a window
 * over whatever the clerk was doing, so that stays as it was.  Every keystroke searches the
 * replica (offline too); the results show the matched words in bold.  Down moves into the
 * results, Enter reads one beside them, Escape closes.  The search is remembered for the
 * editors' figures (the query and how many articles it found) once an article is opened or the
 * window closes, never for every keystroke.
 *
 * In choose mode (the contact dialog asks which article answered the question) a "Use This
 * Article" button (Ctrl+Enter) emits article-chosen and closes.
 *
 * Signals:
 *   article-chosen (const char *article_id, const char *title)   in choose mode
 *   book-product (const char *product_id)   "Book this product" in an article; the window
 *                                           closes */

#define LOKET_TYPE_KB_SEARCH_DIALOG (loket_kb_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketKbSearchDialog, loket_kb_search_dialog, LOKET, KB_SEARCH_DIALOG,
                      AdwWindow)

GtkWidget        *loket_kb_search_dialog_new              (LoketReplica *replica);
void              loket_kb_search_dialog_set_choose       (LoketKbSearchDialog *self,
                                                           gboolean choose);
/* Types query into the search field (the search runs as for typing). */
void              loket_kb_search_dialog_search           (LoketKbSearchDialog *self,
                                                           const char *query);
/* What tests look at: the results (LoketRecord rows of loket_replica_search_kb), the search
 * field and the article beside them. */
GListModel       *loket_kb_search_dialog_get_results      (LoketKbSearchDialog *self);
GtkWidget        *loket_kb_search_dialog_get_entry        (LoketKbSearchDialog *self);
LoketArticleView *loket_kb_search_dialog_get_article_view (LoketKbSearchDialog *self);

/* A snippet with its matched words between U+0001 and U+0002 as Pango markup: those words
 * in <b>, the rest escaped. */
char             *loket_kb_search_snippet_markup          (const char *snippet);

G_END_DECLS
