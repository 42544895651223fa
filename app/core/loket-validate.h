#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dutch citizen service number: 9 digits (8-digit numbers get a leading zero), elfproef. */
gboolean loket_validate_bsn           (const char *bsn, GError **error);
/* Belgian rijksregisternummer: 11 digits (dots, dashes and spaces allowed), mod-97 check,
 * for births before and from 2000. */
gboolean loket_validate_rrn           (const char *rrn, GError **error);
/* Dutch KvK number: 8 digits. */
gboolean loket_validate_kvk           (const char *kvk, GError **error);
/* Strips separators and returns only the digits, or NULL when anything else is present. */
char    *loket_validate_normalize_id  (const char *number);
/* A plausible e-mail address: one '@', a dot in the domain, no spaces. */
gboolean loket_validate_email         (const char *email, GError **error);
/* Dutch postcode "1234 AB" (space optional); normalised to "1234 AB" in *normalized. */
gboolean loket_validate_postcode      (const char *postcode, char **normalized, GError **error);
/* A calendar date "YYYY-MM-DD" that exists. */
gboolean loket_validate_date          (const char *date, GDate *out, GError **error);

G_END_DECLS
