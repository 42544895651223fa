#pragma once

#include <adwaita.h>

#include "loket-record.h"

G_BEGIN_DECLS

/* What every agenda view shows of one appointment, and the small helpers the views share.
 *
 * A block is a vertical box named "appointment-block": the time and its tags ("Checked in",
 * "Not yet sent"), the customer, the product, the counter or room (when asked for), the reason,
 * and why it was cancelled or rejected.  A cancelled block is dimmed; a rejection stands out in
 * the error colour.  Made once per recycled row (a factory's setup), filled in bind. */

typedef enum {
  LOKET_AGENDA_BLOCK_DEFAULT       = 0,
  LOKET_AGENDA_BLOCK_SHOW_CAPACITY = 1 << 0,  /* the week shows every capacity in one list */
} LoketAgendaBlockFlags;

GtkWidget  *loket_agenda_block_new             (LoketAgendaBlockFlags flags);
void        loket_agenda_block_bind            (GtkWidget *block, LoketRecord *appointment,
                                                GTimeZone *tz);
/* The visible texts of the block joined by ", ", for an accessible label. */
char       *loket_agenda_block_describe        (GtkWidget *block);

/* "Booked", "Checked in", … for an appointment status. */
const char *loket_agenda_status_label          (const char *status);
/* "Counter", "Consultation room", … for a capacity kind (the kind itself when unknown). */
const char *loket_agenda_capacity_kind_label   (const char *kind);
/* "09:10–09:20" in the zone. */
char       *loket_agenda_format_time_range     (LoketRecord *appointment, GTimeZone *tz);
/* "Week 48: 23 Nov – 29 Nov 2026" for the week that starts on monday. */
char       *loket_agenda_format_week           (const GDate *monday, GTimeZone *tz);
/* The local date of an appointment's start; FALSE when start_at cannot be read. */
gboolean    loket_agenda_local_day             (LoketRecord *appointment, GTimeZone *tz,
                                                GDate *day);

/* A list view's row at position gets the keyboard focus: scrolled to now, focused as soon as
 * it is on screen (within a few frames).  Row children must carry their GtkListItem as object
 * data "list-item" (loket_agenda_remember_item in setup). */
void        loket_agenda_focus_list_position   (GtkWidget *list_view, guint position);
void        loket_agenda_remember_item         (GtkWidget *child, GtkListItem *item);
GtkListItem *loket_agenda_get_item             (GtkWidget *child);

/* The list view inside a GtkColumnView (GTK 4.8 keeps it as a child), for its list.* actions. */
GtkWidget  *loket_agenda_column_view_get_list  (GtkColumnView *column_view);

/* Points a popover at widget as seen from the popover's parent. */
void        loket_agenda_point_popover_at      (GtkPopover *popover, GtkWidget *widget);

G_END_DECLS
