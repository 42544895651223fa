/* Free times across capacities on a real replica file: which capacities handle a visit of one or
 * more products, facilities, counts above a product's maximum, the month calendar's shading and
 * the free times of a day. */
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
  GTimeZone    *tz;
  GDate         monday;   /* 7 January 2030 */
} Fixture;

/* Stadhuis (with a hearing loop) has Balie 1 (wheelchair), Balie 2 and Balie 3 (not in use,
 * Turkish spoken) for Burgerzaken and a room for Zalen; Servicepunt Noord has one desk with
 * wheelchair access and video.  Desks open on weekdays 09:00–12:00 in 10-minute slots, one
 * place each, all for the desk.  Naturalisatie's group has no capacity anywhere. */
static const char setup_sql[] =
  "INSERT INTO locations (id, name, kind, facilities) VALUES"
  "  ('L1', 'Stadhuis', 'stadhuis', '[\"ringleiding\"]'),"
  "  ('L2', 'Servicepunt Noord', 'kantoor', '[]');"
  "INSERT INTO product_groups (id, name) VALUES ('G', 'Burgerzaken'), ('H', 'Zalen'),"
  "  ('K', 'Naturalisatie');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line,"
  "                      max_per_booking) VALUES"
  "  ('P', 'G', 'Paspoort', 10, 1, 1, 3),"
  "  ('R', 'G', 'Rijbewijs', 20, 1, 1, 1),"
  "  ('Z', 'H', 'Trouwzaal', 60, 1, 1, 1),"
  "  ('X', 'K', 'Naturalisatie', 30, 2, 2, 1);"
  "INSERT INTO capacities (id, location_id, group_id, kind, name, facilities, active) VALUES"
  "  ('C1', 'L1', 'G', 'balie', 'Balie 1', '[\"rolstoel\"]', 1),"
  "  ('C2', 'L1', 'G', 'balie', 'Balie 2', '[]', 1),"
  "  ('C3', 'L1', 'G', 'balie', 'Balie 3', '[\"tr\"]', 0),"
  "  ('N1', 'L2', 'G', 'balie', 'Balie Noord', '[\"rolstoel\", \"video\"]', 1),"
  "  ('S1', 'L1', 'H', 'zaal', 'Raadzaal', '[]', 1);"
  "INSERT INTO availability_rules (id, capacity_id, weekdays, valid_from, valid_until,"
  "                                start_time, end_time, slot_minutes, places, public_places)"
  "  SELECT 'R-' || id, id, 31, '2030-01-01', '2030-12-31', '09:00', '12:00', 10, 1, 0"
  "  FROM capacities;";

static void
exec (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_exec (loket_replica_get_db (f->replica), sql, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("replica-slots");
  exec (f, setup_sql);
  f->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_date_clear (&f->monday, 1);
  g_date_set_dmy (&f->monday, 7, G_DATE_JANUARY, 2030);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
  g_clear_pointer (&f->tz, g_time_zone_unref);
}

/* A local time on day offset days after the fixture's Monday. */
static GDateTime *
local (Fixture *f, int offset, int hour, int minute)
{
  return g_date_time_new (f->tz, 2030, 1, 7 + offset, hour, minute, 0);
}

static void
book (Fixture *f, const char *capacity, int offset, int hour, int minute, int minutes)
{
  g_autoptr(GDateTime) start = local (f, offset, hour, minute);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, minutes);
  g_autofree char *start_at = loket_protocol_format_time (g_date_time_to_unix (start));
  g_autofree char *end_at = loket_protocol_format_time (g_date_time_to_unix (end));
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO appointments (id, product_id, capacity_id, start_at, end_at, created_at)"
    " VALUES ('%s-%s', 'P', '%s', '%s', '%s', '%s')", capacity, start_at, capacity, start_at,
    end_at, start_at);

  exec (f, sql);
}

/* The names of the visit's locations, comma-separated. */
static char *
locations_for (Fixture *f, const LoketVisitItem *items, guint n_items,
               const char *const *facilities)
{
  g_autoptr(GListModel) list = loket_replica_list_locations_for_visit (f->replica, items,
                                                                       n_items, facilities);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (list, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                              loket_record_get_string (row, "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The month calendar's numbers as "36 36 -1 …". */
static char *
format_free_days (Fixture *f, const char *location, const LoketVisitItem *items, guint n_items,
           const char *const *facilities, guint n_days, GDateTime *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = loket_replica_free_days (f->replica, location, items, n_items,
                                                    facilities, &f->monday, n_days, now,
                                                    &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, n_days);
  for (guint i = 0; i < days->len; i++)
    g_string_append_printf (out, "%s%d", i > 0 ? " " : "", g_array_index (days, int, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A day's free times as "09:00 Balie 1, 09:00 Balie 2, …" (local times). */
static char *
format_free_times (Fixture *f, const char *location, const LoketVisitItem *items, guint n_items,
            const char *const *facilities, int offset, GDateTime *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GDate day = f->monday;

  g_date_add_days (&day, (guint) offset);
  list = loket_replica_free_times (f->replica, location, items, n_items, facilities, &day, now,
                                   &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (list, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (loket_record_get_int (row,
                                                                                      "start"));
      g_autoptr(GDateTime) at = g_date_time_to_timezone (utc, f->tz);
      g_autofree char *hhmm = g_date_time_format (at, "%H:%M");

      g_string_append_printf (out, "%s%s %s", i > 0 ? ", " : "", hhmm,
                              loket_record_get_string (row, "capacity_name"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_free_days(f, location, items, n_items, facilities, n_days, now, expected) \
  G_STMT_START { \
    g_autofree char *found_ = format_free_days (f, location, items, n_items, facilities, \
                                                n_days, now); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

#define assert_free_times(f, location, items, n_items, facilities, offset, now, expected) \
  G_STMT_START { \
    g_autofree char *found_ = format_free_times (f, location, items, n_items, facilities, \
                                                 offset, now); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

#define ONE(product) ((LoketVisitItem[]) { { product, 1 } })

/* ---- visit minutes and counts ---------------------------------------------------------------- */

typedef struct {
  const char   *name;
  LoketVisitItem items[3];
  guint         n_items;
  int           minutes;      /* 0: refused with code */
  int           code;
  const char   *says;         /* part of the refusal's message */
} MinutesCase;

static const MinutesCase minutes_cases[] = {
  { "one-passport", { { "P", 1 } }, 1, 10, 0, NULL },
  { "three-passports", { { "P", 3 } }, 1, 30, 0, NULL },
  { "passports-and-licence", { { "P", 2 }, { "R", 1 } }, 2, 40, 0, NULL },
  { "other-groups-still-add-up", { { "P", 1 }, { "Z", 1 } }, 2, 70, 0, NULL },
  { "four-passports", { { "P", 4 } }, 1, 0, LOKET_ERROR_INVALID, "At most 3 of “Paspoort”" },
  { "passports-split-over-items", { { "P", 2 }, { "R", 1 }, { "P", 2 } }, 3, 0,
    LOKET_ERROR_INVALID, "At most 3 of “Paspoort”" },
  { "two-licences", { { "R", 2 } }, 1, 0, LOKET_ERROR_INVALID, "Only one “Rijbewijs”" },
  { "count-zero", { { "P", 0 } }, 1, 0, LOKET_ERROR_INVALID, "at least one “Paspoort”" },
  { "unknown-product", { { "nope", 1 } }, 1, 0, LOKET_ERROR_NOT_FOUND, "product" },
  { "empty-visit", { { NULL, 0 } }, 0, 0, LOKET_ERROR_INVALID, "at least one product" },
};

static void
test_visit_minutes (Fixture *f, gconstpointer data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (minutes_cases); i++)
    {
      const MinutesCase *c = &minutes_cases[i];
      g_autoptr(GError) error = NULL;
      int minutes = loket_replica_visit_minutes (f->replica, c->items, c->n_items, &error);

      g_test_message ("case %s", c->name);
      g_assert_cmpint (minutes, ==, c->minutes);
      if (c->minutes > 0)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_error (error, LOKET_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->says));
    }
}

/* Every function refuses a visit that holds too many of a product, with the same sentence. */
static void
test_count_above_maximum (Fixture *f, gconstpointer data)
{
  LoketVisitItem items[] = { { "P", 4 } };
  g_autoptr(GError) days_error = NULL;
  g_autoptr(GError) times_error = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GListModel) times = NULL;
  g_autoptr(GListModel) locations = NULL;

  days = loket_replica_free_days (f->replica, "L1", items, 1, NULL, &f->monday, 7, NULL,
                                  &days_error);
  g_assert_null (days);
  g_assert_error (days_error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (days_error->message, ==,
                   "At most 3 of “Paspoort” can be booked per appointment.");
  times = loket_replica_free_times (f->replica, "L1", items, 1, NULL, &f->monday, NULL,
                                    &times_error);
  g_assert_null (times);
  g_assert_error (times_error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_cmpstr (times_error->message, ==, days_error->message);
  locations = loket_replica_list_locations_for_visit (f->replica, items, 1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (locations), ==, 0);

  items[0].count = 3;
  assert_free_days (f, "L1", items, 1, NULL, 1, NULL, "32");
}

/* ---- which capacities handle a visit --------------------------------------------------------- */

typedef struct {
  const char  *name;
  const char  *products[3];     /* NULL-terminated, one of each */
  const char  *facilities[3];
  const char  *locations;
} LocationCase;

static const LocationCase location_cases[] = {
  { "passport", { "P" }, { NULL }, "Servicepunt Noord, Stadhuis" },
  { "wheelchair-at-either", { "P" }, { "rolstoel" }, "Servicepunt Noord, Stadhuis" },
  { "video-only-noord", { "P" }, { "video" }, "Servicepunt Noord" },
  { "hearing-loop-of-the-location", { "P" }, { "ringleiding" }, "Stadhuis" },
  { "capacity-and-location-facility", { "P" }, { "rolstoel", "ringleiding" }, "Stadhuis" },
  { "wheelchair-and-video", { "P" }, { "rolstoel", "video" }, "Servicepunt Noord" },
  { "video-and-hearing-loop-nowhere", { "P" }, { "video", "ringleiding" }, "" },
  { "language-of-a-desk-not-in-use", { "P" }, { "tr" }, "" },
  { "room", { "Z" }, { NULL }, "Stadhuis" },
  { "passport-and-licence", { "P", "R" }, { NULL }, "Servicepunt Noord, Stadhuis" },
  { "no-capacity-for-the-product", { "X" }, { NULL }, "" },
  { "products-of-two-groups", { "P", "Z" }, { NULL }, "" },
};

static guint
items_of (const LocationCase *c, LoketVisitItem *items)
{
  guint n = 0;

  for (; n < G_N_ELEMENTS (c->products) && c->products[n] != NULL; n++)
    items[n] = (LoketVisitItem) { c->products[n], 1 };
  return n;
}

static void
test_locations_for_visit (Fixture *f, gconstpointer data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (location_cases); i++)
    {
      const LocationCase *c = &location_cases[i];
      LoketVisitItem items[3];
      guint n = items_of (c, items);
      g_autofree char *found = locations_for (f, items, n, c->facilities);

      g_test_message ("case %s", c->name);
      g_assert_cmpstr (found, ==, c->locations);
    }
}

/* A visit nobody handles is no error: the calendar shows every day closed, there are no times. */
static void
test_nobody_handles_it (Fixture *f, gconstpointer data)
{
  static const LoketVisitItem mixed[] = { { "P", 1 }, { "Z", 1 } };
  const char *locations[] = { "L1", "L2", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      assert_free_days (f, locations[i], ONE ("X"), 1, NULL, 7, NULL,
                        "-1 -1 -1 -1 -1 -1 -1");
      assert_free_days (f, locations[i], mixed, 2, NULL, 7, NULL, "-1 -1 -1 -1 -1 -1 -1");
      assert_free_times (f, locations[i], ONE ("X"), 1, NULL, 0, NULL, "");
      assert_free_times (f, locations[i], mixed, 2, NULL, 0, NULL, "");
    }
}

/* ---- the month calendar and a day's times ---------------------------------------------------- */

static void
test_free_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) tuesday_ten = local (f, 1, 10, 0);
  static const char *const wheelchair[] = { "rolstoel", NULL };
  static const LoketVisitItem visit[] = { { "P", 2 }, { "R", 1 } };

  /* Two desks of 18 slots on weekdays; the weekend is closed; Balie 3 is not in use. */
  assert_free_days (f, "L1", ONE ("P"), 1, NULL, 7, NULL, "36 36 36 36 36 -1 -1");
  assert_free_days (f, NULL, ONE ("P"), 1, NULL, 7, NULL, "54 54 54 54 54 -1 -1");
  assert_free_days (f, "L1", ONE ("P"), 1, wheelchair, 2, NULL, "18 18");
  /* 40 minutes take four slots: 09:00 … 11:20 is 15 starts per desk. */
  assert_free_days (f, "L1", visit, 2, NULL, 2, NULL, "30 30");

  /* The location closed on Wednesday, Balie 1 on Thursday, Tuesday fully booked. */
  exec (f, "INSERT INTO closures (id, location_id, from_date, until_date) VALUES"
           " ('W', 'L1', '2030-01-09', '2030-01-09');"
           "INSERT INTO closures (id, location_id, capacity_id, from_date, until_date) VALUES"
           " ('T', 'L1', 'C1', '2030-01-10', '2030-01-10');");
  for (int minute = 0; minute < 180; minute += 30)
    {
      book (f, "C1", 1, 9 + minute / 60, minute % 60, 30);
      book (f, "C2", 1, 9 + minute / 60, minute % 60, 30);
    }
  assert_free_days (f, "L1", ONE ("P"), 1, NULL, 7, NULL, "36 0 -1 18 36 -1 -1");

  /* From Tuesday 10:00 on, Monday is open but past: no free start, yet not closed. */
  exec (f, "DELETE FROM appointments");
  assert_free_days (f, "L1", ONE ("P"), 1, NULL, 7, tuesday_ten, "0 24 -1 18 36 -1 -1");
}

static void
test_free_days_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GDate invalid;

  g_date_clear (&invalid, 1);
  g_assert_null (loket_replica_free_days (f->replica, "L1", ONE ("P"), 1, NULL, &f->monday, 0,
                                          NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (loket_replica_free_days (f->replica, "L1", ONE ("P"), 1, NULL, &invalid, 7,
                                          NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (loket_replica_free_times (f->replica, "L1", ONE ("P"), 1, NULL, &invalid,
                                           NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

static void
test_free_times (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) monday_1125 = local (f, 0, 11, 25);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(LoketRecord) first = NULL;
  static const char *const video[] = { "video", NULL };

  assert_free_times (f, "L1", ONE ("P"), 1, NULL, 0, monday_1125,
                     "11:30 Balie 1, 11:30 Balie 2, 11:40 Balie 1, "
                     "11:40 Balie 2, 11:50 Balie 1, 11:50 Balie 2");
  book (f, "C2", 0, 11, 35, 10); /* straddles 11:30 and 11:40 */
  assert_free_times (f, "L1", ONE ("P"), 1, NULL, 0, monday_1125,
                     "11:30 Balie 1, 11:40 Balie 1, 11:50 Balie 1, 11:50 Balie 2");
  assert_free_times (f, NULL, ONE ("P"), 1, video, 0, monday_1125,
                     "11:30 Balie Noord, 11:40 Balie Noord, 11:50 Balie Noord");
  assert_free_times (f, "L1", ONE ("P"), 1, NULL, 5, NULL, "");

  list = loket_replica_free_times (f->replica, "L2", ONE ("P"), 1, NULL, &f->monday, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 18);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (loket_record_get_string (first, "start_at"), ==, "2030-01-07T08:00:00Z");
  g_assert_cmpstr (loket_record_get_string (first, "end_at"), ==, "2030-01-07T08:10:00Z");
  g_assert_cmpint (loket_record_get_int (first, "start"), ==, 1894003200);
  g_assert_cmpstr (loket_record_get_string (first, "capacity_id"), ==, "N1");
  g_assert_cmpstr (loket_record_get_string (first, "capacity_name"), ==, "Balie Noord");
  g_assert_cmpint (loket_record_get_int (first, "free"), ==, 1);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/replica-slots/visit-minutes", test_visit_minutes);
  ADD ("/replica-slots/count-above-maximum", test_count_above_maximum);
  ADD ("/replica-slots/locations-for-visit", test_locations_for_visit);
  ADD ("/replica-slots/nobody-handles-it", test_nobody_handles_it);
  ADD ("/replica-slots/free-days", test_free_days);
  ADD ("/replica-slots/free-days-bad-input", test_free_days_bad_input);
  ADD ("/replica-slots/free-times", test_free_times);

  return g_test_run ();
}
