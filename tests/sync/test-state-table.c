/* The state table of sync: every kind of data through create, edit, delete and resync, in every
 * order that applies, online and offline, against a real loket-sync with demo data.
 *
 * Kinds a desk writes: appointments (book, move, cancel), visits (booked with their case, the
 * customer checks in, cancelled), cases (a field, the status), notes
 * and contact moments (append-only: a first and a second record), articles (a draft created
 * and edited at a knowledge editor's desk, then approved by a second editor),
 * customers (create; a duplicate made at another desk, merged either way; a duplicate of a
 * customer the desk cannot see, merged into it).  Kinds a desk only reads
 * (locations, teams, products, capacities, opening hours, closures, holidays, case types,
 * users, roles) are changed on the server's database and logged the way the server logs
 * (loket-test-admin.c).
 *
 * A walk is one order of a kind's steps with a resync (R: a fresh replica of the desk's user
 * downloads everything) somewhere among them: create before the other steps, delete after
 * them, the rest in any order.  Online, the desk syncs after every step and its copy of each
 * row the walk touched equals the server's.  Offline, the desk cannot reach the server until
 * the walk ends (its syncs fail, nothing leaves it, a resync shows only what the server has),
 * then it syncs.  After a resync while online, and at the end of every walk, the desk's replica
 * equals the fresh replica table by table, row by row, column by column, and the server's row
 * shows the effect of every step.
 *
 * Paths: /state-table/KIND/online|offline/ORDER, with the steps' letters in their order.
 * The kinds are in test-state-table-kinds.c.  The server starts from a small copy of the demo
 * (loket-test-world.c), so the many fresh downloads stay quick. */
#include <glib/gstdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-test-admin.h"
#include "loket-test-desk.h"
#include "loket-test-server.h"
#include "loket-test-world.h"
#include "test-state-table.h"

StateWorld world;

/* ---- the world: one server, the desks that walk, one more desk for merges ---------------- */

/* A session kept for fresh replicas of a user: logged in, never syncing itself. */
static LoketTestDesk *
reader_new (const char *username)
{
  g_autofree char *name = g_strdup_printf ("%s-reader.db", username);
  g_autofree char *path = g_build_filename (world.dir, name, NULL);
  LoketTestDesk *reader = loket_test_desk_open (path);

  loket_test_desk_login (reader, world.server->url, username, "demo");
  return reader;
}

static void
world_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;

  world.dir = loket_test_make_tmp_dir ("loket-state");
  server_db = g_build_filename (world.dir, "server.db", NULL);
  loket_test_world_make (server_db, 14);
  world.server = loket_test_server_start (server_db, FALSE, 0, &error);
  g_assert_no_error (error);
  world.admin = loket_test_admin_open (server_db);
  world.desk = loket_test_desk_new (world.dir, "balie", world.server->url, "balie");
  world.other = loket_test_desk_new (world.dir, "kcc", world.server->url, "kcc");
  world.reader = reader_new ("balie");
  world.other_reader = reader_new ("kcc");
  world.editor = loket_test_desk_new (world.dir, "redactie", world.server->url, "redactie");
  world.editor_reader = reader_new ("redactie");
  world.reviewer = loket_test_desk_new (world.dir, "kennis", world.server->url, "kennis");
  state_kinds_set_up ();
}

static void
world_tear_down (void)
{
  if (world.dir == NULL)
    return;
  g_clear_pointer (&world.desk, loket_test_desk_free);
  g_clear_pointer (&world.other, loket_test_desk_free);
  g_clear_pointer (&world.reader, loket_test_desk_free);
  g_clear_pointer (&world.other_reader, loket_test_desk_free);
  g_clear_pointer (&world.editor, loket_test_desk_free);
  g_clear_pointer (&world.editor_reader, loket_test_desk_free);
  g_clear_pointer (&world.reviewer, loket_test_desk_free);
  g_clear_object (&world.admin);
  g_clear_pointer (&world.server, loket_test_server_free);
  state_kinds_tear_down ();
  loket_test_remove_tree (world.dir);
  g_clear_pointer (&world.dir, g_free);
}

char *
state_server_text (const char *sql)
{
  return loket_test_db_text (loket_db_get_path (world.admin), sql);
}

guint
state_next_serial (void)
{
  return ++world.serial;
}

/* ---- comparing rows ----------------------------------------------------------------------- */

static char *
row_text (JsonObject *row)
{
  return row != NULL ? loket_protocol_to_string (row) : g_strdup ("(none)");
}

static JsonObject *
desk_row (LoketTestDesk *desk, const char *entity, const char *key)
{
  return loket_db_get_row (loket_replica_get_db (desk->replica), entity, key, NULL);
}

/* The desk's copy of a row equals the server's (both absent counts as equal). */
void
state_assert_row_matches (LoketTestDesk *desk, const char *entity, const char *key,
                          const char *context)
{
  g_autoptr(JsonObject) mine = desk_row (desk, entity, key);
  g_autoptr(JsonObject) server = loket_test_admin_get_row (world.admin, entity, key);
  g_autofree char *a = row_text (mine);
  g_autofree char *b = row_text (server);

  if (g_strcmp0 (a, b) != 0)
    g_error ("%s: %s %s differs from the server's\n  desk:   %s\n  server: %s", context, entity,
             key, a, b);
}

static void
assert_walk_rows (Walk *walk, LoketTestDesk *desk, const char *context)
{
  for (guint i = 0; i < walk->ids->len; i++)
    state_assert_row_matches (desk, walk->kind->entity, g_ptr_array_index (walk->ids, i),
                              context);
}

/* ---- fresh replicas --------------------------------------------------------------------- */

static void
remove_replica_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static LoketTestDesk *
fresh_replica (LoketTestDesk *reader)
{
  g_autofree char *name = g_strdup_printf ("fresh-%u.db", ++world.fresh);
  g_autofree char *path = g_build_filename (world.dir, name, NULL);

  return loket_test_desk_new_fresh (path, reader);
}

static void
fresh_free (LoketTestDesk *fresh)
{
  g_autofree char *path = g_strdup (fresh->path);

  loket_test_desk_free (fresh);
  remove_replica_files (path);
}

/* Desk == a fresh replica of its user, everything compared. */
void
state_assert_matches_fresh (LoketTestDesk *desk, LoketTestDesk *reader, const char *context)
{
  LoketTestDesk *fresh = fresh_replica (reader);

  loket_test_desk_assert_matches (desk, fresh, context);
  fresh_free (fresh);
}

/* ---- one walk ----------------------------------------------------------------------------- */

/* The session for fresh replicas of the walking desk's user. */
static LoketTestDesk *
reader_of (Walk *walk)
{
  return walk->desk == world.editor ? world.editor_reader : world.reader;
}

static const Step *
find_step (const Kind *kind, char letter)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind->steps) && kind->steps[i].letter != 0; i++)
    if (kind->steps[i].letter == letter)
      return &kind->steps[i];
  g_assert_not_reached ();
}

/* R: a fresh replica downloads everything.  Online it must equal the desk; offline it shows
 * what the server has, which holds none of the desk's unsent changes. */
static void
resync (Walk *walk, const char *context)
{
  LoketTestDesk *fresh = fresh_replica (reader_of (walk));

  if (!walk->offline)
    loket_test_desk_assert_matches (walk->desk, fresh, context);
  else
    {
      loket_test_desk_sync (fresh);
      assert_walk_rows (walk, fresh, context);
    }
  fresh_free (fresh);
}

/* After a step: online the desk syncs and its rows equal the server's; offline its sync fails
 * and its outbox keeps everything. */
static void
after_step (Walk *walk, const char *context)
{
  guint pending = loket_replica_count_pending (walk->desk->replica);

  loket_test_desk_sync (walk->desk);
  if (walk->offline)
    {
      g_assert_cmpuint (loket_replica_count_pending (walk->desk->replica), ==, pending);
      return;
    }
  g_assert_cmpuint (loket_replica_count_pending (walk->desk->replica), ==, 0);
  g_assert_cmpuint (loket_replica_count_open_issues (walk->desk->replica), ==, walk->issues);
  assert_walk_rows (walk, walk->desk, context);
}

static void
walk_free (Walk *walk)
{
  g_ptr_array_unref (walk->ids);
  g_free (walk->other);
  g_free (walk->value);
  g_free (walk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Walk, walk_free)

/* The desk goes online and syncs until quiet: every row of the walk equals the server's, the
 * server shows every step, and the desk equals a fresh replica (unless it just did so online
 * and nothing happened since). */
static void
end_walk (Walk *walk, gboolean resynced_last, const char *context)
{
  loket_test_desk_set_offline (walk->desk, FALSE);
  loket_test_desk_sync_quiet (walk->desk);
  g_assert_cmpuint (loket_replica_count_open_issues (walk->desk->replica), ==, walk->issues);
  assert_walk_rows (walk, walk->desk, context);
  if (walk->kind->finish != NULL)
    walk->kind->finish (walk);
  if (walk->kind->verify != NULL)
    walk->kind->verify (walk);
  if (walk->offline || !resynced_last || walk->kind->finish != NULL)
    state_assert_matches_fresh (walk->desk, reader_of (walk), context);
}

static void
run_walk (gconstpointer data)
{
  const WalkPlan *plan = data;
  g_autoptr(Walk) walk = g_new0 (Walk, 1);
  const char *context = g_test_get_path ();

  if (world.dir == NULL)
    world_set_up ();
  walk->kind = plan->kind;
  walk->offline = plan->offline;
  walk->desk = walk->kind->editor ? world.editor : world.desk;
  walk->serial = state_next_serial ();
  walk->ids = g_ptr_array_new_with_free_func (g_free);
  walk->issues = loket_replica_count_open_issues (walk->desk->replica);
  if (walk->kind->prepare != NULL)
    walk->kind->prepare (walk);
  loket_test_desk_sync (walk->desk);
  loket_test_desk_set_offline (walk->desk, walk->offline);

  for (const char *letter = plan->order; *letter != '\0'; letter++)
    {
      if (*letter == 'R')
        resync (walk, context);
      else
        {
          find_step (walk->kind, *letter)->run (walk);
          walk->done[strlen (walk->done)] = *letter;
          after_step (walk, context);
        }
    }

  end_walk (walk, plan->order[strlen (plan->order) - 1] == 'R', context);
}

/* ---- the orders --------------------------------------------------------------------------- */

/* Create comes before every other step of the kind, delete after every other one; edits and
 * the resync may stand anywhere. */
static gboolean
order_applies (const char *order)
{
  const char *create = strchr (order, 'C');
  const char *delete = strchr (order, 'D');

  for (const char *p = order; *p != '\0'; p++)
    {
      if (*p == 'R')
        continue;
      if (create != NULL && *p != 'C' && p < create)
        return FALSE;
      if (delete != NULL && *p != 'D' && p > delete)
        return FALSE;
    }
  return TRUE;
}

static void
permute (char *letters, guint k, guint n, GPtrArray *orders)
{
  if (k == n)
    {
      if (order_applies (letters))
        g_ptr_array_add (orders, g_strdup (letters));
      return;
    }
  for (guint i = k; i < n; i++)
    {
      char swap = letters[k];

      letters[k] = letters[i];
      letters[i] = swap;
      permute (letters, k + 1, n, orders);
      letters[i] = letters[k];
      letters[k] = swap;
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every order of the kind's steps and R that applies, sorted so the paths stay stable. */
static GPtrArray *
kind_orders (const Kind *kind)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_free);
  char letters[G_N_ELEMENTS (kind->steps) + 2] = { 0 };
  guint n = 0;

  for (; n < G_N_ELEMENTS (kind->steps) && kind->steps[n].letter != 0; n++)
    letters[n] = kind->steps[n].letter;
  letters[n++] = 'R';
  permute (letters, 0, n, orders);
  g_ptr_array_sort (orders, compare_strings);
  return orders;
}

static void
add_walks (const Kind *kind)
{
  g_autoptr(GPtrArray) orders = kind_orders (kind);

  for (guint mode = 0; mode < 2; mode++)
    for (guint i = 0; i < orders->len; i++)
      {
        WalkPlan *plan = g_new0 (WalkPlan, 1);
        g_autofree char *path = NULL;

        plan->kind = kind;
        plan->offline = mode == 1;
        g_strlcpy (plan->order, g_ptr_array_index (orders, i), sizeof plan->order);
        path = g_strdup_printf ("/state-table/%s/%s/%s", kind->name,
                                plan->offline ? "offline" : "online", plan->order);
        g_test_add_data_func_full (path, plan, run_walk, g_free);
      }
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  for (const Kind *const *kind = state_kinds (); *kind != NULL; kind++)
    add_walks (*kind);
  status = g_test_run ();
  world_tear_down ();
  return status;
}
