/*
 * test_pgvalue.c — value decoders and type mapping: every vector of
 * pgvalue_vectors.h (send bytes and text output taken from a real
 * PostgreSQL, expected values written by hand) through both the binary and
 * the text decoder, the null policy, hand-built numeric/array edge cases,
 * and truncated or corrupted inputs (must fail cleanly, never crash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/value.h"
#include "pg/pgtype.h"
#include "pg/pgvalue.h"

struct vec {
	const char *type;
	uint32_t oid;
	int32_t typmod;
	const char *hex;     /* send function output */
	const char *text;    /* text output */
	const char *expect;  /* JSON of the value, or "!error substring" */
};

#include "pgvalue_vectors.h"

static const struct floe_pg_policy fail_policy = { FLOE_POLICY_FAIL, FLOE_POLICY_FAIL, NULL };
static const struct floe_pg_policy null_policy = { FLOE_POLICY_NULL, FLOE_POLICY_NULL, NULL };

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = strlen(h) / 2, i;

	assert_true(n <= cap);
	for (i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* Decodes and renders the value as JSON, or "!<error>". */
static void decode_json(const struct floe_pgtype *t, enum floe_pg_format fmt, const uint8_t *p, size_t len,
			const struct floe_pg_policy *pol, struct floe_arena *a, char *out, size_t outsz)
{
	struct floe_value v;
	struct floe_err err;
	struct floe_buf b = FLOE_BUF_INIT;

	memset(&v, 0xa5, sizeof(v));
	if (floe_pgvalue_decode(t, fmt, p, len, pol, a, &v, &err)) {
		snprintf(out, outsz, "!%s", err.msg);
		return;
	}
	floe_value_to_json(&b, &t->type, &v);
	snprintf(out, outsz, "%s", floe_buf_cstr(&b));
	floe_buf_release(&b);
}

static bool matches(const char *expect, const char *got)
{
	if (expect[0] == '!')
		return got[0] == '!' && strstr(got, expect + 1) != NULL;
	return strcmp(expect, got) == 0;
}

static void test_vectors(void **state)
{
	struct floe_arena a;
	size_t i;
	int failures = 0, nbin = 0;

	(void)state;
	floe_arena_init(&a, 4096);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct floe_pgtype t;
		uint8_t bin[512];
		size_t n = unhex(v->hex, bin, sizeof(bin));
		char got[1200];

		floe_pgtype_builtin(v->oid, v->typmod, &t);
		decode_json(&t, FLOE_PG_FMT_TEXT, (const uint8_t *)v->text, strlen(v->text), &fail_policy, &a, got,
			    sizeof(got));
		if (!matches(v->expect, got)) {
			print_error("text   %s '%s': expected %s, got %s\n", v->type, v->text, v->expect, got);
			failures++;
		}
		if (t.binary) {
			nbin++;
			decode_json(&t, FLOE_PG_FMT_BINARY, bin, n, &fail_policy, &a, got, sizeof(got));
			if (!matches(v->expect, got)) {
				print_error("binary %s '%s' (%s): expected %s, got %s\n", v->type, v->text, v->hex,
					    v->expect, got);
				failures++;
			}
		} else {
			/* text-only types refuse binary input with a clear error */
			decode_json(&t, FLOE_PG_FMT_BINARY, bin, n, &fail_policy, &a, got, sizeof(got));
			if (!matches("!text", got)) {
				print_error("binary %s should be refused, got %s\n", v->type, got);
				failures++;
			}
		}
		/* policy null turns exactly the unrepresentable values into NULL */
		if (strstr(v->expect, "does not fit") || strstr(v->expect, "no Iceberg equivalent")) {
			const char *want = strstr(v->expect, "array element") ? "[1.5,null]" : "null";
			decode_json(&t, FLOE_PG_FMT_TEXT, (const uint8_t *)v->text, strlen(v->text), &null_policy, &a,
				    got, sizeof(got));
			if (strcmp(got, want) != 0) {
				print_error("null policy text %s '%s': got %s\n", v->type, v->text, got);
				failures++;
			}
			if (t.binary) {
				decode_json(&t, FLOE_PG_FMT_BINARY, bin, n, &null_policy, &a, got, sizeof(got));
				if (strcmp(got, want) != 0) {
					print_error("null policy binary %s '%s': got %s\n", v->type, v->text, got);
					failures++;
				}
			}
		}
		floe_arena_reset(&a);
	}
	floe_arena_release(&a);
	assert_int_equal(failures, 0);
	assert_true(nbin > 100);
}

/* Every strict prefix of a fixed-layout binary value fails; random corruption never crashes. */
static void test_truncated_and_corrupt(void **state)
{
	struct floe_arena a;
	size_t i, k;
	unsigned seed = 12345;

	(void)state;
	floe_arena_init(&a, 4096);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct floe_pgtype t;
		uint8_t bin[512], c[512];
		size_t n = unhex(v->hex, bin, sizeof(bin));
		struct floe_value val;
		struct floe_err err;
		bool fixed;

		floe_pgtype_builtin(v->oid, v->typmod, &t);
		if (!t.binary)
			continue;
		fixed = t.kind != FLOE_PGK_STRING && t.kind != FLOE_PGK_JSON && t.kind != FLOE_PGK_BYTEA &&
			t.kind != FLOE_PGK_JSONB;
		for (k = 0; k < n; k++) {
			int r = floe_pgvalue_decode(&t, FLOE_PG_FMT_BINARY, bin, k, &fail_policy, &a, &val, &err);
			if (fixed && r == 0)
				fail_msg("%s '%s': prefix of %zu of %zu bytes decoded", v->type, v->text, k, n);
			if (!fixed && t.kind == FLOE_PGK_JSONB && k == 0)
				assert_int_equal(r, -1);
		}
		for (k = 0; k < 200; k++) {
			size_t j, flips = 1 + (size_t)(rand_r(&seed) % 4);
			memcpy(c, bin, n);
			for (j = 0; j < flips && n; j++)
				c[rand_r(&seed) % n] ^= (uint8_t)(1u << (rand_r(&seed) % 8));
			(void)floe_pgvalue_decode(&t, FLOE_PG_FMT_BINARY, c, n, &fail_policy, &a, &val, &err);
			(void)floe_pgvalue_decode(&t, FLOE_PG_FMT_TEXT, c, n, &fail_policy, &a, &val, &err);
		}
		/* text prefixes: must not crash */
		for (k = 0; k < strlen(v->text); k++)
			(void)floe_pgvalue_decode(&t, FLOE_PG_FMT_TEXT, (const uint8_t *)v->text, k, &fail_policy, &a,
						  &val, &err);
		floe_arena_reset(&a);
	}
	floe_arena_release(&a);
}

static void put16(uint8_t *p, int v)
{
	p[0] = (uint8_t)((unsigned)v >> 8);
	p[1] = (uint8_t)v;
}

/* numeric binary built by hand: weights far outside the decimal, bad digits, bad sign, lengths */
static void test_numeric_binary_edges(void **state)
{
	struct floe_arena a;
	struct floe_pgtype t, t2;
	uint8_t b[32];
	char got[600];

	(void)state;
	floe_arena_init(&a, 1024);
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, -1, &t);
	assert_int_equal(t.type.precision, 38);
	assert_int_equal(t.type.scale, 9);
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, (12 << 16 | 3) + 4, &t2);
	assert_int_equal(t2.type.precision, 12);
	assert_int_equal(t2.type.scale, 3);

	/* 1 digit 5 at weight 32767: 5e131068 */
	put16(b, 1); put16(b + 2, 32767); put16(b + 4, 0); put16(b + 6, 0); put16(b + 8, 5);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!does not fit decimal(38,9)", got));
	/* weight -32768: a tiny fraction */
	put16(b + 2, -32768); put16(b + 6, 16383);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!does not fit", got));
	/* weight -3 digit 1 → 0.000000000001 (scale 12): inexact at scale 9 */
	put16(b + 2, -3); put16(b + 6, 12); put16(b + 8, 1);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!'0.000000000001' does not fit", got));
	/* weight -3 digit 0 with a large dscale → zero, fits */
	put16(b + 8, 0);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_string_equal(got, "0.000000000");
	/* weight -2, digit 1000: 0.00001; weight -3, digit 1000: 0.000000001 (fits scale 9);
	 * digit 1001 → 0.000000001001 does not */
	put16(b + 2, -2); put16(b + 8, 1000);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_string_equal(got, "0.000010000");
	put16(b + 2, -3);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_string_equal(got, "0.000000001");
	put16(b + 8, 1001);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 10, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!does not fit", got));
	/* trailing zero digits beyond weight are fine: 1 0000 0000 at weight 0 = 1.00000000 */
	put16(b, 3); put16(b + 2, 0); put16(b + 6, 8); put16(b + 8, 1); put16(b + 10, 0); put16(b + 12, 0);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 14, &fail_policy, &a, got, sizeof(got));
	assert_string_equal(got, "1.000000000");
	/* digit > 9999 */
	put16(b + 10, 10000);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 14, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!invalid base-10000 digit", got));
	/* bad sign */
	put16(b + 10, 0); put16(b + 4, 0x8000);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 14, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!invalid sign", got));
	/* ndigits disagrees with the length; negative ndigits */
	put16(b + 4, 0);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 12, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!says 3 digits", got));
	put16(b, -1);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 6 + 2, &fail_policy, &a, got, sizeof(got));
	assert_true(got[0] == '!');
	/* the largest decimal(38,0) and one above it */
	{
		struct floe_pgtype t38;
		/* 10^38 - 1 = 99 9999×9 (weight 9, 10 digits) */
		int i;
		floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, (38 << 16) + 4, &t38);
		put16(b, 10); put16(b + 2, 9); put16(b + 4, 0x4000); put16(b + 6, 0);
		put16(b + 8, 99);
		for (i = 1; i < 10; i++)
			put16(b + 8 + 2 * i, 9999);
		decode_json(&t38, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
		assert_string_equal(got, "\"-99999999999999999999999999999999999999\"");
		put16(b + 8, 100);
		decode_json(&t38, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
		assert_true(matches("!does not fit decimal(38,0)", got));
	}
	floe_arena_release(&a);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static void test_array_binary_edges(void **state)
{
	struct floe_arena a;
	struct floe_pgtype t;
	uint8_t b[64];
	char got[600];

	(void)state;
	floe_arena_init(&a, 1024);
	floe_pgtype_builtin(FLOE_PG_OID_INT4_ARRAY, -1, &t);
	assert_int_equal(t.kind, FLOE_PGK_ARRAY);
	assert_int_equal(t.type.id, FLOE_T_LIST);
	assert_int_equal(t.type.elem_id, FLOE_T_INT);
	assert_true(t.binary);
	/* 2-dim array → error naming the dimension count */
	put32(b, 2); put32(b + 4, 0); put32(b + 8, 23); put32(b + 12, 1); put32(b + 16, 1); put32(b + 20, 1);
	put32(b + 24, 1); put32(b + 28, 4); put32(b + 32, 7);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 36, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!multi-dimensional array value (2 dimensions)", got));
	/* wrong element type */
	put32(b, 1); put32(b + 8, 20); put32(b + 12, 1); put32(b + 16, 1); put32(b + 20, 4); put32(b + 24, 9);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!element type oid 20, expected 23", got));
	/* correct, lower bound 0 */
	put32(b + 8, 23); put32(b + 16, 0);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_string_equal(got, "[9]");
	/* element count far beyond the bytes */
	put32(b + 12, 0x7fffffff);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!says 2147483647 elements", got));
	/* negative element length other than -1 */
	put32(b + 12, 1); put32(b + 20, 0xfffffffe);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!invalid length -2", got));
	/* element of the wrong size */
	put32(b + 20, 2);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 26, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!array element 1: binary int4 value has 2 bytes", got));
	/* trailing bytes after the elements */
	put32(b + 20, 4);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 30, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!trailing", got));
	/* bad flags, negative ndim */
	put32(b + 4, 7);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!invalid flags", got));
	put32(b + 4, 0); put32(b, 0xffffffff);
	decode_json(&t, FLOE_PG_FMT_BINARY, b, 28, &fail_policy, &a, got, sizeof(got));
	assert_true(matches("!invalid dimension count", got));
	floe_arena_release(&a);
}

static void test_text_edges(void **state)
{
	static const struct { uint32_t oid; int32_t typmod; const char *text; const char *expect; } cases[] = {
		{ FLOE_PG_OID_INT4, -1, "2147483648", "!out of range" },
		{ FLOE_PG_OID_INT4, -1, "-", "!not valid" },
		{ FLOE_PG_OID_INT4, -1, "12a", "!not valid" },
		{ FLOE_PG_OID_INT2, -1, "-32769", "!out of range" },
		{ FLOE_PG_OID_INT8, -1, "-9223372036854775809", "!out of range" },
		{ FLOE_PG_OID_OID, -1, "4294967296", "!out of range" },
		{ FLOE_PG_OID_OID, -1, "-1", "!not valid" },
		{ FLOE_PG_OID_BOOL, -1, "true", "!expected 't' or 'f'" },
		{ FLOE_PG_OID_FLOAT8, -1, "1.5x", "!not valid" },
		{ FLOE_PG_OID_FLOAT8, -1, "", "!not valid" },
		{ FLOE_PG_OID_NUMERIC, -1, "1.2.3", "!not valid" },
		{ FLOE_PG_OID_NUMERIC, -1, ".", "!not valid" },
		{ FLOE_PG_OID_NUMERIC, -1, ".5", "0.500000000" },
		{ FLOE_PG_OID_NUMERIC, -1, "00012.50", "12.500000000" },
		{ FLOE_PG_OID_BYTEA, -1, "\\x0", "!hex" },
		{ FLOE_PG_OID_BYTEA, -1, "\\001", "!bytea_output=hex" },
		{ FLOE_PG_OID_BYTEA, -1, "\\xzz", "!not valid" },
		{ FLOE_PG_OID_UUID, -1, "a0eebc999c0b4ef8bb6d6bb9bd380a11", "!not valid" },
		{ FLOE_PG_OID_DATE, -1, "2023-02-29", "!not valid" },
		{ FLOE_PG_OID_DATE, -1, "2024-13-01", "!DateStyle=ISO" },
		{ FLOE_PG_OID_DATE, -1, "01-02-2024", "!DateStyle=ISO" },
		{ FLOE_PG_OID_DATE, -1, "2000-02-29", "\"2000-02-29\"" },
		{ FLOE_PG_OID_DATE, -1, "1900-02-29", "!not valid" },
		{ FLOE_PG_OID_TIME, -1, "24:00:01", "!not valid" },
		{ FLOE_PG_OID_TIME, -1, "12:00", "!not valid" },
		{ FLOE_PG_OID_TIMESTAMPTZ, -1, "2024-01-01 00:00:00", "!UTC offset" },
		{ FLOE_PG_OID_TIMESTAMPTZ, -1, "2024-01-01 00:00:00-07:30", "\"2024-01-01T07:30:00+00:00\"" },
		{ FLOE_PG_OID_TIMESTAMP, -1, "2024-01-01T00:00:00", "!not valid" },
		{ FLOE_PG_OID_TIMESTAMP, -1, "Mon Jan 01 00:00:00 2024", "!DateStyle=ISO" },
		{ FLOE_PG_OID_INTERVAL, -1, "P1D", "!IntervalStyle=postgres" },
		{ FLOE_PG_OID_INTERVAL, -1, "1 fortnight", "!IntervalStyle=postgres" },
		{ FLOE_PG_OID_INTERVAL, -1, "@ 1 day", "!IntervalStyle=postgres" },
		{ FLOE_PG_OID_INTERVAL, -1, "2 days 1:02:03", "\"P2DT1H2M3S\"" },
		{ FLOE_PG_OID_INTERVAL, -1, "infinity", "\"infinity\"" },
		{ FLOE_PG_OID_TIMETZ, -1, "12:00:00", "!expected HH:MM:SS" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "{1,2", "!not valid" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "1,2}", "!not valid" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "{1,,2}", "!empty element" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "{ 1 , 2 }", "[1,2]" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "{1,x}", "!array element 2" },
		{ FLOE_PG_OID_INT4_ARRAY, -1, "[1:2][1:1]={{1},{2}}", "!multi-dimensional" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{\"abc}", "!unterminated" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{null,Null,\"null\"}", "[null,null,\"null\"]" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{a\\,b,c}", "[\"a,b\",\"c\"]" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{\"a\"b}", "!not valid" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{}", "[]" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{ }", "[]" },
		{ FLOE_PG_OID_TEXT_ARRAY, -1, "{\\", "!not valid" },
	};
	struct floe_arena a;
	size_t i;
	int failures = 0;

	(void)state;
	floe_arena_init(&a, 1024);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct floe_pgtype t;
		char got[600];
		floe_pgtype_builtin(cases[i].oid, cases[i].typmod, &t);
		decode_json(&t, FLOE_PG_FMT_TEXT, (const uint8_t *)cases[i].text, strlen(cases[i].text), &fail_policy,
			    &a, got, sizeof(got));
		if (!matches(cases[i].expect, got)) {
			print_error("text oid %u '%s': expected %s, got %s\n", cases[i].oid, cases[i].text,
				    cases[i].expect, got);
			failures++;
		}
	}
	floe_arena_release(&a);
	assert_int_equal(failures, 0);
}

static void test_type_mapping(void **state)
{
	struct floe_pgtype t;

	(void)state;
	assert_true(floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, ((50 << 16) | 2) + 4, &t));
	assert_int_equal(t.type.precision, 38);
	assert_int_equal(t.type.scale, 9);
	/* numeric(5,-2) → decimal(7,0); numeric(3,5) → decimal(5,5); numeric(38,-1) → too wide */
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, ((5 << 16) | (0x7ff & (uint32_t)-2)) + 4, &t);
	assert_int_equal(t.type.precision, 7);
	assert_int_equal(t.type.scale, 0);
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, ((3 << 16) | 5) + 4, &t);
	assert_int_equal(t.type.precision, 5);
	assert_int_equal(t.type.scale, 5);
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, ((38 << 16) | (0x7ff & (uint32_t)-1)) + 4, &t);
	assert_int_equal(t.type.precision, 38);
	assert_int_equal(t.type.scale, 9);
	assert_true(floe_pgtype_builtin(FLOE_PG_OID_MONEY, -1, &t));
	assert_int_equal(t.kind, FLOE_PGK_TEXT_ONLY);
	assert_false(t.binary);
	assert_int_equal(t.type.id, FLOE_T_STRING);
	assert_true(floe_pgtype_builtin(FLOE_PG_OID_UUID, -1, &t));
	assert_int_equal(t.type.id, FLOE_T_UUID);
	assert_true(floe_pgtype_builtin(FLOE_PG_OID_TIMESTAMPTZ, -1, &t));
	assert_int_equal(t.type.id, FLOE_T_TIMESTAMPTZ);
	assert_true(floe_pgtype_builtin(FLOE_PG_OID_INTERVAL, -1, &t));
	assert_int_equal(t.type.id, FLOE_T_STRING);
	assert_true(t.binary);
	/* box[] stays text; int4range[] is a list of strings in text form only */
	floe_pgtype_builtin(1020, -1, &t);
	assert_int_equal(t.kind, FLOE_PGK_TEXT_ONLY);
	floe_pgtype_builtin(3905, -1, &t);
	assert_int_equal(t.kind, FLOE_PGK_ARRAY);
	assert_int_equal(t.type.elem_id, FLOE_T_STRING);
	assert_false(t.binary);
	/* numeric(10,2)[] keeps the element's decimal type */
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC_ARRAY, ((10 << 16) | 2) + 4, &t);
	assert_int_equal(t.type.elem_id, FLOE_T_DECIMAL);
	assert_int_equal(t.type.elem_precision, 10);
	assert_int_equal(t.type.elem_scale, 2);
	assert_int_equal(t.elem_oid, FLOE_PG_OID_NUMERIC);
	/* user types are not built in */
	assert_false(floe_pgtype_builtin(16384, -1, &t));
	assert_int_equal(t.kind, FLOE_PGK_TEXT_ONLY);
	assert_int_equal(floe_pgtype_builtin_elem(FLOE_PG_OID_INT4_ARRAY), FLOE_PG_OID_INT4);
	assert_int_equal(floe_pgtype_builtin_elem(FLOE_PG_OID_INT4), 0);
}

/* The 'null' policy counts every value it turns into NULL; the fail policy counts nothing. */
static void test_policy_counts_nulled(void **state)
{
	struct floe_arena a;
	struct floe_pgtype num, date, i4;
	struct floe_value v;
	struct floe_err err = { 0 };
	uint64_t n = 0;
	struct floe_pg_policy pol = { FLOE_POLICY_NULL, FLOE_POLICY_NULL, &n };
	struct floe_pg_policy fpol = { FLOE_POLICY_FAIL, FLOE_POLICY_FAIL, &n };

	(void)state;
	floe_arena_init(&a, 1024);
	floe_pgtype_builtin(FLOE_PG_OID_NUMERIC, -1, &num);
	floe_pgtype_builtin(FLOE_PG_OID_DATE, -1, &date);
	floe_pgtype_builtin(FLOE_PG_OID_INT4, -1, &i4);
	assert_int_equal(floe_pgvalue_decode(&num, FLOE_PG_FMT_TEXT, (const uint8_t *)"NaN", 3, &pol, &a, &v, &err), 0);
	assert_true(v.is_null);
	assert_int_equal(floe_pgvalue_decode(&num, FLOE_PG_FMT_TEXT, (const uint8_t *)"1000000000000000000000000000000", 31, &pol, &a, &v, &err), 0);
	assert_int_equal(floe_pgvalue_decode(&date, FLOE_PG_FMT_TEXT, (const uint8_t *)"infinity", 8, &pol, &a, &v, &err),
			 0);
	assert_int_equal(n, 3);
	/* values that fit are not counted */
	assert_int_equal(floe_pgvalue_decode(&num, FLOE_PG_FMT_TEXT, (const uint8_t *)"1.5", 3, &pol, &a, &v, &err), 0);
	assert_int_equal(floe_pgvalue_decode(&i4, FLOE_PG_FMT_TEXT, (const uint8_t *)"7", 1, &pol, &a, &v, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(floe_pgvalue_decode(&num, FLOE_PG_FMT_TEXT, (const uint8_t *)"NaN", 3, &fpol, &a, &v, &err), -1);
	assert_int_equal(n, 3);
	floe_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_truncated_and_corrupt),
		cmocka_unit_test(test_numeric_binary_edges),
		cmocka_unit_test(test_array_binary_edges),
		cmocka_unit_test(test_text_edges),
		cmocka_unit_test(test_type_mapping),
		cmocka_unit_test(test_policy_counts_nulled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
