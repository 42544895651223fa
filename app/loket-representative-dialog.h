#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Adding a representative to an organisation (from its customer card): the clerk finds the
 * person on this desk, types the role they act in ("secretaris", optional) and adds them with
 * Enter in the role, Ctrl+Enter or Add; loket_replica_save_representative records it (the same
 * person again only changes the role).  Only persons are offered; what the replica refuses is
 * shown in its words and nothing is lost.  The dialog closes once the representative is saved. */
#define LOKET_TYPE_REPRESENTATIVE_DIALOG (loket_representative_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketRepresentativeDialog, loket_representative_dialog, LOKET,
                      REPRESENTATIVE_DIALOG, AdwWindow)

/* Signal "added" (const char *person_id): the representative was saved; the dialog closes. */
GtkWidget  *loket_representative_dialog_new         (LoketReplica *replica,
                                                     const char   *organisation_id,
                                                     GtkWindow    *parent);
/* The persons found (LoketRecord customers). */
GListModel *loket_representative_dialog_get_results (LoketRepresentativeDialog *self);
/* The person chosen in the results, or NULL. */
const char *loket_representative_dialog_get_person_id (LoketRepresentativeDialog *self);

G_END_DECLS
