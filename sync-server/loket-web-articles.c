/* loket-web-articles.c — the knowledge base's public side: the public part of every published
 * product and life-event article, as pages for citizens and as JSON for the municipality's
 * website.
 *
 *   GET /producten                  the products by product group, then the life events
 *   GET /producten/SLUG             an article: its public text, a product's facts and the
 *                                   way to book it, the related articles
 *   GET /v1/public/articles         {"articles": [{slug, kind, title, product_id?, updated_at}]}
 *   GET /v1/public/articles/SLUG    {slug, kind, title, html, markdown, product?, related,
 *                                   published_at}
 *
 * An article is public when it is published, of kind product or levensgebeurtenis, and has a
 * slug (its address, set at its first publication).  The internal part (onderwatercontent) is
 * never read here: no query of this file names internal_body, so nothing further down can let
 * it out by mistake.  Any other article answers 404, exactly as a slug that never existed, so
 * nobody learns that a draft or a work instruction is there.
 *
 * Bodies are CommonMark, rendered by libcmark in its safe mode after the tree is rewritten:
 * raw HTML goes, an image becomes its description, a heading is never a second h1, and a link
 * stays a link only when it leads somewhere public: article:ID to that article's page,
 * book:PRODUCT_ID to the start of booking that product when it can be booked on the site, and
 * http(s) and mailto as written.  Any other link becomes its text alone; an autolink to an
 * article or product that is not public goes altogether, as its text is the id.
 */
#include "config.h"

#include <cmark.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define PAGES_PREFIX   "/producten/"
#define API_PREFIX     "/v1/public/articles/"
#define ARTICLE_SCHEME "article:"
#define BOOK_SCHEME    "book:"
#define MAX_SLUG       200
#define MAX_RELATED    20
#define KIND_PRODUCT   "product"
#define KIND_LIFE      "levensgebeurtenis"

/* What makes an article public (a is kb_articles). */
#define PUBLIC_ARTICLE \
  "a.status = 'published' AND a.kind IN ('" KIND_PRODUCT "', '" KIND_LIFE "')" \
  " AND a.slug IS NOT NULL"

/* Whether product p can be booked on the site: it is offered to citizens, and a desk of its
 * group gives the web a share of its places (what the booking pages offer). */
#define BOOKABLE \
  "(p.public = 1 AND EXISTS (SELECT 1 FROM capacities c JOIN availability_rules r" \
  " ON r.capacity_id = c.id WHERE c.group_id = p.group_id AND c.active" \
  " AND r.public_places > 0))"

/* ---- reading the database -------------------------------------------------------------------- */

/* An integer column of a row, or 0 when it is NULL. */
static gint64
row_int (JsonObject *row, const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* A text column of a row, or NULL when it is NULL. */
static const char *
row_text (JsonObject *row, const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The public articles, products first by group, then the life events; each {slug, kind,
 * title, product_id, product_group, updated_at}. */
static JsonArray *
list_articles (LoketDb *db, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT a.slug AS slug, a.kind AS kind, a.title AS title, a.product_id AS product_id,"
    " g.name AS product_group,"
    " COALESCE (a.published_at, a.updated_at) AS updated_at"
    " FROM kb_articles a LEFT JOIN products p ON p.id = a.product_id"
    " LEFT JOIN product_groups g ON g.id = COALESCE (p.group_id, a.product_group_id)"
    " WHERE " PUBLIC_ARTICLE
    " ORDER BY CASE WHEN a.kind = '" KIND_LIFE "' THEN 2 WHEN g.name IS NULL THEN 1 ELSE 0 END,"
    " CASE WHEN a.kind = '" KIND_LIFE "' THEN '' ELSE g.name END, a.title COLLATE NOCASE",
    error);
  g_autoptr(JsonArray) articles = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (articles, loket_db_row_to_json (stmt));
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&articles);
}

/* The public article with this id ({slug, title}); *row stays NULL when it is not public. */
static gboolean
public_article (LoketDb *db, const char *id, JsonObject **row, GError **error)
{
  return loket_db_query_row (db, "SELECT a.slug AS slug, a.title AS title FROM kb_articles a"
                             " WHERE a.id = ? AND " PUBLIC_ARTICLE, id, row, error);
}

/* The product with this id when it can be booked on the site ({id, name}), else NULL. */
static gboolean
bookable_product (LoketDb *db, const char *id, JsonObject **row, GError **error)
{
  return loket_db_query_row (db, "SELECT p.id AS id, p.name AS name FROM products p"
                             " WHERE p.id = ? AND " BOOKABLE, id, row, error);
}

/* What a citizen may know of a product: {id, name, norm_minutes, max_working_days (of its
 * case type; NULL for none), bookable}.  Not its handling level or line: those say which desk
 * answers, which is the organisation's business. */
static gboolean
product_facts (LoketDb *db, const char *id, JsonObject **row, GError **error)
{
  return loket_db_query_row (db, "SELECT p.id AS id, p.name AS name,"
                             " p.norm_minutes AS norm_minutes,"
                             " t.max_working_days AS max_working_days, " BOOKABLE " AS bookable"
                             " FROM products p LEFT JOIN case_types t ON t.id = p.case_type_id"
                             " WHERE p.id = ?", id, row, error);
}

/* ---- paths ----------------------------------------------------------------------------------- */

static char *
article_path (const char *slug)
{
  g_autofree char *escaped = g_uri_escape_string (slug, NULL, TRUE);

  return g_strconcat (PAGES_PREFIX, escaped, NULL);
}

/* The booking pages' first step for one of this product (loket-web-booking.c). */
static char *
booking_path (const char *product_id)
{
  g_autofree char *escaped = g_uri_escape_string (product_id, NULL, TRUE);

  return g_strdup_printf ("/afspraak/locatie?p=%s:1", escaped);
}

/* The slug after prefix in msg's path; NULL for none that can be one. */
static char *
path_slug (SoupServerMessage *msg, const char *prefix)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *slug = NULL;

  if (!g_str_has_prefix (path, prefix))
    return NULL;
  slug = g_uri_unescape_string (path + strlen (prefix), NULL);
  if (slug == NULL || *slug == '\0' || strlen (slug) > MAX_SLUG || strchr (slug, '/') != NULL
      || !g_utf8_validate (slug, -1, NULL))
    return NULL;
  return g_steal_pointer (&slug);
}

/* ---- the text -------------------------------------------------------------------------------- */

static gboolean
has_scheme (const char *url, const char *scheme)
{
  return g_ascii_strncasecmp (url, scheme, strlen (scheme)) == 0;
}

/* Where a link of an article's text may lead: *href stays NULL when nowhere public.  *name is
 * the linked article's title or product's name, for an autolink (whose text is the id). */
static gboolean
link_target (LoketDb *db, const char *url, char **href, char **name, GError **error)
{
  g_autoptr(JsonObject) row = NULL;

  if (has_scheme (url, ARTICLE_SCHEME))
    {
      if (!public_article (db, url + strlen (ARTICLE_SCHEME), &row, error))
        return FALSE;
      if (row != NULL)
        {
          *href = article_path (row_text (row, "slug"));
          *name = g_strdup (row_text (row, "title"));
        }
    }
  else if (has_scheme (url, BOOK_SCHEME))
    {
      if (!bookable_product (db, url + strlen (BOOK_SCHEME), &row, error))
        return FALSE;
      if (row != NULL)
        {
          *href = booking_path (row_text (row, "id"));
          *name = g_strdup (row_text (row, "name"));
        }
    }
  else if (has_scheme (url, "https://") || has_scheme (url, "http://")
           || has_scheme (url, "mailto:"))
    *href = g_strdup (url);
  return TRUE;
}

/* Whether a link shows nothing but its own address (<article:ID>, or [article:ID](…)). */
static gboolean
shows_its_url (cmark_node *link, const char *url)
{
  cmark_node *child = cmark_node_first_child (link);

  return child != NULL && cmark_node_next (child) == NULL
         && cmark_node_get_type (child) == CMARK_NODE_TEXT
         && g_strcmp0 (cmark_node_get_literal (child), url) == 0;
}

/* Puts a node's children in its place, and frees it. */
static void
unwrap (cmark_node *node)
{
  cmark_node *child;

  while ((child = cmark_node_first_child (node)) != NULL)
    cmark_node_insert_before (node, child);
  cmark_node_free (node);
}

static void
set_text (cmark_node *link, const char *text)
{
  cmark_node *child, *node = cmark_node_new (CMARK_NODE_TEXT);

  while ((child = cmark_node_first_child (link)) != NULL)
    cmark_node_free (child);
  cmark_node_set_literal (node, text);
  cmark_node_append_child (link, node);
}

static gboolean
rewrite_link (LoketDb *db, cmark_node *link, GError **error)
{
  g_autofree char *url = g_strdup (cmark_node_get_url (link));
  g_autofree char *href = NULL;
  g_autofree char *name = NULL;
  gboolean ours = has_scheme (url, ARTICLE_SCHEME) || has_scheme (url, BOOK_SCHEME);

  if (!link_target (db, url, &href, &name, error))
    return FALSE;
  if (href == NULL && ours && shows_its_url (link, url))
    cmark_node_free (link);
  else if (href == NULL)
    unwrap (link);
  else
    {
      cmark_node_set_url (link, href);
      if (ours)
        {
          cmark_node_set_title (link, "");
          if (shows_its_url (link, url))
            set_text (link, name);
        }
    }
  return TRUE;
}

/* Changes a node the walk collected (see rewrite_tree). */
static gboolean
rewrite_node (LoketDb *db, cmark_node *node, GError **error)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_LINK:
      return rewrite_link (db, node, error);
    case CMARK_NODE_IMAGE:
      /* Its description: the pages load no images from elsewhere (the CSP), and an image
       * address could be anything. */
      unwrap (node);
      return TRUE;
    case CMARK_NODE_HEADING:
      /* The page's h1 is the title. */
      if (cmark_node_get_heading_level (node) < 2)
        cmark_node_set_heading_level (node, 2);
      return TRUE;
    default:
      /* Raw HTML: the safe renderer leaves it out of the page anyway, but the Markdown of the
       * JSON would still carry it. */
      cmark_node_free (node);
      return TRUE;
    }
}

/* The tree changes only after the walk, as the iterator allows no changes under it.  A node
 * is collected when the walk leaves it, so a link comes after the image in it and each
 * change finds the node it changes still in the tree. */
static gboolean
rewrite_tree (LoketDb *db, cmark_node *doc, GError **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (doc);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
        case CMARK_NODE_HEADING:
          if (event == CMARK_EVENT_EXIT)
            g_ptr_array_add (nodes, node);
          break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          g_ptr_array_add (nodes, node);
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);
  for (guint i = 0; i < nodes->len; i++)
    if (!rewrite_node (db, nodes->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* cmark's strings come from malloc. */
static char *
take_cmark (char *text)
{
  char *copy = g_strdup (text);

  free (text);
  return copy;
}

/* An article's public text as HTML and as CommonMark, its links rewritten. */
static gboolean
render_body (LoketDb *db, const char *body, char **html, char **markdown, GError **error)
{
  cmark_node *doc = cmark_parse_document (body, strlen (body), CMARK_OPT_VALIDATE_UTF8);
  gboolean ok = rewrite_tree (db, doc, error);

  if (ok)
    {
      /* Safe is cmark's default since 0.29: raw HTML and javascript: links never pass. */
      *html = take_cmark (cmark_render_html (doc, CMARK_OPT_DEFAULT));
      *markdown = take_cmark (cmark_render_commonmark (doc, CMARK_OPT_DEFAULT, 0));
    }
  cmark_node_free (doc);
  return ok;
}

/* ---- an article ------------------------------------------------------------------------------ */

typedef struct {
  JsonObject *row;       /* slug, kind, title, product_id, published_at */
  JsonObject *product;   /* product_facts, or NULL */
  JsonArray  *related;   /* [{slug, title}] of the related articles that are public */
  char       *html;
  char       *markdown;
} Article;

static void
article_free (Article *article)
{
  g_clear_pointer (&article->row, json_object_unref);
  g_clear_pointer (&article->product, json_object_unref);
  g_clear_pointer (&article->related, json_array_unref);
  g_free (article->html);
  g_free (article->markdown);
  g_free (article);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Article, article_free)

/* The public ones of the related article ids (a JSON array; anything else is none). */
static JsonArray *
related_articles (LoketDb *db, const char *ids_text, GError **error)
{
  g_autoptr(JsonNode) ids = json_from_string (ids_text != NULL ? ids_text : "[]", NULL);
  g_autoptr(JsonArray) related = json_array_new ();
  JsonArray *array;

  if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids))
    return g_steal_pointer (&related);
  array = json_node_get_array (ids);
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_RELATED; i++)
    {
      JsonNode *id = json_array_get_element (array, i);
      g_autoptr(JsonObject) row = NULL;

      if (json_node_get_value_type (id) != G_TYPE_STRING)
        continue;
      if (!public_article (db, json_node_get_string (id), &row, error))
        return NULL;
      if (row != NULL)
        json_array_add_object_element (related, g_steal_pointer (&row));
    }
  return g_steal_pointer (&related);
}

/* The public article at slug; *article stays NULL when there is none. */
static gboolean
load_article (LoketDb *db, const char *slug, Article **article, GError **error)
{
  g_autoptr(Article) found = g_new0 (Article, 1);
  g_autoptr(JsonObject) body = NULL;
  const char *product_id;

  *article = NULL;
  if (!loket_db_query_row (db, "SELECT a.slug AS slug, a.kind AS kind, a.title AS title,"
                           " a.product_id AS product_id, a.related AS related,"
                           " a.public_body AS public_body,"
                           " COALESCE (a.published_at, a.updated_at) AS published_at"
                           " FROM kb_articles a"
                           " WHERE a.slug = ? AND " PUBLIC_ARTICLE, slug, &found->row, error))
    return FALSE;
  if (found->row == NULL)
    return TRUE;
  product_id = row_text (found->row, "product_id");
  if ((product_id != NULL && !product_facts (db, product_id, &found->product, error))
      || (found->related = related_articles (db, row_text (found->row, "related"),
                                             error)) == NULL
      || !render_body (db, row_text (found->row, "public_body"), &found->html,
                       &found->markdown, error))
    return FALSE;
  /* The Markdown as written has links that are not public yet; only its rewrite leaves. */
  json_object_remove_member (found->row, "public_body");
  json_object_remove_member (found->row, "related");
  *article = g_steal_pointer (&found);
  return TRUE;
}

/* ---- the pages ------------------------------------------------------------------------------- */

/* Opens the list of a section (a product group, or the life events) when it is not open. */
static void
index_section (LoketWebHtml *page, const char *heading, char **open)
{
  if (*open != NULL && g_str_equal (*open, heading))
    return;
  if (*open != NULL)
    loket_web_html_raw (page, "</ul>\n");
  loket_web_html_printf (page, "<h2>%s</h2>\n<ul class=\"choices\">\n", heading);
  g_free (*open);
  *open = g_strdup (heading);
}

void
loket_web_page_articles (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) articles = list_articles (loket_store_get_db (self->store), &error);
  g_autofree char *open = NULL;
  LoketWebHtml *page;

  if (articles == NULL)
    {
      loket_web_reply_error (self, msg, error, NULL, NULL);
      return;
    }
  page = loket_web_html_new (self->site, _("Products and services"));
  loket_web_html_para (page, "lead", _("What a product is, who can apply, what to bring, what it "
                                       "costs and how long it takes."));
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);
      const char *group = row_text (article, "product_group");
      g_autofree char *href = article_path (row_text (article, "slug"));

      if (g_strcmp0 (row_text (article, "kind"), KIND_LIFE) == 0)
        index_section (page, _("Life events"), &open);
      else
        index_section (page, group != NULL ? group : _("Other products"), &open);
      loket_web_html_printf (page, "<li><a class=\"choice\" href=\"%s\"><strong>%s</strong>"
                             "</a></li>\n", href, row_text (article, "title"));
    }
  if (open != NULL)
    loket_web_html_raw (page, "</ul>\n");
  else
    loket_web_html_para (page, "muted", _("There are no products to show yet."));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* A product's lead time and appointment, where they are known. */
static void
page_facts (LoketWebHtml *page, JsonObject *product)
{
  gint64 days = row_int (product, "max_working_days");
  gint64 minutes = row_int (product, "norm_minutes");
  gboolean bookable = row_int (product, "bookable") != 0;
  g_autofree char *lead = NULL;
  g_autofree char *visit = NULL;

  if (days <= 0 && !bookable)
    return;
  loket_web_html_raw (page, "<dl class=\"summary\">");
  if (days > 0)
    {
      lead = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At most %d working day",
                                           "At most %d working days", (gulong) days), (int) days);
      loket_web_html_printf (page, "<dt>%s</dt><dd>%s</dd>", _("Lead time"), lead);
    }
  if (bookable && minutes > 0)
    {
      visit = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %d minute",
                                            "About %d minutes", (gulong) minutes),
                               (int) minutes);
      loket_web_html_printf (page, "<dt>%s</dt><dd>%s</dd>", _("Appointment at the desk"), visit);
    }
  loket_web_html_raw (page, "</dl>\n");
}

static void
page_related (LoketWebHtml *page, JsonArray *related)
{
  if (json_array_get_length (related) == 0)
    return;
  loket_web_html_printf (page, "<nav aria-labelledby=\"zie-ook\"><h2 id=\"zie-ook\">%s</h2>"
                         "<ul>\n", _("See also"));
  for (guint i = 0; i < json_array_get_length (related); i++)
    {
      JsonObject *row = json_array_get_object_element (related, i);
      g_autofree char *href = article_path (row_text (row, "slug"));

      loket_web_html_printf (page, "<li><a href=\"%s\">%s</a></li>\n", href,
                             row_text (row, "title"));
    }
  loket_web_html_raw (page, "</ul></nav>\n");
}

/* "Last changed on …", in the server's zone. */
static void
page_changed (LoketServer *self, LoketWebHtml *page, const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  GDate day;

  if (utc == NULL)
    return;
  local = g_date_time_to_timezone (utc, self->tz);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  when = loket_web_html_long_date (&day);
  text = g_strdup_printf (_("Last changed on %s."), when);
  loket_web_html_para (page, "muted", text);
}

static void
reply_no_page (LoketServer *self, SoupServerMessage *msg)
{
  loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_NOT_FOUND,
                                     _("This page does not exist"),
                                     _("There is no product or life event at this address."),
                                     "/producten", _("All products and services"));
}

void
loket_web_page_article (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *slug = path_slug (msg, PAGES_PREFIX);
  g_autoptr(Article) article = NULL;
  g_autoptr(GError) error = NULL;
  LoketWebHtml *page;

  if (slug == NULL)
    {
      reply_no_page (self, msg);
      return;
    }
  if (!load_article (loket_store_get_db (self->store), slug, &article, &error))
    {
      loket_web_reply_error (self, msg, error, NULL, NULL);
      return;
    }
  if (article == NULL)
    {
      reply_no_page (self, msg);
      return;
    }
  page = loket_web_html_new (self->site, row_text (article->row, "title"));
  if (article->product != NULL)
    page_facts (page, article->product);
  loket_web_html_raw (page, "<div class=\"article\">\n");
  loket_web_html_raw (page, article->html);
  loket_web_html_raw (page, "</div>\n");
  if (article->product != NULL && row_int (article->product, "bookable") != 0)
    {
      g_autofree char *href = booking_path (row_text (article->product, "id"));

      loket_web_html_printf (page, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", href,
                             _("Make an appointment"));
    }
  page_related (page, article->related);
  page_changed (self, page, row_text (article->row, "published_at"));
  loket_web_html_back (page, "/producten", _("All products and services"));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

void
loket_web_api_articles (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = list_articles (loket_store_get_db (self->store), &error);
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *articles;

  if (rows == NULL)
    {
      loket_server_reply_internal (msg, error);
      return;
    }
  articles = json_array_new ();
  json_object_set_array_member (answer, "articles", articles);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonObject *article = json_object_new ();

      json_object_set_string_member (article, "slug", row_text (row, "slug"));
      json_object_set_string_member (article, "kind", row_text (row, "kind"));
      json_object_set_string_member (article, "title", row_text (row, "title"));
      if (row_text (row, "product_id") != NULL)
        json_object_set_string_member (article, "product_id", row_text (row, "product_id"));
      json_object_set_string_member (article, "updated_at", row_text (row, "updated_at"));
      json_array_add_object_element (articles, article);
    }
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

static JsonObject *
article_json (Article *article)
{
  JsonObject *answer = json_object_new ();
  JsonArray *related = json_array_new ();

  json_object_set_string_member (answer, "slug", row_text (article->row, "slug"));
  json_object_set_string_member (answer, "kind", row_text (article->row, "kind"));
  json_object_set_string_member (answer, "title", row_text (article->row, "title"));
  json_object_set_string_member (answer, "html", article->html);
  json_object_set_string_member (answer, "markdown", article->markdown);
  if (article->product != NULL)
    {
      JsonObject *product = json_object_new ();

      json_object_set_string_member (product, "id", row_text (article->product, "id"));
      json_object_set_string_member (product, "name", row_text (article->product, "name"));
      json_object_set_boolean_member (product, "bookable",
                                      row_int (article->product, "bookable") != 0);
      json_object_set_object_member (answer, "product", product);
    }
  for (guint i = 0; i < json_array_get_length (article->related); i++)
    {
      JsonObject *row = json_array_get_object_element (article->related, i);
      JsonObject *link = json_object_new ();

      json_object_set_string_member (link, "slug", row_text (row, "slug"));
      json_object_set_string_member (link, "title", row_text (row, "title"));
      json_array_add_object_element (related, link);
    }
  json_object_set_array_member (answer, "related", related);
  json_object_set_string_member (answer, "published_at",
                                 row_text (article->row, "published_at"));
  return answer;
}

void
loket_web_api_article (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *slug = path_slug (msg, API_PREFIX);
  g_autoptr(Article) article = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (slug != NULL && !load_article (loket_store_get_db (self->store), slug, &article, &error))
    {
      loket_server_reply_internal (msg, error);
      return;
    }
  if (article == NULL)
    {
      loket_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                                _("There is no product or life event at this address."));
      return;
    }
  answer = article_json (article);
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}
