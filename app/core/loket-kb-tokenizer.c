/* loket-kb-tokenizer.c — Dutch words for the knowledge base's search index.
 *
 * One function turns text into search terms, for the index (the FTS5 tokenizer "loket_nl") and
 * for the query builder alike, so that a query and the articles always agree on what a word
 * is: a run of letters and digits, folded to lower case without diacritics ("Reünie" →
 * "reunie"), then stemmed by Snowball's Dutch stemmer ("paspoorten" → "paspoort").  A word
 * still being typed (a prefix query) is folded but not stemmed: "paspo" is no word to stem.
 *
 * The same words mark the search's snippets (loket_kb_snippet), and loket_kb_rank ranks the
 * matches.  loket_kb_plain turns an article's Markdown into the plain text the index and its
 * snippets hold: no markers, link text kept, link targets left out.
 */
#include "config.h"

#include <libstemmer.h>
#include <string.h>

#include "loket-kb-search.h"

/* Longer runs (a pasted hash, a URL's path) are indexed as they are, not stemmed: Snowball's
 * Dutch rules are for words. */
#define MAX_STEM_BYTES 64
/* A token's folded form never grows past this; the rest of a longer run is dropped. */
#define MAX_TOKEN_BYTES 256
/* Stems remembered per tokenizer.  Stemming is most of the cost of tokenizing, and FTS5
 * tokenizes the shown articles' text again for every snippet; a language's everyday words are a
 * few thousand, so a full cache is simply emptied. */
#define MAX_CACHED_STEMS 20000

struct _LoketKbTokenizer
{
  struct sb_stemmer *stemmer;
  GString           *folded;
  GHashTable        *stems;  /* folded word → its stem */
};

LoketKbTokenizer *
loket_kb_tokenizer_new (void)
{
  LoketKbTokenizer *self = g_new0 (LoketKbTokenizer, 1);

  self->stemmer = sb_stemmer_new ("dutch", "UTF_8");
  g_assert (self->stemmer != NULL);
  self->folded = g_string_sized_new (MAX_TOKEN_BYTES);
  self->stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
loket_kb_tokenizer_free (LoketKbTokenizer *self)
{
  if (self == NULL)
    return;
  sb_stemmer_delete (self->stemmer);
  g_string_free (self->folded, TRUE);
  g_hash_table_unref (self->stems);
  g_free (self);
}

/* A character that belongs to a word: letters, digits, and the combining marks of text that is
 * already decomposed (they are dropped when folding). */
static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Appends c folded: lower case, its compatibility decomposition without marks ("é" → "e",
 * "ĳ" → "ij", "ﬁ" → "fi"). */
static void
append_folded (GString *out, gunichar c)
{
  gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char) c));
      return;
    }
  n = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));
  for (gsize i = 0; i < n; i++)
    if (!g_unichar_ismark (parts[i]) && g_unichar_isalnum (parts[i]))
      g_string_append_unichar (out, g_unichar_tolower (parts[i]));
}

/* Folds the word text[start, end) into self->folded. */
static void
fold_word (LoketKbTokenizer *self, const char *text, int start, int end)
{
  g_string_truncate (self->folded, 0);
  for (int i = start; i < end && self->folded->len < MAX_TOKEN_BYTES;)
    {
      guchar byte = (guchar) text[i];

      if (byte < 0x80)
        {
          g_string_append_c (self->folded, g_ascii_tolower ((char) byte));
          i++;
          continue;
        }
      append_folded (self->folded, g_utf8_get_char (text + i));
      i = (int) (g_utf8_next_char (text + i) - text);
    }
}

/* The stem of self->folded, from the cache or Snowball. */
static const char *
stem_folded (LoketKbTokenizer *self)
{
  const char *stem = g_hash_table_lookup (self->stems, self->folded->str);
  const sb_symbol *made;

  if (stem != NULL)
    return stem;
  made = sb_stemmer_stem (self->stemmer, (const sb_symbol *) self->folded->str,
                          (int) self->folded->len);
  if (made == NULL || sb_stemmer_length (self->stemmer) == 0)
    return self->folded->str;
  if (g_hash_table_size (self->stems) >= MAX_CACHED_STEMS)
    g_hash_table_remove_all (self->stems);
  stem = g_strndup ((const char *) made, (gsize) sb_stemmer_length (self->stemmer));
  g_hash_table_insert (self->stems, g_strdup (self->folded->str), (char *) stem);
  return stem;
}

/* Hands the folded word and, unless prefix, its stem to func. */
static int
emit_word (LoketKbTokenizer *self, const char *text, int start, int end, gboolean prefix,
           LoketKbTokenFunc func, gpointer data)
{
  const char *stem;

  fold_word (self, text, start, end);
  if (self->folded->len == 0)
    return 0;  /* only marks */
  stem = self->folded->str;
  if (!prefix && self->folded->len <= MAX_STEM_BYTES)
    stem = stem_folded (self);
  return func (data, self->folded->str, (int) self->folded->len, stem, (int) strlen (stem),
               start, end);
}

/* The next character of text[i, n) and where the one after it starts; invalid UTF-8 counts as
 * one separator byte. */
static gunichar
next_char (const char *text, int n, int i, int *next)
{
  gunichar c;

  if ((guchar) text[i] < 0x80)
    {
      *next = i + 1;
      return (guchar) text[i];
    }
  c = g_utf8_get_char_validated (text + i, n - i);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *next = i + 1;
      return ' ';
    }
  *next = (int) (g_utf8_next_char (text + i) - text);
  return c;
}

int
loket_kb_tokenize (LoketKbTokenizer *self, const char *text, int n, gboolean prefix,
                   LoketKbTokenFunc func, gpointer data)
{
  int i = 0;

  g_return_val_if_fail (self != NULL, SQLITE_MISUSE);

  if (text == NULL)
    return SQLITE_OK;
  if (n < 0)
    n = (int) strlen (text);
  while (i < n)
    {
      int start = i, next;
      gunichar c = next_char (text, n, i, &next);
      int rc;

      i = next;
      if (!is_word_char (c))
        continue;
      while (i < n && is_word_char (next_char (text, n, i, &next)))
        i = next;
      if ((rc = emit_word (self, text, start, i, prefix, func, data)) != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

/* ---- snippets ---------------------------------------------------------------------------- */

/* The words a snippet shows, and how many of them come before its first match. */
#define SNIPPET_TOKENS 16
#define SNIPPET_LEAD   2

typedef struct {
  const char *stem;   /* in Snippet.chunk */
  int         start, end;
  int         phrase; /* the query phrase a match starts here, or -1 */
  int         length; /* its words */
} Token;

typedef struct {
  GStringChunk *chunk;
  GArray       *tokens;  /* Token */
  GPtrArray    *phrases; /* GPtrArray of stems */
  const char   *prefix;
} Snippet;

static int
collect_token (gpointer data, const char *folded, int n_folded, const char *stem, int n_stem,
               int start, int end)
{
  Snippet *snippet = data;
  g_autofree char *copy = g_strndup (stem, (gsize) n_stem);
  Token token = { g_string_chunk_insert_const (snippet->chunk, copy), start, end, -1, 0 };

  (void) folded;
  (void) n_folded;
  g_array_append_val (snippet->tokens, token);
  return SQLITE_OK;
}

/* How many words of phrase p start at tokens[i] (0: none): the same stems, in a row, as FTS5
 * matched them. */
static guint
phrase_at (GPtrArray *phrases, GArray *tokens, guint i, guint p)
{
  GPtrArray *stems = g_ptr_array_index (phrases, p);

  if (i + stems->len > tokens->len)
    return 0;
  for (guint k = 0; k < stems->len; k++)
    if (!g_str_equal (g_array_index (tokens, Token, i + k).stem, stems->pdata[k]))
      return 0;
  return stems->len;
}

/* Marks where the query's phrases start in the tokens; the number of matches. */
static guint
mark_tokens (Snippet *snippet)
{
  GArray *tokens = snippet->tokens;
  GPtrArray *phrases = snippet->phrases;
  const char *prefix = snippet->prefix;
  gsize n_prefix = prefix != NULL ? strlen (prefix) : 0;
  guint hits = 0;

  for (guint i = 0; i < tokens->len;)
    {
      Token *token = &g_array_index (tokens, Token, i);

      for (guint p = 0; p < phrases->len; p++)
        {
          guint n = phrase_at (phrases, tokens, i, p);

          if ((int) n > token->length)
            token->phrase = (int) p, token->length = (int) n;
        }
      if (token->length == 0 && n_prefix > 0 && strncmp (token->stem, prefix, n_prefix) == 0)
        token->phrase = (int) phrases->len, token->length = 1;
      hits += token->length > 0;
      i += MAX (token->length, 1);
    }
  return hits;
}

/* Where the snippet's window starts: the one that shows the most different phrases, then the
 * most matches (as FTS5's snippet() chooses). */
static guint
best_window (GArray *tokens)
{
  guint best = 0, best_score = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      guint from = i > SNIPPET_LEAD ? i - SNIPPET_LEAD : 0, score = 0;
      guint64 seen = 0;

      if (g_array_index (tokens, Token, i).length == 0)
        continue;
      for (guint k = from; k < MIN (from + SNIPPET_TOKENS, tokens->len); k++)
        {
          int phrase = g_array_index (tokens, Token, k).phrase;

          if (g_array_index (tokens, Token, k).length == 0)
            continue;
          score += (seen & (G_GUINT64_CONSTANT (1) << (phrase % 64))) ? 1 : 100;
          seen |= G_GUINT64_CONSTANT (1) << (phrase % 64);
        }
      if (score > best_score)
        best = from, best_score = score;
    }
  return best;
}

/* Appends the text between two words on one line: the snippet is a line of a result list, and
 * the text's lines are headings and list items. */
static void
append_gap (GString *out, const char *gap, int n)
{
  for (int i = 0; i < n; i++)
    {
      char c = gap[i] == '\n' || gap[i] == '\t' ? ' ' : gap[i];

      if (c != ' ' || (out->len > 0 && out->str[out->len - 1] != ' '))
        g_string_append_c (out, c);
    }
}

/* SNIPPET_TOKENS words of text from its token from, each match between U+0001 and U+0002. */
static char *
cut_snippet (const char *text, GArray *tokens, guint from)
{
  GString *out = g_string_new (from > 0 ? "…" : "");
  guint to = MIN (from + SNIPPET_TOKENS, tokens->len);
  int open_until = -1;

  for (guint i = from; i < to; i++)
    {
      Token *token = &g_array_index (tokens, Token, i);

      if (i > from)
        append_gap (out, text + g_array_index (tokens, Token, i - 1).end,
                    token->start - g_array_index (tokens, Token, i - 1).end);
      if (token->length > 0)
        {
          g_string_append_c (out, '\001');
          open_until = (int) MIN (i + (guint) token->length, to) - 1;
        }
      g_string_append_len (out, text + token->start, token->end - token->start);
      if ((int) i == open_until)
        g_string_append_c (out, '\002');
    }
  if (to < tokens->len)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

char *
loket_kb_snippet (LoketKbTokenizer *self, const char *text, GPtrArray *phrases,
                  const char *prefix, gboolean any)
{
  Snippet snippet = { g_string_chunk_new (1024), g_array_new (FALSE, FALSE, sizeof (Token)),
                      phrases, prefix };
  char *out = NULL;

  g_return_val_if_fail (self != NULL && phrases != NULL, NULL);

  loket_kb_tokenize (self, text, -1, FALSE, collect_token, &snippet);
  if (mark_tokens (&snippet) > 0 || any)
    out = cut_snippet (text != NULL ? text : "", snippet.tokens, best_window (snippet.tokens));
  g_string_chunk_free (snippet.chunk);
  g_array_unref (snippet.tokens);
  return out;
}

/* ---- the FTS5 tokenizer ------------------------------------------------------------------ */

typedef struct {
  void *ctx;
  int (*token) (void *ctx, int flags, const char *token, int n_token, int start, int end);
} Fts5Call;

static int
fts5_token (gpointer data, const char *folded, int n_folded, const char *stem, int n_stem,
            int start, int end)
{
  Fts5Call *call = data;

  (void) folded;
  (void) n_folded;
  return call->token (call->ctx, 0, stem, n_stem, start, end);
}

static int
fts5_create (void *context, const char **args, int n_args, Fts5Tokenizer **out)
{
  (void) context;
  (void) args;
  (void) n_args;
  *out = (Fts5Tokenizer *) loket_kb_tokenizer_new ();
  return SQLITE_OK;
}

static void
fts5_delete (Fts5Tokenizer *tokenizer)
{
  loket_kb_tokenizer_free ((LoketKbTokenizer *) tokenizer);
}

static int
fts5_tokenize (Fts5Tokenizer *tokenizer, void *ctx, int flags, const char *text, int n,
               int (*token) (void *, int, const char *, int, int, int))
{
  Fts5Call call = { ctx, token };

  return loket_kb_tokenize ((LoketKbTokenizer *) tokenizer, text, n,
                            (flags & FTS5_TOKENIZE_PREFIX) != 0, fts5_token, &call);
}

/* SQLite hands out its fts5_api only through a pointer-passing SQL function. */
static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/* loket_kb_rank (kb_fts): how well the row matches, lower is better (as bm25): for every
 * phrase of the query, its occurrences in each column, saturated (the third says little more
 * than the second) and weighed by the column: title 10, public text 2, internal text 1.5.
 *
 * Cheaper than FTS5's bm25, on purpose: bm25 first runs every phrase of the query over the
 * whole index for its document frequency (a common word or a word being typed: thousands of
 * articles, each keystroke), and reads each row's column sizes from kb_fts_docsize.  This reads
 * only the row's own matches.  The trade-off: no rarity weight (every part of the query must
 * match anyway, so it only weighs the parts against each other) and no length normalisation
 * (saturation keeps a long article from winning on repetition). */
#define RANK_COLUMNS 3

static void
rank_function (const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
               int n_args, sqlite3_value **args)
{
  static const double weight[RANK_COLUMNS] = { 10.0, 2.0, 1.5 };
  int n_phrases = api->xPhraseCount (fts), n_inst = 0;
  g_autofree int *counts = g_new0 (int, (gsize) MAX (n_phrases, 1) * RANK_COLUMNS);
  double score = 0;

  (void) n_args;
  (void) args;
  if (api->xInstCount (fts, &n_inst) != SQLITE_OK)
    {
      sqlite3_result_double (context, 0);
      return;
    }
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, column, offset;

      if (api->xInst (fts, i, &phrase, &column, &offset) == SQLITE_OK && column < RANK_COLUMNS)
        counts[phrase * RANK_COLUMNS + column]++;
    }
  for (int i = 0; i < n_phrases * RANK_COLUMNS; i++)
    score += weight[i % RANK_COLUMNS] * counts[i] / (counts[i] + 1.2);
  sqlite3_result_double (context, -score);
}

int
loket_kb_tokenizer_register (sqlite3 *db)
{
  static fts5_tokenizer tokenizer = { fts5_create, fts5_delete, fts5_tokenize };
  fts5_api *api = get_fts5_api (db);
  int rc;

  if (api == NULL)
    return SQLITE_ERROR;
  rc = api->xCreateTokenizer (api, "loket_nl", NULL, &tokenizer, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction (api, "loket_kb_rank", NULL, rank_function, NULL);
  return rc;
}

/* ---- Markdown to plain text --------------------------------------------------------------- */

/* The end of a link's target "(…)" that starts at p, or NULL when p holds none. */
static const char *
skip_target (const char *p)
{
  int depth = 0;

  if (*p != '(')
    return NULL;
  for (; *p != '\0' && *p != '\n'; p++)
    if (*p == '(')
      depth++;
    else if (*p == ')' && --depth == 0)
      return p + 1;
  return NULL;
}

/* Skips a line's block markers: heading #s, quote >s, list bullets and numbers. */
static const char *
skip_line_start (const char *p)
{
  const char *q;

  while (*p == ' ' || *p == '\t' || *p == '>')
    p++;
  q = p;
  while (*q == '#')
    q++;
  if (q > p && (*q == ' ' || *q == '\0' || *q == '\n'))
    return *q == ' ' ? q + 1 : q;
  if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
    return p + 2;
  q = p;
  while (g_ascii_isdigit (*q))
    q++;
  if (q > p && (*q == '.' || *q == ')') && q[1] == ' ')
    return q + 2;
  return p;
}

/* A line of only a fence, a rule or table dashes ("```", "---", "|---|") says nothing. */
static gboolean
is_marker_line (const char *p, const char *end)
{
  for (; p < end; p++)
    if (strchr ("`~-=*_|: \t", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* A reference definition "[label]: target" is all target. */
static gboolean
is_reference_line (const char *p)
{
  const char *close;

  while (*p == ' ')
    p++;
  return *p == '[' && (close = strchr (p, ']')) != NULL && close[1] == ':'
         && memchr (p, '\n', (gsize) (close - p)) == NULL;
}

static void
plain_line (GString *out, const char *p, const char *end)
{
  for (p = skip_line_start (p); p < end; p++)
    {
      const char *after;

      if (*p == '<' && (after = memchr (p, '>', (gsize) (end - p))) != NULL)
        p = after;  /* an autolink or an HTML tag */
      else if (*p == ']' && (after = skip_target (p + 1)) != NULL)
        p = after - 1;
      else if (*p == '!' && p[1] == '[')
        continue;
      else if (strchr ("*_`[]#\\", *p) != NULL)
        continue;
      else if (*p == '|')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}

char *
loket_kb_plain_text (const char *markdown)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = markdown != NULL ? markdown : "";

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');

      if (end == NULL)
        end = p + strlen (p);
      if (!is_marker_line (p, end) && !is_reference_line (p))
        {
          plain_line (out, p, end);
          g_string_append_c (out, '\n');
        }
      p = *end == '\n' ? end + 1 : end;
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
