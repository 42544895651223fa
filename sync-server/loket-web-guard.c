/* loket-web-guard.c — being written (issue 5). */
#include "config.h"
