/*
 * test_rle_enc.c — RLE / bit-packing hybrid encoder and bit packing (src/parquet/rle_enc.c).
 *
 * Exact bytes for small cases (the Encodings.md example 0..7 at width 3, RLE runs,
 * padding of the last group, width 0), and round trips through a small decoder
 * written here from the spec for every width 0..32 and for sequences that switch
 * between RLE and bit-packed runs at every offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parquet/rle_enc.h"

static void expect(const struct floe_buf *b, const uint8_t *want, size_t n)
{
	assert_false(b->failed);
	assert_int_equal(b->len, n);
	assert_memory_equal(b->data, want, n);
}

/* Spec decoder (test-only): returns values decoded, -1 on malformed input. */
static long decode(const uint8_t *p, size_t len, int width, uint32_t *out, size_t want)
{
	size_t pos = 0, n = 0;
	int nb = (width + 7) / 8;

	while (n < want) {
		uint64_t h = 0;
		int shift = 0;
		do {
			if (pos >= len)
				return -1;
			h |= (uint64_t)(p[pos] & 0x7F) << shift;
			shift += 7;
		} while (p[pos++] & 0x80);
		if (h & 1) {
			size_t count = (size_t)(h >> 1) * 8, i;
			uint64_t bitpos = 0;
			if (pos + (h >> 1) * (uint64_t)width > len)
				return -1;
			for (i = 0; i < count; i++) {
				uint64_t v = 0;
				int b;
				for (b = 0; b < width; b++, bitpos++)
					v |= (uint64_t)((p[pos + bitpos / 8] >> (bitpos % 8)) & 1) << b;
				if (n < want)
					out[n++] = (uint32_t)v;
			}
			pos += (size_t)(h >> 1) * (size_t)width;
		} else {
			size_t count = (size_t)(h >> 1), i;
			uint32_t v = 0;
			int b;
			if (count == 0 || pos + (size_t)nb > len)
				return -1;
			for (b = 0; b < nb; b++)
				v |= (uint32_t)p[pos + (size_t)b] << (8 * b);
			pos += (size_t)nb;
			for (i = 0; i < count && n < want; i++)
				out[n++] = v;
			if (i < count)
				return -1; /* run longer than expected */
		}
	}
	return pos == len ? (long)n : -1;
}

static void test_bit_width(void **state)
{
	(void)state;
	assert_int_equal(floe_bit_width(0), 0);
	assert_int_equal(floe_bit_width(1), 1);
	assert_int_equal(floe_bit_width(2), 2);
	assert_int_equal(floe_bit_width(3), 2);
	assert_int_equal(floe_bit_width(4), 3);
	assert_int_equal(floe_bit_width(255), 8);
	assert_int_equal(floe_bit_width(256), 9);
	assert_int_equal(floe_bit_width(UINT32_MAX), 32);
}

static void test_exact_small(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	static const uint32_t seq[8] = {0, 1, 2, 3, 4, 5, 6, 7};
	static const uint8_t packed[] = {0x03, 0x88, 0xC6, 0xFA};  /* header 1 group, spec example */
	static const uint32_t ones[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	static const uint8_t rle10[] = {0x14, 0x01};               /* 10 << 1, value 1 */
	static const uint32_t three[3] = {1, 0, 1};
	static const uint8_t bp3[] = {0x03, 0x05};                 /* one padded group: bits 1,0,1 */
	static const uint32_t big[9] = {300, 300, 300, 300, 300, 300, 300, 300, 300};
	static const uint8_t rle_big[] = {0x12, 0x2C, 0x01};       /* 9 << 1, 300 LE in 2 bytes */
	static const uint8_t zeros8[4] = {0};
	static const uint8_t rle_w0[] = {0x10};                    /* width 0: 8 << 1, no value bytes */
	static const uint8_t bools[] = {1, 0, 1, 1, 0, 0, 0, 0, 1};
	static const uint8_t bools_packed[] = {0x0D, 0x01};

	(void)state;
	floe_rle_encode_u32(&b, seq, 8, 3);
	expect(&b, packed, sizeof(packed));
	floe_buf_reset(&b);
	floe_rle_encode_u32(&b, ones, 10, 1);
	expect(&b, rle10, sizeof(rle10));
	floe_buf_reset(&b);
	floe_rle_encode_u32(&b, three, 3, 1);
	expect(&b, bp3, sizeof(bp3));
	floe_buf_reset(&b);
	floe_rle_encode_u32(&b, big, 9, 9);
	expect(&b, rle_big, sizeof(rle_big));
	floe_buf_reset(&b);
	{
		uint32_t z[8] = {0};
		floe_rle_encode_u32(&b, z, 8, 0);
		expect(&b, rle_w0, sizeof(rle_w0));
		floe_buf_reset(&b);
		floe_rle_encode_u8(&b, zeros8, 4, 0);
		assert_int_equal(b.len, 1);
		assert_int_equal(b.data[0], 0x08);   /* RLE run of 4, still a header at width 0 */
	}
	floe_buf_reset(&b);
	floe_bitpack_bool(&b, bools, 9);
	expect(&b, bools_packed, sizeof(bools_packed));
	floe_buf_reset(&b);
	/* 3 literals then a run of 10: the run lends 5 values to complete the group */
	{
		uint32_t v[13] = {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
		static const uint8_t want[] = {0x03, 0x39, 0x00, 0x0A, 0x00};
		floe_rle_encode_u32(&b, v, 13, 2);
		/* group: 1,2,3,0,0,0,0,0 at width 2 = 0b00111001 0x00 ; then RLE 5 of 0 */
		expect(&b, want, sizeof(want));
	}
	floe_buf_release(&b);
}

static void round_trip(const uint32_t *v, size_t n, int width)
{
	struct floe_buf b = FLOE_BUF_INIT;
	uint32_t *got = calloc(n + 1, sizeof(*got));
	uint8_t *v8 = calloc(n + 1, 1);
	size_t i;

	assert_non_null(got);
	assert_non_null(v8);
	floe_rle_encode_u32(&b, v, n, width);
	assert_false(b.failed);
	assert_int_equal(decode(b.data, b.len, width, got, n), (long)n);
	assert_memory_equal(got, v, n * sizeof(*v));
	if (width <= 8) {
		for (i = 0; i < n; i++)
			v8[i] = (uint8_t)v[i];
		floe_buf_reset(&b);
		floe_rle_encode_u8(&b, v8, n, width);
		memset(got, 0, n * sizeof(*got));
		assert_int_equal(decode(b.data, b.len, width, got, n), (long)n);
		assert_memory_equal(got, v, n * sizeof(*v));
	}
	free(got);
	free(v8);
	floe_buf_release(&b);
}

static void test_all_widths(void **state)
{
	uint32_t v[1000];
	uint64_t x = 88172645463325252ull;
	int w;
	size_t i, n;

	(void)state;
	for (w = 0; w <= 32; w++) {
		uint32_t mask = w == 32 ? UINT32_MAX : (uint32_t)((1ull << w) - 1);
		for (n = 0; n <= 1000; n = n < 20 ? n + 1 : n * 3) {
			for (i = 0; i < n; i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				/* mix random values with runs of the maximum and of zero */
				v[i] = (i / 37) % 3 == 0 ? (uint32_t)x & mask : ((i / 37) % 3 == 1 ? mask : 0);
			}
			round_trip(v, n, w);
		}
	}
}

static void test_run_boundaries(void **state)
{
	uint32_t v[64];
	size_t lit, run, tail, i, n;

	(void)state;
	/* every split of literals | run | literals across the group boundary */
	for (lit = 0; lit <= 17; lit++)
		for (run = 1; run <= 20; run++)
			for (tail = 0; tail <= 9; tail += 3) {
				n = 0;
				for (i = 0; i < lit; i++)
					v[n++] = (uint32_t)(i % 5 + 1);
				for (i = 0; i < run; i++)
					v[n++] = 7;
				for (i = 0; i < tail; i++)
					v[n++] = (uint32_t)(i % 3);
				round_trip(v, n, 3);
			}
}

static void test_bitpack_widths(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	uint32_t v[8] = {UINT32_MAX, 0, UINT32_MAX, 0, 0, 0, 0, 1};
	size_t i;

	(void)state;
	floe_bitpack_u32(&b, v, 8, 32);
	assert_int_equal(b.len, 32);
	for (i = 0; i < 8; i++) {
		uint32_t got = (uint32_t)b.data[4 * i] | (uint32_t)b.data[4 * i + 1] << 8 |
			       (uint32_t)b.data[4 * i + 2] << 16 | (uint32_t)b.data[4 * i + 3] << 24;
		assert_int_equal(got, v[i]);
	}
	floe_buf_reset(&b);
	floe_bitpack_u32(&b, v, 3, 0);
	assert_int_equal(b.len, 0);
	floe_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_width),
		cmocka_unit_test(test_exact_small),
		cmocka_unit_test(test_all_widths),
		cmocka_unit_test(test_run_boundaries),
		cmocka_unit_test(test_bitpack_widths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
