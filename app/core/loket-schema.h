#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_SCHEMA_REPLICA,
  LOKET_SCHEMA_SERVER,
} LoketSchemaSide;

/* Version of the domain tables both sides share; a desk and a server must agree on it. */
#define LOKET_DOMAIN_SCHEMA_VERSION 7

const char *const *loket_schema_get_migrations (LoketSchemaSide side, guint *n_migrations);
guint              loket_schema_version        (LoketSchemaSide side);
const char *const *loket_schema_entities       (void);
gboolean           loket_schema_is_entity      (const char *name);
const char        *loket_schema_key_column     (const char *entity);
gboolean           loket_schema_is_derived     (const char *table);
char              *loket_schema_fill_derived_sql (const char *schema);

G_END_DECLS
