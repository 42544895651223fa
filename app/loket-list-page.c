/* loket-list-page.c — search + list + detail, for customers.
 *
 * The kind decides three things only: which replica search runs, how a result reads in the list,
 * and what the detail pane shows (a customer's card, loket-customer-card.c).  The knowledge base
 * has a page of its own (loket-knowledge-view.c).
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "loket-customer-card.h"
#include "loket-list-page.h"
#include "loket-record.h"
#include "loket-replica-customers.h"

#define RESULT_LIMIT 200

typedef struct {
  const char  *search_label;
  const char  *search_placeholder;
  const char  *list_label;
  const char  *empty_title;
  const char  *empty_icon;
} KindInfo;

static const KindInfo kinds[] = {
  [LOKET_LIST_PAGE_CUSTOMERS] = {
    N_("Search customers"), N_("Name, BSN, postcode or e-mail"), N_("Customers"),
    N_("No customers found"), "system-users-symbolic",
  },
};

struct _LoketListPage
{
  AdwBin              parent_instance;

  LoketReplica       *replica;
  LoketListPageKind   kind;
  GListStore         *results;
  GtkSingleSelection *selection;

  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  LoketCustomerCard  *card;
  char               *pinned_id;    /* shown even when the search would not find it */
};

G_DEFINE_FINAL_TYPE (LoketListPage, loket_list_page, ADW_TYPE_BIN)

G_DEFINE_ENUM_TYPE (LoketListPageKind, loket_list_page_kind,
  G_DEFINE_ENUM_VALUE (LOKET_LIST_PAGE_CUSTOMERS, "customers"))

enum {
  PROP_0,
  PROP_REPLICA,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The two lines of a result in the list. */
static void
describe_result (LoketListPageKind kind, LoketRecord *item, char **title, char **subtitle)
{
  /* Masked like on the card: the list is on screen all day. */
  g_autofree char *id = loket_customer_card_format_identifier (item, FALSE);
  const char *postcode = loket_record_get_string (item, "postcode");

  g_assert (kind == LOKET_LIST_PAGE_CUSTOMERS);
  *title = g_strdup (loket_record_get_string (item, "name"));
  if (*id != '\0' && *postcode != '\0')
    *subtitle = g_strdup_printf (_("%s · %s"), id, postcode);
  else
    *subtitle = g_strdup (*id != '\0' ? id : postcode);
}

/* ---- Results ------------------------------------------------------------------------------ */

static GListModel *
run_search (LoketListPage *self, const char *query)
{
  return loket_replica_search_customers (self->replica, query, RESULT_LIMIT);
}

static LoketRecord *
get_record (LoketListPage *self, const char *id)
{
  return loket_replica_get_customer (self->replica, id);
}

static guint
position_of (GListModel *model, const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketRecord) item = g_list_model_get_item (model, i);

      if (g_str_equal (loket_record_get_id (item), id))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The record asked for by loket_list_page_select when the search did not find it, or NULL. */
static LoketRecord *
find_pinned (LoketListPage *self, GListModel *fresh)
{
  if (self->pinned_id == NULL || position_of (fresh, self->pinned_id) != GTK_INVALID_LIST_POSITION)
    return NULL;
  return get_record (self, self->pinned_id);
}

static void
refresh (LoketListPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autoptr(GListModel) fresh = run_search (self, trimmed);
  g_autoptr(LoketRecord) pinned = find_pinned (self, fresh);
  gboolean empty;

  if (pinned != NULL)
    g_list_store_insert (G_LIST_STORE (fresh), 0, pinned);
  loket_record_store_update (self->results, fresh);
  empty = g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0;
  adw_status_page_set_description (self->empty_page,
                                   *trimmed != '\0'
                                   ? _("Try a different search term, or fewer words.")
                                   : _("Nothing has been downloaded to this desk yet."));
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
show_detail (LoketListPage *self)
{
  LoketRecord *item = gtk_single_selection_get_selected_item (self->selection);

  loket_customer_card_set_customer_id (self->card, item != NULL ? loket_record_get_id (item)
                                                                : NULL);
}

static void
on_search_changed (GtkSearchEntry *entry, LoketListPage *self)
{
  /* The clerk looks for someone else now. */
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    g_clear_pointer (&self->pinned_id, g_free);
  refresh (self);
}

/* Enter or Down in the search entry moves on to the results. */
static void
focus_results (LoketListPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_search_activate (GtkSearchEntry *entry, LoketListPage *self)
{
  focus_results (self);
}

static gboolean
on_search_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                       GdkModifierType state, LoketListPage *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & GDK_MODIFIER_MASK) == 0)
    {
      focus_results (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_stop_search (GtkSearchEntry *entry, LoketListPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_selected_item (GtkSingleSelection *selection, GParamSpec *pspec, LoketListPage *self)
{
  show_detail (self);
}

static void
on_replica_changed (LoketReplica *replica, const char *entity, LoketListPage *self)
{
  refresh (self);
  show_detail (self);
}

/* ---- Building ----------------------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, LoketListPage *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *a11y = NULL;

  describe_result (self->kind, gtk_list_item_get_item (list_item), &title, &subtitle);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
  a11y = g_strdup_printf ("%s, %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static GtkWidget *
build_results (LoketListPage *self)
{
  const KindInfo *info = &kinds[self->kind];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->search_entry, 200);
  g_object_set (self->search_entry, "placeholder-text", _(info->search_placeholder), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->search_label), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search_entry), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search_entry), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 12);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_stop_search), self);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (
                                                        self->selection)), factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->list_label), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, info->empty_icon);
  adw_status_page_set_title (self->empty_page, _(info->empty_title));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");

  self->list_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->list_stack), TRUE);
  gtk_stack_add_named (self->list_stack, scrolled, "list");
  gtk_stack_add_named (self->list_stack, GTK_WIDGET (self->empty_page), "empty");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_stack));
  gtk_search_entry_set_key_capture_widget (self->search_entry, box);
  return box;
}

static GtkWidget *
build_detail (LoketListPage *self)
{
  self->card = LOKET_CUSTOMER_CARD (loket_customer_card_new (self->replica));
  gtk_widget_set_hexpand (GTK_WIDGET (self->card), TRUE);
  return GTK_WIDGET (self->card);
}

static void
loket_list_page_constructed (GObject *object)
{
  LoketListPage *self = LOKET_LIST_PAGE (object);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *results;

  G_OBJECT_CLASS (loket_list_page_parent_class)->constructed (object);
  g_assert (self->replica != NULL);

  results = build_results (self);
  gtk_widget_set_size_request (results, 300, -1);
  gtk_paned_set_start_child (GTK_PANED (paned), results);
  gtk_paned_set_end_child (GTK_PANED (paned), build_detail (self));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 380);
  adw_bin_set_child (ADW_BIN (self), paned);

  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected_item),
                    self);
  g_signal_connect_object (self->replica, "changed", G_CALLBACK (on_replica_changed), self, 0);
  refresh (self);
  show_detail (self);
}

static void
loket_list_page_dispose (GObject *object)
{
  LoketListPage *self = LOKET_LIST_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->replica);
  g_clear_pointer (&self->pinned_id, g_free);

  G_OBJECT_CLASS (loket_list_page_parent_class)->dispose (object);
}

static void
loket_list_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LoketListPage *self = LOKET_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_object (value, self->replica);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_list_page_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  LoketListPage *self = LOKET_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      self->replica = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_list_page_class_init (LoketListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = loket_list_page_constructed;
  object_class->dispose = loket_list_page_dispose;
  object_class->get_property = loket_list_page_get_property;
  object_class->set_property = loket_list_page_set_property;

  properties[PROP_REPLICA] =
    g_param_spec_object ("replica", NULL, NULL, LOKET_TYPE_REPLICA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LOKET_TYPE_LIST_PAGE_KIND, LOKET_LIST_PAGE_CUSTOMERS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_list_page_init (LoketListPage *self)
{
  self->results = g_list_store_new (LOKET_TYPE_RECORD);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
}

GtkWidget *
loket_list_page_new (LoketReplica *replica, LoketListPageKind kind)
{
  g_return_val_if_fail (LOKET_IS_REPLICA (replica), NULL);
  g_return_val_if_fail (kind == LOKET_LIST_PAGE_CUSTOMERS, NULL);

  return g_object_new (LOKET_TYPE_LIST_PAGE, "replica", replica, "kind", kind, NULL);
}

LoketListPageKind
loket_list_page_get_kind (LoketListPage *self)
{
  g_return_val_if_fail (LOKET_IS_LIST_PAGE (self), LOKET_LIST_PAGE_CUSTOMERS);

  return self->kind;
}

void
loket_list_page_focus_search (LoketListPage *self)
{
  g_return_if_fail (LOKET_IS_LIST_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GListModel *
loket_list_page_get_results (LoketListPage *self)
{
  g_return_val_if_fail (LOKET_IS_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

gboolean
loket_list_page_select (LoketListPage *self, const char *id)
{
  g_autoptr(LoketRecord) record = NULL;
  guint position;

  g_return_val_if_fail (LOKET_IS_LIST_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  record = get_record (self, id);
  if (record == NULL)
    return FALSE;
  g_free (self->pinned_id);
  self->pinned_id = g_strdup (id);
  refresh (self);
  position = position_of (G_LIST_MODEL (self->results), id);
  g_assert (position != GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

LoketCustomerCard *
loket_list_page_get_card (LoketListPage *self)
{
  g_return_val_if_fail (LOKET_IS_LIST_PAGE (self), NULL);

  return self->card;
}
