/* loket-replica-private.h — what the files of LoketReplica share (not for other code).
 *
 *   loket-replica.c           the object, reads, local mutations, push results, pull pages
 *   loket-replica-inbox.c     the conflicts inbox: listing, alternatives, resolving
 *   loket-replica-snapshot.c  adopting a snapshot file as the replica (a first download)
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

G_END_DECLS
