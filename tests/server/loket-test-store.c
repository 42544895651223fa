/* loket-test-store.c — a store of its own for in-process server tests (loket-test-store.h). */
#include "config.h"

#include "loket-store-private.h"
#include "loket-test-store.h"

LoketStore *
loket_test_store_new (const char *dir_template, const char *sql, char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LoketStore *store;

  *dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "store.db", NULL);
  store = loket_store_open (path, &error);
  g_assert_no_error (error);
  if (sql != NULL)
    loket_test_store_exec (store, sql);
  return store;
}

void
loket_test_store_exec (LoketStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_exec (loket_store_get_db (store), sql, &error));
  g_assert_no_error (error);
}

static char *
device_user (LoketStore *store, const char *device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) device = NULL;

  g_assert_true (loket_db_query_row (loket_store_get_db (store),
                                     "SELECT user_id FROM devices WHERE id = ?", device_id,
                                     &device, &error));
  g_assert_no_error (error);
  g_assert_nonnull (device);
  return g_strdup (json_object_get_string_member (device, "user_id"));
}

JsonObject *
loket_test_store_apply (LoketStore *store, const char *device_id, const char *now,
                        const char *type, const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (args, &error);
  g_autofree char *user_id = device_user (store, device_id);
  LoketStoreMutation m = { device_id, user_id, 0, now };
  LoketStoreOutcome out = { 0 };
  LoketDb *db = loket_store_get_db (store);
  JsonObject *result = json_object_new ();

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (loket_db_begin (db, &error));
  g_assert_true (loket_store_apply_mutation (store, &m, type, json_node_get_object (node), &out,
                                             &error));
  g_assert_no_error (error);
  g_assert_true (loket_db_commit (db, &error));
  g_assert_nonnull (out.outcome);
  json_object_set_string_member (result, "outcome", out.outcome);
  json_object_set_string_member (result, "code", out.code != NULL ? out.code : "");
  json_object_set_string_member (result, "message", out.message != NULL ? out.message : "");
  if (out.details != NULL)
    json_object_set_object_member (result, "details", out.details);
  else
    json_object_set_null_member (result, "details");
  g_free (out.message);
  return result;
}

void
loket_test_check_result (JsonObject *result, const char *outcome, const char *code)
{
  if (g_strcmp0 (json_object_get_string_member (result, "outcome"), outcome) != 0
      || g_strcmp0 (json_object_get_string_member (result, "code"), code) != 0)
    g_error ("expected %s/%s, got %s/%s: %s", outcome, code,
             json_object_get_string_member (result, "outcome"),
             json_object_get_string_member (result, "code"),
             json_object_get_string_member (result, "message"));
}
