#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Locations: each location's name, kind, address, the days it opens (Monday first)
 * and its facilities (wheelchair access, video room, hearing loop), in a list beside a form. */
#define LOKET_TYPE_ADMIN_LOCATIONS (loket_admin_locations_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminLocations, loket_admin_locations, LOKET, ADMIN_LOCATIONS, AdwBin)

GtkWidget *loket_admin_locations_new          (LoketReplica *replica);
/* Whether the form takes changes; read-only, everything can still be read. */
void       loket_admin_locations_set_editable (LoketAdminLocations *self, gboolean editable);

G_END_DECLS
