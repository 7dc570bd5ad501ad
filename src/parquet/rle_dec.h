/*
 * rle_dec.h — decoder for Parquet's RLE / bit-packing hybrid encoding (used for
 * repetition and definition levels, dictionary indices and RLE booleans) and
 * for the legacy BIT_PACKED level encoding (MSB-first, no run headers).
 *
 * The decoder streams: it keeps one run at a time and never allocates, so a
 * run header claiming 2^31 values costs nothing until values are asked for.
 * It reads borrowed bytes only; a length prefix (v1 levels, RLE booleans) is
 * the caller's business. Errors name the byte offset within the stream.
 */
#ifndef FLOE_PARQUET_RLE_DEC_H
#define FLOE_PARQUET_RLE_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct floe_rle_dec {
	const uint8_t *p;
	size_t len;
	size_t pos;          /* next run header */
	unsigned width;      /* 0..32 bits */
	bool legacy_bp;      /* BIT_PACKED (4): MSB-first, one endless run */
	uint32_t rle_left;   /* values left in the current RLE run */
	uint32_t rle_value;
	uint32_t bp_left;    /* values left in the current bit-packed run */
	uint64_t bp_bit;     /* absolute bit position of the next packed value */
};

/* Hybrid stream of `len` bytes with values of `width` bits (0..32). */
int floe_rle_dec_init(struct floe_rle_dec *d, const uint8_t *p, size_t len, unsigned width,
		      struct floe_err *err);
/* Legacy BIT_PACKED stream (width 0..32). */
int floe_rle_dec_init_bitpacked(struct floe_rle_dec *d, const uint8_t *p, size_t len, unsigned width,
				struct floe_err *err);
/* Decodes exactly n values into out; fails ("... truncated") when the stream ends first. */
int floe_rle_dec_get(struct floe_rle_dec *d, uint32_t *out, size_t n, struct floe_err *err);
/* Bytes of the stream consumed so far (through the end of the current run). */
size_t floe_rle_dec_consumed(const struct floe_rle_dec *d);
/* Bit width needed to store values 0..max_value (0 for 0). */
unsigned floe_rle_bit_width(uint32_t max_value);

#endif
