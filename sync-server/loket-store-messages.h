#pragma once

#include "loket-site.h"
#include "loket-store.h"

G_BEGIN_DECLS

/* The server's outbox of messages to customers, in the store (loket-store-messages.c).
 *
 * A message row (the domain table messages, replicated to the desks that see its appointment or
 * case) says what is sent about what, when it is due and how it went; what goes out (recipient,
 * subject, text, an .ics) is fixed in message_content at the first attempt and never leaves the
 * server.  Every change to a message is logged, so a desk shows its state on the appointment.
 *
 * When what (the queue functions below, called in the transaction of the change that causes
 * them, after it is written; each does nothing for a customer without the address it needs,
 * and nothing twice for one event: a replayed or repeated change finds what it queued):
 *   an appointment booked     a confirmation e-mail now; a reminder e-mail at start minus the
 *                             product's remind_email_minutes and an SMS at start minus its
 *                             remind_sms_minutes (0: none; none when that moment has passed);
 *                             nothing for a booking that is not 'booked' (rejected)
 *   moved                     a change e-mail now; its queued reminders move with it (one whose
 *                             text is fixed already, or whose new moment has passed, is
 *                             cancelled, and a new one queued when the moment is still ahead).
 *                             A booking never confirmed (it was rejected, then got a place) gets
 *                             its confirmation and reminders instead
 *   cancelled                 a cancellation e-mail now, when a confirmation was queued before;
 *                             its queued reminders are cancelled
 *   a case created            an acknowledgement e-mail with its reference and code now
 *   a case's status changed   a status message now, when the new status has a public wording
 *                             (case type public_statuses): an e-mail with a new code, or an SMS
 *                             (no code) when the customer has only a phone number or prefers
 *                             the phone ('telefoon'); once per status reached (a history row),
 *                             so back and forth tells again and a replay does not
 *   a case closed             a survey invitation e-mail now, once per case
 * Desk bookings get the same messages as web bookings when the customer has an address.  A
 * message of an appointment with a case carries its case_id, so it follows the case's scope.
 *
 * Delivery (loket-mailer.c) takes what is due, composes and sends it, and reports back:
 * sent, or a failure that is retried with backoff (1, 5, 15, 60, 240 minutes) and after the
 * sixth attempt failed for good.  A reason is a sentence of ours ("the mail program stopped
 * with status 75"), in the site's language, never the program's output, which may quote an
 * address.  Composing settles what can no longer go: a reminder, confirmation or change of a
 * visit no longer booked, a status message of a case that moved on since (the next status
 * tells the news), or a survey of a case opened again, is cancelled; a message whose
 * customer has no usable address any more fails.  A message handed out for sending is held for
 * ten minutes (or until its report), so two deliveries (the server's and `loket-sync deliver`)
 * never send it twice. */

typedef enum {
  LOKET_MESSAGE_BOOKED,
  LOKET_MESSAGE_MOVED,
  LOKET_MESSAGE_CANCELLED,
} LoketMessageEvent;

gboolean    loket_store_messages_for_appointment (LoketStore *self, const char *appointment_id,
                                                  LoketMessageEvent event, const char *now,
                                                  GError **error);
gboolean    loket_store_messages_case_created    (LoketStore *self, const char *case_id,
                                                  const char *now, GError **error);
gboolean    loket_store_messages_case_closed     (LoketStore *self, const char *case_id,
                                                  const char *now, GError **error);
/* Called after the case's new status and its history row are written (it tells the status
 * of the case's latest history row, and does nothing when that is not status). */
gboolean    loket_store_messages_case_status_changed (LoketStore *self, const char *case_id,
                                                      const char *status, const char *now,
                                                      GError **error);
/* Within the outbox (loket-store-messages-content.c): the public wording of the status a
 * status message tells, or NULL in *wording when it tells it no more: the case reached
 * another status since, or the status lost its wording. */
gboolean    loket_store_messages_status_wording  (LoketStore *self, const char *message_id,
                                                  const char *case_id, char **wording,
                                                  GError **error);

/* The ids of the queued messages due at now (due_at <= now and any next attempt's time
 * passed), oldest first, at most limit. */
GPtrArray  *loket_store_messages_due             (LoketStore *self, GDateTime *now,
                                                  guint limit, GError **error);
/* What one message sends, composing and fixing it at its first attempt (a link token or case
 * code is made then): {"id", "channel", "kind", "recipient", "subject", "body",
 * "attachment_name" (nullable), "attachment" (nullable, the .ics text)}, in the site's
 * language; the message is then held for the sender (see above).  NULL with
 * LOKET_ERROR_NOT_FOUND when it is not to be sent now: no longer queued, not due, held by
 * another delivery, or settled while composing (cancelled, or failed without an address). */
JsonObject *loket_store_messages_content         (LoketStore *self, const char *message_id,
                                                  const LoketSite *site, GDateTime *now,
                                                  GError **error);
/* How one attempt went. */
typedef enum {
  LOKET_MESSAGE_SENT,      /* the mail program took it (exit 0), or the gateway (2xx) */
  LOKET_MESSAGE_RETRY,     /* failed for now: tried again after the backoff */
  LOKET_MESSAGE_GIVE_UP,   /* failed for good: the gateway refused it, nothing to send it with */
} LoketMessageResult;

/* A message is given up after this many failed attempts. */
#define LOKET_MESSAGE_MAX_ATTEMPTS 6

/* Records an attempt (attempts + 1): sent (sent_at now, reason cleared), or a failure with a
 * reason; a RETRY before the last attempt stays queued with its next attempt's time, the
 * sixth fails for good.  provider_id (nullable): the SMS gateway's id of what it took.
 * LOKET_ERROR_NOT_FOUND for an unknown message. */
gboolean    loket_store_messages_report          (LoketStore *self, const char *message_id,
                                                  LoketMessageResult result, const char *reason,
                                                  const char *provider_id, GDateTime *now,
                                                  GError **error);

G_END_DECLS
