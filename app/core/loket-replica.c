/* loket-replica.c — the desk's local replica.
 *
 * The desk app reads and writes only this database; the network is never on the path of a
 * click.  A write is an intent mutation: its local effect and its outbox entry commit in one
 * transaction.  The same local effect is replayed for every still-pending mutation after a pull
 * (rebase), so what the clerk did stays visible until the server has answered for it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-slot-source.h"
#include "loket-validate.h"

struct _LoketReplica
{
  GObject  parent_instance;

  LoketDb *db;
};

G_DEFINE_FINAL_TYPE (LoketReplica, loket_replica, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
loket_replica_finalize (GObject *object)
{
  LoketReplica *self = LOKET_REPLICA (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (loket_replica_parent_class)->finalize (object);
}

static void
loket_replica_class_init (LoketReplicaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_replica_finalize;

  /**
   * LoketReplica::changed:
   * @entity: (nullable): the kind of data that changed, or %NULL for several kinds
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
loket_replica_init (LoketReplica *self)
{
}

/* A desk reads its replica all day: 64 MiB of page cache instead of SQLite's 2 MB keeps the
 * lists and the customer card off the disk (bench-cases: a heavy card 3.3 → 1.7 ms), and
 * temporary data in memory halves what the case index's triggers cost while a download
 * writes its rows.  A failure only costs speed. */
static void
tune_connection (LoketDb *db)
{
  g_autoptr(GError) error = NULL;

  if (!loket_db_exec (db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", &error))
    g_debug ("replica: could not tune the connection: %s", error->message);
}

LoketReplica *
loket_replica_open (const char *path, GError **error)
{
  g_autoptr(LoketReplica) self = g_object_new (LOKET_TYPE_REPLICA, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->db = loket_db_open (path, LOKET_SCHEMA_REPLICA, error);
  if (self->db == NULL)
    return NULL;
  tune_connection (self->db);
  return g_steal_pointer (&self);
}

LoketDb *
loket_replica_get_db (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return self->db;
}

static void
emit_changed (LoketReplica *self, const char *entity)
{
  g_signal_emit (self, signals[CHANGED], 0, entity);
}

void
loket_replica_emit_changed (LoketReplica *self)
{
  emit_changed (self, NULL);
}

void
loket_replica_set_db (LoketReplica *self, LoketDb *db)
{
  g_set_object (&self->db, db);
  if (db != NULL)
    tune_connection (db);
}

LoketWorkdays *
loket_replica_load_workdays (LoketReplica *self, int first_year, int last_year)
{
  g_autoptr(GError) error = NULL;
  LoketWorkdays *workdays = loket_rules_load_workdays (self->db, first_year, last_year, &error);

  if (workdays != NULL)
    return workdays;
  g_warning ("The replica's holidays could not be read: %s", error->message);
  workdays = loket_workdays_new ();
  for (int year = first_year; year <= last_year; year++)
    loket_workdays_add_dutch_holidays (workdays, year);
  return workdays;
}

/* ---- small query helpers ------------------------------------------------------------------ */

/* Runs a statement whose parameters are all text (n of them, NULL allowed) and returns its
 * rows. */
GListModel *
loket_replica_query_texts (LoketReplica *self, const char *sql, guint n,
                           const char *const *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, &error);
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);
  int rc;

  if (stmt == NULL)
    {
      g_critical ("%s", error->message);
      return G_LIST_MODEL (store);
    }
  for (guint i = 0; i < n; i++)
    loket_db_bind_text (stmt, (int) i + 1, params[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autoptr(LoketRecord) record = loket_record_new (row);

      g_list_store_append (store, record);
    }
  if (rc != SQLITE_DONE)
    g_warning ("Reading the replica failed: %s", sqlite3_errmsg (loket_db_get_handle (self->db)));
  return G_LIST_MODEL (store);
}

/* The same with the parameters as a NULL-terminated list. */
static GListModel *
query_records (LoketReplica *self, const char *sql, ...)
{
  const char *params[16];
  const char *value;
  guint n = 0;
  va_list args;

  va_start (args, sql);
  while ((value = va_arg (args, const char *)) != NULL && n < G_N_ELEMENTS (params))
    params[n++] = value;
  va_end (args);
  return loket_replica_query_texts (self, sql, n, params);
}

static gint64
query_int (LoketReplica *self, const char *sql, const char *param)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, NULL);

  if (stmt == NULL)
    return 0;
  if (param != NULL)
    loket_db_bind_text (stmt, 1, param);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* "%text%" for LIKE, with LIKE's own wildcards escaped (ESCAPE '\'). */
static char *
like_pattern (const char *query)
{
  g_autoptr(GString) pattern = g_string_new ("%");

  for (const char *p = query != NULL ? query : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

/* ---- session state ------------------------------------------------------------------------ */

char *
loket_replica_dup_state (LoketReplica *self, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = loket_db_prepare (self->db, "SELECT value FROM sync_state WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
loket_replica_set_state (LoketReplica *self, const char *key, const char *value, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = loket_db_prepare (self->db, "DELETE FROM sync_state WHERE key = ?", error);
  else
    stmt = loket_db_prepare (self->db, "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, key);
  if (value != NULL)
    loket_db_bind_text (stmt, 2, value);
  return loket_db_step_done (self->db, stmt, error);
}

gboolean
loket_replica_has_session (LoketReplica *self)
{
  g_autofree char *token = loket_replica_dup_state (self, "token");

  return token != NULL && *token != '\0';
}

LoketRecord *
loket_replica_get_user (LoketReplica *self)
{
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *user_json = NULL;
  g_autoptr(GListModel) users = NULL;
  g_autoptr(JsonObject) user = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (user_id == NULL)
    return NULL;
  users = query_records (self, "SELECT * FROM users WHERE id = ?", user_id, NULL);
  if (g_list_model_get_n_items (users) > 0)
    return g_list_model_get_item (users, 0);
  /* Before the first pull the login's answer stands in for the replicated row. */
  user_json = loket_replica_dup_state (self, "user");
  if (user_json == NULL || (user = loket_protocol_parse_object (user_json, strlen (user_json),
                                                                NULL)) == NULL)
    return NULL;
  return loket_record_new (user);
}

guint
loket_replica_count_pending (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), 0);
  return (guint) query_int (self, "SELECT count(*) FROM outbox", NULL);
}

guint
loket_replica_count_open_issues (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), 0);
  return (guint) query_int (self, "SELECT count(*) FROM sync_issues WHERE resolved = 0"
                                  " AND outcome != 'applied'", NULL);
}

/* ---- reads -------------------------------------------------------------------------------- */

GListModel *
loket_replica_list_locations (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT * FROM locations "
    "ORDER BY CASE kind WHEN 'stadhuis' THEN 0 WHEN 'kantoor' THEN 1 ELSE 2 END, name", NULL);
}

GListModel *
loket_replica_list_capacities (LoketReplica *self, const char *location_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT c.*, g.name AS group_name FROM capacities c "
    "JOIN product_groups g ON g.id = c.group_id WHERE c.location_id = ? "
    "ORDER BY CASE c.kind WHEN 'balie' THEN 0 WHEN 'spreekkamer' THEN 1 WHEN 'ambtenaar' THEN 2 "
    "ELSE 3 END, c.name", location_id, NULL);
}

GListModel *
loket_replica_list_products (LoketReplica *self, const char *capacity_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (capacity_id == NULL)
    return query_records (self,
      "SELECT p.*, g.name AS group_name FROM products p "
      "JOIN product_groups g ON g.id = p.group_id ORDER BY g.name, p.name", NULL);
  return query_records (self,
    "SELECT p.*, g.name AS group_name FROM products p JOIN product_groups g ON g.id = p.group_id "
    "WHERE p.group_id = (SELECT group_id FROM capacities WHERE id = ?) ORDER BY p.name",
    capacity_id, NULL);
}

GTimeZone *
loket_replica_get_timezone (LoketReplica *self, const char *location_id)
{
  g_autoptr(GListModel) rows = NULL;
  GTimeZone *tz = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (location_id != NULL)
    {
      g_autoptr(LoketRecord) row = NULL;

      rows = query_records (self, "SELECT timezone FROM locations WHERE id = ?", location_id, NULL);
      if ((row = g_list_model_get_item (rows, 0)) != NULL)
        tz = g_time_zone_new_identifier (loket_record_get_string (row, "timezone"));
    }
  return tz != NULL ? tz : g_time_zone_new_identifier ("Europe/Amsterdam");
}

/* The UTC bounds of a local day, as wire-format time stamps (which sort as text). */
static void
day_bounds (GTimeZone *tz, const GDate *day, char **from, char **until)
{
  g_autoptr(GDateTime) start = g_date_time_new (tz, g_date_get_year (day),
                                                g_date_get_month (day), g_date_get_day (day),
                                                0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (start, 1);

  *from = loket_protocol_format_time (g_date_time_to_unix (start));
  *until = loket_protocol_format_time (g_date_time_to_unix (next));
}

GListModel *
loket_replica_list_appointments (LoketReplica *self, const char *location_id, const GDate *day)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (location_id != NULL && day != NULL, NULL);

  tz = loket_replica_get_timezone (self, location_id);
  day_bounds (tz, day, &from, &until);
  return query_records (self,
    "SELECT a.id, a.start_at, a.end_at, a.capacity_id, c.name AS capacity_name, "
    "  a.product_id, p.name AS product_name, a.customer_id, cu.name AS customer_name, a.reason, "
    "  a.mode, a.status, a.status_reason, a.channel, " LOKET_REPLICA_APPOINTMENT_PENDING " "
    "FROM appointments a JOIN capacities c ON c.id = a.capacity_id "
    "LEFT JOIN products p ON p.id = a.product_id LEFT JOIN customers cu ON cu.id = a.customer_id "
    "WHERE c.location_id = ? AND a.start_at >= ? AND a.start_at < ? "
    "ORDER BY a.start_at, c.name", location_id, from, until, NULL);
}

GListModel *
loket_replica_search_customers (LoketReplica *self, const char *query, guint limit)
{
  g_autofree char *pattern = like_pattern (query);
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 200);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT * FROM customers WHERE name LIKE ?1 ESCAPE '\\' OR bsn LIKE ?1 ESCAPE '\\' "
    "  OR rrn LIKE ?1 ESCAPE '\\' OR kvk LIKE ?1 ESCAPE '\\' OR postcode LIKE ?1 ESCAPE '\\' "
    "  OR replace (postcode, ' ', '') LIKE replace (?1, ' ', '') ESCAPE '\\' "
    "  OR email LIKE ?1 ESCAPE '\\' OR birth_date LIKE ?1 ESCAPE '\\' "
    "ORDER BY name LIMIT ?2", pattern, max, NULL);
}

GListModel *
loket_replica_search_cases (LoketReplica *self, const char *query, guint limit)
{
  g_autofree char *pattern = like_pattern (query);
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 200);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT z.*, t.name AS case_type_name, cu.name AS customer_name, p.name AS product_name "
    "FROM cases z JOIN case_types t ON t.id = z.case_type_id "
    "LEFT JOIN customers cu ON cu.id = z.customer_id LEFT JOIN products p ON p.id = z.product_id "
    "WHERE z.reference LIKE ?1 ESCAPE '\\' OR z.subject LIKE ?1 ESCAPE '\\' "
    "  OR cu.name LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\' OR z.status LIKE ?1 ESCAPE '\\' "
    "ORDER BY z.closed_at IS NOT NULL, z.deadline, z.reference LIMIT ?2", pattern, max, NULL);
}

GListModel *
loket_replica_search_articles (LoketReplica *self, const char *query, guint limit)
{
  g_autofree char *pattern = like_pattern (query);
  g_autofree char *max = g_strdup_printf ("%u", limit > 0 ? limit : 200);

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT * FROM kb_articles WHERE status = 'published' AND (title LIKE ?1 ESCAPE '\\' "
    "  OR public_body LIKE ?1 ESCAPE '\\' OR internal_body LIKE ?1 ESCAPE '\\') "
    "ORDER BY title LIKE ?1 ESCAPE '\\' DESC, title LIMIT ?2", pattern, max, NULL);
}

LoketRecord *
loket_replica_get_article (LoketReplica *self, const char *article_id)
{
  g_autoptr(GListModel) rows = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (article_id == NULL)
    return NULL;
  rows = query_records (self, "SELECT * FROM kb_articles WHERE id = ?", article_id, NULL);
  return g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;
}

GListModel *
loket_replica_list_sync_issues (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self, "SELECT * FROM sync_issues WHERE resolved = 0"
                        " AND outcome != 'applied' ORDER BY seq DESC", NULL);
}

/* A value as a person reads it: a colleague's or team's name rather than its id. */
#define CONFLICT_LABEL(value) \
  "CASE x.field WHEN 'assignee_id' THEN (SELECT display_name FROM users WHERE id = x." value ") " \
  "WHEN 'team_id' THEN (SELECT name FROM teams WHERE id = x." value ") ELSE x." value " END"

GListModel *
loket_replica_list_case_conflicts (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self,
    "SELECT x.*, z.reference AS case_reference, z.subject AS case_subject, "
    "  u.display_name AS desk_user_name, "
    "  " CONFLICT_LABEL ("server_value") " AS server_label, "
    "  " CONFLICT_LABEL ("desk_value") " AS desk_label "
    "FROM case_conflicts x JOIN cases z ON z.id = x.case_id "
    "LEFT JOIN users u ON u.id = x.desk_user "
    "WHERE x.resolved_at IS NULL ORDER BY x.created_at, x.id", NULL);
}

GListModel *
loket_replica_list_notes (LoketReplica *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  return query_records (self,
    "SELECT n.*, u.display_name AS author_name, "
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type = 'add_note' "
    "          AND json_extract (o.args, '$.id') = n.id) AS pending "
    "FROM notes n LEFT JOIN users u ON u.id = n.author_id "
    "WHERE n.case_id = ? ORDER BY n.created_at, n.rowid", case_id, NULL);
}

GListModel *
loket_replica_list_article_revisions (LoketReplica *self, const char *article_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  return query_records (self,
    "SELECT r.*, u.display_name AS author_name FROM kb_article_revisions r "
    "LEFT JOIN users u ON u.id = r.author_id "
    "WHERE r.article_id = ? ORDER BY r.rev, r.conflict, r.created_at", article_id, NULL);
}

GArray *
loket_replica_free_slots (LoketReplica *self, const char *capacity_id, const char *product_id,
                          const GDate *day, GDateTime *now, GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  gint64 not_before = now != NULL ? g_date_time_to_unix (now) : 0;
  gint64 day_start;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (capacity_id != NULL && product_id != NULL && day != NULL, NULL);

  day_start = loket_slot_source_day_start (day);
  source = loket_slot_source_load (self->db, capacity_id, product_id, NULL,
                                   day_start - LOKET_SLOT_SOURCE_MARGIN,
                                   day_start + 24 * 60 * 60 + LOKET_SLOT_SOURCE_MARGIN, error);
  if (source == NULL)
    return NULL;
  return loket_slots_free_on_day (loket_slot_source_query (source, LOKET_CHANNEL_DESK,
                                                           not_before), day);
}

/* ---- local effects of mutations ----------------------------------------------------------- */

/* What a mutation does to the replica. Used when the clerk makes the change and again, for
 * every still-pending mutation, after a pull replaced rows with the server's (rebase). */
static gboolean
apply_create_customer (LoketReplica *self, JsonObject *args, GError **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  const char *columns[] = { "id", "kind", "name", "bsn", "rrn", "kvk", "birth_date", "email",
                            "phone", "postcode", "preferred_channel", "created_at" };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  return loket_db_upsert_row (self->db, "customers", row, error);
}

/* A row of the appointment's history, as the server will add it (the same id), when the
 * mutation names one. */
gboolean
loket_replica_add_event (LoketReplica *self, JsonObject *args, const char *kind,
                         JsonObject *detail, GError **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *detail_text = NULL;
  const char *event_id = json_object_get_string_member_with_default (args, "event_id", NULL);
  const char *at = json_object_get_string_member_with_default (args, "at", NULL);
  g_autofree char *now = NULL;

  if (event_id == NULL)
    return TRUE;
  row = json_object_new ();
  detail_text = detail != NULL ? loket_protocol_to_string (detail) : g_strdup ("{}");
  json_object_set_string_member (row, "id", event_id);
  json_object_set_string_member (row, "appointment_id",
                                 json_object_get_string_member_with_default (args, "id", ""));
  json_object_set_string_member (row, "kind", kind);
  if (at == NULL)
    at = json_object_get_string_member_with_default (args, "created_at", NULL);
  if (at == NULL)
    at = now = loket_protocol_now ();
  json_object_set_string_member (row, "at", at);
  if (json_object_has_member (args, "by_user"))
    json_object_set_member (row, "by_user", json_object_dup_member (args, "by_user"));
  else
    json_object_set_null_member (row, "by_user");
  json_object_set_string_member (row, "detail", detail_text);
  return loket_db_upsert_row (self->db, "appointment_events", row, error);
}

static gboolean
apply_book_appointment (LoketReplica *self, JsonObject *args, GError **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  const char *columns[] = { "id", "product_id", "capacity_id", "customer_id", "start_at",
                            "end_at", "reason", "mode", "created_by", "created_at", "note",
                            "video_link", "case_id" };
  JsonNode *items = json_object_get_member (args, "items");
  g_autofree char *items_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      items_text = json_to_string (items, FALSE);
      json_object_set_string_member (row, "items", items_text);
    }
  json_object_set_string_member (row, "channel", "desk");
  json_object_set_string_member (row, "status", "booked");
  json_object_set_string_member (row, "status_reason", "");
  return loket_db_upsert_row (self->db, "appointments", row, error)
         && loket_replica_add_event (self, args, "booked", NULL, error);
}

static gboolean
apply_cancel_appointment (LoketReplica *self, JsonObject *args, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "UPDATE appointments SET status = 'cancelled', status_reason = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, json_object_get_string_member_with_default (args, "reason", ""));
  loket_db_bind_text (stmt, 2, json_object_get_string_member_with_default (args, "id", ""));
  return loket_db_step_done (self->db, stmt, error)
         && loket_replica_add_event (self, args, "cancelled", NULL, error);
}

/* Case fields a desk may edit; status has its own mutation. Never user text in SQL otherwise. */
static const char *const editable_fields[] = { "subject", "assignee_id", "team_id", NULL };

/* Copies the listed members of args that are present into a new row. */
static JsonObject *
row_from_args (JsonObject *args, const char *const *columns)
{
  JsonObject *row = json_object_new ();

  for (guint i = 0; columns[i] != NULL; i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  return row;
}

/* A string member or NULL, for text that may be null on purpose (an unassigned case). */
static const char *
nullable_member (JsonObject *args, const char *member)
{
  JsonNode *node = json_object_get_member (args, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* field is "status" or one of editable_fields (checked by the caller): formatted into the SQL. */
static gboolean
update_case_column (LoketReplica *self, const char *case_id, const char *field,
                    const char *value, const char *at, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (g_str_equal (field, "status"))
    /* The last status of the case type closes the case; any other opens it again. */
    sql = g_strdup ("UPDATE cases SET status = ?1, closed_at = CASE WHEN ?1 = (SELECT "
                    "json_extract (t.statuses, '$[#-1]') FROM case_types t WHERE t.id = "
                    "cases.case_type_id) THEN ?3 ELSE NULL END WHERE id = ?2");
  else
    sql = g_strdup_printf ("UPDATE cases SET %s = ?1 WHERE id = ?2", field);
  if ((stmt = loket_db_prepare (self->db, sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, value);
  loket_db_bind_text (stmt, 2, case_id);
  if (g_str_equal (field, "status"))
    loket_db_bind_text (stmt, 3, at);
  return loket_db_step_done (self->db, stmt, error)
         && (!g_str_equal (field, "status") || loket_replica_update_archive (self, case_id, error));
}

/* The rev stays the server's: a desk's base_rev is always a rev the server made. */
static gboolean
apply_set_case_field (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *field = json_object_get_string_member_with_default (args, "field", "");

  const char *case_id = json_object_get_string_member_with_default (args, "case_id", "");

  if (!g_strv_contains (editable_fields, field))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Not an editable field: %s", field);
      return FALSE;
    }
  return update_case_column (self, case_id, field, nullable_member (args, "value"), NULL, error);
}

static gboolean
apply_set_case_status (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const history[] = { "case_id", "status", "at", "by_user", NULL };
  g_autoptr(JsonObject) row = row_from_args (args, history);
  const char *case_id = json_object_get_string_member_with_default (args, "case_id", "");
  const char *status = json_object_get_string_member_with_default (args, "status", "");
  const char *at = json_object_get_string_member_with_default (args, "at", NULL);

  json_object_set_member (row, "id", json_object_dup_member (args, "history_id"));
  return update_case_column (self, case_id, "status", status, at, error)
         && loket_db_upsert_row (self->db, "case_status_history", row, error);
}

static gboolean settle_conflict_issues (LoketReplica *self, GError **error);

/* The chosen value shows at once, and the conflict leaves the inbox.  A conflict that arrived
 * resolved by someone else meanwhile keeps their choice: the server will not apply this one. */
static gboolean
apply_resolve_case_conflict (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *id = json_object_get_string_member_with_default (args, "conflict_id", "");
  const char *value = nullable_member (args, "value");
  const char *at = json_object_get_string_member_with_default (args, "at", NULL);
  g_autoptr(sqlite3_stmt) find = loket_db_prepare (self->db,
    "SELECT case_id, field FROM case_conflicts WHERE id = ?1 "
    "AND (resolved_at IS NULL OR (resolved_at IS ?2 AND resolution IS ?3))", error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *field = NULL;
  int rc;

  if (find == NULL)
    return FALSE;
  loket_db_bind_text (find, 1, id);
  loket_db_bind_text (find, 2, at);
  loket_db_bind_text (find, 3, value);
  if ((rc = sqlite3_step (find)) != SQLITE_ROW)  /* not here (yet), or settled elsewhere: */
    return rc == SQLITE_DONE || loket_db_fail (self->db, error);  /* the server answers */
  case_id = g_strdup ((const char *) sqlite3_column_text (find, 0));
  field = g_strdup ((const char *) sqlite3_column_text (find, 1));
  if ((g_strv_contains (editable_fields, field) || g_str_equal (field, "status"))
      && !update_case_column (self, case_id, field, value, at, error))
    return FALSE;
  stmt = loket_db_prepare (self->db, "UPDATE case_conflicts SET resolved_at = ?, resolution = ? "
                           "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, at);
  loket_db_bind_text (stmt, 2, value);
  loket_db_bind_text (stmt, 3, id);
  return loket_db_step_done (self->db, stmt, error) && settle_conflict_issues (self, error);
}

static gboolean
apply_add_note (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "case_id", "customer_id", "author_id", "body",
                                         "created_at", NULL };
  g_autoptr(JsonObject) row = row_from_args (args, columns);

  return loket_db_upsert_row (self->db, "notes", row, error);
}

static gboolean
apply_add_contact_moment (LoketReplica *self, JsonObject *args, GError **error)
{
  static const char *const columns[] = { "id", "customer_id", "channel", "topic", "product_id",
                                         "article_id", "resolved_first_contact", "at", "by_user",
                                         "case_id", "referred_to", NULL };
  g_autoptr(JsonObject) row = row_from_args (args, columns);

  return loket_db_upsert_row (self->db, "contact_moments", row, error);
}

/* A rejected booking moved to a free time is booked again, as the server will do; the desk moved
 * it into the desk share, so it counts there from now on (also a booking made on the web).  A
 * booked appointment "moved" to where it is stays as it is, as on the server.  (SET reads the
 * row as it was before the update.) */
static gboolean
apply_reschedule_appointment (LoketReplica *self, JsonObject *args, GError **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!loket_db_query_row (self->db, "SELECT start_at, capacity_id FROM appointments WHERE id = ?",
                           json_object_get_string_member_with_default (args, "id", ""), &before,
                           error))
    return FALSE;
  if (before != NULL)
    {
      json_object_set_member (detail, "from", json_object_dup_member (before, "start_at"));
      json_object_set_member (detail, "to", json_object_dup_member (args, "start_at"));
      json_object_set_member (detail, "from_capacity_id",
                              json_object_dup_member (before, "capacity_id"));
      json_object_set_member (detail, "to_capacity_id",
                              json_object_has_member (args, "capacity_id")
                              ? json_object_dup_member (args, "capacity_id")
                              : json_object_dup_member (before, "capacity_id"));
    }
  stmt = loket_db_prepare (self->db,
    "UPDATE appointments SET start_at = ?1, end_at = ?2, capacity_id = coalesce (?3, capacity_id), "
    "status = 'booked', status_reason = '', "
    "channel = CASE WHEN status = 'booked' AND start_at = ?1 "
    "               AND capacity_id = coalesce (?3, capacity_id) THEN channel ELSE 'desk' END "
    "WHERE id = ?4 AND status IN ('booked', 'rejected')",
    error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, json_object_get_string_member_with_default (args, "start_at", ""));
  loket_db_bind_text (stmt, 2, json_object_get_string_member_with_default (args, "end_at", ""));
  loket_db_bind_text (stmt, 3, json_object_get_string_member_with_default (args, "capacity_id",
                                                                           NULL));
  loket_db_bind_text (stmt, 4, json_object_get_string_member_with_default (args, "id", ""));
  return loket_db_step_done (self->db, stmt, error)
         && (before == NULL
             || loket_replica_add_event (self, args, "rescheduled", detail, error));
}

/* A search is counted on the server alone (kb_search_stats reaches editors by pull). */
static gboolean
apply_record_search (LoketReplica *self, JsonObject *args, GError **error)
{
  return TRUE;
}

typedef gboolean (*LocalEffect) (LoketReplica *self, JsonObject *args, GError **error);

static const struct {
  const char  *type;
  LocalEffect  apply;
} local_effects[] = {
  { LOKET_MUTATION_CREATE_CUSTOMER, apply_create_customer },
  { LOKET_MUTATION_BOOK_APPOINTMENT, apply_book_appointment },
  { LOKET_MUTATION_CANCEL_APPOINTMENT, apply_cancel_appointment },
  { LOKET_MUTATION_RESCHEDULE_APPOINTMENT, apply_reschedule_appointment },
  { LOKET_MUTATION_SET_CASE_FIELD, apply_set_case_field },
  { LOKET_MUTATION_SET_CASE_STATUS, apply_set_case_status },
  { LOKET_MUTATION_RESOLVE_CASE_CONFLICT, apply_resolve_case_conflict },
  { LOKET_MUTATION_ADD_NOTE, apply_add_note },
  { LOKET_MUTATION_ADD_CONTACT_MOMENT, apply_add_contact_moment },
  { LOKET_MUTATION_SAVE_ARTICLE, loket_replica_apply_save_article },
  { LOKET_MUTATION_CREATE_CASE, loket_replica_apply_create_case },
  { LOKET_MUTATION_APPOINTMENT_STEP, loket_replica_apply_appointment_step },
  { LOKET_MUTATION_ADD_CLOSURE, loket_replica_apply_add_closure },
  { LOKET_MUTATION_SAVE_RULE, loket_replica_apply_save_rule },
  { LOKET_MUTATION_REMOVE_RULE, loket_replica_apply_remove_rule },
  { LOKET_MUTATION_SAVE_CONFIG, loket_replica_apply_save_config },
  { LOKET_MUTATION_SUSPEND_CASE, loket_replica_apply_suspend_case },
  { LOKET_MUTATION_LINK_CASES, loket_replica_apply_link_cases },
  { LOKET_MUTATION_ADD_CASE_DOCUMENT, loket_replica_apply_add_case_document },
  { LOKET_MUTATION_ADD_CALLBACK, loket_replica_apply_add_callback },
  { LOKET_MUTATION_SETTLE_CALLBACK, loket_replica_apply_settle_callback },
  { LOKET_MUTATION_SAVE_REPRESENTATIVE, loket_replica_apply_save_representative },
  { LOKET_MUTATION_MERGE_CUSTOMERS, loket_replica_apply_merge_customers },
  { LOKET_MUTATION_SUBMIT_ARTICLE, loket_replica_apply_submit_article },
  { LOKET_MUTATION_REVIEW_ARTICLE, loket_replica_apply_review_article },
  { LOKET_MUTATION_SAVE_SYNONYMS, loket_replica_apply_save_synonyms },
  { LOKET_MUTATION_RECORD_SEARCH, apply_record_search },
};

static gboolean
apply_local (LoketReplica *self, const char *type, JsonObject *args, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_effects); i++)
    if (g_str_equal (type, local_effects[i].type))
      return local_effects[i].apply (self, args, error);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, "Unknown mutation type %s", type);
  return FALSE;
}

/* The next per-device sequence number; kept in sync_state so it survives an empty outbox. */
static gboolean
next_seq (LoketReplica *self, gint64 *seq, GError **error)
{
  g_autofree char *last = loket_replica_dup_state (self, "last_local_seq");
  g_autofree char *text = NULL;

  *seq = (last != NULL ? g_ascii_strtoll (last, NULL, 10) : 0) + 1;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, *seq);
  return loket_replica_set_state (self, "last_local_seq", text, error);
}

static gboolean
append_mutation (LoketReplica *self, const char *type, JsonObject *args, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *args_text = loket_protocol_to_string (args);
  g_autofree char *now = loket_protocol_now ();
  gint64 seq;

  if (!apply_local (self, type, args, error)
      || !next_seq (self, &seq, error)
      || (stmt = loket_db_prepare (self->db, "INSERT INTO outbox (seq, type, args, created_at) "
                                   "VALUES (?, ?, ?, ?)", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  loket_db_bind_text (stmt, 2, type);
  loket_db_bind_text (stmt, 3, args_text);
  loket_db_bind_text (stmt, 4, now);
  return loket_db_step_done (self->db, stmt, error);
}

/* The local effects and the outbox entries commit together (the durable outbox): all of them
 * or none. */
gboolean
loket_replica_record_mutations (LoketReplica *self, guint n, const char *const *types,
                                JsonObject *const *args, GError **error)
{
  if (!loket_db_begin (self->db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!append_mutation (self, types[i], args[i], error))
      {
        loket_db_rollback (self->db);
        return FALSE;
      }
  if (!loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

gboolean
loket_replica_record_mutation (LoketReplica *self, const char *type, JsonObject *args,
                               GError **error)
{
  return loket_replica_record_mutations (self, 1, &type, &args, error);
}

gboolean
loket_replica_run (LoketReplica *self, const char *sql, guint n, const char *const *params,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    loket_db_bind_text (stmt, (int) i + 1, params[i]);
  return loket_db_step_done (self->db, stmt, error);
}

char *
loket_replica_trimmed (const char *text)
{
  char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* ---- writes ------------------------------------------------------------------------------- */

/* Names the history row a mutation on an appointment leaves, made here so the server's row has
 * the same id, and who made it. */
void
loket_replica_name_event (LoketReplica *self, JsonObject *args)
{
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  json_object_set_string_member (args, "event_id", event_id);
  if (user_id != NULL)
    json_object_set_string_member (args, "by_user", user_id);
}

/* A visit of several products (items, the appointment's JSON) takes their norm times added up;
 * a visit of one keeps the duration the slot source found. */
gboolean
loket_replica_visit_duration (LoketReplica *self, const char *capacity_id, const char *items,
                              int *minutes, GError **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (items == NULL || (node = json_from_string (items, NULL)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return TRUE;
  return loket_rules_visit_minutes (self->db, capacity_id, json_node_get_array (node), minutes,
                                    error);
}

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static gboolean
check_unique_identity (LoketReplica *self, const char *column, const char *value,
                       GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) existing = NULL;

  if (value == NULL)
    return TRUE;
  /* column is one of three fixed names, never user text. */
  sql = g_strdup_printf ("SELECT name FROM customers WHERE %s = ?", column);
  rows = query_records (self, sql, value, NULL);
  if ((existing = g_list_model_get_item (rows, 0)) == NULL)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               _("%s is already a customer with this number; choose the existing customer."),
               loket_record_get_string (existing, "name"));
  return FALSE;
}

static gboolean
validate_customer (const LoketCustomerInput *in, char **bsn, char **rrn, char **kvk,
                   char **postcode, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (in->name != NULL ? in->name : ""));

  if (*name == '\0')
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("Enter the customer’s name."));
      return FALSE;
    }
  if (in->bsn != NULL && *in->bsn != '\0'
      && (!loket_validate_bsn (in->bsn, error)
          || (*bsn = loket_validate_normalize_id (in->bsn)) == NULL))
    return FALSE;
  if (*bsn != NULL && strlen (*bsn) == 8)
    {
      char *padded = g_strconcat ("0", *bsn, NULL);

      g_free (*bsn);
      *bsn = padded;
    }
  if (in->rrn != NULL && *in->rrn != '\0'
      && (!loket_validate_rrn (in->rrn, error)
          || (*rrn = loket_validate_normalize_id (in->rrn)) == NULL))
    return FALSE;
  if (in->kvk != NULL && *in->kvk != '\0'
      && (!loket_validate_kvk (in->kvk, error)
          || (*kvk = loket_validate_normalize_id (in->kvk)) == NULL))
    return FALSE;
  if (in->email != NULL && *in->email != '\0' && !loket_validate_email (in->email, error))
    return FALSE;
  if (in->postcode != NULL && *in->postcode != '\0'
      && !loket_validate_postcode (in->postcode, postcode, error))
    return FALSE;
  if (in->birth_date != NULL && *in->birth_date != '\0'
      && !loket_validate_date (in->birth_date, NULL, error))
    return FALSE;
  return TRUE;
}

char *
loket_replica_create_customer (LoketReplica *self, const LoketCustomerInput *in, GError **error)
{
  g_autofree char *bsn = NULL;
  g_autofree char *rrn = NULL;
  g_autofree char *kvk = NULL;
  g_autofree char *postcode = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autofree char *now = loket_protocol_now ();
  g_autoptr(JsonObject) args = json_object_new ();

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!validate_customer (in, &bsn, &rrn, &kvk, &postcode, error)
      || !check_unique_identity (self, "bsn", bsn, error)
      || !check_unique_identity (self, "rrn", rrn, error)
      || !check_unique_identity (self, "kvk", kvk, error))
    return NULL;

  name = g_strstrip (g_strdup (in->name));
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "kind", in->kind != NULL ? in->kind : "person");
  json_object_set_string_member (args, "name", name);
  set_optional (args, "bsn", bsn);
  set_optional (args, "rrn", rrn);
  set_optional (args, "kvk", kvk);
  set_optional (args, "birth_date", in->birth_date);
  set_optional (args, "email", in->email);
  set_optional (args, "phone", in->phone);
  set_optional (args, "postcode", postcode);
  set_optional (args, "preferred_channel", in->preferred_channel);
  json_object_set_string_member (args, "created_at", now);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_CREATE_CUSTOMER, args, error))
    return NULL;
  emit_changed (self, "customers");
  return g_steal_pointer (&id);
}

static gboolean
check_mode (const char *mode, GError **error)
{
  if (mode == NULL || g_str_equal (mode, "fysiek") || g_str_equal (mode, "digitaal")
      || g_str_equal (mode, "hybride"))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("Unknown way of meeting: %s"), mode);
  return FALSE;
}

char *
loket_replica_book_appointment (LoketReplica *self, const LoketBookingInput *in, GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = NULL;
  gint64 end;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL && in->product_id != NULL && in->capacity_id != NULL, NULL);

  if (!check_mode (in->mode, error))
    return NULL;
  /* The same engine and data the server will use; the server still decides (it may know of
   * bookings this desk has not seen yet). */
  source = loket_slot_source_load (self->db, in->capacity_id, in->product_id, NULL,
                                   in->start - LOKET_SLOT_SOURCE_MARGIN,
                                   in->start + LOKET_SLOT_SOURCE_MARGIN, error);
  if (source == NULL
      || !loket_slots_check (loket_slot_source_query (source, LOKET_CHANNEL_DESK, 0), in->start,
                             &end, error))
    return NULL;

  start_at = loket_protocol_format_time (in->start);
  end_at = loket_protocol_format_time (end);
  user_id = loket_replica_dup_state (self, "user_id");
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "product_id", in->product_id);
  json_object_set_string_member (args, "capacity_id", in->capacity_id);
  set_optional (args, "customer_id", in->customer_id);
  json_object_set_string_member (args, "start_at", start_at);
  json_object_set_string_member (args, "end_at", end_at);
  json_object_set_string_member (args, "reason", in->reason != NULL ? in->reason : "");
  json_object_set_string_member (args, "mode", in->mode != NULL ? in->mode : "fysiek");
  set_optional (args, "created_by", user_id);
  json_object_set_string_member (args, "created_at", now);
  loket_replica_name_event (self, args);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_BOOK_APPOINTMENT, args, error))
    return NULL;
  emit_changed (self, "appointments");
  return g_steal_pointer (&id);
}

gboolean
loket_replica_cancel_appointment (LoketReplica *self, const char *appointment_id,
                                  const char *reason, GError **error)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(LoketRecord) row = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  const char *status;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  rows = query_records (self, "SELECT status FROM appointments WHERE id = ?", appointment_id,
                        NULL);
  if ((row = g_list_model_get_item (rows, 0)) == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   _("This appointment does not exist (any more)."));
      return FALSE;
    }
  status = loket_record_get_string (row, "status");
  if (!g_str_equal (status, "booked") && !g_str_equal (status, "checked_in")
      && !g_str_equal (status, "rejected"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This appointment can no longer be cancelled."));
      return FALSE;
    }
  json_object_set_string_member (args, "id", appointment_id);
  json_object_set_string_member (args, "reason", reason != NULL ? reason : "");
  loket_replica_name_event (self, args);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_CANCEL_APPOINTMENT, args, error))
    return FALSE;
  emit_changed (self, "appointments");
  return TRUE;
}

/* ---- writes: cases, notes, contact moments -------------------------------------------- */

static LoketRecord *
first_record (LoketReplica *self, const char *sql, const char *param)
{
  g_autoptr(GListModel) rows = query_records (self, sql, param, NULL);

  return g_list_model_get_item (rows, 0);
}

static gboolean
not_found (GError **error, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, message);
  return FALSE;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID, message);
  return FALSE;
}

static LoketRecord *
get_case (LoketReplica *self, const char *case_id, GError **error)
{
  LoketRecord *row = first_record (self, "SELECT z.*, t.statuses, t.transitions FROM cases z "
                                   "JOIN case_types t ON t.id = z.case_type_id WHERE z.id = ?",
                                   case_id);

  if (row == NULL)
    not_found (error, _("This case does not exist (any more)."));
  return row;
}

static gboolean
check_case_value (LoketReplica *self, const char *field, const char *value, GError **error)
{
  g_autoptr(LoketRecord) row = NULL;

  if (!g_strv_contains (editable_fields, field))
    return invalid (error, _("This part of a case cannot be changed here."));
  if (g_str_equal (field, "subject"))
    return value != NULL || invalid (error, _("Enter a subject."));
  if (value == NULL)
    return TRUE;
  row = first_record (self, g_str_equal (field, "assignee_id")
                            ? "SELECT id FROM users WHERE id = ?"
                            : "SELECT id FROM teams WHERE id = ?", value);
  return row != NULL || not_found (error, g_str_equal (field, "assignee_id")
                                          ? _("This colleague is unknown.")
                                          : _("This team is unknown."));
}

/* Edits carry the rev the desk last pulled; only a later change of the same field by someone
 * else makes a conflict on the server. */
gboolean
loket_replica_set_case_field (LoketReplica *self, const char *case_id, const char *field,
                              const char *value, GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(JsonObject) args = json_object_new ();

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (case_id != NULL && field != NULL, FALSE);

  if ((kase = get_case (self, case_id, error)) == NULL
      || !check_case_value (self, field, value, error))
    return FALSE;
  json_object_set_string_member (args, "case_id", case_id);
  json_object_set_string_member (args, "field", field);
  json_object_set_int_member (args, "base_rev", loket_record_get_int (kase, "rev"));
  if (value != NULL)
    json_object_set_string_member (args, "value", value);
  else
    json_object_set_null_member (args, "value");
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SET_CASE_FIELD, args, error))
    return FALSE;
  emit_changed (self, "cases");
  return TRUE;
}

/* Forward to any later status of the case type, or back one step (the server's rule too). */
static gboolean
check_transition (LoketRecord *kase, const char *status, GError **error)
{
  const char *statuses = loket_record_get_string (kase, "statuses");
  g_autoptr(JsonNode) node = json_from_string (statuses, NULL);
  JsonArray *names = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                  : NULL;
  gboolean known = FALSE;

  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    {
      JsonNode *item = json_array_get_element (names, i);

      known |= JSON_NODE_HOLDS_VALUE (item) && g_strcmp0 (json_node_get_string (item), status) == 0;
    }
  if (!known)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("This kind of case has no status “%s”."), status);
      return FALSE;
    }
  if (loket_rules_case_move_allowed (statuses, loket_record_get_string (kase, "transitions"),
                                     loket_record_get_string (kase, "status"), status))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
               _("This kind of case cannot move from “%s” to “%s”."),
               loket_record_get_string (kase, "status"), status);
  return FALSE;
}

gboolean
loket_replica_set_case_status (LoketReplica *self, const char *case_id, const char *status,
                               GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *history_id = g_uuid_string_random ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (case_id != NULL && status != NULL, FALSE);

  if ((kase = get_case (self, case_id, error)) == NULL
      || !check_transition (kase, status, error))
    return FALSE;
  json_object_set_string_member (args, "case_id", case_id);
  json_object_set_string_member (args, "status", status);
  json_object_set_int_member (args, "base_rev", loket_record_get_int (kase, "rev"));
  json_object_set_string_member (args, "history_id", history_id);
  json_object_set_string_member (args, "at", now);
  set_optional (args, "by_user", user_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SET_CASE_STATUS, args, error))
    return FALSE;
  emit_changed (self, "cases");
  return TRUE;
}

gboolean
loket_replica_resolve_case_conflict (LoketReplica *self, const char *conflict_id,
                                     const char *value, GError **error)
{
  g_autoptr(LoketRecord) conflict = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *now = loket_protocol_now ();
  const char *field;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (conflict_id != NULL, FALSE);

  conflict = first_record (self, "SELECT * FROM case_conflicts WHERE id = ?", conflict_id);
  if (conflict == NULL)
    return not_found (error, _("This conflict does not exist (any more)."));
  if (!loket_record_is_null (conflict, "resolved_at"))
    return invalid (error, _("A value was already chosen for this conflict."));
  field = loket_record_get_string (conflict, "field");
  if (!g_str_equal (field, "status") && !check_case_value (self, field, value, error))
    return FALSE;
  json_object_set_string_member (args, "conflict_id", conflict_id);
  if (value != NULL)
    json_object_set_string_member (args, "value", value);
  else
    json_object_set_null_member (args, "value");
  json_object_set_string_member (args, "at", now);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_RESOLVE_CASE_CONFLICT, args, error))
    return FALSE;
  emit_changed (self, "cases");
  return TRUE;
}

static gboolean
check_note_targets (LoketReplica *self, const char *case_id, const char *customer_id,
                    GError **error)
{
  g_autoptr(LoketRecord) kase = NULL;
  g_autoptr(LoketRecord) customer = NULL;

  if (case_id == NULL && customer_id == NULL)
    return invalid (error, _("A note belongs to a case or a customer."));
  if (case_id != NULL
      && (kase = first_record (self, "SELECT id FROM cases WHERE id = ?", case_id)) == NULL)
    return not_found (error, _("This case does not exist (any more)."));
  if (customer_id != NULL
      && (customer = first_record (self, "SELECT id FROM customers WHERE id = ?",
                                   customer_id)) == NULL)
    return not_found (error, _("This customer does not exist (any more)."));
  return TRUE;
}

/* Append-only: a correction is a new note. Returns the new note's id. */
char *
loket_replica_add_note (LoketReplica *self, const char *case_id, const char *customer_id,
                        const char *body, GError **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *text = g_strstrip (g_strdup (body != NULL ? body : ""));

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (*text == '\0')
    {
      invalid (error, _("Write the note first."));
      return NULL;
    }
  if (!check_note_targets (self, case_id, customer_id, error))
    return NULL;
  json_object_set_string_member (args, "id", id);
  set_optional (args, "case_id", case_id);
  set_optional (args, "customer_id", customer_id);
  json_object_set_string_member (args, "body", text);
  set_optional (args, "author_id", user_id);
  json_object_set_string_member (args, "created_at", now);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_ADD_NOTE, args, error))
    return NULL;
  emit_changed (self, "notes");
  return g_steal_pointer (&id);
}

/* The most characters of whom a customer was referred to (the contract). */
#define LOKET_MAX_REFERRED_TO 200

/* referred_to: the input's, without the white space around it. */
static gboolean
check_contact (LoketReplica *self, const LoketContactInput *in, const char *referred_to,
               GError **error)
{
  static const char *const channels[] = { "balie", "telefoon", "email", "post", "chat", "web",
                                          NULL };
  g_autoptr(LoketRecord) customer = NULL;
  g_autoptr(LoketRecord) kase = NULL;

  if (in->channel == NULL || !g_strv_contains (channels, in->channel))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("Unknown contact channel: %s"),
                   in->channel != NULL ? in->channel : "");
      return FALSE;
    }
  if (in->customer_id != NULL
      && (customer = first_record (self, "SELECT id FROM customers WHERE id = ?",
                                   in->customer_id)) == NULL)
    return not_found (error, _("This customer does not exist (any more)."));
  if (in->case_id != NULL
      && (kase = first_record (self, "SELECT id FROM cases WHERE id = ?", in->case_id)) == NULL)
    return not_found (error, _("This case does not exist (any more)."));
  if (referred_to != NULL && g_utf8_strlen (referred_to, -1) > LOKET_MAX_REFERRED_TO)
    return invalid (error, _("Keep whom the customer was referred to short: at most 200 "
                             "characters."));
  return TRUE;
}

char *
loket_replica_add_contact_moment (LoketReplica *self, const LoketContactInput *in,
                                  GError **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");
  g_autofree char *referred_to = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  referred_to = g_strstrip (g_strdup (in->referred_to != NULL ? in->referred_to : ""));
  if (!check_contact (self, in, referred_to, error))
    return NULL;
  json_object_set_string_member (args, "id", id);
  set_optional (args, "customer_id", in->customer_id);
  json_object_set_string_member (args, "channel", in->channel);
  json_object_set_string_member (args, "topic", in->topic != NULL ? in->topic : "");
  set_optional (args, "product_id", in->product_id);
  set_optional (args, "article_id", in->article_id);
  json_object_set_boolean_member (args, "resolved_first_contact", in->resolved_first_contact);
  set_optional (args, "case_id", in->case_id);
  set_optional (args, "referred_to", referred_to);
  json_object_set_string_member (args, "at", now);
  set_optional (args, "by_user", user_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_ADD_CONTACT_MOMENT, args, error))
    return NULL;
  emit_changed (self, "contact_moments");
  return g_steal_pointer (&id);
}

/* Checked like a booking, leaving the appointment itself out; the server still decides. */
gboolean
loket_replica_reschedule_appointment (LoketReplica *self, const char *appointment_id,
                                      const char *capacity_id, gint64 start, GError **error)
{
  g_autoptr(LoketRecord) row = NULL;
  g_autoptr(LoketSlotSource) source = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *start_at = NULL;
  g_autofree char *end_at = NULL;
  LoketSlotQuery query;
  const char *status;
  gint64 end;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (appointment_id != NULL, FALSE);

  row = first_record (self, "SELECT * FROM appointments WHERE id = ?", appointment_id);
  if (row == NULL)
    return not_found (error, _("This appointment does not exist (any more)."));
  status = loket_record_get_string (row, "status");
  if (!g_str_equal (status, "booked") && !g_str_equal (status, "rejected"))
    return invalid (error, _("Only a booked appointment can be moved."));
  if (capacity_id == NULL)
    capacity_id = loket_record_get_string (row, "capacity_id");
  source = loket_slot_source_load (self->db, capacity_id,
                                   loket_record_get_string (row, "product_id"), appointment_id,
                                   start - LOKET_SLOT_SOURCE_MARGIN,
                                   start + LOKET_SLOT_SOURCE_MARGIN, error);
  if (source == NULL)
    return FALSE;
  query = *loket_slot_source_query (source, LOKET_CHANNEL_DESK, 0);
  if (!loket_replica_visit_duration (self, capacity_id, loket_record_get_string (row, "items"),
                                     &query.duration_minutes, error)
      || !loket_slots_check (&query, start, &end, error))
    return FALSE;
  start_at = loket_protocol_format_time (start);
  end_at = loket_protocol_format_time (end);
  json_object_set_string_member (args, "id", appointment_id);
  json_object_set_string_member (args, "start_at", start_at);
  json_object_set_string_member (args, "capacity_id", capacity_id);
  json_object_set_string_member (args, "end_at", end_at);
  loket_replica_name_event (self, args);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_RESCHEDULE_APPOINTMENT, args, error))
    return FALSE;
  emit_changed (self, "appointments");
  return TRUE;
}

/* ---- the sync client's side --------------------------------------------------------------- */

/* A new device starts its sequence at 1: renumber what is still pending so nothing is lost. */
static gboolean
renumber_outbox (LoketReplica *self, GError **error)
{
  gint64 pending = query_int (self, "SELECT count(*) FROM outbox", NULL);
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, pending);

  return loket_db_exec (self->db,
                        "CREATE TEMP TABLE renumber AS SELECT * FROM outbox ORDER BY seq;"
                        "DELETE FROM outbox;"
                        "INSERT INTO outbox (seq, type, args, created_at) "
                        "  SELECT rowid, type, args, created_at FROM renumber ORDER BY rowid;"
                        "DROP TABLE renumber;", error)
         && loket_replica_set_state (self, "last_local_seq", last, error);
}

/* Every replicated row goes; the outbox, the sync issues and the session stay. */
static gboolean
clear_replicated_rows (LoketReplica *self, GError **error)
{
  const char *const *entities = loket_schema_entities ();

  for (guint i = 0; entities[i] != NULL; i++)
    {
      /* entities are the schema's own table names, never input. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", entities[i]);

      if (!loket_db_exec (self->db, sql, error))
        return FALSE;
    }
  return loket_replica_set_state (self, "cursor", "0", error);
}

static gboolean rebase_pending (LoketReplica *self, GError **error);

gboolean
loket_replica_start_over (LoketReplica *self, GError **error)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);

  if (!loket_db_begin (self->db, error))
    return FALSE;
  if (!clear_replicated_rows (self, error) || !rebase_pending (self, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  emit_changed (self, NULL);
  return TRUE;
}

gboolean
loket_replica_begin_session (LoketReplica *self, const char *server_url, const char *token,
                             const char *device_id, JsonObject *user, GError **error)
{
  g_autofree char *old_device = NULL;
  g_autofree char *old_server = NULL;
  g_autofree char *old_user = NULL;
  g_autofree char *user_text = NULL;
  const char *user_id;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (server_url && token && device_id && user, FALSE);

  old_device = loket_replica_dup_state (self, "device_id");
  old_server = loket_replica_dup_state (self, "server_url");
  old_user = loket_replica_dup_state (self, "user_id");
  user_text = loket_protocol_to_string (user);
  user_id = json_object_get_string_member_with_default (user, "id", "");
  if (!loket_db_begin (self->db, error))
    return FALSE;
  if ((g_strcmp0 (old_device, device_id) != 0 && !renumber_outbox (self, error))
      /* Another server's change log numbers mean nothing here: download everything again. */
      || (g_strcmp0 (old_server, server_url) != 0
          && !loket_replica_set_state (self, "cursor", "0", error))
      /* What the previous user could see is not for this one: download what they may see. */
      || (old_user != NULL && g_strcmp0 (old_user, user_id) != 0
          && !clear_replicated_rows (self, error))
      || !loket_replica_set_state (self, "server_url", server_url, error)
      || !loket_replica_set_state (self, "token", token, error)
      || !loket_replica_set_state (self, "device_id", device_id, error)
      || !loket_replica_set_state (self, "user_id", user_id, error)
      || !loket_replica_set_state (self, "user", user_text, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  emit_changed (self, NULL);
  return TRUE;
}

gboolean
loket_replica_end_session (LoketReplica *self, GError **error)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  return loket_replica_set_state (self, "token", NULL, error);
}

JsonArray *
loket_replica_pending_mutations (LoketReplica *self, guint max, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) mutations = json_array_new ();
  int rc;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  stmt = loket_db_prepare (self->db, "SELECT seq, type, args, created_at FROM outbox "
                           "ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *args_text = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(JsonObject) args = loket_protocol_parse_object (args_text, strlen (args_text),
                                                                error);
      JsonObject *mutation;

      if (args == NULL)
        return NULL;
      mutation = json_object_new ();
      json_object_set_int_member (mutation, "seq", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (mutation, "type", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_object_member (mutation, "args", g_steal_pointer (&args));
      json_object_set_string_member (mutation, "client_time",
                                     (const char *) sqlite3_column_text (stmt, 3));
      json_array_add_object_element (mutations, mutation);
    }
  if (rc != SQLITE_DONE)
    {
      loket_db_fail (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&mutations);
}

/* A rejected or conflicting change (or a merge notice): remembered as a sync issue, a refused
 * booking marked on its row. */
static gboolean
record_issue (LoketReplica *self, gint64 seq, const char *outcome, JsonObject *result,
              GError **error)
{
  g_autoptr(sqlite3_stmt) issue = NULL;
  g_autoptr(sqlite3_stmt) entry = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *now = loket_protocol_now ();
  const char *message = json_object_get_string_member_with_default (result, "message", "");

  issue = loket_db_prepare (self->db,
    "INSERT OR REPLACE INTO sync_issues (seq, type, outcome, code, message, args, at) "
    "SELECT seq, type, ?2, ?3, ?4, args, ?5 FROM outbox WHERE seq = ?1", error);
  mark = loket_db_prepare (self->db,
    "UPDATE appointments SET status = 'rejected', status_reason = ?2 WHERE id = "
    "(SELECT json_extract (args, '$.id') FROM outbox WHERE seq = ?1 AND type = ?3)", error);
  if (issue == NULL || mark == NULL)
    return FALSE;
  sqlite3_bind_int64 (issue, 1, seq);
  loket_db_bind_text (issue, 2, outcome);
  loket_db_bind_text (issue, 3, json_object_get_string_member_with_default (result, "code", ""));
  loket_db_bind_text (issue, 4, message);
  loket_db_bind_text (issue, 5, now);
  sqlite3_bind_int64 (mark, 1, seq);
  /* Like the server's copy of the row: the code, shown in the desk's language. */
  loket_db_bind_text (mark, 2, json_object_get_string_member_with_default (result, "code", message));
  loket_db_bind_text (mark, 3, LOKET_MUTATION_BOOK_APPOINTMENT);
  return loket_db_step_done (self->db, issue, error) && loket_db_step_done (self->db, mark, error);
}

static gboolean
apply_result (LoketReplica *self, JsonObject *result, GError **error)
{
  g_autoptr(sqlite3_stmt) drop = NULL;
  const char *outcome = NULL;
  gint64 seq;

  if (!loket_protocol_get_int (result, "seq", &seq, error)
      || !loket_protocol_get_string (result, "outcome", &outcome, error))
    return FALSE;
  /* Applied is settled, but for a customer the server merged with one it had: the card says so
   * (loket_replica_get_merge_notice). */
  if ((!g_str_equal (outcome, LOKET_OUTCOME_APPLIED)
       || g_strcmp0 (json_object_get_string_member_with_default (result, "code", NULL),
                     LOKET_CODE_MERGED) == 0)
      && !record_issue (self, seq, outcome, result, error))
    return FALSE;
  drop = loket_db_prepare (self->db, "DELETE FROM outbox WHERE seq = ?", error);
  if (drop == NULL)
    return FALSE;
  sqlite3_bind_int64 (drop, 1, seq);
  return loket_db_step_done (self->db, drop, error);
}

gboolean
loket_replica_apply_results (LoketReplica *self, JsonArray *results, GError **error)
{
  guint n;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  n = json_array_get_length (results);
  if (!loket_db_begin (self->db, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_PROTOCOL, "A push result is not an object");
          goto fail;
        }
      if (!apply_result (self, json_node_get_object (node), error))
        goto fail;
    }
  if (!loket_db_commit (self->db, error))
    goto fail;
  if (n > 0)
    emit_changed (self, NULL);
  return TRUE;

fail:
  loket_db_rollback (self->db);
  return FALSE;
}

gint64
loket_replica_get_cursor (LoketReplica *self)
{
  g_autofree char *cursor = loket_replica_dup_state (self, "cursor");

  return cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

/* The server merged an offline duplicate away: a customer row made here with the same BSN,
 * RRN or KvK under another id is on its way out (its tombstone follows). Drop it now so the
 * survivor fits the unique columns. */
static gboolean
drop_identity_duplicates (LoketReplica *self, JsonObject *row, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db,
    "DELETE FROM customers WHERE id IS NOT ?1 AND ((bsn IS NOT NULL AND bsn = ?2) "
    "OR (rrn IS NOT NULL AND rrn = ?3) OR (kvk IS NOT NULL AND kvk = ?4))", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, json_object_get_string_member_with_default (row, "id", NULL));
  loket_db_bind_text (stmt, 2, json_object_get_string_member_with_default (row, "bsn", NULL));
  loket_db_bind_text (stmt, 3, json_object_get_string_member_with_default (row, "rrn", NULL));
  loket_db_bind_text (stmt, 4, json_object_get_string_member_with_default (row, "kvk", NULL));
  return loket_db_step_done (self->db, stmt, error);
}

static gboolean
apply_change (LoketReplica *self, JsonObject *change, GError **error)
{
  const char *entity = NULL, *op = NULL, *id = NULL;
  JsonObject *row = NULL;

  if (!loket_protocol_get_string (change, "entity", &entity, error)
      || !loket_protocol_get_string (change, "op", &op, error)
      || !loket_protocol_get_string (change, "id", &id, error))
    return FALSE;
  if (!loket_schema_is_entity (entity))
    return TRUE; /* a kind of data from a newer server that this desk does not keep */
  if (g_str_equal (op, "delete"))
    return loket_db_delete_row (self->db, entity, id, error);
  if (!loket_protocol_get_object (change, "row", &row, error))
    return FALSE;
  if (g_str_equal (entity, "customers") && !drop_identity_duplicates (self, row, error))
    return FALSE;
  return loket_db_upsert_row (self->db, entity, row, error);
}

/* Replays every still-pending mutation on top of the server's rows (rebase). */
static gboolean
rebase_pending (LoketReplica *self, GError **error)
{
  g_autoptr(JsonArray) pending = loket_replica_pending_mutations (self, G_MAXINT, error);

  if (pending == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (pending); i++)
    {
      JsonObject *mutation = json_array_get_object_element (pending, i);
      g_autoptr(GError) local_error = NULL;

      /* A pending change whose target the server removed, or an offline customer the server
       * already merged into another with the same BSN, stays in the outbox: the server will
       * answer for it; it just has nothing (new) to show locally. */
      if (!apply_local (self, json_object_get_string_member (mutation, "type"),
                        json_object_get_object_member (mutation, "args"), &local_error)
          && local_error->code == LOKET_ERROR_DATABASE
          && (sqlite3_extended_errcode (loket_db_get_handle (self->db)) & 0xff)
             != SQLITE_CONSTRAINT)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_changes (LoketReplica *self, JsonArray *changes, GError **error)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_PROTOCOL, "A change is not an object");
          return FALSE;
        }
      if (!apply_change (self, json_node_get_object (node), error))
        return FALSE;
    }
  return TRUE;
}

/* A field conflict this desk was told about is settled once its conflict row arrives resolved
 * (chosen here or at another desk) and no open one for the same edit is left. */
static gboolean
settle_conflict_issues (LoketReplica *self, GError **error)
{
  return loket_db_exec (self->db,
    "UPDATE sync_issues SET resolved = 1 WHERE resolved = 0 AND outcome = 'conflict' "
    "AND type IN ('set_case_field', 'set_case_status') AND EXISTS ("
    "  SELECT 1 FROM case_conflicts c"
    "  WHERE c.case_id = json_extract (sync_issues.args, '$.case_id')"
    "  AND c.field = coalesce (json_extract (sync_issues.args, '$.field'), 'status')"
    "  AND c.desk_value IS json_extract (sync_issues.args, CASE sync_issues.type"
    "      WHEN 'set_case_status' THEN '$.status' ELSE '$.value' END)"
    "  GROUP BY c.case_id HAVING count (*) = count (c.resolved_at))", error);
}

gboolean
loket_replica_rebase (LoketReplica *self, GError **error)
{
  return rebase_pending (self, error) && settle_conflict_issues (self, error);
}

gboolean
loket_replica_apply_pull (LoketReplica *self, JsonObject *page, GError **error)
{
  JsonArray *changes = NULL;
  gint64 cursor;
  g_autofree char *cursor_text = NULL;
  gboolean dropped = FALSE;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  if (!loket_protocol_get_int (page, "cursor", &cursor, error)
      || !loket_protocol_get_array (page, "changes", &changes, error))
    return FALSE;
  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  if (!loket_db_begin (self->db, error))
    return FALSE;
  if (!apply_changes (self, changes, error)
      || !loket_replica_set_state (self, "cursor", cursor_text, error)
      || (json_array_get_length (changes) > 0 && !rebase_pending (self, error))
      || !settle_conflict_issues (self, error)
      || !loket_replica_let_go_unseen (self, &dropped, error)
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  if (json_array_get_length (changes) > 0 || dropped)
    emit_changed (self, NULL);
  return TRUE;
}
