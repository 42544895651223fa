#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Desks and Rooms: every location's capacities (name, kind, product group,
 * facilities and languages, in use) in a list beside a form, and below the form the capacity's
 * availability rules and their history (LoketAdminRules). */
#define LOKET_TYPE_ADMIN_CAPACITIES (loket_admin_capacities_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminCapacities, loket_admin_capacities, LOKET, ADMIN_CAPACITIES, AdwBin)

GtkWidget *loket_admin_capacities_new          (LoketReplica *replica);
/* Whether the form takes changes; read-only, everything can still be read. */
void       loket_admin_capacities_set_editable (LoketAdminCapacities *self, gboolean editable);

G_END_DECLS
