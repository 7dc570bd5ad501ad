/*
 * scan.c — live rows of a snapshot (see scan.h): manifests → data files and
 * delete files; equality deletes become hash sets of key → highest delete
 * sequence number, position deletes a set of (path, pos) → highest sequence
 * number; each data file is read row group by row group through the Parquet
 * reader and a row survives unless a delete with the right sequence number
 * matches it. Also the bound (single-value) codec used for key pruning.
 */
#include "iceberg/scan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "iceberg/deletes.h"
#include "iceberg/table.h"
#include "parquet/reader.h"

/* ---------- bounds ---------- */

int floe_bound_encode(const struct floe_type *t, const struct floe_value *v, struct floe_buf *out,
		      struct floe_err *err)
{
	uint8_t b[17];
	int i, n;

	if (v->is_null)
		return floe_err_set(err, "a null value has no bound serialization");
	switch (t->id) {
	case FLOE_T_BOOLEAN:
		floe_buf_putc(out, v->u.b ? 1 : 0);
		break;
	case FLOE_T_INT:
	case FLOE_T_DATE:
		floe_buf_put_u32le(out, (uint32_t)v->u.i32);
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		floe_buf_put_u64le(out, (uint64_t)v->u.i64);
		break;
	case FLOE_T_FLOAT: {
		uint32_t u;
		memcpy(&u, &v->u.f32, 4);
		floe_buf_put_u32le(out, u);
		break;
	}
	case FLOE_T_DOUBLE: {
		uint64_t u;
		memcpy(&u, &v->u.f64, 8);
		floe_buf_put_u64le(out, u);
		break;
	}
	case FLOE_T_DECIMAL: {
		unsigned __int128 u = (unsigned __int128)v->u.dec;
		for (i = 15; i >= 0; i--) {
			b[i] = (uint8_t)u;
			u >>= 8;
		}
		/* minimal two's complement: drop leading bytes that only repeat the sign */
		for (n = 0; n < 15; n++) {
			if (!((b[n] == 0x00 && !(b[n + 1] & 0x80)) || (b[n] == 0xff && (b[n + 1] & 0x80))))
				break;
		}
		floe_buf_append(out, b + n, (size_t)(16 - n));
		break;
	}
	case FLOE_T_STRING:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
	case FLOE_T_BINARY:
		floe_buf_append(out, v->u.bytes.p, v->u.bytes.len);
		break;
	case FLOE_T_LIST:
		return floe_err_set(err, "lists have no bound serialization");
	}
	return floe_buf_check(out, err);
}

int floe_bound_decode(const struct floe_type *t, const uint8_t *p, uint32_t len, struct floe_value *out,
		      struct floe_err *err)
{
	uint32_t want = 0, i;

	memset(out, 0, sizeof(*out));
	switch (t->id) {
	case FLOE_T_BOOLEAN: want = 1; break;
	case FLOE_T_INT:
	case FLOE_T_DATE:
	case FLOE_T_FLOAT: want = 4; break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	case FLOE_T_DOUBLE: want = 8; break;
	case FLOE_T_UUID: want = 16; break;
	default: break;
	}
	if (want && len != want)
		return floe_err_set(err, "bound of %u bytes for a type that needs %u", len, want);
	switch (t->id) {
	case FLOE_T_BOOLEAN:
		if (p[0] > 1)
			return floe_err_set(err, "boolean bound byte %u is not 0 or 1", p[0]);
		out->u.b = p[0] == 1;
		return 0;
	case FLOE_T_INT:
	case FLOE_T_DATE:
		out->u.i32 = (int32_t)floe_load_u32le(p);
		return 0;
	case FLOE_T_FLOAT: {
		uint32_t u = floe_load_u32le(p);
		memcpy(&out->u.f32, &u, 4);
		return 0;
	}
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		out->u.i64 = (int64_t)floe_load_u64le(p);
		return 0;
	case FLOE_T_DOUBLE: {
		uint64_t u = floe_load_u64le(p);
		memcpy(&out->u.f64, &u, 8);
		return 0;
	}
	case FLOE_T_DECIMAL: {
		unsigned __int128 u;
		if (len < 1 || len > 16)
			return floe_err_set(err, "decimal bound of %u bytes (1..16 allowed)", len);
		u = (p[0] & 0x80) ? ~(unsigned __int128)0 : 0;
		for (i = 0; i < len; i++)
			u = (u << 8) | p[i];
		out->u.dec = (floe_i128)u;
		return 0;
	}
	case FLOE_T_FIXED:
		if ((int)len != t->length)
			return floe_err_set(err, "fixed[%d] bound of %u bytes", t->length, len);
		out->u.bytes.p = p;
		out->u.bytes.len = len;
		return 0;
	case FLOE_T_STRING:
	case FLOE_T_UUID:
	case FLOE_T_BINARY:
		out->u.bytes.p = p;
		out->u.bytes.len = len;
		return 0;
	case FLOE_T_LIST:
		break;
	}
	return floe_err_set(err, "lists have no bound serialization");
}

int floe_value_compare(const struct floe_type *t, const struct floe_value *a, const struct floe_value *b)
{
#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)
	switch (t->id) {
	case FLOE_T_BOOLEAN: return CMP(a->u.b, b->u.b);
	case FLOE_T_INT:
	case FLOE_T_DATE: return CMP(a->u.i32, b->u.i32);
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: return CMP(a->u.i64, b->u.i64);
	case FLOE_T_FLOAT: return CMP(a->u.f32, b->u.f32);
	case FLOE_T_DOUBLE: return CMP(a->u.f64, b->u.f64);
	case FLOE_T_DECIMAL: return CMP(a->u.dec, b->u.dec);
	case FLOE_T_STRING:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
	case FLOE_T_BINARY: {
		uint32_t n = a->u.bytes.len < b->u.bytes.len ? a->u.bytes.len : b->u.bytes.len;
		int c = n ? memcmp(a->u.bytes.p, b->u.bytes.p, n) : 0;
		if (c)
			return c < 0 ? -1 : 1;
		return CMP(a->u.bytes.len, b->u.bytes.len);
	}
	case FLOE_T_LIST: return 0;
	}
	return 0;
#undef CMP
}

/* ---------- key sets ---------- */

struct key_entry {
	struct key_entry *next;
	uint64_t hash;
	int64_t seq;               /* the highest delete sequence number for this key */
	struct floe_value *vals;
};

struct key_set {
	int *ids;                  /* field ids of the key columns */
	struct floe_type *types;
	size_t n_ids;
	struct key_entry **buckets;
	size_t n_buckets;
	size_t n;
};

static uint64_t key_hash(const struct key_set *ks, const struct floe_value *vals)
{
	uint64_t h = 0x51ed27u;
	size_t i;

	for (i = 0; i < ks->n_ids; i++)
		h = floe_value_hash(&ks->types[i], &vals[i], h);
	return h;
}

static bool key_eq(const struct key_set *ks, const struct floe_value *a, const struct floe_value *b)
{
	size_t i;

	for (i = 0; i < ks->n_ids; i++)
		if (!floe_value_equal(&ks->types[i], &a[i], &b[i]))
			return false;
	return true;
}

static int key_grow(struct key_set *ks, struct floe_err *err)
{
	size_t nb = ks->n_buckets ? ks->n_buckets * 2 : 1024, i;
	struct key_entry **b = calloc(nb, sizeof(*b));

	if (!b)
		return floe_err_set(err, "out of memory for delete keys");
	for (i = 0; i < ks->n_buckets; i++) {
		struct key_entry *e = ks->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(ks->buckets);
	ks->buckets = b;
	ks->n_buckets = nb;
	return 0;
}

/* Inserts a copy of vals (bytes must already live in `a`), keeping the highest seq. */
static int key_add(struct key_set *ks, struct floe_arena *a, const struct floe_value *vals, int64_t seq,
		   struct floe_err *err)
{
	uint64_t h = key_hash(ks, vals);
	struct key_entry *e;

	if (ks->n >= ks->n_buckets && key_grow(ks, err) < 0)
		return -1;
	for (e = ks->buckets[h & (ks->n_buckets - 1)]; e; e = e->next) {
		if (e->hash == h && key_eq(ks, e->vals, vals)) {
			if (seq > e->seq)
				e->seq = seq;
			return 0;
		}
	}
	e = floe_arena_alloc(a, sizeof(*e));
	if (!e || !(e->vals = floe_arena_memdup(a, vals, ks->n_ids * sizeof(*vals))))
		return floe_err_set(err, "out of memory for delete keys");
	e->hash = h;
	e->seq = seq;
	e->next = ks->buckets[h & (ks->n_buckets - 1)];
	ks->buckets[h & (ks->n_buckets - 1)] = e;
	ks->n++;
	return 0;
}

/* The highest sequence number recorded for vals, or -1. */
static int64_t key_find(const struct key_set *ks, const struct floe_value *vals)
{
	uint64_t h;
	struct key_entry *e;

	if (!ks->n)
		return -1;
	h = key_hash(ks, vals);
	for (e = ks->buckets[h & (ks->n_buckets - 1)]; e; e = e->next)
		if (e->hash == h && key_eq(ks, e->vals, vals))
			return e->seq;
	return -1;
}

static void key_set_free(struct key_set *ks)
{
	free(ks->buckets);
	free(ks->ids);
	free(ks->types);
	memset(ks, 0, sizeof(*ks));
}

/* ---------- reading Parquet through storage ---------- */

struct src_ctx {
	struct floe_storage *st;
	char *uri;
	struct floe_buf buf;
};

static int src_read(void *ctx, uint64_t offset, void *dst, size_t len, struct floe_err *err)
{
	struct src_ctx *c = ctx;

	floe_buf_reset(&c->buf);
	if (floe_storage_get_range(c->st, c->uri, offset, len, &c->buf, err) < 0)
		return -1;
	memcpy(dst, c->buf.data, len);
	return 0;
}

static void src_close(void *ctx)
{
	struct src_ctx *c = ctx;

	floe_buf_release(&c->buf);
	free(c->uri);
	free(c);
}

static int open_parquet(struct floe_storage *st, const struct floe_data_file *f, struct floe_pq_reader **out,
			struct floe_err *err)
{
	struct floe_pq_source src;
	struct src_ctx *c;
	bool exists;
	uint64_t size;

	if (floe_storage_stat(st, f->file_path, &exists, &size, err) < 0)
		return -1;
	if (!exists)
		return floe_err_set(err, "file '%s' listed in the manifests does not exist", f->file_path);
	if (f->file_size_in_bytes >= 0 && size != (uint64_t)f->file_size_in_bytes)
		return floe_err_set(err, "file '%s' has %llu bytes but its manifest entry says %lld", f->file_path,
				    (unsigned long long)size, (long long)f->file_size_in_bytes);
	c = calloc(1, sizeof(*c));
	if (!c || !(c->uri = strdup(f->file_path))) {
		free(c);
		return floe_err_set(err, "out of memory");
	}
	c->st = st;
	floe_buf_init(&c->buf);
	src.ctx = c;
	src.size = size;
	src.read = src_read;
	src.close = src_close;
	return floe_pq_open(out, f->file_path, &src, err);
}

/* Column indices in the file for the given field ids (-1 = not in the file). */
static int map_fields(struct floe_pq_reader *r, const struct floe_data_file *f, const int *ids,
		      const struct floe_type *types, size_t n, int *idx, bool missing_ok, struct floe_err *err)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	size_t i;

	for (i = 0; i < n; i++) {
		idx[i] = floe_pq_field_by_id(r, ids[i]);
		if (idx[i] < 0) {
			if (missing_ok)
				continue;
			return floe_err_set(err, "file '%s' has no column with field id %d", f->file_path, ids[i]);
		}
		if (m->fields[idx[i]].unsupported)
			return floe_err_set(err, "file '%s' field id %d: %s", f->file_path, ids[i],
					    m->fields[idx[i]].unsupported);
		if (m->fields[idx[i]].f.type.id != types[i].id)
			return floe_err_set(err, "file '%s' field id %d has another type than the table schema",
					    f->file_path, ids[i]);
	}
	return 0;
}

/* ---------- the scan ---------- */

struct plan_entry {
	const struct floe_manifest_entry *e;
	int spec_id;
};

struct scan {
	struct floe_storage *st;
	const struct floe_table_metadata *md;
	const struct floe_schema *schema;
	struct floe_arena keep;           /* delete keys, manifests */
	struct floe_arena batch;          /* one row group */
	struct key_set *eq;               /* one per distinct equality id list */
	size_t n_eq;
	struct key_set pos;               /* (file_path, pos) */
	struct key_set lookup;            /* lookup keys, seq = INT64_MAX */
	bool lookup_on;
	struct floe_scan_stats stats;
};

static struct key_set *eq_set_for(struct scan *s, const struct floe_data_file *f, struct floe_err *err)
{
	size_t i, j;
	struct key_set *ks;

	for (i = 0; i < s->n_eq; i++) {
		if (s->eq[i].n_ids != f->n_equality_ids)
			continue;
		for (j = 0; j < f->n_equality_ids; j++)
			if (s->eq[i].ids[j] != f->equality_ids[j])
				break;
		if (j == f->n_equality_ids)
			return &s->eq[i];
	}
	ks = realloc(s->eq, (s->n_eq + 1) * sizeof(*s->eq));
	if (!ks) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	s->eq = ks;
	ks = &s->eq[s->n_eq];
	memset(ks, 0, sizeof(*ks));
	ks->ids = malloc(f->n_equality_ids * sizeof(int));
	ks->types = calloc(f->n_equality_ids, sizeof(*ks->types));
	if (!ks->ids || !ks->types) {
		key_set_free(ks);
		floe_err_set(err, "out of memory");
		return NULL;
	}
	ks->n_ids = f->n_equality_ids;
	s->n_eq++;
	for (j = 0; j < f->n_equality_ids; j++) {
		const struct floe_field *fld = floe_schema_field(s->schema, f->equality_ids[j]);
		if (!fld) {
			floe_err_set(err, "equality delete file '%s' uses field id %d, which the current schema lacks "
					  "(dropped columns in delete keys are not supported)",
				     f->file_path, f->equality_ids[j]);
			return NULL;
		}
		ks->ids[j] = f->equality_ids[j];
		ks->types[j] = fld->type;
	}
	return ks;
}

/* Reads every row of the listed columns of a file into key set ks with sequence number seq. */
static int load_keys(struct scan *s, const struct floe_data_file *f, struct key_set *ks, int64_t seq,
		     struct floe_err *err)
{
	struct floe_pq_reader *r = NULL;
	const struct floe_pq_meta *m;
	struct floe_value **cols = NULL, *row = NULL;
	int *idx = NULL;
	size_t g, k, i;
	int rc = -1;

	if (open_parquet(s->st, f, &r, err) < 0)
		return -1;
	m = floe_pq_meta(r);
	idx = calloc(ks->n_ids, sizeof(int));
	cols = calloc(ks->n_ids, sizeof(*cols));
	row = calloc(ks->n_ids, sizeof(*row));
	if (!idx || !cols || !row) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (map_fields(r, f, ks->ids, ks->types, ks->n_ids, idx, false, err) < 0)
		goto out;
	for (g = 0; g < m->n_row_groups; g++) {
		size_t nr = (size_t)m->row_groups[g].num_rows;
		for (k = 0; k < ks->n_ids; k++) {
			cols[k] = floe_arena_alloc(&s->keep, (nr + 1) * sizeof(struct floe_value));
			if (!cols[k]) {
				floe_err_set(err, "out of memory");
				goto out;
			}
			if (floe_pq_read_column(r, g, (size_t)idx[k], cols[k], &s->keep, err) < 0)
				goto out;
		}
		for (i = 0; i < nr; i++) {
			for (k = 0; k < ks->n_ids; k++)
				row[k] = cols[k][i];
			if (key_add(ks, &s->keep, row, seq, err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	free(idx);
	free(cols);
	free(row);
	floe_pq_close(r);
	if (rc < 0)
		floe_err_prefix(err, "delete file: ");
	return rc;
}

static bool file_may_match(struct scan *s, const struct floe_data_file *f, const struct floe_value *keys,
			   size_t n_keys)
{
	const struct floe_schema *sc = s->schema;
	size_t k, i, m;
	struct floe_err err;

	for (k = 0; k < n_keys; k++) {
		bool possible = true;
		for (i = 0; i < sc->n_identifier_ids && possible; i++) {
			const struct floe_field *fld = floe_schema_field(sc, sc->identifier_ids[i]);
			const struct floe_value *v = &keys[k * sc->n_identifier_ids + i];
			enum floe_type_id t = fld->type.id;
			if (t == FLOE_T_FLOAT || t == FLOE_T_DOUBLE || t == FLOE_T_UUID || t == FLOE_T_FIXED || v->is_null)
				continue;
			for (m = 0; m < f->n_metrics; m++) {
				struct floe_value lo, hi;
				const struct floe_col_metric *cm = &f->metrics[m];
				if (cm->field_id != fld->id)
					continue;
				if (cm->lower && floe_bound_decode(&fld->type, cm->lower, cm->lower_len, &lo, &err) == 0 &&
				    floe_value_compare(&fld->type, v, &lo) < 0)
					possible = false;
				if (cm->upper && floe_bound_decode(&fld->type, cm->upper, cm->upper_len, &hi, &err) == 0 &&
				    floe_value_compare(&fld->type, v, &hi) > 0)
					possible = false;
			}
		}
		if (possible)
			return true;
	}
	return false;
}

static int scan_data_file(struct scan *s, const struct plan_entry *pe, floe_scan_cb cb, void *arg,
			  struct floe_err *err)
{
	const struct floe_data_file *f = &pe->e->file;
	const struct floe_schema *sc = s->schema;
	struct floe_pq_reader *r = NULL;
	const struct floe_pq_meta *m;
	struct floe_value **cols = NULL, *row = NULL, key[64];
	struct floe_type *types = NULL;
	int *idx = NULL, *ids = NULL;
	int64_t pos = 0, seq = pe->e->sequence_number;
	size_t g, i, k, q, nf = sc->n_fields;
	int rc = -1;

	if (open_parquet(s->st, f, &r, err) < 0)
		return -1;
	m = floe_pq_meta(r);
	idx = calloc(nf + 1, sizeof(int));
	ids = calloc(nf + 1, sizeof(int));
	types = calloc(nf + 1, sizeof(*types));
	cols = calloc(nf + 1, sizeof(*cols));
	row = calloc(nf + 1, sizeof(*row));
	if (!idx || !ids || !types || !cols || !row) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < nf; i++) {
		ids[i] = sc->fields[i].id;
		types[i] = sc->fields[i].type;
	}
	if (map_fields(r, f, ids, types, nf, idx, true, err) < 0)
		goto out;
	for (g = 0; g < m->n_row_groups; g++) {
		size_t nr = (size_t)m->row_groups[g].num_rows;
		floe_arena_reset(&s->batch);
		for (i = 0; i < nf; i++) {
			cols[i] = floe_arena_alloc(&s->batch, (nr + 1) * sizeof(struct floe_value));
			if (!cols[i]) {
				floe_err_set(err, "out of memory");
				goto out;
			}
			if (idx[i] < 0) {
				for (k = 0; k < nr; k++) {
					memset(&cols[i][k], 0, sizeof(cols[i][k]));
					cols[i][k].is_null = true;
				}
			} else if (floe_pq_read_column(r, g, (size_t)idx[i], cols[i], &s->batch, err) < 0) {
				goto out;
			}
		}
		for (k = 0; k < nr; k++, pos++) {
			bool deleted = false;
			for (i = 0; i < nf; i++)
				row[i] = cols[i][k];
			s->stats.rows_read++;
			if (s->pos.n) {
				struct floe_value pk[2];
				memset(pk, 0, sizeof(pk));
				pk[0].u.bytes.p = (const uint8_t *)f->file_path;
				pk[0].u.bytes.len = (uint32_t)strlen(f->file_path);
				pk[1].u.i64 = pos;
				if (key_find(&s->pos, pk) >= seq)
					deleted = true;
			}
			for (q = 0; q < s->n_eq && !deleted; q++) {
				struct key_set *ks = &s->eq[q];
				for (i = 0; i < ks->n_ids && i < 64; i++)
					key[i] = row[floe_schema_index(sc, ks->ids[i])];
				if (key_find(ks, key) > seq)
					deleted = true;
			}
			if (deleted) {
				s->stats.rows_deleted++;
				continue;
			}
			if (s->lookup_on) {
				for (i = 0; i < s->lookup.n_ids; i++)
					key[i] = row[floe_schema_index(sc, s->lookup.ids[i])];
				if (key_find(&s->lookup, key) < 0)
					continue;
			}
			s->stats.rows_returned++;
			if (cb(arg, sc, row, err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	free(idx);
	free(ids);
	free(types);
	free(cols);
	free(row);
	floe_pq_close(r);
	return rc;
}

static int run_scan(struct scan *s, const struct floe_snapshot *snap, const struct floe_value *keys, size_t n_keys,
		    floe_scan_cb cb, void *arg, struct floe_err *err)
{
	struct floe_snapshot_files sf;
	struct plan_entry *data = NULL;
	size_t n_data = 0, cap = 0, i, j;
	int rc = -1;

	if (floe_table_read_snapshot_files(s->st, snap, &s->keep, &sf, err) < 0)
		return -1;
	for (i = 0; i < sf.list.n_files; i++)
		cap += sf.manifests[i].n_entries;
	data = calloc(cap + 1, sizeof(*data));
	if (!data)
		return floe_err_set(err, "out of memory");
	/* pass 1: deletes into key sets; data files into the plan */
	for (i = 0; i < sf.list.n_files; i++) {
		const struct floe_manifest *man = &sf.manifests[i];
		int spec = sf.list.files[i].partition_spec_id;
		for (j = 0; j < man->n_entries; j++) {
			const struct floe_manifest_entry *e = &man->entries[j];
			if (e->status == FLOE_ENTRY_DELETED)
				continue;
			if (e->file.content == FLOE_CONTENT_DATA) {
				data[n_data].e = e;
				data[n_data++].spec_id = spec;
			} else if (e->file.content == FLOE_CONTENT_EQUALITY_DELETES) {
				struct key_set *ks;
				s->stats.delete_files++;
				/* a lookup needs no delete file whose key bounds exclude every key */
				if (s->lookup_on && !file_may_match(s, &e->file, keys, n_keys)) {
					s->stats.delete_files_skipped++;
					continue;
				}
				ks = eq_set_for(s, &e->file, err);
				if (!ks || load_keys(s, &e->file, ks, e->sequence_number, err) < 0)
					goto out;
			} else if (e->file.content == FLOE_CONTENT_POSITION_DELETES) {
				if (strcasecmp(e->file.file_format, "parquet") != 0) {
					floe_err_set(err, "delete file '%s' has format '%s'; floe reads Parquet delete files",
						     e->file.file_path, e->file.file_format);
					goto out;
				}
				s->stats.delete_files++;
				if (load_keys(s, &e->file, &s->pos, e->sequence_number, err) < 0)
					goto out;
			}
		}
	}
	for (i = 0; i < n_data; i++) {
		const struct floe_data_file *f = &data[i].e->file;
		if (strcasecmp(f->file_format, "parquet") != 0) {
			floe_err_set(err, "data file '%s' has format '%s'; floe reads Parquet", f->file_path, f->file_format);
			goto out;
		}
		s->stats.data_files++;
		if (s->lookup_on && !file_may_match(s, f, keys, n_keys)) {
			s->stats.data_files_skipped++;
			continue;
		}
		if (scan_data_file(s, &data[i], cb, arg, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(data);
	return rc;
}

static int scan_common(struct floe_storage *st, const struct floe_table_metadata *md, const struct floe_snapshot *snap,
		       const struct floe_value *keys, size_t n_keys, bool lookup, floe_scan_cb cb, void *arg,
		       struct floe_scan_stats *stats, struct floe_err *err)
{
	struct scan s;
	size_t i, k;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.st = st;
	s.md = md;
	s.schema = floe_metadata_current_schema(md);
	floe_arena_init(&s.keep, 256 * 1024);
	floe_arena_init(&s.batch, 256 * 1024);
	s.pos.n_ids = 2;
	s.pos.ids = malloc(2 * sizeof(int));
	s.pos.types = calloc(2, sizeof(*s.pos.types));
	if (!s.pos.ids || !s.pos.types) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	s.pos.ids[0] = 2147483546;
	s.pos.ids[1] = 2147483545;
	s.pos.types[0].id = FLOE_T_STRING;
	s.pos.types[1].id = FLOE_T_LONG;
	if (lookup) {
		const struct floe_schema *sc = s.schema;
		if (!sc->n_identifier_ids) {
			floe_err_set(err, "the table has no identifier fields to look rows up by");
			goto out;
		}
		s.lookup_on = true;
		s.lookup.n_ids = sc->n_identifier_ids;
		s.lookup.ids = malloc(sc->n_identifier_ids * sizeof(int));
		s.lookup.types = calloc(sc->n_identifier_ids, sizeof(*s.lookup.types));
		if (!s.lookup.ids || !s.lookup.types) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		for (i = 0; i < sc->n_identifier_ids; i++) {
			s.lookup.ids[i] = sc->identifier_ids[i];
			s.lookup.types[i] = floe_schema_field(sc, sc->identifier_ids[i])->type;
		}
		for (k = 0; k < n_keys; k++)
			if (key_add(&s.lookup, &s.keep, keys + k * sc->n_identifier_ids, INT64_MAX, err) < 0)
				goto out;
	}
	if (snap && run_scan(&s, snap, keys, n_keys, cb, arg, err) < 0)
		goto out;
	rc = 0;
out:
	if (stats)
		*stats = s.stats;
	for (i = 0; i < s.n_eq; i++)
		key_set_free(&s.eq[i]);
	free(s.eq);
	key_set_free(&s.pos);
	key_set_free(&s.lookup);
	floe_arena_release(&s.keep);
	floe_arena_release(&s.batch);
	return rc;
}

int floe_scan(struct floe_storage *st, const struct floe_table_metadata *md, const struct floe_snapshot *snap,
	      floe_scan_cb cb, void *arg, struct floe_scan_stats *stats, struct floe_err *err)
{
	return scan_common(st, md, snap, NULL, 0, false, cb, arg, stats, err);
}

int floe_scan_lookup(struct floe_storage *st, const struct floe_table_metadata *md, const struct floe_snapshot *snap,
		     const struct floe_value *keys, size_t n_keys, floe_scan_cb cb, void *arg,
		     struct floe_scan_stats *stats, struct floe_err *err)
{
	return scan_common(st, md, snap, keys, n_keys, true, cb, arg, stats, err);
}
