#pragma once

#include <gtk/gtk.h>

#include "loket-test-desk.h"
#include "loket-test-server.h"

G_BEGIN_DECLS

/* What every UI test does around its window: wait for the screen, start a demo server, press
 * keys the way GTK hands them on.  Under Xvfb a test cannot type: the key helpers find and run
 * what a real key press would find and run. */

/* ---- waiting ------------------------------------------------------------------------------- */

/* A test's question about what is on screen; fixture and data are the test's own. */
typedef gboolean (*LoketTestUiCondition) (gpointer fixture, gconstpointer data);

/* Runs the default main context until condition holds; FALSE after timeout_ms.  Never sleeps. */
gboolean           loket_test_ui_wait_until     (LoketTestUiCondition condition, gpointer fixture,
                                                 gconstpointer data, guint timeout_ms);
/* Runs what is already pending (the last of a destroyed window) without waiting. */
void               loket_test_ui_settle         (void);

/* ---- a demo server --------------------------------------------------------------------------- */

/* A real loket-sync with demo data on loopback, its database in a new temporary directory where
 * the tests' replicas go too. */
typedef struct {
  char            *dir;
  char            *server_db;   /* dir/server.db */
  LoketTestServer *server;
} LoketTestUiServer;

/* The directory is loket-ui-NAME-XXXXXX. */
LoketTestUiServer *loket_test_ui_server_start   (const char *name);
/* Stops the server and removes the directory with everything in it. */
void               loket_test_ui_server_free    (LoketTestUiServer *self);
/* A desk on dir/NAME.db signed in as username (password "demo"), after its first sync. */
LoketTestDesk     *loket_test_ui_server_new_desk (LoketTestUiServer *self, const char *name,
                                                  const char *username);
/* Logs client in at server_url as username (password "demo") and does its first sync, asserting
 * that both succeed. */
void               loket_test_ui_sign_in        (LoketSyncClient *client, const char *server_url,
                                                 const char *username);
/* The first column of the first row of a query on the server's database (NULL: no row). */
char              *loket_test_ui_server_text    (LoketTestUiServer *self, const char *format, ...)
                                                 G_GNUC_PRINTF (2, 3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestUiServer, loket_test_ui_server_free)

/* ---- keys ------------------------------------------------------------------------------------ */

/* A key press as GTK hands it on: the shortcuts of focus, then of each parent up to the top (a
 * popover's parent is the widget it points at); mnemonics through the window or popover that
 * runs them.  FALSE when nothing took it. */
gboolean           loket_test_ui_press_key      (GtkWidget *focus, guint keyval,
                                                 GdkModifierType mods);
/* The focus of window, or the window itself when nothing in it has the focus. */
GtkWidget         *loket_test_ui_focus_of       (GtkWindow *window);
/* The focus is on the widget of window with this name or inside it (the text of an entry). */
gboolean           loket_test_ui_focus_in       (GtkWindow *window, const char *name);
/* Tab until the focus is in the widget with this name. */
void               loket_test_ui_tab_to         (GtkWindow *window, const char *name);
/* Arrow keys from the first row of the list box named list_name under root until the focused
 * row shows text; Enter opens it. */
void               loket_test_ui_open_row       (GtkWindow *window, GtkWidget *root,
                                                 const char *list_name, const char *text);
/* Enter on the focused widget, as GTK's Enter bindings do it. */
void               loket_test_ui_press_enter    (GtkWindow *window);
/* Typing into the focused field (replacing what was there). */
void               loket_test_ui_type_text      (GtkWindow *window, const char *text);
/* A key pressed on a widget's own key handler, as GTK delivers it. */
void               loket_test_ui_press_key_on   (GtkWidget *widget, guint keyval);
/* A key chord widget binds, e.g. "<Control>Return", run as GTK runs it; fails the test when
 * widget has none. */
void               loket_test_ui_press_shortcut (GtkWidget *widget, const char *accelerator);

/* ---- screenshots and dialogs ------------------------------------------------------------------ */

/* When $LOKET_SCREENSHOT names a PNG file, the window as it is on screen is saved there for a
 * person to look at; nothing happens when it is unset. */
void               loket_test_ui_save_screenshot (GtkWindow *window);
/* The same to $LOKET_SCREENSHOT with "-what" before its ".png", for one of several pictures. */
void               loket_test_ui_save_screenshot_as (GtkWindow *window, const char *what);
/* The first visible toplevel window of type (a dialog the window opened), or NULL. */
GtkWindow         *loket_test_ui_find_window    (GType type);

G_END_DECLS
