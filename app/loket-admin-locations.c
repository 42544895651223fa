/* loket-admin-locations.c — Beheer › Locations: where the municipality receives visitors.
 *
 * A location's kind, address, the days it opens (the agenda offers no day outside them) and
 * the facilities every desk and room there shares.  The form is filled when a row is opened
 * (Enter or a click); arrowing through the list leaves the form alone, so nothing typed is
 * lost by looking around.  A refresh from the replica fills the form again only while it holds
 * no unsaved changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-form.h"
#include "loket-admin-locations.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

struct _LoketAdminLocations
{
  AdwBin           parent_instance;

  LoketReplica    *replica;
  GListStore      *store;
  LoketAdminPane   pane;
  char            *open_id;     /* the location in the form; NULL: a new one */
  gboolean         filling;
  gboolean         dirty;       /* the form holds changes not saved yet */

  GtkWidget       *name_row;
  GtkWidget       *kind_row;
  GtkWidget       *address_row;
  GtkToggleButton *days[7];
  GtkCheckButton  *facilities[LOKET_ADMIN_N_FACILITIES];
  GtkSwitch       *offline_switch;
};

G_DEFINE_FINAL_TYPE (LoketAdminLocations, loket_admin_locations, ADW_TYPE_BIN)

/* By kind_row position. */
static const char *const locations_kinds[] = { "stadhuis", "kantoor", "satelliet" };
static const char *const locations_kind_labels[] = { N_("City hall"), N_("Office"),
                                                     N_("Satellite"), NULL };

static const char *
locations_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (locations_kinds); i++)
    if (g_strcmp0 (kind, locations_kinds[i]) == 0)
      return _(locations_kind_labels[i]);
  return kind;
}

static GtkWidget *
locations_create_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  g_autofree char *subtitle = NULL;
  const char *address = loket_record_get_string (record, "address");

  /* Translators: a location's kind and address, "Office · Noorderplein 12" */
  subtitle = *address != '\0'
             ? g_strdup_printf (_("%s · %s"),
                                locations_kind_label (loket_record_get_string (record, "kind")),
                                address)
             : g_strdup (locations_kind_label (loket_record_get_string (record, "kind")));
  return loket_admin_record_row_new (record, loket_record_get_string (record, "name"), subtitle);
}

/* ---- the form -------------------------------------------------------------------------------- */

static void
locations_fill (LoketAdminLocations *self, LoketRecord *record)
{
  g_autofree char *extra = NULL;
  guint kind = 1;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         record != NULL ? loket_record_get_string (record, "name") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         record != NULL ? loket_record_get_string (record, "address") : "");
  for (guint i = 0; record != NULL && i < G_N_ELEMENTS (locations_kinds); i++)
    if (g_str_equal (loket_record_get_string (record, "kind"), locations_kinds[i]))
      kind = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), kind);
  loket_admin_days_set (self->days,
                        record != NULL ? (guint8) loket_record_get_int (record, "opening_days")
                                       : 0x1f);
  extra = loket_admin_facilities_set (self->facilities,
                                      record != NULL ? loket_record_get_string (record,
                                                                                "facilities")
                                                     : NULL);
  gtk_switch_set_active (self->offline_switch,
                         record != NULL && loket_record_get_int (record, "works_offline") != 0);
  self->filling = FALSE;
  self->dirty = FALSE;
  loket_admin_pane_show_error (&self->pane, NULL);
  loket_admin_pane_set_heading (&self->pane, record != NULL
                                           ? loket_record_get_string (record, "name")
                                           : _("New Location"));
}

static void
locations_on_edited (LoketAdminLocations *self)
{
  if (!self->filling)
    self->dirty = TRUE;
}

static void
locations_open (LoketAdminLocations *self, LoketRecord *record)
{
  g_free (self->open_id);
  self->open_id = record != NULL ? g_strdup (loket_record_get_id (record)) : NULL;
  locations_fill (self, record);
  loket_admin_pane_select (&self->pane, self->open_id);
}

static void
locations_on_row_activated (LoketAdminLocations *self, GtkListBoxRow *row)
{
  locations_open (self, loket_admin_row_get_record (row));
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

static JsonObject *
locations_read_form (LoketAdminLocations *self)
{
  JsonObject *row = json_object_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (
                                                     GTK_EDITABLE (self->address_row))));
  g_autofree char *facilities = loket_admin_facilities_get (self->facilities, NULL);
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));

  if (self->open_id != NULL)
    json_object_set_string_member (row, "id", self->open_id);
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "kind",
                                 locations_kinds[MIN (kind, G_N_ELEMENTS (locations_kinds) - 1)]);
  json_object_set_string_member (row, "address", address);
  json_object_set_int_member (row, "opening_days", loket_admin_days_get (self->days));
  json_object_set_string_member (row, "facilities", facilities);
  json_object_set_int_member (row, "works_offline",
                              gtk_switch_get_active (self->offline_switch) ? 1 : 0);
  return row;
}

static void
locations_refresh (LoketAdminLocations *self)
{
  g_autoptr(GListModel) fresh = loket_replica_list_locations (self->replica);
  g_autoptr(LoketRecord) open = NULL;

  loket_admin_pane_update (&self->pane, self->store, fresh, self->open_id);
  open = loket_admin_find_record (G_LIST_MODEL (self->store), self->open_id);
  if (!self->dirty && open != NULL)
    locations_fill (self, open);
}

static void
locations_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminLocations *self = LOKET_ADMIN_LOCATIONS (widget);
  g_autoptr(JsonObject) row = locations_read_form (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (json_object_get_int_member (row, "opening_days") == 0)
    {
      loket_admin_pane_show_error (&self->pane, _("Choose at least one opening day."));
      return;
    }
  id = loket_replica_save_config (self->replica, "locations", row, &error);
  if (id == NULL)
    {
      loket_admin_pane_show_error (&self->pane, error->message);
      return;
    }
  g_free (self->open_id);
  self->open_id = g_steal_pointer (&id);
  self->dirty = FALSE;
  locations_refresh (self);
  loket_admin_toast (widget, _("Location saved"));
}

static void
locations_new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminLocations *self = LOKET_ADMIN_LOCATIONS (widget);

  locations_open (self, NULL);
  loket_admin_pane_reveal (&self->pane, self->name_row);
}

static void
locations_on_replica_changed (LoketAdminLocations *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "locations"))
    locations_refresh (self);
}

static GtkWidget *
locations_build_form (LoketAdminLocations *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *rows[] = {
    self->name_row = loket_admin_entry_row_new (_("_Name"), "location-name"),
    self->kind_row = loket_admin_combo_row_new (_("_Kind"), "location-kind",
                                                locations_kind_labels),
    self->address_row = loket_admin_entry_row_new (_("_Address"), "location-address"),
    loket_admin_days_row_new (_("Opening days"), "location", self->days),
    loket_admin_facilities_row_new ("location", self->facilities),
    loket_admin_switch_row_new (_("Works _Offline"),
                                _("A satellite whose desk keeps working without a connection"),
                                "location-offline", &self->offline_switch),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rows[i]);
  loket_admin_watch (self->name_row, G_CALLBACK (locations_on_edited), self);
  loket_admin_watch (self->kind_row, G_CALLBACK (locations_on_edited), self);
  loket_admin_watch (self->address_row, G_CALLBACK (locations_on_edited), self);
  loket_admin_watch (GTK_WIDGET (self->offline_switch), G_CALLBACK (locations_on_edited), self);
  for (guint i = 0; i < 7; i++)
    loket_admin_watch (GTK_WIDGET (self->days[i]), G_CALLBACK (locations_on_edited), self);
  for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
    loket_admin_watch (GTK_WIDGET (self->facilities[i]), G_CALLBACK (locations_on_edited), self);
  return group;
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_locations_dispose (GObject *object)
{
  LoketAdminLocations *self = LOKET_ADMIN_LOCATIONS (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  g_clear_pointer (&self->open_id, g_free);
  G_OBJECT_CLASS (loket_admin_locations_parent_class)->dispose (object);
}

static void
loket_admin_locations_class_init (LoketAdminLocationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_locations_dispose;
  gtk_widget_class_install_action (widget_class, "locations.new", NULL, locations_new_action);
  gtk_widget_class_install_action (widget_class, "locations.save", NULL, locations_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "locations.new",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "locations.save", NULL);
}

static void
loket_admin_locations_init (LoketAdminLocations *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  loket_admin_pane_build (&self->pane, "locations", _("Locations"), _("New Location (Ctrl+N)"));
  gtk_box_append (self->pane.form, locations_build_form (self));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->pane.leaflet));
  gtk_list_box_bind_model (self->pane.list, G_LIST_MODEL (self->store), locations_create_row,
                           NULL, NULL);
  g_signal_connect_swapped (self->pane.list, "row-activated",
                            G_CALLBACK (locations_on_row_activated), self);
}

GtkWidget *
loket_admin_locations_new (LoketReplica *replica)
{
  LoketAdminLocations *self;
  g_autoptr(LoketRecord) first = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_LOCATIONS, NULL);
  self->replica = g_object_ref (replica);
  locations_refresh (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  locations_open (self, first);
  g_signal_connect_object (replica, "changed", G_CALLBACK (locations_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_locations_set_editable (LoketAdminLocations *self, gboolean editable)
{
  g_return_if_fail (LOKET_IS_ADMIN_LOCATIONS (self));

  loket_admin_pane_set_editable (&self->pane, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "locations.new", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "locations.save", editable);
  if (!editable && self->open_id == NULL)
    loket_admin_pane_open_first (&self->pane);
}
