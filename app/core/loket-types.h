#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LoketDb         LoketDb;
typedef struct _LoketRecord     LoketRecord;
typedef struct _LoketReplica    LoketReplica;
typedef struct _LoketSyncClient LoketSyncClient;

G_END_DECLS
