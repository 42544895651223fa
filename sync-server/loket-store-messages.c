/* loket-store-messages.c — being written (issue 5). */
#include "config.h"
