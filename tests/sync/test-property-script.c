/* The random script of a property run (test-property.c): every desk books, cancels and moves
 * appointments (mostly in the same few starts, so desks compete for last places), creates
 * customers (often with a BSN another desk uses too), edits the same few cases field by field
 * and moves their status, adds notes and contact moments, settles the case conflicts it gets,
 * and the two knowledge editors write drafts of the same articles and approve or reject each
 * other's; meanwhile desks go offline and online and some of them sync.
 *
 * Every choice comes from the run's GRand and from lists in a stable order (by time, name,
 * reference or insertion, never by an id: the demo's ids are new in every process), so a seed
 * replays the same script.  A change the desk
 * itself refuses (the place is gone on its replica, a status it cannot move to) is no
 * mutation and is only counted. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-kb.h"
#include "test-property.h"

static gboolean
chance (Run *run, double p)
{
  return g_rand_double (run->rand) < p;
}

static guint
pick (Run *run, guint n)
{
  g_assert_cmpuint (n, >, 0);
  return (guint) g_rand_int_range (run->rand, 0, (gint32) n);
}

static LoketReplica *
replica_of (Run *run, guint desk)
{
  return run->desks[desk]->replica;
}

/* The first column of every row of sql on a desk's replica, with one text parameter or none. */
static GPtrArray *
desk_column (Run *run, guint desk, const char *sql, const char *param)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (loket_replica_get_db (replica_of (run, desk)),
                                                   sql, NULL);

  g_assert_nonnull (stmt);
  if (param != NULL)
    loket_db_bind_text (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return values;
}

/* A random row id from sql, or NULL when there is none. */
static char *
pick_id (Run *run, guint desk, const char *sql, const char *param)
{
  g_autoptr(GPtrArray) ids = desk_column (run, desk, sql, param);

  return ids->len > 0 ? g_strdup (g_ptr_array_index (ids, pick (run, ids->len))) : NULL;
}

/* ---- remembering what was made ------------------------------------------------------------ */

void
property_made_free (gpointer data)
{
  Made *made = data;

  g_free (made->type);
  g_free (made->target);
  g_free (made->field);
  g_free (made->value);
  g_free (made->capacity);
  g_free (made->extra);
  g_free (made);
}

/* The mutation the desk just wrote: the last entry of its outbox. */
static Made *
remember (Run *run, guint desk, const char *type, const char *target)
{
  g_autofree char *seq = loket_replica_dup_state (replica_of (run, desk), "last_local_seq");
  Made *made = g_new0 (Made, 1);

  made->desk = desk;
  made->seq = g_ascii_strtoll (seq, NULL, 10);
  made->type = g_strdup (type);
  made->target = g_strdup (target);
  g_ptr_array_add (run->made, made);
  return made;
}

/* The outbox's last entry's args, for what the desk itself made up (ids of history rows …). */
static char *
last_arg (Run *run, guint desk, const char *member)
{
  g_autofree char *path = g_strconcat ("$.", member, NULL);
  g_autoptr(GPtrArray) values = desk_column (run, desk, "SELECT json_extract (args, ?1) FROM"
                                             " outbox ORDER BY seq DESC LIMIT 1", path);

  return values->len > 0 ? g_strdup (g_ptr_array_index (values, 0)) : NULL;
}

/* A refusal by the desk itself is fine (its replica says no); anything else is a failure. */
static gboolean
refused_locally (Run *run, GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain != LOKET_ERROR
      || (error->code != LOKET_ERROR_SLOT_TAKEN && error->code != LOKET_ERROR_CLOSED
          && error->code != LOKET_ERROR_INVALID && error->code != LOKET_ERROR_NOT_FOUND))
    g_error ("seed %u: unexpected error from the replica: %s", run->seed, error->message);
  run->local_refusals++;
  return TRUE;
}

/* ---- appointments ------------------------------------------------------------------------- */

static const HotSlot *
pick_slot (Run *run)
{
  return g_ptr_array_index (run->hot_slots, pick (run, run->hot_slots->len));
}

static void
op_book (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  const HotSlot *slot = pick_slot (run);
  g_autofree char *customer = chance (run, 0.6)
    ? pick_id (run, desk, "SELECT id FROM customers ORDER BY name, bsn, rowid", NULL) : NULL;
  LoketBookingInput in = { .product_id = slot->product_id, .capacity_id = slot->capacity_id,
                           .customer_id = customer, .start = slot->start,
                           .reason = "Reisdocument", .mode = "fysiek" };
  g_autofree char *id = loket_replica_book_appointment (replica_of (run, desk), &in, &error);
  Made *made;

  if (refused_locally (run, error))
    return;
  made = remember (run, desk, LOKET_MUTATION_BOOK_APPOINTMENT, id);
  made->value = loket_protocol_format_time (slot->start);
  made->capacity = g_strdup (slot->capacity_id);
}

/* Booked or rejected appointments at the run's hot counters, by time. */
static char *
pick_appointment (Run *run, guint desk, const HotSlot *like)
{
  return pick_id (run, desk, "SELECT a.id FROM appointments a JOIN capacities c"
                  " ON c.id = a.capacity_id WHERE a.status IN ('booked', 'rejected')"
                  " AND c.location_id = ?1 ORDER BY a.start_at, c.name, a.rowid",
                  like->location_id);
}

static void
op_cancel (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pick_appointment (run, desk, pick_slot (run));

  if (id == NULL)
    return;
  if (!loket_replica_cancel_appointment (replica_of (run, desk), id, "Klant belde af", &error))
    {
      refused_locally (run, error);
      return;
    }
  remember (run, desk, LOKET_MUTATION_CANCEL_APPOINTMENT, id);
}

/* To another hot start at the same location and of the same product group. */
static void
op_reschedule (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  const HotSlot *slot = pick_slot (run);
  g_autofree char *id = pick_appointment (run, desk, slot);
  g_autofree char *group = NULL;
  Made *made;

  if (id == NULL)
    return;
  group = pick_id (run, desk, "SELECT c.group_id FROM appointments a JOIN capacities c"
                   " ON c.id = a.capacity_id WHERE a.id = ?1", id);
  if (g_strcmp0 (group, slot->group_id) != 0)
    return;
  if (!loket_replica_reschedule_appointment (replica_of (run, desk), id, slot->capacity_id,
                                             slot->start, &error))
    {
      refused_locally (run, error);
      return;
    }
  made = remember (run, desk, LOKET_MUTATION_RESCHEDULE_APPOINTMENT, id);
  made->value = loket_protocol_format_time (slot->start);
  made->capacity = g_strdup (slot->capacity_id);
}

/* The first world web booking at the location and of the product group of a hot start at a
 * counter without a web share, moved there by kcc (desk 2); then balie (desk 0) books the same
 * place, which its desk share still offers. */
void
property_move_web_booking (Run *run)
{
  const HotSlot *slot = NULL;
  g_autofree char *web = NULL;
  g_autoptr(GError) error = NULL;
  LoketBookingInput in = { .reason = "Paspoort", .mode = "fysiek" };
  g_autofree char *booked = NULL;
  Made *made;

  for (guint i = 0; i < property_world.hot_slots->len && web == NULL; i++)
    {
      g_autoptr(GPtrArray) public = NULL;

      slot = g_ptr_array_index (property_world.hot_slots, i);
      public = desk_column (run, 2, "SELECT id FROM availability_rules WHERE capacity_id = ?1"
                            " AND public_places > 0", slot->capacity_id);
      if (public->len == 0)
        web = pick_id (run, 2, "SELECT a.id FROM appointments a JOIN capacities c"
                       " ON c.id = a.capacity_id WHERE a.channel = 'web' AND a.status = 'booked'"
                       " AND c.group_id = (SELECT group_id FROM capacities WHERE id = ?1)"
                       " AND c.location_id = (SELECT location_id FROM capacities WHERE id = ?1)"
                       " ORDER BY a.start_at, c.name, a.rowid LIMIT 1", slot->capacity_id);
    }
  g_assert_nonnull (web);
  /* A desk that knows better refuses the move itself: then there is nothing to show. */
  if (!loket_replica_reschedule_appointment (replica_of (run, 2), web, slot->capacity_id,
                                             slot->start, &error))
    {
      refused_locally (run, error);
      return;
    }
  made = remember (run, 2, LOKET_MUTATION_RESCHEDULE_APPOINTMENT, web);
  made->value = loket_protocol_format_time (slot->start);
  made->capacity = g_strdup (slot->capacity_id);
  property_sync_desk (run, 2);
  property_sync_desk (run, 0);

  in.product_id = slot->product_id;
  in.capacity_id = slot->capacity_id;
  in.start = slot->start;
  booked = loket_replica_book_appointment (replica_of (run, 0), &in, &error);
  if (refused_locally (run, error))
    return;
  made = remember (run, 0, LOKET_MUTATION_BOOK_APPOINTMENT, booked);
  made->value = loket_protocol_format_time (slot->start);
  made->capacity = g_strdup (slot->capacity_id);
}

/* kcc (desk 2) makes a customer with a note and a contact moment; balie (desk 0), which cannot
 * see that customer and has pulled past it, makes the same person, so its customer is merged
 * into kcc's, which balie's user may see from then on — with its history. */
void
property_merge_with_history (Run *run)
{
  g_autoptr(GError) error = NULL;
  const char *bsn = g_ptr_array_index (run->bsns, 0);
  LoketCustomerInput customer = { .name = "Fatima Merge", .bsn = bsn };
  g_autofree char *made_at_kcc = NULL;
  g_autofree char *note = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *made_at_balie = NULL;
  LoketContactInput in = { .channel = "telefoon", .topic = "Verhuizing" };

  made_at_kcc = loket_replica_create_customer (replica_of (run, 2), &customer, &error);
  g_assert_no_error (error);
  remember (run, 2, LOKET_MUTATION_CREATE_CUSTOMER, made_at_kcc)->value = g_strdup (bsn);
  note = loket_replica_add_note (replica_of (run, 2), NULL, made_at_kcc, "Belt terug", &error);
  g_assert_no_error (error);
  remember (run, 2, LOKET_MUTATION_ADD_NOTE, note)->value = g_strdup ("Belt terug");
  in.customer_id = made_at_kcc;
  contact = loket_replica_add_contact_moment (replica_of (run, 2), &in, &error);
  g_assert_no_error (error);
  remember (run, 2, LOKET_MUTATION_ADD_CONTACT_MOMENT, contact);
  property_sync_desk (run, 2);
  property_sync_desk (run, 0);

  made_at_balie = loket_replica_create_customer (replica_of (run, 0), &customer, &error);
  if (refused_locally (run, error))
    return;  /* balie may see kcc's customer after all: nothing to merge */
  remember (run, 0, LOKET_MUTATION_CREATE_CUSTOMER, made_at_balie)->value = g_strdup (bsn);
}

/* ---- customers ---------------------------------------------------------------------------- */

static void
op_customer (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Klant %u-%u", run->seed, run->made->len);
  const char *bsn = chance (run, 0.7) ? g_ptr_array_index (run->bsns, pick (run, run->bsns->len))
                                      : NULL;
  LoketCustomerInput in = { .name = name, .bsn = bsn, .phone = "0612345678",
                            .preferred_channel = "telefoon" };
  g_autofree char *id = loket_replica_create_customer (replica_of (run, desk), &in, &error);

  if (refused_locally (run, error))
    return;
  remember (run, desk, LOKET_MUTATION_CREATE_CUSTOMER, id)->value = g_strdup (bsn);
}

/* ---- cases -------------------------------------------------------------------------------- */

/* One of the world's open cases that this desk may see (confidential ones only some desks). */
static char *
pick_case (Run *run, guint desk)
{
  GPtrArray *cases = property_world.hot_cases;
  const char *id = g_ptr_array_index (cases, pick (run, cases->len));
  g_autoptr(GPtrArray) seen = desk_column (run, desk, "SELECT id FROM cases WHERE id = ?1", id);

  return seen->len > 0 ? g_strdup (id) : NULL;
}

static char *
field_value (Run *run, guint desk, const char *field)
{
  static const char *const subjects[] = { "Spoed", "Wacht op de klant", "Nieuw adres" };

  if (g_str_equal (field, "subject"))
    return g_strdup (subjects[pick (run, G_N_ELEMENTS (subjects))]);
  if (chance (run, 0.2))
    return NULL;
  return pick_id (run, desk, g_str_equal (field, "assignee_id")
                  ? "SELECT id FROM users ORDER BY username LIMIT 3"
                  : "SELECT id FROM teams ORDER BY name LIMIT 2", NULL);
}

static void
op_case_field (Run *run, guint desk)
{
  static const char *const fields[] = { "subject", "assignee_id", "team_id" };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pick_case (run, desk);
  const char *field = fields[pick (run, G_N_ELEMENTS (fields))];
  g_autofree char *value = NULL;
  Made *made;

  if (id == NULL)
    return;
  value = field_value (run, desk, field);
  if (!loket_replica_set_case_field (replica_of (run, desk), id, field, value, &error))
    {
      refused_locally (run, error);
      return;
    }
  made = remember (run, desk, LOKET_MUTATION_SET_CASE_FIELD, id);
  made->field = g_strdup (field);
  made->value = g_steal_pointer (&value);
}

/* Mostly one step forward, sometimes back one or anywhere (which the desk may refuse). */
static void
op_case_status (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pick_case (run, desk);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) current = NULL;
  const char *status;
  Made *made;
  guint at = 0;

  if (id == NULL)
    return;
  statuses = desk_column (run, desk, "SELECT s.value FROM cases c JOIN case_types t"
                          " ON t.id = c.case_type_id, json_each (t.statuses) s WHERE c.id = ?1"
                          " ORDER BY s.key", id);
  current = desk_column (run, desk, "SELECT status FROM cases WHERE id = ?1", id);
  for (guint i = 0; i < statuses->len; i++)
    if (g_str_equal (g_ptr_array_index (statuses, i), g_ptr_array_index (current, 0)))
      at = i;
  at = chance (run, 0.6) ? at + 1 : chance (run, 0.5) && at > 0 ? at - 1
                                                              : pick (run, statuses->len);
  status = g_ptr_array_index (statuses, MIN (at, statuses->len - 1));
  if (!loket_replica_set_case_status (replica_of (run, desk), id, status, &error))
    {
      refused_locally (run, error);
      return;
    }
  made = remember (run, desk, LOKET_MUTATION_SET_CASE_STATUS, id);
  made->field = g_strdup ("status");
  made->value = g_strdup (status);
  made->extra = last_arg (run, desk, "history_id");
}

/* A person at the desk chooses one of both values of an open conflict. */
static void
op_resolve (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pick_id (run, desk, "SELECT x.id FROM case_conflicts x JOIN cases c"
                                 " ON c.id = x.case_id WHERE x.resolved_at IS NULL"
                                 " ORDER BY c.reference, x.field, x.rowid", NULL);
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  Made *made;

  if (id == NULL)
    return;
  cases = desk_column (run, desk, "SELECT case_id FROM case_conflicts WHERE id = ?1", id);
  field = pick_id (run, desk, "SELECT field FROM case_conflicts WHERE id = ?1", id);
  value = pick_id (run, desk, chance (run, 0.5)
                   ? "SELECT server_value FROM case_conflicts WHERE id = ?1"
                   : "SELECT desk_value FROM case_conflicts WHERE id = ?1", id);
  if (!loket_replica_resolve_case_conflict (replica_of (run, desk), id, value, &error))
    {
      refused_locally (run, error);
      return;
    }
  made = remember (run, desk, LOKET_MUTATION_RESOLVE_CASE_CONFLICT,
                   g_ptr_array_index (cases, 0));
  made->field = g_steal_pointer (&field);
  made->value = g_steal_pointer (&value);
  made->extra = g_steal_pointer (&id);
}

/* ---- notes, contact moments, articles ----------------------------------------------------- */

static void
op_note (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  gboolean on_case = chance (run, 0.6);
  g_autofree char *kase = on_case ? pick_case (run, desk) : NULL;
  g_autofree char *customer = on_case ? NULL : pick_id (run, desk, "SELECT id FROM customers"
                                                        " ORDER BY name, bsn, rowid", NULL);
  g_autofree char *body = g_strdup_printf ("Notitie %u-%u", run->seed, run->made->len);
  g_autofree char *id = NULL;

  if (kase == NULL && customer == NULL)
    return;
  id = loket_replica_add_note (replica_of (run, desk), kase, customer, body, &error);
  if (refused_locally (run, error))
    return;
  remember (run, desk, LOKET_MUTATION_ADD_NOTE, id)->value = g_steal_pointer (&body);
}

static void
op_contact (Run *run, guint desk)
{
  static const char *const channels[] = { "balie", "telefoon", "email", "chat" };
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = chance (run, 0.7)
    ? pick_id (run, desk, "SELECT id FROM customers ORDER BY name, bsn, rowid", NULL) : NULL;
  LoketContactInput in = { .customer_id = customer,
                           .channel = channels[pick (run, G_N_ELEMENTS (channels))],
                           .topic = "Vraag over paspoort",
                           .resolved_first_contact = chance (run, 0.5) };
  g_autofree char *id = loket_replica_add_contact_moment (replica_of (run, desk), &in, &error);

  if (refused_locally (run, error))
    return;
  remember (run, desk, LOKET_MUTATION_ADD_CONTACT_MOMENT, id);
}

/* Articles are written and reviewed by the two knowledge editors' desks only, the last two:
 * another desk's turn goes to one of them. */
static guint
editor_desk (Run *run, guint desk)
{
  return desk >= N_DESKS - 2 ? desk : N_DESKS - 2 + pick (run, 2);
}

/* A new draft of a hot article (or of a new one), mostly submitted for review at once. */
static void
write_article (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *articles = property_world.hot_articles;
  const char *id = chance (run, 0.8) ? g_ptr_array_index (articles, pick (run, 2)) : NULL;
  g_autofree char *title = g_strdup_printf ("Artikel %u-%u", run->seed, run->made->len);
  g_autofree char *article_id = NULL;
  LoketArticleDraft draft = { .article_id = id, .kind = "faq", .title = title,
                              .public_body = "Openbare tekst", .internal_body = "Werkinstructie" };
  g_autofree char *revision_id = loket_replica_save_article_draft (replica_of (run, desk), &draft,
                                                                  &article_id, &error);
  Made *made;

  if (refused_locally (run, error))
    return;
  made = remember (run, desk, LOKET_MUTATION_SAVE_ARTICLE, article_id);
  made->value = g_steal_pointer (&title);
  made->extra = g_strdup (revision_id);
  if (chance (run, 0.2))
    return;
  if (!loket_replica_submit_article (replica_of (run, desk), revision_id, &error))
    {
      refused_locally (run, error);
      return;
    }
  remember (run, desk, LOKET_MUTATION_SUBMIT_ARTICLE, article_id)->extra = g_strdup (revision_id);
}

/* The other editor's oldest submitted draft this desk knows of, approved (mostly) or rejected.
 * An approval remembers the title it publishes; a rejection none. */
static gboolean
review_article (Run *run, guint desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = loket_replica_dup_state (replica_of (run, desk), "user_id");
  g_autoptr(GPtrArray) drafts = desk_column (run, desk, "SELECT id FROM kb_article_revisions"
                                             " WHERE state = 'submitted' AND author_id IS NOT ?"
                                             " ORDER BY title", user_id);
  g_autoptr(LoketRecord) revision = NULL;
  gboolean approve = chance (run, 0.85);
  Made *made;

  if (drafts->len == 0)
    return FALSE;
  revision = loket_replica_get_article_revision (replica_of (run, desk),
                                                 g_ptr_array_index (drafts, 0));
  if (!loket_replica_review_article (replica_of (run, desk), loket_record_get_id (revision),
                                     approve, approve ? NULL : "Graag de kosten noemen",
                                     &error))
    {
      refused_locally (run, error);
      return TRUE;
    }
  made = remember (run, desk, LOKET_MUTATION_REVIEW_ARTICLE,
                   loket_record_get_string (revision, "article_id"));
  made->extra = g_strdup (loket_record_get_id (revision));
  if (approve)
    made->value = g_strdup (loket_record_get_string (revision, "title"));
  return TRUE;
}

static void
op_article (Run *run, guint desk)
{
  desk = editor_desk (run, desk);
  if (chance (run, 0.5) && review_article (run, desk))
    return;
  write_article (run, desk);
}

/* ---- syncing ------------------------------------------------------------------------------- */

/* Everything the desk had made has reached the server now, in this order. */
static void
mark_pushed (Run *run, guint desk)
{
  for (guint i = 0; i < run->made->len; i++)
    {
      Made *made = g_ptr_array_index (run->made, i);

      if (made->desk == desk && made->order == 0)
        made->order = ++run->pushed;
    }
}

void
property_sync_desk (Run *run, guint desk)
{
  LoketTestDesk *d = run->desks[desk];
  guint pending = loket_replica_count_pending (d->replica);

  loket_test_desk_sync (d);
  if (d->offline)
    g_assert_cmpuint (loket_replica_count_pending (d->replica), ==, pending);
  else
    {
      g_assert_cmpuint (loket_replica_count_pending (d->replica), ==, 0);
      mark_pushed (run, desk);
    }
}

/* ---- the script --------------------------------------------------------------------------- */

typedef void (*Op) (Run *run, guint desk);

static const struct {
  Op   op;
  guint weight;
} ops[] = {
  { op_book, 24 }, { op_cancel, 8 }, { op_reschedule, 10 }, { op_customer, 10 },
  { op_case_field, 16 }, { op_case_status, 8 }, { op_resolve, 4 }, { op_note, 8 },
  { op_contact, 5 }, { op_article, 7 },
};

static void
random_op (Run *run, guint desk)
{
  guint total = 0, roll;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    total += ops[i].weight;
  roll = pick (run, total);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      if (roll < ops[i].weight)
        {
          ops[i].op (run, desk);
          return;
        }
      roll -= ops[i].weight;
    }
}

/* A few desks sync in the middle of the script (the offline ones cannot); whatever they sent,
 * no slot on the server is over capacity, at any moment. */
static void
partial_sync (Run *run)
{
  guint n = 1 + pick (run, 3);

  for (guint i = 0; i < n; i++)
    property_sync_desk (run, pick (run, N_DESKS));
  property_check_capacity (run);
}

void
property_run_script (Run *run, guint steps)
{
  /* Some desks start the day offline. */
  for (guint desk = 0; desk < N_DESKS; desk++)
    loket_test_desk_set_offline (run->desks[desk], chance (run, 0.3));

  for (guint step = 0; step < steps; step++)
    {
      guint desk = pick (run, N_DESKS);

      if (chance (run, 0.12))
        loket_test_desk_set_offline (run->desks[desk], !run->desks[desk]->offline);
      random_op (run, desk);
      if (chance (run, 0.15))
        partial_sync (run);
    }
}
