#pragma once

#include "loket-replica.h"

G_BEGIN_DECLS

/* Agendas on the desk's replica: booking a visit of one or more products with its case, the
 * month calendar and free times across a location's capacities, the day at the desk (check-in,
 * call, handling), closures and the appointments they affect, and the availability rules a
 * functional administrator keeps.  Everything reads and writes the replica only, so it all works
 * offline; each write is a mutation in the outbox like any other. */

/* One product of a visit and how many of it (three passports for a family: count 3). */
typedef struct {
  const char *product_id;
  guint       count;            /* >= 1 and at most the product's max_per_booking */
} LoketVisitItem;

/* ---- free times ------------------------------------------------------------------------------ */

/* Facilities a capacity or its location offers, as stored in their facilities JSON arrays. */
#define LOKET_FACILITY_WHEELCHAIR "rolstoel"
#define LOKET_FACILITY_VIDEO      "video"
#define LOKET_FACILITY_HEARING    "ringleiding"

/* Locations where some active capacity handles every product of the visit and offers all the
 * facilities asked for (a location's own facilities count for each of its capacities); by
 * name.  facilities: NULL-terminated, NULL for none. */
GListModel *loket_replica_list_locations_for_visit (LoketReplica *self,
                                                    const LoketVisitItem *items, guint n_items,
                                                    const char *const *facilities);

/* The month calendar's shading: for each of n_days local days from `from`, how many start times
 * are free for the visit (desk share, none before now) summed over the capacities of the
 * location (every location for NULL) that handle the visit and offer the facilities; -1 for a
 * day on which none of them is open at all.  A GArray of int, n_days long. */
GArray     *loket_replica_free_days         (LoketReplica *self, const char *location_id,
                                             const LoketVisitItem *items, guint n_items,
                                             const char *const *facilities, const GDate *from,
                                             guint n_days, GDateTime *now, GError **error);

/* The free start times on one local day across those capacities, by time then capacity name:
 * LoketRecord with start (Unix seconds), start_at (UTC), end_at, capacity_id, capacity_name,
 * free (places still free in the desk share). */
GListModel *loket_replica_free_times        (LoketReplica *self, const char *location_id,
                                             const LoketVisitItem *items, guint n_items,
                                             const char *const *facilities, const GDate *day,
                                             GDateTime *now, GError **error);

/* Minutes a visit takes: the sum of each product's norm time times its count.  0 with
 * LOKET_ERROR_NOT_FOUND for an unknown product, LOKET_ERROR_INVALID for a count above the
 * product's max_per_booking or an empty visit. */
int         loket_replica_visit_minutes     (LoketReplica *self, const LoketVisitItem *items,
                                             guint n_items, GError **error);

/* ---- booking a visit -------------------------------------------------------------------------- */

typedef struct {
  const LoketVisitItem *items;  /* the products of the visit; the first is the appointment's */
  guint                 n_items;
  const char           *capacity_id;
  gint64                start;  /* a free start from loket_replica_free_times */
  const char           *customer_id;  /* optional */
  const char           *reason;
  const char           *mode;         /* fysiek (default) | digitaal | hybride */
  const char           *video_link;   /* for digitaal / hybride; optional */
  const char           *note;
  gboolean              open_case;    /* also open a case of the first product's case type */
  const char           *case_id;      /* optional: the open case the visit belongs to (an
                                         * intake); no new case is opened then */
} LoketVisitInput;

/* Books the visit (and, with open_case, opens the linked case: first status of its case type,
 * deadline after its maximum working days, a provisional reference until the server gives the
 * definitive one).  Returns the appointment's id.  Errors as loket_replica_book_appointment,
 * and LOKET_ERROR_INVALID when open_case is set but the product has no case type. */
char       *loket_replica_book_visit        (LoketReplica *self, const LoketVisitInput *in,
                                             GError **error);

/* One appointment with everything the desk shows about it: the appointments columns and
 * capacity_name, location_id, location_name, product_name, customer_name, customer_birth_date,
 * customer_email, customer_phone, case_reference, case_status, case_type_name, pending (1
 * while a change of it is still in the outbox), waiting_seconds (arrival → call, NULL until
 * called) and handling_seconds (start → finish, NULL until finished).  NULL when unknown. */
LoketRecord *loket_replica_get_appointment  (LoketReplica *self, const char *appointment_id);

/* Its history, oldest first: the appointment_events columns and by_name (the user's name). */
GListModel *loket_replica_list_appointment_events (LoketReplica *self,
                                                   const char *appointment_id);

/* Appointments for the week and list views, by start time; every member but limit optional.
 * Items have the columns of loket_replica_get_appointment. */
typedef struct {
  const char  *location_id;
  const char  *capacity_id;
  const char  *product_id;
  const char  *status;          /* one of the appointment statuses */
  const GDate *from;            /* local dates, inclusive, in the location's zone */
  const GDate *until;
  guint        limit;           /* 0: no limit */
} LoketAppointmentFilter;

GListModel *loket_replica_query_appointments (LoketReplica *self,
                                              const LoketAppointmentFilter *filter);

/* Whether the customer already has an open (booked or checked-in) appointment for the product
 * that starts after now: the double booking the dialog warns about.  Returns its id or NULL. */
char       *loket_replica_find_double_booking (LoketReplica *self, const char *customer_id,
                                               const char *product_id, GDateTime *now);

/* ---- the day at the desk ---------------------------------------------------------------------- */

typedef enum {
  LOKET_STEP_CHECK_IN,  /* the customer arrived (receptie / gastheer): booked → checked_in */
  LOKET_STEP_CALL,      /* called to a desk; ends the waiting time */
  LOKET_STEP_START,     /* handling starts (a call that is not answered can be repeated) */
  LOKET_STEP_FINISH,    /* handling finished: → done; ends the handling time */
  LOKET_STEP_NO_SHOW,   /* booked, never came: → no_show */
} LoketAppointmentStep;

/* Records a step at the desk's clock (for display; the server keeps the order).  desk: where the
 * customer is called to ("Balie 3"), for LOKET_STEP_CALL; NULL otherwise.  LOKET_ERROR_INVALID
 * for a step out of order (finishing an appointment nobody checked in); LOKET_ERROR_NOT_FOUND
 * for an unknown appointment. */
gboolean    loket_replica_appointment_step  (LoketReplica *self, const char *appointment_id,
                                             LoketAppointmentStep step, const char *desk,
                                             GError **error);

/* ---- closures --------------------------------------------------------------------------------- */

typedef struct {
  const char *location_id;      /* NULL with capacity_id NULL: every location (a holiday) */
  const char *capacity_id;      /* NULL: the whole location */
  GDate       from;             /* local dates, inclusive */
  GDate       until;
  const char *kind;             /* feestdag | sluiting (default) | afwezigheid */
  const char *reason;
} LoketClosureInput;

/* Adds a closure; returns its id. LOKET_ERROR_INVALID for until before from or an unknown
 * kind, LOKET_ERROR_NOT_FOUND for an unknown location or capacity. */
char       *loket_replica_add_closure       (LoketReplica *self, const LoketClosureInput *in,
                                             GError **error);

/* Closures that overlap [from, until] for a location (NULL: all), by date. */
GListModel *loket_replica_list_closures     (LoketReplica *self, const char *location_id,
                                             const GDate *from, const GDate *until);

/* The booked and checked-in appointments a closure covers (their local day in their location's
 * zone), by start: the columns of loket_replica_get_appointment. */
GListModel *loket_replica_list_closure_appointments (LoketReplica *self, const char *closure_id);

/* Moves every appointment loket_replica_list_closure_appointments gives to the nearest free
 * time at its location that the closure does not cover — the same time on another desk that
 * handles the product, or a later day (the first of loket_replica_find_alternatives).  Each
 * move is its own reschedule mutation.  Returns the appointments that could not be moved (no
 * free time within the horizon), so the desk can call those customers. */
GListModel *loket_replica_move_closure_appointments (LoketReplica *self, const char *closure_id,
                                                     GDateTime *now, guint *n_moved,
                                                     GError **error);

/* ---- configuration (functioneel beheerder) ---------------------------------------------------- */

/* Creates (no "id" member) or changes a row of product_groups, products, capacities,
 * locations or case_types; returns its id.  row holds the columns to set: product_groups {name, werkveld};
 * products {group_id, name, norm_minutes, handling_level, line, public, case_type_id,
 * description, max_per_booking, asks_reason, article_id, remind_email_minutes (0 – a week),
 * remind_sms_minutes (0 – a day): the reminders' minutes before the start, 0 for none};
 * capacities {location_id, group_id,
 * kind (balie | spreekkamer | zaal | ambtenaar | afhaallocatie), name, facilities (JSON array
 * text), active}; locations {name, kind (stadhuis | kantoor | satelliet), address, timezone,
 * opening_days (bit 0 = Monday), facilities, works_offline}; case_types {name,
 * max_working_days (1 – 250), statuses (JSON array text, at least 2), public_statuses (JSON
 * object text: status → what the citizen reads), team_id, confidential, retention_years
 * (1 – 100), retention_action (bewaren | vernietigen), intake_product_id}: a status open cases
 * are in cannot be dropped.  A new row needs its required
 * columns.  LOKET_ERROR_FORBIDDEN unless the user is a functional administrator,
 * LOKET_ERROR_INVALID with a sentence for a value that does not fit (an unknown column is
 * refused too), LOKET_ERROR_NOT_FOUND for a reference to nothing. */
char       *loket_replica_save_config       (LoketReplica *self, const char *entity,
                                             JsonObject *row, GError **error);

/* Reference data the configuration shows: product groups (id, name, werkveld), case types
 * (every column), both by name; holidays from a date on (date, name), by date. */
GListModel *loket_replica_list_product_groups (LoketReplica *self);
GListModel *loket_replica_list_case_types   (LoketReplica *self);
GListModel *loket_replica_list_holidays     (LoketReplica *self, const GDate *from);

/* ---- availability rules (functioneel beheerder) ---------------------------------------------- */

typedef struct {
  const char *id;               /* NULL: a new rule */
  const char *capacity_id;
  guint8      weekdays;         /* bit 0 = Monday */
  guint       every_weeks;      /* 1: every week; 2: every other week, counted from anchor */
  GDate       anchor;           /* invalid: valid_from */
  GDate       valid_from;
  GDate       valid_until;
  int         start_minute;     /* local wall-clock minutes after midnight */
  int         end_minute;
  int         slot_minutes;
  int         places;
  int         public_places;
  int         opens_days;       /* booking opens this many days ahead */
  int         closes_days;      /* and closes this many days before the day */
  int         min_notice_minutes;
} LoketRuleInput;

/* Saves a rule (new or changed); returns its id.  LOKET_ERROR_INVALID with a sentence that says
 * which rule it overlaps (same capacity, a shared weekday and week, overlapping dates and
 * hours) or what else is wrong.  Every save and removal is kept in the rule history. */
char       *loket_replica_save_rule         (LoketReplica *self, const LoketRuleInput *in,
                                             GError **error);
gboolean    loket_replica_remove_rule       (LoketReplica *self, const char *rule_id,
                                             GError **error);
/* A capacity's rules by start date: the availability_rules columns. */
GListModel *loket_replica_list_rules        (LoketReplica *self, const char *capacity_id);
/* The history of a capacity's rules, newest first: the availability_rule_history columns and
 * by_name. */
GListModel *loket_replica_list_rule_history (LoketReplica *self, const char *capacity_id);

G_END_DECLS
