#pragma once

#include <libsoup/soup.h>

#include "loket-site.h"

G_BEGIN_DECLS

/* Writing the public pages: HTML5 that works without JavaScript, on a phone, for a screen
 * reader (WCAG 2.1 AA), in the municipality's name and colours.
 *
 * Text is escaped on the way in: loket_web_html_text escapes all of it, loket_web_html_printf
 * escapes every argument (g_markup_printf_escaped), so a name like <script> or a quote in a
 * reference prints as text.  Only the format strings, which are ours, are markup. */

typedef struct _LoketWebHtml LoketWebHtml;

/* A page whose <title> and <h1> are title (text), with the site's header and footer. */
LoketWebHtml *loket_web_html_new      (const LoketSite *site, const char *title);
void          loket_web_html_free     (LoketWebHtml *self);

void          loket_web_html_text     (LoketWebHtml *self, const char *text);
void          loket_web_html_printf   (LoketWebHtml *self, const char *format,
                                       ...) G_GNUC_PRINTF (2, 3);
/* Markup of ours, as is. */
void          loket_web_html_raw      (LoketWebHtml *self, const char *markup);
/* <p class="…">text</p>; css_class may be NULL. */
void          loket_web_html_para     (LoketWebHtml *self, const char *css_class,
                                       const char *text);
/* A box that says what went wrong, first on the page, announced by screen readers (role
 * alert) and linked from the title. */
void          loket_web_html_error    (LoketWebHtml *self, const char *text);
/* A link back, "← text", to href. */
void          loket_web_html_back     (LoketWebHtml *self, const char *href, const char *text);
/* A hidden form field. */
void          loket_web_html_hidden   (LoketWebHtml *self, const char *name, const char *value);

/* Sends the page: status, text/html, no caching of pages that hold a token or a form
 * (cache TRUE: "public, max-age=30", for pages of links to availability only), and the
 * headers that keep a token in a link from leaking (Referrer-Policy) and scripts out
 * (Content-Security-Policy).  Frees the page. */
void          loket_web_html_reply    (LoketWebHtml *self, SoupServerMessage *msg, guint status,
                                       gboolean cache);
/* A whole page that says one thing went wrong (400, 404, 409, 410, 413, 415, 429, 500), with
 * a link on to the start page, or to href saying link_text (a way back into the flow). */
void          loket_web_html_reply_problem (SoupServerMessage *msg, const LoketSite *site,
                                            guint status, const char *title,
                                            const char *text);
void          loket_web_html_reply_problem_link (SoupServerMessage *msg, const LoketSite *site,
                                                 guint status, const char *title,
                                                 const char *text, const char *href,
                                                 const char *link_text);
/* The page of a refusal that needs no handler: 404 (no such page), 405 (a method the page does
 * not take; the caller sets Allow), 413 (a body over the limit), 414 and 400 (an address or a
 * parameter too long), 429 (too many requests; the caller sets Retry-After). */
void          loket_web_html_reply_status  (SoupServerMessage *msg, const LoketSite *site,
                                            guint status);
/* 303 See Other to a path of ours (after a POST, so reloading does not post again). */
void          loket_web_html_redirect (SoupServerMessage *msg, const char *path);

/* The headers every public answer gets, HTML or not. */
void          loket_web_html_secure_headers (SoupServerMessage *msg);

/* ---- what a request sent -------------------------------------------------------------------- */

/* The fields of an application/x-www-form-urlencoded body, or NULL after answering 415 for
 * another type (our forms send no other) or 400 for fields that are no UTF-8 text. */
GHashTable   *loket_web_form_read       (SoupServerMessage *msg, const LoketSite *site);
/* Every value of a repeated query parameter (checkboxes), in order. */
GPtrArray    *loket_web_query_values    (SoupServerMessage *msg, const char *name);
/* The path after a prefix route's prefix ("/afspraak/wijzigen/TOKEN/dag" with prefix
 * "/afspraak/wijzigen/" → "TOKEN/dag"). */
const char   *loket_web_path_rest       (SoupServerMessage *msg, const char *prefix);
/* The HTTP status for a store error (LOKET_ERROR codes; anything else 500). */
guint         loket_web_status_for_error (const GError *error);

/* ---- dates for people ----------------------------------------------------------------------- */

/* "maandag 23 november 2026", "23 november", "maandag 23 november" in the site's language. */
char         *loket_web_html_long_date  (const GDate *date);
char         *loket_web_html_day_month  (const GDate *date);
char         *loket_web_html_weekday_date (const GDate *date);
/* "november 2026" */
char         *loket_web_html_month_year (const GDate *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebHtml, loket_web_html_free)

G_END_DECLS
