#pragma once

/* loket-markdown.h — knowledge-base Markdown (CommonMark) shown natively in a GtkTextBuffer.
 *
 * The text is walked as cmark's syntax tree and inserted with tags: headings (three levels),
 * paragraphs, strong and emphasised words, inline code and code blocks, bullet and numbered
 * lists (indented per level), block quotes and thematic breaks.  Raw HTML is never shown: an
 * article is read out to citizens and must look the same everywhere.
 *
 * A link gets the tag named "link" (its look) and a tag of its own that keeps the target, so a
 * click can find it (loket_markdown_link_at) and the keyboard can reach every link through
 * loket_markdown_get_links.  Only targets the desk knows what to do with become links:
 * article:ID, book:PRODUCT_ID, http(s) and mailto; any other is shown as plain text. */

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  char       *text;    /* the words of the link as shown */
  char       *target;  /* article:ID, book:PRODUCT_ID, https://…, mailto:… */
  GtkTextTag *tag;     /* the link's own tag in the buffer */
} LoketMarkdownLink;

/* Replaces the text of buffer by the rendered markdown (NULL or "": empty). */
void             loket_markdown_render      (GtkTextBuffer *buffer, const char *markdown);
/* The target of the link at iter, or NULL. */
const char      *loket_markdown_link_at     (const GtkTextIter *iter);
/* The links of buffer in reading order (LoketMarkdownLink, owned by the buffer; empty before
 * the first render). */
GPtrArray       *loket_markdown_get_links   (GtkTextBuffer *buffer);
/* Whether a target is one the desk follows (the schemes above). */
gboolean         loket_markdown_is_link     (const char *target);
/* The look of links for a dark or a light style. */
void             loket_markdown_set_dark    (GtkTextBuffer *buffer, gboolean dark);

G_END_DECLS
