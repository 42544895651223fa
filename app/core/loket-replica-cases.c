/* loket-replica-cases.c — the desk's case lists, their counts and a case's detail
 * (loket-replica-cases.h).
 *
 * A list is one SQL query over the cases indexes (by assignee, team or deadline); the working
 * days are reasoned here in C, once per query: the at-risk list becomes a plain date range
 * (today up to the day before the working day after the threshold), and each row gets its
 * working days left from loket-deadline, the same arithmetic as everywhere else.  Search goes
 * through cases_fts, the schema's full-text index of reference, subject, customer and product.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-deadline.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-cases.h"
#include "loket-rules.h"
#include "loket-replica-private.h"
#include "loket-time.h"

/* Who is asking and when: what the lists' conditions are bound to. */
typedef struct {
  char          *user_id;
  char          *team_id;
  GTimeZone     *tz;
  LoketWorkdays *workdays;
  gint64         now;
  GDate          today;
  char          *today_text;  /* local date: a deadline before it has passed */
  char          *bound_text;  /* local date: a deadline before it is within the threshold */
} CaseClock;

static void
case_clock_free (CaseClock *clock)
{
  g_free (clock->user_id);
  g_free (clock->team_id);
  g_clear_pointer (&clock->tz, g_time_zone_unref);
  g_clear_pointer (&clock->workdays, loket_workdays_free);
  g_free (clock->today_text);
  g_free (clock->bound_text);
  g_free (clock);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaseClock, case_clock_free)

/* The holidays of every year a list can reach: last year's deadlines up to next year's. */
static LoketWorkdays *
load_workdays (LoketReplica *self, int year)
{
  return loket_replica_load_workdays (self, year - 1, year + 2);
}

static CaseClock *
case_clock_new (LoketReplica *self, gint64 now)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self);
  CaseClock *clock = g_new0 (CaseClock, 1);
  GDate bound;

  if (user != NULL)
    {
      clock->user_id = g_strdup (loket_record_get_id (user));
      if (!loket_record_is_null (user, "team_id"))
        clock->team_id = g_strdup (loket_record_get_string (user, "team_id"));
    }
  clock->tz = loket_replica_get_timezone (self, user != NULL && !loket_record_is_null (user, "location_id")
                                                ? loket_record_get_string (user, "location_id")
                                                : NULL);
  clock->now = now;
  loket_time_local_date (clock->tz, now, &clock->today);
  clock->workdays = load_workdays (self, g_date_get_year (&clock->today));
  clock->today_text = loket_time_format_iso_date (&clock->today);
  /* Days left counts the working days after today: the (threshold + 1)th one is the first
   * deadline day that is not at risk. */
  loket_workdays_add (clock->workdays, &clock->today, LOKET_CASE_AT_RISK_DAYS + 1, &bound);
  clock->bound_text = loket_time_format_iso_date (&bound);
  return clock;
}

static gint64
real_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- rows ------------------------------------------------------------------------------------ */

/* Parameters: ?1 user, ?2 team, ?3 today, ?4 at-risk bound. */
static const char *const list_conditions[LOKET_CASE_LIST_N] = {
  [LOKET_CASE_LIST_MINE] = "z.closed_at IS NULL AND z.assignee_id = ?1",
  [LOKET_CASE_LIST_TEAM] = "z.closed_at IS NULL AND z.team_id = ?2",
  [LOKET_CASE_LIST_UNASSIGNED] = "z.closed_at IS NULL AND z.assignee_id IS NULL "
                                 "AND (z.team_id IS NULL OR z.team_id = ?2)",
  /* A case waiting for the customer has its clock stopped: it is not at risk. */
  [LOKET_CASE_LIST_AT_RISK] = "z.closed_at IS NULL AND z.suspended_since IS NULL "
                              "AND z.deadline >= ?3 AND z.deadline < ?4",
  [LOKET_CASE_LIST_OVERDUE] = "z.closed_at IS NULL AND z.deadline < ?3",
  [LOKET_CASE_LIST_CLOSED] = "z.closed_at IS NOT NULL",
};

#define CASE_COLUMNS \
  "SELECT z.*, t.name AS case_type_name, cu.name AS customer_name, p.name AS product_name, " \
  "  u.display_name AS assignee_name, tm.name AS team_name " \
  "FROM cases z JOIN case_types t ON t.id = z.case_type_id " \
  "LEFT JOIN customers cu ON cu.id = z.customer_id LEFT JOIN products p ON p.id = z.product_id " \
  "LEFT JOIN users u ON u.id = z.assignee_id LEFT JOIN teams tm ON tm.id = z.team_id "

static const char *
state_name (LoketDeadlineState state)
{
  switch (state)
    {
    case LOKET_DEADLINE_AT_RISK: return "at_risk";
    case LOKET_DEADLINE_OVERDUE: return "overdue";
    case LOKET_DEADLINE_SUSPENDED: return "suspended";
    case LOKET_DEADLINE_CLOSED: return "closed";
    case LOKET_DEADLINE_ON_TRACK:
    default: return "on_track";
    }
}

/* The deadline as loket-deadline has it: the end of the local day the case stores. */
static gboolean
stored_deadline (CaseClock *clock, LoketRecord *row, LoketDeadline *deadline)
{
  g_autoptr(GDateTime) end = NULL;
  int y, m, d;

  memset (deadline, 0, sizeof *deadline);
  if (sscanf (loket_record_get_string (row, "deadline"), "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&deadline->date, 1);
  g_date_set_dmy (&deadline->date, d, m, y);
  end = g_date_time_new (clock->tz, y, m, d, 23, 59, 59);
  deadline->due_at = g_date_time_to_unix (end);
  deadline->closed = !loket_record_is_null (row, "closed_at");
  deadline->suspended = !deadline->closed && !loket_record_is_null (row, "suspended_since");
  return TRUE;
}

/* A copy of row with days_left and deadline_state. */
static LoketRecord *
with_days_left (CaseClock *clock, LoketRecord *row)
{
  g_autoptr(JsonObject) columns = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  LoketDeadline deadline;

  json_object_iter_init (&iter, loket_record_get_columns (row));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (columns, name, json_node_copy (value));
  if (stored_deadline (clock, row, &deadline))
    {
      int left = loket_deadline_days_left (clock->workdays, clock->tz, &deadline, clock->now);
      LoketDeadlineState state = loket_deadline_classify (clock->workdays, clock->tz, &deadline,
                                                          clock->now, LOKET_CASE_AT_RISK_DAYS);

      json_object_set_int_member (columns, "days_left", left);
      json_object_set_string_member (columns, "deadline_state", state_name (state));
    }
  return loket_record_new (columns);
}

static GListModel *
add_days_left (CaseClock *clock, GListModel *rows)
{
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);
      g_autoptr(LoketRecord) full = with_days_left (clock, row);

      g_list_store_append (store, full);
    }
  return G_LIST_MODEL (store);
}

/* ---- lists ----------------------------------------------------------------------------------- */

/* An FTS5 query of the words of text, each a quoted prefix (so no word is read as syntax), or
 * NULL when text holds no word to search for. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n\r", -1);
  g_autoptr(GString) query = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean searchable = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        searchable |= g_unichar_isalnum (g_utf8_get_char (p));
      if (!searchable)
        continue;
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }
  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

/* The cases meeting condition (parameters as list_conditions), the search and the filter
 * (NULL: none), in order. */
static GListModel *
list_where (LoketReplica *self, const char *condition, const char *order, const char *search,
            const LoketCaseFilter *filter, guint limit, gint64 now)
{
  g_autoptr(CaseClock) clock = case_clock_new (self, now);
  g_autoptr(GListModel) rows = NULL;
  g_autofree char *match = fts_query (search);
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 200);
  g_autofree char *sql = NULL;

  sql = g_strconcat (CASE_COLUMNS "WHERE ", condition,
                     match != NULL ? " AND z.rowid IN (SELECT rowid FROM cases_fts "
                                     "WHERE cases_fts MATCH ?5)" : " AND ?5 IS NULL",
                     /* Written only when chosen, so the planner may take the product's
                      * index for a product that is rare in a long list. */
                     filter != NULL && filter->case_type_id != NULL
                     ? " AND z.case_type_id = ?7" : " AND ?7 IS NULL",
                     filter != NULL && filter->product_id != NULL
                     ? " AND z.product_id = ?8" : " AND ?8 IS NULL",
                     " ORDER BY ", order, " LIMIT ?6", NULL);
  {
    const char *params[] = { clock->user_id, clock->team_id, clock->today_text,
                             clock->bound_text, match, max,
                             filter != NULL ? filter->case_type_id : NULL,
                             filter != NULL ? filter->product_id : NULL };

    rows = loket_replica_query_texts (self, sql, G_N_ELEMENTS (params), params);
  }
  return add_days_left (clock, rows);
}

GListModel *
loket_replica_filter_cases_at (LoketReplica *self, LoketCaseList list, const char *search,
                               const LoketCaseFilter *filter, guint limit, gint64 now)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (list < LOKET_CASE_LIST_N, NULL);

  return list_where (self, list_conditions[list],
                     list == LOKET_CASE_LIST_CLOSED ? "z.closed_at DESC, z.reference"
                                                    : "z.deadline, z.reference",
                     search, filter, limit, now);
}

GListModel *
loket_replica_filter_cases (LoketReplica *self, LoketCaseList list, const char *search,
                            const LoketCaseFilter *filter, guint limit)
{
  return loket_replica_filter_cases_at (self, list, search, filter, limit, real_now ());
}

GListModel *
loket_replica_list_cases_at (LoketReplica *self, LoketCaseList list, const char *search,
                             guint limit, gint64 now)
{
  return loket_replica_filter_cases_at (self, list, search, NULL, limit, now);
}

GListModel *
loket_replica_find_cases_at (LoketReplica *self, const char *search, guint limit, gint64 now)
{
  g_autofree char *match = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  /* Without words there is nothing to find (not every case of the desk). */
  if ((match = fts_query (search)) == NULL)
    return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
  /* ?1 to ?4 are bound but not asked about: any case will do. */
  return list_where (self, "1",
                     "z.closed_at IS NOT NULL, z.deadline, z.reference", search, NULL, limit,
                     now);
}

GListModel *
loket_replica_find_cases (LoketReplica *self, const char *search, guint limit)
{
  return loket_replica_find_cases_at (self, search, limit, real_now ());
}

GListModel *
loket_replica_list_cases (LoketReplica *self, LoketCaseList list, const char *search,
                          guint limit)
{
  return loket_replica_list_cases_at (self, list, search, limit, real_now ());
}

void
loket_replica_count_cases_at (LoketReplica *self, gint64 now, guint counts[LOKET_CASE_LIST_N])
{
  g_autoptr(CaseClock) clock = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;

  g_return_if_fail (LOKET_IS_REPLICA (self));
  g_return_if_fail (counts != NULL);

  clock = case_clock_new (self, now);
  /* One count per list, each read from its own index alone (bench-cases: 84 ms for one pass
   * over 200,000 cases, 12 ms this way). */
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    g_string_append_printf (sql, "%s(SELECT count (*) FROM cases z WHERE %s) AS n%u",
                            i > 0 ? ", " : "", list_conditions[i], i);
  {
    const char *params[] = { clock->user_id, clock->team_id, clock->today_text,
                             clock->bound_text };

    rows = loket_replica_query_texts (self, sql->str, G_N_ELEMENTS (params), params);
  }
  row = g_list_model_get_item (rows, 0);
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      char column[8];

      g_snprintf (column, sizeof column, "n%u", i);
      counts[i] = row != NULL ? (guint) loket_record_get_int (row, column) : 0;
    }
}

void
loket_replica_count_cases (LoketReplica *self, guint counts[LOKET_CASE_LIST_N])
{
  loket_replica_count_cases_at (self, real_now (), counts);
}

/* ---- assignment ------------------------------------------------------------------------------ */

GListModel *
loket_replica_list_assignees (LoketReplica *self, const char *team_id)
{
  const char *params[] = { team_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self,
    "SELECT u.id, u.display_name, u.team_id, t.name AS team_name FROM users u"
    " JOIN teams t ON t.id = u.team_id ORDER BY u.team_id IS NOT ?1, u.display_name, u.id",
    G_N_ELEMENTS (params), params);
}

GListModel *
loket_replica_list_teams (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  return loket_replica_query_texts (self, "SELECT id, name FROM teams ORDER BY name, id", 0,
                                    NULL);
}

/* ---- the archive ----------------------------------------------------------------------------- */

/* The local date days calendar days after today. */
static char *
archive_bound (CaseClock *clock, guint days)
{
  GDate bound = clock->today;

  g_date_add_days (&bound, days);
  return loket_time_format_iso_date (&bound);
}

GListModel *
loket_replica_list_archive_due_at (LoketReplica *self, guint days, gint64 now)
{
  g_autoptr(CaseClock) clock = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autofree char *bound = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  clock = case_clock_new (self, now);
  bound = archive_bound (clock, days);
  rows = loket_replica_query_texts (self, CASE_COLUMNS
                                    "WHERE z.archive_date IS NOT NULL AND z.archive_date <= ? "
                                    "AND z.closed_at IS NOT NULL "
                                    "ORDER BY z.archive_date, z.reference", 1,
                                    (const char *const *) &bound);
  return add_days_left (clock, rows);
}

GListModel *
loket_replica_list_archive_due (LoketReplica *self, guint days)
{
  return loket_replica_list_archive_due_at (self, days, real_now ());
}

guint
loket_replica_count_archive_due_at (LoketReplica *self, guint days, gint64 now)
{
  g_autoptr(CaseClock) clock = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;
  g_autofree char *bound = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), 0);

  clock = case_clock_new (self, now);
  bound = archive_bound (clock, days);
  rows = loket_replica_query_texts (self, "SELECT count (*) AS n FROM cases "
                                    "WHERE archive_date IS NOT NULL AND archive_date <= ? "
                                    "AND closed_at IS NOT NULL", 1,
                                    (const char *const *) &bound);
  row = g_list_model_get_item (rows, 0);
  return row != NULL ? (guint) loket_record_get_int (row, "n") : 0;
}

/* ---- one case -------------------------------------------------------------------------------- */

LoketRecord *
loket_replica_get_case_row_at (LoketReplica *self, const char *case_id, gint64 now)
{
  g_autoptr(CaseClock) clock = NULL;
  g_autoptr(LoketRecord) row = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (case_id == NULL)
    return NULL;
  row = loket_replica_first_record (self, CASE_COLUMNS "WHERE z.id = ?", case_id);
  if (row == NULL)
    return NULL;
  clock = case_clock_new (self, now);
  return with_days_left (clock, row);
}

LoketRecord *
loket_replica_get_case_row (LoketReplica *self, const char *case_id)
{
  return loket_replica_get_case_row_at (self, case_id, real_now ());
}

/* The suspensions share the timeline: a clerk reads "waiting for the customer" between the
 * statuses it happened between.  At the same moment a status comes before a suspension. */
GListModel *
loket_replica_list_case_history (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  return loket_replica_query_texts (self,
    "SELECT * FROM ("
    " SELECT h.id, h.case_id, 'status' AS kind, h.status, '' AS reason, h.at, h.by_user,"
    "  u.display_name AS by_name, 0 AS sort, h.rowid AS seq,"
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type = 'set_case_status' "
    "          AND json_extract (o.args, '$.history_id') = h.id) AS pending "
    " FROM case_status_history h LEFT JOIN users u ON u.id = h.by_user WHERE h.case_id = ?1"
    " UNION ALL"
    " SELECT s.id, s.case_id, s.kind, NULL, s.reason, s.at, s.by_user, u.display_name, 1,"
    "  s.rowid,"
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type = '" LOKET_MUTATION_SUSPEND_CASE "' "
    "          AND json_extract (o.args, '$.id') = s.id) "
    " FROM case_suspensions s LEFT JOIN users u ON u.id = s.by_user WHERE s.case_id = ?1"
    ") ORDER BY at, sort, seq", 1, &case_id);
}

GListModel *
loket_replica_list_case_links (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  /* Two arms, so each uses its own index. */
  return loket_replica_query_texts (self,
    "SELECT l.id, l.kind, l.created_at, l.by_user, l.direction, k.id AS other_id,"
    "  k.reference, k.subject, k.status, k.closed_at, k.deadline,"
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type = '" LOKET_MUTATION_LINK_CASES "' "
    "          AND json_extract (o.args, '$.id') = l.id) AS pending "
    "FROM (SELECT *, 'to' AS direction, linked_case_id AS other FROM case_links"
    "      WHERE case_id = ?1"
    "      UNION ALL"
    "      SELECT *, 'from', case_id FROM case_links WHERE linked_case_id = ?1) l "
    "JOIN cases k ON k.id = l.other ORDER BY l.created_at, l.id", 1, &case_id);
}

GListModel *
loket_replica_list_case_documents (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  return loket_replica_query_texts (self,
    "SELECT d.*, u.display_name AS by_name,"
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type = '" LOKET_MUTATION_ADD_CASE_DOCUMENT "' "
    "          AND json_extract (o.args, '$.id') = d.id) AS pending "
    "FROM case_documents d LEFT JOIN users u ON u.id = d.by_user "
    "WHERE d.case_id = ? ORDER BY d.added_at, d.id", 1, &case_id);
}

GListModel *
loket_replica_list_case_contacts (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  return loket_replica_query_texts (self,
    "SELECT m.*, u.display_name AS by_name, p.name AS product_name "
    "FROM contact_moments m LEFT JOIN users u ON u.id = m.by_user "
    "LEFT JOIN products p ON p.id = m.product_id "
    "WHERE m.case_id = ? ORDER BY m.at, m.id", 1, &case_id);
}

GListModel *
loket_replica_list_case_appointments (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  return loket_replica_query_texts (self,
    "SELECT " LOKET_REPLICA_APPOINTMENT_COLUMNS LOKET_REPLICA_APPOINTMENT_JOINS
    "WHERE a.case_id = ? ORDER BY a.start_at, a.id", 1, &case_id);
}

/* The strings of a JSON array; anything else is left out. */
static GPtrArray *
string_elements (JsonNode *node)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return names;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_ptr_array_add (names, g_strdup (json_node_get_string (item)));
    }
  return names;
}

static GPtrArray *
status_names (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return string_elements (node);
}

GListModel *
loket_replica_list_case_statuses (LoketReplica *self, const char *case_id)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);
  const char *current;
  int at = -1;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  kase = loket_replica_first_record (self, "SELECT z.status, t.statuses, t.transitions "
                                     "FROM cases z JOIN case_types t ON t.id = z.case_type_id "
                                     "WHERE z.id = ?", case_id);
  if (kase == NULL)
    return G_LIST_MODEL (store);
  current = loket_record_get_string (kase, "status");
  names = status_names (loket_record_get_string (kase, "statuses"));
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), current))
      at = (int) i;
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(JsonObject) columns = json_object_new ();
      g_autoptr(LoketRecord) row = NULL;
      const char *name = g_ptr_array_index (names, i);
      /* The rule the replica and the server enforce (loket-rules.c). */
      gboolean allowed = loket_rules_case_move_allowed (loket_record_get_string (kase, "statuses"),
                                                        loket_record_get_string (kase,
                                                                                 "transitions"),
                                                        current, name);

      json_object_set_string_member (columns, "name", name);
      json_object_set_int_member (columns, "position", i);
      json_object_set_boolean_member (columns, "current", (int) i == at);
      json_object_set_boolean_member (columns, "reached", (int) i <= at);
      json_object_set_boolean_member (columns, "allowed", allowed);
      row = loket_record_new (columns);
      g_list_store_append (store, row);
    }
  return G_LIST_MODEL (store);
}

char *
loket_replica_case_visit_product (LoketReplica *self, const char *case_id)
{
  g_autoptr(LoketRecord) row = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (case_id == NULL)
    return NULL;
  row = loket_replica_first_record (self, "SELECT coalesce (t.intake_product_id, k.product_id)"
                                    " AS product_id FROM cases k JOIN case_types t"
                                    " ON t.id = k.case_type_id WHERE k.id = ?", case_id);
  if (row == NULL || loket_record_is_null (row, "product_id"))
    return NULL;
  return g_strdup (loket_record_get_string (row, "product_id"));
}
