/* loket-store-casework.c — suspending cases, links, documents, callbacks, representatives and
 * merging customers by hand (the contract: loket-protocol.h).  Being written. */
#include "config.h"

#include "loket-store-private.h"

const LoketStoreMutationRule loket_store_casework_mutations[] = {
  { NULL, NULL },
};
