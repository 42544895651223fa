/* loket-cases-view.c — Zaken: the case lists, the callbacks and the archive's due list, with
 * the chosen case's detail beside them (loket-cases-view.h).
 *
 * The lists are GListStores updated in place with loket_record_store_update, so a refresh after
 * a sync that changed nothing keeps the rows, the selection and the focus; the chosen case is
 * remembered by id, so it stays chosen when its row changes and stays shown when it leaves the
 * list (closing moves it to "Closed").  The case itself is a LoketCaseDetail; the callbacks are
 * a LoketCallbacksView shown in its place when their row of the sidebar is chosen.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "loket-callbacks-view.h"
#include "loket-case-detail.h"
#include "loket-cases-filter.h"
#include "loket-cases-view.h"
#include "loket-record.h"
#include "loket-time.h"

#define CASES_LIMIT 500

/* The sidebar's rows: the case lists, then these. */
enum { ROW_CALLBACKS = LOKET_CASE_LIST_N, ROW_ARCHIVE, N_ROWS };

static const struct { const char *name; const char *title; } row_info[N_ROWS] = {
  { "mine", N_("My Cases") },
  { "team", N_("My Team") },
  { "unassigned", N_("Unassigned") },
  { "at-risk", N_("At Risk") },
  { "overdue", N_("Overdue") },
  { "closed", N_("Closed") },
  { "callbacks", N_("Callbacks") },
  { "archive", N_("Due for Archive") },
};

struct _LoketCasesView
{
  AdwBin            parent_instance;

  LoketReplica     *replica;
  GTimeZone        *tz;
  guint             row;          /* the sidebar's chosen row: a LoketCaseList or ROW_… */
  GListStore       *cases;
  char             *selected_id;
  guint             refresh_id;
  gboolean          refreshing;   /* row changes while refreshing are not the clerk's choice */
  guint             counts[N_ROWS];
  GtkLabel         *count_labels[N_ROWS];
  GtkWidget        *archive_row;
  LoketCaseDetail  *detail;
  GtkWidget        *callbacks;

  AdwToastOverlay  *toasts;
  GtkSearchEntry   *search_entry;
  LoketCasesFilter *filter;
  GtkListBox       *lists;
  GtkStack         *list_stack;
  AdwStatusPage    *list_empty;
  GtkListBox       *case_list;
  GtkStack         *detail_stack;
};

G_DEFINE_FINAL_TYPE (LoketCasesView, loket_cases_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (LoketCasesView *self);

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

  /* "8 working days overdue" on two short lines leaves the title room for the whole reference,
   * which would otherwise break inside its number in a narrow list. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 9);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return label;
}

/* "Destroy on 12 December" / "Transfer on 12 December" of a case due for the archive. */
static char *
archive_words (LoketCasesView *self, LoketRecord *record)
{
  int y, m, d;
  GDate date;
  g_autofree char *day = NULL;

  if (sscanf (loket_record_get_string (record, "archive_date"), "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return g_strdup (loket_record_get_string (record, "archive_date"));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  day = loket_time_format_day (&date, self->tz);
  if (g_str_equal (loket_record_get_string (record, "archive_action"), "vernietigen"))
    return g_strdup_printf (_("Destroy on %s"), day);
  return g_strdup_printf (_("Transfer to the archive on %s"), day);
}

static GtkWidget *
create_case_row (gpointer item, gpointer user_data)
{
  LoketCasesView *self = user_data;
  LoketRecord *record = item;
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (record, "reference"),
                                            loket_record_get_string (record, "subject"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               loket_record_get_string (record, "customer_name"),
                                               loket_record_get_string (record, "status"));
  gboolean archive = self->row == ROW_ARCHIVE;
  g_autofree char *words = archive ? archive_words (self, record)
                                   : loket_case_deadline_words (record);
  GtkWidget *row = action_row_new (title, subtitle);

  gtk_widget_set_name (row, loket_record_get_id (record));
  suffix_label (row, words, archive ? "dim-label" : loket_case_deadline_class (record));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* ---- refreshing ------------------------------------------------------------------------------ */

static gboolean
may_archive (LoketCasesView *self)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  const char *role = user != NULL ? loket_record_get_string (user, "role_id") : "";

  return g_str_equal (role, "teamleider") || g_str_equal (role, "beheerder");
}

static void
update_counts (LoketCasesView *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean archive = may_archive (self);

  loket_replica_count_cases_at (self->replica, now, self->counts);
  loket_replica_count_callbacks_at (self->replica, now, &self->counts[ROW_CALLBACKS], NULL);
  self->counts[ROW_ARCHIVE] = archive ? loket_replica_count_archive_due_at (self->replica,
                                                                           LOKET_ARCHIVE_AHEAD_DAYS,
                                                                           now) : 0;
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->counts[i]);

      gtk_label_set_text (self->count_labels[i], text);
    }
  gtk_widget_set_visible (self->archive_row, archive);
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

static GListModel *
list_rows (LoketCasesView *self, const char *search)
{
  LoketCaseFilter filter;

  if (self->row == ROW_ARCHIVE)
    return loket_replica_list_archive_due (self->replica, LOKET_ARCHIVE_AHEAD_DAYS);
  loket_cases_filter_get (self->filter, &filter);
  return loket_replica_filter_cases (self->replica, (LoketCaseList) self->row, search, &filter,
                                     CASES_LIMIT);
}

static void
update_cases (LoketCasesView *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GListModel) fresh = NULL;
  gboolean callbacks = self->row == ROW_CALLBACKS;

  /* The callbacks have their own list, beside the sidebar instead of the case's detail. */
  gtk_widget_set_visible (GTK_WIDGET (self->list_stack), !callbacks);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry),
                            !callbacks && self->row != ROW_ARCHIVE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter), !callbacks && self->row != ROW_ARCHIVE);
  if (callbacks)
    return;
  fresh = list_rows (self, search);
  loket_record_store_update (self->cases, fresh);
  reselect (self);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (fresh) > 0 ? "list" : "empty");
  adw_status_page_set_description (self->list_empty,
                                   (*search != '\0' || loket_cases_filter_is_set (self->filter))
                                   && self->row != ROW_ARCHIVE
                                   ? _("No case in this list matches the search and filters.")
                                   : _("This list holds no cases."));
}

static void
update_detail (LoketCasesView *self)
{
  gboolean shown = loket_case_detail_show_case (self->detail, self->selected_id);

  if (self->row == ROW_CALLBACKS)
    gtk_stack_set_visible_child_name (self->detail_stack, "callbacks");
  else
    gtk_stack_set_visible_child_name (self->detail_stack, shown ? "case" : "none");
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
  if (entity == NULL || g_str_equal (entity, "case_types") || g_str_equal (entity, "products"))
    loket_cases_filter_reload (self->filter);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* ---- the clerk's choices --------------------------------------------------------------------- */

static void
on_list_selected (LoketCasesView *self, GtkListBoxRow *row)
{
  if (row == NULL || self->refreshing)
    return;
  self->row = (guint) gtk_list_box_row_get_index (row);
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

/* The detail wrote: the lists and counts show it at once, not at the next idle. */
static void
on_detail_edited (LoketCasesView *self)
{
  refresh (self);
}

static void
on_open_case (LoketCasesView *self, const char *case_id)
{
  loket_cases_view_open_case (self, case_id);
}

/* The actions of before the detail was its own widget: they act on the case shown. */
static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketCasesView *self = LOKET_CASES_VIEW (widget);
  g_autofree char *name = g_strconcat ("case.", action_name + strlen ("cases."), NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->detail), name, parameter);
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
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *name = g_strconcat ("cases-list-", row_info[i].name, NULL);
      GtkWidget *row = action_row_new (_(row_info[i].title), NULL);

      gtk_widget_set_name (row, name);
      self->count_labels[i] = GTK_LABEL (suffix_label (row, "0", "dim-label"));
      gtk_widget_add_css_class (GTK_WIDGET (self->count_labels[i]), "numeric");
      gtk_list_box_append (self->lists, row);
    }
  self->archive_row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->lists, ROW_ARCHIVE));
  gtk_list_box_select_row (self->lists, gtk_list_box_get_row_at_index (self->lists, 0));
}

static void
add_detail_pages (LoketCasesView *self)
{
  self->detail = LOKET_CASE_DETAIL (loket_case_detail_new (self->replica));
  self->callbacks = loket_callbacks_view_new (self->replica);
  gtk_stack_add_named (self->detail_stack, GTK_WIDGET (self->detail), "case");
  gtk_stack_add_named (self->detail_stack, self->callbacks, "callbacks");
  g_signal_connect_object (self->detail, "edited", G_CALLBACK (on_detail_edited), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "open-case", G_CALLBACK (on_open_case), self,
                           G_CONNECT_SWAPPED);
}

static void
loket_cases_view_constructed (GObject *object)
{
  LoketCasesView *self = LOKET_CASES_VIEW (object);

  G_OBJECT_CLASS (loket_cases_view_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  self->tz = loket_replica_get_timezone (self->replica, NULL);
  self->filter = LOKET_CASES_FILTER (loket_cases_filter_new (self->replica));
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->search_entry))),
                              GTK_WIDGET (self->filter), GTK_WIDGET (self->search_entry));
  self->refreshing = TRUE;
  add_list_rows (self);
  add_detail_pages (self);
  self->refreshing = FALSE;
  gtk_list_box_bind_model (self->case_list, G_LIST_MODEL (self->cases), create_case_row, self,
                           NULL);
  g_signal_connect_object (self->lists, "row-selected", G_CALLBACK (on_list_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->case_list, "row-selected", G_CALLBACK (on_case_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed", G_CALLBACK (on_search_changed), self,
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
    gtk_list_box_bind_model (self->case_list, NULL, NULL, NULL, NULL);
  self->detail = NULL;
  self->callbacks = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CASES_VIEW);
  g_clear_object (&self->cases);
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

  gtk_widget_class_install_action (widget_class, "cases.set-status", "s", forward_action);
  gtk_widget_class_install_action (widget_class, "cases.assign-to-me", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "cases.add-note", NULL, forward_action);
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
}

static void
loket_cases_view_init (LoketCasesView *self)
{
  self->cases = g_list_store_new (LOKET_TYPE_RECORD);
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

  if (self->row >= LOKET_CASE_LIST_N)
    loket_cases_view_show_list (self, LOKET_CASE_LIST_MINE);
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

void
loket_cases_view_show_callbacks (LoketCasesView *self)
{
  g_return_if_fail (LOKET_IS_CASES_VIEW (self));

  gtk_list_box_select_row (self->lists, gtk_list_box_get_row_at_index (self->lists,
                                                                       ROW_CALLBACKS));
}

gboolean
loket_cases_view_show_archive (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), FALSE);

  if (!gtk_widget_get_visible (self->archive_row))
    return FALSE;
  gtk_list_box_select_row (self->lists, GTK_LIST_BOX_ROW (self->archive_row));
  return TRUE;
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

/* The first list that holds the case, in the sidebar's order. */
static gboolean
find_list (LoketCasesView *self, const char *case_id, LoketCaseList *list)
{
  for (guint i = 0; i < LOKET_CASE_LIST_N; i++)
    {
      g_autoptr(GListModel) rows = loket_replica_list_cases (self->replica, i, NULL, CASES_LIMIT);

      for (guint j = 0; j < g_list_model_get_n_items (rows); j++)
        {
          g_autoptr(LoketRecord) row = g_list_model_get_item (rows, j);

          if (g_str_equal (loket_record_get_id (row), case_id))
            {
              *list = i;
              return TRUE;
            }
        }
    }
  return FALSE;
}

gboolean
loket_cases_view_open_case (LoketCasesView *self, const char *case_id)
{
  LoketCaseList list;

  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (self->row < LOKET_CASE_LIST_N || self->row == ROW_ARCHIVE)
    if (loket_cases_view_select_case (self, case_id))
      return TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  loket_cases_filter_clear (self->filter);
  if (find_list (self, case_id, &list))
    {
      loket_cases_view_show_list (self, list);
      if (loket_cases_view_select_case (self, case_id))
        return TRUE;
    }
  /* In none of the lists (another team's, on track): shown all the same. */
  if (self->row == ROW_CALLBACKS)
    loket_cases_view_show_list (self, LOKET_CASE_LIST_MINE);
  g_free (self->selected_id);
  self->selected_id = g_strdup (case_id);
  refresh (self);
  return loket_case_detail_get_case (self->detail) != NULL;
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

guint
loket_cases_view_get_callback_count (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), 0);
  return self->counts[ROW_CALLBACKS];
}

LoketCaseDetail *
loket_cases_view_get_detail (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return self->detail;
}

LoketCallbacksView *
loket_cases_view_get_callbacks (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return LOKET_CALLBACKS_VIEW (self->callbacks);
}

GListModel *
loket_cases_view_get_timeline (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return loket_case_detail_get_timeline (self->detail);
}

GListModel *
loket_cases_view_get_notes (LoketCasesView *self)
{
  g_return_val_if_fail (LOKET_IS_CASES_VIEW (self), NULL);
  return loket_case_detail_get_notes (self->detail);
}
