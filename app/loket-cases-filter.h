#pragma once

#include <adwaita.h>

#include "loket-replica.h"
#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* The filters above the Cases page's lists: a case type and a product, each "all" at first.
 * Both drop-downs can be searched by typing.  "changed" when the clerk picks another one. */
#define LOKET_TYPE_CASES_FILTER (loket_cases_filter_get_type ())
G_DECLARE_FINAL_TYPE (LoketCasesFilter, loket_cases_filter, LOKET, CASES_FILTER, GtkBox)

GtkWidget *loket_cases_filter_new    (LoketReplica *replica);
/* Fills filter with the chosen ids (NULL for "all"), valid until the next change. */
void       loket_cases_filter_get    (LoketCasesFilter *self, LoketCaseFilter *filter);
/* Whether anything but "all" is chosen. */
gboolean   loket_cases_filter_is_set (LoketCasesFilter *self);
/* Back to all types and all products. */
void       loket_cases_filter_clear  (LoketCasesFilter *self);
/* Reads the case types and products again (after a sync), keeping what was chosen. */
void       loket_cases_filter_reload (LoketCasesFilter *self);

G_END_DECLS
