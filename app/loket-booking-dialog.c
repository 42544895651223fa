/* loket-booking-dialog.c — book an appointment: product, capacity, day, time, customer.
 *
 * Everything comes from and goes to the replica, so booking works offline; the slot engine
 * behind loket_replica_free_slots() is the same one the server checks with.  When a booking
 * fails the dialog stays open with everything as typed and says what to do.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "loket-booking-dialog.h"
#include "loket-time.h"
#include "loket-error.h"
#include "loket-record.h"
#include "loket-validate.h"

struct _LoketBookingDialog {
  AdwWindow      parent_instance;

  LoketReplica  *replica;
  char          *location_id;
  GDate          day;
  GTimeZone     *tz;
  GListModel    *location_capacities;
  GListStore    *products;
  GListStore    *capacities;       /* for the chosen product; "any" first when there are several */
  char          *customer_id;      /* an existing customer chosen from the search */
  char          *created_customer_id; /* the new customer, once saved by a failed booking */
  guint          times_idle;
  gboolean       loading;          /* refilling a model: its combo's changes are not choices */

  GtkLabel        *error_label;
  AdwComboRow     *product_row;
  AdwComboRow     *capacity_row;
  AdwActionRow    *day_row;
  GtkWidget       *day_previous_button;
  GtkPopover      *calendar_popover;
  GtkCalendar     *calendar;
  GtkFlowBox      *times_box;
  GtkWidget       *no_times_label;
  GtkSearchEntry  *customer_search;
  GtkLabel        *search_hint_label;
  GtkListBox      *customer_results;
  AdwExpanderRow  *new_customer_row;
  GtkEditable     *name_row;
  GtkEditable     *bsn_row;
  GtkWidget       *bsn_error_row;
  GtkLabel        *bsn_error_label;
  GtkEditable     *birth_row;
  GtkWidget       *birth_error_row;
  GtkLabel        *birth_error_label;
  GtkEditable     *email_row;
  GtkWidget       *email_error_row;
  GtkLabel        *email_error_label;
  GtkEditable     *phone_row;
  GtkEditable     *postcode_row;
  GtkWidget       *postcode_error_row;
  GtkLabel        *postcode_error_label;
  AdwComboRow     *channel_row;
  GtkEditable     *reason_row;
  AdwComboRow     *mode_row;
};

G_DEFINE_FINAL_TYPE (LoketBookingDialog, loket_booking_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_LOCATION_ID,
  PROP_DAY,
  N_PROPS
};

enum {
  BOOKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of mode_row and channel_row. */
static const char *const modes[] = { "fysiek", "digitaal", "hybride" };
static const char *const channels[] = { "email", "telefoon", "post", "digitaal" };

static void update_times       (LoketBookingDialog *self);
static void update_book_action (LoketBookingDialog *self);

/* Helpers ---------------------------------------------------------------------------------- */

static char *
record_name (LoketRecord *record)
{
  return g_strdup (record != NULL ? loket_record_get_string (record, "name") : "");
}

static char *
stripped_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
show_error (LoketBookingDialog *self, const char *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static LoketRecord *
selected_product (LoketBookingDialog *self)
{
  return adw_combo_row_get_selected_item (self->product_row);
}

/* Products and capacities ------------------------------------------------------------------ */

static gboolean
store_has_id (GListStore *store, const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (loket_record_get_id (record), id))
        return TRUE;
    }
  return FALSE;
}

static int
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_utf8_collate (loket_record_get_string ((LoketRecord *) a, "name"),
                         loket_record_get_string ((LoketRecord *) b, "name"));
}

/* Every product some capacity at the location handles, by name. */
static void
load_products (LoketBookingDialog *self)
{
  guint n = g_list_model_get_n_items (self->location_capacities);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (self->location_capacities, i);
      g_autoptr(GListModel) products =
        loket_replica_list_products (self->replica, loket_record_get_id (capacity));
      guint n_products = g_list_model_get_n_items (products);

      for (guint j = 0; j < n_products; j++)
        {
          g_autoptr(LoketRecord) product = g_list_model_get_item (products, j);

          if (!store_has_id (self->products, loket_record_get_id (product)))
            g_list_store_append (self->products, product);
        }
    }
  g_list_store_sort (self->products, compare_names, NULL);
}

static LoketRecord *
any_capacity_record (void)
{
  g_autoptr(JsonObject) columns = json_object_new ();

  json_object_set_string_member (columns, "id", "");
  json_object_set_string_member (columns, "name", _("Any free"));
  return loket_record_new (columns);
}

/* The location's capacities that handle the chosen product's group. */
static void
load_capacities (LoketBookingDialog *self)
{
  LoketRecord *product = selected_product (self);
  guint n = g_list_model_get_n_items (self->location_capacities);
  g_autoptr(GPtrArray) matching = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; product != NULL && i < n; i++)
    {
      LoketRecord *capacity = g_list_model_get_item (self->location_capacities, i);

      if (g_str_equal (loket_record_get_string (capacity, "group_id"),
                       loket_record_get_string (product, "group_id")))
        g_ptr_array_add (matching, capacity);
      else
        g_object_unref (capacity);
    }

  self->loading = TRUE;
  g_list_store_remove_all (self->capacities);
  if (matching->len > 1)
    {
      g_autoptr(LoketRecord) any = any_capacity_record ();

      g_list_store_append (self->capacities, any);
    }
  g_list_store_splice (self->capacities, g_list_model_get_n_items (G_LIST_MODEL (self->capacities)),
                       0, matching->pdata, matching->len);
  adw_combo_row_set_selected (self->capacity_row, 0);
  self->loading = FALSE;
}

/* Free times ------------------------------------------------------------------------------- */

typedef struct {
  gint64      start;
  gint64      end;
  LoketRecord *capacity;   /* unowned; alive in self->capacities */
} FreeTime;

static int
compare_free_times (gconstpointer a, gconstpointer b)
{
  const FreeTime *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

/* The chosen capacity, or every real one for "any". */
static GPtrArray *
capacities_to_offer (LoketBookingDialog *self)
{
  LoketRecord *chosen = adw_combo_row_get_selected_item (self->capacity_row);
  GPtrArray *result = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->capacities));

  if (chosen != NULL && *loket_record_get_id (chosen) != '\0')
    {
      g_ptr_array_add (result, chosen);
      return result;
    }
  for (guint i = 0; chosen != NULL && i < n; i++)
    {
      g_autoptr(LoketRecord) capacity = g_list_model_get_item (G_LIST_MODEL (self->capacities), i);

      if (*loket_record_get_id (capacity) != '\0')
        g_ptr_array_add (result, capacity); /* the store keeps it alive */
    }
  return result;
}

/* Free starts for the product on the day, over the capacities offered; for "any" each time
 * once, at the first capacity (in list order) that has it. */
static GArray *
collect_free_times (LoketBookingDialog *self, GError **error)
{
  LoketRecord *product = selected_product (self);
  g_autoptr(GPtrArray) offered = capacities_to_offer (self);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (FreeTime));

  for (guint i = 0; product != NULL && i < offered->len; i++)
    {
      LoketRecord *capacity = g_ptr_array_index (offered, i);
      g_autoptr(GArray) slots =
        loket_replica_free_slots (self->replica, loket_record_get_id (capacity),
                                  loket_record_get_id (product), &self->day, now, error);

      if (slots == NULL)
        {
          g_array_unref (times);
          return NULL;
        }
      for (guint j = 0; j < slots->len; j++)
        {
          const LoketSlot *slot = &g_array_index (slots, LoketSlot, j);
          FreeTime time = { slot->start, slot->end, capacity };

          if (g_hash_table_contains (seen, &slot->start))
            continue;
          g_hash_table_add (seen, g_memdup2 (&slot->start, sizeof slot->start));
          g_array_append_val (times, time);
        }
    }
  g_array_sort (times, compare_free_times);
  return times;
}

static GtkFlowBoxChild *
selected_time (LoketBookingDialog *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->times_box);

  return selected != NULL ? selected->data : NULL;
}

static GtkWidget *
time_child_new (LoketBookingDialog *self, const FreeTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time->start);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
  g_autofree char *clock = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a free time and where, e.g. "09:10 at Balie 2" */
  g_autofree char *where = g_strdup_printf (_("%s at %s"), clock,
                                            loket_record_get_string (time->capacity, "name"));
  GtkWidget *label = gtk_label_new (clock);
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), label);
  gtk_widget_set_tooltip_text (child, where);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, where, -1);
  g_object_set_data_full (G_OBJECT (child), "start", g_memdup2 (&time->start, sizeof time->start),
                          g_free);
  g_object_set_data_full (G_OBJECT (child), "capacity-id",
                          g_strdup (loket_record_get_id (time->capacity)), g_free);
  return child;
}

/* Refills the free times, keeping the chosen one when it is still free at the same capacity. */
static void
update_times (LoketBookingDialog *self)
{
  GtkFlowBoxChild *previous = selected_time (self);
  gint64 keep_start = previous != NULL ? *(gint64 *) g_object_get_data (G_OBJECT (previous), "start") : 0;
  g_autofree char *keep_capacity = previous != NULL
    ? g_strdup (g_object_get_data (G_OBJECT (previous), "capacity-id")) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = NULL;
  GtkWidget *child;

  g_clear_handle_id (&self->times_idle, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->times_box))) != NULL)
    gtk_flow_box_remove (self->times_box, child);

  times = collect_free_times (self, &error);
  if (times == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->no_times_label), error->message);
      gtk_widget_set_visible (self->no_times_label, TRUE);
      update_book_action (self);
      return;
    }
  for (guint i = 0; i < times->len; i++)
    {
      const FreeTime *time = &g_array_index (times, FreeTime, i);

      child = time_child_new (self, time);
      gtk_flow_box_append (self->times_box, child);
      if (time->start == keep_start &&
          g_strcmp0 (keep_capacity, loket_record_get_id (time->capacity)) == 0)
        gtk_flow_box_select_child (self->times_box, GTK_FLOW_BOX_CHILD (child));
    }
  gtk_label_set_text (GTK_LABEL (self->no_times_label), _("No free times on this day"));
  gtk_widget_set_visible (self->no_times_label, times->len == 0);
  update_book_action (self);
}

/* The chosen time in bold accent colour: the flow box's own selection look is faint. */
static void
on_time_selected (LoketBookingDialog *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->times_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (gtk_flow_box_child_is_selected (GTK_FLOW_BOX_CHILD (child)))
        {
          gtk_widget_add_css_class (label, "accent");
          gtk_widget_add_css_class (label, "heading");
        }
      else
        {
          gtk_widget_remove_css_class (label, "accent");
          gtk_widget_remove_css_class (label, "heading");
        }
    }
  update_book_action (self);
}

/* Day -------------------------------------------------------------------------------------- */

static void
update_day (LoketBookingDialog *self)
{
  g_autoptr(GDateTime) noon = g_date_time_new (self->tz, g_date_get_year (&self->day),
                                               g_date_get_month (&self->day),
                                               g_date_get_day (&self->day), 12, 0, 0);
  g_autofree char *words = loket_time_format_day (&self->day, self->tz);
  GDate today;

  adw_action_row_set_subtitle (self->day_row, words);
  loket_time_today (self->tz, &today);
  gtk_widget_set_sensitive (self->day_previous_button, g_date_compare (&self->day, &today) > 0);
  self->loading = TRUE;
  gtk_calendar_select_day (self->calendar, noon);
  self->loading = FALSE;
  update_times (self);
}

static void
move_day (LoketBookingDialog *self, int days)
{
  GDate day = self->day;

  if (days > 0)
    g_date_add_days (&day, (guint) days);
  else
    g_date_subtract_days (&day, (guint) -days);
  loket_booking_dialog_set_day (self, &day);
}

static void
on_previous_day_clicked (LoketBookingDialog *self)
{
  move_day (self, -1);
}

static void
on_next_day_clicked (LoketBookingDialog *self)
{
  move_day (self, 1);
}

static void
on_calendar_day_selected (LoketBookingDialog *self)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (self->calendar);
  GDate day, today;

  if (self->loading)
    return;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (chosen),
                  (GDateMonth) g_date_time_get_month (chosen),
                  (GDateYear) g_date_time_get_year (chosen));
  loket_time_today (self->tz, &today);
  if (g_date_compare (&day, &today) < 0)
    day = today;
  /* The popover stays open: arrow keys select days too.  Enter or a double click closes it. */
  loket_booking_dialog_set_day (self, &day);
}

static gboolean
on_calendar_key (LoketBookingDialog *self, guint keyval, guint keycode, GdkModifierType state)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  gtk_popover_popdown (self->calendar_popover);
  return TRUE;
}

static void
on_calendar_pressed (LoketBookingDialog *self, int n_press, double x, double y)
{
  if (n_press == 2)
    gtk_popover_popdown (self->calendar_popover);
}

static void
setup_calendar (LoketBookingDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_calendar_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), keys);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_calendar_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), GTK_EVENT_CONTROLLER (click));
}

/* Customer --------------------------------------------------------------------------------- */

static GtkWidget *
customer_row_new (LoketRecord *customer)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  const char *bsn = loket_record_get_string (customer, "bsn");
  const char *rrn = loket_record_get_string (customer, "rrn");
  const char *postcode = loket_record_get_string (customer, "postcode");
  const char *birth = loket_record_get_string (customer, "birth_date");
  g_autofree char *joined = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (customer, "name"), -1);

  if (*bsn != '\0')
    g_ptr_array_add (facts, g_strdup_printf (_("BSN %s"), bsn));
  if (*rrn != '\0')
    g_ptr_array_add (facts, g_strdup_printf (_("RRN %s"), rrn));
  if (*birth != '\0')
    g_ptr_array_add (facts, g_strdup_printf (_("born %s"), birth));
  if (*postcode != '\0')
    g_ptr_array_add (facts, g_strdup (postcode));
  g_ptr_array_add (facts, NULL);
  joined = g_strjoinv (" · ", (char **) facts->pdata);
  subtitle = g_markup_escape_text (joined, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "customer-id",
                          g_strdup (loket_record_get_id (customer)), g_free);
  return row;
}

static void
on_search_changed (LoketBookingDialog *self)
{
  g_autofree char *query = stripped_text (GTK_EDITABLE (self->customer_search));
  g_autoptr(GListModel) found = NULL;
  GtkWidget *row;
  guint n;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->customer_results))) != NULL)
    gtk_list_box_remove (self->customer_results, row);
  g_clear_pointer (&self->customer_id, g_free);

  if (g_utf8_strlen (query, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_results), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->search_hint_label), FALSE);
      update_book_action (self);
      return;
    }
  found = loket_replica_search_customers (self->replica, query, 8);
  n = g_list_model_get_n_items (found);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) customer = g_list_model_get_item (found, i);

      gtk_list_box_append (self->customer_results, customer_row_new (customer));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), n > 0);
  gtk_label_set_text (self->search_hint_label,
                      _("No customer found. Check the spelling, or register a new customer below."));
  gtk_widget_set_visible (GTK_WIDGET (self->search_hint_label), n == 0);
  update_book_action (self);
}

/* Enter in the search takes the first customer found. */
static void
on_search_activate (LoketBookingDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->customer_results, 0);

  if (first == NULL)
    return;
  gtk_list_box_select_row (self->customer_results, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
}

/* Escape clears the search first, and closes the dialog when it is already empty. */
static void
on_search_stop (LoketBookingDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->customer_search)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->customer_search), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_customer_selected (LoketBookingDialog *self, GtkListBoxRow *row)
{
  g_clear_pointer (&self->customer_id, g_free);
  if (row != NULL)
    {
      self->customer_id = g_strdup (g_object_get_data (G_OBJECT (row), "customer-id"));
      adw_expander_row_set_enable_expansion (self->new_customer_row, FALSE);
    }
  update_book_action (self);
}

static void
on_customer_activated (LoketBookingDialog *self, GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->customer_results, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
}

static void
on_new_customer_toggled (LoketBookingDialog *self)
{
  if (adw_expander_row_get_enable_expansion (self->new_customer_row))
    {
      gtk_list_box_unselect_all (self->customer_results);
      adw_expander_row_set_expanded (self->new_customer_row, TRUE);
    }
  update_book_action (self);
}

/* "31-12-1980" or "1980-12-31" → "1980-12-31"; NULL when it is no date. */
static char *
normalize_birth_date (const char *text, GError **error)
{
  int a, b, c;
  char *iso;
  GDate date;

  if (sscanf (text, "%d-%d-%d", &a, &b, &c) == 3 && a <= 31 && c > 31)
    iso = g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  else
    iso = g_strdup (text);
  if (!loket_validate_date (iso, &date, error))
    {
      g_free (iso);
      return NULL;
    }
  return iso;
}

/* Shows the error under a field; empty fields are fine (all but the name are optional). */
static gboolean
check_field (GtkEditable *field, GtkWidget *error_row, GtkLabel *error_label,
             gboolean (*check) (const char *text, GError **error))
{
  g_autofree char *text = stripped_text (field);
  g_autoptr(GError) error = NULL;
  gboolean ok = *text == '\0' || check (text, &error);

  gtk_label_set_text (error_label, ok ? "" : error->message);
  gtk_widget_set_visible (error_row, !ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (field), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (field), "error");
  return ok;
}

static gboolean
check_person_number (const char *text, GError **error)
{
  g_autofree char *digits = loket_validate_normalize_id (text);

  /* Eleven digits is a Belgian rijksregisternummer, anything else should be a BSN. */
  if (digits != NULL && strlen (digits) == 11)
    return loket_validate_rrn (text, error);
  return loket_validate_bsn (text, error);
}

static gboolean
check_birth_date (const char *text, GError **error)
{
  g_autofree char *iso = normalize_birth_date (text, error);

  return iso != NULL;
}

static gboolean
check_postcode (const char *text, GError **error)
{
  g_autofree char *normalized = NULL;

  return loket_validate_postcode (text, &normalized, error);
}

static gboolean
new_customer_valid (LoketBookingDialog *self)
{
  g_autofree char *name = stripped_text (self->name_row);
  gboolean ok = *name != '\0';

  ok &= check_field (self->bsn_row, self->bsn_error_row, self->bsn_error_label, check_person_number);
  ok &= check_field (self->birth_row, self->birth_error_row, self->birth_error_label,
                     check_birth_date);
  ok &= check_field (self->email_row, self->email_error_row, self->email_error_label,
                     loket_validate_email);
  ok &= check_field (self->postcode_row, self->postcode_error_row, self->postcode_error_label,
                     check_postcode);
  return ok;
}

static void
on_new_customer_changed (LoketBookingDialog *self)
{
  /* What was saved before no longer matches what is typed. */
  g_clear_pointer (&self->created_customer_id, g_free);
  update_book_action (self);
}

static gboolean
new_customer_chosen (LoketBookingDialog *self)
{
  return adw_expander_row_get_enable_expansion (self->new_customer_row);
}

/* Booking ---------------------------------------------------------------------------------- */

/* Enablement of Book, decided here only. */
static void
update_book_action (LoketBookingDialog *self)
{
  gboolean customer_ok = new_customer_chosen (self) ? new_customer_valid (self)
                                                    : self->customer_id != NULL;

  if (!new_customer_chosen (self))
    new_customer_valid (self); /* keeps the error texts current while collapsed */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.book",
                                 selected_product (self) != NULL &&
                                 selected_time (self) != NULL &&
                                 customer_ok);
}

static char *
create_customer (LoketBookingDialog *self, GError **error)
{
  g_autofree char *name = stripped_text (self->name_row);
  g_autofree char *number = stripped_text (self->bsn_row);
  g_autofree char *digits = loket_validate_normalize_id (number);
  g_autofree char *birth = stripped_text (self->birth_row);
  g_autofree char *birth_iso = *birth != '\0' ? normalize_birth_date (birth, NULL) : NULL;
  g_autofree char *email = stripped_text (self->email_row);
  g_autofree char *phone = stripped_text (self->phone_row);
  g_autofree char *postcode = stripped_text (self->postcode_row);
  g_autofree char *postcode_normal = NULL;
  gboolean rrn = digits != NULL && strlen (digits) == 11;
  guint channel = adw_combo_row_get_selected (self->channel_row);
  LoketCustomerInput input = { 0 };

  if (*postcode != '\0')
    loket_validate_postcode (postcode, &postcode_normal, NULL);
  input.kind = "person";
  input.name = name;
  input.bsn = digits != NULL && !rrn && *digits != '\0' ? digits : NULL;
  input.rrn = rrn ? digits : NULL;
  input.birth_date = birth_iso;
  input.email = *email != '\0' ? email : NULL;
  input.phone = *phone != '\0' ? phone : NULL;
  input.postcode = postcode_normal;
  input.preferred_channel = channels[MIN (channel, G_N_ELEMENTS (channels) - 1)];
  return loket_replica_create_customer (self->replica, &input, error);
}

static char *
booking_error_sentence (const GError *error)
{
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_SLOT_TAKEN))
    return g_strdup (_("This time has just been taken. Please choose another time."));
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_CLOSED))
    return g_strdup (_("The counter or room is not open at this time. Please choose another time."));
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_DATABASE))
    return g_strdup_printf (_("The appointment could not be saved on this desk: %s"), error->message);
  return g_strdup_printf (_("The appointment could not be booked: %s"), error->message);
}

static const char *
chosen_customer_id (LoketBookingDialog *self, GError **error)
{
  if (!new_customer_chosen (self))
    return self->customer_id;
  if (self->created_customer_id == NULL)
    self->created_customer_id = create_customer (self, error);
  return self->created_customer_id;
}

static void
book_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (widget);
  GtkFlowBoxChild *time = selected_time (self);
  g_autofree char *reason = stripped_text (self->reason_row);
  g_autofree char *appointment_id = NULL;
  g_autoptr(GError) error = NULL;
  LoketBookingInput input = { 0 };
  guint mode = adw_combo_row_get_selected (self->mode_row);
  const char *customer_id;

  if (time == NULL || selected_product (self) == NULL)
    return;
  customer_id = chosen_customer_id (self, &error);
  if (customer_id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The new customer could not be saved: %s"),
                                               error != NULL ? error->message : "");
      show_error (self, text);
      return;
    }
  input.product_id = loket_record_get_id (selected_product (self));
  input.capacity_id = g_object_get_data (G_OBJECT (time), "capacity-id");
  input.customer_id = customer_id;
  input.start = *(gint64 *) g_object_get_data (G_OBJECT (time), "start");
  input.reason = reason;
  input.mode = modes[MIN (mode, G_N_ELEMENTS (modes) - 1)];

  appointment_id = loket_replica_book_appointment (self->replica, &input, &error);
  if (appointment_id == NULL)
    {
      g_autofree char *text = booking_error_sentence (error);

      show_error (self, text);
      update_times (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->times_box));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[BOOKED], 0, appointment_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* Wiring ----------------------------------------------------------------------------------- */

static void
on_product_changed (LoketBookingDialog *self)
{
  if (self->loading)
    return;
  load_capacities (self);
  update_times (self);
}

static void
on_capacity_changed (LoketBookingDialog *self)
{
  if (self->loading)
    return;
  update_times (self);
}

static gboolean
times_idle_cb (gpointer data)
{
  LoketBookingDialog *self = data;

  self->times_idle = 0;
  update_times (self);
  return G_SOURCE_REMOVE;
}

/* A sync or another desk window changed the replica: the free times may have moved. */
static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketBookingDialog *self)
{
  if (self->times_idle == 0)
    self->times_idle = g_idle_add (times_idle_cb, self);
}

static void
setup_combo (AdwComboRow *row, GListModel *model, GCallback changed, LoketBookingDialog *self)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (record_name), NULL, NULL);

  adw_combo_row_set_expression (row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (row, model);
  g_signal_connect_swapped (row, "notify::selected", changed, self);
}

static void
string_combo (AdwComboRow *row)
{
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  adw_combo_row_set_expression (row, expression);
  gtk_expression_unref (expression);
}

static void
loket_booking_dialog_constructed (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);
  GDate today;

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->constructed (object);

  g_return_if_fail (LOKET_IS_REPLICA (self->replica));
  self->tz = loket_replica_get_timezone (self->replica, self->location_id);
  self->location_capacities = loket_replica_list_capacities (self->replica, self->location_id);
  load_products (self);

  self->loading = TRUE;
  setup_combo (self->product_row, G_LIST_MODEL (self->products), G_CALLBACK (on_product_changed), self);
  setup_combo (self->capacity_row, G_LIST_MODEL (self->capacities),
               G_CALLBACK (on_capacity_changed), self);
  self->loading = FALSE;
  load_capacities (self);
  /* Nothing can be booked in the past. */
  loket_time_today (self->tz, &today);
  if (!g_date_valid (&self->day) || g_date_compare (&self->day, &today) < 0)
    self->day = today;
  update_day (self);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->product_row));
}

/* Tearing the children down emits their signals (a list box unselects its rows); the handlers
 * must not run on a half-disposed dialog. */
static void
disconnect_children (LoketBookingDialog *self)
{
  gpointer children[] = {
    self->product_row, self->capacity_row, self->calendar, self->times_box,
    self->customer_search, self->customer_results, self->new_customer_row, self->name_row,
    self->bsn_row, self->birth_row, self->email_row, self->phone_row, self->postcode_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (children[i] != NULL)
      g_signal_handlers_disconnect_by_data (children[i], self);
}

static void
loket_booking_dialog_dispose (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  g_clear_handle_id (&self->times_idle, g_source_remove);
  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  disconnect_children (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->location_capacities);
  g_clear_object (&self->products);
  g_clear_object (&self->capacities);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->dispose (object);
}

static void
loket_booking_dialog_finalize (GObject *object)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->location_id);
  g_free (self->customer_id);
  g_free (self->created_customer_id);

  G_OBJECT_CLASS (loket_booking_dialog_parent_class)->finalize (object);
}

static void
loket_booking_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_LOCATION_ID:
      g_value_set_string (value, self->location_id);
      break;
    case PROP_DAY:
      g_value_set_boxed (value, &self->day);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_booking_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  LoketBookingDialog *self = LOKET_BOOKING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_LOCATION_ID:
      self->location_id = g_value_dup_string (value);
      break;
    case PROP_DAY:
      if (g_value_get_boxed (value) != NULL && g_date_valid (g_value_get_boxed (value)))
        self->day = *(const GDate *) g_value_get_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_children (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, day_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, day_previous_button);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, times_box);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, no_times_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, customer_search);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, search_hint_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, customer_results);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, new_customer_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, bsn_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, bsn_error_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, bsn_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, birth_error_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, birth_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, email_error_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, email_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, postcode_error_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, postcode_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LoketBookingDialog, mode_row);
}

static void
bind_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_previous_day_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_day_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_time_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_new_customer_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_new_customer_changed);
}

static void
loket_booking_dialog_class_init (LoketBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_booking_dialog_constructed;
  object_class->dispose = loket_booking_dialog_dispose;
  object_class->finalize = loket_booking_dialog_finalize;
  object_class->get_property = loket_booking_dialog_get_property;
  object_class->set_property = loket_booking_dialog_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION_ID] =
    g_param_spec_string ("location-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The day first shown; today when unset or in the past. */
  properties[PROP_DAY] =
    g_param_spec_boxed ("day", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted with the new appointment's id once it is saved in the replica. */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-booking-dialog.ui");
  bind_children (widget_class);
  bind_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "booking.book", NULL, book_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "booking.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
loket_booking_dialog_init (LoketBookingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->day, 1);
  self->products = g_list_store_new (LOKET_TYPE_RECORD);
  self->capacities = g_list_store_new (LOKET_TYPE_RECORD);
  string_combo (self->mode_row);
  string_combo (self->channel_row);
  setup_calendar (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.book", FALSE);
}

/* Public API ------------------------------------------------------------------------------- */

GtkWidget *
loket_booking_dialog_new (LoketReplica *replica, const char *location_id, const GDate *day)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (location_id != NULL, NULL);

  return g_object_new (LOKET_TYPE_BOOKING_DIALOG, "replica", replica,
                       "location-id", location_id, "day", day, NULL);
}

const GDate *
loket_booking_dialog_get_day (LoketBookingDialog *self)
{
  g_return_val_if_fail (LOKET_IS_BOOKING_DIALOG (self), NULL);

  return &self->day;
}

void
loket_booking_dialog_set_day (LoketBookingDialog *self, const GDate *day)
{
  GDate today;

  g_return_if_fail (LOKET_IS_BOOKING_DIALOG (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  loket_time_today (self->tz, &today);
  self->day = g_date_compare (day, &today) < 0 ? today : *day;
  update_day (self);
}

static guint
find_by_id (GListModel *model, const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (record), id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The customer as the only, chosen result, without a search that would replace it. */
static void
choose_customer (LoketBookingDialog *self, const char *id, const char *name)
{
  g_autoptr(JsonObject) columns = json_object_new ();
  g_autoptr(LoketRecord) customer = NULL;
  GtkWidget *row;

  json_object_set_string_member (columns, "id", id);
  json_object_set_string_member (columns, "name", name);
  customer = loket_record_new (columns);
  row = customer_row_new (customer);
  gtk_list_box_append (self->customer_results, row);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), TRUE);
  gtk_list_box_select_row (self->customer_results, GTK_LIST_BOX_ROW (row));
}

void
loket_booking_dialog_rebook (LoketBookingDialog *self, LoketRecord *appointment)
{
  const char *mode = loket_record_get_string (appointment, "mode");
  const char *customer_id = loket_record_get_string (appointment, "customer_id");
  g_autoptr(GDateTime) start = NULL;
  guint product;
  GDate day;

  g_return_if_fail (LOKET_IS_BOOKING_DIALOG (self));
  g_return_if_fail (LOKET_IS_RECORD (appointment));

  gtk_window_set_title (GTK_WINDOW (self), _("Book Again"));
  product = find_by_id (G_LIST_MODEL (self->products),
                        loket_record_get_string (appointment, "product_id"));
  if (product != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->product_row, product);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (modes[i], mode))
      adw_combo_row_set_selected (self->mode_row, i);
  gtk_editable_set_text (self->reason_row, loket_record_get_string (appointment, "reason"));
  if (*customer_id != '\0')
    choose_customer (self, customer_id, loket_record_get_string (appointment, "customer_name"));

  start = g_date_time_new_from_iso8601 (loket_record_get_string (appointment, "start_at"), NULL);
  if (start != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (start, self->tz);

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (local),
                      (GDateMonth) g_date_time_get_month (local),
                      (GDateYear) g_date_time_get_year (local));
      loket_booking_dialog_set_day (self, &day);
    }
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->times_box));
}
