/*
 * test_change.c — change assembly from decoded pgoutput tuples (no server):
 * key extraction, a primary-key change (old_key), unchanged TOAST values taken
 * from a FULL old tuple or from a key tuple only for key columns, flagged
 * otherwise (NULL placeholder, never a wrong value), deletes keyed from the old
 * tuple, and errors for a key column that was not sent or a tuple that does
 * not match its relation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "pg/change.h"
#include "pg/relcache.h"

struct fixture {
	struct floe_pg_relcache *rc;
	const struct floe_pg_relation *rel;
	struct floe_field fields[3];
	int keys[1];
	struct floe_change_rel cr;
	struct floe_arena arena;
	struct floe_pg_policy policy;
};

/* relation public.t (id int4 key, big text, n int4) with replica identity `ident` */
static void make_rel(struct fixture *f, char ident)
{
	struct floe_pg_relcol cols[3] = {
		{ 1, "id", 23, -1 },
		{ ident == 'f' ? 1 : 0, "big", 25, -1 },
		{ ident == 'f' ? 1 : 0, "n", 23, -1 },
	};
	struct floe_pg_msg m;
	struct floe_err err = { 0 };

	memset(f, 0, sizeof(*f));
	f->rc = floe_pg_relcache_new(NULL);
	assert_non_null(f->rc);
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_RELATION;
	m.u.relation.oid = 16384;
	m.u.relation.nspname = "public";
	m.u.relation.relname = "t";
	m.u.relation.replident = ident;
	m.u.relation.ncols = 3;
	m.u.relation.cols = cols;
	assert_int_equal(floe_pg_relcache_apply(f->rc, &m, &err), 0);
	f->rel = floe_pg_relcache_get(f->rc, 16384);
	assert_non_null(f->rel);
	floe_pg_relation_schema(f->rel, f->fields, NULL, NULL);
	f->keys[0] = 0;
	f->cr.pg = f->rel;
	f->cr.oid = 16384;
	f->cr.schema = "public";
	f->cr.table = "t";
	f->cr.ncols = 3;
	f->cr.fields = f->fields;
	f->cr.nkeys = 1;
	f->cr.key_cols = f->keys;
	f->cr.key_is_pk = true;
	floe_arena_init(&f->arena, 4096);
}

static void free_rel(struct fixture *f)
{
	floe_arena_release(&f->arena);
	floe_pg_relcache_free(f->rc);
}

/* A tuple from a spec string per column: "n" null, "u" unchanged, else text value. */
static struct floe_pg_tuple tup(struct floe_pg_col *cols, const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c };
	struct floe_pg_tuple t = { 3, cols };

	for (int i = 0; i < 3; i++) {
		memset(&cols[i], 0, sizeof(cols[i]));
		if (!strcmp(v[i], "n")) {
			cols[i].kind = FLOE_PG_COL_NULL;
		} else if (!strcmp(v[i], "u")) {
			cols[i].kind = FLOE_PG_COL_UNCHANGED;
		} else {
			cols[i].kind = FLOE_PG_COL_TEXT;
			cols[i].p = (const uint8_t *)v[i];
			cols[i].len = (uint32_t)strlen(v[i]);
		}
	}
	return t;
}

static void assert_text(const struct floe_value *v, const char *s)
{
	assert_false(v->is_null);
	assert_int_equal(v->u.bytes.len, strlen(s));
	assert_memory_equal(v->u.bytes.p, s, strlen(s));
}

static void test_insert(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_INSERT;
	m.u.insert.relid = 16384;
	m.u.insert.newtup = tup(c, "7", "big value", "n");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_int_equal(ch.op, FLOE_OP_INSERT);
	assert_int_equal(ch.key[0].u.i32, 7);
	assert_int_equal(ch.row[0].u.i32, 7);
	assert_text(&ch.row[1], "big value");
	assert_true(ch.row[2].is_null);
	assert_null(ch.unchanged);
	assert_null(ch.old);
	assert_null(ch.old_key);
	free_rel(&f);
}

static void test_update_default_toast_flagged(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_UPDATE;
	m.u.update.relid = 16384;
	m.u.update.newtup = tup(c, "7", "u", "2");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_non_null(ch.unchanged);
	assert_int_equal(ch.unchanged[1], 1);
	assert_int_equal(ch.unchanged[0] + ch.unchanged[2], 0);
	assert_true(ch.row[1].is_null); /* placeholder, never a value */
	assert_int_equal(ch.row[2].u.i32, 2);
	assert_null(ch.old_key);
	free_rel(&f);
}

static void test_update_key_tuple_fills_only_keys(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3], o[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_UPDATE;
	m.u.update.relid = 16384;
	/* key column unchanged-TOAST in the new tuple (possible for big keys), sent in 'K' */
	m.u.update.old_kind = 'K';
	m.u.update.oldtup = tup(o, "7", "n", "n");
	m.u.update.newtup = tup(c, "u", "u", "3");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_int_equal(ch.row[0].u.i32, 7);      /* filled from the key tuple */
	assert_int_equal(ch.unchanged[0], 0);
	assert_int_equal(ch.unchanged[1], 1);      /* 'n' in a key tuple is not a value */
	assert_int_equal(ch.old_kind, 'K');
	assert_null(ch.old_key);                   /* same key */
	free_rel(&f);
}

static void test_update_pk_change(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3], o[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_UPDATE;
	m.u.update.relid = 16384;
	m.u.update.old_kind = 'K';
	m.u.update.oldtup = tup(o, "1", "n", "n");
	m.u.update.newtup = tup(c, "10", "x", "n");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_int_equal(ch.key[0].u.i32, 10);
	assert_non_null(ch.old_key);
	assert_int_equal(ch.old_key[0].u.i32, 1);
	free_rel(&f);
}

static void test_update_full_recovers_toast(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3], o[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'f');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_UPDATE;
	m.u.update.relid = 16384;
	m.u.update.old_kind = 'O';
	m.u.update.oldtup = tup(o, "7", "the old big value", "1");
	m.u.update.newtup = tup(c, "7", "u", "2");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_null(ch.unchanged);
	assert_text(&ch.row[1], "the old big value");
	assert_int_equal(ch.row[2].u.i32, 2);
	assert_int_equal(ch.old[2].u.i32, 1);
	assert_null(ch.old_key);
	free_rel(&f);
}

static void test_delete_keyed_from_old(void **state)
{
	struct fixture f;
	struct floe_pg_col o[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	m.type = FLOE_PGM_DELETE;
	m.u.del.relid = 16384;
	m.u.del.old_kind = 'K';
	m.u.del.oldtup = tup(o, "42", "n", "n");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), 0);
	assert_int_equal(ch.op, FLOE_OP_DELETE);
	assert_int_equal(ch.key[0].u.i32, 42);
	assert_null(ch.row);
	assert_int_equal(ch.old_kind, 'K');
	free_rel(&f);
}

static void test_errors(void **state)
{
	struct fixture f;
	struct floe_pg_col c[3];
	struct floe_pg_msg m;
	struct floe_change ch;
	struct floe_err err = { 0 };

	(void)state;
	make_rel(&f, 'd');
	memset(&m, 0, sizeof(m));
	/* a key column that was not sent and cannot be recovered */
	m.type = FLOE_PGM_UPDATE;
	m.u.update.relid = 16384;
	m.u.update.newtup = tup(c, "u", "x", "1");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), -1);
	assert_non_null(strstr(err.msg, "key column 'id'"));
	/* a tuple with the wrong column count */
	m.type = FLOE_PGM_INSERT;
	m.u.insert.relid = 16384;
	m.u.insert.newtup = tup(c, "1", "x", "1");
	m.u.insert.newtup.ncols = 2;
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), -1);
	assert_non_null(strstr(err.msg, "public.t"));
	/* a bad value */
	m.u.insert.newtup = tup(c, "not a number", "x", "1");
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), -1);
	assert_non_null(strstr(err.msg, "'id'"));
	/* not a row change */
	m.type = FLOE_PGM_BEGIN;
	assert_int_equal(floe_change_build(&f.cr, &m, &f.policy, &f.arena, &ch, &err), -1);
	free_rel(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_update_default_toast_flagged),
		cmocka_unit_test(test_update_key_tuple_fills_only_keys),
		cmocka_unit_test(test_update_pk_change),
		cmocka_unit_test(test_update_full_recovers_toast),
		cmocka_unit_test(test_delete_keyed_from_old),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
