#pragma once

#include "loket-server-private.h"

G_BEGIN_DECLS

/* (placeholder: the fast path on the public threads is being written) */

G_END_DECLS
