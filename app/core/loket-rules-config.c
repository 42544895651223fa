/* loket-rules-config.c — the rules of configuration a functional administrator keeps.
 *
 * save_config carries a row of one kind of configuration (products, capacities, locations,
 * case types, …); which columns it may set, of what kind and in what range is written once
 * here, so the desk checks a change before it enters the outbox and the server checks it again,
 * with the same words for what is wrong.  Some kinds have rules across columns or rows too (a
 * case type's statuses and wording, statuses open cases are in).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-rules.h"
#include "loket-rules-private.h"

/* ---- configuration ------------------------------------------------------------------------- */

/* COL_LIST: a JSON array of names as text; COL_WORDING: a JSON object of non-blank texts as
 * text (which names it may hold is a rule of its entity, see check_case_type). */
typedef enum { COL_TEXT, COL_INT, COL_BOOL, COL_LIST, COL_REF, COL_WORDING } ColumnType;

typedef struct {
  const char *entity, *column;
  ColumnType  type;
  gboolean    required;          /* for a new row */
  int         min, max;          /* COL_INT; COL_LIST: min distinct, non-blank names (0: any) */
  const char *values;            /* COL_TEXT: allowed values, "|"-separated; COL_REF: table */
  const char *label;             /* the column in the administrator's words */
} ConfigColumn;

static const ConfigColumn config_columns[] = {
  { "product_groups", "name", COL_TEXT, TRUE, 0, 0, NULL, N_("name") },
  { "product_groups", "werkveld", COL_TEXT, FALSE, 0, 0, NULL, N_("werkveld") },
  { "products", "group_id", COL_REF, TRUE, 0, 0, "product_groups", N_("product group") },
  { "products", "name", COL_TEXT, TRUE, 0, 0, NULL, N_("name") },
  { "products", "norm_minutes", COL_INT, TRUE, 1, 8 * 60, NULL, N_("norm time") },
  { "products", "handling_level", COL_INT, TRUE, 1, 3, NULL, N_("handling level") },
  { "products", "line", COL_INT, TRUE, 1, 3, NULL, N_("line") },
  { "products", "public", COL_BOOL, FALSE, 0, 1, NULL, N_("public") },
  { "products", "case_type_id", COL_REF, FALSE, 0, 0, "case_types", N_("case type") },
  { "products", "description", COL_TEXT, FALSE, 0, 0, NULL, N_("description") },
  { "products", "max_per_booking", COL_INT, FALSE, 1, 20, NULL, N_("most per booking") },
  { "products", "asks_reason", COL_BOOL, FALSE, 0, 1, NULL, N_("asks for a reason") },
  { "products", "article_id", COL_REF, FALSE, 0, 0, "kb_articles", N_("knowledge article") },
  /* Minutes before the appointment, 0 for none: an e-mail at most a week ahead, an SMS a day. */
  { "products", "remind_email_minutes", COL_INT, FALSE, 0, 7 * 24 * 60, NULL,
    N_("e-mail reminder") },
  { "products", "remind_sms_minutes", COL_INT, FALSE, 0, 24 * 60, NULL, N_("SMS reminder") },
  { "capacities", "location_id", COL_REF, TRUE, 0, 0, "locations", N_("location") },
  { "capacities", "group_id", COL_REF, TRUE, 0, 0, "product_groups", N_("product group") },
  { "capacities", "kind", COL_TEXT, TRUE, 0, 0,
    "balie|spreekkamer|zaal|ambtenaar|afhaallocatie", N_("kind") },
  { "capacities", "name", COL_TEXT, TRUE, 0, 0, NULL, N_("name") },
  { "capacities", "facilities", COL_LIST, FALSE, 0, 0, NULL, N_("facilities") },
  { "capacities", "active", COL_BOOL, FALSE, 0, 1, NULL, N_("in use") },
  { "locations", "name", COL_TEXT, TRUE, 0, 0, NULL, N_("name") },
  { "locations", "kind", COL_TEXT, TRUE, 0, 0, "stadhuis|kantoor|satelliet", N_("kind") },
  { "locations", "address", COL_TEXT, FALSE, 0, 0, NULL, N_("address") },
  { "locations", "timezone", COL_TEXT, FALSE, 0, 0, "Europe/Amsterdam|Europe/Brussels",
    N_("time zone") },
  { "locations", "opening_days", COL_INT, FALSE, 0, 127, NULL, N_("opening days") },
  { "locations", "facilities", COL_LIST, FALSE, 0, 0, NULL, N_("facilities") },
  { "locations", "works_offline", COL_BOOL, FALSE, 0, 1, NULL, N_("works offline") },
  { "case_types", "name", COL_TEXT, TRUE, 0, 0, NULL, N_("name") },
  { "case_types", "max_working_days", COL_INT, TRUE, 1, 250, NULL, N_("maximum lead time") },
  { "case_types", "statuses", COL_LIST, TRUE, 2, 0, NULL, N_("statuses") },
  { "case_types", "public_statuses", COL_WORDING, FALSE, 0, 0, NULL,
    N_("wording for the citizen") },
  { "case_types", "team_id", COL_REF, FALSE, 0, 0, "teams", N_("team") },
  { "case_types", "confidential", COL_BOOL, FALSE, 0, 1, NULL, N_("confidential") },
  /* The schema keeps a case at least a year (retention_years > 0). */
  { "case_types", "retention_years", COL_INT, FALSE, 1, 100, NULL, N_("retention period") },
  { "case_types", "retention_action", COL_TEXT, FALSE, 0, 0, "bewaren|vernietigen",
    N_("after the retention period") },
  { "case_types", "intake_product_id", COL_REF, FALSE, 0, 0, "products", N_("intake product") },
};

gboolean
loket_rules_is_config (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (config_columns); i++)
    if (g_strcmp0 (entity, config_columns[i].entity) == 0)
      return TRUE;
  return FALSE;
}

static const ConfigColumn *
config_column (const char *entity, const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (config_columns); i++)
    if (g_str_equal (entity, config_columns[i].entity)
        && g_str_equal (column, config_columns[i].column))
      return &config_columns[i];
  return NULL;
}

/* "Norm time: is out of range" — the column in words (its name when it has none). */
static gboolean
config_invalid (GError **error, const ConfigColumn *column, const char *name, const char *what)
{
  g_autofree char *label = g_strdup (column != NULL ? _(column->label) : name);

  if (label[0] != '\0')
    label[0] = g_ascii_toupper (label[0]);
  /* Translators: a field of the configuration and what is wrong with it */
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("%s: %s"), label, what);
  return FALSE;
}

static gboolean
is_text (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_blank (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/* The JSON array of names in text, or NULL when it is not one. */
static JsonNode *
parse_list (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_text (json_array_get_element (array, i)))
      return NULL;
  return g_steal_pointer (&node);
}

/* A list that must hold at least column->min names: none blank, none twice. */
static gboolean
check_list (const ConfigColumn *column, const char *text, GError **error)
{
  g_autoptr(JsonNode) node = parse_list (text);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return config_invalid (error, column, NULL, _("must be a list of names"));
  array = json_node_get_array (node);
  for (guint i = 0; column->min > 0 && i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);

      if (is_blank (name))
        return config_invalid (error, column, NULL, _("a name is empty"));
      if (!g_hash_table_add (seen, (gpointer) name))
        return config_invalid (error, column, NULL, _("a name appears twice"));
    }
  if ((int) json_array_get_length (array) < column->min)
    {
      g_autofree char *what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "needs at least %d name",
                                                            "needs at least %d names",
                                                            column->min), column->min);

      return config_invalid (error, column, NULL, what);
    }
  return TRUE;
}

/* The JSON object of non-blank texts in text, or NULL when it is not one. */
static JsonNode *
parse_wording (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  JsonObjectIter iter;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, NULL, &value))
    if (!is_text (value) || is_blank (json_node_get_string (value)))
      return NULL;
  return g_steal_pointer (&node);
}

static gboolean
reference_exists (LoketDb *db, const char *table, const char *id, gboolean *exists,
                  GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?", table);
  g_autoptr(JsonObject) row = NULL;

  if (!loket_db_query_row (db, sql, id, &row, error))
    return FALSE;
  *exists = row != NULL;
  return TRUE;
}

static gboolean
check_text_value (const ConfigColumn *column, const char *text, GError **error)
{
  g_auto(GStrv) allowed = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (column->required && *stripped == '\0')
    return config_invalid (error, column, NULL, _("must not be empty"));
  if (column->values == NULL)
    return TRUE;
  allowed = g_strsplit (column->values, "|", -1);
  if (!g_strv_contains ((const char *const *) allowed, text))
    return config_invalid (error, column, NULL, _("is not one of the allowed values"));
  return TRUE;
}

static gboolean
check_config_value (LoketDb *db, const ConfigColumn *column, JsonNode *node, GError **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gboolean exists;

  /* Only a reference may be empty: the other columns are NOT NULL with a default. */
  if (JSON_NODE_HOLDS_NULL (node))
    return !column->required && column->type == COL_REF
           ? TRUE : config_invalid (error, column, NULL, _("must have a value"));
  switch (column->type)
    {
    case COL_INT:
    case COL_BOOL:
      if (type != G_TYPE_INT64 && type != G_TYPE_BOOLEAN)
        return config_invalid (error, column, NULL, _("must be a number"));
      if (json_node_get_int (node) < column->min || json_node_get_int (node) > column->max)
        return config_invalid (error, column, NULL, _("is out of range"));
      return TRUE;
    case COL_LIST:
      if (type != G_TYPE_STRING)
        return config_invalid (error, column, NULL, _("must be a list of names"));
      return check_list (column, json_node_get_string (node), error);
    case COL_WORDING:
      {
        g_autoptr(JsonNode) wording = type == G_TYPE_STRING
                                      ? parse_wording (json_node_get_string (node)) : NULL;

        if (wording == NULL)
          return config_invalid (error, column, NULL, _("must give a text for each status"));
        return TRUE;
      }
    case COL_REF:
      if (type != G_TYPE_STRING)
        return config_invalid (error, column, NULL, _("must name a row"));
      if (!reference_exists (db, column->values, json_node_get_string (node), &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, _("%s: %s"), _(column->label),
                       _("names nothing that exists"));
          return FALSE;
        }
      return TRUE;
    case COL_TEXT:
    default:
      if (type != G_TYPE_STRING)
        return config_invalid (error, column, NULL, _("must be text"));
      return check_text_value (column, json_node_get_string (node), error);
    }
}

/* The statuses (a JSON array) of a case_types row, or NULL. */
static JsonArray *
row_statuses (JsonObject *row, JsonNode **holder)
{
  *holder = parse_list (loket_rules_text_member (row, "statuses"));
  return *holder != NULL ? json_node_get_array (*holder) : NULL;
}

/* Refuses statuses that leave out a status open cases of the type are in: those cases would
 * be in a status the type no longer has. */
static gboolean
check_dropped_statuses (LoketDb *db, JsonObject *stored, JsonArray *statuses, GError **error)
{
  g_autoptr(JsonNode) holder = NULL;
  JsonArray *before = row_statuses (stored, &holder);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "SELECT status, count(*) FROM cases WHERE case_type_id = ? AND closed_at IS NULL"
    " GROUP BY status ORDER BY status", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, loket_rules_text_member (stored, "id"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      int n = sqlite3_column_int (stmt, 1);

      if (loket_rules_status_position (before, status) >= 0
          && loket_rules_status_position (statuses, status) < 0)
        {
          /* Translators: a case type's status left out of its statuses */
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE, "%d open case is in status “%s”: keep it.",
                                    "%d open cases are in status “%s”: keep it.", n),
                       n, status);
          return FALSE;
        }
    }
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

/* What the columns of a case type say of each other: the public wording is only for its
 * statuses, and no status open cases are in may go.  row: the change, checked column by
 * column already. */
static gboolean
check_case_type (LoketDb *db, JsonObject *row, GError **error)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) wording = NULL;
  JsonArray *statuses;
  JsonObjectIter iter;
  const char *status;

  if (!loket_db_query_row (db, "SELECT * FROM case_types WHERE id = ?",
                           loket_rules_text_member (row, "id"),
                           &stored, error)
      || (merged = loket_rules_config_row (db, "case_types", row, error)) == NULL)
    return FALSE;
  statuses = row_statuses (merged, &list);
  wording = parse_wording (loket_rules_text_member (merged, "public_statuses"));
  if (wording != NULL)
    {
      json_object_iter_init (&iter, json_node_get_object (wording));
      while (json_object_iter_next (&iter, &status, NULL))
        if (loket_rules_status_position (statuses, status) < 0)
          {
            /* Translators: the public wording of a case type names a status it does not have */
            g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                         _("Wording for the citizen: “%s” is not one of the statuses."), status);
            return FALSE;
          }
    }
  if (stored != NULL && json_object_has_member (row, "statuses"))
    return check_dropped_statuses (db, stored, statuses, error);
  return TRUE;
}

gboolean
loket_rules_check_config (LoketDb *db, const char *entity, JsonObject *row, gboolean *is_new,
                          GError **error)
{
  g_autoptr(GList) members = NULL;
  const char *id = loket_rules_text_member (row, "id");

  if (!loket_rules_is_config (entity))
    return loket_rules_invalid (error, _("This kind of configuration is unknown."));
  if (id == NULL || *id == '\0')
    return loket_rules_invalid (error, _("A configuration row needs an id."));
  {
    gboolean exists = FALSE;

    if (!reference_exists (db, entity, id, &exists, error))
      return FALSE;
    *is_new = !exists;
  }
  members = json_object_get_members (row);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const ConfigColumn *column;

      if (g_str_equal (l->data, "id"))
        continue;
      if ((column = config_column (entity, l->data)) == NULL)
        return config_invalid (error, NULL, l->data, _("cannot be changed here"));
      if (!check_config_value (db, column, json_object_get_member (row, l->data), error))
        return FALSE;
    }
  for (guint i = 0; *is_new && i < G_N_ELEMENTS (config_columns); i++)
    if (g_str_equal (config_columns[i].entity, entity) && config_columns[i].required
        && !json_object_has_member (row, config_columns[i].column))
      return config_invalid (error, &config_columns[i], NULL, _("is required"));
  if (g_str_equal (entity, "case_types"))
    return check_case_type (db, row, error);
  return TRUE;
}

JsonObject *
loket_rules_config_row (LoketDb *db, const char *entity, JsonObject *row, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = json_object_get_members (row);
  JsonObject *merged = loket_db_get_row (db, entity, loket_rules_text_member (row, "id"),
                                         &local_error);

  if (merged == NULL)
    {
      if (!g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      merged = json_object_new ();
    }
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data, json_object_dup_member (row, l->data));
  return merged;
}
