/* Life events on a replica, offline: the bundle of cases a life event opens (in its order, for
 * one customer, linked to the first, the contact on the first), the products passed over, and
 * the refusals that record nothing. */
#include "loket-error.h"
#include "loket-replica-bundles.h"
#include "loket-replica-private.h"

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
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->replica = loket_test_replica_new ("bundles");
  add_row (f, "teams", "{\"id\":\"BZ\",\"name\":\"Burgerzaken\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "case_types", "{\"id\":\"TV\",\"name\":\"Verhuizing\",\"max_working_days\":5,"
           "\"team_id\":\"BZ\",\"statuses\":\"[\\\"ontvangen\\\",\\\"afgehandeld\\\"]\"}");
  add_row (f, "case_types", "{\"id\":\"TU\",\"name\":\"Uittreksel BRP\",\"max_working_days\":2,"
           "\"team_id\":\"BZ\",\"statuses\":\"[\\\"ontvangen\\\",\\\"verzonden\\\"]\"}");
  add_row (f, "products", "{\"id\":\"PV\",\"group_id\":\"G\",\"name\":\"Verhuizing\","
           "\"norm_minutes\":15,\"handling_level\":2,\"line\":1,\"case_type_id\":\"TV\"}");
  add_row (f, "products", "{\"id\":\"PU\",\"group_id\":\"G\",\"name\":\"Uittreksel BRP\","
           "\"norm_minutes\":5,\"handling_level\":1,\"line\":1,\"case_type_id\":\"TU\"}");
  add_row (f, "products", "{\"id\":\"PZ\",\"group_id\":\"G\",\"name\":\"Vergaderzaal\","
           "\"norm_minutes\":60,\"handling_level\":1,\"line\":1}");
  /* Verhuizen: the move, a room without a case type (passed over), a product the desk does not
   * know (passed over), then the extract. */
  add_row (f, "life_events", "{\"id\":\"LV\",\"name\":\"Verhuizen\",\"products\":"
           "\"[\\\"PV\\\",\\\"PZ\\\",\\\"gone\\\",\\\"PU\\\"]\"}");
  add_row (f, "life_events", "{\"id\":\"LZ\",\"name\":\"Vergaderen\",\"products\":"
           "\"[\\\"PZ\\\"]\"}");
  add_row (f, "life_events", "{\"id\":\"LX\",\"name\":\"Kapot\",\"products\":\"{}\"}");
  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":\"Anna de Vries\","
           "\"role_id\":\"medewerker\",\"team_id\":\"BZ\"}");
  add_row (f, "customers", "{\"id\":\"K1\",\"name\":\"Jan Jansen\",\"created_at\":"
           "\"2030-01-01T00:00:00Z\"}");
  add_row (f, "contact_moments", "{\"id\":\"CM1\",\"customer_id\":\"K1\",\"channel\":\"balie\","
           "\"topic\":\"Verhuizing\",\"at\":\"2030-03-01T08:00:00Z\"}");
  g_assert_true (loket_replica_set_state (f->replica, "user_id", "U1", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

static char *
text (Fixture *f, const char *sql, const char *param)
{
  g_autoptr(LoketRecord) row = loket_replica_first_record (f->replica, sql, param);

  return row != NULL ? g_strdup (loket_record_get_string (row, "v")) : NULL;
}

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) events = loket_replica_list_life_events (f->replica);
  g_autoptr(LoketRecord) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  first = g_list_model_get_item (events, 0);
  g_assert_cmpstr (loket_record_get_string (first, "name"), ==, "Kapot");
}

static void
test_bundle (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = loket_replica_open_life_event (f->replica, "LV", "K1", "CM1",
                                                            &error);
  g_autofree char *products = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *link = NULL;
  g_autofree char *moment_case = NULL;
  g_autofree char *expected_link = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 2);
  products = text (f, "SELECT group_concat (product_id, ',') AS v FROM (SELECT product_id FROM"
                   " cases ORDER BY rowid)", NULL);
  g_assert_cmpstr (products, ==, "PV,PU");
  customers = text (f, "SELECT group_concat (DISTINCT customer_id) AS v FROM cases", NULL);
  g_assert_cmpstr (customers, ==, "K1");
  link = text (f, "SELECT case_id || '>' || linked_case_id || ':' || kind AS v FROM case_links",
               NULL);
  expected_link = g_strdup_printf ("%s>%s:bundle", (char *) ids->pdata[0],
                                   (char *) ids->pdata[1]);
  g_assert_cmpstr (link, ==, expected_link);
  moment_case = text (f, "SELECT case_id AS v FROM contact_moments WHERE id = ?", "CM1");
  g_assert_cmpstr (moment_case, ==, ids->pdata[0]);
  /* Two cases and one link wait for the server, in that order. */
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 3);
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *id;
    int         code;
  } cases[] = {
    { "nope", LOKET_ERROR_NOT_FOUND },
    { NULL, LOKET_ERROR_NOT_FOUND },
    { "LZ", LOKET_ERROR_INVALID },   /* its only product has no case type */
    { "LX", LOKET_ERROR_INVALID },   /* its products are no list */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ids = loket_replica_open_life_event (f->replica, cases[i].id, "K1",
                                                                NULL, &error);

      g_assert_null (ids);
      g_assert_error (error, LOKET_ERROR, cases[i].code);
    }
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bundles/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/bundles/open", Fixture, NULL, fixture_set_up, test_bundle, fixture_tear_down);
  g_test_add ("/bundles/refusals", Fixture, NULL, fixture_set_up, test_refusals,
              fixture_tear_down);
  return g_test_run ();
}
