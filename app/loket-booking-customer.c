/* loket-booking-customer.c — find the customer, or register a new one, for a booking.
 *
 * Built in code rather than from a template: it is one list of fields, and the checks live
 * beside them.  Nothing is written until the visit is booked, so a clerk who goes back and
 * forth through the booking leaves no half-registered customers behind.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "loket-booking-customer.h"
#include "loket-record.h"
#include "loket-validate.h"

#define MAX_RESULTS 20

typedef struct {
  GtkEditable *entry;
  GtkWidget   *error_row;
  GtkLabel    *error_label;
  gboolean   (*check) (const char *text, GError **error);
  const char  *kind;                  /* the only kind of customer it is for, or NULL: both */
} Field;

enum { FIELD_BSN, FIELD_KVK, FIELD_BIRTH, FIELD_EMAIL, FIELD_POSTCODE, N_FIELDS };

struct _LoketBookingCustomer {
  GtkWidget       parent_instance;

  LoketReplica   *replica;
  char           *chosen_id;          /* a customer found */
  char           *chosen_words;
  char           *created_id;         /* the new customer, once committed */
  char           *searched;           /* the query the results are for */

  GtkWidget      *box;
  GtkSearchEntry *search;
  GtkLabel       *hint;
  GtkListBox     *results;
  GtkCheckButton *new_check;
  GtkWidget      *form;
  GtkCheckButton *organisation_check;
  GtkEditable    *name_row;
  GtkEditable    *phone_row;
  AdwComboRow    *channel_row;
  Field           fields[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (LoketBookingCustomer, loket_booking_customer, GTK_TYPE_WIDGET)

enum { CHANGED, DONE, N_CUSTOMER_SIGNALS };

static guint customer_signals[N_CUSTOMER_SIGNALS];

/* In the order of channel_row. */
static const char *const channels[] = { "email", "telefoon", "post", "digitaal" };

static char *
entry_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static gboolean
registering (LoketBookingCustomer *self)
{
  return gtk_check_button_get_active (self->new_check);
}

/* The kind of customer the form registers, as customers.kind says it. */
static const char *
new_kind (LoketBookingCustomer *self)
{
  return gtk_check_button_get_active (self->organisation_check) ? "organisation" : "person";
}

static gboolean
field_applies (LoketBookingCustomer *self, Field *field)
{
  return field->kind == NULL || g_str_equal (field->kind, new_kind (self));
}

/* Checks ------------------------------------------------------------------------------------ */

/* "31-12-1980", "31/12/1980" or "1980-12-31" → "1980-12-31"; NULL when it is no date. */
static char *
iso_date (const char *text, GError **error)
{
  int a, b, c;
  char *iso;
  GDate date;

  if ((sscanf (text, "%d-%d-%d", &a, &b, &c) == 3 || sscanf (text, "%d/%d/%d", &a, &b, &c) == 3) &&
      a <= 31 && c > 31)
    iso = g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  else
    iso = g_strdup (text);
  if (!loket_validate_date (iso, &date, error))
    {
      g_free (iso);
      return NULL;
    }
  return iso;
}

static gboolean
check_person_number (const char *text, GError **error)
{
  g_autofree char *digits = loket_validate_normalize_id (text);

  /* Eleven digits is a Belgian rijksregisternummer, anything else should be a BSN. */
  if (digits != NULL && strlen (digits) == 11)
    return loket_validate_rrn (text, error);
  return loket_validate_bsn (text, error);
}

static gboolean
check_birth_date (const char *text, GError **error)
{
  g_autofree char *iso = iso_date (text, error);

  return iso != NULL;
}

static gboolean
check_postcode (const char *text, GError **error)
{
  g_autofree char *normalized = NULL;

  return loket_validate_postcode (text, &normalized, error);
}

/* Shows the error under a field; an empty field is fine here (first_missing() says what must be
 * filled in).  A field of the other kind of customer keeps what was typed in
 * it, but is neither checked nor saved. */
static gboolean
check_field (LoketBookingCustomer *self, Field *field)
{
  g_autofree char *text = entry_text (field->entry);
  g_autoptr(GError) error = NULL;
  gboolean ok = *text == '\0' || !field_applies (self, field) || field->check (text, &error);

  gtk_label_set_text (field->error_label, ok ? "" : error->message);
  gtk_widget_set_visible (field->error_row, !ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (field->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (field->entry), "error");
  return ok;
}

/* What must be filled in besides the checked fields: a name, and an organisation's KvK number
 * (its identity, as the BSN is a person's, but a person may not know theirs at the desk). */
static GtkEditable *
first_missing (LoketBookingCustomer *self)
{
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *kvk = entry_text (self->fields[FIELD_KVK].entry);

  if (*name == '\0')
    return self->name_row;
  if (g_str_equal (new_kind (self), "organisation") && *kvk == '\0')
    return self->fields[FIELD_KVK].entry;
  return NULL;
}

static gboolean
new_customer_valid (LoketBookingCustomer *self)
{
  gboolean ok = first_missing (self) == NULL;

  for (guint i = 0; i < N_FIELDS; i++)
    ok &= check_field (self, &self->fields[i]);
  return ok;
}

/* Search ------------------------------------------------------------------------------------ */

static GtkWidget *
result_row_new (LoketRecord *customer)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  const char *bsn = loket_record_get_string (customer, "bsn");
  const char *rrn = loket_record_get_string (customer, "rrn");
  const char *postcode = loket_record_get_string (customer, "postcode");
  const char *birth = loket_record_get_string (customer, "birth_date");
  g_autofree char *joined = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (customer, "name"), -1);

  if (*bsn != '\0')
    g_ptr_array_add (facts, g_strdup_printf (_("BSN %s"), bsn));
  if (*rrn != '\0')
    g_ptr_array_add (facts, g_strdup_printf (_("RRN %s"), rrn));
  if (*birth != '\0')
    {
      GDate date;
      char day[32];

      /* As people write it here: 17-09-1977. */
      if (loket_validate_date (birth, &date, NULL) &&
          g_date_strftime (day, sizeof day, "%d-%m-%Y", &date) > 0)
        birth = day;
      g_ptr_array_add (facts, g_strdup_printf (_("born %s"), birth));
    }
  if (*postcode != '\0')
    g_ptr_array_add (facts, g_strdup (postcode));
  g_ptr_array_add (facts, NULL);
  joined = g_strjoinv (" · ", (char **) facts->pdata);
  subtitle = g_markup_escape_text (joined, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "customer-id",
                          g_strdup (loket_record_get_id (customer)), g_free);
  g_object_set_data_full (G_OBJECT (row), "words",
                          *joined != '\0'
                          ? g_strdup_printf ("%s, %s", loket_record_get_string (customer, "name"),
                                             joined)
                          : g_strdup (loket_record_get_string (customer, "name")),
                          g_free);
  return row;
}

/* Every word of the query that was not searched for must be in the name, BSN or postcode:
 * "Jansen 12-03-1980" searches the birth date and keeps the Jansens. */
static gboolean
matches_rest (LoketRecord *customer, GStrv words, const char *searched)
{
  g_autofree char *haystack = g_strdup_printf ("%s %s %s %s",
                                               loket_record_get_string (customer, "name"),
                                               loket_record_get_string (customer, "bsn"),
                                               loket_record_get_string (customer, "rrn"),
                                               loket_record_get_string (customer, "postcode"));
  g_autofree char *folded = g_utf8_casefold (haystack, -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (words[i], -1);

      if (*word != '\0' && g_strcmp0 (words[i], searched) != 0 && strstr (folded, word) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The query as the replica searches it: a birth date in ISO form, a number without dots. */
static char *
search_term (GStrv words, const char *query, char **word_used)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *iso = strchr (words[i], '-') != NULL || strchr (words[i], '/') != NULL
                             ? iso_date (words[i], NULL) : NULL;
      g_autofree char *digits = loket_validate_normalize_id (words[i]);

      *word_used = words[i];
      if (iso != NULL)
        return g_steal_pointer (&iso);
      if (digits != NULL && strlen (digits) >= 8)
        return g_steal_pointer (&digits);
    }
  *word_used = NULL;
  return g_strdup (query);
}

static void
clear_results (LoketBookingCustomer *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, row);
  g_clear_pointer (&self->chosen_id, g_free);
  g_clear_pointer (&self->chosen_words, g_free);
}

static void
on_search_changed (LoketBookingCustomer *self)
{
  g_autofree char *query = entry_text (GTK_EDITABLE (self->search));
  g_auto(GStrv) words = g_strsplit_set (query, " \t", -1);
  g_autoptr(GListModel) found = NULL;
  g_autofree char *term = NULL;
  char *word_used = NULL;
  guint n, shown = 0;

  /* Enter searches at once; the search entry's own, later signal must not undo the choice. */
  if (g_strcmp0 (query, self->searched) == 0)
    return;
  g_free (self->searched);
  self->searched = g_strdup (query);
  clear_results (self);
  if (g_utf8_strlen (query, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->hint), FALSE);
      g_signal_emit (self, customer_signals[CHANGED], 0);
      return;
    }
  term = search_term (words, query, &word_used);
  found = loket_replica_search_customers (self->replica, term, MAX_RESULTS);
  n = g_list_model_get_n_items (found);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) customer = g_list_model_get_item (found, i);

      if (word_used != NULL && !matches_rest (customer, words, word_used))
        continue;
      gtk_list_box_append (self->results, result_row_new (customer));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results), shown > 0);
  gtk_label_set_text (self->hint,
                      _("No customer found on this desk. Check the spelling, or register a new "
                        "customer below."));
  gtk_widget_set_visible (GTK_WIDGET (self->hint), shown == 0);
  g_signal_emit (self, customer_signals[CHANGED], 0);
}

/* Enter in the search takes the first customer found. */
static void
on_search_activate (LoketBookingCustomer *self)
{
  g_autofree char *query = entry_text (GTK_EDITABLE (self->search));
  GtkListBoxRow *first;

  /* Nothing typed: Enter confirms the customer already chosen (booking again). */
  if (g_utf8_strlen (query, -1) < 2)
    {
      if (gtk_list_box_get_selected_row (self->results) != NULL)
        g_signal_emit (self, customer_signals[DONE], 0);
      return;
    }
  /* The search waits a moment after each key: search what is typed now, not before. */
  on_search_changed (self);
  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first == NULL)
    return;
  gtk_list_box_select_row (self->results, first);
  g_signal_emit (self, customer_signals[DONE], 0);
}

/* Escape clears the search first; in an empty search it goes a step back (the booking
 * dialog's action). */
static void
on_search_stop (LoketBookingCustomer *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "booking.escape", NULL);
}

/* Down from the search goes to the results. */
static gboolean
on_search_key (LoketBookingCustomer *self, guint keyval, guint keycode, GdkModifierType state)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
on_result_selected (LoketBookingCustomer *self, GtkListBoxRow *row)
{
  g_clear_pointer (&self->chosen_id, g_free);
  g_clear_pointer (&self->chosen_words, g_free);
  if (row != NULL)
    {
      self->chosen_id = g_strdup (g_object_get_data (G_OBJECT (row), "customer-id"));
      self->chosen_words = g_strdup (g_object_get_data (G_OBJECT (row), "words"));
      gtk_check_button_set_active (self->new_check, FALSE);
    }
  g_signal_emit (self, customer_signals[CHANGED], 0);
}

static void
on_result_activated (LoketBookingCustomer *self, GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->results, row);
  g_signal_emit (self, customer_signals[DONE], 0);
}

/* New customer ------------------------------------------------------------------------------ */

static void
on_new_toggled (LoketBookingCustomer *self)
{
  gboolean active = registering (self);

  /* Shown at once, not slid in: a clerk who presses Tab right away must land in the form. */
  gtk_widget_set_visible (self->form, active);
  if (active)
    {
      gtk_list_box_unselect_all (self->results);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  g_signal_emit (self, customer_signals[CHANGED], 0);
}

static void
on_field_changed (LoketBookingCustomer *self)
{
  /* What was saved before no longer matches what is typed. */
  g_clear_pointer (&self->created_id, g_free);
  new_customer_valid (self);
  g_signal_emit (self, customer_signals[CHANGED], 0);
}

/* Enter in a field: done when everything is fine, else to the first field in error. */
static void
on_field_activated (LoketBookingCustomer *self)
{
  GtkEditable *missing = first_missing (self);

  if (new_customer_valid (self))
    {
      g_signal_emit (self, customer_signals[DONE], 0);
      return;
    }
  if (missing != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (missing));
      return;
    }
  for (guint i = 0; i < N_FIELDS; i++)
    if (gtk_widget_get_visible (self->fields[i].error_row))
      {
        gtk_widget_grab_focus (GTK_WIDGET (self->fields[i].entry));
        return;
      }
}

static GtkEditable *
entry_row_new (LoketBookingCustomer *self, GtkWidget *group, const char *name, const char *title,
               GtkInputPurpose purpose)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_field_activated), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_EDITABLE (row);
}

/* A checked field with its error row beneath, which also describes it to screen readers. */
static void
checked_row_new (LoketBookingCustomer *self, GtkWidget *group, guint field, const char *name,
                 const char *title, GtkInputPurpose purpose,
                 gboolean (*check) (const char *text, GError **error), const char *kind)
{
  Field *f = &self->fields[field];
  g_autofree char *error_name = g_strconcat (name, "-error", NULL);
  GtkWidget *label = gtk_label_new (NULL);

  f->entry = entry_row_new (self, group, name, title, purpose);
  f->check = check;
  f->kind = kind;
  f->error_label = GTK_LABEL (label);
  gtk_widget_set_name (label, error_name);
  gtk_label_set_xalign (f->error_label, 0);
  gtk_label_set_wrap (f->error_label, TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  /* A preferences row, so the group puts it in its list right under the field. */
  f->error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->error_row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (f->error_row), FALSE);
  gtk_widget_set_focusable (f->error_row, FALSE);
  gtk_widget_set_visible (f->error_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (f->entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), f->error_row);
}

/* Shows the fields of the kind chosen; what was typed in the others stays for a clerk who
 * chose wrongly and switches back. */
static void
on_kind_toggled (LoketBookingCustomer *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    gtk_widget_set_visible (GTK_WIDGET (self->fields[i].entry),
                            field_applies (self, &self->fields[i]));
  on_field_changed (self);
}

/* Person or organisation, as a labelled radio group. */
static GtkWidget *
kind_choice_new (LoketBookingCustomer *self)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_HORIZONTAL,
                                 "spacing", 12, "accessible-role",
                                 GTK_ACCESSIBLE_ROLE_RADIO_GROUP, NULL);
  GtkWidget *label = gtk_label_new (_("The new customer is"));
  GtkWidget *person = gtk_check_button_new_with_mnemonic (_("P_erson"));
  GtkWidget *organisation = gtk_check_button_new_with_mnemonic (_("_Organisation"));

  gtk_widget_set_name (box, "customer-kind");
  gtk_widget_set_name (person, "customer-kind-person");
  gtk_widget_set_name (organisation, "customer-kind-organisation");
  gtk_check_button_set_group (GTK_CHECK_BUTTON (organisation), GTK_CHECK_BUTTON (person));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (person), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  self->organisation_check = GTK_CHECK_BUTTON (organisation);
  /* One of the two changes whenever the other does: one handler is enough. */
  g_signal_connect_swapped (organisation, "toggled", G_CALLBACK (on_kind_toggled), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), person);
  gtk_box_append (GTK_BOX (box), organisation);
  return box;
}

static GtkWidget *
form_new (LoketBookingCustomer *self)
{
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  const char *const channel_names[] = { _("E-mail"), _("Telephone"), _("Post"), _("Digital"), NULL };
  GtkWidget *channel = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (channel_names);
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("New Customer"));
  self->name_row = entry_row_new (self, group, "customer-name", _("Name"), GTK_INPUT_PURPOSE_NAME);
  checked_row_new (self, group, FIELD_BSN, "customer-bsn", _("BSN or national register number"),
                   GTK_INPUT_PURPOSE_DIGITS, check_person_number, "person");
  checked_row_new (self, group, FIELD_KVK, "customer-kvk", _("KvK number (8 digits)"),
                   GTK_INPUT_PURPOSE_DIGITS, loket_validate_kvk, "organisation");
  checked_row_new (self, group, FIELD_BIRTH, "customer-birth-date",
                   _("Date of birth (DD-MM-YYYY)"), GTK_INPUT_PURPOSE_FREE_FORM, check_birth_date,
                   "person");
  checked_row_new (self, group, FIELD_EMAIL, "customer-email", _("E-mail"),
                   GTK_INPUT_PURPOSE_EMAIL, loket_validate_email, NULL);
  self->phone_row = entry_row_new (self, group, "customer-phone", _("Phone"),
                                   GTK_INPUT_PURPOSE_PHONE);
  checked_row_new (self, group, FIELD_POSTCODE, "customer-postcode", _("Postcode"),
                   GTK_INPUT_PURPOSE_FREE_FORM, check_postcode, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (channel), _("Preferred channel"));
  adw_combo_row_set_expression (ADW_COMBO_ROW (channel), expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (ADW_COMBO_ROW (channel), G_LIST_MODEL (model));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), channel);
  self->channel_row = ADW_COMBO_ROW (channel);
  gtk_box_append (GTK_BOX (form), kind_choice_new (self));
  gtk_box_append (GTK_BOX (form), group);
  gtk_widget_set_visible (GTK_WIDGET (self->fields[FIELD_KVK].entry), FALSE);
  return form;
}

/* Building ---------------------------------------------------------------------------------- */

static void
build_search (LoketBookingCustomer *self)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Search for a customer"));
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->search), "customer-search");
  g_object_set (self->search, "placeholder-text", _("Name and birth date, BSN or postcode"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search customers"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->search));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->search, "stop-search", G_CALLBACK (on_search_stop), self);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), keys);

  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->hint, 0);
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->hint), FALSE);

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->results), "customer-results");
  gtk_list_box_set_selection_mode (self->results, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customers found"), -1);
  g_signal_connect_swapped (self->results, "row-selected", G_CALLBACK (on_result_selected), self);
  g_signal_connect_swapped (self->results, "row-activated", G_CALLBACK (on_result_activated), self);

  gtk_box_append (GTK_BOX (self->box), label);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->hint));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->results));
}

static void
build_new_customer (LoketBookingCustomer *self)
{
  self->new_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Register a ne_w customer")));
  gtk_widget_set_name (GTK_WIDGET (self->new_check), "new-customer-check");
  gtk_widget_set_margin_top (GTK_WIDGET (self->new_check), 6);
  g_signal_connect_swapped (self->new_check, "toggled", G_CALLBACK (on_new_toggled), self);
  self->form = form_new (self);
  gtk_widget_set_visible (self->form, FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->new_check));
  gtk_box_append (GTK_BOX (self->box), self->form);
}

/* Tearing the children down emits their signals (a list box unselects its rows); the handlers
 * must not run on a half-disposed widget. */
static void
loket_booking_customer_dispose (GObject *object)
{
  LoketBookingCustomer *self = LOKET_BOOKING_CUSTOMER (object);

  if (self->box != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->results, self);
      g_signal_handlers_disconnect_by_data (self->new_check, self);
      g_signal_handlers_disconnect_by_data (self->organisation_check, self);
    }
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_booking_customer_parent_class)->dispose (object);
}

static void
loket_booking_customer_finalize (GObject *object)
{
  LoketBookingCustomer *self = LOKET_BOOKING_CUSTOMER (object);

  g_free (self->chosen_id);
  g_free (self->chosen_words);
  g_free (self->created_id);
  g_free (self->searched);

  G_OBJECT_CLASS (loket_booking_customer_parent_class)->finalize (object);
}

static void
loket_booking_customer_class_init (LoketBookingCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_booking_customer_dispose;
  object_class->finalize = loket_booking_customer_finalize;

  /* The choice, or whether it is complete, changed. */
  customer_signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The clerk confirmed the choice (Enter). */
  customer_signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
loket_booking_customer_init (LoketBookingCustomer *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  build_search (self);
  build_new_customer (self);
}

/* Public API -------------------------------------------------------------------------------- */

GtkWidget *
loket_booking_customer_new (LoketReplica *replica)
{
  LoketBookingCustomer *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_BOOKING_CUSTOMER, NULL);
  self->replica = g_object_ref (replica);
  return GTK_WIDGET (self);
}

gboolean
loket_booking_customer_is_ready (LoketBookingCustomer *self)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CUSTOMER (self), FALSE);

  return registering (self) ? new_customer_valid (self) : self->chosen_id != NULL;
}

const char *
loket_booking_customer_get_id (LoketBookingCustomer *self)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CUSTOMER (self), NULL);

  return registering (self) ? self->created_id : self->chosen_id;
}

char *
loket_booking_customer_describe (LoketBookingCustomer *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (LOKET_IS_BOOKING_CUSTOMER (self), NULL);

  if (!registering (self))
    return g_strdup (self->chosen_words);
  name = entry_text (self->name_row);
  if (*name == '\0')
    return NULL;
  /* Translators: a customer registered while booking, e.g. "Jan de Vries (new customer)" */
  return g_strdup_printf (_("%s (new customer)"), name);
}

/* The replica checks a person's numbers itself but takes a KvK number as given. */
static char *
create_organisation (LoketBookingCustomer *self, LoketCustomerInput *input, GError **error)
{
  g_autofree char *kvk = entry_text (self->fields[FIELD_KVK].entry);
  g_autofree char *digits = NULL;

  if (!loket_validate_kvk (kvk, error))
    return NULL;
  digits = loket_validate_normalize_id (kvk);
  input->kind = "organisation";
  input->kvk = digits;
  return loket_replica_create_customer (self->replica, input, error);
}

static char *
create_customer (LoketBookingCustomer *self, GError **error)
{
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *number = entry_text (self->fields[FIELD_BSN].entry);
  g_autofree char *digits = loket_validate_normalize_id (number);
  g_autofree char *birth = entry_text (self->fields[FIELD_BIRTH].entry);
  g_autofree char *birth_iso = *birth != '\0' ? iso_date (birth, NULL) : NULL;
  g_autofree char *email = entry_text (self->fields[FIELD_EMAIL].entry);
  g_autofree char *phone = entry_text (self->phone_row);
  g_autofree char *postcode = entry_text (self->fields[FIELD_POSTCODE].entry);
  g_autofree char *postcode_normal = NULL;
  gboolean rrn = digits != NULL && strlen (digits) == 11;
  guint channel = adw_combo_row_get_selected (self->channel_row);
  LoketCustomerInput input = { 0 };

  if (*postcode != '\0')
    loket_validate_postcode (postcode, &postcode_normal, NULL);
  input.kind = "person";
  input.name = name;
  input.bsn = digits != NULL && !rrn && *digits != '\0' ? digits : NULL;
  input.rrn = rrn ? digits : NULL;
  input.birth_date = birth_iso;
  input.email = *email != '\0' ? email : NULL;
  input.phone = *phone != '\0' ? phone : NULL;
  input.postcode = postcode_normal;
  input.preferred_channel = channels[MIN (channel, G_N_ELEMENTS (channels) - 1)];
  if (g_str_equal (new_kind (self), "organisation"))
    {
      LoketCustomerInput organisation = input;

      organisation.bsn = organisation.rrn = organisation.birth_date = NULL;
      return create_organisation (self, &organisation, error);
    }
  return loket_replica_create_customer (self->replica, &input, error);
}

const char *
loket_booking_customer_commit (LoketBookingCustomer *self, GError **error)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CUSTOMER (self), NULL);

  if (!registering (self))
    return self->chosen_id;
  if (self->created_id == NULL)
    self->created_id = create_customer (self, error);
  return self->created_id;
}

void
loket_booking_customer_choose (LoketBookingCustomer *self, const char *id, const char *name)
{
  g_autoptr(JsonObject) columns = json_object_new ();
  g_autoptr(LoketRecord) customer = NULL;
  GtkWidget *row;

  g_return_if_fail (LOKET_IS_BOOKING_CUSTOMER (self));
  g_return_if_fail (id != NULL);

  clear_results (self);
  g_clear_pointer (&self->searched, g_free);
  json_object_set_string_member (columns, "id", id);
  json_object_set_string_member (columns, "name", name != NULL ? name : "");
  customer = loket_record_new (columns);
  row = result_row_new (customer);
  gtk_list_box_append (self->results, row);
  gtk_widget_set_visible (GTK_WIDGET (self->results), TRUE);
  gtk_list_box_select_row (self->results, GTK_LIST_BOX_ROW (row));
}

void
loket_booking_customer_focus (LoketBookingCustomer *self)
{
  GtkListBoxRow *chosen;

  g_return_if_fail (LOKET_IS_BOOKING_CUSTOMER (self));

  chosen = gtk_list_box_get_selected_row (self->results);
  if (registering (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else if (chosen != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (chosen));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
