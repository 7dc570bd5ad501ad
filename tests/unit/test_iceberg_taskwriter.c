/*
 * test_iceberg_taskwriter.c — the shared data-file writer of snapshot and CDC:
 * files roll at the target size (given, or the table's
 * write.target-file-size-bytes), every row lands in exactly one file, the
 * metadata columns carry the LSN and the commit time (NULL when absent),
 * equality-delete files hold only the key, and files not handed over are
 * deleted by free (discard deletes handed-over ones).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "iceberg/metadata.h"
#include "iceberg/taskwriter.h"
#include "storage/storage.h"

struct env {
	char dir[64];
	struct floe_storage *st;
	struct floe_schema schema;
	struct floe_table_metadata md;
	struct floe_arena a;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct floe_field f[4];
	struct floe_err err;
	char loc[128];
	int ids[] = { 1 };

	snprintf(e->dir, sizeof(e->dir), "/tmp/floe-tw-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	assert_int_equal(floe_storage_open(e->dir, &e->st, &err), 0);
	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	f[2].name = "_floe_lsn";
	f[2].type.id = FLOE_T_LONG;
	f[3].name = "_floe_commit_ts";
	f[3].type.id = FLOE_T_TIMESTAMPTZ;
	assert_int_equal(floe_schema_init(&e->schema, 0, f, 4, ids, 1, &err), 0);
	snprintf(loc, sizeof(loc), "file://%s/t", e->dir);
	assert_int_equal(floe_metadata_new(&e->md, loc, &e->schema, NULL, 0, &err), 0);
	floe_arena_init(&e->a, 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	floe_metadata_release(&e->md);
	floe_schema_release(&e->schema);
	floe_storage_free(e->st);
	floe_arena_release(&e->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static int count_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	(void)uri;
	(void)size;
	(void)err;
	(*(int *)arg)++;
	return 0;
}

static int n_files(struct env *e)
{
	char p[128];
	struct floe_err err;
	int n = 0;

	snprintf(p, sizeof(p), "%s/t/data", e->dir);
	if (access(p, F_OK) != 0)
		return 0;
	assert_int_equal(floe_storage_list(e->st, p, count_cb, &n, &err), 0);
	return n;
}

static const struct floe_col_metric *metric(const struct floe_data_file *f, int id)
{
	for (size_t i = 0; i < f->n_metrics; i++)
		if (f->metrics[i].field_id == id)
			return &f->metrics[i];
	return NULL;
}

static struct floe_taskwriter_opts opts(struct env *e, enum floe_content c, uint64_t target)
{
	static const int eq[] = { 1 };
	struct floe_taskwriter_opts o;

	memset(&o, 0, sizeof(o));
	o.st = e->st;
	o.md = &e->md;
	o.schema = &e->schema;
	o.content = c;
	o.lsn_idx = c == FLOE_CONTENT_DATA ? 2 : -1;
	o.ts_idx = c == FLOE_CONTENT_DATA ? 3 : -1;
	o.target_file_bytes = target;
	o.records = &e->a;
	if (c == FLOE_CONTENT_EQUALITY_DELETES) {
		o.equality_ids = eq;
		o.n_equality_ids = 1;
	}
	return o;
}

static void write_rows(struct floe_taskwriter *w, int from, int n, int64_t ts)
{
	struct floe_value row[4];
	char name[64];
	struct floe_err err;

	for (int i = from; i < from + n; i++) {
		memset(row, 0, sizeof(row));
		row[0].u.i64 = i;
		snprintf(name, sizeof(name), "row-%08d-with-some-padding-to-fill-pages", i);
		row[1].u.bytes.p = (const uint8_t *)name;
		row[1].u.bytes.len = (uint32_t)strlen(name);
		row[2].is_null = true; /* set by the writer */
		if (floe_taskwriter_write(w, row, 0x1000 + (uint64_t)from, ts, &err) < 0)
			fail_msg("write: %s", err.msg);
	}
}

static void test_roll_and_metadata_columns(void **state)
{
	struct env *e = *state;
	struct floe_taskwriter_opts o = opts(e, FLOE_CONTENT_DATA, 64 * 1024);
	struct floe_taskwriter *w;
	struct floe_data_file *files = NULL;
	size_t n = 0, cap = 0;
	struct floe_err err;
	int64_t total = 0;

	assert_int_equal(floe_taskwriter_new(&w, &o, &err), 0);
	write_rows(w, 0, 20000, INT64_MIN);
	assert_int_equal(floe_taskwriter_rows(w), 20000);
	assert_int_equal(floe_taskwriter_close(w, &files, &n, &cap, &err), 0);
	assert_true(n > 1); /* rolled */
	assert_int_equal(n_files(e), (int)n);
	for (size_t i = 0; i < n; i++) {
		const struct floe_col_metric *lsn = metric(&files[i], 3), *ts = metric(&files[i], 4);
		total += files[i].record_count;
		assert_int_equal(files[i].content, FLOE_CONTENT_DATA);
		assert_non_null(lsn);
		assert_non_null(lsn->lower);
		assert_int_equal(lsn->lower_len, 8);
		assert_true(memcmp(lsn->lower, lsn->upper, 8) == 0); /* one LSN for the whole stream */
		assert_non_null(ts);
		assert_int_equal(ts->null_count, files[i].record_count); /* no commit time: NULL */
	}
	assert_int_equal(total, 20000);
	/* the writer goes on after a close; free discards what was not handed over */
	write_rows(w, 20000, 10, 1700000000000000);
	floe_taskwriter_free(w);
	assert_int_equal(n_files(e), (int)n);
	/* discard removes handed-over files */
	floe_taskwriter_discard(e->st, files, n);
	assert_int_equal(n_files(e), 0);
	free(files);
}

static void test_target_from_property(void **state)
{
	struct env *e = *state;
	struct floe_table_metadata md2;
	struct floe_kv kv[] = { { "write.target-file-size-bytes", "1048576" } };
	struct floe_taskwriter_opts o = opts(e, FLOE_CONTENT_DATA, 0);
	struct floe_taskwriter *w;
	struct floe_data_file *files = NULL;
	size_t n = 0, cap = 0;
	struct floe_err err;

	/* default 512 MiB: one file */
	assert_int_equal(floe_taskwriter_new(&w, &o, &err), 0);
	write_rows(w, 0, 30000, 5);
	assert_int_equal(floe_taskwriter_close(w, &files, &n, &cap, &err), 0);
	assert_int_equal(n, 1);
	floe_taskwriter_free(w);
	/* the table property: 1 MiB files */
	assert_int_equal(floe_metadata_set_properties(&md2, &e->md, NULL, kv, 1, NULL, 0, &err), 0);
	o.md = &md2;
	assert_int_equal(floe_taskwriter_new(&w, &o, &err), 0);
	write_rows(w, 0, 150000, 5);
	assert_int_equal(floe_taskwriter_close(w, &files, &n, &cap, &err), 0);
	assert_true(n >= 3);
	for (size_t i = 1; i < n; i++)
		assert_true(files[i].file_size_in_bytes < 3 * 1048576);
	floe_taskwriter_free(w);
	floe_metadata_release(&md2);
	free(files);
}

static void test_equality_deletes(void **state)
{
	struct env *e = *state;
	struct floe_taskwriter_opts o = opts(e, FLOE_CONTENT_EQUALITY_DELETES, 0);
	struct floe_taskwriter *w;
	struct floe_data_file *files = NULL;
	size_t n = 0, cap = 0;
	struct floe_value key;
	struct floe_err err;

	assert_int_equal(floe_taskwriter_new(&w, &o, &err), 0);
	for (int i = 0; i < 100; i++) {
		memset(&key, 0, sizeof(key));
		key.u.i64 = i;
		assert_int_equal(floe_taskwriter_write(w, &key, 0, INT64_MIN, &err), 0);
	}
	assert_int_equal(floe_taskwriter_close(w, &files, &n, &cap, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(files[0].content, FLOE_CONTENT_EQUALITY_DELETES);
	assert_int_equal(files[0].record_count, 100);
	assert_int_equal(files[0].n_equality_ids, 1);
	assert_non_null(strstr(files[0].file_path, "-eq-del"));
	assert_null(metric(&files[0], 2)); /* only the key column */
	floe_taskwriter_free(w);
	free(files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roll_and_metadata_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_from_property, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equality_deletes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
