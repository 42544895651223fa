/* loket-admin-rule-dialog.c — the editor of one availability rule.
 *
 * Dates are typed (2027-01-09 or 9-1-2027) and times too (08:30): an administrator entering a
 * year's rules is faster at the keyboard than in calendars.  What the form cannot read is said
 * here; everything else is judged by the replica with the rule the server applies
 * (loket_rule_from_json, loket_rule_check_overlap), and its sentence is shown as it is.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-form.h"
#include "loket-admin-words.h"
#include "loket-admin-rule-dialog.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-slots.h"
#include "loket-time.h"

struct _LoketAdminRuleDialog
{
  AdwWindow        parent_instance;

  LoketReplica    *replica;
  char            *capacity_id;
  char            *editing_id;   /* the rule changed, NULL for a new one */
  char            *rule_id;      /* once saved */

  AdwWindowTitle  *title;
  GtkLabel        *error_label;
  GtkLabel        *preview_label;
  GtkToggleButton *days[7];
  GtkSpinButton   *every_spin;
  GtkWidget       *anchor_row;
  GtkWidget       *from_row;
  GtkWidget       *until_row;
  GtkWidget       *start_row;
  GtkWidget       *end_row;
  GtkSpinButton   *slot_spin;
  GtkSpinButton   *places_spin;
  GtkSpinButton   *public_spin;
  GtkSpinButton   *opens_spin;
  GtkSpinButton   *closes_spin;
  GtkSpinButton   *notice_spin;
};

G_DEFINE_FINAL_TYPE (LoketAdminRuleDialog, loket_admin_rule_dialog, ADW_TYPE_WINDOW)

enum {
  DIALOG_SIGNAL_SAVED,
  DIALOG_N_SIGNALS
};

static guint dialog_signals[DIALOG_N_SIGNALS];

/* ---- reading the form ------------------------------------------------------------------------ */

static int
dialog_spin (GtkSpinButton *spin)
{
  gtk_spin_button_update (spin);
  return gtk_spin_button_get_value_as_int (spin);
}

/* The rule as typed; FALSE with a sentence when a date or a time cannot be read. */
static gboolean
dialog_read (LoketAdminRuleDialog *self, LoketRuleInput *in, GError **error)
{
  const char *anchor = gtk_editable_get_text (GTK_EDITABLE (self->anchor_row));

  *in = (LoketRuleInput) {
    .id = self->editing_id,
    .capacity_id = self->capacity_id,
    .weekdays = loket_admin_days_get (self->days),
    .every_weeks = (guint) dialog_spin (self->every_spin),
    .start_minute = loket_slots_parse_clock (gtk_editable_get_text (
                                               GTK_EDITABLE (self->start_row))),
    .end_minute = loket_slots_parse_clock (gtk_editable_get_text (GTK_EDITABLE (self->end_row))),
    .slot_minutes = dialog_spin (self->slot_spin),
    .places = dialog_spin (self->places_spin),
    .public_places = dialog_spin (self->public_spin),
    .opens_days = dialog_spin (self->opens_spin),
    .closes_days = dialog_spin (self->closes_spin),
    .min_notice_minutes = dialog_spin (self->notice_spin),
  };
  if (!loket_admin_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_row)),
                               &in->valid_from)
      || !loket_admin_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->until_row)),
                                  &in->valid_until))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Type the first and the last day as a date, such as 2027-01-09 or "
                             "9-1-2027."));
      return FALSE;
    }
  g_date_clear (&in->anchor, 1);
  if (*anchor != '\0' && !loket_admin_parse_date (anchor, &in->anchor))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Type the day the weeks are counted from as a date, or leave it "
                             "empty to count from the first day."));
      return FALSE;
    }
  if (in->start_minute < 0 || in->end_minute < 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("Type the opening hours as clock times, such as 08:30."));
      return FALSE;
    }
  return TRUE;
}

/* The rule as typed in the shape it is stored in, to say it in words. */
static JsonObject *
dialog_rule_json (const LoketRuleInput *in)
{
  JsonObject *row = json_object_new ();
  g_autofree char *from = loket_admin_format_date (&in->valid_from);
  g_autofree char *until = loket_admin_format_date (&in->valid_until);
  g_autofree char *start = g_strdup_printf ("%02d:%02d", in->start_minute / 60,
                                            in->start_minute % 60);
  g_autofree char *end = g_strdup_printf ("%02d:%02d", in->end_minute / 60, in->end_minute % 60);

  json_object_set_string_member (row, "capacity_id", in->capacity_id);
  json_object_set_int_member (row, "weekdays", in->weekdays);
  json_object_set_int_member (row, "every_weeks", in->every_weeks);
  json_object_set_string_member (row, "valid_from", from);
  json_object_set_string_member (row, "valid_until", until);
  json_object_set_string_member (row, "start_time", start);
  json_object_set_string_member (row, "end_time", end);
  json_object_set_int_member (row, "slot_minutes", in->slot_minutes);
  json_object_set_int_member (row, "places", in->places);
  json_object_set_int_member (row, "public_places", in->public_places);
  json_object_set_int_member (row, "opens_days", in->opens_days);
  json_object_set_int_member (row, "closes_days", in->closes_days);
  json_object_set_int_member (row, "min_notice_minutes", in->min_notice_minutes);
  return row;
}

static void
dialog_show_error (LoketAdminRuleDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The rule in words as it is typed; nothing while it cannot be read. */
static void
dialog_update_preview (LoketAdminRuleDialog *self)
{
  LoketRuleInput in;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *words = NULL;

  gtk_spin_button_set_range (self->public_spin, 0, dialog_spin (self->places_spin));
  if (!dialog_read (self, &in, NULL) || in.weekdays == 0 || in.end_minute <= in.start_minute)
    {
      gtk_label_set_text (self->preview_label, "");
      return;
    }
  row = dialog_rule_json (&in);
  words = loket_admin_describe_rule (row);
  gtk_label_set_text (self->preview_label, words);
}

/* ---- saving ---------------------------------------------------------------------------------- */

static void
dialog_save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminRuleDialog *self = LOKET_ADMIN_RULE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  LoketRuleInput in;

  if (self->rule_id != NULL)
    return;
  if (dialog_read (self, &in, &error))
    self->rule_id = loket_replica_save_rule (self->replica, &in, &error);
  if (self->rule_id == NULL)
    {
      dialog_show_error (self, error->message);
      return;
    }
  dialog_show_error (self, NULL);
  g_signal_emit (self, dialog_signals[DIALOG_SIGNAL_SAVED], 0, self->rule_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- filling the form ------------------------------------------------------------------------ */

static void
dialog_set_date (GtkWidget *row, const GDate *date)
{
  g_autofree char *text = g_date_valid (date) ? loket_admin_format_date (date) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* A new rule: from tomorrow for half a year, mornings on weekdays, slots of ten minutes. */
static void
dialog_fill_new (LoketAdminRuleDialog *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  GDate from, until;

  loket_time_today (tz, &from);
  g_date_add_days (&from, 1);
  until = from;
  g_date_add_months (&until, 6);
  g_date_subtract_days (&until, 1);
  loket_admin_days_set (self->days, 0x1f);
  dialog_set_date (self->from_row, &from);
  dialog_set_date (self->until_row, &until);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), "09:00");
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), "12:00");
  gtk_spin_button_set_value (self->every_spin, 1);
  gtk_spin_button_set_value (self->slot_spin, 10);
  gtk_spin_button_set_value (self->places_spin, 1);
  gtk_spin_button_set_value (self->public_spin, 0);
  gtk_spin_button_set_value (self->opens_spin, 120);
  gtk_spin_button_set_value (self->closes_spin, 0);
  gtk_spin_button_set_value (self->notice_spin, 0);
}

static void
dialog_fill (LoketAdminRuleDialog *self, LoketRecord *record)
{
  const char *anchor = loket_record_get_string (record, "anchor_date");
  const char *from = loket_record_get_string (record, "valid_from");

  loket_admin_days_set (self->days, (guint8) loket_record_get_int (record, "weekdays"));
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->until_row),
                         loket_record_get_string (record, "valid_until"));
  /* A rule counted from its first day shows no separate day to count from. */
  gtk_editable_set_text (GTK_EDITABLE (self->anchor_row),
                         g_str_equal (anchor, from) ? "" : anchor);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row),
                         loket_record_get_string (record, "start_time"));
  gtk_editable_set_text (GTK_EDITABLE (self->end_row),
                         loket_record_get_string (record, "end_time"));
  gtk_spin_button_set_value (self->every_spin, MAX (1, loket_record_get_int (record,
                                                                             "every_weeks")));
  gtk_spin_button_set_value (self->slot_spin, loket_record_get_int (record, "slot_minutes"));
  gtk_spin_button_set_value (self->places_spin, loket_record_get_int (record, "places"));
  gtk_spin_button_set_value (self->public_spin, loket_record_get_int (record, "public_places"));
  gtk_spin_button_set_value (self->opens_spin, loket_record_get_int (record, "opens_days"));
  gtk_spin_button_set_value (self->closes_spin, loket_record_get_int (record, "closes_days"));
  gtk_spin_button_set_value (self->notice_spin,
                             loket_record_get_int (record, "min_notice_minutes"));
}

/* ---- building -------------------------------------------------------------------------------- */

static GtkWidget *
dialog_group (GtkWidget *page, const char *title, GtkWidget **rows, guint n_rows)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  for (guint i = 0; i < n_rows; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rows[i]);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
dialog_build_form (LoketAdminRuleDialog *self, GtkWidget *page)
{
  GtkWidget *days[] = {
    loket_admin_days_row_new (_("Weekdays"), "rule", self->days),
    loket_admin_spin_row_new (_("Repeats Every _N Weeks"), _("1: every week; 2: every other week"),
                              "rule-every", 1, 52, &self->every_spin),
    self->anchor_row = loket_admin_entry_row_new (_("Weeks Counted Fro_m (empty: the first day)"),
                                                  "rule-anchor"),
    self->start_row = loket_admin_entry_row_new (_("Opens _At"), "rule-start"),
    self->end_row = loket_admin_entry_row_new (_("_Ends At"), "rule-end"),
  };
  GtkWidget *dates[] = {
    self->from_row = loket_admin_entry_row_new (_("_First Day"), "rule-from"),
    self->until_row = loket_admin_entry_row_new (_("_Last Day"), "rule-until"),
  };
  GtkWidget *slots[] = {
    loket_admin_spin_row_new (_("Slot Len_gth"), _("Minutes"), "rule-slot", 1, 8 * 60,
                              &self->slot_spin),
    loket_admin_spin_row_new (_("_Places per Slot"), NULL, "rule-places", 1, 1000,
                              &self->places_spin),
    loket_admin_spin_row_new (_("Places on the _Website"), _("The other places are for the desks"),
                              "rule-public", 0, 1000, &self->public_spin),
  };
  GtkWidget *window[] = {
    loket_admin_spin_row_new (_("Booking _Opens"), _("Days ahead"), "rule-opens", 0, 3 * 366,
                              &self->opens_spin),
    loket_admin_spin_row_new (_("Booking Closes, Days _Before"),
                              _("0: booking is possible until the day itself"), "rule-closes", 0,
                              3 * 366, &self->closes_spin),
    loket_admin_spin_row_new (_("Minimum Not_ice"), _("Minutes between booking and the time"),
                              "rule-notice", 0, 7 * 24 * 60, &self->notice_spin),
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (ADW_IS_ENTRY_ROW (days[i]))
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (days[i]), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    adw_entry_row_set_activates_default (ADW_ENTRY_ROW (dates[i]), TRUE);
  dialog_group (page, _("Days and Hours"), days, G_N_ELEMENTS (days));
  dialog_group (page, _("Dates"), dates, G_N_ELEMENTS (dates));
  dialog_group (page, _("Slots"), slots, G_N_ELEMENTS (slots));
  dialog_group (page, _("Booking Window"), window, G_N_ELEMENTS (window));
  for (guint i = 0; i < 7; i++)
    loket_admin_watch (GTK_WIDGET (self->days[i]), G_CALLBACK (dialog_update_preview), self);
  for (guint i = 1; i < G_N_ELEMENTS (days); i++)
    loket_admin_watch (i == 1 ? GTK_WIDGET (self->every_spin) : days[i],
                       G_CALLBACK (dialog_update_preview), self);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    loket_admin_watch (dates[i], G_CALLBACK (dialog_update_preview), self);
  loket_admin_watch (GTK_WIDGET (self->slot_spin), G_CALLBACK (dialog_update_preview), self);
  loket_admin_watch (GTK_WIDGET (self->places_spin), G_CALLBACK (dialog_update_preview), self);
  loket_admin_watch (GTK_WIDGET (self->public_spin), G_CALLBACK (dialog_update_preview), self);
}

static GtkWidget *
dialog_header (LoketAdminRuleDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_set_name (save, "rule-save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "rule.save");
  gtk_widget_set_tooltip_text (save, _("Save the Rule (Ctrl+Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS,
                                  "Control+Return", -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  /* Enter in a field saves too, as in any dialog with a default button. */
  gtk_window_set_default_widget (GTK_WINDOW (self), save);
  return header;
}

static GtkLabel *
dialog_label (const char *name, const char *a11y, const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 18);
  gtk_widget_set_margin_end (label, 18);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_add_css_class (label, css);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return GTK_LABEL (label);
}

static void
dialog_build (LoketAdminRuleDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  gtk_box_append (GTK_BOX (box), dialog_header (self));
  self->error_label = dialog_label ("rule-error", _("Problem"), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  self->preview_label = dialog_label ("rule-preview", _("The rule in words"), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->preview_label));
  gtk_widget_set_vexpand (page, TRUE);
  dialog_build_form (self, page);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_rule_dialog_dispose (GObject *object)
{
  LoketAdminRuleDialog *self = LOKET_ADMIN_RULE_DIALOG (object);

  g_clear_object (&self->replica);
  g_clear_pointer (&self->capacity_id, g_free);
  g_clear_pointer (&self->editing_id, g_free);
  g_clear_pointer (&self->rule_id, g_free);
  G_OBJECT_CLASS (loket_admin_rule_dialog_parent_class)->dispose (object);
}

static void
loket_admin_rule_dialog_class_init (LoketAdminRuleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_s };

  object_class->dispose = loket_admin_rule_dialog_dispose;
  dialog_signals[DIALOG_SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "rule.save", NULL, dialog_save_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_CONTROL_MASK, "rule.save",
                                         NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_admin_rule_dialog_init (LoketAdminRuleDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 720);
  dialog_build (self);
}

GtkWidget *
loket_admin_rule_dialog_new (LoketReplica *replica, const char *capacity_id, LoketRecord *rule)
{
  LoketAdminRuleDialog *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (capacity_id != NULL, NULL);
  g_return_val_if_fail (rule == NULL || LOKET_IS_RECORD (rule), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_RULE_DIALOG, NULL);
  self->replica = g_object_ref (replica);
  self->capacity_id = g_strdup (capacity_id);
  self->editing_id = rule != NULL ? g_strdup (loket_record_get_id (rule)) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), rule != NULL ? _("Edit Rule") : _("New Rule"));
  adw_window_title_set_title (self->title, rule != NULL ? _("Edit Rule") : _("New Rule"));
  if (rule != NULL)
    dialog_fill (self, rule);
  else
    dialog_fill_new (self);
  dialog_update_preview (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->days[0]));
  return GTK_WIDGET (self);
}

const char *
loket_admin_rule_dialog_get_rule_id (LoketAdminRuleDialog *self)
{
  g_return_val_if_fail (LOKET_IS_ADMIN_RULE_DIALOG (self), NULL);

  return self->rule_id;
}
