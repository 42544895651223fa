/* loket-replica-customers.c — the customer card (loket-replica-customers.h).
 *
 * The timeline is one UNION ALL over the five kinds of rows a customer has.  Each branch reads
 * its own (customer_id, time) index backwards and, with a limit, stops after that many rows, so
 * the outer ORDER BY sorts at most five times the limit however long the customer's history
 * is (a municipality's regulars have thousands of contact moments).  What a row shows beyond
 * its kind, time, title and state is read when the clerk opens it
 * (loket_replica_get_timeline_entry).
 */
#include "config.h"

#include "loket-record.h"
#include "loket-replica-customers.h"
#include "loket-replica-private.h"

/* ?1 the customer, ?2 the limit per branch (-1: none).  A branch is a subquery so that its
 * ORDER BY and LIMIT apply to it alone; the titles are looked up per row that is kept. */
static const char timeline_sql[] =
  "SELECT * FROM ("
  "  SELECT 'appointment' AS kind, a.id, a.start_at AS at,"
  "    coalesce ((SELECT name FROM products WHERE id = a.product_id), '') AS title,"
  "    a.status AS state, a.case_id"
  "  FROM appointments a WHERE a.customer_id = ?1 ORDER BY a.start_at DESC, a.id LIMIT ?2)"
  " UNION ALL SELECT * FROM ("
  "  SELECT 'case', z.id, z.opened_at,"
  "    CASE WHEN z.subject = '' THEN z.reference ELSE z.reference || ' · ' || z.subject END,"
  "    z.status, z.id"
  "  FROM cases z WHERE z.customer_id = ?1 ORDER BY z.opened_at DESC, z.id LIMIT ?2)"
  " UNION ALL SELECT * FROM ("
  "  SELECT 'contact', m.id, m.at, m.topic, m.channel, m.case_id"
  "  FROM contact_moments m WHERE m.customer_id = ?1 ORDER BY m.at DESC, m.id LIMIT ?2)"
  " UNION ALL SELECT * FROM ("
  "  SELECT 'callback', b.id, b.created_at, b.subject, b.outcome,"
  "    (SELECT case_id FROM contact_moments WHERE id = b.contact_moment_id)"
  "  FROM callbacks b WHERE b.customer_id = ?1 ORDER BY b.created_at DESC, b.id LIMIT ?2)"
  " UNION ALL SELECT * FROM ("
  "  SELECT 'note', n.id, n.created_at,"
  "    substr (n.body, 1, instr (n.body || char (10), char (10)) - 1), '', n.case_id"
  "  FROM notes n WHERE n.customer_id = ?1 ORDER BY n.created_at DESC, n.id LIMIT ?2)"
  " ORDER BY at DESC, kind, id LIMIT ?2";

/* The rows of a prepared statement as LoketRecords; a read that fails is logged, not fatal: the
 * card then shows what it could read. */
static GListModel *
collect_rows (LoketReplica *self, sqlite3_stmt *stmt)
{
  GListStore *store = g_list_store_new (LOKET_TYPE_RECORD);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = loket_db_row_to_json (stmt);
      g_autoptr(LoketRecord) record = loket_record_new (row);

      g_list_store_append (store, record);
    }
  if (rc != SQLITE_DONE)
    g_warning ("Reading the customer card failed: %s",
               sqlite3_errmsg (loket_db_get_handle (loket_replica_get_db (self))));
  return G_LIST_MODEL (store);
}

LoketRecord *
loket_replica_get_customer (LoketReplica *self, const char *customer_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  return loket_replica_first_record (self, "SELECT * FROM customers WHERE id = ?", customer_id);
}

const char *
loket_replica_customer_timeline_sql (void)
{
  return timeline_sql;
}

GListModel *
loket_replica_customer_timeline (LoketReplica *self, const char *customer_id, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  stmt = loket_db_prepare (loket_replica_get_db (self), timeline_sql, &error);
  if (stmt == NULL)
    {
      g_critical ("%s", error->message);
      return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
    }
  loket_db_bind_text (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  return collect_rows (self, stmt);
}

GListModel *
loket_replica_list_representatives (LoketReplica *self, const char *customer_id)
{
  const char *params[] = { customer_id };

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  /* Two desks may have added the same pair offline (the server dedupes): one row per pair. */
  return loket_replica_query_texts (self,
    "SELECT min (r.id) AS id, r.organisation_id, r.person_id, r.person_id AS other_id,"
    "  'representative' AS relation, c.name, c.kind, max (r.role) AS role"
    " FROM customer_representatives r JOIN customers c ON c.id = r.person_id"
    " WHERE r.organisation_id = ?1 GROUP BY r.organisation_id, r.person_id"
    " UNION ALL "
    "SELECT min (r.id), r.organisation_id, r.person_id, r.organisation_id,"
    "  'organisation', c.name, c.kind, max (r.role)"
    " FROM customer_representatives r JOIN customers c ON c.id = r.organisation_id"
    " WHERE r.person_id = ?1 GROUP BY r.organisation_id, r.person_id"
    " ORDER BY name COLLATE NOCASE, other_id", 1, params);
}

/* Per kind: the row with every column, and the names the desk shows instead of ids. */
static const char *const entry_sql[][2] = {
  { "appointment",
    "SELECT a.*, p.name AS product_name, c.name AS capacity_name, l.name AS location_name"
    " FROM appointments a LEFT JOIN products p ON p.id = a.product_id"
    " LEFT JOIN capacities c ON c.id = a.capacity_id"
    " LEFT JOIN locations l ON l.id = c.location_id WHERE a.id = ?1" },
  { "case",
    "SELECT z.*, t.name AS case_type_name, p.name AS product_name"
    " FROM cases z LEFT JOIN case_types t ON t.id = z.case_type_id"
    " LEFT JOIN products p ON p.id = z.product_id WHERE z.id = ?1" },
  { "contact",
    "SELECT m.*, u.display_name AS by_name, p.name AS product_name,"
    "  k.reference AS case_reference"
    " FROM contact_moments m LEFT JOIN users u ON u.id = m.by_user"
    " LEFT JOIN products p ON p.id = m.product_id LEFT JOIN cases k ON k.id = m.case_id"
    " WHERE m.id = ?1" },
  { "callback",
    "SELECT b.*, u.display_name AS assigned_user_name, t.name AS assigned_team_name,"
    "  o.display_name AS outcome_by_name"
    " FROM callbacks b LEFT JOIN users u ON u.id = b.assigned_user_id"
    " LEFT JOIN teams t ON t.id = b.assigned_team_id LEFT JOIN users o ON o.id = b.outcome_by"
    " WHERE b.id = ?1" },
  { "note",
    "SELECT n.*, u.display_name AS author_name, k.reference AS case_reference"
    " FROM notes n LEFT JOIN users u ON u.id = n.author_id LEFT JOIN cases k ON k.id = n.case_id"
    " WHERE n.id = ?1" },
};

LoketRecord *
loket_replica_get_timeline_entry (LoketReplica *self, const char *kind, const char *id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entry_sql); i++)
    if (g_str_equal (entry_sql[i][0], kind))
      return loket_replica_first_record (self, entry_sql[i][1], id);
  return NULL;
}

LoketRecord *
loket_replica_get_merge_notice (LoketReplica *self, const char *customer_id)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  /* The desk's own create_customer named the duplicate by the same number as the survivor (the
   * server merges on BSN, RRN or KvK), or, for a notice that carries it, by the survivor's id. */
  return loket_replica_first_record (self,
    "SELECT s.* FROM sync_issues s, customers c"
    " WHERE c.id = ?1 AND s.code = 'merged' AND s.resolved = 0"
    "  AND (json_extract (s.args, '$.survivor_id') = c.id"
    "   OR json_extract (s.args, '$.id') = c.id"
    "   OR json_extract (s.args, '$.bsn') = c.bsn"
    "   OR json_extract (s.args, '$.rrn') = c.rrn"
    "   OR json_extract (s.args, '$.kvk') = c.kvk)"
    " ORDER BY s.seq DESC LIMIT 1", customer_id);
}
