/*
 * table.h — an Iceberg table in a catalog: create, load, and commit new
 * snapshots (append, row delta, truncate) with optimistic concurrency.
 *
 * A commit writes the new manifests once, then per attempt a manifest list
 * (carrying every existing manifest forward unchanged), the next
 * NNNNN-<uuid>.metadata.json, and swaps the catalog pointer. When the swap
 * loses a race the table is re-read and the snapshot rebuilt on top (new
 * sequence number and manifest list), with bounded exponential backoff. Files
 * of a failed commit are deleted, except when the outcome is unknown. Data and
 * delete files themselves are the caller's (see datawriter.h). Reading rows is
 * in scan.h.
 */
#ifndef FLOE_ICEBERG_TABLE_H
#define FLOE_ICEBERG_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/err.h"
#include "iceberg/datafile.h"
#include "iceberg/manifest.h"
#include "iceberg/metadata.h"
#include "iceberg/schema.h"
#include "storage/storage.h"

struct floe_table {
	struct floe_catalog *catalog;   /* borrowed */
	struct floe_storage *storage;   /* borrowed */
	char *ns;
	char *name;
	char *metadata_location;        /* the file md was read from / written to */
	struct floe_table_metadata md;
	int max_attempts;               /* commit attempts (default 10) */
	int backoff_ms;                 /* first retry delay (default 20 ms, doubling, max 2 s) */
};

/* Creates <warehouse>/<ns>/<name> (the namespace too, if missing) with the schema
 * (its identifier fields become the table's) and properties, writes metadata
 * version 00000 and registers it. FLOE_CATALOG_EEXISTS if the table exists. */
int floe_table_create(struct floe_catalog *cat, struct floe_storage *st, const char *warehouse, const char *ns,
		      const char *name, const struct floe_schema *schema, const struct floe_kv *props, size_t n_props,
		      struct floe_table **out, struct floe_err *err);
/* Loads the table the catalog points at. FLOE_CATALOG_ENOTFOUND if absent. */
int floe_table_load(struct floe_catalog *cat, struct floe_storage *st, const char *ns, const char *name,
		    struct floe_table **out, struct floe_err *err);
/* Re-reads the catalog pointer and the metadata when it moved. */
int floe_table_refresh(struct floe_table *t, struct floe_err *err);
void floe_table_free(struct floe_table *t);

/* "ns.table" → ns and table (the last dot splits); malloc'd. */
int floe_table_split_name(const char *full, char **ns, char **name, struct floe_err *err);

struct floe_commit {
	bool truncate;                          /* drop every live file first (TRUNCATE) */
	const struct floe_data_file *data_files; /* content 0 */
	size_t n_data_files;
	const struct floe_data_file *delete_files; /* content 2 (equality) or 1 (position) */
	size_t n_delete_files;
	const struct floe_kv *summary;          /* extra summary entries, e.g. floe.lsn */
	size_t n_summary;
	const char *const *remove_properties;   /* table properties the same commit drops */
	size_t n_remove_properties;
};

/* Commits one snapshot on main: operation "append" (data only), "overwrite"
 * (deletes, or truncate + data) or "delete" (truncate alone). Equality deletes in
 * the same commit apply only to older data (sequence numbers). On success
 * t->md is the new metadata and *snapshot_id (may be NULL) the new snapshot.
 * Errors: FLOE_CATALOG_ECONFLICT after max_attempts lost races;
 * FLOE_CATALOG_EUNKNOWN when the pointer swap's outcome is unknown (call
 * floe_table_refresh and look for the snapshot before retrying). */
int floe_table_commit(struct floe_table *t, const struct floe_commit *c, int64_t *snapshot_id,
		      struct floe_err *err);

/* Sets and removes table properties (no new snapshot), reloading and retrying on a
 * concurrent commit like floe_table_commit. */
int floe_table_set_properties(struct floe_table *t, const struct floe_kv *set, size_t n_set,
			      const char *const *remove, size_t n_remove, struct floe_err *err);

/* The current snapshot (NULL for an empty table) and one of its summary values. */
const struct floe_snapshot *floe_table_current_snapshot(const struct floe_table *t);
const char *floe_table_summary(const struct floe_table *t, const char *key);
/* The newest snapshot on the current snapshot's ancestry (current, parent, ...)
 * whose summary has `key` — e.g. "floe.lsn" even after another engine committed
 * a compaction on top. NULL when none has it. */
const struct floe_snapshot *floe_table_last_with_summary(const struct floe_table *t, const char *key);

/* Reads a snapshot's manifest list and manifests (entries with inherited
 * sequence numbers) into arena `a`. Used by scans and truncate. */
struct floe_snapshot_files {
	struct floe_manifest_list list;
	struct floe_manifest *manifests;   /* one per list.files[i] */
};
int floe_table_read_snapshot_files(struct floe_storage *st, const struct floe_snapshot *snap, struct floe_arena *a,
				   struct floe_snapshot_files *out, struct floe_err *err);

#endif
