/* loket-replica-scope.c — a desk lets go of what it may not see.
 *
 * The server sends a desk only what its user may see (loket-store-scope.c), but a desk also
 * holds what it made itself: a clerk of the KCC may open a confidential case for another team
 * (bijzondere bijstand, say), which only that team may see.  Until it has reached the server
 * the desk keeps it, to show and send; once nothing is left to send, the desk drops it with
 * everything that follows it, as the server would never have sent it.  The rule is the
 * server's: a case of a confidential type only for members of the type's team.  Such cases are
 * rare on a desk, so opening one leaves a mark (sync_state "unseen_cases") and only a desk with
 * the mark looks for them after a pull.
 */
#include "config.h"

#include "loket-replica-casework.h"
#include "loket-replica-private.h"

/* The case types this desk may not see: confidential, not of the user's team. */
#define UNSEEN_TYPES \
  "SELECT t.id FROM case_types t WHERE t.confidential AND (t.team_id IS NULL" \
  " OR t.team_id IS NOT (SELECT u.team_id FROM users u" \
  "  WHERE u.id = (SELECT value FROM sync_state WHERE key = 'user_id')))"
#define UNSEEN_CASES "SELECT k.id FROM cases k WHERE k.case_type_id IN (" UNSEEN_TYPES ")"

/* What follows a case, before the case itself. */
static const char *const drops[] = {
  "DELETE FROM case_status_history WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM case_conflicts WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM messages WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM survey_answers WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM case_suspensions WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM case_documents WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM case_links WHERE case_id IN (" UNSEEN_CASES ")"
  " OR linked_case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM notes WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM contact_moments WHERE case_id IN (" UNSEEN_CASES ")",
  /* The server sends such an appointment redacted: it only holds its place. */
  "UPDATE appointments SET customer_id = NULL, case_id = NULL, reason = '', status_reason = ''"
  " WHERE case_id IN (" UNSEEN_CASES ")",
  "DELETE FROM cases WHERE id IN (" UNSEEN_CASES ")",
};

char *
loket_replica_case_type_other_team (LoketReplica *self, const char *case_type_id)
{
  g_autoptr(LoketRecord) team = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (case_type_id == NULL)
    return NULL;
  team = loket_replica_first_record (self, "SELECT coalesce (m.name, '') AS name FROM case_types t"
                                     " LEFT JOIN teams m ON m.id = t.team_id"
                                     " WHERE t.id = ?1 AND t.id IN (" UNSEEN_TYPES ")",
                                     case_type_id);
  return team != NULL ? g_strdup (loket_record_get_string (team, "name")) : NULL;
}

gboolean
loket_replica_note_case_type (LoketReplica *self, const char *case_type_id, GError **error)
{
  const char *params[] = { case_type_id };

  return loket_replica_run (self, "INSERT OR REPLACE INTO sync_state (key, value)"
                            " SELECT 'unseen_cases', '1' WHERE ?1 IN (" UNSEEN_TYPES ")",
                            G_N_ELEMENTS (params), params, error);
}

gboolean
loket_replica_let_go_unseen (LoketReplica *self, gboolean *changed, GError **error)
{
  sqlite3 *handle = loket_db_get_handle (loket_replica_get_db (self));
  g_autofree char *mark = loket_replica_dup_state (self, "unseen_cases");
  int before = sqlite3_total_changes (handle);

  *changed = FALSE;
  /* Something still to send may be about such a case: it stays until the server has it. */
  if (mark == NULL || loket_replica_count_pending (self) > 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (drops); i++)
    if (!loket_replica_run (self, drops[i], 0, NULL, error))
      return FALSE;
  if (!loket_replica_run (self, "DELETE FROM sync_state WHERE key = 'unseen_cases'", 0, NULL,
                          error))
    return FALSE;
  *changed = sqlite3_total_changes (handle) - before > 1;
  return TRUE;
}
