/* loket-live.c — the open live channels and what is said on them (see loket-live.h).
 *
 * Everything runs on the server's main context.  A peer is dropped as soon as its connection
 * reports "closed"; libsoup keeps its own reference while it closes the stream, so the last
 * reference may go from inside that signal. */
#include "config.h"

#include "loket-error.h"
#include "loket-live.h"

#define TICK_S            5      /* how often heads, silences and tokens are looked at */
#define DEAD_AFTER_US     ((gint64) 3 * LOKET_LIVE_KEEPALIVE_S * G_USEC_PER_SEC)
#define MAX_INCOMING      1024   /* desks send nothing; a pong or a close fits easily */

typedef struct {
  LoketLive               *live;       /* not a reference: the live object owns the peer */
  SoupWebsocketConnection *conn;
  char                    *device_id;
  char                    *token;      /* to notice a revocation */
  gint64                   seen;       /* monotonic µs of the last frame from the peer */
} Peer;

struct _LoketLive
{
  GObject     parent_instance;

  LoketStore *store;
  GPtrArray  *peers;      /* of Peer */
  gint64      told_head;  /* the head the connections were last told */
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (LoketLive, loket_live, G_TYPE_OBJECT)

static void
peer_free (Peer *peer)
{
  g_signal_handlers_disconnect_by_data (peer->conn, peer);
  g_object_unref (peer->conn);
  g_free (peer->device_id);
  g_free (peer->token);
  g_free (peer);
}

/* The tick stops itself once there is nobody left. */
static void
drop_peer (LoketLive *self, Peer *peer)
{
  g_ptr_array_remove_fast (self->peers, peer);
}

static void
send_head (SoupWebsocketConnection *conn, gint64 head)
{
  g_autofree char *text = NULL;

  /* A connection that is closing must not be written to (libsoup treats it as a bug). */
  if (soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = g_strdup_printf ("{\"head\": %" G_GINT64_FORMAT "}", head);
  soup_websocket_connection_send_text (conn, text);
}

/* Connections of the peers, each with a reference: sending may close a connection and drop its
 * peer while the caller still walks the list. */
static GPtrArray *
peer_connections (LoketLive *self)
{
  GPtrArray *conns = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->peers->len; i++)
    g_ptr_array_add (conns, g_object_ref (((Peer *) self->peers->pdata[i])->conn));
  return conns;
}

void
loket_live_check (LoketLive *self)
{
  g_autoptr(GPtrArray) conns = NULL;
  gint64 head;

  g_return_if_fail (LOKET_IS_LIVE (self));

  /* Without listeners there is nobody to tell; loket_live_add catches up. */
  if (self->peers->len == 0)
    return;
  head = loket_store_get_head (self->store);
  if (head <= self->told_head)
    return;
  self->told_head = head;
  conns = peer_connections (self);
  for (guint i = 0; i < conns->len; i++)
    send_head (conns->pdata[i], head);
}

/* A token that stopped working (revoked by an administrator) ends its channel: the desk falls
 * back to pulling, which answers 401 and makes it ask for a new login. */
static gboolean
still_authorized (LoketLive *self, Peer *peer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = loket_store_authenticate (self->store, peer->token, &error);

  if (device_id == NULL && !g_error_matches (error, LOKET_ERROR, LOKET_ERROR_UNAUTHORIZED))
    return TRUE;  /* the database hiccupped; the next tick looks again */
  return g_strcmp0 (device_id, peer->device_id) == 0;
}

static gboolean
on_tick (gpointer user_data)
{
  LoketLive *self = user_data;
  gint64 now = g_get_monotonic_time ();

  /* Writers in other processes (the loket-sync commands) are only seen here. */
  loket_live_check (self);
  for (guint i = self->peers->len; i > 0; i--)
    {
      Peer *peer = self->peers->pdata[i - 1];

      if (now - peer->seen > DEAD_AFTER_US)
        {
          /* Unanswered pings: a desk that lost its network without a goodbye. */
          g_printerr ("loket-sync: live channel of device %s went silent; dropped\n",
                      peer->device_id);
          drop_peer (self, peer);
        }
      else if (soup_websocket_connection_get_state (peer->conn) == SOUP_WEBSOCKET_STATE_OPEN &&
               !still_authorized (self, peer))
        soup_websocket_connection_close (peer->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                         "The device token was revoked.");
    }
  if (self->peers->len > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_peer_message (SoupWebsocketConnection *conn, gint type, GBytes *message, gpointer user_data)
{
  Peer *peer = user_data;

  peer->seen = g_get_monotonic_time ();
}

static void
on_peer_pong (SoupWebsocketConnection *conn, GBytes *message, gpointer user_data)
{
  Peer *peer = user_data;

  peer->seen = g_get_monotonic_time ();
}

static void
on_peer_closed (SoupWebsocketConnection *conn, gpointer user_data)
{
  Peer *peer = user_data;

  drop_peer (peer->live, peer);
}

void
loket_live_add (LoketLive *self, SoupWebsocketConnection *connection, const char *device_id,
                const char *token)
{
  Peer *peer;

  g_return_if_fail (LOKET_IS_LIVE (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  peer = g_new0 (Peer, 1);
  peer->live = self;
  peer->conn = g_object_ref (connection);
  peer->device_id = g_strdup (device_id);
  peer->token = g_strdup (token);
  peer->seen = g_get_monotonic_time ();
  soup_websocket_connection_set_keepalive_interval (connection, LOKET_LIVE_KEEPALIVE_S);
  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_INCOMING);
  g_signal_connect (connection, "message", G_CALLBACK (on_peer_message), peer);
  g_signal_connect (connection, "pong", G_CALLBACK (on_peer_pong), peer);
  g_signal_connect (connection, "closed", G_CALLBACK (on_peer_closed), peer);
  g_ptr_array_add (self->peers, peer);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (TICK_S, on_tick, self);

  /* What changed between the desk's last pull and now would otherwise wait for the next
   * change. */
  self->told_head = MAX (self->told_head, loket_store_get_head (self->store));
  send_head (connection, self->told_head);
}

guint
loket_live_get_n_connections (LoketLive *self)
{
  g_return_val_if_fail (LOKET_IS_LIVE (self), 0);
  return self->peers->len;
}

static gboolean
on_close_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
loket_live_close_all (LoketLive *self, guint timeout_ms)
{
  g_autoptr(GPtrArray) conns = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_if_fail (LOKET_IS_LIVE (self));

  conns = peer_connections (self);
  for (guint i = 0; i < conns->len; i++)
    if (soup_websocket_connection_get_state (conns->pdata[i]) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (conns->pdata[i], SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                       "The server is stopping.");
  timeout_id = g_timeout_add (timeout_ms, on_close_timeout, &timed_out);
  while (self->peers->len > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_ptr_array_set_size (self->peers, 0);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&conns, g_ptr_array_unref);
  /* Dropped connections close their streams asynchronously; let that finish. */
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

LoketLive *
loket_live_new (LoketStore *store)
{
  LoketLive *self;

  g_return_val_if_fail (LOKET_IS_STORE (store), NULL);

  self = g_object_new (LOKET_TYPE_LIVE, NULL);
  self->store = g_object_ref (store);
  self->told_head = loket_store_get_head (store);
  return self;
}

static void
loket_live_dispose (GObject *object)
{
  LoketLive *self = LOKET_LIVE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->peers != NULL)
    g_ptr_array_set_size (self->peers, 0);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (loket_live_parent_class)->dispose (object);
}

static void
loket_live_finalize (GObject *object)
{
  LoketLive *self = LOKET_LIVE (object);

  g_ptr_array_unref (self->peers);
  G_OBJECT_CLASS (loket_live_parent_class)->finalize (object);
}

static void
loket_live_class_init (LoketLiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_live_dispose;
  object_class->finalize = loket_live_finalize;
}

static void
loket_live_init (LoketLive *self)
{
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_free);
}
