/* loket-message-text.c — being written (issue 5). */
#include "config.h"
