/* The customer card on a replica: a person with appointments, cases, contact moments, a
 * callback and notes spread over two years, and a neighbour whose rows must never show; an
 * association with two representatives (one added twice, as two offline desks would).  The
 * timeline's order, kinds, titles and limit, the plan SQLite makes for it, the representatives
 * both ways, each row's detail, the automatic-merge notice, and a customer the desk lacks. */
#include "loket-replica-customers.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

static void
exec (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_exec (loket_replica_get_db (f->replica), sql, &error));
  g_assert_no_error (error);
}

static void
add_appointment (Fixture *f, const char *id, const char *customer, const char *start,
                 const char *status, const char *case_id)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"product_id\":\"P\",\"capacity_id\":\"C\",\"customer_id\":\"%s\","
    "\"start_at\":\"%s\",\"end_at\":\"%s\",\"status\":\"%s\",\"case_id\":%s%s%s,"
    "\"created_at\":\"2029-01-01T00:00:00Z\"}", id, customer, start, start, status,
    case_id ? "\"" : "", case_id ? case_id : "null", case_id ? "\"" : "");

  add_row (f, "appointments", json);
}

static void
add_case (Fixture *f, const char *id, const char *customer, const char *opened,
          const char *subject)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"reference\":\"Z-%s\",\"case_type_id\":\"V\",\"customer_id\":\"%s\","
    "\"subject\":\"%s\",\"status\":\"ontvangen\",\"opened_at\":\"%s\","
    "\"deadline\":\"2031-01-01\"}", id, id, customer, subject, opened);

  add_row (f, "cases", json);
}

static void
add_contact (Fixture *f, const char *id, const char *customer, const char *at,
             const char *channel, const char *topic)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"customer_id\":\"%s\",\"channel\":\"%s\",\"topic\":\"%s\",\"at\":\"%s\","
    "\"by_user\":\"U1\",\"referred_to\":\"Stichting Thuiszorg\"}",
    id, customer, channel, topic, at);

  add_row (f, "contact_moments", json);
}

static void
add_note (Fixture *f, const char *id, const char *customer, const char *at, const char *body)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"customer_id\":\"%s\",\"author_id\":\"U1\",\"body\":\"%s\","
    "\"created_at\":\"%s\"}", id, customer, body, at);

  add_row (f, "notes", json);
}

static void
add_customer (Fixture *f, const char *id, const char *kind, const char *name, const char *extra)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"created_at\":\"2029-01-01T00:00:00Z\"%s}",
    id, kind, name, extra);

  add_row (f, "customers", json);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("customers");
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "teams", "{\"id\":\"T\",\"name\":\"KCC\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "case_types", "{\"id\":\"V\",\"name\":\"Vergunning\",\"max_working_days\":10,"
           "\"statuses\":\"[\\\"ontvangen\\\",\\\"afgehandeld\\\"]\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"medewerker\",\"team_id\":\"T\"}");

  add_customer (f, "K1", "person", "Jan Jansen", ",\"bsn\":\"111222333\"");
  add_customer (f, "K2", "person", "Piet Buur", "");
  add_customer (f, "K3", "person", "Els Smit", "");
  add_customer (f, "O1", "organisation", "Vereniging De Eendracht", ",\"kvk\":\"12345678\"");
  add_customer (f, "O2", "organisation", "Stichting Speeltuin", "");

  /* K1's history, newest first: A2 (2030-05), N2, B1, M2, Z2, A1, M1, Z1, N1 (2028-11). */
  add_appointment (f, "A2", "K1", "2030-05-01T08:00:00Z", "booked", "Z2");
  add_note (f, "N2", "K1", "2030-04-01T08:00:00Z", "Belt terug\\nover de leges");
  add_row (f, "callbacks", "{\"id\":\"B1\",\"customer_id\":\"K1\",\"contact_moment_id\":\"M2\","
           "\"subject\":\"Vraag over leges\",\"assigned_team_id\":\"T\","
           "\"due_at\":\"2030-03-02T16:00:00Z\",\"created_at\":\"2030-03-01T10:00:00Z\"}");
  add_contact (f, "M2", "K1", "2030-03-01T09:59:00Z", "telefoon", "Leges paspoort");
  add_case (f, "Z2", "K1", "2030-02-01T09:00:00Z", "Paspoort");
  add_appointment (f, "A1", "K1", "2029-06-01T08:00:00Z", "done", NULL);
  add_contact (f, "M1", "K1", "2029-05-01T08:00:00Z", "balie", "Verhuizing");
  add_case (f, "Z1", "K1", "2029-01-01T09:00:00Z", "");
  add_note (f, "N1", "K1", "2028-11-01T08:00:00Z", "Eerste kennismaking");
  exec (f, "UPDATE contact_moments SET case_id = 'Z2' WHERE id = 'M2'");

  /* The neighbour's rows, in the middle of K1's time. */
  add_appointment (f, "A9", "K2", "2030-01-01T08:00:00Z", "booked", NULL);
  add_case (f, "Z9", "K2", "2030-01-01T08:00:00Z", "Melding");
  add_contact (f, "M9", "K2", "2030-01-01T08:00:00Z", "email", "Afval");
  add_note (f, "N9", "K2", "2030-01-01T08:00:00Z", "Niet van Jan");

  /* K1 acts for both organisations, K3 for the first; K1's first role was added twice. */
  add_row (f, "customer_representatives", "{\"id\":\"R1\",\"organisation_id\":\"O1\","
           "\"person_id\":\"K1\",\"role\":\"voorzitter\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "customer_representatives", "{\"id\":\"R2\",\"organisation_id\":\"O1\","
           "\"person_id\":\"K1\",\"role\":\"voorzitter\",\"created_at\":\"2030-01-02T00:00:00Z\"}");
  add_row (f, "customer_representatives", "{\"id\":\"R3\",\"organisation_id\":\"O1\","
           "\"person_id\":\"K3\",\"role\":\"secretaris\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
  add_row (f, "customer_representatives", "{\"id\":\"R4\",\"organisation_id\":\"O2\","
           "\"person_id\":\"K1\",\"created_at\":\"2030-01-01T00:00:00Z\"}");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

/* "column,column,…" of one column of every row, in order. */
static char *
column_of (GListModel *rows, const char *column)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                              loket_record_get_string (row, column));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_timeline_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) timeline = loket_replica_customer_timeline (f->replica, "K1", 0);
  g_autofree char *ids = column_of (timeline, "id");
  g_autofree char *kinds = column_of (timeline, "kind");
  g_autofree char *states = column_of (timeline, "state");
  g_autofree char *cases = column_of (timeline, "case_id");

  g_assert_cmpstr (ids, ==, "A2,N2,B1,M2,Z2,A1,M1,Z1,N1");
  g_assert_cmpstr (kinds, ==, "appointment,note,callback,contact,case,appointment,contact,case,"
                              "note");
  g_assert_cmpstr (states, ==, "booked,,open,telefoon,ontvangen,done,balie,ontvangen,");
  /* The callback belongs to the case of the contact it came from. */
  g_assert_cmpstr (cases, ==, "Z2,,Z2,Z2,Z2,,,Z1,");
}

static void
test_timeline_titles (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) timeline = loket_replica_customer_timeline (f->replica, "K1", 0);
  g_autofree char *titles = column_of (timeline, "title");
  g_autoptr(LoketRecord) first = g_list_model_get_item (timeline, 0);

  /* A product, a note's first line, a subject, a topic, a reference with and without subject. */
  g_assert_cmpstr (titles, ==, "Paspoort,Belt terug,Vraag over leges,Leges paspoort,"
                               "Z-Z2 · Paspoort,Paspoort,Verhuizing,Z-Z1,Eerste kennismaking");
  g_assert_cmpstr (loket_record_get_string (first, "at"), ==, "2030-05-01T08:00:00Z");
}

/* Rows at the same moment come in a fixed order: by kind, then id. */
static void
test_timeline_ties (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) timeline = loket_replica_customer_timeline (f->replica, "K2", 0);
  g_autofree char *ids = column_of (timeline, "id");

  g_assert_cmpstr (ids, ==, "A9,Z9,M9,N9");
}

static void
test_timeline_limit (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) three = loket_replica_customer_timeline (f->replica, "K1", 3);
  g_autoptr(GListModel) one = loket_replica_customer_timeline (f->replica, "K1", 1);
  g_autoptr(GListModel) many = loket_replica_customer_timeline (f->replica, "K1", 100);
  g_autofree char *three_ids = column_of (three, "id");
  g_autofree char *one_ids = column_of (one, "id");

  g_assert_cmpstr (three_ids, ==, "A2,N2,B1");
  g_assert_cmpstr (one_ids, ==, "A2");
  g_assert_cmpuint (g_list_model_get_n_items (many), ==, 9);
}

/* The plan reads each kind through its (customer_id, time) index, never a whole table, and
 * never sorts a kind's rows as a whole: within a branch only rows of the same moment are put
 * in order (the "right part" of its ORDER BY), and only the branches' kept rows are sorted
 * for the union. */
static void
test_timeline_plan (Fixture *f, gconstpointer data)
{
  const char *indexes[] = { "appointments_by_customer", "cases_by_customer",
                            "contact_moments_by_customer", "callbacks_by_customer",
                            "notes_by_customer" };
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ",
                                      loket_replica_customer_timeline_sql (), NULL);
  gboolean in_branch = FALSE;
  guint branches = 0;

  stmt = loket_db_prepare (loket_replica_get_db (f->replica), sql, &error);
  g_assert_no_error (error);
  loket_db_bind_text (stmt, 1, "K1");
  sqlite3_bind_int64 (stmt, 2, 20);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 3);

      g_string_append_printf (plan, "%s\n", line);
      if (g_str_has_prefix (line, "CO-ROUTINE"))
        in_branch = TRUE, branches++;
      else if (g_str_has_prefix (line, "SCAN (subquery"))
        in_branch = FALSE;
      else if (in_branch)
        g_assert_cmpstr (line, !=, "USE TEMP B-TREE FOR ORDER BY");
      g_assert_false (g_str_has_prefix (line, "SCAN ") && !g_str_has_prefix (line, "SCAN (sub"));
    }
  g_test_message ("%s", plan->str);
  g_assert_cmpuint (branches, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *use = g_strdup_printf ("USING INDEX %s (customer_id=?)", indexes[i]);

      g_assert_nonnull (strstr (plan->str, use));
    }
}

static void
test_representatives_of_organisation (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) reps = loket_replica_list_representatives (f->replica, "O1");
  g_autofree char *others = column_of (reps, "other_id");
  g_autofree char *names = column_of (reps, "name");
  g_autofree char *roles = column_of (reps, "role");
  g_autofree char *relations = column_of (reps, "relation");

  /* By name; the pair added twice is one row. */
  g_assert_cmpstr (others, ==, "K3,K1");
  g_assert_cmpstr (names, ==, "Els Smit,Jan Jansen");
  g_assert_cmpstr (roles, ==, "secretaris,voorzitter");
  g_assert_cmpstr (relations, ==, "representative,representative");
}

static void
test_representatives_of_person (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) orgs = loket_replica_list_representatives (f->replica, "K1");
  g_autoptr(GListModel) none = loket_replica_list_representatives (f->replica, "K2");
  g_autofree char *others = column_of (orgs, "other_id");
  g_autofree char *roles = column_of (orgs, "role");
  g_autofree char *relations = column_of (orgs, "relation");
  g_autofree char *kinds = column_of (orgs, "kind");
  g_autoptr(LoketRecord) first = g_list_model_get_item (orgs, 1);

  g_assert_cmpstr (others, ==, "O2,O1");
  g_assert_cmpstr (roles, ==, ",voorzitter");
  g_assert_cmpstr (relations, ==, "organisation,organisation");
  g_assert_cmpstr (kinds, ==, "organisation,organisation");
  g_assert_cmpstr (loket_record_get_string (first, "organisation_id"), ==, "O1");
  g_assert_cmpstr (loket_record_get_string (first, "person_id"), ==, "K1");
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
}

static void
test_unknown_customer (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketRecord) customer = loket_replica_get_customer (f->replica, "nobody");
  g_autoptr(LoketRecord) known = loket_replica_get_customer (f->replica, "O1");
  g_autoptr(GListModel) timeline = loket_replica_customer_timeline (f->replica, "nobody", 10);
  g_autoptr(GListModel) reps = loket_replica_list_representatives (f->replica, "nobody");
  g_autoptr(LoketRecord) notice = loket_replica_get_merge_notice (f->replica, "nobody");

  g_assert_null (customer);
  g_assert_nonnull (known);
  g_assert_cmpstr (loket_record_get_string (known, "kvk"), ==, "12345678");
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (reps), ==, 0);
  g_assert_null (notice);
}

static void
test_timeline_entry (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketRecord) contact = loket_replica_get_timeline_entry (f->replica, "contact", "M2");
  g_autoptr(LoketRecord) callback = loket_replica_get_timeline_entry (f->replica, "callback", "B1");
  g_autoptr(LoketRecord) note = loket_replica_get_timeline_entry (f->replica, "note", "N2");
  g_autoptr(LoketRecord) appointment = loket_replica_get_timeline_entry (f->replica,
                                                                         "appointment", "A2");
  g_autoptr(LoketRecord) kase = loket_replica_get_timeline_entry (f->replica, "case", "Z2");
  g_autoptr(LoketRecord) wrong_kind = loket_replica_get_timeline_entry (f->replica, "case", "M2");
  g_autoptr(LoketRecord) no_kind = loket_replica_get_timeline_entry (f->replica, "bogus", "M2");
  g_autoptr(LoketRecord) missing = loket_replica_get_timeline_entry (f->replica, "note", "N7");

  g_assert_cmpstr (loket_record_get_string (contact, "referred_to"), ==, "Stichting Thuiszorg");
  g_assert_cmpstr (loket_record_get_string (contact, "by_name"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (contact, "case_reference"), ==, "Z-Z2");
  g_assert_cmpstr (loket_record_get_string (callback, "assigned_team_name"), ==, "KCC");
  g_assert_cmpstr (loket_record_get_string (callback, "due_at"), ==, "2030-03-02T16:00:00Z");
  g_assert_cmpstr (loket_record_get_string (note, "body"), ==, "Belt terug\nover de leges");
  g_assert_cmpstr (loket_record_get_string (note, "author_name"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (appointment, "location_name"), ==, "Stadhuis");
  g_assert_cmpstr (loket_record_get_string (appointment, "capacity_name"), ==, "Balie 1");
  g_assert_cmpstr (loket_record_get_string (kase, "case_type_name"), ==, "Vergunning");
  g_assert_null (wrong_kind);
  g_assert_null (no_kind);
  g_assert_null (missing);
}

static void
add_issue (Fixture *f, guint seq, const char *code, const char *args, gboolean resolved)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO sync_issues (seq, type, outcome, code, message, args, at, resolved) VALUES "
    "(%u, 'create_customer', 'conflict', '%s', 'Deze klant bestond al', '%s', "
    "'2030-05-02T08:00:00Z', %d)", seq, code, args, resolved);

  exec (f, sql);
}

/* The desk made K1 again offline (same BSN, another id): the server merged it into K1. */
static void
test_merge_notice (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketRecord) before = loket_replica_get_merge_notice (f->replica, "K1");
  g_autoptr(LoketRecord) notice = NULL;
  g_autoptr(LoketRecord) other = NULL;
  g_autoptr(LoketRecord) org = NULL;
  g_autoptr(LoketRecord) settled = NULL;

  g_assert_null (before);
  add_issue (f, 1, "slot_taken", "{\"id\":\"x\",\"bsn\":\"111222333\"}", FALSE);
  add_issue (f, 2, "merged", "{\"id\":\"K1-dup\",\"name\":\"J. Jansen\",\"bsn\":\"111222333\"}",
             FALSE);
  add_issue (f, 3, "merged", "{\"id\":\"O1-dup\",\"kind\":\"organisation\",\"kvk\":\"12345678\"}",
             FALSE);
  notice = loket_replica_get_merge_notice (f->replica, "K1");
  g_assert_nonnull (notice);
  g_assert_cmpint (loket_record_get_int (notice, "seq"), ==, 2);
  other = loket_replica_get_merge_notice (f->replica, "K2");
  g_assert_null (other);
  org = loket_replica_get_merge_notice (f->replica, "O1");
  g_assert_nonnull (org);
  g_assert_cmpint (loket_record_get_int (org, "seq"), ==, 3);

  /* Once the clerk has seen it (resolved), the card no longer shows it. */
  exec (f, "UPDATE sync_issues SET resolved = 1 WHERE seq = 2");
  settled = loket_replica_get_merge_notice (f->replica, "K1");
  g_assert_null (settled);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/replica-customers/timeline/order", test_timeline_order);
  ADD ("/replica-customers/timeline/titles", test_timeline_titles);
  ADD ("/replica-customers/timeline/ties", test_timeline_ties);
  ADD ("/replica-customers/timeline/limit", test_timeline_limit);
  ADD ("/replica-customers/timeline/plan", test_timeline_plan);
  ADD ("/replica-customers/timeline/entry", test_timeline_entry);
  ADD ("/replica-customers/representatives/organisation", test_representatives_of_organisation);
  ADD ("/replica-customers/representatives/person", test_representatives_of_person);
  ADD ("/replica-customers/unknown", test_unknown_customer);
  ADD ("/replica-customers/merge-notice", test_merge_notice);
#undef ADD
  return g_test_run ();
}
