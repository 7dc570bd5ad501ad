/*
 * rle_enc.c — RLE / bit-packing hybrid encoder (Encodings.md, "Run Length
 * Encoding / Bit-Packing Hybrid"). A run of >= 8 equal values is written as an
 * RLE run once the pending literals are a multiple of 8 (the run lends values
 * to complete the last group); the rest is bit-packed. Never decodes.
 */
#include "parquet/rle_enc.h"

#include <string.h>

#define RLE_MIN_RUN 8

int floe_bit_width(uint32_t max)
{
	int w = 0;

	while (max) {
		w++;
		max >>= 1;
	}
	return w;
}

void floe_bitpack_u32(struct floe_buf *out, const uint32_t *v, size_t n, int width)
{
	size_t nbytes = (n * (size_t)width + 7) / 8, i;
	uint64_t acc = 0;
	int bits = 0;
	uint8_t *p;

	if (!width || !n || !floe_buf_reserve(out, nbytes))
		return;
	p = out->data + out->len;
	for (i = 0; i < n; i++) {
		acc |= (uint64_t)v[i] << bits;
		bits += width;
		while (bits >= 8) {
			*p++ = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits > 0)
		*p++ = (uint8_t)acc;
	out->len += nbytes;
}

void floe_bitpack_bool(struct floe_buf *out, const uint8_t *v, size_t n)
{
	size_t nbytes = (n + 7) / 8, i;
	uint8_t *p;

	if (!n || !floe_buf_reserve(out, nbytes))
		return;
	p = out->data + out->len;
	memset(p, 0, nbytes);
	for (i = 0; i < n; i++)
		if (v[i])
			p[i >> 3] = (uint8_t)(p[i >> 3] | 1u << (i & 7));
	out->len += nbytes;
}

static void put_rle(struct floe_buf *out, uint32_t value, size_t count, int width)
{
	int nb = (width + 7) / 8, i;

	floe_buf_put_uvarint(out, (uint64_t)count << 1);
	for (i = 0; i < nb; i++)
		floe_buf_putc(out, (uint8_t)(value >> (8 * i)));
}

/* Bit-packed run of values [0, n); n is a multiple of 8 unless this is the last run. */
static void put_packed_u32(struct floe_buf *out, const uint32_t *v, size_t n, int width)
{
	size_t groups = (n + 7) / 8;
	uint32_t pad[8] = {0};

	floe_buf_put_uvarint(out, (uint64_t)groups << 1 | 1);
	floe_bitpack_u32(out, v, n / 8 * 8, width);
	if (n % 8) {
		memcpy(pad, v + n / 8 * 8, (n % 8) * sizeof(uint32_t));
		floe_bitpack_u32(out, pad, 8, width);
	}
}

void floe_rle_encode_u32(struct floe_buf *out, const uint32_t *v, size_t n, int width)
{
	size_t i = 0, lit = 0, j, run, pend, k;

	while (i < n) {
		for (j = i + 1; j < n && v[j] == v[i]; j++)
			;
		run = j - i;
		if (run < RLE_MIN_RUN) {
			i = j;
			continue;
		}
		pend = i - lit;
		k = pend % 8 ? 8 - pend % 8 : 0;
		if (pend + k > 0)
			put_packed_u32(out, v + lit, pend + k, width);
		if (run > k)
			put_rle(out, v[i], run - k, width);
		i = lit = j;
	}
	if (lit < n) {
		for (j = lit + 1; j < n && v[j] == v[lit]; j++)
			;
		if (j == n)
			put_rle(out, v[lit], n - lit, width);
		else
			put_packed_u32(out, v + lit, n - lit, width);
	}
}

void floe_rle_encode_u8(struct floe_buf *out, const uint8_t *v, size_t n, int width)
{
	uint32_t tmp[512];
	size_t i = 0, lit = 0, j, run, pend, k, m;

	/* The same algorithm as for u32, with literals widened in chunks. */
	while (i < n || lit < n) {
		if (i < n) {
			for (j = i + 1; j < n && v[j] == v[i]; j++)
				;
			run = j - i;
			if (run < RLE_MIN_RUN) {
				i = j;
				continue;
			}
		} else {
			for (j = lit + 1; j < n && v[j] == v[lit]; j++)
				;
			if (j == n) {
				put_rle(out, v[lit], n - lit, width);
				return;
			}
			run = 0;
			j = n;
		}
		pend = i - lit;
		k = (run && pend % 8) ? 8 - pend % 8 : 0;
		pend += k;
		if (pend > 0) {
			size_t groups = (pend + 7) / 8, done = 0;
			floe_buf_put_uvarint(out, (uint64_t)groups << 1 | 1);
			while (done < groups * 8) {
				m = groups * 8 - done;
				if (m > sizeof(tmp) / sizeof(tmp[0]))
					m = sizeof(tmp) / sizeof(tmp[0]);
				for (size_t x = 0; x < m; x++)
					tmp[x] = done + x < pend ? v[lit + done + x] : 0;
				floe_bitpack_u32(out, tmp, m, width);
				done += m;
			}
		}
		if (run > k)
			put_rle(out, v[i], run - k, width);
		i = lit = j;
	}
}
