/* loket-confirmation.c — the appointment confirmation: text, print and iCalendar file.
 *
 * The builders take a LoketRecord so that they can be tested without a window: the UI test
 * parses the .ics back with libical and prints into a PDF.  Times travel in UTC (the wire
 * format); the text shows them in the location's zone, the .ics keeps them in UTC so every
 * calendar puts the appointment at the right moment, also across a change of the clocks.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <string.h>

#include "loket-confirmation.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-time.h"

/* Collecting ------------------------------------------------------------------------------- */

static LoketRecord *
find_record (GListModel *model, const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      LoketRecord *record = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (record), id))
        return record;
      g_object_unref (record);
    }
  return NULL;
}

/* The visit's products with their counts: its items, or the one product of an older booking. */
static JsonArray *
visit_items (LoketRecord *appointment)
{
  const char *items = loket_record_get_string (appointment, "items");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *result = json_array_new ();

  if (*items != '\0' && json_parser_load_from_data (parser, items, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node) &&
              json_object_get_string_member_with_default (json_node_get_object (node),
                                                          "product_id", NULL) != NULL)
            json_array_add_object_element (result, json_object_ref (json_node_get_object (node)));
        }
    }
  if (json_array_get_length (result) == 0)
    {
      JsonObject *one = json_object_new ();

      json_object_set_string_member (one, "product_id",
                                     loket_record_get_string (appointment, "product_id"));
      json_object_set_int_member (one, "count", 1);
      json_array_add_object_element (result, one);
    }
  return result;
}

/* The bullet lines under a "what to bring" heading of an article's Markdown. */
static void
add_what_to_bring (const char *body, GPtrArray *lines)
{
  g_auto(GStrv) split = g_strsplit (body, "\n", -1);
  gboolean inside = FALSE;

  for (guint i = 0; split[i] != NULL; i++)
    {
      const char *line = g_strstrip (split[i]);

      if (*line == '#')
        {
          g_autofree char *folded = g_utf8_casefold (line, -1);

          inside = strstr (folded, "neemt u mee") != NULL || strstr (folded, "meenemen") != NULL ||
                   strstr (folded, "bring") != NULL;
          continue;
        }
      if (inside && (g_str_has_prefix (line, "- ") || g_str_has_prefix (line, "* ")))
        {
          const char *item = line + 2;
          gboolean seen = FALSE;

          for (guint j = 0; j < lines->len && !seen; j++)
            seen = g_str_equal (lines->pdata[j], item);
          if (!seen)
            g_ptr_array_add (lines, g_strdup (item));
        }
    }
}

/* "3 × Paspoort, Rijbewijs" and the articles' lists of what to bring. */
static void
describe_products (LoketReplica *replica, LoketRecord *appointment, JsonObject *columns)
{
  g_autoptr(JsonArray) items = visit_items (appointment);
  g_autoptr(GListModel) products = loket_replica_list_products (replica, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bring = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined_names = NULL;
  g_autofree char *joined_bring = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id = json_object_get_string_member (item, "product_id");
      gint64 count = json_object_get_int_member_with_default (item, "count", 1);
      g_autoptr(LoketRecord) product = find_record (products, id);
      g_autoptr(LoketRecord) article = NULL;
      const char *name = product != NULL ? loket_record_get_string (product, "name") : id;

      /* Translators: a product and how many of it in one visit, e.g. "3 × Paspoort" */
      g_ptr_array_add (names, count > 1 ? g_strdup_printf (_("%d × %s"), (int) count, name)
                                        : g_strdup (name));
      if (product != NULL
          && (article = loket_replica_get_article (replica, loket_record_get_string (product,
                                                                                "article_id"))))
        add_what_to_bring (loket_record_get_string (article, "public_body"), bring);
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (bring, NULL);
  joined_names = g_strjoinv (", ", (char **) names->pdata);
  joined_bring = g_strjoinv ("\n", (char **) bring->pdata);
  json_object_set_string_member (columns, "products", joined_names);
  json_object_set_string_member (columns, "what_to_bring", joined_bring);
}

LoketRecord *
loket_confirmation_collect (LoketReplica *replica, const char *appointment_id)
{
  g_autoptr(LoketRecord) appointment = NULL;
  g_autoptr(GListModel) locations = NULL;
  g_autoptr(LoketRecord) location = NULL;
  g_autoptr(JsonObject) columns = json_object_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *source;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (appointment_id != NULL, NULL);

  appointment = loket_replica_get_appointment (replica, appointment_id);
  if (appointment == NULL)
    return NULL;
  source = loket_record_get_columns (appointment);
  members = json_object_get_members (source);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (columns, l->data,
                            json_node_copy (json_object_get_member (source, l->data)));
  locations = loket_replica_list_locations (replica);
  location = find_record (locations, loket_record_get_string (appointment, "location_id"));
  json_object_set_string_member (columns, "location_address",
                                 location != NULL ? loket_record_get_string (location, "address") : "");
  json_object_set_string_member (columns, "location_timezone",
                                 location != NULL && *loket_record_get_string (location, "timezone")
                                 ? loket_record_get_string (location, "timezone")
                                 : "Europe/Amsterdam");
  if (*loket_record_get_string (appointment, "location_name") == '\0' && location != NULL)
    json_object_set_string_member (columns, "location_name",
                                   loket_record_get_string (location, "name"));
  describe_products (replica, appointment, columns);
  return loket_record_new (columns);
}

/* Text ------------------------------------------------------------------------------------- */

static GTimeZone *
confirmation_timezone (LoketRecord *confirmation)
{
  const char *name = loket_record_get_string (confirmation, "location_timezone");
  GTimeZone *tz = g_time_zone_new_identifier (*name != '\0' ? name : "Europe/Amsterdam");

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

static const char *
mode_words (const char *mode)
{
  if (g_str_equal (mode, "digitaal"))
    return _("Video");
  if (g_str_equal (mode, "hybride"))
    return _("Hybrid");
  return _("In person");
}

/* A line of the text when there is something to say; format is a literal or a translation. */
#define append_line(text, format, value)                  \
  G_STMT_START {                                          \
    const char *value_ = (value);                         \
    if (value_ != NULL && *value_ != '\0')                \
      {                                                   \
        g_string_append_printf ((text), format, value_);  \
        g_string_append_c ((text), '\n');                 \
      }                                                   \
  } G_STMT_END

/* Date and clock times in the location's zone. */
static void
append_when (GString *text, LoketRecord *confirmation)
{
  g_autoptr(GTimeZone) tz = confirmation_timezone (confirmation);
  g_autoptr(GDateTime) start =
    g_date_time_new_from_iso8601 (loket_record_get_string (confirmation, "start_at"), NULL);
  g_autofree char *from = loket_time_format_clock (loket_record_get_string (confirmation, "start_at"), tz);
  g_autofree char *until = loket_time_format_clock (loket_record_get_string (confirmation, "end_at"), tz);
  g_autofree char *day = NULL;
  g_autofree char *range = NULL;
  GDate date;

  if (start == NULL)
    return;
  loket_time_local_date (tz, g_date_time_to_unix (start), &date);
  day = loket_time_format_day (&date, tz);
  /* Translators: the time of an appointment, e.g. "09:10–09:40" */
  range = g_strdup_printf (_("%s–%s"), from, until);
  append_line (text, _("Date: %s"), day);
  append_line (text, _("Time: %s"), range);
}

char *
loket_confirmation_build_text (LoketRecord *confirmation)
{
  GString *text = g_string_new (NULL);
  const char *bring = NULL;
  const char *mode = NULL;

  g_return_val_if_fail (LOKET_IS_RECORD (confirmation), NULL);

  bring = loket_record_get_string (confirmation, "what_to_bring");
  mode = loket_record_get_string (confirmation, "mode");
  g_string_append_printf (text, "%s\n\n", _("Appointment Confirmation"));
  append_line (text, "%s", loket_record_get_string (confirmation, "location_name"));
  append_line (text, "%s", loket_record_get_string (confirmation, "location_address"));
  g_string_append_c (text, '\n');
  append_when (text, confirmation);
  append_line (text, _("For: %s"), *loket_record_get_string (confirmation, "products") != '\0'
                                   ? loket_record_get_string (confirmation, "products")
                                   : loket_record_get_string (confirmation, "product_name"));
  append_line (text, _("Customer: %s"), loket_record_get_string (confirmation, "customer_name"));
  append_line (text, _("Reference: %s"), loket_record_get_string (confirmation, "case_reference"));
  append_line (text, _("Meeting: %s"), mode_words (mode));
  if (!g_str_equal (mode, "fysiek") && *mode != '\0')
    append_line (text, _("Video link: %s"), loket_record_get_string (confirmation, "video_link"));
  if (*bring != '\0')
    {
      g_auto(GStrv) items = g_strsplit (bring, "\n", -1);

      g_string_append_printf (text, "\n%s\n", _("Please bring:"));
      for (guint i = 0; items[i] != NULL; i++)
        g_string_append_printf (text, "• %s\n", items[i]);
    }
  g_string_append_printf (text, "\n%s\n",
                          _("Cannot come? Please let us know in good time, so someone else can "
                            "have the time."));
  return g_string_free (text, FALSE);
}

/* iCalendar -------------------------------------------------------------------------------- */

static struct icaltimetype
utc_time (GDateTime *moment)
{
  return icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (moment), 0,
                                        icaltimezone_get_utc_timezone ());
}

static char *
event_location (LoketRecord *appointment)
{
  const char *name = loket_record_get_string (appointment, "location_name");
  const char *address = loket_record_get_string (appointment, "location_address");

  if (*address == '\0')
    return g_strdup (name);
  if (*name == '\0')
    return g_strdup (address);
  return g_strdup_printf ("%s, %s", name, address);
}

static icalcomponent *
event_new (LoketRecord *appointment, GDateTime *start, GDateTime *end)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *uid = g_strdup_printf ("%s@loket", loket_record_get_id (appointment));
  const char *products = loket_record_get_string (appointment, "products");
  /* Translators: the title of the appointment in the customer's calendar, e.g.
   * "Appointment: Paspoort" */
  g_autofree char *summary = g_strdup_printf (_("Appointment: %s"),
                                              *products != '\0' ? products
                                              : loket_record_get_string (appointment, "product_name"));
  g_autofree char *location = event_location (appointment);
  g_autofree char *description = loket_confirmation_build_text (appointment);
  const char *link = loket_record_get_string (appointment, "video_link");

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (now)));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (start)));
  icalcomponent_add_property (event, icalproperty_new_dtend (utc_time (end)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (*location != '\0')
    icalcomponent_add_property (event, icalproperty_new_location (location));
  icalcomponent_add_property (event, icalproperty_new_description (description));
  icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
  if (*link != '\0' && !g_str_equal (loket_record_get_string (appointment, "mode"), "fysiek"))
    icalcomponent_add_property (event, icalproperty_new_url (link));
  return event;
}

char *
loket_confirmation_build_ics (LoketRecord *appointment, GError **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  icalcomponent *calendar;
  char *ics, *result;

  g_return_val_if_fail (LOKET_IS_RECORD (appointment), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  start = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  end = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "end_at"), NULL);
  if (start == NULL || end == NULL || g_date_time_compare (start, end) >= 0 ||
      *loket_record_get_id (appointment) == '\0')
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                           _("The appointment has no valid time."));
      return NULL;
    }
  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Loket//Loket " PACKAGE_VERSION "//NL"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  icalcomponent_add_component (calendar, event_new (appointment, start, end));
  ics = icalcomponent_as_ical_string_r (calendar);
  result = g_strdup (ics);
  icalmemory_free_buffer (ics);
  icalcomponent_free (calendar);
  return result;
}

char *
loket_confirmation_ics_filename (LoketRecord *appointment)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (LOKET_IS_RECORD (appointment), NULL);

  tz = confirmation_timezone (appointment);
  start = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  if (start != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);

      day = g_date_time_format (local, "%Y-%m-%d");
    }
  /* Translators: the start of the file name of an appointment's calendar file */
  return day != NULL ? g_strdup_printf ("%s-%s.ics", _("appointment"), day)
                     : g_strdup_printf ("%s.ics", _("appointment"));
}

/* Printing --------------------------------------------------------------------------------- */

static void
on_begin_print (GtkPrintOperation *operation, GtkPrintContext *context, gpointer data)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

/* The title large and bold, the rest as the text says; one page is always enough. */
static void
on_draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page, const char *text)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 11");
  const char *end = strchr (text, '\n');
  g_autofree char *title = g_markup_escape_text (text, end != NULL ? end - text : -1);
  g_autofree char *body = g_markup_escape_text (end != NULL ? end : "", -1);
  g_autofree char *markup = g_strdup_printf ("<span size='xx-large' weight='bold'>%s</span>%s",
                                             title, body);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (gtk_print_context_get_width (context)));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
}

static GtkPrintOperation *
print_operation_new (LoketRecord *confirmation)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  char *text = loket_confirmation_build_text (confirmation);

  gtk_print_operation_set_job_name (operation, _("Appointment Confirmation"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "text", text, g_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), NULL);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), text);
  return operation;
}

static void
show_failure (GtkWindow *parent, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Runs once the print dialog and the job are through; the operation was kept for it. */
static void
on_print_done (GtkPrintOperation *operation, GtkPrintOperationResult result, gpointer data)
{
  GtkWindow *parent = g_object_get_data (G_OBJECT (operation), "parent");

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      show_failure (parent, _("Not Printed"), error != NULL ? error->message : NULL);
    }
  g_object_unref (operation);
}

void
loket_confirmation_print (LoketRecord *confirmation, GtkWindow *parent)
{
  GtkPrintOperation *operation;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LOKET_IS_RECORD (confirmation));

  operation = print_operation_new (confirmation);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* "done" comes however it ends (printed, cancelled, failed), and releases the operation. */
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (operation), "parent", g_object_ref (parent), g_object_unref);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done), NULL);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
}

gboolean
loket_confirmation_export_pdf (LoketRecord *confirmation, const char *path, GError **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (LOKET_IS_RECORD (confirmation), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = print_operation_new (confirmation);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* Saving the .ics -------------------------------------------------------------------------- */

static void
on_ics_written (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GtkWindow) parent = data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    show_failure (parent, _("Calendar File Not Saved"), error->message);
}

static void
on_save_response (GtkNativeDialog *chooser, int response, gpointer data)
{
  const char *ics = g_object_get_data (G_OBJECT (chooser), "ics");
  GtkWindow *parent = g_object_get_data (G_OBJECT (chooser), "parent");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      GBytes *bytes = g_bytes_new (ics, strlen (ics));

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                           on_ics_written,
                                           parent != NULL ? g_object_ref (parent) : NULL);
      g_bytes_unref (bytes);
    }
  g_object_unref (chooser);
}

void
loket_confirmation_save_ics (LoketRecord *confirmation, GtkWindow *parent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  char *ics;

  g_return_if_fail (LOKET_IS_RECORD (confirmation));

  ics = loket_confirmation_build_ics (confirmation, &error);
  if (ics == NULL)
    {
      show_failure (parent, _("Calendar File Not Saved"), error->message);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Save Calendar File"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_object_set_data_full (G_OBJECT (chooser), "ics", ics, g_free);
  name = loket_confirmation_ics_filename (confirmation);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (chooser), "parent", g_object_ref (parent), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
