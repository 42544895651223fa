#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Vandaag: today's appointments at the logged-in user's location, refreshed on every replica
 * change and at midnight. */
#define LOKET_TYPE_TODAY_VIEW (loket_today_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketTodayView, loket_today_view, LOKET, TODAY_VIEW, AdwBin)

GtkWidget  *loket_today_view_new       (LoketReplica *replica);
/* The appointments shown (LoketRecord items); owned by the view. */
GListModel *loket_today_view_get_model (LoketTodayView *self);

G_END_DECLS
