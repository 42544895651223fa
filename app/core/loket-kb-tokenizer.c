/* loket-kb-tokenizer.c — STUB until the search work lands. */
#include "config.h"
