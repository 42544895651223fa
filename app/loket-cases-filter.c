/* loket-cases-filter.c — narrowing the Cases page's lists to a case type or a product.
 *
 * A back-office specialist with forty open cases looks at one kind at a time: all the
 * naturalisations, all the building permits.  The search box finds words; these two pick a
 * kind, and the lists' queries take them as conditions (loket_replica_filter_cases).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-cases-filter.h"
#include "loket-replica-agenda.h"

struct _LoketCasesFilter {
  GtkBox        parent_instance;

  LoketReplica *replica;
  GtkDropDown  *type_drop;
  GtkDropDown  *product_drop;
  GPtrArray    *type_ids;     /* by type_drop position; NULL first: all */
  GPtrArray    *product_ids;  /* by product_drop position; NULL first: all */
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (LoketCasesFilter, loket_cases_filter, GTK_TYPE_BOX)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
chosen (GtkDropDown *drop, GPtrArray *ids)
{
  guint position = gtk_drop_down_get_selected (drop);

  return position < ids->len ? g_ptr_array_index (ids, position) : NULL;
}

/* Whether drop already offers exactly these records (by id and name), in this order. */
static gboolean
offers (GtkDropDown *drop, GPtrArray *ids, GListModel *records)
{
  GListModel *names = gtk_drop_down_get_model (drop);
  guint n = g_list_model_get_n_items (records);

  if (names == NULL || ids->len != n + 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);

      if (g_strcmp0 (g_ptr_array_index (ids, i + 1), loket_record_get_id (record)) != 0
          || g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i + 1),
                        loket_record_get_string (record, "name")) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Fills drop with "all" and the records' names, and selects the one with id keep, if any.
 * Unchanged choices are left alone: a sync every few seconds must not close an open list. */
static void
fill (GtkDropDown *drop, GPtrArray *ids, const char *all, GListModel *records, const char *keep)
{
  g_autoptr(GtkStringList) names = NULL;
  guint selected = 0;

  if (offers (drop, ids, records))
    return;
  names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (names, all);
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LoketRecord) record = g_list_model_get_item (records, i);

      if (g_strcmp0 (loket_record_get_id (record), keep) == 0)
        selected = ids->len;
      gtk_string_list_append (names, loket_record_get_string (record, "name"));
      g_ptr_array_add (ids, g_strdup (loket_record_get_id (record)));
    }
  gtk_drop_down_set_model (drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (drop, selected);
}

void
loket_cases_filter_reload (LoketCasesFilter *self)
{
  g_autofree char *type = NULL;
  g_autofree char *product = NULL;
  g_autoptr(GListModel) types = NULL;
  g_autoptr(GListModel) products = NULL;

  g_return_if_fail (LOKET_IS_CASES_FILTER (self));

  type = g_strdup (chosen (self->type_drop, self->type_ids));
  product = g_strdup (chosen (self->product_drop, self->product_ids));
  types = loket_replica_list_case_types (self->replica);
  products = loket_replica_list_products (self->replica, NULL);
  self->loading = TRUE;
  fill (self->type_drop, self->type_ids, _("All case types"), types, type);
  fill (self->product_drop, self->product_ids, _("All products"), products, product);
  self->loading = FALSE;
}

static void
on_selected (LoketCasesFilter *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static GtkDropDown *
drop_new (LoketCasesFilter *self, const char *name, const char *label, const char *tooltip)
{
  GtkWidget *drop = gtk_drop_down_new (NULL, NULL);

  gtk_widget_set_name (drop, name);
  gtk_widget_set_tooltip_text (drop, tooltip);
  gtk_widget_set_hexpand (drop, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (drop),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop), TRUE);
  g_signal_connect_swapped (drop, "notify::selected", G_CALLBACK (on_selected), self);
  gtk_box_append (GTK_BOX (self), drop);
  return GTK_DROP_DOWN (drop);
}

static void
loket_cases_filter_dispose (GObject *object)
{
  LoketCasesFilter *self = LOKET_CASES_FILTER (object);

  g_clear_object (&self->replica);
  G_OBJECT_CLASS (loket_cases_filter_parent_class)->dispose (object);
}

static void
loket_cases_filter_finalize (GObject *object)
{
  LoketCasesFilter *self = LOKET_CASES_FILTER (object);

  g_ptr_array_unref (self->type_ids);
  g_ptr_array_unref (self->product_ids);
  G_OBJECT_CLASS (loket_cases_filter_parent_class)->finalize (object);
}

static void
loket_cases_filter_class_init (LoketCasesFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = loket_cases_filter_dispose;
  G_OBJECT_CLASS (klass)->finalize = loket_cases_filter_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_cases_filter_init (LoketCasesFilter *self)
{
  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_box_set_homogeneous (GTK_BOX (self), TRUE);
  self->type_drop = drop_new (self, "cases-type-filter", _("Only cases of this type"),
                              _("Show only cases of one case type"));
  self->product_drop = drop_new (self, "cases-product-filter", _("Only cases of this product"),
                                 _("Show only cases about one product"));
}

GtkWidget *
loket_cases_filter_new (LoketReplica *replica)
{
  LoketCasesFilter *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_CASES_FILTER, NULL);
  self->replica = g_object_ref (replica);
  loket_cases_filter_reload (self);
  return GTK_WIDGET (self);
}

void
loket_cases_filter_get (LoketCasesFilter *self, LoketCaseFilter *filter)
{
  g_return_if_fail (LOKET_IS_CASES_FILTER (self));
  g_return_if_fail (filter != NULL);

  filter->case_type_id = chosen (self->type_drop, self->type_ids);
  filter->product_id = chosen (self->product_drop, self->product_ids);
}

gboolean
loket_cases_filter_is_set (LoketCasesFilter *self)
{
  LoketCaseFilter filter;

  loket_cases_filter_get (self, &filter);
  return filter.case_type_id != NULL || filter.product_id != NULL;
}

void
loket_cases_filter_clear (LoketCasesFilter *self)
{
  g_return_if_fail (LOKET_IS_CASES_FILTER (self));

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->type_drop, 0);
  gtk_drop_down_set_selected (self->product_drop, 0);
  self->loading = FALSE;
}
