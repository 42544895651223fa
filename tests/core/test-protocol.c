/* Wire-format helpers: time stamps and checked JSON member access. */
#include <string.h>

#include "loket-error.h"
#include "loket-protocol.h"

static void
test_time_round_trip (void)
{
  g_autofree char *text = loket_protocol_format_time (1795000000);
  gint64 back = 0;

  g_assert_cmpstr (text, ==, "2026-11-18T11:06:40Z");
  g_assert_true (loket_protocol_parse_time (text, &back));
  g_assert_cmpint (back, ==, 1795000000);
  /* An offset is understood and converted. */
  g_assert_true (loket_protocol_parse_time ("2026-11-18T12:06:40+01:00", &back));
  g_assert_cmpint (back, ==, 1795000000);
}

static void
test_time_refused (void)
{
  const char *bad[] = { "", "gisteren", "2026-02-30T10:00:00Z", "2026-11-18", "10:00",
                        "2026-11-18T25:00:00Z" };
  gint64 out = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (loket_protocol_parse_time (bad[i], &out));
  g_assert_false (loket_protocol_parse_time (NULL, &out));
}

static void
test_members (void)
{
  const char *json = "{\"s\": \"tekst\", \"n\": 42, \"o\": {}, \"a\": [], \"z\": null, \"f\": 1.5}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = loket_protocol_parse_object (json, strlen (json), &error);
  const char *s = NULL;
  gint64 n = 0;
  JsonObject *o = NULL;
  JsonArray *a = NULL;

  g_assert_no_error (error);
  g_assert_true (loket_protocol_get_string (object, "s", &s, &error));
  g_assert_cmpstr (s, ==, "tekst");
  g_assert_true (loket_protocol_get_int (object, "n", &n, &error));
  g_assert_cmpint (n, ==, 42);
  g_assert_true (loket_protocol_get_object (object, "o", &o, &error));
  g_assert_true (loket_protocol_get_array (object, "a", &a, &error));
  g_assert_true (loket_protocol_opt_string (object, "z", &s, &error));
  g_assert_null (s);
  g_assert_true (loket_protocol_opt_string (object, "missing", &s, &error));
  g_assert_null (s);

  g_assert_false (loket_protocol_get_string (object, "n", &s, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“n”"));
  g_clear_error (&error);
  g_assert_false (loket_protocol_get_int (object, "f", &n, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (loket_protocol_get_int (object, "missing", &n, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);
  g_assert_false (loket_protocol_get_object (object, "a", &o, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

static void
test_parse_refused (void)
{
  const char *bad[] = { "{", "[1, 2]", "\"tekst\"", "{\"a\": }", "null" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (loket_protocol_parse_object (bad[i], strlen (bad[i]), &error));
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_null (loket_protocol_parse_object ("", 0, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID);
}

/* The reasons of a resync are sentences for the clerk, and say nothing is lost. */
static void
test_resync_reasons (void)
{
  const char *codes[] = { LOKET_CODE_SCOPE_CHANGED, LOKET_CODE_CURSOR_COMPACTED };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *text = loket_protocol_describe_reason (codes[i]);

      g_assert_cmpstr (text, !=, codes[i]);
      g_assert_nonnull (strstr (text, "downloads your data again"));
      g_assert_nonnull (strstr (text, "not sent yet are kept"));
    }
  g_assert_cmpstr (loket_protocol_describe_reason ("iets anders"), ==, "iets anders");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/time/round-trip", test_time_round_trip);
  g_test_add_func ("/protocol/time/refused", test_time_refused);
  g_test_add_func ("/protocol/members", test_members);
  g_test_add_func ("/protocol/parse-refused", test_parse_refused);
  g_test_add_func ("/protocol/resync-reasons", test_resync_reasons);
  return g_test_run ();
}
