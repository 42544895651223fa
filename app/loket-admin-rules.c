/* loket-admin-rules.c — a desk or room's availability rules in words, and their history.
 *
 * Both lists are GtkListBoxes over GListStores updated in place (loket_record_store_update), so
 * a sync that brings nothing new keeps the rows and the keyboard where they are.  Enter on a
 * rule edits it, Delete removes it (after asking), and "Add Rule…" (Alt+A) opens the editor
 * for a new one.  The history is never edited: every save and removal the replica or the
 * server made is in it, with who and when, and the rule as it became (as it was, for a removal).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-form.h"
#include "loket-admin-words.h"
#include "loket-admin-rule-dialog.h"
#include "loket-admin-rules.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

struct _LoketAdminRules
{
  GtkBox         parent_instance;

  LoketReplica  *replica;
  char          *capacity_id;
  GTimeZone     *tz;
  GListStore    *rules;
  GListStore    *history;
  gboolean       editable;

  GtkWidget     *rules_group;
  GtkWidget     *add_button;
  GtkListBox    *rules_list;
  GtkWidget     *history_group;
  GtkListBox    *history_list;
};

G_DEFINE_FINAL_TYPE (LoketAdminRules, loket_admin_rules, GTK_TYPE_BOX)

/* ---- the rules ------------------------------------------------------------------------------- */

/* An icon button of a rule's row; a11y says which rule it acts on. */
static GtkWidget *
rules_icon_button (const char *icon, const char *name, const char *tooltip, const char *a11y,
                   const char *action, const char *rule_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", rule_id);
  return button;
}

static GtkWidget *
rules_create_row (gpointer item, gpointer user_data)
{
  LoketAdminRules *self = user_data;
  LoketRecord *record = item;
  g_autofree char *words = loket_admin_describe_rule (loket_record_get_columns (record));
  g_autofree char *window = loket_admin_describe_window (loket_record_get_columns (record));
  /* Translators: what a screen reader says for a rule's buttons, "Edit the rule Sat 10:00–…" */
  g_autofree char *edit_a11y = g_strdup_printf (_("Edit the rule %s"), words);
  g_autofree char *remove_a11y = g_strdup_printf (_("Remove the rule %s"), words);
  GtkWidget *row = loket_admin_record_row_new (record, words, window);
  GtkWidget *edit = rules_icon_button ("document-edit-symbolic", "rule-edit", _("Edit Rule"),
                                       edit_a11y, "rules.edit", loket_record_get_id (record));
  GtkWidget *remove = rules_icon_button ("user-trash-symbolic", "rule-remove", _("Remove Rule"),
                                         remove_a11y, "rules.remove",
                                         loket_record_get_id (record));

  gtk_widget_set_name (row, "rule-row");
  gtk_widget_set_visible (edit, self->editable);
  gtk_widget_set_visible (remove, self->editable);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), self->editable);
  return row;
}

static LoketRecord *
rules_find (LoketAdminRules *self, const char *rule_id)
{
  return loket_admin_find_record (G_LIST_MODEL (self->rules), rule_id);
}

static void
rules_on_saved (LoketAdminRules *self, const char *rule_id)
{
  loket_admin_toast (GTK_WIDGET (self), _("Rule saved"));
}

static void
rules_open_editor (LoketAdminRules *self, LoketRecord *rule)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!self->editable || self->capacity_id == NULL)
    return;
  dialog = loket_admin_rule_dialog_new (self->replica, self->capacity_id, rule);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (rules_on_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rules_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rules_open_editor (LOKET_ADMIN_RULES (widget), NULL);
}

static void
rules_edit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminRules *self = LOKET_ADMIN_RULES (widget);
  g_autoptr(LoketRecord) rule = rules_find (self, g_variant_get_string (parameter, NULL));

  if (rule != NULL)
    rules_open_editor (self, rule);
}

static void
rules_on_row_activated (LoketAdminRules *self, GtkListBoxRow *row)
{
  LoketRecord *rule = loket_admin_row_get_record (row);

  if (rule != NULL)
    rules_open_editor (self, rule);
}

static void
rules_on_remove_response (AdwMessageDialog *dialog, const char *response, LoketAdminRules *self)
{
  const char *rule_id = g_object_get_data (G_OBJECT (dialog), "rule-id");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!loket_replica_remove_rule (self->replica, rule_id, &error))
    loket_admin_toast (GTK_WIDGET (self), error->message);
  else
    loket_admin_toast (GTK_WIDGET (self), _("Rule removed"));
}

static void
rules_remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminRules *self = LOKET_ADMIN_RULES (widget);
  const char *rule_id = g_variant_get_string (parameter, NULL);
  g_autoptr(LoketRecord) rule = rules_find (self, rule_id);
  g_autofree char *words = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (rule == NULL || !self->editable)
    return;
  words = loket_admin_describe_rule (loket_record_get_columns (rule));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove This Rule?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nNothing new can be booked at these times. Appointments "
                                    "already booked stay. The removal is kept in the history."),
                                  words);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rule-id", g_strdup (rule_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rules_on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Delete on a rule's row (or a button in it) removes that rule. */
static void
rules_remove_focused_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminRules *self = LOKET_ADMIN_RULES (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->rules_list)))
    return;
  row = GTK_IS_LIST_BOX_ROW (focus) ? focus
                                    : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  if (row != NULL && loket_admin_row_get_record (GTK_LIST_BOX_ROW (row)) != NULL)
    {
      const char *id = loket_record_get_id (loket_admin_row_get_record (GTK_LIST_BOX_ROW (row)));
      g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_string (id));

      rules_remove_action (widget, "rules.remove", target);
    }
}

/* ---- the history ----------------------------------------------------------------------------- */

static char *
rules_history_title (LoketRecord *record)
{
  const char *action = loket_record_get_string (record, "action");
  const char *who = loket_record_get_string (record, "by_name");
  gboolean named = *who != '\0';

  /* Translators: a change to an availability rule and who made it, "Created by Erik de Boer" */
  if (g_str_equal (action, "created"))
    return named ? g_strdup_printf (_("Created by %s"), who) : g_strdup (_("Created"));
  if (g_str_equal (action, "removed"))
    return named ? g_strdup_printf (_("Removed by %s"), who) : g_strdup (_("Removed"));
  return named ? g_strdup_printf (_("Changed by %s"), who) : g_strdup (_("Changed"));
}

static char *
rules_history_when (LoketAdminRules *self, const char *at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 seconds;

  if (!loket_protocol_parse_time (at, &seconds))
    return g_strdup (at);
  utc = g_date_time_new_from_unix_utc (seconds);
  local = g_date_time_to_timezone (utc, self->tz);
  return g_date_time_format (local, "%-d %b %Y %H:%M");
}

static GtkWidget *
rules_create_history_row (gpointer item, gpointer user_data)
{
  LoketAdminRules *self = user_data;
  LoketRecord *record = item;
  g_autoptr(JsonNode) rule = json_from_string (loket_record_get_string (record, "rule"), NULL);
  g_autofree char *title = rules_history_title (record);
  g_autofree char *when = rules_history_when (self, loket_record_get_string (record, "at"));
  g_autofree char *words = rule != NULL && JSON_NODE_HOLDS_OBJECT (rule)
                           ? loket_admin_describe_rule (json_node_get_object (rule))
                           : g_strdup ("");
  /* Translators: when a rule changed, and the rule in words: "22 Nov 2026 21:05 · Sat …" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), when, words);
  GtkWidget *row = loket_admin_record_row_new (record, title, subtitle);

  gtk_widget_set_name (row, "history-row");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* ---- keeping up ------------------------------------------------------------------------------ */

static void
rules_refresh (LoketAdminRules *self)
{
  g_autoptr(GListModel) rules = NULL;
  g_autoptr(GListModel) history = NULL;

  if (self->capacity_id == NULL)
    {
      g_list_store_remove_all (self->rules);
      g_list_store_remove_all (self->history);
      return;
    }
  rules = loket_replica_list_rules (self->replica, self->capacity_id);
  history = loket_replica_list_rule_history (self->replica, self->capacity_id);
  loket_admin_list_update (self->rules_list, self->rules, rules);
  loket_admin_list_update (self->history_list, self->history, history);
}

static void
rules_on_replica_changed (LoketAdminRules *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "availability_rules")
      || g_str_equal (entity, "availability_rule_history") || g_str_equal (entity, "users"))
    rules_refresh (self);
}

static GtkWidget *
rules_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static GtkListBox *
rules_list_new (GtkWidget *group, const char *name, const char *a11y, const char *empty)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_name (list, name);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), rules_placeholder (empty));
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return GTK_LIST_BOX (list);
}

static void
rules_build (LoketAdminRules *self)
{
  self->rules_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->rules_group),
                                   _("Availability Rules"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->rules_group),
                                         _("When this desk or room can be booked. The rules of "
                                           "one desk or room may not overlap."));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add Rule…"));
  gtk_widget_set_name (self->add_button, "rules-add");
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "rules.add");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->rules_group),
                                           self->add_button);
  self->rules_list = rules_list_new (self->rules_group, "rules-list", _("Availability rules"),
                                     _("No rules: nothing can be booked here."));
  gtk_list_box_bind_model (self->rules_list, G_LIST_MODEL (self->rules), rules_create_row, self,
                           NULL);
  g_signal_connect_swapped (self->rules_list, "row-activated",
                            G_CALLBACK (rules_on_row_activated), self);

  self->history_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->history_group), _("History"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->history_group),
                                         _("Every change to these rules, newest first."));
  self->history_list = rules_list_new (self->history_group, "rules-history",
                                       _("History of the rules"), _("No changes yet."));
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history),
                           rules_create_history_row, self, NULL);

  gtk_box_append (GTK_BOX (self), self->rules_group);
  gtk_box_append (GTK_BOX (self), self->history_group);
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_rules_dispose (GObject *object)
{
  LoketAdminRules *self = LOKET_ADMIN_RULES (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->rules);
  g_clear_object (&self->history);
  g_clear_pointer (&self->capacity_id, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  G_OBJECT_CLASS (loket_admin_rules_parent_class)->dispose (object);
}

static void
loket_admin_rules_class_init (LoketAdminRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_rules_dispose;
  gtk_widget_class_install_action (widget_class, "rules.add", NULL, rules_add_action);
  gtk_widget_class_install_action (widget_class, "rules.edit", "s", rules_edit_action);
  gtk_widget_class_install_action (widget_class, "rules.remove", "s", rules_remove_action);
  gtk_widget_class_install_action (widget_class, "rules.remove-focused", NULL,
                                   rules_remove_focused_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "rules.remove-focused",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "rules.remove-focused", NULL);
}

static void
loket_admin_rules_init (LoketAdminRules *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->rules = g_list_store_new (LOKET_TYPE_RECORD);
  self->history = g_list_store_new (LOKET_TYPE_RECORD);
  self->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  rules_build (self);
  loket_admin_rules_set_editable (self, FALSE);
}

GtkWidget *
loket_admin_rules_new (LoketReplica *replica)
{
  LoketAdminRules *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_RULES, NULL);
  self->replica = g_object_ref (replica);
  g_signal_connect_object (replica, "changed", G_CALLBACK (rules_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_rules_set_capacity (LoketAdminRules *self, const char *capacity_id,
                                const char *location_id)
{
  g_return_if_fail (LOKET_IS_ADMIN_RULES (self));

  if (g_strcmp0 (self->capacity_id, capacity_id) != 0)
    {
      g_free (self->capacity_id);
      self->capacity_id = g_strdup (capacity_id);
      /* Another capacity's rows: made anew rather than compared with the last one's. */
      g_list_store_remove_all (self->rules);
      g_list_store_remove_all (self->history);
    }
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = loket_replica_get_timezone (self->replica, location_id);
  gtk_widget_set_visible (GTK_WIDGET (self), capacity_id != NULL);
  rules_refresh (self);
}

void
loket_admin_rules_set_editable (LoketAdminRules *self, gboolean editable)
{
  g_return_if_fail (LOKET_IS_ADMIN_RULES (self));

  self->editable = editable;
  gtk_widget_set_visible (self->add_button, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.add", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.edit", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.remove", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.remove-focused", editable);
  /* The rows show Edit and Remove by the new state: made anew. */
  g_list_store_remove_all (self->rules);
  rules_refresh (self);
}
