#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A month of day buttons shaded by how many times are still free (CSS classes free-many,
 * free-few, free-none; closed and past days insensitive), each with its count beneath and an
 * accessible label such as "23 November, 12 free times".  Arrow keys move between bookable
 * days (into the next or previous month at the edges), Page Up / Page Down change the month,
 * Home / End go to the month's first / last bookable day, Enter or Space activates a day.
 *
 * The calendar does not count: it emits "month-changed" when it shows another month, and its
 * owner answers with loket_booking_calendar_set_free_days(). */

#define LOKET_TYPE_BOOKING_CALENDAR (loket_booking_calendar_get_type ())
G_DECLARE_FINAL_TYPE (LoketBookingCalendar, loket_booking_calendar, LOKET, BOOKING_CALENDAR,
                      GtkWidget)

GtkWidget   *loket_booking_calendar_new           (void);
/* No month before this day's can be shown (today). */
void         loket_booking_calendar_set_earliest  (LoketBookingCalendar *self, const GDate *day);
/* Shows the month of day; emits "month-changed" when it is another month. */
void         loket_booking_calendar_show_month    (LoketBookingCalendar *self, const GDate *day);
/* The first day of the month shown. */
const GDate *loket_booking_calendar_get_month     (LoketBookingCalendar *self);
/* Free times per day from `from` on, as loket_replica_free_days gives them (-1: closed);
 * days of the month shown that free does not cover are closed.  NULL: every day closed. */
void         loket_booking_calendar_set_free_days (LoketBookingCalendar *self, const GDate *from,
                                                   GArray *free);
/* The free times counted for a day of the month shown; -1 when closed or unknown. */
int          loket_booking_calendar_get_free      (LoketBookingCalendar *self, const GDate *day);
/* The chosen day (marked), NULL or invalid for none. */
void         loket_booking_calendar_set_selected  (LoketBookingCalendar *self, const GDate *day);
/* Moves the keyboard focus to day's button when it can be booked, else to the first bookable
 * day of the month shown; FALSE when the month has none. */
gboolean     loket_booking_calendar_focus_day     (LoketBookingCalendar *self, const GDate *day);
/* The button of a day of the month shown, or NULL (for tests and accessibility checks). */
GtkWidget   *loket_booking_calendar_get_button    (LoketBookingCalendar *self, const GDate *day);

G_END_DECLS
