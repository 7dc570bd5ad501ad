/*
 * test_core.c — unit tests for src/core: buffer, read cursor, arena, LSN,
 * civil dates, DSN redaction and the JSON form of values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/lsn.h"
#include "core/rd.h"
#include "core/timeutil.h"
#include "core/value.h"

static void test_buf_grow_and_limit(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_err err;
	int i;

	(void)state;
	assert_non_null(b.data);
	for (i = 0; i < 1000; i++)
		floe_buf_put_u32be(&b, (uint32_t)i);
	assert_int_equal(b.len, 4000);
	assert_int_equal(floe_load_u32be(b.data + 4 * 999), 999);
	assert_int_equal(floe_buf_check(&b, &err), 0);
	floe_buf_release(&b);

	b.limit = 10;
	floe_buf_append(&b, "0123456789", 10);
	assert_false(b.failed);
	floe_buf_putc(&b, 'x');
	assert_true(b.failed);
	floe_buf_puts(&b, "more");
	assert_int_equal(b.len, 10);
	assert_int_equal(floe_buf_check(&b, &err), -1);
	assert_non_null(strstr(err.msg, "limit"));
	floe_buf_release(&b);

	floe_buf_printf(&b, "%s-%d", "abc", 42);
	assert_string_equal(floe_buf_cstr(&b), "abc-42");
	floe_buf_reset(&b);
	floe_buf_put_uvarint(&b, 300);
	assert_int_equal(b.len, 2);
	assert_int_equal(b.data[0], 0xac);
	assert_int_equal(b.data[1], 0x02);
	floe_buf_release(&b);
}

static void test_rd_bounds(void **state)
{
	static const uint8_t bytes[] = { 0x00, 0x01, 'h', 'i', 0, 0xac, 0x02, 0xff };
	struct floe_rd r;
	uint16_t u16;
	uint32_t u32;
	uint64_t v;
	const char *s;
	size_t n;
	struct floe_err err;

	(void)state;
	floe_rd_init(&r, bytes, sizeof(bytes));
	assert_int_equal(floe_rd_u16be(&r, &u16), 0);
	assert_int_equal(u16, 1);
	assert_int_equal(floe_rd_cstr(&r, &s, &n), 0);
	assert_string_equal(s, "hi");
	assert_int_equal(floe_rd_uvarint(&r, &v), 0);
	assert_int_equal(v, 300);
	assert_int_equal(floe_rd_u32be(&r, &u32), -1);
	assert_true(r.short_read);
	assert_int_equal(r.pos, 7);
	/* a varint that never ends */
	assert_int_equal(floe_rd_uvarint(&r, &v), -1);
	floe_rd_fail(&r, &err, "test message");
	assert_non_null(strstr(err.msg, "offset 7"));
	/* a string without NUL */
	floe_rd_init(&r, "abc", 3);
	assert_int_equal(floe_rd_cstr(&r, &s, &n), -1);
}

static void test_arena(void **state)
{
	struct floe_arena a;
	char *p, *big;
	int i;

	(void)state;
	floe_arena_init(&a, 1024);
	for (i = 0; i < 1000; i++) {
		p = floe_arena_alloc(&a, 24);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, 24);
	}
	big = floe_arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 1, 100000);
	assert_string_equal(floe_arena_strdup(&a, "hello"), "hello");
	floe_arena_reset(&a);
	assert_int_equal(a.used, 0);
	a.limit = 4096;
	assert_null(floe_arena_alloc(&a, 8192));
	floe_arena_release(&a);
}

static void test_lsn(void **state)
{
	uint64_t l;
	char s[FLOE_LSN_STR_MAX];

	(void)state;
	assert_int_equal(floe_lsn_parse("16/B374D848", &l), 0);
	assert_int_equal(l, 0x16B374D848ULL);
	assert_string_equal(floe_lsn_fmt(l, s), "16/B374D848");
	assert_int_equal(floe_lsn_parse("0/0", &l), 0);
	assert_int_equal(l, 0);
	assert_int_equal(floe_lsn_parse("1/", &l), -1);
	assert_int_equal(floe_lsn_parse("x/1", &l), -1);
	assert_int_equal(floe_lsn_parse("123456789/1", &l), -1);
	assert_int_equal(floe_lsn_parse("1/2 ", &l), -1);
}

static void test_civil(void **state)
{
	int64_t y, d;
	int m, dd;

	(void)state;
	floe_civil_from_days(0, &y, &m, &dd);
	assert_true(y == 1970 && m == 1 && dd == 1);
	floe_civil_from_days(FLOE_PG_EPOCH_UNIX_DAYS, &y, &m, &dd);
	assert_true(y == 2000 && m == 1 && dd == 1);
	floe_civil_from_days(-1, &y, &m, &dd);
	assert_true(y == 1969 && m == 12 && dd == 31);
	for (d = -800000; d < 3000000; d += 997) {
		floe_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(floe_days_from_civil(y, m, dd), d);
	}
	assert_int_equal(floe_days_from_civil(2024, 2, 29), 19782);
}

static void test_redact(void **state)
{
	char out[256];

	(void)state;
	floe_log_redact_dsn("host=db user=u password=s3cret dbname=x", out, sizeof(out));
	assert_null(strstr(out, "s3cret"));
	assert_non_null(strstr(out, "dbname=x"));
	floe_log_redact_dsn("host=db password='a b\\'c' user=u", out, sizeof(out));
	assert_null(strstr(out, "a b"));
	assert_non_null(strstr(out, "user=u"));
	floe_log_redact_dsn("postgresql://u:s3cret@db:5432/x", out, sizeof(out));
	assert_null(strstr(out, "s3cret"));
	assert_string_equal(out, "postgresql://u:***@db:5432/x");
	floe_log_redact_dsn("postgres://db/x?user=u&password=s3cret&sslmode=require", out, sizeof(out));
	assert_null(strstr(out, "s3cret"));
	assert_non_null(strstr(out, "sslmode=require"));
}

static const char *json_of(struct floe_buf *b, const struct floe_type *t, const struct floe_value *v)
{
	floe_buf_reset(b);
	floe_value_to_json(b, t, v);
	return floe_buf_cstr(b);
}

static void test_value_json(void **state)
{
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_type t;
	struct floe_value v, items[3];
	static const uint8_t uuid[16] = { 0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8,
					  0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11 };

	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&v, 0, sizeof(v));
	t.id = FLOE_T_DECIMAL;
	t.precision = 10;
	t.scale = 2;
	v.u.dec = -12345;
	assert_string_equal(json_of(&b, &t, &v), "-123.45");
	v.u.dec = 5;
	assert_string_equal(json_of(&b, &t, &v), "0.05");
	t.precision = 38;
	t.scale = 0;
	v.u.dec = (floe_i128)1000000000000000000LL * 1000000000000000000LL;
	assert_string_equal(json_of(&b, &t, &v), "\"1000000000000000000000000000000000000\"");
	t.id = FLOE_T_LONG;
	v.u.i64 = INT64_MAX;
	assert_string_equal(json_of(&b, &t, &v), "\"9223372036854775807\"");
	v.u.i64 = -42;
	assert_string_equal(json_of(&b, &t, &v), "-42");
	t.id = FLOE_T_DOUBLE;
	v.u.f64 = 0.1;
	assert_string_equal(json_of(&b, &t, &v), "0.1");
	t.id = FLOE_T_FLOAT;
	v.u.f32 = 0.1f;
	assert_string_equal(json_of(&b, &t, &v), "0.1");
	t.id = FLOE_T_TIMESTAMPTZ;
	v.u.i64 = 1700000000123456LL;
	assert_string_equal(json_of(&b, &t, &v), "\"2023-11-14T22:13:20.123456+00:00\"");
	t.id = FLOE_T_TIMESTAMP;
	v.u.i64 = -1;
	assert_string_equal(json_of(&b, &t, &v), "\"1969-12-31T23:59:59.999999\"");
	t.id = FLOE_T_DATE;
	v.u.i32 = 19782;
	assert_string_equal(json_of(&b, &t, &v), "\"2024-02-29\"");
	t.id = FLOE_T_TIME;
	v.u.i64 = 3723500000LL;
	assert_string_equal(json_of(&b, &t, &v), "\"01:02:03.5\"");
	t.id = FLOE_T_UUID;
	v.u.bytes.p = uuid;
	v.u.bytes.len = 16;
	assert_string_equal(json_of(&b, &t, &v), "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
	t.id = FLOE_T_STRING;
	v.u.bytes.p = (const uint8_t *)"a\"b\n\x01";
	v.u.bytes.len = 5;
	assert_string_equal(json_of(&b, &t, &v), "\"a\\\"b\\n\\u0001\"");
	t.id = FLOE_T_BINARY;
	v.u.bytes.p = (const uint8_t *)"\x01\xff";
	v.u.bytes.len = 2;
	assert_string_equal(json_of(&b, &t, &v), "\"\\\\x01ff\"");
	t.id = FLOE_T_LIST;
	t.elem_id = FLOE_T_INT;
	memset(items, 0, sizeof(items));
	items[0].u.i32 = 1;
	items[1].is_null = true;
	items[2].u.i32 = 3;
	v.u.list.items = items;
	v.u.list.n = 3;
	assert_string_equal(json_of(&b, &t, &v), "[1,null,3]");
	v.is_null = true;
	assert_string_equal(json_of(&b, &t, &v), "null");
	floe_buf_release(&b);
}

static void test_value_equal_hash(void **state)
{
	struct floe_type t = { .id = FLOE_T_STRING };
	struct floe_value a = { .u.bytes = { (const uint8_t *)"abc", 3 } };
	struct floe_value b = { .u.bytes = { (const uint8_t *)"abcd", 3 } };
	struct floe_value n1 = { .is_null = true }, n2 = { .is_null = true };

	(void)state;
	assert_true(floe_value_equal(&t, &a, &b));
	assert_int_equal(floe_value_hash(&t, &a, 1), floe_value_hash(&t, &b, 1));
	assert_true(floe_value_equal(&t, &n1, &n2));
	assert_false(floe_value_equal(&t, &a, &n1));
}

static void test_type_equal(void **state)
{
	struct floe_type a = { .id = FLOE_T_DECIMAL, .precision = 10, .scale = 2 };
	struct floe_type b = a;

	(void)state;
	assert_true(floe_type_equal(&a, &b));
	b.scale = 3;
	assert_false(floe_type_equal(&a, &b));
	a = (struct floe_type){ .id = FLOE_T_FIXED, .length = 16 };
	b = (struct floe_type){ .id = FLOE_T_FIXED, .length = 8 };
	assert_false(floe_type_equal(&a, &b));
	a = (struct floe_type){ .id = FLOE_T_LIST, .elem_id = FLOE_T_DECIMAL, .elem_precision = 5, .elem_scale = 1 };
	b = a;
	assert_true(floe_type_equal(&a, &b));
	b.elem_scale = 0;
	assert_false(floe_type_equal(&a, &b));
	b = (struct floe_type){ .id = FLOE_T_LIST, .elem_id = FLOE_T_INT };
	assert_false(floe_type_equal(&a, &b));
	a = (struct floe_type){ .id = FLOE_T_STRING };
	b = (struct floe_type){ .id = FLOE_T_BINARY };
	assert_false(floe_type_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grow_and_limit),
		cmocka_unit_test(test_rd_bounds),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_lsn),
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_value_json),
		cmocka_unit_test(test_value_equal_hash),
		cmocka_unit_test(test_type_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
