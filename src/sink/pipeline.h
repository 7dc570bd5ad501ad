/*
 * pipeline.h — `floe run` end to end: discover the published tables, find or
 * create their Iceberg tables, copy the ones without a watermark from an
 * exported snapshot, then stream committed transactions into per-table
 * batches and commit them exactly once.
 *
 * Exactly-once: every Iceberg commit carries floe.lsn (the commit LSN of the
 * last source transaction it contains), floe.slot and floe.system-id; changes
 * of transactions at or below a table's floe.lsn are skipped; the flush
 * position is confirmed to PostgreSQL only after every touched table
 * committed. A transaction's changes are staged (spilling past a quarter of
 * sink.memory_limit) and applied to the batches only at its commit, so a
 * batch always ends on a transaction boundary and an abandoned transaction
 * leaves no trace. Batches flush on sink.flush_interval, flush_rows or
 * flush_bytes; a transaction bigger than flush_bytes spills batches to disk
 * and is still committed whole. A table that joins the publication while
 * running makes the pipeline flush, copy it, and resume.
 */
#ifndef FLOE_SINK_PIPELINE_H
#define FLOE_SINK_PIPELINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"

struct floe_pipeline_opts {
	bool once;                    /* catch up to the WAL position at start, commit, return */
	volatile sig_atomic_t *stop;  /* set by SIGTERM/SIGINT: commit what is held and return */
	int snapshot_workers;         /* parallel COPY workers; 0 = number of CPUs (2..4) */
	bool progress_tty;            /* live snapshot progress on stderr */
};

struct floe_pipeline_stats {
	uint64_t snapshot_rows;
	uint64_t txns;
	uint64_t changes;             /* applied to batches */
	uint64_t skipped;             /* at or below a table's floe.lsn */
	uint64_t commits;             /* Iceberg commits (batches) */
	uint64_t rows_written;
	uint64_t deletes_written;
	uint64_t toast_lookups;
	uint64_t nulled;              /* values stored as NULL by a types.* 'null' policy (snapshot + stream) */
};

int floe_pipeline_run(const struct floe_config *cfg, const struct floe_pipeline_opts *opts,
		      struct floe_pipeline_stats *stats, struct floe_err *err);

#endif
