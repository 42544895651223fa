/* loket-test-public.c — what the tests of the public JSON API share (loket-test-public.h). */
#include "config.h"

#include <string.h>

#include "loket-test-public.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define PHONE     "06-98765432"

LoketTestPublic pub;

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

/* ---- HTTP ----------------------------------------------------------------------------------- */

SoupMessage *
new_message (const char *base, const char *method, const char *path, const char *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

Reply *
reply_of (SoupMessage *msg, GBytes *body)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  reply->body = body;
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (body) == 0)
    return reply;
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Type"), ==, JSON_TYPE);
  /* The body is not NUL-terminated: parse exactly its bytes. */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  reply->json = json_node_copy (json_parser_get_root (parser));
  return reply;
}

Reply *
send_to (const char *base, const char *method, const char *path, const char *body,
         const char *header, const char *value)
{
  g_autoptr(SoupMessage) msg = new_message (base, method, path, body);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  bytes = soup_session_send_and_read (pub.session, msg, NULL, &error);
  g_assert_no_error (error);
  return reply_of (msg, bytes);
}

Reply *
request (const char *method, const char *path, const char *body)
{
  return send_to (pub.base_url, method, path, body, NULL, NULL);
}

JsonObject *
object_of (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* A public GET that must succeed; its body is kept for the personal-data scan. */
Reply *
get_ok (const char *path)
{
  Reply *reply = request ("GET", path, NULL);

  if (reply->status != SOUP_STATUS_OK)
    g_error ("GET %s: %u %.*s", path, reply->status, (int) g_bytes_get_size (reply->body),
             (const char *) g_bytes_get_data (reply->body, NULL));
  g_ptr_array_add (pub.public_bodies, g_strndup (g_bytes_get_data (reply->body, NULL),
                                                 g_bytes_get_size (reply->body)));
  return reply;
}

void
assert_error (Reply *reply, guint status, const char *code)
{
  JsonObject *object = object_of (reply);

  if (reply->status != status)
    g_error ("expected %u %s, got %u %s", status, code, reply->status,
             json_object_get_string_member_with_default (object, "message", "?"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), !=, "");
}

void
expect (const char *method, const char *path, const char *body, guint status, const char *code)
{
  g_autoptr(Reply) reply = request (method, path, body);

  assert_error (reply, status, code);
}

GBytes *
body_at (const char *url, const char *path)
{
  g_autoptr(Reply) reply = send_to (url, "GET", path, NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return g_bytes_ref (reply->body);
}

/* ---- a visit -------------------------------------------------------------------------------- */

/* The free times of the first n days with any: their "start" values, in order. */
GPtrArray *
free_starts (const char *product, const char *location, guint max)
{
  g_autofree char *path = g_strdup_printf ("/v1/public/dates?product=%s&location=%s&days=60",
                                           product, location);
  g_autoptr(Reply) dates = get_ok (path);
  JsonArray *days = json_object_get_array_member (object_of (dates), "days");
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (days) && starts->len < max; i++)
    {
      const char *date = json_object_get_string_member (json_array_get_object_element (days, i),
                                                        "date");
      g_autofree char *times_path = g_strdup_printf ("/v1/public/times?product=%s&location=%s"
                                                     "&date=%s", product, location, date);
      g_autoptr(Reply) times = get_ok (times_path);
      JsonArray *list = json_object_get_array_member (object_of (times), "times");

      for (guint j = 0; j < json_array_get_length (list) && starts->len < max; j++)
        g_ptr_array_add (starts, g_strdup (json_object_get_string_member (
                                   json_array_get_object_element (list, j), "start")));
    }
  g_assert_cmpuint (starts->len, ==, max);
  return starts;
}

char *
hold_body (const char *start, const char *appointment)
{
  if (appointment != NULL)
    return g_strdup_printf ("{\"location\": \"%s\", \"start\": \"%s\", \"appointment\": \"%s\"}",
                            pub.stadhuis, start, appointment);
  return g_strdup_printf ("{\"products\": [{\"id\": \"%s\", \"count\": 1}], \"location\": \"%s\","
                          " \"start\": \"%s\"}", pub.paspoort, pub.stadhuis, start);
}

char *
book_body (const char *hold, const char *name, const char *email)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hold");
  json_builder_add_string_value (builder, hold);
  json_builder_set_member_name (builder, "customer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, PHONE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "website");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
hold_ok (const char *start, const char *appointment)
{
  g_autofree char *body = hold_body (start, appointment);
  g_autoptr(Reply) reply = request ("POST", "/v1/public/holds", body);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_CREATED);
  return g_strdup (json_object_get_string_member (object_of (reply), "hold"));
}

/* Books start for name and email: the appointment's link token. */
char *
book_ok (const char *start, const char *name, const char *email)
{
  g_autofree char *hold = hold_ok (start, NULL);
  g_autofree char *body = book_body (hold, name, email);
  g_autoptr(Reply) reply = request ("POST", "/v1/public/appointments", body);

  if (reply->status != SOUP_STATUS_CREATED)
    g_error ("booking %s: %u", start, reply->status);
  g_ptr_array_add (pub.public_bodies, g_strndup (g_bytes_get_data (reply->body, NULL),
                                                 g_bytes_get_size (reply->body)));
  return g_strdup (json_object_get_string_member (object_of (reply), "token"));
}

/* Holds start (through the server) until no web place is left at it: the time leaves the
 * answers.  The holds' tokens. */
GPtrArray *
fill_time (const char *start)
{
  GPtrArray *holds = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = hold_body (start, NULL);
      g_autoptr(Reply) held = send_to (pub.server->url, "POST", "/v1/public/holds", body, NULL,
                                       NULL);

      if (held->status == SOUP_STATUS_CONFLICT)
        {
          g_assert_cmpuint (holds->len, >, 0);
          return holds;
        }
      g_assert_cmpuint (held->status, ==, SOUP_STATUS_CREATED);
      g_ptr_array_add (holds, g_strdup (json_object_get_string_member (object_of (held),
                                                                       "hold")));
    }
  g_error ("%s never filled up", start);
}

/* ---- more servers -------------------------------------------------------------------------- */

/* A free port on the loopback address, for a public listener. */
guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A server whose [public] group holds public_group; with public_port (not 0), a public listener
 * there with two threads. */
LoketTestServer *
start_server (const char *name, const char *public_group, guint16 public_port, GError **error)
{
  g_autofree char *config = g_build_filename (pub.tmp_dir, name, NULL);
  g_autofree char *db_path = g_strconcat (config, ".db", NULL);
  g_autofree char *listen = public_port != 0
                            ? g_strdup_printf ("listen=127.0.0.1:%u\nthreads=2\n", public_port)
                            : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("[server]\n[public]\n%s%s[mail]\nsendmail=/bin/true\n",
                                           public_group, listen);

  g_assert_true (g_file_set_contents (config, text, -1, error));
  return loket_test_server_start_with_config (db_path, TRUE, 0, config, error);
}

/* ---- setup ---------------------------------------------------------------------------------- */

static void
find_visit (void)
{
  g_autoptr(Reply) products = get_ok ("/v1/public/products");
  JsonArray *list = json_object_get_array_member (object_of (products), "products");
  g_autofree char *path = NULL;
  g_autoptr(Reply) locations = NULL;
  JsonArray *places;

  for (guint i = 0; i < json_array_get_length (list) && pub.paspoort == NULL; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "name"), "Paspoort"))
      pub.paspoort = g_strdup (json_object_get_string_member (
                                 json_array_get_object_element (list, i), "id"));
  g_assert_nonnull (pub.paspoort);
  path = g_strdup_printf ("/v1/public/locations?product=%s", pub.paspoort);
  locations = get_ok (path);
  places = json_object_get_array_member (object_of (locations), "locations");
  for (guint i = 0; i < json_array_get_length (places) && pub.stadhuis == NULL; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (places, i),
                                                    "name"), "Stadhuis"))
      pub.stadhuis = g_strdup (json_object_get_string_member (
                                 json_array_get_object_element (places, i), "id"));
  g_assert_nonnull (pub.stadhuis);
}

void
loket_test_public_start (const char *tmp_template, guint max_conns)
{
  g_autoptr(GError) error = NULL;
  guint16 public_port;

  pub.tmp_dir = g_dir_make_tmp (tmp_template, &error);
  g_assert_no_error (error);
  pub.public_bodies = g_ptr_array_new_with_free_func (g_free);
  public_port = free_port ();
  pub.server = start_server ("open.conf", "requests-per-minute=0\nbookings-per-hour=0\n",
                             public_port, &error);
  g_assert_no_error (error);
  pub.public_url = g_strdup_printf ("http://127.0.0.1:%u", public_port);
  pub.base_url = pub.server->url;
  pub.session = soup_session_new_with_options ("timeout", 60, "max-conns", max_conns,
                                               "max-conns-per-host", max_conns, NULL);
  find_visit ();
}

void
loket_test_public_stop (void)
{
  g_clear_object (&pub.session);
  g_clear_pointer (&pub.server, loket_test_server_free);
  g_clear_pointer (&pub.public_bodies, g_ptr_array_unref);
  g_clear_pointer (&pub.paspoort, g_free);
  g_clear_pointer (&pub.stadhuis, g_free);
  g_clear_pointer (&pub.public_url, g_free);
  pub.base_url = NULL;
  loket_test_remove_tree (pub.tmp_dir);
  g_clear_pointer (&pub.tmp_dir, g_free);
}
