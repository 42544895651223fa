/* loket-web-pages.c — the public pages of loket-sync: the route table, the start page, the
 * static files, rooms and case status; and what the page files share.  Choosing a visit is in
 * loket-web-booking.c, the pages behind a token (a held time, an appointment's link, the
 * survey) in loket-web-manage.c.
 *
 *   GET  /                       the start page
 *   GET  /static/loket.css       the style sheet (a resource), /static/site.css the
 *                                municipality's colours, /static/logo its logo
 *   GET  /zalen[?vanaf=DATE]     free day parts of the rooms, four weeks at a time
 *   GET  /zaak, POST /zaak       a case's status by reference and code (posted, so the code
 *                                never lands in a URL or a log)
 *   GET  /producten[/SLUG]       the products and life events of the knowledge base, and each
 *                                one's public text (loket-web-articles.c)
 *   anything else under /afspraak/, /zalen/, /zaak/, /static/: the page "does not exist" (404)
 *
 * Every page runs under the site's language (the routes are public), never holds personal data,
 * and works without JavaScript.  A POST takes a form (415 for anything else); a page that
 * carries a token or a form is kept by no one (no-store). */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-sync-resources.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define ROOM_DAYS       28
#define ROOM_DAYS_AHEAD 182   /* how far the rooms page goes: half a year */
#define MAX_PRODUCTS    10
#define MAX_COUNT       20
#define TOKEN_CACHE     LOKET_SERVER_CACHE_NONE

/* ---- shared ---------------------------------------------------------------------------------- */

LoketWebVisit *
loket_web_visit_parse (const char *text)
{
  g_autoptr(LoketWebVisit) visit = NULL;
  g_auto(GStrv) parts = NULL;
  guint counts[MAX_PRODUCTS];

  if (text == NULL || *text == '\0' || strlen (text) > 1024)
    return NULL;
  parts = g_strsplit (text, ",", MAX_PRODUCTS + 1);
  if (g_strv_length (parts) > MAX_PRODUCTS)
    return NULL;
  visit = g_new0 (LoketWebVisit, 1);
  visit->items = g_array_new (FALSE, TRUE, sizeof (LoketSlotVisitProduct));
  visit->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strchr (parts[i], ':');
      guint64 count = 1;

      if (colon != NULL)
        {
          *colon = '\0';
          if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, MAX_COUNT, &count, NULL))
            return NULL;
        }
      if (*parts[i] == '\0')
        return NULL;
      g_ptr_array_add (visit->ids, g_strdup (parts[i]));
      counts[i] = (guint) count;
    }
  /* Only now, with every id in place, can the items point at them. */
  for (guint i = 0; i < visit->ids->len; i++)
    {
      LoketSlotVisitProduct item = { visit->ids->pdata[i], counts[i] };

      g_array_append_val (visit->items, item);
    }
  return g_steal_pointer (&visit);
}

char *
loket_web_visit_format (const LoketWebVisit *visit)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < visit->items->len; i++)
    {
      const LoketSlotVisitProduct *item = &g_array_index (visit->items, LoketSlotVisitProduct, i);

      g_string_append_printf (text, "%s%s:%u", i > 0 ? "," : "", item->product_id, item->count);
    }
  return g_string_free (text, FALSE);
}

/* The visit as a link carries it: "p=ID:COUNT&p=ID:COUNT", one parameter a product, so that
 * none grows past the server's limit on a parameter, however many products. */
static char *
visit_query (const LoketWebVisit *visit)
{
  GString *query = g_string_new (NULL);

  for (guint i = 0; i < visit->items->len; i++)
    {
      const LoketSlotVisitProduct *item = &g_array_index (visit->items, LoketSlotVisitProduct, i);
      g_autofree char *id = g_uri_escape_string (item->product_id, NULL, TRUE);

      g_string_append_printf (query, "%sp=%s:%u", i > 0 ? "&" : "", id, item->count);
    }
  return g_string_free (query, FALSE);
}

void
loket_web_visit_free (LoketWebVisit *visit)
{
  if (visit == NULL)
    return;
  g_array_unref (visit->items);
  g_ptr_array_unref (visit->ids);
  g_free (visit);
}

void
loket_web_flow_init (LoketWebFlow *flow, const char *token, const LoketWebVisit *visit,
                     const char *location_id)
{
  flow->token = token;
  if (token != NULL)
    {
      flow->days_path = g_strconcat ("/afspraak/wijzigen/", token, "/dag", NULL);
      flow->times_path = g_strconcat ("/afspraak/wijzigen/", token, "/tijd", NULL);
      flow->hold_path = g_strconcat ("/afspraak/wijzigen/", token, "/vasthouden", NULL);
      flow->keep = g_strdup ("");
    }
  else
    {
      g_autofree char *p = visit_query (visit);
      g_autofree char *location = g_uri_escape_string (location_id, NULL, TRUE);

      flow->days_path = g_strdup ("/afspraak/dag");
      flow->times_path = g_strdup ("/afspraak/tijd");
      flow->hold_path = g_strdup ("/afspraak/vasthouden");
      flow->keep = g_strdup_printf ("%s&locatie=%s&", p, location);
    }
}

void
loket_web_flow_clear (LoketWebFlow *flow)
{
  g_clear_pointer (&flow->days_path, g_free);
  g_clear_pointer (&flow->times_path, g_free);
  g_clear_pointer (&flow->hold_path, g_free);
  g_clear_pointer (&flow->keep, g_free);
}

GDateTime *
loket_web_now (LoketServer *self)
{
  return g_date_time_new_now (self->tz);
}

gboolean
loket_web_parse_date (const char *text, GDate *date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10
      || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3
      || text[4] != '-' || text[7] != '-' || year < 2000 || year > 2100
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
loket_web_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

gboolean
loket_web_parse_start (const char *text, gint64 *start)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *start = g_date_time_to_unix (time);
  return TRUE;
}

char *
loket_web_local_time (const char *iso)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%H:%M");
}

LoketWebVisit *
loket_web_visit_of (JsonObject *details)
{
  JsonArray *products = json_object_get_array_member (details, "products");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      g_string_append_printf (text, "%s%s:%d", i > 0 ? "," : "",
                              json_object_get_string_member (product, "id"),
                              (int) json_object_get_int_member (product, "count"));
    }
  return loket_web_visit_parse (text->str);
}

char *
loket_web_locations_path (const LoketWebVisit *visit)
{
  g_autofree char *p = visit_query (visit);

  return g_strconcat ("/afspraak/locatie?", p, NULL);
}

char *
loket_web_times_path (const LoketWebVisit *visit, const char *location_id, const char *date)
{
  g_autofree char *p = visit_query (visit);
  g_autofree char *location = g_uri_escape_string (location_id, NULL, TRUE);
  g_autofree char *day = g_uri_escape_string (date != NULL ? date : "", NULL, TRUE);

  return g_strdup_printf ("/afspraak/tijd?%s&locatie=%s&datum=%s", p, location, day);
}

char *
loket_web_times_path_of (JsonObject *hold)
{
  g_autoptr(LoketWebVisit) visit = loket_web_visit_of (hold);
  JsonObject *location = json_object_get_object_member (hold, "location");

  if (visit == NULL)
    return g_strdup ("/afspraak");
  return loket_web_times_path (visit, json_object_get_string_member (location, "id"),
                               json_object_get_string_member (hold, "local_date"));
}

void
loket_web_summary (LoketWebHtml *page, JsonObject *details)
{
  JsonArray *products = json_object_get_array_member (details, "products");
  JsonObject *location = json_object_get_object_member (details, "location");
  g_autoptr(GString) what = g_string_new (NULL);
  g_autofree char *when = NULL;
  GDate day;

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      gint64 count = json_object_get_int_member_with_default (product, "count", 1);

      g_string_append_printf (what, "%s%s", i > 0 ? ", " : "",
                              json_object_get_string_member (product, "name"));
      if (count > 1)
        g_string_append_printf (what, " (%d×)", (int) count);
    }
  if (loket_web_parse_date (json_object_get_string_member (details, "local_date"), &day))
    when = loket_web_html_long_date (&day);
  loket_web_html_printf (page, "<dl class=\"summary\"><dt>%s</dt><dd>%s</dd>"
                         "<dt>%s</dt><dd>%s<br>%s</dd>"
                         "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>\n",
                         _("What"), what->str,
                         _("Where"), json_object_get_string_member (location, "name"),
                         json_object_get_string_member_with_default (location, "address", ""),
                         _("Date"), when != NULL ? when : "",
                         _("Time"), json_object_get_string_member (details, "local_time"));
}

static gsize
first_segment_length (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  /* The path of a page always starts with "/". */
  return strcspn (path + 1, "/");
}

void
loket_web_reply_error (LoketServer *self, SoupServerMessage *msg, const GError *error,
                       const char *href, const char *link_text)
{
  guint status = loket_web_status_for_error (error);
  const char *title;

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      title = _("Not found");
      break;
    case SOUP_STATUS_BAD_REQUEST:
      title = _("This could not be read");
      break;
    case SOUP_STATUS_CONFLICT:
      title = _("This is no longer possible");
      break;
    case SOUP_STATUS_FORBIDDEN:
      title = _("This is not possible");
      break;
    default:
      /* For the log: a store failure, which holds no personal data, and the page's first
       * segment only: what follows may be a token. */
      g_printerr ("loket-sync: public page /%.*s: %s\n", (int) first_segment_length (msg),
                  g_uri_get_path (soup_server_message_get_uri (msg)) + 1,
                  error != NULL ? error->message : "?");
      loket_web_html_reply_problem (msg, self->site, status,
                                    _("Something went wrong on our side"),
                                    _("Please try again in a few minutes."));
      return;
    }
  loket_web_html_reply_problem_link (msg, self->site, status, title, error->message, href,
                                     link_text);
}

/* ---- the start page and the static files ----------------------------------------------------- */

static void
page_home (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  LoketWebHtml *page = loket_web_html_new (self->site, _("What can we do for you?"));

  loket_web_html_printf (page, "<ul class=\"choices\">\n"
    "<li><a class=\"choice\" href=\"/afspraak\"><strong>%s</strong>%s</a></li>\n"
    "<li><a class=\"choice\" href=\"/zalen\"><strong>%s</strong>%s</a></li>\n"
    "<li><a class=\"choice\" href=\"/zaak\"><strong>%s</strong>%s</a></li>\n"
    "<li><a class=\"choice\" href=\"/producten\"><strong>%s</strong>%s</a></li>\n</ul>\n",
    _("Make an appointment"),
    _("For a passport, driving licence, registration or another product: choose a time that "
      "suits you."),
    _("Rooms for associations"), _("See which rooms are free in the coming weeks."),
    _("Your case"), _("Follow your request with the case number and code from your "
                      "acknowledgement."),
    _("Products and services"), _("What a product costs, what to bring and how long it "
                                  "takes."));
  loket_web_html_para (page, "muted", _("Already have an appointment? Use the link in your "
                                        "confirmation e-mail to change or cancel it."));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

static void
reply_static (SoupServerMessage *msg, GBytes *bytes, const char *type)
{
  gsize length = 0;
  gconstpointer data = g_bytes_get_data (bytes, &length);

  loket_web_html_secure_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "public, max-age=3600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, data, length);
}

static void
static_css (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  static gsize registered = 0;
  g_autoptr(GBytes) css = NULL;

  /* The resources are registered by hand: a static library can leave a constructor out. */
  if (g_once_init_enter (&registered))
    {
      loket_sync_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  css = g_resources_lookup_data ("/nl/loket/Sync/web/loket.css", G_RESOURCE_LOOKUP_FLAGS_NONE,
                                 NULL);
  g_assert (css != NULL);
  reply_static (msg, css, "text/css; charset=utf-8");
}

static void
static_site_css (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  char *css = g_strdup_printf (":root { --primary: %s; --on-primary: %s; }\n",
                               self->site->colour, self->site->colour_text);
  gsize length = strlen (css);
  g_autoptr(GBytes) bytes = g_bytes_new_take (css, length);

  reply_static (msg, bytes, "text/css; charset=utf-8");
}

static void
static_logo (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (self->site->logo_path != NULL)
    file = g_mapped_file_new (self->site->logo_path, FALSE, NULL);
  if (file == NULL)
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                    _("There is no logo."));
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  reply_static (msg, bytes, g_str_has_suffix (self->site->logo_path, ".svg") ? "image/svg+xml"
                                                                              : "image/png");
}

/* ---- rooms ----------------------------------------------------------------------------------- */

static const char *
part_text (const char *state)
{
  if (g_strcmp0 (state, "vrij") == 0)
    return _("free");
  if (g_strcmp0 (state, "deels") == 0)
    return _("partly free");
  if (g_strcmp0 (state, "bezet") == 0)
    return _("taken");
  return "–";
}

static void
room_day (LoketWebHtml *page, JsonObject *day)
{
  static const char *const parts[] = { "ochtend", "middag", "avond" };
  JsonObject *states = json_object_get_object_member (day, "parts");
  g_autofree char *label = NULL;
  GDate date;

  if (!loket_web_parse_date (json_object_get_string_member (day, "date"), &date))
    return;
  label = loket_web_html_weekday_date (&date);
  loket_web_html_printf (page, "<tr><th scope=\"row\">%s</th>", label);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      const char *state = json_object_get_string_member_with_default (states, parts[p], NULL);

      loket_web_html_printf (page, "<td class=\"part-%s\">%s</td>",
                             state != NULL ? state : "gesloten", part_text (state));
    }
  loket_web_html_raw (page, "</tr>\n");
}

static void
room_table (LoketWebHtml *page, JsonObject *room)
{
  JsonArray *days = json_object_get_array_member (room, "days");
  JsonObject *location = json_object_get_object_member (room, "location");

  loket_web_html_printf (page, "<h2>%s</h2><p class=\"muted\">%s, %s</p>\n",
                         json_object_get_string_member (room, "name"),
                         json_object_get_string_member (location, "name"),
                         json_object_get_string_member_with_default (location, "address", ""));
  if (json_array_get_length (days) == 0)
    {
      loket_web_html_para (page, "muted", _("Not open in these weeks."));
      return;
    }
  loket_web_html_printf (page, "<table class=\"rooms\"><caption>%s</caption><thead><tr>"
                         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
                         json_object_get_string_member (room, "name"), _("Day"), _("Morning"),
                         _("Afternoon"), _("Evening"));
  for (guint i = 0; i < json_array_get_length (days); i++)
    room_day (page, json_array_get_object_element (days, i));
  loket_web_html_raw (page, "</tbody></table>\n");
}

/* The first day of the rooms page: ?vanaf=DATE, today for none or one in the past.  FALSE after
 * answering 400 for a date that is none, or beyond the weeks the page goes to. */
static gboolean
rooms_from (LoketServer *self, SoupServerMessage *msg, GHashTable *query, const GDate *today,
            GDate *from)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "vanaf") : NULL;
  GDate last = *today;

  *from = *today;
  if (text == NULL)
    return TRUE;
  g_date_add_days (&last, ROOM_DAYS_AHEAD);
  if (!loket_web_parse_date (text, from) || g_date_compare (from, &last) > 0)
    {
      loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                         _("These weeks cannot be shown"),
                                         _("Choose the weeks with the links on the rooms page."),
                                         "/zalen", _("To the rooms"));
      return FALSE;
    }
  if (g_date_compare (from, today) < 0)
    *from = *today;
  return TRUE;
}

/* Links to the weeks before (never before today) and after (never beyond ROOM_DAYS_AHEAD). */
static void
rooms_nav (LoketWebHtml *page, const GDate *today, const GDate *from)
{
  GDate earlier = *from, later = *from, last = *today;
  g_autofree char *earlier_text = NULL;
  g_autofree char *later_text = NULL;

  g_date_subtract_days (&earlier, ROOM_DAYS);
  if (g_date_compare (&earlier, today) < 0)
    earlier = *today;
  g_date_add_days (&later, ROOM_DAYS);
  g_date_add_days (&last, ROOM_DAYS_AHEAD);
  earlier_text = loket_web_format_date (&earlier);
  later_text = loket_web_format_date (&later);
  loket_web_html_printf (page, "<nav class=\"months\" aria-label=\"%s\"><span>", _("Weeks"));
  if (g_date_compare (from, today) > 0)
    loket_web_html_printf (page, "<a href=\"/zalen?vanaf=%s\">%s</a>", earlier_text,
                           _("← Earlier weeks"));
  loket_web_html_raw (page, "</span><span>");
  if (g_date_compare (&later, &last) <= 0)
    loket_web_html_printf (page, "<a href=\"/zalen?vanaf=%s\">%s</a>", later_text,
                           _("Later weeks →"));
  loket_web_html_raw (page, "</span></nav>\n");
}

static void
page_rooms (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GDate today, from;
  JsonArray *rooms;
  LoketWebHtml *page;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  if (!rooms_from (self, msg, query, &today, &from))
    return;
  answer = loket_store_web_rooms (self->store, &from, ROOM_DAYS, now, &error);
  if (answer == NULL)
    {
      loket_web_reply_error (self, msg, error, NULL, NULL);
      return;
    }
  rooms = json_object_get_array_member (answer, "rooms");
  page = loket_web_html_new (self->site, _("Rooms for associations"));
  loket_web_html_para (page, "lead", _("Which rooms are free in the morning, the afternoon and "
                                       "the evening. To reserve one, make an appointment for "
                                       "the room."));
  rooms_nav (page, &today, &from);
  for (guint i = 0; i < json_array_get_length (rooms); i++)
    room_table (page, json_array_get_object_element (rooms, i));
  if (json_array_get_length (rooms) == 0)
    loket_web_html_para (page, "muted", _("There are no rooms to reserve online."));
  loket_web_html_printf (page, "<p><a class=\"button\" href=\"/afspraak\">%s</a></p>\n",
                         _("Make an appointment"));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* ---- case status ----------------------------------------------------------------------------- */

static void
case_form (LoketWebHtml *page, const char *reference)
{
  loket_web_html_printf (page, "<form method=\"post\" action=\"/zaak\" novalidate>\n"
    "<div class=\"field\"><label for=\"referentie\">%s</label>"
    "<span class=\"hint\" id=\"referentie-hint\">%s</span>"
    "<input type=\"text\" id=\"referentie\" name=\"referentie\" value=\"%s\" required"
    " autocomplete=\"off\" aria-describedby=\"referentie-hint\"></div>\n"
    "<div class=\"field\"><label for=\"code\">%s</label>"
    "<span class=\"hint\" id=\"code-hint\">%s</span>"
    "<input type=\"text\" id=\"code\" name=\"code\" required autocomplete=\"off\""
    " aria-describedby=\"code-hint\"></div>\n"
    "<button type=\"submit\">%s</button>\n</form>\n",
    _("Case number"), _("For example Z-2026-000123."), reference != NULL ? reference : "",
    _("Code"), _("The code from your acknowledgement, for example K7M3-Q9PX."),
    _("Show status"));
}

static void
case_status (LoketWebHtml *page, JsonObject *status)
{
  JsonArray *history = json_object_get_array_member (status, "history");
  const char *product = json_object_get_string_member_with_default (status, "product", NULL);
  const char *expected = json_object_get_string_member_with_default (status, "expected", NULL);
  GDate date;

  loket_web_html_printf (page, "<dl class=\"summary\"><dt>%s</dt><dd>%s</dd>", _("Case number"),
                         json_object_get_string_member (status, "reference"));
  if (product != NULL)
    loket_web_html_printf (page, "<dt>%s</dt><dd>%s</dd>", _("About"), product);
  loket_web_html_printf (page, "<dt>%s</dt><dd><strong>%s</strong></dd>", _("Status"),
                         json_object_get_string_member (status, "status"));
  if (expected != NULL && loket_web_parse_date (expected, &date))
    {
      g_autofree char *when = loket_web_html_long_date (&date);

      loket_web_html_printf (page, "<dt>%s</dt><dd>%s</dd>", _("Expected ready"), when);
    }
  loket_web_html_raw (page, "</dl>\n");
  loket_web_html_printf (page, "<h2>%s</h2><ol class=\"timeline\">\n", _("History"));
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *step = json_array_get_object_element (history, i);
      g_autofree char *when = NULL;

      if (loket_web_parse_date (json_object_get_string_member (step, "date"), &date))
        when = loket_web_html_day_month (&date);
      loket_web_html_printf (page, "<li%s>%s – %s</li>\n",
                             i + 1 == json_array_get_length (history) ? " class=\"current\"" : "",
                             when != NULL ? when : "",
                             json_object_get_string_member (step, "status"));
    }
  loket_web_html_raw (page, "</ol>\n");
}

/* The form, with what went wrong first when problem is set. */
static void
reply_case_form (LoketServer *self, SoupServerMessage *msg, const char *reference,
                 const char *problem, guint status)
{
  LoketWebHtml *page = loket_web_html_new (self->site, _("Your case"));

  if (problem != NULL)
    loket_web_html_error (page, problem);
  else
    loket_web_html_para (page, "lead", _("Fill in the case number and the code from your "
                                         "acknowledgement to see how far your request is."));
  case_form (page, reference);
  loket_web_html_reply (page, msg, status, FALSE);
}

/* A field as typed, without the spaces around it; "" when it is missing. */
static char *
form_text (GHashTable *form, const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

static void
post_case (LoketServer *self, SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *code = NULL;
  LoketWebHtml *page;

  if (form == NULL)
    return;
  reference = form_text (form, "referentie");
  code = form_text (form, "code");
  if (*reference == '\0' || *code == '\0')
    {
      reply_case_form (self, msg, reference, _("Fill in both the case number and the code."),
                       SOUP_STATUS_BAD_REQUEST);
      return;
    }
  status = loket_store_web_case_status (self->store, reference, code, now, &error);
  if (status == NULL && loket_web_status_for_error (error) >= 500)
    loket_web_reply_error (self, msg, error, NULL, NULL);
  else if (status == NULL)
    reply_case_form (self, msg, reference, error->message, loket_web_status_for_error (error));
  else
    {
      page = loket_web_html_new (self->site, _("Your case"));
      case_status (page, status);
      loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
    }
}

static void
page_case (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    post_case (self, msg);
  else
    reply_case_form (self, msg, NULL, NULL, SOUP_STATUS_OK);
}

/* Any other path under ours: the page of a citizen who followed a broken link. */
static void
page_not_found (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  loket_web_html_reply_status (msg, self->site, SOUP_STATUS_NOT_FOUND);
}

/* ---- the table ------------------------------------------------------------------------------- */

static const LoketServerRoute routes[] = {
  { "/",                    "GET",      TRUE, page_home },
  { "/static/loket.css",    "GET",      TRUE, static_css },
  { "/static/site.css",     "GET",      TRUE, static_site_css },
  { "/static/logo",         "GET",      TRUE, static_logo },
  { "/afspraak",            "GET",      TRUE, loket_web_page_products },
  { "/afspraak/locatie",    "GET",      TRUE, loket_web_page_locations },
  { "/afspraak/dag",        "GET",      TRUE, loket_web_page_days },
  { "/afspraak/tijd",       "GET",      TRUE, loket_web_page_times },
  { "/afspraak/vasthouden", "POST",     TRUE, loket_web_post_hold },
  /* Behind a token: nobody keeps these pages. */
  { "/afspraak/gegevens/",  "GET POST", TRUE, loket_web_page_details, FALSE, TOKEN_CACHE },
  { "/afspraak/loslaten/",  "POST",     TRUE, loket_web_post_release, FALSE, TOKEN_CACHE },
  { "/afspraak/wijzigen/",  "GET POST", TRUE, loket_web_page_manage,  FALSE, TOKEN_CACHE },
  { "/tevredenheid/",       "GET POST", TRUE, loket_web_page_survey,  FALSE, TOKEN_CACHE },
  { "/zalen",               "GET",      TRUE, page_rooms },
  { "/zaak",                "GET POST", TRUE, page_case },
  { "/producten",           "GET",      TRUE, loket_web_page_articles },
  { "/producten/",          "GET",      TRUE, loket_web_page_article },
  /* Last, as routes are found in order: the rest of each part of the site. */
  { "/afspraak/",           "GET POST", TRUE, page_not_found },
  { "/zalen/",              "GET POST", TRUE, page_not_found },
  { "/zaak/",               "GET POST", TRUE, page_not_found },
  { "/static/",             "GET POST", TRUE, page_not_found },
  { "/tevredenheid",        "GET POST", TRUE, page_not_found },
};

const LoketServerRoute *
loket_web_pages_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
