/* loket-replica-customers.c — the customer card (loket-replica-customers.h).
 * Being written: the timeline is still empty. */
#include "config.h"

#include "loket-record.h"
#include "loket-replica-customers.h"
#include "loket-replica-private.h"

LoketRecord *
loket_replica_get_customer (LoketReplica *self, const char *customer_id)
{
  return loket_replica_first_record (self, "SELECT * FROM customers WHERE id = ?", customer_id);
}

GListModel *
loket_replica_customer_timeline (LoketReplica *self, const char *customer_id, guint limit)
{
  (void) self; (void) customer_id; (void) limit;
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

GListModel *
loket_replica_list_representatives (LoketReplica *self, const char *customer_id)
{
  (void) self; (void) customer_id;
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}
