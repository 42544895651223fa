/* loket-store-web-private.h — what the files of the store's public web share
 * (loket-store-web.h).
 *
 *   loket-store-web.c        holds; one transaction per operation, the visit of a hold or an
 *                            appointment, an appointment's public details
 *   loket-store-web-book.c   booking a held time, cancelling and moving an appointment
 *   loket-store-web-links.c  the tokens of links and case codes, a case's status, the survey
 */
#pragma once

#include "loket-store-private.h"

G_BEGIN_DECLS

/* ---- one operation (loket-store-web.c) ------------------------------------------------------ */

/* What one web operation knows of now. */
typedef struct
{
  gint64 unix;
  char   now[32];   /* wire format */
} LoketStoreWebNow;

void        loket_store_web_now_init       (LoketStoreWebNow *n, GDateTime *now);

typedef JsonObject *(*LoketStoreWebStep) (LoketStore *self, gpointer data, GError **error);

/* step's answer, in one transaction: committed with it, rolled back whole without (NULL). */
JsonObject *loket_store_web_in_transaction (LoketStore *self, LoketStoreWebStep step,
                                            gpointer data, GError **error);
/* Deletes the holds whose time is up at now (wire format). */
gboolean    loket_store_web_expire_holds   (LoketStore *self, const char *now, GError **error);

/* ---- visits (loket-store-web.c) ------------------------------------------------------------- */

/* The products of a stored visit (an appointment's or a hold's items, else one of product_id). */
typedef struct
{
  JsonNode *items;     /* keeps the ids alive */
  GArray   *products;  /* LoketSlotVisitProduct */
} LoketStoreWebVisit;

void        loket_store_web_visit_clear    (LoketStoreWebVisit *v);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketStoreWebVisit, loket_store_web_visit_clear)
/* Reads a stored visit: its items (JSON text, nullable), else one of product_id. */
void        loket_store_web_visit_read     (LoketStoreWebVisit *v, const char *product_id,
                                            const char *items_text);
const LoketSlotVisitProduct *
            loket_store_web_visit_products (const LoketStoreWebVisit *v);
/* A visit's items as stored: NULL for one of a product (as a desk stores it). */
JsonArray  *loket_store_web_items_json     (const LoketSlotVisitProduct *products,
                                            guint n_products);

/* ---- appointments (loket-store-web.c) ------------------------------------------------------- */

/* The public details of an appointment (loket-store-web.h) at now; NOT_FOUND as for an unknown
 * link when there is none. */
JsonObject *loket_store_web_appointment_details  (LoketStore *self, const char *id, gint64 now,
                                                  GError **error);
/* The appointment of a link token, or NULL (NOT_FOUND) when the token does not open one. */
JsonObject *loket_store_web_appointment_of_token (LoketStore *self, const char *token,
                                                  const LoketStoreWebNow *n, GError **error);
/* Not past, not cancelled, not yet at the desk. */
gboolean    loket_store_web_can_change           (JsonObject *row, gint64 now);
/* CLOSED: the appointment can no longer be changed online.  Returns FALSE. */
gboolean    loket_store_web_no_change            (GError **error);

/* ---- holds (loket-store-web.c) -------------------------------------------------------------- */

/* The live hold of a token, made for moving appointment_id (NULL: for a new booking);
 * NOT_FOUND when there is none. */
gboolean    loket_store_web_find_hold    (LoketStore *self, const char *token,
                                          const char *appointment_id, const LoketStoreWebNow *n,
                                          JsonObject **hold, GError **error);
/* The held time is still free without the hold itself (a rule may have changed since);
 * exclude_id: an appointment being moved, left out. */
gboolean    loket_store_web_recheck_hold (LoketStore *self, JsonObject *hold,
                                          const LoketStoreWebVisit *visit,
                                          const char *exclude_id, const LoketStoreWebNow *n,
                                          GError **error);
gboolean    loket_store_web_delete_hold  (LoketStore *self, const char *hold_id, GError **error);

/* ---- tokens (loket-store-web-links.c) ------------------------------------------------------- */

/* 192 random bits in base64url. */
char       *loket_store_web_new_link_token (void);
/* Whether text can be a token at all; anything else is not looked up. */
gboolean    loket_store_web_token_shape    (const char *token);
/* The one NOT_FOUND of every link that does not open (unknown, expired, used).  Returns FALSE. */
gboolean    loket_store_web_token_unknown  (GError **error);
/* The target of a token of kind that is valid at now: *target NULL when the token is unknown,
 * expired or (unless used_ok) used.  FALSE only for a failing database. */
gboolean    loket_store_web_find_token     (LoketStore *self, const char *kind,
                                            const char *token, const char *now, gboolean used_ok,
                                            char **target, GError **error);
/* A new link token of kind for target_id, valid until expires, made at now (wire format). */
char       *loket_store_web_new_token_at   (LoketStore *self, const char *kind,
                                            const char *target_id, gint64 expires,
                                            const char *now, GError **error);

G_END_DECLS
