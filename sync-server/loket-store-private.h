/* loket-store-private.h — what the files of LoketStore share.
 *
 *   loket-store.c            the object, SQL and change-log helpers, logging every row, demo,
 *                            login, pull
 *   loket-store-push.c       the push batch: sequence checks, one transaction per mutation,
 *                            outcomes
 *   loket-store-mutations.c  the business rules of customers and appointments, the dispatch
 *   loket-store-cases.c      the business rules of cases and notes
 *   loket-store-kb.c         the knowledge base: drafts and four-eyes review of articles,
 *                            synonyms, search figures and article usage
 *   loket-store-casework.c   suspensions, links and documents of cases, and what the case work
 *                            files share (loket-store-casework.h)
 *   loket-store-contacts.c   contact moments and callbacks (terugbelnotities)
 *   loket-store-merge.c      representatives of organisations, merging customers by hand
 *   loket-store-agenda.c     the agenda mutations: a case with a booking, a visit's steps,
 *                            closures, availability rules
 *   loket-store-messages.c   the outbox: queueing messages, what is due, settling an attempt
 *                            (loket-store-messages.h)
 *   loket-store-messages-content.c  the outbox: composing a message at its first attempt
 *   loket-store-public.c     the public queries (no personal data): products, locations, free
 *                            times and dates, rooms
 *   loket-store-web.c        what citizens do on the web (loket-store-web.h): holds, and what
 *                            the web's operations share (loket-store-web-private.h)
 *   loket-store-web-book.c   the web: booking a held time, cancelling and moving by a link
 *   loket-store-web-links.c  the web: link tokens and case codes, a case's status, the survey
 *   loket-store-scope.c      who may see what: a user's scope, the filter of a pull, and the
 *                            same rules in SQL for a snapshot
 *   loket-store-snapshot.c   a replica snapshot: a full download as one SQLite file
 *   loket-store-search.c     the staff customer search, and the customers a user created
 *   loket-store-admin.c      devices, revocation, moving users, compaction of the change log
 *   loket-store-head.c       the newest entry of the change log, for the live channel
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "loket-db.h"
#include "loket-slot-source.h"
#include "loket-store-messages.h"
#include "loket-store.h"

G_BEGIN_DECLS

struct _LoketStore
{
  GObject  parent_instance;

  LoketDb    *db;
  int         write_rc;       /* SQLite's code of the last failed write, to tell bad data from a
                               * bad disk */
  GHashTable *case_type_of;   /* case id → case type id, for pulls: a case never changes type */
  /* Which customers each scope sees, for pulls (loket-store-scope.c): scope key → (customer id →
   * seen).  What a customer's visibility depends on changes only with the change log, so the
   * cache holds while the log's head is seen_head. */
  GHashTable *seen_customers;
  gint64      seen_head;
  /* Rises with every change log entry and every web hold made or gone: what the public
   * answers' cache keys on (loket_store_web_generation). */
  guint64     web_generation;
  /* A reader (loket_store_open_reader): the writer's web generation as its owner last saw it
   * (loket_store_reader_set_generation). */
  gboolean    is_reader;
  guint64     outside_generation;
};

/* The answer to one mutation. */
typedef struct
{
  const char *outcome;
  const char *code;
  char       *message;
  JsonObject *details;  /* nullable */
} LoketStoreOutcome;

typedef struct
{
  const char *device_id;
  const char *user_id;
  gint64      seq;
  const char *now;      /* server time of this mutation */
} LoketStoreMutation;

/* ---- SQL and JSON helpers (loket-store.c) --------------------------------------------------- */

static inline const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static inline const char *
member_text (JsonObject *row, const char *member)
{
  return json_object_get_string_member_with_default (row, member, NULL);
}

gboolean    loket_store_step_row          (LoketStore *self, sqlite3_stmt *stmt,
                                           gboolean *has_row, GError **error);
gboolean    loket_store_run_write         (LoketStore *self, sqlite3_stmt *stmt, GError **error);
JsonObject *loket_store_parse_json_object (const char *text);
gboolean    loket_store_invalid           (GError **error, const char *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* ---- change log (loket-store.c) ------------------------------------------------------------- */

gboolean    loket_store_log_change        (LoketStore *self, const char *entity, const char *id,
                                           const char *row_json, const char *at, GError **error);
gboolean    loket_store_log_upsert        (LoketStore *self, const char *entity, const char *id,
                                           const char *at, GError **error);

/* ---- scope (loket-store-scope.c) ------------------------------------------------------------ */

/* What a user may see, from their users row (see the table in loket-store-scope.c). */
typedef struct
{
  char     *user_id;
  char     *location_id;    /* nullable */
  char     *team_id;        /* nullable */
  gboolean  all_locations;  /* their role or team works for every location */
  gboolean  edits_articles; /* a knowledge editor (loket_rules_may_edit_articles) */
  char     *key;            /* stored with a device at its full pull; a change asks a resync */
} LoketStoreScope;

LoketStoreScope *loket_store_scope_for_user (LoketStore *self, const char *user_id,
                                             GError **error);
void             loket_store_scope_free     (LoketStoreScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketStoreScope, loket_store_scope_free)

/* The per-pull filter: caches what it looked up for the rows of one page. */
typedef struct _LoketStoreScopeFilter LoketStoreScopeFilter;

/* full_pull_head: the log head when the device last pulled from 0 (G_MAXINT64 for a pull from
 * 0); a page of that download (since below it) loads every customer the scope sees at once. */
LoketStoreScopeFilter *loket_store_scope_filter_new  (LoketStore *self,
                                                      const LoketStoreScope *scope,
                                                      gint64 since, gint64 full_pull_head,
                                                      GError **error);
void                   loket_store_scope_filter_free (LoketStoreScopeFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketStoreScopeFilter, loket_store_scope_filter_free)
/* Adds what one change log entry (seq, entity, op, row_id, row: the columns of stmt) becomes
 * for this scope to changes: nothing, the change, the change redacted, or a customer riding
 * along and then the change. */
gboolean               loket_store_scope_filter_add  (LoketStoreScopeFilter *filter,
                                                      sqlite3_stmt *entry, JsonArray *changes,
                                                      GError **error);
/* TRUE when the entity has a row in the table of rules (every replicated entity must). */
gboolean               loket_store_scope_knows       (const char *entity);

/* The same rules in SQL, for a snapshot (loket-store-snapshot.c), inside its transaction:
 * begin fills temporary tables of the cases and customers the scope sees, end drops them.
 * prune_sql is the statement (NULL when every row stays as it is) that deletes from table, a
 * copy of every row of entity, what the scope may not see, or redacts it; bind the scope. */
gboolean               loket_store_scope_begin_snapshot (LoketStore *self,
                                                         const LoketStoreScope *scope,
                                                         GError **error);
gboolean               loket_store_scope_end_snapshot   (LoketStore *self, GError **error);
char                  *loket_store_scope_prune_sql      (const char *entity, const char *table);
void                   loket_store_scope_bind           (sqlite3_stmt *stmt,
                                                         const LoketStoreScope *scope);

/* ---- what a device's replica holds (loket-store.c) ------------------------------------------ */

/* Remembers a device's acknowledged cursor and when it was seen (for compaction).  full: the
 * device downloaded everything its user's scope sees up to full_pull_head (a pull from 0, which
 * starts at the head, or a snapshot); its scope, that head and the compaction horizon are kept
 * with the cursor.  NULL: a pull that goes on from cursor. */
gboolean    loket_store_note_pull         (LoketStore *self, const char *device_id,
                                           const LoketStoreScope *full, gint64 full_pull_head,
                                           gint64 cursor, GError **error);

/* ---- outcomes (loket-store-push.c) ---------------------------------------------------------- */

gboolean    loket_store_outcome_set          (LoketStoreOutcome *out, const char *outcome,
                                              const char *code, JsonObject *details,
                                              const char *format, ...) G_GNUC_PRINTF (5, 6);
gboolean    loket_store_outcome_applied      (LoketStoreOutcome *out, JsonObject *details);
gboolean    loket_store_outcome_reject_error (LoketStoreOutcome *out, const GError *error);
const char *loket_store_code_for_error       (const GError *error);

/* ---- mutations (loket-store-mutations.c) ---------------------------------------------------- */

gboolean    loket_store_apply_mutation    (LoketStore *self, const LoketStoreMutation *m,
                                           const char *type, JsonObject *args,
                                           LoketStoreOutcome *out, GError **error);

/* Argument checks: a non-blank string; an optional string (empty counts as absent); a value
 * from a list (NULL passes). */
gboolean    loket_store_required_text     (JsonObject *args, const char *member, const char **out,
                                           GError **error);
gboolean    loket_store_optional_text     (JsonObject *args, const char *member, const char **out,
                                           GError **error);
gboolean    loket_store_one_of            (const char *value, const char *member,
                                           const char *const *allowed, GError **error);
/* Whether text is NULL or only white space. */
gboolean    loket_store_is_blank          (const char *text);
/* Whether sql (one text parameter: key) finds a row. */
gboolean    loket_store_row_exists        (LoketStore *self, const char *sql, const char *key,
                                           gboolean *found, GError **error);
/* Outcome rejected with code and a message (no details). */
gboolean    loket_store_reject            (LoketStoreOutcome *out, const char *code,
                                           const char *message);
/* The survivor of a merged customer; *found FALSE when the id names nobody. */
gboolean    loket_store_resolve_customer  (LoketStore *self, const char *id, char **resolved,
                                           gboolean *found, GError **error);

/* What a new customer is (loket_store_insert_customer): the identity numbers normalised and
 * owned, the rest borrowed. */
typedef struct
{
  const char *id, *kind, *name, *birth_date, *email, *phone, *preferred_channel;
  char       *bsn, *rrn, *kvk, *postcode;
} LoketStoreCustomer;

void        loket_store_customer_clear    (LoketStoreCustomer *c);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketStoreCustomer, loket_store_customer_clear)
/* Inserts and logs a new customer row (kind NULL: person; preferred_channel NULL: email). */
gboolean    loket_store_insert_customer   (LoketStore *self, const LoketStoreCustomer *c,
                                           const char *now, GError **error);

/* A booking as a desk sends it (book_appointment) or the web makes it; borrowed strings. */
typedef struct
{
  const char *id, *product_id, *capacity_id, *customer_id, *start_at, *reason, *mode;
  const char *note, *video_link, *case_id, *event_id;
  JsonArray  *items;     /* the products of a visit, or NULL: one of product_id */
  gint64      start;
} LoketStoreBooking;

/* Inserts and logs an appointment from start until end, made by m's user (NULL for the web) at
 * m's now through channel. */
gboolean    loket_store_insert_appointment (LoketStore *self, const LoketStoreMutation *m,
                                            const LoketStoreBooking *b, const char *customer_id,
                                            const char *case_id, gint64 end,
                                            LoketChannel channel, const char *status,
                                            const char *status_reason, GError **error);
/* The items of a stored appointment row, or NULL when it is one of its product_id. */
JsonArray  *loket_store_stored_items      (JsonObject *appointment);
/* The detail of a "rescheduled" history row: from the existing row's time and capacity to b's. */
JsonObject *loket_store_move_detail       (JsonObject *existing, const LoketStoreBooking *b);

/* ---- the mutation tables -------------------------------------------------------------------- */

typedef gboolean (*LoketStoreApplyFunc) (LoketStore *self, const LoketStoreMutation *m,
                                         JsonObject *args, LoketStoreOutcome *out,
                                         GError **error);

typedef struct
{
  const char          *type;
  LoketStoreApplyFunc  apply;
} LoketStoreMutationRule;

/* NULL-terminated: set_case_field, set_case_status, resolve_case_conflict, add_note
 * (loket-store-cases.c). */
extern const LoketStoreMutationRule loket_store_case_mutations[];
/* NULL-terminated: save_article, submit_article, review_article, save_synonyms, record_search
 * (loket-store-kb.c). */
extern const LoketStoreMutationRule loket_store_kb_mutations[];
/* NULL-terminated: suspend_case, link_cases, add_case_document, add_contact_moment,
 * add_callback, settle_callback, save_representative, merge_customers (loket-store-casework.c,
 * -contacts.c, -merge.c). */
extern const LoketStoreMutationRule loket_store_casework_mutations[];

/* ---- the knowledge base (loket-store-kb.c) ---------------------------------------------------- */

/* One more use of an article (kb_article_usage), logged: a contact it answered. */
gboolean loket_store_kb_count_use (LoketStore *self, const char *article_id, const char *now,
                                   GError **error);
/* The public path of an article from its title: lower case ASCII, diacritics folded, every run
 * of other characters one "-" (the demo makes its slugs with it too).  Never empty. */
char    *loket_store_article_slug (const char *title);

/* ---- agendas (loket-store-agenda.c) --------------------------------------------------------- */

/* NULL-terminated: create_case, appointment_step, add_closure, save/remove_availability_rule. */
extern const LoketStoreMutationRule loket_store_agenda_mutations[];

/* A new case (loket_store_insert_case); borrowed strings. */
typedef struct
{
  const char *id, *case_type_id, *customer_id, *product_id, *subject, *history_id;
} LoketStoreCase;

/* Inserts and logs a case in its type's first status, with its deadline and the definitive
 * reference of the year (*reference), and its first status history row; m's user opened it
 * (NULL: the web) at m's now.  type: the case type's statuses, max_working_days and team_id. */
gboolean loket_store_insert_case (LoketStore *self, const LoketStoreMutation *m,
                                  const LoketStoreCase *c, const char *customer_id,
                                  JsonObject *type, char **reference, GError **error);

/* Appends a row to an appointment's history (at NULL: the mutation's server time); an event_id
 * already stored is a replay and adds nothing.  detail: times and capacities, never personal. */
gboolean loket_store_add_appointment_event (LoketStore *self, const LoketStoreMutation *m,
                                            const char *event_id, const char *appointment_id,
                                            const char *kind, const char *at,
                                            JsonObject *detail, GError **error);

/* ---- the outbox (loket-store-messages.c) ---------------------------------------------------- */

/* Sets one column of ours ("state", "due_at") of a message, logged. */
gboolean loket_store_message_set_column (LoketStore *self, const char *id, const char *column,
                                         const char *value, const char *now, GError **error);
/* loket_store_messages_report inside the caller's transaction. */
gboolean loket_store_message_settle     (LoketStore *self, const char *message_id,
                                         LoketMessageResult result, const char *reason,
                                         const char *provider_id, GDateTime *now,
                                         GError **error);

/* ---- the public web (loket-store-public.c, loket-store-web.c) ------------------------------ */

/* Whether a visit may be booked on the web: 1 to 10 items, each product public and counted
 * within its max_per_booking, all of one product group (*group_id, owned).  NOT_FOUND for an
 * unknown or non-public product, INVALID otherwise. */
gboolean loket_store_web_check_visit   (LoketStore *self, const LoketSlotVisitProduct *products,
                                        guint n_products, char **group_id, GError **error);
/* The location's id, name, address and timezone; NOT_FOUND when there is none. */
gboolean loket_store_web_location      (LoketStore *self, const char *location_id,
                                        JsonObject **location, GError **error);
/* A moment formatted (g_date_time_format) in a zone. */
char    *loket_store_web_local_time    (gint64 moment, GTimeZone *tz, const char *format);
/* Counts the web holds of a capacity that start in [from, until) and are unexpired at now
 * (wire format) in source as web bookings, but not except_hold (a hold's id; NULL: none). */
gboolean loket_store_count_holds       (LoketStore *self, LoketSlotSource *source,
                                        const char *capacity_id, gint64 from, gint64 until,
                                        const char *now, const char *except_hold,
                                        GError **error);

/* loket-store-search.c: the user may see this customer from now on (reason "created" or
 * "searched"); unless just_logged, a customer new to the user is logged again so that it
 * reaches their desks. */
gboolean loket_store_remember_customer (LoketStore *self, const char *user_id,
                                        const char *customer_id, const char *reason,
                                        gboolean just_logged, GError **error);

G_END_DECLS
