/* loket-booking-calendar.c — the booking dialog's month, shaded by free capacity.
 *
 * 42 day buttons are made once; showing a month only relabels them.  A clerk on the phone
 * walks the days with the arrow keys and hears (or reads) how many times each day has, so the
 * insensitive days (closed, full, past) are skipped by the arrow keys rather than landed on.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-booking-calendar.h"

#define N_CELLS 42

struct _LoketBookingCalendar {
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *month_label;
  GtkWidget *previous_button;
  GtkWidget *next_button;
  GtkWidget *cells[N_CELLS];
  GtkWidget *numbers[N_CELLS];
  GtkWidget *counts[N_CELLS];

  GDate      month;              /* its first day */
  GDate      earliest;
  GDate      selected;
  int        free[31];           /* per day of the month shown; -1 closed or unknown */
};

G_DEFINE_FINAL_TYPE (LoketBookingCalendar, loket_booking_calendar, GTK_TYPE_WIDGET)

enum {
  MONTH_CHANGED,
  DAY_ACTIVATED,
  N_CALENDAR_SIGNALS
};

static guint calendar_signals[N_CALENDAR_SIGNALS];

static gboolean
in_month (LoketBookingCalendar *self, const GDate *day)
{
  return g_date_valid (day) && g_date_get_year (day) == g_date_get_year (&self->month) &&
         g_date_get_month (day) == g_date_get_month (&self->month);
}

/* The cell of the month's first day: weeks start on Monday, as in the Netherlands and Belgium. */
static guint
first_cell (LoketBookingCalendar *self)
{
  return (guint) g_date_get_weekday (&self->month) - 1;
}

static GtkWidget *
cell_of (LoketBookingCalendar *self, const GDate *day)
{
  if (!in_month (self, day))
    return NULL;
  return self->cells[first_cell (self) + g_date_get_day (day) - 1];
}

static gboolean
bookable (LoketBookingCalendar *self, const GDate *day)
{
  GtkWidget *cell = cell_of (self, day);

  return cell != NULL && gtk_widget_get_sensitive (cell);
}

/* Labels ------------------------------------------------------------------------------------ */

static char *
day_words (const GDate *day)
{
  char buffer[64];

  /* Translators: a day in the booking calendar's accessible labels, e.g. "23 November"; the
   * codes are those of strftime(): %-d day without padding, %B month */
  /* xgettext:no-c-format */
  if (g_date_strftime (buffer, sizeof buffer, _("%-d %B"), day) == 0)
    return g_strdup_printf ("%d", g_date_get_day (day));
  return g_strdup (buffer);
}

static char *
accessible_label (const GDate *day, int free, gboolean past)
{
  g_autofree char *words = day_words (day);

  if (past)
    /* Translators: a day in the booking calendar, e.g. "2 November, past" */
    return g_strdup_printf (_("%s, past"), words);
  if (free < 0)
    /* Translators: a day in the booking calendar, e.g. "24 December, closed" */
    return g_strdup_printf (_("%s, closed"), words);
  if (free == 0)
    /* Translators: a day in the booking calendar, e.g. "23 November, fully booked" */
    return g_strdup_printf (_("%s, fully booked"), words);
  /* Translators: a day in the booking calendar, e.g. "23 November, 12 free times" */
  return g_strdup_printf (g_dngettext (NULL, "%s, %d free time", "%s, %d free times",
                                       (gulong) free), words, free);
}

static const char *const shades[] = { "free-many", "free-few", "free-none", "closed" };

/* A day with few times left stands out from one with many: few is a fifth of the month's
 * busiest day or three, whichever is more. */
static const char *
shade_of (int free, int most)
{
  if (free < 0)
    return "closed";
  if (free == 0)
    return "free-none";
  return free <= MAX (3, most / 5) ? "free-few" : "free-many";
}

static void
update_cell (LoketBookingCalendar *self, guint cell, const GDate *day, int most)
{
  GtkWidget *button = self->cells[cell];
  int free = self->free[g_date_get_day (day) - 1];
  gboolean past = g_date_valid (&self->earliest) && g_date_compare (day, &self->earliest) < 0;
  g_autofree char *number = g_strdup_printf ("%d", g_date_get_day (day));
  g_autofree char *count = NULL;
  g_autofree char *label = accessible_label (day, free, past);

  if (past)
    free = -1;
  count = free > 0 ? g_strdup_printf ("%d", free) : g_strdup (free == 0 ? _("full") : " ");
  gtk_label_set_text (GTK_LABEL (self->numbers[cell]), number);
  gtk_label_set_text (GTK_LABEL (self->counts[cell]), count);
  for (guint i = 0; i < G_N_ELEMENTS (shades); i++)
    gtk_widget_remove_css_class (button, shades[i]);
  gtk_widget_add_css_class (button, shade_of (free, most));
  if (g_date_valid (&self->selected) && g_date_compare (day, &self->selected) == 0)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, free > 0);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_cells (LoketBookingCalendar *self)
{
  guint first = first_cell (self);
  guint n_days = g_date_get_days_in_month (g_date_get_month (&self->month),
                                           g_date_get_year (&self->month));
  g_autofree char *title = NULL;
  char buffer[64];
  int most = 0;

  for (guint d = 0; d < n_days; d++)
    most = MAX (most, self->free[d]);
  for (guint cell = 0; cell < N_CELLS; cell++)
    {
      gboolean inside = cell >= first && cell < first + n_days;

      gtk_widget_set_visible (self->cells[cell], inside);
      if (inside)
        {
          GDate day = self->month;

          g_date_add_days (&day, cell - first);
          update_cell (self, cell, &day, most);
        }
    }
  /* Translators: the month shown in the booking calendar, e.g. "November 2026"; the codes are
   * those of strftime(): %B month, %Y year */
  /* xgettext:no-c-format */
  if (g_date_strftime (buffer, sizeof buffer, _("%B %Y"), &self->month) > 0)
    title = g_strdup (buffer);
  gtk_label_set_text (GTK_LABEL (self->month_label), title != NULL ? title : "");
  gtk_widget_set_sensitive (self->previous_button,
                            !g_date_valid (&self->earliest) ||
                            g_date_compare (&self->month, &self->earliest) > 0);
}

/* Keys -------------------------------------------------------------------------------------- */

static gboolean
focused_day (LoketBookingCalendar *self, GDate *day)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint cell = 0; focus != NULL && cell < N_CELLS; cell++)
    if (focus == self->cells[cell] || gtk_widget_is_ancestor (focus, self->cells[cell]))
      {
        *day = self->month;
        g_date_add_days (day, cell - first_cell (self));
        return TRUE;
      }
  return FALSE;
}

static void
add_days (GDate *day, int n)
{
  if (n >= 0)
    g_date_add_days (day, (guint) n);
  else
    g_date_subtract_days (day, (guint) -n);
}

/* From day, delta days on, and on by one day in the same direction until a bookable day; the
 * month follows.  Stops (FALSE) before the earliest month or after a year of nothing. */
static gboolean
move_focus (LoketBookingCalendar *self, GDate day, int delta)
{
  int step = delta > 0 ? 1 : -1;

  add_days (&day, delta);
  for (guint i = 0; i < 366; i++, add_days (&day, step))
    {
      if (g_date_valid (&self->earliest) && g_date_compare (&day, &self->earliest) < 0)
        return FALSE;
      if (!in_month (self, &day))
        loket_booking_calendar_show_month (self, &day);
      if (bookable (self, &day))
        return gtk_widget_grab_focus (cell_of (self, &day));
    }
  return FALSE;
}

static void
move_month (LoketBookingCalendar *self, int months, const GDate *from)
{
  GDate target = self->month;

  if (months > 0)
    g_date_add_months (&target, (guint) months);
  else
    g_date_subtract_months (&target, (guint) -months);
  if (g_date_valid (&self->earliest) && g_date_compare (&target, &self->earliest) < 0 &&
      !(g_date_get_month (&target) == g_date_get_month (&self->earliest) &&
        g_date_get_year (&target) == g_date_get_year (&self->earliest)))
    return;
  loket_booking_calendar_show_month (self, &target);
  if (from != NULL)
    {
      GDate same;
      guint n_days = g_date_get_days_in_month (g_date_get_month (&self->month),
                                               g_date_get_year (&self->month));

      g_date_clear (&same, 1);
      g_date_set_dmy (&same, (GDateDay) MIN (g_date_get_day (from), n_days),
                      g_date_get_month (&self->month), g_date_get_year (&self->month));
      loket_booking_calendar_focus_day (self, &same);
    }
}

static gboolean
on_key_pressed (LoketBookingCalendar *self, guint keyval, guint keycode, GdkModifierType state)
{
  GDate day;
  gboolean on_day = focused_day (self, &day);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      move_month (self, -1, on_day ? &day : NULL);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      move_month (self, 1, on_day ? &day : NULL);
      return TRUE;
    default:
      break;
    }
  if (!on_day)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:   move_focus (self, day, -1); return TRUE;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: move_focus (self, day, 1); return TRUE;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:       move_focus (self, day, -7); return TRUE;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:   move_focus (self, day, 7); return TRUE;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      loket_booking_calendar_focus_day (self, NULL);
      return TRUE;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      {
        GDate last = self->month;

        g_date_add_months (&last, 1);
        g_date_subtract_days (&last, 1);
        for (; in_month (self, &last) && !bookable (self, &last); g_date_subtract_days (&last, 1))
          ;
        if (in_month (self, &last))
          gtk_widget_grab_focus (cell_of (self, &last));
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* Building ---------------------------------------------------------------------------------- */

static void
on_day_clicked (GtkButton *button, LoketBookingCalendar *self)
{
  GDate day = self->month;

  g_date_add_days (&day, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cell")) -
                         first_cell (self));
  g_signal_emit (self, calendar_signals[DAY_ACTIVATED], 0, &day);
}

static void
on_previous_clicked (LoketBookingCalendar *self)
{
  move_month (self, -1, NULL);
}

static void
on_next_clicked (LoketBookingCalendar *self)
{
  move_month (self, 1, NULL);
}

static GtkWidget *
month_button_new (const char *icon, const char *tooltip, const char *label, GCallback callback,
                  LoketBookingCalendar *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
header_new (LoketBookingCalendar *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->previous_button = month_button_new ("go-previous-symbolic", _("Previous Month (Page Up)"),
                                            _("Previous month"), G_CALLBACK (on_previous_clicked),
                                            self);
  gtk_widget_set_name (self->previous_button, "previous-month-button");
  self->next_button = month_button_new ("go-next-symbolic", _("Next Month (Page Down)"),
                                        _("Next month"), G_CALLBACK (on_next_clicked), self);
  gtk_widget_set_name (self->next_button, "next-month-button");
  self->month_label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (self->month_label, TRUE);
  gtk_widget_add_css_class (self->month_label, "title-4");
  gtk_box_append (GTK_BOX (header), self->previous_button);
  gtk_box_append (GTK_BOX (header), self->month_label);
  gtk_box_append (GTK_BOX (header), self->next_button);
  return header;
}

static GtkWidget *
cell_new (LoketBookingCalendar *self, guint cell)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->numbers[cell] = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->numbers[cell], "heading");
  gtk_widget_add_css_class (self->numbers[cell], "numeric");
  self->counts[cell] = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->counts[cell], "caption");
  gtk_widget_add_css_class (self->counts[cell], "numeric");
  gtk_box_append (GTK_BOX (box), self->numbers[cell]);
  gtk_box_append (GTK_BOX (box), self->counts[cell]);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "day");
  g_object_set_data (G_OBJECT (button), "cell", GUINT_TO_POINTER (cell));
  g_signal_connect (button, "clicked", G_CALLBACK (on_day_clicked), self);
  return button;
}

static GtkWidget *
grid_new (LoketBookingCalendar *self)
{
  GtkWidget *grid = gtk_grid_new ();
  GDate monday;

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 5, G_DATE_JANUARY, 2026); /* a Monday */
  for (guint column = 0; column < 7; column++, g_date_add_days (&monday, 1))
    {
      char name[32];
      GtkWidget *label;

      g_date_strftime (name, sizeof name, "%a", &monday);
      label = gtk_label_new (name);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_grid_attach (GTK_GRID (grid), label, (int) column, 0, 1, 1);
    }
  for (guint cell = 0; cell < N_CELLS; cell++)
    {
      self->cells[cell] = cell_new (self, cell);
      gtk_grid_attach (GTK_GRID (grid), self->cells[cell], (int) (cell % 7), (int) (cell / 7) + 1,
                       1, 1);
    }
  return grid;
}

static void
loket_booking_calendar_dispose (GObject *object)
{
  LoketBookingCalendar *self = LOKET_BOOKING_CALENDAR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (loket_booking_calendar_parent_class)->dispose (object);
}

static void
loket_booking_calendar_class_init (LoketBookingCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_booking_calendar_dispose;

  /* The month shown changed; its free days are wanted. */
  calendar_signals[MONTH_CHANGED] = g_signal_new ("month-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A bookable day was chosen (Enter, Space or a click). */
  calendar_signals[DAY_ACTIVATED] = g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_DATE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "booking-calendar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
loket_booking_calendar_init (LoketBookingCalendar *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GDate today;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), header_new (self));
  gtk_box_append (GTK_BOX (self->box), grid_new (self));
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_date_clear (&self->earliest, 1);
  g_date_clear (&self->selected, 1);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_clear (&self->month, 1);
  g_date_set_dmy (&self->month, 1, g_date_get_month (&today), g_date_get_year (&today));
  for (guint d = 0; d < G_N_ELEMENTS (self->free); d++)
    self->free[d] = -1;
  update_cells (self);
}

/* Public API -------------------------------------------------------------------------------- */

GtkWidget *
loket_booking_calendar_new (void)
{
  return g_object_new (LOKET_TYPE_BOOKING_CALENDAR, NULL);
}

void
loket_booking_calendar_set_earliest (LoketBookingCalendar *self, const GDate *day)
{
  g_return_if_fail (LOKET_IS_BOOKING_CALENDAR (self));

  if (day != NULL && g_date_valid (day))
    self->earliest = *day;
  else
    g_date_clear (&self->earliest, 1);
  update_cells (self);
}

void
loket_booking_calendar_show_month (LoketBookingCalendar *self, const GDate *day)
{
  g_return_if_fail (LOKET_IS_BOOKING_CALENDAR (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  if (in_month (self, day))
    return;
  g_date_set_dmy (&self->month, 1, g_date_get_month (day), g_date_get_year (day));
  for (guint d = 0; d < G_N_ELEMENTS (self->free); d++)
    self->free[d] = -1;
  update_cells (self);
  g_signal_emit (self, calendar_signals[MONTH_CHANGED], 0);
}

const GDate *
loket_booking_calendar_get_month (LoketBookingCalendar *self)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CALENDAR (self), NULL);

  return &self->month;
}

void
loket_booking_calendar_set_free_days (LoketBookingCalendar *self, const GDate *from, GArray *free)
{
  g_return_if_fail (LOKET_IS_BOOKING_CALENDAR (self));

  for (guint d = 0; d < G_N_ELEMENTS (self->free); d++)
    self->free[d] = -1;
  for (guint i = 0; from != NULL && free != NULL && i < free->len; i++)
    {
      GDate day = *from;

      g_date_add_days (&day, i);
      if (in_month (self, &day))
        self->free[g_date_get_day (&day) - 1] = g_array_index (free, int, i);
    }
  update_cells (self);
}

int
loket_booking_calendar_get_free (LoketBookingCalendar *self, const GDate *day)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CALENDAR (self), -1);

  if (day == NULL || !in_month (self, day) || !bookable (self, day))
    return -1;
  return self->free[g_date_get_day (day) - 1];
}

void
loket_booking_calendar_set_selected (LoketBookingCalendar *self, const GDate *day)
{
  g_return_if_fail (LOKET_IS_BOOKING_CALENDAR (self));

  if (day != NULL && g_date_valid (day))
    self->selected = *day;
  else
    g_date_clear (&self->selected, 1);
  update_cells (self);
}

gboolean
loket_booking_calendar_focus_day (LoketBookingCalendar *self, const GDate *day)
{
  GDate first = self->month;

  g_return_val_if_fail (LOKET_IS_BOOKING_CALENDAR (self), FALSE);

  if (day != NULL && bookable (self, day))
    return gtk_widget_grab_focus (cell_of (self, day));
  for (; in_month (self, &first); g_date_add_days (&first, 1))
    if (bookable (self, &first))
      return gtk_widget_grab_focus (cell_of (self, &first));
  return FALSE;
}

GtkWidget *
loket_booking_calendar_get_button (LoketBookingCalendar *self, const GDate *day)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_CALENDAR (self), NULL);

  return day != NULL ? cell_of (self, day) : NULL;
}
