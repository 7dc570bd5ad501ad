/*
 * container.h — Avro object container files (Avro 1.11 spec, "Object
 * Container Files"): magic "Obj\x01", a metadata map (avro.schema,
 * avro.codec and the caller's keys), a 16-byte sync marker, then blocks of
 * (object count, byte size, data, sync).
 *
 * The writer streams blocks into a struct floe_sink; the caller encodes each
 * object into the writer's block buffer with binary.h. Codecs: "null" and
 * "deflate" (raw RFC 1951, zlib); the reader also takes "snappy" (with its
 * CRC-32 trailer checked) and "zstandard". The reader works on a file held in
 * memory, checks every size against the bytes left, decompresses with a size
 * cap, and decodes objects generically (value.h). No schema resolution.
 */
#ifndef FLOE_AVRO_CONTAINER_H
#define FLOE_AVRO_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "avro/schema.h"
#include "avro/value.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/sink.h"

/* The writer does null and deflate; the reader also snappy and zstandard
 * (other writers may use them for manifests). */
enum floe_avro_codec { FLOE_AVRO_CODEC_NULL, FLOE_AVRO_CODEC_DEFLATE, FLOE_AVRO_CODEC_SNAPPY, FLOE_AVRO_CODEC_ZSTD };

#define FLOE_AVRO_SYNC_LEN 16
/* The writer closes a block once its encoded objects pass this size. */
#define FLOE_AVRO_BLOCK_TARGET (64 * 1024)
/* The reader refuses a block that inflates to more than this. */
#define FLOE_AVRO_MAX_BLOCK (256u * 1024 * 1024)

struct floe_avro_meta {
	const char *key;
	const char *value;                /* written as bytes without the NUL */
};

struct floe_avro_writer {
	struct floe_sink *sink;
	enum floe_avro_codec codec;
	uint8_t sync[FLOE_AVRO_SYNC_LEN];
	struct floe_buf block;            /* encoded objects of the open block */
	struct floe_buf out;              /* scratch: block header + (compressed) data */
	struct floe_buf z;                /* scratch: deflated block */
	int64_t count;                    /* objects in the open block */
	uint64_t bytes;                   /* bytes this writer gave the sink */
	size_t block_target;
};

/*
 * Writes the header: magic, metadata (avro.schema = schema_json verbatim,
 * avro.codec, then `meta` in order) and the sync marker (`sync` 16 bytes, or
 * NULL for random bytes). Does not validate schema_json.
 */
int floe_avro_writer_begin(struct floe_avro_writer *w, struct floe_sink *sink, const char *schema_json,
			   const struct floe_avro_meta *meta, size_t n_meta, enum floe_avro_codec codec,
			   const uint8_t *sync, struct floe_err *err);
/* The buffer to append exactly one encoded object to, then call end_object. */
static inline struct floe_buf *floe_avro_writer_object(struct floe_avro_writer *w)
{
	return &w->block;
}
/* Counts the object just appended; writes the block when it is big enough. */
int floe_avro_writer_end_object(struct floe_avro_writer *w, struct floe_err *err);
/* Writes the open block (if it holds objects). */
int floe_avro_writer_flush(struct floe_avro_writer *w, struct floe_err *err);
/* Flushes; the sink's own finish is the caller's. */
int floe_avro_writer_finish(struct floe_avro_writer *w, struct floe_err *err);
void floe_avro_writer_release(struct floe_avro_writer *w);

struct floe_avro_reader {
	const uint8_t *file;
	size_t len;
	size_t pos;                       /* file offset of the next block */
	const struct floe_avro_schema *schema;
	enum floe_avro_codec codec;
	uint8_t sync[FLOE_AVRO_SYNC_LEN];
	struct floe_avro_kv *meta;        /* header metadata; keys and values borrow `file` */
	size_t n_meta;
	struct floe_buf inflated;         /* the current block, inflated */
	struct floe_rd block;             /* the current block's objects */
	size_t block_at;                  /* file offset of the current block's data */
	uint64_t left;                    /* objects left in the current block */
	uint64_t empty_budget;            /* see floe_avro_decode_budget */
	size_t max_block;
};

/*
 * Parses the header of the file in p[0..len) (borrowed until release): magic,
 * metadata, schema (allocated in `a`), codec, sync marker.
 */
int floe_avro_reader_open(struct floe_avro_reader *r, const void *p, size_t len, struct floe_arena *a,
			  struct floe_err *err);
/* The metadata value for key, or NULL; *len gets its length. */
const uint8_t *floe_avro_reader_meta(const struct floe_avro_reader *r, const char *key, size_t *len);
/* The same copied NUL-terminated into `a`; NULL when absent (or out of memory). */
char *floe_avro_reader_meta_str(const struct floe_avro_reader *r, const char *key, struct floe_arena *a);
/*
 * Decodes the next object into `out` (nodes in `a`; bytes borrow the file or
 * the inflated block, valid until the next call). Returns 1 for an object,
 * 0 at the end of the file, -1 with the file offset in err.
 */
int floe_avro_reader_next(struct floe_avro_reader *r, struct floe_arena *a, struct floe_avro_value *out,
			  struct floe_err *err);
void floe_avro_reader_release(struct floe_avro_reader *r);

#endif
