#pragma once

/* loket-article-editor.h — a modal window in which a knowledge editor writes a draft: the
 * title, kind, product, owning product group, owner and review date, the public and the
 * internal text in Markdown (with a preview), and the related articles.  "Save Draft" (Ctrl+S)
 * keeps it in "My drafts"; "Submit for Review" (Ctrl+Enter) saves it and asks another editor
 * to approve it.  Editing a published article makes a new draft based on the published
 * version; a version that lost to another one (state conflict) is merged here: the editor
 * sees both texts compared and makes a new draft.  Everything goes to the replica first, so it
 * works offline. */

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

#define LOKET_TYPE_ARTICLE_EDITOR (loket_article_editor_get_type ())
G_DECLARE_FINAL_TYPE (LoketArticleEditor, loket_article_editor, LOKET, ARTICLE_EDITOR, AdwWindow)

/* "Product", "Life event", … for an article kind as stored (product, levensgebeurtenis, …). */
const char *loket_article_kind_name             (const char *kind);

/* An editor for a new article. */
GtkWidget  *loket_article_editor_new            (LoketReplica *replica);
/* A new draft of a published article, starting from its published text; FALSE when the desk
 * does not have it. */
gboolean    loket_article_editor_edit_article   (LoketArticleEditor *self, const char *article_id);
/* One of my own drafts again (draft, submitted or rejected); FALSE when it is not one. */
gboolean    loket_article_editor_edit_draft     (LoketArticleEditor *self, const char *revision_id);
/* A version in state conflict: the form holds its text, above it the comparison with the
 * published text it lost to; saving makes a new draft based on the published version. */
gboolean    loket_article_editor_merge          (LoketArticleEditor *self, const char *revision_id);
/* The draft saved here (NULL before the first save), and its article. */
const char *loket_article_editor_get_revision_id (LoketArticleEditor *self);
const char *loket_article_editor_get_article_id  (LoketArticleEditor *self);

/* Signals:
 *   saved (const char *revision_id)       the draft was saved (also just before submitting)
 *   submitted (const char *revision_id)   it was submitted for review; the window closes */

G_END_DECLS
