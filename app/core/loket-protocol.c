/* loket-protocol.c — wire-format helpers shared by the desk and the server. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"

char *
loket_protocol_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

char *
loket_protocol_now (void)
{
  return loket_protocol_format_time (g_get_real_time () / G_USEC_PER_SEC);
}

gboolean
loket_protocol_parse_time (const char *text, gint64 *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (unix_seconds != NULL, FALSE);

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

static JsonNode *
member (JsonObject *object, const char *name, gboolean optional, GError **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL && !optional)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The member “%s” is missing"), name);
  return node;
}

static gboolean
wrong_type (const char *name, const char *expected, GError **error)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The member “%s” must be %s"), name,
               expected);
  return FALSE;
}

gboolean
loket_protocol_get_string (JsonObject *object, const char *name, const char **out, GError **error)
{
  JsonNode *node = member (object, name, FALSE, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (name, _("a string"), error);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
loket_protocol_opt_string (JsonObject *object, const char *name, const char **out, GError **error)
{
  JsonNode *node = member (object, name, TRUE, error);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (name, _("a string"), error);
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
loket_protocol_get_int (JsonObject *object, const char *name, gint64 *out, GError **error)
{
  JsonNode *node = member (object, name, FALSE, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (name, _("a whole number"), error);
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
loket_protocol_get_object (JsonObject *object, const char *name, JsonObject **out,
                           GError **error)
{
  JsonNode *node = member (object, name, FALSE, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (name, _("an object"), error);
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
loket_protocol_get_array (JsonObject *object, const char *name, JsonArray **out, GError **error)
{
  JsonNode *node = member (object, name, FALSE, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (name, _("a list"), error);
  *out = json_node_get_array (node);
  return TRUE;
}

JsonObject *
loket_protocol_parse_object (const char *data, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The request body is empty"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The body is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The body must be a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
loket_protocol_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

const char *
loket_protocol_describe_reason (const char *reason)
{
  if (reason == NULL)
    return "";
  if (g_str_equal (reason, LOKET_CODE_SLOT_TAKEN))
    return _("Another desk or the website took the last place at this time first.");
  if (g_str_equal (reason, LOKET_CODE_CLOSED))
    return _("This desk or room is closed at this time.");
  if (g_str_equal (reason, LOKET_CODE_FORBIDDEN))
    return _("Your role does not allow this change; ask a team leader or the functional "
             "administrator.");
  if (g_str_equal (reason, LOKET_CODE_NOT_FOUND))
    return _("Something this change refers to no longer exists on the server.");
  if (g_str_equal (reason, LOKET_CODE_FIELD_CONFLICT))
    return _("Someone else changed the same part of this case at the same time; both values "
             "are kept until you choose.");
  if (g_str_equal (reason, LOKET_CODE_ARTICLE_CONFLICT))
    return _("Someone else changed this article at the same time; your text is kept as its "
             "own revision.");
  if (g_str_equal (reason, LOKET_CODE_SCOPE_CHANGED))
    return _("What you may see has changed: Loket downloads your data again. Changes you have "
             "not sent yet are kept.");
  if (g_str_equal (reason, LOKET_CODE_CURSOR_COMPACTED))
    return _("This desk has not synced for a long time: Loket downloads your data again. "
             "Changes you have not sent yet are kept.");
  if (g_str_equal (reason, LOKET_CODE_INVALID))
    return _("The server did not accept this change as it was made.");
  return reason;
}
