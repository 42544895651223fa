#include "loket-error.h"

G_DEFINE_QUARK (loket-error-quark, loket_error)
