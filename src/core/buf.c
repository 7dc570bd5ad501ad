/*
 * buf.c — growable byte buffer with a sticky failure flag (see buf.h).
 * Growth doubles the capacity; a limit turns oversize writes into failure.
 */
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t floe_buf_empty_[1];

void floe_buf_init(struct floe_buf *b)
{
	b->data = floe_buf_empty_;
	b->len = 0;
	b->cap = 0;
	b->limit = 0;
	b->failed = false;
}

void floe_buf_release(struct floe_buf *b)
{
	if (b->cap)
		free(b->data);
	floe_buf_init(b);
}

void floe_buf_reset(struct floe_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->cap)
		b->data[0] = 0;
}

bool floe_buf_reserve(struct floe_buf *b, size_t extra)
{
	size_t need, ncap;
	uint8_t *nd;

	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	need = b->len + extra + 1; /* room for a terminating NUL */
	if (b->limit && need - 1 > b->limit) {
		b->failed = true;
		return false;
	}
	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	nd = b->cap ? realloc(b->data, ncap) : malloc(ncap);
	if (!nd) {
		b->failed = true;
		return false;
	}
	b->data = nd;
	b->cap = ncap;
	return true;
}

void floe_buf_append(struct floe_buf *b, const void *p, size_t n)
{
	if (n == 0 || !floe_buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void floe_buf_putc(struct floe_buf *b, uint8_t c)
{
	if (b->len + 1 < b->cap && !b->failed && (!b->limit || b->len < b->limit)) {
		b->data[b->len++] = c;
		return;
	}
	floe_buf_append(b, &c, 1);
}

void floe_buf_puts(struct floe_buf *b, const char *s)
{
	floe_buf_append(b, s, strlen(s));
}

void floe_buf_printf(struct floe_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		floe_buf_append(b, small, (size_t)n);
		return;
	}
	if (!floe_buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void floe_buf_fill(struct floe_buf *b, uint8_t c, size_t n)
{
	if (n == 0 || !floe_buf_reserve(b, n))
		return;
	memset(b->data + b->len, c, n);
	b->len += n;
}

char *floe_buf_cstr(struct floe_buf *b)
{
	if (b->cap == 0 && !floe_buf_reserve(b, 0))
		return (char *)floe_buf_empty_;
	if (b->cap > b->len)
		b->data[b->len] = 0;
	return (char *)b->data;
}

char *floe_buf_detach(struct floe_buf *b, size_t *len)
{
	char *p;

	if (b->failed) {
		floe_buf_release(b);
		return NULL;
	}
	if (b->cap == 0 && !floe_buf_reserve(b, 0)) {
		floe_buf_release(b);
		return NULL;
	}
	b->data[b->len] = 0;
	p = (char *)b->data;
	if (len)
		*len = b->len;
	floe_buf_init(b);
	return p;
}

void floe_buf_put_u16be(struct floe_buf *b, uint16_t v)
{
	uint8_t t[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	floe_buf_append(b, t, 2);
}

void floe_buf_put_u32be(struct floe_buf *b, uint32_t v)
{
	uint8_t t[4];
	floe_store_u32be(t, v);
	floe_buf_append(b, t, 4);
}

void floe_buf_put_u64be(struct floe_buf *b, uint64_t v)
{
	uint8_t t[8];
	floe_store_u64be(t, v);
	floe_buf_append(b, t, 8);
}

void floe_buf_put_u16le(struct floe_buf *b, uint16_t v)
{
	uint8_t t[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	floe_buf_append(b, t, 2);
}

void floe_buf_put_u32le(struct floe_buf *b, uint32_t v)
{
	uint8_t t[4];
	floe_store_u32le(t, v);
	floe_buf_append(b, t, 4);
}

void floe_buf_put_u64le(struct floe_buf *b, uint64_t v)
{
	uint8_t t[8];
	floe_store_u64le(t, v);
	floe_buf_append(b, t, 8);
}

void floe_buf_put_uvarint(struct floe_buf *b, uint64_t v)
{
	uint8_t t[10];
	size_t n = 0;

	while (v >= 0x80) {
		t[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	t[n++] = (uint8_t)v;
	floe_buf_append(b, t, n);
}

int floe_buf_check(const struct floe_buf *b, struct floe_err *err)
{
	if (!b->failed)
		return 0;
	if (b->limit)
		return floe_err_set(err, "buffer grew past its limit of %zu bytes or memory ran out", b->limit);
	return floe_err_set(err, "out of memory while growing a buffer of %zu bytes", b->len);
}
