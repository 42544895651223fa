#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the server's messages to customers say (loket-message-text.c): subject and text of each
 * kind of message, the .ics of an appointment, the e-mail as it goes to the mail program, and
 * the sentences that say why a delivery failed.
 *
 * Everything is written in the language _() answers in: call it under
 * loket_site_enter_language () so a customer reads the site's language.  Nothing here touches
 * the database; loket-store-messages-content.c gathers the facts.
 *
 * Personal data (the customer's name) only goes into a message's text, which is plain text:
 * control characters are replaced by spaces, and nothing of it ever reaches a mail header. */

typedef struct {
  const char *kind;            /* "confirmation", "change", "cancellation", "reminder",
                                * "acknowledgement", "status", "survey" */
  const char *channel;         /* "email", "sms" */
  const char *site_name;       /* the municipality */
  const char *site_url;        /* no trailing slash */
  const char *customer_name;   /* nullable */

  /* An appointment's messages. */
  const char *appointment_id;  /* the .ics UID */
  const char *products;        /* "Paspoort (2), Identiteitskaart" */
  GDateTime  *start;           /* in the location's zone */
  GDateTime  *end;
  const char *location_name;
  const char *location_address;/* may be empty */
  const char *mode;            /* "fysiek", "digitaal", "hybride" */
  const char *video_link;      /* nullable */
  const char *article_title;   /* nullable: the product's article, what to bring */
  const char *link_token;      /* nullable: the link to change or cancel */
  guint       sequence;        /* the .ics SEQUENCE: how often it changed before */

  /* A case's messages (and an appointment's case, for its reference). */
  const char *reference;       /* nullable */
  const char *case_code;       /* nullable: the code of an acknowledgement or status e-mail */
  const char *survey_token;    /* nullable */
  const char *status_wording;  /* a status message's status, as citizens read it */
  GDateTime  *expected;        /* nullable: when the case is expected to be done (local noon) */

  GDateTime  *now;             /* composing time: the .ics DTSTAMP, "today" in an SMS */
} LoketMessageFacts;

typedef struct {
  char *subject;               /* "" for an SMS */
  char *body;                  /* plain text; an SMS is short (160 characters where possible) */
  char *attachment_name;       /* nullable: "afspraak.ics" */
  char *attachment;            /* nullable: the .ics text */
} LoketMessageText;

LoketMessageText *loket_message_text_compose (const LoketMessageFacts *facts);
void              loket_message_text_free    (LoketMessageText *text);

/* "maandag", "november" (months count from 1) in the language _() answers in. */
const char *loket_message_text_weekday_name (GDateWeekday weekday);
const char *loket_message_text_month_name   (int month);
/* "maandag 23 november 2026" and "maandag 23 november 2026 om 09:30" of a local time. */
char *loket_message_text_day      (GDateTime *local);
char *loket_message_text_day_time (GDateTime *local);

/* The .ics of an appointment: a VEVENT with a UID stable per appointment, DTSTART/DTEND in
 * UTC, SUMMARY, LOCATION and SEQUENCE; METHOD:CANCEL and STATUS:CANCELLED when cancel. */
char *loket_message_text_ics      (const LoketMessageFacts *facts, gboolean cancel);

/* The e-mail as the mail program gets it on stdin (RFC 5322 + MIME, LF line ends): From, To,
 * Subject (RFC 2047 when not ASCII), Date, Message-ID <message_id@domain of from>, and a
 * text/plain part (UTF-8, quoted-printable), in a multipart/mixed with the text/calendar
 * attachment when there is one.  NULL when from or to cannot be used in a header (no address,
 * or characters that do not belong in one). */
char *loket_message_text_mime     (const char *message_id, const char *from, const char *to,
                                   const char *subject, const char *body,
                                   const char *attachment_name, const char *attachment,
                                   GDateTime *date);

/* Whether an e-mail address can go into a To: header as it is: ASCII without spaces, control
 * characters or specials, one @, a dot in the domain. */
gboolean loket_message_text_address_ok (const char *address);
/* A phone number as an SMS gateway takes it: "+31612345678" from "06-12345678", "0031 6 …" or
 * "+31 (0)6 …"; NULL when it does not have 8 to 15 digits. */
char    *loket_message_text_phone      (const char *phone);

/* Why a delivery failed, as the desk shows it (see loket-store-messages.h). */
typedef enum {
  LOKET_MESSAGE_REASON_MAIL_STATUS,        /* the mail program stopped with status N */
  LOKET_MESSAGE_REASON_MAIL_SIGNAL,        /* the mail program was stopped (signal N) */
  LOKET_MESSAGE_REASON_MAIL_START,         /* the mail program cannot be started */
  LOKET_MESSAGE_REASON_MAIL_TIMEOUT,       /* the mail program did not finish in N seconds */
  LOKET_MESSAGE_REASON_SMS_NONE,           /* no SMS gateway is configured */
  LOKET_MESSAGE_REASON_SMS_REFUSED,        /* the gateway refused it with HTTP status N */
  LOKET_MESSAGE_REASON_SMS_STATUS,         /* the gateway answered HTTP status N (retried) */
  LOKET_MESSAGE_REASON_SMS_UNREACHABLE,    /* the gateway cannot be reached */
  LOKET_MESSAGE_REASON_BAD_ADDRESS,        /* the customer's e-mail address cannot be used */
  LOKET_MESSAGE_REASON_BAD_PHONE,          /* the customer's phone number cannot be used */
  LOKET_MESSAGE_REASON_NO_EMAIL,           /* the customer no longer has an e-mail address */
  LOKET_MESSAGE_REASON_NO_PHONE,           /* the customer no longer has a phone number */
  LOKET_MESSAGE_REASON_BAD_SENDER,         /* the configured From cannot be used */
} LoketMessageReason;

char *loket_message_text_reason (LoketMessageReason reason, int number, const char *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketMessageText, loket_message_text_free)

G_END_DECLS
