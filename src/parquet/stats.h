/*
 * stats.h — column statistics accumulator for Parquet chunks and Iceberg metrics.
 *
 * An accumulator keeps min/max under the type's sort order (signed integers,
 * decimals by numeric value, unsigned bytes for strings/binary/uuid/fixed,
 * floats without NaN) plus NaN counts. It renders them as Parquet
 * Statistics values (PLAIN without length prefix, -0.0/+0.0 for zero float
 * bounds) and as Iceberg single-value bounds (truncated strings/binary with the
 * upper bound rounded up). Null and value counting is the caller's.
 */
#ifndef FLOE_PARQUET_STATS_H
#define FLOE_PARQUET_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/value.h"

struct floe_pq_acc {
	struct floe_type t;      /* primitive type */
	bool has;                /* at least one non-null, non-NaN value */
	bool lost;               /* a bytes bound could not be stored (out of memory): no bounds */
	int64_t nans;
	union {
		bool b;
		int32_t i32;
		int64_t i64;
		float f32;
		double f64;
		floe_i128 dec;
	} min, max;
	struct floe_buf min_bytes, max_bytes; /* byte types */
};

void floe_pq_acc_init(struct floe_pq_acc *s, const struct floe_type *t);
void floe_pq_acc_release(struct floe_pq_acc *s);
/* Forgets every value (keeps the type and allocations). */
void floe_pq_acc_reset(struct floe_pq_acc *s);
/* Adds a non-null value. */
void floe_pq_acc_add(struct floe_pq_acc *s, const struct floe_value *v);
/* Adds everything src saw (same type). */
void floe_pq_acc_merge(struct floe_pq_acc *dst, const struct floe_pq_acc *src);

/* Parquet min_value/max_value bytes (appended). False when there are none to write.
 * Byte values longer than `max_len` are not written (false). */
bool floe_pq_acc_parquet(const struct floe_pq_acc *s, size_t max_len, struct floe_buf *min,
			   struct floe_buf *max);

/* Iceberg lower/upper bound (appended); false when absent. `truncate` = code points
 * for strings, bytes for binary (0 = no truncation). */
bool floe_pq_acc_iceberg_lower(const struct floe_pq_acc *s, uint32_t truncate, struct floe_buf *out);
bool floe_pq_acc_iceberg_upper(const struct floe_pq_acc *s, uint32_t truncate, struct floe_buf *out);

/* Bytes of a FIXED_LEN_BYTE_ARRAY decimal of this precision (1..38). */
int floe_pq_decimal_bytes(int precision);
/* Big-endian two's complement of v in exactly n bytes (1..16). */
void floe_pq_decimal_be(floe_i128 v, int n, uint8_t *out);
/* Iceberg: minimal big-endian two's complement (1..16 bytes), returns the length. */
int floe_pq_decimal_minimal(floe_i128 v, uint8_t out[16]);

/* UTF-8 helpers for bound truncation (exposed for tests). Return the new length,
 * or -1 when no upper bound exists. */
long floe_utf8_truncate_lower(const uint8_t *p, size_t n, uint32_t chars);
long floe_utf8_truncate_upper(const uint8_t *p, size_t n, uint32_t chars, uint8_t *out);
long floe_bin_truncate_upper(const uint8_t *p, size_t n, uint32_t bytes, uint8_t *out);

#endif
