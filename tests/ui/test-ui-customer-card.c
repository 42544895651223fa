/* test-ui-customer-card.c — the customer card under Xvfb, on a real window.
 *
 * A real loket-sync with demo data on loopback.  The customers page shows the card of the
 * customer win.show-customer names: a person with appointments and cases has them in the
 * history newest first, one row per entry in the model's order; the number is masked until
 * revealed; a case's row opens the Cases page; a contact's row opens in place; a notice shows
 * when the server merged a customer made on this desk into this one.  An association lists its
 * representatives, and opening one shows that person's card with the association.  A clerk
 * (medewerker) has no merge button; a team leader is refused a merge with another person or an
 * organisation, and merges a duplicate made at the desk into the authentic record through the
 * dialog; after sync the server holds one record (the other an alias) and the card shows the
 * duplicate's note.  An organisation registered through the new-customer form (a wrong KvK
 * number first: refused in words, nothing saved) gets a representative from its card by keyboard;
 * after sync the server holds both.  If PNG is set in $LOKET_SCREENSHOT, the first card is saved
 * there.
 */
#include "config.h"

#include <string.h>

#include "loket-booking-customer.h"
#include "loket-contact-dialog.h"
#include "loket-customer-card.h"
#include "loket-customer-merge-dialog.h"
#include "loket-error.h"
#include "loket-list-page.h"
#include "loket-replica-customers.h"
#include "loket-representative-dialog.h"
#include "loket-test-ui.h"
#include "loket-test-widgets.h"
#include "loket-window.h"

#define WAIT_MS 20000

typedef struct {
  LoketTestUiServer *demo;
  LoketTestDesk     *desk;
  LoketWindow       *window;
  LoketListPage     *page;
  LoketCustomerCard *card;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  const char *username = data;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  fixture->demo = loket_test_ui_server_start ("customer-card");
  fixture->desk = loket_test_ui_server_new_desk (fixture->demo, "desk", username);
  fixture->window = loket_window_new (NULL, fixture->desk->replica, fixture->desk->client);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  loket_window_show_page (fixture->window, "customers");
  loket_test_collect (GTK_WIDGET (fixture->window), LOKET_TYPE_LIST_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (loket_list_page_get_kind (pages->pdata[i]) == LOKET_LIST_PAGE_CUSTOMERS)
      fixture->page = pages->pdata[i];
  g_assert_nonnull (fixture->page);
  fixture->card = loket_list_page_get_card (fixture->page);
  g_assert_nonnull (fixture->card);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  loket_test_ui_settle ();
  g_clear_pointer (&fixture->desk, loket_test_desk_free);
  g_clear_pointer (&fixture->demo, loket_test_ui_server_free);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* The first column of the first row of a query on the desk's replica (NULL: no row). */
static char *
replica_text (Fixture *fixture, const char *sql)
{
  sqlite3 *db = loket_db_get_handle (loket_replica_get_db (fixture->desk->replica));
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
show_customer (Fixture *fixture, const char *customer_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer",
                                             "s", customer_id));
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "customers");
  g_assert_cmpstr (loket_customer_card_get_customer_id (fixture->card), ==, customer_id);
}

static const char *
label_text (Fixture *fixture, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (loket_test_get_named (fixture->card, name)));
}

/* The rows of the history list, as the clerk sees them, match the model one for one. */
static void
assert_rows_follow_model (Fixture *fixture)
{
  GtkListBox *list = GTK_LIST_BOX (loket_test_get_named (fixture->card, "customer-timeline"));
  GListModel *timeline = loket_customer_card_get_timeline (fixture->card);
  guint n = g_list_model_get_n_items (timeline);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);

      g_assert_nonnull (row);
      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, loket_record_get_id (entry));
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, (int) n));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) loket_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static LoketCustomerMergeDialog *
find_merge_dialog (void)
{
  return (LoketCustomerMergeDialog *) loket_test_ui_find_window (LOKET_TYPE_CUSTOMER_MERGE_DIALOG);
}

static gboolean
merge_dialog_closed (Fixture *fixture, gconstpointer data)
{
  return find_merge_dialog () == NULL;
}

static gboolean
list_holds (GListModel *model, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), id))
        return TRUE;
    }
  return FALSE;
}

static gboolean
results_hold (Fixture *fixture, gconstpointer data)
{
  return list_holds (loket_customer_merge_dialog_get_results (find_merge_dialog ()), data);
}

/* Searches in the merge dialog and chooses the result with this id. */
static void
choose_in_dialog (Fixture *fixture, LoketCustomerMergeDialog *dialog, const char *query,
                  const char *id)
{
  GtkListBox *results = GTK_LIST_BOX (loket_test_get_named (dialog, "merge-results"));
  GtkListBoxRow *row;

  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "merge-search")), query);
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) results_hold, fixture, id,
                                           WAIT_MS));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (results, i)) != NULL; i++)
    if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), id))
      {
        g_signal_emit_by_name (results, "row-activated", row);
        return;
      }
  g_assert_not_reached ();
}

/* ---- the tests ------------------------------------------------------------------------------- */

/* A person with both appointments and cases, and more history than either. */
static void
test_person (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = replica_text (fixture,
    "SELECT c.id FROM customers c WHERE c.kind = 'person' AND c.bsn IS NOT NULL"
    " AND (SELECT count (*) FROM appointments a WHERE a.customer_id = c.id) >= 1"
    " AND (SELECT count (*) FROM cases z WHERE z.customer_id = c.id) >= 1"
    " AND EXISTS (SELECT 1 FROM contact_moments m WHERE m.customer_id = c.id)"
    " ORDER BY c.name LIMIT 1");
  g_autofree char *bsn = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *other = NULL;
  GListModel *timeline = loket_customer_card_get_timeline (fixture->card);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LoketRecord) customer = NULL;
  GtkWidget *reveal = NULL;
  GtkWidget *case_row = NULL;
  guint n;

  g_assert_nonnull (id);
  sql = g_strdup_printf ("SELECT id FROM customers WHERE bsn IS NOT NULL AND id != '%s' LIMIT 1",
                         id);
  other = replica_text (fixture, sql);
  g_clear_pointer (&sql, g_free);
  show_customer (fixture, id);
  customer = loket_replica_get_customer (fixture->desk->replica, id);
  bsn = g_strdup (loket_record_get_string (customer, "bsn"));
  g_assert_cmpstr (label_text (fixture, "customer-name"), ==,
                   loket_record_get_string (customer, "name"));
  g_assert_true (gtk_widget_get_mapped (loket_test_get_named (fixture->card, "customer-name")));

  /* Newest first, every kind the customer has. */
  n = g_list_model_get_n_items (timeline);
  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i);

      g_hash_table_add (kinds, (gpointer) g_intern_string (loket_record_get_string (entry, "kind")));
      if (i > 0)
        {
          g_autoptr(LoketRecord) before = g_list_model_get_item (timeline, i - 1);
          g_assert_cmpstr (loket_record_get_string (before, "at"), >=,
                           loket_record_get_string (entry, "at"));
        }
    }
  g_assert_true (g_hash_table_contains (kinds, "appointment"));
  g_assert_true (g_hash_table_contains (kinds, "case"));
  g_assert_true (g_hash_table_contains (kinds, "contact"));
  assert_rows_follow_model (fixture);

  /* Masked but for the last digits until the clerk reveals it, and masked again for the next
   * customer. */
  g_assert_null (strstr (label_text (fixture, "customer-identifier"), bsn));
  g_assert_true (g_str_has_suffix (label_text (fixture, "customer-identifier"),
                                   bsn + strlen (bsn) - 3));
  g_assert_nonnull (strstr (label_text (fixture, "customer-identifier"), "•"));
  reveal = loket_test_get_named (fixture->card, "customer-identifier-reveal");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (reveal), TRUE);
  g_assert_nonnull (strstr (label_text (fixture, "customer-identifier"), bsn));

  /* A medewerker merges nothing by hand. */
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->card, "customer-merge")));
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->card,
                                                                "customer-merged-banner")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (reveal), FALSE);
  loket_test_ui_save_screenshot (GTK_WINDOW (fixture->window));

  /* The server merged a customer this desk made with the same BSN into this one: the card
   * says so (the sync issue as loket-replica-customers.h describes it). */
  sql = g_strdup_printf ("INSERT INTO sync_issues (seq, type, outcome, code, message, args, at)"
                         " VALUES (9999, 'create_customer', 'conflict', 'merged', 'merged',"
                         " json_object ('id', 'made-here', 'bsn', '%s'), '2026-01-01T00:00:00Z')",
                         bsn);
  g_assert_cmpint (sqlite3_exec (loket_db_get_handle (loket_replica_get_db (fixture->desk->replica)),
                                 sql, NULL, NULL, NULL), ==, SQLITE_OK);
  show_customer (fixture, other);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->card,
                                                                "customer-merged-banner")));
  show_customer (fixture, id);
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (fixture->card,
                                                               "customer-merged-banner")));

  /* A case of the history opens in the Cases page. */
  for (guint i = 0; i < n && case_row == NULL; i++)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i);

      if (g_str_equal (loket_record_get_string (entry, "kind"), "case"))
        case_row = loket_test_get_named (fixture->card, loket_record_get_id (entry));
    }
  g_assert_true (ADW_IS_ACTION_ROW (case_row));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (case_row)));
  g_signal_emit_by_name (case_row, "activated");
  g_assert_cmpstr (loket_window_get_page (fixture->window), ==, "cases");
}

/* A contact's row opens in place with what its title leaves out: whom the customer was sent to. */
static void
test_contact_detail (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contact = replica_text (fixture,
    "SELECT id FROM contact_moments WHERE customer_id IS NOT NULL AND referred_to != ''"
    " ORDER BY at DESC LIMIT 1");
  g_autoptr(LoketRecord) entry = NULL;
  GtkLabel *detail;
  GtkWidget *row;

  g_assert_nonnull (contact);
  entry = loket_replica_get_timeline_entry (fixture->desk->replica, "contact", contact);
  show_customer (fixture, loket_record_get_string (entry, "customer_id"));
  row = loket_test_get_named (fixture->card, contact);
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  detail = GTK_LABEL (loket_test_get_named (row, "timeline-detail"));
  g_assert_cmpstr (gtk_label_get_text (detail), ==, "");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_test_message ("%s", gtk_label_get_text (detail));
  g_assert_nonnull (strstr (gtk_label_get_text (detail),
                            loket_record_get_string (entry, "referred_to")));
}

static gboolean
contact_dialog_open (Fixture *fixture, gconstpointer data)
{
  return loket_test_ui_find_window (LOKET_TYPE_CONTACT_DIALOG) != NULL;
}

static void
on_registered (LoketContactDialog *dialog, const char *contact_id, const char *case_id,
               char **id)
{
  *id = g_strdup (contact_id);
}

/* Opens the contact dialog by activating widget (or Ctrl+K on the window for NULL), registers
 * a contact without follow-up and without choosing a customer, and returns its id. */
static char *
register_from_card (Fixture *fixture, GtkWidget *widget)
{
  LoketContactDialog *dialog;
  char *id = NULL;

  if (widget != NULL)
    g_assert_true (gtk_widget_activate (widget));
  else
    loket_test_ui_press_shortcut (GTK_WIDGET (fixture->window), "<Control>k");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) contact_dialog_open, fixture,
                                           NULL, WAIT_MS));
  dialog = LOKET_CONTACT_DIALOG (loket_test_ui_find_window (LOKET_TYPE_CONTACT_DIALOG));
  g_signal_connect (dialog, "registered", G_CALLBACK (on_registered), &id);
  gtk_editable_set_text (GTK_EDITABLE (loket_test_get_named (dialog, "contact-topic")),
                         "Vraag over de aanslag");
  /* No customer to find: the card's customer is chosen already, so this registers (and the
   * dialog closes). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "contact.register", NULL));
  g_assert_nonnull (id);
  loket_test_ui_settle ();
  g_assert_false (contact_dialog_open (fixture, NULL));
  return id;
}

static gboolean
timeline_has (Fixture *fixture, gconstpointer id)
{
  GListModel *timeline = loket_customer_card_get_timeline (fixture->card);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(LoketRecord) entry = g_list_model_get_item (timeline, i);

      if (g_str_equal (loket_record_get_id (entry), id))
        return TRUE;
    }
  return FALSE;
}

/* A contact registered from the card (its button, or Ctrl+K while it shows) is the card's
 * customer's, and the card's history shows it. */
static void
test_register_contact (Fixture *fixture, gconstpointer data)
{
  g_autofree char *customer = replica_text (fixture, "SELECT id FROM customers"
                                            " WHERE kind = 'person' ORDER BY name LIMIT 1");
  GtkWidget *button = loket_test_get_named (fixture->card, "customer-register-contact");
  const char *ways[] = { "button", "Ctrl+K" };

  show_customer (fixture, customer);
  g_assert_true (gtk_widget_get_visible (button));
  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      g_autofree char *contact = register_from_card (fixture, i == 0 ? button : NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT customer_id FROM contact_moments"
                                              " WHERE id = '%s'", contact);
      g_autofree char *owner = replica_text (fixture, sql);

      g_test_message ("%s: contact %s", ways[i], contact);
      g_assert_cmpstr (owner, ==, customer);
      g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) timeline_has, fixture,
                                               contact, WAIT_MS));
    }
}

/* An association's representatives, and back from one of them. */
static void
test_organisation (Fixture *fixture, gconstpointer data)
{
  g_autofree char *org = replica_text (fixture,
    "SELECT o.id FROM customers o WHERE o.kind = 'organisation' AND"
    " (SELECT count (*) FROM customer_representatives r WHERE r.organisation_id = o.id) >= 1"
    " ORDER BY o.name LIMIT 1");
  GListModel *reps = loket_customer_card_get_representatives (fixture->card);
  GtkListBox *list = NULL;
  g_autoptr(LoketRecord) first = NULL;
  g_autofree char *person = NULL;
  gboolean back = FALSE;

  g_assert_nonnull (org);
  show_customer (fixture, org);
  g_assert_cmpuint (g_list_model_get_n_items (reps), >=, 1);
  first = g_list_model_get_item (reps, 0);
  g_assert_cmpstr (loket_record_get_string (first, "relation"), ==, "representative");
  g_assert_cmpstr (loket_record_get_string (first, "organisation_id"), ==, org);
  person = g_strdup (loket_record_get_string (first, "other_id"));

  /* Opening the representative shows their card, which names the association. */
  list = GTK_LIST_BOX (loket_test_get_named (fixture->card, "customer-representatives"));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (loket_customer_card_get_customer_id (fixture->card), ==, person);
  for (guint i = 0; i < g_list_model_get_n_items (reps); i++)
    {
      g_autoptr(LoketRecord) rep = g_list_model_get_item (reps, i);

      back |= g_str_equal (loket_record_get_string (rep, "other_id"), org)
              && g_str_equal (loket_record_get_string (rep, "relation"), "organisation");
    }
  g_assert_true (back);
  /* Through the list page: the person is in its list (selected, hence the card). */
  g_assert_true (list_holds (loket_list_page_get_results (fixture->page), person));
}

/* A customer the desk does not have. */
static void
test_unknown (Fixture *fixture, gconstpointer data)
{
  g_assert_false (loket_list_page_select (fixture->page, "no-such-customer"));
  loket_customer_card_set_customer_id (fixture->card, "no-such-customer");
  g_assert_cmpuint (g_list_model_get_n_items (loket_customer_card_get_timeline (fixture->card)),
                    ==, 0);
  g_assert_false (gtk_widget_get_mapped (loket_test_get_named (fixture->card, "customer-name")));
}

/* The team leader makes a duplicate without a BSN at the desk (with a note), syncs, and merges
 * it into the authentic record from that record's card. */
static void
test_merge_by_hand (Fixture *fixture, gconstpointer data)
{
  LoketReplica *replica = fixture->desk->replica;
  g_autofree char *survivor = replica_text (fixture,
    "SELECT id FROM customers WHERE kind = 'person' AND bsn IS NOT NULL ORDER BY name LIMIT 1");
  g_autoptr(LoketRecord) real = loket_replica_get_customer (replica, survivor);
  g_autofree char *name = g_strdup_printf ("%s (dubbel)", loket_record_get_string (real, "name"));
  g_autoptr(GError) error = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *note = NULL;
  g_autofree char *alias_row = NULL;
  g_autofree char *alias_of = NULL;
  g_autofree char *note_owner = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *other_person = replica_text (fixture,
    "SELECT id FROM customers WHERE kind = 'person' AND bsn IS NOT NULL ORDER BY name DESC LIMIT 1");
  g_autofree char *organisation = replica_text (fixture,
    "SELECT id FROM customers WHERE kind = 'organisation' ORDER BY name LIMIT 1");
  const char *strangers[] = { other_person, organisation };
  LoketCustomerMergeDialog *dialog;
  AdwMessageDialog *confirm;
  GtkWidget *merge;
  gboolean has_note = FALSE;

  alias = loket_replica_create_customer (replica, &(LoketCustomerInput) { .name = name,
                                         .postcode = "1234 AB" }, &error);
  g_assert_no_error (error);
  note = loket_replica_add_note (replica, NULL, alias, "Belde over de verhuizing", &error);
  g_assert_no_error (error);
  loket_test_desk_sync_quiet (fixture->desk);

  show_customer (fixture, survivor);
  merge = loket_test_get_named (fixture->card, "customer-merge");
  g_assert_true (gtk_widget_get_visible (merge));
  g_signal_emit_by_name (merge, "clicked");
  dialog = find_merge_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (loket_test_get_named (dialog, "merge-confirm")));

  /* Another person with a BSN of their own, or an organisation: never the same customer. */
  for (guint i = 0; i < G_N_ELEMENTS (strangers); i++)
    {
      g_autoptr(LoketRecord) stranger = loket_replica_get_customer (replica, strangers[i]);

      choose_in_dialog (fixture, dialog, loket_record_get_string (stranger, "name"), strangers[i]);
      g_assert_false (gtk_widget_get_sensitive (loket_test_get_named (dialog, "merge-confirm")));
      g_assert_true (gtk_widget_get_visible (loket_test_get_named (dialog, "merge-problem")));
    }

  /* The search finds the duplicate; choosing it shows both, the one with the BSN kept. */
  choose_in_dialog (fixture, dialog, "dubbel", alias);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (dialog, "merge-problem")));
  g_assert_cmpstr (loket_customer_merge_dialog_get_survivor_id (dialog), ==, survivor);
  g_assert_cmpstr (loket_customer_merge_dialog_get_alias_id (dialog), ==, alias);
  /* Swapped, the record with the BSN would go: refused with the reason. */
  g_signal_emit_by_name (loket_test_get_named (dialog, "merge-swap"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (loket_test_get_named (dialog, "merge-confirm")));
  g_assert_true (gtk_widget_get_visible (loket_test_get_named (dialog, "merge-problem")));
  g_signal_emit_by_name (loket_test_get_named (dialog, "merge-swap"), "clicked");
  g_assert_true (gtk_widget_get_sensitive (loket_test_get_named (dialog, "merge-confirm")));

  /* Merge… asks first; cancelling keeps both. */
  g_signal_emit_by_name (loket_test_get_named (dialog, "merge-confirm"), "clicked");
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "cancel");
  g_assert_nonnull (find_merge_dialog ());
  g_assert_nonnull (loket_replica_get_customer (replica, alias));
  g_signal_emit_by_name (loket_test_get_named (dialog, "merge-confirm"), "clicked");
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "merge");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) merge_dialog_closed, fixture,
                                           NULL, WAIT_MS));

  /* At once on the desk: one record, the card of the survivor with the duplicate's note. */
  g_assert_null (loket_replica_get_customer (replica, alias));
  g_assert_cmpstr (loket_customer_card_get_customer_id (fixture->card), ==, survivor);
  for (guint i = 0; i < g_list_model_get_n_items (loket_customer_card_get_timeline (fixture->card));
       i++)
    {
      g_autoptr(LoketRecord) entry =
        g_list_model_get_item (loket_customer_card_get_timeline (fixture->card), i);

      has_note |= g_str_equal (loket_record_get_id (entry), note);
    }
  g_assert_true (has_note);

  /* After sync the server agrees: an alias, no customer row, the note moved. */
  loket_test_desk_sync_quiet (fixture->desk);
  alias_of = loket_test_ui_server_text (fixture->demo, "SELECT survivor_id FROM customer_aliases"
                                        " WHERE alias_id = '%s'", alias);
  g_assert_cmpstr (alias_of, ==, survivor);
  alias_row = loket_test_ui_server_text (fixture->demo, "SELECT id FROM customers WHERE id = '%s'",
                                         alias);
  g_assert_null (alias_row);
  note_owner = loket_test_ui_server_text (fixture->demo, "SELECT customer_id FROM notes"
                                          " WHERE id = '%s'", note);
  g_assert_cmpstr (note_owner, ==, survivor);
  sql = g_strdup_printf ("SELECT count (*) FROM customers WHERE id = '%s'", alias);
  g_free (alias_row);
  alias_row = replica_text (fixture, sql);
  g_assert_cmpstr (alias_row, ==, "0");
  g_assert_cmpstr (loket_customer_card_get_customer_id (fixture->card), ==, survivor);
  g_assert_cmpuint (loket_replica_count_open_issues (replica), ==, 0);
}

/* ---- an organisation and its representative ---------------------------------------------- */

#define ORGANISATION_NAME "Stichting Buurtkracht Oost"
/* Outside the demo data's KvK numbers (40000000 and up): the server would merge a known one. */
#define ORGANISATION_KVK "12345678"

static char *
count_organisations (Fixture *fixture)
{
  return replica_text (fixture, "SELECT count (*) FROM customers"
                                " WHERE name = '" ORGANISATION_NAME "'");
}

static void
on_form_done (LoketBookingCustomer *form, guint *done)
{
  (*done)++;
}

static gboolean
widget_shown (GtkWindow *window, const char *name)
{
  return gtk_widget_get_mapped (loket_test_get_named (window, name));
}

/* Registers the organisation through the booking dialog's new-customer form, by keyboard, with
 * a wrong KvK number first; returns its id. */
static char *
register_organisation (Fixture *fixture)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *form = loket_booking_customer_new (fixture->desk->replica);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  char *id;
  guint done = 0;

  gtk_window_set_child (window, form);
  g_signal_connect (form, "done", G_CALLBACK (on_form_done), &done);
  gtk_window_present (window);
  loket_test_ui_tab_to (window, "new-customer-check");
  loket_test_ui_press_enter (window);
  g_assert_true (loket_test_ui_focus_in (window, "customer-name"));
  loket_test_ui_type_text (window, ORGANISATION_NAME);

  /* An organisation: a KvK number instead of a BSN and a birth date. */
  g_assert_true (widget_shown (window, "customer-bsn"));
  g_assert_false (widget_shown (window, "customer-kvk"));
  /* Its mnemonic, as Tab only enters a radio group at the choice made. */
  g_assert_true (loket_test_ui_press_key (loket_test_ui_focus_of (window), GDK_KEY_o,
                                          GDK_ALT_MASK));
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (loket_test_get_named (window, "customer-kind-organisation"))));
  g_assert_false (widget_shown (window, "customer-bsn"));
  g_assert_false (widget_shown (window, "customer-birth-date"));
  g_assert_true (widget_shown (window, "customer-kvk"));
  /* Without its KvK number it is not complete, and Enter goes to that field. */
  g_assert_false (loket_booking_customer_is_ready (LOKET_BOOKING_CUSTOMER (form)));
  loket_test_ui_tab_to (window, "customer-name");
  loket_test_ui_press_enter (window);
  g_assert_true (loket_test_ui_focus_in (window, "customer-kvk"));

  /* A wrong number: the reason under the field, nothing saved, nothing typed lost. */
  loket_test_ui_type_text (window, "1234 567");
  g_assert_true (widget_shown (window, "customer-kvk-error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (loket_test_get_named (window,
                                                                        "customer-kvk-error"))),
                   ==, "A KvK number must have 8 digits.");
  g_assert_false (loket_booking_customer_is_ready (LOKET_BOOKING_CUSTOMER (form)));
  loket_test_ui_press_enter (window);
  g_assert_cmpuint (done, ==, 0);
  g_assert_true (loket_test_ui_focus_in (window, "customer-kvk"));
  g_assert_null (loket_booking_customer_commit (LOKET_BOOKING_CUSTOMER (form), &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  count = count_organisations (fixture);
  g_assert_cmpstr (count, ==, "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (window,
                                                                              "customer-name"))),
                   ==, ORGANISATION_NAME);

  /* The right one (spaces as people write it) completes the form; Enter says so. */
  loket_test_ui_type_text (window, "1234 5678");
  g_assert_false (widget_shown (window, "customer-kvk-error"));
  g_assert_true (loket_booking_customer_is_ready (LOKET_BOOKING_CUSTOMER (form)));
  loket_test_ui_press_enter (window);
  g_assert_cmpuint (done, ==, 1);
  id = g_strdup (loket_booking_customer_commit (LOKET_BOOKING_CUSTOMER (form), NULL));
  g_assert_nonnull (id);
  gtk_window_destroy (window);
  loket_test_ui_settle ();
  return id;
}

static LoketRepresentativeDialog *
find_representative_dialog (void)
{
  return (LoketRepresentativeDialog *) loket_test_ui_find_window (
    LOKET_TYPE_REPRESENTATIVE_DIALOG);
}

static gboolean
representative_dialog_closed (Fixture *fixture, gconstpointer data)
{
  return find_representative_dialog () == NULL;
}

static gboolean
representative_dialog_open (Fixture *fixture, gconstpointer data)
{
  return find_representative_dialog () != NULL;
}

static gboolean
card_lists_representative (Fixture *fixture, gconstpointer person)
{
  GListModel *reps = loket_customer_card_get_representatives (fixture->card);

  for (guint i = 0; i < g_list_model_get_n_items (reps); i++)
    {
      g_autoptr(LoketRecord) rep = g_list_model_get_item (reps, i);

      if (g_str_equal (loket_record_get_string (rep, "other_id"), person)
          && g_str_equal (loket_record_get_string (rep, "role"), "secretaris"))
        return TRUE;
    }
  return FALSE;
}

/* From the organisation's card: Add Representative…, find the person by BSN, the role, Enter. */
static void
add_representative (Fixture *fixture, LoketRecord *person)
{
  GtkWidget *button = loket_test_get_named (fixture->card, "customer-add-representative");
  LoketRepresentativeDialog *dialog;
  GtkWindow *window;

  g_assert_true (gtk_widget_get_visible (button));
  /* A button activated from the keyboard clicks a moment later, as it shows being pressed. */
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) representative_dialog_open,
                                           fixture, NULL, WAIT_MS));
  dialog = find_representative_dialog ();
  window = GTK_WINDOW (dialog);
  g_assert_true (loket_test_ui_focus_in (window, "representative-search"));

  /* Enter in the role with nobody chosen: said in words, the dialog stays. */
  loket_test_ui_tab_to (window, "representative-role");
  loket_test_ui_type_text (window, "secretaris");
  loket_test_ui_press_enter (window);
  g_assert_true (widget_shown (window, "representative-problem"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (loket_test_get_named (window,
                                                                        "representative-problem"))),
                   !=, "");
  g_assert_true (loket_test_ui_focus_in (window, "representative-search"));

  /* Enter in the search takes the person found and goes on to the role, still as typed. */
  loket_test_ui_type_text (window, loket_record_get_string (person, "bsn"));
  loket_test_ui_press_enter (window);
  g_assert_cmpstr (loket_representative_dialog_get_person_id (dialog), ==,
                   loket_record_get_id (person));
  g_assert_true (loket_test_ui_focus_in (window, "representative-role"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (loket_test_get_named (
                     window, "representative-role"))), ==, "secretaris");
  loket_test_ui_press_enter (window);
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) representative_dialog_closed,
                                           fixture, NULL, WAIT_MS));
}

static void
test_new_organisation (Fixture *fixture, gconstpointer data)
{
  g_autofree char *organisation = register_organisation (fixture);
  g_autofree char *person_id = replica_text (fixture, "SELECT id FROM customers"
                                             " WHERE kind = 'person' AND bsn IS NOT NULL"
                                             " ORDER BY name LIMIT 1");
  g_autoptr(LoketRecord) org = loket_replica_get_customer (fixture->desk->replica, organisation);
  g_autoptr(LoketRecord) person = loket_replica_get_customer (fixture->desk->replica, person_id);
  g_autofree char *sql = NULL;
  g_autofree char *role = NULL;
  g_autofree char *server_kind = NULL;
  g_autofree char *server_kvk = NULL;
  g_autofree char *server_role = NULL;

  g_assert_cmpstr (loket_record_get_string (org, "kind"), ==, "organisation");
  g_assert_cmpstr (loket_record_get_string (org, "kvk"), ==, ORGANISATION_KVK);
  g_assert_cmpstr (loket_record_get_string (org, "bsn"), ==, "");

  /* A person's card adds no representatives; the organisation's does. */
  show_customer (fixture, person_id);
  g_assert_false (gtk_widget_get_visible (loket_test_get_named (fixture->card,
                                                                "customer-add-representative")));
  show_customer (fixture, organisation);
  g_assert_cmpuint (g_list_model_get_n_items (loket_customer_card_get_representatives (
                      fixture->card)), ==, 0);
  add_representative (fixture, person);
  sql = g_strdup_printf ("SELECT role FROM customer_representatives"
                         " WHERE organisation_id = '%s' AND person_id = '%s'",
                         organisation, person_id);
  role = replica_text (fixture, sql);
  g_assert_cmpstr (role, ==, "secretaris");
  g_assert_true (loket_test_ui_wait_until ((LoketTestUiCondition) card_lists_representative,
                                           fixture, person_id, WAIT_MS));

  /* The server takes both. */
  loket_test_desk_sync (fixture->desk);
  server_kind = loket_test_ui_server_text (fixture->demo, "SELECT kind FROM customers"
                                           " WHERE id = '%s'", organisation);
  server_kvk = loket_test_ui_server_text (fixture->demo, "SELECT kvk FROM customers"
                                          " WHERE id = '%s'", organisation);
  server_role = loket_test_ui_server_text (fixture->demo, "SELECT role FROM"
                                           " customer_representatives WHERE organisation_id ="
                                           " '%s' AND person_id = '%s'", organisation, person_id);
  g_assert_cmpstr (server_kind, ==, "organisation");
  g_assert_cmpstr (server_kvk, ==, ORGANISATION_KVK);
  g_assert_cmpstr (server_role, ==, "secretaris");
  g_assert_cmpuint (loket_replica_count_open_issues (fixture->desk->replica), ==, 0);
  g_assert_true (card_lists_representative (fixture, person_id));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/customer-card/person", Fixture, "balie", fixture_set_up, test_person,
              fixture_tear_down);
  g_test_add ("/ui/customer-card/contact-detail", Fixture, "kcc", fixture_set_up,
              test_contact_detail, fixture_tear_down);
  g_test_add ("/ui/customer-card/organisation", Fixture, "teamleider", fixture_set_up,
              test_organisation, fixture_tear_down);
  g_test_add ("/ui/customer-card/register-contact", Fixture, "kcc", fixture_set_up,
              test_register_contact, fixture_tear_down);
  g_test_add ("/ui/customer-card/unknown", Fixture, "balie", fixture_set_up, test_unknown,
              fixture_tear_down);
  g_test_add ("/ui/customer-card/merge-by-hand", Fixture, "teamleider", fixture_set_up,
              test_merge_by_hand, fixture_tear_down);
  g_test_add ("/ui/customer-card/new-organisation", Fixture, "balie", fixture_set_up,
              test_new_organisation, fixture_tear_down);
  return g_test_run ();
}
