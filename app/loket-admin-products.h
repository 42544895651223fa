#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Products: product groups and their products (norm time, handling level, line,
 * public, case type, most per booking, whether booking asks a reason, the e-mail and SMS
 * reminders the server sends its customers), in one list beside the form of the opened group
 * or product. */
#define LOKET_TYPE_ADMIN_PRODUCTS (loket_admin_products_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminProducts, loket_admin_products, LOKET, ADMIN_PRODUCTS, AdwBin)

GtkWidget *loket_admin_products_new          (LoketReplica *replica);
/* Whether the form takes changes; read-only, everything can still be read. */
void       loket_admin_products_set_editable (LoketAdminProducts *self, gboolean editable);

G_END_DECLS
