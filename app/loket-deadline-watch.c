/* loket-deadline-watch.c — termijnbewaking: telling the clerk when a case of theirs comes close
 * to its deadline or passes it (loket-deadline-watch.h).
 *
 * A case's level is 0 (on track, waiting for the customer, closed), 1 (at risk) or 2 (overdue).
 * A look tells the cases whose level rose above the one remembered, then remembers the levels
 * of now: a case that got better is remembered lower, so it is told again when it gets worse
 * again.  The remembered levels live in sync_state under the user's id (a notification from
 * yesterday is not repeated after a restart, and another clerk signing in at this desk starts
 * afresh); only a changed set is written.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-deadline-watch.h"
#include "loket-protocol.h"
#include "loket-record.h"

#define WATCH_INTERVAL_SECONDS 60
#define WATCH_LIMIT 10000         /* more open cases than anyone holds */
#define NAMED_IN_BODY 5

struct _LoketDeadlineWatch
{
  GObject       parent_instance;

  LoketReplica *replica;
  GHashTable   *levels;     /* case id → GINT_TO_POINTER (level 1 or 2) */
  char         *user_id;    /* whose levels are loaded */
  guint         count;
  guint         timer_id;
  guint         idle_id;
};

G_DEFINE_FINAL_TYPE (LoketDeadlineWatch, loket_deadline_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
level_of (LoketRecord *row)
{
  const char *state = loket_record_get_string (row, "deadline_state");

  if (g_str_equal (state, "overdue"))
    return 2;
  return g_str_equal (state, "at_risk") ? 1 : 0;
}

static char *
state_key (const char *user_id)
{
  return g_strconcat ("deadline_watch:", user_id, NULL);
}

/* The remembered levels of the signed-in user, read again when the user changed. */
static void
load_levels (LoketDeadlineWatch *self, const char *user_id)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *value;

  if (g_strcmp0 (self->user_id, user_id) == 0)
    return;
  g_hash_table_remove_all (self->levels);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  if (user_id == NULL)
    return;
  key = state_key (user_id);
  text = loket_replica_dup_state (self->replica, key);
  node = text != NULL ? json_from_string (text, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &id, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64
        && json_node_get_int (value) >= 1 && json_node_get_int (value) <= 2)
      g_hash_table_insert (self->levels, g_strdup (id),
                           GINT_TO_POINTER ((int) json_node_get_int (value)));
}

static void
save_levels (LoketDeadlineWatch *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = state_key (self->user_id);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer id, level;

  g_hash_table_iter_init (&iter, self->levels);
  while (g_hash_table_iter_next (&iter, &id, &level))
    json_object_set_int_member (object, id, GPOINTER_TO_INT (level));
  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  /* Losing it costs one repeated notification: not worth troubling the clerk about. */
  if (!loket_replica_set_state (self->replica, key, text, &error))
    g_warning ("Could not remember the deadlines told: %s", error->message);
}

static void
set_count (LoketDeadlineWatch *self, guint count)
{
  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

/* Compares the cases with the remembered levels: returns those that rose, and remembers now. */
static GListModel *
compare_levels (LoketDeadlineWatch *self, GListModel *cases, guint *count)
{
  GListStore *rose = g_list_store_new (LOKET_TYPE_RECORD);
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean changed = FALSE;

  *count = 0;
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (cases, i);
      const char *id = loket_record_get_id (row);
      int level = level_of (row);
      int before = GPOINTER_TO_INT (g_hash_table_lookup (self->levels, id));

      if (level == 0)
        continue;
      (*count)++;
      if (level > before)
        g_list_store_append (rose, row);
      changed |= level != before;
      g_hash_table_insert (now, g_strdup (id), GINT_TO_POINTER (level));
    }
  /* Cases no longer at risk or overdue (or no longer mine) are forgotten. */
  changed |= g_hash_table_size (now) != g_hash_table_size (self->levels);
  if (changed)
    {
      g_hash_table_unref (self->levels);
      self->levels = g_steal_pointer (&now);
      save_levels (self);
    }
  return G_LIST_MODEL (rose);
}

GListModel *
loket_deadline_watch_check_at (LoketDeadlineWatch *self, gint64 now)
{
  g_autoptr(LoketRecord) user = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GNotification) notification = NULL;
  GListModel *rose;
  guint count;

  g_return_val_if_fail (LOKET_IS_DEADLINE_WATCH (self), NULL);

  user = loket_replica_get_user (self->replica);
  load_levels (self, user != NULL ? loket_record_get_id (user) : NULL);
  if (user == NULL)
    {
      set_count (self, 0);
      return G_LIST_MODEL (g_list_store_new (LOKET_TYPE_RECORD));
    }
  cases = loket_replica_list_cases_at (self->replica, LOKET_CASE_LIST_MINE, NULL, WATCH_LIMIT,
                                       now);
  rose = compare_levels (self, cases, &count);
  set_count (self, count);
  notification = loket_deadline_watch_notification (rose);
  if (notification != NULL)
    g_signal_emit (self, signals[SIGNAL_ALERT], 0, notification);
  return rose;
}

/* ---- the notification ------------------------------------------------------------------------ */

static char *
notification_title (GListModel *cases, guint overdue)
{
  guint n = g_list_model_get_n_items (cases);
  g_autoptr(LoketRecord) first = g_list_model_get_item (cases, 0);

  if (n == 1)
    return g_strdup_printf (overdue > 0 ? _("Case %s is overdue") : _("Case %s is at risk"),
                            loket_record_get_string (first, "reference"));
  if (overdue == n)
    return g_strdup_printf (ngettext ("%u of your cases is overdue",
                                      "%u of your cases are overdue", n), n);
  if (overdue == 0)
    return g_strdup_printf (ngettext ("%u of your cases is at risk",
                                      "%u of your cases are at risk", n), n);
  return g_strdup_printf (ngettext ("%u of your cases needs attention",
                                    "%u of your cases need attention", n), n);
}

/* One case: its subject and what is left; several: their references. */
static char *
notification_body (GListModel *cases)
{
  guint n = g_list_model_get_n_items (cases);
  g_autoptr(GString) body = g_string_new (NULL);

  if (n == 1)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (cases, 0);

      return g_strdup (loket_record_get_string (row, "subject"));
    }
  for (guint i = 0; i < MIN (n, NAMED_IN_BODY); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (cases, i);

      g_string_append_printf (body, "%s%s", i > 0 ? ", " : "",
                              loket_record_get_string (row, "reference"));
    }
  if (n > NAMED_IN_BODY)
    g_string_append (body, ", …");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

GNotification *
loket_deadline_watch_notification (GListModel *cases)
{
  guint n, overdue = 0;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LoketRecord) first = NULL;
  GNotification *notification;

  g_return_val_if_fail (G_IS_LIST_MODEL (cases), NULL);

  if ((n = g_list_model_get_n_items (cases)) == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (cases, i);

      overdue += level_of (row) == 2;
    }
  title = notification_title (cases, overdue);
  body = notification_body (cases);
  first = g_list_model_get_item (cases, 0);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, overdue > 0 ? G_NOTIFICATION_PRIORITY_HIGH
                                                         : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-case", "s",
                                                n == 1 ? loket_record_get_id (first) : "");
  return notification;
}

/* ---- looking by itself ----------------------------------------------------------------------- */

static void
check_now (LoketDeadlineWatch *self)
{
  g_autoptr(GListModel) rose = loket_deadline_watch_check_at (self,
                                                              g_get_real_time () / G_USEC_PER_SEC);
}

static gboolean
check_idle (gpointer data)
{
  LoketDeadlineWatch *self = data;

  self->idle_id = 0;
  check_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
check_timer (gpointer data)
{
  check_now (data);
  return G_SOURCE_CONTINUE;
}

static void
on_replica_changed (LoketDeadlineWatch *self, const char *entity)
{
  /* A burst of changes (a pull) is looked at once. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (check_idle, self);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
loket_deadline_watch_dispose (GObject *object)
{
  LoketDeadlineWatch *self = LOKET_DEADLINE_WATCH (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->replica != NULL)
    g_signal_handlers_disconnect_by_data (self->replica, self);
  g_clear_object (&self->replica);

  G_OBJECT_CLASS (loket_deadline_watch_parent_class)->dispose (object);
}

static void
loket_deadline_watch_finalize (GObject *object)
{
  LoketDeadlineWatch *self = LOKET_DEADLINE_WATCH (object);

  g_hash_table_unref (self->levels);
  g_free (self->user_id);

  G_OBJECT_CLASS (loket_deadline_watch_parent_class)->finalize (object);
}

static void
loket_deadline_watch_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  LoketDeadlineWatch *self = LOKET_DEADLINE_WATCH (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_deadline_watch_class_init (LoketDeadlineWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_deadline_watch_dispose;
  object_class->finalize = loket_deadline_watch_finalize;
  object_class->get_property = loket_deadline_watch_get_property;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* LoketDeadlineWatch::alert (GNotification *notification): cases became at risk or overdue;
   * the window sends the notification through its application. */
  signals[SIGNAL_ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_NOTIFICATION);
}

static void
loket_deadline_watch_init (LoketDeadlineWatch *self)
{
  self->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

LoketDeadlineWatch *
loket_deadline_watch_new (LoketReplica *replica, gboolean automatic)
{
  LoketDeadlineWatch *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_DEADLINE_WATCH, NULL);
  self->replica = g_object_ref (replica);
  if (automatic)
    {
      g_signal_connect_swapped (replica, "changed", G_CALLBACK (on_replica_changed), self);
      self->timer_id = g_timeout_add_seconds (WATCH_INTERVAL_SECONDS, check_timer, self);
      /* The first look once whoever made the watch has connected to it. */
      self->idle_id = g_idle_add (check_idle, self);
    }
  return self;
}

guint
loket_deadline_watch_get_count (LoketDeadlineWatch *self)
{
  g_return_val_if_fail (LOKET_IS_DEADLINE_WATCH (self), 0);
  return self->count;
}
