/*
 * expire.c — snapshot expiry (see expire.h). The metadata change is a
 * remove-snapshots update run through floe_table_transact (rebuilt on a lost
 * race, so snapshots committed meanwhile are judged too); files are deleted only after it landed,
 * and only those no kept snapshot reaches: a manifest list belongs to one
 * snapshot; a manifest is kept when any kept manifest list names it; a data or
 * delete file is kept when any kept manifest has it ADDED or EXISTING.
 */
#include "iceberg/expire.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "iceberg/txn.h"
#include "iceberg/update.h"

/* ---------- a set of strings ---------- */

struct strset {
	char **slots;
	size_t cap;
	size_t n;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	while (*s) {
		h ^= (uint8_t)*s++;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static int strset_add(struct strset *set, const char *s, struct floe_err *err)
{
	size_t i;

	if ((set->n + 1) * 2 > set->cap) {
		size_t nc = set->cap ? set->cap * 2 : 256, k;
		char **ns = calloc(nc, sizeof(char *));
		if (!ns)
			return floe_err_set(err, "out of memory");
		for (k = 0; k < set->cap; k++) {
			if (!set->slots[k])
				continue;
			for (i = str_hash(set->slots[k]) & (nc - 1); ns[i]; i = (i + 1) & (nc - 1))
				;
			ns[i] = set->slots[k];
		}
		free(set->slots);
		set->slots = ns;
		set->cap = nc;
	}
	for (i = str_hash(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slots[i], s))
			return 0;
	if (!(set->slots[i] = strdup(s)))
		return floe_err_set(err, "out of memory");
	set->n++;
	return 0;
}

static bool strset_has(const struct strset *set, const char *s)
{
	size_t i;

	if (!set->cap)
		return false;
	for (i = str_hash(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slots[i], s))
			return true;
	return false;
}

static void strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/* ---------- choosing ---------- */

/* Snapshot ids to expire from md (malloc'd array). */
static int choose(const struct floe_table_metadata *md, const struct floe_expire_opts *o, int64_t **out, size_t *n,
		  struct floe_err *err)
{
	const struct floe_snapshot *s = floe_metadata_current_snapshot(md);
	int64_t *keep, *ids;
	size_t n_keep = 0, i, j;
	int retain = o->retain_last < 1 ? 1 : o->retain_last;

	*out = NULL;
	*n = 0;
	keep = calloc(md->n_snapshots + md->n_refs + 1, sizeof(int64_t));
	ids = calloc(md->n_snapshots + 1, sizeof(int64_t));
	if (!keep || !ids) {
		free(keep);
		free(ids);
		return floe_err_set(err, "out of memory");
	}
	for (i = 0; s && (int)i < retain && i <= md->n_snapshots; i++) {
		keep[n_keep++] = s->snapshot_id;
		s = s->has_parent ? floe_metadata_snapshot(md, s->parent_id) : NULL;
	}
	for (i = 0; i < md->n_refs; i++)
		keep[n_keep++] = md->refs[i].snapshot_id;
	for (i = 0; i < md->n_snapshots; i++) {
		bool k = md->snapshots[i].timestamp_ms >= o->older_than_ms;
		for (j = 0; j < n_keep && !k; j++)
			k = keep[j] == md->snapshots[i].snapshot_id;
		if (!k)
			ids[(*n)++] = md->snapshots[i].snapshot_id;
	}
	free(keep);
	*out = ids;
	return 0;
}

/* ---------- deleting ---------- */

static void del(struct floe_table *t, const char *uri, int64_t *counter)
{
	struct floe_err e;

	if (floe_storage_delete(t->storage, uri, &e) < 0)
		floe_log_warn("snapshot expiry: %s", e.msg);
	else
		(*counter)++;
}

static int read_list(struct floe_table *t, const char *uri, struct floe_arena *a, struct floe_manifest_list *l,
		     bool *missing, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	int rc = -1;

	*missing = false;
	if (floe_storage_get(t->storage, uri, &b, err) < 0) {
		if (err->code == FLOE_STORAGE_ENOENT) {
			*missing = true;
			rc = 0;
		}
		goto out;
	}
	if (floe_manifest_list_read(b.data, b.len, a, l, err) < 0) {
		floe_err_prefix(err, "manifest list '%s': ", uri);
		goto out;
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

static int read_manifest(struct floe_table *t, const struct floe_manifest_file *mf, struct floe_arena *a,
			 struct floe_manifest *m, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	int rc = -1;

	if (floe_storage_get(t->storage, mf->manifest_path, &b, err) < 0)
		goto out;
	if (floe_manifest_read(b.data, b.len, mf, a, m, err) < 0) {
		floe_err_prefix(err, "manifest '%s': ", mf->manifest_path);
		goto out;
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

static int delete_unreachable(struct floe_table *t, const struct floe_table_metadata *old, const int64_t *ids,
			      size_t n_ids, struct floe_expire_stats *st, struct floe_err *err)
{
	struct strset kept_manifests = { 0 }, kept_files = { 0 }, done = { 0 };
	struct floe_arena a;
	size_t i, j, k;
	int rc = -1;
	bool missing;

	floe_arena_init(&a, 256 * 1024);
	/* what the kept snapshots reach */
	for (i = 0; i < t->md.n_snapshots; i++) {
		struct floe_manifest_list l;
		if (read_list(t, t->md.snapshots[i].manifest_list, &a, &l, &missing, err) < 0)
			goto out;
		if (missing) {
			floe_err_set(err, "kept snapshot %" PRId64 " has no manifest list '%s'; not deleting anything",
				     t->md.snapshots[i].snapshot_id, t->md.snapshots[i].manifest_list);
			goto out;
		}
		for (j = 0; j < l.n_files; j++)
			if (!strset_has(&kept_manifests, l.files[j].manifest_path)) {
				struct floe_manifest m;
				if (strset_add(&kept_manifests, l.files[j].manifest_path, err) < 0 ||
				    read_manifest(t, &l.files[j], &a, &m, err) < 0)
					goto out;
				for (k = 0; k < m.n_entries; k++)
					if (m.entries[k].status != FLOE_ENTRY_DELETED &&
					    strset_add(&kept_files, m.entries[k].file.file_path, err) < 0)
						goto out;
			}
		floe_arena_reset(&a);
	}
	/* what only the expired ones reach */
	for (i = 0; i < n_ids; i++) {
		const struct floe_snapshot *s = floe_metadata_snapshot(old, ids[i]);
		struct floe_manifest_list l;
		if (!s)
			continue;
		if (read_list(t, s->manifest_list, &a, &l, &missing, err) < 0)
			goto out;
		for (j = 0; !missing && j < l.n_files; j++) {
			struct floe_manifest m;
			const char *mp = l.files[j].manifest_path;
			if (strset_has(&kept_manifests, mp) || strset_has(&done, mp))
				continue;
			if (strset_add(&done, mp, err) < 0)
				goto out;
			if (read_manifest(t, &l.files[j], &a, &m, err) < 0) {
				if (err->code == FLOE_STORAGE_ENOENT)
					continue; /* already gone */
				goto out;
			}
			for (k = 0; k < m.n_entries; k++) {
				const char *fp = m.entries[k].file.file_path;
				if (strset_has(&kept_files, fp) || strset_has(&done, fp))
					continue;
				if (strset_add(&done, fp, err) < 0)
					goto out;
				del(t, fp, &st->files_deleted);
			}
			del(t, mp, &st->manifests_deleted);
		}
		if (!missing)
			del(t, s->manifest_list, &st->manifest_lists_deleted);
		floe_arena_reset(&a);
	}
	rc = 0;
out:
	strset_free(&kept_manifests);
	strset_free(&kept_files);
	strset_free(&done);
	floe_arena_release(&a);
	return rc;
}

struct expire_change {
	const struct floe_expire_opts *o;
	struct floe_table_metadata old; /* the base the committed attempt was built on */
	int64_t *ids;
	size_t n;
};

static int expire_build(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err)
{
	struct expire_change *x = arg;
	struct floe_update u;

	free(x->ids);
	x->ids = NULL;
	x->n = 0;
	if (choose(&t->md, x->o, &x->ids, &x->n, err) < 0)
		return -1;
	if (!x->n)
		return 0; /* nothing to expire: no update, no commit */
	if (x->old.schemas)
		floe_metadata_release(&x->old);
	if (floe_metadata_copy(&x->old, &t->md, NULL, err) < 0)
		return -1;
	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_REMOVE_SNAPSHOTS;
	u.ids = x->ids;
	u.n_ids = x->n;
	if (floe_txn_update(tx, &u, err) < 0)
		return -1;
	return floe_txn_require_base(tx, t, false, false, err);
}

int floe_table_expire_snapshots(struct floe_table *t, const struct floe_expire_opts *o,
				struct floe_expire_stats *stats, struct floe_err *err)
{
	static const struct floe_txn_ops ops = { .build = expire_build };
	struct expire_change x;
	struct floe_expire_stats st;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	memset(&x, 0, sizeof(x));
	x.o = o;
	if (floe_table_transact(t, &ops, &x, err) < 0) {
		floe_err_prefix(err, "table '%s.%s': ", t->ns, t->name);
		goto out;
	}
	st.snapshots_expired = (int64_t)x.n;
	if (x.n && o->delete_files && delete_unreachable(t, &x.old, x.ids, x.n, &st, err) < 0) {
		floe_err_prefix(err, "snapshots expired, but deleting their files stopped: ");
		goto out;
	}
	rc = 0;
out:
	if (stats)
		*stats = st;
	if (x.old.schemas)
		floe_metadata_release(&x.old);
	free(x.ids);
	return rc;
}
