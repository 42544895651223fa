/* loket-replica-kb.c — the knowledge base on the desk (loket-replica-kb.h): drafts and the
 * four-eyes review and the synonyms; the lists are in loket-replica-kb-lists.c.
 *
 * As everywhere in the replica, a write first checks what the server will check (an editor, the
 * author's own draft, nobody approving their own text) and then records its local effect with
 * its mutation (loket_replica_record_mutations), so it works offline.  The local effects run
 * again on top of the server's rows after every pull while their mutation is pending (rebase):
 * each one changes a revision only in the state it expects, so a replay changes nothing twice
 * and never overwrites what the server decided meanwhile (a version published, or lost to
 * another one).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "loket-error.h"
#include "loket-protocol.h"
#include "loket-replica-kb.h"
#include "loket-replica-private.h"
#include "loket-rules.h"
#include "loket-validate.h"

static const char *const article_kinds[] = { "product", "levensgebeurtenis", "werkinstructie",
                                             "faq", "wie-doet-wat", "sociale-kaart", NULL };
/* The states in which a draft may still be saved again by its author. */
static const char *const open_states[] = { "draft", "submitted", "rejected", NULL };

/* ---- helpers --------------------------------------------------------------------------------- */

static void
emit (LoketReplica *self, const char *entity)
{
  g_signal_emit_by_name (self, "changed", entity);
}

static gboolean
is_open_state (const char *state)
{
  return state != NULL && g_strv_contains (open_states, state);
}

/* A JSON array as the text a TEXT column holds. */
static char *
array_text (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

static JsonArray *
array_member (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
check_editor (LoketReplica *self, GError **error)
{
  if (loket_replica_may_edit_articles (self))
    return TRUE;
  return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN,
                             _("Only knowledge editors can write, review and publish articles."));
}

/* A revision with its article's rev now (article_rev), or NULL with LOKET_ERROR_NOT_FOUND. */
static JsonObject *
find_revision (LoketReplica *self, const char *revision_id, GError **error)
{
  JsonObject *row = NULL;

  if (!loket_db_query_row (loket_replica_get_db (self),
                           "SELECT r.*, a.rev AS article_rev FROM kb_article_revisions r"
                           " LEFT JOIN kb_articles a ON a.id = r.article_id WHERE r.id = ?",
                           revision_id, &row, error))
    return NULL;
  if (row == NULL)
    loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                        _("This version of the article does not exist (any more)."));
  return row;
}

static gboolean
is_mine (LoketReplica *self, JsonObject *revision)
{
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  return user_id != NULL && g_strcmp0 (loket_json_text (revision, "author_id"), user_id) == 0;
}

/* ---- local effects --------------------------------------------------------------------------- */

/* A new article is a row of its own from its first draft on (status draft, rev 0, nothing
 * public), with that draft's title and kind until it is first published. */
static gboolean
save_new_article (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *params[] = { loket_json_text (args, "id"), loket_json_text (args, "kind"),
                           loket_json_text (args, "title"), loket_json_text (args, "updated_at") };

  if (json_object_get_int_member_with_default (args, "base_rev", 0) != 0)
    return TRUE;
  return loket_replica_run (self, "INSERT INTO kb_articles (id, kind, title, status, rev, updated_at)"
              " VALUES (?1, ?2, ?3, 'draft', 0, coalesce (?4, ''))"
              " ON CONFLICT (id) DO NOTHING",
              G_N_ELEMENTS (params), params, error);
}

/* The revision row a save_article writes: every fact of the draft, a fact left out cleared;
 * existing: the draft's row as it is (its first save's created_at stays).  A draft's rev is
 * the rev it is based on until it is published (or loses), as on the server. */
static JsonObject *
draft_row (JsonObject *args, JsonObject *existing)
{
  static const char *const columns[] = { "title", "public_body", "internal_body", "kind",
                                         "product_id", "product_group_id", "owner_id",
                                         "review_date", "author_id", "updated_at" };
  JsonObject *row = json_object_new ();
  JsonArray *related = array_member (args, "related");
  g_autofree char *related_text = related != NULL ? array_text (related) : g_strdup ("[]");

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i], json_object_dup_member (args, columns[i]));
    else
      json_object_set_null_member (row, columns[i]);
  json_object_set_string_member (row, "id", loket_json_text (args, "revision_id"));
  json_object_set_string_member (row, "article_id", loket_json_text (args, "id"));
  json_object_set_int_member (row, "based_on_rev",
                              json_object_get_int_member_with_default (args, "base_rev", 0));
  json_object_set_int_member (row, "rev",
                              json_object_get_int_member_with_default (args, "base_rev", 0));
  json_object_set_string_member (row, "related", related_text);
  json_object_set_string_member (row, "state", "draft");
  json_object_set_null_member (row, "submitted_at");
  json_object_set_int_member (row, "conflict", 0);
  json_object_set_member (row, "created_at",
                          json_object_dup_member (existing != NULL ? existing : args,
                                                  existing != NULL ? "created_at"
                                                                   : "updated_at"));
  return row;
}

gboolean
loket_replica_apply_save_article (LoketReplica *self, JsonObject *args, GError **error)
{
  LoketDb *db = loket_replica_get_db (self);
  const char *revision_id = loket_json_text (args, "revision_id");
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = NULL;

  if (revision_id == NULL || loket_json_text (args, "id") == NULL
      || !json_object_has_member (args, "updated_at"))
    return TRUE;  /* nothing to show; the server answers for it */
  if (!loket_db_query_row (db, "SELECT state, created_at FROM kb_article_revisions WHERE id = ?",
                           revision_id, &existing, error))
    return FALSE;
  /* Published or lost meanwhile: the server keeps this text as a new draft and sends it. */
  if (existing != NULL && !is_open_state (loket_json_text (existing, "state")))
    return TRUE;
  row = draft_row (args, existing);
  return save_new_article (self, args, error)
         && loket_db_upsert_row (db, "kb_article_revisions", row, error);
}

gboolean
loket_replica_apply_submit_article (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *params[] = { loket_json_text (args, "revision_id"),
                           loket_json_text (args, "submitted_at") };

  return loket_replica_run (self, "UPDATE kb_article_revisions SET state = 'submitted', submitted_at = ?2"
              " WHERE id = ?1 AND state IN ('draft', 'rejected')",
              G_N_ELEMENTS (params), params, error);
}

/* Parameters: ?1 revision, ?2 note, ?3 reviewer, ?4 when.  The article takes the draft's text
 * and facts at its next rev, and the revision becomes that published version.  No slug here:
 * the server gives it at the first publication. */
static const char *const publish_statements[] = {
  "UPDATE kb_articles SET (kind, title, public_body, internal_body, product_id,"
  "  product_group_id, owner_id, review_date, related) ="
  " (SELECT coalesce (r.kind, kb_articles.kind), r.title, r.public_body, r.internal_body,"
  "  r.product_id, r.product_group_id, r.owner_id, r.review_date, r.related"
  "  FROM kb_article_revisions r WHERE r.id = ?1),"
  " status = 'published', rev = rev + 1, published_at = ?4, published_by = ?3,"
  " updated_at = coalesce (?4, updated_at)"
  " WHERE id = (SELECT article_id FROM kb_article_revisions WHERE id = ?1)",
  "UPDATE kb_article_revisions SET state = 'published', conflict = 0,"
  " rev = (SELECT a.rev FROM kb_articles a WHERE a.id = article_id),"
  " reviewed_by = ?3, reviewed_at = ?4, review_note = coalesce (?2, '') WHERE id = ?1",
};

static gboolean
publish (LoketReplica *self, const char *const *params, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (publish_statements); i++)
    if (!loket_replica_run (self, publish_statements[i], 4, params, error))
      return FALSE;
  return TRUE;
}

gboolean
loket_replica_apply_review_article (LoketReplica *self, JsonObject *args, GError **error)
{
  const char *decision = loket_json_text (args, "decision");
  const char *params[] = { loket_json_text (args, "revision_id"), loket_json_text (args, "note"),
                           loket_json_text (args, "reviewed_by"),
                           loket_json_text (args, "reviewed_at") };
  g_autoptr(JsonObject) revision = NULL;

  if (params[0] == NULL || !loket_db_query_row (loket_replica_get_db (self),
        "SELECT r.state, r.based_on_rev, a.rev AS article_rev FROM kb_article_revisions r"
        " JOIN kb_articles a ON a.id = r.article_id WHERE r.id = ?", params[0], &revision, error))
    return params[0] == NULL;
  /* Reviewed already (here, or elsewhere: then the server's rows tell), or gone. */
  if (revision == NULL || g_strcmp0 (loket_json_text (revision, "state"), "submitted") != 0)
    return TRUE;
  if (g_strcmp0 (decision, "reject") == 0)
    return loket_replica_run (self, "UPDATE kb_article_revisions SET state = 'rejected',"
                " review_note = coalesce (?2, ''), reviewed_by = ?3, reviewed_at = ?4"
                " WHERE id = ?1", 4, params, error);
  if (g_strcmp0 (decision, "approve") != 0)
    return TRUE;
  if (json_object_get_int_member (revision, "based_on_rev")
      == json_object_get_int_member (revision, "article_rev"))
    return publish (self, params, error);
  /* Another version was published since the draft was written: nothing is overwritten, the
   * draft is kept next to it for an editor to merge. */
  return loket_replica_run (self, "UPDATE kb_article_revisions SET state = 'conflict', conflict = 1,"
              " rev = (SELECT a.rev FROM kb_articles a WHERE a.id = article_id),"
              " reviewed_by = ?3, reviewed_at = ?4, review_note = coalesce (?2, '')"
              " WHERE id = ?1", 4, params, error);
}

gboolean
loket_replica_apply_save_synonyms (LoketReplica *self, JsonObject *args, GError **error)
{
  JsonArray *terms = array_member (args, "terms");
  g_autofree char *terms_text = NULL;
  const char *params[] = { loket_json_text (args, "id"), NULL,
                           loket_json_text (args, "updated_at"),
                           loket_json_text (args, "updated_by") };

  if (params[0] == NULL)
    return TRUE;
  if (terms == NULL || json_array_get_length (terms) < 2)
    return loket_replica_run (self, "DELETE FROM kb_synonyms WHERE id = ?1", 1, params, error);
  terms_text = array_text (terms);
  params[1] = terms_text;
  return loket_replica_run (self, "INSERT INTO kb_synonyms (id, terms, updated_at, updated_by)"
              " VALUES (?1, ?2, coalesce (?3, ''), ?4) ON CONFLICT (id) DO UPDATE SET"
              " terms = excluded.terms, updated_at = excluded.updated_at,"
              " updated_by = excluded.updated_by", G_N_ELEMENTS (params), params, error);
}

/* ---- drafts ---------------------------------------------------------------------------------- */

gboolean
loket_replica_may_edit_articles (LoketReplica *self)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);

  role = loket_replica_dup_role (self);
  return loket_rules_may_edit_articles (role);
}

/* value, when given, names a row that sql finds. */
static gboolean
check_known (LoketReplica *self, const char *sql, const char *value, const char *message,
             GError **error)
{
  g_autoptr(LoketRecord) row = NULL;

  if (value == NULL || *value == '\0')
    return TRUE;
  row = loket_replica_first_record (self, sql, value);
  return row != NULL || loket_replica_fail (error, LOKET_ERROR_NOT_FOUND, message);
}

static gboolean
check_draft (LoketReplica *self, const LoketArticleDraft *draft, GError **error)
{
  if (draft->kind == NULL || !g_strv_contains (article_kinds, draft->kind))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID, _("Unknown kind of article: %s"),
                   draft->kind != NULL ? draft->kind : "");
      return FALSE;
    }
  if (draft->review_date != NULL && *draft->review_date != '\0'
      && !loket_validate_date (draft->review_date, NULL, error))
    return FALSE;
  return check_known (self, "SELECT id FROM products WHERE id = ?", draft->product_id,
                      _("This product does not exist (any more)."), error)
         && check_known (self, "SELECT id FROM product_groups WHERE id = ?",
                         draft->product_group_id,
                         _("This product group does not exist (any more)."), error)
         && check_known (self, "SELECT id FROM users WHERE id = ?", draft->owner_id,
                         _("This colleague is unknown."), error);
}

/* The article and revision a save writes: a new draft, or one of my own again.  A version of
 * mine that was published or lost meanwhile stays as it is: its text becomes a new draft, as
 * the server would make it. */
static gboolean
draft_target (LoketReplica *self, const LoketArticleDraft *draft, char **article_id,
              char **revision_id, GError **error)
{
  g_autoptr(JsonObject) revision = NULL;

  if (draft->revision_id == NULL)
    {
      *article_id = g_strdup (draft->article_id);
      *revision_id = g_uuid_string_random ();
      return TRUE;
    }
  if ((revision = find_revision (self, draft->revision_id, error)) == NULL)
    return FALSE;
  if (!is_mine (self, revision))
    return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN,
                               _("This is another editor’s draft; only they can change it."));
  if (draft->article_id != NULL
      && g_strcmp0 (draft->article_id, loket_json_text (revision, "article_id")) != 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This draft belongs to another article."));
  *article_id = g_strdup (loket_json_text (revision, "article_id"));
  *revision_id = is_open_state (loket_json_text (revision, "state"))
                 ? g_strdup (draft->revision_id) : g_uuid_string_random ();
  return TRUE;
}

/* The linked articles as an array: each once, never the article itself. */
static JsonArray *
related_array (const char *const *related, const char *article_id)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; related != NULL && related[i] != NULL; i++)
    if (*related[i] != '\0' && g_strcmp0 (related[i], article_id) != 0
        && g_hash_table_add (seen, (gpointer) related[i]))
      json_array_add_string_element (array, related[i]);
  return array;
}

static JsonObject *
draft_args (LoketReplica *self, const LoketArticleDraft *draft, const char *article_id,
            const char *revision_id, gint64 base_rev, const char *title)
{
  JsonObject *args = json_object_new ();
  g_autofree char *now = loket_protocol_now ();
  g_autofree char *user_id = loket_replica_dup_state (self, "user_id");

  json_object_set_string_member (args, "id", article_id);
  json_object_set_string_member (args, "revision_id", revision_id);
  json_object_set_int_member (args, "base_rev", base_rev);
  json_object_set_string_member (args, "kind", draft->kind);
  json_object_set_string_member (args, "title", title);
  json_object_set_string_member (args, "public_body",
                                 draft->public_body != NULL ? draft->public_body : "");
  json_object_set_string_member (args, "internal_body",
                                 draft->internal_body != NULL ? draft->internal_body : "");
  loket_json_set_optional (args, "product_id", draft->product_id);
  loket_json_set_optional (args, "product_group_id", draft->product_group_id);
  loket_json_set_optional (args, "owner_id", draft->owner_id);
  loket_json_set_optional (args, "review_date", draft->review_date);
  json_object_set_array_member (args, "related", related_array (draft->related, article_id));
  loket_json_set_optional (args, "author_id", user_id);
  json_object_set_string_member (args, "updated_at", now);
  return args;
}

char *
loket_replica_save_article_draft (LoketReplica *self, const LoketArticleDraft *draft,
                                  char **article_id, GError **error)
{
  g_autofree char *title = NULL;
  g_autofree char *target = NULL;
  g_autofree char *revision_id = NULL;
  g_autoptr(LoketRecord) article = NULL;
  g_autoptr(JsonObject) args = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  if (!check_editor (self, error))
    return NULL;
  if ((title = loket_replica_trimmed (draft->title)) == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID, _("Enter a title."));
      return NULL;
    }
  if (!check_draft (self, draft, error)
      || !draft_target (self, draft, &target, &revision_id, error))
    return NULL;
  if (target != NULL
      && (article = loket_replica_first_record (self, "SELECT rev FROM kb_articles WHERE id = ?",
                                                target)) == NULL)
    {
      loket_replica_fail (error, LOKET_ERROR_NOT_FOUND,
                          _("This article does not exist (any more)."));
      return NULL;
    }
  if (target == NULL)
    target = g_uuid_string_random ();
  args = draft_args (self, draft, target, revision_id, article != NULL
                     ? loket_record_get_int (article, "rev") : 0, title);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SAVE_ARTICLE, args, error))
    return NULL;
  emit (self, "kb_article_revisions");
  if (article == NULL)
    emit (self, "kb_articles");
  if (article_id != NULL)
    *article_id = g_steal_pointer (&target);
  return g_steal_pointer (&revision_id);
}

gboolean
loket_replica_submit_article (LoketReplica *self, const char *revision_id, GError **error)
{
  g_autoptr(JsonObject) revision = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *now = NULL;
  const char *state;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  if (!check_editor (self, error) || (revision = find_revision (self, revision_id, error)) == NULL)
    return FALSE;
  if (!is_mine (self, revision))
    return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN,
                               _("Only the author of a draft can ask for its review."));
  state = loket_json_text (revision, "state");
  if (g_strcmp0 (state, "submitted") == 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This draft is waiting for review already."));
  if (g_strcmp0 (state, "draft") != 0 && g_strcmp0 (state, "rejected") != 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("This version is no draft; save it as a new draft first."));
  now = loket_protocol_now ();
  args = json_object_new ();
  json_object_set_string_member (args, "revision_id", revision_id);
  json_object_set_string_member (args, "submitted_at", now);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SUBMIT_ARTICLE, args, error))
    return FALSE;
  emit (self, "kb_article_revisions");
  return TRUE;
}

static gboolean
check_review (LoketReplica *self, JsonObject *revision, gboolean approve, const char *note,
              GError **error)
{
  if (g_strcmp0 (loket_json_text (revision, "state"), "submitted") != 0)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Only a draft that waits for review can be approved or "
                                 "rejected."));
  if (is_mine (self, revision))
    return loket_replica_fail (error, LOKET_ERROR_FORBIDDEN, approve
                               ? _("You wrote this version; another editor must approve it.")
                               : _("You wrote this version; another editor must review it."));
  if (!approve && note == NULL)
    return loket_replica_fail (error, LOKET_ERROR_INVALID,
                               _("Say why the draft is rejected, so that its author can "
                                 "improve it."));
  return TRUE;
}

gboolean
loket_replica_review_article (LoketReplica *self, const char *revision_id, gboolean approve,
                              const char *note, GError **error)
{
  g_autoptr(JsonObject) revision = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *text = loket_replica_trimmed (note);
  g_autofree char *now = NULL;
  g_autofree char *user_id = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (revision_id != NULL, FALSE);

  if (!check_editor (self, error) || (revision = find_revision (self, revision_id, error)) == NULL
      || !check_review (self, revision, approve, text, error))
    return FALSE;
  now = loket_protocol_now ();
  user_id = loket_replica_dup_state (self, "user_id");
  args = json_object_new ();
  json_object_set_string_member (args, "revision_id", revision_id);
  json_object_set_string_member (args, "decision", approve ? "approve" : "reject");
  loket_json_set_optional (args, "note", text);
  loket_json_set_optional (args, "reviewed_by", user_id);
  json_object_set_string_member (args, "reviewed_at", now);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_REVIEW_ARTICLE, args, error))
    return FALSE;
  emit (self, "kb_article_revisions");
  if (approve)
    emit (self, "kb_articles");
  return TRUE;
}

gboolean
loket_replica_may_review_article (LoketReplica *self, const char *revision_id)
{
  g_autoptr(JsonObject) revision = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), FALSE);

  if (revision_id == NULL || !loket_replica_may_edit_articles (self)
      || (revision = find_revision (self, revision_id, NULL)) == NULL)
    return FALSE;
  return g_strcmp0 (loket_json_text (revision, "state"), "submitted") == 0
         && !is_mine (self, revision);
}

/* ---- synonyms -------------------------------------------------------------------------------- */

/* The terms trimmed, each once (whatever its case), in their order. */
static JsonArray *
clean_terms (const char *const *terms)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      g_autofree char *term = loket_replica_trimmed (terms[i]);
      g_autofree char *folded = term != NULL ? g_utf8_casefold (term, -1) : NULL;

      if (term != NULL && g_hash_table_add (seen, g_steal_pointer (&folded)))
        json_array_add_string_element (array, term);
    }
  return array;
}

char *
loket_replica_save_synonyms (LoketReplica *self, const char *id, const char *const *terms,
                             GError **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(JsonArray) clean = clean_terms (terms);
  g_autofree char *group = NULL;
  g_autofree char *now = NULL;
  g_autofree char *user_id = NULL;

  g_return_val_if_fail (LOKET_IS_REPLICA (self), NULL);

  if (!check_editor (self, error)
      || !check_known (self, "SELECT id FROM kb_synonyms WHERE id = ?", id,
                       _("This group of synonyms does not exist (any more)."), error))
    return NULL;
  if (id == NULL && json_array_get_length (clean) < 2)
    {
      loket_replica_fail (error, LOKET_ERROR_INVALID,
                          _("Enter at least two words that mean the same."));
      return NULL;
    }
  group = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  now = loket_protocol_now ();
  user_id = loket_replica_dup_state (self, "user_id");
  args = json_object_new ();
  json_object_set_string_member (args, "id", group);
  json_object_set_array_member (args, "terms", json_array_ref (clean));
  json_object_set_string_member (args, "updated_at", now);
  loket_json_set_optional (args, "updated_by", user_id);
  if (!loket_replica_record_mutation (self, LOKET_MUTATION_SAVE_SYNONYMS, args, error))
    return NULL;
  emit (self, "kb_synonyms");
  return g_steal_pointer (&group);
}
