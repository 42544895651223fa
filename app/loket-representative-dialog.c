/* loket-representative-dialog.c — adding a representative to an organisation (see the header).
 *
 * The search offers persons only: the replica refuses an organisation as a representative, and
 * a result the clerk cannot choose would only cost a round of "why not?".  A refusal keeps the
 * person and role as typed, so the clerk can correct and try again.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-customer-card.h"
#include "loket-record.h"
#include "loket-replica-casework.h"
#include "loket-replica-customers.h"
#include "loket-representative-dialog.h"

#define RESULT_LIMIT 20

struct _LoketRepresentativeDialog
{
  AdwWindow       parent_instance;

  LoketReplica   *replica;
  char           *organisation_id;
  LoketRecord    *person;       /* chosen in the results, or NULL */
  GListStore     *results;

  GtkSearchEntry *search_entry;
  GtkListBox     *results_list;
  GtkEditable    *role_row;
  GtkLabel       *problem_label;
};

G_DEFINE_FINAL_TYPE (LoketRepresentativeDialog, loket_representative_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Choosing ---------------------------------------------------------------------------------- */

static void
show_problem (LoketRepresentativeDialog *self, const char *problem)
{
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

/* Add is possible once a person is chosen: the one place that decides it. */
static void
update_actions (LoketRepresentativeDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "representative.add", self->person != NULL);
}

static void
choose (LoketRepresentativeDialog *self, LoketRecord *person)
{
  g_set_object (&self->person, person);
  show_problem (self, NULL);
  update_actions (self);
}

static void
refresh_results (LoketRepresentativeDialog *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (
                                         GTK_EDITABLE (self->search_entry))));
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListStore) persons = g_list_store_new (LOKET_TYPE_RECORD);

  if (g_utf8_strlen (query, -1) >= 2)
    found = loket_replica_search_customers (self->replica, query, RESULT_LIMIT);
  for (guint i = 0; found != NULL && i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(LoketRecord) c = g_list_model_get_item (found, i);

      if (g_str_equal (loket_record_get_string (c, "kind"), "person"))
        g_list_store_append (persons, c);
    }
  loket_record_store_update (self->results, G_LIST_MODEL (persons));
}

static void
on_search_changed (GtkSearchEntry *entry, LoketRepresentativeDialog *self)
{
  refresh_results (self);
}

/* Enter in the search takes the first person found and goes on to the role. */
static void
on_search_activate (GtkSearchEntry *entry, LoketRepresentativeDialog *self)
{
  GtkListBoxRow *first;

  refresh_results (self);
  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first == NULL)
    return;
  gtk_list_box_select_row (self->results_list, first);
  gtk_widget_grab_focus (GTK_WIDGET (self->role_row));
}

static void
on_result_selected (GtkListBox *list, GtkListBoxRow *row, LoketRepresentativeDialog *self)
{
  g_autoptr(LoketRecord) person = NULL;

  if (row != NULL)
    person = g_list_model_get_item (G_LIST_MODEL (self->results),
                                    (guint) gtk_list_box_row_get_index (row));
  choose (self, person);
}

static void
on_result_activated (GtkListBox *list, GtkListBoxRow *row, LoketRepresentativeDialog *self)
{
  gtk_list_box_select_row (list, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->role_row));
}

/* ---- Adding ------------------------------------------------------------------------------------ */

static void
add (LoketRepresentativeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person_id = NULL;

  if (self->person == NULL)
    {
      show_problem (self, _("Choose the person who represents the organisation first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }
  person_id = g_strdup (loket_record_get_id (self->person));
  if (!loket_replica_save_representative (self->replica, self->organisation_id, person_id,
                                          gtk_editable_get_text (self->role_row), &error))
    {
      show_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, person_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
add_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  add (LOKET_REPRESENTATIVE_DIALOG (widget));
}

/* Not through the action: while no person is chosen it is disabled, and Enter should say why. */
static void
on_role_activated (AdwEntryRow *row, LoketRepresentativeDialog *self)
{
  add (self);
}

/* ---- Building ---------------------------------------------------------------------------------- */

static GtkWidget *
create_result_row (gpointer item, gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *id = loket_customer_card_format_identifier (item, FALSE);
  const char *postcode = loket_record_get_string (item, "postcode");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), loket_record_get_string (item, "name"));
  if (*id != '\0' && *postcode != '\0')
    {
      g_autofree char *both = g_strdup_printf (_("%s · %s"), id, postcode);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), both);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *id != '\0' ? id : postcode);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, loket_record_get_id (item));
  return row;
}

static GtkWidget *
build_search (LoketRepresentativeDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Find the person"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = gtk_label_new (_("Type a name, BSN or postcode to find the person."));

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->search_entry), "representative-search");
  g_object_set (self->search_entry, "placeholder-text", _("Name, BSN or postcode"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the person who represents the organisation"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->search_entry));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);

  self->results_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->results_list), "representative-results");
  gtk_widget_add_css_class (GTK_WIDGET (self->results_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->results_list, GTK_SELECTION_SINGLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Persons found"), -1);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->results_list, empty);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_result_row,
                           self, NULL);
  g_signal_connect (self->results_list, "row-selected", G_CALLBACK (on_result_selected), self);
  g_signal_connect (self->results_list, "row-activated", G_CALLBACK (on_result_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->results_list));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static GtkWidget *
build_role (LoketRepresentativeDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, "representative-role");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Role, e.g. secretaris"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  g_signal_connect (row, "entry-activated", G_CALLBACK (on_role_activated), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  self->role_row = GTK_EDITABLE (row);
  return group;
}

static GtkWidget *
build_header_bar (LoketRepresentativeDialog *self)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_set_name (add, "representative-add");
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_tooltip_text (add, _("Add the person as representative (Ctrl+Enter)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "representative.add");
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), add);
  return bar;
}

static void
build (LoketRepresentativeDialog *self, const char *organisation_name)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  g_autofree char *intro_text = g_strdup_printf (
    _("Find the person who acts for %s on this desk, and say in what role."), organisation_name);
  GtkWidget *intro = gtk_label_new (intro_text);

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->problem_label), "representative-problem");
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);

  gtk_box_append (GTK_BOX (box), intro);
  gtk_box_append (GTK_BOX (box), build_search (self));
  gtk_box_append (GTK_BOX (box), build_role (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (content), build_header_bar (self));
  gtk_box_append (GTK_BOX (content), box);
  adw_window_set_content (ADW_WINDOW (self), content);
}

/* ---- GObject ----------------------------------------------------------------------------------- */

static void
loket_representative_dialog_dispose (GObject *object)
{
  LoketRepresentativeDialog *self = LOKET_REPRESENTATIVE_DIALOG (object);

  g_clear_object (&self->person);
  g_clear_object (&self->results);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_representative_dialog_parent_class)->dispose (object);
}

static void
loket_representative_dialog_finalize (GObject *object)
{
  LoketRepresentativeDialog *self = LOKET_REPRESENTATIVE_DIALOG (object);

  g_free (self->organisation_id);

  G_OBJECT_CLASS (loket_representative_dialog_parent_class)->finalize (object);
}

static void
loket_representative_dialog_class_init (LoketRepresentativeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_representative_dialog_dispose;
  object_class->finalize = loket_representative_dialog_finalize;

  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "representative.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "representative.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "representative.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_representative_dialog_init (LoketRepresentativeDialog *self)
{
  self->results = g_list_store_new (LOKET_TYPE_RECORD);
}

GtkWidget *
loket_representative_dialog_new (LoketReplica *replica, const char *organisation_id,
                                 GtkWindow *parent)
{
  LoketRepresentativeDialog *self;
  g_autoptr(LoketRecord) organisation = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (organisation_id != NULL, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (LOKET_TYPE_REPRESENTATIVE_DIALOG, "modal", TRUE, "transient-for", parent,
                       "title", _("Add Representative"), "default-width", 560, NULL);
  self->replica = g_object_ref (replica);
  self->organisation_id = g_strdup (organisation_id);
  organisation = loket_replica_get_customer (replica, organisation_id);
  build (self, organisation != NULL ? loket_record_get_string (organisation, "name")
                                    : _("the organisation"));
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return GTK_WIDGET (self);
}

GListModel *
loket_representative_dialog_get_results (LoketRepresentativeDialog *self)
{
  g_return_val_if_fail (LOKET_IS_REPRESENTATIVE_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

const char *
loket_representative_dialog_get_person_id (LoketRepresentativeDialog *self)
{
  g_return_val_if_fail (LOKET_IS_REPRESENTATIVE_DIALOG (self), NULL);

  return self->person != NULL ? loket_record_get_id (self->person) : NULL;
}
