/*
 * mfbench.c — measures floe's manifest writer and reader on N entries with C
 * metric columns each (bench/manifest.sh drives it). Prints, per codec, the
 * manifest size, entries/s written and read (CPU time of this process), and
 * the memory-bandwidth floor: how fast the uncompressed entry bytes are
 * merely copied (read/floor = the reader's share of that limit).
 * Also leaves OUTDIR/bench-null.avro for other readers to time.
 * usage: mfbench OUTDIR [N] [C]. A measuring tool, not a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/sink.h"
#include "iceberg/manifest.h"

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const uint8_t b8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	int n = argc > 2 ? atoi(argv[2]) : 100000, cols = argc > 3 ? atoi(argv[3]) : 10;
	struct floe_col_metric *m;
	int codec, i;
	double floor_s = 0;

	if (argc < 2 || n <= 0 || cols <= 0) {
		fprintf(stderr, "usage: mfbench OUTDIR [N] [C]\n");
		return 2;
	}
	m = calloc((size_t)cols, sizeof(*m));
	if (!m)
		return 1;
	for (i = 0; i < cols; i++)
		m[i] = (struct floe_col_metric){ i + 1, 1000 + i, 500, 3, -1, b8, 8, b8, 8 };
	printf("%-8s %10s %14s %14s %16s %10s\n", "codec", "bytes", "write ent/s", "read ent/s", "memcpy ent/s",
	       "read/floor");
	for (codec = 0; codec < 2; codec++) {
		struct floe_manifest_opts o = { .schema_json = "{}", .partition_spec_json = "[]", .format_version = 2,
			.snapshot_id = 1, .sequence_number = FLOE_SEQ_UNASSIGNED, .deflate = codec == 1 };
		struct floe_buf b = FLOE_BUF_INIT;
		struct floe_mem_sink ms;
		struct floe_manifest_writer *w;
		struct floe_manifest_file mf;
		struct floe_manifest man;
		struct floe_arena a;
		struct floe_err err;
		char path[160];
		double t0, t1, t2, t3;
		uint8_t *copy;

		floe_mem_sink_init(&ms, &b);
		t0 = cpu_now();
		if (floe_manifest_writer_new(&w, &ms.base, &o, &err))
			goto fail;
		for (i = 0; i < n; i++) {
			struct floe_manifest_entry e = { .status = FLOE_ENTRY_ADDED,
				.file = { .content = FLOE_CONTENT_DATA, .file_path = path, .file_format = "PARQUET",
					  .record_count = 1000, .file_size_in_bytes = 123456, .metrics = m,
					  .n_metrics = (size_t)cols, .sort_order_id = -1 } };
			snprintf(path, sizeof(path), "s3://bucket/warehouse/db/table/data/%08d-0-5f1e2d3c.parquet", i);
			if (floe_manifest_writer_add(w, &e, &err))
				goto fail;
		}
		if (floe_manifest_writer_finish(w, &mf, &err))
			goto fail;
		floe_manifest_writer_free(w);
		t1 = cpu_now();
		floe_arena_init(&a, 0);
		mf.sequence_number = 1; /* as the manifest list would assign it */
		if (floe_manifest_read(b.data, b.len, &mf, &a, &man, &err) || man.n_entries != (size_t)n)
			goto fail;
		t2 = cpu_now();
		if (codec == 0) {
			/* the floor: copying the uncompressed manifest bytes */
			copy = malloc(b.len);
			for (i = 0; i < 10 && copy; i++) {
				memcpy(copy, b.data, b.len);
				copy[i] ^= 1; /* keep the copies */
			}
			t3 = cpu_now();
			free(copy);
			floor_s = (t3 - t2) / 10.0;
		}
		printf("%-8s %10zu %14.0f %14.0f %16.0f %10.4f\n", codec ? "deflate" : "null", b.len, n / (t1 - t0),
		       n / (t2 - t1), n / floor_s, floor_s / (t2 - t1));
		if (codec == 0) {
			FILE *f;
			snprintf(path, sizeof(path), "%s/bench-null.avro", argv[1]);
			f = fopen(path, "wb");
			if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f))
				fprintf(stderr, "mfbench: cannot write '%s'\n", path);
		}
		floe_arena_release(&a);
		floe_buf_release(&b);
		continue;
fail:
		fprintf(stderr, "mfbench: %s\n", err.msg);
		return 1;
	}
	free(m);
	return 0;
}
