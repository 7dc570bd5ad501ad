/*
 * datawriter.h — rows of struct floe_value → one Iceberg data file or delete
 * file (Parquet) in table storage, described as a struct floe_data_file.
 *
 * Data files carry every column of the schema; equality-delete files only the
 * equality columns (in equality-id order, with the table's field ids);
 * position-delete files the reserved file_path/pos columns. Every file gets the
 * `iceberg.schema` footer key (the JSON of the columns it holds). The file
 * becomes visible only at finish (storage put semantics); free without finish
 * discards it. Committing the file is table.h's job.
 */
#ifndef FLOE_ICEBERG_DATAWRITER_H
#define FLOE_ICEBERG_DATAWRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "iceberg/datafile.h"
#include "iceberg/schema.h"
#include "parquet/writer.h"
#include "storage/storage.h"

#define FLOE_POS_DELETE_FILE_PATH_ID 2147483546
#define FLOE_POS_DELETE_POS_ID 2147483545

struct floe_data_writer;

/* A fresh file URI: <location>/data/<uuid>.parquet (deletes: <uuid>-eq-del / -pos-del). malloc'd. */
int floe_data_file_uri(const char *location, enum floe_content content, char **out, struct floe_err *err);

/* Opens `uri` for writing. equality_ids: content 2 only (each a top-level column of
 * the schema). opt may be NULL (zstd defaults). */
int floe_data_writer_new(struct floe_data_writer **out, struct floe_storage *st, const char *uri,
			 const struct floe_schema *schema, enum floe_content content, const int *equality_ids,
			 size_t n_equality_ids, const struct floe_pq_options *opt, struct floe_err *err);
/* The columns a row must have, in order (data: the schema; equality: the key columns). */
const struct floe_field *floe_data_writer_fields(const struct floe_data_writer *w, size_t *n);
/* One row: values of floe_data_writer_fields() in order. */
int floe_data_writer_write(struct floe_data_writer *w, const struct floe_value *row, struct floe_err *err);
int64_t floe_data_writer_rows(const struct floe_data_writer *w);
uint64_t floe_data_writer_estimated_size(const struct floe_data_writer *w);
/* Finishes the Parquet file, makes it durable and fills `out` (memory from `a`). */
int floe_data_writer_finish(struct floe_data_writer *w, struct floe_arena *a, struct floe_data_file *out,
			    struct floe_err *err);
/* Frees; an unfinished file is discarded. */
void floe_data_writer_free(struct floe_data_writer *w);

#endif
