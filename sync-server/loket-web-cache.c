/* loket-web-cache.c — the public answers' cache (loket-web-cache.h). */
#include "config.h"

#include <string.h>

#include "loket-web-cache.h"


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

GBytes *
loket_web_cache_lookup (LoketWebCache *self, const char *key, guint64 generation, gint64 now,
                        gint64 max_age, const char **etag, const char **content_type)
{
  Entry *entry;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (self != NULL && key != NULL, NULL);
  g_return_val_if_fail (etag != NULL && content_type != NULL, NULL);

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
    return NULL;
  *etag = entry->etag;
  *content_type = entry->content_type;
  /* The same bytes, holding the entry (and so its strings) until they are let go. */
  data = g_bytes_get_data (entry->body, &size);
  return g_bytes_new_with_free_func (data, size, (GDestroyNotify) entry_release, entry);
}

gboolean
loket_web_cache_serve (LoketWebCache *self, SoupServerMessage *msg, const char *key,
                       guint64 generation, gint64 now, gint64 max_age)
{
  g_autoptr(GBytes) body = NULL;
  const char *etag, *content_type;

  g_return_val_if_fail (self != NULL && key != NULL, FALSE);

  body = loket_web_cache_lookup (self, key, generation, now, max_age, &etag, &content_type);
  if (body == NULL)
    return FALSE;
  if (!answer_not_modified (msg, etag))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Type", content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
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

/* Murmur3's finaliser: every bit of x moves about half the bits of the result. */
static guint64
mix (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/* 128 bits from two lanes that take the body eight bytes at a time.  An ETag has to differ
 * when an answer of one address changes, not to resist anyone: the answers are the server's
 * own, nobody chooses their bytes.  SHA-256 did the same job at a third of the cost of
 * computing a fortnight's free times. */
char *
loket_web_cache_etag (GBytes *body)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (body, &size);
  guint64 a = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ size;
  guint64 b = G_GUINT64_CONSTANT (0x6a09e667f3bcc909) + size;
  gsize i = 0;

  for (; i + 8 <= size; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      a = (a ^ word) * G_GUINT64_CONSTANT (0x87c37b91114253d5);
      a = (a << 31) | (a >> 33);
      b = (b + word) * G_GUINT64_CONSTANT (0x4cf5ad432745937f);
      b = (b << 27) | (b >> 37);
    }
  if (i < size)
    {
      guint64 word = 0;

      memcpy (&word, data + i, size - i);
      a = (a ^ word) * G_GUINT64_CONSTANT (0x87c37b91114253d5);
      b = (b + word) * G_GUINT64_CONSTANT (0x4cf5ad432745937f);
    }
  a = mix (a + b);
  b = mix (b ^ a);
  return g_strdup_printf ("\"%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x\"", a, b);
}

char *
loket_web_cache_put (LoketWebCache *self, const char *key, guint64 generation, gint64 now,
                     gint64 max_age, GBytes *body, const char *content_type)
{
  char *etag = loket_web_cache_etag (body);
  Entry *entry;

  g_return_val_if_fail (self != NULL && key != NULL, etag);

  if (max_age <= 0 || g_bytes_get_size (body) > LOKET_WEB_CACHE_MAX_BYTES / 16)
    return etag;
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
  return etag;
}

void
loket_web_cache_keep (LoketWebCache *self, SoupServerMessage *msg, const char *key,
                      guint64 generation, gint64 now, gint64 max_age)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *etag = NULL;

  g_return_if_fail (self != NULL && key != NULL);

  if (soup_server_message_get_status (msg) != SOUP_STATUS_OK)
    return;
  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  etag = loket_web_cache_put (self, key, generation, now, max_age, body,
                              soup_message_headers_get_one (headers, "Content-Type"));
  answer_not_modified (msg, etag);
}
