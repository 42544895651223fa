/* loket-web-pages.c — being written (issue 5). */
#include "config.h"

#include "loket-server-private.h"

const LoketServerRoute *
loket_web_pages_routes (guint *n_routes)
{
  *n_routes = 0;
  return NULL;
}
