/* loket-test-store.c — a store of its own for in-process server tests (loket-test-store.h). */
#include "config.h"

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
