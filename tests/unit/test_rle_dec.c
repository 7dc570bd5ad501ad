/*
 * test_rle_dec.c — the RLE / bit-packing hybrid decoder: the spec's examples,
 * every bit width 0..32 through a bit-by-bit reference packer written here,
 * runs that switch between RLE and bit-packing, short final runs, legacy
 * BIT_PACKED, and truncated or malformed streams (errors, never crashes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parquet/rle_dec.h"

/* Test-side encoder: appends runs to a byte array, one bit at a time (independent of the decoder). */
struct enc {
	uint8_t b[1 << 16];
	size_t n;
};

static void put_varint(struct enc *e, uint64_t v)
{
	while (v >= 0x80) {
		e->b[e->n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	e->b[e->n++] = (uint8_t)v;
}

static void put_rle(struct enc *e, uint32_t count, uint32_t value, unsigned width)
{
	unsigned k;

	put_varint(e, (uint64_t)count << 1);
	for (k = 0; k < (width + 7) / 8; k++)
		e->b[e->n++] = (uint8_t)(value >> (8 * k));
}

/* bit-packs n values (n a multiple of 8 after padding with zeros) LSB first */
static void put_bp(struct enc *e, const uint32_t *v, size_t n, unsigned width)
{
	size_t groups = (n + 7) / 8, i, bit = 0;
	size_t start;
	unsigned k;

	put_varint(e, (uint64_t)groups << 1 | 1);
	start = e->n;
	memset(e->b + start, 0, groups * width);
	for (i = 0; i < groups * 8; i++) {
		uint32_t x = i < n ? v[i] : 0;
		for (k = 0; k < width; k++, bit++)
			if (x >> k & 1)
				e->b[start + bit / 8] |= (uint8_t)(1u << (bit % 8));
	}
	e->n += groups * width;
}

static void test_spec_example(void **state)
{
	/* Encodings.md: 0..7 at width 3 bit-packed is 88 C6 FA */
	static const uint8_t bytes[] = { 0x03, 0x88, 0xC6, 0xFA };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[8];
	int i;

	(void)state;
	assert_int_equal(floe_rle_dec_init(&d, bytes, sizeof(bytes), 3, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 8, &err), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(out[i], i);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
}

static void test_reference_dump(void **state)
{
	/* parquet.md §5: def levels 1,0,1,1 as RLE stream 03 0D (one bit-packed group, width 1) */
	static const uint8_t defs[] = { 0x03, 0x0D };
	/* dictionary indices 0,1,0 with width 1: 03 02 */
	static const uint8_t idx[] = { 0x03, 0x02 };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[4];

	(void)state;
	assert_int_equal(floe_rle_dec_init(&d, defs, sizeof(defs), 1, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 4, &err), 0);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 1);
	assert_int_equal(floe_rle_dec_init(&d, idx, sizeof(idx), 1, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 3, &err), 0);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
}

static uint32_t pattern(unsigned width, size_t i)
{
	uint64_t x = (uint64_t)i * 2654435761u + width * 977u;
	uint32_t mask = width == 32 ? 0xffffffffu : (uint32_t)((1ull << width) - 1);
	x ^= x >> 13;
	return (uint32_t)x & mask;
}

static void test_every_width(void **state)
{
	static struct enc e;
	uint32_t vals[100], out[300];
	unsigned w;

	(void)state;
	for (w = 0; w <= 32; w++) {
		struct floe_rle_dec d;
		struct floe_err err;
		uint32_t mask = w == 32 ? 0xffffffffu : (uint32_t)((1ull << w) - 1);
		size_t i, pos = 0;

		for (i = 0; i < 100; i++)
			vals[i] = pattern(w, i);
		e.n = 0;
		/* RLE run, bit-packed run of 24, RLE run of the max value, bit-packed tail of 100 (padded) */
		put_rle(&e, 50, mask & 0x5a5a5a5a, w);
		put_bp(&e, vals, 24, w);
		put_rle(&e, 26, mask, w);
		put_bp(&e, vals, 100, w);
		assert_int_equal(floe_rle_dec_init(&d, e.b, e.n, w, &err), 0);
		/* read in odd-sized slices so reads straddle run boundaries */
		while (pos < 200) {
			size_t k = 200 - pos < 7 ? 200 - pos : 7;
			assert_int_equal(floe_rle_dec_get(&d, out + pos, k, &err), 0);
			pos += k;
		}
		for (i = 0; i < 50; i++)
			assert_int_equal(out[i], mask & 0x5a5a5a5a);
		for (i = 0; i < 24; i++)
			assert_int_equal(out[50 + i], vals[i]);
		for (i = 0; i < 26; i++)
			assert_int_equal(out[74 + i], mask);
		for (i = 0; i < 100; i++)
			assert_int_equal(out[100 + i], vals[i]);
		/* the 4 padding values of the last group are readable zeros, then the stream ends */
		assert_int_equal(floe_rle_dec_get(&d, out, 4, &err), 0);
		assert_int_equal(out[0] | out[1] | out[2] | out[3], 0);
		assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
		assert_int_equal(floe_rle_dec_consumed(&d), e.n);
	}
}

static void test_width_zero_runs(void **state)
{
	/* width 0: RLE runs carry no value bytes; bit-packed runs carry no data */
	static const uint8_t bytes[] = { 0x0A, 0x03 };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[13];
	int i;

	(void)state;
	assert_int_equal(floe_rle_dec_init(&d, bytes, sizeof(bytes), 0, &err), 0);
	memset(out, 0xff, sizeof(out));
	assert_int_equal(floe_rle_dec_get(&d, out, 13, &err), 0);
	for (i = 0; i < 13; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
}

static void test_short_final_run(void **state)
{
	/* header claims 2 groups (16 values of width 4 = 8 bytes) but only 3 bytes follow */
	static const uint8_t bytes[] = { 0x05, 0x21, 0x43, 0x65 };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[7];
	int i;

	(void)state;
	assert_int_equal(floe_rle_dec_init(&d, bytes, sizeof(bytes), 4, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 6, &err), 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(out[i], i + 1);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
}

static void test_malformed(void **state)
{
	static const uint8_t rle_cut[] = { 0x08, 0x01 };          /* width 16 needs 2 value bytes */
	static const uint8_t var_cut[] = { 0x80, 0x80 };          /* header varint never ends */
	static const uint8_t var_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	static const uint8_t huge_bp[] = { 0xff, 0xff, 0xff, 0xff, 0x0f };
	static const uint8_t huge_rle[] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0x01, 0x07 };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[4];

	(void)state;
	assert_int_equal(floe_rle_dec_init(&d, rle_cut, sizeof(rle_cut), 16, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
	assert_int_equal(floe_rle_dec_init(&d, var_cut, sizeof(var_cut), 1, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_int_equal(floe_rle_dec_init(&d, var_long, sizeof(var_long), 1, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_int_equal(floe_rle_dec_init(&d, huge_bp, sizeof(huge_bp), 1, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_int_equal(floe_rle_dec_init(&d, huge_rle, sizeof(huge_rle), 3, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
	assert_int_equal(floe_rle_dec_init(&d, rle_cut, sizeof(rle_cut), 33, &err), -1);
	/* a count within bounds but past the data still decodes lazily and then fails cleanly */
	assert_int_equal(floe_rle_dec_init(&d, (const uint8_t *)"", 0, 5, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
}

static void test_legacy_bitpacked(void **state)
{
	/* Encodings.md BIT_PACKED example: 0..7 at width 3 MSB-first is 05 39 77 */
	static const uint8_t bytes[] = { 0x05, 0x39, 0x77 };
	struct floe_rle_dec d;
	struct floe_err err;
	uint32_t out[8];
	int i;

	(void)state;
	assert_int_equal(floe_rle_dec_init_bitpacked(&d, bytes, sizeof(bytes), 3, &err), 0);
	assert_int_equal(floe_rle_dec_get(&d, out, 8, &err), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(out[i], i);
	assert_int_equal(floe_rle_dec_get(&d, out, 1, &err), -1);
}

static void test_bit_width(void **state)
{
	(void)state;
	assert_int_equal(floe_rle_bit_width(0), 0);
	assert_int_equal(floe_rle_bit_width(1), 1);
	assert_int_equal(floe_rle_bit_width(2), 2);
	assert_int_equal(floe_rle_bit_width(3), 2);
	assert_int_equal(floe_rle_bit_width(4), 3);
	assert_int_equal(floe_rle_bit_width(255), 8);
	assert_int_equal(floe_rle_bit_width(0xffffffffu), 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_reference_dump),
		cmocka_unit_test(test_every_width),
		cmocka_unit_test(test_width_zero_runs),
		cmocka_unit_test(test_short_final_run),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_legacy_bitpacked),
		cmocka_unit_test(test_bit_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
