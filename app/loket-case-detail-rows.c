/* loket-case-detail-rows.c — the words and rows of a case's sections (loket-case-detail-private.h):
 * deadlines in working days, moments in local time, and one row per timeline entry, note,
 * document, linked case, contact moment and appointment.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "loket-case-detail-private.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-time.h"

/* ---- words ----------------------------------------------------------------------------------- */

char *
loket_case_deadline_words (LoketRecord *row)
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

const char *
loket_case_deadline_class (LoketRecord *row)
{
  const char *state = loket_record_get_string (row, "deadline_state");

  if (g_str_equal (state, "overdue"))
    return "error";
  if (g_str_equal (state, "at_risk"))
    return "warning";
  return "dim-label";
}

char *
loket_case_detail_moment (LoketCaseDetail *self, const char *iso)
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

char *
loket_case_detail_date_words (LoketCaseDetail *self, const char *iso_date)
{
  int y, m, d;
  GDate date;

  if (sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso_date);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return loket_time_format_day (&date, self->tz);
}

/* "in behandeling · …": who and when, and whether it waits to be sent. */
static char *
by_words (LoketCaseDetail *self, LoketRecord *record, const char *at_column)
{
  g_autofree char *when = loket_case_detail_moment (self, loket_record_get_string (record,
                                                                                  at_column));
  const char *by = loket_record_get_string (record, "by_name");
  g_autofree char *text = *by != '\0' ? g_strdup_printf ("%s · %s", when, by) : g_strdup (when);

  if (loket_record_get_int (record, "pending"))
    return g_strdup_printf (_("%s · not yet synced"), text);
  return g_steal_pointer (&text);
}

static const char *
link_words (LoketRecord *link)
{
  const char *kind = loket_record_get_string (link, "kind");
  gboolean to = g_str_equal (loket_record_get_string (link, "direction"), "to");

  if (g_str_equal (kind, "intake"))
    return to ? _("Its intake") : _("Request after this intake");
  if (g_str_equal (kind, "bundle"))
    return _("Same life event");
  return _("Related case");
}

static const char *
channel_words (const char *channel)
{
  static const struct { const char *channel; const char *words; } channels[] = {
    { "balie", N_("At the desk") }, { "telefoon", N_("Phone") }, { "email", N_("E-mail") },
    { "post", N_("Post") }, { "chat", N_("Chat") }, { "web", N_("Website") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_str_equal (channels[i].channel, channel))
      return _(channels[i].words);
  return channel;
}

/* ---- rows ------------------------------------------------------------------------------------ */

GtkWidget *
loket_case_detail_row_new (const char *title, const char *subtitle)
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

GtkWidget *
loket_case_detail_placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  return label;
}

/* The last status entry of the timeline is where the case stands now. */
static gboolean
is_current_entry (LoketCaseDetail *self, LoketRecord *record)
{
  GListModel *timeline = G_LIST_MODEL (self->timeline_store);

  if (self->current == NULL || !g_str_equal (loket_record_get_string (record, "kind"), "status"))
    return FALSE;
  for (guint i = g_list_model_get_n_items (timeline); i > 0; i--)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i - 1);

      if (g_str_equal (loket_record_get_string (entry, "kind"), "status"))
        return entry == record
               && g_str_equal (loket_record_get_string (record, "status"),
                               loket_record_get_string (self->current, "status"));
    }
  return FALSE;
}

GtkWidget *
loket_case_detail_create_timeline_row (gpointer item, gpointer user_data)
{
  LoketCaseDetail *self = user_data;
  LoketRecord *record = item;
  const char *kind = loket_record_get_string (record, "kind");
  const char *reason = loket_record_get_string (record, "reason");
  g_autofree char *by = by_words (self, record, "at");
  g_autofree char *subtitle = *reason != '\0' ? g_strdup_printf ("%s\n%s", by, reason)
                                              : g_strdup (by);
  GtkWidget *row;

  if (g_str_equal (kind, "suspend"))
    row = loket_case_detail_row_new (_("Waiting for the customer: the deadline is paused"), subtitle);
  else if (g_str_equal (kind, "resume"))
    row = loket_case_detail_row_new (_("Resumed: the deadline runs again"), subtitle);
  else
    row = loket_case_detail_row_new (loket_record_get_string (record, "status"), subtitle);
  gtk_widget_add_css_class (row, kind);
  if (!g_str_equal (kind, "status"))
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name (g_str_equal (kind, "suspend")
                                                             ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic"));
  if (is_current_entry (self, record))
    {
      suffix_label (row, _("Current status"), "accent");
      gtk_widget_add_css_class (row, "current");
    }
  return row;
}

GtkWidget *
loket_case_detail_create_note_row (gpointer item, gpointer user_data)
{
  LoketCaseDetail *self = user_data;
  LoketRecord *record = item;
  g_autofree char *when = loket_case_detail_moment (self, loket_record_get_string (record,
                                                                                  "created_at"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               loket_record_get_string (record, "author_name"),
                                               when);
  GtkWidget *row = loket_case_detail_row_new (loket_record_get_string (record, "body"), subtitle);

  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* Enter or a click opens the document where it lives. */
GtkWidget *
loket_case_detail_create_document_row (gpointer item, gpointer user_data)
{
  LoketCaseDetail *self = user_data;
  LoketRecord *record = item;
  g_autofree char *by = by_words (self, record, "added_at");
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", loket_record_get_string (record,
                                                                                   "location"),
                                               by);
  GtkWidget *row = loket_case_detail_row_new (loket_record_get_string (record, "title"), subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name ("document-open-symbolic");

  gtk_widget_set_name (row, loket_record_get_id (record));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s",
                                    loket_record_get_string (record, "location"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "case.open-document");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
loket_case_detail_create_link_row (gpointer item, gpointer user_data)
{
  LoketRecord *record = item;
  g_autofree char *title = g_strdup_printf ("%s · %s", loket_record_get_string (record, "reference"),
                                            loket_record_get_string (record, "subject"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", link_words (record),
                                               loket_record_get_string (record, "status"));
  GtkWidget *row = loket_case_detail_row_new (title, subtitle);

  gtk_widget_set_name (row, loket_record_get_string (record, "other_id"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s",
                                    loket_record_get_string (record, "other_id"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "case.open-case");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
loket_case_detail_create_contact_row (gpointer item, gpointer user_data)
{
  LoketCaseDetail *self = user_data;
  LoketRecord *record = item;
  const char *topic = loket_record_get_string (record, "topic");
  const char *referred = loket_record_get_string (record, "referred_to");
  const char *channel = channel_words (loket_record_get_string (record, "channel"));
  g_autofree char *title = *topic != '\0' ? g_strdup_printf ("%s · %s", channel, topic)
                                          : g_strdup (channel);
  g_autofree char *by = by_words (self, record, "at");
  g_autofree char *subtitle = NULL;

  /* Translators: a contact moment's who and when, then whom the customer was sent to */
  subtitle = *referred != '\0' ? g_strdup_printf (_("%s · referred to %s"), by, referred)
                               : g_strdup (by);
  return loket_case_detail_row_new (title, subtitle);
}

GtkWidget *
loket_case_detail_create_appointment_row (gpointer item, gpointer user_data)
{
  LoketCaseDetail *self = user_data;
  LoketRecord *record = item;
  g_autofree char *when = loket_case_detail_moment (self, loket_record_get_string (record,
                                                                                  "start_at"));
  g_autofree char *title = g_strdup_printf ("%s · %s", when,
                                            loket_record_get_string (record, "product_name"));

  return loket_case_detail_row_new (title, loket_record_get_string (record, "capacity_name"));
}

