/* loket-server-workers.c — being written (issue 5). */
#include "config.h"
