/* loket-web-html.c — writing the public pages (see loket-web-html.h). */
#include "config.h"

#include "loket-web-html.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-message-text.h"

#define HTML_CONTENT_TYPE    "text/html; charset=utf-8"
#define HTML_STATUS_TOO_MANY 429   /* libsoup 3.2 has no name for it */

struct _LoketWebHtml
{
  GString *out;
};

/* Scripts never run on these pages, frames never show them, forms only post to us, and a link
 * with a token in it never travels on in a Referer header. */
void
loket_web_html_secure_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; script-src 'none'; "
                                "object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
                                "base-uri 'none'");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
}

LoketWebHtml *
loket_web_html_new (const LoketSite *site, const char *title)
{
  LoketWebHtml *self = g_new0 (LoketWebHtml, 1);
  g_autofree char *head = NULL;

  g_return_val_if_fail (site != NULL && title != NULL, NULL);

  self->out = g_string_sized_new (8192);
  head = g_markup_printf_escaped (
    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s – %s</title>\n"
    "<link rel=\"stylesheet\" href=\"/static/loket.css\">\n"
    "<link rel=\"stylesheet\" href=\"/static/site.css\">\n"
    "</head>\n<body>\n"
    "<a class=\"skip\" href=\"#inhoud\">%s</a>\n"
    "<header class=\"site\"><div class=\"wrap\"><a class=\"home\" href=\"/\">",
    site->language, title, site->name, _("Skip to the content"));
  g_string_append (self->out, head);
  if (site->logo_path != NULL)
    g_string_append (self->out, "<img class=\"logo\" src=\"/static/logo\" alt=\"\">");
  loket_web_html_printf (self, "<span>%s</span></a></div></header>\n"
                         "<main id=\"inhoud\" class=\"wrap\" tabindex=\"-1\">\n<h1>%s</h1>\n",
                         site->name, title);
  return self;
}

void
loket_web_html_free (LoketWebHtml *self)
{
  if (self == NULL)
    return;
  if (self->out != NULL)
    g_string_free (self->out, TRUE);
  g_free (self);
}

void
loket_web_html_text (LoketWebHtml *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (self->out, escaped);
}

void
loket_web_html_printf (LoketWebHtml *self, const char *format, ...)
{
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (self->out, markup);
}

void
loket_web_html_raw (LoketWebHtml *self, const char *markup)
{
  g_string_append (self->out, markup);
}

void
loket_web_html_para (LoketWebHtml *self, const char *css_class, const char *text)
{
  if (css_class != NULL)
    loket_web_html_printf (self, "<p class=\"%s\">%s</p>\n", css_class, text);
  else
    loket_web_html_printf (self, "<p>%s</p>\n", text);
}

void
loket_web_html_error (LoketWebHtml *self, const char *text)
{
  loket_web_html_printf (self, "<div class=\"problem\" role=\"alert\" id=\"probleem\">"
                         "<h2>%s</h2><p>%s</p></div>\n", _("Something is not right"), text);
}

void
loket_web_html_back (LoketWebHtml *self, const char *href, const char *text)
{
  loket_web_html_printf (self, "<p class=\"back\"><a href=\"%s\">← %s</a></p>\n", href, text);
}

void
loket_web_html_hidden (LoketWebHtml *self, const char *name, const char *value)
{
  loket_web_html_printf (self, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name,
                         value != NULL ? value : "");
}

void
loket_web_html_reply (LoketWebHtml *self, SoupServerMessage *msg, guint status, gboolean cache)
{
  gsize length;
  char *data;

  g_string_append_printf (self->out, "</main>\n<footer class=\"site\"><div class=\"wrap\">"
                          "<a href=\"/\">%s</a> · <a href=\"/afspraak\">%s</a> · "
                          "<a href=\"/zalen\">%s</a> · <a href=\"/zaak\">%s</a>"
                          "</div></footer>\n</body>\n</html>\n",
                          _("Home"), _("Make an appointment"), _("Rooms"),
                          _("Your case"));
  length = self->out->len;
  data = g_string_free (g_steal_pointer (&self->out), FALSE);
  loket_web_html_free (self);

  loket_web_html_secure_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                cache ? "public, max-age=30" : "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, HTML_CONTENT_TYPE, SOUP_MEMORY_TAKE, data, length);
}

void
loket_web_html_reply_problem_link (SoupServerMessage *msg, const LoketSite *site, guint status,
                                   const char *title, const char *text, const char *href,
                                   const char *link_text)
{
  LoketWebHtml *page = loket_web_html_new (site, title);

  loket_web_html_para (page, "lead", text);
  if (href != NULL)
    loket_web_html_printf (page, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", href,
                           link_text);
  loket_web_html_printf (page, "<p><a href=\"/\">%s</a></p>\n", _("To the start page"));
  loket_web_html_reply (page, msg, status, FALSE);
}

void
loket_web_html_reply_problem (SoupServerMessage *msg, const LoketSite *site, guint status,
                              const char *title, const char *text)
{
  loket_web_html_reply_problem_link (msg, site, status, title, text, NULL, NULL);
}

void
loket_web_html_reply_status (SoupServerMessage *msg, const LoketSite *site, guint status)
{
  const char *title, *text;

  switch (status)
    {
    case SOUP_STATUS_NOT_FOUND:
      title = _("This page does not exist");
      text = _("Check the address, or start again from the start page.");
      break;
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
      title = _("This is not possible");
      text = _("This page cannot be used this way. Start again from the start page.");
      break;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      title = _("Too much text");
      text = _("What you sent is too long. Make it shorter and try again.");
      break;
    case HTML_STATUS_TOO_MANY:
      title = _("Too many requests");
      text = _("You have sent too many requests. Please wait a moment and try again.");
      break;
    case SOUP_STATUS_REQUEST_URI_TOO_LONG:
    case SOUP_STATUS_BAD_REQUEST:
    default:
      title = _("This could not be read");
      text = _("The address of this page is too long or does not fit. Start again from the "
               "start page.");
      break;
    }
  loket_web_html_reply_problem (msg, site, status, title, text);
}

void
loket_web_html_redirect (SoupServerMessage *msg, const char *path)
{
  g_return_if_fail (path != NULL && path[0] == '/' && path[1] != '/');

  loket_web_html_secure_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, path);
}

/* ---- what a request sent --------------------------------------------------------------------- */

static gboolean
form_is_text (GHashTable *form)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return FALSE;
  return TRUE;
}

GHashTable *
loket_web_form_read (SoupServerMessage *msg, const LoketSite *site)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data;

  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    {
      loket_web_html_reply_problem (msg, site, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                    _("This could not be read"),
                                    _("Use the form on our page to send this."));
      return NULL;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  /* A NUL in the body would cut the text short: read only what comes before it. */
  text = g_strndup (data != NULL ? data : "", length);
  form = soup_form_decode (text);
  if (!form_is_text (form))
    {
      loket_web_html_reply_problem (msg, site, SOUP_STATUS_BAD_REQUEST,
                                    _("This could not be read"),
                                    _("The form holds characters we cannot read. Fill it in "
                                      "again."));
      return NULL;
    }
  return g_steal_pointer (&form);
}

GPtrArray *
loket_web_query_values (SoupServerMessage *msg, const char *name)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  GUriParamsIter iter;
  char *key, *value;

  if (query == NULL)
    return values;
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, NULL))
    {
      if (g_str_equal (key, name))
        g_ptr_array_add (values, g_steal_pointer (&value));
      g_free (key);
      g_free (value);
    }
  return values;
}

const char *
loket_web_path_rest (SoupServerMessage *msg, const char *prefix)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  g_return_val_if_fail (g_str_has_prefix (path, prefix), "");
  return path + strlen (prefix);
}

guint
loket_web_status_for_error (const GError *error)
{
  if (error == NULL || error->domain != LOKET_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  switch ((LoketErrorCode) error->code)
    {
    case LOKET_ERROR_INVALID:
      return SOUP_STATUS_BAD_REQUEST;
    case LOKET_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case LOKET_ERROR_SLOT_TAKEN:
    case LOKET_ERROR_CLOSED:
      return SOUP_STATUS_CONFLICT;
    case LOKET_ERROR_FORBIDDEN:
      return SOUP_STATUS_FORBIDDEN;
    case LOKET_ERROR_FAILED:
    case LOKET_ERROR_DATABASE:
    case LOKET_ERROR_NETWORK:
    case LOKET_ERROR_UNAUTHORIZED:
    case LOKET_ERROR_INCOMPATIBLE:
    case LOKET_ERROR_PROTOCOL:
    case LOKET_ERROR_SEQUENCE_GAP:
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

/* ---- dates for people ------------------------------------------------------------------------ */

static const char *
weekday_name (GDateWeekday weekday)
{
  return loket_message_text_weekday_name (weekday);
}

static const char *
month_name (GDateMonth month)
{
  return loket_message_text_month_name ((int) month);
}

char *
loket_web_html_long_date (const GDate *date)
{
  /* The same words as the messages' "maandag 23 november 2026". */
  return g_strdup_printf (_("%1$s %2$d %3$s %4$d"), weekday_name (g_date_get_weekday (date)),
                          (int) g_date_get_day (date), month_name (g_date_get_month (date)),
                          (int) g_date_get_year (date));
}

char *
loket_web_html_weekday_date (const GDate *date)
{
  /* Translators: a date: weekday, day, month ("maandag 23 november"). */
  return g_strdup_printf (_("%1$s %2$u %3$s"), weekday_name (g_date_get_weekday (date)),
                          (guint) g_date_get_day (date), month_name (g_date_get_month (date)));
}

char *
loket_web_html_day_month (const GDate *date)
{
  /* Translators: a date: day and month ("23 november"). */
  return g_strdup_printf (_("%1$u %2$s"), (guint) g_date_get_day (date),
                          month_name (g_date_get_month (date)));
}

char *
loket_web_html_month_year (const GDate *date)
{
  /* Translators: a month and its year ("november 2026"). */
  return g_strdup_printf (_("%1$s %2$u"), month_name (g_date_get_month (date)),
                          (guint) g_date_get_year (date));
}
