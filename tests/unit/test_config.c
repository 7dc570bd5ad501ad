/*
 * test_config.c — unit tests for the YAML configuration loader: a full file
 * with every key, defaults, ${ENV} interpolation, durations and sizes, paths
 * made absolute against the file's directory, and one table of bad files with
 * the exact message each must produce (and that the DSN's password never
 * appears in any of them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"

static int load(const char *yaml, struct floe_config *cfg, struct floe_err *err)
{
	return floe_config_load_string(yaml, strlen(yaml), "config.yaml", cfg, err);
}

static void test_full_file(void **state)
{
	static const char yaml[] =
		"# every key\n"
		"source:\n"
		"  dsn: host=db port=5433 user=floe password=s3cret dbname=app\n"
		"  publication: pub1\n"
		"  slot: slot1\n"
		"  tables: [public.orders, customers, \"sales.items\", '\"My Schema\".\"Big \"\"T\"\"\"', Sales.Big Table]\n"
		"warehouse:\n"
		"  location: /data/wh\n"
		"catalog:\n"
		"  type: sql\n"
		"  uri: sqlite:/data/cat.db\n"
		"  name: main\n"
		"  namespace: mirror\n"
		"sink:\n"
		"  flush_interval: 1m30s\n"
		"  flush_rows: 1_000\n"
		"  flush_bytes: 1GB\n"
		"  memory_limit: 256MiB\n"
		"  spill_dir: /var/tmp/floe\n"
		"  metadata_columns: false\n"
		"types:\n"
		"  numeric_overflow: null\n"
		"  infinity: 'null'\n";
	struct floe_config c;
	struct floe_err err = { 0 };

	(void)state;
	assert_int_equal(load(yaml, &c, &err), 0);
	assert_string_equal(c.path, "config.yaml");
	assert_string_equal(c.source.dsn, "host=db port=5433 user=floe password=s3cret dbname=app");
	assert_string_equal(c.source.publication, "pub1");
	assert_string_equal(c.source.slot, "slot1");
	assert_int_equal(c.source.n_tables, 5);
	assert_string_equal(c.source.tables[3], "My Schema.Big \"T\"");
	assert_string_equal(c.source.tables[4], "Sales.Big Table");
	assert_true(floe_config_wants_table(&c, "public", "orders"));
	assert_true(floe_config_wants_table(&c, "My Schema", "Big \"T\""));
	assert_true(floe_config_wants_table(&c, "sales", "items"));
	assert_false(floe_config_wants_table(&c, "Sales", "items"));
	assert_false(floe_config_wants_table(&c, "public", "order"));
	assert_false(floe_config_wants_table(&c, "publi", "c.orders"));
	assert_false(floe_config_wants_table(&c, "public", "orders2"));
	assert_string_equal(c.source.tables[0], "public.orders");
	assert_string_equal(c.source.tables[1], "public.customers");
	assert_string_equal(c.source.tables[2], "sales.items");
	assert_string_equal(c.warehouse.location, "/data/wh");
	assert_string_equal(c.catalog.type, "sql");
	assert_string_equal(c.catalog.uri, "/data/cat.db");
	assert_string_equal(c.catalog.name, "main");
	assert_string_equal(c.catalog.namespace_, "mirror");
	assert_int_equal(c.sink.flush_interval_ms, 90000);
	assert_int_equal(c.sink.flush_rows, 1000);
	assert_int_equal(c.sink.flush_bytes, 1000000000);
	assert_int_equal(c.sink.memory_limit, 256 * 1048576);
	assert_string_equal(c.sink.spill_dir, "/var/tmp/floe");
	assert_false(c.sink.metadata_columns);
	/* a plain `null` is YAML's null and keeps the default; the quoted one is the policy */
	assert_int_equal(c.types.numeric_overflow, FLOE_POLICY_FAIL);
	assert_int_equal(c.types.infinity, FLOE_POLICY_NULL);
	floe_config_free(&c);
	floe_config_free(&c); /* idempotent */
}

static void test_defaults(void **state)
{
	struct floe_config c;
	struct floe_err err = { 0 };
	char *cwd = getcwd(NULL, 0);
	char expect[4096];
	const char *tmp = getenv("TMPDIR");

	(void)state;
	assert_int_equal(load("source:\n  dsn: dbname=app\n", &c, &err), 0);
	assert_string_equal(c.source.publication, "floe");
	assert_string_equal(c.source.slot, "floe");
	assert_null(c.source.tables);
	assert_int_equal(c.source.n_tables, 0);
	assert_true(floe_config_wants_table(&c, "any", "thing"));
	snprintf(expect, sizeof(expect), "%s/warehouse", strcmp(cwd, "/") ? cwd : "");
	assert_string_equal(c.warehouse.location, expect);
	snprintf(expect, sizeof(expect), "%s/warehouse/catalog.db", strcmp(cwd, "/") ? cwd : "");
	assert_string_equal(c.catalog.uri, expect);
	assert_string_equal(c.catalog.type, "sql");
	assert_string_equal(c.catalog.name, "floe");
	assert_null(c.catalog.namespace_);
	assert_int_equal(c.sink.flush_interval_ms, 10000);
	assert_int_equal(c.sink.flush_rows, 1000000);
	assert_int_equal(c.sink.flush_bytes, 128 * 1048576);
	assert_int_equal(c.sink.memory_limit, 64 * 1048576);
	assert_string_equal(c.sink.spill_dir, tmp && tmp[0] ? tmp : "/tmp");
	assert_true(c.sink.metadata_columns);
	assert_int_equal(c.types.numeric_overflow, FLOE_POLICY_FAIL);
	assert_int_equal(c.types.infinity, FLOE_POLICY_FAIL);
	floe_config_free(&c);
	free(cwd);
}

static void test_env_interpolation(void **state)
{
	struct floe_config c;
	struct floe_err err = { 0 };

	(void)state;
	setenv("FLOE_T_HOST", "db.example", 1);
	setenv("FLOE_T_EMPTY", "", 1);
	unsetenv("FLOE_T_UNSET");
	assert_int_equal(load("source:\n"
			      "  dsn: host=${FLOE_T_HOST} port=${FLOE_T_UNSET:-5432} user=${FLOE_T_EMPTY:-floe} x=${FLOE_T_EMPTY}\n"
			      "  slot: a$${b}c$d\n"
			      "  publication: \"${FLOE_T_UNSET:-p}\"\n"
			      "sink:\n"
			      "  flush_rows: ${FLOE_T_UNSET:-42}\n"
			      "  metadata_columns: ${FLOE_T_UNSET:-off}\n",
			      &c, &err),
			 0);
	assert_string_equal(c.source.dsn, "host=db.example port=5432 user=floe x=");
	assert_string_equal(c.source.slot, "a${b}c$d");
	assert_string_equal(c.source.publication, "p");
	assert_int_equal(c.sink.flush_rows, 42);
	assert_false(c.sink.metadata_columns);
	floe_config_free(&c);
}

struct value_case {
	const char *yaml;
	int64_t flush_interval_ms, flush_bytes;
};

static void test_durations_and_sizes(void **state)
{
	static const struct value_case cases[] = {
		{ "sink: {flush_interval: 500ms, flush_bytes: 1}", 500, 1 },
		{ "sink: {flush_interval: 10s, flush_bytes: 4096B}", 10000, 4096 },
		{ "sink: {flush_interval: 1m, flush_bytes: 128MiB}", 60000, 134217728 },
		{ "sink: {flush_interval: 2h, flush_bytes: 2KiB}", 7200000, 2048 },
		{ "sink: {flush_interval: 1h1m1s1ms, flush_bytes: 3kb}", 3661001, 3000 },
		{ "sink: {flush_interval: 1s, flush_bytes: 1 GiB}", 1000, 1073741824 },
		{ "sink: {flush_interval: 1s, flush_bytes: 2TB}", 1000, 2000000000000 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char yaml[256];
		struct floe_config c;
		struct floe_err err = { 0 };

		snprintf(yaml, sizeof(yaml), "source: {dsn: x}\n%s\n", cases[i].yaml);
		if (load(yaml, &c, &err) != 0)
			fail_msg("case %zu: %s", i, err.msg);
		assert_int_equal(c.sink.flush_interval_ms, cases[i].flush_interval_ms);
		assert_int_equal(c.sink.flush_bytes, cases[i].flush_bytes);
		floe_config_free(&c);
	}
}

struct bad_case {
	const char *yaml;
	const char *msg;     /* the whole expected message */
};

static void test_bad_files(void **state)
{
	static const struct bad_case cases[] = {
		{ "source:\n  dsn: x\n  slott: s\n",
		  "config.yaml:3: unknown key 'source.slott' (did you mean 'source.slot'?)" },
		{ "source:\n  dsn: x\nsink:\n  flush_intervall: 1s\n",
		  "config.yaml:4: unknown key 'sink.flush_intervall' (did you mean 'sink.flush_interval'?)" },
		{ "source:\n  dsn: x\n  location: /x\n",
		  "config.yaml:3: unknown key 'source.location' (did you mean 'warehouse.location'?)" },
		{ "sorce:\n  dsn: x\n", "config.yaml:1: unknown key 'sorce' (did you mean 'source'?)" },
		{ "dsn: x\n", "config.yaml:1: unknown key 'dsn' (did you mean 'source.dsn'?)" },
		{ "source:\n  dsn: x\nfoo: 1\n",
		  "config.yaml:3: unknown key 'foo' (the sections are source, warehouse, catalog, sink and types)" },
		{ "source:\n  dsn: x\n  zzzzzz: 1\n",
		  "config.yaml:3: unknown key 'source.zzzzzz' (see docs/configuration.md for the keys of 'source')" },
		{ "source:\n  publication: p\n",
		  "config.yaml: missing required key 'source.dsn' (the libpq connection string of the source "
		  "database, e.g. 'host=db user=floe dbname=app')" },
		{ "sink:\n  flush_rows: 5\n",
		  "config.yaml: missing required key 'source.dsn' (the libpq connection string of the source "
		  "database, e.g. 'host=db user=floe dbname=app')" },
		{ "source:\n  dsn:\n", "config.yaml:2: key 'source.dsn' has no value" },
		{ "source:\n  dsn: ''\n", "config.yaml:2: key 'source.dsn' is empty" },
		{ "", "config.yaml: the file is empty; it needs at least 'source: {dsn: ...}'" },
		{ "# only a comment\n", "config.yaml: the file is empty; it needs at least 'source: {dsn: ...}'" },
		{ "- a\n- b\n",
		  "config.yaml:1: the configuration must be a mapping with sections like 'source:' and 'warehouse:'" },
		{ "source: x\n",
		  "config.yaml:1: 'source' must be a mapping of keys (for example 'source:' followed by indented "
		  "'key: value' lines)" },
		{ "source:\n  dsn: x\n  slot: [a]\n", "config.yaml:3: key 'source.slot': expected a single value, got a list" },
		{ "source:\n  dsn: {a: b}\n", "config.yaml:2: key 'source.dsn': expected a single value, got a mapping" },
		{ "source:\n  dsn: x\n  tables: orders\n",
		  "config.yaml:3: key 'source.tables': expected a list of table names like [public.orders, public.customers]" },
		{ "source:\n  dsn: x\n  tables: [a.b.c]\n",
		  "config.yaml:3: key 'source.tables': 'a.b.c' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables: ['\"a.b\".c']\n",
		  "config.yaml:3: key 'source.tables': '\"a.b\".c' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables: ['\"a\"x']\n",
		  "config.yaml:3: key 'source.tables': '\"a\"x' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables: [\"\\\"a\\nb\"]\n",
		  "config.yaml:3: key 'source.tables': '\"a?b' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source: {dsn: x}\nsink:\n  flush_rows: 12345678901234567890123456789012345678901234567890123456789012345678901234567890\n",
		  "config.yaml:3: key 'sink.flush_rows': expected a positive whole number, got "
		  "'1234567890123456789012345678901234567890123456789012345678901234...'" },
		{ "source:\n  dsn: x\n  \"slot\\tx\": 1\n",
		  "config.yaml:3: unknown key 'source.slot?x' (did you mean 'source.slot'?)" },
		{ "source:\n  dsn: x\n  tables: [.t]\n",
		  "config.yaml:3: key 'source.tables': '.t' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables: ['s.']\n",
		  "config.yaml:3: key 'source.tables': 's.' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables: ['\"\"']\n",
		  "config.yaml:3: key 'source.tables': '\"\"' is not a table name; write 'schema.table' or 'table' "
		  "(meaning public.table), names as stored in the catalog (double quotes allowed, dots inside names "
		  "are not)" },
		{ "source:\n  dsn: x\n  tables:\n    - a\n    - public.a\n",
		  "config.yaml:5: key 'source.tables': table 'public.a' is listed twice" },
		{ "source:\n  dsn: x\n  tables: [[a]]\n",
		  "config.yaml:3: key 'source.tables': each entry must be a table name like 'public.orders'" },
		{ "source: {dsn: x}\nsink:\n  flush_interval: 10\n",
		  "config.yaml:3: key 'sink.flush_interval': expected a positive duration like '10s', '500ms', '1m' "
		  "or '1h', got '10'" },
		{ "source: {dsn: x}\nsink:\n  flush_interval: 0s\n",
		  "config.yaml:3: key 'sink.flush_interval': expected a positive duration like '10s', '500ms', '1m' "
		  "or '1h', got '0s'" },
		{ "source: {dsn: x}\nsink:\n  flush_interval: 10 s\n",
		  "config.yaml:3: key 'sink.flush_interval': expected a positive duration like '10s', '500ms', '1m' "
		  "or '1h', got '10 s'" },
		{ "source: {dsn: x}\nsink:\n  flush_interval: 99999999999999999999s\n",
		  "config.yaml:3: key 'sink.flush_interval': expected a positive duration like '10s', '500ms', '1m' "
		  "or '1h', got '99999999999999999999s'" },
		{ "source: {dsn: x}\nsink:\n  flush_bytes: 12XB\n",
		  "config.yaml:3: key 'sink.flush_bytes': expected a positive size like '128MiB', '1GB' or a number "
		  "of bytes, got '12XB'" },
		{ "source: {dsn: x}\nsink:\n  memory_limit: 9000000000TiB\n",
		  "config.yaml:3: key 'sink.memory_limit': expected a positive size like '128MiB', '1GB' or a number "
		  "of bytes, got '9000000000TiB'" },
		{ "source: {dsn: x}\nsink:\n  memory_limit: -1\n",
		  "config.yaml:3: key 'sink.memory_limit': expected a positive size like '128MiB', '1GB' or a number "
		  "of bytes, got '-1'" },
		{ "source: {dsn: x}\nsink:\n  flush_rows: 0\n",
		  "config.yaml:3: key 'sink.flush_rows': expected a positive whole number, got '0'" },
		{ "source: {dsn: x}\nsink:\n  flush_rows: 1.5\n",
		  "config.yaml:3: key 'sink.flush_rows': expected a positive whole number, got '1.5'" },
		{ "source: {dsn: x}\nsink:\n  metadata_columns: maybe\n",
		  "config.yaml:3: key 'sink.metadata_columns': expected true or false, got 'maybe'" },
		{ "source: {dsn: x}\ntypes:\n  infinity: clamp\n",
		  "config.yaml:3: key 'types.infinity': expected 'fail' or 'null', got 'clamp'" },
		{ "source: {dsn: x}\ncatalog:\n  type: glue\n",
		  "config.yaml:3: key 'catalog.type': 'glue' is not a supported catalog type; use 'sql' (SQLite file "
		  "or PostgreSQL database)" },
		{ "source: {dsn: x}\ncatalog:\n  uri: mysql://h/db\n",
		  "config.yaml:3: key 'catalog.uri': expected a SQLite file path, 'sqlite:PATH' or a postgresql:// URI" },
		{ "source: {dsn: x}\nwarehouse:\n  location: s3://bucket/wh\n",
		  "config.yaml:3: key 'warehouse.location': 's3://bucket/wh' is not supported; give a local directory "
		  "(an absolute path, a path relative to the config file, or file://PATH)" },
		{ "source:\n  dsn: x\n  dsn: y\n", "config.yaml:3: key 'source.dsn' is given twice" },
		{ "source:\n  dsn: x\nsource:\n  slot: y\n", "config.yaml:3: section 'source' is given twice" },
		{ "source:\n  dsn: host=${FLOE_T_NOPE} password=hunter2\n",
		  "config.yaml:2: key 'source.dsn': environment variable 'FLOE_T_NOPE' is not set (export it, or give "
		  "a default with ${FLOE_T_NOPE:-value})" },
		{ "source:\n  dsn: x\n  slot: ${FLOE_T_NOPE\n",
		  "config.yaml:3: key 'source.slot': '${FLOE_T_NOPE' is missing its closing '}'" },
		{ "source:\n  dsn: x\n  slot: a${}\n",
		  "config.yaml:3: key 'source.slot': '${' must be followed by an environment variable name and '}' "
		  "(write '$${' for a literal '${')" },
		{ "source:\n  dsn: x\n  slot: \"a\\0b\"\n", "config.yaml:3: key 'source.slot': the value contains a NUL character" },
		/* malformed YAML: libyaml's problem and the line */
		{ "source:\n  dsn: x\n  slot: [a\n",
		  "config.yaml:4: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence" },
		{ "source:\n  dsn: x\n slot: y\n",
		  "config.yaml:3: invalid YAML: did not find expected key while parsing a block mapping" },
		{ "source:\n\tdsn: x\n",
		  "config.yaml:2: invalid YAML: found character that cannot start any token while scanning for the next token" },
		{ "source:\n  dsn: \"password=hunter2\n",
		  "config.yaml:3: invalid YAML: found unexpected end of stream while scanning a quoted scalar" },
		{ "source: {dsn: x}\n---\nsource: {dsn: y}\n",
		  "config.yaml:2: more than one YAML document ('---'); put everything in one" },
		{ "source: {dsn: x}\n\xff\xfe\n",
		  "config.yaml:2: invalid YAML: invalid leading UTF-8 octet (the file must be UTF-8 text)" },
	};
	size_t i;

	(void)state;
	unsetenv("FLOE_T_NOPE");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct floe_config c;
		struct floe_err err = { 0 };

		if (load(cases[i].yaml, &c, &err) == 0) {
			floe_config_free(&c);
			fail_msg("case %zu loaded but should fail: %s", i, cases[i].yaml);
		}
		if (strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu:\n  got:    %s\n  wanted: %s", i, err.msg, cases[i].msg);
		assert_null(strstr(err.msg, "hunter2"));
		/* failure leaves nothing to free */
		assert_null(c.path);
		assert_null(c.source.dsn);
		assert_null(c.source.tables);
	}
}

static void test_file_relative_paths(void **state)
{
	char dir[] = "/tmp/floe-test-config-XXXXXX";
	char path[256], expect[512], sub[300];
	FILE *f;
	struct floe_config c;
	struct floe_err err = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(path, sizeof(path), "%s/sub/floe.yaml", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("source:\n  dsn: dbname=x\nwarehouse:\n  location: ../wh/./x/..//y\ncatalog:\n  uri: sqlite:cat.db\n"
	      "sink:\n  spill_dir: file://spill\n",
	      f);
	fclose(f);
	assert_int_equal(floe_config_load(path, &c, &err), 0);
	assert_string_equal(c.path, path);
	snprintf(expect, sizeof(expect), "%s/wh/y", dir);
	assert_string_equal(c.warehouse.location, expect);
	snprintf(expect, sizeof(expect), "%s/sub/cat.db", dir);
	assert_string_equal(c.catalog.uri, expect);
	snprintf(expect, sizeof(expect), "%s/sub/spill", dir);
	assert_string_equal(c.sink.spill_dir, expect);
	floe_config_free(&c);

	/* the default catalog lives in the warehouse */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("source:\n  dsn: dbname=x\ncatalog:\n  uri: postgresql://u:pw@h/cat\n", f);
	fclose(f);
	assert_int_equal(floe_config_load(path, &c, &err), 0);
	snprintf(expect, sizeof(expect), "%s/sub/warehouse", dir);
	assert_string_equal(c.warehouse.location, expect);
	assert_string_equal(c.catalog.uri, "postgresql://u:pw@h/cat");
	floe_config_free(&c);

	/* a key=value conninfo is a PostgreSQL catalog too, kept as written */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("source:\n  dsn: dbname=x\ncatalog:\n  uri: host=h dbname=cat\n", f);
	fclose(f);
	assert_int_equal(floe_config_load(path, &c, &err), 0);
	assert_string_equal(c.catalog.uri, "host=h dbname=cat");
	floe_config_free(&c);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("source:\n  dsn: dbname=x\n", f);
	fclose(f);
	assert_int_equal(floe_config_load(path, &c, &err), 0);
	snprintf(expect, sizeof(expect), "%s/sub/warehouse/catalog.db", dir);
	assert_string_equal(c.catalog.uri, expect);
	floe_config_free(&c);

	unlink(path);
	rmdir(sub);
	rmdir(dir);

	/* a missing file names itself and the option */
	assert_int_equal(floe_config_load("/nonexistent/floe.yaml", &c, &err), -1);
	assert_string_equal(err.msg, "cannot open config file '/nonexistent/floe.yaml': No such file or directory "
				     "(pass it with -c FILE)");
}

/* FLOE_CONFIG_NO_SOURCE: the table commands load a config without a source
 * section; floe_config_load still requires source.dsn. */
static void test_no_source(void **state)
{
	char dir[] = "/tmp/floe-test-config-XXXXXX";
	char path[256], expect[512];
	FILE *f;
	struct floe_config c;
	struct floe_err err = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/floe.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("warehouse:\n  location: wh\ncatalog:\n  namespace: app\n", f);
	fclose(f);
	assert_int_equal(floe_config_load(path, &c, &err), -1);
	assert_non_null(strstr(err.msg, "missing required key 'source.dsn'"));
	assert_int_equal(floe_config_load_opts(path, &c, 0, &err), -1);
	assert_int_equal(floe_config_load_opts(path, &c, FLOE_CONFIG_NO_SOURCE, &err), 0);
	assert_null(c.source.dsn);
	snprintf(expect, sizeof(expect), "%s/wh", dir);
	assert_string_equal(c.warehouse.location, expect);
	snprintf(expect, sizeof(expect), "%s/wh/catalog.db", dir);
	assert_string_equal(c.catalog.uri, expect);
	assert_string_equal(c.catalog.namespace_, "app");
	floe_config_free(&c);

	/* a source section without dsn is fine too; everything else is still checked */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("source:\n  slot: s1\ncatalog:\n  uri: host=h dbname=cat\n", f);
	fclose(f);
	assert_int_equal(floe_config_load_opts(path, &c, FLOE_CONFIG_NO_SOURCE, &err), 0);
	assert_string_equal(c.source.slot, "s1");
	assert_string_equal(c.catalog.uri, "host=h dbname=cat");
	floe_config_free(&c);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("warehouse:\n  locaton: wh\n", f);
	fclose(f);
	assert_int_equal(floe_config_load_opts(path, &c, FLOE_CONFIG_NO_SOURCE, &err), -1);
	assert_non_null(strstr(err.msg, "locaton"));
	unlink(path);
	rmdir(dir);
}

/* Every ```yaml block of docs/configuration.md that has a source section loads. */
static void test_docs_examples(void **state)
{
	const char *src = getenv("FLOE_SRC");
	char path[1024], *text = NULL, *p;
	FILE *f;
	long n;
	int blocks = 0;

	(void)state;
	if (!src)
		src = ".";
	snprintf(path, sizeof(path), "%s/docs/configuration.md", src);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	setenv("FLOE_PG_PASSWORD", "pw", 1);
	setenv("FLOE_DB", "shop", 1);
	for (p = strstr(text, "```yaml\n"); p; p = strstr(p, "```yaml\n")) {
		char *start = p + 8, *end = strstr(start, "```");
		struct floe_config c;
		struct floe_err err = { 0 };

		assert_non_null(end);
		*end = '\0';
		p = end + 3;
		if (strncmp(start, "source:", 7) != 0 && !strstr(start, "\nsource:"))
			continue;
		if (!strstr(start, "dsn:") || end - start > 4000)
			continue;
		if (floe_config_load_string(start, (size_t)(end - start), "doc", &c, &err) != 0)
			fail_msg("docs example %d: %s", blocks, err.msg);
		if (strstr(start, "Line Items")) {
			assert_int_equal(c.source.n_tables, 3);
			assert_string_equal(c.source.tables[2], "Sales.Line Items");
			assert_int_equal(c.sink.flush_rows, 1000000);
		}
		floe_config_free(&c);
		blocks++;
	}
	assert_true(blocks >= 3);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_env_interpolation),
		cmocka_unit_test(test_durations_and_sizes),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_file_relative_paths),
		cmocka_unit_test(test_no_source),
		cmocka_unit_test(test_docs_examples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
