/* loket-markdown.c — CommonMark into a GtkTextBuffer (see the header).
 *
 * One pass over cmark's tree: every inline text is inserted at the end of the buffer with the
 * tags in force (a stack: a heading, a list level, strong, a link …).  Blocks start on a new
 * line; their spacing is a tag on the first character of that line, since GTK takes a
 * paragraph's spacing and margins from there.
 */
#include "config.h"

#include <string.h>

#include <cmark.h>

#include "loket-markdown.h"

#define LINKS_KEY "loket-markdown-links"
#define TARGET_KEY "loket-markdown-target"
#define MAX_LIST_DEPTH 4

static const char *const bullets[] = { "•", "◦", "▪", "▫" };

typedef struct {
  gboolean ordered;
  int      number;
  gboolean tight;
} ListLevel;

typedef struct {
  GtkTextBuffer   *buffer;
  GtkTextTagTable *table;
  GPtrArray       *tags;       /* in force, innermost last */
  GArray          *lists;      /* ListLevel, innermost last */
  GtkTextTag      *line_tag;   /* the spacing of the line just begun, or NULL */
  gboolean         in_item;    /* the next paragraph goes on its item's bullet line */
  int              link_start; /* where the open link's words began */
  GPtrArray       *links;
} Render;

/* ---- Tags ------------------------------------------------------------------------------------ */

/* Later tags win over earlier ones: a heading's spacing over a paragraph's, a deeper list's
 * margin over its parent's. */
static void
ensure_tags (GtkTextBuffer *buffer)
{
  GdkRGBA shade = { 0.5, 0.5, 0.5, 0.15 };

  if (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "link") != NULL)
    return;
  gtk_text_buffer_create_tag (buffer, "gap", "pixels-above-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, "gap-small", "pixels-above-lines", 3, NULL);
  gtk_text_buffer_create_tag (buffer, "quote", "left-margin", 18, "style", PANGO_STYLE_ITALIC,
                              NULL);
  for (int level = 1; level <= MAX_LIST_DEPTH; level++)
    {
      g_autofree char *name = g_strdup_printf ("list-%d", level);

      /* A hanging indent: wrapped lines start under the words, not under the bullet. */
      gtk_text_buffer_create_tag (buffer, name, "left-margin", 6 + 22 * level, "indent", -18,
                                  NULL);
    }
  gtk_text_buffer_create_tag (buffer, "h1", "weight", PANGO_WEIGHT_BOLD, "scale", 1.5,
                              "pixels-above-lines", 18, NULL);
  gtk_text_buffer_create_tag (buffer, "h2", "weight", PANGO_WEIGHT_BOLD, "scale", 1.25,
                              "pixels-above-lines", 16, NULL);
  gtk_text_buffer_create_tag (buffer, "h3", "weight", PANGO_WEIGHT_BOLD, "scale", 1.1,
                              "pixels-above-lines", 12, NULL);
  gtk_text_buffer_create_tag (buffer, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "emph", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", "background-rgba", &shade,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "code-block", "family", "monospace",
                              "paragraph-background-rgba", &shade, "left-margin", 12, NULL);
  gtk_text_buffer_create_tag (buffer, "rule", "justification", GTK_JUSTIFY_CENTER,
                              "foreground-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 0.8 }, NULL);
  gtk_text_buffer_create_tag (buffer, "link", "underline", PANGO_UNDERLINE_SINGLE,
                              "foreground", "#1c71d8", NULL);
}

static GtkTextTag *
tag (Render *r, const char *name)
{
  GtkTextTag *found = gtk_text_tag_table_lookup (r->table, name);

  g_assert (found != NULL);
  return found;
}

static void
push (Render *r, GtkTextTag *tag)
{
  g_ptr_array_add (r->tags, tag);
}

static void
pop (Render *r)
{
  g_assert (r->tags->len > 0);
  g_ptr_array_set_size (r->tags, r->tags->len - 1);
}

/* ---- Text ------------------------------------------------------------------------------------ */

static void
insert (Render *r, const char *text, int length)
{
  GtkTextIter start, end;
  int offset;

  if (text == NULL || length == 0)
    return;
  gtk_text_buffer_get_end_iter (r->buffer, &end);
  offset = gtk_text_iter_get_offset (&end);
  gtk_text_buffer_insert (r->buffer, &end, text, length);
  gtk_text_buffer_get_iter_at_offset (r->buffer, &start, offset);
  gtk_text_buffer_get_end_iter (r->buffer, &end);
  for (guint i = 0; i < r->tags->len; i++)
    gtk_text_buffer_apply_tag (r->buffer, r->tags->pdata[i], &start, &end);
  if (r->line_tag != NULL)
    {
      GtkTextIter first = start;

      gtk_text_iter_forward_char (&first);
      gtk_text_buffer_apply_tag (r->buffer, r->line_tag, &start, &first);
      r->line_tag = NULL;
    }
}

/* A block begins: on a line of its own, spaced by line_tag (none at the very top). */
static void
new_line (Render *r, const char *line_tag)
{
  GtkTextIter end;

  r->in_item = FALSE;
  if (gtk_text_buffer_get_char_count (r->buffer) == 0)
    {
      r->line_tag = NULL;
      return;
    }
  gtk_text_buffer_get_end_iter (r->buffer, &end);
  gtk_text_buffer_insert (r->buffer, &end, "\n", 1);
  r->line_tag = line_tag != NULL ? tag (r, line_tag) : NULL;
}

/* ---- Lists and links ------------------------------------------------------------------------- */

static void
enter_list (Render *r, cmark_node *node)
{
  ListLevel level = {
    .ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST,
    .number = cmark_node_get_list_start (node),
    .tight = cmark_node_get_list_tight (node),
  };
  g_autofree char *name = NULL;

  g_array_append_val (r->lists, level);
  name = g_strdup_printf ("list-%u", MIN (r->lists->len, MAX_LIST_DEPTH));
  push (r, tag (r, name));
}

static void
enter_item (Render *r, cmark_node *node)
{
  ListLevel *level;
  g_autofree char *marker = NULL;
  gboolean first = cmark_node_previous (node) == NULL;

  g_assert (r->lists->len > 0);
  level = &g_array_index (r->lists, ListLevel, r->lists->len - 1);
  new_line (r, level->tight && !first ? "gap-small" : "gap");
  if (level->ordered)
    marker = g_strdup_printf ("%d.\u2002", level->number++);
  else
    marker = g_strdup_printf ("%s\u2002", bullets[(r->lists->len - 1) % G_N_ELEMENTS (bullets)]);
  insert (r, marker, -1);
  r->in_item = TRUE;
}

static void
link_free (gpointer data)
{
  LoketMarkdownLink *link = data;

  g_free (link->text);
  g_free (link->target);
  g_clear_object (&link->tag);
  g_free (link);
}

/* A link of its own tag, or nothing for a target the desk does not follow (its words are
 * shown as plain text). */
static void
enter_link (Render *r, cmark_node *node)
{
  const char *url = cmark_node_get_url (node);
  GtkTextTag *own;

  if (!loket_markdown_is_link (url))
    return;
  own = gtk_text_tag_new (NULL);
  g_object_set_data_full (G_OBJECT (own), TARGET_KEY, g_strdup (url), g_free);
  gtk_text_tag_table_add (r->table, own);
  cmark_node_set_user_data (node, own);
  push (r, tag (r, "link"));
  push (r, own);
  r->link_start = gtk_text_buffer_get_char_count (r->buffer);
}

static void
exit_link (Render *r, cmark_node *node)
{
  GtkTextTag *own = cmark_node_get_user_data (node);
  LoketMarkdownLink *link;
  GtkTextIter start, end;

  if (own == NULL)
    return;
  pop (r);
  pop (r);
  gtk_text_buffer_get_iter_at_offset (r->buffer, &start, r->link_start);
  gtk_text_buffer_get_end_iter (r->buffer, &end);
  link = g_new0 (LoketMarkdownLink, 1);
  link->text = g_strstrip (gtk_text_buffer_get_text (r->buffer, &start, &end, FALSE));
  link->target = g_strdup (g_object_get_data (G_OBJECT (own), TARGET_KEY));
  link->tag = own; /* gtk_text_tag_new's reference; the table holds one of its own */
  g_ptr_array_add (r->links, link);
}

/* ---- The walk -------------------------------------------------------------------------------- */

static void
enter_leaf (Render *r, cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
      insert (r, literal, -1);
      break;
    case CMARK_NODE_SOFTBREAK:
      insert (r, " ", 1);
      break;
    case CMARK_NODE_LINEBREAK:
      /* A new line in the same paragraph: no paragraph spacing. */
      insert (r, "\u2028", -1);
      break;
    case CMARK_NODE_CODE:
      push (r, tag (r, "code"));
      insert (r, literal, -1);
      pop (r);
      break;
    case CMARK_NODE_CODE_BLOCK:
      new_line (r, "gap");
      push (r, tag (r, "code-block"));
      insert (r, literal, literal != NULL && g_str_has_suffix (literal, "\n")
                            ? (int) strlen (literal) - 1 : -1);
      pop (r);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      new_line (r, "gap");
      push (r, tag (r, "rule"));
      insert (r, "────────────", -1);
      pop (r);
      break;
    default:
      /* HTML blocks and inline HTML are left out on purpose. */
      break;
    }
}

static void
enter_node (Render *r, cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_PARAGRAPH:
      if (!r->in_item)
        new_line (r, "gap");
      r->in_item = FALSE;
      break;
    case CMARK_NODE_HEADING:
      {
        g_autofree char *name = g_strdup_printf ("h%d", CLAMP (cmark_node_get_heading_level (node),
                                                               1, 3));

        new_line (r, name);
        push (r, tag (r, name));
      }
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      push (r, tag (r, "quote"));
      break;
    case CMARK_NODE_LIST:
      enter_list (r, node);
      break;
    case CMARK_NODE_ITEM:
      enter_item (r, node);
      break;
    case CMARK_NODE_EMPH:
      push (r, tag (r, "emph"));
      break;
    case CMARK_NODE_STRONG:
      push (r, tag (r, "strong"));
      break;
    case CMARK_NODE_LINK:
      enter_link (r, node);
      break;
    default:
      break;
    }
}

static void
exit_node (Render *r, cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
      pop (r);
      break;
    case CMARK_NODE_LIST:
      pop (r);
      g_array_set_size (r->lists, r->lists->len - 1);
      break;
    case CMARK_NODE_ITEM:
      r->in_item = FALSE;
      break;
    case CMARK_NODE_LINK:
      exit_link (r, node);
      break;
    default:
      break;
    }
}

static gboolean
is_leaf (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The links of the last render go, tags and all, before a new one. */
static void
forget_links (GtkTextBuffer *buffer)
{
  GPtrArray *old = g_object_get_data (G_OBJECT (buffer), LINKS_KEY);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  for (guint i = 0; old != NULL && i < old->len; i++)
    gtk_text_tag_table_remove (table, ((LoketMarkdownLink *) old->pdata[i])->tag);
  g_object_set_data_full (G_OBJECT (buffer), LINKS_KEY,
                          g_ptr_array_new_with_free_func (link_free),
                          (GDestroyNotify) g_ptr_array_unref);
}

/* ---- Public API ------------------------------------------------------------------------------ */

void
loket_markdown_render (GtkTextBuffer *buffer, const char *markdown)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (ListLevel));
  Render r = { buffer, gtk_text_buffer_get_tag_table (buffer), tags, lists, NULL, FALSE, 0,
               NULL };
  cmark_node *document;
  cmark_iter *iter;
  cmark_event_type event;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  ensure_tags (buffer);
  gtk_text_buffer_set_text (buffer, "", 0);
  forget_links (buffer);
  r.links = g_object_get_data (G_OBJECT (buffer), LINKS_KEY);
  if (markdown == NULL || *markdown == '\0')
    return;
  document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_VALIDATE_UTF8);
  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event == CMARK_EVENT_ENTER && is_leaf (node))
        enter_leaf (&r, node);
      else if (event == CMARK_EVENT_ENTER)
        enter_node (&r, node);
      else if (event == CMARK_EVENT_EXIT)
        exit_node (&r, node);
    }
  cmark_iter_free (iter);
  cmark_node_free (document);
}

const char *
loket_markdown_link_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = NULL;

  g_return_val_if_fail (iter != NULL, NULL);

  tags = gtk_text_iter_get_tags (iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *target = g_object_get_data (G_OBJECT (l->data), TARGET_KEY);

      if (target != NULL)
        return target;
    }
  return NULL;
}

GPtrArray *
loket_markdown_get_links (GtkTextBuffer *buffer)
{
  GPtrArray *links;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  links = g_object_get_data (G_OBJECT (buffer), LINKS_KEY);
  if (links == NULL)
    {
      forget_links (buffer);
      links = g_object_get_data (G_OBJECT (buffer), LINKS_KEY);
    }
  return links;
}

gboolean
loket_markdown_is_link (const char *target)
{
  static const char *const schemes[] = { "article:", "book:", "http://", "https://", "mailto:" };

  if (target == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (target, schemes[i], strlen (schemes[i])) == 0
        && target[strlen (schemes[i])] != '\0')
      return TRUE;
  return FALSE;
}

void
loket_markdown_set_dark (GtkTextBuffer *buffer, gboolean dark)
{
  GtkTextTag *link;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  ensure_tags (buffer);
  link = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "link");
  /* Adwaita's accent colour in each style. */
  g_object_set (link, "foreground", dark ? "#78aeed" : "#1c71d8", NULL);
}
