/* loket-admin-form.c — what the sections of the Beheer page share.
 *
 * Every section has the same shape (a list of records beside the open record's form), so a
 * functional administrator learns it once: Ctrl+N starts a new record, Enter on a row opens it,
 * Ctrl+S saves, and a refusal appears as a sentence above the form while what was typed stays.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-form.h"
#include "loket-admin-words.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"

/* ---- the list/detail frame ------------------------------------------------------------------- */

static void
form_on_folded (AdwLeaflet *leaflet, GParamSpec *pspec, LoketAdminPane *pane)
{
  gtk_widget_set_visible (pane->back_button, adw_leaflet_get_folded (leaflet));
}

static void
form_on_back (GtkButton *button, LoketAdminPane *pane)
{
  adw_leaflet_navigate (pane->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_child_focus (GTK_WIDGET (pane->list), GTK_DIR_TAB_FORWARD);
}

static char *
form_widget_name (const char *prefix, const char *part)
{
  return g_strconcat (prefix, "-", part, NULL);
}

static GtkWidget *
form_build_sidebar (LoketAdminPane *pane, const char *prefix, const char *list_title,
               const char *new_tooltip)
{
  GtkWidget *sidebar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (list_title);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autofree char *list_name = form_widget_name (prefix, "list");
  g_autofree char *new_name = form_widget_name (prefix, "new");
  g_autofree char *new_action = g_strconcat (prefix, ".new", NULL);

  gtk_widget_set_size_request (sidebar, 260, -1);
  /* The heading's hexpand must not make the whole sidebar take half the width. */
  gtk_widget_set_hexpand (sidebar, FALSE);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (bar), title);

  pane->new_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_name (pane->new_button, new_name);
  gtk_widget_add_css_class (pane->new_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (pane->new_button), new_action);
  gtk_widget_set_tooltip_text (pane->new_button, new_tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane->new_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, new_tooltip,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Control+N", -1);
  gtk_box_append (GTK_BOX (bar), pane->new_button);
  gtk_box_append (GTK_BOX (sidebar), bar);

  pane->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (pane->list), list_name);
  gtk_widget_add_css_class (GTK_WIDGET (pane->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  list_title, -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (pane->list));
  gtk_box_append (GTK_BOX (sidebar), scroller);
  return sidebar;
}

static GtkWidget *
form_build_top (LoketAdminPane *pane, const char *prefix)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *heading_name = form_widget_name (prefix, "heading");
  g_autofree char *save_name = form_widget_name (prefix, "save");
  g_autofree char *save_action = g_strconcat (prefix, ".save", NULL);

  pane->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_visible (pane->back_button, FALSE);
  gtk_widget_set_valign (pane->back_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (pane->back_button, _("Back to the List"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to the list"), -1);
  g_signal_connect (pane->back_button, "clicked", G_CALLBACK (form_on_back), pane);
  gtk_box_append (GTK_BOX (top), pane->back_button);

  pane->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (pane->heading), heading_name);
  gtk_label_set_xalign (pane->heading, 0);
  gtk_label_set_wrap (pane->heading, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (pane->heading), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (pane->heading), "title-2");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (pane->heading));

  pane->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (pane->save_button, save_name);
  gtk_widget_set_valign (pane->save_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pane->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (pane->save_button), save_action);
  gtk_widget_set_tooltip_text (pane->save_button, _("Save the Changes (Ctrl+S)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane->save_button),
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Control+S", -1);
  gtk_box_append (GTK_BOX (top), pane->save_button);
  return top;
}

static GtkWidget *
form_build_detail (LoketAdminPane *pane, const char *prefix)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autofree char *error_name = form_widget_name (prefix, "error");

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_box_append (GTK_BOX (box), form_build_top (pane, prefix));

  pane->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (pane->error), error_name);
  gtk_label_set_wrap (pane->error, TRUE);
  gtk_label_set_xalign (pane->error, 0);
  gtk_label_set_selectable (pane->error, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (pane->error), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (pane->error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (pane->error), "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (pane->error), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problem"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pane->error));

  pane->form = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pane->form));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  return scroller;
}

void
loket_admin_pane_build (LoketAdminPane *pane, const char *prefix, const char *list_title,
                        const char *new_tooltip)
{
  AdwLeafletPage *separator;

  pane->leaflet = ADW_LEAFLET (adw_leaflet_new ());
  adw_leaflet_set_can_navigate_back (pane->leaflet, FALSE);
  adw_leaflet_append (pane->leaflet, form_build_sidebar (pane, prefix, list_title, new_tooltip));
  separator = adw_leaflet_append (pane->leaflet, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_leaflet_page_set_navigatable (separator, FALSE);
  pane->detail_page = form_build_detail (pane, prefix);
  adw_leaflet_append (pane->leaflet, pane->detail_page);
  g_signal_connect (pane->leaflet, "notify::folded", G_CALLBACK (form_on_folded), pane);
}

void
loket_admin_pane_set_heading (LoketAdminPane *pane, const char *heading)
{
  gtk_label_set_text (pane->heading, heading);
}

void
loket_admin_pane_reveal (LoketAdminPane *pane, GtkWidget *first)
{
  adw_leaflet_set_visible_child (pane->leaflet, pane->detail_page);
  /* Read-only, the first field takes no focus: the form's first thing that does. */
  if (!gtk_widget_grab_focus (first))
    gtk_widget_child_focus (pane->detail_page, GTK_DIR_TAB_FORWARD);
}

void
loket_admin_pane_show_error (LoketAdminPane *pane, const char *message)
{
  gtk_label_set_text (pane->error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (pane->error), message != NULL);
}

void
loket_admin_pane_set_editable (LoketAdminPane *pane, gboolean editable)
{
  gtk_widget_set_visible (pane->new_button, editable);
  gtk_widget_set_visible (pane->save_button, editable);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (pane->form)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "loket-admin-always") == NULL)
      gtk_widget_set_sensitive (child, editable);
}

LoketRecord *
loket_admin_row_get_record (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "record");
}

/* The id of the record whose row has the keyboard focus in its window (also while a dialog
 * of that window is in front), "" for a row without one, NULL when the focus is elsewhere. */
static char *
form_focused_id (GtkListBox *list)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (list)))
    return NULL;
  row = GTK_IS_LIST_BOX_ROW (focus) ? focus
                                    : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  if (row == NULL || loket_admin_row_get_record (GTK_LIST_BOX_ROW (row)) == NULL)
    return g_strdup ("");
  return g_strdup (loket_record_get_id (loket_admin_row_get_record (GTK_LIST_BOX_ROW (row))));
}

static GtkListBoxRow *
form_find_row (GtkListBox *list, const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      LoketRecord *record;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      record = loket_admin_row_get_record (GTK_LIST_BOX_ROW (child));
      if (record != NULL && g_strcmp0 (loket_record_get_id (record), id) == 0)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

GtkListBoxRow *
loket_admin_pane_find_row (LoketAdminPane *pane, const char *id)
{
  return form_find_row (pane->list, id);
}

void
loket_admin_pane_select (LoketAdminPane *pane, const char *id)
{
  GtkListBoxRow *row = id != NULL ? loket_admin_pane_find_row (pane, id) : NULL;

  if (row != NULL)
    gtk_list_box_select_row (pane->list, row);
  else
    gtk_list_box_unselect_all (pane->list);
}

/* Opens the list's first record, as activating its row would: a reader who may not change
 * anything starts on something to read, not on an empty form for a new one. */
void
loket_admin_pane_open_first (LoketAdminPane *pane)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (pane->list, 0);

  if (first != NULL)
    g_signal_emit_by_name (pane->list, "row-activated", first);
}

void
loket_admin_list_update (GtkListBox *list, GListStore *store, GListModel *fresh)
{
  g_autofree char *focused = form_focused_id (list);
  GtkListBoxRow *row;

  loket_record_store_update (store, fresh);
  if (focused == NULL)
    return;
  row = form_find_row (list, focused);
  if (row == NULL)
    row = gtk_list_box_get_selected_row (list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (list, 0);
  if (row != NULL && !gtk_widget_has_focus (GTK_WIDGET (row)))
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

void
loket_admin_pane_update (LoketAdminPane *pane, GListStore *store, GListModel *fresh,
                         const char *open_id)
{
  loket_admin_list_update (pane->list, store, fresh);
  loket_admin_pane_select (pane, open_id);
  if (open_id == NULL && !gtk_widget_get_visible (pane->save_button))
    loket_admin_pane_open_first (pane);
}

LoketRecord *
loket_admin_find_record (GListModel *model, const char *id)
{
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (record), id))
        return g_steal_pointer (&record);
    }
  return NULL;
}

GtkWidget *
loket_admin_record_row_new (LoketRecord *record, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "record", g_object_ref (record), g_object_unref);
  return row;
}

GtkWidget *
loket_admin_list_header_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

/* ---- form rows ------------------------------------------------------------------------------- */

/* "Norm _Time" → "Norm Time", for what a screen reader says. */
static char *
form_without_mnemonic (const char *title)
{
  GString *text = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_' || p[1] == '_')
      g_string_append_c (text, *p == '_' ? *++p : *p);
  return g_string_free (text, FALSE);
}

GtkWidget *
loket_admin_entry_row_new (const char *title, const char *name)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *plain = form_without_mnemonic (title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  return row;
}

/* labels: untranslated (N_), shown translated. */
GtkWidget *
loket_admin_combo_row_new (const char *title, const char *name, const char *const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *plain = form_without_mnemonic (title);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (model, _(labels[i]));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  return row;
}

guint
loket_admin_position (GPtrArray *ids, const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (ids->pdata[i], id) == 0)
      return i;
  return 0;
}

void
loket_admin_combo_row_set_records (GtkWidget *row, GPtrArray *ids, GListModel *records,
                                   const char *none)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  g_autofree char *chosen = selected < ids->len ? g_strdup (ids->pdata[selected]) : NULL;

  g_ptr_array_set_size (ids, 0);
  if (none != NULL)
    {
      gtk_string_list_append (names, none);
      g_ptr_array_add (ids, NULL);
    }
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);

      gtk_string_list_append (names, loket_record_get_string (record, "name"));
      g_ptr_array_add (ids, g_strdup (loket_record_get_id (record)));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), loket_admin_position (ids, chosen));
}

static GtkWidget *
form_suffix_row_new (const char *title, const char *subtitle, GtkWidget *control)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *plain = form_without_mnemonic (title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                  subtitle != NULL ? GTK_ACCESSIBLE_PROPERTY_DESCRIPTION : -1,
                                  subtitle, -1);
  return row;
}

GtkWidget *
loket_admin_spin_row_new (const char *title, const char *subtitle, const char *name, int min,
                          int max, GtkSpinButton **spin)
{
  GtkWidget *button = gtk_spin_button_new_with_range (min, max, 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (button), TRUE);
  gtk_widget_set_name (button, name);
  *spin = GTK_SPIN_BUTTON (button);
  return form_suffix_row_new (title, subtitle, button);
}

GtkWidget *
loket_admin_switch_row_new (const char *title, const char *subtitle, const char *name,
                            GtkSwitch **toggle)
{
  GtkWidget *button = gtk_switch_new ();

  gtk_widget_set_name (button, name);
  *toggle = GTK_SWITCH (button);
  return form_suffix_row_new (title, subtitle, button);
}

GtkWidget *
loket_admin_days_row_new (const char *title, const char *prefix, GtkToggleButton *days[7])
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < 7; i++)
    {
      GtkWidget *day = gtk_toggle_button_new_with_label (loket_admin_weekday (i, FALSE));
      g_autofree char *name = g_strdup_printf ("%s-day-%u", prefix, i);
      /* Translators: what a screen reader says for a weekday toggle, "Opening days: Monday" */
      g_autofree char *a11y = g_strdup_printf (_("%s: %s"), title, loket_admin_weekday (i, TRUE));

      gtk_widget_set_name (day, name);
      gtk_widget_set_tooltip_text (day, loket_admin_weekday (i, TRUE));
      gtk_accessible_update_property (GTK_ACCESSIBLE (day), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      gtk_box_append (GTK_BOX (box), day);
      days[i] = GTK_TOGGLE_BUTTON (day);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

guint8
loket_admin_days_get (GtkToggleButton *days[7])
{
  guint8 bits = 0;

  for (guint i = 0; i < 7; i++)
    if (gtk_toggle_button_get_active (days[i]))
      bits |= (guint8) (1u << i);
  return bits;
}

void
loket_admin_days_set (GtkToggleButton *days[7], guint8 bits)
{
  for (guint i = 0; i < 7; i++)
    gtk_toggle_button_set_active (days[i], (bits & (1u << i)) != 0);
}

static const struct {
  const char *name;
  const char *label;
} form_facilities[LOKET_ADMIN_N_FACILITIES] = {
  { LOKET_FACILITY_WHEELCHAIR, N_("Wheelchair access") },
  { LOKET_FACILITY_VIDEO, N_("Video room") },
  { LOKET_FACILITY_HEARING, N_("Hearing loop") },
};

GtkWidget *
loket_admin_facilities_row_new (const char *prefix,
                                GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES])
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Facilities"));
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (_(form_facilities[i].label));
      g_autofree char *name = g_strdup_printf ("%s-%s", prefix, form_facilities[i].name);

      gtk_widget_set_name (check, name);
      gtk_box_append (GTK_BOX (box), check);
      checks[i] = GTK_CHECK_BUTTON (check);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

char *
loket_admin_facilities_set (GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES], const char *json)
{
  g_autoptr(JsonNode) node = json != NULL && *json != '\0' ? json_from_string (json, NULL) : NULL;
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                  : NULL;
  g_autoptr(GString) extra = g_string_new (NULL);

  for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
    gtk_check_button_set_active (checks[i], FALSE);
  for (guint j = 0; array != NULL && j < json_array_get_length (array); j++)
    {
      JsonNode *element = json_array_get_element (array, j);
      const char *name;
      gboolean known = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      name = json_node_get_string (element);
      for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
        if (g_str_equal (name, form_facilities[i].name))
          {
            gtk_check_button_set_active (checks[i], TRUE);
            known = TRUE;
          }
      if (!known)
        g_string_append_printf (extra, "%s%s", extra->len > 0 ? ", " : "", name);
    }
  return g_strdup (extra->str);
}

char *
loket_admin_facilities_get (GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES], const char *extra)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_auto(GStrv) parts = g_strsplit_set (extra != NULL ? extra : "", ",; ", -1);

  for (guint i = 0; i < LOKET_ADMIN_N_FACILITIES; i++)
    if (gtk_check_button_get_active (checks[i]))
      json_array_add_string_element (array, form_facilities[i].name);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_utf8_strdown (g_strstrip (parts[i]), -1);

      if (*part != '\0')
        json_array_add_string_element (array, part);
    }
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

void
loket_admin_watch (GtkWidget *widget, GCallback callback, gpointer data)
{
  const char *signal = NULL;

  if (ADW_IS_COMBO_ROW (widget))
    signal = "notify::selected";
  else if (GTK_IS_SPIN_BUTTON (widget))
    signal = "value-changed";
  else if (GTK_IS_EDITABLE (widget))
    signal = "changed";
  else if (GTK_IS_SWITCH (widget))
    signal = "notify::active";
  else if (GTK_IS_TOGGLE_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    signal = "toggled";
  g_assert (signal != NULL);
  g_signal_connect_swapped (widget, signal, callback, data);
}

void
loket_admin_toast (GtkWidget *widget, const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}
