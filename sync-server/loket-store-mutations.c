/* loket-store-mutations.c — the business rules of the mutations a desk pushes.
 *
 * Each apply_* runs inside the mutation's transaction (loket-store-push.c) and answers with an
 * outcome: a change that breaks a rule is rejected with a reason, never dropped.  FALSE only
 * for a failing database.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-slot-source.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-validate.h"

/* ---- argument checks ------------------------------------------------------------------------ */

gboolean
loket_store_required_text (JsonObject *args, const char *member, const char **out, GError **error)
{
  if (!loket_protocol_get_string (args, member, out, error))
    return FALSE;
  for (const char *p = *out; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return loket_store_invalid (error, _("The member “%s” must not be empty"), member);
}

/* An optional string; an empty one counts as absent. */
gboolean
loket_store_optional_text (JsonObject *args, const char *member, const char **out, GError **error)
{
  if (!loket_protocol_opt_string (args, member, out, error))
    return FALSE;
  if (*out != NULL && **out == '\0')
    *out = NULL;
  return TRUE;
}

gboolean
loket_store_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

gboolean
loket_store_one_of (const char *value, const char *member, const char *const *allowed,
                    GError **error)
{
  if (value == NULL || g_strv_contains (allowed, value))
    return TRUE;
  return loket_store_invalid (error, _("“%s” is not an allowed value of “%s”"), value,
                              member);
}

/* Whether sql (one text parameter) finds a row. */
gboolean
loket_store_row_exists (LoketStore *self, const char *sql, const char *key, gboolean *found,
                        GError **error)
{
  g_autoptr(JsonObject) row = NULL;

  if (!loket_db_query_row (self->db, sql, key, &row, error))
    return FALSE;
  *found = row != NULL;
  return TRUE;
}

gboolean
loket_store_reject (LoketStoreOutcome *out, const char *code, const char *message)
{
  return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, code, NULL, "%s", message);
}

/* ---- create_customer ------------------------------------------------------------------------ */

void
loket_store_customer_clear (LoketStoreCustomer *c)
{
  g_free (c->bsn);
  g_free (c->rrn);
  g_free (c->kvk);
  g_free (c->postcode);
}

/* Checks an identity number and keeps only its digits, so "1234.56.782" and "123456782" are
 * the same person; an 8-digit BSN gets its leading zero back. */
static gboolean
identity_number (const char *text, gboolean (*check) (const char *, GError **), guint width,
                 char **out, GError **error)
{
  g_autofree char *digits = NULL;

  if (text == NULL)
    return TRUE;
  if (!check (text, error))
    return FALSE;
  digits = loket_validate_normalize_id (text);
  if (digits == NULL)
    return loket_store_invalid (error, _("“%s” is not a number"), text);
  if (strlen (digits) < width)
    {
      char *padded = g_strnfill (width - strlen (digits), '0');

      *out = g_strconcat (padded, digits, NULL);
      g_free (padded);
      return TRUE;
    }
  *out = g_steal_pointer (&digits);
  return TRUE;
}

static gboolean
parse_customer (JsonObject *args, LoketStoreCustomer *c, GError **error)
{
  static const char *const kinds[] = { "person", "organisation", NULL };
  static const char *const channels[] = { "telefoon", "email", "post", "digitaal", NULL };
  const char *bsn, *rrn, *kvk, *postcode;
  GDate date;

  if (!loket_store_required_text (args, "id", &c->id, error)
      || !loket_store_required_text (args, "name", &c->name, error)
      || !loket_store_optional_text (args, "kind", &c->kind, error)
      || !loket_store_optional_text (args, "bsn", &bsn, error)
      || !loket_store_optional_text (args, "rrn", &rrn, error)
      || !loket_store_optional_text (args, "kvk", &kvk, error)
      || !loket_store_optional_text (args, "birth_date", &c->birth_date, error)
      || !loket_store_optional_text (args, "email", &c->email, error)
      || !loket_store_optional_text (args, "phone", &c->phone, error)
      || !loket_store_optional_text (args, "postcode", &postcode, error)
      || !loket_store_optional_text (args, "preferred_channel", &c->preferred_channel, error)
      || !loket_store_one_of (c->kind, "kind", kinds, error)
      || !loket_store_one_of (c->preferred_channel, "preferred_channel", channels, error)
      || !identity_number (bsn, loket_validate_bsn, 9, &c->bsn, error)
      || !identity_number (rrn, loket_validate_rrn, 0, &c->rrn, error)
      || !identity_number (kvk, loket_validate_kvk, 0, &c->kvk, error))
    return FALSE;
  if (c->birth_date != NULL && !loket_validate_date (c->birth_date, &date, error))
    return FALSE;
  if (c->email != NULL && !loket_validate_email (c->email, error))
    return FALSE;
  /* A Dutch postcode is normalised; a Belgian one ("9000") is kept as written. */
  if (postcode != NULL)
    {
      char *normalized = NULL;

      if (loket_validate_postcode (postcode, &normalized, NULL))
        c->postcode = normalized;
      else
        {
          g_free (normalized);
          c->postcode = g_strdup (postcode);
        }
    }
  return TRUE;
}

static gboolean
find_same_customer (LoketStore *self, const LoketStoreCustomer *c, char **survivor, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT id FROM customers WHERE bsn = ? OR rrn = ? OR kvk = ? ORDER BY created_at LIMIT 1",
    error);
  gboolean has_row;

  *survivor = NULL;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->bsn);
  loket_db_bind_text (stmt, 2, c->rrn);
  loket_db_bind_text (stmt, 3, c->kvk);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *survivor = g_strdup (column_text (stmt, 0));
  return TRUE;
}

gboolean
loket_store_insert_customer (LoketStore *self, const LoketStoreCustomer *c, const char *now,
                             GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO customers (id, kind, bsn, rrn, kvk, name, birth_date, email, phone, postcode,"
    " preferred_channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->id);
  loket_db_bind_text (stmt, 2, c->kind != NULL ? c->kind : "person");
  loket_db_bind_text (stmt, 3, c->bsn);
  loket_db_bind_text (stmt, 4, c->rrn);
  loket_db_bind_text (stmt, 5, c->kvk);
  loket_db_bind_text (stmt, 6, c->name);
  loket_db_bind_text (stmt, 7, c->birth_date);
  loket_db_bind_text (stmt, 8, c->email);
  loket_db_bind_text (stmt, 9, c->phone);
  loket_db_bind_text (stmt, 10, c->postcode);
  loket_db_bind_text (stmt, 11, c->preferred_channel != NULL ? c->preferred_channel : "email");
  loket_db_bind_text (stmt, 12, now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "customers", c->id, now, error);
}

static gboolean
merged (LoketStoreOutcome *out, const char *survivor)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "survivor_id", survivor);
  return loket_store_outcome_set (out, LOKET_OUTCOME_APPLIED, LOKET_CODE_MERGED, details,
                                  _("This customer already exists; the records were merged"));
}

/* The desk's duplicate becomes an alias of the survivor, and a tombstone removes it from every
 * replica; bookings that name the alias later land on the survivor. */
static gboolean
merge_customer (LoketStore *self, const char *alias, const char *survivor, const char *now,
                GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO customer_aliases (alias_id, survivor_id) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, alias);
  loket_db_bind_text (stmt, 2, survivor);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_change (self, "customers", alias, NULL, now, error);
}

static gboolean
apply_create_customer (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                       LoketStoreOutcome *out, GError **error)
{
  g_auto(LoketStoreCustomer) c = { 0 };
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) alias = NULL;
  g_autofree char *survivor = NULL;

  if (!parse_customer (args, &c, &bad))
    return loket_store_outcome_reject_error (out, bad);

  /* Sent before (by another device of the same desk, say): the same answer, no new effect. */
  if (!loket_db_query_row (self->db, "SELECT id FROM customers WHERE id = ?", c.id,
                           &existing, error)
      || !loket_db_query_row (self->db,
                              "SELECT survivor_id FROM customer_aliases WHERE alias_id = ?",
                              c.id, &alias, error))
    return FALSE;
  /* The user who made the customer (or its duplicate) may see it from now on (scope). */
  if (existing != NULL)
    return loket_store_remember_customer (self, m->user_id, c.id, "created", TRUE, error)
           && loket_store_outcome_applied (out, NULL);
  if (alias != NULL)
    return loket_store_remember_customer (self, m->user_id, member_text (alias, "survivor_id"),
                                          "created", FALSE, error)
           && merged (out, member_text (alias, "survivor_id"));

  if (!find_same_customer (self, &c, &survivor, error))
    return FALSE;
  if (survivor != NULL)
    return merge_customer (self, c.id, survivor, m->now, error)
           && loket_store_remember_customer (self, m->user_id, survivor, "created", FALSE, error)
           && merged (out, survivor);
  return loket_store_insert_customer (self, &c, m->now, error)
         && loket_store_remember_customer (self, m->user_id, c.id, "created", TRUE, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- book_appointment ----------------------------------------------------------------------- */


/* The items of a visit: an array member, or absent. */
static gboolean
items_arg (JsonObject *args, JsonArray **items, GError **error)
{
  JsonNode *node = json_object_get_member (args, "items");

  *items = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return loket_store_invalid (error, _("The member “%s” must be a list"), "items");
  *items = json_node_get_array (node);
  return TRUE;
}

/* The items of a stored appointment ('[]' or absent: NULL). */
JsonArray *
loket_store_stored_items (JsonObject *appointment)
{
  g_autoptr(JsonNode) node = NULL;
  const char *text = member_text (appointment, "items");

  if (text == NULL || (node = json_from_string (text, NULL)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return NULL;
  return json_array_ref (json_node_get_array (node));
}

static gboolean
parse_booking (JsonObject *args, LoketStoreBooking *b, GError **error)
{
  static const char *const modes[] = { "fysiek", "digitaal", "hybride", NULL };

  if (!loket_store_required_text (args, "id", &b->id, error)
      || !loket_store_required_text (args, "product_id", &b->product_id, error)
      || !loket_store_required_text (args, "capacity_id", &b->capacity_id, error)
      || !loket_store_required_text (args, "start_at", &b->start_at, error)
      || !loket_store_optional_text (args, "customer_id", &b->customer_id, error)
      || !loket_protocol_opt_string (args, "reason", &b->reason, error)
      || !loket_store_optional_text (args, "mode", &b->mode, error)
      || !loket_store_one_of (b->mode, "mode", modes, error)
      || !loket_store_optional_text (args, "note", &b->note, error)
      || !loket_store_optional_text (args, "video_link", &b->video_link, error)
      || !loket_store_optional_text (args, "case_id", &b->case_id, error)
      || !loket_store_optional_text (args, "event_id", &b->event_id, error)
      || !items_arg (args, &b->items, error))
    return FALSE;
  if (!loket_protocol_parse_time (b->start_at, &b->start))
    return loket_store_invalid (error, _("“%s” is not a time"), b->start_at);
  return TRUE;
}

/* The survivor of a merged customer; *found FALSE when the id names nobody. */
gboolean
loket_store_resolve_customer (LoketStore *self, const char *id, char **resolved, gboolean *found,
                              GError **error)
{
  g_autoptr(JsonObject) alias = NULL;
  g_autoptr(JsonObject) customer = NULL;

  *resolved = NULL;
  *found = TRUE;
  if (id == NULL)
    return TRUE;
  if (!loket_db_query_row (self->db, "SELECT survivor_id FROM customer_aliases WHERE alias_id = ?",
                           id, &alias, error))
    return FALSE;
  if (alias != NULL)
    id = member_text (alias, "survivor_id");
  if (!loket_db_query_row (self->db, "SELECT id FROM customers WHERE id = ?", id, &customer, error))
    return FALSE;
  *found = customer != NULL;
  *resolved = g_strdup (id);
  return TRUE;
}

static JsonObject *
details_appointment (const char *appointment_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "appointment_id", appointment_id);
  return details;
}

/* The same id sent again: the same booking is answered as it went the first time. */
static gboolean
answer_existing_booking (LoketStore *self, const LoketStoreBooking *b, const char *customer_id,
                         JsonObject *existing, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(JsonObject) first = NULL;
  gint64 start = 0;

  if (g_strcmp0 (member_text (existing, "product_id"), b->product_id) != 0
      || g_strcmp0 (member_text (existing, "capacity_id"), b->capacity_id) != 0
      || g_strcmp0 (member_text (existing, "customer_id"), customer_id) != 0
      || !loket_protocol_parse_time (member_text (existing, "start_at"), &start)
      || start != b->start)
    return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                                    _("Another appointment with this id already exists"));
  if (g_strcmp0 (member_text (existing, "status"), "rejected") != 0)
    return loket_store_outcome_applied (out, NULL);

  if (!loket_db_query_row (self->db, "SELECT code, message FROM mutation_outcomes"
                           " WHERE outcome = 'rejected'"
                           " AND json_extract (details, '$.appointment_id') = ? LIMIT 1",
                           b->id, &first, error))
    return FALSE;
  return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED,
                                  first != NULL && g_strcmp0 (member_text (first, "code"),
                                                              LOKET_CODE_CLOSED) == 0
                                  ? LOKET_CODE_CLOSED : LOKET_CODE_SLOT_TAKEN,
                                  details_appointment (b->id), "%s",
                                  first != NULL ? member_text (first, "message") : "");
}

static char *
items_text (JsonArray *items)
{
  g_autoptr(JsonNode) node = NULL;

  if (items == NULL)
    return g_strdup ("[]");
  node = json_node_init_array (json_node_alloc (), items);
  return json_to_string (node, FALSE);
}

gboolean
loket_store_insert_appointment (LoketStore *self, const LoketStoreMutation *m,
                                const LoketStoreBooking *b, const char *customer_id,
                                const char *case_id, gint64 end, LoketChannel channel,
                                const char *status, const char *status_reason, GError **error)
{
  g_autofree char *start_at = loket_protocol_format_time (b->start);
  g_autofree char *end_at = loket_protocol_format_time (end);
  g_autofree char *items = items_text (b->items);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO appointments (id, product_id, capacity_id, customer_id, start_at, end_at,"
    " reason, mode, channel, status, status_reason, created_by, created_at, items, note,"
    " video_link, case_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, b->id);
  loket_db_bind_text (stmt, 2, b->product_id);
  loket_db_bind_text (stmt, 3, b->capacity_id);
  loket_db_bind_text (stmt, 4, customer_id);
  loket_db_bind_text (stmt, 5, start_at);
  loket_db_bind_text (stmt, 6, end_at);
  loket_db_bind_text (stmt, 7, b->reason != NULL ? b->reason : "");
  loket_db_bind_text (stmt, 8, b->mode != NULL ? b->mode : "fysiek");
  loket_db_bind_text (stmt, 9, channel == LOKET_CHANNEL_WEB ? "web" : "desk");
  loket_db_bind_text (stmt, 10, status);
  loket_db_bind_text (stmt, 11, status_reason);
  loket_db_bind_text (stmt, 12, m->user_id);
  loket_db_bind_text (stmt, 13, m->now);
  loket_db_bind_text (stmt, 14, items);
  loket_db_bind_text (stmt, 15, b->note != NULL ? b->note : "");
  loket_db_bind_text (stmt, 16, b->video_link);
  loket_db_bind_text (stmt, 17, case_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointments", b->id, m->now, error);
}

/* Whether the slot is free, with the same loader and engine the desk uses, leaving exclude_id
 * (a booking being moved) out.  *refusal says why not: the capacity or product is unknown or do
 * not match, or the slot is taken or closed.  FALSE only for a database failure. */
static gboolean
check_slot (LoketStore *self, const LoketStoreBooking *b, const char *exclude_id, gint64 *end,
            GError **refusal, GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(GError) local_error = NULL;
  LoketSlotQuery visit;

  source = loket_slot_source_load_for_check (self->db, b->capacity_id, b->product_id,
                                             exclude_id, b->start, &local_error);
  if (source == NULL)
    {
      if (g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_propagate_error (refusal, g_steal_pointer (&local_error));
      return TRUE;
    }
  /* Channel desk, and no "not before": an offline desk may deliver a booking late. */
  visit = *loket_slot_source_query (source, LOKET_CHANNEL_DESK, 0);
  if (b->items != NULL
      && !loket_rules_visit_minutes (self->db, b->capacity_id, b->items, &visit.duration_minutes,
                                     &local_error))
    {
      if (g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_DATABASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_propagate_error (refusal, g_steal_pointer (&local_error));
      return TRUE;
    }
  *end = b->start + (gint64) visit.duration_minutes * 60;
  loket_slots_check (&visit, b->start, end, refusal);
  return TRUE;
}

static gboolean
apply_book_appointment (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                        LoketStoreOutcome *out, GError **error)
{
  LoketStoreBooking b = { 0 };
  g_autoptr(GError) refusal = NULL;
  g_autofree char *customer_id = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) kase = NULL;
  gboolean found, kept;
  gint64 end = 0;

  if (!parse_booking (args, &b, &refusal))
    return loket_store_outcome_reject_error (out, refusal);
  if (!loket_store_resolve_customer (self, b.customer_id, &customer_id, &found, error)
      || !loket_db_query_row (self->db, "SELECT * FROM appointments WHERE id = ?", b.id,
                              &existing, error))
    return FALSE;
  if (!found)
    return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_NOT_FOUND, NULL,
                                    _("The customer of this appointment is unknown"));
  if (existing != NULL)
    return answer_existing_booking (self, &b, customer_id, existing, out, error);

  if (!check_slot (self, &b, NULL, &end, &refusal, error))
    return FALSE;
  kept = refusal == NULL || g_error_matches (refusal, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
         || g_error_matches (refusal, LOKET_ERROR, LOKET_ERROR_CLOSED);
  if (!kept)
    return loket_store_outcome_reject_error (out, refusal);

  /* A case that did not come about (its create_case was refused) leaves the booking unlinked. */
  if (b.case_id != NULL
      && !loket_db_query_row (self->db, "SELECT id FROM cases WHERE id = ?", b.case_id, &kase,
                              error))
    return FALSE;

  /* A booking that lost its slot is kept, rejected, so the desk can show it with its customer
   * and offer alternatives; it holds no place. Its reason is the outcome code, which each desk
   * shows in its own language (loket_protocol_describe_reason). */
  if (!loket_store_insert_appointment (self, m, &b, customer_id, kase != NULL ? b.case_id : NULL,
                                       end, LOKET_CHANNEL_DESK,
                                       refusal != NULL ? "rejected" : "booked",
                                       refusal != NULL ? loket_store_code_for_error (refusal)
                                                       : "", error)
      || !loket_store_add_appointment_event (self, m, b.event_id, b.id,
                                             refusal != NULL ? "rejected" : "booked", NULL, NULL,
                                             error))
    return FALSE;
  /* A desk booking gets the same confirmation and reminders as a web booking. */
  if (refusal == NULL)
    return loket_store_messages_for_appointment (self, b.id, LOKET_MESSAGE_BOOKED, m->now,
                                                 error)
           && loket_store_outcome_applied (out, NULL);
  return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED,
                                  loket_store_code_for_error (refusal),
                                  details_appointment (b.id), "%s", refusal->message);
}

/* ---- cancel_appointment --------------------------------------------------------------------- */

static gboolean
apply_cancel_appointment (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                          LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  const char *id, *reason, *status, *event_id = NULL;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || !loket_protocol_opt_string (args, "reason", &reason, &bad)
      || !loket_store_optional_text (args, "event_id", &event_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!loket_db_query_row (self->db, "SELECT status FROM appointments WHERE id = ?", id,
                           &existing, error))
    return FALSE;
  if (existing == NULL)
    return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_NOT_FOUND, NULL,
                                    _("This appointment is unknown"));
  status = member_text (existing, "status");
  if (g_strcmp0 (status, "cancelled") == 0)
    return loket_store_outcome_applied (out, NULL);
  if (g_strcmp0 (status, "done") == 0 || g_strcmp0 (status, "no_show") == 0)
    return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                                    _("This appointment has already taken place"));

  stmt = loket_db_prepare_cached (self->db, "UPDATE appointments SET status = 'cancelled',"
                                  " status_reason = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, reason != NULL ? reason : "");
  loket_db_bind_text (stmt, 2, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointments", id, m->now, error)
         && loket_store_add_appointment_event (self, m, event_id, id, "cancelled", NULL, NULL,
                                               error)
         && loket_store_messages_for_appointment (self, id, LOKET_MESSAGE_CANCELLED, m->now,
                                                  error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- reschedule_appointment ----------------------------------------------------------------- */

/* The refused move is answered with the booking as the server keeps it: logged again, so the
 * desk that moved it locally gets the old time back on its next pull. */
static gboolean
refuse_move (LoketStore *self, const LoketStoreMutation *m, const char *id, const char *code,
             const char *message, LoketStoreOutcome *out, GError **error)
{
  return loket_store_log_upsert (self, "appointments", id, m->now, error)
         && loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, code, details_appointment (id),
                                     "%s", message);
}

static gboolean
move_appointment (LoketStore *self, const LoketStoreMutation *m, const LoketStoreBooking *b,
                  gint64 end, GError **error)
{
  g_autofree char *start_at = loket_protocol_format_time (b->start);
  g_autofree char *end_at = loket_protocol_format_time (end);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE appointments SET start_at = ?, end_at = ?, capacity_id = ?, status = 'booked',"
    " status_reason = '', channel = 'desk' WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, start_at);
  loket_db_bind_text (stmt, 2, end_at);
  loket_db_bind_text (stmt, 3, b->capacity_id);
  loket_db_bind_text (stmt, 4, b->id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointments", b->id, m->now, error);
}

/* Where a move went from and to: a history row's detail. */
JsonObject *
loket_store_move_detail (JsonObject *existing, const LoketStoreBooking *b)
{
  JsonObject *detail = json_object_new ();
  g_autofree char *to = loket_protocol_format_time (b->start);

  json_object_set_string_member (detail, "from", member_text (existing, "start_at"));
  json_object_set_string_member (detail, "to", to);
  json_object_set_string_member (detail, "from_capacity_id", member_text (existing, "capacity_id"));
  json_object_set_string_member (detail, "to_capacity_id", b->capacity_id);
  return detail;
}

/* A booked appointment moves when the new slot is free without counting itself; a rejected one
 * (it lost its slot) is booked again when it gets a free one.  The desk moved it into a place of
 * the desk share, so from then on it counts there, also when a citizen booked it on the web. */
static gboolean
apply_reschedule_appointment (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                              LoketStoreOutcome *out, GError **error)
{
  LoketStoreBooking b = { 0 };
  g_autoptr(GError) refusal = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonObject) detail = NULL;
  const char *status;
  gint64 end = 0, start = 0;

  if (!loket_store_required_text (args, "id", &b.id, &refusal)
      || !loket_store_required_text (args, "start_at", &b.start_at, &refusal)
      || !loket_store_optional_text (args, "capacity_id", &b.capacity_id, &refusal)
      || !loket_store_optional_text (args, "event_id", &b.event_id, &refusal)
      || (!loket_protocol_parse_time (b.start_at, &b.start)
          && !loket_store_invalid (&refusal, _("“%s” is not a time"), b.start_at)))
    return loket_store_outcome_reject_error (out, refusal);
  if (!loket_db_query_row (self->db, "SELECT * FROM appointments WHERE id = ?", b.id, &existing,
                           error))
    return FALSE;
  if (existing == NULL)
    return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_NOT_FOUND, NULL,
                                    _("This appointment is unknown"));
  status = member_text (existing, "status");
  b.product_id = member_text (existing, "product_id");
  b.items = items = loket_store_stored_items (existing);
  if (b.capacity_id == NULL)
    b.capacity_id = member_text (existing, "capacity_id");
  if (g_strcmp0 (status, "booked") != 0 && g_strcmp0 (status, "rejected") != 0)
    return refuse_move (self, m, b.id, LOKET_CODE_INVALID,
                        _("Only a booked appointment can be moved"), out, error);
  if (g_strcmp0 (status, "booked") == 0
      && g_strcmp0 (b.capacity_id, member_text (existing, "capacity_id")) == 0
      && loket_protocol_parse_time (member_text (existing, "start_at"), &start) && start == b.start)
    return loket_store_outcome_applied (out, NULL);  /* sent again: it is there already */

  if (!check_slot (self, &b, b.id, &end, &refusal, error))
    return FALSE;
  if (refusal != NULL)
    return refuse_move (self, m, b.id, loket_store_code_for_error (refusal), refusal->message,
                        out, error);
  detail = loket_store_move_detail (existing, &b);
  return move_appointment (self, m, &b, end, error)
         && loket_store_add_appointment_event (self, m, b.event_id, b.id, "rescheduled", NULL,
                                               detail, error)
         && loket_store_messages_for_appointment (self, b.id,
                                                  g_strcmp0 (status, "rejected") == 0
                                                  ? LOKET_MESSAGE_BOOKED : LOKET_MESSAGE_MOVED,
                                                  m->now, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

/* A history row the desk named (event_id) that the server did not make — the change was
 * refused, or was there already — goes out as a tombstone, so the desk's row goes too. */
static gboolean
settle_event (LoketStore *self, const LoketStoreMutation *m, JsonObject *args, GError **error)
{
  const char *event_id = json_object_get_string_member_with_default (args, "event_id", NULL);
  g_autoptr(JsonObject) row = NULL;

  if (event_id == NULL)
    return TRUE;
  if (!loket_db_query_row (self->db, "SELECT id FROM appointment_events WHERE id = ?", event_id,
                           &row, error))
    return FALSE;
  return row != NULL || loket_store_log_change (self, "appointment_events", event_id, NULL,
                                                m->now, error);
}

static gboolean
apply_mutation (LoketStore *self, const LoketStoreMutation *m, const char *type,
                JsonObject *args, LoketStoreOutcome *out, GError **error);

gboolean
loket_store_apply_mutation (LoketStore *self, const LoketStoreMutation *m, const char *type,
                            JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  return apply_mutation (self, m, type, args, out, error) && settle_event (self, m, args, error);
}

static gboolean
apply_mutation (LoketStore *self, const LoketStoreMutation *m, const char *type,
                JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  if (g_str_equal (type, LOKET_MUTATION_CREATE_CUSTOMER))
    return apply_create_customer (self, m, args, out, error);
  if (g_str_equal (type, LOKET_MUTATION_BOOK_APPOINTMENT))
    return apply_book_appointment (self, m, args, out, error);
  if (g_str_equal (type, LOKET_MUTATION_CANCEL_APPOINTMENT))
    return apply_cancel_appointment (self, m, args, out, error);
  if (g_str_equal (type, LOKET_MUTATION_RESCHEDULE_APPOINTMENT))
    return apply_reschedule_appointment (self, m, args, out, error);
  for (guint i = 0; loket_store_case_mutations[i].type != NULL; i++)
    if (g_str_equal (type, loket_store_case_mutations[i].type))
      return loket_store_case_mutations[i].apply (self, m, args, out, error);
  for (guint i = 0; loket_store_agenda_mutations[i].type != NULL; i++)
    if (g_str_equal (type, loket_store_agenda_mutations[i].type))
      return loket_store_agenda_mutations[i].apply (self, m, args, out, error);
  for (guint i = 0; loket_store_casework_mutations[i].type != NULL; i++)
    if (g_str_equal (type, loket_store_casework_mutations[i].type))
      return loket_store_casework_mutations[i].apply (self, m, args, out, error);
  for (guint i = 0; loket_store_kb_mutations[i].type != NULL; i++)
    if (g_str_equal (type, loket_store_kb_mutations[i].type))
      return loket_store_kb_mutations[i].apply (self, m, args, out, error);
  return loket_store_outcome_set (out, LOKET_OUTCOME_REJECTED, LOKET_CODE_INVALID, NULL,
                                  _("The server does not know the change “%s”; update Loket"),
                                  type);
}

