/* loket-demo-details.c — what the agendas of the demo municipality look like beyond their
 * opening hours: how many of a product one visit may hold, which products ask for a reason,
 * the facilities and opening days of locations and capacities, the booking window of the
 * website, who made each rule, the history of every appointment and the times at the desk of
 * the visits that have taken place (arrival, call, start and end of handling), so Vandaag and
 * the waiting-time figures have something to show; and the messages the outbox sent or holds
 * for them (confirmations and reminders, one SMS the gateway refused), so an appointment
 * shows how its customer was told.  And what cases and contacts hold besides their status: the
 * retention and transitions of case types, suspensions, documents and links of cases, contact
 * moments about a case or referred elsewhere, callbacks (done, not reached, open and overdue)
 * and the representatives of associations.  See loket-demo.c.
 *
 * Everything here is plain SQL over what the other demo steps inserted; the pseudo-random
 * minutes come from the rows' own ids and the history rows' ids are made from theirs, so a demo
 * is the same every time it is made with the same seed.
 */
#include "loket-demo-private.h"

#include "loket-error.h"
#include "loket-message-text.h"
#include "loket-site.h"

/* A number 0..n-1 from an id: the same for the same row. */
#define ID_PICK(column, n) \
  "((unicode (substr (" column ", 1, 1)) * 7 + unicode (substr (" column ", 2, 1))) % " n ")"

static const char details_sql[] =
  /* Three passports or ID cards for a family in one visit; pick-up of three documents. */
  "UPDATE products SET max_per_booking = 3"
  " WHERE name IN ('Paspoort', 'Identiteitskaart', 'Afhalen reisdocument');"
  "UPDATE products SET max_per_booking = 2 WHERE name = 'Uittreksel BRP';"
  /* A room is booked for a time range: that many hours of its one-hour norm time. */
  "UPDATE products SET max_per_booking = 8 WHERE name IN ('Vergaderzaal', 'Raadzaal',"
  " 'Trouwzaal');"
  /* The knowledge article of each product: what to bring and what it costs. */
  "UPDATE products SET article_id = (SELECT a.id FROM kb_articles a WHERE a.product_id ="
  " products.id AND a.kind = 'product' ORDER BY a.title LIMIT 1);"
  /* Intakes and talks with a specialist need to know what it is about. */
  "UPDATE products SET asks_reason = 1 WHERE name IN ('Omgevingsvergunning (intake)',"
  " 'Informatie verbouwen', 'Huwelijk / ondertrouw', 'Naturalisatie');"
  /* Reminders: no SMS for a room, and two days ahead for a wedding's paperwork. */
  "UPDATE products SET remind_sms_minutes = 0 WHERE name IN ('Vergaderzaal', 'Raadzaal',"
  " 'Trouwzaal');"
  "UPDATE products SET remind_email_minutes = 2880 WHERE name = 'Huwelijk / ondertrouw';"
  /* Opening days and facilities of the buildings. */
  "UPDATE locations SET opening_days = 63, facilities = '[\"rolstoel\",\"ringleiding\"]'"
  " WHERE kind = 'stadhuis';"
  "UPDATE locations SET opening_days = 21, facilities = '[\"rolstoel\"]' WHERE kind = 'kantoor';"
  "UPDATE locations SET opening_days = 34 WHERE kind = 'satelliet';"
  /* Desks with a language besides Dutch, and the hybrid video room. */
  "UPDATE capacities SET facilities = '[\"en\"]' WHERE name IN ('Balie 1', 'Balie 4');"
  "UPDATE capacities SET facilities = '[\"tr\",\"ar\"]' WHERE name = 'Balie 2';"
  "UPDATE capacities SET facilities = '[\"video\"]' WHERE name = 'Spreekkamer 1';"
  /* The website books up to 90 days ahead, not the same day, and at least two hours before. */
  "UPDATE availability_rules SET opens_days = 90, closes_days = 1, min_notice_minutes = 120"
  " WHERE public_places > 0;"
  "UPDATE availability_rules SET opens_days = 365 WHERE capacity_id IN"
  " (SELECT id FROM capacities WHERE kind IN ('zaal', 'ambtenaar'));";

/* Each rule as the functional administrator made it, a year before now. */
static const char history_sql[] =
  "INSERT INTO availability_rule_history (id, rule_id, capacity_id, action, rule, by_user, at)"
  " SELECT r.id || ':created', r.id, r.capacity_id, 'created',"
  "  json_object ('id', r.id, 'capacity_id', r.capacity_id, 'weekdays', r.weekdays,"
  "   'every_weeks', r.every_weeks, 'anchor_date', r.valid_from, 'valid_from', r.valid_from,"
  "   'valid_until', r.valid_until, 'start_time', r.start_time, 'end_time', r.end_time,"
  "   'slot_minutes', r.slot_minutes, 'places', r.places, 'public_places', r.public_places,"
  "   'opens_days', r.opens_days, 'closes_days', r.closes_days,"
  "   'min_notice_minutes', r.min_notice_minutes),"
  "  (SELECT id FROM users WHERE username = 'beheer'), ?1"
  " FROM availability_rules r;";

/* The desk times of the visits that took place: arrival 1–9 minutes early, a call 0–11
 * minutes after the booked start, handling from a minute later for the booked time give or
 * take a few minutes; customers still waiting today have only arrived. */
static const char desk_times_sql[] =
  "UPDATE appointments SET"
  " arrived_at = strftime ('%Y-%m-%dT%H:%M:%SZ', start_at, '-' || (1 + " ID_PICK ("id", "9") ")"
  "  || ' minutes'),"
  " called_at = strftime ('%Y-%m-%dT%H:%M:%SZ', start_at, '+' || " ID_PICK ("id", "12")
  "  || ' minutes'),"
  " called_to = (SELECT name FROM capacities c WHERE c.id = capacity_id),"
  " started_at = strftime ('%Y-%m-%dT%H:%M:%SZ', start_at, '+' || (1 + " ID_PICK ("id", "12") ")"
  "  || ' minutes'),"
  " finished_at = strftime ('%Y-%m-%dT%H:%M:%SZ', end_at,"
  "  printf ('%+d minutes', " ID_PICK ("id", "12") " - 4)),"
  " handled_by = created_by"
  " WHERE status = 'done';"
  "UPDATE appointments SET arrived_at = strftime ('%Y-%m-%dT%H:%M:%SZ', start_at, '-3 minutes')"
  " WHERE status = 'checked_in';";

/* Every appointment's history: booked when it was made, then what happened at the desk. */
#define EVENT_INSERT \
  "INSERT INTO appointment_events (id, appointment_id, kind, at, by_user, detail)"
static const char events_sql[] =
  EVENT_INSERT " SELECT id || ':booked', id, 'booked', created_at, created_by, '{}'"
  " FROM appointments;"
  EVENT_INSERT " SELECT id || ':cancelled', id, 'cancelled', created_at, created_by, '{}'"
  " FROM appointments WHERE status = 'cancelled';"
  EVENT_INSERT " SELECT id || ':checked_in', id, 'checked_in', arrived_at, NULL, '{}'"
  " FROM appointments WHERE arrived_at IS NOT NULL;"
  EVENT_INSERT " SELECT id || ':called', id, 'called', called_at, handled_by,"
  "  json_object ('desk', called_to) FROM appointments WHERE called_at IS NOT NULL;"
  EVENT_INSERT " SELECT id || ':started', id, 'started', started_at, handled_by, '{}'"
  " FROM appointments WHERE started_at IS NOT NULL;"
  EVENT_INSERT " SELECT id || ':finished', id, 'finished', finished_at, handled_by, '{}'"
  " FROM appointments WHERE finished_at IS NOT NULL;"
  EVENT_INSERT " SELECT id || ':no_show', id, 'no_show', end_at, NULL, '{}'"
  " FROM appointments WHERE status = 'no_show';";

/* The outbox as it would be: every confirmation, cancellation and acknowledgement sent a
 * minute after the change; each reminder sent at its moment when that has passed, queued when
 * it is still to come (tomorrow's visits); none for a moment before the booking.  ?1 is now. */
#define UTC(expr) "strftime ('%Y-%m-%dT%H:%M:%SZ', " expr ")"
#define MESSAGE_INSERT \
  "INSERT INTO messages (id, appointment_id, case_id, channel, kind, due_at, state, attempts," \
  " sent_at, created_at)"
#define HAS(column) " AND nullif (trim (c." column "), '') IS NOT NULL"
static const char messages_sql[] =
  MESSAGE_INSERT " SELECT a.id || ':confirmation', a.id, a.case_id, 'email', 'confirmation',"
  "  a.created_at, 'sent', 1, " UTC ("a.created_at, '+1 minutes'") ", a.created_at"
  " FROM appointments a JOIN customers c ON c.id = a.customer_id"
  " WHERE a.status != 'rejected'" HAS ("email") ";"
  MESSAGE_INSERT " SELECT a.id || ':cancellation', a.id, a.case_id, 'email', 'cancellation',"
  "  a.created_at, 'sent', 1, " UTC ("a.created_at, '+2 minutes'") ", a.created_at"
  " FROM appointments a JOIN customers c ON c.id = a.customer_id"
  " WHERE a.status = 'cancelled'" HAS ("email") ";"
  MESSAGE_INSERT " SELECT r.id, r.appointment_id, r.case_id, r.channel, 'reminder', r.due,"
  "  CASE WHEN r.due <= ?1 THEN 'sent' ELSE 'queued' END,"
  "  CASE WHEN r.due <= ?1 THEN 1 ELSE 0 END, CASE WHEN r.due <= ?1 THEN r.due END, r.created"
  " FROM (SELECT a.id || ':reminder:' || ch.channel AS id, a.id AS appointment_id, a.case_id,"
  "   ch.channel, a.created_at AS created,"
  "   " UTC ("a.start_at, '-' || CASE ch.channel WHEN 'sms' THEN p.remind_sms_minutes"
  "   ELSE p.remind_email_minutes END || ' minutes'") " AS due"
  "  FROM appointments a JOIN products p ON p.id = a.product_id"
  "  JOIN customers c ON c.id = a.customer_id"
  "  JOIN (SELECT 'email' AS channel UNION ALL SELECT 'sms') ch"
  "  WHERE a.status IN ('booked', 'checked_in', 'done', 'no_show')"
  "  AND CASE ch.channel WHEN 'sms' THEN p.remind_sms_minutes > 0" HAS ("phone")
  "   ELSE p.remind_email_minutes > 0" HAS ("email") " END) r"
  " WHERE r.due >= r.created;"
  MESSAGE_INSERT " SELECT k.id || ':acknowledgement', NULL, k.id, 'email', 'acknowledgement',"
  "  k.opened_at, 'sent', 1, " UTC ("k.opened_at, '+1 minutes'") ", k.opened_at"
  " FROM cases k JOIN customers c ON c.id = k.customer_id WHERE k.opened_at <= ?1"
  HAS ("email") ";";

/* The survey after a closed case: an invitation sent the day it closed, and about two in three
 * of those citizens answered within a day, mostly content (the charter's target is 3 of 5), a
 * few not about how long it took.  Marks follow from the case's id, so the demo is the same for
 * the same cases. */
static const char surveys_sql[] =
  MESSAGE_INSERT " SELECT k.id || ':survey', NULL, k.id, 'email', 'survey', k.closed_at, 'sent', 1,"
  "  " UTC ("k.closed_at, '+1 minutes'") ", k.closed_at"
  " FROM cases k JOIN customers c ON c.id = k.customer_id"
  " WHERE k.closed_at IS NOT NULL AND k.closed_at <= ?1" HAS ("email") ";"
  "INSERT INTO survey_answers (id, case_id, product_id, q1, q2, q3, answered_at)"
  " SELECT k.id || ':answer', k.id, k.product_id, 2 + unicode (substr (k.id, 4, 1)) % 4,"
  "  3 + unicode (substr (k.id, 5, 1)) % 3, 1 + unicode (substr (k.id, 6, 1)) % 5,"
  "  min (?1, " UTC ("k.closed_at, '+20 hours'") ")"
  " FROM cases k JOIN customers c ON c.id = k.customer_id"
  " WHERE k.closed_at IS NOT NULL AND k.closed_at <= ?1" HAS ("email")
  " AND unicode (substr (k.id, 3, 1)) % 3 != 0;";

/* One SMS the gateway refused (a number it did not take), so a desk sees a failure. */
static const char failed_sms_sql[] =
  "UPDATE messages SET state = 'failed', sent_at = NULL, reason = ?1 WHERE id ="
  " (SELECT id FROM messages WHERE channel = 'sms' AND state = 'sent' ORDER BY id LIMIT 1);";

/* Runs each statement of sql with ?1 bound to now. */
static gboolean
run_with_now (Demo *d, const char *sql, const char *now, GError **error)
{
  while (*sql != '\0')
    {
      g_autoptr (sqlite3_stmt) stmt = NULL;
      const char *rest = NULL;

      if (sqlite3_prepare_v2 (loket_db_get_handle (d->db), sql, -1, &stmt, &rest) != SQLITE_OK)
        return loket_db_fail (d->db, error);
      if (stmt == NULL)  /* only blanks were left */
        break;
      loket_db_bind_text (stmt, 1, now);
      if (!loket_db_step_done (d->db, stmt, error))
        return FALSE;
      sql = rest;
    }
  return TRUE;
}

static gboolean
insert_messages (Demo *d, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *reason = NULL;
  DemoTime now;

  demo_format_utc (d->now, now);
  if (!run_with_now (d, messages_sql, now, error) || !run_with_now (d, surveys_sql, now, error))
    return FALSE;
  /* In the site's language, as the mailer would have written it. */
  loket_site_enter_language ();
  reason = loket_message_text_reason (LOKET_MESSAGE_REASON_SMS_REFUSED, 400, NULL);
  loket_site_leave_language ();
  if ((stmt = loket_db_prepare (d->db, failed_sms_sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, reason);
  return loket_db_step_done (d->db, stmt, error);
}

/* ---- cases, contacts and the customer card ---------------------------------------------- */

#define DMS   "'https://dms.dalfsenburg.example.nl/zaken/'"  /* the document system */
#define SHARE "'/srv/zaken/'"                               /* the file share */

/* A weekday: a Saturday or Sunday moves to the Monday after. */
#define WEEKDAY(date) \
  "(CASE WHEN strftime ('%w', " date ") IN ('0', '6') THEN date (" date ", 'weekday 1') ELSE " \
  date " END)"
/* Nine in the morning of a weekday about a fraction of the way from one time to another,
 * within the two. */
#define BETWEEN(from, to, fraction) \
  "max (" from ", min (" to ", " WEEKDAY ("date (julianday (" from ") + (julianday (" to ")" \
  " - julianday (" from ")) * " fraction ")") " || 'T08:15:00Z'))"
/* The same clock time on the next working day (the callback norm). */
#define NEXT_WORKDAY(time) "(" WEEKDAY ("date (" time ", '+1 day')") " || substr (" time ", 11))"
/* Who made a case. */
#define OPENER(kase) \
  "(SELECT h.by_user FROM case_status_history h WHERE h.case_id = " kase " ORDER BY h.at" \
  " LIMIT 1)"

/* How long each type's files are kept and what happens then (bewaren: to the archive; the
 * others are destroyed), the few types whose way through the statuses is not "forward, or back
 * one step", and the appointment that is the intake of a type.  A closed case has its archive
 * date. */
static const char case_types_sql[] =
  "UPDATE case_types SET retention_years = r.column2, retention_action = r.column3 FROM (VALUES"
  " ('Reisdocument', 11, 'vernietigen'), ('Rijbewijs', 11, 'vernietigen'),"
  " ('Uittreksel BRP', 1, 'vernietigen'), ('Verhuizing', 5, 'vernietigen'),"
  " ('Geboorteaangifte', 20, 'bewaren'), ('Huwelijk en partnerschap', 20, 'bewaren'),"
  " ('Naturalisatie', 20, 'bewaren'), ('Verklaring omtrent het gedrag', 2, 'vernietigen'),"
  " ('Legalisatie handtekening', 1, 'vernietigen'), ('Omgevingsvergunning', 20, 'bewaren'),"
  " ('Inzage bouwdossier', 1, 'vernietigen'), ('Informatieverzoek bouwen', 2, 'vernietigen'),"
  " ('Zaalreservering', 1, 'vernietigen'), ('Terugbelverzoek', 1, 'vernietigen')) r"
  " WHERE r.column1 = case_types.name;"
  "UPDATE case_types SET transitions = '{\"ontvangen\":[\"in behandeling\"],"
  "\"in behandeling\":[\"advies IND\"],\"advies IND\":[\"besluit\",\"in behandeling\"],"
  "\"besluit\":[\"afgehandeld\"],\"afgehandeld\":[]}' WHERE name = 'Naturalisatie';"
  "UPDATE case_types SET transitions = '{\"ontvangen\":[\"in behandeling\",\"afgehandeld\"],"
  "\"in behandeling\":[\"besluit\",\"ontvangen\"],\"besluit\":[\"afgehandeld\"],"
  "\"afgehandeld\":[]}' WHERE name = 'Omgevingsvergunning';"
  "UPDATE case_types SET intake_product_id = p.id FROM products p WHERE"
  " (case_types.name, p.name) IN (VALUES ('Omgevingsvergunning', 'Omgevingsvergunning (intake)'),"
  " ('Huwelijk en partnerschap', 'Huwelijk / ondertrouw'), ('Naturalisatie', 'Naturalisatie'));"
  "UPDATE cases SET archive_action = t.retention_action,"
  " archive_date = date (cases.closed_at, '+' || t.retention_years || ' years')"
  " FROM case_types t WHERE t.id = cases.case_type_id AND cases.closed_at IS NOT NULL;"
  /* What the customer is told of each status (on /zaak, and by e-mail or SMS when the case
   * reaches it); steps that are the office's own business (an address check, the IND's advice)
   * have no wording and are not told.  A callback is answered by the call itself. */
  "UPDATE case_types SET public_statuses = (SELECT json_group_object (s.value, w.column2)"
  "  FROM json_each (case_types.statuses) s JOIN (VALUES"
  "  ('ontvangen', 'Uw aanvraag is ontvangen'),"
  "  ('in behandeling', 'Uw aanvraag is in behandeling'),"
  "  ('gereed voor uitreiking', 'Uw document ligt klaar: u kunt het ophalen'),"
  "  ('aangevraagd bij RDW', 'Uw rijbewijs is aangevraagd bij de RDW'),"
  "  ('verzonden', 'Uw uittreksel is verzonden'),"
  "  ('verwerkt in BRP', 'Uw verhuizing is verwerkt'),"
  "  ('akte opgemaakt', 'De geboorteakte is opgemaakt'),"
  "  ('datum bevestigd', 'De datum van uw huwelijk of partnerschap is bevestigd'),"
  "  ('aangevraagd bij Justis', 'Uw VOG is aangevraagd bij Justis'),"
  "  ('besluit', 'Er is een besluit genomen: u krijgt het per post'),"
  "  ('gereed', 'Uw legalisatie ligt klaar'),"
  "  ('dossier opgevraagd', 'Het bouwdossier is opgevraagd uit het archief'),"
  "  ('inzage gepland', 'Uw inzage is ingepland'),"
  "  ('beantwoord', 'Uw vraag is beantwoord'),"
  "  ('bevestigd', 'Uw reservering is bevestigd'),"
  "  ('afgehandeld', 'Uw aanvraag is afgehandeld')) w ON w.column1 = s.value)"
  " WHERE name <> 'Terugbelverzoek';";

/* Last year's files: the first six closed cases of the types kept one year happened again a
 * year earlier (closed between 11 and 12 months ago, 4 days apart), so the archive list has
 * cases due for destruction in the coming weeks.  Their references are of that year, numbered
 * from 900000 on, which this year's numbering never reaches in a demo. */
#define SHIFTED(time) "strftime ('%Y-%m-%dT%H:%M:%SZ', julianday (" time ") + o.shift)"
static const char archive_sql[] =
  "CREATE TEMP TABLE demo_old AS SELECT k.id, julianday (?1, '-1 year', '+' || (k.n * 4)"
  "  || ' days') - julianday (k.closed_at) AS shift"
  " FROM (SELECT k.id, k.closed_at, row_number () OVER (ORDER BY k.closed_at, k.id) AS n"
  "  FROM cases k JOIN case_types t ON t.id = k.case_type_id"
  "  WHERE k.closed_at IS NOT NULL AND t.retention_years = 1) k WHERE k.n <= 6;"
  "INSERT INTO cases (id, reference, case_type_id, customer_id, product_id, subject, status,"
  "  team_id, assignee_id, opened_at, deadline, closed_at, rev, archive_action, archive_date)"
  " SELECT k.id || ':vorig-jaar', 'Z-' || strftime ('%Y', julianday (k.opened_at) + o.shift)"
  "  || '-9' || substr (k.reference, 9), k.case_type_id, k.customer_id, k.product_id, k.subject,"
  "  k.status, k.team_id, k.assignee_id, " SHIFTED ("k.opened_at") ","
  "  date (julianday (k.deadline) + o.shift), " SHIFTED ("k.closed_at") ", 1,"
  "  t.retention_action, date (julianday (k.closed_at) + o.shift, '+' || t.retention_years"
  "  || ' years')"
  " FROM demo_old o JOIN cases k ON k.id = o.id JOIN case_types t ON t.id = k.case_type_id;"
  "INSERT INTO case_status_history (id, case_id, status, at, by_user)"
  " SELECT h.id || ':vorig-jaar', h.case_id || ':vorig-jaar', h.status, " SHIFTED ("h.at") ","
  "  h.by_user FROM demo_old o JOIN case_status_history h ON h.case_id = o.id;"
  "DROP TABLE demo_old;";

/* Every other permit, naturalisation, VOG and inspection waited for papers from the customer
 * for a while: the closed ones and every other open one got them (resumed), the rest wait still. */
static const char suspensions_sql[] =
  "CREATE TEMP TABLE demo_waiting AS SELECT k.id, k.opened_at,"
  "  coalesce (k.closed_at, ?1) AS end_at, k.closed_at IS NULL AND n % 4 = 1 AS waiting,"
  "  coalesce (k.assignee_id, " OPENER ("k.id") ") AS by_user"
  " FROM (SELECT k.*, row_number () OVER (ORDER BY k.opened_at) AS n FROM cases k"
  "  JOIN case_types t ON t.id = k.case_type_id WHERE t.name IN ('Omgevingsvergunning',"
  "  'Naturalisatie', 'Verklaring omtrent het gedrag', 'Inzage bouwdossier')) k WHERE n % 2 = 1;"
  "INSERT INTO case_suspensions (id, case_id, kind, at, reason, by_user)"
  " SELECT id || ':suspend', id, 'suspend', " BETWEEN ("opened_at", "end_at", "0.3") ","
  "  'Wacht op aanvullende stukken van de aanvrager', by_user FROM demo_waiting;"
  "INSERT INTO case_suspensions (id, case_id, kind, at, reason, by_user)"
  " SELECT id || ':resume', id, 'resume', " BETWEEN ("opened_at", "end_at", "0.6") ","
  "  'Stukken ontvangen', by_user FROM demo_waiting WHERE NOT waiting;"
  "UPDATE cases SET suspended_since = s.at FROM case_suspensions s, demo_waiting w"
  " WHERE w.id = cases.id AND w.waiting AND s.case_id = cases.id AND s.kind = 'suspend';"
  "DROP TABLE demo_waiting;";

/* What the file of a permit, a naturalisation (on the file share), a VOG or an inspection holds. */
static const char documents_sql[] =
  "INSERT INTO case_documents (id, case_id, title, location, added_at, by_user)"
  " SELECT k.id || ':' || d.column3, k.id, d.column2, d.column4 || k.reference || '/' || d.column3,"
  "  strftime ('%Y-%m-%dT%H:%M:%SZ', k.opened_at, '+' || d.column5 || ' minutes'), "
  OPENER ("k.id")
  " FROM cases k JOIN case_types t ON t.id = k.case_type_id JOIN (VALUES"
  "  ('Omgevingsvergunning', 'Aanvraagformulier', 'aanvraag.pdf', " DMS ", 2),"
  "  ('Omgevingsvergunning', 'Bouwtekening', 'bouwtekening.pdf', " DMS ", 3),"
  "  ('Omgevingsvergunning', 'Situatieschets', 'situatieschets.pdf', " DMS ", 4),"
  "  ('Naturalisatie', 'Naturalisatieverzoek', 'verzoek.pdf', " SHARE ", 2),"
  "  ('Naturalisatie', 'Inburgeringsdiploma (kopie)', 'inburgering.pdf', " SHARE ", 3),"
  "  ('Naturalisatie', 'Geboorteakte, gelegaliseerd', 'geboorteakte.pdf', " SHARE ", 4),"
  "  ('Verklaring omtrent het gedrag', 'Aanvraagformulier VOG', 'vog.pdf', " DMS ", 2),"
  "  ('Inzage bouwdossier', 'Bouwtekeningen uit het archief (scan)', 'archief.pdf', " DMS ", 60)"
  " ) d ON d.column1 = t.name;";

/* A question about a product the customer has a case for is about that case; some questions
 * at the counter were for someone else (referred_to).  The first naturalisation file had a call
 * about it, which only its team may see. */
static const char contacts_sql[] =
  "UPDATE contact_moments SET case_id = (SELECT k.id FROM cases k"
  " WHERE k.customer_id = contact_moments.customer_id AND k.product_id = contact_moments.product_id"
  " AND k.opened_at <= contact_moments.at ORDER BY k.opened_at DESC LIMIT 1);"
  "UPDATE contact_moments SET referred_to = CASE " ID_PICK ("id", "4")
  "  WHEN 0 THEN 'Omgevingsdienst IJssel-Vecht' WHEN 1 THEN 'Belastingdienst'"
  "  WHEN 2 THEN 'Sociaal wijkteam Dalfsenburg' ELSE 'Het Juridisch Loket' END"
  " WHERE channel = 'balie' AND case_id IS NULL AND (resolved_first_contact = 0"
  "  OR " ID_PICK ("id", "5") " = 0);"
  "INSERT INTO contact_moments (id, customer_id, channel, topic, product_id,"
  " resolved_first_contact, at, by_user, case_id)"
  " SELECT k.id || ':contact', k.customer_id, 'telefoon', 'Stand van zaken naturalisatieverzoek',"
  "  k.product_id, 1, min (?1, strftime ('%Y-%m-%dT%H:%M:%SZ', k.opened_at, '+7 days')),"
  "  (SELECT id FROM users WHERE username = 'burgerzaken'), k.id"
  " FROM cases k JOIN case_types t ON t.id = k.case_type_id WHERE t.confidential = 1"
  " ORDER BY k.opened_at LIMIT 1;";

/* A call or e-mail not answered at once gets a callback for the team of its product (a third
 * for its handler), due the next working day; those due before yesterday have their outcome,
 * every third not reached.  The naturalisation call is its handler's, still open; and this
 * afternoon someone left only a phone number. */
#define CALLBACK_INSERT \
  "INSERT INTO callbacks (id, customer_id, contact_moment_id, phone, subject, assigned_user_id," \
  " assigned_team_id, due_at, created_at, created_by)"
static const char callbacks_sql[] =
  CALLBACK_INSERT
  " SELECT m.id || ':callback', m.customer_id, m.id, coalesce (c.phone, ''), m.topic,"
  "  CASE WHEN " ID_PICK ("m.id", "3") " = 0 THEN (SELECT u.id FROM users u"
  "   WHERE u.team_id = t.team_id ORDER BY u.role_id = 'backoffice' DESC, u.username LIMIT 1) END,"
  "  t.team_id, " NEXT_WORKDAY ("m.at") ", m.at, m.by_user"
  " FROM contact_moments m JOIN customers c ON c.id = m.customer_id"
  " JOIN products p ON p.id = m.product_id JOIN case_types t ON t.id = p.case_type_id"
  " WHERE m.channel IN ('telefoon', 'email') AND m.resolved_first_contact = 0;"
  "UPDATE callbacks SET outcome = CASE WHEN r.n % 3 = 0 THEN 'not_reached' ELSE 'done' END,"
  " outcome_at = strftime ('%Y-%m-%dT%H:%M:%SZ', callbacks.due_at, '-' || (20 + r.n * 17 % 200)"
  "  || ' minutes'),"
  " outcome_by = coalesce (callbacks.assigned_user_id, (SELECT u.id FROM users u"
  "  WHERE u.team_id = callbacks.assigned_team_id ORDER BY u.username LIMIT 1)),"
  " outcome_note = CASE WHEN r.n % 3 = 0 THEN 'Geen gehoor, voicemail ingesproken.'"
  "  ELSE 'Teruggebeld, vraag beantwoord.' END"
  " FROM (SELECT id, row_number () OVER (ORDER BY created_at) AS n FROM callbacks) r"
  " WHERE r.id = callbacks.id AND callbacks.due_at < strftime ('%Y-%m-%dT%H:%M:%SZ', ?1, '-1 day');"
  CALLBACK_INSERT
  " SELECT m.id || ':callback', m.customer_id, m.id, c.phone, 'Aanvullende stukken IND',"
  "  m.by_user, NULL, " NEXT_WORKDAY ("m.at") ", m.at, m.by_user"
  " FROM contact_moments m JOIN customers c ON c.id = m.customer_id"
  " WHERE m.id LIKE '%:contact';"
  CALLBACK_INSERT
  " SELECT 'demo-callback-anonymous', NULL, NULL, '06 12 34 56 78',"
  "  'Vraag over de afvalpas, belt liever niet zelf terug', NULL, t.id, " NEXT_WORKDAY ("at") ","
  "  at, (SELECT id FROM users WHERE username = 'kcc')"
  " FROM (SELECT strftime ('%Y-%m-%dT%H:%M:%SZ', ?1, '-2 hours') AS at) JOIN teams t"
  " ON t.name = 'KCC';";

/* The cases that came together (loket-demo-agenda.c plans them): a permit and its intake, a
 * move and its extract (one bundle), a passport and the naturalisation before it. */
#define LINK(kind, from_type, to_type, condition) \
  "INSERT INTO case_links (id, case_id, linked_case_id, kind, created_at, by_user)" \
  " SELECT a.id || ':" kind "', a.id, (SELECT b.id FROM cases b JOIN case_types bt" \
  "  ON bt.id = b.case_type_id WHERE bt.name = '" to_type "' AND b.customer_id = a.customer_id" \
  "  AND " condition " ORDER BY b.opened_at DESC LIMIT 1) AS linked, '" kind "', a.opened_at, " \
  OPENER ("a.id") \
  " FROM cases a JOIN case_types t ON t.id = a.case_type_id WHERE t.name = '" from_type "'" \
  " AND linked IS NOT NULL;"
static const char links_sql[] =
  LINK ("intake", "Omgevingsvergunning", "Informatieverzoek bouwen", "b.opened_at < a.opened_at")
  LINK ("bundle", "Verhuizing", "Uittreksel BRP", "b.opened_at = a.opened_at")
  LINK ("related", "Reisdocument", "Naturalisatie", "b.opened_at < a.opened_at");

/* Who acts for the associations: a secretary, and a treasurer for every other one. */
static const char representatives_sql[] =
  "INSERT INTO customer_representatives (id, organisation_id, person_id, role, created_at)"
  " SELECT o.id || ':' || r.role, o.id, p.id, r.role, max (o.created_at, p.created_at)"
  " FROM (SELECT id, created_at, row_number () OVER (ORDER BY name) AS n FROM customers"
  "  WHERE kind = 'organisation') o"
  " JOIN (SELECT 'secretaris' AS role, 0 AS k UNION ALL SELECT 'penningmeester', 1) r"
  "  ON r.k = 0 OR o.n % 2 = 1"
  " JOIN (SELECT id, created_at, row_number () OVER (ORDER BY name) AS n FROM customers"
  "  WHERE kind = 'person' AND bsn IS NOT NULL) p ON p.n = o.n * 5 + r.k * 2;";

static gboolean
insert_case_details (Demo *d, GError **error)
{
  const char *const steps[] = { case_types_sql, archive_sql, suspensions_sql, documents_sql,
                                contacts_sql, callbacks_sql, links_sql, representatives_sql };
  DemoTime now;

  demo_format_utc (d->now, now);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!run_with_now (d, steps[i], now, error))
      return FALSE;
  return TRUE;
}

gboolean
demo_insert_agenda_details (Demo *d, GError **error)
{
  g_autofree char *year_ago = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (d->now);
  g_autoptr (GDateTime) then = g_date_time_add_years (now, -1);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  year_ago = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
  if (!loket_db_exec (d->db, details_sql, error)
      || (stmt = loket_db_prepare (d->db, history_sql, error)) == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, year_ago);
  return loket_db_step_done (d->db, stmt, error)
         && loket_db_exec (d->db, desk_times_sql, error)
         && loket_db_exec (d->db, events_sql, error)
         && insert_messages (d, error)
         && insert_case_details (d, error);
}
