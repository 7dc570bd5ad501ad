/*
 * test_preflight.c — unit tests for the pure helpers of pg/preflight and
 * pg/conn: byte counts for humans, "schema.table" splitting, server version
 * text, the minimum-version decision of `floe check`, and one-line errors
 * from a connection that never opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pg/conn.h"
#include "pg/preflight.h"

static void test_pretty_bytes(void **state)
{
	static const struct { int64_t n; const char *text; } cases[] = {
		{ 0, "0 bytes" },
		{ 56, "56 bytes" },
		{ 1023, "1023 bytes" },
		{ 1024, "1.0 KiB" },
		{ 1536, "1.5 KiB" },
		{ 12 * 1048576LL + 104858, "12.1 MiB" },
		{ 3LL << 30, "3.0 GiB" },
		{ 5LL << 40, "5.0 TiB" },
		{ 2048LL << 40, "2.0 PiB" },
		{ INT64_MAX, "8192.0 PiB" },
	};
	size_t i;
	char out[64];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		floe_preflight_pretty_bytes(cases[i].n, out, sizeof(out));
		assert_string_equal(out, cases[i].text);
	}
}

static void test_split_table(void **state)
{
	char s[8], t[8];
	struct floe_err err = { 0 };

	(void)state;
	assert_int_equal(floe_preflight_split_table("a.b", s, sizeof(s), t, sizeof(t), &err), 0);
	assert_string_equal(s, "a");
	assert_string_equal(t, "b");
	assert_int_equal(floe_preflight_split_table("Big S.t.x", s, sizeof(s), t, sizeof(t), &err), 0);
	assert_string_equal(s, "Big S");
	assert_string_equal(t, "t.x");
	assert_int_equal(floe_preflight_split_table("nodot", s, sizeof(s), t, sizeof(t), &err), -1);
	assert_string_equal(err.msg, "'nodot' is not a 'schema.table' name");
	assert_int_equal(floe_preflight_split_table(".t", s, sizeof(s), t, sizeof(t), &err), -1);
	assert_int_equal(floe_preflight_split_table("s.", s, sizeof(s), t, sizeof(t), &err), -1);
	assert_int_equal(floe_preflight_split_table("schema_long.t", s, sizeof(s), t, sizeof(t), &err), -1);
	assert_string_equal(err.msg, "table name 'schema_long.t' is too long");
	assert_int_equal(floe_preflight_split_table("s.table_long", s, sizeof(s), t, sizeof(t), &err), -1);
}

static void test_version_text(void **state)
{
	char out[32];

	(void)state;
	floe_conn_version_text(150004, out, sizeof(out));
	assert_string_equal(out, "15.4");
	floe_conn_version_text(170000, out, sizeof(out));
	assert_string_equal(out, "17.0");
	floe_conn_version_text(90624, out, sizeof(out));
	assert_string_equal(out, "9.6.24");
}

static void test_version_decision(void **state)
{
	static const struct {
		int version;
		enum floe_check_level level;
		const char *what;
	} cases[] = {
		{ 90624, FLOE_CHECK_FAIL, "server version 9.6.24 is not supported (floe needs PostgreSQL 14 or later)" },
		{ 130000, FLOE_CHECK_FAIL, "server version 13.0 is not supported (floe needs PostgreSQL 14 or later)" },
		{ 130015, FLOE_CHECK_FAIL, "server version 13.15 is not supported (floe needs PostgreSQL 14 or later)" },
		{ 139999, FLOE_CHECK_FAIL, "server version 13.9999 is not supported (floe needs PostgreSQL 14 or later)" },
		{ 140000, FLOE_CHECK_OK, "server version 14.0" },
		{ 140011, FLOE_CHECK_OK, "server version 14.11" },
		{ 150000, FLOE_CHECK_OK, "server version 15.0" },
		{ 170002, FLOE_CHECK_OK, "server version 17.2" },
	};
	char what[128];
	const char *fix;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fix = "unset";
		assert_int_equal(floe_preflight_version(cases[i].version, what, sizeof(what), &fix), cases[i].level);
		assert_string_equal(what, cases[i].what);
		if (cases[i].level == FLOE_CHECK_OK)
			assert_null(fix);
		else
			assert_string_equal(fix, "upgrade the source to PostgreSQL 14 or later");
	}
	/* a short buffer is cut, never overrun */
	assert_int_equal(floe_preflight_version(130000, what, 10, &fix), FLOE_CHECK_FAIL);
	assert_string_equal(what, "server ve");
}

static void test_conn_without_server(void **state)
{
	struct floe_conn c;
	struct floe_err err = { 0 };
	PGresult *r = (PGresult *)&c;
	char *v = (char *)&c;

	(void)state;
	assert_int_equal(floe_conn_open(&c, "", FLOE_CONN_NORMAL, &err), -1);
	assert_string_equal(err.msg, "source.dsn is empty (give a libpq connection string or a postgresql:// URI)");
	assert_null(c.pg);
	assert_int_equal(floe_conn_open(&c, "host=x password='unterminated", FLOE_CONN_NORMAL, &err), -1);
	assert_string_equal(err.msg, "source.dsn is not a valid connection string: unterminated quoted string in "
				     "connection info string");
	assert_int_equal(floe_conn_open(&c, "postgresql://u:pw@h/db?nosuchoption=1", FLOE_CONN_NORMAL, &err), -1);
	assert_string_equal(err.msg, "source.dsn is not a valid connection string: invalid URI query parameter: "
				     "'nosuchoption'");
	assert_int_equal(floe_conn_open(&c, "dbname=x replication=true", FLOE_CONN_REPLICATION, &err), -1);
	assert_non_null(strstr(err.msg, "source.dsn sets 'replication'"));
	/* a closed connection refuses work instead of crashing */
	assert_int_equal(floe_conn_exec(&c, "SELECT 1", &r, &err), -1);
	assert_null(r);
	assert_string_equal(err.msg, "not connected to PostgreSQL");
	assert_int_equal(floe_conn_query_value(&c, "SELECT 1", &v, &err), -1);
	assert_null(v);
	assert_null(floe_conn_quote_ident(&c, "x", &err));
	floe_conn_close(&c);
	floe_conn_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pretty_bytes),
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_version_text),
		cmocka_unit_test(test_version_decision),
		cmocka_unit_test(test_conn_without_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
