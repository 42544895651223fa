#pragma once

#include <adwaita.h>

#include "loket-replica.h"

G_BEGIN_DECLS

/* Beheer › Satisfaction: what citizens answered in the survey after their case closed, over the
 * last 90 days, per product and for all of them: the number of answers, the mean of each
 * question (handling, information, time taken) and the share of answers of 3 out of 5 or more,
 * against the service charter's target.  Read-only for everyone; it follows the replica. */
#define LOKET_TYPE_ADMIN_SATISFACTION (loket_admin_satisfaction_get_type ())
G_DECLARE_FINAL_TYPE (LoketAdminSatisfaction, loket_admin_satisfaction, LOKET,
                      ADMIN_SATISFACTION, AdwBin)

#define LOKET_ADMIN_SATISFACTION_DAYS 90

GtkWidget *loket_admin_satisfaction_new (LoketReplica *replica);

G_END_DECLS
