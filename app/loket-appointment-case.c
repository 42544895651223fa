/* loket-appointment-case.c — starting a case from an appointment, in the appointment popover.
 *
 * A desk clerk who finds during a visit that the customer's question needs work behind the
 * desk opens the case here, without retyping who and what: the customer and product come from
 * the appointment, the case type from the product.  The rules (one case per appointment, the
 * customer still there) are the core's (loket_replica_create_case), and its refusal is shown
 * in its own words under the form.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-appointment-case.h"
#include "loket-replica-agenda.h"
#include "loket-replica-casework.h"

struct _LoketAppointmentCase {
  AdwBin        parent_instance;

  LoketReplica *replica;
  char         *appointment_id;
  char         *customer_id;
  char         *product_id;
  GPtrArray    *type_ids;       /* by type_drop position */

  GtkLabel     *summary_label;
  GtkDropDown  *type_drop;
  GtkLabel     *type_note;     /* a confidential type of another team */
  GtkEntry     *subject_entry;
  GtkLabel     *error_label;
  GtkWidget    *start_button;
};

G_DEFINE_FINAL_TYPE (LoketAppointmentCase, loket_appointment_case, ADW_TYPE_BIN)

enum {
  STARTED,
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The case type the appointment's product names, or NULL. */
static char *
product_case_type (LoketAppointmentCase *self)
{
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);

  for (guint i = 0; self->product_id != NULL && i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);

      if (g_str_equal (loket_record_get_id (product), self->product_id)
          && !loket_record_is_null (product, "case_type_id"))
        return g_strdup (loket_record_get_string (product, "case_type_id"));
    }
  return NULL;
}

char *
loket_case_type_confidential_note (const char *team)
{
  g_return_val_if_fail (team != NULL, NULL);

  if (*team == '\0')
    return g_strdup (_("Confidential: once it is sent, this desk no longer shows the case."));
  /* Translators: under a case type; %s is a team, e.g. "Burgerzaken" */
  return g_strdup_printf (_("Confidential: once it is sent, only team %s sees the case, and "
                            "this desk no longer shows it."), team);
}

static void
on_type_selected (LoketAppointmentCase *self)
{
  guint position = gtk_drop_down_get_selected (self->type_drop);
  g_autofree char *team = NULL;
  g_autofree char *text = NULL;

  if (self->replica != NULL && position < self->type_ids->len)
    team = loket_replica_case_type_other_team (self->replica,
                                               g_ptr_array_index (self->type_ids, position));
  if (team != NULL)
    text = loket_case_type_confidential_note (team);
  gtk_label_set_text (self->type_note, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->type_note), text != NULL);
}

static void
load_types (LoketAppointmentCase *self)
{
  g_autoptr(GListModel) types = loket_replica_list_case_types (self->replica);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *preferred = product_case_type (self);
  guint selected = 0;

  g_ptr_array_set_size (self->type_ids, 0);
  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(LoketRecord) type = g_list_model_get_item (types, i);

      if (g_strcmp0 (loket_record_get_id (type), preferred) == 0)
        selected = i;
      gtk_string_list_append (names, loket_record_get_string (type, "name"));
      g_ptr_array_add (self->type_ids, g_strdup (loket_record_get_id (type)));
    }
  gtk_drop_down_set_model (self->type_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->type_drop, selected);
  on_type_selected (self);
}

static void
show_error (LoketAppointmentCase *self, const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
on_start (LoketAppointmentCase *self)
{
  guint position = gtk_drop_down_get_selected (self->type_drop);
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  LoketCaseInput input = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;

  if (self->appointment_id == NULL)
    return;
  if (position >= self->type_ids->len)
    {
      show_error (self, _("Choose the case type of the new case."));
      return;
    }
  input.case_type_id = g_ptr_array_index (self->type_ids, position);
  input.customer_id = self->customer_id;
  input.product_id = self->product_id;
  input.subject = *subject != '\0' ? subject : NULL;
  input.appointment_id = self->appointment_id;
  case_id = loket_replica_create_case (self->replica, &input, &error);
  if (case_id == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[STARTED], 0, case_id);
}

static void
on_back (LoketAppointmentCase *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
loket_appointment_case_dispose (GObject *object)
{
  LoketAppointmentCase *self = LOKET_APPOINTMENT_CASE (object);

  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_appointment_case_parent_class)->dispose (object);
}

static void
loket_appointment_case_finalize (GObject *object)
{
  LoketAppointmentCase *self = LOKET_APPOINTMENT_CASE (object);

  g_free (self->appointment_id);
  g_free (self->customer_id);
  g_free (self->product_id);
  g_ptr_array_unref (self->type_ids);
  G_OBJECT_CLASS (loket_appointment_case_parent_class)->finalize (object);
}

static void
loket_appointment_case_class_init (LoketAppointmentCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_appointment_case_dispose;
  object_class->finalize = loket_appointment_case_finalize;
  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
labelled (const char *text, GtkWidget *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return box;
}

static void
loket_appointment_case_init (LoketAppointmentCase *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Start a Case"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *back = gtk_button_new_with_mnemonic (_("_Back"));

  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");

  self->type_drop = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->type_drop), "case-type");
  g_signal_connect_swapped (self->type_drop, "notify::selected", G_CALLBACK (on_type_selected),
                            self);
  self->type_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->type_note), "case-type-note");
  gtk_label_set_xalign (self->type_note, 0);
  gtk_label_set_wrap (self->type_note, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->type_note), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->type_note), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->type_note), FALSE);
  self->subject_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->subject_entry), "case-subject");
  gtk_entry_set_placeholder_text (self->subject_entry, _("The product's name"));
  g_signal_connect_swapped (self->subject_entry, "activate", G_CALLBACK (on_start), self);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "case-error");
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_widget_set_name (back, "case-back-button");
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back), self);
  self->start_button = gtk_button_new_with_mnemonic (_("_Start Case"));
  gtk_widget_set_name (self->start_button, "start-case-button");
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (on_start), self);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_box_append (GTK_BOX (buttons), back);
  gtk_box_append (GTK_BOX (buttons), self->start_button);

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (box), labelled (_("Case _type"), GTK_WIDGET (self->type_drop)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->type_note));
  gtk_box_append (GTK_BOX (box), labelled (_("S_ubject"), GTK_WIDGET (self->subject_entry)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (box), buttons);
  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
loket_appointment_case_new (LoketReplica *replica)
{
  LoketAppointmentCase *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_APPOINTMENT_CASE, NULL);
  self->replica = g_object_ref (replica);
  return GTK_WIDGET (self);
}

void
loket_appointment_case_show (LoketAppointmentCase *self, LoketRecord *appointment)
{
  const char *customer, *product;
  g_autofree char *summary = NULL;

  g_return_if_fail (LOKET_IS_APPOINTMENT_CASE (self));
  g_return_if_fail (appointment != NULL);

  g_free (self->appointment_id);
  self->appointment_id = g_strdup (loket_record_get_id (appointment));
  g_free (self->customer_id);
  self->customer_id = loket_record_is_null (appointment, "customer_id")
                      ? NULL : g_strdup (loket_record_get_string (appointment, "customer_id"));
  g_free (self->product_id);
  self->product_id = g_strdup (loket_record_get_string (appointment, "product_id"));
  customer = loket_record_get_string (appointment, "customer_name");
  product = loket_record_get_string (appointment, "product_name");
  if (*customer != '\0')
    /* Translators: under "Start a Case"; a customer's name and a product */
    summary = g_strdup_printf (_("For %s, about %s. The appointment will belong to the case."),
                               customer, product);
  else
    /* Translators: under "Start a Case"; %s is a product */
    summary = g_strdup_printf (_("About %s, without a customer. The appointment will belong to "
                                 "the case."), product);
  gtk_label_set_text (self->summary_label, summary);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  load_types (self);
}

GtkWidget *
loket_appointment_case_get_first (LoketAppointmentCase *self)
{
  g_return_val_if_fail (LOKET_IS_APPOINTMENT_CASE (self), NULL);

  return GTK_WIDGET (self->type_drop);
}
