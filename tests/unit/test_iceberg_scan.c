/*
 * test_iceberg_scan.c — reading tables back: the bound codec for every type
 * (bytes checked by hand, and against the bounds the Parquet writer puts in
 * data files), deletes applied by sequence number with real files (equality
 * deletes only on older data, position deletes on the same commit too), key
 * lookups with bound pruning, and errors for missing or corrupt data files.
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
#include "iceberg/datawriter.h"
#include "iceberg/expire.h"
#include "iceberg/rowdelta.h"
#include "iceberg/scan.h"
#include "iceberg/table.h"

static void hex(const struct floe_buf *b, char *out)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		sprintf(out + 2 * i, "%02x", b->data[i]);
	out[2 * b->len] = 0;
}

static void test_bound_codec(void **state)
{
	static const uint8_t uuid[16] = { 0xf7, 0x9c, 0x3e, 0x09, 0x67, 0x7c, 0x4b, 0xbd,
					  0xa4, 0x79, 0x3f, 0x34, 0x9c, 0xb7, 0x85, 0xe7 };
	struct {
		struct floe_type t;
		struct floe_value v;
		const char *hex;
	} cases[32];
	size_t n = 0, i;
	floe_i128 big = 1;

	(void)state;
	memset(cases, 0, sizeof(cases));
	for (i = 0; i < 37; i++)
		big *= 10;
#define C(tid, field, val, h)                                                                                        \
	do {                                                                                                         \
		cases[n].t.id = tid;                                                                                 \
		cases[n].v.u.field = val;                                                                            \
		cases[n].hex = h;                                                                                    \
		n++;                                                                                                 \
	} while (0)
	C(FLOE_T_BOOLEAN, b, true, "01");
	C(FLOE_T_BOOLEAN, b, false, "00");
	C(FLOE_T_INT, i32, 1, "01000000");
	C(FLOE_T_INT, i32, -2, "feffffff");
	C(FLOE_T_DATE, i32, 19000, "384a0000");
	C(FLOE_T_LONG, i64, -1, "ffffffffffffffff");
	C(FLOE_T_LONG, i64, 0x0102030405060708LL, "0807060504030201");
	C(FLOE_T_TIME, i64, 3600000000LL, "00a493d600000000");
	C(FLOE_T_TIMESTAMP, i64, 1700000000000000LL, "00401e18240a0600");
	C(FLOE_T_TIMESTAMPTZ, i64, -1, "ffffffffffffffff");
	C(FLOE_T_FLOAT, f32, 1.0f, "0000803f");
	C(FLOE_T_FLOAT, f32, -0.0f, "00000080");
	C(FLOE_T_DOUBLE, f64, 1.0, "000000000000f03f");
	C(FLOE_T_DECIMAL, dec, 0, "00");
	C(FLOE_T_DECIMAL, dec, 127, "7f");
	C(FLOE_T_DECIMAL, dec, 128, "0080");
	C(FLOE_T_DECIMAL, dec, -1, "ff");
	C(FLOE_T_DECIMAL, dec, -128, "80");
	C(FLOE_T_DECIMAL, dec, -129, "ff7f");
	C(FLOE_T_DECIMAL, dec, 1234567, "12d687");
	C(FLOE_T_DECIMAL, dec, big, "0785ee10d5da46d900f436a000000000");
	C(FLOE_T_DECIMAL, dec, -big, "f87a11ef2a25b926ff0bc96000000000");
#undef C
	cases[n].t.id = FLOE_T_STRING;
	cases[n].v.u.bytes.p = (const uint8_t *)"h\xc3\xa9llo";
	cases[n].v.u.bytes.len = 6;
	cases[n++].hex = "68c3a96c6c6f";
	cases[n].t.id = FLOE_T_UUID;
	cases[n].v.u.bytes.p = uuid;
	cases[n].v.u.bytes.len = 16;
	cases[n++].hex = "f79c3e09677c4bbda4793f349cb785e7";
	cases[n].t.id = FLOE_T_FIXED;
	cases[n].t.length = 3;
	cases[n].v.u.bytes.p = (const uint8_t *)"\x00\x01\xff";
	cases[n].v.u.bytes.len = 3;
	cases[n++].hex = "0001ff";
	cases[n].t.id = FLOE_T_BINARY;
	cases[n].v.u.bytes.p = (const uint8_t *)"";
	cases[n].v.u.bytes.len = 0;
	cases[n++].hex = "";
	for (i = 0; i < n; i++) {
		struct floe_buf b = FLOE_BUF_INIT;
		struct floe_value back;
		struct floe_err err;
		char h[80];
		assert_int_equal(floe_bound_encode(&cases[i].t, &cases[i].v, &b, &err), 0);
		hex(&b, h);
		if (strcmp(h, cases[i].hex))
			fail_msg("case %zu: encoded %s, want %s", i, h, cases[i].hex);
		assert_int_equal(floe_bound_decode(&cases[i].t, b.data, (uint32_t)b.len, &back, &err), 0);
		assert_true(floe_value_equal(&cases[i].t, &cases[i].v, &back));
		assert_int_equal(floe_value_compare(&cases[i].t, &cases[i].v, &back), 0);
		floe_buf_release(&b);
	}
	/* wrong lengths are errors, not crashes */
	{
		struct floe_type t;
		struct floe_value v;
		struct floe_err err;
		memset(&t, 0, sizeof(t));
		t.id = FLOE_T_LONG;
		assert_int_equal(floe_bound_decode(&t, (const uint8_t *)"abc", 3, &v, &err), -1);
		t.id = FLOE_T_DECIMAL;
		assert_int_equal(floe_bound_decode(&t, (const uint8_t *)"01234567890123456", 17, &v, &err), -1);
		t.id = FLOE_T_UUID;
		assert_int_equal(floe_bound_decode(&t, (const uint8_t *)"abc", 3, &v, &err), -1);
		t.id = FLOE_T_BOOLEAN;
		assert_int_equal(floe_bound_decode(&t, (const uint8_t *)"\x02", 1, &v, &err), -1);
	}
}

struct env {
	char dir[256];
	char wh[300];
	struct floe_catalog *cat;
	struct floe_storage *st;
	struct floe_arena a;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct floe_err err;
	char db[320];

	snprintf(e->dir, sizeof(e->dir), "/tmp/floe-scan-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->wh, sizeof(e->wh), "%s/wh", e->dir);
	snprintf(db, sizeof(db), "%s/catalog.db", e->dir);
	assert_int_equal(floe_catalog_open(db, "test", &e->cat, &err), 0);
	assert_int_equal(floe_storage_open(e->wh, &e->st, &err), 0);
	floe_arena_init(&e->a, 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[400];

	floe_catalog_close(e->cat);
	floe_storage_free(e->st);
	floe_arena_release(&e->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

/* Every type in one data file: the writer's bounds decode to the column's min and max. */
static void test_writer_bounds(void **state)
{
	struct env *e = *state;
	struct floe_field f[12];
	struct floe_schema s;
	struct floe_data_writer *w;
	struct floe_data_file df;
	struct floe_err err;
	struct floe_value rows[3][12];
	static const uint8_t u1[16] = { 0x10 }, u2[16] = { 0xf0, 1 };
	const char *uri;
	char path[512];
	size_t i, k, m;

	memset(f, 0, sizeof(f));
	memset(rows, 0, sizeof(rows));
	{
		enum floe_type_id ids[] = { FLOE_T_BOOLEAN, FLOE_T_INT,	   FLOE_T_LONG,	  FLOE_T_FLOAT,
					    FLOE_T_DOUBLE,  FLOE_T_DECIMAL, FLOE_T_DATE,	  FLOE_T_TIME,
					    FLOE_T_TIMESTAMPTZ, FLOE_T_STRING, FLOE_T_UUID, FLOE_T_BINARY };
		static const char *names[] = { "b", "i", "l", "f", "d", "dec", "dt", "tm", "ts", "s", "u", "bin" };
		for (i = 0; i < 12; i++) {
			f[i].name = names[i];
			f[i].type.id = ids[i];
		}
		f[5].type.precision = 20;
		f[5].type.scale = 2;
	}
	assert_int_equal(floe_schema_init(&s, 0, f, 12, NULL, 0, &err), 0);
	for (k = 0; k < 3; k++) {
		rows[k][0].u.b = k == 1;
		rows[k][1].u.i32 = (int32_t)(k * 1000) - 1000;
		rows[k][2].u.i64 = (int64_t)k * 10000000000LL - 5;
		rows[k][3].u.f32 = (float)k - 0.5f;
		rows[k][4].u.f64 = (double)k * -2.5;
		rows[k][5].u.dec = (floe_i128)k * 100000000000000000LL - 300;
		rows[k][6].u.i32 = (int32_t)k * 400 - 500;
		rows[k][7].u.i64 = (int64_t)k * 3600000000LL;
		rows[k][8].u.i64 = (int64_t)k * 1000000 - 1;
		rows[k][9].u.bytes.p = (const uint8_t *)(k == 0 ? "abc" : k == 1 ? "abd" : "\xc3\xa9t\xc3\xa9");
		rows[k][9].u.bytes.len = (uint32_t)strlen((const char *)rows[k][9].u.bytes.p);
		rows[k][10].u.bytes.p = k == 2 ? u2 : u1;
		rows[k][10].u.bytes.len = 16;
		rows[k][11].u.bytes.p = (const uint8_t *)(k == 1 ? "\x00" : "\xff\x01");
		rows[k][11].u.bytes.len = k == 1 ? 1 : 2;
	}
	snprintf(path, sizeof(path), "file://%s/t/data/x.parquet", e->wh);
	uri = path;
	assert_int_equal(floe_data_writer_new(&w, e->st, uri, &s, FLOE_CONTENT_DATA, NULL, 0, NULL, &err), 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(floe_data_writer_write(w, rows[k], &err), 0);
	assert_int_equal(floe_data_writer_finish(w, &e->a, &df, &err), 0);
	floe_data_writer_free(w);
	assert_int_equal(df.record_count, 3);
	for (i = 0; i < 12; i++) {
		const struct floe_col_metric *cm = NULL;
		struct floe_value lo, hi, mn = rows[0][i], mx = rows[0][i];
		for (m = 0; m < df.n_metrics; m++)
			if (df.metrics[m].field_id == s.fields[i].id)
				cm = &df.metrics[m];
		assert_non_null(cm);
		assert_int_equal(cm->value_count, 3);
		assert_int_equal(cm->null_count, 0);
		if (!cm->lower || !cm->upper)
			fail_msg("column '%s' has no bounds", s.fields[i].name);
		for (k = 1; k < 3; k++) {
			if (floe_value_compare(&s.fields[i].type, &rows[k][i], &mn) < 0)
				mn = rows[k][i];
			if (floe_value_compare(&s.fields[i].type, &rows[k][i], &mx) > 0)
				mx = rows[k][i];
		}
		assert_int_equal(floe_bound_decode(&s.fields[i].type, cm->lower, cm->lower_len, &lo, &err), 0);
		assert_int_equal(floe_bound_decode(&s.fields[i].type, cm->upper, cm->upper_len, &hi, &err), 0);
		if (floe_value_compare(&s.fields[i].type, &lo, &mn) != 0 || floe_value_compare(&s.fields[i].type, &hi, &mx) != 0)
			fail_msg("column '%s': bounds differ from min/max", s.fields[i].name);
	}
	floe_schema_release(&s);
}

struct collect {
	int64_t ids[256];
	char names[256][16];
	size_t n;
};

static int collect_cb(void *arg, const struct floe_schema *s, const struct floe_value *row, struct floe_err *err)
{
	struct collect *c = arg;

	(void)s;
	(void)err;
	if (c->n < 256) {
		c->ids[c->n] = row[0].u.i64;
		snprintf(c->names[c->n], sizeof(c->names[c->n]), "%.*s", (int)row[1].u.bytes.len,
			 (const char *)row[1].u.bytes.p);
		c->n++;
	}
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void scan_ids(struct env *e, struct floe_table *t, const struct floe_snapshot *snap, const char *want)
{
	struct collect c;
	struct floe_err err;
	char got[1024] = "";
	size_t i;

	memset(&c, 0, sizeof(c));
	if (floe_scan(e->st, &t->md, snap, collect_cb, &c, NULL, &err) < 0)
		fail_msg("scan: %s", err.msg);
	qsort(c.ids, c.n, sizeof(int64_t), cmp_i64);
	for (i = 0; i < c.n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%lld", i ? "," : "", (long long)c.ids[i]);
	if (strcmp(got, want))
		fail_msg("scan got [%s], want [%s]", got, want);
}

static void key_rows(struct floe_value *v, const int64_t *ids, size_t n, char names[][16], const char *tag)
{
	size_t i;

	memset(v, 0, 2 * n * sizeof(*v));
	for (i = 0; i < n; i++) {
		v[2 * i].u.i64 = ids[i];
		snprintf(names[i], 16, "%s%lld", tag, (long long)ids[i]);
		v[2 * i + 1].u.bytes.p = (const uint8_t *)names[i];
		v[2 * i + 1].u.bytes.len = (uint32_t)strlen(names[i]);
	}
}

static void commit_rows(struct env *e, struct floe_table *t, const int64_t *ids, size_t n, const int64_t *del,
			size_t n_del, const char *tag)
{
	struct floe_value rows[64], keys[64];
	char names[32][16];
	struct floe_row_batch b;
	struct floe_err err;
	size_t i;

	(void)e;
	key_rows(rows, ids, n, names, tag);
	memset(keys, 0, sizeof(keys));
	for (i = 0; i < n_del; i++)
		keys[i].u.i64 = del[i];
	memset(&b, 0, sizeof(b));
	b.rows = rows;
	b.n_rows = n;
	b.delete_keys = keys;
	b.n_delete_keys = n_del;
	if (floe_table_write_rows(t, &b, NULL, NULL, &err) < 0)
		fail_msg("commit: %s", err.msg);
}

static void test_deletes_and_lookup(void **state)
{
	struct env *e = *state;
	struct floe_field f[2];
	struct floe_schema s;
	struct floe_table *t;
	struct floe_err err;
	int ids[] = { 1 };
	const struct floe_snapshot *s1;
	int64_t s1_id;
	struct floe_snapshot_files sf;

	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	assert_int_equal(floe_schema_init(&s, 0, f, 2, ids, 1, &err), 0);
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &s, NULL, 0, &t, &err), 0);
	floe_schema_release(&s);
	scan_ids(e, t, NULL, "");
	{
		int64_t a[] = { 1, 2, 3, 4, 5 };
		commit_rows(e, t, a, 5, NULL, 0, "a");
	}
	s1_id = floe_table_current_snapshot(t)->snapshot_id;
	{
		int64_t b[] = { 100, 150, 200 };
		commit_rows(e, t, b, 3, NULL, 0, "b");
	}
	{ /* update 2, delete 3, and 6 is inserted AND equality-deleted in the same commit: the delete does not see it */
		int64_t ins[] = { 2, 6 }, del[] = { 2, 3, 6 };
		commit_rows(e, t, ins, 2, del, 3, "c");
	}
	scan_ids(e, t, floe_table_current_snapshot(t), "1,2,4,5,6,100,150,200");
	s1 = floe_metadata_snapshot(&t->md, s1_id);
	scan_ids(e, t, s1, "1,2,3,4,5");

	/* position deletes: one for the first file (older), one for a file of the same commit */
	{
		struct floe_data_writer *w;
		struct floe_data_file files[2];
		struct floe_value rows[4], pd[4];
		char names[4][16], *uri;
		int64_t nid[] = { 7, 8 };
		struct floe_commit c;
		const char *first;

		assert_int_equal(floe_table_read_snapshot_files(e->st, s1, &e->a, &sf, &err), 0);
		first = sf.manifests[0].entries[0].file.file_path;
		key_rows(rows, nid, 2, names, "d");
		assert_int_equal(floe_data_file_uri(t->md.location, FLOE_CONTENT_DATA, &uri, &err), 0);
		assert_int_equal(floe_data_writer_new(&w, e->st, uri, floe_metadata_current_schema(&t->md),
						      FLOE_CONTENT_DATA, NULL, 0, NULL, &err), 0);
		assert_int_equal(floe_data_writer_write(w, &rows[0], &err), 0);
		assert_int_equal(floe_data_writer_write(w, &rows[2], &err), 0);
		assert_int_equal(floe_data_writer_finish(w, &e->a, &files[0], &err), 0);
		floe_data_writer_free(w);
		free(uri);
		/* sorted by path then pos: delete row 0 (id 1) of the first file, row 1 (id 8) of the new one */
		memset(pd, 0, sizeof(pd));
		pd[0].u.bytes.p = (const uint8_t *)first;
		pd[0].u.bytes.len = (uint32_t)strlen(first);
		pd[1].u.i64 = 0;
		pd[2].u.bytes.p = (const uint8_t *)files[0].file_path;
		pd[2].u.bytes.len = (uint32_t)strlen(files[0].file_path);
		pd[3].u.i64 = 1;
		if (strcmp(first, files[0].file_path) > 0) {
			struct floe_value tmp[2] = { pd[0], pd[1] };
			pd[0] = pd[2];
			pd[1] = pd[3];
			pd[2] = tmp[0];
			pd[3] = tmp[1];
		}
		assert_int_equal(floe_data_file_uri(t->md.location, FLOE_CONTENT_POSITION_DELETES, &uri, &err), 0);
		assert_int_equal(floe_data_writer_new(&w, e->st, uri, floe_metadata_current_schema(&t->md),
						      FLOE_CONTENT_POSITION_DELETES, NULL, 0, NULL, &err), 0);
		assert_int_equal(floe_data_writer_write(w, &pd[0], &err), 0);
		assert_int_equal(floe_data_writer_write(w, &pd[2], &err), 0);
		assert_int_equal(floe_data_writer_finish(w, &e->a, &files[1], &err), 0);
		floe_data_writer_free(w);
		free(uri);
		memset(&c, 0, sizeof(c));
		c.data_files = &files[0];
		c.n_data_files = 1;
		c.delete_files = &files[1];
		c.n_delete_files = 1;
		assert_int_equal(floe_table_commit(t, &c, NULL, &err), 0);
		assert_string_equal(floe_table_summary(t, "added-position-deletes"), "2");
		s1 = floe_metadata_snapshot(&t->md, s1_id);
	}
	scan_ids(e, t, floe_table_current_snapshot(t), "2,4,5,6,7,100,150,200");

	/* lookups by key; the file with ids 100..200 is pruned by its bounds for small keys */
	{
		struct floe_value keys[3];
		struct collect c;
		struct floe_scan_stats st;
		memset(keys, 0, sizeof(keys));
		keys[0].u.i64 = 2;
		keys[1].u.i64 = 3;
		keys[2].u.i64 = 7;
		memset(&c, 0, sizeof(c));
		assert_int_equal(floe_scan_lookup(e->st, &t->md, floe_table_current_snapshot(t), keys, 3, collect_cb, &c,
						  &st, &err),
				 0);
		assert_int_equal(c.n, 2);
		qsort(c.ids, c.n, sizeof(int64_t), cmp_i64);
		assert_int_equal(c.ids[0], 2);
		assert_int_equal(c.ids[1], 7);
		assert_true(st.data_files_skipped >= 1);
		assert_int_equal(st.data_files, 4);
	}

	/* a data file that vanished, then one that is cut short: errors name the file */
	{
		char p[600];
		FILE *fp;
		assert_int_equal(floe_table_read_snapshot_files(e->st, s1, &e->a, &sf, &err), 0);
		snprintf(p, sizeof(p), "%s", sf.manifests[0].entries[0].file.file_path + 7);
		assert_int_equal(truncate(p, 20), 0);
		assert_int_equal(floe_scan(e->st, &t->md, s1, collect_cb, &(struct collect){ 0 }, NULL, &err), -1);
		assert_non_null(strstr(err.msg, p));
		fp = fopen(p, "r+b");
		assert_non_null(fp);
		fclose(fp);
		assert_int_equal(unlink(p), 0);
		assert_int_equal(floe_scan(e->st, &t->md, s1, collect_cb, &(struct collect){ 0 }, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "does not exist"));
	}
	floe_table_free(t);
}

/* Manifest merging keeps the manifest list short; merged entries keep their sequence
 * numbers, so deletes still apply exactly as before the merge. */
static void test_manifest_merge(void **state)
{
	struct env *e = *state;
	struct floe_field f[2];
	struct floe_schema s;
	struct floe_table *t;
	struct floe_err err;
	struct floe_kv props[] = { { "commit.manifest.min-count-to-merge", "3" } };
	int ids[] = { 1 }, k;
	char want[512] = "";
	int64_t live[64];
	size_t n_live = 0, i, j, existing = 0;

	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	assert_int_equal(floe_schema_init(&s, 0, f, 2, ids, 1, &err), 0);
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "m", &s, props, 1, &t, &err), 0);
	floe_schema_release(&s);
	for (k = 0; k < 12; k++) {
		int64_t ins[2] = { 2 * k + 1, 2 * k + 2 }, del[1];
		struct floe_snapshot_files sf;
		/* every third commit replaces key 1 and deletes the newest even key before it */
		if (k % 3 == 2) {
			int64_t up[1] = { 1 };
			del[0] = 2 * k;
			commit_rows(e, t, up, 1, (int64_t[]){ 1, 2 * k }, 2, "u");
			for (i = 0, j = 0; i < n_live; i++)
				if (live[i] != 2 * k)
					live[j++] = live[i];
			n_live = j;
			(void)del;
		}
		commit_rows(e, t, ins, 2, NULL, 0, "a");
		if (k == 0)
			live[n_live++] = 1;
		live[n_live++] = 2 * k + 2;
		if (k > 0)
			live[n_live++] = 2 * k + 1;
		qsort(live, n_live, sizeof(int64_t), cmp_i64);
		want[0] = 0;
		for (i = 0; i < n_live; i++)
			snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%lld", i ? "," : "",
				 (long long)live[i]);
		scan_ids(e, t, floe_table_current_snapshot(t), want);
		assert_int_equal(floe_table_read_snapshot_files(e->st, floe_table_current_snapshot(t), &e->a, &sf, &err), 0);
		assert_true(sf.list.n_files <= 6);
		for (i = 0; i < sf.list.n_files; i++)
			for (j = 0; j < sf.manifests[i].n_entries; j++)
				if (sf.manifests[i].entries[j].status == FLOE_ENTRY_EXISTING) {
					assert_true(sf.manifests[i].entries[j].sequence_number < sf.list.sequence_number);
					existing++;
				}
	}
	assert_true(t->md.n_snapshots == 16);
	assert_true(existing > 0);
	floe_table_free(t);
}

static int count_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	(void)uri;
	(void)size;
	(void)err;
	(*(int *)arg)++;
	return 0;
}

static int count_files(struct env *e, const char *table, const char *sub, const char *prefix)
{
	char p[512];
	struct floe_err err;
	int n = 0;

	snprintf(p, sizeof(p), "%s/db/%s/%s", e->wh, table, sub);
	(void)prefix;
	assert_int_equal(floe_storage_list(e->st, p, count_cb, &n, &err), 0);
	return n;
}

static void ids_of(struct env *e, struct floe_table *t, const struct floe_snapshot *snap, char *out, size_t outsz)
{
	struct collect c;
	struct floe_err err;
	size_t i;

	memset(&c, 0, sizeof(c));
	out[0] = 0;
	if (floe_scan(e->st, &t->md, snap, collect_cb, &c, NULL, &err) < 0)
		fail_msg("scan: %s", err.msg);
	qsort(c.ids, c.n, sizeof(int64_t), cmp_i64);
	for (i = 0; i < c.n; i++)
		snprintf(out + strlen(out), outsz - strlen(out), "%s%lld", i ? "," : "", (long long)c.ids[i]);
}

/* Expiry drops old snapshots and exactly the files only they reached. */
static void test_expire(void **state)
{
	struct env *e = *state;
	struct floe_field f[2];
	struct floe_schema s;
	struct floe_table *t;
	struct floe_err err;
	struct floe_kv props[] = { { "commit.manifest.min-count-to-merge", "3" } };
	struct floe_expire_opts o;
	struct floe_expire_stats st;
	int ids[] = { 1 }, k;
	int64_t sid[32];
	char want[32][256], got[256];
	size_t n = 0, i;

	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	assert_int_equal(floe_schema_init(&s, 0, f, 2, ids, 1, &err), 0);
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "x", &s, props, 1, &t, &err), 0);
	floe_schema_release(&s);
	for (k = 0; k < 6; k++)
		commit_rows(e, t, (int64_t[]){ 10 * k + 1, 10 * k + 2 }, 2, NULL, 0, "a");
	commit_rows(e, t, (int64_t[]){ 1 }, 1, (int64_t[]){ 1, 12 }, 2, "b");
	{ /* truncate: the 7 data files before it become unreachable once their snapshots expire */
		struct floe_row_batch b;
		memset(&b, 0, sizeof(b));
		b.truncate = true;
		assert_int_equal(floe_table_write_rows(t, &b, NULL, NULL, &err), 0);
	}
	for (k = 0; k < 3; k++)
		commit_rows(e, t, (int64_t[]){ 100 + k }, 1, NULL, 0, "c");
	commit_rows(e, t, (int64_t[]){ 100 }, 1, (int64_t[]){ 100 }, 1, "d");
	for (i = 0; i < t->md.n_snapshots; i++) {
		sid[n] = t->md.snapshots[i].snapshot_id;
		ids_of(e, t, &t->md.snapshots[i], want[n], sizeof(want[n]));
		n++;
	}
	assert_int_equal(n, 12);
	assert_int_equal(count_files(e, "x", "data", NULL), 6 + 1 + 1 + 3 + 2);

	/* nothing is old enough */
	memset(&o, 0, sizeof(o));
	o.older_than_ms = 0;
	o.retain_last = 1;
	o.delete_files = true;
	assert_int_equal(floe_table_expire_snapshots(t, &o, &st, &err), 0);
	assert_int_equal(st.snapshots_expired, 0);

	o.older_than_ms = INT64_MAX;
	o.retain_last = 4;
	assert_int_equal(floe_table_expire_snapshots(t, &o, &st, &err), 0);
	assert_int_equal(st.snapshots_expired, 8);
	assert_int_equal(t->md.n_snapshots, 4);
	assert_int_equal(t->md.n_snapshot_log, 4);
	assert_int_equal(st.manifest_lists_deleted, 8);
	/* the files before the truncate (6 + 1 data, 1 delete) are gone; the rest is kept */
	assert_int_equal(st.files_deleted, 8);
	assert_int_equal(count_files(e, "x", "data", NULL), 3 + 2);
	for (i = 0; i < 4; i++) {
		assert_int_equal(t->md.snapshots[i].snapshot_id, sid[8 + i]);
		ids_of(e, t, &t->md.snapshots[i], got, sizeof(got));
		assert_string_equal(got, want[8 + i]);
	}
	/* a fresh load agrees, and the metadata stays valid for other readers */
	{
		struct floe_table *t2;
		assert_int_equal(floe_table_load(e->cat, e->st, "db", "x", &t2, &err), 0);
		assert_int_equal(t2->md.n_snapshots, 4);
		ids_of(e, t2, floe_table_current_snapshot(t2), got, sizeof(got));
		assert_string_equal(got, want[11]);
		floe_table_free(t2);
	}
	/* commits go on after expiry */
	commit_rows(e, t, (int64_t[]){ 500 }, 1, NULL, 0, "e");
	ids_of(e, t, floe_table_current_snapshot(t), got, sizeof(got));
	assert_string_equal(got, "100,101,102,500");
	floe_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bound_codec),
		cmocka_unit_test_setup_teardown(test_writer_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deletes_and_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expire, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
