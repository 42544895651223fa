#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* The case lists of the desk (mine, my team, unassigned, at risk, overdue, closed), their counts
 * and one case's detail, read from the replica (loket-replica-cases.c).
 *
 * "Mine" and "my team" follow the signed-in user (users.team_id); at risk and overdue are about
 * every open case the desk holds, which the server already limited to what the user may see.
 * Deadlines are local dates; "today" is the local day of now in the user's location's zone, and
 * working days skip weekends, the Dutch national holidays and the replica's holidays table. */

typedef enum {
  LOKET_CASE_LIST_MINE,
  LOKET_CASE_LIST_TEAM,
  LOKET_CASE_LIST_UNASSIGNED,
  LOKET_CASE_LIST_AT_RISK,
  LOKET_CASE_LIST_OVERDUE,
  LOKET_CASE_LIST_CLOSED,
  LOKET_CASE_LIST_N,
} LoketCaseList;

/* An open case is at risk when at most this many working days are left (and none has passed). */
#define LOKET_CASE_AT_RISK_DAYS 3

/* The cases of a list, open ones by deadline, closed ones most recent first: the cases columns,
 * case_type_name, customer_name, product_name, assignee_name, team_name, days_left (working
 * days, negative once overdue; see loket_deadline_days_left) and deadline_state (on_track |
 * at_risk | overdue | suspended | closed).  search (NULL or empty: no filter) narrows by words
 * of the reference, subject, customer name or product name, each word a prefix. */
GListModel  *loket_replica_list_cases       (LoketReplica *self, LoketCaseList list,
                                             const char *search, guint limit);
/* The same as at the moment now (Unix seconds). */
GListModel  *loket_replica_list_cases_at    (LoketReplica *self, LoketCaseList list,
                                             const char *search, guint limit, gint64 now);
/* The product to book for a case: its type's intake product when it has one, else the case's
 * own product; NULL when neither (or no such case). */
char        *loket_replica_case_visit_product (LoketReplica *self, const char *case_id);

/* A narrower list: only cases of a case type and/or of a product (NULL: any). */
typedef struct {
  const char *case_type_id;
  const char *product_id;
} LoketCaseFilter;

/* loket_replica_list_cases with filter (NULL: none). */
GListModel  *loket_replica_filter_cases     (LoketReplica *self, LoketCaseList list,
                                             const char *search, const LoketCaseFilter *filter,
                                             guint limit);
GListModel  *loket_replica_filter_cases_at  (LoketReplica *self, LoketCaseList list,
                                             const char *search, const LoketCaseFilter *filter,
                                             guint limit, gint64 now);
/* Every case the desk holds matching search (as above; no words: none), open ones first by
 * deadline, then the closed ones: to choose a case to link, say. */
/* Who a case can be assigned to: every user with a team (id, display_name, team_id,
 * team_name), those of team_id first, then by name. */
GListModel  *loket_replica_list_assignees   (LoketReplica *self, const char *team_id);
/* The teams (id, name) by name. */
GListModel  *loket_replica_list_teams       (LoketReplica *self);
GListModel  *loket_replica_find_cases       (LoketReplica *self, const char *search,
                                             guint limit);
GListModel  *loket_replica_find_cases_at    (LoketReplica *self, const char *search,
                                             guint limit, gint64 now);
/* How many cases each list holds (without a search), in one query. */
void         loket_replica_count_cases      (LoketReplica *self,
                                             guint counts[LOKET_CASE_LIST_N]);
void         loket_replica_count_cases_at   (LoketReplica *self, gint64 now,
                                             guint counts[LOKET_CASE_LIST_N]);
/* One case with the columns of a list row, or NULL when the desk does not have it. */
LoketRecord *loket_replica_get_case_row     (LoketReplica *self, const char *case_id);
LoketRecord *loket_replica_get_case_row_at  (LoketReplica *self, const char *case_id,
                                             gint64 now);
/* The case's timeline, oldest first: its status changes and its suspensions (waiting for the
 * customer).  Columns: id, case_id, kind (status | suspend | resume), status (NULL for a
 * suspension), reason, at, by_user, by_name (who) and pending (1 while still in the outbox). */
GListModel  *loket_replica_list_case_history (LoketReplica *self, const char *case_id);
/* The cases linked to the case either way round, oldest link first: id, kind (intake | related
 * | bundle), created_at, direction ("to": other_id is this case's kind, e.g. its intake;
 * "from": this case is other_id's kind), other_id, reference, subject, status, closed_at,
 * deadline, pending.  A linked case the desk does not hold is left out. */
GListModel  *loket_replica_list_case_links (LoketReplica *self, const char *case_id);
/* The documents of the case, oldest first: the case_documents columns, by_name, pending. */
GListModel  *loket_replica_list_case_documents (LoketReplica *self, const char *case_id);
/* The contact moments about the case, oldest first: the contact_moments columns, by_name,
 * product_name. */
GListModel  *loket_replica_list_case_contacts (LoketReplica *self, const char *case_id);

/* Closed cases whose archive date (bewaren: transfer, vernietigen: destroy) is at most days
 * calendar days after today, soonest first, with the columns of a list row. */
GListModel  *loket_replica_list_archive_due    (LoketReplica *self, guint days);
GListModel  *loket_replica_list_archive_due_at (LoketReplica *self, guint days, gint64 now);
guint        loket_replica_count_archive_due_at (LoketReplica *self, guint days, gint64 now);
/* Closed cases are looked at this many days ahead. */
#define LOKET_ARCHIVE_AHEAD_DAYS 30

/* The open callbacks (outcome open or not_reached: tried again) for the signed-in user or
 * their team, by due_at, so the overdue come first (loket-replica-callbacks.c): the callbacks
 * columns, customer_name, customer_phone, call_phone (the callback's number, else the
 * customer's), assigned_user_name, assigned_team_name, overdue (due_at before now) and
 * pending. */
GListModel  *loket_replica_list_callbacks    (LoketReplica *self);
GListModel  *loket_replica_list_callbacks_at (LoketReplica *self, gint64 now);
/* How many that list holds, and how many of them are overdue (either may be NULL). */
void         loket_replica_count_callbacks_at (LoketReplica *self, gint64 now, guint *open,
                                               guint *overdue);
/* The appointments linked to the case, by start: the columns of the agenda's appointments. */
GListModel  *loket_replica_list_case_appointments (LoketReplica *self, const char *case_id);
/* The statuses of the case's type in order: name, position, current, reached (at or before
 * the current one) and allowed (a move the replica accepts now: the type's transitions when it
 * has them, else any later status or back one step).  Empty for an unknown case. */
GListModel  *loket_replica_list_case_statuses (LoketReplica *self, const char *case_id);

G_END_DECLS
