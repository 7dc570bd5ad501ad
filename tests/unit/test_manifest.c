/*
 * test_manifest.c — unit tests for src/iceberg/manifest*: manifest and
 * manifest-list round trips (null and deflate codecs), the header metadata
 * and writer schema Iceberg requires, the summary counts and
 * min_sequence_number, sequence-number inheritance, the writer's spec checks,
 * reading a foreign (v1, partitioned, reordered, long-typed) manifest, and
 * truncated input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "avro/binary.h"
#include "avro/container.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/sink.h"
#include "iceberg/manifest.h"
#include "iceberg/manifest_schema.h"

static const char table_schema[] =
	"{\"type\":\"struct\",\"schema-id\":0,\"identifier-field-ids\":[1],\"fields\":["
	"{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
	"{\"id\":2,\"name\":\"v\",\"required\":false,\"type\":\"double\"},"
	"{\"id\":3,\"name\":\"s\",\"required\":false,\"type\":\"string\"}]}";

static const uint8_t sync16[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6 };

static struct floe_col_metric metrics_a[] = {
	{ 1, 100, 10, 0, -1, (const uint8_t *)"\x01\0\0\0\0\0\0\0", 8, (const uint8_t *)"\x0a\0\0\0\0\0\0\0", 8 },
	{ 2, 80, 10, 2, 1, (const uint8_t *)"\0\0\0\0\0\0\xf0\xbf", 8, (const uint8_t *)"\0\0\0\0\0\0\x59\x40", 8 },
	{ 3, -1, 10, 10, -1, (const uint8_t *)"", 0, NULL, 0 }, /* empty lower bound, no upper */
};
static int64_t splits_a[] = { 4, 1000, 1 << 20 };
static int eq_ids[] = { 1, 3 };

static struct floe_manifest_entry data_entries[] = {
	{ .status = FLOE_ENTRY_ADDED, .has_snapshot_id = true, .snapshot_id = 5000000000LL,
	  .file = { .content = FLOE_CONTENT_DATA, .file_path = "file:///w/t/data/a.parquet", .file_format = "PARQUET",
		    .record_count = 10, .file_size_in_bytes = 4242, .metrics = metrics_a, .n_metrics = 3,
		    .split_offsets = splits_a, .n_split_offsets = 3, .sort_order_id = 0 } },
	{ .status = FLOE_ENTRY_ADDED,
	  .file = { .content = FLOE_CONTENT_DATA, .file_path = "file:///w/t/data/b.parquet", .file_format = "PARQUET",
		    .record_count = 1, .file_size_in_bytes = 300, .sort_order_id = -1 } },
	{ .status = FLOE_ENTRY_EXISTING, .has_snapshot_id = true, .snapshot_id = 17, .has_sequence_number = true,
	  .sequence_number = 3, .has_file_sequence_number = true, .file_sequence_number = 4,
	  .file = { .content = FLOE_CONTENT_DATA, .file_path = "file:///w/t/data/old.parquet", .file_format = "PARQUET",
		    .record_count = INT64_MAX, .file_size_in_bytes = 77, .sort_order_id = -1 } },
	{ .status = FLOE_ENTRY_DELETED, .has_snapshot_id = true, .snapshot_id = 18, .has_sequence_number = true,
	  .sequence_number = 1, .has_file_sequence_number = true, .file_sequence_number = 1,
	  .file = { .content = FLOE_CONTENT_DATA, .file_path = "file:///w/t/data/gone.parquet", .file_format = "PARQUET",
		    .record_count = 5, .file_size_in_bytes = 55, .sort_order_id = -1 } },
};

static struct floe_manifest_opts data_opts(bool deflate)
{
	struct floe_manifest_opts o = {
		.schema_json = table_schema, .schema_id = 0, .partition_spec_json = "[]", .partition_spec_id = 0,
		.format_version = 2, .content = FLOE_MANIFEST_DATA, .snapshot_id = 5000000000LL,
		.sequence_number = FLOE_SEQ_UNASSIGNED, .deflate = deflate, .sync = sync16,
	};
	return o;
}

static void write_or_die(struct floe_buf *file, const struct floe_manifest_opts *o,
			 const struct floe_manifest_entry *e, size_t n, struct floe_manifest_file *mf)
{
	struct floe_mem_sink ms;
	struct floe_err err;

	floe_mem_sink_init(&ms, file);
	if (floe_manifest_write(&ms.base, o, e, n, mf, &err))
		fail_msg("write: %s", err.msg);
}

static void assert_file_equal(const struct floe_data_file *a, const struct floe_data_file *b)
{
	size_t i;

	assert_int_equal(a->content, b->content);
	assert_string_equal(a->file_path, b->file_path);
	assert_string_equal(a->file_format, b->file_format);
	assert_true(a->record_count == b->record_count);
	assert_true(a->file_size_in_bytes == b->file_size_in_bytes);
	assert_int_equal(a->n_metrics, b->n_metrics);
	for (i = 0; i < a->n_metrics; i++) {
		const struct floe_col_metric *x = &a->metrics[i], *y = &b->metrics[i];
		assert_int_equal(x->field_id, y->field_id);
		assert_true(x->column_size == y->column_size);
		assert_true(x->value_count == y->value_count);
		assert_true(x->null_count == y->null_count);
		assert_true(x->nan_count == y->nan_count);
		assert_int_equal(x->lower == NULL, y->lower == NULL);
		assert_int_equal(x->upper == NULL, y->upper == NULL);
		assert_int_equal(x->lower_len, y->lower_len);
		assert_int_equal(x->upper_len, y->upper_len);
		if (x->lower)
			assert_memory_equal(x->lower, y->lower, x->lower_len);
		if (x->upper)
			assert_memory_equal(x->upper, y->upper, x->upper_len);
	}
	assert_int_equal(a->n_split_offsets, b->n_split_offsets);
	for (i = 0; i < a->n_split_offsets; i++)
		assert_true(a->split_offsets[i] == b->split_offsets[i]);
	assert_int_equal(a->n_equality_ids, b->n_equality_ids);
	for (i = 0; i < a->n_equality_ids; i++)
		assert_int_equal(a->equality_ids[i], b->equality_ids[i]);
	assert_int_equal(a->sort_order_id, b->sort_order_id);
	assert_int_equal(a->referenced_data_file == NULL, b->referenced_data_file == NULL);
	if (a->referenced_data_file)
		assert_string_equal(a->referenced_data_file, b->referenced_data_file);
}

static void test_manifest_round_trip(void **state)
{
	int deflate;

	(void)state;
	for (deflate = 0; deflate < 2; deflate++) {
		struct floe_buf file = FLOE_BUF_INIT;
		struct floe_manifest_opts o = data_opts(deflate);
		struct floe_manifest_file mf;
		struct floe_manifest m;
		struct floe_arena a;
		struct floe_err err;
		size_t i;

		write_or_die(&file, &o, data_entries, 4, &mf);
		assert_true(mf.manifest_length == (int64_t)file.len);
		assert_null(mf.manifest_path);
		assert_int_equal(mf.content, 0);
		assert_int_equal(mf.partition_spec_id, 0);
		assert_true(mf.added_snapshot_id == 5000000000LL);
		assert_true(mf.sequence_number == FLOE_SEQ_UNASSIGNED);
		assert_true(mf.min_sequence_number == 3); /* the EXISTING entry; DELETED (1) is not live */
		assert_int_equal(mf.added_files_count, 2);
		assert_int_equal(mf.existing_files_count, 1);
		assert_int_equal(mf.deleted_files_count, 1);
		assert_true(mf.added_rows_count == 11);
		assert_true(mf.existing_rows_count == INT64_MAX);
		assert_true(mf.deleted_rows_count == 5);

		floe_arena_init(&a, 0);
		if (floe_manifest_read(file.data, file.len, NULL, &a, &m, &err))
			fail_msg("read: %s", err.msg);
		assert_int_equal(m.format_version, 2);
		assert_int_equal(m.content, FLOE_MANIFEST_DATA);
		assert_int_equal(m.schema_id, 0);
		assert_int_equal(m.partition_spec_id, 0);
		assert_string_equal(m.schema_json, table_schema);
		assert_string_equal(m.partition_spec_json, "[]");
		assert_int_equal(m.n_entries, 4);
		for (i = 0; i < 4; i++) {
			const struct floe_manifest_entry *x = &m.entries[i], *y = &data_entries[i];
			assert_int_equal(x->status, y->status);
			assert_int_equal(x->has_snapshot_id, y->has_snapshot_id);
			assert_true(x->snapshot_id == y->snapshot_id);
			assert_int_equal(x->has_sequence_number, y->has_sequence_number);
			assert_true(x->sequence_number == y->sequence_number);
			assert_int_equal(x->has_file_sequence_number, y->has_file_sequence_number);
			assert_true(x->file_sequence_number == y->file_sequence_number);
			assert_file_equal(&x->file, &y->file);
		}
		floe_arena_release(&a);
		floe_buf_release(&file);
	}
}

static void test_manifest_inheritance(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(false);
	struct floe_manifest_file mf, listed;
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;

	(void)state;
	write_or_die(&file, &o, data_entries, 4, &mf);
	floe_arena_init(&a, 0);
	/* the writer's own summary is not assigned yet: refused, not inherited as -1 */
	assert_int_equal(floe_manifest_read(file.data, file.len, &mf, &a, &m, &err), -1);
	assert_non_null(strstr(err.msg, "unassigned sequence number '-1'"));
	floe_arena_release(&a);
	listed = mf;
	listed.sequence_number = 7;
	listed.min_sequence_number = 3;
	listed.added_snapshot_id = 99;
	floe_arena_init(&a, 0);
	assert_int_equal(floe_manifest_read(file.data, file.len, &listed, &a, &m, &err), 0);
	/* ADDED with explicit snapshot id keeps it; sequence numbers inherit 7 */
	assert_true(m.entries[0].has_snapshot_id && m.entries[0].snapshot_id == 5000000000LL);
	assert_true(m.entries[0].has_sequence_number && m.entries[0].sequence_number == 7);
	assert_true(m.entries[0].has_file_sequence_number && m.entries[0].file_sequence_number == 7);
	/* ADDED with null snapshot id inherits the manifest's added_snapshot_id */
	assert_true(m.entries[1].has_snapshot_id && m.entries[1].snapshot_id == 99);
	assert_true(m.entries[1].sequence_number == 7 && m.entries[1].file_sequence_number == 7);
	/* EXISTING and DELETED keep what they carry */
	assert_true(m.entries[2].sequence_number == 3 && m.entries[2].file_sequence_number == 4);
	assert_true(m.entries[2].snapshot_id == 17);
	assert_true(m.entries[3].sequence_number == 1 && m.entries[3].file_sequence_number == 1);
	floe_arena_release(&a);
	floe_buf_release(&file);
}

/* min_sequence_number rules: all inherited, assigned number, explicit lower/higher */
static void test_min_sequence_number(void **state)
{
	struct {
		int64_t manifest_seq;
		size_t first, n;
		int64_t want_min;
	} cases[] = {
		{ FLOE_SEQ_UNASSIGNED, 0, 2, FLOE_SEQ_UNASSIGNED }, /* only inherited: the list assigns */
		{ 9, 0, 2, 9 },                                      /* only inherited, number known */
		{ 9, 0, 3, 3 },                                      /* explicit 3 is lower */
		{ 2, 0, 3, 2 },                                      /* a known number lower than explicit */
		{ FLOE_SEQ_UNASSIGNED, 3, 1, FLOE_SEQ_UNASSIGNED },  /* only a DELETED entry: no live data */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct floe_buf file = FLOE_BUF_INIT;
		struct floe_manifest_opts o = data_opts(false);
		struct floe_manifest_file mf;

		o.sequence_number = cases[i].manifest_seq;
		write_or_die(&file, &o, data_entries + cases[i].first, cases[i].n, &mf);
		if (mf.min_sequence_number != cases[i].want_min)
			fail_msg("case %zu: min %lld want %lld", i, (long long)mf.min_sequence_number,
				 (long long)cases[i].want_min);
		assert_true(mf.sequence_number == cases[i].manifest_seq);
		floe_buf_release(&file);
	}
}

/* Walks a writer schema: every record field has a field-id, every array an element-id or is an int-keyed map. */
static void check_ids(json_t *t, int *fields_seen)
{
	size_t i;

	if (json_is_array(t)) {
		for (i = 0; i < json_array_size(t); i++)
			check_ids(json_array_get(t, i), fields_seen);
		return;
	}
	if (!json_is_object(t))
		return;
	if (strcmp(json_string_value(json_object_get(t, "type")), "record") == 0) {
		json_t *fs = json_object_get(t, "fields");
		for (i = 0; i < json_array_size(fs); i++) {
			json_t *f = json_array_get(fs, i);
			json_t *ty = json_object_get(f, "type");
			if (!json_is_integer(json_object_get(f, "field-id")))
				fail_msg("field '%s' has no field-id", json_string_value(json_object_get(f, "name")));
			if (json_is_array(ty)) {
				/* optional: ["null", T] with default null */
				assert_string_equal(json_string_value(json_array_get(ty, 0)), "null");
				assert_true(json_is_null(json_object_get(f, "default")));
			}
			(*fields_seen)++;
			check_ids(ty, fields_seen);
		}
	} else if (strcmp(json_string_value(json_object_get(t, "type")), "array") == 0) {
		json_t *lt = json_object_get(t, "logicalType");
		if (lt)
			assert_string_equal(json_string_value(lt), "map");
		else
			assert_true(json_is_integer(json_object_get(t, "element-id")));
		check_ids(json_object_get(t, "items"), fields_seen);
	}
}

static void test_manifest_header(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(false);
	struct floe_manifest_file mf;
	struct floe_avro_reader r;
	struct floe_arena a;
	struct floe_err err;
	json_t *schema;
	int fields = 0;
	static const struct {
		const char *key, *value;
	} want[] = {
		{ "schema-id", "0" }, { "partition-spec", "[]" }, { "partition-spec-id", "0" },
		{ "format-version", "2" }, { "content", "deletes" }, { "avro.codec", "null" },
	};
	size_t i;

	(void)state;
	o.content = FLOE_MANIFEST_DELETES;
	{
		struct floe_manifest_entry e = { .status = FLOE_ENTRY_ADDED,
			.file = { .content = FLOE_CONTENT_EQUALITY_DELETES, .file_path = "file:///d.parquet",
				  .file_format = "PARQUET", .record_count = 2, .file_size_in_bytes = 10,
				  .equality_ids = eq_ids, .n_equality_ids = 2, .sort_order_id = -1 } };
		write_or_die(&file, &o, &e, 1, &mf);
	}
	assert_int_equal(mf.content, 1);
	floe_arena_init(&a, 0);
	assert_int_equal(floe_avro_reader_open(&r, file.data, file.len, &a, &err), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char *v = floe_avro_reader_meta_str(&r, want[i].key, &a);
		assert_non_null(v);
		assert_string_equal(v, want[i].value);
	}
	assert_string_equal(floe_avro_reader_meta_str(&r, "schema", &a), table_schema);
	schema = json_loads(floe_avro_reader_meta_str(&r, "avro.schema", &a), 0, NULL);
	assert_non_null(schema);
	assert_string_equal(json_string_value(json_object_get(schema, "name")), "manifest_entry");
	check_ids(schema, &fields);
	/* manifest_entry 5 + data_file 17 + 6 maps x 2 key/value */
	assert_int_equal(fields, 5 + 17 + 12);
	json_decref(schema);
	floe_avro_reader_release(&r);
	{
		struct floe_manifest m;
		assert_int_equal(floe_manifest_read(file.data, file.len, NULL, &a, &m, &err), 0);
		assert_int_equal(m.content, FLOE_MANIFEST_DELETES);
		assert_int_equal(m.entries[0].file.content, FLOE_CONTENT_EQUALITY_DELETES);
		assert_int_equal(m.entries[0].file.n_equality_ids, 2);
		assert_int_equal(m.entries[0].file.equality_ids[1], 3);
	}
	floe_arena_release(&a);
	floe_buf_release(&file);
}

static void test_manifest_writer_errors(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(false);
	struct floe_manifest_file mf;
	struct floe_mem_sink ms;
	struct floe_err err;
	struct floe_manifest_entry e;

	(void)state;
	floe_mem_sink_init(&ms, &file);
	o.format_version = 1;
	assert_int_equal(floe_manifest_write(&ms.base, &o, NULL, 0, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "format version '1'"));
	o = data_opts(false);
	o.partition_spec_json = "[{\"source-id\":1,\"field-id\":1000,\"name\":\"b\",\"transform\":\"bucket[4]\"}]";
	assert_int_equal(floe_manifest_write(&ms.base, &o, NULL, 0, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "unpartitioned"));
	o.partition_spec_json = "{\"spec-id\":0,\"fields\":[]}";
	assert_int_equal(floe_manifest_write(&ms.base, &o, NULL, 0, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "json array"));

	/* a data file in a delete manifest */
	o = data_opts(false);
	o.content = FLOE_MANIFEST_DELETES;
	assert_int_equal(floe_manifest_write(&ms.base, &o, data_entries, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "separate manifests"));
	/* EXISTING without sequence numbers */
	o = data_opts(false);
	e = data_entries[2];
	e.has_file_sequence_number = false;
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "EXISTING entries must carry both sequence numbers"));
	assert_non_null(strstr(err.msg, "old.parquet"));
	/* equality deletes without ids */
	o.content = FLOE_MANIFEST_DELETES;
	e = data_entries[1];
	e.file.content = FLOE_CONTENT_EQUALITY_DELETES;
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "equality_ids"));
	/* relative paths (v2 wants full URIs) */
	o = data_opts(false);
	e = data_entries[1];
	e.file.file_path = "data/b.parquet";
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "full URI"));
	e.file.file_path = "/abs/but/no/scheme.parquet";
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	e.file.file_path = "file:/w/t/x.parquet"; /* Java's file:/ form is a URI */
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), 0);
	/* equality ids on a data file */
	e.file.equality_ids = eq_ids;
	e.file.n_equality_ids = 2;
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "only equality delete files"));
	/* position deletes: no sort order, referenced_data_file a URI */
	o.content = FLOE_MANIFEST_DELETES;
	e = data_entries[1];
	e.file.content = FLOE_CONTENT_POSITION_DELETES;
	e.file.sort_order_id = 0;
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "sort_order_id"));
	e.file.sort_order_id = -1;
	e.file.referenced_data_file = "x.parquet";
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "referenced_data_file 'x.parquet'"));
	/* no path */
	o = data_opts(false);
	e = data_entries[1];
	e.file.file_path = NULL;
	assert_int_equal(floe_manifest_write(&ms.base, &o, &e, 1, &mf, &err), -1);
	assert_non_null(strstr(err.msg, "file_path"));
	floe_buf_release(&file);
}

static void test_manifest_list(void **state)
{
	static const uint8_t lo[] = { 1, 0, 0, 0 }, hi[] = { 9, 0, 0, 0 };
	struct floe_field_summary sums[2] = {
		{ .contains_null = true, .contains_nan = -1, .lower = lo, .lower_len = 4, .upper = hi, .upper_len = 4 },
		{ .contains_null = false, .contains_nan = 1, .lower = NULL, .upper = NULL },
	};
	struct floe_manifest_file files[3] = {
		{ .manifest_path = "file:///w/t/metadata/new-m0.avro", .manifest_length = 4567, .partition_spec_id = 0,
		  .content = 0, .sequence_number = FLOE_SEQ_UNASSIGNED, .min_sequence_number = FLOE_SEQ_UNASSIGNED,
		  .added_snapshot_id = FLOE_SEQ_UNASSIGNED, .added_files_count = 2, .added_rows_count = 11 },
		{ .manifest_path = "file:///w/t/metadata/new-m1.avro", .manifest_length = 999, .partition_spec_id = 0,
		  .content = 1, .sequence_number = FLOE_SEQ_UNASSIGNED, .min_sequence_number = 2,
		  .added_snapshot_id = 5000000000LL, .added_files_count = 1, .added_rows_count = 3,
		  .existing_files_count = 4, .existing_rows_count = INT64_MAX, .deleted_files_count = 5,
		  .deleted_rows_count = 6 },
		{ .manifest_path = "file:///w/t/metadata/old-m0.avro", .manifest_length = 1, .partition_spec_id = 3,
		  .content = 0, .sequence_number = 1, .min_sequence_number = 1, .added_snapshot_id = 17,
		  .existing_files_count = 1, .existing_rows_count = 100, .partitions = sums, .n_partitions = 2 },
	};
	int deflate;

	(void)state;
	for (deflate = 0; deflate < 2; deflate++) {
		struct floe_manifest_list_opts o = { .snapshot_id = 5000000000LL, .has_parent_snapshot_id = true,
			.parent_snapshot_id = 17, .sequence_number = 8, .format_version = 2, .deflate = deflate,
			.sync = sync16 };
		struct floe_buf file = FLOE_BUF_INIT;
		struct floe_mem_sink ms;
		struct floe_manifest_list l;
		struct floe_arena a;
		struct floe_err err;
		uint64_t len = 0;
		size_t i;

		floe_mem_sink_init(&ms, &file);
		if (floe_manifest_list_write(&ms.base, &o, files, 3, &len, &err))
			fail_msg("write: %s", err.msg);
		assert_int_equal(len, file.len);
		floe_arena_init(&a, 0);
		if (floe_manifest_list_read(file.data, file.len, &a, &l, &err))
			fail_msg("read: %s", err.msg);
		assert_int_equal(l.format_version, 2);
		assert_true(l.has_snapshot_id && l.snapshot_id == 5000000000LL);
		assert_true(l.has_parent_snapshot_id && l.parent_snapshot_id == 17);
		assert_true(l.has_sequence_number && l.sequence_number == 8);
		assert_int_equal(l.n_files, 3);
		/* unassigned numbers took the list's */
		assert_true(l.files[0].sequence_number == 8 && l.files[0].min_sequence_number == 8);
		assert_true(l.files[0].added_snapshot_id == 5000000000LL);
		assert_true(l.files[1].sequence_number == 8 && l.files[1].min_sequence_number == 2);
		assert_true(l.files[2].sequence_number == 1 && l.files[2].min_sequence_number == 1);
		for (i = 0; i < 3; i++) {
			const struct floe_manifest_file *x = &l.files[i], *y = &files[i];
			assert_string_equal(x->manifest_path, y->manifest_path);
			assert_true(x->manifest_length == y->manifest_length);
			assert_int_equal(x->partition_spec_id, y->partition_spec_id);
			assert_int_equal(x->content, y->content);
			assert_int_equal(x->added_files_count, y->added_files_count);
			assert_int_equal(x->existing_files_count, y->existing_files_count);
			assert_int_equal(x->deleted_files_count, y->deleted_files_count);
			assert_true(x->added_rows_count == y->added_rows_count);
			assert_true(x->existing_rows_count == y->existing_rows_count);
			assert_true(x->deleted_rows_count == y->deleted_rows_count);
			assert_int_equal(x->n_partitions, y->n_partitions);
		}
		assert_true(l.files[2].partitions[0].contains_null);
		assert_int_equal(l.files[2].partitions[0].contains_nan, -1);
		assert_memory_equal(l.files[2].partitions[0].lower, lo, 4);
		assert_memory_equal(l.files[2].partitions[0].upper, hi, 4);
		assert_false(l.files[2].partitions[1].contains_null);
		assert_int_equal(l.files[2].partitions[1].contains_nan, 1);
		assert_null(l.files[2].partitions[1].lower);
		floe_arena_release(&a);

		/* no parent: "null" in the header */
		floe_buf_reset(&file);
		floe_mem_sink_init(&ms, &file);
		o.has_parent_snapshot_id = false;
		assert_int_equal(floe_manifest_list_write(&ms.base, &o, files, 1, NULL, &err), 0);
		floe_arena_init(&a, 0);
		assert_int_equal(floe_manifest_list_read(file.data, file.len, &a, &l, &err), 0);
		assert_false(l.has_parent_snapshot_id);
		floe_arena_release(&a);
		floe_buf_release(&file);
	}
}

static void test_manifest_list_errors(void **state)
{
	struct floe_manifest_list_opts o = { .snapshot_id = 1, .sequence_number = 2, .format_version = 2 };
	struct floe_manifest_file f = { .manifest_path = "file:///m.avro", .manifest_length = 10,
		.sequence_number = 2, .min_sequence_number = 3, .added_snapshot_id = 1 };
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_err err;

	(void)state;
	floe_mem_sink_init(&ms, &file);
	assert_int_equal(floe_manifest_list_write(&ms.base, &o, &f, 1, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "min_sequence_number '3'"));
	f.min_sequence_number = 1;
	f.manifest_length = 0;
	assert_int_equal(floe_manifest_list_write(&ms.base, &o, &f, 1, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "manifest_length"));
	f.manifest_length = 10;
	f.content = 2;
	assert_int_equal(floe_manifest_list_write(&ms.base, &o, &f, 1, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "content '2'"));
	f.content = 0;
	f.manifest_path = "metadata/m.avro";
	assert_int_equal(floe_manifest_list_write(&ms.base, &o, &f, 1, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "full URI"));
	f.manifest_path = "file:///m.avro";
	o.format_version = 3;
	assert_int_equal(floe_manifest_list_write(&ms.base, &o, &f, 1, NULL, &err), -1);
	floe_buf_release(&file);
}

/* An EXISTING entry without sequence numbers in a v2 manifest: readable raw, refused with inheritance. */
static void test_inherit_rejects_existing_without_seq(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_avro_writer w;
	struct floe_avro_meta meta[1] = { { "format-version", "2" } };
	struct floe_manifest_file inherit = { .sequence_number = 5, .added_snapshot_id = 1 };
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;
	struct floe_buf *b;
	int k;

	(void)state;
	floe_mem_sink_init(&ms, &file);
	assert_int_equal(floe_avro_writer_begin(&w, &ms.base, FLOE_MANIFEST_ENTRY_SCHEMA_V2, meta, 1,
						FLOE_AVRO_CODEC_NULL, NULL, &err), 0);
	b = floe_avro_writer_object(&w);
	floe_avro_put_int(b, 0);       /* EXISTING */
	floe_avro_put_long(b, 0);      /* snapshot null */
	floe_avro_put_long(b, 0);      /* seq null */
	floe_avro_put_long(b, 0);      /* file seq null */
	floe_avro_put_int(b, 0);
	floe_avro_put_string(b, "file:///x.parquet");
	floe_avro_put_string(b, "PARQUET");
	floe_avro_put_long(b, 1);
	floe_avro_put_long(b, 2);
	for (k = 0; k < 11; k++)       /* 6 maps, key_metadata, 2 lists, sort order, referenced file: null */
		floe_avro_put_long(b, 0);
	assert_int_equal(floe_avro_writer_end_object(&w, &err), 0);
	assert_int_equal(floe_avro_writer_finish(&w, &err), 0);
	floe_avro_writer_release(&w);
	floe_arena_init(&a, 0);
	assert_int_equal(floe_manifest_read(file.data, file.len, NULL, &a, &m, &err), 0);
	assert_false(m.entries[0].has_sequence_number);
	assert_int_equal(floe_manifest_read(file.data, file.len, &inherit, &a, &m, &err), -1);
	assert_non_null(strstr(err.msg, "EXISTING entry without sequence numbers"));
	floe_arena_release(&a);
	floe_buf_release(&file);
}

/* A manifest as another writer might lay it out: v1 (no sequence numbers),
 * partitioned, object-form primitives, a deprecated field, equality_ids as
 * longs, fields in another order, deflate. */
static void test_read_foreign_manifest(void **state)
{
	static const char schema[] =
		"{\"type\":\"record\",\"name\":\"manifest_entry\",\"fields\":["
		"{\"name\":\"status\",\"type\":{\"type\":\"int\"},\"field-id\":0},"
		"{\"name\":\"snapshot_id\",\"type\":\"long\",\"field-id\":1},"
		"{\"name\":\"data_file\",\"type\":{\"type\":\"record\",\"name\":\"r2\",\"fields\":["
		"{\"name\":\"file_path\",\"type\":\"string\",\"field-id\":100},"
		"{\"name\":\"file_format\",\"type\":\"string\",\"field-id\":101},"
		"{\"name\":\"partition\",\"type\":{\"type\":\"record\",\"name\":\"r102\",\"fields\":["
		"{\"name\":\"ts_day\",\"type\":[\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}],\"default\":null,\"field-id\":1000}]},\"field-id\":102},"
		"{\"name\":\"record_count\",\"type\":\"long\",\"field-id\":103},"
		"{\"name\":\"file_size_in_bytes\",\"type\":\"long\",\"field-id\":104},"
		"{\"name\":\"block_size_in_bytes\",\"type\":\"long\",\"field-id\":105},"
		"{\"name\":\"upper_bounds\",\"type\":[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"k129_v130\",\"fields\":["
		"{\"name\":\"key\",\"type\":\"int\",\"field-id\":129},{\"name\":\"value\",\"type\":\"bytes\",\"field-id\":130}]},\"logicalType\":\"map\"}],\"default\":null,\"field-id\":128},"
		"{\"name\":\"value_counts\",\"type\":[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"k119_v120\",\"fields\":["
		"{\"name\":\"key\",\"type\":\"int\",\"field-id\":119},{\"name\":\"value\",\"type\":\"long\",\"field-id\":120}]},\"logicalType\":\"map\"}],\"default\":null,\"field-id\":109},"
		"{\"name\":\"equality_ids\",\"type\":[\"null\",{\"type\":\"array\",\"items\":\"long\",\"element-id\":136}],\"default\":null,\"field-id\":135}"
		"]},\"field-id\":2}]}";
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_avro_writer w;
	struct floe_avro_meta meta[2] = { { "format-version", "1" }, { "partition-spec", "[{\"field-id\":1000}]" } };
	struct floe_manifest_file inherit = { .sequence_number = 0, .added_snapshot_id = 1 };
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;
	struct floe_buf *b;
	int i;

	(void)state;
	floe_mem_sink_init(&ms, &file);
	assert_int_equal(floe_avro_writer_begin(&w, &ms.base, schema, meta, 2, FLOE_AVRO_CODEC_DEFLATE, NULL, &err), 0);
	for (i = 0; i < 3; i++) {
		b = floe_avro_writer_object(&w);
		floe_avro_put_int(b, i == 2 ? 0 : 1);
		floe_avro_put_long(b, 700 + i);
		floe_avro_put_string(b, i == 0 ? "s3://b/f0.parquet" : "s3://b/fN.parquet");
		floe_avro_put_string(b, "parquet");
		floe_avro_put_long(b, 1);      /* ts_day present */
		floe_avro_put_int(b, 19000 + i);
		floe_avro_put_long(b, 10 * i);
		floe_avro_put_long(b, 1000 + i);
		floe_avro_put_long(b, 67108864);
		floe_avro_put_long(b, 1);      /* upper_bounds: one block of 2 with byte size */
		floe_avro_put_long(b, -2);
		floe_avro_put_long(b, 12);
		floe_avro_put_int(b, 1);
		floe_avro_put_bytes(b, "\x05\0\0\0", 4);
		floe_avro_put_int(b, 2);
		floe_avro_put_bytes(b, "zz", 2);
		floe_avro_put_long(b, 0);
		floe_avro_put_long(b, 1);      /* value_counts {2: 10} */
		floe_avro_put_long(b, 1);
		floe_avro_put_int(b, 2);
		floe_avro_put_long(b, 10);
		floe_avro_put_long(b, 0);
		floe_avro_put_long(b, 1);      /* equality_ids [1, 2] as longs */
		floe_avro_put_long(b, 2);
		floe_avro_put_long(b, 1);
		floe_avro_put_long(b, 2);
		floe_avro_put_long(b, 0);
		assert_int_equal(floe_avro_writer_end_object(&w, &err), 0);
	}
	assert_int_equal(floe_avro_writer_finish(&w, &err), 0);
	floe_avro_writer_release(&w);
	floe_arena_init(&a, 0);
	if (floe_manifest_read(file.data, file.len, &inherit, &a, &m, &err))
		fail_msg("read: %s", err.msg);
	assert_int_equal(m.format_version, 1);
	assert_int_equal(m.schema_id, -1);
	assert_null(m.schema_json);
	assert_string_equal(m.partition_spec_json, "[{\"field-id\":1000}]");
	assert_int_equal(m.n_entries, 3);
	assert_string_equal(m.entries[0].file.file_path, "s3://b/f0.parquet");
	assert_string_equal(m.entries[0].file.file_format, "parquet");
	assert_true(m.entries[2].status == FLOE_ENTRY_EXISTING);
	assert_true(m.entries[2].snapshot_id == 702);
	assert_true(m.entries[2].has_sequence_number && m.entries[2].sequence_number == 0); /* v1 */
	{
		const struct floe_data_file *f = &m.entries[1].file;

		assert_true(f->record_count == 10 && f->file_size_in_bytes == 1001);
		assert_true(m.entries[1].snapshot_id == 701 && m.entries[1].file_sequence_number == 0);
		assert_int_equal(f->n_metrics, 2);
		assert_int_equal(f->metrics[0].field_id, 1);
		assert_int_equal(f->metrics[0].upper_len, 4);
		assert_memory_equal(f->metrics[0].upper, "\x05\0\0\0", 4);
		assert_null(f->metrics[0].lower);
		assert_true(f->metrics[0].value_count == -1);
		assert_int_equal(f->metrics[1].field_id, 2);
		assert_true(f->metrics[1].value_count == 10);
		assert_memory_equal(f->metrics[1].upper, "zz", 2);
		assert_int_equal(f->n_equality_ids, 2);
		assert_int_equal(f->equality_ids[0], 1);
		assert_int_equal(f->equality_ids[1], 2);
		assert_int_equal(f->sort_order_id, -1);
		assert_int_equal(f->content, FLOE_CONTENT_DATA);
	}
	floe_arena_release(&a);
	floe_buf_release(&file);
}

static void test_truncated_manifest(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT, list = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(false);
	struct floe_manifest_file mf;
	struct floe_manifest_list_opts lo = { .snapshot_id = 1, .sequence_number = 5, .format_version = 2 };
	struct floe_mem_sink ms;
	struct floe_err err;
	size_t cut;

	(void)state;
	write_or_die(&file, &o, data_entries, 4, &mf);
	mf.manifest_path = "file:///m.avro";
	floe_mem_sink_init(&ms, &list);
	assert_int_equal(floe_manifest_list_write(&ms.base, &lo, &mf, 1, NULL, &err), 0);
	for (cut = 0; cut < file.len; cut++) {
		struct floe_arena a;
		struct floe_manifest m;
		uint8_t *copy = malloc(cut ? cut : 1);
		int rc;

		memcpy(copy, file.data, cut);
		floe_arena_init(&a, 0);
		rc = floe_manifest_read(copy, cut, NULL, &a, &m, &err);
		/* right after the header the file is a valid empty manifest */
		if (rc == 0)
			assert_int_equal(m.n_entries, 0);
		else
			assert_non_null(strstr(err.msg, "manifest"));
		floe_arena_release(&a);
		free(copy);
	}
	for (cut = 0; cut < list.len; cut++) {
		struct floe_arena a;
		struct floe_manifest_list l;
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, list.data, cut);
		floe_arena_init(&a, 0);
		if (floe_manifest_list_read(copy, cut, &a, &l, &err) == 0)
			assert_int_equal(l.n_files, 0);
		floe_arena_release(&a);
		free(copy);
	}
	/* a manifest is not a manifest list and vice versa */
	{
		struct floe_arena a;
		struct floe_manifest m;
		struct floe_manifest_list l;

		floe_arena_init(&a, 0);
		assert_int_equal(floe_manifest_list_read(file.data, file.len, &a, &l, &err), -1);
		assert_non_null(strstr(err.msg, "manifest_file"));
		assert_int_equal(floe_manifest_read(list.data, list.len, NULL, &a, &m, &err), -1);
		assert_non_null(strstr(err.msg, "manifest_entry"));
		floe_arena_release(&a);
	}
	floe_buf_release(&file);
	floe_buf_release(&list);
}

/* A partitioned v2 manifest written by python3-avro (tests/data/avro/make_py_files.py). */
static void test_read_python_manifest(void **state)
{
	const char *dir = getenv("FLOE_TESTDATA");
	char path[4096];
	struct floe_manifest_file inherit = { .sequence_number = 9, .added_snapshot_id = 123 };
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;
	uint8_t *p;
	FILE *f;
	long n;

	(void)state;
	snprintf(path, sizeof(path), "%s/avro/py-manifest-v2.avro", dir ? dir : "tests/data");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open '%s'", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	floe_arena_init(&a, 0);
	if (floe_manifest_read(p, (size_t)n, &inherit, &a, &m, &err))
		fail_msg("read: %s", err.msg);
	assert_int_equal(m.format_version, 2);
	assert_int_equal(m.schema_id, 1);
	assert_int_equal(m.partition_spec_id, 2);
	assert_string_equal(m.partition_spec_json, "[{\"source-id\":4,\"field-id\":1000,\"name\":\"ts_day\",\"transform\":\"day\"}]");
	assert_int_equal(m.n_entries, 2);
	{
		const struct floe_manifest_entry *e = &m.entries[0];
		const struct floe_data_file *df = &e->file;

		assert_int_equal(e->status, FLOE_ENTRY_ADDED);
		assert_true(e->snapshot_id == 123 && e->sequence_number == 9 && e->file_sequence_number == 9);
		assert_string_equal(df->file_path, "s3://bkt/t/data/ts_day=2024-01-01/a.parquet");
		assert_true(df->record_count == 100 && df->file_size_in_bytes == 4096);
		assert_int_equal(df->n_metrics, 2);
		assert_int_equal(df->metrics[0].field_id, 1);
		assert_true(df->metrics[0].column_size == 800 && df->metrics[0].value_count == 100);
		assert_true(df->metrics[0].null_count == 0 && df->metrics[0].nan_count == -1);
		assert_memory_equal(df->metrics[0].lower, "\xfb\xff\xff\xff\xff\xff\xff\xff", 8);
		assert_memory_equal(df->metrics[0].upper, "\0\0\0\0\0\x01\0\0", 8); /* 2^40 */
		assert_int_equal(df->metrics[1].field_id, 4);
		assert_true(df->metrics[1].value_count == 100 && df->metrics[1].column_size == -1);
		assert_null(df->metrics[1].lower);
		assert_int_equal(df->n_split_offsets, 2);
		assert_true(df->split_offsets[1] == 2048);
		assert_int_equal(df->sort_order_id, 0);
		assert_null(df->referenced_data_file);
	}
	{
		const struct floe_manifest_entry *e = &m.entries[1];

		assert_int_equal(e->status, FLOE_ENTRY_EXISTING);
		assert_true(e->snapshot_id == 11 && e->sequence_number == 4 && e->file_sequence_number == 5);
		assert_int_equal(e->file.n_metrics, 0);
	}
	floe_arena_release(&a);
	free(p);
}

/* Position delete files carry metrics for the reserved ids 2147483546/2147483545. */
static void test_reserved_field_ids(void **state)
{
	struct floe_col_metric ms[3] = {
		{ 2147483546, 10, 2, 0, -1, (const uint8_t *)"file:///a", 9, (const uint8_t *)"file:///b", 9 },
		{ 3, -1, 2, 1, -1, NULL, 0, NULL, 0 },
		{ 2147483545, 20, 2, 0, -1, (const uint8_t *)"\0\0\0\0\0\0\0\0", 8, NULL, 0 },
	};
	struct floe_manifest_entry e = { .status = FLOE_ENTRY_ADDED,
		.file = { .content = FLOE_CONTENT_POSITION_DELETES, .file_path = "file:///p.parquet",
			  .file_format = "PARQUET", .record_count = 2, .file_size_in_bytes = 99, .metrics = ms,
			  .n_metrics = 3, .sort_order_id = -1, .referenced_data_file = "file:///a" } };
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(true);
	struct floe_manifest_file mf;
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;
	const struct floe_data_file *f;

	(void)state;
	o.content = FLOE_MANIFEST_DELETES;
	write_or_die(&file, &o, &e, 1, &mf);
	floe_arena_init(&a, 0);
	assert_int_equal(floe_manifest_read(file.data, file.len, NULL, &a, &m, &err), 0);
	f = &m.entries[0].file;
	assert_int_equal(f->n_metrics, 3);
	assert_int_equal(f->metrics[0].field_id, 3);
	assert_int_equal(f->metrics[1].field_id, 2147483545);
	assert_int_equal(f->metrics[2].field_id, 2147483546);
	assert_true(f->metrics[0].null_count == 1 && f->metrics[0].column_size == -1);
	assert_true(f->metrics[1].column_size == 20 && f->metrics[1].lower_len == 8 && !f->metrics[1].upper);
	assert_memory_equal(f->metrics[2].upper, "file:///b", 9);
	assert_string_equal(f->referenced_data_file, "file:///a");
	assert_int_equal(f->content, FLOE_CONTENT_POSITION_DELETES);
	floe_arena_release(&a);
	floe_buf_release(&file);
}

/* Content consistency on read: list vs manifest, manifest vs its entries. */
static void test_read_content_mismatch(void **state)
{
	struct floe_buf file = FLOE_BUF_INIT;
	struct floe_manifest_opts o = data_opts(false);
	struct floe_manifest_file mf;
	struct floe_manifest m;
	struct floe_arena a;
	struct floe_err err;
	struct floe_mem_sink ms;
	struct floe_avro_writer w;
	struct floe_avro_meta meta[1] = { { "content", "data" } };
	struct floe_buf *b;
	int k;

	(void)state;
	write_or_die(&file, &o, data_entries, 2, &mf);
	mf.content = 1;
	mf.sequence_number = 2;
	floe_arena_init(&a, 0);
	assert_int_equal(floe_manifest_read(file.data, file.len, &mf, &a, &m, &err), -1);
	assert_non_null(strstr(err.msg, "manifest list says content '1'"));

	/* an equality delete entry inside a manifest whose metadata says data */
	floe_buf_reset(&file);
	floe_mem_sink_init(&ms, &file);
	assert_int_equal(floe_avro_writer_begin(&w, &ms.base, FLOE_MANIFEST_ENTRY_SCHEMA_V2, meta, 1,
						FLOE_AVRO_CODEC_NULL, NULL, &err), 0);
	b = floe_avro_writer_object(&w);
	floe_avro_put_int(b, 1);
	for (k = 0; k < 3; k++)
		floe_avro_put_long(b, 0);
	floe_avro_put_int(b, 2);       /* content: equality deletes */
	floe_avro_put_string(b, "file:///e.parquet");
	floe_avro_put_string(b, "PARQUET");
	floe_avro_put_long(b, 1);
	floe_avro_put_long(b, 2);
	for (k = 0; k < 11; k++)
		floe_avro_put_long(b, 0);
	assert_int_equal(floe_avro_writer_end_object(&w, &err), 0);
	assert_int_equal(floe_avro_writer_finish(&w, &err), 0);
	floe_avro_writer_release(&w);
	assert_int_equal(floe_manifest_read(file.data, file.len, NULL, &a, &m, &err), -1);
	assert_non_null(strstr(err.msg, "a delete file in a data manifest"));
	floe_arena_release(&a);
	floe_buf_release(&file);
}

/* A v1 manifest list written by python3-avro: defaults for the v2-only fields, null counts as -1. */
static void test_read_python_v1_list(void **state)
{
	const char *dir = getenv("FLOE_TESTDATA");
	char path[4096];
	struct floe_manifest_list l;
	struct floe_arena a;
	struct floe_err err;
	uint8_t *p;
	FILE *f;
	long n;

	(void)state;
	snprintf(path, sizeof(path), "%s/avro/py-manifest-list-v1.avro", dir ? dir : "tests/data");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open '%s'", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	floe_arena_init(&a, 0);
	if (floe_manifest_list_read(p, (size_t)n, &a, &l, &err))
		fail_msg("read: %s", err.msg);
	assert_int_equal(l.format_version, 1);
	assert_true(l.has_snapshot_id && l.snapshot_id == 77);
	assert_false(l.has_parent_snapshot_id);
	assert_false(l.has_sequence_number);
	assert_int_equal(l.n_files, 1);
	assert_string_equal(l.files[0].manifest_path, "hdfs://nn/t/metadata/a-m0.avro");
	assert_true(l.files[0].manifest_length == 5000);
	assert_int_equal(l.files[0].content, 0);
	assert_true(l.files[0].sequence_number == 0 && l.files[0].min_sequence_number == 0);
	assert_true(l.files[0].added_snapshot_id == 77);
	assert_int_equal(l.files[0].added_files_count, 3);
	assert_int_equal(l.files[0].existing_files_count, -1);
	assert_int_equal(l.files[0].deleted_files_count, 0);
	assert_true(l.files[0].added_rows_count == 30 && l.files[0].existing_rows_count == -1);
	assert_int_equal(l.files[0].n_partitions, 1);
	assert_false(l.files[0].partitions[0].contains_null);
	assert_int_equal(l.files[0].partitions[0].contains_nan, -1);
	assert_int_equal(l.files[0].partitions[0].lower_len, 4);
	assert_null(l.files[0].partitions[0].upper);
	floe_arena_release(&a);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_round_trip),
		cmocka_unit_test(test_manifest_inheritance),
		cmocka_unit_test(test_min_sequence_number),
		cmocka_unit_test(test_manifest_header),
		cmocka_unit_test(test_manifest_writer_errors),
		cmocka_unit_test(test_manifest_list),
		cmocka_unit_test(test_manifest_list_errors),
		cmocka_unit_test(test_inherit_rejects_existing_without_seq),
		cmocka_unit_test(test_read_foreign_manifest),
		cmocka_unit_test(test_truncated_manifest),
		cmocka_unit_test(test_read_python_manifest),
		cmocka_unit_test(test_reserved_field_ids),
		cmocka_unit_test(test_read_content_mismatch),
		cmocka_unit_test(test_read_python_v1_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
