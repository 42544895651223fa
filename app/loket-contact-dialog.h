#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Registering a customer contact (klantcontact) in a few keystrokes: the channel, the customer
 * (found, new, or anonymous), the question's topic and product, the knowledge article that
 * answered it, whether it was answered in this contact, whom the customer was referred to, and
 * what follows: nothing, a case (of the product's case type unless the clerk picks another),
 * the cases of a life event (verhuizen: the move and what comes with it, for the customer
 * entered once), or a callback for the clerk or their team within the 1-working-day norm.  Everything goes into
 * the replica, so it works offline; the case and the callback name the contact they came from.
 *
 * Ctrl+Enter registers, Escape cancels.  "registered" (contact_id, case_id or NULL) fires once
 * the contact is registered, just before the dialog closes. */

#define LOKET_TYPE_CONTACT_DIALOG (loket_contact_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketContactDialog, loket_contact_dialog, LOKET, CONTACT_DIALOG, AdwWindow)

/* channel: balie | telefoon | email | post | chat | web, the one offered first (NULL: balie). */
GtkWidget  *loket_contact_dialog_new             (LoketReplica *replica, const char *channel);
/* Chooses a known customer without a search (from a customer card, say). */
void        loket_contact_dialog_choose_customer (LoketContactDialog *self, const char *id,
                                                  const char *name);
/* Selects a product by id (NULL: none); its case type becomes the one offered for a case. */
gboolean    loket_contact_dialog_select_product  (LoketContactDialog *self,
                                                  const char *product_id);
/* The channel chosen now: balie | telefoon | email | post | chat | web. */
const char *loket_contact_dialog_get_channel     (LoketContactDialog *self);
/* The knowledge article chosen as the one that answered the question (Alt+K: the knowledge-base
 * search in choose mode), or NULL. */
const char *loket_contact_dialog_get_article_id  (LoketContactDialog *self);
/* The contact and the case this dialog registered, NULL before. */
const char *loket_contact_dialog_get_contact_id  (LoketContactDialog *self);
const char *loket_contact_dialog_get_case_id     (LoketContactDialog *self);

G_END_DECLS
