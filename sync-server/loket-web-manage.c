/* loket-web-manage.c — the public pages behind a token, each no-store and sending no Referer:
 *
 *   /afspraak/gegevens/HOLD, /afspraak/loslaten/HOLD   a held time: the citizen's details, and
 *                                                      letting it go
 *   /afspraak/wijzigen/TOKEN…                          an appointment by the link in its
 *                                                      confirmation: see it, move it, cancel it
 *   /tevredenheid/TOKEN                                the three questions after a case closed
 *
 * (the paths in full at the top of loket-web-booking.c).  An unknown, expired or used token
 * gets the store's one sentence for each kind, so a page never tells which tokens exist; a
 * hold that went meanwhile gets 410 with a way back to the times. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define DETAILS_PREFIX "/afspraak/gegevens/"
#define RELEASE_PREFIX "/afspraak/loslaten/"
#define MANAGE_PREFIX  "/afspraak/wijzigen/"
#define SURVEY_PREFIX  "/tevredenheid/"
#define TOKEN_MAX      128

/* 410: a hold expired or was used, with a way back to choosing a time (href, ours). */
static void
reply_hold_gone (LoketServer *self, SoupServerMessage *msg, const char *href)
{
  loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_GONE,
                                     _("This time is no longer held for you"),
                                     _("We hold a time for a few minutes. Choose a time again "
                                       "to make your appointment."), href,
                                     _("Choose a time again"));
}

/* ---- a held time: the citizen's details ------------------------------------------------------ */

typedef struct {
  const char *name, *email, *phone, *reason;
  const char *back;   /* the times page of the hold's day, for when the hold has gone */
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

/* The way back a details form carried when it is a times page as loket_web_times_path makes
 * it (ours, and nothing in it that a link of ours would not hold); else the start of booking. */
static const char *
times_path_or_start (const char *path)
{
  static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789-._~%&=:,?/";

  if (path != NULL && g_str_has_prefix (path, "/afspraak/tijd?")
      && path[strspn (path, allowed)] == '\0')
    return path;
  return "/afspraak";
}

typedef struct {
  const char *name, *type, *autocomplete;
  const char *label, *hint;   /* hint may be NULL */
  gboolean    required;
} TextField;

static void
text_field (LoketWebHtml *page, const TextField *field, const char *value)
{
  g_autofree char *hint_id = field->hint != NULL ? g_strconcat (field->name, "-hint", NULL)
                                                 : NULL;

  loket_web_html_printf (page, "<div class=\"field\"><label for=\"%s\">%s%s</label>",
                         field->name, field->label, field->required ? "" : _(" (optional)"));
  if (hint_id != NULL)
    loket_web_html_printf (page, "<span class=\"hint\" id=\"%s\">%s</span>", hint_id,
                           field->hint);
  loket_web_html_printf (page, "<input type=\"%s\" id=\"%s\" name=\"%s\" autocomplete=\"%s\""
                         " value=\"%s\"", field->type, field->name, field->name,
                         field->autocomplete, value != NULL ? value : "");
  if (field->required)
    loket_web_html_raw (page, " required");
  if (hint_id != NULL)
    loket_web_html_printf (page, " aria-describedby=\"%s\"", hint_id);
  loket_web_html_raw (page, "></div>\n");
}

static void
details_form (LoketServer *self, LoketWebHtml *page, const char *hold_token, JsonObject *hold,
              const Typed *typed)
{
  const TextField name = { "naam", "text", "name", _("Name"), NULL, TRUE };
  const TextField email = { "email", "email", "email", _("E-mail address"),
                            _("We send the confirmation and a reminder here."), TRUE };
  const TextField phone = { "telefoon", "tel", "tel", _("Mobile phone number"),
                            _("For a reminder by text message an hour before."), FALSE };
  g_autofree char *action = g_strconcat (DETAILS_PREFIX, hold_token, NULL);
  g_autofree char *back = loket_web_times_path_of (hold);

  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\" novalidate>\n", action);
  loket_web_html_hidden (page, "terug", back);
  text_field (page, &name, typed->name);
  text_field (page, &email, typed->email);
  text_field (page, &phone, typed->phone);
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
}

static void
reply_details (LoketServer *self, SoupServerMessage *msg, const char *hold_token,
               const Typed *typed, const char *problem, guint status)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *release = g_strconcat (RELEASE_PREFIX, hold_token, NULL);
  g_autofree char *until = NULL;
  LoketWebHtml *page;

  hold = loket_store_web_hold_details (self->store, hold_token, NULL, now, &error);
  if (hold == NULL)
    {
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        reply_hold_gone (self, msg, times_path_or_start (typed->back));
      else
        loket_web_reply_error (self, msg, error, NULL, NULL);
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
  details_form (self, page, hold_token, hold, typed);
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\" class=\"inline\">"
                         "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
                         release, _("Choose another time"));
  loket_web_html_reply (page, msg, status, FALSE);
}

/* What a failed booking answers: the form again for what the citizen can put right, 410 for a
 * hold that went (expired, or used by a booking in another tab), 409 for a time that went. */
static void
reply_not_booked (LoketServer *self, SoupServerMessage *msg, const char *hold_token,
                  const Typed *typed, const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INVALID)
      || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN))
    reply_details (self, msg, hold_token, typed, error->message,
                   loket_web_status_for_error (error));
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    reply_hold_gone (self, msg, times_path_or_start (typed->back));
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
           || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_CONFLICT,
                                       _("This time is no longer free"), error->message,
                                       times_path_or_start (typed->back),
                                       _("Choose another time"));
  else
    loket_web_reply_error (self, msg, error, NULL, NULL);
}

static void
details_post (LoketServer *self, SoupServerMessage *msg, const char *hold_token)
{
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  LoketWebCustomer customer;
  const char *trap;
  Typed typed;

  if (form == NULL)
    return;
  trap = g_hash_table_lookup (form, "website");
  typed = (Typed) { g_hash_table_lookup (form, "naam"), g_hash_table_lookup (form, "email"),
                    g_hash_table_lookup (form, "telefoon"), g_hash_table_lookup (form, "reden"),
                    g_hash_table_lookup (form, "terug") };
  if (trap != NULL && *trap != '\0')
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_BAD_REQUEST,
                                    _("Your request could not be processed"),
                                    _("Leave the last field of the form empty."));
      return;
    }
  customer = (LoketWebCustomer) { typed.name, typed.email, typed.phone, typed.reason };
  if (customer.phone != NULL && *customer.phone == '\0')
    customer.phone = NULL;
  booked = loket_store_web_confirm (self->store, hold_token, &customer,
                                    self->site->max_open_per_email, now, &error);
  if (booked == NULL)
    {
      reply_not_booked (self, msg, hold_token, &typed, error);
      return;
    }
  next = g_strconcat (MANAGE_PREFIX, json_object_get_string_member (booked, "token"),
                      "?nieuw=1", NULL);
  loket_web_html_redirect (msg, next);
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
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;

  if (form == NULL)
    return;
  /* Where to go back to comes from the hold itself, before it goes. */
  hold = loket_store_web_hold_details (self->store, hold_token, NULL, now, NULL);
  if (!loket_store_web_release (self->store, hold_token, &error))
    {
      loket_web_reply_error (self, msg, error, NULL, NULL);
      return;
    }
  next = hold != NULL ? loket_web_times_path_of (hold) : g_strdup ("/afspraak");
  loket_web_html_redirect (msg, next);
}

/* ---- an appointment by its link -------------------------------------------------------------- */

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

/* The pages of a link and the methods each takes (as an Allow header says them). */
static const struct {
  const char *action;
  const char *methods;
} actions[] = {
  { "",           "GET" },
  { "dag",        "GET" },
  { "tijd",       "GET" },
  { "vasthouden", "POST" },
  { "bevestigen", "GET, POST" },
  { "annuleren",  "GET, POST" },
};

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

/* The methods the asked page takes, or NULL when there is no such page. */
static const char *
methods_of (const Asked *asked)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (asked->action, actions[i].action))
      return actions[i].methods;
  return NULL;
}

static char *
manage_path (const char *token, const char *rest)
{
  return g_strconcat (MANAGE_PREFIX, token, rest, NULL);
}

static const char *
location_of (JsonObject *details)
{
  return json_object_get_string_member (json_object_get_object_member (details, "location"),
                                        "id");
}

static gboolean
is_cancelled (JsonObject *details)
{
  return g_str_equal (json_object_get_string_member (details, "status"), "cancelled");
}

/* 409 for a change asked of an appointment that cannot change (cancelled, past, or at the desk
 * already), with the way back to it. */
static void
reply_unchangeable (LoketServer *self, SoupServerMessage *msg, const char *token,
                    JsonObject *details)
{
  g_autofree char *back = manage_path (token, "");

  if (is_cancelled (details))
    loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_CONFLICT,
                                       _("This appointment has been cancelled"),
                                       _("A cancelled appointment cannot be changed. Make a new "
                                         "appointment if you still want to come."), back,
                                       _("Back to your appointment"));
  else
    loket_web_html_reply_problem_link (msg, self->site, SOUP_STATUS_CONFLICT,
                                       _("This is no longer possible"),
                                       _("This appointment can no longer be changed online. "
                                         "Call us if you need to change it."), back,
                                       _("Back to your appointment"));
}

static const char *
status_sentence (JsonObject *details, GHashTable *query)
{
  if (is_cancelled (details))
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
  else if (!is_cancelled (details))
    loket_web_html_para (page, "muted", _("This appointment can no longer be changed online. "
                                          "Call us if you need to change it."));
  loket_web_html_para (page, "muted", _("Keep this link to yourself: anyone who has it can "
                                        "change or cancel this appointment."));
  loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
}

/* The month or the times of a day for another time (GET …/dag, …/tijd). */
static void
reply_other_time (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                  const Asked *asked, JsonObject *details, const LoketWebVisit *visit)
{
  g_autofree char *back = manage_path (asked->token, "");
  g_auto(LoketWebFlow) flow = { 0 };

  loket_web_flow_init (&flow, asked->token, visit, location_of (details));
  if (g_str_equal (asked->action, "dag"))
    loket_web_reply_month (self, msg, query, &flow, visit, location_of (details), back);
  else
    loket_web_reply_times (self, msg, &flow, visit, location_of (details),
                           query != NULL ? g_hash_table_lookup (query, "datum") : NULL, NULL,
                           SOUP_STATUS_OK);
}

/* POST …/vasthouden: holds the chosen time for the move → …/bevestigen/HOLD. */
static void
post_hold (LoketServer *self, SoupServerMessage *msg, const Asked *asked, JsonObject *details,
           const LoketWebVisit *visit)
{
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_auto(LoketWebFlow) flow = { 0 };
  gint64 start;

  if (form == NULL)
    return;
  loket_web_flow_init (&flow, asked->token, visit, location_of (details));
  if (!loket_web_parse_start (g_hash_table_lookup (form, "start"), &start))
    {
      loket_web_reply_times (self, msg, &flow, visit, location_of (details),
                             g_hash_table_lookup (form, "datum"),
                             _("Choose one of the free times."), SOUP_STATUS_BAD_REQUEST);
      return;
    }
  hold = loket_store_web_hold (self->store, loket_web_visit_items (visit), visit->items->len,
                               location_of (details), start, asked->token,
                               self->site->hold_minutes, now, &error);
  if (hold == NULL)
    {
      loket_web_reply_hold_failed (self, msg, &flow, visit, location_of (details),
                                   g_hash_table_lookup (form, "datum"), error);
      return;
    }
  next = g_strconcat (MANAGE_PREFIX, asked->token, "/bevestigen/",
                      json_object_get_string_member (hold, "hold"), NULL);
  loket_web_html_redirect (msg, next);
}

static void
post_move (LoketServer *self, SoupServerMessage *msg, const Asked *asked)
{
  g_autoptr(GHashTable) form = loket_web_form_read (msg, self->site);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *days = manage_path (asked->token, "/dag");
  g_autofree char *next = NULL;

  if (form == NULL)
    return;
  moved = loket_store_web_reschedule (self->store, asked->token, asked->hold, now, &error);
  if (moved != NULL)
    {
      next = manage_path (asked->token, "?verplaatst=1");
      loket_web_html_redirect (msg, next);
    }
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    reply_hold_gone (self, msg, days);
  else
    loket_web_reply_error (self, msg, error, days, _("Choose another time"));
}

/* GET …/bevestigen/HOLD: old and new time side by side; POST: move. */
static void
confirm_move (LoketServer *self, SoupServerMessage *msg, const Asked *asked,
              JsonObject *details)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = manage_path (asked->token, "/bevestigen/");
  g_autofree char *days = manage_path (asked->token, "/dag");
  LoketWebHtml *page;

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      post_move (self, msg, asked);
      return;
    }
  hold = loket_store_web_hold_details (self->store, asked->hold, asked->token, now, &error);
  if (hold == NULL)
    {
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        reply_hold_gone (self, msg, days);
      else
        loket_web_reply_error (self, msg, error, NULL, NULL);
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

/* GET …/annuleren: are you sure?  POST: cancels. */
static void
cancel (LoketServer *self, SoupServerMessage *msg, const Asked *asked, JsonObject *details)
{
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = manage_path (asked->token, "/annuleren");
  g_autofree char *back = manage_path (asked->token, "");
  g_autofree char *next = NULL;
  LoketWebHtml *page;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      page = loket_web_html_new (self->site, _("Cancel your appointment?"));
      loket_web_summary (page, details);
      loket_web_html_printf (page, "<form method=\"post\" action=\"%s\">"
                             "<button type=\"submit\" class=\"danger\">%s</button>"
                             "<a class=\"button secondary\" href=\"%s\">%s</a></form>\n",
                             action, _("Yes, cancel"), back, _("No, keep it"));
      loket_web_html_reply (page, msg, SOUP_STATUS_OK, FALSE);
      return;
    }
  if ((form = loket_web_form_read (msg, self->site)) == NULL)
    return;
  cancelled = loket_store_web_cancel (self->store, asked->token, now, &error);
  if (cancelled == NULL)
    {
      loket_web_reply_error (self, msg, error, back, _("Back to your appointment"));
      return;
    }
  next = manage_path (asked->token, "?geannuleerd=1");
  loket_web_html_redirect (msg, next);
}

/* The page of an appointment that exists, for a method it takes. */
static void
manage_dispatch (LoketServer *self, SoupServerMessage *msg, GHashTable *query,
                 const Asked *asked, JsonObject *details)
{
  g_autoptr(LoketWebVisit) visit = loket_web_visit_of (details);

  if (*asked->action == '\0')
    reply_appointment (self, msg, query, asked->token, details);
  else if (!json_object_get_boolean_member_with_default (details, "can_change", FALSE)
           || visit == NULL)
    reply_unchangeable (self, msg, asked->token, details);
  else if (g_str_equal (asked->action, "dag") || g_str_equal (asked->action, "tijd"))
    reply_other_time (self, msg, query, asked, details, visit);
  else if (g_str_equal (asked->action, "vasthouden"))
    post_hold (self, msg, asked, details, visit);
  else if (g_str_equal (asked->action, "bevestigen"))
    confirm_move (self, msg, asked, details);
  else
    cancel (self, msg, asked, details);
}

void
loket_web_page_manage (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Asked) asked = { 0 };
  const char *methods;

  if (!parse_asked (msg, &asked) || (methods = methods_of (&asked)) == NULL)
    {
      loket_web_html_reply_problem (msg, self->site, SOUP_STATUS_NOT_FOUND,
                                    _("This page does not exist"),
                                    _("Check the link in your e-mail."));
      return;
    }
  if (strstr (methods, method) == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    methods);
      loket_web_html_reply_status (msg, self->site, SOUP_STATUS_METHOD_NOT_ALLOWED);
      return;
    }
  details = loket_store_web_appointment (self->store, asked.token, now, &error);
  if (details == NULL)
    loket_web_reply_error (self, msg, error, NULL, NULL);
  else
    manage_dispatch (self, msg, query, &asked, details);
}

/* ---- the survey ------------------------------------------------------------------------------ */

static const char *const questions[] = {
  N_("How satisfied are you with how your request was handled?"),
  N_("How clear was the information you received?"),
  N_("How satisfied are you with how long it took?"),
};

/* The questions, each a scale of radio buttons; form: what was sent before (NULL: nothing),
 * so the marks chosen stay chosen. */
static void
survey_form (LoketWebHtml *page, const char *action, GHashTable *form)
{
  loket_web_html_printf (page, "<form method=\"post\" action=\"%s\">\n", action);
  for (guint q = 1; q <= G_N_ELEMENTS (questions); q++)
    {
      g_autofree char *name = g_strdup_printf ("q%u", q);
      const char *sent = form != NULL ? g_hash_table_lookup (form, name) : NULL;

      loket_web_html_printf (page, "<fieldset class=\"scale\"><legend>%s</legend>"
                             "<p class=\"muted\" id=\"schaal-%u\">%s</p><div>",
                             _(questions[q - 1]), q,
                             _("1 = very dissatisfied, 5 = very satisfied"));
      for (guint mark = 1; mark <= 5; mark++)
        loket_web_html_printf (page, "<label for=\"%s-%u\"><input type=\"radio\" id=\"%s-%u\""
                               " name=\"%s\" value=\"%u\" required"
                               " aria-describedby=\"schaal-%u\"%s>%u</label>", name, mark, name,
                               mark, name, mark, q,
                               sent != NULL && sent[0] == '0' + (char) mark && sent[1] == '\0'
                               ? " checked" : "", mark);
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
reply_survey (LoketServer *self, SoupServerMessage *msg, JsonObject *survey, const char *action,
              GHashTable *form, const char *problem, guint status)
{
  const char *product = json_object_get_string_member_with_default (survey, "product", NULL);
  LoketWebHtml *page = loket_web_html_new (self->site, _("How did we do?"));

  if (problem != NULL)
    loket_web_html_error (page, problem);
  loket_web_html_printf (page, "<p class=\"lead\">");
  loket_web_html_printf (page, _("Your request %s has been completed. Three short questions about "
                                 "it:"), json_object_get_string_member (survey, "reference"));
  if (product != NULL)
    loket_web_html_printf (page, " (%s)", product);
  loket_web_html_raw (page, "</p>\n");
  survey_form (page, action, form);
  loket_web_html_reply (page, msg, status, FALSE);
}

static void
reply_survey_answered (LoketServer *self, SoupServerMessage *msg, guint status)
{
  LoketWebHtml *page = loket_web_html_new (self->site, _("How did we do?"));

  if (status != SOUP_STATUS_OK)
    loket_web_html_error (page, _("You have answered these questions already. Your answers "
                                  "count once."));
  loket_web_html_para (page, "lead", _("Thank you for your answers. They help us do better."));
  loket_web_html_reply (page, msg, status, FALSE);
}

/* The marks, once: a second answer is refused (409), also one that raced the first. */
static void
post_survey (LoketServer *self, SoupServerMessage *msg, const char *token, JsonObject *survey,
             const char *action)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(GError) error = NULL;
  int marks[3];

  if (json_object_get_boolean_member (survey, "answered"))
    {
      reply_survey_answered (self, msg, SOUP_STATUS_CONFLICT);
      return;
    }
  if ((form = loket_web_form_read (msg, self->site)) == NULL)
    return;
  if (!read_marks (form, marks))
    reply_survey (self, msg, survey, action, form,
                  _("Choose a mark from 1 to 5 for each question."), SOUP_STATUS_BAD_REQUEST);
  else if (loket_store_web_answer_survey (self->store, token, marks, now, &error))
    loket_web_html_redirect (msg, action);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    reply_survey_answered (self, msg, SOUP_STATUS_CONFLICT);
  else
    loket_web_reply_error (self, msg, error, action, _("Back to the questions"));
}

void
loket_web_page_survey (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *token = loket_web_path_rest (msg, SURVEY_PREFIX);
  g_autoptr(GDateTime) now = loket_web_now (self);
  g_autoptr(JsonObject) survey = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = g_strconcat (SURVEY_PREFIX, token, NULL);

  survey = loket_store_web_survey (self->store, token, now, &error);
  if (survey == NULL)
    loket_web_reply_error (self, msg, error, NULL, NULL);
  else if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    post_survey (self, msg, token, survey, action);
  else if (json_object_get_boolean_member (survey, "answered"))
    reply_survey_answered (self, msg, SOUP_STATUS_OK);
  else
    reply_survey (self, msg, survey, action, NULL, NULL, SOUP_STATUS_OK);
}
