/* loket-replica-bundles.c — life events and their case bundles (loket-replica-bundles.h).
 *
 * A bundle is no mutation of its own: it is the create_case of each case and the link_cases
 * that tie them together, recorded one after the other, so the server judges each as it always
 * does and a desk offline sees the whole bundle at once.  What can be checked beforehand is:
 * every product that will become a case has a case type the desk knows.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-bundles.h"
#include "loket-replica-casework.h"
#include "loket-replica-private.h"

GListModel *
loket_replica_list_life_events (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self, "SELECT id, name, description, products"
                                    " FROM life_events ORDER BY name", 0, NULL);
}

/* The products of a life event that become cases, in its order: pairs of product id and case
 * type id.  A product the desk does not know, or one without a case type, is passed over. */
static GPtrArray *
bundle_products (LoketReplica *self, const char *products_json)
{
  g_autoptr(JsonNode) node = json_from_string (products_json, NULL);
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  JsonArray *products;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return pairs;
  products = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonNode *element = json_array_get_element (products, i);
      const char *product_id = JSON_NODE_HOLDS_VALUE (element)
                               ? json_node_get_string (element) : NULL;
      g_autoptr(LoketRecord) product = NULL;

      if (product_id == NULL)
        continue;
      product = loket_replica_first_record (self,
        "SELECT p.id, p.case_type_id FROM products p JOIN case_types t ON t.id = p.case_type_id"
        " WHERE p.id = ?", product_id);
      if (product == NULL)
        continue;
      g_ptr_array_add (pairs, g_strdup (loket_record_get_id (product)));
      g_ptr_array_add (pairs, g_strdup (loket_record_get_string (product, "case_type_id")));
    }
  return pairs;
}

GPtrArray *
loket_replica_open_life_event (LoketReplica *self, const char *life_event_id,
                               const char *customer_id, const char *contact_moment_id,
                               GError **error)
{
  g_autoptr(LoketRecord) event = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  event = life_event_id != NULL
          ? loket_replica_first_record (self, "SELECT * FROM life_events WHERE id = ?",
                                        life_event_id)
          : NULL;
  if (event == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                          _("This life event does not exist (any more)."));
      return NULL;
    }
  pairs = bundle_products (self, loket_record_get_string (event, "products"));
  if (pairs->len == 0)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID,
                          _("None of the products of this life event is handled as a case."));
      return NULL;
    }

  for (guint i = 0; i < pairs->len; i += 2)
    {
      LoketCaseInput input = { 0 };
      char *case_id;

      input.case_type_id = g_ptr_array_index (pairs, i + 1);
      input.product_id = g_ptr_array_index (pairs, i);
      input.customer_id = customer_id;
      input.contact_moment_id = i == 0 ? contact_moment_id : NULL;
      /* Checked above: only a database that fails stops a later case. */
      if ((case_id = loket_replica_create_case (self, &input, error)) == NULL)
        return NULL;
      g_ptr_array_add (case_ids, case_id);
      if (i > 0 && !loket_replica_link_cases (self, g_ptr_array_index (case_ids, 0), case_id,
                                              "bundle", error))
        return NULL;
    }
  return g_steal_pointer (&case_ids);
}
