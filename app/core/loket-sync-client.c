/* loket-sync-client.c — the desk side of the sync protocol (see loket-protocol.h).
 *
 * A sync pushes the outbox in order, applies each mutation's outcome, then pulls pages of the
 * server's change log until there are no more; each page and its cursor commit together, so an
 * interrupted pull resumes where it stopped.  All network work is asynchronous on the main
 * context: the UI thread never waits on the network.
 *
 * Downloading everything (the first sign-in, a resync) starts from a snapshot file of the
 * server instead of page 1 (see "a full download from a snapshot file" below).
 *
 * When the server answers a pull with resync_required (the user's scope changed, or the change
 * log was compacted past the cursor), the sync downloads everything again by itself: it pulls
 * from 0, and when the first page is in, the replica drops its rows (keeping the outbox, which
 * is replayed on top after every page) and applies it; progress runs from 0 as at the first
 * sign-in and "resyncing" is TRUE meanwhile.
 *
 * While started, a successful sync opens the live channel (a WebSocket on /v1/sync/live); a
 * head the server announces beyond the replica's cursor asks for a sync.  When the channel
 * closes, fails or goes silent, the periodic sync takes over with backoff and jitter, and the
 * next successful sync opens the channel again.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-schema.h"
#include "loket-sync-client.h"
#include "loket-sync-snapshot.h"

#define PUSH_BATCH        LOKET_MAX_PUSH_MUTATIONS
#define REQUEST_TIMEOUT_S 20
#define FIRST_BACKOFF_S   2
#define LIVE_PATH         "/v1/sync/live"
#define LIVE_KEEPALIVE_S  10    /* below REQUEST_TIMEOUT_S, so an idle channel never times out */
#define LIVE_DEAD_AFTER_US ((gint64) 3 * LIVE_KEEPALIVE_S * G_USEC_PER_SEC)
#define LIVE_MAX_MESSAGE  4096  /* {"head": N} is a few bytes */

struct _LoketSyncClient
{
  GObject       parent_instance;

  LoketReplica *replica;
  SoupSession  *session;

  gboolean      online;
  gboolean      syncing;
  gboolean      resyncing;        /* downloading everything again (the server asked) */
  char         *resync_reason;    /* LOKET_CODE_SCOPE_CHANGED / _CURSOR_COMPACTED, or NULL */
  gboolean      start_over;       /* the next page is the first of a full resync */
  gboolean      use_snapshots;    /* a full download starts from a snapshot file (default) */
  gboolean      snapshot_tried;   /* this sync asked for one already */
  gboolean      snapshot_cut;     /* one broke off: page (which resumes) until a sync completes */
  double        progress;
  gint64        last_sync;
  char         *last_error;

  gboolean      running;          /* periodic sync started */
  guint         interval;         /* seconds between syncs while all is well */
  guint         backoff;          /* seconds of the current backoff, 0 when all is well */
  guint         timer_id;
  gint64        timer_due;        /* monotonic µs at which timer_id fires */
  gboolean      again;            /* a sync was asked for while one ran */
  gboolean      periodic;         /* the running sync is the timer's (on_periodic_done follows) */

  /* the live channel */
  SoupWebsocketConnection *live_conn;
  GCancellable *live_cancel;      /* while connecting */
  gboolean      live;
  gint64        live_head;        /* the head the server announced last */
  gboolean      live_pending;     /* a head beyond the cursor came in while a sync ran */
  gint64        live_seen;        /* monotonic µs of the last frame from the server */
  guint         live_backoff;     /* seconds; 0 once the channel has spoken */
  guint         live_watch_id;
};

G_DEFINE_FINAL_TYPE (LoketSyncClient, loket_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_LIVE,
  PROP_RESYNCING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (LoketSyncClient *self, guint delay_seconds);
static void live_connect (LoketSyncClient *self);
static void live_drop (LoketSyncClient *self);

/* ---- properties --------------------------------------------------------------------------- */

static void
set_online (LoketSyncClient *self, gboolean online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
set_syncing (LoketSyncClient *self, gboolean syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_progress (LoketSyncClient *self, double progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_last_error (LoketSyncClient *self, const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_live (LoketSyncClient *self, gboolean live)
{
  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

static void
set_resyncing (LoketSyncClient *self, const char *reason)
{
  gboolean resyncing = reason != NULL;

  g_free (self->resync_reason);
  self->resync_reason = g_strdup (reason);
  if (self->resyncing == resyncing)
    return;
  self->resyncing = resyncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESYNCING]);
}

static void
set_last_sync (LoketSyncClient *self, gint64 when)
{
  self->last_sync = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

static void
loket_sync_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketSyncClient *self = LOKET_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_RESYNCING:
      g_value_set_boolean (value, self->resyncing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_sync_client_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  LoketSyncClient *self = LOKET_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_sync_client_dispose (GObject *object)
{
  LoketSyncClient *self = LOKET_SYNC_CLIENT (object);

  loket_sync_client_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_sync_client_parent_class)->dispose (object);
}

static void
loket_sync_client_finalize (GObject *object)
{
  LoketSyncClient *self = LOKET_SYNC_CLIENT (object);

  g_free (self->last_error);
  g_free (self->resync_reason);
  G_OBJECT_CLASS (loket_sync_client_parent_class)->finalize (object);
}

static void
loket_sync_client_class_init (LoketSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = loket_sync_client_get_property;
  object_class->set_property = loket_sync_client_set_property;
  object_class->dispose = loket_sync_client_dispose;
  object_class->finalize = loket_sync_client_finalize;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 1, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, ro);
  properties[PROP_RESYNCING] = g_param_spec_boolean ("resyncing", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_sync_client_init (LoketSyncClient *self)
{
  self->progress = 1.0;
  self->use_snapshots = TRUE;
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "user-agent", "Loket/" PACKAGE_VERSION, NULL);
}

LoketSyncClient *
loket_sync_client_new (LoketReplica *replica)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  return g_object_new (LOKET_TYPE_SYNC_CLIENT, "replica", replica, NULL);
}

LoketReplica *
loket_sync_client_get_replica (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), NULL);
  return self->replica;
}

gboolean
loket_sync_client_get_online (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), FALSE);
  return self->online;
}

gboolean
loket_sync_client_get_syncing (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), FALSE);
  return self->syncing;
}

double
loket_sync_client_get_progress (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), 0);
  return self->progress;
}

gint64
loket_sync_client_get_last_sync (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), 0);
  return self->last_sync;
}

const char *
loket_sync_client_get_last_error (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

gboolean
loket_sync_client_get_live (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), FALSE);
  return self->live;
}

gboolean
loket_sync_client_get_resyncing (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), FALSE);
  return self->resyncing;
}

const char *
loket_sync_client_get_resync_reason (LoketSyncClient *self)
{
  g_return_val_if_fail (LOKET_IS_SYNC_CLIENT (self), NULL);
  return self->resync_reason != NULL ? loket_protocol_describe_reason (self->resync_reason)
                                     : NULL;
}

/* ---- one JSON request --------------------------------------------------------------------- */

static JsonObject *
versioned_object (void)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "protocol", LOKET_PROTOCOL_VERSION);
  json_object_set_int_member (object, "schema", LOKET_DOMAIN_SCHEMA_VERSION);
  return object;
}

/* A pull answered resync_required: handled by the sync itself, never shown.  The message is
 * the reason code. */
#define RESYNC_ERROR (g_quark_from_static_string ("loket-sync-client-resync"))

/* Turns an error answer into a LOKET_ERROR a clerk can read. */
static GError *
error_from_answer (guint status, JsonObject *answer)
{
  const char *code = answer != NULL
                     ? json_object_get_string_member_with_default (answer, "error", "") : "";
  const char *message = answer != NULL
                        ? json_object_get_string_member_with_default (answer, "message", "") : "";

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                        _("The server did not accept the login. Log in again."));
  if (g_str_equal (code, LOKET_PROTO_ERR_INCOMPATIBLE))
    return g_error_new (LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE,
                        _("This version of Loket does not match the server. Update Loket."));
  if (g_str_equal (code, LOKET_PROTO_ERR_RESYNC_REQUIRED))
    return g_error_new_literal (RESYNC_ERROR, 0,
                                json_object_get_string_member_with_default (answer, "reason",
                                                                            LOKET_CODE_SCOPE_CHANGED));
  if (g_str_equal (code, LOKET_PROTO_ERR_SEQUENCE_GAP))
    return g_error_new (LOKET_ERROR, LOKET_ERROR_SEQUENCE_GAP,
                        _("The server is missing earlier changes of this desk: %s"), message);
  return g_error_new (LOKET_ERROR, LOKET_ERROR_PROTOCOL, _("The server answered %u: %s"), status,
                      *message != '\0' ? message : soup_status_get_phrase (status));
}

static void
on_request_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  guint status;
  gsize size = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_online (self, FALSE);
          g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_NETWORK,
                                   _("The server cannot be reached: %s"), error->message);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_online (self, TRUE);
  status = soup_message_get_status (msg);
  data = g_bytes_get_data (body, &size);
  answer = loket_protocol_parse_object (data, size, NULL);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_error (task, error_from_answer (status, answer));
  else if (answer == NULL)
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_PROTOCOL,
                             _("The server sent an answer Loket cannot read."));
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

/* A request to server_url, or to the server of the replica's session with its token; NULL
 * for an address that is no URL. */
static SoupMessage *
new_message (LoketSyncClient *self, const char *server_url, const char *method,
             const char *path_and_query)
{
  g_autofree char *session_url = loket_replica_dup_state (self->replica, "server_url");
  g_autofree char *token = loket_replica_dup_state (self->replica, "token");
  g_autofree char *uri = g_strconcat (server_url ? server_url : session_url ? session_url : "",
                                      path_and_query, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (msg != NULL && token != NULL && server_url == NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

/* Sends body (NULL for GET) to the server of the replica's session, or of server_url. */
static void
request_async (LoketSyncClient *self, const char *server_url, const char *method,
               const char *path_and_query, JsonObject *body, GCancellable *cancellable,
               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg = new_message (self, server_url, method, path_and_query);

  g_task_set_source_tag (task, request_async);
  if (msg == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID,
                               _("The server address is not valid."));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  if (body != NULL)
    {
      g_autofree char *text = loket_protocol_to_string (body);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_request_done, g_steal_pointer (&task));
}

static JsonObject *
request_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- login -------------------------------------------------------------------------------- */

static char *
normalize_server_url (const char *url, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url != NULL ? url : ""));
  gsize len;

  if (!g_str_has_prefix (trimmed, "http://") && !g_str_has_prefix (trimmed, "https://"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID,
                   _("The server address must start with http:// or https://"));
      return NULL;
    }
  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (!g_uri_is_valid (trimmed, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("The server address is not valid."));
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

static void
on_login_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  const char *server_url = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = request_finish (result, &error);
  const char *token = NULL, *device_id = NULL;
  JsonObject *user = NULL;

  if (answer == NULL && g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                           _("Unknown user name or wrong password."));
    }
  if (answer == NULL
      || !loket_protocol_get_string (answer, "token", &token, &error)
      || !loket_protocol_get_string (answer, "device_id", &device_id, &error)
      || !loket_protocol_get_object (answer, "user", &user, &error)
      || !loket_replica_begin_session (self->replica, server_url, token, device_id, user, &error))
    {
      set_last_error (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_last_error (self, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Signing in again on the same server: the new device goes on from this replica's cursor. */
static void
add_previous_device (LoketSyncClient *self, const char *url, JsonObject *body)
{
  g_autofree char *old_server = loket_replica_dup_state (self->replica, "server_url");
  g_autofree char *old_device = loket_replica_dup_state (self->replica, "device_id");

  if (old_device != NULL && g_strcmp0 (old_server, url) == 0)
    json_object_set_string_member (body, "previous_device_id", old_device);
}

void
loket_sync_client_login_async (LoketSyncClient *self, const char *server_url,
                               const char *username, const char *password,
                               const char *device_name, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = versioned_object ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_sync_client_login_async);
  if ((url = normalize_server_url (server_url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  json_object_set_string_member (body, "username", username != NULL ? username : "");
  json_object_set_string_member (body, "password", password != NULL ? password : "");
  json_object_set_string_member (body, "device_name",
                                 device_name != NULL ? device_name : g_get_host_name ());
  add_previous_device (self, url, body);
  g_task_set_task_data (task, g_strdup (url), g_free);
  request_async (self, url, "POST", "/v1/auth/login", body, cancellable, on_login_done,
                 g_steal_pointer (&task));
}

gboolean
loket_sync_client_login_finish (LoketSyncClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- customer search on the server -------------------------------------------------------- */

static void
on_search_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = request_finish (result, &error);
  JsonArray *customers = NULL;

  if (answer == NULL || !loket_protocol_get_array (answer, "customers", &customers, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* What was found is the user's to see from now on: the next pull brings it to the replica. */
  if (json_array_get_length (customers) > 0)
    loket_sync_client_request_sync (self);
  g_task_return_pointer (task, json_array_ref (customers), (GDestroyNotify) json_array_unref);
}

void
loket_sync_client_search_customers_async (LoketSyncClient *self, const char *query,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_sync_client_search_customers_async);
  if (!loket_replica_has_session (self->replica))
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                               _("Log in to sync with the server."));
      return;
    }
  escaped = g_uri_escape_string (query, NULL, FALSE);
  path = g_strconcat ("/v1/customers?q=", escaped, NULL);
  request_async (self, NULL, "GET", path, NULL, cancellable, on_search_done,
                 g_steal_pointer (&task));
}

JsonArray *
loket_sync_client_search_customers_finish (LoketSyncClient *self, GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- sync: push, then pull ---------------------------------------------------------------- */

static void push_next (GTask *task);
static void pull_next (GTask *task);

/* A head came in while the sync ran, and the sync did not get that far.  Only such a head
 * asks for one more sync: a pull that cannot reach the head must not loop. */
static gboolean
live_wants_sync (LoketSyncClient *self)
{
  return self->live_pending && self->live_head > loket_replica_get_cursor (self->replica);
}

/* After every sync.  The periodic one's callback decides what comes next; a sync started by
 * hand that left something behind (a change made meanwhile, a newer head) is followed at
 * once. */
static void
sync_settled (LoketSyncClient *self, gboolean ok)
{
  if (!self->running)
    return;
  if (ok)
    live_connect (self);
  if (!self->periodic && (self->again || (ok && live_wants_sync (self))))
    {
      self->again = FALSE;
      schedule (self, 0);
    }
}

static void
sync_fail (GTask *task, GError *error)
{
  LoketSyncClient *self = g_task_get_source_object (task);

  /* A revoked or unknown device: forget the token, keep every unsent change for the next
   * login. */
  if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED))
    {
      loket_replica_end_session (self->replica, NULL);
      live_drop (self);
    }
  set_last_error (self, error->message);
  set_progress (self, 1.0);
  set_resyncing (self, NULL);
  set_syncing (self, FALSE);
  sync_settled (self, FALSE);
  g_task_return_error (task, error);
}

static void
on_push_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = request_finish (result, &error);
  JsonArray *results = NULL;

  if (answer == NULL
      || !loket_protocol_get_array (answer, "results", &results, &error)
      || !loket_replica_apply_results (self->replica, results, &error))
    {
      sync_fail (task, g_steal_pointer (&error));
      return;
    }
  if (json_array_get_length (results) == 0)
    {
      /* The server answered nothing for what we sent: do not loop; pull and try next time. */
      pull_next (g_steal_pointer (&task));
      return;
    }
  push_next (g_steal_pointer (&task));
}

static void
push_next (GTask *task)
{
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) mutations = NULL;
  g_autoptr(JsonObject) body = NULL;

  mutations = loket_replica_pending_mutations (self->replica, PUSH_BATCH, &error);
  if (mutations == NULL)
    {
      sync_fail (task, g_steal_pointer (&error));
      return;
    }
  if (json_array_get_length (mutations) == 0)
    {
      pull_next (task);
      return;
    }
  body = versioned_object ();
  json_object_set_array_member (body, "mutations", g_steal_pointer (&mutations));
  request_async (self, NULL, "POST", "/v1/sync/push", body, g_task_get_cancellable (task),
                 on_push_done, task);
}

/* The server cannot go on from the replica's cursor (the user's scope changed, or the change
 * log was compacted past it): download everything again, as at the first sign-in.  Once per
 * sync; the outbox stays and is replayed on top. */
static void
begin_resync (LoketSyncClient *self, const char *reason)
{
  g_debug ("Downloading the replica again: %s", reason);
  self->start_over = TRUE;
  set_progress (self, 0.0);
  set_resyncing (self, reason);
}

static void
on_pull_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = request_finish (result, &error);

  if (page == NULL && g_error_matches (error, RESYNC_ERROR, 0) && !self->resyncing)
    {
      begin_resync (self, error->message);
      pull_next (g_steal_pointer (&task));
      return;
    }
  /* The rows go only once the server sent the first page of the new download, so a desk that
   * loses the connection right after the answer keeps working with what it has. */
  if (page != NULL && self->start_over && loket_replica_start_over (self->replica, &error))
    self->start_over = FALSE;
  if (page == NULL || error != NULL || !loket_replica_apply_pull (self->replica, page, &error))
    {
      sync_fail (task, g_steal_pointer (&error));
      return;
    }
  if (json_object_get_boolean_member_with_default (page, "more", FALSE))
    {
      gint64 head = json_object_get_int_member_with_default (page, "head", 0);

      if (head > 0)
        set_progress (self, (double) loket_replica_get_cursor (self->replica) / (double) head);
      pull_next (g_steal_pointer (&task));
      return;
    }
  self->snapshot_cut = FALSE;
  set_progress (self, 1.0);
  set_resyncing (self, NULL);
  set_last_error (self, NULL);
  set_last_sync (self, g_get_real_time () / G_USEC_PER_SEC);
  set_syncing (self, FALSE);
  sync_settled (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

/* ---- a full download from a snapshot file ---------------------------------------------------
 *
 * Downloading everything (the first sign-in, a resync) starts from a snapshot: the server's
 * SQLite file of what this user may see up to a cursor, adopted as the replica by a file swap
 * (loket-replica-snapshot.c); the pages after its cursor follow.  A server that offers none, a
 * snapshot of another schema version, or a download that breaks off, and the sync pages from 0
 * instead: pages resume where they stopped, a snapshot would start again. */

static gboolean
wants_snapshot (LoketSyncClient *self, gint64 since)
{
  return since == 0 && self->use_snapshots && !self->snapshot_tried && !self->snapshot_cut;
}

static void
on_snapshot_progress (goffset received, goffset total, gpointer user_data)
{
  if (total > 0)
    set_progress (user_data, (double) received / (double) total);
}

static void
on_snapshot_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autofree char *path = loket_replica_dup_snapshot_path (self->replica);
  g_autoptr(GError) error = NULL;
  gint64 cursor = 0;

  if (!loket_snapshot_download_finish (result, &cursor, &error))
    {
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NETWORK))
        set_online (self, FALSE);
      if (error->domain != LOKET_SNAPSHOT_ERROR)
        {
          sync_fail (g_steal_pointer (&task), g_steal_pointer (&error));
          return;
        }
      g_debug ("Paging from 0 instead of a snapshot: %s", error->message);
      self->snapshot_cut = error->code == LOKET_SNAPSHOT_ERROR_CUT;
      pull_next (g_steal_pointer (&task));
      return;
    }
  set_online (self, TRUE);
  if (!loket_replica_adopt_snapshot (self->replica, path, cursor, &error))
    {
      g_unlink (path);
      if (!g_error_matches (error, LOKET_ERROR, LOKET_ERROR_INCOMPATIBLE))
        {
          sync_fail (g_steal_pointer (&task), g_steal_pointer (&error));
          return;
        }
      g_debug ("Paging from 0 instead of a snapshot: %s", error->message);
    }
  else
    self->start_over = FALSE;
  pull_next (g_steal_pointer (&task));
}

static void
snapshot_begin (GTask *task)
{
  LoketSyncClient *self = g_task_get_source_object (task);
  g_autofree char *query = g_strdup_printf (LOKET_SNAPSHOT_PATH "?protocol=%d&schema=%d",
                                            LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
  g_autofree char *path = loket_replica_dup_snapshot_path (self->replica);
  g_autoptr(SoupMessage) msg = new_message (self, NULL, "GET", query);

  self->snapshot_tried = TRUE;
  if (path == NULL || msg == NULL)
    {
      pull_next (task);
      return;
    }
  loket_snapshot_download_async (self->session, msg, path, on_snapshot_progress, self,
                                 g_task_get_cancellable (task), on_snapshot_done, task);
}

static void
pull_next (GTask *task)
{
  LoketSyncClient *self = g_task_get_source_object (task);
  gint64 since = self->start_over ? 0 : loket_replica_get_cursor (self->replica);
  g_autofree char *path = NULL;

  if (wants_snapshot (self, since))
    {
      snapshot_begin (task);
      return;
    }
  path = g_strdup_printf ("/v1/sync/pull?since=%" G_GINT64_FORMAT
                          "&limit=%d&protocol=%d&schema=%d", since, LOKET_DEFAULT_PULL_LIMIT,
                          LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
  request_async (self, NULL, "GET", path, NULL, g_task_get_cancellable (task), on_pull_done,
                 task);
}

void
loket_sync_client_sync_async (LoketSyncClient *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_sync_client_sync_async);
  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running."));
      return;
    }
  if (!loket_replica_has_session (self->replica))
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED,
                               _("Log in to sync with the server."));
      return;
    }
  set_syncing (self, TRUE);
  self->live_pending = FALSE;
  self->start_over = FALSE;
  self->snapshot_tried = FALSE;
  set_progress (self, loket_replica_get_cursor (self->replica) == 0 ? 0.0 : 1.0);
  push_next (g_steal_pointer (&task));
}

void
loket_sync_client_set_use_snapshots (LoketSyncClient *self, gboolean use)
{
  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));
  self->use_snapshots = use;
}

gboolean
loket_sync_client_sync_finish (LoketSyncClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- periodic sync with backoff ----------------------------------------------------------- */

/* Exponential backoff with jitter, so desks that lost the server together do not all come back
 * in the same second. */
static guint
next_backoff (guint current, guint cap)
{
  return current == 0 ? FIRST_BACKOFF_S : MIN (current * 2, cap);
}

static guint
jittered (guint seconds)
{
  return (guint) MAX (1.0, seconds * g_random_double_range (0.8, 1.2));
}

static void
on_periodic_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LoketSyncClient *self = LOKET_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = loket_sync_client_sync_finish (self, result, &error);
  guint delay;

  self->periodic = FALSE;
  if (ok)
    {
      self->backoff = 0;
      delay = self->interval;
    }
  else
    {
      self->backoff = next_backoff (self->backoff, self->interval);
      delay = jittered (self->backoff);
    }
  if (self->again || (ok && live_wants_sync (self)))
    {
      self->again = FALSE;
      delay = 0;
    }
  if (self->running)
    schedule (self, delay);
}

static gboolean
on_timer (gpointer user_data)
{
  LoketSyncClient *self = user_data;

  self->timer_id = 0;
  if (self->syncing)
    self->again = TRUE;  /* a sync started by hand runs: follow it (sync_settled) */
  else if (loket_replica_has_session (self->replica))
    {
      self->periodic = TRUE;
      loket_sync_client_sync_async (self, NULL, on_periodic_done, NULL);
    }
  else
    schedule (self, self->interval);
  return G_SOURCE_REMOVE;
}

static void
schedule (LoketSyncClient *self, guint delay_seconds)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_due = g_get_monotonic_time () + (gint64) delay_seconds * G_USEC_PER_SEC;
  if (delay_seconds == 0)
    self->timer_id = g_idle_add (on_timer, self);
  else
    self->timer_id = g_timeout_add_seconds (delay_seconds, on_timer, self);
}

/* Like schedule, unless the timer fires sooner anyway. */
static void
schedule_within (LoketSyncClient *self, guint delay_seconds)
{
  if (self->timer_id != 0 &&
      self->timer_due <= g_get_monotonic_time () + (gint64) delay_seconds * G_USEC_PER_SEC)
    return;
  schedule (self, delay_seconds);
}

/* ---- the live channel --------------------------------------------------------------------- */

static void
live_drop (LoketSyncClient *self)
{
  g_clear_handle_id (&self->live_watch_id, g_source_remove);
  if (self->live_conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live_conn, self);
      if (soup_websocket_connection_get_state (self->live_conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->live_conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->live_conn);
    }
  set_live (self, FALSE);
}

/* The channel closed, failed to open or went silent: the periodic sync takes over, sooner at
 * first and later with every loss in a row; the next successful sync opens the channel
 * again. */
static void
live_lost (LoketSyncClient *self)
{
  live_drop (self);
  if (!self->running)
    return;
  /* During a sync the timer may fire: on_timer then follows the sync with another. */
  self->live_backoff = next_backoff (self->live_backoff, self->interval);
  schedule_within (self, jittered (self->live_backoff));
}

static void
on_live_message (SoupWebsocketConnection *conn, gint type, GBytes *message, gpointer user_data)
{
  LoketSyncClient *self = user_data;
  g_autoptr(JsonObject) object = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  gint64 head;

  self->live_seen = g_get_monotonic_time ();
  self->live_backoff = 0;
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    object = loket_protocol_parse_object (data, size, NULL);
  /* Something newer servers may say: not for this desk. */
  if (object == NULL || !loket_protocol_get_int (object, "head", &head, NULL))
    return;
  self->live_head = head;
  if (head <= loket_replica_get_cursor (self->replica))
    return;
  if (self->syncing)
    self->live_pending = TRUE;  /* its end looks at the head again */
  else
    loket_sync_client_request_sync (self);
}

static void
on_live_pong (SoupWebsocketConnection *conn, GBytes *message, gpointer user_data)
{
  LoketSyncClient *self = user_data;

  self->live_seen = g_get_monotonic_time ();
}

static void
on_live_closed (SoupWebsocketConnection *conn, gpointer user_data)
{
  live_lost (user_data);
}

/* A server that vanished without closing (power, network) answers no ping; the socket alone
 * would not tell for many minutes. */
static gboolean
on_live_watch (gpointer user_data)
{
  LoketSyncClient *self = user_data;

  if (g_get_monotonic_time () - self->live_seen <= LIVE_DEAD_AFTER_US)
    return G_SOURCE_CONTINUE;
  self->live_watch_id = 0;
  live_lost (self);
  return G_SOURCE_REMOVE;
}

static void
on_live_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(LoketSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* stopped; live_cancel is gone already */
  g_clear_object (&self->live_cancel);
  if (conn == NULL)
    {
      g_debug ("The live channel did not open: %s", error->message);
      live_lost (self);
      return;
    }
  self->live_conn = conn;
  self->live_seen = g_get_monotonic_time ();
  soup_websocket_connection_set_keepalive_interval (conn, LIVE_KEEPALIVE_S);
  soup_websocket_connection_set_max_incoming_payload_size (conn, LIVE_MAX_MESSAGE);
  g_signal_connect (conn, "message", G_CALLBACK (on_live_message), self);
  g_signal_connect (conn, "pong", G_CALLBACK (on_live_pong), self);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed), self);
  self->live_watch_id = g_timeout_add_seconds (LIVE_KEEPALIVE_S, on_live_watch, self);
  set_live (self, TRUE);
}

/* "ws://host:port/v1/sync/live?…" for "http://host:port" (wss for https), or NULL. */
static char *
live_url (LoketSyncClient *self)
{
  g_autofree char *server_url = loket_replica_dup_state (self->replica, "server_url");
  const char *scheme, *rest;

  if (server_url != NULL && g_str_has_prefix (server_url, "https://"))
    scheme = "wss://", rest = server_url + strlen ("https://");
  else if (server_url != NULL && g_str_has_prefix (server_url, "http://"))
    scheme = "ws://", rest = server_url + strlen ("http://");
  else
    return NULL;
  return g_strdup_printf ("%s%s" LIVE_PATH "?protocol=%d&schema=%d", scheme, rest,
                          LOKET_PROTOCOL_VERSION, LOKET_DOMAIN_SCHEMA_VERSION);
}

static void
live_connect (LoketSyncClient *self)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (!self->running || self->live_conn != NULL || self->live_cancel != NULL)
    return;
  url = live_url (self);
  token = loket_replica_dup_state (self->replica, "token");
  if (url == NULL || token == NULL || (msg = soup_message_new ("GET", url)) == NULL)
    return;
  auth = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  self->live_cancel = g_cancellable_new ();
  /* The operation keeps the client alive until it is done or cancelled. */
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->live_cancel, on_live_connected,
                                        g_object_ref (self));
}

/* ---- starting and stopping ---------------------------------------------------------------- */

/* A change the clerk made goes out at once rather than at the next tick; changes that came in
 * with a pull leave nothing pending and start nothing. */
static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketSyncClient *self)
{
  if (self->running && loket_replica_count_pending (replica) > 0)
    loket_sync_client_request_sync (self);
}

void
loket_sync_client_start (LoketSyncClient *self, guint interval_seconds)
{
  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));

  if (!self->running)
    g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  self->running = TRUE;
  self->interval = MAX (interval_seconds, FIRST_BACKOFF_S);
  self->backoff = 0;
  self->live_backoff = 0;
  if (!self->syncing)
    schedule (self, 0);
}

void
loket_sync_client_stop (LoketSyncClient *self)
{
  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));

  if (self->running)
    g_signal_handlers_disconnect_by_func (self->replica, on_replica_changed, self);
  self->running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->live_cancel != NULL)
    {
      g_cancellable_cancel (self->live_cancel);
      g_clear_object (&self->live_cancel);
    }
  live_drop (self);
}

void
loket_sync_client_request_sync (LoketSyncClient *self)
{
  g_return_if_fail (LOKET_IS_SYNC_CLIENT (self));

  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }
  if (self->running)
    {
      self->backoff = 0;
      schedule (self, 0);
    }
  else
    loket_sync_client_sync_async (self, NULL, NULL, NULL);
}
