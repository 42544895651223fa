/* loket-admin-view.c — Beheer: the agenda configuration, in four sections, the case types, and
 * the customers' satisfaction beside them.
 *
 * The page only holds the sections and decides, in one place, whether the signed-in user may
 * change anything (loket_rules_may_keep_rules, the rule the replica and the server apply too).
 * Each section keeps itself up to date from the replica's "changed" signal; the page follows
 * it only for the user's row, whose role decides what may be edited.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-capacities.h"
#include "loket-admin-case-types.h"
#include "loket-admin-closures.h"
#include "loket-admin-locations.h"
#include "loket-admin-products.h"
#include "loket-admin-satisfaction.h"
#include "loket-admin-view.h"
#include "loket-record.h"
#include "loket-rules.h"


struct _LoketAdminView
{
  AdwBin        parent_instance;

  LoketReplica *replica;
  gboolean      editable;
  GtkWidget    *locations;
  GtkWidget    *products;
  GtkWidget    *case_types;
  GtkWidget    *capacities;
  GtkWidget    *closures;
  GtkWidget    *satisfaction;  /* read-only for everyone */

  GtkWidget    *read_only_bar;
  AdwViewStack *sections;
};

G_DEFINE_FINAL_TYPE (LoketAdminView, loket_admin_view, ADW_TYPE_BIN)

enum {
  VIEW_PROP_0,
  VIEW_PROP_REPLICA,
  VIEW_PROP_EDITABLE,
  VIEW_N_PROPS
};

static GParamSpec *view_properties[VIEW_N_PROPS];

/* The sections in the order shown, each with its shortcut Alt+key: the case types came last,
 * so the shortcuts learned before them stay. */
static const struct {
  const char *name;
  const char *title;
  const char *icon;
  guint       key;
} view_sections[] = {
  { "locations", N_("Locations"), "mark-location-symbolic", 1 },
  { "products", N_("Products"), "view-list-bullet-symbolic", 2 },
  { "case-types", N_("Case Types"), "folder-documents-symbolic", 6 },
  { "capacities", N_("Desks and Rooms"), "x-office-calendar-symbolic", 3 },
  { "closures", N_("Closures"), "action-unavailable-symbolic", 4 },
  { "satisfaction", N_("Satisfaction"), "starred-symbolic", 5 },
};

static void
view_apply_editable (LoketAdminView *self)
{
  gtk_widget_set_visible (self->read_only_bar, !self->editable);
  loket_admin_locations_set_editable (LOKET_ADMIN_LOCATIONS (self->locations), self->editable);
  loket_admin_products_set_editable (LOKET_ADMIN_PRODUCTS (self->products), self->editable);
  loket_admin_case_types_set_editable (LOKET_ADMIN_CASE_TYPES (self->case_types),
                                       self->editable);
  loket_admin_capacities_set_editable (LOKET_ADMIN_CAPACITIES (self->capacities),
                                       self->editable);
  loket_admin_closures_set_editable (LOKET_ADMIN_CLOSURES (self->closures), self->editable);
}

/* Whether the user may change the configuration: the rule the replica and the server apply. */
static gboolean
view_user_may_edit (LoketAdminView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);

  return user != NULL && loket_rules_may_keep_rules (loket_record_get_string (user, "role_id"));
}

static void
view_update_editable (LoketAdminView *self)
{
  gboolean editable = view_user_may_edit (self);

  if (editable == self->editable)
    return;
  self->editable = editable;
  view_apply_editable (self);
  g_object_notify_by_pspec (G_OBJECT (self), view_properties[VIEW_PROP_EDITABLE]);
}

static void
view_on_replica_changed (LoketAdminView *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "users"))
    view_update_editable (self);
}

static void
view_show_section_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminView *self = LOKET_ADMIN_VIEW (widget);
  GtkWidget *page;

  loket_admin_view_show_section (self, g_variant_get_string (parameter, NULL));
  /* From the keyboard the administrator wants to work in the section at once. */
  page = adw_view_stack_get_visible_child (self->sections);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
loket_admin_view_constructed (GObject *object)
{
  LoketAdminView *self = LOKET_ADMIN_VIEW (object);
  GtkWidget **pages[] = { &self->locations, &self->products, &self->case_types,
                          &self->capacities, &self->closures, &self->satisfaction };

  G_OBJECT_CLASS (loket_admin_view_parent_class)->constructed (object);

  self->locations = loket_admin_locations_new (self->replica);
  self->products = loket_admin_products_new (self->replica);
  self->case_types = loket_admin_case_types_new (self->replica);
  self->capacities = loket_admin_capacities_new (self->replica);
  self->closures = loket_admin_closures_new (self->replica);
  self->satisfaction = loket_admin_satisfaction_new (self->replica);
  G_STATIC_ASSERT (G_N_ELEMENTS (pages) == G_N_ELEMENTS (view_sections));
  for (guint i = 0; i < G_N_ELEMENTS (view_sections); i++)
    adw_view_stack_add_titled_with_icon (self->sections, *pages[i], view_sections[i].name,
                                         _(view_sections[i].title), view_sections[i].icon);
  self->editable = view_user_may_edit (self);
  view_apply_editable (self);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (view_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
loket_admin_view_dispose (GObject *object)
{
  LoketAdminView *self = LOKET_ADMIN_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_ADMIN_VIEW);
  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_admin_view_parent_class)->dispose (object);
}

static void
loket_admin_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketAdminView *self = LOKET_ADMIN_VIEW (object);

  switch (prop_id)
    {
    case VIEW_PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case VIEW_PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_admin_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  LoketAdminView *self = LOKET_ADMIN_VIEW (object);

  switch (prop_id)
    {
    case VIEW_PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_admin_view_class_init (LoketAdminViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_admin_view_constructed;
  object_class->dispose = loket_admin_view_dispose;
  object_class->get_property = loket_admin_view_get_property;
  object_class->set_property = loket_admin_view_set_property;

  view_properties[VIEW_PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  view_properties[VIEW_PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, VIEW_N_PROPS, view_properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-admin-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketAdminView, read_only_bar);
  gtk_widget_class_bind_template_child (widget_class, LoketAdminView, sections);

  gtk_widget_class_install_action (widget_class, "admin.show-section", "s",
                                   view_show_section_action);
  for (guint i = 0; i < G_N_ELEMENTS (view_sections); i++)
    {
      guint key = view_sections[i].key - 1;

      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + key, GDK_ALT_MASK,
                                           "admin.show-section", "s", view_sections[i].name);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + key, GDK_ALT_MASK,
                                           "admin.show-section", "s", view_sections[i].name);
    }
}

static void
loket_admin_view_init (LoketAdminView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_admin_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_ADMIN_VIEW, "replica", replica, NULL);
}

gboolean
loket_admin_view_get_editable (LoketAdminView *self)
{
  g_return_val_if_fail (LOKET_IS_ADMIN_VIEW (self), FALSE);

  return self->editable;
}

void
loket_admin_view_show_section (LoketAdminView *self, const char *name)
{
  g_return_if_fail (LOKET_IS_ADMIN_VIEW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->sections, name) != NULL)
    adw_view_stack_set_visible_child_name (self->sections, name);
}
