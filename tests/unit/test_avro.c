/*
 * test_avro.c — unit tests for src/avro: zigzag varints and primitives
 * (table-driven, with the exact bytes of the Avro spec), schema parsing,
 * the generic decoder on hand-made bytes (multi-block and negative-count
 * arrays, maps, fixed, enums, unions), container files with both codecs,
 * and corrupt or truncated input (errors with offsets, never a crash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "avro/binary.h"
#include "avro/container.h"
#include "avro/schema.h"
#include "avro/value.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/sink.h"

/* ------------------------------------------------------------- primitives */

static const struct {
	int64_t v;
	uint8_t bytes[10];
	size_t n;
} long_cases[] = {
	{ 0, { 0x00 }, 1 },
	{ -1, { 0x01 }, 1 },
	{ 1, { 0x02 }, 1 },
	{ -2, { 0x03 }, 1 },
	{ 2, { 0x04 }, 1 },
	{ -64, { 0x7f }, 1 },
	{ 63, { 0x7e }, 1 },
	{ 64, { 0x80, 0x01 }, 2 },
	{ -65, { 0x81, 0x01 }, 2 },
	{ 150, { 0xac, 0x02 }, 2 },
	{ INT32_MAX, { 0xfe, 0xff, 0xff, 0xff, 0x0f }, 5 },
	{ INT32_MIN, { 0xff, 0xff, 0xff, 0xff, 0x0f }, 5 },
	{ INT64_MAX, { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 10 },
	{ INT64_MIN, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 10 },
	{ (int64_t)1 << 62, { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, 10 },
};

static void test_long_zigzag(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(long_cases) / sizeof(long_cases[0]); i++) {
		struct floe_buf b = FLOE_BUF_INIT;
		struct floe_rd r;
		struct floe_err err;
		int64_t back = 12345;

		floe_avro_put_long(&b, long_cases[i].v);
		assert_int_equal(b.len, long_cases[i].n);
		assert_memory_equal(b.data, long_cases[i].bytes, long_cases[i].n);
		floe_rd_init(&r, b.data, b.len);
		assert_int_equal(floe_avro_get_long(&r, &back, &err), 0);
		assert_true(back == long_cases[i].v);
		assert_int_equal(r.pos, b.len);
		/* every strict prefix is truncated */
		floe_rd_init(&r, b.data, b.len - 1);
		assert_int_equal(floe_avro_get_long(&r, &back, &err), -1);
		assert_non_null(strstr(err.msg, "truncated"));
		assert_int_equal(r.pos, 0);
		floe_buf_release(&b);
	}
}

static void test_long_errors(void **state)
{
	static const uint8_t eleven[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
	static const uint8_t overflow[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 };
	static const uint8_t big_int[] = { 0x80, 0x80, 0x80, 0x80, 0x10 }; /* 2^31 zigzagged */
	struct floe_rd r;
	struct floe_err err;
	int64_t l;
	int32_t i;

	(void)state;
	floe_rd_init(&r, eleven, sizeof(eleven));
	assert_int_equal(floe_avro_get_long(&r, &l, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0"));
	floe_rd_init(&r, overflow, sizeof(overflow));
	assert_int_equal(floe_avro_get_long(&r, &l, &err), -1);
	assert_non_null(strstr(err.msg, "64 bits"));
	floe_rd_init(&r, big_int, sizeof(big_int));
	assert_int_equal(floe_avro_get_long(&r, &l, &err), 0);
	assert_true(l == (int64_t)1 << 31);
	floe_rd_init(&r, big_int, sizeof(big_int));
	assert_int_equal(floe_avro_get_int(&r, &i, &err), -1);
	assert_non_null(strstr(err.msg, "'2147483648'"));
	assert_int_equal(r.pos, 0);
}

static void test_primitives(void **state)
{
	static const uint8_t want[] = {
		0x01, 0x00,                                     /* true, false */
		0x00, 0x00, 0x80, 0x3f,                         /* 1.0f */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0xbf, /* -1.0 */
		0x06, 'f', 'o', 'o',                            /* "foo" */
		0x00,                                           /* empty bytes */
		0x04, 0x00, 0xff,                               /* bytes 00 ff */
	};
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_rd r;
	struct floe_err err;
	bool t, f;
	float fl;
	double d;
	const uint8_t *p;
	size_t n;

	(void)state;
	floe_avro_put_bool(&b, true);
	floe_avro_put_bool(&b, false);
	floe_avro_put_float(&b, 1.0f);
	floe_avro_put_double(&b, -1.0);
	floe_avro_put_string(&b, "foo");
	floe_avro_put_bytes(&b, "", 0);
	floe_avro_put_bytes(&b, "\x00\xff", 2);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));

	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_get_bool(&r, &t, &err), 0);
	assert_int_equal(floe_avro_get_bool(&r, &f, &err), 0);
	assert_true(t && !f);
	assert_int_equal(floe_avro_get_float(&r, &fl, &err), 0);
	assert_true(fl == 1.0f);
	assert_int_equal(floe_avro_get_double(&r, &d, &err), 0);
	assert_true(d == -1.0);
	assert_int_equal(floe_avro_get_bytes(&r, &p, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(p, "foo", 3);
	assert_int_equal(floe_avro_get_bytes(&r, &p, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(floe_avro_get_bytes(&r, &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[1], 0xff);
	assert_int_equal(floe_rd_left(&r), 0);
	assert_int_equal(floe_avro_get_float(&r, &fl, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
	floe_buf_release(&b);
}

static void test_primitive_errors(void **state)
{
	static const uint8_t bool2[] = { 0x02 };
	static const uint8_t neg_len[] = { 0x01 };
	static const uint8_t long_len[] = { 0x0a, 'a', 'b' };
	static const uint8_t short_double[] = { 0, 0, 0, 0, 0, 0, 0 };
	struct floe_rd r;
	struct floe_err err;
	const uint8_t *p;
	size_t n;
	bool bv;
	double d;

	(void)state;
	floe_rd_init(&r, bool2, sizeof(bool2));
	assert_int_equal(floe_avro_get_bool(&r, &bv, &err), -1);
	assert_non_null(strstr(err.msg, "'2'"));
	floe_rd_init(&r, neg_len, sizeof(neg_len));
	assert_int_equal(floe_avro_get_bytes(&r, &p, &n, &err), -1);
	assert_non_null(strstr(err.msg, "negative length '-1'"));
	floe_rd_init(&r, long_len, sizeof(long_len));
	assert_int_equal(floe_avro_get_bytes(&r, &p, &n, &err), -1);
	assert_non_null(strstr(err.msg, "'5' is more than the 2 bytes left"));
	floe_rd_init(&r, short_double, sizeof(short_double));
	assert_int_equal(floe_avro_get_double(&r, &d, &err), -1);
}

/* ---------------------------------------------------------------- schemas */

static void test_schema_parse(void **state)
{
	static const char json[] =
		"{\"type\":\"record\",\"name\":\"Node\",\"namespace\":\"t.ns\",\"fields\":["
		"{\"name\":\"id\",\"type\":{\"type\":\"long\"},\"field-id\":1},"
		"{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
		"{\"name\":\"kids\",\"type\":{\"type\":\"array\",\"items\":\"Node\",\"element-id\":7}},"
		"{\"name\":\"h\",\"type\":{\"type\":\"fixed\",\"name\":\"md5\",\"size\":4}},"
		"{\"name\":\"h2\",\"type\":\"t.ns.md5\"},"
		"{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"C\",\"symbols\":[\"R\",\"G\"]}},"
		"{\"name\":\"opt\",\"type\":[\"null\",\"string\",\"md5\"],\"default\":null,\"field-id\":9}]}";
	struct floe_arena a;
	struct floe_avro_schema *s;
	struct floe_err err;

	(void)state;
	floe_arena_init(&a, 0);
	assert_int_equal(floe_avro_schema_parse(json, strlen(json), &a, &s, &err), 0);
	assert_int_equal(s->type, FLOE_AVRO_RECORD);
	assert_string_equal(s->name, "t.ns.Node");
	assert_int_equal(s->n, 7);
	assert_int_equal(s->fields[0].field_id, 1);
	assert_int_equal(s->fields[0].type->type, FLOE_AVRO_LONG);
	assert_int_equal(s->fields[1].field_id, -1);
	assert_int_equal(s->fields[1].type->type, FLOE_AVRO_MAP);
	assert_int_equal(s->fields[2].type->element_id, 7);
	assert_ptr_equal(s->fields[2].type->items, s); /* recursive */
	assert_int_equal(s->fields[3].type->size, 4);
	assert_ptr_equal(s->fields[4].type, s->fields[3].type);
	assert_int_equal(s->fields[5].type->n, 2);
	assert_int_equal(s->fields[6].type->type, FLOE_AVRO_UNION);
	assert_ptr_equal(s->fields[6].type->branches[2], s->fields[3].type);
	assert_int_equal(floe_avro_schema_field_by_id(s, 9), 6);
	assert_int_equal(floe_avro_schema_field_by_id(s, 2), -1);
	assert_non_null(floe_avro_schema_field(s, "color"));
	floe_arena_release(&a);
}

static const struct {
	const char *json;
	const char *msg;
} bad_schemas[] = {
	{ "\"nope\"", "unknown type 'nope'" },
	{ "{\"type\":\"record\",\"name\":\"r\"}", "no \"fields\"" },
	{ "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"int\"}]}",
	  "two fields named 'a'" },
	{ "[\"int\",\"int\"]", "two branches" },
	{ "[\"int\",[\"null\"]]", "may not directly contain a union" },
	{ "[]", "at least one branch" },
	{ "{\"type\":\"fixed\",\"name\":\"f\"}", "\"size\"" },
	{ "{\"type\":\"enum\",\"name\":\"e\",\"symbols\":[]}", "symbols" },
	{ "{\"type\":\"array\"}", "without \"items\"" },
	{ "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"field-id\":\"x\"}]}",
	  "field-id" },
	{ "[{\"type\":\"fixed\",\"name\":\"f\",\"size\":1},{\"type\":\"fixed\",\"name\":\"f\",\"size\":2}]", "defined twice" },
	{ "{\"type\":", "invalid json" },
	{ "42", "expected a type" },
};

static void test_schema_errors(void **state)
{
	struct floe_arena a;
	struct floe_avro_schema *s;
	struct floe_err err;
	struct floe_buf deep = FLOE_BUF_INIT;
	size_t i;

	(void)state;
	floe_arena_init(&a, 0);
	for (i = 0; i < sizeof(bad_schemas) / sizeof(bad_schemas[0]); i++) {
		assert_int_equal(floe_avro_schema_parse(bad_schemas[i].json, strlen(bad_schemas[i].json), &a, &s, &err), -1);
		if (!strstr(err.msg, bad_schemas[i].msg))
			fail_msg("schema %zu: '%s' lacks '%s'", i, err.msg, bad_schemas[i].msg);
	}
	/* 100 nested arrays: refused, not a stack overflow */
	for (i = 0; i < 100; i++)
		floe_buf_puts(&deep, "{\"type\":\"array\",\"items\":");
	floe_buf_puts(&deep, "\"int\"");
	for (i = 0; i < 100; i++)
		floe_buf_puts(&deep, "}");
	assert_int_equal(floe_avro_schema_parse((const char *)deep.data, deep.len, &a, &s, &err), -1);
	assert_non_null(strstr(err.msg, "nested"));
	floe_buf_release(&deep);
	floe_arena_release(&a);
}

/* ---------------------------------------------------------- generic decode */

static struct floe_avro_schema *parse_or_die(struct floe_arena *a, const char *json)
{
	struct floe_avro_schema *s = NULL;
	struct floe_err err;

	if (floe_avro_schema_parse(json, strlen(json), a, &s, &err))
		fail_msg("schema: %s", err.msg);
	return s;
}

static void test_decode_complex(void **state)
{
	static const char json[] =
		"{\"type\":\"record\",\"name\":\"r\",\"fields\":["
		"{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":\"long\"}},"
		"{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
		"{\"name\":\"f\",\"type\":{\"type\":\"fixed\",\"name\":\"f3\",\"size\":3}},"
		"{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\",\"Z\"]}},"
		"{\"name\":\"u\",\"type\":[\"null\",\"string\",\"double\"]},"
		"{\"name\":\"u2\",\"type\":[\"null\",\"string\"]}]}";
	struct floe_arena a;
	struct floe_avro_schema *s;
	struct floe_buf b = FLOE_BUF_INIT, again = FLOE_BUF_INIT;
	struct floe_avro_value v;
	struct floe_rd r;
	struct floe_err err;

	(void)state;
	floe_arena_init(&a, 0);
	s = parse_or_die(&a, json);
	/* build the bytes by hand */
	floe_buf_append(&b, "\x04\x02\x04", 3);       /* array block: 2 items 1, 2 */
	floe_buf_append(&b, "\x01\x02\x06", 3);       /* block: -1 items, 1 byte: 3 */
	floe_buf_append(&b, "\x02\x7f", 2);           /* block: 1 item -64 */
	floe_buf_putc(&b, 0);                         /* end of array */
	floe_buf_append(&b, "\x03\x08\x02k\x0a\x02j\x0b", 8); /* map block -2 items, 4+? bytes (checked) */
	floe_buf_putc(&b, 0);
	floe_buf_append(&b, "abc", 3);                /* fixed */
	floe_buf_putc(&b, 0x04);                      /* enum Z */
	floe_buf_append(&b, "\x04\x00\x00\x00\x00\x00\x00\xf8\x3f", 9); /* union branch 2: 1.5 */
	floe_buf_putc(&b, 0x00);                      /* union branch 0: null */
	/* the map block's byte size: 6 bytes follow it ("\x02k\x0a\x02j\x0b") */
	b.data[10] = 0x0c;

	floe_rd_init(&r, b.data, b.len);
	if (floe_avro_decode(&r, s, &a, &v, &err))
		fail_msg("decode: %s", err.msg);
	assert_int_equal(r.pos, b.len);
	{
		const struct floe_avro_value *arr = floe_avro_record_get(&v, "a");
		const struct floe_avro_value *m = floe_avro_record_get(&v, "m");
		const struct floe_avro_value *f = floe_avro_record_get(&v, "f");
		const struct floe_avro_value *e = floe_avro_record_get(&v, "e");
		const struct floe_avro_value *u = floe_avro_unwrap(floe_avro_record_get(&v, "u"));

		assert_int_equal(arr->v.array.n, 4);
		assert_true(arr->v.array.items[0].v.l == 1 && arr->v.array.items[1].v.l == 2);
		assert_true(arr->v.array.items[2].v.l == 3 && arr->v.array.items[3].v.l == -64);
		assert_int_equal(m->v.map.n, 2);
		assert_memory_equal(m->v.map.items[0].key, "k", 1);
		assert_int_equal(m->v.map.items[0].value.v.i, 5);
		assert_int_equal(m->v.map.items[1].value.v.i, -6);
		assert_memory_equal(f->v.bytes.p, "abc", 3);
		assert_int_equal(e->v.i, 2);
		assert_non_null(u);
		assert_true(u->v.d == 1.5);
		assert_null(floe_avro_unwrap(floe_avro_record_get(&v, "u2")));
	}
	/* re-encoding gives the canonical form (positive counts); decoding that gives the same values */
	assert_int_equal(floe_avro_encode(&again, s, &v, &err), 0);
	{
		struct floe_avro_value v2;
		struct floe_buf third = FLOE_BUF_INIT;

		floe_rd_init(&r, again.data, again.len);
		assert_int_equal(floe_avro_decode(&r, s, &a, &v2, &err), 0);
		assert_int_equal(floe_avro_encode(&third, s, &v2, &err), 0);
		assert_int_equal(third.len, again.len);
		assert_memory_equal(third.data, again.data, again.len);
		floe_buf_release(&third);
	}
	/* every truncation fails with an offset, and never reads past the end */
	{
		size_t cut;
		for (cut = 0; cut < b.len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);
			memcpy(copy, b.data, cut);
			floe_rd_init(&r, copy, cut);
			assert_int_equal(floe_avro_decode(&r, s, &a, &v, &err), -1);
			assert_non_null(strstr(err.msg, "offset"));
			free(copy);
		}
	}
	floe_buf_release(&b);
	floe_buf_release(&again);
	floe_arena_release(&a);
}

static void test_decode_limits(void **state)
{
	struct floe_arena a;
	struct floe_avro_schema *longs, *nulls, *rec, *un;
	struct floe_avro_value v;
	struct floe_rd r;
	struct floe_err err;
	struct floe_buf b = FLOE_BUF_INIT;
	int i;

	(void)state;
	floe_arena_init(&a, 0);
	longs = parse_or_die(&a, "{\"type\":\"array\",\"items\":\"long\"}");
	nulls = parse_or_die(&a, "{\"type\":\"array\",\"items\":\"null\"}");
	rec = parse_or_die(&a, "{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"L\"]}]}");
	un = parse_or_die(&a, "[\"null\",\"int\"]");

	/* a count far beyond the bytes left */
	floe_avro_put_long(&b, 1000000);
	floe_buf_putc(&b, 0);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, longs, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "'1000000' is more than the 1 bytes left"));
	/* INT64_MIN block count */
	floe_buf_reset(&b);
	floe_avro_put_long(&b, INT64_MIN);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, longs, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
	/* negative count whose byte size is more than what is left */
	floe_buf_reset(&b);
	floe_avro_put_long(&b, -1);
	floe_avro_put_long(&b, 50);
	floe_avro_put_long(&b, 7);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, longs, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "byte size '50'"));
	/* zero-byte items: a small count is fine, a huge one is refused */
	floe_buf_reset(&b);
	floe_avro_put_long(&b, 1000);
	floe_avro_put_long(&b, 0);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, nulls, &a, &v, &err), 0);
	assert_int_equal(v.v.array.n, 1000);
	floe_buf_reset(&b);
	floe_avro_put_long(&b, INT64_MAX);
	floe_avro_put_long(&b, 0);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, nulls, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "over the limit"));
	/* recursion deeper than the nesting limit */
	floe_buf_reset(&b);
	for (i = 0; i < 200; i++)
		floe_avro_put_long(&b, 1);
	floe_avro_put_long(&b, 0);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, rec, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "nested more than"));
	/* 20 levels are fine */
	floe_buf_reset(&b);
	for (i = 0; i < 20; i++)
		floe_avro_put_long(&b, 1);
	floe_avro_put_long(&b, 0);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, rec, &a, &v, &err), 0);
	/* union branch out of range */
	floe_buf_reset(&b);
	floe_avro_put_long(&b, 2);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, un, &a, &v, &err), -1);
	assert_non_null(strstr(err.msg, "branch index '2'"));
	floe_buf_reset(&b);
	floe_avro_put_long(&b, -1);
	floe_rd_init(&r, b.data, b.len);
	assert_int_equal(floe_avro_decode(&r, un, &a, &v, &err), -1);
	floe_buf_release(&b);
	floe_arena_release(&a);
}

/* -------------------------------------------------------------- containers */

static const char rec_schema[] =
	"{\"type\":\"record\",\"name\":\"row\",\"fields\":["
	"{\"name\":\"id\",\"type\":\"long\",\"field-id\":1},"
	"{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null,\"field-id\":2},"
	"{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"int\",\"element-id\":4},\"field-id\":3}]}";

static void write_rows(struct floe_buf *file, enum floe_avro_codec codec, int n, const uint8_t *sync)
{
	struct floe_mem_sink ms;
	struct floe_avro_writer w;
	struct floe_avro_meta meta[2] = { { "k1", "v1" }, { "format-version", "2" } };
	struct floe_err err;
	int i, k;

	floe_mem_sink_init(&ms, file);
	if (floe_avro_writer_begin(&w, &ms.base, rec_schema, meta, 2, codec, sync, &err))
		fail_msg("begin: %s", err.msg);
	for (i = 0; i < n; i++) {
		struct floe_buf *b = floe_avro_writer_object(&w);
		char name[32];

		floe_avro_put_long(b, (int64_t)i * 1000003 - 5000000);
		if (i % 3 == 0) {
			floe_avro_put_long(b, 0);
		} else {
			snprintf(name, sizeof(name), "name-%d", i);
			floe_avro_put_long(b, 1);
			floe_avro_put_string(b, name);
		}
		if (i % 4)
			floe_avro_put_long(b, i % 4);
		for (k = 0; k < i % 4; k++)
			floe_avro_put_int(b, k - i);
		floe_avro_put_long(b, 0);
		if (floe_avro_writer_end_object(&w, &err))
			fail_msg("end_object: %s", err.msg);
	}
	if (floe_avro_writer_finish(&w, &err))
		fail_msg("finish: %s", err.msg);
	assert_int_equal(w.bytes, file->len);
	floe_avro_writer_release(&w);
}

/* Reads every row and checks it; returns rows read, or -1 on a reader error. */
static int read_rows(const uint8_t *p, size_t len, struct floe_err *err)
{
	struct floe_arena a, ra;
	struct floe_avro_reader r;
	int n = 0, rc = -1;

	floe_arena_init(&a, 0);
	floe_arena_init(&ra, 0);
	if (floe_avro_reader_open(&r, p, len, &a, err))
		goto out;
	for (;;) {
		struct floe_avro_value v;
		const struct floe_avro_value *id, *name, *xs;
		int got, k;

		floe_arena_reset(&ra);
		got = floe_avro_reader_next(&r, &ra, &v, err);
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		id = floe_avro_record_get_id(&v, 1);
		name = floe_avro_unwrap(floe_avro_record_get_id(&v, 2));
		xs = floe_avro_record_get_id(&v, 3);
		assert_true(id->v.l == (int64_t)n * 1000003 - 5000000);
		if (n % 3 == 0) {
			assert_null(name);
		} else {
			char want[32];
			snprintf(want, sizeof(want), "name-%d", n);
			assert_int_equal(name->v.bytes.n, strlen(want));
			assert_memory_equal(name->v.bytes.p, want, strlen(want));
		}
		assert_int_equal(xs->v.array.n, (size_t)(n % 4));
		for (k = 0; k < n % 4; k++)
			assert_int_equal(xs->v.array.items[k].v.i, k - n);
		n++;
	}
	rc = n;
out:
	floe_avro_reader_release(&r);
	floe_arena_release(&a);
	floe_arena_release(&ra);
	return rc;
}

/* Reads until the end or an error, checking nothing: for corrupted files. */
static int read_rows_lenient(const uint8_t *p, size_t len)
{
	struct floe_arena a;
	struct floe_avro_reader r;
	struct floe_err err;
	struct floe_avro_value v;
	int n = 0, got = -1;

	floe_arena_init(&a, 0);
	if (floe_avro_reader_open(&r, p, len, &a, &err) == 0)
		while ((got = floe_avro_reader_next(&r, &a, &v, &err)) == 1)
			n++;
	floe_avro_reader_release(&r);
	floe_arena_release(&a);
	return got < 0 ? -1 : n;
}

static void test_container_round_trip(void **state)
{
	static const uint8_t sync[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	enum floe_avro_codec codecs[2] = { FLOE_AVRO_CODEC_NULL, FLOE_AVRO_CODEC_DEFLATE };
	size_t null_len = 0;
	int c;

	(void)state;
	for (c = 0; c < 2; c++) {
		struct floe_buf file = FLOE_BUF_INIT;
		struct floe_arena a;
		struct floe_avro_reader r;
		struct floe_err err;
		const uint8_t *v;
		size_t n;

		write_rows(&file, codecs[c], 20000, c == 0 ? sync : NULL);
		/* 20000 rows of ~10 bytes pass the 64 KiB block target several times */
		if (c == 0)
			null_len = file.len;
		else
			assert_true(file.len < null_len / 2);
		assert_memory_equal(file.data, "Obj\x01", 4);
		if (read_rows(file.data, file.len, &err) != 20000)
			fail_msg("read: %s", err.msg);

		floe_arena_init(&a, 0);
		assert_int_equal(floe_avro_reader_open(&r, file.data, file.len, &a, &err), 0);
		assert_int_equal(r.codec, codecs[c]);
		v = floe_avro_reader_meta(&r, "k1", &n);
		assert_non_null(v);
		assert_int_equal(n, 2);
		assert_memory_equal(v, "v1", 2);
		v = floe_avro_reader_meta(&r, "avro.schema", &n);
		assert_int_equal(n, strlen(rec_schema));
		assert_memory_equal(v, rec_schema, n);
		assert_string_equal(floe_avro_reader_meta_str(&r, "avro.codec", &a), c ? "deflate" : "null");
		assert_null(floe_avro_reader_meta(&r, "missing", &n));
		if (c == 0)
			assert_memory_equal(r.sync, sync, 16);
		floe_avro_reader_release(&r);
		floe_arena_release(&a);
		floe_buf_release(&file);
	}
}

static void test_container_empty(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_err err;

	(void)state;
	write_rows(&file, FLOE_AVRO_CODEC_NULL, 0, NULL);
	assert_int_equal(read_rows(file.data, file.len, &err), 0);
	floe_buf_release(&file);
}

static void test_container_corrupt(void **state)
{
	static const uint8_t sync[16] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22,
					  0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x00 };
	int c;

	(void)state;
	for (c = 0; c < 2; c++) {
		struct floe_buf file = FLOE_BUF_INIT;
		struct floe_err err;
		size_t cut, i, header_len;
		int complete;

		write_rows(&file, c ? FLOE_AVRO_CODEC_DEFLATE : FLOE_AVRO_CODEC_NULL, 30, sync);
		complete = read_rows(file.data, file.len, &err);
		assert_int_equal(complete, 30);
		{
			struct floe_arena a;
			struct floe_avro_reader r;

			floe_arena_init(&a, 0);
			assert_int_equal(floe_avro_reader_open(&r, file.data, file.len, &a, &err), 0);
			header_len = r.pos;
			floe_avro_reader_release(&r);
			floe_arena_release(&a);
		}
		/* every truncation (the file is one block): an error naming an offset,
		 * except right after the header, which is a valid empty file */
		for (cut = 0; cut < file.len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);
			int got;

			memcpy(copy, file.data, cut);
			got = read_rows(copy, cut, &err);
			if (cut == header_len && got == 0) {
				free(copy);
				continue;
			}
			if (got != -1)
				fail_msg("codec %d cut %zu: read %d rows from a truncated file", c, cut, got);
			if (cut >= 4 && !strstr(err.msg, "offset") && !strstr(err.msg, "avro.schema"))
				fail_msg("codec %d cut %zu: no offset in '%s'", c, cut, err.msg);
			free(copy);
		}
		/* every single-byte corruption: no crash (ASan checks reads) */
		for (i = 0; i < file.len; i++) {
			uint8_t *copy = malloc(file.len);
			int bit;

			for (bit = 0; bit < 8; bit += 3) {
				memcpy(copy, file.data, file.len);
				copy[i] ^= (uint8_t)(1u << bit);
				(void)read_rows_lenient(copy, file.len);
			}
			free(copy);
		}
		floe_buf_release(&file);
	}
}

/* A container of longs whose one block is `payload` (already compressed). */
static void codec_file(struct floe_buf *f, const char *codec, const uint8_t *payload, size_t n, int64_t count)
{
	static const uint8_t sync[16] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };

	floe_buf_reset(f);
	floe_buf_append(f, "Obj\x01", 4);
	floe_avro_put_long(f, 2);
	floe_avro_put_string(f, "avro.schema");
	floe_avro_put_string(f, "\"long\"");
	floe_avro_put_string(f, "avro.codec");
	floe_avro_put_string(f, codec);
	floe_avro_put_long(f, 0);
	floe_buf_append(f, sync, 16);
	floe_avro_put_long(f, 0); /* an empty block first: allowed, skipped */
	floe_avro_put_long(f, 0);
	floe_buf_append(f, sync, 16);
	floe_avro_put_long(f, count);
	floe_avro_put_long(f, (int64_t)n);
	floe_buf_append(f, payload, n);
	floe_buf_append(f, sync, 16);
}

/* Reads all longs; returns their count, -1 on a reader error, -2 when a value is not 0, -1, 2, -3, ... */
static int read_longs(const struct floe_buf *f, struct floe_err *err)
{
	struct floe_arena a;
	struct floe_avro_reader r;
	struct floe_avro_value v;
	int n = 0, got = -1;

	floe_arena_init(&a, 0);
	if (floe_avro_reader_open(&r, f->data, f->len, &a, err) == 0) {
		while ((got = floe_avro_reader_next(&r, &a, &v, err)) == 1) {
			if (v.v.l != (n % 2 ? -n : n)) {
				got = -2;
				break;
			}
			n++;
		}
	}
	floe_avro_reader_release(&r);
	floe_arena_release(&a);
	return got < 0 ? got : n;
}

/* The reader's snappy (CRC-32 trailer) and zstandard codecs. */
static void test_container_read_codecs(void **state)
{
	struct floe_buf raw = FLOE_BUF_INIT, f = FLOE_BUF_INIT;
	struct floe_err err;
	size_t cap, n;
	uint8_t *z;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		floe_avro_put_long(&raw, i % 2 ? -i : i);
	cap = snappy_max_compressed_length(raw.len) + 4;
	if (ZSTD_compressBound(raw.len) > cap)
		cap = ZSTD_compressBound(raw.len);
	z = malloc(cap);

	n = cap;
	assert_int_equal(snappy_compress((const char *)raw.data, raw.len, (char *)z, &n), SNAPPY_OK);
	floe_store_u32be(z + n, (uint32_t)crc32(0L, raw.data, (uInt)raw.len));
	codec_file(&f, "snappy", z, n + 4, 5000);
	if (read_longs(&f, &err) != 5000)
		fail_msg("snappy: %s", err.msg);
	z[n] ^= 1; /* wrong checksum */
	codec_file(&f, "snappy", z, n + 4, 5000);
	assert_int_equal(read_longs(&f, &err), -1);
	assert_non_null(strstr(err.msg, "checksum"));
	codec_file(&f, "snappy", z, 3, 5000);
	assert_int_equal(read_longs(&f, &err), -1);

	n = ZSTD_compress(z, cap, raw.data, raw.len, 3);
	assert_false(ZSTD_isError(n));
	codec_file(&f, "zstandard", z, n, 5000);
	if (read_longs(&f, &err) != 5000)
		fail_msg("zstandard: %s", err.msg);
	codec_file(&f, "zstandard", z, n - 3, 5000); /* truncated frame */
	assert_int_equal(read_longs(&f, &err), -1);
	assert_non_null(strstr(err.msg, "zstandard"));
	z[n / 2] ^= 0x55; /* no frame checksum: an error or wrong values, never a crash */
	codec_file(&f, "zstandard", z, n, 5000);
	assert_true(read_longs(&f, &err) < 0);

	/* writing with them is refused */
	{
		struct floe_mem_sink ms;
		struct floe_avro_writer w;

		floe_mem_sink_init(&ms, &f);
		assert_int_equal(floe_avro_writer_begin(&w, &ms.base, "\"long\"", NULL, 0, FLOE_AVRO_CODEC_ZSTD, NULL, &err), -1);
		floe_avro_writer_release(&w);
	}
	free(z);
	floe_buf_release(&raw);
	floe_buf_release(&f);
}

static void test_container_header_errors(void **state)
{
	struct floe_buf f = FLOE_BUF_INIT;
	struct floe_arena a;
	struct floe_avro_reader r;
	struct floe_err err;
	static const uint8_t sync[16] = { 0 };

	(void)state;
	floe_arena_init(&a, 0);
	/* wrong magic */
	assert_int_equal(floe_avro_reader_open(&r, "Obj\x02", 4, &a, &err), -1);
	assert_non_null(strstr(err.msg, "Obj"));
	floe_avro_reader_release(&r);
	/* unknown codec */
	floe_buf_append(&f, "Obj\x01", 4);
	floe_avro_put_long(&f, 2);
	floe_avro_put_string(&f, "avro.schema");
	floe_avro_put_string(&f, "\"long\"");
	floe_avro_put_string(&f, "avro.codec");
	floe_avro_put_string(&f, "bzip2");
	floe_avro_put_long(&f, 0);
	floe_buf_append(&f, sync, 16);
	assert_int_equal(floe_avro_reader_open(&r, f.data, f.len, &a, &err), -1);
	assert_non_null(strstr(err.msg, "codec 'bzip2'"));
	floe_avro_reader_release(&r);
	/* no schema */
	floe_buf_reset(&f);
	floe_buf_append(&f, "Obj\x01", 4);
	floe_avro_put_long(&f, 0);
	floe_buf_append(&f, sync, 16);
	assert_int_equal(floe_avro_reader_open(&r, f.data, f.len, &a, &err), -1);
	assert_non_null(strstr(err.msg, "avro.schema"));
	floe_avro_reader_release(&r);
	/* a block whose sync marker differs, and one with trailing bytes */
	{
		struct floe_buf g = FLOE_BUF_INIT;
		struct floe_avro_value v;
		size_t hdr;

		floe_buf_append(&g, "Obj\x01", 4);
		floe_avro_put_long(&g, -1); /* metadata block with a byte size */
		floe_avro_put_long(&g, 20);
		floe_avro_put_string(&g, "avro.schema");
		floe_avro_put_string(&g, "\"long\"");
		floe_avro_put_long(&g, 0);
		floe_buf_append(&g, sync, 16);
		hdr = g.len;
		floe_avro_put_long(&g, 1);
		floe_avro_put_long(&g, 2);
		floe_avro_put_long(&g, 42);
		floe_avro_put_long(&g, 7); /* one byte too many */
		floe_buf_append(&g, sync, 16);
		assert_int_equal(floe_avro_reader_open(&r, g.data, g.len, &a, &err), 0);
		assert_int_equal(floe_avro_reader_next(&r, &a, &v, &err), -1);
		assert_non_null(strstr(err.msg, "1 bytes left over"));
		floe_avro_reader_release(&r);
		g.data[g.len - 1] = 9;
		assert_int_equal(floe_avro_reader_open(&r, g.data, g.len, &a, &err), 0);
		assert_int_equal(floe_avro_reader_next(&r, &a, &v, &err), -1);
		assert_non_null(strstr(err.msg, "sync marker"));
		{
			char want[64];
			snprintf(want, sizeof(want), "block at offset %zu", hdr);
			assert_non_null(strstr(err.msg, want));
		}
		floe_avro_reader_release(&r);
		floe_buf_release(&g);
	}
	floe_buf_release(&f);
	floe_arena_release(&a);
}

static uint8_t *slurp(const char *name, size_t *len)
{
	const char *dir = getenv("FLOE_TESTDATA");
	char path[4096];
	FILE *f;
	uint8_t *p;
	long n;

	snprintf(path, sizeof(path), "%s/avro/%s", dir ? dir : "tests/data", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open '%s' (set FLOE_TESTDATA)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Files written by Apache's python3-avro (tests/data/avro/make_py_files.py). */
static void test_read_python_files(void **state)
{
	const char *names[2] = { "py-rows-null.avro", "py-rows-deflate.avro" };
	int c;

	(void)state;
	for (c = 0; c < 2; c++) {
		struct floe_arena a, ra;
		struct floe_avro_reader r;
		struct floe_err err;
		size_t len;
		uint8_t *p = slurp(names[c], &len);
		int i = 0, got;

		floe_arena_init(&a, 0);
		floe_arena_init(&ra, 0);
		if (floe_avro_reader_open(&r, p, len, &a, &err))
			fail_msg("%s: %s", names[c], err.msg);
		assert_int_equal(r.codec, c ? FLOE_AVRO_CODEC_DEFLATE : FLOE_AVRO_CODEC_NULL);
		for (;;) {
			struct floe_avro_value v;
			const struct floe_avro_value *x;
			int k;

			floe_arena_reset(&ra);
			got = floe_avro_reader_next(&r, &ra, &v, &err);
			if (got < 0)
				fail_msg("%s row %d: %s", names[c], i, err.msg);
			if (got == 0)
				break;
			assert_true(floe_avro_record_get(&v, "id")->v.l == (int64_t)i * -123456789);
			x = floe_avro_unwrap(floe_avro_record_get(&v, "name"));
			if (i % 2) {
				assert_null(x);
			} else {
				char want[16];
				snprintf(want, sizeof(want), "n%d", i);
				assert_int_equal(x->v.bytes.n, strlen(want));
				assert_memory_equal(x->v.bytes.p, want, strlen(want));
			}
			x = floe_avro_record_get(&v, "xs");
			assert_int_equal(x->v.array.n, (size_t)(i % 7));
			for (k = 0; k < i % 7; k++)
				assert_int_equal(x->v.array.items[k].v.i, k);
			x = floe_avro_record_get(&v, "m");
			assert_int_equal(x->v.map.n, i % 3 ? 2 : 0);
			for (k = 0; k < (int)x->v.map.n; k++) {
				const struct floe_avro_kv *kv = &x->v.map.items[k];
				assert_int_equal(kv->key_len, 1);
				assert_true(kv->value.v.d == (kv->key[0] == 'k' ? 1.5 : -(double)i));
			}
			assert_memory_equal(floe_avro_record_get(&v, "fx")->v.bytes.p, "ab", 2);
			assert_int_equal(floe_avro_record_get(&v, "e")->v.i, i % 2);
			assert_true(floe_avro_record_get(&v, "f")->v.f == 0.5f);
			assert_int_equal(floe_avro_record_get(&v, "b")->v.b, i % 2 == 0);
			x = floe_avro_record_get(&v, "by");
			assert_int_equal(x->v.bytes.n, 2);
			assert_int_equal(x->v.bytes.p[0], i);
			assert_int_equal(x->v.bytes.p[1], 255);
			i++;
		}
		assert_int_equal(i, 50);
		floe_avro_reader_release(&r);
		floe_arena_release(&a);
		floe_arena_release(&ra);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_zigzag),
		cmocka_unit_test(test_long_errors),
		cmocka_unit_test(test_primitives),
		cmocka_unit_test(test_primitive_errors),
		cmocka_unit_test(test_schema_parse),
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_decode_complex),
		cmocka_unit_test(test_decode_limits),
		cmocka_unit_test(test_container_round_trip),
		cmocka_unit_test(test_container_empty),
		cmocka_unit_test(test_container_corrupt),
		cmocka_unit_test(test_container_header_errors),
		cmocka_unit_test(test_container_read_codecs),
		cmocka_unit_test(test_read_python_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
