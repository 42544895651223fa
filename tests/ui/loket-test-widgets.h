#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Walking a real widget tree in UI tests: assertions are made on what is on screen. */

/* The first widget under root (root included) with that widget name, or NULL. */
GtkWidget *loket_test_find_named          (GtkWidget *root, const char *name);
/* Like find_named, but fails the test when there is none. */
GtkWidget *loket_test_get_named           (gpointer root, const char *name);
/* Every widget of type under root, in tree order, appended to out. */
void       loket_test_collect             (GtkWidget *root, GType type, GPtrArray *out);
/* The texts of the mapped labels under root (the array does not own them). */
GPtrArray *loket_test_visible_label_texts (GtkWidget *root);
gboolean   loket_test_texts_contain       (GPtrArray *texts, const char *text);
gboolean   loket_test_label_in_viewport   (GtkWidget *root, const char *text);
/* The row of the list box named list_name under root that shows text, or NULL. */
GtkWidget *loket_test_row_showing         (GtkWidget *root, const char *list_name,
                                           const char *text);
/* The position of the choice named name in a drop-down of strings (fails the test without). */
guint      loket_test_drop_down_choice    (GtkDropDown *drop, const char *name);

G_END_DECLS
