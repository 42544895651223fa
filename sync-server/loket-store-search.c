/* loket-store-search.c — customers a user may see because of what they did, not because of a
 * link: the staff search ("searched for online") and the customers a user created.
 *
 * A desk replicates only the customers its user may see (loket-store-scope.c).  A clerk who
 * must help someone who is not on the desk yet searches the server: by BSN or
 * rijksregisternummer (exact), or by the start of a name together with the birth date, so that
 * nobody can page through the population by typing "a".  What the search returns is recorded in
 * user_customers, so later changes of those customers reach the user's desks.
 */
#include "config.h"

#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-private.h"
#include "loket-validate.h"

#define CUSTOMER_COLUMNS "id, kind, bsn, rrn, kvk, name, birth_date, email, phone, postcode," \
                         " preferred_channel, created_at"
#define MIN_NAME_CHARS 2

/* The device's user, or NULL with LOKET_ERROR_NOT_FOUND. */
static char *
device_user (LoketStore *self, const char *device_id, GError **error)
{
  g_autoptr(JsonObject) device = NULL;

  if (!loket_db_query_row (self->db, "SELECT user_id FROM devices WHERE id = ?", device_id,
                               &device, error))
    return NULL;
  if (device == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                           "This desk is not known here");
      return NULL;
    }
  return g_strdup (member_text (device, "user_id"));
}

/* Records that the user may see the customer.  Unless the customer's row was just logged (a
 * new customer), a customer new to the user is logged again so that it reaches their desks,
 * whose cursors are past its last entry. */
gboolean
loket_store_remember_customer (LoketStore *self, const char *user_id, const char *customer_id,
                               const char *reason, gboolean just_logged, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO user_customers (user_id, customer_id, reason, at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT DO NOTHING", error);
  g_autofree char *now = loket_protocol_now ();

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, user_id);
  loket_db_bind_text (stmt, 2, customer_id);
  loket_db_bind_text (stmt, 3, reason);
  loket_db_bind_text (stmt, 4, now);
  if (!loket_store_run_write (self, stmt, error))
    return FALSE;
  if (just_logged || sqlite3_changes (loket_db_get_handle (self->db)) == 0)
    return TRUE;
  return loket_store_log_upsert (self, "customers", customer_id, now, error);
}

/* ---- the search ------------------------------------------------------------------------------ */

/* "jan%" with LIKE's own characters escaped by '\'. */
static char *
like_prefix (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

/* A statement for an identity number (9 digits: BSN, 11: RRN), or NULL with a sentence. */
static sqlite3_stmt *
prepare_by_number (LoketStore *self, const char *digits, GError **error)
{
  const char *column = strlen (digits) == 9 ? "bsn" : strlen (digits) == 11 ? "rrn" : NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (column == NULL)
    {
      loket_store_invalid (error, "A BSN has 9 digits and a rijksregisternummer 11; "
                                  "this number has %zu", strlen (digits));
      return NULL;
    }
  sql = g_strdup_printf ("SELECT " CUSTOMER_COLUMNS " FROM customers WHERE %s = ? LIMIT %d",
                         column, LOKET_STORE_SEARCH_LIMIT);
  if ((stmt = loket_db_prepare (self->db, sql, error)) != NULL)
    loket_db_bind_text (stmt, 1, digits);
  return stmt;
}

/* "Jansen 1980-02-29": the start of a name (or of one of its words) and the birth date. */
static sqlite3_stmt *
prepare_by_name (LoketStore *self, const char *query, GError **error)
{
  g_autofree char *name = g_strdup (query);
  char *space = strrchr (name, ' ');
  const char *date = space != NULL ? space + 1 : NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *word_prefix = NULL;
  sqlite3_stmt *stmt;

  if (date == NULL || !loket_validate_date (date, NULL, NULL))
    {
      loket_store_invalid (error, "Search by BSN or rijksregisternummer, or by a name with a "
                                  "birth date (\"Jansen 1980-02-29\")");
      return NULL;
    }
  *space = '\0';
  g_strstrip (name);
  if (g_utf8_strlen (name, -1) < MIN_NAME_CHARS)
    {
      loket_store_invalid (error, "Give at least %d letters of the name", MIN_NAME_CHARS);
      return NULL;
    }
  prefix = like_prefix (name);
  word_prefix = g_strconcat ("% ", prefix, NULL);
  stmt = loket_db_prepare (self->db, "SELECT " CUSTOMER_COLUMNS " FROM customers"
                           " WHERE birth_date = ?1 AND (name LIKE ?2 ESCAPE '\\'"
                           " OR name LIKE ?3 ESCAPE '\\') ORDER BY name LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, date);
  loket_db_bind_text (stmt, 2, prefix);
  loket_db_bind_text (stmt, 3, word_prefix);
  sqlite3_bind_int (stmt, 4, LOKET_STORE_SEARCH_LIMIT);
  return stmt;
}

static sqlite3_stmt *
prepare_search (LoketStore *self, const char *query, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *digits = NULL;

  if (g_utf8_strlen (trimmed, -1) < LOKET_STORE_SEARCH_MIN_CHARS)
    {
      loket_store_invalid (error, "Type at least %d characters to search for a customer",
                           LOKET_STORE_SEARCH_MIN_CHARS);
      return NULL;
    }
  digits = loket_validate_normalize_id (trimmed);
  if (digits != NULL && *digits != '\0')
    return prepare_by_number (self, digits, error);
  return prepare_by_name (self, trimmed, error);
}

static JsonArray *
search_and_remember (LoketStore *self, const char *user_id, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr(JsonArray) found = json_array_new ();
  gboolean ok, has_row;

  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = loket_db_row_to_json (stmt);

      json_array_add_object_element (found, row);
      if (!loket_store_remember_customer (self, user_id, member_text (row, "id"), "searched",
                                          FALSE, error))
        return NULL;
    }
  return ok ? g_steal_pointer (&found) : NULL;
}

JsonArray *
loket_store_search_customers (LoketStore *self, const char *device_id, const char *query,
                              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  g_autoptr(JsonArray) found = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    {
      loket_store_invalid (error, "Type at least %d characters to search for a customer",
                           LOKET_STORE_SEARCH_MIN_CHARS);
      return NULL;
    }
  if ((user_id = device_user (self, device_id, error)) == NULL
      || (stmt = prepare_search (self, query, error)) == NULL
      || !loket_db_begin (self->db, error))
    return NULL;
  found = search_and_remember (self, user_id, stmt, error);
  if (found == NULL || !loket_db_commit (self->db, error))
    {
      loket_db_rollback (self->db);
      return NULL;
    }
  return g_steal_pointer (&found);
}
