/* loket-admin-case-types.c — Beheer › Case Types: the kinds of case a desk opens.
 *
 * A case type's lead time (working days to its deadline), the team that handles it, whether
 * only that team sees its cases, its statuses in order, the wording a citizen reads for each
 * status, how long its cases are kept and what happens then, and the product whose booking is
 * its intake.  The statuses are typed in one row, in order, separated by commas: the rows of
 * the public wording follow them as they are typed, and what was typed for a status stays
 * while it is still in the list.  An empty wording means the citizen is not told of that
 * status.  The transitions between statuses are not kept here; they stay as they are.  As on
 * the other pages, a row opens with Enter or a click and a refresh from the replica fills the
 * form again only while it holds no unsaved changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-case-types.h"
#include "loket-admin-form.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-replica-cases.h"

struct _LoketAdminCaseTypes
{
  AdwBin          parent_instance;

  LoketReplica   *replica;
  GListStore     *store;
  LoketAdminPane  pane;
  char           *open_id;       /* the case type in the form; NULL: a new one */
  gboolean        filling;
  gboolean        dirty;         /* the form holds changes not saved yet */
  GPtrArray      *team_ids;      /* by team_row position; NULL first: none */
  GPtrArray      *product_ids;   /* by intake_row position; NULL first: none */

  GtkWidget      *name_row;
  GtkSpinButton  *days_spin;
  GtkWidget      *team_row;
  GtkSwitch      *confidential_switch;
  GtkWidget      *statuses_row;
  GtkWidget      *wording_group;
  GPtrArray      *wording_rows;  /* an entry row per status, in order; its status as "status" */
  GHashTable     *wording;       /* status → the wording typed for it */
  GtkSpinButton  *years_spin;
  GtkWidget      *action_row;
  GtkWidget      *intake_row;
};

G_DEFINE_FINAL_TYPE (LoketAdminCaseTypes, loket_admin_case_types, ADW_TYPE_BIN)

/* By action_row position. */
static const char *const case_types_actions[] = { "bewaren", "vernietigen" };
static const char *const case_types_action_labels[] = { N_("Keep for good"), N_("Destroy"),
                                                        NULL };

/* The defaults of the data model for a new type. */
#define CASE_TYPES_DAYS  10
#define CASE_TYPES_YEARS 20

/* ---- statuses as text ------------------------------------------------------------------------ */

/* The statuses typed in the row, "ontvangen, in behandeling" → each trimmed, empty ones left
 * out (a trailing comma while typing).  Repeated ones stay: the rules say what is wrong. */
static GStrv
case_types_split (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) statuses = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (statuses, parts[i]);
  return g_strv_builder_end (statuses);
}

/* The stored JSON array of statuses as the row shows it, "ontvangen, in behandeling". */
static char *
case_types_join (const char *json, const char *separator)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                    && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (names, json_node_get_string (item));
    }
  strv = g_strv_builder_end (names);
  return g_strjoinv (separator, strv);
}

static char *
case_types_to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* ---- the list -------------------------------------------------------------------------------- */

static GtkWidget *
case_types_create_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  int days = (int) loket_record_get_int (record, "max_working_days");
  g_autofree char *statuses = case_types_join (loket_record_get_string (record, "statuses"),
                                               " → ");
  /* Translators: a case type in the list: its lead time and its statuses in order,
   * "40 working days · ontvangen → in behandeling → afgehandeld" */
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%d working day · %s",
                                                         "%d working days · %s", days),
                                               days, statuses);

  return loket_admin_record_row_new (record, loket_record_get_string (record, "name"), subtitle);
}

/* ---- the public wording per status ----------------------------------------------------------- */

static void
case_types_on_edited (LoketAdminCaseTypes *self)
{
  if (!self->filling)
    self->dirty = TRUE;
}

/* Keeps what the rows hold, so a status that comes back gets its wording back. */
static void
case_types_keep_wording (LoketAdminCaseTypes *self)
{
  for (guint i = 0; i < self->wording_rows->len; i++)
    {
      GtkWidget *row = self->wording_rows->pdata[i];

      g_hash_table_replace (self->wording, g_strdup (g_object_get_data (G_OBJECT (row),
                                                                        "status")),
                            g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
    }
}

static gboolean
case_types_rows_match (LoketAdminCaseTypes *self, GStrv statuses)
{
  if (g_strv_length (statuses) != self->wording_rows->len)
    return FALSE;
  for (guint i = 0; i < self->wording_rows->len; i++)
    if (g_strcmp0 (statuses[i], g_object_get_data (self->wording_rows->pdata[i], "status")) != 0)
      return FALSE;
  return TRUE;
}

static GtkWidget *
case_types_wording_row_new (LoketAdminCaseTypes *self, const char *status, guint index)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *name = g_strdup_printf ("case-type-wording-%u", index);
  /* Translators: what a screen reader says for the entry of a status's public wording */
  g_autofree char *a11y = g_strdup_printf (_("What the citizen reads for status %s"), status);
  const char *text = g_hash_table_lookup (self->wording, status);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), status);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (row), "status", g_strdup (status), g_free);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  loket_admin_watch (row, G_CALLBACK (case_types_on_edited), self);
  return row;
}

/* Makes the wording rows follow the statuses row (always, with force: after a fill). */
static void
case_types_build_wording (LoketAdminCaseTypes *self, gboolean force)
{
  g_auto(GStrv) statuses = case_types_split (gtk_editable_get_text (GTK_EDITABLE (
                                                                      self->statuses_row)));
  gboolean filling = self->filling;

  if (!force && case_types_rows_match (self, statuses))
    return;
  if (!force)
    case_types_keep_wording (self);
  self->filling = TRUE;
  for (guint i = 0; i < self->wording_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->wording_group),
                                  self->wording_rows->pdata[i]);
  g_ptr_array_set_size (self->wording_rows, 0);
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      GtkWidget *row = case_types_wording_row_new (self, statuses[i], i);

      g_ptr_array_add (self->wording_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->wording_group), row);
    }
  self->filling = filling;
}

static void
case_types_on_statuses_changed (LoketAdminCaseTypes *self)
{
  case_types_on_edited (self);
  case_types_build_wording (self, FALSE);
}

/* The stored public_statuses (a JSON object) into the wording kept per status. */
static void
case_types_set_wording (LoketAdminCaseTypes *self, const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObjectIter iter;
  const char *status;
  JsonNode *text;

  g_hash_table_remove_all (self->wording);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &status, &text))
    if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
      g_hash_table_replace (self->wording, g_strdup (status),
                            g_strdup (json_node_get_string (text)));
}

/* ---- the form -------------------------------------------------------------------------------- */

static void
case_types_refresh_choices (LoketAdminCaseTypes *self)
{
  g_autoptr(GListModel) teams = loket_replica_list_teams (self->replica);
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);
  gboolean filling = self->filling;

  self->filling = TRUE;
  loket_admin_combo_row_set_records (self->team_row, self->team_ids, teams, _("None"));
  loket_admin_combo_row_set_records (self->intake_row, self->product_ids, products, _("None"));
  self->filling = filling;
}

static const char *
case_types_text (LoketRecord *record, const char *column)
{
  const char *text = record != NULL && !loket_record_is_null (record, column)
                     ? loket_record_get_string (record, column) : NULL;

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
case_types_fill (LoketAdminCaseTypes *self, LoketRecord *record)
{
  g_autofree char *statuses = case_types_join (case_types_text (record, "statuses"), ", ");
  const char *action = case_types_text (record, "retention_action");

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), record != NULL
                         ? loket_record_get_string (record, "name") : "");
  gtk_spin_button_set_value (self->days_spin, record != NULL
                             ? loket_record_get_int (record, "max_working_days")
                             : CASE_TYPES_DAYS);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->team_row),
                              loket_admin_position (self->team_ids,
                                                    case_types_text (record, "team_id")));
  gtk_switch_set_active (self->confidential_switch,
                         record != NULL && loket_record_get_int (record, "confidential") != 0);
  /* The statuses first: their change keeps what the rows hold, which the record replaces. */
  gtk_editable_set_text (GTK_EDITABLE (self->statuses_row), statuses);
  case_types_set_wording (self, case_types_text (record, "public_statuses"));
  case_types_build_wording (self, TRUE);
  gtk_spin_button_set_value (self->years_spin, record != NULL
                             ? loket_record_get_int (record, "retention_years")
                             : CASE_TYPES_YEARS);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->action_row),
                              g_strcmp0 (action, case_types_actions[1]) == 0 ? 1 : 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->intake_row),
                              loket_admin_position (self->product_ids,
                                                    case_types_text (record,
                                                                     "intake_product_id")));
  self->filling = FALSE;
  self->dirty = FALSE;
  loket_admin_pane_show_error (&self->pane, NULL);
  loket_admin_pane_set_heading (&self->pane, record != NULL
                                           ? loket_record_get_string (record, "name")
                                           : _("New Case Type"));
}

static void
case_types_open (LoketAdminCaseTypes *self, LoketRecord *record)
{
  g_free (self->open_id);
  self->open_id = record != NULL ? g_strdup (loket_record_get_id (record)) : NULL;
  case_types_fill (self, record);
  loket_admin_pane_select (&self->pane, self->open_id);
}

static void
case_types_on_row_activated (LoketAdminCaseTypes *self, GtkListBoxRow *row)
{
  case_types_open (self, loket_admin_row_get_record (row));
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

/* The id chosen in a combo row of records, or NULL for "None". */
static void
case_types_set_choice (JsonObject *row, const char *column, GtkWidget *combo, GPtrArray *ids)
{
  guint chosen = adw_combo_row_get_selected (ADW_COMBO_ROW (combo));

  if (chosen < ids->len && ids->pdata[chosen] != NULL)
    json_object_set_string_member (row, column, ids->pdata[chosen]);
  else
    json_object_set_null_member (row, column);
}

/* The statuses and their public wording (trimmed; an empty one is left out: not told). */
static void
case_types_read_statuses (LoketAdminCaseTypes *self, JsonObject *row)
{
  g_auto(GStrv) statuses = case_types_split (gtk_editable_get_text (GTK_EDITABLE (
                                                                      self->statuses_row)));
  g_autoptr(JsonNode) list = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) words = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *list_text = NULL;
  g_autofree char *words_text = NULL;

  json_node_take_array (list, json_array_new ());
  json_node_take_object (words, json_object_new ());
  for (guint i = 0; statuses[i] != NULL; i++)
    json_array_add_string_element (json_node_get_array (list), statuses[i]);
  for (guint i = 0; i < self->wording_rows->len; i++)
    {
      GtkWidget *entry = self->wording_rows->pdata[i];
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (
                                                                             entry))));

      if (*text != '\0')
        json_object_set_string_member (json_node_get_object (words),
                                       g_object_get_data (G_OBJECT (entry), "status"), text);
    }
  list_text = case_types_to_text (list);
  words_text = case_types_to_text (words);
  json_object_set_string_member (row, "statuses", list_text);
  json_object_set_string_member (row, "public_statuses", words_text);
}

static JsonObject *
case_types_read_form (LoketAdminCaseTypes *self)
{
  JsonObject *row = json_object_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  guint action = adw_combo_row_get_selected (ADW_COMBO_ROW (self->action_row));

  if (self->open_id != NULL)
    json_object_set_string_member (row, "id", self->open_id);
  json_object_set_string_member (row, "name", name);
  json_object_set_int_member (row, "max_working_days",
                              gtk_spin_button_get_value_as_int (self->days_spin));
  case_types_set_choice (row, "team_id", self->team_row, self->team_ids);
  json_object_set_int_member (row, "confidential",
                              gtk_switch_get_active (self->confidential_switch) ? 1 : 0);
  case_types_read_statuses (self, row);
  json_object_set_int_member (row, "retention_years",
                              gtk_spin_button_get_value_as_int (self->years_spin));
  json_object_set_string_member (row, "retention_action",
                                 case_types_actions[MIN (action,
                                                         G_N_ELEMENTS (case_types_actions) - 1)]);
  case_types_set_choice (row, "intake_product_id", self->intake_row, self->product_ids);
  return row;
}

static void
case_types_refresh (LoketAdminCaseTypes *self)
{
  g_autoptr(GListModel) fresh = loket_replica_list_case_types (self->replica);
  g_autoptr(LoketRecord) open = NULL;

  case_types_refresh_choices (self);
  loket_admin_pane_update (&self->pane, self->store, fresh, self->open_id);
  open = loket_admin_find_record (G_LIST_MODEL (self->store), self->open_id);
  if (!self->dirty && open != NULL)
    case_types_fill (self, open);
}

static void
case_types_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminCaseTypes *self = LOKET_ADMIN_CASE_TYPES (widget);
  g_autoptr(JsonObject) row = case_types_read_form (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = loket_replica_save_config (self->replica, "case_types", row, &error);
  if (id == NULL)
    {
      loket_admin_pane_show_error (&self->pane, error->message);
      return;
    }
  g_free (self->open_id);
  self->open_id = g_steal_pointer (&id);
  self->dirty = FALSE;
  case_types_refresh (self);
  loket_admin_toast (widget, _("Case type saved"));
}

static void
case_types_new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminCaseTypes *self = LOKET_ADMIN_CASE_TYPES (widget);

  case_types_open (self, NULL);
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

static void
case_types_on_replica_changed (LoketAdminCaseTypes *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "case_types") || g_str_equal (entity, "teams")
      || g_str_equal (entity, "products"))
    case_types_refresh (self);
}

static GtkWidget *
case_types_group_new (GtkWidget *const *rows, guint n, const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  for (guint i = 0; i < n; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rows[i]);
  return group;
}

static void
case_types_build_form (LoketAdminCaseTypes *self)
{
  static const char *const none[] = { N_("None"), NULL };
  GtkWidget *handling[] = {
    self->name_row = loket_admin_entry_row_new (_("_Name"), "case-type-name"),
    loket_admin_spin_row_new (_("_Maximum Lead Time"), _("Working days from intake to decision"),
                              "case-type-days", 1, 250, &self->days_spin),
    self->team_row = loket_admin_combo_row_new (_("_Team"), "case-type-team", none),
    loket_admin_switch_row_new (_("C_onfidential"), _("Only the team sees its cases"),
                                "case-type-confidential", &self->confidential_switch),
    self->statuses_row = loket_admin_entry_row_new (_("Stat_uses, in Order, Separated by Commas"),
                                                    "case-type-statuses"),
  };
  GtkWidget *keeping[] = {
    loket_admin_spin_row_new (_("_Retention Period"), _("Years a closed case is kept"),
                              "case-type-retention-years", 1, 100, &self->years_spin),
    self->action_row = loket_admin_combo_row_new (_("_After the Retention Period"),
                                                  "case-type-retention-action",
                                                  case_types_action_labels),
    self->intake_row = loket_admin_combo_row_new (_("_Intake Product"), "case-type-intake", none),
  };

  gtk_box_append (self->pane.form, case_types_group_new (handling, G_N_ELEMENTS (handling),
                                                         NULL));
  self->wording_group = case_types_group_new (NULL, 0, _("What the Citizen Reads"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->wording_group),
                                         _("For each status; left empty, the citizen is not "
                                           "told of it."));
  gtk_box_append (self->pane.form, self->wording_group);
  gtk_box_append (self->pane.form, case_types_group_new (keeping, G_N_ELEMENTS (keeping),
                                                         _("Retention and Intake")));
  loket_admin_watch (self->name_row, G_CALLBACK (case_types_on_edited), self);
  loket_admin_watch (GTK_WIDGET (self->days_spin), G_CALLBACK (case_types_on_edited), self);
  loket_admin_watch (self->team_row, G_CALLBACK (case_types_on_edited), self);
  loket_admin_watch (GTK_WIDGET (self->confidential_switch), G_CALLBACK (case_types_on_edited),
                     self);
  loket_admin_watch (self->statuses_row, G_CALLBACK (case_types_on_statuses_changed), self);
  loket_admin_watch (GTK_WIDGET (self->years_spin), G_CALLBACK (case_types_on_edited), self);
  loket_admin_watch (self->action_row, G_CALLBACK (case_types_on_edited), self);
  loket_admin_watch (self->intake_row, G_CALLBACK (case_types_on_edited), self);
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_case_types_dispose (GObject *object)
{
  LoketAdminCaseTypes *self = LOKET_ADMIN_CASE_TYPES (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  g_clear_pointer (&self->open_id, g_free);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  g_clear_pointer (&self->product_ids, g_ptr_array_unref);
  g_clear_pointer (&self->wording_rows, g_ptr_array_unref);
  g_clear_pointer (&self->wording, g_hash_table_unref);
  G_OBJECT_CLASS (loket_admin_case_types_parent_class)->dispose (object);
}

static void
loket_admin_case_types_class_init (LoketAdminCaseTypesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_case_types_dispose;
  gtk_widget_class_install_action (widget_class, "case-types.new", NULL, case_types_new_action);
  gtk_widget_class_install_action (widget_class, "case-types.save", NULL,
                                   case_types_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "case-types.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "case-types.save", NULL);
}

static void
loket_admin_case_types_init (LoketAdminCaseTypes *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  self->wording_rows = g_ptr_array_new ();
  self->wording = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loket_admin_pane_build (&self->pane, "case-types", _("Case Types"),
                          _("New Case Type (Ctrl+N)"));
  case_types_build_form (self);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->pane.leaflet));
  gtk_list_box_bind_model (self->pane.list, G_LIST_MODEL (self->store), case_types_create_row,
                           NULL, NULL);
  g_signal_connect_swapped (self->pane.list, "row-activated",
                            G_CALLBACK (case_types_on_row_activated), self);
}

GtkWidget *
loket_admin_case_types_new (LoketReplica *replica)
{
  LoketAdminCaseTypes *self;
  g_autoptr(LoketRecord) first = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_CASE_TYPES, NULL);
  self->replica = g_object_ref (replica);
  case_types_refresh (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  case_types_open (self, first);
  g_signal_connect_object (replica, "changed", G_CALLBACK (case_types_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_case_types_set_editable (LoketAdminCaseTypes *self, gboolean editable)
{
  g_return_if_fail (LOKET_IS_ADMIN_CASE_TYPES (self));

  loket_admin_pane_set_editable (&self->pane, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-types.new", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-types.save", editable);
  if (!editable && self->open_id == NULL)
    loket_admin_pane_open_first (&self->pane);
}
