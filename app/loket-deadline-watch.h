#pragma once

#include <gio/gio.h>

#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* Termijnbewaking for the signed-in clerk: watches the open cases assigned to them, after every
 * replica change and once a minute.  When one of them becomes at risk or overdue that was not
 * so when last looked at, it says so once, in one notification for all that changed at that
 * moment (::alert); it keeps the count of those at risk or overdue for a badge ("count").
 *
 * What was last seen of each case is kept in memory and in the replica's sync_state, per user,
 * so starting Loket again does not repeat a notification; a case that got better (resumed,
 * given more time, closed) is forgotten, so it is told again if it gets worse again. */
#define LOKET_TYPE_DEADLINE_WATCH (loket_deadline_watch_get_type ())
G_DECLARE_FINAL_TYPE (LoketDeadlineWatch, loket_deadline_watch, LOKET, DEADLINE_WATCH, GObject)

/* automatic: look after every replica change and once a minute (FALSE: only when told to). */
LoketDeadlineWatch *loket_deadline_watch_new      (LoketReplica *replica, gboolean automatic);
/* At risk + overdue of my open cases at the last look. */
guint               loket_deadline_watch_get_count (LoketDeadlineWatch *self);
/* Looks at now (Unix seconds): updates the count and what is remembered, and returns the cases
 * that became at risk or overdue (list rows, see loket_replica_list_cases), after emitting
 * ::alert when there are any. */
GListModel         *loket_deadline_watch_check_at (LoketDeadlineWatch *self, gint64 now);

/* The notification of such a set of cases (NULL for none): its default action is
 * app.show-case with the case's id, or "" (the Cases page) for several. */
GNotification      *loket_deadline_watch_notification (GListModel *cases);

G_END_DECLS
