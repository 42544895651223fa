/* loket-demo-agenda.c — demo appointments on the slots of the opening hours, the cases
 * they and the back office made with their status history, notes and contact moments.
 * See loket-demo.c.
 */
#include "loket-demo-private.h"

#include <string.h>

#include "loket-auth.h"
#include "loket-error.h"

/* ---- Appointments -------------------------------------------------------------------- */

static gboolean
is_holiday (Demo *d, const GDate *date)
{
  char text[11];

  demo_format_date (date, text);
  return g_hash_table_contains (d->holidays, text);
}

static gboolean
is_closed (Demo *d, int capacity, const GDate *date)
{
  if (is_holiday (d, date))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (d->closures); i++)
    {
      const DemoClosure *c = &d->closures[i];

      if (g_date_compare (&c->date, date) == 0
          && (c->capacity == capacity || c->location == loket_demo_capacities[capacity].location))
        return TRUE;
    }
  return FALSE;
}

/* A product the capacity handles, by how often it is asked for; the web books only public
 * products. P_NONE when there is none. */
static int
pick_product (Demo *d, guint32 allowed, gboolean web)
{
  int total = 0, r;

  for (int p = 0; p < N_PRODUCTS; p++)
    if ((allowed & BIT (p)) && (!web || loket_demo_products[p].public))
      total += loket_demo_products[p].weight;
  if (total == 0)
    return P_NONE;
  r = demo_pick (d, total);
  for (int p = 0; p < N_PRODUCTS; p++)
    if ((allowed & BIT (p)) && (!web || loket_demo_products[p].public))
      {
        r -= loket_demo_products[p].weight;
        if (r < 0)
          return p;
      }
  g_assert_not_reached ();
}

static const char *
pick_reason (Demo *d, int product)
{
  const char *const *reasons = loket_demo_products[product].reasons;
  int n = 0;

  while (reasons[n] != NULL)
    n++;
  return reasons[demo_pick (d, n)];
}

/* Bouwen en wonen meets by video now and then, or with the architect on screen. */
static const char *
pick_mode (Demo *d, int product)
{
  int r = demo_pick (d, 100);

  if (loket_demo_products[product].group != GROUP_BOUW || r < 60)
    return "fysiek";
  return r < 85 ? "digitaal" : "hybride";
}

/* Who at a desk booked a visit for this capacity (the KCC books by phone). */
static int
desk_user (Demo *d, int capacity)
{
  if (loket_demo_capacities[capacity].location == LOC_NOORD)
    return U_NOORD;
  if (loket_demo_capacities[capacity].location == LOC_BIEB)
    return U_BIEB;
  if (loket_demo_capacities[capacity].group == GROUP_BOUW)
    return U_BACKOFFICE;
  if (loket_demo_capacities[capacity].group == GROUP_ZALEN)
    return U_FACILITAIR;
  return demo_chance (d, 60) ? U_BALIE : U_KCC;
}

static void
set_status (Demo *d, DemoAppointment *a)
{
  int r = demo_pick (d, 100);

  a->status_reason = "";
  if (a->start > d->now)
    a->status = "booked";
  else if (a->end > d->now)
    a->status = loket_demo_products[a->product].group == GROUP_ZALEN ? "booked" : "checked_in";
  else if (r < 80)
    a->status = "done";
  else if (r < 88)
    a->status = "no_show";
  else
    {
      a->status = "cancelled";
      a->status_reason = r < 95 ? "Afgezegd door de klant" : "Klant is ziek";
    }
}

static void
add_appointment (Demo *d, const RuleDef *rule, const GDate *date, int first_slot, int n_slots,
                 int product, gboolean web)
{
  DemoAppointment a = { .product = product, .capacity = rule->capacity, .web = web };
  gint64 booked_before;

  demo_new_id (a.id);
  a.start = demo_local_unix (d, date, rule->start + first_slot * rule->slot_minutes);
  a.end = a.start + (gint64) n_slots * rule->slot_minutes * 60;
  a.customer = demo_pick_customer (d, loket_demo_products[product].group == GROUP_ZALEN);
  a.created_by = web ? U_NONE : desk_user (d, rule->capacity);
  booked_before = g_rand_int_range (d->rand, 3600, 14 * 86400);
  a.created = MIN (a.start, d->now) - booked_before;
  if (!web)
    a.created = demo_office_time_between (d, a.created, MIN (a.start, d->now) - 600);
  a.reason = pick_reason (d, product);
  a.mode = pick_mode (d, product);
  set_status (d, &a);
  g_array_append_val (d->appointments, a);
}

/* The channel of a booking: the only one with a share, or either when both have one. */
static gboolean
pick_web (Demo *d, const RuleDef *rule)
{
  if (rule->public_places == 0)
    return FALSE;
  if (rule->places == rule->public_places)
    return TRUE;
  return demo_chance (d, 50);
}

/* Books the demand of one rule on one day. used[channel][slot] counts the bookings (of any
 * status) in each slot, and a visit goes only where every slot it needs has room left in its
 * channel's share.  The first visit of a rule-day always fits: the channel has a share and
 * the visit a start that keeps it inside the rule. */
static void
plan_rule_day (Demo *d, const RuleDef *rule, const GDate *date)
{
  int used[2][MAX_SLOTS] = { { 0 } };
  int n_slots = (rule->end - rule->start) / rule->slot_minutes;
  int want = g_rand_int_range (d->rand, rule->demand_lo, rule->demand_hi + 1);
  int placed = 0;

  g_assert (n_slots <= MAX_SLOTS);
  for (int attempt = 0; placed < want && attempt < 4 * want; attempt++)
    {
      gboolean web = pick_web (d, rule);
      int share = web ? rule->public_places : rule->places - rule->public_places;
      int product = pick_product (d, loket_demo_capacities[rule->capacity].products, web);
      int need, first;
      gboolean fits = TRUE;

      if (product == P_NONE)
        continue;
      need = (loket_demo_products[product].norm_minutes + rule->slot_minutes - 1)
             / rule->slot_minutes;
      if (need > n_slots)
        continue;
      first = g_rand_int_range (d->rand, 0, n_slots - need + 1);
      for (int s = first; s < first + need; s++)
        fits = fits && used[web][s] < share;
      if (!fits)
        continue;
      for (int s = first; s < first + need; s++)
        used[web][s]++;
      add_appointment (d, rule, date, first, need, product, web);
      placed++;
    }
}

void
demo_plan_appointments (Demo *d)
{
  for (int offset = -HISTORY_DAYS; offset <= FUTURE_DAYS; offset++)
    {
      GDate date;
      guint8 weekday_bit;

      demo_date_from_today (d, offset, &date);
      weekday_bit = 1 << (g_date_get_weekday (&date) - 1);
      for (guint i = 0; i < loket_demo_n_rules; i++)
        {
          const RuleDef *rule = &loket_demo_rules[i];

          if ((rule->weekdays & weekday_bit) && !is_closed (d, rule->capacity, &date))
            plan_rule_day (d, rule, &date);
        }
    }
}

gboolean
demo_insert_appointments (Demo *d, GError **error)
{
  for (guint i = 0; i < d->appointments->len; i++)
    {
      const DemoAppointment *a = &g_array_index (d->appointments, DemoAppointment, i);
      DemoTime start, end, created;

      demo_format_utc (a->start, start);
      demo_format_utc (a->end, end);
      demo_format_utc (a->created, created);
      if (!demo_insert (d, "INSERT INTO appointments (id, product_id, capacity_id, customer_id,"
                        " case_id, start_at, end_at, reason, mode, channel, status,"
                        " status_reason, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssssss",
                        error, a->id, d->product_ids[a->product], d->capacity_ids[a->capacity],
                        demo_customer_id (d, a->customer), demo_id_or_null (a->case_id), start, end,
                        a->reason, a->mode, a->web ? "web" : "desk", a->status,
                        a->status_reason, demo_user_id (d, a->created_by), created))
        return FALSE;
    }
  return TRUE;
}

/* ---- Cases --------------------------------------------------------------------------- */

static void
case_deadline (Demo *d, int case_type, gint64 opened, GDate *out)
{
  GDate date;

  demo_local_date (d, opened, &date);
  loket_workdays_add (d->workdays, &date, loket_demo_case_types[case_type].max_days, out);
}

/* The status a booking's case has reached: waiting for the visit, or on its way after it and
 * mostly finished once its term has passed. */
static int
booked_case_target (Demo *d, const DemoAppointment *a, const GDate *deadline)
{
  int n = demo_n_statuses (&loket_demo_case_types[loket_demo_products[a->product].case_type]);

  if (!g_str_equal (a->status, "done"))
    return 0;
  if (g_date_compare (deadline, &d->today) < 0 && demo_chance (d, 85))
    return n - 1;
  return g_rand_int_range (d->rand, 1, n);
}

/* A booking makes a case (a zaak); the demo keeps about one in four of them, of bookings made
 * close enough to the visit that the case's term runs past it. */
static void
plan_booked_cases (Demo *d)
{
  for (guint i = 0; i < d->appointments->len; i++)
    {
      const DemoAppointment *a = &g_array_index (d->appointments, DemoAppointment, i);
      DemoCase c = { .case_type = loket_demo_products[a->product].case_type, .product = a->product,
                     .customer = a->customer, .appointment = i, .subject = a->reason,
                     .opened = a->created, .steps_from = a->end };
      GDate deadline, visit;

      if (g_str_equal (a->status, "cancelled") || !demo_chance (d, 25))
        continue;
      case_deadline (d, c.case_type, c.opened, &deadline);
      demo_local_date (d, a->start, &visit);
      if (g_date_compare (&deadline, &visit) < 0)
        continue;
      demo_new_id (c.id);
      c.target = booked_case_target (d, a, &deadline);
      g_array_append_val (d->cases, c);
    }
}

static int
pick_product_of_type (Demo *d, int case_type)
{
  int candidates[N_PRODUCTS], n = 0;

  for (int p = 0; p < N_PRODUCTS; p++)
    if (loket_demo_products[p].case_type == case_type)
      candidates[n++] = p;
  return n > 0 ? candidates[demo_pick (d, n)] : P_NONE;
}

/* A case that came in by mail, phone or e-mail. profile 0: open within its term, 1: open and
 * overdue, 2: closed. Calendar days are about 1.4 working days. */
static void
plan_loose_case (Demo *d, int case_type, int profile)
{
  int n = demo_n_statuses (&loket_demo_case_types[case_type]);
  int term = loket_demo_case_types[case_type].max_days * 7 / 5;
  DemoCase c = { .case_type = case_type, .appointment = -1 };
  int days_ago;

  demo_new_id (c.id);
  c.product = pick_product_of_type (d, case_type);
  c.customer = demo_pick_customer (d, case_type == CT_ZAAL);
  c.subject = c.product != P_NONE
                ? pick_reason (d, c.product)
                : loket_demo_callback_subjects[demo_pick (d, loket_demo_n_callback_subjects)];
  if (profile == 0)
    days_ago = demo_pick (d, MAX (1, term / 2));
  else if (profile == 1)
    days_ago = term + g_rand_int_range (d->rand, 3, 15);
  else
    days_ago = g_rand_int_range (d->rand, term / 3 + 1, term + 30);
  c.target = profile == 2 ? n - 1 : demo_pick (d, n - 1);
  c.opened = demo_office_time (d, days_ago);
  c.steps_from = c.opened + (d->now - c.opened) / 4;
  g_array_append_val (d->cases, c);
}

/* A case that comes with another of the same customer (loket-demo-details.c links them): the
 * talk with a specialist three weeks before a building permit (its intake), the extract for the
 * mortgage made with a move (one bundle), the first passport after a naturalisation. */
typedef struct {
  int case_type, companion, product, days_after;
  const char *subject;     /* NULL: the first case's */
} CompanionDef;

static const CompanionDef companions[] = {
  { CT_OMGEVING, CT_BOUWINFO, P_BOUWINFO, -21, NULL },
  { CT_VERHUIZING, CT_UITTREKSEL, P_UITTREKSEL, 0, "Uittreksel voor hypotheek" },
  { CT_NATURALISATIE, CT_REISDOC, P_PASPOORT, 14, "Eerste paspoort na naturalisatie" },
};

static void
plan_companion (Demo *d, const CompanionDef *def)
{
  DemoCase c = g_array_index (d->cases, DemoCase, d->cases->len - 1);
  int n = demo_n_statuses (&loket_demo_case_types[def->companion]);

  demo_new_id (c.id);
  c.case_type = def->companion;
  c.product = def->product;
  c.subject = def->subject != NULL ? def->subject : c.subject;
  c.opened += (gint64) def->days_after * 24 * 60 * 60;
  if (c.opened > d->now - 3600)
    c.opened = demo_office_time (d, 0);
  /* An intake is over; a bundle moves together; the passport has just been asked for. */
  c.target = def->days_after < 0 ? n - 1 : def->days_after == 0 ? MIN (c.target, n - 1) : 0;
  c.steps_from = c.opened + (d->now - c.opened) / 4;
  g_array_append_val (d->cases, c);
}

static void
plan_loose_cases (Demo *d)
{
  gboolean accompanied[G_N_ELEMENTS (companions)] = { FALSE };
  int profile = 0;

  for (guint i = 0; i < loket_demo_n_loose_cases; i++)
    for (int j = 0; j < loket_demo_loose_cases[i].count; j++)
      {
        plan_loose_case (d, loket_demo_loose_cases[i].case_type, profile++ % 3);
        for (guint k = 0; k < G_N_ELEMENTS (companions); k++)
          if (companions[k].case_type == loket_demo_loose_cases[i].case_type && !accompanied[k])
            {
              plan_companion (d, &companions[k]);
              accompanied[k] = TRUE;
            }
      }
}

static int
compare_opened (gconstpointer a, gconstpointer b)
{
  const DemoCase *x = a, *y = b;

  return (x->opened > y->opened) - (x->opened < y->opened);
}

/* The moment of each status up to the current one: the first when the case was opened, each
 * later one in office hours within its own share of the span from steps_from to now, so
 * they stay in order. */
static void
step_times (Demo *d, const DemoCase *c, gint64 *times)
{
  gint64 span = d->now - c->steps_from;

  times[0] = c->opened;
  for (int i = 1; i <= c->target; i++)
    times[i] = demo_office_time_between (d, c->steps_from + span * (i - 1) / c->target,
                                    c->steps_from + span * i / c->target - 1);
}

static gboolean
insert_history (Demo *d, const DemoCase *c, const gint64 *times, int opener, int handler,
                GError **error)
{
  for (int i = 0; i <= c->target; i++)
    {
      DemoTime at;
      DemoId id;

      demo_new_id (id);
      demo_format_utc (times[i], at);
      if (!demo_insert (d, "INSERT INTO case_status_history (id, case_id, status, at, by_user)"
                        " VALUES (?, ?, ?, ?, ?)", "sssss", error, id, c->id,
                        loket_demo_case_types[c->case_type].statuses[i], at,
                        demo_user_id (d, i == 0 ? opener : handler)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_case (Demo *d, const DemoCase *c, int year, int number, GError **error)
{
  const CaseTypeDef *type = &loket_demo_case_types[c->case_type];
  gboolean closed = c->target == demo_n_statuses (type) - 1;
  int handler = loket_demo_team_handler[type->team];
  int assignee = c->target == 0 && demo_chance (d, 50) ? U_NONE : handler;
  int opener = c->appointment >= 0
                 ? g_array_index (d->appointments, DemoAppointment, c->appointment).created_by
                 : handler;
  gint64 times[G_N_ELEMENTS (type->statuses)];
  char reference[24], deadline_text[11];
  DemoTime opened, closed_at;
  GDate deadline;

  step_times (d, c, times);
  demo_format_utc (c->opened, opened);
  demo_format_utc (times[c->target], closed_at);
  case_deadline (d, c->case_type, c->opened, &deadline);
  demo_format_date (&deadline, deadline_text);
  g_snprintf (reference, sizeof reference, "Z-%d-%06d", year, number);

  return demo_insert (d, "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id,"
                      " subject, status, team_id, assignee_id, opened_at, deadline, closed_at,"
                      " rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssssi",
                      error, c->id, reference, d->case_type_ids[c->case_type],
                      demo_customer_id (d, c->customer),
                      c->product != P_NONE ? d->product_ids[c->product] : NULL, c->subject,
                      type->statuses[c->target], d->team_ids[type->team], demo_user_id (d, assignee),
                      opened, deadline_text, closed ? closed_at : NULL, 1 + c->target)
         && insert_history (d, c, times, opener, handler, error);
}

/* Numbers follow the opening order and start again with each year, as in a real register. */
gboolean
demo_insert_cases (Demo *d, GError **error)
{
  int year = 0, number = 0;

  plan_booked_cases (d);
  plan_loose_cases (d);
  g_array_sort (d->cases, compare_opened);

  for (guint i = 0; i < d->cases->len; i++)
    {
      DemoCase *c = &g_array_index (d->cases, DemoCase, i);
      GDate opened;

      demo_local_date (d, c->opened, &opened);
      if (g_date_get_year (&opened) != year)
        {
          number = year == 0 ? 1200 : 0; /* the first year was well under way */
          year = g_date_get_year (&opened);
        }
      if (!insert_case (d, c, year, ++number, error))
        return FALSE;
      if (c->appointment >= 0)
        g_strlcpy (g_array_index (d->appointments, DemoAppointment, c->appointment).case_id,
                   c->id, sizeof (DemoId));
    }
  return TRUE;
}

/* ---- Notes and contact moments ------------------------------------------------------- */

/* The first confidential case (a naturalisation file), or NULL. */
static const DemoCase *
first_confidential_case (Demo *d)
{
  for (guint i = 0; i < d->cases->len; i++)
    {
      const DemoCase *c = &g_array_index (d->cases, DemoCase, i);

      if (loket_demo_case_types[c->case_type].confidential)
        return c;
    }
  return NULL;
}

/* Notes on cases picked at random, and always one on a confidential case: a naturalisation file
 * has notes, and only its team's desks may get them (whatever today's plan of cases is). */
gboolean
demo_insert_notes (Demo *d, int count, GError **error)
{
  for (int i = 0; i < count; i++)
    {
      const DemoCase *c = i == 0 ? first_confidential_case (d) : NULL;
      const char *const *notes;
      const char *body;
      DemoTime at;
      DemoId id;
      int team;

      if (c == NULL)
        c = &g_array_index (d->cases, DemoCase, demo_pick (d, d->cases->len));
      team = loket_demo_case_types[c->case_type].team;
      notes = loket_demo_team_notes[team];
      body = notes[demo_pick (d, notes[3] != NULL ? 4 : 3)];
      demo_new_id (id);
      demo_format_utc (demo_office_time_between (d, c->opened, d->now - 60), at);
      if (!demo_insert (d, "INSERT INTO notes (id, case_id, customer_id, author_id, body,"
                        " created_at) VALUES (?, ?, ?, ?, ?, ?)", "ssssss", error, id, c->id,
                        demo_customer_id (d, c->customer),
                        demo_user_id (d, loket_demo_team_handler[team]), body, at))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_contact_moment (Demo *d, GError **error)
{
  static const int counter_staff[] = { U_BALIE, U_BALIE, U_NOORD, U_BIEB };
  int r = demo_pick (d, 10);
  const char *channel = r < 4 ? "balie" : r < 8 ? "telefoon" : "email";
  int product = pick_product (d, BALIE_PRODUCTS | BOUW_PRODUCTS | BIT (P_VERGADERZAAL), FALSE);
  int by = r < 4 ? counter_staff[demo_pick (d, G_N_ELEMENTS (counter_staff))] : U_KCC;
  DemoTime at;
  DemoId id;

  demo_new_id (id);
  demo_format_utc (demo_office_time (d, demo_pick (d, 31)), at);
  return demo_insert (d, "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id,"
                      " article_id, resolved_first_contact, at, by_user)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssiss", error, id,
                      demo_customer_id (d, demo_pick_customer (d, product == P_VERGADERZAAL)), channel,
                      loket_demo_products[product].question, d->product_ids[product],
                      demo_id_or_null (d->article_ids[product]), demo_chance (d, 80), at,
                      demo_user_id (d, by));
}

gboolean
demo_insert_contact_moments (Demo *d, int count, GError **error)
{
  for (int i = 0; i < count; i++)
    if (!insert_contact_moment (d, error))
      return FALSE;
  return TRUE;
}
