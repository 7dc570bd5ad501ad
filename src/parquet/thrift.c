/*
 * thrift.c — Thrift compact protocol encoder and decoder (see thrift.h).
 *
 * Encoding follows apache/thrift doc/specs/thrift-compact-protocol.md: field
 * headers carry the id delta in the high nibble (1..15) or a long form with a
 * zigzag i16; integers are zigzag varints; lists carry size and element type.
 * The decoder never trusts a length: every read goes through struct floe_rd.
 */
#include "parquet/thrift.h"

#include <string.h>

/* ---------------------------------------------------------------- encoder */

void floe_thrift_w_init(struct floe_thrift_w *w, struct floe_buf *out)
{
	w->out = out;
	w->depth = 0;
	w->last[0] = 0;
}

void floe_thrift_w_field(struct floe_thrift_w *w, int16_t id, enum floe_tt type)
{
	int delta = (int)id - (int)w->last[w->depth];

	if (delta > 0 && delta <= 15) {
		floe_buf_putc(w->out, (uint8_t)(delta << 4 | (int)type));
	} else {
		floe_buf_putc(w->out, (uint8_t)type);
		floe_buf_put_uvarint(w->out, floe_zigzag32(id));
	}
	w->last[w->depth] = id;
}

void floe_thrift_w_bool(struct floe_thrift_w *w, int16_t id, bool v)
{
	floe_thrift_w_field(w, id, v ? FLOE_TT_TRUE : FLOE_TT_FALSE);
}

void floe_thrift_w_i8(struct floe_thrift_w *w, int16_t id, int8_t v)
{
	floe_thrift_w_field(w, id, FLOE_TT_I8);
	floe_buf_putc(w->out, (uint8_t)v);
}

void floe_thrift_w_i16(struct floe_thrift_w *w, int16_t id, int16_t v)
{
	floe_thrift_w_field(w, id, FLOE_TT_I16);
	floe_buf_put_uvarint(w->out, floe_zigzag32(v));
}

void floe_thrift_w_i32(struct floe_thrift_w *w, int16_t id, int32_t v)
{
	floe_thrift_w_field(w, id, FLOE_TT_I32);
	floe_buf_put_uvarint(w->out, floe_zigzag32(v));
}

void floe_thrift_w_i64(struct floe_thrift_w *w, int16_t id, int64_t v)
{
	floe_thrift_w_field(w, id, FLOE_TT_I64);
	floe_buf_put_uvarint(w->out, floe_zigzag64(v));
}

void floe_thrift_w_double(struct floe_thrift_w *w, int16_t id, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	floe_thrift_w_field(w, id, FLOE_TT_DOUBLE);
	floe_buf_put_u64le(w->out, u);
}

void floe_thrift_w_binary(struct floe_thrift_w *w, int16_t id, const void *p, size_t n)
{
	floe_thrift_w_field(w, id, FLOE_TT_BINARY);
	floe_thrift_w_elem_binary(w, p, n);
}

void floe_thrift_w_string(struct floe_thrift_w *w, int16_t id, const char *s)
{
	floe_thrift_w_binary(w, id, s, strlen(s));
}

static void push(struct floe_thrift_w *w)
{
	if (w->depth >= FLOE_THRIFT_MAX_DEPTH) {
		FLOE_BUG("thrift writer nested too deep");
		return;
	}
	w->depth++;
	w->last[w->depth] = 0;
}

void floe_thrift_w_struct(struct floe_thrift_w *w, int16_t id)
{
	floe_thrift_w_field(w, id, FLOE_TT_STRUCT);
	push(w);
}

void floe_thrift_w_end(struct floe_thrift_w *w)
{
	floe_buf_putc(w->out, FLOE_TT_STOP);
	if (w->depth > 0)
		w->depth--;
}

void floe_thrift_w_list(struct floe_thrift_w *w, int16_t id, enum floe_tt elem, uint32_t size)
{
	floe_thrift_w_field(w, id, FLOE_TT_LIST);
	if (size <= 14) {
		floe_buf_putc(w->out, (uint8_t)(size << 4 | (uint32_t)elem));
	} else {
		floe_buf_putc(w->out, (uint8_t)(0xF0u | (uint32_t)elem));
		floe_buf_put_uvarint(w->out, size);
	}
}

void floe_thrift_w_elem_bool(struct floe_thrift_w *w, bool v)
{
	floe_buf_putc(w->out, v ? 1 : 2);
}

void floe_thrift_w_elem_i32(struct floe_thrift_w *w, int32_t v)
{
	floe_buf_put_uvarint(w->out, floe_zigzag32(v));
}

void floe_thrift_w_elem_i64(struct floe_thrift_w *w, int64_t v)
{
	floe_buf_put_uvarint(w->out, floe_zigzag64(v));
}

void floe_thrift_w_elem_binary(struct floe_thrift_w *w, const void *p, size_t n)
{
	floe_buf_put_uvarint(w->out, n);
	floe_buf_append(w->out, p, n);
}

void floe_thrift_w_elem_string(struct floe_thrift_w *w, const char *s)
{
	floe_thrift_w_elem_binary(w, s, strlen(s));
}

void floe_thrift_w_elem_struct(struct floe_thrift_w *w)
{
	push(w);
}

/* ---------------------------------------------------------------- decoder */

void floe_thrift_r_init(struct floe_thrift_r *r, struct floe_rd *rd)
{
	r->rd = rd;
	r->depth = 1;
	r->last[0] = 0;
	r->last[1] = 0;
}

static int trunc_err(struct floe_thrift_r *r, struct floe_err *err)
{
	return floe_err_set(err, "thrift metadata truncated at offset %zu: the file is damaged or not parquet",
			    r->rd->pos);
}

static int rd_varint(struct floe_thrift_r *r, uint64_t *v, struct floe_err *err)
{
	if (floe_rd_uvarint(r->rd, v) < 0)
		return floe_err_set(err, "thrift metadata: bad or truncated varint at offset %zu", r->rd->pos);
	return 0;
}

int floe_thrift_r_field(struct floe_thrift_r *r, int16_t *id, enum floe_tt *type, struct floe_err *err)
{
	uint8_t b;
	unsigned t, delta;

	if (r->depth <= 0)
		return floe_err_set(err, "thrift metadata: field read outside a struct");
	if (floe_rd_u8(r->rd, &b) < 0)
		return trunc_err(r, err);
	t = b & 0x0Fu;
	delta = b >> 4;
	if (t == FLOE_TT_STOP) {
		if (delta != 0)
			return floe_err_set(err, "thrift metadata: bad stop byte '0x%02x' at offset %zu", b,
					    r->rd->pos - 1);
		*type = FLOE_TT_STOP;
		*id = 0;
		r->depth--;
		return 0;
	}
	if (t > FLOE_TT_UUID)
		return floe_err_set(err, "thrift metadata: unknown type code '%u' at offset %zu", t,
				    r->rd->pos - 1);
	if (delta != 0) {
		*id = (int16_t)(r->last[r->depth] + (int)delta);
	} else {
		int16_t v = 0;
		if (floe_thrift_r_i16(r, &v, err) < 0)
			return -1;
		*id = v;
	}
	r->last[r->depth] = *id;
	*type = (enum floe_tt)t;
	return 0;
}

int floe_thrift_r_i8(struct floe_thrift_r *r, int8_t *v, struct floe_err *err)
{
	uint8_t b;

	if (floe_rd_u8(r->rd, &b) < 0)
		return trunc_err(r, err);
	*v = (int8_t)b;
	return 0;
}

int floe_thrift_r_i16(struct floe_thrift_r *r, int16_t *v, struct floe_err *err)
{
	int64_t x;

	if (floe_thrift_r_i64(r, &x, err) < 0)
		return -1;
	if (x < INT16_MIN || x > INT16_MAX)
		return floe_err_set(err, "thrift metadata: i16 value '%lld' out of range", (long long)x);
	*v = (int16_t)x;
	return 0;
}

int floe_thrift_r_i32(struct floe_thrift_r *r, int32_t *v, struct floe_err *err)
{
	int64_t x;

	if (floe_thrift_r_i64(r, &x, err) < 0)
		return -1;
	if (x < INT32_MIN || x > INT32_MAX)
		return floe_err_set(err, "thrift metadata: i32 value '%lld' out of range", (long long)x);
	*v = (int32_t)x;
	return 0;
}

int floe_thrift_r_i64(struct floe_thrift_r *r, int64_t *v, struct floe_err *err)
{
	uint64_t u;

	if (rd_varint(r, &u, err) < 0)
		return -1;
	*v = floe_unzigzag64(u);
	return 0;
}

int floe_thrift_r_double(struct floe_thrift_r *r, double *v, struct floe_err *err)
{
	uint64_t u;

	if (floe_rd_u64le(r->rd, &u) < 0)
		return trunc_err(r, err);
	memcpy(v, &u, sizeof(*v));
	return 0;
}

int floe_thrift_r_binary(struct floe_thrift_r *r, const uint8_t **p, uint32_t *n, struct floe_err *err)
{
	uint64_t len;

	if (rd_varint(r, &len, err) < 0)
		return -1;
	if (len > floe_rd_left(r->rd))
		return floe_err_set(err, "thrift metadata: binary length '%llu' at offset %zu exceeds the %zu bytes left",
				    (unsigned long long)len, r->rd->pos, floe_rd_left(r->rd));
	if (floe_rd_bytes(r->rd, (size_t)len, p) < 0)
		return trunc_err(r, err);
	*n = (uint32_t)len;
	return 0;
}

int floe_thrift_r_struct_begin(struct floe_thrift_r *r, struct floe_err *err)
{
	if (r->depth >= FLOE_THRIFT_MAX_DEPTH)
		return floe_err_set(err, "thrift metadata: structs nested deeper than %d at offset %zu",
				    FLOE_THRIFT_MAX_DEPTH, r->rd->pos);
	r->depth++;
	r->last[r->depth] = 0;
	return 0;
}

int floe_thrift_r_list(struct floe_thrift_r *r, enum floe_tt *elem, uint32_t *size, struct floe_err *err)
{
	uint8_t b;
	uint64_t n;
	unsigned t;

	if (floe_rd_u8(r->rd, &b) < 0)
		return trunc_err(r, err);
	t = b & 0x0Fu;
	n = b >> 4;
	if (n == 15 && rd_varint(r, &n, err) < 0)
		return -1;
	if (t == FLOE_TT_STOP || t > FLOE_TT_UUID)
		return floe_err_set(err, "thrift metadata: bad list element type '%u' at offset %zu", t,
				    r->rd->pos);
	if (n > floe_rd_left(r->rd))
		return floe_err_set(err, "thrift metadata: list size '%llu' at offset %zu exceeds the %zu bytes left",
				    (unsigned long long)n, r->rd->pos, floe_rd_left(r->rd));
	*elem = (enum floe_tt)t;
	*size = (uint32_t)n;
	return 0;
}

int floe_thrift_r_elem_bool(struct floe_thrift_r *r, bool *v, struct floe_err *err)
{
	uint8_t b;

	if (floe_rd_u8(r->rd, &b) < 0)
		return trunc_err(r, err);
	*v = b == 1;
	return 0;
}

static int skip_n(struct floe_thrift_r *r, size_t n, struct floe_err *err)
{
	if (floe_rd_skip(r->rd, n) < 0)
		return trunc_err(r, err);
	return 0;
}

static int skip_value(struct floe_thrift_r *r, enum floe_tt type, bool in_list, int depth, struct floe_err *err)
{
	uint64_t u;
	const uint8_t *p;
	uint32_t n, i;
	enum floe_tt et;

	if (depth > FLOE_THRIFT_MAX_DEPTH)
		return floe_err_set(err, "thrift metadata: values nested deeper than %d at offset %zu",
				    FLOE_THRIFT_MAX_DEPTH, r->rd->pos);
	switch (type) {
	case FLOE_TT_TRUE:
	case FLOE_TT_FALSE:
		return in_list ? skip_n(r, 1, err) : 0;
	case FLOE_TT_I8:
		return skip_n(r, 1, err);
	case FLOE_TT_I16:
	case FLOE_TT_I32:
	case FLOE_TT_I64:
		return rd_varint(r, &u, err);
	case FLOE_TT_DOUBLE:
		return skip_n(r, 8, err);
	case FLOE_TT_BINARY:
		return floe_thrift_r_binary(r, &p, &n, err);
	case FLOE_TT_UUID:
		return skip_n(r, 16, err);
	case FLOE_TT_LIST:
	case FLOE_TT_SET:
		if (floe_thrift_r_list(r, &et, &n, err) < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (skip_value(r, et, true, depth + 1, err) < 0)
				return -1;
		return 0;
	case FLOE_TT_MAP: {
		uint8_t kv;
		enum floe_tt kt, vt;
		if (rd_varint(r, &u, err) < 0)
			return -1;
		if (u == 0)
			return 0;
		if (u > floe_rd_left(r->rd))
			return floe_err_set(err, "thrift metadata: map size '%llu' at offset %zu exceeds the bytes left",
					    (unsigned long long)u, r->rd->pos);
		if (floe_rd_u8(r->rd, &kv) < 0)
			return trunc_err(r, err);
		kt = (enum floe_tt)(kv >> 4);
		vt = (enum floe_tt)(kv & 0x0F);
		if (kt == FLOE_TT_STOP || kt > FLOE_TT_UUID || vt == FLOE_TT_STOP || vt > FLOE_TT_UUID)
			return floe_err_set(err, "thrift metadata: bad map types '0x%02x' at offset %zu", kv,
					    r->rd->pos - 1);
		for (u = u * 2; u > 0; u--)
			if (skip_value(r, (u & 1) ? vt : kt, true, depth + 1, err) < 0)
				return -1;
		return 0;
	}
	case FLOE_TT_STRUCT:
		if (floe_thrift_r_struct_begin(r, err) < 0)
			return -1;
		return floe_thrift_r_skip_rest(r, err);
	case FLOE_TT_STOP:
	default:
		return floe_err_set(err, "thrift metadata: cannot skip type code '%d' at offset %zu", (int)type,
				    r->rd->pos);
	}
}

int floe_thrift_r_skip(struct floe_thrift_r *r, enum floe_tt type, struct floe_err *err)
{
	return skip_value(r, type, false, r->depth, err);
}

int floe_thrift_r_skip_rest(struct floe_thrift_r *r, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t = FLOE_TT_STOP;

	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) < 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		if (skip_value(r, t, false, r->depth, err) < 0)
			return -1;
	}
}

int floe_thrift_r_skip_elem(struct floe_thrift_r *r, enum floe_tt type, struct floe_err *err)
{
	return skip_value(r, type, true, r->depth, err);
}
