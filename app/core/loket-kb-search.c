/* loket-kb-search.c — searching the knowledge base offline (loket-kb-search.h).
 *
 * The user's text never reaches FTS5 as syntax: it is split into words by the index's own
 * tokenizer (loket-kb-tokenizer.c), and each word goes into the MATCH expression quoted, as its
 * folded form; FTS5 hands that to the same tokenizer, which stems it as it stemmed the articles.
 * Words are matched by their stems against the editors' synonym groups: where a group's word or
 * phrase occurs in the query, any word or phrase of the group will do.  The last word, when the
 * text does not end in a space, is still being typed and also matches as a prefix.
 *
 * Ranking is loket_kb_rank (a cheap bm25 without rarity and length, loket-kb-tokenizer.c)
 * with the title weighing most, times a boost for often-used articles.  The boost needs a row
 * of kb_article_usage per match, so it is applied to the best candidates by rank alone.
 * Snippets are made for the rows shown only, here from the stored plain text (make_snippet).
 *
 * What a keystroke costs (the benchmark, tests/bench/loket-bench-kb.c): FTS5 reads the
 * doclists of the query's terms; a word being typed past the prefix index's three letters
 * makes it merge the doclists of every term that begins so, for each statement that MATCHes.
 * So each keystroke MATCHes at most twice (the tiers), and nothing per row shown.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-kb-search.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-private.h"

/* A query of more words than this is cut (a pasted letter is no search). */
#define MAX_QUERY_WORDS 24
/* The boost can lift an article at most ×2.8 (10,000 uses), so beyond this many candidates by
 * rank alone the shown ones practically never change. */
#define MIN_CANDIDATES 100

/* The most matches one tier scores (search_sql), in the index's order (rowid), not by merit:
 * a trade-off.  Scoring costs about a microsecond per match; without a cap the first letters of
 * a common word in the text tier (the titles did not fill the list) score most articles, and
 * cost 10 ms and more on 20,000.  A query that matches more than this many articles is too
 * broad for its best 20 to mean much, and the next keystroke narrows it. */
#define MAX_SCORED 5000

/* Words that say nothing about what is searched ("ik ben mijn paspoort kwijt"): a query
 * leaves them out unless it has nothing else.  Folded forms. */
static const char *const stopwords[] = {
  "aan", "al", "als", "ben", "bij", "dan", "dat", "de", "die", "dit", "een", "en", "er", "had",
  "heb", "hebben", "heeft", "het", "hier", "hoe", "ik", "in", "is", "je", "kan", "me", "met",
  "mijn", "moet", "na", "naar", "niet", "nog", "of", "om", "ook", "op", "over", "te", "toch",
  "tot", "u", "uit", "uw", "van", "voor", "wat", "wel", "wil", "word", "wordt", "zijn", "zo",
  NULL,
};

/* ---- registration ---------------------------------------------------------------------- */

static void
plain_function (sqlite3_context *context, int n_args, sqlite3_value **args)
{
  char *plain;

  g_assert (n_args == 1);
  if (sqlite3_value_type (args[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  plain = loket_kb_plain_text ((const char *) sqlite3_value_text (args[0]));
  sqlite3_result_text (context, plain, -1, g_free);
}

gboolean
loket_kb_search_register (sqlite3 *db, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  if (loket_kb_tokenizer_register (db) == SQLITE_OK
      && sqlite3_create_function_v2 (db, "loket_kb_plain", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, plain_function, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_DATABASE,
               _("The knowledge base search could not be set up: %s"), sqlite3_errmsg (db));
  return FALSE;
}

/* ---- synonyms ------------------------------------------------------------------------------ */

/* One word or phrase of a synonym group. */
typedef struct {
  GPtrArray *stems;  /* char * */
  char      *text;   /* its folded words, one space apart */
  guint      group;
} Phrase;

static void
phrase_free (Phrase *phrase)
{
  g_ptr_array_unref (phrase->stems);
  g_free (phrase->text);
  g_free (phrase);
}

/* What the search keeps per connection: a tokenizer (one stemmer, one thread at a time like
 * the connection) and the synonym groups, read again when the replica's data has changed. */
typedef struct {
  LoketKbTokenizer *tokenizer;
  gint64            data_version;
  gint64            total_changes;
  char             *signature;  /* count, newest update and size of kb_synonyms */
  GPtrArray        *phrases;    /* Phrase */
  GPtrArray        *groups;     /* GPtrArray of Phrase (borrowed), by group */
  GHashTable       *by_first;   /* first stem → GPtrArray of Phrase (borrowed) */
} SearchState;

static void
search_state_clear_synonyms (SearchState *state)
{
  g_clear_pointer (&state->by_first, g_hash_table_unref);
  g_clear_pointer (&state->groups, g_ptr_array_unref);
  g_clear_pointer (&state->phrases, g_ptr_array_unref);
}

static void
search_state_free (SearchState *state)
{
  search_state_clear_synonyms (state);
  loket_kb_tokenizer_free (state->tokenizer);
  g_free (state->signature);
  g_free (state);
}

static SearchState *
search_state (LoketDb *db)
{
  SearchState *state = g_object_get_data (G_OBJECT (db), "loket-kb-search");

  if (state != NULL)
    return state;
  state = g_new0 (SearchState, 1);
  state->tokenizer = loket_kb_tokenizer_new ();
  state->data_version = -1;
  g_object_set_data_full (G_OBJECT (db), "loket-kb-search", state,
                          (GDestroyNotify) search_state_free);
  return state;
}

static int
collect_word (gpointer data, const char *folded, int n_folded, const char *stem, int n_stem,
              int start, int end)
{
  Phrase *phrase = data;
  GString *text = g_string_new (phrase->text);

  (void) start;
  (void) end;
  g_ptr_array_add (phrase->stems, g_strndup (stem, (gsize) n_stem));
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append_len (text, folded, n_folded);
  g_free (phrase->text);
  phrase->text = g_string_free (text, FALSE);
  return SQLITE_OK;
}

static void
add_phrase (SearchState *state, const char *term, guint group)
{
  Phrase *phrase = g_new0 (Phrase, 1);
  GPtrArray *same_first;

  phrase->stems = g_ptr_array_new_with_free_func (g_free);
  phrase->text = g_strdup ("");
  phrase->group = group;
  loket_kb_tokenize (state->tokenizer, term, -1, FALSE, collect_word, phrase);
  if (phrase->stems->len == 0)
    {
      phrase_free (phrase);
      return;
    }
  g_ptr_array_add (state->phrases, phrase);
  g_ptr_array_add (g_ptr_array_index (state->groups, group), phrase);
  same_first = g_hash_table_lookup (state->by_first, phrase->stems->pdata[0]);
  if (same_first == NULL)
    {
      same_first = g_ptr_array_new ();
      g_hash_table_insert (state->by_first, phrase->stems->pdata[0], same_first);
    }
  g_ptr_array_add (same_first, phrase);
}

/* One group's terms (a JSON array of strings; anything else in it is passed over). */
static void
add_group (SearchState *state, const char *terms_json)
{
  g_autoptr(JsonNode) node = json_from_string (terms_json, NULL);
  JsonArray *terms;
  guint group = state->groups->len;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  terms = json_node_get_array (node);
  g_ptr_array_add (state->groups, g_ptr_array_new ());
  for (guint i = 0; i < json_array_get_length (terms); i++)
    {
      JsonNode *term = json_array_get_element (terms, i);

      if (JSON_NODE_HOLDS_VALUE (term) && json_node_get_value_type (term) == G_TYPE_STRING)
        add_phrase (state, json_node_get_string (term), group);
    }
}

static gboolean
load_synonyms (LoketDb *db, SearchState *state, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT terms FROM kb_synonyms ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  search_state_clear_synonyms (state);
  state->phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) phrase_free);
  state->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  state->by_first = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_ptr_array_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_group (state, (const char *) sqlite3_column_text (stmt, 0));
  return rc == SQLITE_DONE || loket_db_fail (db, error);
}

static char *
query_text (LoketDb *db, const char *sql, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      loket_db_fail (db, error);
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The synonym groups as the replica holds them now.  Whether anything changed is cheap to ask
 * (this connection's writes, other connections' commits); only then is kb_synonyms looked at,
 * and only when that changed are the groups read and stemmed again. */
static gboolean
refresh_synonyms (LoketDb *db, SearchState *state, GError **error)
{
  g_autofree char *version = NULL;
  g_autofree char *signature = NULL;
  gint64 data_version, total_changes = sqlite3_total_changes64 (loket_db_get_handle (db));

  if ((version = query_text (db, "PRAGMA data_version", error)) == NULL)
    return FALSE;
  data_version = g_ascii_strtoll (version, NULL, 10);
  if (state->phrases != NULL && data_version == state->data_version
      && total_changes == state->total_changes)
    return TRUE;
  signature = query_text (db, "SELECT count(*) || ' ' || coalesce (max (updated_at), '') || ' '"
                          " || total (length (terms)) FROM kb_synonyms", error);
  if (signature == NULL)
    return FALSE;
  if (state->phrases == NULL || g_strcmp0 (signature, state->signature) != 0)
    {
      if (!load_synonyms (db, state, error))
        return FALSE;
      g_free (state->signature);
      state->signature = g_steal_pointer (&signature);
    }
  state->data_version = data_version;
  state->total_changes = total_changes;
  return TRUE;
}

/* ---- the MATCH expression -------------------------------------------------------------- */

typedef struct {
  char *folded;
  char *stem;
} Word;

static void
word_clear (Word *word)
{
  g_free (word->folded);
  g_free (word->stem);
}

static int
collect_query_word (gpointer data, const char *folded, int n_folded, const char *stem,
                    int n_stem, int start, int end)
{
  GArray *words = data;
  Word word = { g_strndup (folded, (gsize) n_folded), g_strndup (stem, (gsize) n_stem) };

  (void) start;
  (void) end;
  g_array_append_val (words, word);
  return words->len < MAX_QUERY_WORDS ? SQLITE_OK : SQLITE_DONE;
}

/* The longest synonym phrase that starts at words[i], or NULL. */
static Phrase *
find_phrase (SearchState *state, GArray *words, guint i)
{
  GPtrArray *candidates = g_hash_table_lookup (state->by_first,
                                               g_array_index (words, Word, i).stem);
  Phrase *best = NULL;

  for (guint c = 0; candidates != NULL && c < candidates->len; c++)
    {
      Phrase *phrase = g_ptr_array_index (candidates, c);
      guint n = phrase->stems->len;
      gboolean same = i + n <= words->len;

      for (guint k = 1; same && k < n; k++)
        same = g_str_equal (phrase->stems->pdata[k], g_array_index (words, Word, i + k).stem);
      if (same && (best == NULL || n > best->stems->len))
        best = phrase;
    }
  return best;
}

static gboolean
is_stopword (const char *folded)
{
  return g_strv_contains (stopwords, folded);
}

/* Appends "text" (a run of folded words: letters, digits and spaces, nothing to escape). */
static void
append_quoted (GString *out, const char *text, gboolean prefix)
{
  g_string_append_printf (out, "\"%s\"%s", text, prefix ? "*" : "");
}

/* The folded words [from, to) of the query, one space apart. */
static char *
join_words (GArray *words, guint from, guint to)
{
  GString *text = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      if (i > from)
        g_string_append_c (text, ' ');
      g_string_append (text, g_array_index (words, Word, i).folded);
    }
  return g_string_free (text, FALSE);
}

/* What a query asks, built once from the user's text: the MATCH expression, and the same
 * words as stems for marking the shown rows' snippets (make_snippet). */
typedef struct {
  GString   *match;
  GPtrArray *phrases;  /* GPtrArray of char * (stems): a word, or a synonym's words in a row */
  char      *prefix;   /* the folded word still being typed, or NULL */
} Query;

static void
query_free (Query *query)
{
  g_string_free (query->match, TRUE);
  g_ptr_array_unref (query->phrases);
  g_free (query->prefix);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

static void
add_mark (Query *query, GPtrArray *stems)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < stems->len; i++)
    g_ptr_array_add (copy, g_strdup (stems->pdata[i]));
  g_ptr_array_add (query->phrases, copy);
}

static void
add_own_mark (Query *query, GArray *words, guint from, guint to)
{
  g_autoptr(GPtrArray) stems = g_ptr_array_new ();

  for (guint i = from; i < to; i++)
    g_ptr_array_add (stems, g_array_index (words, Word, i).stem);
  add_mark (query, stems);
}

/* One part of the expression: the words [from, to) or anything of their synonym group, or as a
 * prefix when they end the query still being typed. */
static void
append_part (Query *query, SearchState *state, GArray *words, guint from, guint to,
             Phrase *phrase, gboolean prefix)
{
  g_autofree char *own = join_words (words, from, to);
  GPtrArray *group = phrase != NULL ? g_ptr_array_index (state->groups, phrase->group) : NULL;
  gboolean several = group != NULL || prefix;
  GString *out = query->match;

  if (out->len > 0)
    g_string_append (out, " AND ");
  if (several)
    g_string_append_c (out, '(');
  append_quoted (out, own, FALSE);
  add_own_mark (query, words, from, to);
  for (guint i = 0; group != NULL && i < group->len; i++)
    {
      Phrase *other = g_ptr_array_index (group, i);

      if (!g_str_equal (other->text, own))
        {
          g_string_append (out, " OR ");
          append_quoted (out, other->text, FALSE);
          add_mark (query, other->stems);
        }
    }
  if (prefix)
    {
      g_string_append (out, " OR ");
      append_quoted (out, own, TRUE);
      if (to == from + 1)
        query->prefix = g_strdup (own);
    }
  if (several)
    g_string_append_c (out, ')');
}

static gboolean
all_stopwords (GArray *words)
{
  for (guint i = 0; i < words->len; i++)
    if (!is_stopword (g_array_index (words, Word, i).folded))
      return FALSE;
  return TRUE;
}

/* The query for what the user typed, or NULL when it holds no word. */
static Query *
build_query (SearchState *state, const char *query_text)
{
  g_autoptr(GArray) words = g_array_new (FALSE, TRUE, sizeof (Word));
  g_autoptr(Query) query = g_new0 (Query, 1);
  gsize length = strlen (query_text);
  gboolean typing = length > 0 && !g_ascii_isspace (query_text[length - 1]);
  gboolean keep_stopwords;

  query->match = g_string_new (NULL);
  query->phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_array_set_clear_func (words, (GDestroyNotify) word_clear);
  loket_kb_tokenize (state->tokenizer, query_text, (int) length, FALSE, collect_query_word,
                     words);
  if (words->len == 0)
    return NULL;
  keep_stopwords = all_stopwords (words);
  for (guint i = 0; i < words->len;)
    {
      Phrase *phrase = find_phrase (state, words, i);
      guint to = phrase != NULL ? i + phrase->stems->len : i + 1;
      gboolean last = to == words->len;

      if (phrase == NULL && !last && !keep_stopwords
          && is_stopword (g_array_index (words, Word, i).folded))
        {
          i++;
          continue;
        }
      append_part (query, state, words, i, to, phrase, last && typing);
      i = to;
    }
  return g_steal_pointer (&query);
}

/* ---- snippets ------------------------------------------------------------------------------ */

/* The passage that matched, marked: from the public text, else the internal text, else (a
 * title match) the start of the public text.  Made here from the row's stored plain text and
 * the query's stems, not by FTS5's snippet(): that runs the MATCH again for the row, and a
 * word being typed makes FTS5 merge every term it begins, in every article, each time. */
static char *
make_snippet (LoketDb *db, SearchState *state, Query *query, gint64 rowid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db,
    "SELECT public_text, internal_text FROM kb_fts WHERE rowid = ?1", &error);
  char *out = NULL;

  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return g_strdup ("");
    }
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");
  for (int column = 0; out == NULL && column < 2; column++)
    out = loket_kb_snippet (state->tokenizer, (const char *) sqlite3_column_text (stmt, column),
                            query->phrases, query->prefix, FALSE);
  if (out == NULL)
    out = loket_kb_snippet (state->tokenizer, (const char *) sqlite3_column_text (stmt, 0),
                            query->phrases, query->prefix, TRUE);
  return out;
}

/* ---- the search ----------------------------------------------------------------------------- */

/* The best candidates by loket_kb_rank (title ×10, public text ×2, internal text ×1.5) among
 * the first ?4 matches, then the usage boost (1 + 0.2·ln(1 + uses): the rank is negative, so a
 * larger factor ranks higher). */
static const char search_sql[] =
  "WITH matches AS (SELECT rowid AS r, loket_kb_rank (kb_fts) AS rank FROM kb_fts"
  "  WHERE kb_fts MATCH ?1 LIMIT ?4),"
  " hits AS (SELECT r, rank FROM matches ORDER BY rank LIMIT ?2)"
  "SELECT a.id, a.kind, a.title, coalesce (u.uses, 0) AS uses, h.r,"
  "  h.rank * (1.0 + 0.2 * ln (1.0 + coalesce (u.uses, 0))) AS score"
  " FROM hits h JOIN kb_articles a ON a.rowid = h.r LEFT JOIN kb_article_usage u ON u.id = a.id"
  " ORDER BY score, a.title LIMIT ?3";

static LoketRecord *
hit_record (sqlite3_stmt *stmt, char *snippet)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "id", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_string_member (row, "kind", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_string_member (row, "title", (const char *) sqlite3_column_text (stmt, 2));
  json_object_set_string_member (row, "snippet", snippet);
  json_object_set_int_member (row, "uses", sqlite3_column_int64 (stmt, 3));
  json_object_set_double_member (row, "score", sqlite3_column_double (stmt, 5));
  g_free (snippet);
  return loket_record_new (row);
}

/* Adds the best rows for match, at most limit in all, passing over those in seen; their
 * snippets show what the whole query matched. */
static gboolean
run_search (LoketDb *db, SearchState *state, Query *query, const char *match, guint limit,
            GHashTable *seen, GPtrArray *rows, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (db, search_sql, error);
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, MAX (MIN_CANDIDATES, (gint64) limit * 5));
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, MAX_SCORED);
  while (rows->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, g_strdup (id));
      g_ptr_array_add (rows, hit_record (stmt, make_snippet (db, state, query,
                                                             sqlite3_column_int64 (stmt, 4))));
    }
  if (rows->len < limit && rc != SQLITE_DONE)
    return loket_db_fail (db, error);
  return TRUE;
}

/* Articles whose title matches first, then the others.  The title weighs most in the ranking
 * anyway; asked apart, a broad query (the first letters typed) ranks the few articles whose
 * titles match instead of every article whose text does, and needs the whole text only when
 * the titles do not fill the list. */
static gboolean
search_tiers (LoketDb *db, SearchState *state, Query *query, guint limit, GListStore *store,
              GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *in_title = g_strdup_printf ("{title} : (%s)", query->match->str);

  if (!run_search (db, state, query, in_title, limit, seen, rows, error)
      || (rows->len < limit
          && !run_search (db, state, query, query->match->str, limit, seen, rows, error)))
    return FALSE;
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return TRUE;
}

GListModel *
loket_replica_search_kb (LoketReplica *self, const char *text, guint limit)
{
  g_autoptr(GListStore) store = g_list_store_new (LOKET_TYPE_RECORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(Query) query = NULL;
  LoketDb *db;
  SearchState *state;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  db = loket_replica_get_db (self);
  if (text == NULL || limit == 0 || db == NULL)
    return G_LIST_MODEL (g_steal_pointer (&store));
  state = search_state (db);
  if (!refresh_synonyms (db, state, &error))
    g_warning ("The synonyms could not be read: %s", error->message);
  g_clear_error (&error);
  if ((query = build_query (state, text)) == NULL)
    return G_LIST_MODEL (g_steal_pointer (&store));
  if (!search_tiers (db, state, query, limit, store, &error))
    g_warning ("Searching the knowledge base failed: %s", error->message);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ---- what was searched ------------------------------------------------------------------- */

/* Five or more digits (a BSN, a phone number) or an "@" (an e-mail address): the editors'
 * figures must not keep a customer's data. */
static gboolean
looks_personal (const char *query)
{
  guint digits = 0;

  for (const char *p = query; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits++;
  return digits >= 5 || strchr (query, '@') != NULL;
}

gboolean
loket_replica_record_search (LoketReplica *self, const char *query, guint hits, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) args = NULL;
  const char *type = LOKET_MUTATION_RECORD_SEARCH;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);

  text = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (*text == '\0' || looks_personal (text))
    return TRUE;
  args = json_object_new ();
  json_object_set_string_member (args, "query", text);
  json_object_set_int_member (args, "hits", hits);
  if (!loket_replica_record_mutations (self, 1, &type, &args, error))
    return FALSE;
  g_signal_emit_by_name (self, "changed", "kb_search_stats");
  return TRUE;
}
