#pragma once

/* loket-kb-search.h — searching the knowledge base offline, in Dutch.
 *
 * The replica keeps kb_fts (SQLite FTS5) over the published articles: title, public text and
 * internal text, as plain text (Markdown syntax and link targets left out).  Its tokenizer
 * "loket_nl" folds case and diacritics and stems every word with Snowball's Dutch stemmer
 * (libstemmer), so "paspoorten" finds "paspoort".  A query is expanded with the editors'
 * synonym groups (kb_synonyms: "identiteitskaart" also finds "ID-kaart"); the last word, still
 * being typed, also matches as a prefix.  Ranking: the matches per column with the title
 * weighing most (loket_kb_rank, a cheap bm25), and a boost for often-used articles
 * (kb_article_usage). */

#include <sqlite3.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Registers the tokenizer "loket_nl" and the SQL function loket_kb_plain (markdown) → plain
 * text on a connection.  loket_db_open calls it for every connection, on both sides: the
 * server builds snapshot files with the replica's schema. */
gboolean      loket_kb_search_register   (sqlite3 *db, GError **error);

/* The published articles that match query, best first, at most limit: id, kind, title,
 * snippet (the best matching passage, plain text, each matched word between U+0001 and U+0002)
 * and uses.  An empty or blank query gives an empty list.  Never fails on odd input (quotes,
 * operators, stray punctuation): it is a search box. */
GListModel   *loket_replica_search_kb    (LoketReplica *self, const char *query, guint limit);

/* Remembers a search for the editors' figures (record_search through the outbox): the query
 * as typed and the number of articles it found.  A query that looks like personal data (five
 * or more digits, an "@") or is blank is not recorded (returns TRUE). */
gboolean      loket_replica_record_search (LoketReplica *self, const char *query, guint hits,
                                           GError **error);

/* ---- the words of the index (loket-kb-tokenizer.c), for the search and its tests ---- */

typedef struct _LoketKbTokenizer LoketKbTokenizer;

/* Called for each word of a text: its folded form, its stem (the folded form again for a
 * prefix), and where it is in the text (bytes).  Not SQLITE_OK stops the tokenizing. */
typedef int (*LoketKbTokenFunc) (gpointer data, const char *folded, int n_folded,
                                 const char *stem, int n_stem, int start, int end);

/* One Snowball stemmer: use a tokenizer from one thread at a time. */
LoketKbTokenizer *loket_kb_tokenizer_new      (void);
void              loket_kb_tokenizer_free     (LoketKbTokenizer *self);
/* Splits text (n bytes, or -1 up to its NUL) into runs of letters and digits, folds them (lower
 * case, no diacritics) and, unless prefix, stems them as Dutch.  Returns SQLITE_OK or what func
 * returned. */
int               loket_kb_tokenize           (LoketKbTokenizer *self, const char *text, int n,
                                               gboolean prefix, LoketKbTokenFunc func,
                                               gpointer data);
/* A passage of text (plain, at most 16 words) where the most different phrases occur, each
 * occurrence between U+0001 and U+0002, "…" where text goes on.  phrases: a GPtrArray of
 * phrases, each a GPtrArray of stems (char *) that must follow each other; prefix, when not
 * NULL, also marks every word whose stem begins so (as FTS5 matches a prefix).  NULL when
 * nothing in text matches, unless any: then its beginning. */
char             *loket_kb_snippet            (LoketKbTokenizer *self, const char *text,
                                               GPtrArray *phrases, const char *prefix,
                                               gboolean any);
/* Registers the FTS5 tokenizer "loket_nl" and the auxiliary function loket_kb_rank (the
 * search's ranking, lower is better; an SQLite result code). */
int               loket_kb_tokenizer_register (sqlite3 *db);
/* Markdown as plain text: no markers, link text without its target (what loket_kb_plain
 * returns). */
char             *loket_kb_plain_text         (const char *markdown);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketKbTokenizer, loket_kb_tokenizer_free)

G_END_DECLS
