/* The knowledge base on the desk, offline: drafts, four-eyes review by a second editor on the
 * same replica (the signed-in user switched as a second login would), what a clerk may not do,
 * a version that lost to another, the editors' lists (due for review over a weekend and a
 * holiday, figures, synonyms, links) and drafts that survive a pull and a full resync. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-kb.h"

#include "loket-test-replica.h"

typedef struct {
  LoketReplica *replica;
} Fixture;

static void
add_row (Fixture *f, const char *entity, const char *json)
{
  loket_test_add_row (loket_replica_get_db (f->replica), entity, json);
}

static void
sign_in (Fixture *f, const char *user_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_set_state (f->replica, "user_id", user_id, &error));
  g_assert_no_error (error);
}

/* Two editors (Anna, Bram) and a clerk (Cees); Anna is signed in. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->replica = loket_test_replica_new ("kb");
  add_row (f, "roles", "{\"id\":\"redacteur\",\"name\":\"Kennisredacteur\"}");
  add_row (f, "roles", "{\"id\":\"medewerker\",\"name\":\"Medewerker\"}");
  add_row (f, "users", "{\"id\":\"U1\",\"username\":\"anna\",\"display_name\":"
           "\"Anna de Vries\",\"role_id\":\"redacteur\"}");
  add_row (f, "users", "{\"id\":\"U2\",\"username\":\"bram\",\"display_name\":"
           "\"Bram Bakker\",\"role_id\":\"redacteur\"}");
  add_row (f, "users", "{\"id\":\"U3\",\"username\":\"cees\",\"display_name\":"
           "\"Cees Jansen\",\"role_id\":\"medewerker\"}");
  add_row (f, "product_groups", "{\"id\":\"G\",\"name\":\"Burgerzaken\"}");
  add_row (f, "products", "{\"id\":\"P\",\"group_id\":\"G\",\"name\":\"Paspoort\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1}");
  sign_in (f, "U1");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  loket_test_replica_free (g_steal_pointer (&f->replica));
}

/* ---- helpers --------------------------------------------------------------------------------- */

static JsonObject *
row_of (Fixture *f, const char *entity, const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *row = loket_db_get_row (loket_replica_get_db (f->replica), entity, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static const char *
text_of (JsonObject *row, const char *member)
{
  return json_object_get_string_member_with_default (row, member, NULL);
}

static char *
save (Fixture *f, const char *article_id, const char *revision_id, const char *title,
      char **new_article_id)
{
  g_autoptr(GError) error = NULL;
  LoketArticleDraft draft = { .article_id = article_id, .revision_id = revision_id,
                              .kind = "faq", .title = title, .public_body = "Doe aangifte.",
                              .internal_body = "Eerst de BRP nakijken." };
  char *id = loket_replica_save_article_draft (f->replica, &draft, new_article_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
submit (Fixture *f, const char *revision_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_submit_article (f->replica, revision_id, &error));
  g_assert_no_error (error);
}

static void
review (Fixture *f, const char *revision_id, gboolean approve, const char *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_replica_review_article (f->replica, revision_id, approve, note, &error));
  g_assert_no_error (error);
}

static guint
n_items (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  g_object_unref (model);
  return n;
}

static void
add_published (Fixture *f, const char *id, const char *title, const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"faq\",\"title\":\"%s\","
                                           "\"status\":\"published\",\"rev\":1,"
                                           "\"updated_at\":\"2030-01-01T08:00:00Z\""
                                           "%s%s}", id, title, extra != NULL ? "," : "",
                                           extra != NULL ? extra : "");

  add_row (f, "kb_articles", json);
}

/* ---- drafts ---------------------------------------------------------------------------------- */

static void
test_new_draft (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *related[] = { "B", "B", NULL, NULL };
  LoketArticleDraft draft = { .kind = "product", .title = " Paspoort kwijt ",
                              .public_body = "Doe aangifte.", .internal_body = "Eerst BRP.",
                              .product_id = "P", .product_group_id = "G", .owner_id = "U2",
                              .review_date = "2030-06-01", .related = related };
  g_autofree char *article_id = NULL;
  g_autofree char *revision_id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonObject) article = NULL;
  g_autoptr(JsonObject) revision = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(LoketRecord) record = NULL;

  add_published (f, "B", "Rijbewijs kwijt", NULL);
  revision_id = loket_replica_save_article_draft (f->replica, &draft, &article_id, &error);
  g_assert_no_error (error);
  article = row_of (f, "kb_articles", article_id);
  g_assert_cmpstr (text_of (article, "status"), ==, "draft");
  g_assert_cmpint (json_object_get_int_member (article, "rev"), ==, 0);
  g_assert_cmpstr (text_of (article, "title"), ==, "Paspoort kwijt");
  g_assert_cmpstr (text_of (article, "kind"), ==, "product");
  g_assert_cmpstr (text_of (article, "public_body"), ==, "");  /* nothing public yet */
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "state"), ==, "draft");
  g_assert_cmpstr (text_of (revision, "author_id"), ==, "U1");
  g_assert_cmpstr (text_of (revision, "article_id"), ==, article_id);
  g_assert_cmpint (json_object_get_int_member (revision, "rev"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (revision, "based_on_rev"), ==, 0);
  g_assert_cmpstr (text_of (revision, "related"), ==, "[\"B\"]");
  g_assert_cmpstr (text_of (revision, "owner_id"), ==, "U2");
  g_assert_cmpstr (text_of (revision, "review_date"), ==, "2030-06-01");
  args = loket_test_pending_args (f->replica, 0, LOKET_MUTATION_SAVE_ARTICLE);
  g_assert_cmpint (json_object_get_int_member (args, "base_rev"), ==, 0);
  g_assert_cmpstr (text_of (args, "revision_id"), ==, revision_id);
  g_assert_cmpstr (text_of (args, "id"), ==, article_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (args, "related")), ==, 1);

  /* Saved again: the same draft, its facts replaced (the owner left out is cleared). */
  draft.article_id = article_id;
  draft.revision_id = revision_id;
  draft.title = "Paspoort verloren";
  draft.owner_id = NULL;
  again = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, revision_id);
  g_clear_pointer (&revision, json_object_unref);
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "title"), ==, "Paspoort verloren");
  g_assert_true (json_node_is_null (json_object_get_member (revision, "owner_id")));
  /* The article keeps its first draft's title until it is published, as on the server. */
  g_clear_pointer (&article, json_object_unref);
  article = row_of (f, "kb_articles", article_id);
  g_assert_cmpstr (text_of (article, "title"), ==, "Paspoort kwijt");
  record = loket_replica_get_article_revision (f->replica, revision_id);
  g_assert_cmpstr (loket_record_get_string (record, "author_name"), ==, "Anna de Vries");
  g_assert_cmpint (loket_record_get_int (record, "article_rev"), ==, 0);
  g_assert_cmpuint (n_items (loket_replica_list_article_drafts (f->replica,
                                                                 LOKET_ARTICLE_DRAFTS_MINE)), ==, 1);
  g_assert_cmpuint (n_items (loket_replica_list_article_drafts (
                      f->replica, LOKET_ARTICLE_DRAFTS_TO_REVIEW)), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 2);
}

/* Draft → submitted → rejected by Bram with a note → saved and submitted again → approved by
 * Bram: the article is published at rev 1; Anna alone never could. */
static void
test_four_eyes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *revision_id = save (f, NULL, NULL, "Paspoort kwijt", &article_id);
  g_autoptr(JsonObject) revision = NULL;
  g_autoptr(JsonObject) article = NULL;
  g_autoptr(GListModel) to_review = NULL;
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(LoketRecord) version = NULL;

  submit (f, revision_id);
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "state"), ==, "submitted");
  g_assert_nonnull (text_of (revision, "submitted_at"));
  g_assert_false (loket_replica_submit_article (f->replica, revision_id, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_replica_may_review_article (f->replica, revision_id));
  g_assert_false (loket_replica_review_article (f->replica, revision_id, TRUE, NULL, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "another editor must approve"));
  g_clear_error (&error);

  sign_in (f, "U2");
  g_assert_true (loket_replica_may_review_article (f->replica, revision_id));
  to_review = loket_replica_list_article_drafts (f->replica, LOKET_ARTICLE_DRAFTS_TO_REVIEW);
  g_assert_cmpuint (g_list_model_get_n_items (to_review), ==, 1);
  g_assert_false (loket_replica_review_article (f->replica, revision_id, FALSE, "  ", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  review (f, revision_id, FALSE, "Noem de kosten.");
  g_clear_pointer (&revision, json_object_unref);
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "state"), ==, "rejected");
  g_assert_cmpstr (text_of (revision, "review_note"), ==, "Noem de kosten.");
  g_assert_cmpstr (text_of (revision, "reviewed_by"), ==, "U2");
  g_assert_false (loket_replica_may_review_article (f->replica, revision_id));

  sign_in (f, "U1");
  g_free (save (f, article_id, revision_id, "Paspoort kwijt: kosten", NULL));
  g_clear_pointer (&revision, json_object_unref);
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "state"), ==, "draft");
  submit (f, revision_id);
  sign_in (f, "U2");
  review (f, revision_id, TRUE, NULL);

  article = row_of (f, "kb_articles", article_id);
  g_assert_cmpstr (text_of (article, "status"), ==, "published");
  g_assert_cmpint (json_object_get_int_member (article, "rev"), ==, 1);
  g_assert_cmpstr (text_of (article, "title"), ==, "Paspoort kwijt: kosten");
  g_assert_cmpstr (text_of (article, "public_body"), ==, "Doe aangifte.");
  g_assert_cmpstr (text_of (article, "published_by"), ==, "U2");
  g_clear_pointer (&revision, json_object_unref);
  revision = row_of (f, "kb_article_revisions", revision_id);
  g_assert_cmpstr (text_of (revision, "state"), ==, "published");
  g_assert_cmpint (json_object_get_int_member (revision, "rev"), ==, 1);
  versions = loket_replica_list_article_versions (f->replica, article_id);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 1);
  version = g_list_model_get_item (versions, 0);
  g_assert_cmpstr (loket_record_get_string (version, "author_name"), ==, "Anna de Vries");
  g_assert_cmpstr (loket_record_get_string (version, "reviewer_name"), ==, "Bram Bakker");
  /* Published is no draft of anyone's any more. */
  sign_in (f, "U1");
  g_assert_cmpuint (n_items (loket_replica_list_article_drafts (f->replica,
                                                                 LOKET_ARTICLE_DRAFTS_MINE)), ==, 0);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 6);
}

static void
assert_fails (gboolean ok, GError **error, int code)
{
  g_assert_false (ok);
  g_assert_error (*error, LOKET_ERROR, code);
  g_clear_error (error);
}

static void
test_forbidden_and_invalid (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *revision_id = save (f, NULL, NULL, "Paspoort kwijt", NULL);
  const char *terms[] = { "ID-kaart", "identiteitskaart", NULL };
  LoketArticleDraft draft = { .kind = "faq", .title = "Rijbewijs" };
  char *id;

  /* Bram may not touch Anna's draft, nor ask for its review. */
  sign_in (f, "U2");
  draft.revision_id = revision_id;
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_FORBIDDEN);
  assert_fails (loket_replica_submit_article (f->replica, revision_id, &error), &error,
                LOKET_ERROR_FORBIDDEN);
  /* Only a submitted draft can be reviewed. */
  assert_fails (loket_replica_review_article (f->replica, revision_id, TRUE, NULL, &error),
                &error, LOKET_ERROR_INVALID);

  /* A clerk reads, but writes nothing. */
  sign_in (f, "U3");
  g_assert_false (loket_replica_may_edit_articles (f->replica));
  draft.revision_id = NULL;
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_FORBIDDEN);
  assert_fails (loket_replica_submit_article (f->replica, revision_id, &error), &error,
                LOKET_ERROR_FORBIDDEN);
  assert_fails (loket_replica_review_article (f->replica, revision_id, TRUE, NULL, &error),
                &error, LOKET_ERROR_FORBIDDEN);
  id = loket_replica_save_synonyms (f->replica, NULL, terms, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_FORBIDDEN);

  /* What an editor gets told. */
  sign_in (f, "U1");
  g_assert_true (loket_replica_may_edit_articles (f->replica));
  draft.title = "  ";
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_INVALID);
  draft.title = "Rijbewijs";
  draft.kind = "roman";
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_INVALID);
  draft.kind = "faq";
  draft.review_date = "2030-02-30";
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_INVALID);
  draft.review_date = NULL;
  draft.product_id = "P-nope";
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_NOT_FOUND);
  draft.product_id = NULL;
  draft.article_id = "kb-nope";
  id = loket_replica_save_article_draft (f->replica, &draft, NULL, &error);
  assert_fails (id != NULL, &error, LOKET_ERROR_NOT_FOUND);
  assert_fails (loket_replica_submit_article (f->replica, "rev-nope", &error), &error,
                LOKET_ERROR_NOT_FOUND);
  /* Only the first draft became a mutation. */
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 1);
}

/* Two drafts on rev 1, each approved by the other editor: the second approval finds rev 2 and
 * keeps its draft as a conflict, never overwriting; its author merges it into a new draft. */
static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autofree char *anna = NULL;
  g_autofree char *bram = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(JsonObject) article = NULL;
  g_autoptr(JsonObject) lost = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(GListModel) mine = NULL;
  g_autoptr(LoketRecord) first = NULL;

  add_published (f, "A", "Paspoort kwijt", NULL);
  anna = save (f, "A", NULL, "Versie Anna", NULL);
  submit (f, anna);
  sign_in (f, "U2");
  bram = save (f, "A", NULL, "Versie Bram", NULL);
  submit (f, bram);
  review (f, anna, TRUE, NULL);
  sign_in (f, "U1");
  review (f, bram, TRUE, NULL);

  article = row_of (f, "kb_articles", "A");
  g_assert_cmpstr (text_of (article, "title"), ==, "Versie Anna");
  g_assert_cmpint (json_object_get_int_member (article, "rev"), ==, 2);
  lost = row_of (f, "kb_article_revisions", bram);
  g_assert_cmpstr (text_of (lost, "state"), ==, "conflict");
  g_assert_cmpint (json_object_get_int_member (lost, "conflict"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (lost, "rev"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (lost, "based_on_rev"), ==, 1);

  sign_in (f, "U2");
  mine = loket_replica_list_article_drafts (f->replica, LOKET_ARTICLE_DRAFTS_MINE);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 1);
  first = g_list_model_get_item (mine, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, bram);
  g_assert_cmpint (loket_record_get_int (first, "article_rev"), ==, 2);
  /* Saving the lost version again makes a new draft on rev 2; the lost one stays as it was. */
  merged = save (f, "A", bram, "Versie Bram en Anna", NULL);
  g_assert_cmpstr (merged, !=, bram);
  args = loket_test_pending_args (f->replica, 6, LOKET_MUTATION_SAVE_ARTICLE);
  g_assert_cmpint (json_object_get_int_member (args, "base_rev"), ==, 2);
  g_clear_pointer (&lost, json_object_unref);
  lost = row_of (f, "kb_article_revisions", bram);
  g_assert_cmpstr (text_of (lost, "title"), ==, "Versie Bram");
  g_clear_object (&first);
  g_clear_object (&mine);
  mine = loket_replica_list_article_drafts (f->replica, LOKET_ARTICLE_DRAFTS_MINE);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 1);
  first = g_list_model_get_item (mine, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, merged);
}

/* ---- lists ----------------------------------------------------------------------------------- */

/* Today is Thursday 10 January 2030.  A product changed on Thursday 3 January is due five
 * working days later: Friday 11 January, as Monday 7 January is a holiday here. */
static void
test_due (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) due = NULL;
  g_autoptr(LoketRecord) first = NULL;
  g_autoptr(LoketRecord) second = NULL;

  add_row (f, "holidays", "{\"date\":\"2030-01-07\",\"name\":\"Gemeentelijke vrije dag\"}");
  add_row (f, "products", "{\"id\":\"P2\",\"group_id\":\"G\",\"name\":\"Rijbewijs\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1,"
           "\"updated_at\":\"2030-01-03T10:00:00Z\"}");
  add_row (f, "products", "{\"id\":\"P3\",\"group_id\":\"G\",\"name\":\"Uittreksel\","
           "\"norm_minutes\":10,\"handling_level\":1,\"line\":1,"
           "\"updated_at\":\"2029-12-01T10:00:00Z\"}");
  add_published (f, "A1", "Paspoort", "\"review_date\":\"2030-01-09\",\"owner_id\":\"U2\"");
  add_published (f, "A2", "Verhuizen", "\"review_date\":\"2030-02-01\"");
  add_published (f, "A3", "Rijbewijs", "\"product_id\":\"P2\","
                 "\"published_at\":\"2029-12-20T09:00:00Z\"");
  add_published (f, "A4", "Uittreksel", "\"product_id\":\"P3\","
                 "\"published_at\":\"2029-12-20T09:00:00Z\"");
  add_row (f, "kb_articles", "{\"id\":\"A5\",\"kind\":\"faq\",\"title\":\"Concept\","
           "\"status\":\"draft\",\"rev\":0,\"review_date\":\"2029-01-01\","
           "\"updated_at\":\"2030-01-01T08:00:00Z\"}");

  due = loket_replica_list_articles_due (f->replica, "2030-01-10");
  g_assert_cmpuint (g_list_model_get_n_items (due), ==, 2);
  first = g_list_model_get_item (due, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, "A1");
  g_assert_cmpstr (loket_record_get_string (first, "due_date"), ==, "2030-01-09");
  g_assert_cmpstr (loket_record_get_string (first, "reason"), ==, "review_date");
  g_assert_cmpstr (loket_record_get_string (first, "owner_name"), ==, "Bram Bakker");
  second = g_list_model_get_item (due, 1);
  g_assert_cmpstr (loket_record_get_id (second), ==, "A3");
  g_assert_cmpstr (loket_record_get_string (second, "due_date"), ==, "2030-01-11");
  g_assert_cmpstr (loket_record_get_string (second, "reason"), ==, "product_changed");
  g_assert_true (loket_record_is_null (second, "changed_at"));
  /* A day before its review date, A1 is not due yet. */
  g_assert_cmpuint (n_items (loket_replica_list_articles_due (f->replica, "2030-01-08")), ==, 1);
}

static void
test_figures_and_links (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) zero = NULL;
  g_autoptr(GListModel) popular = NULL;
  g_autoptr(GListModel) related = NULL;
  g_autoptr(LoketRecord) row = NULL;

  add_row (f, "kb_search_stats", "{\"id\":\"paspoort\",\"searches\":40,\"zero_hits\":0,"
           "\"last_at\":\"2030-01-02T00:00:00Z\"}");
  add_row (f, "kb_search_stats", "{\"id\":\"afvalpas\",\"searches\":5,\"zero_hits\":5,"
           "\"last_at\":\"2030-01-02T00:00:00Z\"}");
  add_row (f, "kb_search_stats", "{\"id\":\"hondenbelasting\",\"searches\":9,\"zero_hits\":7,"
           "\"last_at\":\"2030-01-03T00:00:00Z\"}");
  add_published (f, "A", "Paspoort", "\"related\":\"[\\\"C\\\",\\\"X\\\",\\\"B\\\",\\\"D\\\"]\"");
  add_published (f, "B", "Rijbewijs", NULL);
  add_published (f, "C", "Verhuizen", NULL);
  add_row (f, "kb_articles", "{\"id\":\"D\",\"kind\":\"faq\",\"title\":\"Concept\","
           "\"status\":\"draft\",\"rev\":0,\"updated_at\":\"2030-01-01T08:00:00Z\"}");
  add_row (f, "kb_article_usage", "{\"id\":\"A\",\"uses\":3,\"last_used_at\":\"x\"}");
  add_row (f, "kb_article_usage", "{\"id\":\"B\",\"uses\":12,\"last_used_at\":\"y\"}");

  zero = loket_replica_list_zero_result_searches (f->replica, 10);
  g_assert_cmpuint (g_list_model_get_n_items (zero), ==, 2);
  row = g_list_model_get_item (zero, 0);
  g_assert_cmpstr (loket_record_get_id (row), ==, "hondenbelasting");
  g_clear_object (&row);
  popular = loket_replica_list_popular_articles (f->replica, 1);
  g_assert_cmpuint (g_list_model_get_n_items (popular), ==, 1);
  row = g_list_model_get_item (popular, 0);
  g_assert_cmpstr (loket_record_get_id (row), ==, "B");
  g_assert_cmpint (loket_record_get_int (row, "uses"), ==, 12);
  g_clear_object (&row);
  /* Linked, in their order: the unknown and the unpublished ones are left out. */
  related = loket_replica_list_related_articles (f->replica, "A");
  g_assert_cmpuint (g_list_model_get_n_items (related), ==, 2);
  row = g_list_model_get_item (related, 0);
  g_assert_cmpstr (loket_record_get_string (row, "title"), ==, "Verhuizen");
  g_clear_object (&row);

  /* The owners an article can have: the two editors, not the clerk. */
  g_clear_object (&row);
  {
    g_autoptr(GListModel) editors = loket_replica_list_editors (f->replica);

    g_assert_cmpuint (g_list_model_get_n_items (editors), ==, 2);
    row = g_list_model_get_item (editors, 0);
    g_assert_cmpstr (loket_record_get_string (row, "display_name"), ==, "Anna de Vries");
    g_clear_object (&row);
  }

  sign_in (f, "U3");
  g_assert_cmpuint (n_items (loket_replica_list_zero_result_searches (f->replica, 10)), ==, 0);
  g_assert_cmpuint (n_items (loket_replica_list_popular_articles (f->replica, 10)), ==, 2);
}

static void
test_synonyms (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *terms[] = { "ID-kaart", " identiteitskaart ", "id-kaart", "", NULL };
  const char *more[] = { "BRP", "GBA", NULL };
  const char *one[] = { "trouwen", NULL };
  g_autofree char *id = loket_replica_save_synonyms (f->replica, NULL, terms, &error);
  g_autofree char *other = NULL;
  g_autofree char *removed = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(LoketRecord) first = NULL;
  char *none;

  g_assert_no_error (error);
  row = row_of (f, "kb_synonyms", id);
  g_assert_cmpstr (text_of (row, "terms"), ==, "[\"ID-kaart\",\"identiteitskaart\"]");
  g_assert_cmpstr (text_of (row, "updated_by"), ==, "U1");
  other = loket_replica_save_synonyms (f->replica, NULL, more, &error);
  g_assert_no_error (error);
  groups = loket_replica_list_synonyms (f->replica);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 2);
  first = g_list_model_get_item (groups, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, other);  /* "BRP" before "ID-kaart" */

  none = loket_replica_save_synonyms (f->replica, NULL, one, &error);
  assert_fails (none != NULL, &error, LOKET_ERROR_INVALID);
  none = loket_replica_save_synonyms (f->replica, "nope", more, &error);
  assert_fails (none != NULL, &error, LOKET_ERROR_NOT_FOUND);
  /* One term left: the group is gone. */
  removed = loket_replica_save_synonyms (f->replica, id, one, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==, id);
  g_assert_cmpuint (n_items (loket_replica_list_synonyms (f->replica)), ==, 1);
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 3);
}

/* ---- rebase ---------------------------------------------------------------------------------- */

/* Pending drafts, a submission and an approval stay visible when the server's rows arrive
 * (replayed on top, each once) and after a full resync. */
static void
test_rebase (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *draft = save (f, NULL, NULL, "Nieuw artikel", &article_id);
  g_autofree char *edit = NULL;
  g_autoptr(JsonObject) row = NULL;

  submit (f, draft);
  add_published (f, "A", "Paspoort kwijt", NULL);
  add_row (f, "kb_article_revisions", "{\"id\":\"S\",\"article_id\":\"A\",\"rev\":0,"
           "\"based_on_rev\":1,\"title\":\"Paspoort kwijt, nieuw\",\"author_id\":\"U2\","
           "\"created_at\":\"2030-01-01T10:00:00Z\",\"state\":\"submitted\"}");
  review (f, "S", TRUE, NULL);
  edit = save (f, "A", NULL, "Paspoort kwijt, beter", NULL);

  /* The server sends its copy of the article (still rev 1: the approval has not reached it)
   * and of Bram's draft. */
  loket_test_pull (f->replica, "{\"cursor\": 9, \"more\": false, \"changes\": ["
           " {\"seq\": 8, \"entity\": \"kb_articles\", \"op\": \"upsert\", \"id\": \"A\","
           "  \"row\": {\"id\": \"A\", \"kind\": \"faq\", \"title\": \"Paspoort kwijt\","
           "   \"status\": \"published\", \"rev\": 1, \"updated_at\": \"2030-01-01T08:00:00Z\"}},"
           " {\"seq\": 9, \"entity\": \"kb_article_revisions\", \"op\": \"upsert\", \"id\": \"S\","
           "  \"row\": {\"id\": \"S\", \"article_id\": \"A\", \"rev\": 0, \"based_on_rev\": 1,"
           "   \"title\": \"Paspoort kwijt, nieuw\", \"author_id\": \"U2\","
           "   \"created_at\": \"2030-01-01T10:00:00Z\", \"state\": \"submitted\"}}]}");
  row = row_of (f, "kb_articles", "A");
  g_assert_cmpstr (text_of (row, "title"), ==, "Paspoort kwijt, nieuw");
  g_assert_cmpint (json_object_get_int_member (row, "rev"), ==, 2);
  g_clear_pointer (&row, json_object_unref);
  row = row_of (f, "kb_article_revisions", draft);
  g_assert_cmpstr (text_of (row, "state"), ==, "submitted");
  g_clear_pointer (&row, json_object_unref);
  row = row_of (f, "kb_article_revisions", edit);
  g_assert_cmpstr (text_of (row, "state"), ==, "draft");
  /* Written on the version approved here (rev 2), which this desk shows. */
  g_assert_cmpint (json_object_get_int_member (row, "based_on_rev"), ==, 2);

  g_assert_true (loket_replica_start_over (f->replica, &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, json_object_unref);
  row = row_of (f, "kb_article_revisions", draft);
  g_assert_cmpstr (text_of (row, "state"), ==, "submitted");
  g_clear_pointer (&row, json_object_unref);
  row = row_of (f, "kb_articles", article_id);
  g_assert_cmpstr (text_of (row, "status"), ==, "draft");
  g_assert_cmpuint (loket_replica_count_pending (f->replica), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/replica-kb/new-draft", test_new_draft);
  ADD ("/replica-kb/four-eyes", test_four_eyes);
  ADD ("/replica-kb/forbidden-and-invalid", test_forbidden_and_invalid);
  ADD ("/replica-kb/conflict", test_conflict);
  ADD ("/replica-kb/due", test_due);
  ADD ("/replica-kb/figures-and-links", test_figures_and_links);
  ADD ("/replica-kb/synonyms", test_synonyms);
  ADD ("/replica-kb/rebase", test_rebase);
#undef ADD

  return g_test_run ();
}
