#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* Work on cases, callbacks and customers beyond statuses and fields (loket-replica-casework.c):
 * opening a case from a contact, suspending and resuming it, links, documents, callbacks
 * (terugbelnotities), representatives and merging two customers by hand.  Each records its
 * mutation (see loket-protocol.h for the contract) and applies it locally at once, so it works
 * offline; the server decides when it syncs.  Errors: LOKET_ERROR_INVALID with a sentence for
 * the desk, LOKET_ERROR_NOT_FOUND for an unknown row, LOKET_ERROR_FORBIDDEN for a role that may
 * not. */

typedef struct {
  const char *case_type_id;       /* required */
  const char *customer_id;        /* optional (an anonymous contact has none) */
  const char *product_id;         /* optional; default: the type's first product */
  const char *subject;            /* optional; default: the product's or type's name */
  const char *contact_moment_id;  /* optional: the contact the case comes from */
  const char *appointment_id;     /* optional: the appointment the case comes from */
} LoketCaseInput;

/* Opens a case in its type's first status with a provisional reference (Z-2026-AB12CD, the
 * server gives the definitive one) and its deadline; returns the case id.  The contact moment
 * or appointment it comes from (one without a case yet) points to it from then on. */
char     *loket_replica_create_case        (LoketReplica *self, const LoketCaseInput *input,
                                            GError **error);
/* The team that alone sees cases of case_type_id when the user is not in it (a confidential
 * type of another team: "" when it has none), else NULL.  Such a case leaves this desk once it
 * has reached the server (loket-replica-scope.c), so a form can say so beforehand. */
char     *loket_replica_case_type_other_team (LoketReplica *self, const char *case_type_id);
/* Pauses (suspend TRUE) or restarts the deadline's clock while the case waits for the
 * customer; reason (optional) is shown in the case's timeline.  A resume moves the deadline by
 * the working days the case waited, as the server will.  Refused for a closed case, suspending
 * one that waits already and resuming one that does not. */
gboolean  loket_replica_suspend_case       (LoketReplica *self, const char *case_id,
                                            gboolean suspend, const char *reason,
                                            GError **error);
/* kind: intake | related | bundle.  Two cases linked already with that kind (either way round):
 * TRUE, nothing recorded. */
gboolean  loket_replica_link_cases         (LoketReplica *self, const char *case_id,
                                            const char *linked_case_id, const char *kind,
                                            GError **error);
/* Metadata only, never the file.  location: a path or URL of at most 2000 characters; returns
 * the document row's id. */
char     *loket_replica_add_case_document  (LoketReplica *self, const char *case_id,
                                            const char *title, const char *location,
                                            GError **error);

typedef struct {
  const char *customer_id;        /* a customer or a phone number, at least one */
  const char *phone;
  const char *contact_moment_id;  /* optional */
  const char *subject;            /* required: what to call back about */
  const char *assigned_user_id;   /* a person or a team, at least one */
  const char *assigned_team_id;
  gint64      due_at;             /* Unix seconds; 0: the end of the next working day */
} LoketCallbackInput;

/* Returns the callback's id.  The due moment (the norm when due_at is 0) is worked out on the
 * desk and sent: the customer asked now, not when the desk is next online. */
char     *loket_replica_add_callback       (LoketReplica *self, const LoketCallbackInput *input,
                                            GError **error);
/* outcome: done | not_reached; note optional.  On a callback done already (by someone else, or
 * a moment ago) the outcome stays and the note joins it with who and when, as on the server. */
gboolean  loket_replica_settle_callback    (LoketReplica *self, const char *callback_id,
                                            const char *outcome, const char *note,
                                            GError **error);
/* The person acts for the organisation as role (e.g. "secretaris"); the same pair again only
 * sets the role. */
gboolean  loket_replica_save_representative (LoketReplica *self, const char *organisation_id,
                                             const char *person_id, const char *role,
                                             GError **error);
/* Moves everything of alias_id (appointments, cases, notes, contact moments, callbacks,
 * representatives) to survivor_id and removes alias_id (team leaders, coordinators, functional
 * administrators: LOKET_ERROR_FORBIDDEN for anyone else). */
gboolean  loket_replica_merge_customers    (LoketReplica *self, const char *alias_id,
                                            const char *survivor_id, GError **error);

G_END_DECLS
