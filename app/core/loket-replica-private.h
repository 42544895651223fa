/* loket-replica-private.h — what the files of LoketReplica share (not for other code).
 *
 *   loket-replica.c           the object, reads, local mutations, push results, pull pages
 *   loket-replica-inbox.c     the conflicts inbox: listing, alternatives, resolving
 *   loket-replica-snapshot.c  adopting a snapshot file as the replica (a first download)
 *   loket-replica-agenda.c    visits with their case, the day at the desk, closures, rules
 *   loket-replica-slots.c     free times and the month calendar across capacities
 */
#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* Replaces the replica's connection (closing the old one); NULL only closes it. */
void     loket_replica_set_db        (LoketReplica *self, LoketDb *db);
/* Replays the still-pending outbox on top of the rows and settles the conflicts this desk was
 * told about, inside the caller's transaction (as after every pull page). */
gboolean loket_replica_rebase        (LoketReplica *self, GError **error);
/* Emits LoketReplica::changed for every kind of data. */
void     loket_replica_emit_changed  (LoketReplica *self);

/* The rows of a statement whose n parameters are all text (NULL binds NULL), as LoketRecords. */
GListModel *loket_replica_query_texts (LoketReplica *self, const char *sql, guint n,
                                       const char *const *params);

/* Local changes: the local effects of the mutations and their outbox entries commit together,
 * all or none. */
gboolean loket_replica_record_mutations (LoketReplica *self, guint n, const char *const *types,
                                         JsonObject *const *args, GError **error);
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

G_END_DECLS
