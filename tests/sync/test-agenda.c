/* Integration: agendas between desks and a real loket-sync with demo data on loopback.
 *
 * A visit of several products booked with its case offline reaches the server with a definitive
 * case reference; the steps at the desk (check-in, call, start, finish) made offline arrive with
 * their desk times, two desks checking in one customer leave one history row; a closure lists
 * the appointments it covers, moving them works offline and syncs; availability rules are kept
 * by functional administrators only, overlapping ones are refused on the desk and, when two
 * desks made them offline, on the server, with a history of every change.
 */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-cases.h"
#include "loket-replica-casework.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"
#include "loket-time.h"

typedef struct {
  char            *dir;
  char            *server_db;
  LoketTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = loket_test_make_tmp_dir ("loket-agenda");
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->server = loket_test_server_start (f->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->server, loket_test_server_free);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
}

static LoketTestDesk *
desk (Fixture *f, const char *name, const char *username)
{
  return loket_test_desk_new (f->dir, name, f->server->url, username);
}

/* The first column of the first row of sql on a desk's replica, or NULL. */
static char *
desk_text (LoketTestDesk *d, const char *sql, const char *param)
{
  sqlite3 *db = loket_db_get_handle (loket_replica_get_db (d->replica));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
server_text (Fixture *f, const char *sql, const char *param)
{
  g_autofree char *quoted = NULL;
  g_autoptr(GString) text = g_string_new (sql);

  if (param != NULL)
    {
      quoted = g_strdup_printf ("'%s'", param);
      g_string_replace (text, "?", quoted, 1);
    }
  return loket_test_db_text (f->server_db, text->str);
}

/* A product with a case type at the desk's location, one of its capacities there and the
 * product's norm time. */
typedef struct {
  char *product_id, *capacity_id, *location_id;
} Choice;

static void
choice_clear (Choice *c)
{
  g_free (c->product_id);
  g_free (c->capacity_id);
  g_free (c->location_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Choice, choice_clear)

static void
choose (LoketTestDesk *d, const char *product_name, const char *capacity_name, Choice *c)
{
  c->product_id = desk_text (d, "SELECT id FROM products WHERE name = ?", product_name);
  c->capacity_id = desk_text (d, "SELECT id FROM capacities WHERE name = ?", capacity_name);
  c->location_id = desk_text (d, "SELECT location_id FROM capacities WHERE name = ?",
                              capacity_name);
  g_assert_nonnull (c->product_id);
  g_assert_nonnull (c->capacity_id);
}

/* Books the visit (for case_id, or NULL) at the first free time on or after day + offset
 * working days that takes it (the free slots of the first product, tried in order); returns the
 * appointment's id. */
static char *
book_first_free (LoketTestDesk *d, const Choice *c, const LoketVisitItem *items, guint n_items,
                 gboolean open_case, int days_ahead, const char *case_id)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) start = g_date_time_add_days (now, days_ahead);

  for (int day = 0; day < 30; day++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_days (start, day);
      g_autoptr(GArray) slots = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (when),
                      (GDateMonth) g_date_time_get_month (when),
                      (GDateYear) g_date_time_get_year (when));
      slots = loket_replica_free_slots (d->replica, c->capacity_id, c->product_id, &date, now,
                                        NULL);
      for (guint i = 0; slots != NULL && i < slots->len; i++)
        {
          LoketVisitInput in = {
            .items = items, .n_items = n_items, .capacity_id = c->capacity_id,
            .start = g_array_index (slots, LoketSlot, i).start, .customer_id = NULL,
            .reason = "test", .mode = "fysiek", .note = "ingang B", .open_case = open_case,
            .case_id = case_id,
          };
          g_autoptr(GError) error = NULL;
          char *id = loket_replica_book_visit (d->replica, &in, &error);

          if (id != NULL)
            return id;
          g_assert_true (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN)
                         || g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED));
        }
    }
  g_assert_not_reached ();
  return NULL;
}

/* ---- a visit with its case ------------------------------------------------------------------- */

static void
test_visit_with_case (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = desk (f, "a", "balie");
  g_auto(Choice) c = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *provisional = NULL;
  g_autofree char *definitive = NULL;
  g_autofree char *server_case = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *events = NULL;
  g_autoptr(LoketRecord) record = NULL;
  g_autofree char *id_card = NULL;

  choose (a, "Paspoort", "Balie 1", &c);
  id_card = desk_text (a, "SELECT id FROM products WHERE name = 'Identiteitskaart'", NULL);
  loket_test_desk_set_offline (a, TRUE);
  {
    /* Above the product's maximum per booking: refused on the desk. */
    LoketVisitItem too_many[] = { { c.product_id, 99 } };
    LoketVisitInput in = { .items = too_many, .n_items = 1, .capacity_id = c.capacity_id,
                           .start = 0 };
    g_autoptr(GError) error = NULL;

    g_assert_null (loket_replica_book_visit (a->replica, &in, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  }
  {
    /* A passport and an ID card in one visit: two norm times back to back. */
    LoketVisitItem items[] = { { c.product_id, 1 }, { id_card, 1 } };

    id = book_first_free (a, &c, items, G_N_ELEMENTS (items), TRUE, 1, NULL);
  }
  record = loket_replica_get_appointment (a->replica, id);
  g_assert_nonnull (record);
  case_id = g_strdup (loket_record_get_string (record, "case_id"));
  g_assert_nonnull (case_id);
  provisional = g_strdup (loket_record_get_string (record, "case_reference"));
  g_assert_true (g_regex_match_simple ("^Z-[0-9]{4}-[0-9A-F]{6}$", provisional, 0, 0));
  g_assert_cmpstr (loket_record_get_string (record, "case_type_name"), ==, "Reisdocument");
  g_assert_cmpstr (loket_record_get_string (record, "note"), ==, "ingang B");
  minutes = desk_text (a, "SELECT (julianday (end_at) - julianday (start_at)) * 1440"
                       " FROM appointments WHERE id = ?", id);
  g_assert_cmpint ((int) (g_ascii_strtod (minutes, NULL) + 0.5), ==, 20);
  g_assert_cmpuint (loket_replica_count_pending (a->replica), ==, 2);

  loket_test_desk_set_offline (a, FALSE);
  loket_test_desk_sync_quiet (a);
  server_case = server_text (f, "SELECT case_id FROM appointments WHERE id = ?", id);
  g_assert_cmpstr (server_case, ==, case_id);
  definitive = server_text (f, "SELECT reference FROM cases WHERE id = ?", case_id);
  g_assert_true (g_regex_match_simple ("^Z-[0-9]{4}-[0-9]{6}$", definitive, 0, 0));
  g_free (events);
  events = server_text (f, "SELECT group_concat (kind) FROM appointment_events"
                        " WHERE appointment_id = ?", id);
  g_assert_cmpstr (events, ==, "booked");
  g_free (minutes);
  minutes = server_text (f, "SELECT json_array_length (items) FROM appointments WHERE id = ?", id);
  g_assert_cmpstr (minutes, ==, "2");
  /* The desk now shows the server's reference. */
  g_clear_object (&record);
  record = loket_replica_get_appointment (a->replica, id);
  g_assert_cmpstr (loket_record_get_string (record, "case_reference"), ==, definitive);
  g_free (events);
  events = server_text (f, "SELECT status FROM case_status_history WHERE case_id = ?", case_id);
  g_assert_cmpstr (events, ==, "ontvangen");
}

/* A building permit's intake booked from its case: the type's intake product, the case's
 * customer; the appointment belongs to the case and no second case opens.  A closed case takes
 * no booking. */
static void
test_visit_for_case (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = desk (f, "a", "balie");
  g_auto(Choice) c = { 0 };
  g_autofree char *type = desk_text (a, "SELECT id FROM case_types WHERE name = ?",
                                     "Omgevingsvergunning");
  g_autofree char *customer = desk_text (a, "SELECT id FROM customers WHERE kind = ?", "person");
  LoketCaseInput kase = { .case_type_id = type, .customer_id = customer };
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *product = NULL;
  g_autofree char *id = NULL;
  g_autofree char *cases_before = NULL;
  g_autofree char *cases_after = NULL;
  g_autofree char *server_case = NULL;
  g_autoptr(LoketRecord) record = NULL;

  choose (a, "Omgevingsvergunning (intake)", "Spreekkamer 1", &c);
  case_id = loket_replica_create_case (a->replica, &kase, &error);
  g_assert_no_error (error);
  product = loket_replica_case_visit_product (a->replica, case_id);
  g_assert_cmpstr (product, ==, c.product_id);
  cases_before = desk_text (a, "SELECT count (*) FROM cases WHERE ? IS NOT NULL", case_id);
  {
    LoketVisitItem items[] = { { c.product_id, 1 } };

    id = book_first_free (a, &c, items, 1, TRUE, 1, case_id);
  }
  cases_after = desk_text (a, "SELECT count (*) FROM cases WHERE ? IS NOT NULL", case_id);
  g_assert_cmpstr (cases_after, ==, cases_before);
  record = loket_replica_get_appointment (a->replica, id);
  g_assert_cmpstr (loket_record_get_string (record, "case_id"), ==, case_id);
  loket_test_desk_sync_quiet (a);
  server_case = server_text (f, "SELECT case_id FROM appointments WHERE id = ?", id);
  g_assert_cmpstr (server_case, ==, case_id);

  /* Closed, or unknown: refused with a sentence, nothing booked. */
  g_assert_true (loket_replica_set_case_status (a->replica, case_id, "afgehandeld", &error));
  g_assert_no_error (error);
  {
    LoketVisitItem items[] = { { c.product_id, 1 } };
    LoketVisitInput in = { .items = items, .n_items = 1, .capacity_id = c.capacity_id,
                           .start = 0, .case_id = case_id };
    LoketVisitInput unknown = { .items = items, .n_items = 1, .capacity_id = c.capacity_id,
                                .start = 0, .case_id = "geen-zaak" };
    guint pending = loket_replica_count_pending (a->replica);

    g_assert_null (loket_replica_book_visit (a->replica, &in, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (loket_replica_book_visit (a->replica, &unknown, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
    g_assert_cmpuint (loket_replica_count_pending (a->replica), ==, pending);
  }
}

/* ---- the day at the desk ------------------------------------------------------------------------ */

static void
step (LoketTestDesk *d, const char *id, LoketAppointmentStep step, const char *desk_name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_appointment_step (d->replica, id, step, desk_name, &error));
  g_assert_no_error (error);
}

static void
test_steps (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) a = desk (f, "a", "balie");
  g_autoptr(LoketTestDesk) b = desk (f, "b", "teamleider");
  g_auto(Choice) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) record = NULL;
  g_autofree char *id = NULL;
  g_autofree char *events = NULL;
  LoketVisitItem items[1];

  choose (a, "Paspoort", "Balie 2", &c);
  items[0] = (LoketVisitItem) { c.product_id, 1 };
  id = book_first_free (a, &c, items, 1, FALSE, 1, NULL);
  loket_test_desk_sync_quiet (a);
  loket_test_desk_sync (b);

  /* Out of order: refused on the desk, nothing recorded. */
  g_assert_false (loket_replica_appointment_step (a->replica, id, LOKET_STEP_FINISH, NULL,
                                                  &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  /* Both desks check the customer in offline; desk a calls, starts and finishes. */
  loket_test_desk_set_offline (a, TRUE);
  loket_test_desk_set_offline (b, TRUE);
  step (b, id, LOKET_STEP_CHECK_IN, NULL);
  step (a, id, LOKET_STEP_CHECK_IN, NULL);
  g_assert_false (loket_replica_appointment_step (a->replica, id, LOKET_STEP_NO_SHOW, NULL,
                                                  &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_usleep (1100 * 1000);  /* times are kept to the second */
  step (a, id, LOKET_STEP_CALL, "Balie 2");
  step (a, id, LOKET_STEP_START, NULL);
  g_usleep (1100 * 1000);
  step (a, id, LOKET_STEP_FINISH, NULL);
  record = loket_replica_get_appointment (a->replica, id);
  g_assert_cmpstr (loket_record_get_string (record, "status"), ==, "done");
  g_assert_cmpstr (loket_record_get_string (record, "called_to"), ==, "Balie 2");
  g_assert_cmpint (loket_record_get_int (record, "waiting_seconds"), >=, 1);
  g_assert_cmpint (loket_record_get_int (record, "handling_seconds"), >=, 1);

  loket_test_desk_set_offline (a, FALSE);
  loket_test_desk_set_offline (b, FALSE);
  loket_test_desk_sync_quiet (b);
  loket_test_desk_sync_quiet (a);
  loket_test_desk_sync_quiet (b);
  {
    const char *columns[] = { "arrived_at", "called_at", "started_at", "finished_at", "status",
                              "called_to" };

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT %s FROM appointments WHERE id = ?",
                                                columns[i]);
        g_autofree char *on_a = desk_text (a, sql, id);
        g_autofree char *on_b = desk_text (b, sql, id);
        g_autofree char *on_server = server_text (f, sql, id);

        g_assert_nonnull (on_server);
        g_assert_cmpstr (on_a, ==, on_server);
        g_assert_cmpstr (on_b, ==, on_server);
      }
  }
  events = server_text (f, "SELECT group_concat (kind, ' ') FROM (SELECT kind FROM"
                        " appointment_events WHERE appointment_id = ? ORDER BY at, rowid)", id);
  g_assert_cmpstr (events, ==, "booked checked_in called started finished");
  g_free (events);
  events = desk_text (a, "SELECT count(*) FROM appointment_events WHERE appointment_id = ?", id);
  g_assert_cmpstr (events, ==, "5");
  g_assert_cmpuint (loket_replica_count_open_issues (a->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (b->replica), ==, 0);
}

/* ---- closures ------------------------------------------------------------------------------------ */

static void
test_closure_moves (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) clerk = desk (f, "clerk", "balie");
  g_autoptr(LoketTestDesk) lead = desk (f, "lead", "teamleider");
  g_autoptr(LoketTestDesk) other = desk (f, "other", "coordinator");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GListModel) affected = NULL;
  g_autoptr(GListModel) unmoved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) first = NULL;
  g_auto(Choice) c = { 0 };
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  char *ids[2];
  g_autofree char *closure_id = NULL;
  LoketVisitItem items[1];
  LoketClosureInput closure = { 0 };
  gint64 start = 0;
  guint moved = 0;

  choose (lead, "Paspoort", "Balie 3", &c);
  items[0] = (LoketVisitItem) { c.product_id, 1 };
  ids[0] = first_id = book_first_free (lead, &c, items, 1, FALSE, 7, NULL);
  ids[1] = second_id = book_first_free (lead, &c, items, 1, FALSE, 7, NULL);
  loket_test_desk_sync_quiet (lead);

  first = loket_replica_get_appointment (lead->replica, ids[0]);
  g_assert_true (loket_protocol_parse_time (loket_record_get_string (first, "start_at"), &start));
  closure.capacity_id = c.capacity_id;
  loket_time_local_date (tz, start, &closure.from);
  closure.until = closure.from;
  closure.kind = "sluiting";
  closure.reason = "Storing pasfotoapparaat";

  /* A desk clerk may not close an agenda. */
  g_assert_null (loket_replica_add_closure (clerk->replica, &closure, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
  g_clear_error (&error);

  loket_test_desk_set_offline (lead, TRUE);
  closure_id = loket_replica_add_closure (lead->replica, &closure, &error);
  g_assert_no_error (error);
  affected = loket_replica_list_closure_appointments (lead->replica, closure_id);
  g_assert_cmpuint (g_list_model_get_n_items (affected), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (affected); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (affected, i);

      g_assert_cmpstr (loket_record_get_string (item, "capacity_id"), ==, c.capacity_id);
    }
  unmoved = loket_replica_move_closure_appointments (lead->replica, closure_id, now, &moved,
                                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (unmoved), ==, 0);
  g_assert_cmpuint (moved, ==, g_list_model_get_n_items (affected));
  g_clear_object (&affected);
  affected = loket_replica_list_closure_appointments (lead->replica, closure_id);
  g_assert_cmpuint (g_list_model_get_n_items (affected), ==, 0);

  loket_test_desk_set_offline (lead, FALSE);
  loket_test_desk_sync_quiet (lead);
  loket_test_desk_sync (other);
  g_assert_cmpuint (loket_replica_count_open_issues (lead->replica), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *on_lead = desk_text (lead, "SELECT start_at || capacity_id FROM"
                                            " appointments WHERE id = ?", ids[i]);
      g_autofree char *on_server = server_text (f, "SELECT start_at || capacity_id FROM"
                                                " appointments WHERE id = ?", ids[i]);
      g_autofree char *on_other = desk_text (other, "SELECT start_at || capacity_id FROM"
                                             " appointments WHERE id = ?", ids[i]);

      g_assert_cmpstr (on_lead, ==, on_server);
      g_assert_cmpstr (on_other, ==, on_server);
    }
  g_autofree char *reason = server_text (f, "SELECT reason FROM closures WHERE id = ?",
                                         closure_id);
  g_assert_cmpstr (reason, ==, "Storing pasfotoapparaat");
  g_autofree char *events = server_text (f, "SELECT count(*) FROM appointment_events"
                                         " WHERE kind = 'rescheduled' AND appointment_id = ?",
                                         ids[0]);
  g_assert_cmpstr (events, ==, "1");
}

/* ---- availability rules ----------------------------------------------------------------------- */

static LoketRuleInput
saturday_rule (const char *capacity_id, int start_minute, int end_minute)
{
  LoketRuleInput rule = {
    .capacity_id = capacity_id, .weekdays = 1 << 5, .every_weeks = 2,
    .start_minute = start_minute, .end_minute = end_minute, .slot_minutes = 10, .places = 1,
    .public_places = 1, .opens_days = 60, .closes_days = 0, .min_notice_minutes = 60,
  };

  g_date_clear (&rule.anchor, 1);
  g_date_set_dmy (&rule.valid_from, 2, G_DATE_JANUARY, 2027);
  g_date_set_dmy (&rule.valid_until, 26, G_DATE_JUNE, 2027);
  return rule;
}

static void
test_rules (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) clerk = desk (f, "clerk", "balie");
  g_autoptr(LoketTestDesk) admin1 = desk (f, "admin1", "beheer");
  g_autoptr(LoketTestDesk) admin2 = desk (f, "admin2", "beheer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = NULL;
  g_auto(Choice) c = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *count = NULL;
  LoketRuleInput rule;

  choose (admin1, "Paspoort", "Balie 4", &c);
  rule = saturday_rule (c.capacity_id, 10 * 60, 12 * 60);
  g_assert_null (loket_replica_save_rule (clerk->replica, &rule, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Two administrators offline make overlapping Saturday mornings. */
  loket_test_desk_set_offline (admin1, TRUE);
  loket_test_desk_set_offline (admin2, TRUE);
  first = loket_replica_save_rule (admin1->replica, &rule, &error);
  g_assert_no_error (error);
  {
    /* The same desk refuses an overlap at once, saying with what. */
    LoketRuleInput overlapping = saturday_rule (c.capacity_id, 11 * 60, 13 * 60);

    g_assert_null (loket_replica_save_rule (admin1->replica, &overlapping, &error));
    g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "10:00"));
    g_clear_error (&error);
    second = loket_replica_save_rule (admin2->replica, &overlapping, &error);
    g_assert_no_error (error);
  }
  loket_test_desk_set_offline (admin1, FALSE);
  loket_test_desk_set_offline (admin2, FALSE);
  loket_test_desk_sync_quiet (admin1);
  loket_test_desk_sync_quiet (admin2);

  count = server_text (f, "SELECT count(*) FROM availability_rules WHERE id = ?", first);
  g_assert_cmpstr (count, ==, "1");
  g_free (count);
  count = server_text (f, "SELECT count(*) FROM availability_rules WHERE id = ?", second);
  g_assert_cmpstr (count, ==, "0");
  g_free (count);
  count = desk_text (admin2, "SELECT count(*) FROM availability_rules WHERE id = ?", second);
  g_assert_cmpstr (count, ==, "0");
  g_assert_cmpuint (loket_replica_count_open_issues (admin2->replica), ==, 1);

  /* A change and a removal, each in the history, which every desk sees. */
  rule = saturday_rule (c.capacity_id, 9 * 60, 12 * 60);
  rule.id = first;
  g_free (second);
  second = loket_replica_save_rule (admin1->replica, &rule, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, first);
  g_assert_true (loket_replica_remove_rule (admin1->replica, first, &error));
  g_assert_no_error (error);
  loket_test_desk_sync_quiet (admin1);
  loket_test_desk_sync (clerk);
  history = loket_replica_list_rule_history (clerk->replica, c.capacity_id);
  {
    /* Newest first: created, changed, removed; the demo's own rules were created before. */
    const char *expected[] = { "removed", "changed", "created" };
    guint seen = 0;

    for (guint i = 0; i < g_list_model_get_n_items (history); i++)
      {
        g_autoptr(LoketRecord) row = g_list_model_get_item (history, i);

        if (g_strcmp0 (loket_record_get_string (row, "rule_id"), first) != 0)
          continue;
        g_assert_cmpuint (seen, <, G_N_ELEMENTS (expected));
        g_assert_cmpstr (loket_record_get_string (row, "action"), ==, expected[seen++]);
        g_assert_cmpstr (loket_record_get_string (row, "by_name"), ==, "Erik de Boer");
      }
    g_assert_cmpuint (seen, ==, 3);
  }
}

/* ---- configuration ----------------------------------------------------------------------------- */

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_config (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketTestDesk) admin = desk (f, "admin", "beheer");
  g_autoptr(LoketTestDesk) clerk = desk (f, "clerk", "balie");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *product = desk_text (admin, "SELECT id FROM products WHERE name = 'Paspoort'",
                                        NULL);
  g_autofree char *location = desk_text (admin, "SELECT location_id FROM capacities"
                                         " WHERE name = 'Balie 1'", NULL);
  g_autofree char *group = desk_text (admin, "SELECT group_id FROM capacities"
                                      " WHERE name = 'Balie 1'", NULL);
  g_autofree char *json = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *text = NULL;

  /* Three passports for a family. */
  json = g_strdup_printf ("{\"id\": \"%s\", \"max_per_booking\": 3}", product);
  row = object_from (json);
  g_assert_null (loket_replica_save_config (clerk->replica, "products", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_free (loket_replica_save_config (admin->replica, "products", row, &error));
  g_assert_no_error (error);

  /* Wrong values and unknown columns are refused with the column named. */
  g_clear_pointer (&row, json_object_unref);
  g_free (json);
  json = g_strdup_printf ("{\"id\": \"%s\", \"norm_minutes\": 0}", product);
  row = object_from (json);
  g_assert_null (loket_replica_save_config (admin->replica, "products", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Norm time"));
  g_clear_error (&error);
  g_clear_pointer (&row, json_object_unref);
  g_free (json);
  json = g_strdup_printf ("{\"id\": \"%s\", \"secret\": 1}", product);
  row = object_from (json);
  g_assert_null (loket_replica_save_config (admin->replica, "products", row, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  /* A new pick-up point with its facilities, made offline. */
  loket_test_desk_set_offline (admin, TRUE);
  g_clear_pointer (&row, json_object_unref);
  g_free (json);
  json = g_strdup_printf ("{\"location_id\": \"%s\", \"group_id\": \"%s\","
                          " \"kind\": \"afhaallocatie\", \"name\": \"Afhaalkluis\","
                          " \"facilities\": \"[\\\"rolstoel\\\"]\"}", location, group);
  row = object_from (json);
  capacity = loket_replica_save_config (admin->replica, "capacities", row, &error);
  g_assert_no_error (error);
  loket_test_desk_set_offline (admin, FALSE);
  loket_test_desk_sync_quiet (admin);
  loket_test_desk_sync (clerk);
  text = server_text (f, "SELECT kind || ' ' || facilities FROM capacities WHERE id = ?", capacity);
  g_assert_cmpstr (text, ==, "afhaallocatie [\"rolstoel\"]");
  g_free (text);
  text = desk_text (clerk, "SELECT max_per_booking FROM products WHERE id = ?", product);
  g_assert_cmpstr (text, ==, "3");
  g_assert_cmpuint (loket_replica_count_open_issues (admin->replica), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/agenda/visit-with-case", test_visit_with_case);
  ADD ("/agenda/visit-for-case", test_visit_for_case);
  ADD ("/agenda/steps", test_steps);
  ADD ("/agenda/closure-moves", test_closure_moves);
  ADD ("/agenda/rules", test_rules);
  ADD ("/agenda/config", test_config);
#undef ADD
  return g_test_run ();
}
