/* loket-case-detail.c — one case on the Cases page (loket-case-detail.h).
 *
 * The sections are GListStores updated in place with loket_record_store_update, so reading the
 * case again after a sync that changed nothing keeps the rows and the focus.  The moves a case
 * may make next come from the replica (loket_replica_list_case_statuses): the menu never offers
 * one the replica would refuse.  The rows are made in loket-case-detail-rows.c, the dialogs in
 * loket-case-detail-dialogs.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-callbacks-view.h"
#include "loket-case-detail-private.h"
#include "loket-record.h"
#include "loket-replica-casework.h"

enum {
  FACT_CUSTOMER, FACT_PRODUCT, FACT_TYPE, FACT_TEAM, FACT_ASSIGNEE, FACT_DEADLINE, FACT_ARCHIVE,
  N_FACTS
};

static const struct { const char *name; const char *title; } fact_info[N_FACTS] = {
  { "case-fact-customer", N_("Customer") },
  { "case-fact-product", N_("Product") },
  { "case-fact-type", N_("Case type") },
  { "case-fact-team", N_("Team") },
  { "case-fact-assignee", N_("Assigned to") },
  { "case-fact-deadline", N_("Deadline") },
  { "case-fact-archive", N_("Archive") },
};

G_STATIC_ASSERT (N_FACTS == G_N_ELEMENTS (((LoketCaseDetail *) NULL)->fact_rows));

G_DEFINE_FINAL_TYPE (LoketCaseDetail, loket_case_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EDITED,
  SIGNAL_OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_case (LoketCaseDetail *self);

/* ---- reading the case ------------------------------------------------------------------------ */

static void
update_status_menu (LoketCaseDetail *self)
{
  g_autoptr(GListModel) statuses = loket_replica_list_case_statuses (self->replica,
                                                                     self->case_id);
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < g_list_model_get_n_items (statuses); i++)
    {
      g_autoptr(LoketRecord) status = g_list_model_get_item (statuses, i);
      g_autoptr(GMenuItem) item = NULL;

      if (!loket_record_get_int (status, "allowed"))
        continue;
      item = g_menu_item_new (loket_record_get_string (status, "name"), NULL);
      g_menu_item_set_action_and_target_value (item, "case.set-status",
        g_variant_new_string (loket_record_get_string (status, "name")));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->status_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_button),
                            g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

/* "vrijdag 4 december 2026 (3 working days left)", or, while the case waits, since when. */
static char *
deadline_fact (LoketCaseDetail *self, LoketRecord *kase)
{
  g_autofree char *day = loket_case_detail_date_words (self, loket_record_get_string (kase, "deadline"));
  g_autofree char *words = loket_case_deadline_words (kase);
  g_autofree char *since = NULL;
  g_autofree char *paused = NULL;

  if (!loket_record_is_null (kase, "closed_at") || loket_record_is_null (kase, "suspended_since"))
    return g_strdup_printf ("%s (%s)", day, words);
  since = loket_case_detail_moment (self, loket_record_get_string (kase, "suspended_since"));
  /* Translators: the case waits for the customer since a moment; the deadline does not run */
  paused = g_strdup_printf (_("Clock paused since %s: waiting for the customer"), since);
  /* A case that waits only since its deadline passed stays overdue. */
  if (g_str_equal (loket_record_get_string (kase, "deadline_state"), "overdue"))
    return g_strdup_printf ("%s (%s)", paused, words);
  return g_steal_pointer (&paused);
}

/* "Destroy on 1 December 2027" once the case is closed. */
static char *
archive_fact (LoketCaseDetail *self, LoketRecord *kase)
{
  g_autofree char *day = NULL;

  if (loket_record_is_null (kase, "archive_date"))
    return g_strdup ("");
  day = loket_case_detail_date_words (self, loket_record_get_string (kase, "archive_date"));
  if (g_str_equal (loket_record_get_string (kase, "archive_action"), "vernietigen"))
    return g_strdup_printf (_("Destroy on %s"), day);
  return g_strdup_printf (_("Transfer to the archive on %s"), day);
}

static void
update_facts (LoketCaseDetail *self)
{
  LoketRecord *kase = self->current;
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (kase, "reference"),
                                            loket_record_get_string (kase, "subject"));
  g_autofree char *deadline = deadline_fact (self, kase);
  g_autofree char *archive = archive_fact (self, kase);
  const char *customer_id = loket_record_get_string (kase, "customer_id");
  const char *values[N_FACTS] = {
    loket_record_get_string (kase, "customer_name"),
    loket_record_get_string (kase, "product_name"),
    loket_record_get_string (kase, "case_type_name"),
    loket_record_get_string (kase, "team_name"),
    loket_record_get_string (kase, "assignee_name"),
    deadline,
    archive,
  };
  GtkListBoxRow *customer = GTK_LIST_BOX_ROW (self->fact_rows[FACT_CUSTOMER]);

  gtk_label_set_text (self->title_label, title);
  for (guint i = 0; i < N_FACTS; i++)
    adw_action_row_set_subtitle (self->fact_rows[i], *values[i] != '\0' ? values[i] : _("None"));
  gtk_widget_set_visible (GTK_WIDGET (self->fact_rows[FACT_ARCHIVE]), *archive != '\0');
  /* The customer's name opens their card. */
  gtk_list_box_row_set_activatable (customer, *customer_id != '\0');
  /* The target before the name: an action named without it would not match its type. */
  if (*customer_id == '\0')
    gtk_actionable_set_action_name (GTK_ACTIONABLE (customer), NULL);
  else
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (customer), "s", customer_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (customer), "win.show-customer");
    }
}

/* Whether the case has a product to book a visit for (its type's intake, or its own). */
static gboolean
has_visit_product (LoketCaseDetail *self)
{
  g_autofree char *product = loket_replica_case_visit_product (self->replica, self->case_id);

  return product != NULL;
}

/* Which actions the case allows now: decided here only. */
static void
update_actions (LoketCaseDetail *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  gboolean shown = self->current != NULL;
  gboolean open = shown && loket_record_is_null (self->current, "closed_at");
  gboolean waiting = open && !loket_record_is_null (self->current, "suspended_since");
  gboolean mine = shown && user != NULL
                  && g_str_equal (loket_record_get_string (self->current, "assignee_id"),
                                  loket_record_get_id (user));
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "case.assign-to-me", open && user != NULL && !mine);
  gtk_widget_action_set_enabled (widget, "case.add-note", shown);
  gtk_widget_action_set_enabled (widget, "case.set-status", shown);
  gtk_widget_action_set_enabled (widget, "case.suspend", open && !waiting);
  gtk_widget_action_set_enabled (widget, "case.assign", open);
  gtk_widget_action_set_enabled (widget, "case.resume", waiting);
  gtk_widget_action_set_enabled (widget, "case.new-callback", shown);
  gtk_widget_action_set_enabled (widget, "case.add-document", shown);
  gtk_widget_action_set_enabled (widget, "case.book", open && has_visit_product (self));
  gtk_widget_action_set_enabled (widget, "case.link", shown);
  /* One of the two, in the same place: what the case can do now. */
  gtk_widget_set_visible (self->suspend_button, !waiting);
  gtk_widget_set_visible (self->resume_button, waiting);
}

static void
update_sections (LoketCaseDetail *self)
{
  const char *id = self->case_id;
  g_autoptr(GListModel) history = loket_replica_list_case_history (self->replica, id);
  g_autoptr(GListModel) notes = loket_replica_list_notes (self->replica, id);
  g_autoptr(GListModel) documents = loket_replica_list_case_documents (self->replica, id);
  g_autoptr(GListModel) links = loket_replica_list_case_links (self->replica, id);
  g_autoptr(GListModel) contacts = loket_replica_list_case_contacts (self->replica, id);
  g_autoptr(GListModel) appointments = loket_replica_list_case_appointments (self->replica, id);

  /* The current mark may move without the rows changing: the timeline is made again. */
  g_list_store_remove_all (self->timeline_store);
  loket_record_store_update (self->timeline_store, history);
  loket_record_store_update (self->notes_store, notes);
  loket_record_store_update (self->documents_store, documents);
  loket_record_store_update (self->links_store, links);
  loket_record_store_update (self->contacts_store, contacts);
  loket_record_store_update (self->appointments_store, appointments);
}

static void
read_case (LoketCaseDetail *self)
{
  g_clear_object (&self->current);
  if (self->case_id != NULL)
    self->current = loket_replica_get_case_row (self->replica, self->case_id);
  update_actions (self);
  if (self->current == NULL)
    return;
  update_sections (self);
  update_facts (self);
  update_status_menu (self);
}

/* ---- reporting ------------------------------------------------------------------------------- */

void
loket_case_detail_toast (LoketCaseDetail *self, const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

void
loket_case_detail_report (LoketCaseDetail *self, gboolean ok, const char *done, GError *error)
{
  loket_case_detail_toast (self, ok ? done : error->message);
  if (!ok)
    return;
  /* At once, not at the next idle: the clerk's next key sees it. */
  read_case (self);
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

static void
on_dialog_destroy (LoketCaseDetail *self, GtkWidget *dialog)
{
  if (self->dialog == ADW_MESSAGE_DIALOG (dialog))
    self->dialog = NULL;
}

/* The one dialog open at a time, until it is destroyed (not finalized: a closed dialog may
 * live on a little while something still holds it). */
static void
remember_dialog (LoketCaseDetail *self, AdwMessageDialog *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
}

AdwMessageDialog *
loket_case_detail_ask (LoketCaseDetail *self, const char *heading, const char *body,
                       const char *accept, GtkWidget *extra)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "accept", accept, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (extra != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  remember_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  return self->dialog;
}

/* ---- the clerk's choices --------------------------------------------------------------------- */

static void
set_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);
  const char *status = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_strdup_printf (_("The case is now “%s”."), status);
  gboolean ok;

  if (self->current == NULL)
    return;
  ok = loket_replica_set_case_status (self->replica, self->case_id, status, &error);
  loket_case_detail_report (self, ok, done, error);
}

static void
assign_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->current == NULL || user == NULL)
    return;
  ok = loket_replica_set_case_field (self->replica, self->case_id, "assignee_id",
                                     loket_record_get_id (user), &error);
  loket_case_detail_report (self, ok, _("The case is assigned to you."), error);
}

static void
add_note_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *customer_id;

  if (self->current == NULL)
    return;
  if (*body == '\0')
    {
      loket_case_detail_toast (self, _("Write the note first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
      return;
    }
  customer_id = loket_record_get_string (self->current, "customer_id");
  id = loket_replica_add_note (self->replica, self->case_id,
                               *customer_id != '\0' ? customer_id : NULL, body, &error);
  if (id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  loket_case_detail_report (self, id != NULL, _("Note added."), error);
}

static void
on_note_activate (LoketCaseDetail *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "case.add-note", NULL);
}

static void
assign_other_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);

  if (self->current != NULL)
    loket_case_detail_assign_dialog (self);
}

static void
suspend_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);

  if (self->current != NULL)
    loket_case_detail_suspend_dialog (self);
}

static void
resume_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->current == NULL)
    return;
  ok = loket_replica_suspend_case (self->replica, self->case_id, FALSE, NULL, &error);
  loket_case_detail_report (self, ok, _("The deadline runs again."), error);
}

static void
document_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);

  if (self->current != NULL)
    loket_case_detail_document_dialog (self);
}

/* The agenda's booking dialog, started for this case (win.book-for-case, when the window has
 * it): the intake product and the customer chosen, the appointment linked. */
static void
book_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);

  if (self->current != NULL)
    gtk_widget_activate_action (widget, "win.book-for-case", "s", self->case_id);
}

static void
link_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);

  if (self->current != NULL)
    loket_case_detail_link_dialog (self);
}

static void
new_callback_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (widget);
  const char *customer_id;
  g_autofree char *subject = NULL;
  AdwMessageDialog *dialog;

  if (self->current == NULL)
    return;
  customer_id = loket_record_get_string (self->current, "customer_id");
  /* Translators: the subject a new callback about a case starts with: its reference */
  subject = g_strdup_printf (_("About case %s"), loket_record_get_string (self->current,
                                                                         "reference"));
  dialog = loket_callback_dialog_new (GTK_WIDGET (self), self->replica,
                                      *customer_id != '\0' ? customer_id : NULL, subject);
  remember_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_case_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_OPEN_CASE], 0, g_variant_get_string (parameter, NULL));
}

/* A path on the file share becomes a file: URI; a link is opened as it is. */
static void
open_document_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  const char *location = g_variant_get_string (parameter, NULL);
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (g_path_is_absolute (location))
    uri = g_filename_to_uri (location, NULL, NULL);
  else if (g_uri_peek_scheme (location) != NULL)
    uri = g_strdup (location);
  if (uri == NULL)
    {
      loket_case_detail_toast (LOKET_CASE_DETAIL (widget),
                               _("This document has no place Loket can open."));
      return;
    }
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* ---- construction ---------------------------------------------------------------------------- */

static void
add_fact_rows (LoketCaseDetail *self)
{
  for (guint i = 0; i < N_FACTS; i++)
    {
      GtkWidget *row = loket_case_detail_row_new (_(fact_info[i].title), NULL);

      gtk_widget_set_name (row, fact_info[i].name);
      self->fact_rows[i] = ADW_ACTION_ROW (row);
      gtk_list_box_append (self->facts, row);
    }
  adw_action_row_add_suffix (self->fact_rows[FACT_CUSTOMER],
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fact_rows[FACT_CUSTOMER]),
                               _("Open the customer card"));
}

static void
bind_sections (LoketCaseDetail *self)
{
  const struct {
    GtkListBox *box;
    GListStore *store;
    GtkListBoxCreateWidgetFunc create;
    const char *empty;
  } sections[] = {
    { self->timeline, self->timeline_store, loket_case_detail_create_timeline_row, N_("No status changes yet.") },
    { self->notes, self->notes_store, loket_case_detail_create_note_row, N_("No notes yet.") },
    { self->documents, self->documents_store, loket_case_detail_create_document_row, N_("No documents yet.") },
    { self->links, self->links_store, loket_case_detail_create_link_row, N_("No linked cases.") },
    { self->contacts, self->contacts_store, loket_case_detail_create_contact_row,
      N_("No contact moments about this case.") },
    { self->appointments, self->appointments_store, loket_case_detail_create_appointment_row,
      N_("No appointments for this case.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gtk_list_box_bind_model (sections[i].box, G_LIST_MODEL (sections[i].store),
                               sections[i].create, self, NULL);
      gtk_list_box_set_placeholder (sections[i].box, loket_case_detail_placeholder_new (_(sections[i].empty)));
    }
}

static void
loket_case_detail_constructed (GObject *object)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (object);

  G_OBJECT_CLASS (loket_case_detail_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->tz = loket_replica_get_timezone (self->replica, NULL);
  add_fact_rows (self);
  bind_sections (self);
  g_signal_connect_object (self->note_entry, "activate", G_CALLBACK (on_note_activate), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
loket_case_detail_dispose (GObject *object)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->timeline != NULL)
    {
      GtkListBox *boxes[] = { self->timeline, self->notes, self->documents, self->links,
                              self->contacts, self->appointments };

      for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
        gtk_list_box_bind_model (boxes[i], NULL, NULL, NULL, NULL);
    }
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CASE_DETAIL);
  g_clear_object (&self->timeline_store);
  g_clear_object (&self->notes_store);
  g_clear_object (&self->documents_store);
  g_clear_object (&self->links_store);
  g_clear_object (&self->contacts_store);
  g_clear_object (&self->appointments_store);
  g_clear_object (&self->current);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->case_id, g_free);

  G_OBJECT_CLASS (loket_case_detail_parent_class)->dispose (object);
}

static void
loket_case_detail_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (object);

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
loket_case_detail_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  LoketCaseDetail *self = LOKET_CASE_DETAIL (object);

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
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "case.assign-to-me", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "case.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "case.suspend", NULL, suspend_action);
  gtk_widget_class_install_action (widget_class, "case.assign", NULL, assign_other_action);
  gtk_widget_class_install_action (widget_class, "case.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "case.new-callback", NULL, new_callback_action);
  gtk_widget_class_install_action (widget_class, "case.add-document", NULL, document_action);
  gtk_widget_class_install_action (widget_class, "case.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "case.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "case.open-case", "s", open_case_action);
  gtk_widget_class_install_action (widget_class, "case.open-document", "s",
                                   open_document_action);
}

static void
loket_case_detail_class_init (LoketCaseDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_case_detail_constructed;
  object_class->dispose = loket_case_detail_dispose;
  object_class->get_property = loket_case_detail_get_property;
  object_class->set_property = loket_case_detail_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  install_actions (widget_class);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-case-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, status_button);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, suspend_button);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, facts);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, timeline);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, notes);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, note_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, documents);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, links);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, contacts);
  gtk_widget_class_bind_template_child (widget_class, LoketCaseDetail, appointments);
}

static void
loket_case_detail_init (LoketCaseDetail *self)
{
  self->timeline_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->notes_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->documents_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->links_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->contacts_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->appointments_store = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public ---------------------------------------------------------------------------------- */

GtkWidget *
loket_case_detail_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_CASE_DETAIL, "replica", replica, NULL);
}

gboolean
loket_case_detail_show_case (LoketCaseDetail *self, const char *case_id)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), FALSE);

  if (g_strcmp0 (self->case_id, case_id) != 0)
    {
      g_free (self->case_id);
      self->case_id = g_strdup (case_id);
    }
  read_case (self);
  return self->current != NULL;
}

LoketRecord *
loket_case_detail_get_case (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return self->current;
}

GListModel *
loket_case_detail_get_timeline (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return G_LIST_MODEL (self->timeline_store);
}

GListModel *
loket_case_detail_get_notes (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return G_LIST_MODEL (self->notes_store);
}

GListModel *
loket_case_detail_get_documents (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return G_LIST_MODEL (self->documents_store);
}

GListModel *
loket_case_detail_get_links (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return G_LIST_MODEL (self->links_store);
}

GListModel *
loket_case_detail_get_contacts (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return G_LIST_MODEL (self->contacts_store);
}

AdwMessageDialog *
loket_case_detail_get_dialog (LoketCaseDetail *self)
{
  g_return_val_if_fail (LOKET_IS_CASE_DETAIL (self), NULL);
  return self->dialog;
}
