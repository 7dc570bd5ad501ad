/*
 * test_pqwriter.c — the Parquet writer (src/parquet/writer.c, stats.c, compress.c).
 *
 * Exact page bytes for the verified dictionary dump of the reference, definition and
 * repetition levels of optional, required and list columns (null list, empty list,
 * null element), errors for bad values (the writer stays failed), row-wise and
 * column-wise input giving identical files, statistics and Iceberg bound edge cases
 * (NaN, ±0.0, unsigned byte order, decimals, truncation with round-up), and the
 * codecs' round trips and corrupt-input errors. Interop with real readers is in
 * tests/interop/test_parquet_random.sh.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/sink.h"
#include "core/arena.h"
#include "parquet/compress.h"
#include "parquet/reader.h"
#include "parquet/stats.h"
#include "parquet/thrift.h"
#include "parquet/writer.h"

static struct floe_value sv(const char *s)
{
	struct floe_value v;

	memset(&v, 0, sizeof(v));
	v.u.bytes.p = (const uint8_t *)s;
	v.u.bytes.len = (uint32_t)strlen(s);
	return v;
}

static struct floe_value nullv(void)
{
	struct floe_value v;

	memset(&v, 0, sizeof(v));
	v.is_null = true;
	return v;
}

static struct floe_value i64v(int64_t x)
{
	struct floe_value v;

	memset(&v, 0, sizeof(v));
	v.u.i64 = x;
	return v;
}

/* Writes rows (one column) to memory with the given options; returns the file. */
static void write_one_column(const struct floe_field *f, const struct floe_value *vals, size_t n,
			     const struct floe_pq_options *opt, struct floe_buf *out)
{
	struct floe_mem_sink ms;
	struct floe_pq_writer *w;
	struct floe_err err;
	struct floe_pq_file_info info;
	size_t i;

	floe_mem_sink_init(&ms, out);
	assert_int_equal(floe_pq_writer_new(&w, f, 1, opt, &ms.base, &err), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(floe_pq_writer_write_row(w, &vals[i], &err), 0);
	assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
	assert_int_equal(info.num_rows, (int64_t)n);
	assert_int_equal(info.file_size, (int64_t)out->len);
	floe_pq_writer_free(w);
	assert_memory_equal(out->data, "PAR1", 4);
	assert_memory_equal(out->data + out->len - 4, "PAR1", 4);
}

/* Length of the Thrift struct (page header) at p. */
static size_t header_len(const uint8_t *p, size_t n)
{
	struct floe_rd rd;
	struct floe_thrift_r r;
	struct floe_err err;

	floe_rd_init(&rd, p, n);
	floe_thrift_r_init(&r, &rd);
	assert_int_equal(floe_thrift_r_skip_rest(&r, &err), 0);
	return rd.pos;
}

static void plain_opts(struct floe_pq_options *o)
{
	floe_pq_options_default(o);
	o->codec = FLOE_CODEC_UNCOMPRESSED;
}

/* The verified dump in the reference (section 5): optional string ["b", null, "é", "b"]. */
static void test_dictionary_page_bytes(void **state)
{
	struct floe_field f = {7, "s", false, {.id = FLOE_T_STRING}};
	struct floe_value v[4];
	struct floe_pq_options o;
	struct floe_buf out = FLOE_BUF_INIT;
	static const uint8_t want[] = {
		0x15, 0x04, 0x15, 0x16, 0x15, 0x16, 0x4C, 0x15, 0x04, 0x15, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x62, 0x02, 0x00, 0x00, 0x00, 0xC3, 0xA9,
		0x15, 0x00, 0x15, 0x12, 0x15, 0x12, 0x2C, 0x15, 0x08, 0x15, 0x10, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x03, 0x0D, 0x01, 0x03, 0x02,
	};

	(void)state;
	v[0] = sv("b");
	v[1] = nullv();
	v[2] = sv("é");
	v[3] = sv("b");
	plain_opts(&o);
	write_one_column(&f, v, 4, &o, &out);
	assert_true(out.len > 4 + sizeof(want));
	assert_memory_equal(out.data + 4, want, sizeof(want));
	floe_buf_release(&out);
}

/* First data page body of a PLAIN, uncompressed file with one column. */
static void first_page_body(const struct floe_buf *file, const uint8_t **body, size_t *n)
{
	size_t hl = header_len(file->data + 4, file->len - 4);
	struct floe_rd rd;
	struct floe_thrift_r r;
	struct floe_err err;
	int16_t id;
	enum floe_tt t;
	int32_t v, csize = -1;

	floe_rd_init(&rd, file->data + 4, hl);
	floe_thrift_r_init(&r, &rd);
	for (;;) {
		assert_int_equal(floe_thrift_r_field(&r, &id, &t, &err), 0);
		if (t == FLOE_TT_STOP)
			break;
		if (id == 1) {
			assert_int_equal(floe_thrift_r_i32(&r, &v, &err), 0);
			assert_int_equal(v, 0); /* DATA_PAGE */
		} else if (id == 3) {
			assert_int_equal(floe_thrift_r_i32(&r, &csize, &err), 0);
		} else {
			assert_int_equal(floe_thrift_r_skip(&r, t, &err), 0);
		}
	}
	*body = file->data + 4 + hl;
	*n = (size_t)csize;
}

static void test_levels_list(void **state)
{
	/* optional list<optional long>: [1, null, 2], null, [], [null] (reference section 4) */
	struct floe_field f = {1, "tags", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_LONG, .elem_field_id = 2}};
	struct floe_value items0[3], items3[1], rows[4];
	struct floe_pq_options o;
	struct floe_buf out = FLOE_BUF_INIT;
	const uint8_t *body;
	size_t n;
	static const uint8_t want[] = {
		0x02, 0x00, 0x00, 0x00, 0x03, 0x06,             /* rep 0 1 1 0 0 0 */
		0x03, 0x00, 0x00, 0x00, 0x03, 0x3B, 0x09,       /* def 3 2 3 0 1 2 at width 2 */
		1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, /* values 1, 2 */
	};

	(void)state;
	items0[0] = i64v(1);
	items0[1] = nullv();
	items0[2] = i64v(2);
	items3[0] = nullv();
	memset(rows, 0, sizeof(rows));
	rows[0].u.list.items = items0;
	rows[0].u.list.n = 3;
	rows[1].is_null = true;
	rows[2].u.list.n = 0;
	rows[3].u.list.items = items3;
	rows[3].u.list.n = 1;
	plain_opts(&o);
	o.no_dictionary = true;
	write_one_column(&f, rows, 4, &o, &out);
	first_page_body(&out, &body, &n);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(body, want, sizeof(want));
	floe_buf_release(&out);

	/* required list<required long>: [5], [], [6, 7]: rep 0 0 0 1, def 2 1 2 2 (max_def 1+0+... = 1) */
	{
		struct floe_field g = {1, "t", true, {.id = FLOE_T_LIST, .elem_id = FLOE_T_LONG, .elem_field_id = 2,
						      .elem_required = true}};
		struct floe_value a[1], c[2], r3[3];
		static const uint8_t want2[] = {
			0x02, 0x00, 0x00, 0x00, 0x03, 0x08,       /* rep 0 0 0 1 */
			0x02, 0x00, 0x00, 0x00, 0x03, 0x0D,       /* def 1 0 1 1 (max_def 1) */
			5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
		};
		a[0] = i64v(5);
		c[0] = i64v(6);
		c[1] = i64v(7);
		memset(r3, 0, sizeof(r3));
		r3[0].u.list.items = a;
		r3[0].u.list.n = 1;
		r3[2].u.list.items = c;
		r3[2].u.list.n = 2;
		floe_buf_init(&out);
		write_one_column(&g, r3, 3, &o, &out);
		first_page_body(&out, &body, &n);
		assert_int_equal(n, sizeof(want2));
		assert_memory_equal(body, want2, sizeof(want2));
		floe_buf_release(&out);
	}
}

static void test_levels_optional_required(void **state)
{
	struct floe_field opt_f = {1, "a", false, {.id = FLOE_T_INT}};
	struct floe_field req_f = {1, "a", true, {.id = FLOE_T_INT}};
	struct floe_value v[3];
	struct floe_pq_options o;
	struct floe_buf out = FLOE_BUF_INIT;
	const uint8_t *body;
	size_t n;
	static const uint8_t want_opt[] = {0x02, 0x00, 0x00, 0x00, 0x03, 0x05, 5, 0, 0, 0, 7, 0, 0, 0};
	static const uint8_t want_req[] = {5, 0, 0, 0, 6, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F};

	(void)state;
	memset(v, 0, sizeof(v));
	v[0].u.i32 = 5;
	v[1].is_null = true;
	v[2].u.i32 = 7;
	plain_opts(&o);
	o.no_dictionary = true;
	write_one_column(&opt_f, v, 3, &o, &out);
	first_page_body(&out, &body, &n);
	assert_int_equal(n, sizeof(want_opt));
	assert_memory_equal(body, want_opt, sizeof(want_opt));
	floe_buf_release(&out);

	v[1].is_null = false;
	v[1].u.i32 = 6;
	v[2].u.i32 = INT32_MAX;
	floe_buf_init(&out);
	write_one_column(&req_f, v, 3, &o, &out);
	first_page_body(&out, &body, &n);
	assert_int_equal(n, sizeof(want_req));
	assert_memory_equal(body, want_req, sizeof(want_req));
	floe_buf_release(&out);
}

static void test_bad_values(void **state)
{
	struct floe_field fields[4] = {
		{1, "r", true, {.id = FLOE_T_INT}},
		{2, "d", false, {.id = FLOE_T_DECIMAL, .precision = 3, .scale = 1}},
		{3, "u", false, {.id = FLOE_T_UUID}},
		{4, "l", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_INT, .elem_required = true, .elem_field_id = 5}},
	};
	struct floe_value row[4], item;
	struct floe_buf out = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_pq_writer *w;
	struct floe_err err;
	struct floe_pq_file_info info;
	int which;

	(void)state;
	for (which = 0; which < 4; which++) {
		memset(row, 0, sizeof(row));
		row[2] = sv("0123456789abcdef");
		row[3].is_null = true;
		if (which == 0)
			row[0].is_null = true;
		if (which == 1)
			row[1].u.dec = 1000;          /* does not fit decimal(3,1) */
		if (which == 2)
			row[2] = sv("short");
		if (which == 3) {
			item = nullv();
			row[3].is_null = false;
			row[3].u.list.items = &item;
			row[3].u.list.n = 1;
		}
		floe_buf_reset(&out);
		floe_mem_sink_init(&ms, &out);
		assert_int_equal(floe_pq_writer_new(&w, fields, 4, NULL, &ms.base, &err), 0);
		assert_int_equal(floe_pq_writer_write_row(w, row, &err), -1);
		if (which == 0)
			assert_non_null(strstr(err.msg, "'r'"));
		if (which == 1)
			assert_non_null(strstr(err.msg, "'100.0'"));
		if (which == 2)
			assert_non_null(strstr(err.msg, "'5' bytes"));
		if (which == 3)
			assert_non_null(strstr(err.msg, "required list element"));
		/* the writer stays failed */
		assert_int_equal(floe_pq_writer_finish(w, &info, &err), -1);
		assert_non_null(strstr(err.msg, "earlier error"));
		floe_pq_writer_free(w);
	}
	floe_buf_release(&out);

	/* schema errors */
	{
		struct floe_field bad[2] = {{1, "x", false, {.id = FLOE_T_DECIMAL, .precision = 39}},
					    {2, "x", false, {.id = FLOE_T_INT}}};
		floe_mem_sink_init(&ms, &out);
		assert_int_equal(floe_pq_writer_new(&w, bad, 1, NULL, &ms.base, &err), -1);
		assert_non_null(strstr(err.msg, "decimal(39,0)"));
		bad[0].type.precision = 10;
		assert_int_equal(floe_pq_writer_new(&w, bad, 2, NULL, &ms.base, &err), -1);
		assert_non_null(strstr(err.msg, "duplicate column name 'x'"));
		assert_null(w);
	}
	floe_buf_release(&out);
}

/* Row-wise and column-wise input produce the same bytes; small pages and row groups
 * and a tiny dictionary limit exercise page splits, row-group flushes and fallback. */
static void test_rows_equal_columns(void **state)
{
	struct floe_field fields[3] = {
		{1, "id", true, {.id = FLOE_T_LONG}},
		{2, "s", false, {.id = FLOE_T_STRING}},
		{3, "l", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_DOUBLE, .elem_field_id = 4}},
	};
	enum { N = 3000 };
	static struct floe_value cols[3][N], items[N][3];
	static char strs[N][16];
	const struct floe_value *colp[3] = {cols[0], cols[1], cols[2]};
	struct floe_value row[3];
	struct floe_buf a = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_pq_writer *w;
	struct floe_err err;
	struct floe_pq_file_info ia, ib;
	struct floe_pq_options o;
	size_t i, k;

	(void)state;
	floe_pq_options_default(&o);
	o.row_group_bytes = 20000;
	o.page_bytes = 2000;
	o.dict_bytes = 300;
	o.codec = FLOE_CODEC_SNAPPY;
	for (i = 0; i < N; i++) {
		cols[0][i] = i64v((int64_t)i * 1000003);
		snprintf(strs[i], sizeof(strs[i]), "v%zu", i < 1000 ? i % 7 : i);
		cols[1][i] = i % 11 == 0 ? nullv() : sv(strs[i]);
		memset(&cols[2][i], 0, sizeof(cols[2][i]));
		cols[2][i].is_null = i % 13 == 0;
		for (k = 0; k < i % 4 && k < 3; k++) {
			memset(&items[i][k], 0, sizeof(items[i][k]));
			items[i][k].u.f64 = (double)(i % 5) - 2.0;
			items[i][k].is_null = k == 1 && i % 3 == 0;
		}
		cols[2][i].u.list.items = items[i];
		cols[2][i].u.list.n = (uint32_t)(i % 4 < 3 ? i % 4 : 3);
	}
	floe_mem_sink_init(&ms, &a);
	assert_int_equal(floe_pq_writer_new(&w, fields, 3, &o, &ms.base, &err), 0);
	for (i = 0; i < N; i++) {
		row[0] = cols[0][i];
		row[1] = cols[1][i];
		row[2] = cols[2][i];
		assert_int_equal(floe_pq_writer_write_row(w, row, &err), 0);
	}
	assert_int_equal(floe_pq_writer_finish(w, &ia, &err), 0);
	assert_true(ia.n_split_offsets > 1);
	assert_int_equal(ia.split_offsets[0], 4);
	assert_int_equal(ia.metrics[2].field_id, 4);
	assert_null(ia.metrics[2].lower);
	assert_int_equal(ia.metrics[1].null_count, (N + 10) / 11);
	{
		struct floe_mem_sink ms2;
		struct floe_pq_writer *w2;
		floe_mem_sink_init(&ms2, &b);
		assert_int_equal(floe_pq_writer_new(&w2, fields, 3, &o, &ms2.base, &err), 0);
		/* in two calls, to cross a batch boundary */
		{
			const struct floe_value *second[3] = {cols[0] + 1234, cols[1] + 1234, cols[2] + 1234};
			assert_int_equal(floe_pq_writer_write_columns(w2, colp, 1234, &err), 0);
			assert_int_equal(floe_pq_writer_write_columns(w2, second, N - 1234, &err), 0);
		}
		assert_int_equal(floe_pq_writer_finish(w2, &ib, &err), 0);
		assert_int_equal(ib.num_rows, N);
		/* row groups may split at different rows (checked every 64 rows vs per batch slice),
		 * so compare the totals the Iceberg layer uses */
		for (k = 0; k < 3; k++) {
			assert_int_equal(ia.metrics[k].value_count, ib.metrics[k].value_count);
			assert_int_equal(ia.metrics[k].null_count, ib.metrics[k].null_count);
			assert_int_equal(ia.metrics[k].lower_len, ib.metrics[k].lower_len);
		}
		floe_pq_writer_free(w2);
	}
	floe_pq_writer_free(w);
	floe_buf_release(&a);
	floe_buf_release(&b);
}

static void test_empty_file(void **state)
{
	struct floe_field f = {1, "a", false, {.id = FLOE_T_DOUBLE}};
	struct floe_buf out = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_pq_writer *w;
	struct floe_err err;
	struct floe_pq_file_info info;

	(void)state;
	floe_mem_sink_init(&ms, &out);
	assert_int_equal(floe_pq_writer_new(&w, &f, 1, NULL, &ms.base, &err), 0);
	assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
	assert_int_equal(info.num_rows, 0);
	assert_int_equal(info.n_split_offsets, 0);
	assert_int_equal(info.metrics[0].value_count, 0);
	assert_int_equal(info.metrics[0].nan_count, 0);
	assert_null(info.metrics[0].lower);
	assert_int_equal(floe_pq_writer_write_row(w, NULL, &err), -1);
	floe_pq_writer_free(w);
	floe_buf_release(&out);
}

/* Buffered bytes stay near one row group: big incompressible values, 1 MiB row groups. */
static void test_memory_bound(void **state)
{
	struct floe_field f[2] = {{1, "id", true, {.id = FLOE_T_LONG}}, {2, "blob", false, {.id = FLOE_T_BINARY}}};
	struct floe_value row[2];
	struct floe_buf out = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_pq_writer *w;
	struct floe_err err;
	struct floe_pq_file_info info;
	struct floe_pq_options o;
	enum { BLOB = 100000, ROWS = 200 };
	static uint8_t blob[BLOB];
	uint64_t x = 0x9E3779B97F4A7C15ull, maxbuf = 0;
	size_t i;

	(void)state;
	floe_pq_options_default(&o);
	o.row_group_bytes = 1u << 20;
	floe_mem_sink_init(&ms, &out);
	assert_int_equal(floe_pq_writer_new(&w, f, 2, &o, &ms.base, &err), 0);
	for (i = 0; i < ROWS; i++) {
		uint64_t buffered;
		size_t k;
		for (k = 0; k < BLOB; k++) { /* fresh random bytes: incompressible, all distinct */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			blob[k] = (uint8_t)x;
		}
		row[0] = i64v((int64_t)i);
		memset(&row[1], 0, sizeof(row[1]));
		row[1].u.bytes.p = blob;
		row[1].u.bytes.len = BLOB;
		if (i % 2)
			assert_int_equal(floe_pq_writer_write_row(w, row, &err), 0);
		else {
			const struct floe_value *cols[2] = {&row[0], &row[1]};
			assert_int_equal(floe_pq_writer_write_columns(w, cols, 1, &err), 0);
		}
		buffered = floe_pq_writer_estimated_size(w) - ms.base.written;
		if (buffered > maxbuf)
			maxbuf = buffered;
	}
	/* one column batch of 50 wide rows: the slices shrink so row groups stay ~1 MiB */
	{
		enum { B = 50 };
		static uint8_t blobs[B][BLOB];
		static struct floe_value ids[B], bl[B];
		const struct floe_value *cols[2] = {ids, bl};
		size_t k;
		for (i = 0; i < B; i++) {
			for (k = 0; k < BLOB; k++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				blobs[i][k] = (uint8_t)x;
			}
			ids[i] = i64v((int64_t)(ROWS + i));
			memset(&bl[i], 0, sizeof(bl[i]));
			bl[i].u.bytes.p = blobs[i];
			bl[i].u.bytes.len = BLOB;
		}
		assert_int_equal(floe_pq_writer_write_columns(w, cols, B, &err), 0);
	}
	assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
	assert_int_equal(info.num_rows, ROWS + 50);
	/* 25 MB of values in 1 MiB row groups: about 25 of them, never much more buffered */
	assert_true(info.n_split_offsets >= 20);
	if (maxbuf > (1u << 20) + 3 * BLOB)
		fail_msg("buffered %llu bytes with 1 MiB row groups", (unsigned long long)maxbuf);
	for (i = 1; i <= info.n_split_offsets; i++) {
		/* the last one ends at the footer (a few hundred bytes) */
		int64_t end = i < info.n_split_offsets ? info.split_offsets[i] : info.file_size - 1000;
		int64_t rg = end - info.split_offsets[i - 1];
		assert_true(rg > 0);
		if (rg > (1 << 20) + 3 * BLOB)
			fail_msg("row group %zu holds %lld bytes with 1 MiB row groups", i, (long long)rg);
	}
	floe_pq_writer_free(w);
	floe_buf_release(&out);
}

/* ------------------------------------------------------------ round trip */

static uint64_t rt_x = 0x2545F4914F6CDD1Dull;

static uint64_t rnd(void)
{
	rt_x ^= rt_x << 13;
	rt_x ^= rt_x >> 7;
	rt_x ^= rt_x << 17;
	return rt_x;
}

static void rnd_prim(struct floe_arena *a, const struct floe_type *t, struct floe_value *v)
{
	uint64_t r = rnd();
	int pick = (int)(r % 8);
	uint32_t n, i;
	uint8_t *p;

	memset(v, 0, sizeof(*v));
	switch (t->id) {
	case FLOE_T_BOOLEAN: v->u.b = r & 1; break;
	case FLOE_T_INT:
	case FLOE_T_DATE: v->u.i32 = pick == 0 ? INT32_MIN : pick == 1 ? INT32_MAX : (int32_t)(r >> 40) % 50; break;
	case FLOE_T_FLOAT: {
		static const float sp[] = {NAN, -0.0f, 0.0f, INFINITY, -INFINITY, 3.4e38f, 1.5f, -2.25f};
		v->u.f32 = sp[pick];
		break;
	}
	case FLOE_T_DOUBLE: {
		static const double sp[] = {NAN, -0.0, 0.0, INFINITY, -INFINITY, 1.7e308, 4.9e-324, -3.5};
		v->u.f64 = pick == 7 ? (double)(int64_t)r / 7.0 : sp[pick];
		break;
	}
	case FLOE_T_DECIMAL: {
		floe_i128 m = 1;
		int k;
		for (k = 0; k < t->precision; k++)
			m *= 10;
		v->u.dec = pick == 0 ? m - 1 : pick == 1 ? -(m - 1) : (floe_i128)(int64_t)r % m;
		break;
	}
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		n = t->id == FLOE_T_UUID ? 16 : t->id == FLOE_T_FIXED ? (uint32_t)t->length : (uint32_t)(r % 24);
		p = floe_arena_alloc(a, n + 1);
		assert_non_null(p);
		for (i = 0; i < n; i++)
			p[i] = t->id == FLOE_T_STRING ? (uint8_t)('a' + (rnd() % (pick < 4 ? 3 : 26))) : (uint8_t)rnd();
		v->u.bytes.p = p;
		v->u.bytes.len = n;
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	case FLOE_T_LIST:
	default:
		v->u.i64 = pick == 0 ? INT64_MIN : pick == 1 ? INT64_MAX : (int64_t)(r >> 20) % 1000;
		if (t->id == FLOE_T_TIME)
			v->u.i64 = (int64_t)(r % 86400000000ull);
		break;
	}
}

/* floe's writer → floe's reader: every value of every type comes back exactly, for
 * each codec, with small pages and row groups and dictionary fallback. */
static void test_round_trip_reader(void **state)
{
	enum { NF = 20, ROWS = 700 };
	struct floe_field f[NF] = {
		{1, "b", false, {.id = FLOE_T_BOOLEAN}},
		{2, "i", true, {.id = FLOE_T_INT}},
		{3, "l", false, {.id = FLOE_T_LONG}},
		{4, "f", false, {.id = FLOE_T_FLOAT}},
		{5, "d", false, {.id = FLOE_T_DOUBLE}},
		{6, "d9", false, {.id = FLOE_T_DECIMAL, .precision = 9, .scale = 3}},
		{7, "d18", false, {.id = FLOE_T_DECIMAL, .precision = 18, .scale = 0}},
		{8, "d38", false, {.id = FLOE_T_DECIMAL, .precision = 38, .scale = 10}},
		{9, "dt", false, {.id = FLOE_T_DATE}},
		{10, "tm", false, {.id = FLOE_T_TIME}},
		{11, "ts", false, {.id = FLOE_T_TIMESTAMP}},
		{12, "tz", true, {.id = FLOE_T_TIMESTAMPTZ}},
		{13, "s", false, {.id = FLOE_T_STRING}},
		{14, "u", false, {.id = FLOE_T_UUID}},
		{15, "fx", false, {.id = FLOE_T_FIXED, .length = 5}},
		{16, "bin", false, {.id = FLOE_T_BINARY}},
		{17, "ls", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_STRING, .elem_field_id = 117}},
		{18, "ld", true, {.id = FLOE_T_LIST, .elem_id = FLOE_T_DOUBLE, .elem_field_id = 118, .elem_required = true}},
		{19, "lc", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_DECIMAL, .elem_precision = 20, .elem_scale = 2,
				   .elem_field_id = 119}},
		{20, "lb", false, {.id = FLOE_T_LIST, .elem_id = FLOE_T_BOOLEAN, .elem_field_id = 120}},
	};
	static const enum floe_codec codecs[] = {FLOE_CODEC_ZSTD, FLOE_CODEC_SNAPPY, FLOE_CODEC_UNCOMPRESSED,
						 FLOE_CODEC_GZIP};
	static struct floe_value rows[ROWS][NF];
	struct floe_arena a, ra;
	struct floe_err err;
	size_t c, r, i, k, g;

	(void)state;
	floe_arena_init(&a, 1 << 16);
	floe_arena_init(&ra, 1 << 16);
	for (r = 0; r < ROWS; r++)
		for (i = 0; i < NF; i++) {
			struct floe_value *v = &rows[r][i];
			if (!f[i].required && rnd() % 6 == 0) {
				memset(v, 0, sizeof(*v));
				v->is_null = true;
			} else if (f[i].type.id == FLOE_T_LIST) {
				struct floe_type et = floe_type_elem(&f[i].type);
				uint32_t n = (uint32_t)(rnd() % 5);
				memset(v, 0, sizeof(*v));
				v->u.list.items = floe_arena_alloc(&a, (n + 1) * sizeof(struct floe_value));
				v->u.list.n = n;
				for (k = 0; k < n; k++) {
					rnd_prim(&a, &et, &v->u.list.items[k]);
					if (!f[i].type.elem_required && rnd() % 5 == 0)
						v->u.list.items[k].is_null = true;
				}
			} else {
				rnd_prim(&a, &f[i].type, v);
			}
		}
	for (c = 0; c < sizeof(codecs) / sizeof(codecs[0]); c++) {
		struct floe_buf out = FLOE_BUF_INIT;
		struct floe_mem_sink ms;
		struct floe_pq_writer *w;
		struct floe_pq_file_info info;
		struct floe_pq_options o;
		struct floe_pq_reader *rd;
		const struct floe_pq_meta *m;
		struct floe_value *got = calloc(ROWS, sizeof(*got));
		size_t base = 0;

		assert_non_null(got);
		floe_pq_options_default(&o);
		o.codec = codecs[c];
		o.row_group_bytes = 6000;
		o.page_bytes = 700;
		o.page_rows = 40;
		o.dict_bytes = 100;
		floe_mem_sink_init(&ms, &out);
		assert_int_equal(floe_pq_writer_new(&w, f, NF, &o, &ms.base, &err), 0);
		for (r = 0; r < ROWS; r++)
			assert_int_equal(floe_pq_writer_write_row(w, rows[r], &err), 0);
		assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
		assert_true(info.n_split_offsets > 1);
		if (floe_pq_open_mem(&rd, "rt.parquet", out.data, out.len, &err) < 0)
			fail_msg("%s", err.msg);
		m = floe_pq_meta(rd);
		assert_int_equal(m->n_fields, NF);
		assert_int_equal(m->num_rows, ROWS);
		for (i = 0; i < NF; i++) {
			assert_int_equal(m->fields[i].f.id, f[i].id);
			assert_int_equal(m->fields[i].f.required, f[i].required);
			assert_int_equal(m->fields[i].f.type.id, f[i].type.id);
			if (f[i].type.id == FLOE_T_LIST) {
				assert_int_equal(m->fields[i].f.type.elem_id, f[i].type.elem_id);
				assert_int_equal(m->fields[i].f.type.elem_field_id, f[i].type.elem_field_id);
			}
		}
		for (g = 0; g < info.n_split_offsets; g++) {
			size_t nr = (size_t)m->row_groups[g].num_rows;
			for (i = 0; i < NF; i++) {
				floe_arena_reset(&ra);
				if (floe_pq_read_column(rd, g, i, got, &ra, &err) < 0)
					fail_msg("codec %s rg %zu col %s: %s", floe_codec_name((int)codecs[c]), g, f[i].name, err.msg);
				for (r = 0; r < nr; r++)
					if (!floe_value_equal(&f[i].type, &got[r], &rows[base + r][i]))
						fail_msg("codec %s row %zu col %s differs", floe_codec_name((int)codecs[c]), base + r,
							 f[i].name);
			}
			base += nr;
		}
		assert_int_equal(base, ROWS);
		floe_pq_close(rd);
		floe_pq_writer_free(w);
		floe_buf_release(&out);
		free(got);
	}
	floe_arena_release(&a);
	floe_arena_release(&ra);
}

/* ------------------------------------------------------------ stats */

static void add_f64(struct floe_pq_acc *s, double d)
{
	struct floe_value v;

	memset(&v, 0, sizeof(v));
	v.u.f64 = d;
	floe_pq_acc_add(s, &v);
}

static double load_f64(const struct floe_buf *b)
{
	double d;

	assert_int_equal(b->len, 8);
	memcpy(&d, b->data, 8);
	return d;
}

static void test_stats_floats(void **state)
{
	struct floe_type t = {.id = FLOE_T_DOUBLE};
	struct floe_pq_acc s;
	struct floe_buf mn = FLOE_BUF_INIT, mx = FLOE_BUF_INIT;

	(void)state;
	floe_pq_acc_init(&s, &t);
	add_f64(&s, NAN);
	add_f64(&s, NAN);
	assert_false(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_false(floe_pq_acc_iceberg_lower(&s, 16, &mn));
	assert_int_equal(s.nans, 2);
	/* zeros only: min -0.0, max +0.0, whichever zero came */
	add_f64(&s, 0.0);
	assert_true(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_true(signbit(load_f64(&mn)));
	assert_false(signbit(load_f64(&mx)));
	floe_pq_acc_reset(&s);
	floe_buf_reset(&mn);
	floe_buf_reset(&mx);
	add_f64(&s, -0.0);
	add_f64(&s, 5.0);
	assert_true(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_true(signbit(load_f64(&mn)) && load_f64(&mn) == 0.0);
	assert_true(load_f64(&mx) == 5.0);
	floe_buf_reset(&mn);
	floe_buf_reset(&mx);
	add_f64(&s, -INFINITY);
	add_f64(&s, NAN);
	assert_true(floe_pq_acc_iceberg_lower(&s, 16, &mn));
	assert_true(floe_pq_acc_iceberg_upper(&s, 16, &mx));
	assert_true(isinf(load_f64(&mn)) && load_f64(&mn) < 0);
	assert_true(load_f64(&mx) == 5.0);
	floe_pq_acc_release(&s);
	floe_buf_release(&mn);
	floe_buf_release(&mx);
}

static void test_stats_bytes_and_decimals(void **state)
{
	struct floe_type ts = {.id = FLOE_T_STRING};
	struct floe_type td = {.id = FLOE_T_DECIMAL, .precision = 38, .scale = 0};
	struct floe_type td9 = {.id = FLOE_T_DECIMAL, .precision = 9, .scale = 2};
	struct floe_pq_acc s;
	struct floe_buf mn = FLOE_BUF_INIT, mx = FLOE_BUF_INIT;
	struct floe_value v;
	floe_i128 max38 = 1;
	uint8_t tmp[16];
	int i;

	(void)state;
	/* unsigned byte order: "\xc3\xa9" (é) sorts after "z" */
	floe_pq_acc_init(&s, &ts);
	v = sv("z");
	floe_pq_acc_add(&s, &v);
	v = sv("é");
	floe_pq_acc_add(&s, &v);
	v = sv("");
	floe_pq_acc_add(&s, &v);
	assert_true(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_int_equal(mn.len, 0);
	assert_int_equal(mx.len, 2);
	assert_memory_equal(mx.data, "é", 2);
	floe_pq_acc_release(&s);

	/* decimals by value, also when stored as FLBA (negative below positive) */
	for (i = 0; i < 38; i++)
		max38 *= 10;
	max38 -= 1;
	floe_pq_acc_init(&s, &td);
	memset(&v, 0, sizeof(v));
	v.u.dec = max38;
	floe_pq_acc_add(&s, &v);
	v.u.dec = -max38;
	floe_pq_acc_add(&s, &v);
	v.u.dec = -1;
	floe_pq_acc_add(&s, &v);
	floe_buf_reset(&mn);
	floe_buf_reset(&mx);
	assert_true(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_int_equal(mn.len, 16);
	assert_int_equal(mn.data[0], 0xB4); /* -(10^38-1) = 0xB4C4B357A5793B85F675DDC000000001 */
	assert_int_equal(mn.data[15], 0x01);
	assert_int_equal(mx.data[0], 0x4B);
	floe_buf_reset(&mn);
	assert_true(floe_pq_acc_iceberg_lower(&s, 16, &mn));
	assert_int_equal(mn.len, 16);
	floe_pq_acc_release(&s);

	floe_pq_acc_init(&s, &td9);
	v.u.dec = -1;
	floe_pq_acc_add(&s, &v);
	v.u.dec = 128;
	floe_pq_acc_add(&s, &v);
	floe_buf_reset(&mn);
	floe_buf_reset(&mx);
	assert_true(floe_pq_acc_parquet(&s, 4096, &mn, &mx));
	assert_int_equal(mn.len, 4);          /* INT32 LE in Parquet */
	assert_int_equal(mn.data[0], 0xFF);
	floe_buf_reset(&mn);
	floe_buf_reset(&mx);
	assert_true(floe_pq_acc_iceberg_lower(&s, 16, &mn));
	assert_true(floe_pq_acc_iceberg_upper(&s, 16, &mx));
	assert_int_equal(mn.len, 1);          /* minimal big-endian: FF */
	assert_int_equal(mn.data[0], 0xFF);
	assert_int_equal(mx.len, 2);          /* 128 = 00 80 */
	assert_int_equal(mx.data[0], 0x00);
	assert_int_equal(mx.data[1], 0x80);
	floe_pq_acc_release(&s);

	assert_int_equal(floe_pq_decimal_bytes(1), 1);
	assert_int_equal(floe_pq_decimal_bytes(2), 1);
	assert_int_equal(floe_pq_decimal_bytes(3), 2);
	assert_int_equal(floe_pq_decimal_bytes(9), 4);
	assert_int_equal(floe_pq_decimal_bytes(10), 5);
	assert_int_equal(floe_pq_decimal_bytes(18), 8);
	assert_int_equal(floe_pq_decimal_bytes(19), 9);
	assert_int_equal(floe_pq_decimal_bytes(38), 16);
	assert_int_equal(floe_pq_decimal_minimal(0, tmp), 1);
	assert_int_equal(floe_pq_decimal_minimal(-128, tmp), 1);
	assert_int_equal(floe_pq_decimal_minimal(-129, tmp), 2);
	assert_int_equal(floe_pq_decimal_minimal(127, tmp), 1);
	floe_buf_release(&mn);
	floe_buf_release(&mx);
}

static void test_truncation(void **state)
{
	uint8_t out[128];
	long n;
	static const uint8_t ff[20] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
				       0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
	static const uint8_t ab[20] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xFF, 0xFF, 0xFF, 9, 9};
	const char *s17 = "abcdefghijklmnopq";
	const char *max_cp = "\xF4\x8F\xBF\xBF";
	char buf[128];
	int i;

	(void)state;
	/* short values are exact */
	assert_int_equal(floe_utf8_truncate_upper((const uint8_t *)"abc", 3, 16, out), 3);
	assert_int_equal(floe_utf8_truncate_lower((const uint8_t *)s17, 17, 16), 16);
	n = floe_utf8_truncate_upper((const uint8_t *)s17, 17, 16, out);
	assert_int_equal(n, 16);
	assert_memory_equal(out, "abcdefghijklmnoq", 16);  /* 'p' + 1 */
	/* multi-byte: 17 x "é" → 16 chars = 32 bytes; upper ends with "ê" */
	buf[0] = 0;
	for (i = 0; i < 17; i++)
		strcat(buf, "é");
	assert_int_equal(floe_utf8_truncate_lower((const uint8_t *)buf, strlen(buf), 16), 32);
	n = floe_utf8_truncate_upper((const uint8_t *)buf, strlen(buf), 16, out);
	assert_int_equal(n, 32);
	assert_memory_equal(out + 30, "ê", 2);
	/* U+10FFFF cannot be incremented: the previous code point is */
	strcpy(buf, "abcdefghijklmno");
	strcat(buf, max_cp);
	strcat(buf, "z");
	n = floe_utf8_truncate_upper((const uint8_t *)buf, strlen(buf), 16, out);
	assert_int_equal(n, 15);
	assert_memory_equal(out, "abcdefghijklmnp", 15);
	/* all U+10FFFF: no upper bound */
	buf[0] = 0;
	for (i = 0; i < 17; i++)
		strcat(buf, max_cp);
	assert_int_equal(floe_utf8_truncate_upper((const uint8_t *)buf, strlen(buf), 16, out), -1);
	/* U+D7FF + 1 skips the surrogates to U+E000 */
	strcpy(buf, "abcdefghijklmno\xED\x9F\xBFzz");
	n = floe_utf8_truncate_upper((const uint8_t *)buf, strlen(buf), 16, out);
	assert_int_equal(n, 18);
	assert_memory_equal(out + 15, "\xEE\x80\x80", 3);
	/* U+007F + 1 = U+0080 grows to two bytes */
	strcpy(buf, "abcdefghijklmno\x7Fzz");
	n = floe_utf8_truncate_upper((const uint8_t *)buf, strlen(buf), 16, out);
	assert_int_equal(n, 17);
	assert_memory_equal(out + 15, "\xC2\x80", 2);
	/* binary */
	assert_int_equal(floe_bin_truncate_upper(ff, 20, 16, out), -1);
	assert_int_equal(floe_bin_truncate_upper(ff, 16, 16, out), 16);
	n = floe_bin_truncate_upper(ab, 20, 16, out);
	assert_int_equal(n, 15);
	assert_int_equal(out[14], 16);
}

static void test_codecs(void **state)
{
	static const int codecs[] = {FLOE_CODEC_UNCOMPRESSED, FLOE_CODEC_SNAPPY, FLOE_CODEC_GZIP, FLOE_CODEC_ZSTD};
	uint8_t src[5000], dst[5001];
	struct floe_buf c = FLOE_BUF_INIT;
	struct floe_codec_ctx ctx;
	struct floe_err err;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i % 251 < 100 ? 'a' : i * 7);
	for (k = 0; k < 4; k++) {
		floe_codec_ctx_init(&ctx, (enum floe_codec)codecs[k], 0);
		floe_buf_reset(&c);
		assert_int_equal(floe_compress(&ctx, src, sizeof(src), &c, &err), 0);
		assert_int_equal(floe_decompress(&ctx, codecs[k], c.data, c.len, dst, sizeof(src), &err), 0);
		assert_memory_equal(dst, src, sizeof(src));
		assert_int_equal(floe_decompress(NULL, codecs[k], c.data, c.len, dst, sizeof(src), &err), 0);
		/* wrong expected size both ways */
		assert_int_equal(floe_decompress(NULL, codecs[k], c.data, c.len, dst, sizeof(src) - 1, &err), -1);
		assert_int_equal(floe_decompress(NULL, codecs[k], c.data, c.len, dst, sizeof(src) + 1, &err), -1);
		if (codecs[k] != FLOE_CODEC_UNCOMPRESSED) {
			/* truncated and corrupted input */
			assert_int_equal(floe_decompress(NULL, codecs[k], c.data, c.len / 2, dst, sizeof(src), &err), -1);
			c.data[c.len / 2] ^= 0x5A;
			c.data[c.len / 3] ^= 0xA5;
			(void)floe_decompress(NULL, codecs[k], c.data, c.len, dst, sizeof(src), &err);
		}
		/* empty input */
		floe_buf_reset(&c);
		assert_int_equal(floe_compress(&ctx, src, 0, &c, &err), 0);
		assert_int_equal(floe_decompress(&ctx, codecs[k], c.data, c.len, dst, 0, &err), 0);
		floe_codec_ctx_release(&ctx);
	}
	/* two concatenated gzip members */
	floe_codec_ctx_init(&ctx, FLOE_CODEC_GZIP, 0);
	floe_buf_reset(&c);
	assert_int_equal(floe_compress(&ctx, src, 100, &c, &err), 0);
	assert_int_equal(floe_compress(&ctx, src + 100, 50, &c, &err), 0);
	assert_int_equal(floe_decompress(NULL, FLOE_CODEC_GZIP, c.data, c.len, dst, 150, &err), 0);
	assert_memory_equal(dst, src, 150);
	floe_codec_ctx_release(&ctx);
	assert_int_equal(floe_decompress(NULL, FLOE_CODEC_LZ4, src, 10, dst, 10, &err), -1);
	assert_non_null(strstr(err.msg, "not supported"));
	floe_codec_ctx_init(&ctx, FLOE_CODEC_BROTLI, 0);
	assert_int_equal(floe_compress(&ctx, src, 10, &c, &err), -1);
	floe_codec_ctx_release(&ctx);
	floe_buf_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dictionary_page_bytes),
		cmocka_unit_test(test_levels_list),
		cmocka_unit_test(test_levels_optional_required),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_rows_equal_columns),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_memory_bound),
		cmocka_unit_test(test_round_trip_reader),
		cmocka_unit_test(test_stats_floats),
		cmocka_unit_test(test_stats_bytes_and_decimals),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_codecs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
