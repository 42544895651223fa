/* test-site.c — the public site's settings: defaults, a key file, every kind of bad value, and
 * the site's language beside the server's English. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "loket-site.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("loket-site-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "loket-sync.conf", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *logo = g_build_filename (f->dir, "logo.svg", NULL);

  g_unlink (logo);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static LoketSite *
load (Fixture *f, const char *text, GError **error)
{
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  return loket_site_load (f->path, error);
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autoptr(LoketSite) site = loket_site_load (NULL, NULL);

  g_assert_nonnull (site);
  g_assert_cmpstr (site->name, ==, "Gemeente Dalfsenburg");
  g_assert_cmpstr (site->language, ==, "nl");
  g_assert_cmpuint (site->hold_minutes, ==, 10);
  g_assert_cmpuint (site->cache_seconds, ==, 30);
  g_assert_null (site->url);
  g_assert_null (site->sms_url);
  g_assert_nonnull (site->trusted_proxies);
  g_assert_cmpuint (g_strv_length (site->trusted_proxies), ==, 0);
  /* No public listener of its own: everything on --listen. */
  g_assert_null (site->public_host);
  g_assert_cmpuint (site->public_threads, ==, 2);

  loket_site_default_url (site, "127.0.0.1", 8765);
  g_assert_cmpstr (site->url, ==, "http://127.0.0.1:8765");
  /* A configured address is never replaced by the listen address. */
  loket_site_default_url (site, "::1", 1);
  g_assert_cmpstr (site->url, ==, "http://127.0.0.1:8765");
}

static void
test_file (Fixture *f, gconstpointer data)
{
  g_autofree char *logo = g_build_filename (f->dir, "logo.svg", NULL);
  g_autofree char *text = NULL;
  g_autoptr(LoketSite) site = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (logo, "<svg xmlns='http://www.w3.org/2000/svg'/>", -1,
                                      NULL));
  text = g_strdup_printf ("[server]\ndb=x.db\n"
                          "[public]\nname=Gemeente Lindeveen\nlogo=%s\ncolour=#0B5E3B\n"
                          "url=https://afspraken.lindeveen.example/\nhold-minutes=15\n"
                          "requests-per-minute=0\ntrusted-proxies=127.0.0.1;::1\n"
                          "listen=[::1]:8080\nthreads=4\n"
                          "[mail]\nsendmail=/usr/sbin/sendmail -t -i -f 'no reply@x'\n"
                          "[sms]\nurl=http://127.0.0.1:9/send\ntoken=geheim\n", logo);
  site = load (f, text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (site->name, ==, "Gemeente Lindeveen");
  g_assert_cmpstr (site->logo_path, ==, logo);
  g_assert_cmpstr (site->colour, ==, "#0B5E3B");
  g_assert_cmpstr (site->url, ==, "https://afspraken.lindeveen.example");  /* no trailing / */
  g_assert_cmpuint (site->hold_minutes, ==, 15);
  g_assert_cmpuint (site->requests_per_minute, ==, 0);
  g_assert_cmpuint (g_strv_length (site->trusted_proxies), ==, 2);
  g_assert_cmpstr (site->sms_url, ==, "http://127.0.0.1:9/send");
  g_assert_cmpstr (site->sms_token, ==, "geheim");
  g_assert_cmpstr (site->public_host, ==, "::1");
  g_assert_cmpuint (site->public_port, ==, 8080);
  g_assert_cmpuint (site->public_threads, ==, 4);
}

/* The public listener alone: its thread count defaults, port 0 picks one. */
static void
test_public_listener (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSite) site = load (f, "[server]\n[public]\nlisten=0.0.0.0:0\n", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (site->public_host, ==, "0.0.0.0");
  g_assert_cmpuint (site->public_port, ==, 0);
  g_assert_cmpuint (site->public_threads, ==, 2);
}

/* Each bad value names its group and key; the server does not start on half a configuration. */
static void
test_bad_values (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *text;
    const char *says;
  } cases[] = {
    { "[server]\n[public]\ncolour=blue\n", "[public] colour" },
    { "[server]\n[public]\ncolour-text=#12345\n", "[public] colour-text" },
    { "[server]\n[public]\nurl=ftp://example.org\n", "[public] url" },
    { "[server]\n[public]\nurl=not a url\n", "[public] url" },
    { "[server]\n[public]\nhold-minutes=1000\n", "[public] hold-minutes" },
    { "[server]\n[public]\nhold-minutes=-1\n", "[public] hold-minutes" },
    { "[server]\n[public]\nmax-open-per-email=many\n", "[public] max-open-per-email" },
    { "[server]\n[public]\nlogo=/nonexistent/logo.svg\n", "[public] logo" },
    { "[server]\n[public]\nname=\n", "[public] name" },
    { "[server]\n[public]\nfavourite=blue\n", "unknown key 'favourite' in [public]" },
    { "[server]\n[public]\nlisten=somewhere:80\n", "[public] listen" },
    { "[server]\n[public]\nlisten=127.0.0.1\n", "[public] listen" },
    { "[server]\n[public]\nlisten=::1:80\n", "[public] listen" },
    { "[server]\n[public]\nlisten=127.0.0.1:65536\n", "[public] listen" },
    { "[server]\n[public]\nlisten=\n", "[public] listen" },
    { "[server]\n[public]\nlisten=127.0.0.1:80\nthreads=0\n", "[public] threads" },
    { "[server]\n[public]\nlisten=127.0.0.1:80\nthreads=17\n", "[public] threads" },
    { "[server]\n[public]\nlisten=127.0.0.1:80\nthreads=two\n", "[public] threads" },
    { "[server]\n[public]\nthreads=2\n", "[public] threads needs [public] listen" },
    { "[server]\n[mail]\nsendmail=/usr/sbin/sendmail 'unclosed\n", "[mail] sendmail" },
    { "[server]\n[sms]\nurl=gateway\n", "[sms] url" },
    { "[server]\n[sms]\npassword=x\n", "unknown key 'password' in [sms]" },
    { "this is not a key file\n", "loket-sync.conf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LoketSite) site = load (f, cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (site);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketSite) site = loket_site_load (f->path, &error);

  g_assert_null (site);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, f->path));
}

/* Desks get English from the server, citizens the site's language, on the same thread. */
static void
test_language (Fixture *f, gconstpointer data)
{
  const char *localedir = g_getenv ("LOKET_LOCALEDIR");
  g_autoptr(LoketSite) site = loket_site_new_default ();

  if (localedir == NULL)
    {
      g_test_skip ("LOKET_LOCALEDIR is not set (meson test sets it)");
      return;
    }
  setlocale (LC_ALL, "");
  setlocale (LC_MESSAGES, "C");
  loket_site_init_language (site, localedir);
  g_assert_cmpstr (_("Afternoon"), ==, "Afternoon");
  loket_site_enter_language ();
  g_assert_cmpstr (_("Afternoon"), ==, "Middag");
  loket_site_enter_language ();  /* nests */
  loket_site_leave_language ();
  g_assert_cmpstr (_("Afternoon"), ==, "Middag");
  loket_site_leave_language ();
  g_assert_cmpstr (_("Afternoon"), ==, "Afternoon");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/site/defaults", test_defaults);
  ADD ("/site/file", test_file);
  ADD ("/site/public-listener", test_public_listener);
  ADD ("/site/bad-values", test_bad_values);
  ADD ("/site/missing-file", test_missing_file);
  ADD ("/site/language", test_language);
#undef ADD

  return g_test_run ();
}
