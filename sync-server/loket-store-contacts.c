/* loket-store-contacts.c — contact moments and callbacks (terugbelnotities): the desk's
 * record of what a customer asked and what was promised them (the contract: loket-protocol.h).
 *
 * Both are append-only records with client-made ids, like notes: the same id again is applied
 * once, and a record the desk made for a change the server refuses goes out as a tombstone.
 * A callback's outcome merges by server time: the first "done" stays, and a later outcome is
 * answered as a conflict whose note is added to the callback, so nothing a desk did is lost.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-deadline.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-casework.h"
#include "loket-store-private.h"
#include "loket-time.h"

/* The longest referred_to a desk may send. */
#define MAX_REFERRED_TO_CHARS 200

/* true/false, or 0/1 from a desk that stores it as a number; missing or null is false. */
static gboolean
bool_arg (JsonObject *args, const char *member, gboolean *out, GError **error)
{
  JsonNode *node = json_object_get_member (args, member);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                           : G_TYPE_INVALID;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    *out = FALSE;
  else if (type == G_TYPE_BOOLEAN)
    *out = json_node_get_boolean (node);
  else if (type == G_TYPE_INT64)
    *out = json_node_get_int (node) != 0;
  else
    return loket_store_invalid (error, _("The member “%s” must be true or false"), member);
  return TRUE;
}

/* ---- add_contact_moment --------------------------------------------------------------------- */

typedef struct
{
  const char *id, *customer_id, *channel, *topic, *product_id, *article_id, *case_id;
  const char *referred_to;
  gboolean    resolved_first_contact;
} ContactArgs;

static gboolean
parse_contact (JsonObject *args, ContactArgs *c, GError **error)
{
  static const char *const channels[] = { "balie", "telefoon", "email", "post", "chat", "web",
                                          NULL };

  if (!loket_store_required_text (args, "id", &c->id, error)
      || !loket_store_required_text (args, "channel", &c->channel, error)
      || !loket_protocol_opt_string (args, "topic", &c->topic, error)
      || !loket_store_optional_text (args, "customer_id", &c->customer_id, error)
      || !loket_store_optional_text (args, "product_id", &c->product_id, error)
      || !loket_store_optional_text (args, "article_id", &c->article_id, error)
      || !loket_store_optional_text (args, "case_id", &c->case_id, error)
      || !loket_protocol_opt_string (args, "referred_to", &c->referred_to, error)
      || !bool_arg (args, "resolved_first_contact", &c->resolved_first_contact, error)
      || !loket_store_one_of (c->channel, "channel", channels, error))
    return FALSE;
  if (loket_store_text_too_long (c->referred_to, MAX_REFERRED_TO_CHARS))
    return loket_store_invalid (error, _("Whom the customer was sent to may be at most %d "
                                         "characters"), MAX_REFERRED_TO_CHARS);
  return TRUE;
}

static gboolean
insert_contact (LoketStore *self, const LoketStoreMutation *m, const ContactArgs *c,
                const char *customer_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id, article_id,"
    " resolved_first_contact, at, by_user, case_id, referred_to)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, customer_id);
  loket_db_bind_text (stmt, 3, c->channel);
  loket_db_bind_text (stmt, 4, c->topic != NULL ? c->topic : "");
  loket_db_bind_text (stmt, 5, c->product_id);
  loket_db_bind_text (stmt, 6, c->article_id);
  sqlite3_bind_int (stmt, 7, c->resolved_first_contact ? 1 : 0);
  loket_db_bind_text (stmt, 8, m->now);
  loket_db_bind_text (stmt, 9, m->user_id);
  loket_db_bind_text (stmt, 10, c->case_id);
  loket_db_bind_text (stmt, 11, c->referred_to != NULL ? c->referred_to : "");
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "contact_moments", c->id, m->now, error);
}

gboolean
loket_store_apply_add_contact_moment (LoketStore *self, const LoketStoreMutation *m,
                                      JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autofree char *customer_id = NULL;
  ContactArgs c = { 0 };
  gboolean replayed, customer_found, product_found = TRUE, article_found = TRUE;
  gboolean case_found = TRUE;

  if (!parse_contact (args, &c, &bad))
    return loket_store_refuse_unreadable (self, m, "contact_moments", c.id, out, bad, error);
  if (!loket_store_row_exists (self, "SELECT id FROM contact_moments WHERE id = ?", c.id,
                               &replayed, error))
    return FALSE;
  if (replayed)
    return loket_store_outcome_applied (out, NULL);
  if (!loket_store_resolve_customer (self, c.customer_id, &customer_id, &customer_found, error)
      || (c.product_id != NULL
          && !loket_store_row_exists (self, "SELECT id FROM products WHERE id = ?", c.product_id,
                                      &product_found, error))
      || (c.article_id != NULL
          && !loket_store_row_exists (self, "SELECT id FROM kb_articles WHERE id = ?",
                                      c.article_id, &article_found, error))
      || (c.case_id != NULL
          && !loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", c.case_id,
                                      &case_found, error)))
    return FALSE;
  if (!case_found)
    return loket_store_refuse_new_row (self, m, "contact_moments", c.id, out,
                                       LOKET_CODE_NOT_FOUND,
                                       _("The case of this contact is unknown"), error);
  if (!customer_found || !product_found || !article_found)
    return loket_store_refuse_new_row (self, m, "contact_moments", c.id, out,
                                       LOKET_CODE_NOT_FOUND,
                                       _("The customer, product or article of this contact is "
                                         "unknown"), error);
  return insert_contact (self, m, &c, customer_id, error)
         /* The editors' figures: which articles answer questions (loket-store-kb.c). */
         && (c.article_id == NULL || loket_store_kb_count_use (self, c.article_id, m->now, error))
         && loket_store_outcome_applied (out, NULL);
}

/* ---- add_callback --------------------------------------------------------------------------- */

typedef struct
{
  const char *id, *customer_id, *contact_moment_id, *phone, *subject, *user_id, *team_id;
  const char *due_at;
  gint64      due;
} CallbackArgs;

static gboolean
parse_callback (JsonObject *args, CallbackArgs *c, GError **error)
{
  if (!loket_store_required_text (args, "id", &c->id, error)
      || !loket_store_required_text (args, "subject", &c->subject, error)
      || !loket_store_optional_text (args, "customer_id", &c->customer_id, error)
      || !loket_store_optional_text (args, "contact_moment_id", &c->contact_moment_id, error)
      || !loket_store_optional_text (args, "phone", &c->phone, error)
      || !loket_store_optional_text (args, "assigned_user_id", &c->user_id, error)
      || !loket_store_optional_text (args, "assigned_team_id", &c->team_id, error)
      || !loket_store_optional_text (args, "due_at", &c->due_at, error))
    return FALSE;
  if (c->due_at != NULL && !loket_protocol_parse_time (c->due_at, &c->due))
    return loket_store_invalid (error, _("“%s” is not a time"), c->due_at);
  if (c->user_id == NULL && c->team_id == NULL)
    return loket_store_invalid (error, _("A callback is for a colleague or a team: choose at "
                                         "least one"));
  if (c->customer_id == NULL && c->phone == NULL)
    return loket_store_invalid (error, _("A callback needs a customer or a phone number to "
                                         "call"));
  return TRUE;
}

/* Whether every row the callback names exists (the customer resolved to its survivor). */
static gboolean
check_callback_links (LoketStore *self, const CallbackArgs *c, char **customer_id,
                      gboolean *found, GError **error)
{
  struct { const char *sql, *key; } links[] = {
    { "SELECT id FROM contact_moments WHERE id = ?", c->contact_moment_id },
    { "SELECT id FROM users WHERE id = ?", c->user_id },
    { "SELECT id FROM teams WHERE id = ?", c->team_id },
  };

  if (!loket_store_resolve_customer (self, c->customer_id, customer_id, found, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (links) && *found; i++)
    if (links[i].key != NULL
        && !loket_store_row_exists (self, links[i].sql, links[i].key, found, error))
      return FALSE;
  return TRUE;
}

/* The end of the next working day after now, in the zone the server reasons in. */
static gboolean
default_due (LoketStore *self, const char *now_text, gint64 *due, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketWorkdays) workdays = NULL;
  gint64 now = 0;
  GDate today;

  loket_protocol_parse_time (now_text, &now);
  loket_time_local_date (tz, now, &today);
  workdays = loket_rules_load_workdays (self->db, g_date_get_year (&today),
                                        g_date_get_year (&today) + 1, error);
  if (workdays == NULL)
    return FALSE;
  *due = loket_deadline_callback_due (workdays, tz, now);
  return TRUE;
}

static gboolean
insert_callback (LoketStore *self, const LoketStoreMutation *m, const CallbackArgs *c,
                 const char *customer_id, GError **error)
{
  g_autofree char *due_at = loket_protocol_format_time (c->due);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO callbacks (id, customer_id, contact_moment_id, phone, subject,"
    " assigned_user_id, assigned_team_id, due_at, created_at, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, customer_id);
  loket_db_bind_text (stmt, 3, c->contact_moment_id);
  loket_db_bind_text (stmt, 4, c->phone != NULL ? c->phone : "");
  loket_db_bind_text (stmt, 5, c->subject);
  loket_db_bind_text (stmt, 6, c->user_id);
  loket_db_bind_text (stmt, 7, c->team_id);
  loket_db_bind_text (stmt, 8, due_at);
  loket_db_bind_text (stmt, 9, m->now);
  loket_db_bind_text (stmt, 10, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "callbacks", c->id, m->now, error);
}

gboolean
loket_store_apply_add_callback (LoketStore *self, const LoketStoreMutation *m,
                                JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autofree char *customer_id = NULL;
  CallbackArgs c = { 0 };
  gboolean replayed, found;

  if (!parse_callback (args, &c, &bad))
    return loket_store_refuse_unreadable (self, m, "callbacks", c.id, out, bad, error);
  if (!loket_store_row_exists (self, "SELECT id FROM callbacks WHERE id = ?", c.id, &replayed,
                               error))
    return FALSE;
  if (replayed)
    return loket_store_outcome_applied (out, NULL);
  if (!check_callback_links (self, &c, &customer_id, &found, error))
    return FALSE;
  if (!found)
    return loket_store_refuse_new_row (self, m, "callbacks", c.id, out, LOKET_CODE_NOT_FOUND,
                                       _("The customer, contact, colleague or team of this "
                                         "callback is unknown"), error);
  if (c.due_at == NULL && !default_due (self, m->now, &c.due, error))
    return FALSE;
  return insert_callback (self, m, &c, customer_id, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- settle_callback ------------------------------------------------------------------------ */

/* "2026-11-23 09:30": a wire-format moment in the zone the server reasons in. */
static char *
local_stamp (const char *moment)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 seconds = 0;

  loket_protocol_parse_time (moment, &seconds);
  utc = g_date_time_new_from_unix_utc (seconds);
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* The note as it joins the callback's outcome_note: on its own when there is none yet and it is
 * the desk's own outcome; else on a new line with who wrote it and when, since the callback's
 * outcome_by and outcome_at name someone else. */
static gboolean
joined_note (LoketStore *self, const LoketStoreMutation *m, const char *existing,
             const char *note, gboolean attributed, char **joined, GError **error)
{
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *when = NULL;

  if (existing != NULL && *existing == '\0')
    existing = NULL;
  if (!attributed && existing == NULL)
    {
      *joined = g_strdup (note);
      return TRUE;
    }
  if (!loket_db_query_row (self->db, "SELECT display_name FROM users WHERE id = ?", m->user_id,
                           &user, error))
    return FALSE;
  when = local_stamp (m->now);
  *joined = g_strdup_printf ("%s%s%s, %s: %s", existing != NULL ? existing : "",
                             existing != NULL ? "\n" : "",
                             user != NULL ? member_text (user, "display_name")
                             : m->user_id != NULL ? m->user_id : "?",
                             when, note);
  return TRUE;
}

static gboolean
write_outcome (LoketStore *self, const LoketStoreMutation *m, const char *id,
               const char *outcome, const char *note, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE callbacks SET outcome = ?1, outcome_at = ?2, outcome_by = ?3,"
    " outcome_note = coalesce (?4, outcome_note) WHERE id = ?5", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, outcome);
  loket_db_bind_text (stmt, 2, m->now);
  loket_db_bind_text (stmt, 3, m->user_id);
  loket_db_bind_text (stmt, 4, note);
  loket_db_bind_text (stmt, 5, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "callbacks", id, m->now, error);
}

/* Done already: nothing of the first outcome is overwritten, the late note is kept beside it,
 * and the desk gets the callback as the server has it. */
static gboolean
answer_done (LoketStore *self, const LoketStoreMutation *m, JsonObject *callback,
             const char *note, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autofree char *joined = NULL;
  const char *id = member_text (callback, "id");
  JsonObject *details;

  if (note != NULL)
    {
      if (!joined_note (self, m, member_text (callback, "outcome_note"), note, TRUE, &joined,
                        error)
          || (stmt = loket_db_prepare_cached (self->db, "UPDATE callbacks SET outcome_note = ?"
                                              " WHERE id = ?", error)) == NULL)
        return FALSE;
      loket_db_bind_text (stmt, 1, joined);
      loket_db_bind_text (stmt, 2, id);
      if (!loket_store_run_write (self, stmt, error))
        return FALSE;
    }
  if (!loket_store_log_upsert (self, "callbacks", id, m->now, error))
    return FALSE;
  details = json_object_new ();
  json_object_set_string_member (details, "outcome", member_text (callback, "outcome"));
  json_object_set_string_member (details, "outcome_by", member_text (callback, "outcome_by"));
  json_object_set_string_member (details, "outcome_at", member_text (callback, "outcome_at"));
  return loket_store_outcome_set (out, LOKET_OUTCOME_CONFLICT, LOKET_CODE_CALLBACK_DONE,
                                  details, "%s",
                                  note != NULL ? _("Someone else already called this customer "
                                                   "back; your note was added to the callback")
                                               : _("Someone else already called this customer "
                                                   "back"));
}

gboolean
loket_store_apply_settle_callback (LoketStore *self, const LoketStoreMutation *m,
                                   JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  static const char *const outcomes[] = { "done", "not_reached", NULL };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) callback = NULL;
  g_autofree char *joined = NULL;
  const char *id, *outcome, *note;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_store_required_text (args, "outcome", &outcome, &bad)
      || !loket_store_one_of (outcome, "outcome", outcomes, &bad)
      || !loket_store_optional_text (args, "note", &note, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_db_query_row (self->db, "SELECT id, outcome, outcome_at, outcome_by, outcome_note"
                           " FROM callbacks WHERE id = ?", id, &callback, error))
    return FALSE;
  if (callback == NULL)
    return loket_store_reject (out, LOKET_CODE_NOT_FOUND, _("This callback is unknown"));
  if (g_strcmp0 (member_text (callback, "outcome"), "done") == 0)
    return answer_done (self, m, callback, note, out, error);
  return (note == NULL
          || joined_note (self, m, member_text (callback, "outcome_note"), note, FALSE, &joined,
                          error))
         && write_outcome (self, m, id, outcome, joined, error)
         && loket_store_outcome_applied (out, NULL);
}
