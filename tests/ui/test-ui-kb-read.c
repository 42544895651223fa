/* test-ui-kb-read.c — reading and finding knowledge articles under Xvfb (issue 7).
 *
 * A replica file of its own, with published articles written into its tables as a pull writes
 * them; no server: reading and searching work offline and go out only through the outbox.
 *
 *  - markdown: headings, lists, strong words and links become tags; a link's target is found at
 *    its text; raw HTML and links the desk cannot follow are not shown as such.
 *  - article: the view shows title, facts, the public text and, set apart and labelled, the
 *    internal text; its links and related articles are rows to activate; a click on a link in
 *    the text follows it; a draft shows what it is.
 *  - search: Ctrl+Shift+F in the main window opens the search; typing finds articles with the
 *    matched words in bold; nothing found says so; Down and Enter read an article beside the
 *    results; the search is remembered (outbox) once an article is read or the window closes,
 *    not for every keystroke.
 *  - choose: the contact dialog's Alt+K opens the search in choose mode, starting from the
 *    topic; Ctrl+Enter uses the article and the registered contact carries it.
 * If PNG is set in $LOKET_SCREENSHOT, the search with an article open is saved there, the
 * search in choose mode and the contact dialog with the chosen article beside it
 * (PNG-choose.png, PNG-contact.png).
 */
#include "config.h"

#include <string.h>

#include "loket-article-view.h"
#include "loket-contact-dialog.h"
#include "loket-kb-search-dialog.h"
#include "loket-markdown.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 10000
#define PASSPORT "a-paspoort"
#define ID_CARD "a-idkaart"
#define PASSPORT_TITLE "Paspoort kwijt of gestolen"

static const char passport_public[] =
  "# Paspoort kwijt\n\n"
  "Bent u uw paspoort **kwijt**? Doe dan *eerst* aangifte.\n\n"
  "## Wat neemt u mee\n\n"
  "- Een pasfoto\n"
  "- Uw `BSN`\n"
  "  1. eerste stap\n"
  "  2. tweede stap\n\n"
  "Lees ook [de ID-kaart](article:" ID_CARD ") of [maak een afspraak](book:p-paspoort).\n\n"
  "Meer op [de website](https://www.example.nl/paspoort).\n\n"
  "<div>ruwe html</div>\n\n"
  "Niet <b>vet</b> en [geen link](javascript:alert(1)).\n\n"
  "> Let op de kosten.\n\n"
  "---\n";

typedef struct {
  char         *dir;
  LoketReplica *replica;
} Fixture;

/* ---- the replica ----------------------------------------------------------------------------- */

static void
add_row (Fixture *fixture, const char *entity, JsonObject *row)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (loket_db_upsert_row (loket_replica_get_db (fixture->replica), entity, row,
                                      &error));
  g_assert_no_error (error);
}

static void
add_json (Fixture *fixture, const char *entity, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = loket_protocol_parse_object (json, strlen (json), &error);

  g_assert_no_error (error);
  add_row (fixture, entity, row);
}

static void
add_article (Fixture *fixture, const char *id, const char *kind, const char *title,
             const char *public_body, const char *internal_body, const char *related)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "title", title);
  json_object_set_string_member (row, "public_body", public_body);
  json_object_set_string_member (row, "internal_body", internal_body);
  json_object_set_string_member (row, "status", "published");
  json_object_set_int_member (row, "rev", 3);
  json_object_set_string_member (row, "related", related);
  json_object_set_string_member (row, "updated_at", "2030-03-01T09:00:00Z");
  json_object_set_string_member (row, "published_at", "2030-03-01T09:00:00Z");
  if (g_str_equal (kind, "product"))
    {
      json_object_set_string_member (row, "product_id", "p-paspoort");
      json_object_set_string_member (row, "owner_id", "u-redactie");
      /* Long past, whatever day the test runs. */
      json_object_set_string_member (row, "review_date", "2001-01-01");
    }
  add_row (fixture, "kb_articles", row);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = loket_test_make_tmp_dir ("loket-ui-kb-read");
  path = g_build_filename (fixture->dir, "replica.db", NULL);
  fixture->replica = loket_replica_open (path, &error);
  g_assert_no_error (error);
  add_json (fixture, "product_groups", "{\"id\":\"g-burgerzaken\",\"name\":\"Burgerzaken\"}");
  add_json (fixture, "products", "{\"id\":\"p-paspoort\",\"group_id\":\"g-burgerzaken\","
            "\"name\":\"Paspoort\",\"norm_minutes\":15,\"handling_level\":1,\"line\":1}");
  add_json (fixture, "teams", "{\"id\":\"t-kcc\",\"name\":\"KCC\"}");
  add_json (fixture, "users", "{\"id\":\"u-redactie\",\"username\":\"redactie\","
            "\"display_name\":\"Ria Redactie\",\"role_id\":\"redacteur\",\"team_id\":\"t-kcc\"}");
  add_article (fixture, PASSPORT, "product", PASSPORT_TITLE, passport_public,
               "Controleer of het paspoort als **vermist** is gemeld.", "[\"" ID_CARD "\"]");
  add_article (fixture, ID_CARD, "faq", "ID-kaart aanvragen",
               "Een ID-kaart vraagt u aan bij de balie.", "", "[]");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  loket_test_ui_settle ();
  g_clear_object (&fixture->replica);
  loket_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The first column of the first row of a query on the replica, as text ("" for none). */
static char *
replica_text (Fixture *fixture, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (fixture->replica), sql,
                                                   &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    return g_strdup ("");
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static guint
searches_remembered (Fixture *fixture)
{
  g_autofree char *count = replica_text (fixture, "SELECT count(*) FROM outbox WHERE type = '"
                                         LOKET_MUTATION_RECORD_SEARCH "'");

  return (guint) g_ascii_strtoull (count, NULL, 10);
}

/* ---- helpers --------------------------------------------------------------------------------- */

static void
on_string (gpointer emitter, const char *value, char **out)
{
  g_free (*out);
  *out = g_strdup (value);
}

/* The text of a buffer from the first place text is found, for as long as a tag holds. */
static gboolean
find_text (GtkTextBuffer *buffer, const char *text, GtkTextIter *start)
{
  GtkTextIter from;

  gtk_text_buffer_get_start_iter (buffer, &from);
  return gtk_text_iter_forward_search (&from, text, 0, start, NULL, NULL);
}

static gboolean
has_tag (GtkTextBuffer *buffer, const char *text, const char *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter at;

  g_assert_nonnull (tag);
  g_assert_true (find_text (buffer, text, &at));
  return gtk_text_iter_has_tag (&at, tag);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWindow *
present_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static gboolean
is_drawn (Fixture *fixture, gconstpointer widget)
{
  return gtk_widget_get_mapped ((GtkWidget *) widget)
         && gtk_widget_get_width ((GtkWidget *) widget) > 0;
}

static gboolean
is_tall (Fixture *fixture, gconstpointer widget)
{
  return gtk_widget_get_height ((GtkWidget *) widget) > 100;
}

/* ---- markdown -------------------------------------------------------------------------------- */

static void
test_markdown (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *text = NULL;
  GPtrArray *links;
  GtkTextIter at;

  loket_markdown_render (buffer, passport_public);
  text = buffer_text (buffer);
  g_assert_true (g_str_has_prefix (text, "Paspoort kwijt\n"));
  g_assert_true (has_tag (buffer, "Paspoort kwijt", "h1"));
  g_assert_true (has_tag (buffer, "Wat neemt u mee", "h2"));
  g_assert_nonnull (strstr (text, "•\u2002Een pasfoto"));
  g_assert_true (has_tag (buffer, "•\u2002Een pasfoto", "list-1"));
  g_assert_nonnull (strstr (text, "1.\u2002eerste stap"));
  g_assert_true (has_tag (buffer, "1.\u2002eerste stap", "list-2"));
  g_assert_nonnull (strstr (text, "2.\u2002tweede stap"));
  g_assert_true (has_tag (buffer, "BSN", "code"));
  g_assert_true (has_tag (buffer, "eerst", "emph"));
  g_assert_true (has_tag (buffer, "Let op de kosten", "quote"));
  /* No markers and no raw HTML, not even as text. */
  g_assert_null (strstr (text, "**"));
  g_assert_null (strstr (text, "<div>"));
  g_assert_null (strstr (text, "ruwe html"));
  g_assert_null (strstr (text, "<b>"));
  g_assert_nonnull (strstr (text, "Niet vet en geen link."));

  /* Strong words: "kwijt" after "paspoort ". */
  g_assert_true (find_text (buffer, "kwijt? Doe", &at));
  g_assert_true (gtk_text_iter_has_tag (&at, gtk_text_tag_table_lookup (
                   gtk_text_buffer_get_tag_table (buffer), "strong")));

  links = loket_markdown_get_links (buffer);
  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (((LoketMarkdownLink *) links->pdata[0])->text, ==, "de ID-kaart");
  g_assert_cmpstr (((LoketMarkdownLink *) links->pdata[0])->target, ==, "article:" ID_CARD);
  g_assert_cmpstr (((LoketMarkdownLink *) links->pdata[1])->target, ==, "book:p-paspoort");
  g_assert_cmpstr (((LoketMarkdownLink *) links->pdata[2])->target, ==,
                   "https://www.example.nl/paspoort");
  g_assert_true (find_text (buffer, "ID-kaart", &at));
  g_assert_cmpstr (loket_markdown_link_at (&at), ==, "article:" ID_CARD);
  g_assert_true (has_tag (buffer, "ID-kaart", "link"));
  g_assert_true (find_text (buffer, "geen link", &at));
  g_assert_null (loket_markdown_link_at (&at));
  g_assert_false (has_tag (buffer, "geen link", "link"));
  g_assert_true (find_text (buffer, "Lees ook", &at));
  g_assert_null (loket_markdown_link_at (&at));

  /* Rendering again replaces everything, links included. */
  loket_markdown_render (buffer, "Alleen [dit](mailto:balie@example.nl).");
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Alleen dit.");
  links = loket_markdown_get_links (buffer);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (((LoketMarkdownLink *) links->pdata[0])->target, ==, "mailto:balie@example.nl");
  loket_markdown_render (buffer, NULL);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  g_assert_cmpuint (loket_markdown_get_links (buffer)->len, ==, 0);

  g_assert_true (loket_markdown_is_link ("article:x"));
  g_assert_false (loket_markdown_is_link ("article:"));
  g_assert_false (loket_markdown_is_link ("file:///etc/passwd"));
}

/* ---- the article view ------------------------------------------------------------------------ */

/* The view's click gesture for links: the text view's own listens to every button. */
static GtkGesture *
link_gesture (GtkWidget *view)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  GtkGesture *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller)
          && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        found = GTK_GESTURE (controller);
    }
  g_assert_nonnull (found);
  return found;
}

typedef struct {
  GtkTextView *view;
  GtkTextIter  at;
  int          x, y;   /* where at is drawn, in the view's own coordinates */
} TextPoint;

/* Until the view is laid out, a character's place is an estimate: wait for the real one. */
static gboolean
is_laid_out (Fixture *fixture, gconstpointer data)
{
  TextPoint *point = (TextPoint *) data;
  GdkRectangle rect;
  GtkTextIter found;

  gtk_text_view_get_iter_location (point->view, &point->at, &rect);
  gtk_text_view_buffer_to_window_coords (point->view, GTK_TEXT_WINDOW_WIDGET, rect.x + 1,
                                         rect.y + rect.height / 2, &point->x, &point->y);
  return gtk_text_view_get_iter_at_location (point->view, &found, rect.x + 1,
                                             rect.y + rect.height / 2)
         && gtk_text_iter_equal (&found, &point->at);
}

/* A click on the second character of text in view, as the text view's own gesture reports
 * it. */
static void
click_text (GtkWidget *view, const char *text)
{
  TextPoint point = { GTK_TEXT_VIEW (view) };

  g_assert_true (find_text (gtk_text_view_get_buffer (point.view), text, &point.at));
  gtk_text_iter_forward_char (&point.at);
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) is_laid_out, NULL, &point,
                                           WAIT_MS));
  g_signal_emit_by_name (link_gesture (view), "released", 1, (double) point.x,
                         (double) point.y);
}

static GtkListBoxRow *
row_at (GtkWidget *list, int index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  return row;
}

static void
test_article_view (Fixture *fixture, gconstpointer data)
{
  LoketArticleView *view = LOKET_ARTICLE_VIEW (loket_article_view_new (fixture->replica));
  GtkWindow *window = present_in_window (GTK_WIDGET (view));
  GtkWidget *internal = loket_test_get_named (view, "article-internal");
  GtkWidget *public_text = loket_test_get_named (view, "article-public");
  GtkWidget *links = loket_test_get_named (view, "article-links");
  g_autofree char *opened = NULL;
  g_autofree char *booked = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  const char *facts;

  g_signal_connect (view, "open-article", G_CALLBACK (on_string), &opened);
  g_signal_connect (view, "book-product", G_CALLBACK (on_string), &booked);
  g_assert_false (loket_article_view_show_article (view, "a-unknown"));
  g_assert_true (loket_article_view_show_article (view, PASSPORT));
  g_assert_cmpstr (loket_article_view_get_article_id (view), ==, PASSPORT);
  g_assert_null (loket_article_view_get_revision_id (view));
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) is_drawn, fixture, public_text, WAIT_MS));

  labels = loket_test_visible_label_texts (GTK_WIDGET (view));
  g_assert_true (loket_test_texts_contain (labels, PASSPORT_TITLE));
  g_assert_true (loket_test_texts_contain (labels, "Review overdue"));
  g_assert_true (loket_test_texts_contain (labels, "Internal — staff only"));
  facts = gtk_label_get_text (GTK_LABEL (loket_test_get_named (view, "article-facts")));
  g_assert_nonnull (strstr (facts, "Product"));
  g_assert_nonnull (strstr (facts, "Paspoort"));
  g_assert_nonnull (strstr (facts, "Ria Redactie"));
  g_assert_nonnull (strstr (facts, "Version 3"));
  g_assert_nonnull (strstr (facts, "2001"));

  /* The public text, and the internal text set apart in a card of its own. */
  text = buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (public_text)));
  g_assert_nonnull (strstr (text, "Doe dan eerst aangifte"));
  g_assert_null (strstr (text, "vermist"));
  g_assert_true (gtk_widget_get_mapped (internal));
  g_assert_true (gtk_widget_has_css_class (internal, "kb-internal"));
  g_assert_true (gtk_widget_has_css_class (internal, "card"));
  g_clear_pointer (&text, g_free);
  text = buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                        loket_test_get_named (view, "article-internal-text"))));
  g_assert_cmpstr (text, ==, "Controleer of het paspoort als vermist is gemeld.");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (internal),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Internal — staff only"));

  /* The links as rows, in reading order; following them. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (links), 2));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (links), 3));
  g_signal_emit_by_name (links, "row-activated", row_at (links, 0));
  g_assert_cmpstr (opened, ==, ID_CARD);
  g_signal_emit_by_name (links, "row-activated", row_at (links, 1));
  g_assert_cmpstr (booked, ==, "p-paspoort");

  /* The same with the mouse in the text; a click beside a link follows nothing. */
  g_clear_pointer (&opened, g_free);
  click_text (public_text, "Lees ook");
  g_assert_null (opened);
  click_text (public_text, "de ID-kaart");
  g_assert_cmpstr (opened, ==, ID_CARD);

  /* "Book this product" and the related article. */
  g_clear_pointer (&booked, g_free);
  g_signal_emit_by_name (loket_test_get_named (view, "article-book"), "clicked");
  g_assert_cmpstr (booked, ==, "p-paspoort");
  g_clear_pointer (&opened, g_free);
  g_signal_emit_by_name (loket_test_get_named (view, "article-related"), "row-activated",
                         row_at (loket_test_get_named (view, "article-related"), 0));
  g_assert_cmpstr (opened, ==, ID_CARD);

  /* An article without internal text, links, product or related articles shows none. */
  g_assert_true (loket_article_view_show_article (view, ID_CARD));
  loket_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (internal));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "article-book")));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (view, "article-overdue")));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (links), 0));

  /* A draft under review says what it is. */
  add_json (fixture, "kb_article_revisions",
            "{\"id\":\"r-draft\",\"article_id\":\"" ID_CARD "\",\"rev\":4,\"based_on_rev\":3,"
            "\"title\":\"ID-kaart aanvragen (nieuw)\",\"public_body\":\"Nieuwe tekst.\","
            "\"internal_body\":\"Intern.\",\"state\":\"submitted\",\"kind\":\"faq\","
            "\"created_at\":\"2030-03-02T09:00:00Z\",\"related\":\"[\\\"" PASSPORT "\\\"]\"}");
  g_assert_true (loket_article_view_show_revision (view, "r-draft"));
  g_assert_cmpstr (loket_article_view_get_revision_id (view), ==, "r-draft");
  g_assert_cmpstr (loket_article_view_get_article_id (view), ==, ID_CARD);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (loket_test_get_named (
                              view, "article-revision"))), "Submitted for review"));
  g_assert_true (gtk_widget_get_visible (internal));
  g_assert_nonnull (row_at (loket_test_get_named (view, "article-related"), 0));
  gtk_window_destroy (window);
}

/* ---- the search ------------------------------------------------------------------------------ */

static gboolean
has_results (Fixture *fixture, gconstpointer dialog)
{
  return g_list_model_get_n_items (
           loket_kb_search_dialog_get_results ((LoketKbSearchDialog *) dialog)) > 0;
}

static gboolean
has_search_dialog (Fixture *fixture, gconstpointer data)
{
  return loket_test_ui_find_window (LOKET_TYPE_KB_SEARCH_DIALOG) != NULL;
}

static LoketKbSearchDialog *
open_search_from_window (Fixture *fixture)
{
  g_autoptr(LoketSyncClient) client = loket_sync_client_new (fixture->replica);
  LoketWindow *window = loket_window_new (NULL, fixture->replica, client);

  gtk_window_present (GTK_WINDOW (window));
  loket_test_ui_press_shortcut (GTK_WIDGET (window), "<Control><Shift>f");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_search_dialog, fixture, NULL, WAIT_MS));
  return LOKET_KB_SEARCH_DIALOG (loket_test_ui_find_window (LOKET_TYPE_KB_SEARCH_DIALOG));
}

static const char *
visible_page (GtkWidget *widget_in_stack)
{
  GtkWidget *stack = gtk_widget_get_ancestor (widget_in_stack, GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
test_search (Fixture *fixture, gconstpointer data)
{
  LoketKbSearchDialog *dialog = open_search_from_window (fixture);
  GtkWidget *entry = loket_kb_search_dialog_get_entry (dialog);
  GtkWidget *results = loket_test_get_named (dialog, "kb-search-results");
  GtkWidget *empty = loket_test_get_named (dialog, "kb-search-empty");
  GListModel *model = loket_kb_search_dialog_get_results (dialog);
  LoketArticleView *view = loket_kb_search_dialog_get_article_view (dialog);
  g_autoptr(LoketRecord) first = NULL;
  g_autofree char *remembered = NULL;
  GtkWidget *snippet;

  g_autofree char *markup = loket_kb_search_snippet_markup ("a \001b<c\002 &\nd");
  g_assert_cmpstr (markup, ==, "a <b>b&lt;c</b> &amp; d");
  g_assert_true (gtk_widget_has_focus (entry) || loket_test_ui_focus_in (GTK_WINDOW (dialog),
                                                                         "kb-search-entry"));

  /* Typed as a clerk types: each change searches. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "paspoort");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_results, fixture, dialog, WAIT_MS));
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (loket_record_get_id (first), ==, PASSPORT);
  g_assert_cmpstr (visible_page (results), ==, "results");
  snippet = gtk_widget_get_last_child (gtk_list_box_row_get_child (row_at (results, 0)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (snippet)), "<b>"));

  /* Nothing found: said with the query; nothing remembered while typing. */
  loket_kb_search_dialog_search (dialog, "zwembadpas");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (visible_page (empty), ==, "empty");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (empty)),
                            "zwembadpas"));
  g_assert_cmpuint (searches_remembered (fixture), ==, 0);

  /* Down into the results reads the first; Enter on the field reads it too. */
  loket_kb_search_dialog_search (dialog, "paspoort kwijt");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  loket_test_ui_press_key_on (entry, GDK_KEY_Down);
  g_assert_true (loket_test_ui_focus_in (GTK_WINDOW (dialog), "kb-search-results"));
  g_assert_cmpstr (loket_article_view_get_article_id (view), ==, PASSPORT);
  g_assert_cmpuint (searches_remembered (fixture), ==, 1);
  remembered = replica_text (fixture, "SELECT args FROM outbox WHERE type = '"
                             LOKET_MUTATION_RECORD_SEARCH "' ORDER BY seq DESC");
  g_assert_nonnull (strstr (remembered, "\"paspoort kwijt\""));

  /* A link in the article opens the other article in the same place. */
  g_signal_emit_by_name (loket_test_get_named (view, "article-links"), "row-activated",
                         row_at (loket_test_get_named (view, "article-links"), 0));
  g_assert_cmpstr (loket_article_view_get_article_id (view), ==, ID_CARD);

  loket_kb_search_dialog_search (dialog, "paspoort");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (loket_article_view_get_article_id (view), ==, PASSPORT);
  g_assert_true (loket_test_ui_focus_in (GTK_WINDOW (dialog), "kb-search-article"));
  g_assert_cmpuint (searches_remembered (fixture), ==, 2);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (dialog, "kb-search-choose")));
  /* The picture once the article's text is laid out. */
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) is_tall, fixture,
                                           loket_test_get_named (view, "article-public"),
                                           WAIT_MS));
  loket_test_ui_save_screenshot (GTK_WINDOW (dialog));

  /* Closing remembers the last search, with what it found, once. */
  loket_kb_search_dialog_search (dialog, "zwembadpas");
  gtk_window_close (GTK_WINDOW (dialog));
  loket_test_ui_settle ();
  g_assert_cmpuint (searches_remembered (fixture), ==, 3);
  g_clear_pointer (&remembered, g_free);
  remembered = replica_text (fixture, "SELECT args FROM outbox WHERE type = '"
                             LOKET_MUTATION_RECORD_SEARCH "' ORDER BY seq DESC");
  g_assert_nonnull (strstr (remembered, "\"zwembadpas\""));
  g_assert_nonnull (strstr (remembered, "\"hits\":0"));
}

/* ---- choosing the article of a contact ------------------------------------------------------- */

static void
on_registered (LoketContactDialog *dialog, const char *contact_id, const char *case_id,
               char **out)
{
  *out = g_strdup (contact_id);
}

static void
test_choose (Fixture *fixture, gconstpointer data)
{
  LoketContactDialog *contact = LOKET_CONTACT_DIALOG (loket_contact_dialog_new (fixture->replica,
                                                                              "telefoon"));
  GtkWidget *find = loket_test_get_named (contact, "contact-article-find");
  LoketKbSearchDialog *search;
  g_autofree char *contact_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *sent = NULL;

  gtk_window_present (GTK_WINDOW (contact));
  g_signal_connect (contact, "registered", G_CALLBACK (on_registered), &contact_id);
  g_assert_null (loket_contact_dialog_get_article_id (contact));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     loket_test_get_named (contact, "contact-article"))), ==, "None");
  gtk_switch_set_active (GTK_SWITCH (loket_test_get_named (contact, "contact-anonymous")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (contact, "contact-topic")),
                         "paspoort kwijt");

  /* Alt+K (the row's mnemonic) opens the search in choose mode with the topic searched. */
  g_assert_true (loket_test_ui_press_key (find, GDK_KEY_k, GDK_ALT_MASK));
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) has_search_dialog, fixture, NULL, WAIT_MS));
  search = LOKET_KB_SEARCH_DIALOG (loket_test_ui_find_window (LOKET_TYPE_KB_SEARCH_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (search)) == GTK_WINDOW (contact));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (search, "kb-search-choose")));
  g_assert_cmpuint (g_list_model_get_n_items (loket_kb_search_dialog_get_results (search)), >, 0);
  /* Nothing read yet: nothing to use. */
  g_assert_false (gtk_widget_get_sensitive (loket_test_get_named (search, "kb-search-choose")));

  g_signal_emit_by_name (loket_kb_search_dialog_get_entry (search), "activate");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) is_tall, fixture,
                                           loket_test_get_named (search, "article-public"),
                                           WAIT_MS));
  loket_test_ui_save_screenshot_as (GTK_WINDOW (search), "choose");
  loket_test_ui_press_shortcut (GTK_WIDGET (search), "<Control>Return");
  loket_test_ui_settle ();
  g_assert_null (loket_test_ui_find_window (LOKET_TYPE_KB_SEARCH_DIALOG));
  g_assert_cmpstr (loket_contact_dialog_get_article_id (contact), ==, PASSPORT);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     loket_test_get_named (contact, "contact-article"))), ==, PASSPORT_TITLE);

  loket_test_ui_save_screenshot_as (GTK_WINDOW (contact), "contact");

  /* The contact moment carries the article: that is how its use is counted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (contact), "contact.register", NULL));
  g_assert_nonnull (contact_id);
  sql = g_strdup_printf ("SELECT article_id FROM contact_moments WHERE id = '%s'", contact_id);
  article_id = replica_text (fixture, sql);
  g_assert_cmpstr (article_id, ==, PASSPORT);
  sent = replica_text (fixture, "SELECT args FROM outbox WHERE type = '"
                       LOKET_MUTATION_ADD_CONTACT_MOMENT "'");
  g_assert_nonnull (strstr (sent, "\"article_id\":\"" PASSPORT "\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* GTK's own test accessibility backend keeps what widgets tell assistive technology, so the
   * labels can be checked; no accessibility bus is needed for it. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  adw_init ();
  /* The application's style, which AdwApplication would load, for the screenshot. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/nl/loket/Loket/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/ui/kb-read/markdown", Fixture, NULL, fixture_set_up, test_markdown,
              fixture_tear_down);
  g_test_add ("/ui/kb-read/article-view", Fixture, NULL, fixture_set_up, test_article_view,
              fixture_tear_down);
  g_test_add ("/ui/kb-read/search", Fixture, NULL, fixture_set_up, test_search,
              fixture_tear_down);
  g_test_add ("/ui/kb-read/choose", Fixture, NULL, fixture_set_up, test_choose,
              fixture_tear_down);
  return g_test_run ();
}
