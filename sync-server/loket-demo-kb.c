/* loket-demo-kb.c — the demo municipality's knowledge base as the server would have made it
 * with four eyes (loket-store-kb.c): every article published by the other of the two editors
 * than its owner, with its path (slug), review date and links, and its published version kept
 * as a revision; a draft waiting for review and one still being written, so that both
 * editors' lists have something; the synonym groups; and the editors' figures: searches that
 * found nothing and how often each article answered a contact.
 */
#include "config.h"

#include "loket-demo-private.h"
#include "loket-error.h"
#include "loket-store-private.h"

/* The two editors: each article's owner wrote it, the other one approved it. */
static int
other_editor (int editor)
{
  return editor == U_REDACTIE ? U_KENNIS : U_REDACTIE;
}

/* The ids of the articles a definition links to, as a JSON array (NULL, error set, when a
 * title is unknown: a mistake in the tables). */
static char *
related_ids (const ArticleDef *a, DemoId *ids, GError **error)
{
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (a->related) && a->related[i] != NULL; i++)
    {
      guint j = 0;

      while (j < loket_demo_n_articles
             && g_strcmp0 (loket_demo_articles[j].title, a->related[i]) != 0)
        j++;
      if (j == loket_demo_n_articles)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                       "The demo article “%s” links to an unknown article “%s”", a->title,
                       a->related[i]);
          return NULL;
        }
      g_string_append_printf (json, "%s\"%s\"", i > 0 ? ", " : "", ids[j]);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

typedef struct {
  const char *id, *related, *review_date;
  DemoTime written, submitted, published;
} Publication;

static gboolean
insert_article (Demo *d, const ArticleDef *a, const Publication *p, GError **error)
{
  g_autofree char *slug = loket_store_article_slug (a->title);

  return demo_insert (d, "INSERT INTO kb_articles (id, kind, title, public_body, internal_body,"
                      " product_id, status, rev, updated_at, product_group_id, owner_id,"
                      " review_date, related, slug, published_at, published_by)"
                      " VALUES (?, ?, ?, ?, ?, ?, 'published', 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                      "ssssssssssssss", error, p->id, a->kind, a->title, a->public_body,
                      a->internal_body,
                      a->product != P_NONE ? d->product_ids[a->product] : NULL, p->published,
                      a->group >= 0 ? d->group_ids[a->group] : NULL, d->user_ids[a->owner],
                      p->review_date, p->related, slug, p->published,
                      d->user_ids[other_editor (a->owner)]);
}

/* Every published version is kept: the first one of each article. */
static gboolean
insert_published_revision (Demo *d, const ArticleDef *a, const Publication *p, GError **error)
{
  DemoId id;

  demo_new_id (id);
  return demo_insert (d, "INSERT INTO kb_article_revisions (id, article_id, rev, based_on_rev,"
                      " title, public_body, internal_body, author_id, created_at, conflict,"
                      " state, kind, product_id, product_group_id, owner_id, review_date,"
                      " related, updated_at, submitted_at, reviewed_by, reviewed_at)"
                      " VALUES (?, ?, 1, 0, ?, ?, ?, ?, ?, 0, 'published', ?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?, ?)", "sssssssssssssssss", error, id, p->id, a->title,
                      a->public_body, a->internal_body, d->user_ids[a->owner], p->written,
                      a->kind, a->product != P_NONE ? d->product_ids[a->product] : NULL,
                      a->group >= 0 ? d->group_ids[a->group] : NULL, d->user_ids[a->owner],
                      p->review_date, p->related, p->written, p->submitted,
                      d->user_ids[other_editor (a->owner)], p->published);
}

static gboolean
insert_one_article (Demo *d, guint i, DemoId *ids, GError **error)
{
  const ArticleDef *a = &loket_demo_articles[i];
  g_autofree char *related = related_ids (a, ids, error);
  char review_date[11];
  Publication p = { ids[i], related, review_date };
  gint64 published;
  GDate date;

  if (related == NULL)
    return FALSE;
  demo_date_from_today (d, a->review_in_days, &date);
  demo_format_date (&date, review_date);
  published = demo_office_time (d, g_rand_int_range (d->rand, 2, 180));
  demo_format_utc (published - 3 * 86400, p.written);
  demo_format_utc (published - 2 * 86400, p.submitted);
  demo_format_utc (published, p.published);
  return insert_article (d, a, &p, error) && insert_published_revision (d, a, &p, error);
}

gboolean
demo_insert_articles (Demo *d, GError **error)
{
  g_autofree DemoId *ids = g_new0 (DemoId, loket_demo_n_articles);

  for (guint i = 0; i < loket_demo_n_articles; i++)
    {
      int product = loket_demo_articles[i].product;

      demo_new_id (ids[i]);
      if (product != P_NONE && d->article_ids[product][0] == '\0')
        g_strlcpy (d->article_ids[product], ids[i], sizeof (DemoId));
    }
  for (guint i = 0; i < loket_demo_n_articles; i++)
    if (!insert_one_article (d, i, ids, error))
      return FALSE;
  return TRUE;
}

/* ---- drafts ---------------------------------------------------------------------------------- */

/* Drafts of published articles: an editor changed a price.  The first waits for the other
 * editor's review; the second is still being written. */
static const struct {
  const char *title, *old_text, *new_text, *state;
  int author, days_ago;
} drafts[] = {
  { "Rijbewijs verlengen", "€ 52,40", "€ 53,10", "submitted", U_REDACTIE, 1 },
  { "Zaal reserveren", "€ 35,00 per uur", "€ 37,50 per uur", "draft", U_KENNIS, 0 },
};

static gboolean
insert_draft (Demo *d, guint i, GError **error)
{
  g_autoptr(GString) text = NULL;
  const ArticleDef *a = NULL;
  DemoTime written;
  DemoId id;

  for (guint j = 0; j < loket_demo_n_articles && a == NULL; j++)
    if (g_str_equal (loket_demo_articles[j].title, drafts[i].title))
      a = &loket_demo_articles[j];
  g_assert (a != NULL);
  text = g_string_new (a->public_body);
  g_string_replace (text, drafts[i].old_text, drafts[i].new_text, 0);
  demo_new_id (id);
  demo_format_utc (demo_office_time (d, drafts[i].days_ago), written);
  /* The draft takes the article's facts as they are published. */
  return demo_insert (d, "INSERT INTO kb_article_revisions (id, article_id, rev, based_on_rev,"
                      " title, public_body, internal_body, author_id, created_at, conflict,"
                      " state, kind, product_id, product_group_id, owner_id, review_date,"
                      " related, updated_at, submitted_at)"
                      " SELECT ?1, a.id, a.rev, a.rev, a.title, ?2, a.internal_body, ?3, ?4, 0,"
                      " ?5, a.kind, a.product_id, a.product_group_id, a.owner_id, a.review_date,"
                      " a.related, ?4, CASE ?5 WHEN 'submitted' THEN ?4 END"
                      " FROM kb_articles a WHERE a.title = ?6", "ssssss", error, id, text->str,
                      d->user_ids[drafts[i].author], written, drafts[i].state, a->title);
}

/* ---- synonyms and the editors' figures ------------------------------------------------------- */

static gboolean
insert_synonyms (Demo *d, GError **error)
{
  DemoTime updated;

  demo_format_utc (demo_office_time (d, 40), updated);
  for (guint i = 0; i < loket_demo_n_synonyms; i++)
    {
      g_autoptr(GString) terms = g_string_new ("[");
      DemoId id;

      for (guint t = 0; loket_demo_synonyms[i][t] != NULL; t++)
        g_string_append_printf (terms, "%s\"%s\"", t > 0 ? ", " : "", loket_demo_synonyms[i][t]);
      g_string_append_c (terms, ']');
      demo_new_id (id);
      if (!demo_insert (d, "INSERT INTO kb_synonyms (id, terms, updated_at, updated_by)"
                        " VALUES (?, ?, ?, ?)", "ssss", error, id, terms->str, updated,
                        d->user_ids[i % 2 == 0 ? U_REDACTIE : U_KENNIS]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_search_stats (Demo *d, GError **error)
{
  for (guint i = 0; i < loket_demo_n_search_stats; i++)
    {
      const SearchStatDef *s = &loket_demo_search_stats[i];
      DemoTime last;

      demo_format_utc (demo_office_time (d, (int) i), last);
      if (!demo_insert (d, "INSERT INTO kb_search_stats (id, searches, zero_hits, last_hits,"
                        " last_at) VALUES (?, ?, ?, ?, ?)", "siiis", error, s->query,
                        s->searches, s->zero_hits, s->last_hits, last))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_insert_knowledge_figures (Demo *d, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (drafts); i++)
    if (!insert_draft (d, i, error))
      return FALSE;
  /* The usage as the contacts that the demo recorded with an article counted it. */
  return insert_synonyms (d, error) && insert_search_stats (d, error)
         && loket_db_exec (d->db, "INSERT INTO kb_article_usage (id, uses, last_used_at)"
                           " SELECT article_id, count(*), max (at) FROM contact_moments"
                           " WHERE article_id IS NOT NULL GROUP BY article_id", error);
}
