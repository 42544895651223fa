#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of non-working days (holidays) on top of the weekend. */
typedef struct _LoketWorkdays LoketWorkdays;

LoketWorkdays *loket_workdays_new              (void);
void           loket_workdays_free             (LoketWorkdays *self);
void           loket_workdays_add_holiday      (LoketWorkdays *self, const GDate *date);
/* Adds the Dutch national holidays of a year (Nieuwjaarsdag, Pasen, Koningsdag, Bevrijdingsdag
 * in lustrum years, Hemelvaart, Pinksteren, Kerstmis). */
void           loket_workdays_add_dutch_holidays (LoketWorkdays *self, int year);
gboolean       loket_workdays_is_working_day   (const LoketWorkdays *self, const GDate *date);
/* The date that lies n working days after start (n >= 0; 0 gives start itself if it is a
 * working day, else the next working day). */
void           loket_workdays_add              (const LoketWorkdays *self, const GDate *start,
                                                guint n, GDate *result);
/* Working days from start (exclusive) up to end (inclusive); negative when end < start. */
int            loket_workdays_between          (const LoketWorkdays *self, const GDate *start,
                                                const GDate *end);
/* Easter Sunday of a year (Gregorian). */
void           loket_workdays_easter           (int year, GDate *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketWorkdays, loket_workdays_free)

G_END_DECLS
