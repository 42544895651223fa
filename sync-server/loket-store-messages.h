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
 * them; each does nothing for a customer without the address it needs):
 *   an appointment booked     a confirmation e-mail now; a reminder e-mail at start minus the
 *                             product's remind_email_minutes and an SMS at start minus its
 *                             remind_sms_minutes (0: none; none when that moment has passed)
 *   moved                     a change e-mail now; its queued reminders move with it
 *   cancelled                 a cancellation e-mail now; its queued reminders are cancelled
 *   a case created            an acknowledgement e-mail with its reference and code now
 *   a case closed             a survey invitation e-mail now
 * Desk bookings get the same messages as web bookings when the customer has an address.
 *
 * Delivery (loket-mailer.c) takes what is due, composes and sends it, and reports back:
 * sent, or a failure that is retried with backoff (1, 5, 15, 60, 240 minutes) and after the
 * sixth attempt failed for good.  A reason is a sentence of ours ("the mail program stopped
 * with status 75"), never the program's output, which may quote an address. */

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

/* The ids of the queued messages due at now (due_at <= now and any next attempt's time
 * passed), oldest first, at most limit. */
GPtrArray  *loket_store_messages_due             (LoketStore *self, GDateTime *now,
                                                  guint limit, GError **error);
/* What one message sends, composing and fixing it at its first attempt (a link token or case
 * code is made then): {"id", "channel", "kind", "recipient", "subject", "body",
 * "attachment_name" (nullable), "attachment" (nullable, the .ics text)}.  NULL with
 * LOKET_ERROR_NOT_FOUND when the message is no longer queued. */
JsonObject *loket_store_messages_content         (LoketStore *self, const char *message_id,
                                                  const LoketSite *site, GDateTime *now,
                                                  GError **error);
/* Records an attempt: sent (reason NULL), or failed with a reason; a failure before the last
 * attempt stays queued with its next attempt's time. */
gboolean    loket_store_messages_report          (LoketStore *self, const char *message_id,
                                                  const char *reason, GDateTime *now,
                                                  GError **error);

G_END_DECLS
