/*
 * rowcodec.c — the sink's in-process row/key encoding (see rowcodec.h):
 * encode, decode, merge of unchanged-TOAST columns, and a byte hash.
 */
#include "sink/rowcodec.h"

#include <string.h>

/* Payload size of a fixed-width primitive, 0 for variable-length ones. */
static size_t fixed_size(enum floe_type_id id)
{
	switch (id) {
	case FLOE_T_BOOLEAN:
		return 1;
	case FLOE_T_INT:
	case FLOE_T_DATE:
	case FLOE_T_FLOAT:
		return 4;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	case FLOE_T_DOUBLE:
		return 8;
	case FLOE_T_DECIMAL:
		return 16;
	default:
		return 0;
	}
}

static void put_u32(struct floe_buf *b, uint32_t v)
{
	floe_buf_append(b, &v, 4);
}

static void encode_prim(struct floe_buf *out, enum floe_type_id id, const struct floe_value *v)
{
	switch (id) {
	case FLOE_T_BOOLEAN:
		floe_buf_putc(out, v->u.b ? 1 : 0);
		break;
	case FLOE_T_INT:
	case FLOE_T_DATE:
		floe_buf_append(out, &v->u.i32, 4);
		break;
	case FLOE_T_FLOAT:
		floe_buf_append(out, &v->u.f32, 4);
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		floe_buf_append(out, &v->u.i64, 8);
		break;
	case FLOE_T_DOUBLE:
		floe_buf_append(out, &v->u.f64, 8);
		break;
	case FLOE_T_DECIMAL:
		floe_buf_append(out, &v->u.dec, 16);
		break;
	default:
		put_u32(out, v->u.bytes.len);
		floe_buf_append(out, v->u.bytes.p, v->u.bytes.len);
		break;
	}
}

static void encode_value(struct floe_buf *out, const struct floe_type *t, const struct floe_value *v, bool unchanged)
{
	if (unchanged) {
		floe_buf_putc(out, FLOE_ROW_TAG_UNCHANGED);
		return;
	}
	if (v->is_null) {
		floe_buf_putc(out, FLOE_ROW_TAG_NULL);
		return;
	}
	floe_buf_putc(out, FLOE_ROW_TAG_VALUE);
	if (t->id != FLOE_T_LIST) {
		encode_prim(out, t->id, v);
		return;
	}
	put_u32(out, v->u.list.n);
	for (uint32_t i = 0; i < v->u.list.n; i++) {
		const struct floe_value *it = &v->u.list.items[i];
		if (it->is_null) {
			floe_buf_putc(out, FLOE_ROW_TAG_NULL);
			continue;
		}
		floe_buf_putc(out, FLOE_ROW_TAG_VALUE);
		encode_prim(out, t->elem_id, it);
	}
}

void floe_rowcodec_encode(struct floe_buf *out, const struct floe_field *fields, const int *cols, size_t n,
			  const struct floe_value *vals, const uint8_t *unchanged)
{
	for (size_t i = 0; i < n; i++) {
		size_t c = cols ? (size_t)cols[i] : i;
		encode_value(out, &fields[c].type, &vals[c], unchanged && unchanged[c]);
	}
}

/* ---------- decoding ---------- */

struct cur {
	const uint8_t *p;
	size_t left;
};

static int need(struct cur *c, size_t n, struct floe_err *err)
{
	if (c->left < n)
		return floe_err_set(err, "sink row encoding is truncated (%zu bytes needed, %zu left)", n, c->left);
	return 0;
}

static int decode_prim(struct cur *c, enum floe_type_id id, struct floe_value *v, struct floe_err *err)
{
	size_t fs = fixed_size(id);

	v->is_null = false;
	if (fs) {
		if (need(c, fs, err))
			return -1;
		switch (id) {
		case FLOE_T_BOOLEAN:
			v->u.b = c->p[0] != 0;
			break;
		case FLOE_T_INT:
		case FLOE_T_DATE:
			memcpy(&v->u.i32, c->p, 4);
			break;
		case FLOE_T_FLOAT:
			memcpy(&v->u.f32, c->p, 4);
			break;
		case FLOE_T_DOUBLE:
			memcpy(&v->u.f64, c->p, 8);
			break;
		case FLOE_T_DECIMAL:
			memcpy(&v->u.dec, c->p, 16);
			break;
		default:
			memcpy(&v->u.i64, c->p, 8);
			break;
		}
		c->p += fs;
		c->left -= fs;
		return 0;
	}
	uint32_t len;
	if (need(c, 4, err))
		return -1;
	memcpy(&len, c->p, 4);
	c->p += 4;
	c->left -= 4;
	if (need(c, len, err))
		return -1;
	v->u.bytes.p = c->p;
	v->u.bytes.len = len;
	c->p += len;
	c->left -= len;
	return 0;
}

static int decode_value(struct cur *c, const struct floe_type *t, struct floe_value *v, uint8_t *unch,
			struct floe_arena *a, struct floe_err *err)
{
	uint8_t tag;

	memset(v, 0, sizeof(*v));
	if (need(c, 1, err))
		return -1;
	tag = c->p[0];
	c->p++;
	c->left--;
	if (unch)
		*unch = tag == FLOE_ROW_TAG_UNCHANGED;
	if (tag == FLOE_ROW_TAG_NULL || tag == FLOE_ROW_TAG_UNCHANGED) {
		v->is_null = true;
		return 0;
	}
	if (tag != FLOE_ROW_TAG_VALUE)
		return floe_err_set(err, "sink row encoding has a bad tag %u", tag);
	if (t->id != FLOE_T_LIST)
		return decode_prim(c, t->id, v, err);
	uint32_t n;
	if (need(c, 4, err))
		return -1;
	memcpy(&n, c->p, 4);
	c->p += 4;
	c->left -= 4;
	if (n > c->left)
		return floe_err_set(err, "sink row encoding has a list of %u items in %zu bytes", n, c->left);
	v->u.list.n = n;
	v->u.list.items = NULL;
	if (n) {
		v->u.list.items = floe_arena_alloc(a, (size_t)n * sizeof(struct floe_value));
		if (!v->u.list.items)
			return floe_err_set(err, "out of memory");
	}
	for (uint32_t i = 0; i < n; i++) {
		struct floe_value *it = &v->u.list.items[i];
		memset(it, 0, sizeof(*it));
		if (need(c, 1, err))
			return -1;
		tag = c->p[0];
		c->p++;
		c->left--;
		if (tag == FLOE_ROW_TAG_NULL) {
			it->is_null = true;
			continue;
		}
		if (tag != FLOE_ROW_TAG_VALUE)
			return floe_err_set(err, "sink row encoding has a bad list item tag %u", tag);
		if (decode_prim(c, t->elem_id, it, err))
			return -1;
	}
	return 0;
}

int floe_rowcodec_decode(const struct floe_field *fields, size_t n, const uint8_t *p, size_t len,
			 struct floe_value *vals, uint8_t *unchanged, struct floe_arena *a, struct floe_err *err)
{
	struct cur c = { p, len };

	for (size_t i = 0; i < n; i++)
		if (decode_value(&c, &fields[i].type, &vals[i], unchanged ? &unchanged[i] : NULL, a, err))
			return -1;
	if (c.left)
		return floe_err_set(err, "sink row encoding has %zu trailing bytes", c.left);
	return 0;
}

/* Advances over the payload of one primitive value of type `id`. */
static int skip_prim(struct cur *c, enum floe_type_id id, struct floe_err *err)
{
	size_t fs = fixed_size(id);
	uint32_t len;

	if (!fs) {
		if (need(c, 4, err))
			return -1;
		memcpy(&len, c->p, 4);
		fs = 4 + (size_t)len;
	}
	if (need(c, fs, err))
		return -1;
	c->p += fs;
	c->left -= fs;
	return 0;
}

/* Advances over one encoded column; *tag gets its tag. */
static int skip_value(struct cur *c, const struct floe_type *t, uint8_t *tag, struct floe_err *err)
{
	uint32_t n;

	if (need(c, 1, err))
		return -1;
	*tag = c->p[0];
	c->p++;
	c->left--;
	if (*tag == FLOE_ROW_TAG_NULL || *tag == FLOE_ROW_TAG_UNCHANGED)
		return 0;
	if (*tag != FLOE_ROW_TAG_VALUE)
		return floe_err_set(err, "sink row encoding has a bad tag %u", *tag);
	if (t->id != FLOE_T_LIST)
		return skip_prim(c, t->id, err);
	if (need(c, 4, err))
		return -1;
	memcpy(&n, c->p, 4);
	c->p += 4;
	c->left -= 4;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t it;
		if (need(c, 1, err))
			return -1;
		it = c->p[0];
		c->p++;
		c->left--;
		if (it == FLOE_ROW_TAG_NULL)
			continue;
		if (it != FLOE_ROW_TAG_VALUE)
			return floe_err_set(err, "sink row encoding has a bad list item tag %u", it);
		if (skip_prim(c, t->elem_id, err))
			return -1;
	}
	return 0;
}

int floe_rowcodec_merge(const struct floe_field *fields, size_t n, const uint8_t *newer, size_t newer_len,
			const uint8_t *older, size_t older_len, struct floe_buf *out, bool *partial,
			struct floe_err *err)
{
	struct cur a = { newer, newer_len }, b = { older, older_len };

	*partial = false;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *sa = a.p, *sb = b.p;
		uint8_t ta, tb;
		if (skip_value(&a, &fields[i].type, &ta, err) || skip_value(&b, &fields[i].type, &tb, err))
			return -1;
		if (ta == FLOE_ROW_TAG_UNCHANGED) {
			floe_buf_append(out, sb, (size_t)(b.p - sb));
			if (tb == FLOE_ROW_TAG_UNCHANGED)
				*partial = true;
		} else {
			floe_buf_append(out, sa, (size_t)(a.p - sa));
		}
	}
	if (a.left || b.left)
		return floe_err_set(err, "sink row encoding has trailing bytes");
	return floe_buf_check(out, err);
}

int floe_rowcodec_partial(const struct floe_field *fields, size_t n, const uint8_t *p, size_t len, bool *partial,
			  struct floe_err *err)
{
	struct cur c = { p, len };

	*partial = false;
	for (size_t i = 0; i < n; i++) {
		uint8_t tag;
		if (skip_value(&c, &fields[i].type, &tag, err))
			return -1;
		if (tag == FLOE_ROW_TAG_UNCHANGED)
			*partial = true;
	}
	return 0;
}

uint64_t floe_rowcodec_hash(const uint8_t *p, size_t len)
{
	/* FNV-1a over 8-byte words, then a final avalanche (splitmix64) */
	uint64_t h = UINT64_C(0xcbf29ce484222325) ^ (uint64_t)len;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return h;
}
