/*
 * buf.h — growable byte buffer whose failure sticks until checked.
 *
 * Appends never return errors: when growth fails or would pass `limit`, the
 * buffer sets `failed` and ignores further writes; the owner calls
 * floe_buf_check() once at the end. `data` is never NULL (an empty buffer points
 * at a static zero byte). Does not do I/O; see storage/ for sinks.
 */
#ifndef FLOE_CORE_BUF_H
#define FLOE_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct floe_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t limit;   /* 0 = no limit */
	bool failed;
};

#define FLOE_BUF_INIT { floe_buf_empty_, 0, 0, 0, false }
extern uint8_t floe_buf_empty_[1];

void floe_buf_init(struct floe_buf *b);
void floe_buf_release(struct floe_buf *b);
/* Keeps the allocation, forgets the contents and any failure. */
void floe_buf_reset(struct floe_buf *b);
/* Makes room for `extra` more bytes; returns false (and sets failed) if impossible. */
bool floe_buf_reserve(struct floe_buf *b, size_t extra);
void floe_buf_append(struct floe_buf *b, const void *p, size_t n);
void floe_buf_putc(struct floe_buf *b, uint8_t c);
void floe_buf_puts(struct floe_buf *b, const char *s);
void floe_buf_printf(struct floe_buf *b, const char *fmt, ...) FLOE_PRINTF(2, 3);
void floe_buf_fill(struct floe_buf *b, uint8_t c, size_t n);
/* NUL-terminates without counting the NUL in len; returns data as char *. */
char *floe_buf_cstr(struct floe_buf *b);
/* Detaches the data (malloc'd, NUL-terminated); the buffer becomes empty. NULL if failed. */
char *floe_buf_detach(struct floe_buf *b, size_t *len);

void floe_buf_put_u16be(struct floe_buf *b, uint16_t v);
void floe_buf_put_u32be(struct floe_buf *b, uint32_t v);
void floe_buf_put_u64be(struct floe_buf *b, uint64_t v);
void floe_buf_put_u16le(struct floe_buf *b, uint16_t v);
void floe_buf_put_u32le(struct floe_buf *b, uint32_t v);
void floe_buf_put_u64le(struct floe_buf *b, uint64_t v);
/* Unsigned LEB128 varint (Thrift compact, Avro after zigzag). */
void floe_buf_put_uvarint(struct floe_buf *b, uint64_t v);

/* Returns 0, or -1 with "out of memory ..." in err if any write failed. */
int floe_buf_check(const struct floe_buf *b, struct floe_err *err);

/* Direct little/big-endian stores into memory. */
static inline void floe_store_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void floe_store_u64le(uint8_t *p, uint64_t v)
{
	floe_store_u32le(p, (uint32_t)v);
	floe_store_u32le(p + 4, (uint32_t)(v >> 32));
}
static inline void floe_store_u32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void floe_store_u64be(uint8_t *p, uint64_t v)
{
	floe_store_u32be(p, (uint32_t)(v >> 32));
	floe_store_u32be(p + 4, (uint32_t)v);
}
static inline uint32_t floe_load_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t floe_load_u64le(const uint8_t *p)
{
	return (uint64_t)floe_load_u32le(p) | (uint64_t)floe_load_u32le(p + 4) << 32;
}
static inline uint16_t floe_load_u16be(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | (uint16_t)p[1]);
}
static inline uint32_t floe_load_u32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}
static inline uint64_t floe_load_u64be(const uint8_t *p)
{
	return (uint64_t)floe_load_u32be(p) << 32 | (uint64_t)floe_load_u32be(p + 4);
}

#endif
