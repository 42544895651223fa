/* test-store-kb.c — the server store's knowledge base, in-process: drafts, submitting, four
 * eyes (the author never approves; a second editor publishes), revision-checked publication
 * (two drafts of one rev: the second is kept as a conflict), rejecting with a note, a draft
 * saved again after it was published, replays, synonym groups, the search figures (normalised,
 * without queries that look like personal data) and who pulls them, the usage a contact
 * moment counts, and the article's public path (slug).
 *
 * Every mutation goes through a real push of the device's next sequence number.  The fixture
 * is plain SQL: two knowledge editors, a clerk and their devices, one product. */
#include "config.h"

#include <string.h>

#include "loket-protocol.h"
#include "loket-store-private.h"
#include "loket-store.h"
#include "loket-test-admin.h"
#include "loket-test-server.h"
#include "loket-test-store.h"

enum { IRIS, BAS, CLERK, N_DESKS };

static const char *const device_ids[N_DESKS] = { "dev-iris", "dev-bas", "dev-clerk" };

typedef struct
{
  char       *dir;
  LoketStore *store;
  gint64      seq[N_DESKS];
} Fixture;

static const char fixture_sql[] =
  "INSERT INTO locations (id, name, kind) VALUES ('loc-1', 'Stadhuis', 'stadhuis');"
  "INSERT INTO teams (id, name, location_id) VALUES ('team-kcc', 'KCC', 'loc-1');"
  "INSERT INTO product_groups (id, name) VALUES ('grp-bz', 'Burgerzaken');"
  "INSERT INTO products (id, group_id, name, norm_minutes, handling_level, line) VALUES"
  " ('prd-pas', 'grp-bz', 'Paspoort', 10, 1, 2);"
  "INSERT INTO roles (id, name) VALUES ('medewerker', 'Medewerker'),"
  " ('redacteur', 'Kennisredacteur');"
  "INSERT INTO users (id, username, display_name, role_id, location_id, team_id) VALUES"
  " ('usr-iris', 'redactie', 'Iris Meijer', 'redacteur', 'loc-1', 'team-kcc'),"
  " ('usr-bas', 'kennis', 'Bas Vermeulen', 'redacteur', 'loc-1', 'team-kcc'),"
  " ('usr-clerk', 'balie', 'Fatima Bouzid', 'medewerker', 'loc-1', 'team-kcc');"
  "INSERT INTO devices (id, user_id, token_hash, created_at) VALUES"
  " ('dev-iris', 'usr-iris', 'hash-iris', '2029-01-01T00:00:00Z'),"
  " ('dev-bas', 'usr-bas', 'hash-bas', '2029-01-01T00:00:00Z'),"
  " ('dev-clerk', 'usr-clerk', 'hash-clerk', '2029-01-01T00:00:00Z');";

/* ---- helpers --------------------------------------------------------------------------------- */

static gint64
count (Fixture *f, const char *sql)
{
  return loket_test_admin_count (loket_store_get_db (f->store), sql);
}

static void
assert_value (Fixture *f, const char *sql, const char *expected)
{
  g_autofree char *got = loket_test_admin_value (loket_store_get_db (f->store), sql);

  g_assert_cmpstr (got, ==, expected);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->store = loket_test_store_new ("loket-store-kb-XXXXXX", fixture_sql, &f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  loket_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Pushes one mutation as the device's seq (0: its next); returns the whole answer. */
static JsonObject *
push_seq (Fixture *f, guint desk, gint64 seq, const char *type, const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answer;

  if (seq == 0)
    seq = ++f->seq[desk];
  batch = g_strdup_printf ("[{\"seq\": %" G_GINT64_FORMAT ", \"type\": \"%s\","
                           " \"client_time\": \"2030-01-07T10:00:00Z\", \"args\": %s}]", seq,
                           type, args);
  node = json_from_string (batch, &error);
  g_assert_no_error (error);
  answer = loket_store_push (f->store, device_ids[desk], json_node_get_array (node), &error);
  g_assert_no_error (error);
  return answer;
}

/* Pushes one mutation as the desk's next; checks and returns its result. */
static JsonObject *
push (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
      const char *code)
{
  g_autoptr(JsonObject) answer = push_seq (f, desk, 0, type, args);
  JsonObject *result = json_array_get_object_element (json_object_get_array_member (answer,
                                                                                    "results"), 0);

  loket_test_check_result (result, outcome, code);
  return json_object_ref (result);
}

static void
expect (Fixture *f, guint desk, const char *type, const char *args, const char *outcome,
        const char *code)
{
  g_autoptr(JsonObject) result = push (f, desk, type, args, outcome, code);
}

static const char *
detail (JsonObject *result, const char *member)
{
  JsonObject *details = json_object_get_object_member (result, "details");

  g_assert_nonnull (details);
  return json_object_get_string_member (details, member);
}

/* How many change log entries of a row there are with op (upsert | delete). */
static gint64
logged (Fixture *f, const char *entity, const char *row_id, const char *op)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE entity = '%s'"
                                          " AND row_id = '%s' AND op = '%s'", entity, row_id, op);

  return count (f, sql);
}

static char *
draft_args (const char *article_id, const char *revision_id, gint64 base_rev, const char *title)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"revision_id\": \"%s\", \"base_rev\": %"
                          G_GINT64_FORMAT ", \"kind\": \"product\", \"title\": \"%s\","
                          " \"public_body\": \"Doe aangifte bij de politie.\","
                          " \"internal_body\": \"Let op: vermissing registreren.\","
                          " \"product_id\": \"prd-pas\", \"product_group_id\": \"grp-bz\","
                          " \"owner_id\": \"usr-iris\", \"review_date\": \"2030-06-01\","
                          " \"related\": [\"kb-other\"]}",
                          article_id, revision_id, base_rev, title);
}

static JsonObject *
save (Fixture *f, guint desk, const char *article_id, const char *revision_id, gint64 base_rev,
      const char *title, const char *outcome, const char *code)
{
  g_autofree char *args = draft_args (article_id, revision_id, base_rev, title);

  return push (f, desk, LOKET_MUTATION_SAVE_ARTICLE, args, outcome, code);
}

static void
expect_save (Fixture *f, guint desk, const char *article_id, const char *revision_id,
             gint64 base_rev, const char *title, const char *outcome, const char *code)
{
  g_autoptr(JsonObject) result = save (f, desk, article_id, revision_id, base_rev, title,
                                       outcome, code);
}

static void
submit (Fixture *f, guint desk, const char *revision_id, const char *outcome, const char *code)
{
  g_autofree char *args = g_strdup_printf ("{\"revision_id\": \"%s\"}", revision_id);

  expect (f, desk, LOKET_MUTATION_SUBMIT_ARTICLE, args, outcome, code);
}

static JsonObject *
review (Fixture *f, guint desk, const char *revision_id, const char *decision, const char *note,
        const char *outcome, const char *code)
{
  g_autofree char *args = NULL;

  if (note != NULL)
    args = g_strdup_printf ("{\"revision_id\": \"%s\", \"decision\": \"%s\", \"note\": \"%s\"}",
                            revision_id, decision, note);
  else
    args = g_strdup_printf ("{\"revision_id\": \"%s\", \"decision\": \"%s\"}", revision_id,
                            decision);
  return push (f, desk, LOKET_MUTATION_REVIEW_ARTICLE, args, outcome, code);
}

static void
expect_review (Fixture *f, guint desk, const char *revision_id, const char *decision,
               const char *note, const char *outcome, const char *code)
{
  g_autoptr(JsonObject) result = review (f, desk, revision_id, decision, note, outcome, code);
}

/* Iris drafts and submits, Bas approves: the article is published at base_rev + 1. */
static void
publish (Fixture *f, const char *article_id, const char *revision_id, gint64 base_rev,
         const char *title)
{
  expect_save (f, IRIS, article_id, revision_id, base_rev, title, "applied", "");
  submit (f, IRIS, revision_id, "applied", "");
  expect_review (f, BAS, revision_id, "approve", NULL, "applied", "");
}

static char *
article_column (Fixture *f, const char *article_id, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM kb_articles WHERE id = '%s'", column,
                                          article_id);

  return loket_test_admin_value (loket_store_get_db (f->store), sql);
}

static void
assert_revision (Fixture *f, const char *revision_id, const char *columns, const char *expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM kb_article_revisions WHERE id = '%s'",
                                          columns, revision_id);

  assert_value (f, sql, expected);
}

/* ---- drafts ---------------------------------------------------------------------------------- */

static void
test_drafts (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) saved = save (f, IRIS, "kb-1", "rev-1", 0, "Paspoort kwijt",
                                      "applied", "");
  g_autoptr(JsonObject) other = NULL;
  const char *kept;

  g_assert_cmpstr (detail (saved, "revision_id"), ==, "rev-1");
  g_assert_cmpstr (detail (saved, "article_id"), ==, "kb-1");
  /* A new article exists as a draft: its title and kind, nothing public. */
  assert_value (f, "SELECT status || '|' || rev || '|' || title || '|' || kind || '|'"
                   " || public_body || '|' || coalesce (slug, '-') FROM kb_articles",
                "draft|0|Paspoort kwijt|product||-");
  assert_revision (f, "rev-1", "state || '|' || author_id || '|' || rev || '|' || based_on_rev"
                               " || '|' || product_group_id || '|' || review_date || '|'"
                               " || related",
                   "draft|usr-iris|0|0|grp-bz|2030-06-01|[\"kb-other\"]");
  g_assert_cmpint (logged (f, "kb_articles", "kb-1", "upsert"), ==, 1);
  g_assert_cmpint (logged (f, "kb_article_revisions", "rev-1", "upsert"), ==, 1);

  /* The author saves again: the same draft; a submitted one goes back to draft. */
  submit (f, IRIS, "rev-1", "applied", "");
  assert_revision (f, "rev-1", "state", "submitted");
  expect_save (f, IRIS, "kb-1", "rev-1", 0, "Paspoort verloren", "applied", "");
  assert_revision (f, "rev-1", "state || '|' || title || '|' || (submitted_at IS NULL)",
                   "draft|Paspoort verloren|1");
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_article_revisions"), ==, 1);
  g_assert_cmpint (logged (f, "kb_article_revisions", "rev-1", "upsert"), ==, 3);

  /* Someone else's draft is never changed: the other editor's text becomes a draft of theirs. */
  other = save (f, BAS, "kb-1", "rev-1", 0, "Paspoort vermist", "applied", "");
  kept = detail (other, "revision_id");
  g_assert_cmpstr (kept, !=, "rev-1");
  assert_revision (f, "rev-1", "title", "Paspoort verloren");
  assert_revision (f, kept, "state || '|' || author_id || '|' || title",
                   "draft|usr-bas|Paspoort vermist");
}

static void
test_draft_refusals (Fixture *f, gconstpointer data)
{
  const char *bad[] = {
    "{\"id\": \"kb-2\", \"revision_id\": \"rev-2\", \"base_rev\": 0, \"kind\": \"roman\","
    " \"title\": \"x\", \"public_body\": \"\", \"internal_body\": \"\"}",
    "{\"id\": \"kb-2\", \"revision_id\": \"rev-2\", \"base_rev\": 0, \"kind\": \"faq\","
    " \"title\": \" \", \"public_body\": \"\", \"internal_body\": \"\"}",
    "{\"id\": \"kb-2\", \"revision_id\": \"rev-2\", \"base_rev\": 0, \"kind\": \"faq\","
    " \"title\": \"x\", \"public_body\": \"\", \"internal_body\": \"\","
    " \"review_date\": \"1 juni\"}",
    "{\"id\": \"kb-2\", \"revision_id\": \"rev-2\", \"base_rev\": 0, \"kind\": \"faq\","
    " \"title\": \"x\", \"public_body\": \"\", \"internal_body\": \"\", \"related\": \"kb-1\"}",
    "{\"id\": \"kb-2\", \"base_rev\": 0, \"kind\": \"faq\", \"title\": \"x\","
    " \"public_body\": \"\", \"internal_body\": \"\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect (f, IRIS, LOKET_MUTATION_SAVE_ARTICLE, bad[i], "rejected", "invalid");
  expect (f, IRIS, LOKET_MUTATION_SAVE_ARTICLE,
          "{\"id\": \"kb-2\", \"revision_id\": \"rev-2\", \"base_rev\": 0, \"kind\": \"faq\","
          " \"title\": \"x\", \"public_body\": \"\", \"internal_body\": \"\","
          " \"product_id\": \"prd-x\"}", "rejected", "not_found");
  /* A draft of a rev of an article the server never had. */
  expect_save (f, IRIS, "kb-2", "rev-2", 3, "Paspoort", "rejected", "not_found");
  /* A clerk writes no articles: what their desk made goes out as tombstones. */
  expect_save (f, CLERK, "kb-2", "rev-2", 0, "Paspoort", "rejected", "forbidden");
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_articles"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_article_revisions"), ==, 0);
  g_assert_cmpint (logged (f, "kb_articles", "kb-2", "delete"), >=, 1);
  g_assert_cmpint (logged (f, "kb_article_revisions", "rev-2", "delete"), >=, 1);
}

/* ---- four eyes ------------------------------------------------------------------------------- */

static void
test_four_eyes (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) own = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autofree char *published_by = NULL;
  g_autofree char *slug = NULL;

  expect_save (f, IRIS, "kb-1", "rev-1", 0, "Paspoort kwijt of gestolen", "applied", "");
  /* Only the author submits; only a submitted draft is reviewed. */
  submit (f, BAS, "rev-1", "rejected", "forbidden");
  expect_review (f, BAS, "rev-1", "approve", NULL, "rejected", "invalid");
  submit (f, IRIS, "rev-1", "applied", "");
  submit (f, IRIS, "rev-1", "applied", "");  /* submitted already */

  /* No one approves their own text, and a clerk reviews nothing. */
  own = review (f, IRIS, "rev-1", "approve", NULL, "rejected", "forbidden");
  g_assert_nonnull (strstr (json_object_get_string_member (own, "message"), "own text"));
  expect_review (f, CLERK, "rev-1", "approve", NULL, "rejected", "forbidden");
  assert_revision (f, "rev-1", "state", "submitted");
  assert_value (f, "SELECT status FROM kb_articles", "draft");

  /* A second editor publishes: the article takes the draft's text and facts at rev 1. */
  approved = review (f, BAS, "rev-1", "approve", "Goed zo", "applied", "");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (approved,
                                                                              "details"), "rev"),
                   ==, 1);
  assert_value (f, "SELECT status || '|' || rev || '|' || title || '|' || public_body || '|'"
                   " || internal_body || '|' || product_id || '|' || product_group_id || '|'"
                   " || owner_id || '|' || review_date || '|' || related FROM kb_articles",
                "published|1|Paspoort kwijt of gestolen|Doe aangifte bij de politie.|"
                "Let op: vermissing registreren.|prd-pas|grp-bz|usr-iris|2030-06-01|"
                "[\"kb-other\"]");
  published_by = article_column (f, "kb-1", "published_by");
  g_assert_cmpstr (published_by, ==, "usr-bas");
  slug = article_column (f, "kb-1", "slug");
  g_assert_cmpstr (slug, ==, "paspoort-kwijt-of-gestolen");
  assert_revision (f, "rev-1", "state || '|' || rev || '|' || reviewed_by || '|' || review_note"
                               " || '|' || conflict", "published|1|usr-bas|Goed zo|0");
  /* Approving it again (another device of the reviewer) changes nothing. */
  expect_review (f, BAS, "rev-1", "approve", NULL, "applied", "");
  assert_value (f, "SELECT rev FROM kb_articles", "1");

  /* A second publication: a new title, the slug kept, every published version kept. */
  publish (f, "kb-1", "rev-2", 1, "Reisdocument vermist");
  assert_value (f, "SELECT rev || '|' || title || '|' || slug FROM kb_articles",
                "2|Reisdocument vermist|paspoort-kwijt-of-gestolen");
  assert_value (f, "SELECT group_concat (rev, ',') FROM (SELECT rev FROM kb_article_revisions"
                   " WHERE article_id = 'kb-1' AND state = 'published' ORDER BY rev)", "1,2");
}

static void
test_concurrent_approvals (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) lost = NULL;
  gint64 article_logs;

  publish (f, "kb-1", "rev-1", 0, "Paspoort kwijt");
  /* Two editors draft from rev 1; each approves the other's. */
  expect_save (f, IRIS, "kb-1", "rev-iris", 1, "Versie Iris", "applied", "");
  expect_save (f, BAS, "kb-1", "rev-bas", 1, "Versie Bas", "applied", "");
  submit (f, IRIS, "rev-iris", "applied", "");
  submit (f, BAS, "rev-bas", "applied", "");
  expect_review (f, BAS, "rev-iris", "approve", NULL, "applied", "");
  article_logs = logged (f, "kb_articles", "kb-1", "upsert");

  /* The second is based on a rev that is gone: kept, never overwriting the first. */
  lost = review (f, IRIS, "rev-bas", "approve", NULL, "conflict", "article_conflict");
  g_assert_cmpstr (detail (lost, "revision_id"), ==, "rev-bas");
  assert_value (f, "SELECT rev || '|' || title FROM kb_articles", "2|Versie Iris");
  assert_revision (f, "rev-bas", "state || '|' || conflict || '|' || rev || '|' || title",
                   "conflict|1|2|Versie Bas");
  /* The article goes out again, so the reviewer's desk gives up its local publication. */
  g_assert_cmpint (logged (f, "kb_articles", "kb-1", "upsert"), ==, article_logs + 1);
  /* Approved again: the same answer. */
  expect_review (f, IRIS, "rev-bas", "approve", NULL, "conflict", "article_conflict");

  /* The lost text is saved again: a new draft, the kept version unchanged. */
  expect_save (f, BAS, "kb-1", "rev-bas", 2, "Versie Bas en Iris", "applied", "");
  assert_revision (f, "rev-bas", "title", "Versie Bas");
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_article_revisions WHERE state = 'draft'"
                          " AND title = 'Versie Bas en Iris' AND based_on_rev = 2"), ==, 1);
}

static void
test_reject_needs_note (Fixture *f, gconstpointer data)
{
  expect_save (f, IRIS, "kb-1", "rev-1", 0, "Trouwen", "applied", "");
  submit (f, IRIS, "rev-1", "applied", "");
  expect_review (f, BAS, "rev-1", "reject", NULL, "rejected", "invalid");
  expect_review (f, BAS, "rev-1", "reject", "  ", "rejected", "invalid");
  expect_review (f, BAS, "rev-1", "maybe", "Hmm", "rejected", "invalid");
  assert_revision (f, "rev-1", "state", "submitted");
  expect_review (f, BAS, "rev-1", "reject", "Kosten ontbreken", "applied", "");
  assert_revision (f, "rev-1", "state || '|' || review_note || '|' || reviewed_by",
                   "rejected|Kosten ontbreken|usr-bas");
  assert_value (f, "SELECT status || '|' || rev FROM kb_articles", "draft|0");
  /* The author submits it again as it is, or after a change. */
  submit (f, IRIS, "rev-1", "applied", "");
  assert_revision (f, "rev-1", "state", "submitted");
}

static void
test_resave_published (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) again = NULL;
  const char *kept;

  publish (f, "kb-1", "rev-1", 0, "Paspoort kwijt");
  /* The author's desk saved its draft again before it heard of the publication. */
  again = save (f, IRIS, "kb-1", "rev-1", 0, "Paspoort kwijt, aangevuld", "applied", "");
  kept = detail (again, "revision_id");
  g_assert_cmpstr (kept, !=, "rev-1");
  assert_revision (f, "rev-1", "state || '|' || title", "published|Paspoort kwijt");
  assert_revision (f, kept, "state || '|' || title || '|' || author_id",
                   "draft|Paspoort kwijt, aangevuld|usr-iris");
  /* The published version goes out again, replacing the desk's local change of it. */
  g_assert_cmpint (logged (f, "kb_article_revisions", "rev-1", "upsert"), >=, 4);
  assert_value (f, "SELECT rev || '|' || title FROM kb_articles", "1|Paspoort kwijt");
}

static void
test_replay (Fixture *f, gconstpointer data)
{
  g_autofree char *args = draft_args ("kb-1", "rev-1", 0, "Paspoort kwijt");
  g_autoptr(JsonObject) first = push_seq (f, IRIS, 1, LOKET_MUTATION_SAVE_ARTICLE, args);
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  gint64 logs = count (f, "SELECT count(*) FROM change_log");

  /* The same seq again (a push whose answer was lost): the stored answer, nothing applied. */
  second = push_seq (f, IRIS, 1, LOKET_MUTATION_SAVE_ARTICLE, args);
  first_text = loket_protocol_to_string (first);
  second_text = loket_protocol_to_string (second);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log"), ==, logs);
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_article_revisions"), ==, 1);
  f->seq[IRIS] = 1;

  /* Records of searches are counted once per seq too. */
  g_clear_pointer (&first, json_object_unref);
  g_clear_pointer (&second, json_object_unref);
  first = push_seq (f, CLERK, 1, LOKET_MUTATION_RECORD_SEARCH,
                    "{\"query\": \"paspoort\", \"hits\": 2}");
  second = push_seq (f, CLERK, 1, LOKET_MUTATION_RECORD_SEARCH,
                     "{\"query\": \"paspoort\", \"hits\": 2}");
  assert_value (f, "SELECT searches FROM kb_search_stats", "1");
}

/* ---- synonyms, searches, usage --------------------------------------------------------------- */

static void
test_synonyms (Fixture *f, gconstpointer data)
{
  expect (f, IRIS, LOKET_MUTATION_SAVE_SYNONYMS,
          "{\"id\": \"syn-1\", \"terms\": [\"ID-kaart\", \" identiteitskaart \", \"id-kaart\","
          " \"\"]}", "applied", "");
  assert_value (f, "SELECT terms || '|' || updated_by FROM kb_synonyms",
                "[\"ID-kaart\",\"identiteitskaart\"]|usr-iris");
  g_assert_cmpint (logged (f, "kb_synonyms", "syn-1", "upsert"), ==, 1);

  expect (f, CLERK, LOKET_MUTATION_SAVE_SYNONYMS,
          "{\"id\": \"syn-1\", \"terms\": [\"ID-kaart\", \"ID\"]}", "rejected", "forbidden");
  expect (f, IRIS, LOKET_MUTATION_SAVE_SYNONYMS, "{\"id\": \"syn-1\", \"terms\": \"ID\"}",
          "rejected", "invalid");
  expect (f, IRIS, LOKET_MUTATION_SAVE_SYNONYMS, "{\"id\": \"syn-1\", \"terms\": [\"ID\", 3]}",
          "rejected", "invalid");
  assert_value (f, "SELECT terms FROM kb_synonyms", "[\"ID-kaart\",\"identiteitskaart\"]");
  expect (f, BAS, LOKET_MUTATION_SAVE_SYNONYMS,
          "{\"id\": \"syn-1\", \"terms\": [\"ID-kaart\", \"identiteitskaart\", \"IDK\"]}",
          "applied", "");
  assert_value (f, "SELECT updated_by FROM kb_synonyms", "usr-bas");

  /* One word is no group: removed, and a tombstone takes it off the desks. */
  expect (f, IRIS, LOKET_MUTATION_SAVE_SYNONYMS, "{\"id\": \"syn-1\", \"terms\": [\"ID-kaart\"]}",
          "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_synonyms"), ==, 0);
  g_assert_cmpint (logged (f, "kb_synonyms", "syn-1", "delete"), ==, 1);
}

static void
record (Fixture *f, const char *query, int hits)
{
  g_autofree char *args = g_strdup_printf ("{\"query\": \"%s\", \"hits\": %d}", query, hits);

  expect (f, CLERK, LOKET_MUTATION_RECORD_SEARCH, args, "applied", "");
}

static void
test_record_search (Fixture *f, gconstpointer data)
{
  const char *personal[] = { "123456782", "jan@example.nl", "bel 06 1234", "Z-2030-00012" };

  record (f, "  Paspoort   KWIJT ", 3);
  assert_value (f, "SELECT id || '|' || searches || '|' || zero_hits || '|' || last_hits"
                   " FROM kb_search_stats", "paspoort kwijt|1|0|3");
  record (f, "paspoort\tkwijt", 0);
  assert_value (f, "SELECT id || '|' || searches || '|' || zero_hits || '|' || last_hits"
                   " FROM kb_search_stats", "paspoort kwijt|2|1|0");
  g_assert_cmpint (logged (f, "kb_search_stats", "paspoort kwijt", "upsert"), ==, 2);
  record (f, "Ärger met de Afvalpas", 0);
  assert_value (f, "SELECT searches || '|' || zero_hits FROM kb_search_stats"
                   " WHERE id = 'ärger met de afvalpas'", "1|1");

  /* What looks like personal data is not kept, and not refused either. */
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    record (f, personal[i], 0);
  record (f, "   ", 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_search_stats"), ==, 2);
  expect (f, CLERK, LOKET_MUTATION_RECORD_SEARCH, "{\"query\": \"paspoort\", \"hits\": -1}",
          "rejected", "invalid");
  expect (f, CLERK, LOKET_MUTATION_RECORD_SEARCH, "{\"query\": \"paspoort\"}", "rejected",
          "invalid");
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  const char *contact = "{\"id\": \"cm-1\", \"channel\": \"balie\", \"article_id\": \"kb-1\"}";

  publish (f, "kb-1", "rev-1", 0, "Paspoort kwijt");
  expect (f, CLERK, LOKET_MUTATION_ADD_CONTACT_MOMENT, contact, "applied", "");
  assert_value (f, "SELECT uses FROM kb_article_usage WHERE id = 'kb-1'", "1");
  /* The same contact from another desk: applied once, counted once. */
  expect (f, IRIS, LOKET_MUTATION_ADD_CONTACT_MOMENT, contact, "applied", "");
  assert_value (f, "SELECT uses FROM kb_article_usage WHERE id = 'kb-1'", "1");
  expect (f, CLERK, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-2\", \"channel\": \"telefoon\", \"article_id\": \"kb-1\"}", "applied", "");
  assert_value (f, "SELECT uses || '|' || (last_used_at IS NOT NULL) FROM kb_article_usage",
                "2|1");
  g_assert_cmpint (logged (f, "kb_article_usage", "kb-1", "upsert"), ==, 2);
  /* A contact without an article counts nothing. */
  expect (f, CLERK, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-3\", \"channel\": \"balie\"}", "applied", "");
  g_assert_cmpint (count (f, "SELECT count(*) FROM kb_article_usage"), ==, 1);
}

/* The entities a full pull of the device brings. */
static GHashTable *
pulled_entities (Fixture *f, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = loket_store_pull (f->store, device_ids[desk], 0,
                                                 LOKET_MAX_PULL_LIMIT, &error);
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *changes;

  g_assert_no_error (error);
  changes = json_object_get_array_member (page, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_hash_table_add (seen, g_strdup (json_object_get_string_member (
      json_array_get_object_element (changes, i), "entity")));
  return seen;
}

static void
test_stats_reach_editors (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) editor = NULL;
  g_autoptr(GHashTable) clerk = NULL;

  publish (f, "kb-1", "rev-1", 0, "Paspoort kwijt");
  expect (f, IRIS, LOKET_MUTATION_SAVE_SYNONYMS,
          "{\"id\": \"syn-1\", \"terms\": [\"BRP\", \"GBA\"]}", "applied", "");
  expect (f, CLERK, LOKET_MUTATION_ADD_CONTACT_MOMENT,
          "{\"id\": \"cm-1\", \"channel\": \"balie\", \"article_id\": \"kb-1\"}", "applied", "");
  record (f, "hondenbelasting", 0);

  editor = pulled_entities (f, BAS);
  clerk = pulled_entities (f, CLERK);
  for (guint i = 0; i < 2; i++)
    {
      GHashTable *seen = i == 0 ? editor : clerk;

      g_assert_true (g_hash_table_contains (seen, "kb_articles"));
      g_assert_true (g_hash_table_contains (seen, "kb_article_revisions"));
      g_assert_true (g_hash_table_contains (seen, "kb_synonyms"));
      g_assert_true (g_hash_table_contains (seen, "kb_article_usage"));
    }
  /* What staff typed may hold personal data: only editors get the figures. */
  g_assert_true (g_hash_table_contains (editor, "kb_search_stats"));
  g_assert_false (g_hash_table_contains (clerk, "kb_search_stats"));
}

/* ---- slugs ----------------------------------------------------------------------------------- */

static void
test_slugs (Fixture *f, gconstpointer data)
{
  const struct { const char *title, *slug; } cases[] = {
    { "Paspoort kwijt of gestolen", "paspoort-kwijt-of-gestolen" },
    { "  Één café, één ID-kaart?! ", "een-cafe-een-id-kaart" },
    { "Verklaring omtrent het gedrag (VOG)", "verklaring-omtrent-het-gedrag-vog" },
    { "???", "artikel" },
  };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = loket_store_article_slug (cases[i].title);

      g_assert_cmpstr (slug, ==, cases[i].slug);
    }

  /* Two articles of one title: the second path is told apart. */
  publish (f, "kb-1", "rev-1", 0, "Één café");
  publish (f, "kb-2", "rev-2", 0, "Een cafe");
  first = article_column (f, "kb-1", "slug");
  second = article_column (f, "kb-2", "slug");
  g_assert_cmpstr (first, ==, "een-cafe");
  g_assert_cmpstr (second, ==, "een-cafe-2");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store-kb/drafts", test_drafts);
  ADD ("/store-kb/draft-refusals", test_draft_refusals);
  ADD ("/store-kb/four-eyes", test_four_eyes);
  ADD ("/store-kb/concurrent-approvals", test_concurrent_approvals);
  ADD ("/store-kb/reject-needs-note", test_reject_needs_note);
  ADD ("/store-kb/resave-published", test_resave_published);
  ADD ("/store-kb/replay", test_replay);
  ADD ("/store-kb/synonyms", test_synonyms);
  ADD ("/store-kb/record-search", test_record_search);
  ADD ("/store-kb/usage", test_usage);
  ADD ("/store-kb/stats-reach-editors", test_stats_reach_editors);
  ADD ("/store-kb/slugs", test_slugs);
#undef ADD

  return g_test_run ();
}
