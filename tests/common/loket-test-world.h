#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small copy of loket-sync's demo municipality, for tests that download it many times.
 *
 * loket-sync ($LOKET_SYNC_BIN) makes its demo in a new database at db_path and stops; then
 * everything is removed but the agenda of the desk counters (balies) from now to agenda_days
 * ahead, ten open cases (two of a confidential type) with their history and notes, the
 * customers of those appointments and cases, five articles and the holidays of the next two
 * months (no contact moments, callbacks, messages or survey answers), and the rest is logged again with
 * the server's own snapshot code (loket_store_log_snapshot), as if the demo had been that small.  Reference data (locations, counters, opening hours, products, case types,
 * users) stays whole.  A first download of it takes a few milliseconds.
 *
 * Links the server library (sync-server/loket-store.h). */
void loket_test_world_make (const char *db_path, guint agenda_days);

G_END_DECLS
