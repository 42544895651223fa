/* loket-article-editor.c — writing a knowledge article's draft (loket-article-editor.h).
 *
 * The form reads like the article: its facts first, then the two texts, then what it links
 * to.  The choices (product, group, owner) are drop-downs with "None" first, each kept beside
 * a parallel array of ids.  The window keeps the draft's revision id after the first save, so
 * saving again and submitting change that same draft instead of making new ones.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-words.h"
#include "loket-article-diff.h"
#include "loket-article-editor.h"
#include "loket-markdown.h"
#include "loket-error.h"
#include "loket-kb-search.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-replica-cases.h"
#include "loket-replica-kb.h"

#define RELATED_FOUND_LIMIT 6

static const struct { const char *id; const char *name; } kinds[] = {
  { "product", N_("Product") },
  { "levensgebeurtenis", N_("Life event") },
  { "werkinstructie", N_("Work instruction") },
  { "faq", N_("Question and answer") },
  { "wie-doet-wat", N_("Who does what") },
  { "sociale-kaart", N_("Social map") },
};

struct _LoketArticleEditor
{
  AdwWindow        parent_instance;

  LoketReplica    *replica;
  char            *article_id;     /* NULL: a new article until the first save */
  char            *revision_id;    /* NULL: a new draft until the first save */
  GPtrArray       *product_ids;    /* by row position; NULL first: none */
  GPtrArray       *group_ids;
  GPtrArray       *owner_ids;
  GPtrArray       *related;        /* article ids, in the order they were added */

  AdwToastOverlay *toasts;
  GtkLabel        *error_label;
  GtkToggleButton *preview_button;
  GtkBox          *merge_box;
  AdwEntryRow     *title_row;
  AdwComboRow     *kind_row;
  AdwComboRow     *product_row;
  AdwComboRow     *group_row;
  AdwComboRow     *owner_row;
  AdwEntryRow     *review_row;
  GtkTextView     *public_view;
  GtkTextView     *internal_view;
  GtkBox          *public_preview;
  GtkBox          *internal_preview;
  GtkSearchEntry  *related_search;
  GtkListBox      *related_found;
  GtkListBox      *related_list;
};

G_DEFINE_FINAL_TYPE (LoketArticleEditor, loket_article_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  SIGNAL_SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
loket_article_kind_name (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, kind) == 0)
      return _(kinds[i].name);
  return kind != NULL ? kind : "";
}

/* ---- Choices ---------------------------------------------------------------------------------- */

/* Fills a drop-down with "None" and the records' names; the ids go to ids by position. */
static void
fill_choice (AdwComboRow *row, GPtrArray *ids, GListModel *records, const char *name_column)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (names, _("None"));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);

      gtk_string_list_append (names, loket_record_get_string (record, name_column));
      g_ptr_array_add (ids, g_strdup (loket_record_get_id (record)));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
}

static void
select_choice (AdwComboRow *row, GPtrArray *ids, const char *id)
{
  guint position = 0;

  if (id != NULL && *id != '\0')
    for (guint i = 1; i < ids->len; i++)
      if (g_str_equal (ids->pdata[i], id))
        position = i;
  adw_combo_row_set_selected (row, position);
}

static const char *
chosen_id (AdwComboRow *row, GPtrArray *ids)
{
  guint position = adw_combo_row_get_selected (row);

  return position < ids->len ? ids->pdata[position] : NULL;
}

static void
fill_choices (LoketArticleEditor *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);
  g_autoptr(GListModel) groups = loket_replica_list_product_groups (self->replica);
  g_autoptr(GListModel) people = loket_replica_list_editors (self->replica);
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, _(kinds[i].name));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  fill_choice (self->product_row, self->product_ids, products, "name");
  fill_choice (self->group_row, self->group_ids, groups, "name");
  fill_choice (self->owner_row, self->owner_ids, people, "display_name");
  /* A new article is usually kept by whoever writes it. */
  if (user != NULL)
    select_choice (self->owner_row, self->owner_ids, loket_record_get_id (user));
}

/* ---- Texts and preview ------------------------------------------------------------------------ */

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* The Markdown rendered as readers see it, in a read-only text view made on first use. */
static void
show_preview (GtkBox *preview, GtkTextView *source)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (preview));
  g_autofree char *text = view_text (source);

  if (child == NULL)
    {
      child = gtk_text_view_new ();
      gtk_text_view_set_editable (GTK_TEXT_VIEW (child), FALSE);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (child), FALSE);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (child), GTK_WRAP_WORD_CHAR);
      gtk_widget_set_vexpand (child, TRUE);
      gtk_box_append (preview, child);
    }
  loket_markdown_render (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), text);
}

static void
update_previews (LoketArticleEditor *self)
{
  gboolean on = gtk_toggle_button_get_active (self->preview_button);

  gtk_widget_set_visible (GTK_WIDGET (self->public_preview), on);
  gtk_widget_set_visible (GTK_WIDGET (self->internal_preview), on);
  if (!on)
    return;
  show_preview (self->public_preview, self->public_view);
  show_preview (self->internal_preview, self->internal_view);
}

static void
on_preview_toggled (LoketArticleEditor *self)
{
  update_previews (self);
}

static void
preview_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketArticleEditor *self = LOKET_ARTICLE_EDITOR (widget);

  gtk_toggle_button_set_active (self->preview_button,
                                !gtk_toggle_button_get_active (self->preview_button));
}

static void
on_text_changed (LoketArticleEditor *self)
{
  if (gtk_toggle_button_get_active (self->preview_button))
    update_previews (self);
}

/* ---- Related articles ------------------------------------------------------------------------- */

static void rebuild_related (LoketArticleEditor *self);

static void
on_remove_related (GtkButton *button, LoketArticleEditor *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "article-id");
  guint position;

  if (g_ptr_array_find_with_equal_func (self->related, id, g_str_equal, &position))
    g_ptr_array_remove_index (self->related, position);
  rebuild_related (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->related_search));
}

static GtkWidget *
related_row_new (LoketArticleEditor *self, const char *id)
{
  g_autoptr(LoketRecord) article = loket_replica_get_article (self->replica, id);
  const char *title = article != NULL ? loket_record_get_string (article, "title") : id;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *label = g_strdup_printf (_("Remove “%s” from the related articles"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (article != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), loket_article_kind_name (
                                   loket_record_get_string (article, "kind")));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (remove), "article-id", g_strdup (id), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_related), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
rebuild_related (LoketArticleEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->related_list))) != NULL)
    gtk_list_box_remove (self->related_list, child);
  for (guint i = 0; i < self->related->len; i++)
    gtk_list_box_append (self->related_list, related_row_new (self, self->related->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->related_list), self->related->len > 0);
}

static void
load_related (LoketArticleEditor *self, const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_ptr_array_set_size (self->related, 0);
  if (json != NULL && *json != '\0' && json_parser_load_from_data (parser, json, -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    {
      JsonArray *ids = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          const char *id = json_node_get_string (json_array_get_element (ids, i));

          if (id != NULL)
            g_ptr_array_add (self->related, g_strdup (id));
        }
    }
  rebuild_related (self);
}

static gboolean
is_candidate (LoketArticleEditor *self, const char *id)
{
  return g_strcmp0 (id, self->article_id) != 0
         && !g_ptr_array_find_with_equal_func (self->related, id, g_str_equal, NULL);
}

static void
on_related_search_changed (LoketArticleEditor *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->related_search));
  g_autoptr(GListModel) found = loket_replica_search_kb (self->replica, query,
                                                         RELATED_FOUND_LIMIT + 1);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->related_found))) != NULL)
    gtk_list_box_remove (self->related_found, child);
  for (guint i = 0; i < g_list_model_get_n_items (found) && shown < RELATED_FOUND_LIMIT; i++)
    {
      g_autoptr(LoketRecord) article = g_list_model_get_item (found, i);
      GtkWidget *row;

      if (!is_candidate (self, loket_record_get_id (article)))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     loket_record_get_string (article, "title"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), loket_article_kind_name (
                                     loket_record_get_string (article, "kind")));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, loket_record_get_id (article));
      gtk_list_box_append (self->related_found, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->related_found), shown > 0);
}

static void
on_related_found_activated (LoketArticleEditor *self, GtkListBoxRow *row)
{
  g_ptr_array_add (self->related, g_strdup (gtk_widget_get_name (GTK_WIDGET (row))));
  rebuild_related (self);
  gtk_editable_set_text (GTK_EDITABLE (self->related_search), "");
  on_related_search_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->related_search));
}

/* ---- Loading ---------------------------------------------------------------------------------- */

/* The form from an article or a revision (the same column names). */
static void
load_record (LoketArticleEditor *self, LoketRecord *record)
{
  const char *kind = loket_record_get_string (record, "kind");
  const char *review = loket_record_get_string (record, "review_date");
  GDate date;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), loket_record_get_string (record, "title"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].id, kind))
      adw_combo_row_set_selected (self->kind_row, i);
  select_choice (self->product_row, self->product_ids,
                 loket_record_get_string (record, "product_id"));
  select_choice (self->group_row, self->group_ids,
                 loket_record_get_string (record, "product_group_id"));
  select_choice (self->owner_row, self->owner_ids, loket_record_get_string (record, "owner_id"));
  if (loket_admin_parse_date (review, &date))
    {
      g_autofree char *text = loket_admin_format_date (&date);

      gtk_editable_set_text (GTK_EDITABLE (self->review_row), text);
    }
  set_view_text (self->public_view, loket_record_get_string (record, "public_body"));
  set_view_text (self->internal_view, loket_record_get_string (record, "internal_body"));
  load_related (self, loket_record_get_string (record, "related"));
}

/* ---- Saving ----------------------------------------------------------------------------------- */

static void
show_error (LoketArticleEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The review date as stored ("YYYY-MM-DD", NULL for none), or FALSE when it cannot be read. */
static gboolean
read_review_date (LoketArticleEditor *self, char **review_date)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->review_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GDate date;

  *review_date = NULL;
  if (*trimmed == '\0')
    return TRUE;
  if (!loket_admin_parse_date (trimmed, &date))
    return FALSE;
  *review_date = loket_admin_format_date (&date);
  return TRUE;
}

/* Saves the form as this window's draft; FALSE with the reason shown. */
static gboolean
save_draft (LoketArticleEditor *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (
                                                   GTK_EDITABLE (self->title_row))));
  g_autofree char *public_body = view_text (self->public_view);
  g_autofree char *internal_body = view_text (self->internal_view);
  g_autofree char *review_date = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *revision_id = NULL;
  guint kind = MIN (adw_combo_row_get_selected (self->kind_row), G_N_ELEMENTS (kinds) - 1);
  g_autoptr(GError) error = NULL;
  LoketArticleDraft draft;

  if (*title == '\0')
    {
      show_error (self, _("Give the article a title."));
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return FALSE;
    }
  if (!read_review_date (self, &review_date))
    {
      show_error (self, _("Type the review date as a date, such as 2027-01-09 or 9-1-2027, or "
                          "leave it empty."));
      gtk_widget_grab_focus (GTK_WIDGET (self->review_row));
      return FALSE;
    }
  g_ptr_array_add (self->related, NULL);
  draft = (LoketArticleDraft) {
    .article_id = self->article_id,
    .revision_id = self->revision_id,
    .kind = kinds[kind].id,
    .title = title,
    .public_body = public_body,
    .internal_body = internal_body,
    .product_id = chosen_id (self->product_row, self->product_ids),
    .product_group_id = chosen_id (self->group_row, self->group_ids),
    .owner_id = chosen_id (self->owner_row, self->owner_ids),
    .review_date = review_date,
    .related = (const char *const *) self->related->pdata,
  };
  revision_id = loket_replica_save_article_draft (self->replica, &draft, &article_id, &error);
  g_ptr_array_set_size (self->related, self->related->len - 1);
  if (revision_id == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  g_free (self->revision_id);
  self->revision_id = g_steal_pointer (&revision_id);
  if (article_id != NULL)
    {
      g_free (self->article_id);
      self->article_id = g_steal_pointer (&article_id);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->revision_id);
  return TRUE;
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketArticleEditor *self = LOKET_ARTICLE_EDITOR (widget);

  if (save_draft (self))
    adw_toast_overlay_add_toast (self->toasts,
                                 adw_toast_new (_("Draft saved. It is in “My drafts”.")));
}

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketArticleEditor *self = LOKET_ARTICLE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!save_draft (self))
    return;
  if (!loket_replica_submit_article (self->replica, self->revision_id, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SUBMITTED], 0, self->revision_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- Construction ----------------------------------------------------------------------------- */

/* Ctrl+Enter and Ctrl+S before the text views see them: there they would be a new line and
 * nothing. */
static void
add_shortcuts (LoketArticleEditor *self)
{
  static const struct { const char *trigger; const char *action; } keys[] = {
    { "<Control>Return", "editor.submit" },
    { "<Control>KP_Enter", "editor.submit" },
    { "<Control>s", "editor.save" },
    { "<Control>p", "editor.preview" },
    { "Escape", "window.close" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
loket_article_editor_dispose (GObject *object)
{
  LoketArticleEditor *self = LOKET_ARTICLE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_ARTICLE_EDITOR);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->revision_id, g_free);
  g_clear_pointer (&self->product_ids, g_ptr_array_unref);
  g_clear_pointer (&self->group_ids, g_ptr_array_unref);
  g_clear_pointer (&self->owner_ids, g_ptr_array_unref);
  g_clear_pointer (&self->related, g_ptr_array_unref);

  G_OBJECT_CLASS (loket_article_editor_parent_class)->dispose (object);
}

static void
loket_article_editor_class_init (LoketArticleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_article_editor_dispose;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "editor.preview", NULL, preview_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-article-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketArticleEditor, name)
  BIND (toasts);
  BIND (error_label);
  BIND (preview_button);
  BIND (merge_box);
  BIND (title_row);
  BIND (kind_row);
  BIND (product_row);
  BIND (group_row);
  BIND (owner_row);
  BIND (review_row);
  BIND (public_view);
  BIND (internal_view);
  BIND (public_preview);
  BIND (internal_preview);
  BIND (related_search);
  BIND (related_found);
  BIND (related_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_preview_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_related_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_related_found_activated);
}

static void
loket_article_editor_init (LoketArticleEditor *self)
{
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  self->owner_ids = g_ptr_array_new_with_free_func (g_free);
  self->related = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->public_view), "changed",
                           G_CALLBACK (on_text_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->internal_view), "changed",
                           G_CALLBACK (on_text_changed), self, G_CONNECT_SWAPPED);
}

/* ---- Public ----------------------------------------------------------------------------------- */

GtkWidget *
loket_article_editor_new (LoketReplica *replica)
{
  LoketArticleEditor *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ARTICLE_EDITOR, NULL);
  self->replica = g_object_ref (replica);
  fill_choices (self);
  rebuild_related (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return GTK_WIDGET (self);
}

gboolean
loket_article_editor_edit_article (LoketArticleEditor *self, const char *article_id)
{
  g_autoptr(LoketRecord) article = NULL;

  g_return_val_if_fail (LOKET_IS_ARTICLE_EDITOR (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);

  article = loket_replica_get_article (self->replica, article_id);
  if (article == NULL)
    return FALSE;
  g_free (self->article_id);
  self->article_id = g_strdup (article_id);
  g_clear_pointer (&self->revision_id, g_free);
  load_record (self, article);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Article"));
  return TRUE;
}

/* A revision of mine that I may still change. */
static gboolean
is_my_draft (LoketArticleEditor *self, LoketRecord *revision)
{
  static const char *const open_states[] = { "draft", "submitted", "rejected", NULL };
  g_autofree char *me = loket_replica_dup_state (self->replica, "user_id");

  return g_strv_contains (open_states, loket_record_get_string (revision, "state"))
         && g_strcmp0 (me, loket_record_get_string (revision, "author_id")) == 0;
}

gboolean
loket_article_editor_edit_draft (LoketArticleEditor *self, const char *revision_id)
{
  g_autoptr(LoketRecord) revision = NULL;

  g_return_val_if_fail (LOKET_IS_ARTICLE_EDITOR (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  revision = loket_replica_get_article_revision (self->replica, revision_id);
  if (revision == NULL || !is_my_draft (self, revision))
    return FALSE;
  g_free (self->article_id);
  self->article_id = g_strdup (loket_record_get_string (revision, "article_id"));
  g_free (self->revision_id);
  self->revision_id = g_strdup (revision_id);
  load_record (self, revision);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Draft"));
  return TRUE;
}

gboolean
loket_article_editor_merge (LoketArticleEditor *self, const char *revision_id)
{
  g_autoptr(LoketRecord) revision = NULL;
  g_autoptr(LoketRecord) article = NULL;
  GtkWidget *diff;

  g_return_val_if_fail (LOKET_IS_ARTICLE_EDITOR (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  revision = loket_replica_get_article_revision (self->replica, revision_id);
  if (revision == NULL || !g_str_equal (loket_record_get_string (revision, "state"), "conflict"))
    return FALSE;
  article = loket_replica_get_article (self->replica,
                                       loket_record_get_string (revision, "article_id"));
  if (article == NULL)
    return FALSE;
  g_free (self->article_id);
  self->article_id = g_strdup (loket_record_get_id (article));
  g_clear_pointer (&self->revision_id, g_free);
  load_record (self, revision);
  diff = loket_article_diff_new ();
  gtk_widget_set_name (diff, "editor-merge-diff");
  loket_article_diff_set_versions (LOKET_ARTICLE_DIFF (diff), article, revision,
                                   _("The published text → the text that was not published"));
  gtk_box_append (self->merge_box, diff);
  gtk_widget_set_visible (GTK_WIDGET (self->merge_box), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Merge Article"));
  return TRUE;
}

const char *
loket_article_editor_get_revision_id (LoketArticleEditor *self)
{
  g_return_val_if_fail (LOKET_IS_ARTICLE_EDITOR (self), NULL);

  return self->revision_id;
}

const char *
loket_article_editor_get_article_id (LoketArticleEditor *self)
{
  g_return_val_if_fail (LOKET_IS_ARTICLE_EDITOR (self), NULL);

  return self->article_id;
}
