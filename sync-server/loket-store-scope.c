/* loket-store-scope.c — who may see what: the scope of a user and the filter of a pull.
 *
 * The privacy rule of Loket: personal data reaches only the replicas of users who may see it
 * (DESIGN.md, sync contract item 6).  A pull sends the change log through this filter, judged on
 * the server's current state; one table says what each kind of row needs:
 *
 *   entity                        reaches a desk of user U
 *   ----------------------------  ---------------------------------------------------------------
 *   locations, teams,             everyone (reference data)
 *   product_groups, case_types,
 *   products, capacities,
 *   availability_rules, closures,
 *   holidays, roles, users,
 *   kb_articles,
 *   kb_article_revisions,
 *   kb_article_usage, kb_synonyms,
 *   life_events
 *   kb_search_stats               knowledge editors (loket_rules_may_edit_articles): what staff
 *                                 typed may hold personal data the desk did not recognise
 *   cases                         everyone when the case type is not confidential; a confidential
 *                                 one only members of the case type's team
 *   case_status_history,          follow their case (none: everyone; a message about an
 *   case_conflicts, messages,     appointment of a case carries the case too)
 *   survey_answers,
 *   case_suspensions,
 *   case_documents
 *   case_links                    follow both their cases: a link never names a case U may not see
 *   notes                         with a case: follow the case; without: follow the customer
 *   contact_moments               follow the case, if any, and the customer, if any (anonymous
 *                                 ones without a case: everyone)
 *   callbacks                     U when assigned to U or U's team, or made by U; otherwise
 *                                 follow the customer (anonymous ones: nobody else: a phone
 *                                 number is personal), unless the contact moment they came from
 *                                 is about a case U may not see
 *   customer_representatives      when U sees both the organisation and the person
 *   appointments                  everyone, as the slot engine on every desk counts every booking
 *                                 offline; but REDACTED (customer_id and case_id null, reason and
 *                                 status_reason empty: it only holds its place) unless in U's
 *                                 scope: with a case, when U sees the case; without one, when it
 *                                 is at U's location or U made it.  An appointment of a case U
 *                                 may not see is always redacted.
 *   customers                     when U sees something of theirs unredacted (an appointment in
 *                                 scope, a case, a note or contact moment U recorded, a callback
 *                                 for U or U's team or made by U), or U created them or searched
 *                                 for them online (user_customers)
 *   any tombstone                 everyone: it holds an id, nothing personal (customer merges)
 *
 * U's scope is their location, their team, whether they work for every location (the roles
 * coordinator, teamleider and beheerder, and team KCC: the phone books for every location) and
 * whether they edit the knowledge base.  A change of it (loket-sync move-user, another role)
 * makes the user's desks download again (scope key).
 *
 * Customers ride along: a desk may lack the customer of a row it is sent (an appointment in
 * scope, a case, a note, a contact moment), because the customer's own entry was judged (and
 * left out) before the link existed.  So such a row logged after the device's last full pull
 * carries its customer's current row before it, once per page, with the rows that follow the
 * customer (contact moments, notes without a case, callbacks, representatives), each judged by
 * its own rule.  Representatives bring no customer along.  Entries up to that full pull's
 * head need none: their links existed when the full pull began, so the customer's own entry,
 * sent again in that pull, was judged with them.  A customer that becomes a user's by a search
 * or a merge is logged again (loket-store-search.c), so it reaches their desks too; a customer
 * entry after the full pull brings the customer's history along the same way.
 *
 * Rows leave a replica only by a full resync: a customer whose last visible appointment moved to
 * another location stays on the desk that had it until then.  An old change log entry is judged
 * on its own columns (and the current state of what it points to); a later entry of the same row
 * always follows it.
 *
 * A snapshot (loket-store-snapshot.c) is a full download as one file: the same table in SQL
 * (the end of this file), applied to the current rows at once instead of entry by entry.
 */
#include "config.h"

#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-store-private.h"

/* Bump to make every desk download again after the rules below change. */
#define SCOPE_RULES_VERSION 4

typedef enum {
  RULE_EVERYONE,
  RULE_CASE,              /* by its case type */
  RULE_FOLLOWS_CASE,      /* by case_id */
  RULE_CASE_LINK,         /* by case_id and linked_case_id */
  RULE_NOTE,              /* by case_id, else customer_id */
  RULE_CONTACT_MOMENT,    /* by case_id and customer_id; neither: everyone */
  RULE_CALLBACK,          /* by assignee and maker, else customer_id and contact moment */
  RULE_REPRESENTATIVE,    /* by organisation_id and person_id */
  RULE_APPOINTMENT,       /* everyone, redacted outside the scope */
  RULE_CUSTOMER,          /* when linked to something the user sees */
  RULE_EDITORS,           /* knowledge editors only */
} Rule;

static const struct {
  const char *entity;
  Rule        rule;
} rules[] = {
  { "locations",            RULE_EVERYONE },
  { "teams",                RULE_EVERYONE },
  { "product_groups",       RULE_EVERYONE },
  { "case_types",           RULE_EVERYONE },
  { "products",             RULE_EVERYONE },
  { "capacities",           RULE_EVERYONE },
  { "availability_rules",   RULE_EVERYONE },
  { "closures",             RULE_EVERYONE },
  { "holidays",             RULE_EVERYONE },
  { "roles",                RULE_EVERYONE },
  { "users",                RULE_EVERYONE },
  { "kb_articles",          RULE_EVERYONE },
  { "kb_article_revisions", RULE_EVERYONE },
  { "kb_article_usage",     RULE_EVERYONE },
  { "kb_synonyms",          RULE_EVERYONE },
  { "kb_search_stats",      RULE_EDITORS },
  { "life_events",          RULE_EVERYONE },
  { "availability_rule_history", RULE_EVERYONE },
  { "appointment_events",   RULE_EVERYONE },  /* times and capacities only, nothing personal */
  { "cases",                RULE_CASE },
  { "case_status_history",  RULE_FOLLOWS_CASE },
  { "case_conflicts",       RULE_FOLLOWS_CASE },
  { "messages",             RULE_FOLLOWS_CASE },  /* states and times, never the text */
  { "survey_answers",       RULE_FOLLOWS_CASE },
  { "case_suspensions",     RULE_FOLLOWS_CASE },
  { "case_documents",       RULE_FOLLOWS_CASE },
  { "case_links",           RULE_CASE_LINK },
  { "notes",                RULE_NOTE },
  { "contact_moments",      RULE_CONTACT_MOMENT },
  { "callbacks",            RULE_CALLBACK },
  { "customer_representatives", RULE_REPRESENTATIVE },
  { "appointments",         RULE_APPOINTMENT },
  { "customers",            RULE_CUSTOMER },
};

/* Who works for every location. */
static const char *const all_location_roles[] = { "coordinator", "teamleider", "beheerder", NULL };
static const char *const all_location_teams[] = { "KCC", NULL };  /* by team name */

/* The columns of an appointment that say who came and why. */
static const char *const appointment_personal_nullable[] = { "customer_id", "case_id",
                                                             "video_link", NULL };
static const char *const appointment_personal_text[] = { "reason", "status_reason", "note", NULL };

static const Rule *
find_rule (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].entity, entity))
      return &rules[i].rule;
  return NULL;
}

gboolean
loket_store_scope_knows (const char *entity)
{
  return find_rule (entity) != NULL;
}

/* ---- the scope of a user --------------------------------------------------------------------- */

void
loket_store_scope_free (LoketStoreScope *scope)
{
  if (scope == NULL)
    return;
  g_free (scope->user_id);
  g_free (scope->location_id);
  g_free (scope->team_id);
  g_free (scope->key);
  g_free (scope);
}

static gboolean
works_everywhere (const char *role_id, const char *team_name)
{
  return (role_id != NULL && g_strv_contains (all_location_roles, role_id))
         || (team_name != NULL && g_strv_contains (all_location_teams, team_name));
}

LoketStoreScope *
loket_store_scope_for_user (LoketStore *self, const char *user_id, GError **error)
{
  g_autoptr(JsonObject) user = NULL;
  LoketStoreScope *scope;

  if (!loket_db_query_row (self->db, "SELECT u.id, u.role_id, u.location_id, u.team_id,"
                               " t.name AS team_name FROM users u"
                               " LEFT JOIN teams t ON t.id = u.team_id WHERE u.id = ?",
                               user_id, &user, error))
    return NULL;
  if (user == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "There is no user %s", user_id);
      return NULL;
    }
  scope = g_new0 (LoketStoreScope, 1);
  scope->user_id = g_strdup (user_id);
  scope->location_id = g_strdup (member_text (user, "location_id"));
  scope->team_id = g_strdup (member_text (user, "team_id"));
  scope->all_locations = works_everywhere (member_text (user, "role_id"),
                                           member_text (user, "team_name"));
  scope->edits_articles = loket_rules_may_edit_articles (member_text (user, "role_id"));
  /* Only what changes what the user sees: a coordinator who moves sees the same rows. */
  scope->key = g_strdup_printf ("v%d;location=%s;team=%s%s", SCOPE_RULES_VERSION,
                                scope->all_locations ? "*"
                                : scope->location_id != NULL ? scope->location_id : "",
                                scope->team_id != NULL ? scope->team_id : "",
                                scope->edits_articles ? ";editor" : "");
  return scope;
}

/* ---- the filter of one pull -------------------------------------------------------------------- */

/* The caches hold "no" and "yes" as 1 and 2, so that a missing entry (NULL) means unknown. */
#define SEEN_NO  GINT_TO_POINTER (1)
#define SEEN_YES GINT_TO_POINTER (2)
#define SEEN(b)  ((b) ? SEEN_YES : SEEN_NO)
/* The key (no customer id is empty) that says a customers cache holds every seen customer. */
#define ALL_KNOWN ""

/* The rows that follow a customer, sent along with them (see the top), each judged by its rule;
 * parents before children. */
static const struct {
  const char *entity;
  const char *sql;
} history[] = {
  { "contact_moments", "SELECT * FROM contact_moments WHERE customer_id = ? ORDER BY at, id" },
  { "notes", "SELECT * FROM notes WHERE customer_id = ? AND case_id IS NULL"
             " ORDER BY created_at, id" },
  { "callbacks", "SELECT * FROM callbacks WHERE customer_id = ? ORDER BY created_at, id" },
  { "customer_representatives", "SELECT * FROM customer_representatives"
                                " WHERE organisation_id = ?1 OR person_id = ?1"
                                " ORDER BY created_at, id" },
};

struct _LoketStoreScopeFilter
{
  LoketStore            *store;
  const LoketStoreScope *scope;
  gint64                 full_pull_head;
  GHashTable            *case_types;  /* id → SEEN: may the user see its cases */
  GHashTable            *locations;   /* capacity id → location id */
  GHashTable            *cases;       /* case id → SEEN */
  GHashTable            *customers;   /* customer id → SEEN; owned by the store's cache */
  GHashTable            *riding;      /* customers put in this page */
  sqlite3_stmt          *case_type_of;
  sqlite3_stmt          *customer_seen;
  sqlite3_stmt          *customer_row;
  sqlite3_stmt          *customer_history[G_N_ELEMENTS (history)];
};

/* The links that make a customer visible; ?1 customer, ?2 user, ?3 team, ?4 location, ?5 all
 * locations.  Cheapest first; each EXISTS uses an index (server migration 4, domain v5). */
static const char customer_seen_sql[] =
  "SELECT EXISTS (SELECT 1 FROM user_customers WHERE user_id = ?2 AND customer_id = ?1)"
  " OR EXISTS (SELECT 1 FROM cases k JOIN case_types t ON t.id = k.case_type_id"
  "            WHERE k.customer_id = ?1 AND (t.confidential = 0 OR t.team_id = ?3))"
  " OR EXISTS (SELECT 1 FROM appointments a JOIN capacities p ON p.id = a.capacity_id"
  "            WHERE a.customer_id = ?1 AND CASE WHEN a.case_id IS NULL"
  "              THEN ?5 OR p.location_id = ?4 OR a.created_by = ?2"
  "              ELSE EXISTS (SELECT 1 FROM cases k JOIN case_types t ON t.id = k.case_type_id"
  "                           WHERE k.id = a.case_id AND (t.confidential = 0 OR t.team_id = ?3))"
  "              END)"
  " OR EXISTS (SELECT 1 FROM contact_moments WHERE customer_id = ?1 AND by_user = ?2)"
  " OR EXISTS (SELECT 1 FROM notes WHERE customer_id = ?1 AND author_id = ?2)"
  " OR EXISTS (SELECT 1 FROM callbacks WHERE customer_id = ?1 AND (assigned_user_id = ?2"
  "            OR assigned_team_id = ?3 OR created_by = ?2))";
static const char moment_case_sql[] = "SELECT case_id FROM contact_moments WHERE id = ?";

static const char case_type_sql[] = "SELECT case_type_id FROM cases WHERE id = ?";
static const char customer_row_sql[] = "SELECT * FROM customers WHERE id = ?";

/* Every customer a scope sees, at once, for a full download and a snapshot (same parameters
 * and rules as customer_seen_sql): one query per kind of link, each row's customer seen when any
 * gives it (a UNION would sort them all once more). */
#define SEEN_CASE_TYPES "(SELECT t.id FROM main.case_types t WHERE t.confidential = 0" \
                        " OR t.team_id = ?3)"
#define SEEN_CASES_OF_SCOPE "(SELECT k.id FROM main.cases k WHERE k.case_type_id IN " \
                            SEEN_CASE_TYPES ")"
static const char *const customers_seen_sql[] = {
  "SELECT customer_id FROM main.user_customers WHERE user_id = ?2",
  "SELECT customer_id FROM main.cases WHERE customer_id IS NOT NULL"
  " AND case_type_id IN " SEEN_CASE_TYPES,
  "SELECT customer_id FROM main.appointments WHERE customer_id IS NOT NULL AND CASE"
  " WHEN case_id IS NULL THEN ?5 OR created_by = ?2"
  "   OR capacity_id IN (SELECT p.id FROM main.capacities p WHERE p.location_id = ?4)"
  " ELSE case_id IN " SEEN_CASES_OF_SCOPE " END",
  "SELECT customer_id FROM main.contact_moments WHERE by_user = ?2 AND customer_id IS NOT NULL",
  "SELECT customer_id FROM main.notes WHERE author_id = ?2 AND customer_id IS NOT NULL",
  "SELECT customer_id FROM main.callbacks WHERE customer_id IS NOT NULL"
  " AND (assigned_user_id = ?2 OR assigned_team_id = ?3 OR created_by = ?2)",
};

void
loket_store_scope_bind (sqlite3_stmt *stmt, const LoketStoreScope *scope)
{
  loket_db_bind_text (stmt, 2, scope->user_id);
  loket_db_bind_text (stmt, 3, scope->team_id);
  loket_db_bind_text (stmt, 4, scope->location_id);
  sqlite3_bind_int (stmt, 5, scope->all_locations);
  /* Only the rule of editors asks this; the other statements have no ?6 and ignore it. */
  sqlite3_bind_int (stmt, 6, scope->edits_articles);
}

static gboolean
load_case_types (LoketStoreScopeFilter *filter, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (filter->store->db,
    "SELECT id, confidential, team_id FROM case_types", error);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  while ((ok = loket_store_step_row (filter->store, stmt, &has_row, error)) && has_row)
    {
      const char *team = column_text (stmt, 2);
      gboolean seen = sqlite3_column_int (stmt, 1) == 0
                      || (team != NULL && g_strcmp0 (team, filter->scope->team_id) == 0);

      g_hash_table_insert (filter->case_types, g_strdup (column_text (stmt, 0)), SEEN (seen));
    }
  return ok;
}

static gboolean
load_locations (LoketStoreScopeFilter *filter, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (filter->store->db,
    "SELECT id, location_id FROM capacities", error);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  while ((ok = loket_store_step_row (filter->store, stmt, &has_row, error)) && has_row)
    g_hash_table_insert (filter->locations, g_strdup (column_text (stmt, 0)),
                         g_strdup (column_text (stmt, 1)));
  return ok;
}

static gboolean
add_seen_customers (LoketStoreScopeFilter *filter, const char *sql, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (filter->store->db, sql, error);
  gboolean ok, has_row;

  if (stmt == NULL)
    return FALSE;
  loket_store_scope_bind (stmt, filter->scope);
  while ((ok = loket_store_step_row (filter->store, stmt, &has_row, error)) && has_row)
    g_hash_table_insert (filter->customers, g_strdup (column_text (stmt, 0)), SEEN_YES);
  return ok;
}

/* A full download asks about every customer: one query for all of them is cheaper than one
 * each.  Marks the cache complete (ALL_KNOWN). */
static gboolean
load_all_customers (LoketStoreScopeFilter *filter, GError **error)
{
  if (g_hash_table_contains (filter->customers, ALL_KNOWN))
    return TRUE;
  g_hash_table_remove_all (filter->customers);
  for (guint i = 0; i < G_N_ELEMENTS (customers_seen_sql); i++)
    if (!add_seen_customers (filter, customers_seen_sql[i], error))
      {
        g_hash_table_remove_all (filter->customers);
        return FALSE;
      }
  g_hash_table_insert (filter->customers, g_strdup (ALL_KNOWN), SEEN_YES);
  return TRUE;
}

/* The store's cache of which customers this scope sees, emptied whenever the log has grown
 * (or shrunk) since it was filled: every change to what it depends on is logged. */
static GHashTable *
cached_customers (LoketStore *self, const LoketStoreScope *scope)
{
  g_autofree char *key = g_strconcat (scope->user_id, "|", scope->key, NULL);
  gint64 head = loket_store_get_head (self);
  GHashTable *customers;

  if (head != self->seen_head)
    {
      g_hash_table_remove_all (self->seen_customers);
      self->seen_head = head;
    }
  customers = g_hash_table_lookup (self->seen_customers, key);
  if (customers == NULL)
    {
      customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->seen_customers, g_steal_pointer (&key), customers);
    }
  return customers;
}

LoketStoreScopeFilter *
loket_store_scope_filter_new (LoketStore *self, const LoketStoreScope *scope, gint64 since,
                              gint64 full_pull_head, GError **error)
{
  g_autoptr(LoketStoreScopeFilter) filter = g_new0 (LoketStoreScopeFilter, 1);

  filter->store = self;
  filter->scope = scope;
  filter->full_pull_head = full_pull_head;
  filter->case_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  filter->locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  filter->cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  filter->customers = g_hash_table_ref (cached_customers (self, scope));
  filter->riding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  filter->case_type_of = loket_db_prepare_cached (self->db, case_type_sql, error);
  filter->customer_seen = filter->case_type_of != NULL
                          ? loket_db_prepare_cached (self->db, customer_seen_sql, error) : NULL;
  filter->customer_row = filter->customer_seen != NULL
                         ? loket_db_prepare_cached (self->db, customer_row_sql, error) : NULL;
  for (guint i = 0; filter->customer_row != NULL && i < G_N_ELEMENTS (history); i++)
    if ((filter->customer_history[i] = loket_db_prepare_cached (self->db, history[i].sql, error)) == NULL)
      return NULL;
  if (filter->customer_row == NULL || !load_case_types (filter, error)
      || !load_locations (filter, error)
      || (since < full_pull_head && !load_all_customers (filter, error)))
    return NULL;
  return g_steal_pointer (&filter);
}

void
loket_store_scope_filter_free (LoketStoreScopeFilter *filter)
{
  if (filter == NULL)
    return;
  g_clear_pointer (&filter->case_types, g_hash_table_unref);
  g_clear_pointer (&filter->locations, g_hash_table_unref);
  g_clear_pointer (&filter->cases, g_hash_table_unref);
  g_clear_pointer (&filter->customers, g_hash_table_unref);
  g_clear_pointer (&filter->riding, g_hash_table_unref);
  /* The statements are the connection's cache; a statement left on a row would keep a read
   * transaction open, and with it an old snapshot of the database. */
  g_clear_pointer (&filter->case_type_of, loket_db_release_cached);
  g_clear_pointer (&filter->customer_seen, loket_db_release_cached);
  g_clear_pointer (&filter->customer_row, loket_db_release_cached);
  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    g_clear_pointer (&filter->customer_history[i], loket_db_release_cached);
  g_free (filter);
}

/* ---- the questions a rule asks ------------------------------------------------------------------ */

static gboolean
case_type_seen (LoketStoreScopeFilter *filter, const char *case_type_id)
{
  return case_type_id != NULL
         && g_hash_table_lookup (filter->case_types, case_type_id) == SEEN_YES;
}

/* The type of a case, from the store's cache (a case never changes type) or the database;
 * NULL for a case that does not exist. */
static gboolean
case_type_of (LoketStoreScopeFilter *filter, const char *case_id, const char **type,
              GError **error)
{
  GHashTable *cache = filter->store->case_type_of;
  gboolean has_row;

  if ((*type = g_hash_table_lookup (cache, case_id)) != NULL)
    return TRUE;
  sqlite3_reset (filter->case_type_of);
  loket_db_bind_text (filter->case_type_of, 1, case_id);
  if (!loket_store_step_row (filter->store, filter->case_type_of, &has_row, error))
    return FALSE;
  if (has_row && column_text (filter->case_type_of, 0) != NULL)
    {
      *type = g_strdup (column_text (filter->case_type_of, 0));
      g_hash_table_insert (cache, g_strdup (case_id), (gpointer) *type);
    }
  sqlite3_reset (filter->case_type_of);
  return TRUE;
}

/* A case that does not exist is not seen. */
static gboolean
case_seen (LoketStoreScopeFilter *filter, const char *case_id, gboolean *seen, GError **error)
{
  gpointer cached = g_hash_table_lookup (filter->cases, case_id);
  const char *type;

  if (cached != NULL)
    {
      *seen = cached == SEEN_YES;
      return TRUE;
    }
  if (!case_type_of (filter, case_id, &type, error))
    return FALSE;
  *seen = case_type_seen (filter, type);
  g_hash_table_insert (filter->cases, g_strdup (case_id), SEEN (*seen));
  return TRUE;
}

static gboolean
customer_seen (LoketStoreScopeFilter *filter, const char *customer_id, gboolean *seen,
               GError **error)
{
  const LoketStoreScope *scope = filter->scope;
  sqlite3_stmt *stmt = filter->customer_seen;
  gpointer cached = g_hash_table_lookup (filter->customers, customer_id);
  gboolean has_row;

  if (cached != NULL)
    {
      *seen = cached == SEEN_YES;
      return TRUE;
    }
  if (g_hash_table_contains (filter->customers, ALL_KNOWN))
    {
      *seen = FALSE;  /* the whole set is in the cache */
      return TRUE;
    }
  sqlite3_reset (stmt);
  loket_db_bind_text (stmt, 1, customer_id);
  loket_store_scope_bind (stmt, scope);
  if (!loket_store_step_row (filter->store, stmt, &has_row, error))
    return FALSE;
  *seen = has_row && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  g_hash_table_insert (filter->customers, g_strdup (customer_id), SEEN (*seen));
  return TRUE;
}

/* Whether the contact moment a callback came from is about no case, or one the user sees; a
 * moment that does not exist is about no case. */
static gboolean
moment_case_seen (LoketStoreScopeFilter *filter, const char *moment_id, gboolean *seen,
                  GError **error)
{
  g_autoptr(JsonObject) moment = NULL;
  const char *case_id;

  if (!loket_db_query_row (filter->store->db, moment_case_sql, moment_id, &moment, error))
    return FALSE;
  case_id = moment != NULL ? member_text (moment, "case_id") : NULL;
  *seen = TRUE;
  return case_id == NULL || case_seen (filter, case_id, seen, error);
}

/* For the user or their team, or made by them; otherwise by its customer and what it came
 * from.  Without a customer only those: its phone number is personal. */
static gboolean
callback_seen (LoketStoreScopeFilter *filter, JsonObject *row, gboolean *seen, GError **error)
{
  const LoketStoreScope *scope = filter->scope;
  const char *customer_id = member_text (row, "customer_id");
  const char *moment_id = member_text (row, "contact_moment_id");
  const char *team_id = member_text (row, "assigned_team_id");

  *seen = g_strcmp0 (member_text (row, "assigned_user_id"), scope->user_id) == 0
          || g_strcmp0 (member_text (row, "created_by"), scope->user_id) == 0
          || (team_id != NULL && g_strcmp0 (team_id, scope->team_id) == 0);
  if (*seen || customer_id == NULL)
    return TRUE;
  if (!customer_seen (filter, customer_id, seen, error))
    return FALSE;
  return !*seen || moment_id == NULL || moment_case_seen (filter, moment_id, seen, error);
}

/* Both ends seen; a missing end is not. */
static gboolean
both_seen (LoketStoreScopeFilter *filter, gboolean (*seen_fn) (LoketStoreScopeFilter *,
           const char *, gboolean *, GError **), const char *a, const char *b, gboolean *seen,
           GError **error)
{
  *seen = FALSE;
  if (a == NULL || b == NULL)
    return TRUE;
  if (!seen_fn (filter, a, seen, error))
    return FALSE;
  return !*seen || seen_fn (filter, b, seen, error);
}

/* With a case: when the case is seen.  Without: at the user's location, or made by them. */
static gboolean
appointment_in_scope (LoketStoreScopeFilter *filter, JsonObject *row, gboolean *in_scope,
                      GError **error)
{
  const LoketStoreScope *scope = filter->scope;
  const char *case_id = member_text (row, "case_id");
  const char *capacity_id = member_text (row, "capacity_id");
  const char *location_id;

  if (case_id != NULL)
    return case_seen (filter, case_id, in_scope, error);
  location_id = capacity_id != NULL ? g_hash_table_lookup (filter->locations, capacity_id) : NULL;
  *in_scope = scope->all_locations
              || (location_id != NULL && g_strcmp0 (location_id, scope->location_id) == 0)
              || g_strcmp0 (member_text (row, "created_by"), scope->user_id) == 0;
  return TRUE;
}

static void
redact_appointment (JsonObject *row)
{
  for (guint i = 0; appointment_personal_nullable[i] != NULL; i++)
    if (json_object_has_member (row, appointment_personal_nullable[i]))
      json_object_set_null_member (row, appointment_personal_nullable[i]);
  for (guint i = 0; appointment_personal_text[i] != NULL; i++)
    if (json_object_has_member (row, appointment_personal_text[i]))
      json_object_set_string_member (row, appointment_personal_text[i], "");
}

/* ---- building the page ---------------------------------------------------------------------------- */

static JsonObject *
change_new (gint64 seq, const char *entity, const char *op, const char *id, JsonObject *row)
{
  JsonObject *change = json_object_new ();

  json_object_set_int_member (change, "seq", seq);
  json_object_set_string_member (change, "entity", entity);
  json_object_set_string_member (change, "op", op);
  json_object_set_string_member (change, "id", id);
  if (row != NULL)
    json_object_set_object_member (change, "row", json_object_ref (row));
  else
    json_object_set_null_member (change, "row");
  return change;
}

static gboolean judge (LoketStoreScopeFilter *filter, Rule rule, JsonObject *row, gboolean *send,
                       gboolean *redact, GError **error);

/* Adds the rows of a query with the customer as its one parameter to the page: every row, or
 * with a rule only those the user sees; *found says whether there was any row at all. */
static gboolean
add_rows (LoketStoreScopeFilter *filter, sqlite3_stmt *stmt, const char *entity,
          const Rule *rule, gint64 seq, const char *customer_id, JsonArray *changes,
          gboolean *found, GError **error)
{
  gboolean ok, has_row, send = TRUE, redact;

  *found = FALSE;
  sqlite3_reset (stmt);
  loket_db_bind_text (stmt, 1, customer_id);
  while ((ok = loket_store_step_row (filter->store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);

      *found = TRUE;
      if (rule != NULL && !judge (filter, *rule, row, &send, &redact, error))
        return FALSE;
      if (send)
        json_array_add_object_element (changes, change_new (seq, entity, "upsert",
                                                            member_text (row, "id"), row));
    }
  return ok;
}

/* The rows that follow a customer, for a desk that may not have had the customer until now:
 * those it may see (a contact moment about a confidential case of another team stays away). */
static gboolean
add_history (LoketStoreScopeFilter *filter, gint64 seq, const char *customer_id,
             JsonArray *changes, GError **error)
{
  gboolean any;

  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    if (!add_rows (filter, filter->customer_history[i], history[i].entity,
                   find_rule (history[i].entity), seq, customer_id, changes, &any, error))
      return FALSE;
  return TRUE;
}

/* Who made a row, for the kinds that say so. */
static const char *
made_by (JsonObject *row)
{
  const char *members[] = { "created_by", "author_id", "by_user" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (row, members[i]))
      return member_text (row, members[i]);
  return NULL;
}

/* Puts the customer's current row, with the rows that follow them (contact moments, notes
 * without a case), in the page before a change that names them (see the top).  Not for a row
 * the user made: they had the customer at hand. */
static gboolean
ride_along (LoketStoreScopeFilter *filter, gint64 seq, JsonObject *row, JsonArray *changes,
            GError **error)
{
  const char *customer_id = member_text (row, "customer_id");
  gboolean found;

  if (customer_id == NULL || seq <= filter->full_pull_head
      || g_hash_table_contains (filter->riding, customer_id)
      || g_strcmp0 (made_by (row), filter->scope->user_id) == 0)
    return TRUE;
  g_hash_table_add (filter->riding, g_strdup (customer_id));
  if (!add_rows (filter, filter->customer_row, "customers", NULL, seq, customer_id, changes,
                 &found, error))
    return FALSE;
  /* Merged away: what names them moves to the survivor in a later entry. */
  return !found || add_history (filter, seq, customer_id, changes, error);
}

/* Whether a row is sent, and whether it is sent redacted. */
static gboolean
judge (LoketStoreScopeFilter *filter, Rule rule, JsonObject *row, gboolean *send,
       gboolean *redact, GError **error)
{
  const char *case_id = member_text (row, "case_id");
  const char *customer_id = member_text (row, "customer_id");

  *send = TRUE;
  *redact = FALSE;
  switch (rule)
    {
    case RULE_EVERYONE:
      return TRUE;
    case RULE_CASE:
      *send = case_type_seen (filter, member_text (row, "case_type_id"));
      return TRUE;
    case RULE_FOLLOWS_CASE:
      return case_id == NULL || case_seen (filter, case_id, send, error);
    case RULE_CASE_LINK:
      return both_seen (filter, case_seen, case_id, member_text (row, "linked_case_id"), send,
                        error);
    case RULE_NOTE:
      if (case_id != NULL)
        return case_seen (filter, case_id, send, error);
      return customer_id == NULL || customer_seen (filter, customer_id, send, error);
    case RULE_CONTACT_MOMENT:
      if (case_id != NULL && !case_seen (filter, case_id, send, error))
        return FALSE;
      return !*send || customer_id == NULL || customer_seen (filter, customer_id, send, error);
    case RULE_CALLBACK:
      return callback_seen (filter, row, send, error);
    case RULE_REPRESENTATIVE:
      return both_seen (filter, customer_seen, member_text (row, "organisation_id"),
                        member_text (row, "person_id"), send, error);
    case RULE_CUSTOMER:
      return customer_seen (filter, member_text (row, "id"), send, error);
    case RULE_EDITORS:
      *send = filter->scope->edits_articles;
      return TRUE;
    case RULE_APPOINTMENT:
      if (!appointment_in_scope (filter, row, send, error))
        return FALSE;
      *redact = !*send;
      *send = TRUE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
loket_store_scope_filter_add (LoketStoreScopeFilter *filter, sqlite3_stmt *entry,
                              JsonArray *changes, GError **error)
{
  gint64 seq = sqlite3_column_int64 (entry, 0);
  const char *entity = column_text (entry, 1);
  const char *op = column_text (entry, 2);
  const char *id = column_text (entry, 3);
  const Rule *rule = find_rule (entity);
  g_autoptr(JsonObject) row = NULL;
  gboolean send, redact;

  /* Bookkeeping and kinds of data without a rule are never sent. */
  if (rule == NULL || !loket_schema_is_entity (entity))
    return TRUE;
  if (!g_str_equal (op, "upsert"))
    {
      json_array_add_object_element (changes, change_new (seq, entity, "delete", id, NULL));
      return TRUE;
    }
  if ((row = loket_store_parse_json_object (column_text (entry, 4))) == NULL)
    return TRUE;  /* an upsert without a row is nothing a desk can apply */
  if (!judge (filter, *rule, row, &send, &redact, error))
    return FALSE;
  if (!send)
    return TRUE;
  if (redact)
    redact_appointment (row);
  else if (*rule != RULE_CUSTOMER && !ride_along (filter, seq, row, changes, error))
    return FALSE;
  json_array_add_object_element (changes, change_new (seq, entity, op, id, row));
  if (*rule != RULE_CUSTOMER || !g_hash_table_add (filter->riding, g_strdup (id)))
    return TRUE;
  /* A customer logged again (a merge, a search) may be new to this desk: their history too. */
  return seq <= filter->full_pull_head || add_history (filter, seq, id, changes, error);
}

/* ---- the same rules in SQL, for a snapshot -------------------------------------------------- */

/* A snapshot copies every row of an entity into <schema>.<entity> and then deletes or redacts
 * there what the scope may not see: SQLite copies a whole table as whole records in key order,
 * several times faster than inserting the visible rows one by one (each a search of the new
 * table's indexes), and most users see most rows.  The tests compare every demo user's snapshot
 * with the replica their full pull from 0 leaves.
 *
 * Each rule as a condition on the copied row's columns, judged on main's current state (never
 * on the copies); parameters as customers_seen_sql, and ?6 whether the user edits articles
 * (loket_store_scope_bind).  The cases and the customers the scope sees are looked up once per
 * build into temporary tables (loket_store_scope_begin_snapshot).  NULL: every row stays. */
#define SEEN_CASES_TABLE     "loket_seen_cases"
#define SEEN_CUSTOMERS_TABLE "loket_seen_customers"
#define SEEN_CASES           "temp." SEEN_CASES_TABLE
#define SEEN_CUSTOMERS       "temp." SEEN_CUSTOMERS_TABLE

static const char seen_cases_sql[] = "SELECT id FROM " SEEN_CASES_OF_SCOPE;


static const char *const visible_sql[] = {
  [RULE_EVERYONE]         = NULL,
  [RULE_CASE]             = "case_type_id IN " SEEN_CASE_TYPES,
  [RULE_FOLLOWS_CASE]     = "case_id IS NULL OR case_id IN " SEEN_CASES,
  [RULE_CASE_LINK]        = "case_id IN " SEEN_CASES " AND linked_case_id IN " SEEN_CASES,
  [RULE_NOTE]             = "CASE WHEN case_id IS NOT NULL THEN case_id IN " SEEN_CASES
                            " ELSE customer_id IS NULL OR customer_id IN " SEEN_CUSTOMERS " END",
  [RULE_CONTACT_MOMENT]   = "(case_id IS NULL OR case_id IN " SEEN_CASES ")"
                            " AND (customer_id IS NULL OR customer_id IN " SEEN_CUSTOMERS ")",
  /* callback_seen; contact_moment_id is the callback's (a contact moment has none). */
  [RULE_CALLBACK]         = "assigned_user_id = ?2 OR created_by = ?2 OR assigned_team_id = ?3"
                            " OR (customer_id IN " SEEN_CUSTOMERS " AND NOT EXISTS (SELECT 1"
                            " FROM main.contact_moments m WHERE m.id = contact_moment_id"
                            " AND m.case_id NOT IN " SEEN_CASES "))",
  [RULE_REPRESENTATIVE]   = "organisation_id IN " SEEN_CUSTOMERS " AND person_id IN "
                            SEEN_CUSTOMERS,
  /* appointment_in_scope: every row stays, redacted unless this holds. */
  [RULE_APPOINTMENT]      = "CASE WHEN case_id IS NOT NULL THEN case_id IN " SEEN_CASES
                            " ELSE ?5 OR created_by = ?2 OR capacity_id IN"
                            " (SELECT p.id FROM main.capacities p WHERE p.location_id = ?4) END",
  [RULE_CUSTOMER]         = "id IN " SEEN_CUSTOMERS,
  [RULE_EDITORS]          = "?6",
};

/* A temporary table of the ids the queries (with the scope's parameters) give. */
static gboolean
fill_seen (LoketStore *self, const LoketStoreScope *scope, const char *table,
           const char *const *queries, guint n_queries, GError **error)
{
  g_autofree char *create = g_strdup_printf ("CREATE TEMP TABLE %s (id TEXT PRIMARY KEY)"
                                             " WITHOUT ROWID", table);

  if (!loket_db_exec (self->db, create, error))
    return FALSE;
  for (guint i = 0; i < n_queries; i++)
    {
      g_autofree char *fill = g_strdup_printf ("INSERT OR IGNORE INTO temp.%s %s", table,
                                               queries[i]);
      g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, fill, error);

      if (stmt == NULL)
        return FALSE;
      loket_store_scope_bind (stmt, scope);
      if (!loket_store_run_write (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
loket_store_scope_begin_snapshot (LoketStore *self, const LoketStoreScope *scope,
                                  GError **error)
{
  const char *const cases[] = { seen_cases_sql };

  return fill_seen (self, scope, SEEN_CASES_TABLE, cases, G_N_ELEMENTS (cases), error)
         && fill_seen (self, scope, SEEN_CUSTOMERS_TABLE, customers_seen_sql,
                       G_N_ELEMENTS (customers_seen_sql), error);
}

gboolean
loket_store_scope_end_snapshot (LoketStore *self, GError **error)
{
  return loket_db_exec (self->db, "DROP TABLE " SEEN_CASES "; DROP TABLE " SEEN_CUSTOMERS, error);
}

/* redact_appointment in SQL. */
static char *
redact_sql (const char *table, const char *in_scope)
{
  g_autoptr(GString) sql = g_string_new ("UPDATE ");

  g_string_append_printf (sql, "%s SET ", table);
  for (guint i = 0; appointment_personal_nullable[i] != NULL; i++)
    g_string_append_printf (sql, "%s = NULL, ", appointment_personal_nullable[i]);
  for (guint i = 0; appointment_personal_text[i] != NULL; i++)
    g_string_append_printf (sql, "%s = '', ", appointment_personal_text[i]);
  g_string_truncate (sql, sql->len - 2);
  g_string_append_printf (sql, " WHERE NOT coalesce (%s, 0)", in_scope);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
loket_store_scope_prune_sql (const char *entity, const char *table)
{
  const Rule *rule = find_rule (entity);

  g_return_val_if_fail (rule != NULL, NULL);

  if (visible_sql[*rule] == NULL)
    return NULL;
  if (*rule == RULE_APPOINTMENT)
    return redact_sql (table, visible_sql[*rule]);
  return g_strdup_printf ("DELETE FROM %s WHERE NOT coalesce (%s, 0)", table,
                          visible_sql[*rule]);
}
