#pragma once

#include "loket-replica.h"
#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* The cases benchmark (loket-bench-cases.c): what it generates and the two files it asks. */
typedef struct {
  guint         n_customers;
  guint         n_cases;
  guint         n_contacts;
  guint         n_appointments;
  guint         n_notes;
  guint         n_callbacks;
  int           seed;
  gboolean      fts_after;      /* fill cases_fts after the cases, not by its trigger */
  char         *path;           /* the replica, with the indexes and cases_fts of schema v5 */
  char         *baseline_path;  /* its copy without them */
} BenchCases;

/* The people a question is about, found in the replica file (so a kept file can be asked
 * again): the signed-in user, the customers with the most rows, a sample of the others. */
typedef struct {
  char      *user_id;
  char      *team_id;
  GPtrArray *heavy;     /* customer ids */
  GPtrArray *ordinary;  /* customer ids */
} BenchPeople;

void bench_people_clear (BenchPeople *people);

/* Fills a new replica at b->path in one transaction and signs its benchmark user in
 * (loket-bench-cases-fill.c); prints what it made and how long each part took. */
void bench_cases_fill (BenchCases *b);
void bench_cases_find_people (LoketReplica *replica, guint n_ordinary, BenchPeople *people);

/* The baseline (loket-bench-cases-sql.c): a copy of the replica without the v5 indexes of the
 * tables asked and without cases_fts, and the questions of the API in SQL of the same shape.
 * Each answer is the rows as LoketRecords, as the API's are. */
void        bench_baseline_make     (BenchCases *b);
GListModel *bench_baseline_list     (LoketReplica *baseline, LoketCaseList list,
                                     const char *search, const LoketCaseFilter *filter,
                                     guint limit, gint64 now);
void        bench_baseline_count    (LoketReplica *baseline, gint64 now,
                                     guint counts[LOKET_CASE_LIST_N]);
GListModel *bench_baseline_timeline (LoketReplica *baseline, const char *customer_id,
                                     guint limit);
LoketRecord *bench_baseline_customer (LoketReplica *baseline, const char *customer_id);

G_END_DECLS
