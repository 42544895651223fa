/* loket-store-web.c — what citizens do on the web, in the store (loket-store-web.h): holds,
 * and what the web's operations share (loket-store-web-private.h): one transaction each, the
 * visit of a hold or an appointment, an appointment's public details.  Booking a held time and
 * changing an appointment are in loket-store-web-book.c; the tokens, a case's status and the
 * survey in loket-store-web-links.c; the free times and rooms in loket-store-public.c.
 *
 * Each operation is one transaction (BEGIN IMMEDIATE): the check of a time and the hold or
 * booking that takes it cannot be split by another request, and a failure rolls everything
 * back.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-auth.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-web-private.h"
#include "loket-store-web.h"

#define HOLD_SPAN LOKET_SLOT_SOURCE_CHECK_MARGIN

/* ---- transactions --------------------------------------------------------------------------- */

void
loket_store_web_now_init (LoketStoreWebNow *n, GDateTime *now)
{
  g_autofree char *text = NULL;

  n->unix = g_date_time_to_unix (now);
  text = loket_protocol_format_time (n->unix);
  g_strlcpy (n->now, text, sizeof n->now);
}

JsonObject *
loket_store_web_in_transaction (LoketStore *self, LoketStoreWebStep step, gpointer data,
                                GError **error)
{
  JsonObject *answer;

  if (!loket_db_begin (self->db, error))
    return NULL;
  answer = step (self, data, error);
  if (answer == NULL || !loket_db_commit (self->db, error))
    {
      g_clear_pointer (&answer, json_object_unref);
      loket_db_rollback (self->db);
      return NULL;
    }
  return answer;
}

/* Holds whose time is up are deleted on the way; their places were free since. */
gboolean
loket_store_web_expire_holds (LoketStore *self, const char *now, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "DELETE FROM web_holds WHERE expires_at <= ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, now);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (loket_db_get_handle (self->db)) > 0)
    self->web_generation++;
  return TRUE;
}

gboolean
loket_store_count_holds (LoketStore *self, LoketSlotSource *source, const char *capacity_id,
                         gint64 from, gint64 until, const char *now, const char *except_hold,
                         GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT start_at, end_at FROM web_holds WHERE capacity_id = ? AND start_at >= ?"
    " AND start_at < ? AND expires_at > ? AND id IS NOT ?", error);
  g_autofree char *from_text = loket_protocol_format_time (from);
  g_autofree char *until_text = loket_protocol_format_time (until);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, capacity_id);
  loket_db_bind_text (stmt, 2, from_text);
  loket_db_bind_text (stmt, 3, until_text);
  loket_db_bind_text (stmt, 4, now);
  loket_db_bind_text (stmt, 5, except_hold);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      gint64 start, end;

      if (loket_slot_source_parse_time (column_text (stmt, 0), &start)
          && loket_slot_source_parse_time (column_text (stmt, 1), &end) && end > start)
        loket_slot_source_add_booking (source, start, end, LOKET_CHANNEL_WEB);
    }
  return ok;
}

guint64
loket_store_web_generation (LoketStore *self)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), 0);
  return self->web_generation;
}

/* ---- visits --------------------------------------------------------------------------------- */

void
loket_store_web_visit_clear (LoketStoreWebVisit *v)
{
  g_clear_pointer (&v->items, json_node_unref);
  g_clear_pointer (&v->products, g_array_unref);
}

void
loket_store_web_visit_read (LoketStoreWebVisit *v, const char *product_id, const char *items_text)
{
  JsonArray *items;

  v->products = g_array_new (FALSE, FALSE, sizeof (LoketSlotVisitProduct));
  v->items = items_text != NULL ? json_from_string (items_text, NULL) : NULL;
  items = v->items != NULL && JSON_NODE_HOLDS_ARRAY (v->items) ? json_node_get_array (v->items)
                                                                : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      LoketSlotVisitProduct product = { 0 };

      if (item == NULL)
        continue;
      product.product_id = json_object_get_string_member_with_default (item, "product_id", NULL);
      product.count = (guint) json_object_get_int_member_with_default (item, "count", 1);
      if (product.product_id != NULL)
        g_array_append_val (v->products, product);
    }
  if (v->products->len == 0)
    {
      LoketSlotVisitProduct product = { product_id, 1 };

      g_array_append_val (v->products, product);
    }
}

const LoketSlotVisitProduct *
loket_store_web_visit_products (const LoketStoreWebVisit *v)
{
  return (const LoketSlotVisitProduct *) (gpointer) v->products->data;
}

/* A visit's items as stored: NULL for one of a product (as a desk stores it). */
JsonArray *
loket_store_web_items_json (const LoketSlotVisitProduct *products, guint n_products)
{
  JsonArray *items;

  if (n_products == 1 && products[0].count == 1)
    return NULL;
  items = json_array_new ();
  for (guint i = 0; i < n_products; i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "product_id", products[i].product_id);
      json_object_set_int_member (item, "count", products[i].count);
      json_array_add_object_element (items, item);
    }
  return items;
}

static char *
items_text (const LoketSlotVisitProduct *products, guint n_products)
{
  g_autoptr(JsonArray) items = loket_store_web_items_json (products, n_products);
  g_autoptr(JsonNode) node = NULL;

  if (items == NULL)
    return g_strdup ("[]");
  node = json_node_init_array (json_node_alloc (), items);
  return json_to_string (node, FALSE);
}

/* [{"id", "name", "count"}] */
static JsonArray *
products_json (LoketStore *self, const LoketSlotVisitProduct *products, guint n_products,
               GError **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < n_products; i++)
    {
      g_autoptr(JsonObject) row = NULL;
      JsonObject *product;

      if (!loket_db_query_row (self->db, "SELECT name FROM products WHERE id = ?",
                               products[i].product_id, &row, error))
        return NULL;
      product = json_object_new ();
      json_object_set_string_member (product, "id", products[i].product_id);
      json_object_set_string_member (product, "name", row != NULL ? member_text (row, "name")
                                                                  : "");
      json_object_set_int_member (product, "count", products[i].count);
      json_array_add_object_element (array, product);
    }
  return g_steal_pointer (&array);
}

/* start, end, local_date, local_time and the location {"id", "name", "address"} of a visit at a
 * capacity. */
static gboolean
add_time_and_place (LoketStore *self, JsonObject *answer, const char *capacity_id,
                    const char *start_at, const char *end_at, GError **error)
{
  g_autoptr(JsonObject) place = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;
  JsonObject *location;
  gint64 start = 0;

  if (!loket_db_query_row (self->db, "SELECT l.id, l.name, l.address, l.timezone"
                           " FROM capacities c JOIN locations l ON l.id = c.location_id"
                           " WHERE c.id = ?", capacity_id, &place, error))
    return FALSE;
  loket_slot_source_parse_time (start_at, &start);
  tz = loket_slot_source_zone (place != NULL ? member_text (place, "timezone") : NULL);
  date = loket_store_web_local_time (start, tz, "%Y-%m-%d");
  clock = loket_store_web_local_time (start, tz, "%H:%M");
  json_object_set_string_member (answer, "start", start_at);
  json_object_set_string_member (answer, "end", end_at);
  json_object_set_string_member (answer, "local_date", date);
  json_object_set_string_member (answer, "local_time", clock);
  location = json_object_new ();
  if (place != NULL)
    {
      json_object_set_string_member (location, "id", member_text (place, "id"));
      json_object_set_string_member (location, "name", member_text (place, "name"));
      json_object_set_string_member (location, "address", member_text (place, "address"));
    }
  json_object_set_object_member (answer, "location", location);
  return TRUE;
}

/* ---- appointments --------------------------------------------------------------------------- */

static gboolean
load_appointment (LoketStore *self, const char *id, JsonObject **row, GError **error)
{
  return loket_db_query_row (self->db, "SELECT a.id, a.status, a.start_at, a.end_at,"
                             " a.product_id, a.items, a.capacity_id, a.arrived_at, k.reference"
                             " FROM appointments a LEFT JOIN cases k ON k.id = a.case_id"
                             " WHERE a.id = ?", id, row, error);
}

/* Not past, not cancelled, not yet at the desk. */
gboolean
loket_store_web_can_change (JsonObject *row, gint64 now)
{
  gint64 start = 0;

  return g_strcmp0 (member_text (row, "status"), "booked") == 0
         && member_text (row, "arrived_at") == NULL
         && loket_slot_source_parse_time (member_text (row, "start_at"), &start) && start > now;
}

JsonObject *
loket_store_web_appointment_details (LoketStore *self, const char *id, gint64 now, GError **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_auto(LoketStoreWebVisit) visit = { 0 };
  JsonArray *products;

  if (!load_appointment (self, id, &row, error))
    return NULL;
  if (row == NULL)
    {
      loket_store_web_token_unknown (error);
      return NULL;
    }
  loket_store_web_visit_read (&visit, member_text (row, "product_id"), member_text (row, "items"));
  json_object_set_string_member (answer, "status", member_text (row, "status"));
  if (!add_time_and_place (self, answer, member_text (row, "capacity_id"),
                           member_text (row, "start_at"), member_text (row, "end_at"), error)
      || (products = products_json (self, loket_store_web_visit_products (&visit),
                                    visit.products->len, error)) == NULL)
    return NULL;
  json_object_set_array_member (answer, "products", products);
  json_object_set_string_member (answer, "case_reference", member_text (row, "reference"));
  json_object_set_boolean_member (answer, "can_change", loket_store_web_can_change (row, now));
  return g_steal_pointer (&answer);
}

/* The appointment of a link token, or NULL (NOT_FOUND) when the token does not open one. */
JsonObject *
loket_store_web_appointment_of_token (LoketStore *self, const char *token,
                                      const LoketStoreWebNow *n, GError **error)
{
  g_autofree char *id = NULL;
  JsonObject *row = NULL;

  if (!loket_store_web_find_token (self, "appointment", token, n->now, FALSE, &id, error))
    return NULL;
  if (id == NULL || !load_appointment (self, id, &row, error))
    {
      if (id == NULL)
        loket_store_web_token_unknown (error);
      return NULL;
    }
  if (row == NULL)
    loket_store_web_token_unknown (error);
  return row;
}

gboolean
loket_store_web_no_change (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_CLOSED,
                       _("This appointment can no longer be changed online. Please contact "
                         "us."));
  return FALSE;
}

JsonObject *
loket_store_web_appointment (LoketStore *self, const char *token, GDateTime *now,
                             GError **error)
{
  g_autoptr(JsonObject) row = NULL;
  LoketStoreWebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&n, now);
  row = loket_store_web_appointment_of_token (self, token, &n, error);
  if (row == NULL)
    return NULL;
  return loket_store_web_appointment_details (self, member_text (row, "id"), n.unix, error);
}

/* ---- holds ---------------------------------------------------------------------------------- */

typedef struct
{
  const LoketSlotVisitProduct *products;
  guint               n_products;
  const char         *location_id;
  gint64              start;
  const char         *appointment_token;
  guint               hold_minutes;
  LoketStoreWebNow    n;
  /* found on the way */
  JsonObject         *appointment;
  LoketStoreWebVisit  visit;
  char               *capacity_id;
  gint64              end;
} HoldAsk;

static void
hold_ask_clear (HoldAsk *ask)
{
  g_clear_pointer (&ask->appointment, json_object_unref);
  loket_store_web_visit_clear (&ask->visit);
  g_clear_pointer (&ask->capacity_id, g_free);
}

/* Whether a visit fits at start at the capacity in the web share, counting the holds but
 * except_hold and leaving exclude_id (an appointment being moved) out.  window: the booking
 * window and notice from now (a new hold); without, a time already held stays bookable while
 * its hold lasts.  *refusal says why not.  FALSE only for a failing database. */
static gboolean
web_check (LoketStore *self, const char *capacity_id, const LoketSlotVisitProduct *products,
           guint n_products, const char *exclude_id, const char *except_hold, gint64 start,
           const LoketStoreWebNow *n, gboolean window, gint64 *end, GError **refusal,
           GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(GError) local_error = NULL;

  source = loket_slot_source_load_visit_for_check (self->db, capacity_id, products, n_products,
                                                   exclude_id, start, &local_error);
  if (source == NULL && g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_DATABASE))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (source == NULL)
    {
      g_propagate_error (refusal, g_steal_pointer (&local_error));
      return TRUE;
    }
  if (!loket_store_count_holds (self, source, capacity_id, start - HOLD_SPAN, start + HOLD_SPAN,
                                n->now, except_hold, error))
    return FALSE;
  loket_slots_check (loket_slot_source_query_at (source, LOKET_CHANNEL_WEB, n->unix,
                                                 window ? n->unix : 0),
                     start, end, refusal);
  return TRUE;
}

/* The first capacity (by id) of the location and group with the time free. */
static gboolean
choose_capacity (LoketStore *self, HoldAsk *ask, const char *group_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "SELECT id FROM capacities WHERE location_id = ? AND group_id = ? AND active ORDER BY id",
    error);
  g_autoptr(GError) best = NULL;
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, ask->location_id);
  loket_db_bind_text (stmt, 2, group_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(GError) refusal = NULL;

      if (!web_check (self, column_text (stmt, 0), loket_store_web_visit_products (&ask->visit),
                      ask->visit.products->len,
                      ask->appointment != NULL ? member_text (ask->appointment, "id") : NULL,
                      NULL, ask->start, &ask->n, TRUE, &ask->end, &refusal, error))
        return FALSE;
      if (refusal == NULL)
        {
          ask->capacity_id = g_strdup (column_text (stmt, 0));
          return TRUE;
        }
      /* "Taken" says more than "closed": the time exists, only not for this visit now. */
      if (best == NULL || g_error_matches (refusal, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
        {
          g_clear_error (&best);
          best = g_steal_pointer (&refusal);
        }
    }
  if (!ok)
    return FALSE;
  if (best == NULL)
    g_set_error_literal (&best, LOKET_ERROR, LOKET_ERROR_CLOSED,
                         _("These products cannot be booked at this location."));
  g_propagate_error (error, g_steal_pointer (&best));
  return FALSE;
}

static gboolean
insert_hold (LoketStore *self, HoldAsk *ask, const char *hash, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *start_at = loket_protocol_format_time (ask->start);
  g_autofree char *end_at = loket_protocol_format_time (ask->end);
  g_autofree char *expires_at = loket_protocol_format_time (ask->n.unix
                                                            + (gint64) ask->hold_minutes * 60);
  g_autofree char *items = items_text (loket_store_web_visit_products (&ask->visit),
                                       ask->visit.products->len);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO web_holds (id, token_hash, capacity_id, product_id, items, start_at, end_at,"
    " appointment_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, hash);
  loket_db_bind_text (stmt, 3, ask->capacity_id);
  loket_db_bind_text (stmt, 4, loket_store_web_visit_products (&ask->visit)[0].product_id);
  loket_db_bind_text (stmt, 5, items);
  loket_db_bind_text (stmt, 6, start_at);
  loket_db_bind_text (stmt, 7, end_at);
  loket_db_bind_text (stmt, 8, ask->appointment != NULL ? member_text (ask->appointment, "id")
                                                        : NULL);
  loket_db_bind_text (stmt, 9, ask->n.now);
  loket_db_bind_text (stmt, 10, expires_at);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  self->web_generation++;
  return TRUE;
}

/* The visit to hold: the appointment's own when moving one, else the one asked. */
static gboolean
hold_visit (LoketStore *self, HoldAsk *ask, GError **error)
{
  if (ask->appointment_token == NULL)
    {
      ask->visit.products = g_array_new (FALSE, FALSE, sizeof (LoketSlotVisitProduct));
      g_array_append_vals (ask->visit.products, ask->products, ask->n_products);
      return TRUE;
    }
  ask->appointment = loket_store_web_appointment_of_token (self, ask->appointment_token, &ask->n,
                                                           error);
  if (ask->appointment == NULL)
    return FALSE;
  if (!loket_store_web_can_change (ask->appointment, ask->n.unix))
    return loket_store_web_no_change (error);
  loket_store_web_visit_read (&ask->visit, member_text (ask->appointment, "product_id"),
                              member_text (ask->appointment, "items"));
  return TRUE;
}

/* The product group of the visit: checked as the web books it for a new visit; for moving an
 * appointment, the group of its capacity, whatever its products (a desk may have booked one
 * that is not offered online, and its link moves it all the same). */
static gboolean
visit_group (LoketStore *self, HoldAsk *ask, char **group_id, GError **error)
{
  g_autoptr(JsonObject) row = NULL;

  if (ask->appointment == NULL)
    return loket_store_web_check_visit (self, loket_store_web_visit_products (&ask->visit),
                                        ask->visit.products->len, group_id, error);
  if (!loket_db_query_row (self->db, "SELECT group_id FROM capacities WHERE id = ?",
                           member_text (ask->appointment, "capacity_id"), &row, error))
    return FALSE;
  *group_id = g_strdup (row != NULL ? member_text (row, "group_id") : NULL);
  return TRUE;
}

static JsonObject *
hold_step (LoketStore *self, gpointer data, GError **error)
{
  HoldAsk *ask = data;
  g_autofree char *group_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  g_autofree char *expires_at = NULL;
  g_autoptr(JsonObject) location = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *products;

  if (!loket_store_web_expire_holds (self, ask->n.now, error)
      || !hold_visit (self, ask, error)
      || !visit_group (self, ask, &group_id, error)
      || !loket_store_web_location (self, ask->location_id, &location, error)
      || !choose_capacity (self, ask, group_id, error))
    return NULL;
  token = loket_store_web_new_link_token ();
  hash = loket_auth_token_digest (token);
  if (!insert_hold (self, ask, hash, error))
    return NULL;

  start_at = loket_protocol_format_time (ask->start);
  end_at = loket_protocol_format_time (ask->end);
  expires_at = loket_protocol_format_time (ask->n.unix + (gint64) ask->hold_minutes * 60);
  json_object_set_string_member (answer, "hold", token);
  json_object_set_string_member (answer, "expires_at", expires_at);
  if (!add_time_and_place (self, answer, ask->capacity_id, start_at, end_at, error)
      || (products = products_json (self, loket_store_web_visit_products (&ask->visit),
                                    ask->visit.products->len, error)) == NULL)
    return NULL;
  json_object_set_array_member (answer, "products", products);
  return g_steal_pointer (&answer);
}

JsonObject *
loket_store_web_hold (LoketStore *self, const LoketSlotVisitProduct *products,
                      guint n_products, const char *location_id, gint64 start,
                      const char *appointment_token, guint hold_minutes, GDateTime *now,
                      GError **error)
{
  HoldAsk ask = { products, n_products, location_id, start, appointment_token,
                  MAX (hold_minutes, 1) };
  JsonObject *answer;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (products != NULL || n_products == 0, NULL);
  g_return_val_if_fail (location_id != NULL && now != NULL, NULL);

  loket_store_web_now_init (&ask.n, now);
  answer = loket_store_web_in_transaction (self, hold_step, &ask, error);
  hold_ask_clear (&ask);
  return answer;
}

gboolean
loket_store_web_release (LoketStore *self, const char *hold_token, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);

  if (!loket_store_web_token_shape (hold_token))
    return TRUE;
  hash = loket_auth_token_digest (hold_token);
  stmt = loket_db_prepare_cached (self->db, "DELETE FROM web_holds WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (loket_db_get_handle (self->db)) > 0)
    self->web_generation++;
  return TRUE;
}

static gboolean
hold_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("This time is no longer held for you. Please choose a time again."));
  return FALSE;
}

/* The live hold of a token, made for moving appointment_id (NULL: for a new booking). */
gboolean
loket_store_web_find_hold (LoketStore *self, const char *token, const char *appointment_id,
                           const LoketStoreWebNow *n, JsonObject **hold, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  gboolean has_row;

  *hold = NULL;
  if (!loket_store_web_token_shape (token))
    return hold_unknown (error);
  hash = loket_auth_token_digest (token);
  stmt = loket_db_prepare_cached (self->db,
    "SELECT id, capacity_id, product_id, items, start_at, end_at, expires_at FROM web_holds"
    " WHERE token_hash = ? AND expires_at > ? AND appointment_id IS ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  loket_db_bind_text (stmt, 2, n->now);
  loket_db_bind_text (stmt, 3, appointment_id);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return hold_unknown (error);
  *hold = loket_db_row_to_json (stmt);
  return TRUE;
}

JsonObject *
loket_store_web_hold_details (LoketStore *self, const char *hold_token,
                              const char *appointment_token, GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) appointment = NULL;
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_auto(LoketStoreWebVisit) visit = { 0 };
  JsonArray *products;
  LoketStoreWebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&n, now);
  if (appointment_token != NULL
      && (appointment = loket_store_web_appointment_of_token (self, appointment_token, &n,
                                                              error)) == NULL)
    return NULL;
  if (!loket_store_web_find_hold (self, hold_token,
                                  appointment != NULL ? member_text (appointment, "id") : NULL,
                                  &n, &hold, error))
    return NULL;
  loket_store_web_visit_read (&visit, member_text (hold, "product_id"),
                              member_text (hold, "items"));
  json_object_set_string_member (answer, "expires_at", member_text (hold, "expires_at"));
  if (!add_time_and_place (self, answer, member_text (hold, "capacity_id"),
                           member_text (hold, "start_at"), member_text (hold, "end_at"), error)
      || (products = products_json (self, loket_store_web_visit_products (&visit),
                                    visit.products->len, error)) == NULL)
    return NULL;
  json_object_set_array_member (answer, "products", products);
  return g_steal_pointer (&answer);
}

gboolean
loket_store_web_delete_hold (LoketStore *self, const char *hold_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "DELETE FROM web_holds WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hold_id);
  self->web_generation++;
  return loket_store_run_write (self, stmt, error);
}

/* The held time is still free without the hold itself (a rule may have changed since). */
gboolean
loket_store_web_recheck_hold (LoketStore *self, JsonObject *hold,
                              const LoketStoreWebVisit *visit, const char *exclude_id,
                              const LoketStoreWebNow *n, GError **error)
{
  g_autoptr(GError) refusal = NULL;
  gint64 start = 0, end = 0;

  loket_slot_source_parse_time (member_text (hold, "start_at"), &start);
  if (!web_check (self, member_text (hold, "capacity_id"), loket_store_web_visit_products (visit),
                  visit->products->len, exclude_id, member_text (hold, "id"), start, n, FALSE,
                  &end, &refusal, error))
    return FALSE;
  if (refusal == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&refusal));
  return FALSE;
}
