/* loket-admin-closures.c — Beheer › Closures: what closes the agendas from today on.
 *
 * The national holidays close every agenda; a closure closes a location, one desk or room, or
 * marks an official's absence.  Each row says how many booked appointments it covers, so the
 * administrator sees at once which closures still need someone to move or call customers (the
 * closure dialog does that).  The counts are part of the rows' records, so a booking or a move
 * anywhere changes the row that shows it, and only that row.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-closures.h"
#include "loket-admin-form.h"
#include "loket-admin-words.h"
#include "loket-closure-dialog.h"
#include "loket-record.h"
#include "loket-replica-agenda.h"
#include "loket-time.h"

struct _LoketAdminClosures
{
  AdwBin        parent_instance;

  LoketReplica *replica;
  GListStore   *store;    /* rows: place, title, subtitle, affected */
  gboolean      editable;

  GtkWidget    *add_button;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (LoketAdminClosures, loket_admin_closures, ADW_TYPE_BIN)

/* ---- the rows -------------------------------------------------------------------------------- */

static const char *
closures_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "feestdag") == 0)
    return _("Public holiday");
  if (g_strcmp0 (kind, "afwezigheid") == 0)
    return _("Absence");
  return _("Closed");
}

static LoketRecord *
closures_row (const char *id, const char *place, const char *title, const char *subtitle,
              guint affected)
{
  g_autoptr(JsonObject) columns = json_object_new ();

  json_object_set_string_member (columns, "id", id);
  json_object_set_string_member (columns, "place", place);
  json_object_set_string_member (columns, "title", title);
  json_object_set_string_member (columns, "subtitle", subtitle);
  json_object_set_int_member (columns, "affected", affected);
  return loket_record_new (columns);
}

static char *
closures_span (const char *from_text, const char *until_text)
{
  GDate from, until;

  if (!loket_admin_parse_date (from_text, &from) || !loket_admin_parse_date (until_text, &until))
    return g_strdup (from_text);
  return loket_admin_format_span (&from, &until);
}

/* The booked and checked-in appointments of a holiday: every location's. */
static guint
closures_count_day (LoketReplica *replica, const GDate *day)
{
  static const char *const statuses[] = { "booked", "checked_in" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      LoketAppointmentFilter filter = { .status = statuses[i], .from = day, .until = day };
      g_autoptr(GListModel) found = loket_replica_query_appointments (replica, &filter);

      n += g_list_model_get_n_items (found);
    }
  return n;
}

static void
closures_add_holidays (LoketAdminClosures *self, GListStore *rows, const GDate *today)
{
  g_autoptr(GListModel) holidays = loket_replica_list_holidays (self->replica, today);

  for (guint i = 0; i < g_list_model_get_n_items (holidays); i++)
    {
      g_autoptr(LoketRecord) holiday = g_list_model_get_item (holidays, i);
      const char *date = loket_record_get_string (holiday, "date");
      g_autofree char *title = closures_span (date, date);
      /* Translators: a closure's kind and why, "Public holiday · Kerstmis" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), _("Public holiday"),
                                                   loket_record_get_string (holiday, "name"));
      g_autofree char *id = g_strconcat ("holiday-", date, NULL);
      g_autoptr(LoketRecord) row = NULL;
      GDate day;

      if (!loket_admin_parse_date (date, &day))
        continue;
      row = closures_row (id, "", title, subtitle, closures_count_day (self->replica, &day));
      g_list_store_append (rows, row);
    }
}

static void
closures_add_closures (LoketAdminClosures *self, GListStore *rows, const char *place,
                       GListModel *closures, gboolean whole_organisation)
{
  for (guint i = 0; i < g_list_model_get_n_items (closures); i++)
    {
      g_autoptr(LoketRecord) closure = g_list_model_get_item (closures, i);
      const char *capacity = loket_record_get_string (closure, "capacity_name");
      const char *reason = loket_record_get_string (closure, "reason");
      g_autoptr(GListModel) affected = NULL;
      g_autoptr(LoketRecord) row = NULL;
      g_autofree char *span = NULL;
      g_autofree char *what = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      if ((*loket_record_get_string (closure, "location_name") == '\0') != whole_organisation
          || (!whole_organisation
              && !g_str_equal (loket_record_get_string (closure, "location_name"), place)))
        continue;
      span = closures_span (loket_record_get_string (closure, "from_date"),
                            loket_record_get_string (closure, "until_date"));
      what = *capacity != '\0' ? g_strdup (capacity)
                               : g_strdup (whole_organisation ? _("Every location")
                                                              : _("Whole location"));
      /* Translators: when and what a closure closes, "26 Nov 2026 · Balie 3" */
      title = g_strdup_printf (_("%s · %s"), span, what);
      subtitle = *reason != '\0'
                 ? g_strdup_printf (_("%s · %s"),
                                    closures_kind_label (loket_record_get_string (closure, "kind")),
                                    reason)
                 : g_strdup (closures_kind_label (loket_record_get_string (closure, "kind")));
      affected = loket_replica_list_closure_appointments (self->replica,
                                                          loket_record_get_id (closure));
      row = closures_row (loket_record_get_id (closure), place, title, subtitle,
                          g_list_model_get_n_items (affected));
      g_list_store_append (rows, row);
    }
}

/* Every location's closures after one another, the whole organisation's first. */
static GListModel *
closures_query (LoketAdminClosures *self)
{
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (self->replica, NULL);
  g_autoptr(GListModel) locations = loket_replica_list_locations (self->replica);
  g_autoptr(GListModel) closures = NULL;
  GListStore *rows = g_list_store_new (LOKET_TYPE_RECORD);
  GDate today;

  loket_time_today (tz, &today);
  closures = loket_replica_list_closures (self->replica, NULL, &today, NULL);
  closures_add_holidays (self, rows, &today);
  closures_add_closures (self, rows, "", closures, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (locations); i++)
    {
      g_autoptr(LoketRecord) location = g_list_model_get_item (locations, i);

      closures_add_closures (self, rows, loket_record_get_string (location, "name"), closures,
                             FALSE);
    }
  return G_LIST_MODEL (rows);
}

static GtkWidget *
closures_create_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  guint n = (guint) loket_record_get_int (record, "affected");
  g_autofree char *count = n > 0 ? g_strdup_printf (ngettext ("%u appointment",
                                                              "%u appointments", n), n)
                                 : g_strdup (_("No appointments"));
  GtkWidget *row = loket_admin_record_row_new (record, loket_record_get_string (record, "title"),
                                               loket_record_get_string (record, "subtitle"));
  GtkWidget *label = gtk_label_new (count);
  g_autofree char *a11y = g_strdup_printf ("%s, %s, %s", loket_record_get_string (record, "title"),
                                           loket_record_get_string (record, "subtitle"), count);

  gtk_widget_set_name (row, "closure-row");
  gtk_widget_set_name (label, "closure-count");
  gtk_widget_add_css_class (label, n > 0 ? "pending" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

static void
closures_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  const char *place = loket_record_get_string (loket_admin_row_get_record (row), "place");

  if (before != NULL
      && g_str_equal (place, loket_record_get_string (loket_admin_row_get_record (before),
                                                      "place")))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  gtk_list_box_row_set_header (row, loket_admin_list_header_new (*place != '\0'
                                                                  ? place
                                                                  : _("Every location")));
}

/* ---- keeping up ------------------------------------------------------------------------------ */

static void
closures_refresh (LoketAdminClosures *self)
{
  g_autoptr(GListModel) fresh = closures_query (self);

  loket_record_store_update (self->store, fresh);
  gtk_list_box_invalidate_headers (self->list);
}

static void
closures_on_replica_changed (LoketAdminClosures *self, const char *entity)
{
  static const char *const entities[] = { "closures", "appointments", "holidays", "locations",
                                          "capacities", NULL };

  if (entity == NULL || g_strv_contains (entities, entity))
    closures_refresh (self);
}

static void
closures_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LoketAdminClosures *self = LOKET_ADMIN_CLOSURES (widget);
  g_autoptr(LoketRecord) user = loket_replica_get_user (self->replica);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *location = user != NULL ? loket_record_get_string (user, "location_id") : "";
  GtkWidget *dialog;

  if (!self->editable)
    return;
  dialog = loket_closure_dialog_new (self->replica, *location != '\0' ? location : NULL, NULL,
                                     NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
closures_build (LoketAdminClosures *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (_("Nothing closes the agendas from today on."));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Coming Closures"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Holidays, closed locations, desks and rooms, and "
                                           "absences, with the appointments still booked in "
                                           "them."));
  self->add_button = gtk_button_new_with_mnemonic (_("Close an _Agenda…"));
  gtk_widget_set_name (self->add_button, "closures-add");
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->add_button, _("Close an Agenda (Ctrl+N)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "closures.add");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), self->add_button);

  self->list = GTK_LIST_BOX (list);
  gtk_widget_set_name (list, "closures-list");
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->list, empty);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Coming closures"), -1);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->store), closures_create_row, NULL,
                           NULL);
  gtk_list_box_set_header_func (self->list, closures_header, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_bin_set_child (ADW_BIN (self), page);
}

/* ---- the object ------------------------------------------------------------------------------ */

static void
loket_admin_closures_dispose (GObject *object)
{
  LoketAdminClosures *self = LOKET_ADMIN_CLOSURES (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (loket_admin_closures_parent_class)->dispose (object);
}

static void
loket_admin_closures_class_init (LoketAdminClosuresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_admin_closures_dispose;
  gtk_widget_class_install_action (widget_class, "closures.add", NULL, closures_add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "closures.add", NULL);
}

static void
loket_admin_closures_init (LoketAdminClosures *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  closures_build (self);
  loket_admin_closures_set_editable (self, FALSE);
}

GtkWidget *
loket_admin_closures_new (LoketReplica *replica)
{
  LoketAdminClosures *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_CLOSURES, NULL);
  self->replica = g_object_ref (replica);
  closures_refresh (self);
  g_signal_connect_object (replica, "changed", G_CALLBACK (closures_on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
loket_admin_closures_set_editable (LoketAdminClosures *self, gboolean editable)
{
  g_return_if_fail (LOKET_IS_ADMIN_CLOSURES (self));

  self->editable = editable;
  gtk_widget_set_visible (self->add_button, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "closures.add", editable);
}
