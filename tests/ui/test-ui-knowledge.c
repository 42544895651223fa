/* test-ui-knowledge.c — the Knowledge Base page under Xvfb, with four eyes (issue 7, Done-when 2).
 *
 * A real loket-sync with demo data on loopback and three desks, each with its own replica and,
 * in turn, its own window: desk A signed in as the knowledge editor "redactie", desk B as the
 * second editor "kennis", desk C as the desk clerk "balie".
 *
 * Desk A drafts a new article in the editor (Ctrl+N: title, kind, public and internal text),
 * saves it (Ctrl+S) and submits it (Ctrl+Enter).  A's Approve button is insensitive with the
 * reason beside it, and approving anyway is refused by the core: nothing is published.  A
 * syncs; B syncs, finds the draft in "To Review", opens it and approves it through the page;
 * B syncs.  The server holds the article published by "kennis".  C syncs, sees no editors'
 * lists or actions, finds the article by the words of its title in the page's search and reads
 * its public and internal text.  If PNG is set in $LOKET_SCREENSHOT, the editor and the page
 * are saved beside it (PNG-editor.png, PNG-page.png, PNG-clerk.png).
 */
#include "config.h"

#include <string.h>

#include "loket-article-editor.h"
#include "loket-article-view.h"
#include "loket-booking-dialog.h"
#include "loket-db.h"
#include "loket-knowledge-view.h"
#include "loket-replica-kb.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 20000
#define TITLE "Parkeervergunning voor mantelzorgers aanvragen"
#define SEARCH "mantelzorgers parkeervergunning"
#define PUBLIC_TEXT "Wie zorgt voor een naaste kan een **parkeervergunning** aanvragen.\n\n" \
                    "- Neem een verklaring van de huisarts mee."
#define INTERNAL_TEXT "Controleer de verklaring in het zaaksysteem voordat je de vergunning " \
                      "registreert."

enum { DESK_A, DESK_B, DESK_C, N_DESKS };

typedef struct {
  LoketTestUiServer  *demo;
  LoketTestDesk      *desk[N_DESKS];
  LoketWindow        *window;     /* the window of one desk at a time */
  LoketKnowledgeView *view;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char *const users[N_DESKS] = { "redactie", "kennis", "balie" };

  fixture->demo = loket_test_ui_server_start ("knowledge");
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("desk%u", i);

      fixture->desk[i] = loket_test_ui_server_new_desk (fixture->demo, name, users[i]);
    }
}

static void
close_window (Fixture *fixture)
{
  if (fixture->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  fixture->window = NULL;
  fixture->view = NULL;
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  close_window (fixture);
  for (guint i = 0; i < N_DESKS; i++)
    g_clear_pointer (&fixture->desk[i], loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The window of a desk on its Knowledge Base page. */
static void
open_window (Fixture *fixture, guint desk)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  close_window (fixture);
  fixture->window = loket_window_new (NULL, fixture->desk[desk]->replica,
                                      fixture->desk[desk]->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "articles");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_KNOWLEDGE_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  fixture->view = views->pdata[0];
}

static gboolean
has_editor (Fixture *fixture, gconstpointer data)
{
  return loket_test_ui_find_window (LOKET_TYPE_ARTICLE_EDITOR) != NULL;
}

static GtkWidget *
named (Fixture *fixture, const char *name)
{
  return loket_test_get_named (fixture->view, name);
}

static void
set_text_view (GtkWidget *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static gboolean
holds (GListModel *model, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), id))
        return TRUE;
    }
  return FALSE;
}

/* The text shown in the text view named name under widget (an article's rendered Markdown). */
static char *
text_view_text (GtkWidget *widget, const char *name)
{
  GtkWidget *view = loket_test_get_named (widget, name);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  g_assert_true (gtk_widget_is_visible (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ---- the steps ------------------------------------------------------------------------------- */

/* Desk A writes the article in the editor, saves and submits it; returns the draft's id. */
static char *
draft_and_submit (Fixture *fixture)
{
  LoketArticleEditor *editor;
  char *revision_id;

  loket_test_ui_press_shortcut (GTK_WIDGET (fixture->view), "<Control>n");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_editor, fixture, NULL,
                                           WAIT_MS));
  editor = LOKET_ARTICLE_EDITOR (loket_test_ui_find_window (LOKET_TYPE_ARTICLE_EDITOR));

  /* No title: said in words, nothing saved. */
  loket_test_ui_press_shortcut (GTK_WIDGET (editor), "<Control>s");
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (editor, "editor-error")));
  g_assert_null (loket_article_editor_get_revision_id (editor));

  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (editor, "editor-title")), TITLE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (loket_test_get_named (editor, "editor-kind")), 3);
  set_text_view (loket_test_get_named (editor, "editor-public"), PUBLIC_TEXT);
  set_text_view (loket_test_get_named (editor, "editor-internal"), INTERNAL_TEXT);
  /* A review date that is no date is refused in words too. */
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (editor, "editor-review-date")),
                         "morgen");
  loket_test_ui_press_shortcut (GTK_WIDGET (editor), "<Control>s");
  g_assert_null (loket_article_editor_get_revision_id (editor));
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (editor, "editor-review-date")),
                         "1-6-2027");
  loket_test_ui_press_shortcut (GTK_WIDGET (editor), "<Control>s");
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (editor, "editor-error")));
  g_assert_nonnull (loket_article_editor_get_revision_id (editor));
  revision_id = g_strdup (loket_article_editor_get_revision_id (editor));
  loket_test_ui_save_screenshot_as (GTK_WINDOW (editor), "editor");

  loket_test_ui_press_shortcut (GTK_WIDGET (editor), "<Control>Return");
  loket_test_ui_settle ();
  g_assert_false (has_editor (fixture, NULL));
  return revision_id;
}

/* The author alone cannot publish: Approve is insensitive with the reason, and the core refuses
 * the action itself. */
static void
author_cannot_approve (Fixture *fixture, const char *revision_id)
{
  LoketReplica *a = fixture->desk[DESK_A]->replica;
  g_autoptr(LoketRecord) revision = loket_replica_get_article_revision (a, revision_id);
  g_autoptr(LoketRecord) after = NULL;
  g_autoptr(LoketRecord) article = NULL;
  GtkWidget *approve = named (fixture, "kb-approve");
  GtkWidget *state = named (fixture, "kb-state");

  g_assert_nonnull (revision);
  g_assert_cmpstr (loket_record_get_string (revision, "state"), ==, "submitted");
  g_assert_cmpstr (loket_article_view_get_revision_id (
                     loket_knowledge_view_get_article_view (fixture->view)), ==, revision_id);
  g_assert_true (gtk_widget_get_visible (approve));
  g_assert_false (gtk_widget_is_sensitive (approve));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (state)), "Another editor"));

  /* The action is there for any submitted draft; the core refuses the author. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kb.approve", NULL));
  g_assert_true (gtk_widget_get_visible (named (fixture, "kb-problem")));
  after = loket_replica_get_article_revision (a, revision_id);
  g_assert_cmpstr (loket_record_get_string (after, "state"), ==, "submitted");
  article = loket_replica_get_article (a, loket_record_get_string (after, "article_id"));
  g_assert_cmpint (loket_record_get_int (article, "rev"), ==, 0);
  g_assert_cmpuint (loket_knowledge_view_get_count (fixture->view, LOKET_KNOWLEDGE_MY_DRAFTS),
                    >=, 1);
  loket_test_ui_save_screenshot_as (GTK_WINDOW (fixture->window), "page");
}

/* Desk B finds the draft in "To Review", opens it and approves it. */
static void
second_editor_approves (Fixture *fixture, const char *revision_id)
{
  LoketReplica *b = fixture->desk[DESK_B]->replica;
  g_autoptr(LoketRecord) revision = NULL;
  g_autoptr(LoketRecord) article = NULL;
  guint to_review = loket_knowledge_view_get_count (fixture->view, LOKET_KNOWLEDGE_TO_REVIEW);
  GtkWidget *row;

  g_assert_cmpuint (to_review, >=, 1);
  g_assert_true (loket_knowledge_view_show_section (fixture->view, LOKET_KNOWLEDGE_TO_REVIEW));
  g_assert_true (holds (loket_knowledge_view_get_items (fixture->view), revision_id));
  row = loket_test_get_named (named (fixture, "kb-section-list"), revision_id);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (loket_article_view_get_revision_id (
                     loket_knowledge_view_get_article_view (fixture->view)), ==, revision_id);

  g_assert_true (gtk_widget_is_sensitive (named (fixture, "kb-approve")));
  g_signal_emit_by_name (named (fixture, "kb-approve"), "clicked");
  g_assert_false (gtk_widget_get_visible (named (fixture, "kb-problem")));
  revision = loket_replica_get_article_revision (b, revision_id);
  g_assert_cmpstr (loket_record_get_string (revision, "state"), ==, "published");
  article = loket_replica_get_article (b, loket_record_get_string (revision, "article_id"));
  g_assert_cmpstr (loket_record_get_string (article, "status"), ==, "published");
  g_assert_cmpuint (loket_knowledge_view_get_count (fixture->view, LOKET_KNOWLEDGE_TO_REVIEW), ==,
                    to_review - 1);
}

/* A clerk sees no editors' lists or actions. */
static void
assert_clerk_page (Fixture *fixture)
{
  static const char *const editor_only[] = { "kb-sections", "kb-new", "kb-edit", "kb-approve",
                                             "kb-submit", "kb-history" };

  for (guint i = 0; i < G_N_ELEMENTS (editor_only); i++)
    g_assert_false (gtk_widget_is_visible (named (fixture, editor_only[i])));
  /* Ctrl+N's action does nothing for a clerk: it is disabled. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kb.new", NULL);
  loket_test_ui_settle ();
  g_assert_false (has_editor (fixture, NULL));
  g_assert_false (loket_knowledge_view_show_section (fixture->view, LOKET_KNOWLEDGE_TO_REVIEW));
}

/* Desk C finds the article by its title's words and reads both texts. */
static void
clerk_finds_article (Fixture *fixture, const char *article_id)
{
  GListModel *results = loket_knowledge_view_get_results (fixture->view);
  GtkWidget *article_view = GTK_WIDGET (loket_knowledge_view_get_article_view (fixture->view));
  g_autofree char *public_text = NULL;
  g_autofree char *internal_text = NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  loket_knowledge_view_search (fixture->view, SEARCH);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (results, i);

      if (g_str_equal (loket_record_get_id (item), article_id))
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_signal_emit_by_name (named (fixture, "kb-results"), "activate", position);
  g_assert_cmpstr (loket_article_view_get_article_id (LOKET_ARTICLE_VIEW (article_view)), ==,
                   article_id);
  loket_test_ui_settle ();
  public_text = text_view_text (article_view, "article-public");
  internal_text = text_view_text (article_view, "article-internal-text");
  g_assert_nonnull (strstr (public_text, "Wie zorgt voor een naaste"));
  g_assert_null (strstr (public_text, "Controleer de verklaring"));
  g_assert_nonnull (strstr (internal_text, "Controleer de verklaring"));
  loket_test_ui_save_screenshot_as (GTK_WINDOW (fixture->window), "clerk");
}

static void
test_four_eyes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *revision_id = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *server = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(LoketRecord) revision = NULL;

  open_window (fixture, DESK_A);
  g_assert_true (gtk_widget_is_visible (named (fixture, "kb-sections")));
  revision_id = draft_and_submit (fixture);
  author_cannot_approve (fixture, revision_id);
  revision = loket_replica_get_article_revision (fixture->desk[DESK_A]->replica, revision_id);
  article_id = g_strdup (loket_record_get_string (revision, "article_id"));
  loket_test_desk_sync_quiet (fixture->desk[DESK_A]);
  server = loket_test_ui_server_text (fixture->demo, "SELECT status FROM kb_articles WHERE id = "
                                      "'%s'", article_id);
  g_assert_cmpstr (server, !=, "published");
  g_clear_pointer (&server, g_free);

  loket_test_desk_sync_quiet (fixture->desk[DESK_B]);
  open_window (fixture, DESK_B);
  second_editor_approves (fixture, revision_id);
  loket_test_desk_sync_quiet (fixture->desk[DESK_B]);
  server = loket_test_ui_server_text (fixture->demo, "SELECT a.status || '/' || u.username FROM "
                                      "kb_articles a JOIN users u ON u.id = a.published_by "
                                      "WHERE a.id = '%s'", article_id);
  expected = g_strdup ("published/kennis");
  g_assert_cmpstr (server, ==, expected);

  loket_test_desk_sync_quiet (fixture->desk[DESK_C]);
  open_window (fixture, DESK_C);
  assert_clerk_page (fixture);
  clerk_finds_article (fixture, article_id);
}

/* A product article's "Book this product" opens the booking dialog with that product in the
 * visit, for a clerk at the desk (balie). */
static void
test_book_product (Fixture *fixture, gconstpointer data)
{
  LoketDb *db = loket_replica_get_db (fixture->desk[DESK_C]->replica);
  g_autoptr(JsonObject) article = NULL;
  g_autoptr(GPtrArray) counts = g_ptr_array_new ();
  LoketArticleView *view;
  GtkWindow *dialog;
  const char *product_id;

  loket_test_desk_sync_quiet (fixture->desk[DESK_C]);
  g_assert_true (loket_db_query_row (db, "SELECT a.id, a.product_id FROM kb_articles a JOIN "
                                     "products p ON p.id = a.product_id WHERE a.status = "
                                     "'published' AND a.kind = 'product' ORDER BY a.title LIMIT 1",
                                     NULL, &article, NULL));
  g_assert_nonnull (article);
  product_id = json_object_get_string_member (article, "product_id");
  open_window (fixture, DESK_C);
  view = loket_knowledge_view_get_article_view (fixture->view);
  g_assert_true (loket_article_view_show_article (view,
                                                  json_object_get_string_member (article, "id")));
  g_assert_true (gtk_widget_is_visible (loket_test_get_named (view, "article-book")));
  g_signal_emit_by_name (loket_test_get_named (view, "article-book"), "clicked");
  loket_test_ui_settle ();
  dialog = loket_test_ui_find_window (LOKET_TYPE_BOOKING_DIALOG);
  g_assert_nonnull (dialog);
  loket_test_collect (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, counts);
  for (guint i = counts->len; i > 0; i--)
    if (g_strcmp0 (gtk_widget_get_name (counts->pdata[i - 1]), "visit-count") != 0)
      g_ptr_array_remove_index (counts, i - 1);
  /* One product in the visit: the article's. */
  g_assert_cmpuint (counts->len, ==, 1);
  g_assert_cmpstr (loket_record_get_id (g_object_get_data (counts->pdata[0], "product")), ==,
                   product_id);
  gtk_window_destroy (dialog);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/knowledge/four-eyes", Fixture, NULL, fixture_set_up, test_four_eyes,
              fixture_tear_down);
  g_test_add ("/ui/knowledge/book-product", Fixture, NULL, fixture_set_up, test_book_product,
              fixture_tear_down);
  return g_test_run ();
}
