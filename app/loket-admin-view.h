#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer: the agenda configuration a functional administrator keeps, on the desk's replica.
 * Four sections, each a list beside a form: locations (kind, address, opening days,
 * facilities), product groups and products (norm time, handling level, line, public, case
 * type, how many per booking, whether booking asks a reason, the customers' reminders), desks
 * and rooms per location with their availability rules in words, an editor for the rules and
 * the history of every change to them, and the coming closures with the appointments each one
 * covers; a fifth, read-only for everyone, shows the customers' satisfaction per product
 * (loket-admin-satisfaction.h).  Everything reads and
 * writes the replica only, so it works offline, and follows the replica's "changed" signal.
 * A user who is no functional administrator can look at everything and change nothing; the
 * page says so. */
#define LOKET_TYPE_ADMIN_VIEW (loket_admin_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminView, loket_admin_view, LOKET, ADMIN_VIEW, AdwBin)

GtkWidget *loket_admin_view_new           (LoketReplica *replica);
/* Whether the signed-in user may change the configuration (a functional administrator). */
gboolean   loket_admin_view_get_editable  (LoketAdminView *self);
/* Shows a section: "locations", "products", "capacities" or "closures". */
void       loket_admin_view_show_section  (LoketAdminView *self, const char *name);

G_END_DECLS
