#pragma once

/* What test-state-table.c (the walks) and test-state-table-kinds.c (the kinds) share. */

#include "loket-db.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"

typedef struct _Walk Walk;
typedef void (*StepFunc) (Walk *walk);

typedef struct {
  char     letter;  /* C create, D delete, anything else an edit; R is the resync */
  StepFunc run;
} Step;

typedef struct {
  const char   *name;      /* in the test path */
  const char   *entity;    /* the table of the rows the walk makes */
  StepFunc      prepare;   /* optional: the walk's starting point; the desk syncs it */
  Step          steps[4];  /* letter 0 ends */
  StepFunc      finish;    /* optional: after the desk's last sync (another desk's part) */
  StepFunc      verify;    /* optional: the server shows the effect of every step */
  gconstpointer data;      /* the kind's own facts (reference kinds: their rows) */
  gboolean      editor;    /* walked by a knowledge editor's desk (redactie) instead of balie */
} Kind;

struct _Walk {
  const Kind    *kind;
  gboolean       offline;
  LoketTestDesk *desk;
  guint          serial;  /* unique per walk, for names and numbers */
  guint          issues;  /* open sync issues of the desk before the walk */
  GPtrArray     *ids;     /* keys of the rows of kind->entity the walk made, main one first */
  char          *other;   /* a row the walk needs: the case of its notes, its BSN … */
  char          *value;   /* what the last edit wrote */
  gint64         start;   /* appointments: where the booking stands now */
  char           done[8]; /* the letters of the steps done so far */
};

typedef struct {
  const Kind *kind;
  gboolean    offline;
  char        order[8];
} WalkPlan;

typedef struct {
  char            *dir;
  LoketTestServer *server;
  LoketDb         *admin;         /* the server's database, beside the server */
  LoketTestDesk   *desk;          /* balie: walks every walk */
  LoketTestDesk   *other;         /* kcc: makes the duplicate customer a merge needs */
  LoketTestDesk   *reader;        /* sessions for fresh replicas of balie … */
  LoketTestDesk   *other_reader;  /* … and of kcc */
  LoketTestDesk   *editor;        /* redactie: walks the kinds only editors write … */
  LoketTestDesk   *editor_reader; /* … with sessions for its fresh replicas */
  LoketTestDesk   *reviewer;      /* kennis: the second editor, who approves */
  guint            serial;
  guint            fresh;
} StateWorld;

extern StateWorld world;

/* test-state-table.c */
char  *state_server_text          (const char *sql);
guint  state_next_serial          (void);
void   state_assert_row_matches   (LoketTestDesk *desk, const char *entity, const char *key,
                                   const char *context);
void   state_assert_matches_fresh (LoketTestDesk *desk, LoketTestDesk *reader,
                                   const char *context);

/* test-state-table-reference.c: NULL-terminated */
extern const Kind *const state_reference_kinds[];

/* test-state-table-kinds.c */
const Kind *const *state_kinds          (void);
void               state_kinds_set_up   (void);
void               state_kinds_tear_down (void);
