/* loket-replica-agenda.c — booking visits, the day at the desk, closures and rules.
 *
 * (Being written: see loket-replica-agenda.h for what each function does.)
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Not written yet");
  return FALSE;
}

static GListModel *
empty (void)
{
  return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
}

char *
loket_replica_book_visit (LoketReplica *self, const LoketVisitInput *in, GError **error)
{
  not_yet (error);
  return NULL;
}

LoketRecord *
loket_replica_get_appointment (LoketReplica *self, const char *appointment_id)
{
  return NULL;
}

GListModel *
loket_replica_list_appointment_events (LoketReplica *self, const char *appointment_id)
{
  return empty ();
}

GListModel *
loket_replica_query_appointments (LoketReplica *self, const LoketAppointmentFilter *filter)
{
  return empty ();
}

char *
loket_replica_find_double_booking (LoketReplica *self, const char *customer_id,
                                   const char *product_id, GDateTime *now)
{
  return NULL;
}

gboolean
loket_replica_appointment_step (LoketReplica *self, const char *appointment_id,
                                LoketAppointmentStep step, const char *desk, GError **error)
{
  return not_yet (error);
}

char *
loket_replica_add_closure (LoketReplica *self, const LoketClosureInput *in, GError **error)
{
  not_yet (error);
  return NULL;
}

GListModel *
loket_replica_list_closures (LoketReplica *self, const char *location_id, const GDate *from,
                             const GDate *until)
{
  return empty ();
}

GListModel *
loket_replica_list_closure_appointments (LoketReplica *self, const char *closure_id)
{
  return empty ();
}

GListModel *
loket_replica_move_closure_appointments (LoketReplica *self, const char *closure_id,
                                         GDateTime *now, guint *n_moved, GError **error)
{
  not_yet (error);
  return NULL;
}

char *
loket_replica_save_rule (LoketReplica *self, const LoketRuleInput *in, GError **error)
{
  not_yet (error);
  return NULL;
}

gboolean
loket_replica_remove_rule (LoketReplica *self, const char *rule_id, GError **error)
{
  return not_yet (error);
}

GListModel *
loket_replica_list_rules (LoketReplica *self, const char *capacity_id)
{
  return empty ();
}

GListModel *
loket_replica_list_rule_history (LoketReplica *self, const char *capacity_id)
{
  return empty ();
}
