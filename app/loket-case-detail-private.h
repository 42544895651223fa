/* loket-case-detail-private.h — what the files of LoketCaseDetail share (not for other code).
 *
 *   loket-case-detail.c          the widget: reading the case, its sections, the simple actions
 *   loket-case-detail-rows.c     the words and the rows of the sections
 *   loket-case-detail-dialogs.c  the actions that ask first: waiting for the customer, linking
 *                                a case, adding a document, assigning to a colleague or team
 */
#pragma once

#include "loket-case-detail.h"

G_BEGIN_DECLS

struct _LoketCaseDetail
{
  AdwBin            parent_instance;

  LoketReplica     *replica;
  GTimeZone        *tz;
  char             *case_id;
  LoketRecord      *current;        /* the case's row, or NULL */
  GListStore       *timeline_store;
  GListStore       *notes_store;
  GListStore       *documents_store;
  GListStore       *links_store;
  GListStore       *contacts_store;
  GListStore       *appointments_store;
  AdwActionRow     *fact_rows[7];
  AdwMessageDialog *dialog;         /* while open (until destroyed) */

  GtkLabel         *title_label;
  GtkMenuButton    *status_button;
  GtkWidget        *suspend_button;
  GtkWidget        *resume_button;
  GtkListBox       *facts;
  GtkListBox       *timeline;
  GtkListBox       *notes;
  GtkEntry         *note_entry;
  GtkListBox       *documents;
  GtkListBox       *links;
  GtkListBox       *contacts;
  GtkListBox       *appointments;
};

/* A toast with text (markup-escaped) on the page's overlay. */
void              loket_case_detail_toast   (LoketCaseDetail *self, const char *text);
/* Says done or the error, and after a success reads the case again and emits ::edited. */
void              loket_case_detail_report  (LoketCaseDetail *self, gboolean ok,
                                             const char *done, GError *error);
/* A modal question over the window (heading, body, Cancel and an accept response named
 * "accept"), remembered as self->dialog while it is open. */
AdwMessageDialog *loket_case_detail_ask     (LoketCaseDetail *self, const char *heading,
                                             const char *body, const char *accept,
                                             GtkWidget *extra);
/* "maandag 23 november 2026 09:10" for a wire-format UTC time. */
char             *loket_case_detail_moment  (LoketCaseDetail *self, const char *iso);

/* A local day ("2026-11-23") in words. */
char             *loket_case_detail_date_words (LoketCaseDetail *self, const char *iso_date);
GtkWidget        *loket_case_detail_row_new    (const char *title, const char *subtitle);
GtkWidget        *loket_case_detail_placeholder_new (const char *text);
/* The GtkListBoxCreateWidgetFunc of each section; user_data is the detail. */
GtkWidget        *loket_case_detail_create_timeline_row    (gpointer item, gpointer user_data);
GtkWidget        *loket_case_detail_create_note_row        (gpointer item, gpointer user_data);
GtkWidget        *loket_case_detail_create_document_row    (gpointer item, gpointer user_data);
GtkWidget        *loket_case_detail_create_link_row        (gpointer item, gpointer user_data);
GtkWidget        *loket_case_detail_create_contact_row     (gpointer item, gpointer user_data);
GtkWidget        *loket_case_detail_create_appointment_row (gpointer item, gpointer user_data);

void              loket_case_detail_suspend_dialog  (LoketCaseDetail *self);
void              loket_case_detail_link_dialog     (LoketCaseDetail *self);
void              loket_case_detail_document_dialog (LoketCaseDetail *self);
void              loket_case_detail_assign_dialog   (LoketCaseDetail *self);

G_END_DECLS
