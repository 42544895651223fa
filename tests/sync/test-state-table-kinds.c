/* The kinds of the state table (test-state-table.c): what create, edit and delete mean for
 * each kind of data, and what the server must show afterwards. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-agenda.h"
#include "loket-replica-customers.h"
#include "loket-replica-kb.h"
#include "loket-test-admin.h"
#include "test-state-table.h"

/* Where the walking desk books: a capacity at its location with a desk share, and a product
 * it handles; found once. */
static struct {
  char *location_id;
  char *capacity_id;
  char *product_id;
  char *case_id;      /* a case the desk's user sees, for notes */
  char *customer_id;  /* a customer the desk has, for contact moments */
} place;

static void
ok (gboolean done, GError *error)
{
  g_assert_no_error (error);
  g_assert_true (done);
}

static const char *
main_id (Walk *walk)
{
  return g_ptr_array_index (walk->ids, 0);
}

static gboolean
walk_did (Walk *walk, char letter)
{
  return strchr (walk->done, letter) != NULL;
}

static JsonObject *
server_row (const char *entity, const char *key)
{
  JsonObject *row = loket_test_admin_get_row (world.admin, entity, key);

  g_assert_nonnull (row);
  return row;
}

/* ---- appointments: book (C), move (E), cancel (D) ---------------------------------------- */

static void
local_day (gint64 days_ahead, GDate *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, (int) days_ahead);

  g_date_clear (day, 1);
  g_date_set_dmy (day, (GDateDay) g_date_time_get_day_of_month (then),
                  (GDateMonth) g_date_time_get_month (then),
                  (GDateYear) g_date_time_get_year (then));
}

/* The first free start of the place from tomorrow on, other than not_start. */
static gboolean
free_start (LoketReplica *replica, const char *capacity_id, const char *product_id,
            gint64 not_start, gint64 *start)
{
  for (gint64 days = 1; days <= 28; days++)
    {
      g_autoptr(GArray) slots = NULL;
      GDate day;

      local_day (days, &day);
      slots = loket_replica_free_slots (replica, capacity_id, product_id, &day, NULL, NULL);
      for (guint i = 0; slots != NULL && i < slots->len; i++)
        if (g_array_index (slots, LoketSlot, i).start != not_start)
          {
            *start = g_array_index (slots, LoketSlot, i).start;
            return TRUE;
          }
    }
  return FALSE;
}

static void
find_place (LoketReplica *replica)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (replica);
  g_autoptr(GListModel) capacities = NULL;

  place.location_id = g_strdup (loket_record_get_string (user, "location_id"));
  capacities = loket_replica_list_capacities (replica, place.location_id);
  for (guint i = 0; i < g_list_model_get_n_items (capacities); i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (capacities, i);
      g_autoptr(GListModel) products = loket_replica_list_products (
        replica, loket_record_get_id (capacity));
      g_autoptr(LoketRecord) product = g_list_model_get_item (products, 0);
      gint64 start;

      if (product != NULL && free_start (replica, loket_record_get_id (capacity),
                                         loket_record_get_id (product), 0, &start))
        {
          place.capacity_id = g_strdup (loket_record_get_id (capacity));
          place.product_id = g_strdup (loket_record_get_id (product));
          return;
        }
    }
  g_error ("No capacity at the desk's location has a free desk place");
}

static void
appointment_create (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  LoketBookingInput in = { .product_id = place.product_id, .capacity_id = place.capacity_id,
                           .start = 0, .reason = "Paspoort aanvragen", .mode = "fysiek" };
  char *id;

  g_assert_true (free_start (walk->desk->replica, place.capacity_id, place.product_id, 0,
                             &in.start));
  id = loket_replica_book_appointment (walk->desk->replica, &in, &error);
  g_assert_no_error (error);
  g_ptr_array_add (walk->ids, id);
  walk->start = in.start;
}

static void
appointment_edit (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_true (free_start (walk->desk->replica, place.capacity_id, place.product_id,
                             walk->start, &start));
  ok (loket_replica_reschedule_appointment (walk->desk->replica, main_id (walk), NULL, start,
                                            &error), error);
  walk->start = start;
}

static void
appointment_delete (Walk *walk)
{
  g_autoptr(GError) error = NULL;

  ok (loket_replica_cancel_appointment (walk->desk->replica, main_id (walk), "Klant belde af",
                                        &error), error);
}

static void
appointment_verify (Walk *walk)
{
  g_autoptr(JsonObject) row = server_row ("appointments", main_id (walk));
  g_autofree char *start_at = loket_protocol_format_time (walk->start);

  g_assert_cmpstr (json_object_get_string_member (row, "start_at"), ==, start_at);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==,
                   walk_did (walk, 'D') ? "cancelled" : "booked");
}

static const Kind appointment = {
  "appointment", "appointments", NULL,
  { { 'C', appointment_create }, { 'E', appointment_edit }, { 'D', appointment_delete } },
  NULL, appointment_verify, NULL,
};

/* ---- visits: booked with their case (C), the customer checks in (A), cancelled (D) --------- */

static void
visit_create (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketRecord) booked = NULL;
  LoketVisitItem items[] = { { place.product_id, 1 } };
  LoketVisitInput in = { .items = items, .n_items = 1, .capacity_id = place.capacity_id,
                         .reason = "Paspoort aanvragen", .mode = "fysiek", .open_case = TRUE };
  char *id;

  g_assert_true (free_start (walk->desk->replica, place.capacity_id, place.product_id, 0,
                             &in.start));
  id = loket_replica_book_visit (walk->desk->replica, &in, &error);
  g_assert_no_error (error);
  g_ptr_array_add (walk->ids, id);
  booked = loket_replica_get_appointment (walk->desk->replica, id);
  walk->other = g_strdup (loket_record_get_string (booked, "case_id"));
  g_assert_nonnull (walk->other);
  walk->start = in.start;
}

static void
visit_arrive (Walk *walk)
{
  g_autoptr(GError) error = NULL;

  ok (loket_replica_appointment_step (walk->desk->replica, main_id (walk), LOKET_STEP_CHECK_IN,
                                      NULL, &error), error);
}

static void
visit_verify (Walk *walk)
{
  g_autoptr(JsonObject) row = server_row ("appointments", main_id (walk));
  g_autoptr(JsonObject) kase = server_row ("cases", walk->other);
  const char *status = walk_did (walk, 'D') ? "cancelled"
                       : walk_did (walk, 'A') ? "checked_in" : "booked";

  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (row, "case_id"), ==, walk->other);
  g_assert_true (g_regex_match_simple ("^Z-[0-9]{4}-[0-9]{6}$",
                                       json_object_get_string_member (kase, "reference"), 0, 0));
  g_assert_cmpint (json_object_get_null_member (row, "arrived_at"), ==, !walk_did (walk, 'A'));
}

static const Kind visit = {
  "visit", "appointments", NULL,
  { { 'C', visit_create }, { 'A', visit_arrive }, { 'D', appointment_delete } },
  NULL, visit_verify, NULL,
};

/* ---- cases: made on the server, then a field (F) and the status (S) at the desk ---------- */

static void
case_prepare (Walk *walk)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *type = state_server_text ("SELECT id FROM case_types WHERE confidential = 0"
                                             " ORDER BY name LIMIT 1");
  g_autofree char *team = state_server_text ("SELECT team_id FROM case_types WHERE"
                                             " confidential = 0 ORDER BY name LIMIT 1");
  g_autofree char *first = state_server_text ("SELECT json_extract (statuses, '$[0]') FROM"
                                              " case_types WHERE confidential = 0"
                                              " ORDER BY name LIMIT 1");
  g_autofree char *reference = g_strdup_printf ("ST-%05u", walk->serial);
  g_autofree char *now = loket_protocol_now ();

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "reference", reference);
  json_object_set_string_member (row, "case_type_id", type);
  json_object_set_string_member (row, "subject", "Staatstabel");
  json_object_set_string_member (row, "status", first);
  json_object_set_string_member (row, "team_id", team);
  json_object_set_string_member (row, "opened_at", now);
  json_object_set_string_member (row, "deadline", "2099-12-31");
  loket_test_admin_upsert (world.admin, "cases", row);
  g_ptr_array_add (walk->ids, g_steal_pointer (&id));
}

static void
case_field (Walk *walk)
{
  g_autoptr(GError) error = NULL;

  g_free (walk->value);
  walk->value = g_strdup_printf ("Onderwerp %u", walk->serial);
  ok (loket_replica_set_case_field (walk->desk->replica, main_id (walk), "subject", walk->value,
                                    &error), error);
}

static void
case_status (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT json_extract (t.statuses, '$[1]') FROM cases c"
                                          " JOIN case_types t ON t.id = c.case_type_id"
                                          " WHERE c.id = '%s'", main_id (walk));
  g_autofree char *second = state_server_text (sql);

  ok (loket_replica_set_case_status (walk->desk->replica, main_id (walk), second, &error),
      error);
}

static void
case_verify (Walk *walk)
{
  g_autoptr(JsonObject) row = server_row ("cases", main_id (walk));
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM case_status_history"
                                          " WHERE case_id = '%s'", main_id (walk));
  g_autofree char *history = state_server_text (sql);

  g_assert_cmpstr (json_object_get_string_member (row, "subject"), ==,
                   walk_did (walk, 'F') ? walk->value : "Staatstabel");
  g_assert_cmpint (json_object_get_int_member (row, "rev"), ==, 1 + (gint64) strlen (walk->done));
  g_assert_cmpstr (history, ==, walk_did (walk, 'S') ? "1" : "0");
}

static const Kind kase = {
  "case", "cases", case_prepare,
  { { 'F', case_field }, { 'S', case_status } },
  NULL, case_verify, NULL,
};

/* ---- notes and contact moments: append-only, a first (C) and a second record (E) --------- */

static void
note_add (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("Notitie %u.%u", walk->serial, walk->ids->len + 1);
  char *id = loket_replica_add_note (walk->desk->replica, place.case_id, NULL, body, &error);

  g_assert_no_error (error);
  g_ptr_array_add (walk->ids, id);
}

/* Every record the walk appended is on the server, made by the desk's user. */
static void
appended_verify (Walk *walk)
{
  g_autoptr(LoketRecord) user = loket_replica_get_user (walk->desk->replica);
  const char *by = g_str_equal (walk->kind->entity, "notes") ? "author_id" : "by_user";

  for (guint i = 0; i < walk->ids->len; i++)
    {
      g_autoptr(JsonObject) row = server_row (walk->kind->entity,
                                              g_ptr_array_index (walk->ids, i));

      g_assert_cmpstr (json_object_get_string_member (row, by), ==,
                       loket_record_get_id (user));
    }
}

static const Kind note = {
  "note", "notes", NULL,
  { { 'C', note_add }, { 'E', note_add } },
  NULL, appended_verify, NULL,
};

static void
contact_add (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  gboolean first = walk->ids->len == 0;
  LoketContactInput in = { .customer_id = first ? place.customer_id : NULL,
                           .channel = first ? "balie" : "telefoon", .topic = "Paspoort",
                           .resolved_first_contact = first };
  char *id = loket_replica_add_contact_moment (walk->desk->replica, &in, &error);

  g_assert_no_error (error);
  g_ptr_array_add (walk->ids, id);
}

static const Kind contact = {
  "contact-moment", "contact_moments", NULL,
  { { 'C', contact_add }, { 'E', contact_add } },
  NULL, appended_verify, NULL,
};

/* ---- articles: create (C), edit (E), on an editor's desk ------------------------------------ */

/* C writes a new article's first draft, E that draft again; each time it is submitted for
 * review.  After the walk the second editor approves it (four eyes), and the article is
 * published with the last text. */
static void
article_save (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("Artikel %u versie %u", walk->serial,
                                            (guint) strlen (walk->done) + 1);
  g_autofree char *article_id = NULL;
  LoketArticleDraft draft = { .article_id = walk->ids->len > 0 ? main_id (walk) : NULL,
                              .revision_id = walk->other, .kind = "faq", .title = title,
                              .public_body = "Voor iedereen.",
                              .internal_body = "Alleen voor de balie." };
  char *revision_id = loket_replica_save_article_draft (walk->desk->replica, &draft,
                                                       &article_id, &error);

  g_assert_no_error (error);
  g_assert_true (loket_replica_submit_article (walk->desk->replica, revision_id, &error));
  g_assert_no_error (error);
  if (walk->ids->len == 0)
    g_ptr_array_add (walk->ids, g_steal_pointer (&article_id));
  g_free (walk->other);
  walk->other = revision_id;
  g_free (walk->value);
  walk->value = g_steal_pointer (&title);
}

/* The second editor approves the draft; the walking desk then sees it published. */
static void
article_publish (Walk *walk)
{
  g_autoptr(GError) error = NULL;

  loket_test_desk_sync_quiet (world.reviewer);
  g_assert_true (loket_replica_review_article (world.reviewer->replica, walk->other, TRUE,
                                               NULL, &error));
  g_assert_no_error (error);
  loket_test_desk_sync_quiet (world.reviewer);
  g_assert_cmpuint (loket_replica_count_open_issues (world.reviewer->replica), ==, 0);
  loket_test_desk_sync_quiet (walk->desk);
}

static void
article_verify (Walk *walk)
{
  g_autoptr(JsonObject) row = server_row ("kb_articles", main_id (walk));
  g_autoptr(JsonObject) revision = server_row ("kb_article_revisions", walk->other);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM kb_article_revisions"
                                          " WHERE article_id = '%s'", main_id (walk));
  g_autofree char *revisions = state_server_text (sql);

  g_assert_cmpstr (json_object_get_string_member (row, "title"), ==, walk->value);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "published");
  g_assert_cmpint (json_object_get_int_member (row, "rev"), ==, 1);
  /* Every edit went into the one draft, now the published version. */
  g_assert_cmpstr (revisions, ==, "1");
  g_assert_cmpstr (json_object_get_string_member (revision, "state"), ==, "published");
  g_assert_cmpstr (json_object_get_string_member (revision, "title"), ==, walk->value);
}

static const Kind article = {
  "article", "kb_articles", NULL,
  { { 'C', article_save }, { 'E', article_save } },
  article_publish, article_verify, NULL, TRUE,
};

/* ---- customers: create (C); a duplicate from another desk is merged ------------------------ */

static char *
fresh_bsn (guint serial)
{
  for (guint32 n = serial; ; n += 1000)
    {
      g_autofree char *bsn = loket_test_make_bsn (n);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM customers WHERE bsn = '%s'", bsn);
      g_autofree char *taken = state_server_text (sql);

      if (taken == NULL)
        return g_steal_pointer (&bsn);
    }
}

static char *
create_customer (LoketTestDesk *desk, const char *name, const char *bsn)
{
  g_autoptr(GError) error = NULL;
  LoketCustomerInput in = { .name = name, .bsn = bsn, .email = "klant@example.nl",
                            .preferred_channel = "email" };
  char *id = loket_replica_create_customer (desk->replica, &in, &error);

  g_assert_no_error (error);
  return id;
}

static void
customer_create (Walk *walk)
{
  g_autofree char *name = g_strdup_printf ("Klant %u", walk->serial);

  if (walk->other == NULL)
    walk->other = fresh_bsn (walk->serial);
  g_ptr_array_add (walk->ids, create_customer (walk->desk, name, walk->other));
}

static void
customer_verify (Walk *walk)
{
  g_autoptr(JsonObject) row = server_row ("customers", main_id (walk));

  g_assert_cmpstr (json_object_get_string_member (row, "bsn"), ==, walk->other);
}

static const Kind customer = {
  "customer", "customers", NULL,
  { { 'C', customer_create } },
  NULL, customer_verify, NULL,
};

/* The other desk (another user, who cannot see the walking desk's customers) makes a customer
 * with the same BSN (walk->value) and keeps it unsent.  Online the walking desk's customer
 * reaches the server first and the other desk's is merged into it; offline the other desk's
 * arrives first (while the walking desk cannot see it) and the walking desk's is merged. */
static void
merge_prepare (Walk *walk)
{
  g_autofree char *name = g_strdup_printf ("Dubbele klant %u", walk->serial);

  walk->other = fresh_bsn (walk->serial);
  walk->value = create_customer (world.other, name, walk->other);
}

static void
merge_create (Walk *walk)
{
  g_autofree char *name = g_strdup_printf ("Klant %u", walk->serial);

  g_ptr_array_add (walk->ids, create_customer (walk->desk, name, walk->other));
  if (walk->offline)
    loket_test_desk_sync_quiet (world.other);
}

static void
merge_finish (Walk *walk)
{
  loket_test_desk_sync_quiet (world.other);
  loket_test_desk_sync_quiet (walk->desk);
  state_assert_row_matches (world.other, "customers", walk->value, g_test_get_path ());
  state_assert_matches_fresh (world.other, world.other_reader, g_test_get_path ());
}

/* One customer with the BSN survives, the first to arrive; the other id is an alias of it. */
static void
merge_verify (Walk *walk)
{
  const char *first = walk->offline ? walk->value : main_id (walk);
  const char *second = walk->offline ? main_id (walk) : walk->value;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM customers WHERE bsn = '%s'",
                                          walk->other);
  g_autofree char *survivor = state_server_text (sql);
  g_autofree char *alias_sql = g_strdup_printf ("SELECT survivor_id FROM customer_aliases"
                                                " WHERE alias_id = '%s'", second);
  g_autofree char *alias_of = state_server_text (alias_sql);

  LoketTestDesk *merged_desk = walk->offline ? walk->desk : world.other;
  g_autoptr(LoketRecord) notice = NULL;
  g_autoptr(GListModel) issues = NULL;

  g_assert_cmpstr (survivor, ==, first);
  g_assert_cmpstr (alias_of, ==, first);
  /* The desk whose customer was merged has the survivor's card say so; the notice asks
   * nothing of the clerk, so it is not among the issues to settle. */
  notice = loket_replica_get_merge_notice (merged_desk->replica, first);
  g_assert_nonnull (notice);
  g_assert_cmpstr (loket_record_get_string (notice, "outcome"), ==, "applied");
  issues = loket_replica_list_sync_issues (merged_desk->replica);
  for (guint i = 0; i < g_list_model_get_n_items (issues); i++)
    {
      g_autoptr(LoketRecord) issue = g_list_model_get_item (issues, i);

      g_assert_cmpstr (loket_record_get_string (issue, "code"), !=, "merged");
    }
}

static const Kind merge = {
  "customer-merge", "customers", merge_prepare,
  { { 'C', merge_create } },
  merge_finish, merge_verify, NULL,
};

/* The walking desk has already pulled past the other desk's customer (which its user may not
 * see) when it makes its own with the same BSN: its customer is merged into one it never had.
 * Its user counts as having made the survivor (user_customers), so the survivor must come
 * (the property test found it did not: seed 29 on 2026-11-22). */
static void
merge_late_prepare (Walk *walk)
{
  merge_prepare (walk);
  loket_test_desk_sync_quiet (world.other);
}

static void
merge_late_create (Walk *walk)
{
  g_autofree char *name = g_strdup_printf ("Klant %u", walk->serial);

  g_ptr_array_add (walk->ids, create_customer (walk->desk, name, walk->other));
}

static void
merge_late_verify (Walk *walk)
{
  g_autofree char *alias_sql = g_strdup_printf ("SELECT survivor_id FROM customer_aliases"
                                                " WHERE alias_id = '%s'", main_id (walk));
  g_autofree char *alias_of = state_server_text (alias_sql);
  g_autoptr(JsonObject) survivor = loket_db_get_row (loket_replica_get_db (walk->desk->replica),
                                                    "customers", walk->value, NULL);

  g_assert_cmpstr (alias_of, ==, walk->value);
  g_assert_nonnull (survivor);
}

static const Kind merge_late = {
  "customer-merge-late", "customers", merge_late_prepare,
  { { 'C', merge_late_create } },
  NULL, merge_late_verify, NULL,
};

/* ---- the kinds ---------------------------------------------------------------------------- */

static const Kind *const desk_kinds[] = {
  &appointment, &visit, &kase, &note, &contact, &article, &customer, &merge, &merge_late,
  NULL,
};

const Kind *const *
state_kinds (void)
{
  static const Kind *all[32];

  if (all[0] == NULL)
    {
      guint n = 0;

      for (guint i = 0; desk_kinds[i] != NULL; i++)
        all[n++] = desk_kinds[i];
      for (guint i = 0; state_reference_kinds[i] != NULL; i++)
        all[n++] = state_reference_kinds[i];
      g_assert_cmpuint (n, <, G_N_ELEMENTS (all));
    }
  return all;
}

void
state_kinds_set_up (void)
{
  LoketReplica *replica = world.desk->replica;
  g_autoptr(GListModel) cases = loket_replica_search_cases (replica, "", 0);
  g_autoptr(GListModel) customers = loket_replica_search_customers (replica, "", 1);
  g_autoptr(LoketRecord) kase_row = g_list_model_get_item (cases, 0);
  g_autoptr(LoketRecord) customer_row = g_list_model_get_item (customers, 0);

  find_place (replica);
  g_assert_nonnull (kase_row);
  g_assert_nonnull (customer_row);
  place.case_id = g_strdup (loket_record_get_id (kase_row));
  place.customer_id = g_strdup (loket_record_get_id (customer_row));
}

void
state_kinds_tear_down (void)
{
  g_clear_pointer (&place.location_id, g_free);
  g_clear_pointer (&place.capacity_id, g_free);
  g_clear_pointer (&place.product_id, g_free);
  g_clear_pointer (&place.case_id, g_free);
  g_clear_pointer (&place.customer_id, g_free);
}
