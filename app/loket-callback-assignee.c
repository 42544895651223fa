/* loket-callback-assignee.c — who calls back: me, my team, another team, a colleague.
 *
 * The 1-working-day norm holds for whoever takes the callback, so the front office can hand it
 * to the specialist who knows the answer instead of calling back to say "I will ask".  A
 * colleague's callback also names their team: it reaches their replica by either.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-callback-assignee.h"
#include "loket-replica-cases.h"

typedef struct {
  char *user_id;   /* NULL: the team's */
  char *team_id;   /* NULL: a user without a team (me, say) */
} Choice;

struct _LoketCallbackAssignees {
  GArray *choices;  /* Choice */
};

static void
choice_clear (gpointer data)
{
  Choice *choice = data;

  g_free (choice->user_id);
  g_free (choice->team_id);
}

static void
add (LoketCallbackAssignees *self, GtkStringList *names, const char *name, const char *user_id,
     const char *team_id)
{
  Choice choice = { g_strdup (user_id), g_strdup (team_id) };

  g_array_append_val (self->choices, choice);
  gtk_string_list_append (names, name);
}

static void
add_teams (LoketCallbackAssignees *self, LoketReplica *replica, GtkStringList *names,
           const char *my_team)
{
  g_autoptr(GListModel) teams = loket_replica_list_teams (replica);

  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(LoketRecord) team = g_list_model_get_item (teams, i);
      g_autofree char *name = NULL;

      if (g_strcmp0 (loket_record_get_id (team), my_team) == 0)
        continue;
      /* Translators: a team that calls a customer back, e.g. "Team Vergunningen" */
      name = g_strdup_printf (_("Team %s"), loket_record_get_string (team, "name"));
      add (self, names, name, NULL, loket_record_get_id (team));
    }
}

static void
add_colleagues (LoketCallbackAssignees *self, LoketReplica *replica, GtkStringList *names,
                const char *me, const char *my_team)
{
  g_autoptr(GListModel) people = loket_replica_list_assignees (replica, my_team);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(LoketRecord) person = g_list_model_get_item (people, i);
      g_autofree char *name = NULL;

      if (g_strcmp0 (loket_record_get_id (person), me) == 0)
        continue;
      /* Translators: a colleague who calls a customer back and their team, e.g. "Bas Vermeulen
       * (Vergunningen)" */
      name = g_strdup_printf (_("%s (%s)"), loket_record_get_string (person, "display_name"),
                              loket_record_get_string (person, "team_name"));
      add (self, names, name, loket_record_get_id (person),
           loket_record_get_string (person, "team_id"));
    }
}

LoketCallbackAssignees *
loket_callback_assignees_new (LoketReplica *replica, GtkStringList *names)
{
  g_autoptr(LoketRecord) user = NULL;
  LoketCallbackAssignees *self;
  const char *me = NULL, *my_team = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (GTK_IS_STRING_LIST (names), NULL);

  self = g_new0 (LoketCallbackAssignees, 1);
  self->choices = g_array_new (FALSE, FALSE, sizeof (Choice));
  g_array_set_clear_func (self->choices, choice_clear);
  user = loket_replica_get_user (replica);
  if (user != NULL)
    {
      me = loket_record_get_id (user);
      my_team = loket_record_is_null (user, "team_id") ? NULL
                                                       : loket_record_get_string (user, "team_id");
      add (self, names, _("Me"), me, my_team);
      if (my_team != NULL)
        add (self, names, _("My Team"), NULL, my_team);
    }
  add_teams (self, replica, names, my_team);
  add_colleagues (self, replica, names, me, my_team);
  return self;
}

void
loket_callback_assignees_free (LoketCallbackAssignees *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->choices);
  g_free (self);
}

gboolean
loket_callback_assignees_apply (LoketCallbackAssignees *self, guint position,
                                LoketCallbackInput *input)
{
  const Choice *choice;

  g_return_val_if_fail (self != NULL && input != NULL, FALSE);

  if (position >= self->choices->len)
    return FALSE;
  choice = &g_array_index (self->choices, Choice, position);
  input->assigned_user_id = choice->user_id;
  input->assigned_team_id = choice->team_id;
  return TRUE;
}
