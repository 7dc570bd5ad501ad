/*
 * manifest_read.c — Iceberg manifest and manifest-list readers (see
 * manifest.h). Each record is decoded generically by the writer's schema
 * (avro/container.h) into a scratch arena, then its fields are picked by
 * Iceberg field id (so Java's, PyIceberg's and floe's files all read, in
 * any field order, with int or long where the spec allows either) and copied
 * into the caller's arena. Sequence-number inheritance is applied on
 * request. Partition tuples are skipped. Writing is in manifest_write.c.
 */
#include "iceberg/manifest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "avro/container.h"
#include "avro/value.h"

struct pair;

struct rctx {
	struct floe_arena *a;             /* the caller's: results */
	struct floe_err *err;
	const char *what;                 /* "manifest entry" / "manifest list entry" */
	size_t index;                     /* record number, for messages */
	struct pair *pairs;               /* scratch for merging metric maps (malloc'd, kept across records) */
	size_t pairs_cap;
	int *slots;
	size_t slots_cap;
};

static int bad(struct rctx *c, int field_id, const char *why)
{
	return floe_err_set(c->err, "%s %zu: field %d %s", c->what, c->index, field_id, why);
}

static int oom(struct rctx *c)
{
	return floe_err_set(c->err, "out of memory reading %s %zu", c->what, c->index);
}

/* The field's value with unions unwrapped; *present false when the field is absent or null. */
static const struct floe_avro_value *field(const struct floe_avro_value *rec, int id, bool *present)
{
	const struct floe_avro_value *v = floe_avro_unwrap(floe_avro_record_get_id(rec, id));

	*present = v != NULL;
	return v;
}

static int get_long(struct rctx *c, const struct floe_avro_value *rec, int id, bool required, bool *has,
		    int64_t *out)
{
	bool present;
	const struct floe_avro_value *v = field(rec, id, &present);

	if (has)
		*has = false;
	if (!present) {
		if (required)
			return bad(c, id, "is missing or null");
		return 0;
	}
	if (v->schema->type == FLOE_AVRO_LONG)
		*out = v->v.l;
	else if (v->schema->type == FLOE_AVRO_INT)
		*out = v->v.i;
	else
		return bad(c, id, "is not an int or long");
	if (has)
		*has = true;
	return 0;
}

static int get_int(struct rctx *c, const struct floe_avro_value *rec, int id, bool required, bool *has, int *out)
{
	int64_t l = 0;
	bool h = false;

	if (get_long(c, rec, id, required, &h, &l))
		return -1;
	if (has)
		*has = h;
	if (!h)
		return 0;
	if (l < INT32_MIN || l > INT32_MAX)
		return bad(c, id, "does not fit in an int");
	*out = (int)l;
	return 0;
}

static int get_bytes(struct rctx *c, const struct floe_avro_value *rec, int id, bool required, const uint8_t **p,
		     uint32_t *n)
{
	bool present;
	const struct floe_avro_value *v = field(rec, id, &present);
	uint8_t *copy;

	*p = NULL;
	*n = 0;
	if (!present)
		return required ? bad(c, id, "is missing or null") : 0;
	if (v->schema->type != FLOE_AVRO_BYTES && v->schema->type != FLOE_AVRO_STRING &&
	    v->schema->type != FLOE_AVRO_FIXED)
		return bad(c, id, "is not bytes");
	if (v->v.bytes.n > UINT32_MAX)
		return bad(c, id, "is too long");
	copy = floe_arena_alloc(c->a, v->v.bytes.n + 1);
	if (!copy)
		return oom(c);
	memcpy(copy, v->v.bytes.p, v->v.bytes.n);
	copy[v->v.bytes.n] = 0;
	*p = copy;
	*n = (uint32_t)v->v.bytes.n;
	return 0;
}

static int get_string(struct rctx *c, const struct floe_avro_value *rec, int id, bool required, const char **out)
{
	const uint8_t *p;
	uint32_t n;

	if (get_bytes(c, rec, id, required, &p, &n))
		return -1;
	if (p && memchr(p, 0, n))
		return bad(c, id, "contains a NUL byte");
	*out = (const char *)p;
	return 0;
}

/* An optional list of int/long: *items (arena) and *n; NULL/0 when null. */
static int get_long_list(struct rctx *c, const struct floe_avro_value *rec, int id, int64_t **items, size_t *n)
{
	bool present;
	const struct floe_avro_value *v = field(rec, id, &present);
	size_t i;

	*items = NULL;
	*n = 0;
	if (!present)
		return 0;
	if (v->schema->type != FLOE_AVRO_ARRAY)
		return bad(c, id, "is not a list");
	if (v->v.array.n == 0)
		return 0;
	*items = floe_arena_alloc(c->a, v->v.array.n * sizeof(**items));
	if (!*items)
		return oom(c);
	for (i = 0; i < v->v.array.n; i++) {
		const struct floe_avro_value *it = floe_avro_unwrap(&v->v.array.items[i]);
		if (!it)
			return bad(c, id, "has a null element");
		if (it->schema->type == FLOE_AVRO_LONG)
			(*items)[i] = it->v.l;
		else if (it->schema->type == FLOE_AVRO_INT)
			(*items)[i] = it->v.i;
		else
			return bad(c, id, "has an element that is not an int or long");
	}
	*n = v->v.array.n;
	return 0;
}

/* ----------------------------------------------------------- column metrics */

static const int metric_map_ids[6] = { 108, 109, 110, 137, 125, 128 };

/* Above this field id the metric maps are merged by sorting instead of a direct index. */
#define DIRECT_MAX_ID 100000

struct pair {
	int key;
	int map;                          /* 0..5: index into metric_map_ids */
	const struct floe_avro_value *val; /* NULL: a null value */
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The key/value pair of one element of an int-keyed map array. */
static int map_pair(struct rctx *c, int map_id, const struct floe_avro_value *el, int *key,
		    const struct floe_avro_value **val)
{
	const struct floe_avro_value *k, *v;

	el = floe_avro_unwrap(el);
	if (!el || el->schema->type != FLOE_AVRO_RECORD || el->schema->n != 2)
		return bad(c, map_id, "has an element that is not a key/value record");
	k = floe_avro_unwrap(&el->v.array.items[0]);
	v = floe_avro_unwrap(&el->v.array.items[1]);
	if (!k || (k->schema->type != FLOE_AVRO_INT && k->schema->type != FLOE_AVRO_LONG))
		return bad(c, map_id, "has a key that is not an int");
	if (k->schema->type == FLOE_AVRO_LONG && (k->v.l < INT32_MIN || k->v.l > INT32_MAX))
		return bad(c, map_id, "has a key that does not fit in an int");
	*key = k->schema->type == FLOE_AVRO_INT ? k->v.i : (int)k->v.l;
	*val = v;
	return 0;
}

/* Grows a malloc'd scratch array (kept across records) to hold n items. */
static int scratch(struct rctx *c, void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t nc;

	if (n <= *cap)
		return 0;
	nc = *cap ? *cap : 64;
	while (nc < n)
		nc *= 2;
	q = realloc(*p, nc * size);
	if (!q)
		return oom(c);
	*p = q;
	*cap = nc;
	return 0;
}

static int set_metric(struct rctx *c, struct floe_col_metric *cm, const struct pair *pr)
{
	const struct floe_avro_value *v = pr->val;
	int id = metric_map_ids[pr->map];
	uint8_t *copy;
	int64_t x;

	if (!v)
		return 0; /* a null value: absent */
	if (pr->map < 4) {
		if (v->schema->type == FLOE_AVRO_LONG)
			x = v->v.l;
		else if (v->schema->type == FLOE_AVRO_INT)
			x = v->v.i;
		else
			return bad(c, id, "has a value that is not a long");
		if (pr->map == 0)
			cm->column_size = x;
		else if (pr->map == 1)
			cm->value_count = x;
		else if (pr->map == 2)
			cm->null_count = x;
		else
			cm->nan_count = x;
		return 0;
	}
	if (v->schema->type != FLOE_AVRO_BYTES && v->schema->type != FLOE_AVRO_FIXED)
		return bad(c, id, "has a value that is not bytes");
	if (v->v.bytes.n > UINT32_MAX)
		return bad(c, id, "has a bound that is too long");
	copy = floe_arena_alloc(c->a, v->v.bytes.n + 1);
	if (!copy)
		return oom(c);
	memcpy(copy, v->v.bytes.p, v->v.bytes.n);
	if (pr->map == 4) {
		cm->lower = copy;
		cm->lower_len = (uint32_t)v->v.bytes.n;
	} else {
		cm->upper = copy;
		cm->upper_len = (uint32_t)v->v.bytes.n;
	}
	return 0;
}

/*
 * Merges the six int-keyed metric maps into one floe_col_metric per field id,
 * ascending. Small ids (the normal case) go through a direct index; others
 * are sorted.
 */
static int read_metrics(struct rctx *c, const struct floe_avro_value *df, struct floe_data_file *f)
{
	const struct floe_avro_value *maps[6];
	struct pair *pairs;
	size_t total = 0, n = 0, i, m, k;
	int max = -1, min = 0;

	f->metrics = NULL;
	f->n_metrics = 0;
	for (m = 0; m < 6; m++) {
		bool present;
		maps[m] = field(df, metric_map_ids[m], &present);
		if (!present)
			continue;
		if (maps[m]->schema->type != FLOE_AVRO_ARRAY)
			return bad(c, metric_map_ids[m], "is not an int-keyed map (array of key/value records)");
		total += maps[m]->v.array.n;
	}
	if (total == 0)
		return 0;
	if (scratch(c, (void **)&c->pairs, &c->pairs_cap, total, sizeof(*c->pairs)))
		return -1;
	pairs = c->pairs;
	for (m = 0, k = 0; m < 6; m++) {
		if (!maps[m])
			continue;
		for (i = 0; i < maps[m]->v.array.n; i++, k++) {
			if (map_pair(c, metric_map_ids[m], &maps[m]->v.array.items[i], &pairs[k].key, &pairs[k].val))
				return -1;
			pairs[k].map = (int)m;
			if (pairs[k].key > max)
				max = pairs[k].key;
			if (pairs[k].key < min)
				min = pairs[k].key;
		}
	}
	if (min >= 0 && max <= DIRECT_MAX_ID) {
		/* slot[id] = metric index + 1, 0 = unused */
		int *slot;
		if (scratch(c, (void **)&c->slots, &c->slots_cap, (size_t)max + 1, sizeof(*c->slots)))
			return -1;
		slot = c->slots;
		memset(slot, 0, ((size_t)max + 1) * sizeof(*slot));
		for (k = 0; k < total; k++)
			slot[pairs[k].key] = 1;
		for (i = 0; i <= (size_t)max; i++)
			if (slot[i])
				slot[i] = (int)++n;
		f->metrics = floe_arena_alloc(c->a, n * sizeof(*f->metrics));
		if (!f->metrics)
			return oom(c);
		for (i = 0; i <= (size_t)max; i++)
			if (slot[i])
				f->metrics[slot[i] - 1].field_id = (int)i;
	} else {
		int *ids;
		size_t j;
		if (scratch(c, (void **)&c->slots, &c->slots_cap, total, sizeof(*c->slots)))
			return -1;
		ids = c->slots;
		for (k = 0; k < total; k++)
			ids[k] = pairs[k].key;
		qsort(ids, total, sizeof(*ids), cmp_int);
		for (i = 0, j = 0; i < total; i++)
			if (j == 0 || ids[j - 1] != ids[i])
				ids[j++] = ids[i];
		n = j;
		f->metrics = floe_arena_alloc(c->a, n * sizeof(*f->metrics));
		if (!f->metrics)
			return oom(c);
		for (i = 0; i < n; i++)
			f->metrics[i].field_id = ids[i];
	}
	for (i = 0; i < n; i++) {
		struct floe_col_metric *cm = &f->metrics[i];
		int id = cm->field_id;
		memset(cm, 0, sizeof(*cm));
		cm->field_id = id;
		cm->column_size = cm->value_count = cm->null_count = cm->nan_count = -1;
	}
	f->n_metrics = n;
	for (k = 0; k < total; k++) {
		struct floe_col_metric *cm;
		if (min >= 0 && max <= DIRECT_MAX_ID) {
			cm = &f->metrics[c->slots[pairs[k].key] - 1];
		} else {
			const int *hit = bsearch(&pairs[k].key, c->slots, n, sizeof(int), cmp_int);
			cm = &f->metrics[hit - c->slots];
		}
		if (set_metric(c, cm, &pairs[k]))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ entries */

static int read_data_file(struct rctx *c, const struct floe_avro_value *df, struct floe_data_file *f)
{
	int content = 0, sort_order_id = -1;
	bool has;
	int64_t *longs;
	size_t n, i;

	memset(f, 0, sizeof(*f));
	if (!df || df->schema->type != FLOE_AVRO_RECORD)
		return bad(c, 2, "(data_file) is not a record");
	if (get_int(c, df, 134, false, &has, &content))
		return -1;
	if (has && (content < 0 || content > 2))
		return bad(c, 134, "(content) is not 0, 1 or 2");
	f->content = (enum floe_content)content;
	if (get_string(c, df, 100, true, &f->file_path) || get_string(c, df, 101, true, &f->file_format) ||
	    get_long(c, df, 103, true, NULL, &f->record_count) ||
	    get_long(c, df, 104, true, NULL, &f->file_size_in_bytes))
		return -1;
	if (read_metrics(c, df, f))
		return -1;
	if (get_long_list(c, df, 132, &f->split_offsets, &f->n_split_offsets))
		return -1;
	if (get_long_list(c, df, 135, &longs, &n))
		return -1;
	if (n) {
		f->equality_ids = floe_arena_alloc(c->a, n * sizeof(*f->equality_ids));
		if (!f->equality_ids)
			return oom(c);
		for (i = 0; i < n; i++) {
			if (longs[i] < 0 || longs[i] > INT32_MAX)
				return bad(c, 135, "(equality_ids) has an id out of range");
			f->equality_ids[i] = (int)longs[i];
		}
		f->n_equality_ids = n;
	}
	if (get_int(c, df, 140, false, &has, &sort_order_id))
		return -1;
	f->sort_order_id = has ? sort_order_id : -1;
	if (get_string(c, df, 143, false, &f->referenced_data_file))
		return -1;
	return 0;
}

static int read_entry(struct rctx *c, const struct floe_avro_value *rec, struct floe_manifest_entry *e)
{
	int status = 0;
	bool present;

	memset(e, 0, sizeof(*e));
	if (get_int(c, rec, 0, true, NULL, &status))
		return -1;
	if (status < 0 || status > 2)
		return bad(c, 0, "(status) is not 0, 1 or 2");
	e->status = (enum floe_entry_status)status;
	if (get_long(c, rec, 1, false, &e->has_snapshot_id, &e->snapshot_id) ||
	    get_long(c, rec, 3, false, &e->has_sequence_number, &e->sequence_number) ||
	    get_long(c, rec, 4, false, &e->has_file_sequence_number, &e->file_sequence_number))
		return -1;
	return read_data_file(c, field(rec, 2, &present), &e->file);
}

static int inherit_entry(struct rctx *c, int format_version, const struct floe_manifest_file *mf,
			 struct floe_manifest_entry *e)
{
	if (!e->has_snapshot_id) {
		e->snapshot_id = mf->added_snapshot_id;
		e->has_snapshot_id = true;
	}
	if (format_version < 2) {
		e->sequence_number = e->file_sequence_number = 0;
		e->has_sequence_number = e->has_file_sequence_number = true;
		return 0;
	}
	if (e->status == FLOE_ENTRY_ADDED) {
		if (!e->has_sequence_number)
			e->sequence_number = mf->sequence_number;
		if (!e->has_file_sequence_number)
			e->file_sequence_number = mf->sequence_number;
		e->has_sequence_number = e->has_file_sequence_number = true;
		return 0;
	}
	if (!e->has_sequence_number || !e->has_file_sequence_number)
		return floe_err_set(c->err, "manifest entry %zu ('%s'): %s entry without sequence numbers (only ADDED entries may inherit them)",
				    c->index, e->file.file_path, e->status == FLOE_ENTRY_EXISTING ? "EXISTING" : "DELETED");
	return 0;
}

static int meta_int(const struct floe_avro_reader *r, const char *key, int dflt, int *out, struct floe_err *err)
{
	size_t n;
	const uint8_t *v = floe_avro_reader_meta(r, key, &n);
	char buf[24], *end;
	long long x;

	*out = dflt;
	if (!v)
		return 0;
	if (n == 0 || n >= sizeof(buf))
		return floe_err_set(err, "avro metadata '%s' is not an integer", key);
	memcpy(buf, v, n);
	buf[n] = '\0';
	x = strtoll(buf, &end, 10);
	if (*end || x < INT32_MIN || x > INT32_MAX)
		return floe_err_set(err, "avro metadata '%s' value '%s' is not an integer", key, buf);
	*out = (int)x;
	return 0;
}

static int meta_long(const struct floe_avro_reader *r, const char *key, bool *has, int64_t *out,
		     struct floe_err *err)
{
	size_t n;
	const uint8_t *v = floe_avro_reader_meta(r, key, &n);
	char buf[32], *end;
	long long x;

	*has = false;
	if (!v || (n == 4 && memcmp(v, "null", 4) == 0))
		return 0;
	if (n == 0 || n >= sizeof(buf))
		return floe_err_set(err, "avro metadata '%s' is not an integer", key);
	memcpy(buf, v, n);
	buf[n] = '\0';
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (*end || errno)
		return floe_err_set(err, "avro metadata '%s' value '%s' is not an integer", key, buf);
	*out = (int64_t)x;
	*has = true;
	return 0;
}

/* Appends one item to an arena array that doubles. */
static void *push(struct floe_arena *a, void *arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		void *p = floe_arena_alloc(a, nc * size);
		if (!p)
			return NULL;
		if (*n)
			memcpy(p, arr, *n * size);
		arr = p;
		*cap = nc;
	}
	(*n)++;
	return arr;
}

int floe_manifest_read(const void *p, size_t len, const struct floe_manifest_file *inherit,
		       struct floe_arena *a, struct floe_manifest *out, struct floe_err *err)
{
	struct floe_avro_reader r;
	struct floe_arena scratch;
	struct rctx c = { a, err, "manifest entry", 0, NULL, 0, NULL, 0 };
	size_t cap = 0;
	const uint8_t *content;
	size_t clen;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	floe_arena_init(&scratch, 0);
	if (floe_avro_reader_open(&r, p, len, a, err)) {
		floe_err_prefix(err, "manifest: ");
		goto out;
	}
	if (inherit && (inherit->sequence_number < 0 || inherit->added_snapshot_id < 0)) {
		floe_err_set(err, "manifest: cannot inherit an unassigned sequence number '%" PRId64 "' or snapshot id '%" PRId64 "' (pass the manifest list's record)",
			     inherit->sequence_number, inherit->added_snapshot_id);
		goto out;
	}
	if (r.schema->type != FLOE_AVRO_RECORD || floe_avro_schema_field_by_id(r.schema, 2) < 0) {
		floe_err_set(err, "manifest: the avro schema is not a manifest_entry record (no field id 2, data_file)");
		goto out;
	}
	if (meta_int(&r, "format-version", 1, &out->format_version, err) ||
	    meta_int(&r, "schema-id", -1, &out->schema_id, err) ||
	    meta_int(&r, "partition-spec-id", -1, &out->partition_spec_id, err)) {
		floe_err_prefix(err, "manifest: ");
		goto out;
	}
	content = floe_avro_reader_meta(&r, "content", &clen);
	out->content = content && clen == 7 && memcmp(content, "deletes", 7) == 0 ? FLOE_MANIFEST_DELETES
										   : FLOE_MANIFEST_DATA;
	if (inherit && content && inherit->content != out->content) {
		floe_err_set(err, "manifest: the manifest list says content '%d' but the manifest holds %s files",
			     inherit->content, out->content == FLOE_MANIFEST_DELETES ? "delete" : "data");
		goto out;
	}
	out->schema_json = floe_avro_reader_meta_str(&r, "schema", a);
	out->partition_spec_json = floe_avro_reader_meta_str(&r, "partition-spec", a);
	for (;;) {
		struct floe_avro_value rec;
		struct floe_manifest_entry *e;
		int got;

		floe_arena_reset(&scratch);
		got = floe_avro_reader_next(&r, &scratch, &rec, err);
		if (got < 0) {
			floe_err_prefix(err, "manifest entry %zu: ", c.index);
			goto out;
		}
		if (got == 0)
			break;
		out->entries = push(a, out->entries, &out->n_entries, &cap, sizeof(*out->entries));
		if (!out->entries) {
			oom(&c);
			goto out;
		}
		e = &out->entries[out->n_entries - 1];
		if (read_entry(&c, &rec, e))
			goto out;
		if ((e->file.content == FLOE_CONTENT_DATA) != (out->content == FLOE_MANIFEST_DATA)) {
			floe_err_set(err, "manifest entry %zu ('%s'): a %s file in a %s manifest", c.index, e->file.file_path,
				     e->file.content == FLOE_CONTENT_DATA ? "data" : "delete",
				     out->content == FLOE_MANIFEST_DATA ? "data" : "deletes");
			goto out;
		}
		if (inherit && inherit_entry(&c, out->format_version, inherit, e))
			goto out;
		c.index++;
	}
	rc = 0;
out:
	floe_avro_reader_release(&r);
	floe_arena_release(&scratch);
	free(c.pairs);
	free(c.slots);
	return rc;
}

/* ----------------------------------------------------------- manifest lists */

static int read_summaries(struct rctx *c, const struct floe_avro_value *rec, struct floe_manifest_file *mf)
{
	bool present;
	const struct floe_avro_value *v = field(rec, 507, &present);
	size_t i;

	mf->partitions = NULL;
	mf->n_partitions = 0;
	if (!present)
		return 0;
	if (v->schema->type != FLOE_AVRO_ARRAY)
		return bad(c, 507, "(partitions) is not a list");
	if (v->v.array.n == 0)
		return 0;
	mf->partitions = floe_arena_alloc(c->a, v->v.array.n * sizeof(*mf->partitions));
	if (!mf->partitions)
		return oom(c);
	for (i = 0; i < v->v.array.n; i++) {
		const struct floe_avro_value *s = floe_avro_unwrap(&v->v.array.items[i]);
		struct floe_field_summary *fs = &mf->partitions[i];
		const struct floe_avro_value *b;

		memset(fs, 0, sizeof(*fs));
		if (!s || s->schema->type != FLOE_AVRO_RECORD)
			return bad(c, 507, "(partitions) has an element that is not a field_summary record");
		b = field(s, 509, &present);
		if (!present || b->schema->type != FLOE_AVRO_BOOLEAN)
			return bad(c, 509, "(contains_null) is missing or not a boolean");
		fs->contains_null = b->v.b;
		b = field(s, 518, &present);
		if (present && b->schema->type != FLOE_AVRO_BOOLEAN)
			return bad(c, 518, "(contains_nan) is not a boolean");
		fs->contains_nan = present ? (b->v.b ? 1 : 0) : -1;
		if (get_bytes(c, s, 510, false, &fs->lower, &fs->lower_len) ||
		    get_bytes(c, s, 511, false, &fs->upper, &fs->upper_len))
			return -1;
	}
	mf->n_partitions = v->v.array.n;
	return 0;
}

static int get_count(struct rctx *c, const struct floe_avro_value *rec, int id, int32_t *out)
{
	bool has;
	int x = -1;

	if (get_int(c, rec, id, false, &has, &x))
		return -1;
	*out = has ? x : -1;
	return 0;
}

static int get_rows(struct rctx *c, const struct floe_avro_value *rec, int id, int64_t *out)
{
	bool has;
	int64_t x = -1;

	if (get_long(c, rec, id, false, &has, &x))
		return -1;
	*out = has ? x : -1;
	return 0;
}

static int read_manifest_file(struct rctx *c, const struct floe_avro_value *rec, struct floe_manifest_file *mf)
{
	bool has;

	memset(mf, 0, sizeof(*mf));
	if (get_string(c, rec, 500, true, &mf->manifest_path) ||
	    get_long(c, rec, 501, true, NULL, &mf->manifest_length) ||
	    get_int(c, rec, 502, true, NULL, &mf->partition_spec_id) ||
	    get_int(c, rec, 517, false, &has, &mf->content))
		return -1;
	if (!has)
		mf->content = 0;
	if (mf->content != 0 && mf->content != 1)
		return bad(c, 517, "(content) is neither 0 nor 1");
	if (get_long(c, rec, 515, false, &has, &mf->sequence_number))
		return -1;
	if (!has)
		mf->sequence_number = 0;
	if (get_long(c, rec, 516, false, &has, &mf->min_sequence_number))
		return -1;
	if (!has)
		mf->min_sequence_number = 0;
	if (get_long(c, rec, 503, true, NULL, &mf->added_snapshot_id) ||
	    get_count(c, rec, 504, &mf->added_files_count) || get_count(c, rec, 505, &mf->existing_files_count) ||
	    get_count(c, rec, 506, &mf->deleted_files_count) || get_rows(c, rec, 512, &mf->added_rows_count) ||
	    get_rows(c, rec, 513, &mf->existing_rows_count) || get_rows(c, rec, 514, &mf->deleted_rows_count))
		return -1;
	return read_summaries(c, rec, mf);
}

int floe_manifest_list_read(const void *p, size_t len, struct floe_arena *a, struct floe_manifest_list *out,
			    struct floe_err *err)
{
	struct floe_avro_reader r;
	struct floe_arena scratch;
	struct rctx c = { a, err, "manifest list entry", 0, NULL, 0, NULL, 0 };
	size_t cap = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	floe_arena_init(&scratch, 0);
	if (floe_avro_reader_open(&r, p, len, a, err)) {
		floe_err_prefix(err, "manifest list: ");
		goto out;
	}
	if (r.schema->type != FLOE_AVRO_RECORD || floe_avro_schema_field_by_id(r.schema, 500) < 0) {
		floe_err_set(err, "manifest list: the avro schema is not a manifest_file record (no field id 500, manifest_path)");
		goto out;
	}
	if (meta_int(&r, "format-version", 1, &out->format_version, err) ||
	    meta_long(&r, "snapshot-id", &out->has_snapshot_id, &out->snapshot_id, err) ||
	    meta_long(&r, "parent-snapshot-id", &out->has_parent_snapshot_id, &out->parent_snapshot_id, err) ||
	    meta_long(&r, "sequence-number", &out->has_sequence_number, &out->sequence_number, err)) {
		floe_err_prefix(err, "manifest list: ");
		goto out;
	}
	for (;;) {
		struct floe_avro_value rec;
		int got;

		floe_arena_reset(&scratch);
		got = floe_avro_reader_next(&r, &scratch, &rec, err);
		if (got < 0) {
			floe_err_prefix(err, "manifest list entry %zu: ", c.index);
			goto out;
		}
		if (got == 0)
			break;
		out->files = push(a, out->files, &out->n_files, &cap, sizeof(*out->files));
		if (!out->files) {
			oom(&c);
			goto out;
		}
		if (read_manifest_file(&c, &rec, &out->files[out->n_files - 1]))
			goto out;
		c.index++;
	}
	rc = 0;
out:
	floe_avro_reader_release(&r);
	floe_arena_release(&scratch);
	return rc;
}
