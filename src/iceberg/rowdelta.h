/*
 * rowdelta.h — one call from rows to a committed snapshot: the final images go
 * to a data file, the keys to remove go to an equality-delete file keyed on
 * the table's identifier fields, both in ONE snapshot (the deletes see only
 * older data, so a key may be deleted and re-inserted in the same batch).
 * TRUNCATE drops everything before the batch's rows. Files of a failed commit
 * are deleted unless the outcome is unknown. The caller dedupes keys.
 */
#ifndef FLOE_ICEBERG_ROWDELTA_H
#define FLOE_ICEBERG_ROWDELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/value.h"
#include "iceberg/table.h"
#include "parquet/writer.h"

struct floe_row_batch {
	bool truncate;
	const struct floe_value *rows;        /* n_rows rows of every schema column, schema order */
	size_t n_rows;
	const struct floe_value *delete_keys; /* n_delete_keys rows of the identifier columns, in
					       * identifier-field-ids order */
	size_t n_delete_keys;
	const struct floe_kv *summary;        /* floe.lsn, floe.slot, floe.system-id, ... */
	size_t n_summary;
};

int floe_table_write_rows(struct floe_table *t, const struct floe_row_batch *b, const struct floe_pq_options *opt,
			  int64_t *snapshot_id, struct floe_err *err);

#endif
