/* loket-store-web-book.c — what citizens do on the web, in the store (loket-store-web.h):
 * booking a held time, and cancelling or moving an appointment by its link.
 *
 * A web booking is written by the same code as a desk booking (loket-store-mutations.c,
 * loket-store-agenda.c) with channel web and no user, and logged, so desks see it on their
 * next pull.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-messages.h"
#include "loket-store-web-private.h"
#include "loket-store-web.h"
#include "loket-validate.h"

#define LINK_VALID_AFTER (30 * 24 * 60 * 60)  /* an appointment's link after its end */

/* ---- confirming a hold ---------------------------------------------------------------------- */

static gboolean
has_control (const char *text, gboolean newlines_ok)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((g_unichar_iscntrl (c) && !(newlines_ok && (c == '\n' || c == '\r' || c == '\t')))
          || g_unichar_type (c) == G_UNICODE_FORMAT)
        return TRUE;
    }
  return FALSE;
}

static gboolean
valid_phone (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-()", *p) == NULL)
        return FALSE;
    }
  return digits >= 8 && digits <= 15;
}

/* The citizen's own fields; reason_required when a product asks for one. */
static gboolean
check_customer (const LoketWebCustomer *c, gboolean reason_required, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (c->name != NULL ? c->name : ""));
  glong name_chars = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : -1;
  g_autofree char *reason = NULL;

  if (name_chars < 2 || name_chars > 200 || has_control (name, FALSE))
    return loket_store_invalid (error, _("Fill in your name (2 to 200 characters)."));
  if (c->email == NULL || strlen (c->email) > 254 || !g_utf8_validate (c->email, -1, NULL)
      || has_control (c->email, FALSE) || !loket_validate_email (c->email, NULL))
    return loket_store_invalid (error, _("Fill in a valid e-mail address."));
  if (c->phone != NULL && *c->phone != '\0' && !valid_phone (c->phone))
    return loket_store_invalid (error, _("Fill in a valid phone number (8 to 15 digits), or "
                                         "leave it empty."));
  if (c->reason != NULL && (!g_utf8_validate (c->reason, -1, NULL)
                            || g_utf8_strlen (c->reason, -1) > 500
                            || has_control (c->reason, TRUE)))
    return loket_store_invalid (error, _("The reason can be at most 500 characters."));
  reason = g_strstrip (g_strdup (c->reason != NULL ? c->reason : ""));
  if (reason_required && *reason == '\0')
    return loket_store_invalid (error, _("Please tell us the reason for your visit."));
  return TRUE;
}

typedef struct
{
  const char             *hold_token;
  const LoketWebCustomer *customer;
  guint                   max_open;
  LoketStoreWebNow        n;
} ConfirmAsk;

/* At most max_open open (booked, future) web appointments per e-mail address and product. */
static gboolean
check_limit (LoketStore *self, const ConfirmAsk *ask, const LoketSlotVisitProduct *product,
             GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autoptr(JsonObject) row = NULL;
  gboolean has_row;

  if (ask->max_open == 0)
    return TRUE;
  stmt = loket_db_prepare_cached (self->db,
    "SELECT count (*) FROM appointments a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.channel = 'web' AND a.status = 'booked' AND a.start_at > ?1"
    " AND c.email = ?2 COLLATE NOCASE AND (a.product_id = ?3 OR EXISTS"
    "  (SELECT 1 FROM json_each (a.items) WHERE json_extract (value, '$.product_id') = ?3))",
    error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, ask->n.now);
  loket_db_bind_text (stmt, 2, ask->customer->email);
  loket_db_bind_text (stmt, 3, product->product_id);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (sqlite3_column_int64 (stmt, 0) < ask->max_open)
    return TRUE;
  if (!loket_db_query_row (self->db, "SELECT name FROM products WHERE id = ?",
                           product->product_id, &row, error))
    return FALSE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN,
               g_dngettext (GETTEXT_PACKAGE,
                            "You already have %u appointment for “%s” with this e-mail address. "
                            "Cancel it before you book another.",
                            "You already have %u appointments for “%s” with this e-mail address. "
                            "Cancel one before you book another.", ask->max_open),
               ask->max_open, row != NULL ? member_text (row, "name") : product->product_id);
  return FALSE;
}

/* The customer with the same e-mail address and name, else a new one. */
static gboolean
web_customer (LoketStore *self, const LoketWebCustomer *c, const char *now, char **id,
              GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT id FROM customers WHERE email = ? COLLATE NOCASE AND name = ?"
    " ORDER BY created_at LIMIT 1", error);
  g_autofree char *name = g_strstrip (g_strdup (c->name));
  g_auto(LoketStoreCustomer) row = { 0 };
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, c->email);
  loket_db_bind_text (stmt, 2, name);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *id = g_strdup (column_text (stmt, 0));
      return TRUE;
    }
  *id = g_uuid_string_random ();
  row.id = *id;
  row.name = name;
  row.email = c->email;
  row.phone = c->phone != NULL && *c->phone != '\0' ? c->phone : NULL;
  return loket_store_insert_customer (self, &row, now, error);
}

/* The case of the first product's case type, as a desk opens it with a booking; *case_id NULL
 * when the product has none. */
static gboolean
web_case (LoketStore *self, const LoketStoreMutation *m, const char *product_id,
          const char *customer_id, char **case_id, GError **error)
{
  g_autoptr(JsonObject) type = NULL;
  g_autofree char *history_id = NULL;
  g_autofree char *reference = NULL;
  LoketStoreCase c = { 0 };

  *case_id = NULL;
  if (!loket_db_query_row (self->db, "SELECT p.case_type_id, p.name, t.statuses,"
                           " t.max_working_days, t.team_id FROM products p"
                           " JOIN case_types t ON t.id = p.case_type_id WHERE p.id = ?",
                           product_id, &type, error))
    return FALSE;
  if (type == NULL)
    return TRUE;
  *case_id = g_uuid_string_random ();
  history_id = g_uuid_string_random ();
  c = (LoketStoreCase) { *case_id, member_text (type, "case_type_id"), customer_id, product_id,
                         member_text (type, "name"), history_id };
  return loket_store_insert_case (self, m, &c, customer_id, type, &reference, error);
}

static gboolean
reason_asked (LoketStore *self, const LoketStoreWebVisit *visit, gboolean *asked, GError **error)
{
  *asked = FALSE;
  for (guint i = 0; i < visit->products->len && !*asked; i++)
    {
      g_autoptr(JsonObject) row = NULL;

      if (!loket_db_query_row (self->db, "SELECT asks_reason FROM products WHERE id = ?",
                               loket_store_web_visit_products (visit)[i].product_id, &row, error))
        return FALSE;
      *asked = row != NULL && json_object_get_int_member (row, "asks_reason") != 0;
    }
  return TRUE;
}

/* The appointment, its history row, its messages and its link token. */
static JsonObject *
book_held (LoketStore *self, const ConfirmAsk *ask, JsonObject *hold,
           const LoketStoreWebVisit *visit, GError **error)
{
  LoketStoreMutation m = { NULL, NULL, 0, ask->n.now };
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *customer_id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) items = loket_store_web_items_json (loket_store_web_visit_products (visit),
                                                           visit->products->len);
  g_autoptr(JsonObject) detail = json_object_new ();
  LoketStoreBooking b = { 0 };
  JsonObject *answer, *details;
  gint64 end = 0;

  b.id = id;
  b.product_id = loket_store_web_visit_products (visit)[0].product_id;
  b.capacity_id = member_text (hold, "capacity_id");
  b.reason = ask->customer->reason;
  b.items = items;
  loket_slot_source_parse_time (member_text (hold, "start_at"), &b.start);
  loket_slot_source_parse_time (member_text (hold, "end_at"), &end);
  json_object_set_string_member (detail, "channel", "web");
  if (!web_customer (self, ask->customer, ask->n.now, &customer_id, error)
      || !web_case (self, &m, b.product_id, customer_id, &case_id, error)
      || !loket_store_insert_appointment (self, &m, &b, customer_id, case_id, end,
                                          LOKET_CHANNEL_WEB, "booked", "", error)
      || !loket_store_add_appointment_event (self, &m, NULL, id, "booked", NULL, detail, error)
      || !loket_store_messages_for_appointment (self, id, LOKET_MESSAGE_BOOKED, ask->n.now,
                                                error)
      || (case_id != NULL
          && !loket_store_messages_case_created (self, case_id, ask->n.now, error))
      || (token = loket_store_web_new_token_at (self, "appointment", id,
                                                end + LINK_VALID_AFTER, ask->n.now,
                                                error)) == NULL
      || !loket_store_web_delete_hold (self, member_text (hold, "id"), error)
      || (details = loket_store_web_appointment_details (self, id, ask->n.unix, error)) == NULL)
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "token", token);
  json_object_set_object_member (answer, "appointment", details);
  return answer;
}

static JsonObject *
confirm_step (LoketStore *self, gpointer data, GError **error)
{
  ConfirmAsk *ask = data;
  g_autoptr(JsonObject) hold = NULL;
  g_auto(LoketStoreWebVisit) visit = { 0 };
  gboolean asked;

  if (!loket_store_web_expire_holds (self, ask->n.now, error)
      || !loket_store_web_find_hold (self, ask->hold_token, NULL, &ask->n, &hold, error))
    return NULL;
  loket_store_web_visit_read (&visit, member_text (hold, "product_id"),
                              member_text (hold, "items"));
  if (!reason_asked (self, &visit, &asked, error)
      || !check_customer (ask->customer, asked, error))
    return NULL;
  for (guint i = 0; i < visit.products->len; i++)
    if (!check_limit (self, ask, &loket_store_web_visit_products (&visit)[i], error))
      return NULL;
  if (!loket_store_web_recheck_hold (self, hold, &visit, NULL, &ask->n, error))
    return NULL;
  return book_held (self, ask, hold, &visit, error);
}

JsonObject *
loket_store_web_confirm (LoketStore *self, const char *hold_token,
                         const LoketWebCustomer *customer, guint max_open_per_email,
                         GDateTime *now, GError **error)
{
  ConfirmAsk ask = { hold_token, customer, max_open_per_email };

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (customer != NULL && now != NULL, NULL);

  /* What does not fit is refused before the hold is looked at. */
  if (!check_customer (customer, FALSE, error))
    return NULL;
  loket_store_web_now_init (&ask.n, now);
  return loket_store_web_in_transaction (self, confirm_step, &ask, error);
}

/* ---- cancelling and moving ------------------------------------------------------------------ */

typedef struct
{
  const char       *token;
  const char       *hold_token;
  LoketStoreWebNow  n;
} ChangeAsk;

static JsonObject *
cancel_step (LoketStore *self, gpointer data, GError **error)
{
  ChangeAsk *ask = data;
  LoketStoreMutation m = { NULL, NULL, 0, ask->n.now };
  g_autoptr(JsonObject) row = loket_store_web_appointment_of_token (self, ask->token, &ask->n,
                                                                    error);
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(LoketDbCached) stmt = NULL;
  const char *id;

  if (row == NULL)
    return NULL;
  id = member_text (row, "id");
  /* Cancelled already (a second click): the same answer, nothing new. */
  if (g_strcmp0 (member_text (row, "status"), "cancelled") == 0)
    return loket_store_web_appointment_details (self, id, ask->n.unix, error);
  if (!loket_store_web_can_change (row, ask->n.unix))
    {
      loket_store_web_no_change (error);
      return NULL;
    }
  stmt = loket_db_prepare_cached (self->db, "UPDATE appointments SET status = 'cancelled',"
                                  " status_reason = '' WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, id);
  json_object_set_string_member (detail, "channel", "web");
  if (!loket_store_run_write (self, stmt, error)
      || !loket_store_log_upsert (self, "appointments", id, ask->n.now, error)
      || !loket_store_add_appointment_event (self, &m, NULL, id, "cancelled", NULL, detail,
                                             error)
      || !loket_store_messages_for_appointment (self, id, LOKET_MESSAGE_CANCELLED, ask->n.now,
                                                error))
    return NULL;
  return loket_store_web_appointment_details (self, id, ask->n.unix, error);
}

JsonObject *
loket_store_web_cancel (LoketStore *self, const char *token, GDateTime *now, GError **error)
{
  ChangeAsk ask = { token, NULL };

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&ask.n, now);
  return loket_store_web_in_transaction (self, cancel_step, &ask, error);
}

/* The appointment at the hold's time and capacity, its link valid until its new end. */
static gboolean
move_to_hold (LoketStore *self, const ChangeAsk *ask, JsonObject *row, JsonObject *hold,
              GError **error)
{
  LoketStoreMutation m = { NULL, NULL, 0, ask->n.now };
  const char *id = member_text (row, "id");
  LoketStoreBooking b = { .id = id, .capacity_id = member_text (hold, "capacity_id") };
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autofree char *expires_at = NULL;
  gint64 end = 0;

  loket_slot_source_parse_time (member_text (hold, "start_at"), &b.start);
  loket_slot_source_parse_time (member_text (hold, "end_at"), &end);
  expires_at = loket_protocol_format_time (end + LINK_VALID_AFTER);
  detail = loket_store_move_detail (row, &b);
  json_object_set_string_member (detail, "channel", "web");
  /* Its place was checked in the web share: there it counts from now on, also when a desk
   * booked it (as a desk's move brings a web booking into the desk share). */
  stmt = loket_db_prepare_cached (self->db, "UPDATE appointments SET start_at = ?, end_at = ?,"
                                  " capacity_id = ?, channel = 'web' WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, member_text (hold, "start_at"));
  loket_db_bind_text (stmt, 2, member_text (hold, "end_at"));
  loket_db_bind_text (stmt, 3, b.capacity_id);
  loket_db_bind_text (stmt, 4, id);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, loket_db_release_cached);
  stmt = loket_db_prepare_cached (self->db, "UPDATE public_tokens SET expires_at = ?"
                                  " WHERE kind = 'appointment' AND target_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, expires_at);
  loket_db_bind_text (stmt, 2, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "appointments", id, ask->n.now, error)
         && loket_store_add_appointment_event (self, &m, NULL, id, "rescheduled", NULL, detail,
                                               error)
         && loket_store_messages_for_appointment (self, id, LOKET_MESSAGE_MOVED, ask->n.now,
                                                  error)
         && loket_store_web_delete_hold (self, member_text (hold, "id"), error);
}

static JsonObject *
reschedule_step (LoketStore *self, gpointer data, GError **error)
{
  ChangeAsk *ask = data;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) hold = NULL;
  g_auto(LoketStoreWebVisit) visit = { 0 };
  const char *id;

  if (!loket_store_web_expire_holds (self, ask->n.now, error)
      || (row = loket_store_web_appointment_of_token (self, ask->token, &ask->n, error)) == NULL)
    return NULL;
  id = member_text (row, "id");
  if (!loket_store_web_can_change (row, ask->n.unix))
    {
      loket_store_web_no_change (error);
      return NULL;
    }
  loket_store_web_visit_read (&visit, member_text (row, "product_id"), member_text (row, "items"));
  if (!loket_store_web_find_hold (self, ask->hold_token, id, &ask->n, &hold, error)
      || !loket_store_web_recheck_hold (self, hold, &visit, id, &ask->n, error)
      || !move_to_hold (self, ask, row, hold, error))
    return NULL;
  return loket_store_web_appointment_details (self, id, ask->n.unix, error);
}

JsonObject *
loket_store_web_reschedule (LoketStore *self, const char *token, const char *hold_token,
                            GDateTime *now, GError **error)
{
  ChangeAsk ask = { token, hold_token };

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&ask.n, now);
  return loket_store_web_in_transaction (self, reschedule_step, &ask, error);
}
