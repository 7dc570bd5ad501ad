/*
 * target.h — the Iceberg side of every replicated table: finds or creates
 * the table (source columns with the DESIGN.md type mapping, the key as
 * identifier fields, optional _floe_lsn/_floe_commit_ts columns), checks an
 * existing table against the source (columns, key, system id), reads its
 * watermark (floe.lsn of the current snapshot), and commits batches and
 * snapshot files with floe.lsn / floe.slot / floe.system-id in the summary.
 *
 * A batch commit writes one data file of final images (rolled at a size
 * limit) and one equality-delete file for keys that existed before the
 * batch; a TRUNCATE in the batch makes the commit drop every live file first.
 * Unchanged TOAST values still missing after the batch are read from the
 * table itself (key lookup) before the rows are written. Nothing here talks
 * to PostgreSQL.
 */
#ifndef FLOE_SINK_TARGET_H
#define FLOE_SINK_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "core/config.h"
#include "core/err.h"
#include "iceberg/table.h"
#include "parquet/writer.h"
#include "sink/batch.h"
#include "pg/source.h"
#include "storage/storage.h"

struct floe_target {
	struct floe_src_table *src;      /* borrowed */
	char *ns, *name;                 /* Iceberg namespace and table */
	struct floe_table *table;
	int lsn_idx, ts_idx;             /* schema index of _floe_lsn / _floe_commit_ts, -1 when absent */
	struct floe_field *key_fields;   /* src->nkeys fields in key order (for decoding keys) */
	int *key_ids;                    /* their field ids (= equality ids) */
	char **own_names;                /* column names when the Iceberg shape replaced the catalog's */
	size_t n_own;
	bool has_watermark;              /* false: needs an initial snapshot */
	bool resnapshot;                 /* marked by floe setup --resnapshot: copy again, replace in one commit */
	uint64_t watermark;              /* commits with commit LSN <= this are in the table */
	struct floe_batch batch;
	uint64_t commits;                /* statistics */
	uint64_t rows_written, deletes_written, toast_lookups;
	uint64_t nulled;               /* values a 'null' policy stored as NULL since the last commit log */
};

/* The table property `floe setup --resnapshot` sets on a table that must be copied
 * again (its slot was lost); the re-copy's commit drops everything older and the
 * property in one snapshot. */
#define FLOE_PROP_RESNAPSHOT "floe.resnapshot"

struct floe_targets {
	const struct floe_config *cfg;   /* borrowed */
	struct floe_catalog *cat;
	struct floe_storage *st;
	char *warehouse;                 /* normalized warehouse URI */
	char slot[128];
	char system_id[32];
	struct floe_pq_options pq;       /* writer options (smaller row groups: bounded memory) */
	struct floe_target *t;
	size_t n;
};

/* Opens the catalog and storage, then finds or creates the table of every
 * source table and checks it. system_id: IDENTIFY_SYSTEM's. */
int floe_targets_open(struct floe_targets *ts, const struct floe_config *cfg, struct floe_src *src,
		      const char *system_id, struct floe_err *err);
void floe_targets_close(struct floe_targets *ts);
struct floe_target *floe_targets_find(struct floe_targets *ts, uint32_t oid);

/* The writer schema (the table's current schema). */
const struct floe_schema *floe_target_schema(const struct floe_target *t);

/* Commits t's batch with floe.lsn = lsn; on success the batch is empty and
 * the watermark is lsn. */
int floe_target_flush(struct floe_targets *ts, struct floe_target *t, uint64_t lsn, struct floe_err *err);

/* Commits snapshot data files with floe.lsn = lsn (the table's first snapshot
 * or a re-snapshot: truncate = drop what is there first). */
int floe_target_commit_files(struct floe_targets *ts, struct floe_target *t, const struct floe_data_file *files,
			     size_t n, bool truncate, uint64_t lsn, struct floe_err *err);

#endif
