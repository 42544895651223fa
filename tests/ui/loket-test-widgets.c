#include "loket-test-widgets.h"

GtkWidget *
loket_test_find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = loket_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
loket_test_get_named (gpointer root, const char *name)
{
  GtkWidget *widget = loket_test_find_named (GTK_WIDGET (root), name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

void
loket_test_collect (GtkWidget *root, GType type, GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    loket_test_collect (child, type, out);
}

GPtrArray *
loket_test_visible_label_texts (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new ();

  loket_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]))
      g_ptr_array_add (texts, (gpointer) gtk_label_get_text (labels->pdata[i]));
  return texts;
}

/* TRUE when a label with text under root is on screen in its scrolled window: mapped, laid out
 * (a list's fresh row widgets are mapped before their first allocation) and at least partly
 * inside the window's viewport. */
gboolean
loket_test_label_in_viewport (GtkWidget *root, const char *text)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (root, GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  double height = gtk_widget_get_height (scroller);

  g_assert_nonnull (scroller);
  loket_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (label) || g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0 ||
          gtk_widget_get_height (label) == 0 || !gtk_widget_compute_bounds (label, scroller, &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        return TRUE;
    }
  return FALSE;
}

gboolean
loket_test_texts_contain (GPtrArray *texts, const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

GtkWidget *
loket_test_row_showing (GtkWidget *root, const char *list_name, const char *text)
{
  GtkWidget *list = loket_test_get_named (root, list_name);

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GPtrArray) texts = NULL;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      texts = loket_test_visible_label_texts (child);
      if (loket_test_texts_contain (texts, text))
        return child;
    }
  return NULL;
}

guint
loket_test_drop_down_choice (GtkDropDown *drop, const char *name)
{
  GListModel *model = gtk_drop_down_get_model (drop);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      return i;
  g_error ("no choice %s", name);
}
