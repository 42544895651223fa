#pragma once

/* LoketBookingDialog is split over four files: loket-booking-dialog.c (the steps, the details,
 * booking and the confirmation), loket-booking-review.c (the sidebar of steps and the check
 * page: what the clerk reads back), loket-booking-visit.c (the products of the visit and the
 * location) and loket-booking-times.c (the day and the time). */

#include "loket-booking-calendar.h"
#include "loket-booking-customer.h"
#include "loket-booking-dialog.h"
#include "loket-replica-agenda.h"

G_BEGIN_DECLS

typedef enum {
  STEP_PRODUCTS,
  STEP_LOCATION,
  STEP_DAY,
  STEP_TIME,
  STEP_CUSTOMER,
  STEP_DETAILS,
  STEP_CONFIRM,
  N_STEPS,
  STEP_BOOKED = N_STEPS,
} BookingStep;

struct _LoketBookingDialog {
  AdwWindow             parent_instance;

  LoketReplica         *replica;
  char                 *own_location_id;   /* the location the dialog was opened for */
  GTimeZone            *tz;                /* of the chosen location */
  GListModel           *all_products;
  BookingStep           step;
  gboolean              visited[N_STEPS];
  guint                 refresh_idle;
  gboolean              refresh_all;       /* the locations too, not only the days and times */

  /* The visit: products with their counts, in the order added. */
  GPtrArray            *visit_products;    /* LoketRecord */
  GArray               *visit_counts;      /* guint */
  char                 *location_id;       /* chosen; NULL until then */
  GDate                 day;               /* chosen (or the first one shown) */
  gboolean              day_chosen;
  gint64                start;             /* chosen time; 0 for none */
  gint64                end;
  char                 *capacity_id;
  char                 *capacity_name;
  char                 *booked_id;
  char                 *case_id;           /* the case the visit is for (an intake), or NULL */
  char                 *case_reference;
  LoketRecord          *confirmation;

  GtkWidget            *step_rows[N_STEPS];
  LoketBookingCustomer *customer;
  GtkWidget            *time_boxes[3];     /* morning, afternoon, evening */
  GtkWidget            *time_headings[3];
  GtkWidget            *summary_rows[6];

  AdwWindowTitle       *window_title;
  GtkWidget            *cancel_button;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  GtkWidget            *book_button;
  GtkWidget            *done_button;
  GtkListBox           *steps_list;
  GtkLabel             *error_label;
  GtkStack             *stack;
  GtkSearchEntry       *product_search;
  GtkListBox           *product_results;
  GtkListBox           *visit_list;
  GtkLabel             *visit_label;
  GtkCheckButton       *wheelchair_check;
  GtkCheckButton       *video_check;
  GtkCheckButton       *hearing_check;
  GtkListBox           *location_list;
  GtkWidget            *no_locations_label;
  LoketBookingCalendar *calendar;
  GtkWidget            *times_page;
  GtkLabel             *day_label;
  GtkWidget            *day_previous_button;
  GtkWidget            *no_times_label;
  GtkWidget            *customer_page;
  GtkLabel             *double_booking_label;
  GtkEditable          *reason_row;
  AdwComboRow          *mode_row;
  GtkWidget            *video_row;
  GtkWidget            *video_error_row;
  GtkEditable          *note_row;
  AdwPreferencesGroup  *summary_group;
  GtkLabel             *summary_warning_label;
  AdwStatusPage        *booked_page;
  GtkLabel             *confirmation_label;
};

/* loket-booking-dialog.c */
/* Something was chosen or typed: the sidebar, the check page and the actions follow. */
void            loket_booking_dialog_changed        (LoketBookingDialog *self);
gboolean        loket_booking_dialog_step_reachable (LoketBookingDialog *self, BookingStep step);
/* An entry's text without the spaces around it. */
char           *loket_booking_dialog_dup_text       (GtkEditable *editable);
void            loket_booking_dialog_go             (LoketBookingDialog *self, BookingStep step);
void            loket_booking_dialog_next           (LoketBookingDialog *self);
gboolean        loket_booking_dialog_step_complete  (LoketBookingDialog *self, BookingStep step);

/* loket-booking-review.c */
const char     *loket_booking_review_step_title     (BookingStep step);
/* Makes the sidebar's rows and the check page's rows. */
void            loket_booking_review_build          (LoketBookingDialog *self);
void            loket_booking_review_update         (LoketBookingDialog *self);

/* loket-booking-visit.c */
void            loket_booking_visit_init            (LoketBookingDialog *self);
void            loket_booking_visit_bind            (GtkWidgetClass *widget_class);
void            loket_booking_visit_dispose         (LoketBookingDialog *self);
/* The visit as the replica takes it; the ids belong to the records in visit_products. */
LoketVisitItem *loket_booking_visit_items           (LoketBookingDialog *self, guint *n_items);
/* NULL-terminated facility names asked for; free with g_free (the names are static). */
const char    **loket_booking_visit_facilities      (LoketBookingDialog *self);
void            loket_booking_visit_add_product     (LoketBookingDialog *self, LoketRecord *product,
                                                     guint count);
/* Whether any product of the visit asks for a reason; its first product's case type. */
gboolean        loket_booking_visit_asks_reason     (LoketBookingDialog *self);
const char     *loket_booking_visit_case_type       (LoketBookingDialog *self);
/* "3 × Paspoort, Rijbewijs" and "Takes 40 minutes"; NULL for an empty visit. */
char           *loket_booking_visit_describe        (LoketBookingDialog *self);
char           *loket_booking_visit_describe_time   (LoketBookingDialog *self);
const char     *loket_booking_visit_location_name   (LoketBookingDialog *self);
/* Refills what depends on the visit: the locations, then the calendar and the times. */
void            loket_booking_visit_refresh         (LoketBookingDialog *self);
/* Focus where the products or location step starts (the others are handed on). */
void            loket_booking_visit_focus           (LoketBookingDialog *self, BookingStep step);

/* loket-booking-times.c */
void            loket_booking_times_init            (LoketBookingDialog *self);
void            loket_booking_times_bind            (GtkWidgetClass *widget_class);
void            loket_booking_times_dispose         (LoketBookingDialog *self);
/* Refills the calendar's month and the day's times. */
void            loket_booking_times_refresh         (LoketBookingDialog *self);
/* Shows the day's free times (and chooses day, keeping the chosen time when still free). */
void            loket_booking_times_set_day         (LoketBookingDialog *self, const GDate *day);
/* The first day from `from` with a free time (within 90 days); FALSE when there is none. */
gboolean        loket_booking_times_first_free_day  (LoketBookingDialog *self, const GDate *from,
                                                     GDate *day);
void            loket_booking_times_focus           (LoketBookingDialog *self, BookingStep step);

G_END_DECLS
