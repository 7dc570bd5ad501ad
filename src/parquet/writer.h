/*
 * writer.h — streaming Parquet file writer for Iceberg data and delete files.
 *
 * The caller gives a schema (struct floe_field: Iceberg field ids, names,
 * nullability, primitive or list<primitive> types) and appends struct
 * floe_value rows, row by row or as column batches. Pages are encoded (PLAIN or
 * RLE_DICTIONARY with automatic PLAIN fallback, v1 data pages, RLE levels),
 * compressed (zstd default, snappy, none), and buffered per column chunk until
 * the row group's encoded size reaches the limit; then the row group goes to
 * the struct floe_sink in order (never seeking). finish() writes the footer
 * (schema with field ids, statistics, column orders, key-value metadata) and
 * returns the per-field Iceberg metrics. The writer never calls the sink's
 * finish/abort: the sink's owner does. Knows nothing of PostgreSQL or catalogs.
 */
#ifndef FLOE_PARQUET_WRITER_H
#define FLOE_PARQUET_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sink.h"
#include "core/value.h"
#include "parquet/compress.h"

/* Key-value metadata entry. The same definition (and guard) as in parquet/reader.h,
 * so both headers can be included together. The writer ignores value_len: values
 * are NUL-terminated strings (NULL = key without value). */
#ifndef FLOE_PQ_KV_DEFINED
#define FLOE_PQ_KV_DEFINED
struct floe_pq_kv {
	const char *key;
	const char *value;
	uint32_t value_len;
};
#endif

struct floe_pq_options {
	enum floe_codec codec;      /* FLOE_CODEC_ZSTD (default), _SNAPPY, _GZIP, _UNCOMPRESSED */
	int level;                  /* codec level, 0 = the codec's default */
	size_t row_group_bytes;     /* flush a row group at this encoded size; default 128 MiB */
	size_t page_bytes;          /* data page size before compression; default 1 MiB */
	uint32_t page_rows;         /* at most this many rows per page; default 20000 */
	size_t dict_bytes;          /* PLAIN size of a chunk's dictionary before falling back; default 1 MiB */
	bool no_dictionary;         /* always PLAIN */
	const struct floe_pq_kv *kv;/* key-value metadata (e.g. "iceberg.schema"); copied */
	size_t n_kv;
	uint32_t bound_truncate;    /* Iceberg string/binary bound length; default 16 */
};

/* Fills the defaults above. */
void floe_pq_options_default(struct floe_pq_options *o);

/*
 * Iceberg metrics of one leaf column, keyed by field id (for a list column: the
 * element's field id). Counts follow Iceberg Java (ParquetMetrics): value_count
 * = Parquet level entries (values + nulls; for lists one per element, null
 * list or empty list), null_count = entries that are null at any level,
 * nan_count = NaN values of float/double (-1 for other types), column_size =
 * compressed bytes of all its column chunks (page headers included).
 * Bounds are Iceberg single-value serialized (little-endian numbers, UTF-8,
 * big-endian uuid and minimal big-endian decimal), strings truncated to
 * bound_truncate code points and binary to bound_truncate bytes with the upper
 * bound rounded up (omitted when it cannot be), never NaN. Bounds are omitted
 * for list elements and for columns with no non-null (non-NaN) value.
 */
struct floe_pq_metrics {
	int field_id;
	int64_t column_size;
	int64_t value_count;
	int64_t null_count;
	int64_t nan_count;
	const uint8_t *lower;   /* NULL = absent; owned by the writer */
	uint32_t lower_len;
	const uint8_t *upper;
	uint32_t upper_len;
};

struct floe_pq_file_info {
	int64_t num_rows;
	int64_t file_size;                /* every byte written to the sink */
	const struct floe_pq_metrics *metrics; /* one per leaf column, schema order */
	size_t n_metrics;
	const int64_t *split_offsets;     /* row-group start offsets, ascending */
	size_t n_split_offsets;
};

struct floe_pq_writer;

/*
 * Validates the schema (supported types, decimal precision 1..38, fixed length
 * > 0, unique non-empty names) and writes the leading "PAR1". `fields` is
 * copied. `opt` may be NULL (defaults). The sink must outlive the writer.
 */
int floe_pq_writer_new(struct floe_pq_writer **out, const struct floe_field *fields, size_t n_fields,
		       const struct floe_pq_options *opt, struct floe_sink *sink, struct floe_err *err);

/* Appends one row: row[i] is the value of fields[i]. Fails (and poisons the
 * writer) on a NULL in a required field or element, a fixed/uuid value of the
 * wrong length, a decimal that does not fit its precision, or a sink error.
 * The bytes a value points to are copied before the call returns. */
int floe_pq_writer_write_row(struct floe_pq_writer *w, const struct floe_value *row, struct floe_err *err);

/* Appends n_rows rows given column-wise: cols[i][r] is row r of fields[i]. */
int floe_pq_writer_write_columns(struct floe_pq_writer *w, const struct floe_value *const *cols, size_t n_rows,
				 struct floe_err *err);

/* Rows appended so far, and the file size so far plus what is buffered (for rolling files). */
int64_t floe_pq_writer_rows(const struct floe_pq_writer *w);
uint64_t floe_pq_writer_estimated_size(const struct floe_pq_writer *w);

/* Flushes the last row group, writes the footer and fills *info (valid until
 * floe_pq_writer_free). A file with zero rows is valid (no row groups). */
int floe_pq_writer_finish(struct floe_pq_writer *w, struct floe_pq_file_info *info, struct floe_err *err);

/* Frees everything (also after a failure or without finish). NULL is fine. */
void floe_pq_writer_free(struct floe_pq_writer *w);

#endif
