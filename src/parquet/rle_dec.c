/*
 * rle_dec.c — RLE / bit-packing hybrid decoder and the legacy BIT_PACKED
 * decoder (see rle_dec.h and parquet-format Encodings.md). Streams one run at
 * a time; a short final bit-packed run (some writers drop the zero padding) is
 * accepted as long as every value asked for lies inside the bytes present.
 */
#include "parquet/rle_dec.h"

#include <string.h>

int floe_rle_dec_init(struct floe_rle_dec *d, const uint8_t *p, size_t len, unsigned width,
		      struct floe_err *err)
{
	memset(d, 0, sizeof(*d));
	if (width > 32)
		return floe_err_set(err, "rle: bit width '%u' is over 32", width);
	d->p = p;
	d->len = len;
	d->width = width;
	return 0;
}

int floe_rle_dec_init_bitpacked(struct floe_rle_dec *d, const uint8_t *p, size_t len, unsigned width,
				struct floe_err *err)
{
	if (floe_rle_dec_init(d, p, len, width, err) != 0)
		return -1;
	d->legacy_bp = true;
	d->pos = len;
	d->bp_bit = 0;
	if (width == 0)
		d->bp_left = UINT32_MAX;
	else
		d->bp_left = (uint32_t)((uint64_t)len * 8 / width > UINT32_MAX ? UINT32_MAX
										    : (uint64_t)len * 8 / width);
	return 0;
}

unsigned floe_rle_bit_width(uint32_t max_value)
{
	unsigned w = 0;

	while (w < 32 && (max_value >> w) != 0)
		w++;
	return w;
}

size_t floe_rle_dec_consumed(const struct floe_rle_dec *d)
{
	return d->pos;
}

/* Loads up to 8 bytes little-endian starting at byte i, zero beyond the end. */
static uint64_t load_le(const uint8_t *p, size_t len, size_t i)
{
	uint64_t v = 0;
	size_t k, n;

	if (i + 8 <= len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(&v, p + i, 8); /* one load on little-endian hosts */
#else
		for (k = 0; k < 8; k++)
			v |= (uint64_t)p[i + k] << (8 * k);
#endif
		return v;
	}
	n = i < len ? len - i : 0;
	for (k = 0; k < n; k++)
		v |= (uint64_t)p[i + k] << (8 * k);
	return v;
}

static uint64_t load_be(const uint8_t *p, size_t len, size_t i)
{
	uint64_t v = 0;
	size_t k;

	for (k = 0; k < 8; k++)
		v = v << 8 | (i + k < len ? p[i + k] : 0u);
	return v;
}

/* Reads the next run header; fails at the end of the stream. */
static int next_run(struct floe_rle_dec *d, struct floe_err *err)
{
	uint64_t h = 0;
	unsigned shift = 0;
	size_t start = d->pos;

	for (;;) {
		uint8_t b;
		if (d->pos >= d->len)
			return floe_err_set(err, "rle: run header at offset %zu: truncated", start);
		b = d->p[d->pos++];
		if (shift == 63 && b > 1)
			return floe_err_set(err, "rle: run header at offset %zu: varint overflows 64 bits", start);
		h |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
		if (shift > 63)
			return floe_err_set(err, "rle: run header at offset %zu: varint longer than 10 bytes",
					    start);
	}
	if (h & 1) {
		uint64_t groups = h >> 1;
		uint64_t bytes = groups * d->width;
		uint64_t avail = d->len - d->pos;
		uint64_t count = groups * 8;

		if (groups > (UINT32_MAX / 8))
			return floe_err_set(err, "rle: bit-packed run at offset %zu: '%llu' groups is too many",
					    start, (unsigned long long)groups);
		if (bytes > avail) {
			/* short final run: only the values wholly present are readable */
			count = avail * 8 / d->width;
			bytes = avail;
		}
		d->bp_left = (uint32_t)count;
		d->bp_bit = (uint64_t)d->pos * 8;
		d->pos += (size_t)bytes;
	} else {
		uint64_t count = h >> 1;
		unsigned nb = (d->width + 7) / 8, k;
		uint32_t v = 0;

		if (count > UINT32_MAX)
			return floe_err_set(err, "rle: rle run at offset %zu: count '%llu' is too large", start,
					    (unsigned long long)count);
		if (d->len - d->pos < nb)
			return floe_err_set(err, "rle: rle run at offset %zu: value truncated", start);
		for (k = 0; k < nb; k++)
			v |= (uint32_t)d->p[d->pos + k] << (8 * k);
		d->pos += nb;
		d->rle_left = (uint32_t)count;
		d->rle_value = v;
	}
	return 0;
}

int floe_rle_dec_get(struct floe_rle_dec *d, uint32_t *out, size_t n, struct floe_err *err)
{
	const uint64_t mask = d->width == 32 ? 0xffffffffu : ((uint64_t)1 << d->width) - 1;
	size_t i = 0;

	while (i < n) {
		if (d->rle_left) {
			size_t k = n - i < d->rle_left ? n - i : d->rle_left;
			size_t j;
			for (j = 0; j < k; j++)
				out[i + j] = d->rle_value;
			i += k;
			d->rle_left -= (uint32_t)k;
			continue;
		}
		if (d->bp_left) {
			size_t k = n - i < d->bp_left ? n - i : d->bp_left;
			size_t j;
			if (d->width == 0) {
				memset(out + i, 0, k * sizeof(*out));
			} else if (d->legacy_bp) {
				for (j = 0; j < k; j++) {
					uint64_t b = d->bp_bit + (uint64_t)j * d->width;
					uint64_t w = load_be(d->p, d->len, (size_t)(b >> 3));
					out[i + j] = (uint32_t)((w << (b & 7)) >> (64 - d->width));
				}
			} else {
				uint64_t b = d->bp_bit;
				for (j = 0; j < k; j++, b += d->width) {
					uint64_t w = load_le(d->p, d->len, (size_t)(b >> 3));
					out[i + j] = (uint32_t)((w >> (b & 7)) & mask);
				}
			}
			d->bp_bit += (uint64_t)k * d->width;
			d->bp_left -= (uint32_t)k;
			i += k;
			continue;
		}
		if (d->legacy_bp)
			return floe_err_set(err, "bit-packed levels: truncated after %zu bytes", d->len);
		if (next_run(d, err) != 0)
			return -1;
	}
	return 0;
}
