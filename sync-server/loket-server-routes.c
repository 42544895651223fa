/* loket-server-routes.c — the routes of loket-sync and their handlers.
 *
 * The public API's routes are in loket-web-api.c, the public pages' in loket-web-pages.c.
 * A handler runs once the request's body is in and the limits that need no body have passed
 * (loket-server.c).  It parses and validates what the client sent, hands it to the store and
 * always answers with a status.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-schema.h"
#include "loket-server-private.h"

/* ---------------------------------------------------------------------------------------------
 * Checks shared by the routes
 */

static gboolean
check_versions (SoupServerMessage *msg, gint64 protocol, gint64 schema)
{
  if (protocol == LOKET_PROTOCOL_VERSION && schema == LOKET_DOMAIN_SCHEMA_VERSION)
    return TRUE;
  loket_server_reply_errorf (msg, SOUP_STATUS_CONFLICT, LOKET_PROTO_ERR_INCOMPATIBLE,
                             "This version of Loket does not match the server (protocol %d, "
                             "schema %d). Update Loket.", LOKET_PROTOCOL_VERSION,
                             LOKET_DOMAIN_SCHEMA_VERSION);
  return FALSE;
}

/* The token of "Authorization: Bearer TOKEN", or NULL. */
static const char *
bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value != '\0' ? value : NULL;
}

/* The device of the bearer token, or NULL after answering 401. */
static char *
authenticate (LoketServer *self, SoupServerMessage *msg)
{
  const char *token = bearer_token (msg);
  g_autoptr(GError) error = NULL;
  char *device_id;

  if (token == NULL)
    {
      loket_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, LOKET_PROTO_ERR_UNAUTHORIZED,
                                "Sign in first: the request has no device token.");
      return NULL;
    }
  device_id = loket_store_authenticate (self->store, token, &error);
  if (device_id == NULL)
    loket_server_reply_store_error (msg, error);
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
      loket_server_reply_too_large (msg, LOKET_MAX_BODY_BYTES);
      return NULL;
    }
  object = loket_protocol_parse_object (data, length, &error);
  if (object == NULL)
    loket_server_reply_bad_request (msg, error->message);
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
      loket_server_reply_bad_request (msg, error->message);
      return FALSE;
    }
  return check_versions (msg, protocol, schema);
}

const char *
loket_server_query_get (GHashTable *query, const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

/* An integer parameter in [min, max]; fallback when absent, unless required. */
static gboolean
query_get_int (SoupServerMessage *msg, GHashTable *query, const char *name, gint64 min,
               gint64 max, gboolean required, gint64 fallback, gint64 *out)
{
  const char *text = loket_server_query_get (query, name);

  if (text == NULL && !required)
    {
      *out = fallback;
      return TRUE;
    }
  if (text == NULL)
    {
      loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                                 "%s is required", name);
      return FALSE;
    }
  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      if (max == G_MAXINT64)
        loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                                   "%s must be an integer of at least %" G_GINT64_FORMAT, name,
                                   min);
      else
        loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                                   "%s must be an integer from %" G_GINT64_FORMAT
                                   " to %" G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }
  return TRUE;
}

static const char *
query_require (SoupServerMessage *msg, GHashTable *query, const char *name)
{
  const char *text = loket_server_query_get (query, name);

  if (text == NULL || *text == '\0')
    loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                               "%s is required", name);
  return text != NULL && *text != '\0' ? text : NULL;
}

gboolean
loket_server_parse_date (const char *text, GDate *date)
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
  loket_server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_login (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr(JsonObject) body = parse_body (msg);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *username, *password, *device_name = NULL, *previous = NULL;

  if (body == NULL || !check_body_versions (msg, body))
    return;
  if (!loket_protocol_get_string (body, "username", &username, &error) ||
      !loket_protocol_get_string (body, "password", &password, &error) ||
      !loket_protocol_opt_string (body, "device_name", &device_name, &error) ||
      !loket_protocol_opt_string (body, "previous_device_id", &previous, &error))
    {
      loket_server_reply_bad_request (msg, error->message);
      return;
    }
  answer = loket_store_login (self->store, username, password,
                              device_name != NULL ? device_name : "", &error);
  if (answer != NULL && previous != NULL
      && !loket_store_continue_device (self->store, json_object_get_string_member (answer, "device_id"),
                                       previous, &error))
    g_clear_pointer (&answer, json_object_unref);
  if (answer == NULL)
    loket_server_reply_store_error (msg, error);
  else
    loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

/* Each entry must at least look like a mutation; what it means is the store's business. */
static gboolean
check_mutations (SoupServerMessage *msg, JsonArray *mutations)
{
  guint n = json_array_get_length (mutations);

  if (n > LOKET_MAX_PUSH_MUTATIONS)
    {
      loket_server_reply_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                 LOKET_PROTO_ERR_TOO_LARGE,
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
          loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                                     "mutations[%u] must be an object", i);
          return FALSE;
        }
      if (!loket_protocol_get_int (mutation, "seq", &seq, &error) ||
          !loket_protocol_get_string (mutation, "type", &text, &error) ||
          !loket_protocol_get_object (mutation, "args", &args, &error) ||
          !loket_protocol_opt_string (mutation, "client_time", &text, &error))
        {
          loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
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
  g_autoptr(JsonBuilder) builder = loket_server_error_builder (LOKET_PROTO_ERR_SEQUENCE_GAP,
                                                               error->message);

  json_builder_set_member_name (builder, "expected_seq");
  json_builder_add_int_value (builder, loket_store_get_device_seq (self->store, device_id) + 1);
  json_builder_end_object (builder);
  loket_server_reply_builder (msg, SOUP_STATUS_CONFLICT, builder);
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
      loket_server_reply_bad_request (msg, error->message);
      return;
    }
  if (!check_mutations (msg, mutations))
    return;

  answer = loket_store_push (self->store, device_id, mutations, &error);
  if (answer != NULL)
    loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
  else if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP))
    reply_sequence_gap (self, msg, device_id, error);
  else
    loket_server_reply_store_error (msg, error);
}

/* 410 resync_required with the reason: the desk drops its rows and pulls from 0. */
static void
reply_resync (SoupServerMessage *msg, const GError *error)
{
  g_autoptr(JsonBuilder) builder = loket_server_error_builder (LOKET_PROTO_ERR_RESYNC_REQUIRED,
                                                               error->message);

  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder,
                                 error->code == LOKET_STORE_ERROR_SCOPE_CHANGED
                                 ? LOKET_CODE_SCOPE_CHANGED : LOKET_CODE_CURSOR_COMPACTED);
  json_builder_end_object (builder);
  loket_server_reply_builder (msg, SOUP_STATUS_GONE, builder);
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
  if (answer != NULL)
    loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
  else if (error->domain == LOKET_STORE_ERROR)
    reply_resync (msg, error);
  else
    loket_server_reply_store_error (msg, error);
}

/* The snapshot of the device as the bytes of a mapped file, built in a temporary file beside
 * the server's database (not in /tmp, which may be memory) and unlinked once mapped: the
 * mapping keeps it for the answer, and nothing is left behind, whatever happens. */
static GBytes *
map_snapshot (LoketServer *self, const char *device_id, gint64 *cursor, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (loket_db_get_path (loket_store_get_db (self->store)));
  g_autofree char *path = g_build_filename (dir, ".loket-snapshot-XXXXXX", NULL);
  g_autoptr(GMappedFile) file = NULL;
  int fd = g_mkstemp (path);  /* mode 0600: it holds personal data */

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create a snapshot file in %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  g_close (fd, NULL);
  if (loket_store_build_snapshot (self->store, device_id, path, cursor, error))
    file = g_mapped_file_new (path, FALSE, error);
  g_unlink (path);
  return file != NULL ? g_mapped_file_get_bytes (file) : NULL;
}

/* GET /v1/sync/snapshot: what a pull from 0 would give this device, as one SQLite file of the
 * replica's schema (loket-store-snapshot.c), and in Loket-Cursor the log head to pull on from.
 * A complete body, so that libsoup answers a Range request (a resumed download) by itself.  The
 * build blocks the main loop while it runs, as a pull page does. */
static void
handle_snapshot (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *device_id = authenticate (self, msg);
  g_autofree char *cursor_text = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gint64 protocol, schema, cursor = 0;

  if (device_id == NULL)
    return;
  if (!query_get_int (msg, query, "protocol", 0, G_MAXINT64, TRUE, 0, &protocol) ||
      !query_get_int (msg, query, "schema", 0, G_MAXINT64, TRUE, 0, &schema) ||
      !check_versions (msg, protocol, schema))
    return;
  file = map_snapshot (self, device_id, &cursor, &error);
  if (file == NULL)
    {
      loket_server_reply_store_error (msg, error);
      return;
    }
  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, LOKET_SNAPSHOT_CURSOR_HEADER, cursor_text);
  soup_message_headers_set_content_type (headers, LOKET_SNAPSHOT_CONTENT_TYPE, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), file);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* GET /v1/customers?q=…: the staff search; 400 for a query that is too short or does not fit. */
static void
handle_customers (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *device_id = authenticate (self, msg);
  g_autoptr(JsonArray) customers = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (device_id == NULL || (text = query_require (msg, query, "q")) == NULL)
    return;
  customers = loket_store_search_customers (self->store, device_id, text, &error);
  if (customers == NULL)
    {
      loket_server_reply_store_error (msg, error);
      return;
    }
  answer = json_object_new ();
  json_object_set_array_member (answer, "customers", g_steal_pointer (&customers));
  loket_server_reply_object (msg, SOUP_STATUS_OK, answer);
}

/* Refuses what the pull would refuse (401, 409) and what is no WebSocket handshake (400);
 * otherwise leaves the status unset for libsoup to upgrade, with the device and its token on
 * the message for the live channel (loket-server.c). */
static void
handle_live (LoketServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autofree char *device_id = authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  gint64 protocol, schema;

  if (device_id == NULL)
    return;
  if (!query_get_int (msg, query, "protocol", 0, G_MAXINT64, TRUE, 0, &protocol) ||
      !query_get_int (msg, query, "schema", 0, G_MAXINT64, TRUE, 0, &schema) ||
      !check_versions (msg, protocol, schema))
    return;
  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      loket_server_reply_errorf (msg, SOUP_STATUS_BAD_REQUEST, LOKET_PROTO_ERR_BAD_REQUEST,
                                 "%s only answers a WebSocket handshake: %s", LOKET_LIVE_PATH,
                                 error->message);
      return;
    }
  g_object_set_data_full (G_OBJECT (msg), LOKET_SERVER_LIVE_DEVICE_KEY,
                          g_steal_pointer (&device_id), g_free);
  g_object_set_data_full (G_OBJECT (msg), LOKET_SERVER_LIVE_TOKEN_KEY,
                          g_strdup (bearer_token (msg)), g_free);
}

/* ---------------------------------------------------------------------------------------------
 * The table
 */

static const LoketServerRoute routes[] = {
  { "/healthz",                 "GET",  FALSE, handle_healthz },
  { "/v1/auth/login",           "POST", FALSE, handle_login },
  { "/v1/sync/push",            "POST", FALSE, handle_push },
  { "/v1/sync/pull",            "GET",  FALSE, handle_pull },
  { LOKET_SNAPSHOT_PATH,        "GET",  FALSE, handle_snapshot },
  { "/v1/customers",            "GET",  FALSE, handle_customers },
  { LOKET_LIVE_PATH,            "GET",  FALSE, handle_live, TRUE },
};

static gboolean
route_matches (const LoketServerRoute *route, const char *path)
{
  gsize length = strlen (route->path);

  if (length > 1 && route->path[length - 1] == '/')
    return strncmp (path, route->path, length) == 0 && path[length] != '\0';
  return g_str_equal (route->path, path);
}

static const LoketServerRoute *
find_in (const LoketServerRoute *table, guint n, const char *path)
{
  for (guint i = 0; i < n; i++)
    if (route_matches (&table[i], path))
      return &table[i];
  return NULL;
}

const LoketServerRoute *
loket_server_find_route (const char *path)
{
  const LoketServerRoute *route, *table;
  guint n = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if ((route = find_in (routes, G_N_ELEMENTS (routes), path)) != NULL)
    return route;
  table = loket_web_api_routes (&n);
  if ((route = find_in (table, n, path)) != NULL)
    return route;
  table = loket_web_pages_routes (&n);
  return find_in (table, n, path);
}

gboolean
loket_server_route_allows (const LoketServerRoute *route, const char *method)
{
  gsize length = strlen (method);

  /* Every request asks this: no allocation. */
  for (const char *p = route->method; (p = strstr (p, method)) != NULL; p += length)
    if ((p == route->method || p[-1] == ' ') && (p[length] == ' ' || p[length] == '\0'))
      return TRUE;
  return FALSE;
}

