#pragma once

#include <adwaita.h>

#include "loket-callbacks-view.h"
#include "loket-case-detail.h"
#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* Zaken: the six case lists with their counts, a search over them, the cases of the chosen list
 * with their deadlines in working days, and the chosen case's detail (LoketCaseDetail) beside
 * them.  The sidebar has two more rows: the open callbacks of me and my team (a
 * LoketCallbacksView in the detail's place), and for team leaders and functional
 * administrators the closed cases due for the archive within 30 days.  The view follows the
 * replica's "changed" signal and keeps the chosen case. */
#define LOKET_TYPE_CASES_VIEW (loket_cases_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketCasesView, loket_cases_view, LOKET, CASES_VIEW, AdwBin)

GtkWidget     *loket_cases_view_new          (LoketReplica *replica);
/* Moves the keyboard focus to the search entry and selects its text. */
void           loket_cases_view_focus_search (LoketCasesView *self);
/* Shows a list (and selects its row on the left). */
void           loket_cases_view_show_list    (LoketCasesView *self, LoketCaseList list);
/* Shows the callbacks. */
void           loket_cases_view_show_callbacks (LoketCasesView *self);
/* Shows the cases due for the archive; FALSE for a user whose role may not see them. */
gboolean       loket_cases_view_show_archive (LoketCasesView *self);
/* Selects a case of the shown list by id; FALSE when the list does not hold it. */
gboolean       loket_cases_view_select_case  (LoketCasesView *self, const char *case_id);
/* Shows a case wherever it is: in the shown list, else the first list holding it, else on
 * its own; FALSE when the desk does not hold it. */
gboolean       loket_cases_view_open_case    (LoketCasesView *self, const char *case_id);
/* The cases shown (LoketRecord, see loket_replica_list_cases); owned by the view. */
GListModel    *loket_cases_view_get_cases    (LoketCasesView *self);
/* The count shown for a list. */
guint          loket_cases_view_get_count    (LoketCasesView *self, LoketCaseList list);
/* The count shown for the callbacks. */
guint          loket_cases_view_get_callback_count (LoketCasesView *self);
LoketCaseDetail    *loket_cases_view_get_detail    (LoketCasesView *self);
LoketCallbacksView *loket_cases_view_get_callbacks (LoketCasesView *self);
/* The chosen case's timeline (LoketRecord, see loket_replica_list_case_history). */
GListModel    *loket_cases_view_get_timeline (LoketCasesView *self);
/* The chosen case's notes (LoketRecord, see loket_replica_list_notes). */
GListModel    *loket_cases_view_get_notes    (LoketCasesView *self);

G_END_DECLS
