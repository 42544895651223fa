#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* What the server told the customers, as the desk's replica has it: the messages the server's
 * outbox sends about an appointment or a case (their kind, channel and how it went, never the
 * text or the recipient), and the citizens' satisfaction answers after their case closed.
 * Both are the server's rows, read only here; they change with a pull, after which the
 * replica's "changed" signal fires (entity NULL), so open views read them again. */

/* ---- messages -------------------------------------------------------------------------------- */

/* The messages of an appointment and those of its case that name no appointment (the
 * acknowledgement of the case, its status changes, the survey invitation), in the order they
 * are due (then made): the messages columns (id, appointment_id, case_id, channel, kind,
 * due_at, state, attempts, reason, sent_at, created_at). */
GListModel *loket_replica_list_messages      (LoketReplica *self, const char *appointment_id);
/* The messages of a case and of its appointments, in the same order and with the same
 * columns. */
GListModel *loket_replica_list_case_messages (LoketReplica *self, const char *case_id);

/* How a message went, as the desk tells it. */
typedef enum {
  LOKET_MESSAGE_STATE_PLANNED,    /* queued, due later */
  LOKET_MESSAGE_STATE_WAITING,    /* queued, due already, not tried yet */
  LOKET_MESSAGE_STATE_RETRYING,   /* queued again after failed attempts; reason says why */
  LOKET_MESSAGE_STATE_SENT,
  LOKET_MESSAGE_STATE_FAILED,     /* given up; reason says why */
  LOKET_MESSAGE_STATE_CANCELLED,  /* no longer needed (the appointment moved or was cancelled) */
} LoketMessageState;

/* now: Unix seconds, for whether a queued message is due yet. */
LoketMessageState loket_message_get_state    (LoketRecord *message, gint64 now);
/* "Reminder by SMS": what was sent and how. */
char             *loket_message_describe_what (LoketRecord *message);
/* "sent 22 Nov 14:03", "planned 23 Nov 13:30", "failed: <reason>", "retrying after 2 failed
 * attempts: <reason>", "not sent: cancelled"; times in tz. */
char             *loket_message_describe_state (LoketRecord *message, GTimeZone *tz, gint64 now);
/* Both: "Reminder by SMS · planned 23 Nov 13:30". */
char             *loket_message_describe      (LoketRecord *message, GTimeZone *tz, gint64 now);

/* ---- satisfaction ---------------------------------------------------------------------------- */

/* The service charter's target: satisfaction of at least 3 on the scale of 1 to 5. */
#define LOKET_SATISFACTION_TARGET 3.0

/* The three questions of the survey, in the order of q1, q2, q3. */
typedef enum {
  LOKET_SURVEY_HANDLING,      /* how the case was handled */
  LOKET_SURVEY_INFORMATION,   /* how clear the information was */
  LOKET_SURVEY_DURATION,      /* how long it took */
  LOKET_SURVEY_N_QUESTIONS
} LoketSurveyQuestion;

/* The answers for one product (or all) over a period. */
typedef struct {
  char   *product_id;        /* NULL: answers without a product, or the total */
  char   *product_name;      /* NULL likewise */
  guint   answers;
  guint   satisfied;         /* answers whose three marks average at least the target */
  gint64  sums[LOKET_SURVEY_N_QUESTIONS];
} LoketSatisfaction;

void     loket_satisfaction_clear        (LoketSatisfaction *satisfaction);
/* The mean mark (1–5) of one question, 0 without answers. */
double   loket_satisfaction_mean         (const LoketSatisfaction *satisfaction,
                                          LoketSurveyQuestion question);
/* The mean of all marks, 0 without answers. */
double   loket_satisfaction_overall      (const LoketSatisfaction *satisfaction);
/* satisfied / answers (0–1), 0 without answers. */
double   loket_satisfaction_share        (const LoketSatisfaction *satisfaction);
/* Whether the mean of all marks reaches LOKET_SATISFACTION_TARGET (FALSE without answers). */
gboolean loket_satisfaction_meets_target (const LoketSatisfaction *satisfaction);

/* The answers given in [from, until) per product, by product name (answers without a product
 * last): a GArray of LoketSatisfaction that clears its elements; products without answers are
 * left out.  total (optional) gets the sum over all of them (clear it with
 * loket_satisfaction_clear). */
GArray  *loket_replica_satisfaction      (LoketReplica *self, GDateTime *from, GDateTime *until,
                                          LoketSatisfaction *total);

G_END_DECLS
