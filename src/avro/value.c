/*
 * value.c — generic Avro datum decoder and encoder (see value.h).
 *
 * Arrays and maps are read block by block (a negative count carries a byte
 * size, which is checked and then ignored); items are gathered into an
 * arena array that doubles as blocks arrive, bounded by the bytes left.
 */
#include "avro/value.h"

#include <string.h>

#include "avro/binary.h"

struct dec {
	struct floe_arena *a;
	uint64_t *empty_left;  /* array items of zero-byte types still allowed */
	struct floe_err *err;
};

static int decode(struct dec *d, struct floe_rd *r, const struct floe_avro_schema *s, int depth,
		  struct floe_avro_value *out);

static int oom(struct dec *d)
{
	return floe_err_set(d->err, "out of memory decoding avro data");
}

/* Grows an arena array of `size`-byte items from *cap to at least `need`. */
static void *grow(struct dec *d, void *old, size_t n_used, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 8;
	void *p;

	while (nc < need)
		nc *= 2;
	if (nc == *cap)
		return old;
	if (nc > SIZE_MAX / size) {
		oom(d);
		return NULL;
	}
	p = floe_arena_alloc(d->a, nc * size);
	if (!p) {
		oom(d);
		return NULL;
	}
	if (n_used)
		memcpy(p, old, n_used * size);
	*cap = nc;
	return p;
}

/*
 * Checks a block count against what the remaining bytes can hold. Items that
 * take no bytes (null, empty records) are paid from the decode's budget, so
 * a few bytes cannot make the decoder loop for long.
 */
static int check_count(struct dec *d, struct floe_rd *r, size_t at, uint64_t count, bool may_be_empty,
		       const char *what)
{
	if (may_be_empty) {
		if (count > *d->empty_left)
			return floe_err_set(d->err,
					    "avro %s at offset %zu: block count '%llu' of zero-byte items is over the limit of %u",
					    what, at, (unsigned long long)count, FLOE_AVRO_MAX_ITEMS);
		*d->empty_left -= count;
		return 0;
	}
	if (count > floe_rd_left(r))
		return floe_err_set(d->err, "avro %s at offset %zu: block count '%llu' is more than the %zu bytes left",
				    what, at, (unsigned long long)count, floe_rd_left(r));
	return 0;
}

static int decode_array(struct dec *d, struct floe_rd *r, const struct floe_avro_schema *s, int depth,
			struct floe_avro_value *out)
{
	struct floe_avro_value *items = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		size_t at = r->pos;
		uint64_t count, i;

		if (floe_avro_get_block_count(r, &count, d->err))
			return -1;
		if (count == 0)
			break;
		if (check_count(d, r, at, count, s->items->may_be_empty, "array"))
			return -1;
		items = grow(d, items, n, &cap, n + (size_t)count, sizeof(*items));
		if (!items)
			return -1;
		for (i = 0; i < count; i++)
			if (decode(d, r, s->items, depth + 1, &items[n++]))
				return -1;
	}
	out->v.array.items = items;
	out->v.array.n = n;
	return 0;
}

static int decode_map(struct dec *d, struct floe_rd *r, const struct floe_avro_schema *s, int depth,
		      struct floe_avro_value *out)
{
	struct floe_avro_kv *items = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		size_t at = r->pos;
		uint64_t count, i;

		if (floe_avro_get_block_count(r, &count, d->err))
			return -1;
		if (count == 0)
			break;
		/* every key takes at least its length byte */
		if (check_count(d, r, at, count, false, "map"))
			return -1;
		items = grow(d, items, n, &cap, n + (size_t)count, sizeof(*items));
		if (!items)
			return -1;
		for (i = 0; i < count; i++) {
			struct floe_avro_kv *kv = &items[n++];
			if (floe_avro_get_bytes(r, &kv->key, &kv->key_len, d->err))
				return floe_err_prefix(d->err, "map key: ");
			if (decode(d, r, s->items, depth + 1, &kv->value))
				return -1;
		}
	}
	out->v.map.items = items;
	out->v.map.n = n;
	return 0;
}

static int decode(struct dec *d, struct floe_rd *r, const struct floe_avro_schema *s, int depth,
		  struct floe_avro_value *out)
{
	size_t at = r->pos;

	if (depth > FLOE_AVRO_MAX_NESTING)
		return floe_err_set(d->err, "avro data at offset %zu: nested more than %d levels deep", at,
				    FLOE_AVRO_MAX_NESTING);
	memset(out, 0, sizeof(*out));
	out->schema = s;
	switch (s->type) {
	case FLOE_AVRO_NULL:
		return 0;
	case FLOE_AVRO_BOOLEAN:
		return floe_avro_get_bool(r, &out->v.b, d->err);
	case FLOE_AVRO_INT:
		return floe_avro_get_int(r, &out->v.i, d->err);
	case FLOE_AVRO_LONG:
		return floe_avro_get_long(r, &out->v.l, d->err);
	case FLOE_AVRO_FLOAT:
		return floe_avro_get_float(r, &out->v.f, d->err);
	case FLOE_AVRO_DOUBLE:
		return floe_avro_get_double(r, &out->v.d, d->err);
	case FLOE_AVRO_BYTES:
	case FLOE_AVRO_STRING:
		return floe_avro_get_bytes(r, &out->v.bytes.p, &out->v.bytes.n, d->err);
	case FLOE_AVRO_FIXED:
		if (floe_rd_bytes(r, s->size, &out->v.bytes.p))
			return floe_err_set(d->err, "avro fixed '%s' at offset %zu: truncated (need %zu bytes)", s->name,
					    at, s->size);
		out->v.bytes.n = s->size;
		return 0;
	case FLOE_AVRO_ENUM:
		if (floe_avro_get_int(r, &out->v.i, d->err))
			return -1;
		if (out->v.i < 0 || (size_t)out->v.i >= s->n)
			return floe_err_set(d->err, "avro enum '%s' at offset %zu: symbol index '%d' is out of range",
					    s->name, at, out->v.i);
		return 0;
	case FLOE_AVRO_RECORD: {
		size_t i;

		out->v.array.n = s->n;
		out->v.array.items = floe_arena_alloc(d->a, (s->n ? s->n : 1) * sizeof(struct floe_avro_value));
		if (!out->v.array.items)
			return oom(d);
		for (i = 0; i < s->n; i++)
			if (decode(d, r, s->fields[i].type, depth + 1, &out->v.array.items[i]))
				return -1;
		return 0;
	}
	case FLOE_AVRO_ARRAY:
		return decode_array(d, r, s, depth, out);
	case FLOE_AVRO_MAP:
		return decode_map(d, r, s, depth, out);
	case FLOE_AVRO_UNION: {
		int64_t br;

		if (floe_avro_get_long(r, &br, d->err))
			return -1;
		if (br < 0 || (uint64_t)br >= s->n)
			return floe_err_set(d->err, "avro union at offset %zu: branch index '%lld' is out of range (%zu branches)",
					    at, (long long)br, s->n);
		out->v.u.branch = (uint32_t)br;
		out->v.u.value = floe_arena_alloc(d->a, sizeof(struct floe_avro_value));
		if (!out->v.u.value)
			return oom(d);
		return decode(d, r, s->branches[br], depth + 1, out->v.u.value);
	}
	}
	return floe_err_set(d->err, "avro schema has an unknown type");
}

int floe_avro_decode_budget(struct floe_rd *r, const struct floe_avro_schema *schema, struct floe_arena *a,
			    uint64_t *empty_left, struct floe_avro_value *out, struct floe_err *err)
{
	struct dec d = { a, empty_left, err };

	return decode(&d, r, schema, 0, out);
}

int floe_avro_decode(struct floe_rd *r, const struct floe_avro_schema *schema, struct floe_arena *a,
		     struct floe_avro_value *out, struct floe_err *err)
{
	uint64_t budget = FLOE_AVRO_MAX_ITEMS;

	return floe_avro_decode_budget(r, schema, a, &budget, out, err);
}

static int encode(struct floe_buf *b, const struct floe_avro_schema *s, const struct floe_avro_value *v, int depth,
		  struct floe_err *err)
{
	size_t i;

	if (depth > FLOE_AVRO_MAX_NESTING)
		return floe_err_set(err, "avro value nested more than %d levels deep", FLOE_AVRO_MAX_NESTING);
	if (v->schema && v->schema != s && v->schema->type != s->type)
		return floe_err_set(err, "avro value of type '%s' where the schema wants '%s'",
				    floe_avro_type_name(v->schema->type), floe_avro_type_name(s->type));
	switch (s->type) {
	case FLOE_AVRO_NULL:
		return 0;
	case FLOE_AVRO_BOOLEAN:
		floe_avro_put_bool(b, v->v.b);
		return 0;
	case FLOE_AVRO_INT:
	case FLOE_AVRO_ENUM:
		floe_avro_put_int(b, v->v.i);
		return 0;
	case FLOE_AVRO_LONG:
		floe_avro_put_long(b, v->v.l);
		return 0;
	case FLOE_AVRO_FLOAT:
		floe_avro_put_float(b, v->v.f);
		return 0;
	case FLOE_AVRO_DOUBLE:
		floe_avro_put_double(b, v->v.d);
		return 0;
	case FLOE_AVRO_BYTES:
	case FLOE_AVRO_STRING:
		floe_avro_put_bytes(b, v->v.bytes.p, v->v.bytes.n);
		return 0;
	case FLOE_AVRO_FIXED:
		if (v->v.bytes.n != s->size)
			return floe_err_set(err, "avro fixed '%s' needs %zu bytes, the value has %zu", s->name, s->size,
					    v->v.bytes.n);
		floe_buf_append(b, v->v.bytes.p, v->v.bytes.n);
		return 0;
	case FLOE_AVRO_RECORD:
		if (v->v.array.n != s->n)
			return floe_err_set(err, "avro record '%s' has %zu fields, the value has %zu", s->name, s->n,
					    v->v.array.n);
		for (i = 0; i < s->n; i++)
			if (encode(b, s->fields[i].type, &v->v.array.items[i], depth + 1, err))
				return floe_err_prefix(err, "field '%s': ", s->fields[i].name);
		return 0;
	case FLOE_AVRO_ARRAY:
		if (v->v.array.n) {
			floe_avro_put_long(b, (int64_t)v->v.array.n);
			for (i = 0; i < v->v.array.n; i++)
				if (encode(b, s->items, &v->v.array.items[i], depth + 1, err))
					return -1;
		}
		floe_avro_put_long(b, 0);
		return 0;
	case FLOE_AVRO_MAP:
		if (v->v.map.n) {
			floe_avro_put_long(b, (int64_t)v->v.map.n);
			for (i = 0; i < v->v.map.n; i++) {
				floe_avro_put_bytes(b, v->v.map.items[i].key, v->v.map.items[i].key_len);
				if (encode(b, s->items, &v->v.map.items[i].value, depth + 1, err))
					return -1;
			}
		}
		floe_avro_put_long(b, 0);
		return 0;
	case FLOE_AVRO_UNION:
		if (v->v.u.branch >= s->n || !v->v.u.value)
			return floe_err_set(err, "avro union branch '%u' is out of range", v->v.u.branch);
		floe_avro_put_long(b, v->v.u.branch);
		return encode(b, s->branches[v->v.u.branch], v->v.u.value, depth + 1, err);
	}
	return floe_err_set(err, "avro schema has an unknown type");
}

int floe_avro_encode(struct floe_buf *b, const struct floe_avro_schema *schema, const struct floe_avro_value *v,
		     struct floe_err *err)
{
	if (encode(b, schema, v, 0, err))
		return -1;
	return floe_buf_check(b, err);
}

const struct floe_avro_value *floe_avro_record_get_id(const struct floe_avro_value *rec, int field_id)
{
	int i;

	if (!rec || !rec->schema || rec->schema->type != FLOE_AVRO_RECORD)
		return NULL;
	i = floe_avro_schema_field_by_id(rec->schema, field_id);
	return i < 0 ? NULL : &rec->v.array.items[i];
}

const struct floe_avro_value *floe_avro_record_get(const struct floe_avro_value *rec, const char *name)
{
	size_t i;

	if (!rec || !rec->schema || rec->schema->type != FLOE_AVRO_RECORD)
		return NULL;
	for (i = 0; i < rec->schema->n; i++)
		if (strcmp(rec->schema->fields[i].name, name) == 0)
			return &rec->v.array.items[i];
	return NULL;
}

const struct floe_avro_value *floe_avro_unwrap(const struct floe_avro_value *v)
{
	while (v && v->schema && v->schema->type == FLOE_AVRO_UNION)
		v = v->v.u.value;
	if (v && v->schema && v->schema->type == FLOE_AVRO_NULL)
		return NULL;
	return v;
}
