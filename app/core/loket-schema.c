/* loket-schema.c — the numbered migrations of Loket's data model.
 *
 * The domain tables are the same in the desk replica and the server store, so a row travels
 * between them as a JSON object of its columns.  Each side adds its own bookkeeping tables
 * (the replica's outbox and cursor, the server's change log, devices and secrets).
 *
 * A migration is never edited once released: add a new one at the end.
 */
#include "loket-schema.h"

#include <string.h>

/* Shared domain model, version 1. Keys are client-made UUID strings, so rows created offline on
 * different desks never collide. Times are UTC ISO 8601 ("2026-11-23T08:30:00Z"); dates are
 * local calendar dates ("2026-11-23"); clock times in rules are local wall-clock ("08:30"). */
static const char domain_v1[] =
  "CREATE TABLE locations ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('stadhuis', 'kantoor', 'satelliet')),"
  "  address TEXT NOT NULL DEFAULT '',"
  "  timezone TEXT NOT NULL DEFAULT 'Europe/Amsterdam',"
  "  works_offline INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE teams ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  location_id TEXT REFERENCES locations (id)"
  ");"
  "CREATE TABLE product_groups ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  werkveld TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE TABLE case_types ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  max_working_days INTEGER NOT NULL CHECK (max_working_days > 0),"
  "  statuses TEXT NOT NULL," /* JSON array of status names, first is the initial one */
  "  team_id TEXT REFERENCES teams (id),"
  "  confidential INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE products ("
  "  id TEXT PRIMARY KEY,"
  "  group_id TEXT NOT NULL REFERENCES product_groups (id),"
  "  name TEXT NOT NULL,"
  "  norm_minutes INTEGER NOT NULL CHECK (norm_minutes > 0),"
  "  handling_level INTEGER NOT NULL CHECK (handling_level BETWEEN 1 AND 3),"
  "  line INTEGER NOT NULL CHECK (line BETWEEN 1 AND 3),"
  "  public INTEGER NOT NULL DEFAULT 1,"
  "  case_type_id TEXT REFERENCES case_types (id),"
  "  description TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE TABLE capacities ("
  "  id TEXT PRIMARY KEY,"
  "  location_id TEXT NOT NULL REFERENCES locations (id),"
  "  group_id TEXT NOT NULL REFERENCES product_groups (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('balie', 'spreekkamer', 'zaal', 'ambtenaar')),"
  "  name TEXT NOT NULL"
  ");"
  "CREATE TABLE availability_rules ("
  "  id TEXT PRIMARY KEY,"
  "  capacity_id TEXT NOT NULL REFERENCES capacities (id),"
  "  weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127)," /* bit 0 = Monday */
  "  valid_from TEXT NOT NULL,"
  "  valid_until TEXT NOT NULL,"
  "  start_time TEXT NOT NULL,"
  "  end_time TEXT NOT NULL,"
  "  slot_minutes INTEGER NOT NULL CHECK (slot_minutes > 0),"
  "  places INTEGER NOT NULL CHECK (places > 0),"
  "  public_places INTEGER NOT NULL CHECK (public_places BETWEEN 0 AND places)"
  ");"
  "CREATE TABLE closures (" /* a NULL location and capacity closes everything (a holiday) */
  "  id TEXT PRIMARY KEY,"
  "  location_id TEXT REFERENCES locations (id),"
  "  capacity_id TEXT REFERENCES capacities (id),"
  "  from_date TEXT NOT NULL,"
  "  until_date TEXT NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE TABLE holidays ("
  "  date TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL"
  ");"
  "CREATE TABLE customers ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),"
  "  bsn TEXT UNIQUE,"
  "  rrn TEXT UNIQUE,"
  "  kvk TEXT UNIQUE,"
  "  name TEXT NOT NULL,"
  "  birth_date TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  postcode TEXT,"
  "  preferred_channel TEXT NOT NULL DEFAULT 'email'"
  "    CHECK (preferred_channel IN ('telefoon', 'email', 'post', 'digitaal')),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE roles ("
  "  id TEXT PRIMARY KEY," /* e.g. 'medewerker', 'backoffice', 'teamleider', 'beheerder' */
  "  name TEXT NOT NULL"
  ");"
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  role_id TEXT NOT NULL REFERENCES roles (id),"
  "  location_id TEXT REFERENCES locations (id),"
  "  team_id TEXT REFERENCES teams (id)"
  ");"
  "CREATE TABLE cases ("
  "  id TEXT PRIMARY KEY,"
  "  reference TEXT NOT NULL UNIQUE,"
  "  case_type_id TEXT NOT NULL REFERENCES case_types (id),"
  "  customer_id TEXT REFERENCES customers (id),"
  "  product_id TEXT REFERENCES products (id),"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL,"
  "  team_id TEXT REFERENCES teams (id),"
  "  assignee_id TEXT REFERENCES users (id),"
  "  opened_at TEXT NOT NULL,"
  "  deadline TEXT NOT NULL,"
  "  closed_at TEXT,"
  "  rev INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE appointments ("
  "  id TEXT PRIMARY KEY,"
  "  product_id TEXT NOT NULL REFERENCES products (id),"
  "  capacity_id TEXT NOT NULL REFERENCES capacities (id),"
  "  customer_id TEXT REFERENCES customers (id),"
  "  case_id TEXT REFERENCES cases (id),"
  "  start_at TEXT NOT NULL,"
  "  end_at TEXT NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  mode TEXT NOT NULL DEFAULT 'fysiek' CHECK (mode IN ('fysiek', 'digitaal', 'hybride')),"
  "  channel TEXT NOT NULL DEFAULT 'desk' CHECK (channel IN ('desk', 'web')),"
  "  status TEXT NOT NULL DEFAULT 'booked'"
  "    CHECK (status IN ('booked', 'checked_in', 'done', 'no_show', 'cancelled', 'rejected')),"
  "  status_reason TEXT NOT NULL DEFAULT ''," /* why it was cancelled or rejected */
  "  created_by TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX appointments_by_capacity_time ON appointments (capacity_id, start_at);"
  "CREATE TABLE case_status_history ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  status TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  by_user TEXT"
  ");"
  "CREATE TABLE notes ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT REFERENCES cases (id),"
  "  customer_id TEXT REFERENCES customers (id),"
  "  author_id TEXT,"
  "  body TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE contact_moments ("
  "  id TEXT PRIMARY KEY,"
  "  customer_id TEXT REFERENCES customers (id),"
  "  channel TEXT NOT NULL CHECK (channel IN ('balie', 'telefoon', 'email', 'post', 'chat', 'web')),"
  "  topic TEXT NOT NULL DEFAULT '',"
  "  product_id TEXT REFERENCES products (id),"
  "  article_id TEXT,"
  "  resolved_first_contact INTEGER NOT NULL DEFAULT 0,"
  "  at TEXT NOT NULL,"
  "  by_user TEXT"
  ");"
  "CREATE TABLE kb_articles ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('product', 'levensgebeurtenis', 'werkinstructie', 'faq', 'wie-doet-wat', 'sociale-kaart')),"
  "  title TEXT NOT NULL,"
  "  public_body TEXT NOT NULL DEFAULT '',"
  "  internal_body TEXT NOT NULL DEFAULT '',"
  "  product_id TEXT REFERENCES products (id),"
  "  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'submitted', 'published')),"
  "  rev INTEGER NOT NULL DEFAULT 1,"
  "  updated_at TEXT NOT NULL"
  ");";

/* The desk's own bookkeeping: the durable outbox of intent mutations, the pull cursor and
 * session facts, and the record of every change the server did not accept as sent. */
static const char replica_v1[] =
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY," /* per-device sequence number, rises by exactly one */
  "  type TEXT NOT NULL,"
  "  args TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE sync_issues ("
  "  seq INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('rejected', 'conflict')),"
  "  code TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  args TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  resolved INTEGER NOT NULL DEFAULT 0"
  ");";

/* The server's bookkeeping: password hashes (never replicated), devices and their tokens
 * (stored as SHA-256), the outcome of every mutation ever applied (so a repeated push gets the
 * same answer), and the global change log that pulls read. */
static const char server_v1[] =
  "CREATE TABLE user_secrets ("
  "  user_id TEXT PRIMARY KEY REFERENCES users (id),"
  "  password_hash TEXT NOT NULL"
  ");"
  "CREATE TABLE devices ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  last_seq INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE mutation_outcomes ("
  "  device_id TEXT NOT NULL REFERENCES devices (id),"
  "  seq INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected', 'conflict')),"
  "  code TEXT NOT NULL DEFAULT '',"
  "  message TEXT NOT NULL DEFAULT '',"
  "  details TEXT," /* JSON object or NULL */
  "  PRIMARY KEY (device_id, seq)"
  ");"
  "CREATE TABLE change_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity TEXT NOT NULL,"
  "  row_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  row TEXT," /* JSON object of the row's columns, NULL for a delete (tombstone) */
  "  at TEXT NOT NULL"
  ");"
  "CREATE TABLE customer_aliases (" /* an offline duplicate merged into its survivor */
  "  alias_id TEXT PRIMARY KEY,"
  "  survivor_id TEXT NOT NULL REFERENCES customers (id)"
  ");";

/* Shared domain model, version 2: what field-level case merges and revision-kept articles need.
 * field_revs maps each case field to the case rev at which it last changed, so an edit based on
 * an older rev conflicts only when that same field moved since.  A conflict keeps both values
 * until a person chooses; an article edit that lost the race is kept as its own revision. */
static const char domain_v2[] =
  "ALTER TABLE cases ADD COLUMN field_revs TEXT NOT NULL DEFAULT '{}';"
  "CREATE TABLE case_conflicts ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  field TEXT NOT NULL,"
  "  base_rev INTEGER NOT NULL,"
  "  server_value TEXT," /* NULL: the field was empty (no assignee, say) */
  "  desk_value TEXT,"
  "  desk_user TEXT,"
  "  created_at TEXT NOT NULL,"
  "  resolved_at TEXT,"   /* NULL while open */
  "  resolution TEXT"     /* the value chosen */
  ");"
  "CREATE INDEX case_conflicts_by_case ON case_conflicts (case_id);"
  "CREATE TABLE kb_article_revisions ("
  "  id TEXT PRIMARY KEY,"
  "  article_id TEXT NOT NULL REFERENCES kb_articles (id),"
  "  rev INTEGER NOT NULL," /* the article rev it made, or for a conflict the rev it lost to */
  "  based_on_rev INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  public_body TEXT NOT NULL DEFAULT '',"
  "  internal_body TEXT NOT NULL DEFAULT '',"
  "  author_id TEXT,"
  "  created_at TEXT NOT NULL,"
  "  conflict INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX kb_article_revisions_by_article ON kb_article_revisions (article_id, rev);";

/* The server's bookkeeping for scoped replication (DESIGN.md items 5 and 6, loket-store-scope.c):
 *  - per device: the scope of its user when it last pulled from 0 (a device whose user's scope
 *    changed since must download again), the log head and the compaction horizon at that full
 *    pull (entries up to that head were judged with every link they have now, see "customers
 *    ride along"; a horizon raised later means tombstones it needs are gone), the cursor it
 *    acknowledged last (the `since` of its pulls) and when it was last seen;
 *  - customers a user may see because they created them or searched for them online;
 *  - server facts such as the compaction horizon (the newest tombstone compaction dropped);
 *  - indexes for the visibility checks a pull makes per row. */
static const char server_v2[] =
  "ALTER TABLE devices ADD COLUMN scope TEXT;"
  "ALTER TABLE devices ADD COLUMN full_pull_head INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN full_pull_horizon INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN pull_cursor INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN seen_at TEXT;"
  "CREATE TABLE user_customers ("
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  customer_id TEXT NOT NULL,"
  "  reason TEXT NOT NULL CHECK (reason IN ('created', 'searched')),"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, customer_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE server_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE INDEX appointments_by_customer ON appointments (customer_id);"
  "CREATE INDEX cases_by_customer ON cases (customer_id);"
  "CREATE INDEX notes_by_customer ON notes (customer_id);"
  "CREATE INDEX contact_moments_by_customer ON contact_moments (customer_id);";

/* Shared domain model, version 3: agendas as municipalities run them (issue 4).
 *  - locations: the days they open (bit 0 = Monday) and their facilities;
 *  - products: how many of one product a single visit may hold (three passports for a family),
 *    whether booking asks for a reason, and the knowledge article with documents and cost;
 *  - capacities: rebuilt for the kind afhaallocatie (a CHECK cannot be altered), with facilities
 *    (JSON array of names such as "rolstoel", "video", languages "en") and whether it is in use;
 *  - availability rules: every N weeks counted from an anchor date (NULL: valid_from), how many
 *    days ahead booking opens and how many days before the day it closes, a minimum notice in
 *    minutes, and a rev; every change to a rule is kept in availability_rule_history;
 *  - closures: of what kind (a holiday, a closed capacity or location, an official's absence),
 *    by whom and when;
 *  - appointments: the products of a visit with their counts (items, JSON [{product_id, count}];
 *    empty means one of product_id), a note and a video link, and the day at the desk: arrival
 *    (check-in), call to a desk, start and finish of handling, and by whom;
 *  - appointment_events: the history of an appointment (booked, moved, cancelled, no-show and the
 *    steps at the desk). Its detail holds times and capacities, never a customer's data. */
static const char domain_v3[] =
  "ALTER TABLE locations ADD COLUMN opening_days INTEGER NOT NULL DEFAULT 31"
  "  CHECK (opening_days BETWEEN 0 AND 127);"
  "ALTER TABLE locations ADD COLUMN facilities TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE products ADD COLUMN max_per_booking INTEGER NOT NULL DEFAULT 1"
  "  CHECK (max_per_booking >= 1);"
  "ALTER TABLE products ADD COLUMN asks_reason INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE products ADD COLUMN article_id TEXT;"
  "CREATE TABLE capacities_v3 ("
  "  id TEXT PRIMARY KEY,"
  "  location_id TEXT NOT NULL REFERENCES locations (id),"
  "  group_id TEXT NOT NULL REFERENCES product_groups (id),"
  "  kind TEXT NOT NULL"
  "    CHECK (kind IN ('balie', 'spreekkamer', 'zaal', 'ambtenaar', 'afhaallocatie')),"
  "  name TEXT NOT NULL,"
  "  facilities TEXT NOT NULL DEFAULT '[]',"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "INSERT INTO capacities_v3 (id, location_id, group_id, kind, name)"
  "  SELECT id, location_id, group_id, kind, name FROM capacities;"
  "DROP TABLE capacities;"
  "ALTER TABLE capacities_v3 RENAME TO capacities;"
  "CREATE INDEX capacities_by_location ON capacities (location_id);"
  "ALTER TABLE availability_rules ADD COLUMN every_weeks INTEGER NOT NULL DEFAULT 1"
  "  CHECK (every_weeks BETWEEN 1 AND 52);"
  "ALTER TABLE availability_rules ADD COLUMN anchor_date TEXT;"
  "ALTER TABLE availability_rules ADD COLUMN opens_days INTEGER NOT NULL DEFAULT 120"
  "  CHECK (opens_days >= 0);"
  "ALTER TABLE availability_rules ADD COLUMN closes_days INTEGER NOT NULL DEFAULT 0"
  "  CHECK (closes_days >= 0);"
  "ALTER TABLE availability_rules ADD COLUMN min_notice_minutes INTEGER NOT NULL DEFAULT 0"
  "  CHECK (min_notice_minutes >= 0);"
  "ALTER TABLE availability_rules ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;"
  "CREATE INDEX availability_rules_by_capacity ON availability_rules (capacity_id);"
  "CREATE TABLE availability_rule_history ("
  "  id TEXT PRIMARY KEY,"
  "  rule_id TEXT NOT NULL,"
  "  capacity_id TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('created', 'changed', 'removed')),"
  "  rule TEXT NOT NULL," /* JSON of the rule as it became (as it was, for 'removed') */
  "  by_user TEXT,"
  "  at TEXT NOT NULL"
  ");"
  "CREATE INDEX availability_rule_history_by_capacity"
  "  ON availability_rule_history (capacity_id, at);"
  "ALTER TABLE closures ADD COLUMN kind TEXT NOT NULL DEFAULT 'sluiting'"
  "  CHECK (kind IN ('feestdag', 'sluiting', 'afwezigheid'));"
  "ALTER TABLE closures ADD COLUMN created_by TEXT;"
  "ALTER TABLE closures ADD COLUMN created_at TEXT;"
  "ALTER TABLE appointments ADD COLUMN items TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE appointments ADD COLUMN note TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE appointments ADD COLUMN video_link TEXT;"
  "ALTER TABLE appointments ADD COLUMN arrived_at TEXT;"
  "ALTER TABLE appointments ADD COLUMN called_at TEXT;"
  "ALTER TABLE appointments ADD COLUMN called_to TEXT;"
  "ALTER TABLE appointments ADD COLUMN started_at TEXT;"
  "ALTER TABLE appointments ADD COLUMN finished_at TEXT;"
  "ALTER TABLE appointments ADD COLUMN handled_by TEXT;"
  "CREATE INDEX appointments_by_case ON appointments (case_id);"
  "CREATE TABLE appointment_events ("
  "  id TEXT PRIMARY KEY,"
  "  appointment_id TEXT NOT NULL REFERENCES appointments (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('booked', 'rescheduled', 'cancelled', 'no_show',"
  "    'checked_in', 'called', 'started', 'finished', 'rejected')),"
  "  at TEXT NOT NULL,"
  "  by_user TEXT,"
  "  detail TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE INDEX appointment_events_by_appointment ON appointment_events (appointment_id, at);";

/* Shared domain model, version 4: the public web and the server's messages (issue 5).
 *  - products: when the reminders go out, in minutes before the visit (0: none): an e-mail the
 *    day before and an SMS an hour before by default;
 *  - case types: the public wording of each status ({"status": "wording"}), what a citizen sees
 *    when they look up their case; a status without one shows its own name;
 *  - messages: what the server's outbox sends a customer about an appointment or a case (the
 *    confirmation, a change or cancellation, the reminders, the acknowledgement of a case, a
 *    status change, the survey invitation), and how that went: queued (also while retrying
 *    after a failure, reason then says why), sent, failed (given up, with the reason), or
 *    cancelled (no longer needed: the appointment moved or was cancelled).  Only the facts a
 *    desk shows travel; the recipient and the text stay on the server (message_content), and a
 *    reason is a sentence of ours, never a mail program's output (it may quote an address);
 *  - survey_answers: a citizen's three marks (1-5) after their case was completed, for the
 *    desks' reports; nothing that says who gave them. */
static const char domain_v4[] =
  "ALTER TABLE products ADD COLUMN remind_email_minutes INTEGER NOT NULL DEFAULT 1440"
  "  CHECK (remind_email_minutes >= 0);"
  "ALTER TABLE products ADD COLUMN remind_sms_minutes INTEGER NOT NULL DEFAULT 60"
  "  CHECK (remind_sms_minutes >= 0);"
  "ALTER TABLE case_types ADD COLUMN public_statuses TEXT NOT NULL DEFAULT '{}';"
  "CREATE TABLE messages ("
  "  id TEXT PRIMARY KEY,"
  "  appointment_id TEXT REFERENCES appointments (id),"
  "  case_id TEXT REFERENCES cases (id),"
  "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),"
  "  kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'change', 'cancellation', 'reminder',"
  "    'acknowledgement', 'status', 'survey')),"
  "  due_at TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'sent', 'failed', 'cancelled')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  sent_at TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX messages_by_appointment ON messages (appointment_id);"
  "CREATE INDEX messages_by_case ON messages (case_id);"
  "CREATE TABLE survey_answers ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),"
  "  product_id TEXT REFERENCES products (id),"
  "  q1 INTEGER NOT NULL CHECK (q1 BETWEEN 1 AND 5),"  /* how the case was handled */
  "  q2 INTEGER NOT NULL CHECK (q2 BETWEEN 1 AND 5),"  /* how clear the information was */
  "  q3 INTEGER NOT NULL CHECK (q3 BETWEEN 1 AND 5),"  /* how long it took */
  "  answered_at TEXT NOT NULL"
  ");";

/* The server's bookkeeping for the public web (issue 5), never replicated:
 *  - public_tokens: the secrets in citizens' links and acknowledgements, as SHA-256 only: the
 *    link to change or cancel an appointment, the code that opens a case's status, the link to
 *    a survey.  A token names its target; it expires, and a survey's is used once;
 *  - web_holds: a time a citizen chose and holds while filling in the form, counted in the web
 *    share like a booking until it expires or is released; appointment_id is set when the hold
 *    is for moving that appointment (it then leaves the appointment's own place out);
 *  - message_content: what the outbox sends, fixed at the first attempt so a retry sends the
 *    same bytes; next_attempt_at for the backoff; provider_id is the SMS gateway's id. */
static const char server_v3[] =
  "CREATE TABLE public_tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('appointment', 'case', 'survey')),"
  "  target_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  used_at TEXT"
  ");"
  "CREATE INDEX public_tokens_by_target ON public_tokens (target_id);"
  "CREATE TABLE web_holds ("
  "  id TEXT PRIMARY KEY,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  capacity_id TEXT NOT NULL REFERENCES capacities (id),"
  "  product_id TEXT NOT NULL REFERENCES products (id),"
  "  items TEXT NOT NULL DEFAULT '[]',"
  "  start_at TEXT NOT NULL,"
  "  end_at TEXT NOT NULL,"
  "  appointment_id TEXT REFERENCES appointments (id),"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL"
  ");"
  "CREATE INDEX web_holds_by_capacity ON web_holds (capacity_id, start_at);"
  "CREATE TABLE message_content ("
  "  message_id TEXT PRIMARY KEY REFERENCES messages (id),"
  "  recipient TEXT NOT NULL,"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL,"
  "  attachment_name TEXT,"
  "  attachment TEXT,"
  "  next_attempt_at TEXT,"
  "  provider_id TEXT"
  ");"
  "CREATE INDEX messages_by_due ON messages (state, due_at);";

/* The search index of the cases there are (the migration, a snapshot: loket-store-snapshot.c). */
#define CASES_FTS_FILL(schema) \
  "INSERT INTO " schema "cases_fts (rowid, reference, subject, customer, product)" \
  "  SELECT k.rowid, k.reference, k.subject, c.name, p.name FROM " schema "cases k" \
  "  LEFT JOIN " schema "customers c ON c.id = k.customer_id" \
  "  LEFT JOIN " schema "products p ON p.id = k.product_id;"

/* Shared domain model, version 5: cases, contacts and the customer card (issue 6).
 *  - case types: the allowed transitions ({"status": ["next", …]}; NULL keeps the rule of
 *    before: any later status, or back one step), how long a closed case is kept (years, > 0)
 *    and what happens then ('bewaren': transferred to the archive; 'vernietigen': destroyed),
 *    and the appointment product of an optional intake (a full copy sends case types before
 *    products: a replica does not check foreign keys);
 *  - cases: since when the case waits for the customer (the deadline's clock stands still; NULL:
 *    it runs), and what happens to it when, computed from its type when it closes;
 *  - case_suspensions, case_links, case_documents: append-only records with client-made ids,
 *    like notes.  A link says what linked_case_id is to case_id: its intake, a related case, or
 *    a case of the same bundle (one life event made them together).  A document is its metadata
 *    and where it lives (a path or URL), never the file;
 *  - contact moments: the case they were about, and referred_to: free text naming who the
 *    customer was sent to (an organisation from the sociale kaart or wie-doet-wat, a team by its
 *    name).  It is what the customer was told, not a hand-over: work for a colleague is a
 *    callback or a case;
 *  - callbacks (terugbelnotities): a promise to call back, for a person or a team (at least one)
 *    by due_at.  A callback is open until its outcome: 'done', or 'not_reached' (the callback may
 *    still be done later, by a new attempt).  Concurrent outcomes merge by server time: the server
 *    records an outcome on a callback that is open or not reached; an outcome that arrives for one
 *    already done is answered conflict{outcome, outcome_by, outcome_at} and its note is appended
 *    to outcome_note with who and when, so nothing a desk did is dropped;
 *  - customer_representatives: who acts for an organisation (both are customers), and as what.
 *    No unique pair: two desks may add the same person offline; the mutation dedupes;
 *  - indexes for the desk's lists (mine, my team, by deadline, open callbacks) and the customer
 *    card (newest first); they replace the server's plain customer indexes;
 *  - cases_fts: full-text search over a case's reference, subject, customer name and product
 *    name, diacritics folded.  Its rowid is the case's rowid, kept in step by the triggers below,
 *    which is why nothing may write cases with INSERT OR REPLACE (a replaced row fires no delete
 *    trigger).  SQLite does not promise that VACUUM keeps the rowids of a table without an
 *    INTEGER PRIMARY KEY (3.40 does); should one renumber them, the index must be made again.
 *    Nothing replicates or copies it (loket_schema_is_derived): each database keeps its own
 *    from its own rows. */
static const char domain_v5[] =
  "ALTER TABLE case_types ADD COLUMN transitions TEXT;"
  "ALTER TABLE case_types ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 20"
  "  CHECK (retention_years > 0);"
  "ALTER TABLE case_types ADD COLUMN retention_action TEXT NOT NULL DEFAULT 'bewaren'"
  "  CHECK (retention_action IN ('bewaren', 'vernietigen'));"
  "ALTER TABLE case_types ADD COLUMN intake_product_id TEXT REFERENCES products (id);"
  "ALTER TABLE cases ADD COLUMN suspended_since TEXT;"
  "ALTER TABLE cases ADD COLUMN archive_action TEXT"
  "  CHECK (archive_action IN ('bewaren', 'vernietigen'));"
  "ALTER TABLE cases ADD COLUMN archive_date TEXT;" /* a local date */
  "CREATE TABLE case_suspensions ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('suspend', 'resume')),"
  "  at TEXT NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  by_user TEXT"
  ");"
  "CREATE TABLE case_links ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  linked_case_id TEXT NOT NULL REFERENCES cases (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('intake', 'related', 'bundle')),"
  "  created_at TEXT NOT NULL,"
  "  by_user TEXT,"
  "  CHECK (linked_case_id != case_id)"
  ");"
  "CREATE TABLE case_documents ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  title TEXT NOT NULL,"
  "  location TEXT NOT NULL,"
  "  added_at TEXT NOT NULL,"
  "  by_user TEXT"
  ");"
  "ALTER TABLE contact_moments ADD COLUMN case_id TEXT REFERENCES cases (id);"
  "ALTER TABLE contact_moments ADD COLUMN referred_to TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE callbacks ("
  "  id TEXT PRIMARY KEY,"
  "  customer_id TEXT REFERENCES customers (id),"
  "  contact_moment_id TEXT REFERENCES contact_moments (id),"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  assigned_user_id TEXT REFERENCES users (id),"
  "  assigned_team_id TEXT REFERENCES teams (id),"
  "  due_at TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT,"
  "  outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'done', 'not_reached')),"
  "  outcome_at TEXT,"
  "  outcome_by TEXT,"
  "  outcome_note TEXT NOT NULL DEFAULT '',"
  "  CHECK (assigned_user_id IS NOT NULL OR assigned_team_id IS NOT NULL),"
  "  CHECK (customer_id IS NOT NULL OR phone != ''),"  /* someone to call */
  "  CHECK (outcome = 'open' OR outcome_at IS NOT NULL)"
  ");"
  "CREATE TABLE customer_representatives ("
  "  id TEXT PRIMARY KEY,"
  "  organisation_id TEXT NOT NULL REFERENCES customers (id),"
  "  person_id TEXT NOT NULL REFERENCES customers (id),"
  "  role TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL,"
  "  CHECK (person_id != organisation_id)"
  ");"
  /* The lists of the desk: mine, my team's, every open one by deadline, of a product, due for
   * the archive. */
  "CREATE INDEX cases_by_assignee ON cases (assignee_id, closed_at, deadline);"
  "CREATE INDEX cases_by_team ON cases (team_id, closed_at, deadline);"
  "CREATE INDEX cases_by_deadline ON cases (closed_at, deadline);"
  "CREATE INDEX cases_by_product ON cases (product_id, closed_at, deadline);"
  "CREATE INDEX cases_by_archive_date ON cases (archive_date) WHERE archive_date IS NOT NULL;"
  "CREATE INDEX callbacks_by_user ON callbacks (assigned_user_id, outcome, due_at);"
  "CREATE INDEX callbacks_by_team ON callbacks (assigned_team_id, outcome, due_at);"
  /* A case's detail. */
  "CREATE INDEX case_status_history_by_case ON case_status_history (case_id, at);"
  "CREATE INDEX notes_by_case ON notes (case_id, created_at);"
  "CREATE INDEX contact_moments_by_case ON contact_moments (case_id, at);"
  "CREATE INDEX case_suspensions_by_case ON case_suspensions (case_id, at);"
  "CREATE INDEX case_links_by_case ON case_links (case_id);"
  "CREATE INDEX case_links_by_linked_case ON case_links (linked_case_id);"
  "CREATE INDEX case_documents_by_case ON case_documents (case_id, added_at);"
  /* The customer card, newest first; these serve the server's scope checks as well. */
  "DROP INDEX IF EXISTS appointments_by_customer;"
  "DROP INDEX IF EXISTS cases_by_customer;"
  "DROP INDEX IF EXISTS notes_by_customer;"
  "DROP INDEX IF EXISTS contact_moments_by_customer;"
  "CREATE INDEX appointments_by_customer ON appointments (customer_id, start_at);"
  "CREATE INDEX cases_by_customer ON cases (customer_id, opened_at);"
  "CREATE INDEX notes_by_customer ON notes (customer_id, created_at);"
  "CREATE INDEX contact_moments_by_customer ON contact_moments (customer_id, at);"
  "CREATE INDEX callbacks_by_customer ON callbacks (customer_id, created_at);"
  "CREATE INDEX customer_representatives_by_organisation"
  "  ON customer_representatives (organisation_id);"
  "CREATE INDEX customer_representatives_by_person ON customer_representatives (person_id);"
  /* Search. */
  "CREATE VIRTUAL TABLE cases_fts USING fts5 (reference, subject, customer, product,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  CASES_FTS_FILL ("")
  "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN"
  "  INSERT INTO cases_fts (rowid, reference, subject, customer, product) VALUES (new.rowid,"
  "    new.reference, new.subject, (SELECT name FROM customers WHERE id = new.customer_id),"
  "    (SELECT name FROM products WHERE id = new.product_id));"
  "END;"
  "CREATE TRIGGER cases_fts_update AFTER UPDATE OF reference, subject, customer_id, product_id"
  "  ON cases WHEN old.reference IS NOT new.reference OR old.subject IS NOT new.subject"
  "    OR old.customer_id IS NOT new.customer_id OR old.product_id IS NOT new.product_id BEGIN"
  "  UPDATE cases_fts SET reference = new.reference, subject = new.subject,"
  "    customer = (SELECT name FROM customers WHERE id = new.customer_id),"
  "    product = (SELECT name FROM products WHERE id = new.product_id)"
  "  WHERE rowid = new.rowid;"
  "END;"
  "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN"
  "  DELETE FROM cases_fts WHERE rowid = old.rowid;"
  "END;"
  /* A replica may get a case before its customer (or lose the customer first): the name
   * follows the customer row, whenever it comes, changes or goes.  Only when they have a case:
   * even a write of no row to the index costs a tenth of a millisecond, and a download brings
   * tens of thousands of customers. */
  "CREATE TRIGGER cases_fts_customer_insert AFTER INSERT ON customers"
  "  WHEN EXISTS (SELECT 1 FROM cases WHERE customer_id = new.id) BEGIN"
  "  UPDATE cases_fts SET customer = new.name"
  "  WHERE rowid IN (SELECT rowid FROM cases WHERE customer_id = new.id);"
  "END;"
  "CREATE TRIGGER cases_fts_customer_update AFTER UPDATE OF name ON customers"
  "  WHEN old.name IS NOT new.name AND EXISTS (SELECT 1 FROM cases WHERE customer_id = new.id)"
  "  BEGIN"
  "  UPDATE cases_fts SET customer = new.name"
  "  WHERE rowid IN (SELECT rowid FROM cases WHERE customer_id = new.id);"
  "END;"
  "CREATE TRIGGER cases_fts_customer_delete AFTER DELETE ON customers"
  "  WHEN EXISTS (SELECT 1 FROM cases WHERE customer_id = old.id) BEGIN"
  "  UPDATE cases_fts SET customer = NULL"
  "  WHERE rowid IN (SELECT rowid FROM cases WHERE customer_id = old.id);"
  "END;"
  "CREATE TRIGGER cases_fts_product_update AFTER UPDATE OF name ON products"
  "  WHEN old.name IS NOT new.name BEGIN"
  "  UPDATE cases_fts SET product = new.name"
  "  WHERE rowid IN (SELECT rowid FROM cases WHERE product_id = new.id);"
  "END;";

/* Shared domain model, version 6:
 *  - life events (levensgebeurtenissen) for case bundles.  A life event (verhuizen, trouwen,
 *    bouwen en verbouwen) names the products it involves, in the order they are handled (a JSON
 *    array of product ids); opening its bundle makes a case of each product that has a case
 *    type, for one customer at once, linked as a bundle.  Reference data, kept by functional
 *    administrators; a product it names that is gone is passed over;
 *  - the indexes of "mine" and of the open cases by deadline also hold what the sidebar's
 *    counts ask (team, suspension), so each count reads its index alone (bench-cases). */
static const char domain_v6[] =
  "CREATE TABLE life_events ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  products TEXT NOT NULL DEFAULT '[]'"
  ");"
  "DROP INDEX cases_by_assignee;"
  "CREATE INDEX cases_by_assignee ON cases (assignee_id, closed_at, deadline, team_id);"
  "DROP INDEX cases_by_deadline;"
  "CREATE INDEX cases_by_deadline ON cases (closed_at, deadline, suspended_since);";

/* Domain version 7: the knowledge base with four eyes (issue 7).
 *  - kb_articles holds each article's published version: who owns it (a product group and an
 *    editor), when it is to be reviewed, the articles it links to (a JSON array of ids), the
 *    public path (slug, set at its first publication and kept) and who published it when.  An
 *    article never published yet has status 'draft' and rev 0.
 *  - kb_article_revisions holds every version: drafts (state draft → submitted → published, or
 *    rejected with the reviewer's note), every published one (rev = the article rev it made),
 *    and approved versions that lost to another one published meanwhile (state conflict, rev =
 *    the article rev they lost to); an editor merges those into a new draft.
 *  - kb_article_usage counts how often an article answered a contact (one row per article).
 *  - kb_synonyms: groups of words that mean the same to a searcher (ID-kaart, identiteitskaart).
 *  - kb_search_stats: per normalised query, how often it was searched and how often it found
 *    nothing (editors only).
 *  - products.updated_at: when a functional administrator last changed a product, so that its
 *    article is due for review within 5 working days. */
static const char domain_v7[] =
  "ALTER TABLE kb_articles ADD COLUMN product_group_id TEXT REFERENCES product_groups (id);"
  "ALTER TABLE kb_articles ADD COLUMN owner_id TEXT REFERENCES users (id);"
  "ALTER TABLE kb_articles ADD COLUMN review_date TEXT;"
  "ALTER TABLE kb_articles ADD COLUMN related TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE kb_articles ADD COLUMN slug TEXT;"
  "ALTER TABLE kb_articles ADD COLUMN published_at TEXT;"
  "ALTER TABLE kb_articles ADD COLUMN published_by TEXT REFERENCES users (id);"
  "CREATE UNIQUE INDEX kb_articles_by_slug ON kb_articles (slug) WHERE slug IS NOT NULL;"
  "CREATE INDEX kb_articles_by_review ON kb_articles (status, review_date);"
  "ALTER TABLE kb_article_revisions ADD COLUMN state TEXT NOT NULL DEFAULT 'published'"
  "  CHECK (state IN ('draft', 'submitted', 'published', 'rejected', 'conflict'));"
  "UPDATE kb_article_revisions SET state = 'conflict' WHERE conflict = 1;"
  "ALTER TABLE kb_article_revisions ADD COLUMN kind TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN product_id TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN product_group_id TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN owner_id TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN review_date TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN related TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE kb_article_revisions ADD COLUMN updated_at TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN submitted_at TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN reviewed_by TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN reviewed_at TEXT;"
  "ALTER TABLE kb_article_revisions ADD COLUMN review_note TEXT NOT NULL DEFAULT '';"
  "UPDATE kb_article_revisions SET kind = (SELECT a.kind FROM kb_articles a"
  "  WHERE a.id = article_id), updated_at = created_at;"
  "CREATE INDEX kb_article_revisions_by_state ON kb_article_revisions (state, author_id);"
  "CREATE TABLE kb_article_usage ("
  "  id TEXT PRIMARY KEY REFERENCES kb_articles (id)," /* the article */
  "  uses INTEGER NOT NULL DEFAULT 0,"
  "  last_used_at TEXT"
  ");"
  "CREATE TABLE kb_synonyms ("
  "  id TEXT PRIMARY KEY,"
  "  terms TEXT NOT NULL DEFAULT '[]'," /* JSON array of words or phrases */
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT"
  ");"
  "CREATE TABLE kb_search_stats ("
  "  id TEXT PRIMARY KEY," /* the query, normalised (lower case, single spaces) */
  "  searches INTEGER NOT NULL DEFAULT 0,"
  "  zero_hits INTEGER NOT NULL DEFAULT 0,"
  "  last_hits INTEGER NOT NULL DEFAULT 0,"
  "  last_at TEXT NOT NULL"
  ");"
  "CREATE INDEX kb_search_stats_by_zero ON kb_search_stats (zero_hits, searches);"
  "ALTER TABLE products ADD COLUMN updated_at TEXT;";

/* The replica's own version 2: a sync issue may also be a change the server applied in its own
 * way that the clerk should know of: a customer registered here that the server merged with the
 * one it had (code "merged"); the customer card says so.  Such a notice needs no action, so it
 * is neither counted nor listed with the conflicts.  SQLite changes a CHECK only by making the
 * table again. */
static const char replica_v2[] =
  "CREATE TABLE sync_issues_v2 ("
  "  seq INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('rejected', 'conflict', 'applied')),"
  "  code TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  args TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  resolved INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO sync_issues_v2 (seq, type, outcome, code, message, args, at, resolved)"
  "  SELECT seq, type, outcome, code, message, args, at, resolved FROM sync_issues;"
  "DROP TABLE sync_issues;"
  "ALTER TABLE sync_issues_v2 RENAME TO sync_issues;";

/* The knowledge base's search index (issue 7, loket-kb-search.h): the published articles'
 * title, public and internal text as plain text (loket_kb_plain: no Markdown markers, no link
 * targets), in words of the tokenizer "loket_nl" (Dutch stems, case and diacritics folded).
 * Only the replica searches offline, so only the replica keeps it; both sides register the
 * tokenizer (loket_db_open), since the server makes snapshot files of the replica's schema.
 * An article that becomes published enters, one that stops being published leaves. */
#define KB_FTS_FILL(schema) \
  "INSERT INTO " schema "kb_fts (rowid, title, public_text, internal_text)" \
  "  SELECT rowid, title, loket_kb_plain (public_body), loket_kb_plain (internal_body)" \
  "  FROM " schema "kb_articles WHERE status = 'published';"

static const char replica_v3[] =
  "CREATE VIRTUAL TABLE kb_fts USING fts5 (title, public_text, internal_text,"
  "  tokenize = 'loket_nl', prefix = '1 2 3');"
  KB_FTS_FILL ("")
  "CREATE TRIGGER kb_fts_insert AFTER INSERT ON kb_articles"
  "  WHEN new.status = 'published' BEGIN"
  "  INSERT INTO kb_fts (rowid, title, public_text, internal_text) VALUES (new.rowid,"
  "    new.title, loket_kb_plain (new.public_body), loket_kb_plain (new.internal_body));"
  "END;"
  "CREATE TRIGGER kb_fts_update AFTER UPDATE OF title, public_body, internal_body, status"
  "  ON kb_articles WHEN old.title IS NOT new.title OR old.public_body IS NOT new.public_body"
  "    OR old.internal_body IS NOT new.internal_body OR old.status IS NOT new.status BEGIN"
  "  DELETE FROM kb_fts WHERE rowid = old.rowid AND old.status = 'published';"
  "  INSERT INTO kb_fts (rowid, title, public_text, internal_text)"
  "    SELECT new.rowid, new.title, loket_kb_plain (new.public_body),"
  "      loket_kb_plain (new.internal_body) WHERE new.status = 'published';"
  "END;"
  "CREATE TRIGGER kb_fts_delete AFTER DELETE ON kb_articles"
  "  WHEN old.status = 'published' BEGIN"
  "  DELETE FROM kb_fts WHERE rowid = old.rowid;"
  "END;";

static const char *const replica_migrations[] = { domain_v1, replica_v1, domain_v2, domain_v3,
                                                   domain_v4, domain_v5, domain_v6, replica_v2,
                                                   domain_v7, replica_v3 };
static const char *const server_migrations[] = { domain_v1, server_v1, domain_v2, server_v2,
                                                  domain_v3, domain_v4, server_v3, domain_v5,
                                                  domain_v6, domain_v7 };

/* The domain tables, parents before children: the order in which a full copy is sent. */
static const char *const entities[] = {
  "locations", "teams", "product_groups", "case_types", "products", "capacities",
  "availability_rules", "closures", "holidays", "customers", "roles", "users", "cases",
  "appointments", "case_status_history", "notes", "contact_moments", "kb_articles",
  "case_conflicts", "kb_article_revisions", "availability_rule_history", "appointment_events",
  "messages", "survey_answers", "case_suspensions", "case_links", "case_documents", "callbacks",
  "customer_representatives", "life_events", "kb_article_usage", "kb_synonyms",
  "kb_search_stats", NULL,
};

/* Tables kept from the entities by triggers: the search indexes (domain v5, replica v3). */
static const char *const derived[] = { "cases_fts", "kb_fts", NULL };

const char *const *
loket_schema_get_migrations (LoketSchemaSide side, guint *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  if (side == LOKET_SCHEMA_REPLICA)
    {
      *n_migrations = G_N_ELEMENTS (replica_migrations);
      return replica_migrations;
    }
  *n_migrations = G_N_ELEMENTS (server_migrations);
  return server_migrations;
}

guint
loket_schema_version (LoketSchemaSide side)
{
  guint n;

  loket_schema_get_migrations (side, &n);
  return n;
}

const char *const *
loket_schema_entities (void)
{
  return entities;
}

gboolean
loket_schema_is_entity (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; entities[i] != NULL; i++)
    if (g_str_equal (entities[i], name))
      return TRUE;
  return FALSE;
}

/* The primary key column of an entity: "id" everywhere but holidays, keyed by date. */
const char *
loket_schema_key_column (const char *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  return g_str_equal (entity, "holidays") ? "date" : "id";
}

/* Whether a table is kept from the entities' rows by triggers (a search index, or one of the
 * tables SQLite keeps for it, named after it): neither replicated nor a desk's own, so each
 * database keeps it from its own rows, and it is never copied from one to another (its rowids
 * are those of the rows of the database that made it). */
gboolean
loket_schema_is_derived (const char *table)
{
  g_return_val_if_fail (table != NULL, FALSE);

  for (guint i = 0; derived[i] != NULL; i++)
    {
      gsize n = strlen (derived[i]);

      if (strncmp (table, derived[i], n) == 0 && (table[n] == '\0' || table[n] == '_'))
        return TRUE;
    }
  return FALSE;
}

/* The statement that fills the derived tables of an attached replica schema from its rows at
 * once, for a database whose triggers were off while its rows came (a snapshot). */
char *
loket_schema_fill_derived_sql (const char *schema)
{
  g_auto(GStrv) parts = g_strsplit (CASES_FTS_FILL ("@") KB_FTS_FILL ("@"), "@", -1);
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (schema != NULL, NULL);

  prefix = g_strconcat (schema, ".", NULL);
  return g_strjoinv (prefix, parts);
}
