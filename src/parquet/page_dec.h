/*
 * page_dec.h — value decoders for the value section of Parquet data pages and
 * dictionary pages, with the conversion from physical to Iceberg values.
 *
 * Encodings: PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY (indices into a decoded
 * dictionary), RLE booleans, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
 * DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT. A decoder streams over borrowed bytes
 * and writes converted struct floe_value; byte values are copied into the
 * caller's arena. Levels and page headers are the reader's job, not this file's.
 */
#ifndef FLOE_PARQUET_PAGE_DEC_H
#define FLOE_PARQUET_PAGE_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "parquet/reader.h"
#include "parquet/rle_dec.h"

/* Encoding ids (parquet.thrift Encoding). */
enum floe_pq_encoding {
	FLOE_PQE_PLAIN = 0,
	FLOE_PQE_PLAIN_DICTIONARY = 2,
	FLOE_PQE_RLE = 3,
	FLOE_PQE_BIT_PACKED = 4,
	FLOE_PQE_DELTA_BINARY_PACKED = 5,
	FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY = 6,
	FLOE_PQE_DELTA_BYTE_ARRAY = 7,
	FLOE_PQE_RLE_DICTIONARY = 8,
	FLOE_PQE_BYTE_STREAM_SPLIT = 9
};

/* What a value decoder needs to know about its column. */
struct floe_pq_colinfo {
	int ptype;                 /* enum floe_pq_type */
	int type_length;           /* FLBA */
	enum floe_pq_conv conv;
	enum floe_type_id out;     /* the Iceberg (element) type */
};

/* DELTA_BINARY_PACKED stream state. */
struct floe_pq_delta {
	const uint8_t *p;
	size_t len, pos;
	uint64_t block_size, mb_count, mb_values, total, emitted;
	uint64_t last, min_delta;
	const uint8_t *widths;     /* of the current block */
	uint64_t mb_index;         /* next miniblock in the block */
	uint64_t mb_left;          /* values left in the current miniblock */
	uint64_t mb_bit;           /* absolute bit of the next packed delta */
	unsigned mb_width;
	bool in_block;
};

struct floe_pq_vdec {
	const struct floe_pq_colinfo *ci;
	int encoding;
	const uint8_t *p;
	size_t len, pos;
	uint64_t bit;                   /* PLAIN booleans */
	struct floe_rle_dec rle;        /* dictionary indices, RLE booleans */
	const struct floe_value *dict;
	uint32_t dict_n;
	struct floe_pq_delta d1, d2;    /* delta streams (values/lengths, prefixes) */
	size_t data_pos;                /* DELTA_*: next byte of concatenated data */
	const uint8_t *prev;            /* DELTA_BYTE_ARRAY: previous value */
	uint32_t prev_len;
	uint64_t made;                  /* DELTA_BYTE_ARRAY: bytes materialised */
	size_t bss_n, bss_i;            /* BYTE_STREAM_SPLIT */
	uint32_t idx[256];              /* dictionary index scratch */
};

/* Sets up a decoder for `len` bytes of values; `max_values` bounds the count any
 * header may claim. dict/dict_n are used by the dictionary encodings. */
int floe_pq_vdec_init(struct floe_pq_vdec *d, const struct floe_pq_colinfo *ci, int encoding,
		      const uint8_t *p, size_t len, uint64_t max_values, const struct floe_value *dict,
		      uint32_t dict_n, struct floe_err *err);
/* Decodes the next n values (all non-null) into out. */
int floe_pq_vdec_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		     struct floe_err *err);

/* Decodes a PLAIN dictionary page body of n entries into arena-allocated values whose
 * bytes borrow p (keep p alive as long as the dictionary). */
int floe_pq_dict_decode(const struct floe_pq_colinfo *ci, const uint8_t *p, size_t len, uint32_t n,
			struct floe_value **out, struct floe_arena *arena, struct floe_err *err);

/* One PLAIN value without the BYTE_ARRAY length prefix (a statistics bound). */
int floe_pq_plain_single(const struct floe_pq_colinfo *ci, const uint8_t *p, size_t len,
			 struct floe_value *out, struct floe_arena *arena, struct floe_err *err);

/* DELTA_BINARY_PACKED on its own (exposed for tests). */
int floe_pq_delta_init(struct floe_pq_delta *d, const uint8_t *p, size_t len, uint64_t max_values,
		       struct floe_err *err);
int floe_pq_delta_next(struct floe_pq_delta *d, uint64_t *v, struct floe_err *err);
/* Skips to the end of the stream; *end = bytes the whole stream occupies. */
int floe_pq_delta_end(const struct floe_pq_delta *d, size_t *end, struct floe_err *err);

#endif
