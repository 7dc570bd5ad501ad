/*
 * snapshot.h — the initial copy of tables into Iceberg from an exported
 * snapshot, consistent with a replication slot.
 *
 * On a replication connection kept open for the whole copy it creates either
 * the main slot (first start: CREATE_REPLICATION_SLOT ... EXPORT_SNAPSHOT) or,
 * when the main slot already exists, a TEMPORARY slot whose exported snapshot
 * and consistent point C serve the tables that still need a copy. Worker
 * threads (one connection each) import the snapshot (REPEATABLE READ +
 * SET TRANSACTION SNAPSHOT), copy ctid ranges of large tables in parallel
 * with COPY (SELECT ...) TO STDOUT (FORMAT binary), decode with the stream's
 * value decoders and encode Parquet on the worker. When every range of a table
 * is written, the main thread commits its files with floe.lsn = C - 1 (every
 * commit before C is in the copy; streaming skips those). Progress: a live
 * display on a terminal (rows, rows/s, ETA per table), log lines otherwise.
 * An interrupted copy leaves unfinished tables without a watermark; the next
 * start copies them again.
 */
#ifndef FLOE_SINK_SNAPSHOT_H
#define FLOE_SINK_SNAPSHOT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "pg/source.h"
#include "sink/target.h"

struct floe_snapshot_opts {
	int workers;                    /* parallel COPY workers (>= 1) */
	bool create_main_slot;          /* the main slot does not exist yet: create it with the snapshot */
	volatile sig_atomic_t *stop;    /* set by a signal handler: stop early, commit nothing unfinished */
	bool progress_tty;              /* redraw a progress display on stderr */
};

struct floe_snapshot_result {
	uint64_t consistent_point;      /* C */
	uint64_t rows;
	uint64_t nulled;                /* values a types.* 'null' policy stored as NULL */
	bool stopped;                   /* interrupted by opts.stop */
};

/* Copies every target in `tables` (n of them). */
int floe_snapshot_run(const struct floe_config *cfg, struct floe_targets *ts, struct floe_target **tables, size_t n,
		      const struct floe_snapshot_opts *opts, struct floe_snapshot_result *res, struct floe_err *err);

#endif
