/* loket-web-cache.c — the public answers' cache (loket-web-cache.h). */
#include "config.h"

#include <string.h>

#include "loket-web-cache.h"

#define ETAG_HEX_CHARS 32   /* 128 bits of the body's SHA-256 */

/* Immutable once kept, and reference-counted (g_atomic_rc_box): a thread answering from it
 * holds its own reference, so the lock covers only the lookup, never the answer. */
typedef struct
{
  GBytes  *body;
  char    *etag;          /* quoted, as sent */
  char    *content_type;
  guint64  generation;
  gint64   made;          /* monotonic µs */
} Entry;

/* Read far more often than written (every hit reads; a computed answer writes): a
 * reader-writer lock lets the public threads look up at the same time. */
struct _LoketWebCache
{
  GRWLock     lock;
  GHashTable *entries;   /* key → Entry */
  gsize       bytes;     /* of the kept bodies */
};

static void
entry_clear (Entry *entry)
{
  g_bytes_unref (entry->body);
  g_free (entry->etag);
  g_free (entry->content_type);
}

static void
entry_release (Entry *entry)
{
  g_atomic_rc_box_release_full (entry, (GDestroyNotify) entry_clear);
}

LoketWebCache *
loket_web_cache_new (void)
{
  LoketWebCache *self = g_new0 (LoketWebCache, 1);

  g_rw_lock_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_release);
  return self;
}

void
loket_web_cache_free (LoketWebCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

guint
loket_web_cache_size (LoketWebCache *self)
{
  guint size;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  size = g_hash_table_size (self->entries);
  g_rw_lock_reader_unlock (&self->lock);
  return size;
}

static gboolean
entry_fresh (const Entry *entry, guint64 generation, gint64 now, gint64 max_age)
{
  return entry->generation == generation && now - entry->made < max_age;
}

/* With the writer lock held. */
static void
remove_entry (LoketWebCache *self, const char *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL)
    return;
  self->bytes -= g_bytes_get_size (entry->body);
  g_hash_table_remove (self->entries, key);
}

gboolean
loket_web_cache_etag_matches (const char *if_none_match, const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL || etag == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      /* If-None-Match compares weakly (RFC 9110, 13.1.2). */
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

/* 304 when the request names the ETag; the ETag goes out either way. */
static gboolean
answer_not_modified (SoupServerMessage *msg, const char *etag)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (!loket_web_cache_etag_matches (soup_message_headers_get_one (request, "If-None-Match"),
                                     etag))
    return FALSE;
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
  return TRUE;
}

gboolean
loket_web_cache_serve (LoketWebCache *self, SoupServerMessage *msg, const char *key,
                       guint64 generation, gint64 now, gint64 max_age)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL && key != NULL, FALSE);

  /* A stale entry stays until its key is kept again or room is made: a reader removes
   * nothing. */
  g_rw_lock_reader_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL && entry_fresh (entry, generation, now, max_age))
    g_atomic_rc_box_acquire (entry);
  else
    entry = NULL;
  g_rw_lock_reader_unlock (&self->lock);
  if (entry == NULL)
    return FALSE;
  if (!answer_not_modified (msg, entry->etag))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Type", entry->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), entry->body);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  entry_release (entry);
  return TRUE;
}

/* Room for size more bytes and one more entry: first what is stale, then everything.  With the
 * writer lock held. */
static void
make_room (LoketWebCache *self, gsize size, guint64 generation, gint64 now, gint64 max_age)
{
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->entries) < LOKET_WEB_CACHE_MAX_ENTRIES
      && self->bytes + size <= LOKET_WEB_CACHE_MAX_BYTES)
    return;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!entry_fresh (value, generation, now, max_age))
      {
        self->bytes -= g_bytes_get_size (((Entry *) value)->body);
        g_hash_table_iter_remove (&iter);
      }
  if (g_hash_table_size (self->entries) < LOKET_WEB_CACHE_MAX_ENTRIES
      && self->bytes + size <= LOKET_WEB_CACHE_MAX_BYTES)
    return;
  g_hash_table_remove_all (self->entries);
  self->bytes = 0;
}

static char *
etag_of (GBytes *body)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);

  return g_strdup_printf ("\"%.*s\"", ETAG_HEX_CHARS, digest);
}

void
loket_web_cache_keep (LoketWebCache *self, SoupServerMessage *msg, const char *key,
                      guint64 generation, gint64 now, gint64 max_age)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *etag = NULL;
  const char *content_type;
  Entry *entry;

  g_return_if_fail (self != NULL && key != NULL);

  if (soup_server_message_get_status (msg) != SOUP_STATUS_OK)
    return;
  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  etag = etag_of (body);
  content_type = soup_message_headers_get_one (headers, "Content-Type");
  if (max_age > 0 && g_bytes_get_size (body) <= LOKET_WEB_CACHE_MAX_BYTES / 16)
    {
      entry = g_atomic_rc_box_new0 (Entry);
      *entry = (Entry) { g_bytes_ref (body), g_strdup (etag),
                         g_strdup (content_type != NULL ? content_type : "application/json"),
                         generation, now };
      g_rw_lock_writer_lock (&self->lock);
      remove_entry (self, key);
      make_room (self, g_bytes_get_size (body), generation, now, max_age);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
      self->bytes += g_bytes_get_size (body);
      g_rw_lock_writer_unlock (&self->lock);
    }
  answer_not_modified (msg, etag);
}
