#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LOKET_ERROR (loket_error_quark ())

/* Codes the UI turns into a sentence a desk clerk understands. */
typedef enum {
  LOKET_ERROR_FAILED,          /* anything else; the message says what */
  LOKET_ERROR_DATABASE,        /* the local or server database could not be read or written */
  LOKET_ERROR_INVALID,         /* input that does not fit (a bad BSN, a date that does not exist) */
  LOKET_ERROR_NOT_FOUND,       /* an id that names nothing */
  LOKET_ERROR_SLOT_TAKEN,      /* the chosen time has no free place left */
  LOKET_ERROR_CLOSED,          /* the capacity is closed or not open at that time */
  LOKET_ERROR_NETWORK,         /* the server could not be reached */
  LOKET_ERROR_UNAUTHORIZED,    /* wrong user name or password, or a revoked device */
  LOKET_ERROR_INCOMPATIBLE,    /* protocol or schema version mismatch: update Loket */
  LOKET_ERROR_PROTOCOL,        /* the server answered something that does not fit the protocol */
  LOKET_ERROR_SEQUENCE_GAP,    /* a push skipped a mutation sequence number */
  LOKET_ERROR_FORBIDDEN,       /* the user's role does not allow this change */
} LoketErrorCode;

GQuark loket_error_quark (void);

G_END_DECLS
