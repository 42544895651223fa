#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The public site's settings: what the municipality looks like to citizens, the limits that
 * keep abuse out, and how messages leave.  Read from the groups [public], [mail] and [sms] of
 * loket-sync's key file (--config FILE); every key has a default, so a server without a file
 * runs the demo site.
 *
 *   [public]
 *   name=Gemeente Dalfsenburg            the municipality's name on pages and in messages
 *   logo=/etc/loket/logo.svg            an SVG or PNG served as /static/logo (none by default)
 *   colour=#154273                      the main colour (links, buttons, header), #rrggbb
 *   colour-text=#ffffff                 text on the main colour, #rrggbb
 *   url=https://afspraken.example.nl    how citizens reach the server, for links in messages
 *                                       (default: http:// plus the listen address)
 *   language=nl                         the language of the pages, the public API and messages
 *   hold-minutes=10                     how long a chosen time is held while the form is filled
 *   max-open-per-email=2                open web appointments per e-mail address per product
 *   requests-per-minute=120             per client address, for every public request
 *   bookings-per-hour=20                per client address, for holds, bookings and changes
 *   trusted-proxies=127.0.0.1           proxies whose X-Forwarded-For names the client
 *   cache-seconds=30                    how long an availability answer is served from the
 *                                       cache at most (0: never cached, for measuring)
 *   listen=0.0.0.0:8080                 serve the public pages and API on an address of their
 *                                       own (none by default: everything on --listen)
 *   threads=2                           how many threads serve that address (1 to 16)
 *
 * With listen, the public site has its own address, for the reverse proxy that faces the
 * internet, while the sync API for desks stays on --listen, an internal address: the public
 * address answers only the public pages and /v1/public/ (404 for the rest, no live channel).
 * Its threads each accept and read requests, check the limits, and answer a cached GET
 * themselves; everything else (a cache miss, a POST, every page) runs on the main thread,
 * where the database is.  The cached answers of a popular time table then scale with the
 * cores instead of queueing behind one thread.  --listen keeps serving the public routes too.
 *
 *   [mail]
 *   sendmail=/usr/sbin/sendmail -t -i   a sendmail-compatible command; the message on stdin
 *   from=Gemeente Dalfsenburg <noreply@dalfsenburg.example>
 *
 *   [sms]
 *   url=https://sms.example/api/send    the HTTP SMS gateway (none: no SMS is sent)
 *   token=…                             its bearer token: a secret, never logged
 *   sender=Dalfsenburg                   the sender name
 */

typedef struct {
  char    *name;
  char    *logo_path;            /* nullable */
  char    *colour;               /* "#rrggbb" */
  char    *colour_text;          /* "#rrggbb" */
  char    *url;                  /* no trailing slash; nullable until the address is known */
  char    *language;
  guint    hold_minutes;
  guint    max_open_per_email;
  guint    requests_per_minute;  /* 0: no limit */
  guint    bookings_per_hour;    /* 0: no limit */
  GStrv    trusted_proxies;      /* never NULL */
  guint    cache_seconds;        /* 0: the public cache is off */
  char    *public_host;          /* nullable: no public listener of its own; else as --listen */
  guint16  public_port;          /* 0 picks a free one */
  guint    public_threads;       /* with public_host: how many threads serve it */
  char    *sendmail;             /* a command line, split with g_shell_parse_argv */
  char    *mail_from;
  char    *sms_url;              /* nullable: no SMS */
  char    *sms_token;            /* nullable; a secret */
  char    *sms_sender;
} LoketSite;

/* The defaults: the demo municipality. */
LoketSite *loket_site_new_default (void);
/* The defaults overridden by the [public], [mail] and [sms] groups of the key file at path
 * (NULL: none).  NULL with a sentence for stderr (G_KEY_FILE_ERROR or G_IO_ERROR) when the file
 * cannot be read, a key is unknown, or a value does not fit (a colour that is not #rrggbb, a
 * number out of range, a URL that is not http(s), a sendmail command that does not parse). */
LoketSite *loket_site_load        (const char *path, GError **error);
void       loket_site_free        (LoketSite *self);
/* Sets url from the listen address when the file gave none: "http://HOST:PORT". */
void       loket_site_default_url (LoketSite *self, const char *host, guint16 port);

/* ---- the public language -------------------------------------------------------------------- */

/* loket-sync answers desks in English (their own catalogue translates codes), but citizens in
 * the site's language.  Call once at start, before any thread: binds the catalogue and makes
 * the site's language the one the web scope below uses. */
void        loket_site_init_language  (const LoketSite *self, const char *localedir);
/* Runs the calling thread in the site's language until loket_site_leave_language: every _()
 * (also in the store's refusals) then answers in it.  Nests. */
void        loket_site_enter_language (void);
void        loket_site_leave_language (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSite, loket_site_free)

G_END_DECLS
