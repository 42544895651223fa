/* loket-inbox-view.c — Conflicts: what the server refused or found in conflict, and how to
 * settle it.
 *
 * The items come from loket_replica_list_inbox() into a GListStore that is updated in place
 * (only differing items are replaced), so a sync that changes nothing keeps the rows, their
 * expanded state and the keyboard focus.  Each item is an expanded AdwExpanderRow whose child
 * rows hold the actions; everything is reachable with Tab and Enter, and every button says in
 * its accessible label what it will do with which value or time.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-booking-dialog.h"
#include "loket-inbox-view.h"
#include "loket-record.h"
#include "loket-replica-inbox.h"
#include "loket-time.h"

#define N_ALTERNATIVES 3

struct _LoketInboxView
{
  AdwBin           parent_instance;

  LoketReplica    *replica;
  GListStore      *store;
  guint            refresh_id;
  gboolean         refocus;   /* an action settled an item: put the focus back in the list */
  gboolean         stale;     /* bookings may have changed: look for alternatives again */

  AdwToastOverlay *toasts;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (LoketInboxView, loket_inbox_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_alternatives (LoketInboxView *self, GtkWidget *row);

/* ---- helpers ------------------------------------------------------------------------------ */

static void
show_toast (LoketInboxView *self, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

/* The outcome of an action: a toast either way, and the focus back in the list on success. */
static void
report (LoketInboxView *self, gboolean ok, const char *done, GError *error)
{
  show_toast (self, ok ? done : error->message);
  self->refocus = ok;
}

static LoketRecord *
item_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "item");
}

static GtkWidget *
label_new (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A button for an item: its widget name (for tests and CSS), its visible text and what a screen
 * reader says it does. */
static GtkWidget *
action_button_new (LoketRecord *item, const char *name, const char *text, const char *a11y)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, a11y);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (item), g_object_unref);
  return button;
}

/* A child row of an expander that only holds widgets; its buttons take the focus. */
static GtkWidget *
box_row_new (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_top (child, 12);
  gtk_widget_set_margin_bottom (child, 12);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  return row;
}

static GtkWidget *
info_row_new (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* ---- refused bookings --------------------------------------------------------------------- */

static void
on_alternative_clicked (GtkButton *button, LoketInboxView *self)
{
  LoketRecord *item = item_of (GTK_WIDGET (button));
  LoketRecord *alternative = g_object_get_data (G_OBJECT (button), "alternative");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = loket_replica_rebook (self->replica, loket_record_get_string (item, "appointment_id"),
                             loket_record_get_string (alternative, "capacity_id"),
                             loket_record_get_int (alternative, "start"), &error);
  report (self, ok, _("Booked again"), error);
}

static GtkWidget *
alternative_button_new (LoketInboxView *self, LoketRecord *item, LoketRecord *alternative,
                        GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (loket_record_get_int (alternative,
                                                                                 "start"));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  /* Translators: a free time offered instead, GDateTime format: "Tue 24 Nov 09:30" */
  g_autofree char *when = g_date_time_format (local, _("%a %-d %b %H:%M"));
  /* Translators: the same time in full words for screen readers: "Tuesday 24 November 09:30" */
  g_autofree char *when_long = g_date_time_format (local, _("%A %-e %B %H:%M"));
  const char *capacity = loket_record_get_string (alternative, "capacity_name");
  /* Translators: a free time and where, "Tue 24 Nov 09:30 · Balie 2" */
  g_autofree char *text = g_strdup_printf (_("%s · %s"), when, capacity);
  /* Translators: what the button does: "Book Jan Jansen again on Tuesday 24 November 09:30 at
   * Balie 2" */
  g_autofree char *a11y = g_strdup_printf (_("Book %s again on %s at %s"),
                                           loket_record_get_string (item, "what"), when_long,
                                           capacity);
  GtkWidget *button = action_button_new (item, "alternative-button", text, a11y);

  g_object_set_data_full (G_OBJECT (button), "alternative", g_object_ref (alternative),
                          g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_alternative_clicked), self);
  return button;
}

/* "capacity@start,…": whether the alternatives changed since the buttons were made. */
static char *
alternatives_key (GListModel *alternatives)
{
  GString *key = g_string_new ("");

  for (guint i = 0; i < g_list_model_get_n_items (alternatives); i++)
    {
      g_autoptr(LoketRecord) alternative = g_list_model_get_item (alternatives, i);

      g_string_append_printf (key, "%s@%" G_GINT64_FORMAT ",",
                              loket_record_get_string (alternative, "capacity_id"),
                              loket_record_get_int (alternative, "start"));
    }
  return g_string_free (key, FALSE);
}

static void
fill_alternatives (LoketInboxView *self, GtkBox *box, LoketRecord *item,
                   GListModel *alternatives)
{
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (self->replica,
                                                        loket_record_get_string (item,
                                                                                 "location_id"));
  guint n = g_list_model_get_n_items (alternatives);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
  if (n == 0)
    {
      g_autofree char *text = g_strdup_printf (
        ngettext ("No free time in the next %d day. Choose another time or location.",
                  "No free time in the next %d days. Choose another time or location.",
                  LOKET_INBOX_HORIZON_DAYS), LOKET_INBOX_HORIZON_DAYS);

      gtk_box_append (box, label_new (text, "dim-label"));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) alternative = g_list_model_get_item (alternatives, i);
      GtkWidget *button = alternative_button_new (self, item, alternative, tz);

      if (i == 0)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (box, button);
    }
}

/* The nearest free times now; the buttons are made again only when they changed, so a sync
 * does not take the focus away from a clerk about to press one. */
static void
refresh_alternatives (LoketInboxView *self, GtkWidget *row)
{
  GtkBox *box = g_object_get_data (G_OBJECT (row), "alternatives-box");
  LoketRecord *item = item_of (row);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GListModel) alternatives = NULL;
  g_autofree char *key = NULL;

  if (box == NULL)
    return;
  alternatives = loket_replica_find_alternatives (self->replica,
                                                  loket_record_get_string (item,
                                                                           "appointment_id"),
                                                  N_ALTERNATIVES, now, NULL);
  if (alternatives == NULL)
    return;
  key = alternatives_key (alternatives);
  if (g_strcmp0 (key, g_object_get_data (G_OBJECT (row), "alternatives-key")) == 0)
    return;
  fill_alternatives (self, box, item, alternatives);
  g_object_set_data_full (G_OBJECT (row), "alternatives-key", g_steal_pointer (&key), g_free);
}

typedef struct {
  LoketReplica *replica;
  char         *appointment_id;
} Rebooking;

static void
rebooking_free (gpointer data, GClosure *closure)
{
  Rebooking *rebooking = data;

  g_object_unref (rebooking->replica);
  g_free (rebooking->appointment_id);
  g_free (rebooking);
}

/* Booked anew in the dialog: the refused one needs nothing more. */
static void
on_dialog_booked (LoketBookingDialog *dialog, const char *new_id, Rebooking *rebooking)
{
  g_autoptr(GError) error = NULL;

  if (!loket_replica_settle_appointment_issues (rebooking->replica, rebooking->appointment_id,
                                                &error))
    g_debug ("Nothing to settle after booking again: %s", error->message);
}

/* The appointment as the booking dialog's rebook reads it. */
static LoketRecord *
appointment_of (LoketRecord *item)
{
  static const char *const same[] = { "customer_id", "customer_name", "product_id", "mode" };
  g_autoptr(JsonObject) columns = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    json_object_set_string_member (columns, same[i], loket_record_get_string (item, same[i]));
  json_object_set_string_member (columns, "reason",
                                 loket_record_get_string (item, "appointment_reason"));
  json_object_set_string_member (columns, "start_at",
                                 loket_record_get_string (item, "refused_at"));
  return loket_record_new (columns);
}

static void
on_other_time_clicked (GtkButton *button, LoketInboxView *self)
{
  LoketRecord *item = item_of (GTK_WIDGET (button));
  g_autoptr(LoketRecord) appointment = appointment_of (item);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  Rebooking *rebooking = g_new0 (Rebooking, 1);
  const char *location_id = loket_record_get_string (item, "location_id");
  g_autoptr(GTimeZone) tz = loket_replica_get_timezone (self->replica, location_id);
  GtkWidget *dialog;
  GDate today;

  loket_time_today (tz, &today);
  dialog = loket_booking_dialog_new (self->replica, location_id, &today);
  loket_booking_dialog_rebook (LOKET_BOOKING_DIALOG (dialog), appointment);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  rebooking->replica = g_object_ref (self->replica);
  rebooking->appointment_id = g_strdup (loket_record_get_string (item, "appointment_id"));
  g_signal_connect_data (dialog, "booked", G_CALLBACK (on_dialog_booked), rebooking,
                         rebooking_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dismiss_clicked (GtkButton *button, LoketInboxView *self)
{
  LoketRecord *item = item_of (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* A refused booking may have been refused more than once: all of it is settled. */
  if (g_str_equal (loket_record_get_string (item, "kind"), "booking"))
    ok = loket_replica_settle_appointment_issues (self->replica,
                                                  loket_record_get_string (item,
                                                                           "appointment_id"),
                                                  &error);
  else
    ok = loket_replica_dismiss_issue (self->replica, loket_record_get_int (item, "seq"), &error);
  report (self, ok, _("Dismissed"), error);
}

static GtkWidget *
dismiss_button_new (LoketInboxView *self, LoketRecord *item, const char *text, const char *a11y)
{
  GtkWidget *button = action_button_new (item, "dismiss-button", text, a11y);

  g_signal_connect (button, "clicked", G_CALLBACK (on_dismiss_clicked), self);
  return button;
}

static void
add_booking_rows (LoketInboxView *self, AdwExpanderRow *expander, LoketRecord *item)
{
  /* Translators: the refused time and where, "Refused: Tue 24 Nov 09:30 · Balie 1" */
  g_autofree char *refused = g_strdup_printf (_("Refused: %s · %s"),
                                              loket_record_get_string (item, "refused_when"),
                                              loket_record_get_string (item, "capacity_name"));
  g_autofree char *other_a11y = g_strdup_printf (_("Choose another time for %s"),
                                                 loket_record_get_string (item, "what"));
  g_autofree char *dismiss_a11y = g_strdup_printf (_("Dismiss without booking %s again"),
                                                   loket_record_get_string (item, "what"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *alternatives = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *more = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *other = action_button_new (item, "other-time-button", _("Other Time…"), other_a11y);

  adw_expander_row_add_row (expander, info_row_new (refused, loket_record_get_string (item,
                                                                                       "reason")));
  gtk_box_append (GTK_BOX (box), label_new (_("Nearest free times"), "heading"));
  gtk_box_append (GTK_BOX (box), alternatives);
  g_signal_connect (other, "clicked", G_CALLBACK (on_other_time_clicked), self);
  gtk_box_append (GTK_BOX (more), other);
  gtk_box_append (GTK_BOX (more), dismiss_button_new (self, item, _("Dismiss"), dismiss_a11y));
  gtk_widget_set_margin_top (more, 6);
  gtk_box_append (GTK_BOX (box), more);
  adw_expander_row_add_row (expander, box_row_new (box));
  g_object_set_data (G_OBJECT (expander), "alternatives-box", alternatives);
}

/* ---- case field conflicts ----------------------------------------------------------------- */

static void
on_keep_clicked (GtkButton *button, LoketInboxView *self)
{
  LoketRecord *item = item_of (GTK_WIDGET (button));
  const char *side = g_object_get_data (G_OBJECT (button), "side");
  g_autofree char *column = g_strconcat (side, "_value", NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = loket_replica_resolve_case_conflict (self->replica,
                                            loket_record_get_string (item, "conflict_id"),
                                            loket_record_is_null (item, column)
                                            ? NULL : loket_record_get_string (item, column),
                                            &error);
  report (self, ok, _("Value kept; the other desks get it with the next sync"), error);
}

/* One side of a conflict: who says it, the value, and the button that keeps it. */
static GtkWidget *
value_card_new (LoketInboxView *self, LoketRecord *item, const char *side, const char *caption)
{
  g_autofree char *label_column = g_strconcat (side, "_label", NULL);
  const char *value = loket_record_get_string (item, label_column);
  const char *shown = *value != '\0' ? value : _("(empty)");
  /* The value stands right above the button; long values would not fit on it. */
  const char *text = _("Keep This Value");
  /* Translators: what the button does: "Keep “Dakkapel voor” as the Subject of Z-2026-0012" */
  g_autofree char *a11y = g_strdup_printf (_("Keep “%s” as the %s of %s"), shown,
                                           loket_record_get_string (item, "field_label"),
                                           loket_record_get_string (item, "case_reference"));
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button = action_button_new (item, "keep-button", text, a11y);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_hexpand (card, TRUE);
  gtk_box_append (GTK_BOX (card), label_new (caption, "caption"));
  gtk_box_append (GTK_BOX (card), label_new (shown, "heading"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  g_object_set_data (G_OBJECT (button), "side", (gpointer) side);
  g_signal_connect (button, "clicked", G_CALLBACK (on_keep_clicked), self);
  gtk_box_append (GTK_BOX (card), button);
  for (GtkWidget *child = gtk_widget_get_first_child (card); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 12);
      gtk_widget_set_margin_end (child, 12);
    }
  gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 12);
  gtk_widget_set_margin_bottom (button, 12);
  return card;
}

static void
add_case_conflict_rows (LoketInboxView *self, AdwExpanderRow *expander, LoketRecord *item)
{
  /* Translators: "Sent later by Anna de Vries · 21 Nov 10:32" */
  g_autofree char *later = g_strdup_printf (_("Sent later by %s · %s"),
                                            loket_record_get_string (item, "who"),
                                            loket_record_get_string (item, "when"));
  const char *intro = _("Two desks changed this at the same time. Keep one of both values; "
                        "every desk gets your choice.");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_box_append (GTK_BOX (sides), value_card_new (self, item, "server",
                                                   _("In the case now (saved first)")));
  gtk_box_append (GTK_BOX (sides), value_card_new (self, item, "desk", later));
  gtk_box_append (GTK_BOX (box), label_new (intro, NULL));
  gtk_box_append (GTK_BOX (box), sides);
  adw_expander_row_add_row (expander, box_row_new (box));
}

/* ---- article conflicts and other refusals ------------------------------------------------- */

static void
add_article_rows (LoketInboxView *self, AdwExpanderRow *expander, LoketRecord *item)
{
  /* Translators: who saved the version of an article that is published now */
  g_autofree char *winner = g_strdup_printf (_("Saved first by %s; this is the article now"),
                                             loket_record_get_string (item, "winner_author"));
  g_autofree char *kept = g_strdup_printf (_("By %s; kept as its own revision"),
                                           loket_record_get_string (item, "conflict_author"));
  g_autofree char *a11y = g_strdup_printf (_("Keep both versions of “%s”"),
                                           loket_record_get_string (item, "article_title"));
  GtkWidget *row = info_row_new (loket_record_get_string (item, "conflict_title"), kept);

  adw_expander_row_add_row (expander, info_row_new (loket_record_get_string (item,
                                                                             "winner_title"),
                                                    winner));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             dismiss_button_new (self, item, _("Keep Both"), a11y));
  adw_expander_row_add_row (expander, row);
}

static void
add_rejected_rows (LoketInboxView *self, AdwExpanderRow *expander, LoketRecord *item)
{
  g_autofree char *a11y = g_strdup_printf (_("Dismiss: %s"),
                                           loket_record_get_string (item, "type_label"));
  GtkWidget *row = info_row_new (loket_record_get_string (item, "reason"),
                                 loket_record_get_string (item, "type_label"));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             dismiss_button_new (self, item, _("Dismiss"), a11y));
  adw_expander_row_add_row (expander, row);
}

/* ---- the list ----------------------------------------------------------------------------- */

static const struct {
  const char *kind;
  const char *icon;
} kind_icons[] = {
  { "booking", "x-office-calendar-symbolic" },
  { "case-conflict", "folder-documents-symbolic" },
  { "article-conflict", "accessories-dictionary-symbolic" },
  { "rejected", "dialog-warning-symbolic" },
};

static const char *
describe_kind (LoketRecord *item)
{
  const char *kind = loket_record_get_string (item, "kind");

  if (g_str_equal (kind, "booking"))
    return g_str_equal (loket_record_get_string (item, "type"), "reschedule_appointment")
           ? _("Move refused") : _("Booking refused");
  if (g_str_equal (kind, "case-conflict"))
    return _("Case conflict");
  if (g_str_equal (kind, "article-conflict"))
    return _("Article conflict");
  return _("Refused");
}

static GtkWidget *
create_row (gpointer data, gpointer user_data)
{
  LoketInboxView *self = user_data;
  LoketRecord *item = data;
  const char *kind = loket_record_get_string (item, "kind");
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (item, "what"), -1);
  const char *who = loket_record_get_string (item, "who");
  const char *when = loket_record_get_string (item, "when");
  /* Translators: kind of item, who and when: "Booking refused · Anna de Vries · 21 Nov 10:32" */
  g_autofree char *subtitle = *who != '\0'
                              ? g_strdup_printf (_("%s · %s · %s"), describe_kind (item), who,
                                                 when)
                              : g_strdup_printf (_("%s · %s"), describe_kind (item), when);
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  gtk_widget_set_name (row, loket_record_get_id (item));
  g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);
  for (guint i = 0; i < G_N_ELEMENTS (kind_icons); i++)
    if (g_str_equal (kind, kind_icons[i].kind))
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   gtk_image_new_from_icon_name (kind_icons[i].icon));
  if (g_str_equal (kind, "booking"))
    add_booking_rows (self, ADW_EXPANDER_ROW (row), item);
  else if (g_str_equal (kind, "case-conflict"))
    add_case_conflict_rows (self, ADW_EXPANDER_ROW (row), item);
  else if (g_str_equal (kind, "article-conflict"))
    add_article_rows (self, ADW_EXPANDER_ROW (row), item);
  else
    add_rejected_rows (self, ADW_EXPANDER_ROW (row), item);
  refresh_alternatives (self, row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return row;
}

static void
update_summary (LoketInboxView *self, guint n)
{
  g_autofree char *text = g_strdup_printf (
    ngettext ("%u item to settle. Each action is saved on this desk and reaches the other desks "
              "with the next sync.",
              "%u items to settle. Each action is saved on this desk and reaches the other desks "
              "with the next sync.", n), n);

  gtk_label_set_text (self->summary_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static gboolean
refresh (gpointer data)
{
  LoketInboxView *self = data;
  g_autoptr(GListModel) fresh = loket_replica_list_inbox (self->replica);
  GtkListBoxRow *first;

  self->refresh_id = 0;
  loket_record_store_update (self->store, fresh);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       self->stale && row != NULL; row = gtk_widget_get_next_sibling (row))
    refresh_alternatives (self, row);
  self->stale = FALSE;
  update_summary (self, g_list_model_get_n_items (fresh));
  if (self->refocus)
    {
      self->refocus = FALSE;
      first = gtk_list_box_get_row_at_index (self->list, 0);
      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
    }
  return G_SOURCE_REMOVE;
}

/* Once per burst of changes (a pull emits one per page), after the action that caused it. */
static void
on_replica_changed (LoketInboxView *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "appointments"))
    self->stale = TRUE;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh, self);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
loket_inbox_view_constructed (GObject *object)
{
  LoketInboxView *self = LOKET_INBOX_VIEW (object);

  G_OBJECT_CLASS (loket_inbox_view_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->store), create_row, self, NULL);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
loket_inbox_view_dispose (GObject *object)
{
  LoketInboxView *self = LOKET_INBOX_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  /* The bin lets go of its child first, so it does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_INBOX_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_inbox_view_parent_class)->dispose (object);
}

static void
loket_inbox_view_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  LoketInboxView *self = LOKET_INBOX_VIEW (object);

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
loket_inbox_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  LoketInboxView *self = LOKET_INBOX_VIEW (object);

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
loket_inbox_view_class_init (LoketInboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_inbox_view_constructed;
  object_class->dispose = loket_inbox_view_dispose;
  object_class->get_property = loket_inbox_view_get_property;
  object_class->set_property = loket_inbox_view_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-inbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketInboxView, toasts);
  gtk_widget_class_bind_template_child (widget_class, LoketInboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketInboxView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LoketInboxView, list);
}

static void
loket_inbox_view_init (LoketInboxView *self)
{
  self->store = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_inbox_view_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  return g_object_new (LOKET_TYPE_INBOX_VIEW, "replica", replica, NULL);
}

GListModel *
loket_inbox_view_get_model (LoketInboxView *self)
{
  g_return_val_if_fail (LOKET_IS_INBOX_VIEW (self), NULL);

  return G_LIST_MODEL (self->store);
}
