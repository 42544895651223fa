/* loket-web-html.c — being written (issue 5). */
#include "config.h"
