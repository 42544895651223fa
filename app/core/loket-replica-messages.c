/* loket-replica-messages.c — the server's messages to customers and the citizens' satisfaction,
 * as the desk's replica has them (loket-replica-messages.h).
 *
 * Both tables are the server's alone: no desk writes them, so there is nothing to judge, record
 * or replay here, only reading.  The words for a message's state are made here rather than in
 * the widgets so that they are the same wherever a message is shown, and testable without a
 * display.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-messages.h"
#include "loket-replica-private.h"

/* ---- messages -------------------------------------------------------------------------------- */

/* Due order; a confirmation and a reminder due at the same moment keep the order they were
 * made in, and the id makes the order total so a refresh never shuffles equal rows. */
#define MESSAGES_ORDER " ORDER BY m.due_at, m.created_at, m.id"

GListModel *
loket_replica_list_messages (LoketReplica *self, const char *appointment_id)
{
  const char *params[] = { appointment_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (appointment_id != NULL, NULL);

  return loket_replica_query_texts (self,
    "SELECT m.* FROM messages m WHERE m.appointment_id = ?1"
    " OR (m.appointment_id IS NULL AND m.case_id IS NOT NULL"
    "     AND m.case_id = (SELECT a.case_id FROM appointments a WHERE a.id = ?1))"
    MESSAGES_ORDER, 1, params);
}

GListModel *
loket_replica_list_case_messages (LoketReplica *self, const char *case_id)
{
  const char *params[] = { case_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return loket_replica_query_texts (self,
    "SELECT m.* FROM messages m WHERE m.case_id = ?1"
    " OR m.appointment_id IN (SELECT a.id FROM appointments a WHERE a.case_id = ?1)"
    MESSAGES_ORDER, 1, params);
}

LoketMessageState
loket_message_get_state (LoketRecord *message, gint64 now)
{
  const char *state = loket_record_get_string (message, "state");
  gint64 due = 0;

  g_return_val_if_fail (LOKET_IS_RECORD (message), LOKET_MESSAGE_STATE_PLANNED);

  if (g_str_equal (state, "sent"))
    return LOKET_MESSAGE_STATE_SENT;
  if (g_str_equal (state, "failed"))
    return LOKET_MESSAGE_STATE_FAILED;
  if (g_str_equal (state, "cancelled"))
    return LOKET_MESSAGE_STATE_CANCELLED;
  if (loket_record_get_int (message, "attempts") > 0)
    return LOKET_MESSAGE_STATE_RETRYING;
  if (loket_protocol_parse_time (loket_record_get_string (message, "due_at"), &due) && due <= now)
    return LOKET_MESSAGE_STATE_WAITING;
  return LOKET_MESSAGE_STATE_PLANNED;
}

static const char *
kind_noun (const char *kind)
{
  static const struct { const char *kind, *noun; } nouns[] = {
    { "confirmation", N_("Confirmation") },
    { "change", N_("Change") },
    { "cancellation", N_("Cancellation") },
    { "reminder", N_("Reminder") },
    { "acknowledgement", N_("Acknowledgement") },
    { "status", N_("Status update") },
    { "survey", N_("Survey invitation") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nouns); i++)
    if (g_str_equal (nouns[i].kind, kind))
      return _(nouns[i].noun);
  return kind;
}

char *
loket_message_describe_what (LoketRecord *message)
{
  const char *noun;

  g_return_val_if_fail (LOKET_IS_RECORD (message), NULL);

  noun = kind_noun (loket_record_get_string (message, "kind"));
  if (g_str_equal (loket_record_get_string (message, "channel"), "sms"))
    /* Translators: a message to a customer, e.g. "Reminder by SMS" */
    return g_strdup_printf (_("%s by SMS"), noun);
  /* Translators: a message to a customer, e.g. "Confirmation by e-mail" */
  return g_strdup_printf (_("%s by e-mail"), noun);
}

/* "22 Nov 14:03" in tz; the text itself when it is no time. */
static char *
format_moment (const char *iso_utc, GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  /* Translators: when a message to a customer is or was sent, e.g. "22 Nov 14:03";
   * g_date_time_format() codes. */
  /* xgettext:no-c-format */
  return local != NULL ? g_date_time_format (local, _("%-e %b %H:%M")) : g_strdup (iso_utc);
}

char *
loket_message_describe_state (LoketRecord *message, GTimeZone *tz, gint64 now)
{
  const char *reason;
  g_autofree char *when = NULL;
  int attempts;

  g_return_val_if_fail (LOKET_IS_RECORD (message), NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  reason = loket_record_get_string (message, "reason");
  attempts = (int) CLAMP (loket_record_get_int (message, "attempts"), 0, G_MAXINT);
  switch (loket_message_get_state (message, now))
    {
    case LOKET_MESSAGE_STATE_SENT:
      when = format_moment (loket_record_is_null (message, "sent_at")
                            ? loket_record_get_string (message, "due_at")
                            : loket_record_get_string (message, "sent_at"), tz);
      /* Translators: the state of a message, e.g. "sent 22 Nov 14:03" */
      return g_strdup_printf (_("sent %s"), when);
    case LOKET_MESSAGE_STATE_FAILED:
      /* Translators: the state of a message and why, a sentence of the server */
      return *reason != '\0' ? g_strdup_printf (_("failed: %s"), reason) : g_strdup (_("failed"));
    case LOKET_MESSAGE_STATE_CANCELLED:
      return g_strdup (_("not sent: cancelled"));
    case LOKET_MESSAGE_STATE_RETRYING:
      /* Translators: the state of a message and why its last attempt failed */
      return g_strdup_printf (ngettext ("retrying after %d failed attempt: %s",
                                        "retrying after %d failed attempts: %s", attempts),
                              attempts, *reason != '\0' ? reason : _("no reason given"));
    case LOKET_MESSAGE_STATE_WAITING:
      when = format_moment (loket_record_get_string (message, "due_at"), tz);
      /* Translators: the state of a message that is due and not sent yet, e.g. "waiting to be
       * sent since 22 Nov 14:03" */
      return g_strdup_printf (_("waiting to be sent since %s"), when);
    case LOKET_MESSAGE_STATE_PLANNED:
    default:
      when = format_moment (loket_record_get_string (message, "due_at"), tz);
      /* Translators: the state of a message, e.g. "planned 23 Nov 13:30" */
      return g_strdup_printf (_("planned %s"), when);
    }
}

char *
loket_message_describe (LoketRecord *message, GTimeZone *tz, gint64 now)
{
  g_autofree char *what = loket_message_describe_what (message);
  g_autofree char *state = loket_message_describe_state (message, tz, now);

  /* Translators: a message and its state, "Reminder by SMS · planned 23 Nov 13:30" */
  return g_strdup_printf (_("%s · %s"), what, state);
}

/* ---- satisfaction ---------------------------------------------------------------------------- */

void
loket_satisfaction_clear (LoketSatisfaction *satisfaction)
{
  g_clear_pointer (&satisfaction->product_id, g_free);
  g_clear_pointer (&satisfaction->product_name, g_free);
}

double
loket_satisfaction_mean (const LoketSatisfaction *satisfaction, LoketSurveyQuestion question)
{
  g_return_val_if_fail (satisfaction != NULL, 0);
  g_return_val_if_fail ((guint) question < LOKET_SURVEY_N_QUESTIONS, 0);

  return satisfaction->answers > 0 ? (double) satisfaction->sums[question]
                                     / satisfaction->answers : 0;
}

double
loket_satisfaction_overall (const LoketSatisfaction *satisfaction)
{
  gint64 sum = 0;

  g_return_val_if_fail (satisfaction != NULL, 0);

  for (guint i = 0; i < LOKET_SURVEY_N_QUESTIONS; i++)
    sum += satisfaction->sums[i];
  return satisfaction->answers > 0
         ? (double) sum / ((double) satisfaction->answers * LOKET_SURVEY_N_QUESTIONS) : 0;
}

double
loket_satisfaction_share (const LoketSatisfaction *satisfaction)
{
  g_return_val_if_fail (satisfaction != NULL, 0);

  return satisfaction->answers > 0 ? (double) satisfaction->satisfied / satisfaction->answers
                                   : 0;
}

gboolean
loket_satisfaction_meets_target (const LoketSatisfaction *satisfaction)
{
  g_return_val_if_fail (satisfaction != NULL, FALSE);

  /* Compared in whole marks, so a mean of exactly 3 is never lost to rounding. */
  return satisfaction->answers > 0
         && satisfaction->sums[0] + satisfaction->sums[1] + satisfaction->sums[2]
            >= (gint64) (LOKET_SATISFACTION_TARGET * LOKET_SURVEY_N_QUESTIONS)
               * satisfaction->answers;
}

static void
satisfaction_add (LoketSatisfaction *total, const LoketSatisfaction *part)
{
  total->answers += part->answers;
  total->satisfied += part->satisfied;
  for (guint i = 0; i < LOKET_SURVEY_N_QUESTIONS; i++)
    total->sums[i] += part->sums[i];
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

GArray *
loket_replica_satisfaction (LoketReplica *self, GDateTime *from, GDateTime *until,
                            LoketSatisfaction *total)
{
  LoketDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (LoketSatisfaction));
  int rc;

  g_array_set_clear_func (rows, (GDestroyNotify) loket_satisfaction_clear);
  if (total != NULL)
    memset (total, 0, sizeof *total);
  g_return_val_if_fail (LOKET_IS_REPLICA (self), rows);
  g_return_val_if_fail (from != NULL && until != NULL, rows);

  db = loket_replica_get_db (self);
  /* A mean of at least the target over three whole marks: a sum of at least three times it. */
  stmt = loket_db_prepare (db,
    "SELECT s.product_id, p.name, count (*), sum (s.q1), sum (s.q2), sum (s.q3),"
    " sum (s.q1 + s.q2 + s.q3 >= ?3) FROM survey_answers s"
    " LEFT JOIN products p ON p.id = s.product_id"
    " WHERE s.answered_at >= ?1 AND s.answered_at < ?2"
    " GROUP BY s.product_id ORDER BY p.name IS NULL, p.name COLLATE NOCASE, s.product_id", NULL);
  if (stmt == NULL)
    {
      g_critical ("Reading the satisfaction failed: %s",
                  sqlite3_errmsg (loket_db_get_handle (db)));
      return rows;
    }
  from_text = loket_protocol_format_time (g_date_time_to_unix (from));
  until_text = loket_protocol_format_time (g_date_time_to_unix (until));
  loket_db_bind_text (stmt, 1, from_text);
  loket_db_bind_text (stmt, 2, until_text);
  sqlite3_bind_int (stmt, 3, (int) (LOKET_SATISFACTION_TARGET * LOKET_SURVEY_N_QUESTIONS));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoketSatisfaction row = { 0 };

      row.product_id = column_text (stmt, 0);
      row.product_name = column_text (stmt, 1);
      row.answers = (guint) sqlite3_column_int64 (stmt, 2);
      for (guint i = 0; i < LOKET_SURVEY_N_QUESTIONS; i++)
        row.sums[i] = sqlite3_column_int64 (stmt, 3 + (int) i);
      row.satisfied = (guint) sqlite3_column_int64 (stmt, 6);
      if (total != NULL)
        satisfaction_add (total, &row);
      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    g_warning ("Reading the satisfaction failed: %s", sqlite3_errmsg (loket_db_get_handle (db)));
  return rows;
}
