#pragma once

#include <gio/gio.h>

#include "loket-db.h"
#include "loket-record.h"
#include "loket-slots.h"
#include "loket-types.h"

G_BEGIN_DECLS

/* The desk's local replica: the only place the desk app reads and writes.
 *
 * Every write changes the domain tables and appends an intent mutation to the outbox in one
 * transaction (the sync contract's durable outbox).  List functions return a new GListModel of
 * LoketRecord.  The "changed" signal fires after every local write and every applied pull, with
 * the name of the entity that changed (or NULL for "anything"). */

#define LOKET_TYPE_REPLICA (loket_replica_get_type ())
G_DECLARE_FINAL_TYPE (LoketReplica, loket_replica, LOKET, REPLICA, GObject)

typedef struct {
  const char *kind;               /* "person" (default) or "organisation" */
  const char *name;               /* required */
  const char *bsn;                /* optional, elfproef-checked */
  const char *rrn;                /* optional, mod-97-checked */
  const char *kvk;
  const char *birth_date;         /* "YYYY-MM-DD" */
  const char *email;
  const char *phone;
  const char *postcode;
  const char *preferred_channel;  /* telefoon | email | post | digitaal */
} LoketCustomerInput;

typedef struct {
  const char *product_id;
  const char *capacity_id;
  const char *customer_id;        /* optional */
  gint64      start;              /* Unix seconds, a free start from loket_replica_free_slots */
  const char *reason;
  const char *mode;               /* fysiek (default) | digitaal | hybride */
} LoketBookingInput;

typedef struct {
  const char *customer_id;        /* optional */
  const char *channel;            /* balie | telefoon | email | post | chat | web */
  const char *topic;
  const char *product_id;         /* optional */
  const char *article_id;         /* optional: the article that answered the question */
  gboolean    resolved_first_contact;
  const char *case_id;            /* optional: the case the contact was about */
  const char *referred_to;        /* optional: whom the customer was sent to (free text) */
} LoketContactInput;

LoketReplica *loket_replica_open                (const char *path, GError **error);
LoketDb      *loket_replica_get_db              (LoketReplica *self);

/* Session facts kept in the replica (server_url, token, device_id, user_id, cursor, …). */
char         *loket_replica_dup_state           (LoketReplica *self, const char *key);
gboolean      loket_replica_set_state           (LoketReplica *self, const char *key,
                                                 const char *value, GError **error);
/* TRUE once a login has stored a device token. */
gboolean      loket_replica_has_session         (LoketReplica *self);
/* The logged-in user's row (id, username, display_name, role_id, location_id), or NULL. */
LoketRecord  *loket_replica_get_user            (LoketReplica *self);
guint         loket_replica_count_pending       (LoketReplica *self);
guint         loket_replica_count_open_issues   (LoketReplica *self);

/* Reads. */
GListModel   *loket_replica_list_locations      (LoketReplica *self);
GListModel   *loket_replica_list_capacities     (LoketReplica *self, const char *location_id);
/* Products a capacity may handle (its product group), or all products for NULL. */
GListModel   *loket_replica_list_products       (LoketReplica *self, const char *capacity_id);
/* Appointments on a local day at a location, by start time: id, start_at, end_at, capacity_id,
 * capacity_name, product_name, customer_id, customer_name, reason, mode, status,
 * status_reason, channel, pending (1 while still in the outbox). */
GListModel   *loket_replica_list_appointments   (LoketReplica *self, const char *location_id,
                                                 const GDate *day);
GListModel   *loket_replica_search_customers    (LoketReplica *self, const char *query,
                                                 guint limit);
/* Cases: id, reference, subject, status, deadline, opened_at, case_type_name, customer_name,
 * product_name. */
GListModel   *loket_replica_search_cases        (LoketReplica *self, const char *query,
                                                 guint limit);
/* Articles: id, kind, title, public_body, internal_body, updated_at. */
/* One article with every column, or NULL when the desk does not have it. */
LoketRecord  *loket_replica_get_article         (LoketReplica *self, const char *article_id);
GListModel   *loket_replica_search_articles     (LoketReplica *self, const char *query,
                                                 guint limit);
/* Rejected or conflicting changes: seq, type, outcome, code, message, args, at.  A field
 * conflict's issue is settled when its conflict is resolved (here or at another desk). */
GListModel   *loket_replica_list_sync_issues    (LoketReplica *self);
/* Open case conflicts, oldest first: id, case_id, field, base_rev, server_value, desk_value,
 * desk_user, created_at, case_reference, case_subject, desk_user_name, and server_label /
 * desk_label (a colleague's or team's name for assignee_id / team_id, else the value). */
GListModel   *loket_replica_list_case_conflicts (LoketReplica *self);
/* Notes of a case, oldest first: the notes columns, author_name, pending. */
GListModel   *loket_replica_list_notes          (LoketReplica *self, const char *case_id);
/* Every revision of an article by rev, drafts and versions that lost to another (state
 * conflict, conflict = 1) too: the kb_article_revisions columns and author_name.  The
 * knowledge base's own lists are in loket-replica-kb.h. */
GListModel   *loket_replica_list_article_revisions (LoketReplica *self, const char *article_id);
/* The time zone of a location (Europe/Amsterdam when unknown). */
GTimeZone    *loket_replica_get_timezone        (LoketReplica *self, const char *location_id);

/* Free start times (GArray of LoketSlot) for a product at a capacity on a local day, desk share,
 * no start before now (NULL: no limit). */
GArray       *loket_replica_free_slots          (LoketReplica *self, const char *capacity_id,
                                                 const char *product_id, const GDate *day,
                                                 GDateTime *now, GError **error);

/* Writes: change + outbox entry in one transaction. Return the new row's id. */
char         *loket_replica_create_customer     (LoketReplica *self,
                                                 const LoketCustomerInput *input,
                                                 GError **error);
char         *loket_replica_book_appointment    (LoketReplica *self,
                                                 const LoketBookingInput *input,
                                                 GError **error);
gboolean      loket_replica_cancel_appointment  (LoketReplica *self, const char *appointment_id,
                                                 const char *reason, GError **error);
/* Moves a booked (or rejected) appointment to start, at capacity_id (NULL: the same one); the
 * new slot is checked here leaving the appointment itself out.  If the server finds the slot
 * taken after all, the appointment returns to its old time with the next pull and a sync issue
 * says why. */
gboolean      loket_replica_reschedule_appointment (LoketReplica *self,
                                                    const char *appointment_id,
                                                    const char *capacity_id, gint64 start,
                                                    GError **error);
/* Case edits are based on the case's current rev.  field: subject | assignee_id | team_id;
 * value NULL clears assignee_id or team_id.  An edit of a field someone else changed meanwhile
 * becomes a case conflict after sync (loket_replica_list_case_conflicts). */
gboolean      loket_replica_set_case_field      (LoketReplica *self, const char *case_id,
                                                 const char *field, const char *value,
                                                 GError **error);
/* Forward to any later status of the case type, or back one step; the last one closes it. */
gboolean      loket_replica_set_case_status     (LoketReplica *self, const char *case_id,
                                                 const char *status, GError **error);
/* The value a person chose for an open conflict (one of both, or another). */
gboolean      loket_replica_resolve_case_conflict (LoketReplica *self, const char *conflict_id,
                                                   const char *value, GError **error);
/* Append-only; a note belongs to a case, a customer or both. Return the new row's id. */
char         *loket_replica_add_note            (LoketReplica *self, const char *case_id,
                                                 const char *customer_id, const char *body,
                                                 GError **error);
char         *loket_replica_add_contact_moment  (LoketReplica *self,
                                                 const LoketContactInput *input,
                                                 GError **error);

/* The sync client's side (not for widgets). */

/* Stores a new session.  When the device changes, pending outbox entries are renumbered from 1
 * for the new device, so none is lost and the sequence has no gap; when the user changes, the
 * previous user's rows are deleted (see loket_replica_start_over) before the new user's come. */
gboolean      loket_replica_begin_session       (LoketReplica *self, const char *server_url,
                                                 const char *token, const char *device_id,
                                                 JsonObject *user, GError **error);
/* Full resync: deletes every replicated row but keeps the outbox, the sync issues and the
 * session, sets the cursor to 0 and replays the still-pending outbox entries, in one
 * transaction.  The next pull downloads from 0 what the user may see now. */
gboolean      loket_replica_start_over          (LoketReplica *self, GError **error);
/* Forgets the token (revoked or logged out); the outbox is kept for the next login. */
gboolean      loket_replica_end_session         (LoketReplica *self, GError **error);
/* Up to max pending mutations in order: [{"seq", "type", "args", "client_time"}]. */
JsonArray    *loket_replica_pending_mutations   (LoketReplica *self, guint max, GError **error);
/* Applies a push response's results: applied entries leave the outbox; rejected and
 * conflicting ones leave it too but are recorded as sync issues and marked on their rows. */
gboolean      loket_replica_apply_results       (LoketReplica *self, JsonArray *results,
                                                 GError **error);
gint64        loket_replica_get_cursor          (LoketReplica *self);
/* Applies one pull page and its cursor in one transaction, then replays the still-pending
 * outbox entries on top (rebase). */
gboolean      loket_replica_apply_pull          (LoketReplica *self, JsonObject *page,
                                                 GError **error);
/* Where a snapshot download (GET /v1/sync/snapshot) is written before it is adopted: next to
 * the replica, so that adopting it is a rename; NULL for a replica that is no plain file. */
char         *loket_replica_dup_snapshot_path   (LoketReplica *self);
/* Makes the snapshot file at path (a replica of the same schema version holding the server's
 * rows up to cursor) the replica, keeping the outbox, the session and the sync issues, and
 * replays the pending outbox on top.  The file is consumed on success; on failure the replica
 * is unchanged and the caller removes the file.  See loket-replica-snapshot.c. */
gboolean      loket_replica_adopt_snapshot      (LoketReplica *self, const char *path,
                                                 gint64 cursor, GError **error);

G_END_DECLS
