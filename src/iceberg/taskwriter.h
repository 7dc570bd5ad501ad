/*
 * taskwriter.h — writes a stream of rows into as many data (or equality
 * delete) files of one table as it takes, the one place for file rolling,
 * floe's metadata columns and cleanup; the initial snapshot and CDC flushes
 * both use it.
 *
 * A file is rolled when its estimated size reaches the target: the table
 * property write.target-file-size-bytes (Iceberg's default, 512 MiB) unless
 * the caller gives one. Rows carry the LSN and commit time columns when the
 * schema has them (_floe_lsn / _floe_commit_ts at the indexes given). Finished
 * files are handed over as struct floe_data_file records; files of a change
 * that will not be committed are deleted with floe_taskwriter_discard().
 * Committing them is table.h's job. One writer per thread.
 */
#ifndef FLOE_ICEBERG_TASKWRITER_H
#define FLOE_ICEBERG_TASKWRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "iceberg/datafile.h"
#include "iceberg/metadata.h"
#include "iceberg/schema.h"
#include "parquet/writer.h"
#include "storage/storage.h"

#define FLOE_TARGET_FILE_BYTES_DEFAULT ((uint64_t)512 * 1024 * 1024)

struct floe_taskwriter_opts {
	struct floe_storage *st;
	const struct floe_table_metadata *md;  /* location and write.* properties (read at open) */
	const struct floe_schema *schema;
	const struct floe_pq_options *pq;      /* NULL = defaults */
	enum floe_content content;             /* data or equality deletes */
	const int *equality_ids;               /* equality deletes: the key field ids */
	size_t n_equality_ids;
	int lsn_idx, ts_idx;                   /* metadata columns in a data row, -1 = none */
	uint64_t target_file_bytes;            /* 0 = write.target-file-size-bytes or the default */
	struct floe_arena *records;            /* where finished files' records (paths, stats) live */
};

struct floe_taskwriter;

int floe_taskwriter_new(struct floe_taskwriter **out, const struct floe_taskwriter_opts *o, struct floe_err *err);
/* One row (values of the writer's fields, in order). For data files the metadata
 * columns are set from lsn and ts (ts INT64_MIN = NULL). Opens and rolls files. */
int floe_taskwriter_write(struct floe_taskwriter *w, struct floe_value *row, uint64_t lsn, int64_t ts,
			  struct floe_err *err);
/* Finishes the open file and appends every finished file's record to *files
 * (grown with realloc; *n and *cap updated), handing them over. The writer can go on. */
int floe_taskwriter_close(struct floe_taskwriter *w, struct floe_data_file **files, size_t *n, size_t *cap,
			  struct floe_err *err);
int64_t floe_taskwriter_rows(const struct floe_taskwriter *w);
/* Frees; an open file is discarded, finished files not yet handed over are deleted. */
void floe_taskwriter_free(struct floe_taskwriter *w);

/* Deletes the files of a change that will not be committed (best effort, logged). */
void floe_taskwriter_discard(struct floe_storage *st, const struct floe_data_file *files, size_t n);

#endif
