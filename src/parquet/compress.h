/*
 * compress.h — page compression codecs for Parquet (ids = parquet.thrift's CompressionCodec).
 *
 * Compress: UNCOMPRESSED, SNAPPY (raw block), ZSTD (one frame), GZIP (one RFC 1952 member).
 * Decompress: the same four; gzip accepts several concatenated members. Decompression
 * always produces exactly the expected size and fails (with a message naming the codec
 * and the sizes) on corrupt input or any size mismatch. LZ4, LZO and BROTLI are not
 * supported: the error says so. A floe_codec_ctx keeps the zstd contexts between pages.
 */
#ifndef FLOE_PARQUET_COMPRESS_H
#define FLOE_PARQUET_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum floe_codec {
	FLOE_CODEC_UNCOMPRESSED = 0,
	FLOE_CODEC_SNAPPY = 1,
	FLOE_CODEC_GZIP = 2,
	FLOE_CODEC_LZO = 3,
	FLOE_CODEC_BROTLI = 4,
	FLOE_CODEC_LZ4 = 5,
	FLOE_CODEC_ZSTD = 6,
	FLOE_CODEC_LZ4_RAW = 7
};

#define FLOE_ZSTD_DEFAULT_LEVEL 1

/* "uncompressed", "snappy", "gzip", "lzo", "brotli", "lz4", "zstd", "lz4_raw", or "unknown". */
const char *floe_codec_name(int codec);
/* Parses a name (case-insensitive; "none" = uncompressed) of a codec floe can WRITE. */
int floe_codec_parse(const char *name, enum floe_codec *out, struct floe_err *err);
/* Whether floe can decompress the codec id. */
int floe_codec_supported(int codec);

struct floe_codec_ctx {
	enum floe_codec codec;
	int level;      /* zstd level (0 = FLOE_ZSTD_DEFAULT_LEVEL); gzip level (0 = 6) */
	void *zc;       /* ZSTD_CCtx, created lazily */
	void *zd;       /* ZSTD_DCtx, created lazily */
};

void floe_codec_ctx_init(struct floe_codec_ctx *c, enum floe_codec codec, int level);
void floe_codec_ctx_release(struct floe_codec_ctx *c);

/* Compresses src[0..n) with c->codec and APPENDS the result to out. */
int floe_compress(struct floe_codec_ctx *c, const void *src, size_t n, struct floe_buf *out,
		  struct floe_err *err);

/* Decompresses src[0..n) into exactly dst_len bytes at dst (c may be NULL: one-shot
 * contexts). Fails on corrupt input, unsupported codecs, and when the output is not
 * exactly dst_len bytes. */
int floe_decompress(struct floe_codec_ctx *c, int codec, const void *src, size_t n, void *dst,
		    size_t dst_len, struct floe_err *err);

#endif
