/* What must hold after a property run, once every desk has synced until quiet
 * (test-property.c):
 *
 *   - every desk has sent everything, and the server has its last sequence number;
 *   - every desk's replica equals a fresh replica of its user that downloads everything, table
 *     by table, row by row, column by column (the rows its user may see, as the server sends);
 *   - no slot is over capacity: every active booking at the run's counters would still fit if
 *     it were made now, checked by the slot engine on the server's own database;
 *   - every rejection and conflict the server answered is a sync issue on the desk that sent
 *     it (and nothing else is), and every conflict it was told about is on that desk;
 *   - every applied mutation has its effect on the server (a merged customer's alias points at
 *     its survivor, a note or contact moment is there, a kept booking is there) and the last
 *     applied change of each appointment, case field and article (its last approval) is what
 *     the server holds;
 *   - no note or contact moment made at a desk is missing: each one is on the server and on
 *     the desk that made it, or was rejected (then it is nowhere).
 *
 * Every failure names the seed, the desk and the row.  Two bugs this test found are fixed and
 * kept as fixed scripts in test-property.c (/property/moved-web-booking,
 * /property/merge-with-history). */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-slot-source.h"
#include "test-property.h"

typedef struct {
  Run        *run;
  LoketDb    *server;
  char       *devices[N_DESKS];
  GHashTable *outcomes;  /* Made → JsonObject {outcome, code, details} */
} Check;

/* ---- reading ------------------------------------------------------------------------------ */

static GPtrArray *rows (LoketDb *db, const char *sql, ...) G_GNUC_NULL_TERMINATED;

/* Every row of sql (text parameters, NULL-terminated) as JSON objects. */
static GPtrArray *
rows (LoketDb *db, const char *sql, ...)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, &error);
  const char *value;
  va_list args;
  int index = 1;

  g_assert_no_error (error);
  va_start (args, sql);
  while ((value = va_arg (args, const char *)) != NULL)
    loket_db_bind_text (stmt, index++, value);
  va_end (args);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (found, loket_db_row_to_json (stmt));
  return found;
}

static JsonObject *
row (LoketDb *db, const char *entity, const char *key)
{
  return loket_db_get_row (db, entity, key, NULL);
}

static LoketDb *
desk_db (Check *check, guint desk)
{
  return loket_replica_get_db (check->run->desks[desk]->replica);
}

static const char *
text (JsonObject *object, const char *member)
{
  return json_object_get_string_member_with_default (object, member, NULL);
}

#define FAIL(check, ...) \
  g_error ("seed %u: %s", (check)->run->seed, g_strdup_printf (__VA_ARGS__))

/* ---- settled ------------------------------------------------------------------------------ */

static gint64
log_head (Check *check)
{
  g_autoptr(GPtrArray) head = rows (check->server, "SELECT coalesce (max (seq), 0) AS head"
                                    " FROM change_log", NULL);

  return json_object_get_int_member (g_ptr_array_index (head, 0), "head");
}

/* Everyone has sent everything, the server has applied it all, and everyone has pulled up to
 * the head of the change log: the desks are quiet. */
static void
check_settled (Check *check)
{
  gint64 head = log_head (check);

  for (guint d = 0; d < N_DESKS; d++)
    {
      LoketReplica *replica = check->run->desks[d]->replica;
      g_autofree char *last = loket_replica_dup_state (replica, "last_local_seq");
      g_autoptr(GPtrArray) devices = rows (check->server, "SELECT last_seq FROM devices"
                                           " WHERE id = ?", check->devices[d], NULL);
      gint64 applied;

      g_assert_cmpuint (devices->len, ==, 1);
      applied = json_object_get_int_member (g_ptr_array_index (devices, 0), "last_seq");
      if (loket_replica_count_pending (replica) != 0)
        FAIL (check, "desk %u still has %u changes to send", d,
              loket_replica_count_pending (replica));
      if (applied != (last != NULL ? g_ascii_strtoll (last, NULL, 10) : 0))
        FAIL (check, "desk %u made %s mutations, the server applied %" G_GINT64_FORMAT, d,
              last, applied);
      if (loket_replica_get_cursor (replica) != head)
        FAIL (check, "desk %u is not quiet after syncing twice: cursor %" G_GINT64_FORMAT
              ", head %" G_GINT64_FORMAT, d, loket_replica_get_cursor (replica), head);
    }
}

/* ---- replicas == fresh replicas ----------------------------------------------------------- */

static void
compare_with_fresh (Check *check, guint desk, LoketTestDesk *fresh)
{
  Run *run = check->run;
  LoketDb *fresh_db = loket_replica_get_db (fresh->replica);
  g_autoptr(GPtrArray) diffs = loket_test_diff_databases (
    loket_db_get_handle (desk_db (check, desk)), loket_db_get_handle (fresh_db), 0);
  guint real = 0;

  for (guint i = 0; i < diffs->len; i++)
    {
      const char *diff = g_ptr_array_index (diffs, i);

      g_test_message ("seed %u, desk %u (%s): %s", run->seed, desk, property_desk_users[desk],
                      diff);
      real++;
    }
  if (real > 0)
    FAIL (check, "desk %u (%s) differs from a fresh replica of its user (%u differences shown "
          "above; \"here\" is the desk, \"there\" the fresh replica)", desk,
          property_desk_users[desk], real);
}

/* Each user's fresh replica downloads everything (all at once, as separate machines would),
 * then every desk of that user is compared with it. */
static void
check_replicas (Check *check)
{
  Run *run = check->run;
  LoketTestDesk *fresh[N_USERS];

  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *name = g_strdup_printf ("fresh-%s.db", property_users[u]);
      g_autofree char *path = g_build_filename (run->dir, name, NULL);

      fresh[u] = loket_test_desk_new_fresh (path, property_world.readers[u]);
    }
  loket_test_desk_sync_all (fresh, N_USERS);
  for (guint u = 0; u < N_USERS; u++)
    {
      for (guint d = 0; d < N_DESKS; d++)
        if (g_str_equal (property_desk_users[d], property_users[u]))
          compare_with_fresh (check, d, fresh[u]);
      loket_test_desk_free (fresh[u]);
    }
}

/* ---- capacity ----------------------------------------------------------------------------- */

/* A booking would fit if it were made now, leaving itself out: so no slot it takes holds more
 * bookings of its channel than that channel's share. */
static void
check_booking_fits (Check *check, const char *capacity_id, JsonObject *booking)
{
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(GError) error = NULL;
  gboolean web = g_strcmp0 (text (booking, "channel"), "web") == 0;
  gint64 start = 0, end;

  g_assert_true (loket_protocol_parse_time (text (booking, "start_at"), &start));
  source = loket_slot_source_load (check->server, capacity_id, text (booking, "product_id"),
                                   text (booking, "id"), start - LOKET_SLOT_SOURCE_MARGIN,
                                   start + LOKET_SLOT_SOURCE_MARGIN, &error);
  g_assert_no_error (error);
  if (loket_slots_check (loket_slot_source_query (source, web ? LOKET_CHANNEL_WEB
                                                              : LOKET_CHANNEL_DESK, 0),
                         start, &end, &error))
    return;
  FAIL (check, "appointment %s at %s over capacity %s: %s", text (booking, "id"),
        text (booking, "start_at"), capacity_id, error->message);
}

/* Every active booking near the starts the run booked or moved to (two hours either side: a
 * place can only be overfilled where a booking arrived, and every booking that shares one of
 * its slots starts that near). */
static void
check_capacity (Check *check)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *made = check->run->made;

  for (guint i = 0; i < made->len; i++)
    {
      Made *m = g_ptr_array_index (made, i);
      g_autoptr(GPtrArray) bookings = NULL;
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;
      gint64 start;

      if (m->capacity == NULL
          || !g_hash_table_add (seen, g_strconcat (m->capacity, " ", m->value, NULL)))
        continue;
      g_assert_true (loket_protocol_parse_time (m->value, &start));
      from = loket_protocol_format_time (start - 2 * 3600);
      until = loket_protocol_format_time (start + 2 * 3600);
      bookings = rows (check->server, "SELECT id, product_id, start_at, end_at, channel"
                       " FROM appointments WHERE capacity_id = ? AND start_at >= ?"
                       " AND start_at < ? AND status NOT IN ('cancelled', 'rejected')",
                       m->capacity, from, until, NULL);
      for (guint b = 0; b < bookings->len; b++)
        check_booking_fits (check, m->capacity, g_ptr_array_index (bookings, b));
    }
}

/* ---- outcomes and sync issues ------------------------------------------------------------- */

static char *
issue_list (GPtrArray *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *item = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s %s; ",
                              json_object_get_int_member (item, "seq"), text (item, "outcome"),
                              text (item, "code"));
    }
  return g_string_free (out, FALSE);
}

static void
check_conflicts_known (Check *check, guint desk, GPtrArray *outcomes)
{
  for (guint i = 0; i < outcomes->len; i++)
    {
      JsonObject *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(JsonObject) details = NULL;
      const char *details_text = text (outcome, "details");
      const char *conflict_id;
      g_autoptr(JsonObject) conflict = NULL;

      if (g_strcmp0 (text (outcome, "code"), LOKET_CODE_FIELD_CONFLICT) != 0)
        continue;
      details = loket_protocol_parse_object (details_text, strlen (details_text), NULL);
      conflict_id = text (details, "conflict_id");
      conflict = row (desk_db (check, desk), "case_conflicts", conflict_id);
      if (conflict == NULL)
        FAIL (check, "desk %u was not given its conflict %s", desk, conflict_id);
    }
}

static void
check_reported (Check *check)
{
  for (guint d = 0; d < N_DESKS; d++)
    {
      /* Besides what was refused or conflicted, a desk keeps the merges of its customers as
       * notices for the customer card. */
      g_autoptr(GPtrArray) outcomes = rows (check->server,
        "SELECT seq, outcome, code, details FROM mutation_outcomes WHERE device_id = ?"
        " AND (outcome <> 'applied' OR code = 'merged') ORDER BY seq", check->devices[d], NULL);
      g_autoptr(GPtrArray) issues = rows (desk_db (check, d),
        "SELECT seq, outcome, code FROM sync_issues ORDER BY seq", NULL);
      g_autofree char *expected = issue_list (outcomes);
      g_autofree char *reported = issue_list (issues);

      if (!g_str_equal (expected, reported))
        FAIL (check, "desk %u (%s) reports other sync issues than the server answered:\n"
              "  server: %s\n  desk:   %s", d, property_desk_users[d], expected, reported);
      check_conflicts_known (check, d, outcomes);
    }
}

/* ---- effects ------------------------------------------------------------------------------ */

static JsonObject *
outcome_of (Check *check, Made *made)
{
  JsonObject *outcome = g_hash_table_lookup (check->outcomes, made);
  g_autofree char *seq = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (outcome != NULL)
    return outcome;
  seq = g_strdup_printf ("%" G_GINT64_FORMAT, made->seq);
  found = rows (check->server, "SELECT outcome, code, details FROM mutation_outcomes"
                " WHERE device_id = ? AND seq = CAST (? AS INTEGER)", check->devices[made->desk],
                seq, NULL);
  if (found->len != 1)
    FAIL (check, "desk %u's mutation %" G_GINT64_FORMAT " (%s %s) has no outcome", made->desk,
          made->seq, made->type, made->target);
  outcome = json_object_ref (g_ptr_array_index (found, 0));
  g_hash_table_insert (check->outcomes, made, outcome);
  return outcome;
}

static gboolean
applied (Check *check, Made *made)
{
  return g_strcmp0 (text (outcome_of (check, made), "outcome"), LOKET_OUTCOME_APPLIED) == 0;
}

static gboolean
has_details (Check *check, Made *made)
{
  return text (outcome_of (check, made), "details") != NULL;
}

static gboolean
is_type (Made *made, const char *type)
{
  return g_str_equal (made->type, type);
}

/* A row the desk made (a note, a contact moment) is on the server and on that desk when it was
 * applied, and nowhere when it was rejected. */
static void
check_appended (Check *check, Made *made, const char *entity)
{
  g_autoptr(JsonObject) on_server = row (check->server, entity, made->target);
  gboolean kept = applied (check, made);

  if (kept != (on_server != NULL))
    FAIL (check, "%s %s of desk %u: outcome %s but %s the server", entity, made->target,
          made->desk, text (outcome_of (check, made), "outcome"), kept ? "not on" : "on");
  for (guint d = 0; d < N_DESKS; d++)
    {
      g_autoptr(JsonObject) on_desk = row (desk_db (check, d), entity, made->target);

      if ((d == made->desk && kept && on_desk == NULL) || (!kept && on_desk != NULL))
        FAIL (check, "%s %s of desk %u (%s): wrongly %s desk %u", entity, made->target,
              made->desk, kept ? "applied" : "rejected", on_desk != NULL ? "on" : "missing on",
              d);
    }
  if (kept && made->value != NULL && g_strcmp0 (text (on_server, "body"), made->value) != 0)
    FAIL (check, "note %s has body %s, not %s", made->target, text (on_server, "body"),
          made->value);
}

static void
check_customer (Check *check, Made *made)
{
  JsonObject *outcome = outcome_of (check, made);
  g_autoptr(JsonObject) alias = NULL;
  g_autoptr(JsonObject) customer = NULL;
  const char *survivor = made->target;

  if (!applied (check, made))
    return;
  if (g_strcmp0 (text (outcome, "code"), LOKET_CODE_MERGED) == 0)
    {
      g_autoptr(GPtrArray) found = rows (check->server, "SELECT survivor_id FROM"
                                         " customer_aliases WHERE alias_id = ?", made->target,
                                         NULL);

      if (found->len != 1)
        FAIL (check, "merged customer %s of desk %u has no alias", made->target, made->desk);
      alias = json_object_ref (g_ptr_array_index (found, 0));
      survivor = text (alias, "survivor_id");
    }
  customer = row (check->server, "customers", survivor);
  if (customer == NULL || g_strcmp0 (text (customer, "bsn"), made->value) != 0)
    FAIL (check, "customer %s of desk %u (bsn %s): survivor %s %s", made->target, made->desk,
          made->value, survivor, customer == NULL ? "missing" : "has another BSN");
}

/* An applied draft is kept as its revision with its title (a draft never conflicts: one that
 * was published meanwhile is kept as a new draft, which the outcome names). */
static void
check_revision (Check *check, Made *made)
{
  const char *details_text = text (outcome_of (check, made), "details");
  g_autoptr(JsonObject) details = NULL;
  const char *kept = made->extra;
  g_autoptr(JsonObject) revision = NULL;

  if (!applied (check, made))
    return;
  if (details_text != NULL)
    details = loket_protocol_parse_object (details_text, strlen (details_text), NULL);
  if (details != NULL && text (details, "revision_id") != NULL)
    kept = text (details, "revision_id");
  revision = row (check->server, "kb_article_revisions", kept);
  if (revision == NULL || g_strcmp0 (text (revision, "title"), made->value) != 0)
    FAIL (check, "article draft %s of desk %u is not kept as its revision %s", made->target,
          made->desk, kept);
}

/* A review leaves its revision in the state it decided: published or rejected when applied, a
 * conflict when another version was published first. */
static void
check_review (Check *check, Made *made)
{
  JsonObject *outcome = outcome_of (check, made);
  g_autoptr(JsonObject) revision = row (check->server, "kb_article_revisions", made->extra);
  gboolean conflict = g_strcmp0 (text (outcome, "outcome"), LOKET_OUTCOME_CONFLICT) == 0;
  const char *state = conflict ? "conflict" : made->value != NULL ? "published" : "rejected";

  if (!applied (check, made) && !conflict)
    return;
  if (revision == NULL || g_strcmp0 (text (revision, "state"), state) != 0
      || json_object_get_int_member (revision, "conflict") != conflict)
    FAIL (check, "review of %s by desk %u (%s): the revision is %s, not %s", made->extra,
          made->desk, text (outcome, "outcome"), revision != NULL ? text (revision, "state")
                                                                  : "missing", state);
}

/* A status change that was applied with an effect has its history row; one that changed
 * nothing (or conflicted, or was refused) has none anywhere. */
static void
check_history (Check *check, Made *made)
{
  g_autoptr(JsonObject) history = row (check->server, "case_status_history", made->extra);
  gboolean wrote = applied (check, made) && has_details (check, made);

  if (wrote != (history != NULL))
    FAIL (check, "status %s of case %s by desk %u (%s): history row %s %s", made->value,
          made->target, made->desk, text (outcome_of (check, made), "outcome"), made->extra,
          history != NULL ? "present" : "missing");
}

static void
count_outcome (Check *check, Made *made)
{
  JsonObject *outcome = outcome_of (check, made);
  const char *kind = text (outcome, "outcome");

  if (g_strcmp0 (text (outcome, "code"), LOKET_CODE_MERGED) == 0)
    check->run->outcomes[3]++;
  else if (g_strcmp0 (kind, LOKET_OUTCOME_APPLIED) == 0)
    check->run->outcomes[0]++;
  else if (g_strcmp0 (kind, LOKET_OUTCOME_REJECTED) == 0)
    check->run->outcomes[1]++;
  else
    check->run->outcomes[2]++;
}

static void
check_each (Check *check)
{
  for (guint i = 0; i < check->run->made->len; i++)
    {
      Made *made = g_ptr_array_index (check->run->made, i);

      if (made->order == 0)
        FAIL (check, "desk %u's %s was never sent", made->desk, made->type);
      count_outcome (check, made);
      if (is_type (made, LOKET_MUTATION_ADD_NOTE))
        check_appended (check, made, "notes");
      else if (is_type (made, LOKET_MUTATION_ADD_CONTACT_MOMENT))
        check_appended (check, made, "contact_moments");
      else if (is_type (made, LOKET_MUTATION_CREATE_CUSTOMER))
        check_customer (check, made);
      else if (is_type (made, LOKET_MUTATION_SAVE_ARTICLE))
        check_revision (check, made);
      else if (is_type (made, LOKET_MUTATION_REVIEW_ARTICLE))
        check_review (check, made);
      else if (is_type (made, LOKET_MUTATION_SET_CASE_STATUS))
        check_history (check, made);
      else
        outcome_of (check, made);
    }
}

/* ---- the last change wins ------------------------------------------------------------------ */

/* Whether made changed its target's final state: the later of two such changes of one thing
 * (an appointment, a case field, an article) must be what the server holds. */
static gboolean
decides (Check *check, Made *made)
{
  const char *code = text (outcome_of (check, made), "code");

  if (is_type (made, LOKET_MUTATION_BOOK_APPOINTMENT))
    return applied (check, made) || g_strcmp0 (code, LOKET_CODE_SLOT_TAKEN) == 0
           || g_strcmp0 (code, LOKET_CODE_CLOSED) == 0;
  if (is_type (made, LOKET_MUTATION_RESOLVE_CASE_CONFLICT))
    return applied (check, made) && has_details (check, made);  /* else chosen elsewhere */
  /* Only an approval changes an article; drafts and submissions stay beside it. */
  if (is_type (made, LOKET_MUTATION_SAVE_ARTICLE) || is_type (made, LOKET_MUTATION_SUBMIT_ARTICLE))
    return FALSE;
  if (is_type (made, LOKET_MUTATION_REVIEW_ARTICLE))
    return applied (check, made) && made->value != NULL;
  return applied (check, made);
}

static char *
thing_of (Made *made)
{
  if (made->field != NULL)
    return g_strdup_printf ("case %s %s", made->target, made->field);
  return g_strdup (made->target);
}

static void
expect_appointment (Check *check, Made *last)
{
  g_autoptr(JsonObject) appointment = row (check->server, "appointments", last->target);
  const char *status = is_type (last, LOKET_MUTATION_CANCEL_APPOINTMENT) ? "cancelled"
                       : applied (check, last) ? "booked" : "rejected";

  if (appointment == NULL || g_strcmp0 (text (appointment, "status"), status) != 0
      || (last->value != NULL
          && (g_strcmp0 (text (appointment, "start_at"), last->value) != 0
              || g_strcmp0 (text (appointment, "capacity_id"), last->capacity) != 0)))
    FAIL (check, "appointment %s: after desk %u's %s (%s) the server holds %s", last->target,
          last->desk, last->type, last->value,
          appointment != NULL ? loket_protocol_to_string (appointment) : "nothing");
}

static void
expect_case_field (Check *check, Made *last)
{
  g_autoptr(JsonObject) kase = row (check->server, "cases", last->target);

  if (g_strcmp0 (text (kase, last->field), last->value) != 0)
    FAIL (check, "case %s: %s is %s, but the last applied change (desk %u, %s) wrote %s",
          last->target, last->field, text (kase, last->field), last->desk, last->type,
          last->value);
}

static void
expect_article (Check *check, Made *last)
{
  g_autoptr(JsonObject) article = row (check->server, "kb_articles", last->target);

  if (article == NULL || g_strcmp0 (text (article, "title"), last->value) != 0)
    FAIL (check, "article %s: the last approval (desk %u) published %s, the server has %s",
          last->target, last->desk, last->value, article != NULL ? text (article, "title")
                                                                 : "nothing");
}

static int
by_order (gconstpointer a, gconstpointer b)
{
  const Made *x = *(Made *const *) a, *y = *(Made *const *) b;

  return x->order < y->order ? -1 : x->order > y->order;
}

static void
check_last_wins (Check *check)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (check->run->made, NULL, NULL);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;

  g_ptr_array_set_free_func (sorted, NULL);  /* the copy borrows the run's records */
  g_ptr_array_sort (sorted, by_order);
  for (guint i = 0; i < sorted->len; i++)
    {
      Made *made = g_ptr_array_index (sorted, i);

      if (decides (check, made))
        g_hash_table_insert (last, thing_of (made), made);
    }
  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Made *made = value;

      if (made->field != NULL)
        expect_case_field (check, made);
      else if (is_type (made, LOKET_MUTATION_REVIEW_ARTICLE))
        expect_article (check, made);
      else if (!is_type (made, LOKET_MUTATION_CREATE_CUSTOMER)
               && !is_type (made, LOKET_MUTATION_ADD_NOTE)
               && !is_type (made, LOKET_MUTATION_ADD_CONTACT_MOMENT))
        expect_appointment (check, made);
    }
}

/* ---- all of it ---------------------------------------------------------------------------- */

static void
check_begin (Check *check, Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = g_build_filename (run->dir, "server.db", NULL);

  check->run = run;
  check->server = loket_db_open (server_db, LOKET_SCHEMA_SERVER, &error);
  g_assert_no_error (error);
  check->outcomes = g_hash_table_new_full (NULL, NULL, NULL,
                                           (GDestroyNotify) json_object_unref);
  for (guint d = 0; d < N_DESKS; d++)
    check->devices[d] = loket_test_desk_dup_device_id (run->desks[d]);
}

static void
check_end (Check *check)
{
  for (guint d = 0; d < N_DESKS; d++)
    g_free (check->devices[d]);
  g_hash_table_unref (check->outcomes);
  g_object_unref (check->server);
}

void
property_check_capacity (Run *run)
{
  Check check = { 0 };

  check_begin (&check, run);
  check_capacity (&check);
  check_end (&check);
}

void
property_check_run (Run *run)
{
  Check check = { 0 };

  check_begin (&check, run);
  check_settled (&check);
  check_replicas (&check);
  check_capacity (&check);
  check_reported (&check);
  check_each (&check);
  check_last_wins (&check);
  check_end (&check);
}
