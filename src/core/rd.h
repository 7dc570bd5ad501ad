/*
 * rd.h — bounds-checked read cursor over borrowed bytes.
 *
 * Every read checks the bytes left first and returns -1 without moving when
 * they are too few; the cursor also remembers that it failed (`short_read`) so
 * a sequence of reads can be checked once. It never allocates and never owns
 * the bytes. Error text is the caller's job (it knows what it was reading);
 * floe_rd_fail() helps by naming the offset.
 */
#ifndef FLOE_CORE_RD_H
#define FLOE_CORE_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct floe_rd {
	const uint8_t *p;
	size_t len;
	size_t pos;
	bool short_read;
};

static inline void floe_rd_init(struct floe_rd *r, const void *p, size_t len)
{
	r->p = (const uint8_t *)p;
	r->len = len;
	r->pos = 0;
	r->short_read = false;
}

static inline size_t floe_rd_left(const struct floe_rd *r)
{
	return r->len - r->pos;
}

static inline bool floe_rd_need(struct floe_rd *r, size_t n)
{
	if (r->len - r->pos < n) {
		r->short_read = true;
		return false;
	}
	return true;
}

int floe_rd_u8(struct floe_rd *r, uint8_t *v);
int floe_rd_u16be(struct floe_rd *r, uint16_t *v);
int floe_rd_u32be(struct floe_rd *r, uint32_t *v);
int floe_rd_u64be(struct floe_rd *r, uint64_t *v);
int floe_rd_i16be(struct floe_rd *r, int16_t *v);
int floe_rd_i32be(struct floe_rd *r, int32_t *v);
int floe_rd_i64be(struct floe_rd *r, int64_t *v);
int floe_rd_u32le(struct floe_rd *r, uint32_t *v);
int floe_rd_u64le(struct floe_rd *r, uint64_t *v);
/* Unsigned LEB128; fails on more than 10 bytes or overflow. */
int floe_rd_uvarint(struct floe_rd *r, uint64_t *v);
/* Borrows n bytes. */
int floe_rd_bytes(struct floe_rd *r, size_t n, const uint8_t **out);
int floe_rd_skip(struct floe_rd *r, size_t n);
/* Borrows a NUL-terminated string (the NUL is consumed, not counted in *len). */
int floe_rd_cstr(struct floe_rd *r, const char **s, size_t *len);

/* Fills err with "<what> at offset N: truncated (need more bytes)" and returns -1. */
int floe_rd_fail(const struct floe_rd *r, struct floe_err *err, const char *what);

#endif
