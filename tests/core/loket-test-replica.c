#include "loket-test-replica.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-protocol.h"

LoketReplica *
loket_test_replica_new (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("loket-%s-XXXXXX", name);
  g_autofree char *dir = g_dir_make_tmp (template, &error);
  g_autofree char *path = NULL;
  LoketReplica *replica;

  g_assert_no_error (error);
  path = g_build_filename (dir, "replica.db", NULL);
  replica = loket_replica_open (path, &error);
  g_assert_no_error (error);
  return replica;
}

void
loket_test_replica_free (LoketReplica *replica)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) files = NULL;
  const char *name;

  if (replica == NULL)
    return;
  dir = g_path_get_dirname (loket_db_get_path (loket_replica_get_db (replica)));
  g_object_unref (replica);
  /* The database with its WAL and shared memory, and whatever a test made next to it (a
   * snapshot download). */
  files = g_dir_open (dir, 0, NULL);
  while (files != NULL && (name = g_dir_read_name (files)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

void
loket_test_add_row (LoketDb *db, const char *entity, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = loket_protocol_parse_object (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_true (loket_db_upsert_row (db, entity, row, &error));
  g_assert_no_error (error);
}

void
loket_test_pull (LoketReplica *replica, const char *page_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = loket_protocol_parse_object (page_json, strlen (page_json),
                                                           &error);

  g_assert_no_error (error);
  g_assert_true (loket_replica_apply_pull (replica, page, &error));
  g_assert_no_error (error);
}

JsonObject *
loket_test_pending_args (LoketReplica *replica, guint index, const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) pending = loket_replica_pending_mutations (replica, 100, &error);
  JsonObject *mutation;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pending), >, index);
  mutation = json_array_get_object_element (pending, index);
  g_assert_cmpstr (json_object_get_string_member (mutation, "type"), ==, type);
  return json_object_ref (json_object_get_object_member (mutation, "args"));
}
