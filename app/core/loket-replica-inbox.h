#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* The conflicts inbox: every change of this desk the server refused or that conflicts, and every
 * case field conflict a person must choose a value for, with what resolving each one needs.
 *
 * Each item of loket_replica_list_inbox is a LoketRecord with at least:
 *   id     a key that stays the same while the item is open ("issue:SEQ", "conflict:ID")
 *   kind   "booking" | "case-conflict" | "article-conflict" | "rejected"
 *   who    the person whose change it was; what: the change in words; when: local date and
 *          time for display; at: the same moment on the wire (UTC), for sorting
 * and per kind:
 *   booking           seq, type (book_appointment | reschedule_appointment), appointment_id,
 *                     customer_id, customer_name, product_id, product_name, location_id,
 *                     location_name, capacity_id, capacity_name (where it was refused),
 *                     refused_at (the refused start, UTC), refused_when (local, in words),
 *                     reason (why, in words), status (the appointment's: rejected | booked),
 *                     mode and appointment_reason (the appointment's own)
 *   case-conflict     conflict_id, case_id, case_reference, case_subject, field, field_label,
 *                     server_value, server_label (the value in the case now), desk_value,
 *                     desk_label, desk_user_name (who sent it later)
 *   article-conflict  seq, article_id, article_title, winner_title, winner_author,
 *                     conflict_title, conflict_author, revision_id (a version approved here
 *                     that lost to one published meanwhile: kept in state conflict, its
 *                     author merges it into a new draft)
 *   rejected          seq, type, type_label (the kind of change in words), reason
 */

/* Open items, newest first. */
GListModel *loket_replica_list_inbox          (LoketReplica *self);
/* How many items loket_replica_list_inbox has: the badge. */
guint       loket_replica_count_inbox         (LoketReplica *self);

/* The n nearest free start times for a rejected (or refused moved) appointment's product at its
 * location, on any capacity there that handles the product: from the refused day (or today,
 * never before now) forward, day by day, up to LOKET_INBOX_HORIZON_DAYS days.  One capacity per
 * start time (the refused one first).  Items: LoketRecord with capacity_id, capacity_name,
 * start (Unix seconds) and start_at (UTC).  NULL with LOKET_ERROR_NOT_FOUND for an unknown
 * appointment. */
#define LOKET_INBOX_HORIZON_DAYS 30
GListModel *loket_replica_find_alternatives   (LoketReplica *self, const char *appointment_id,
                                               guint n, GDateTime *now, GError **error);

/* Books a rejected appointment again at start on capacity_id (NULL: the same one): the same
 * appointment with its customer, product, reason and mode, moved to a free time (a
 * reschedule_appointment, which the server books again), and settles its open sync issues so
 * it leaves the inbox.  Fails like loket_replica_reschedule_appointment. */
gboolean    loket_replica_rebook              (LoketReplica *self, const char *appointment_id,
                                               const char *capacity_id, gint64 start,
                                               GError **error);

/* Settles the rejected appointment's open sync issues without moving it (it was booked again
 * another way, e.g. as a new booking).  FALSE with LOKET_ERROR_NOT_FOUND when none is open. */
gboolean    loket_replica_settle_appointment_issues (LoketReplica *self,
                                                     const char *appointment_id,
                                                     GError **error);

/* "Keep both" / "I have seen it": settles a sync issue on this desk only (an article conflict's
 * revisions are both kept on the server already).  A case field conflict cannot be dismissed —
 * a value must be chosen (LOKET_ERROR_INVALID); an unknown or settled one gives
 * LOKET_ERROR_NOT_FOUND. */
gboolean    loket_replica_dismiss_issue       (LoketReplica *self, gint64 seq, GError **error);

G_END_DECLS
