/*
 * test_pqreader.c — the Parquet reader: PLAIN of every physical type and the
 * value conversions, dictionary pages (the reference's verified bytes),
 * DELTA_* and BYTE_STREAM_SPLIT from hand-built bytes, definition/repetition
 * levels of required, optional and list columns (null list, empty list, null
 * element) in v1 and v2 pages of hand-built files, the DuckDB-written files in
 * tests/data/parquet (every codec and page version give the same values),
 * statistics, unsupported shapes, and corrupt input: every truncated prefix
 * and byte flips must end in an error (or success), never a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/rd.h"
#include "parquet/page_dec.h"
#include "parquet/reader.h"
#include "parquet/reader_int.h"
#include "parquet/thrift.h"
#include "parquet/writer.h"
#include "core/sink.h"

/* ------------------------------------------------------------ helpers */

static uint8_t *load(const char *name, size_t *len)
{
	const char *dir = getenv("FLOE_TESTDATA");
	char path[1024];
	FILE *f;
	uint8_t *p;
	long n;

	snprintf(path, sizeof(path), "%s/parquet/%s", dir ? dir : "tests/data", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void path_of(const char *name, char *out, size_t n)
{
	const char *dir = getenv("FLOE_TESTDATA");
	snprintf(out, n, "%s/parquet/%s", dir ? dir : "tests/data", name);
}

/* Reads every readable field of every row group; returns 0 or -1 (err filled). */
static int read_everything(struct floe_pq_reader *r, struct floe_err *err)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	struct floe_value vals[64];
	struct floe_arena a;
	size_t g, f, n;
	int rc = 0;

	floe_arena_init(&a, 4096);
	for (g = 0; g < m->n_row_groups && rc == 0; g++) {
		for (f = 0; f < m->n_fields && rc == 0; f++) {
			struct floe_pq_cursor *c;
			if (m->fields[f].unsupported)
				continue;
			if (floe_pq_cursor_open(r, g, f, &c, err) != 0) {
				rc = -1;
				break;
			}
			for (;;) {
				if (floe_pq_cursor_read(c, vals, 64, &n, &a, err) != 0) {
					rc = -1;
					break;
				}
				if (n == 0)
					break;
				floe_arena_reset(&a);
			}
			floe_pq_cursor_free(c);
		}
	}
	floe_arena_release(&a);
	return rc;
}

/* ------------------------------------------------------------ value decoders */

static struct floe_pq_colinfo ci_of(int ptype, int len, enum floe_pq_conv conv, enum floe_type_id out)
{
	struct floe_pq_colinfo ci;
	ci.ptype = ptype;
	ci.type_length = len;
	ci.conv = conv;
	ci.out = out;
	return ci;
}

static int decode(const struct floe_pq_colinfo *ci, int enc, const uint8_t *p, size_t len, struct floe_value *out,
		  size_t n, struct floe_arena *a, struct floe_err *err)
{
	struct floe_pq_vdec d;

	if (floe_pq_vdec_init(&d, ci, enc, p, len, 1000, NULL, 0, err) != 0)
		return -1;
	return floe_pq_vdec_get(&d, out, n, a, err);
}

static void test_plain_every_type(void **state)
{
	static const uint8_t bools[] = { 0x0D, 0x01 }; /* 1,0,1,1,0,0,0,0, 1 */
	static const uint8_t i32[] = { 0x01, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80 };
	static const uint8_t i64[] = { 0x02, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	/* 1.5f, -0.0f */
	static const uint8_t f32[] = { 0, 0, 0xc0, 0x3f, 0, 0, 0, 0x80 };
	/* 2.25 */
	static const uint8_t f64[] = { 0, 0, 0, 0, 0, 0, 0x02, 0x40 };
	/* INT96: 1 µs past midnight of 1970-01-02 (julian 2440589) */
	static const uint8_t i96[] = { 0xe8, 0x03, 0, 0, 0, 0, 0, 0, 0x8d, 0x3d, 0x25, 0 };
	static const uint8_t ba[] = { 2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0, 3, 0, 0, 0, 0xc3, 0xa9, '!' };
	static const uint8_t flba[] = { 1, 2, 3, 4, 5, 6 };
	struct floe_arena a;
	struct floe_err err;
	struct floe_value v[9];
	struct floe_pq_colinfo ci;
	int i;

	(void)state;
	floe_arena_init(&a, 1024);
	ci = ci_of(FLOE_PQ_BOOLEAN, 0, FLOE_PQC_NONE, FLOE_T_BOOLEAN);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, bools, sizeof(bools), v, 9, &a, &err), 0);
	for (i = 0; i < 9; i++)
		assert_int_equal(v[i].u.b, (i == 0 || i == 2 || i == 3 || i == 8));
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, bools, sizeof(bools), v, 17, &a, &err), -1);

	ci = ci_of(FLOE_PQ_INT32, 0, FLOE_PQC_NONE, FLOE_T_INT);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i32, sizeof(i32), v, 3, &a, &err), 0);
	assert_int_equal(v[0].u.i32, 1);
	assert_int_equal(v[1].u.i32, -1);
	assert_int_equal(v[2].u.i32, INT32_MIN);
	assert_false(v[2].is_null);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i32, sizeof(i32) - 1, v, 3, &a, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
	ci = ci_of(FLOE_PQ_INT32, 0, FLOE_PQC_U32_LONG, FLOE_T_LONG);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i32, sizeof(i32), v, 3, &a, &err), 0);
	assert_true(v[1].u.i64 == 4294967295LL);
	ci = ci_of(FLOE_PQ_INT32, 0, FLOE_PQC_MILLIS, FLOE_T_TIME);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i32, 4, v, 1, &a, &err), 0);
	assert_true(v[0].u.i64 == 1000);
	ci = ci_of(FLOE_PQ_INT32, 0, FLOE_PQC_DEC32, FLOE_T_DECIMAL);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i32, sizeof(i32), v, 3, &a, &err), 0);
	assert_true(v[1].u.dec == -1);

	ci = ci_of(FLOE_PQ_INT64, 0, FLOE_PQC_NONE, FLOE_T_LONG);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i64, sizeof(i64), v, 2, &a, &err), 0);
	assert_true(v[0].u.i64 == 2 && v[1].u.i64 == -2);
	ci = ci_of(FLOE_PQ_INT64, 0, FLOE_PQC_NANOS, FLOE_T_TIMESTAMP);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i64, 8, v, 1, &a, &err), -1);
	assert_non_null(strstr(err.msg, "not a whole number of microseconds"));
	ci = ci_of(FLOE_PQ_INT64, 0, FLOE_PQC_U64_DEC, FLOE_T_DECIMAL);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i64, sizeof(i64), v, 2, &a, &err), 0);
	assert_true(v[1].u.dec == (floe_i128)UINT64_MAX - 1);
	ci = ci_of(FLOE_PQ_INT64, 0, FLOE_PQC_MILLIS, FLOE_T_TIMESTAMPTZ);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i64, sizeof(i64), v, 2, &a, &err), 0);
	assert_true(v[1].u.i64 == -2000);

	ci = ci_of(FLOE_PQ_FLOAT, 0, FLOE_PQC_NONE, FLOE_T_FLOAT);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, f32, sizeof(f32), v, 2, &a, &err), 0);
	assert_true(v[0].u.f32 == 1.5f);
	assert_true(v[1].u.f32 == 0.0f && (floe_load_u32le(f32 + 4) >> 31) == 1);
	{
		uint32_t bits;
		memcpy(&bits, &v[1].u.f32, 4);
		assert_int_equal(bits, 0x80000000u); /* -0.0 kept */
	}
	ci = ci_of(FLOE_PQ_DOUBLE, 0, FLOE_PQC_NONE, FLOE_T_DOUBLE);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, f64, sizeof(f64), v, 1, &a, &err), 0);
	assert_true(v[0].u.f64 == 2.25);

	ci = ci_of(FLOE_PQ_INT96, 0, FLOE_PQC_INT96, FLOE_T_TIMESTAMPTZ);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, i96, sizeof(i96), v, 1, &a, &err), 0);
	assert_true(v[0].u.i64 == 86400000000LL + 1);

	ci = ci_of(FLOE_PQ_BYTE_ARRAY, 0, FLOE_PQC_BYTES, FLOE_T_STRING);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, ba, sizeof(ba), v, 3, &a, &err), 0);
	assert_int_equal(v[0].u.bytes.len, 2);
	assert_memory_equal(v[0].u.bytes.p, "hi", 2);
	assert_int_equal(v[1].u.bytes.len, 0);
	assert_int_equal(v[2].u.bytes.len, 3);
	assert_memory_equal(v[2].u.bytes.p, "\xc3\xa9!", 3);
	assert_ptr_not_equal(v[2].u.bytes.p, ba + 14); /* copied into the arena */
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, ba, sizeof(ba) - 1, v, 3, &a, &err), -1);
	assert_non_null(strstr(err.msg, "exceeds"));

	ci = ci_of(FLOE_PQ_FLBA, 3, FLOE_PQC_BYTES, FLOE_T_FIXED);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, flba, sizeof(flba), v, 2, &a, &err), 0);
	assert_memory_equal(v[1].u.bytes.p, flba + 3, 3);
	ci = ci_of(FLOE_PQ_FLBA, 3, FLOE_PQC_DECBYTES, FLOE_T_DECIMAL);
	{
		static const uint8_t neg[] = { 0xff, 0xfe, 0x0c }; /* -500 */
		assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, neg, 3, v, 1, &a, &err), 0);
		assert_true(v[0].u.dec == -500);
	}
	ci = ci_of(FLOE_PQ_FLBA, 2, FLOE_PQC_FLOAT16, FLOE_T_FLOAT);
	{
		static const uint8_t h[] = { 0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00 }; /* 1.0, -2.0, 2^-24 */
		assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, h, 6, v, 3, &a, &err), 0);
		assert_true(v[0].u.f32 == 1.0f && v[1].u.f32 == -2.0f && v[2].u.f32 == 5.9604644775390625e-8f);
	}
	ci = ci_of(FLOE_PQ_FLBA, 4, FLOE_PQC_BYTES, FLOE_T_UUID);
	assert_int_equal(decode(&ci, FLOE_PQE_PLAIN, flba, 4, v, 1, &a, &err), -1); /* uuid needs 16 bytes */
	floe_arena_release(&a);
}

static void test_decimal_bytes(void **state)
{
	/* 17-byte sign-extended big-endian values: ok; a real 17-byte magnitude: error */
	uint8_t p[17];
	struct floe_arena a;
	struct floe_err err;
	struct floe_value v;
	struct floe_pq_colinfo ci = ci_of(FLOE_PQ_BYTE_ARRAY, 0, FLOE_PQC_DECBYTES, FLOE_T_DECIMAL);

	(void)state;
	floe_arena_init(&a, 1024);
	memset(p, 0xff, sizeof(p));
	assert_int_equal(floe_pq_plain_single(&ci, p, 17, &v, &a, &err), 0);
	assert_true(v.u.dec == -1);
	memset(p, 0, sizeof(p));
	p[16] = 7;
	assert_int_equal(floe_pq_plain_single(&ci, p, 17, &v, &a, &err), 0);
	assert_true(v.u.dec == 7);
	p[0] = 1;
	assert_int_equal(floe_pq_plain_single(&ci, p, 17, &v, &a, &err), -1);
	assert_int_equal(floe_pq_plain_single(&ci, p, 0, &v, &a, &err), 0);
	assert_true(v.u.dec == 0);
	floe_arena_release(&a);
}

static void test_delta_binary_packed(void **state)
{
	/* Encodings.md example 1: 1..5 → block 128, 4 miniblocks, 5 values, first 1; min delta 1, widths 0 */
	static const uint8_t ex1[] = { 0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00 };
	/* example 2: 7,5,3,1,2,3,4,5 → min delta -2, relative 0,0,0,3,3,3,3 at width 2 (32-value miniblock) */
	static const uint8_t ex2[] = { 0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00,
				       0xC0, 0x3F, 0, 0, 0, 0, 0, 0 };
	static const int64_t want2[] = { 7, 5, 3, 1, 2, 3, 4, 5 };
	struct floe_pq_delta d;
	struct floe_err err;
	uint64_t v;
	size_t end;
	int i;

	(void)state;
	assert_int_equal(floe_pq_delta_init(&d, ex1, sizeof(ex1), 100, &err), 0);
	assert_int_equal(floe_pq_delta_end(&d, &end, &err), 0);
	assert_int_equal(end, sizeof(ex1));
	for (i = 1; i <= 5; i++) {
		assert_int_equal(floe_pq_delta_next(&d, &v, &err), 0);
		assert_int_equal((int64_t)v, i);
	}
	assert_int_equal(floe_pq_delta_next(&d, &v, &err), -1);

	assert_int_equal(floe_pq_delta_init(&d, ex2, sizeof(ex2), 100, &err), 0);
	assert_int_equal(floe_pq_delta_end(&d, &end, &err), 0);
	assert_int_equal(end, sizeof(ex2));
	for (i = 0; i < 8; i++) {
		assert_int_equal(floe_pq_delta_next(&d, &v, &err), 0);
		assert_int_equal((int64_t)v, want2[i]);
	}
	/* the header claims more values than the page may hold */
	assert_int_equal(floe_pq_delta_init(&d, ex2, sizeof(ex2), 7, &err), -1);
	/* truncated inside the block header */
	assert_int_equal(floe_pq_delta_init(&d, ex2, 7, 100, &err), 0);
	assert_int_equal(floe_pq_delta_end(&d, &end, &err), -1);
	/* a bad block size */
	{
		static const uint8_t bad[] = { 0x81, 0x01, 0x04, 0x01, 0x00 };
		assert_int_equal(floe_pq_delta_init(&d, bad, sizeof(bad), 100, &err), -1);
	}
}

static void test_delta_byte_arrays_and_bss(void **state)
{
	/* DELTA_BYTE_ARRAY: prefixes 0,1,2 and suffixes "a","b","c" → "a","ab","abc" */
	static const uint8_t dba[] = { 0x80, 0x01, 0x04, 0x03, 0x00, 0x02, 0, 0, 0, 0,
				       0x80, 0x01, 0x04, 0x03, 0x02, 0x00, 0, 0, 0, 0, 'a', 'b', 'c' };
	/* DELTA_LENGTH_BYTE_ARRAY: lengths 2,0,1 then "hiX" */
	static const uint8_t dlba[] = { 0x80, 0x01, 0x04, 0x03, 0x04, 0x03, 0x02, 0, 0, 0,
					0x0C, 0, 0, 0, 0, 0, 0, 0, 'h', 'i', 'X' };
	/* BYTE_STREAM_SPLIT floats 1.0, 2.0 */
	static const uint8_t bss[] = { 0, 0, 0, 0, 0x80, 0, 0x3f, 0x40 };
	struct floe_pq_colinfo ci = ci_of(FLOE_PQ_BYTE_ARRAY, 0, FLOE_PQC_BYTES, FLOE_T_STRING);
	struct floe_arena a;
	struct floe_err err;
	struct floe_value v[3];

	(void)state;
	floe_arena_init(&a, 1024);
	assert_int_equal(decode(&ci, FLOE_PQE_DELTA_BYTE_ARRAY, dba, sizeof(dba), v, 3, &a, &err), 0);
	assert_int_equal(v[0].u.bytes.len, 1);
	assert_int_equal(v[2].u.bytes.len, 3);
	assert_memory_equal(v[1].u.bytes.p, "ab", 2);
	assert_memory_equal(v[2].u.bytes.p, "abc", 3);
	assert_int_equal(decode(&ci, FLOE_PQE_DELTA_BYTE_ARRAY, dba, sizeof(dba) - 1, v, 3, &a, &err), -1);

	/* lengths 2, 0, 1: first 2, deltas -2, +1 → min delta -2 (zigzag 3), relative 0, 3 at width 2 */
	assert_int_equal(decode(&ci, FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY, dlba, sizeof(dlba), v, 3, &a, &err), 0);
	assert_int_equal(v[0].u.bytes.len, 2);
	assert_memory_equal(v[0].u.bytes.p, "hi", 2);
	assert_int_equal(v[1].u.bytes.len, 0);
	assert_int_equal(v[2].u.bytes.len, 1);
	assert_memory_equal(v[2].u.bytes.p, "X", 1);

	ci = ci_of(FLOE_PQ_FLOAT, 0, FLOE_PQC_NONE, FLOE_T_FLOAT);
	assert_int_equal(decode(&ci, FLOE_PQE_BYTE_STREAM_SPLIT, bss, sizeof(bss), v, 2, &a, &err), 0);
	assert_true(v[0].u.f32 == 1.0f && v[1].u.f32 == 2.0f);
	assert_int_equal(decode(&ci, FLOE_PQE_BYTE_STREAM_SPLIT, bss, sizeof(bss), v, 3, &a, &err), -1);
	assert_int_equal(decode(&ci, FLOE_PQE_BYTE_STREAM_SPLIT, bss, 7, v, 1, &a, &err), -1);
	/* an encoding that does not fit the type is refused by name */
	assert_int_equal(decode(&ci, FLOE_PQE_DELTA_BYTE_ARRAY, dba, sizeof(dba), v, 1, &a, &err), -1);
	assert_non_null(strstr(err.msg, "unsupported encoding 'DELTA_BYTE_ARRAY'"));
	floe_arena_release(&a);
}

/* ------------------------------------------------------------ hand-built files */

/* Page header of a v1 data page (or, with v2, DataPageHeaderV2 fields). */
static void page_header(struct floe_buf *out, int type, int32_t usize, int32_t csize, int32_t nv, int enc,
			int32_t nulls, int32_t rows, int32_t dl, int32_t rl)
{
	struct floe_thrift_w w;

	floe_thrift_w_init(&w, out);
	floe_thrift_w_i32(&w, 1, type);
	floe_thrift_w_i32(&w, 2, usize);
	floe_thrift_w_i32(&w, 3, csize);
	if (type == 0) {
		floe_thrift_w_struct(&w, 5);
		floe_thrift_w_i32(&w, 1, nv);
		floe_thrift_w_i32(&w, 2, enc);
		floe_thrift_w_i32(&w, 3, 3);
		floe_thrift_w_i32(&w, 4, 3);
		floe_thrift_w_end(&w);
	} else if (type == 2) {
		floe_thrift_w_struct(&w, 7);
		floe_thrift_w_i32(&w, 1, nv);
		floe_thrift_w_i32(&w, 2, enc);
		floe_thrift_w_end(&w);
	} else {
		floe_thrift_w_struct(&w, 8);
		floe_thrift_w_i32(&w, 1, nv);
		floe_thrift_w_i32(&w, 2, nulls);
		floe_thrift_w_i32(&w, 3, rows);
		floe_thrift_w_i32(&w, 4, enc);
		floe_thrift_w_i32(&w, 5, dl);
		floe_thrift_w_i32(&w, 6, rl);
		floe_thrift_w_bool(&w, 7, false);
		floe_thrift_w_end(&w);
	}
	floe_thrift_w_end(&w);
}

struct chunk_desc {
	int type;
	const char *path[3];
	int path_len;
	int64_t offset, size, num_values;
	int64_t dict_offset; /* -1 none */
};

static void schema_el(struct floe_thrift_w *w, int type, int rep, const char *name, int children, int ct, int fid,
		      int logical)
{
	floe_thrift_w_elem_struct(w);
	if (type >= 0)
		floe_thrift_w_i32(w, 1, type);
	if (rep >= 0)
		floe_thrift_w_i32(w, 3, rep);
	floe_thrift_w_string(w, 4, name);
	if (children > 0)
		floe_thrift_w_i32(w, 5, children);
	if (ct >= 0)
		floe_thrift_w_i32(w, 6, ct);
	if (fid >= 0)
		floe_thrift_w_i32(w, 9, fid);
	if (logical > 0) {
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, (int16_t)logical);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
	}
	floe_thrift_w_end(w);
}

static void footer(struct floe_buf *f, void (*schema)(struct floe_thrift_w *), int64_t rows,
		   const struct chunk_desc *cols, int ncols)
{
	struct floe_thrift_w w;
	size_t start = f->len;
	int i, k;

	floe_thrift_w_init(&w, f);
	floe_thrift_w_i32(&w, 1, 1);
	schema(&w);
	floe_thrift_w_i64(&w, 3, rows);
	floe_thrift_w_list(&w, 4, FLOE_TT_STRUCT, 1);
	floe_thrift_w_elem_struct(&w);
	floe_thrift_w_list(&w, 1, FLOE_TT_STRUCT, (uint32_t)ncols);
	for (i = 0; i < ncols; i++) {
		floe_thrift_w_elem_struct(&w);
		floe_thrift_w_i64(&w, 2, 0);
		floe_thrift_w_struct(&w, 3);
		floe_thrift_w_i32(&w, 1, cols[i].type);
		floe_thrift_w_list(&w, 2, FLOE_TT_I32, 2);
		floe_thrift_w_elem_i32(&w, 0);
		floe_thrift_w_elem_i32(&w, 3);
		floe_thrift_w_list(&w, 3, FLOE_TT_BINARY, (uint32_t)cols[i].path_len);
		for (k = 0; k < cols[i].path_len; k++)
			floe_thrift_w_elem_string(&w, cols[i].path[k]);
		floe_thrift_w_i32(&w, 4, 0);
		floe_thrift_w_i64(&w, 5, cols[i].num_values);
		floe_thrift_w_i64(&w, 6, cols[i].size);
		floe_thrift_w_i64(&w, 7, cols[i].size);
		floe_thrift_w_i64(&w, 9, cols[i].offset);
		if (cols[i].dict_offset >= 0)
			floe_thrift_w_i64(&w, 11, cols[i].dict_offset);
		floe_thrift_w_end(&w);
		floe_thrift_w_end(&w);
	}
	floe_thrift_w_i64(&w, 2, 100);
	floe_thrift_w_i64(&w, 3, rows);
	floe_thrift_w_end(&w);
	floe_thrift_w_string(&w, 6, "floe unit test");
	floe_thrift_w_end(&w);
	floe_buf_put_u32le(f, (uint32_t)(f->len - start));
	floe_buf_append(f, "PAR1", 4);
}

static void levels_schema(struct floe_thrift_w *w)
{
	floe_thrift_w_list(w, 2, FLOE_TT_STRUCT, 6);
	schema_el(w, -1, -1, "schema", 3, -1, -1, 0);
	schema_el(w, 1, 0, "req", 0, -1, 1, 0);
	schema_el(w, 1, 1, "opt", 0, -1, 2, 0);
	schema_el(w, -1, 1, "tags", 1, 3, 3, FLOE_PQL_LIST);
	schema_el(w, -1, 2, "list", 1, -1, -1, 0);
	schema_el(w, 2, 1, "element", 0, -1, 4, 0);
}

/* req: 10,20,30,40; opt: 5,null,7,null; tags: [1,null,2], null, [], [null]  (parquet.md §4 example) */
static void build_levels_file(struct floe_buf *f, bool v2)
{
	static const uint8_t req_vals[] = { 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40, 0, 0, 0 };
	static const uint8_t opt_def[] = { 0x03, 0x05 };              /* def 1,0,1,0 */
	static const uint8_t opt_vals[] = { 5, 0, 0, 0, 7, 0, 0, 0 };
	static const uint8_t tag_rep[] = { 0x03, 0x06 };              /* rep 0,1,1,0,0,0 */
	static const uint8_t tag_def[] = { 0x03, 0x3B, 0x09 };        /* def 3,2,3,0,1,2 */
	static const uint8_t tag_vals[] = { 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
	struct chunk_desc cols[3] = {
		{ 1, { "req" }, 1, 0, 0, 4, -1 },
		{ 1, { "opt" }, 1, 0, 0, 4, -1 },
		{ 2, { "tags", "list", "element" }, 3, 0, 0, 6, -1 },
	};
	struct floe_buf body = FLOE_BUF_INIT;
	size_t start;

	floe_buf_append(f, "PAR1", 4);
	/* req */
	start = f->len;
	if (v2)
		page_header(f, 3, 16, 16, 4, 0, 0, 4, 0, 0);
	else
		page_header(f, 0, 16, 16, 4, 0, 0, 0, 0, 0);
	floe_buf_append(f, req_vals, sizeof(req_vals));
	cols[0].offset = (int64_t)start;
	cols[0].size = (int64_t)(f->len - start);
	/* opt */
	start = f->len;
	if (v2) {
		page_header(f, 3, 10, 10, 4, 0, 2, 4, 2, 0);
		floe_buf_append(f, opt_def, 2);
	} else {
		floe_buf_put_u32le(&body, 2);
		floe_buf_append(&body, opt_def, 2);
		floe_buf_append(&body, opt_vals, 8);
		page_header(f, 0, (int32_t)body.len, (int32_t)body.len, 4, 0, 0, 0, 0, 0);
		floe_buf_append(f, body.data, body.len);
		floe_buf_reset(&body);
	}
	if (v2)
		floe_buf_append(f, opt_vals, 8);
	cols[1].offset = (int64_t)start;
	cols[1].size = (int64_t)(f->len - start);
	/* tags */
	start = f->len;
	if (v2) {
		page_header(f, 3, 21, 21, 6, 0, 4, 4, 3, 2);
		floe_buf_append(f, tag_rep, 2);
		floe_buf_append(f, tag_def, 3);
		floe_buf_append(f, tag_vals, 16);
	} else {
		floe_buf_put_u32le(&body, 2);
		floe_buf_append(&body, tag_rep, 2);
		floe_buf_put_u32le(&body, 3);
		floe_buf_append(&body, tag_def, 3);
		floe_buf_append(&body, tag_vals, 16);
		page_header(f, 0, (int32_t)body.len, (int32_t)body.len, 6, 0, 0, 0, 0, 0);
		floe_buf_append(f, body.data, body.len);
	}
	cols[2].offset = (int64_t)start;
	cols[2].size = (int64_t)(f->len - start);
	footer(f, levels_schema, 4, cols, 3);
	floe_buf_release(&body);
	assert_false(f->failed);
}

static void check_levels_file(const uint8_t *p, size_t len, size_t batch)
{
	struct floe_pq_reader *r;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v[4];
	const struct floe_pq_meta *m;
	size_t f, got, n;

	floe_arena_init(&a, 1024);
	assert_int_equal(floe_pq_open_mem(&r, "levels.parquet", p, len, &err), 0);
	m = floe_pq_meta(r);
	assert_int_equal(m->n_fields, 3);
	assert_int_equal(m->columns[2].max_def, 3);
	assert_int_equal(m->columns[2].max_rep, 1);
	assert_int_equal(m->columns[1].max_def, 1);
	assert_int_equal(m->columns[0].max_def, 0);
	assert_true(m->fields[0].f.required);
	assert_false(m->fields[1].f.required);
	assert_int_equal(m->fields[2].f.type.id, FLOE_T_LIST);
	assert_int_equal(m->fields[2].f.type.elem_id, FLOE_T_LONG);
	assert_int_equal(m->fields[2].f.type.elem_field_id, 4);
	assert_false(m->fields[2].f.type.elem_required);
	assert_int_equal(floe_pq_field_by_id(r, 3), 2);
	assert_int_equal(floe_pq_field_by_name(r, "opt"), 1);
	for (f = 0; f < 3; f++) {
		struct floe_pq_cursor *c;
		assert_int_equal(floe_pq_cursor_open(r, 0, f, &c, &err), 0);
		got = 0;
		for (;;) {
			assert_int_equal(floe_pq_cursor_read(c, v + got, batch < 4 - got ? batch : 4 - got, &n, &a, &err), 0);
			if (n == 0)
				break;
			got += n;
			if (got == 4) {
				assert_int_equal(floe_pq_cursor_read(c, v, 1, &n, &a, &err), 0);
				assert_int_equal(n, 0);
				break;
			}
		}
		assert_int_equal(got, 4);
		floe_pq_cursor_free(c);
		if (f == 0) {
			assert_int_equal(v[0].u.i32, 10);
			assert_int_equal(v[3].u.i32, 40);
			assert_false(v[1].is_null);
		} else if (f == 1) {
			assert_false(v[0].is_null);
			assert_int_equal(v[0].u.i32, 5);
			assert_true(v[1].is_null);
			assert_int_equal(v[2].u.i32, 7);
			assert_true(v[3].is_null);
		} else {
			assert_false(v[0].is_null);
			assert_int_equal(v[0].u.list.n, 3);
			assert_true(v[0].u.list.items[0].u.i64 == 1);
			assert_true(v[0].u.list.items[1].is_null);
			assert_true(v[0].u.list.items[2].u.i64 == 2);
			assert_true(v[1].is_null);
			assert_false(v[2].is_null);
			assert_int_equal(v[2].u.list.n, 0);
			assert_false(v[3].is_null);
			assert_int_equal(v[3].u.list.n, 1);
			assert_true(v[3].u.list.items[0].is_null);
		}
	}
	floe_pq_close(r);
	floe_arena_release(&a);
}

static void test_levels_v1_v2(void **state)
{
	struct floe_buf f = FLOE_BUF_INIT;

	(void)state;
	build_levels_file(&f, false);
	check_levels_file(f.data, f.len, 4);
	check_levels_file(f.data, f.len, 1);
	floe_buf_reset(&f);
	build_levels_file(&f, true);
	check_levels_file(f.data, f.len, 4);
	check_levels_file(f.data, f.len, 3);
	floe_buf_release(&f);
}

static void test_truncated_prefixes(void **state)
{
	struct floe_buf f = FLOE_BUF_INIT;
	size_t cut;
	struct floe_err err;

	(void)state;
	build_levels_file(&f, false);
	for (cut = 0; cut < f.len; cut++) {
		struct floe_pq_reader *r;
		uint8_t *p = malloc(cut ? cut : 1);
		memcpy(p, f.data, cut);
		assert_int_equal(floe_pq_open_mem(&r, "cut.parquet", p, cut, &err), -1);
		assert_non_null(strstr(err.msg, "parquet file 'cut.parquet'"));
		free(p);
	}
	floe_buf_release(&f);
	/* the same for a DuckDB-written file with dictionary pages and a list */
	{
		size_t len;
		uint8_t *orig = load("dict_small.parquet", &len);
		for (cut = 0; cut < len; cut++) {
			struct floe_pq_reader *r;
			uint8_t *p = malloc(cut ? cut : 1);
			memcpy(p, orig, cut);
			assert_int_equal(floe_pq_open_mem(&r, "cut.parquet", p, cut, &err), -1);
			free(p);
		}
		free(orig);
	}
}

/* The footer stays intact but a page body or header is cut: the reader must say where. */
static void test_truncated_pages(void **state)
{
	struct floe_buf f = FLOE_BUF_INIT;
	struct floe_pq_reader *r;
	struct floe_err err;
	const struct floe_pq_meta *m;
	uint8_t *p;
	size_t flen, data_end, k;
	int64_t off;

	(void)state;
	build_levels_file(&f, false);
	flen = floe_load_u32le(f.data + f.len - 8);
	data_end = f.len - 8 - flen;
	/* shrink each chunk's declared size by k bytes: the page runs past the chunk */
	assert_int_equal(floe_pq_open_mem(&r, "t.parquet", f.data, f.len, &err), 0);
	m = floe_pq_meta(r);
	off = m->row_groups[0].chunks[2].data_page_offset;
	floe_pq_close(r);
	for (k = 1; k <= 8; k++) {
		/* overwrite the tail of the tags chunk with a zero-filled file whose chunk ends early */
		p = malloc(f.len);
		memcpy(p, f.data, f.len);
		memset(p + data_end - k, 0, k);
		if (floe_pq_open_mem(&r, "t.parquet", p, f.len, &err) == 0) {
			(void)read_everything(r, &err);
			floe_pq_close(r);
		}
		free(p);
	}
	/* a page header whose compressed size exceeds the chunk */
	p = malloc(f.len);
	memcpy(p, f.data, f.len);
	{
		struct floe_rd rd;
		struct floe_pq_page_header h;
		floe_rd_init(&rd, p + off, data_end - (size_t)off);
		assert_int_equal(floe_pq_parse_page_header(&rd, &h, &err), 0);
		assert_int_equal(h.type, 0);
		assert_int_equal(h.num_values, 6);
		/* byte 3..4 hold the zigzag varint of compressed_page_size (field 3): bump it */
		assert_int_equal(p[off + 4], 0x15);
		p[off + 5] = (uint8_t)(p[off + 5] + 40);
	}
	assert_int_equal(floe_pq_open_mem(&r, "t.parquet", p, f.len, &err), 0);
	assert_int_equal(read_everything(r, &err), -1);
	assert_non_null(strstr(err.msg, "parquet file 't.parquet': row group 0, column 'tags.list.element', page at offset"));
	assert_non_null(strstr(err.msg, "truncated"));
	floe_pq_close(r);
	free(p);
	floe_buf_release(&f);
}

/* Legacy list shapes (LogicalTypes.md backward compatibility): a LIST group whose
 * repeated child is the primitive element, and a bare repeated primitive. */
static void legacy_schema(struct floe_thrift_w *w)
{
	floe_thrift_w_list(w, 2, FLOE_TT_STRUCT, 7);
	schema_el(w, -1, -1, "schema", 3, -1, -1, 0);
	schema_el(w, -1, 1, "two", 1, 3, 5, 0);
	schema_el(w, 1, 2, "element", 0, -1, 6, 0);
	schema_el(w, 1, 2, "bare", 0, -1, 7, 0);
	schema_el(w, -1, 1, "structs", 1, 3, 8, 0);
	schema_el(w, -1, 2, "array", 1, -1, -1, 0);
	schema_el(w, 1, 0, "a", 0, -1, -1, 0);
}

static void test_legacy_lists(void **state)
{
	/* two: [1,2], null, []    → rep 0,1,0,0  def 2,2,0,1 */
	static const uint8_t two_body[] = { 2, 0, 0, 0, 0x03, 0x02, 2, 0, 0, 0, 0x03, 0x4A,
					    1, 0, 0, 0, 2, 0, 0, 0 };
	/* bare: [7], [], [8,9]   → rep 0,0,0,1  def 1,0,1,1 */
	static const uint8_t bare_body[] = { 2, 0, 0, 0, 0x03, 0x08, 2, 0, 0, 0, 0x03, 0x0D,
					     7, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0 };
	/* structs: one row, an empty list → rep 0, def 1 */
	static const uint8_t st_body[] = { 2, 0, 0, 0, 0x02, 0x00, 2, 0, 0, 0, 0x02, 0x01 };
	struct chunk_desc cols[3] = {
		{ 1, { "two", "element" }, 2, 0, 0, 4, -1 },
		{ 1, { "bare" }, 1, 0, 0, 4, -1 },
		{ 1, { "structs", "array", "a" }, 3, 0, 0, 3, -1 },
	};
	const uint8_t *bodies[3] = { two_body, bare_body, st_body };
	const size_t lens[3] = { sizeof(two_body), sizeof(bare_body), sizeof(st_body) };
	struct floe_buf f = FLOE_BUF_INIT;
	struct floe_pq_reader *r;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v[3];
	const struct floe_pq_meta *m;
	size_t i;

	(void)state;
	floe_arena_init(&a, 1024);
	floe_buf_append(&f, "PAR1", 4);
	for (i = 0; i < 3; i++) {
		size_t start = f.len;
		page_header(&f, 0, (int32_t)lens[i], (int32_t)lens[i], (int32_t)cols[i].num_values, 0, 0, 0, 0, 0);
		floe_buf_append(&f, bodies[i], lens[i]);
		cols[i].offset = (int64_t)start;
		cols[i].size = (int64_t)(f.len - start);
	}
	footer(&f, legacy_schema, 3, cols, 3);
	if (floe_pq_open_mem(&r, "legacy.parquet", f.data, f.len, &err) != 0)
		fail_msg("%s", err.msg);
	m = floe_pq_meta(r);
	assert_int_equal(m->fields[0].f.type.id, FLOE_T_LIST);
	assert_true(m->fields[0].f.type.elem_required);
	assert_int_equal(m->fields[0].f.type.elem_field_id, 6);
	assert_false(m->fields[0].f.required);
	assert_int_equal(m->fields[1].f.type.id, FLOE_T_LIST);
	assert_true(m->fields[1].f.required);
	assert_non_null(m->fields[2].unsupported);
	assert_non_null(strstr(m->fields[2].unsupported, "structs"));
	assert_int_equal(floe_pq_read_column(r, 0, 0, v, &a, &err), 0);
	assert_int_equal(v[0].u.list.n, 2);
	assert_int_equal(v[0].u.list.items[0].u.i32, 1);
	assert_int_equal(v[0].u.list.items[1].u.i32, 2);
	assert_true(v[1].is_null);
	assert_false(v[2].is_null);
	assert_int_equal(v[2].u.list.n, 0);
	assert_int_equal(floe_pq_read_column(r, 0, 1, v, &a, &err), 0);
	assert_int_equal(v[0].u.list.n, 1);
	assert_int_equal(v[0].u.list.items[0].u.i32, 7);
	assert_int_equal(v[1].u.list.n, 0);
	assert_false(v[1].is_null);
	assert_int_equal(v[2].u.list.n, 2);
	assert_int_equal(v[2].u.list.items[1].u.i32, 9);
	floe_pq_close(r);
	floe_buf_release(&f);
	floe_arena_release(&a);
}

static void one_int_schema(struct floe_thrift_w *w)
{
	floe_thrift_w_list(w, 2, FLOE_TT_STRUCT, 2);
	schema_el(w, -1, -1, "schema", 1, -1, -1, 0);
	schema_el(w, 1, 0, "n", 0, -1, 1, 0);
}

/* A page in an encoding floe does not know names the encoding, the column and the page offset. */
static void test_unsupported_encoding(void **state)
{
	static const uint8_t body[] = { 1, 0, 0, 0, 2, 0, 0, 0 };
	struct chunk_desc col = { 1, { "n" }, 1, 4, 0, 2, -1 };
	struct floe_buf f = FLOE_BUF_INIT;
	struct floe_pq_reader *r;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v[2];

	(void)state;
	floe_arena_init(&a, 1024);
	floe_buf_append(&f, "PAR1", 4);
	page_header(&f, 0, 8, 8, 2, 10 /* ALP */, 0, 0, 0, 0);
	floe_buf_append(&f, body, sizeof(body));
	col.size = (int64_t)f.len - 4;
	footer(&f, one_int_schema, 2, &col, 1);
	assert_int_equal(floe_pq_open_mem(&r, "alp.parquet", f.data, f.len, &err), 0);
	assert_int_equal(floe_pq_read_column(r, 0, 0, v, &a, &err), -1);
	assert_string_equal(err.msg, "parquet file 'alp.parquet': row group 0, column 'n', page at offset 4: "
				     "unsupported encoding 'ALP' (10) for physical type 'INT32'");
	floe_pq_close(r);
	/* the same page as PLAIN reads fine */
	floe_buf_reset(&f);
	floe_buf_append(&f, "PAR1", 4);
	page_header(&f, 0, 8, 8, 2, 0, 0, 0, 0, 0);
	floe_buf_append(&f, body, sizeof(body));
	footer(&f, one_int_schema, 2, &col, 1);
	assert_int_equal(floe_pq_open_mem(&r, "plain.parquet", f.data, f.len, &err), 0);
	assert_int_equal(floe_pq_read_column(r, 0, 0, v, &a, &err), 0);
	assert_int_equal(v[1].u.i32, 2);
	floe_pq_close(r);
	floe_buf_release(&f);
	floe_arena_release(&a);
}

/* parquet.md §5: verified bytes of an optional string column ["b", null, "é", "b"], dictionary-encoded */
static void dict_schema(struct floe_thrift_w *w)
{
	floe_thrift_w_list(w, 2, FLOE_TT_STRUCT, 2);
	schema_el(w, -1, -1, "schema", 1, -1, -1, 0);
	schema_el(w, 6, 1, "name", 0, 0, 7, FLOE_PQL_STRING);
}

static void test_dictionary_reference_bytes(void **state)
{
	static const uint8_t chunk[] = {
		0x15, 0x04, 0x15, 0x16, 0x15, 0x16, 0x4C, 0x15, 0x04, 0x15, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x62, 0x02, 0x00, 0x00, 0x00, 0xC3, 0xA9,
		0x15, 0x00, 0x15, 0x12, 0x15, 0x12, 0x2C, 0x15, 0x08, 0x15, 0x10, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x03, 0x0D, 0x01, 0x03, 0x02,
	};
	struct chunk_desc col = { 6, { "name" }, 1, 4 + 24, sizeof(chunk), 4, 4 };
	struct floe_buf f = FLOE_BUF_INIT;
	struct floe_pq_reader *r;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v[4];

	(void)state;
	floe_arena_init(&a, 1024);
	floe_buf_append(&f, "PAR1", 4);
	floe_buf_append(&f, chunk, sizeof(chunk));
	footer(&f, dict_schema, 4, &col, 1);
	assert_int_equal(floe_pq_open_mem(&r, "dict.parquet", f.data, f.len, &err), 0);
	assert_int_equal(floe_pq_meta(r)->fields[0].f.type.id, FLOE_T_STRING);
	assert_int_equal(floe_pq_read_column(r, 0, 0, v, &a, &err), 0);
	assert_int_equal(v[0].u.bytes.len, 1);
	assert_memory_equal(v[0].u.bytes.p, "b", 1);
	assert_true(v[1].is_null);
	assert_int_equal(v[2].u.bytes.len, 2);
	assert_memory_equal(v[2].u.bytes.p, "\xc3\xa9", 2);
	assert_memory_equal(v[3].u.bytes.p, "b", 1);
	floe_pq_close(r);

	/* an index past the dictionary: indices 0,1,0 → patch the bit-packed byte to 0,3,... width 1 → use width 2 */
	f.data[4 + sizeof(chunk) - 3] = 0x02;          /* bit width 2 */
	f.data[4 + sizeof(chunk) - 1] = 0x0C;          /* indices 0,3 */
	assert_int_equal(floe_pq_open_mem(&r, "dict.parquet", f.data, f.len, &err), 0);
	assert_int_equal(floe_pq_read_column(r, 0, 0, v, &a, &err), -1);
	assert_non_null(strstr(err.msg, "dictionary index '3' out of range (2 entries)"));
	floe_pq_close(r);
	floe_buf_release(&f);
	floe_arena_release(&a);
}

/* ------------------------------------------------------------ DuckDB-written files */

static const char *const type_files[] = {
	"types_uncompressed.parquet", "types_snappy.parquet", "types_gzip.parquet",
	"types_zstd.parquet", "types_v2_uncompressed.parquet", "types_v2_zstd.parquet",
};

static void test_duckdb_files_agree(void **state)
{
	struct floe_arena a;
	struct floe_err err;
	struct floe_value base[32][7], v[7];
	struct floe_pq_reader *r;
	const struct floe_pq_meta *m;
	char path[1024];
	size_t i, f, k;

	(void)state;
	floe_arena_init(&a, 64 * 1024);
	path_of(type_files[0], path, sizeof(path));
	assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
	m = floe_pq_meta(r);
	assert_int_equal(m->num_rows, 7);
	assert_int_equal(m->n_fields, 25);
	assert_true(m->n_fields <= 32);
	for (f = 0; f < m->n_fields; f++)
		assert_int_equal(floe_pq_read_column(r, 0, f, base[f], &a, &err), 0);
	/* spot checks against the SQL in tests/interop/parquet_tables.mjs */
	f = (size_t)floe_pq_field_by_name(r, "i32");
	assert_int_equal(base[f][1].u.i32, INT32_MIN);
	assert_true(base[f][2].is_null);
	f = (size_t)floe_pq_field_by_name(r, "u64");
	assert_true(base[f][1].u.dec == (floe_i128)UINT64_MAX);
	f = (size_t)floe_pq_field_by_name(r, "dec38");
	assert_int_equal(m->fields[f].f.type.precision, 38);
	assert_true(base[f][4].u.dec == 10000000000LL);
	f = (size_t)floe_pq_field_by_name(r, "ts_ns");
	assert_int_equal(m->fields[f].f.type.id, FLOE_T_TIMESTAMP);
	assert_true(base[f][1].u.i64 == 1);
	f = (size_t)floe_pq_field_by_name(r, "tstz");
	assert_int_equal(m->fields[f].f.type.id, FLOE_T_TIMESTAMPTZ);
	f = (size_t)floe_pq_field_by_name(r, "ts_ms");
	assert_true(base[f][1].u.i64 == -2208988800000000LL + 1000);
	f = (size_t)floe_pq_field_by_name(r, "li");
	assert_int_equal(m->fields[f].f.id, 23);
	assert_int_equal(m->fields[f].f.type.elem_field_id, 24);
	assert_int_equal(base[f][5].u.list.n, 10);
	assert_true(base[f][4].is_null);
	floe_pq_close(r);

	for (i = 1; i < sizeof(type_files) / sizeof(type_files[0]); i++) {
		path_of(type_files[i], path, sizeof(path));
		assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
		m = floe_pq_meta(r);
		assert_int_equal(m->n_fields, 25);
		for (f = 0; f < m->n_fields; f++) {
			assert_int_equal(floe_pq_read_column(r, 0, f, v, &a, &err), 0);
			for (k = 0; k < 7; k++)
				if (!floe_value_equal(&m->fields[f].f.type, &v[k], &base[f][k]))
					fail_msg("%s: field %s row %zu differs", type_files[i], m->fields[f].f.name, k);
		}
		floe_pq_close(r);
	}
	floe_arena_release(&a);
}

/* Counts page kinds and value encodings of the first data page of every chunk. */
static void first_pages(const char *name, int *v2, int *enc_seen)
{
	struct floe_pq_reader *r;
	struct floe_err err;
	const struct floe_pq_meta *m;
	uint8_t *p;
	size_t len, c, g;

	p = load(name, &len);
	assert_int_equal(floe_pq_open_mem(&r, name, p, len, &err), 0);
	m = floe_pq_meta(r);
	for (g = 0; g < m->n_row_groups; g++) {
		for (c = 0; c < m->n_columns; c++) {
			const struct floe_pq_chunk *ch = &m->row_groups[g].chunks[c];
			struct floe_rd rd;
			struct floe_pq_page_header h;
			floe_rd_init(&rd, p + ch->data_page_offset, len - (size_t)ch->data_page_offset);
			assert_int_equal(floe_pq_parse_page_header(&rd, &h, &err), 0);
			*v2 += h.type == 3;
			if (h.encoding >= 0 && h.encoding < 10)
				enc_seen[h.encoding]++;
		}
	}
	floe_pq_close(r);
	free(p);
}

/* The committed files really exercise what the reader claims to support. */
static void test_encodings_covered(void **state)
{
	int v2 = 0, enc[10] = { 0 };

	(void)state;
	first_pages("types_v2_zstd.parquet", &v2, enc);
	assert_true(enc[FLOE_PQE_DELTA_BINARY_PACKED] > 0);
	assert_true(enc[FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY] > 0);
	assert_true(enc[FLOE_PQE_BYTE_STREAM_SPLIT] > 0);
	memset(enc, 0, sizeof(enc));
	first_pages("hyparquet_delta.parquet", &v2, enc);
	assert_true(v2 > 0);
	assert_true(enc[FLOE_PQE_DELTA_BYTE_ARRAY] > 0);
	assert_true(enc[FLOE_PQE_RLE] > 0); /* RLE booleans */
	v2 = 0;
	memset(enc, 0, sizeof(enc));
	first_pages("arrow_v2_delta_gzip.parquet", &v2, enc);
	assert_true(v2 > 0);
	assert_true(enc[FLOE_PQE_DELTA_BYTE_ARRAY] > 0);
	assert_true(enc[FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY] > 0);
	assert_true(enc[FLOE_PQE_DELTA_BINARY_PACKED] > 0);
	assert_true(enc[FLOE_PQE_BYTE_STREAM_SPLIT] > 0);
	memset(enc, 0, sizeof(enc));
	first_pages("dict_small.parquet", &v2, enc);
	assert_true(enc[FLOE_PQE_PLAIN_DICTIONARY] + enc[FLOE_PQE_RLE_DICTIONARY] > 0);
}

/* hyparquet_delta (v2 pages, delta/BSS/RLE encodings) and hyparquet_plain hold the same rows. */
static void test_hyparquet_files_agree(void **state)
{
	struct floe_pq_reader *r1, *r2;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v1[300], v2[300];
	char p1[1024], p2[1024];
	const struct floe_pq_meta *m;
	size_t f, k, g, row0;

	(void)state;
	floe_arena_init(&a, 64 * 1024);
	path_of("hyparquet_delta.parquet", p1, sizeof(p1));
	path_of("hyparquet_plain.parquet", p2, sizeof(p2));
	assert_int_equal(floe_pq_open_file(&r1, p1, &err), 0);
	assert_int_equal(floe_pq_open_file(&r2, p2, &err), 0);
	m = floe_pq_meta(r1);
	assert_int_equal(m->num_rows, 300);
	assert_int_equal(floe_pq_meta(r2)->n_row_groups, 1);
	for (f = 0; f < m->n_fields; f++) {
		assert_int_equal(floe_pq_read_column(r2, 0, f, v2, &a, &err), 0);
		for (g = 0, row0 = 0; g < m->n_row_groups; g++) {
			assert_int_equal(floe_pq_read_column(r1, g, f, v1, &a, &err), 0);
			for (k = 0; k < (size_t)m->row_groups[g].num_rows; k++)
				if (!floe_value_equal(&m->fields[f].f.type, &v1[k], &v2[row0 + k]))
					fail_msg("field %s row %zu differs", m->fields[f].f.name, row0 + k);
			row0 += (size_t)m->row_groups[g].num_rows;
		}
	}
	/* spot checks against gen_parquet_hyparquet.mjs */
	f = (size_t)floe_pq_field_by_name(r2, "name");
	assert_true(v2[0].is_null || m->fields[f].f.type.id == FLOE_T_STRING);
	assert_int_equal(floe_pq_read_column(r2, 0, (size_t)floe_pq_field_by_name(r2, "big"), v2, &a, &err), 0);
	assert_true(v2[0].is_null);
	assert_true(v2[8].u.i64 == 8LL * 1000000007LL - 5000000000LL);
	assert_int_equal(floe_pq_read_column(r2, 0, (size_t)floe_pq_field_by_name(r2, "half"), v2, &a, &err), 0);
	assert_true(v2[1].u.f32 == -7.75f);
	floe_pq_close(r1);
	floe_pq_close(r2);
	floe_arena_release(&a);
}

/* The three arrow-rs files (v1 dictionary/snappy, v2 zstd, v2 delta/gzip) hold the same rows. */
static void test_arrow_files_agree(void **state)
{
	static const char *const files[] = { "arrow_v1_snappy.parquet", "arrow_v2_zstd.parquet",
					     "arrow_v2_delta_gzip.parquet" };
	static struct floe_value base[12][600], v[600];
	struct floe_arena a;
	struct floe_err err;
	size_t i, f, g, k, row0;

	(void)state;
	floe_arena_init(&a, 64 * 1024);
	for (i = 0; i < 3; i++) {
		struct floe_pq_reader *r;
		const struct floe_pq_meta *m;
		char path[1024];
		path_of(files[i], path, sizeof(path));
		if (floe_pq_open_file(&r, path, &err) != 0)
			fail_msg("%s", err.msg);
		m = floe_pq_meta(r);
		assert_int_equal(m->num_rows, 600);
		assert_int_equal(m->n_fields, 12);
		assert_int_equal(m->fields[11].f.type.id, FLOE_T_LIST); /* ints: list<int> with element "item" */
		assert_int_equal(m->fields[9].f.type.id, FLOE_T_TIMESTAMPTZ);
		assert_int_equal(m->fields[10].f.type.id, FLOE_T_TIMESTAMP);
		for (f = 0; f < 12; f++) {
			for (g = 0, row0 = 0; g < m->n_row_groups; g++) {
				size_t nr = (size_t)m->row_groups[g].num_rows;
				if (floe_pq_read_column(r, g, f, i == 0 ? base[f] + row0 : v + row0, &a, &err) != 0)
					fail_msg("%s", err.msg);
				row0 += nr;
			}
			if (i == 0)
				continue;
			for (k = 0; k < 600; k++)
				if (!floe_value_equal(&m->fields[f].f.type, &v[k], &base[f][k]))
					fail_msg("%s: field %s row %zu differs", files[i], m->fields[f].f.name, k);
		}
		floe_pq_close(r);
	}
	/* spot checks against gen_parquet_arrow.mjs */
	assert_true(base[1][0].is_null);
	assert_true(base[1][8].u.i64 == 8LL * 3000000019LL - 7000000000000LL);
	assert_int_equal(base[11][2].u.list.n, 3);
	assert_int_equal(base[11][2].u.list.items[2].u.i32, -2);
	assert_int_equal(base[11][1].u.list.n, 0);
	assert_true(base[11][10].u.list.items[1].is_null);
	floe_arena_release(&a);
}

struct page_tally {
	int64_t values;
	int data, v2, dict, index;
	bool dict_not_first;
};

static int tally(void *ctx, const struct floe_pq_page_info *pi)
{
	struct page_tally *t = ctx;

	if (pi->type == 2 && (t->data || t->v2))
		t->dict_not_first = true;
	t->dict += pi->type == 2;
	t->data += pi->type == 0;
	t->v2 += pi->type == 3;
	t->index += pi->type == 1;
	if (pi->type == 0 || pi->type == 3)
		t->values += pi->num_values;
	return 0;
}

/* floe_pq_chunk_pages: page kinds per writer, dictionary first, data-page values add up to num_values. */
static void test_chunk_pages(void **state)
{
	static const struct { const char *file; int want_type; } cases[] = {
		{ "arrow_v1_snappy.parquet", 0 }, { "arrow_v2_zstd.parquet", 3 }, { "hyparquet_delta.parquet", 3 },
		{ "types_v2_zstd.parquet", 0 }, { "dict_small.parquet", 0 },
	};
	size_t i, g, c;
	int dicts = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct floe_pq_reader *r;
		struct floe_err err;
		const struct floe_pq_meta *m;
		char path[1024];
		path_of(cases[i].file, path, sizeof(path));
		assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
		m = floe_pq_meta(r);
		for (g = 0; g < m->n_row_groups; g++) {
			for (c = 0; c < m->n_columns; c++) {
				const struct floe_pq_chunk *ch = &m->row_groups[g].chunks[c];
				struct page_tally t;
				memset(&t, 0, sizeof(t));
				if (floe_pq_chunk_pages(r, g, c, tally, &t, &err) != 0)
					fail_msg("%s", err.msg);
				assert_int_equal(t.values, ch->num_values);
				assert_false(t.dict_not_first);
				assert_true(t.dict <= 1);
				assert_int_equal(t.dict == 1, ch->dictionary_page_offset >= 0);
				if (cases[i].want_type == 0)
					assert_true(t.data > 0 && t.v2 == 0);
				else
					assert_true(t.v2 > 0 && t.data == 0);
				dicts += t.dict;
			}
		}
		floe_pq_close(r);
	}
	assert_true(dicts > 0);
}

static void test_big_files(void **state)
{
	static const char *const files[] = { "big_rg.parquet", "big_v2_snappy.parquet" };
	struct floe_arena a;
	struct floe_err err;
	size_t i;

	(void)state;
	floe_arena_init(&a, 64 * 1024);
	for (i = 0; i < 2; i++) {
		struct floe_pq_reader *r;
		const struct floe_pq_meta *m;
		char path[1024];
		int64_t next = 0;
		size_t g;
		path_of(files[i], path, sizeof(path));
		assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
		m = floe_pq_meta(r);
		assert_int_equal(m->num_rows, 3000);
		assert_true(m->n_row_groups >= 2);
		for (g = 0; g < m->n_row_groups; g++) {
			struct floe_pq_cursor *cid, *cstr, *cpair;
			struct floe_value id[100], s[100], pr[100];
			size_t n, n2, n3, k;
			assert_int_equal(floe_pq_cursor_open(r, g, (size_t)floe_pq_field_by_name(r, "id"), &cid, &err), 0);
			assert_int_equal(floe_pq_cursor_open(r, g, (size_t)floe_pq_field_by_name(r, "dict_str"), &cstr, &err), 0);
			assert_int_equal(floe_pq_cursor_open(r, g, (size_t)floe_pq_field_by_name(r, "pair"), &cpair, &err), 0);
			for (;;) {
				assert_int_equal(floe_pq_cursor_read(cid, id, 100, &n, &a, &err), 0);
				assert_int_equal(floe_pq_cursor_read(cstr, s, 100, &n2, &a, &err), 0);
				assert_int_equal(floe_pq_cursor_read(cpair, pr, 100, &n3, &a, &err), 0);
				assert_int_equal(n, n2);
				assert_int_equal(n, n3);
				if (n == 0)
					break;
				for (k = 0; k < n; k++, next++) {
					char want[32];
					assert_true(id[k].u.i64 == next);
					if (next % 11 == 0) {
						assert_true(s[k].is_null);
					} else {
						snprintf(want, sizeof(want), "value-%d", (int)(next % 50));
						assert_int_equal(s[k].u.bytes.len, strlen(want));
						assert_memory_equal(s[k].u.bytes.p, want, strlen(want));
					}
					if (next % 5 == 0) {
						assert_true(pr[k].is_null);
					} else {
						assert_int_equal(pr[k].u.list.n, 2);
						assert_true(pr[k].u.list.items[1].u.i64 == next + 1);
					}
				}
				floe_arena_reset(&a);
			}
			floe_pq_cursor_free(cid);
			floe_pq_cursor_free(cstr);
			floe_pq_cursor_free(cpair);
		}
		assert_int_equal(next, 3000);
		floe_pq_close(r);
	}
	floe_arena_release(&a);
}

static void test_stats_and_metadata(void **state)
{
	struct floe_pq_reader *r;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v;
	const struct floe_pq_meta *m;
	const struct floe_pq_stats *s;
	char path[1024];
	int f;

	(void)state;
	floe_arena_init(&a, 1024);
	path_of("types_zstd.parquet", path, sizeof(path));
	assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
	m = floe_pq_meta(r);
	assert_non_null(m->created_by);
	assert_non_null(strstr(m->created_by, "DuckDB"));
	assert_int_equal(m->row_groups[0].chunks[0].codec, 6);
	f = floe_pq_field_by_name(r, "i64");
	s = &m->row_groups[0].chunks[m->fields[f].leaf].stats;
	assert_true(s->present && s->has_min && s->has_max);
	assert_int_equal(s->null_count, 2);
	assert_int_equal(floe_pq_stat_value(r, (size_t)m->fields[f].leaf, s->min, s->min_len, &v, &a, &err), 0);
	assert_true(v.u.i64 == INT64_MIN);
	assert_int_equal(floe_pq_stat_value(r, (size_t)m->fields[f].leaf, s->max, s->max_len, &v, &a, &err), 0);
	assert_true(v.u.i64 == INT64_MAX);
	f = floe_pq_field_by_name(r, "s");
	s = &m->row_groups[0].chunks[m->fields[f].leaf].stats;
	assert_int_equal(floe_pq_stat_value(r, (size_t)m->fields[f].leaf, s->min, s->min_len, &v, &a, &err), 0);
	assert_int_equal(v.u.bytes.len, 0);
	f = floe_pq_field_by_name(r, "dec38");
	s = &m->row_groups[0].chunks[m->fields[f].leaf].stats;
	assert_int_equal(floe_pq_stat_value(r, (size_t)m->fields[f].leaf, s->max, s->max_len, &v, &a, &err), 0);
	assert_true(v.u.dec > (floe_i128)1000000000000000000LL);
	/* a bound of the wrong width is an error, not a crash */
	f = floe_pq_field_by_name(r, "i32");
	assert_int_equal(floe_pq_stat_value(r, (size_t)m->fields[f].leaf, s->max, 3, &v, &a, &err), -1);
	floe_pq_close(r);
	floe_arena_release(&a);
}

static void test_unsupported(void **state)
{
	struct floe_pq_reader *r;
	struct floe_pq_cursor *c;
	struct floe_err err;
	struct floe_arena a;
	struct floe_value v[1];
	char path[1024];

	(void)state;
	floe_arena_init(&a, 1024);
	path_of("nested.parquet", path, sizeof(path));
	assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
	assert_int_equal(floe_pq_cursor_open(r, 0, (size_t)floe_pq_field_by_name(r, "st"), &c, &err), -1);
	assert_non_null(strstr(err.msg, "column 'st' cannot be read: structs are not supported"));
	assert_int_equal(floe_pq_cursor_open(r, 0, (size_t)floe_pq_field_by_name(r, "m"), &c, &err), -1);
	assert_non_null(strstr(err.msg, "maps are not supported"));
	assert_int_equal(floe_pq_cursor_open(r, 0, (size_t)floe_pq_field_by_name(r, "ll"), &c, &err), -1);
	assert_int_equal(floe_pq_read_column(r, 0, (size_t)floe_pq_field_by_name(r, "tail"), v, &a, &err), 0);
	assert_memory_equal(v[0].u.bytes.p, "ok", 2);
	floe_pq_close(r);

	path_of("types_lz4.parquet", path, sizeof(path));
	assert_int_equal(floe_pq_open_file(&r, path, &err), 0);
	assert_int_equal(floe_pq_cursor_open(r, 0, 0, &c, &err), -1);
	assert_non_null(strstr(err.msg, "unsupported compression codec 'lz4_raw'"));
	assert_non_null(strstr(err.msg, "types_lz4.parquet"));
	floe_pq_close(r);

	assert_int_equal(floe_pq_open_file(&r, "/nonexistent/x.parquet", &err), -1);
	assert_non_null(strstr(err.msg, "parquet file '/nonexistent/x.parquet': cannot open"));
	floe_arena_release(&a);
}

static void test_footer_errors(void **state)
{
	uint8_t *p;
	size_t len;
	struct floe_pq_reader *r;
	struct floe_err err;

	(void)state;
	p = load("dict_small.parquet", &len);
	/* footer length past the file */
	floe_store_u32le(p + len - 8, (uint32_t)len);
	assert_int_equal(floe_pq_open_mem(&r, "x.parquet", p, len, &err), -1);
	assert_non_null(strstr(err.msg, "parquet file 'x.parquet': footer at offset"));
	assert_non_null(strstr(err.msg, "exceeds the file size"));
	/* encrypted footer */
	memcpy(p + len - 4, "PARE", 4);
	assert_int_equal(floe_pq_open_mem(&r, "x.parquet", p, len, &err), -1);
	assert_non_null(strstr(err.msg, "encrypted"));
	/* not parquet */
	memcpy(p + len - 4, "PAR1", 4);
	p[0] = 'X';
	assert_int_equal(floe_pq_open_mem(&r, "x.parquet", p, len, &err), -1);
	assert_non_null(strstr(err.msg, "magic"));
	free(p);
}

/* Every single-byte corruption of small files: an error or a result, never a crash (ASan checks). */
static void test_byte_flips(void **state)
{
	static const char *const files[] = { "dict_small.parquet", "types_v2_zstd.parquet", "types_snappy.parquet" };
	static const uint8_t masks[] = { 0xff, 0x01, 0x80 };
	size_t i, k, m, len, fails = 0, oks = 0;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		uint8_t *orig = load(files[i], &len), *p = malloc(len);
		for (k = 0; k < len; k++) {
			for (m = 0; m < sizeof(masks); m++) {
				struct floe_pq_reader *r;
				struct floe_err err;
				memcpy(p, orig, len);
				p[k] ^= masks[m];
				if (floe_pq_open_mem(&r, "flip", p, len, &err) != 0) {
					fails++;
					continue;
				}
				if (read_everything(r, &err) != 0)
					fails++;
				else
					oks++;
				floe_pq_close(r);
			}
		}
		free(p);
		free(orig);
	}
	/* both outcomes occur: flips in values are silent, flips in structure are caught */
	assert_true(fails > 0);
	assert_true(oks > 0);
}

/* ------------------------------------------------------------ floe writer → floe reader */

#define RT_ROWS 3000

static uint64_t rt_state;

static uint64_t rnd(void)
{
	rt_state ^= rt_state << 13;
	rt_state ^= rt_state >> 7;
	rt_state ^= rt_state << 17;
	return rt_state;
}

static struct floe_type prim(enum floe_type_id id, int p, int s, int len)
{
	struct floe_type t;
	memset(&t, 0, sizeof(t));
	t.id = id;
	t.precision = p;
	t.scale = s;
	t.length = len;
	return t;
}

static struct floe_type list_of(enum floe_type_id id, int p, int s, bool req, int eid)
{
	struct floe_type t;
	memset(&t, 0, sizeof(t));
	t.id = FLOE_T_LIST;
	t.elem_id = id;
	t.elem_precision = p;
	t.elem_scale = s;
	t.elem_required = req;
	t.elem_field_id = eid;
	return t;
}

static void gen_prim(enum floe_type_id id, int prec, int len, struct floe_value *v, struct floe_arena *a)
{
	uint64_t r = rnd();
	static const char *const words[] = { "alpha", "beta", "", "gamma \"q\"", "\xc3\xa9t\xc3\xa9", "delta" };
	uint8_t *b;
	uint32_t n, k;

	memset(v, 0, sizeof(*v));
	switch (id) {
	case FLOE_T_BOOLEAN: v->u.b = r & 1; break;
	case FLOE_T_INT: v->u.i32 = (int32_t)(r % 7 == 0 ? (r & 1 ? INT32_MIN : INT32_MAX) : (int64_t)(r % 2001) - 1000); break;
	case FLOE_T_DATE: v->u.i32 = (int32_t)(r % 3000000) - 1500000; break;
	case FLOE_T_LONG:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: v->u.i64 = (int64_t)(r >> 1) * (r & 2 ? 1 : -1) / (r % 5 == 0 ? 1 : 1000000); break;
	case FLOE_T_TIME: v->u.i64 = (int64_t)(r % 86400000000ULL); break;
	case FLOE_T_FLOAT: {
		uint32_t bits = (uint32_t)r;
		if (r % 9 == 0)
			bits = 0x7fc00000u; /* NaN */
		else if (r % 9 == 1)
			bits = 0x80000000u; /* -0.0 */
		memcpy(&v->u.f32, &bits, 4);
		if (isnan(v->u.f32) && bits != 0x7fc00000u)
			v->u.f32 = 1.5f;
		break;
	}
	case FLOE_T_DOUBLE:
		v->u.f64 = (double)(int64_t)r / 1e6;
		if (r % 11 == 0)
			v->u.f64 = -0.0;
		break;
	case FLOE_T_DECIMAL: {
		floe_i128 lim = 1;
		int k2;
		for (k2 = 0; k2 < prec; k2++)
			lim *= 10;
		v->u.dec = (floe_i128)((((unsigned __int128)r << 64) | rnd()) % (unsigned __int128)lim);
		if (r & 4)
			v->u.dec = -v->u.dec;
		break;
	}
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
		if (id == FLOE_T_STRING && r % 3) {
			const char *w = words[r % 6];
			v->u.bytes.p = (const uint8_t *)w;
			v->u.bytes.len = (uint32_t)strlen(w);
			break;
		}
		n = (uint32_t)(rnd() % 40);
		b = floe_arena_alloc(a, n + 1);
		for (k = 0; k < n; k++)
			b[k] = id == FLOE_T_STRING ? (uint8_t)('a' + rnd() % 26) : (uint8_t)rnd();
		v->u.bytes.p = b;
		v->u.bytes.len = n;
		break;
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		n = id == FLOE_T_UUID ? 16 : (uint32_t)len;
		b = floe_arena_alloc(a, n);
		for (k = 0; k < n; k++)
			b[k] = (uint8_t)rnd();
		v->u.bytes.p = b;
		v->u.bytes.len = n;
		break;
	case FLOE_T_LIST:
		break;
	}
}

static void roundtrip(enum floe_codec codec, bool no_dict)
{
	struct floe_field fields[] = {
		{ 1, "b", false, prim(FLOE_T_BOOLEAN, 0, 0, 0) },
		{ 2, "i", true, prim(FLOE_T_INT, 0, 0, 0) },
		{ 3, "l", false, prim(FLOE_T_LONG, 0, 0, 0) },
		{ 4, "f", false, prim(FLOE_T_FLOAT, 0, 0, 0) },
		{ 5, "d", false, prim(FLOE_T_DOUBLE, 0, 0, 0) },
		{ 6, "d9", false, prim(FLOE_T_DECIMAL, 9, 2, 0) },
		{ 7, "d18", false, prim(FLOE_T_DECIMAL, 18, 4, 0) },
		{ 8, "d38", false, prim(FLOE_T_DECIMAL, 38, 10, 0) },
		{ 9, "dt", false, prim(FLOE_T_DATE, 0, 0, 0) },
		{ 10, "tm", false, prim(FLOE_T_TIME, 0, 0, 0) },
		{ 11, "ts", false, prim(FLOE_T_TIMESTAMP, 0, 0, 0) },
		{ 12, "tz", false, prim(FLOE_T_TIMESTAMPTZ, 0, 0, 0) },
		{ 13, "s", false, prim(FLOE_T_STRING, 0, 0, 0) },
		{ 14, "u", false, prim(FLOE_T_UUID, 0, 0, 0) },
		{ 15, "fx", false, prim(FLOE_T_FIXED, 0, 0, 5) },
		{ 16, "bin", true, prim(FLOE_T_BINARY, 0, 0, 0) },
		{ 17, "li", false, list_of(FLOE_T_INT, 0, 0, false, 20) },
		{ 18, "ls", true, list_of(FLOE_T_STRING, 0, 0, true, 21) },
		{ 19, "ld", false, list_of(FLOE_T_DECIMAL, 38, 3, false, 22) },
	};
	const size_t nf = sizeof(fields) / sizeof(fields[0]);
	static struct floe_value vals[19][RT_ROWS];
	struct floe_value got[200];
	struct floe_arena a, ra;
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_mem_sink sink;
	struct floe_pq_options opt;
	struct floe_pq_writer *w;
	struct floe_pq_file_info info;
	struct floe_pq_reader *r;
	const struct floe_pq_meta *m;
	struct floe_err err;
	size_t f, row, g;

	rt_state = 0x9e3779b97f4a7c15ULL ^ (uint64_t)codec;
	floe_arena_init(&a, 64 * 1024);
	floe_arena_init(&ra, 64 * 1024);
	for (row = 0; row < RT_ROWS; row++) {
		for (f = 0; f < nf; f++) {
			const struct floe_type *t = &fields[f].type;
			struct floe_value *v = &vals[f][row];
			if (!fields[f].required && rnd() % 6 == 0) {
				memset(v, 0, sizeof(*v));
				v->is_null = true;
				continue;
			}
			if (t->id != FLOE_T_LIST) {
				gen_prim(t->id, t->precision, t->length, v, &a);
				continue;
			}
			memset(v, 0, sizeof(*v));
			v->u.list.n = (uint32_t)(rnd() % 5);
			v->u.list.items = floe_arena_alloc(&a, (v->u.list.n + 1) * sizeof(struct floe_value));
			for (uint32_t k = 0; k < v->u.list.n; k++) {
				if (!t->elem_required && rnd() % 4 == 0) {
					memset(&v->u.list.items[k], 0, sizeof(struct floe_value));
					v->u.list.items[k].is_null = true;
				} else {
					gen_prim(t->elem_id, t->elem_precision, 0, &v->u.list.items[k], &a);
				}
			}
		}
	}
	floe_pq_options_default(&opt);
	opt.codec = codec;
	opt.page_rows = 257;
	opt.row_group_bytes = 64 * 1024;
	opt.dict_bytes = 300;
	opt.no_dictionary = no_dict;
	floe_mem_sink_init(&sink, &file);
	assert_int_equal(floe_pq_writer_new(&w, fields, nf, &opt, &sink.base, &err), 0);
	for (row = 0; row < RT_ROWS; row++) {
		struct floe_value rv[19];
		for (f = 0; f < nf; f++)
			rv[f] = vals[f][row];
		if (floe_pq_writer_write_row(w, rv, &err) != 0)
			fail_msg("write row %zu: %s", row, err.msg);
	}
	assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
	floe_pq_writer_free(w);

	if (floe_pq_open_mem(&r, "floe.parquet", file.data, file.len, &err) != 0)
		fail_msg("%s", err.msg);
	m = floe_pq_meta(r);
	assert_int_equal(m->num_rows, RT_ROWS);
	assert_true(m->n_row_groups > 1);
	assert_int_equal(m->n_fields, nf);
	for (f = 0; f < nf; f++) {
		char t1[64], t2[64];
		size_t next = 0;
		assert_null(m->fields[f].unsupported);
		assert_int_equal(m->fields[f].f.id, fields[f].id);
		assert_string_equal(m->fields[f].f.name, fields[f].name);
		assert_int_equal(m->fields[f].f.required, fields[f].required);
		assert_string_equal(floe_type_str(&m->fields[f].f.type, t1, sizeof(t1)),
				    floe_type_str(&fields[f].type, t2, sizeof(t2)));
		if (fields[f].type.id == FLOE_T_LIST) {
			assert_int_equal(m->fields[f].f.type.elem_field_id, fields[f].type.elem_field_id);
			assert_int_equal(m->fields[f].f.type.elem_required, fields[f].type.elem_required);
		}
		for (g = 0; g < m->n_row_groups; g++) {
			struct floe_pq_cursor *c;
			size_t n, k;
			assert_int_equal(floe_pq_cursor_open(r, g, f, &c, &err), 0);
			for (;;) {
				if (floe_pq_cursor_read(c, got, 200, &n, &ra, &err) != 0)
					fail_msg("%s", err.msg);
				if (n == 0)
					break;
				for (k = 0; k < n; k++, next++)
					if (!floe_value_equal(&fields[f].type, &got[k], &vals[f][next]))
						fail_msg("codec %d field %s row %zu differs", codec, fields[f].name, next);
				floe_arena_reset(&ra);
			}
			floe_pq_cursor_free(c);
		}
		assert_int_equal(next, RT_ROWS);
	}
	floe_pq_close(r);
	floe_buf_release(&file);
	floe_arena_release(&a);
	floe_arena_release(&ra);
}

/* A file with zero rows (no row groups) opens and reads as empty. */
static void empty_file(void)
{
	struct floe_field fields[] = { { 1, "a", false, prim(FLOE_T_STRING, 0, 0, 0) } };
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_mem_sink sink;
	struct floe_pq_writer *w;
	struct floe_pq_file_info info;
	struct floe_pq_reader *r;
	struct floe_err err;

	floe_mem_sink_init(&sink, &file);
	assert_int_equal(floe_pq_writer_new(&w, fields, 1, NULL, &sink.base, &err), 0);
	assert_int_equal(floe_pq_writer_finish(w, &info, &err), 0);
	floe_pq_writer_free(w);
	if (floe_pq_open_mem(&r, "empty.parquet", file.data, file.len, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(floe_pq_meta(r)->num_rows, 0);
	assert_int_equal(floe_pq_meta(r)->n_row_groups, 0);
	assert_int_equal(floe_pq_meta(r)->n_fields, 1);
	assert_int_equal(floe_pq_field_by_id(r, 1), 0);
	floe_pq_close(r);
	floe_buf_release(&file);
}

static void test_floe_writer_roundtrip(void **state)
{
	(void)state;
	empty_file();
	roundtrip(FLOE_CODEC_UNCOMPRESSED, false);
	roundtrip(FLOE_CODEC_SNAPPY, true);
	roundtrip(FLOE_CODEC_GZIP, false);
	roundtrip(FLOE_CODEC_ZSTD, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_every_type),
		cmocka_unit_test(test_decimal_bytes),
		cmocka_unit_test(test_delta_binary_packed),
		cmocka_unit_test(test_delta_byte_arrays_and_bss),
		cmocka_unit_test(test_levels_v1_v2),
		cmocka_unit_test(test_legacy_lists),
		cmocka_unit_test(test_unsupported_encoding),
		cmocka_unit_test(test_truncated_prefixes),
		cmocka_unit_test(test_truncated_pages),
		cmocka_unit_test(test_dictionary_reference_bytes),
		cmocka_unit_test(test_duckdb_files_agree),
		cmocka_unit_test(test_encodings_covered),
		cmocka_unit_test(test_hyparquet_files_agree),
		cmocka_unit_test(test_arrow_files_agree),
		cmocka_unit_test(test_chunk_pages),
		cmocka_unit_test(test_big_files),
		cmocka_unit_test(test_stats_and_metadata),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_footer_errors),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_floe_writer_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
