/* loket-agenda-block.c — one appointment as the agenda views show it, and their shared helpers.
 *
 * The block is built once for a recycled row and only refilled when the row shows another
 * appointment, so scrolling through a full day costs no widget creation.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-agenda-block.h"
#include "loket-protocol.h"
#include "loket-time.h"

/* Building ----------------------------------------------------------------------------------- */

static GtkWidget *
block_label (GtkWidget *block, const char *key, const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  g_object_set_data (G_OBJECT (block), key, label);
  return label;
}

/* "09:10–09:20   Checked in  Not yet sent": the time and the tags are never ellipsized. */
static GtkWidget *
top_line_new (GtkWidget *block)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *time = block_label (block, "time", "heading");
  GtkWidget *state = block_label (block, "state", "caption-heading");
  GtkWidget *pending = block_label (block, "pending", "caption-heading");

  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_set_hexpand (time, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (time), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (pending), PANGO_ELLIPSIZE_NONE);
  gtk_widget_add_css_class (pending, "warning");
  gtk_label_set_text (GTK_LABEL (pending), _("Not yet sent"));
  gtk_widget_set_tooltip_text (pending, _("Saved on this desk; it goes to the server at the next sync"));
  gtk_box_append (GTK_BOX (top), time);
  gtk_box_append (GTK_BOX (top), state);
  gtk_box_append (GTK_BOX (top), pending);
  return top;
}

/* Why it was cancelled or rejected.  A rejection must stand out: an icon and the server's
 * reason in the error colour, wrapped, never ellipsized. */
static GtkWidget *
problem_line_new (GtkWidget *block)
{
  GtkWidget *problem = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *status = block_label (block, "status", NULL);

  gtk_label_set_ellipsize (GTK_LABEL (status), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (status), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (status, TRUE);
  g_object_set_data (G_OBJECT (block), "problem", problem);
  g_object_set_data (G_OBJECT (block), "problem-icon", icon);
  gtk_box_append (GTK_BOX (problem), icon);
  gtk_box_append (GTK_BOX (problem), status);
  return problem;
}

GtkWidget *
loket_agenda_block_new (LoketAgendaBlockFlags flags)
{
  GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *reason = block_label (block, "reason", "dim-label");
  GtkWidget *capacity = block_label (block, "capacity", "dim-label");

  gtk_widget_set_name (block, "appointment-block");
  gtk_widget_set_margin_top (block, 6);
  gtk_widget_set_margin_bottom (block, 6);
  gtk_widget_set_margin_start (block, 6);
  gtk_widget_set_margin_end (block, 6);
  gtk_widget_add_css_class (reason, "caption");
  gtk_widget_add_css_class (capacity, "caption");
  g_object_set_data (G_OBJECT (block), "flags", GUINT_TO_POINTER (flags));
  gtk_box_append (GTK_BOX (block), top_line_new (block));
  gtk_box_append (GTK_BOX (block), block_label (block, "customer", NULL));
  gtk_box_append (GTK_BOX (block), block_label (block, "product", "dim-label"));
  gtk_box_append (GTK_BOX (block), capacity);
  gtk_box_append (GTK_BOX (block), reason);
  gtk_box_append (GTK_BOX (block), problem_line_new (block));
  return block;
}

/* Filling ------------------------------------------------------------------------------------ */

static void
set_text (GtkWidget *block, const char *key, const char *text)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (block), key);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

/* The tag beside the time; cancelled appointments say so in their own line instead. */
static const char *
tag_label (const char *status)
{
  if (g_str_equal (status, "booked") || g_str_equal (status, "cancelled"))
    return NULL;
  return loket_agenda_status_label (status);
}

/* The line under a cancelled or rejected appointment, or NULL. */
static char *
problem_text (const char *status, const char *reason)
{
  if (g_str_equal (status, "cancelled"))
    return *reason != '\0' ? g_strdup_printf (_("Cancelled: %s"), reason)
                           : g_strdup (_("Cancelled"));
  if (g_str_equal (status, "rejected"))
    return *reason != '\0' ? g_strdup_printf (_("Rejected by the server: %s"),
                                              loket_protocol_describe_reason (reason))
                           : g_strdup (_("Rejected by the server"));
  return NULL;
}

static void
set_class (GtkWidget *widget, const char *css_class, gboolean on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
bind_state (GtkWidget *block, const char *status, const char *status_reason)
{
  GtkWidget *state = g_object_get_data (G_OBJECT (block), "state");
  GtkWidget *problem = g_object_get_data (G_OBJECT (block), "problem");
  GtkWidget *status_label = g_object_get_data (G_OBJECT (block), "status");
  gboolean rejected = g_str_equal (status, "rejected");
  g_autofree char *line = problem_text (status, status_reason);

  set_text (block, "state", tag_label (status));
  set_class (state, "error", rejected);
  set_class (state, "success", g_str_equal (status, "checked_in"));
  set_class (state, "dim-label", !rejected && !g_str_equal (status, "checked_in"));

  gtk_label_set_text (GTK_LABEL (status_label), line != NULL ? line : "");
  gtk_widget_set_visible (problem, line != NULL);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (block), "problem-icon"), rejected);
  set_class (problem, "error", rejected);
  gtk_widget_set_tooltip_text (problem, rejected ? _("Select it and press Ctrl+N to book another "
                                                     "time for the same customer") : NULL);
  set_class (block, "dim-label", g_str_equal (status, "cancelled"));
}

void
loket_agenda_block_bind (GtkWidget *block, LoketRecord *appointment, GTimeZone *tz)
{
  LoketAgendaBlockFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (block), "flags"));
  g_autofree char *time = loket_agenda_format_time_range (appointment, tz);
  const char *customer = loket_record_get_string (appointment, "customer_name");

  set_text (block, "time", time);
  set_text (block, "customer", *customer != '\0' ? customer : _("No customer"));
  set_text (block, "product", loket_record_get_string (appointment, "product_name"));
  set_text (block, "capacity", (flags & LOKET_AGENDA_BLOCK_SHOW_CAPACITY)
                               ? loket_record_get_string (appointment, "capacity_name") : NULL);
  set_text (block, "reason", loket_record_get_string (appointment, "reason"));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (block), "pending"),
                          loket_record_get_int (appointment, "pending") != 0);
  bind_state (block, loket_record_get_string (appointment, "status"),
              loket_record_get_string (appointment, "status_reason"));
}

static void
collect_visible_texts (GtkWidget *widget, GPtrArray *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_texts (child, texts);
}

/* A screen reader reads the block as it is shown: "09:10–09:20, Jan Jansen, Paspoort, …". */
char *
loket_agenda_block_describe (GtkWidget *block)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_visible_texts (block, texts);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (", ", (char **) texts->pdata);
}

/* Words ---------------------------------------------------------------------------------------- */

const char *
loket_agenda_status_label (const char *status)
{
  if (g_strcmp0 (status, "booked") == 0)
    return _("Booked");
  if (g_strcmp0 (status, "checked_in") == 0)
    return _("Checked in");
  if (g_strcmp0 (status, "done") == 0)
    return _("Done");
  if (g_strcmp0 (status, "no_show") == 0)
    return _("No show");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("Cancelled");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  return status;
}

const char *
loket_agenda_capacity_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "balie") == 0)
    return _("Counter");
  if (g_strcmp0 (kind, "spreekkamer") == 0)
    return _("Consultation room");
  if (g_strcmp0 (kind, "zaal") == 0)
    return _("Meeting room");
  if (g_strcmp0 (kind, "ambtenaar") == 0)
    return _("Registrar");
  if (g_strcmp0 (kind, "afhaallocatie") == 0)
    return _("Pick-up point");
  return kind;
}

char *
loket_agenda_format_time_range (LoketRecord *appointment, GTimeZone *tz)
{
  g_autofree char *start = loket_time_format_clock (loket_record_get_string (appointment, "start_at"), tz);
  g_autofree char *end = loket_time_format_clock (loket_record_get_string (appointment, "end_at"), tz);

  return g_strdup_printf ("%s–%s", start, end);
}

static GDateTime *
noon (const GDate *day, GTimeZone *tz)
{
  return g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day), 12, 0, 0);
}

char *
loket_agenda_format_week (const GDate *monday, GTimeZone *tz)
{
  GDate sunday = *monday;
  g_autoptr(GDateTime) first = noon (monday, tz);
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_date_add_days (&sunday, 6);
  last = noon (&sunday, tz);
  /* Translators: the first day of the week shown, e.g. "23 Nov"; g_date_time_format() codes */
  /* xgettext:no-c-format */
  from = g_date_time_format (first, _("%-e %b"));
  /* Translators: the last day of the week shown, e.g. "29 Nov 2026" */
  /* xgettext:no-c-format */
  until = g_date_time_format (last, _("%-e %b %Y"));
  /* Translators: the week shown, e.g. "Week 48: 23 Nov – 29 Nov 2026" */
  return g_strdup_printf (_("Week %u: %s – %s"), g_date_get_iso8601_week_of_year (monday),
                          from, until);
}

gboolean
loket_agenda_local_day (LoketRecord *appointment, GTimeZone *tz, GDate *day)
{
  gint64 start;

  if (!loket_protocol_parse_time (loket_record_get_string (appointment, "start_at"), &start))
    return FALSE;
  loket_time_local_date (tz, start, day);
  return TRUE;
}

/* Lists ---------------------------------------------------------------------------------------- */

void
loket_agenda_remember_item (GtkWidget *child, GtkListItem *item)
{
  /* The list item outlives the child it was given in setup. */
  g_object_set_data (G_OBJECT (child), "list-item", item);
}

GtkListItem *
loket_agenda_get_item (GtkWidget *child)
{
  return g_object_get_data (G_OBJECT (child), "list-item");
}

/* The row widget of the list that shows position, when it is realized. */
static GtkWidget *
find_row (GtkWidget *list_view, guint position)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);
      GtkListItem *item = child != NULL ? loket_agenda_get_item (child) : NULL;

      if (item != NULL && gtk_list_item_get_item (item) != NULL &&
          gtk_list_item_get_position (item) == position)
        return row;
    }
  return NULL;
}

typedef struct {
  guint position;
  guint frames;
} FocusRequest;

static gboolean
focus_when_shown (GtkWidget *list_view, GdkFrameClock *clock, gpointer data)
{
  FocusRequest *request = data;
  GtkWidget *row = find_row (list_view, request->position);

  if (row != NULL && gtk_widget_get_mapped (row))
    {
      gtk_widget_grab_focus (row);
      return G_SOURCE_REMOVE;
    }
  return ++request->frames < 10 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
loket_agenda_focus_list_position (GtkWidget *list_view, guint position)
{
  FocusRequest *request;
  GtkWidget *row;

  g_return_if_fail (GTK_IS_LIST_VIEW (list_view));

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
  row = find_row (list_view, position);
  if (row != NULL && gtk_widget_get_mapped (row))
    {
      gtk_widget_grab_focus (row);
      return;
    }
  request = g_new0 (FocusRequest, 1);
  request->position = position;
  gtk_widget_add_tick_callback (list_view, focus_when_shown, request, g_free);
}

GtkWidget *
loket_agenda_column_view_get_list (GtkColumnView *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* The popover points at the part of widget that is in sight; a widget scrolled out of sight
 * (or still on its way in) gets the middle of the parent instead: a popover pointing outside
 * the window has no monitor to be placed on. */
void
loket_agenda_point_popover_at (GtkPopover *popover, GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (popover));
  graphene_rect_t bounds, visible, shown;
  GdkRectangle rect;

  g_return_if_fail (parent != NULL);

  graphene_rect_init (&visible, 0, 0, gtk_widget_get_width (parent), gtk_widget_get_height (parent));
  if (widget == NULL || !gtk_widget_compute_bounds (widget, parent, &bounds) ||
      !graphene_rect_intersection (&bounds, &visible, &shown))
    graphene_rect_init (&shown, visible.size.width / 2, visible.size.height / 3, 1, 1);
  rect.x = (int) shown.origin.x;
  rect.y = (int) shown.origin.y;
  rect.width = MAX (1, (int) shown.size.width);
  rect.height = MAX (1, (int) shown.size.height);
  gtk_popover_set_pointing_to (popover, &rect);
}
