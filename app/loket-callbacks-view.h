#pragma once

#include <adwaita.h>

#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* Terugbelnotities: the open callbacks for me and my team, the overdue first (the norm is one
 * working day), each with whom to call, the number, what about and when it is due, and its
 * outcome buttons: Done, or Not Reached (it stays on the list to try again), each with an
 * optional note.  "New Callback…" notes one for a phone number.  Follows the replica's
 * "changed" signal. */
#define LOKET_TYPE_CALLBACKS_VIEW (loket_callbacks_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketCallbacksView, loket_callbacks_view, LOKET, CALLBACKS_VIEW, AdwBin)

GtkWidget        *loket_callbacks_view_new        (LoketReplica *replica);
/* The callbacks shown (see loket_replica_list_callbacks); owned by the view. */
GListModel       *loket_callbacks_view_get_model  (LoketCallbacksView *self);
/* The dialog a button opened while it is open (the tests answer it), else NULL. */
AdwMessageDialog *loket_callbacks_view_get_dialog (LoketCallbacksView *self);

/* A dialog noting a new callback for customer_id (NULL: a phone number is asked for) with a
 * subject to start from, for me or my team; parent shows the toast after.  Not yet shown. */
AdwMessageDialog *loket_callback_dialog_new       (GtkWidget *parent, LoketReplica *replica,
                                                   const char *customer_id,
                                                   const char *subject);

G_END_DECLS
