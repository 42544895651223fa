#include "loket-test-ui.h"

#include <string.h>

#include "loket-test-widgets.h"

/* ---- waiting ------------------------------------------------------------------------------- */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
loket_test_ui_wait_until (LoketTestUiCondition condition, gpointer fixture, gconstpointer data,
                          guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Only makes the loop look again after frames and idles that changed nothing it was told
   * about, and at the deadline. */
  guint tick = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = condition (fixture, data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return ok;
}

void
loket_test_ui_settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- a demo server --------------------------------------------------------------------------- */

LoketTestUiServer *
loket_test_ui_server_start (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat ("loket-ui-", name, NULL);
  LoketTestUiServer *self = g_new0 (LoketTestUiServer, 1);

  self->dir = loket_test_make_tmp_dir (prefix);
  self->server_db = g_build_filename (self->dir, "server.db", NULL);
  self->server = loket_test_server_start (self->server_db, TRUE, 0, &error);
  g_assert_no_error (error);
  return self;
}

void
loket_test_ui_server_free (LoketTestUiServer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->server, loket_test_server_free);
  loket_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->server_db);
  g_free (self);
}

LoketTestDesk *
loket_test_ui_server_new_desk (LoketTestUiServer *self, const char *name, const char *username)
{
  return loket_test_desk_new (self->dir, name, self->server->url, username);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == loket_sync_client_login_async)
    ok = loket_sync_client_login_finish (LOKET_SYNC_CLIENT (source), result, &error);
  else
    ok = loket_sync_client_sync_finish (LOKET_SYNC_CLIENT (source), result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  *(gboolean *) data = TRUE;
}

void
loket_test_ui_sign_in (LoketSyncClient *client, const char *server_url, const char *username)
{
  gboolean logged_in = FALSE, synced = FALSE;

  loket_sync_client_login_async (client, server_url, username, "demo", "UI test desk", NULL,
                                 on_done, &logged_in);
  loket_test_wait_for (&logged_in, LOKET_TEST_DESK_WAIT_MS);
  loket_sync_client_sync_async (client, NULL, on_done, &synced);
  loket_test_wait_for (&synced, LOKET_TEST_DESK_WAIT_MS);
}

char *
loket_test_ui_server_text (LoketTestUiServer *self, const char *format, ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return loket_test_db_text (self->server_db, sql);
}

/* ---- keys: shortcuts and mnemonics --------------------------------------------------------- */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger, GtkShortcutController *controller, guint keyval,
                 GdkModifierType mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            controller, keyval, mods) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            controller, keyval, mods);
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
  if (GTK_IS_MNEMONIC_TRIGGER (trigger))
    return gtk_mnemonic_trigger_get_keyval (GTK_MNEMONIC_TRIGGER (trigger)) == keyval &&
           gtk_shortcut_controller_get_mnemonics_modifiers (controller) == mods;
  return FALSE;
}

static gboolean run_shortcuts (GtkWidget *widget, guint keyval, GdkModifierType mods,
                               gboolean managed);

/* A window or popover runs the mnemonics of the labels inside it (managed shortcuts) on those
 * labels: find the mapped one that has this key. */
static gboolean
run_mnemonic (GtkWidget *top, guint keyval)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  loket_test_collect (top, GTK_TYPE_WIDGET, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (widgets->pdata[i] != top && gtk_widget_get_mapped (widgets->pdata[i]) &&
        run_shortcuts (widgets->pdata[i], keyval, GDK_ALT_MASK, TRUE))
      return TRUE;
  return FALSE;
}

static gboolean
run_shortcuts (GtkWidget *widget, guint keyval, GdkModifierType mods, gboolean managed)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          (gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller))
           == GTK_SHORTCUT_SCOPE_MANAGED) != managed)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!trigger_matches (trigger, GTK_SHORTCUT_CONTROLLER (controller), keyval, mods))
            continue;
          if (GTK_IS_MNEMONIC_TRIGGER (trigger) && !managed)
            {
              if (run_mnemonic (widget, keyval))
                return TRUE;
            }
          else if (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
loket_test_ui_press_key (GtkWidget *focus, guint keyval, GdkModifierType mods)
{
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (run_shortcuts (widget, keyval, mods, FALSE))
      return TRUE;
  return FALSE;
}

/* ---- keys: the focused widget ---------------------------------------------------------------- */

GtkWidget *
loket_test_ui_focus_of (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL ? focus : GTK_WIDGET (window);
}

gboolean
loket_test_ui_focus_in (GtkWindow *window, const char *name)
{
  GtkWidget *target = loket_test_find_named (GTK_WIDGET (window), name);
  GtkWidget *focus = gtk_window_get_focus (window);

  return target != NULL && focus != NULL &&
         (focus == target || gtk_widget_is_ancestor (focus, target));
}

void
loket_test_ui_open_row (GtkWindow *window, GtkWidget *root, const char *list_name,
                        const char *text)
{
  GtkWidget *list = loket_test_get_named (root, list_name);
  GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  GtkWidget *target = loket_test_row_showing (root, list_name, text);

  g_assert_nonnull (target);
  g_assert_true (gtk_widget_grab_focus (first));
  for (guint i = 0; i < 60 && gtk_root_get_focus (GTK_ROOT (window)) != target; i++)
    g_assert_true (loket_test_ui_press_key (loket_test_ui_focus_of (window), GDK_KEY_Down, 0));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == target);
  g_assert_true (loket_test_ui_press_key (loket_test_ui_focus_of (window), GDK_KEY_Return, 0));
}

void
loket_test_ui_tab_to (GtkWindow *window, const char *name)
{
  for (guint i = 0; i < 40 && !loket_test_ui_focus_in (window, name); i++)
    if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
      gtk_window_set_focus (window, NULL); /* wrapped around, as GTK does */
  g_assert_true (loket_test_ui_focus_in (window, name));
}

/* A text field emits "activate"; a button, row, check box or time activates. */
void
loket_test_ui_press_enter (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  g_assert_nonnull (focus);
  if (GTK_IS_TEXT (focus))
    g_signal_emit_by_name (focus, "activate");
  else
    g_assert_true (gtk_widget_activate (focus));
}

void
loket_test_ui_type_text (GtkWindow *window, const char *text)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
}

void
loket_test_ui_press_key_on (GtkWidget *widget, guint keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* Found in widget's shortcut controllers by its trigger. */
void
loket_test_ui_press_shortcut (GtkWidget *widget, const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("no shortcut %s in %s", accelerator, G_OBJECT_TYPE_NAME (widget));
}

/* ---- screenshots ----------------------------------------------------------------------------- */

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  return ++*(guint *) data < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (gpointer fixture, gconstpointer data)
{
  return *(const guint *) data >= 3;
}

void
loket_test_ui_save_screenshot (GtkWindow *window)
{
  const char *path = g_getenv ("LOKET_SCREENSHOT");
  GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  graphene_rect_t bounds;
  guint frames = 0;

  if (path == NULL)
    return;
  /* A few frames first, so the last changes are laid out and drawn. */
  gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  g_assert_true (loket_test_ui_wait_until (frames_done, NULL, &frames, 20000));
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  /* The window's own background is drawn by the window, not by its content. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1.0 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot saved to %s", path);
}

/* ---- dialogs --------------------------------------------------------------------------------- */

GtkWindow *
loket_test_ui_find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

void
loket_test_ui_save_screenshot_as (GtkWindow *window, const char *what)
{
  g_autofree char *original = g_strdup (g_getenv ("LOKET_SCREENSHOT"));
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  if (original == NULL)
    return;
  base = g_str_has_suffix (original, ".png")
         ? g_strndup (original, strlen (original) - strlen (".png")) : g_strdup (original);
  path = g_strdup_printf ("%s-%s.png", base, what);
  g_setenv ("LOKET_SCREENSHOT", path, TRUE);
  loket_test_ui_save_screenshot (window);
  g_setenv ("LOKET_SCREENSHOT", original, TRUE);
}
