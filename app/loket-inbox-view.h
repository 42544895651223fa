#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Conflicts: the desk's inbox of changes the server refused or found in conflict, newest first,
 * each with who, what and when and the actions that settle it: a refused booking with its
 * nearest free alternatives (one press books it again) or another time in the booking dialog; a
 * case field conflict with both values side by side to keep one; an article conflict to keep
 * both versions; anything else to dismiss.  Every action is an ordinary replica write, so it
 * works offline and reaches the other desks with the next sync. */
#define LOKET_TYPE_INBOX_VIEW (loket_inbox_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketInboxView, loket_inbox_view, LOKET, INBOX_VIEW, AdwBin)

GtkWidget  *loket_inbox_view_new       (LoketReplica *replica);
/* The items shown (LoketRecord, see loket_replica_list_inbox); owned by the view. */
GListModel *loket_inbox_view_get_model (LoketInboxView *self);

G_END_DECLS
