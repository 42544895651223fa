#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The Beheer page's rules, dates and weekdays in words. */

/* "Mon" … "Sun", or "Monday" … "Sunday" with long_form; day 0 is Monday. */
const char *loket_admin_weekday           (guint day, gboolean long_form);
/* "Mon, Wed 08:30–12:00, every 2 weeks, 1 Jan – 30 Jun 2027, 10 min, 2 places (1 website)" for
 * a rule as stored (availability_rules columns, or a rule history row's rule). */
char       *loket_admin_describe_rule     (JsonObject *rule);
/* "Booking opens 120 days ahead, closes 1 day before, at least 60 minutes' notice". */
char       *loket_admin_describe_window   (JsonObject *rule);
/* "1 Jan – 30 Jun 2027"; one day alone for from == until. */
char       *loket_admin_format_span       (const GDate *from, const GDate *until);
/* "2027-01-09". */
char       *loket_admin_format_date       (const GDate *date);
/* A date typed as 2027-01-09, 9-1-2027, 9/1/2027 or 9.1.2027 (day first, as in the
 * Netherlands and Belgium). */
gboolean    loket_admin_parse_date        (const char *text, GDate *date);

G_END_DECLS
