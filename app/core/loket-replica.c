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
#include "loket-replica.h"
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

LoketReplica *
loket_replica_open (const char *path, GError **error)
{
  g_autoptr(LoketReplica) self = g_object_new (LOKET_TYPE_REPLICA, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->db = loket_db_open (path, LOKET_SCHEMA_REPLICA, error);
  if (self->db == NULL)
    return NULL;
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

/* ---- small query helpers ------------------------------------------------------------------ */

/* Runs a statement whose parameters are all text (NULL-terminated list) and returns its rows. */
static GListModel *
query_records (LoketReplica *self, const char *sql, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (self->db, sql, &error);
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);
  va_list args;
  const char *value;
  int index = 1, rc;

  if (stmt == NULL)
    {
      g_critical ("%s", error->message);
      return G_LIST_MODEL (store);
    }
  va_start (args, sql);
  while ((value = va_arg (args, const char *)) != NULL)
    loket_db_bind_text (stmt, index++, value);
  va_end (args);

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
  return (guint) query_int (self, "SELECT count(*) FROM sync_issues WHERE resolved = 0", NULL);
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
    "  a.mode, a.status, a.status_reason, a.channel, "
    "  EXISTS (SELECT 1 FROM outbox o WHERE o.type IN ('book_appointment', 'cancel_appointment') "
    "          AND json_extract (o.args, '$.id') = a.id) AS pending "
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

GListModel *
loket_replica_list_sync_issues (LoketReplica *self)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  return query_records (self, "SELECT * FROM sync_issues WHERE resolved = 0 ORDER BY seq DESC",
                        NULL);
}

GArray *
loket_replica_free_slots (LoketReplica *self, const char *capacity_id, const char *product_id,
                          const GDate *day, GDateTime *now, GError **error)
{
  g_autoptr(LoketSlotSource) source = NULL;
  gint64 not_before = now != NULL ? g_date_time_to_unix (now) : 0;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (capacity_id != NULL && product_id != NULL && day != NULL, NULL);

  source = loket_slot_source_load (self->db, capacity_id, product_id, NULL, error);
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

static gboolean
apply_book_appointment (LoketReplica *self, JsonObject *args, GError **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  const char *columns[] = { "id", "product_id", "capacity_id", "customer_id", "start_at",
                            "end_at", "reason", "mode", "created_by", "created_at" };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
  json_object_set_string_member (row, "channel", "desk");
  json_object_set_string_member (row, "status", "booked");
  json_object_set_string_member (row, "status_reason", "");
  return loket_db_upsert_row (self->db, "appointments", row, error);
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
  return loket_db_step_done (self->db, stmt, error);
}

static gboolean
apply_local (LoketReplica *self, const char *type, JsonObject *args, GError **error)
{
  if (g_str_equal (type, LOKET_MUTATION_CREATE_CUSTOMER))
    return apply_create_customer (self, args, error);
  if (g_str_equal (type, LOKET_MUTATION_BOOK_APPOINTMENT))
    return apply_book_appointment (self, args, error);
  if (g_str_equal (type, LOKET_MUTATION_CANCEL_APPOINTMENT))
    return apply_cancel_appointment (self, args, error);
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

/* The local effect and the outbox entry commit together (the durable outbox). */
static gboolean
record_mutation (LoketReplica *self, const char *type, JsonObject *args, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *args_text = loket_protocol_to_string (args);
  g_autofree char *now = loket_protocol_now ();
  gint64 seq;

  if (!loket_db_begin (self->db, error))
    return FALSE;
  if (!apply_local (self, type, args, error)
      || !next_seq (self, &seq, error)
      || (stmt = loket_db_prepare (self->db, "INSERT INTO outbox (seq, type, args, created_at) "
                                   "VALUES (?, ?, ?, ?)", error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, seq);
  loket_db_bind_text (stmt, 2, type);
  loket_db_bind_text (stmt, 3, args_text);
  loket_db_bind_text (stmt, 4, now);
  if (!loket_db_step_done (self->db, stmt, error) || !loket_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  loket_db_rollback (self->db);
  return FALSE;
}

/* ---- writes ------------------------------------------------------------------------------- */

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
validate_customer (const LoketCustomerInput *in, char **bsn, char **rrn, char **postcode,
                   GError **error)
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
  g_autofree char *postcode = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autofree char *now = loket_protocol_now ();
  g_autoptr(JsonObject) args = json_object_new ();

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  if (!validate_customer (in, &bsn, &rrn, &postcode, error)
      || !check_unique_identity (self, "bsn", bsn, error)
      || !check_unique_identity (self, "rrn", rrn, error))
    return NULL;

  name = g_strstrip (g_strdup (in->name));
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "kind", in->kind != NULL ? in->kind : "person");
  json_object_set_string_member (args, "name", name);
  set_optional (args, "bsn", bsn);
  set_optional (args, "rrn", rrn);
  set_optional (args, "kvk", in->kvk);
  set_optional (args, "birth_date", in->birth_date);
  set_optional (args, "email", in->email);
  set_optional (args, "phone", in->phone);
  set_optional (args, "postcode", postcode);
  set_optional (args, "preferred_channel", in->preferred_channel);
  json_object_set_string_member (args, "created_at", now);
  if (!record_mutation (self, LOKET_MUTATION_CREATE_CUSTOMER, args, error))
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
  source = loket_slot_source_load (self->db, in->capacity_id, in->product_id, NULL, error);
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
  if (!record_mutation (self, LOKET_MUTATION_BOOK_APPOINTMENT, args, error))
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
  if (!record_mutation (self, LOKET_MUTATION_CANCEL_APPOINTMENT, args, error))
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

gboolean
loket_replica_begin_session (LoketReplica *self, const char *server_url, const char *token,
                             const char *device_id, JsonObject *user, GError **error)
{
  g_autofree char *old_device = NULL;
  g_autofree char *old_server = NULL;
  g_autofree char *user_text = NULL;
  const char *user_id;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (server_url && token && device_id && user, FALSE);

  old_device = loket_replica_dup_state (self, "device_id");
  old_server = loket_replica_dup_state (self, "server_url");
  user_text = loket_protocol_to_string (user);
  user_id = json_object_get_string_member_with_default (user, "id", "");
  if (!loket_db_begin (self->db, error))
    return FALSE;
  if ((g_strcmp0 (old_device, device_id) != 0 && !renumber_outbox (self, error))
      /* Another server's change log numbers mean nothing here: download everything again. */
      || (g_strcmp0 (old_server, server_url) != 0
          && !loket_replica_set_state (self, "cursor", "0", error))
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

/* A rejected or conflicting change: remembered as a sync issue, marked on its row. */
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
  if (!g_str_equal (outcome, LOKET_OUTCOME_APPLIED)
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

gboolean
loket_replica_apply_pull (LoketReplica *self, JsonObject *page, GError **error)
{
  JsonArray *changes = NULL;
  gint64 cursor;
  g_autofree char *cursor_text = NULL;

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
      || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return FALSE;
    }
  if (json_array_get_length (changes) > 0)
    emit_changed (self, NULL);
  return TRUE;
}
