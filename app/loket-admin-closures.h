#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Closures: the national holidays and the closures from today on, by location, each
 * with how many booked appointments it covers; "Close an Agenda…" opens LoketClosureDialog. */
#define LOKET_TYPE_ADMIN_CLOSURES (loket_admin_closures_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminClosures, loket_admin_closures, LOKET, ADMIN_CLOSURES, AdwBin)

GtkWidget *loket_admin_closures_new          (LoketReplica *replica);
/* Whether the form takes changes; read-only, everything can still be read. */
void       loket_admin_closures_set_editable (LoketAdminClosures *self, gboolean editable);

G_END_DECLS
