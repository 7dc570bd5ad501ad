/*
 * compress.c — Parquet page codecs over libzstd, snappy-c and zlib (see compress.h).
 *
 * Snappy pages are raw Snappy blocks, ZSTD pages one zstd frame, GZIP pages RFC 1952
 * members (zlib windowBits 15+16 to write, 15+32 to read). Every decompression checks
 * the produced size against the size the page header promised.
 */
#include "parquet/compress.h"

#include <limits.h>
#include <snappy-c.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

static const char *const codec_names[] = {"uncompressed", "snappy", "gzip", "lzo",
					  "brotli", "lz4", "zstd", "lz4_raw"};

const char *floe_codec_name(int codec)
{
	if (codec < 0 || codec > FLOE_CODEC_LZ4_RAW)
		return "unknown";
	return codec_names[codec];
}

int floe_codec_parse(const char *name, enum floe_codec *out, struct floe_err *err)
{
	if (!strcasecmp(name, "zstd"))
		*out = FLOE_CODEC_ZSTD;
	else if (!strcasecmp(name, "snappy"))
		*out = FLOE_CODEC_SNAPPY;
	else if (!strcasecmp(name, "gzip"))
		*out = FLOE_CODEC_GZIP;
	else if (!strcasecmp(name, "none") || !strcasecmp(name, "uncompressed"))
		*out = FLOE_CODEC_UNCOMPRESSED;
	else
		return floe_err_set(err, "unknown parquet codec '%s': use zstd, snappy, gzip or none", name);
	return 0;
}

int floe_codec_supported(int codec)
{
	return codec == FLOE_CODEC_UNCOMPRESSED || codec == FLOE_CODEC_SNAPPY || codec == FLOE_CODEC_GZIP ||
	       codec == FLOE_CODEC_ZSTD;
}

void floe_codec_ctx_init(struct floe_codec_ctx *c, enum floe_codec codec, int level)
{
	c->codec = codec;
	c->level = level;
	c->zc = NULL;
	c->zd = NULL;
}

void floe_codec_ctx_release(struct floe_codec_ctx *c)
{
	ZSTD_freeCCtx(c->zc);
	ZSTD_freeDCtx(c->zd);
	c->zc = NULL;
	c->zd = NULL;
}

static int gzip_compress(int level, const void *src, size_t n, struct floe_buf *out, struct floe_err *err)
{
	z_stream zs;
	int rc = -1, zr;
	uLong bound;

	memset(&zs, 0, sizeof(zs));
	if (n > UINT_MAX)
		return floe_err_set(err, "gzip: page of %zu bytes is too large", n);
	if (deflateInit2(&zs, level ? level : 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return floe_err_set(err, "gzip: cannot initialise zlib");
	bound = deflateBound(&zs, (uLong)n) + 32;
	if (!floe_buf_reserve(out, bound)) {
		floe_err_set(err, "gzip: out of memory for %lu bytes", (unsigned long)bound);
		goto out;
	}
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)n;
	zs.next_out = out->data + out->len;
	zs.avail_out = (uInt)bound;
	zr = deflate(&zs, Z_FINISH);
	if (zr != Z_STREAM_END) {
		floe_err_set(err, "gzip: deflate failed (%d)", zr);
		goto out;
	}
	out->len += zs.total_out;
	rc = 0;
out:
	deflateEnd(&zs);
	return rc;
}

int floe_compress(struct floe_codec_ctx *c, const void *src, size_t n, struct floe_buf *out,
		  struct floe_err *err)
{
	switch (c->codec) {
	case FLOE_CODEC_UNCOMPRESSED:
		floe_buf_append(out, src, n);
		return floe_buf_check(out, err);
	case FLOE_CODEC_SNAPPY: {
		size_t bound = snappy_max_compressed_length(n), got = bound;
		if (!floe_buf_reserve(out, bound))
			return floe_err_set(err, "snappy: out of memory for %zu bytes", bound);
		if (snappy_compress(src, n, (char *)out->data + out->len, &got) != SNAPPY_OK)
			return floe_err_set(err, "snappy: compression of %zu bytes failed", n);
		out->len += got;
		return 0;
	}
	case FLOE_CODEC_ZSTD: {
		size_t bound = ZSTD_compressBound(n), got;
		if (!c->zc && !(c->zc = ZSTD_createCCtx()))
			return floe_err_set(err, "zstd: out of memory creating a context");
		if (!floe_buf_reserve(out, bound))
			return floe_err_set(err, "zstd: out of memory for %zu bytes", bound);
		got = ZSTD_compressCCtx(c->zc, out->data + out->len, bound, src, n,
					c->level ? c->level : FLOE_ZSTD_DEFAULT_LEVEL);
		if (ZSTD_isError(got))
			return floe_err_set(err, "zstd: %s", ZSTD_getErrorName(got));
		out->len += got;
		return 0;
	}
	case FLOE_CODEC_GZIP:
		return gzip_compress(c->level, src, n, out, err);
	case FLOE_CODEC_LZO:
	case FLOE_CODEC_BROTLI:
	case FLOE_CODEC_LZ4:
	case FLOE_CODEC_LZ4_RAW:
	default:
		return floe_err_set(err, "parquet codec '%s' is not supported for writing: use zstd, snappy, gzip or none",
				    floe_codec_name((int)c->codec));
	}
}

static int size_mismatch(const char *codec, size_t got, size_t want, struct floe_err *err)
{
	return floe_err_set(err, "%s: page decompressed to %zu bytes but its header says '%zu'", codec, got, want);
}

static int gzip_decompress(const void *src, size_t n, uint8_t *dst, size_t dst_len, struct floe_err *err)
{
	z_stream zs;
	int rc = -1, zr;
	size_t produced = 0;

	memset(&zs, 0, sizeof(zs));
	if (n > UINT_MAX || dst_len > UINT_MAX)
		return floe_err_set(err, "gzip: page of %zu bytes is too large", n > dst_len ? n : dst_len);
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return floe_err_set(err, "gzip: cannot initialise zlib");
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)n;
	for (;;) {
		uint8_t spare;
		zs.next_out = produced < dst_len ? dst + produced : &spare;
		zs.avail_out = produced < dst_len ? (uInt)(dst_len - produced) : 1;
		zs.total_out = 0;
		zr = inflate(&zs, Z_FINISH);
		produced += zs.total_out;
		if (produced > dst_len) {
			size_mismatch("gzip", produced, dst_len, err);
			goto out;
		}
		if (zr == Z_STREAM_END) {
			/* several members may follow each other */
			if (zs.avail_in == 0)
				break;
			if (inflateReset(&zs) != Z_OK) {
				floe_err_set(err, "gzip: cannot reset zlib");
				goto out;
			}
			continue;
		}
		if (zr == Z_BUF_ERROR) {
			if (zs.avail_in == 0)
				floe_err_set(err, "gzip: page data truncated");
			else
				floe_err_set(err, "gzip: corrupt page data (no progress)");
			goto out;
		}
		if (zr != Z_OK) {
			floe_err_set(err, "gzip: corrupt page data (%s)", zs.msg ? zs.msg : "inflate failed");
			goto out;
		}
	}
	if (produced != dst_len) {
		size_mismatch("gzip", produced, dst_len, err);
		goto out;
	}
	rc = 0;
out:
	inflateEnd(&zs);
	return rc;
}

int floe_decompress(struct floe_codec_ctx *c, int codec, const void *src, size_t n, void *dst,
		    size_t dst_len, struct floe_err *err)
{
	switch (codec) {
	case FLOE_CODEC_UNCOMPRESSED:
		if (n != dst_len)
			return size_mismatch("uncompressed", n, dst_len, err);
		if (n)
			memcpy(dst, src, n);
		return 0;
	case FLOE_CODEC_SNAPPY: {
		size_t len;
		if (snappy_uncompressed_length(src, n, &len) != SNAPPY_OK)
			return floe_err_set(err, "snappy: corrupt page header");
		if (len != dst_len)
			return size_mismatch("snappy", len, dst_len, err);
		if (snappy_validate_compressed_buffer(src, n) != SNAPPY_OK ||
		    snappy_uncompress(src, n, dst, &len) != SNAPPY_OK || len != dst_len)
			return floe_err_set(err, "snappy: corrupt page data");
		return 0;
	}
	case FLOE_CODEC_ZSTD: {
		size_t got;
		ZSTD_DCtx *dc = c ? c->zd : NULL;
		if (!dc && !(dc = ZSTD_createDCtx()))
			return floe_err_set(err, "zstd: out of memory creating a context");
		if (c)
			c->zd = dc;
		got = ZSTD_decompressDCtx(dc, dst, dst_len, src, n);
		if (!c)
			ZSTD_freeDCtx(dc);
		if (ZSTD_isError(got)) {
			if (ZSTD_getErrorCode(got) == ZSTD_error_dstSize_tooSmall)
				return floe_err_set(err, "zstd: page decompresses to more than the '%zu' bytes its header says",
						    dst_len);
			return floe_err_set(err, "zstd: corrupt page data (%s)", ZSTD_getErrorName(got));
		}
		if (got != dst_len)
			return size_mismatch("zstd", got, dst_len, err);
		return 0;
	}
	case FLOE_CODEC_GZIP:
		return gzip_decompress(src, n, dst, dst_len, err);
	default:
		return floe_err_set(err, "parquet codec '%s' (%d) is not supported: floe reads uncompressed, snappy, gzip and zstd pages",
				    floe_codec_name(codec), codec);
	}
}
