#pragma once

#include <adwaita.h>

#include "loket-sync-client.h"

G_BEGIN_DECLS

/* First run: asks for the server address, user name and password, logs in and downloads the
 * replica with visible progress. Emits "connected" once the first sync has finished; errors
 * are shown inline and keep everything typed. */
#define LOKET_TYPE_CONNECT_DIALOG (loket_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketConnectDialog, loket_connect_dialog, LOKET, CONNECT_DIALOG, AdwWindow)

/* server_url and username prefill the form (NULL: the default address, an empty name). */
LoketConnectDialog *loket_connect_dialog_new       (LoketSyncClient *client,
                                                    const char      *server_url,
                                                    const char      *username);
LoketSyncClient    *loket_connect_dialog_get_client (LoketConnectDialog *self);
/* Shows a failure from an earlier attempt (e.g. a login without the dialog) as the inline error. */
void                loket_connect_dialog_show_error (LoketConnectDialog *self,
                                                     const GError       *error);

G_END_DECLS
