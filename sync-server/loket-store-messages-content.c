/* loket-store-messages-content.c — the server's outbox of messages (loket-store-messages.h):
 * a message's content for its delivery.  At its first attempt a message is composed from what
 * the store knows then (loket-message-text.h) with the links it needs, and its text fixed in
 * message_content; a later attempt sends the same text again.
 *
 * Handing out content claims the message for a while (a lease in
 * message_content.next_attempt_at), so a `loket-sync deliver` beside a serving server never
 * sends one message twice.
 */
#include "config.h"

#include "loket-error.h"
#include "loket-message-text.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-store-web.h"

/* How long a message handed out for sending is not handed out again. */
#define LEASE_MINUTES 10

/* How long the link in an appointment's mail works after its start, and a survey's link. */
#define LINK_DAYS_AFTER 30
#define SURVEY_DAYS 60

/* ---- content -------------------------------------------------------------------------------- */

static const char appointment_facts_sql[] =
  "SELECT a.status, a.start_at, a.end_at, a.items, a.product_id, a.mode, a.video_link,"
  " p.name AS product_name, k.title AS article_title, l.name AS location_name,"
  " l.address AS location_address, l.timezone, cu.name AS customer_name, cu.email, cu.phone,"
  " cs.reference"
  " FROM appointments a JOIN products p ON p.id = a.product_id"
  " JOIN capacities cap ON cap.id = a.capacity_id JOIN locations l ON l.id = cap.location_id"
  " LEFT JOIN kb_articles k ON k.id = p.article_id AND k.status = 'published'"
  " LEFT JOIN customers cu ON cu.id = a.customer_id LEFT JOIN cases cs ON cs.id = a.case_id"
  " WHERE a.id = ?";

static const char case_facts_sql[] =
  "SELECT k.reference, k.closed_at, k.deadline, coalesce (p.name, t.name) AS product_name,"
  " cu.name AS customer_name, cu.email, cu.phone"
  " FROM cases k JOIN case_types t ON t.id = k.case_type_id"
  " LEFT JOIN products p ON p.id = k.product_id LEFT JOIN customers cu ON cu.id = k.customer_id"
  " WHERE k.id = ?";

/* What composing a message needs, and owns. */
typedef struct {
  LoketMessageFacts  facts;
  JsonObject        *row;        /* the appointment's or case's facts */
  GTimeZone         *tz;
  char              *products;
  char              *link_token;
  char              *case_code;
  char              *survey_token;
  char              *status_wording;
  char              *recipient;
} Composing;

static void
composing_clear (Composing *c)
{
  g_clear_pointer (&c->row, json_object_unref);
  g_clear_pointer (&c->facts.start, g_date_time_unref);
  g_clear_pointer (&c->facts.end, g_date_time_unref);
  g_clear_pointer (&c->facts.expected, g_date_time_unref);
  g_clear_pointer (&c->tz, g_time_zone_unref);
  g_clear_pointer (&c->products, g_free);
  g_clear_pointer (&c->link_token, g_free);
  g_clear_pointer (&c->case_code, g_free);
  g_clear_pointer (&c->survey_token, g_free);
  g_clear_pointer (&c->status_wording, g_free);
  g_clear_pointer (&c->recipient, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Composing, composing_clear)

/* "Paspoort (2), Identiteitskaart" from a visit's items; the product alone without them. */
static gboolean
products_text (LoketStore *self, JsonObject *row, char **text, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT p.name, coalesce (json_extract (e.value, '$.count'), 1) FROM json_each (CASE WHEN json_valid (?1) THEN ?1 ELSE '[]' END) e"
    " JOIN products p ON p.id = json_extract (e.value, '$.product_id') ORDER BY e.key", error);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *items = member_text (row, "items");
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, items != NULL ? items : "[]");
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, column_text (stmt, 0));
      if (sqlite3_column_int (stmt, 1) > 1)
        g_string_append_printf (out, " (%d)", sqlite3_column_int (stmt, 1));
    }
  if (!ok)
    return FALSE;
  *text = out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE)
                       : g_strdup (member_text (row, "product_name"));
  return TRUE;
}

/* How often the appointment changed before this message: the .ics SEQUENCE. */
static gboolean
sequence_of (LoketStore *self, const char *message_id, const char *appointment_id,
             guint *sequence, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT count (*) FROM messages WHERE appointment_id = ?1 AND kind IN ('change',"
    " 'cancellation') AND rowid <= (SELECT rowid FROM messages WHERE id = ?2)", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, appointment_id);
  loket_db_bind_text (stmt, 2, message_id);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *sequence = has_row ? (guint) sqlite3_column_int (stmt, 0) : 0;
  return TRUE;
}

static GDateTime *
local_time (const char *iso, GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

/* The facts of an appointment's message; *relevant FALSE when the appointment is no longer
 * booked (or, for a cancellation, not cancelled): nothing to say any more. */
static gboolean
gather_appointment (LoketStore *self, JsonObject *message, Composing *c, gboolean *relevant,
                    GError **error)
{
  const char *id = member_text (message, "appointment_id");
  const char *kind = member_text (message, "kind");
  const char *status;

  if (!loket_db_query_row (self->db, appointment_facts_sql, id, &c->row, error))
    return FALSE;
  status = c->row != NULL ? member_text (c->row, "status") : NULL;
  *relevant = g_strcmp0 (status, g_str_equal (kind, "cancellation") ? "cancelled" : "booked") == 0;
  if (!*relevant)
    return TRUE;
  c->tz = g_time_zone_new_identifier (member_text (c->row, "timezone"));
  if (c->tz == NULL)
    c->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  c->facts.start = local_time (member_text (c->row, "start_at"), c->tz);
  c->facts.end = local_time (member_text (c->row, "end_at"), c->tz);
  if (c->facts.start == NULL || c->facts.end == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE, "The appointment %s has no valid time",
                   id);
      return FALSE;
    }
  if (!products_text (self, c->row, &c->products, error)
      || !sequence_of (self, member_text (message, "id"), id, &c->facts.sequence, error))
    return FALSE;
  c->facts.appointment_id = id;
  c->facts.products = c->products;
  c->facts.location_name = member_text (c->row, "location_name");
  c->facts.location_address = member_text (c->row, "location_address");
  c->facts.mode = member_text (c->row, "mode");
  c->facts.video_link = member_text (c->row, "video_link");
  c->facts.article_title = member_text (c->row, "article_title");
  return TRUE;
}

/* When an open case is expected to be done: its deadline (a local date), at noon, which
 * every day has; NULL for a closed case or a deadline that is no date. */
static GDateTime *
expected_day (JsonObject *row)
{
  g_autoptr(GTimeZone) tz = loket_slot_source_zone ("Europe/Amsterdam");
  GDate deadline;

  if (member_text (row, "closed_at") != NULL
      || !loket_slot_source_parse_date (member_text (row, "deadline"), &deadline))
    return NULL;
  return g_date_time_new (tz, g_date_get_year (&deadline), g_date_get_month (&deadline),
                          g_date_get_day (&deadline), 12, 0, 0);
}

/* The facts of a case's message; a survey of a case opened again, or a status message of a
 * case that reached another status since, is no longer relevant. */
static gboolean
gather_case (LoketStore *self, JsonObject *message, Composing *c, gboolean *relevant,
             GError **error)
{
  const char *kind = member_text (message, "kind");
  const char *case_id = member_text (message, "case_id");

  if (!loket_db_query_row (self->db, case_facts_sql, case_id, &c->row, error))
    return FALSE;
  *relevant = c->row != NULL && (!g_str_equal (kind, "survey")
                                 || member_text (c->row, "closed_at") != NULL);
  if (*relevant && g_str_equal (kind, "status"))
    {
      if (!loket_store_messages_status_wording (self, member_text (message, "id"), case_id,
                                                &c->status_wording, error))
        return FALSE;
      *relevant = c->status_wording != NULL;
      c->facts.status_wording = c->status_wording;
      c->facts.expected = expected_day (c->row);
    }
  if (*relevant)
    c->products = g_strdup (member_text (c->row, "product_name"));
  c->facts.products = c->products;
  return TRUE;
}

/* The customer's address for the channel, checked; *reason says why there is none. */
static void
find_recipient (Composing *c, const char *channel, char **reason)
{
  gboolean sms = g_str_equal (channel, "sms");
  g_autofree char *raw = g_strdup (member_text (c->row, sms ? "phone" : "email"));

  if (raw == NULL || *g_strstrip (raw) == '\0')
    *reason = loket_message_text_reason (sms ? LOKET_MESSAGE_REASON_NO_PHONE
                                             : LOKET_MESSAGE_REASON_NO_EMAIL, 0, NULL);
  else if (sms && (c->recipient = loket_message_text_phone (raw)) == NULL)
    *reason = loket_message_text_reason (LOKET_MESSAGE_REASON_BAD_PHONE, 0, NULL);
  else if (!sms && !loket_message_text_address_ok (raw))
    *reason = loket_message_text_reason (LOKET_MESSAGE_REASON_BAD_ADDRESS, 0, NULL);
  else if (!sms)
    c->recipient = g_steal_pointer (&raw);
}

/* The tokens and codes the text links to, made now (the store keeps only their hashes). */
static gboolean
make_links (LoketStore *self, JsonObject *message, Composing *c, GDateTime *now,
            GError **error)
{
  const char *kind = member_text (message, "kind");
  gboolean email = g_str_equal (member_text (message, "channel"), "email");

  if (email && (g_str_equal (kind, "confirmation") || g_str_equal (kind, "change")
                || g_str_equal (kind, "reminder")))
    {
      gint64 expires = g_date_time_to_unix (c->facts.start) + LINK_DAYS_AFTER * 24 * 3600;

      c->link_token = loket_store_web_new_token (self, "appointment",
                                                 member_text (message, "appointment_id"),
                                                 expires, now, error);
      return c->link_token != NULL;
    }
  /* An SMS carries no code: it is not secret enough for it. */
  if (email && (g_str_equal (kind, "acknowledgement") || g_str_equal (kind, "status")))
    {
      c->case_code = loket_store_web_new_case_code (self, member_text (message, "case_id"), now,
                                                    error);
      return c->case_code != NULL;
    }
  if (g_str_equal (kind, "survey"))
    {
      c->survey_token = loket_store_web_new_token (self, "survey",
                                                   member_text (message, "case_id"),
                                                   g_date_time_to_unix (now)
                                                   + SURVEY_DAYS * 24 * 3600, now, error);
      return c->survey_token != NULL;
    }
  return TRUE;
}

static JsonObject *
content_object (JsonObject *message, const char *recipient, const char *subject,
                const char *body, const char *attachment_name, const char *attachment)
{
  JsonObject *content = json_object_new ();

  json_object_set_string_member (content, "id", member_text (message, "id"));
  json_object_set_string_member (content, "channel", member_text (message, "channel"));
  json_object_set_string_member (content, "kind", member_text (message, "kind"));
  json_object_set_string_member (content, "recipient", recipient);
  json_object_set_string_member (content, "subject", subject);
  json_object_set_string_member (content, "body", body);
  json_object_set_string_member (content, "attachment_name", attachment_name);
  json_object_set_string_member (content, "attachment", attachment);
  return content;
}

/* Fixes the text with a lease: handed out now, not again before the lease ends. */
static gboolean
store_content (LoketStore *self, JsonObject *content, const char *lease_end, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO message_content (message_id, recipient, subject, body, attachment_name,"
    " attachment, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, member_text (content, "id"));
  loket_db_bind_text (stmt, 2, member_text (content, "recipient"));
  loket_db_bind_text (stmt, 3, member_text (content, "subject"));
  loket_db_bind_text (stmt, 4, member_text (content, "body"));
  loket_db_bind_text (stmt, 5, member_text (content, "attachment_name"));
  loket_db_bind_text (stmt, 6, member_text (content, "attachment"));
  loket_db_bind_text (stmt, 7, lease_end);
  return loket_store_run_write (self, stmt, error);
}

/* Composes a message at its first attempt.  *content stays NULL when the message was settled
 * instead: cancelled (nothing to say any more) or failed (no usable address). */
static gboolean
compose (LoketStore *self, JsonObject *message, const LoketSite *site, GDateTime *now,
         const char *lease_end, JsonObject **content, GError **error)
{
  g_auto(Composing) c = { 0 };
  g_autoptr(LoketMessageText) text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *at = loket_protocol_format_time (g_date_time_to_unix (now));
  const char *id = member_text (message, "id");
  gboolean relevant;

  if (member_text (message, "appointment_id") != NULL
      ? !gather_appointment (self, message, &c, &relevant, error)
      : !gather_case (self, message, &c, &relevant, error))
    return FALSE;
  if (!relevant)
    return loket_store_message_set_column (self, id, "state", "cancelled", at, error);
  find_recipient (&c, member_text (message, "channel"), &reason);
  if (reason != NULL)
    return loket_store_message_settle (self, id, LOKET_MESSAGE_GIVE_UP, reason, NULL, now, error);
  if (!make_links (self, message, &c, now, error))
    return FALSE;

  c.facts.kind = member_text (message, "kind");
  c.facts.channel = member_text (message, "channel");
  c.facts.site_name = site->name;
  c.facts.site_url = site->url != NULL ? site->url : "";
  c.facts.customer_name = member_text (c.row, "customer_name");
  c.facts.reference = member_text (c.row, "reference");
  c.facts.link_token = c.link_token;
  c.facts.case_code = c.case_code;
  c.facts.survey_token = c.survey_token;
  c.facts.now = now;
  text = loket_message_text_compose (&c.facts);
  *content = content_object (message, c.recipient, text->subject, text->body,
                             text->attachment_name, text->attachment);
  return store_content (self, *content, lease_end, error);
}

static gboolean
renew_lease (LoketStore *self, const char *message_id, const char *lease_end, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE message_content SET next_attempt_at = ? WHERE message_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, lease_end);
  loket_db_bind_text (stmt, 2, message_id);
  return loket_store_run_write (self, stmt, error);
}

static gboolean
content_in_transaction (LoketStore *self, const char *message_id, const LoketSite *site,
                        GDateTime *now, JsonObject **content, GError **error)
{
  g_autoptr(JsonObject) message = NULL;
  g_autofree char *at = loket_protocol_format_time (g_date_time_to_unix (now));
  g_autofree char *lease_end = loket_protocol_format_time (g_date_time_to_unix (now)
                                                           + LEASE_MINUTES * 60);
  const char *next;

  if (!loket_db_query_row (self->db,
                           "SELECT m.*, mc.message_id IS NOT NULL AS composed, mc.next_attempt_at,"
                           " mc.recipient, mc.subject, mc.body, mc.attachment_name, mc.attachment"
                           " FROM messages m LEFT JOIN message_content mc ON mc.message_id = m.id"
                           " WHERE m.id = ?", message_id, &message, error))
    return FALSE;
  /* Not queued, not due yet, or handed out to another delivery that has not reported. */
  next = message != NULL ? member_text (message, "next_attempt_at") : NULL;
  if (message == NULL || g_strcmp0 (member_text (message, "state"), "queued") != 0
      || g_strcmp0 (member_text (message, "due_at"), at) > 0
      || (next != NULL && g_strcmp0 (next, at) > 0))
    return TRUE;
  if (!json_object_get_int_member (message, "composed"))
    return compose (self, message, site, now, lease_end, content, error);
  *content = content_object (message, member_text (message, "recipient"),
                             member_text (message, "subject"), member_text (message, "body"),
                             member_text (message, "attachment_name"),
                             member_text (message, "attachment"));
  return renew_lease (self, message_id, lease_end, error);
}

JsonObject *
loket_store_messages_content (LoketStore *self, const char *message_id, const LoketSite *site,
                              GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) content = NULL;
  gboolean ok;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (message_id != NULL && site != NULL && now != NULL, NULL);

  if (!loket_db_begin (self->db, error))
    return NULL;
  /* The texts, the reasons and the store's own refusals in the customer's language. */
  loket_site_enter_language ();
  ok = content_in_transaction (self, message_id, site, now, &content, error);
  loket_site_leave_language ();
  if (!ok || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return NULL;
    }
  if (content == NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "The message %s is not to be sent now",
                 message_id);
  return g_steal_pointer (&content);
}
