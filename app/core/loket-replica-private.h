/* loket-replica-private.h — what the files of LoketReplica share (not for other code).
 *
 *   loket-replica.c           the object, reads, local mutations, push results, pull pages
 *   loket-replica-inbox.c     the conflicts inbox: listing, alternatives, resolving
 *   loket-replica-snapshot.c  adopting a snapshot file as the replica (a first download)
 *   loket-replica-agenda.c    visits with their case, the appointments, the day at the desk
 *   loket-replica-admin.c     closures, availability rules and configuration
 *   loket-replica-slots.c     free times and the month calendar across capacities
 *   loket-replica-kb.c        the knowledge base: drafts, four-eyes review, editors' lists
 */
#pragma once

#include "loket-error.h"
#include "loket-replica.h"
#include "loket-workdays.h"

G_BEGIN_DECLS

/* Replaces the replica's connection (closing the old one); NULL only closes it. */
void     loket_replica_set_db        (LoketReplica *self, LoketDb *db);
/* Replays the still-pending outbox on top of the rows and settles the conflicts this desk was
 * told about, inside the caller's transaction (as after every pull page). */
gboolean loket_replica_rebase        (LoketReplica *self, GError **error);
/* Emits LoketReplica::changed for every kind of data. */
void     loket_replica_emit_changed  (LoketReplica *self);

/* Sets error (code, message) and returns FALSE. */
static inline gboolean
loket_replica_fail (GError **error, LoketErrorCode code, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, code, message);
  return FALSE;
}

/* A string member of a mutation's args, or NULL. */
static inline const char *
loket_json_text (JsonObject *object, const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* Sets a string member unless value is NULL or empty. */
static inline void
loket_json_set_optional (JsonObject *object, const char *name, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, name, value);
}

/* What loket_replica_get_appointment reads about an appointment (a.* and what the desk shows
 * with it), for every query of appointments. */
/* 1 while a change of appointment a is still in the outbox: only the appointment mutations
 * are looked at, so a long offline outbox of other changes costs nothing per row. */
#define LOKET_REPLICA_APPOINTMENT_PENDING \
  "EXISTS (SELECT 1 FROM outbox o WHERE o.type IN ('book_appointment', 'cancel_appointment', " \
  "  'reschedule_appointment', 'appointment_step') " \
  "  AND json_extract (o.args, '$.id') = a.id) AS pending"
#define LOKET_REPLICA_APPOINTMENT_COLUMNS \
  "a.*, c.name AS capacity_name, c.location_id, l.name AS location_name, " \
  "p.name AS product_name, cu.name AS customer_name, cu.birth_date AS customer_birth_date, " \
  "cu.email AS customer_email, cu.phone AS customer_phone, k.reference AS case_reference, " \
  "k.status AS case_status, t.name AS case_type_name, " \
  LOKET_REPLICA_APPOINTMENT_PENDING ", " \
  "CASE WHEN a.arrived_at IS NOT NULL AND a.called_at IS NOT NULL " \
  "  THEN CAST (round ((julianday (a.called_at) - julianday (a.arrived_at)) * 86400) AS INTEGER) " \
  "END AS waiting_seconds, " \
  "CASE WHEN a.started_at IS NOT NULL AND a.finished_at IS NOT NULL " \
  "  THEN CAST (round ((julianday (a.finished_at) - julianday (a.started_at)) * 86400) AS INTEGER) " \
  "END AS handling_seconds "
#define LOKET_REPLICA_APPOINTMENT_JOINS \
  "FROM appointments a JOIN capacities c ON c.id = a.capacity_id " \
  "JOIN locations l ON l.id = c.location_id LEFT JOIN products p ON p.id = a.product_id " \
  "LEFT JOIN customers cu ON cu.id = a.customer_id LEFT JOIN cases k ON k.id = a.case_id " \
  "LEFT JOIN case_types t ON t.id = k.case_type_id "

/* The first row of a statement with one text parameter, or NULL. */
LoketRecord *loket_replica_first_record (LoketReplica *self, const char *sql, const char *param);
/* The role of the signed-in user (users.role_id), or NULL. */
char        *loket_replica_dup_role     (LoketReplica *self);

/* The rows of a statement whose n parameters are all text (NULL binds NULL), as LoketRecords. */
GListModel *loket_replica_query_texts (LoketReplica *self, const char *sql, guint n,
                                       const char *const *params);

/* Local changes: the local effects of the mutations and their outbox entries commit together,
 * all or none. */
gboolean loket_replica_record_mutations (LoketReplica *self, guint n, const char *const *types,
                                         JsonObject *const *args, GError **error);
/* One of them. */
gboolean loket_replica_record_mutation  (LoketReplica *self, const char *type, JsonObject *args,
                                         GError **error);
/* Marks the replica when a case of case_type_id opened here is one its user may not see (a
 * confidential type of another team). */
gboolean loket_replica_note_case_type   (LoketReplica *self, const char *case_type_id,
                                         GError **error);
/* On a marked replica, once nothing is left to send: drops the cases this desk may not see
 * with everything that follows them, and the mark (loket-replica-scope.c); changed: whether
 * any row went. */
gboolean loket_replica_let_go_unseen    (LoketReplica *self, gboolean *changed, GError **error);
/* Sets a case's archive action and date from its closing and its type's retention, as the
 * server will (none while it is open). */
gboolean loket_replica_update_archive   (LoketReplica *self, const char *case_id, GError **error);
/* Runs a statement whose n parameters are all text (NULL binds NULL) and returns no rows. */
gboolean loket_replica_run              (LoketReplica *self, const char *sql, guint n,
                                         const char *const *params, GError **error);
/* text without the white space around it, or NULL when nothing is left (a blank field). */
char    *loket_replica_trimmed          (const char *text);
/* Gives a mutation on an appointment its history row's id (event_id) and by_user. */
void     loket_replica_name_event    (LoketReplica *self, JsonObject *args);
/* Writes that history row (kind, detail) for a mutation that names one (event_id; at, else
 * created_at, else now). */
gboolean loket_replica_add_event     (LoketReplica *self, JsonObject *args, const char *kind,
                                      JsonObject *detail, GError **error);
/* Overrides *minutes with the visit's duration when items (an appointment's JSON) names
 * several products. */
gboolean loket_replica_visit_duration (LoketReplica *self, const char *capacity_id,
                                       const char *items, int *minutes, GError **error);

/* The args of a create_case (loket-protocol.h) with a provisional reference, the type's first
 * status and the deadline (loket-replica-agenda.c).  The case type is case_type_id, or when
 * that is NULL the one of product_id (a visit); product_id NULL: the type's first product;
 * subject NULL or empty: the product's name, else the type's.  NULL with a sentence for the
 * desk (LOKET_ERROR_INVALID / NOT_FOUND) when there is no such type or product. */
JsonObject *loket_replica_case_args (LoketReplica *self, const char *case_type_id,
                                     const char *product_id, const char *customer_id,
                                     const char *subject, GError **error);

/* The local effects of the agenda mutations (loket-replica-agenda.c). */
gboolean loket_replica_apply_create_case      (LoketReplica *self, JsonObject *args,
                                               GError **error);
gboolean loket_replica_apply_appointment_step (LoketReplica *self, JsonObject *args,
                                               GError **error);
gboolean loket_replica_apply_add_closure      (LoketReplica *self, JsonObject *args,
                                               GError **error);
gboolean loket_replica_apply_save_rule        (LoketReplica *self, JsonObject *args,
                                               GError **error);
gboolean loket_replica_apply_remove_rule      (LoketReplica *self, JsonObject *args,
                                               GError **error);
gboolean loket_replica_apply_save_config      (LoketReplica *self, JsonObject *args,
                                               GError **error);

/* The working days of loket_rules_load_workdays on the replica; when the replica cannot be
 * read, weekends and the Dutch holidays alone (said in the log). */
LoketWorkdays *loket_replica_load_workdays (LoketReplica *self, int first_year, int last_year);

/* The local effects of the case work mutations (loket-replica-casework.c). */
gboolean loket_replica_apply_suspend_case        (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_link_cases          (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_add_case_document   (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_add_callback        (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_settle_callback     (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_save_representative (LoketReplica *self, JsonObject *args,
                                                  GError **error);
gboolean loket_replica_apply_merge_customers     (LoketReplica *self, JsonObject *args,
                                                  GError **error);

/* The local effects of the knowledge base mutations (loket-replica-kb.c). */
gboolean loket_replica_apply_save_article    (LoketReplica *self, JsonObject *args,
                                              GError **error);
gboolean loket_replica_apply_submit_article  (LoketReplica *self, JsonObject *args,
                                              GError **error);
gboolean loket_replica_apply_review_article  (LoketReplica *self, JsonObject *args,
                                              GError **error);
gboolean loket_replica_apply_save_synonyms   (LoketReplica *self, JsonObject *args,
                                              GError **error);

G_END_DECLS
