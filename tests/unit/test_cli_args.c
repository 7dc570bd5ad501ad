/*
 * test_cli_args.c — the table-driven argument parser every subcommand uses:
 * --name VALUE, --name=VALUE, -cVALUE, -c VALUE, flags, positionals, "--",
 * and the usage errors (unknown option, a value missing, a flag given a
 * value, too many positionals) with their return codes; help returns 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/config_opt.h"

struct parsed {
	const char *config, *format, *pos[2];
	bool once;
	size_t n_pos;
};

static int parse(struct parsed *p, int argc, const char **argv)
{
	const struct floe_cli_opt opts[] = {
		{ "--config", 'c', "a file name", NULL, &p->config },
		{ "--format", 0, "jsonl or csv", NULL, &p->format },
		{ "--once", 0, NULL, &p->once, NULL },
		{ NULL, 0, NULL, NULL, NULL },
	};
	struct floe_cli_args a = { "-c FILE [--once] [--format F] [TABLE [TABLE]]\n  details", opts, p->pos, 2, 0 };
	int rc;

	memset(p, 0, sizeof(*p));
	rc = floe_cli_parse(argc, (char **)argv, &a);
	p->n_pos = a.n_positional;
	return rc;
}

static void test_forms(void **state)
{
	struct parsed p;
	const char *a1[] = { "cmd", "-c", "f.yaml", "--format", "csv", "t1", "--once" };
	const char *a2[] = { "cmd", "--config=f.yaml", "--format=jsonl", "t1", "t2" };
	const char *a3[] = { "cmd", "-cf.yaml", "--", "--once", "-x" };
	const char *a4[] = { "cmd", "--config", "a", "--config", "b" };

	(void)state;
	assert_int_equal(parse(&p, 7, a1), 0);
	assert_string_equal(p.config, "f.yaml");
	assert_string_equal(p.format, "csv");
	assert_true(p.once);
	assert_int_equal(p.n_pos, 1);
	assert_string_equal(p.pos[0], "t1");
	assert_int_equal(parse(&p, 5, a2), 0);
	assert_string_equal(p.config, "f.yaml");
	assert_string_equal(p.format, "jsonl");
	assert_int_equal(p.n_pos, 2);
	assert_string_equal(p.pos[1], "t2");
	assert_false(p.once);
	assert_int_equal(parse(&p, 5, a3), 0); /* after "--" everything is positional */
	assert_string_equal(p.config, "f.yaml");
	assert_false(p.once);
	assert_int_equal(p.n_pos, 2);
	assert_string_equal(p.pos[0], "--once");
	assert_int_equal(parse(&p, 5, a4), 0); /* the last one counts */
	assert_string_equal(p.config, "b");
}

static void test_errors(void **state)
{
	struct parsed p;
	const char *unknown[] = { "cmd", "--bogus" };
	const char *missing[] = { "cmd", "-c" };
	const char *flagval[] = { "cmd", "--once=yes" };
	const char *extra[] = { "cmd", "a", "b", "c" };
	const char *bundle[] = { "cmd", "-xy" };
	const char *help[] = { "cmd", "--format", "csv", "-h" };

	(void)state;
	assert_int_equal(parse(&p, 2, unknown), 2);
	assert_int_equal(parse(&p, 2, missing), 2);
	assert_int_equal(parse(&p, 2, flagval), 2);
	assert_int_equal(parse(&p, 4, extra), 2);
	assert_int_equal(parse(&p, 2, bundle), 2);
	assert_int_equal(parse(&p, 4, help), 1);
}

static void test_config_args(void **state)
{
	const char *path;
	bool pub = false;
	struct floe_cli_flag flags[] = { { "--publication", &pub }, { NULL, NULL } };
	const char *ok[] = { "setup", "-c", "f.yaml", "--publication" };
	const char *none[] = { "setup", "--publication" };
	const char *pos[] = { "setup", "-c", "f.yaml", "extra" };

	(void)state;
	assert_int_equal(floe_cli_parse_config_args(4, (char **)ok, "-c FILE [--publication]", flags, &path), 0);
	assert_string_equal(path, "f.yaml");
	assert_true(pub);
	assert_int_equal(floe_cli_parse_config_args(2, (char **)none, "-c FILE", flags, &path), 2);
	assert_int_equal(floe_cli_parse_config_args(4, (char **)pos, "-c FILE", flags, &path), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_config_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
