/* loket-article-view.c — STUB until the knowledge UI work lands. */
#include "config.h"

#include "loket-article-view.h"

struct _LoketArticleView
{
  GtkWidget     parent_instance;
  LoketReplica *replica;
  char         *article_id;
  char         *revision_id;
};

G_DEFINE_FINAL_TYPE (LoketArticleView, loket_article_view, GTK_TYPE_WIDGET)

static void
loket_article_view_finalize (GObject *object)
{
  LoketArticleView *self = LOKET_ARTICLE_VIEW (object);

  g_clear_object (&self->replica);
  g_free (self->article_id);
  g_free (self->revision_id);
  G_OBJECT_CLASS (loket_article_view_parent_class)->finalize (object);
}

static void
loket_article_view_class_init (LoketArticleViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_article_view_finalize;
  g_signal_new ("open-article", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  g_signal_new ("book-product", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
loket_article_view_init (LoketArticleView *self)
{
  (void) self;
}

GtkWidget *
loket_article_view_new (LoketReplica *replica)
{
  LoketArticleView *self = g_object_new (LOKET_TYPE_ARTICLE_VIEW, NULL);

  self->replica = g_object_ref (replica);
  return GTK_WIDGET (self);
}

gboolean
loket_article_view_show_article (LoketArticleView *self, const char *article_id)
{
  g_free (self->article_id);
  self->article_id = g_strdup (article_id);
  return TRUE;
}

gboolean
loket_article_view_show_revision (LoketArticleView *self, const char *revision_id)
{
  g_free (self->revision_id);
  self->revision_id = g_strdup (revision_id);
  return TRUE;
}

const char *
loket_article_view_get_article_id (LoketArticleView *self)
{
  return self->article_id;
}

const char *
loket_article_view_get_revision_id (LoketArticleView *self)
{
  return self->revision_id;
}
