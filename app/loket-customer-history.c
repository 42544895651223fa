/* loket-customer-history.c — the rows of a customer's history on the card (see the header).
 *
 * Each row says what the entry is, when (in the desk's zone) and its state in words; opening a
 * row reads its detail from the replica then, so a long history costs one query, not one per
 * row.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-customer-history.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-customers.h"
#include "loket-time.h"

/* ---- Words ----------------------------------------------------------------------------------- */

/* "Monday 23 November 2026 09:10" in the zone for a wire-format UTC time. */
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

const char *
loket_customer_channel_name (const char *channel)
{
  static const char *const names[][2] = {
    { "telefoon", N_("Telephone") }, { "email", N_("E-mail") }, { "post", N_("Post") },
    { "digitaal", N_("Digital") }, { "balie", N_("Counter") }, { "chat", N_("Chat") },
    { "web", N_("Website") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], channel))
      return _(names[i][1]);
  return channel;
}

/* The state of a timeline row in words: an appointment's status, a case's status (its own
 * name), a contact's channel, a callback's outcome. */
static char *
state_words (const char *kind, const char *state)
{
  static const char *const names[][3] = {
    { "appointment", "booked", N_("Booked") },
    { "appointment", "checked_in", N_("Checked in") },
    { "appointment", "done", N_("Done") },
    { "appointment", "no_show", N_("Did not come") },
    { "appointment", "cancelled", N_("Cancelled") },
    { "appointment", "rejected", N_("Not accepted") },
    { "callback", "open", N_("To call back") },
    { "callback", "done", N_("Called back") },
    { "callback", "not_reached", N_("Not reached") },
  };

  if (g_str_equal (kind, "contact"))
    return g_strdup (loket_customer_channel_name (state));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], kind) && g_str_equal (names[i][1], state))
      return g_strdup (_(names[i][2]));
  if (*state == '\0')
    return g_strdup ("");
  /* A case status is a name of the municipality's own: shown as is, capitalised. */
  {
    g_autofree char *first = g_utf8_substring (state, 0, 1);
    g_autofree char *upper = g_utf8_strup (first, -1);
    return g_strconcat (upper, g_utf8_offset_to_pointer (state, 1), NULL);
  }
}

typedef struct {
  const char *kind;
  const char *icon;
  const char *name;
} KindInfo;

static const KindInfo kinds[] = {
  { "appointment", "x-office-calendar-symbolic", N_("Appointment") },
  { "case", "folder-symbolic", N_("Case") },
  { "contact", "system-users-symbolic", N_("Contact") },
  { "callback", "call-start-symbolic", N_("Callback") },
  { "note", "document-edit-symbolic", N_("Note") },
};

static const KindInfo *
kind_info (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return &kinds[i];
  return &kinds[G_N_ELEMENTS (kinds) - 1];
}

static void
add_detail_line (GString *text, const char *label, const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", label, value);
}

/* What an opened row shows: the facts of the row that its title and subtitle leave out. */
static char *
detail_text (GTimeZone *tz, const char *kind, LoketRecord *entry)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *when = NULL;

  if (g_str_equal (kind, "contact"))
    {
      add_detail_line (text, _("Product"), loket_record_get_string (entry, "product_name"));
      add_detail_line (text, _("Case"), loket_record_get_string (entry, "case_reference"));
      add_detail_line (text, _("Referred to"), loket_record_get_string (entry, "referred_to"));
      add_detail_line (text, _("Handled by"), loket_record_get_string (entry, "by_name"));
      add_detail_line (text, _("Answered in the first contact"),
                       loket_record_get_int (entry, "resolved_first_contact") ? _("Yes") : _("No"));
    }
  else if (g_str_equal (kind, "callback"))
    {
      const char *who = loket_record_get_string (entry, "assigned_user_name");

      when = moment_words (tz, loket_record_get_string (entry, "due_at"));
      add_detail_line (text, _("Call back by"), when);
      add_detail_line (text, _("Phone"), loket_record_get_string (entry, "phone"));
      add_detail_line (text, _("Assigned to"),
                       *who != '\0' ? who : loket_record_get_string (entry, "assigned_team_name"));
      add_detail_line (text, _("Outcome by"), loket_record_get_string (entry, "outcome_by_name"));
      add_detail_line (text, _("Outcome note"), loket_record_get_string (entry, "outcome_note"));
    }
  else if (g_str_equal (kind, "note"))
    {
      add_detail_line (text, _("Case"), loket_record_get_string (entry, "case_reference"));
      add_detail_line (text, _("Written by"), loket_record_get_string (entry, "author_name"));
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n\n" : "",
                              loket_record_get_string (entry, "body"));
    }
  else if (g_str_equal (kind, "appointment"))
    {
      add_detail_line (text, _("Location"), loket_record_get_string (entry, "location_name"));
      add_detail_line (text, _("Desk"), loket_record_get_string (entry, "capacity_name"));
      add_detail_line (text, _("Reason"), loket_record_get_string (entry, "reason"));
      add_detail_line (text, _("Why"), loket_record_get_string (entry, "status_reason"));
    }
  if (text->len == 0)
    g_string_append (text, _("Nothing more is known."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_row_expanded (AdwExpanderRow *row, GParamSpec *pspec, gpointer user_data)
{
  LoketRecord *item = g_object_get_data (G_OBJECT (row), "item");
  LoketReplica *replica = g_object_get_data (G_OBJECT (row), "replica");
  GTimeZone *tz = g_object_get_data (G_OBJECT (row), "tz");
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "detail");
  g_autoptr(LoketRecord) entry = NULL;
  g_autofree char *text = NULL;

  if (!adw_expander_row_get_expanded (row))
    return;
  entry = loket_replica_get_timeline_entry (replica, loket_record_get_string (item, "kind"),
                                            loket_record_get_id (item));
  text = entry != NULL ? detail_text (tz, loket_record_get_string (item, "kind"), entry)
                       : g_strdup (_("This is no longer on this desk."));
  gtk_label_set_text (label, text);
}

static char *
row_subtitle (GTimeZone *tz, LoketRecord *item)
{
  const char *kind = loket_record_get_string (item, "kind");
  g_autofree char *when = moment_words (tz, loket_record_get_string (item, "at"));
  g_autofree char *state = state_words (kind, loket_record_get_string (item, "state"));

  if (*state == '\0')
    /* Translators: the kind of a customer's history entry and when, e.g. "Note · Monday 23
     * November 2026 09:10" */
    return g_strdup_printf (_("%s · %s"), _(kind_info (kind)->name), when);
  /* Translators: kind, when and state of a history entry, e.g. "Appointment · Monday 23
   * November 2026 09:10 · Booked" */
  return g_strdup_printf (_("%s · %s · %s"), _(kind_info (kind)->name), when, state);
}

/* ---- Rows ------------------------------------------------------------------------------------ */

/* An entry that opens in place: its detail below it, read when opened. */
static GtkWidget *
expander_row_new (LoketReplica *replica, GTimeZone *tz, GtkWidget *icon, const char *subtitle)
{
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *row = adw_expander_row_new ();

  gtk_widget_set_name (detail, "timeline-detail");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
  gtk_widget_set_margin_top (detail, 12);
  gtk_widget_set_margin_bottom (detail, 12);
  gtk_widget_set_margin_start (detail, 12);
  gtk_widget_set_margin_end (detail, 12);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail);
  g_object_set_data (G_OBJECT (row), "detail", detail);
  g_object_set_data_full (G_OBJECT (row), "replica", g_object_ref (replica), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "tz", g_time_zone_ref (tz),
                          (GDestroyNotify) g_time_zone_unref);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_row_expanded), NULL);
  return row;
}

GtkWidget *
loket_customer_history_row_new (LoketReplica *replica, GTimeZone *tz, LoketRecord *entry,
                                 gboolean opens_case)
{
  const char *kind = loket_record_get_string (entry, "kind");
  const char *title = loket_record_get_string (entry, "title");
  g_autofree char *subtitle = row_subtitle (tz, entry);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_info (kind)->icon);
  GtkWidget *row;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(kind_info (kind)->name), -1);
  if (g_str_equal (kind, "case"))
    {
      row = adw_action_row_new ();
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (opens_case)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        }
    }
  else
    row = expander_row_new (replica, tz, icon, subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *title != '\0' ? title : _(kind_info (kind)->name));
  gtk_widget_set_name (row, loket_record_get_id (entry));
  g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (entry), g_object_unref);
  return row;
}
