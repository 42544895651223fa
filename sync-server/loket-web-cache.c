/* loket-web-cache.c — being written (issue 5). */
#include "config.h"
