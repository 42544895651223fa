#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* A modal window to add or change one availability rule of a desk or room: the weekdays, every
 * how many weeks (counted from which day), the first and last day, opening hours, slot length,
 * places and how many of them the website may book, and the booking window (how many days
 * ahead booking opens, how many days before the day it closes, the minimum notice).  The rule
 * is shown in words as it is typed.  Saving asks the replica (loket_replica_save_rule); a
 * refusal, such as an overlap with another rule, which it names, appears in the window and
 * everything typed stays.  Ctrl+Enter saves, Escape cancels.  "saved" is emitted with the
 * rule's id before the window closes. */
#define LOKET_TYPE_ADMIN_RULE_DIALOG (loket_admin_rule_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminRuleDialog, loket_admin_rule_dialog, LOKET, ADMIN_RULE_DIALOG,
                      AdwWindow)

/* rule: the rule to change (a row of loket_replica_list_rules), or NULL for a new rule. */
GtkWidget  *loket_admin_rule_dialog_new         (LoketReplica *replica, const char *capacity_id,
                                                 LoketRecord *rule);
/* The saved rule's id, or NULL before it is saved. */
const char *loket_admin_rule_dialog_get_rule_id (LoketAdminRuleDialog *self);

G_END_DECLS
