#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Case Types: each type of case a desk opens, with its lead time in working days,
 * the team that handles it, whether it is confidential, its statuses in order, what the
 * citizen reads for each status, how long its cases are kept and the intake product, in a
 * list beside a form. */
#define LOKET_TYPE_ADMIN_CASE_TYPES (loket_admin_case_types_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminCaseTypes, loket_admin_case_types, LOKET, ADMIN_CASE_TYPES,
                      AdwBin)

GtkWidget *loket_admin_case_types_new          (LoketReplica *replica);
/* Whether the form takes changes; read-only, everything can still be read. */
void       loket_admin_case_types_set_editable (LoketAdminCaseTypes *self, gboolean editable);

G_END_DECLS
