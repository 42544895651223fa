/* loket-web-api.c — the public JSON API under /v1/public/, for citizens' booking forms and an
 * Open Forms appointment plugin (products, locations, dates, times, customer fields, holds,
 * bookings, their changes) and for the case status, the survey and the rooms; the knowledge
 * base's public articles are loket-web-articles.c's.  Described in
 * data/openapi/loket-public.json; the store does the work (loket-store-web.h).
 *
 * Handlers run in the site's language, rate-limited per client, with bodies of at most
 * LOKET_SERVER_MAX_PUBLIC_BODY (loket-server.c).  Every error is {"error": code, "message":
 * a sentence for the citizen}:
 *   400 bad_request   malformed JSON, a missing or mistyped member, a value that does not fit
 *   403 forbidden     a limit: too many open appointments for the e-mail address
 *   404 not_found     an unknown product, location or path; an unknown, forged, expired or
 *                     used token (one answer for all of these, so no token is told apart)
 *   409 slot_taken    the time was taken meanwhile;  409 closed: it cannot be booked or
 *                     changed (outside the booking window, past, or at the desk already)
 *   413 too_large     429 rate_limited (with Retry-After)   500 internal
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-server-private.h"
#include "loket-store-web.h"
#include "loket-web-pages-private.h"

#define MAX_COUNT           99
#define MAX_VISIT_ITEMS     10
#define DEFAULT_DATES_DAYS  31
#define MAX_DATES_DAYS      366
#define DEFAULT_ROOM_DAYS   14
#define MAX_ROOM_DAYS       186

#define CODE_SLOT_TAKEN     "slot_taken"
#define CODE_CLOSED         "closed"
#define CODE_FORBIDDEN      "forbidden"

/* ---- answers -------------------------------------------------------------------------------- */

static void
reply_error (SoupServerMessage *msg, const GError *error)
{
  static const struct { LoketErrorCode code; guint status; const char *name; } map[] = {
    { LOKET_ERROR_INVALID,    SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST },
    { LOKET_ERROR_NOT_FOUND,  SOUP_STATUS_NOT_FOUND,   LOKET_PROTO_ERR_NOT_FOUND },
    { LOKET_ERROR_SLOT_TAKEN, SOUP_STATUS_CONFLICT,    CODE_SLOT_TAKEN },
    { LOKET_ERROR_CLOSED,     SOUP_STATUS_CONFLICT,    CODE_CLOSED },
    { LOKET_ERROR_FORBIDDEN,  SOUP_STATUS_FORBIDDEN,   CODE_FORBIDDEN },
  };

  if (error->domain == LOKET_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (map); i++)
      if (error->code == (int) map[i].code)
        {
          loket_server_reply_error (msg, map[i].status, map[i].name, error->message);
          return;
        }
  loket_server_reply_internal (msg, error);
}

/* The answer, or the error when there is none. */
static void
reply (SoupServerMessage *msg, guint status, JsonObject *answer, const GError *error)
{
  if (answer == NULL)
    reply_error (msg, error);
  else
    loket_server_reply_object (msg, status, answer);
}

static void reply_bad (SoupServerMessage *msg, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
reply_bad (SoupServerMessage *msg, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  loket_server_reply_bad_request (msg, message);
}

/* ---- what the request says ------------------------------------------------------------------ */

/* The products of a visit, from the query (product=ID or ID:COUNT, repeated) or a body. */
typedef struct
{
  GPtrArray *ids;        /* owned */
  GArray    *products;   /* LoketSlotVisitProduct, pointing into ids */
} Visit;

static void
visit_init (Visit *v)
{
  v->ids = g_ptr_array_new_with_free_func (g_free);
  v->products = g_array_new (FALSE, FALSE, sizeof (LoketSlotVisitProduct));
}

static void
visit_clear (Visit *v)
{
  g_clear_pointer (&v->products, g_array_unref);
  g_clear_pointer (&v->ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visit, visit_clear)

static const LoketSlotVisitProduct *
visit_products (const Visit *v)
{
  return (const LoketSlotVisitProduct *) (gpointer) v->products->data;
}

static gboolean
visit_add (Visit *v, char *id, gint64 count)
{
  LoketSlotVisitProduct product = { id, (guint) count };

  g_ptr_array_add (v->ids, id);
  if (*id == '\0' || count < 1 || count > MAX_COUNT || v->products->len >= MAX_VISIT_ITEMS)
    return FALSE;
  g_array_append_val (v->products, product);
  return TRUE;
}

/* "ID" or "ID:COUNT". */
static gboolean
visit_add_text (Visit *v, const char *text)
{
  const char *colon = strrchr (text, ':');
  guint64 count = 1;

  if (colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 1, MAX_COUNT, &count, NULL))
    return FALSE;
  return visit_add (v, g_strndup (text, colon != NULL ? (gsize) (colon - text) : strlen (text)),
                    (gint64) count);
}

/* Every product= of the query as sent (libsoup's table keeps only the last of a repeated
 * name).  400 when there is none or one does not fit. */
static gboolean
query_visit (SoupServerMessage *msg, Visit *v)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) pairs = g_strsplit (raw != NULL ? raw : "", "&", -1);

  visit_init (v);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (pairs[i], "product="))
        continue;
      g_strdelimit (pairs[i], "+", ' ');
      value = g_uri_unescape_string (pairs[i] + strlen ("product="), NULL);
      if (value == NULL || !g_utf8_validate (value, -1, NULL) || !visit_add_text (v, value))
        {
          reply_bad (msg, _("“%s” must be a product's id, or its id, a colon and a count from 1 "
                            "to 99, at most 10 times."), "product");
          return FALSE;
        }
    }
  if (v->products->len > 0)
    return TRUE;
  reply_bad (msg, _("“%s” is missing."), "product");
  return FALSE;
}

static const char *
query_text (SoupServerMessage *msg, GHashTable *query, const char *name)
{
  const char *text = loket_server_query_get (query, name);

  if (text == NULL || *text == '\0')
    {
      reply_bad (msg, _("“%s” is missing."), name);
      return NULL;
    }
  return text;
}

/* A date parameter (YYYY-MM-DD), today in the municipality when absent and optional. */
static gboolean
query_date (LoketServer *self, SoupServerMessage *msg, GHashTable *query, const char *name,
            gboolean required, GDateTime *now, GDate *date)
{
  const char *text = loket_server_query_get (query, name);

  if (text == NULL && !required)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
      return TRUE;
    }
  if (text != NULL && loket_server_parse_date (text, date))
    return TRUE;
  reply_bad (msg, _("“%s” must be a date (YYYY-MM-DD)."), name);
  return FALSE;
}

static gboolean
query_days (SoupServerMessage *msg, GHashTable *query, guint fallback, guint max, guint *days)
{
  const char *text = loket_server_query_get (query, "days");
  guint64 value = fallback;

  if (text == NULL || (g_ascii_isdigit (*text)
                       && g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL)))
    {
      *days = (guint) value;
      return TRUE;
    }
  reply_bad (msg, _("“%s” must be a number from 1 to %u."), "days", max);
  return FALSE;
}

/* The body as a JSON object, or NULL after answering 400 or 413. */
static JsonObject *
body_object (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonObject *object;

  if (length > LOKET_SERVER_MAX_PUBLIC_BODY)
    {
      loket_server_reply_too_large (msg, LOKET_SERVER_MAX_PUBLIC_BODY);
      return NULL;
    }
  object = loket_protocol_parse_object (data, length, &error);
  if (object == NULL)
    loket_server_reply_bad_request (msg, error->message);
  return object;
}

/* Checks of body members: ok, or 400 with the sentence of *error (read once ok is known). */
static gboolean
member_ok (SoupServerMessage *msg, gboolean ok, GError **error)
{
  if (!ok)
    {
      g_assert (*error != NULL);
      loket_server_reply_bad_request (msg, (*error)->message);
      g_clear_error (error);
    }
  return ok;
}

/* [{"id", "count"?}] of a body. */
static gboolean
body_visit (SoupServerMessage *msg, JsonArray *items, Visit *v)
{
  visit_init (v);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *count = item != NULL ? json_object_get_member (item, "count") : NULL;
      const char *id = item != NULL ? json_object_get_string_member_with_default (item, "id",
                                                                                  NULL) : NULL;

      if (id == NULL
          || (count != NULL && json_node_get_value_type (count) != G_TYPE_INT64)
          || !visit_add (v, g_strdup (id), count != NULL ? json_node_get_int (count) : 1))
        {
          reply_bad (msg, _("Each of “%s” needs an “id” and a “count” from 1 to 99, at most 10 "
                            "products."), "products");
          return FALSE;
        }
    }
  return TRUE;
}

/* The rest of the path after the route's prefix: "TOKEN" and what follows a slash. */
static char *
path_rest (SoupServerMessage *msg, const char *prefix, char **action)
{
  g_autofree char *path = g_uri_unescape_string (g_uri_get_path (soup_server_message_get_uri (msg)),
                                                 NULL);
  char *rest, *slash;

  *action = NULL;
  if (path == NULL || !g_str_has_prefix (path, prefix))
    return g_strdup ("");
  rest = g_strdup (path + strlen (prefix));
  slash = strchr (rest, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      *action = g_strdup (slash + 1);
    }
  return rest;
}

static void
reply_no_path (SoupServerMessage *msg)
{
  loket_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                            _("There is nothing at this address."));
}

/* ---- products, locations, free days and times ----------------------------------------------- */

/* The product of a listed id, or NULL. */
static JsonObject *
listed_product (JsonArray *products, const char *id)
{
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      if (g_strcmp0 (json_object_get_string_member (product, "id"), id) == 0)
        return product;
    }
  return NULL;
}

/* GET products[?product=ID…]: every public product, or those that can be booked together with
 * the ones given (their product group). */
static void
handle_products (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) products = loket_store_public_products (self->store, &error);
  g_autoptr(JsonObject) answer = NULL;
  g_auto(Visit) visit = { 0 };
  JsonArray *kept;

  if (products == NULL)
    {
      reply_error (msg, error);
      return;
    }
  answer = json_object_new ();
  if (loket_server_query_get (query, "product") == NULL)
    {
      json_object_set_array_member (answer, "products", json_array_ref (products));
      loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
      return;
    }
  if (!query_visit (msg, &visit))
    return;
  kept = json_array_new ();
  json_object_set_array_member (answer, "products", kept);
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      gboolean fits = TRUE;

      for (guint j = 0; j < visit.products->len && fits; j++)
        {
          JsonObject *given = listed_product (products, visit_products (&visit)[j].product_id);

          if (given == NULL)
            {
              loket_server_reply_errorf (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                                         _("There is no product “%s”"),
                                         visit_products (&visit)[j].product_id);
              return;
            }
          fits = g_strcmp0 (json_object_get_string_member (given, "group_id"),
                            json_object_get_string_member (product, "group_id")) == 0;
        }
      if (fits)
        json_array_add_element (kept, json_array_dup_element (products, i));
    }
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

/* GET locations?product=ID[:COUNT]…: where the visit can be booked. */
static void
handle_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto(Visit) visit = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) locations = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (!query_visit (msg, &visit))
    return;
  locations = loket_store_web_locations (self->store, visit_products (&visit),
                                         visit.products->len, &error);
  if (locations == NULL)
    {
      reply_error (msg, error);
      return;
    }
  answer = json_object_new ();
  json_object_set_string_member (answer, "product", visit_products (&visit)[0].product_id);
  json_object_set_array_member (answer, "locations", g_steal_pointer (&locations));
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

gboolean
loket_web_api_availability_ask (GHashTable *query, GDateTime *now, LoketWebAvailabilityAsk *ask,
                                char **refusal)
{
  const char *from = loket_server_query_get (query, "from");
  const char *days = loket_server_query_get (query, "days");
  guint64 value = LOKET_SERVER_DEFAULT_DAYS;

  *refusal = NULL;
  ask->product_id = loket_server_query_get (query, "product");
  ask->location_id = loket_server_query_get (query, "location");
  if (ask->product_id == NULL || *ask->product_id == '\0')
    *refusal = g_strdup_printf (_("“%s” is missing."), "product");
  else if (ask->location_id == NULL || *ask->location_id == '\0')
    *refusal = g_strdup_printf (_("“%s” is missing."), "location");
  else if (days != NULL && !(g_ascii_isdigit (*days)
                             && g_ascii_string_to_unsigned (days, 10, 1, LOKET_SERVER_MAX_DAYS,
                                                            &value, NULL)))
    *refusal = g_strdup_printf (_("“%s” must be a number from 1 to %u."), "days",
                                LOKET_SERVER_MAX_DAYS);
  else if (from != NULL && !loket_server_parse_date (from, &ask->from))
    *refusal = g_strdup_printf (_("“%s” must be a date (YYYY-MM-DD)."), "from");
  else if (from == NULL)
    {
      g_date_clear (&ask->from, 1);
      g_date_set_dmy (&ask->from, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
    }
  ask->days = (guint) value;
  return *refusal == NULL;
}

/* GET availability?product=ID&location=ID[&from=][&days=1..62]: the free times per day. */
static void
handle_availability (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(GString) text = g_string_sized_new (4096);
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = NULL;
  LoketWebAvailabilityAsk ask;

  if (!loket_web_api_availability_ask (query, now, &ask, &refusal))
    loket_server_reply_bad_request (msg, refusal);
  else if (!loket_store_public_availability_write (self->store, ask.product_id, ask.location_id,
                                                   &ask.from, ask.days, now, text, &error))
    reply_error (msg, error);
  else
    loket_server_reply_json_text (msg, SOUP_STATUS_OK, g_steal_pointer (&text));
}

/* GET dates?product=ID[:COUNT]…&location=ID[&from=][&days=1..366]: the days with free times. */
static void
handle_dates (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_auto(Visit) visit = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *location_id;
  GDate from;
  guint days;

  if (!query_visit (msg, &visit)
      || (location_id = query_text (msg, query, "location")) == NULL
      || !query_days (msg, query, DEFAULT_DATES_DAYS, MAX_DATES_DAYS, &days)
      || !query_date (self, msg, query, "from", FALSE, now, &from))
    return;
  answer = loket_store_web_dates (self->store, visit_products (&visit), visit.products->len,
                                  location_id, &from, days, now, &error);
  reply (msg, SOUP_STATUS_OK, answer, error);
}

/* GET times?product=ID[:COUNT]…&location=ID&date=YYYY-MM-DD: the free start times of a day. */
static void
handle_times (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_auto(Visit) visit = { 0 };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *location_id;
  GDate day;

  if (!query_visit (msg, &visit)
      || (location_id = query_text (msg, query, "location")) == NULL
      || !query_date (self, msg, query, "date", TRUE, now, &day))
    return;
  answer = loket_store_web_times (self->store, visit_products (&visit), visit.products->len,
                                  location_id, &day, now, &error);
  reply (msg, SOUP_STATUS_OK, answer, error);
}

static void
add_field (JsonArray *fields, const char *name, const char *label, const char *type,
           gboolean required, int max_length)
{
  JsonObject *field = json_object_new ();

  json_object_set_string_member (field, "name", name);
  json_object_set_string_member (field, "label", label);
  json_object_set_string_member (field, "type", type);
  json_object_set_boolean_member (field, "required", required);
  json_object_set_int_member (field, "max_length", max_length);
  json_array_add_object_element (fields, field);
}

/* GET customer-fields?product=ID…: what the booking form asks: {"fields": [{"name", "label",
 * "type", "required", "max_length"}]}; a reason is required when a product asks for one. */
static void
handle_customer_fields (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_auto(Visit) visit = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) products = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *fields;
  gboolean reason = FALSE;

  if (!query_visit (msg, &visit))
    return;
  if ((products = loket_store_public_products (self->store, &error)) == NULL)
    {
      reply_error (msg, error);
      return;
    }
  for (guint i = 0; i < visit.products->len; i++)
    {
      JsonObject *product = listed_product (products, visit_products (&visit)[i].product_id);

      if (product == NULL)
        {
          loket_server_reply_errorf (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                                     _("There is no product “%s”"),
                                     visit_products (&visit)[i].product_id);
          return;
        }
      reason |= json_object_get_boolean_member (product, "asks_reason");
    }
  fields = json_array_new ();
  add_field (fields, "name", _("Your name"), "text", TRUE, 200);
  add_field (fields, "email", _("E-mail address"), "email", TRUE, 254);
  add_field (fields, "phone", _("Phone number"), "tel", FALSE, 20);
  add_field (fields, "reason", _("Reason for your visit"), "textarea", reason, 500);
  json_object_set_array_member (answer, "fields", fields);
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

/* GET rooms[?from=][&days=1..186]: the rooms' free day parts. */
static void
handle_rooms (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GDate from;
  guint days;

  if (!query_days (msg, query, DEFAULT_ROOM_DAYS, MAX_ROOM_DAYS, &days)
      || !query_date (self, msg, query, "from", FALSE, now, &from))
    return;
  answer = loket_store_web_rooms (self->store, &from, days, now, &error);
  reply (msg, SOUP_STATUS_OK, answer, error);
}

/* ---- holds and bookings --------------------------------------------------------------------- */

/* POST holds {"products": [{"id", "count"}], "location", "start", "appointment"?}: 201 with
 * the hold.  "appointment" (a link token) holds a new time for that appointment, with its own
 * products (then "products" may be left out). */
static void
handle_hold (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonObject) body = body_object (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Visit) visit = { 0 };
  const char *location_id, *start_text, *appointment = NULL;
  JsonArray *items = NULL;
  GError *bad = NULL;
  gboolean own_products;
  gint64 start;

  if (body == NULL
      || !member_ok (msg, loket_protocol_get_string (body, "location", &location_id, &bad)
                          && loket_protocol_get_string (body, "start", &start_text, &bad)
                          && loket_protocol_opt_string (body, "appointment", &appointment,
                                                        &bad), &bad))
    return;
  own_products = appointment != NULL && !json_object_has_member (body, "products");
  if ((!own_products
       && !member_ok (msg, loket_protocol_get_array (body, "products", &items, &bad), &bad))
      || !body_visit (msg, items, &visit))
    return;
  if (!loket_protocol_parse_time (start_text, &start))
    {
      reply_bad (msg, _("“%s” must be a time such as 2030-01-14T08:30:00Z."), "start");
      return;
    }
  answer = loket_store_web_hold (self->store, visit_products (&visit), visit.products->len,
                                 location_id, start, appointment, self->site->hold_minutes, now,
                                 &error);
  reply (msg, SOUP_STATUS_CREATED, answer, error);
}

/* DELETE holds/{token}: 204, also when the hold had gone already. */
static void
handle_release (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *action = NULL;
  g_autofree char *token = path_rest (msg, "/v1/public/holds/", &action);
  g_autoptr(GError) error = NULL;

  if (action != NULL)
    reply_no_path (msg);
  else if (!loket_store_web_release (self->store, token, &error))
    reply_error (msg, error);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* A booking form's hidden field that people never see: a value means a bot filled it in. */
static gboolean
honeypot_empty (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "website");

  return node == NULL || JSON_NODE_HOLDS_NULL (node)
         || (json_node_get_value_type (node) == G_TYPE_STRING
             && *json_node_get_string (node) == '\0');
}

/* POST appointments {"hold", "customer": {"name", "email", "phone"?}, "reason"?, "website"?}:
 * 201 {"token", "appointment"}. */
static void
handle_book (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonObject) body = body_object (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  LoketWebCustomer customer = { 0 };
  JsonObject *person;
  const char *hold;
  GError *bad = NULL;

  if (body == NULL)
    return;
  if (!honeypot_empty (body))
    {
      loket_server_reply_bad_request (msg, _("This form could not be sent. Please try again."));
      return;
    }
  if (!member_ok (msg, loket_protocol_get_string (body, "hold", &hold, &bad)
                       && loket_protocol_get_object (body, "customer", &person, &bad)
                       && loket_protocol_opt_string (body, "reason", &customer.reason, &bad)
                       && loket_protocol_get_string (person, "name", &customer.name, &bad)
                       && loket_protocol_get_string (person, "email", &customer.email, &bad)
                       && loket_protocol_opt_string (person, "phone", &customer.phone, &bad),
                  &bad))
    return;
  answer = loket_store_web_confirm (self->store, hold, &customer,
                                    self->site->max_open_per_email, now, &error);
  reply (msg, SOUP_STATUS_CREATED, answer, error);
}

/* GET appointments/{token}; POST appointments/{token}/cancel; POST
 * appointments/{token}/reschedule {"hold"}: the appointment's public details. */
static void
handle_appointment (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *action = NULL;
  g_autofree char *token = path_rest (msg, "/v1/public/appointments/", &action);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean get = g_str_equal (soup_server_message_get_method (msg), "GET");
  const char *hold;
  GError *bad = NULL;

  if (get && action == NULL)
    answer = loket_store_web_appointment (self->store, token, now, &error);
  else if (!get && g_strcmp0 (action, "cancel") == 0)
    answer = loket_store_web_cancel (self->store, token, now, &error);
  else if (!get && g_strcmp0 (action, "reschedule") == 0)
    {
      if ((body = body_object (msg)) == NULL
          || !member_ok (msg, loket_protocol_get_string (body, "hold", &hold, &bad), &bad))
        return;
      answer = loket_store_web_reschedule (self->store, token, hold, now, &error);
    }
  else
    {
      reply_no_path (msg);
      return;
    }
  reply (msg, SOUP_STATUS_OK, answer, error);
}

/* ---- case status and survey ----------------------------------------------------------------- */

/* POST case-status {"reference", "code"}: the case's public status.  A POST, so the code stays
 * out of addresses and logs, and counts as a booking for the rate limit (it is a guess). */
static void
handle_case_status (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonObject) body = body_object (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *reference, *code;
  GError *bad = NULL;

  if (body == NULL
      || !member_ok (msg, loket_protocol_get_string (body, "reference", &reference, &bad)
                          && loket_protocol_get_string (body, "code", &code, &bad), &bad))
    return;
  answer = loket_store_web_case_status (self->store, reference, code, now, &error);
  reply (msg, SOUP_STATUS_OK, answer, error);
}

/* GET surveys/{token}: the survey page's facts; POST surveys/{token} {"q1", "q2", "q3"} (each
 * 1-5): stores the answer once, {"answered": true}. */
static void
handle_survey (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *action = NULL;
  g_autofree char *token = path_rest (msg, "/v1/public/surveys/", &action);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 q[3] = { 0 };
  int marks[3];
  GError *bad = NULL;

  if (action != NULL)
    {
      reply_no_path (msg);
      return;
    }
  if (g_str_equal (soup_server_message_get_method (msg), "GET"))
    {
      answer = loket_store_web_survey (self->store, token, now, &error);
      reply (msg, SOUP_STATUS_OK, answer, error);
      return;
    }
  if ((body = body_object (msg)) == NULL
      || !member_ok (msg, loket_protocol_get_int (body, "q1", &q[0], &bad)
                          && loket_protocol_get_int (body, "q2", &q[1], &bad)
                          && loket_protocol_get_int (body, "q3", &q[2], &bad), &bad))
    return;
  for (guint i = 0; i < 3; i++)
    marks[i] = (int) CLAMP (q[i], -1, 6);  /* out of range stays out of range */
  if (!loket_store_web_answer_survey (self->store, token, marks, now, &error))
    {
      reply_error (msg, error);
      return;
    }
  answer = json_object_new ();
  json_object_set_boolean_member (answer, "answered", TRUE);
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

/* ---- the table ------------------------------------------------------------------------------ */

#define KEEP LOKET_SERVER_CACHE_KEEP
#define NONE LOKET_SERVER_CACHE_NONE

static const LoketServerRoute routes[] = {
  { "/v1/public/products",        "GET",      TRUE, handle_products,        FALSE, KEEP },
  { "/v1/public/locations",       "GET",      TRUE, handle_locations,       FALSE, KEEP },
  { "/v1/public/availability",    "GET",      TRUE, handle_availability,    FALSE, KEEP },
  { "/v1/public/dates",           "GET",      TRUE, handle_dates,           FALSE, KEEP },
  { "/v1/public/times",           "GET",      TRUE, handle_times,           FALSE, KEEP },
  { "/v1/public/customer-fields", "GET",      TRUE, handle_customer_fields, FALSE, KEEP },
  { "/v1/public/rooms",           "GET",      TRUE, handle_rooms,           FALSE, KEEP },
  { "/v1/public/holds",           "POST",     TRUE, handle_hold,            FALSE, NONE },
  { "/v1/public/holds/",          "DELETE",   TRUE, handle_release,         FALSE, NONE },
  { "/v1/public/appointments",    "POST",     TRUE, handle_book,            FALSE, NONE },
  { "/v1/public/appointments/",   "GET POST", TRUE, handle_appointment,     FALSE, NONE },
  { "/v1/public/case-status",     "POST",     TRUE, handle_case_status,     FALSE, NONE },
  { "/v1/public/surveys/",        "GET POST", TRUE, handle_survey,          FALSE, NONE },
  { "/v1/public/articles",        "GET",      TRUE, loket_web_api_articles, FALSE, KEEP },
  { "/v1/public/articles/",       "GET",      TRUE, loket_web_api_article,  FALSE, KEEP },
};

#undef KEEP
#undef NONE

const LoketServerRoute *
loket_web_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
