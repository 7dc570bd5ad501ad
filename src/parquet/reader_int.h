/*
 * reader_int.h — internals shared by the reader's files (not a public API):
 * the open-file struct and chunk loading (reader.c, used by cursor.c), footer
 * and page-header parsing (meta_read.c) and the schema → Iceberg mapping
 * (schema_read.c). Metadata allocates from the reader's arena.
 */
#ifndef FLOE_PARQUET_READER_INT_H
#define FLOE_PARQUET_READER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/rd.h"
#include "parquet/page_dec.h"
#include "parquet/reader.h"

/* An open file (reader.c); cursor.c reads through it. */
struct floe_pq_reader {
	char *name;
	struct floe_pq_source src;
	const uint8_t *mem;          /* whole file when opened from memory */
	uint8_t *footer;
	struct floe_arena arena;     /* metadata */
	struct floe_pq_meta meta;
	uint64_t data_end;           /* first byte of the footer */
};

enum floe_pq_page_type {
	FLOE_PQP_DATA = 0,
	FLOE_PQP_INDEX = 1,
	FLOE_PQP_DICTIONARY = 2,
	FLOE_PQP_DATA_V2 = 3
};

struct floe_pq_page_header {
	int type;
	int32_t uncompressed_size;
	int32_t compressed_size;
	bool has_data, has_dict, has_v2;
	/* v1 and v2 */
	int32_t num_values;
	int encoding;
	/* v1 */
	int def_encoding, rep_encoding;
	/* v2 */
	int32_t num_nulls, num_rows, def_len, rep_len;
	bool is_compressed;
	/* dictionary */
	int32_t dict_num_values;
	int dict_encoding;
};

/* Parses a PageHeader at the cursor (which advances past it). */
int floe_pq_parse_page_header(struct floe_rd *rd, struct floe_pq_page_header *h, struct floe_err *err);
/* Parses the FileMetaData bytes into m (strings and arrays in a, stats borrow p). */
int floe_pq_parse_footer(const uint8_t *p, size_t len, struct floe_pq_meta *m, struct floe_arena *a,
			 struct floe_err *err);
/* Builds the tree, leaf columns with levels, and the Iceberg fields from m->nodes. */
int floe_pq_schema_build(struct floe_pq_meta *m, struct floe_arena *a, struct floe_err *err);

/* The value decoder's view of a field's leaf column. */
void floe_pq_colinfo_of(const struct floe_pq_field *f, const struct floe_pq_column *c, struct floe_pq_colinfo *ci);
/* Reads (or, for memory files, borrows at *p) a column chunk after checking its
 * range; *buf is malloc'd (NULL for memory files) and the caller frees it. */
int floe_pq_load_chunk(struct floe_pq_reader *r, const struct floe_pq_chunk *ch, uint8_t **buf, const uint8_t **p,
		       uint64_t *off, size_t *len, struct floe_err *err);

#endif
