/*
 * rle_enc.h — Parquet's RLE / bit-packing hybrid encoder and LSB-first bit packing.
 *
 * Used for definition/repetition levels (with the v1 4-byte length prefix added
 * by the caller) and dictionary indices. Runs of 8 or more equal values become
 * RLE runs; everything else is bit-packed in groups of 8, only the final group
 * padded. Width 0..32. Appends to a struct floe_buf (sticky failure). No decoding.
 */
#ifndef FLOE_PARQUET_RLE_ENC_H
#define FLOE_PARQUET_RLE_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Bits needed for values 0..max (0 for max 0). */
int floe_bit_width(uint32_t max);

/* Packs n values of `width` bits LSB-first into ceil(n*width/8) bytes appended to out. */
void floe_bitpack_u32(struct floe_buf *out, const uint32_t *v, size_t n, int width);
/* Booleans as PLAIN: 1 bit each, first value in bit 0. */
void floe_bitpack_bool(struct floe_buf *out, const uint8_t *v, size_t n);

/* Hybrid runs (no length prefix) of n values below 2^width. */
void floe_rle_encode_u32(struct floe_buf *out, const uint32_t *v, size_t n, int width);
void floe_rle_encode_u8(struct floe_buf *out, const uint8_t *v, size_t n, int width);

#endif
