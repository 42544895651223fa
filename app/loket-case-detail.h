#pragma once

#include <adwaita.h>

#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* One case on the Cases page: its facts (the customer opens their card), the moves allowed
 * next, assigning it to oneself, waiting for the customer and resuming, a new callback, and
 * its timeline, notes, documents, linked cases, contact moments and appointments.  Every
 * action is a replica write, so all of it works offline.
 *
 * Its actions (case.set-status "s", case.assign-to-me, case.add-note, case.suspend,
 * case.resume, case.new-callback, case.add-document, case.link, case.open-case "s",
 * case.open-document "s") act on the case shown.  ::edited is emitted after each write that
 * succeeded, so the page around it can show the lists' new state at once; ::open-case asks
 * the page to show another case (a linked one). */
#define LOKET_TYPE_CASE_DETAIL (loket_case_detail_get_type ())
G_DECLARE_FINAL_TYPE (LoketCaseDetail, loket_case_detail, LOKET, CASE_DETAIL, AdwBin)

GtkWidget   *loket_case_detail_new            (LoketReplica *replica);
/* Shows the case (NULL: none) and reads it again from the replica; FALSE when the replica
 * does not hold it. */
gboolean     loket_case_detail_show_case      (LoketCaseDetail *self, const char *case_id);
/* The case shown, as a list row (see loket_replica_get_case_row), or NULL. */
LoketRecord *loket_case_detail_get_case       (LoketCaseDetail *self);
/* What the sections show (LoketRecord items; see loket-replica-cases.h). */
GListModel  *loket_case_detail_get_timeline   (LoketCaseDetail *self);
GListModel  *loket_case_detail_get_notes      (LoketCaseDetail *self);
GListModel  *loket_case_detail_get_documents  (LoketCaseDetail *self);
GListModel  *loket_case_detail_get_links      (LoketCaseDetail *self);
GListModel  *loket_case_detail_get_contacts   (LoketCaseDetail *self);
/* The dialog an action opened while it is open (the tests answer it), else NULL. */
AdwMessageDialog *loket_case_detail_get_dialog (LoketCaseDetail *self);

/* "3 working days left", "Waiting for the customer", … of a list row, and the style class
 * that goes with it (error, warning or dim-label); shared with the case lists. */
char        *loket_case_deadline_words  (LoketRecord *row);
const char  *loket_case_deadline_class  (LoketRecord *row);

G_END_DECLS
