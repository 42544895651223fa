/* loket-server-reader.c — public answers computed on a public thread, from a read-only store of
 * the thread's own. */
#include "config.h"

#include "loket-server-private.h"

LoketStore *
loket_server_open_reader (LoketServer *self)
{
  return NULL;
}

GBytes *
loket_server_answer_on_thread (LoketServer *self, LoketStore *reader,
                               const LoketServerRoute *route, const char *path,
                               const char *raw_query, char **etag, const char **content_type)
{
  return NULL;
}
