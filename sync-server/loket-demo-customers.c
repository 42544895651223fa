/* loket-demo-customers.c — demo customers: Dutch and Flemish persons with valid BSNs and
 * rijksregisternummers, and associations with a KvK number.
 * See loket-demo.c.
 */
#include "loket-demo-private.h"

#include <string.h>

#include "loket-auth.h"
#include "loket-error.h"

/* ---- Customers ----------------------------------------------------------------------- */

typedef struct {
  const char *kind, *bsn, *rrn, *kvk, *name, *birth_date, *email, *phone, *postcode, *channel;
} CustomerRow;

static gboolean
insert_customer (Demo *d, const CustomerRow *row, GError **error)
{
  DemoCustomer customer = { .organisation = g_str_equal (row->kind, "organisation") };
  DemoTime created;

  demo_new_id (customer.id);
  demo_format_utc (demo_office_time (d, g_rand_int_range (d->rand, 60, 3000)), created);
  if (!demo_insert (d, "INSERT INTO customers (id, kind, bsn, rrn, kvk, name, birth_date, email,"
                    " phone, postcode, preferred_channel, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssssssssssss", error,
                    customer.id, row->kind, row->bsn, row->rrn, row->kvk, row->name,
                    row->birth_date, row->email, row->phone, row->postcode, row->channel,
                    created))
    return FALSE;
  g_array_append_val (d->customers, customer);
  return TRUE;
}

/* Claims a number or name for one customer; FALSE when it is already in use. */
static gboolean
claim (Demo *d, const char *value)
{
  if (g_hash_table_contains (d->taken, value))
    return FALSE;
  g_hash_table_add (d->taken, g_strdup (value));
  return TRUE;
}

/* Eight random digits and a ninth that makes the elfproef hold (9·d1 + … + 2·d8 − d9 ≡ 0 mod
 * 11); FALSE when no ninth digit can. */
static gboolean
make_bsn (Demo *d, char out[10])
{
  int sum = 0;

  for (int i = 0; i < 8; i++)
    {
      int digit = g_rand_int_range (d->rand, i == 0 ? 1 : 0, 10);

      out[i] = '0' + digit;
      sum += (9 - i) * digit;
    }
  if (sum % 11 == 10)
    return FALSE;
  out[8] = '0' + sum % 11;
  out[9] = '\0';
  return TRUE;
}

/* YYMMDD, a sequence number and a mod-97 check (with a leading 2 for births from 2000). */
static void
make_rrn (Demo *d, const GDate *birth, char out[12])
{
  gint64 base = (gint64) (g_date_get_year (birth) % 100) * 10000000
                + g_date_get_month (birth) * 100000 + g_date_get_day (birth) * 1000
                + g_rand_int_range (d->rand, 1, 999);
  gint64 checked = g_date_get_year (birth) >= 2000 ? 2000000000 + base : base;

  g_snprintf (out, 12, "%09" G_GINT64_FORMAT "%02d", base, (int) (97 - checked % 97));
}

static char *
email_for (const char *name, const char *domain)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *email = g_string_new (NULL);
  gboolean dotted = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (*p == ' ' && !dotted)
        {
          g_string_append_c (email, '.');
          dotted = TRUE;
        }
      else if (g_ascii_isalnum (*p))
        g_string_append_c (email, g_ascii_tolower (*p));
    }
  g_string_append_printf (email, "@%s", domain);
  return g_string_free (email, FALSE);
}

static void
random_birth_date (Demo *d, GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, 1, 1945);
  g_date_add_days (out, g_rand_int_range (d->rand, 0, 62 * 365));
}

static const char *
random_channel (Demo *d)
{
  int r = demo_pick (d, 10);

  return r < 5 ? "email" : r < 7 ? "telefoon" : r < 9 ? "digitaal" : "post";
}

static gboolean
insert_dutch_person (Demo *d, GError **error)
{
  static const char letters[] = "ABCEGHJKLMNPRTVWXZ";
  char bsn[10], birth[11], phone[16], postcode[8];
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  GDate birth_date;

  do
    {
      g_free (name);
      name = g_strdup_printf ("%s %s", loket_demo_first_names[demo_pick (d, loket_demo_n_first_names)],
                              loket_demo_last_names[demo_pick (d, loket_demo_n_last_names)]);
    }
  while (!claim (d, name));
  while (!make_bsn (d, bsn) || !claim (d, bsn))
    ;
  random_birth_date (d, &birth_date);
  demo_format_date (&birth_date, birth);
  email = email_for (name, "example.nl");
  g_snprintf (phone, sizeof phone, "06-%08d", g_rand_int_range (d->rand, 10000000, 99999999));
  g_snprintf (postcode, sizeof postcode, "772%d %c%c", g_rand_int_range (d->rand, 1, 6),
              letters[demo_pick (d, sizeof letters - 1)], letters[demo_pick (d, sizeof letters - 1)]);
  return insert_customer (d, &(CustomerRow) { "person", bsn, NULL, NULL, name, birth, email,
                                              phone, postcode, random_channel (d) }, error);
}

/* A Flemish neighbour from Baarle-Hertog, identified by rijksregisternummer. */
static gboolean
insert_flemish_person (Demo *d, const char *name, GError **error)
{
  char rrn[12], birth[11], phone[20];
  g_autofree char *email = email_for (name, "example.be");
  GDate birth_date;

  random_birth_date (d, &birth_date);
  demo_format_date (&birth_date, birth);
  do
    make_rrn (d, &birth_date, rrn);
  while (!claim (d, rrn));
  g_snprintf (phone, sizeof phone, "+32 47%d %02d %02d %02d", demo_pick (d, 10), demo_pick (d, 100),
              demo_pick (d, 100), demo_pick (d, 100));
  return insert_customer (d, &(CustomerRow) { "person", NULL, rrn, NULL, name, birth, email,
                                              phone, "2387", random_channel (d) }, error);
}

static gboolean
insert_association (Demo *d, guint index, GError **error)
{
  const OrganisationDef *o = &loket_demo_organisations[index];
  char kvk[9], phone[16];

  do
    g_snprintf (kvk, sizeof kvk, "%08d", g_rand_int_range (d->rand, 40000000, 99999999));
  while (!claim (d, kvk));
  g_snprintf (phone, sizeof phone, "0529-%06d", g_rand_int_range (d->rand, 400000, 499999));
  return insert_customer (d, &(CustomerRow) { "organisation", NULL, NULL, kvk, o->name, NULL,
                                              o->email, phone, NULL, "email" }, error);
}

gboolean
demo_insert_customers (Demo *d, GError **error)
{
  for (int i = 0; i < N_DUTCH_PERSONS; i++)
    if (!insert_dutch_person (d, error))
      return FALSE;
  for (guint i = 0; i < loket_demo_n_flemish_names; i++)
    if (!insert_flemish_person (d, loket_demo_flemish_names[i], error))
      return FALSE;
  for (guint i = 0; i < loket_demo_n_organisations; i++)
    if (!insert_association (d, i, error))
      return FALSE;
  return TRUE;
}

int
demo_pick_customer (Demo *d, gboolean prefer_organisation)
{
  gboolean organisation = prefer_organisation && demo_chance (d, 70);

  for (;;)
    {
      int i = demo_pick (d, d->customers->len);

      if (g_array_index (d->customers, DemoCustomer, i).organisation == organisation)
        return i;
    }
}

const char *
demo_customer_id (Demo *d, int customer)
{
  return g_array_index (d->customers, DemoCustomer, customer).id;
}
