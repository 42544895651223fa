/* loket-confirmation.c — (being written) */
#include "config.h"

#include "loket-confirmation.h"
