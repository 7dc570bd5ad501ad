/*
 * fuzz_avro.c — libFuzzer target for src/avro and the manifest readers.
 *
 * Each input is tried as: an Avro container file (header, schema, blocks,
 * null/deflate codecs, generic decode of every object); an Iceberg manifest
 * and manifest list (with inheritance); an Avro schema JSON; and a sequence
 * of datums of a fixed schema using every Avro type, where each decoded datum
 * must re-encode to bytes that decode and re-encode identically (a property
 * check: a mismatch aborts). Errors are expected; crashes, leaks and
 * sanitizer reports are the findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "avro/container.h"
#include "avro/schema.h"
#include "avro/value.h"
#include "core/arena.h"
#include "core/buf.h"
#include "iceberg/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char all_types[] =
	"{\"type\":\"record\",\"name\":\"all\",\"fields\":["
	"{\"name\":\"n\",\"type\":\"null\"},{\"name\":\"b\",\"type\":\"boolean\"},"
	"{\"name\":\"i\",\"type\":\"int\"},{\"name\":\"l\",\"type\":\"long\"},"
	"{\"name\":\"f\",\"type\":\"float\"},{\"name\":\"d\",\"type\":\"double\"},"
	"{\"name\":\"by\",\"type\":\"bytes\"},{\"name\":\"s\",\"type\":\"string\"},"
	"{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}},"
	"{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":3}},"
	"{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":[\"null\",\"long\",\"all\"]}},"
	"{\"name\":\"an\",\"type\":{\"type\":\"array\",\"items\":\"null\"}},"
	"{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
	"{\"name\":\"u\",\"type\":[\"null\",\"string\",\"F\",\"double\"]}]}";

static void fuzz_container(const uint8_t *data, size_t size)
{
	struct floe_arena a, ra;
	struct floe_avro_reader r;
	struct floe_err err;
	int i;

	floe_arena_init(&a, 0);
	floe_arena_init(&ra, 0);
	a.limit = 64u << 20;
	ra.limit = 64u << 20;
	if (floe_avro_reader_open(&r, data, size, &a, &err) == 0) {
		size_t n;
		r.max_block = 16u << 20;
		(void)floe_avro_reader_meta(&r, "avro.codec", &n);
		for (i = 0; i < 100000; i++) {
			struct floe_avro_value v;
			floe_arena_reset(&ra);
			if (floe_avro_reader_next(&r, &ra, &v, &err) != 1)
				break;
		}
	}
	floe_avro_reader_release(&r);
	floe_arena_release(&a);
	floe_arena_release(&ra);
}

static void fuzz_manifests(const uint8_t *data, size_t size)
{
	struct floe_manifest_file inherit = { .sequence_number = 3, .added_snapshot_id = 7 };
	struct floe_arena a;
	struct floe_manifest m;
	struct floe_manifest_list l;
	struct floe_err err;

	floe_arena_init(&a, 0);
	a.limit = 256u << 20;
	(void)floe_manifest_read(data, size, &inherit, &a, &m, &err);
	floe_arena_reset(&a);
	(void)floe_manifest_list_read(data, size, &a, &l, &err);
	floe_arena_release(&a);
}

static void fuzz_datums(const uint8_t *data, size_t size)
{
	static struct floe_arena sa;
	static struct floe_avro_schema *schema;
	struct floe_arena a;
	struct floe_rd r;
	struct floe_err err;
	uint64_t budget;
	int i;

	if (!schema) {
		floe_arena_init(&sa, 0);
		if (floe_avro_schema_parse(all_types, strlen(all_types), &sa, &schema, &err))
			abort();
	}
	floe_arena_init(&a, 0);
	a.limit = 64u << 20;
	floe_rd_init(&r, data, size);
	/* a smaller budget of zero-byte items than the default keeps each run fast */
	budget = 1u << 16;
	for (i = 0; i < 1000 && floe_rd_left(&r) > 0; i++) {
		struct floe_avro_value v, v2;
		struct floe_buf once = FLOE_BUF_INIT, twice = FLOE_BUF_INIT;
		struct floe_rd r2;

		if (floe_avro_decode_budget(&r, schema, &a, &budget, &v, &err))
			break;
		if (floe_avro_encode(&once, schema, &v, &err))
			abort(); /* a decoded datum always encodes */
		{
			floe_rd_init(&r2, once.data, once.len);
			if (floe_avro_decode(&r2, schema, &a, &v2, &err) || floe_rd_left(&r2) != 0)
				abort(); /* what we encode must decode, completely */
			if (floe_avro_encode(&twice, schema, &v2, &err) || twice.len != once.len ||
			    memcmp(twice.data, once.data, once.len) != 0)
				abort(); /* and re-encode to the same bytes */
		}
		floe_buf_release(&once);
		floe_buf_release(&twice);
	}
	floe_arena_release(&a);
}

static void fuzz_schema(const uint8_t *data, size_t size)
{
	struct floe_arena a;
	struct floe_avro_schema *s;
	struct floe_err err;

	floe_arena_init(&a, 0);
	a.limit = 64u << 20;
	(void)floe_avro_schema_parse((const char *)data, size, &a, &s, &err);
	floe_arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_container(data, size);
	fuzz_manifests(data, size);
	fuzz_datums(data, size);
	fuzz_schema(data, size);
	return 0;
}
