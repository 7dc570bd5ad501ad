/*
 * test_repl.c — CopyData framing of the replication stream: XLogData and
 * keepalive headers parse to the right fields, unknown message types are
 * skipped, and truncated or empty frames are errors (never a crash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "pg/repl.h"

static size_t frame(uint8_t *out, char type, uint64_t a, uint64_t b, uint64_t c, const char *tail, size_t tlen)
{
	out[0] = (uint8_t)type;
	floe_store_u64be(out + 1, a);
	floe_store_u64be(out + 9, b);
	floe_store_u64be(out + 17, c);
	memcpy(out + 25, tail, tlen);
	return 25 + tlen;
}

static void test_xlogdata(void **state)
{
	uint8_t f[64];
	struct floe_repl_msg m;
	struct floe_err err = { 0 };
	size_t n = frame(f, 'w', 0x16B374D848ull, 0x16B374D848ull, 12345, "Bxyz", 4);

	(void)state;
	assert_int_equal(floe_repl_parse_copydata(f, n, &m, &err), 0);
	assert_int_equal(m.kind, FLOE_REPL_DATA);
	assert_int_equal(m.data_start, 0x16B374D848ull);
	assert_int_equal(m.wal_end, 0x16B374D848ull);
	assert_int_equal(m.send_time, 12345);
	assert_int_equal(m.len, 4);
	assert_memory_equal(m.p, "Bxyz", 4);
	/* a header without a payload */
	assert_int_equal(floe_repl_parse_copydata(f, 25, &m, &err), -1);
	assert_non_null(strstr(err.msg, "XLogData"));
}

static void test_keepalive(void **state)
{
	uint8_t f[32];
	struct floe_repl_msg m;
	struct floe_err err = { 0 };

	(void)state;
	f[0] = 'k';
	floe_store_u64be(f + 1, 0xABCDEF);
	floe_store_u64be(f + 9, 777);
	f[17] = 1;
	assert_int_equal(floe_repl_parse_copydata(f, 18, &m, &err), 0);
	assert_int_equal(m.kind, FLOE_REPL_KEEPALIVE);
	assert_int_equal(m.wal_end, 0xABCDEF);
	assert_int_equal(m.send_time, 777);
	assert_true(m.reply_requested);
	f[17] = 0;
	assert_int_equal(floe_repl_parse_copydata(f, 18, &m, &err), 0);
	assert_false(m.reply_requested);
}

static void test_truncated_and_unknown(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		int rc;
		enum floe_repl_kind kind;
	} cases[] = {
		{ "", 0, -1, FLOE_REPL_TIMEOUT },
		{ "w", 1, -1, FLOE_REPL_TIMEOUT },
		{ "w\0\0\0\0\0\0\0\0\0\0\0", 12, -1, FLOE_REPL_TIMEOUT },
		{ "k\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 17, -1, FLOE_REPL_TIMEOUT },
		{ "p\1\2\3", 4, 0, FLOE_REPL_TIMEOUT },   /* PG19 status request: skipped */
		{ "s", 1, 0, FLOE_REPL_TIMEOUT },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct floe_repl_msg m;
		struct floe_err err = { 0 };
		int rc = floe_repl_parse_copydata((const uint8_t *)cases[i].bytes, cases[i].len, &m, &err);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_int_equal(m.kind, cases[i].kind);
		else
			assert_true(err.msg[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlogdata),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_truncated_and_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
