/* loket-store-kb.c — the knowledge base with four eyes (the contract: loket-protocol.h,
 * "Knowledge base"; the tables: loket-schema.c, domain version 7).
 *
 * kb_articles holds each article's published version; every version, from the first draft on,
 * is a kb_article_revisions row.  An editor saves drafts and submits them; another editor
 * approves (publishes) or rejects them: no one publishes their own text.  Publishing is
 * revision-checked like every concurrent edit (DESIGN.md): a draft based on an older rev than
 * the article's never overwrites it but is kept in state conflict for an editor to merge.  A
 * save of a draft that was published, lost or is someone else's meanwhile never changes it:
 * the text becomes a new draft.  Nothing an editor wrote is dropped.
 *
 * Also here: the synonym groups editors keep, the search figures every desk reports (never a
 * query that looks like personal data) and how often an article answered a contact.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "loket-protocol.h"
#include "loket-rules.h"
#include "loket-slot-source.h"
#include "loket-store-private.h"

/* A slug longer than this is cut at a word. */
#define MAX_SLUG_CHARS 80
/* A longer query is no search anyone repeats: not counted. */
#define MAX_QUERY_CHARS 200
/* Queries with this many digits may hold a BSN, a phone or a case number: not kept. */
#define PERSONAL_DIGITS 5

static const char *const article_kinds[] = { "product", "levensgebeurtenis", "werkinstructie",
                                             "faq", "wie-doet-wat", "sociale-kaart", NULL };

/* ---- shared ---------------------------------------------------------------------------------- */

static gboolean
may_edit (LoketStore *self, const LoketStoreMutation *m, gboolean *may, GError **error)
{
  g_autoptr(JsonObject) user = NULL;

  if (!loket_db_query_row (self->db, "SELECT role_id FROM users WHERE id = ?", m->user_id, &user,
                           error))
    return FALSE;
  *may = user != NULL && loket_rules_may_edit_articles (member_text (user, "role_id"));
  return TRUE;
}

/* The desk's copy of a row (id NULL: none) gives way to the server's: the server's row goes
 * out again, or a tombstone when the server has none. */
static gboolean
resend_row (LoketStore *self, const LoketStoreMutation *m, const char *entity, const char *id,
            GError **error)
{
  /* entity is one of this file's table names, never input. */
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?", entity);
  gboolean exists;

  if (id == NULL)
    return TRUE;
  if (!loket_store_row_exists (self, sql, id, &exists, error))
    return FALSE;
  return exists ? loket_store_log_upsert (self, entity, id, m->now, error)
                : loket_store_log_change (self, entity, id, NULL, m->now, error);
}

/* Refuses a change of an article: the desk's revision and article give way to the server's. */
static gboolean
refuse_article (LoketStore *self, const LoketStoreMutation *m, const char *article_id,
                const char *revision_id, LoketStoreOutcome *out, const char *code,
                const char *message, GError **error)
{
  return resend_row (self, m, "kb_article_revisions", revision_id, error)
         && resend_row (self, m, "kb_articles", article_id, error)
         && loket_store_reject (out, code, message);
}

static JsonObject *
revision_details (const char *revision_id, const char *article_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "revision_id", revision_id);
  if (article_id != NULL)
    json_object_set_string_member (details, "article_id", article_id);
  return details;
}

/* ---- save_article ---------------------------------------------------------------------------- */

typedef struct
{
  const char *id, *revision_id, *kind, *title, *public_body, *internal_body;
  const char *product_id, *product_group_id, *owner_id, *review_date;
  gint64      base_rev;
} DraftArgs;

/* related: an array of article ids, as JSON text ("[]" when missing). */
static gboolean
parse_related (JsonObject *args, char **related, GError **error)
{
  JsonNode *node = json_object_get_member (args, "related");
  JsonArray *ids;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *related = g_strdup ("[]");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return loket_store_invalid (error, _("Related articles must be a list of articles"));
  ids = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *id = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING
          || loket_store_is_blank (json_node_get_string (id)))
        return loket_store_invalid (error, _("Related articles must be a list of articles"));
    }
  *related = json_to_string (node, FALSE);
  return TRUE;
}

static gboolean
parse_draft (JsonObject *args, DraftArgs *d, char **related, GError **error)
{
  GDate date;

  if (!loket_store_required_text (args, "id", &d->id, error)
      || !loket_store_required_text (args, "revision_id", &d->revision_id, error)
      || !loket_protocol_get_int (args, "base_rev", &d->base_rev, error)
      || !loket_store_required_text (args, "kind", &d->kind, error)
      || !loket_store_required_text (args, "title", &d->title, error)
      || !loket_protocol_get_string (args, "public_body", &d->public_body, error)
      || !loket_protocol_get_string (args, "internal_body", &d->internal_body, error)
      || !loket_store_optional_text (args, "product_id", &d->product_id, error)
      || !loket_store_optional_text (args, "product_group_id", &d->product_group_id, error)
      || !loket_store_optional_text (args, "owner_id", &d->owner_id, error)
      || !loket_store_optional_text (args, "review_date", &d->review_date, error)
      || !loket_store_one_of (d->kind, "kind", article_kinds, error)
      || !parse_related (args, related, error))
    return FALSE;
  if (d->base_rev < 0)
    return loket_store_invalid (error, _("The member “%s” must not be negative"), "base_rev");
  if (d->review_date != NULL && !loket_slot_source_parse_date (d->review_date, &date))
    return loket_store_invalid (error, _("“%s” is not a date"), d->review_date);
  return TRUE;
}

/* Whether the product, product group and owner the draft names exist. */
static gboolean
check_links (LoketStore *self, const DraftArgs *d, gboolean *found, GError **error)
{
  struct { const char *sql, *key; } links[] = {
    { "SELECT id FROM products WHERE id = ?", d->product_id },
    { "SELECT id FROM product_groups WHERE id = ?", d->product_group_id },
    { "SELECT id FROM users WHERE id = ?", d->owner_id },
  };

  *found = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (links) && *found; i++)
    if (links[i].key != NULL
        && !loket_store_row_exists (self, links[i].sql, links[i].key, found, error))
      return FALSE;
  return TRUE;
}

/* The parameters both draft statements share: ?1 revision id, ?2 article, ?3 base rev, ?4 kind,
 * ?5 title, ?6 public body, ?7 internal body, ?8 product, ?9 product group, ?10 owner,
 * ?11 review date, ?12 related, ?13 now, ?14 author. */
static void
bind_draft (sqlite3_stmt *stmt, const LoketStoreMutation *m, const DraftArgs *d,
            const char *related, const char *revision_id)
{
  loket_db_bind_text (stmt, 1, revision_id);
  loket_db_bind_text (stmt, 2, d->id);
  sqlite3_bind_int64 (stmt, 3, d->base_rev);
  loket_db_bind_text (stmt, 4, d->kind);
  loket_db_bind_text (stmt, 5, d->title);
  loket_db_bind_text (stmt, 6, d->public_body);
  loket_db_bind_text (stmt, 7, d->internal_body);
  loket_db_bind_text (stmt, 8, d->product_id);
  loket_db_bind_text (stmt, 9, d->product_group_id);
  loket_db_bind_text (stmt, 10, d->owner_id);
  loket_db_bind_text (stmt, 11, d->review_date);
  loket_db_bind_text (stmt, 12, related);
  loket_db_bind_text (stmt, 13, m->now);
  loket_db_bind_text (stmt, 14, m->user_id);
}

/* A draft's rev is the rev it is based on until it is published (or loses). */
static gboolean
insert_draft (LoketStore *self, const LoketStoreMutation *m, const DraftArgs *d,
              const char *related, const char *revision_id, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO kb_article_revisions (id, article_id, rev, based_on_rev, kind, title,"
    " public_body, internal_body, product_id, product_group_id, owner_id, review_date, related,"
    " created_at, updated_at, author_id, state, conflict)"
    " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, 'draft', 0)",
    error);

  if (stmt == NULL)
    return FALSE;
  bind_draft (stmt, m, d, related, revision_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_article_revisions", revision_id, m->now, error);
}

/* A submitted or rejected draft saved again goes back to draft. */
static gboolean
update_draft (LoketStore *self, const LoketStoreMutation *m, const DraftArgs *d,
              const char *related, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE kb_article_revisions SET rev = ?3, based_on_rev = ?3, kind = ?4, title = ?5,"
    " public_body = ?6, internal_body = ?7, product_id = ?8, product_group_id = ?9,"
    " owner_id = ?10, review_date = ?11, related = ?12, updated_at = ?13, state = 'draft',"
    " submitted_at = NULL WHERE id = ?1 AND article_id = ?2 AND author_id = ?14", error);

  if (stmt == NULL)
    return FALSE;
  bind_draft (stmt, m, d, related, d->revision_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_article_revisions", d->revision_id, m->now, error);
}

/* A new article exists as a draft: nothing public until its first publication. */
static gboolean
insert_article (LoketStore *self, const LoketStoreMutation *m, const DraftArgs *d,
                GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO kb_articles (id, kind, title, status, rev, updated_at)"
    " VALUES (?, ?, ?, 'draft', 0, ?)", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, d->id);
  loket_db_bind_text (stmt, 2, d->kind);
  loket_db_bind_text (stmt, 3, d->title);
  loket_db_bind_text (stmt, 4, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_articles", d->id, m->now, error);
}

static gboolean
is_open_draft (JsonObject *revision)
{
  static const char *const open[] = { "draft", "submitted", "rejected", NULL };

  return g_strv_contains (open, member_text (revision, "state"));
}

/* The revision id is known: the author's open draft is updated; any other (published, lost to
 * another version, or someone else's) is never changed, and the text becomes a new draft. */
static gboolean
save_known_draft (LoketStore *self, const LoketStoreMutation *m, const DraftArgs *d,
                  const char *related, JsonObject *revision, LoketStoreOutcome *out,
                  GError **error)
{
  g_autofree char *kept_id = NULL;

  if (g_strcmp0 (member_text (revision, "article_id"), d->id) != 0)
    return refuse_article (self, m, d->id, d->revision_id, out, LOKET_CODE_INVALID,
                           _("Another version with this id already exists"), error);
  if (is_open_draft (revision) && g_strcmp0 (member_text (revision, "author_id"), m->user_id) == 0)
    return update_draft (self, m, d, related, error)
           && loket_store_outcome_applied (out, revision_details (d->revision_id, d->id));
  kept_id = g_uuid_string_random ();
  return resend_row (self, m, "kb_article_revisions", d->revision_id, error)
         && insert_draft (self, m, d, related, kept_id, error)
         && loket_store_outcome_applied (out, revision_details (kept_id, d->id));
}

static gboolean
apply_save_article (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                    LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) revision = NULL;
  g_autoptr(JsonObject) article = NULL;
  g_autofree char *related = NULL;
  DraftArgs d = { 0 };
  gboolean may, found;

  if (!parse_draft (args, &d, &related, &bad))
    return refuse_article (self, m, d.id, d.revision_id, out, loket_store_code_for_error (bad),
                           bad->message, error);
  if (!may_edit (self, m, &may, error) || !check_links (self, &d, &found, error))
    return FALSE;
  if (!may)
    return refuse_article (self, m, d.id, d.revision_id, out, LOKET_CODE_FORBIDDEN,
                           _("Only knowledge editors write articles"), error);
  if (!found)
    return refuse_article (self, m, d.id, d.revision_id, out, LOKET_CODE_NOT_FOUND,
                           _("The product, product group or owner of this article is unknown"),
                           error);
  if (!loket_db_query_row (self->db, "SELECT * FROM kb_article_revisions WHERE id = ?",
                           d.revision_id, &revision, error)
      || !loket_db_query_row (self->db, "SELECT id FROM kb_articles WHERE id = ?", d.id,
                              &article, error))
    return FALSE;
  if (revision != NULL)
    return save_known_draft (self, m, &d, related, revision, out, error);
  if (article == NULL && d.base_rev != 0)
    return refuse_article (self, m, d.id, d.revision_id, out, LOKET_CODE_NOT_FOUND,
                           _("This article is unknown"), error);
  return (article != NULL || insert_article (self, m, &d, error))
         && insert_draft (self, m, &d, related, d.revision_id, error)
         && loket_store_outcome_applied (out, revision_details (d.revision_id, d.id));
}

/* ---- submit_article -------------------------------------------------------------------------- */

/* A change of a revision is refused: the desk's copy gives way to the server's. */
static gboolean
refuse_revision (LoketStore *self, const LoketStoreMutation *m, const char *revision_id,
                 LoketStoreOutcome *out, const char *code, const char *message, GError **error)
{
  return refuse_article (self, m, NULL, revision_id, out, code, message, error);
}

/* A revision and whether the user is an editor; *revision NULL when it is unknown. */
static gboolean
load_revision (LoketStore *self, const LoketStoreMutation *m, const char *revision_id,
               JsonObject **revision, gboolean *may, GError **error)
{
  return may_edit (self, m, may, error)
         && loket_db_query_row (self->db, "SELECT * FROM kb_article_revisions WHERE id = ?",
                                revision_id, revision, error);
}

static gboolean
set_submitted (LoketStore *self, const LoketStoreMutation *m, const char *revision_id,
               GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE kb_article_revisions SET state = 'submitted', submitted_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, m->now);
  loket_db_bind_text (stmt, 2, revision_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_article_revisions", revision_id, m->now, error);
}

static gboolean
apply_submit_article (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                      LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) revision = NULL;
  const char *revision_id, *state;
  gboolean may;

  if (!loket_store_required_text (args, "revision_id", &revision_id, &bad))
    return loket_store_outcome_reject_error (out, bad);
  if (!load_revision (self, m, revision_id, &revision, &may, error))
    return FALSE;
  if (!may)
    return refuse_revision (self, m, revision_id, out, LOKET_CODE_FORBIDDEN,
                            _("Only knowledge editors submit articles for review"), error);
  if (revision == NULL)
    return refuse_revision (self, m, revision_id, out, LOKET_CODE_NOT_FOUND,
                            _("This draft is unknown"), error);
  if (g_strcmp0 (member_text (revision, "author_id"), m->user_id) != 0)
    return refuse_revision (self, m, revision_id, out, LOKET_CODE_FORBIDDEN,
                            _("Only its author submits a draft for review"), error);
  state = member_text (revision, "state");
  if (g_strcmp0 (state, "submitted") == 0)
    return loket_store_outcome_applied (out, NULL);
  if (g_strcmp0 (state, "draft") != 0 && g_strcmp0 (state, "rejected") != 0)
    return refuse_revision (self, m, revision_id, out, LOKET_CODE_INVALID,
                            _("This version was reviewed already; save it as a new draft to "
                              "change it"), error);
  return set_submitted (self, m, revision_id, error) && loket_store_outcome_applied (out, NULL);
}

/* ---- review_article -------------------------------------------------------------------------- */

typedef struct
{
  const char *revision_id, *decision, *note;
  JsonObject *revision;
} Review;

/* Records the verdict on the revision: state, its rev, who reviewed it when and why. */
static gboolean
set_verdict (LoketStore *self, const LoketStoreMutation *m, const Review *r, const char *state,
             gint64 rev, GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "UPDATE kb_article_revisions SET state = ?1, conflict = (?1 = 'conflict'), rev = ?2,"
    " reviewed_by = ?3, reviewed_at = ?4, review_note = ?5 WHERE id = ?6", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, state);
  sqlite3_bind_int64 (stmt, 2, rev);
  loket_db_bind_text (stmt, 3, m->user_id);
  loket_db_bind_text (stmt, 4, m->now);
  loket_db_bind_text (stmt, 5, r->note != NULL ? r->note : "");
  loket_db_bind_text (stmt, 6, r->revision_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_article_revisions", r->revision_id, m->now, error);
}

static gboolean
slug_taken (LoketStore *self, const char *slug, gboolean *taken, GError **error)
{
  return loket_store_row_exists (self, "SELECT id FROM kb_articles WHERE slug = ?", slug, taken,
                                 error);
}

/* A slug no other article has: the title's, then with -2, -3, … */
static char *
unique_slug (LoketStore *self, const char *title, GError **error)
{
  g_autofree char *base = loket_store_article_slug (title);
  char *slug = g_strdup (base);
  gboolean taken;

  for (guint n = 2;; n++)
    {
      if (!slug_taken (self, slug, &taken, error))
        {
          g_free (slug);
          return NULL;
        }
      if (!taken)
        return slug;
      g_free (slug);
      slug = g_strdup_printf ("%s-%u", base, n);
    }
}

/* The article takes the draft's text and facts at rev; the slug only the first time. */
static gboolean
publish (LoketStore *self, const LoketStoreMutation *m, const Review *r, JsonObject *article,
         gint64 rev, GError **error)
{
  const char *article_id = member_text (article, "id");
  g_autofree char *slug = g_strdup (member_text (article, "slug"));
  g_autoptr(LoketDbCached) stmt = NULL;

  if (slug == NULL
      && (slug = unique_slug (self, member_text (r->revision, "title"), error)) == NULL)
    return FALSE;
  stmt = loket_db_prepare_cached (self->db,
    "UPDATE kb_articles SET (kind, title, public_body, internal_body, product_id,"
    " product_group_id, owner_id, review_date, related) = (SELECT coalesce (r.kind,"
    " kb_articles.kind), r.title, r.public_body, r.internal_body, r.product_id,"
    " r.product_group_id, r.owner_id, r.review_date, r.related FROM kb_article_revisions r"
    " WHERE r.id = ?1), status = 'published', rev = ?2, updated_at = ?3, published_at = ?3,"
    " published_by = ?4, slug = ?5 WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, r->revision_id);
  sqlite3_bind_int64 (stmt, 2, rev);
  loket_db_bind_text (stmt, 3, m->now);
  loket_db_bind_text (stmt, 4, m->user_id);
  loket_db_bind_text (stmt, 5, slug);
  loket_db_bind_text (stmt, 6, article_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_articles", article_id, m->now, error)
         && set_verdict (self, m, r, "published", rev, error);
}

static gboolean
published_answer (LoketStoreOutcome *out, const Review *r, gint64 rev)
{
  JsonObject *details = revision_details (r->revision_id,
                                          member_text (r->revision, "article_id"));

  json_object_set_int_member (details, "rev", rev);
  return loket_store_outcome_applied (out, details);
}

static gboolean
conflict_answer (LoketStoreOutcome *out, const Review *r)
{
  return loket_store_outcome_set (out, LOKET_OUTCOME_CONFLICT, LOKET_CODE_ARTICLE_CONFLICT,
                                  revision_details (r->revision_id, NULL),
                                  _("Another version of this article was published meanwhile; "
                                    "this one is kept to be merged into a new draft"));
}

/* Published when it is based on the article's rev; else kept as a conflict, and the article
 * goes out again as it is. */
static gboolean
approve (LoketStore *self, const LoketStoreMutation *m, const Review *r, GError **error)
{
  g_autoptr(JsonObject) article = NULL;
  gint64 rev;

  if (!loket_db_query_row (self->db, "SELECT id, rev, slug FROM kb_articles WHERE id = ?",
                           member_text (r->revision, "article_id"), &article, error))
    return FALSE;
  g_assert (article != NULL);  /* a revision's article is a foreign key */
  rev = json_object_get_int_member (article, "rev");
  if (json_object_get_int_member (r->revision, "based_on_rev") == rev)
    return publish (self, m, r, article, rev + 1, error);
  return set_verdict (self, m, r, "conflict", rev, error)
         && loket_store_log_upsert (self, "kb_articles", member_text (article, "id"), m->now,
                                    error);
}

/* A revision reviewed before: the same verdict again is answered as it went; another is too
 * late. */
static gboolean
answer_reviewed (LoketStore *self, const LoketStoreMutation *m, const Review *r,
                 LoketStoreOutcome *out, GError **error)
{
  const char *state = member_text (r->revision, "state");
  gboolean approving = g_str_equal (r->decision, "approve");

  if (approving && g_strcmp0 (state, "published") == 0)
    return published_answer (out, r, json_object_get_int_member (r->revision, "rev"));
  if (approving && g_strcmp0 (state, "conflict") == 0)
    return conflict_answer (out, r);
  if (!approving && g_strcmp0 (state, "rejected") == 0)
    return loket_store_outcome_applied (out, NULL);
  return refuse_revision (self, m, r->revision_id, out, LOKET_CODE_INVALID,
                          _("Only a draft submitted for review can be approved or rejected"),
                          error);
}

static gboolean
parse_review (JsonObject *args, Review *r, GError **error)
{
  static const char *const decisions[] = { "approve", "reject", NULL };

  return loket_store_required_text (args, "revision_id", &r->revision_id, error)
         && loket_store_required_text (args, "decision", &r->decision, error)
         && loket_store_optional_text (args, "note", &r->note, error)
         && loket_store_one_of (r->decision, "decision", decisions, error);
}

static gboolean
decide (LoketStore *self, const LoketStoreMutation *m, const Review *r, LoketStoreOutcome *out,
        GError **error)
{
  gint64 rev = json_object_get_int_member (r->revision, "rev");
  g_autoptr(JsonObject) after = NULL;

  if (g_str_equal (r->decision, "reject"))
    return set_verdict (self, m, r, "rejected", rev, error)
           && loket_store_outcome_applied (out, NULL);
  if (!approve (self, m, r, error)
      || !loket_db_query_row (self->db, "SELECT state, rev FROM kb_article_revisions"
                              " WHERE id = ?", r->revision_id, &after, error))
    return FALSE;
  if (g_strcmp0 (member_text (after, "state"), "published") == 0)
    return published_answer (out, r, json_object_get_int_member (after, "rev"));
  return conflict_answer (out, r);
}

static gboolean
apply_review_article (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                      LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonObject) revision = NULL;
  Review r = { 0 };
  gboolean may;

  if (!parse_review (args, &r, &bad))
    return refuse_revision (self, m, r.revision_id, out, loket_store_code_for_error (bad),
                            bad->message, error);
  if (!load_revision (self, m, r.revision_id, &revision, &may, error))
    return FALSE;
  r.revision = revision;
  if (!may)
    return refuse_revision (self, m, r.revision_id, out, LOKET_CODE_FORBIDDEN,
                            _("Only knowledge editors review articles"), error);
  if (revision == NULL)
    return refuse_revision (self, m, r.revision_id, out, LOKET_CODE_NOT_FOUND,
                            _("This draft is unknown"), error);
  if (g_strcmp0 (member_text (revision, "author_id"), m->user_id) == 0)
    return refuse_revision (self, m, r.revision_id, out, LOKET_CODE_FORBIDDEN,
                            _("No one approves their own text: another editor reviews this "
                              "draft"), error);
  if (g_strcmp0 (member_text (revision, "state"), "submitted") != 0)
    return answer_reviewed (self, m, &r, out, error);
  if (g_str_equal (r.decision, "reject") && loket_store_is_blank (r.note))
    return refuse_revision (self, m, r.revision_id, out, LOKET_CODE_INVALID,
                            _("Say why the draft is rejected: a note is required"), error);
  return decide (self, m, &r, out, error);
}

/* ---- slugs ----------------------------------------------------------------------------------- */

char *
loket_store_article_slug (const char *title)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  GString *slug = g_string_new (NULL);
  gboolean gap = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          gap = TRUE;
          continue;
        }
      if (gap && slug->len > 0)
        g_string_append_c (slug, '-');
      gap = FALSE;
      g_string_append_c (slug, g_ascii_tolower (*p));
    }
  if (slug->len > MAX_SLUG_CHARS)
    {
      const char *cut = g_strrstr_len (slug->str, MAX_SLUG_CHARS + 1, "-");

      g_string_truncate (slug, cut != NULL ? (gsize) (cut - slug->str) : MAX_SLUG_CHARS);
    }
  if (slug->len == 0)
    g_string_append (slug, "artikel");
  return g_string_free (slug, FALSE);
}

/* ---- save_synonyms --------------------------------------------------------------------------- */

/* The terms trimmed, without empty ones and repeats (ignoring case), as a JSON array; NULL
 * with error set for anything but an array of strings. */
static JsonArray *
parse_terms (JsonObject *args, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) terms = json_array_new ();
  JsonArray *given;

  if (!loket_protocol_get_array (args, "terms", &given, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *node = json_array_get_element (given, i);
      g_autofree char *term = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          loket_store_invalid (error, _("Synonyms must be a list of words"));
          return NULL;
        }
      term = g_strstrip (g_strdup (json_node_get_string (node)));
      if (*term != '\0' && g_hash_table_add (seen, g_utf8_casefold (term, -1)))
        json_array_add_string_element (terms, term);
    }
  return g_steal_pointer (&terms);
}

static gboolean
write_synonyms (LoketStore *self, const LoketStoreMutation *m, const char *id, JsonArray *terms,
                GError **error)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), terms);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO kb_synonyms (id, terms, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET terms = ?2, updated_at = ?3, updated_by = ?4", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, id);
  loket_db_bind_text (stmt, 2, text);
  loket_db_bind_text (stmt, 3, m->now);
  loket_db_bind_text (stmt, 4, m->user_id);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_synonyms", id, m->now, error);
}

static gboolean
apply_save_synonyms (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                     LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autoptr(JsonArray) terms = NULL;
  const char *id = NULL;
  gboolean may, exists;

  if (!loket_store_required_text (args, "id", &id, &bad)
      || (terms = parse_terms (args, &bad)) == NULL)
    return resend_row (self, m, "kb_synonyms", id, error)
           && loket_store_outcome_reject_error (out, bad);
  if (!may_edit (self, m, &may, error))
    return FALSE;
  if (!may)
    return resend_row (self, m, "kb_synonyms", id, error)
           && loket_store_reject (out, LOKET_CODE_FORBIDDEN,
                                  _("Only knowledge editors keep the synonyms"));
  if (json_array_get_length (terms) >= 2)
    return write_synonyms (self, m, id, terms, error) && loket_store_outcome_applied (out, NULL);
  /* Fewer than two words mean nothing to a searcher: the group goes. */
  if (!loket_store_row_exists (self, "SELECT id FROM kb_synonyms WHERE id = ?", id, &exists,
                               error)
      || (exists && !loket_db_delete_row (self->db, "kb_synonyms", id, error)))
    return FALSE;
  return loket_store_log_change (self, "kb_synonyms", id, NULL, m->now, error)
         && loket_store_outcome_applied (out, NULL);
}

/* ---- record_search --------------------------------------------------------------------------- */

/* The query as it is counted: trimmed, lower case, single spaces; NULL when it is not kept
 * (empty, too long, or looking like personal data: an e-mail address, a BSN, a phone number). */
static char *
normalise_query (const char *query)
{
  g_autofree char *lower = g_utf8_strdown (query, -1);
  g_auto(GStrv) words = g_strsplit_set (lower, " \t\n\r\f\v", -1);
  g_autoptr(GString) normal = g_string_new (NULL);
  guint digits = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (normal, "%s%s", normal->len > 0 ? " " : "", words[i]);
  for (const char *p = normal->str; *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;
  if (normal->len == 0 || g_utf8_strlen (normal->str, -1) > MAX_QUERY_CHARS
      || digits >= PERSONAL_DIGITS || strchr (normal->str, '@') != NULL)
    return NULL;
  return g_string_free (g_steal_pointer (&normal), FALSE);
}

static gboolean
count_search (LoketStore *self, const LoketStoreMutation *m, const char *query, gint64 hits,
              GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO kb_search_stats (id, searches, zero_hits, last_hits, last_at)"
    " VALUES (?1, 1, ?2 = 0, ?2, ?3) ON CONFLICT (id) DO UPDATE SET searches = searches + 1,"
    " zero_hits = zero_hits + (?2 = 0), last_hits = ?2, last_at = ?3", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, query);
  sqlite3_bind_int64 (stmt, 2, hits);
  loket_db_bind_text (stmt, 3, m->now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_search_stats", query, m->now, error);
}

static gboolean
apply_record_search (LoketStore *self, const LoketStoreMutation *m, JsonObject *args,
                     LoketStoreOutcome *out, GError **error)
{
  g_autoptr(GError) bad = NULL;
  g_autofree char *normal = NULL;
  const char *query;
  gint64 hits;

  if (!loket_protocol_get_string (args, "query", &query, &bad)
      || !loket_protocol_get_int (args, "hits", &hits, &bad)
      || (hits < 0 && !loket_store_invalid (&bad, _("The member “%s” must not be negative"),
                                            "hits")))
    return loket_store_outcome_reject_error (out, bad);
  if ((normal = normalise_query (query)) == NULL)
    return loket_store_outcome_applied (out, NULL);  /* not kept, and no refusal either */
  return count_search (self, m, normal, hits, error) && loket_store_outcome_applied (out, NULL);
}

/* ---- usage ----------------------------------------------------------------------------------- */

gboolean
loket_store_kb_count_use (LoketStore *self, const char *article_id, const char *now,
                          GError **error)
{
  g_autoptr(LoketDbCached) stmt = loket_db_prepare_cached (self->db,
    "INSERT INTO kb_article_usage (id, uses, last_used_at) VALUES (?1, 1, ?2)"
    " ON CONFLICT (id) DO UPDATE SET uses = uses + 1, last_used_at = ?2", error);

  if (stmt == NULL)
    return FALSE;
  loket_db_bind_text (stmt, 1, article_id);
  loket_db_bind_text (stmt, 2, now);
  return loket_store_run_write (self, stmt, error)
         && loket_store_log_upsert (self, "kb_article_usage", article_id, now, error);
}

/* ---- dispatch -------------------------------------------------------------------------------- */

const LoketStoreMutationRule loket_store_kb_mutations[] = {
  { LOKET_MUTATION_SAVE_ARTICLE, apply_save_article },
  { LOKET_MUTATION_SUBMIT_ARTICLE, apply_submit_article },
  { LOKET_MUTATION_REVIEW_ARTICLE, apply_review_article },
  { LOKET_MUTATION_SAVE_SYNONYMS, apply_save_synonyms },
  { LOKET_MUTATION_RECORD_SEARCH, apply_record_search },
  { NULL, NULL },
};
