/* loket-server.c — the HTTP routes of loket-sync over a LoketStore.
 *
 * Two passes per request, both on the main loop:
 *  - the early handler runs once the headers are in: it finds the route and enforces the
 *    limits that need no body (404, 405, 413 by Content-Length, 414, long parameters), so a
 *    request that is refused anyway is never buffered;
 *  - the normal handler runs once the body is in: it parses, validates and calls the store.
 * A chunked body is counted while it arrives and dropped as soon as it passes the limit. */
#include "config.h"

#include "loket-server.h"

#include <libsoup/soup.h>
#include <stdarg.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-schema.h"

#define JSON_CONTENT_TYPE  "application/json; charset=utf-8"
#define PUBLIC_CACHE       "public, max-age=30"   /* availability may lag 30 s */
#define SERVER_TIME_ZONE   "Europe/Amsterdam"
#define REQUEST_DATA_KEY   "loket-request"
#define MAX_LOGGED_PATH    200

struct _LoketServer
{
  GObject     parent_instance;

  LoketStore     *store;
  SoupServer     *soup;
  GSocketService *service;
  GSocketAddress *bound;     /* the address actually listened on */
  GTimeZone      *tz;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LoketServer, loket_server, G_TYPE_OBJECT)

/* What the server keeps about a request between its signals. */
typedef struct {
  gint64 started;      /* monotonic µs */
  gsize  body_bytes;   /* received so far */
} RequestInfo;

typedef void (*RouteHandler) (LoketServer *self, SoupServerMessage *msg, GHashTable *query);

typedef struct {
  const char   *path;
  const char   *method;
  gboolean      is_public;
  RouteHandler  handler;
} Route;

/* A (decoded) path fit for a log line or a message: printable ASCII only, and not endless. */
static char *
printable_path (const char *path)
{
  GString *out = g_string_new (NULL);

  if (path == NULL || *path == '\0')
    path = "-";
  for (const char *p = path; *p != '\0' && out->len < MAX_LOGGED_PATH; p++)
    g_string_append_c (out, g_ascii_isgraph (*p) ? *p : '?');
  if (strlen (path) > MAX_LOGGED_PATH)
    g_string_append (out, "...");
  return g_string_free (out, FALSE);
}

static const char *
message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri != NULL ? g_uri_get_path (uri) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Answers
 */

static void
reply_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  /* Tokens, replicas and errors are nobody's to keep; public answers say otherwise. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, data, length);
}

static void
reply_object (SoupServerMessage *msg, guint status, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  reply_node (msg, status, node);
}

static void
reply_builder (SoupServerMessage *msg, guint status, JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  reply_node (msg, status, node);
}

static JsonBuilder *
error_builder (const char *code, const char *message)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  return builder;
}

static void
reply_error (SoupServerMessage *msg, guint status, const char *code, const char *message)
{
  g_autoptr(JsonBuilder) builder = error_builder (code, message);

  json_builder_end_object (builder);
  reply_builder (msg, status, builder);
}

static void reply_errorf (SoupServerMessage *msg, guint status, const char *code,
                          const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
reply_errorf (SoupServerMessage *msg, guint status, const char *code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  reply_error (msg, status, code, message);
}

static void
reply_bad_request (SoupServerMessage *msg, const char *message)
{
  reply_error (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST, message);
}

/* The store failed in a way the client cannot fix: say little to the client and enough on
 * stderr.  Store messages name tables and paths, never tokens, passwords or personal data. */
static void
reply_internal (SoupServerMessage *msg, const GError *error)
{
  g_autofree char *path = printable_path (message_path (msg));

  g_warning ("%s %s: %s", soup_server_message_get_method (msg), path, error->message);
  reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, LOKET_PROTO_ERR_INTERNAL,
               "The server could not complete the request. Try again later.");
}

static void
reply_store_error (SoupServerMessage *msg, const GError *error)
{
  if (error->domain != LOKET_ERROR)
    {
      reply_internal (msg, error);
      return;
    }
  switch ((LoketErrorCode) error->code)
    {
    case LOKET_ERROR_INVALID:
      reply_bad_request (msg, error->message);
      break;
    case LOKET_ERROR_NOT_FOUND:
      reply_error (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND, error->message);
      break;
    case LOKET_ERROR_UNAUTHORIZED:
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED, error->message);
      break;
    case LOKET_ERROR_INCOMPATIBLE:
      reply_error (msg, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE, error->message);
      break;
    case LOKET_ERROR_FAILED:
    case LOKET_ERROR_DATABASE:
    case LOKET_ERROR_SLOT_TAKEN:
    case LOKET_ERROR_CLOSED:
    case LOKET_ERROR_NETWORK:
    case LOKET_ERROR_PROTOCOL:
    case LOKET_ERROR_SEQUENCE_GAP:
    default:
      reply_internal (msg, error);
      break;
    }
}

static void
reply_too_large (SoupServerMessage *msg)
{
  /* Whatever is still on its way is read and dropped, not kept. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_PROTO_ERR_TOO_LARGE,
                "The request body is larger than %d bytes.", LOKET_MAX_BODY_BYTES);
}

/* ---------------------------------------------------------------------------------------------
 * Checks shared by the routes
 */

static gboolean
check_versions (SoupServerMessage *msg, gint64 protocol, gint64 schema)
{
  if (protocol == LOKET_PROTOCOL_VERSION && schema == LOKET_DOMAIN_SCHEMA_VERSION)
    return TRUE;
  reply_errorf (msg, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE,
                "This version of Loket does not match the server (protocol %d, schema %d). "
                "Update Loket.", LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
  return FALSE;
}

/* The device of the bearer token, or NULL after answering 401. */
static char *
authenticate (LoketServer *self, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  char *device_id;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED,
                   "Sign in first: the request has no device token.");
      return NULL;
    }
  value += 7;
  while (*value == ' ')
    value++;
  if (*value == '\0')
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED,
                   "Sign in first: the request has no device token.");
      return NULL;
    }
  device_id = loket_store_authenticate (self->store, value, &error);
  if (device_id == NULL)
    reply_store_error (msg, error);
  return device_id;
}

/* The body as a JSON object, or NULL after answering 400 or 413. */
static JsonObject *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonObject *object;

  if (length > LOKET_MAX_BODY_BYTES)
    {
      reply_too_large (msg);
      return NULL;
    }
  object = loket_protocol_parse_object (data, length, &error);
  if (object == NULL)
    reply_bad_request (msg, error->message);
  return object;
}

/* Reads protocol and schema from a body and answers 400 or 409 when they do not fit. */
static gboolean
check_body_versions (SoupServerMessage *msg, JsonObject *body)
{
  g_autoptr(GError) error = NULL;
  gint64 protocol, schema;

  if (!loket_protocol_get_int (body, "protocol", &protocol, &error) ||
      !loket_protocol_get_int (body, "schema", &schema, &error))
    {
      reply_bad_request (msg, error->message);
      return FALSE;
    }
  return check_versions (msg, protocol, schema);
}

static const char *
query_get (GHashTable *query, const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

/* An integer parameter in [min, max]; fallback when absent, unless required. */
static gboolean
query_get_int (SoupServerMessage *msg, GHashTable *query, const char *name, gint64 min,
               gint64 max, gboolean required, gint64 fallback, gint64 *out)
{
  const char *text = query_get (query, name);

  if (text == NULL && !required)
    {
      *out = fallback;
      return TRUE;
    }
  if (text == NULL)
    {
      reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                    "%s is required", name);
      return FALSE;
    }
  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      if (max == G_MAXINT64)
        reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                      "%s must be an integer of at least %" G_GINT64_FORMAT, name, min);
      else
        reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                      "%s must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                      name, min, max);
      return FALSE;
    }
  return TRUE;
}

static const char *
query_require (SoupServerMessage *msg, GHashTable *query, const char *name)
{
  const char *text = query_get (query, name);

  if (text == NULL || *text == '\0')
    reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                  "%s is required", name);
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Exactly "YYYY-MM-DD" naming a day that exists. */
static gboolean
parse_date (const char *text, GDate *date)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || year > G_MAXUINT16 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Routes
 */

static void
handle_healthz (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, LOKET_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, LOKET_DOMAIN_SCHEMA_VERSION);
  json_builder_end_object (builder);
  reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_login (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonObject) body = parse_body (msg);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *username, *password, *device_name = NULL;

  if (body == NULL || !check_body_versions (msg, body))
    return;
  if (!loket_protocol_get_string (body, "username", &username, &error) ||
      !loket_protocol_get_string (body, "password", &password, &error) ||
      !loket_protocol_opt_string (body, "device_name", &device_name, &error))
    {
      reply_bad_request (msg, error->message);
      return;
    }
  answer = loket_store_login (self->store, username, password,
                              device_name != NULL ? device_name : "", &error);
  if (answer == NULL)
    reply_store_error (msg, error);
  else
    reply_object (msg, SOUP_STATUS_OK, answer);
}

/* Each entry must at least look like a mutation; what it means is the store's business. */
static gboolean
check_mutations (SoupServerMessage *msg, JsonArray *mutations)
{
  guint n = json_array_get_length (mutations);

  if (n > LOKET_MAX_PUSH_MUTATIONS)
    {
      reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, LOKET_PROTO_ERR_TOO_LARGE,
                    "A push holds at most %d mutations; this one has %u.",
                    LOKET_MAX_PUSH_MUTATIONS, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (mutations, i);
      JsonObject *mutation = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GError) error = NULL;
      const char *text;
      JsonObject *args;
      gint64 seq;

      if (mutation == NULL)
        {
          reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                        "mutations[%u] must be an object", i);
          return FALSE;
        }
      if (!loket_protocol_get_int (mutation, "seq", &seq, &error) ||
          !loket_protocol_get_string (mutation, "type", &text, &error) ||
          !loket_protocol_get_object (mutation, "args", &args, &error) ||
          !loket_protocol_opt_string (mutation, "client_time", &text, &error))
        {
          reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                        "mutations[%u]: %s", i, error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
reply_sequence_gap (LoketServer *self, SoupServerMessage *msg, const char *device_id,
                    const GError *error)
{
  g_autoptr(JsonBuilder) builder = error_builder (LOKET_PROTO_ERR_SEQUENCE_GAP, error->message);

  json_builder_set_member_name (builder, "expected_seq");
  json_builder_add_int_value (builder, loket_store_get_device_seq (self->store, device_id) + 1);
  json_builder_end_object (builder);
  reply_builder (msg, SOUP_STATUS_CONFLICT, builder);
}

static void
handle_push (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *device_id = authenticate (self, msg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *mutations;

  if (device_id == NULL)
    return;
  body = parse_body (msg);
  if (body == NULL || !check_body_versions (msg, body))
    return;
  if (!loket_protocol_get_array (body, "mutations", &mutations, &error))
    {
      reply_bad_request (msg, error->message);
      return;
    }
  if (!check_mutations (msg, mutations))
    return;

  answer = loket_store_push (self->store, device_id, mutations, &error);
  if (answer != NULL)
    reply_object (msg, SOUP_STATUS_OK, answer);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP))
    reply_sequence_gap (self, msg, device_id, error);
  else
    reply_store_error (msg, error);
}

static void
handle_pull (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *device_id = authenticate (self, msg);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 protocol, schema, since, limit;

  if (device_id == NULL)
    return;
  if (!query_get_int (msg, query, "protocol", 0, G_MAXINT64, TRUE, 0, &protocol) ||
      !query_get_int (msg, query, "schema", 0, G_MAXINT64, TRUE, 0, &schema) ||
      !check_versions (msg, protocol, schema) ||
      !query_get_int (msg, query, "since", 0, G_MAXINT64, FALSE, 0, &since) ||
      !query_get_int (msg, query, "limit", 1, LOKET_MAX_PULL_LIMIT, FALSE,
                      LOKET_DEFAULT_PULL_LIMIT, &limit))
    return;

  answer = loket_store_pull (self->store, device_id, since, (guint) limit, &error);
  if (answer == NULL)
    reply_store_error (msg, error);
  else
    reply_object (msg, SOUP_STATUS_OK, answer);
}

/* {member: array} as a public answer. */
static void
reply_public_array (SoupServerMessage *msg, const char *product_id, const char *member,
                    JsonArray *array)
{
  g_autoptr(JsonObject) object = json_object_new ();

  if (product_id != NULL)
    json_object_set_string_member (object, "product", product_id);
  json_object_set_array_member (object, member, json_array_ref (array));
  reply_object (msg, SOUP_STATUS_OK, object);
}

static void
handle_public_products (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = loket_store_public_products (self->store, &error);
  if (products == NULL)
    reply_store_error (msg, error);
  else
    reply_public_array (msg, NULL, "products", products);
}

static void
handle_public_locations (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *product_id = query_require (msg, query, "product");
  g_autoptr(JsonArray) locations = NULL;
  g_autoptr(GError) error = NULL;

  if (product_id == NULL)
    return;
  locations = loket_store_public_locations (self->store, product_id, &error);
  if (locations == NULL)
    reply_store_error (msg, error);
  else
    reply_public_array (msg, product_id, "locations", locations);
}

static void
handle_public_availability (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *product_id, *location_id, *from_text;
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GDate from;
  gint64 days;

  if ((product_id = query_require (msg, query, "product")) == NULL ||
      (location_id = query_require (msg, query, "location")) == NULL ||
      !query_get_int (msg, query, "days", 1, LOKET_SERVER_MAX_DAYS, FALSE,
                      LOKET_SERVER_DEFAULT_DAYS, &days))
    return;

  from_text = query_get (query, "from");
  if (from_text == NULL)
    {
      g_date_clear (&from, 1);
      g_date_set_dmy (&from, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
    }
  else if (!parse_date (from_text, &from))
    {
      reply_bad_request (msg, "from must be a date YYYY-MM-DD");
      return;
    }

  answer = loket_store_public_availability (self->store, product_id, location_id, &from,
                                            (guint) days, now, &error);
  if (answer == NULL)
    reply_store_error (msg, error);
  else
    reply_object (msg, SOUP_STATUS_OK, answer);
}

static const Route routes[] = {
  { "/healthz",                 "GET",  FALSE, handle_healthz },
  { "/v1/auth/login",           "POST", FALSE, handle_login },
  { "/v1/sync/push",            "POST", FALSE, handle_push },
  { "/v1/sync/pull",            "GET",  FALSE, handle_pull },
  { "/v1/public/products",      "GET",  TRUE,  handle_public_products },
  { "/v1/public/locations",     "GET",  TRUE,  handle_public_locations },
  { "/v1/public/availability",  "GET",  TRUE,  handle_public_availability },
};

static const Route *
find_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].path, path))
      return &routes[i];
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Dispatch
 */

static gboolean
check_query_limits (SoupServerMessage *msg, GHashTable *query)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
  GHashTableIter iter;
  gpointer key, value;

  if (raw != NULL && strlen (raw) > LOKET_SERVER_MAX_QUERY_BYTES)
    {
      reply_errorf (msg, SOUP_STATUS_REQUEST_URI_TOO_LONG, LOKET_PROTO_ERR_TOO_LARGE,
                    "The query string is longer than %d bytes.", LOKET_SERVER_MAX_QUERY_BYTES);
      return FALSE;
    }
  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (strlen (key) > LOKET_SERVER_MAX_PARAM_BYTES ||
          strlen (value) > LOKET_SERVER_MAX_PARAM_BYTES)
        {
          reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_TOO_LARGE,
                        "A query parameter is longer than %d bytes.",
                        LOKET_SERVER_MAX_PARAM_BYTES);
          return FALSE;
        }
      /* Ids and dates are text; anything else would end up in a JSON answer. */
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          reply_bad_request (msg, "Query parameters must be UTF-8 text.");
          return FALSE;
        }
    }
  return TRUE;
}

static void
on_got_chunk (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  RequestInfo *info = g_object_get_data (G_OBJECT (msg), REQUEST_DATA_KEY);

  info->body_bytes += g_bytes_get_size (chunk);
  if (info->body_bytes > LOKET_MAX_BODY_BYTES && soup_server_message_get_status (msg) == 0)
    reply_too_large (msg);
}

/* Everything that can be refused before the body is read. */
static void
early_handler (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
               gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const Route *route = find_route (path);

  if (route == NULL)
    {
      g_autofree char *shown = printable_path (path);

      reply_errorf (msg, SOUP_STATUS_NOT_FOUND, LOKET_PROTO_ERR_NOT_FOUND,
                    "There is nothing at %s.", shown);
    }
  else if (!g_str_equal (method, route->method))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    route->method);
      reply_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, LOKET_PROTO_ERR_BAD_REQUEST,
                    "%s only answers %s.", route->path, route->method);
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > LOKET_MAX_BODY_BYTES)
    reply_too_large (msg);
  else if (check_query_limits (msg, query))
    {
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
      return;
    }
  /* Refused: drop whatever body follows instead of keeping it. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
}

static void
main_handler (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
              gpointer user_data)
{
  LoketServer *self = user_data;
  const Route *route = find_route (path);

  /* The early handler answered everything without a route. */
  g_assert (route != NULL);
  route->handler (self, msg, query);
  if (route->is_public && soup_server_message_get_status (msg) == SOUP_STATUS_OK)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Cache-Control", PUBLIC_CACHE);
  g_assert (soup_server_message_get_status (msg) != 0);
}

/* ---------------------------------------------------------------------------------------------
 * The request log
 */

/* libsoup refuses some requests itself once their headers are in (a path with a NUL, a Host it
 * cannot use); runs after libsoup's own handler so such a refusal still answers in JSON. */
static void
on_got_headers (SoupServerMessage *msg, gpointer user_data)
{
  guint status = soup_server_message_get_status (msg);

  if (status != 0 && soup_server_message_get_response_body (msg)->length == 0)
    reply_error (msg, status, status == SOUP_STATUS_BAD_REQUEST ? LOKET_PROTO_ERR_BAD_REQUEST
                                                                : LOKET_PROTO_ERR_INTERNAL,
                 "The request could not be read.");
}

static void
on_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), REQUEST_DATA_KEY, info, g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
}

static void
log_request (SoupServerMessage *msg, const char *outcome)
{
  RequestInfo *info = g_object_get_data (G_OBJECT (msg), REQUEST_DATA_KEY);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *path = printable_path (message_path (msg));
  double ms = info != NULL ? (double) (g_get_monotonic_time () - info->started) / 1000.0 : 0.0;
  guint status = soup_server_message_get_status (msg);
  char status_text[16];
  char ms_text[G_ASCII_DTOSTR_BUF_SIZE];

  /* The same line in every locale: no decimal comma. */
  g_ascii_formatd (ms_text, sizeof ms_text, "%.1f", ms);
  if (outcome != NULL && status == 0)
    g_strlcpy (status_text, outcome, sizeof status_text);
  else
    g_snprintf (status_text, sizeof status_text, "%u", status);
  g_printerr ("loket-sync: %s %s %s %s ms\n", method != NULL ? method : "-", path, status_text,
              ms_text);
}

static void
on_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  log_request (msg, NULL);
}

static void
on_request_aborted (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  log_request (msg, "aborted");
}

/* ---------------------------------------------------------------------------------------------
 * The object
 */

LoketServer *
loket_server_new (LoketStore *store)
{
  g_return_val_if_fail (LOKET_IS_STORE (store), NULL);

  return g_object_new (LOKET_TYPE_SERVER, "store", store, NULL);
}

LoketStore *
loket_server_get_store (LoketServer *self)
{
  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  return self->store;
}

/* Connections are accepted here and handed to libsoup as streams: libsoup 3.2's own
 * listener (soup_server_listen) leaks every accepted GSocket, and with it the file
 * descriptor of each kept-alive connection the client closes, until the server runs out. */
static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer user_data)
{
  LoketServer *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  /* A client that is gone already has no addresses; there is nothing to serve. */
  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (self->soup, G_IO_STREAM (connection), local, remote, &error))
    {
      if (error != NULL)
        g_printerr ("loket-sync: could not accept a connection: %s\n", error->message);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  return TRUE;
}

gboolean
loket_server_listen (LoketServer *self, const char *address, guint16 port, GError **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (LOKET_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (address, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not an IP address", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);

  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 128);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &self->bound, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  g_signal_connect_object (self->service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (self->service);
  return TRUE;
}

char *
loket_server_dup_url (LoketServer *self)
{
  GInetSocketAddress *inet;
  g_autofree char *host = NULL;

  g_return_val_if_fail (LOKET_IS_SERVER (self), NULL);

  if (self->bound == NULL || !G_IS_INET_SOCKET_ADDRESS (self->bound))
    return NULL;
  inet = G_INET_SOCKET_ADDRESS (self->bound);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  return g_strdup_printf (strchr (host, ':') != NULL ? "http://[%s]:%u" : "http://%s:%u",
                          host, g_inet_socket_address_get_port (inet));
}

static void
loket_server_constructed (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  G_OBJECT_CLASS (loket_server_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->soup = soup_server_new ("server-header", "loket-sync", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, main_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished), NULL);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_aborted), NULL);
}

static void
loket_server_dispose (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  g_clear_object (&self->bound);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (loket_server_parent_class)->dispose (object);
}

static void
loket_server_finalize (GObject *object)
{
  LoketServer *self = LOKET_SERVER (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_server_parent_class)->finalize (object);
}

static void
loket_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketServer *self = LOKET_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_server_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  LoketServer *self = LOKET_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_server_class_init (LoketServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = loket_server_constructed;
  object_class->dispose = loket_server_dispose;
  object_class->finalize = loket_server_finalize;
  object_class->get_property = loket_server_get_property;
  object_class->set_property = loket_server_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LOKET_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_server_init (LoketServer *self)
{
  /* Public dates ("today", "from") are the municipality's, whatever zone the host runs in. */
  self->tz = g_time_zone_new_identifier (SERVER_TIME_ZONE);
  if (self->tz == NULL)
    self->tz = g_time_zone_new_local ();
}
