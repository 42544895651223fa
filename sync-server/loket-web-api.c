/* loket-web-api.c — being written (issue 5). */
#include "config.h"
