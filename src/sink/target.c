/*
 * target.c — Iceberg tables of the replicated source tables: create or
 * load and check, watermarks, and the commits of batches and snapshot files
 * (see target.h).
 */
#include "sink/target.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/lsn.h"
#include "iceberg/datawriter.h"
#include "iceberg/taskwriter.h"
#include "core/crash.h"
#include "sink/lookup.h"
#include "sink/rowcodec.h"

#define META_LSN "_floe_lsn"
#define META_TS "_floe_commit_ts"
#define TOAST_LOOKUP_CHUNK 4096

const struct floe_schema *floe_target_schema(const struct floe_target *t)
{
	return floe_metadata_current_schema(&t->table->md);
}

struct floe_target *floe_targets_find(struct floe_targets *ts, uint32_t oid)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].src->oid == oid)
			return &ts->t[i];
	return NULL;
}

/* The Iceberg schema of a new table for src. */
static int new_schema(const struct floe_targets *ts, const struct floe_src_table *src, struct floe_schema *s,
		      struct floe_err *err)
{
	size_t n = src->ncols + 2;
	struct floe_field *f = calloc(n, sizeof(*f));
	int *ids = calloc((size_t)src->nkeys + 1, sizeof(*ids));
	size_t k = 0;
	int rc = -1;

	if (!f || !ids) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < src->ncols; i++) {
		f[k] = src->fields[i];
		f[k].id = (int)i + 1;
		f[k].type.elem_field_id = 0;
		k++;
	}
	if (ts->cfg->sink.metadata_columns) {
		f[k].name = META_LSN;
		f[k].type.id = FLOE_T_LONG;
		k++;
		f[k].name = META_TS;
		f[k].type.id = FLOE_T_TIMESTAMPTZ;
		k++;
	}
	for (int i = 0; i < src->nkeys; i++)
		ids[i] = src->key_cols[i] + 1;
	rc = floe_schema_init(s, 0, f, k, ids, (size_t)src->nkeys, err);
out:
	free(f);
	free(ids);
	return rc;
}

/* The Iceberg shape replaces the catalog's description of a table that was already
 * replicated: the stream still delivers changes of that shape, and a Relation message
 * of the new shape stops the run right there (floe_src_check_relation). */
static int adopt_iceberg_shape(struct floe_target *t, const struct floe_schema *s, size_t nsrc, struct floe_err *err)
{
	struct floe_src_table *src = t->src;
	struct floe_field *f = calloc(nsrc + 1, sizeof(*f));
	int *keys = calloc(s->n_identifier_ids + 1, sizeof(*keys));

	t->own_names = calloc(nsrc + 1, sizeof(*t->own_names));
	if (!f || !keys || !t->own_names) {
		free(f);
		free(keys);
		return floe_err_set(err, "out of memory");
	}
	for (size_t i = 0; i < nsrc; i++) {
		f[i] = s->fields[i];
		f[i].id = (int)i + 1;
		t->own_names[i] = strdup(s->fields[i].name);
		if (!t->own_names[i]) {
			free(f);
			free(keys);
			return floe_err_set(err, "out of memory");
		}
		t->n_own++;
		f[i].name = t->own_names[i];
	}
	for (size_t k = 0; k < s->n_identifier_ids; k++)
		keys[k] = floe_schema_index(s, s->identifier_ids[k]);
	free(src->fields);
	free(src->key_cols);
	src->fields = f;
	src->key_cols = keys;
	src->ncols = (uint16_t)nsrc;
	src->nkeys = (int)s->n_identifier_ids;
	return 0;
}

/* Checks an existing table against the source; fills the metadata indexes and the watermark. */
static int check_table(struct floe_targets *ts, struct floe_target *t, struct floe_err *err)
{
	const struct floe_schema *s = floe_target_schema(t);
	struct floe_src_table *src = t->src;
	char a[64], b[64], diff[512] = "";
	size_t nsrc;

	if (!s)
		return floe_err_set(err, "Iceberg table '%s.%s' has no current schema", t->ns, t->name);
	/* the watermark */
	const struct floe_snapshot *snap = floe_table_current_snapshot(t->table);
	t->has_watermark = false;
	if (snap) {
		const char *lsn = floe_snapshot_summary(snap, "floe.lsn"), *sys = floe_snapshot_summary(snap, "floe.system-id");
		const char *slot = floe_snapshot_summary(snap, "floe.slot");
		if (!lsn || floe_lsn_parse(lsn, &t->watermark) != 0)
			return floe_err_set(err, "Iceberg table '%s.%s' has a current snapshot without a valid floe.lsn (%s): "
						 "it was not written by floe, which only continues tables it created",
					    t->ns, t->name, lsn ? lsn : "none");
		if (!sys || strcmp(sys, ts->system_id) != 0)
			return floe_err_set(err, "Iceberg table '%s.%s' was replicated from PostgreSQL system '%s', but "
						 "source.dsn points at system '%s'; use another warehouse or catalog.namespace "
						 "for this database",
					    t->ns, t->name, sys ? sys : "unknown", ts->system_id);
		if (slot && strcmp(slot, ts->slot) != 0)
			floe_log_warn("Iceberg table '%s.%s' was last written through slot '%s', now slot '%s' is used",
				      t->ns, t->name, slot, ts->slot);
		t->has_watermark = true;
	}
	if (floe_metadata_property(&t->table->md, FLOE_PROP_RESNAPSHOT)) {
		floe_log_info("Iceberg table %s.%s is marked for a new copy (%s): copying %s.%s again; one commit "
			      "then replaces the table's contents (older snapshots stay readable)",
			      t->ns, t->name, floe_metadata_property(&t->table->md, FLOE_PROP_RESNAPSHOT), src->schema,
			      src->name);
		t->has_watermark = false;
		t->resnapshot = true;
	}
	/* metadata columns at the end */
	t->lsn_idx = t->ts_idx = -1;
	nsrc = s->n_fields;
	while (nsrc > 0) {
		const struct floe_field *f = &s->fields[nsrc - 1];
		if (!strcmp(f->name, META_LSN) && f->type.id == FLOE_T_LONG && t->lsn_idx < 0)
			t->lsn_idx = (int)nsrc - 1;
		else if (!strcmp(f->name, META_TS) && f->type.id == FLOE_T_TIMESTAMPTZ && t->ts_idx < 0)
			t->ts_idx = (int)nsrc - 1;
		else
			break;
		nsrc--;
	}
	/* the source columns and key as the catalog describes them now */
	if (nsrc != src->ncols)
		snprintf(diff, sizeof(diff), "it has %zu columns, the source table %u", nsrc, src->ncols);
	for (size_t i = 0; !diff[0] && i < nsrc; i++) {
		const struct floe_field *f = &s->fields[i], *g = &src->fields[i];
		if (strcmp(f->name, g->name) != 0 || !floe_type_equal(&f->type, &g->type))
			snprintf(diff, sizeof(diff), "its column %zu is '%s' %s, the source table has '%s' %s", i + 1, f->name,
				 floe_type_str(&f->type, a, sizeof(a)), g->name, floe_type_str(&g->type, b, sizeof(b)));
	}
	if (!diff[0]) {
		bool same = s->n_identifier_ids == (size_t)src->nkeys;
		for (int k = 0; same && k < src->nkeys; k++)
			same = s->identifier_ids[k] == s->fields[src->key_cols[k]].id;
		if (!same)
			snprintf(diff, sizeof(diff), "its identifier fields differ from the source table's key");
	}
	if (diff[0]) {
		if (!t->has_watermark)
			return floe_err_set(err, "Iceberg table '%s.%s' does not match source table '%s.%s': %s; schema "
						 "changes are not supported yet (drop the Iceberg table to start over, or use "
						 "another catalog.namespace)",
					    t->ns, t->name, src->schema, src->name, diff);
		floe_log_warn("source table %s.%s changed since Iceberg table %s.%s was written (%s): its changes are "
			      "streamed until the first one of the new shape, where floe stops",
			      src->schema, src->name, t->ns, t->name, diff);
		if (adopt_iceberg_shape(t, s, nsrc, err) != 0)
			return -1;
		src = t->src;
	}
	t->key_fields = calloc((size_t)src->nkeys + 1, sizeof(*t->key_fields));
	t->key_ids = calloc((size_t)src->nkeys + 1, sizeof(*t->key_ids));
	if (!t->key_fields || !t->key_ids)
		return floe_err_set(err, "out of memory");
	for (int k = 0; k < src->nkeys; k++) {
		t->key_fields[k] = s->fields[src->key_cols[k]];
		t->key_ids[k] = s->fields[src->key_cols[k]].id;
	}
	return 0;
}

static int open_target(struct floe_targets *ts, struct floe_target *t, struct floe_err *err)
{
	struct floe_schema s;
	struct floe_kv props[3];
	char source[300];
	int rc;

	memset(&s, 0, sizeof(s));
	rc = floe_table_load(ts->cat, ts->st, t->ns, t->name, &t->table, err);
	if (rc != 0 && err->code != FLOE_CATALOG_ENOTFOUND)
		return floe_err_prefix(err, "loading Iceberg table '%s.%s': ", t->ns, t->name);
	if (rc != 0) {
		if (new_schema(ts, t->src, &s, err) != 0)
			return floe_err_prefix(err, "table '%s.%s': ", t->src->schema, t->src->name);
		snprintf(source, sizeof(source), "%s.%s", t->src->schema, t->src->name);
		props[0].key = "floe.source-table";
		props[0].value = source;
		props[1].key = "write.parquet.compression-codec";
		props[1].value = "zstd";
		/* a CDC table commits every flush: keep the last previous-versions-max
		 * (100) metadata files, not every version ever written */
		props[2].key = "write.metadata.delete-after-commit.enabled";
		props[2].value = "true";
		rc = floe_table_create(ts->cat, ts->st, ts->warehouse, t->ns, t->name, &s, props, 3, &t->table, err);
		floe_schema_release(&s);
		if (rc != 0 && err->code == FLOE_CATALOG_EEXISTS)
			rc = floe_table_load(ts->cat, ts->st, t->ns, t->name, &t->table, err);
		if (rc != 0)
			return floe_err_prefix(err, "creating Iceberg table '%s.%s': ", t->ns, t->name);
		floe_log_info("created Iceberg table %s.%s for %s.%s", t->ns, t->name, t->src->schema, t->src->name);
	}
	if (check_table(ts, t, err) != 0)
		return -1;
	return floe_batch_init(&t->batch, t->src->fields, t->src->ncols, t->src->nkeys > 0, ts->cfg->sink.spill_dir,
			       err);
}

int floe_targets_open(struct floe_targets *ts, const struct floe_config *cfg, struct floe_src *src,
		      const char *system_id, struct floe_err *err)
{
	memset(ts, 0, sizeof(*ts));
	ts->cfg = cfg;
	snprintf(ts->slot, sizeof(ts->slot), "%s", cfg->source.slot);
	snprintf(ts->system_id, sizeof(ts->system_id), "%s", system_id);
	floe_pq_options_default(&ts->pq);
	ts->pq.row_group_bytes = 32u * 1024 * 1024;
	if (floe_storage_normalize(cfg->warehouse.location, &ts->warehouse, err) != 0)
		return floe_err_prefix(err, "warehouse.location: ");
	{
		struct floe_storage_opts so;
		memset(&so, 0, sizeof(so));
		so.location = ts->warehouse;
		so.create = true; /* a local warehouse (the SQLite catalog lives in it by default) */
		if (floe_storage_open_opts(&so, &ts->st, err) != 0)
			goto fail;
	}
	if (floe_catalog_open(cfg->catalog.uri, cfg->catalog.name, &ts->cat, err) != 0)
		goto fail; /* the catalog's message names it */
	ts->t = calloc(src->n + 1, sizeof(*ts->t));
	if (!ts->t) {
		floe_err_set(err, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < src->n; i++) {
		struct floe_target *t = &ts->t[i];
		const char *ns = cfg->catalog.namespace_ ? cfg->catalog.namespace_ : src->tables[i].schema;
		t->src = &src->tables[i];
		t->lsn_idx = t->ts_idx = -1;
		t->ns = strdup(ns);
		t->name = strdup(src->tables[i].name);
		ts->n++;
		if (!t->ns || !t->name) {
			floe_err_set(err, "out of memory");
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(ts->t[j].ns, t->ns) && !strcmp(ts->t[j].name, t->name)) {
				floe_err_set(err, "source tables '%s.%s' and '%s.%s' would both become Iceberg table '%s.%s' "
						  "(unset catalog.namespace so each schema becomes its own namespace, or "
						  "list only one of them in source.tables)",
					     ts->t[j].src->schema, ts->t[j].src->name, t->src->schema, t->src->name, t->ns,
					     t->name);
				goto fail;
			}
		if (open_target(ts, t, err) != 0)
			goto fail;
	}
	return 0;
fail:
	floe_targets_close(ts);
	return -1;
}

void floe_targets_close(struct floe_targets *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct floe_target *t = &ts->t[i];
		floe_batch_release(&t->batch);
		floe_table_free(t->table);
		free(t->ns);
		free(t->name);
		free(t->key_fields);
		free(t->key_ids);
		for (size_t k = 0; k < t->n_own; k++)
			free(t->own_names[k]);
		free(t->own_names);
	}
	free(ts->t);
	if (ts->cat)
		floe_catalog_close(ts->cat);
	if (ts->st)
		floe_storage_free(ts->st);
	free(ts->warehouse);
	memset(ts, 0, sizeof(*ts));
}

/* ---------- commits ---------- */

static int commit(struct floe_targets *ts, struct floe_target *t, struct floe_commit *c, uint64_t lsn,
		  struct floe_err *err)
{
	char lsn_text[FLOE_LSN_STR_MAX];
	struct floe_kv sum[3];
	int64_t sid;

	sum[0].key = "floe.lsn";
	sum[0].value = floe_lsn_fmt(lsn, lsn_text);
	sum[1].key = "floe.slot";
	sum[1].value = ts->slot;
	sum[2].key = "floe.system-id";
	sum[2].value = ts->system_id;
	static const char *const resnap[] = { FLOE_PROP_RESNAPSHOT };
	c->summary = sum;
	c->n_summary = 3;
	if (t->resnapshot) {
		c->truncate = true;
		c->remove_properties = resnap;
		c->n_remove_properties = 1;
	}
	floe_crash_point("before-commit");
	floe_test_delay("commit");
	if (floe_table_commit(t->table, c, &sid, err) != 0) {
		if (err->code == FLOE_CATALOG_EUNKNOWN) {
			/* did it land? look for our floe.lsn on the current snapshot */
			struct floe_err e2;
			floe_err_clear(&e2);
			if (floe_table_refresh(t->table, &e2) == 0) {
				const char *cur = floe_table_summary(t->table, "floe.lsn");
				if (cur && !strcmp(cur, lsn_text))
					goto done;
			}
		}
		return floe_err_prefix(err, "commit to Iceberg table '%s.%s': ", t->ns, t->name);
	}
done:
	floe_crash_point("after-commit");
	t->watermark = lsn;
	t->has_watermark = true;
	t->resnapshot = false;
	t->commits++;
	return 0;
}

int floe_target_commit_files(struct floe_targets *ts, struct floe_target *t, const struct floe_data_file *files,
			     size_t n, bool truncate, uint64_t lsn, struct floe_err *err)
{
	struct floe_commit c;

	memset(&c, 0, sizeof(c));
	c.truncate = truncate;
	c.data_files = files;
	c.n_data_files = n;
	return commit(ts, t, &c, lsn, err);
}

/* Everything one flush holds. */
struct flush {
	struct floe_targets *ts;
	struct floe_target *t;
	const struct floe_schema *schema;
	struct floe_arena files_arena;   /* data_file records */
	struct floe_arena row_arena;     /* decoded rows (reset per row) */
	struct floe_taskwriter *dw, *ew; /* data rows; equality deletes */
	struct floe_data_file *data, *dels;
	size_t n_data, cap_data, n_del, cap_del;
	struct floe_value *vals;         /* schema->n_fields */
	uint8_t *unch;
	/* rows still missing unchanged TOAST values: encoded image + lsn + ts, looked up in chunks */
	struct floe_buf pend;
	size_t n_pend;
};

static int open_writer(struct flush *f, bool deletes, struct floe_err *err)
{
	struct floe_target *t = f->t;
	struct floe_taskwriter_opts o;

	memset(&o, 0, sizeof(o));
	o.st = f->ts->st;
	o.md = &t->table->md;
	o.schema = f->schema;
	o.pq = &f->ts->pq;
	o.records = &f->files_arena;
	if (deletes) {
		o.content = FLOE_CONTENT_EQUALITY_DELETES;
		o.equality_ids = t->key_ids;
		o.n_equality_ids = (size_t)t->src->nkeys;
		o.lsn_idx = o.ts_idx = -1;
		return floe_taskwriter_new(&f->ew, &o, err);
	}
	o.content = FLOE_CONTENT_DATA;
	o.lsn_idx = t->lsn_idx;
	o.ts_idx = t->ts_idx;
	return floe_taskwriter_new(&f->dw, &o, err);
}

/* Writes one decoded row (f->vals[0..ncols) set) with its metadata columns. */
static int write_row(struct flush *f, uint64_t lsn, int64_t ts, struct floe_err *err)
{
	if (!f->dw && open_writer(f, false, err) < 0)
		return -1;
	if (floe_taskwriter_write(f->dw, f->vals, lsn, ts, err) < 0)
		return -1;
	f->t->rows_written++;
	return 0;
}

static int write_delete(struct flush *f, const uint8_t *key, uint32_t len, struct floe_err *err)
{
	struct floe_target *t = f->t;
	struct floe_value kv[64], *k = kv;
	int rc = -1;

	if (t->src->nkeys > 64) {
		k = calloc((size_t)t->src->nkeys, sizeof(*k));
		if (!k)
			return floe_err_set(err, "out of memory");
	}
	if (!f->ew && open_writer(f, true, err) < 0)
		goto out;
	if (floe_rowcodec_decode(t->key_fields, (size_t)t->src->nkeys, key, len, k, NULL, &f->row_arena, err) != 0 ||
	    floe_taskwriter_write(f->ew, k, 0, INT64_MIN, err) != 0)
		goto out;
	t->deletes_written++;
	rc = 0;
out:
	if (k != kv)
		free(k);
	return rc;
}

/* Fills the still-unchanged columns of the pending rows from the table and writes them. */
static int resolve_pending(struct flush *f, struct floe_err *err)
{
	struct floe_target *t = f->t;
	struct floe_lookup_rows rows;
	int rc = -1;

	if (!f->n_pend)
		return 0;
	memset(&rows, 0, sizeof(rows));
	t->toast_lookups += f->n_pend;
	if (floe_lookup_table_rows(f->ts->st, t->table, t->src, f->pend.data, f->pend.len, f->n_pend, &rows, err) != 0)
		goto out;
	for (size_t i = 0; i < f->n_pend; i++) {
		floe_arena_reset(&f->row_arena);
		if (floe_rowcodec_decode(t->src->fields, t->src->ncols, rows.store.data + rows.off[i], rows.img_len[i], f->vals, f->unch,
					 &f->row_arena, err) != 0 ||
		    write_row(f, rows.lsn[i], rows.ts[i], err) != 0)
			goto out;
	}
	rc = 0;
out:
	floe_lookup_rows_release(&rows);
	floe_buf_reset(&f->pend);
	f->n_pend = 0;
	return rc;
}

static int pend_row(struct flush *f, const struct floe_batch_row *row, struct floe_err *err)
{
	uint32_t kl = row->key_len, il = row->img_len;

	floe_buf_append(&f->pend, &kl, 4);
	floe_buf_append(&f->pend, &il, 4);
	floe_buf_append(&f->pend, &row->lsn, 8);
	floe_buf_append(&f->pend, &row->commit_ts, 8);
	floe_buf_append(&f->pend, row->key, kl);
	floe_buf_append(&f->pend, row->img, il);
	if (floe_buf_check(&f->pend, err) != 0)
		return -1;
	f->n_pend++;
	if (f->n_pend >= TOAST_LOOKUP_CHUNK)
		return resolve_pending(f, err);
	return 0;
}

int floe_target_flush(struct floe_targets *ts, struct floe_target *t, uint64_t lsn, struct floe_err *err)
{
	struct flush f;
	struct floe_batch_iter *it = NULL;
	struct floe_batch_row row;
	struct floe_commit c;
	int r, rc = -1;

	if (floe_batch_empty(&t->batch))
		return 0;
	memset(&f, 0, sizeof(f));
	f.ts = ts;
	f.t = t;
	f.schema = floe_target_schema(t);
	floe_arena_init(&f.files_arena, 0);
	floe_arena_init(&f.row_arena, 0);
	floe_buf_init(&f.pend);
	f.vals = calloc(f.schema->n_fields + 1, sizeof(*f.vals));
	f.unch = calloc(f.schema->n_fields + 1, 1);
	if (!f.vals || !f.unch) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (floe_batch_iter_open(&t->batch, &it, err) != 0)
		goto out;
	while ((r = floe_batch_iter_next(it, &row, err)) == 1) {
		if (row.need_delete && !t->batch.truncate && write_delete(&f, row.key, row.key_len, err) != 0)
			goto out;
		if (!row.img)
			continue;
		if (row.partial) {
			if (pend_row(&f, &row, err) != 0)
				goto out;
			continue;
		}
		floe_arena_reset(&f.row_arena);
		if (floe_rowcodec_decode(t->src->fields, t->src->ncols, row.img, row.img_len, f.vals, NULL, &f.row_arena,
					 err) != 0 ||
		    write_row(&f, row.lsn, row.commit_ts, err) != 0)
			goto out;
	}
	if (r < 0 || resolve_pending(&f, err) != 0)
		goto out;
	if ((f.dw && floe_taskwriter_close(f.dw, &f.data, &f.n_data, &f.cap_data, err) < 0) ||
	    (f.ew && floe_taskwriter_close(f.ew, &f.dels, &f.n_del, &f.cap_del, err) < 0))
		goto out;
	memset(&c, 0, sizeof(c));
	c.truncate = t->batch.truncate;
	c.data_files = f.data;
	c.n_data_files = f.n_data;
	c.delete_files = f.dels;
	c.n_delete_files = f.n_del;
	if (commit(ts, t, &c, lsn, err) != 0)
		goto out;
	floe_batch_reset(&t->batch);
	rc = 0;
out:
	if (rc != 0) {
		/* files of a commit that did not happen are garbage (kept when its outcome is unknown) */
		if (err->code != FLOE_CATALOG_EUNKNOWN) {
			floe_taskwriter_discard(ts->st, f.data, f.n_data);
			floe_taskwriter_discard(ts->st, f.dels, f.n_del);
		}
		floe_err_prefix(err, "table '%s.%s': ", t->ns, t->name);
	}
	floe_batch_iter_free(it);
	floe_taskwriter_free(f.dw);
	floe_taskwriter_free(f.ew);
	free(f.data);
	free(f.dels);
	free(f.vals);
	free(f.unch);
	floe_buf_release(&f.pend);
	floe_arena_release(&f.files_arena);
	floe_arena_release(&f.row_arena);
	return rc;
}
