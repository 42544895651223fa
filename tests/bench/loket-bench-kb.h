#pragma once

#include "loket-db.h"

G_BEGIN_DECLS

/* Fills the (empty) replica behind db with n_articles generated articles, their usage counts
 * and the synonym groups, in one transaction, the kb_fts triggers live
 * (loket-bench-kb-fill.c). */
gboolean loket_bench_kb_fill (LoketDb *db, guint n_articles, guint seed, GError **error);

G_END_DECLS
