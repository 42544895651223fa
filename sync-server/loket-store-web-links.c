/* loket-store-web-links.c — what citizens do on the web, in the store (loket-store-web.h): the
 * tokens of links and case codes, and what only they open: a case's status, the survey.  What
 * an appointment's link opens is in loket-store-web.c and loket-store-web-book.c.
 *
 * Tokens: link tokens are 192 random bits from the kernel (loket_auth_random_bytes) written in base64url; a case code is
 * 40 random bits in Crockford's base32 ("K7M3-Q9PX"), typed by hand and rate-limited per client.
 * Only their SHA-256 is stored; a case code's is taken over the case id and the code, so two
 * cases' codes never collide in the table's key.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-store-web-private.h"
#include "loket-store-web.h"

#define LINK_TOKEN_BYTES   24          /* 192 bits: 32 characters of base64url */
#define CASE_CODE_BYTES    5           /* 40 bits: 8 characters of base32 */
#define MAX_TOKEN_CHARS    128
#define CODE_VALID_AFTER   (365 * 24 * 60 * 60)  /* a case's code after it closed */
#define NEVER              "9999-12-31T23:59:59Z"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---- tokens --------------------------------------------------------------------------------- */

char *
loket_store_web_new_link_token (void)
{
  guint8 bytes[LINK_TOKEN_BYTES];
  char *token;

  loket_auth_random_bytes (bytes, sizeof bytes);
  token = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  return token;  /* 24 bytes need no padding */
}

/* Whether text can be a token at all; anything else is not looked up. */
gboolean
loket_store_web_token_shape (const char *token)
{
  gsize length = token != NULL ? strlen (token) : 0;

  if (length == 0 || length > MAX_TOKEN_CHARS)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
loket_store_web_token_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("This link is unknown or no longer valid. Use the link in your most "
                         "recent e-mail, or contact us."));
  return FALSE;
}

/* The target of a token of kind that is valid at now: *target NULL when the token is unknown,
 * expired or (unless used_ok) used.  FALSE only for a failing database. */
gboolean
loket_store_web_find_token (LoketStore *self, const char *kind, const char *token, const char *now,
                            gboolean used_ok, char **target, GError **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(LoketDbCached) stmt = NULL;
  gboolean has_row;

  *target = NULL;
  if (!loket_store_web_token_shape (token))
    return TRUE;
  hash = loket_auth_token_digest (token);
  stmt = loket_db_prepare_cached (self->db, "SELECT target_id FROM public_tokens WHERE hash = ?"
                                  " AND kind = ? AND expires_at > ? AND (used_at IS NULL OR ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  loket_db_bind_text (stmt, 2, kind);
  loket_db_bind_text (stmt, 3, now);
  sqlite3_bind_int (stmt, 4, used_ok);
  if (!loket_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *target = g_strdup (column_text (stmt, 0));
  return TRUE;
}

static gboolean
insert_token (LoketStore *self, const char *hash, const char *kind, const char *target_id,
              const char *expires_at, const char *now, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO public_tokens (hash, kind, target_id, created_at, expires_at)"
    " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, hash);
  loket_db_bind_text (stmt, 2, kind);
  loket_db_bind_text (stmt, 3, target_id);
  loket_db_bind_text (stmt, 4, now);
  loket_db_bind_text (stmt, 5, expires_at);
  return loket_store_run_write (self, stmt, error);
}

char *
loket_store_web_new_token_at (LoketStore *self, const char *kind, const char *target_id,
                              gint64 expires, const char *now, GError **error)
{
  g_autofree char *token = loket_store_web_new_link_token ();
  g_autofree char *hash = loket_auth_token_digest (token);
  g_autofree char *expires_at = loket_protocol_format_time (expires);

  if (!insert_token (self, hash, kind, target_id, expires_at, now, error))
    return NULL;
  return g_steal_pointer (&token);
}

char *
loket_store_web_new_token (LoketStore *self, const char *kind, const char *target_id,
                           gint64 expires, GDateTime *now, GError **error)
{
  g_autofree char *now_text = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && target_id != NULL && now != NULL, NULL);

  if (!g_str_equal (kind, "appointment") && !g_str_equal (kind, "survey"))
    {
      loket_store_invalid (error, "There are no links of kind “%s”", kind);
      return NULL;
    }
  now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  return loket_store_web_new_token_at (self, kind, target_id, expires, now_text, error);
}

/* The 8 symbols of a typed case code, read the Crockford way (O is 0; I and L are 1; case,
 * spaces and dashes do not matter), or NULL when it cannot be one. */
static char *
normalize_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0' && out->len <= 8; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (c == '\0' || strchr (crockford, c) == NULL)
        break;
      g_string_append_c (out, c);
    }
  if (code == NULL || out->len != 8 || strlen (code) > 16)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
case_code_hash (const char *case_id, const char *symbols)
{
  g_autofree char *text = g_strdup_printf ("case:%s:%s", case_id, symbols);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

char *
loket_store_web_new_case_code (LoketStore *self, const char *case_id, GDateTime *now,
                               GError **error)
{
  guint8 bytes[CASE_CODE_BYTES];
  guint64 bits = 0;
  char symbols[9], code[10];
  g_autofree char *hash = NULL;
  g_autofree char *now_text = NULL;
  gboolean found;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL && now != NULL, NULL);

  if (!loket_store_row_exists (self, "SELECT id FROM cases WHERE id = ?", case_id, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "There is no case %s", case_id);
      return NULL;
    }
  loket_auth_random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    bits = bits << 8 | bytes[i];
  explicit_bzero (bytes, sizeof bytes);
  for (int i = 7; i >= 0; i--, bits >>= 5)
    symbols[i] = crockford[bits & 31];
  symbols[8] = '\0';
  g_snprintf (code, sizeof code, "%.4s-%.4s", symbols, symbols + 4);
  hash = case_code_hash (case_id, symbols);
  explicit_bzero (symbols, sizeof symbols);
  /* Valid while the case is open and a year after it closed (loket_store_web_case_status). */
  now_text = loket_protocol_format_time (g_date_time_to_unix (now));
  if (!insert_token (self, hash, "case", case_id, NEVER, now_text, error))
    return NULL;
  return g_strdup (code);
}

/* ---- a case's status ------------------------------------------------------------------------ */

static gboolean
case_unknown (GError **error)
{
  g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                       _("We cannot find a case with this reference and code. Check both and "
                         "try again."));
  return FALSE;
}

/* The case's wording of a status for citizens; a status without one shows its own name. */
static const char *
public_wording (JsonObject *wordings, const char *status)
{
  const char *wording = wordings != NULL
                        ? json_object_get_string_member_with_default (wordings, status, NULL)
                        : NULL;

  return wording != NULL && *wording != '\0' ? wording : status;
}

static char *
local_date (const char *iso, GTimeZone *tz)
{
  gint64 moment = 0;

  if (!loket_slot_source_parse_time (iso, &moment))
    return g_strdup (iso);
  return loket_store_web_local_time (moment, tz, "%Y-%m-%d");
}

/* Whether the code opens the case: its hash is there, and the case is open or closed less
 * than a year ago. */
static gboolean
code_opens (LoketStore *self, JsonObject *kase, const char *code, const LoketStoreWebNow *n,
            gboolean *opens, GError **error)
{
  g_autofree char *symbols = normalize_code (code);
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) token = NULL;
  gint64 closed = 0;

  *opens = FALSE;
  if (symbols == NULL)
    return TRUE;
  hash = case_code_hash (member_text (kase, "id"), symbols);
  if (!loket_db_query_row (self->db, "SELECT target_id, expires_at FROM public_tokens"
                           " WHERE hash = ? AND kind = 'case'", hash, &token, error))
    return FALSE;
  *opens = token != NULL && g_strcmp0 (member_text (token, "target_id"),
                                       member_text (kase, "id")) == 0
           && g_strcmp0 (member_text (token, "expires_at"), n->now) > 0
           && (member_text (kase, "closed_at") == NULL
               || (loket_slot_source_parse_time (member_text (kase, "closed_at"), &closed)
                   && closed + CODE_VALID_AFTER > n->unix));
  return TRUE;
}

static JsonArray *
status_history (LoketStore *self, const char *case_id, JsonObject *wordings, GTimeZone *tz,
                GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "SELECT status, at FROM case_status_history WHERE case_id = ? ORDER BY at, rowid", error);
  g_autoptr(JsonArray) history = json_array_new ();
  gboolean ok, has_row;

  if (stmt == NULL)
    return NULL;
  loket_db_bind_text (stmt, 1, case_id);
  while ((ok = loket_store_step_row (self, stmt, &has_row, error)) && has_row)
    {
      g_autofree char *date = local_date (column_text (stmt, 1), tz);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "status",
                                     public_wording (wordings, column_text (stmt, 0)));
      json_object_set_string_member (entry, "date", date);
      json_array_add_object_element (history, entry);
    }
  return ok ? g_steal_pointer (&history) : NULL;
}

JsonObject *
loket_store_web_case_status (LoketStore *self, const char *reference, const char *code,
                             GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autoptr(JsonObject) wordings = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GTimeZone) tz = loket_slot_source_zone ("Europe/Amsterdam");
  g_autofree char *opened = NULL;
  JsonArray *history;
  gboolean opens = FALSE, closed;
  LoketStoreWebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&n, now);
  if (reference == NULL || strlen (reference) > 64 || code == NULL)
    {
      case_unknown (error);
      return NULL;
    }
  if (!loket_db_query_row (self->db, "SELECT k.id, k.reference, k.status, k.opened_at,"
                           " k.deadline, k.closed_at, t.public_statuses, p.name AS product"
                           " FROM cases k JOIN case_types t ON t.id = k.case_type_id"
                           " LEFT JOIN products p ON p.id = k.product_id"
                           " WHERE k.reference = ?", reference, &kase, error)
      || (kase != NULL && !code_opens (self, kase, code, &n, &opens, error)))
    return NULL;
  if (!opens)
    {
      case_unknown (error);
      return NULL;
    }

  wordings = loket_store_parse_json_object (member_text (kase, "public_statuses"));
  closed = member_text (kase, "closed_at") != NULL;
  history = status_history (self, member_text (kase, "id"), wordings, tz, error);
  if (history == NULL)
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "reference", member_text (kase, "reference"));
  json_object_set_string_member (answer, "product", member_text (kase, "product"));
  json_object_set_string_member (answer, "status",
                                 public_wording (wordings, member_text (kase, "status")));
  json_object_set_boolean_member (answer, "closed", closed);
  opened = local_date (member_text (kase, "opened_at"), tz);
  json_object_set_string_member (answer, "opened", opened);
  json_object_set_string_member (answer, "expected",
                                 closed ? NULL : member_text (kase, "deadline"));
  json_object_set_array_member (answer, "history", history);
  return g_steal_pointer (&answer);
}

/* ---- the survey ----------------------------------------------------------------------------- */

/* The case of a survey token (used ones too, when used_ok), with its product and whether it
 * was answered. */
static gboolean
survey_case (LoketStore *self, const char *token, const LoketStoreWebNow *n, gboolean used_ok,
             JsonObject **kase, GError **error)
{
  g_autofree char *case_id = NULL;

  *kase = NULL;
  if (!loket_store_web_find_token (self, "survey", token, n->now, used_ok, &case_id, error))
    return FALSE;
  if (case_id == NULL)
    return loket_store_web_token_unknown (error);
  if (!loket_db_query_row (self->db, "SELECT k.id, k.reference, k.product_id, p.name AS product,"
                           " EXISTS (SELECT 1 FROM survey_answers s WHERE s.case_id = k.id)"
                           " AS answered FROM cases k LEFT JOIN products p ON p.id = k.product_id"
                           " WHERE k.id = ?", case_id, kase, error))
    return FALSE;
  return *kase != NULL || loket_store_web_token_unknown (error);
}

JsonObject *
loket_store_web_survey (LoketStore *self, const char *token, GDateTime *now, GError **error)
{
  g_autoptr(JsonObject) kase = NULL;
  g_autofree char *unused = NULL;
  JsonObject *answer;
  LoketStoreWebNow n;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  loket_store_web_now_init (&n, now);
  if (!survey_case (self, token, &n, TRUE, &kase, error)
      || !loket_store_web_find_token (self, "survey", token, n.now, FALSE, &unused, error))
    return NULL;
  answer = json_object_new ();
  json_object_set_string_member (answer, "product", member_text (kase, "product"));
  json_object_set_string_member (answer, "reference", member_text (kase, "reference"));
  json_object_set_boolean_member (answer, "answered",
                                  unused == NULL
                                  || json_object_get_int_member (kase, "answered") != 0);
  return answer;
}

typedef struct
{
  const char       *token;
  const int        *marks;
  LoketStoreWebNow  n;
} SurveyAsk;

static gboolean
insert_answer (LoketStore *self, const SurveyAsk *ask, JsonObject *kase, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *hash = loket_auth_token_digest (ask->token);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO survey_answers (id, case_id, product_id, q1, q2, q3, answered_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, member_text (kase, "id"));
  loket_db_bind_text (stmt, 3, member_text (kase, "product_id"));
  for (int i = 0; i < 3; i++)
    sqlite3_bind_int (stmt, 4 + i, ask->marks[i]);
  loket_db_bind_text (stmt, 7, ask->n.now);
  if (!loket_store_run_write (self, stmt, error)
      || !loket_store_log_upsert (self, "survey_answers", id, ask->n.now, error))
    return FALSE;
  g_clear_pointer (&stmt, loket_db_release_cached);
  stmt = loket_db_prepare_cached (self->db, "UPDATE public_tokens SET used_at = ? WHERE hash = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, ask->n.now);
  loket_db_bind_text (stmt, 2, hash);
  return loket_store_run_write (self, stmt, error);
}

static JsonObject *
survey_step (LoketStore *self, gpointer data, GError **error)
{
  SurveyAsk *ask = data;
  g_autoptr(JsonObject) kase = NULL;

  if (!survey_case (self, ask->token, &ask->n, FALSE, &kase, error))
    return NULL;
  /* Answered through another of its links already: this one is used up as well. */
  if (json_object_get_int_member (kase, "answered") != 0)
    {
      loket_store_web_token_unknown (error);
      return NULL;
    }
  if (!insert_answer (self, ask, kase, error))
    return NULL;
  return json_object_new ();
}

gboolean
loket_store_web_answer_survey (LoketStore *self, const char *token, const int marks[3],
                               GDateTime *now, GError **error)
{
  SurveyAsk ask = { token, marks };
  g_autoptr(JsonObject) done = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (marks != NULL && now != NULL, FALSE);

  for (int i = 0; i < 3; i++)
    if (marks[i] < 1 || marks[i] > 5)
      return loket_store_invalid (error, _("Give each question a mark from 1 to 5."));
  loket_store_web_now_init (&ask.n, now);
  done = loket_store_web_in_transaction (self, survey_step, &ask, error);
  return done != NULL;
}
