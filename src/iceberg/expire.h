/*
 * expire.h — snapshot expiry: drop old snapshots from the table metadata (so
 * metadata.json stops growing with the history) and, optionally, delete the
 * files that only the dropped snapshots referenced: their manifest lists, the
 * manifests no kept snapshot lists, and the data/delete files no kept snapshot
 * has live (after a truncate). Never touches the current snapshot, the newest
 * `retain_last` snapshots of main, or any snapshot a ref points at. Not run
 * automatically by commits: the caller decides when.
 */
#ifndef FLOE_ICEBERG_EXPIRE_H
#define FLOE_ICEBERG_EXPIRE_H

#include <stdbool.h>
#include <stdint.h>

#include "iceberg/table.h"

struct floe_expire_opts {
	int64_t older_than_ms;  /* only snapshots with timestamp-ms below this expire */
	int retain_last;        /* keep at least this many newest snapshots of main's ancestry (min 1) */
	bool delete_files;      /* delete what only expired snapshots referenced */
};

struct floe_expire_stats {
	int64_t snapshots_expired;
	int64_t manifest_lists_deleted;
	int64_t manifests_deleted;
	int64_t files_deleted;
};

int floe_table_expire_snapshots(struct floe_table *t, const struct floe_expire_opts *o,
				struct floe_expire_stats *stats, struct floe_err *err);

#endif
