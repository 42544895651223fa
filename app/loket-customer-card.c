/* loket-customer-card.c — the customer card (klantkaart), see loket-customer-card.h.
 *
 * Everything is read from the replica when the customer or the replica changes; the lists are
 * kept in GListStores updated in place (loket_record_store_update), so a sync that changed
 * nothing about this customer leaves the rows, their expansion and the focus alone.  A row's
 * detail is read only when the clerk opens it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "loket-customer-card.h"
#include "loket-customer-history.h"
#include "loket-customer-merge-dialog.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-customers.h"
#include "loket-representative-dialog.h"
#include "loket-rules.h"
#include "loket-time.h"

/* The newest rows the card lists; a customer with more has the rest in the Cases page and the
 * reports. */
#define TIMELINE_LIMIT 200
/* Digits of an identification number shown while it is masked. */
#define VISIBLE_DIGITS 3

struct _LoketCustomerCard
{
  AdwBin          parent_instance;

  LoketReplica   *replica;
  GTimeZone      *tz;
  char           *customer_id;
  LoketRecord    *customer;
  GListStore     *timeline;
  GListStore     *representatives;

  GtkStack       *stack;
  AdwStatusPage  *missing_page;
  GtkWidget      *merged_banner;
  GtkLabel       *merged_label;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *kind_label;
  GtkLabel       *identifier_label;
  GtkToggleButton *reveal_button;
  GtkWidget      *merge_button;
  GtkWidget      *contact_button;
  GtkWidget      *add_representative_button;
  AdwActionRow   *birth_row;
  AdwActionRow   *email_row;
  AdwActionRow   *phone_row;
  AdwActionRow   *postcode_row;
  AdwActionRow   *channel_row;
  AdwPreferencesGroup *representatives_group;
  GtkListBox     *representatives_list;
  GtkListBox     *timeline_list;
  GtkLabel       *timeline_more;
};

G_DEFINE_FINAL_TYPE (LoketCustomerCard, loket_customer_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Words ----------------------------------------------------------------------------------- */

static char *
date_words (LoketCustomerCard *self, const char *iso_date)
{
  int y, m, d;
  GDate date;

  if (sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso_date);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return loket_time_format_day (&date, self->tz);
}

char *
loket_customer_card_format_identifier (LoketRecord *customer, gboolean reveal)
{
  static const char *const columns[][2] = {
    /* Translators: BSN, rijksregisternummer and KvK are the Dutch and Flemish names of citizen
     * and company numbers */
    { "bsn", N_("BSN") }, { "rrn", N_("Rijksregisternummer") }, { "kvk", N_("KvK") },
  };

  g_return_val_if_fail (LOKET_IS_RECORD (customer), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *number = loket_record_get_string (customer, columns[i][0]);
      g_autoptr(GString) shown = NULL;
      glong length;

      if (*number == '\0')
        continue;
      length = g_utf8_strlen (number, -1);
      shown = g_string_new (NULL);
      for (glong c = 0; c < length - VISIBLE_DIGITS && !reveal; c++)
        g_string_append (shown, "•");
      g_string_append (shown, reveal || length <= VISIBLE_DIGITS
                              ? number
                              : g_utf8_offset_to_pointer (number, length - VISIBLE_DIGITS));
      return g_strdup_printf ("%s %s", _(columns[i][1]), shown->str);
    }
  return g_strdup ("");
}

/* ---- Actions of the window ------------------------------------------------------------------- */

/* Whether the window holds an action (installed on its class or added to it as a GAction). */
static gboolean
window_has_action (GtkWidget *widget, const char *name)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidgetClass *klass;
  const char *action_name, *property;
  const GVariantType *type;
  GType owner;

  if (root == NULL)
    return FALSE;
  if (G_IS_ACTION_MAP (root) && g_str_has_prefix (name, "win.")
      && g_action_map_lookup_action (G_ACTION_MAP (root), name + 4) != NULL)
    return TRUE;
  klass = GTK_WIDGET_GET_CLASS (root);
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action_name, &type,
                                                   &property); i++)
    if (g_str_equal (action_name, name))
      return TRUE;
  return FALSE;
}

static void
open_customer (LoketCustomerCard *self, const char *customer_id)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", customer_id))
    loket_customer_card_set_customer_id (self, customer_id);
}

/* ---- Lists ------------------------------------------------------------------------------------ */

static void
on_case_row_activated (AdwActionRow *row, LoketCustomerCard *self)
{
  LoketRecord *item = g_object_get_data (G_OBJECT (row), "item");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-case", "s",
                              loket_record_get_id (item));
}

/* A case opens in the Cases page when the window can show one; everything else opens in place. */
static GtkWidget *
create_timeline_row (gpointer item, gpointer user_data)
{
  LoketCustomerCard *self = user_data;
  gboolean opens_case = window_has_action (GTK_WIDGET (self), "win.show-case");
  GtkWidget *row = loket_customer_history_row_new (self->replica, self->tz, item, opens_case);

  if (opens_case && ADW_IS_ACTION_ROW (row))
    g_signal_connect (row, "activated", G_CALLBACK (on_case_row_activated), self);
  return row;
}

static GtkWidget *
create_representative_row (gpointer item, gpointer user_data)
{
  const char *role = loket_record_get_string (item, "role");
  gboolean organisation = g_str_equal (loket_record_get_string (item, "relation"), "organisation");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), loket_record_get_string (item, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               *role != '\0' ? role
                               : organisation ? _("Organisation") : _("Representative"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (organisation
                                                           ? "system-users-symbolic"
                                                           : "avatar-default-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, loket_record_get_string (item, "other_id"));
  return row;
}

static void
on_representative_activated (GtkListBox *list, GtkListBoxRow *row, LoketCustomerCard *self)
{
  open_customer (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* ---- Showing ----------------------------------------------------------------------------------- */

static void
set_row_value (AdwActionRow *row, const char *value)
{
  gboolean known = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, known ? value : _("Not known"));
  gtk_widget_set_sensitive (GTK_WIDGET (row), known);
}

static void
show_identifier (LoketCustomerCard *self)
{
  gboolean reveal = gtk_toggle_button_get_active (self->reveal_button);
  g_autofree char *text = loket_customer_card_format_identifier (self->customer, reveal);

  gtk_label_set_text (self->identifier_label, text);
  /* A screen reader would read the dots one by one. */
  if (!reveal && *text != '\0')
    {
      const char *digits = g_utf8_strrchr (text, -1, g_utf8_get_char ("•"));
      g_autofree char *spoken = g_strdup_printf (_("Identification number ending in %s"),
                                                 digits != NULL
                                                 ? g_utf8_next_char (digits) : text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->identifier_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->identifier_label),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_visible (GTK_WIDGET (self->identifier_label), *text != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), *text != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reveal ? _("Hide identification number")
                                         : _("Show identification number"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button),
                               reveal ? _("Hide identification number")
                                      : _("Show identification number"));
}

static void
show_header (LoketCustomerCard *self)
{
  LoketRecord *c = self->customer;
  gboolean organisation = g_str_equal (loket_record_get_string (c, "kind"), "organisation");
  g_autofree char *birth = date_words (self, loket_record_get_string (c, "birth_date"));
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(LoketRecord) notice = loket_replica_get_merge_notice (self->replica,
                                                                  self->customer_id);

  gtk_label_set_text (self->name_label, loket_record_get_string (c, "name"));
  adw_avatar_set_text (self->avatar, loket_record_get_string (c, "name"));
  adw_avatar_set_icon_name (self->avatar, organisation ? "system-users-symbolic"
                                                       : "avatar-default-symbolic");
  gtk_label_set_text (self->kind_label, organisation ? _("Organisation") : _("Person"));
  show_identifier (self);
  set_row_value (self->birth_row, birth);
  gtk_widget_set_visible (GTK_WIDGET (self->birth_row), !organisation);
  set_row_value (self->email_row, loket_record_get_string (c, "email"));
  set_row_value (self->phone_row, loket_record_get_string (c, "phone"));
  set_row_value (self->postcode_row, loket_record_get_string (c, "postcode"));
  set_row_value (self->channel_row,
                 loket_customer_channel_name (loket_record_get_string (c, "preferred_channel")));
  adw_preferences_group_set_title (self->representatives_group,
                                   organisation ? _("Representatives") : _("Acts For"));
  /* A person's representation is added from the organisation's card: one place for it. */
  gtk_widget_set_visible (self->add_representative_button, organisation);
  gtk_widget_set_visible (self->merge_button,
                          user != NULL && loket_rules_may_merge_customers (
                            loket_record_get_string (user, "role_id")));
  gtk_widget_set_visible (self->merged_banner, notice != NULL);
}

static void
refresh (LoketCustomerCard *self)
{
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GListModel) representatives = NULL;
  g_autoptr(GListModel) empty = G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));

  g_clear_object (&self->customer);
  if (self->customer_id != NULL)
    self->customer = loket_replica_get_customer (self->replica, self->customer_id);
  if (self->customer == NULL)
    {
      loket_record_store_update (self->timeline, empty);
      loket_record_store_update (self->representatives, empty);
      gtk_stack_set_visible_child_name (self->stack, self->customer_id != NULL ? "missing"
                                                                              : "none");
      return;
    }
  timeline = loket_replica_customer_timeline (self->replica, self->customer_id, TIMELINE_LIMIT);
  representatives = loket_replica_list_representatives (self->replica, self->customer_id);
  loket_record_store_update (self->timeline, timeline);
  loket_record_store_update (self->representatives, representatives);
  show_header (self);
  /* "None known" says something about an organisation; a person usually acts for nobody. */
  gtk_widget_set_visible (GTK_WIDGET (self->representatives_group),
                          g_list_model_get_n_items (representatives) > 0
                          || g_str_equal (loket_record_get_string (self->customer, "kind"),
                                          "organisation"));
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_more),
                          g_list_model_get_n_items (timeline) >= TIMELINE_LIMIT);
  gtk_stack_set_visible_child_name (self->stack, "card");
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketCustomerCard *self)
{
  refresh (self);
}

static void
on_reveal_toggled (GtkToggleButton *button, LoketCustomerCard *self)
{
  if (self->customer != NULL)
    show_identifier (self);
}

static void
on_merged (LoketCustomerMergeDialog *dialog, const char *survivor_id, LoketCustomerCard *self)
{
  open_customer (self, survivor_id);
}

static void
on_merge_clicked (GtkButton *button, LoketCustomerCard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->customer_id == NULL)
    return;
  dialog = loket_customer_merge_dialog_new (self->replica, self->customer_id,
                                            GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_representative_clicked (GtkButton *button, LoketCustomerCard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->customer_id == NULL)
    return;
  /* The card follows the replica, so the new representative shows without more ado. */
  dialog = loket_representative_dialog_new (self->replica, self->customer_id,
                                            GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Building ---------------------------------------------------------------------------------- */

static GtkWidget *
build_banner (LoketCustomerCard *self)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-shared-symbolic");

  self->merged_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_name (self->merged_banner, "customer-merged-banner");
  gtk_widget_add_css_class (self->merged_banner, "card");
  gtk_widget_add_css_class (self->merged_banner, "merge-notice");
  self->merged_label = GTK_LABEL (gtk_label_new (
    _("A customer made on this desk had the same identification number and was merged with "
      "this existing record. Everything of that customer is now here.")));
  gtk_label_set_wrap (self->merged_label, TRUE);
  gtk_label_set_xalign (self->merged_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->merged_label), TRUE);
  gtk_widget_set_margin_top (icon, 12);
  gtk_widget_set_margin_bottom (icon, 12);
  gtk_widget_set_margin_start (icon, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->merged_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->merged_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->merged_label), 12);
  gtk_box_append (GTK_BOX (self->merged_banner), icon);
  gtk_box_append (GTK_BOX (self->merged_banner), GTK_WIDGET (self->merged_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->merged_banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->merged_label), -1);
  gtk_widget_set_visible (self->merged_banner, FALSE);
  return self->merged_banner;
}

static GtkWidget *
build_header (LoketCustomerCard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *id_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->avatar = ADW_AVATAR (adw_avatar_new (64, NULL, TRUE));
  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->name_label), "customer-name");
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "title-2");
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_wrap (self->name_label, TRUE);
  gtk_label_set_selectable (self->name_label, TRUE);
  self->kind_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->kind_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->kind_label), "dim-label");
  self->identifier_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->identifier_label), "customer-identifier");
  gtk_label_set_selectable (self->identifier_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->identifier_label), "numeric");
  self->reveal_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reveal_button), "customer-identifier-reveal");
  gtk_button_set_icon_name (GTK_BUTTON (self->reveal_button), "view-reveal-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->reveal_button), "flat");
  gtk_widget_set_valign (GTK_WIDGET (self->reveal_button), GTK_ALIGN_CENTER);
  g_signal_connect (self->reveal_button, "toggled", G_CALLBACK (on_reveal_toggled), self);
  gtk_box_append (GTK_BOX (id_box), GTK_WIDGET (self->identifier_label));
  gtk_box_append (GTK_BOX (id_box), GTK_WIDGET (self->reveal_button));

  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->kind_label));
  gtk_box_append (GTK_BOX (texts), id_box);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);

  self->merge_button = gtk_button_new_with_mnemonic (_("_Merge Duplicate…"));
  gtk_widget_set_name (self->merge_button, "customer-merge");
  gtk_widget_set_tooltip_text (self->merge_button,
                               _("Merge another record of the same customer into this one"));
  gtk_widget_set_valign (self->merge_button, GTK_ALIGN_CENTER);
  g_signal_connect (self->merge_button, "clicked", G_CALLBACK (on_merge_clicked), self);

  /* The window's Ctrl+K, which takes the customer shown: a contact, and from it a case or a
   * callback, for this customer without finding them again.  (Outside such a window the button
   * has no action, and GTK makes it insensitive.) */
  self->contact_button = gtk_button_new_with_mnemonic (_("Register _Contact…"));
  gtk_widget_set_name (self->contact_button, "customer-register-contact");
  gtk_widget_set_tooltip_text (self->contact_button,
                               _("Register a contact with this customer, and from it a case or a callback"));
  gtk_widget_set_valign (self->contact_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->contact_button), "win.register-contact");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->avatar));
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), self->contact_button);
  gtk_box_append (GTK_BOX (box), self->merge_button);
  return box;
}

static AdwActionRow *
new_value_row (AdwPreferencesGroup *group, const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static GtkWidget *
build_details (LoketCustomerCard *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _("Contact Details"));
  self->birth_row = new_value_row (group, _("Date of birth"));
  self->email_row = new_value_row (group, _("E-mail"));
  self->phone_row = new_value_row (group, _("Phone"));
  self->postcode_row = new_value_row (group, _("Postcode"));
  self->channel_row = new_value_row (group, _("Preferred channel"));
  return GTK_WIDGET (group);
}

static GtkListBox *
new_list (const char *name, const char *label, const char *placeholder)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (placeholder);

  gtk_widget_set_name (list, name);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), empty);
  return GTK_LIST_BOX (list);
}

/* Whether a case row can open the Cases page depends on the window the card is in: the rows
 * are made again once it is in one. */
static void
bind_timeline (LoketCustomerCard *self)
{
  gtk_list_box_bind_model (self->timeline_list, G_LIST_MODEL (self->timeline),
                           create_timeline_row, self, NULL);
}

static void
loket_customer_card_root (GtkWidget *widget)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (widget);

  GTK_WIDGET_CLASS (loket_customer_card_parent_class)->root (widget);
  bind_timeline (self);
}

static GtkWidget *
build_lists (LoketCustomerCard *self, GtkWidget *box)
{
  AdwPreferencesGroup *history = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  self->representatives_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->representatives_list = new_list ("customer-representatives", _("Representatives"),
                                         _("None known"));
  gtk_list_box_bind_model (self->representatives_list, G_LIST_MODEL (self->representatives),
                           create_representative_row, self, NULL);
  g_signal_connect (self->representatives_list, "row-activated",
                    G_CALLBACK (on_representative_activated), self);
  adw_preferences_group_add (self->representatives_group,
                             GTK_WIDGET (self->representatives_list));
  self->add_representative_button = gtk_button_new_with_mnemonic (_("Add _Representative…"));
  gtk_widget_set_name (self->add_representative_button, "customer-add-representative");
  gtk_widget_set_tooltip_text (self->add_representative_button,
                               _("Add a person who acts for this organisation"));
  gtk_widget_add_css_class (self->add_representative_button, "flat");
  gtk_widget_set_valign (self->add_representative_button, GTK_ALIGN_CENTER);
  g_signal_connect (self->add_representative_button, "clicked",
                    G_CALLBACK (on_add_representative_clicked), self);
  adw_preferences_group_set_header_suffix (self->representatives_group,
                                           self->add_representative_button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->representatives_group));

  adw_preferences_group_set_title (history, _("History"));
  adw_preferences_group_set_description (history,
    _("Appointments, cases, contacts, callbacks and notes, newest first"));
  self->timeline_list = new_list ("customer-timeline", _("History"),
                                  _("Nothing yet on this desk"));
  bind_timeline (self);
  adw_preferences_group_add (history, GTK_WIDGET (self->timeline_list));
  self->timeline_more = GTK_LABEL (gtk_label_new (
    _("Only the newest entries are shown here.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->timeline_more), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->timeline_more), 6);
  adw_preferences_group_add (history, GTK_WIDGET (self->timeline_more));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (history));
  return box;
}

static void
build (LoketCustomerCard *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *none = adw_status_page_new ();

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), build_banner (self));
  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), build_details (self));
  build_lists (self, box);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (none), "system-users-symbolic");
  adw_status_page_set_description (ADW_STATUS_PAGE (none),
                                   _("Select a customer to see their details"));
  self->missing_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->missing_page, "system-users-symbolic");
  adw_status_page_set_title (self->missing_page, _("Customer Not on This Desk"));
  adw_status_page_set_description (self->missing_page,
    _("This record may have been merged with another one, or is no longer shared with you."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, none, "none");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->missing_page), "missing");
  gtk_stack_add_named (self->stack, scrolled, "card");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

/* ---- GObject ----------------------------------------------------------------------------------- */

static void
loket_customer_card_constructed (GObject *object)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (object);

  G_OBJECT_CLASS (loket_customer_card_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->tz = loket_replica_get_timezone (self->replica, NULL);
  build (self);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  refresh (self);
}

static void
loket_customer_card_dispose (GObject *object)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->customer);
  g_clear_object (&self->timeline);
  g_clear_object (&self->representatives);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_customer_card_parent_class)->dispose (object);
}

static void
loket_customer_card_finalize (GObject *object)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (object);

  g_free (self->customer_id);

  G_OBJECT_CLASS (loket_customer_card_parent_class)->finalize (object);
}

static void
loket_customer_card_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_customer_card_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  LoketCustomerCard *self = LOKET_CUSTOMER_CARD (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_CUSTOMER_ID:
      loket_customer_card_set_customer_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_customer_card_class_init (LoketCustomerCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_customer_card_constructed;
  object_class->dispose = loket_customer_card_dispose;
  object_class->finalize = loket_customer_card_finalize;
  object_class->get_property = loket_customer_card_get_property;
  object_class->set_property = loket_customer_card_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->root = loket_customer_card_root;
}

static void
loket_customer_card_init (LoketCustomerCard *self)
{
  self->timeline = g_list_store_new (LOKET_TYPE_RECORD);
  self->representatives = g_list_store_new (LOKET_TYPE_RECORD);
}

GtkWidget *
loket_customer_card_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_CUSTOMER_CARD, "replica", replica, NULL);
}

void
loket_customer_card_set_customer_id (LoketCustomerCard *self, const char *customer_id)
{
  g_return_if_fail (LOKET_IS_CUSTOMER_CARD (self));

  if (g_strcmp0 (self->customer_id, customer_id) == 0)
    return;
  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  /* Another customer: their number starts hidden again. */
  if (self->reveal_button != NULL)
    gtk_toggle_button_set_active (self->reveal_button, FALSE);
  if (self->stack != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

const char *
loket_customer_card_get_customer_id (LoketCustomerCard *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_CARD (self), NULL);

  return self->customer_id;
}

GListModel *
loket_customer_card_get_timeline (LoketCustomerCard *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_CARD (self), NULL);

  return G_LIST_MODEL (self->timeline);
}

GListModel *
loket_customer_card_get_representatives (LoketCustomerCard *self)
{
  g_return_val_if_fail (LOKET_IS_CUSTOMER_CARD (self), NULL);

  return G_LIST_MODEL (self->representatives);
}
