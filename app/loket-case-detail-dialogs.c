/* loket-case-detail-dialogs.c — the case actions that ask first (loket-case-detail-private.h):
 * waiting for the customer (with what for), linking another case (found by the same search as
 * the lists, with the kind of link), adding a document (a title and where it lives) and
 * assigning the case to a colleague or a team.
 *
 * Each is a small message dialog whose accept button stays off until what it needs is there,
 * so Enter in its last field does the work and nothing half-filled is ever sent.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-case-detail-private.h"
#include "loket-record.h"
#include "loket-replica-cases.h"
#include "loket-replica-casework.h"

#define LINK_RESULTS 20

static GtkWidget *
entry_new (const char *name, const char *placeholder, const char *a11y)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return entry;
}

/* The trimmed text of an entry (owned by the caller). */
static char *
text_of (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* ---- waiting for the customer ---------------------------------------------------------------- */

static void
on_reason_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *reason = text_of (GTK_WIDGET (entry));

  adw_message_dialog_set_response_enabled (dialog, "accept", *reason != '\0');
}

static void
on_suspend_response (AdwMessageDialog *dialog, const char *response, LoketCaseDetail *self)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "accept") || self->current == NULL)
    return;
  reason = text_of (g_object_get_data (G_OBJECT (dialog), "reason"));
  ok = loket_replica_suspend_case (self->replica, self->case_id, TRUE, reason, &error);
  loket_case_detail_report (self, ok, _("The deadline is paused until the customer answers."),
                            error);
}

void
loket_case_detail_suspend_dialog (LoketCaseDetail *self)
{
  GtkWidget *reason = entry_new ("case-suspend-reason", _("E.g. the building drawing"),
                                 _("What the case waits for"));
  AdwMessageDialog *dialog;

  dialog = loket_case_detail_ask (self, _("Wait for the Customer?"),
                                  _("The deadline stops until the customer answers. Say what "
                                    "the case waits for; it shows in the timeline."),
                                  _("_Pause Deadline"), reason);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  adw_message_dialog_set_response_enabled (dialog, "accept", FALSE);
  g_signal_connect_object (reason, "changed", G_CALLBACK (on_reason_changed), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_suspend_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- a document ------------------------------------------------------------------------------ */

static void
on_document_changed (AdwMessageDialog *dialog)
{
  g_autofree char *title = text_of (g_object_get_data (G_OBJECT (dialog), "title"));
  g_autofree char *location = text_of (g_object_get_data (G_OBJECT (dialog), "location"));

  adw_message_dialog_set_response_enabled (dialog, "accept",
                                           *title != '\0' && *location != '\0');
}

static void
on_document_response (AdwMessageDialog *dialog, const char *response, LoketCaseDetail *self)
{
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "accept") || self->current == NULL)
    return;
  title = text_of (g_object_get_data (G_OBJECT (dialog), "title"));
  location = text_of (g_object_get_data (G_OBJECT (dialog), "location"));
  id = loket_replica_add_case_document (self->replica, self->case_id, title, location, &error);
  loket_case_detail_report (self, id != NULL, _("Document added."), error);
}

void
loket_case_detail_document_dialog (LoketCaseDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = entry_new ("case-document-title", _("Title, e.g. Bouwtekening"),
                                _("Document title"));
  GtkWidget *location = entry_new ("case-document-location",
                                   _("Link or path, e.g. /srv/zaken/tekening.pdf"),
                                   _("Where the document is kept"));
  AdwMessageDialog *dialog;

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), location);
  dialog = loket_case_detail_ask (self, _("Add Document"),
                                  _("Loket keeps where the document lives, not the file."),
                                  _("_Add Document"), box);
  g_object_set_data (G_OBJECT (dialog), "title", title);
  g_object_set_data (G_OBJECT (dialog), "location", location);
  adw_message_dialog_set_response_enabled (dialog, "accept", FALSE);
  g_signal_connect_object (title, "changed", G_CALLBACK (on_document_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (location, "changed", G_CALLBACK (on_document_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_document_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- linking a case -------------------------------------------------------------------------- */

static const struct { const char *kind; const char *label; } link_kinds[] = {
  { "related", N_("Related case") },
  { "intake", N_("Its intake") },
  { "bundle", N_("Same life event") },
};

typedef struct {
  LoketCaseDetail *self;
  GtkWidget       *search;
  GtkListBox      *results;
  GtkDropDown     *kind;
  gboolean         answered;
} LinkDialog;

static GtkWidget *
result_row_new (LoketRecord *kase)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (kase, "reference"),
                                            loket_record_get_string (kase, "subject"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               loket_record_get_string (kase, "customer_name"),
                                               loket_record_get_string (kase, "status"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, loket_record_get_id (kase));
  return row;
}

static void
on_link_search (GtkWidget *search, AdwMessageDialog *dialog)
{
  LinkDialog *link = g_object_get_data (G_OBJECT (dialog), "link");
  g_autofree char *text = text_of (search);
  g_autoptr(GListModel) found = loket_replica_find_cases (link->self->replica, text,
                                                          LINK_RESULTS + 1);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (link->results))) != NULL)
    gtk_list_box_remove (link->results, child);
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(LoketRecord) kase = g_list_model_get_item (found, i);

      /* Not the case itself. */
      if (!g_str_equal (loket_record_get_id (kase), link->self->case_id))
        gtk_list_box_append (link->results, result_row_new (kase));
    }
  /* The first match is chosen: Enter in the search links it. */
  gtk_list_box_select_row (link->results, gtk_list_box_get_row_at_index (link->results, 0));
}

static void
on_link_selected (GtkListBox *results, GtkListBoxRow *row, AdwMessageDialog *dialog)
{
  LinkDialog *link = g_object_get_data (G_OBJECT (dialog), "link");

  /* Once answered the dialog goes, and its responses before its rows. */
  if (link == NULL || link->answered)
    return;
  adw_message_dialog_set_response_enabled (dialog, "accept", row != NULL);
}

static void
on_link_response (AdwMessageDialog *dialog, const char *response, LinkDialog *link)
{
  LoketCaseDetail *self = link->self;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (link->results);
  const char *kind = link_kinds[gtk_drop_down_get_selected (link->kind)].kind;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  link->answered = TRUE;
  if (!g_str_equal (response, "accept") || row == NULL || self->current == NULL)
    return;
  ok = loket_replica_link_cases (self->replica, self->case_id,
                                 gtk_widget_get_name (GTK_WIDGET (row)), kind, &error);
  loket_case_detail_report (self, ok, _("Cases linked."), error);
}

static GtkWidget *
link_box_new (LinkDialog *link)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  const char *kinds[G_N_ELEMENTS (link_kinds) + 1] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (link_kinds); i++)
    kinds[i] = _(link_kinds[i].label);
  link->search = gtk_search_entry_new ();
  gtk_widget_set_name (link->search, "case-link-search");
  g_object_set (link->search, "placeholder-text", _("Reference, customer or subject"),
                "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (link->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the case to link"), -1);
  link->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (link->results), "case-link-results");
  gtk_widget_add_css_class (GTK_WIDGET (link->results), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (link->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cases found"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (link->results));
  link->kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  gtk_widget_set_name (GTK_WIDGET (link->kind), "case-link-kind");
  gtk_accessible_update_property (GTK_ACCESSIBLE (link->kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of link"), -1);
  gtk_box_append (GTK_BOX (box), link->search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (link->kind));
  return box;
}

void
loket_case_detail_link_dialog (LoketCaseDetail *self)
{
  LinkDialog *link = g_new0 (LinkDialog, 1);
  GtkWidget *box = link_box_new (link);
  AdwMessageDialog *dialog;

  link->self = self;
  dialog = loket_case_detail_ask (self, _("Link Case"),
                                  _("Find the other case and say how it belongs to this one."),
                                  _("_Link"), box);
  g_object_set_data_full (G_OBJECT (dialog), "link", link, g_free);
  adw_message_dialog_set_response_enabled (dialog, "accept", FALSE);
  g_signal_connect_object (link->search, "search-changed", G_CALLBACK (on_link_search), dialog,
                           0);
  g_signal_connect_object (link->results, "row-selected", G_CALLBACK (on_link_selected), dialog,
                           0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_link_response), link);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- assigning to a colleague or a team ------------------------------------------------------ */

/* The id of the row at position of a model of records, or NULL past its end (position 0 of the
 * people is "Nobody": the records start at 1 there, so pass position - 1). */
static const char *
id_at (GListModel *records, guint position)
{
  g_autoptr(LoketRecord) record = g_list_model_get_item (records, position);

  /* The model keeps its records; the id lives as long as the dialog. */
  return record != NULL ? loket_record_get_id (record) : NULL;
}

static guint
position_of (GListModel *records, const char *id)
{
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (records); i++)
    if (g_strcmp0 (id_at (records, i), id) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* A colleague of another team takes the case to their team. */
static void
on_assignee_selected (GtkDropDown *people, GParamSpec *pspec, AdwMessageDialog *dialog)
{
  GListModel *assignees = g_object_get_data (G_OBJECT (dialog), "assignees");
  GListModel *teams = g_object_get_data (G_OBJECT (dialog), "teams");
  guint chosen = gtk_drop_down_get_selected (people);
  g_autoptr(LoketRecord) person = NULL;
  guint team;

  if (chosen == 0 || chosen == GTK_INVALID_LIST_POSITION)
    return;
  person = g_list_model_get_item (assignees, chosen - 1);
  team = person != NULL ? position_of (teams, loket_record_get_string (person, "team_id"))
                        : GTK_INVALID_LIST_POSITION;
  if (team != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (dialog), "team"), team);
}

static void
on_assign_response (AdwMessageDialog *dialog, const char *response, LoketCaseDetail *self)
{
  GListModel *assignees = g_object_get_data (G_OBJECT (dialog), "assignees");
  GListModel *teams = g_object_get_data (G_OBJECT (dialog), "teams");
  guint person = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog), "person"));
  guint team = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog), "team"));
  g_autofree char *assignee_id = NULL;
  g_autofree char *team_id = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (!g_str_equal (response, "accept") || self->current == NULL)
    return;
  assignee_id = person > 0 ? g_strdup (id_at (assignees, person - 1)) : NULL;
  team_id = g_strdup (id_at (teams, team));
  /* Only what changed is sent: each field merges on its own at the server. */
  if (g_strcmp0 (team_id, loket_record_get_string (self->current, "team_id")) != 0)
    ok = loket_replica_set_case_field (self->replica, self->case_id, "team_id", team_id,
                                       &error);
  if (ok && g_strcmp0 (assignee_id, loket_record_get_string (self->current, "assignee_id")) != 0)
    ok = loket_replica_set_case_field (self->replica, self->case_id, "assignee_id", assignee_id,
                                       &error);
  loket_case_detail_report (self, ok, _("The case's assignment is changed."), error);
}

static GtkWidget *
drop_down_new (const char *name, GtkStringList *names, const char *a11y)
{
  GtkWidget *drop = gtk_drop_down_new (NULL, NULL);
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_drop_down_set_model (GTK_DROP_DOWN (drop), G_LIST_MODEL (names));
  gtk_widget_set_name (drop, name);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (drop), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return drop;
}

void
loket_case_detail_assign_dialog (LoketCaseDetail *self)
{
  const char *team_id = loket_record_get_string (self->current, "team_id");
  GListModel *assignees = loket_replica_list_assignees (self->replica, team_id);
  GListModel *teams = loket_replica_list_teams (self->replica);
  g_autoptr(GtkStringList) people_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) team_names = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *person, *team;
  AdwMessageDialog *dialog;
  guint current;

  gtk_string_list_append (people_names, _("Nobody (the team picks it up)"));
  for (guint i = 0; i < g_list_model_get_n_items (assignees); i++)
    {
      g_autoptr(LoketRecord) user = g_list_model_get_item (assignees, i);
      /* Translators: a colleague and their team, "Pieter Hoekstra · Vergunningen" */
      g_autofree char *label = g_strdup_printf (_("%s · %s"),
                                                loket_record_get_string (user, "display_name"),
                                                loket_record_get_string (user, "team_name"));

      gtk_string_list_append (people_names, label);
    }
  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (teams, i);

      gtk_string_list_append (team_names, loket_record_get_string (row, "name"));
    }
  person = drop_down_new ("case-assign-person", people_names, _("Colleague"));
  team = drop_down_new ("case-assign-team", team_names, _("Team"));
  current = position_of (assignees, loket_record_get_string (self->current, "assignee_id"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (person),
                              current != GTK_INVALID_LIST_POSITION ? current + 1 : 0);
  current = position_of (teams, team_id);
  if (current != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (team), current);
  gtk_box_append (GTK_BOX (box), person);
  gtk_box_append (GTK_BOX (box), team);

  dialog = loket_case_detail_ask (self, _("Assign the Case"),
                                  _("Choose the colleague who handles the case, or only the "
                                    "team, so one of them picks it up."),
                                  _("_Assign"), box);
  g_object_set_data_full (G_OBJECT (dialog), "assignees", assignees, g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "teams", teams, g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "person", person);
  g_object_set_data (G_OBJECT (dialog), "team", team);
  g_signal_connect_object (person, "notify::selected", G_CALLBACK (on_assignee_selected), dialog,
                           0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_assign_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
