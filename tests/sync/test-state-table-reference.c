/* The kinds of the state table that a desk only reads (test-state-table.c): made, edited and
 * deleted on the server's database (loket-test-admin.c), logged as the server logs.  New rows
 * point at demo rows where they must, and lie far in the future where dates matter, so no other
 * walk's free times change. */
#include <string.h>

#include "loket-schema.h"
#include "loket-test-admin.h"
#include "test-state-table.h"

typedef struct {
  /* The new row of a walk; serial makes it unique. */
  JsonObject *(*make) (guint serial);
  const char  *column;  /* what an edit changes … */
  gboolean     number;  /* … to serial + 100, or else to "Gewijzigd <serial>" */
} Reference;

static void set_text (JsonObject *row, const char *member, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
set_text (JsonObject *row, const char *member, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_string_member (row, member, text);
}

static JsonObject *
row_with_id (void)
{
  JsonObject *row = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();

  json_object_set_string_member (row, "id", id);
  return row;
}

/* The first id of a demo table, for the rows a new one must point at. */
static void
set_demo_id (JsonObject *row, const char *member, const char *sql)
{
  g_autofree char *id = state_server_text (sql);

  g_assert_nonnull (id);
  json_object_set_string_member (row, member, id);
}

static JsonObject *
make_location (guint serial)
{
  JsonObject *row = row_with_id ();

  set_text (row, "name", "Locatie %u", serial);
  json_object_set_string_member (row, "kind", "kantoor");
  set_text (row, "address", "Teststraat %u", serial);
  json_object_set_string_member (row, "timezone", "Europe/Amsterdam");
  json_object_set_int_member (row, "works_offline", 0);
  return row;
}

static JsonObject *
make_team (guint serial)
{
  JsonObject *row = row_with_id ();

  set_text (row, "name", "Team %u", serial);
  set_demo_id (row, "location_id", "SELECT id FROM locations ORDER BY name LIMIT 1");
  return row;
}

static JsonObject *
make_product (guint serial)
{
  JsonObject *row = row_with_id ();

  set_demo_id (row, "group_id", "SELECT id FROM product_groups ORDER BY name LIMIT 1");
  set_text (row, "name", "Product %u", serial);
  json_object_set_int_member (row, "norm_minutes", 10);
  json_object_set_int_member (row, "handling_level", 1);
  json_object_set_int_member (row, "line", 1);
  json_object_set_int_member (row, "public", 0);
  return row;
}

static JsonObject *
make_capacity (guint serial)
{
  JsonObject *row = row_with_id ();

  set_demo_id (row, "location_id", "SELECT id FROM locations ORDER BY name LIMIT 1");
  set_demo_id (row, "group_id", "SELECT id FROM product_groups ORDER BY name LIMIT 1");
  json_object_set_string_member (row, "kind", "balie");
  set_text (row, "name", "Balie T%u", serial);
  return row;
}

/* A date in 2099 made from serial, so every walk's rule or closure has its own day. */
static void
set_future_date (JsonObject *row, const char *member, guint serial)
{
  g_autofree char *date = g_strdup_printf ("2099-%02u-%02u", 1 + serial % 12,
                                           1 + (serial / 12) % 28);

  json_object_set_string_member (row, member, date);
}

static JsonObject *
make_rule (guint serial)
{
  JsonObject *row = row_with_id ();

  set_demo_id (row, "capacity_id", "SELECT id FROM capacities ORDER BY name LIMIT 1");
  json_object_set_int_member (row, "weekdays", 127);
  set_future_date (row, "valid_from", serial);
  set_future_date (row, "valid_until", serial);
  json_object_set_string_member (row, "start_time", "09:00");
  json_object_set_string_member (row, "end_time", "10:00");
  json_object_set_int_member (row, "slot_minutes", 10);
  json_object_set_int_member (row, "places", 200);
  json_object_set_int_member (row, "public_places", 0);
  return row;
}

static JsonObject *
make_closure (guint serial)
{
  JsonObject *row = row_with_id ();

  set_demo_id (row, "location_id", "SELECT id FROM locations ORDER BY name LIMIT 1");
  set_future_date (row, "from_date", serial);
  set_future_date (row, "until_date", serial);
  set_text (row, "reason", "Verbouwing %u", serial);
  return row;
}

static JsonObject *
make_holiday (guint serial)
{
  JsonObject *row = json_object_new ();

  set_future_date (row, "date", serial);
  set_text (row, "name", "Feestdag %u", serial);
  return row;
}

static JsonObject *
make_case_type (guint serial)
{
  JsonObject *row = row_with_id ();

  set_text (row, "name", "Zaaktype %u", serial);
  json_object_set_int_member (row, "max_working_days", 5);
  json_object_set_string_member (row, "statuses", "[\"ontvangen\",\"afgehandeld\"]");
  json_object_set_int_member (row, "confidential", 0);
  return row;
}

static JsonObject *
make_user (guint serial)
{
  JsonObject *row = row_with_id ();

  set_text (row, "username", "test%u", serial);
  set_text (row, "display_name", "Test Medewerker %u", serial);
  set_demo_id (row, "role_id", "SELECT role_id FROM users WHERE username = 'balie'");
  return row;
}

static JsonObject *
make_role (guint serial)
{
  JsonObject *row = json_object_new ();

  set_text (row, "id", "testrol-%u", serial);
  set_text (row, "name", "Testrol %u", serial);
  return row;
}

/* ---- the steps, the same for every reference kind ---------------------------------------- */

static const char *
key_column (Walk *walk)
{
  return loket_schema_key_column (walk->kind->entity);
}

static void
reference_create (Walk *walk)
{
  const Reference *ref = walk->kind->data;
  g_autoptr(JsonObject) row = ref->make (walk->serial);

  loket_test_admin_upsert (world.admin, walk->kind->entity, row);
  g_ptr_array_add (walk->ids, g_strdup (json_object_get_string_member (row, key_column (walk))));
}

static void
reference_edit (Walk *walk)
{
  const Reference *ref = walk->kind->data;
  g_autoptr(JsonObject) row = loket_test_admin_get_row (world.admin, walk->kind->entity,
                                                        g_ptr_array_index (walk->ids, 0));

  g_assert_nonnull (row);
  if (ref->number)
    json_object_set_int_member (row, ref->column, walk->serial + 100);
  else
    set_text (row, ref->column, "Gewijzigd %u", walk->serial);
  loket_test_admin_upsert (world.admin, walk->kind->entity, row);
}

static void
reference_delete (Walk *walk)
{
  loket_test_admin_delete (world.admin, walk->kind->entity, g_ptr_array_index (walk->ids, 0));
}

static void
reference_verify (Walk *walk)
{
  const Reference *ref = walk->kind->data;
  g_autoptr(JsonObject) row = loket_test_admin_get_row (world.admin, walk->kind->entity,
                                                        g_ptr_array_index (walk->ids, 0));
  g_autofree char *edited = g_strdup_printf ("Gewijzigd %u", walk->serial);

  if (strchr (walk->done, 'D') != NULL)
    {
      g_assert_null (row);
      return;
    }
  g_assert_nonnull (row);
  if (strchr (walk->done, 'E') == NULL)
    return;
  if (ref->number)
    g_assert_cmpint (json_object_get_int_member (row, ref->column), ==, walk->serial + 100);
  else
    g_assert_cmpstr (json_object_get_string_member (row, ref->column), ==, edited);
}

#define REFERENCE_KIND(var, name, entity, make, column, number) \
  static const Reference var##_facts = { make, column, number }; \
  static const Kind var = { \
    name, entity, NULL, \
    { { 'C', reference_create }, { 'E', reference_edit }, { 'D', reference_delete } }, \
    NULL, reference_verify, &var##_facts, \
  }

REFERENCE_KIND (location, "location", "locations", make_location, "name", FALSE);
REFERENCE_KIND (team, "team", "teams", make_team, "name", FALSE);
REFERENCE_KIND (product, "product", "products", make_product, "norm_minutes", TRUE);
REFERENCE_KIND (capacity, "capacity", "capacities", make_capacity, "name", FALSE);
REFERENCE_KIND (rule, "availability-rule", "availability_rules", make_rule, "places", TRUE);
REFERENCE_KIND (closure, "closure", "closures", make_closure, "reason", FALSE);
REFERENCE_KIND (holiday, "holiday", "holidays", make_holiday, "name", FALSE);
REFERENCE_KIND (case_type, "case-type", "case_types", make_case_type, "max_working_days",
                TRUE);
REFERENCE_KIND (user, "user", "users", make_user, "display_name", FALSE);
REFERENCE_KIND (role, "role", "roles", make_role, "name", FALSE);

const Kind *const state_reference_kinds[] = {
  &location, &team, &product, &capacity, &rule, &closure, &holiday, &case_type, &user, &role,
  NULL,
};
