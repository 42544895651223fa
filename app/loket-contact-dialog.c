/* loket-contact-dialog.c — registering a customer contact and what follows from it.
 *
 * One form, top to bottom in the order a clerk on the phone goes through it: who (or
 * anonymous), what about, was it answered, and what happens next.  The customer step is the
 * booking dialog's (search by name, birth date, BSN, postcode; or a new customer), so finding
 * someone works the same everywhere.
 *
 * Registering writes the contact first and then the case or callback that names it: should the
 * server refuse the case, the contact itself is kept.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-booking-customer.h"
#include "loket-appointment-case.h"
#include "loket-callback-assignee.h"
#include "loket-contact-dialog.h"
#include "loket-kb-search-dialog.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-replica-bundles.h"
#include "loket-replica-casework.h"
#include "loket-replica-customers.h"

struct _LoketContactDialog
{
  AdwWindow             parent_instance;

  LoketReplica         *replica;
  char                 *channel;        /* asked for at construction */
  GPtrArray            *product_ids;    /* by product_drop position; NULL first: none */
  GPtrArray            *product_types;  /* each product's case type id, or NULL */
  char                 *article_id;     /* the knowledge article that answered, or NULL */
  GPtrArray            *case_type_ids;  /* by case_type_row position */
  LoketCallbackAssignees *assignees;    /* by callback_for_row position */
  GListModel           *life_events;    /* by life_event_row position */
  char                 *contact_id;     /* once registered */
  char                 *case_id;

  LoketBookingCustomer *customer;
  GtkWidget            *register_button;
  GtkLabel             *error_label;
  AdwComboRow          *channel_row;
  GtkSwitch            *anonymous_switch;
  AdwPreferencesGroup  *customer_group;
  AdwEntryRow          *topic_row;
  GtkDropDown          *product_drop;
  AdwActionRow         *article_row;
  GtkWidget            *clear_article_button;
  GtkSwitch            *resolved_switch;
  AdwEntryRow          *referred_row;
  AdwComboRow          *follow_up_row;
  AdwComboRow          *case_type_row;
  AdwComboRow          *life_event_row;
  AdwComboRow          *callback_for_row;
  AdwEntryRow          *phone_row;
};

G_DEFINE_FINAL_TYPE (LoketContactDialog, loket_contact_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_CHANNEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* By channel_row position, as the template lists them. */
static const char *const channels[] = { "balie", "telefoon", "email", "post", "chat", "web" };

/* By follow_up_row position. */
enum { FOLLOW_UP_NONE, FOLLOW_UP_CASE, FOLLOW_UP_LIFE_EVENT, FOLLOW_UP_CALLBACK };

/* ---- Choices -------------------------------------------------------------------------------- */

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static void
show_error (LoketContactDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A searchable drop-down of names; ids keeps each name's id at its position. */
static void
fill_drop (GtkDropDown *drop, GtkStringList *names)
{
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_drop_down_set_expression (drop, expression);
  gtk_drop_down_set_model (drop, G_LIST_MODEL (names));
}

static void
load_products (LoketContactDialog *self)
{
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("No product"));
  g_ptr_array_add (self->product_ids, NULL);
  g_ptr_array_add (self->product_types, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, i);
      const char *type = loket_record_get_string (product, "case_type_id");

      gtk_string_list_append (names, loket_record_get_string (product, "name"));
      g_ptr_array_add (self->product_ids, g_strdup (loket_record_get_id (product)));
      g_ptr_array_add (self->product_types, type != NULL ? g_strdup (type) : NULL);
    }
  fill_drop (self->product_drop, names);
}

static void
load_case_types (LoketContactDialog *self)
{
  g_autoptr(GListModel) types = loket_replica_list_case_types (self->replica);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (types); i++)
    {
      g_autoptr(LoketRecord) type = g_list_model_get_item (types, i);

      gtk_string_list_append (names, loket_record_get_string (type, "name"));
      g_ptr_array_add (self->case_type_ids, g_strdup (loket_record_get_id (type)));
    }
  adw_combo_row_set_model (self->case_type_row, G_LIST_MODEL (names));
}

static void
load_assignees (LoketContactDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->assignees = loket_callback_assignees_new (self->replica, names);
  adw_combo_row_set_model (self->callback_for_row, G_LIST_MODEL (names));
}

static void
load_life_events (LoketContactDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->life_events = loket_replica_list_life_events (self->replica);
  for (guint i = 0; i < g_list_model_get_n_items (self->life_events); i++)
    {
      g_autoptr(LoketRecord) event = g_list_model_get_item (self->life_events, i);

      gtk_string_list_append (names, loket_record_get_string (event, "name"));
    }
  adw_combo_row_set_model (self->life_event_row, G_LIST_MODEL (names));
}

/* The chosen life event, or NULL. */
static LoketRecord *
chosen_life_event (LoketContactDialog *self)
{
  guint position = adw_combo_row_get_selected (self->life_event_row);

  if (position >= g_list_model_get_n_items (self->life_events))
    return NULL;
  return g_list_model_get_item (self->life_events, position);
}

/* What the life event opens, under its name. */
static void
on_life_event_selected (LoketContactDialog *self)
{
  g_autoptr(LoketRecord) event = chosen_life_event (self);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->life_event_row),
                               event != NULL ? loket_record_get_string (event, "description")
                                             : "");
}

static const char *
chosen (GPtrArray *ids, guint position)
{
  return position < ids->len ? g_ptr_array_index (ids, position) : NULL;
}

/* The product's case type is the likely one for a case about it. */
static void
on_product_selected (LoketContactDialog *self)
{
  const char *type = chosen (self->product_types, gtk_drop_down_get_selected (self->product_drop));

  for (guint i = 0; type != NULL && i < self->case_type_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->case_type_ids, i), type))
      adw_combo_row_set_selected (self->case_type_row, i);
}

/* A confidential case for another team leaves this desk once sent: said before it is made. */
static void
on_case_type_selected (LoketContactDialog *self)
{
  g_autofree char *team = NULL;
  g_autofree char *text = NULL;

  if (self->replica == NULL || self->case_type_ids == NULL)
    return;
  team = loket_replica_case_type_other_team (self->replica,
                                             chosen (self->case_type_ids,
                                                     adw_combo_row_get_selected (self->case_type_row)));
  if (team != NULL)
    text = loket_case_type_confidential_note (team);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->case_type_row), text != NULL ? text : "");
}

static void
on_anonymous_toggled (LoketContactDialog *self)
{
  if (gtk_switch_get_active (self->anonymous_switch))
    show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_group),
                          !gtk_switch_get_active (self->anonymous_switch));
}

static void
on_follow_up_selected (LoketContactDialog *self)
{
  guint follow_up = adw_combo_row_get_selected (self->follow_up_row);

  gtk_widget_set_visible (GTK_WIDGET (self->case_type_row), follow_up == FOLLOW_UP_CASE);
  gtk_widget_set_visible (GTK_WIDGET (self->life_event_row), follow_up == FOLLOW_UP_LIFE_EVENT);
  gtk_widget_set_visible (GTK_WIDGET (self->callback_for_row), follow_up == FOLLOW_UP_CALLBACK);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), follow_up == FOLLOW_UP_CALLBACK);
}

/* When the customer is chosen, their phone number is the one to call back, unless the clerk
 * typed another. */
static void
on_customer_changed (LoketContactDialog *self)
{
  const char *id = loket_booking_customer_get_id (self->customer);
  g_autoptr(LoketRecord) customer = NULL;
  g_autofree char *typed = entry_text (self->phone_row);

  /* What was said about a missing customer no longer holds. */
  if (loket_booking_customer_is_ready (self->customer))
    show_error (self, NULL);
  if (id == NULL || *typed != '\0')
    return;
  customer = loket_replica_get_customer (self->replica, id);
  if (customer != NULL && nonempty (loket_record_get_string (customer, "phone")) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->phone_row),
                           loket_record_get_string (customer, "phone"));
}

static void
on_customer_done (LoketContactDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->topic_row));
}

/* ---- The knowledge article ------------------------------------------------------------------ */

static void
set_article (LoketContactDialog *self, const char *article_id, const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title != NULL ? title : "", -1);

  g_free (self->article_id);
  self->article_id = g_strdup (article_id);
  adw_action_row_set_subtitle (self->article_row, article_id != NULL ? escaped : _("None"));
  gtk_widget_set_visible (self->clear_article_button, article_id != NULL);
}

static void
on_article_chosen (LoketContactDialog *self, const char *article_id, const char *title)
{
  set_article (self, article_id, title);
}

/* Alt+K: the knowledge-base search in choose mode, starting from the topic typed so far. */
static void
find_article_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketContactDialog *self = LOKET_CONTACT_DIALOG (widget);
  GtkWidget *search = loket_kb_search_dialog_new (self->replica);
  g_autofree char *topic = entry_text (self->topic_row);

  gtk_window_set_transient_for (GTK_WINDOW (search), GTK_WINDOW (self));
  loket_kb_search_dialog_set_choose (LOKET_KB_SEARCH_DIALOG (search), TRUE);
  if (*topic != '\0')
    loket_kb_search_dialog_search (LOKET_KB_SEARCH_DIALOG (search), topic);
  g_signal_connect_object (search, "article-chosen", G_CALLBACK (on_article_chosen), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (search));
}

static void
clear_article_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  set_article (LOKET_CONTACT_DIALOG (widget), NULL, NULL);
}

/* ---- Registering ------------------------------------------------------------------------------ */

/* The customer to register the contact with: NULL for an anonymous one; a new customer is
 * saved now.  FALSE with a message when none is chosen. */
static gboolean
customer_for_contact (LoketContactDialog *self, const char **customer_id, GError **error)
{
  *customer_id = NULL;
  if (gtk_switch_get_active (self->anonymous_switch))
    return TRUE;
  if (!loket_booking_customer_is_ready (self->customer))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Find the customer, register a new one, or mark the contact as "
                             "anonymous."));
      return FALSE;
    }
  return (*customer_id = loket_booking_customer_commit (self->customer, error)) != NULL;
}

/* What the follow-up needs, checked before anything is written. */
static gboolean
check_follow_up (LoketContactDialog *self, GError **error)
{
  guint follow_up = adw_combo_row_get_selected (self->follow_up_row);
  g_autofree char *phone = entry_text (self->phone_row);
  gboolean anonymous = gtk_switch_get_active (self->anonymous_switch);

  if (follow_up == FOLLOW_UP_CASE
      && chosen (self->case_type_ids, adw_combo_row_get_selected (self->case_type_row)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Choose the case type of the new case."));
      return FALSE;
    }
  if (follow_up == FOLLOW_UP_LIFE_EVENT)
    {
      g_autoptr(LoketRecord) event = chosen_life_event (self);

      if (event == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("Choose the life event."));
          return FALSE;
        }
    }
  if (follow_up == FOLLOW_UP_CALLBACK && anonymous && *phone == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Type the phone number to call back."));
      return FALSE;
    }
  return TRUE;
}

static char *
add_callback (LoketContactDialog *self, const char *customer_id, GError **error)
{
  g_autofree char *phone = entry_text (self->phone_row);
  g_autofree char *topic = entry_text (self->topic_row);
  LoketCallbackInput input = { 0 };

  input.customer_id = customer_id;
  input.phone = nonempty (phone);
  input.contact_moment_id = self->contact_id;
  input.subject = *topic != '\0' ? topic : _("Call back");
  loket_callback_assignees_apply (self->assignees,
                                  adw_combo_row_get_selected (self->callback_for_row), &input);
  return loket_replica_add_callback (self->replica, &input, error);
}

static void
register_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketContactDialog *self = LOKET_CONTACT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *topic = entry_text (self->topic_row);
  g_autofree char *referred = entry_text (self->referred_row);
  guint follow_up = adw_combo_row_get_selected (self->follow_up_row);
  guint channel = adw_combo_row_get_selected (self->channel_row);
  LoketContactInput input = { 0 };

  if (self->contact_id != NULL)
    return;
  if (!check_follow_up (self, &error) || !customer_for_contact (self, &input.customer_id, &error))
    {
      show_error (self, error->message);
      return;
    }
  input.channel = channels[MIN (channel, G_N_ELEMENTS (channels) - 1)];
  input.topic = topic;
  input.product_id = chosen (self->product_ids, gtk_drop_down_get_selected (self->product_drop));
  input.article_id = self->article_id;
  input.resolved_first_contact = gtk_switch_get_active (self->resolved_switch);
  input.referred_to = nonempty (referred);
  if ((self->contact_id = loket_replica_add_contact_moment (self->replica, &input, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* The contact is in; a follow-up that fails now is said, and the clerk can make it from the
   * case or customer afterwards. */
  if (follow_up == FOLLOW_UP_CASE)
    {
      LoketCaseInput kase = { 0 };

      kase.case_type_id = chosen (self->case_type_ids,
                                  adw_combo_row_get_selected (self->case_type_row));
      kase.customer_id = input.customer_id;
      kase.product_id = input.product_id;
      kase.subject = nonempty (topic);
      kase.contact_moment_id = self->contact_id;
      self->case_id = loket_replica_create_case (self->replica, &kase, &error);
    }
  else if (follow_up == FOLLOW_UP_LIFE_EVENT)
    {
      g_autoptr(LoketRecord) event = chosen_life_event (self);
      g_autoptr(GPtrArray) case_ids = loket_replica_open_life_event (self->replica,
                                                                     loket_record_get_id (event),
                                                                     input.customer_id,
                                                                     self->contact_id, &error);

      if (case_ids != NULL)
        self->case_id = g_strdup (g_ptr_array_index (case_ids, 0));
    }
  else if (follow_up == FOLLOW_UP_CALLBACK)
    {
      g_autofree char *callback_id = add_callback (self, input.customer_id, &error);
    }
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The contact is registered, but its "
                                                     "follow-up is not: %s"), error->message);

      show_error (self, message);
      gtk_widget_set_sensitive (self->register_button, FALSE);
      return;
    }
  g_signal_emit (self, signals[REGISTERED], 0, self->contact_id, self->case_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* Escape in the customer search when it is empty. */
static void
escape_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- GObject ------------------------------------------------------------------------------- */

static void
loket_contact_dialog_constructed (GObject *object)
{
  LoketContactDialog *self = LOKET_CONTACT_DIALOG (object);
  guint channel = 0;

  G_OBJECT_CLASS (loket_contact_dialog_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  for (guint i = 0; self->channel != NULL && i < G_N_ELEMENTS (channels); i++)
    if (g_str_equal (channels[i], self->channel))
      channel = i;
  adw_combo_row_set_selected (self->channel_row, channel);

  self->customer = LOKET_BOOKING_CUSTOMER (loket_booking_customer_new (self->replica));
  adw_preferences_group_add (self->customer_group, GTK_WIDGET (self->customer));
  g_signal_connect_swapped (self->customer, "changed", G_CALLBACK (on_customer_changed), self);
  g_signal_connect_swapped (self->customer, "done", G_CALLBACK (on_customer_done), self);
  load_products (self);
  load_case_types (self);
  load_assignees (self);
  load_life_events (self);
  on_life_event_selected (self);
  loket_booking_customer_focus (self->customer);
}

static void
loket_contact_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LOKET_TYPE_CONTACT_DIALOG);
  G_OBJECT_CLASS (loket_contact_dialog_parent_class)->dispose (object);
}

static void
loket_contact_dialog_finalize (GObject *object)
{
  LoketContactDialog *self = LOKET_CONTACT_DIALOG (object);

  g_clear_object (&self->replica);
  g_free (self->channel);
  g_ptr_array_unref (self->product_ids);
  g_ptr_array_unref (self->product_types);
  g_free (self->article_id);
  g_ptr_array_unref (self->case_type_ids);
  g_clear_pointer (&self->assignees, loket_callback_assignees_free);
  g_clear_object (&self->life_events);
  g_free (self->contact_id);
  g_free (self->case_id);
  G_OBJECT_CLASS (loket_contact_dialog_parent_class)->finalize (object);
}

static void
loket_contact_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketContactDialog *self = LOKET_CONTACT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_CHANNEL:
      self->channel = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_contact_dialog_class_init (LoketContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_contact_dialog_constructed;
  object_class->dispose = loket_contact_dialog_dispose;
  object_class->finalize = loket_contact_dialog_finalize;
  object_class->set_property = loket_contact_dialog_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REGISTERED] = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                      G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, register_button);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, customer_group);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, topic_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, product_drop);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, article_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, clear_article_button);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, resolved_switch);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, referred_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, case_type_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, life_event_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, callback_for_row);
  gtk_widget_class_bind_template_child (widget_class, LoketContactDialog, phone_row);
  gtk_widget_class_bind_template_callback (widget_class, on_product_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_anonymous_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_case_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_follow_up_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_life_event_selected);

  gtk_widget_class_install_action (widget_class, "contact.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "booking.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "contact.find-article", NULL,
                                   find_article_action);
  gtk_widget_class_install_action (widget_class, "contact.clear-article", NULL,
                                   clear_article_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "contact.register", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "contact.register", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* The main window's knowledge-base shortcut, here choosing the article that answered. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "contact.find-article", NULL);
}

static void
loket_contact_dialog_init (LoketContactDialog *self)
{
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  self->product_types = g_ptr_array_new_with_free_func (g_free);
  self->case_type_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- Public API ------------------------------------------------------------------------------ */

GtkWidget *
loket_contact_dialog_new (LoketReplica *replica, const char *channel)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_CONTACT_DIALOG, "replica", replica, "channel", channel, NULL);
}

void
loket_contact_dialog_choose_customer (LoketContactDialog *self, const char *id, const char *name)
{
  g_return_if_fail (LOKET_IS_CONTACT_DIALOG (self));

  gtk_switch_set_active (self->anonymous_switch, id == NULL);
  if (id != NULL)
    loket_booking_customer_choose (self->customer, id, name);
}

gboolean
loket_contact_dialog_select_product (LoketContactDialog *self, const char *product_id)
{
  g_return_val_if_fail (LOKET_IS_CONTACT_DIALOG (self), FALSE);

  for (guint i = 0; i < self->product_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->product_ids, i), product_id) == 0)
      {
        gtk_drop_down_set_selected (self->product_drop, i);
        return TRUE;
      }
  return FALSE;
}

const char *
loket_contact_dialog_get_channel (LoketContactDialog *self)
{
  guint channel;

  g_return_val_if_fail (LOKET_IS_CONTACT_DIALOG (self), NULL);

  channel = adw_combo_row_get_selected (self->channel_row);
  return channels[MIN (channel, G_N_ELEMENTS (channels) - 1)];
}

const char *
loket_contact_dialog_get_contact_id (LoketContactDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CONTACT_DIALOG (self), NULL);

  return self->contact_id;
}

const char *
loket_contact_dialog_get_article_id (LoketContactDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CONTACT_DIALOG (self), NULL);

  return self->article_id;
}

const char *
loket_contact_dialog_get_case_id (LoketContactDialog *self)
{
  g_return_val_if_fail (LOKET_IS_CONTACT_DIALOG (self), NULL);

  return self->case_id;
}
