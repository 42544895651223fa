#pragma once

#include <gtk/gtk.h>

#include "loket-replica.h"
#include "loket-replica-casework.h"

G_BEGIN_DECLS

/* Who calls a customer back (terugbelnotitie): the clerk, their team, another team (the back
 * office, say) or a colleague by name.  The choices are a list of words for a drop-down and,
 * at the same positions, what each choice sets on a LoketCallbackInput.  Used wherever a
 * callback is made: the contact dialog and New Callback. */

typedef struct _LoketCallbackAssignees LoketCallbackAssignees;

/* Appends the choices to names ("Me", "My team", "Team Vergunningen", "Bas Vermeulen
 * (Vergunningen)", …): me and my team first, then the other teams, then the colleagues. */
LoketCallbackAssignees *loket_callback_assignees_new   (LoketReplica *replica,
                                                        GtkStringList *names);
void                    loket_callback_assignees_free  (LoketCallbackAssignees *self);
/* Sets input's assigned_user_id and assigned_team_id for the choice at position (pointers into
 * self, valid while it lives); FALSE for a position without a choice. */
gboolean                loket_callback_assignees_apply (LoketCallbackAssignees *self,
                                                        guint position,
                                                        LoketCallbackInput *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketCallbackAssignees, loket_callback_assignees_free)

G_END_DECLS
