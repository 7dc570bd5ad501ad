/*
 * scan.h — the live rows of an Iceberg snapshot: plan its data and delete
 * files from the manifests, apply equality and position deletes by the
 * sequence-number rules (deletes.h), and hand every surviving row to a
 * callback, projected onto the table's current schema (columns missing from
 * an older file read as NULL). A key lookup variant returns only rows whose
 * identifier columns equal one of the given keys, skipping data files whose
 * bounds exclude every key. Reads only; works on any v2 table floe can type.
 */
#ifndef FLOE_ICEBERG_SCAN_H
#define FLOE_ICEBERG_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/value.h"
#include "iceberg/metadata.h"
#include "storage/storage.h"

/* row[i] is the value of schema->fields[i]; valid only during the call. Return -1 to stop. */
typedef int (*floe_scan_cb)(void *arg, const struct floe_schema *schema, const struct floe_value *row,
			    struct floe_err *err);

struct floe_scan_stats {
	int64_t data_files;          /* live data files planned */
	int64_t data_files_skipped;  /* pruned by key bounds */
	int64_t delete_files;
	int64_t delete_files_skipped; /* equality deletes pruned by key bounds (lookups) */
	int64_t rows_read;
	int64_t rows_deleted;
	int64_t rows_returned;
};

/* snap == NULL: an empty table (no rows). stats may be NULL. */
int floe_scan(struct floe_storage *st, const struct floe_table_metadata *md, const struct floe_snapshot *snap,
	      floe_scan_cb cb, void *arg, struct floe_scan_stats *stats, struct floe_err *err);

/* Rows whose identifier columns (schema identifier-field-ids order) equal one of
 * keys[k * n_id .. k * n_id + n_id). */
int floe_scan_lookup(struct floe_storage *st, const struct floe_table_metadata *md, const struct floe_snapshot *snap,
		     const struct floe_value *keys, size_t n_keys, floe_scan_cb cb, void *arg,
		     struct floe_scan_stats *stats, struct floe_err *err);

/* Iceberg single-value (bound) serialization of a primitive value, and back
 * (spec Appendix D). Decoding checks the length for the type. */
int floe_bound_encode(const struct floe_type *t, const struct floe_value *v, struct floe_buf *out,
		      struct floe_err *err);
int floe_bound_decode(const struct floe_type *t, const uint8_t *p, uint32_t len, struct floe_value *out,
		      struct floe_err *err);
/* Orders two non-null values of a primitive type as Iceberg bounds do (strings
 * and binary bytewise unsigned, uuid bytewise, numbers numerically). */
int floe_value_compare(const struct floe_type *t, const struct floe_value *a, const struct floe_value *b);

#endif
