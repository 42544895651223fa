/* loket-replica-kb-lists.c — what the knowledge base's lists read on the desk
 * (loket-replica-kb.h): a revision, my drafts and those to review, the published versions, the
 * articles due for review, the editors' figures, the synonym groups and related articles.
 * Writes are in loket-replica-kb.c. */
#include "config.h"

#include "loket-protocol.h"
#include "loket-replica-kb.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-time.h"

/* A kenniskaart follows a change of its product within this many working days (issue 7). */
#define PRODUCT_CHANGE_WORKDAYS 5

static GListModel *
empty_list (void)
{
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

/* ---- reading --------------------------------------------------------------------------------- */

#define REVISION_COLUMNS \
  "SELECT r.*, coalesce (au.display_name, '') AS author_name, " \
  "  coalesce (rv.display_name, '') AS reviewer_name, a.status AS article_status, " \
  "  a.rev AS article_rev " \
  "FROM kb_article_revisions r LEFT JOIN users au ON au.id = r.author_id " \
  "LEFT JOIN users rv ON rv.id = r.reviewed_by LEFT JOIN kb_articles a ON a.id = r.article_id "

LoketRecord *
loket_replica_get_article_revision (LoketReplica *self, const char *revision_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (revision_id == NULL)
    return NULL;
  return loket_replica_first_record (self, REVISION_COLUMNS "WHERE r.id = ?", revision_id);
}

/* My open drafts, and a version of mine that lost to another one until I wrote a later draft
 * of that article (the merge: made from it, so never before it). */
static const char mine_sql[] =
  REVISION_COLUMNS
  "WHERE r.author_id = ?1 AND (r.state IN ('draft', 'submitted', 'rejected') "
  "  OR (r.state = 'conflict' AND NOT EXISTS (SELECT 1 FROM kb_article_revisions n "
  "      WHERE n.article_id = r.article_id AND n.author_id = r.author_id "
  "      AND n.state <> 'conflict' AND n.created_at >= r.created_at))) "
  "ORDER BY coalesce (r.updated_at, r.created_at) DESC, r.id";
static const char to_review_sql[] =
  REVISION_COLUMNS
  "WHERE r.state = 'submitted' AND r.author_id IS NOT ?1 "
  "ORDER BY coalesce (r.submitted_at, r.updated_at, r.created_at) DESC, r.id";

GListModel *
loket_replica_list_article_drafts (LoketReplica *self, LoketArticleDraftList which)
{
  g_autofree char *user_id = NULL;
  const char *params[1];

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  user_id = loket_replica_dup_state (self, "user_id");
  params[0] = user_id;
  if (user_id == NULL || (which == LOKET_ARTICLE_DRAFTS_TO_REVIEW
                          && !loket_replica_may_edit_articles (self)))
    return empty_list ();
  return loket_replica_query_texts (self, which == LOKET_ARTICLE_DRAFTS_MINE ? mine_sql
                                                                             : to_review_sql,
                                    1, params);
}

GListModel *
loket_replica_list_article_versions (LoketReplica *self, const char *article_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  return loket_replica_query_texts (self, REVISION_COLUMNS "WHERE r.article_id = ?1"
                                    " AND r.state = 'published' ORDER BY r.rev DESC, r.id", 1,
                                    &article_id);
}

/* ---- articles due for review ----------------------------------------------------------------- */

/* changed_at: when the article's product changed after the article was published (an article
 * published before this was recorded counts from its last change). */
static const char due_sql[] =
  "SELECT a.id, a.kind, a.title, a.owner_id, coalesce (u.display_name, '') AS owner_name, "
  "  a.review_date, CASE WHEN p.updated_at > coalesce (a.published_at, a.updated_at) "
  "  THEN p.updated_at END AS changed_at "
  "FROM kb_articles a LEFT JOIN users u ON u.id = a.owner_id "
  "LEFT JOIN products p ON p.id = a.product_id "
  "WHERE a.status = 'published' AND ((a.review_date IS NOT NULL AND a.review_date <> '' "
  "  AND a.review_date <= ?1) OR p.updated_at > coalesce (a.published_at, a.updated_at))";

/* The local date of a wire time in the municipality's zone. */
static gboolean
change_date (const char *changed_at, GTimeZone *tz, GDate *date)
{
  gint64 at;

  if (changed_at == NULL || *changed_at == '\0' || !loket_protocol_parse_time (changed_at, &at))
    return FALSE;
  loket_time_local_date (tz, at, date);
  return TRUE;
}

/* The first and last year of the product changes, for the working days to load. */
static void
change_years (GListModel *rows, GTimeZone *tz, int *first, int *last)
{
  *first = G_MAXINT;
  *last = G_MININT;
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      GDate date;

      if (change_date (loket_record_get_string (row, "changed_at"), tz, &date))
        {
          *first = MIN (*first, g_date_get_year (&date));
          *last = MAX (*last, g_date_get_year (&date));
        }
    }
}

static void
copy_member (JsonObject *from, const char *name, JsonNode *node, gpointer to)
{
  if (!g_str_equal (name, "changed_at"))
    json_object_set_member (to, name, json_node_copy (node));
}

/* The row as the list shows it, due on the earlier of its two reasons; NULL for a change
 * whose time cannot be read and no review date reached. */
static JsonObject *
due_row (LoketRecord *row, const LoketWorkdays *workdays, GTimeZone *tz, const char *today)
{
  const char *review_date = loket_record_get_string (row, "review_date");
  gboolean by_date = *review_date != '\0' && g_strcmp0 (review_date, today) <= 0;
  g_autofree char *product_due = NULL;
  JsonObject *out;
  GDate changed, due;

  if (workdays != NULL
      && change_date (loket_record_get_string (row, "changed_at"), tz, &changed))
    {
      loket_workdays_add (workdays, &changed, PRODUCT_CHANGE_WORKDAYS, &due);
      product_due = loket_time_format_iso_date (&due);
    }
  if (product_due == NULL && !by_date)
    return NULL;
  out = json_object_new ();
  json_object_foreach_member (loket_record_get_columns (row), copy_member, out);
  if (product_due != NULL && (!by_date || g_strcmp0 (product_due, review_date) < 0))
    {
      json_object_set_string_member (out, "due_date", product_due);
      json_object_set_string_member (out, "reason", "product_changed");
    }
  else
    {
      json_object_set_string_member (out, "due_date", review_date);
      json_object_set_string_member (out, "reason", "review_date");
    }
  return out;
}

static int
by_due_date (gconstpointer a, gconstpointer b)
{
  JsonObject *x = *(JsonObject *const *) a;
  JsonObject *y = *(JsonObject *const *) b;
  int by_date = g_strcmp0 (loket_json_text (x, "due_date"), loket_json_text (y, "due_date"));

  if (by_date != 0)
    return by_date;
  return g_strcmp0 (loket_json_text (x, "title"), loket_json_text (y, "title"));
}

static GListModel *
store_of (GPtrArray *objects)
{
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; i < objects->len; i++)
    {
      g_autoptr(LoketRecord) record = loket_record_new (objects->pdata[i]);

      g_list_store_append (store, record);
    }
  return G_LIST_MODEL (store);
}

GListModel *
loket_replica_list_articles_due (LoketReplica *self, const char *today)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LoketWorkdays) workdays = NULL;
  int first, last;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  rows = loket_replica_query_texts (self, due_sql, 1, &today);
  change_years (rows, tz, &first, &last);
  /* A change late in December is due in January. */
  if (first <= last)
    workdays = loket_replica_load_workdays (self, first, last + 1);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      JsonObject *item = due_row (row, workdays, tz, today);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, by_due_date);
  return store_of (items);
}

/* ---- figures, synonyms, links ---------------------------------------------------------------- */

GListModel *
loket_replica_list_zero_result_searches (LoketReplica *self, guint limit)
{
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 100);
  const char *params[] = { max };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  /* The server sends the figures to editors alone; a desk keeps them to itself likewise. */
  if (!loket_replica_may_edit_articles (self))
    return empty_list ();
  return loket_replica_query_texts (self,
    "SELECT id, searches, zero_hits, last_at FROM kb_search_stats WHERE zero_hits > 0"
    " ORDER BY zero_hits DESC, searches DESC, last_at DESC, id LIMIT ?1", 1, params);
}

GListModel *
loket_replica_list_popular_articles (LoketReplica *self, guint limit)
{
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 100);
  const char *params[] = { max };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return loket_replica_query_texts (self,
    "SELECT a.id, a.kind, a.title, u.uses, u.last_used_at FROM kb_article_usage u"
    " JOIN kb_articles a ON a.id = u.id WHERE a.status = 'published' AND u.uses > 0"
    " ORDER BY u.uses DESC, u.last_used_at DESC, a.title LIMIT ?1", 1, params);
}

GListModel *
loket_replica_list_synonyms (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return loket_replica_query_texts (self,
    "SELECT id, terms, updated_at FROM kb_synonyms"
    " ORDER BY lower (json_extract (terms, '$[0]')), id", 0, NULL);
}

GListModel *
loket_replica_list_related_articles (LoketReplica *self, const char *article_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  return loket_replica_query_texts (self,
    "SELECT r.id, r.kind, r.title FROM kb_articles a, json_each (a.related) j"
    " JOIN kb_articles r ON r.id = j.value"
    " WHERE a.id = ?1 AND r.status = 'published' ORDER BY j.key",
    1, &article_id);
}

GListModel *
loket_replica_list_editors (LoketReplica *self)
{
  g_autoptr(GListModel) users = NULL;
  GListStore *editors;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  users = loket_replica_query_texts (self, "SELECT id, display_name, role_id FROM users"
                                     " ORDER BY display_name, id", 0, NULL);
  editors = g_list_store_new (LOKET_TYPE_RECORD);
  /* Who may edit is the rules' to say, for the desk and the server alike. */
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(LoketRecord) user = g_list_model_get_item (users, i);

      if (loket_rules_may_edit_articles (loket_record_get_string (user, "role_id")))
        g_list_store_append (editors, user);
    }
  return G_LIST_MODEL (editors);
}
