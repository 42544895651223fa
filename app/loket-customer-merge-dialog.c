/* loket-customer-merge-dialog.c — merging a duplicate customer by hand (see the header).
 *
 * Which of two records is the authentic one is the clerk's call, but some pairs are never the
 * same customer; those are refused here before anything is recorded, with the reason in words.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "loket-customer-card.h"
#include "loket-customer-merge-dialog.h"
#include "loket-record.h"
#include "loket-replica-casework.h"
#include "loket-replica-customers.h"

#define RESULT_LIMIT 20

/* What the comparison shows, one line each. */
typedef enum {
  FACT_NAME,
  FACT_KIND,
  FACT_IDENTIFIER,
  FACT_BIRTH_DATE,
  FACT_EMAIL,
  FACT_PHONE,
  FACT_POSTCODE,
  FACT_HISTORY,
  N_FACTS
} Fact;

static const char *const fact_labels[N_FACTS] = {
  N_("Name"), N_("Kind"), N_("Identification number"), N_("Date of birth"), N_("E-mail"),
  N_("Phone"), N_("Postcode"), N_("History"),
};

struct _LoketCustomerMergeDialog
{
  AdwWindow       parent_instance;

  LoketReplica   *replica;
  LoketRecord    *own;          /* the customer of the card */
  LoketRecord    *other;        /* the record chosen in the search, or NULL */
  gboolean        keep_other;   /* the other record is the survivor */
  GListStore     *results;

  GtkSearchEntry *search_entry;
  GtkListBox     *results_list;
  GtkWidget      *compare_box;
  GtkLabel       *column_titles[2];
  GtkLabel       *facts[2][N_FACTS];   /* [0] kept, [1] removed */
  GtkLabel       *problem_label;
  GtkWidget      *swap_button;
  GtkWidget      *merge_button;
};

G_DEFINE_FINAL_TYPE (LoketCustomerMergeDialog, loket_customer_merge_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static LoketRecord *
survivor (LoketCustomerMergeDialog *self)
{
  return self->keep_other ? self->other : self->own;
}

static LoketRecord *
alias (LoketCustomerMergeDialog *self)
{
  return self->keep_other ? self->own : self->other;
}

/* ---- Which pairs may merge ------------------------------------------------------------------- */

static gboolean
numbers_differ (LoketRecord *a, LoketRecord *b, const char *column)
{
  const char *x = loket_record_get_string (a, column);
  const char *y = loket_record_get_string (b, column);

  return *x != '\0' && *y != '\0' && !g_str_equal (x, y);
}

static gboolean
has_number (LoketRecord *c)
{
  return *loket_record_get_string (c, "bsn") != '\0' || *loket_record_get_string (c, "rrn") != '\0'
         || *loket_record_get_string (c, "kvk") != '\0';
}

/* Why the chosen pair cannot be merged this way round, or NULL when it can. */
static const char *
merge_problem (LoketCustomerMergeDialog *self)
{
  LoketRecord *keep = survivor (self), *drop = alias (self);

  if (!g_str_equal (loket_record_get_string (keep, "kind"), loket_record_get_string (drop, "kind")))
    return _("A person and an organisation cannot be merged.");
  if (numbers_differ (keep, drop, "bsn") || numbers_differ (keep, drop, "rrn")
      || numbers_differ (keep, drop, "kvk"))
    return _("These records have different identification numbers: they are not the same "
             "customer.");
  if (has_number (drop) && !has_number (keep))
    return _("Keep the record with the identification number: it is the authentic one.");
  return NULL;
}

/* ---- Showing ----------------------------------------------------------------------------------- */

/* "17 September 1977" for a stored date, as the customers list writes dates. */
static char *
date_words (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (text);
  date = g_date_time_new_utc (y, m, d, 12, 0, 0);
  if (date == NULL)
    return g_strdup (text);
  /* Translators: a date, GDateTime format: "23 November 2026" */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static char *
fact_text (LoketCustomerMergeDialog *self, LoketRecord *c, Fact fact)
{
  g_autoptr(GListModel) history = NULL;
  guint n;

  switch (fact)
    {
    case FACT_NAME:
      return g_strdup (loket_record_get_string (c, "name"));
    case FACT_KIND:
      return g_strdup (g_str_equal (loket_record_get_string (c, "kind"), "organisation")
                       ? _("Organisation") : _("Person"));
    case FACT_IDENTIFIER:
      return loket_customer_card_format_identifier (c, FALSE);
    case FACT_BIRTH_DATE:
      return date_words (loket_record_get_string (c, "birth_date"));
    case FACT_EMAIL:
      return g_strdup (loket_record_get_string (c, "email"));
    case FACT_PHONE:
      return g_strdup (loket_record_get_string (c, "phone"));
    case FACT_POSTCODE:
      return g_strdup (loket_record_get_string (c, "postcode"));
    case FACT_HISTORY:
    case N_FACTS:
    default:
      history = loket_replica_customer_timeline (self->replica, loket_record_get_id (c), 0);
      n = g_list_model_get_n_items (history);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
    }
}

static void
show_pair (LoketCustomerMergeDialog *self)
{
  const char *problem;

  gtk_widget_set_visible (self->compare_box, self->other != NULL);
  gtk_widget_set_sensitive (self->merge_button, FALSE);
  if (self->other == NULL)
    return;
  for (guint side = 0; side < 2; side++)
    {
      LoketRecord *c = side == 0 ? survivor (self) : alias (self);

      for (Fact fact = 0; fact < N_FACTS; fact++)
        {
          g_autofree char *text = fact_text (self, c, fact);

          gtk_label_set_text (self->facts[side][fact], *text != '\0' ? text : "—");
        }
    }
  problem = merge_problem (self);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_set_sensitive (self->merge_button, problem == NULL);
}

static void
choose (LoketCustomerMergeDialog *self, LoketRecord *other)
{
  g_set_object (&self->other, other);
  /* The authentic record is the one with a number: kept, whichever card the clerk came from. */
  self->keep_other = other != NULL && has_number (other) && !has_number (self->own);
  show_pair (self);
}

static void
refresh_results (LoketCustomerMergeDialog *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListStore) others = g_list_store_new (LOKET_TYPE_RECORD);

  if (*trimmed != '\0')
    found = loket_replica_search_customers (self->replica, trimmed, RESULT_LIMIT + 1);
  for (guint i = 0; found != NULL && i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(LoketRecord) c = g_list_model_get_item (found, i);

      if (!g_str_equal (loket_record_get_id (c), loket_record_get_id (self->own)))
        g_list_store_append (others, c);
    }
  loket_record_store_update (self->results, G_LIST_MODEL (others));
}

static void
on_search_changed (GtkSearchEntry *entry, LoketCustomerMergeDialog *self)
{
  refresh_results (self);
}

static void
on_search_activate (GtkSearchEntry *entry, LoketCustomerMergeDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
on_result_activated (GtkListBox *list, GtkListBoxRow *row, LoketCustomerMergeDialog *self)
{
  LoketRecord *c = g_list_model_get_item (G_LIST_MODEL (self->results),
                                          (guint) gtk_list_box_row_get_index (row));

  choose (self, c);
  g_object_unref (c);
}

static void
on_swap_clicked (GtkButton *button, LoketCustomerMergeDialog *self)
{
  if (self->other == NULL)
    return;
  self->keep_other = !self->keep_other;
  show_pair (self);
}

static gboolean
destroy_later (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response,
                     LoketCustomerMergeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *survivor_id = NULL;

  if (!g_str_equal (response, "merge") || self->other == NULL || merge_problem (self) != NULL)
    return;
  survivor_id = g_strdup (loket_record_get_id (survivor (self)));
  if (!loket_replica_merge_customers (self->replica, loket_record_get_id (alias (self)),
                                      survivor_id, &error))
    {
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MERGED], 0, survivor_id);
  /* Not from inside the response of the message dialog over this one: that dialog still
   * refers to this window until its own response is over. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_later, g_object_ref (self), g_object_unref);
}

static void
on_merge_clicked (GtkButton *button, LoketCustomerMergeDialog *self)
{
  GtkWidget *dialog;

  if (self->other == NULL || merge_problem (self) != NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Merge These Records?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
    _("Everything of “%s” (appointments, cases, contacts, callbacks, notes and representatives) "
      "moves to “%s”. The record “%s” is then removed. This cannot be undone."),
    loket_record_get_string (alias (self), "name"),
    loket_record_get_string (survivor (self), "name"),
    loket_record_get_string (alias (self), "name"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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

static GtkLabel *
new_fact_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

/* Kept and removed side by side, one fact a line. */
static GtkWidget *
build_compare (LoketCustomerMergeDialog *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  self->column_titles[0] = new_fact_label (_("Kept"), "heading");
  self->column_titles[1] = new_fact_label (_("Merged into it and removed"), "heading");
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->column_titles[0]), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->column_titles[1]), 2, 0, 1, 1);
  for (Fact fact = 0; fact < N_FACTS; fact++)
    {
      GtkLabel *key = new_fact_label (_(fact_labels[fact]), "dim-label");

      gtk_widget_set_hexpand (GTK_WIDGET (key), FALSE);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (key), 0, (int) fact + 1, 1, 1);
      for (guint side = 0; side < 2; side++)
        {
          self->facts[side][fact] = new_fact_label (NULL, NULL);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (self->facts[side][fact]),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          self->column_titles[side], key, NULL, -1);
          gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->facts[side][fact]),
                           (int) side + 1, (int) fact + 1, 1, 1);
        }
    }
  return grid;
}

static GtkWidget *
build_search (LoketCustomerMergeDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->search_entry), "merge-search");
  g_object_set (self->search_entry, "placeholder-text", _("Name, BSN, postcode or e-mail"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the other record of this customer"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);

  self->results_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->results_list), "merge-results");
  gtk_widget_add_css_class (GTK_WIDGET (self->results_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Customers found"), -1);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_result_row,
                           self, NULL);
  g_signal_connect (self->results_list, "row-activated", G_CALLBACK (on_result_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->results_list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static GtkWidget *
build_header_bar (LoketCustomerMergeDialog *self)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  self->merge_button = gtk_button_new_with_mnemonic (_("_Merge…"));
  gtk_widget_set_name (self->merge_button, "merge-confirm");
  gtk_widget_add_css_class (self->merge_button, "destructive-action");
  g_signal_connect (self->merge_button, "clicked", G_CALLBACK (on_merge_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), self->merge_button);
  return bar;
}

static void
build (LoketCustomerMergeDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *intro = gtk_label_new (NULL);
  g_autofree char *intro_text = g_strdup_printf (
    _("Find the other record of %s. Both are shown side by side before anything is merged."),
    loket_record_get_string (self->own, "name"));

  gtk_label_set_text (GTK_LABEL (intro), intro_text);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  self->compare_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->problem_label = new_fact_label (NULL, "error");
  gtk_widget_set_name (GTK_WIDGET (self->problem_label), "merge-problem");
  self->swap_button = gtk_button_new_with_mnemonic (_("_Keep the Other Record"));
  gtk_widget_set_name (self->swap_button, "merge-swap");
  gtk_widget_set_halign (self->swap_button, GTK_ALIGN_START);
  g_signal_connect (self->swap_button, "clicked", G_CALLBACK (on_swap_clicked), self);
  gtk_box_append (GTK_BOX (self->compare_box), build_compare (self));
  gtk_box_append (GTK_BOX (self->compare_box), self->swap_button);
  gtk_box_append (GTK_BOX (self->compare_box), GTK_WIDGET (self->problem_label));

  gtk_box_append (GTK_BOX (box), intro);
  gtk_box_append (GTK_BOX (box), build_search (self));
  gtk_box_append (GTK_BOX (box), self->compare_box);
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
loket_customer_merge_dialog_dispose (GObject *object)
{
  LoketCustomerMergeDialog *self = LOKET_CUSTOMER_MERGE_DIALOG (object);

  g_clear_object (&self->own);
  g_clear_object (&self->other);
  g_clear_object (&self->results);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_customer_merge_dialog_parent_class)->dispose (object);
}

static void
loket_customer_merge_dialog_class_init (LoketCustomerMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_customer_merge_dialog_dispose;

  signals[SIGNAL_MERGED] =
    g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_customer_merge_dialog_init (LoketCustomerMergeDialog *self)
{
  self->results = g_list_store_new (LOKET_TYPE_RECORD);
}

GtkWidget *
loket_customer_merge_dialog_new (LoketReplica *replica, const char *customer_id,
                                 GtkWindow *parent)
{
  LoketCustomerMergeDialog *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (LOKET_TYPE_CUSTOMER_MERGE_DIALOG, "modal", TRUE, "transient-for", parent,
                       "title", _("Merge Duplicate"), "default-width", 720,
                       "default-height", 640, NULL);
  self->replica = g_object_ref (replica);
  self->own = loket_replica_get_customer (replica, customer_id);
  if (self->own == NULL)
    {
      g_autoptr(JsonObject) columns = json_object_new ();

      /* The customer went (merged elsewhere) between the click and here: nothing to merge into. */
      json_object_set_string_member (columns, "id", customer_id);
      self->own = loket_record_new (columns);
    }
  build (self);
  show_pair (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return GTK_WIDGET (self);
}

GListModel *
loket_customer_merge_dialog_get_results (LoketCustomerMergeDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_MERGE_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

const char *
loket_customer_merge_dialog_get_survivor_id (LoketCustomerMergeDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_MERGE_DIALOG (self), NULL);

  return self->other != NULL ? loket_record_get_id (survivor (self)) : NULL;
}

const char *
loket_customer_merge_dialog_get_alias_id (LoketCustomerMergeDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_MERGE_DIALOG (self), NULL);

  return self->other != NULL ? loket_record_get_id (alias (self)) : NULL;
}
