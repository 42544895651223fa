/* loket-admin-words.c — the Beheer page's rules, dates and weekdays in words.
 *
 * Rules are shown in words everywhere in the same way, built from the core's own reading of a
 * rule (loket_rule_from_json), so the list, the editor's preview and the history can never
 * disagree with what the replica and the server check.  Dates are typed day first, as in the
 * Netherlands and Belgium, or as ISO dates.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-admin-words.h"
#include "loket-rules.h"

static const char *const words_short_days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                               N_("Fri"), N_("Sat"), N_("Sun") };
static const char *const words_long_days[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                              N_("Thursday"), N_("Friday"), N_("Saturday"),
                                              N_("Sunday") };

const char *
loket_admin_weekday (guint day, gboolean long_form)
{
  g_return_val_if_fail (day < 7, "");

  return _(long_form ? words_long_days[day] : words_short_days[day]);
}

char *
loket_admin_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
words_format_day (const GDate *date, gboolean with_year)
{
  g_autoptr(GDateTime) noon = g_date_time_new_utc (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  return g_date_time_format (noon, with_year ? "%-d %b %Y" : "%-d %b");
}

char *
loket_admin_format_span (const GDate *from, const GDate *until)
{
  gboolean same_year = g_date_get_year (from) == g_date_get_year (until);
  g_autofree char *first = NULL;
  g_autofree char *last = words_format_day (until, TRUE);

  if (g_date_compare (from, until) == 0)
    return g_steal_pointer (&last);
  first = words_format_day (from, !same_year);
  return g_strdup_printf ("%s – %s", first, last);
}

gboolean
loket_admin_parse_date (const char *text, GDate *date)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint64 numbers[3];

  g_date_clear (date, 1);
  parts = g_strsplit_set (trimmed, "-/.", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 9999, &numbers[i], NULL))
      return FALSE;
  if (strlen (parts[0]) == 4)  /* 2027-01-09 */
    {
      guint64 year = numbers[0];

      numbers[0] = numbers[2];
      numbers[2] = year;
    }
  else if (strlen (parts[2]) != 4)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) numbers[0], (GDateMonth) numbers[1], (GDateYear) numbers[2]))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) numbers[0], (GDateMonth) numbers[1], (GDateYear) numbers[2]);
  return TRUE;
}

/* "ma, wo …" → "Ma, wo …": a description starts a line. */
static char *
words_sentence_case (char *text)
{
  gunichar first = g_utf8_get_char (text);
  char head[8] = { 0 };
  char *result;

  if (!g_unichar_islower (first))
    return text;
  g_unichar_to_utf8 (g_unichar_totitle (first), head);
  result = g_strconcat (head, g_utf8_next_char (text), NULL);
  g_free (text);
  return result;
}

char *
loket_admin_describe_rule (JsonObject *row)
{
  g_auto(LoketRule) rule = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *span = NULL;
  g_autofree char *places = NULL;

  if (!loket_rule_from_json (row, &rule, NULL))
    return g_strdup (_("A rule that cannot be read"));
  for (guint i = 0; i < 7; i++)
    if ((rule.weekdays & (1u << i)) != 0)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", _(words_short_days[i]));
  g_string_append_printf (text, " %02d:%02d–%02d:%02d", rule.start_minute / 60,
                          rule.start_minute % 60, rule.end_minute / 60, rule.end_minute % 60);
  if (rule.every_weeks > 1)
    {
      /* Translators: how often a rule repeats, e.g. "every 2 weeks" */
      g_autofree char *every = g_strdup_printf (ngettext ("every %u week", "every %u weeks",
                                                          rule.every_weeks), rule.every_weeks);

      g_string_append_printf (text, ", %s", every);
    }
  span = loket_admin_format_span (&rule.valid_from, &rule.valid_until);
  g_string_append_printf (text, ", %s, ", span);
  /* Translators: the length of a slot, "10 min" */
  g_string_append_printf (text, _("%d min"), rule.slot_minutes);
  places = g_strdup_printf (ngettext ("%d place", "%d places", rule.places), rule.places);
  g_string_append_printf (text, ", %s", places);
  if (rule.public_places > 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: how many of a slot's places the website may book, "(1 website)" */
      g_string_append_printf (text, _("(%d website)"), rule.public_places);
    }
  return words_sentence_case (g_string_free (g_steal_pointer (&text), FALSE));
}

char *
loket_admin_describe_window (JsonObject *row)
{
  g_auto(LoketRule) rule = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);

  if (!loket_rule_from_json (row, &rule, NULL))
    return g_strdup ("");
  g_string_append_printf (text, ngettext ("Booking opens %d day ahead",
                                          "Booking opens %d days ahead", rule.opens_days),
                          rule.opens_days);
  g_string_append (text, ", ");
  if (rule.closes_days > 0)
    g_string_append_printf (text, ngettext ("closes %d day before", "closes %d days before",
                                            rule.closes_days), rule.closes_days);
  else
    g_string_append (text, _("closes on the day itself"));
  if (rule.min_notice_minutes > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, ngettext ("at least %d minute’s notice",
                                              "at least %d minutes’ notice",
                                              rule.min_notice_minutes),
                              rule.min_notice_minutes);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
