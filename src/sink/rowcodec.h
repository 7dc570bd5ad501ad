/*
 * rowcodec.h — a compact in-process encoding of a row (or of a key) of
 * struct floe_value, used by the sink to hold batch images and keys in one
 * byte store and in spill files.
 *
 * Per column: a tag byte (0 NULL, 1 value, 2 "unchanged TOAST value not sent
 * yet") and, for a value, its fixed-size payload in host byte order, or a
 * 32-bit length and the bytes, or for a list a 32-bit count and the items
 * (tag + payload each). The encoding of equal values is identical, so
 * encoded keys compare and hash as bytes. Decoding borrows the bytes (list
 * item arrays come from an arena). Not a file format: never leaves the
 * process except in its own temporary spill files.
 */
#ifndef FLOE_SINK_ROWCODEC_H
#define FLOE_SINK_ROWCODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/value.h"

#define FLOE_ROW_TAG_NULL 0
#define FLOE_ROW_TAG_VALUE 1
#define FLOE_ROW_TAG_UNCHANGED 2

/*
 * Appends the encoding of vals[cols[i]] (types fields[cols[i]]) for i < n, or
 * of vals[0..n) with fields[0..n) when cols is NULL. unchanged (may be NULL)
 * flags columns by the same index as vals: they get the UNCHANGED tag.
 * Failures stick in `out`.
 */
void floe_rowcodec_encode(struct floe_buf *out, const struct floe_field *fields, const int *cols, size_t n,
			  const struct floe_value *vals, const uint8_t *unchanged);

/*
 * Decodes n columns of types fields[0..n) into vals; unchanged (may be NULL)
 * gets 1 for UNCHANGED columns (whose value is NULL). Strings and binaries
 * borrow from p; list items come from `a`. Fails on malformed or short input.
 */
int floe_rowcodec_decode(const struct floe_field *fields, size_t n, const uint8_t *p, size_t len,
			 struct floe_value *vals, uint8_t *unchanged, struct floe_arena *a, struct floe_err *err);

/*
 * Appends to `out` the row `newer` with each UNCHANGED column taken from
 * `older` (which may itself be UNCHANGED there). *partial is set when the
 * result still has an UNCHANGED column.
 */
int floe_rowcodec_merge(const struct floe_field *fields, size_t n, const uint8_t *newer, size_t newer_len,
			const uint8_t *older, size_t older_len, struct floe_buf *out, bool *partial,
			struct floe_err *err);

/* True if the encoded row has an UNCHANGED column (-1 on malformed input). */
int floe_rowcodec_partial(const struct floe_field *fields, size_t n, const uint8_t *p, size_t len, bool *partial,
			  struct floe_err *err);

/* 64-bit hash of bytes (keys). */
uint64_t floe_rowcodec_hash(const uint8_t *p, size_t len);

#endif
