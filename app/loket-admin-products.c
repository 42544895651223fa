/* loket-admin-products.c — Beheer › Products: product groups and the products in them.
 *
 * One list holds each product group followed by its products, so the structure the agendas
 * follow (productgroep → product → the desks and rooms of that group) is what the
 * administrator sees.  A group and a product have forms of their own; the one for the opened
 * row is shown.  Norm time, handling level, line, whether citizens can book it on the website,
 * the case type a booking opens, how many of it one visit may hold, whether booking asks a
 * reason and the reminders the server sends its customers (an e-mail hours before, an SMS
 * minutes before, either off) are all a product's; the replica checks every value the way the
 * server will.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-form.h"
#include "loket-admin-products.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

struct _LoketAdminProducts
{
  AdwBin          parent_instance;

  LoketReplica   *replica;
  GListStore     *store;         /* groups (row_kind "group") each followed by its products */
  LoketAdminPane  pane;
  char           *open_id;       /* NULL: a new one */
  gboolean        open_group;    /* the open row is a product group */
  gboolean        filling;
  gboolean        dirty;
  GPtrArray      *group_ids;     /* by group_row position */
  GPtrArray      *case_type_ids; /* by case_type_row position; NULL first: none */

  GtkWidget      *group_form;
  GtkWidget      *group_name_row;
  GtkWidget      *werkveld_row;

  GtkWidget      *product_forms[4];
  GtkWidget      *name_row;
  GtkWidget      *group_row;
  GtkWidget      *description_row;
  GtkSpinButton  *norm_spin;
  GtkSpinButton  *max_spin;
  GtkSwitch      *reason_switch;
  GtkSwitch      *public_switch;
  GtkWidget      *level_row;
  GtkWidget      *line_row;
  GtkWidget      *case_type_row;
  GtkSwitch      *email_switch;
  GtkSpinButton  *email_spin;     /* hours */
  GtkWidget      *email_hours_row;
  GtkSwitch      *sms_switch;
  GtkSpinButton  *sms_spin;       /* minutes */
  GtkWidget      *sms_minutes_row;
  int             email_minutes;  /* as stored, for a time in hours the form cannot show */
};

G_DEFINE_FINAL_TYPE (LoketAdminProducts, loket_admin_products, ADW_TYPE_BIN)

static const char *const products_levels[] = {
  N_("1 — Done while the customer waits"),
  N_("2 — Handled by the front office, delivered later"),
  N_("3 — Front office and back office together"),
  NULL,
};
/* The defaults of the data model: an e-mail the day before, an SMS an hour before. */
#define PRODUCTS_EMAIL_MINUTES 1440
#define PRODUCTS_SMS_MINUTES   60

static const char *const products_lines[] = { N_("First line"), N_("Second line"),
                                              N_("Third line"), NULL };

/* ---- the list -------------------------------------------------------------------------------- */

static LoketRecord *
products_tagged (LoketRecord *record, const char *kind)
{
  g_autoptr(JsonObject) columns = json_object_new ();
  JsonObject *original = loket_record_get_columns (record);
  g_autoptr(GList) members = json_object_get_members (original);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (columns, l->data, json_object_dup_member (original, l->data));
  json_object_set_string_member (columns, "row_kind", kind);
  return loket_record_new (columns);
}

static GListModel *
products_query (LoketAdminProducts *self)
{
  g_autoptr(GListModel) groups = loket_replica_list_product_groups (self->replica);
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);
  GListStore *rows = g_list_store_new (LOKET_TYPE_RECORD);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(LoketRecord) group = g_list_model_get_item (groups, i);
      g_autoptr(LoketRecord) group_row = products_tagged (group, "group");

      g_list_store_append (rows, group_row);
      for (guint j = 0; j < g_list_model_get_n_items (products); j++)
        {
          g_autoptr(LoketRecord) product = g_list_model_get_item (products, j);
          g_autoptr(LoketRecord) product_row = NULL;

          if (!g_str_equal (loket_record_get_string (product, "group_id"),
                            loket_record_get_id (group)))
            continue;
          product_row = products_tagged (product, "product");
          g_list_store_append (rows, product_row);
        }
    }
  return G_LIST_MODEL (rows);
}

static gboolean
products_is_group (LoketRecord *record)
{
  return g_str_equal (loket_record_get_string (record, "row_kind"), "group");
}

static GtkWidget *
products_create_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (products_is_group (record))
    {
      const char *werkveld = loket_record_get_string (record, "werkveld");

      row = loket_admin_record_row_new (record, loket_record_get_string (record, "name"),
                                        *werkveld != '\0' ? werkveld : _("Product group"));
      gtk_widget_add_css_class (row, "heading");
      return row;
    }
  /* Translators: a product in the list: norm time, handling level, line; "10 min · level 2 ·
   * line 1" */
  subtitle = g_strdup_printf (_("%d min · level %d · line %d"),
                              (int) loket_record_get_int (record, "norm_minutes"),
                              (int) loket_record_get_int (record, "handling_level"),
                              (int) loket_record_get_int (record, "line"));
  row = loket_admin_record_row_new (record, loket_record_get_string (record, "name"), subtitle);
  gtk_widget_set_margin_start (row, 12);
  return row;
}

/* ---- the choices: groups and case types ------------------------------------------------------ */

static void
products_refresh_choices (LoketAdminProducts *self)
{
  g_autoptr(GListModel) groups = loket_replica_list_product_groups (self->replica);
  g_autoptr(GListModel) case_types = loket_replica_list_case_types (self->replica);
  gboolean filling = self->filling;

  self->filling = TRUE;
  loket_admin_combo_row_set_records (self->group_row, self->group_ids, groups, NULL);
  loket_admin_combo_row_set_records (self->case_type_row, self->case_type_ids, case_types,
                                     _("None"));
  self->filling = filling;
}

/* ---- the forms ------------------------------------------------------------------------------- */

static void
products_show_forms (LoketAdminProducts *self, gboolean group)
{
  gtk_widget_set_visible (self->group_form, group);
  for (guint i = 0; i < G_N_ELEMENTS (self->product_forms); i++)
    gtk_widget_set_visible (self->product_forms[i], !group);
}

static void
products_fill_group (LoketAdminProducts *self, LoketRecord *record)
{
  gtk_editable_set_text (GTK_EDITABLE (self->group_name_row),
                         record != NULL ? loket_record_get_string (record, "name") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->werkveld_row),
                         record != NULL ? loket_record_get_string (record, "werkveld") : "");
}

/* An hour or more, the nearest whole hour. */
static int
products_hours (int minutes)
{
  return MAX (1, (minutes + 30) / 60);
}

/* A reminder that is off keeps the default in its field, ready to be switched on. */
static void
products_fill_reminders (LoketAdminProducts *self, LoketRecord *record)
{
  int email = record != NULL ? (int) loket_record_get_int (record, "remind_email_minutes")
                             : PRODUCTS_EMAIL_MINUTES;
  int sms = record != NULL ? (int) loket_record_get_int (record, "remind_sms_minutes")
                           : PRODUCTS_SMS_MINUTES;

  self->email_minutes = email;
  gtk_switch_set_active (self->email_switch, email > 0);
  gtk_spin_button_set_value (self->email_spin,
                             products_hours (email > 0 ? email : PRODUCTS_EMAIL_MINUTES));
  gtk_switch_set_active (self->sms_switch, sms > 0);
  gtk_spin_button_set_value (self->sms_spin, sms > 0 ? sms : PRODUCTS_SMS_MINUTES);
}

/* A new product goes into group_id (the group of the row that was open). */
static void
products_fill_product (LoketAdminProducts *self, LoketRecord *record, const char *group_id)
{
  const char *case_type = record != NULL ? loket_record_get_string (record, "case_type_id")
                                         : NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         record != NULL ? loket_record_get_string (record, "name") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         record != NULL ? loket_record_get_string (record, "description") : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->group_row),
                              loket_admin_position (self->group_ids,
                                                 record != NULL
                                                 ? loket_record_get_string (record, "group_id")
                                                 : group_id));
  gtk_spin_button_set_value (self->norm_spin, record != NULL
                                              ? loket_record_get_int (record, "norm_minutes")
                                              : 10);
  gtk_spin_button_set_value (self->max_spin, record != NULL
                                             ? loket_record_get_int (record, "max_per_booking")
                                             : 1);
  gtk_switch_set_active (self->reason_switch,
                         record != NULL && loket_record_get_int (record, "asks_reason") != 0);
  gtk_switch_set_active (self->public_switch,
                         record == NULL || loket_record_get_int (record, "public") != 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->level_row),
                              record != NULL ? loket_record_get_int (record, "handling_level") - 1
                                             : 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->line_row),
                              record != NULL ? loket_record_get_int (record, "line") - 1 : 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->case_type_row),
                              loket_admin_position (self->case_type_ids,
                                                 case_type != NULL && *case_type != '\0'
                                                 ? case_type : NULL));
  products_fill_reminders (self, record);
}

static void
products_fill (LoketAdminProducts *self, LoketRecord *record, gboolean group,
               const char *group_id)
{
  self->filling = TRUE;
  if (group)
    products_fill_group (self, record);
  else
    products_fill_product (self, record, group_id);
  self->filling = FALSE;
  self->dirty = FALSE;
  products_show_forms (self, group);
  loket_admin_pane_show_error (&self->pane, NULL);
  loket_admin_pane_set_heading (&self->pane, record != NULL
                                           ? loket_record_get_string (record, "name")
                                           : group ? _("New Product Group") : _("New Product"));
}

static void
products_on_edited (LoketAdminProducts *self)
{
  if (!self->filling)
    self->dirty = TRUE;
}

static void
products_open (LoketAdminProducts *self, LoketRecord *record, gboolean group,
               const char *group_id)
{
  g_free (self->open_id);
  self->open_id = record != NULL ? g_strdup (loket_record_get_id (record)) : NULL;
  self->open_group = group;
  products_fill (self, record, group, group_id);
  loket_admin_pane_select (&self->pane, self->open_id);
}

static void
products_on_row_activated (LoketAdminProducts *self, GtkListBoxRow *row)
{
  LoketRecord *record = loket_admin_row_get_record (row);
  gboolean group = products_is_group (record);

  products_open (self, record, group, NULL);
  loket_admin_pane_reveal (&self->pane, group ? self->group_name_row : self->name_row);
}

static void
products_refresh (LoketAdminProducts *self)
{
  g_autoptr(GListModel) fresh = products_query (self);
  g_autoptr(LoketRecord) open = NULL;

  products_refresh_choices (self);
  loket_admin_pane_update (&self->pane, self->store, fresh, self->open_id);
  open = loket_admin_find_record (G_LIST_MODEL (self->store), self->open_id);
  if (!self->dirty && open != NULL)
    products_fill (self, open, self->open_group, NULL);
}

/* ---- saving ---------------------------------------------------------------------------------- */

static char *
products_text (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static JsonObject *
products_read_group (LoketAdminProducts *self, GError **error)
{
  g_autofree char *name = products_text (self->group_name_row);
  g_autofree char *werkveld = products_text (self->werkveld_row);
  JsonObject *row;

  if (*name == '\0')
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Give the product group a name."));
      return NULL;
    }
  row = json_object_new ();
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "werkveld", werkveld);
  return row;
}

/* 0 for a reminder that is off.  Hours the administrator left as they were keep the stored
 * minutes (a time set elsewhere, such as 90 minutes, is not rounded by saving the form). */
static void
products_read_reminders (LoketAdminProducts *self, JsonObject *row)
{
  int hours = gtk_spin_button_get_value_as_int (self->email_spin);
  int email = hours * 60;

  if (self->email_minutes > 0 && hours == products_hours (self->email_minutes))
    email = self->email_minutes;
  json_object_set_int_member (row, "remind_email_minutes",
                              gtk_switch_get_active (self->email_switch) ? email : 0);
  json_object_set_int_member (row, "remind_sms_minutes",
                              gtk_switch_get_active (self->sms_switch)
                              ? gtk_spin_button_get_value_as_int (self->sms_spin) : 0);
}

static JsonObject *
products_read_product (LoketAdminProducts *self, GError **error)
{
  g_autofree char *name = products_text (self->name_row);
  g_autofree char *description = products_text (self->description_row);
  guint group = adw_combo_row_get_selected (ADW_COMBO_ROW (self->group_row));
  guint case_type = adw_combo_row_get_selected (ADW_COMBO_ROW (self->case_type_row));
  JsonObject *row;

  if (*name == '\0' || group >= self->group_ids->len)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           *name == '\0' ? _("Give the product a name.")
                                         : _("Choose the product group of the product."));
      return NULL;
    }
  row = json_object_new ();
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "group_id", self->group_ids->pdata[group]);
  json_object_set_string_member (row, "description", description);
  json_object_set_int_member (row, "norm_minutes", gtk_spin_button_get_value_as_int (
                                                     self->norm_spin));
  json_object_set_int_member (row, "max_per_booking", gtk_spin_button_get_value_as_int (
                                                        self->max_spin));
  json_object_set_int_member (row, "asks_reason", gtk_switch_get_active (self->reason_switch));
  json_object_set_int_member (row, "public", gtk_switch_get_active (self->public_switch));
  json_object_set_int_member (row, "handling_level",
                              adw_combo_row_get_selected (ADW_COMBO_ROW (self->level_row)) + 1);
  json_object_set_int_member (row, "line",
                              adw_combo_row_get_selected (ADW_COMBO_ROW (self->line_row)) + 1);
  products_read_reminders (self, row);
  if (case_type < self->case_type_ids->len && self->case_type_ids->pdata[case_type] != NULL)
    json_object_set_string_member (row, "case_type_id", self->case_type_ids->pdata[case_type]);
  else
    json_object_set_null_member (row, "case_type_id");
  return row;
}

static void
products_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminProducts *self = LOKET_ADMIN_PRODUCTS (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = self->open_group ? products_read_group (self, &error)
                                               : products_read_product (self, &error);
  g_autofree char *id = NULL;

  if (row != NULL && self->open_id != NULL)
    json_object_set_string_member (row, "id", self->open_id);
  if (row != NULL)
    id = loket_replica_save_config (self->replica,
                                    self->open_group ? "product_groups" : "products", row,
                                    &error);
  if (id == NULL)
    {
      loket_admin_pane_show_error (&self->pane, error->message);
      return;
    }
  g_free (self->open_id);
  self->open_id = g_steal_pointer (&id);
  self->dirty = FALSE;
  products_refresh (self);
  loket_admin_toast (widget, self->open_group ? _("Product group saved") : _("Product saved"));
}

static void
products_new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminProducts *self = LOKET_ADMIN_PRODUCTS (widget);
  g_autoptr(LoketRecord) open = loket_admin_find_record (G_LIST_MODEL (self->store),
                                                         self->open_id);
  g_autofree char *group_id = NULL;
  gboolean group = g_str_equal (action_name, "products.new-group");

  if (open != NULL)
    group_id = g_strdup (products_is_group (open) ? loket_record_get_id (open)
                                                  : loket_record_get_string (open, "group_id"));
  products_open (self, NULL, group, group_id);
  loket_admin_pane_reveal (&self->pane, group ? self->group_name_row : self->name_row);
}

static void
products_on_replica_changed (LoketAdminProducts *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "products")
      || g_str_equal (entity, "product_groups") || g_str_equal (entity, "case_types"))
    products_refresh (self);
}

static GtkWidget *
products_group_new (const char *title, GtkWidget **rows, guint n_rows)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  for (guint i = 0; i < n_rows; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rows[i]);
  return group;
}

static void
products_build_forms (LoketAdminProducts *self)
{
  const char *none[] = { NULL };
  GtkWidget *group_rows[] = {
    self->group_name_row = loket_admin_entry_row_new (_("_Name"), "group-name"),
    self->werkveld_row = loket_admin_entry_row_new (_("_Werkveld"), "group-werkveld"),
  };
  GtkWidget *product_rows[] = {
    self->name_row = loket_admin_entry_row_new (_("_Name"), "product-name"),
    self->group_row = loket_admin_combo_row_new (_("Product _Group"), "product-group", none),
    self->description_row = loket_admin_entry_row_new (_("_Description"), "product-description"),
  };
  GtkWidget *booking_rows[] = {
    loket_admin_spin_row_new (_("Norm _Time"), _("Minutes the desk needs for one"),
                              "product-norm", 1, 8 * 60, &self->norm_spin),
    loket_admin_spin_row_new (_("_Most per Booking"),
                              _("How many of it one visit may hold (a family’s passports)"),
                              "product-max", 1, 20, &self->max_spin),
    loket_admin_switch_row_new (_("Asks for a _Reason"),
                                _("Booking it asks why the customer comes"),
                                "product-asks-reason", &self->reason_switch),
    loket_admin_switch_row_new (_("_Public"), _("Citizens can book it on the website"),
                                "product-public", &self->public_switch),
  };
  GtkWidget *handling_rows[] = {
    self->level_row = loket_admin_combo_row_new (_("Handling _Level"), "product-level",
                                                 products_levels),
    self->line_row = loket_admin_combo_row_new (_("_Line"), "product-line", products_lines),
    self->case_type_row = loket_admin_combo_row_new (_("_Case Type"), "product-case-type", none),
  };
  GtkWidget *reminder_rows[] = {
    loket_admin_switch_row_new (_("_E-mail Reminder"),
                                _("An e-mail to the customer before the appointment"),
                                "product-remind-email", &self->email_switch),
    self->email_hours_row =
      loket_admin_spin_row_new (_("_Hours Before"), _("When the e-mail goes (24: the day before)"),
                                "product-remind-email-hours", 1, 7 * 24, &self->email_spin),
    loket_admin_switch_row_new (_("SMS Rem_inder"),
                                _("A text message to the customer’s mobile phone"),
                                "product-remind-sms", &self->sms_switch),
    self->sms_minutes_row =
      loket_admin_spin_row_new (_("Minutes Be_fore"), _("When the text message goes"),
                                "product-remind-sms-minutes", 1, 24 * 60, &self->sms_spin),
  };
  GtkWidget *watched[] = { self->group_name_row, self->werkveld_row, self->name_row,
                           self->group_row, self->description_row, GTK_WIDGET (self->norm_spin),
                           GTK_WIDGET (self->max_spin), GTK_WIDGET (self->reason_switch),
                           GTK_WIDGET (self->public_switch), self->level_row, self->line_row,
                           self->case_type_row, GTK_WIDGET (self->email_switch),
                           GTK_WIDGET (self->email_spin), GTK_WIDGET (self->sms_switch),
                           GTK_WIDGET (self->sms_spin) };

  self->group_form = products_group_new (_("Product Group"), group_rows,
                                         G_N_ELEMENTS (group_rows));
  self->product_forms[0] = products_group_new (_("Product"), product_rows,
                                               G_N_ELEMENTS (product_rows));
  self->product_forms[1] = products_group_new (_("Booking"), booking_rows,
                                               G_N_ELEMENTS (booking_rows));
  self->product_forms[2] = products_group_new (_("Handling"), handling_rows,
                                               G_N_ELEMENTS (handling_rows));
  self->product_forms[3] = products_group_new (_("Reminders"), reminder_rows,
                                               G_N_ELEMENTS (reminder_rows));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->product_forms[3]),
                                         _("What the server sends the customer before an "
                                           "appointment. A change applies to appointments "
                                           "booked or moved from then on."));
  /* A time only matters for a reminder that is sent. */
  g_object_bind_property (self->email_switch, "active", self->email_hours_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sms_switch, "active", self->sms_minutes_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (self->pane.form, self->group_form);
  for (guint i = 0; i < G_N_ELEMENTS (self->product_forms); i++)
    gtk_box_append (self->pane.form, self->product_forms[i]);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    loket_admin_watch (watched[i], G_CALLBACK (products_on_edited), self);
}

/* A second button beside New: a new product group. */
static void
products_add_group_button (LoketAdminProducts *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("folder-new-symbolic");
  const char *text = _("New Product Group (Shift+Ctrl+N)");

  gtk_widget_set_name (button, "products-new-group");
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "products.new-group");
  gtk_widget_set_tooltip_text (button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Shift+Control+N", -1);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->pane.new_button)), button,
                              gtk_widget_get_prev_sibling (self->pane.new_button));
  g_object_bind_property (self->pane.new_button, "visible", button, "visible",
                          G_BINDING_SYNC_CREATE);
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_products_dispose (GObject *object)
{
  LoketAdminProducts *self = LOKET_ADMIN_PRODUCTS (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (loket_admin_products_parent_class)->dispose (object);
}

static void
loket_admin_products_finalize (GObject *object)
{
  LoketAdminProducts *self = LOKET_ADMIN_PRODUCTS (object);

  g_free (self->open_id);
  g_ptr_array_unref (self->group_ids);
  g_ptr_array_unref (self->case_type_ids);
  G_OBJECT_CLASS (loket_admin_products_parent_class)->finalize (object);
}

static void
loket_admin_products_class_init (LoketAdminProductsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_products_dispose;
  object_class->finalize = loket_admin_products_finalize;
  gtk_widget_class_install_action (widget_class, "products.new", NULL, products_new_action);
  gtk_widget_class_install_action (widget_class, "products.new-group", NULL,
                                   products_new_action);
  gtk_widget_class_install_action (widget_class, "products.save", NULL, products_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "products.new",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "products.new-group",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "products.save", NULL);
}

static void
loket_admin_products_init (LoketAdminProducts *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  self->case_type_ids = g_ptr_array_new_with_free_func (g_free);
  loket_admin_pane_build (&self->pane, "products", _("Products"), _("New Product (Ctrl+N)"));
  products_add_group_button (self);
  products_build_forms (self);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->pane.leaflet));
  gtk_list_box_bind_model (self->pane.list, G_LIST_MODEL (self->store), products_create_row,
                           NULL, NULL);
  g_signal_connect_swapped (self->pane.list, "row-activated",
                            G_CALLBACK (products_on_row_activated), self);
}

GtkWidget *
loket_admin_products_new (LoketReplica *replica)
{
  LoketAdminProducts *self;
  g_autoptr(LoketRecord) first = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_PRODUCTS, NULL);
  self->replica = g_object_ref (replica);
  products_refresh (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  products_open (self, first, first == NULL || products_is_group (first), NULL);
  g_signal_connect_object (replica, "changed", G_CALLBACK (products_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_products_set_editable (LoketAdminProducts *self, gboolean editable)
{
  static const char *const actions[] = { "products.new", "products.new-group", "products.save" };

  g_return_if_fail (LOKET_IS_ADMIN_PRODUCTS (self));

  loket_admin_pane_set_editable (&self->pane, editable);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], editable);
  if (!editable && self->open_id == NULL)
    loket_admin_pane_open_first (&self->pane);
}
