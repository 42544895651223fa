#pragma once

#include "loket-db.h"

G_BEGIN_DECLS

/* Password of every demo account. Demo accounts exist only in a database loaded with --demo. */
#define LOKET_DEMO_PASSWORD "demo"

/* Fills an empty server database with a realistic Dutch municipality (locations, products,
 * capacities, opening hours, customers, appointments, cases, knowledge articles, users for each
 * role) around the local date of now.  Writes the domain tables and user_secrets in one
 * transaction; does not write the change log (the store logs a snapshot afterwards). Fails
 * without changing anything when the database already holds data. */
gboolean loket_demo_load (LoketDb *db, GDateTime *now, GError **error);

G_END_DECLS
