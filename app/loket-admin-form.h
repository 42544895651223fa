#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* What the sections of the Beheer page share: the list/detail frame, form rows with their
 * accessible names, the weekday and facility toggles, and the reads of reference data the
 * replica's API does not offer yet. */

/* ---- the list/detail frame ------------------------------------------------------------------- */

/* A section: a list of records on the left (a sidebar in a narrow window), the open record's
 * form on the right, with its heading, an inline error line and Save.  The section's widget
 * installs the actions PREFIX.new and PREFIX.save that the buttons use. */
typedef struct {
  AdwLeaflet *leaflet;
  GtkListBox *list;
  GtkWidget  *new_button;
  GtkWidget  *detail_page;
  GtkWidget  *back_button;
  GtkLabel   *heading;
  GtkLabel   *error;
  GtkWidget  *save_button;
  GtkBox     *form;          /* the section appends its preferences groups here */
} LoketAdminPane;

/* prefix names the actions and the widgets ("capacities" → capacities-list, capacities-save,
 * capacities-error …); the labels are translated already. */
void        loket_admin_pane_build        (LoketAdminPane *pane, const char *prefix,
                                           const char *list_title, const char *new_tooltip);
/* Says what the form holds. */
void        loket_admin_pane_set_heading  (LoketAdminPane *pane, const char *heading);
/* Goes to the form (in a folded leaflet, a narrow window, the form replaces the list) and puts
 * the keyboard on its first field, when the user opened a record. */
void        loket_admin_pane_reveal       (LoketAdminPane *pane, GtkWidget *first);
/* The message inline above the form, or none for NULL. */
void        loket_admin_pane_show_error   (LoketAdminPane *pane, const char *message);
/* Editable: the form's rows take input and New and Save are offered; else everything can be
 * read and nothing changed. */
void        loket_admin_pane_set_editable (LoketAdminPane *pane, gboolean editable);
/* The row of the list whose record has that id (rows carry their record), or NULL. */
GtkListBoxRow *loket_admin_pane_find_row  (LoketAdminPane *pane, const char *id);
/* Selects the row of id (none for NULL) without moving the keyboard focus. */
void        loket_admin_pane_select       (LoketAdminPane *pane, const char *id);
void        loket_admin_pane_open_first   (LoketAdminPane *pane);
/* Makes store hold fresh (loket_record_store_update), selects open_id's row again and, when the
 * keyboard was in the list, puts it back on the same record's row (a changed record's row is
 * made anew). */
void        loket_admin_pane_update       (LoketAdminPane *pane, GListStore *store,
                                           GListModel *fresh, const char *open_id);
/* Makes store hold fresh, and keeps the keyboard on the same record's row (made anew when the
 * record changed), for lists of records outside a pane. */
void        loket_admin_list_update       (GtkListBox *list, GListStore *store,
                                           GListModel *fresh);
/* The record with that id in a model (a new reference), or NULL. */
LoketRecord *loket_admin_find_record      (GListModel *model, const char *id);
/* The record a list row shows. */
LoketRecord *loket_admin_row_get_record   (GtkListBoxRow *row);
/* A list row: title, subtitle, and the record it shows. */
GtkWidget  *loket_admin_record_row_new    (LoketRecord *record, const char *title,
                                           const char *subtitle);
/* A list header in a list box of records of several places or groups. */
GtkWidget  *loket_admin_list_header_new   (const char *text);

/* ---- form rows ------------------------------------------------------------------------------- */

/* Fills a combo row with records' names (none, when not NULL, first for "no record") and ids
 * with their ids by position (NULL for none), keeping the chosen id chosen. */
void        loket_admin_combo_row_set_records (GtkWidget *row, GPtrArray *ids,
                                               GListModel *records, const char *none);
/* The position of id in ids, 0 when it is not there. */
guint       loket_admin_position          (GPtrArray *ids, const char *id);
/* Each row has a widget name (for tests and CSS) and a title with a mnemonic, which is also
 * what a screen reader says for the control in it. */
GtkWidget  *loket_admin_entry_row_new     (const char *title, const char *name);
GtkWidget  *loket_admin_combo_row_new     (const char *title, const char *name,
                                           const char *const *labels);
GtkWidget  *loket_admin_spin_row_new      (const char *title, const char *subtitle,
                                           const char *name, int min, int max,
                                           GtkSpinButton **spin);
GtkWidget  *loket_admin_switch_row_new    (const char *title, const char *subtitle,
                                           const char *name, GtkSwitch **toggle);
/* A row of seven toggle buttons, Monday first (named PREFIX-day-0 … -6). */
GtkWidget  *loket_admin_days_row_new      (const char *title, const char *prefix,
                                           GtkToggleButton *days[7]);
guint8      loket_admin_days_get          (GtkToggleButton *days[7]);
void        loket_admin_days_set          (GtkToggleButton *days[7], guint8 bits);
/* A row with the three facilities (wheelchair access, video room, hearing loop) as check
 * buttons (named PREFIX-rolstoel, PREFIX-video, PREFIX-ringleiding). */
#define LOKET_ADMIN_N_FACILITIES 3
GtkWidget  *loket_admin_facilities_row_new (const char *prefix,
                                            GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES]);
/* Sets the checks from a facilities JSON array; returns the other names in it (languages),
 * joined with ", ". */
char       *loket_admin_facilities_set    (GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES],
                                           const char *json);
/* The JSON array of the checked facilities and the names in extra ("en, de"). */
char       *loket_admin_facilities_get    (GtkCheckButton *checks[LOKET_ADMIN_N_FACILITIES],
                                           const char *extra);
/* Calls callback (swapped: data first) whenever the row's control changes. */
void        loket_admin_watch             (GtkWidget *row, GCallback callback, gpointer data);

/* ---- messages ------------------------------------------------------------------------------- */

/* Shows a short message at the bottom of the page the widget is in. */
void        loket_admin_toast             (GtkWidget *widget, const char *text);

/* ---- reads the core does not offer (yet) ----------------------------------------------------- */

/* Product groups (id, name, werkveld) by name, and case types (id, name) by name. */
/* The national holidays (date, name) from a day on, by date. */

G_END_DECLS
