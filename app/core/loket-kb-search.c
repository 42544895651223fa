/* loket-kb-search.c — STUB until the search work lands. */
#include "config.h"

#include "loket-kb-search.h"
#include "loket-record.h"

gboolean
loket_kb_search_register (sqlite3 *db, GError **error)
{
  (void) db;
  (void) error;
  return TRUE;
}

GListModel *
loket_replica_search_kb (LoketReplica *self, const char *query, guint limit)
{
  (void) self;
  (void) query;
  (void) limit;
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

gboolean
loket_replica_record_search (LoketReplica *self, const char *query, guint hits, GError **error)
{
  (void) self;
  (void) query;
  (void) hits;
  (void) error;
  return TRUE;
}
