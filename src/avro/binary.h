/*
 * binary.h — Avro 1.11 binary encoding of primitive values.
 *
 * Writers append to a struct floe_buf (sticky failure, checked by the owner);
 * readers take a bounds-checked struct floe_rd and fill err with what was
 * being read and the offset in the cursor. Covers zigzag varint int/long,
 * float/double (little-endian IEEE), bytes/string (long length + bytes) and
 * boolean. Schemas, complex types and files are elsewhere (schema.h,
 * value.h, container.h).
 */
#ifndef FLOE_AVRO_BINARY_H
#define FLOE_AVRO_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/rd.h"

static inline uint64_t floe_avro_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (0 - ((uint64_t)v >> 63));
}

static inline int64_t floe_avro_unzigzag(uint64_t u)
{
	/* (u >> 1) fits in int64_t; odd values are negative */
	return (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
}

void floe_avro_put_long(struct floe_buf *b, int64_t v);
void floe_avro_put_int(struct floe_buf *b, int32_t v);
void floe_avro_put_bool(struct floe_buf *b, bool v);
void floe_avro_put_float(struct floe_buf *b, float v);
void floe_avro_put_double(struct floe_buf *b, double v);
void floe_avro_put_bytes(struct floe_buf *b, const void *p, size_t n);
/* A NUL-terminated string as Avro string (length + UTF-8 bytes). */
void floe_avro_put_string(struct floe_buf *b, const char *s);

/* Each returns 0, or -1 with "<what> at offset N: ..." in err. */
int floe_avro_get_long(struct floe_rd *r, int64_t *v, struct floe_err *err);
int floe_avro_get_int(struct floe_rd *r, int32_t *v, struct floe_err *err);
int floe_avro_get_bool(struct floe_rd *r, bool *v, struct floe_err *err);
int floe_avro_get_float(struct floe_rd *r, float *v, struct floe_err *err);
int floe_avro_get_double(struct floe_rd *r, double *v, struct floe_err *err);
/* Borrows the bytes of a bytes/string value from the cursor's memory. */
int floe_avro_get_bytes(struct floe_rd *r, const uint8_t **p, size_t *n, struct floe_err *err);
/* Reads a block count of an array or map: a negative count means a byte size
 * follows (read and checked against the bytes left, then ignored). *count gets
 * the absolute value; 0 ends the array/map. */
int floe_avro_get_block_count(struct floe_rd *r, uint64_t *count, struct floe_err *err);

#endif
