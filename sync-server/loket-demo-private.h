/* loket-demo-private.h — what the parts of the demo generator share: its state and its
 * small helpers.  See loket-demo.c.
 */
#pragma once

#include "loket-demo.h"
#include "loket-demo-data.h"
#include "loket-workdays.h"

#define DEMO_SEED 20261123
#define DEMO_ZONE "Europe/Amsterdam"
#define HISTORY_DAYS 14    /* appointments from this many days ago … */
#define FUTURE_DAYS 21     /* … up to this many days ahead */
#define RULE_WEEKS 8       /* availability rules stay valid this long */
#define MAX_SLOTS 96       /* slots in one rule-day: 16 hours of 10 minutes */
#define N_DUTCH_PERSONS 115

typedef char DemoId[37];   /* a UUID string */
typedef char DemoTime[21]; /* "2026-11-23T08:30:00Z" */

/* ---- The generator's state ----------------------------------------------------------- */

typedef struct {
  DemoId id;
  gboolean organisation;
} DemoCustomer;

typedef struct {
  DemoId id;
  DemoId case_id;          /* empty when no case belongs to it */
  int product, capacity, customer, created_by;
  gboolean web;
  gint64 start, end, created;
  const char *status, *status_reason, *reason, *mode;
} DemoAppointment;

typedef struct {
  DemoId id;
  int case_type, product, customer;
  int appointment;         /* index of the booking that made it, or -1 */
  int target;              /* index of its current status */
  const char *subject;
  gint64 opened;
  gint64 steps_from;       /* later statuses are spread from here to now */
} DemoCase;

typedef struct {
  int location, capacity;  /* -1 when the closure does not name one */
  GDate date;
  const char *reason;
} DemoClosure;

typedef struct {
  LoketDb *db;
  GRand *rand;
  GTimeZone *tz;
  gint64 now;
  GDate today;             /* local date of now */
  GHashTable *statements;  /* SQL text → prepared statement */
  GHashTable *holidays;    /* "YYYY-MM-DD" → name */
  GHashTable *taken;       /* BSNs, rijksregisternummers, KvK numbers and names in use */
  LoketWorkdays *workdays;
  DemoClosure closures[2];
  DemoId location_ids[N_LOCATIONS], team_ids[N_TEAMS], group_ids[N_GROUPS];
  DemoId case_type_ids[N_CASE_TYPES], product_ids[N_PRODUCTS], capacity_ids[N_CAPACITIES];
  DemoId user_ids[N_USERS];
  DemoId article_ids[N_PRODUCTS]; /* the first article about a product, or empty */
  GArray *customers;       /* DemoCustomer */
  GArray *appointments;    /* DemoAppointment */
  GArray *cases;           /* DemoCase */
} Demo;

/* loket-demo.c: small helpers */
void demo_new_id (DemoId out);
const char *demo_id_or_null (const char *id);
const char *demo_user_id (Demo *d, int user);
int demo_pick (Demo *d, int n);
gboolean demo_chance (Demo *d, int percent);
void demo_format_utc (gint64 unix_time, DemoTime out);
void demo_format_date (const GDate *date, char out[11]);
void demo_format_clock (int minutes, char out[6]);
gint64 demo_local_unix (Demo *d, const GDate *date, int minutes);
void demo_local_date (Demo *d, gint64 unix_time, GDate *out);
void demo_date_from_today (Demo *d, int days, GDate *out);
gint64 demo_office_time (Demo *d, int days_ago);
gint64 demo_office_time_between (Demo *d, gint64 from, gint64 to);
gboolean demo_insert (Demo *d, const char *sql, const char *types, GError **error, ...);

/* loket-demo-org.c: organisation, opening hours, people */
gboolean demo_insert_organisation (Demo *d, GError **error);
int demo_n_statuses (const CaseTypeDef *type);
gboolean demo_insert_case_types (Demo *d, GError **error);
gboolean demo_insert_products (Demo *d, GError **error);
gboolean demo_insert_life_events (Demo *d, GError **error);
gboolean demo_insert_capacities (Demo *d, GError **error);
gboolean demo_insert_rules (Demo *d, GError **error);
gboolean demo_insert_closures (Demo *d, GError **error);
gboolean demo_insert_holidays (Demo *d, GError **error);
gboolean demo_insert_users (Demo *d, GError **error);

/* loket-demo-kb.c: the knowledge base; its figures after the contact moments */
gboolean demo_insert_articles (Demo *d, GError **error);
gboolean demo_insert_knowledge_figures (Demo *d, GError **error);

/* loket-demo-customers.c */
gboolean demo_insert_customers (Demo *d, GError **error);
int demo_pick_customer (Demo *d, gboolean prefer_organisation);
const char *demo_customer_id (Demo *d, int customer);

/* loket-demo-agenda.c: appointments, cases, notes and contact moments */
void demo_plan_appointments (Demo *d);
gboolean demo_insert_appointments (Demo *d, GError **error);
gboolean demo_insert_cases (Demo *d, GError **error);
gboolean demo_insert_notes (Demo *d, int count, GError **error);
gboolean demo_insert_contact_moments (Demo *d, int count, GError **error);
/* loket-demo-details.c */
gboolean demo_insert_agenda_details (Demo *d, GError **error);
