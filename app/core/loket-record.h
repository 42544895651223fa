#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "loket-types.h"

G_BEGIN_DECLS

/* One row for the UI: the columns of a query, read-only, as a GObject for list models. */
#define LOKET_TYPE_RECORD (loket_record_get_type ())
G_DECLARE_FINAL_TYPE (LoketRecord, loket_record, LOKET, RECORD, GObject)

LoketRecord *loket_record_new          (JsonObject *columns);
/* Empty string for a missing or NULL column, never NULL. */
const char  *loket_record_get_string   (LoketRecord *self, const char *column);
gint64       loket_record_get_int      (LoketRecord *self, const char *column);
gboolean     loket_record_is_null      (LoketRecord *self, const char *column);
JsonObject  *loket_record_get_columns  (LoketRecord *self);
/* The "id" column. */
const char  *loket_record_get_id       (LoketRecord *self);

/* Makes store hold the records of fresh, replacing only the differing middle, so a refresh that
 * changed nothing keeps the list's selection, focus and scroll position where they were. */
void         loket_record_store_update (GListStore *store, GListModel *fresh);

G_END_DECLS
