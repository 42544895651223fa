/* loket-replica-kb.c — STUB until the desk-kb work lands. */
#include "config.h"

#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-kb.h"

static GListModel *
empty (void)
{
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_FAILED, "not built yet");
  return FALSE;
}

gboolean
loket_replica_may_edit_articles (LoketReplica *self)
{
  (void) self;
  return FALSE;
}

char *
loket_replica_save_article_draft (LoketReplica *self, const LoketArticleDraft *draft,
                                  char **article_id, GError **error)
{
  (void) self;
  (void) draft;
  (void) article_id;
  not_yet (error);
  return NULL;
}

gboolean
loket_replica_submit_article (LoketReplica *self, const char *revision_id, GError **error)
{
  (void) self;
  (void) revision_id;
  return not_yet (error);
}

gboolean
loket_replica_review_article (LoketReplica *self, const char *revision_id, gboolean approve,
                              const char *note, GError **error)
{
  (void) self;
  (void) revision_id;
  (void) approve;
  (void) note;
  return not_yet (error);
}

gboolean
loket_replica_may_review_article (LoketReplica *self, const char *revision_id)
{
  (void) self;
  (void) revision_id;
  return FALSE;
}

LoketRecord *
loket_replica_get_article_revision (LoketReplica *self, const char *revision_id)
{
  (void) self;
  (void) revision_id;
  return NULL;
}

GListModel *
loket_replica_list_article_drafts (LoketReplica *self, LoketArticleDraftList which)
{
  (void) self;
  (void) which;
  return empty ();
}

GListModel *
loket_replica_list_articles_due (LoketReplica *self, const char *today)
{
  (void) self;
  (void) today;
  return empty ();
}

GListModel *
loket_replica_list_article_versions (LoketReplica *self, const char *article_id)
{
  (void) self;
  (void) article_id;
  return empty ();
}

GListModel *
loket_replica_list_zero_result_searches (LoketReplica *self, guint limit)
{
  (void) self;
  (void) limit;
  return empty ();
}

GListModel *
loket_replica_list_popular_articles (LoketReplica *self, guint limit)
{
  (void) self;
  (void) limit;
  return empty ();
}

GListModel *
loket_replica_list_synonyms (LoketReplica *self)
{
  (void) self;
  return empty ();
}

char *
loket_replica_save_synonyms (LoketReplica *self, const char *id, const char *const *terms,
                             GError **error)
{
  (void) self;
  (void) id;
  (void) terms;
  not_yet (error);
  return NULL;
}

GListModel *
loket_replica_list_related_articles (LoketReplica *self, const char *article_id)
{
  (void) self;
  (void) article_id;
  return empty ();
}
