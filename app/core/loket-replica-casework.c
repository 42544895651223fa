/* loket-replica-casework.c — case work beyond statuses and fields (loket-replica-casework.h).
 * Being written: every function still refuses. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-replica-casework.h"
#include "loket-replica-private.h"

static gboolean
not_yet (GError **error)
{
  return loket_replica_fail (error, LOKET_ERROR_INVALID, "not built yet");
}

char *
loket_replica_create_case (LoketReplica *self, const LoketCaseInput *input, GError **error)
{
  (void) self; (void) input;
  not_yet (error);
  return NULL;
}

gboolean
loket_replica_suspend_case (LoketReplica *self, const char *case_id, gboolean suspend,
                            const char *reason, GError **error)
{
  (void) self; (void) case_id; (void) suspend; (void) reason;
  return not_yet (error);
}

gboolean
loket_replica_link_cases (LoketReplica *self, const char *case_id, const char *linked_case_id,
                          const char *kind, GError **error)
{
  (void) self; (void) case_id; (void) linked_case_id; (void) kind;
  return not_yet (error);
}

char *
loket_replica_add_case_document (LoketReplica *self, const char *case_id, const char *title,
                                 const char *location, GError **error)
{
  (void) self; (void) case_id; (void) title; (void) location;
  not_yet (error);
  return NULL;
}

char *
loket_replica_add_callback (LoketReplica *self, const LoketCallbackInput *input, GError **error)
{
  (void) self; (void) input;
  not_yet (error);
  return NULL;
}

gboolean
loket_replica_settle_callback (LoketReplica *self, const char *callback_id, const char *outcome,
                               const char *note, GError **error)
{
  (void) self; (void) callback_id; (void) outcome; (void) note;
  return not_yet (error);
}

gboolean
loket_replica_save_representative (LoketReplica *self, const char *organisation_id,
                                   const char *person_id, const char *role, GError **error)
{
  (void) self; (void) organisation_id; (void) person_id; (void) role;
  return not_yet (error);
}

gboolean
loket_replica_merge_customers (LoketReplica *self, const char *alias_id, const char *survivor_id,
                               GError **error)
{
  (void) self; (void) alias_id; (void) survivor_id;
  return not_yet (error);
}

#define LOCAL_STUB(name) \
  gboolean name (LoketReplica *self, JsonObject *args, GError **error) \
  { (void) self; (void) args; return not_yet (error); }

LOCAL_STUB (loket_replica_apply_suspend_case)
LOCAL_STUB (loket_replica_apply_link_cases)
LOCAL_STUB (loket_replica_apply_add_case_document)
LOCAL_STUB (loket_replica_apply_add_callback)
LOCAL_STUB (loket_replica_apply_settle_callback)
LOCAL_STUB (loket_replica_apply_save_representative)
LOCAL_STUB (loket_replica_apply_merge_customers)
