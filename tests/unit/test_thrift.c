/*
 * test_thrift.c — Thrift compact protocol codec (src/parquet/thrift.c).
 *
 * Exact bytes of every type (from the compact protocol spec and the verified
 * Parquet dumps in the reference), field-id deltas and the long form, negative
 * ints, nested structs and lists, round trips, skipping unknown fields of every
 * type, and truncated / corrupt input failing cleanly at every cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parquet/thrift.h"

static void expect_bytes(const struct floe_buf *b, const uint8_t *want, size_t n)
{
	assert_false(b->failed);
	assert_int_equal(b->len, n);
	assert_memory_equal(b->data, want, n);
}

static void test_scalars_exact(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_w w;
	static const uint8_t want[] = {
		0x11,                   /* field 1 bool true */
		0x12,                   /* field 2 bool false */
		0x13, 0xFF,             /* field 3 i8 -1 (raw byte) */
		0x14, 0x03,             /* field 4 i16 -2 → zigzag 3 */
		0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, /* field 5 i32 INT32_MAX → 4294967294 */
		0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, /* field 6 i64 INT64_MIN */
		0x17, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F, /* field 7 double 1.5 */
		0x18, 0x03, 'a', 'b', 'c', /* field 8 binary */
		0x18, 0x00,             /* field 9 empty string */
		0x05, 0x32, 0x01,       /* field 25: delta 16 → long form, zigzag id 50, i32 -1 */
		0x00,
	};

	(void)state;
	floe_thrift_w_init(&w, &b);
	floe_thrift_w_bool(&w, 1, true);
	floe_thrift_w_bool(&w, 2, false);
	floe_thrift_w_i8(&w, 3, -1);
	floe_thrift_w_i16(&w, 4, -2);
	floe_thrift_w_i32(&w, 5, INT32_MAX);
	floe_thrift_w_i64(&w, 6, INT64_MIN);
	floe_thrift_w_double(&w, 7, 1.5);
	floe_thrift_w_binary(&w, 8, "abc", 3);
	floe_thrift_w_string(&w, 9, "");
	/* a delta of 16 needs the long form: type byte, then zigzag(25) = 50 */
	floe_thrift_w_i32(&w, 25, -1);
	floe_thrift_w_end(&w);
	expect_bytes(&b, want, sizeof(want));
	floe_buf_release(&b);
}

static void test_deltas_and_long_form(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_w w;
	(void)state;
	floe_thrift_w_init(&w, &b);
	floe_thrift_w_i32(&w, 15, 0);    /* delta 15: short form F5 00 */
	floe_thrift_w_i32(&w, 30, 1);    /* delta 15: F5 02 */
	floe_thrift_w_i32(&w, 47, 2);    /* delta 17: long form 05 5E 04 */
	floe_thrift_w_i32(&w, 46, 3);    /* descending: long form 05 5C 06 */
	floe_thrift_w_i32(&w, 32767, 0); /* extension id: long form 05 FE FF 03 00 */
	floe_thrift_w_end(&w);
	{
		static const uint8_t exp[] = {0xF5, 0x00, 0xF5, 0x02, 0x05, 0x5E, 0x04, 0x05, 0x5C, 0x06,
					      0x05, 0xFE, 0xFF, 0x03, 0x00, 0x00};
		expect_bytes(&b, exp, sizeof(exp));
	}
	floe_buf_release(&b);
}

/* The verified SchemaElement dump from the reference (section 2). */
static void test_schema_element_dump(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_w w;
	static const uint8_t want[] = {0x15, 0x0C, 0x25, 0x02, 0x18, 0x04, 'n', 'a', 'm', 'e', 0x25, 0x00,
				       0x4C, 0x1C, 0x00, 0x00, 0x00};
	static const uint8_t orders[] = {0x19, 0x5C, 0x1C, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x1C, 0x00, 0x00,
					 0x1C, 0x00, 0x00, 0x1C, 0x00, 0x00};
	int i;

	(void)state;
	floe_thrift_w_init(&w, &b);
	floe_thrift_w_i32(&w, 1, 6);
	floe_thrift_w_i32(&w, 3, 1);
	floe_thrift_w_string(&w, 4, "name");
	floe_thrift_w_i32(&w, 6, 0);
	floe_thrift_w_struct(&w, 10);
	floe_thrift_w_struct(&w, 1);
	floe_thrift_w_end(&w);
	floe_thrift_w_end(&w);
	floe_thrift_w_end(&w);
	expect_bytes(&b, want, sizeof(want));

	floe_buf_reset(&b);
	floe_thrift_w_init(&w, &b);
	w.last[0] = 6; /* following field 6 */
	floe_thrift_w_list(&w, 7, FLOE_TT_STRUCT, 5);
	for (i = 0; i < 5; i++) {
		floe_thrift_w_elem_struct(&w);
		floe_thrift_w_struct(&w, 1);
		floe_thrift_w_end(&w);
		floe_thrift_w_end(&w);
	}
	expect_bytes(&b, orders, sizeof(orders));
	floe_buf_release(&b);
}

static void test_list_headers(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_w w;
	uint32_t i;

	(void)state;
	floe_thrift_w_init(&w, &b);
	floe_thrift_w_list(&w, 1, FLOE_TT_I32, 14);
	for (i = 0; i < 14; i++)
		floe_thrift_w_elem_i32(&w, -1);
	assert_int_equal(b.data[0], 0x19);
	assert_int_equal(b.data[1], 0xE5);
	assert_int_equal(b.len, 2 + 14);
	floe_buf_reset(&b);
	floe_thrift_w_init(&w, &b);
	floe_thrift_w_list(&w, 1, FLOE_TT_TRUE, 300);
	assert_int_equal(b.data[1], 0xF1);
	assert_int_equal(b.data[2], 0xAC); /* 300 = 0xAC 0x02 */
	assert_int_equal(b.data[3], 0x02);
	floe_thrift_w_elem_bool(&w, true);
	floe_thrift_w_elem_bool(&w, false);
	assert_int_equal(b.data[4], 1);
	assert_int_equal(b.data[5], 2);
	floe_buf_release(&b);
}

/* Writes a struct with every type and nesting, reads it back field by field. */
static void build_everything(struct floe_buf *b)
{
	struct floe_thrift_w w;

	floe_thrift_w_init(&w, b);
	floe_thrift_w_bool(&w, 1, true);
	floe_thrift_w_i8(&w, 2, -128);
	floe_thrift_w_i16(&w, 3, INT16_MIN);
	floe_thrift_w_i32(&w, 4, INT32_MIN);
	floe_thrift_w_i64(&w, 5, INT64_MAX);
	floe_thrift_w_double(&w, 6, -0.25);
	floe_thrift_w_string(&w, 7, "héllo");
	floe_thrift_w_struct(&w, 8);
	floe_thrift_w_i32(&w, 1, 7);
	floe_thrift_w_struct(&w, 40);
	floe_thrift_w_bool(&w, 2, false);
	floe_thrift_w_end(&w);
	floe_thrift_w_i64(&w, 41, -5);
	floe_thrift_w_end(&w);
	floe_thrift_w_list(&w, 9, FLOE_TT_STRUCT, 2);
	floe_thrift_w_elem_struct(&w);
	floe_thrift_w_i32(&w, 3, 33);
	floe_thrift_w_end(&w);
	floe_thrift_w_elem_struct(&w);
	floe_thrift_w_end(&w);
	floe_thrift_w_list(&w, 100, FLOE_TT_BINARY, 2);
	floe_thrift_w_elem_string(&w, "a");
	floe_thrift_w_elem_string(&w, "bc");
	floe_thrift_w_i32(&w, 101, 42);
	floe_thrift_w_end(&w);
}

static void test_round_trip(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_r r;
	struct floe_rd rd;
	struct floe_err err;
	int16_t id;
	enum floe_tt t, et;
	int8_t i8;
	int16_t i16;
	int32_t i32;
	int64_t i64;
	double d;
	const uint8_t *p;
	uint32_t n;

	(void)state;
	build_everything(&b);
	floe_rd_init(&rd, b.data, b.len);
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 1);
	assert_true(floe_thrift_r_bool_of(t));
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_I8);
	assert_int_equal(floe_thrift_r_i8(&r, &i8, &err), 0);
	assert_int_equal(i8, -128);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(floe_thrift_r_i16(&r, &i16, &err), 0);
	assert_int_equal(i16, INT16_MIN);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(floe_thrift_r_i32(&r, &i32, &err), 0);
	assert_int_equal(i32, INT32_MIN);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(floe_thrift_r_i64(&r, &i64, &err), 0);
	assert_true(i64 == INT64_MAX);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_DOUBLE);
	assert_int_equal(floe_thrift_r_double(&r, &d, &err), 0);
	assert_true(d == -0.25);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(floe_thrift_r_binary(&r, &p, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(p, "héllo", 6);
	/* nested struct 8 { 1: 7, 40: { 2: false }, 41: -5 } */
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 8);
	assert_int_equal(t, FLOE_TT_STRUCT);
	assert_int_equal(floe_thrift_r_struct_begin(&r, &err), 0);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 1);
	assert_int_equal(floe_thrift_r_i32(&r, &i32, &err), 0);
	assert_int_equal(i32, 7);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 40);
	assert_int_equal(floe_thrift_r_struct_begin(&r, &err), 0);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 2);
	assert_false(floe_thrift_r_bool_of(t));
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_STOP);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 41);   /* delta from 40 in the outer struct */
	assert_int_equal(floe_thrift_r_i64(&r, &i64, &err), 0);
	assert_true(i64 == -5);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_STOP);
	/* list of structs */
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 9);
	assert_int_equal(floe_thrift_r_list(&r, &et, &n, &err), 0);
	assert_int_equal(et, FLOE_TT_STRUCT);
	assert_int_equal(n, 2);
	assert_int_equal(floe_thrift_r_struct_begin(&r, &err), 0);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 3);
	assert_int_equal(floe_thrift_r_skip(&r, t, &err), 0);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_STOP);
	assert_int_equal(floe_thrift_r_struct_begin(&r, &err), 0);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_STOP);
	/* long-form ids after the list */
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 100);
	assert_int_equal(floe_thrift_r_list(&r, &et, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(floe_thrift_r_binary(&r, &p, &n, &err), 0);
	assert_int_equal(floe_thrift_r_binary(&r, &p, &n, &err), 0);
	assert_memory_equal(p, "bc", 2);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(id, 101);
	assert_int_equal(floe_thrift_r_i32(&r, &i32, &err), 0);
	assert_int_equal(i32, 42);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(t, FLOE_TT_STOP);
	assert_int_equal(rd.pos, b.len);
	floe_buf_release(&b);
}

static void test_skip_everything(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_r r;
	struct floe_rd rd;
	struct floe_err err;
	/* hand-made: a map, a set of bools (type 2, bytes 0/1), a uuid, then field 1 i32 5 */
	static const uint8_t extra[] = {
		0x0B, 0x0A, 0x02, 0x85, 0x02, 0x01, 'k', 0x03, 0x01, 'j', 0x05, /* id 5: map<string,i32>{k:-2,j:-3} */
		0x1A, 0x32, 0x00, 0x01, 0x01,                 /* id 6: set<bool> of 3 (elem type 2) */
		0x1D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, /* id 7: uuid */
		0x1B, 0x00,                                   /* id 8: empty map */
		0x19, 0x1C, 0x1C, 0x00, 0x00,                 /* id 9: list<struct{struct{}}> */
		0x05, 0x02, 0x0A,                             /* id 1 (long form, descending): i32 5 */
		0x00,
	};
	int16_t id;
	enum floe_tt t;
	int32_t v;

	(void)state;
	build_everything(&b);
	/* skip a whole top-level struct */
	floe_rd_init(&rd, b.data, b.len);
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), 0);
	assert_int_equal(rd.pos, b.len);
	/* the same struct as a field value of an outer struct */
	floe_rd_init(&rd, b.data, b.len);
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip(&r, FLOE_TT_STRUCT, &err), 0);
	assert_int_equal(rd.pos, b.len);

	floe_rd_init(&rd, extra, sizeof(extra));
	floe_thrift_r_init(&r, &rd);
	for (;;) {
		assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
		if (t == FLOE_TT_STOP)
			break;
		if (id == 1) {
			assert_int_equal(floe_thrift_r_i32(&r, &v, &err), 0);
			assert_int_equal(v, 5);
			continue;
		}
		assert_int_equal(floe_thrift_r_skip(&r, t, &err), 0);
	}
	assert_int_equal(rd.pos, sizeof(extra));
	floe_buf_release(&b);
}

static void test_truncated_everywhere(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_r r;
	struct floe_rd rd;
	struct floe_err err;
	size_t cut;

	(void)state;
	build_everything(&b);
	for (cut = 0; cut < b.len; cut++) {
		floe_rd_init(&rd, b.data, cut);
		floe_thrift_r_init(&r, &rd);
		err.msg[0] = 0;
		assert_int_equal(floe_thrift_r_skip_rest(&r, &err), -1);
		assert_true(err.msg[0] != 0);
	}
	floe_buf_release(&b);
}

static void test_corrupt(void **state)
{
	struct floe_thrift_r r;
	struct floe_rd rd;
	struct floe_err err;
	uint8_t deep[2 * FLOE_THRIFT_MAX_DEPTH + 8];
	size_t i;
	static const uint8_t bad_type[] = {0x1E};
	static const uint8_t huge_bin[] = {0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
	static const uint8_t huge_list[] = {0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
	static const uint8_t bad_varint[] = {0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
	static const uint8_t i32_range[] = {0x15, 0x80, 0x80, 0x80, 0x80, 0x20};
	int16_t id;
	enum floe_tt t;
	int32_t v;

	(void)state;
	/* nesting bomb: struct field 1 inside struct field 1 ... */
	for (i = 0; i < sizeof(deep); i++)
		deep[i] = 0x1C;
	floe_rd_init(&rd, deep, sizeof(deep));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), -1);
	assert_non_null(strstr(err.msg, "deeper"));

	floe_rd_init(&rd, bad_type, sizeof(bad_type));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), -1);
	assert_non_null(strstr(err.msg, "unknown type"));

	floe_rd_init(&rd, huge_bin, sizeof(huge_bin));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), -1);
	assert_non_null(strstr(err.msg, "exceeds"));

	floe_rd_init(&rd, huge_list, sizeof(huge_list));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), -1);
	assert_non_null(strstr(err.msg, "exceeds"));

	floe_rd_init(&rd, bad_varint, sizeof(bad_varint));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), -1);

	floe_rd_init(&rd, i32_range, sizeof(i32_range));
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
	assert_int_equal(floe_thrift_r_i32(&r, &v, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
}

/* Mutated valid input and random bytes: every outcome is ok or a clean error (run under ASan). */
static void test_random_input(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_thrift_r r;
	struct floe_rd rd;
	struct floe_err err;
	uint8_t m[512];
	uint64_t x = 0x243F6A8885A308D3ull;
	int iter, k, ok = 0;

	(void)state;
	build_everything(&b);
	assert_true(b.len <= sizeof(m));
	memset(m, 0, sizeof(m));
	for (iter = 0; iter < 20000; iter++) {
		size_t n = b.len;
		memcpy(m, b.data, b.len);
		for (k = 0; k < 1 + iter % 4; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (iter % 5 == 4) {
				m[x % sizeof(m)] = (uint8_t)(x >> 32);
				n = sizeof(m);
			} else {
				m[x % b.len] = (uint8_t)(x >> 32);
			}
		}
		floe_rd_init(&rd, m, n);
		floe_thrift_r_init(&r, &rd);
		if (floe_thrift_r_skip_rest(&r, &err) == 0) {
			ok++;
			assert_true(rd.pos <= n);
		} else {
			assert_true(err.msg[0] != 0);
		}
	}
	assert_true(ok > 0);
	floe_buf_release(&b);
}

static void test_zigzag(void **state)
{
	static const int64_t vals[] = {0, -1, 1, -2, 2, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX};
	size_t i;

	(void)state;
	assert_int_equal(floe_zigzag32(-1), 1);
	assert_int_equal(floe_zigzag32(1), 2);
	assert_int_equal(floe_zigzag32(INT32_MIN), UINT32_MAX);
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		assert_true(floe_unzigzag64(floe_zigzag64(vals[i])) == vals[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars_exact),
		cmocka_unit_test(test_deltas_and_long_form),
		cmocka_unit_test(test_schema_element_dump),
		cmocka_unit_test(test_list_headers),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_skip_everything),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_random_input),
		cmocka_unit_test(test_zigzag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
