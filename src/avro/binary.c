/*
 * binary.c — Avro primitive encoders and bounds-checked decoders (see binary.h).
 */
#include "avro/binary.h"

#include <string.h>

void floe_avro_put_long(struct floe_buf *b, int64_t v)
{
	floe_buf_put_uvarint(b, floe_avro_zigzag(v));
}

void floe_avro_put_int(struct floe_buf *b, int32_t v)
{
	floe_buf_put_uvarint(b, floe_avro_zigzag(v));
}

void floe_avro_put_bool(struct floe_buf *b, bool v)
{
	floe_buf_putc(b, v ? 1 : 0);
}

void floe_avro_put_float(struct floe_buf *b, float v)
{
	uint32_t u;

	memcpy(&u, &v, sizeof(u));
	floe_buf_put_u32le(b, u);
}

void floe_avro_put_double(struct floe_buf *b, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	floe_buf_put_u64le(b, u);
}

void floe_avro_put_bytes(struct floe_buf *b, const void *p, size_t n)
{
	floe_avro_put_long(b, (int64_t)n);
	floe_buf_append(b, p, n);
}

void floe_avro_put_string(struct floe_buf *b, const char *s)
{
	floe_avro_put_bytes(b, s, strlen(s));
}

int floe_avro_get_long(struct floe_rd *r, int64_t *v, struct floe_err *err)
{
	uint64_t u = 0;
	size_t pos = r->pos;
	unsigned shift = 0;

	for (;;) {
		uint8_t c;

		if (pos >= r->len) {
			r->short_read = true;
			return floe_err_set(err, "avro long at offset %zu: truncated (the data ends inside a varint)",
					    r->pos);
		}
		c = r->p[pos++];
		if (shift == 63 && (c & 0xfe))
			return floe_err_set(err, "avro long at offset %zu: varint does not fit in 64 bits", r->pos);
		u |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
		shift += 7;
		if (shift > 63)
			return floe_err_set(err, "avro long at offset %zu: varint longer than 10 bytes", r->pos);
	}
	r->pos = pos;
	*v = floe_avro_unzigzag(u);
	return 0;
}

int floe_avro_get_int(struct floe_rd *r, int32_t *v, struct floe_err *err)
{
	size_t at = r->pos;
	int64_t l = 0;

	if (floe_avro_get_long(r, &l, err))
		return -1;
	if (l < INT32_MIN || l > INT32_MAX) {
		r->pos = at;
		return floe_err_set(err, "avro int at offset %zu: value '%lld' does not fit in 32 bits", at,
				    (long long)l);
	}
	*v = (int32_t)l;
	return 0;
}

int floe_avro_get_bool(struct floe_rd *r, bool *v, struct floe_err *err)
{
	uint8_t c;

	if (floe_rd_u8(r, &c))
		return floe_err_set(err, "avro boolean at offset %zu: truncated", r->pos);
	if (c > 1) {
		r->pos--;
		return floe_err_set(err, "avro boolean at offset %zu: byte '%u' is neither 0 nor 1", r->pos, c);
	}
	*v = c == 1;
	return 0;
}

int floe_avro_get_float(struct floe_rd *r, float *v, struct floe_err *err)
{
	uint32_t u;

	if (floe_rd_u32le(r, &u))
		return floe_err_set(err, "avro float at offset %zu: truncated (need 4 bytes)", r->pos);
	memcpy(v, &u, sizeof(*v));
	return 0;
}

int floe_avro_get_double(struct floe_rd *r, double *v, struct floe_err *err)
{
	uint64_t u;

	if (floe_rd_u64le(r, &u))
		return floe_err_set(err, "avro double at offset %zu: truncated (need 8 bytes)", r->pos);
	memcpy(v, &u, sizeof(*v));
	return 0;
}

int floe_avro_get_bytes(struct floe_rd *r, const uint8_t **p, size_t *n, struct floe_err *err)
{
	size_t at = r->pos;
	int64_t l;

	if (floe_avro_get_long(r, &l, err))
		return -1;
	if (l < 0) {
		r->pos = at;
		return floe_err_set(err, "avro bytes at offset %zu: negative length '%lld'", at, (long long)l);
	}
	if ((uint64_t)l > floe_rd_left(r)) {
		size_t left = floe_rd_left(r);
		r->pos = at;
		r->short_read = true;
		return floe_err_set(err, "avro bytes at offset %zu: length '%lld' is more than the %zu bytes left",
				    at, (long long)l, left);
	}
	*p = r->p + r->pos;
	*n = (size_t)l;
	r->pos += (size_t)l;
	return 0;
}

int floe_avro_get_block_count(struct floe_rd *r, uint64_t *count, struct floe_err *err)
{
	size_t at = r->pos;
	int64_t c, size;

	if (floe_avro_get_long(r, &c, err))
		return -1;
	if (c < 0) {
		if (c == INT64_MIN) {
			r->pos = at;
			return floe_err_set(err, "avro block count at offset %zu: '%lld' is out of range", at,
					    (long long)c);
		}
		if (floe_avro_get_long(r, &size, err))
			return -1;
		if (size < 0 || (uint64_t)size > floe_rd_left(r)) {
			r->pos = at;
			return floe_err_set(err,
					    "avro block at offset %zu: byte size '%lld' is negative or more than the %zu bytes left",
					    at, (long long)size, floe_rd_left(r));
		}
		*count = (uint64_t)(-c);
		return 0;
	}
	*count = (uint64_t)c;
	return 0;
}
