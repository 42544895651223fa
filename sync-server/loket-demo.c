/* loket-demo.c — the demo municipality "Gemeente Dalfsenburg".
 *
 * Everything a demo needs to look lived-in: three locations, the products of Burgerzaken,
 * Bouwen en wonen and Zalen with their capacities and opening hours, Dutch holidays, customers
 * with valid BSNs, appointments in the past two weeks and the coming three, cases with their
 * status history, a knowledge base, and an account for each role.
 *
 * Deterministic apart from the row ids: a GRand with a fixed seed and dates relative to the
 * local date of now.  Appointments are placed on slot starts of the availability rules made
 * here, and each rule-day keeps its own count of used places per channel, so no slot ever
 * holds more bookings than its public (web) or desk share — the server enforces the same
 * shares, and a demo that broke them would make the agenda lie.
 */
#include "loket-demo-private.h"

#include <stdarg.h>
#include <string.h>

#include "loket-auth.h"
#include "loket-error.h"

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->statements, g_hash_table_unref);
  g_clear_pointer (&d->holidays, g_hash_table_unref);
  g_clear_pointer (&d->taken, g_hash_table_unref);
  g_clear_pointer (&d->workdays, loket_workdays_free);
  g_clear_pointer (&d->customers, g_array_unref);
  g_clear_pointer (&d->appointments, g_array_unref);
  g_clear_pointer (&d->cases, g_array_unref);
  g_clear_pointer (&d->tz, g_time_zone_unref);
  g_clear_pointer (&d->rand, g_rand_free);
}

/* ---- Small helpers ------------------------------------------------------------------- */

void
demo_new_id (DemoId out)
{
  g_autofree char *uuid = g_uuid_string_random ();

  g_strlcpy (out, uuid, sizeof (DemoId));
}

const char *
demo_id_or_null (const char *id)
{
  return id[0] != '\0' ? id : NULL;
}

const char *
demo_user_id (Demo *d, int user)
{
  return user == U_NONE ? NULL : d->user_ids[user];
}

int
demo_pick (Demo *d, int n)
{
  return g_rand_int_range (d->rand, 0, n);
}

gboolean
demo_chance (Demo *d, int percent)
{
  return g_rand_int_range (d->rand, 0, 100) < percent;
}

void
demo_format_utc (gint64 unix_time, DemoTime out)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

  g_strlcpy (out, text, sizeof (DemoTime));
}

void
demo_format_date (const GDate *date, char out[11])
{
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

void
demo_format_clock (int minutes, char out[6])
{
  g_snprintf (out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

/* A local wall-clock time on a local date, as Unix seconds. */
gint64
demo_local_unix (Demo *d, const GDate *date, int minutes)
{
  g_autoptr (GDateTime) dt = g_date_time_new (d->tz, g_date_get_year (date),
                                              g_date_get_month (date), g_date_get_day (date),
                                              minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

void
demo_local_date (Demo *d, gint64 unix_time, GDate *out)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, d->tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

void
demo_date_from_today (Demo *d, int days, GDate *out)
{
  *out = d->today;
  if (days >= 0)
    g_date_add_days (out, days);
  else
    g_date_subtract_days (out, -days);
}

/* A plausible moment in office hours on a weekday, days_ago before today, never after now. */
gint64
demo_office_time (Demo *d, int days_ago)
{
  GDate date;
  gint64 t;

  demo_date_from_today (d, -days_ago, &date);
  while (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
    g_date_subtract_days (&date, 1);
  t = demo_local_unix (d, &date, g_rand_int_range (d->rand, HM (8, 30), HM (16, 30)));
  if (t > d->now - 300)
    t = d->now - g_rand_int_range (d->rand, 300, 3600);
  return t;
}

/* A moment in office hours (08:30–17:00 on a weekday) between from and to, on a random day
 * of the span that has one; to itself when none has. */
gint64
demo_office_time_between (Demo *d, gint64 from, gint64 to)
{
  GDate first, last;
  int n_days, offset;

  demo_local_date (d, from, &first);
  demo_local_date (d, to, &last);
  n_days = g_date_days_between (&first, &last) + 1;
  offset = demo_pick (d, MAX (n_days, 1));
  for (int k = 0; k < n_days; k++)
    {
      GDate date = first;
      gint64 open, close;

      g_date_add_days (&date, (offset + k) % n_days);
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      open = MAX (from, demo_local_unix (d, &date, HM (8, 30)));
      close = MIN (to, demo_local_unix (d, &date, HM (17, 0)));
      if (open <= close)
        return open + 60 * (gint64) demo_pick (d, (int) ((close - open) / 60) + 1);
    }
  return to;
}

/* Runs one INSERT, preparing its statement once. types says how each argument after error
 * binds: 's' a string (NULL → SQL NULL), 'i' an int. */
gboolean
demo_insert (Demo *d, const char *sql, const char *types, GError **error, ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (d->statements, sql);
  va_list args;

  if (stmt == NULL)
    {
      stmt = loket_db_prepare (d->db, sql, error);
      if (stmt == NULL)
        return FALSE;
      g_hash_table_insert (d->statements, (gpointer) sql, stmt);
    }
  g_assert (sqlite3_bind_parameter_count (stmt) == (int) strlen (types));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int (stmt, i + 1, va_arg (args, int));
      else
        loket_db_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);

  return loket_db_step_done (d->db, stmt, error);
}

/* ---- Loading ------------------------------------------------------------------------- */

static gboolean
database_is_empty (Demo *d, gboolean *empty, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = loket_db_prepare (d->db, "SELECT EXISTS (SELECT 1 FROM locations)",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return loket_db_fail (d->db, error);
  *empty = sqlite3_column_int (stmt, 0) == 0;
  return TRUE;
}

/* Every table in parent-before-child order. Appointments are planned before the cases that
 * bookings make, and written after them, so each can point at its case. */
static gboolean
insert_all (Demo *d, GError **error)
{
  gboolean empty = FALSE;

  if (!database_is_empty (d, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "The database already holds data; demo data is only loaded into an empty "
                   "database");
      return FALSE;
    }
  if (!demo_insert_organisation (d, error) || !demo_insert_case_types (d, error)
      || !demo_insert_products (d, error) || !demo_insert_life_events (d, error)
      || !demo_insert_capacities (d, error)
      || !demo_insert_rules (d, error) || !demo_insert_closures (d, error) || !demo_insert_holidays (d, error)
      || !demo_insert_customers (d, error) || !demo_insert_users (d, error)
      || !demo_insert_articles (d, error))
    return FALSE;
  demo_plan_appointments (d);
  return demo_insert_cases (d, error) && demo_insert_appointments (d, error)
         && demo_insert_notes (d, 20, error) && demo_insert_contact_moments (d, 60, error)
         && demo_insert_agenda_details (d, error) && demo_insert_knowledge_figures (d, error);
}

static gboolean
demo_init (Demo *d, LoketDb *db, GDateTime *now, GError **error)
{
  g_autoptr (GDateTime) local = NULL;

  d->tz = g_time_zone_new_identifier (DEMO_ZONE);
  if (d->tz == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_FAILED,
                   "The time zone %s is unknown; install the tzdata package", DEMO_ZONE);
      return FALSE;
    }
  local = g_date_time_to_timezone (now, d->tz);
  d->db = db;
  d->now = g_date_time_to_unix (now);
  g_date_clear (&d->today, 1);
  g_date_set_dmy (&d->today, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  d->rand = g_rand_new_with_seed (DEMO_SEED);
  d->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  d->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->workdays = loket_workdays_new ();
  d->customers = g_array_new (FALSE, TRUE, sizeof (DemoCustomer));
  d->appointments = g_array_new (FALSE, TRUE, sizeof (DemoAppointment));
  d->cases = g_array_new (FALSE, TRUE, sizeof (DemoCase));
  return TRUE;
}

gboolean
loket_demo_load (LoketDb *db, GDateTime *now, GError **error)
{
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (LOKET_IS_DB (db), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!demo_init (&d, db, now, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  if (!loket_db_begin (db, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  ok = insert_all (&d, error);
  demo_clear (&d); /* finalizes the statements before the transaction ends */
  if (ok && loket_db_commit (db, error))
    return TRUE;
  loket_db_rollback (db);
  return FALSE;
}
