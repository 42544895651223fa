/* loket-replica-slots.c — free times and the month calendar across a location's capacities.
 *
 * (Being written: see loket-replica-agenda.h for what each function answers.)
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

GListModel *
loket_replica_list_locations_for_visit (LoketReplica *self, const LoketVisitItem *items,
                                        guint n_items, const char *const *facilities)
{
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

GArray *
loket_replica_free_days (LoketReplica *self, const char *location_id, const LoketVisitItem *items,
                         guint n_items, const char *const *facilities, const GDate *from,
                         guint n_days, GDateTime *now, GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Not written yet");
  return NULL;
}

GListModel *
loket_replica_free_times (LoketReplica *self, const char *location_id, const LoketVisitItem *items,
                          guint n_items, const char *const *facilities, const GDate *day,
                          GDateTime *now, GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Not written yet");
  return NULL;
}

int
loket_replica_visit_minutes (LoketReplica *self, const LoketVisitItem *items, guint n_items,
                             GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Not written yet");
  return 0;
}
