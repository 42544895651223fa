/* loket-article-diff.c — two versions of an article side by side in one text, word by word.
 *
 * Each part (title, public text, internal text) is a read-only GtkTextView holding the pieces
 * of loket_text_diff in reading order, removed ones tagged struck through on a red ground and
 * added ones underlined on a green ground: the strike and the underline carry the meaning
 * without the colours.  The summary line above them names what went and what came, shortened,
 * and is the accessible description, so a screen reader user hears the change first.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "loket-article-diff.h"
#include "loket-text-diff.h"

/* Enough of a removed or added passage to recognise it in the summary. */
#define SUMMARY_CHARS 80

typedef struct {
  const char *column;
  const char *label;
} Part;

static const Part parts[] = {
  { "title", N_("Title") },
  { "public_body", N_("Public text") },
  { "internal_body", N_("Internal text") },
};

struct _LoketArticleDiff
{
  AdwBin       parent_instance;

  GtkLabel    *caption;
  GtkLabel    *summary;
  GtkTextView *views[G_N_ELEMENTS (parts)];
  GtkWidget   *boxes[G_N_ELEMENTS (parts)];
};

G_DEFINE_FINAL_TYPE (LoketArticleDiff, loket_article_diff, ADW_TYPE_BIN)

/* ---- One part --------------------------------------------------------------------------------- */

static void
create_tags (GtkTextBuffer *buffer)
{
  GdkRGBA red = { 0.88, 0.11, 0.14, 0.25 };
  GdkRGBA green = { 0.18, 0.76, 0.49, 0.25 };

  gtk_text_buffer_create_tag (buffer, "removed", "strikethrough", TRUE,
                              "background-rgba", &red, NULL);
  gtk_text_buffer_create_tag (buffer, "added", "underline", PANGO_UNDERLINE_SINGLE,
                              "background-rgba", &green, NULL);
}

/* Adds a piece's words to what the summary says went or came, up to SUMMARY_CHARS. */
static void
note_piece (GString *words, const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  glong room = SUMMARY_CHARS - (glong) g_utf8_strlen (words->str, -1);

  if (*trimmed == '\0' || room <= 0)
    return;
  if (words->len > 0)
    g_string_append (words, " … ");
  if (g_utf8_strlen (trimmed, -1) > room)
    {
      g_autofree char *cut = g_utf8_substring (trimmed, 0, room);

      g_string_append_printf (words, "%s…", cut);
      return;
    }
  g_string_append (words, trimmed);
}

/* Fills one part's view; the sentence for the summary, or NULL when the part did not change. */
static char *
show_part (GtkTextView *view, const Part *part, LoketRecord *old_version,
           LoketRecord *new_version)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GPtrArray) pieces = loket_text_diff (loket_record_get_string (old_version, part->column),
                                                 loket_record_get_string (new_version, part->column));
  g_autoptr(GString) removed = g_string_new (NULL);
  g_autoptr(GString) added = g_string_new (NULL);
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", 0);
  for (guint i = 0; i < pieces->len; i++)
    {
      LoketDiffPiece *piece = pieces->pdata[i];
      const char *tag = piece->kind == LOKET_DIFF_REMOVED ? "removed"
                        : piece->kind == LOKET_DIFF_ADDED ? "added" : NULL;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, piece->text, -1, tag, NULL);
      if (piece->kind == LOKET_DIFF_REMOVED)
        note_piece (removed, piece->text);
      else if (piece->kind == LOKET_DIFF_ADDED)
        note_piece (added, piece->text);
    }
  if (removed->len > 0 && added->len > 0)
    /* Translators: a part of an article (Title, Public text) and what was removed and added */
    return g_strdup_printf (_("%s: removed “%s”, added “%s”."), _(part->label), removed->str,
                            added->str);
  if (removed->len > 0)
    return g_strdup_printf (_("%s: removed “%s”."), _(part->label), removed->str);
  if (added->len > 0)
    return g_strdup_printf (_("%s: added “%s”."), _(part->label), added->str);
  return NULL;
}

/* ---- Building --------------------------------------------------------------------------------- */

static GtkWidget *
build_part (LoketArticleDiff *self, guint i)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_(parts[i].label));
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *name = g_strconcat ("diff-", parts[i].column, NULL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_name (view, name);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_add_css_class (view, "article-diff-text");
  create_tags (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  heading, NULL, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), view);
  self->views[i] = GTK_TEXT_VIEW (view);
  self->boxes[i] = box;
  return box;
}

static GtkLabel *
wrapping_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static void
loket_article_diff_init (LoketArticleDiff *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *legend = gtk_label_new (_("Struck through: removed. Underlined: added."));

  self->caption = wrapping_label ("title-4");
  self->summary = wrapping_label ("body");
  gtk_widget_set_name (GTK_WIDGET (self->summary), "diff-summary");
  gtk_label_set_xalign (GTK_LABEL (legend), 0);
  gtk_widget_add_css_class (legend, "dim-label");
  gtk_widget_add_css_class (legend, "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->caption));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));
  gtk_box_append (GTK_BOX (box), legend);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    gtk_box_append (GTK_BOX (box), build_part (self, i));
  adw_bin_set_child (ADW_BIN (self), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes between two versions"), -1);
}

static void
loket_article_diff_class_init (LoketArticleDiffClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_css_name (widget_class, "articlediff");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* ---- Public ----------------------------------------------------------------------------------- */

GtkWidget *
loket_article_diff_new (void)
{
  return g_object_new (LOKET_TYPE_ARTICLE_DIFF, NULL);
}

void
loket_article_diff_set_versions (LoketArticleDiff *self, LoketRecord *old_version,
                                 LoketRecord *new_version, const char *caption)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  g_return_if_fail (LOKET_IS_ARTICLE_DIFF (self));
  g_return_if_fail (LOKET_IS_RECORD (old_version) && LOKET_IS_RECORD (new_version));

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *sentence = show_part (self->views[i], &parts[i], old_version,
                                             new_version);

      if (sentence != NULL)
        g_string_append_printf (summary, "%s%s", summary->len > 0 ? "\n" : "", sentence);
    }
  if (summary->len == 0)
    g_string_append (summary, _("The two versions are the same."));
  gtk_label_set_text (self->caption, caption != NULL ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption), caption != NULL);
  gtk_label_set_text (self->summary, summary->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary->str, -1);
}

const char *
loket_article_diff_get_summary (LoketArticleDiff *self)
{
  g_return_val_if_fail (LOKET_IS_ARTICLE_DIFF (self), NULL);

  return gtk_label_get_text (self->summary);
}
