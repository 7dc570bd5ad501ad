/*
 * icebench.c — commit cost as a table grows (driven by bench/commit.sh).
 * Usage: icebench DIR COMMITS ROWS_PER_COMMIT [EVERY [RETAIN]]
 *
 * Creates a table in DIR (SQLite catalog), then for each commit writes one
 * data file of ROWS_PER_COMMIT rows (untimed) and times floe_table_commit
 * alone. Every EVERY commits it prints the mean commit time of that window
 * (wall and CPU), the sizes of the last metadata.json, manifest list and
 * manifest, the total rows, and the I/O floor: the time to write + fsync +
 * rename files of those same three sizes through the same storage backend
 * (what any commit must spend at least), sampled every 10 commits inside the
 * window so both see the same disk load. With RETAIN > 0, snapshots beyond the
 * newest RETAIN are expired (files deleted) every 10 commits, untimed.
 * Not a test: prints numbers only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "iceberg/datawriter.h"
#include "iceberg/expire.h"
#include "iceberg/manifest.h"
#include "iceberg/table.h"
#include "storage/storage.h"

static uint64_t size_of(struct floe_storage *st, const char *uri)
{
	bool ex;
	uint64_t n = 0;
	struct floe_err err;

	if (floe_storage_stat(st, uri, &ex, &n, &err) < 0 || !ex)
		return 0;
	return n;
}

static int64_t cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double floor_ms(struct floe_storage *st, const char *dir, const uint64_t *sizes, int n)
{
	struct floe_err err;
	char uri[600];
	int64_t t0 = floe_mono_us();
	int i, rep;
	char *buf;
	uint64_t max = 0;

	for (i = 0; i < n; i++)
		if (sizes[i] > max)
			max = sizes[i];
	buf = calloc(1, max + 1);
	for (rep = 0; rep < 3; rep++)
		for (i = 0; i < n; i++) {
			snprintf(uri, sizeof(uri), "file://%s/floor/f%d", dir, i);
			if (floe_storage_put_bytes(st, uri, buf, sizes[i], &err) < 0) {
				fprintf(stderr, "icebench: %s\n", err.msg);
				exit(1);
			}
		}
	free(buf);
	return (double)(floe_mono_us() - t0) / 1000.0 / 3;
}

int main(int argc, char **argv)
{
	struct floe_catalog *cat;
	struct floe_storage *st;
	struct floe_table *t;
	struct floe_schema s;
	struct floe_field f[3];
	struct floe_err err;
	char db[512], wh[512];
	int ids[] = { 1 };
	long commits, rows, every, retain, c, r;
	int64_t window_us = 0, window_cpu = 0, id = 0;
	double floor_sum = 0;
	int floor_n = 0;
	uint64_t sizes[3] = { 0, 0, 0 };

	if (argc < 4) {
		fprintf(stderr, "usage: icebench DIR COMMITS ROWS_PER_COMMIT [EVERY]\n");
		return 2;
	}
	commits = atol(argv[2]);
	rows = atol(argv[3]);
	every = argc > 4 ? atol(argv[4]) : 100;
	retain = argc > 5 ? atol(argv[5]) : 0;
	snprintf(db, sizeof(db), "%s/catalog.db", argv[1]);
	snprintf(wh, sizeof(wh), "%s/wh", argv[1]);
	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "v";
	f[1].type.id = FLOE_T_DOUBLE;
	f[2].name = "s";
	f[2].type.id = FLOE_T_STRING;
	if (floe_catalog_open(db, "bench", &cat, &err) < 0 || floe_storage_open(wh, &st, &err) < 0 ||
	    floe_schema_init(&s, 0, f, 3, ids, 1, &err) < 0 ||
	    floe_table_create(cat, st, wh, "bench", "t", &s, NULL, 0, &t, &err) < 0) {
		fprintf(stderr, "icebench: %s\n", err.msg);
		return 1;
	}
	printf("%8s %12s %10s %10s %14s %14s %10s %10s %7s\n", "commits", "total_rows", "ms/commit", "cpu_ms",
	       "metadata.json", "manifest_list", "manifest", "floor_ms", "ratio");
	for (c = 1; c <= commits; c++) {
		struct floe_arena a;
		struct floe_data_writer *w;
		struct floe_data_file df;
		struct floe_commit cm;
		struct floe_value row[3];
		char *uri, sbuf[32], lsn[32];
		struct floe_kv kv[] = { { "floe.lsn", lsn } };
		int64_t t0, c0;

		floe_arena_init(&a, 0);
		if (floe_data_file_uri(t->md.location, FLOE_CONTENT_DATA, &uri, &err) < 0 ||
		    floe_data_writer_new(&w, st, uri, &s, FLOE_CONTENT_DATA, NULL, 0, NULL, &err) < 0) {
			fprintf(stderr, "icebench: %s\n", err.msg);
			return 1;
		}
		memset(row, 0, sizeof(row));
		for (r = 0; r < rows; r++) {
			row[0].u.i64 = ++id;
			row[1].u.f64 = (double)id * 0.5;
			snprintf(sbuf, sizeof(sbuf), "row-%" PRId64, id);
			row[2].u.bytes.p = (const uint8_t *)sbuf;
			row[2].u.bytes.len = (uint32_t)strlen(sbuf);
			if (floe_data_writer_write(w, row, &err) < 0) {
				fprintf(stderr, "icebench: %s\n", err.msg);
				return 1;
			}
		}
		if (floe_data_writer_finish(w, &a, &df, &err) < 0) {
			fprintf(stderr, "icebench: %s\n", err.msg);
			return 1;
		}
		floe_data_writer_free(w);
		free(uri);
		snprintf(lsn, sizeof(lsn), "0/%lX", (unsigned long)c * 256);
		memset(&cm, 0, sizeof(cm));
		cm.data_files = &df;
		cm.n_data_files = 1;
		cm.summary = kv;
		cm.n_summary = 1;
		t0 = floe_mono_us();
		c0 = cpu_us();
		if (floe_table_commit(t, &cm, NULL, &err) < 0) {
			fprintf(stderr, "icebench: %s\n", err.msg);
			return 1;
		}
		window_us += floe_mono_us() - t0;
		window_cpu += cpu_us() - c0;
		if (c % 10 == 0 || c == 1) {
			/* the floor, sampled inside the window under the same load */
			const struct floe_snapshot *snap = floe_table_current_snapshot(t);
			struct floe_buf ml = FLOE_BUF_INIT;
			sizes[0] = size_of(st, t->metadata_location);
			sizes[1] = size_of(st, snap->manifest_list);
			if (floe_storage_get(st, snap->manifest_list, &ml, &err) == 0) {
				struct floe_arena ma;
				struct floe_manifest_list list;
				floe_arena_init(&ma, 0);
				if (floe_manifest_list_read(ml.data, ml.len, &ma, &list, &err) == 0 && list.n_files)
					sizes[2] = (uint64_t)list.files[0].manifest_length;
				floe_arena_release(&ma);
			}
			floe_buf_release(&ml);
			floor_sum += floor_ms(st, argv[1], sizes, 3);
			floor_n++;
		}
		floe_arena_release(&a);
		if (c % every == 0 || c == 1) {
			double n = (double)(c == 1 ? 1 : every), ms = (double)window_us / 1000.0 / n;
			double fl = floor_sum / floor_n;
			printf("%8ld %12" PRId64 " %10.2f %10.2f %14" PRIu64 " %14" PRIu64 " %10" PRIu64 " %10.2f %7.2f\n", c,
			       id, ms, (double)window_cpu / 1000.0 / n, sizes[0], sizes[1], sizes[2], fl, ms / fl);
			fflush(stdout);
			window_us = window_cpu = 0;
			floor_sum = 0;
			floor_n = 0;
		}
		if (retain > 0 && c % 10 == 0) {
			struct floe_expire_opts eo;
			struct floe_expire_stats es;
			memset(&eo, 0, sizeof(eo));
			eo.older_than_ms = INT64_MAX;
			eo.retain_last = (int)retain;
			eo.delete_files = true;
			if (floe_table_expire_snapshots(t, &eo, &es, &err) < 0) {
				fprintf(stderr, "icebench: expire: %s\n", err.msg);
				return 1;
			}
		}
	}
	floe_table_free(t);
	floe_schema_release(&s);
	floe_storage_free(st);
	floe_catalog_close(cat);
	return 0;
}
