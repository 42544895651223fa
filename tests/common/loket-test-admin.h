#pragma once

#include <json-glib/json-glib.h>

#include "loket-db.h"

G_BEGIN_DECLS

/* Changes made on a server's database directly, as an administrator's tool would make them
 * (the server has no API for reference data such as locations or opening hours), each logged
 * in the change log the way loket-store.c logs a change: the row's columns as JSON, or a
 * tombstone.  Desks then pull them like any other change.  Safe while the server runs (WAL;
 * each change is one transaction). */

/* Opens the server's database (a second connection beside the server's own). */
LoketDb    *loket_test_admin_open    (const char *server_db);
/* Inserts the row, or updates the members it has; then logs the whole row. */
void        loket_test_admin_upsert  (LoketDb *server, const char *entity, JsonObject *row);
/* Deletes the row and logs a tombstone. */
void        loket_test_admin_delete  (LoketDb *server, const char *entity, const char *key);
/* The first column of the first row of sql as a number (there must be a row), or as text (NULL
 * for no row or SQL NULL), asserting the statement prepares. */
gint64      loket_test_admin_count   (LoketDb *server, const char *sql);
char       *loket_test_admin_value   (LoketDb *server, const char *sql);
/* The server's row, or NULL when there is none. */
JsonObject *loket_test_admin_get_row (LoketDb *server, const char *entity, const char *key);

G_END_DECLS
