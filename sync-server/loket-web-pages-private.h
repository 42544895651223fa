/* loket-web-pages-private.h — what the files of the public pages share.
 *
 *   loket-web-pages.c    the route table, the start page, the static files, rooms, case status,
 *                        and what the others share
 *   loket-web-booking.c  choosing a visit: products, location, month, times, holding a time
 *   loket-web-manage.c   the pages behind a token: a held time's details form, an appointment's
 *                        link (see, move, cancel), the survey
 *   loket-web-articles.c the public articles of the knowledge base: pages and JSON
 */
#pragma once

#include "loket-server-private.h"
#include "loket-slot-source.h"
#include "loket-web-html.h"

G_BEGIN_DECLS

/* The products of a visit: in a link one p=ID:COUNT a product, in a form "ID:COUNT,ID:COUNT". */
typedef struct {
  GArray    *items;   /* LoketSlotVisitProduct, product_id pointing into ids */
  GPtrArray *ids;
} LoketWebVisit;

LoketWebVisit *loket_web_visit_parse  (const char *text);  /* NULL: empty or does not fit */
/* The visit of a hold's or an appointment's public details ("products"). */
LoketWebVisit *loket_web_visit_of     (JsonObject *details);
char          *loket_web_visit_format (const LoketWebVisit *visit);
void           loket_web_visit_free   (LoketWebVisit *visit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebVisit, loket_web_visit_free)

/* The items as the store takes them. */
static inline const LoketSlotVisitProduct *
loket_web_visit_items (const LoketWebVisit *visit)
{
  return (const LoketSlotVisitProduct *) (gconstpointer) visit->items->data;
}

/* Where the day and time pages of a flow link to and post to: a new booking, or another time
 * for the appointment of a token. */
typedef struct {
  const char *token;       /* NULL: a new booking */
  char       *days_path;   /* "/afspraak/dag" or "/afspraak/wijzigen/TOKEN/dag" */
  char       *times_path;
  char       *hold_path;
  char       *keep;        /* the query that keeps the flow's choices: "p=…&locatie=…&" or "" */
} LoketWebFlow;

void           loket_web_flow_init    (LoketWebFlow *flow, const char *token,
                                       const LoketWebVisit *visit, const char *location_id);
void           loket_web_flow_clear   (LoketWebFlow *flow);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketWebFlow, loket_web_flow_clear)

/* The month of days with free times for a visit at a location (?maand=YYYY-MM), and the free
 * times of a day (with a problem to show first, and its status). */
void           loket_web_reply_month  (LoketServer *self, SoupServerMessage *msg,
                                       GHashTable *query, const LoketWebFlow *flow,
                                       const LoketWebVisit *visit, const char *location_id,
                                       const char *back_href);
void           loket_web_reply_times  (LoketServer *self, SoupServerMessage *msg,
                                       const LoketWebFlow *flow, const LoketWebVisit *visit,
                                       const char *location_id, const char *date_text,
                                       const char *problem, guint status);
/* The page after a hold failed: the times again, saying the chosen time went (409), or the
 * error's own page. */
void           loket_web_reply_hold_failed (LoketServer *self, SoupServerMessage *msg,
                                            const LoketWebFlow *flow,
                                            const LoketWebVisit *visit,
                                            const char *location_id, const char *date,
                                            const GError *error);
/* "2026-11-23T08:30:00Z" → Unix seconds. */
gboolean       loket_web_parse_start  (const char *text, gint64 *start);

/* The what, where and when of a hold or an appointment (their public details) as a list. */
void           loket_web_summary      (LoketWebHtml *page, JsonObject *details);
/* "14:32", the local time of an ISO UTC time in the server's zone. */
char          *loket_web_local_time   (const char *iso);
/* The pages of a new booking's flow: "/afspraak/locatie?p=…", and the free times of a day,
 * "/afspraak/tijd?p=…&locatie=…&datum=…" (of a visit, or of what a hold holds). */
char          *loket_web_locations_path (const LoketWebVisit *visit);
char          *loket_web_times_path     (const LoketWebVisit *visit, const char *location_id,
                                         const char *date);
char          *loket_web_times_path_of  (JsonObject *hold);

/* Server time, in the server's zone (the municipality's). */
GDateTime     *loket_web_now          (LoketServer *self);
/* "YYYY-MM-DD" → date; FALSE when it is no date. */
gboolean       loket_web_parse_date   (const char *text, GDate *date);
char          *loket_web_format_date  (const GDate *date);

/* A page that says what went wrong with a store call, with the right status, and a way back
 * to href saying link_text (NULL: only to the start page). */
void           loket_web_reply_error  (LoketServer *self, SoupServerMessage *msg,
                                       const GError *error, const char *href,
                                       const char *link_text);

/* The handlers of loket-web-booking.c … */
void loket_web_page_products  (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_days      (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_times     (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_post_hold      (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
/* … and of loket-web-manage.c. */
void loket_web_page_details   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_post_release   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_manage    (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_survey    (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
/* … and of loket-web-articles.c: the pages, and the JSON of the public API (loket-web-api.c). */
void loket_web_page_articles  (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_article   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_api_articles   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_api_article    (LoketServer *self, SoupServerMessage *msg, GHashTable *query);

G_END_DECLS
