/*
 * test_copybin.c — COPY binary parser over a stream captured from
 * PostgreSQL 15 (`\copy (...) to ... with (format binary)`), fed in chunks
 * of every size from 1 byte up; the null/fail policies on a -infinity
 * field; and malformed streams: bad signature, critical flags, field count
 * mismatch, negative lengths, truncation at every offset, bytes after the
 * trailer, OIDs present.
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
#include "pg/copybin.h"
#include "pg/pgtype.h"

/* select 1, 'one'::text, 12.50::numeric(10,2), '2024-01-02 03:04:05.5+00'::timestamptz, true,
 * '\xdead'::bytea, '{1,NULL,3}'::int4[], 'a0eebc99-…'::uuid, 1.5::float8, '2024-02-29'::date,
 * '12.34'::money::text; then a row of NULLs with '{}' and NaN; then a row with -infinity */
static const char stream_hex[] =
	"5047434f50590aff0d0a000000000000000000000b0000000400000001000000036f6e650000000c00020000000000"
	"02000c1388000000080002b0ec851d9460000000010100000002dead00000028000000010000000100000017000000"
	"03000000010000000400000001ffffffff000000040000000300000010a0eebc999c0b4ef8bb6d6bb9bd380a110000"
	"00083ff80000000000000000000400002279000000062431322e3334000b0000000400000002ffffffffffffffffff"
	"ffffffffffffffffffffff0000000c000000000000000000000017ffffffff000000087ff8000000000000ffffffff"
	"ffffffff000b00000004000000030000000f74616209616e64202271756f7465220000000a0001ffff400000020064"
	"000000088000000000000000000000010000000000ffffffffffffffff00000008fff000000000000000000004ffff"
	"d533000000052d312e3030ffff";

static const char *const expect_rows[] = {
	("1|\"one\"|12.50|\"2024-01-02T03:04:05.5+00:00\"|true|\"\\\\xdead\"|[1,null,3]|"
	 "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"|1.5|\"2024-02-29\"|\"$12.34\""),
	"2|null|null|null|null|null|[]|null|\"NaN\"|null|null",
	"3|\"tab\\tand \\\"quote\\\"\"|-0.01|null|false|\"\\\\x\"|null|null|\"-Infinity\"|\"1970-01-01\"|\"-1.00\"",
};

#define NCOLS 11
static struct floe_pgtype types[NCOLS];
static enum floe_pg_format formats[NCOLS];
static uint8_t stream[1024];
static size_t stream_len;

static int setup(void **state)
{
	static const uint32_t oids[NCOLS] = { 23, 25, 1700, 1184, 16, 17, 1007, 2950, 701, 1082, 25 };
	size_t i;

	(void)state;
	for (i = 0; i < NCOLS; i++) {
		floe_pgtype_builtin(oids[i], oids[i] == 1700 ? ((10 << 16) | 2) + 4 : -1, &types[i]);
		formats[i] = FLOE_PG_FMT_BINARY;
	}
	formats[10] = FLOE_PG_FMT_TEXT; /* money cast to text: its text form */
	stream_len = strlen(stream_hex) / 2;
	for (i = 0; i < stream_len; i++) {
		unsigned v;
		sscanf(stream_hex + 2 * i, "%2x", &v);
		stream[i] = (uint8_t)v;
	}
	return 0;
}

static void row_json(const struct floe_value *vals, char *out, size_t outsz)
{
	struct floe_buf b = FLOE_BUF_INIT;
	int i;

	for (i = 0; i < NCOLS; i++) {
		if (i)
			floe_buf_putc(&b, '|');
		floe_value_to_json(&b, &types[i].type, &vals[i]);
	}
	snprintf(out, outsz, "%s", floe_buf_cstr(&b));
	floe_buf_release(&b);
}

/* Parses `p` fed in `chunk`-byte pieces; returns the rows seen, -1 on error (err set). */
static int run(const uint8_t *p, size_t n, size_t chunk, const struct floe_pg_policy *pol, char rows[][600],
	       struct floe_err *err)
{
	struct floe_pg_copybin cb;
	struct floe_arena a;
	struct floe_value vals[NCOLS];
	size_t off = 0;
	int nrows = 0, ret = -1;

	floe_arena_init(&a, 1024);
	if (floe_pg_copybin_init(&cb, NCOLS, types, formats, pol, err))
		goto out;
	while (off < n) {
		size_t k = n - off < chunk ? n - off : chunk;
		enum floe_pg_copy_status st;
		uint8_t *piece = malloc(k); /* exact size: ASan sees overreads */
		memcpy(piece, p + off, k);
		if (floe_pg_copybin_feed(&cb, piece, k, err)) {
			free(piece);
			goto out;
		}
		free(piece);
		off += k;
		for (;;) {
			if (floe_pg_copybin_next(&cb, vals, &a, &st, err))
				goto out;
			if (st != FLOE_PG_COPY_ROW)
				break;
			if (rows)
				row_json(vals, rows[nrows], 600);
			nrows++;
		}
	}
	if (floe_pg_copybin_finish(&cb, err))
		goto out;
	ret = nrows;
out:
	floe_pg_copybin_release(&cb);
	floe_arena_release(&a);
	return ret;
}

static void test_chunks(void **state)
{
	static const struct floe_pg_policy null_pol = { FLOE_POLICY_FAIL, FLOE_POLICY_NULL, NULL };
	char rows[4][600];
	struct floe_err err;
	size_t chunk;
	int i;

	(void)state;
	for (chunk = 1; chunk <= stream_len; chunk += (chunk < 40 ? 1 : 37)) {
		memset(rows, 0, sizeof(rows));
		if (run(stream, stream_len, chunk, &null_pol, rows, &err) != 3)
			fail_msg("chunk %zu: %s", chunk, err.msg);
		for (i = 0; i < 3; i++)
			assert_string_equal(rows[i], expect_rows[i]);
	}
	assert_int_equal(run(stream, stream_len, stream_len, &null_pol, rows, &err), 3);
}

static void test_policy_fail(void **state)
{
	static const struct floe_pg_policy fail_pol = { FLOE_POLICY_FAIL, FLOE_POLICY_FAIL, NULL };
	char rows[4][600];
	struct floe_err err;

	(void)state;
	assert_int_equal(run(stream, stream_len, 100, &fail_pol, rows, &err), -1);
	assert_non_null(strstr(err.msg, "copy binary stream row 3 column 4 at offset"));
	assert_non_null(strstr(err.msg, "'-infinity' has no Iceberg equivalent"));
}

static void expect_fail(const uint8_t *p, size_t n, const char *sub)
{
	static const struct floe_pg_policy pol = { FLOE_POLICY_NULL, FLOE_POLICY_NULL, NULL };
	struct floe_err err;

	assert_int_equal(run(p, n, 13, &pol, NULL, &err), -1);
	if (!strstr(err.msg, sub))
		fail_msg("expected '%s' in '%s'", sub, err.msg);
}

static void test_malformed(void **state)
{
	uint8_t s[1100];
	size_t k;

	(void)state;
	memcpy(s, stream, stream_len);
	s[1] = 'X';
	expect_fail(s, stream_len, "bad signature");
	expect_fail(s, 3, "bad signature");
	memcpy(s, stream, stream_len);
	s[12] = 0x02; /* flag bit 17 */
	expect_fail(s, stream_len, "unknown critical header flags 0x00020000");
	memcpy(s, stream, stream_len);
	s[20] = 10; /* first row: 10 fields */
	expect_fail(s, stream_len, "row 1 at offset 19: row has 10 fields, expected 11");
	memcpy(s, stream, stream_len);
	memcpy(s + 21, "\xff\xff\xff\xfe", 4); /* first field length -2 */
	expect_fail(s, stream_len, "negative field length");
	memcpy(s, stream, stream_len);
	memcpy(s + 21, "\x00\x00\x00\x03", 4); /* int4 with 3 bytes: the fields no longer line up */
	expect_fail(s, stream_len, "without its trailer (truncated)");
	memcpy(s, stream, stream_len);
	s[stream_len] = 0;
	expect_fail(s, stream_len + 1, "after the trailer");
	/* every truncation fails at finish (or earlier), never crashes */
	for (k = 0; k < stream_len; k++)
		expect_fail(stream, k, k < 19 && k >= 11 ? "without its trailer" : "");
	/* random corruption: no crash */
	{
		unsigned seed = 99;
		static const struct floe_pg_policy pol = { FLOE_POLICY_NULL, FLOE_POLICY_NULL, NULL };
		struct floe_err err;
		for (k = 0; k < 2000; k++) {
			memcpy(s, stream, stream_len);
			s[19 + (size_t)rand_r(&seed) % (stream_len - 19)] ^= (uint8_t)(1u << (rand_r(&seed) % 8));
			(void)run(s, stream_len, 1 + (size_t)rand_r(&seed) % 64, &pol, NULL, &err);
		}
	}
}

static void test_oids_and_extension(void **state)
{
	/* header with the OID flag and a 3-byte extension; one row of one int4 with its OID */
	static const uint8_t s[] = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0,
				     0, 1, 0, 0, 0, 0, 0, 3, 'x', 'y', 'z',
				     0, 1, 0, 0, 0, 4, 0, 0, 0x40, 0, 0, 0, 0, 4, 0, 0, 0, 7,
				     0xff, 0xff };
	struct floe_pg_copybin cb;
	struct floe_pgtype t;
	struct floe_pg_policy pol = { FLOE_POLICY_FAIL, FLOE_POLICY_FAIL, NULL };
	struct floe_value v;
	struct floe_arena a;
	struct floe_err err;
	enum floe_pg_copy_status st;

	(void)state;
	floe_arena_init(&a, 256);
	floe_pgtype_builtin(23, -1, &t);
	assert_int_equal(floe_pg_copybin_init(&cb, 1, &t, NULL, &pol, &err), 0);
	assert_int_equal(floe_pg_copybin_feed(&cb, s, sizeof(s), &err), 0);
	assert_int_equal(floe_pg_copybin_next(&cb, &v, &a, &st, &err), 0);
	assert_int_equal(st, FLOE_PG_COPY_ROW);
	assert_int_equal(v.u.i32, 7);
	assert_int_equal(floe_pg_copybin_next(&cb, &v, &a, &st, &err), 0);
	assert_int_equal(st, FLOE_PG_COPY_DONE);
	assert_int_equal(floe_pg_copybin_finish(&cb, &err), 0);
	assert_int_equal(floe_pg_copybin_feed(&cb, s, 1, &err), -1);
	floe_pg_copybin_release(&cb);
	/* a text-only type cannot be copied in binary */
	floe_pgtype_builtin(790, -1, &t);
	assert_int_equal(floe_pg_copybin_init(&cb, 1, &t, NULL, &pol, &err), -1);
	assert_non_null(strstr(err.msg, "cast to text"));
	floe_pg_copybin_release(&cb);
	floe_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_policy_fail),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_oids_and_extension),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
