/* loket-admin-capacities.c — Beheer › Desks and Rooms: the capacities of every location.
 *
 * A capacity is who or what handles a product group at a location: a balie, a spreekkamer, a
 * zaal, a buitengewoon ambtenaar or an afhaallocatie, with its facilities and languages and
 * whether it is in use.  The list shows them by location; the form below a capacity shows its
 * availability rules and their history (LoketAdminRules), which stay readable for everyone.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-capacities.h"
#include "loket-admin-form.h"
#include "loket-admin-rules.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

struct _LoketAdminCapacities
{
  AdwBin          parent_instance;

  LoketReplica   *replica;
  GListStore     *store;          /* every location's capacities, location after location */
  GHashTable     *location_names; /* id → name, for the list's headers */
  LoketAdminPane  pane;
  char           *open_id;        /* NULL: a new one */
  gboolean        filling;
  gboolean        dirty;
  GPtrArray      *location_ids;   /* by location_row position */
  GPtrArray      *group_ids;      /* by group_row position */

  GtkWidget      *name_row;
  GtkWidget      *location_row;
  GtkWidget      *kind_row;
  GtkWidget      *group_row;
  GtkCheckButton *facilities[LOKET_ADMIN_N_FACILITIES];
  GtkWidget      *languages_row;
  GtkSwitch      *active_switch;
  GtkWidget      *rules;
};

G_DEFINE_FINAL_TYPE (LoketAdminCapacities, loket_admin_capacities, ADW_TYPE_BIN)

/* By kind_row position. */
static const char *const capacities_kinds[] = { "balie", "spreekkamer", "zaal", "ambtenaar",
                                                "afhaallocatie" };
static const char *const capacities_kind_labels[] = {
  N_("Counter"), N_("Consultation room"), N_("Meeting room"), N_("Registrar"),
  N_("Pick-up point"), NULL,
};

/* ---- the list -------------------------------------------------------------------------------- */

static const char *
capacities_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (capacities_kinds); i++)
    if (g_strcmp0 (kind, capacities_kinds[i]) == 0)
      return _(capacities_kind_labels[i]);
  return kind;
}

static GtkWidget *
capacities_create_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  g_autofree char *subtitle = NULL;

  /* Translators: a desk or room in the list: its kind and product group, "Counter ·
   * Burgerzaken" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              capacities_kind_label (loket_record_get_string (record, "kind")),
                              loket_record_get_string (record, "group_name"));
  if (loket_record_get_int (record, "active") == 0)
    {
      /* Translators: after a desk or room that cannot be booked now */
      g_autofree char *inactive = g_strdup_printf (_("%s · not in use"), subtitle);

      g_free (subtitle);
      subtitle = g_steal_pointer (&inactive);
    }
  return loket_admin_record_row_new (record, loket_record_get_string (record, "name"), subtitle);
}

static void
capacities_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  LoketAdminCapacities *self = user_data;
  LoketRecord *record = loket_admin_row_get_record (row);
  const char *location = loket_record_get_string (record, "location_id");

  if (before != NULL
      && g_str_equal (location,
                      loket_record_get_string (loket_admin_row_get_record (before),
                                               "location_id")))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  gtk_list_box_row_set_header (row, loket_admin_list_header_new (
                                      g_hash_table_lookup (self->location_names, location)));
}

static GListModel *
capacities_query (LoketAdminCapacities *self, GListModel *locations)
{
  GListStore *rows = g_list_store_new (LOKET_TYPE_RECORD);

  g_hash_table_remove_all (self->location_names);
  for (guint i = 0; i < g_list_model_get_n_items (locations); i++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, i);
      g_autoptr(GListModel) capacities = loket_replica_list_capacities (
                                           self->replica, loket_record_get_id (location));

      g_hash_table_insert (self->location_names, g_strdup (loket_record_get_id (location)),
                           g_strdup (loket_record_get_string (location, "name")));
      for (guint j = 0; j < g_list_model_get_n_items (capacities); j++)
        {
          g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, j);

          g_list_store_append (rows, capacity);
        }
    }
  return G_LIST_MODEL (rows);
}

/* ---- the form -------------------------------------------------------------------------------- */

static void
capacities_fill (LoketAdminCapacities *self, LoketRecord *record, const char *location_id)
{
  g_autofree char *languages = NULL;
  guint kind = 0;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         record != NULL ? loket_record_get_string (record, "name") : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->location_row),
                              loket_admin_position (self->location_ids,
                                                    record != NULL
                                                    ? loket_record_get_string (record,
                                                                               "location_id")
                                                    : location_id));
  for (guint i = 0; record != NULL && i < G_N_ELEMENTS (capacities_kinds); i++)
    if (g_str_equal (loket_record_get_string (record, "kind"), capacities_kinds[i]))
      kind = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->group_row),
                              loket_admin_position (self->group_ids,
                                                    record != NULL
                                                    ? loket_record_get_string (record, "group_id")
                                                    : NULL));
  languages = loket_admin_facilities_set (self->facilities,
                                          record != NULL
                                          ? loket_record_get_string (record, "facilities")
                                          : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->languages_row), languages);
  gtk_switch_set_active (self->active_switch,
                         record == NULL || loket_record_get_int (record, "active") != 0);
  self->filling = FALSE;
  self->dirty = FALSE;
  loket_admin_rules_set_capacity (LOKET_ADMIN_RULES (self->rules),
                                  record != NULL ? loket_record_get_id (record) : NULL,
                                  record != NULL ? loket_record_get_string (record, "location_id")
                                                 : NULL);
  loket_admin_pane_show_error (&self->pane, NULL);
  loket_admin_pane_set_heading (&self->pane, record != NULL
                                           ? loket_record_get_string (record, "name")
                                           : _("New Desk or Room"));
}

static void
capacities_on_edited (LoketAdminCapacities *self)
{
  if (!self->filling)
    self->dirty = TRUE;
}

static void
capacities_open (LoketAdminCapacities *self, LoketRecord *record, const char *location_id)
{
  g_free (self->open_id);
  self->open_id = record != NULL ? g_strdup (loket_record_get_id (record)) : NULL;
  capacities_fill (self, record, location_id);
  loket_admin_pane_select (&self->pane, self->open_id);
}

static void
capacities_on_row_activated (LoketAdminCapacities *self, GtkListBoxRow *row)
{
  capacities_open (self, loket_admin_row_get_record (row), NULL);
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

static void
capacities_refresh (LoketAdminCapacities *self)
{
  g_autoptr(GListModel) locations = loket_replica_list_locations (self->replica);
  g_autoptr(GListModel) groups = loket_replica_list_product_groups (self->replica);
  g_autoptr(GListModel) fresh = capacities_query (self, locations);
  g_autoptr(LoketRecord) open = NULL;
  gboolean filling = self->filling;

  self->filling = TRUE;
  loket_admin_combo_row_set_records (self->location_row, self->location_ids, locations, NULL);
  loket_admin_combo_row_set_records (self->group_row, self->group_ids, groups, NULL);
  self->filling = filling;
  loket_admin_pane_update (&self->pane, self->store, fresh, self->open_id);
  gtk_list_box_invalidate_headers (self->pane.list);
  open = loket_admin_find_record (G_LIST_MODEL (self->store), self->open_id);
  if (!self->dirty && open != NULL)
    capacities_fill (self, open, NULL);
}

static JsonObject *
capacities_read_form (LoketAdminCapacities *self, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  g_autofree char *facilities = loket_admin_facilities_get (
                                  self->facilities,
                                  gtk_editable_get_text (GTK_EDITABLE (self->languages_row)));
  guint location = adw_combo_row_get_selected (ADW_COMBO_ROW (self->location_row));
  guint group = adw_combo_row_get_selected (ADW_COMBO_ROW (self->group_row));
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
  JsonObject *row;

  if (*name == '\0' || location >= self->location_ids->len || group >= self->group_ids->len)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           *name == '\0' ? _("Give the desk or room a name.")
                                         : _("Choose a location and a product group."));
      return NULL;
    }
  row = json_object_new ();
  if (self->open_id != NULL)
    json_object_set_string_member (row, "id", self->open_id);
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "location_id", self->location_ids->pdata[location]);
  json_object_set_string_member (row, "group_id", self->group_ids->pdata[group]);
  json_object_set_string_member (row, "kind",
                                 capacities_kinds[MIN (kind,
                                                       G_N_ELEMENTS (capacities_kinds) - 1)]);
  json_object_set_string_member (row, "facilities", facilities);
  json_object_set_int_member (row, "active", gtk_switch_get_active (self->active_switch));
  return row;
}

static void
capacities_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminCapacities *self = LOKET_ADMIN_CAPACITIES (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = capacities_read_form (self, &error);
  g_autofree char *id = NULL;

  if (row != NULL)
    id = loket_replica_save_config (self->replica, "capacities", row, &error);
  if (id == NULL)
    {
      loket_admin_pane_show_error (&self->pane, error->message);
      return;
    }
  g_free (self->open_id);
  self->open_id = g_steal_pointer (&id);
  self->dirty = FALSE;
  capacities_refresh (self);
  loket_admin_toast (widget, _("Desk or room saved"));
}

static void
capacities_new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminCapacities *self = LOKET_ADMIN_CAPACITIES (widget);
  g_autoptr(LoketRecord) open = loket_admin_find_record (G_LIST_MODEL (self->store),
                                                         self->open_id);
  g_autofree char *location_id = open != NULL
                                 ? g_strdup (loket_record_get_string (open, "location_id"))
                                 : NULL;

  capacities_open (self, NULL, location_id);
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

static void
capacities_on_replica_changed (LoketAdminCapacities *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "capacities") || g_str_equal (entity, "locations")
      || g_str_equal (entity, "product_groups"))
    capacities_refresh (self);
}

static GtkWidget *
capacities_build_form (LoketAdminCapacities *self)
{
  const char *none[] = { NULL };
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *rows[] = {
    self->name_row = loket_admin_entry_row_new (_("_Name"), "capacity-name"),
    self->location_row = loket_admin_combo_row_new (_("L_ocation"), "capacity-location", none),
    self->kind_row = loket_admin_combo_row_new (_("_Kind"), "capacity-kind",
                                                capacities_kind_labels),
    self->group_row = loket_admin_combo_row_new (_("Product _Group"), "capacity-group", none),
    loket_admin_facilities_row_new ("capacity", self->facilities),
    self->languages_row = loket_admin_entry_row_new (_("_Languages besides Dutch (such as en, de)"),
                                                     "capacity-languages"),
    loket_admin_switch_row_new (_("In _Use"), _("Off: nothing can be booked here"),
                                "capacity-active", &self->active_switch),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rows[i]);
      if (ADW_IS_ENTRY_ROW (rows[i]) || ADW_IS_COMBO_ROW (rows[i]))
        loket_admin_watch (rows[i], G_CALLBACK (capacities_on_edited), self);
    }
  for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
    loket_admin_watch (GTK_WIDGET (self->facilities[i]), G_CALLBACK (capacities_on_edited),
                       self);
  loket_admin_watch (GTK_WIDGET (self->active_switch), G_CALLBACK (capacities_on_edited), self);
  return group;
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_capacities_dispose (GObject *object)
{
  LoketAdminCapacities *self = LOKET_ADMIN_CAPACITIES (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (loket_admin_capacities_parent_class)->dispose (object);
}

/* The list's headers and the combo rows use these until the children are gone. */
static void
loket_admin_capacities_finalize (GObject *object)
{
  LoketAdminCapacities *self = LOKET_ADMIN_CAPACITIES (object);

  g_hash_table_unref (self->location_names);
  g_free (self->open_id);
  g_ptr_array_unref (self->location_ids);
  g_ptr_array_unref (self->group_ids);
  G_OBJECT_CLASS (loket_admin_capacities_parent_class)->finalize (object);
}

static void
loket_admin_capacities_class_init (LoketAdminCapacitiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_capacities_dispose;
  object_class->finalize = loket_admin_capacities_finalize;
  gtk_widget_class_install_action (widget_class, "capacities.new", NULL, capacities_new_action);
  gtk_widget_class_install_action (widget_class, "capacities.save", NULL,
                                   capacities_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "capacities.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "capacities.save", NULL);
}

static void
loket_admin_capacities_init (LoketAdminCapacities *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->location_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->location_ids = g_ptr_array_new_with_free_func (g_free);
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  loket_admin_pane_build (&self->pane, "capacities", _("Desks and Rooms"),
                          _("New Desk or Room (Ctrl+N)"));
  gtk_box_append (self->pane.form, capacities_build_form (self));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->pane.leaflet));
  gtk_list_box_bind_model (self->pane.list, G_LIST_MODEL (self->store), capacities_create_row,
                           NULL, NULL);
  gtk_list_box_set_header_func (self->pane.list, capacities_header, self, NULL);
  g_signal_connect_swapped (self->pane.list, "row-activated",
                            G_CALLBACK (capacities_on_row_activated), self);
}

GtkWidget *
loket_admin_capacities_new (LoketReplica *replica)
{
  LoketAdminCapacities *self;
  g_autoptr(LoketRecord) first = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_CAPACITIES, NULL);
  self->replica = g_object_ref (replica);
  /* The rules stay readable when the form is not editable: they say so themselves. */
  self->rules = loket_admin_rules_new (replica);
  g_object_set_data (G_OBJECT (self->rules), "loket-admin-always", GINT_TO_POINTER (TRUE));
  gtk_box_append (self->pane.form, self->rules);
  capacities_refresh (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  capacities_open (self, first, NULL);
  g_signal_connect_object (replica, "changed", G_CALLBACK (capacities_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_capacities_set_editable (LoketAdminCapacities *self, gboolean editable)
{
  g_return_if_fail (LOKET_IS_ADMIN_CAPACITIES (self));

  loket_admin_pane_set_editable (&self->pane, editable);
  loket_admin_rules_set_editable (LOKET_ADMIN_RULES (self->rules), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capacities.new", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capacities.save", editable);
  if (!editable && self->open_id == NULL)
    loket_admin_pane_open_first (&self->pane);
}
