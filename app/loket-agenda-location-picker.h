#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The agenda's choice of location: a drop-down of the locations on the replica (named
 * "location-dropdown"), starting at the user's own location, else the first one.  It follows
 * the replica: a location that leaves the user's scope is replaced by the default one, which
 * "location-id" notifies. */

#define LOKET_TYPE_AGENDA_LOCATION_PICKER (loket_agenda_location_picker_get_type ())
G_DECLARE_FINAL_TYPE (LoketAgendaLocationPicker, loket_agenda_location_picker, LOKET,
                      AGENDA_LOCATION_PICKER, AdwBin)

void        loket_agenda_location_picker_set_replica     (LoketAgendaLocationPicker *self,
                                                          LoketReplica *replica);
/* NULL while the replica has no locations (before the first sync). */
const char *loket_agenda_location_picker_get_location_id (LoketAgendaLocationPicker *self);
void        loket_agenda_location_picker_set_location_id (LoketAgendaLocationPicker *self,
                                                          const char *location_id);

G_END_DECLS
