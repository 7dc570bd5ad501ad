/*
 * mfgen.c — writes Iceberg manifests and manifest lists with floe's writer
 * from fixed inputs, for the interop tests (tests/interop/test_manifest_avsc.sh)
 * that decode them with independent readers (avsc, python3-avro) and compare
 * with the same inputs spelled out there.
 *
 * usage: mfgen OUTDIR   writes OUTDIR/m-data.avro (null codec),
 *        OUTDIR/m-deletes.avro (deflate), OUTDIR/snap.avro (manifest list
 *        pointing at both plus one older manifest) and OUTDIR/snap-root.avro
 *        (a list without parent). It is a test tool, not part of floe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/sink.h"
#include "iceberg/manifest.h"

#define SNAP 3051729675574597004LL

static const char table_schema[] =
	"{\"type\":\"struct\",\"schema-id\":0,\"identifier-field-ids\":[1],\"fields\":["
	"{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
	"{\"id\":2,\"name\":\"v\",\"required\":false,\"type\":\"double\"},"
	"{\"id\":3,\"name\":\"s\",\"required\":false,\"type\":\"string\"}]}";

static int save(const char *dir, const char *name, const struct floe_buf *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "mfgen: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const uint8_t l1[8] = { 1 }, l3[8] = { 3 };
	static const uint8_t dm[8] = { 0, 0, 0, 0, 0, 0, 0xf8, 0xbf };  /* -1.5 */
	static const uint8_t dp[8] = { 0, 0, 0, 0, 0, 0, 0x02, 0x40 };  /* 2.25 */
	static const uint8_t pl[4] = { 1, 0, 0, 0 }, pu[4] = { 9, 0, 0, 0 };
	struct floe_col_metric m0[3] = {
		{ 1, 40, 3, 0, -1, l1, 8, l3, 8 },
		{ 2, 30, 3, 1, 1, dm, 8, dp, 8 },
		{ 3, 50, 3, 0, -1, (const uint8_t *)"abc", 3, (const uint8_t *)"abd", 3 },
	};
	struct floe_col_metric md[1] = { { 1, -1, 2, 0, -1, l1, 8, l3, 8 } };
	int64_t splits[1] = { 4 };
	int eq[1] = { 1 };
	char p_data0[4200], p_data1[4200], p_old[4200], p_gone[4200], p_eq[4200], p_pos[4200];
	char p_mdata[4200], p_mdel[4200], p_mold[4200];
	struct floe_manifest_entry data[4], dels[2];
	struct floe_manifest_file mf[3];
	struct floe_field_summary sum = { true, 0, pl, 4, pu, 4 };
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_mem_sink ms;
	struct floe_err err;
	const char *dir;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: mfgen OUTDIR\n");
		return 2;
	}
	dir = argv[1];
	floe_err_clear(&err);
	snprintf(p_data0, sizeof(p_data0), "file://%s/data/00000-0.parquet", dir);
	snprintf(p_data1, sizeof(p_data1), "file://%s/data/00001-0.parquet", dir);
	snprintf(p_old, sizeof(p_old), "file://%s/data/old.parquet", dir);
	snprintf(p_gone, sizeof(p_gone), "file://%s/data/gone.parquet", dir);
	snprintf(p_eq, sizeof(p_eq), "file://%s/data/eq-0.parquet", dir);
	snprintf(p_pos, sizeof(p_pos), "file://%s/data/pos-0.parquet", dir);
	snprintf(p_mdata, sizeof(p_mdata), "file://%s/m-data.avro", dir);
	snprintf(p_mdel, sizeof(p_mdel), "file://%s/m-deletes.avro", dir);
	snprintf(p_mold, sizeof(p_mold), "file://%s/old-m.avro", dir);

	memset(data, 0, sizeof(data));
	data[0] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_ADDED, .has_snapshot_id = true, .snapshot_id = SNAP,
		.file = { .content = FLOE_CONTENT_DATA, .file_path = p_data0, .file_format = "PARQUET", .record_count = 3,
			  .file_size_in_bytes = 1234, .metrics = m0, .n_metrics = 3, .split_offsets = splits,
			  .n_split_offsets = 1, .sort_order_id = 0 } };
	data[1] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_ADDED,
		.file = { .content = FLOE_CONTENT_DATA, .file_path = p_data1, .file_format = "PARQUET",
			  .record_count = 9007199254740993LL, .file_size_in_bytes = 5, .sort_order_id = -1 } };
	data[2] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_EXISTING, .has_snapshot_id = true, .snapshot_id = 42,
		.has_sequence_number = true, .sequence_number = 1, .has_file_sequence_number = true, .file_sequence_number = 1,
		.file = { .content = FLOE_CONTENT_DATA, .file_path = p_old, .file_format = "PARQUET", .record_count = 7,
			  .file_size_in_bytes = 700, .sort_order_id = -1 } };
	data[3] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_DELETED, .has_snapshot_id = true, .snapshot_id = SNAP,
		.has_sequence_number = true, .sequence_number = 1, .has_file_sequence_number = true, .file_sequence_number = 1,
		.file = { .content = FLOE_CONTENT_DATA, .file_path = p_gone, .file_format = "PARQUET", .record_count = 2,
			  .file_size_in_bytes = 200, .sort_order_id = -1 } };
	dels[0] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_ADDED, .has_snapshot_id = true, .snapshot_id = SNAP,
		.file = { .content = FLOE_CONTENT_EQUALITY_DELETES, .file_path = p_eq, .file_format = "PARQUET",
			  .record_count = 2, .file_size_in_bytes = 600, .metrics = md, .n_metrics = 1, .equality_ids = eq,
			  .n_equality_ids = 1, .sort_order_id = 0 } };
	dels[1] = (struct floe_manifest_entry){ .status = FLOE_ENTRY_ADDED, .has_snapshot_id = true, .snapshot_id = SNAP,
		.file = { .content = FLOE_CONTENT_POSITION_DELETES, .file_path = p_pos, .file_format = "PARQUET",
			  .record_count = 1, .file_size_in_bytes = 400, .sort_order_id = -1,
			  .referenced_data_file = p_data0 } };

	{
		struct floe_manifest_opts o = { .schema_json = table_schema, .schema_id = 0, .partition_spec_json = "[]",
			.partition_spec_id = 0, .format_version = 2, .content = FLOE_MANIFEST_DATA, .snapshot_id = SNAP,
			.sequence_number = FLOE_SEQ_UNASSIGNED };

		floe_mem_sink_init(&ms, &b);
		if (floe_manifest_write(&ms.base, &o, data, 4, &mf[0], &err) || save(dir, "m-data.avro", &b))
			goto out;
		mf[0].manifest_path = p_mdata;
		floe_buf_reset(&b);
		floe_mem_sink_init(&ms, &b);
		o.content = FLOE_MANIFEST_DELETES;
		o.deflate = true;
		if (floe_manifest_write(&ms.base, &o, dels, 2, &mf[1], &err) || save(dir, "m-deletes.avro", &b))
			goto out;
		mf[1].manifest_path = p_mdel;
	}
	mf[2] = (struct floe_manifest_file){ .manifest_path = p_mold, .manifest_length = 1000, .partition_spec_id = 0,
		.content = 0, .sequence_number = 1, .min_sequence_number = 1, .added_snapshot_id = 42,
		.added_files_count = 0, .existing_files_count = 1, .deleted_files_count = 0, .added_rows_count = 0,
		.existing_rows_count = 7, .deleted_rows_count = 0, .partitions = &sum, .n_partitions = 1 };
	{
		struct floe_manifest_list_opts lo = { .snapshot_id = SNAP, .has_parent_snapshot_id = true,
			.parent_snapshot_id = 42, .sequence_number = 2, .format_version = 2 };

		floe_buf_reset(&b);
		floe_mem_sink_init(&ms, &b);
		if (floe_manifest_list_write(&ms.base, &lo, mf, 3, NULL, &err) || save(dir, "snap.avro", &b))
			goto out;
		lo.has_parent_snapshot_id = false;
		lo.snapshot_id = 42;
		lo.sequence_number = 1;
		floe_buf_reset(&b);
		floe_mem_sink_init(&ms, &b);
		if (floe_manifest_list_write(&ms.base, &lo, &mf[2], 1, NULL, &err) || save(dir, "snap-root.avro", &b))
			goto out;
	}
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "mfgen: %s\n", err.msg[0] ? err.msg : "failed");
	floe_buf_release(&b);
	return rc;
}
