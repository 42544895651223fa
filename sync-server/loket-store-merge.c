/* loket-store-merge.c — who acts for an organisation (representatives), and merging two
 * customer records by hand (the contract: loket-protocol.h; what the case work files share:
 * loket-store-casework.h).
 *
 * Two desks may add the same representative offline, so save_representative keeps one row per
 * pair: the second desk's row goes out as a tombstone and its role lands on the row kept.
 *
 * A merge by hand does what the automatic merge of create_customer does to a duplicate made
 * offline (loket-store-mutations.c), on a customer the server already has: everything of the
 * alias moves to the survivor and is logged again, the alias becomes a customer_aliases row (so
 * a desk that still sends the alias's id lands on the survivor) and its customers row a
 * tombstone.  What the survivor lacks (an e-mail address, a phone number, an identity number)
 * it takes from the alias, as a clerk expects.  A refused merge logs the rows the desk moved
 * locally again, as the server keeps them.  Like loket-store-mutations.c: FALSE only for a
 * failing database.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-casework.h"
#include "loket-store-private.h"

/* The rows that name a customer, and the column that does (representatives: both columns). */
static const struct
{
  const char *table, *column;
} customer_columns[] = {
  { "appointments", "customer_id" },
  { "cases", "customer_id" },
  { "notes", "customer_id" },
  { "contact_moments", "customer_id" },
  { "callbacks", "customer_id" },
  { "customer_representatives", "organisation_id" },
  { "customer_representatives", "person_id" },
};

/* Columns of the customer the survivor takes from the alias when it has none. */
static const char *const taken_columns[] = { "bsn", "rrn", "kvk", "birth_date", "email", "phone",
                                             "postcode", NULL };

/* ---- helpers -------------------------------------------------------------------------------- */

static gboolean
user_role (LoketStore *self, const char *user_id, char **role, GError **error)
{
  g_autoptr(JsonObject) user = NULL;

  if (!loket_db_query_row (self->db, "SELECT role_id FROM users WHERE id = ?", user_id, &user,
                           error))
    return FALSE;
  *role = g_strdup (user != NULL ? member_text (user, "role_id") : NULL);
  return TRUE;
}

/* A customer by id (its survivor when it was merged), or NULL. */
static gboolean
load_customer (LoketStore *self, const char *id, JsonObject **customer, GError **error)
{
  g_autofree char *resolved = NULL;
  gboolean found;

  *customer = NULL;
  if (!loket_store_resolve_customer (self, id, &resolved, &found, error))
    return FALSE;
  return !found || loket_db_query_row (self->db, "SELECT * FROM customers WHERE id = ?",
                                       resolved, customer, error);
}

/* The representative row of a pair (the oldest, should there be more), or NULL. */
static gboolean
find_pair (LoketStore *self, const char *organisation_id, const char *person_id,
           JsonObject **row, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT id, role FROM customer_representatives WHERE organisation_id = ? AND person_id = ?"
    " ORDER BY rowid LIMIT 1", error);
  gboolean has_row;

  *row = NULL;
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, organisation_id);
  loket_db_bind_text (stmt, 2, person_id);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *row = loket_db_row_to_json (stmt);
  return TRUE;
}

static gboolean
set_role (LoketStore *self, const LoketStoreMutation *m, const char *id, const char *role,
          GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE customer_representatives SET role = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, role);
  loket_db_bind_text (stmt, 2, id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "customer_representatives", id, m->now, error);
}

/* ---- save_representative -------------------------------------------------------------------- */

typedef struct
{
  const char *id, *organisation_id, *person_id, *role;  /* role NULL: keep the pair's */
} RepresentativeArgs;

static gboolean
insert_representative (LoketStore *self, const LoketStoreMutation *m,
                       const RepresentativeArgs *r, const char *organisation_id,
                       const char *person_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO customer_representatives (id, organisation_id, person_id, role, created_at)"
    " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, r->id);
  loket_db_bind_text (stmt, 2, organisation_id);
  loket_db_bind_text (stmt, 3, person_id);
  loket_db_bind_text (stmt, 4, r->role != NULL ? r->role : "");
  loket_db_bind_text (stmt, 5, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "customer_representatives", r->id, m->now, error);
}

static gboolean
representative_answer (LoketStoreOutcome *out, const char *kept_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "representative_id", kept_id);
  return loket_store_outcome_applied (out, details);
}

/* The pair is known: the row kept gets the role, and a row the desk made beside it goes. */
static gboolean
keep_pair (LoketStore *self, const LoketStoreMutation *m, const RepresentativeArgs *r,
           JsonObject *kept, LoketStoreOutcome *out, GError **error)
{
  const char *kept_id = member_text (kept, "id");

  if (r->role != NULL && g_strcmp0 (member_text (kept, "role"), r->role) != 0
      && !set_role (self, m, kept_id, r->role, error))
    return FALSE;
  if (!g_str_equal (kept_id, r->id)
      && !loket_store_log_change (self, "customer_representatives", r->id, NULL, m->now, error))
    return FALSE;
  return representative_answer (out, kept_id);
}

/* *refusal says why the two customers cannot be a representative pair. */
static void
check_pair (JsonObject *organisation, JsonObject *person, GError **refusal)
{
  if (g_strcmp0 (member_text (organisation, "id"), member_text (person, "id")) == 0)
    loket_store_invalid (refusal, _("A customer cannot act for themselves"));
  else if (g_strcmp0 (member_text (organisation, "kind"), "organisation") != 0)
    loket_store_invalid (refusal, _("Only an organisation has representatives"));
  else if (g_strcmp0 (member_text (person, "kind"), "person") != 0)
    loket_store_invalid (refusal, _("A representative is a person, not an organisation"));
}

/* *refusal is set when the id names a row of another pair (not this desk's row to change). */
static gboolean
check_id (LoketStore *self, const char *id, const char *organisation_id, const char *person_id,
          GError **refusal, GError **error)
{
  g_autoptr(JsonObject) taken = NULL;

  if (!loket_db_query_row (self->db, "SELECT organisation_id, person_id FROM"
                           " customer_representatives WHERE id = ?", id, &taken, error))
    return FALSE;
  if (taken != NULL && (g_strcmp0 (member_text (taken, "organisation_id"), organisation_id) != 0
                        || g_strcmp0 (member_text (taken, "person_id"), person_id) != 0))
    loket_store_invalid (refusal, _("Another record with this id already exists"));
  return TRUE;
}

gboolean
loket_store_apply_save_representative (LoketStore *self, const LoketStoreMutation *m,
                                       JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) organisation = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JsonObject) kept = NULL;
  RepresentativeArgs r = { 0 };

  if (!loket_store_required_text (args, "id", &r.id, &bad)
      || !loket_store_required_text (args, "organisation_id", &r.organisation_id, &bad)
      || !loket_store_required_text (args, "person_id", &r.person_id, &bad)
      || !loket_protocol_opt_string (args, "role", &r.role, &bad))
    return loket_store_refuse_unreadable (self, m, "customer_representatives", r.id, out, bad,
                                          error);
  if (!load_customer (self, r.organisation_id, &organisation, error)
      || !load_customer (self, r.person_id, &person, error))
    return FALSE;
  if (organisation == NULL || person == NULL)
    g_set_error_literal (&bad, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                         _("The organisation or the person is unknown"));
  else
    check_pair (organisation, person, &bad);
  if (bad == NULL
      && (!check_id (self, r.id, member_text (organisation, "id"), member_text (person, "id"),
                     &bad, error)
          || !find_pair (self, member_text (organisation, "id"), member_text (person, "id"),
                         &kept, error)))
    return FALSE;
  if (bad != NULL)
    return loket_store_refuse_unreadable (self, m, "customer_representatives", r.id, out, bad,
                                          error);
  if (kept != NULL)
    return keep_pair (self, m, &r, kept, out, error);
  return insert_representative (self, m, &r, member_text (organisation, "id"),
                                member_text (person, "id"), error)
         && representative_answer (out, r.id);
}

/* ---- merge_customers: moving the rows ------------------------------------------------------- */

/* The ids of the rows of table whose column names customer_id. */
static GPtrArray *
rows_naming (LoketStore *self, const char *table, const char *column, const char *customer_id,
             GError **error)
{
  /* table and column come from customer_columns, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ? ORDER BY rowid",
                                          table, column);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, sql, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, customer_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
  return ok ? g_steal_pointer (&ids) : NULL;
}

static gboolean
log_rows (LoketStore *self, const LoketStoreMutation *m, const char *table, GPtrArray *ids,
          GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    if (!loket_store_log_upsert (self, table, g_ptr_array_index (ids, i), m->now, error))
      return FALSE;
  return TRUE;
}

static gboolean
move_rows (LoketStore *self, const LoketStoreMutation *m, const char *table, const char *column,
           const char *alias_id, const char *survivor_id, GError **error)
{
  g_autoptr(GPtrArray) ids = rows_naming (self, table, column, alias_id, error);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE %s = ?2", table, column,
                                          column);
  g_autoptr(LoketDbCached) stmt = NULL;

  if (ids == NULL || (stmt = loket_db_prepare_cached (self->db, sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, survivor_id);
  loket_db_bind_text (stmt, 2, alias_id);
  return loket_store_run_write (self, stmt, error) && log_rows (self, m, table, ids, error);
}

/* A representative row of the alias that the move would double (or make a customer act for
 * itself) goes; a role it had lands on the row kept when that one has none. */
static gboolean
drop_representative (LoketStore *self, const LoketStoreMutation *m, JsonObject *row,
                     JsonObject *kept, GError **error)
{
  const char *role = member_text (row, "role");

  if (kept != NULL && !loket_store_is_blank (role) && loket_store_is_blank (member_text (kept, "role"))
      && !set_role (self, m, member_text (kept, "id"), role, error))
    return FALSE;
  return loket_db_delete_row (self->db, "customer_representatives", member_text (row, "id"),
                              error)
         && loket_store_log_change (self, "customer_representatives", member_text (row, "id"),
                                    NULL, m->now, error);
}

static gboolean
move_representative (LoketStore *self, const LoketStoreMutation *m, JsonObject *row,
                     GError **error)
{
  g_autoptr(LoketDbCached) stmt = NULL;
  g_autoptr(JsonObject) kept = NULL;
  const char *organisation_id = member_text (row, "organisation_id");
  const char *person_id = member_text (row, "person_id");

  if (g_strcmp0 (organisation_id, person_id) == 0)
    return drop_representative (self, m, row, NULL, error);
  if (!find_pair (self, organisation_id, person_id, &kept, error))
    return FALSE;
  if (kept != NULL)
    return drop_representative (self, m, row, kept, error);
  stmt = loket_db_prepare_cached (self->db, "UPDATE customer_representatives"
                                  " SET organisation_id = ?, person_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, organisation_id);
  loket_db_bind_text (stmt, 2, person_id);
  loket_db_bind_text (stmt, 3, member_text (row, "id"));
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "customer_representatives", member_text (row, "id"),
                                    m->now, error);
}

/* One by one, so that two rows of the alias that become the same pair make one. */
static gboolean
move_representatives (LoketStore *self, const LoketStoreMutation *m, const char *alias_id,
                      const char *survivor_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT id, role, CASE organisation_id WHEN ?1 THEN ?2 ELSE organisation_id END"
    " AS organisation_id, CASE person_id WHEN ?1 THEN ?2 ELSE person_id END AS person_id"
    " FROM customer_representatives WHERE organisation_id = ?1 OR person_id = ?1"
    " ORDER BY rowid", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, alias_id);
  loket_db_bind_text (stmt, 2, survivor_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (rows, loket_db_row_to_json (stmt));
  g_clear_pointer (&stmt, loket_db_release_cached);
  for (guint i = 0; ok && i < rows->len; i++)
    ok = move_representative (self, m, g_ptr_array_index (rows, i), error);
  return ok;
}

/* Who may see the alias (they created or searched it) may see the survivor; later aliases of
 * the alias resolve to the survivor in one step. */
static gboolean
move_bookkeeping (LoketStore *self, const char *alias_id, const char *survivor_id,
                  GError **error)
{
  static const char *const statements[] = {
    "INSERT INTO user_customers (user_id, customer_id, reason, at)"
    " SELECT user_id, ?2, reason, at FROM user_customers WHERE customer_id = ?1"
    " ON CONFLICT DO NOTHING",
    "DELETE FROM user_customers WHERE customer_id = ?1",
    "UPDATE customer_aliases SET survivor_id = ?2 WHERE survivor_id = ?1",
    "INSERT INTO customer_aliases (alias_id, survivor_id) VALUES (?1, ?2)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      loket_db_bind_text (stmt, 1, alias_id);
      loket_db_bind_text (stmt, 2, survivor_id);
      if (!loket_store_run_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The alias's row goes (a tombstone for every desk), after which its identity numbers are free
 * for the survivor to take with the rest of what it lacks. */
static gboolean
take_over_customer (LoketStore *self, const LoketStoreMutation *m, JsonObject *alias,
                    const char *survivor_id, GError **error)
{
  const char *alias_id = member_text (alias, "id");

  if (!loket_db_delete_row (self->db, "customers", alias_id, error)
      || !loket_store_log_change (self, "customers", alias_id, NULL, m->now, error))
    return FALSE;
  for (guint i = 0; taken_columns[i] != NULL; i++)
    {
      /* The column comes from taken_columns, never input. */
      g_autofree char *sql = g_strdup_printf (
        "UPDATE customers SET %s = ?1 WHERE id = ?2 AND nullif (trim (%s), '') IS NULL",
        taken_columns[i], taken_columns[i]);
      g_autoptr(LoketDbCached) stmt = NULL;
      const char *value = member_text (alias, taken_columns[i]);

      if (loket_store_is_blank (value))
        continue;
      if ((stmt = loket_db_prepare_cached (self->db, sql, error)) == NULL)
        return FALSE;
      loket_db_bind_text (stmt, 1, value);
      loket_db_bind_text (stmt, 2, survivor_id);
      if (!loket_store_run_write (self, stmt, error))
        return FALSE;
    }
  return loket_store_log_upsert (self, "customers", survivor_id, m->now, error);
}

static gboolean
move_customer (LoketStore *self, const LoketStoreMutation *m, JsonObject *alias,
               const char *survivor_id, GError **error)
{
  const char *alias_id = member_text (alias, "id");

  for (guint i = 0; i < G_N_ELEMENTS (customer_columns); i++)
    if (g_strcmp0 (customer_columns[i].table, "customer_representatives") != 0
        && !move_rows (self, m, customer_columns[i].table, customer_columns[i].column,
                       alias_id, survivor_id, error))
      return FALSE;
  return move_representatives (self, m, alias_id, survivor_id, error)
         && move_bookkeeping (self, alias_id, survivor_id, error)
         && take_over_customer (self, m, alias, survivor_id, error);
}

/* ---- merge_customers ------------------------------------------------------------------------ */

/* Refused: the two customers and every row of the alias go out again as the server keeps them,
 * so what the desk moved locally goes back. */
static gboolean
refuse_merge (LoketStore *self, const LoketStoreMutation *m, JsonObject *alias,
              JsonObject *survivor, LoketStoreOutcome *out, const char *code,
              const char *message, GError **error)
{
  const char *alias_id = alias != NULL ? member_text (alias, "id") : NULL;

  if (survivor != NULL
      && !loket_store_log_upsert (self, "customers", member_text (survivor, "id"), m->now, error))
    return FALSE;
  if (alias_id != NULL && !loket_store_log_upsert (self, "customers", alias_id, m->now, error))
    return FALSE;
  for (guint i = 0; alias_id != NULL && i < G_N_ELEMENTS (customer_columns); i++)
    {
      g_autoptr(GPtrArray) ids = rows_naming (self, customer_columns[i].table,
                                              customer_columns[i].column, alias_id, error);

      if (ids == NULL || !log_rows (self, m, customer_columns[i].table, ids, error))
        return FALSE;
    }
  return loket_store_reject (out, code, message);
}

/* Two different identity numbers of one kind: two people (or organisations), never merged. */
static gboolean
same_identity (JsonObject *alias, JsonObject *survivor)
{
  static const char *const numbers[] = { "bsn", "rrn", "kvk", NULL };

  for (guint i = 0; numbers[i] != NULL; i++)
    {
      const char *a = member_text (alias, numbers[i]), *s = member_text (survivor, numbers[i]);

      if (a != NULL && s != NULL && *a != '\0' && *s != '\0' && g_strcmp0 (a, s) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
merged_answer (LoketStoreOutcome *out, const char *survivor_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "survivor_id", survivor_id);
  return loket_store_outcome_applied (out, details);
}

/* *message says why these two may not be merged (NULL: they may). */
static const char *
merge_refusal (JsonObject *alias, JsonObject *survivor)
{
  if (g_strcmp0 (member_text (alias, "id"), member_text (survivor, "id")) == 0)
    return _("A customer cannot be merged with itself");
  if (g_strcmp0 (member_text (alias, "kind"), member_text (survivor, "kind")) != 0)
    return _("A person and an organisation cannot be merged");
  if (!same_identity (alias, survivor))
    return _("These customers have different identity numbers (BSN, RRN or KvK); they are not "
             "the same customer");
  return NULL;
}

gboolean
loket_store_apply_merge_customers (LoketStore *self, const LoketStoreMutation *m,
                                   JsonObject *args, LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) alias = NULL;
  g_autoptr(JsonObject) survivor = NULL;
  g_autofree char *role = NULL;
  const char *alias_id, *survivor_id, *refusal;

  if (!loket_store_required_text (args, "alias_id", &alias_id, &bad)
      || !loket_store_required_text (args, "survivor_id", &survivor_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (g_str_equal (alias_id, survivor_id))
    return loket_store_reject (out, LOKET_CODE_INVALID,
                               _("A customer cannot be merged with itself"));
  if (!loket_db_query_row (self->db, "SELECT survivor_id FROM customer_aliases WHERE alias_id = ?",
                           alias_id, &merged, error))
    return FALSE;
  if (merged != NULL)  /* merged before, by hand or when it came in */
    return merged_answer (out, member_text (merged, "survivor_id"));
  if (!loket_db_query_row (self->db, "SELECT * FROM customers WHERE id = ?", alias_id, &alias,
                           error)
      || !load_customer (self, survivor_id, &survivor, error)
      || !user_role (self, m->user_id, &role, error))
    return FALSE;
  if (!loket_rules_may_merge_customers (role))
    return refuse_merge (self, m, alias, survivor, out, LOKET_CODE_FORBIDDEN,
                         _("Only team leaders, coordinators and functional administrators merge "
                           "customers"), error);
  if (alias == NULL || survivor == NULL)
    return refuse_merge (self, m, alias, survivor, out, LOKET_CODE_NOT_FOUND,
                         _("One of the customers to merge is unknown"), error);
  if ((refusal = merge_refusal (alias, survivor)) != NULL)
    return refuse_merge (self, m, alias, survivor, out, LOKET_CODE_INVALID, refusal, error);
  return move_customer (self, m, alias, member_text (survivor, "id"), error)
         && merged_answer (out, member_text (survivor, "id"));
}
