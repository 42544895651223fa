/* loket-record.c — one row of a query as a read-only GObject, for list models. */
#include "loket-record.h"

struct _LoketRecord
{
  GObject     parent_instance;

  JsonObject *columns;
};

G_DEFINE_FINAL_TYPE (LoketRecord, loket_record, G_TYPE_OBJECT)

static void
loket_record_finalize (GObject *object)
{
  LoketRecord *self = LOKET_RECORD (object);

  g_clear_pointer (&self->columns, json_object_unref);
  G_OBJECT_CLASS (loket_record_parent_class)->finalize (object);
}

static void
loket_record_class_init (LoketRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_record_finalize;
}

static void
loket_record_init (LoketRecord *self)
{
}

LoketRecord *
loket_record_new (JsonObject *columns)
{
  LoketRecord *self;

  g_return_val_if_fail (columns != NULL, NULL);

  self = g_object_new (LOKET_TYPE_RECORD, NULL);
  self->columns = json_object_ref (columns);
  return self;
}

static JsonNode *
value_node (LoketRecord *self, const char *column)
{
  JsonNode *node = json_object_get_member (self->columns, column);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

const char *
loket_record_get_string (LoketRecord *self, const char *column)
{
  JsonNode *node;

  g_return_val_if_fail (LOKET_IS_RECORD (self), "");

  node = value_node (self, column);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

gint64
loket_record_get_int (LoketRecord *self, const char *column)
{
  JsonNode *node;

  g_return_val_if_fail (LOKET_IS_RECORD (self), 0);

  node = value_node (self, column);
  if (node == NULL)
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return json_node_get_int (node);
}

gboolean
loket_record_is_null (LoketRecord *self, const char *column)
{
  g_return_val_if_fail (LOKET_IS_RECORD (self), TRUE);
  return value_node (self, column) == NULL;
}

JsonObject *
loket_record_get_columns (LoketRecord *self)
{
  g_return_val_if_fail (LOKET_IS_RECORD (self), NULL);
  return self->columns;
}

const char *
loket_record_get_id (LoketRecord *self)
{
  return loket_record_get_string (self, "id");
}

static gboolean
same_record (GListModel *a, guint i, GListModel *b, guint j)
{
  g_autoptr(LoketRecord) x = g_list_model_get_item (a, i);
  g_autoptr(LoketRecord) y = g_list_model_get_item (b, j);

  return json_object_equal (x->columns, y->columns);
}

void
loket_record_store_update (GListStore *store, GListModel *fresh)
{
  GListModel *old = G_LIST_MODEL (store);
  guint old_n, new_n, prefix = 0, suffix = 0, n_added;
  g_autoptr(GPtrArray) added = NULL;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (G_IS_LIST_MODEL (fresh));

  old_n = g_list_model_get_n_items (old);
  new_n = g_list_model_get_n_items (fresh);
  while (prefix < old_n && prefix < new_n && same_record (old, prefix, fresh, prefix))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix
         && same_record (old, old_n - 1 - suffix, fresh, new_n - 1 - suffix))
    suffix++;
  if (prefix == old_n && prefix == new_n)
    return;

  n_added = new_n - prefix - suffix;
  added = g_ptr_array_new_full (n_added, g_object_unref);
  for (guint i = 0; i < n_added; i++)
    g_ptr_array_add (added, g_list_model_get_item (fresh, prefix + i));
  g_list_store_splice (store, prefix, old_n - prefix - suffix, added->pdata, n_added);
}
