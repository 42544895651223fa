/* loket-web-booking.c — booking an appointment on the public site, and changing or cancelling
 * it by the link in the confirmation.
 *
 *   GET  /afspraak                          which products (and how many of each)
 *   GET  /afspraak/locatie?p=…              where
 *   GET  /afspraak/dag?p=…&locatie=…[&maand=YYYY-MM]   the month: days with free times
 *   GET  /afspraak/tijd?p=…&locatie=…&datum=…          the free times of a day
 *   POST /afspraak/vasthouden               holds the chosen time → /afspraak/gegevens/HOLD
 *   GET  /afspraak/gegevens/HOLD            name, e-mail, phone (and reason) …
 *   POST /afspraak/gegevens/HOLD            … books → /afspraak/wijzigen/TOKEN?nieuw=1
 *   POST /afspraak/loslaten/HOLD            lets the time go and goes back to the times
 *   GET  /afspraak/wijzigen/TOKEN           the appointment, with change and cancel
 *        …/TOKEN/dag, …/TOKEN/tijd          another time, as above
 *   POST …/TOKEN/vasthouden                 holds it → …/TOKEN/bevestigen/HOLD
 *   GET|POST …/TOKEN/bevestigen/HOLD        moves the appointment there
 *   GET|POST …/TOKEN/annuleren              cancels it
 *
 * Everything works without JavaScript: links and forms, and after every POST a redirect, so
 * reloading a page never books twice.  The products of a visit travel as p=ID:COUNT,…
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define MANAGE_PREFIX  "/afspraak/wijzigen/"
#define DETAILS_PREFIX "/afspraak/gegevens/"
#define RELEASE_PREFIX "/afspraak/loslaten/"
#define MONTHS_AHEAD   6

/* ---- products --------------------------------------------------------------------------------- */

static void
products_form_item (LoketWebHtml *page, JsonObject *product)
{
  const char *id = json_object_get_string_member (product, "id");
  gint64 max = json_object_get_int_member_with_default (product, "max_per_booking", 1);
  const char *description = json_object_get_string_member_with_default (product, "description",
                                                                        "");

  loket_web_html_printf (page, "<li><label class=\"choice\" for=\"product-%s\">"
                         "<input type=\"checkbox\" name=\"product\" value=\"%s\" id=\"product-%s\">"
                         "<span><strong>%s</strong>%s</span></label>",
                         id, id, id, json_object_get_string_member (product, "name"),
                         description);
  if (max > 1)
    {
      g_autofree char *label = g_strdup_printf (_("How many? (%d minutes each)"),
                                                (int) json_object_get_int_member_with_default (
                                                  product, "norm_minutes", 10));

      loket_web_html_printf (page, "<div class=\"field\"><label for=\"aantal-%s\">%s</label>"
                             "<select name=\"aantal-%s\" id=\"aantal-%s\">", id, label, id, id);
      for (gint64 n = 1; n <= max; n++)
        loket_web_html_printf (page, "<option value=\"%d\">%d</option>", (int) n, (int) n);
      loket_web_html_raw (page, "</select></div>");
    }
  loket_web_html_raw (page, "</li>\n");
}

void
loket_web_page_products (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonArray) products = NULL;
  g_autoptr(GError) error = NULL;
  LoketWebHtml *page;
  const char *group = NULL;

  products = loket_store_public_products (self->store, &error);
  if (products == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  page = loket_web_html_new (self->site, _("Make an appointment"));
  if (query != NULL && g_hash_table_contains (query, "leeg"))
    loket_web_html_error (page, _("Choose at least one product."));
  loket_web_html_para (page, "lead", _("Choose what you are coming for. You can choose more than "
                                       "one product for one visit."));
  loket_web_html_raw (page, "<form method=\"get\" action=\"/afspraak/locatie\">\n");
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      const char *this_group = json_object_get_string_member (product, "group");

      if (g_strcmp0 (group, this_group) != 0)
        {
          if (group != NULL)
            loket_web_html_raw (page, "</ul></fieldset>\n");
          loket_web_html_printf (page, "<fieldset><legend>%s</legend><ul class=\"choices\">\n",
                                 this_group);
          group = this_group;
        }
      products_form_item (page, product);
    }
  if (group != NULL)
    loket_web_html_raw (page, "</ul></fieldset>\n");
  loket_web_html_printf (page, "<button type=\"submit\">%s</button>\n</form>\n", _("Next"));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* ---- locations -------------------------------------------------------------------------------- */

/* The visit of a products form (product=ID&aantal-ID=N…) or of p=. */
static LoketWebVisit *
visit_from_query (SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GString) text = NULL;
  const char *p = query != NULL ? g_hash_table_lookup (query, "p") : NULL;

  if (p != NULL)
    return loket_web_visit_parse (p);
  chosen = loket_web_query_values (msg, "product");
  text = g_string_new (NULL);
  for (guint i = 0; i < chosen->len; i++)
    {
      g_autofree char *key = g_strconcat ("aantal-", (const char *) chosen->pdata[i], NULL);
      const char *count = query != NULL ? g_hash_table_lookup (query, key) : NULL;

      g_string_append_printf (text, "%s%s:%s", i > 0 ? "," : "", (const char *) chosen->pdata[i],
                              count != NULL ? count : "1");
    }
  return loket_web_visit_parse (text->str);
}

/* The locations that offer every product of the visit, in the first one's order. */
static JsonArray *
visit_locations (LoketServer *self, const LoketWebVisit *visit, GError **error)
{
  g_autoptr(JsonArray) first = NULL;
  JsonArray *common = json_array_new ();

  first = loket_store_public_locations (self->store, visit->ids->pdata[0], error);
  if (first == NULL)
    {
      json_array_unref (common);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (first); i++)
    {
      JsonObject *location = json_array_get_object_element (first, i);
      const char *id = json_object_get_string_member (location, "id");
      gboolean everywhere = TRUE;

      for (guint j = 1; j < visit->ids->len && everywhere; j++)
        {
          g_autoptr(JsonArray) others = loket_store_public_locations (self->store,
                                                                      visit->ids->pdata[j], NULL);
          gboolean found = FALSE;

          for (guint k = 0; others != NULL && k < json_array_get_length (others) && !found; k++)
            found = g_str_equal (id, json_object_get_string_member (
                                       json_array_get_object_element (others, k), "id"));
          everywhere = found;
        }
      if (everywhere)
        json_array_add_object_element (common, json_object_ref (location));
    }
  return common;
}

static void
facilities_line (LoketWebHtml *page, JsonObject *location)
{
  JsonArray *facilities = json_object_has_member (location, "facilities")
                          ? json_object_get_array_member (location, "facilities") : NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; facilities != NULL && i < json_array_get_length (facilities); i++)
    g_string_append_printf (line, "%s%s", i > 0 ? ", " : "",
                            json_array_get_string_element (facilities, i));
  if (line->len > 0)
    loket_web_html_printf (page, "<span class=\"facilities\">%s %s</span>", _("Facilities:"),
                           line->str);
}

void
loket_web_page_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = visit_from_query (msg, query);
  g_autoptr(JsonArray) locations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = NULL;
  LoketWebHtml *page;

  if (visit == NULL)
    {
      loket_web_html_redirect (msg, "/afspraak?leeg=1");
      return;
    }
  locations = visit_locations (self, visit, &error);
  if (locations == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  p = loket_web_visit_format (visit);
  page = loket_web_html_new (self->site, _("Choose a location"));
  loket_web_html_back (page, "/afspraak", _("Other products"));
  if (json_array_get_length (locations) == 0)
    loket_web_html_para (page, "lead", _("No location offers all of these products together. "
                                         "Make a separate appointment for each."));
  loket_web_html_raw (page, "<ul class=\"choices\">\n");
  for (guint i = 0; i < json_array_get_length (locations); i++)
    {
      JsonObject *location = json_array_get_object_element (locations, i);
      g_autofree char *href = NULL;
      g_autofree char *p_escaped = g_uri_escape_string (p, ":,", TRUE);

      href = g_strdup_printf ("/afspraak/dag?p=%s&locatie=%s", p_escaped,
                              json_object_get_string_member (location, "id"));
      loket_web_html_printf (page, "<li><a class=\"choice\" href=\"%s\"><strong>%s</strong>%s ",
                             href, json_object_get_string_member (location, "name"),
                             json_object_get_string_member_with_default (location, "address",
                                                                         ""));
      facilities_line (page, location);
      loket_web_html_raw (page, "</a></li>\n");
    }
  loket_web_html_raw (page, "</ul>\n");
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* ---- the month ------------------------------------------------------------------------------ */

/* The first day of the month asked for ("2026-12"), never before this month and at most
 * MONTHS_AHEAD after it; today's month when absent or unreadable. */
static void
month_asked (GHashTable *query, GDateTime *now, GDate *first)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "maand") : NULL;
  guint year = (guint) g_date_time_get_year (now), month = (guint) g_date_time_get_month (now);
  guint asked_year, asked_month;
  int ahead;

  g_date_clear (first, 1);
  if (text != NULL && strlen (text) == 7 && sscanf (text, "%4u-%2u", &asked_year,
                                                    &asked_month) == 2
      && asked_month >= 1 && asked_month <= 12)
    {
      ahead = ((int) asked_year - (int) year) * 12 + (int) asked_month - (int) month;
      if (ahead > 0 && ahead <= MONTHS_AHEAD)
        {
          year = asked_year;
          month = asked_month;
        }
    }
  g_date_set_dmy (first, 1, (GDateMonth) month, (GDateYear) year);
}

static void
month_nav_link (LoketWebHtml *page, const LoketWebFlow *flow, const GDate *month, int step,
                const char *text)
{
  GDate other = *month;

  if (step < 0)
    g_date_subtract_months (&other, 1);
  else
    g_date_add_months (&other, 1);
  loket_web_html_printf (page, "<a href=\"%s?%smaand=%04u-%02u\">%s</a>", flow->days_path,
                         flow->keep, (guint) g_date_get_year (&other),
                         (guint) g_date_get_month (&other), text);
}

static void
month_table (LoketWebHtml *page, const LoketWebFlow *flow, const GDate *first, GHashTable *free_days)
{
  static const char *const heads[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                       N_("Sat"), N_("Sun") };
  g_autofree char *caption = loket_web_html_month_year (first);
  guint n_days = g_date_get_days_in_month (g_date_get_month (first), g_date_get_year (first));
  guint column = (guint) g_date_get_weekday (first) - 1;

  loket_web_html_printf (page, "<table class=\"month\"><caption>%s</caption><thead><tr>",
                         caption);
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    loket_web_html_printf (page, "<th scope=\"col\">%s</th>", _(heads[i]));
  loket_web_html_raw (page, "</tr></thead><tbody><tr>");
  for (guint i = 0; i < column; i++)
    loket_web_html_raw (page, "<td></td>");
  for (guint d = 1; d <= n_days; d++, column++)
    {
      GDate day = *first;
      g_autofree char *date = NULL;
      gpointer n_free;

      g_date_set_day (&day, (GDateDay) d);
      date = loket_web_format_date (&day);
      if (column > 0 && column % 7 == 0)
        loket_web_html_raw (page, "</tr><tr>");
      n_free = g_hash_table_lookup (free_days, date);
      if (n_free != NULL)
        {
          g_autofree char *label = loket_web_html_weekday_date (&day);
          g_autofree char *aria = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "%s, %u time free", "%s, %u times free",
                         GPOINTER_TO_UINT (n_free)), label, GPOINTER_TO_UINT (n_free));

          loket_web_html_printf (page, "<td><a href=\"%s?%sdatum=%s\" aria-label=\"%s\">%u</a>"
                                 "</td>", flow->times_path, flow->keep, date, aria, d);
        }
      else
        loket_web_html_printf (page, "<td><span class=\"none\" aria-label=\"%u, %s\">%u</span>"
                               "</td>", d, _("no times free"), d);
    }
  for (; column % 7 != 0; column++)
    loket_web_html_raw (page, "<td></td>");
  loket_web_html_raw (page, "</tr></tbody></table>\n");
}

/* Renders the month page of a flow: visit at location_id. */
void
loket_web_reply_month (LoketServer *self, SoupServerMessage *msg, GHashTable *query, const LoketWebFlow *flow,
             const LoketWebVisit *visit, const char *location_id, const char *back_href)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) dates = NULL;
  g_autoptr(GHashTable) free_days = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GDate first, from;
  JsonArray *days;
  LoketWebHtml *page;
  guint n_days;
  gboolean this_month;

  month_asked (query, now, &first);
  from = first;
  this_month = g_date_get_month (&first) == (GDateMonth) g_date_time_get_month (now)
               && g_date_get_year (&first) == (GDateYear) g_date_time_get_year (now);
  if (this_month)
    g_date_set_day (&from, (GDateDay) g_date_time_get_day_of_month (now));
  n_days = g_date_get_days_in_month (g_date_get_month (&first), g_date_get_year (&first))
           - g_date_get_day (&from) + 1;
  dates = loket_store_web_dates (self->store, (const LoketSlotVisitProduct *) visit->items->data,
                                 visit->items->len, location_id, &from, n_days, now, &error);
  if (dates == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  days = json_object_get_array_member (dates, "days");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);

      g_hash_table_insert (free_days, (gpointer) json_object_get_string_member (day, "date"),
                           GUINT_TO_POINTER ((guint) json_object_get_int_member (day, "free")));
    }

  page = loket_web_html_new (self->site, _("Choose a day"));
  loket_web_html_back (page, back_href, flow->token != NULL ? _("Back to your appointment")
                                                            : _("Other location"));
  loket_web_html_para (page, NULL, _("Days with free times are links. Choose one to see its "
                                     "times."));
  loket_web_html_raw (page, "<nav class=\"months\" aria-label=\"");
  loket_web_html_text (page, _("Months"));
  loket_web_html_raw (page, "\"><span>");
  if (!this_month)
    month_nav_link (page, flow, &first, -1, _("← Previous month"));
  loket_web_html_raw (page, "</span><span>");
  month_nav_link (page, flow, &first, +1, _("Next month →"));
  loket_web_html_raw (page, "</span></nav>\n");
  month_table (page, flow, &first, free_days);
  if (g_hash_table_size (free_days) == 0)
    loket_web_html_para (page, "muted", _("There are no free times this month. Try the next "
                                          "month."));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

void
loket_web_page_days (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = visit_from_query (msg, query);
  const char *location_id = query != NULL ? g_hash_table_lookup (query, "locatie") : NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  g_autofree char *back = NULL;
  g_autofree char *p = NULL;
  g_autofree char *p_escaped = NULL;

  if (visit == NULL || location_id == NULL)
    {
      loket_web_html_redirect (msg, "/afspraak");
      return;
    }
  loket_web_flow_init (&flow, NULL, visit, location_id);
  p = loket_web_visit_format (visit);
  p_escaped = g_uri_escape_string (p, ":,", TRUE);
  back = g_strdup_printf ("/afspraak/locatie?p=%s", p_escaped);
  loket_web_reply_month (self, msg, query, &flow, visit, location_id, back);
}

/* ---- the times of a day --------------------------------------------------------------------- */

void
loket_web_reply_times (LoketServer *self, SoupServerMessage *msg, const LoketWebFlow *flow,
             const LoketWebVisit *visit, const char *location_id, const char *date_text,
             const char *problem, guint status)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *back = NULL;
  g_autofree char *p = loket_web_visit_format (visit);
  JsonArray *times;
  LoketWebHtml *page;
  GDate day;

  if (!loket_web_parse_date (date_text, &day))
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                    _("This date does not exist"),
                                    _("Choose a day in the calendar."));
      return;
    }
  answer = loket_store_web_times (self->store, (const LoketSlotVisitProduct *) visit->items->data,
                                  visit->items->len, location_id, &day, now, &error);
  if (answer == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  times = json_object_get_array_member (answer, "times");
  title = loket_web_html_long_date (&day);
  page = loket_web_html_new (self->site, title);
  back = g_strdup_printf ("%s?%smaand=%.7s", flow->days_path, flow->keep, date_text);
  loket_web_html_back (page, back, _("Other day"));
  if (problem != NULL)
    loket_web_html_error (page, problem);
  if (json_array_get_length (times) == 0)
    loket_web_html_para (page, "lead", _("There are no free times left on this day."));
  else
    loket_web_html_para (page, NULL, _("Choose a time. We hold it for you for a few minutes "
                                       "while you fill in your details."));
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\">\n", flow->hold_path);
  if (flow->token == NULL)
    {
      loket_web_html_hidden (page, "p", p);
      loket_web_html_hidden (page, "locatie", location_id);
    }
  loket_web_html_hidden (page, "datum", date_text);
  loket_web_html_printf (page, "<fieldset><legend>%s</legend><div class=\"times\">\n",
                         _("Free times"));
  for (guint i = 0; i < json_array_get_length (times); i++)
    {
      JsonObject *time = json_array_get_object_element (times, i);

      loket_web_html_printf (page, "<button type=\"submit\" name=\"start\" value=\"%s\">%s"
                             "</button>\n", json_object_get_string_member (time, "start"),
                             json_object_get_string_member (time, "time"));
    }
  loket_web_html_raw (page, "</div></fieldset>\n</form>\n");
  loket_web_html_reply (page, msg, status, status == SOUP_STATUS_OK);
}

void
loket_web_page_times (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = visit_from_query (msg, query);
  const char *location_id = query != NULL ? g_hash_table_lookup (query, "locatie") : NULL;
  const char *date = query != NULL ? g_hash_table_lookup (query, "datum") : NULL;
  g_auto(LoketWebFlow) flow = { 0 };

  if (visit == NULL || location_id == NULL)
    {
      loket_web_html_redirect (msg, "/afspraak");
      return;
    }
  loket_web_flow_init (&flow, NULL, visit, location_id);
  loket_web_reply_times (self, msg, &flow, visit, location_id, date, NULL, SOUP_STATUS_OK);
}

/* ---- holding a time ------------------------------------------------------------------------- */

/* The times page again, saying the chosen time went (409), or the error's own page. */
static void
reply_hold_failed (LoketServer *self, SoupServerMessage *msg, const LoketWebFlow *flow,
                   const LoketWebVisit *visit, const char *location_id, const char *date,
                   const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
      || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    loket_web_reply_times (self, msg, flow, visit, location_id, date,
                 _("This time has just been taken. Choose another time."),
                 SOUP_STATUS_CONFLICT);
  else
    loket_web_reply_error (self, msg, error);
}

void
loket_web_post_hold (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GHashTable) form = loket_web_form_body (msg);
  g_autoptr(LoketWebVisit) visit = loket_web_visit_parse (g_hash_table_lookup (form, "p"));
  const char *location_id = g_hash_table_lookup (form, "locatie");
  const char *date = g_hash_table_lookup (form, "datum");
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  gint64 start;

  if (visit == NULL || location_id == NULL || !loket_web_parse_start (g_hash_table_lookup (form, "start"),
                                                             &start))
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                    _("This choice could not be read"),
                                    _("Start again and choose a time."));
      return;
    }
  loket_web_flow_init (&flow, NULL, visit, location_id);
  hold = loket_store_web_hold (self->store, (const LoketSlotVisitProduct *) visit->items->data,
                               visit->items->len, location_id, start, NULL,
                               self->site->hold_minutes, now, &error);
  if (hold == NULL)
    {
      reply_hold_failed (self, msg, &flow, visit, location_id, date, error);
      return;
    }
  next = g_strconcat (DETAILS_PREFIX, json_object_get_string_member (hold, "hold"), NULL);
  loket_web_html_redirect (msg, next);
}

/* ---- the citizen's details ------------------------------------------------------------------ */

typedef struct {
  const char *name, *email, *phone, *reason;
} Typed;

/* Whether any product of a hold asks for a reason. */
static gboolean
asks_reason (LoketServer *self, JsonObject *hold)
{
  g_autoptr(JsonArray) products = loket_store_public_products (self->store, NULL);
  JsonArray *held = json_object_get_array_member (hold, "products");

  for (guint i = 0; products != NULL && i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      if (!json_object_get_boolean_member_with_default (product, "asks_reason", FALSE))
        continue;
      for (guint j = 0; j < json_array_get_length (held); j++)
        if (g_strcmp0 (json_object_get_string_member (product, "id"),
                       json_object_get_string_member (json_array_get_object_element (held, j),
                                                      "id")) == 0)
          return TRUE;
    }
  return FALSE;
}

static void
text_field (LoketWebHtml *page, const char *name, const char *type, const char *label,
            const char *hint, const char *autocomplete, gboolean required, const char *value)
{
  loket_web_html_printf (page, "<div class=\"field\"><label for=\"%s\">%s%s</label>", name, label,
                         required ? "" : _(" (optional)"));
  if (hint != NULL)
    loket_web_html_printf (page, "<span class=\"hint\" id=\"%s-hint\">%s</span>", name, hint);
  loket_web_html_printf (page, "<input type=\"%s\" id=\"%s\" name=\"%s\" autocomplete=\"%s\""
                         " value=\"%s\"%s%s%s%s></div>\n", type, name, name, autocomplete,
                         value != NULL ? value : "", required ? " required" : "",
                         hint != NULL ? " aria-describedby=\"" : "", hint != NULL ? name : "",
                         hint != NULL ? "-hint\"" : "");
}

static void
reply_details (LoketServer *self, SoupServerMessage *msg, const char *hold_token,
               const Typed *typed, const char *problem, guint status)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = g_strconcat (DETAILS_PREFIX, hold_token, NULL);
  g_autofree char *release = g_strconcat (RELEASE_PREFIX, hold_token, NULL);
  g_autofree char *until = NULL;
  LoketWebHtml *page;

  hold = loket_store_web_hold_details (self->store, hold_token, NULL, now, &error);
  if (hold == NULL)
    {
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_GONE,
                                      _("This time is no longer held for you"),
                                      _("We hold a time for a few minutes. Choose a time "
                                        "again to make your appointment."));
      else
        loket_web_reply_error (self, msg, error);
      return;
    }
  page = loket_web_html_new (self->site, _("Your details"));
  if (problem != NULL)
    loket_web_html_error (page, problem);
  loket_web_summary (page, hold);
  until = loket_web_local_time (json_object_get_string_member (hold, "expires_at"));
  loket_web_html_printf (page, "<p class=\"notice\">");
  loket_web_html_printf (page, _("We hold this time for you until %s."), until);
  loket_web_html_raw (page, "</p>\n");
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\" novalidate>\n", action);
  text_field (page, "naam", "text", _("Name"), NULL, "name", TRUE, typed->name);
  text_field (page, "email", "email", _("E-mail address"),
              _("We send the confirmation and a reminder here."), "email", TRUE, typed->email);
  text_field (page, "telefoon", "tel", _("Mobile phone number"),
              _("For a reminder by text message an hour before."), "tel", FALSE, typed->phone);
  if (asks_reason (self, hold))
    loket_web_html_printf (page, "<div class=\"field\"><label for=\"reden\">%s</label>"
                           "<span class=\"hint\" id=\"reden-hint\">%s</span>"
                           "<textarea id=\"reden\" name=\"reden\" required"
                           " aria-describedby=\"reden-hint\">%s</textarea></div>\n",
                           _("What is it about?"),
                           _("For example: my passport has expired, or I lost my driving "
                             "licence."), typed->reason != NULL ? typed->reason : "");
  /* The honeypot: hidden from sight and skipped by the keyboard; a person who finds it with a
   * screen reader is asked to leave it empty. */
  loket_web_html_printf (page, "<div class=\"trap\"><label for=\"website\">%s</label>"
                         "<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\""
                         " autocomplete=\"off\"></div>\n", _("Leave this field empty"));
  loket_web_html_printf (page, "<button type=\"submit\">%s</button>\n</form>\n",
                         _("Confirm appointment"));
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\" class=\"inline\">"
                         "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
                         release, _("Choose another time"));
  loket_web_html_reply (page, msg, status, FALSE);
}

static void
details_post (LoketServer *self, SoupServerMessage *msg, const char *hold_token)
{
  g_autoptr(GHashTable) form = loket_web_form_body (msg);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  const char *trap = g_hash_table_lookup (form, "website");
  Typed typed = { g_hash_table_lookup (form, "naam"), g_hash_table_lookup (form, "email"),
                  g_hash_table_lookup (form, "telefoon"), g_hash_table_lookup (form, "reden") };
  LoketWebCustomer customer = { typed.name, typed.email, typed.phone, typed.reason };

  if (trap != NULL && *trap != '\0')
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                    _("Your request could not be processed"),
                                    _("Leave the last field of the form empty."));
      return;
    }
  if (customer.phone != NULL && *customer.phone == '\0')
    customer.phone = NULL;
  booked = loket_store_web_confirm (self->store, hold_token, &customer,
                                    self->site->max_open_per_email, now, &error);
  if (booked == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID))
    reply_details (self, msg, hold_token, &typed, error->message, SOUP_STATUS_BAD_REQUEST);
  else if (booked == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    reply_details (self, msg, hold_token, &typed, NULL, SOUP_STATUS_GONE);
  else if (booked == NULL)
    loket_web_reply_error (self, msg, error);
  else
    {
      next = g_strconcat (MANAGE_PREFIX, json_object_get_string_member (booked, "token"),
                          "?nieuw=1", NULL);
      loket_web_html_redirect (msg, next);
    }
}

void
loket_web_page_details (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *hold_token = loket_web_path_rest (msg, DETAILS_PREFIX);
  const Typed none = { NULL };

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    details_post (self, msg, hold_token);
  else
    reply_details (self, msg, hold_token, &none, NULL, SOUP_STATUS_OK);
}

void
loket_web_post_release (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *hold_token = loket_web_path_rest (msg, RELEASE_PREFIX);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;

  /* Where to go back to comes from the hold itself, before it goes. */
  hold = loket_store_web_hold_details (self->store, hold_token, NULL, now, NULL);
  if (!loket_store_web_release (self->store, hold_token, &error))
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  next = hold != NULL ? loket_web_times_path_of (hold) : g_strdup ("/afspraak");
  loket_web_html_redirect (msg, next);
}
