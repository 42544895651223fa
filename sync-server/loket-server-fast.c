/* loket-server-fast.c — placeholder */
#include "config.h"

#include "loket-server-fast.h"
