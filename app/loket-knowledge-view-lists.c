/* loket-knowledge-view-lists.c — the editors' lists of the Knowledge Base page: the sections
 * (my drafts, to review, due, searches without results, most used, synonyms) with their counts,
 * an article's published versions, comparing two versions, and the synonym groups' form.
 *
 * One GtkListBox in the detail shows whichever list is chosen (list_mode); its rows are made
 * for that list, so choosing another one empties it first.  Rows carry the id of what they
 * stand for as their widget name.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "loket-article-diff.h"
#include "loket-knowledge-view-private.h"
#include "loket-record.h"
#include "loket-replica-kb.h"

#define LIST_LIMIT 100

static const struct { const char *name; const char *title; const char *description; }
section_info[] = {
  { "drafts", N_("My Drafts"), N_("Your drafts, those waiting for review and those sent back "
                                  "to you.") },
  { "review", N_("To Review"), N_("Drafts of other editors waiting for your approval. You "
                                  "cannot approve your own texts.") },
  { "due", N_("Due for Review"), N_("Published articles past their review date, or whose "
                                    "product changed: update them within 5 working days.") },
  { "zero", N_("Searches Without Results"), N_("What people searched for and did not find: "
                                               "perhaps an article or a synonym is missing.") },
  { "popular", N_("Most Used"), N_("The articles that answered the most questions.") },
  { "synonyms", N_("Synonyms"), N_("Words that mean the same to someone searching. Type them "
                                   "separated by commas.") },
};


/* "23 Nov 2026" for "2026-11-23" or a UTC time stamp. */
static char *
format_day (const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;

  if (when == NULL && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
    when = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (when == NULL)
    return g_strdup (text);
  local = g_date_time_to_local (when);
  /* Translators: a day, GDateTime format: "23 Nov 2026" */
  return g_date_time_format (local, _("%-d %b %Y"));
}

static char *
revision_state_words (LoketRecord *revision)
{
  const char *state = loket_record_get_string (revision, "state");
  g_autofree char *updated = format_day (loket_record_get_string (revision, "updated_at"));

  if (g_str_equal (state, "submitted"))
    return g_strdup_printf (_("Waiting for review, by %s"),
                            loket_record_get_string (revision, "author_name"));
  if (g_str_equal (state, "rejected"))
    return g_strdup_printf (_("Sent back by %s"),
                            loket_record_get_string (revision, "reviewer_name"));
  if (g_str_equal (state, "conflict"))
    return g_strdup (_("Not published: another version came first"));
  if (g_str_equal (state, "published"))
    return g_strdup_printf (_("Version %s, published"), loket_record_get_string (revision, "rev"));
  return g_strdup_printf (_("Draft, saved %s"), updated);
}

/* ---- Section rows ----------------------------------------------------------------------------- */

static GtkWidget *
text_row_new (const char *title, const char *subtitle, const char *id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, id);
  return row;
}

static char *
row_subtitle (LoketKnowledgeView *self, LoketRecord *item)
{
  switch (self->list_mode)
    {
    case LOKET_KNOWLEDGE_MY_DRAFTS:
    case LOKET_KNOWLEDGE_TO_REVIEW:
    case LOKET_KNOWLEDGE_LIST_HISTORY:
      return revision_state_words (item);
    case LOKET_KNOWLEDGE_DUE:
      {
        g_autofree char *due = format_day (loket_record_get_string (item, "due_date"));

        if (g_str_equal (loket_record_get_string (item, "reason"), "product_changed"))
          return g_strdup_printf (_("Its product changed: due %s · %s"), due,
                                  loket_record_get_string (item, "owner_name"));
        return g_strdup_printf (_("Review date %s · %s"), due,
                                loket_record_get_string (item, "owner_name"));
      }
    case LOKET_KNOWLEDGE_ZERO_RESULTS:
      {
        guint zero = (guint) loket_record_get_int (item, "zero_hits");
        guint searches = (guint) loket_record_get_int (item, "searches");

        return g_strdup_printf (ngettext ("Found nothing %u time of %u searches",
                                          "Found nothing %u times of %u searches", zero),
                                zero, searches);
      }
    case LOKET_KNOWLEDGE_POPULAR:
    default:
      {
        guint uses = (guint) loket_record_get_int (item, "uses");

        return g_strdup_printf (ngettext ("Used %u time", "Used %u times", uses), uses);
      }
    }
}

static void on_synonym_edit (GtkButton *button, LoketKnowledgeView *self);
static void on_synonym_remove (GtkButton *button, LoketKnowledgeView *self);
static void on_version_toggled (GtkCheckButton *check, LoketKnowledgeView *self);

static GtkWidget *
suffix_button (GtkWidget *row, const char *icon, const char *label, GCallback callback,
               gpointer self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "id", g_strdup (gtk_widget_get_name (row)), g_free);
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

/* "ID-kaart, identiteitskaart" from the JSON array text. */
static char *
synonym_terms (LoketRecord *item)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  JsonNode *root;

  if (json_parser_load_from_data (parser, loket_record_get_string (item, "terms"), -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
      {
        const char *term = json_array_get_string_element (json_node_get_array (root), i);

        if (term != NULL)
          g_ptr_array_add (terms, (gpointer) term);
      }
  g_ptr_array_add (terms, NULL);
  return g_strjoinv (", ", (char **) terms->pdata);
}

static GtkWidget *
synonym_row_new (LoketKnowledgeView *self, LoketRecord *item)
{
  g_autofree char *terms = synonym_terms (item);
  GtkWidget *row = text_row_new (terms, NULL, loket_record_get_id (item));
  g_autofree char *edit = g_strdup_printf (_("Change “%s”"), terms);
  g_autofree char *remove = g_strdup_printf (_("Remove “%s”"), terms);

  suffix_button (row, "document-edit-symbolic", edit, G_CALLBACK (on_synonym_edit), self);
  suffix_button (row, "user-trash-symbolic", remove, G_CALLBACK (on_synonym_remove), self);
  return row;
}

static GtkWidget *
version_row_new (LoketKnowledgeView *self, LoketRecord *item)
{
  g_autofree char *subtitle = row_subtitle (self, item);
  GtkWidget *row = text_row_new (loket_record_get_string (item, "title"), subtitle,
                                 loket_record_get_id (item));
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *label = g_strdup_printf (_("Choose version %s to compare"),
                                            loket_record_get_string (item, "rev"));

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_ptr_array_find_with_equal_func (self->chosen,
                                                                 loket_record_get_id (item),
                                                                 g_str_equal, NULL));
  g_object_set_data_full (G_OBJECT (check), "id", g_strdup (loket_record_get_id (item)), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_version_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
loket_knowledge_view_create_item_row (gpointer item, gpointer user_data)
{
  LoketKnowledgeView *self = user_data;
  g_autofree char *subtitle = NULL;
  const char *title;
  GtkWidget *row;

  if (self->list_mode == LOKET_KNOWLEDGE_SYNONYMS)
    return synonym_row_new (self, item);
  if (self->list_mode == LOKET_KNOWLEDGE_LIST_HISTORY)
    return version_row_new (self, item);
  subtitle = row_subtitle (self, item);
  title = self->list_mode == LOKET_KNOWLEDGE_ZERO_RESULTS
          ? loket_record_get_id (item) : loket_record_get_string (item, "title");
  row = text_row_new (title, subtitle, loket_record_get_id (item));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row),
                                    self->list_mode != LOKET_KNOWLEDGE_ZERO_RESULTS);
  return row;
}

/* ---- Lists and counts ------------------------------------------------------------------------- */

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static GListModel *
section_rows (LoketKnowledgeView *self, guint mode)
{
  g_autofree char *day = NULL;

  switch (mode)
    {
    case LOKET_KNOWLEDGE_MY_DRAFTS:
      return loket_replica_list_article_drafts (self->replica, LOKET_ARTICLE_DRAFTS_MINE);
    case LOKET_KNOWLEDGE_TO_REVIEW:
      return loket_replica_list_article_drafts (self->replica, LOKET_ARTICLE_DRAFTS_TO_REVIEW);
    case LOKET_KNOWLEDGE_DUE:
      day = today ();
      return loket_replica_list_articles_due (self->replica, day);
    case LOKET_KNOWLEDGE_ZERO_RESULTS:
      return loket_replica_list_zero_result_searches (self->replica, LIST_LIMIT);
    case LOKET_KNOWLEDGE_POPULAR:
      return loket_replica_list_popular_articles (self->replica, LIST_LIMIT);
    case LOKET_KNOWLEDGE_SYNONYMS:
      return loket_replica_list_synonyms (self->replica);
    case LOKET_KNOWLEDGE_LIST_HISTORY:
    default:
      return loket_replica_list_article_versions (self->replica, self->article_id);
    }
}

void
loket_knowledge_view_update_counts (LoketKnowledgeView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sections), self->editor);
  gtk_widget_set_visible (self->new_button, self->editor);
  for (guint i = 0; i < LOKET_KNOWLEDGE_N_SECTIONS; i++)
    {
      g_autoptr(GListModel) rows = NULL;
      g_autofree char *text = NULL;

      self->counts[i] = 0;
      if (self->editor && i != LOKET_KNOWLEDGE_SYNONYMS)
        {
          rows = section_rows (self, i);
          self->counts[i] = g_list_model_get_n_items (rows);
        }
      text = g_strdup_printf ("%u", self->counts[i]);
      gtk_label_set_text (self->count_labels[i], text);
      gtk_widget_set_visible (GTK_WIDGET (self->count_labels[i]),
                              i != LOKET_KNOWLEDGE_SYNONYMS);
    }
}

void
loket_knowledge_view_update_list (LoketKnowledgeView *self)
{
  g_autoptr(GListModel) fresh = NULL;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->detail_stack), "list"))
    return;
  fresh = section_rows (self, self->list_mode);
  loket_record_store_update (self->items, fresh);
}

/* A section, the versions or the synonyms in the detail's list. */
void
loket_knowledge_view_show_list (LoketKnowledgeView *self, guint mode)
{
  gboolean history = mode == LOKET_KNOWLEDGE_LIST_HISTORY;

  self->list_mode = mode;
  gtk_label_set_text (self->list_title, history ? _("Published Versions")
                                                : _(section_info[mode].title));
  gtk_label_set_text (self->list_description,
                      history ? _("Choose two versions to compare them, or open one to read "
                                  "it.") : _(section_info[mode].description));
  gtk_widget_set_visible (self->synonym_form, mode == LOKET_KNOWLEDGE_SYNONYMS);
  gtk_widget_set_visible (self->compare_selected, history);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->section_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->list_title), -1);
  /* Rows are made for one mode: a new mode makes them again. */
  g_list_store_remove_all (self->items);
  gtk_stack_set_visible_child_name (self->detail_stack, "list");
  loket_knowledge_view_update_list (self);
  loket_knowledge_view_update_actions (self);
}

/* ---- History and comparing -------------------------------------------------------------------- */

static void
history_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);

  g_ptr_array_set_size (self->chosen, 0);
  loket_knowledge_view_show_list (self, LOKET_KNOWLEDGE_LIST_HISTORY);
}

static void
show_diff (LoketKnowledgeView *self, LoketRecord *old_version, LoketRecord *new_version,
           const char *caption)
{
  loket_article_diff_set_versions (self->diff, old_version, new_version, caption);
  gtk_stack_set_visible_child_name (self->detail_stack, "diff");
  gtk_widget_child_focus (GTK_WIDGET (self->detail_stack), GTK_DIR_TAB_FORWARD);
}

/* The published version with that rev (the article itself when it is the current one). */
static LoketRecord *
published_version (LoketKnowledgeView *self, gint64 rev)
{
  g_autoptr(GListModel) versions = loket_replica_list_article_versions (self->replica,
                                                                       self->article_id);
  g_autoptr(LoketRecord) article = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(LoketRecord) version = g_list_model_get_item (versions, i);

      if (loket_record_get_int (version, "rev") == rev)
        return g_steal_pointer (&version);
    }
  article = loket_replica_get_article (self->replica, self->article_id);
  if (article != NULL && loket_record_get_int (article, "rev") == rev)
    return g_steal_pointer (&article);
  return NULL;
}

static void
compare_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  g_autoptr(LoketRecord) revision = loket_replica_get_article_revision (self->replica,
                                                                       self->revision_id);
  g_autoptr(LoketRecord) base = NULL;
  g_autofree char *caption = NULL;

  if (revision == NULL)
    return;
  base = published_version (self, loket_record_get_int (revision, "based_on_rev"));
  if (base == NULL)
    {
      loket_knowledge_view_show_problem (self, _("The version this text is based on is not on this desk."));
      return;
    }
  /* Translators: which two texts are compared: "Version 3 → this text" */
  caption = g_strdup_printf (_("Version %s → this text"),
                             loket_record_get_string (revision, "based_on_rev"));
  show_diff (self, base, revision, caption);
}

static void
compare_chosen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  g_autoptr(LoketRecord) first = NULL;
  g_autoptr(LoketRecord) second = NULL;
  g_autofree char *caption = NULL;

  if (self->chosen->len != 2)
    return;
  first = loket_replica_get_article_revision (self->replica, self->chosen->pdata[0]);
  second = loket_replica_get_article_revision (self->replica, self->chosen->pdata[1]);
  if (first == NULL || second == NULL)
    return;
  /* The older one first, whichever was chosen first. */
  if (loket_record_get_int (first, "rev") > loket_record_get_int (second, "rev"))
    {
      LoketRecord *swap = first;

      first = second;
      second = swap;
    }
  caption = g_strdup_printf (_("Version %s → version %s"), loket_record_get_string (first, "rev"),
                             loket_record_get_string (second, "rev"));
  show_diff (self, first, second, caption);
}

static void
on_version_toggled (GtkCheckButton *check, LoketKnowledgeView *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "id");
  guint position;

  if (g_ptr_array_find_with_equal_func (self->chosen, id, g_str_equal, &position))
    g_ptr_array_remove_index (self->chosen, position);
  if (gtk_check_button_get_active (check))
    g_ptr_array_add (self->chosen, g_strdup (id));
  loket_knowledge_view_update_actions (self);
}

/* ---- Synonyms --------------------------------------------------------------------------------- */

static void
reset_synonym_form (LoketKnowledgeView *self)
{
  g_clear_pointer (&self->synonym_id, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->synonym_entry), "");
  gtk_button_set_label (self->synonym_save, _("_Add"));
  gtk_widget_set_visible (self->synonym_cancel, FALSE);
}

static void
save_synonyms (LoketKnowledgeView *self, const char *id, const char *text, const char *done)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (terms, parts[i]);
  g_ptr_array_add (terms, NULL);
  saved = loket_replica_save_synonyms (self->replica, id, (const char *const *) terms->pdata,
                                       &error);
  if (saved == NULL && error != NULL)
    {
      loket_knowledge_view_toast (self, error->message);
      return;
    }
  reset_synonym_form (self);
  loket_knowledge_view_update_list (self);
  loket_knowledge_view_toast (self, done);
}

static void
save_synonyms_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketKnowledgeView *self = LOKET_KNOWLEDGE_VIEW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->synonym_entry));
  g_autofree char *id = g_strdup (self->synonym_id);

  if (strchr (text, ',') == NULL && id == NULL)
    {
      loket_knowledge_view_toast (self, _("Type at least two words, separated by commas."));
      return;
    }
  save_synonyms (self, id, text, _("Synonyms saved"));
}

static void
on_synonym_activate (LoketKnowledgeView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "kb.save-synonyms", NULL);
}

static void
on_synonym_cancel (LoketKnowledgeView *self)
{
  reset_synonym_form (self);
}

static LoketRecord *
find_item (LoketKnowledgeView *self, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_str_equal (loket_record_get_id (item), id))
        return g_steal_pointer (&item);
    }
  return NULL;
}

static void
on_synonym_edit (GtkButton *button, LoketKnowledgeView *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "id");
  g_autoptr(LoketRecord) item = find_item (self, id);
  g_autofree char *terms = NULL;

  if (item == NULL)
    return;
  terms = synonym_terms (item);
  g_free (self->synonym_id);
  self->synonym_id = g_strdup (id);
  gtk_editable_set_text (GTK_EDITABLE (self->synonym_entry), terms);
  gtk_button_set_label (self->synonym_save, _("_Save"));
  gtk_widget_set_visible (self->synonym_cancel, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->synonym_entry));
}

static void
on_synonym_remove (GtkButton *button, LoketKnowledgeView *self)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "id"));

  /* Fewer than two words removes the group. */
  save_synonyms (self, id, "", _("Synonyms removed"));
  gtk_widget_grab_focus (GTK_WIDGET (self->synonym_entry));
}

static void
on_section_row_activated (LoketKnowledgeView *self, GtkListBoxRow *row)
{
  const char *id = gtk_widget_get_name (GTK_WIDGET (row));

  switch (self->list_mode)
    {
    case LOKET_KNOWLEDGE_MY_DRAFTS:
    case LOKET_KNOWLEDGE_TO_REVIEW:
    case LOKET_KNOWLEDGE_LIST_HISTORY:
      loket_knowledge_view_show_revision (self, id);
      break;
    case LOKET_KNOWLEDGE_DUE:
    case LOKET_KNOWLEDGE_POPULAR:
      loket_knowledge_view_show_article (self, id);
      break;
    default:
      break;
    }
}

/* ---- Construction ----------------------------------------------------------------------------- */

void
loket_knowledge_view_add_section_rows (LoketKnowledgeView *self)
{
  for (guint i = 0; i < LOKET_KNOWLEDGE_N_SECTIONS; i++)
    {
      g_autofree char *name = g_strconcat ("kb-section-", section_info[i].name, NULL);
      GtkWidget *row = text_row_new (_(section_info[i].title), NULL, name);
      GtkWidget *count = gtk_label_new ("0");

      gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
      self->count_labels[i] = GTK_LABEL (count);
      gtk_list_box_append (self->sections, row);
    }
}


void
loket_knowledge_view_install_list_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "kb.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "kb.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "kb.compare-chosen", NULL,
                                   compare_chosen_action);
  gtk_widget_class_install_action (widget_class, "kb.save-synonyms", NULL, save_synonyms_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "kb.history",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "kb.compare",
                                       NULL);
  gtk_widget_class_bind_template_callback (widget_class, on_synonym_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_synonym_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_section_row_activated);
}
