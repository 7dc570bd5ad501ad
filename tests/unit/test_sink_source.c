/*
 * test_sink_source.c — the schema-change guard: a relation as the stream
 * delivers it must have the same columns (names, Iceberg types, in order) and
 * key as the table was described with; every kind of difference is refused
 * with a message that names the table and the column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pg/source.h"

static struct floe_field base[] = {
	{ 1, "id", true, { .id = FLOE_T_LONG } },
	{ 2, "amount", false, { .id = FLOE_T_DECIMAL, .precision = 12, .scale = 2 } },
	{ 3, "tags", false, { .id = FLOE_T_LIST, .elem_id = FLOE_T_STRING, .elem_field_id = 7 } },
};

static void table(struct floe_src_table *t, int *keys)
{
	memset(t, 0, sizeof(*t));
	t->schema = (char *)"public";
	t->name = (char *)"orders";
	t->ncols = 3;
	t->fields = base;
	keys[0] = 0;
	t->key_cols = keys;
	t->nkeys = 1;
}

struct change_case {
	const char *what;
	int col;                 /* column to alter, -1 = none */
	const char *name;        /* new name, or NULL */
	struct floe_type type;   /* new type when id != 0 */
	int ncols;               /* delivered column count */
	int nkeys;
	int key0;
	const char *want;        /* substring of the error, NULL = accepted */
};

static void test_relation_changes(void **state)
{
	static const struct change_case cases[] = {
		{ "same", -1, NULL, { 0 }, 3, 1, 0, NULL },
		{ "list element id differs only", 2, NULL,
		  { .id = FLOE_T_LIST, .elem_id = FLOE_T_STRING, .elem_field_id = 99 }, 3, 1, 0, NULL },
		{ "renamed", 1, "total", { 0 }, 3, 1, 0, "column 2 is now 'total', was 'amount'" },
		{ "retyped", 1, NULL, { .id = FLOE_T_DECIMAL, .precision = 14, .scale = 2 }, 3, 1, 0,
		  "column 'amount' is now decimal(14,2), was decimal(12,2)" },
		{ "element retyped", 2, NULL, { .id = FLOE_T_LIST, .elem_id = FLOE_T_INT }, 3, 1, 0,
		  "column 'tags' is now" },
		{ "added", -1, NULL, { 0 }, 4, 1, 0, "column 'extra' was added" },
		{ "dropped", -1, NULL, { 0 }, 2, 1, 0, "column 'tags' was dropped" },
		{ "key widened", -1, NULL, { 0 }, 3, 2, 0, "changed its key" },
		{ "key moved", -1, NULL, { 0 }, 3, 1, 1, "changed its key" },
	};
	struct floe_src_table t;
	int keys[1];

	(void)state;
	table(&t, keys);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct change_case *c = &cases[i];
		struct floe_field f[4];
		struct floe_err err = { 0 };
		int k[2] = { c->key0, 1 };
		memcpy(f, base, sizeof(base));
		f[3].id = 4;
		f[3].name = "extra";
		f[3].type.id = FLOE_T_INT;
		if (c->col >= 0 && c->name)
			f[c->col].name = c->name;
		if (c->col >= 0 && c->type.id)
			f[c->col].type = c->type;
		int rc = floe_src_check_relation(&t, f, (uint16_t)c->ncols, k, c->nkeys, &err);
		if (!c->want) {
			assert_int_equal(rc, 0);
			continue;
		}
		assert_int_equal(rc, -1);
		if (!strstr(err.msg, c->want) || !strstr(err.msg, "'public.orders'"))
			fail_msg("%s: message '%s' lacks '%s'", c->what, err.msg, c->want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relation_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
