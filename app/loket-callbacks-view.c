/* loket-callbacks-view.c — the open callbacks of me and my team (loket-callbacks-view.h).
 *
 * The list is a GListStore updated in place, so a refresh after a sync keeps the rows and the
 * focus.  An outcome asks for an optional note first (what was agreed, or that a message was
 * left), in a small dialog whose Enter saves.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-callback-assignee.h"
#include "loket-callbacks-view.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-casework.h"
#include "loket-replica-customers.h"
#include "loket-time.h"

struct _LoketCallbacksView
{
  AdwBin            parent_instance;

  LoketReplica     *replica;
  GTimeZone        *tz;
  GListStore       *store;
  guint             refresh_id;
  AdwMessageDialog *dialog;     /* while open (until destroyed) */

  GtkLabel         *summary;
  GtkStack         *stack;
  GtkListBox       *list;
};

G_DEFINE_FINAL_TYPE (LoketCallbacksView, loket_callbacks_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (GtkWidget *widget, const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* "maandag 23 november 2026 17:00" */
static char *
moment_words (GTimeZone *tz, const char *iso)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  gint64 at;
  GDate date;

  if (!loket_protocol_parse_time (iso, &at))
    return g_strdup (iso);
  loket_time_local_date (tz, at, &date);
  day = loket_time_format_day (&date, tz);
  clock = loket_time_format_clock (iso, tz);
  return g_strdup_printf ("%s %s", day, clock);
}

/* ---- rows ------------------------------------------------------------------------------------ */

static GtkWidget *
outcome_button (LoketRecord *record, const char *outcome, const char *label, const char *a11y)
{
  g_autofree char *name = g_strdup_printf ("callback-%s-%s", outcome,
                                           loket_record_get_id (record));
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                    loket_record_get_id (record), outcome);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "callbacks.settle");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return button;
}

/* "Jan Jansen · 06 12345678", then when it is due and for whom. */
static char *
row_subtitle (LoketCallbacksView *self, LoketRecord *record)
{
  const char *name = loket_record_get_string (record, "customer_name");
  const char *phone = loket_record_get_string (record, "call_phone");
  const char *person = loket_record_get_string (record, "assigned_user_name");
  const char *team = loket_record_get_string (record, "assigned_team_name");
  g_autofree char *due = moment_words (self->tz, loket_record_get_string (record, "due_at"));
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  who = *name != '\0' && *phone != '\0' ? g_strdup_printf ("%s · %s", name, phone)
        : g_strdup (*name != '\0' ? name : *phone != '\0' ? phone : _("No number"));
  /* Translators: when a callback is due, and for whom (a colleague or a team) */
  when = g_strdup_printf (_("Due %s · for %s"), due, *person != '\0' ? person : team);
  if (g_str_equal (loket_record_get_string (record, "outcome"), "not_reached"))
    {
      g_autofree char *tried = moment_words (self->tz,
                                             loket_record_get_string (record, "outcome_at"));

      /* Translators: the callback, then when the customer was last tried in vain */
      return g_strdup_printf (_("%s\n%s · not reached %s"), who, when, tried);
    }
  return g_strdup_printf ("%s\n%s", who, when);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  LoketCallbacksView *self = user_data;
  LoketRecord *record = item;
  g_autofree char *subtitle = row_subtitle (self, record);
  GtkWidget *row = adw_action_row_new ();
  const char *customer_id = loket_record_get_string (record, "customer_id");

  gtk_widget_set_name (row, loket_record_get_id (record));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 loket_record_get_string (record, "subject"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (loket_record_get_int (record, "overdue"))
    {
      GtkWidget *late = gtk_label_new (_("Overdue"));

      gtk_widget_add_css_class (late, "error");
      gtk_widget_set_valign (late, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), late);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             outcome_button (record, "done", _("_Done"),
                                             _("Done: the customer was called back")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             outcome_button (record, "not_reached", _("_Not Reached"),
                                             _("Not reached: try again later")));
  /* Enter on the row opens the customer's card. */
  if (*customer_id != '\0')
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", customer_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-customer");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }
  return row;
}

/* ---- refreshing ------------------------------------------------------------------------------ */

static void
refresh (LoketCallbacksView *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GListModel) fresh = loket_replica_list_callbacks_at (self->replica, now);
  guint n = g_list_model_get_n_items (fresh), late = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (fresh, i);

      late += loket_record_get_int (row, "overdue") != 0;
    }
  loket_record_store_update (self->store, fresh);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  /* Translators: "4 open callbacks, 2 overdue" */
  summary = g_strdup_printf (ngettext ("%u open callback, %u overdue",
                                       "%u open callbacks, %u overdue", n), n, late);
  gtk_label_set_text (self->summary, summary);
}

static gboolean
refresh_idle (gpointer data)
{
  LoketCallbacksView *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_replica_changed (LoketCallbacksView *self, const char *entity)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* ---- outcomes -------------------------------------------------------------------------------- */

static void
on_dialog_destroy (LoketCallbacksView *self, GtkWidget *dialog)
{
  if (self->dialog == ADW_MESSAGE_DIALOG (dialog))
    self->dialog = NULL;
}

/* The one dialog open at a time, until it is destroyed. */
static void
remember_dialog (LoketCallbacksView *self, AdwMessageDialog *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
}

static void
on_settle_response (AdwMessageDialog *dialog, const char *response, LoketCallbacksView *self)
{
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  const char *id = g_object_get_data (G_OBJECT (dialog), "callback-id");
  const char *outcome = g_object_get_data (G_OBJECT (dialog), "outcome");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_str_equal (response, "accept"))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (note)));
  if (!loket_replica_settle_callback (self->replica, id, outcome, *text != '\0' ? text : NULL,
                                      &error))
    {
      toast (GTK_WIDGET (self), error->message);
      return;
    }
  toast (GTK_WIDGET (self), g_str_equal (outcome, "done") ? _("Callback done.")
                                                          : _("Noted: not reached. It stays "
                                                              "on the list."));
  refresh (self);
}

static AdwMessageDialog *
message_dialog_new (GtkWidget *parent, const char *heading, const char *body,
                    const char *accept, GtkWidget *extra)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "accept", accept, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return ADW_MESSAGE_DIALOG (dialog);
}

static GtkWidget *
entry_new (const char *name, const char *placeholder, const char *a11y)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return entry;
}

static void
settle_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (widget);
  const char *id, *outcome;
  gboolean done;
  GtkWidget *note;
  AdwMessageDialog *dialog;

  g_variant_get (parameter, "(&s&s)", &id, &outcome);
  done = g_str_equal (outcome, "done");
  note = entry_new ("callback-note", done ? _("What was agreed (optional)")
                                          : _("E.g. left a voicemail (optional)"),
                    _("Note"));
  dialog = message_dialog_new (widget, done ? _("Callback Done") : _("Customer Not Reached"),
                               done ? _("The customer was called back.")
                                    : _("The callback stays on the list to try again."),
                               _("_Save"), note);
  g_object_set_data_full (G_OBJECT (dialog), "callback-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "outcome", g_strdup (outcome), g_free);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_settle_response), self, 0);
  remember_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (widget);
  AdwMessageDialog *dialog = loket_callback_dialog_new (widget, self->replica, NULL, NULL);

  remember_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- a new callback -------------------------------------------------------------------------- */

typedef struct {
  LoketReplica *replica;
  GWeakRef      parent;
  char         *customer_id;
  GtkEditable  *subject;
  GtkEditable  *phone;
  GtkDropDown  *assignee;
  LoketCallbackAssignees *assignees;  /* by assignee position */
} NewCallback;

static void
new_callback_free (gpointer data)
{
  NewCallback *nc = data;

  g_object_unref (nc->replica);
  g_weak_ref_clear (&nc->parent);
  g_free (nc->customer_id);
  loket_callback_assignees_free (nc->assignees);
  g_free (nc);
}

/* Save only with a subject, and someone to call. */
static void
on_new_changed (AdwMessageDialog *dialog)
{
  NewCallback *nc = g_object_get_data (G_OBJECT (dialog), "new-callback");
  g_autofree char *subject = g_strstrip (g_strdup (gtk_editable_get_text (nc->subject)));
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (nc->phone)));

  adw_message_dialog_set_response_enabled (dialog, "accept", *subject != '\0'
                                           && (nc->customer_id != NULL || *phone != '\0'));
}

static void
on_new_response (AdwMessageDialog *dialog, const char *response, NewCallback *nc)
{
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&nc->parent);
  g_autofree char *subject = g_strstrip (g_strdup (gtk_editable_get_text (nc->subject)));
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (nc->phone)));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  LoketCallbackInput input = { 0 };

  if (!g_str_equal (response, "accept"))
    return;
  input.customer_id = nc->customer_id;
  input.phone = *phone != '\0' ? phone : NULL;
  input.subject = subject;
  loket_callback_assignees_apply (nc->assignees, gtk_drop_down_get_selected (nc->assignee),
                                  &input);
  id = loket_replica_add_callback (nc->replica, &input, &error);
  if (parent != NULL)
    toast (parent, id != NULL ? _("Callback noted: due by the end of the next working day.")
                              : error->message);
}

static GtkWidget *
assignee_new (NewCallback *nc)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *drop = NULL;

  nc->assignees = loket_callback_assignees_new (nc->replica, names);
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (drop),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), TRUE);
  gtk_widget_set_name (drop, "callback-for");
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who calls back"), -1);
  return drop;
}

AdwMessageDialog *
loket_callback_dialog_new (GtkWidget *parent, LoketReplica *replica, const char *customer_id,
                           const char *subject)
{
  g_autoptr(LoketRecord) customer = customer_id != NULL
                                    ? loket_replica_get_customer (replica, customer_id) : NULL;
  NewCallback *nc = g_new0 (NewCallback, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *subject_entry = entry_new ("callback-subject", _("What to call back about"),
                                        _("Subject"));
  GtkWidget *phone_entry = entry_new ("callback-phone", customer_id != NULL
                                      ? _("Phone number (else the customer's)")
                                      : _("Phone number"), _("Phone number"));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (parent) && LOKET_IS_REPLICA (replica), NULL);

  nc->replica = g_object_ref (replica);
  g_weak_ref_init (&nc->parent, parent);
  nc->customer_id = g_strdup (customer_id);
  nc->subject = GTK_EDITABLE (subject_entry);
  nc->phone = GTK_EDITABLE (phone_entry);
  nc->assignee = GTK_DROP_DOWN (assignee_new (nc));
  gtk_editable_set_text (nc->subject, subject != NULL ? subject : "");
  if (customer != NULL)
    gtk_editable_set_text (nc->phone, loket_record_get_string (customer, "phone"));
  gtk_box_append (GTK_BOX (box), subject_entry);
  gtk_box_append (GTK_BOX (box), phone_entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (nc->assignee));
  /* Translators: the customer a new callback is for */
  body = customer != NULL ? g_strdup_printf (_("Call %s back within one working day."),
                                             loket_record_get_string (customer, "name"))
                          : g_strdup (_("Call back within one working day."));
  dialog = message_dialog_new (parent, _("New Callback"), body, _("_Add Callback"), box);
  g_object_set_data_full (G_OBJECT (dialog), "new-callback", nc, new_callback_free);
  g_signal_connect_swapped (subject_entry, "changed", G_CALLBACK (on_new_changed), dialog);
  g_signal_connect_swapped (phone_entry, "changed", G_CALLBACK (on_new_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_new_response), nc);
  on_new_changed (dialog);
  return dialog;
}

/* ---- construction ---------------------------------------------------------------------------- */

static GtkWidget *
build_header (LoketCallbacksView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = g_object_new (GTK_TYPE_LABEL, "label", _("Callbacks"),
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("New _Callback…"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  gtk_widget_set_name (GTK_WIDGET (self->summary), "callbacks-summary");
  gtk_box_append (GTK_BOX (titles), title);
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->summary));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_name (button, "callbacks-new");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "callbacks.new");
  gtk_box_append (GTK_BOX (box), titles);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
build (LoketCallbacksView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *empty = adw_status_page_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  g_object_set (box, "margin-top", 18, "margin-bottom", 18, "margin-start", 12,
                "margin-end", 12, NULL);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "call-start-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Callbacks"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Nobody is waiting for a call from you or your team."));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "callbacks-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open callbacks"), -1);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->list), "list");
  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

static void
loket_callbacks_view_constructed (GObject *object)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (object);

  G_OBJECT_CLASS (loket_callbacks_view_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->tz = loket_replica_get_timezone (self->replica, NULL);
  build (self);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->store), create_row, self, NULL);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
loket_callbacks_view_dispose (GObject *object)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  self->list = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (loket_callbacks_view_parent_class)->dispose (object);
}

static void
loket_callbacks_view_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_callbacks_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketCallbacksView *self = LOKET_CALLBACKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_callbacks_view_class_init (LoketCallbacksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_callbacks_view_constructed;
  object_class->dispose = loket_callbacks_view_dispose;
  object_class->get_property = loket_callbacks_view_get_property;
  object_class->set_property = loket_callbacks_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "callbacks.settle", "(ss)", settle_action);
  gtk_widget_class_install_action (widget_class, "callbacks.new", NULL, new_action);
}

static void
loket_callbacks_view_init (LoketCallbacksView *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
}

GtkWidget *
loket_callbacks_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_CALLBACKS_VIEW, "replica", replica, NULL);
}

GListModel *
loket_callbacks_view_get_model (LoketCallbacksView *self)
{
  g_return_val_if_fail (LOKET_IS_CALLBACKS_VIEW (self), NULL);
  return G_LIST_MODEL (self->store);
}

AdwMessageDialog *
loket_callbacks_view_get_dialog (LoketCallbacksView *self)
{
  g_return_val_if_fail (LOKET_IS_CALLBACKS_VIEW (self), NULL);
  return self->dialog;
}
