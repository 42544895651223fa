#pragma once

/* loket-knowledge-view.h — the Knowledge Base page: search as you type over the published
 * articles (offline, loket-kb-search.h), the chosen article to read (LoketArticleView), and for
 * knowledge editors their lists beside the search: my drafts, drafts to review (with a count),
 * articles due for review, searches that found nothing, the most used articles and the synonym
 * groups.  Editors write (New Article, Ctrl+N; Edit, Ctrl+E) in a LoketArticleEditor, submit a
 * draft for review, approve or reject someone else's (four eyes: the author cannot approve),
 * see an article's published versions and compare two of them (LoketArticleDiff), and merge a
 * version that lost to another one.  Desk clerks see the search and the articles only. */

#include <adwaita.h>

#include "loket-article-view.h"
#include "loket-replica.h"

G_BEGIN_DECLS

typedef enum {
  LOKET_KNOWLEDGE_MY_DRAFTS,
  LOKET_KNOWLEDGE_TO_REVIEW,
  LOKET_KNOWLEDGE_DUE,
  LOKET_KNOWLEDGE_ZERO_RESULTS,
  LOKET_KNOWLEDGE_POPULAR,
  LOKET_KNOWLEDGE_SYNONYMS,
  LOKET_KNOWLEDGE_N_SECTIONS
} LoketKnowledgeSection;

#define LOKET_TYPE_KNOWLEDGE_VIEW (loket_knowledge_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketKnowledgeView, loket_knowledge_view, LOKET, KNOWLEDGE_VIEW, AdwBin)

GtkWidget        *loket_knowledge_view_new            (LoketReplica *replica);
/* Moves the keyboard focus to the search entry and selects its text. */
void              loket_knowledge_view_focus_search   (LoketKnowledgeView *self);
/* Searches as if typed (the entry shows the words). */
void              loket_knowledge_view_search         (LoketKnowledgeView *self,
                                                       const char *query);
/* The articles found (LoketRecord items of loket_replica_search_kb); owned by the view. */
GListModel       *loket_knowledge_view_get_results    (LoketKnowledgeView *self);
/* Shows a published article, or a revision (a draft, an older version); FALSE when the desk
 * does not have it. */
gboolean          loket_knowledge_view_show_article   (LoketKnowledgeView *self,
                                                       const char *article_id);
gboolean          loket_knowledge_view_show_revision  (LoketKnowledgeView *self,
                                                       const char *revision_id);
/* Shows an editors' list; FALSE for someone who is not an editor. */
gboolean          loket_knowledge_view_show_section   (LoketKnowledgeView *self,
                                                       LoketKnowledgeSection section);
/* The rows of the list shown (LoketRecord items: the section's, or an article's versions). */
GListModel       *loket_knowledge_view_get_items      (LoketKnowledgeView *self);
/* The count beside a section (0 for synonyms). */
guint             loket_knowledge_view_get_count      (LoketKnowledgeView *self,
                                                       LoketKnowledgeSection section);
LoketArticleView *loket_knowledge_view_get_article_view (LoketKnowledgeView *self);

G_END_DECLS
