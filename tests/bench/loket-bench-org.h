/* loket-bench-org.h — a generated municipality of realistic size for the sync benchmark.
 *
 * At scale 1.0: 100,000 appointments, 20,000 cases (with their status history), 50,000 notes
 * and 50,000 contact moments, 2,000 knowledge articles, 20,000 customers, and the locations,
 * capacities, opening hours, holidays and users they need.  Everything is written straight
 * into a fresh server database in one transaction, and then the change log gets a snapshot of
 * every row, as if the organisation had always been synced.
 *
 * Deterministic for a seed: row ids come from the same GRand as everything else.  Dates are
 * relative to the local date of now, so the agenda always has a past and a future; the future
 * keeps the desk and web shares of every slot (the push benchmark books into it).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Password of every generated account. */
#define LOKET_BENCH_PASSWORD "bench"
/* The broadest account (functioneel beheerder at the Stadhuis): the initial pull's desk. */
#define LOKET_BENCH_ADMIN_USER "beheer"
/* A clerk at the Stadhuis, team Burgerzaken: the desk that works a day offline. */
#define LOKET_BENCH_DESK_USER "balie"

typedef struct {
  double  scale;  /* 1.0 is the size above; counts scale linearly (at least one of each) */
  guint32 seed;
} LoketBenchOrgOptions;

/* Fills the empty server database at db_path and logs a snapshot of every row. */
gboolean loket_bench_org_generate (const char *db_path, const LoketBenchOrgOptions *options,
                                   GDateTime *now, GError **error);

G_END_DECLS
