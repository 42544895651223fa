/* loket-store-messages.c — the server's outbox of messages (loket-store-messages.h): queueing,
 * what is due, and settling an attempt.  A message's content is in
 * loket-store-messages-content.c.
 *
 * Queueing runs inside the transaction of the change that causes it, so a booking and its
 * confirmation commit together or not at all.  It is idempotent per event: a mutation that is
 * answered again (a replayed push, the same booking sent by a second device) finds the
 * message it queued the first time and queues nothing.
 *
 * Delivery works in its own transactions: _content claims a message for a while (a lease), and
 * _report settles the attempt.
 *
 * The rows say only what a desk shows: what, when, how it went.  The recipient and the text
 * live in message_content on the server; reasons are our own sentences.
 */
#include "config.h"

#include "loket-error.h"
#include "loket-message-text.h"
#include "loket-protocol.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"

/* Minutes before the next attempt after the first, second, … failure. */
static const guint backoff_minutes[LOKET_MESSAGE_MAX_ATTEMPTS - 1] = { 1, 5, 15, 60, 240 };

/* ---- queueing ------------------------------------------------------------------------------- */

typedef struct {
  const char *column;  /* "appointment_id" or "case_id": what the message is about */
  const char *target;
  const char *case_id; /* an appointment's case, nullable */
  const char *now;
} Subject;

/* id: NULL for a new random one. */
static gboolean
insert_message_with_id (LoketStore *self, const Subject *s, const char *id, const char *channel,
                        const char *kind, const char *due_at, GError **error)
{
  g_autofree char *random_id = id == NULL ? g_uuid_string_random () : NULL;
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO messages (id, appointment_id, case_id, channel, kind, due_at, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  gboolean appointment = g_str_equal (s->column, "appointment_id");

  if (stmt == NULL)
    return FALSE;
  if (id == NULL)
    id = random_id;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, appointment ? s->target : NULL);
  loket_db_bind_text (stmt, 3, appointment ? s->case_id : s->target);
  loket_db_bind_text (stmt, 4, channel);
  loket_db_bind_text (stmt, 5, kind);
  loket_db_bind_text (stmt, 6, due_at);
  loket_db_bind_text (stmt, 7, s->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "messages", id, s->now, error);
}

static gboolean
insert_message (LoketStore *self, const Subject *s, const char *channel, const char *kind,
                const char *due_at, GError **error)
{
  return insert_message_with_id (self, s, NULL, channel, kind, due_at, error);
}

/* Whether a message of kind (any channel, any state) exists about the subject; made at a given
 * time when at is not NULL. */
static gboolean
has_message (LoketStore *self, const Subject *s, const char *kind, const char *at,
             gboolean *found, GError **error)
{
  /* column is one of two names of ours, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM messages WHERE %s = ?1"
                                          " AND kind = ?2 AND (?3 IS NULL OR created_at = ?3))",
                                          s->column);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, sql, error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, s->target);
  loket_db_bind_text (stmt, 2, kind);
  loket_db_bind_text (stmt, 3, at);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *found = has_row && sqlite3_column_int (stmt, 0) == 1;
  return TRUE;
}

/* The appointment's facts that decide its messages; NULL (no error) when it is unknown. */
static gboolean
load_booking (LoketStore *self, const char *appointment_id, JsonObject **booking,
              GError **error)
{
  return loket_db_query_row (self->db,
    "SELECT a.status, a.start_at, a.case_id, p.remind_email_minutes, p.remind_sms_minutes,"
    " nullif (trim (c.email), '') IS NOT NULL AS has_email,"
    " nullif (trim (c.phone), '') IS NOT NULL AS has_phone"
    " FROM appointments a JOIN products p ON p.id = a.product_id"
    " LEFT JOIN customers c ON c.id = a.customer_id WHERE a.id = ?",
    appointment_id, booking, error);
}

/* When a reminder of a channel is due ("" when none: no address, 0 minutes, or passed). */
static char *
reminder_due (JsonObject *booking, const char *channel, const char *now)
{
  gboolean sms = g_str_equal (channel, "sms");
  gint64 minutes = json_object_get_int_member (booking, sms ? "remind_sms_minutes"
                                                            : "remind_email_minutes");
  gint64 start = 0, current = 0;

  if (minutes <= 0 || !json_object_get_int_member (booking, sms ? "has_phone" : "has_email")
      || !loket_protocol_parse_time (member_text (booking, "start_at"), &start)
      || !loket_protocol_parse_time (now, &current) || start - minutes * 60 < current)
    return g_strdup ("");
  return loket_protocol_format_time (start - minutes * 60);
}

/* Sets one column of ours ("state", "due_at") of a message, logged. */
gboolean
loket_store_message_set_column (LoketStore *self, const char *id, const char *column,
                                const char *value, const char *now, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE messages SET %s = ? WHERE id = ?", column);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, value);
  loket_db_bind_text (stmt, 2, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "messages", id, now, error);
}

typedef struct {
  char     *id;
  gboolean  fixed;   /* composed: its text says the old time, so it cannot move */
} Queued;

static void
queued_clear (Queued *q)
{
  g_free (q->id);
}

/* The queued reminders of an appointment of one channel (NULL: both). */
static GArray *
queued_reminders (LoketStore *self, const char *appointment_id, const char *channel,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT m.id, mc.message_id IS NOT NULL FROM messages m"
    " LEFT JOIN message_content mc ON mc.message_id = m.id"
    " WHERE m.appointment_id = ?1 AND m.kind = 'reminder' AND m.state = 'queued'"
    " AND (?2 IS NULL OR m.channel = ?2) ORDER BY m.rowid", error);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Queued));
  gboolean ok, has_row;

  g_array_set_clear_func (found, (GDestroyNotify) queued_clear);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, appointment_id);
  loket_db_bind_text (stmt, 2, channel);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      Queued q = { g_strdup (column_text (stmt, 0)), sqlite3_column_int (stmt, 1) != 0 };

      g_array_append_val (found, q);
    }
  return ok ? g_steal_pointer (&found) : NULL;
}

static gboolean
queue_reminders (LoketStore *self, const Subject *s, JsonObject *booking, GError **error)
{
  static const char *const channels[] = { "email", "sms" };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autofree char *due = reminder_due (booking, channels[i], s->now);

      if (*due != '\0' && !insert_message (self, s, channels[i], "reminder", due, error))
        return FALSE;
    }
  return TRUE;
}

/* Moved: a reminder not yet composed takes its new time; one that is composed (its text says
 * the old time) or whose new time has passed is cancelled, and a new one is queued. */
static gboolean
move_reminders (LoketStore *self, const Subject *s, JsonObject *booking, GError **error)
{
  static const char *const channels[] = { "email", "sms" };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_autofree char *due = reminder_due (booking, channels[i], s->now);
      g_autoptr(GArray) queued = queued_reminders (self, s->target, channels[i], error);
      gboolean placed = FALSE;

      if (queued == NULL)
        return FALSE;
      for (guint q = 0; q < queued->len; q++)
        {
          const Queued *reminder = &g_array_index (queued, Queued, q);

          if (*due != '\0' && !placed && !reminder->fixed)
            {
              if (!loket_store_message_set_column (self, reminder->id, "due_at", due, s->now,
                                                   error))
                return FALSE;
              placed = TRUE;
            }
          else if (!loket_store_message_set_column (self, reminder->id, "state", "cancelled",
                                                    s->now, error))
            return FALSE;
        }
      if (*due != '\0' && !placed && !insert_message (self, s, channels[i], "reminder", due, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
cancel_reminders (LoketStore *self, const Subject *s, GError **error)
{
  g_autoptr(GArray) queued = queued_reminders (self, s->target, NULL, error);

  if (queued == NULL)
    return FALSE;
  for (guint q = 0; q < queued->len; q++)
    if (!loket_store_message_set_column (self, g_array_index (queued, Queued, q).id, "state",
                                         "cancelled", s->now, error))
      return FALSE;
  return TRUE;
}

static gboolean
queue_booked (LoketStore *self, const Subject *s, JsonObject *booking, GError **error)
{
  gboolean confirmed;

  /* The same booking answered again (a replay, a second device) was confirmed already. */
  if (!has_message (self, s, "confirmation", NULL, &confirmed, error))
    return FALSE;
  if (confirmed)
    return TRUE;
  if (json_object_get_int_member (booking, "has_email")
      && !insert_message (self, s, "email", "confirmation", s->now, error))
    return FALSE;
  return queue_reminders (self, s, booking, error);
}

static gboolean
queue_moved (LoketStore *self, const Subject *s, JsonObject *booking, GError **error)
{
  gboolean confirmed, told;

  /* A booking that lost its place and got a new one was never confirmed: confirm it now. */
  if (!has_message (self, s, "confirmation", NULL, &confirmed, error))
    return FALSE;
  if (!confirmed)
    return queue_booked (self, s, booking, error);
  /* The same move reported twice (at the same time) makes one change mail. */
  if (!has_message (self, s, "change", s->now, &told, error))
    return FALSE;
  return (told || !json_object_get_int_member (booking, "has_email")
          || insert_message (self, s, "email", "change", s->now, error))
         && move_reminders (self, s, booking, error);
}

static gboolean
queue_cancelled (LoketStore *self, const Subject *s, JsonObject *booking, GError **error)
{
  gboolean confirmed, told;

  /* Who was never told of the booking is not told of its end either. */
  if (!has_message (self, s, "confirmation", NULL, &confirmed, error)
      || !cancel_reminders (self, s, error))
    return FALSE;
  if (!confirmed || !json_object_get_int_member (booking, "has_email"))
    return TRUE;
  if (!has_message (self, s, "cancellation", NULL, &told, error))
    return FALSE;
  return told || insert_message (self, s, "email", "cancellation", s->now, error);
}

gboolean
loket_store_messages_for_appointment (LoketStore *self, const char *appointment_id,
                                      LoketMessageEvent event, const char *now, GError **error)
{
  g_autoptr(JsonObject) booking = NULL;
  Subject s = { "appointment_id", appointment_id, NULL, now };
  gboolean booked;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL && now != NULL, FALSE);

  if (!load_booking (self, appointment_id, &booking, error))
    return FALSE;
  if (booking == NULL)
    return TRUE;
  s.case_id = member_text (booking, "case_id");
  booked = g_strcmp0 (member_text (booking, "status"), "booked") == 0;
  switch (event)
    {
    case LOKET_MESSAGE_BOOKED:
      return !booked || queue_booked (self, &s, booking, error);
    case LOKET_MESSAGE_MOVED:
      return !booked || queue_moved (self, &s, booking, error);
    case LOKET_MESSAGE_CANCELLED:
      return queue_cancelled (self, &s, booking, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The channel of a message about a case (kase: has_email, phone, preferred_channel): e-mail,
 * which carries the code to the status page; an SMS (no code, see loket-message-text.c) to whom
 * has no e-mail address, or prefers the phone and has a number an SMS can go to.  NULL: no
 * address at all. */
static const char *
case_channel (JsonObject *kase)
{
  const char *phone = member_text (kase, "phone");
  gboolean has_email = json_object_get_int_member (kase, "has_email") != 0;
  gboolean prefers_phone = g_strcmp0 (member_text (kase, "preferred_channel"), "telefoon") == 0;
  g_autofree char *sms_number = phone != NULL ? loket_message_text_phone (phone) : NULL;

  if (phone != NULL && (!has_email || (prefers_phone && sms_number != NULL)))
    return "sms";
  return has_email ? "email" : NULL;
}

/* A message about a case, once per case and kind: by the customer's channel (case_channel), or
 * only by e-mail (the survey's link needs one). */
static gboolean
queue_case_message (LoketStore *self, const char *case_id, const char *kind, gboolean email_only,
                    const char *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  Subject s = { "case_id", case_id, NULL, now };
  const char *channel;
  gboolean found;

  if (!loket_db_query_row (self->db, "SELECT nullif (trim (c.email), '') IS NOT NULL AS has_email,"
                           " nullif (trim (c.phone), '') AS phone, c.preferred_channel"
                           " FROM cases k LEFT JOIN customers c ON c.id = k.customer_id"
                           " WHERE k.id = ?", case_id, &kase, error))
    return FALSE;
  if (kase == NULL)
    return TRUE;
  channel = email_only ? (json_object_get_int_member (kase, "has_email") ? "email" : NULL)
                       : case_channel (kase);
  if (channel == NULL)
    return TRUE;
  if (!has_message (self, &s, kind, NULL, &found, error))
    return FALSE;
  return found || insert_message (self, &s, channel, kind, now, error);
}

gboolean
loket_store_messages_case_created (LoketStore *self, const char *case_id, const char *now,
                                   GError **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && now != NULL, FALSE);

  return queue_case_message (self, case_id, "acknowledgement", FALSE, now, error);
}

/* One survey per case: closed again after reopening, it is not asked twice. */
gboolean
loket_store_messages_case_closed (LoketStore *self, const char *case_id, const char *now,
                                  GError **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && now != NULL, FALSE);

  return queue_case_message (self, case_id, "survey", TRUE, now, error);
}

/* ---- a case's status ------------------------------------------------------------------------ */

/* The case's latest status history row (the status it reached last) with that status's public
 * wording (NULL when it has none), and its customer's addresses; no row for an unknown case or
 * one without history. */
static gboolean
load_case_status (LoketStore *self, const char *case_id, JsonObject **row, GError **error)
{
  return loket_db_query_row (self->db,
    "SELECT h.id AS history_id, h.status,"
    " (SELECT w.value FROM json_each (CASE WHEN json_valid (t.public_statuses)"
    "   THEN t.public_statuses ELSE '{}' END) w"
    "  WHERE w.key = h.status AND w.type = 'text' AND trim (w.value) <> '') AS wording,"
    " nullif (trim (c.email), '') IS NOT NULL AS has_email, nullif (trim (c.phone), '') AS phone,"
    " c.preferred_channel"
    " FROM cases k JOIN case_types t ON t.id = k.case_type_id"
    " JOIN case_status_history h ON h.id = (SELECT id FROM case_status_history"
    "  WHERE case_id = k.id ORDER BY at DESC, rowid DESC LIMIT 1)"
    " LEFT JOIN customers c ON c.id = k.customer_id WHERE k.id = ?", case_id, row, error);
}

/* A status message's id follows from the history row of the status it tells: the same change
 * reported again finds its message, and a status reached twice (back and forth) has two rows,
 * so two messages.  A hash, not the history id itself: that is a desk's text, and a message's
 * id goes into its Message-ID header.  UUID-shaped (version 8) like the other messages' ids. */
static char *
status_message_id (const char *history_id)
{
  g_autofree char *input = g_strconcat ("loket status message\n", history_id, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);

  return g_strdup_printf ("%.8s-%.4s-8%.3s-%c%.3s-%.12s", hash, hash + 8, hash + 12,
                          "89ab"[g_ascii_xdigit_value (hash[15]) & 3], hash + 16, hash + 19);
}

gboolean
loket_store_messages_case_status_changed (LoketStore *self, const char *case_id,
                                          const char *status, const char *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autofree char *id = NULL;
  Subject s = { "case_id", case_id, NULL, now };
  const char *channel;
  gboolean found;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL && status != NULL && now != NULL, FALSE);

  if (!load_case_status (self, case_id, &kase, error))
    return FALSE;
  /* Nothing to tell: the case is not (or no longer) in this status, the status is not for the
   * public, or there is no one to tell it to. */
  if (kase == NULL || g_strcmp0 (member_text (kase, "status"), status) != 0
      || member_text (kase, "wording") == NULL || (channel = case_channel (kase)) == NULL)
    return TRUE;
  id = status_message_id (member_text (kase, "history_id"));
  if (!loket_store_row_exists (self, "SELECT id FROM messages WHERE id = ?", id, &found, error))
    return FALSE;
  return found || insert_message_with_id (self, &s, id, channel, "status", now, error);
}

gboolean
loket_store_messages_status_wording (LoketStore *self, const char *message_id,
                                     const char *case_id, char **wording, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autofree char *current = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id != NULL && case_id != NULL && wording != NULL, FALSE);

  *wording = NULL;
  if (!load_case_status (self, case_id, &kase, error))
    return FALSE;
  if (kase == NULL)
    return TRUE;
  current = status_message_id (member_text (kase, "history_id"));
  if (g_str_equal (current, message_id))
    *wording = g_strdup (member_text (kase, "wording"));
  return TRUE;
}

/* ---- due ------------------------------------------------------------------------------------ */

GPtrArray *
loket_store_messages_due (LoketStore *self, GDateTime *now, guint limit, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *at = NULL;
  gboolean ok, has_row;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  at = loket_protocol_format_time (g_date_time_to_unix (now));
  stmt = loket_db_prepare (self->db,
    "SELECT m.id FROM messages m LEFT JOIN message_content mc ON mc.message_id = m.id"
    " WHERE m.state = 'queued' AND m.due_at <= ?1"
    " AND (mc.next_attempt_at IS NULL OR mc.next_attempt_at <= ?1)"
    " ORDER BY m.due_at, m.created_at, m.rowid LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, limit);
  ids = g_ptr_array_new_with_free_func (g_free);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
  return ok ? g_steal_pointer (&ids) : NULL;
}

/* ---- report --------------------------------------------------------------------------------- */

static gboolean
write_report (LoketStore *self, const char *id, const char *state, const char *reason,
              const char *sent_at, const char *next_at, const char *provider_id,
              const char *now, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE messages SET state = ?, reason = ?, sent_at = ?, attempts = attempts + 1"
    " WHERE id = ?", error);
  g_autoptr(LoketDbCached) content = NULL;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, state);
  loket_db_bind_text (stmt, 2, reason != NULL ? reason : "");
  loket_db_bind_text (stmt, 3, sent_at);
  loket_db_bind_text (stmt, 4, id);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  content = loket_db_prepare_cached (self->db, "UPDATE message_content SET next_attempt_at = ?,"
                                     " provider_id = coalesce (?, provider_id)"
                                     " WHERE message_id = ?", error);
  if (content == NULL)
    return FALSE;
  loket_db_bind_text (content, 1, next_at);
  loket_db_bind_text (content, 2, provider_id);
  loket_db_bind_text (content, 3, id);
  return loket_store_run_write (self, content, error)
         && loket_store_log_upsert (self, "messages", id, now, error);
}

gboolean
loket_store_message_settle (LoketStore *self, const char *message_id, LoketMessageResult result,
                            const char *reason, const char *provider_id, GDateTime *now,
                            GError **error)
{
  g_autoptr(JsonObject) message = NULL;
  g_autofree char *at = loket_protocol_format_time (g_date_time_to_unix (now));
  g_autofree char *next = NULL;
  gint64 attempts;

  if (!loket_db_query_row (self->db, "SELECT attempts FROM messages WHERE id = ?", message_id,
                           &message, error))
    return FALSE;
  if (message == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "No message %s", message_id);
      return FALSE;
    }
  if (result == LOKET_MESSAGE_SENT)
    return write_report (self, message_id, "sent", NULL, at, NULL, provider_id, at, error);
  attempts = json_object_get_int_member (message, "attempts") + 1;
  if (result == LOKET_MESSAGE_GIVE_UP || attempts >= LOKET_MESSAGE_MAX_ATTEMPTS)
    return write_report (self, message_id, "failed", reason, NULL, NULL, provider_id, at,
                         error);
  next = loket_protocol_format_time (g_date_time_to_unix (now)
                                     + backoff_minutes[attempts - 1] * 60);
  return write_report (self, message_id, "queued", reason, NULL, next, provider_id, at, error);
}

gboolean
loket_store_messages_report (LoketStore *self, const char *message_id, LoketMessageResult result,
                             const char *reason, const char *provider_id, GDateTime *now,
                             GError **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id != NULL && now != NULL, FALSE);
  g_return_val_if_fail (result == LOKET_MESSAGE_SENT || reason != NULL, FALSE);

  if (!loket_db_begin (self->db, error))
    return FALSE;
  if (!loket_store_message_settle (self, message_id, result, reason, provider_id, now, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}
