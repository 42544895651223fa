/* Searching the knowledge base on a replica, offline (no server): Dutch stems, synonyms,
 * folded diacritics, search as you type, drafts never found, the ranking (title, usage), odd
 * input, the index following the articles, snippets, and which searches are remembered. */
#include <string.h>

#include "loket-kb-search.h"
#include "loket-protocol.h"
#include "loket-record.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
} Fixture;

static LoketDb *
db_of (Fixture *f)
{
  return loket_replica_get_db (f->replica);
}

static void
add_article (Fixture *f, const char *id, const char *status, const char *title,
             const char *public_body, const char *internal_body)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "kind", "product");
  json_object_set_string_member (row, "title", title);
  json_object_set_string_member (row, "public_body", public_body);
  json_object_set_string_member (row, "internal_body", internal_body);
  json_object_set_string_member (row, "status", status);
  json_object_set_int_member (row, "rev", g_str_equal (status, "draft") ? 0 : 1);
  json_object_set_string_member (row, "updated_at", "2030-03-01T09:00:00Z");
  g_assert_true (loket_db_upsert_row (db_of (f), "kb_articles", row, &error));
  g_assert_no_error (error);
}

static void
add_synonyms (Fixture *f, const char *id, const char *terms_json)
{
  g_autoptr(JsonNode) terms = json_from_string (terms_json, NULL);
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;

  /* terms is JSON text in its column. */
  g_assert_nonnull (terms);
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "terms", terms_json);
  json_object_set_string_member (row, "updated_at", "2030-03-01T09:00:00Z");
  g_assert_true (loket_db_upsert_row (db_of (f), "kb_synonyms", row, &error));
  g_assert_no_error (error);
}

static void
set_uses (Fixture *f, const char *id, int uses)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"uses\":%d}", id, uses);

  loket_test_add_row (db_of (f), "kb_article_usage", json);
}

static GListModel *
search (Fixture *f, const char *query)
{
  return loket_replica_search_kb (f->replica, query, 20);
}

/* The ids found, in order, one space apart ("" for none). */
static char *
ids (Fixture *f, const char *query)
{
  g_autoptr(GListModel) hits = search (f, query);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
    {
      g_autoptr(LoketRecord) hit = g_list_model_get_item (hits, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, loket_record_get_id (hit));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
finds (Fixture *f, const char *query, const char *id)
{
  g_autofree char *found = ids (f, query);
  g_auto(GStrv) list = g_strsplit (found, " ", -1);

  return g_strv_contains ((const char *const *) list, id);
}

static void
assert_first (Fixture *f, const char *query, const char *id)
{
  g_autofree char *found = ids (f, query);
  g_auto(GStrv) list = g_strsplit (found, " ", -1);

  if (list[0] == NULL || !g_str_equal (list[0], id))
    g_error ("\"%s\" found \"%s\", not %s first", query, found, id);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  (void) data;
  f->replica = loket_test_replica_new ("kb-search");

  add_article (f, "lost", "published", "Paspoort of ID-kaart kwijt of gestolen",
               "Bent u uw **paspoort** kwijtgeraakt of is het gestolen? Doe eerst aangifte bij de "
               "politie. Daarna vraagt u een nieuw [reisdocument](https://example.nl/aanvragen) "
               "aan.", "Controleer het register van vermiste reisdocumenten.");
  add_article (f, "passport", "published", "Paspoort aanvragen",
               "U vraagt een paspoort aan bij de gemeente waar u woont. Neem een pasfoto mee.",
               "");
  add_article (f, "idcard", "published", "ID-kaart aanvragen",
               "Een ID-kaart is 10 jaar geldig. U kunt ermee reizen binnen Europa.", "");
  add_article (f, "license", "published", "Rijbewijs verlengen",
               "Is uw rijbewijs bijna verlopen of kwijt? Vraag op tijd een nieuw rijbewijs aan.",
               "");
  add_article (f, "extract", "published", "Uittreksel BRP",
               "Een uittreksel uit de Basisregistratie Personen (BRP) vraagt u online aan.", "");
  add_article (f, "wedding", "published", "Trouwen of geregistreerd partnerschap",
               "Wilt u trouwen? Meld dit minstens vier weken vooraf bij ons.", "");
  add_article (f, "reunion", "published", "Reünie in de raadszaal",
               "Vraag de zaal aan voor een reünie van oud-raadsleden.", "");
  add_article (f, "coordination", "published", "Overleg zorgaanbieders",
               "De coordinatie van de wijkteams ligt bij de gemeente.", "");
  add_article (f, "draft", "draft", "Paspoort geheim concept",
               "Een geheim concept over het paspoort.", "");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  (void) data;
  loket_test_replica_free (f->replica);
}

/* Done when 1: a plural finds the article on a lost passport, first. */
static void
test_lost_passport (Fixture *f, gconstpointer data)
{
  (void) data;
  assert_first (f, "paspoorten kwijt", "lost");
  assert_first (f, "Paspoort kwijt ", "lost");
  assert_first (f, "ik ben mijn paspoort kwijt", "lost");
  g_assert_false (finds (f, "paspoorten kwijt", "license"));
}

/* Done when 1: "identiteitskaart" finds the article that only says "ID-kaart" through the
 * editors' synonym group, and not without it. */
static void
test_synonyms (Fixture *f, gconstpointer data)
{
  (void) data;
  g_assert_false (finds (f, "identiteitskaart", "idcard"));
  g_assert_false (finds (f, "GBA", "extract"));
  g_assert_false (finds (f, "huwelijk", "wedding"));

  add_synonyms (f, "s1", "[\"ID-kaart\", \"identiteitskaart\"]");
  add_synonyms (f, "s2", "[\"BRP\", \"GBA\", \"gemeentelijke basisadministratie\"]");
  add_synonyms (f, "s3", "[\"trouwen\", \"huwelijk\"]");

  assert_first (f, "identiteitskaart aanvragen", "idcard");
  g_assert_true (finds (f, "identiteitskaart", "idcard"));
  g_assert_true (finds (f, "identiteitskaarten ", "lost"));
  assert_first (f, "GBA", "extract");
  assert_first (f, "gemeentelijke basisadministratie", "extract");
  assert_first (f, "huwelijk", "wedding");
  g_assert_true (finds (f, "id-kaart", "idcard"));

  /* A group that goes stops working at once. */
  g_assert_true (loket_db_delete_row (db_of (f), "kb_synonyms", "s3", NULL));
  g_assert_false (finds (f, "huwelijk", "wedding"));
}

static void
test_diacritics (Fixture *f, gconstpointer data)
{
  (void) data;
  assert_first (f, "reünie", "reunion");
  assert_first (f, "reunie", "reunion");
  assert_first (f, "REÜNIE ", "reunion");
  assert_first (f, "coördinatie", "coordination");
  assert_first (f, "coordinatie", "coordination");
}

/* Search as you type: the last word matches as a prefix until a space follows it. */
static void
test_prefix (Fixture *f, gconstpointer data)
{
  (void) data;
  g_assert_true (finds (f, "paspo", "passport"));
  g_assert_true (finds (f, "paspo", "lost"));
  g_assert_true (finds (f, "p", "passport"));
  g_assert_true (finds (f, "rijbew", "license"));
  assert_first (f, "paspoort kw", "lost");
  g_assert_false (finds (f, "paspo ", "passport"));
  g_assert_false (finds (f, "paspo", "draft"));
}

static void
test_drafts_never_found (Fixture *f, gconstpointer data)
{
  (void) data;
  g_assert_false (finds (f, "paspoort", "draft"));
  g_assert_false (finds (f, "geheim", "draft"));
  g_assert_false (finds (f, "concept", "draft"));
}

/* The title weighs most; among equals, the more used article comes first. */
static void
test_ranking (Fixture *f, gconstpointer data)
{
  (void) data;
  add_article (f, "in-title", "published", "Parkeervergunning",
               "Bewoners van de binnenstad kunnen een vergunning krijgen voor de auto.", "");
  add_article (f, "in-body", "published", "Auto in de binnenstad",
               "Bewoners kunnen een parkeervergunning krijgen voor de binnenstad.", "");
  assert_first (f, "parkeervergunning", "in-title");

  add_article (f, "dog-a", "published", "Hondenbelasting", "Voor elke hond betaalt u belasting.",
               "");
  add_article (f, "dog-b", "published", "Hondenbelasting", "Voor elke hond betaalt u belasting.",
               "");
  set_uses (f, "dog-b", 40);
  assert_first (f, "hondenbelasting", "dog-b");
  set_uses (f, "dog-a", 400);
  assert_first (f, "hondenbelasting", "dog-a");
}

/* A search box: nothing the user types makes the search fail (a warning would end the test:
 * G_DEBUG=fatal-warnings). */
static void
test_odd_input (Fixture *f, gconstpointer data)
{
  const char *const odd[] = {
    "\"", "\"paspoort", "paspoort\"", "*", "paspoort*", "AND", "OR", "NOT", "paspoort AND",
    "NEAR(paspoort kwijt)", "(", ")", "((paspoort", "-", "^paspoort", ":", "title:paspoort",
    "{title}: paspoort", "+", "'", "' OR 1=1 --", "...", "?!", "\\", "€", "\xf0\x9f\x98\x80", "",
    "   ", "\xff\xfe paspoort", "a\x01" "b", NULL,
  };
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *hits_long = NULL;

  (void) data;
  for (guint i = 0; odd[i] != NULL; i++)
    {
      g_autoptr(GListModel) hits = search (f, odd[i]);

      g_assert_nonnull (hits);
    }
  while (long_text->len < 2000)
    g_string_append (long_text, "paspoort \"kwijt\" (AND) * ");
  g_clear_pointer (&hits_long, g_free);
  hits_long = ids (f, long_text->str);
  g_string_truncate (long_text, 0);
  while (long_text->len < 2000)
    g_string_append_c (long_text, 'p');
  g_clear_pointer (&hits_long, g_free);
  hits_long = ids (f, long_text->str);
  g_assert_cmpstr (hits_long, ==, "");
  g_assert_true (finds (f, "\"paspoort\"", "passport"));
  g_assert_true (finds (f, "paspoort*", "passport"));
}

/* An article that becomes published enters the index; one deleted leaves it. */
static void
test_index_follows (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  add_article (f, "late", "draft", "Afvalpas", "Met de afvalpas opent u de container.", "");
  g_assert_false (finds (f, "afvalpas", "late"));
  add_article (f, "late", "published", "Afvalpas", "Met de afvalpas opent u de container.", "");
  assert_first (f, "afvalpas", "late");
  add_article (f, "late", "published", "Milieupas", "Met de milieupas opent u de container.", "");
  g_assert_false (finds (f, "afvalpas", "late"));
  assert_first (f, "milieupas", "late");
  g_assert_true (loket_db_delete_row (db_of (f), "kb_articles", "late", &error));
  g_assert_no_error (error);
  g_assert_false (finds (f, "milieupas", "late"));
  g_assert_false (finds (f, "container", "late"));
}

static void
test_snippets (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(LoketRecord) first = NULL;
  const char *snippet;

  (void) data;
  hits = search (f, "gestolen politie");
  first = g_list_model_get_item (hits, 0);
  g_assert_nonnull (first);
  g_assert_cmpstr (loket_record_get_id (first), ==, "lost");
  g_assert_cmpstr (loket_record_get_string (first, "kind"), ==, "product");
  snippet = loket_record_get_string (first, "snippet");
  g_assert_nonnull (strstr (snippet, "\001politie\002"));
  g_assert_nonnull (strstr (snippet, "\001gestolen\002"));
  /* Plain text: no Markdown markers, no link target. */
  g_assert_null (strstr (snippet, "**"));
  g_assert_null (strstr (snippet, "https"));
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
}

/* The snippet of query's row id (the search must find it). */
static char *
snippet_of (Fixture *f, const char *query, const char *id)
{
  g_autoptr(GListModel) hits = search (f, query);

  for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
    {
      g_autoptr(LoketRecord) hit = g_list_model_get_item (hits, i);

      if (g_str_equal (loket_record_get_id (hit), id))
        return g_strdup (loket_record_get_string (hit, "snippet"));
    }
  g_error ("\"%s\" did not find %s", query, id);
  return NULL;
}

/* What the snippets mark is what matched: the word being typed, a synonym's words together,
 * nothing for a match in the title alone; a long text is cut around the match. */
static void
test_snippet_marks (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *typed = NULL;
  g_autofree char *synonym = NULL;
  g_autofree char *title_only = NULL;
  g_autofree char *cut = NULL;

  (void) data;
  typed = snippet_of (f, "paspo", "passport");
  g_assert_nonnull (strstr (typed, "\001paspoort\002"));
  add_synonyms (f, "s1", "[\"ID-kaart\", \"identiteitskaart\"]");
  synonym = snippet_of (f, "identiteitskaart", "idcard");
  g_assert_cmpstr (synonym, ==, "Een \001ID-kaart\002 is 10 jaar geldig. U kunt ermee reizen "
                   "binnen Europa");
  title_only = snippet_of (f, "zorgaanbieders", "coordination");
  g_assert_cmpstr (title_only, ==, "De coordinatie van de wijkteams ligt bij de gemeente");

  for (guint i = 0; i < 60; i++)
    g_string_append (body, "Het loket is open op werkdagen. ");
  g_string_append (body, "Een grafsteen plaatst de steenhouwer. ");
  for (guint i = 0; i < 60; i++)
    g_string_append (body, "Het loket is open op werkdagen. ");
  add_article (f, "grave", "published", "Begraven", body->str, "");
  cut = snippet_of (f, "grafsteen", "grave");
  g_assert_true (g_str_has_prefix (cut, "…"));
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_nonnull (strstr (cut, "Een \001grafsteen\002 plaatst de steenhouwer."));
  g_assert_cmpuint (strlen (cut), <, 140);
}

static int
count_token (gpointer data, const char *folded, int n_folded, const char *stem, int n_stem,
             int start, int end)
{
  GString *out = data;

  (void) start;
  (void) end;
  g_string_append_printf (out, "%.*s/%.*s ", n_folded, folded, n_stem, stem);
  return 0;
}

/* The words: runs of letters and digits, folded, stemmed unless a prefix. */
static void
test_tokenizer (void)
{
  g_autoptr(LoketKbTokenizer) tokenizer = loket_kb_tokenizer_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  loket_kb_tokenize (tokenizer, "Paspoorten, ID-kaart; Reünie ĳs 2030!", -1, FALSE,
                     count_token, out);
  g_assert_cmpstr (out->str, ==,
                   "paspoorten/paspoort id/id kaart/kaart reunie/reunie ijs/ijs 2030/2030 ");
  g_string_truncate (out, 0);
  loket_kb_tokenize (tokenizer, "Paspoorten", -1, TRUE, count_token, out);
  g_assert_cmpstr (out->str, ==, "paspoorten/paspoorten ");
}

static void
test_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = loket_kb_plain_text ("# Paspoort\n\n- Neem **een pasfoto** mee\n"
                                                "- Zie [de kosten](https://x.nl/kosten) en "
                                                "<https://x.nl>\n\n```\n1. Betaal `€ 75`\n");

  (void) data;
  g_assert_cmpstr (plain, ==, "Paspoort\nNeem een pasfoto mee\nZie de kosten en \n"
                   "Betaal € 75");
  stmt = loket_db_prepare (db_of (f), "SELECT loket_kb_plain ('[a](b) _c_'), "
                           "loket_kb_plain (NULL)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "a c");
  g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_NULL);
}

static gint64
outbox_count (Fixture *f, const char *type)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db_of (f),
    "SELECT count(*) FROM outbox WHERE type = ?", NULL);

  loket_db_bind_text (stmt, 1, type);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Remembered through the outbox, except what is blank or looks like a customer's data. */
static void
test_record_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) args = NULL;

  (void) data;
  g_assert_true (loket_replica_record_search (f->replica, "123456789", 0, &error));
  g_assert_true (loket_replica_record_search (f->replica, "a@b.nl", 0, &error));
  g_assert_true (loket_replica_record_search (f->replica, "06 1234 5678", 0, &error));
  g_assert_true (loket_replica_record_search (f->replica, "   ", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, LOKET_MUTATION_RECORD_SEARCH), ==, 0);

  g_assert_true (loket_replica_record_search (f->replica, " paspoort kwijt ", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, LOKET_MUTATION_RECORD_SEARCH), ==, 1);
  stmt = loket_db_prepare (db_of (f), "SELECT args FROM outbox WHERE type = ?", NULL);
  loket_db_bind_text (stmt, 1, LOKET_MUTATION_RECORD_SEARCH);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  args = loket_protocol_parse_object ((const char *) sqlite3_column_text (stmt, 0), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (args, "query"), ==, "paspoort kwijt");
  g_assert_cmpint (json_object_get_int_member (args, "hits"), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/kb-search/lost-passport", test_lost_passport);
  ADD ("/kb-search/synonyms", test_synonyms);
  ADD ("/kb-search/diacritics", test_diacritics);
  ADD ("/kb-search/prefix", test_prefix);
  ADD ("/kb-search/drafts", test_drafts_never_found);
  ADD ("/kb-search/ranking", test_ranking);
  ADD ("/kb-search/odd-input", test_odd_input);
  ADD ("/kb-search/index-follows", test_index_follows);
  ADD ("/kb-search/snippets", test_snippets);
  ADD ("/kb-search/snippet-marks", test_snippet_marks);
  ADD ("/kb-search/plain", test_plain);
  ADD ("/kb-search/record-search", test_record_search);
#undef ADD
  g_test_add_func ("/kb-search/tokenizer", test_tokenizer);
  return g_test_run ();
}
