/* The desk's case lists on a replica: a handful of cases of two colleagues in two teams, a
 * weekend and a holiday between today and the at-risk bound, and each list checked for exactly
 * the cases it must hold; the counts, the search, and a case's statuses and history. */
#include "loket-protocol.h"
#include "loket-replica-cases.h"
#include "loket-rules.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

/* An open case (closed_at NULL unless given) of type V, status "in behandeling". */
static void
add_case (Fixture *f, const char *id, const char *assignee, const char *team,
          const char *deadline, const char *extra)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"reference\":\"Z-2030-%s\",\"case_type_id\":\"V\",\"customer_id\":\"K%s\","
    "\"product_id\":\"P\",\"subject\":\"Zaak %s\",\"status\":\"in behandeling\","
    "\"team_id\":%s%s%s,\"assignee_id\":%s%s%s,\"opened_at\":\"2030-02-01T09:00:00Z\","
    "\"deadline\":\"%s\"%s}", id, id, id, id,
    team ? "\"" : "", team ? team : "null", team ? "\"" : "",
    assignee ? "\"" : "", assignee ? assignee : "null", assignee ? "\"" : "",
    deadline, extra);

  add_row (f, "cases", json);
}

static void
add_customer (Fixture *f, const char *id, const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"K%s\",\"name\":\"%s\","
                                           "\"created_at\":\"2030-01-01T00:00:00Z\"}", id, name);

  add_row (f, "customers", json);
}

/* Today is Thursday 7 March 2030; Monday the 11th is a holiday of the replica. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("cases");
  add_row (f, "teams", "{\"id\":\"T1\",\"name\":\"Vergunningen\"}");
  add_row (f, "teams", "{\"id\":\"T2\",\"name\":\"Belastingen\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "case_types", "{\"id\":\"V\",\"name\":\"Vergunning\",\"max_working_days\":10,"
           "\"statuses\":\"[\\\"ontvangen\\\",\\\"in behandeling\\\",\\\"besluit\\\","
           "\\\"afgehandeld\\\"]\"}");
  add_row (f, "case_types", "{\"id\":\"W\",\"name\":\"Melding\",\"max_working_days\":5,"
           "\"statuses\":\"[\\\"ontvangen\\\",\\\"in behandeling\\\",\\\"afgehandeld\\\"]\","
           "\"transitions\":\"{\\\"ontvangen\\\":[\\\"in behandeling\\\"],"
           "\\\"in behandeling\\\":[\\\"afgehandeld\\\"]}\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Omgevingsvergunning\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  add_row (f, "roles", "{\"id\":\"backoffice\",\"name\":\"Backoffice\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"backoffice\",\"team_id\":\"T1\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":"
           "\"Bram Bakker\",\"role_id\":\"backoffice\",\"team_id\":\"T2\"}");
  add_row (f, "holidays", "{\"date\":\"2030-03-11\",\"name\":\"Gemeentelijke sluitingsdag\"}");
  add_customer (f, "A1", "Jan Jansen");
  add_customer (f, "A2", "Éva Müller");
  add_customer (f, "A3", "Piet Pietersen");
  for (guint i = 4; i <= 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("A%u", i);
      g_autofree char *name = g_strdup_printf ("Klant %u", i);

      add_customer (f, id, name);
    }
  /* A1: 3 working days left (Fri 8, Tue 12, Wed 13): at risk only thanks to the holiday. */
  add_case (f, "A1", "U1", "T1", "2030-03-13", "");
  add_case (f, "A2", "U1", "T1", "2030-03-14", "");                      /* 4 left */
  add_case (f, "A3", "U2", "T1", "2030-03-06", "");                      /* overdue */
  add_case (f, "A4", NULL, "T1", "2030-03-07", "");                      /* due today */
  add_case (f, "A5", NULL, NULL, "2030-04-01", "");
  add_case (f, "A6", NULL, "T2", "2030-03-12", "");                      /* another team's */
  add_case (f, "A7", "U1", "T1", "2030-03-01", ",\"closed_at\":\"2030-03-01T10:00:00Z\"");
  add_case (f, "A8", "U2", "T2", "2030-03-05", ",\"closed_at\":\"2030-03-05T10:00:00Z\"");
  add_case (f, "A9", "U1", "T1", "2030-03-08", ",\"suspended_since\":\"2030-03-04T10:00:00Z\"");
  add_row (f, "cases", "{\"id\":\"B1\",\"reference\":\"Z-2030-B1\",\"case_type_id\":\"W\","
           "\"subject\":\"Melding\",\"status\":\"ontvangen\",\"opened_at\":\"2030-02-01T09:00:00Z\","
           "\"deadline\":\"2030-05-01\",\"closed_at\":\"2030-02-02T09:00:00Z\"}");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

/* Thursday 7 March 2030, 10:00 in Amsterdam. */
static gint64
today (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) time = g_date_time_new (tz, 2030, 3, 7, 10, 0, 0);

  return g_date_time_to_unix (time);
}

/* The ids of a list, comma-separated, in its order. */
static char *
ids_of (GListModel *rows)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", loket_record_get_id (row));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
list_ids (Fixture *f, LoketCaseList list, const char *search)
{
  g_autoptr(GListModel) rows = loket_replica_list_cases_at (f->replica, list, search, 0, today ());

  return ids_of (rows);
}

#define assert_list(f, list, search, expected) \
  G_STMT_START { \
    g_autofree char *ids__ = list_ids ((f), (list), (search)); \
    g_assert_cmpstr (ids__, ==, (expected)); \
  } G_STMT_END

static void
test_lists (Fixture *f, gconstpointer data)
{
  assert_list (f, LOKET_CASE_LIST_MINE, NULL, "A9,A1,A2");
  assert_list (f, LOKET_CASE_LIST_TEAM, NULL, "A3,A4,A9,A1,A2");
  assert_list (f, LOKET_CASE_LIST_UNASSIGNED, NULL, "A4,A5");
  /* Today, and up to Wednesday across the weekend and the holiday; not the suspended A9. */
  assert_list (f, LOKET_CASE_LIST_AT_RISK, NULL, "A4,A6,A1");
  assert_list (f, LOKET_CASE_LIST_OVERDUE, NULL, "A3");
  assert_list (f, LOKET_CASE_LIST_CLOSED, NULL, "A8,A7,B1");
}

static void
test_counts (Fixture *f, gconstpointer data)
{
  guint counts[LOKET_CASE_LIST_N];

  loket_replica_count_cases_at (f->replica, today (), counts);
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      g_autoptr(GListModel) rows = loket_replica_list_cases_at (f->replica, i, NULL, 0, today ());

      g_assert_cmpuint (counts[i], ==, g_list_model_get_n_items (rows));
    }
  g_assert_cmpuint (counts[LOKET_CASE_LIST_TEAM], ==, 5);
}

/* Without a signed-in user there is nothing of "mine" or "my team", and no failure. */
static void
test_no_user (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_set_state (f->replica, "user_id", NULL, &error));
  g_assert_no_error (error);
  assert_list (f, LOKET_CASE_LIST_MINE, NULL, "");
  assert_list (f, LOKET_CASE_LIST_TEAM, NULL, "");
  assert_list (f, LOKET_CASE_LIST_UNASSIGNED, NULL, "A5");
}

static LoketRecord *
row_of (Fixture *f, LoketCaseList list, const char *id)
{
  g_autoptr(GListModel) rows = loket_replica_list_cases_at (f->replica, list, NULL, 0, today ());

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      if (g_str_equal (loket_record_get_id (row), id))
        return g_steal_pointer (&row);
    }
  g_assert_not_reached ();
}

static void
test_days_left (Fixture *f, gconstpointer data)
{
  const struct { const char *id; int left; const char *state; } cases[] = {
    { "A1", 3, "at_risk" }, { "A2", 4, "on_track" }, { "A3", -1, "overdue" },
    { "A4", 0, "at_risk" }, { "A9", 1, "suspended" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LoketRecord) row = row_of (f, LOKET_CASE_LIST_TEAM, cases[i].id);

      g_assert_cmpint (loket_record_get_int (row, "days_left"), ==, cases[i].left);
      g_assert_cmpstr (loket_record_get_string (row, "deadline_state"), ==, cases[i].state);
    }
  {
    g_autoptr(LoketRecord) row = row_of (f, LOKET_CASE_LIST_MINE, "A1");

    g_assert_cmpstr (loket_record_get_string (row, "customer_name"), ==, "Jan Jansen");
    g_assert_cmpstr (loket_record_get_string (row, "product_name"), ==, "Omgevingsvergunning");
    g_assert_cmpstr (loket_record_get_string (row, "case_type_name"), ==, "Vergunning");
    g_assert_cmpstr (loket_record_get_string (row, "assignee_name"), ==, "Anna de Vries");
    g_assert_cmpstr (loket_record_get_string (row, "team_name"), ==, "Vergunningen");
  }
}

/* On Friday the bound moves past the holiday to Thursday: A2 (Thursday) is at risk too. */
static void
test_at_risk_moves (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) rows = loket_replica_list_cases_at (f->replica, LOKET_CASE_LIST_AT_RISK,
                                                            NULL, 0, today () + 24 * 3600);
  g_autofree char *ids = ids_of (rows);

  /* A4's deadline (Thursday) has passed by Friday. */
  g_assert_cmpstr (ids, ==, "A6,A1,A2");
}

static void
test_search (Fixture *f, gconstpointer data)
{
  assert_list (f, LOKET_CASE_LIST_MINE, "jan", "A1");
  assert_list (f, LOKET_CASE_LIST_MINE, "muller", "A2");          /* diacritics folded */
  assert_list (f, LOKET_CASE_LIST_MINE, "Z-2030-A2", "A2");       /* the reference */
  assert_list (f, LOKET_CASE_LIST_TEAM, "zaak a3", "A3");         /* the subject, two words */
  assert_list (f, LOKET_CASE_LIST_TEAM, "omgeving", "A3,A4,A9,A1,A2"); /* the product */
  assert_list (f, LOKET_CASE_LIST_MINE, "pietersen", "");         /* A3 is not mine */
  assert_list (f, LOKET_CASE_LIST_MINE, "onbekend", "");
  /* Typed syntax is searched as text, never run as a query. */
  assert_list (f, LOKET_CASE_LIST_MINE, "\"jan", "A1");
  assert_list (f, LOKET_CASE_LIST_MINE, "jan* OR NOT", "");
  assert_list (f, LOKET_CASE_LIST_MINE, "   ", "A9,A1,A2");
  assert_list (f, LOKET_CASE_LIST_MINE, "-- \" *", "A9,A1,A2");
}

static char *
filtered_ids (Fixture *f, LoketCaseList list, const char *search, const char *case_type_id,
              const char *product_id)
{
  LoketCaseFilter filter = { case_type_id, product_id };
  g_autoptr(GListModel) rows = loket_replica_filter_cases_at (f->replica, list, search, &filter,
                                                              0, today ());

  return ids_of (rows);
}

/* The filters narrow a list to a case type, a product or both, together with the search. */
static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *team = NULL;
  g_autofree char *by_type = NULL;
  g_autofree char *by_product = NULL;
  g_autofree char *melding = NULL;
  g_autofree char *both = NULL;
  g_autofree char *searched = NULL;
  g_autofree char *none = NULL;

  add_row (f, "cases", "{\"id\":\"B2\",\"reference\":\"Z-2030-B2\",\"case_type_id\":\"W\","
           "\"subject\":\"Losliggende stoeptegel\",\"status\":\"ontvangen\",\"team_id\":\"T1\","
           "\"opened_at\":\"2030-03-01T09:00:00Z\",\"deadline\":\"2030-03-20\"}");
  team = list_ids (f, LOKET_CASE_LIST_TEAM, NULL);
  g_assert_nonnull (strstr (team, "B2"));
  by_type = filtered_ids (f, LOKET_CASE_LIST_TEAM, NULL, "V", NULL);
  by_product = filtered_ids (f, LOKET_CASE_LIST_TEAM, NULL, NULL, "P");
  melding = filtered_ids (f, LOKET_CASE_LIST_TEAM, NULL, "W", NULL);
  both = filtered_ids (f, LOKET_CASE_LIST_TEAM, NULL, "W", "P");
  searched = filtered_ids (f, LOKET_CASE_LIST_TEAM, "stoeptegel", "V", NULL);
  none = filtered_ids (f, LOKET_CASE_LIST_TEAM, NULL, NULL, NULL);
  g_assert_cmpstr (melding, ==, "B2");
  g_assert_cmpstr (both, ==, "");
  g_assert_cmpstr (searched, ==, "");
  g_assert_cmpstr (none, ==, team);
  g_assert_null (strstr (by_type, "B2"));
  g_assert_cmpstr (by_type, ==, by_product);
  g_assert_cmpuint (strlen (by_type), >, 0);
}

/* The statuses of a record list: "name:flags", flags c(urrent) r(eached) a(llowed). */
static char *
statuses_of (Fixture *f, const char *case_id)
{
  g_autoptr(GListModel) rows = loket_replica_list_case_statuses (f->replica, case_id);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      g_string_append_printf (text, "%s%s:%s%s%s", i > 0 ? "," : "",
                              loket_record_get_string (row, "name"),
                              loket_record_get_int (row, "current") ? "c" : "",
                              loket_record_get_int (row, "reached") ? "r" : "",
                              loket_record_get_int (row, "allowed") ? "a" : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_statuses (Fixture *f, gconstpointer data)
{
  g_autofree char *forward = statuses_of (f, "A1");
  g_autofree char *narrowed = statuses_of (f, "B1");
  g_autofree char *unknown = statuses_of (f, "nope");

  /* No transitions: back one step or any later one. */
  g_assert_cmpstr (forward, ==, "ontvangen:ra,in behandeling:cr,besluit:a,afgehandeld:a");
  /* The type's transitions narrow it. */
  g_assert_cmpstr (narrowed, ==, "ontvangen:cr,in behandeling:a,afgehandeld:");
  g_assert_cmpstr (unknown, ==, "");
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(LoketRecord) first = NULL;
  g_autoptr(LoketRecord) second = NULL;
  g_autoptr(LoketRecord) kase = NULL;
  guint counts[LOKET_CASE_LIST_N];

  add_row (f, "case_status_history", "{\"id\":\"H0\",\"case_id\":\"A1\",\"status\":"
           "\"in behandeling\",\"at\":\"2020-02-01T09:00:00Z\",\"by_user\":\"U2\"}");
  g_assert_true (loket_replica_set_case_status (f->replica, "A1", "besluit", &error));
  g_assert_no_error (error);
  g_assert_true (loket_replica_set_case_status (f->replica, "A1", "afgehandeld", &error));
  g_assert_no_error (error);

  history = loket_replica_list_case_history (f->replica, "A1");
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  first = g_list_model_get_item (history, 0);
  second = g_list_model_get_item (history, 1);
  g_assert_cmpstr (loket_record_get_string (first, "by_name"), ==, "Bram Bakker");
  g_assert_cmpint (loket_record_get_int (first, "pending"), ==, 0);
  g_assert_cmpstr (loket_record_get_string (second, "status"), ==, "besluit");
  g_assert_cmpstr (loket_record_get_string (second, "by_name"), ==, "Anna de Vries");
  g_assert_cmpint (loket_record_get_int (second, "pending"), ==, 1);

  /* The last status closed it: the lists and counts follow at once. */
  kase = loket_replica_get_case_row_at (f->replica, "A1", today ());
  g_assert_cmpstr (loket_record_get_string (kase, "deadline_state"), ==, "closed");
  assert_list (f, LOKET_CASE_LIST_MINE, NULL, "A9,A2");
  loket_replica_count_cases_at (f->replica, today (), counts);
  g_assert_cmpuint (counts[LOKET_CASE_LIST_CLOSED], ==, 4);
  g_assert_cmpuint (counts[LOKET_CASE_LIST_AT_RISK], ==, 2);
  g_assert_null (loket_replica_get_case_row_at (f->replica, "nope", today ()));
}

static void
test_appointments (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) none = loket_replica_list_case_appointments (f->replica, "A1");
  g_autoptr(GListModel) some = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  add_row (f, "locations", "{\"id\":\"L\",\"name\":\"Stadhuis\",\"kind\":\"stadhuis\"}");
  add_row (f, "capacities", "{\"id\":\"C\",\"location_id\":\"L\",\"group_id\":\"G\","
           "\"kind\":\"balie\",\"name\":\"Balie 1\"}");
  add_row (f, "appointments", "{\"id\":\"AP2\",\"product_id\":\"P\",\"capacity_id\":\"C\","
           "\"case_id\":\"A1\",\"start_at\":\"2030-03-12T09:00:00Z\",\"end_at\":"
           "\"2030-03-12T09:10:00Z\",\"created_at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "appointments", "{\"id\":\"AP1\",\"product_id\":\"P\",\"capacity_id\":\"C\","
           "\"case_id\":\"A1\",\"start_at\":\"2030-03-08T09:00:00Z\",\"end_at\":"
           "\"2030-03-08T09:10:00Z\",\"created_at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "appointments", "{\"id\":\"AP3\",\"product_id\":\"P\",\"capacity_id\":\"C\","
           "\"case_id\":\"A2\",\"start_at\":\"2030-03-08T09:00:00Z\",\"end_at\":"
           "\"2030-03-08T09:10:00Z\",\"created_at\":\"2030-03-01T09:00:00Z\"}");
  some = loket_replica_list_case_appointments (f->replica, "A1");
  {
    g_autofree char *ids = ids_of (some);

    g_assert_cmpstr (ids, ==, "AP1,AP2");
  }
}

/* "field:field:…" of each row, comma-separated. */
static char *
columns_of (GListModel *rows, const char *const *columns)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      if (i > 0)
        g_string_append_c (text, ',');
      for (guint c = 0; columns[c] != NULL; c++)
        g_string_append_printf (text, "%s%s", c > 0 ? ":" : "",
                                loket_record_get_string (row, columns[c]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_columns(rows, expected, ...) \
  G_STMT_START { \
    const char *const columns__[] = { __VA_ARGS__, NULL }; \
    g_autofree char *text__ = columns_of ((rows), columns__); \
    g_assert_cmpstr (text__, ==, (expected)); \
  } G_STMT_END

/* Suspensions take their place among the statuses; at the same moment the status first. */
static void
test_timeline_suspensions (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GListModel) other = NULL;

  add_row (f, "case_status_history", "{\"id\":\"H0\",\"case_id\":\"A1\",\"status\":"
           "\"ontvangen\",\"at\":\"2030-03-01T09:00:00Z\",\"by_user\":\"U2\"}");
  add_row (f, "case_status_history", "{\"id\":\"H1\",\"case_id\":\"A1\",\"status\":"
           "\"in behandeling\",\"at\":\"2030-03-04T10:00:00Z\",\"by_user\":\"U1\"}");
  add_row (f, "case_suspensions", "{\"id\":\"S2\",\"case_id\":\"A1\",\"kind\":\"resume\","
           "\"at\":\"2030-03-04T10:00:00Z\",\"reason\":\"Stukken ontvangen\",\"by_user\":\"U1\"}");
  add_row (f, "case_suspensions", "{\"id\":\"S1\",\"case_id\":\"A1\",\"kind\":\"suspend\","
           "\"at\":\"2030-03-02T10:00:00Z\",\"reason\":\"Wacht op tekening\",\"by_user\":\"U2\"}");
  add_row (f, "case_suspensions", "{\"id\":\"S3\",\"case_id\":\"A2\",\"kind\":\"suspend\","
           "\"at\":\"2030-03-02T10:00:00Z\"}");
  timeline = loket_replica_list_case_history (f->replica, "A1");
  assert_columns (timeline, "H0:status:ontvangen::Bram Bakker,S1:suspend::Wacht op tekening:"
                  "Bram Bakker,H1:status:in behandeling::Anna de Vries,S2:resume::"
                  "Stukken ontvangen:Anna de Vries", "id", "kind", "status", "reason", "by_name");
  other = loket_replica_list_case_history (f->replica, "A5");
  g_assert_cmpuint (g_list_model_get_n_items (other), ==, 0);
}

/* Links either way round, each named from the case looked at; unknown cases left out. */
static void
test_links (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) a1 = NULL;
  g_autoptr(GListModel) a2 = NULL;
  g_autoptr(GListModel) a5 = NULL;

  add_row (f, "case_links", "{\"id\":\"L2\",\"case_id\":\"A3\",\"linked_case_id\":\"A1\","
           "\"kind\":\"related\",\"created_at\":\"2030-03-02T09:00:00Z\"}");
  add_row (f, "case_links", "{\"id\":\"L1\",\"case_id\":\"A1\",\"linked_case_id\":\"A2\","
           "\"kind\":\"intake\",\"created_at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "case_links", "{\"id\":\"L3\",\"case_id\":\"A1\",\"linked_case_id\":\"X9\","
           "\"kind\":\"bundle\",\"created_at\":\"2030-03-03T09:00:00Z\"}");
  a1 = loket_replica_list_case_links (f->replica, "A1");
  assert_columns (a1, "L1:to:intake:A2:Z-2030-A2:in behandeling,"
                  "L2:from:related:A3:Z-2030-A3:in behandeling",
                  "id", "direction", "kind", "other_id", "reference", "status");
  a2 = loket_replica_list_case_links (f->replica, "A2");
  assert_columns (a2, "L1:from:intake:A1", "id", "direction", "kind", "other_id");
  a5 = loket_replica_list_case_links (f->replica, "A5");
  g_assert_cmpuint (g_list_model_get_n_items (a5), ==, 0);
}

static void
test_documents_and_contacts (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) documents = NULL;
  g_autoptr(GListModel) contacts = NULL;
  g_autoptr(GListModel) none = NULL;

  add_row (f, "case_documents", "{\"id\":\"D2\",\"case_id\":\"A1\",\"title\":\"Tekening\","
           "\"location\":\"https://dms.example.nl/d2\",\"added_at\":\"2030-03-05T09:00:00Z\","
           "\"by_user\":\"U1\"}");
  add_row (f, "case_documents", "{\"id\":\"D1\",\"case_id\":\"A1\",\"title\":\"Aanvraag\","
           "\"location\":\"/srv/zaken/d1.pdf\",\"added_at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "case_documents", "{\"id\":\"D3\",\"case_id\":\"A2\",\"title\":\"Ander\","
           "\"location\":\"/srv/zaken/d3.pdf\",\"added_at\":\"2030-03-01T09:00:00Z\"}");
  documents = loket_replica_list_case_documents (f->replica, "A1");
  assert_columns (documents, "D1:Aanvraag:/srv/zaken/d1.pdf:,"
                  "D2:Tekening:https://dms.example.nl/d2:Anna de Vries",
                  "id", "title", "location", "by_name");

  add_row (f, "contact_moments", "{\"id\":\"M1\",\"customer_id\":\"KA1\",\"case_id\":\"A1\","
           "\"channel\":\"telefoon\",\"topic\":\"Stand van zaken\",\"at\":\"2030-03-03T09:00:00Z\","
           "\"by_user\":\"U2\",\"referred_to\":\"Omgevingsdienst\"}");
  add_row (f, "contact_moments", "{\"id\":\"M2\",\"customer_id\":\"KA1\",\"case_id\":\"A1\","
           "\"channel\":\"balie\",\"topic\":\"Aanvraag\",\"product_id\":\"P\","
           "\"at\":\"2030-03-01T09:00:00Z\"}");
  add_row (f, "contact_moments", "{\"id\":\"M3\",\"customer_id\":\"KA1\",\"channel\":\"email\","
           "\"at\":\"2030-03-02T09:00:00Z\"}");
  contacts = loket_replica_list_case_contacts (f->replica, "A1");
  assert_columns (contacts, "M2:balie:Aanvraag::Omgevingsvergunning:,"
                  "M1:telefoon:Stand van zaken:Bram Bakker::Omgevingsdienst",
                  "id", "channel", "topic", "by_name", "product_name", "referred_to");
  none = loket_replica_list_case_contacts (f->replica, "A2");
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
}

/* Closed cases due within 30 days of today (7 March: up to 6 April), soonest first. */
static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) due = NULL;
  g_autoptr(GListModel) later = NULL;
  LoketDb *db = loket_replica_get_db (f->replica);

  g_assert_true (loket_db_exec (db, "UPDATE cases SET archive_action = 'vernietigen', "
                                "archive_date = CASE id WHEN 'A7' THEN '2030-04-06' "
                                "WHEN 'A8' THEN '2030-03-01' WHEN 'B1' THEN '2030-04-07' "
                                "WHEN 'A2' THEN '2030-03-01' END "
                                "WHERE id IN ('A7', 'A8', 'B1', 'A2')", &error));
  g_assert_no_error (error);
  /* A2 is open: its date is no matter yet. */
  due = loket_replica_list_archive_due_at (f->replica, LOKET_ARCHIVE_AHEAD_DAYS, today ());
  assert_columns (due, "A8:2030-03-01:vernietigen:closed,A7:2030-04-06:vernietigen:closed",
                  "id", "archive_date", "archive_action", "deadline_state");
  g_assert_cmpuint (loket_replica_count_archive_due_at (f->replica, LOKET_ARCHIVE_AHEAD_DAYS,
                                                        today ()), ==, 2);
  later = loket_replica_list_archive_due_at (f->replica, LOKET_ARCHIVE_AHEAD_DAYS,
                                             today () + 24 * 3600);
  assert_columns (later, "A8,A7,B1", "id");
  g_assert_cmpuint (loket_replica_count_archive_due_at (f->replica, 0, today ()), ==, 1);
}

/* Closing a case on the desk gives it its archive date at once, as the server will; opening it
 * again takes the date away. */
static void
test_archive_on_closing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(LoketRecord) closed = NULL;
  g_autoptr(LoketRecord) reopened = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *expected = NULL;
  LoketDb *db = loket_replica_get_db (f->replica);
  gint64 closed_at;

  g_assert_true (loket_db_exec (db, "UPDATE case_types SET retention_years = 7,"
                                " retention_action = 'bewaren' WHERE id = 'V'", &error));
  g_assert_no_error (error);
  g_assert_true (loket_replica_set_case_status (f->replica, "A2", "afgehandeld", &error));
  g_assert_no_error (error);
  closed = loket_replica_get_case_row (f->replica, "A2");
  g_assert_false (loket_record_is_null (closed, "closed_at"));
  g_assert_true (loket_protocol_parse_time (loket_record_get_string (closed, "closed_at"),
                                            &closed_at));
  at = g_date_time_new_from_unix_local (closed_at);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (at, tz);
    g_autoptr(GDateTime) later = g_date_time_add_years (local, 7);

    expected = g_date_time_format (later, "%Y-%m-%d");
  }
  g_assert_cmpstr (loket_record_get_string (closed, "archive_action"), ==, "bewaren");
  g_assert_cmpstr (loket_record_get_string (closed, "archive_date"), ==, expected);

  g_assert_true (loket_replica_set_case_status (f->replica, "A2", "besluit", &error));
  g_assert_no_error (error);
  reopened = loket_replica_get_case_row (f->replica, "A2");
  g_assert_true (loket_record_is_null (reopened, "closed_at"));
  g_assert_true (loket_record_is_null (reopened, "archive_date"));
  g_assert_true (loket_record_is_null (reopened, "archive_action"));
}

static void
add_callback (Fixture *f, const char *id, const char *user, const char *team, const char *due,
              const char *extra)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"%s\",\"subject\":\"Terugbellen %s\",\"assigned_user_id\":%s%s%s,"
    "\"assigned_team_id\":%s%s%s,\"due_at\":\"%s\",\"created_at\":\"2030-03-01T09:00:00Z\"%s}",
    id, id, user ? "\"" : "", user ? user : "null", user ? "\"" : "",
    team ? "\"" : "", team ? team : "null", team ? "\"" : "", due, extra);

  add_row (f, "callbacks", json);
}

/* Mine and my team's, open or not reached, by due moment: the overdue first. */
static void
test_callbacks (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autoptr(GListModel) nobody = NULL;
  guint n = 0, late = 0;

  add_callback (f, "C1", "U1", NULL, "2030-03-07T08:00:00Z", ",\"customer_id\":\"KA1\"");
  add_callback (f, "C2", NULL, "T1", "2030-03-08T16:00:00Z", ",\"customer_id\":\"KA2\","
                "\"outcome\":\"not_reached\",\"outcome_at\":\"2030-03-07T08:30:00Z\"");
  add_callback (f, "C3", "U1", NULL, "2030-03-06T16:00:00Z", ",\"customer_id\":\"KA1\","
                "\"outcome\":\"done\",\"outcome_at\":\"2030-03-06T10:00:00Z\"");
  add_callback (f, "C4", "U2", "T2", "2030-03-05T16:00:00Z", ",\"customer_id\":\"KA3\"");
  add_callback (f, "C5", "U2", "T1", "2030-03-07T15:00:00Z", ",\"customer_id\":\"KA3\"");
  add_callback (f, "C6", "U1", NULL, "2030-03-05T16:00:00Z", ",\"phone\":\"0612345678\"");
  open = loket_replica_list_callbacks_at (f->replica, today ());
  assert_columns (open, "C6::0612345678:open,C1:Jan Jansen::open,C5:Piet Pietersen::open,"
                  "C2:Éva Müller::not_reached", "id", "customer_name", "call_phone", "outcome");
  for (guint i = 0; i < g_list_model_get_n_items (open); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (open, i);

      g_assert_cmpint (loket_record_get_int (row, "overdue"), ==, i < 2);
    }
  {
    g_autoptr(LoketRecord) c5 = g_list_model_get_item (open, 2);

    g_assert_cmpstr (loket_record_get_string (c5, "assigned_user_name"), ==, "Bram Bakker");
    g_assert_cmpstr (loket_record_get_string (c5, "assigned_team_name"), ==, "Vergunningen");
  }
  loket_replica_count_callbacks_at (f->replica, today (), &n, &late);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (late, ==, 2);

  g_assert_true (loket_replica_set_state (f->replica, "user_id", NULL, &error));
  g_assert_no_error (error);
  nobody = loket_replica_list_callbacks_at (f->replica, today ());
  g_assert_cmpuint (g_list_model_get_n_items (nobody), ==, 0);
  loket_replica_count_callbacks_at (f->replica, today (), &n, NULL);
  g_assert_cmpuint (n, ==, 0);
}

/* Any case of the desk, open ones first by deadline, then closed ones; no words, no cases. */
static void
test_find (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) zaak = loket_replica_find_cases_at (f->replica, "zaak", 0, today ());
  g_autoptr(GListModel) eva = loket_replica_find_cases_at (f->replica, "eva", 0, today ());
  g_autoptr(GListModel) nothing = loket_replica_find_cases_at (f->replica, " * ", 0, today ());
  g_autoptr(GListModel) two = loket_replica_find_cases_at (f->replica, "zaak", 2, today ());

  assert_columns (zaak, "A3,A4,A9,A6,A1,A2,A5,A7,A8", "id");
  assert_columns (eva, "A2:on_track", "id", "deadline_state");
  g_assert_cmpuint (g_list_model_get_n_items (nothing), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (two), ==, 2);
}

/* The rule the replica, the server and the page share: the type's transitions for the current
 * status when it lists them, else any later status or back one step. */
static void
test_move_rule (void)
{
  const char *statuses = "[\"ontvangen\",\"in behandeling\",\"besluit\",\"afgehandeld\"]";
  const char *transitions = "{\"ontvangen\":[\"in behandeling\"],"
                            "\"besluit\":[\"afgehandeld\",\"ontvangen\"]}";
  static const struct {
    gboolean    with_transitions;
    const char *from, *to;
    gboolean    allowed;
  } moves[] = {
    { FALSE, "ontvangen", "in behandeling", TRUE },
    { FALSE, "ontvangen", "afgehandeld", TRUE },         /* any later one */
    { FALSE, "besluit", "in behandeling", TRUE },        /* back one step */
    { FALSE, "besluit", "ontvangen", FALSE },            /* not two */
    { FALSE, "besluit", "besluit", FALSE },
    { FALSE, "besluit", "gesloten", FALSE },             /* no such status */
    { TRUE, "ontvangen", "in behandeling", TRUE },
    { TRUE, "ontvangen", "afgehandeld", FALSE },         /* not listed */
    { TRUE, "besluit", "ontvangen", TRUE },              /* listed, though three back */
    { TRUE, "besluit", "in behandeling", FALSE },        /* not listed */
    { TRUE, "in behandeling", "afgehandeld", TRUE },     /* not in the object: the plain rule */
    { TRUE, "in behandeling", "ontvangen", TRUE },
    { TRUE, "besluit", "gesloten", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      gboolean allowed = loket_rules_case_move_allowed (statuses,
                                                        moves[i].with_transitions ? transitions
                                                                                  : NULL,
                                                        moves[i].from, moves[i].to);

      if (allowed != moves[i].allowed)
        g_error ("%s → %s (%s transitions): %s", moves[i].from, moves[i].to,
                 moves[i].with_transitions ? "with" : "without", allowed ? "allowed" : "refused");
    }
  /* Unreadable transitions are none. */
  g_assert_true (loket_rules_case_move_allowed (statuses, "not json", "ontvangen", "besluit"));
  g_assert_true (loket_rules_case_move_allowed (statuses, "", "ontvangen", "besluit"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cases/move-rule", test_move_rule);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cases/lists", test_lists);
  ADD ("/cases/counts", test_counts);
  ADD ("/cases/no-user", test_no_user);
  ADD ("/cases/days-left", test_days_left);
  ADD ("/cases/at-risk-moves", test_at_risk_moves);
  ADD ("/cases/search", test_search);
  ADD ("/cases/filters", test_filters);
  ADD ("/cases/archive-on-closing", test_archive_on_closing);
  ADD ("/cases/find", test_find);
  ADD ("/cases/statuses", test_statuses);
  ADD ("/cases/history", test_history);
  ADD ("/cases/appointments", test_appointments);
  ADD ("/cases/timeline-suspensions", test_timeline_suspensions);
  ADD ("/cases/links", test_links);
  ADD ("/cases/documents-contacts", test_documents_and_contacts);
  ADD ("/cases/archive", test_archive);
  ADD ("/cases/callbacks", test_callbacks);
#undef ADD
  return g_test_run ();
}
