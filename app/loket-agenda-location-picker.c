/* loket-agenda-location-picker.c — which location the agenda shows. */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-location-picker.h"
#include "loket-record.h"

struct _LoketAgendaLocationPicker {
  AdwBin        parent_instance;

  LoketReplica *replica;
  GListModel   *locations;
  char         *location_id;
  GtkDropDown  *dropdown;
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (LoketAgendaLocationPicker, loket_agenda_location_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
find_location (LoketAgendaLocationPicker *self, const char *id)
{
  guint n = self->locations != NULL ? g_list_model_get_n_items (self->locations) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (self->locations, i);

      if (g_str_equal (loket_record_get_id (location), id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
select_in_dropdown (LoketAgendaLocationPicker *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->dropdown, find_location (self, self->location_id));
  self->updating = FALSE;
}

/* The user's own location when it is among the locations, else the first one. */
static char *
default_location_id (LoketAgendaLocationPicker *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(LoketRecord) first = NULL;

  if (user != NULL &&
      find_location (self, loket_record_get_string (user, "location_id")) != GTK_INVALID_LIST_POSITION)
    return g_strdup (loket_record_get_string (user, "location_id"));
  if (g_list_model_get_n_items (self->locations) == 0)
    return NULL;
  first = g_list_model_get_item (self->locations, 0);
  return g_strdup (loket_record_get_id (first));
}

static void
reload (LoketAgendaLocationPicker *self)
{
  g_clear_object (&self->locations);
  self->locations = loket_replica_list_locations (self->replica);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->dropdown, self->locations);
  self->updating = FALSE;

  /* A location that left the user's scope is replaced by the default one. */
  if (find_location (self, self->location_id) == GTK_INVALID_LIST_POSITION)
    {
      g_free (self->location_id);
      self->location_id = default_location_id (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
    }
  select_in_dropdown (self);
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketAgendaLocationPicker *self)
{
  if (entity == NULL || g_str_equal (entity, "locations") || g_str_equal (entity, "users"))
    reload (self);
}

static void
on_selected (GtkDropDown *dropdown, GParamSpec *pspec, LoketAgendaLocationPicker *self)
{
  LoketRecord *location = gtk_drop_down_get_selected_item (dropdown);

  if (!self->updating && location != NULL)
    loket_agenda_location_picker_set_location_id (self, loket_record_get_id (location));
}

static void
location_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
location_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  LoketRecord *location = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      loket_record_get_string (location, "name"));
}

static void
loket_agenda_location_picker_dispose (GObject *object)
{
  LoketAgendaLocationPicker *self = LOKET_AGENDA_LOCATION_PICKER (object);

  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->locations);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_agenda_location_picker_parent_class)->dispose (object);
}

static void
loket_agenda_location_picker_finalize (GObject *object)
{
  g_free (LOKET_AGENDA_LOCATION_PICKER (object)->location_id);

  G_OBJECT_CLASS (loket_agenda_location_picker_parent_class)->finalize (object);
}

static void
loket_agenda_location_picker_get_property (GObject *object, guint prop_id, GValue *value,
                                           GParamSpec *pspec)
{
  LoketAgendaLocationPicker *self = LOKET_AGENDA_LOCATION_PICKER (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_LOCATION_ID:
      g_value_set_string (value, self->location_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_location_picker_set_property (GObject *object, guint prop_id, const GValue *value,
                                           GParamSpec *pspec)
{
  LoketAgendaLocationPicker *self = LOKET_AGENDA_LOCATION_PICKER (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      loket_agenda_location_picker_set_replica (self, g_value_get_object (value));
      break;
    case PROP_LOCATION_ID:
      loket_agenda_location_picker_set_location_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_agenda_location_picker_class_init (LoketAgendaLocationPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_agenda_location_picker_dispose;
  object_class->finalize = loket_agenda_location_picker_finalize;
  object_class->get_property = loket_agenda_location_picker_get_property;
  object_class->set_property = loket_agenda_location_picker_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION_ID] =
    g_param_spec_string ("location-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_agenda_location_picker_init (LoketAgendaLocationPicker *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->dropdown), "location-dropdown");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropdown), _("Location"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Location"), -1);
  g_signal_connect (factory, "setup", G_CALLBACK (location_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (location_bind), NULL);
  gtk_drop_down_set_factory (self->dropdown, factory);
  g_object_unref (factory);
  g_signal_connect (self->dropdown, "notify::selected", G_CALLBACK (on_selected), self);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->dropdown));
}

void
loket_agenda_location_picker_set_replica (LoketAgendaLocationPicker *self, LoketReplica *replica)
{
  g_return_if_fail (LOKET_IS_AGENDA_LOCATION_PICKER (self));
  g_return_if_fail (replica == NULL || LOKET_IS_REPLICA (replica));

  if (self->replica == replica)
    return;
  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  g_set_object (&self->replica, replica);
  if (replica != NULL)
    {
      g_signal_connect_object (replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
      reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICA]);
}

const char *
loket_agenda_location_picker_get_location_id (LoketAgendaLocationPicker *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_LOCATION_PICKER (self), NULL);

  return self->location_id;
}

void
loket_agenda_location_picker_set_location_id (LoketAgendaLocationPicker *self,
                                              const char *location_id)
{
  g_return_if_fail (LOKET_IS_AGENDA_LOCATION_PICKER (self));

  if (g_strcmp0 (self->location_id, location_id) == 0)
    return;
  g_free (self->location_id);
  self->location_id = g_strdup (location_id);
  select_in_dropdown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION_ID]);
}
