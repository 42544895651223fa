#pragma once

#include "loket-replica-slots.h"

G_BEGIN_DECLS

/* What the agenda benchmark asks: a visit at a location (NULL: every location) over n_days. */
typedef struct {
  GDate                 from;
  char                  from_text[16];   /* "YYYY-MM-DD" */
  guint                 n_days;
  const char           *group_id;       /* the visit's product group */
  const char           *location_id;
  const LoketVisitItem *items;
  guint                 n_items;
  gint64                now;            /* Unix seconds */
  guint                 slots_per_visit;
} BenchAsk;

/* The baseline (loket-bench-agenda-sql.c): the same answers as loket_replica_free_times_between
 * (capacity: the index in capacity_ids) and loket_replica_free_days, in one SQL statement. */
GArray *bench_sql_free_times (LoketDb *db, const BenchAsk *ask, GPtrArray *capacity_ids);
GArray *bench_sql_free_days  (LoketDb *db, const BenchAsk *ask);

G_END_DECLS
