/* loket-closure-dialog.c — (being written) */
#include "config.h"

#include "loket-closure-dialog.h"
