/* loket-appointment-popover.c — (being written) */
#include "config.h"

#include "loket-appointment-popover.h"
