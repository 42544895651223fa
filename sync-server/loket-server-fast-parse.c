/* loket-server-fast-parse.c — reading a request head for the fast path (loket-server-fast.h).
 *
 * Strict on purpose: a head it takes must mean to it exactly what it means to libsoup, so it
 * takes only the plainest form of a GET (one space between the parts, CRLF line ends, no folded
 * or nameless header lines, no NUL or control bytes, no percent-encoding) and leaves the rest to
 * libsoup, which knows the lenient forms.  Of the headers it reads each may appear once; those
 * libsoup acts on itself for a GET (a body, 100-continue, a protocol switch, a range) make the
 * request libsoup's. */
#include "config.h"

#include <string.h>

#include "loket-server-fast.h"

#define REQUEST_START "GET /"
#define REQUEST_END   " HTTP/1.1"
#define MAX_IP_LITERAL 64

typedef enum {
  HEADER_HOST           = 1 << 0,
  HEADER_CONNECTION     = 1 << 1,
  HEADER_IF_NONE_MATCH  = 1 << 2,
  HEADER_FORWARDED_FOR  = 1 << 3,
  HEADER_CONTENT_LENGTH = 1 << 4,
  HEADER_LIBSOUPS       = 1 << 5,   /* libsoup acts on it itself */
} Header;

static const struct {
  const char *name;
  Header      header;
} known_headers[] = {
  { "Host", HEADER_HOST },
  { "Connection", HEADER_CONNECTION },
  { "If-None-Match", HEADER_IF_NONE_MATCH },
  { "X-Forwarded-For", HEADER_FORWARDED_FOR },
  { "Content-Length", HEADER_CONTENT_LENGTH },
  { "Transfer-Encoding", HEADER_LIBSOUPS },
  { "Expect", HEADER_LIBSOUPS },
  { "Upgrade", HEADER_LIBSOUPS },
  { "Range", HEADER_LIBSOUPS },
};

/* A header name's bytes (RFC 9110, 5.6.2). */
static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A header value's: visible, space, tab, and bytes above ASCII (obs-text). */
static gboolean
is_value_char (char c)
{
  guchar u = (guchar) c;

  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

/* A request target's: visible ASCII, without percent-encoding (libsoup would decode it) or a
 * fragment. */
static gboolean
is_target_char (char c)
{
  return c > 0x20 && c < 0x7f && c != '%' && c != '#';
}

/* Whether bytes that hold no whole head yet may still become one of ours. */
static gboolean
may_become_ours (const char *data, gsize length)
{
  const char *end = data + length;

  if (memcmp (data, REQUEST_START, MIN (length, strlen (REQUEST_START))) != 0
      || memchr (data, '\0', length) != NULL)
    return FALSE;
  /* A line ended by a bare LF: the CRLF CRLF waited for may never come (libsoup takes those). */
  for (const char *p = data; (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
    if (p == data || p[-1] != '\r')
      return FALSE;
  return TRUE;
}

/* "GET /target HTTP/1.1", ending at line_end (its CR). */
static gboolean
parse_request_line (char *line, char *line_end, LoketServerFastRequest *request)
{
  char *target, *target_end, *question;

  if ((gsize) (line_end - line) < strlen (REQUEST_START) + strlen (REQUEST_END))
    return FALSE;
  target = line + strlen ("GET ");
  target_end = line_end - strlen (REQUEST_END);
  if (memcmp (line, REQUEST_START, strlen (REQUEST_START)) != 0
      || memcmp (target_end, REQUEST_END, strlen (REQUEST_END)) != 0)
    return FALSE;
  for (const char *p = target; p < target_end; p++)
    if (!is_target_char (*p))
      return FALSE;
  *target_end = '\0';
  question = strchr (target, '?');
  if (question != NULL)
    {
      *question = '\0';
      request->query = question + 1;
    }
  request->path = target;
  return TRUE;
}

/* A port after a Host's name, as GLib's URI parser takes it. */
static gboolean
is_port (const char *text)
{
  gsize digits = strspn (text, "0123456789");

  return digits > 0 && digits <= strlen ("65535") && text[digits] == '\0'
         && g_ascii_strtoull (text, NULL, 10) <= 65535;
}

/* A Host that libsoup turns into a URI's host as it is: a name of letters, digits, '.', '-'
 * and '_', or an IPv6 address in brackets, and an optional port.  libsoup builds
 * "http://" Host path and refuses what does not parse; a Host with '/', '?', '@' or '#' would
 * change the path itself. */
static gboolean
is_plain_host (const char *host)
{
  const char *end = host;

  if (*host == '[')
    {
      const char *close = strchr (host, ']');
      char literal[MAX_IP_LITERAL];
      gsize length;

      if (close == NULL || (length = (gsize) (close - host - 1)) >= sizeof literal)
        return FALSE;
      memcpy (literal, host + 1, length);
      literal[length] = '\0';
      if (strspn (literal, "0123456789abcdefABCDEF:.") != length || strchr (literal, ':') == NULL
          || !g_hostname_is_ip_address (literal))
        return FALSE;
      end = close + 1;
    }
  else
    {
      while (g_ascii_isalnum (*end) || *end == '.' || *end == '-' || *end == '_')
        end++;
      if (end == host)
        return FALSE;
    }
  return *end == '\0' || (*end == ':' && is_port (end + 1));
}

/* "close" and "keep-alive" are the options libsoup knows for a GET; any other is its to read. */
static gboolean
parse_connection (const char *value, LoketServerFastRequest *request)
{
  for (const char *p = value; *p != '\0'; )
    {
      gsize length;

      p += strspn (p, " \t,");
      length = strcspn (p, " \t,");
      if (length == strlen ("close") && g_ascii_strncasecmp (p, "close", length) == 0)
        request->close = TRUE;
      else if (length > 0 && !(length == strlen ("keep-alive")
                               && g_ascii_strncasecmp (p, "keep-alive", length) == 0))
        return FALSE;
      p += length;
    }
  return TRUE;
}

static Header
header_of (const char *name, gsize length)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_headers); i++)
    if (strlen (known_headers[i].name) == length
        && g_ascii_strncasecmp (name, known_headers[i].name, length) == 0)
      return known_headers[i].header;
  return 0;
}

static gboolean
take_header (Header header, const char *value, LoketServerFastRequest *request, Header *seen)
{
  if (header == 0)
    return TRUE;
  if ((*seen & header) != 0 || header == HEADER_LIBSOUPS)
    return FALSE;
  *seen |= header;
  switch (header)
    {
    case HEADER_HOST:
      return is_plain_host (value);
    case HEADER_CONNECTION:
      return parse_connection (value, request);
    case HEADER_IF_NONE_MATCH:
      request->if_none_match = value;
      return TRUE;
    case HEADER_FORWARDED_FOR:
      request->forwarded_for = value;
      return TRUE;
    case HEADER_CONTENT_LENGTH:
      return g_str_equal (value, "0");
    case HEADER_LIBSOUPS:
    default:
      return FALSE;
    }
}

/* "Name: value", ending at line_end (its CR). */
static gboolean
parse_header (char *line, char *line_end, LoketServerFastRequest *request, Header *seen)
{
  char *colon = line;
  char *value, *value_end;

  /* A line that starts with a space continues the one before (obs-fold): libsoup's. */
  while (colon < line_end && is_token_char (*colon))
    colon++;
  if (colon == line || colon == line_end || *colon != ':')
    return FALSE;
  for (const char *p = colon + 1; p < line_end; p++)
    if (!is_value_char (*p))
      return FALSE;
  value = colon + 1;
  while (value < line_end && (*value == ' ' || *value == '\t'))
    value++;
  value_end = line_end;
  while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t'))
    value_end--;
  *value_end = '\0';
  return take_header (header_of (line, (gsize) (colon - line)), value, request, seen);
}

/* Within check_query_limits' limits (loket-server.c): no '%' is in it, so each key and value
 * is as long decoded as it is here. */
static gboolean
query_within_limits (const char *query)
{
  if (strlen (query) > LOKET_SERVER_MAX_QUERY_BYTES)
    return FALSE;
  for (const char *p = query; *p != '\0'; )
    {
      gsize length = strcspn (p, "&");
      const char *equals = memchr (p, '=', length);
      gsize key = equals != NULL ? (gsize) (equals - p) : length;
      gsize value = equals != NULL ? length - key - 1 : 0;

      if (key > LOKET_SERVER_MAX_PARAM_BYTES || value > LOKET_SERVER_MAX_PARAM_BYTES)
        return FALSE;
      p += length;
      if (*p == '&')
        p++;
    }
  return TRUE;
}

/* A public route whose GET answers are kept, named exactly (no dot segments or empty ones,
 * which libsoup would resolve first). */
static gboolean
is_kept_route (const LoketServerRoute *route, const char *path)
{
  return route != NULL && route->is_public && route->cache == LOKET_SERVER_CACHE_KEEP
         && loket_server_route_allows (route, "GET") && strstr (path, "//") == NULL
         && strstr (path, "/.") == NULL;
}

LoketServerFastVerdict
loket_server_fast_parse (char *data, gsize length, LoketServerFastRequest *request)
{
  char *end = memmem (data, MIN (length, LOKET_SERVER_FAST_MAX_HEAD), "\r\n\r\n", 4);
  char *line, *line_end;
  Header seen = 0;

  g_return_val_if_fail (data != NULL && request != NULL, LOKET_SERVER_FAST_THEIRS);

  if (end == NULL)
    return length < LOKET_SERVER_FAST_MAX_HEAD && may_become_ours (data, length)
           ? LOKET_SERVER_FAST_MORE : LOKET_SERVER_FAST_THEIRS;
  memset (request, 0, sizeof *request);
  request->head_length = (gsize) (end - data) + 4;
  if (memchr (data, '\0', request->head_length) != NULL)
    return LOKET_SERVER_FAST_THEIRS;
  line_end = memmem (data, request->head_length, "\r\n", 2);
  if (!parse_request_line (data, line_end, request))
    return LOKET_SERVER_FAST_THEIRS;
  request->route = loket_server_find_route (request->path);
  if (!is_kept_route (request->route, request->path)
      || (request->query != NULL && !query_within_limits (request->query)))
    return LOKET_SERVER_FAST_THEIRS;
  /* The header lines, up to the empty line's CRLF at end + 2. */
  for (line = line_end + 2; line < end + 2; line = line_end + 2)
    {
      line_end = memmem (line, (gsize) (end + 2 - line), "\r\n", 2);
      if (!parse_header (line, line_end, request, &seen))
        return LOKET_SERVER_FAST_THEIRS;
    }
  /* HTTP/1.1 asks for a Host (libsoup answers 400 without). */
  return (seen & HEADER_HOST) != 0 ? LOKET_SERVER_FAST_OURS : LOKET_SERVER_FAST_THEIRS;
}
