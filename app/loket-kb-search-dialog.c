/* loket-kb-search-dialog.c — the knowledge base over whatever the clerk is doing (see the
 * header).
 *
 * The results are a plain GtkListBox: at most RESULT_LIMIT rows, and a list box moves focus and
 * selection with the keyboard the way a clerk expects (Down from the search field lands on the
 * first result).  Selecting a result reads it beside the list; activating it (Enter) also moves
 * the focus into the article.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "loket-article-editor.h"
#include "loket-kb-search-dialog.h"
#include "loket-kb-search.h"
#include "loket-record.h"

#define RESULT_LIMIT 20

struct _LoketKbSearchDialog
{
  AdwWindow         parent_instance;

  LoketReplica     *replica;
  GListStore       *results;       /* LoketRecord: id, kind, title, snippet, uses */
  char             *recorded;      /* the query last remembered, so it is remembered once */
  gboolean          choose;

  AdwWindowTitle   *window_title;
  GtkWidget        *choose_button;
  GtkSearchEntry   *entry;
  GtkStack         *results_stack;
  AdwStatusPage    *empty_page;
  GtkListBox       *results_list;
  GtkStack         *article_stack;
  GtkBox           *article_pane;
  LoketArticleView *article_view;
};

G_DEFINE_FINAL_TYPE (LoketKbSearchDialog, loket_kb_search_dialog, ADW_TYPE_WINDOW)

enum {
  ARTICLE_CHOSEN,
  BOOK_PRODUCT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Results --------------------------------------------------------------------------------- */

char *
loket_kb_search_snippet_markup (const char *snippet)
{
  GString *markup = g_string_new (NULL);
  const char *run = snippet != NULL ? snippet : "";

  /* Each run up to a marker is escaped on its own; the markers become the tags, and the lines
   * of a passage one flowing text. */
  while (*run != '\0')
    {
      size_t length = strcspn (run, "\001\002\n");
      g_autofree char *escaped = g_markup_escape_text (run, (gssize) length);

      g_string_append (markup, escaped);
      run += length;
      if (*run == '\001')
        g_string_append (markup, "<b>");
      else if (*run == '\002')
        g_string_append (markup, "</b>");
      else if (*run == '\n')
        g_string_append_c (markup, ' ');
      if (*run != '\0')
        run++;
    }
  /* A match cut off by the snippet's end is still closed. */
  if (g_strrstr (markup->str, "<b>") > g_strrstr (markup->str, "</b>"))
    g_string_append (markup, "</b>");
  return g_string_free (markup, FALSE);
}

static GtkWidget *
result_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
result_row (gpointer item, gpointer data)
{
  LoketRecord *hit = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = result_label ("heading");
  GtkWidget *kind = result_label ("caption");
  GtkWidget *snippet = result_label ("kb-snippet");
  g_autofree char *markup = loket_kb_search_snippet_markup (loket_record_get_string (hit,
                                                                                     "snippet"));

  gtk_widget_set_name (row, "kb-search-result");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_text (GTK_LABEL (title), loket_record_get_string (hit, "title"));
  gtk_label_set_text (GTK_LABEL (kind),
                      loket_article_kind_name (loket_record_get_string (hit, "kind")));
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_label_set_markup (GTK_LABEL (snippet), markup);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (snippet, *markup != '\0');
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, kind, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  snippet, NULL, -1);
  return row;
}

static char *
query_text (LoketKbSearchDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}

/* For the editors' figures: the query as typed and what it found, once per query. */
static void
record_search (LoketKbSearchDialog *self)
{
  g_autofree char *query = query_text (self);
  g_autoptr(GError) error = NULL;

  if (*query == '\0' || g_strcmp0 (query, self->recorded) == 0)
    return;
  if (!loket_replica_record_search (self->replica, query,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                                    &error))
    g_debug ("The search “%s” is not remembered: %s", query, error->message);
  g_free (self->recorded);
  self->recorded = g_steal_pointer (&query);
}

static void
on_search_changed (LoketKbSearchDialog *self)
{
  g_autofree char *query = query_text (self);
  g_autoptr(GListModel) hits = loket_replica_search_kb (self->replica, query, RESULT_LIMIT);
  g_autofree char *escaped = g_markup_escape_text (query, -1);
  g_autofree char *description = NULL;

  loket_record_store_update (self->results, hits);
  if (*query == '\0')
    gtk_stack_set_visible_child_name (self->results_stack, "start");
  else if (g_list_model_get_n_items (hits) == 0)
    gtk_stack_set_visible_child_name (self->results_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->results_stack, "results");
  /* Translators: the search as typed; shown when it found nothing. */
  description = g_strdup_printf (_("Nothing matches “%s”. Try other or fewer words."), escaped);
  adw_status_page_set_description (self->empty_page, description);
}

/* ---- Reading --------------------------------------------------------------------------------- */

static void
update_choose (LoketKbSearchDialog *self)
{
  gboolean shown = loket_article_view_get_article_id (self->article_view) != NULL;

  gtk_widget_set_visible (self->choose_button, self->choose);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kb.choose", self->choose && shown);
}

static void
read_article (LoketKbSearchDialog *self, const char *article_id)
{
  if (!loket_article_view_show_article (self->article_view, article_id))
    return;
  gtk_stack_set_visible_child_name (self->article_stack, "article");
  record_search (self);
  update_choose (self);
}

static void
on_row_selected (LoketKbSearchDialog *self, GtkListBoxRow *row)
{
  g_autoptr(LoketRecord) hit = NULL;

  if (row == NULL)
    return;
  hit = g_list_model_get_item (G_LIST_MODEL (self->results), gtk_list_box_row_get_index (row));
  if (hit != NULL)
    read_article (self, loket_record_get_id (hit));
}

/* Enter on a result: read it, the keyboard in the article. */
static void
on_row_activated (LoketKbSearchDialog *self, GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->results_list, row);
  gtk_widget_child_focus (GTK_WIDGET (self->article_view), GTK_DIR_TAB_FORWARD);
}

static void
on_entry_activate (LoketKbSearchDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL)
    on_row_activated (self, first);
}

static void
on_stop_search (LoketKbSearchDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Down from the search field: to the first result, which is then read. */
static gboolean
on_entry_key (LoketKbSearchDialog *self, guint keyval, guint keycode, GdkModifierType state)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  gtk_list_box_select_row (self->results_list, first);
  return GDK_EVENT_STOP;
}

static void
on_open_article (LoketKbSearchDialog *self, const char *article_id)
{
  gtk_list_box_unselect_all (self->results_list);
  read_article (self, article_id);
}

static void
on_book_product (LoketKbSearchDialog *self, const char *product_id)
{
  g_autofree char *id = g_strdup (product_id);

  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[BOOK_PRODUCT], 0, id);
}

static void
choose_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKbSearchDialog *self = LOKET_KB_SEARCH_DIALOG (widget);
  g_autoptr(LoketRecord) article = NULL;
  const char *id = loket_article_view_get_article_id (self->article_view);

  if (!self->choose || id == NULL
      || (article = loket_replica_get_article (self->replica, id)) == NULL)
    return;
  g_signal_emit (self, signals[ARTICLE_CHOSEN], 0, id, loket_record_get_string (article, "title"));
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
loket_kb_search_dialog_close_request (GtkWindow *window)
{
  record_search (LOKET_KB_SEARCH_DIALOG (window));
  return GTK_WINDOW_CLASS (loket_kb_search_dialog_parent_class)->close_request (window);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
loket_kb_search_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LOKET_TYPE_KB_SEARCH_DIALOG);
  G_OBJECT_CLASS (loket_kb_search_dialog_parent_class)->dispose (object);
}

static void
loket_kb_search_dialog_finalize (GObject *object)
{
  LoketKbSearchDialog *self = LOKET_KB_SEARCH_DIALOG (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->results);
  g_free (self->recorded);
  G_OBJECT_CLASS (loket_kb_search_dialog_parent_class)->finalize (object);
}

static void
loket_kb_search_dialog_class_init (LoketKbSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_kb_search_dialog_dispose;
  object_class->finalize = loket_kb_search_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = loket_kb_search_dialog_close_request;

  signals[ARTICLE_CHOSEN] = g_signal_new ("article-chosen", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                          G_TYPE_STRING, G_TYPE_STRING);
  signals[BOOK_PRODUCT] = g_signal_new ("book-product", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-kb-search-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketKbSearchDialog, name)
  BIND (window_title);
  BIND (choose_button);
  BIND (entry);
  BIND (results_stack);
  BIND (empty_page);
  BIND (results_list);
  BIND (article_stack);
  BIND (article_pane);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "kb.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "kb.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "kb.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_kb_search_dialog_init (LoketKbSearchDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->results = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), result_row, NULL,
                           NULL);
  /* Before the text field's own keys: Down would otherwise just leave the field. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  /* Typing anywhere in the window goes on with the search. */
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self));
}

/* ---- Public API ------------------------------------------------------------------------------ */

GtkWidget *
loket_kb_search_dialog_new (LoketReplica *replica)
{
  LoketKbSearchDialog *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_KB_SEARCH_DIALOG, NULL);
  self->replica = g_object_ref (replica);
  self->article_view = LOKET_ARTICLE_VIEW (loket_article_view_new (replica));
  gtk_widget_set_name (GTK_WIDGET (self->article_view), "kb-search-article");
  gtk_widget_set_vexpand (GTK_WIDGET (self->article_view), TRUE);
  gtk_box_append (self->article_pane, GTK_WIDGET (self->article_view));
  g_signal_connect_object (self->article_view, "open-article", G_CALLBACK (on_open_article),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "book-product", G_CALLBACK (on_book_product),
                           self, G_CONNECT_SWAPPED);
  update_choose (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return GTK_WIDGET (self);
}

void
loket_kb_search_dialog_set_choose (LoketKbSearchDialog *self, gboolean choose)
{
  g_return_if_fail (LOKET_IS_KB_SEARCH_DIALOG (self));

  self->choose = choose;
  adw_window_title_set_title (self->window_title, choose ? _("Which Article Answered the "
                                                              "Question?")
                                                         : _("Knowledge Base"));
  update_choose (self);
}

void
loket_kb_search_dialog_search (LoketKbSearchDialog *self, const char *query)
{
  g_return_if_fail (LOKET_IS_KB_SEARCH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), query != NULL ? query : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  /* The search field waits a moment for more typing; this is all the typing there is. */
  on_search_changed (self);
}

GListModel *
loket_kb_search_dialog_get_results (LoketKbSearchDialog *self)
{
  g_return_val_if_fail (LOKET_IS_KB_SEARCH_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

GtkWidget *
loket_kb_search_dialog_get_entry (LoketKbSearchDialog *self)
{
  g_return_val_if_fail (LOKET_IS_KB_SEARCH_DIALOG (self), NULL);

  return GTK_WIDGET (self->entry);
}

LoketArticleView *
loket_kb_search_dialog_get_article_view (LoketKbSearchDialog *self)
{
  g_return_val_if_fail (LOKET_IS_KB_SEARCH_DIALOG (self), NULL);

  return self->article_view;
}
