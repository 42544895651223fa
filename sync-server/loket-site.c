/* loket-site.c — the public site's settings (see loket-site.h) and its language. */
#include "config.h"

#include "loket-site.h"
#include "loket-config.h"

#include <gio/gio.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#define DEFAULT_NAME      "Gemeente Dalfsenburg"
#define DEFAULT_COLOUR    "#154273"
#define DEFAULT_SENDMAIL  "/usr/sbin/sendmail -t -i"
#define DEFAULT_FROM      "Gemeente Dalfsenburg <noreply@dalfsenburg.example>"
#define DEFAULT_THREADS   2
#define MAX_THREADS       16

LoketSite *
loket_site_new_default (void)
{
  LoketSite *self = g_new0 (LoketSite, 1);
  const char *const proxies[] = { NULL };

  self->name = g_strdup (DEFAULT_NAME);
  self->colour = g_strdup (DEFAULT_COLOUR);
  self->colour_text = g_strdup ("#ffffff");
  self->language = g_strdup ("nl");
  self->hold_minutes = 10;
  self->max_open_per_email = 2;
  self->requests_per_minute = 120;
  self->bookings_per_hour = 20;
  self->cache_seconds = 30;
  self->public_threads = DEFAULT_THREADS;
  self->trusted_proxies = g_strdupv ((GStrv) proxies);
  self->sendmail = g_strdup (DEFAULT_SENDMAIL);
  self->mail_from = g_strdup (DEFAULT_FROM);
  self->sms_sender = g_strdup ("Dalfsenburg");
  return self;
}

void
loket_site_free (LoketSite *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->logo_path);
  g_free (self->colour);
  g_free (self->colour_text);
  g_free (self->url);
  g_free (self->language);
  g_strfreev (self->trusted_proxies);
  g_free (self->public_host);
  g_free (self->sendmail);
  g_free (self->mail_from);
  g_free (self->sms_url);
  g_free (self->sms_token);
  g_free (self->sms_sender);
  g_free (self);
}

void
loket_site_default_url (LoketSite *self, const char *host, guint16 port)
{
  g_return_if_fail (self != NULL && host != NULL);

  if (self->url != NULL)
    return;
  self->url = strchr (host, ':') != NULL ? g_strdup_printf ("http://[%s]:%u", host, port)
                                          : g_strdup_printf ("http://%s:%u", host, port);
}

/* ---- the key file ----------------------------------------------------------------------------- */

typedef enum {
  KEY_TEXT, KEY_COLOUR, KEY_URL, KEY_COUNT, KEY_LIST, KEY_COMMAND, KEY_PATH, KEY_ADDRESS
} KeyKind;

typedef struct {
  const char *group;
  const char *key;
  KeyKind     kind;
  gsize       offset;   /* of the char * / guint / GStrv in LoketSite (KEY_ADDRESS: the host) */
  guint       max;      /* for KEY_COUNT */
} Key;

#define AT(member) G_STRUCT_OFFSET (LoketSite, member)

static const Key keys[] = {
  { "public", "name",                KEY_TEXT,    AT (name), 0 },
  { "public", "logo",                KEY_PATH,    AT (logo_path), 0 },
  { "public", "colour",              KEY_COLOUR,  AT (colour), 0 },
  { "public", "colour-text",         KEY_COLOUR,  AT (colour_text), 0 },
  { "public", "url",                 KEY_URL,     AT (url), 0 },
  { "public", "language",            KEY_TEXT,    AT (language), 0 },
  { "public", "hold-minutes",        KEY_COUNT,   AT (hold_minutes), 120 },
  { "public", "max-open-per-email",  KEY_COUNT,   AT (max_open_per_email), 100 },
  { "public", "requests-per-minute", KEY_COUNT,   AT (requests_per_minute), G_MAXINT },
  { "public", "bookings-per-hour",   KEY_COUNT,   AT (bookings_per_hour), G_MAXINT },
  { "public", "trusted-proxies",     KEY_LIST,    AT (trusted_proxies), 0 },
  { "public", "cache-seconds",       KEY_COUNT,   AT (cache_seconds), 3600 },
  { "public", "listen",              KEY_ADDRESS, AT (public_host), 0 },
  { "public", "threads",             KEY_COUNT,   AT (public_threads), MAX_THREADS },
  { "mail",   "sendmail",            KEY_COMMAND, AT (sendmail), 0 },
  { "mail",   "from",                KEY_TEXT,    AT (mail_from), 0 },
  { "sms",    "url",                 KEY_URL,     AT (sms_url), 0 },
  { "sms",    "token",               KEY_TEXT,    AT (sms_token), 0 },
  { "sms",    "sender",              KEY_TEXT,    AT (sms_sender), 0 },
};

static gboolean
site_fail (GError **error, const char *path, const Key *key, const char *why)
{
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "configuration file '%s': [%s] %s %s", path, key->group, key->key, why);
  return FALSE;
}

static gboolean
is_colour (const char *text)
{
  if (strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_http_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0'
         && (g_str_equal (g_uri_get_scheme (uri), "http")
             || g_str_equal (g_uri_get_scheme (uri), "https"));
}

/* Checks one string value of its kind; value may be changed (a URL loses its trailing /). */
static gboolean
check_text (const Key *key, char *value, const char *path, GError **error)
{
  g_auto(GStrv) argv = NULL;

  switch (key->kind)
    {
    case KEY_COLOUR:
      return is_colour (value) || site_fail (error, path, key, "must be a colour like #154273");
    case KEY_URL:
      if (!is_http_url (value))
        return site_fail (error, path, key, "must be an http:// or https:// address");
      while (g_str_has_suffix (value, "/"))
        value[strlen (value) - 1] = '\0';
      return TRUE;
    case KEY_COMMAND:
      return (g_shell_parse_argv (value, NULL, &argv, NULL) && argv[0] != NULL)
             || site_fail (error, path, key, "must be a command line");
    case KEY_PATH:
      return g_file_test (value, G_FILE_TEST_IS_REGULAR)
             || site_fail (error, path, key, "must name a file that exists");
    case KEY_TEXT:
      return *value != '\0' || site_fail (error, path, key, "must not be empty");
    case KEY_COUNT:
    case KEY_LIST:
    case KEY_ADDRESS:
    default:
      g_assert_not_reached ();
    }
}

/* "ADDR:PORT" as --listen takes it. */
static gboolean
apply_address (LoketSite *self, GKeyFile *file, const Key *key, const char *path,
               GError **error)
{
  g_autofree char *value = g_key_file_get_string (file, key->group, key->key, NULL);
  char *host = NULL;

  if (value == NULL
      || !loket_config_parse_listen (g_strstrip (value), &host, &self->public_port, NULL))
    return site_fail (error, path, key, "must be ADDRESS:PORT, like 0.0.0.0:8080 or [::1]:8080");
  g_free (*(char **) G_STRUCT_MEMBER_P (self, key->offset));
  *(char **) G_STRUCT_MEMBER_P (self, key->offset) = host;
  return TRUE;
}

static gboolean
apply_key (LoketSite *self, GKeyFile *file, const Key *key, const char *path, GError **error)
{
  gpointer field = G_STRUCT_MEMBER_P (self, key->offset);
  GError *local_error = NULL;

  if (key->kind == KEY_COUNT)
    {
      int value = g_key_file_get_integer (file, key->group, key->key, &local_error);

      if (local_error != NULL || value < 0 || (guint) value > key->max)
        {
          g_clear_error (&local_error);
          return site_fail (error, path, key, key->max == G_MAXINT ? "must be a number from 0"
                                                                   : "is out of range");
        }
      *(guint *) field = (guint) value;
      return TRUE;
    }
  if (key->kind == KEY_ADDRESS)
    return apply_address (self, file, key, path, error);
  if (key->kind == KEY_LIST)
    {
      GStrv value = g_key_file_get_string_list (file, key->group, key->key, NULL, NULL);

      if (value == NULL)
        value = g_new0 (char *, 1);
      g_strfreev (*(GStrv *) field);
      *(GStrv *) field = value;
      return TRUE;
    }
  {
    g_autofree char *value = g_key_file_get_string (file, key->group, key->key, NULL);

    if (value == NULL)
      return site_fail (error, path, key, "cannot be read");
    if (!check_text (key, g_strstrip (value), path, error))
      return FALSE;
    g_free (*(char **) field);
    *(char **) field = g_steal_pointer (&value);
  }
  return TRUE;
}

static const Key *
find_key (const char *group, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group) && g_str_equal (keys[i].key, name))
      return &keys[i];
  return NULL;
}

/* threads is 1 or more, and means something only with listen. */
static gboolean
check_public_listener (LoketSite *self, GKeyFile *file, const char *path, GError **error)
{
  const char *why = NULL;

  if (self->public_threads == 0)
    why = "must be a number from 1 to " G_STRINGIFY (MAX_THREADS);
  else if (self->public_host == NULL && g_key_file_has_key (file, "public", "threads", NULL))
    why = "needs [public] listen";
  if (why == NULL)
    return TRUE;
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "configuration file '%s': [public] threads %s", path, why);
  return FALSE;
}

LoketSite *
loket_site_load (const char *path, GError **error)
{
  static const char *const groups[] = { "public", "mail", "sms", NULL };
  g_autoptr(LoketSite) self = loket_site_new_default ();
  g_autoptr(GKeyFile) file = NULL;
  GError *local_error = NULL;

  if (path == NULL)
    return g_steal_pointer (&self);
  file = g_key_file_new ();
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "configuration file '%s': %s", path, local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) names = g_key_file_get_keys (file, groups[g], NULL, NULL);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          const Key *key = find_key (groups[g], names[i]);

          if (key == NULL)
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                           "configuration file '%s': unknown key '%s' in [%s]", path, names[i],
                           groups[g]);
              return NULL;
            }
          if (!apply_key (self, file, key, path, error))
            return NULL;
        }
    }
  if (!check_public_listener (self, file, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- the public language ---------------------------------------------------------------------- */

/* A locale whose LC_MESSAGES is not "C", so gettext follows LANGUAGE (the site's language)
 * while the process itself keeps LC_MESSAGES=C for its English messages. */
static locale_t web_locale = (locale_t) 0;
static GPrivate previous_locale;
static GPrivate depth;

void
loket_site_init_language (const LoketSite *self, const char *localedir)
{
  g_return_if_fail (self != NULL && localedir != NULL);

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", self->language, TRUE);
  if (web_locale == (locale_t) 0)
    web_locale = newlocale (LC_MESSAGES_MASK, "C.UTF-8", duplocale (LC_GLOBAL_LOCALE));
}

void
loket_site_enter_language (void)
{
  guint level = GPOINTER_TO_UINT (g_private_get (&depth));

  if (level == 0 && web_locale != (locale_t) 0)
    g_private_set (&previous_locale, uselocale (web_locale));
  g_private_set (&depth, GUINT_TO_POINTER (level + 1));
}

void
loket_site_leave_language (void)
{
  guint level = GPOINTER_TO_UINT (g_private_get (&depth));

  g_return_if_fail (level > 0);
  g_private_set (&depth, GUINT_TO_POINTER (level - 1));
  if (level == 1 && web_locale != (locale_t) 0)
    uselocale (g_private_get (&previous_locale));
}
