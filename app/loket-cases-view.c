/* loket-cases-view.c — Zaken: the case lists, a case's detail and what a back-office clerk does
 * with it (loket-cases-view.h).
 *
 * The lists, the timeline, the notes and the appointments are GListStores updated in place with
 * loket_record_store_update, so a refresh after a sync that changed nothing keeps the rows, the
 * selection and the focus; the chosen case is remembered by id, so it stays chosen when its row
 * changes and stays shown when it leaves the list (closing moves it to "Closed").  The moves a
 * case may make next come from the replica (loket_replica_list_case_statuses): the menu never
 * offers one the replica would refuse.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "loket-cases-view.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-time.h"

#define CASES_LIMIT 500

enum { FACT_CUSTOMER, FACT_PRODUCT, FACT_TYPE, FACT_TEAM, FACT_ASSIGNEE, FACT_DEADLINE, N_FACTS };

static const char *const fact_titles[N_FACTS] = {
  N_("Customer"), N_("Product"), N_("Case type"), N_("Team"), N_("Assigned to"), N_("Deadline"),
};

static const struct { const char *name; const char *title; } list_info[LOKET_CASE_LIST_N] = {
  { "mine", N_("My Cases") },
  { "team", N_("My Team") },
  { "unassigned", N_("Unassigned") },
  { "at-risk", N_("At Risk") },
  { "overdue", N_("Overdue") },
  { "closed", N_("Closed") },
};

struct _LoketCasesView
{
  AdwBin           parent_instance;

  LoketReplica    *replica;
  GTimeZone       *tz;
  LoketCaseList    list;
  GListStore      *cases;
  GListStore      *timeline_store;
  GListStore      *notes_store;
  GListStore      *appointments_store;
  LoketRecord     *current;      /* the chosen case's row, or NULL */
  char            *selected_id;
  guint            refresh_id;
  gboolean         refreshing;   /* row changes while refreshing are not the clerk's choice */
  guint            counts[LOKET_CASE_LIST_N];
  GtkLabel        *count_labels[LOKET_CASE_LIST_N];
  AdwActionRow    *fact_rows[N_FACTS];

  AdwToastOverlay *toasts;
  GtkSearchEntry  *search_entry;
  GtkListBox      *lists;
  GtkStack        *list_stack;
  AdwStatusPage   *list_empty;
  GtkListBox      *case_list;
  GtkStack        *detail_stack;
  GtkLabel        *title_label;
  GtkMenuButton   *status_button;
  GtkListBox      *facts;
  GtkListBox      *timeline;
  GtkListBox      *notes;
  GtkEntry        *note_entry;
  GtkListBox      *appointments;
};

G_DEFINE_FINAL_TYPE (LoketCasesView, loket_cases_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (LoketCasesView *self);

/* ---- words ----------------------------------------------------------------------------------- */

static void
show_toast (LoketCasesView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

/* "3 working days left", "2 working days overdue", … */
static char *
deadline_words (LoketRecord *row)
{
  const char *state = loket_record_get_string (row, "deadline_state");
  int left = (int) loket_record_get_int (row, "days_left");

  if (g_str_equal (state, "closed"))
    return g_strdup (_("Closed"));
  if (g_str_equal (state, "suspended"))
    return g_strdup (_("Waiting for the customer"));
  if (left < 0)
    return g_strdup_printf (ngettext ("%d working day overdue", "%d working days overdue", -left),
                            -left);
  if (left == 0)
    return g_strdup (_("Due today"));
  return g_strdup_printf (ngettext ("%d working day left", "%d working days left", left), left);
}

static const char *
deadline_class (LoketRecord *row)
{
  const char *state = loket_record_get_string (row, "deadline_state");

  if (g_str_equal (state, "overdue"))
    return "error";
  if (g_str_equal (state, "at_risk"))
    return "warning";
  return "dim-label";
}

/* "maandag 23 november 2026 09:10" for a wire-format UTC time. */
static char *
moment_words (LoketCasesView *self, const char *iso)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  gint64 at;
  GDate date;

  if (!loket_protocol_parse_time (iso, &at))
    return g_strdup (iso);
  loket_time_local_date (self->tz, at, &date);
  day = loket_time_format_day (&date, self->tz);
  clock = loket_time_format_clock (iso, self->tz);
  return g_strdup_printf ("%s %s", day, clock);
}

static char *
date_words (LoketCasesView *self, const char *iso_date)
{
  int y, m, d;
  GDate date;

  if (sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso_date);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return loket_time_format_day (&date, self->tz);
}

/* ---- rows ------------------------------------------------------------------------------------ */

static GtkWidget *
action_row_new (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
suffix_label (GtkWidget *row, const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return label;
}

static GtkWidget *
create_case_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (record, "reference"),
                                            loket_record_get_string (record, "subject"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               loket_record_get_string (record, "customer_name"),
                                               loket_record_get_string (record, "status"));
  g_autofree char *words = deadline_words (record);
  GtkWidget *row = action_row_new (title, subtitle);

  gtk_widget_set_name (row, loket_record_get_id (record));
  suffix_label (row, words, deadline_class (record));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* The timeline's last entry of the case's status is where the case stands now. */
static gboolean
is_current_entry (LoketCasesView *self, LoketRecord *record)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->timeline_store));
  g_autoptr(LoketRecord) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->timeline_store),
                                                               n - 1) : NULL;

  return last == record && self->current != NULL
         && g_str_equal (loket_record_get_string (record, "status"),
                         loket_record_get_string (self->current, "status"));
}

static GtkWidget *
create_timeline_row (gpointer item, gpointer user_data)
{
  LoketCasesView *self = user_data;
  LoketRecord *record = item;
  g_autofree char *when = moment_words (self, loket_record_get_string (record, "at"));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (loket_record_get_int (record, "pending"))
    subtitle = g_strdup_printf (_("%s · %s · not yet synced"), when,
                                loket_record_get_string (record, "by_name"));
  else
    subtitle = g_strdup_printf ("%s · %s", when, loket_record_get_string (record, "by_name"));
  row = action_row_new (loket_record_get_string (record, "status"), subtitle);
  if (is_current_entry (self, record))
    {
      suffix_label (row, _("Current status"), "accent");
      gtk_widget_add_css_class (row, "current");
    }
  return row;
}

static GtkWidget *
create_note_row (gpointer item, gpointer user_data)
{
  LoketCasesView *self = user_data;
  LoketRecord *record = item;
  g_autofree char *when = moment_words (self, loket_record_get_string (record, "created_at"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               loket_record_get_string (record, "author_name"),
                                               when);
  GtkWidget *row = action_row_new (loket_record_get_string (record, "body"), subtitle);

  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
create_appointment_row (gpointer item, gpointer user_data)
{
  LoketCasesView *self = user_data;
  LoketRecord *record = item;
  g_autofree char *when = moment_words (self, loket_record_get_string (record, "start_at"));
  g_autofree char *title = g_strdup_printf ("%s · %s", when,
                                            loket_record_get_string (record, "product_name"));

  return action_row_new (title, loket_record_get_string (record, "capacity_name"));
}

static GtkWidget *
placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  return label;
}

/* ---- refreshing ------------------------------------------------------------------------------ */

static void
update_counts (LoketCasesView *self)
{
  loket_replica_count_cases (self->replica, self->counts);
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->counts[i]);

      gtk_label_set_text (self->count_labels[i], text);
    }
}

static void
reselect (LoketCasesView *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->case_list, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), self->selected_id) == 0)
      {
        gtk_list_box_select_row (self->case_list, row);
        return;
      }
  gtk_list_box_unselect_all (self->case_list);
}

static void
update_cases (LoketCasesView *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GListModel) fresh = loket_replica_list_cases (self->replica, self->list, search,
                                                          CASES_LIMIT);

  loket_record_store_update (self->cases, fresh);
  reselect (self);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (fresh) > 0 ? "list" : "empty");
  adw_status_page_set_description (self->list_empty,
                                   *search != '\0' ? _("No case in this list matches the search.")
                                                   : _("This list holds no cases."));
}

static void
update_status_menu (LoketCasesView *self)
{
  g_autoptr(GListModel) statuses = loket_replica_list_case_statuses (self->replica,
                                                                     self->selected_id);
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < g_list_model_get_n_items (statuses); i++)
    {
      g_autoptr(LoketRecord) status = g_list_model_get_item (statuses, i);
      g_autoptr(GMenuItem) item = NULL;

      if (!loket_record_get_int (status, "allowed"))
        continue;
      item = g_menu_item_new (loket_record_get_string (status, "name"), NULL);
      g_menu_item_set_action_and_target_value (item, "cases.set-status",
        g_variant_new_string (loket_record_get_string (status, "name")));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->status_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_button),
                            g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

static void
update_facts (LoketCasesView *self)
{
  LoketRecord *kase = self->current;
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (kase, "reference"),
                                            loket_record_get_string (kase, "subject"));
  g_autofree char *day = date_words (self, loket_record_get_string (kase, "deadline"));
  g_autofree char *words = deadline_words (kase);
  g_autofree char *deadline = g_strdup_printf ("%s (%s)", day, words);
  const char *values[N_FACTS] = {
    loket_record_get_string (kase, "customer_name"),
    loket_record_get_string (kase, "product_name"),
    loket_record_get_string (kase, "case_type_name"),
    loket_record_get_string (kase, "team_name"),
    loket_record_get_string (kase, "assignee_name"),
    deadline,
  };

  gtk_label_set_text (self->title_label, title);
  for (guint i = 0; i < N_FACTS; i++)
    adw_action_row_set_subtitle (self->fact_rows[i], *values[i] != '\0' ? values[i] : _("None"));
}

static void
update_actions (LoketCasesView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  gboolean open = self->current != NULL && loket_record_is_null (self->current, "closed_at");
  gboolean mine = self->current != NULL && user != NULL
                  && g_str_equal (loket_record_get_string (self->current, "assignee_id"),
                                  loket_record_get_id (user));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.assign-to-me",
                                 open && user != NULL && !mine);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.add-note", self->current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cases.set-status", self->current != NULL);
}

static void
update_detail (LoketCasesView *self)
{
  g_clear_object (&self->current);
  self->current = loket_replica_get_case_row (self->replica, self->selected_id);
  update_actions (self);
  if (self->current == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  {
    g_autoptr(GListModel) history = loket_replica_list_case_history (self->replica,
                                                                     self->selected_id);
    g_autoptr(GListModel) notes = loket_replica_list_notes (self->replica, self->selected_id);
    g_autoptr(GListModel) appointments = loket_replica_list_case_appointments (self->replica,
                                                                               self->selected_id);

    /* The current mark may move without the rows changing: the timeline is made again. */
    g_list_store_remove_all (self->timeline_store);
    loket_record_store_update (self->timeline_store, history);
    loket_record_store_update (self->notes_store, notes);
    loket_record_store_update (self->appointments_store, appointments);
  }
  update_facts (self);
  update_status_menu (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "case");
}

static void
refresh (LoketCasesView *self)
{
  self->refreshing = TRUE;
  update_counts (self);
  update_cases (self);
  update_detail (self);
  self->refreshing = FALSE;
}

static gboolean
refresh_idle (gpointer data)
{
  LoketCasesView *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_replica_changed (LoketCasesView *self, const char *entity)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* ---- the clerk's choices --------------------------------------------------------------------- */

static void
on_list_selected (LoketCasesView *self, GtkListBoxRow *row)
{
  if (row == NULL || self->refreshing)
    return;
  self->list = (LoketCaseList) gtk_list_box_row_get_index (row);
  refresh (self);
}

static void
on_case_selected (LoketCasesView *self, GtkListBoxRow *row)
{
  if (row == NULL || self->refreshing)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));
  self->refreshing = TRUE;
  update_detail (self);
  self->refreshing = FALSE;
}

static void
on_search_changed (LoketCasesView *self)
{
  self->refreshing = TRUE;
  update_cases (self);
  self->refreshing = FALSE;
}

static void
on_note_activate (LoketCasesView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cases.add-note", NULL);
}

static void
report (LoketCasesView *self, gboolean ok, const char *done, GError *error)
{
  show_toast (self, ok ? done : error->message);
  if (ok)
    refresh (self);  /* at once, not at the next idle: the clerk's next key sees it */
}

static void
set_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCasesView *self = LOKET_CASES_VIEW (widget);
  const char *status = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_strdup_printf (_("The case is now “%s”."), status);
  gboolean ok;

  if (self->current == NULL)
    return;
  ok = loket_replica_set_case_status (self->replica, self->selected_id, status, &error);
  report (self, ok, done, error);
}

static void
assign_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCasesView *self = LOKET_CASES_VIEW (widget);
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->current == NULL || user == NULL)
    return;
  ok = loket_replica_set_case_field (self->replica, self->selected_id, "assignee_id",
                                     loket_record_get_id (user), &error);
  report (self, ok, _("The case is assigned to you."), error);
}

static void
add_note_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCasesView *self = LOKET_CASES_VIEW (widget);
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *customer_id;

  if (self->current == NULL)
    return;
  if (*body == '\0')
    {
      show_toast (self, _("Write the note first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
      return;
    }
  customer_id = loket_record_get_string (self->current, "customer_id");
  id = loket_replica_add_note (self->replica, self->selected_id,
                               *customer_id != '\0' ? customer_id : NULL, body, &error);
  if (id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  report (self, id != NULL, _("Note added."), error);
}

static void
focus_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  loket_cases_view_focus_search (LOKET_CASES_VIEW (widget));
}

/* ---- construction ---------------------------------------------------------------------------- */

static void
add_list_rows (LoketCasesView *self)
{
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      g_autofree char *name = g_strconcat ("cases-list-", list_info[i].name, NULL);
      GtkWidget *row = action_row_new (_(list_info[i].title), NULL);

      gtk_widget_set_name (row, name);
      self->count_labels[i] = GTK_LABEL (suffix_label (row, "0", "dim-label"));
      gtk_widget_add_css_class (GTK_WIDGET (self->count_labels[i]), "numeric");
      gtk_list_box_append (self->lists, row);
    }
  gtk_list_box_select_row (self->lists, gtk_list_box_get_row_at_index (self->lists, 0));
}

static void
add_fact_rows (LoketCasesView *self)
{
  for (guint i = 0; i < N_FACTS; i++)
    {
      GtkWidget *row = action_row_new (_(fact_titles[i]), NULL);

      self->fact_rows[i] = ADW_ACTION_ROW (row);
      gtk_list_box_append (self->facts, row);
    }
}

static void
loket_cases_view_constructed (GObject *object)
{
  LoketCasesView *self = LOKET_CASES_VIEW (object);

  G_OBJECT_CLASS (loket_cases_view_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->tz = loket_replica_get_timezone (self->replica, NULL);
  self->refreshing = TRUE;
  add_list_rows (self);
  add_fact_rows (self);
  self->refreshing = FALSE;
  gtk_list_box_bind_model (self->case_list, G_LIST_MODEL (self->cases), create_case_row, self,
                           NULL);
  gtk_list_box_bind_model (self->timeline, G_LIST_MODEL (self->timeline_store),
                           create_timeline_row, self, NULL);
  gtk_list_box_bind_model (self->notes, G_LIST_MODEL (self->notes_store), create_note_row, self,
                           NULL);
  gtk_list_box_bind_model (self->appointments, G_LIST_MODEL (self->appointments_store),
                           create_appointment_row, self, NULL);
  gtk_list_box_set_placeholder (self->notes, placeholder_new (_("No notes yet.")));
  gtk_list_box_set_placeholder (self->timeline, placeholder_new (_("No status changes yet.")));
  gtk_list_box_set_placeholder (self->appointments,
                                placeholder_new (_("No appointments for this case.")));
  g_signal_connect_object (self->lists, "row-selected", G_CALLBACK (on_list_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_list, "row-selected", G_CALLBACK (on_case_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_entry, "activate", G_CALLBACK (on_note_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
loket_cases_view_dispose (GObject *object)
{
  LoketCasesView *self = LOKET_CASES_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->case_list != NULL)
    {
      gtk_list_box_bind_model (self->case_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->timeline, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->notes, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->appointments, NULL, NULL, NULL, NULL);
    }
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CASES_VIEW);
  g_clear_object (&self->cases);
  g_clear_object (&self->timeline_store);
  g_clear_object (&self->notes_store);
  g_clear_object (&self->appointments_store);
  g_clear_object (&self->current);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (loket_cases_view_parent_class)->dispose (object);
}

static void
loket_cases_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketCasesView *self = LOKET_CASES_VIEW (object);

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
loket_cases_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  LoketCasesView *self = LOKET_CASES_VIEW (object);

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
loket_cases_view_class_init (LoketCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_cases_view_constructed;
  object_class->dispose = loket_cases_view_dispose;
  object_class->get_property = loket_cases_view_get_property;
  object_class->set_property = loket_cases_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "cases.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "cases.assign-to-me", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "cases.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "cases.focus-search", NULL, focus_search_action);
  /* Before the window's own Ctrl+F, which would open the customers' search. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "cases.focus-search", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, toasts);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, lists);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, list_empty);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, case_list);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, status_button);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, facts);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, timeline);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, notes);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, note_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesView, appointments);
}

static void
loket_cases_view_init (LoketCasesView *self)
{
  self->cases = g_list_store_new (LOKET_TYPE_RECORD);
  self->timeline_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->notes_store = g_list_store_new (LOKET_TYPE_RECORD);
  self->appointments_store = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public ---------------------------------------------------------------------------------- */

GtkWidget *
loket_cases_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_CASES_VIEW, "replica", replica, NULL);
}

void
loket_cases_view_focus_search (LoketCasesView *self)
{
  g_return_if_fail (LOKET_IS_CASES_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
loket_cases_view_show_list (LoketCasesView *self, LoketCaseList list)
{
  g_return_if_fail (LOKET_IS_CASES_VIEW (self));
  g_return_if_fail (list < LOKET_CASE_LIST_N);

  gtk_list_box_select_row (self->lists, gtk_list_box_get_row_at_index (self->lists, (int) list));
}

gboolean
loket_cases_view_select_case (LoketCasesView *self, const char *case_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->case_list, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), case_id) == 0)
      {
        gtk_list_box_select_row (self->case_list, row);
        return TRUE;
      }
  return FALSE;
}

GListModel *
loket_cases_view_get_cases (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return G_LIST_MODEL (self->cases);
}

guint
loket_cases_view_get_count (LoketCasesView *self, LoketCaseList list)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), 0);
  g_return_val_if_fail (list < LOKET_CASE_LIST_N, 0);
  return self->counts[list];
}

GListModel *
loket_cases_view_get_timeline (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return G_LIST_MODEL (self->timeline_store);
}

GListModel *
loket_cases_view_get_notes (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return G_LIST_MODEL (self->notes_store);
}
