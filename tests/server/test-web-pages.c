/* test-web-pages.c — the public pages of a real loket-sync with the demo municipality, over HTTP
 * on loopback: bad input on every page (no or unknown products, an unreadable p=, dates that are
 * none or do not exist, months and weeks too far away, a start that is no time or is taken,
 * bodies over the limit, wrong methods and content types), forged, unknown, expired and used
 * tokens of holds, appointments and surveys, the honeypot, markup and SQL in a name, the case
 * status, and a scan of every page for the personal data in the server's database.
 *
 * Every answer is checked as a page: its status, HTML in Dutch (the catalogue of the build
 * tree: LOKET_LOCALEDIR), the security headers, and no-store where it carries a token or a
 * form.  The database is read and changed beside the server (WAL) to check effects and to make
 * what a test needs: an expired token, a closed location, a booking window that opens later. */
#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-test-server.h"

#define HTML_TYPE   "text/html; charset=utf-8"
#define FORM_TYPE   "application/x-www-form-urlencoded"
#define SCRIPT_NAME "<script>alert('x')</script> \"Puk\""
#define SQL_NAME    "Robert'); DROP TABLE customers;--"
#define EMAIL       "piet.puk@example.nl"

static LoketTestServer *server;
static SoupSession     *session;
static sqlite3         *db;
static char            *tmp_dir;
static char            *paspoort;    /* a public product with free times … */
static char            *stadhuis;    /* … at this location, one of three that offer it */
static GPtrArray       *page_bodies; /* every page a GET answered, for the personal-data scan */

typedef struct {
  guint               status;
  char               *body;       /* NUL-terminated */
  char               *location;   /* of a redirect: the path */
  SoupMessageHeaders *headers;
} Page;

static void
page_free (Page *page)
{
  g_free (page->body);
  g_free (page->location);
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* ---- HTTP ------------------------------------------------------------------------------------ */

static Page *
fetch (const char *method, const char *path, const char *type, const char *body)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);
  const char *location;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, type, request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  page->status = soup_message_get_status (msg);
  /* An empty body (a redirect) has no data at all: "" then. */
  page->body = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                          g_bytes_get_size (bytes));
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  location = soup_message_headers_get_one (page->headers, "Location");
  if (location != NULL)
    page->location = g_strdup (g_str_has_prefix (location, server->url)
                               ? location + strlen (server->url) : location);
  if (g_str_equal (method, "GET"))
    g_ptr_array_add (page_bodies, g_strdup (page->body));
  return page;
}

static Page *
get (const char *path)
{
  return fetch ("GET", path, NULL, NULL);
}

static Page *
post (const char *path, const char *form)
{
  return fetch ("POST", path, FORM_TYPE, form);
}

static const char *
header (Page *page, const char *name)
{
  return soup_message_headers_get_one (page->headers, name);
}

/* The text a person reads: the body without its tags. */
static char *
visible_text (const char *body)
{
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/* Dutch: none of the English words every English sentence of ours has one of. */
static void
assert_dutch (Page *page)
{
  static const char *const english[] = { "the", "this", "your", "you", "please", "choose",
                                         "could", "again", "there", "with", "not" };
  g_autofree char *text = visible_text (page->body);
  g_auto(GStrv) words = g_regex_split_simple ("[^[:alpha:]']+", text, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (english); j++)
      if (g_ascii_strcasecmp (words[i], english[j]) == 0)
        g_error ("English (“%s”) on a page: %s", words[i], text);
}

/* A whole page of ours with status, holding text (NULL: not checked), in Dutch, with the
 * headers that keep scripts out and a token in a link in. */
static void
assert_page (Page *page, guint status, const char *text)
{
  if (page->status != status)
    g_error ("expected %u, got %u: %s", status, page->status, page->body);
  g_assert_cmpstr (header (page, "Content-Type"), ==, HTML_TYPE);
  g_assert_nonnull (strstr (header (page, "Content-Security-Policy"), "script-src 'none'"));
  g_assert_nonnull (strstr (header (page, "Content-Security-Policy"), "frame-ancestors 'none'"));
  g_assert_cmpstr (header (page, "Referrer-Policy"), ==, "no-referrer");
  g_assert_cmpstr (header (page, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_true (g_str_has_prefix (page->body, "<!DOCTYPE html>\n<html lang=\"nl\">"));
  g_assert_true (g_str_has_suffix (page->body, "</html>\n"));
  if (text != NULL && strstr (page->body, text) == NULL)
    g_error ("“%s” is not on the page: %s", text, page->body);
  assert_dutch (page);
}

/* A page that carries a token or a form: kept by no one. */
static void
assert_private_page (Page *page, guint status, const char *text)
{
  assert_page (page, status, text);
  g_assert_cmpstr (header (page, "Cache-Control"), ==, "no-store");
}

/* A page that says what went wrong, first, for screen readers too. */
static void
assert_problem (Page *page, guint status, const char *text)
{
  assert_private_page (page, status, text);
  if (status != SOUP_STATUS_OK)
    g_assert_cmpuint (page->status, >=, 400);
}

static void
assert_alert (Page *page, guint status, const char *text)
{
  assert_private_page (page, status, text);
  g_assert_nonnull (strstr (page->body, "role=\"alert\""));
}

/* 303 See Other to a path that starts with prefix. */
static void
assert_redirect (Page *page, const char *prefix)
{
  if (page->status != SOUP_STATUS_SEE_OTHER)
    g_error ("expected 303 to %s, got %u: %s", prefix, page->status, page->body);
  g_assert_nonnull (page->location);
  if (!g_str_has_prefix (page->location, prefix))
    g_error ("redirected to %s, not %s…", page->location, prefix);
  g_assert_cmpstr (header (page, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (header (page, "Referrer-Policy"), ==, "no-referrer");
}

/* A refusal that loket-server.c makes before a page's handler runs (404 for a path of no page,
 * 405, 413): a Dutch page with its status, like every other. */
static void
assert_refused (Page *page, guint status)
{
  g_assert_cmpuint (page->status, ==, status);
  assert_private_page (page, status, NULL);
}

static void
expect_page (const char *path, guint status, const char *text)
{
  g_autoptr(Page) page = get (path);

  assert_problem (page, status, text);
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, TRUE);
}

/* The first group of pattern in text; NULL when it does not match. */
static char *
first_match (const char *text, const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* An href as a page writes it, as a link to follow. */
static char *
unescape_href (const char *href)
{
  g_autoptr(GString) path = g_string_new (href);

  g_string_replace (path, "&amp;", "&", 0);
  return g_strdup (path->str);
}

/* ---- the database beside the server ---------------------------------------------------------- */

static gint64
db_count (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
db_exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
db_execf (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
db_execf (const char *format, ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  db_exec (sql);
}

static char *
db_text (const char *sql)
{
  return loket_test_db_text (server->db_path, sql);
}

/* A link token the store takes (SHA-256 of the token is what public_tokens keeps). */
static char *
add_token (const char *kind, const char *target_id, const char *expires_at)
{
  g_autofree char *suffix = g_uuid_string_random ();
  char *token = g_strconcat ("test-", suffix, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  db_execf ("INSERT INTO public_tokens (hash, kind, target_id, created_at, expires_at) VALUES"
            " ('%s', '%s', '%s', '2026-01-01T00:00:00Z', '%s')", hash, kind, target_id,
            expires_at);
  return token;
}

/* A server of the demo municipality with a [public] group of its own. */
static LoketTestServer *
start_server (const char *name, const char *public_group, GError **error)
{
  g_autofree char *config = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *db_path = g_strconcat (config, ".db", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\n[public]\n%s[mail]\nsendmail=/bin/true\n",
                                           public_group);

  g_assert_true (g_file_set_contents (config, text, -1, error));
  return loket_test_server_start_with_config (db_path, TRUE, 0, config, error);
}

/* ---- the flow -------------------------------------------------------------------------------- */

static char *
visit_query (void)
{
  g_autofree char *l = escape (stadhuis);

  return g_strdup_printf ("p=%s:1&locatie=%s", paspoort, l);
}

/* Every product of a group in one visit: a long visit, one parameter a product, through the
 * locations to the month. */
static void
test_long_visit (void)
{
  g_autoptr(GString) path = g_string_new ("/afspraak/locatie?");
  sqlite3_stmt *stmt = NULL;
  g_autoptr(Page) locations = NULL;
  g_autoptr(Page) month = NULL;
  g_autofree char *href = NULL;
  g_autofree char *month_href = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM products WHERE public AND group_id ="
                                       " (SELECT group_id FROM products WHERE name = 'Paspoort')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (; sqlite3_step (stmt) == SQLITE_ROW; n++)
    g_string_append_printf (path, "p=%s:1&", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, 10);
  locations = get (path->str);
  assert_page (locations, SOUP_STATUS_OK, "Stadhuis");
  href = first_match (locations->body, "href=\"(/afspraak/dag\\?[^\"]+)\"");
  g_assert_nonnull (href);
  month_href = unescape_href (href);
  month = get (month_href);
  assert_page (month, SOUP_STATUS_OK, "table class=\"month\"");
}

/* The month page of a visit, ahead months from this one. */
static char *
month_path (int ahead, const char *visit)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month = g_date_time_add_months (now, ahead);
  g_autofree char *text = g_date_time_format (month, "%Y-%m");

  return g_strdup_printf ("/afspraak/dag?%s&maand=%s", visit, text);
}

/* The "start" values of the free times of the first days with any, at most max. */
static GPtrArray *
free_starts (guint max)
{
  g_autofree char *visit = visit_query ();
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);

  for (int ahead = 0; ahead <= 6 && starts->len < max; ahead++)
    {
      g_autofree char *path = month_path (ahead, visit);
      g_autoptr(Page) page = get (path);
      g_autoptr(GRegex) days = g_regex_new ("datum=([0-9-]{10})\"", 0, 0, NULL);
      g_autoptr(GMatchInfo) day = NULL;

      assert_page (page, SOUP_STATUS_OK, NULL);
      for (g_regex_match (days, page->body, 0, &day); g_match_info_matches (day)
           && starts->len < max; g_match_info_next (day, NULL))
        {
          g_autofree char *date = g_match_info_fetch (day, 1);
          g_autofree char *times_path = g_strdup_printf ("/afspraak/tijd?%s&datum=%s", visit,
                                                         date);
          g_autoptr(Page) times = get (times_path);
          g_autoptr(GRegex) buttons = g_regex_new ("name=\"start\" value=\"([^\"]+)\"", 0, 0,
                                                   NULL);
          g_autoptr(GMatchInfo) button = NULL;

          for (g_regex_match (buttons, times->body, 0, &button); g_match_info_matches (button)
               && starts->len < max; g_match_info_next (button, NULL))
            g_ptr_array_add (starts, g_match_info_fetch (button, 1));
        }
    }
  g_assert_cmpuint (starts->len, ==, max);
  return starts;
}

static char *
hold_form (const char *start)
{
  g_autofree char *p = g_strdup_printf ("%s:1", paspoort);
  g_autofree char *date = g_strndup (start, 10);

  return soup_form_encode ("p", p, "locatie", stadhuis, "datum", date, "start", start, NULL);
}

/* Holds start through the pages: the path of the details page. */
static char *
hold_ok (const char *start)
{
  g_autofree char *form = hold_form (start);
  g_autoptr(Page) held = post ("/afspraak/vasthouden", form);

  assert_redirect (held, "/afspraak/gegevens/");
  return g_strdup (held->location);
}

static char *
details_form (const char *name, const char *email, const char *trap, const char *back)
{
  return soup_form_encode ("naam", name, "email", email, "telefoon", "06-98765432",
                           "website", trap, "terug", back, NULL);
}

/* Books start for name and email through the pages: the path of the appointment's link. */
static char *
book_ok (const char *start, const char *name, const char *email)
{
  g_autofree char *details = hold_ok (start);
  g_autofree char *form = details_form (name, email, "", "");
  g_autoptr(Page) booked = post (details, form);
  char *link;

  assert_redirect (booked, "/afspraak/wijzigen/");
  g_assert_true (g_str_has_suffix (booked->location, "?nieuw=1"));
  link = g_strndup (booked->location, strlen (booked->location) - strlen ("?nieuw=1"));
  return link;
}

/* ---- the start, static files and unknown paths ----------------------------------------------- */

static void
test_start (void)
{
  g_autoptr(Page) home = get ("/");
  g_autoptr(Page) css = get ("/static/loket.css");
  g_autoptr(Page) colours = get ("/static/site.css");

  assert_page (home, SOUP_STATUS_OK, "href=\"/afspraak\"");
  g_assert_cmpstr (header (home, "Cache-Control"), ==, "public, max-age=30");
  g_assert_cmpuint (css->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (header (css, "Content-Type"), ==, "text/css; charset=utf-8");
  g_assert_cmpuint (colours->status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (colours->body, "--primary: #"));
  /* The demo has no logo. */
  expect_page ("/static/logo", SOUP_STATUS_NOT_FOUND, "Niet gevonden");
}

static void
test_unknown_paths (void)
{
  const char *const paths[] = { "/afspraak/onbekend", "/afspraak/wijzigen/", "/afspraak/tijd/x",
                                "/zaak/Z-2026-000001", "/zalen/1", "/static/nope.js",
                                "/tevredenheid" };
  g_autoptr(Page) elsewhere = get ("/foo");
  g_autoptr(Page) posted = post ("/afspraak/onbekend", "a=b");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    expect_page (paths[i], SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  assert_problem (posted, SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  assert_refused (elsewhere, SOUP_STATUS_NOT_FOUND);
}

/* ---- choosing a visit ------------------------------------------------------------------------ */

static void
test_products (void)
{
  g_autofree char *visit = visit_query ();
  g_autofree char *form = g_strdup_printf ("/afspraak/locatie?product=%s&aantal-%s=2", paspoort,
                                           paspoort);
  g_autofree char *unreadable_count = g_strdup_printf ("/afspraak/locatie?product=%s"
                                                       "&aantal-%s=twee", paspoort, paspoort);
  g_autofree char *over_max = g_strdup_printf ("/afspraak/locatie?p=%s:4", paspoort);
  g_autofree char *zero = g_strdup_printf ("/afspraak/locatie?p=%s:0", paspoort);
  g_autofree char *eleven = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *room = db_text ("SELECT id FROM products WHERE name = 'Vergaderzaal'");
  g_autoptr(GString) many = g_string_new ("/afspraak/locatie?");
  g_autoptr(Page) products = get ("/afspraak");
  g_autoptr(Page) empty = get ("/afspraak?leeg=1");
  g_autoptr(Page) none = get ("/afspraak/locatie");
  g_autoptr(Page) chosen = get (form);

  assert_private_page (products, SOUP_STATUS_OK, "name=\"product\"");
  assert_alert (empty, SOUP_STATUS_OK, NULL);
  assert_redirect (none, "/afspraak?leeg=1");
  assert_page (chosen, SOUP_STATUS_OK, "Stadhuis");
  g_assert_nonnull (strstr (chosen->body, ":2&amp;locatie="));

  for (guint i = 0; i < 11; i++)
    g_string_append_printf (many, "p=%s:1&", paspoort);
  eleven = g_strdup (many->str);
  groups = g_strdup_printf ("/afspraak/locatie?p=%s:1,%s:1", paspoort, room);
  expect_page (unreadable_count, SOUP_STATUS_BAD_REQUEST, "Deze keuze kon niet worden gelezen");
  expect_page (zero, SOUP_STATUS_BAD_REQUEST, "Deze keuze kon niet worden gelezen");
  expect_page ("/afspraak/locatie?p=,,,", SOUP_STATUS_BAD_REQUEST, "href=\"/afspraak\"");
  expect_page ("/afspraak/locatie?p=%3Cscript%3E:x", SOUP_STATUS_BAD_REQUEST, NULL);
  expect_page (eleven, SOUP_STATUS_BAD_REQUEST, NULL);
  expect_page (over_max, SOUP_STATUS_BAD_REQUEST, "Paspoort");
  expect_page (groups, SOUP_STATUS_BAD_REQUEST, "niet in één afspraak");
  expect_page ("/afspraak/locatie?p=no-such-product", SOUP_STATUS_NOT_FOUND, "Niet gevonden");
  expect_page ("/afspraak/locatie?product=%3Cb%3Ex%3C%2Fb%3E", SOUP_STATUS_NOT_FOUND,
               "&lt;b&gt;x&lt;/b&gt;");
  expect_page ("/afspraak/dag?p=no-such-product&locatie=x", SOUP_STATUS_NOT_FOUND, NULL);
}

static void
test_month (void)
{
  g_autofree char *visit = visit_query ();
  g_autofree char *no_location = g_strdup_printf ("/afspraak/dag?p=%s:1", paspoort);
  g_autofree char *unknown = g_strdup_printf ("/afspraak/dag?p=%s:1&locatie=nowhere", paspoort);
  g_autofree char *now_path = month_path (0, visit);
  g_autofree char *last_path = month_path (6, visit);
  g_autofree char *far_path = month_path (7, visit);
  g_autofree char *past_path = month_path (-1, visit);
  const char *const unreadable[] = { "abc", "2026-13", "2026-1", "+026-01", "2026-0x", "" };
  g_autoptr(Page) no_place = get (no_location);
  g_autoptr(Page) now = get (now_path);
  g_autoptr(Page) last = get (last_path);
  g_autoptr(Page) past = get (past_path);

  assert_redirect (no_place, "/afspraak/locatie?p=");
  expect_page (unknown, SOUP_STATUS_NOT_FOUND, "href=\"/afspraak/locatie?p=");
  assert_page (now, SOUP_STATUS_OK, "table class=\"month\"");
  g_assert_cmpstr (header (now, "Cache-Control"), ==, "public, max-age=30");
  g_assert_null (strstr (now->body, "Vorige maand"));
  g_assert_nonnull (strstr (now->body, "Volgende maand"));
  assert_page (last, SOUP_STATUS_OK, "Vorige maand");
  g_assert_null (strstr (last->body, "Volgende maand"));
  /* A month gone by shows this one; one beyond the window, or none, is refused. */
  assert_redirect (past, "/afspraak/dag?p=");
  g_assert_true (g_str_has_suffix (now_path, strstr (past->location, "&maand=")));
  expect_page (far_path, SOUP_STATUS_BAD_REQUEST, "href=\"/afspraak/dag?p=");
  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_autofree char *path = g_strdup_printf ("/afspraak/dag?%s&maand=%s", visit,
                                               unreadable[i]);

      expect_page (path, SOUP_STATUS_BAD_REQUEST, NULL);
    }
}

/* A location that stopped offering the product: its capacities for the group taken out of use. */
static void
test_location_stopped (void)
{
  g_autofree char *other = db_text ("SELECT c.location_id FROM capacities c JOIN products p"
                                    " ON p.group_id = c.group_id WHERE p.name = 'Paspoort'"
                                    " AND c.active AND c.location_id NOT IN (SELECT id FROM"
                                    " locations WHERE name = 'Stadhuis') LIMIT 1");
  g_autofree char *group = db_text ("SELECT group_id FROM products WHERE name = 'Paspoort'");
  g_autofree char *path = NULL;
  g_autofree char *times = NULL;
  g_autofree char *locations_path = g_strdup_printf ("/afspraak/locatie?p=%s:1", paspoort);
  g_autoptr(Page) before = get (locations_path);
  g_autoptr(Page) after = NULL;

  g_assert_nonnull (other);
  path = g_strdup_printf ("/afspraak/dag?p=%s:1&locatie=%s", paspoort, other);
  times = g_strdup_printf ("/afspraak/tijd?p=%s:1&locatie=%s&datum=2030-01-07", paspoort, other);
  g_assert_nonnull (strstr (before->body, other));
  db_execf ("UPDATE capacities SET active = 0 WHERE location_id = '%s' AND group_id = '%s'",
            other, group);
  expect_page (path, SOUP_STATUS_NOT_FOUND, "href=\"/afspraak/locatie?p=");
  expect_page (times, SOUP_STATUS_NOT_FOUND, "href=\"/afspraak/locatie?p=");
  after = get (locations_path);
  g_assert_null (strstr (after->body, other));
  db_execf ("UPDATE capacities SET active = 1 WHERE location_id = '%s' AND group_id = '%s'",
            other, group);
}

/* The rules of the product group of "Inzage bouwdossier" start at the date of an SQL
 * expression. */
static void
opens_from (const char *date)
{
  db_execf ("UPDATE availability_rules SET valid_from = %s WHERE capacity_id IN (SELECT c.id"
            " FROM capacities c JOIN products p ON p.group_id = c.group_id WHERE p.name ="
            " 'Inzage bouwdossier')", date);
}

/* A product whose booking window opens later: the month says when the first free day is, and
 * says so plainly when there is none in the months that can be chosen. */
static void
test_window_not_open (void)
{
  g_autofree char *product = db_text ("SELECT id FROM products WHERE name = 'Inzage bouwdossier'");
  g_autofree char *location = db_text ("SELECT c.location_id FROM capacities c JOIN products p"
                                       " ON p.group_id = c.group_id WHERE p.id = (SELECT id FROM"
                                       " products WHERE name = 'Inzage bouwdossier') LIMIT 1");
  g_autofree char *visit = g_strdup_printf ("p=%s:1&locatie=%s", product, location);
  g_autofree char *path = month_path (0, visit);
  g_autofree char *first_day = NULL;
  g_autofree char *times_path = NULL;
  g_autoptr(Page) later = NULL;
  g_autoptr(Page) times = NULL;
  g_autoptr(Page) never = NULL;

  db_exec ("CREATE TEMP TABLE saved_rules AS SELECT id, valid_from FROM availability_rules");
  opens_from ("date ('now', 'start of month', '+2 months', '+3 days')");
  later = get (path);
  assert_page (later, SOUP_STATUS_OK, "Eerste vrije dag");
  g_assert_null (strstr (later->body, "<td><a href"));
  first_day = first_match (later->body, "class=\"button secondary\" href=\"([^\"]+)\"");
  g_assert_nonnull (first_day);
  times_path = unescape_href (first_day);
  times = get (times_path);
  assert_private_page (times, SOUP_STATUS_OK, "name=\"start\"");
  opens_from ("date ('now', '+400 days')");
  never = get (path);
  assert_page (never, SOUP_STATUS_OK, "geen vrije tijden");
  g_assert_null (strstr (never->body, "Eerste vrije dag"));
  db_exec ("UPDATE availability_rules SET valid_from = (SELECT s.valid_from FROM saved_rules s"
           " WHERE s.id = availability_rules.id)");
  db_exec ("DROP TABLE saved_rules");
}

static void
test_times (void)
{
  g_autofree char *visit = visit_query ();
  const char *const bad_dates[] = { "gisteren", "2026-02-30", "2026-1-5", "", "2026-01-01T00:00",
                                    "1999-12-31" };
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *date = g_strndup (starts->pdata[0], 10);
  g_autofree char *ok_path = g_strdup_printf ("/afspraak/tijd?%s&datum=%s", visit, date);
  g_autofree char *past_path = g_strdup_printf ("/afspraak/tijd?%s&datum=2020-03-02", visit);
  g_autofree char *no_date = g_strdup_printf ("/afspraak/tijd?%s", visit);
  g_autoptr(Page) ok = get (ok_path);
  g_autoptr(Page) past = get (past_path);

  /* A page with a form to hold a time. */
  assert_private_page (ok, SOUP_STATUS_OK, starts->pdata[0]);
  assert_private_page (past, SOUP_STATUS_OK, "geen vrije tijden");
  g_assert_null (strstr (past->body, "<form"));
  expect_page (no_date, SOUP_STATUS_BAD_REQUEST, "Deze datum bestaat niet");
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *escaped = escape (bad_dates[i]);
      g_autofree char *path = g_strdup_printf ("/afspraak/tijd?%s&datum=%s", visit, escaped);

      expect_page (path, SOUP_STATUS_BAD_REQUEST, "Deze datum bestaat niet");
    }
}

/* ---- holding a time -------------------------------------------------------------------------- */

static void
test_hold (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *date = g_strndup (starts->pdata[0], 10);
  g_autofree char *p = g_strdup_printf ("%s:1", paspoort);
  g_autofree char *no_time = soup_form_encode ("p", p, "locatie", stadhuis, "datum", date,
                                               "start", "morgen", NULL);
  g_autofree char *closed = soup_form_encode ("p", p, "locatie", stadhuis, "datum", date,
                                              "start", "2030-01-06T03:00:00Z", NULL);
  g_autofree char *no_visit = soup_form_encode ("locatie", stadhuis, "datum", date, "start",
                                                starts->pdata[0], NULL);
  g_autofree char *good = hold_form (starts->pdata[0]);
  g_autoptr(Page) unreadable = post ("/afspraak/vasthouden", no_time);
  g_autoptr(Page) outside = post ("/afspraak/vasthouden", closed);
  g_autoptr(Page) unknown = post ("/afspraak/vasthouden", no_visit);
  g_autoptr(Page) json = fetch ("POST", "/afspraak/vasthouden", "application/json", "{}");
  g_autoptr(Page) wrong_method = get ("/afspraak/vasthouden");
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Page) taken = NULL;

  assert_alert (unreadable, SOUP_STATUS_BAD_REQUEST, "Vrije tijden");
  assert_alert (outside, SOUP_STATUS_CONFLICT, NULL);
  assert_problem (unknown, SOUP_STATUS_BAD_REQUEST, "Deze keuze kon niet worden gelezen");
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  assert_refused (wrong_method, SOUP_STATUS_METHOD_NOT_ALLOWED);

  /* Hold the time until it is gone: then the times again, saying so (409). */
  while (taken == NULL && held->len < 20)
    {
      g_autoptr(Page) page = post ("/afspraak/vasthouden", good);

      if (page->status == SOUP_STATUS_SEE_OTHER)
        g_ptr_array_add (held, g_strdup (page->location));
      else
        taken = g_steal_pointer (&page);
    }
  g_assert_nonnull (taken);
  g_assert_cmpuint (held->len, >=, 1);
  assert_alert (taken, SOUP_STATUS_CONFLICT, "Deze tijd is net bezet. Kies een andere tijd.");
  g_assert_null (strstr (taken->body, starts->pdata[0]));
  /* Letting a hold go leads back to the times of its day, with the time free again. */
  for (guint i = 0; i < held->len; i++)
    {
      g_autofree char *release = g_strdup_printf ("/afspraak/loslaten/%s",
                                                  (const char *) held->pdata[i]
                                                  + strlen ("/afspraak/gegevens/"));
      g_autoptr(Page) released = post (release, "");

      assert_redirect (released, "/afspraak/tijd?p=");
    }
  {
    g_autofree char *times_path = g_strdup_printf ("/afspraak/tijd?p=%s&locatie=%s&datum=%s", p,
                                                   stadhuis, date);
    g_autoptr(Page) times = get (times_path);

    assert_private_page (times, SOUP_STATUS_OK, starts->pdata[0]);
  }
}

/* ---- the details of a held time -------------------------------------------------------------- */

static char *
local_clock (const char *iso)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%H:%M");
}

static void
test_details (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *details = hold_ok (starts->pdata[0]);
  g_autofree char *expires = db_text ("SELECT expires_at FROM web_holds ORDER BY created_at DESC,"
                                      " rowid DESC LIMIT 1");
  g_autofree char *until = local_clock (expires);
  g_autofree char *notice = g_strdup_printf ("We houden deze tijd tot %s voor u vast.", until);
  g_autofree char *back = NULL;
  g_autofree char *bad_email = details_form (SCRIPT_NAME, "piet-at-example", "", "");
  g_autofree char *bot = details_form ("Bot", "bot@example.nl", "http://spam.example", "");
  gint64 customers = db_count ("SELECT count(*) FROM customers");
  g_autoptr(Page) page = get (details);
  g_autoptr(Page) invalid = post (details, bad_email);
  g_autoptr(Page) trapped = post (details, bot);
  g_autoptr(Page) json = fetch ("POST", details, "application/json", "{\"naam\": \"x\"}");
  g_autoptr(Page) still = get (details);

  /* The time-held page says until when. */
  assert_private_page (page, SOUP_STATUS_OK, notice);
  back = first_match (page->body, "name=\"terug\" value=\"([^\"]+)\"");
  g_assert_true (g_str_has_prefix (back, "/afspraak/tijd?p="));
  /* A field that does not fit: the form again, what was typed kept and escaped. */
  assert_alert (invalid, SOUP_STATUS_BAD_REQUEST, "Vul een geldig e-mailadres in.");
  g_assert_null (strstr (invalid->body, "<script>"));
  g_assert_nonnull (strstr (invalid->body, "value=\"&lt;script&gt;alert(&apos;x&apos;)"
                                           "&lt;/script&gt; &quot;Puk&quot;\""));
  /* The honeypot: refused, nothing stored, the hold still there. */
  assert_problem (trapped, SOUP_STATUS_BAD_REQUEST, "Laat het laatste veld");
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers"), ==, customers);
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE email = 'bot@example.nl'"), ==,
                   0);
  assert_private_page (still, SOUP_STATUS_OK, notice);
}

/* A name with markup, quotes and SQL is booked as typed and never shown unescaped. */
static void
test_hostile_names (void)
{
  g_autoptr(GPtrArray) starts = free_starts (2);
  const char *const names[] = { SCRIPT_NAME, SQL_NAME };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *email = g_strdup_printf ("hostile-%u@example.nl", i);
      g_autofree char *link = book_ok (starts->pdata[i], names[i], email);
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM customers WHERE email = '%s'",
                                              email);
      g_autofree char *stored = db_text (sql);
      g_autofree char *made = g_strconcat (link, "?nieuw=1", NULL);
      g_autoptr(Page) page = get (made);

      g_assert_cmpstr (stored, ==, names[i]);
      assert_private_page (page, SOUP_STATUS_OK, "Uw afspraak is gemaakt");
      g_assert_null (strstr (page->body, "<script>"));
      g_assert_null (strstr (page->body, "Puk"));
      g_assert_null (strstr (page->body, "DROP TABLE"));
    }
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers"), >, 100);
}

/* A limit on open appointments per e-mail address and product: the form again, saying so. */
static void
test_too_many (void)
{
  g_autoptr(GPtrArray) starts = free_starts (3);
  g_autofree char *first = book_ok (starts->pdata[0], "Vera Vaker", "vaker@example.nl");
  g_autofree char *second = book_ok (starts->pdata[1], "Vera Vaker", "vaker@example.nl");
  g_autofree char *details = hold_ok (starts->pdata[2]);
  g_autofree char *form = details_form ("Vera Vaker", "vaker@example.nl", "", "");
  g_autoptr(Page) third = post (details, form);

  assert_alert (third, SOUP_STATUS_FORBIDDEN, "value=\"vaker@example.nl\"");
  g_assert_cmpint (db_count ("SELECT count(*) FROM appointments a JOIN customers c ON c.id ="
                             " a.customer_id WHERE c.email = 'vaker@example.nl'"), ==, 2);
}

/* The time went between the hold and the booking (a rule changed: no places for the web any
 * more): 409, with the way back to the times of that day. */
static void
test_time_went (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *details = hold_ok (starts->pdata[0]);
  g_autoptr(Page) page = get (details);
  g_autofree char *back = first_match (page->body, "name=\"terug\" value=\"([^\"]+)\"");
  g_autofree char *back_path = NULL;
  g_autofree char *form = NULL;
  g_autoptr(Page) refused = NULL;

  g_assert_nonnull (back);
  back_path = unescape_href (back);
  form = details_form ("Tom Laat", "laat@example.nl", "", back_path);
  db_exec ("CREATE TEMP TABLE saved_places AS SELECT id, public_places FROM availability_rules");
  db_exec ("UPDATE availability_rules SET public_places = 0");
  refused = post (details, form);
  db_exec ("UPDATE availability_rules SET public_places = (SELECT s.public_places FROM"
           " saved_places s WHERE s.id = availability_rules.id)");
  db_exec ("DROP TABLE saved_places");
  assert_problem (refused, SOUP_STATUS_CONFLICT, back);
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE email = 'laat@example.nl'"),
                   ==, 0);
}

/* A hold that expired between the details page and its POST, and one used already: 410 with a
 * way back to the times of its day. */
static void
test_hold_gone (void)
{
  g_autoptr(GPtrArray) starts = free_starts (2);
  g_autofree char *expiring = hold_ok (starts->pdata[0]);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                         expiring + strlen ("/afspraak/gegevens/"),
                                                         -1);
  g_autoptr(Page) page = get (expiring);
  g_autofree char *back = first_match (page->body, "name=\"terug\" value=\"([^\"]+)\"");
  g_autofree char *back_path = NULL;
  g_autofree char *form = NULL;
  g_autofree char *forged_form = details_form ("Eva Vervalst", "vervalst@example.nl", "",
                                               "https://evil.example/");
  g_autofree char *used = hold_ok (starts->pdata[1]);
  g_autofree char *used_form = details_form ("Uwe Gebruikt", "gebruikt@example.nl", "", "");
  g_autoptr(Page) booked = post (used, used_form);
  g_autoptr(Page) again = post (used, used_form);
  g_autoptr(Page) forged = post ("/afspraak/gegevens/forged-hold", forged_form);
  g_autoptr(Page) forged_get = get ("/afspraak/gegevens/forged-hold");
  g_autoptr(Page) expired = NULL;
  g_autoptr(Page) expired_get = NULL;

  g_assert_nonnull (back);
  back_path = unescape_href (back);
  form = details_form ("Eva Verlopen", "verlopen@example.nl", "", back_path);
  db_execf ("UPDATE web_holds SET expires_at = '2000-01-01T00:00:00Z' WHERE token_hash = '%s'",
            hash);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  expired = post (expiring, form);
  expired_get = get (expiring);
  assert_problem (expired, SOUP_STATUS_GONE, "Deze tijd wordt niet meer voor u vastgehouden");
  g_assert_nonnull (strstr (expired->body, back));
  assert_problem (expired_get, SOUP_STATUS_GONE, "href=\"/afspraak\"");
  /* Used by a booking (another tab, a reload): gone as well, nothing booked twice. */
  assert_redirect (booked, "/afspraak/wijzigen/");
  assert_problem (again, SOUP_STATUS_GONE, "href=\"/afspraak\"");
  g_assert_cmpint (db_count ("SELECT count(*) FROM appointments a JOIN customers c ON c.id ="
                             " a.customer_id WHERE c.email = 'gebruikt@example.nl'"), ==, 1);
  /* A forged hold, with a way back that is not ours: the start of booking instead. */
  assert_problem (forged, SOUP_STATUS_GONE, "href=\"/afspraak\"");
  g_assert_null (strstr (forged->body, "evil.example"));
  assert_problem (forged_get, SOUP_STATUS_GONE, NULL);
  g_assert_cmpint (db_count ("SELECT count(*) FROM customers WHERE email IN"
                             " ('verlopen@example.nl', 'vervalst@example.nl')"), ==, 0);
}

/* ---- an appointment by its link -------------------------------------------------------------- */

static void
test_manage_tokens (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *link = book_ok (starts->pdata[0], "Eva Expired", "expired@example.nl");
  g_autofree char *long_token = g_strnfill (300, 'a');
  g_autofree char *too_long = g_strconcat ("/afspraak/wijzigen/", long_token, NULL);
  g_autofree char *unknown_page = g_strconcat (link, "/onbekend", NULL);
  g_autofree char *no_hold = g_strconcat (link, "/bevestigen", NULL);
  g_autofree char *deep = g_strconcat (link, "/bevestigen/a/b", NULL);
  g_autoptr(Page) forged = get ("/afspraak/wijzigen/forged-token");
  g_autoptr(Page) forged_days = get ("/afspraak/wijzigen/forged-token/dag");
  g_autoptr(Page) before = get (link);
  g_autoptr(Page) expired = NULL;

  assert_private_page (before, SOUP_STATUS_OK, "Andere tijd kiezen");
  assert_problem (forged, SOUP_STATUS_NOT_FOUND, "Deze link is onbekend of niet meer geldig");
  assert_problem (forged_days, SOUP_STATUS_NOT_FOUND, "Deze link is onbekend of niet meer geldig");
  expect_page (too_long, SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  expect_page (unknown_page, SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  expect_page (no_hold, SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  expect_page (deep, SOUP_STATUS_NOT_FOUND, "Deze pagina bestaat niet");
  /* An expired link is refused like a forged one, in the same words. */
  db_exec ("UPDATE public_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE target_id ="
           " (SELECT a.id FROM appointments a JOIN customers c ON c.id = a.customer_id"
           "  WHERE c.email = 'expired@example.nl')");
  expired = get (link);
  assert_problem (expired, SOUP_STATUS_NOT_FOUND, "Deze link is onbekend of niet meer geldig");
  g_assert_cmpstr (strstr (expired->body, "<main"), ==, strstr (forged->body, "<main"));
}

static void
test_manage_methods (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *link = book_ok (starts->pdata[0], "Mia Methode", "methode@example.nl");
  g_autofree char *days = g_strconcat (link, "/dag", NULL);
  g_autofree char *hold = g_strconcat (link, "/vasthouden", NULL);
  g_autoptr(Page) posted = post (link, "");
  g_autoptr(Page) posted_days = post (days, "");
  g_autoptr(Page) hold_get = get (hold);
  g_autoptr(Page) deleted = fetch ("DELETE", link, NULL, NULL);

  assert_problem (posted, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  g_assert_cmpstr (header (posted, "Allow"), ==, "GET");
  assert_problem (posted_days, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  assert_problem (hold_get, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  g_assert_cmpstr (header (hold_get, "Allow"), ==, "POST");
  assert_refused (deleted, SOUP_STATUS_METHOD_NOT_ALLOWED);
}

/* Moving: the month and the times with the token (no-store), a hold for it, the confirmation;
 * then a used or forged hold is gone. */
static void
test_move (void)
{
  g_autoptr(GPtrArray) starts = free_starts (2);
  g_autofree char *link = book_ok (starts->pdata[0], "Max Verzet", "verzet@example.nl");
  g_autofree char *date = g_strndup (starts->pdata[1], 10);
  g_autofree char *days = g_strconcat (link, "/dag", NULL);
  g_autofree char *times = g_strdup_printf ("%s/tijd?datum=%s", link, date);
  g_autofree char *bad_times = g_strconcat (link, "/tijd?datum=2026-02-30", NULL);
  g_autofree char *hold_path = g_strconcat (link, "/vasthouden", NULL);
  g_autofree char *good = soup_form_encode ("datum", date, "start", starts->pdata[1], NULL);
  g_autofree char *no_time = soup_form_encode ("datum", date, "start", "12:00", NULL);
  g_autofree char *forged_path = g_strconcat (link, "/bevestigen/forged-hold", NULL);
  g_autoptr(Page) month = get (days);
  g_autoptr(Page) day = get (times);
  g_autoptr(Page) unreadable = post (hold_path, no_time);
  g_autoptr(Page) json = fetch ("POST", hold_path, "application/json", "{}");
  g_autoptr(Page) held = post (hold_path, good);
  g_autoptr(Page) confirm = NULL;
  g_autoptr(Page) moved = NULL;
  g_autoptr(Page) again = NULL;
  g_autoptr(Page) forged = get (forged_path);
  g_autoptr(Page) forged_post = post (forged_path, "");

  assert_private_page (month, SOUP_STATUS_OK, "table class=\"month\"");
  assert_private_page (day, SOUP_STATUS_OK, starts->pdata[1]);
  expect_page (bad_times, SOUP_STATUS_BAD_REQUEST, "Deze datum bestaat niet");
  assert_alert (unreadable, SOUP_STATUS_BAD_REQUEST, NULL);
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  assert_redirect (held, link);
  g_assert_nonnull (strstr (held->location, "/bevestigen/"));
  confirm = get (held->location);
  assert_private_page (confirm, SOUP_STATUS_OK, "Afspraak verplaatsen");
  moved = post (held->location, "");
  assert_redirect (moved, link);
  g_assert_true (g_str_has_suffix (moved->location, "?verplaatst=1"));
  again = post (held->location, "");
  assert_problem (again, SOUP_STATUS_GONE, days);
  assert_problem (forged, SOUP_STATUS_GONE, days);
  assert_problem (forged_post, SOUP_STATUS_GONE, days);
}

/* Once cancelled, every page that changes the appointment refuses (409) and links back. */
static void
test_cancel (void)
{
  g_autoptr(GPtrArray) starts = free_starts (2);
  g_autofree char *link = book_ok (starts->pdata[0], "Cas Annuleer", "annuleer@example.nl");
  g_autofree char *cancel = g_strconcat (link, "/annuleren", NULL);
  g_autofree char *date = g_strndup (starts->pdata[1], 10);
  g_autofree char *good = soup_form_encode ("datum", date, "start", starts->pdata[1], NULL);
  g_autofree char *hold_path = g_strconcat (link, "/vasthouden", NULL);
  g_autofree char *move_hold = NULL;
  g_autoptr(Page) held = post (hold_path, good);
  g_autoptr(Page) ask = get (cancel);
  g_autoptr(Page) json = fetch ("POST", cancel, "application/json", "{}");
  g_autoptr(Page) cancelled = post (cancel, "");
  g_autoptr(Page) page = get (cancelled->location);
  const char *refusing[] = { "GET /dag", "GET /tijd?datum=2030-01-07", "GET /annuleren",
                             "POST /annuleren", "POST /vasthouden", "GET {move}", "POST {move}" };

  assert_redirect (held, link);
  move_hold = g_strdup (held->location + strlen (link));
  assert_private_page (ask, SOUP_STATUS_OK, "Ja, annuleren");
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  assert_redirect (cancelled, link);
  g_assert_true (g_str_has_suffix (cancelled->location, "?geannuleerd=1"));
  assert_private_page (page, SOUP_STATUS_OK, "Uw afspraak is geannuleerd");
  g_assert_null (strstr (page->body, "Andere tijd kiezen"));
  for (guint i = 0; i < G_N_ELEMENTS (refusing); i++)
    {
      g_auto(GStrv) parts = g_strsplit (refusing[i], " ", 2);
      g_autofree char *rest = g_str_equal (parts[1], "{move}") ? g_strdup (move_hold)
                                                               : g_strdup (parts[1]);
      g_autofree char *path = g_strconcat (link, rest, NULL);
      g_autoptr(Page) refused = g_str_equal (parts[0], "GET") ? get (path) : post (path, good);

      assert_problem (refused, SOUP_STATUS_CONFLICT, link);
    }
  g_assert_cmpint (db_count ("SELECT count(*) FROM appointments a JOIN customers c ON c.id ="
                             " a.customer_id WHERE c.email = 'annuleer@example.nl'"
                             " AND a.status = 'cancelled'"), ==, 1);
}

/* ---- the survey ------------------------------------------------------------------------------ */

static void
test_survey (void)
{
  g_autofree char *case_id = db_text ("SELECT id FROM cases k WHERE product_id IS NOT NULL AND"
                                      " NOT EXISTS (SELECT 1 FROM survey_answers s WHERE"
                                      " s.case_id = k.id) LIMIT 1");
  g_autofree char *token = add_token ("survey", case_id, "9999-12-31T23:59:59Z");
  g_autofree char *old = add_token ("survey", case_id, "2000-01-01T00:00:00Z");
  g_autofree char *path = g_strconcat ("/tevredenheid/", token, NULL);
  g_autofree char *old_path = g_strconcat ("/tevredenheid/", old, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM survey_answers WHERE case_id ="
                                          " '%s'", case_id);
  g_autoptr(Page) form = get (path);
  g_autoptr(Page) out_of_range = post (path, "q1=9&q2=1&q3=1");
  g_autoptr(Page) missing = post (path, "q1=5");
  g_autoptr(Page) json = fetch ("POST", path, "application/json", "{\"q1\": 5}");
  g_autoptr(Page) answered = NULL;
  g_autoptr(Page) thanks = NULL;
  g_autoptr(Page) second = NULL;

  assert_private_page (form, SOUP_STATUS_OK, "name=\"q3\"");
  assert_alert (out_of_range, SOUP_STATUS_BAD_REQUEST, "name=\"q1\"");
  /* The marks chosen stay chosen. */
  assert_alert (missing, SOUP_STATUS_BAD_REQUEST, "value=\"5\" required"
                                                  " aria-describedby=\"schaal-1\" checked");
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  g_assert_cmpint (db_count (sql), ==, 0);
  answered = post (path, "q1=5&q2=4&q3=3");
  thanks = get (path);
  second = post (path, "q1=1&q2=1&q3=1");
  assert_redirect (answered, path);
  assert_private_page (thanks, SOUP_STATUS_OK, "Bedankt voor uw antwoorden");
  g_assert_null (strstr (thanks->body, "<form"));
  /* A second answer is refused: the marks count once. */
  assert_alert (second, SOUP_STATUS_CONFLICT, "Bedankt voor uw antwoorden");
  g_assert_cmpint (db_count (sql), ==, 1);
  g_assert_cmpint (db_count ("SELECT count(*) FROM survey_answers WHERE q1 = 1"), ==, 0);
  expect_page (old_path, SOUP_STATUS_NOT_FOUND, "Deze link is onbekend of niet meer geldig");
  expect_page ("/tevredenheid/forged-token", SOUP_STATUS_NOT_FOUND,
               "Deze link is onbekend of niet meer geldig");
}

/* ---- the case status and the rooms ----------------------------------------------------------- */

/* The code of a case for the test (the acknowledgement mail carries it to the citizen): the
 * store keeps SHA-256 over "case:ID:SYMBOLS". */
static void
add_case_code (const char *case_id, const char *symbols)
{
  g_autofree char *text = g_strdup_printf ("case:%s:%s", case_id, symbols);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  db_execf ("INSERT INTO public_tokens (hash, kind, target_id, created_at, expires_at) VALUES"
            " ('%s', 'case', '%s', '2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z')", hash,
            case_id);
}

static void
test_case_status (void)
{
  g_autofree char *case_id = db_text ("SELECT id FROM cases WHERE customer_id IS NOT NULL"
                                      " ORDER BY reference LIMIT 1");
  g_autofree char *reference = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT reference FROM cases WHERE id = '%s'", case_id);
  g_autofree char *right = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *long_reference = g_strnfill (2000, 'Z');
  g_autofree char *too_long = soup_form_encode ("referentie", long_reference, "code", "x", NULL);
  g_autoptr(Page) form = get ("/zaak");
  g_autoptr(Page) empty = post ("/zaak", "referentie=&code=");
  g_autoptr(Page) nothing = post ("/zaak", "");
  g_autoptr(Page) json = fetch ("POST", "/zaak", "application/json", "{}");
  g_autoptr(Page) long_page = post ("/zaak", too_long);
  g_autoptr(Page) unknown = NULL;
  g_autoptr(Page) status = NULL;

  reference = db_text (sql);
  add_case_code (case_id, "K7M3Q9PX");
  right = soup_form_encode ("referentie", reference, "code", " k7m3-q9px ", NULL);
  wrong = soup_form_encode ("referentie", reference, "code", "AAAA-AAAA", NULL);
  unknown = post ("/zaak", wrong);
  status = post ("/zaak", right);
  g_ptr_array_add (page_bodies, g_strdup (status->body));

  assert_private_page (form, SOUP_STATUS_OK, "name=\"referentie\"");
  assert_alert (empty, SOUP_STATUS_BAD_REQUEST, "name=\"code\"");
  assert_alert (nothing, SOUP_STATUS_BAD_REQUEST, NULL);
  assert_problem (json, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
  g_assert_cmpuint (long_page->status, >=, 400);
  g_assert_cmpuint (long_page->status, <, 500);
  assert_alert (long_page, long_page->status, NULL);
  assert_alert (unknown, SOUP_STATUS_NOT_FOUND, "We vinden geen zaak");
  g_assert_nonnull (strstr (unknown->body, reference));
  assert_private_page (status, SOUP_STATUS_OK, reference);
  g_assert_nonnull (strstr (status->body, "class=\"timeline\""));
}

static void
test_rooms (void)
{
  const char *const bad[] = { "gisteren", "2026-02-30", "2026-1-5", "2099-01-01" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *today_path = g_strconcat ("/zalen?vanaf=", today, NULL);
  g_autoptr(Page) rooms = get ("/zalen");
  g_autoptr(Page) past = get ("/zalen?vanaf=2020-01-01");
  g_autoptr(Page) from_today = get (today_path);

  assert_page (rooms, SOUP_STATUS_OK, "table class=\"rooms\"");
  g_assert_cmpstr (header (rooms, "Cache-Control"), ==, "public, max-age=30");
  assert_page (past, SOUP_STATUS_OK, NULL);
  g_assert_cmpstr (past->body, ==, rooms->body);
  g_assert_cmpstr (from_today->body, ==, rooms->body);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/zalen?vanaf=", bad[i], NULL);

      expect_page (path, SOUP_STATUS_BAD_REQUEST, "href=\"/zalen\"");
    }
}

/* ---- limits ---------------------------------------------------------------------------------- */

static void
test_too_large (void)
{
  g_autofree char *filler = g_strnfill (17 * 1024, 'x');
  g_autofree char *body = g_strdup_printf ("referentie=%s&code=x", filler);
  g_autofree char *url = g_strconcat (server->url, "/zaak", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (body, strlen (body),
                                                                        NULL);
  g_autoptr(GBytes) chunked_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Page) by_length = post ("/zaak", body);
  g_autoptr(Page) chunked = g_new0 (Page, 1);

  /* By its Content-Length, and as a chunked body counted while it comes. */
  assert_refused (by_length, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  soup_message_set_request_body (msg, FORM_TYPE, stream, -1);
  chunked_body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  chunked->status = soup_message_get_status (msg);
  chunked->body = g_strndup (g_bytes_get_size (chunked_body) > 0
                             ? g_bytes_get_data (chunked_body, NULL) : "",
                             g_bytes_get_size (chunked_body));
  chunked->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  assert_refused (chunked, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
}

/* Too many requests from one client: 429 with Retry-After. */
static void
test_rate_limited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketTestServer) limited = start_server ("limited.conf", "requests-per-minute=2\n",
                                                     &error);
  LoketTestServer *open_server = server;
  g_autoptr(Page) refused = NULL;

  g_assert_no_error (error);
  server = limited;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Page) page = get ("/zalen");

      assert_page (page, SOUP_STATUS_OK, NULL);
    }
  refused = get ("/zalen");
  server = open_server;
  g_assert_nonnull (header (refused, "Retry-After"));
  assert_refused (refused, 429);
}

static void
test_wrong_methods (void)
{
  const char *const gets[] = { "/", "/afspraak", "/afspraak/locatie", "/afspraak/dag",
                               "/afspraak/tijd", "/zalen" };

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      g_autoptr(Page) page = post (gets[i], "a=b");

      assert_refused (page, SOUP_STATUS_METHOD_NOT_ALLOWED);
    }
}

/* ---- privacy --------------------------------------------------------------------------------- */

/* Every page the demo leads to: each product's locations, the month and a day of the first two
 * locations of a few products, the rooms, an appointment's link, a survey. */
static void
walk_pages (void)
{
  g_autoptr(Page) products = get ("/afspraak");
  g_autoptr(GRegex) ids = g_regex_new ("name=\"product\" value=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) id = NULL;
  g_autoptr(Page) rooms = get ("/zalen");
  guint n = 0;

  for (g_regex_match (ids, products->body, 0, &id); g_match_info_matches (id);
       g_match_info_next (id, NULL), n++)
    {
      g_autofree char *product = g_match_info_fetch (id, 1);
      g_autofree char *path = g_strdup_printf ("/afspraak/locatie?p=%s:1", product);
      g_autoptr(Page) locations = get (path);
      g_autoptr(GRegex) links = g_regex_new ("href=\"(/afspraak/dag\\?[^\"]+)\"", 0, 0, NULL);
      g_autoptr(GMatchInfo) link = NULL;
      guint m = 0;

      assert_page (locations, SOUP_STATUS_OK, NULL);
      for (g_regex_match (links, locations->body, 0, &link); g_match_info_matches (link)
           && m < 2 && n % 3 == 0; g_match_info_next (link, NULL), m++)
        {
          g_autofree char *href = g_match_info_fetch (link, 1);
          g_autofree char *month_path = unescape_href (href);
          g_autoptr(Page) month = get (month_path);
          g_autofree char *day = first_match (month->body, "<td><a href=\"([^\"]+)\"");

          assert_page (month, SOUP_STATUS_OK, NULL);
          if (day != NULL)
            {
              g_autofree char *day_path = unescape_href (day);
              g_autoptr(Page) times = get (day_path);

              assert_private_page (times, SOUP_STATUS_OK, NULL);
            }
        }
    }
  g_assert_cmpuint (n, >, 10);
}

static void
scan_for (GHashTable *seen, const char *value)
{
  if (value == NULL || strlen (value) < 4)
    return;
  for (guint i = 0; i < page_bodies->len; i++)
    if (strstr (page_bodies->pdata[i], value) != NULL)
      g_error ("a public page holds personal data (%s): %s", value,
               (const char *) page_bodies->pdata[i]);
  g_hash_table_add (seen, g_strdup (value));
}

static void
test_no_personal_data (void)
{
  g_autoptr(GPtrArray) starts = free_starts (1);
  g_autofree char *link = book_ok (starts->pdata[0], "Privé Persoon", "prive@example.nl");
  g_autofree char *case_id = db_text ("SELECT case_id FROM appointments a JOIN customers c"
                                      " ON c.id = a.customer_id WHERE c.email ="
                                      " 'prive@example.nl'");
  g_autofree char *token = add_token ("survey", case_id, "9999-12-31T23:59:59Z");
  g_autofree char *survey = g_strconcat ("/tevredenheid/", token, NULL);
  g_autoptr(Page) appointment = get (link);
  g_autoptr(Page) questions = get (survey);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *const queries[] = {
    "SELECT name, email, phone, bsn, rrn, kvk FROM customers",
    "SELECT body, '', '', '', '', '' FROM notes",
  };

  assert_private_page (appointment, SOUP_STATUS_OK, NULL);
  assert_private_page (questions, SOUP_STATUS_OK, NULL);
  walk_pages ();
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int column = 0; column < 6; column++)
          scan_for (seen, (const char *) sqlite3_column_text (stmt, column));
      sqlite3_finalize (stmt);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >, 100);
  g_assert_true (g_hash_table_contains (seen, "Privé Persoon"));
  g_assert_true (g_hash_table_contains (seen, SCRIPT_NAME));
  g_assert_cmpuint (page_bodies->len, >, 50);
}

/* ---- setup ----------------------------------------------------------------------------------- */

static void
find_visit (void)
{
  paspoort = db_text ("SELECT id FROM products WHERE name = 'Paspoort'");
  stadhuis = db_text ("SELECT id FROM locations WHERE name = 'Stadhuis'");
  g_assert_nonnull (paspoort);
  g_assert_nonnull (stadhuis);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("loket-web-pages-XXXXXX", &error);
  g_assert_no_error (error);
  page_bodies = g_ptr_array_new_with_free_func (g_free);
  server = start_server ("open.conf", "requests-per-minute=0\nbookings-per-hour=0\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  find_visit ();

  g_test_add_func ("/web-pages/start", test_start);
  g_test_add_func ("/web-pages/unknown-paths", test_unknown_paths);
  g_test_add_func ("/web-pages/products", test_products);
  g_test_add_func ("/web-pages/long-visit", test_long_visit);
  g_test_add_func ("/web-pages/month", test_month);
  g_test_add_func ("/web-pages/location-stopped", test_location_stopped);
  g_test_add_func ("/web-pages/window-not-open", test_window_not_open);
  g_test_add_func ("/web-pages/times", test_times);
  g_test_add_func ("/web-pages/hold", test_hold);
  g_test_add_func ("/web-pages/details", test_details);
  g_test_add_func ("/web-pages/hostile-names", test_hostile_names);
  g_test_add_func ("/web-pages/too-many", test_too_many);
  g_test_add_func ("/web-pages/time-went", test_time_went);
  g_test_add_func ("/web-pages/hold-gone", test_hold_gone);
  g_test_add_func ("/web-pages/manage-tokens", test_manage_tokens);
  g_test_add_func ("/web-pages/manage-methods", test_manage_methods);
  g_test_add_func ("/web-pages/move", test_move);
  g_test_add_func ("/web-pages/cancel", test_cancel);
  g_test_add_func ("/web-pages/survey", test_survey);
  g_test_add_func ("/web-pages/case-status", test_case_status);
  g_test_add_func ("/web-pages/rooms", test_rooms);
  g_test_add_func ("/web-pages/too-large", test_too_large);
  g_test_add_func ("/web-pages/wrong-methods", test_wrong_methods);
  g_test_add_func ("/web-pages/rate-limited", test_rate_limited);
  g_test_add_func ("/web-pages/no-personal-data", test_no_personal_data);
  status = g_test_run ();

  g_object_unref (session);
  sqlite3_close (db);
  loket_test_server_free (server);
  g_ptr_array_unref (page_bodies);
  g_free (paspoort);
  g_free (stadhuis);
  loket_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
