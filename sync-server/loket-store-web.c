/* loket-store-web.c — what citizens do on the web, in the store (loket-store-web.h): holds,
 * bookings and their links, the case status, the survey.  The free times and rooms are in
 * loket-store-public.c.
 *
 * Each operation is one transaction (BEGIN IMMEDIATE): the check of a time and the hold or
 * booking that takes it cannot be split by another request, and a failure rolls everything
 * back.  A web booking is written by the same code as a desk booking (loket-store-mutations.c,
 * loket-store-agenda.c) with channel web and no user, and logged, so desks see it on their
 * next pull.
 *
 * Tokens: link tokens are 192 random bits from getrandom(2) written in base64url; a case code is
 * 40 random bits in Crockford's base32 ("K7M3-Q9PX"), typed by hand and rate-limited per client.
 * Only their SHA-256 is stored; a case code's is taken over the case id and the code, so two
 * cases' codes never collide in the table's key.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "loket-auth.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-messages.h"
#include "loket-store-private.h"
#include "loket-store-web.h"
#include "loket-validate.h"

#define LINK_TOKEN_BYTES   24          /* 192 bits: 32 characters of base64url */
#define CASE_CODE_BYTES    5           /* 40 bits: 8 characters of base32 */
#define MAX_TOKEN_CHARS    128
#define LINK_VALID_AFTER   (30 * 24 * 60 * 60)   /* an appointment's link after its end */
#define CODE_VALID_AFTER   (365 * 24 * 60 * 60)  /* a case's code after it closed */
#define NEVER              "9999-12-31T23:59:59Z"
#define HOLD_SPAN          LOKET_SLOT_SOURCE_CHECK_MARGIN

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---- tokens --------------------------------------------------------------------------------- */

static void
random_bytes (guint8 *buffer, gsize length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      /* Never a predictable fallback: a guessable link opens someone's appointment. */
      if (n <= 0)
        g_error ("No source of randomness for the public links: %s", g_strerror (errno));
      done += (gsize) n;
    }
}

static char *
new_link_token (void)
{
  guint8 bytes[LINK_TOKEN_BYTES];
  char *token;

  random_bytes (bytes, sizeof bytes);
  token = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  return token;  /* 24 bytes need no padding */
}

/* Whether text can be a token at all; anything else is not looked up. */
static gboolean
token_shape (const char *token)
{
  gsize length = token != NULL ? strlen (token) : 0;

  if (length == 0 || length > MAX_TOKEN_CHARS)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
token_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("This link is unknown or no longer valid. Use the link in your most "
                         "recent e-mail, or contact us."));
  return FALSE;
}

static gboolean
hold_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("This time is no longer held for you. Please choose a time again."));
  return FALSE;
}

/* The target of a token of kind that is valid at now: *target NULL when the token is unknown,
 * expired or (unless used_ok) used.  FALSE only for a failing database. */
static gboolean
find_token (LoketStore *self, const char *kind, const char *token, const char *now,
            gboolean used_ok, char **target, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  gboolean has_row;

  *target = NULL;
  if (!token_shape (token))
    return TRUE;
  hash = loket_auth_token_digest (token);
  stmt = loket_db_prepare_cached (self->db, "SELECT target_id FROM public_tokens WHERE hash = ?"
                                  " AND kind = ? AND expires_at > ? AND (used_at IS NULL OR ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  loket_db_bind_text (stmt, 2, kind);
  loket_db_bind_text (stmt, 3, now);
  sqlite3_bind_int (stmt, 4, used_ok);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *target = g_strdup (column_text (stmt, 0));
  return TRUE;
}

static gboolean
insert_token (LoketStore *self, const char *hash, const char *kind, const char *target_id,
              const char *expires_at, const char *now, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO public_tokens (hash, kind, target_id, created_at, expires_at)"
    " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  loket_db_bind_text (stmt, 2, kind);
  loket_db_bind_text (stmt, 3, target_id);
  loket_db_bind_text (stmt, 4, now);
  loket_db_bind_text (stmt, 5, expires_at);
  return loket_store_run_write (self, stmt, error);
}

static char *
new_token (LoketStore *self, const char *kind, const char *target_id, gint64 expires,
           const char *now, GError **error)
{
  g_autofree char *token = new_link_token ();
  g_autofree char *hash = loket_auth_token_digest (token);
  g_autofree char *expires_at = loket_protocol_format_time (expires);

  if (!insert_token (self, hash, kind, target_id, expires_at, now, error))
    return NULL;
  return g_steal_pointer (&token);
}

char *
loket_store_web_new_token (LoketStore *self, const char *kind, const char *target_id,
                           gint64 expires, GDateTime *now, GError **error)
{
  g_autofree char *now_text = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && target_id != NULL && now != NULL, NULL);

  if (!g_str_equal (kind, "appointment") && !g_str_equal (kind, "survey"))
    {
      loket_store_invalid (error, "There are no links of kind “%s”", kind);
      return NULL;
    }
  now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  return new_token (self, kind, target_id, expires, now_text, error);
}

/* The 8 symbols of a typed case code, read the Crockford way (O is 0; I and L are 1; case,
 * spaces and dashes do not matter), or NULL when it cannot be one. */
static char *
normalize_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0' && out->len <= 8; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (c == '\0' || strchr (crockford, c) == NULL)
        break;
      g_string_append_c (out, c);
    }
  if (code == NULL || out->len != 8 || strlen (code) > 16)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
case_code_hash (const char *case_id, const char *symbols)
{
  g_autofree char *text = g_strdup_printf ("case:%s:%s", case_id, symbols);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

char *
loket_store_web_new_case_code (LoketStore *self, const char *case_id, GDateTime *now,
                               GError **error)
{
  guint8 bytes[CASE_CODE_BYTES];
  guint64 bits = 0;
  char symbols[9], code[10];
  g_autofree char *hash = NULL;
  g_autofree char *now_text = NULL;
  gboolean found;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL && now != NULL, NULL);

  if (!loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", case_id, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "There is no case %s", case_id);
      return NULL;
    }
  random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    bits = bits << 8 | bytes[i];
  explicit_bzero (bytes, sizeof bytes);
  for (int i = 7; i >= 0; i--, bits >>= 5)
    symbols[i] = crockford[bits & 31];
  symbols[8] = '\0';
  g_snprintf (code, sizeof code, "%.4s-%.4s", symbols, symbols + 4);
  hash = case_code_hash (case_id, symbols);
  explicit_bzero (symbols, sizeof symbols);
  /* Valid while the case is open and a year after it closed (loket_store_web_case_status). */
  now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  if (!insert_token (self, hash, "case", case_id, NEVER, now_text, error))
    return NULL;
  return g_strdup (code);
}

/* ---- transactions --------------------------------------------------------------------------- */

/* What one web operation knows of now. */
typedef struct
{
  gint64 unix;
  char   now[32];   /* wire format */
} WebNow;

static void
web_now_init (WebNow *n, GDateTime *now)
{
  g_autofree char *text = NULL;

  n->unix = g_date_time_to_unix (now);
  text = loket_protocol_format_time (n->unix);
  g_strlcpy (n->now, text, sizeof n->now);
}

typedef JsonObject *(*WebStep) (LoketStore *self, gpointer data, GError **error);

static JsonObject *
in_transaction (LoketStore *self, WebStep step, gpointer data, GError **error)
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
static gboolean
expire_holds (LoketStore *self, const char *now, GError **error)
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

/* The products of a stored visit (an appointment's or a hold's items, else one of product_id). */
typedef struct
{
  JsonNode *items;     /* keeps the ids alive */
  GArray   *products;  /* LoketSlotVisitProduct */
} Visit;

static void
visit_clear (Visit *v)
{
  g_clear_pointer (&v->items, json_node_unref);
  g_clear_pointer (&v->products, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visit, visit_clear)

static void
visit_read (Visit *v, const char *product_id, const char *items_text)
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

static const LoketSlotVisitProduct *
visit_products (const Visit *v)
{
  return (const LoketSlotVisitProduct *) (gpointer) v->products->data;
}

/* A visit's items as stored: NULL for one of a product (as a desk stores it). */
static JsonArray *
items_json (const LoketSlotVisitProduct *products, guint n_products)
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
  g_autoptr(JsonArray) items = items_json (products, n_products);
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
static gboolean
can_change (JsonObject *row, gint64 now)
{
  gint64 start = 0;

  return g_strcmp0 (member_text (row, "status"), "booked") == 0
         && member_text (row, "arrived_at") == NULL
         && loket_slot_source_parse_time (member_text (row, "start_at"), &start) && start > now;
}

static JsonObject *
appointment_details (LoketStore *self, const char *id, gint64 now, GError **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_auto(Visit) visit = { 0 };
  JsonArray *products;

  if (!load_appointment (self, id, &row, error))
    return NULL;
  if (row == NULL)
    {
      token_unknown (error);
      return NULL;
    }
  visit_read (&visit, member_text (row, "product_id"), member_text (row, "items"));
  json_object_set_string_member (answer, "status", member_text (row, "status"));
  if (!add_time_and_place (self, answer, member_text (row, "capacity_id"),
                           member_text (row, "start_at"), member_text (row, "end_at"), error)
      || (products = products_json (self, visit_products (&visit), visit.products->len,
                                    error)) == NULL)
    return NULL;
  json_object_set_array_member (answer, "products", products);
  json_object_set_string_member (answer, "case_reference", member_text (row, "reference"));
  json_object_set_boolean_member (answer, "can_change", can_change (row, now));
  return g_steal_pointer (&answer);
}

/* The appointment of a link token, or NULL (NOT_FOUND) when the token does not open one. */
static JsonObject *
appointment_of_token (LoketStore *self, const char *token, const WebNow *n, GError **error)
{
  g_autofree char *id = NULL;
  JsonObject *row = NULL;

  if (!find_token (self, "appointment", token, n->now, FALSE, &id, error))
    return NULL;
  if (id == NULL || !load_appointment (self, id, &row, error))
    {
      if (id == NULL)
        token_unknown (error);
      return NULL;
    }
  if (row == NULL)
    token_unknown (error);
  return row;
}

static gboolean
no_change (GError **error)
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
  WebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&n, now);
  row = appointment_of_token (self, token, &n, error);
  if (row == NULL)
    return NULL;
  return appointment_details (self, member_text (row, "id"), n.unix, error);
}

/* ---- holds ---------------------------------------------------------------------------------- */

typedef struct
{
  const LoketSlotVisitProduct *products;
  guint        n_products;
  const char  *location_id;
  gint64       start;
  const char  *appointment_token;
  guint        hold_minutes;
  WebNow       n;
  /* found on the way */
  JsonObject  *appointment;
  Visit        visit;
  char        *capacity_id;
  gint64       end;
} HoldAsk;

static void
hold_ask_clear (HoldAsk *ask)
{
  g_clear_pointer (&ask->appointment, json_object_unref);
  visit_clear (&ask->visit);
  g_clear_pointer (&ask->capacity_id, g_free);
}

/* Whether a visit fits at start at the capacity in the web share, counting the holds but
 * except_hold and leaving exclude_id (an appointment being moved) out.  window: the booking
 * window and notice from now (a new hold); without, a time already held stays bookable while
 * its hold lasts.  *refusal says why not.  FALSE only for a failing database. */
static gboolean
web_check (LoketStore *self, const char *capacity_id, const LoketSlotVisitProduct *products,
           guint n_products, const char *exclude_id, const char *except_hold, gint64 start,
           const WebNow *n, gboolean window, gint64 *end, GError **refusal, GError **error)
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

      if (!web_check (self, column_text (stmt, 0), visit_products (&ask->visit),
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
  g_autofree char *items = items_text (visit_products (&ask->visit), ask->visit.products->len);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO web_holds (id, token_hash, capacity_id, product_id, items, start_at, end_at,"
    " appointment_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, hash);
  loket_db_bind_text (stmt, 3, ask->capacity_id);
  loket_db_bind_text (stmt, 4, visit_products (&ask->visit)[0].product_id);
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
  ask->appointment = appointment_of_token (self, ask->appointment_token, &ask->n, error);
  if (ask->appointment == NULL)
    return FALSE;
  if (!can_change (ask->appointment, ask->n.unix))
    return no_change (error);
  visit_read (&ask->visit, member_text (ask->appointment, "product_id"),
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
    return loket_store_web_check_visit (self, visit_products (&ask->visit),
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

  if (!expire_holds (self, ask->n.now, error)
      || !hold_visit (self, ask, error)
      || !visit_group (self, ask, &group_id, error)
      || !loket_store_web_location (self, ask->location_id, &location, error)
      || !choose_capacity (self, ask, group_id, error))
    return NULL;
  token = new_link_token ();
  hash = loket_auth_token_digest (token);
  if (!insert_hold (self, ask, hash, error))
    return NULL;

  start_at = loket_protocol_format_time (ask->start);
  end_at = loket_protocol_format_time (ask->end);
  expires_at = loket_protocol_format_time (ask->n.unix + (gint64) ask->hold_minutes * 60);
  json_object_set_string_member (answer, "hold", token);
  json_object_set_string_member (answer, "expires_at", expires_at);
  if (!add_time_and_place (self, answer, ask->capacity_id, start_at, end_at, error)
      || (products = products_json (self, visit_products (&ask->visit),
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

  web_now_init (&ask.n, now);
  answer = in_transaction (self, hold_step, &ask, error);
  hold_ask_clear (&ask);
  return answer;
}

gboolean
loket_store_web_release (LoketStore *self, const char *hold_token, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);

  if (!token_shape (hold_token))
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

/* The live hold of a token, made for moving appointment_id (NULL: for a new booking). */
static gboolean
find_hold (LoketStore *self, const char *token, const char *appointment_id, const WebNow *n,
           JsonObject **hold, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  gboolean has_row;

  *hold = NULL;
  if (!token_shape (token))
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
  g_auto(Visit) visit = { 0 };
  JsonArray *products;
  WebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&n, now);
  if (appointment_token != NULL
      && (appointment = appointment_of_token (self, appointment_token, &n, error)) == NULL)
    return NULL;
  if (!find_hold (self, hold_token, appointment != NULL ? member_text (appointment, "id") : NULL,
                  &n, &hold, error))
    return NULL;
  visit_read (&visit, member_text (hold, "product_id"), member_text (hold, "items"));
  json_object_set_string_member (answer, "expires_at", member_text (hold, "expires_at"));
  if (!add_time_and_place (self, answer, member_text (hold, "capacity_id"),
                           member_text (hold, "start_at"), member_text (hold, "end_at"), error)
      || (products = products_json (self, visit_products (&visit), visit.products->len,
                                    error)) == NULL)
    return NULL;
  json_object_set_array_member (answer, "products", products);
  return g_steal_pointer (&answer);
}

static gboolean
delete_hold (LoketStore *self, const char *hold_id, GError **error)
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
static gboolean
recheck_hold (LoketStore *self, JsonObject *hold, const Visit *visit, const char *exclude_id,
              const WebNow *n, GError **error)
{
  g_autoptr(GError) refusal = NULL;
  gint64 start = 0, end = 0;

  loket_slot_source_parse_time (member_text (hold, "start_at"), &start);
  if (!web_check (self, member_text (hold, "capacity_id"), visit_products (visit),
                  visit->products->len, exclude_id, member_text (hold, "id"), start, n, FALSE,
                  &end, &refusal, error))
    return FALSE;
  if (refusal == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&refusal));
  return FALSE;
}

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
  WebNow                  n;
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
reason_asked (LoketStore *self, const Visit *visit, gboolean *asked, GError **error)
{
  *asked = FALSE;
  for (guint i = 0; i < visit->products->len && !*asked; i++)
    {
      g_autoptr(JsonObject) row = NULL;

      if (!loket_db_query_row (self->db, "SELECT asks_reason FROM products WHERE id = ?",
                               visit_products (visit)[i].product_id, &row, error))
        return FALSE;
      *asked = row != NULL && json_object_get_int_member (row, "asks_reason") != 0;
    }
  return TRUE;
}

/* The appointment, its history row, its messages and its link token. */
static JsonObject *
book_held (LoketStore *self, const ConfirmAsk *ask, JsonObject *hold, const Visit *visit,
           GError **error)
{
  LoketStoreMutation m = { NULL, NULL, 0, ask->n.now };
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *customer_id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonArray) items = items_json (visit_products (visit), visit->products->len);
  g_autoptr(JsonObject) detail = json_object_new ();
  LoketStoreBooking b = { 0 };
  JsonObject *answer, *details;
  gint64 end = 0;

  b.id = id;
  b.product_id = visit_products (visit)[0].product_id;
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
      || (token = new_token (self, "appointment", id, end + LINK_VALID_AFTER, ask->n.now,
                             error)) == NULL
      || !delete_hold (self, member_text (hold, "id"), error)
      || (details = appointment_details (self, id, ask->n.unix, error)) == NULL)
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
  g_auto(Visit) visit = { 0 };
  gboolean asked;

  if (!expire_holds (self, ask->n.now, error)
      || !find_hold (self, ask->hold_token, NULL, &ask->n, &hold, error))
    return NULL;
  visit_read (&visit, member_text (hold, "product_id"), member_text (hold, "items"));
  if (!reason_asked (self, &visit, &asked, error)
      || !check_customer (ask->customer, asked, error))
    return NULL;
  for (guint i = 0; i < visit.products->len; i++)
    if (!check_limit (self, ask, &visit_products (&visit)[i], error))
      return NULL;
  if (!recheck_hold (self, hold, &visit, NULL, &ask->n, error))
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
  web_now_init (&ask.n, now);
  return in_transaction (self, confirm_step, &ask, error);
}

/* ---- cancelling and moving ------------------------------------------------------------------ */

typedef struct
{
  const char *token;
  const char *hold_token;
  WebNow      n;
} ChangeAsk;

static JsonObject *
cancel_step (LoketStore *self, gpointer data, GError **error)
{
  ChangeAsk *ask = data;
  LoketStoreMutation m = { NULL, NULL, 0, ask->n.now };
  g_autoptr(JsonObject) row = appointment_of_token (self, ask->token, &ask->n, error);
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(LoketDbCached) stmt = NULL;
  const char *id;

  if (row == NULL)
    return NULL;
  id = member_text (row, "id");
  /* Cancelled already (a second click): the same answer, nothing new. */
  if (g_strcmp0 (member_text (row, "status"), "cancelled") == 0)
    return appointment_details (self, id, ask->n.unix, error);
  if (!can_change (row, ask->n.unix))
    {
      no_change (error);
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
  return appointment_details (self, id, ask->n.unix, error);
}

JsonObject *
loket_store_web_cancel (LoketStore *self, const char *token, GDateTime *now, GError **error)
{
  ChangeAsk ask = { token, NULL };

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&ask.n, now);
  return in_transaction (self, cancel_step, &ask, error);
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
         && delete_hold (self, member_text (hold, "id"), error);
}

static JsonObject *
reschedule_step (LoketStore *self, gpointer data, GError **error)
{
  ChangeAsk *ask = data;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) hold = NULL;
  g_auto(Visit) visit = { 0 };
  const char *id;

  if (!expire_holds (self, ask->n.now, error)
      || (row = appointment_of_token (self, ask->token, &ask->n, error)) == NULL)
    return NULL;
  id = member_text (row, "id");
  if (!can_change (row, ask->n.unix))
    {
      no_change (error);
      return NULL;
    }
  visit_read (&visit, member_text (row, "product_id"), member_text (row, "items"));
  if (!find_hold (self, ask->hold_token, id, &ask->n, &hold, error)
      || !recheck_hold (self, hold, &visit, id, &ask->n, error)
      || !move_to_hold (self, ask, row, hold, error))
    return NULL;
  return appointment_details (self, id, ask->n.unix, error);
}

JsonObject *
loket_store_web_reschedule (LoketStore *self, const char *token, const char *hold_token,
                            GDateTime *now, GError **error)
{
  ChangeAsk ask = { token, hold_token };

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&ask.n, now);
  return in_transaction (self, reschedule_step, &ask, error);
}

/* ---- a case's status ------------------------------------------------------------------------ */

static gboolean
case_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("We cannot find a case with this reference and code. Check both and "
                         "try again."));
  return FALSE;
}

/* The case's wording of a status for citizens; a status without one shows its own name. */
static const char *
public_wording (JsonObject *wordings, const char *status)
{
  const char *wording = wordings != NULL
                        ? json_object_get_string_member_with_default (wordings, status, NULL)
                        : NULL;

  return wording != NULL && *wording != '\0' ? wording : status;
}

static char *
local_date (const char *iso, GTimeZone *tz)
{
  gint64 moment = 0;

  if (!loket_slot_source_parse_time (iso, &moment))
    return g_strdup (iso);
  return loket_store_web_local_time (moment, tz, "%Y-%m-%d");
}

/* Whether the code opens the case: its hash is there, and the case is open or closed less
 * than a year ago. */
static gboolean
code_opens (LoketStore *self, JsonObject *kase, const char *code, const WebNow *n,
            gboolean *opens, GError **error)
{
  g_autofree char *symbols = normalize_code (code);
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) token = NULL;
  gint64 closed = 0;

  *opens = FALSE;
  if (symbols == NULL)
    return TRUE;
  hash = case_code_hash (member_text (kase, "id"), symbols);
  if (!loket_db_query_row (self->db, "SELECT target_id, expires_at FROM public_tokens"
                           " WHERE hash = ? AND kind = 'case'", hash, &token, error))
    return FALSE;
  *opens = token != NULL && g_strcmp0 (member_text (token, "target_id"),
                                       member_text (kase, "id")) == 0
           && g_strcmp0 (member_text (token, "expires_at"), n->now) > 0
           && (member_text (kase, "closed_at") == NULL
               || (loket_slot_source_parse_time (member_text (kase, "closed_at"), &closed)
                   && closed + CODE_VALID_AFTER > n->unix));
  return TRUE;
}

static JsonArray *
status_history (LoketStore *self, const char *case_id, JsonObject *wordings, GTimeZone *tz,
                GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT status, at FROM case_status_history WHERE case_id = ? ORDER BY at, rowid", error);
  g_autoptr(JsonArray) history = json_array_new ();
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, case_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_autofree char *date = local_date (column_text (stmt, 1), tz);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "status",
                                     public_wording (wordings, column_text (stmt, 0)));
      json_object_set_string_member (entry, "date", date);
      json_array_add_object_element (history, entry);
    }
  return ok ? g_steal_pointer (&history) : NULL;
}

JsonObject *
loket_store_web_case_status (LoketStore *self, const char *reference, const char *code,
                             GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autoptr(JsonObject) wordings = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GTimeZone) tz = loket_slot_source_zone ("Europe/Amsterdam");
  g_autofree char *opened = NULL;
  JsonArray *history;
  gboolean opens = FALSE, closed;
  WebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&n, now);
  if (reference == NULL || strlen (reference) > 64 || code == NULL)
    {
      case_unknown (error);
      return NULL;
    }
  if (!loket_db_query_row (self->db, "SELECT k.id, k.reference, k.status, k.opened_at,"
                           " k.deadline, k.closed_at, t.public_statuses, p.name AS product"
                           " FROM cases k JOIN case_types t ON t.id = k.case_type_id"
                           " LEFT JOIN products p ON p.id = k.product_id"
                           " WHERE k.reference = ?", reference, &kase, error)
      || (kase != NULL && !code_opens (self, kase, code, &n, &opens, error)))
    return NULL;
  if (!opens)
    {
      case_unknown (error);
      return NULL;
    }

  wordings = loket_store_parse_json_object (member_text (kase, "public_statuses"));
  closed = member_text (kase, "closed_at") != NULL;
  history = status_history (self, member_text (kase, "id"), wordings, tz, error);
  if (history == NULL)
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "reference", member_text (kase, "reference"));
  json_object_set_string_member (answer, "product", member_text (kase, "product"));
  json_object_set_string_member (answer, "status",
                                 public_wording (wordings, member_text (kase, "status")));
  json_object_set_boolean_member (answer, "closed", closed);
  opened = local_date (member_text (kase, "opened_at"), tz);
  json_object_set_string_member (answer, "opened", opened);
  json_object_set_string_member (answer, "expected",
                                 closed ? NULL : member_text (kase, "deadline"));
  json_object_set_array_member (answer, "history", history);
  return g_steal_pointer (&answer);
}

/* ---- the survey ----------------------------------------------------------------------------- */

/* The case of a survey token (used ones too, when used_ok), with its product and whether it
 * was answered. */
static gboolean
survey_case (LoketStore *self, const char *token, const WebNow *n, gboolean used_ok,
             JsonObject **kase, GError **error)
{
  g_autofree char *case_id = NULL;

  *kase = NULL;
  if (!find_token (self, "survey", token, n->now, used_ok, &case_id, error))
    return FALSE;
  if (case_id == NULL)
    return token_unknown (error);
  if (!loket_db_query_row (self->db, "SELECT k.id, k.reference, k.product_id, p.name AS product,"
                           " EXISTS (SELECT 1 FROM survey_answers s WHERE s.case_id = k.id)"
                           " AS answered FROM cases k LEFT JOIN products p ON p.id = k.product_id"
                           " WHERE k.id = ?", case_id, kase, error))
    return FALSE;
  return *kase != NULL || token_unknown (error);
}

JsonObject *
loket_store_web_survey (LoketStore *self, const char *token, GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autofree char *unused = NULL;
  JsonObject *answer;
  WebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  web_now_init (&n, now);
  if (!survey_case (self, token, &n, TRUE, &kase, error)
      || !find_token (self, "survey", token, n.now, FALSE, &unused, error))
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "product", member_text (kase, "product"));
  json_object_set_string_member (answer, "reference", member_text (kase, "reference"));
  json_object_set_boolean_member (answer, "answered",
                                  unused == NULL
                                  || json_object_get_int_member (kase, "answered") != 0);
  return answer;
}

typedef struct
{
  const char *token;
  const int  *marks;
  WebNow      n;
} SurveyAsk;

static gboolean
insert_answer (LoketStore *self, const SurveyAsk *ask, JsonObject *kase, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *hash = loket_auth_token_digest (ask->token);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO survey_answers (id, case_id, product_id, q1, q2, q3, answered_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, member_text (kase, "id"));
  loket_db_bind_text (stmt, 3, member_text (kase, "product_id"));
  for (int i = 0; i < 3; i++)
    sqlite3_bind_int (stmt, 4 + i, ask->marks[i]);
  loket_db_bind_text (stmt, 7, ask->n.now);
  if (!loket_store_run_write (self, stmt, error)
      || !loket_store_log_upsert (self, "survey_answers", id, ask->n.now, error))
    return FALSE;
  g_clear_pointer (&stmt, loket_db_release_cached);
  stmt = loket_db_prepare_cached (self->db, "UPDATE public_tokens SET used_at = ? WHERE hash = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, ask->n.now);
  loket_db_bind_text (stmt, 2, hash);
  return loket_store_run_write (self, stmt, error);
}

static JsonObject *
survey_step (LoketStore *self, gpointer data, GError **error)
{
  SurveyAsk *ask = data;
  g_autoptr(JsonObject) kase = NULL;

  if (!survey_case (self, ask->token, &ask->n, FALSE, &kase, error))
    return NULL;
  /* Answered through another of its links already: this one is used up as well. */
  if (json_object_get_int_member (kase, "answered") != 0)
    {
      token_unknown (error);
      return NULL;
    }
  if (!insert_answer (self, ask, kase, error))
    return NULL;
  return json_object_new ();
}

gboolean
loket_store_web_answer_survey (LoketStore *self, const char *token, const int marks[3],
                               GDateTime *now, GError **error)
{
  SurveyAsk ask = { token, marks };
  g_autoptr(JsonObject) done = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (marks != NULL && now != NULL, FALSE);

  for (int i = 0; i < 3; i++)
    if (marks[i] < 1 || marks[i] > 5)
      return loket_store_invalid (error, _("Give each question a mark from 1 to 5."));
  web_now_init (&ask.n, now);
  done = in_transaction (self, survey_step, &ask, error);
  return done != NULL;
}
