/*
 * metadata.h — Iceberg table metadata (format v2) as a C model, read from and
 * written to the metadata JSON file (spec "Table Metadata").
 *
 * Everything a metadata object points at lives in its own arena (strings,
 * arrays) or in its schemas; floe_metadata_release() frees it all. Changes
 * (a new snapshot) build a new object from an old one, so the old one stays
 * valid for a retry. Keys floe does not model (sort-orders, statistics, ...)
 * are carried through unchanged. No I/O: see table.h for files and catalogs.
 */
#ifndef FLOE_ICEBERG_METADATA_H
#define FLOE_ICEBERG_METADATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "iceberg/schema.h"

struct floe_kv {
	const char *key;
	const char *value;
};

struct floe_partition_field {
	int source_id;
	int field_id;
	const char *name;
	const char *transform;
};

struct floe_partition_spec {
	int spec_id;
	struct floe_partition_field *fields;
	size_t n_fields;
};

struct floe_snapshot {
	int64_t snapshot_id;
	bool has_parent;
	int64_t parent_id;
	int64_t sequence_number;
	int64_t timestamp_ms;
	const char *manifest_list;
	const char *operation;       /* summary "operation" */
	struct floe_kv *summary;     /* the other summary entries, in file order */
	size_t n_summary;
	bool has_schema_id;
	int schema_id;
};

struct floe_ref {
	const char *name;
	int64_t snapshot_id;
	const char *type;            /* "branch" | "tag" */
	json_t *extra;               /* other keys (retention), or NULL */
};

struct floe_log_entry {
	int64_t timestamp_ms;
	int64_t snapshot_id;         /* snapshot-log */
	const char *file;            /* metadata-log */
};

struct floe_table_metadata {
	struct floe_arena arena;
	int format_version;
	char table_uuid[37];
	const char *location;
	int64_t last_sequence_number;
	int64_t last_updated_ms;
	int last_column_id;
	struct floe_schema *schemas;
	size_t n_schemas;
	int current_schema_id;
	struct floe_partition_spec *specs;
	size_t n_specs;
	int default_spec_id;
	int last_partition_id;
	json_t *sort_orders;         /* array, carried as is */
	int default_sort_order_id;
	struct floe_kv *properties;
	size_t n_properties;
	int64_t current_snapshot_id; /* -1 = none */
	struct floe_ref *refs;
	size_t n_refs;
	struct floe_snapshot *snapshots;
	size_t n_snapshots;
	struct floe_log_entry *snapshot_log;
	size_t n_snapshot_log;
	struct floe_log_entry *metadata_log;
	size_t n_metadata_log;
	json_t *extra;               /* unmodelled top-level keys, or NULL */
};

/* A new table: format v2, fresh uuid, unpartitioned, unsorted, no snapshots.
 * `location` is the table's base URI (no trailing '/'); props are copied. */
int floe_metadata_new(struct floe_table_metadata *md, const char *location, const struct floe_schema *schema,
		      const struct floe_kv *props, size_t n_props, struct floe_err *err);
/* Parses and validates a metadata JSON document. */
int floe_metadata_parse(struct floe_table_metadata *md, const char *text, size_t len, struct floe_err *err);
int floe_metadata_write(const struct floe_table_metadata *md, struct floe_buf *out, struct floe_err *err);
void floe_metadata_release(struct floe_table_metadata *md);
/* Checks the cross-field rules readers enforce (see reference §4.1/§6). */
int floe_metadata_validate(const struct floe_table_metadata *md, struct floe_err *err);

const struct floe_schema *floe_metadata_schema(const struct floe_table_metadata *md, int schema_id);
const struct floe_schema *floe_metadata_current_schema(const struct floe_table_metadata *md);
const struct floe_snapshot *floe_metadata_snapshot(const struct floe_table_metadata *md, int64_t id);
const struct floe_snapshot *floe_metadata_current_snapshot(const struct floe_table_metadata *md);
/* The snapshot that was current at ts_ms (per snapshot-log), or NULL if none was. */
const struct floe_snapshot *floe_metadata_snapshot_as_of(const struct floe_table_metadata *md, int64_t ts_ms);
const char *floe_metadata_property(const struct floe_table_metadata *md, const char *key);
const char *floe_snapshot_summary(const struct floe_snapshot *s, const char *key);

/* Builds `out` = `base` plus a new snapshot made current on main: assigns
 * sequence-number = base.last-sequence-number + 1, parent = base's current
 * snapshot, updates last-sequence-number, last-updated-ms (never backwards),
 * snapshot-log, and appends `base_location` (the file base was read from) to the
 * metadata-log, capped by write.metadata.previous-versions-max (default 100).
 * `snap` supplies id, timestamp, manifest list, operation and summary; its
 * sequence number and parent are ignored. */
int floe_metadata_add_snapshot(struct floe_table_metadata *out, const struct floe_table_metadata *base,
			       const char *base_location, const struct floe_snapshot *snap, struct floe_err *err);
/* Builds `out` = `base` without the listed snapshots (and their snapshot-log entries);
 * refs must not point at them. last-updated-ms moves to now (never backwards) and
 * base_location joins the metadata-log as in add_snapshot. */
int floe_metadata_remove_snapshots(struct floe_table_metadata *out, const struct floe_table_metadata *base,
				   const char *base_location, const int64_t *ids, size_t n_ids, struct floe_err *err);
/* Builds `out` = `base` with the properties in `set` added or replaced and the keys in
 * `remove` dropped (Iceberg's set-properties and remove-properties updates);
 * last-updated-ms moves to now and base_location joins the metadata-log. */
int floe_metadata_set_properties(struct floe_table_metadata *out, const struct floe_table_metadata *base,
				 const char *base_location, const struct floe_kv *set, size_t n_set,
				 const char *const *remove, size_t n_remove, struct floe_err *err);
/* Drops the properties named in `keys` from `md` in place (no allocation). */
void floe_metadata_drop_properties(struct floe_table_metadata *md, const char *const *keys, size_t n_keys);
/* Deep copy (a metadata log entry for base_location is appended when not NULL). */
int floe_metadata_copy(struct floe_table_metadata *out, const struct floe_table_metadata *base,
		       const char *base_location, struct floe_err *err);

/* Metadata file naming: <location>/metadata/<NNNNN>-<uuid>.metadata.json. Returns the
 * version parsed from a metadata file name, or -1 when the name has another form. */
int floe_metadata_file_version(const char *path);

/* Random RFC 4122 version-4 UUID text (36 chars + NUL). */
int floe_uuid4(char out[37], struct floe_err *err);
/* A new random positive snapshot id below 2^53 (exact in JSON readers that use doubles). */
int floe_new_snapshot_id(int64_t *id, struct floe_err *err);

#endif
