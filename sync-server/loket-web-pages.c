/* loket-web-pages.c — the public pages of loket-sync: the route table, the start page, the
 * static files, rooms, case status and the satisfaction survey; and what the page files share.
 * Booking is in loket-web-booking.c, an appointment's own link in loket-web-manage.c.
 *
 *   GET  /                       the start page
 *   GET  /static/loket.css       the style sheet (a resource), /static/site.css the
 *                                municipality's colours, /static/logo its logo
 *   GET  /zalen[?vanaf=DATE]     free day parts of the rooms, four weeks at a time
 *   GET  /zaak, POST /zaak       a case's status by reference and code (posted, so the code
 *                                never lands in a URL or a log)
 *   GET|POST /tevredenheid/TOKEN the three questions after a case closed
 *
 * Every page runs under the site's language (the routes are public), never holds personal data,
 * and works without JavaScript. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-sync-resources.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define SURVEY_PREFIX "/tevredenheid/"
#define ROOM_DAYS     28
#define MAX_PRODUCTS  10
#define MAX_COUNT     20

/* ---- shared --------------------------------------------------------------------------------- */

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
      g_autofree char *p = loket_web_visit_format (visit);
      g_autofree char *p_escaped = g_uri_escape_string (p, ":,", TRUE);
      g_autofree char *l_escaped = g_uri_escape_string (location_id, NULL, TRUE);

      flow->days_path = g_strdup ("/afspraak/dag");
      flow->times_path = g_strdup ("/afspraak/tijd");
      flow->hold_path = g_strdup ("/afspraak/vasthouden");
      flow->keep = g_strdup_printf ("p=%s&locatie=%s&", p_escaped, l_escaped);
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

char *
loket_web_times_path_of (JsonObject *hold)
{
  JsonArray *products = json_object_get_array_member (hold, "products");
  g_autoptr(GString) p = g_string_new (NULL);
  g_autofree char *p_escaped = NULL;

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      g_string_append_printf (p, "%s%s:%d", i > 0 ? "," : "",
                              json_object_get_string_member (product, "id"),
                              (int) json_object_get_int_member (product, "count"));
    }
  p_escaped = g_uri_escape_string (p->str, ":,", TRUE);
  return g_strdup_printf ("/afspraak/tijd?p=%s&locatie=%s&datum=%s", p_escaped,
                          json_object_get_string_member (
                            json_object_get_object_member (hold, "location"), "id"),
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

void
loket_web_reply_error (LoketServer *self, SoupServerMessage *msg, const GError *error)
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
      title = _("Something went wrong on our side");
      /* For the log: a store failure, which holds no personal data. */
      g_printerr ("loket-sync: public page %s: %s\n",
                  g_uri_get_path (soup_server_message_get_uri (msg)),
                  error != NULL ? error->message : "?");
      loket_web_html_reply_problem (msg, self->site, status, title,
                                    _("Please try again in a few minutes."));
      return;
    }
  loket_web_html_reply_problem (msg, self->site, status, title, error->message);
}

/* ---- the start page and the static files -------------------------------------------------- */

static void
page_home (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  LoketWebHtml *page = loket_web_html_new (self->site, _("What can we do for you?"));

  loket_web_html_printf (page, "<ul class=\"choices\">\n"
    "<li><a class=\"choice\" href=\"/afspraak\"><strong>%s</strong>%s</a></li>\n"
    "<li><a class=\"choice\" href=\"/zalen\"><strong>%s</strong>%s</a></li>\n"
    "<li><a class=\"choice\" href=\"/zaak\"><strong>%s</strong>%s</a></li>\n</ul>\n",
    _("Make an appointment"),
    _("For a passport, driving licence, registration or another product: choose a time that "
      "suits you."),
    _("Rooms for associations"), _("See which rooms are free in the coming weeks."),
    _("Your case"), _("Follow your request with the case number and code from your "
                      "acknowledgement."));
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

/* ---- rooms ------------------------------------------------------------------------------------ */

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
room_table (LoketWebHtml *page, JsonObject *room)
{
  static const char *const parts[] = { "ochtend", "middag", "avond" };
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
    {
      JsonObject *day = json_array_get_object_element (days, i);
      JsonObject *states = json_object_get_object_member (day, "parts");
      g_autofree char *label = NULL;
      GDate date;

      if (!loket_web_parse_date (json_object_get_string_member (day, "date"), &date))
        continue;
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
  loket_web_html_raw (page, "</tbody></table>\n");
}

static void
page_rooms (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *earlier = NULL;
  g_autofree char *later = NULL;
  GDate today, from, step;
  JsonArray *rooms;
  LoketWebHtml *page;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  if (query == NULL || !loket_web_parse_date (g_hash_table_lookup (query, "vanaf"), &from)
      || g_date_compare (&from, &today) < 0)
    from = today;
  answer = loket_store_web_rooms (self->store, &from, ROOM_DAYS, now, &error);
  if (answer == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  rooms = json_object_get_array_member (answer, "rooms");
  page = loket_web_html_new (self->site, _("Rooms for associations"));
  loket_web_html_para (page, "lead", _("Which rooms are free in the morning, the afternoon and "
                                       "the evening. To reserve one, make an appointment for "
                                       "the room."));
  step = from;
  g_date_subtract_days (&step, ROOM_DAYS);
  if (g_date_compare (&step, &today) < 0)
    step = today;
  earlier = loket_web_format_date (&step);
  step = from;
  g_date_add_days (&step, ROOM_DAYS);
  later = loket_web_format_date (&step);
  loket_web_html_printf (page, "<nav class=\"months\" aria-label=\"%s\"><span>", _("Weeks"));
  if (g_date_compare (&from, &today) > 0)
    loket_web_html_printf (page, "<a href=\"/zalen?vanaf=%s\">%s</a>", earlier,
                           _("← Earlier weeks"));
  loket_web_html_printf (page, "</span><span><a href=\"/zalen?vanaf=%s\">%s</a></span></nav>\n",
                         later, _("Later weeks →"));
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

static void
page_case (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  const char *reference, *code;
  LoketWebHtml *page;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      page = loket_web_html_new (self->site, _("Your case"));
      loket_web_html_para (page, "lead", _("Fill in the case number and the code from your "
                                           "acknowledgement to see how far your request is."));
      case_form (page, NULL);
      loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
      return;
    }
  form = loket_web_form_body (msg);
  reference = g_hash_table_lookup (form, "referentie");
  code = g_hash_table_lookup (form, "code");
  if (reference != NULL && code != NULL && *reference != '\0' && *code != '\0')
    status = loket_store_web_case_status (self->store, g_strstrip ((char *) reference),
                                          g_strstrip ((char *) code), now, &error);
  if (status == NULL && error != NULL && loket_web_status_for_error (error) >= 500)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  page = loket_web_html_new (self->site, _("Your case"));
  if (status == NULL)
    {
      loket_web_html_error (page, error != NULL && error->domain == LOKET_ERROR
                                  && error->code == LOKET_ERROR_INVALID
                                  ? error->message
                                  : _("We cannot find a case with this number and code. Check "
                                      "both in your acknowledgement."));
      case_form (page, reference);
      loket_web_html_reply (page, msg, error != NULL ? loket_web_status_for_error (error)
                                                     : SOUP_STATUS_BAD_REQUEST, FALSE);
      return;
    }
  case_status (page, status);
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

/* ---- the survey -------------------------------------------------------------------------------- */

static const char *const questions[] = {
  N_("How satisfied are you with how your request was handled?"),
  N_("How clear was the information you received?"),
  N_("How satisfied are you with how long it took?"),
};

static void
survey_form (LoketWebHtml *page, const char *action)
{
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\">\n", action);
  for (guint q = 0; q < G_N_ELEMENTS (questions); q++)
    {
      loket_web_html_printf (page, "<fieldset class=\"scale\"><legend>%s</legend>"
                             "<p class=\"muted\" id=\"schaal-%u\">%s</p><div>", _(questions[q]),
                             q + 1, _("1 = very dissatisfied, 5 = very satisfied"));
      for (guint mark = 1; mark <= 5; mark++)
        loket_web_html_printf (page, "<label for=\"q%u-%u\"><input type=\"radio\" id=\"q%u-%u\""
                               " name=\"q%u\" value=\"%u\" required aria-describedby=\"schaal-%u\">"
                               "%u</label>", q + 1, mark, q + 1, mark, q + 1, mark, q + 1, mark);
      loket_web_html_raw (page, "</div></fieldset>\n");
    }
  loket_web_html_printf (page, "<button type=\"submit\">%s</button>\n</form>\n", _("Send"));
}

static gboolean
read_marks (GHashTable *form, int marks[3])
{
  for (guint q = 0; q < 3; q++)
    {
      g_autofree char *key = g_strdup_printf ("q%u", q + 1);
      const char *value = g_hash_table_lookup (form, key);
      guint64 mark;

      if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 5, &mark, NULL))
        return FALSE;
      marks[q] = (int) mark;
    }
  return TRUE;
}

static void
page_survey (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *token = loket_web_path_rest (msg, SURVEY_PREFIX);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) survey = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = g_strconcat (SURVEY_PREFIX, token, NULL);
  const char *product;
  LoketWebHtml *page;
  int marks[3];

  survey = loket_store_web_survey (self->store, token, now, &error);
  if (survey == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  if (g_str_equal (soup_server_message_get_method (msg), "POST")
      && !json_object_get_boolean_member (survey, "answered"))
    {
      form = loket_web_form_body (msg);
      if (read_marks (form, marks)
          && loket_store_web_answer_survey (self->store, token, marks, now, &error))
        {
          loket_web_html_redirect (msg, action);
          return;
        }
      if (error != NULL && loket_web_status_for_error (error) >= 500)
        {
          loket_web_reply_error (self, msg, error);
          return;
        }
    }
  page = loket_web_html_new (self->site, _("How did we do?"));
  if (json_object_get_boolean_member (survey, "answered"))
    {
      loket_web_html_para (page, "lead", _("Thank you for your answers. They help us do better."));
      loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
      return;
    }
  if (form != NULL)
    loket_web_html_error (page, _("Choose a mark from 1 to 5 for each question."));
  product = json_object_get_string_member_with_default (survey, "product", NULL);
  loket_web_html_printf (page, "<p class=\"lead\">");
  loket_web_html_printf (page, _("Your request %s has been completed. Three short questions about "
                                 "it:"), json_object_get_string_member (survey, "reference"));
  if (product != NULL)
    loket_web_html_printf (page, " (%s)", product);
  loket_web_html_raw (page, "</p>\n");
  survey_form (page, action);
  loket_web_html_reply (page, msg, form != NULL ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_OK,
                        FALSE);
}

/* ---- the table ------------------------------------------------------------------------------ */

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
  { "/afspraak/gegevens/",  "GET POST", TRUE, loket_web_page_details },
  { "/afspraak/loslaten/",  "POST",     TRUE, loket_web_post_release },
  { "/afspraak/wijzigen/",  "GET POST", TRUE, loket_web_page_manage },
  { "/zalen",               "GET",      TRUE, page_rooms },
  { "/zaak",                "GET POST", TRUE, page_case },
  { "/tevredenheid/",       "GET POST", TRUE, page_survey },
};

const LoketServerRoute *
loket_web_pages_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
