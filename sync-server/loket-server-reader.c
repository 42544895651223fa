/* loket-server-reader.c — public answers computed on a public thread, from a read-only store of
 * the thread's own.
 *
 * The store belongs to the main thread.  A public thread that can read the database itself
 * (a second SQLite connection: the WAL lets it read while the main thread writes) computes the
 * free times of a product there, in parallel with the other threads, instead of queueing at the
 * main thread.  Only questions that end in a 200 are answered here: a question with anything
 * wrong in it (a parameter, an unknown product, a database that cannot be read) goes to the
 * main thread, which words the refusal exactly as it always does.
 *
 * An answer made here is as fresh as one from the answer cache: the web generation the main
 * thread published is read before anything else (so a change meanwhile leaves the kept answer
 * stale, never a stale answer fresh), and what the reader keeps of the database for a question
 * (rules, closures, bookings, holds) is read again when that generation moved, or when SQLite
 * says another connection committed (asked at least once a second, for a writer outside this
 * process; loket-store-public.c).  A hold counts until it expires without any write. */
#include "config.h"

#include <string.h>

#include "loket-server-private.h"

#define AVAILABILITY_PATH "/v1/public/availability"
#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

LoketStore *
loket_server_open_reader (LoketServer *self)
{
  g_autoptr(GError) error = NULL;
  LoketStore *reader = loket_store_open_reader (self->store, &error);

  /* A database in memory (tests): the main thread answers everything. */
  if (reader == NULL)
    g_debug ("No reader for a public thread: %s", error->message);
  return reader;
}

/* The query as libsoup gives it to a handler, when it is within the limits the main thread
 * checks (loket_server_check_early); NULL otherwise. */
static GHashTable *
decode_query (const char *raw_query)
{
  g_autoptr(GHashTable) query = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (raw_query == NULL || strlen (raw_query) > LOKET_SERVER_MAX_QUERY_BYTES)
    return NULL;
  query = soup_form_decode (raw_query);
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strlen (key) > LOKET_SERVER_MAX_PARAM_BYTES || strlen (value) > LOKET_SERVER_MAX_PARAM_BYTES
        || !g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return NULL;
  return g_steal_pointer (&query);
}

GBytes *
loket_server_answer_on_thread (LoketServer *self, LoketStore *reader,
                               const LoketServerRoute *route, const char *path,
                               const char *raw_query, char **etag, const char **content_type)
{
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *key = NULL;
  LoketWebAvailabilityAsk ask;
  guint64 generation;
  gint64 made;
  GBytes *body;

  g_return_val_if_fail (etag != NULL && content_type != NULL, NULL);

  if (reader == NULL || !g_str_equal (route->path, AVAILABILITY_PATH)
      || (query = decode_query (raw_query)) == NULL)
    return NULL;
  now = g_date_time_new_now (self->tz);
  if (!loket_web_api_availability_ask (query, now, &ask, &refusal))
    return NULL;
  /* Read before the database: a change meanwhile leaves the kept answer stale, never a stale
   * answer fresh (as loket-server.c's run_handler). */
  generation = (guint64) g_atomic_pointer_get (&self->web_generation);
  made = g_get_monotonic_time ();
  loket_store_reader_set_generation (reader, generation);
  text = g_string_sized_new (4096);
  if (!loket_store_public_availability_write (reader, ask.product_id, ask.location_id, &ask.from,
                                              ask.days, now, text, NULL))
    return NULL;
  body = g_string_free_to_bytes (g_steal_pointer (&text));
  /* The same key as the main thread's (the path and the query as sent). */
  key = g_strconcat (path, "?", raw_query, NULL);
  *etag = loket_web_cache_put (self->cache, key, generation, made,
                               (gint64) self->site->cache_seconds * G_USEC_PER_SEC, body,
                               JSON_CONTENT_TYPE);
  *content_type = JSON_CONTENT_TYPE;
  return body;
}
