#pragma once

#include "loket-store.h"

G_BEGIN_DECLS

/* A store of its own for an in-process test: a database in a new temporary directory
 * (dir_template as g_dir_make_tmp takes it; *dir is set to it, for loket_test_remove_tree),
 * with sql run on it (nullable). */
LoketStore *loket_test_store_new  (const char *dir_template, const char *sql, char **dir);
/* Runs sql on the store's database, asserting it works. */
void        loket_test_store_exec (LoketStore *store, const char *sql);
/* Applies one mutation (args: JSON text) of the device's user as a push does, in a transaction
 * of its own, but at the server time now (wire format) and without the device's sequence and
 * stored outcome: for rules that depend on the day.  Returns {"outcome", "code", "message",
 * "details"} (details null when there are none). */
JsonObject *loket_test_store_apply (LoketStore *store, const char *device_id, const char *now,
                                    const char *type, const char *args);
/* Fails the test, with the server's message, unless result has this outcome and code. */
void        loket_test_check_result (JsonObject *result, const char *outcome, const char *code);

G_END_DECLS
