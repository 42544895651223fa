#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Shared by the files of the rules (loket-rules.c, loket-rules-config.c). */

/* Sets message as a LOKET_ERROR_INVALID error; FALSE. */
gboolean loket_rules_invalid (GError **error, const char *message);
/* The text of member, or NULL when it is missing or not a string. */
const char *loket_rules_text_member (JsonObject *object, const char *member);
/* The position of status name in a case type's statuses, or -1. */
int loket_rules_status_position (JsonArray *statuses, const char *name);

G_END_DECLS
