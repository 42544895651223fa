#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The desk application: parses --server/--user/--replica, opens the local replica, runs the
 * first-run connect dialog or the main window, and owns the sync client. */
#define LOKET_TYPE_APPLICATION (loket_application_get_type ())
G_DECLARE_FINAL_TYPE (LoketApplication, loket_application, LOKET, APPLICATION, AdwApplication)

LoketApplication *loket_application_new (void);

G_END_DECLS
