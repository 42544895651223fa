#pragma once

/* What the files of the property test share (see test-property.c). */

#include "loket-db.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"

/* Eight desks of seven users: two desks of one user (two devices of one person), users of
 * other teams and locations, so scoped replication gives them different replicas, and last the
 * two knowledge editors, who write articles and review each other's. */
#define N_DESKS 8
#define N_USERS 7

extern const char *const property_desk_users[N_DESKS];
extern const char *const property_users[N_USERS];

/* A start with a desk place that desks compete for. */
typedef struct {
  char   *capacity_id;
  char   *product_id;
  char   *location_id;
  char   *group_id;
  gint64  start;
} HotSlot;

/* What every run starts from: a small copy of the demo municipality (loket-sync's own demo,
 * pruned to a few days of agenda, a few cases, customers and articles), logged-in desks that
 * have downloaded it, and a logged-in session per user for fresh replicas. */
typedef struct {
  char          *dir;
  char          *server_db;
  char          *desk_paths[N_DESKS];
  LoketTestDesk *readers[N_USERS];  /* never sync; each run points them at its server */
  GPtrArray     *hot_slots;         /* HotSlot */
  GPtrArray     *hot_cases;         /* case ids, by reference */
  GPtrArray     *hot_articles;      /* article ids, by title */
} PropertyWorld;

/* One mutation a desk made, as the test remembers it. */
typedef struct {
  guint   desk;
  gint64  seq;       /* the desk's sequence number (its device's on the server) */
  char   *type;      /* LOKET_MUTATION_* */
  char   *target;    /* the appointment, case, note, contact moment, customer, article … */
  char   *field;     /* a case field ("status" for a status), NULL otherwise */
  char   *value;     /* what it wrote: a start time, field value, title, note body … */
  char   *capacity;  /* bookings and moves */
  char   *extra;     /* a status change's history row, an article draft's revision row (also
                      * of its submission and review; their target is the article), the
                      * conflict a resolution settles (its target is the conflict's case) */
  guint   order;     /* when the server got it (0: not yet), over all desks */
} Made;

typedef struct {
  guint32          seed;
  GRand           *rand;
  char            *dir;
  LoketTestServer *server;
  LoketTestDesk   *desks[N_DESKS];
  GPtrArray       *made;         /* Made */
  guint            pushed;       /* the last order given */
  GPtrArray       *bsns;         /* the few BSNs desks of this run use, so they collide */
  GPtrArray       *hot_slots;    /* the run's few HotSlot (borrowed from the world) */
  guint            local_refusals;  /* changes the desks refused themselves */
  guint            outcomes[4];  /* applied (not merged), rejected, conflict, merged */
} Run;

extern PropertyWorld property_world;

/* test-property-world.c */
void     property_world_set_up    (void);
void     property_world_tear_down (void);

/* test-property-script.c: the random script of one run, up to the final syncs. */
void     property_run_script      (Run *run, guint steps);
void     property_sync_desk       (Run *run, guint desk);
void     property_made_free       (gpointer made);
/* A fixed script instead: a desk moves a citizen's web booking to the last place of a counter
 * without a web share, and another desk books that place (a bug this test found, fixed). */
void     property_move_web_booking (Run *run);
/* A fixed script: a customer with a note and a contact moment, made at one desk, gets a
 * duplicate at a desk of another user who could not see it (a bug this test found, fixed). */
void     property_merge_with_history (Run *run);

/* test-property-checks.c: everything that must hold once everyone has synced, and what must
 * hold at any moment: no slot over capacity on the server. */
void     property_check_run       (Run *run);
void     property_check_capacity  (Run *run);
