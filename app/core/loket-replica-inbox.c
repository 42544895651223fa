/* loket-replica-inbox.c — the conflicts inbox on top of the replica.
 *
 * What the server refused or found in conflict is recorded in the desk-local table sync_issues
 * (one row per refused mutation, with its args); case field conflicts arrive as case_conflicts
 * rows that every desk seeing the case holds until a person chooses.  This file gathers both
 * into one list of items, each with what resolving it needs, and offers the actions: the nearest
 * free alternatives for a refused booking, booking it again there, and settling an item that
 * needs no further change.  Only sync_issues is written directly, and it never syncs: every
 * real change goes through the replica's own intent mutations.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-inbox.h"
#include "loket-time.h"

#define BOOKING_TYPES "('book_appointment', 'reschedule_appointment')"
#define ARTICLE_TYPES "('save_article', 'review_article')"

/* ---- reading ------------------------------------------------------------------------------ */

/* The rows of sql as JSON objects; its parameters ?1, ?2 … are the NULL-terminated texts. */
static GPtrArray *
select_objects (LoketReplica *self, const char *sql, const char *const *params)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  if (stmt == NULL)
    {
      g_critical ("%s", error->message);
      return rows;
    }
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    loket_db_bind_text (stmt, (int) i + 1, params[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, loket_db_row_to_json (stmt));
  if (rc != SQLITE_DONE)
    g_warning ("Reading the inbox failed: %s", sqlite3_errmsg (loket_db_get_handle (db)));
  return rows;
}

static const char *
text_member (JsonObject *row, const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* "21 Nov 10:32" in the desk's own zone, for a wire time; "" when there is none. */
static char *
format_when (const char *iso_utc)
{
  g_autoptr(GDateTime) utc = *iso_utc != '\0' ? g_date_time_new_from_iso8601 (iso_utc, NULL)
                                              : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  /* Translators: a date and time, GDateTime format: "21 Nov 10:32" */
  return local != NULL ? g_date_time_format (local, _("%-d %b %H:%M")) : g_strdup ("");
}

/* The columns every item has. */
static void
set_common (JsonObject *row, const char *id, const char *kind, const char *who,
            const char *what, const char *at)
{
  g_autofree char *when = format_when (at);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "who", who);
  json_object_set_string_member (row, "what", what);
  json_object_set_string_member (row, "at", at);
  json_object_set_string_member (row, "when", when);
}

/* The zone of the row's location (its "timezone" column). */
static GTimeZone *
zone_of (JsonObject *row)
{
  GTimeZone *tz = g_time_zone_new_identifier (text_member (row, "timezone"));

  return tz != NULL ? tz : g_time_zone_new_identifier ("Europe/Amsterdam");
}

static char *
issue_key (JsonObject *row)
{
  return g_strdup_printf ("issue:%" G_GINT64_FORMAT,
                          json_object_get_int_member_with_default (row, "seq", 0));
}

/* A refused booking or move whose appointment is still waiting for a place: the newest open
 * issue of each appointment, while it is rejected (or, for a refused move, still booked at its
 * old time).  An appointment cancelled or booked again since needs nothing more. */
static const char booking_sql[] =
  "SELECT i.seq, i.type, i.code, i.message, i.at, a.id AS appointment_id, a.status, "
  "  a.customer_id, coalesce (cu.name, '') AS customer_name, a.product_id, a.mode, "
  "  a.reason AS appointment_reason, "
  "  coalesce (p.name, '') AS product_name, c.id AS capacity_id, c.name AS capacity_name, "
  "  l.id AS location_id, l.name AS location_name, l.timezone, "
  "  coalesce (json_extract (i.args, '$.start_at'), a.start_at) AS refused_at, "
  "  coalesce (u.display_name, '') AS who "
  "FROM sync_issues i JOIN appointments a ON a.id = json_extract (i.args, '$.id') "
  "JOIN capacities c ON c.id = coalesce (json_extract (i.args, '$.capacity_id'), a.capacity_id) "
  "JOIN locations l ON l.id = c.location_id "
  "LEFT JOIN products p ON p.id = a.product_id LEFT JOIN customers cu ON cu.id = a.customer_id "
  "LEFT JOIN users u ON u.id = coalesce (json_extract (i.args, '$.created_by'), ?1) "
  "WHERE i.resolved = 0 AND i.outcome = 'rejected' AND i.type IN " BOOKING_TYPES " "
  "  AND i.code IN ('slot_taken', 'closed') "
  "  AND (a.status = 'rejected' OR (i.type = 'reschedule_appointment' AND a.status = 'booked')) "
  "  AND NOT EXISTS (SELECT 1 FROM sync_issues n WHERE n.resolved = 0 AND n.seq > i.seq "
  "    AND n.type IN " BOOKING_TYPES " AND json_extract (n.args, '$.id') = a.id)";

static void
add_bookings (LoketReplica *self, const char *user_id, GPtrArray *items)
{
  const char *params[] = { user_id, NULL };
  g_autoptr(GPtrArray) rows = select_objects (self, booking_sql, params);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      g_autoptr(GTimeZone) tz = zone_of (row);
      g_autoptr(GDateTime) refused = g_date_time_new_from_iso8601 (text_member (row, "refused_at"),
                                                                   NULL);
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *refused_when = NULL;
      g_autofree char *what = NULL;
      g_autofree char *key = issue_key (row);

      if (refused != NULL)
        local = g_date_time_to_timezone (refused, tz);
      /* Translators: a refused appointment time, GDateTime format: "Tue 24 Nov 09:30" */
      refused_when = local != NULL ? g_date_time_format (local, _("%a %-d %b %H:%M"))
                                   : g_strdup (text_member (row, "refused_at"));
      what = *text_member (row, "customer_name") != '\0'
             /* Translators: a product for a customer, "Paspoort for Jan Jansen" */
             ? g_strdup_printf (_("%s for %s"), text_member (row, "product_name"),
                                text_member (row, "customer_name"))
             : g_strdup (text_member (row, "product_name"));
      json_object_set_string_member (row, "refused_when", refused_when);
      json_object_set_string_member (row, "reason",
                                     loket_protocol_describe_reason (text_member (row, "code")));
      json_object_remove_member (row, "timezone");
      set_common (row, key, "booking", text_member (row, "who"), what, text_member (row, "at"));
      g_ptr_array_add (items, json_object_ref (row));
    }
}

static const char *
field_label (const char *field)
{
  if (g_str_equal (field, "subject"))
    return _("Subject");
  if (g_str_equal (field, "assignee_id"))
    return _("Handled by");
  if (g_str_equal (field, "team_id"))
    return _("Team");
  if (g_str_equal (field, "status"))
    return _("Status");
  return field;
}

static void
copy_member (JsonObject *object, const char *name, JsonNode *node, gpointer data)
{
  json_object_set_member (data, name, json_node_copy (node));
}

static void
add_case_conflicts (LoketReplica *self, GPtrArray *items)
{
  g_autoptr(GListModel) conflicts = loket_replica_list_case_conflicts (self);

  for (guint i = 0; i < g_list_model_get_n_items (conflicts); i++)
    {
      g_autoptr(LoketRecord) conflict = g_list_model_get_item (conflicts, i);
      g_autoptr(JsonObject) row = json_object_new ();
      g_autofree char *key = g_strconcat ("conflict:", loket_record_get_id (conflict), NULL);
      const char *field = loket_record_get_string (conflict, "field");
      g_autofree char *what = NULL;

      json_object_foreach_member (loket_record_get_columns (conflict), copy_member, row);
      json_object_set_string_member (row, "conflict_id", loket_record_get_id (conflict));
      json_object_set_string_member (row, "field_label", field_label (field));
      /* Translators: a case and the part of it in conflict, "Z-2026-0012 · Subject" */
      what = g_strdup_printf (_("%s · %s"), loket_record_get_string (conflict, "case_reference"),
                              field_label (field));
      set_common (row, key, "case-conflict", loket_record_get_string (conflict, "desk_user_name"),
                  what, loket_record_get_string (conflict, "created_at"));
      g_ptr_array_add (items, g_steal_pointer (&row));
    }
}

/* An approved version that lost the race (review_article; before the four-eyes review, an edit
 * itself: save_article): kept as its own revision, state conflict, next to the one that won. */
static const char article_sql[] =
  "SELECT i.seq, i.at, coalesce (r.article_id, json_extract (i.args, '$.id')) AS article_id, "
  "  coalesce (k.title, r.title, json_extract (i.args, '$.title')) AS article_title, "
  "  json_extract (i.args, '$.revision_id') AS revision_id, "
  "  coalesce (r.title, json_extract (i.args, '$.title')) AS conflict_title, "
  "  coalesce (ru.display_name, au.display_name, me.display_name, '') AS conflict_author, "
  "  coalesce (w.title, k.title, '') AS winner_title, "
  "  coalesce (wu.display_name, '') AS winner_author "
  "FROM sync_issues i "
  "LEFT JOIN kb_article_revisions r ON r.id = json_extract (i.args, '$.revision_id') "
  "LEFT JOIN kb_articles k ON k.id = coalesce (r.article_id, json_extract (i.args, '$.id')) "
  "LEFT JOIN users ru ON ru.id = r.author_id "
  "LEFT JOIN users au ON au.id = json_extract (i.args, '$.author_id') "
  "LEFT JOIN users me ON me.id = ?1 "
  "LEFT JOIN kb_article_revisions w ON w.article_id = k.id AND w.rev = k.rev "
  "  AND w.state = 'published' AND w.id IS NOT json_extract (i.args, '$.revision_id') "
  "LEFT JOIN users wu ON wu.id = w.author_id "
  "WHERE i.resolved = 0 AND i.outcome = 'conflict' AND i.type IN " ARTICLE_TYPES " "
  "GROUP BY i.seq";

static void
add_article_conflicts (LoketReplica *self, const char *user_id, GPtrArray *items)
{
  const char *params[] = { user_id, NULL };
  g_autoptr(GPtrArray) rows = select_objects (self, article_sql, params);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      g_autofree char *key = issue_key (row);

      set_common (row, key, "article-conflict", text_member (row, "conflict_author"),
                  text_member (row, "article_title"), text_member (row, "at"));
      g_ptr_array_add (items, json_object_ref (row));
    }
}

/* Everything else refused: a change of a kind the inbox has no special way to resolve. */
static const char rejected_sql[] =
  "SELECT i.seq, i.type, i.code, i.message, i.at, coalesce (me.display_name, '') AS who "
  "FROM sync_issues i LEFT JOIN users me ON me.id = ?1 WHERE i.resolved = 0 "
  "  AND i.outcome != 'applied' "
  "  AND NOT (i.outcome = 'conflict' AND i.type IN " ARTICLE_TYPES ") "
  "  AND NOT (i.outcome = 'rejected' AND i.type IN " BOOKING_TYPES " "
  "           AND i.code IN ('slot_taken', 'closed')) "
  "  AND NOT (i.outcome = 'conflict' AND i.type IN ('set_case_field', 'set_case_status') "
  "           AND EXISTS (SELECT 1 FROM case_conflicts x WHERE x.resolved_at IS NULL "
  "                       AND x.case_id = json_extract (i.args, '$.case_id')))";

static const char *
describe_type (const char *type)
{
  static const struct { const char *type; const char *label; } labels[] = {
    { LOKET_MUTATION_CREATE_CUSTOMER, N_("New customer") },
    { LOKET_MUTATION_BOOK_APPOINTMENT, N_("Booking") },
    { LOKET_MUTATION_CANCEL_APPOINTMENT, N_("Cancellation") },
    { LOKET_MUTATION_RESCHEDULE_APPOINTMENT, N_("Moved appointment") },
    { LOKET_MUTATION_SET_CASE_FIELD, N_("Change to a case") },
    { LOKET_MUTATION_SET_CASE_STATUS, N_("Case status") },
    { LOKET_MUTATION_RESOLVE_CASE_CONFLICT, N_("Chosen value of a case") },
    { LOKET_MUTATION_ADD_NOTE, N_("Note") },
    { LOKET_MUTATION_ADD_CONTACT_MOMENT, N_("Contact moment") },
    { LOKET_MUTATION_SAVE_ARTICLE, N_("Knowledge base article") },
    { LOKET_MUTATION_SUBMIT_ARTICLE, N_("Article sent for review") },
    { LOKET_MUTATION_REVIEW_ARTICLE, N_("Review of an article") },
    { LOKET_MUTATION_SAVE_SYNONYMS, N_("Synonyms") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (type, labels[i].type))
      return _(labels[i].label);
  return type;
}

static void
add_rejected (LoketReplica *self, const char *user_id, GPtrArray *items)
{
  const char *params[] = { user_id, NULL };
  g_autoptr(GPtrArray) rows = select_objects (self, rejected_sql, params);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      const char *code = text_member (row, "code");
      const char *reason = loket_protocol_describe_reason (code);
      g_autofree char *key = issue_key (row);

      json_object_set_string_member (row, "type_label", describe_type (text_member (row, "type")));
      /* The server's own words where the code is not one the desk knows. */
      json_object_set_string_member (row, "reason", reason != code || *code == '\0'
                                                    ? reason : text_member (row, "message"));
      set_common (row, key, "rejected", text_member (row, "who"),
                  text_member (row, "type_label"), text_member (row, "at"));
      g_ptr_array_add (items, json_object_ref (row));
    }
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;
  int by_time = g_strcmp0 (text_member (y, "at"), text_member (x, "at"));
  gint64 seq_x = json_object_get_int_member_with_default (x, "seq", 0);
  gint64 seq_y = json_object_get_int_member_with_default (y, "seq", 0);

  if (by_time != 0)
    return by_time;
  if (seq_x != seq_y)  /* recorded in the same second: the later change first */
    return seq_x > seq_y ? -1 : 1;
  return g_strcmp0 (text_member (x, "id"), text_member (y, "id"));
}

GListModel *
loket_replica_list_inbox (LoketReplica *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *user_id = NULL;
  GListStore *store;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  user_id = loket_replica_dup_state (self, "user_id");
  add_bookings (self, user_id, items);
  add_case_conflicts (self, items);
  add_article_conflicts (self, user_id, items);
  add_rejected (self, user_id, items);
  g_ptr_array_sort (items, newest_first);

  store = g_list_store_new (LOKET_TYPE_RECORD);
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(LoketRecord) record = loket_record_new (items->pdata[i]);

      g_list_store_append (store, record);
    }
  return G_LIST_MODEL (store);
}

guint
loket_replica_count_inbox (LoketReplica *self)
{
  g_autoptr(GListModel) items = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), 0);

  items = loket_replica_list_inbox (self);
  return g_list_model_get_n_items (items);
}

/* ---- alternatives ------------------------------------------------------------------------- */

/* The appointment, with the start that was refused (its own, or the refused move's) and the
 * zone of its location. */
static JsonObject *
get_refused (LoketReplica *self, const char *appointment_id, GError **error)
{
  static const char sql[] =
    "SELECT a.id, a.product_id, a.capacity_id, a.status, c.location_id, l.timezone, "
    "  coalesce ((SELECT json_extract (i.args, '$.start_at') FROM sync_issues i "
    "    WHERE i.resolved = 0 AND i.outcome = 'rejected' AND i.type IN " BOOKING_TYPES " "
    "    AND json_extract (i.args, '$.id') = a.id ORDER BY i.seq DESC LIMIT 1), a.start_at) "
    "  AS refused_at "
    "FROM appointments a JOIN capacities c ON c.id = a.capacity_id "
    "JOIN locations l ON l.id = c.location_id WHERE a.id = ?1";
  const char *params[] = { appointment_id, NULL };
  g_autoptr(GPtrArray) rows = select_objects (self, sql, params);

  if (rows->len == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                           _("This appointment does not exist (any more)."));
      return NULL;
    }
  return json_object_ref (rows->pdata[0]);
}

/* Capacities at the location that handle the product's group, the refused one first. */
static GPtrArray *
candidate_capacities (LoketReplica *self, JsonObject *appointment)
{
  static const char sql[] =
    "SELECT c.id, c.name FROM capacities c "
    "WHERE c.location_id = ?1 AND c.group_id = (SELECT group_id FROM products WHERE id = ?2) "
    "ORDER BY c.id = ?3 DESC, CASE c.kind WHEN 'balie' THEN 0 WHEN 'spreekkamer' THEN 1 "
    "  WHEN 'ambtenaar' THEN 2 ELSE 3 END, c.name";
  const char *params[] = { text_member (appointment, "location_id"),
                           text_member (appointment, "product_id"),
                           text_member (appointment, "capacity_id"), NULL };

  return select_objects (self, sql, params);
}

typedef struct {
  gint64      start;
  gint64      distance;
  guint       rank;        /* the capacity's place in candidate_capacities */
  JsonObject *capacity;
} Candidate;

static int
nearest_first (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (int) x->rank - (int) y->rank;
}

/* Every free start of the day on every capacity, nearest to the refused start first. */
static GArray *
day_candidates (LoketReplica *self, GPtrArray *capacities, const char *product_id,
                const GDate *day, GDateTime *now, gint64 refused)
{
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));

  for (guint c = 0; c < capacities->len; c++)
    {
      JsonObject *capacity = capacities->pdata[c];
      g_autoptr(GArray) slots = loket_replica_free_slots (self, text_member (capacity, "id"),
                                                          product_id, day, now, NULL);

      for (guint s = 0; slots != NULL && s < slots->len; s++)
        {
          gint64 start = g_array_index (slots, LoketSlot, s).start;
          Candidate candidate = { start, ABS (start - refused), c, capacity };

          g_array_append_val (candidates, candidate);
        }
    }
  g_array_sort (candidates, nearest_first);
  return candidates;
}

static gboolean
has_start (GListStore *store, gint64 start)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (loket_record_get_int (item, "start") == start)
        return TRUE;
    }
  return FALSE;
}

static void
append_alternative (GListStore *store, const Candidate *candidate)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(LoketRecord) record = NULL;
  g_autofree char *start_at = loket_protocol_format_time (candidate->start);

  json_object_set_string_member (row, "capacity_id", text_member (candidate->capacity, "id"));
  json_object_set_string_member (row, "capacity_name",
                                 text_member (candidate->capacity, "name"));
  json_object_set_int_member (row, "start", candidate->start);
  json_object_set_string_member (row, "start_at", start_at);
  record = loket_record_new (row);
  g_list_store_append (store, record);
}

GListModel *
loket_replica_find_alternatives (LoketReplica *self, const char *appointment_id, guint n,
                                 GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) appointment = NULL;
  g_autoptr(GPtrArray) capacities = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GListStore) store = g_list_store_new (LOKET_TYPE_RECORD);
  gint64 refused = 0;
  GDate day;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (appointment_id != NULL && now != NULL, NULL);

  if ((appointment = get_refused (self, appointment_id, error)) == NULL)
    return NULL;
  if (!loket_protocol_parse_time (text_member (appointment, "refused_at"), &refused))
    refused = g_date_time_to_unix (now);
  tz = zone_of (appointment);
  /* From the refused day on, or from today when that has passed. */
  loket_time_local_date (tz, MAX (refused, g_date_time_to_unix (now)), &day);
  capacities = candidate_capacities (self, appointment);

  for (guint d = 0; d <= LOKET_INBOX_HORIZON_DAYS
                    && g_list_model_get_n_items (G_LIST_MODEL (store)) < n; d++)
    {
      g_autoptr(GArray) candidates = day_candidates (self, capacities,
                                                     text_member (appointment, "product_id"),
                                                     &day, now, refused);

      for (guint i = 0; i < candidates->len
                        && g_list_model_get_n_items (G_LIST_MODEL (store)) < n; i++)
        if (!has_start (store, g_array_index (candidates, Candidate, i).start))
          append_alternative (store, &g_array_index (candidates, Candidate, i));
      g_date_add_days (&day, 1);
    }
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ---- resolving ---------------------------------------------------------------------------- */

/* Marks sync issues settled; FALSE with LOKET_ERROR_NOT_FOUND when none matched. */
static gboolean
settle_issues (LoketReplica *self, const char *sql, const char *param, gint64 seq,
               GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (param != NULL)
    loket_db_bind_text (stmt, 1, param);
  else
    sqlite3_bind_int64 (stmt, 1, seq);
  if (!loket_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (loket_db_get_handle (db)) == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                           _("This item is no longer open."));
      return FALSE;
    }
  g_signal_emit_by_name (self, "changed", "sync_issues");
  return TRUE;
}

gboolean
loket_replica_settle_appointment_issues (LoketReplica *self, const char *appointment_id,
                                         GError **error)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  return settle_issues (self, "UPDATE sync_issues SET resolved = 1 WHERE resolved = 0 "
                        "AND outcome = 'rejected' AND type IN " BOOKING_TYPES " "
                        "AND json_extract (args, '$.id') = ?1", appointment_id, 0, error);
}

/* The same appointment moved to a free time: the server books a rejected one again, so the
 * customer, product, reason and mode stay as they were and nothing is left behind rejected. */
gboolean
loket_replica_rebook (LoketReplica *self, const char *appointment_id, const char *capacity_id,
                      gint64 start, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  if (!loket_replica_reschedule_appointment (self, appointment_id, capacity_id, start, error))
    return FALSE;
  /* Nothing open (it was booked again elsewhere meanwhile) is fine: the move is made. */
  if (!loket_replica_settle_appointment_issues (self, appointment_id, &local_error)
      && !g_error_matches (local_error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_replica_dismiss_issue (LoketReplica *self, gint64 seq, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *params[] = { key, NULL };
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);

  rows = select_objects (self, "SELECT type, outcome FROM sync_issues "
                         "WHERE seq = CAST (?1 AS INTEGER) AND resolved = 0", params);
  if (rows->len == 1 && g_str_equal (text_member (rows->pdata[0], "outcome"), "conflict")
      && (g_str_equal (text_member (rows->pdata[0], "type"), LOKET_MUTATION_SET_CASE_FIELD)
          || g_str_equal (text_member (rows->pdata[0], "type"), LOKET_MUTATION_SET_CASE_STATUS)))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Choose one of both values to settle this conflict."));
      return FALSE;
    }
  return settle_issues (self, "UPDATE sync_issues SET resolved = 1 WHERE seq = ?1 "
                        "AND resolved = 0", NULL, seq, error);
}
