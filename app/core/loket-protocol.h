#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The desk ↔ server sync protocol, version 1.  All bodies are JSON (UTF-8).
 *
 * POST /v1/auth/login
 *   {"username", "password", "device_name", "protocol": 1, "schema": 1}
 *   200 {"token", "device_id", "user": {"id", "username", "display_name", "role_id",
 *        "location_id", "team_id"}}
 *   401 {"error": "unauthorized", "message"}
 *
 * POST /v1/sync/push          (Authorization: Bearer TOKEN)
 *   {"protocol": 1, "schema": 1, "mutations": [{"seq", "type", "args": {…}, "client_time"}]}
 *   200 {"last_seq": N, "results": [{"seq", "outcome": "applied"|"rejected"|"conflict",
 *        "code", "message", "details": {…}}]}
 *   The device's sequence numbers rise by exactly one.  The server applies each mutation in its
 *   own transaction together with the device's last_seq; a seq it has applied already gets the
 *   stored outcome again; a gap stops the batch: 409 {"error": "sequence_gap", "expected_seq"}.
 *
 * GET /v1/sync/pull?since=CURSOR&limit=N&protocol=1&schema=1      (Authorization: Bearer TOKEN)
 *   200 {"cursor": C, "more": bool, "head": H, "changes": [{"seq", "entity",
 *        "op": "upsert"|"delete", "id", "row": {…}|null}]}      (H: newest log entry, for progress)
 *
 * Every error: 4xx/5xx {"error": CODE, "message": TEXT}; CODE is one of the LOKET_PROTO_ERR_*.
 *
 * Mutation types and their args:
 *   create_customer    {id, kind, name, bsn?, rrn?, kvk?, birth_date?, email?, phone?, postcode?,
 *                       preferred_channel?}   a known BSN/RRN/KvK is merged: outcome applied,
 *                       code "merged", details {"survivor_id"}.
 *   book_appointment   {id, product_id, capacity_id, customer_id?, start_at, reason?, mode?}
 *                       rejected with code "slot_taken" or "closed" when the slot is not free;
 *                       the booking is then kept with status "rejected".
 *   cancel_appointment {id, reason?}
 */

#define LOKET_PROTOCOL_VERSION 1

#define LOKET_MUTATION_CREATE_CUSTOMER    "create_customer"
#define LOKET_MUTATION_BOOK_APPOINTMENT   "book_appointment"
#define LOKET_MUTATION_CANCEL_APPOINTMENT "cancel_appointment"

#define LOKET_OUTCOME_APPLIED  "applied"
#define LOKET_OUTCOME_REJECTED "rejected"
#define LOKET_OUTCOME_CONFLICT "conflict"

#define LOKET_PROTO_ERR_BAD_REQUEST  "bad_request"   /* malformed JSON, missing/mistyped member */
#define LOKET_PROTO_ERR_TOO_LARGE    "too_large"     /* body or parameter over its limit */
#define LOKET_PROTO_ERR_NOT_FOUND    "not_found"     /* unknown path or id */
#define LOKET_PROTO_ERR_UNAUTHORIZED "unauthorized"  /* login failed, token missing or revoked */
#define LOKET_PROTO_ERR_INCOMPATIBLE "incompatible"  /* protocol/schema version: update Loket */
#define LOKET_PROTO_ERR_SEQUENCE_GAP "sequence_gap"
#define LOKET_PROTO_ERR_INTERNAL     "internal"

/* Outcome codes of a single mutation. */
#define LOKET_CODE_MERGED     "merged"
#define LOKET_CODE_SLOT_TAKEN "slot_taken"
#define LOKET_CODE_CLOSED     "closed"
#define LOKET_CODE_INVALID    "invalid"
#define LOKET_CODE_NOT_FOUND  "not_found"

/* A sentence in the desk's language for a reason that is an outcome code (a rejected
 * appointment's status_reason, a sync issue's code); any other text is returned as it is. */
const char *loket_protocol_describe_reason (const char *reason);

/* Limits both sides keep. */
#define LOKET_MAX_BODY_BYTES      (1024 * 1024)
#define LOKET_MAX_PUSH_MUTATIONS  200
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
