#pragma once

#include "loket-store.h"

G_BEGIN_DECLS

/* A store of its own for an in-process test: a database in a new temporary directory
 * (dir_template as g_dir_make_tmp takes it; *dir is set to it, for loket_test_remove_tree),
 * with sql run on it (nullable). */
LoketStore *loket_test_store_new  (const char *dir_template, const char *sql, char **dir);
/* Runs sql on the store's database, asserting it works. */
void        loket_test_store_exec (LoketStore *store, const char *sql);

G_END_DECLS
