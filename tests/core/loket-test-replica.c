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
