/*
 * table.c — create, load and commit Iceberg tables (see table.h).
 *
 * The commit path: validate the caller's files, write the new data/delete
 * manifests once (ADDED entries inherit the snapshot's sequence number), then
 * per attempt: manifest list = new manifests + every live manifest of the base
 * snapshot as is (truncate instead writes DELETED entries for every live
 * file), summary counters, metadata file version N+1, catalog CAS. Reading
 * rows is scan.c's job; data files are written by datawriter.c.
 */
#include "iceberg/table.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "iceberg/txn.h"
#include "iceberg/update.h"

#define DEFAULT_ATTEMPTS 10
#define DEFAULT_BACKOFF_MS 20

int floe_table_split_name(const char *full, char **ns, char **name, struct floe_err *err)
{
	const char *dot = full ? strrchr(full, '.') : NULL;

	*ns = *name = NULL;
	if (!dot || dot == full || !dot[1])
		return floe_err_set(err, "table name '%s' must be NAMESPACE.TABLE", full ? full : "");
	*ns = strndup(full, (size_t)(dot - full));
	*name = strdup(dot + 1);
	if (!*ns || !*name) {
		free(*ns);
		free(*name);
		*ns = *name = NULL;
		return floe_err_set(err, "out of memory");
	}
	return 0;
}

static struct floe_table *table_alloc(struct floe_catalog *cat, struct floe_storage *st, const char *ns,
				      const char *name)
{
	struct floe_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->catalog = cat;
	t->storage = st;
	t->ns = strdup(ns);
	t->name = strdup(name);
	t->max_attempts = DEFAULT_ATTEMPTS;
	t->backoff_ms = DEFAULT_BACKOFF_MS;
	if (!t->ns || !t->name) {
		free(t->ns);
		free(t->name);
		free(t);
		return NULL;
	}
	return t;
}

void floe_table_free(struct floe_table *t)
{
	if (!t)
		return;
	floe_metadata_release(&t->md);
	free(t->ns);
	free(t->name);
	free(t->metadata_location);
	free(t);
}

static char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

int floe_table_create(struct floe_catalog *cat, struct floe_storage *st, const char *warehouse, const char *ns,
		      const char *name, const struct floe_schema *schema, const struct floe_kv *props, size_t n_props,
		      struct floe_table **out, struct floe_err *err)
{
	struct floe_table *t = NULL;
	char *wh = NULL, *nsdir = NULL, *loc = NULL, *p;
	int rc = -1;

	*out = NULL;
	if (!ns || !*ns || !name || !*name || strchr(name, '/') || strchr(ns, '/'))
		return floe_err_set(err, "invalid table name '%s.%s'", ns ? ns : "", name ? name : "");
	if (floe_storage_normalize(warehouse, &wh, err) < 0)
		return floe_err_prefix(err, "warehouse.location: ");
	t = table_alloc(cat, st, ns, name);
	nsdir = strdup(ns);
	if (!t || !nsdir) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (p = nsdir; *p; p++)
		if (*p == '.')
			*p = '/';
	{
		char *tmp = path_join(wh, nsdir);
		loc = tmp ? path_join(tmp, name) : NULL;
		free(tmp);
	}
	if (!loc) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (floe_metadata_new(&t->md, loc, schema, props, n_props, err) < 0)
		goto out;
	if (floe_catalog_create_namespace(cat, ns, err) < 0)
		goto out;
	if (floe_catalog_create_table(cat, st, ns, name, &t->md, &t->metadata_location, err) < 0)
		goto out;
	*out = t;
	t = NULL;
	rc = 0;
out:
	floe_table_free(t);
	free(wh);
	free(nsdir);
	free(loc);
	return rc;
}

int floe_table_load(struct floe_catalog *cat, struct floe_storage *st, const char *ns, const char *name,
		    struct floe_table **out, struct floe_err *err)
{
	struct floe_table *t;
	bool unchanged;

	*out = NULL;
	t = table_alloc(cat, st, ns, name);
	if (!t)
		return floe_err_set(err, "out of memory");
	if (floe_catalog_load_table(cat, st, ns, name, NULL, &t->metadata_location, &t->md, &unchanged, err) < 0) {
		if (err->code != FLOE_CATALOG_ENOTFOUND)
			floe_err_prefix(err, "table '%s.%s': ", ns, name);
		goto out;
	}
	*out = t;
	t = NULL;
out:
	floe_table_free(t);
	return *out ? 0 : -1;
}

int floe_table_refresh(struct floe_table *t, struct floe_err *err)
{
	struct floe_table_metadata md;
	char *loc = NULL;
	bool unchanged;

	memset(&md, 0, sizeof(md));
	if (floe_catalog_load_table(t->catalog, t->storage, t->ns, t->name, t->metadata_location, &loc, &md, &unchanged,
				    err) < 0) {
		if (err->code != FLOE_CATALOG_ENOTFOUND)
			floe_err_prefix(err, "table '%s.%s': ", t->ns, t->name);
		return -1;
	}
	if (unchanged) {
		free(loc);
		return 0;
	}
	if (t->md.schemas && strcmp(md.table_uuid, t->md.table_uuid) != 0) {
		floe_err_set(err, "table '%s.%s' changed identity (uuid '%s' became '%s'): it was dropped and recreated",
			     t->ns, t->name, t->md.table_uuid, md.table_uuid);
		floe_metadata_release(&md);
		free(loc);
		return -1;
	}
	floe_metadata_release(&t->md);
	t->md = md;
	free(t->metadata_location);
	t->metadata_location = loc;
	return 0;
}

const struct floe_snapshot *floe_table_current_snapshot(const struct floe_table *t)
{
	return floe_metadata_current_snapshot(&t->md);
}

const char *floe_table_summary(const struct floe_table *t, const char *key)
{
	const struct floe_snapshot *s = floe_table_current_snapshot(t);
	return s ? floe_snapshot_summary(s, key) : NULL;
}

const struct floe_snapshot *floe_table_last_with_summary(const struct floe_table *t, const char *key)
{
	const struct floe_snapshot *s = floe_table_current_snapshot(t);
	size_t guard = 0;

	while (s && guard++ <= t->md.n_snapshots) {
		if (floe_snapshot_summary(s, key))
			return s;
		s = s->has_parent ? floe_metadata_snapshot(&t->md, s->parent_id) : NULL;
	}
	return NULL;
}

struct props_change {
	const struct floe_kv *set;
	size_t n_set;
	const char *const *remove;
	size_t n_remove;
};

static int props_build(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err)
{
	const struct props_change *pc = arg;
	struct floe_update u;

	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_REMOVE_PROPERTIES;
	u.keys = pc->remove;
	u.n_keys = pc->n_remove;
	if (pc->n_remove && floe_txn_update(tx, &u, err) < 0)
		return -1;
	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_SET_PROPERTIES;
	u.props = pc->set;
	u.n_props = pc->n_set;
	if (pc->n_set && floe_txn_update(tx, &u, err) < 0)
		return -1;
	return floe_txn_require_base(tx, t, false, false, err);
}

int floe_table_set_properties(struct floe_table *t, const struct floe_kv *set, size_t n_set,
			      const char *const *remove, size_t n_remove, struct floe_err *err)
{
	static const struct floe_txn_ops ops = { .build = props_build };
	struct props_change pc = { set, n_set, remove, n_remove };

	for (size_t i = 0; i < n_set; i++)
		for (size_t k = 0; k < n_remove; k++)
			if (!strcmp(set[i].key, remove[k]))
				return floe_err_setc(err, FLOE_EINPUT, "property '%s' is both set and removed", set[i].key);
	if (floe_table_transact(t, &ops, &pc, err) < 0)
		return floe_err_prefix(err, "table '%s.%s': ", t->ns, t->name);
	return 0;
}

/* ---------- reading a snapshot's files ---------- */

int floe_table_read_snapshot_files(struct floe_storage *st, const struct floe_snapshot *snap, struct floe_arena *a,
				   struct floe_snapshot_files *out, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (floe_storage_get(st, snap->manifest_list, &b, err) < 0) {
		floe_err_prefix(err, "snapshot %" PRId64 ": manifest list: ", snap->snapshot_id);
		goto out;
	}
	if (floe_manifest_list_read(b.data, b.len, a, &out->list, err) < 0) {
		floe_err_prefix(err, "manifest list '%s': ", snap->manifest_list);
		goto out;
	}
	out->manifests = floe_arena_alloc(a, (out->list.n_files + 1) * sizeof(*out->manifests));
	if (!out->manifests) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < out->list.n_files; i++) {
		const struct floe_manifest_file *mf = &out->list.files[i];
		floe_buf_reset(&b);
		if (floe_storage_get(st, mf->manifest_path, &b, err) < 0) {
			floe_err_prefix(err, "snapshot %" PRId64 ": manifest: ", snap->snapshot_id);
			goto out;
		}
		if (mf->manifest_length > 0 && (uint64_t)mf->manifest_length != b.len) {
			floe_err_set(err, "manifest '%s' has %zu bytes but the manifest list says %" PRId64,
				     mf->manifest_path, b.len, mf->manifest_length);
			goto out;
		}
		if (floe_manifest_read(b.data, b.len, mf, a, &out->manifests[i], err) < 0) {
			floe_err_prefix(err, "manifest '%s': ", mf->manifest_path);
			goto out;
		}
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

/* ---------- commit ---------- */

struct counts {
	int64_t data_files, records, files_size;
	int64_t delete_files, eq_delete_files, pos_delete_files, eq_deletes, pos_deletes, delete_size;
};

static void count_file(struct counts *c, const struct floe_data_file *f)
{
	if (f->content == FLOE_CONTENT_DATA) {
		c->data_files++;
		c->records += f->record_count;
		c->files_size += f->file_size_in_bytes;
	} else {
		c->delete_files++;
		c->delete_size += f->file_size_in_bytes;
		if (f->content == FLOE_CONTENT_EQUALITY_DELETES) {
			c->eq_delete_files++;
			c->eq_deletes += f->record_count;
		} else {
			c->pos_delete_files++;
			c->pos_deletes += f->record_count;
		}
	}
}

struct summary_builder {
	struct floe_kv kv[48];
	char vals[48][24];
	size_t n;
};

static void sum_put(struct summary_builder *s, const char *key, int64_t v)
{
	if (s->n >= 40)
		return;
	snprintf(s->vals[s->n], sizeof(s->vals[s->n]), "%" PRId64, v);
	s->kv[s->n].key = key;
	s->kv[s->n].value = s->vals[s->n];
	s->n++;
}

static void sum_nz(struct summary_builder *s, const char *key, int64_t v)
{
	if (v)
		sum_put(s, key, v);
}

static bool prev_total(const struct floe_snapshot *prev, const char *key, int64_t *v)
{
	const char *s;
	char *end;

	*v = 0;
	if (!prev)
		return true;
	s = floe_snapshot_summary(prev, key);
	if (!s)
		return false;
	*v = strtoll(s, &end, 10);
	return *end == '\0';
}

static void sum_total(struct summary_builder *s, const struct floe_snapshot *prev, bool reset, const char *key,
		      int64_t added, int64_t removed)
{
	int64_t p;

	if (reset) {
		sum_put(s, key, added);
		return;
	}
	if (prev_total(prev, key, &p))
		sum_put(s, key, p + added - removed);
}

static void build_summary(struct summary_builder *s, const struct floe_snapshot *prev, bool truncate,
			  const struct counts *add, const struct counts *rem)
{
	s->n = 0;
	sum_nz(s, "added-data-files", add->data_files);
	sum_nz(s, "added-records", add->records);
	sum_nz(s, "added-files-size", add->files_size + add->delete_size);
	sum_nz(s, "added-delete-files", add->delete_files);
	sum_nz(s, "added-equality-delete-files", add->eq_delete_files);
	sum_nz(s, "added-equality-deletes", add->eq_deletes);
	sum_nz(s, "added-position-delete-files", add->pos_delete_files);
	sum_nz(s, "added-position-deletes", add->pos_deletes);
	sum_nz(s, "deleted-data-files", rem->data_files);
	sum_nz(s, "deleted-records", rem->records);
	sum_nz(s, "removed-delete-files", rem->delete_files);
	sum_nz(s, "removed-equality-delete-files", rem->eq_delete_files);
	sum_nz(s, "removed-equality-deletes", rem->eq_deletes);
	sum_nz(s, "removed-position-delete-files", rem->pos_delete_files);
	sum_nz(s, "removed-position-deletes", rem->pos_deletes);
	sum_nz(s, "removed-files-size", rem->files_size + rem->delete_size);
	if (add->data_files || add->delete_files || rem->data_files || rem->delete_files)
		sum_put(s, "changed-partition-count", 1);
	sum_total(s, prev, truncate, "total-records", add->records, rem->records);
	sum_total(s, prev, truncate, "total-files-size", add->files_size + add->delete_size,
		  rem->files_size + rem->delete_size);
	sum_total(s, prev, truncate, "total-data-files", add->data_files, rem->data_files);
	sum_total(s, prev, truncate, "total-delete-files", add->delete_files, rem->delete_files);
	sum_total(s, prev, truncate, "total-position-deletes", add->pos_deletes, rem->pos_deletes);
	sum_total(s, prev, truncate, "total-equality-deletes", add->eq_deletes, rem->eq_deletes);
}

static int write_manifest(struct floe_table *t, const char *uri, enum floe_manifest_content content,
			  int64_t snapshot_id, const struct floe_manifest_entry *entries, size_t n,
			  struct floe_manifest_file *mf, struct floe_txn *tx, bool keep, struct floe_err *err)
{
	const struct floe_schema *schema = floe_metadata_current_schema(&t->md);
	struct floe_manifest_opts o;
	struct floe_buf sj = FLOE_BUF_INIT;
	struct floe_sink *sink = NULL;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	if (floe_schema_to_text(schema, &sj, err) < 0)
		goto out;
	o.schema_json = floe_buf_cstr(&sj);
	o.schema_id = schema->schema_id;
	o.partition_spec_json = "[]";
	o.partition_spec_id = t->md.default_spec_id;
	o.format_version = 2;
	o.content = content;
	o.snapshot_id = snapshot_id;
	o.sequence_number = FLOE_SEQ_UNASSIGNED;
	/* tracked first: a put that fails after the object became visible leaves nothing behind */
	if (floe_txn_track(tx, uri, keep, err) < 0 || floe_storage_put(t->storage, uri, &sink, err) < 0)
		goto out;
	if (floe_manifest_write(sink, &o, entries, n, mf, err) < 0) {
		sink->abort(sink);
		floe_err_prefix(err, "manifest '%s': ", uri);
		goto out;
	}
	if (sink->finish(sink, err) < 0)
		goto out;
	rc = 0;
out:
	floe_buf_release(&sj);
	return rc;
}

static int check_files(const struct floe_table *t, const struct floe_commit *c, struct floe_err *err)
{
	const struct floe_schema *schema = floe_metadata_current_schema(&t->md);
	size_t i, j;

	for (i = 0; i < c->n_data_files; i++) {
		const struct floe_data_file *f = &c->data_files[i];
		if (f->content != FLOE_CONTENT_DATA)
			return floe_err_set(err, "'%s' is passed as a data file but has content %d", f->file_path,
					    (int)f->content);
	}
	for (i = 0; i < c->n_delete_files; i++) {
		const struct floe_data_file *f = &c->delete_files[i];
		if (f->content == FLOE_CONTENT_EQUALITY_DELETES) {
			if (!f->n_equality_ids)
				return floe_err_set(err, "equality delete file '%s' has no equality ids", f->file_path);
			for (j = 0; j < f->n_equality_ids; j++)
				if (!floe_schema_field(schema, f->equality_ids[j]))
					return floe_err_set(err, "equality delete file '%s': field id %d is not a column",
							    f->file_path, f->equality_ids[j]);
		} else if (f->content != FLOE_CONTENT_POSITION_DELETES) {
			return floe_err_set(err, "'%s' is passed as a delete file but has content %d", f->file_path,
					    (int)f->content);
		}
	}
	for (i = 0; i < c->n_data_files + c->n_delete_files; i++) {
		const struct floe_data_file *f =
			i < c->n_data_files ? &c->data_files[i] : &c->delete_files[i - c->n_data_files];
		if (!f->file_path || !strstr(f->file_path, "://"))
			return floe_err_set(err, "file path '%s' must be a full URI", f->file_path ? f->file_path : "");
		if (f->record_count < 0 || f->file_size_in_bytes <= 0)
			return floe_err_set(err, "file '%s' has an invalid record count or size", f->file_path);
	}
	for (i = 0; i < c->n_summary; i++)
		if (!strcmp(c->summary[i].key, "operation"))
			return floe_err_set(err, "summary key 'operation' is set by the commit itself");
	return 0;
}

static int added_manifest(struct floe_table *t, const char *commit_uuid, int k, enum floe_manifest_content content,
			  int64_t sid, const struct floe_data_file *files, size_t n, struct floe_arena *a,
			  struct floe_manifest_file *mf, struct floe_txn *tx, struct floe_err *err)
{
	struct floe_manifest_entry *e;
	char name[96], *dir, *uri;
	size_t i;
	int rc;

	e = floe_arena_alloc(a, n * sizeof(*e));
	if (!e)
		return floe_err_set(err, "out of memory");
	memset(e, 0, n * sizeof(*e));
	for (i = 0; i < n; i++) {
		e[i].status = FLOE_ENTRY_ADDED;
		e[i].has_snapshot_id = true;
		e[i].snapshot_id = sid;
		e[i].file = files[i];
	}
	snprintf(name, sizeof(name), "%s-m%d.avro", commit_uuid, k);
	dir = path_join(t->md.location, "metadata");
	uri = dir ? path_join(dir, name) : NULL;
	free(dir);
	if (!uri)
		return floe_err_set(err, "out of memory");
	rc = write_manifest(t, uri, content, sid, e, n, mf, tx, true, err);
	mf->manifest_path = floe_arena_strdup(a, uri);
	free(uri);
	if (rc == 0 && !mf->manifest_path)
		return floe_err_set(err, "out of memory");
	return rc;
}

/* Truncate: every live entry of the base snapshot becomes DELETED, one manifest per content. */
static int truncate_manifests(struct floe_table *t, const struct floe_snapshot *cur, const char *commit_uuid,
			      int attempt, int64_t sid, struct floe_arena *a, struct floe_manifest_file *out,
			      size_t *n_out, struct counts *rem, struct floe_txn *tx, struct floe_err *err)
{
	struct floe_snapshot_files sf;
	struct floe_manifest_entry *ents[2];
	size_t n[2] = { 0, 0 }, total = 0, i, j;
	int c;

	*n_out = 0;
	if (floe_table_read_snapshot_files(t->storage, cur, a, &sf, err) < 0)
		return -1;
	for (i = 0; i < sf.list.n_files; i++)
		total += sf.manifests[i].n_entries;
	for (c = 0; c < 2; c++) {
		ents[c] = floe_arena_alloc(a, (total + 1) * sizeof(**ents));
		if (!ents[c])
			return floe_err_set(err, "out of memory");
	}
	for (i = 0; i < sf.list.n_files; i++) {
		for (j = 0; j < sf.manifests[i].n_entries; j++) {
			struct floe_manifest_entry e = sf.manifests[i].entries[j];
			if (e.status == FLOE_ENTRY_DELETED)
				continue;
			c = e.file.content == FLOE_CONTENT_DATA ? 0 : 1;
			count_file(rem, &e.file);
			e.status = FLOE_ENTRY_DELETED;
			e.has_snapshot_id = true;
			e.snapshot_id = sid;
			ents[c][n[c]++] = e;
		}
	}
	for (c = 0; c < 2; c++) {
		char name[128], *dir, *uri;
		int rc;
		if (!n[c])
			continue;
		snprintf(name, sizeof(name), "%s-m%d-a%d.avro", commit_uuid, 2 + c, attempt);
		dir = path_join(t->md.location, "metadata");
		uri = dir ? path_join(dir, name) : NULL;
		free(dir);
		if (!uri)
			return floe_err_set(err, "out of memory");
		rc = write_manifest(t, uri, c ? FLOE_MANIFEST_DELETES : FLOE_MANIFEST_DATA, sid, ents[c], n[c],
				    &out[*n_out], tx, false, err); /* rebuilt on every attempt */
		out[*n_out].manifest_path = floe_arena_strdup(a, uri);
		free(uri);
		if (rc < 0)
			return -1;
		(*n_out)++;
	}
	return 0;
}

static int manifest_list_uri(const struct floe_table *t, int64_t sid, int attempt, const char *uuid, char **out,
			     struct floe_err *err)
{
	char name[128], *dir;

	snprintf(name, sizeof(name), "snap-%" PRId64 "-%d-%s.avro", sid, attempt, uuid);
	dir = path_join(t->md.location, "metadata");
	*out = dir ? path_join(dir, name) : NULL;
	free(dir);
	return *out ? 0 : floe_err_set(err, "out of memory");
}

static int write_manifest_list(struct floe_table *t, const char *uri, int64_t sid, const struct floe_snapshot *parent,
			       int64_t seq, const struct floe_manifest_file *files, size_t n, struct floe_txn *tx,
			       struct floe_err *err)
{
	struct floe_manifest_list_opts o;
	struct floe_sink *sink;

	memset(&o, 0, sizeof(o));
	o.snapshot_id = sid;
	o.has_parent_snapshot_id = parent != NULL;
	o.parent_snapshot_id = parent ? parent->snapshot_id : 0;
	o.sequence_number = seq;
	o.format_version = 2;
	if (floe_txn_track(tx, uri, false, err) < 0 || floe_storage_put(t->storage, uri, &sink, err) < 0)
		return -1;
	if (floe_manifest_list_write(sink, &o, files, n, NULL, err) < 0) {
		sink->abort(sink);
		return floe_err_prefix(err, "manifest list '%s': ", uri);
	}
	return sink->finish(sink, err);
}

static long prop_long(const struct floe_table_metadata *md, const char *key, long dflt)
{
	const char *v = floe_metadata_property(md, key);
	char *end;
	long n;

	if (!v)
		return dflt;
	n = strtol(v, &end, 10);
	return *end || n < 0 ? dflt : n;
}

/* Manifest merging (Java's merge-append, properties commit.manifest-merge.enabled,
 * commit.manifest.min-count-to-merge = 100, commit.manifest.target-size-bytes = 8 MiB):
 * when at least min-count carried manifests of one content are smaller than the target,
 * their live entries are rewritten into one manifest as EXISTING entries with their
 * original snapshot ids and sequence numbers. This keeps the manifest list (and so the
 * commit and planning cost) bounded; between merges manifests are carried unchanged.
 * `carried` (n_list - n_before entries of `list`) is rewritten in place. */
static int merge_manifests(struct floe_table *t, const char *commit_uuid, int attempt, int64_t sid,
			   struct floe_manifest_file *carried, size_t *n_list, size_t n_before, struct floe_arena *a,
			   struct floe_txn *tx, struct floe_err *err)
{
	const char *en = floe_metadata_property(&t->md, "commit.manifest-merge.enabled");
	long min_count = prop_long(&t->md, "commit.manifest.min-count-to-merge", 100);
	long target = prop_long(&t->md, "commit.manifest.target-size-bytes", 8L << 20);
	size_t n = *n_list - n_before, i, j, k;
	int c;

	if (en && strcasecmp(en, "false") == 0)
		return 0;
	if (min_count < 2)
		min_count = 2;
	for (c = 0; c < 2; c++) {
		struct floe_manifest_entry *ents;
		struct floe_manifest_file merged;
		struct floe_buf b = FLOE_BUF_INIT;
		size_t small = 0, n_ents = 0, cap = 0;
		char name[128], *dir, *uri;
		int rc;

		for (i = 0; i < n; i++)
			if (carried[i].content == c && carried[i].manifest_length < target)
				small++;
		if ((long)small < min_count)
			continue;
		for (i = 0; i < n; i++)
			if (carried[i].content == c && carried[i].manifest_length < target)
				cap += (size_t)(carried[i].added_files_count + carried[i].existing_files_count) + 1;
		ents = floe_arena_alloc(a, (cap + 1) * sizeof(*ents));
		if (!ents)
			return floe_err_set(err, "out of memory");
		for (i = 0; i < n; i++) {
			struct floe_manifest m;
			if (carried[i].content != c || carried[i].manifest_length >= target)
				continue;
			floe_buf_reset(&b);
			if (floe_storage_get(t->storage, carried[i].manifest_path, &b, err) < 0 ||
			    floe_manifest_read(b.data, b.len, &carried[i], a, &m, err) < 0) {
				floe_buf_release(&b);
				return floe_err_prefix(err, "merging manifest '%s': ", carried[i].manifest_path);
			}
			for (j = 0; j < m.n_entries; j++) {
				if (m.entries[j].status == FLOE_ENTRY_DELETED)
					continue;
				if (n_ents == cap) {
					floe_buf_release(&b);
					return floe_err_set(err, "manifest '%s' has more live entries than its counts say",
							    carried[i].manifest_path);
				}
				ents[n_ents] = m.entries[j];
				ents[n_ents].status = FLOE_ENTRY_EXISTING;
				n_ents++;
			}
		}
		floe_buf_release(&b);
		snprintf(name, sizeof(name), "%s-m%d-a%d.avro", commit_uuid, 4 + c, attempt);
		dir = path_join(t->md.location, "metadata");
		uri = dir ? path_join(dir, name) : NULL;
		free(dir);
		if (!uri)
			return floe_err_set(err, "out of memory");
		rc = write_manifest(t, uri, c ? FLOE_MANIFEST_DELETES : FLOE_MANIFEST_DATA, sid, ents, n_ents, &merged, tx,
				    false, err); /* rebuilt on every attempt */
		merged.manifest_path = floe_arena_strdup(a, uri);
		free(uri);
		if (rc < 0)
			return -1;
		if (!merged.manifest_path)
			return floe_err_set(err, "out of memory");
		/* the merged manifest first, then what was not merged */
		{
			struct floe_manifest_file *tmp = floe_arena_alloc(a, (n + 1) * sizeof(*tmp));
			if (!tmp)
				return floe_err_set(err, "out of memory");
			tmp[0] = merged;
			for (i = 0, k = 1; i < n; i++)
				if (!(carried[i].content == c && carried[i].manifest_length < target))
					tmp[k++] = carried[i];
			memcpy(carried, tmp, k * sizeof(*tmp));
			n = k;
		}
	}
	*n_list = n_before + n;
	return 0;
}

/* ---------- a snapshot commit as a transaction ---------- */

struct commit_state {
	const struct floe_commit *c;
	char commit_uuid[37];
	int64_t sid;
	struct floe_arena a; /* what outlives an attempt: the new manifests */
	struct floe_manifest_file new_mfs[2];
	size_t n_new;
	struct counts add;
	struct floe_snapshot snap;
};

static int commit_prepare(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err)
{
	struct commit_state *cs = arg;
	const struct floe_commit *c = cs->c;

	if (c->n_data_files) {
		if (added_manifest(t, cs->commit_uuid, 0, FLOE_MANIFEST_DATA, cs->sid, c->data_files, c->n_data_files,
				   &cs->a, &cs->new_mfs[cs->n_new], tx, err) < 0)
			return -1;
		cs->n_new++;
	}
	if (c->n_delete_files) {
		if (added_manifest(t, cs->commit_uuid, 1, FLOE_MANIFEST_DELETES, cs->sid, c->delete_files,
				   c->n_delete_files, &cs->a, &cs->new_mfs[cs->n_new], tx, err) < 0)
			return -1;
		cs->n_new++;
	}
	return 0;
}

/* One attempt on top of t->md: manifest list (new manifests + the live ones
 * of the base, or DELETED entries for a truncate), summary, and the updates
 * add-snapshot + set-snapshot-ref(main) (+ remove-properties). */
static int commit_build(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err)
{
	struct commit_state *cs = arg;
	const struct floe_commit *c = cs->c;
	const struct floe_snapshot *cur = floe_metadata_current_snapshot(&t->md);
	struct floe_arena *a = floe_txn_arena(tx);
	int attempt = floe_txn_attempt(tx);
	struct floe_manifest_list base_list;
	struct floe_manifest_file *list;
	size_t n_list = 0, i, n_trunc = 0;
	struct counts rem;
	struct summary_builder sb;
	struct floe_kv *sum;
	struct floe_update u;
	char *ml_uri = NULL;
	int64_t seq = t->md.last_sequence_number + 1;

	memset(&rem, 0, sizeof(rem));
	memset(&base_list, 0, sizeof(base_list));
	if (floe_metadata_snapshot(&t->md, cs->sid))
		return floe_err_set(err, "snapshot id %" PRId64 " was taken by a concurrent commit", cs->sid);
	if (cur && !c->truncate) {
		struct floe_buf b = FLOE_BUF_INIT;
		if (floe_storage_get(t->storage, cur->manifest_list, &b, err) < 0 ||
		    floe_manifest_list_read(b.data, b.len, a, &base_list, err) < 0) {
			floe_buf_release(&b);
			return floe_err_prefix(err, "manifest list '%s': ", cur->manifest_list);
		}
		floe_buf_release(&b);
	}
	list = floe_arena_alloc(a, (cs->n_new + base_list.n_files + 2) * sizeof(*list));
	if (!list)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < cs->n_new; i++)
		list[n_list++] = cs->new_mfs[i];
	if (cur && c->truncate) {
		if (truncate_manifests(t, cur, cs->commit_uuid, attempt, cs->sid, a, list + n_list, &n_trunc, &rem, tx,
				       err) < 0)
			return -1;
		n_list += n_trunc;
	}
	for (i = 0; i < base_list.n_files; i++) {
		const struct floe_manifest_file *mf = &base_list.files[i];
		if (mf->added_files_count == 0 && mf->existing_files_count == 0)
			continue; /* only DELETED entries left: nothing live */
		list[n_list++] = *mf;
	}
	if (merge_manifests(t, cs->commit_uuid, attempt, cs->sid, list + cs->n_new + n_trunc, &n_list,
			    cs->n_new + n_trunc, a, tx, err) < 0)
		return -1;
	if (manifest_list_uri(t, cs->sid, attempt, cs->commit_uuid, &ml_uri, err) < 0)
		return -1;
	if (write_manifest_list(t, ml_uri, cs->sid, cur, seq, list, n_list, tx, err) < 0) {
		free(ml_uri);
		return -1;
	}
	memset(&cs->snap, 0, sizeof(cs->snap));
	cs->snap.manifest_list = floe_arena_strdup(a, ml_uri);
	free(ml_uri);
	build_summary(&sb, cur, c->truncate, &cs->add, &rem);
	sum = floe_arena_alloc(a, (sb.n + c->n_summary + 1) * sizeof(*sum));
	if (!sum || !cs->snap.manifest_list)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < sb.n; i++) {
		sum[i].key = sb.kv[i].key;
		sum[i].value = floe_arena_strdup(a, sb.kv[i].value);
		if (!sum[i].value)
			return floe_err_set(err, "out of memory");
	}
	if (c->n_summary)
		memcpy(sum + sb.n, c->summary, c->n_summary * sizeof(*sum));
	cs->snap.snapshot_id = cs->sid;
	cs->snap.has_parent = cur != NULL;
	cs->snap.parent_id = cur ? cur->snapshot_id : 0;
	cs->snap.sequence_number = seq;
	cs->snap.timestamp_ms = floe_now_unix_ms();
	cs->snap.has_schema_id = true;
	cs->snap.schema_id = t->md.current_schema_id;
	if (c->truncate)
		cs->snap.operation = (c->n_data_files || c->n_delete_files) ? "overwrite" : "delete";
	else
		cs->snap.operation = c->n_delete_files ? "overwrite" : "append";
	cs->snap.summary = sum;
	cs->snap.n_summary = sb.n + c->n_summary;

	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_ADD_SNAPSHOT;
	u.snapshot = &cs->snap;
	if (floe_txn_update(tx, &u, err) < 0)
		return -1;
	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_SET_SNAPSHOT_REF;
	u.ref_name = "main";
	u.ref_type = "branch";
	u.snapshot_id = cs->sid;
	if (floe_txn_update(tx, &u, err) < 0)
		return -1;
	if (c->n_remove_properties) {
		memset(&u, 0, sizeof(u));
		u.action = FLOE_UPD_REMOVE_PROPERTIES;
		u.keys = c->remove_properties;
		u.n_keys = c->n_remove_properties;
		if (floe_txn_update(tx, &u, err) < 0)
			return -1;
	}
	return floe_txn_require_base(tx, t, false, false, err);
}

static bool commit_landed(struct floe_table *t, void *arg)
{
	const struct commit_state *cs = arg;

	return floe_metadata_snapshot(&t->md, cs->sid) != NULL;
}

int floe_table_commit(struct floe_table *t, const struct floe_commit *c, int64_t *snapshot_id, struct floe_err *err)
{
	static const struct floe_txn_ops ops = {
		.prepare = commit_prepare,
		.build = commit_build,
		.landed = commit_landed,
	};
	struct commit_state cs;
	size_t i;
	int rc = -1;

	memset(&cs, 0, sizeof(cs));
	cs.c = c;
	floe_arena_init(&cs.a, 16 * 1024);
	if (!c->truncate && !c->n_data_files && !c->n_delete_files && !c->n_summary) {
		floe_err_set(err, "commit to '%s.%s' has nothing to commit", t->ns, t->name);
		floe_arena_release(&cs.a);
		return -1;
	}
	if (check_files(t, c, err) < 0 || floe_uuid4(cs.commit_uuid, err) < 0 || floe_new_snapshot_id(&cs.sid, err) < 0)
		goto out;
	for (i = 0; i < c->n_data_files; i++)
		count_file(&cs.add, &c->data_files[i]);
	for (i = 0; i < c->n_delete_files; i++)
		count_file(&cs.add, &c->delete_files[i]);
	if (floe_table_transact(t, &ops, &cs, err) < 0) {
		if (err->code == FLOE_CATALOG_EUNKNOWN)
			floe_err_prefix(err,
					"outcome unknown: snapshot %" PRId64 " may or may not have been committed; its "
					"files are kept; refresh the table and look for it before writing again: ",
					cs.sid);
		goto out;
	}
	if (snapshot_id)
		*snapshot_id = cs.sid;
	rc = 0;
out:
	if (rc < 0)
		floe_err_prefix(err, "commit to '%s.%s': ", t->ns, t->name);
	floe_arena_release(&cs.a);
	return rc;
}
