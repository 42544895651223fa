/* loket-admin-satisfaction.c — Beheer › Satisfaction: the survey's answers per product.
 *
 * The figures are the replica's (loket_replica_satisfaction), read again after every pull and
 * whenever the page is shown (the 90 days move on).  The rows are read, not changed: each is a
 * stop for the keyboard with the whole figure as its accessible label, and a refresh that
 * changes nothing leaves them (and the focus) alone.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-admin-satisfaction.h"
#include "loket-replica-messages.h"

struct _LoketAdminSatisfaction
{
  AdwBin        parent_instance;

  LoketReplica *replica;
  AdwPreferencesGroup *group;
  GPtrArray    *rows;       /* the rows in the group */
  char         *shown;      /* what the rows say, to skip a refresh that changes nothing */
};

G_DEFINE_FINAL_TYPE (LoketAdminSatisfaction, loket_admin_satisfaction, ADW_TYPE_BIN)

/* What one row says. */
typedef struct {
  char    *title;
  char    *subtitle;
  char    *figure;      /* the suffix: "mean 3.7 · 83% 3 or more" */
  char    *accessible;
  gboolean meets;
} RowText;

static void
row_text_clear (RowText *text)
{
  g_free (text->title);
  g_free (text->subtitle);
  g_free (text->figure);
  g_free (text->accessible);
}

static char *
mark (double value)
{
  return g_strdup_printf ("%.1f", value);
}

static void
row_text_fill (RowText *text, const char *title, const LoketSatisfaction *s)
{
  g_autofree char *handling = mark (loket_satisfaction_mean (s, LOKET_SURVEY_HANDLING));
  g_autofree char *information = mark (loket_satisfaction_mean (s, LOKET_SURVEY_INFORMATION));
  g_autofree char *duration = mark (loket_satisfaction_mean (s, LOKET_SURVEY_DURATION));
  g_autofree char *overall = mark (loket_satisfaction_overall (s));
  g_autofree char *answers = g_strdup_printf (ngettext ("%u answer", "%u answers", s->answers),
                                              s->answers);
  int share = (int) (loket_satisfaction_share (s) * 100 + 0.5);

  text->title = g_strdup (title);
  text->meets = loket_satisfaction_meets_target (s);
  /* Translators: the number of answers and the mean mark of each question, "12 answers ·
   * handling 4.2 · information 3.8 · time 3.1" */
  text->subtitle = g_strdup_printf (_("%s · handling %s · information %s · time %s"), answers,
                                    handling, information, duration);
  /* Translators: the mean of all marks and the share of answers averaging 3 or more */
  text->figure = g_strdup_printf (_("mean %s · %d%% 3 or more"), overall, share);
  /* Translators: what a screen reader says for a product's satisfaction: its name, the
   * answers and means, the mean of all, the share of 3 or more, and the verdict */
  text->accessible = g_strdup_printf (_("%s: %s; mean %s out of 5, %d%% of the answers 3 or "
                                        "more; %s"),
                                      title, text->subtitle, overall, share,
                                      text->meets ? _("meets the target")
                                                  : _("below the target"));
}

static GArray *
satisfaction_texts (LoketAdminSatisfaction *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -LOKET_ADMIN_SATISFACTION_DAYS);
  /* A day ahead: the server's clock decides when an answer was given, not the desk's. */
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 1);
  LoketSatisfaction total = { 0 };
  g_autoptr(GArray) products = loket_replica_satisfaction (self->replica, from, until, &total);
  GArray *texts = g_array_new (FALSE, TRUE, sizeof (RowText));

  g_array_set_clear_func (texts, (GDestroyNotify) row_text_clear);
  if (total.answers > 0 && products->len > 1)
    {
      g_array_set_size (texts, texts->len + 1);
      row_text_fill (&g_array_index (texts, RowText, texts->len - 1), _("All Products"), &total);
    }
  for (guint i = 0; i < products->len; i++)
    {
      const LoketSatisfaction *s = &g_array_index (products, LoketSatisfaction, i);

      g_array_set_size (texts, texts->len + 1);
      row_text_fill (&g_array_index (texts, RowText, texts->len - 1),
                     s->product_name != NULL ? s->product_name : _("Without a product"), s);
    }
  loket_satisfaction_clear (&total);
  return texts;
}

static GtkWidget *
satisfaction_row_new (const RowText *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *figure = gtk_label_new (text->figure);
  GtkWidget *verdict = g_object_new (GTK_TYPE_IMAGE, "accessible-role",
                                     GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  gtk_widget_set_name (row, "satisfaction-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->subtitle);
  gtk_widget_add_css_class (figure, "numeric");
  gtk_image_set_from_icon_name (GTK_IMAGE (verdict), text->meets ? "emblem-ok-symbolic"
                                                                 : "dialog-warning-symbolic");
  gtk_widget_add_css_class (verdict, text->meets ? "success" : "warning");
  gtk_widget_set_tooltip_text (verdict, text->meets ? _("Meets the target of 3 out of 5")
                                                    : _("Below the target of 3 out of 5"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), verdict);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text->accessible, -1);
  return row;
}

static GtkWidget *
empty_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (ngettext ("No answers in the last %d day",
                                                      "No answers in the last %d days",
                                                      LOKET_ADMIN_SATISFACTION_DAYS),
                                            LOKET_ADMIN_SATISFACTION_DAYS);

  gtk_widget_set_name (row, "satisfaction-empty");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static char *
texts_key (GArray *texts)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (key, "%s\n", g_array_index (texts, RowText, i).accessible);
  return g_string_free (key, FALSE);
}

/* The position of the row with the keyboard focus, or -1. */
static int
focused_row (LoketAdminSatisfaction *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint i = 0; focus != NULL && i < self->rows->len; i++)
    if (focus == self->rows->pdata[i] || gtk_widget_is_ancestor (focus, self->rows->pdata[i]))
      return (int) i;
  return -1;
}

static void
satisfaction_refresh (LoketAdminSatisfaction *self)
{
  g_autoptr(GArray) texts = NULL;
  g_autofree char *key = NULL;
  int focused;

  if (self->replica == NULL)
    return;  /* disposed, and a last change arrives */
  texts = satisfaction_texts (self);
  key = texts_key (texts);
  if (g_strcmp0 (key, self->shown) == 0)
    return;
  focused = focused_row (self);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < texts->len; i++)
    g_ptr_array_add (self->rows, satisfaction_row_new (&g_array_index (texts, RowText, i)));
  if (texts->len == 0)
    g_ptr_array_add (self->rows, empty_row_new ());
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_add (self->group, self->rows->pdata[i]);
  if (focused >= 0)
    gtk_widget_grab_focus (self->rows->pdata[MIN ((guint) focused, self->rows->len - 1)]);
  g_free (self->shown);
  self->shown = g_steal_pointer (&key);
}

static void
satisfaction_on_replica_changed (LoketAdminSatisfaction *self, const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "survey_answers")
      || g_str_equal (entity, "products"))
    satisfaction_refresh (self);
}

/* The 90 days move on while the desk runs: read again when the page is shown. */
static void
satisfaction_on_map (GtkWidget *widget)
{
  satisfaction_refresh (LOKET_ADMIN_SATISFACTION (widget));
}

static void
loket_admin_satisfaction_dispose (GObject *object)
{
  LoketAdminSatisfaction *self = LOKET_ADMIN_SATISFACTION (object);

  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_admin_satisfaction_parent_class)->dispose (object);
}

static void
loket_admin_satisfaction_finalize (GObject *object)
{
  LoketAdminSatisfaction *self = LOKET_ADMIN_SATISFACTION (object);

  g_ptr_array_unref (self->rows);
  g_free (self->shown);
  G_OBJECT_CLASS (loket_admin_satisfaction_parent_class)->finalize (object);
}

static void
loket_admin_satisfaction_class_init (LoketAdminSatisfactionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_admin_satisfaction_dispose;
  object_class->finalize = loket_admin_satisfaction_finalize;
}

static void
loket_admin_satisfaction_init (LoketAdminSatisfaction *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  g_autofree char *description = NULL;

  self->rows = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_widget_set_name (GTK_WIDGET (self->group), "satisfaction-group");
  adw_preferences_group_set_title (self->group, _("Customer Satisfaction"));
  description = g_strdup_printf (ngettext ("What citizens answered in the last %d day after "
                                           "their case closed, on a scale of 1 to 5. The "
                                           "target is 3 or more.",
                                           "What citizens answered in the last %d days after "
                                           "their case closed, on a scale of 1 to 5. The "
                                           "target is 3 or more.",
                                           LOKET_ADMIN_SATISFACTION_DAYS),
                                 LOKET_ADMIN_SATISFACTION_DAYS);
  adw_preferences_group_set_description (self->group, description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->group);
  adw_bin_set_child (ADW_BIN (self), page);
  g_signal_connect (self, "map", G_CALLBACK (satisfaction_on_map), NULL);
}

GtkWidget *
loket_admin_satisfaction_new (LoketReplica *replica)
{
  LoketAdminSatisfaction *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ADMIN_SATISFACTION, NULL);
  self->replica = g_object_ref (replica);
  satisfaction_refresh (self);
  g_signal_connect_object (replica, "changed", G_CALLBACK (satisfaction_on_replica_changed),
                           self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
