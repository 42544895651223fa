/* test-web-articles.c — the knowledge base's public pages and JSON (loket-web-articles.c) of a
 * real loket-sync with the demo municipality, over HTTP on loopback.
 *
 * The test writes its own articles into the server's database (WAL) before the first request:
 * a product article that can be booked and one that cannot, a life event, a draft and a
 * published work instruction, each with a marker of its own in the internal part.  Their public
 * texts link to each other, to booking, to the web and to what must not pass (javascript:, an
 * unknown scheme), and hold raw HTML.  The checks: the pages and the JSON show the public part,
 * rendered and rewritten; a link to what is not public shows as text without its id; the draft,
 * the work instruction and unknown slugs are 404 alike; the booking link is there only for a
 * product that can be booked.  At the end every answer the test saw is swept for the internal
 * part of every article in the database, the demo's included. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-test-server.h"

#define HTML_TYPE "text/html; charset=utf-8"
#define JSON_TYPE "application/json; charset=utf-8"
#define MARKER    "ONDERWATER-7f3a"

static LoketTestServer *server;
static SoupSession     *session;
static sqlite3         *db;
static char            *tmp_dir;
static GPtrArray       *bodies;   /* every answer's body, for the sweep */

/* The test's own rows. */
static char *book_product;    /* public, in a group with a web share of places */
static char *desk_product;    /* not public: booked at the desk only */
static char *article_book;    /* t-paspoort: a product article, bookable */
static char *article_desk;    /* t-balie: a product article, not bookable */
static char *article_life;    /* t-verhuizen: a life event */
static char *article_draft;   /* t-concept: a draft (with a slug, as after an earlier one) */
static char *article_work;    /* t-werkinstructie: a published work instruction */

#define DRAFT_TITLE "Geheim concept Qzx"
#define WORK_TITLE  "Werkinstructie Qzw"

typedef struct {
  guint               status;
  char               *body;   /* NUL-terminated */
  SoupMessageHeaders *headers;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* ---- HTTP ------------------------------------------------------------------------------------ */

static Answer *
fetch (const char *method, const char *path)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);

  g_assert_nonnull (msg);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                            g_bytes_get_size (bytes));
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  g_ptr_array_add (bodies, g_strdup (answer->body));
  return answer;
}

static const char *
header (Answer *answer, const char *name)
{
  return soup_message_headers_get_one (answer->headers, name);
}

static void
assert_has (const char *body, const char *text)
{
  if (strstr (body, text) == NULL)
    g_error ("“%s” is not in: %s", text, body);
}

static void
assert_lacks (const char *body, const char *text)
{
  if (strstr (body, text) != NULL)
    g_error ("“%s” is in: %s", text, body);
}

/* A whole page of ours in the site's language, with the headers that keep scripts out. */
static Answer *
get_page (const char *path, guint status)
{
  Answer *page = fetch ("GET", path);

  if (page->status != status)
    g_error ("GET %s: expected %u, got %u: %s", path, status, page->status, page->body);
  g_assert_cmpstr (header (page, "Content-Type"), ==, HTML_TYPE);
  assert_has (header (page, "Content-Security-Policy"), "script-src 'none'");
  g_assert_true (g_str_has_prefix (page->body, "<!DOCTYPE html>\n<html lang=\"nl\">"));
  g_assert_true (g_str_has_suffix (page->body, "</html>\n"));
  assert_has (page->body, "<main id=\"inhoud\"");
  if (status == SOUP_STATUS_OK)
    g_assert_cmpstr (header (page, "Cache-Control"), ==, "public, max-age=30");
  return page;
}

static JsonObject *
get_json (const char *path, guint status)
{
  g_autoptr(Answer) answer = fetch ("GET", path);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (answer->status != status)
    g_error ("GET %s: expected %u, got %u: %s", path, status, answer->status, answer->body);
  g_assert_cmpstr (header (answer, "Content-Type"), ==, JSON_TYPE);
  node = json_from_string (answer->body, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Nothing of the articles that are not public: their ids, titles and slugs. */
static void
assert_nothing_hidden (const char *body)
{
  const char *const hidden[] = { article_draft, article_work, DRAFT_TITLE, WORK_TITLE,
                                 "t-concept", "t-werkinstructie", MARKER, "article:", "book:" };

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    assert_lacks (body, hidden[i]);
}

/* ---- the database beside the server ---------------------------------------------------------- */

static void
db_exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

static void
add_product (const char *id, const char *group_id, const char *name, gboolean public)
{
  char *sql = sqlite3_mprintf (
    "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, public)"
    " VALUES (%Q, %Q, %Q, 15, 1, 1, %d)", id, group_id, name, public ? 1 : 0);

  db_exec (sql);
  sqlite3_free (sql);
}

static void
add_article (const char *id, const char *kind, const char *status, const char *slug,
             const char *title, const char *product_id, const char *public_body,
             const char *internal_body, const char *related)
{
  char *sql = sqlite3_mprintf (
    "INSERT INTO kb_articles (id, kind, title, public_body, internal_body, product_id, status,"
    " rev, updated_at, slug, published_at, related) VALUES (%Q, %Q, %Q, %Q, %Q, %Q, %Q, 1,"
    " '2026-03-02T09:00:00Z', %Q, '2026-03-01T10:00:00Z', %Q)", id, kind, title, public_body,
    internal_body, product_id, status, slug, related);

  db_exec (sql);
  sqlite3_free (sql);
}

/* The public text of the bookable product: a heading (an h1, which must become an h2), a list,
 * and links of every kind; raw HTML that must not pass. */
static char *
book_text (void)
{
  return g_strdup_printf (
    "# Wat is het?\n\nEen testdocument voor reizen.\n\n"
    "## Wat neemt u mee?\n\n- Eén recente pasfoto\n- Uw oude document\n\n"
    "Zie ook [verhuizen](article:%s), [de werkwijze](article:%s) en <article:%s>.\n\n"
    "Maak [een afspraak](book:%s) of [aan de balie](book:%s).\n\n"
    "Meer op [de site](https://example.nl/reizen \"Reizen\"), per [mail](mailto:info@example.nl),"
    " niet via [ftp](ftp://example.nl/x) of [klik](javascript:alert(1)).\n\n"
    "![pasfoto-eisen](https://example.nl/foto.png)\n\n"
    "<script>alert('weg')</script>\n\n"
    "Tekst met <b onclick=\"alert(2)\">vet</b> erin.\n",
    article_life, article_work, article_draft, book_product, desk_product);
}

static void
add_rows (void)
{
  g_autofree char *group = loket_test_db_text (server->db_path,
    "SELECT group_id FROM products WHERE name = 'Paspoort'");
  g_autofree char *text = NULL;
  g_autofree char *related = NULL;

  g_assert_nonnull (group);
  book_product = new_id ();
  desk_product = new_id ();
  article_book = new_id ();
  article_desk = new_id ();
  article_life = new_id ();
  article_draft = new_id ();
  article_work = new_id ();
  add_product (book_product, group, "Testreisdocument", TRUE);
  add_product (desk_product, group, "Testbaliedocument", FALSE);
  text = book_text ();
  related = g_strdup_printf ("[\"%s\", \"%s\", \"%s\"]", article_life, article_draft,
                             article_work);
  add_article (article_book, "product", "published", "t-paspoort", "Testreisdocument aanvragen",
               book_product, text, "Intern: " MARKER "-1 bel toestel 4412", related);
  add_article (article_desk, "product", "published", "t-balie", "Testbaliedocument aanvragen",
               desk_product, "## Aan de balie\n\nAlleen aan de balie.\n",
               "Intern: " MARKER "-2", "[]");
  add_article (article_life, "levensgebeurtenis", "published", "t-verhuizen", "Testverhuizing",
               NULL, "## Verhuizen\n\nWat u regelt bij een verhuizing.\n",
               "Intern: " MARKER "-3", "[]");
  add_article (article_draft, "product", "draft", "t-concept", DRAFT_TITLE, book_product,
               "## Concept\n\nNog niet klaar.\n", "Intern: " MARKER "-4", "[]");
  add_article (article_work, "werkinstructie", "published", "t-werkinstructie", WORK_TITLE,
               NULL, "## Werkwijze\n\nAlleen voor medewerkers.\n", "Intern: " MARKER "-5",
               "[]");
  /* The demo's articles too, whether or not the demo gives them addresses: the sweep then
   * holds real internal parts against their public pages. */
  db_exec ("UPDATE kb_articles SET slug = 'demo-' || rowid WHERE slug IS NULL");
}

/* ---- the pages ------------------------------------------------------------------------------- */

static void
test_start_links (void)
{
  g_autoptr(Answer) page = get_page ("/", SOUP_STATUS_OK);

  assert_has (page->body, "href=\"/producten\"");
}

static void
test_index (void)
{
  g_autoptr(Answer) page = get_page ("/producten", SOUP_STATUS_OK);
  const char *book, *desk, *life;

  book = strstr (page->body, "href=\"/producten/t-paspoort\"");
  desk = strstr (page->body, "href=\"/producten/t-balie\"");
  life = strstr (page->body, "href=\"/producten/t-verhuizen\"");
  g_assert_nonnull (book);
  g_assert_nonnull (desk);
  g_assert_nonnull (life);
  /* The products of a group together, under its name; the life events after them. */
  g_assert_true (life > book && life > desk);
  assert_has (page->body, "<h2>");
  assert_nothing_hidden (page->body);
}

static void
test_article_page (void)
{
  g_autoptr(Answer) page = get_page ("/producten/t-paspoort", SOUP_STATUS_OK);
  g_autofree char *booking = g_strdup_printf ("href=\"/afspraak/locatie?p=%s:1\"", book_product);
  const char *h1 = strstr (page->body, "<h1>");

  /* The title is the only h1; the text's own "# …" is an h2 under it. */
  assert_has (page->body, "<h1>Testreisdocument aanvragen</h1>");
  g_assert_null (strstr (h1 + 1, "<h1"));
  assert_has (page->body, "<h2>Wat is het?</h2>");
  assert_has (page->body, "<li>Eén recente pasfoto</li>");
  assert_has (page->body, "<a href=\"/producten/t-verhuizen\">verhuizen</a>");
  assert_has (page->body, "<a href=\"https://example.nl/reizen\" title=\"Reizen\">de site</a>");
  assert_has (page->body, "<a href=\"mailto:info@example.nl\">mail</a>");
  /* Links that lead nowhere public: their text alone. */
  assert_has (page->body, ", de werkwijze en");
  assert_has (page->body, "of aan de balie.");
  assert_has (page->body, "niet via ftp of klik.");
  assert_has (page->body, "pasfoto-eisen");
  assert_lacks (page->body, "ftp://");
  assert_lacks (page->body, "javascript:");
  assert_lacks (page->body, "<img");
  /* Raw HTML never passes. */
  assert_lacks (page->body, "<script");
  assert_lacks (page->body, "onclick");
  assert_lacks (page->body, "alert");
  assert_has (page->body, "Tekst met vet erin.");
  /* The booking link of the text and the button; the facts of the product. */
  assert_has (page->body, booking);
  assert_has (strstr (page->body, "class=\"button\""), booking);
  assert_has (page->body, "<dl class=\"summary\">");
  /* Related: the public one only. */
  assert_has (page->body, "<a href=\"/producten/t-verhuizen\">Testverhuizing</a>");
  assert_nothing_hidden (page->body);
}

static void
test_not_bookable (void)
{
  g_autoptr(Answer) page = get_page ("/producten/t-balie", SOUP_STATUS_OK);
  g_autoptr(Answer) life = get_page ("/producten/t-verhuizen", SOUP_STATUS_OK);

  assert_has (page->body, "<h2>Aan de balie</h2>");
  assert_lacks (page->body, "/afspraak/locatie");
  assert_lacks (page->body, "class=\"button\"");
  assert_has (life->body, "<h1>Testverhuizing</h1>");
  assert_lacks (life->body, "class=\"button\"");
  assert_nothing_hidden (page->body);
  assert_nothing_hidden (life->body);
}

/* The draft, the work instruction and a slug that never was: one and the same 404. */
static void
test_not_public_pages (void)
{
  g_autoptr(Answer) unknown = get_page ("/producten/bestaat-niet", SOUP_STATUS_NOT_FOUND);
  const char *const paths[] = { "/producten/t-concept", "/producten/t-werkinstructie",
                                "/producten/t-paspoort/meer" };

  assert_has (unknown->body, "href=\"/producten\"");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Answer) page = get_page (paths[i], SOUP_STATUS_NOT_FOUND);

      g_assert_cmpstr (page->body, ==, unknown->body);
    }
}

static void
test_wrong_method (void)
{
  g_autoptr(Answer) answer = fetch ("POST", "/producten/t-paspoort");

  g_assert_cmpuint (answer->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static JsonObject *
listed (JsonArray *articles, const char *slug)
{
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);

      if (g_strcmp0 (json_object_get_string_member (article, "slug"), slug) == 0)
        return article;
    }
  return NULL;
}

static void
test_json_list (void)
{
  g_autoptr(JsonObject) answer = get_json ("/v1/public/articles", SOUP_STATUS_OK);
  JsonArray *articles = json_object_get_array_member (answer, "articles");
  JsonObject *book = listed (articles, "t-paspoort");
  JsonObject *life = listed (articles, "t-verhuizen");

  g_assert_nonnull (book);
  g_assert_cmpstr (json_object_get_string_member (book, "kind"), ==, "product");
  g_assert_cmpstr (json_object_get_string_member (book, "title"), ==,
                   "Testreisdocument aanvragen");
  g_assert_cmpstr (json_object_get_string_member (book, "product_id"), ==, book_product);
  g_assert_cmpstr (json_object_get_string_member (book, "updated_at"), ==,
                   "2026-03-01T10:00:00Z");
  g_assert_nonnull (life);
  g_assert_cmpstr (json_object_get_string_member (life, "kind"), ==, "levensgebeurtenis");
  g_assert_false (json_object_has_member (life, "product_id"));
  g_assert_nonnull (listed (articles, "t-balie"));
  g_assert_null (listed (articles, "t-concept"));
  g_assert_null (listed (articles, "t-werkinstructie"));
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      const char *kind = json_object_get_string_member (
        json_array_get_object_element (articles, i), "kind");

      g_assert_true (g_str_equal (kind, "product") || g_str_equal (kind, "levensgebeurtenis"));
    }
}

static void
test_json_item (void)
{
  g_autoptr(JsonObject) book = get_json ("/v1/public/articles/t-paspoort", SOUP_STATUS_OK);
  g_autoptr(JsonObject) desk = get_json ("/v1/public/articles/t-balie", SOUP_STATUS_OK);
  g_autofree char *booking = g_strdup_printf ("[een afspraak](/afspraak/locatie?p=%s:1)",
                                              book_product);
  const char *html = json_object_get_string_member (book, "html");
  const char *markdown = json_object_get_string_member (book, "markdown");
  JsonObject *product = json_object_get_object_member (book, "product");
  JsonArray *related = json_object_get_array_member (book, "related");

  g_assert_cmpstr (json_object_get_string_member (book, "slug"), ==, "t-paspoort");
  g_assert_cmpstr (json_object_get_string_member (book, "kind"), ==, "product");
  g_assert_cmpstr (json_object_get_string_member (book, "published_at"), ==,
                   "2026-03-01T10:00:00Z");
  assert_has (html, "<h2>Wat neemt u mee?</h2>");
  assert_has (html, "<a href=\"/producten/t-verhuizen\">verhuizen</a>");
  assert_has (markdown, "[verhuizen](/producten/t-verhuizen)");
  assert_has (markdown, booking);
  assert_has (markdown, "[de site](https://example.nl/reizen \"Reizen\")");
  assert_has (markdown, "aan de balie.");
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? html : markdown;

      assert_lacks (text, "<script");
      assert_lacks (text, "onclick");
      assert_lacks (text, "javascript:");
      assert_lacks (text, "ftp://");
      assert_nothing_hidden (text);
    }
  g_assert_cmpstr (json_object_get_string_member (product, "id"), ==, book_product);
  g_assert_cmpstr (json_object_get_string_member (product, "name"), ==, "Testreisdocument");
  g_assert_true (json_object_get_boolean_member (product, "bookable"));
  g_assert_cmpuint (json_array_get_length (related), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (related, 0),
                                                  "slug"), ==, "t-verhuizen");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (desk, "product"),
                                                  "bookable"));
}

static void
test_json_not_public (void)
{
  g_autoptr(JsonObject) unknown = get_json ("/v1/public/articles/bestaat-niet",
                                            SOUP_STATUS_NOT_FOUND);
  const char *const paths[] = { "/v1/public/articles/t-concept",
                                "/v1/public/articles/t-werkinstructie",
                                "/v1/public/articles/t-paspoort/meer" };

  g_assert_cmpstr (json_object_get_string_member (unknown, "error"), ==, "not_found");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonObject) answer = get_json (paths[i], SOUP_STATUS_NOT_FOUND);

      g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "not_found");
      g_assert_cmpstr (json_object_get_string_member (answer, "message"), ==,
                       json_object_get_string_member (unknown, "message"));
    }
}

/* ---- the sweep ------------------------------------------------------------------------------- */

/* Letters and digits only, folded: what is left of a text whatever the markup or escaping. */
static char *
bare (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/* An answer, its entities read and then bare. */
static void
add_bare (GString *all, const char *body)
{
  static const char *const entities[][2] = { { "&lt;", "<" }, { "&gt;", ">" },
                                             { "&quot;", "\"" }, { "&#39;", "'" },
                                             { "&amp;", "&" } };
  g_autoptr(GString) text = g_string_new (body);
  g_autofree char *flat = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    g_string_replace (text, entities[i][0], entities[i][1], 0);
  flat = bare (text->str);
  g_string_append_printf (all, "%s|", flat);
}

/* The articles the test wrote and those of the demo (any that became public): no line of an
 * internal part reaches any answer the test saw. */
static void
test_sweep (void)
{
  g_autoptr(JsonObject) list = get_json ("/v1/public/articles", SOUP_STATUS_OK);
  JsonArray *articles = json_object_get_array_member (list, "articles");
  g_autoptr(GString) all = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  guint lines = 0;

  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      const char *slug = json_object_get_string_member (json_array_get_object_element (articles,
                                                                                       i), "slug");
      g_autofree char *escaped = g_uri_escape_string (slug, NULL, TRUE);
      g_autofree char *page = g_strconcat ("/producten/", escaped, NULL);
      g_autofree char *item = g_strconcat ("/v1/public/articles/", escaped, NULL);
      g_autoptr(Answer) a = fetch ("GET", page);
      g_autoptr(Answer) b = fetch ("GET", item);

      g_assert_cmpuint (a->status, ==, SOUP_STATUS_OK);
      g_assert_cmpuint (b->status, ==, SOUP_STATUS_OK);
    }
  for (guint i = 0; i < bodies->len; i++)
    {
      assert_lacks (bodies->pdata[i], MARKER);
      add_bare (all, bodies->pdata[i]);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT internal_body FROM kb_articles"
                                       " WHERE internal_body <> ''", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_auto(GStrv) parts = g_strsplit ((const char *) sqlite3_column_text (stmt, 0), "\n", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *line = bare (parts[i]);

          /* A few letters could be anywhere; a line of an internal part is not. */
          if (strlen (line) < 16)
            continue;
          lines++;
          if (strstr (all->str, line) != NULL)
            g_error ("the internal line “%s” reached a public answer", parts[i]);
        }
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (lines, >, 10);
  g_assert_cmpuint (bodies->len, >, 15);
}

/* ---- setup ----------------------------------------------------------------------------------- */

static LoketTestServer *
start_server (GError **error)
{
  g_autofree char *config = g_build_filename (tmp_dir, "open.conf", NULL);
  g_autofree char *db_path = g_build_filename (tmp_dir, "open.conf.db", NULL);
  const char *text = "[server]\n[public]\nrequests-per-minute=0\nbookings-per-hour=0\n"
                     "[mail]\nsendmail=/bin/true\n";

  g_assert_true (g_file_set_contents (config, text, -1, error));
  return loket_test_server_start_with_config (db_path, TRUE, 0, config, error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-web-articles-XXXXXX", &error);
  g_assert_no_error (error);
  bodies = g_ptr_array_new_with_free_func (g_free);
  server = start_server (&error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  /* Before the first request, so that no answer kept in the server's cache predates them. */
  add_rows ();

  g_test_add_func ("/web-articles/start-links", test_start_links);
  g_test_add_func ("/web-articles/index", test_index);
  g_test_add_func ("/web-articles/article-page", test_article_page);
  g_test_add_func ("/web-articles/not-bookable", test_not_bookable);
  g_test_add_func ("/web-articles/not-public-pages", test_not_public_pages);
  g_test_add_func ("/web-articles/wrong-method", test_wrong_method);
  g_test_add_func ("/web-articles/json-list", test_json_list);
  g_test_add_func ("/web-articles/json-item", test_json_item);
  g_test_add_func ("/web-articles/json-not-public", test_json_not_public);
  /* Last: it sweeps what the others saw. */
  g_test_add_func ("/web-articles/sweep", test_sweep);
  status = g_test_run ();

  g_object_unref (session);
  sqlite3_close (db);
  loket_test_server_free (server);
  g_ptr_array_unref (bodies);
  g_free (book_product);
  g_free (desk_product);
  g_free (article_book);
  g_free (article_desk);
  g_free (article_life);
  g_free (article_draft);
  g_free (article_work);
  loket_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
