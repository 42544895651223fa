/* main.c — the desk application's entry point: set up translations, run LoketApplication. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "loket-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr(LoketApplication) app = NULL;
  const char *localedir = g_getenv ("LOKET_LOCALEDIR");

  /* LOKET_LOCALEDIR lets tests and uninstalled runs use the catalogue from the build tree. */
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = loket_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
