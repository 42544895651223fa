/* loket-store-casework.h — what the files of the case work mutations share:
 *
 *   loket-store-casework.c  suspending cases, links, documents, the helpers below, and the table
 *                           loket_store_casework_mutations (loket-store-private.h)
 *   loket-store-contacts.c  contact moments and callbacks
 *   loket-store-merge.c     representatives and merging customers by hand
 */
#pragma once

#include "loket-store-private.h"
#include "loket-workdays.h"

G_BEGIN_DECLS

/* Rejects a change whose new row (entity, id) the desk made: it goes out as a tombstone. */
gboolean       loket_store_refuse_new_row    (LoketStore *self, const LoketStoreMutation *m,
                                              const char *entity, const char *id,
                                              LoketStoreOutcome *out, const char *code,
                                              const char *message, GError **error);
/* Rejects a change for what it says (bad): the desk's row (entity, id; id NULL: none was read)
 * goes out as a tombstone, or as the server's copy when the server has a row of that id. */
gboolean       loket_store_refuse_unreadable (LoketStore *self, const LoketStoreMutation *m,
                                              const char *entity, const char *id,
                                              LoketStoreOutcome *out, const GError *bad,
                                              GError **error);

static inline gboolean
loket_store_text_too_long (const char *text, glong max_chars)
{
  return text != NULL && g_utf8_strlen (text, -1) > max_chars;
}

/* The mutations of loket-store-contacts.c and loket-store-merge.c (LoketStoreApplyFunc). */
gboolean loket_store_apply_add_contact_moment  (LoketStore *self, const LoketStoreMutation *m,
                                                JsonObject *args, LoketStoreOutcome *out,
                                                GError **error);
gboolean loket_store_apply_add_callback        (LoketStore *self, const LoketStoreMutation *m,
                                                JsonObject *args, LoketStoreOutcome *out,
                                                GError **error);
gboolean loket_store_apply_settle_callback     (LoketStore *self, const LoketStoreMutation *m,
                                                JsonObject *args, LoketStoreOutcome *out,
                                                GError **error);
gboolean loket_store_apply_save_representative (LoketStore *self, const LoketStoreMutation *m,
                                                JsonObject *args, LoketStoreOutcome *out,
                                                GError **error);
gboolean loket_store_apply_merge_customers     (LoketStore *self, const LoketStoreMutation *m,
                                                JsonObject *args, LoketStoreOutcome *out,
                                                GError **error);

G_END_DECLS
