/* loket-web-booking.c — booking an appointment on the public site; the month and the times of
 * a day are shared with changing it by the link in the confirmation (loket-web-manage.c).
 *
 *   GET  /afspraak                          which products (and how many of each)
 *   GET  /afspraak/locatie?p=…[&p=…]        where (p=ID:COUNT, one for each product)
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
 * reloading a page never books twice.  A page that cannot do what it was asked says so, and
 * links back into the flow.  The pages behind a token (a hold's, an appointment's) are in
 * loket-web-manage.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define DETAILS_PREFIX "/afspraak/gegevens/"
#define MONTHS_AHEAD   6

/* ---- products -------------------------------------------------------------------------------- */

static void
products_form_item (LoketWebHtml *page, JsonObject *product)
{
  const char *id = json_object_get_string_member (product, "id");
  gint64 max = json_object_get_int_member_with_default (product, "max_per_booking", 1);
  const char *description = json_object_get_string_member_with_default (product, "description",
                                                                        "");

  loket_web_html_printf (page, "<li><label class=\"choice\" for=\"product-%s\">"
                         "<input type=\"checkbox\" name=\"product\" value=\"%s\""
                         " id=\"product-%s\"><span><strong>%s</strong>%s</span></label>",
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
      loket_web_reply_error (self, msg, error, NULL, NULL);
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
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

/* ---- the visit a page is for ----------------------------------------------------------------- */

/* The visit of the products form (product=ID&aantal-ID=N…) as p= writes it; "" for none. */
static char *
visit_text_of_form (SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GPtrArray) chosen = loket_web_query_values (msg, "product");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < chosen->len; i++)
    {
      g_autofree char *key = g_strconcat ("aantal-", (const char *) chosen->pdata[i], NULL);
      const char *count = query != NULL ? g_hash_table_lookup (query, key) : NULL;

      g_string_append_printf (text, "%s%s:%s", i > 0 ? "," : "", (const char *) chosen->pdata[i],
                              count != NULL ? count : "1");
    }
  return g_string_free (text, FALSE);
}

/* The visit a page is asked for: p=ID:COUNT… (our links) or the products form.  NULL after
 * answering: back to the products when none was chosen (303), 400 when it cannot be read. */
static LoketWebVisit *
read_visit (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GPtrArray) p = loket_web_query_values (msg, "p");
  g_autofree char *text = NULL;
  LoketWebVisit *visit;

  if (p->len > 0)
    {
      g_ptr_array_add (p, NULL);
      text = g_strjoinv (",", (char **) p->pdata);
    }
  else
    text = visit_text_of_form (msg, query);
  visit = loket_web_visit_parse (text);

  if (visit != NULL)
    return visit;
  if (*text == '\0')
    loket_web_html_redirect (msg, "/afspraak?leeg=1");
  else
    loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                       _("This choice could not be read"),
                                       _("Choose the products for your visit again."),
                                       "/afspraak", _("Other products"));
  return NULL;
}

/* Whether location_id offers the visit (it may have stopped since the link was made); else
 * answers 404 with a way back to the locations. */
static gboolean
offers_visit (LoketServer *self, SoupServerMessage *msg, const LoketWebVisit *visit,
              const char *location_id)
{
  g_autoptr(JsonArray) locations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;

  locations = loket_store_web_locations (self->store, loket_web_visit_items (visit),
                                         visit->items->len, &error);
  if (locations == NULL)
    {
      loket_web_reply_error (self, msg, error, "/afspraak", _("Other products"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (locations); i++)
    if (g_strcmp0 (location_id, json_object_get_string_member (
                     json_array_get_object_element (locations, i), "id")) == 0)
      return TRUE;
  back = loket_web_locations_path (visit);
  loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_NOT_FOUND,
                                     _("Not offered at this location"),
                                     _("This location does not offer this online (any more). "
                                       "Choose another location."), back, _("Other location"));
  return FALSE;
}

/* ---- locations ------------------------------------------------------------------------------- */

static void
location_choice (LoketWebHtml *page, const LoketWebVisit *visit, JsonObject *location)
{
  g_auto(LoketWebFlow) flow = { 0 };
  JsonArray *facilities = json_object_get_array_member (location, "facilities");
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *href = NULL;

  loket_web_flow_init (&flow, NULL, visit, json_object_get_string_member (location, "id"));
  /* The flow's query without the "&" that ends it. */
  href = g_strdup_printf ("%s?%.*s", flow.days_path, (int) strlen (flow.keep) - 1, flow.keep);
  loket_web_html_printf (page, "<li><a class=\"choice\" href=\"%s\"><strong>%s</strong>%s ", href,
                         json_object_get_string_member (location, "name"),
                         json_object_get_string_member_with_default (location, "address", ""));
  for (guint i = 0; facilities != NULL && i < json_array_get_length (facilities); i++)
    g_string_append_printf (line, "%s%s", i > 0 ? ", " : "",
                            json_array_get_string_element (facilities, i));
  if (line->len > 0)
    loket_web_html_printf (page, "<span class=\"facilities\">%s %s</span>", _("Facilities:"),
                           line->str);
  loket_web_html_raw (page, "</a></li>\n");
}

void
loket_web_page_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = read_visit (self, msg, query);
  g_autoptr(JsonArray) locations = NULL;
  g_autoptr(GError) error = NULL;
  LoketWebHtml *page;

  if (visit == NULL)
    return;
  /* The store checks the visit: products that go together, counts within their limits. */
  locations = loket_store_web_locations (self->store, loket_web_visit_items (visit),
                                         visit->items->len, &error);
  if (locations == NULL)
    {
      loket_web_reply_error (self, msg, error, "/afspraak", _("Other products"));
      return;
    }
  page = loket_web_html_new (self->site, _("Choose a location"));
  loket_web_html_back (page, "/afspraak", _("Other products"));
  if (json_array_get_length (locations) == 0)
    loket_web_html_para (page, "lead", _("No location offers this online at the moment. Contact "
                                         "us to make an appointment."));
  loket_web_html_raw (page, "<ul class=\"choices\">\n");
  for (guint i = 0; i < json_array_get_length (locations); i++)
    location_choice (page, visit, json_array_get_object_element (locations, i));
  loket_web_html_raw (page, "</ul>\n");
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, TRUE);
}

/* ---- the month ------------------------------------------------------------------------------- */

typedef enum {
  MONTH_OK,
  MONTH_PAST,      /* gone by: this month is shown instead */
  MONTH_UNFIT,     /* no month, or beyond MONTHS_AHEAD */
} MonthAsked;

static void
this_month (GDateTime *now, GDate *first)
{
  g_date_clear (first, 1);
  g_date_set_dmy (first, 1, (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* How many months month is after this one. */
static int
months_ahead (GDateTime *now, const GDate *month)
{
  return ((int) g_date_get_year (month) - g_date_time_get_year (now)) * 12
         + (int) g_date_get_month (month) - g_date_time_get_month (now);
}

/* The first day of the month asked for (?maand=YYYY-MM), this month's when none is asked. */
static MonthAsked
month_asked (GHashTable *query, GDateTime *now, GDate *first)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "maand") : NULL;
  guint64 year, month;
  char digits[5] = { 0 };
  int ahead;

  this_month (now, first);
  if (text == NULL)
    return MONTH_OK;
  if (strlen (text) != 7 || text[4] != '-' || !g_ascii_isdigit (text[5]))
    return MONTH_UNFIT;
  memcpy (digits, text, 4);
  if (!g_ascii_isdigit (digits[0])
      || !g_ascii_string_to_unsigned (digits, 10, 2000, 2100, &year, NULL)
      || !g_ascii_string_to_unsigned (text + 5, 10, 1, 12, &month, NULL))
    return MONTH_UNFIT;
  g_date_set_dmy (first, 1, (GDateMonth) month, (GDateYear) year);
  ahead = months_ahead (now, first);
  if (ahead < 0 || ahead > MONTHS_AHEAD)
    this_month (now, first);
  return ahead < 0 ? MONTH_PAST : ahead > MONTHS_AHEAD ? MONTH_UNFIT : MONTH_OK;
}

static char *
month_path (const LoketWebFlow *flow, const GDate *month)
{
  return g_strdup_printf ("%s?%smaand=%04u-%02u", flow->days_path, flow->keep,
                          (guint) g_date_get_year (month), (guint) g_date_get_month (month));
}

/* FALSE after answering a month that is not shown: 303 to this month for one gone by, 400 for
 * one that is none or too far ahead. */
static gboolean
check_month (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
             const LoketWebFlow *flow, GDateTime *now, GDate *first)
{
  MonthAsked asked = month_asked (query, now, first);
  g_autofree char *path = asked != MONTH_OK ? month_path (flow, first) : NULL;
  g_autofree char *text = NULL;

  if (asked == MONTH_PAST)
    loket_web_html_redirect (msg, path);
  else if (asked == MONTH_UNFIT)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "You can make an appointment up to %d month ahead. "
                                           "Choose a month in the calendar.",
                                           "You can make an appointment up to %d months ahead. "
                                           "Choose a month in the calendar.", MONTHS_AHEAD),
                              MONTHS_AHEAD);
      loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                         _("This month cannot be shown"), text, path,
                                         _("To the calendar"));
    }
  return asked == MONTH_OK;
}

static void
month_nav (LoketWebHtml *page, const LoketWebFlow *flow, const GDate *first, GDateTime *now)
{
  GDate other = *first;
  g_autofree char *previous = NULL;
  g_autofree char *next = NULL;

  loket_web_html_printf (page, "<nav class=\"months\" aria-label=\"%s\"><span>", _("Months"));
  if (months_ahead (now, first) > 0)
    {
      g_date_subtract_months (&other, 1);
      previous = month_path (flow, &other);
      loket_web_html_printf (page, "<a href=\"%s\">%s</a>", previous, _("← Previous month"));
    }
  loket_web_html_raw (page, "</span><span>");
  if (months_ahead (now, first) < MONTHS_AHEAD)
    {
      other = *first;
      g_date_add_months (&other, 1);
      next = month_path (flow, &other);
      loket_web_html_printf (page, "<a href=\"%s\">%s</a>", next, _("Next month →"));
    }
  loket_web_html_raw (page, "</span></nav>\n");
}

static void
month_day (LoketWebHtml *page, const LoketWebFlow *flow, const GDate *day, guint n_free)
{
  g_autofree char *date = loket_web_format_date (day);
  g_autofree char *label = NULL;
  g_autofree char *aria = NULL;
  guint d = g_date_get_day (day);

  if (n_free == 0)
    {
      loket_web_html_printf (page, "<td><span class=\"none\" aria-label=\"%u, %s\">%u</span>"
                             "</td>", d, _("no times free"), d);
      return;
    }
  label = loket_web_html_weekday_date (day);
  aria = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u time free", "%s, %u times free",
                                       n_free), label, n_free);
  loket_web_html_printf (page, "<td><a href=\"%s?%sdatum=%s\" aria-label=\"%s\">%u</a></td>",
                         flow->times_path, flow->keep, date, aria, d);
}

static void
month_table (LoketWebHtml *page, const LoketWebFlow *flow, const GDate *first,
             GHashTable *free_days)
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

      g_date_set_day (&day, (GDateDay) d);
      date = loket_web_format_date (&day);
      if (column > 0 && column % 7 == 0)
        loket_web_html_raw (page, "</tr><tr>");
      month_day (page, flow, &day, GPOINTER_TO_UINT (g_hash_table_lookup (free_days, date)));
    }
  for (; column % 7 != 0; column++)
    loket_web_html_raw (page, "<td></td>");
  loket_web_html_raw (page, "</tr></tbody></table>\n");
}

/* The days with free times from from for n_days: "YYYY-MM-DD" → how many; NULL with error. */
static GHashTable *
free_days_of (LoketServer *self, const LoketWebVisit *visit, const char *location_id,
              const GDate *from, guint n_days, GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) dates = NULL;
  GHashTable *free_days;
  JsonArray *days;

  dates = loket_store_web_dates (self->store, loket_web_visit_items (visit), visit->items->len,
                                 location_id, from, n_days, now, error);
  if (dates == NULL)
    return NULL;
  free_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  days = json_object_get_array_member (dates, "days");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *day = json_array_get_object_element (days, i);

      g_hash_table_insert (free_days, g_strdup (json_object_get_string_member (day, "date")),
                           GUINT_TO_POINTER ((guint) json_object_get_int_member (day, "free")));
    }
  return free_days;
}

/* A month without free times: where the next free day is, after this month and within the
 * months shown (a product whose booking window opens later, a full month), or that there is
 * none to book online yet. */
static void
month_empty (LoketServer *self, LoketWebHtml *page, const LoketWebFlow *flow,
             const LoketWebVisit *visit, const char *location_id, const GDate *first,
             GDateTime *now)
{
  GDate from = *first, until;
  g_autoptr(GHashTable) later = NULL;
  g_autoptr(GList) dates = NULL;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;
  GDate day;

  g_date_add_months (&from, 1);
  this_month (now, &until);
  g_date_add_months (&until, MONTHS_AHEAD + 1);
  if (g_date_compare (&from, &until) < 0)
    later = free_days_of (self, visit, location_id, &from,
                          (guint) g_date_days_between (&from, &until), now, NULL);
  if (later != NULL && g_hash_table_size (later) > 0)
    {
      dates = g_list_sort (g_hash_table_get_keys (later), (GCompareFunc) strcmp);
      loket_web_parse_date (dates->data, &day);
      when = loket_web_html_long_date (&day);
      label = g_strdup_printf (_("First free day: %s"), when);
      loket_web_html_para (page, "muted", _("There are no free times this month."));
      loket_web_html_printf (page, "<p><a class=\"button secondary\" href=\"%s?%sdatum=%s\">%s"
                             "</a></p>\n", flow->times_path, flow->keep,
                             (const char *) dates->data, label);
    }
  else
    loket_web_html_para (page, "muted", _("There are no free times to book online in this "
                                          "month or the months after it. Try again later, or "
                                          "contact us."));
}

/* Renders the month page of a flow: visit at location_id. */
void
loket_web_reply_month (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                       const LoketWebFlow *flow, const LoketWebVisit *visit,
                       const char *location_id, const char *back_href)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(GHashTable) free_days = NULL;
  g_autoptr(GError) error = NULL;
  GDate first, from;
  LoketWebHtml *page;

  if (!check_month (self, msg, query, flow, now, &first))
    return;
  from = first;
  if (months_ahead (now, &first) == 0)
    g_date_set_day (&from, (GDateDay) g_date_time_get_day_of_month (now));
  free_days = free_days_of (self, visit, location_id, &from,
                            g_date_get_days_in_month (g_date_get_month (&first),
                                                      g_date_get_year (&first))
                            - g_date_get_day (&from) + 1, now, &error);
  if (free_days == NULL)
    {
      loket_web_reply_error (self, msg, error, back_href, _("Back"));
      return;
    }
  page = loket_web_html_new (self->site, _("Choose a day"));
  loket_web_html_back (page, back_href, flow->token != NULL ? _("Back to your appointment")
                                                            : _("Other location"));
  loket_web_html_para (page, NULL, _("Days with free times are links. Choose one to see its "
                                     "times."));
  month_nav (page, flow, &first, now);
  month_table (page, flow, &first, free_days);
  if (g_hash_table_size (free_days) == 0)
    month_empty (self, page, flow, visit, location_id, &first, now);
  /* Availability may be kept a while, unless the links hold an appointment's token. */
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, flow->token == NULL);
}

void
loket_web_page_days (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = read_visit (self, msg, query);
  const char *location_id = query != NULL ? g_hash_table_lookup (query, "locatie") : NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  g_autofree char *back = NULL;

  if (visit == NULL)
    return;
  back = loket_web_locations_path (visit);
  if (location_id == NULL || *location_id == '\0')
    loket_web_html_redirect (msg, back);
  else if (offers_visit (self, msg, visit, location_id))
    {
      loket_web_flow_init (&flow, NULL, visit, location_id);
      loket_web_reply_month (self, msg, query, &flow, visit, location_id, back);
    }
}

/* ---- the times of a day ---------------------------------------------------------------------- */

static void
times_form (LoketWebHtml *page, const LoketWebFlow *flow, const LoketWebVisit *visit,
            const char *location_id, const char *date_text, JsonArray *times)
{
  g_autofree char *p = loket_web_visit_format (visit);

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
}

/* 400 for a day that is none, with the way to this month's calendar. */
static void
reply_no_date (LoketServer *self, SoupServerMessage *msg, const LoketWebFlow *flow,
               GDateTime *now)
{
  g_autofree char *back = NULL;
  GDate month;

  this_month (now, &month);
  back = month_path (flow, &month);
  loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                     _("This date does not exist"),
                                     _("Choose a day in the calendar."), back,
                                     _("To the calendar"));
}

void
loket_web_reply_times (LoketServer *self, SoupServerMessage *msg, const LoketWebFlow *flow,
                       const LoketWebVisit *visit, const char *location_id,
                       const char *date_text, const char *problem, guint status)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *back = NULL;
  JsonArray *times;
  LoketWebHtml *page;
  GDate day;

  if (!loket_web_parse_date (date_text, &day))
    {
      reply_no_date (self, msg, flow, now);
      return;
    }
  back = g_strdup_printf ("%s?%smaand=%.7s", flow->days_path, flow->keep, date_text);
  answer = loket_store_web_times (self->store, loket_web_visit_items (visit), visit->items->len,
                                  location_id, &day, now, &error);
  if (answer == NULL)
    {
      loket_web_reply_error (self, msg, error, back, _("Other day"));
      return;
    }
  times = json_object_get_array_member (answer, "times");
  title = loket_web_html_long_date (&day);
  page = loket_web_html_new (self->site, title);
  loket_web_html_back (page, back, _("Other day"));
  if (problem != NULL)
    loket_web_html_error (page, problem);
  if (json_array_get_length (times) == 0)
    loket_web_html_para (page, "lead", _("There are no free times left on this day."));
  else
    times_form (page, flow, visit, location_id, date_text, times);
  loket_web_html_reply (page, msg, status, FALSE);
}

void
loket_web_page_times (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(LoketWebVisit) visit = read_visit (self, msg, query);
  const char *location_id = query != NULL ? g_hash_table_lookup (query, "locatie") : NULL;
  const char *date = query != NULL ? g_hash_table_lookup (query, "datum") : NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  g_autofree char *back = NULL;

  if (visit == NULL)
    return;
  back = loket_web_locations_path (visit);
  if (location_id == NULL || *location_id == '\0')
    loket_web_html_redirect (msg, back);
  else if (offers_visit (self, msg, visit, location_id))
    {
      loket_web_flow_init (&flow, NULL, visit, location_id);
      loket_web_reply_times (self, msg, &flow, visit, location_id, date, NULL, SOUP_STATUS_OK);
    }
}

/* ---- holding a time -------------------------------------------------------------------------- */

void
loket_web_reply_hold_failed (LoketServer *self, SoupServerMessage *msg, const LoketWebFlow *flow,
                             const LoketWebVisit *visit, const char *location_id,
                             const char *date, const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
    loket_web_reply_times (self, msg, flow, visit, location_id, date,
                           _("This time has just been taken. Choose another time."),
                           SOUP_STATUS_CONFLICT);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    loket_web_reply_times (self, msg, flow, visit, location_id, date,
                           _("This time can no longer be booked. Choose another time."),
                           SOUP_STATUS_CONFLICT);
  else
    loket_web_reply_error (self, msg, error, "/afspraak", _("Start again"));
}

void
loket_web_post_hold (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(LoketWebVisit) visit = NULL;
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  const char *location_id, *date;
  gint64 start;

  if (form == NULL)
    return;
  visit = loket_web_visit_parse (g_hash_table_lookup (form, "p"));
  location_id = g_hash_table_lookup (form, "locatie");
  date = g_hash_table_lookup (form, "datum");
  if (visit == NULL || location_id == NULL || *location_id == '\0')
    {
      loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                         _("This choice could not be read"),
                                         _("Start again and choose a time."), "/afspraak",
                                         _("Start again"));
      return;
    }
  loket_web_flow_init (&flow, NULL, visit, location_id);
  if (!loket_web_parse_start (g_hash_table_lookup (form, "start"), &start))
    {
      loket_web_reply_times (self, msg, &flow, visit, location_id, date,
                             _("Choose one of the free times."), SOUP_STATUS_BAD_REQUEST);
      return;
    }
  hold = loket_store_web_hold (self->store, loket_web_visit_items (visit), visit->items->len,
                               location_id, start, NULL, self->site->hold_minutes, now, &error);
  if (hold == NULL)
    {
      loket_web_reply_hold_failed (self, msg, &flow, visit, location_id, date, error);
      return;
    }
  next = g_strconcat (DETAILS_PREFIX, json_object_get_string_member (hold, "hold"), NULL);
  loket_web_html_redirect (msg, next);
}
