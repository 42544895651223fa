/* loket-window-private.h — what the files of LoketWindow share (not for other code).
 *
 *   loket-window.c       the window: pages, sidebar, sync state, shortcuts, sign-in
 *   loket-window-work.c  case and customer work from anywhere: the Cases row's termijnbewaking
 *                        badge and notifications, win.show-case, win.show-customer and
 *                        win.register-contact
 */
#pragma once

#include <adwaita.h>

#include "loket-deadline-watch.h"
#include "loket-window.h"

G_BEGIN_DECLS

struct _LoketWindow
{
  AdwApplicationWindow  parent_instance;

  LoketReplica         *replica;
  LoketSyncClient      *client;
  GSettings            *settings;
  GtkWidget            *agenda;

  AdwWindowTitle       *window_title;
  GtkMenuButton        *sync_indicator;
  GtkImage             *sync_icon;
  GtkLabel             *online_label;
  GtkSpinner           *sync_spinner;
  GtkLabel             *waiting_label;
  GtkLabel             *synced_label;
  GtkLabel             *state_label;
  GtkLabel             *server_label;
  GtkLabel             *pending_label;
  GtkLabel             *last_sync_label;
  GtkLabel             *error_label;
  GtkButton            *issues_button;
  GtkLabel             *inbox_badge;     /* on the inbox's sidebar row */
  GtkLabel             *cases_badge;     /* my cases at risk or overdue, on the Cases row */
  LoketDeadlineWatch   *watch;
  GtkActionBar         *signed_out_bar;
  GtkLabel             *signed_out_label;
  GtkListBox           *sidebar;
  AdwViewStack         *stack;

  GtkWindow            *sign_in_dialog;  /* while open */
};

/* The Cases row's badge (kept in self->cases_badge), and what the deadline watch reports. */
GtkWidget *loket_window_cases_badge_new      (LoketWindow *self);
void       loket_window_watch_deadlines      (LoketWindow *self);
/* win.show-case "id" ("" shows my cases), win.show-customer "id", win.register-contact. */
void       loket_window_show_case_action     (GtkWidget *widget, const char *action_name,
                                              GVariant *parameter);
void       loket_window_show_customer_action (GtkWidget *widget, const char *action_name,
                                              GVariant *parameter);
void       loket_window_register_contact_action (GtkWidget *widget, const char *action_name,
                                                 GVariant *parameter);

G_END_DECLS
