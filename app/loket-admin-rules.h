#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* The availability rules of one desk or room in words, with Add, Edit and Remove (the editor is
 * LoketAdminRuleDialog), and below them the history of every change to its rules, newest
 * first: when, who, created / changed / removed, and the rule in words. */
#define LOKET_TYPE_ADMIN_RULES (loket_admin_rules_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminRules, loket_admin_rules, LOKET, ADMIN_RULES, GtkBox)

GtkWidget *loket_admin_rules_new          (LoketReplica *replica);
/* The desk or room whose rules are shown, at its location (for the times of the history);
 * NULL for none (a capacity not saved yet): then nothing is shown. */
void       loket_admin_rules_set_capacity (LoketAdminRules *self, const char *capacity_id,
                                           const char *location_id);
void       loket_admin_rules_set_editable (LoketAdminRules *self, gboolean editable);

G_END_DECLS
