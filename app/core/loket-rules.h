#pragma once

#include <json-glib/json-glib.h>

#include "loket-db.h"
#include "loket-workdays.h"

G_BEGIN_DECLS

/* Domain rules the desk and the server both apply, so a change the desk accepts offline is the
 * change the server accepts: which availability rules may exist side by side, the order of the
 * steps of a visit at the desk, who may close an agenda or keep rules, and a case's deadline. */

/* ---- availability rules ------------------------------------------------------------------------ */

/* One availability rule as stored (the availability_rules columns). */
typedef struct {
  char   *id;
  char   *capacity_id;
  guint8  weekdays;           /* bit 0 = Monday */
  guint   every_weeks;        /* 1: every week */
  GDate   anchor;             /* the week counting starts from; valid_from when not set */
  GDate   valid_from;
  GDate   valid_until;
  int     start_minute;       /* local wall-clock minutes after midnight */
  int     end_minute;
  int     slot_minutes;
  int     places;
  int     public_places;
  int     opens_days;
  int     closes_days;
  int     min_notice_minutes;
} LoketRule;

void        loket_rule_clear          (LoketRule *rule);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoketRule, loket_rule_clear)
/* Reads and checks a rule from a row or a mutation's args (availability_rules column names:
 * weekdays, every_weeks, anchor_date?, valid_from, valid_until, start_time "HH:MM", end_time,
 * slot_minutes, places, public_places, opens_days, closes_days, min_notice_minutes).
 * LOKET_ERROR_INVALID with a sentence for the desk when something does not fit. */
gboolean    loket_rule_from_json      (JsonObject *object, LoketRule *rule, GError **error);
/* The row to store, with every column. */
JsonObject *loket_rule_to_json        (const LoketRule *rule);
/* Whether two rules of one capacity would open the same time: a shared weekday in a week both
 * run (every-N-weeks counted from their anchors), overlapping dates and overlapping hours. */
gboolean    loket_rule_overlaps       (const LoketRule *a, const LoketRule *b);
/* Refuses (LOKET_ERROR_INVALID, naming the other rule's days and hours) a rule that overlaps
 * another rule of its capacity in db; the rule with the same id is left out (an edit). */
gboolean    loket_rule_check_overlap  (LoketDb *db, const LoketRule *rule, GError **error);
/* "Mon, Wed 08:30–12:00, every 2 weeks, 1 Jan 2026 – 31 Dec 2026", for messages and history. */
char       *loket_rule_describe       (const LoketRule *rule);

/* ---- the steps of a visit at the desk -------------------------------------------------------- */

typedef enum {
  LOKET_STEP_VERDICT_APPLY,     /* take the step */
  LOKET_STEP_VERDICT_ALREADY,   /* the visit is past it already (another desk took it): no change */
  LOKET_STEP_VERDICT_REFUSE,    /* out of order; *error says why */
} LoketStepVerdict;

/* step: check_in | call | start | finish | no_show.  status: the appointment's; called and
 * started: whether it has called_at / started_at. */
LoketStepVerdict loket_rules_judge_step (const char *step, const char *status, gboolean called,
                                         gboolean started, GError **error);
gboolean         loket_rules_is_step    (const char *step);
/* The UPDATE that takes an applied step on the appointments table, the same on both sides;
 * parameters ?1 at (UTC wire time), ?2 desk (NULL but for call), ?3 user id, ?4 appointment
 * id.  A step that skips one (finishing without a call) dates the skipped ones at the same
 * moment, so the waiting and handling times are always defined. */
const char      *loket_rules_step_sql   (const char *step);
/* The appointment_events kind a step leaves: checked_in, called, started, finished, no_show. */
const char      *loket_rules_step_event (const char *step);

/* ---- who may do what ------------------------------------------------------------------------- */

/* Closing an agenda (a closure): team leaders, coordinators and functional administrators. */
gboolean    loket_rules_may_close     (const char *role_id);
/* Merging two customer records by hand: the same roles. */
gboolean    loket_rules_may_merge_customers (const char *role_id);
/* Keeping availability rules: functional administrators. */
gboolean    loket_rules_may_keep_rules (const char *role_id);
/* Writing, reviewing and publishing knowledge articles, keeping the synonyms and reading the
 * search figures: knowledge editors and functional administrators. */
gboolean    loket_rules_may_edit_articles (const char *role_id);

/* ---- visits ---------------------------------------------------------------------------------- */

/* The minutes a visit takes: each item's product norm time times its count.  items: JSON array
 * of {product_id, count}.  capacity_id (NULL: any) must handle every product (its product
 * group, and active).  LOKET_ERROR_NOT_FOUND for an unknown product or capacity,
 * LOKET_ERROR_INVALID for an empty visit, a count below 1 or above the product's
 * max_per_booking, or a product the capacity does not handle. */
gboolean    loket_rules_visit_minutes (LoketDb *db, const char *capacity_id, JsonArray *items,
                                       int *minutes, GError **error);

/* ---- configuration ------------------------------------------------------------------------- */

/* Whether entity is configuration a functional administrator keeps with save_config:
 * product_groups, products, capacities, locations, case_types. */
gboolean    loket_rules_is_config     (const char *entity);
/* Checks a save_config row: known columns only, values of the right type and range, references
 * that exist, the required columns for a new row (*is_new: no row with its id in db yet).
 * Only an optional reference may be null.  A case type's statuses are at least two names,
 * none blank, none twice; its public_statuses (a JSON object as text, status → the wording
 * the citizen reads) name only its statuses (after the change) with a non-blank text each: a
 * status the citizen is not told of is left out, never given "".  A change of statuses may
 * not leave out a status that open cases of the type (in db) are in.  Its transitions are not
 * configuration: they stay as they are.
 * LOKET_ERROR_INVALID / LOKET_ERROR_NOT_FOUND with a sentence for the administrator. */
gboolean    loket_rules_check_config  (LoketDb *db, const char *entity, JsonObject *row,
                                       gboolean *is_new, GError **error);

/* The whole row to write for a checked save_config row: the stored row with the changes laid
 * over it (a new row as it is).  NULL only for a failing database. */
JsonObject *loket_rules_config_row    (LoketDb *db, const char *entity, JsonObject *row,
                                       GError **error);

/* ---- cases ------------------------------------------------------------------------------------- */

/* The working days deadlines count with, the same on the desk and the server: weekends, the
 * Dutch national holidays of first_year up to last_year and the holidays table of db.  NULL
 * only when db fails. */
LoketWorkdays *loket_rules_load_workdays (LoketDb *db, int first_year, int last_year,
                                          GError **error);
/* The deadline of a case opened on a local date: max_working_days working days later, skipping
 * weekends, the Dutch national holidays and the holidays in db. */
gboolean    loket_rules_case_deadline (LoketDb *db, const GDate *opened, guint max_working_days,
                                       GDate *deadline, GError **error);

/* Whether a case may move from status from to status to (both names of statuses, the case
 * type's JSON array): when the type's transitions (a JSON object, status → array of next
 * statuses; NULL or empty: none) list from, to must be one of those; else any later status or
 * back one step.  to must be one of the statuses either way.  The desk and the server ask this
 * same question. */
gboolean    loket_rules_case_move_allowed (const char *statuses, const char *transitions,
                                           const char *from, const char *to);

G_END_DECLS
