/*
 * rd.c — bounds-checked reads for struct floe_rd (see rd.h).
 */
#include "core/rd.h"

#include <string.h>

#include "core/buf.h"

int floe_rd_u8(struct floe_rd *r, uint8_t *v)
{
	if (!floe_rd_need(r, 1))
		return -1;
	*v = r->p[r->pos++];
	return 0;
}

int floe_rd_u16be(struct floe_rd *r, uint16_t *v)
{
	if (!floe_rd_need(r, 2))
		return -1;
	*v = floe_load_u16be(r->p + r->pos);
	r->pos += 2;
	return 0;
}

int floe_rd_u32be(struct floe_rd *r, uint32_t *v)
{
	if (!floe_rd_need(r, 4))
		return -1;
	*v = floe_load_u32be(r->p + r->pos);
	r->pos += 4;
	return 0;
}

int floe_rd_u64be(struct floe_rd *r, uint64_t *v)
{
	if (!floe_rd_need(r, 8))
		return -1;
	*v = floe_load_u64be(r->p + r->pos);
	r->pos += 8;
	return 0;
}

int floe_rd_i16be(struct floe_rd *r, int16_t *v)
{
	uint16_t u;
	if (floe_rd_u16be(r, &u))
		return -1;
	*v = (int16_t)u;
	return 0;
}

int floe_rd_i32be(struct floe_rd *r, int32_t *v)
{
	uint32_t u;
	if (floe_rd_u32be(r, &u))
		return -1;
	*v = (int32_t)u;
	return 0;
}

int floe_rd_i64be(struct floe_rd *r, int64_t *v)
{
	uint64_t u;
	if (floe_rd_u64be(r, &u))
		return -1;
	*v = (int64_t)u;
	return 0;
}

int floe_rd_u32le(struct floe_rd *r, uint32_t *v)
{
	if (!floe_rd_need(r, 4))
		return -1;
	*v = floe_load_u32le(r->p + r->pos);
	r->pos += 4;
	return 0;
}

int floe_rd_u64le(struct floe_rd *r, uint64_t *v)
{
	if (!floe_rd_need(r, 8))
		return -1;
	*v = floe_load_u64le(r->p + r->pos);
	r->pos += 8;
	return 0;
}

int floe_rd_uvarint(struct floe_rd *r, uint64_t *v)
{
	uint64_t out = 0;
	unsigned shift = 0;
	size_t pos = r->pos;

	for (;;) {
		uint8_t c;
		if (pos >= r->len) {
			r->short_read = true;
			return -1;
		}
		c = r->p[pos++];
		if (shift == 63 && (c & 0x7e)) {
			r->short_read = true;
			return -1;
		}
		out |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
		shift += 7;
		if (shift > 63) {
			r->short_read = true;
			return -1;
		}
	}
	r->pos = pos;
	*v = out;
	return 0;
}

int floe_rd_bytes(struct floe_rd *r, size_t n, const uint8_t **out)
{
	if (!floe_rd_need(r, n))
		return -1;
	*out = r->p + r->pos;
	r->pos += n;
	return 0;
}

int floe_rd_skip(struct floe_rd *r, size_t n)
{
	if (!floe_rd_need(r, n))
		return -1;
	r->pos += n;
	return 0;
}

int floe_rd_cstr(struct floe_rd *r, const char **s, size_t *len)
{
	const uint8_t *start = r->p + r->pos;
	const uint8_t *nul = memchr(start, 0, r->len - r->pos);

	if (!nul) {
		r->short_read = true;
		return -1;
	}
	*s = (const char *)start;
	if (len)
		*len = (size_t)(nul - start);
	r->pos += (size_t)(nul - start) + 1;
	return 0;
}

int floe_rd_fail(const struct floe_rd *r, struct floe_err *err, const char *what)
{
	return floe_err_set(err, "%s at offset %zu of %zu: truncated or malformed", what, r->pos, r->len);
}
