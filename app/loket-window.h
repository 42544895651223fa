#pragma once

#include <adwaita.h>

#include "loket-replica.h"
#include "loket-sync-client.h"

G_BEGIN_DECLS

/* The main desk window: a sidebar of pages (Today, Agenda, Cases, Customers, Knowledge Base,
 * Conflicts) and the sync state in the header bar. */
#define LOKET_TYPE_WINDOW (loket_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketWindow, loket_window, LOKET, WINDOW, AdwApplicationWindow)

/* app may be NULL (tests). */
LoketWindow *loket_window_new        (AdwApplication  *app,
                                      LoketReplica    *replica,
                                      LoketSyncClient *client);
GtkWidget   *loket_window_get_agenda (LoketWindow *self);
/* "today", "agenda", "cases", "customers", "articles" or "inbox". */
void         loket_window_show_page  (LoketWindow *self,
                                      const char  *name);
const char  *loket_window_get_page   (LoketWindow *self);
/* TRUE after the server refused this desk's login (e.g. an administrator revoked the device):
 * the window keeps working on the replica and offers win.sign-in. */
gboolean     loket_window_is_signed_out      (LoketWindow *self);
/* The connect dialog win.sign-in opened, while it is open; else NULL. */
GtkWindow   *loket_window_get_sign_in_dialog (LoketWindow *self);

G_END_DECLS
