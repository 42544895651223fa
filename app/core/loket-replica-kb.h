#pragma once

/* loket-replica-kb.h — the knowledge base on the desk: drafts and four-eyes review, the
 * editors' lists, synonyms and what the articles are used for.  Every write takes effect in the
 * replica at once (offline) and goes out through the outbox (loket-protocol.h, "Knowledge
 * base").  Search is in loket-kb-search.h. */

#include "loket-replica.h"

G_BEGIN_DECLS

typedef struct {
  const char        *article_id;       /* NULL: a new article */
  const char        *revision_id;      /* NULL: a new draft; else one of my own drafts */
  const char        *kind;             /* product | levensgebeurtenis | werkinstructie | faq |
                                          wie-doet-wat | sociale-kaart */
  const char        *title;            /* required */
  const char        *public_body;      /* Markdown */
  const char        *internal_body;    /* Markdown, staff only */
  const char        *product_id;       /* optional */
  const char        *product_group_id; /* optional: the owning product group */
  const char        *owner_id;         /* optional: the owning editor (a user id) */
  const char        *review_date;      /* optional: "YYYY-MM-DD" */
  const char *const *related;          /* optional, NULL-terminated: linked article ids */
} LoketArticleDraft;

typedef enum {
  LOKET_ARTICLE_DRAFTS_MINE,       /* my drafts: draft, submitted, rejected and conflict */
  LOKET_ARTICLE_DRAFTS_TO_REVIEW,  /* submitted by someone else: mine to approve or reject */
} LoketArticleDraftList;

/* Whether the signed-in user may edit, review and publish articles (loket_rules). */
gboolean      loket_replica_may_edit_articles    (LoketReplica *self);

/* Saves a draft (a new one, or one of my own again) and returns its revision id; the article id
 * of a new article is set in *article_id when not NULL.  The draft is based on the article's
 * published rev as this desk knows it.  LOKET_ERROR_FORBIDDEN for a non-editor or someone
 * else's draft, LOKET_ERROR_INVALID for a missing title, an unknown kind or a bad date,
 * LOKET_ERROR_NOT_FOUND for an unknown article. */
char         *loket_replica_save_article_draft   (LoketReplica *self,
                                                  const LoketArticleDraft *draft,
                                                  char **article_id, GError **error);
/* The author asks for review (draft or rejected → submitted). */
gboolean      loket_replica_submit_article       (LoketReplica *self, const char *revision_id,
                                                  GError **error);
/* A second editor approves (publishes) or rejects (note required) a submitted draft.  The
 * author of the draft gets LOKET_ERROR_FORBIDDEN: no one publishes their own text.  Approving
 * shows the new version at once; the server may still answer that another version was
 * published meanwhile (an article conflict in the inbox). */
gboolean      loket_replica_review_article       (LoketReplica *self, const char *revision_id,
                                                  gboolean approve, const char *note,
                                                  GError **error);
/* Whether the signed-in user may approve this revision: an editor, not its author, and the
 * revision is submitted. */
gboolean      loket_replica_may_review_article   (LoketReplica *self, const char *revision_id);

/* One revision with every column, author_name, reviewer_name and article_rev (the article's
 * published rev now), or NULL. */
LoketRecord  *loket_replica_get_article_revision (LoketReplica *self, const char *revision_id);
/* Drafts, newest first: the revision columns, author_name, article_status, article_rev. */
GListModel   *loket_replica_list_article_drafts  (LoketReplica *self, LoketArticleDraftList which);
/* Published articles due for review on today ("YYYY-MM-DD", local): review_date before or on
 * today, or their product changed after they were published (due 5 working days after that
 * change).  Columns: id, kind, title, owner_id, owner_name, review_date, due_date, reason
 * ("review_date" | "product_changed"), oldest due first. */
GListModel   *loket_replica_list_articles_due    (LoketReplica *self, const char *today);
/* The published versions of an article, newest first (state published): the revision columns,
 * author_name, reviewer_name. */
GListModel   *loket_replica_list_article_versions (LoketReplica *self, const char *article_id);

/* Editors' figures: searches that found nothing (id = the query, searches, zero_hits, last_at;
 * most often first) and the most used articles (id, kind, title, uses, last_used_at). */
GListModel   *loket_replica_list_zero_result_searches (LoketReplica *self, guint limit);
GListModel   *loket_replica_list_popular_articles     (LoketReplica *self, guint limit);

/* Synonym groups: id, terms (JSON array text), updated_at; by their first term. */
GListModel   *loket_replica_list_synonyms        (LoketReplica *self);
/* Saves a group (id NULL: a new one) and returns its id; fewer than two terms removes it. */
char         *loket_replica_save_synonyms        (LoketReplica *self, const char *id,
                                                  const char *const *terms, GError **error);

/* The users who may edit articles (the owners an article can have): id, display_name, by name. */
GListModel   *loket_replica_list_editors         (LoketReplica *self);

/* The related articles of an article that this desk has published: id, kind, title. */
GListModel   *loket_replica_list_related_articles (LoketReplica *self, const char *article_id);

G_END_DECLS
