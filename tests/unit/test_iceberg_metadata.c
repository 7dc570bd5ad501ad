/*
 * test_iceberg_metadata.c — schema and table-metadata JSON: round trips of
 * every type, Java-style documents with keys floe does not model, the
 * validation rules readers enforce (table-driven), metadata-log capping,
 * snapshot lookup by time, and delete applicability by sequence number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iceberg/deletes.h"
#include "iceberg/metadata.h"
#include "iceberg/schema.h"

static void make_schema(struct floe_schema *s)
{
	struct floe_field f[16];
	struct floe_err err;
	int ids[] = { 1, 11 };
	size_t n = 0;

	memset(f, 0, sizeof(f));
#define F(nm, req, tid)                                                                                              \
	do {                                                                                                         \
		f[n].name = nm;                                                                                      \
		f[n].required = req;                                                                                 \
		f[n].type.id = tid;                                                                                  \
		n++;                                                                                                 \
	} while (0)
	F("id", true, FLOE_T_LONG);
	F("b", false, FLOE_T_BOOLEAN);
	F("i", false, FLOE_T_INT);
	F("f", false, FLOE_T_FLOAT);
	F("d", false, FLOE_T_DOUBLE);
	F("dec", false, FLOE_T_DECIMAL);
	f[n - 1].type.precision = 38;
	f[n - 1].type.scale = 9;
	F("dt", false, FLOE_T_DATE);
	F("tm", false, FLOE_T_TIME);
	F("ts", false, FLOE_T_TIMESTAMP);
	F("tstz", false, FLOE_T_TIMESTAMPTZ);
	F("s", true, FLOE_T_STRING);
	F("u", false, FLOE_T_UUID);
	F("fx", false, FLOE_T_FIXED);
	f[n - 1].type.length = 7;
	F("bin", false, FLOE_T_BINARY);
	F("tags", false, FLOE_T_LIST);
	f[n - 1].type.elem_id = FLOE_T_DECIMAL;
	f[n - 1].type.elem_precision = 10;
	f[n - 1].type.elem_scale = 2;
	f[n - 1].type.elem_required = false;
#undef F
	assert_int_equal(floe_schema_init(s, 0, f, n, ids, 2, &err), 0);
}

static void test_schema_roundtrip(void **state)
{
	struct floe_schema s, back;
	struct floe_buf b1 = FLOE_BUF_INIT, b2 = FLOE_BUF_INIT;
	struct floe_err err;
	json_t *j;
	json_error_t je;

	(void)state;
	make_schema(&s);
	/* ids assigned in order, list element after all columns */
	assert_int_equal(s.fields[0].id, 1);
	assert_int_equal(s.fields[14].id, 15);
	assert_int_equal(s.fields[14].type.elem_field_id, 16);
	assert_int_equal(floe_schema_max_id(&s), 16);
	assert_int_equal(floe_schema_to_text(&s, &b1, &err), 0);
	assert_non_null(strstr(floe_buf_cstr(&b1), "\"decimal(38,9)\""));
	assert_non_null(strstr(floe_buf_cstr(&b1), "\"fixed[7]\""));
	assert_non_null(strstr(floe_buf_cstr(&b1),
			       "{\"type\":\"list\",\"element-id\":16,\"element\":\"decimal(10,2)\",\"element-required\":false}"));
	assert_non_null(strstr(floe_buf_cstr(&b1), "\"identifier-field-ids\":[1,11]"));
	j = json_loads(floe_buf_cstr(&b1), 0, &je);
	assert_non_null(j);
	assert_int_equal(floe_schema_from_json(j, &back, &err), 0);
	json_decref(j);
	assert_int_equal(floe_schema_to_text(&back, &b2, &err), 0);
	assert_string_equal(floe_buf_cstr(&b1), floe_buf_cstr(&b2));
	floe_schema_release(&s);
	floe_schema_release(&back);
	floe_buf_release(&b1);
	floe_buf_release(&b2);
}

static void test_schema_rejects(void **state)
{
	static const struct {
		const char *json;
		const char *msg;
	} cases[] = {
		{ "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"map\"}]}",
		  "not supported" },
		{ "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"decimal(39,2)\"}]}",
		  "not supported" },
		{ "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":\"int\"},"
		  "{\"id\":1,\"name\":\"b\",\"required\":true,\"type\":\"int\"}]}",
		  "used twice" },
		{ "{\"type\":\"struct\",\"identifier-field-ids\":[1],\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,"
		  "\"type\":\"int\"}]}",
		  "must be required" },
		{ "{\"type\":\"struct\",\"identifier-field-ids\":[1],\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,"
		  "\"type\":\"double\"}]}",
		  "float, double" },
		{ "{\"type\":\"struct\",\"identifier-field-ids\":[2],\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,"
		  "\"type\":\"int\"}]}",
		  "not a top-level column" },
		{ "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":true,\"type\":{\"type\":\"list\","
		  "\"element-id\":1,\"element\":\"int\",\"element-required\":true}}]}",
		  "used twice" },
		{ "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"type\":\"int\"}]}", "required" },
		{ "[]", "not a JSON object" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_error_t je;
		json_t *j = json_loads(cases[i].json, 0, &je);
		struct floe_schema s;
		struct floe_err err;
		assert_non_null(j);
		assert_int_equal(floe_schema_from_json(j, &s, &err), -1);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].msg);
		json_decref(j);
	}
}

static void add_snap(struct floe_table_metadata *md, const char *loc, int64_t id, int64_t ts)
{
	struct floe_table_metadata next;
	struct floe_snapshot s;
	struct floe_kv kv[] = { { "added-records", "5" }, { "floe.lsn", "0/16B3748" } };
	struct floe_err err;

	memset(&s, 0, sizeof(s));
	s.snapshot_id = id;
	s.timestamp_ms = ts;
	s.manifest_list = "file:///wh/db/t/metadata/snap.avro";
	s.operation = "append";
	s.summary = kv;
	s.n_summary = 2;
	assert_int_equal(floe_metadata_add_snapshot(&next, md, loc, &s, &err), 0);
	floe_metadata_release(md);
	*md = next;
}

static void test_metadata_roundtrip(void **state)
{
	struct floe_schema s;
	struct floe_table_metadata md, back;
	struct floe_buf b1 = FLOE_BUF_INIT, b2 = FLOE_BUF_INIT;
	struct floe_kv props[] = { { "write.metadata.previous-versions-max", "3" }, { "owner", "floe" } };
	struct floe_err err;
	const struct floe_snapshot *cur;
	int64_t t0;

	(void)state;
	make_schema(&s);
	assert_int_equal(floe_metadata_new(&md, "file:///wh/db/t", &s, props, 2, &err), 0);
	floe_schema_release(&s);
	assert_int_equal(md.format_version, 2);
	assert_int_equal(md.last_column_id, 16);
	assert_int_equal(md.last_partition_id, 999);
	assert_int_equal(md.current_snapshot_id, -1);
	t0 = md.last_updated_ms;
	add_snap(&md, "file:///wh/db/t/metadata/00000-a.metadata.json", 11, t0 + 10);
	add_snap(&md, "file:///wh/db/t/metadata/00001-b.metadata.json", 22, t0 + 20);
	add_snap(&md, "file:///wh/db/t/metadata/00002-c.metadata.json", 33, t0 + 30);
	add_snap(&md, "file:///wh/db/t/metadata/00003-d.metadata.json", 44, t0 + 5); /* clock went back */
	/* sequence numbers 1..4, parents chained, main ref and current id agree */
	assert_int_equal(md.last_sequence_number, 4);
	assert_int_equal(md.n_snapshots, 4);
	assert_int_equal(md.snapshots[0].sequence_number, 1);
	assert_false(md.snapshots[0].has_parent);
	assert_int_equal(md.snapshots[3].sequence_number, 4);
	assert_true(md.snapshots[3].has_parent);
	assert_int_equal(md.snapshots[3].parent_id, 33);
	assert_int_equal(md.snapshots[3].timestamp_ms, t0 + 30); /* never backwards */
	assert_int_equal(md.current_snapshot_id, 44);
	assert_int_equal(md.n_refs, 1);
	assert_int_equal(md.refs[0].snapshot_id, 44);
	/* metadata-log capped at previous-versions-max = 3, oldest dropped */
	assert_int_equal(md.n_metadata_log, 3);
	assert_string_equal(md.metadata_log[0].file, "file:///wh/db/t/metadata/00001-b.metadata.json");
	assert_string_equal(md.metadata_log[2].file, "file:///wh/db/t/metadata/00003-d.metadata.json");
	assert_int_equal(md.n_snapshot_log, 4);
	/* as-of */
	assert_null(floe_metadata_snapshot_as_of(&md, t0 + 9));
	assert_int_equal(floe_metadata_snapshot_as_of(&md, t0 + 10)->snapshot_id, 11);
	assert_int_equal(floe_metadata_snapshot_as_of(&md, t0 + 25)->snapshot_id, 22);
	assert_int_equal(floe_metadata_snapshot_as_of(&md, t0 + 1000)->snapshot_id, 44);
	cur = floe_metadata_current_snapshot(&md);
	assert_string_equal(floe_snapshot_summary(cur, "floe.lsn"), "0/16B3748");
	assert_string_equal(floe_snapshot_summary(cur, "operation"), "append");
	/* write → parse → write is stable */
	assert_int_equal(floe_metadata_write(&md, &b1, &err), 0);
	assert_int_equal(floe_metadata_parse(&back, (const char *)b1.data, b1.len, &err), 0);
	assert_int_equal(floe_metadata_write(&back, &b2, &err), 0);
	assert_string_equal(floe_buf_cstr(&b1), floe_buf_cstr(&b2));
	assert_string_equal(back.table_uuid, md.table_uuid);
	assert_string_equal(floe_metadata_property(&back, "owner"), "floe");
	/* summary values are strings in the file */
	assert_non_null(strstr(floe_buf_cstr(&b1), "\"added-records\":\"5\""));
	assert_non_null(strstr(floe_buf_cstr(&b1), "\"current-snapshot-id\":44"));
	floe_metadata_release(&md);
	floe_metadata_release(&back);
	floe_buf_release(&b1);
	floe_buf_release(&b2);
}

/* A document as Java writes it, with keys floe does not model. */
static const char java_doc[] =
	"{\"format-version\":2,\"table-uuid\":\"9c12d441-03fe-4693-9a96-a0705ddf69c1\","
	"\"location\":\"s3://bucket/test/location\",\"last-sequence-number\":34,"
	"\"last-updated-ms\":1602638573590,\"last-column-id\":3,\"current-schema-id\":1,"
	"\"schemas\":[{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"x\",\"required\":true,"
	"\"type\":\"long\"}]},{\"type\":\"struct\",\"schema-id\":1,\"identifier-field-ids\":[1,2],\"fields\":[{\"id\":1,"
	"\"name\":\"x\",\"required\":true,\"type\":\"long\"},{\"id\":2,\"name\":\"y\",\"required\":true,\"type\":\"long\","
	"\"doc\":\"comment\"},{\"id\":3,\"name\":\"z\",\"required\":true,\"type\":\"long\"}]}],"
	"\"default-spec-id\":0,\"partition-specs\":[{\"spec-id\":0,\"fields\":[{\"name\":\"x\",\"transform\":"
	"\"identity\",\"source-id\":1,\"field-id\":1000}]}],\"last-partition-id\":1000,\"default-sort-order-id\":3,"
	"\"sort-orders\":[{\"order-id\":3,\"fields\":[{\"transform\":\"identity\",\"source-id\":2,\"direction\":"
	"\"asc\",\"null-order\":\"nulls-first\"}]}],\"properties\":{\"read.split.target-size\":\"134217728\"},"
	"\"current-snapshot-id\":3055729675574597004,\"refs\":{\"main\":{\"snapshot-id\":3055729675574597004,"
	"\"type\":\"branch\"},\"tag1\":{\"snapshot-id\":3051729675574597004,\"type\":\"tag\","
	"\"max-ref-age-ms\":86400000}},\"snapshots\":[{\"snapshot-id\":3051729675574597004,\"timestamp-ms\":"
	"1515100955770,\"sequence-number\":0,\"summary\":{\"operation\":\"append\"},\"manifest-list\":"
	"\"s3://a/b/1.avro\"},{\"snapshot-id\":3055729675574597004,\"parent-snapshot-id\":3051729675574597004,"
	"\"timestamp-ms\":1555100955770,\"sequence-number\":1,\"summary\":{\"operation\":\"append\"},"
	"\"manifest-list\":\"s3://a/b/2.avro\",\"schema-id\":1}],\"statistics\":[{\"snapshot-id\":"
	"3055729675574597004,\"statistics-path\":\"s3://a/b/stats.puffin\",\"file-size-in-bytes\":413,"
	"\"file-footer-size-in-bytes\":42,\"blob-metadata\":[]}],\"snapshot-log\":[{\"snapshot-id\":"
	"3051729675574597004,\"timestamp-ms\":1515100955770},{\"snapshot-id\":3055729675574597004,"
	"\"timestamp-ms\":1555100955770}],\"metadata-log\":[]}";

static void test_metadata_java_doc(void **state)
{
	struct floe_table_metadata md, back;
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_err err;

	(void)state;
	assert_int_equal(floe_metadata_parse(&md, java_doc, strlen(java_doc), &err), 0);
	assert_int_equal(md.current_snapshot_id, 3055729675574597004LL);
	assert_int_equal(md.n_refs, 2);
	assert_int_equal(floe_metadata_current_schema(&md)->n_identifier_ids, 2);
	assert_int_equal(md.specs[0].n_fields, 1);
	assert_int_equal(md.specs[0].fields[0].field_id, 1000);
	assert_int_equal(floe_metadata_write(&md, &b, &err), 0);
	/* unmodelled keys survive */
	assert_non_null(strstr(floe_buf_cstr(&b), "stats.puffin"));
	assert_non_null(strstr(floe_buf_cstr(&b), "\"max-ref-age-ms\":86400000"));
	assert_non_null(strstr(floe_buf_cstr(&b), "nulls-first"));
	assert_int_equal(floe_metadata_parse(&back, (const char *)b.data, b.len, &err), 0);
	assert_int_equal(back.default_sort_order_id, 3);
	floe_metadata_release(&back);
	/* a deep copy writes the same document */
	{
		struct floe_buf c = FLOE_BUF_INIT;
		assert_int_equal(floe_metadata_copy(&back, &md, NULL, &err), 0);
		assert_int_equal(floe_metadata_write(&back, &c, &err), 0);
		assert_string_equal(floe_buf_cstr(&b), floe_buf_cstr(&c));
		floe_buf_release(&c);
		floe_metadata_release(&back);
	}
	floe_metadata_release(&md);
	floe_buf_release(&b);
}

static void test_metadata_rejects(void **state)
{
	static const struct {
		const char *find, *replace, *msg;
	} cases[] = {
		{ "\"format-version\":2", "\"format-version\":1", "format-version 1 is not supported" },
		{ "\"last-column-id\":3", "\"last-column-id\":2", "last-column-id" },
		{ "\"last-sequence-number\":34", "\"last-sequence-number\":0", "above last-sequence-number" },
		{ "\"current-snapshot-id\":3055729675574597004", "\"current-snapshot-id\":3051729675574597004",
		  "differs from refs.main" },
		{ "\"tag1\":{\"snapshot-id\":3051729675574597004", "\"tag1\":{\"snapshot-id\":7", "ref 'tag1'" },
		{ "\"current-schema-id\":1", "\"current-schema-id\":5", "current-schema-id" },
		{ "\"default-spec-id\":0", "\"default-spec-id\":2", "default-spec-id" },
		{ "\"table-uuid\":", "\"table-uuidx\":", "missing required \"table-uuid\"" },
		{ "\"manifest-list\":\"s3://a/b/1.avro\"", "\"manifest-lis\":\"s3://a/b/1.avro\"", "manifest-list" },
		{ "{\"operation\":\"append\"}", "{\"op\":\"append\"}", "operation" },
		{ "\"location\":\"s3", "\"location\":5,\"x\":\"s3", "\"location\" must be a string" },
		{ "\"schemas\":[", "\"schemas\":{", "invalid JSON" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char doc[sizeof(java_doc) + 64];
		const char *p = strstr(java_doc, cases[i].find);
		struct floe_table_metadata md;
		struct floe_err err;
		size_t pre;

		assert_non_null(p);
		pre = (size_t)(p - java_doc);
		snprintf(doc, sizeof(doc), "%.*s%s%s", (int)pre, java_doc, cases[i].replace, p + strlen(cases[i].find));
		assert_int_equal(floe_metadata_parse(&md, doc, strlen(doc), &err), -1);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].msg);
	}
	/* truncated at every length: never crashes, always an error */
	for (i = 0; i < strlen(java_doc); i += 7) {
		struct floe_table_metadata md;
		struct floe_err err;
		assert_int_equal(floe_metadata_parse(&md, java_doc, i, &err), -1);
	}
}

static void test_file_version(void **state)
{
	(void)state;
	assert_int_equal(floe_metadata_file_version("file:///a/metadata/00012-x.metadata.json"), 12);
	assert_int_equal(floe_metadata_file_version("/a/00000-x.metadata.json"), 0);
	assert_int_equal(floe_metadata_file_version("/a/v3.metadata.json"), -1);
	assert_int_equal(floe_metadata_file_version("/a/0001-x.metadata.json"), -1);
}

/* Reference §4.6, case by case. */
static void test_delete_applicability(void **state)
{
	struct floe_manifest_entry data, eq, pos;
	static const struct {
		int64_t data_seq, del_seq;
		bool eq_applies, pos_applies;
	} cases[] = {
		{ 1, 2, true, true },   /* older data: both apply */
		{ 2, 2, false, true },  /* same commit: equality never, position yes */
		{ 3, 2, false, false }, /* newer data: neither */
		{ 0, 1, true, true },   /* v1-style seq 0 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&data, 0, sizeof(data));
		memset(&eq, 0, sizeof(eq));
		memset(&pos, 0, sizeof(pos));
		data.status = FLOE_ENTRY_ADDED;
		data.sequence_number = cases[i].data_seq;
		data.file.content = FLOE_CONTENT_DATA;
		data.file.file_path = "file:///t/data/a.parquet";
		eq.status = FLOE_ENTRY_EXISTING;
		eq.sequence_number = cases[i].del_seq;
		eq.file.content = FLOE_CONTENT_EQUALITY_DELETES;
		pos.status = FLOE_ENTRY_ADDED;
		pos.sequence_number = cases[i].del_seq;
		pos.file.content = FLOE_CONTENT_POSITION_DELETES;
		assert_int_equal(floe_equality_delete_applies(&data, 0, &eq, 0, true), cases[i].eq_applies);
		assert_int_equal(floe_position_delete_applies(&data, 0, &pos, 0), cases[i].pos_applies);
		/* referenced_data_file must match byte for byte */
		pos.file.referenced_data_file = "file:///t/data/a.parquet";
		assert_int_equal(floe_position_delete_applies(&data, 0, &pos, 0), cases[i].pos_applies);
		pos.file.referenced_data_file = "file:/t/data/a.parquet";
		assert_false(floe_position_delete_applies(&data, 0, &pos, 0));
		/* other spec: position never, equality only when global */
		pos.file.referenced_data_file = NULL;
		assert_false(floe_position_delete_applies(&data, 0, &pos, 1));
		assert_int_equal(floe_equality_delete_applies(&data, 0, &eq, 1, true), cases[i].eq_applies);
		assert_false(floe_equality_delete_applies(&data, 0, &eq, 1, false));
		/* DELETED entries never apply; a data file is not a delete */
		eq.status = FLOE_ENTRY_DELETED;
		assert_false(floe_equality_delete_applies(&data, 0, &eq, 0, true));
		eq.status = FLOE_ENTRY_ADDED;
		eq.file.content = FLOE_CONTENT_DATA;
		assert_false(floe_equality_delete_applies(&data, 0, &eq, 0, true));
	}
}

/* set-properties / remove-properties: add, replace, drop; the result writes and parses back. */
static void test_metadata_properties(void **state)
{
	struct floe_schema s;
	struct floe_table_metadata md, next, back;
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_kv props[] = { { "owner", "floe" }, { "a", "1" }, { "b", "2" } };
	struct floe_kv set[] = { { "a", "one" }, { "floe.resnapshot", "requested" } };
	const char *remove[] = { "b", "absent" };
	const char *bad[] = { "a" };
	struct floe_err err;

	(void)state;
	make_schema(&s);
	assert_int_equal(floe_metadata_new(&md, "file:///wh/db/t", &s, props, 3, &err), 0);
	floe_schema_release(&s);
	assert_int_equal(floe_metadata_set_properties(&next, &md, "file:///wh/db/t/metadata/00000-a.metadata.json", set,
						      2, remove, 2, &err),
			 0);
	assert_int_equal(next.n_properties, 3);
	assert_string_equal(floe_metadata_property(&next, "owner"), "floe");
	assert_string_equal(floe_metadata_property(&next, "a"), "one");
	assert_string_equal(floe_metadata_property(&next, "floe.resnapshot"), "requested");
	assert_null(floe_metadata_property(&next, "b"));
	assert_int_equal(next.n_metadata_log, md.n_metadata_log + 1);
	assert_true(next.last_updated_ms >= md.last_updated_ms);
	/* the base is untouched */
	assert_string_equal(floe_metadata_property(&md, "a"), "1");
	assert_string_equal(floe_metadata_property(&md, "b"), "2");
	assert_int_equal(floe_metadata_write(&next, &b, &err), 0);
	assert_int_equal(floe_metadata_parse(&back, (const char *)b.data, b.len, &err), 0);
	assert_string_equal(floe_metadata_property(&back, "floe.resnapshot"), "requested");
	floe_metadata_drop_properties(&back, (const char *const[]){ "floe.resnapshot" }, 1);
	assert_null(floe_metadata_property(&back, "floe.resnapshot"));
	assert_int_equal(back.n_properties, 2);
	floe_metadata_release(&next);
	/* a key both set and removed is an error */
	assert_int_equal(floe_metadata_set_properties(&next, &md, NULL, set, 1, bad, 1, &err) < 0, 1);
	floe_metadata_release(&back);
	floe_metadata_release(&md);
	floe_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_roundtrip),      cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_metadata_roundtrip),    cmocka_unit_test(test_metadata_java_doc),
		cmocka_unit_test(test_metadata_rejects),      cmocka_unit_test(test_file_version),
		cmocka_unit_test(test_delete_applicability),  cmocka_unit_test(test_metadata_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
