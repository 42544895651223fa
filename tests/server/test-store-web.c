/* test-store-web.c — what citizens do on the web, in the store in-process: holds and bookings,
 * the links to change them, the case status, the survey, the rooms, and that every write is
 * logged for the desks while no answer holds the citizen's own data.
 *
 * The fixture is made with plain SQL: one Stadhuis with a balie for Burgerzaken (Mon–Fri
 * 09:00–12:00, 10-minute slots, 2 places of which 1 for the web, bookable 30 days ahead with an
 * hour's notice) and a meeting room open 09:00–21:00 by the hour.  Every call passes its own
 * now: Monday 7 January 2030, 08:30 in Amsterdam, unless a test moves it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-private.h"
#include "loket-store-web.h"
#include "loket-store.h"
#include "loket-test-admin.h"

#define NOW           "2030-01-07T07:30:00Z"   /* Monday 08:30 local */
#define MON_0900      "2030-01-07T08:00:00Z"
#define MON_0930      "2030-01-07T08:30:00Z"
#define NEXT_MON_0900 "2030-01-14T08:00:00Z"
#define NEXT_MON_0910 "2030-01-14T08:10:00Z"
#define NEXT_TUE_1000 "2030-01-15T09:00:00Z"

#define NAME  "Piet <script>alert(1)</script>'); DROP TABLE customers;--"
#define EMAIL "piet.puk@example.nl"
#define PHONE "06-12345678"

typedef struct
{
  char       *dir;
  char       *path;
  LoketStore *store;
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind, address, timezone, facilities) VALUES"
  " ('loc-1', 'Stadhuis', 'stadhuis', 'Markt 1, 1234 AB Plaats', 'Europe/Amsterdam',"
  "  '[\"rolstoel\"]'),"
  " ('loc-2', 'Wijkkantoor', 'kantoor', 'Dorpsstraat 2', 'Europe/Amsterdam', '[]');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken'), ('grp-zalen', 'Zalen');"
  "INSERT INTO case_types (id, name, max_working_days, statuses, public_statuses) VALUES"
  " ('ct-pas', 'Paspoortaanvraag', 5, '[\"ontvangen\", \"in behandeling\", \"afgehandeld\"]',"
  "  '{\"ontvangen\": \"We hebben uw aanvraag ontvangen\"}');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line, public,"
  " case_type_id, max_per_booking, asks_reason) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2, 1, 'ct-pas', 3, 0),"
  " ('prd-rijbewijs', 'grp-bz', 'Rijbewijs', 10, 1, 2, 1, NULL, 1, 1),"
  " ('prd-intern', 'grp-bz', 'Interne controle', 10, 1, 2, 0, NULL, 1, 0),"
  " ('prd-zaal', 'grp-zalen', 'Vergaderzaal', 60, 1, 1, 1, NULL, 8, 0);"
  "INSERT INTO capacities (id, location_id, group_id, kind, name, facilities) VALUES"
  " ('cap-1', 'loc-1', 'grp-bz', 'balie', 'Balie 1', '[]'),"
  " ('cap-zaal', 'loc-1', 'grp-zalen', 'zaal', 'Zaal 2.1', '[\"beamer\"]'),"
  " ('cap-raad', 'loc-1', 'grp-zalen', 'zaal', 'Raadzaal', '[]');"
  "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
  " start_time, end_time, slot_minutes, places, public_places, opens_days, closes_days,"
  " min_notice_minutes) VALUES"
  " ('rule-1', 'cap-1', 31, '2020-01-01', '2099-12-31', '09:00', '12:00', 10, 2, 1, 30, 0, 60),"
  " ('rule-zaal', 'cap-zaal', 31, '2020-01-01', '2099-12-31', '09:00', '21:00', 60, 1, 1, 365,"
  "  0, 0),"
  " ('rule-raad', 'cap-raad', 31, '2020-01-01', '2099-12-31', '19:00', '22:00', 60, 1, 0, 365,"
  "  0, 0);";

/* ---- helpers -------------------------------------------------------------------------------- */

static sqlite3 *
handle (Fixture *f)
{
  return loket_db_get_handle (loket_store_get_db (f->store));
}

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

/* One text value of the first row; NULL for no row or SQL NULL. */
static char *
value (Fixture *f, const char *sql)
{
  return loket_test_admin_value (loket_store_get_db (f->store), sql);
}

static void
exec (Fixture *f, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (handle (f), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static GDateTime *
at (const char *iso)
{
  GDateTime *moment = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (moment);
  return moment;
}

static gint64
unix_of (const char *iso)
{
  gint64 seconds = 0;

  g_assert_true (loket_protocol_parse_time (iso, &seconds));
  return seconds;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("loket-store-web-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = loket_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (loket_db_exec (loket_store_get_db (f->store), fixture_sql, &error));
  g_assert_no_error (error);
  g_assert_true (loket_store_log_snapshot (f->store, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
  g_free (f->path);
}

/* No answer may hold what the citizen typed about themselves. */
static void
assert_private (JsonObject *answer)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_null (strstr (text, "Piet"));
  g_assert_null (strstr (text, "script"));
  g_assert_null (strstr (text, "piet.puk"));
  g_assert_null (strstr (text, "example.nl"));
  g_assert_null (strstr (text, "12345678"));
  g_assert_null (strstr (text, "verhuizing"));  /* the reason */
}

static JsonObject *
hold_at (Fixture *f, const char *product_id, guint n, const char *start, const char *now,
         const char *appointment_token, GError **error)
{
  LoketSlotVisitProduct product = { product_id, n };
  g_autoptr(GDateTime) moment = at (now);
  JsonObject *hold;

  hold = loket_store_web_hold (f->store, &product, product_id != NULL ? 1 : 0, "loc-1",
                               unix_of (start), appointment_token, 10, moment, error);
  if (hold != NULL)
    assert_private (hold);
  return hold;
}

static JsonObject *
hold_ok (Fixture *f, const char *start, const char *now)
{
  g_autoptr(GError) error = NULL;
  JsonObject *hold = hold_at (f, "prd-pas", 1, start, now, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hold);
  return hold;
}

static JsonObject *
confirm (Fixture *f, JsonObject *hold, const char *email, const char *now, GError **error)
{
  LoketWebCustomer customer = { NAME, email, PHONE, "verhuizing" };
  g_autoptr(GDateTime) moment = at (now);
  JsonObject *booked;

  booked = loket_store_web_confirm (f->store, json_object_get_string_member (hold, "hold"),
                                    &customer, 2, moment, error);
  if (booked != NULL)
    assert_private (booked);
  return booked;
}

/* Holds and books start, answering the appointment's link token. */
static char *
book_at (Fixture *f, const char *start, const char *email)
{
  g_autoptr(JsonObject) hold = hold_ok (f, start, NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) booked = confirm (f, hold, email, NOW, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (booked, "token"));
}

static gboolean
times_contain (Fixture *f, const char *date, const char *clock, const char *now)
{
  LoketSlotVisitProduct product = { "prd-pas", 1 };
  g_autoptr(GDateTime) moment = at (now);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *times;
  GDate day;

  g_assert_true (loket_slot_source_parse_date (date, &day));
  answer = loket_store_web_times (f->store, &product, 1, "loc-1", &day, moment, &error);
  g_assert_no_error (error);
  times = json_object_get_array_member (answer, "times");
  for (guint i = 0; i < json_array_get_length (times); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (times, i),
                                                    "time"), clock))
      return TRUE;
  return FALSE;
}

/* ---- the whole flow ------------------------------------------------------------------------- */

static void
check_booked (Fixture *f, JsonObject *booked)
{
  JsonObject *appointment = json_object_get_object_member (booked, "appointment");
  JsonArray *products = json_object_get_array_member (appointment, "products");
  JsonObject *location = json_object_get_object_member (appointment, "location");

  g_assert_cmpuint (strlen (json_object_get_string_member (booked, "token")), >=, 32);
  g_assert_cmpstr (json_object_get_string_member (appointment, "status"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (appointment, "start"), ==, NEXT_MON_0900);
  g_assert_cmpstr (json_object_get_string_member (appointment, "local_date"), ==, "2030-01-14");
  g_assert_cmpstr (json_object_get_string_member (appointment, "local_time"), ==, "09:00");
  g_assert_cmpstr (json_object_get_string_member (location, "name"), ==, "Stadhuis");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (products, 0),
                                                  "name"), ==, "Paspoort");
  g_assert_cmpstr (json_object_get_string_member (appointment, "case_reference"), ==,
                   "Z-2030-000001");
  g_assert_true (json_object_get_boolean_member (appointment, "can_change"));
}

static void
check_stored (Fixture *f)
{
  g_autofree char *name = value (f, "SELECT name FROM customers");
  g_autofree char *deadline = value (f, "SELECT deadline FROM cases");

  /* One web booking: the appointment of no user, its customer as typed, its case. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE channel = 'web'"
                          " AND created_by IS NULL AND status = 'booked' AND capacity_id = 'cap-1'"
                          " AND reason = 'verhuizing' AND case_id IS NOT NULL"), ==, 1);
  g_assert_cmpstr (name, ==, NAME);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers WHERE email = '" EMAIL "'"
                          " AND phone = '" PHONE "' AND bsn IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE case_type_id = 'ct-pas'"
                          " AND product_id = 'prd-pas' AND status = 'ontvangen'"), ==, 1);
  /* Five working days from Monday 7 January. */
  g_assert_cmpstr (deadline, ==, "2030-01-14");
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment_events WHERE kind = 'booked'"
                          " AND by_user IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM web_holds"), ==, 0);
  /* Every row reached the change log, so the desks' pulls bring it. */
  for (const char *const *entity = (const char *const[]) { "customers", "cases",
                                                             "case_status_history",
                                                             "appointments",
                                                             "appointment_events", NULL };
       *entity != NULL; entity++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE entity = '%s'"
                                              " AND row_id = (SELECT id FROM %s LIMIT 1)",
                                              *entity, *entity);

      g_assert_cmpint (count (f, sql), ==, 1);
    }
  /* Only hashes of tokens are kept. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM public_tokens WHERE kind = 'appointment'"
                          " AND length (hash) = 64 AND expires_at = '2030-02-13T08:10:00Z'"), ==, 1);
}

static void
test_flow (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) hold = hold_ok (f, NEXT_MON_0900, NOW);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(JsonObject) move = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  const char *token;
  gint64 log_before;

  g_assert_cmpstr (json_object_get_string_member (hold, "expires_at"), ==, "2030-01-07T07:40:00Z");
  details = loket_store_web_hold_details (f->store, json_object_get_string_member (hold, "hold"),
                                          NULL, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (details, "local_time"), ==, "09:00");
  g_clear_pointer (&details, json_object_unref);
  g_assert_cmpstr (json_object_get_string_member (hold, "local_time"), ==, "09:00");
  g_assert_cmpuint (strlen (json_object_get_string_member (hold, "hold")), >=, 32);

  booked = confirm (f, hold, EMAIL, NOW, &error);
  g_assert_no_error (error);
  check_booked (f, booked);
  check_stored (f);
  token = json_object_get_string_member (booked, "token");

  details = loket_store_web_appointment (f->store, token, now, &error);
  g_assert_no_error (error);
  assert_private (details);
  g_assert_true (json_object_equal (details, json_object_get_object_member (booked,
                                                                           "appointment")));

  /* Moving: a hold made for the appointment, then the move. */
  move = hold_at (f, NULL, 0, NEXT_TUE_1000, NOW, token, &error);
  g_assert_no_error (error);
  log_before = count (f, "SELECT max (seq) FROM change_log");
  moved = loket_store_web_reschedule (f->store, token,
                                      json_object_get_string_member (move, "hold"), now, &error);
  g_assert_no_error (error);
  assert_private (moved);
  g_assert_cmpstr (json_object_get_string_member (moved, "local_date"), ==, "2030-01-15");
  g_assert_cmpstr (json_object_get_string_member (moved, "local_time"), ==, "10:00");
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE start_at = '"
                          NEXT_TUE_1000 "' AND channel = 'web'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment_events WHERE kind = 'rescheduled'"
                          " AND by_user IS NULL AND json_extract (detail, '$.from') = '"
                          NEXT_MON_0900 "'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM web_holds"), ==, 0);
  g_assert_cmpint (count (f, "SELECT max (seq) FROM change_log"), >, log_before);
  /* The old time is free again; the new one is taken. */
  g_assert_true (times_contain (f, "2030-01-14", "09:00", NOW));
  g_assert_false (times_contain (f, "2030-01-15", "10:00", NOW));

  cancelled = loket_store_web_cancel (f->store, token, now, &error);
  g_assert_no_error (error);
  assert_private (cancelled);
  g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");
  g_assert_false (json_object_get_boolean_member (cancelled, "can_change"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment_events WHERE kind = 'cancelled'"
                          " AND by_user IS NULL"), ==, 1);
  g_assert_true (times_contain (f, "2030-01-15", "10:00", NOW));
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'appointments'"
                          " AND json_extract (row, '$.status') = 'cancelled'"), ==, 1);

  /* A second click changes nothing; a move of a cancelled appointment is refused. */
  again = loket_store_web_cancel (f->store, token, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointment_events WHERE kind = 'cancelled'"),
                   ==, 1);
  g_clear_pointer (&move, json_object_unref);
  move = hold_at (f, NULL, 0, NEXT_MON_0910, NOW, token, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_assert_null (move);
}

/* ---- holds ---------------------------------------------------------------------------------- */

static void
test_hold_blocks (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) first = hold_ok (f, NEXT_MON_0900, NOW);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) late = NULL;
  g_autoptr(GError) error = NULL;
  guint64 generation = loket_store_web_generation (f->store);

  /* The web share of 09:00 is one place: held, it is gone for everyone else. */
  g_assert_false (times_contain (f, "2030-01-14", "09:00", NOW));
  g_assert_true (times_contain (f, "2030-01-14", "09:10", NOW));
  second = hold_at (f, "prd-pas", 1, NEXT_MON_0900, NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN);
  g_assert_null (second);
  g_clear_error (&error);

  /* Released: free again, and the cache's generation moved. */
  g_assert_true (loket_store_web_release (f->store, json_object_get_string_member (first, "hold"),
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_store_web_generation (f->store), >, generation);
  g_assert_true (times_contain (f, "2030-01-14", "09:00", NOW));
  /* Releasing again, or a token that never was, is no error. */
  g_assert_true (loket_store_web_release (f->store, json_object_get_string_member (first, "hold"),
                                          &error));
  g_assert_true (loket_store_web_release (f->store, "nonsense", &error));
  g_assert_no_error (error);

  /* Expired after ten minutes: free again without anyone releasing it. */
  second = hold_ok (f, NEXT_MON_0900, NOW);
  g_assert_false (times_contain (f, "2030-01-14", "09:00", "2030-01-07T07:39:59Z"));
  g_assert_true (times_contain (f, "2030-01-14", "09:00", "2030-01-07T07:40:00Z"));
  generation = loket_store_web_generation (f->store);
  third = hold_at (f, "prd-pas", 1, NEXT_MON_0900, "2030-01-07T07:41:00Z", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_store_web_generation (f->store), >, generation);
  g_assert_cmpint (count (f, "SELECT count(*) FROM web_holds"), ==, 1);

  /* The expired hold cannot be booked any more; the live one can. */
  late = confirm (f, second, EMAIL, "2030-01-07T07:41:00Z", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (late);
  g_clear_error (&error);
  late = confirm (f, third, EMAIL, "2030-01-07T07:41:00Z", &error);
  g_assert_no_error (error);
  g_assert_nonnull (late);
}

static void
test_hold_past_its_time (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) hold = hold_ok (f, NEXT_MON_0900, NOW);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(GError) error = NULL;

  booked = confirm (f, hold, EMAIL, "2030-01-07T07:40:00Z", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (booked);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 0);
  g_assert_true (times_contain (f, "2030-01-14", "09:00", "2030-01-07T07:40:00Z"));
}

static void
test_hold_visit (Fixture *f, gconstpointer data)
{
  LoketSlotVisitProduct mixed[] = { { "prd-pas", 1 }, { "prd-zaal", 1 } };
  LoketSlotVisitProduct two[] = { { "prd-pas", 2 }, { "prd-rijbewijs", 1 } };
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) hold = NULL;

  hold = hold_at (f, "prd-pas", 4, NEXT_MON_0900, NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  hold = hold_at (f, "prd-intern", 1, NEXT_MON_0900, NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  hold = hold_at (f, "no-such-product", 1, NEXT_MON_0900, NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  hold = loket_store_web_hold (f->store, mixed, 2, "loc-1", unix_of (NEXT_MON_0900), NULL, 10,
                               now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  hold = loket_store_web_hold (f->store, two, 2, "no-such-location", unix_of (NEXT_MON_0900),
                               NULL, 10, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Not a start time of the rule. */
  hold = hold_at (f, "prd-pas", 1, "2030-01-14T08:05:00Z", NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM web_holds"), ==, 0);

  /* Three products take three slots: 09:00 to 09:30. */
  hold = loket_store_web_hold (f->store, two, 2, "loc-1", unix_of (NEXT_MON_0900), NULL, 10,
                               now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (hold, "end"), ==, "2030-01-14T08:30:00Z");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hold, "products")), ==, 2);
  g_assert_false (times_contain (f, "2030-01-14", "09:20", NOW));
  g_assert_true (times_contain (f, "2030-01-14", "09:30", NOW));
}

/* A desk's booking moves by the link in its mail too, also of a product not offered online;
 * its new place was found in the web share, so there it counts from then on. */
static void
test_desk_booking_moved (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) move = NULL;
  g_autoptr(JsonObject) moved = NULL;

  exec (f, "INSERT INTO customers (id, name, created_at) VALUES ('c', 'X', '2030-01-01');"
           "INSERT INTO appointments (id, product_id, capacity_id, customer_id, start_at, end_at,"
           " channel, created_by, created_at) VALUES ('desk-1', 'prd-intern', 'cap-1', 'c', '"
           NEXT_MON_0900 "', '" NEXT_MON_0910 "', 'desk', 'usr-1', '2030-01-01')");
  token = loket_store_web_new_token (f->store, "appointment", "desk-1",
                                     unix_of ("2030-02-14T00:00:00Z"), now, &error);
  g_assert_no_error (error);
  move = hold_at (f, NULL, 0, NEXT_TUE_1000, NOW, token, &error);
  g_assert_no_error (error);
  moved = loket_store_web_reschedule (f->store, token, json_object_get_string_member (move, "hold"),
                                      now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments WHERE id = 'desk-1'"
                          " AND channel = 'web' AND start_at = '" NEXT_TUE_1000 "'"
                          " AND capacity_id = 'cap-1'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM public_tokens WHERE target_id = 'desk-1'"
                          " AND expires_at = '2030-02-14T09:10:00Z'"), ==, 1);
  g_assert_false (times_contain (f, "2030-01-15", "10:00", NOW));
}

/* ---- tokens --------------------------------------------------------------------------------- */

static void
assert_not_found (GError *error, const char *message)
{
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_tokens_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *token = book_at (f, NEXT_MON_0900, EMAIL);
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GDateTime) late = at ("2030-02-13T08:10:00Z");  /* 30 days after its end */
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = loket_store_web_appointment (f->store, token, now, &error);
  g_autofree char *message = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *forged = g_strdup (token);
  const char *bad[] = { forged, "", "x", "abc/../../etc", "' OR 1=1 --", NULL };
  JsonObject *answer;

  g_assert_no_error (error);
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  answer = loket_store_web_appointment (f->store, token, late, &error);
  g_assert_null (answer);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  message = g_strdup (error->message);
  g_clear_error (&error);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      answer = loket_store_web_appointment (f->store, bad[i], now, &error);
      g_assert_null (answer);
      assert_not_found (error, message);
      g_clear_error (&error);
      answer = loket_store_web_cancel (f->store, bad[i], now, &error);
      assert_not_found (error, message);
      g_clear_error (&error);
    }
  answer = loket_store_web_appointment (f->store, NULL, now, &error);
  assert_not_found (error, message);
  g_clear_error (&error);
  /* A survey token does not open an appointment, nor the other way round. */
  g_clear_pointer (&forged, g_free);
  case_id = value (f, "SELECT id FROM cases");
  forged = loket_store_web_new_token (f->store, "survey", case_id,
                                      unix_of ("2031-01-01T00:00:00Z"), now, &error);
  g_assert_no_error (error);
  answer = loket_store_web_appointment (f->store, forged, now, &error);
  assert_not_found (error, message);
  g_clear_error (&error);
  answer = loket_store_web_survey (f->store, token, now, &error);
  assert_not_found (error, message);
  g_clear_error (&error);
  g_assert_null (loket_store_web_new_token (f->store, "case", "x", 0, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* What a hold holds, asked again by its token: only for the appointment it was made for, and
 * only while it lasts. */
static void
check_hold_details (Fixture *f, JsonObject *hold, const char *appointment)
{
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GDateTime) late = at ("2030-01-07T07:40:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) details = NULL;
  const char *token = json_object_get_string_member (hold, "hold");

  details = loket_store_web_hold_details (f->store, token, appointment, now, &error);
  g_assert_no_error (error);
  assert_private (details);
  g_assert_false (json_object_has_member (details, "hold"));
  for (const char *const *member = (const char *const[]) { "expires_at", "start", "end",
                                                             "local_date", "local_time", NULL };
       *member != NULL; member++)
    g_assert_cmpstr (json_object_get_string_member (details, *member), ==,
                     json_object_get_string_member (hold, *member));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (details, "products")),
                    ==, 1);
  g_assert_null (loket_store_web_hold_details (f->store, token, NULL, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_store_web_hold_details (f->store, token, appointment, late, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (loket_store_web_hold_details (f->store, "forged", appointment, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
}

static void
test_hold_token_used (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) hold = hold_ok (f, NEXT_MON_0900, NOW);
  g_autoptr(JsonObject) booked = NULL;
  g_autoptr(JsonObject) twice = NULL;
  g_autoptr(JsonObject) move = NULL;
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  LoketWebCustomer customer = { "Jan", EMAIL, NULL, NULL };

  booked = confirm (f, hold, EMAIL, NOW, &error);
  g_assert_no_error (error);
  twice = confirm (f, hold, EMAIL, NOW, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (twice);
  twice = loket_store_web_confirm (f->store, "forged", &customer, 2, now, &error2);
  g_assert_error (error2, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, error2->message);
  g_clear_error (&error);

  /* A hold made to move an appointment does not book a new one, and a hold for a new booking
   * does not move one. */
  move = hold_at (f, NULL, 0, NEXT_TUE_1000, NOW, json_object_get_string_member (booked, "token"),
                  &error);
  g_assert_no_error (error);
  check_hold_details (f, move, json_object_get_string_member (booked, "token"));
  twice = confirm (f, move, "ander@example.nl", NOW, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&hold, json_object_unref);
  hold = hold_ok (f, NEXT_MON_0910, NOW);
  twice = loket_store_web_reschedule (f->store, json_object_get_string_member (booked, "token"),
                                      json_object_get_string_member (hold, "hold"), now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 1);
}

/* ---- the citizen's fields and the limit ----------------------------------------------------- */

static void
test_customer_fields (Fixture *f, gconstpointer data)
{
  const LoketWebCustomer bad[] = {
    { "P", EMAIL, NULL, NULL },
    { "Piet\x01Puk", EMAIL, NULL, NULL },
    { "Piet", "piet", NULL, NULL },
    { "Piet", "piet@@example.nl", NULL, NULL },
    { "Piet", EMAIL, "12345", NULL },
    { "Piet", EMAIL, "06-1234abcd", NULL },
    { NULL, EMAIL, NULL, NULL },
    { "Piet", NULL, NULL, NULL },
  };
  g_autofree char *long_reason = g_strnfill (501, 'x');
  g_autoptr(JsonObject) hold = hold_ok (f, NEXT_MON_0900, NOW);
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  LoketWebCustomer too_long = { "Piet", EMAIL, NULL, long_reason };
  LoketSlotVisitProduct rijbewijs = { "prd-rijbewijs", 1 };
  g_autoptr(JsonObject) asks = NULL;
  JsonObject *answer;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      answer = loket_store_web_confirm (f->store, json_object_get_string_member (hold, "hold"),
                                        &bad[i], 2, now, &error);
      g_assert_null (answer);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_clear_error (&error);
    }
  answer = loket_store_web_confirm (f->store, json_object_get_string_member (hold, "hold"),
                                    &too_long, 2, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);

  /* A product that asks a reason does not book without one. */
  asks = loket_store_web_hold (f->store, &rijbewijs, 1, "loc-1", unix_of (NEXT_MON_0910), NULL,
                               10, now, &error);
  g_assert_no_error (error);
  answer = loket_store_web_confirm (f->store, json_object_get_string_member (asks, "hold"),
                                    &(LoketWebCustomer) { "Piet", EMAIL, NULL, "  " }, 2, now,
                                    &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM web_holds"), ==, 2);
}

static void
test_same_customer (Fixture *f, gconstpointer data)
{
  g_autofree char *t1 = book_at (f, NEXT_MON_0900, EMAIL);
  g_autofree char *t2 = book_at (f, "2030-01-21T08:00:00Z", "PIET.PUK@Example.NL");
  g_autoptr(JsonObject) hold = hold_ok (f, "2030-01-22T08:00:00Z", NOW);
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) other = NULL;
  LoketWebCustomer someone = { "Klaas Puk", EMAIL, NULL, NULL };

  /* The same address and name: the same customer, whatever the address's case. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT customer_id) FROM appointments"), ==, 1);
  /* Another name at the same address (a family member) is another customer. */
  other = loket_store_web_confirm (f->store, json_object_get_string_member (hold, "hold"),
                                   &someone, 0, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'customers'"), ==, 2);
}

static void
test_email_limit (Fixture *f, gconstpointer data)
{
  g_autofree char *t1 = book_at (f, NEXT_MON_0900, EMAIL);
  g_autofree char *t2 = book_at (f, "2030-01-21T08:00:00Z", "Piet.Puk@example.nl");
  g_autoptr(JsonObject) hold = hold_ok (f, "2030-01-22T08:00:00Z", NOW);
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;

  third = confirm (f, hold, EMAIL, NOW, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "Paspoort"));
  g_assert_null (third);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM appointments"), ==, 2);

  /* Another address books; one cancelled makes room for a third. */
  third = confirm (f, hold, "iemand@example.nl", NOW, &error);
  g_assert_no_error (error);
  g_clear_pointer (&third, json_object_unref);
  cancelled = loket_store_web_cancel (f->store, t1, now, &error);
  g_assert_no_error (error);
  g_clear_pointer (&hold, json_object_unref);
  hold = hold_ok (f, "2030-01-23T08:00:00Z", NOW);
  third = confirm (f, hold, EMAIL, NOW, &error);
  g_assert_no_error (error);
}

/* ---- the booking window and the notice ------------------------------------------------------ */

static void
test_window_and_notice (Fixture *f, gconstpointer data)
{
  LoketSlotVisitProduct product = { "prd-pas", 1 };
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) hold = NULL;
  g_autoptr(JsonObject) dates = NULL;
  JsonArray *days;
  GDate from;

  /* An hour's notice: at 08:30 the first time today is 09:30. */
  hold = hold_at (f, "prd-pas", 1, MON_0900, NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (times_contain (f, "2030-01-07", "09:20", NOW));
  g_assert_true (times_contain (f, "2030-01-07", "09:30", NOW));
  hold = hold_at (f, "prd-pas", 1, MON_0930, NOW, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&hold, json_object_unref);

  /* Thirty days ahead and no further; never in the past. */
  hold = hold_at (f, "prd-pas", 1, "2030-02-07T08:00:00Z", NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);
  hold = hold_at (f, "prd-pas", 1, "2029-12-31T08:00:00Z", NOW, NULL, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_CLOSED);
  g_clear_error (&error);
  hold = hold_at (f, "prd-pas", 1, "2030-02-06T08:00:00Z", NOW, NULL, &error);
  g_assert_no_error (error);

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 7, G_DATE_JANUARY, 2030);
  dates = loket_store_web_dates (f->store, &product, 1, "loc-1", &from, 60, now, &error);
  g_assert_no_error (error);
  assert_private (dates);
  days = json_object_get_array_member (dates, "days");
  /* Weekdays from 7 January to 6 February: 23 days, the weekends left out. */
  g_assert_cmpuint (json_array_get_length (days), ==, 23);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0),
                                                  "date"), ==, "2030-01-07");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, 0), "free"),
                   ==, 14);  /* 09:30 to 11:50, the held 09:30 left out */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 22),
                                                  "date"), ==, "2030-02-06");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, 22), "free"),
                   ==, 17);
  g_clear_pointer (&dates, json_object_unref);
  dates = loket_store_web_dates (f->store, &product, 1, "loc-1", &from, 367, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_null (dates);
}

/* ---- the case status ------------------------------------------------------------------------ */

static void
test_case_status (Fixture *f, gconstpointer data)
{
  g_autofree char *token = book_at (f, NEXT_MON_0900, EMAIL);
  g_autofree char *case_id = value (f, "SELECT id FROM cases");
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *code = loket_store_web_new_case_code (f->store, case_id, now, &error);
  g_autofree char *typed = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonArray *history;
  JsonObject *answer;

  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code, 0,
                                       0));
  g_assert_cmpint (count (f, "SELECT count(*) FROM public_tokens WHERE kind = 'case'"), ==, 1);

  status = loket_store_web_case_status (f->store, "Z-2030-000001", code, now, &error);
  g_assert_no_error (error);
  assert_private (status);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==,
                   "We hebben uw aanvraag ontvangen");
  g_assert_cmpstr (json_object_get_string_member (status, "product"), ==, "Paspoort");
  g_assert_false (json_object_get_boolean_member (status, "closed"));
  g_assert_cmpstr (json_object_get_string_member (status, "opened"), ==, "2030-01-07");
  g_assert_cmpstr (json_object_get_string_member (status, "expected"), ==, "2030-01-14");
  history = json_object_get_array_member (status, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);

  /* Typed by hand: lower case, without the dash, an O for a 0. */
  typed = g_ascii_strdown (code, -1);
  memmove (typed + 4, typed + 5, 5);
  g_strdelimit (typed, "0", 'o');
  g_clear_pointer (&status, json_object_unref);
  status = loket_store_web_case_status (f->store, "Z-2030-000001", typed, now, &error);
  g_assert_no_error (error);

  /* A wrong code and an unknown reference get the same answer. */
  answer = loket_store_web_case_status (f->store, "Z-2030-000001", "AAAA-AAAA", now, &error);
  g_assert_null (answer);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  answer = loket_store_web_case_status (f->store, "Z-2030-000099", code, now, &error2);
  g_assert_error (error2, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, error2->message);
  g_clear_error (&error2);
  answer = loket_store_web_case_status (f->store, "Z-2030-000001", "", now, &error2);
  g_assert_error (error2, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_error (&error2);

  /* Closed: a status without public wording shows its name; no expected date.  A year after
   * closing the code no longer opens it. */
  exec (f, "UPDATE cases SET status = 'afgehandeld', closed_at = '2030-01-10T10:00:00Z';"
           "INSERT INTO case_status_history (id, case_id, status, at)"
           " SELECT 'h2', id, 'afgehandeld', '2030-01-10T10:00:00Z' FROM cases");
  g_clear_pointer (&status, json_object_unref);
  status = loket_store_web_case_status (f->store, "Z-2030-000001", code, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "afgehandeld");
  g_assert_true (json_object_get_boolean_member (status, "closed"));
  g_assert_true (json_object_get_null_member (status, "expected"));
  history = json_object_get_array_member (status, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1),
                                                  "date"), ==, "2030-01-10");
  g_clear_pointer (&now, g_date_time_unref);
  now = at ("2031-01-10T10:00:01Z");
  answer = loket_store_web_case_status (f->store, "Z-2030-000001", code, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_assert_null (answer);
}

/* ---- the survey ----------------------------------------------------------------------------- */

static void
test_survey (Fixture *f, gconstpointer data)
{
  g_autofree char *link = book_at (f, NEXT_MON_0900, EMAIL);
  g_autofree char *case_id = value (f, "SELECT id FROM cases");
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = loket_store_web_new_token (f->store, "survey", case_id,
                                                      unix_of ("2030-03-01T00:00:00Z"), now,
                                                      &error);
  g_autofree char *second = loket_store_web_new_token (f->store, "survey", case_id,
                                                       unix_of ("2030-03-01T00:00:00Z"), now,
                                                       &error);
  g_autoptr(GDateTime) late = at ("2030-03-01T00:00:00Z");
  g_autoptr(JsonObject) page = NULL;
  const int marks[3] = { 5, 4, 3 };
  const int out_of_range[][3] = { { 0, 3, 3 }, { 3, 6, 3 }, { 3, 3, -1 } };

  g_assert_no_error (error);
  page = loket_store_web_survey (f->store, token, now, &error);
  g_assert_no_error (error);
  assert_private (page);
  g_assert_cmpstr (json_object_get_string_member (page, "reference"), ==, "Z-2030-000001");
  g_assert_cmpstr (json_object_get_string_member (page, "product"), ==, "Paspoort");
  g_assert_false (json_object_get_boolean_member (page, "answered"));

  for (guint i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_assert_false (loket_store_web_answer_survey (f->store, token, out_of_range[i], now,
                                                     &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (loket_store_web_answer_survey (f->store, token, marks, late, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM survey_answers"), ==, 0);

  g_assert_true (loket_store_web_answer_survey (f->store, token, marks, now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM survey_answers WHERE q1 = 5 AND q2 = 4"
                          " AND q3 = 3 AND product_id = 'prd-pas'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE entity = 'survey_answers'"),
                   ==, 1);

  /* Once only: the same link, and another link of the same case. */
  g_assert_false (loket_store_web_answer_survey (f->store, token, marks, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (loket_store_web_answer_survey (f->store, second, marks, now, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM survey_answers"), ==, 1);
  g_clear_pointer (&page, json_object_unref);
  page = loket_store_web_survey (f->store, token, now, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (page, "answered"));
}

/* ---- rooms ---------------------------------------------------------------------------------- */

static JsonObject *
room_day (JsonObject *rooms, const char *room_id, const char *date)
{
  JsonArray *list = json_object_get_array_member (rooms, "rooms");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *room = json_array_get_object_element (list, i);
      JsonArray *days = json_object_get_array_member (room, "days");

      if (!g_str_equal (json_object_get_string_member (room, "id"), room_id))
        continue;
      for (guint j = 0; j < json_array_get_length (days); j++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (days, j),
                                                        "date"), date))
          return json_object_get_object_member (json_array_get_object_element (days, j),
                                                "parts");
    }
  return NULL;
}

static void
test_rooms (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = at (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) rooms = NULL;
  JsonObject *parts, *room;
  GDate from;

  /* Tuesday 8 January: 09:00 and 10:00 taken (of 09, 10, 11), all of 12:00–17:00 taken. */
  exec (f, "INSERT INTO customers (id, name, created_at) VALUES ('c', 'X', '2030-01-01');"
           "INSERT INTO appointments (id, product_id, capacity_id, customer_id, start_at, end_at,"
           " channel, created_at) VALUES"
           " ('z1', 'prd-zaal', 'cap-zaal', 'c', '2030-01-08T08:00:00Z', '2030-01-08T09:00:00Z',"
           "  'web', '2030-01-01'),"
           " ('z2', 'prd-zaal', 'cap-zaal', 'c', '2030-01-08T09:00:00Z', '2030-01-08T10:00:00Z',"
           "  'web', '2030-01-01'),"
           " ('z3', 'prd-zaal', 'cap-zaal', 'c', '2030-01-08T11:00:00Z', '2030-01-08T16:00:00Z',"
           "  'web', '2030-01-01')");
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 7, G_DATE_JANUARY, 2030);
  rooms = loket_store_web_rooms (f->store, &from, 7, now, &error);
  g_assert_no_error (error);
  assert_private (rooms);

  /* The raadzaal has no web share: not listed. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rooms, "rooms")), ==, 1);
  room = json_array_get_object_element (json_object_get_array_member (rooms, "rooms"), 0);
  g_assert_cmpstr (json_object_get_string_member (room, "name"), ==, "Zaal 2.1");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (room,
                                                                                "facilities"),
                                                  0), ==, "beamer");
  parts = room_day (rooms, "cap-zaal", "2030-01-08");
  g_assert_nonnull (parts);
  g_assert_cmpstr (json_object_get_string_member (parts, "ochtend"), ==, "deels");
  g_assert_cmpstr (json_object_get_string_member (parts, "middag"), ==, "bezet");
  g_assert_cmpstr (json_object_get_string_member (parts, "avond"), ==, "vrij");
  parts = room_day (rooms, "cap-zaal", "2030-01-09");
  g_assert_cmpstr (json_object_get_string_member (parts, "ochtend"), ==, "vrij");
  /* Monday morning at 08:30: all of it still ahead. */
  parts = room_day (rooms, "cap-zaal", "2030-01-07");
  g_assert_cmpstr (json_object_get_string_member (parts, "ochtend"), ==, "vrij");
  /* The weekend: closed, not listed. */
  g_assert_null (room_day (rooms, "cap-zaal", "2030-01-12"));

  g_clear_pointer (&rooms, json_object_unref);
  rooms = loket_store_web_rooms (f->store, &from, 187, now, &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_null (rooms);
}

/* ---- the public lists ----------------------------------------------------------------------- */

static void
test_products_and_locations (Fixture *f, gconstpointer data)
{
  LoketSlotVisitProduct pas = { "prd-pas", 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) products = loket_store_public_products (f->store, &error);
  g_autoptr(JsonArray) locations = NULL;
  JsonObject *first;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (products), ==, 3);  /* not the internal one */
  first = json_array_get_object_element (products, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Paspoort");
  g_assert_cmpint (json_object_get_int_member (first, "max_per_booking"), ==, 3);
  g_assert_false (json_object_get_boolean_member (first, "asks_reason"));
  g_assert_cmpstr (json_object_get_string_member (first, "group"), ==, "Burgerzaken");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (products, 1),
                                                 "asks_reason"));

  locations = loket_store_web_locations (f->store, &pas, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (locations), ==, 1);
  first = json_array_get_object_element (locations, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "address"), ==,
                   "Markt 1, 1234 AB Plaats");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first,
                                                                                "facilities"),
                                                  0), ==, "rolstoel");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-web/flow", Fixture, NULL, fixture_setup, test_flow, fixture_teardown);
  g_test_add ("/store-web/hold/blocks", Fixture, NULL, fixture_setup, test_hold_blocks,
              fixture_teardown);
  g_test_add ("/store-web/hold/past-its-time", Fixture, NULL, fixture_setup,
              test_hold_past_its_time, fixture_teardown);
  g_test_add ("/store-web/hold/visit", Fixture, NULL, fixture_setup, test_hold_visit,
              fixture_teardown);
  g_test_add ("/store-web/hold/used", Fixture, NULL, fixture_setup, test_hold_token_used,
              fixture_teardown);
  g_test_add ("/store-web/tokens/refused", Fixture, NULL, fixture_setup, test_tokens_refused,
              fixture_teardown);
  g_test_add ("/store-web/desk-booking-moved", Fixture, NULL, fixture_setup,
              test_desk_booking_moved, fixture_teardown);
  g_test_add ("/store-web/customer/fields", Fixture, NULL, fixture_setup, test_customer_fields,
              fixture_teardown);
  g_test_add ("/store-web/customer/same", Fixture, NULL, fixture_setup, test_same_customer,
              fixture_teardown);
  g_test_add ("/store-web/customer/limit", Fixture, NULL, fixture_setup, test_email_limit,
              fixture_teardown);
  g_test_add ("/store-web/window-and-notice", Fixture, NULL, fixture_setup,
              test_window_and_notice, fixture_teardown);
  g_test_add ("/store-web/case-status", Fixture, NULL, fixture_setup, test_case_status,
              fixture_teardown);
  g_test_add ("/store-web/survey", Fixture, NULL, fixture_setup, test_survey, fixture_teardown);
  g_test_add ("/store-web/rooms", Fixture, NULL, fixture_setup, test_rooms, fixture_teardown);
  g_test_add ("/store-web/products-and-locations", Fixture, NULL, fixture_setup,
              test_products_and_locations, fixture_teardown);
  return g_test_run ();
}
