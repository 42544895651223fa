/* loket-knowledge-view.c — the Knowledge Base page (loket-knowledge-view.h).
 *
 * The sidebar holds the search (results in a GtkListView, updated in place) and, for editors,
 * the sections.  The detail is a stack: the article (its actions above a LoketArticleView), a
 * list (a section's rows, an article's versions, the synonym groups with their form), or the
 * comparison of two versions.  What is shown is remembered by id (article_id, and revision_id
 * when a revision rather than the published text is shown), so a refresh after a sync keeps it.
 *
 * The editors' actions are in loket-knowledge-view-actions.c, their lists in
 * loket-knowledge-view-lists.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "loket-article-diff.h"
#include "loket-article-editor.h"
#include "loket-article-view.h"
#include "loket-kb-search.h"
#include "loket-kb-search-dialog.h"
#include "loket-knowledge-view-private.h"
#include "loket-record.h"
#include "loket-replica-kb.h"

#define RESULT_LIMIT 50
/* A search is remembered for the editors' figures once the clerk stopped typing this long. */
#define RECORD_AFTER_SECONDS 2

G_DEFINE_FINAL_TYPE (LoketKnowledgeView, loket_knowledge_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Search ----------------------------------------------------------------------------------- */

static char *
current_query (LoketKnowledgeView *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
}

/* The clerk stopped typing: the search counts for the editors' figures (once per query). */
static gboolean
record_search (gpointer data)
{
  LoketKnowledgeView *self = data;
  g_autofree char *query = current_query (self);
  g_autoptr(GError) error = NULL;

  self->record_id = 0;
  if (*query == '\0' || g_strcmp0 (query, self->recorded) == 0)
    return G_SOURCE_REMOVE;
  if (!loket_replica_record_search (self->replica, query,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                                    &error))
    g_debug ("search not recorded: %s", error->message);
  g_free (self->recorded);
  self->recorded = g_steal_pointer (&query);
  return G_SOURCE_REMOVE;
}

static void
update_results (LoketKnowledgeView *self)
{
  g_autofree char *query = current_query (self);
  g_autoptr(GListModel) fresh = loket_replica_search_kb (self->replica, query, RESULT_LIMIT);
  gboolean empty = g_list_model_get_n_items (fresh) == 0;

  loket_record_store_update (self->results, fresh);
  adw_status_page_set_title (self->results_empty, *query != '\0' ? _("No Articles Found") : "");
  adw_status_page_set_description (self->results_empty,
                                   *query != '\0'
                                   ? _("Try other words, or fewer.")
                                   : _("Type a product, a question or a keyword."));
  gtk_stack_set_visible_child_name (self->results_stack, empty ? "empty" : "results");
}

static void
on_search_changed (LoketKnowledgeView *self)
{
  self->refreshing = TRUE;
  update_results (self);
  self->refreshing = FALSE;
  g_clear_handle_id (&self->record_id, g_source_remove);
  self->record_id = g_timeout_add_seconds (RECORD_AFTER_SECONDS, record_search, self);
}

static void
focus_results (LoketKnowledgeView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

static gboolean
on_search_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                       GdkModifierType state, LoketKnowledgeView *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && (state & GDK_MODIFIER_MASK) == 0)
    {
      focus_results (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
setup_result (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (snippet, "kb-snippet");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_result (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *snippet = gtk_widget_get_next_sibling (title);
  LoketRecord *item = gtk_list_item_get_item (list_item);
  const char *kind = loket_article_kind_name (loket_record_get_string (item, "kind"));
  g_autofree char *markup = loket_kb_search_snippet_markup (loket_record_get_string (item,
                                                                                  "snippet"));
  g_autofree char *plain = NULL;
  g_autofree char *a11y = NULL;

  gtk_label_set_text (GTK_LABEL (title), loket_record_get_string (item, "title"));
  gtk_label_set_markup (GTK_LABEL (snippet), markup);
  plain = g_strdup (gtk_label_get_text (GTK_LABEL (snippet)));
  /* Translators: a search result read out: title, kind, the passage that matched */
  a11y = g_strdup_printf (_("%s, %s: %s"), loket_record_get_string (item, "title"), kind, plain);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

/* ---- Showing ---------------------------------------------------------------------------------- */

void
loket_knowledge_view_show_problem (LoketKnowledgeView *self, const char *message)
{
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

void
loket_knowledge_view_toast (LoketKnowledgeView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

static void
forget_shown (LoketKnowledgeView *self)
{
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->revision_id, g_free);
  loket_knowledge_view_show_problem (self, NULL);
}

static gboolean
show_article (LoketKnowledgeView *self, const char *article_id)
{
  g_autofree char *id = g_strdup (article_id);

  if (!loket_article_view_show_article (self->article_view, id))
    return FALSE;
  forget_shown (self);
  self->article_id = g_steal_pointer (&id);
  gtk_stack_set_visible_child_name (self->detail_stack, "article");
  loket_knowledge_view_update_actions (self);
  return TRUE;
}

static gboolean
show_revision (LoketKnowledgeView *self, const char *revision_id)
{
  g_autoptr(LoketRecord) revision = loket_replica_get_article_revision (self->replica,
                                                                       revision_id);

  if (revision == NULL || !loket_article_view_show_revision (self->article_view, revision_id))
    return FALSE;
  forget_shown (self);
  self->article_id = g_strdup (loket_record_get_string (revision, "article_id"));
  self->revision_id = g_strdup (revision_id);
  gtk_stack_set_visible_child_name (self->detail_stack, "article");
  loket_knowledge_view_update_actions (self);
  return TRUE;
}

/* ---- The clerk's choices ---------------------------------------------------------------------- */

static void
on_section_selected (LoketKnowledgeView *self, GtkListBoxRow *row)
{
  if (row == NULL || self->refreshing)
    return;
  self->refreshing = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->refreshing = FALSE;
  loket_knowledge_view_show_list (self, (guint) gtk_list_box_row_get_index (row));
}

static void
on_result_selected (LoketKnowledgeView *self)
{
  LoketRecord *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL || self->refreshing)
    return;
  self->refreshing = TRUE;
  gtk_list_box_unselect_all (self->sections);
  self->refreshing = FALSE;
  show_article (self, loket_record_get_id (item));
}

/* Enter on a result: read it. */
static void
on_result_activated (LoketKnowledgeView *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_child_focus (GTK_WIDGET (self->article_view), GTK_DIR_TAB_FORWARD);
}

static void
on_open_article (LoketKnowledgeView *self, const char *article_id)
{
  show_article (self, article_id);
}

/* "Book this product": the window's booking dialog, with the product in the visit. */
static void
on_book_product (LoketKnowledgeView *self, const char *product_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.book-product", "s", product_id);
}

static void
focus_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  loket_knowledge_view_focus_search (LOKET_KNOWLEDGE_VIEW (widget));
}

/* ---- Refreshing ------------------------------------------------------------------------------- */

void
loket_knowledge_view_refresh (LoketKnowledgeView *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refreshing = TRUE;
  self->editor = loket_replica_may_edit_articles (self->replica);
  loket_knowledge_view_update_counts (self);
  update_results (self);
  if (!self->editor && !g_str_equal (gtk_stack_get_visible_child_name (self->detail_stack),
                                     "article"))
    gtk_stack_set_visible_child_name (self->detail_stack, "none");
  loket_knowledge_view_update_list (self);
  loket_knowledge_view_update_actions (self);
  self->refreshing = FALSE;
}

static gboolean
refresh_idle (gpointer data)
{
  LoketKnowledgeView *self = data;

  self->refresh_id = 0;
  loket_knowledge_view_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_replica_changed (LoketKnowledgeView *self, const char *entity)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* ---- Construction ----------------------------------------------------------------------------- */

static void
set_up_results (LoketKnowledgeView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_result), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_result), NULL);
  gtk_list_view_set_factory (self->results_view, factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_result_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_view, "activate", G_CALLBACK (on_result_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (focus_results), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

static void
loket_knowledge_view_constructed (GObject *object)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (object);

  G_OBJECT_CLASS (loket_knowledge_view_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->article_view = LOKET_ARTICLE_VIEW (loket_article_view_new (self->replica));
  gtk_widget_set_name (GTK_WIDGET (self->article_view), "kb-article");
  gtk_widget_set_vexpand (GTK_WIDGET (self->article_view), TRUE);
  gtk_box_append (self->article_pane, GTK_WIDGET (self->article_view));
  g_signal_connect_object (self->article_view, "open-article", G_CALLBACK (on_open_article),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "book-product", G_CALLBACK (on_book_product),
                           self, G_CONNECT_SWAPPED);
  loket_knowledge_view_add_section_rows (self);
  set_up_results (self);
  gtk_list_box_bind_model (self->section_list, G_LIST_MODEL (self->items),
                           loket_knowledge_view_create_item_row, self, NULL);
  g_signal_connect_object (self->sections, "row-selected", G_CALLBACK (on_section_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  loket_knowledge_view_refresh (self);
}

static void
loket_knowledge_view_dispose (GObject *object)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->record_id, g_source_remove);
  if (self->section_list != NULL)
    gtk_list_box_bind_model (self->section_list, NULL, NULL, NULL, NULL);
  self->article_view = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_KNOWLEDGE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->items);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->revision_id, g_free);
  g_clear_pointer (&self->synonym_id, g_free);
  g_clear_pointer (&self->recorded, g_free);

  G_OBJECT_CLASS (loket_knowledge_view_parent_class)->dispose (object);
}

static void
loket_knowledge_view_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_knowledge_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_knowledge_view_class_init (LoketKnowledgeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_knowledge_view_constructed;
  object_class->dispose = loket_knowledge_view_dispose;
  object_class->get_property = loket_knowledge_view_get_property;
  object_class->set_property = loket_knowledge_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_action (widget_class, "kb.focus-search", NULL, focus_search_action);
  /* Before the window's own Ctrl+F, which would open the customers' search. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "kb.focus-search", NULL);

  g_type_ensure (LOKET_TYPE_ARTICLE_DIFF);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-knowledge-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketKnowledgeView, name)
  BIND (toasts);
  BIND (search_entry);
  BIND (new_button);
  BIND (sections);
  BIND (results_stack);
  BIND (results_empty);
  BIND (results_view);
  BIND (detail_stack);
  BIND (article_pane);
  BIND (article_toolbar);
  BIND (edit_button);
  BIND (merge_button);
  BIND (submit_button);
  BIND (approve_button);
  BIND (reject_button);
  BIND (compare_button);
  BIND (history_button);
  BIND (state_label);
  BIND (problem_label);
  BIND (list_title);
  BIND (list_description);
  BIND (synonym_form);
  BIND (synonym_entry);
  BIND (synonym_save);
  BIND (synonym_cancel);
  BIND (section_list);
  BIND (compare_selected);
  BIND (diff);
#undef BIND
  loket_knowledge_view_install_actions (widget_class);
  loket_knowledge_view_install_list_actions (widget_class);
}

static void
loket_knowledge_view_init (LoketKnowledgeView *self)
{
  self->results = g_list_store_new (LOKET_TYPE_RECORD);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  self->items = g_list_store_new (LOKET_TYPE_RECORD);
  self->chosen = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- Public ----------------------------------------------------------------------------------- */

GtkWidget *
loket_knowledge_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_KNOWLEDGE_VIEW, "replica", replica, NULL);
}

void
loket_knowledge_view_focus_search (LoketKnowledgeView *self)
{
  g_return_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
loket_knowledge_view_search (LoketKnowledgeView *self, const char *query)
{
  g_return_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  /* At once, not after the entry's typing delay. */
  on_search_changed (self);
}

GListModel *
loket_knowledge_view_get_results (LoketKnowledgeView *self)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), NULL);

  return G_LIST_MODEL (self->results);
}

gboolean
loket_knowledge_view_show_article (LoketKnowledgeView *self, const char *article_id)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);

  return show_article (self, article_id);
}

gboolean
loket_knowledge_view_show_revision (LoketKnowledgeView *self, const char *revision_id)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  return show_revision (self, revision_id);
}

gboolean
loket_knowledge_view_show_section (LoketKnowledgeView *self, LoketKnowledgeSection section)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), FALSE);
  g_return_val_if_fail (section < LOKET_KNOWLEDGE_N_SECTIONS, FALSE);

  if (!self->editor)
    return FALSE;
  gtk_list_box_select_row (self->sections, gtk_list_box_get_row_at_index (self->sections,
                                                                          (int) section));
  /* Chosen again: shown again, with what is in it now. */
  if (self->list_mode != section
      || !g_str_equal (gtk_stack_get_visible_child_name (self->detail_stack), "list"))
    loket_knowledge_view_show_list (self, section);
  else
    loket_knowledge_view_update_list (self);
  return TRUE;
}

GListModel *
loket_knowledge_view_get_items (LoketKnowledgeView *self)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), NULL);

  return G_LIST_MODEL (self->items);
}

guint
loket_knowledge_view_get_count (LoketKnowledgeView *self, LoketKnowledgeSection section)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), 0);
  g_return_val_if_fail (section < LOKET_KNOWLEDGE_N_SECTIONS, 0);

  return self->counts[section];
}

LoketArticleView *
loket_knowledge_view_get_article_view (LoketKnowledgeView *self)
{
  g_return_val_if_fail (LOKET_IS_KNOWLEDGE_VIEW (self), NULL);

  return self->article_view;
}
