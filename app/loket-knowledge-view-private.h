/* loket-knowledge-view-private.h — what the files of LoketKnowledgeView share (not for other
 * code): loket-knowledge-view.c (the page, the search, what is shown, refreshing),
 * loket-knowledge-view-actions.c (which actions apply, writing, the four-eyes review) and
 * loket-knowledge-view-lists.c (the editors' lists, the versions and comparing, the synonyms). */
#pragma once

#include "loket-article-diff.h"
#include "loket-knowledge-view.h"

G_BEGIN_DECLS

/* The detail list's other content besides the sections: an article's published versions. */
#define LOKET_KNOWLEDGE_LIST_HISTORY LOKET_KNOWLEDGE_N_SECTIONS

struct _LoketKnowledgeView
{
  AdwBin              parent_instance;

  LoketReplica       *replica;
  gboolean            editor;
  GListStore         *results;
  GtkSingleSelection *selection;
  GListStore         *items;
  guint               list_mode;      /* a section or …_LIST_HISTORY */
  char               *article_id;
  char               *revision_id;    /* NULL: the published article is shown */
  char               *synonym_id;     /* the group being edited, or NULL for a new one */
  GPtrArray          *chosen;         /* versions chosen in the history to compare */
  guint               counts[LOKET_KNOWLEDGE_N_SECTIONS];
  GtkLabel           *count_labels[LOKET_KNOWLEDGE_N_SECTIONS];
  guint               refresh_id;
  guint               record_id;
  char               *recorded;       /* the last query remembered for the figures */
  gboolean            refreshing;     /* selection changes while refreshing are not a choice */
  LoketArticleView   *article_view;

  AdwToastOverlay    *toasts;
  GtkSearchEntry     *search_entry;
  GtkWidget          *new_button;
  GtkListBox         *sections;
  GtkStack           *results_stack;
  AdwStatusPage      *results_empty;
  GtkListView        *results_view;
  GtkStack           *detail_stack;
  GtkBox             *article_pane;
  GtkWidget          *article_toolbar;
  GtkWidget          *edit_button;
  GtkWidget          *merge_button;
  GtkWidget          *submit_button;
  GtkWidget          *approve_button;
  GtkWidget          *reject_button;
  GtkWidget          *compare_button;
  GtkWidget          *history_button;
  GtkLabel           *state_label;
  GtkLabel           *problem_label;
  GtkLabel           *list_title;
  GtkLabel           *list_description;
  GtkWidget          *synonym_form;
  GtkEntry           *synonym_entry;
  GtkButton          *synonym_save;
  GtkWidget          *synonym_cancel;
  GtkListBox         *section_list;
  GtkWidget          *compare_selected;
  LoketArticleDiff   *diff;
};

/* loket-knowledge-view.c */
/* Reads everything again: counts, results, the list shown and the actions. */
void       loket_knowledge_view_refresh          (LoketKnowledgeView *self);
/* A toast with text (markup-escaped) on the page's overlay. */
void       loket_knowledge_view_toast            (LoketKnowledgeView *self, const char *text);
/* The core's refusal above the article, in its words (NULL: none). */
void       loket_knowledge_view_show_problem     (LoketKnowledgeView *self, const char *message);

/* loket-knowledge-view-actions.c */
/* Every action's enablement, and the buttons and words that go with them: the one place. */
void       loket_knowledge_view_update_actions   (LoketKnowledgeView *self);
/* The article actions and their keys (kb.new, kb.edit, kb.submit, kb.approve, …). */
void       loket_knowledge_view_install_actions  (GtkWidgetClass *widget_class);

/* loket-knowledge-view-lists.c */
void       loket_knowledge_view_add_section_rows (LoketKnowledgeView *self);
/* The counts beside the sections (and the sections shown to editors only). */
void       loket_knowledge_view_update_counts    (LoketKnowledgeView *self);
/* The rows of the detail's list, when it is shown. */
void       loket_knowledge_view_update_list      (LoketKnowledgeView *self);
/* Shows a section or the versions (…_LIST_HISTORY) in the detail's list. */
void       loket_knowledge_view_show_list        (LoketKnowledgeView *self, guint mode);
/* The GtkListBoxCreateWidgetFunc of the detail's list; user_data is the view. */
GtkWidget *loket_knowledge_view_create_item_row  (gpointer item, gpointer user_data);
/* The list actions (kb.history, kb.compare, kb.compare-chosen, kb.save-synonyms) and the
 * template's callbacks for the list. */
void       loket_knowledge_view_install_list_actions (GtkWidgetClass *widget_class);

G_END_DECLS
