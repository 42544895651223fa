/* loket-web-manage.c — an appointment by the link in its confirmation: see it, move it to
 * another time, cancel it (see loket-web-booking.c for the paths).  The token in the path is
 * the appointment's secret; every page of it is no-store and sends no Referer. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define MANAGE_PREFIX "/afspraak/wijzigen/"
#define TOKEN_MAX     128

/* What the rest of a manage path asks for. */
typedef struct {
  char *token;
  char *action;   /* "", "dag", "tijd", "vasthouden", "bevestigen", "annuleren" */
  char *hold;     /* for "bevestigen" */
} Asked;

static void
asked_clear (Asked *asked)
{
  g_free (asked->token);
  g_free (asked->action);
  g_free (asked->hold);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Asked, asked_clear)

static gboolean
parse_asked (SoupServerMessage *msg, Asked *asked)
{
  g_auto(GStrv) parts = g_strsplit (loket_web_path_rest (msg, MANAGE_PREFIX), "/", 4);
  guint n = g_strv_length (parts);

  if (n == 0 || *parts[0] == '\0' || strlen (parts[0]) > TOKEN_MAX)
    return FALSE;
  asked->token = g_strdup (parts[0]);
  asked->action = g_strdup (n > 1 ? parts[1] : "");
  if (g_str_equal (asked->action, "bevestigen"))
    {
      if (n != 3 || *parts[2] == '\0' || strlen (parts[2]) > TOKEN_MAX)
        return FALSE;
      asked->hold = g_strdup (parts[2]);
      return TRUE;
    }
  return n <= 2;
}

static char *
manage_path (const char *token, const char *rest)
{
  return g_strconcat (MANAGE_PREFIX, token, rest, NULL);
}

/* The visit of an appointment's public details, for choosing another time. */
static LoketWebVisit *
visit_of (JsonObject *details)
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

static const char *
location_of (JsonObject *details)
{
  return json_object_get_string_member (json_object_get_object_member (details, "location"),
                                        "id");
}

/* ---- the appointment ---------------------------------------------------------------------- */

static const char *
status_sentence (JsonObject *details, GHashTable *query)
{
  const char *status = json_object_get_string_member (details, "status");

  if (g_str_equal (status, "cancelled"))
    return query != NULL && g_hash_table_contains (query, "geannuleerd")
           ? _("Your appointment has been cancelled. You will receive an e-mail about it.")
           : _("This appointment has been cancelled.");
  if (query != NULL && g_hash_table_contains (query, "nieuw"))
    return _("Your appointment has been made. You will receive a confirmation by e-mail.");
  if (query != NULL && g_hash_table_contains (query, "verplaatst"))
    return _("Your appointment has been moved. You will receive an e-mail about it.");
  return NULL;
}

static void
reply_appointment (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                   const char *token, JsonObject *details)
{
  g_autofree char *days = manage_path (token, "/dag");
  g_autofree char *cancel = manage_path (token, "/annuleren");
  const char *sentence = status_sentence (details, query);
  const char *reference = json_object_get_string_member_with_default (details,
                                                                      "case_reference", NULL);
  LoketWebHtml *page = loket_web_html_new (self->site, _("Your appointment"));

  if (sentence != NULL)
    loket_web_html_printf (page, "<p class=\"notice\" role=\"status\">%s</p>\n", sentence);
  loket_web_summary (page, details);
  if (reference != NULL)
    {
      loket_web_html_printf (page, "<p>");
      loket_web_html_printf (page, _("Your case number is %s. With it and the code in your "
                                     "e-mail you can follow your case."), reference);
      loket_web_html_printf (page, " <a href=\"/zaak\">%s</a></p>\n", _("Look up your case"));
    }
  if (json_object_get_boolean_member_with_default (details, "can_change", FALSE))
    loket_web_html_printf (page, "<p><a class=\"button\" href=\"%s\">%s</a> "
                           "<a class=\"button secondary\" href=\"%s\">%s</a></p>\n",
                           days, _("Choose another time"), cancel, _("Cancel appointment"));
  else if (!g_str_equal (json_object_get_string_member (details, "status"), "cancelled"))
    loket_web_html_para (page, "muted", _("This appointment can no longer be changed online. "
                                          "Call us if you need to change it."));
  loket_web_html_para (page, "muted", _("Keep this link to yourself: anyone who has it can "
                                        "change or cancel this appointment."));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

/* ---- another time ----------------------------------------------------------------------------- */

static void
reply_other_time (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                  const Asked *asked, JsonObject *details)
{
  g_autoptr(LoketWebVisit) visit = visit_of (details);
  g_autofree char *back = manage_path (asked->token, "");
  g_auto(LoketWebFlow) flow = { 0 };

  if (!json_object_get_boolean_member_with_default (details, "can_change", FALSE))
    {
      loket_web_html_redirect (msg, back);
      return;
    }
  loket_web_flow_init (&flow, asked->token, visit, location_of (details));
  if (g_str_equal (asked->action, "dag"))
    loket_web_reply_month (self, msg, query, &flow, visit, location_of (details), back);
  else
    loket_web_reply_times (self, msg, &flow, visit, location_of (details),
                           query != NULL ? g_hash_table_lookup (query, "datum") : NULL, NULL,
                           SOUP_STATUS_OK);
}

static void
post_hold (LoketServer *self, SoupServerMessage *msg, const Asked *asked, JsonObject *details)
{
  g_autoptr(GHashTable) form = loket_web_form_body (msg);
  g_autoptr(LoketWebVisit) visit = visit_of (details);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  gint64 start;

  if (!loket_web_parse_start (g_hash_table_lookup (form, "start"), &start))
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                    _("This choice could not be read"),
                                    _("Choose a time again."));
      return;
    }
  hold = loket_store_web_hold (self->store, (const LoketSlotVisitProduct *) visit->items->data,
                               visit->items->len, location_of (details), start, asked->token,
                               self->site->hold_minutes, now, &error);
  if (hold != NULL)
    {
      next = g_strconcat (MANAGE_PREFIX, asked->token, "/bevestigen/",
                          json_object_get_string_member (hold, "hold"), NULL);
      loket_web_html_redirect (msg, next);
      return;
    }
  loket_web_flow_init (&flow, asked->token, visit, location_of (details));
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
      || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    loket_web_reply_times (self, msg, &flow, visit, location_of (details),
                           g_hash_table_lookup (form, "datum"),
                           _("This time has just been taken. Choose another time."),
                           SOUP_STATUS_CONFLICT);
  else
    loket_web_reply_error (self, msg, error);
}

/* GET: old and new time side by side; POST: move. */
static void
confirm_move (LoketServer *self, SoupServerMessage *msg, const Asked *asked,
              JsonObject *details)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = manage_path (asked->token, "/bevestigen/");
  g_autofree char *days = manage_path (asked->token, "/dag");
  LoketWebHtml *page;

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      moved = loket_store_web_reschedule (self->store, asked->token, asked->hold, now, &error);
      if (moved == NULL)
        loket_web_reply_error (self, msg, error);
      else
        {
          g_autofree char *next = manage_path (asked->token, "?verplaatst=1");

          loket_web_html_redirect (msg, next);
        }
      return;
    }
  hold = loket_store_web_hold_details (self->store, asked->hold, asked->token, now, &error);
  if (hold == NULL)
    {
      loket_web_reply_error (self, msg, error);
      return;
    }
  page = loket_web_html_new (self->site, _("Move your appointment?"));
  loket_web_html_printf (page, "<h2>%s</h2>\n", _("Now"));
  loket_web_summary (page, details);
  loket_web_html_printf (page, "<h2>%s</h2>\n", _("New"));
  loket_web_summary (page, hold);
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s%s\">"
                         "<button type=\"submit\">%s</button>"
                         "<a class=\"button secondary\" href=\"%s\">%s</a></form>\n",
                         action, asked->hold, _("Move appointment"), days,
                         _("Choose another time"));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

static void
cancel (LoketServer *self, SoupServerMessage *msg, const Asked *asked, JsonObject *details)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = manage_path (asked->token, "/annuleren");
  g_autofree char *back = manage_path (asked->token, "");
  LoketWebHtml *page;

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      cancelled = loket_store_web_cancel (self->store, asked->token, now, &error);
      if (cancelled == NULL)
        loket_web_reply_error (self, msg, error);
      else
        {
          g_autofree char *next = manage_path (asked->token, "?geannuleerd=1");

          loket_web_html_redirect (msg, next);
        }
      return;
    }
  page = loket_web_html_new (self->site, _("Cancel your appointment?"));
  loket_web_summary (page, details);
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\">"
                         "<button type=\"submit\" class=\"danger\">%s</button>"
                         "<a class=\"button secondary\" href=\"%s\">%s</a></form>\n",
                         action, _("Yes, cancel"), back, _("No, keep it"));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

void
loket_web_page_manage (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Asked) asked = { 0 };
  gboolean post = g_str_equal (soup_server_message_get_method (msg), "POST");

  if (!parse_asked (msg, &asked))
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_NOT_FOUND,
                                    _("This page does not exist"),
                                    _("Check the link in your e-mail."));
      return;
    }
  details = loket_store_web_appointment (self->store, asked.token, now, &error);
  if (details == NULL)
    loket_web_reply_error (self, msg, error);
  else if (g_str_equal (asked.action, "") && !post)
    reply_appointment (self, msg, query, asked.token, details);
  else if ((g_str_equal (asked.action, "dag") || g_str_equal (asked.action, "tijd")) && !post)
    reply_other_time (self, msg, query, &asked, details);
  else if (g_str_equal (asked.action, "vasthouden") && post)
    post_hold (self, msg, &asked, details);
  else if (g_str_equal (asked.action, "bevestigen"))
    confirm_move (self, msg, &asked, details);
  else if (g_str_equal (asked.action, "annuleren"))
    cancel (self, msg, &asked, details);
  else
    loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_NOT_FOUND,
                                  _("This page does not exist"),
                                  _("Check the link in your e-mail."));
}
