#pragma once

#include <adwaita.h>

#include "loket-replica-agenda.h"

G_BEGIN_DECLS

/* The appointment confirmation a customer takes home: printed at the desk or sent as an
 * iCalendar file for their own calendar.  Everything is read from the replica, so it works
 * offline.  The builders need no window, so tests can read what the customer will get. */

/* The booked appointment (loket_replica_get_appointment's columns) with what the confirmation
 * shows besides: location_address, location_timezone, products ("3 × Paspoort, Rijbewijs"
 * from the visit's items) and what_to_bring (the "what to bring" lists of the products'
 * knowledge articles, one item a line; empty when unknown).  NULL for an unknown id. */
LoketRecord *loket_confirmation_collect      (LoketReplica *replica, const char *appointment_id);

/* The confirmation as text, in the user's language, times in the location's zone; its first
 * line is the title. */
char        *loket_confirmation_build_text   (LoketRecord *confirmation);

/* An iCalendar file: a VCALENDAR with one VEVENT, UID "<appointment id>@loket", DTSTAMP now,
 * DTSTART and DTEND in UTC, SUMMARY, LOCATION (name and address, when known), DESCRIPTION and,
 * for a video appointment, URL.  LOKET_ERROR_INVALID for an appointment without valid times. */
char        *loket_confirmation_build_ics    (LoketRecord *appointment, GError **error);

/* Prints the confirmation, after the print dialog (asynchronous; a failure is shown to the user
 * in a message dialog over parent). */
void         loket_confirmation_print        (LoketRecord *confirmation, GtkWindow *parent);

/* Renders the confirmation as the printer would get it into a PDF file, without a dialog. */
gboolean     loket_confirmation_export_pdf   (LoketRecord *confirmation, const char *path,
                                              GError **error);

/* A file name for the .ics, e.g. "afspraak-2026-11-23.ics" (the word translated). */
char        *loket_confirmation_ics_filename (LoketRecord *appointment);

/* Asks where to save the .ics (a file chooser over parent) and writes it there.  A failure is
 * shown to the user in a message dialog over parent. */
void         loket_confirmation_save_ics     (LoketRecord *confirmation, GtkWindow *parent);

G_END_DECLS
