/* loket-web-pages-private.h — what the files of the public pages share.
 *
 *   loket-web-pages.c    the route table, the start page, the static files, rooms, case status
 *                        and the survey
 *   loket-web-booking.c  booking an appointment, and changing or cancelling it by its link
 */
#pragma once

#include "loket-server-private.h"
#include "loket-slot-source.h"
#include "loket-web-html.h"

G_BEGIN_DECLS

/* The products of a visit as a page carries them: "p=ID:COUNT,ID:COUNT". */
typedef struct {
  GArray    *items;   /* LoketSlotVisitProduct, product_id pointing into ids */
  GPtrArray *ids;
} LoketWebVisit;

LoketWebVisit *loket_web_visit_parse  (const char *text);  /* NULL: empty or does not fit */
char          *loket_web_visit_format (const LoketWebVisit *visit);
void           loket_web_visit_free   (LoketWebVisit *visit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWebVisit, loket_web_visit_free)

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
/* "2026-11-23T08:30:00Z" → Unix seconds. */
gboolean       loket_web_parse_start  (const char *text, gint64 *start);

/* The what, where and when of a hold or an appointment (their public details) as a list. */
void           loket_web_summary      (LoketWebHtml *page, JsonObject *details);
/* "14:32", the local time of an ISO UTC time in the server's zone. */
char          *loket_web_local_time   (const char *iso);
/* The times page of the day of a hold: "/afspraak/tijd?p=…&locatie=…&datum=…". */
char          *loket_web_times_path_of (JsonObject *hold);

/* Server time, in the server's zone (the municipality's). */
GDateTime     *loket_web_now          (LoketServer *self);
/* "YYYY-MM-DD" → date; FALSE when it is no date. */
gboolean       loket_web_parse_date   (const char *text, GDate *date);
char          *loket_web_format_date  (const GDate *date);

/* A page that says what went wrong with a store call, with the right status. */
void           loket_web_reply_error  (LoketServer *self, SoupServerMessage *msg,
                                       const GError *error);

/* The handlers of loket-web-booking.c. */
void loket_web_page_products  (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_days      (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_times     (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_post_hold      (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_details   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_post_release   (LoketServer *self, SoupServerMessage *msg, GHashTable *query);
void loket_web_page_manage    (LoketServer *self, SoupServerMessage *msg, GHashTable *query);

G_END_DECLS
