/* loket-replica-callbacks.c — the desk's open callbacks (terugbelnotities) and their counts
 * (loket-replica-cases.h).
 *
 * A callback stays on the list until it is done: one the customer did not answer is tried
 * again.  Mine are those for me and those for my team; the due moments are UTC text of one
 * format, so "overdue" is a comparison of strings with now in the same format.
 */
#include "config.h"

#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-cases.h"
#include "loket-replica-private.h"

/* Parameters: ?1 user, ?2 team, ?3 now.  Each arm of the union uses its own index. */
#define OPEN_CALLBACKS \
  "FROM callbacks c WHERE c.id IN (" \
  "  SELECT id FROM callbacks WHERE assigned_user_id = ?1 AND outcome IN ('open', 'not_reached')" \
  "  UNION SELECT id FROM callbacks WHERE assigned_team_id = ?2" \
  "  AND outcome IN ('open', 'not_reached')) "

static GListModel *
query_open (LoketReplica *self, const char *sql, gint64 now)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self);
  g_autofree char *now_text = loket_protocol_format_time (now);
  const char *params[3] = { NULL, NULL, now_text };

  if (user != NULL)
    {
      params[0] = loket_record_get_id (user);
      if (!loket_record_is_null (user, "team_id"))
        params[1] = loket_record_get_string (user, "team_id");
    }
  return loket_replica_query_texts (self, sql, G_N_ELEMENTS (params), params);
}

GListModel *
loket_replica_list_callbacks_at (LoketReplica *self, gint64 now)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return query_open (self,
    "SELECT c.*, cu.name AS customer_name, cu.phone AS customer_phone,"
    "  coalesce (nullif (c.phone, ''), cu.phone, '') AS call_phone,"
    "  u.display_name AS assigned_user_name, t.name AS assigned_team_name,"
    "  c.due_at < ?3 AS overdue,"
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type IN ('" LOKET_MUTATION_ADD_CALLBACK "', '"
    LOKET_MUTATION_SETTLE_CALLBACK "') AND json_extract (o.args, '$.id') = c.id) AS pending "
    "FROM (SELECT c.* " OPEN_CALLBACKS ") c "
    "LEFT JOIN customers cu ON cu.id = c.customer_id "
    "LEFT JOIN users u ON u.id = c.assigned_user_id "
    "LEFT JOIN teams t ON t.id = c.assigned_team_id "
    "ORDER BY c.due_at, c.created_at, c.id", now);
}

GListModel *
loket_replica_list_callbacks (LoketReplica *self)
{
  return loket_replica_list_callbacks_at (self, g_get_real_time () / G_USEC_PER_SEC);
}

void
loket_replica_count_callbacks_at (LoketReplica *self, gint64 now, guint *open, guint *overdue)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;

  g_return_if_fail (LOKET_IS_REPLICA (self));

  rows = query_open (self, "SELECT count (*) AS n, coalesce (sum (c.due_at < ?3), 0) AS late "
                     OPEN_CALLBACKS, now);
  row = g_list_model_get_item (rows, 0);
  if (open != NULL)
    *open = row != NULL ? (guint) loket_record_get_int (row, "n") : 0;
  if (overdue != NULL)
    *overdue = row != NULL ? (guint) loket_record_get_int (row, "late") : 0;
}
