#pragma once

/* loket-kb-search.h — searching the knowledge base offline, in Dutch.
 *
 * The replica keeps kb_fts (SQLite FTS5) over the published articles: title, public text and
 * internal text, as plain text (Markdown syntax and link targets left out).  Its tokenizer
 * "loket_nl" folds case and diacritics and stems every word with Snowball's Dutch stemmer
 * (libstemmer), so "paspoorten" finds "paspoort".  A query is expanded with the editors'
 * synonym groups (kb_synonyms: "identiteitskaart" also finds "ID-kaart"); the last word, still
 * being typed, also matches as a prefix.  Ranking: bm25 with the title weighing most, and a
 * boost for often-used articles (kb_article_usage). */

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

G_END_DECLS
