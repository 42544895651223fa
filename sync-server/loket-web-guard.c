/* loket-web-guard.c — the public web's rate limits per client (loket-web-guard.h). */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "loket-web-guard.h"

typedef struct
{
  double tokens;
  gint64 updated;   /* monotonic µs */
} Bucket;

typedef struct
{
  guint       limit;     /* 0: none */
  double      per_us;    /* tokens added per µs */
  GHashTable *buckets;   /* client → Bucket */
} Limit;

/* The public threads (loket-server-workers.c) share one guard: a client's requests count
 * together whichever thread reads them.  The lock is held for one bucket's arithmetic. */
struct _LoketWebGuard
{
  GMutex lock;
  Limit  limits[2];
};

static void
limit_init (Limit *limit, guint n, gint64 period_us)
{
  limit->limit = n;
  limit->per_us = (double) n / (double) period_us;
  limit->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LoketWebGuard *
loket_web_guard_new (guint requests_per_minute, guint bookings_per_hour)
{
  LoketWebGuard *self = g_new0 (LoketWebGuard, 1);

  g_mutex_init (&self->lock);
  limit_init (&self->limits[LOKET_WEB_GUARD_REQUESTS], requests_per_minute,
              60 * G_USEC_PER_SEC);
  limit_init (&self->limits[LOKET_WEB_GUARD_BOOKINGS], bookings_per_hour,
              (gint64) 3600 * G_USEC_PER_SEC);
  return self;
}

void
loket_web_guard_free (LoketWebGuard *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->limits); i++)
    g_clear_pointer (&self->limits[i].buckets, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static double
refilled (const Limit *limit, const Bucket *bucket, gint64 now)
{
  double tokens = bucket->tokens + (double) MAX (now - bucket->updated, 0) * limit->per_us;

  return MIN (tokens, (double) limit->limit);
}

/* Drops the buckets that are full again: a new bucket starts full, so nothing is lost.  When
 * every client is still busy, all go: the table never outgrows its bound. */
static void
prune (Limit *limit, gint64 now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, limit->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (refilled (limit, value, now) >= (double) limit->limit)
      g_hash_table_iter_remove (&iter);
  if (g_hash_table_size (limit->buckets) >= LOKET_WEB_GUARD_MAX_CLIENTS)
    g_hash_table_remove_all (limit->buckets);
}

/* Takes a token from client's bucket; called with the lock held. */
static gboolean
take (Limit *limit, const char *client, gint64 now, guint *retry_after)
{
  Bucket *bucket = g_hash_table_lookup (limit->buckets, client);

  if (bucket == NULL)
    {
      if (g_hash_table_size (limit->buckets) >= LOKET_WEB_GUARD_MAX_CLIENTS)
        prune (limit, now);
      bucket = g_new (Bucket, 1);
      *bucket = (Bucket) { limit->limit, now };
      g_hash_table_insert (limit->buckets, g_strdup (client), bucket);
    }
  bucket->tokens = refilled (limit, bucket, now);
  /* Threads read the clock before they wait for the lock: time never runs backwards here. */
  bucket->updated = MAX (bucket->updated, now);
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }
  if (retry_after != NULL)
    *retry_after = (guint) MAX (1.0, (1.0 - bucket->tokens) / limit->per_us / G_USEC_PER_SEC
                                     + 0.999);
  return FALSE;
}

gboolean
loket_web_guard_allow (LoketWebGuard *self, const char *client, LoketWebGuardLimit which,
                       gint64 now, guint *retry_after)
{
  Limit *limit;
  gboolean allowed;

  g_return_val_if_fail (self != NULL && client != NULL, TRUE);
  g_return_val_if_fail (which <= LOKET_WEB_GUARD_BOOKINGS, TRUE);

  limit = &self->limits[which];
  /* Set once at creation: no lock needed to see there is no limit. */
  if (limit->limit == 0)
    return TRUE;
  g_mutex_lock (&self->lock);
  allowed = take (limit, client, now, retry_after);
  g_mutex_unlock (&self->lock);
  return allowed;
}

void
loket_web_guard_give_back (LoketWebGuard *self, const char *client, LoketWebGuardLimit which)
{
  Limit *limit;
  Bucket *bucket;

  g_return_if_fail (self != NULL && client != NULL);
  g_return_if_fail (which <= LOKET_WEB_GUARD_BOOKINGS);

  limit = &self->limits[which];
  if (limit->limit == 0)
    return;
  g_mutex_lock (&self->lock);
  /* A bucket pruned meanwhile was full: nothing to give back to. */
  if ((bucket = g_hash_table_lookup (limit->buckets, client)) != NULL)
    bucket->tokens = MIN (bucket->tokens + 1.0, (double) limit->limit);
  g_mutex_unlock (&self->lock);
}

guint
loket_web_guard_size (LoketWebGuard *self, LoketWebGuardLimit which)
{
  guint size;

  g_return_val_if_fail (self != NULL && which <= LOKET_WEB_GUARD_BOOKINGS, 0);
  g_mutex_lock (&self->lock);
  size = g_hash_table_size (self->limits[which].buckets);
  g_mutex_unlock (&self->lock);
  return size;
}

/* The address as the guard counts it, or NULL when text is no address. */
static char *
client_key (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (trimmed);
  const guint8 *bytes;

  if (address == NULL)
    return NULL;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_to_string (address);
  bytes = g_inet_address_to_bytes (address);
  if (memcmp (bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  return g_strdup_printf ("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", bytes[0], bytes[1],
                          bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]);
}

static gboolean
trusted (const char *peer, const char *const *trusted_proxies)
{
  for (guint i = 0; trusted_proxies != NULL && trusted_proxies[i] != NULL; i++)
    {
      g_autofree char *proxy = client_key (trusted_proxies[i]);

      if (g_strcmp0 (proxy, peer) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
loket_web_guard_client (const char *peer, const char *forwarded_for,
                        const char *const *trusted_proxies)
{
  g_autofree char *client = client_key (peer);
  const char *last;
  char *forwarded;

  if (client == NULL)
    return g_strdup (peer != NULL ? peer : "-");
  if (forwarded_for == NULL || !trusted (client, trusted_proxies))
    return g_steal_pointer (&client);
  last = strrchr (forwarded_for, ',');
  forwarded = client_key (last != NULL ? last + 1 : forwarded_for);
  return forwarded != NULL ? forwarded : g_steal_pointer (&client);
}
