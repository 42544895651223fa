#pragma once

#include <adwaita.h>

#include "loket-customer-card.h"
#include "loket-replica.h"

G_BEGIN_DECLS

/* Which replica search a LoketListPage runs (customers only, since the knowledge base has its
 * own page). */
typedef enum {
  LOKET_LIST_PAGE_CUSTOMERS,
} LoketListPageKind;

#define LOKET_TYPE_LIST_PAGE_KIND (loket_list_page_kind_get_type ())
GType loket_list_page_kind_get_type (void);

/* Search + list + detail: a search entry (search as you type), the results and the selected
 * result's customer card.  Used for Klanten (Zaken and Kennisbank have pages of their own,
 * loket-cases-view.c and loket-knowledge-view.c). */
#define LOKET_TYPE_LIST_PAGE (loket_list_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketListPage, loket_list_page, LOKET, LIST_PAGE, AdwBin)

GtkWidget         *loket_list_page_new          (LoketReplica      *replica,
                                                 LoketListPageKind  kind);
LoketListPageKind  loket_list_page_get_kind     (LoketListPage *self);
/* Moves the keyboard focus to the search entry and selects its text. */
void               loket_list_page_focus_search (LoketListPage *self);
/* The current results (LoketRecord items); owned by the page. */
GListModel        *loket_list_page_get_results  (LoketListPage *self);
/* Selects the customer with this id and shows it, also when the current search would
 * not find it (it then stays in the list until the clerk searches again).  FALSE when the desk
 * does not have it. */
gboolean           loket_list_page_select       (LoketListPage *self, const char *id);
/* The customer card that is the page's detail. */
LoketCustomerCard *loket_list_page_get_card     (LoketListPage *self);

G_END_DECLS
