#pragma once

#include "loket-slot-source.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* What citizens do on the web, in the store (loket-store-web.c): hold a time, book it, change
 * or cancel it by the link in their mail, look up their case, answer the survey, see which
 * rooms are free.  Everything it writes is logged like a desk's change, so the desks' replicas
 * follow through the normal sync.
 *
 * No answer holds personal data: no name, e-mail address, phone number, BSN, reason or note,
 * also not for the holder of a token (they typed it in themselves; a link can be forwarded).
 *
 * Tokens (a hold, the link to an appointment, a case's code, a survey link) are random, at
 * least 128 bits for links and 40 bits for the case code typed by hand (rate-limited per
 * client), and stored as SHA-256 only (public_tokens, web_holds.token_hash; a case code's
 * over the case id and the code).  Link tokens are 192 bits of getrandom(2) in base64url.  An
 * unknown, forged, expired or used token is LOKET_ERROR_NOT_FOUND, with the same message for
 * each (one for links, one for holds, one for a case's reference and code), so an answer never
 * tells which tokens exist.
 *
 * Holds count in the web share like web bookings, in every availability answer and every web
 * check (loket_slot_source_add_booking); desk bookings use the desk share and never see them.
 * Each operation is one transaction; a failure rolls it back whole.
 *
 * Times are Unix seconds; now is the server's clock (tests pass their own).  Errors are
 * LOKET_ERROR with a sentence for the citizen (in the site's language when called under
 * loket_site_enter_language):
 *   INVALID     input that does not fit; the message names the field
 *   NOT_FOUND   an unknown product, location or token
 *   SLOT_TAKEN  the time has no free place left in the web share (held or booked meanwhile)
 *   CLOSED      the time is outside the booking window, closed, or in the past
 *   FORBIDDEN   a limit: too many open appointments for this e-mail address and product
 *   DATABASE    the store failed */

/* The public details of an appointment (for its token holder and the JSON API):
 * {"status": "booked"|"cancelled"|…, "start": ISO UTC, "end", "local_date": "2026-11-23",
 *  "local_time": "09:30", "location": {"id", "name", "address"},
 *  "products": [{"id", "name", "count"}], "case_reference": "Z-2026-000123" or null,
 *  "can_change": bool (not past, not cancelled, not yet at the desk)}. */

/* Holds a visit of products (public, of one product group, counts within each product's
 * max_per_booking, at most 10 items) at a location's capacities at start for hold_minutes: the
 * first capacity (by id) that handles the products' group and has the time free in the web
 * share, counting other unexpired holds, with the web's booking window and notice from now.
 * appointment_token: a hold for moving that appointment (its own place is left out; NULL: a new
 * booking); it holds the appointment's own products (products may then be NULL and are not
 * used), at any location, and CLOSED when the appointment can no longer change.  Expired holds
 * are cleared on the way.
 * {"hold": token, "expires_at": ISO UTC, "start", "end", "local_date", "local_time",
 *  "location": {…}, "products": [{"id", "name", "count"}]}. */
JsonObject *loket_store_web_hold            (LoketStore *self,
                                             const LoketSlotVisitProduct *products,
                                             guint n_products, const char *location_id,
                                             gint64 start, const char *appointment_token,
                                             guint hold_minutes, GDateTime *now,
                                             GError **error);
/* What an unexpired hold holds, as loket_store_web_hold answers it but without "hold", for the
 * page where the citizen fills in their details; NOT_FOUND for an unknown or expired one.
 * appointment_token: the hold must be one made for moving that appointment (NULL: one made for
 * a new booking). */
JsonObject *loket_store_web_hold_details    (LoketStore *self, const char *hold_token,
                                             const char *appointment_token, GDateTime *now,
                                             GError **error);
/* Lets a hold go at once (the citizen went back or left).  An unknown token is no error: the
 * hold may have expired already. */
gboolean    loket_store_web_release         (LoketStore *self, const char *hold_token,
                                             GError **error);

typedef struct {
  const char *name;    /* required, 2-200 characters, no control characters */
  const char *email;   /* required, an address with one @ and a dot in its domain */
  const char *phone;   /* optional; digits, spaces, +, -, ( ) — 8 to 15 digits */
  const char *reason;  /* required when a product asks for one; at most 500 characters */
} LoketWebCustomer;

/* Books what a hold holds (channel web, no user) in one transaction: the customer (the existing
 * one with the same e-mail address, in any case, and name; else a new one, without BSN), the
 * case of the first product's case type with the product's name as subject (like a desk
 * booking; none when the product has no case type), the appointment and its "booked" history
 * row; queues the confirmation, the reminders and the case's acknowledgement
 * (loket-store-messages.h); makes the appointment's link token, valid until 30 days after its
 * end.  The held time is checked again without the hold (a rule may have changed: SLOT_TAKEN or
 * CLOSED); the hold is used up.  max_open_per_email 0: no limit.
 * {"token": the appointment's token, "appointment": {public details}}.
 * NOT_FOUND for a hold that is unknown or expired (the time may be taken since); FORBIDDEN when
 * the e-mail address already has max_open_per_email open (booked, future) web appointments for
 * the product; INVALID for a customer field that does not fit. */
JsonObject *loket_store_web_confirm         (LoketStore *self, const char *hold_token,
                                             const LoketWebCustomer *customer,
                                             guint max_open_per_email, GDateTime *now,
                                             GError **error);
/* The public details of the appointment of a link token. */
JsonObject *loket_store_web_appointment     (LoketStore *self, const char *token, GDateTime *now,
                                             GError **error);
/* Cancels the appointment of a link token (history row, the cancellation mail, queued
 * reminders cancelled); the public details after, also for one cancelled already (nothing
 * new then).  CLOSED when it can no longer change. */
JsonObject *loket_store_web_cancel          (LoketStore *self, const char *token, GDateTime *now,
                                             GError **error);
/* Moves the appointment of a link token to what a hold made for it holds (same products; the
 * capacity may change within the location); the change mail, reminders moved; the public
 * details after.  NOT_FOUND for a hold not made for this appointment. */
JsonObject *loket_store_web_reschedule      (LoketStore *self, const char *token,
                                             const char *hold_token, GDateTime *now,
                                             GError **error);

/* A case's status for the citizen who has its reference and code:
 * {"reference", "product": name or null, "status": public wording, "closed": bool,
 *  "opened": "2026-11-23", "expected": "2026-12-07" (the deadline; null once closed),
 *  "history": [{"status": public wording, "date": "2026-11-23"}] oldest first}.
 * The same NOT_FOUND for an unknown reference and a wrong code. */
JsonObject *loket_store_web_case_status     (LoketStore *self, const char *reference,
                                             const char *code, GDateTime *now, GError **error);
/* Makes a new code for a case (for its acknowledgement): "K7M3-Q9PX", Crockford base32, valid
 * while the case is open and for a year after it closes.  The store keeps only its hash.
 * NOT_FOUND for an unknown case.  Writes in the caller's transaction, if any. */
char       *loket_store_web_new_case_code   (LoketStore *self, const char *case_id,
                                             GDateTime *now, GError **error);
/* Makes a new link token of a kind ("appointment", "survey"; INVALID for another) for its
 * target, valid until expires (Unix seconds).  Writes in the caller's transaction, if any. */
char       *loket_store_web_new_token       (LoketStore *self, const char *kind,
                                             const char *target_id, gint64 expires,
                                             GDateTime *now, GError **error);

/* What the survey page of a token shows: {"product": name or null, "reference",
 * "answered": bool}. */
JsonObject *loket_store_web_survey          (LoketStore *self, const char *token, GDateTime *now,
                                             GError **error);
/* Stores the three marks (each 1-5) of a survey token's case once (survey_answers, logged);
 * the token is used up.  INVALID for a mark out of range; NOT_FOUND for a used token. */
gboolean    loket_store_web_answer_survey   (LoketStore *self, const char *token,
                                             const int marks[3], GDateTime *now,
                                             GError **error);

/* Free day parts of the rooms (capacities of kind zaal whose rules have a web share) from a
 * date for n_days (at most 186): {"rooms": [{"id", "name", "location": {…}, "facilities": [],
 * "days": [{"date", "parts": {"ochtend"|"middag"|"avond": "vrij"|"deels"|"bezet"}}]}]}.
 * A part (ochtend until 12:00, middag until 17:00, avond after) is listed when the room opens
 * in it for the web (its web share, booking window and notice): vrij when every slot of it is
 * free, deels when some are, bezet when none; a day is listed when some part is.  Each slot is
 * judged alone, whatever the room's products last. */
JsonObject *loket_store_web_rooms           (LoketStore *self, const GDate *from, guint n_days,
                                             GDateTime *now, GError **error);

/* The locations with a capacity in use for the visit's product group:
 * [{"id", "name", "address", "facilities": ["rolstoel", …]}].  Errors as for a hold's visit:
 * NOT_FOUND for an unknown or non-public product, INVALID for products that cannot be booked
 * together or counts over their max_per_booking. */
JsonArray  *loket_store_web_locations       (LoketStore *self,
                                             const LoketSlotVisitProduct *products,
                                             guint n_products, GError **error);

/* The days with free web times for a visit at a location, from a date for n_days (at most 366):
 * {"products": [...], "location", "days": [{"date", "free": n}]} — only days with n > 0. */
JsonObject *loket_store_web_dates           (LoketStore *self,
                                             const LoketSlotVisitProduct *products,
                                             guint n_products, const char *location_id,
                                             const GDate *from, guint n_days, GDateTime *now,
                                             GError **error);
/* The free web start times of a visit at a location on a day:
 * {"date", "location", "times": [{"time": "09:30", "start": ISO UTC}]}. */
JsonObject *loket_store_web_times           (LoketStore *self,
                                             const LoketSlotVisitProduct *products,
                                             guint n_products, const char *location_id,
                                             const GDate *day, GDateTime *now, GError **error);

/* Rises with every change that can change an availability answer (a booking, a hold, a rule,
 * a closure, a capacity): the public cache keys on it. */
guint64     loket_store_web_generation      (LoketStore *self);

G_END_DECLS
