/* loket-booking-visit.c — the booking dialog's what and where: the products and the location.
 *
 * Part of LoketBookingDialog (see loket-booking-dialog-private.h).  Each choice narrows the
 * next: the products decide which locations can handle the visit (with the facilities asked
 * for), the location and products decide the free days and times (loket-booking-times.c).  A
 * change upstream keeps what is downstream when it is still possible and forgets it otherwise,
 * so going back to add a second passport does not lose the customer or the day.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-booking-dialog-private.h"
#include "loket-record.h"
#include "loket-time.h"

static const char *
product_id_at (LoketBookingDialog *self, guint i)
{
  return loket_record_get_id (g_ptr_array_index (self->visit_products, i));
}

LoketVisitItem *
loket_booking_visit_items (LoketBookingDialog *self, guint *n_items)
{
  LoketVisitItem *items = g_new0 (LoketVisitItem, MAX (self->visit_products->len, 1));

  for (guint i = 0; i < self->visit_products->len; i++)
    {
      items[i].product_id = product_id_at (self, i);
      items[i].count = g_array_index (self->visit_counts, guint, i);
    }
  *n_items = self->visit_products->len;
  return items;
}

const char **
loket_booking_visit_facilities (LoketBookingDialog *self)
{
  const char **names = g_new0 (const char *, 4);
  guint n = 0;

  if (gtk_check_button_get_active (self->wheelchair_check))
    names[n++] = LOKET_FACILITY_WHEELCHAIR;
  if (gtk_check_button_get_active (self->video_check))
    names[n++] = LOKET_FACILITY_VIDEO;
  if (gtk_check_button_get_active (self->hearing_check))
    names[n++] = LOKET_FACILITY_HEARING;
  return names;
}

gboolean
loket_booking_visit_asks_reason (LoketBookingDialog *self)
{
  for (guint i = 0; i < self->visit_products->len; i++)
    if (loket_record_get_int (g_ptr_array_index (self->visit_products, i), "asks_reason") != 0)
      return TRUE;
  return FALSE;
}

const char *
loket_booking_visit_case_type (LoketBookingDialog *self)
{
  const char *type;

  if (self->visit_products->len == 0)
    return NULL;
  type = loket_record_get_string (g_ptr_array_index (self->visit_products, 0), "case_type_id");
  return *type != '\0' ? type : NULL;
}

char *
loket_booking_visit_describe (LoketBookingDialog *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (self->visit_products->len == 0)
    return NULL;
  for (guint i = 0; i < self->visit_products->len; i++)
    {
      const char *name = loket_record_get_string (g_ptr_array_index (self->visit_products, i),
                                                  "name");
      guint count = g_array_index (self->visit_counts, guint, i);

      g_ptr_array_add (parts, count > 1 ? g_strdup_printf (_("%d × %s"), (int) count, name)
                                        : g_strdup (name));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Products ---------------------------------------------------------------------------------- */

static GtkWidget *
product_row_new (LoketRecord *product)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (product, "name"), -1);
  gint64 max = loket_record_get_int (product, "max_per_booking");
  g_autofree char *facts = max > 1
    /* Translators: a product in the booking dialog, e.g. "Burgerzaken · 10 min · up to 5" */
    ? g_strdup_printf (_("%s · %d min · up to %d"), loket_record_get_string (product, "group_name"),
                       (int) loket_record_get_int (product, "norm_minutes"), (int) max)
    /* Translators: a product in the booking dialog, e.g. "Burgerzaken · 10 min" */
    : g_strdup_printf (_("%s · %d min"), loket_record_get_string (product, "group_name"),
                       (int) loket_record_get_int (product, "norm_minutes"));
  g_autofree char *subtitle = g_markup_escape_text (facts, -1);
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "product", g_object_ref (product), g_object_unref);
  return row;
}

static gboolean
product_matches (LoketRecord *product, const char *folded_query)
{
  g_autofree char *name = g_utf8_casefold (loket_record_get_string (product, "name"), -1);
  g_autofree char *group = g_utf8_casefold (loket_record_get_string (product, "group_name"), -1);

  return strstr (name, folded_query) != NULL || strstr (group, folded_query) != NULL;
}

static void
on_product_search_changed (LoketBookingDialog *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->product_search))));
  g_autofree char *folded = g_utf8_casefold (query, -1);
  guint n = g_list_model_get_n_items (self->all_products);
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->product_results))) != NULL)
    gtk_list_box_remove (self->product_results, row);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (self->all_products, i);

      if (product_matches (product, folded))
        gtk_list_box_append (self->product_results, product_row_new (product));
    }
}

static void
on_product_row_activated (LoketBookingDialog *self, GtkListBoxRow *row)
{
  loket_booking_visit_add_product (self, g_object_get_data (G_OBJECT (row), "product"), 1);
  gtk_editable_set_text (GTK_EDITABLE (self->product_search), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->product_search));
}

/* Enter adds the first product found; in an empty search it goes on to the location. */
static void
on_product_search_activate (LoketBookingDialog *self)
{
  GtkListBoxRow *first;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->product_search)) == '\0')
    {
      loket_booking_dialog_next (self);
      return;
    }
  /* The search waits a moment after each key; a fast typist's Enter must not take the first
   * product of what was typed before. */
  on_product_search_changed (self);
  first = gtk_list_box_get_row_at_index (self->product_results, 0);
  if (first != NULL)
    on_product_row_activated (self, first);
}

static void
on_product_search_stop (LoketBookingDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->product_search)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->product_search), "");
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "booking.escape", NULL);
}

static void
update_visit_label (LoketBookingDialog *self)
{
  g_autofree char *text = loket_booking_visit_describe_time (self);

  gtk_label_set_text (self->visit_label, text != NULL ? text : "");
}

static guint
visit_index (LoketBookingDialog *self, GtkWidget *child)
{
  LoketRecord *product = g_object_get_data (G_OBJECT (child), "product");
  guint index = 0;

  g_ptr_array_find (self->visit_products, product, &index);
  return index;
}

static void
on_count_changed (GtkSpinButton *spin, LoketBookingDialog *self)
{
  guint index = visit_index (self, GTK_WIDGET (spin));

  g_array_index (self->visit_counts, guint, index) = (guint) gtk_spin_button_get_value_as_int (spin);
  update_visit_label (self);
  loket_booking_visit_refresh (self);
}

static void rebuild_visit_list (LoketBookingDialog *self);

static void
on_remove_clicked (GtkButton *button, LoketBookingDialog *self)
{
  guint index = visit_index (self, GTK_WIDGET (button));

  g_ptr_array_remove_index (self->visit_products, index);
  g_array_remove_index (self->visit_counts, index);
  rebuild_visit_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_search));
  loket_booking_visit_refresh (self);
}

static GtkWidget *
visit_row_new (LoketBookingDialog *self, guint index)
{
  LoketRecord *product = g_ptr_array_index (self->visit_products, index);
  const char *name = loket_record_get_string (product, "name");
  gint64 max = MAX (loket_record_get_int (product, "max_per_booking"), 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, (double) max, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *title = g_markup_escape_text (name, -1);
  /* Translators: how long one of a product takes, e.g. "10 min each, at most 5" */
  g_autofree char *subtitle = g_strdup_printf (_("%d min each, at most %d"),
                                               (int) loket_record_get_int (product, "norm_minutes"),
                                               (int) max);
  /* Translators: accessible label of a product's count, e.g. "Number of Paspoort" */
  g_autofree char *count_label = g_strdup_printf (_("Number of %s"), name);
  /* Translators: accessible label of a button, e.g. "Remove Paspoort" */
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (spin, "visit-count");
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), g_array_index (self->visit_counts, guint, index));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, count_label, -1);
  g_object_set_data (G_OBJECT (spin), "product", product);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_count_changed), self);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "product", product);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
rebuild_visit_list (LoketBookingDialog *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->visit_list))) != NULL)
    gtk_list_box_remove (self->visit_list, row);
  for (guint i = 0; i < self->visit_products->len; i++)
    gtk_list_box_append (self->visit_list, visit_row_new (self, i));
  update_visit_label (self);
}

void
loket_booking_visit_add_product (LoketBookingDialog *self, LoketRecord *product, guint count)
{
  guint max = (guint) MAX (loket_record_get_int (product, "max_per_booking"), 1);
  guint index;

  for (index = 0; index < self->visit_products->len; index++)
    if (g_str_equal (product_id_at (self, index), loket_record_get_id (product)))
      break;
  if (index == self->visit_products->len)
    {
      guint zero = 0;

      g_ptr_array_add (self->visit_products, g_object_ref (product));
      g_array_append_val (self->visit_counts, zero);
    }
  /* Never more than the product allows in one visit. */
  g_array_index (self->visit_counts, guint, index) =
    MIN (g_array_index (self->visit_counts, guint, index) + MAX (count, 1), max);
  rebuild_visit_list (self);
  loket_booking_visit_refresh (self);
}

char *
loket_booking_visit_describe_time (LoketBookingDialog *self)
{
  g_autofree LoketVisitItem *items = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  int minutes;

  if (self->visit_products->len == 0)
    return NULL;
  items = loket_booking_visit_items (self, &n);
  minutes = loket_replica_visit_minutes (self->replica, items, n, &error);
  if (minutes <= 0)
    return g_strdup (error != NULL ? error->message : "");
  return g_strdup_printf (g_dngettext (NULL, "Takes %d minute", "Takes %d minutes",
                                       (gulong) minutes), minutes);
}

/* Location ---------------------------------------------------------------------------------- */

static GtkWidget *
location_row_new (LoketBookingDialog *self, LoketRecord *location)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (location, "name"), -1);
  g_autofree char *subtitle = g_markup_escape_text (loket_record_get_string (location, "address"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_strcmp0 (loket_record_get_id (location), self->own_location_id) == 0)
    {
      GtkWidget *tag = gtk_label_new (_("Your location"));

      gtk_widget_add_css_class (tag, "tag");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "location", g_object_ref (location), g_object_unref);
  return row;
}

const char *
loket_booking_visit_location_name (LoketBookingDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->location_list);

  return row != NULL ? loket_record_get_string (g_object_get_data (G_OBJECT (row), "location"),
                                                "name") : NULL;
}

static void
choose_location (LoketBookingDialog *self, const char *id)
{
  if (g_strcmp0 (id, self->location_id) == 0)
    return;
  g_free (self->location_id);
  self->location_id = g_strdup (id);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = loket_replica_get_timezone (self->replica,
                                         id != NULL ? id : self->own_location_id);
}

/* The chosen location stays when it can still handle the visit; else the desk's own, or the
 * only one there is. */
static void
refresh_locations (LoketBookingDialog *self)
{
  g_autofree LoketVisitItem *items = NULL;
  g_autofree const char **facilities = loket_booking_visit_facilities (self);
  g_autoptr(GListModel) locations = NULL;
  GtkListBoxRow *keep = NULL, *own = NULL;
  GtkWidget *row;
  guint n_items, n;

  items = loket_booking_visit_items (self, &n_items);
  locations = n_items > 0
    ? loket_replica_list_locations_for_visit (self->replica, items, n_items, facilities)
    : G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
  n = g_list_model_get_n_items (locations);
  g_signal_handlers_block_matched (self->location_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->location_list))) != NULL)
    gtk_list_box_remove (self->location_list, row);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, i);
      const char *id = loket_record_get_id (location);

      row = location_row_new (self, location);
      gtk_list_box_append (self->location_list, row);
      if (g_strcmp0 (id, self->location_id) == 0)
        keep = GTK_LIST_BOX_ROW (row);
      if (g_strcmp0 (id, self->own_location_id) == 0)
        own = GTK_LIST_BOX_ROW (row);
    }
  if (keep == NULL)
    keep = own != NULL ? own : n == 1 ? gtk_list_box_get_row_at_index (self->location_list, 0) : NULL;
  if (keep != NULL)
    gtk_list_box_select_row (self->location_list, keep);
  g_signal_handlers_unblock_matched (self->location_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  choose_location (self, keep != NULL ? loket_record_get_id (g_object_get_data (G_OBJECT (keep), "location"))
                                      : NULL);
  gtk_widget_set_visible (self->no_locations_label, n_items > 0 && n == 0);
}

static void
on_location_selected (LoketBookingDialog *self, GtkListBoxRow *row)
{
  choose_location (self, row != NULL ? loket_record_get_id (g_object_get_data (G_OBJECT (row), "location"))
                                     : NULL);
  loket_booking_times_refresh (self);
  loket_booking_dialog_changed (self);
}

static void
on_location_activated (LoketBookingDialog *self, GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->location_list, row);
  loket_booking_dialog_next (self);
}

static void
on_facility_toggled (LoketBookingDialog *self)
{
  loket_booking_visit_refresh (self);
}

/* Wiring ------------------------------------------------------------------------------------ */

void
loket_booking_visit_refresh (LoketBookingDialog *self)
{
  refresh_locations (self);
  loket_booking_times_refresh (self);
  loket_booking_dialog_changed (self);
}

void
loket_booking_visit_focus (LoketBookingDialog *self, BookingStep step)
{
  GtkWidget *child = NULL;

  switch (step)
    {
    case STEP_PRODUCTS:
      gtk_widget_grab_focus (GTK_WIDGET (self->product_search));
      break;
    case STEP_LOCATION:
      child = GTK_WIDGET (gtk_list_box_get_selected_row (self->location_list));
      if (child == NULL)
        child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->location_list, 0));
      gtk_widget_grab_focus (child != NULL ? child : GTK_WIDGET (self->wheelchair_check));
      break;
    case STEP_DAY:
    case STEP_TIME:
      loket_booking_times_focus (self, step);
      break;
    default:
      break;
    }
}

void
loket_booking_visit_init (LoketBookingDialog *self)
{
  GtkWidget *placeholder = gtk_label_new (_("Nothing chosen yet: search a product above and "
                                            "press Enter to add it."));

  self->visit_products = g_ptr_array_new_with_free_func (g_object_unref);
  self->visit_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->visit_list, placeholder);
  self->all_products = loket_replica_list_products (self->replica, NULL);
  on_product_search_changed (self);
}

void
loket_booking_visit_dispose (LoketBookingDialog *self)
{
  if (self->visit_list != NULL)
    {
      GtkWidget *row;

      while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->visit_list))) != NULL)
        gtk_list_box_remove (self->visit_list, row);
    }
  if (self->location_list != NULL)
    g_signal_handlers_disconnect_by_data (self->location_list, self);
  g_clear_pointer (&self->visit_products, g_ptr_array_unref);
  g_clear_pointer (&self->visit_counts, g_array_unref);
  g_clear_object (&self->all_products);
}

void
loket_booking_visit_bind (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_product_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_product_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_product_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_product_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_location_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_location_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_facility_toggled);
}
