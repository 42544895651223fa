#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The desk ↔ server sync protocol, version 1.  All bodies are JSON (UTF-8).
 *
 * POST /v1/auth/login
 *   {"username", "password", "device_name", "previous_device_id"?, "protocol": 1, "schema": 2}
 *   previous_device_id: the device this replica synced as before (same server), so that a desk
 *   signing in again goes on from its cursor; only a device of the same user counts.
 *   200 {"token", "device_id", "user": {"id", "username", "display_name", "role_id",
 *        "location_id", "team_id"}}
 *   401 {"error": "unauthorized", "message"}
 *
 * POST /v1/sync/push          (Authorization: Bearer TOKEN)
 *   {"protocol": 1, "schema": 2, "mutations": [{"seq", "type", "args": {…}, "client_time"}]}
 *   200 {"last_seq": N, "results": [{"seq", "outcome": "applied"|"rejected"|"conflict",
 *        "code", "message", "details": {…}}]}
 *   The device's sequence numbers rise by exactly one.  The server applies a batch in one
 *   transaction with a savepoint per mutation (its effect, outcome and the device's last_seq
 *   together; a refused one rolls back alone) and answers only after the commit; a seq it has
 *   applied already gets the stored outcome again; a gap stops the batch: 409
 *   {"error": "sequence_gap", "expected_seq"}.
 *
 * GET /v1/sync/pull?since=CURSOR&limit=N&protocol=1&schema=2      (Authorization: Bearer TOKEN)
 *   200 {"cursor": C, "more": bool, "head": H, "changes": [{"seq", "entity",
 *        "op": "upsert"|"delete", "id", "row": {…}|null}]}      (H: newest log entry, for progress)
 *   Only what the device's user may see (sync-server/loket-store-scope.c): confidential cases
 *   only to their team, customers only where linked to something the user sees, appointments
 *   outside the user's scope redacted (customer_id, case_id null; reason, status_reason "").
 *   A customer may come along before an appointment or case that names them (same seq).
 *   C is the last log entry looked at, so it moves past entries that were left out.
 *   410 {"error": "resync_required", "message", "reason": "scope_changed"|"cursor_compacted"}
 *   The desk cannot go on from since: its user's scope changed since its last pull from 0, or
 *   the change log was compacted past since.  The desk deletes its replicated rows (keeping
 *   its outbox and sync issues), pulls from 0 and replays its outbox on top.
 *
 * GET /v1/customers?q=QUERY       (Authorization: Bearer TOKEN)
 *   Staff search on the server for a customer the desk does not have: q is a BSN or
 *   rijksregisternummer (exact), or the start of a name and a birth date ("Jansen 1980-02-29"),
 *   at least 3 characters.  200 {"customers": [{customer row}…]} (at most 20); each one found is
 *   from then on sent to the user's desks like the customers they see.  400 bad_request with a
 *   sentence for a query that is too short or does not fit; 401 without a valid token.
 *
 * GET /v1/sync/live?protocol=P&schema=S        (Authorization: Bearer TOKEN; WebSocket upgrade)
 *   The live channel.  Refused like a pull (401, 409 incompatible), and 400 for a request that
 *   is no WebSocket handshake; otherwise 101.  The server then sends text messages {"head": H}
 *   (H: the newest change log seq): one at once, and one whenever the log has grown.  A desk
 *   whose cursor is behind H pulls.  The desk sends nothing; both sides ping to notice a dead
 *   peer.  The server closes with 1001 when it stops and 1008 when the token was revoked.
 *   Without the channel a desk polls (exponential backoff with jitter) and reopens it after its
 *   next successful sync.
 *
 * Every error: 4xx/5xx {"error": CODE, "message": TEXT}; CODE is one of the LOKET_PROTO_ERR_*.
 *
 * Mutation types and their args:
 *   create_customer    {id, kind, name, bsn?, rrn?, kvk?, birth_date?, email?, phone?, postcode?,
 *                       preferred_channel?}   a known BSN/RRN/KvK is merged: outcome applied,
 *                       code "merged", details {"survivor_id"}.
 *   book_appointment   {id, product_id, capacity_id, customer_id?, start_at, reason?, mode?,
 *                       items?, note?, video_link?, case_id?, event_id?}
 *                       rejected with code "slot_taken" or "closed" when the slot is not free;
 *                       the booking is then kept with status "rejected".  items: the products
 *                       of a visit [{product_id, count}] (the first is product_id); the visit
 *                       takes the sum of their norm times.  case_id links a case (create_case
 *                       sent before it).  event_id names its "booked" history row.
 *   cancel_appointment {id, reason?, event_id?}
 *   reschedule_appointment {id, start_at, capacity_id?, event_id?}
 *                       moves a booked (or rejected) booking, checked like a booking but leaving
 *                       itself out; a rejected booking that gets a free slot is booked again.
 *                       Rejected "slot_taken"/"closed" (details {"appointment_id"}) keeps the
 *                       old time; "invalid" when it was cancelled or has taken place.
 *   set_case_field     {case_id, field, base_rev, value}   field is subject | assignee_id |
 *                       team_id; value a string (null clears assignee_id/team_id).  Applied when
 *                       the field has not changed since base_rev (the case rev the desk saw), or
 *                       only by this device's own earlier edits: rev + 1, details {"case_id",
 *                       "field", "rev"}.  Otherwise, unless the value is the same, nothing is
 *                       overwritten: outcome conflict, code "field_conflict", details
 *                       {"conflict_id"}; a case_conflicts row holds both values.
 *   set_case_status    {case_id, status, base_rev, history_id}   like a field ("status"), and
 *                       only forward in the case type's list of statuses or one step back, else
 *                       rejected "invalid".  Appends case_status_history row history_id (a
 *                       replay of that id is applied once); the last status closes the case.
 *   resolve_case_conflict {conflict_id, value}   applies the chosen value as a new edit of the
 *                       field and marks the conflict resolved; an already resolved one: applied.
 *   add_note           {id, case_id?, customer_id?, body}   append-only, at least one target;
 *                       the same id again is applied once; an unknown target: "not_found".
 *   add_contact_moment {id, customer_id?, channel, topic?, product_id?, article_id?,
 *                       resolved_first_contact? (bool, default false), case_id?,
 *                       referred_to?}   append-only like add_note; channel is balie | telefoon
 *                       | email | post | chat | web; referred_to: free text (≤ 200 chars), whom
 *                       the customer was sent to.  An unknown case: "not_found".
 *   create_case        {id, case_type_id, customer_id?, product_id?, subject?, history_id,
 *                       reference?, contact_moment_id?, appointment_id?}   opens a case in its
 *                       type's first
 *                       status, its deadline after the type's maximum working days; the server
 *                       gives the definitive reference (the desk's is provisional), details
 *                       {"case_id", "reference"}.  The same id again is applied once.
 *                       contact_moment_id: the contact the case came from gets case_id (when it
 *                       has none yet; a contact moment unknown to the server is left alone).
 *                       appointment_id: likewise the appointment the case came from.
 *   suspend_case       {id, case_id, kind, reason?}   kind suspend | resume: appends
 *                       case_suspensions row id (a replay is applied once).  suspend sets the
 *                       case's suspended_since (server time), resume clears it and moves the
 *                       case's deadline by the working days it waited (loket_deadline_compute
 *                       over all its periods); rev + 1 either way.  Suspending a suspended or
 *                       closed case, or resuming one that does not wait: rejected "invalid".
 *   link_cases         {id, case_id, linked_case_id, kind}   kind intake | related | bundle;
 *                       the same pair (either way round) with the same kind already linked:
 *                       applied, nothing new.  A case linked to itself: "invalid".
 *   add_case_document  {id, case_id, title, location}   metadata and where the document lives
 *                       (a path or URL, ≤ 2000 chars), never the file; append-only.
 *   add_callback       {id, customer_id?, contact_moment_id?, phone?, subject,
 *                       assigned_user_id?, assigned_team_id?, due_at?}   a terugbelnotitie: at
 *                       least one assignee and a customer or a phone number, else "invalid";
 *                       due_at defaults to the end of the next working day (the 1-working-day
 *                       norm, loket_deadline_callback_due).
 *   settle_callback    {id, outcome, note?}   outcome done | not_reached on callback id.  On an
 *                       open or not-reached callback: recorded (outcome_at, outcome_by: the
 *                       server's).  On one already done: outcome conflict, code
 *                       "callback_done", details {"outcome", "outcome_by", "outcome_at"}; the
 *                       note is appended to outcome_note with who and when (nothing is lost).
 *   save_representative {id, organisation_id, person_id, role?}   who acts for an organisation
 *                       (kind organisation; the person kind person).  The pair known already:
 *                       applied, its role set, details {"representative_id"} of the row kept.
 *   merge_customers    {alias_id, survivor_id}   by hand: team leaders, coordinators and
 *                       functional administrators (else "forbidden").  Every appointment, case,
 *                       note, contact moment, callback and representative of the alias moves
 *                       to the survivor, the alias becomes a customer_aliases row and its
 *                       customer row a tombstone; details {"survivor_id"}.  Merged before:
 *                       applied.  A customer merged into itself: "invalid".
 *   appointment_step   {id, step, event_id, at, desk?}   step: check_in | call | start |
 *                       finish | no_show (loket_rules_judge_step): a step the visit has passed
 *                       already is applied without change (two desks checked the same customer
 *                       in); one out of order is rejected "invalid".  at is the desk's clock,
 *                       kept for the waiting and handling times (never later than the
 *                       server's now).
 *   add_closure        {id, location_id?, capacity_id?, from_date, until_date, kind?, reason?}
 *                       team leaders, coordinators and functional administrators only (else
 *                       rejected "forbidden").  The appointments it covers stay until moved.
 *   save_availability_rule {id, capacity_id, weekdays, every_weeks, anchor_date?, valid_from,
 *                       valid_until, start_time, end_time, slot_minutes, places,
 *                       public_places, opens_days, closes_days, min_notice_minutes,
 *                       history_id}   functional administrators only; rejected "invalid" with
 *                       a sentence when it overlaps another rule of its capacity.  Each save
 *                       and removal appends availability_rule_history row history_id.
 *   remove_availability_rule {id, history_id}
 *   save_config        {entity, row}   entity: product_groups | products | capacities |
 *                       locations | case_types; row: its id and the columns to set
 *                       (loket_rules_check_config); a new id creates the row.  Functional
 *                       administrators only.  case_types {name, max_working_days (1–250),
 *                       statuses (JSON array text, 2+ distinct names), public_statuses (JSON
 *                       object text: status → non-blank wording, only its statuses), team_id,
 *                       confidential, retention_years (1–100), retention_action (bewaren |
 *                       vernietigen), intake_product_id}; rejected "invalid" when new
 *                       statuses leave out one that open cases of the type are in.
 *   Knowledge base (four eyes; editors are the roles redacteur and beheerder, see
 *   loket_rules_may_edit_articles; anyone else is rejected "forbidden"):
 *   save_article       {id, revision_id, base_rev, kind, title, public_body, internal_body,
 *                       product_id?, product_group_id?, owner_id?, review_date?, related?}
 *                       saves a draft: revision_id (client-made) names the draft, a
 *                       kb_article_revisions row in state draft, author the user, based on the
 *                       article's rev base_rev (0 for a new article).  A new article id also
 *                       makes its kb_articles row: status draft, rev 0, the draft's title and
 *                       kind, nothing public.  Saving an existing draft again updates it (its
 *                       author only; a submitted or rejected draft goes back to draft).  A draft
 *                       that was published or lost meanwhile is never changed: the text is kept
 *                       as a new draft (details {"revision_id"} names it, applied).
 *                       review_date "YYYY-MM-DD"; related: an array of article ids.
 *   submit_article     {revision_id}   the author asks for review: draft|rejected → submitted.
 *   review_article     {revision_id, decision: "approve"|"reject", note?}   an editor other
 *                       than the author (else rejected "forbidden": no one publishes their own
 *                       text); only a submitted draft.  reject needs a note: state rejected.
 *                       approve publishes: when base_rev is the article's rev, the article
 *                       takes the draft's text and facts at rev + 1 (status published,
 *                       published_at/by, a slug at its first publication) and the revision
 *                       becomes state published with that rev; else nothing is overwritten: the
 *                       revision becomes state conflict (conflict = 1, rev = the article's),
 *                       outcome conflict, code "article_conflict", details {"revision_id"}.
 *   save_synonyms      {id, terms}   terms: an array of words or phrases meaning the same;
 *                       fewer than two removes the group.  Editors only.
 *   record_search      {query, hits}   a search a desk made in the knowledge base and how many
 *                       articles it found: kb_search_stats counts it.  Queries that look like
 *                       personal data (five or more digits, an "@") are not kept (applied).
 *   add_contact_moment with an article_id also counts one use of the article (kb_article_usage).
 * Desks may add members for their own local effect (end_at, created_at, at, author_id, …); the
 * server ignores them: server time and the logged-in user decide.  When a change to an existing
 * row is rejected or conflicts, the server logs that row again, so the desk's local effect is
 * replaced by the server's copy on its next pull (a desk handles its push results before it
 * pulls past them).
 */

#define LOKET_PROTOCOL_VERSION 1

#define LOKET_MUTATION_CREATE_CUSTOMER    "create_customer"
#define LOKET_MUTATION_BOOK_APPOINTMENT   "book_appointment"
#define LOKET_MUTATION_CANCEL_APPOINTMENT "cancel_appointment"
#define LOKET_MUTATION_RESCHEDULE_APPOINTMENT "reschedule_appointment"
#define LOKET_MUTATION_SET_CASE_FIELD         "set_case_field"
#define LOKET_MUTATION_SET_CASE_STATUS        "set_case_status"
#define LOKET_MUTATION_RESOLVE_CASE_CONFLICT  "resolve_case_conflict"
#define LOKET_MUTATION_ADD_NOTE               "add_note"
#define LOKET_MUTATION_ADD_CONTACT_MOMENT     "add_contact_moment"
#define LOKET_MUTATION_SAVE_ARTICLE           "save_article"
#define LOKET_MUTATION_CREATE_CASE            "create_case"
#define LOKET_MUTATION_APPOINTMENT_STEP       "appointment_step"
#define LOKET_MUTATION_ADD_CLOSURE            "add_closure"
#define LOKET_MUTATION_SAVE_RULE              "save_availability_rule"
#define LOKET_MUTATION_REMOVE_RULE            "remove_availability_rule"
#define LOKET_MUTATION_SAVE_CONFIG            "save_config"
#define LOKET_MUTATION_SUSPEND_CASE           "suspend_case"
#define LOKET_MUTATION_LINK_CASES             "link_cases"
#define LOKET_MUTATION_ADD_CASE_DOCUMENT      "add_case_document"
#define LOKET_MUTATION_ADD_CALLBACK           "add_callback"
#define LOKET_MUTATION_SETTLE_CALLBACK        "settle_callback"
#define LOKET_MUTATION_SAVE_REPRESENTATIVE    "save_representative"
#define LOKET_MUTATION_MERGE_CUSTOMERS        "merge_customers"
#define LOKET_MUTATION_SUBMIT_ARTICLE         "submit_article"
#define LOKET_MUTATION_REVIEW_ARTICLE         "review_article"
#define LOKET_MUTATION_SAVE_SYNONYMS          "save_synonyms"
#define LOKET_MUTATION_RECORD_SEARCH          "record_search"

#define LOKET_OUTCOME_APPLIED  "applied"
#define LOKET_OUTCOME_REJECTED "rejected"
#define LOKET_OUTCOME_CONFLICT "conflict"

#define LOKET_PROTO_ERR_BAD_REQUEST  "bad_request"   /* malformed JSON, missing/mistyped member */
#define LOKET_PROTO_ERR_TOO_LARGE    "too_large"     /* body or parameter over its limit */
#define LOKET_PROTO_ERR_NOT_FOUND    "not_found"     /* unknown path or id */
#define LOKET_PROTO_ERR_UNAUTHORIZED "unauthorized"  /* login failed, token missing or revoked */
#define LOKET_PROTO_ERR_INCOMPATIBLE "incompatible"  /* protocol/schema version: update Loket */
#define LOKET_PROTO_ERR_SEQUENCE_GAP "sequence_gap"
#define LOKET_PROTO_ERR_RESYNC_REQUIRED "resync_required"  /* 410: pull again from 0 */
#define LOKET_PROTO_ERR_INTERNAL     "internal"

/* Outcome codes of a single mutation. */
#define LOKET_CODE_MERGED     "merged"
#define LOKET_CODE_SLOT_TAKEN "slot_taken"
#define LOKET_CODE_CLOSED     "closed"
#define LOKET_CODE_INVALID    "invalid"
#define LOKET_CODE_NOT_FOUND  "not_found"
#define LOKET_CODE_FORBIDDEN  "forbidden"
#define LOKET_CODE_FIELD_CONFLICT   "field_conflict"
#define LOKET_CODE_ARTICLE_CONFLICT "article_conflict"
#define LOKET_CODE_CALLBACK_DONE    "callback_done"

/* Reasons of a resync_required answer. */
#define LOKET_CODE_SCOPE_CHANGED    "scope_changed"
#define LOKET_CODE_CURSOR_COMPACTED "cursor_compacted"

/* A sentence in the desk's language for a reason that is an outcome code (a rejected
 * appointment's status_reason, a sync issue's code) or the reason of a resync; any other text
 * is returned as it is. */
const char *loket_protocol_describe_reason (const char *reason);

/* Limits both sides keep. */
#define LOKET_MAX_BODY_BYTES      (1024 * 1024)
#define LOKET_MAX_PUSH_MUTATIONS  200

/* GET LOKET_SNAPSHOT_PATH?protocol=&schema=: a first download as one SQLite file of the
 * replica's schema (LOKET_SNAPSHOT_CONTENT_TYPE), holding the change log up to the head in the
 * LOKET_SNAPSHOT_CURSOR_HEADER response header; the desk pulls on from there. */
#define LOKET_SNAPSHOT_PATH          "/v1/sync/snapshot"
#define LOKET_SNAPSHOT_CURSOR_HEADER "Loket-Cursor"
#define LOKET_SNAPSHOT_CONTENT_TYPE  "application/vnd.sqlite3"
#define LOKET_MAX_PULL_LIMIT      1000
#define LOKET_DEFAULT_PULL_LIMIT  500

/* Time stamps on the wire: UTC, "2026-11-23T08:30:00Z". */
char    *loket_protocol_format_time (gint64 unix_seconds);
gboolean loket_protocol_parse_time  (const char *text, gint64 *unix_seconds);
char    *loket_protocol_now         (void);

/* Checked member access: FALSE with a LOKET_ERROR_INVALID error naming the member when it is
 * missing or has another type.  Optional variants accept a missing member or null. */
gboolean loket_protocol_get_string  (JsonObject *object, const char *member, const char **out,
                                     GError **error);
gboolean loket_protocol_get_int     (JsonObject *object, const char *member, gint64 *out,
                                     GError **error);
gboolean loket_protocol_get_object  (JsonObject *object, const char *member, JsonObject **out,
                                     GError **error);
gboolean loket_protocol_get_array   (JsonObject *object, const char *member, JsonArray **out,
                                     GError **error);
gboolean loket_protocol_opt_string  (JsonObject *object, const char *member, const char **out,
                                     GError **error);
/* Parses a whole body into an object, or fails with LOKET_ERROR_INVALID. */
JsonObject *loket_protocol_parse_object (const char *data, gsize length, GError **error);
char    *loket_protocol_to_string   (JsonObject *object);

G_END_DECLS
