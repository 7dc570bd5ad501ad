/*
 * reader.h — the Parquet file reader: footer, schema, statistics and values.
 *
 * A file is opened through a byte-range source (size + read(offset, len)), so
 * the same code reads local files, memory and, later, S3 range GETs. Opening
 * reads and decodes the footer: schema tree (names, field ids, repetition,
 * physical and logical types), the Iceberg view of each top-level column
 * (struct floe_field), key-value metadata and row groups with their column
 * chunk metadata and statistics. Values are read per (row group, top-level
 * column) through a cursor that holds one column chunk and one page at a time;
 * it yields struct floe_value in Iceberg's representation (see core/value.h),
 * with bytes and list items allocated in the caller's arena.
 *
 * Supported: PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, RLE (levels, booleans),
 * legacy BIT_PACKED levels, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
 * DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT; v1 and v2 data pages; the codecs of
 * parquet/compress.h. Not supported (clear errors): encryption, structs, maps,
 * nested lists, external column chunks (file_path). Corrupt input gives an
 * error naming the file and the offset, never a crash; every allocation is
 * capped by the file size or a fixed limit.
 */
#ifndef FLOE_PARQUET_READER_H
#define FLOE_PARQUET_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"

/* Physical types (parquet.thrift Type). */
enum floe_pq_type {
	FLOE_PQ_BOOLEAN = 0,
	FLOE_PQ_INT32 = 1,
	FLOE_PQ_INT64 = 2,
	FLOE_PQ_INT96 = 3,
	FLOE_PQ_FLOAT = 4,
	FLOE_PQ_DOUBLE = 5,
	FLOE_PQ_BYTE_ARRAY = 6,
	FLOE_PQ_FLBA = 7
};

/* LogicalType union member ids (parquet.thrift); FLOE_PQL_NONE when absent. */
enum floe_pq_logical {
	FLOE_PQL_NONE = 0,
	FLOE_PQL_STRING = 1,
	FLOE_PQL_MAP = 2,
	FLOE_PQL_LIST = 3,
	FLOE_PQL_ENUM = 4,
	FLOE_PQL_DECIMAL = 5,
	FLOE_PQL_DATE = 6,
	FLOE_PQL_TIME = 7,
	FLOE_PQL_TIMESTAMP = 8,
	FLOE_PQL_INTEGER = 10,
	FLOE_PQL_UNKNOWN = 11,
	FLOE_PQL_JSON = 12,
	FLOE_PQL_BSON = 13,
	FLOE_PQL_UUID = 14,
	FLOE_PQL_FLOAT16 = 15,
	FLOE_PQL_VARIANT = 16,
	FLOE_PQL_GEOMETRY = 17,
	FLOE_PQL_GEOGRAPHY = 18
};

enum floe_pq_unit { FLOE_PQ_MILLIS = 1, FLOE_PQ_MICROS = 2, FLOE_PQ_NANOS = 3 };

/* A byte-range source. read() fills exactly len bytes at offset or fails. */
struct floe_pq_source {
	void *ctx;
	uint64_t size;
	int (*read)(void *ctx, uint64_t offset, void *dst, size_t len, struct floe_err *err);
	void (*close)(void *ctx); /* may be NULL */
};

/* One schema element (depth-first, the root is node 0). */
struct floe_pq_node {
	const char *name;
	int parent;              /* -1 for the root */
	int num_children;
	int *children;           /* node indices */
	int repetition;          /* 0 required, 1 optional, 2 repeated; -1 unset (root) */
	int type;                /* enum floe_pq_type; -1 for groups */
	int type_length;         /* FLBA width, else 0 */
	int converted_type;      /* ConvertedType id, -1 when absent */
	int scale, precision;    /* SchemaElement scale/precision, -1 when absent */
	bool has_field_id;
	int32_t field_id;
	int logical;             /* enum floe_pq_logical */
	int lt_scale, lt_precision;   /* DECIMAL */
	bool lt_utc;             /* TIME, TIMESTAMP: isAdjustedToUTC */
	int lt_unit;             /* TIME, TIMESTAMP: enum floe_pq_unit */
	int lt_bit_width;        /* INTEGER */
	bool lt_signed;          /* INTEGER */
	int leaf;                /* leaf column index, -1 for groups */
};

/* Column statistics; min/max borrow the footer (valid while the reader is open).
 * min_value/max_value are preferred; when only the deprecated min/max exist,
 * `legacy` is set: those are signed-order and only trustworthy for numeric
 * columns, not strings/binary. Float bounds may be NaN or exclude NaN rows;
 * pruning must not trust them blindly (parquet.md §8). */
struct floe_pq_stats {
	bool present;
	bool has_min, has_max;
	bool legacy;             /* min/max came from the deprecated fields 1/2 */
	const uint8_t *min, *max;
	uint32_t min_len, max_len;
	int64_t null_count;      /* -1 = unknown */
	int64_t distinct_count;  /* -1 = unknown */
	int64_t nan_count;       /* -1 = unknown */
	int min_exact, max_exact; /* 1, 0, or -1 = unknown */
};

struct floe_pq_chunk {
	int type;                /* physical type as the chunk states it */
	int codec;               /* enum floe_codec */
	int *encodings;
	int n_encodings;
	const char *path;        /* path_in_schema joined with '.' */
	int64_t num_values;      /* level entries */
	int64_t total_uncompressed_size;
	int64_t total_compressed_size;
	int64_t data_page_offset;
	int64_t dictionary_page_offset; /* -1 when absent (0 is treated as absent) */
	int64_t index_page_offset;      /* -1 when absent */
	const char *file_path;   /* external chunk (unsupported), NULL normally */
	struct floe_pq_stats stats;
};

struct floe_pq_row_group {
	int64_t num_rows;
	int64_t total_byte_size;
	int64_t total_compressed_size; /* -1 when absent */
	int64_t file_offset;           /* -1 when absent */
	int ordinal;                   /* -1 when absent */
	struct floe_pq_chunk *chunks;  /* one per leaf column */
};

/* A leaf column. */
struct floe_pq_column {
	int node;
	const char *path;        /* dotted path below the root */
	int max_def, max_rep;
	int type, type_length;
	int field;               /* top-level field it belongs to */
	int column_order;        /* 0 absent/unknown, 1 TYPE_ORDER, 2 IEEE_754_TOTAL_ORDER */
};

/* How a leaf's physical values become Iceberg values. */
enum floe_pq_conv {
	FLOE_PQC_NONE = 0,      /* bool, int, long, float, double, date, time/timestamp micros */
	FLOE_PQC_BYTES,         /* string, binary, fixed, uuid */
	FLOE_PQC_U32_LONG,      /* UINT_32 in INT32 → long */
	FLOE_PQC_U64_DEC,       /* UINT_64 in INT64 → decimal(20,0) */
	FLOE_PQC_MILLIS,        /* ×1000 (TIME millis INT32, TIMESTAMP millis) */
	FLOE_PQC_NANOS,         /* ÷1000, exact or an error */
	FLOE_PQC_INT96,         /* INT96 timestamp → µs, exact or an error */
	FLOE_PQC_DEC32,         /* decimal in INT32 */
	FLOE_PQC_DEC64,         /* decimal in INT64 */
	FLOE_PQC_DECBYTES,      /* decimal in BYTE_ARRAY / FLBA, big-endian two's complement */
	FLOE_PQC_FLOAT16        /* FLBA(2) half → float */
};

/* A top-level column as Iceberg sees it. */
struct floe_pq_field {
	struct floe_field f;     /* id (-1 without a field id), name, required, type */
	int node;
	int leaf;                /* its leaf column; -1 when unsupported */
	const char *unsupported; /* NULL, or why its values cannot be read */
	enum floe_pq_conv conv;  /* for the leaf (the list element for lists) */
	int list_def;            /* lists: def level of an empty list (below: null list) */
	int elem_def;            /* lists: def level from which an element exists */
};

/* Same definition and guard as in parquet/writer.h, so both can be included. */
#ifndef FLOE_PQ_KV_DEFINED
#define FLOE_PQ_KV_DEFINED
struct floe_pq_kv {
	const char *key;
	const char *value;       /* NULL when unset; NUL-terminated */
	uint32_t value_len;
};
#endif

struct floe_pq_meta {
	int version;
	int64_t num_rows;
	const char *created_by;  /* NULL when absent */
	struct floe_pq_kv *kv;
	size_t n_kv;
	struct floe_pq_node *nodes;
	size_t n_nodes;
	struct floe_pq_column *columns;
	size_t n_columns;
	struct floe_pq_field *fields;
	size_t n_fields;
	struct floe_pq_row_group *row_groups;
	size_t n_row_groups;
	uint64_t file_size;
	uint32_t footer_len;
};

struct floe_pq_reader;
struct floe_pq_cursor;

/* Opens through `src` (taken over: closed by floe_pq_close, or on failure).
 * `name` is used in every error message. */
int floe_pq_open(struct floe_pq_reader **out, const char *name, const struct floe_pq_source *src,
		 struct floe_err *err);
int floe_pq_open_file(struct floe_pq_reader **out, const char *path, struct floe_err *err);
/* Borrows p[0..len) for the reader's lifetime. */
int floe_pq_open_mem(struct floe_pq_reader **out, const char *name, const void *p, size_t len,
		     struct floe_err *err);
void floe_pq_close(struct floe_pq_reader *r);

const struct floe_pq_meta *floe_pq_meta(const struct floe_pq_reader *r);
const char *floe_pq_name(const struct floe_pq_reader *r);
/* Top-level field index by Iceberg field id / by name; -1 when absent. */
int floe_pq_field_by_id(const struct floe_pq_reader *r, int field_id);
int floe_pq_field_by_name(const struct floe_pq_reader *r, const char *name);

/*
 * A cursor over one top-level field of one row group. floe_pq_cursor_read fills
 * out[0..*n) with the next rows (at most max; *n == 0 at the end, after exactly
 * the row group's num_rows rows). Bytes and list items are allocated in `arena`.
 * A field that is unsupported fails at open with its reason.
 */
int floe_pq_cursor_open(struct floe_pq_reader *r, size_t row_group, size_t field,
			struct floe_pq_cursor **out, struct floe_err *err);
int floe_pq_cursor_read(struct floe_pq_cursor *c, struct floe_value *out, size_t max, size_t *n,
			struct floe_arena *arena, struct floe_err *err);
void floe_pq_cursor_free(struct floe_pq_cursor *c);

/* Reads all num_rows values of a field in a row group (out has room for num_rows). */
int floe_pq_read_column(struct floe_pq_reader *r, size_t row_group, size_t field, struct floe_value *out,
			struct floe_arena *arena, struct floe_err *err);

/*
 * Decodes a statistics bound (PLAIN without a length prefix) of leaf column
 * `column` to an Iceberg value of its field's (element) type. Fails for
 * unsupported fields or a malformed bound.
 */
int floe_pq_stat_value(const struct floe_pq_reader *r, size_t column, const uint8_t *p, uint32_t len,
		       struct floe_value *out, struct floe_arena *arena, struct floe_err *err);

/* One page header of a column chunk, as floe_pq_chunk_pages reports it. */
struct floe_pq_page_info {
	uint64_t offset;          /* file offset of the page header */
	int type;                 /* 0 DATA_PAGE, 1 INDEX_PAGE, 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2 */
	int encoding;             /* value encoding (data and dictionary pages), else -1 */
	int32_t num_values;       /* level entries (data pages) or entries (dictionary), else -1 */
	int32_t num_nulls;        /* v2 only, else -1 */
	int32_t num_rows;         /* v2 only, else -1 */
	int32_t compressed_size, uncompressed_size;
	bool is_compressed;       /* v2: the values section is compressed */
};

/* Walks the page headers of leaf column `column` in a row group (reading the
 * chunk, decoding no values) and calls cb for each; cb returns 0 to go on. */
int floe_pq_chunk_pages(struct floe_pq_reader *r, size_t row_group, size_t column,
			int (*cb)(void *ctx, const struct floe_pq_page_info *page), void *ctx, struct floe_err *err);

/* Names for dumps: "INT32", "RLE_DICTIONARY", "DATA_PAGE_V2", "UTF8", "OPTIONAL". */
const char *floe_pq_type_name(int type);
const char *floe_pq_encoding_name(int enc);
const char *floe_pq_converted_name(int ct);
const char *floe_pq_repetition_name(int rep);
const char *floe_pq_page_type_name(int type);

#endif
