/*
 * datafile.h — Iceberg's data_file / manifest_entry / manifest_file records
 * (spec: "Manifests" and "Manifest Lists", format v2), as plain C structs.
 *
 * Shared by the manifest codec (Avro) and the table layer. Memory: every
 * pointer is owned by whoever built the record (usually a table or commit
 * arena). Only unpartitioned specs carry data today: `partition` is empty.
 * Nothing here does I/O.
 */
#ifndef FLOE_ICEBERG_DATAFILE_H
#define FLOE_ICEBERG_DATAFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum floe_content { FLOE_CONTENT_DATA = 0, FLOE_CONTENT_POSITION_DELETES = 1, FLOE_CONTENT_EQUALITY_DELETES = 2 };
enum floe_entry_status { FLOE_ENTRY_EXISTING = 0, FLOE_ENTRY_ADDED = 1, FLOE_ENTRY_DELETED = 2 };

/* One per-column metric: the map entries of column_sizes, value_counts, ... */
struct floe_col_metric {
	int field_id;
	int64_t column_size;      /* -1 = absent */
	int64_t value_count;      /* -1 = absent */
	int64_t null_count;       /* -1 = absent */
	int64_t nan_count;        /* -1 = absent (only floats/doubles have it) */
	const uint8_t *lower;     /* Iceberg single-value serialization; NULL = absent */
	uint32_t lower_len;
	const uint8_t *upper;
	uint32_t upper_len;
};

struct floe_data_file {
	enum floe_content content;
	const char *file_path;           /* absolute URI, e.g. file:///... */
	const char *file_format;         /* "PARQUET" */
	int64_t record_count;
	int64_t file_size_in_bytes;
	struct floe_col_metric *metrics; /* one per leaf column that has any metric */
	size_t n_metrics;
	int64_t *split_offsets;          /* row-group offsets, may be NULL */
	size_t n_split_offsets;
	int *equality_ids;               /* equality deletes only */
	size_t n_equality_ids;
	int sort_order_id;               /* -1 = absent */
	const char *referenced_data_file;/* position deletes / DVs only; NULL = absent */
};

struct floe_manifest_entry {
	enum floe_entry_status status;
	bool has_snapshot_id;
	int64_t snapshot_id;
	bool has_sequence_number;        /* false for ADDED entries: inherited */
	int64_t sequence_number;         /* data sequence number */
	bool has_file_sequence_number;
	int64_t file_sequence_number;
	struct floe_data_file file;
};

/* One partition field's summary in a manifest list entry (field_summary, 508). */
struct floe_field_summary {
	bool contains_null;
	int contains_nan;                /* -1 = absent (null), 0 = false, 1 = true */
	const uint8_t *lower;            /* NULL = absent */
	uint32_t lower_len;
	const uint8_t *upper;            /* NULL = absent */
	uint32_t upper_len;
};

struct floe_manifest_file {
	const char *manifest_path;
	int64_t manifest_length;
	int partition_spec_id;
	int content;                     /* 0 data, 1 deletes */
	int64_t sequence_number;
	int64_t min_sequence_number;
	int64_t added_snapshot_id;
	int32_t added_files_count;
	int32_t existing_files_count;
	int32_t deleted_files_count;
	int64_t added_rows_count;
	int64_t existing_rows_count;
	int64_t deleted_rows_count;
	/* partitions (507): one summary per partition field; n_partitions = 0 for
	 * unpartitioned specs (written as an empty list). */
	struct floe_field_summary *partitions;
	size_t n_partitions;
};

#endif
