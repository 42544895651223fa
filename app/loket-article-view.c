/* loket-article-view.c — one knowledge article to read (see the header).
 *
 * A clerk reads this with a citizen at the counter or on the phone: the title, then in one
 * line what kind of article it is and how current, then the public text that may be read out,
 * and only then, in a card of its own, what is for staff only.  Links work with the mouse in
 * the text and with the keyboard from the list below it; the text views themselves stay
 * read-only and show no cursor.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "loket-article-editor.h"
#include "loket-article-view.h"
#include "loket-markdown.h"
#include "loket-protocol.h"
#include "loket-record.h"
#include "loket-replica-cases.h"
#include "loket-replica-kb.h"
#include "loket-time.h"

struct _LoketArticleView
{
  GtkWidget     parent_instance;

  LoketReplica *replica;
  char         *article_id;
  char         *revision_id;
  char         *product_id;     /* "Book this product" books this one */
  GListStore   *links;          /* LoketRecord: id = target, text */
  GListStore   *related;        /* LoketRecord: id, kind, title */

  GtkScrolledWindow *scroller;
  GtkLabel     *title_label;
  GtkLabel     *facts_label;
  GtkLabel     *overdue_label;
  GtkLabel     *revision_label;
  GtkWidget    *book_button;
  GtkTextView  *public_view;
  GtkWidget    *internal_box;
  GtkTextView  *internal_view;
  GtkWidget    *links_box;
  GtkListBox   *links_list;
  GtkWidget    *related_box;
  GtkListBox   *related_list;
};

G_DEFINE_FINAL_TYPE (LoketArticleView, loket_article_view, GTK_TYPE_WIDGET)

enum {
  OPEN_ARTICLE,
  BOOK_PRODUCT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Following links ------------------------------------------------------------------------- */

static void
follow_link (LoketArticleView *self, const char *target)
{
  if (g_str_has_prefix (target, "article:"))
    g_signal_emit (self, signals[OPEN_ARTICLE], 0, target + strlen ("article:"));
  else if (g_str_has_prefix (target, "book:"))
    g_signal_emit (self, signals[BOOK_PRODUCT], 0, target + strlen ("book:"));
  else if (loket_markdown_is_link (target))
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), target,
                  GDK_CURRENT_TIME);
}

/* The link under a point of a text view, or NULL. */
static const char *
link_at_point (GtkTextView *view, double x, double y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return NULL;
  return loket_markdown_link_at (&iter);
}

/* A click that selected no text follows the link it was on. */
static void
on_text_released (GtkGestureClick *gesture, int n_press, double x, double y,
                  LoketArticleView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (
                                       GTK_EVENT_CONTROLLER (gesture)));
  const char *target;

  if (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (view)))
    return;
  target = link_at_point (view, x, y);
  if (target != NULL)
    follow_link (self, target);
}

static void
on_text_motion (GtkEventControllerMotion *motion, double x, double y, gpointer data)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  gtk_widget_set_cursor_from_name (view, link_at_point (GTK_TEXT_VIEW (view), x, y) != NULL
                                         ? "pointer" : "text");
}

static void
watch_links (LoketArticleView *self, GtkTextView *view)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_text_released), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_text_motion), NULL);
  gtk_widget_add_controller (GTK_WIDGET (view), motion);
}

static void
on_link_row_activated (LoketArticleView *self, GtkListBoxRow *row)
{
  g_autoptr(LoketRecord) link = g_list_model_get_item (G_LIST_MODEL (self->links),
                                                       gtk_list_box_row_get_index (row));

  if (link != NULL)
    follow_link (self, loket_record_get_id (link));
}

static void
on_related_row_activated (LoketArticleView *self, GtkListBoxRow *row)
{
  g_autoptr(LoketRecord) article = g_list_model_get_item (G_LIST_MODEL (self->related),
                                                          gtk_list_box_row_get_index (row));

  if (article != NULL)
    g_signal_emit (self, signals[OPEN_ARTICLE], 0, loket_record_get_id (article));
}

static void
on_book_clicked (LoketArticleView *self)
{
  if (self->product_id != NULL)
    g_signal_emit (self, signals[BOOK_PRODUCT], 0, self->product_id);
}

/* ---- Words ----------------------------------------------------------------------------------- */

static char *
name_in (GListModel *rows, const char *id, const char *column)
{
  for (guint i = 0; id != NULL && *id != '\0' && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LoketRecord) row = g_list_model_get_item (rows, i);

      if (g_str_equal (loket_record_get_id (row), id))
        return g_strdup (loket_record_get_string (row, column));
    }
  return NULL;
}

static char *
product_name (LoketArticleView *self, const char *product_id)
{
  g_autoptr(GListModel) products = loket_replica_list_products (self->replica, NULL);

  return name_in (products, product_id, "name");
}

static char *
person_name (LoketArticleView *self, const char *user_id)
{
  g_autoptr(GListModel) people = loket_replica_list_assignees (self->replica, NULL);

  return name_in (people, user_id, "display_name");
}

/* "2030-03-01" or a wire time as a day in words; NULL when there is none. */
static char *
day_words (const char *text, GDate *date)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  unsigned year, month, day;
  gint64 at;

  g_date_clear (date, 1);
  if (loket_protocol_parse_time (text, &at))
    loket_time_local_date (tz, at, date);
  else if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) == 3
           && g_date_valid_dmy (day, month, year))
    g_date_set_dmy (date, day, month, year);
  return g_date_valid (date) ? loket_time_format_day (date, tz) : NULL;
}

static void
show_review (LoketArticleView *self, GPtrArray *facts, LoketRecord *row)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *review = NULL;
  GDate date, today;

  review = day_words (loket_record_get_string (row, "review_date"), &date);
  loket_time_today (tz, &today);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label),
                          review != NULL && g_date_compare (&date, &today) < 0);
  if (review != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("Review due %s"), review));
}

/* Kind, product, owner, version and date, review date: one line, " · " apart. */
static void
show_facts (LoketArticleView *self, LoketRecord *row)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *product = product_name (self, loket_record_get_string (row, "product_id"));
  g_autofree char *owner = person_name (self, loket_record_get_string (row, "owner_id"));
  g_autofree char *published = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT, loket_record_get_int (row, "rev"));
  GDate date;

  g_ptr_array_add (facts, g_strdup (loket_article_kind_name (loket_record_get_string (row,
                                                                                       "kind"))));
  if (product != NULL)
    g_ptr_array_add (facts, g_steal_pointer (&product));
  if (owner != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("Kept by %s"), owner));
  published = day_words (loket_record_get_string (row, "published_at"), &date);
  /* Translators: "Version 3 of Monday 2 March 2030". */
  if (*rev != '0' && published != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("Version %s of %s"), rev, published));
  else if (*rev != '0')
    g_ptr_array_add (facts, g_strdup_printf (_("Version %s"), rev));
  show_review (self, facts, row);
  g_ptr_array_add (facts, NULL);
  line = g_strjoinv (" · ", (char **) facts->pdata);
  gtk_label_set_text (self->facts_label, line);
}

/* What a revision is, with its author, for the line above its text. */
static char *
state_words (const char *state, const char *author)
{
  if (g_str_equal (state, "draft"))
    return g_strdup_printf (_("Draft by %s, not published"), author);
  if (g_str_equal (state, "submitted"))
    return g_strdup_printf (_("Submitted for review by %s, not published yet"), author);
  if (g_str_equal (state, "rejected"))
    return g_strdup_printf (_("Draft by %s, sent back by the reviewer"), author);
  if (g_str_equal (state, "published"))
    return g_strdup_printf (_("Published version by %s"), author);
  if (g_str_equal (state, "conflict"))
    return g_strdup_printf (_("Version by %s that lost to another one; an editor merges it"),
                            author);
  return g_strdup (state);
}

static char *
revision_words (LoketRecord *revision)
{
  const char *author = loket_record_get_string (revision, "author_name");
  const char *note = loket_record_get_string (revision, "review_note");
  g_autofree char *words = state_words (loket_record_get_string (revision, "state"),
                                        *author != '\0' ? author : _("an editor"));

  if (*note != '\0')
    return g_strdup_printf (_("%s. Reviewer’s note: %s"), words, note);
  return g_steal_pointer (&words);
}

/* ---- Lists ----------------------------------------------------------------------------------- */

static const char *
link_description (const char *target)
{
  if (g_str_has_prefix (target, "article:"))
    return _("Opens another article");
  if (g_str_has_prefix (target, "book:"))
    return _("Books an appointment for the product");
  if (g_ascii_strncasecmp (target, "mailto:", strlen ("mailto:")) == 0)
    return target + strlen ("mailto:");
  return target;
}

static GtkWidget *
link_row (gpointer item, gpointer data)
{
  LoketRecord *link = item;
  const char *target = loket_record_get_id (link);
  gboolean outside = !g_str_has_prefix (target, "article:") && !g_str_has_prefix (target, "book:");
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (link, "text"), -1);
  g_autofree char *subtitle = g_markup_escape_text (link_description (target), -1);

  gtk_widget_set_name (row, "article-link");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (outside ? "send-to-symbolic"
                                                                   : "go-next-symbolic"));
  return row;
}

static GtkWidget *
related_row (gpointer item, gpointer data)
{
  LoketRecord *article = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (loket_record_get_string (article, "title"), -1);

  gtk_widget_set_name (row, "article-related-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               loket_article_kind_name (loket_record_get_string (article,
                                                                                 "kind")));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
add_links_of (GListStore *links, GtkTextView *view)
{
  GPtrArray *found = loket_markdown_get_links (gtk_text_view_get_buffer (view));

  for (guint i = 0; i < found->len; i++)
    {
      LoketMarkdownLink *link = found->pdata[i];
      g_autoptr(JsonObject) columns = json_object_new ();
      g_autoptr(LoketRecord) record = NULL;

      json_object_set_string_member (columns, "id", link->target);
      json_object_set_string_member (columns, "text", link->text);
      record = loket_record_new (columns);
      g_list_store_append (links, record);
    }
}

/* The related articles of a revision: the ids in its own list that this desk has published. */
static void
fill_related_from_json (LoketArticleView *self, const char *related_json)
{
  g_autoptr(JsonNode) node = json_from_string (related_json, NULL);
  JsonArray *ids = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                 : NULL;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      g_autoptr(LoketRecord) article = id != NULL ? loket_replica_get_article (self->replica, id)
                                                  : NULL;

      if (article != NULL && g_str_equal (loket_record_get_string (article, "status"),
                                          "published"))
        g_list_store_append (self->related, article);
    }
}

/* ---- Showing a row --------------------------------------------------------------------------- */

/* A row of kb_articles or kb_article_revisions: they share the columns shown here. */
static void
show_row (LoketArticleView *self, LoketRecord *row)
{
  const char *internal = loket_record_get_string (row, "internal_body");
  const char *product_id = loket_record_get_string (row, "product_id");
  gboolean bookable = g_str_equal (loket_record_get_string (row, "kind"), "product")
                      && *product_id != '\0';

  gtk_label_set_text (self->title_label, loket_record_get_string (row, "title"));
  show_facts (self, row);
  loket_markdown_render (gtk_text_view_get_buffer (self->public_view),
                         loket_record_get_string (row, "public_body"));
  loket_markdown_render (gtk_text_view_get_buffer (self->internal_view), internal);
  gtk_widget_set_visible (self->internal_box, *internal != '\0');

  g_clear_pointer (&self->product_id, g_free);
  self->product_id = bookable ? g_strdup (product_id) : NULL;
  gtk_widget_set_visible (self->book_button, bookable);

  g_list_store_remove_all (self->links);
  add_links_of (self->links, self->public_view);
  add_links_of (self->links, self->internal_view);
  gtk_widget_set_visible (self->links_box, g_list_model_get_n_items (G_LIST_MODEL (self->links)) > 0);

  /* A new article starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
show_related (LoketArticleView *self)
{
  gtk_widget_set_visible (self->related_box,
                          g_list_model_get_n_items (G_LIST_MODEL (self->related)) > 0);
}

static void
on_dark_changed (LoketArticleView *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  loket_markdown_set_dark (gtk_text_view_get_buffer (self->public_view), dark);
  loket_markdown_set_dark (gtk_text_view_get_buffer (self->internal_view), dark);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
loket_article_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LOKET_TYPE_ARTICLE_VIEW);
  G_OBJECT_CLASS (loket_article_view_parent_class)->dispose (object);
}

static void
loket_article_view_finalize (GObject *object)
{
  LoketArticleView *self = LOKET_ARTICLE_VIEW (object);

  g_clear_object (&self->replica);
  g_clear_object (&self->links);
  g_clear_object (&self->related);
  g_free (self->article_id);
  g_free (self->revision_id);
  g_free (self->product_id);
  G_OBJECT_CLASS (loket_article_view_parent_class)->finalize (object);
}

static void
loket_article_view_class_init (LoketArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_article_view_dispose;
  object_class->finalize = loket_article_view_finalize;

  signals[OPEN_ARTICLE] = g_signal_new ("open-article", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);
  signals[BOOK_PRODUCT] = g_signal_new ("book-product", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "article-view");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/loket/Loket/loket-article-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LoketArticleView, name)
  BIND (scroller);
  BIND (title_label);
  BIND (facts_label);
  BIND (overdue_label);
  BIND (revision_label);
  BIND (book_button);
  BIND (public_view);
  BIND (internal_box);
  BIND (internal_view);
  BIND (links_box);
  BIND (links_list);
  BIND (related_box);
  BIND (related_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_book_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_link_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_related_row_activated);
}

static void
loket_article_view_init (LoketArticleView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->links = g_list_store_new (LOKET_TYPE_RECORD);
  self->related = g_list_store_new (LOKET_TYPE_RECORD);
  gtk_list_box_bind_model (self->links_list, G_LIST_MODEL (self->links), link_row, NULL, NULL);
  gtk_list_box_bind_model (self->related_list, G_LIST_MODEL (self->related), related_row, NULL,
                           NULL);
  watch_links (self, self->public_view);
  watch_links (self, self->internal_view);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self,
                           G_CONNECT_SWAPPED);
  on_dark_changed (self, NULL, style);
}

/* ---- Public API ------------------------------------------------------------------------------ */

GtkWidget *
loket_article_view_new (LoketReplica *replica)
{
  LoketArticleView *self;

  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);

  self = g_object_new (LOKET_TYPE_ARTICLE_VIEW, NULL);
  self->replica = g_object_ref (replica);
  return GTK_WIDGET (self);
}

gboolean
loket_article_view_show_article (LoketArticleView *self, const char *article_id)
{
  g_autoptr(LoketRecord) article = NULL;
  g_autoptr(GListModel) related = NULL;

  g_return_val_if_fail (LOKET_IS_ARTICLE_VIEW (self), FALSE);

  if (article_id != NULL
      && (article = loket_replica_get_article (self->replica, article_id)) == NULL)
    return FALSE;
  g_clear_pointer (&self->revision_id, g_free);
  g_free (self->article_id);
  self->article_id = g_strdup (article_id);
  gtk_widget_set_visible (GTK_WIDGET (self->revision_label), FALSE);
  g_list_store_remove_all (self->related);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), article != NULL);
  if (article == NULL)
    return TRUE;
  show_row (self, article);
  related = loket_replica_list_related_articles (self->replica, article_id);
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (related, i);

      g_list_store_append (self->related, item);
    }
  show_related (self);
  return TRUE;
}

gboolean
loket_article_view_show_revision (LoketArticleView *self, const char *revision_id)
{
  g_autoptr(LoketRecord) revision = NULL;
  g_autofree char *words = NULL;

  g_return_val_if_fail (LOKET_IS_ARTICLE_VIEW (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  revision = loket_replica_get_article_revision (self->replica, revision_id);
  if (revision == NULL)
    return FALSE;
  g_free (self->article_id);
  self->article_id = g_strdup (loket_record_get_string (revision, "article_id"));
  g_free (self->revision_id);
  self->revision_id = g_strdup (revision_id);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), TRUE);
  show_row (self, revision);
  words = revision_words (revision);
  gtk_label_set_text (self->revision_label, words);
  gtk_widget_set_visible (GTK_WIDGET (self->revision_label), TRUE);
  g_list_store_remove_all (self->related);
  fill_related_from_json (self, loket_record_get_string (revision, "related"));
  show_related (self);
  return TRUE;
}

const char *
loket_article_view_get_article_id (LoketArticleView *self)
{
  g_return_val_if_fail (LOKET_IS_ARTICLE_VIEW (self), NULL);

  return self->article_id;
}

const char *
loket_article_view_get_revision_id (LoketArticleView *self)
{
  g_return_val_if_fail (LOKET_IS_ARTICLE_VIEW (self), NULL);

  return self->revision_id;
}
