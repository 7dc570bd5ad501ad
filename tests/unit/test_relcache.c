/*
 * test_relcache.c — relation cache: Relation/Type messages by OID, version
 * bumps and retired entries, type resolution through the resolver hook
 * (domains, enums, arrays of user types, unknown types, attndims), the
 * binary-capable check, the Iceberg schema view, and tuple decoding with
 * text, binary, NULL and unchanged-TOAST columns and its error messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "pg/pgoutput.h"
#include "pg/relcache.h"

static struct floe_pg_msg relmsg(uint32_t oid, const char *ns, const char *name, char ri, struct floe_pg_relcol *cols,
				 uint16_t n)
{
	struct floe_pg_msg m;

	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_RELATION;
	m.u.relation.oid = oid;
	m.u.relation.nspname = ns;
	m.u.relation.relname = name;
	m.u.relation.replident = ri;
	m.u.relation.ncols = n;
	m.u.relation.cols = cols;
	return m;
}

/* a fake pg_type: 20001 domain over numeric(10,2), 20002 enum, 20003 array of 20002,
 * 20004 domain over 20001, 20005 composite, 20006 array of 20005, 20007 error,
 * 20008 domain over int4[] */
static int lookups;

static int fake_lookup(void *ctx, uint32_t oid, struct floe_pg_typeinfo *info, struct floe_err *err)
{
	(void)ctx;
	lookups++;
	memset(info, 0, sizeof(*info));
	info->typtypmod = -1;
	switch (oid) {
	case 20001: info->typtype = 'd'; info->typcategory = 'N'; info->typbasetype = 1700;
		info->typtypmod = ((10 << 16) | 2) + 4; return 1;
	case 20002: info->typtype = 'e'; info->typcategory = 'E'; return 1;
	case 20003: info->typtype = 'b'; info->typcategory = 'A'; info->typelem = 20002; return 1;
	case 20004: info->typtype = 'd'; info->typcategory = 'N'; info->typbasetype = 20001; return 1;
	case 20005: info->typtype = 'c'; info->typcategory = 'C'; return 1;
	case 20006: info->typtype = 'b'; info->typcategory = 'A'; info->typelem = 20005; return 1;
	case 20007: return floe_err_set(err, "connection lost");
	case 20008: info->typtype = 'd'; info->typcategory = 'A'; info->typbasetype = 1007; return 1;
	case 20009: info->typtype = 'd'; info->typbasetype = 20009; return 1;
	}
	return 0;
}

static int fake_attndims(void *ctx, uint32_t rel, const char *col, int *nd, struct floe_err *err)
{
	(void)ctx;
	(void)rel;
	(void)err;
	*nd = strcmp(col, "matrix") == 0 ? 2 : 1;
	return 0;
}

static void test_relation_lifecycle(void **state)
{
	struct floe_pg_relcache *rc = floe_pg_relcache_new(NULL);
	struct floe_pg_relcol cols[3] = {
		{ 1, "id", 20, -1 }, { 0, "name", 25, -1 }, { 0, "price", 1700, ((12 << 16) | 3) + 4 },
	};
	struct floe_pg_msg m = relmsg(16384, "", "items", 'd', cols, 3);
	const struct floe_pg_relation *r1, *r2, *r3;
	struct floe_field fields[3];
	int keys[3], nkeys;
	struct floe_err err;

	(void)state;
	assert_null(floe_pg_relcache_get(rc, 16384));
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	r1 = floe_pg_relcache_get(rc, 16384);
	assert_non_null(r1);
	assert_string_equal(r1->nspname, "pg_catalog");
	assert_string_equal(r1->relname, "items");
	assert_int_equal(r1->version, 1);
	assert_int_equal(r1->ncols, 3);
	assert_true(r1->cols[0].key);
	assert_int_equal(r1->cols[0].map.type.id, FLOE_T_LONG);
	assert_int_equal(r1->cols[2].map.type.id, FLOE_T_DECIMAL);
	assert_int_equal(r1->cols[2].map.type.precision, 12);
	assert_int_equal(r1->cols[2].map.type.scale, 3);
	assert_true(r1->binary_ok);
	assert_true(floe_pg_relcache_binary_ok(r1));

	floe_pg_relation_schema(r1, fields, keys, &nkeys);
	assert_int_equal(nkeys, 1);
	assert_int_equal(keys[0], 1);
	assert_true(fields[0].required);
	assert_false(fields[1].required);
	assert_string_equal(fields[1].name, "name");
	assert_int_equal(fields[1].type.id, FLOE_T_STRING);
	assert_int_equal(fields[2].id, 3);

	/* the same relation again: same entry */
	m.u.relation.nspname = "pg_catalog";
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	assert_ptr_equal(floe_pg_relcache_get(rc, 16384), r1);

	/* a type change: new version, the old entry stays readable until dropped */
	cols[1].type_oid = 790; /* money: text only */
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	r2 = floe_pg_relcache_get(rc, 16384);
	assert_ptr_not_equal(r2, r1);
	assert_int_equal(r2->version, 2);
	assert_false(r2->binary_ok);
	assert_string_equal(r1->cols[1].name, "name"); /* still valid (retired) */
	assert_int_equal(r1->cols[1].type_oid, 25);
	floe_pg_relcache_drop_retired(rc);

	/* a key change is a change too */
	cols[1].flags = 1;
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	r3 = floe_pg_relcache_get(rc, 16384);
	assert_int_equal(r3->version, 3);
	floe_pg_relation_schema(r3, fields, NULL, &nkeys);
	assert_int_equal(nkeys, 2);

	/* non-relation messages are ignored */
	m.type = FLOE_PGM_BEGIN;
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	floe_pg_relcache_free(rc);
}

static void test_many_relations(void **state)
{
	struct floe_pg_relcache *rc = floe_pg_relcache_new(NULL);
	struct floe_pg_relcol col = { 1, "id", 23, -1 };
	struct floe_err err;
	char name[32];
	uint32_t i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		struct floe_pg_msg m;
		snprintf(name, sizeof(name), "t%u", i);
		m = relmsg(16384 + i * 7, "public", name, 'd', &col, 1);
		assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	}
	for (i = 0; i < 2000; i++) {
		const struct floe_pg_relation *r = floe_pg_relcache_get(rc, 16384 + i * 7);
		snprintf(name, sizeof(name), "t%u", i);
		assert_non_null(r);
		assert_string_equal(r->relname, name);
	}
	assert_null(floe_pg_relcache_get(rc, 16385));
	floe_pg_relcache_free(rc);
}

static void test_resolver(void **state)
{
	struct floe_pg_resolver res = { fake_lookup, fake_attndims, NULL };
	struct floe_pg_relcache *rc = floe_pg_relcache_new(&res);
	struct floe_pg_relcol cols[] = {
		{ 1, "amount", 20001, -1 },  /* domain over numeric(10,2) */
		{ 0, "mood", 20002, -1 },    /* enum */
		{ 0, "moods", 20003, -1 },   /* enum[] */
		{ 0, "amount2", 20004, -1 }, /* domain over domain */
		{ 0, "addr", 20005, -1 },    /* composite */
		{ 0, "addrs", 20006, -1 },   /* composite[] */
		{ 0, "ints", 20008, -1 },    /* domain over int4[] */
		{ 0, "matrix", 1007, -1 },   /* int4[][] declared */
		{ 0, "ghost", 29999, -1 },   /* unknown to pg_type */
	};
	struct floe_pg_msg m = relmsg(16400, "public", "t", 'f', cols, 9);
	const struct floe_pg_relation *r;
	struct floe_pgtype t;
	struct floe_err err;

	(void)state;
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	r = floe_pg_relcache_get(rc, 16400);
	assert_int_equal(r->cols[0].map.kind, FLOE_PGK_NUMERIC);
	assert_int_equal(r->cols[0].map.type.precision, 10);
	assert_int_equal(r->cols[0].map.type.scale, 2);
	assert_true(r->cols[0].map.binary);
	assert_int_equal(r->cols[1].map.kind, FLOE_PGK_STRING);
	assert_true(r->cols[1].map.binary);
	assert_int_equal(r->cols[2].map.kind, FLOE_PGK_ARRAY);
	assert_int_equal(r->cols[2].map.type.elem_id, FLOE_T_STRING);
	assert_int_equal(r->cols[2].map.elem_oid, 20002);
	assert_true(r->cols[2].map.binary);
	assert_int_equal(r->cols[3].map.type.id, FLOE_T_DECIMAL);
	assert_int_equal(r->cols[3].map.type.precision, 10);
	assert_int_equal(r->cols[4].map.kind, FLOE_PGK_TEXT_ONLY);
	assert_false(r->cols[4].map.binary);
	assert_int_equal(r->cols[5].map.kind, FLOE_PGK_ARRAY);
	assert_false(r->cols[5].map.binary);
	assert_int_equal(r->cols[6].map.kind, FLOE_PGK_ARRAY);
	assert_int_equal(r->cols[6].map.type.elem_id, FLOE_T_INT);
	assert_int_equal(r->cols[6].map.elem_oid, 23);
	assert_int_equal(r->cols[7].map.kind, FLOE_PGK_TEXT_ONLY); /* multi-dimensional → string */
	assert_int_equal(r->cols[7].map.type.id, FLOE_T_STRING);
	assert_int_equal(r->cols[8].map.kind, FLOE_PGK_TEXT_ONLY);
	assert_false(r->binary_ok);
	/* lookups are cached: mapping again asks nothing */
	lookups = 0;
	assert_int_equal(floe_pg_relcache_map_type(rc, 20003, -1, &t, &err), 0);
	assert_int_equal(lookups, 0);
	assert_int_equal(t.kind, FLOE_PGK_ARRAY);
	/* resolver failure refuses the relation, naming it */
	cols[0].type_oid = 20007;
	m.u.relation.oid = 16401;
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), -1);
	assert_non_null(strstr(err.msg, "relation 'public.t' column 'amount': looking up type oid 20007: "
					 "connection lost"));
	assert_null(floe_pg_relcache_get(rc, 16401));
	/* a domain that is its own base */
	assert_int_equal(floe_pg_relcache_map_type(rc, 20009, -1, &t, &err), -1);
	assert_non_null(strstr(err.msg, "domain without a valid base type"));
	floe_pg_relcache_free(rc);
}

static void test_type_messages_without_resolver(void **state)
{
	struct floe_pg_relcache *rc = floe_pg_relcache_new(NULL);
	struct floe_pg_msg y;
	struct floe_pgtype t;
	struct floe_err err;

	(void)state;
	memset(&y, 0, sizeof(y));
	y.type = FLOE_PGM_TYPE;
	y.u.type.oid = 17000;
	y.u.type.nspname = "public";
	y.u.type.typname = "citext";
	assert_int_equal(floe_pg_relcache_apply(rc, &y, &err), 0);
	assert_int_equal(floe_pg_relcache_map_type(rc, 17000, -1, &t, &err), 0);
	assert_int_equal(t.kind, FLOE_PGK_STRING);
	assert_true(t.binary);
	y.u.type.oid = 17001;
	y.u.type.typname = "hstore";
	assert_int_equal(floe_pg_relcache_apply(rc, &y, &err), 0);
	assert_int_equal(floe_pg_relcache_map_type(rc, 17001, -1, &t, &err), 0);
	assert_int_equal(t.kind, FLOE_PGK_TEXT_ONLY);
	assert_false(t.binary);
	assert_int_equal(t.type.id, FLOE_T_STRING);
	floe_pg_relcache_free(rc);
}

static void test_tuple_decode(void **state)
{
	struct floe_pg_relcache *rc = floe_pg_relcache_new(NULL);
	struct floe_pg_relcol cols[4] = {
		{ 1, "id", 23, -1 }, { 0, "note", 25, -1 }, { 0, "price", 1700, ((10 << 16) | 2) + 4 },
		{ 0, "at", 1184, -1 },
	};
	struct floe_pg_msg m = relmsg(1, "public", "t", 'd', cols, 4);
	static const uint8_t bin_id[] = { 0, 0, 0, 42 };
	static const uint8_t bin_at[] = { 0, 0, 0, 0, 0, 0, 0, 0 }; /* 2000-01-01 */
	struct floe_pg_col tc[4] = {
		{ FLOE_PG_COL_BINARY, 4, bin_id },
		{ FLOE_PG_COL_UNCHANGED, 0, NULL },
		{ FLOE_PG_COL_TEXT, 5, (const uint8_t *)"12.50" },
		{ FLOE_PG_COL_BINARY, 8, bin_at },
	};
	struct floe_pg_tuple tup = { 4, tc };
	struct floe_pg_policy pol = { FLOE_POLICY_FAIL, FLOE_POLICY_FAIL, NULL };
	struct floe_value vals[4];
	uint8_t unch[4];
	struct floe_arena a;
	struct floe_err err;
	const struct floe_pg_relation *r;

	(void)state;
	floe_arena_init(&a, 1024);
	assert_int_equal(floe_pg_relcache_apply(rc, &m, &err), 0);
	r = floe_pg_relcache_get(rc, 1);
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), 0);
	assert_int_equal(vals[0].u.i32, 42);
	assert_true(vals[1].is_null);
	assert_int_equal(unch[1], 1);
	assert_int_equal(unch[0], 0);
	assert_true(vals[2].u.dec == 1250);
	assert_true(vals[3].u.i64 == INT64_C(946684800000000));
	/* unchanged without an unchanged array */
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "column 'note': unchanged TOAST"));
	/* a value error names relation and column */
	tc[1].kind = FLOE_PG_COL_NULL;
	tc[2].p = (const uint8_t *)"1e999";
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), -1);
	assert_non_null(strstr(err.msg, "relation 'public.t' column 'price': numeric value '1e999' is not valid"));
	tc[2].p = (const uint8_t *)"NaN";
	tc[2].len = 3;
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), -1);
	assert_non_null(strstr(err.msg, "column 'price': numeric value 'NaN' has no Iceberg decimal equivalent; set types.numeric_overflow: 'null'"));
	pol.numeric_overflow = FLOE_POLICY_NULL;
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), 0);
	assert_true(vals[2].is_null);
	/* binary value for a wrong width */
	tc[0].len = 3;
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), -1);
	assert_non_null(strstr(err.msg, "column 'id': binary int4 value has 3 bytes, expected 4"));
	/* column count mismatch */
	tup.ncols = 3;
	assert_int_equal(floe_pg_tuple_decode(r, &tup, &pol, &a, vals, unch, &err), -1);
	assert_non_null(strstr(err.msg, "tuple has 3 columns but the relation message declared 4"));
	floe_arena_release(&a);
	floe_pg_relcache_free(rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relation_lifecycle),
		cmocka_unit_test(test_many_relations),
		cmocka_unit_test(test_resolver),
		cmocka_unit_test(test_type_messages_without_resolver),
		cmocka_unit_test(test_tuple_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
