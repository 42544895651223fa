/* loket-message-text.c — what the server's messages to customers say (loket-message-text.h).
 *
 * The texts are English source strings; the site's language comes from the catalogue, as the
 * caller runs this under loket_site_enter_language ().  Weekday and month names are ours too
 * (not the C library's), so a server running in the C locale still writes "maandag".
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "loket-message-text.h"

void
loket_message_text_free (LoketMessageText *text)
{
  if (text == NULL)
    return;
  g_free (text->subject);
  g_free (text->body);
  g_free (text->attachment_name);
  g_free (text->attachment);
  g_free (text);
}

/* ---- words ---------------------------------------------------------------------------------- */

/* Text from the database as one line of plain text: control and format characters (a line
 * break in a name, a bidi override) become spaces. */
static char *
plain (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT
          || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

const char *
loket_message_text_weekday_name (GDateWeekday weekday)
{
  switch (weekday)
    {
    case G_DATE_MONDAY:    return C_("weekday", "Monday");
    case G_DATE_TUESDAY:   return C_("weekday", "Tuesday");
    case G_DATE_WEDNESDAY: return C_("weekday", "Wednesday");
    case G_DATE_THURSDAY:  return C_("weekday", "Thursday");
    case G_DATE_FRIDAY:    return C_("weekday", "Friday");
    case G_DATE_SATURDAY:  return C_("weekday", "Saturday");
    case G_DATE_SUNDAY:    return C_("weekday", "Sunday");
    case G_DATE_BAD_WEEKDAY:
    default:               g_return_val_if_reached ("");
    }
}

const char *
loket_message_text_month_name (int month)
{
  switch (month)
    {
    case 1:  return C_("month", "January");
    case 2:  return C_("month", "February");
    case 3:  return C_("month", "March");
    case 4:  return C_("month", "April");
    case 5:  return C_("month", "May");
    case 6:  return C_("month", "June");
    case 7:  return C_("month", "July");
    case 8:  return C_("month", "August");
    case 9:  return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: g_return_val_if_reached ("");
    }
}

char *
loket_message_text_day (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);

  /* Translators: a day in a message: weekday, day of the month, month, year, as in
   * "Monday 23 November 2026". */
  return g_strdup_printf (_("%1$s %2$d %3$s %4$d"),
                          loket_message_text_weekday_name ((GDateWeekday) g_date_time_get_day_of_week (local)),
                          g_date_time_get_day_of_month (local),
                          loket_message_text_month_name (g_date_time_get_month (local)),
                          g_date_time_get_year (local));
}

char *
loket_message_text_day_time (GDateTime *local)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (local != NULL, NULL);

  day = loket_message_text_day (local);
  clock = g_date_time_format (local, "%H:%M");
  /* Translators: a day and a time, as in "Monday 23 November 2026 at 09:30". */
  return g_strdup_printf (C_("day and time", "%s at %s"), day, clock);
}

static char *
place (const LoketMessageFacts *f)
{
  g_autofree char *name = plain (f->location_name);
  g_autofree char *address = plain (f->location_address);

  if (*address == '\0')
    return g_steal_pointer (&name);
  if (*name == '\0')
    return g_steal_pointer (&address);
  return g_strdup_printf ("%s, %s", name, address);
}

/* ---- e-mail texts --------------------------------------------------------------------------- */

static void
append_greeting (GString *text, const LoketMessageFacts *f)
{
  g_autofree char *name = plain (f->customer_name);

  if (*name != '\0')
    /* Translators: the first line of a message to a customer, with their name. */
    g_string_append_printf (text, _("Dear %s,"), name);
  else
    g_string_append (text, _("Dear Sir or Madam,"));
  g_string_append (text, "\n\n");
}

static void
append_closing (GString *text, const LoketMessageFacts *f)
{
  g_autofree char *site = plain (f->site_name);

  g_string_append_printf (text, "\n%s\n%s\n", _("Kind regards,"), site);
}

/* One "Label: value" line; nothing when value is empty. */
static void
append_fact (GString *text, const char *label, const char *value)
{
  g_autofree char *clean = plain (value);

  if (*clean != '\0')
    g_string_append_printf (text, "%s %s\n", label, clean);
}

static void
append_appointment (GString *text, const LoketMessageFacts *f)
{
  g_autofree char *when = loket_message_text_day_time (f->start);
  g_autofree char *where = place (f);

  append_fact (text, _("What:"), f->products);
  append_fact (text, _("When:"), when);
  append_fact (text, _("Where:"), where);
  append_fact (text, _("Case:"), f->reference);
  if (f->video_link != NULL && g_strcmp0 (f->mode, "fysiek") != 0)
    append_fact (text, _("Video link:"), f->video_link);
  g_string_append_c (text, '\n');
}

static void
append_bring (GString *text, const LoketMessageFacts *f)
{
  g_autofree char *title = plain (f->article_title);

  if (*title == '\0')
    return;
  /* Translators: followed by the title of the product's page, e.g. “Paspoort aanvragen”. */
  g_string_append_printf (text, _("What to bring and what it costs: see “%s” on our website."),
                          title);
  g_string_append (text, "\n\n");
}

static void
append_manage_link (GString *text, const LoketMessageFacts *f)
{
  if (f->link_token == NULL)
    return;
  g_string_append_printf (text, "%s\n%s/afspraak/wijzigen/%s\n\n",
                          _("Would you like to change or cancel your appointment? You can do so "
                            "here:"), f->site_url, f->link_token);
  g_string_append_printf (text, "%s\n",
                          _("Cannot come? Please let us know in good time, so someone else can "
                            "have the time."));
}

static char *
appointment_body (const LoketMessageFacts *f, const char *opening)
{
  GString *text = g_string_new (NULL);

  append_greeting (text, f);
  g_string_append_printf (text, "%s\n\n", opening);
  append_appointment (text, f);
  if (g_strcmp0 (f->kind, "cancellation") == 0)
    {
      g_string_append_printf (text, _("Would you like to make a new appointment? You can do so "
                                      "at %s"), f->site_url);
      g_string_append_c (text, '\n');
    }
  else
    {
      append_bring (text, f);
      append_manage_link (text, f);
    }
  append_closing (text, f);
  return g_string_free (text, FALSE);
}

static char *
acknowledgement_body (const LoketMessageFacts *f)
{
  GString *text = g_string_new (NULL);
  g_autofree char *reference = plain (f->reference);

  append_greeting (text, f);
  g_string_append_printf (text, _("We have received your request and registered it as case %s."),
                          reference);
  g_string_append (text, "\n\n");
  append_fact (text, _("What:"), f->products);
  append_fact (text, _("Case:"), reference);
  append_fact (text, _("Code:"), f->case_code);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("You can follow your case at %s/zaak with its number and this "
                                  "code."), f->site_url);
  g_string_append_printf (text, "\n%s\n",
                          _("Keep the code to yourself: with it, anyone can see how far your "
                            "case is."));
  append_closing (text, f);
  return g_string_free (text, FALSE);
}

static char *
status_body (const LoketMessageFacts *f)
{
  GString *text = g_string_new (NULL);
  g_autofree char *reference = plain (f->reference);
  g_autofree char *expected = f->expected != NULL ? loket_message_text_day (f->expected) : NULL;

  append_greeting (text, f);
  g_string_append_printf (text, _("The status of your case %s has changed."), reference);
  g_string_append (text, "\n\n");
  append_fact (text, _("What:"), f->products);
  append_fact (text, _("Case:"), reference);
  append_fact (text, _("Status:"), f->status_wording);
  append_fact (text, _("Expected ready:"), expected);
  append_fact (text, _("Code:"), f->case_code);
  g_string_append_c (text, '\n');
  if (f->case_code != NULL)
    {
      g_string_append_printf (text, _("You can follow your case at %s/zaak with its number and "
                                      "this code."), f->site_url);
      g_string_append_printf (text, "\n%s\n",
                              _("Keep the code to yourself: with it, anyone can see how far "
                                "your case is."));
    }
  append_closing (text, f);
  return g_string_free (text, FALSE);
}

static char *
survey_body (const LoketMessageFacts *f)
{
  GString *text = g_string_new (NULL);
  g_autofree char *reference = plain (f->reference);

  append_greeting (text, f);
  g_string_append_printf (text, _("Your case %s has been completed. We would like to know what "
                                  "you thought of our service: three short questions, answered "
                                  "in a minute."), reference);
  g_string_append_printf (text, "\n\n%s/tevredenheid/%s\n\n", f->site_url,
                          f->survey_token != NULL ? f->survey_token : "");
  g_string_append_printf (text, "%s\n", _("Thank you for your time."));
  append_closing (text, f);
  return g_string_free (text, FALSE);
}

static char *
email_subject (const LoketMessageFacts *f)
{
  g_autofree char *day = f->start != NULL ? loket_message_text_day (f->start) : NULL;
  g_autofree char *reference = plain (f->reference);

  if (g_str_equal (f->kind, "confirmation"))
    return g_strdup_printf (_("Confirmation of your appointment on %s"), day);
  if (g_str_equal (f->kind, "change"))
    return g_strdup_printf (_("Your appointment has been moved to %s"), day);
  if (g_str_equal (f->kind, "cancellation"))
    return g_strdup_printf (_("Your appointment on %s has been cancelled"), day);
  if (g_str_equal (f->kind, "reminder"))
    return g_strdup_printf (_("Reminder: your appointment on %s"), day);
  if (g_str_equal (f->kind, "acknowledgement"))
    return g_strdup_printf (_("We have received your request (case %s)"), reference);
  if (g_str_equal (f->kind, "status"))
    return g_strdup_printf (_("News about your case %s"), reference);
  return g_strdup_printf (_("What did you think of our service? (case %s)"), reference);
}

static char *
email_body (const LoketMessageFacts *f)
{
  if (g_str_equal (f->kind, "confirmation"))
    return appointment_body (f, _("Your appointment has been booked."));
  if (g_str_equal (f->kind, "change"))
    return appointment_body (f, _("Your appointment has been moved. These are the new "
                                  "details."));
  if (g_str_equal (f->kind, "cancellation"))
    return appointment_body (f, _("Your appointment has been cancelled."));
  if (g_str_equal (f->kind, "reminder"))
    return appointment_body (f, _("This is a reminder of your appointment."));
  if (g_str_equal (f->kind, "acknowledgement"))
    return acknowledgement_body (f);
  if (g_str_equal (f->kind, "status"))
    return status_body (f);
  return survey_body (f);
}

/* ---- SMS ------------------------------------------------------------------------------------ */

static gboolean
same_day (GDateTime *a, GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b)
         && g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

static char *
status_sms_text (const char *reference, const char *wording, const char *site)
{
  /* Translators: an SMS: the case's reference, its new status, who sends it, as in "New status
   * of your case Z-2026-0001: In behandeling. Gemeente Dalfsenburg" */
  return g_strdup_printf (_("New status of your case %s: %s. %s"), reference, wording, site);
}

/* A case's new status: its reference, the status, who sends it; a long wording is shortened
 * to fit one SMS.  No code to the status page: an SMS is not secret enough for it (it shows
 * on a locked phone's screen, and stays with the gateway). */
static char *
status_sms_body (const LoketMessageFacts *f)
{
  g_autofree char *reference = plain (f->reference);
  g_autofree char *wording = plain (f->status_wording);
  g_autofree char *site = plain (f->site_name);
  g_autofree char *text = status_sms_text (reference, wording, site);
  glong over = g_utf8_strlen (text, -1) - 160;
  glong keep = g_utf8_strlen (wording, -1) - over - 1;  /* room for the "…" */
  g_autofree char *kept = NULL;
  g_autofree char *shortened = NULL;

  if (over <= 0 || keep <= 0)
    return g_steal_pointer (&text);
  kept = g_utf8_substring (wording, 0, keep);
  shortened = g_strconcat (g_strchomp (kept), "…", NULL);
  return status_sms_text (reference, shortened, site);
}

/* A case registered: its reference and who sends it (no code, as for a status). */
static char *
acknowledgement_sms_body (const LoketMessageFacts *f)
{
  g_autofree char *reference = plain (f->reference);
  g_autofree char *site = plain (f->site_name);

  /* Translators: an SMS: the case's reference, who sends it, as in "We have registered your
   * request as case Z-2026-0001. Gemeente Dalfsenburg" */
  return g_strdup_printf (_("We have registered your request as case %s. %s"), reference, site);
}

/* Short: the time, where, who sends it; the place goes when the text would not fit in one SMS. */
static char *
sms_body (const LoketMessageFacts *f)
{
  g_autoptr(GDateTime) now = g_date_time_to_timezone (f->now, g_date_time_get_timezone (f->start));
  g_autofree char *clock = g_date_time_format (f->start, "%H:%M");
  g_autofree char *when = same_day (now, f->start)
                          /* Translators: "today at 09:30" in an SMS. */
                          ? g_strdup_printf (_("today at %s"), clock)
                          : loket_message_text_day_time (f->start);
  g_autofree char *where = plain (f->location_name);
  g_autofree char *site = plain (f->site_name);
  char *text;

  /* Translators: an SMS: when, where, who sends it, as in "Reminder: your appointment today at
   * 09:30, Stadhuis. Gemeente Dalfsenburg" */
  text = g_strdup_printf (_("Reminder: your appointment %s, %s. %s"), when, where, site);
  if (g_utf8_strlen (text, -1) <= 160)
    return text;
  g_free (text);
  /* Translators: an SMS without the place: when, who sends it. */
  return g_strdup_printf (_("Reminder: your appointment %s. %s"), when, site);
}

/* ---- iCalendar ------------------------------------------------------------------------------ */

static struct icaltimetype
utc_time (GDateTime *moment)
{
  return icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (moment), 0,
                                        icaltimezone_get_utc_timezone ());
}

static icalcomponent *
event_new (const LoketMessageFacts *f, gboolean cancel)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  g_autofree char *uid = g_strdup_printf ("%s@loket", f->appointment_id);
  g_autofree char *products = plain (f->products);
  g_autofree char *summary = g_strdup_printf (_("Appointment: %s"), products);
  g_autofree char *location = place (f);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (f->now)));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (f->start)));
  icalcomponent_add_property (event, icalproperty_new_dtend (utc_time (f->end)));
  icalcomponent_add_property (event, icalproperty_new_sequence ((int) f->sequence));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (*location != '\0')
    icalcomponent_add_property (event, icalproperty_new_location (location));
  icalcomponent_add_property (event, icalproperty_new_status (cancel ? ICAL_STATUS_CANCELLED
                                                                     : ICAL_STATUS_CONFIRMED));
  if (!cancel && f->video_link != NULL && g_strcmp0 (f->mode, "fysiek") != 0)
    icalcomponent_add_property (event, icalproperty_new_url (f->video_link));
  return event;
}

char *
loket_message_text_ics (const LoketMessageFacts *facts, gboolean cancel)
{
  icalcomponent *calendar;
  char *ics, *result;

  g_return_val_if_fail (facts != NULL && facts->start != NULL && facts->end != NULL, NULL);
  g_return_val_if_fail (facts->appointment_id != NULL && facts->now != NULL, NULL);

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar,
                              icalproperty_new_prodid ("-//Loket//loket-sync " PACKAGE_VERSION
                                                       "//NL"));
  icalcomponent_add_property (calendar, icalproperty_new_method (cancel ? ICAL_METHOD_CANCEL
                                                                        : ICAL_METHOD_PUBLISH));
  icalcomponent_add_component (calendar, event_new (facts, cancel));
  ics = icalcomponent_as_ical_string_r (calendar);
  result = g_strdup (ics);
  icalmemory_free_buffer (ics);
  icalcomponent_free (calendar);
  return result;
}

/* ---- composing ------------------------------------------------------------------------------ */

static gboolean
is_appointment_kind (const char *kind)
{
  return g_str_equal (kind, "confirmation") || g_str_equal (kind, "change")
         || g_str_equal (kind, "cancellation") || g_str_equal (kind, "reminder");
}

LoketMessageText *
loket_message_text_compose (const LoketMessageFacts *facts)
{
  LoketMessageText *text;

  g_return_val_if_fail (facts != NULL && facts->kind != NULL && facts->channel != NULL, NULL);
  g_return_val_if_fail (facts->now != NULL, NULL);
  g_return_val_if_fail (!is_appointment_kind (facts->kind) || facts->start != NULL, NULL);

  text = g_new0 (LoketMessageText, 1);
  if (g_str_equal (facts->channel, "sms"))
    {
      text->subject = g_strdup ("");
      if (g_str_equal (facts->kind, "status"))
        text->body = status_sms_body (facts);
      else if (g_str_equal (facts->kind, "acknowledgement"))
        text->body = acknowledgement_sms_body (facts);
      else
        text->body = sms_body (facts);
      return text;
    }
  text->subject = email_subject (facts);
  text->body = email_body (facts);
  /* A reminder does not change the calendar: only what books, moves or cancels carries one. */
  if (g_str_equal (facts->kind, "confirmation") || g_str_equal (facts->kind, "change")
      || g_str_equal (facts->kind, "cancellation"))
    {
      text->attachment_name = g_strdup ("afspraak.ics");
      text->attachment = loket_message_text_ics (facts, g_str_equal (facts->kind,
                                                                     "cancellation"));
    }
  return text;
}

/* ---- addresses ------------------------------------------------------------------------------ */

gboolean
loket_message_text_address_ok (const char *address)
{
  const char *at;

  if (address == NULL || (at = strchr (address, '@')) == NULL || at == address
      || strchr (at + 1, '@') != NULL || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; p < at; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
      return FALSE;
  for (const char *p = at + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return strchr (at + 1, '.') != NULL && at[1] != '.' && at[1] != '-'
         && !g_str_has_suffix (address, ".") && !g_str_has_suffix (address, "-");
}

/* Without a country code a number is taken as Dutch: the leading 0 becomes +31. */
char *
loket_message_text_phone (const char *phone)
{
  GString *digits = g_string_new (NULL);
  g_autofree char *number = NULL;
  g_autofree char *international = NULL;
  const char *national;
  const char *p = phone != NULL ? phone : "";
  gboolean plus = FALSE;

  while (*p == ' ')
    p++;
  if (*p == '+')
    {
      plus = TRUE;
      p++;
    }
  for (; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "(0)"))  /* "+31 (0)6 …": the 0 is for calls within the country */
        p += 2;
      else if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr (" -./()", *p) == NULL)
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  number = g_string_free (digits, FALSE);
  if (!plus && g_str_has_prefix (number, "00"))
    national = number + 2;
  else if (!plus && g_str_has_prefix (number, "0"))
    national = NULL;
  else if (plus)
    national = number;
  else
    return NULL;
  international = national != NULL ? g_strdup (national) : g_strconcat ("31", number + 1, NULL);
  if (strlen (international) < 8 || strlen (international) > 15 || international[0] == '0')
    return NULL;
  return g_strconcat ("+", international, NULL);
}

/* ---- the e-mail ----------------------------------------------------------------------------- */

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  return strstr (text, "=?") == NULL;
}

/* text (one clean line) as RFC 2047 encoded words of at most 75 characters, folded. */
static void
append_encoded_words (GString *out, const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *chunk = NULL;
      g_autofree char *encoded = NULL;

      /* 36 bytes make 48 characters of base64: with "=?UTF-8?B?", "?=" and a header's name
       * the line stays within the 76 characters RFC 2047 allows. */
      while (*end != '\0' && (gsize) (g_utf8_next_char (end) - p) <= 36)
        end = g_utf8_next_char (end);
      chunk = g_strndup (p, (gsize) (end - p));
      encoded = g_base64_encode ((const guchar *) chunk, strlen (chunk));
      g_string_append_printf (out, "%s=?UTF-8?B?%s?=", p != text ? "\n " : "", encoded);
      p = end;
    }
}

/* A header's text (a subject, a display name): clean, and encoded when not plain ASCII. */
static void
append_header_text (GString *out, const char *text)
{
  g_autofree char *clean = plain (text);

  if (is_plain_ascii (clean))
    g_string_append (out, clean);
  else
    append_encoded_words (out, clean);
}

/* "Name <address>" or "address" from the configuration; FALSE when it cannot be used. */
static gboolean
append_mailbox (GString *out, const char *mailbox, char **domain)
{
  const char *open = strrchr (mailbox, '<');
  g_autofree char *address = NULL;
  g_autofree char *raw_name = NULL;
  g_autofree char *name = NULL;

  if (open != NULL && g_str_has_suffix (mailbox, ">"))
    {
      address = g_strndup (open + 1, strlen (open + 1) - 1);
      raw_name = g_strndup (mailbox, (gsize) (open - mailbox));
      name = plain (g_strdelimit (raw_name, "\"\\", ' '));
    }
  else
    address = g_strstrip (g_strdup (mailbox));
  if (!loket_message_text_address_ok (address))
    return FALSE;
  if (name != NULL && *name != '\0' && is_plain_ascii (name))
    g_string_append_printf (out, "\"%s\" ", name);
  else if (name != NULL && *name != '\0')
    {
      append_encoded_words (out, name);
      g_string_append_c (out, ' ');
    }
  g_string_append_printf (out, "<%s>", address);
  *domain = g_strdup (strchr (address, '@') + 1);
  return TRUE;
}

/* RFC 5322's date: English names whatever the locale. */
static void
append_date (GString *out, GDateTime *date)
{
  static const char *const days[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                        "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  g_string_append_printf (out, "%s, %d %s %d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (utc)],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc)], g_date_time_get_year (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

/* Quoted-printable (RFC 2045), lines of at most 76 characters.  A line's leading dot and
 * "From " are encoded too, so no mail program or mailbox format mistakes them for its own. */
static void
append_quoted_printable (GString *out, const char *text)
{
  gsize column = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      gboolean line_end = p[1] == '\n' || p[1] == '\0';
      char piece[4];

      if (c == '\n')
        {
          g_string_append_c (out, '\n');
          column = 0;
          continue;
        }
      if ((c >= 33 && c <= 126 && c != '=' && !(column == 0 && (c == '.' || (c == 'F'
              && g_str_has_prefix (p, "From ")))))
          || ((c == ' ' || c == '\t') && !line_end))
        g_snprintf (piece, sizeof piece, "%c", c);
      else
        g_snprintf (piece, sizeof piece, "=%02X", c);
      if (column + strlen (piece) > 75)
        {
          g_string_append (out, "=\n");
          column = 0;
        }
      g_string_append (out, piece);
      column += strlen (piece);
    }
  g_string_append_c (out, '\n');
}

static void
append_base64 (GString *out, const char *data)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) data, strlen (data));
  gsize length = strlen (encoded);

  for (gsize i = 0; i < length; i += 76)
    g_string_append_printf (out, "%.76s\n", encoded + i);
}

static void
append_text_part (GString *out, const char *body)
{
  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\n"
                        "Content-Transfer-Encoding: quoted-printable\n\n");
  append_quoted_printable (out, body);
}

char *
loket_message_text_mime (const char *message_id, const char *from, const char *to,
                         const char *subject, const char *body, const char *attachment_name,
                         const char *attachment, GDateTime *date)
{
  g_autoptr(GString) out = g_string_new ("From: ");
  g_autofree char *domain = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (message_id != NULL && from != NULL && body != NULL && date != NULL,
                        NULL);

  if (!append_mailbox (out, from, &domain) || !loket_message_text_address_ok (to))
    return NULL;
  g_string_append_printf (out, "\nTo: <%s>\nSubject: ", to);
  append_header_text (out, subject != NULL ? subject : "");
  g_string_append (out, "\nDate: ");
  append_date (out, date);
  g_string_append_printf (out, "\nMessage-ID: <%s@%s>\n", message_id, domain);
  g_string_append (out, "MIME-Version: 1.0\nAuto-Submitted: auto-generated\n");
  if (attachment == NULL)
    {
      append_text_part (out, body);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  file = plain (attachment_name != NULL ? attachment_name : "afspraak.ics");
  g_strdelimit (file, "\"\\/;", '_');
  g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"loket-%s\"\n\n"
                               "--loket-%s\n", message_id, message_id);
  append_text_part (out, body);
  g_string_append_printf (out, "--loket-%s\n"
                               "Content-Type: text/calendar; charset=UTF-8; method=%s;"
                               " name=\"%s\"\n"
                               "Content-Disposition: attachment; filename=\"%s\"\n"
                               "Content-Transfer-Encoding: base64\n\n",
                          message_id, strstr (attachment, "METHOD:CANCEL") != NULL ? "CANCEL"
                                                                                 : "PUBLISH",
                          file, file);
  append_base64 (out, attachment);
  g_string_append_printf (out, "--loket-%s--\n", message_id);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- reasons -------------------------------------------------------------------------------- */

char *
loket_message_text_reason (LoketMessageReason reason, int number, const char *detail)
{
  switch (reason)
    {
    case LOKET_MESSAGE_REASON_MAIL_STATUS:
      return g_strdup_printf (_("The mail program stopped with status %d"), number);
    case LOKET_MESSAGE_REASON_MAIL_SIGNAL:
      return g_strdup_printf (_("The mail program was stopped by signal %d"), number);
    case LOKET_MESSAGE_REASON_MAIL_START:
      return g_strdup_printf (_("The mail program %s cannot be started"),
                              detail != NULL ? detail : "");
    case LOKET_MESSAGE_REASON_MAIL_TIMEOUT:
      return g_strdup_printf (_("The mail program did not finish within %d seconds"), number);
    case LOKET_MESSAGE_REASON_SMS_NONE:
      return g_strdup (_("No SMS gateway is configured"));
    case LOKET_MESSAGE_REASON_SMS_REFUSED:
      return g_strdup_printf (_("The SMS gateway refused the message (HTTP status %d)"), number);
    case LOKET_MESSAGE_REASON_SMS_STATUS:
      return g_strdup_printf (_("The SMS gateway answered with HTTP status %d"), number);
    case LOKET_MESSAGE_REASON_SMS_UNREACHABLE:
      return g_strdup (_("The SMS gateway cannot be reached"));
    case LOKET_MESSAGE_REASON_BAD_ADDRESS:
      return g_strdup (_("The customer’s e-mail address cannot be used"));
    case LOKET_MESSAGE_REASON_BAD_PHONE:
      return g_strdup (_("The customer’s phone number cannot be used for an SMS"));
    case LOKET_MESSAGE_REASON_NO_EMAIL:
      return g_strdup (_("The customer no longer has an e-mail address"));
    case LOKET_MESSAGE_REASON_NO_PHONE:
      return g_strdup (_("The customer no longer has a phone number"));
    case LOKET_MESSAGE_REASON_BAD_SENDER:
      return g_strdup (_("The sender address in the server’s configuration cannot be used"));
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}
