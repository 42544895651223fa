#pragma once

#include <adwaita.h>

#include "loket-replica-cases.h"

G_BEGIN_DECLS

/* Zaken: the six case lists with their counts, a search over them, the cases of the chosen list
 * with their deadlines in working days, and the chosen case's detail: its facts, its status
 * timeline with the moves allowed next, assigning it to oneself, its notes and appointments.
 * Every action is a replica write, so all of it works offline; the view follows the replica's
 * "changed" signal and keeps the chosen case. */
#define LOKET_TYPE_CASES_VIEW (loket_cases_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketCasesView, loket_cases_view, LOKET, CASES_VIEW, AdwBin)

GtkWidget     *loket_cases_view_new          (LoketReplica *replica);
/* Moves the keyboard focus to the search entry and selects its text. */
void           loket_cases_view_focus_search (LoketCasesView *self);
/* Shows a list (and selects its row on the left). */
void           loket_cases_view_show_list    (LoketCasesView *self, LoketCaseList list);
/* Selects a case of the shown list by id; FALSE when the list does not hold it. */
gboolean       loket_cases_view_select_case  (LoketCasesView *self, const char *case_id);
/* The cases shown (LoketRecord, see loket_replica_list_cases); owned by the view. */
GListModel    *loket_cases_view_get_cases    (LoketCasesView *self);
/* The count shown for a list. */
guint          loket_cases_view_get_count    (LoketCasesView *self, LoketCaseList list);
/* The chosen case's timeline (LoketRecord, see loket_replica_list_case_history). */
GListModel    *loket_cases_view_get_timeline (LoketCasesView *self);
/* The chosen case's notes (LoketRecord, see loket_replica_list_notes). */
GListModel    *loket_cases_view_get_notes    (LoketCasesView *self);

G_END_DECLS
