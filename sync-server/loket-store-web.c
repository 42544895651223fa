/* loket-store-web.c — being written (issue 5). */
#include "config.h"
