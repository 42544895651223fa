#pragma once

#include "loket-db.h"
#include "loket-replica.h"

G_BEGIN_DECLS

/* The fixture of the replica tests: a new, empty replica (replica.db) in a new temporary
 * directory loket-NAME-XXXXXX, filled with rows written straight into its tables. */

LoketReplica *loket_test_replica_new  (const char *name);
/* Drops replica (the test's reference) and removes its directory with every file in it. */
void          loket_test_replica_free (LoketReplica *replica);
/* Stores a row of entity (a JSON object) as a pull stores the server's rows: no outbox entry. */
void          loket_test_add_row      (LoketDb *db, const char *entity, const char *json);
/* Applies a pull page (its JSON: cursor, more, changes) as the sync client does. */
void          loket_test_pull         (LoketReplica *replica, const char *page_json);
/* The args of the outbox entry at index (a new reference), which must be of type. */
JsonObject   *loket_test_pending_args (LoketReplica *replica, guint index, const char *type);

G_END_DECLS
