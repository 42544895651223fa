/* loket-knowledge-view-actions.c — what an editor does on the Knowledge Base page: which
 * actions apply to what is shown, writing (a new article, a new draft, merging) in a
 * LoketArticleEditor, submitting, and the four-eyes review.
 *
 * Approving is the exception to "the button follows the action": the author of a submitted
 * draft sees Approve insensitive with the reason beside it, but kb.approve itself stays enabled
 * for any submitted draft, so that the four-eyes rule is the core's
 * (loket_replica_review_article refuses the author) and its refusal is what the editor reads,
 * whichever way the action was reached.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-article-editor.h"
#include "loket-knowledge-view-private.h"
#include "loket-record.h"
#include "loket-replica-kb.h"

/* ---- What applies ----------------------------------------------------------------------------- */

static gboolean
is_open_state (const char *state)
{
  return g_strcmp0 (state, "draft") == 0 || g_strcmp0 (state, "submitted") == 0
         || g_strcmp0 (state, "rejected") == 0;
}

static char *
state_words (LoketKnowledgeView *self, LoketRecord *revision, LoketRecord *article,
             gboolean mine)
{
  const char *state = loket_record_get_string (revision, "state");

  if (g_str_equal (state, "submitted") && mine)
    return g_strdup (_("Waiting for review. Another editor must approve your text."));
  if (g_str_equal (state, "submitted"))
    return g_strdup_printf (_("Submitted for review by %s. Read it, then approve or reject it."),
                            loket_record_get_string (revision, "author_name"));
  if (g_str_equal (state, "rejected"))
    return g_strdup_printf (_("Sent back by %s: %s"),
                            loket_record_get_string (revision, "reviewer_name"),
                            loket_record_get_string (revision, "review_note"));
  if (g_str_equal (state, "conflict"))
    return g_strdup (_("This version was approved after another version had been published, so "
                       "it was not published. Merge it into a new draft."));
  if (g_str_equal (state, "published"))
    {
      gboolean current = article != NULL && loket_record_get_int (article, "rev")
                                            == loket_record_get_int (revision, "rev");

      return g_strdup_printf (current ? _("Version %s: the published text.")
                                      : _("Version %s: an older published text."),
                              loket_record_get_string (revision, "rev"));
    }
  if (mine)
    return g_strdup (_("Your draft. It is not published: submit it for review when it is "
                       "ready."));
  return g_strdup_printf (_("A draft by %s."), loket_record_get_string (revision, "author_name"));
}

static void
show_button (GtkWidget *button, gboolean visible)
{
  gtk_widget_set_visible (button, visible);
}

/* Every action's enablement, and the buttons and words that go with them. */
void
loket_knowledge_view_update_actions (LoketKnowledgeView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(LoketRecord) revision = self->revision_id != NULL
    ? loket_replica_get_article_revision (self->replica, self->revision_id) : NULL;
  g_autoptr(LoketRecord) article = self->article_id != NULL
    ? loket_replica_get_article (self->replica, self->article_id) : NULL;
  g_autofree char *me = loket_replica_dup_state (self->replica, "user_id");
  const char *state = revision != NULL ? loket_record_get_string (revision, "state") : NULL;
  gboolean mine = revision != NULL
                  && g_strcmp0 (me, loket_record_get_string (revision, "author_id")) == 0;
  gboolean published = article != NULL && loket_record_get_int (article, "rev") > 0;
  gboolean submitted = g_strcmp0 (state, "submitted") == 0;
  gboolean may_review = submitted && loket_replica_may_review_article (self->replica,
                                                                       self->revision_id);
  gboolean edit = self->editor && (revision != NULL ? mine && is_open_state (state) : published);
  gboolean merge = self->editor && g_strcmp0 (state, "conflict") == 0;
  gboolean submit = self->editor && mine && (g_strcmp0 (state, "draft") == 0
                                             || g_strcmp0 (state, "rejected") == 0);
  gboolean compare = self->editor && revision != NULL
                     && loket_record_get_int (revision, "based_on_rev") > 0;
  gboolean history = self->editor && published;
  g_autofree char *words = revision != NULL ? state_words (self, revision, article, mine) : NULL;

  gtk_widget_action_set_enabled (widget, "kb.new", self->editor);
  gtk_widget_action_set_enabled (widget, "kb.edit", edit);
  gtk_widget_action_set_enabled (widget, "kb.merge", merge);
  gtk_widget_action_set_enabled (widget, "kb.submit", submit);
  gtk_widget_action_set_enabled (widget, "kb.approve", self->editor && submitted);
  gtk_widget_action_set_enabled (widget, "kb.reject", self->editor && may_review);
  gtk_widget_action_set_enabled (widget, "kb.compare", compare);
  gtk_widget_action_set_enabled (widget, "kb.history", history);
  gtk_widget_action_set_enabled (widget, "kb.compare-chosen", self->chosen->len == 2);
  gtk_widget_action_set_enabled (widget, "kb.save-synonyms", self->editor);

  gtk_widget_set_visible (self->article_toolbar, self->editor);
  show_button (self->edit_button, edit);
  show_button (self->merge_button, merge);
  show_button (self->submit_button, submit);
  show_button (self->approve_button, self->editor && submitted);
  show_button (self->reject_button, self->editor && submitted && !mine);
  show_button (self->compare_button, compare);
  show_button (self->history_button, history);
  /* Insensitive for the author, with the reason in words (the state line says it too). */
  gtk_widget_set_sensitive (self->approve_button, may_review);
  gtk_widget_set_tooltip_text (self->approve_button,
                               may_review ? _("Approve and Publish This Text")
                                          : _("Another editor must approve your text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->approve_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  may_review ? "" : _("Another editor must approve your text"),
                                  -1);
  gtk_label_set_text (self->state_label, words != NULL ? words : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), words != NULL);
}

/* ---- The editor ------------------------------------------------------------------------------- */

static void
on_editor_saved (LoketKnowledgeView *self, const char *revision_id)
{
  loket_knowledge_view_refresh (self);
  loket_knowledge_view_show_revision (self, revision_id);
}

static void
on_editor_submitted (LoketKnowledgeView *self, const char *revision_id)
{
  loket_knowledge_view_refresh (self);
  loket_knowledge_view_show_revision (self, revision_id);
  loket_knowledge_view_toast (self, _("Submitted for review. Another editor approves it before it is published."));
}

static void
present_editor (LoketKnowledgeView *self, GtkWidget *editor)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "submitted", G_CALLBACK (on_editor_submitted), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);

  present_editor (self, loket_article_editor_new (self->replica));
}

/* My unfinished draft of the shown article: editing goes on there instead of starting over. */
static char *
my_open_draft (LoketKnowledgeView *self)
{
  g_autoptr(GListModel) drafts = loket_replica_list_article_drafts (self->replica,
                                                                   LOKET_ARTICLE_DRAFTS_MINE);

  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(LoketRecord) draft = g_list_model_get_item (drafts, i);

      if (g_strcmp0 (loket_record_get_string (draft, "article_id"), self->article_id) == 0
          && is_open_state (loket_record_get_string (draft, "state")))
        return g_strdup (loket_record_get_id (draft));
    }
  return NULL;
}

static void
edit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  g_autofree char *draft = self->revision_id != NULL ? g_strdup (self->revision_id)
                                                     : my_open_draft (self);
  GtkWidget *editor = loket_article_editor_new (self->replica);
  gboolean loaded;

  if (draft != NULL)
    loaded = loket_article_editor_edit_draft (LOKET_ARTICLE_EDITOR (editor), draft);
  else
    loaded = loket_article_editor_edit_article (LOKET_ARTICLE_EDITOR (editor), self->article_id);
  if (!loaded)
    {
      gtk_window_destroy (GTK_WINDOW (editor));
      return;
    }
  present_editor (self, editor);
}

static void
merge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  GtkWidget *editor = loket_article_editor_new (self->replica);

  if (!loket_article_editor_merge (LOKET_ARTICLE_EDITOR (editor), self->revision_id))
    {
      gtk_window_destroy (GTK_WINDOW (editor));
      return;
    }
  present_editor (self, editor);
}

/* ---- Four eyes -------------------------------------------------------------------------------- */

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!loket_replica_submit_article (self->replica, self->revision_id, &error))
    {
      loket_knowledge_view_show_problem (self, error->message);
      return;
    }
  loket_knowledge_view_show_problem (self, NULL);
  loket_knowledge_view_refresh (self);
  loket_knowledge_view_toast (self, _("Submitted for review. Another editor approves it before it is published."));
}

static void
approve_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = g_strdup (self->article_id);

  if (!loket_replica_review_article (self->replica, self->revision_id, TRUE, NULL, &error))
    {
      loket_knowledge_view_show_problem (self, error->message);
      return;
    }
  loket_knowledge_view_refresh (self);
  loket_knowledge_view_show_article (self, article_id);
  loket_knowledge_view_toast (self, _("Approved. The article is published."));
}

static void
on_approve_clicked (LoketKnowledgeView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "kb.approve", NULL);
}

static void
on_reject_response (AdwMessageDialog *dialog, const char *response, LoketKnowledgeView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "note");
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "reject"))
    return;
  if (!loket_replica_review_article (self->replica, self->revision_id, FALSE, note, &error))
    {
      loket_knowledge_view_show_problem (self, error->message);
      return;
    }
  loket_knowledge_view_show_problem (self, NULL);
  loket_knowledge_view_refresh (self);
  loket_knowledge_view_toast (self, _("Sent back to its author with your note."));
}

static void
reject_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Send the Draft Back?"),
                                              _("Tell the author what to change."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, "kb-reject-note");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note for the author"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "reject", _("_Send Back"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reject");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "note", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);

  if (self->article_id != NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "article");
}


void
loket_knowledge_view_install_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *name;
    GtkWidgetActionActivateFunc activate;
    guint key;
    GdkModifierType mods;
  } actions[] = {
    { "kb.new", new_action, GDK_KEY_n, GDK_CONTROL_MASK },
    { "kb.edit", edit_action, GDK_KEY_e, GDK_CONTROL_MASK },
    { "kb.submit", submit_action, GDK_KEY_Return, GDK_CONTROL_MASK },
    { "kb.approve", approve_action, 0, 0 },
    { "kb.reject", reject_action, 0, 0 },
    { "kb.merge", merge_action, 0, 0 },
    { "kb.back", back_action, GDK_KEY_Left, GDK_ALT_MASK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
      if (actions[i].key != 0)
        gtk_widget_class_add_binding_action (widget_class, actions[i].key, actions[i].mods,
                                             actions[i].name, NULL);
    }
  gtk_widget_class_bind_template_callback (widget_class, on_approve_clicked);
}
