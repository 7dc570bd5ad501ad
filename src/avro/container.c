/*
 * container.c — Avro object container writer and reader (see container.h).
 *
 * Offsets in reader errors are file offsets, except inside a deflated block,
 * where they count from the start of the inflated data (the message names
 * the block's file offset too).
 */
#include "avro/container.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "avro/binary.h"

static const uint8_t magic[4] = { 'O', 'b', 'j', 1 };

static int fill_random(uint8_t *p, size_t n, struct floe_err *err)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return floe_err_set(err, "cannot get random bytes for the avro sync marker: %s", strerror(errno));
		}
		got += (size_t)r;
	}
	return 0;
}

static int sink_put(struct floe_avro_writer *w, const struct floe_buf *b, struct floe_err *err)
{
	if (floe_buf_check(b, err))
		return -1;
	if (floe_sink_write(w->sink, b->data, b->len, err))
		return -1;
	w->bytes += b->len;
	return 0;
}

int floe_avro_writer_begin(struct floe_avro_writer *w, struct floe_sink *sink, const char *schema_json,
			   const struct floe_avro_meta *meta, size_t n_meta, enum floe_avro_codec codec,
			   const uint8_t *sync, struct floe_err *err)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	w->sink = sink;
	w->codec = codec;
	w->block_target = FLOE_AVRO_BLOCK_TARGET;
	floe_buf_init(&w->block);
	floe_buf_init(&w->out);
	floe_buf_init(&w->z);
	if (codec != FLOE_AVRO_CODEC_NULL && codec != FLOE_AVRO_CODEC_DEFLATE)
		return floe_err_set(err, "avro writer: only the null and deflate codecs are supported for writing");
	if (sync)
		memcpy(w->sync, sync, FLOE_AVRO_SYNC_LEN);
	else if (fill_random(w->sync, FLOE_AVRO_SYNC_LEN, err))
		return -1;

	floe_buf_append(&w->out, magic, sizeof(magic));
	floe_avro_put_long(&w->out, (int64_t)(n_meta + 2));
	floe_avro_put_string(&w->out, "avro.schema");
	floe_avro_put_string(&w->out, schema_json);
	floe_avro_put_string(&w->out, "avro.codec");
	floe_avro_put_string(&w->out, codec == FLOE_AVRO_CODEC_DEFLATE ? "deflate" : "null");
	for (i = 0; i < n_meta; i++) {
		floe_avro_put_string(&w->out, meta[i].key);
		floe_avro_put_string(&w->out, meta[i].value);
	}
	floe_avro_put_long(&w->out, 0);
	floe_buf_append(&w->out, w->sync, FLOE_AVRO_SYNC_LEN);
	if (sink_put(w, &w->out, err))
		return -1;
	floe_buf_reset(&w->out);
	return 0;
}

static int deflate_block(struct floe_avro_writer *w, struct floe_err *err)
{
	z_stream zs;
	uLong bound;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (w->block.len > UINT_MAX)
		return floe_err_set(err, "avro block of %zu bytes is too big to deflate", w->block.len);
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return floe_err_set(err, "cannot start deflate for an avro block (out of memory)");
	bound = deflateBound(&zs, (uLong)w->block.len);
	floe_buf_reset(&w->z);
	if (bound > UINT_MAX || !floe_buf_reserve(&w->z, bound)) {
		deflateEnd(&zs);
		return floe_err_set(err, "out of memory deflating an avro block of %zu bytes", w->block.len);
	}
	zs.next_in = w->block.data;
	zs.avail_in = (uInt)w->block.len;
	zs.next_out = w->z.data;
	zs.avail_out = (uInt)bound;
	rc = deflate(&zs, Z_FINISH);
	w->z.len = (size_t)zs.total_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END)
		return floe_err_set(err, "deflate of an avro block failed (zlib code %d)", rc);
	return 0;
}

int floe_avro_writer_flush(struct floe_avro_writer *w, struct floe_err *err)
{
	const struct floe_buf *data = &w->block;

	if (w->count == 0)
		return 0;
	if (floe_buf_check(&w->block, err))
		return -1;
	if (w->codec == FLOE_AVRO_CODEC_DEFLATE) {
		if (deflate_block(w, err))
			return -1;
		data = &w->z;
	}
	floe_buf_reset(&w->out);
	floe_avro_put_long(&w->out, w->count);
	floe_avro_put_long(&w->out, (int64_t)data->len);
	floe_buf_append(&w->out, data->data, data->len);
	floe_buf_append(&w->out, w->sync, FLOE_AVRO_SYNC_LEN);
	if (sink_put(w, &w->out, err))
		return -1;
	floe_buf_reset(&w->out);
	floe_buf_reset(&w->block);
	w->count = 0;
	return 0;
}

int floe_avro_writer_end_object(struct floe_avro_writer *w, struct floe_err *err)
{
	w->count++;
	if (w->block.len >= w->block_target)
		return floe_avro_writer_flush(w, err);
	return 0;
}

int floe_avro_writer_finish(struct floe_avro_writer *w, struct floe_err *err)
{
	return floe_avro_writer_flush(w, err);
}

void floe_avro_writer_release(struct floe_avro_writer *w)
{
	floe_buf_release(&w->block);
	floe_buf_release(&w->out);
	floe_buf_release(&w->z);
}

/* ------------------------------------------------------------------ reader */

int floe_avro_reader_open(struct floe_avro_reader *r, const void *p, size_t len, struct floe_arena *a,
			  struct floe_err *err)
{
	struct floe_rd rd;
	const uint8_t *m, *schema = NULL, *codec = NULL;
	size_t cap = 0, schema_len = 0, codec_len = 0, i;
	struct floe_avro_schema *s;

	memset(r, 0, sizeof(*r));
	floe_buf_init(&r->inflated);
	r->file = p;
	r->len = len;
	r->max_block = FLOE_AVRO_MAX_BLOCK;
	r->empty_budget = FLOE_AVRO_MAX_ITEMS;
	floe_rd_init(&rd, p, len);
	if (floe_rd_bytes(&rd, 4, &m) || memcmp(m, magic, 4) != 0)
		return floe_err_set(err, "not an avro container file: it does not start with 'Obj\\x01'");
	for (;;) {
		size_t at = rd.pos;
		uint64_t count, k;

		if (floe_avro_get_block_count(&rd, &count, err))
			return floe_err_prefix(err, "avro header metadata: ");
		if (count == 0)
			break;
		if (count > floe_rd_left(&rd) / 2 || r->n_meta + count > SIZE_MAX / 2)
			return floe_err_set(err, "avro header metadata at offset %zu: count '%llu' is more than the data can hold",
					    at, (unsigned long long)count);
		if (r->n_meta + count > cap) {
			struct floe_avro_kv *nm;
			size_t nc = r->n_meta + (size_t)count;

			nm = floe_arena_alloc(a, nc * sizeof(*nm));
			if (!nm)
				return floe_err_set(err, "out of memory reading avro header metadata");
			if (r->n_meta)
				memcpy(nm, r->meta, r->n_meta * sizeof(*nm));
			r->meta = nm;
			cap = nc;
		}
		for (k = 0; k < count; k++) {
			struct floe_avro_kv *kv = &r->meta[r->n_meta++];

			memset(kv, 0, sizeof(*kv));
			if (floe_avro_get_bytes(&rd, &kv->key, &kv->key_len, err) ||
			    floe_avro_get_bytes(&rd, &kv->value.v.bytes.p, &kv->value.v.bytes.n, err))
				return floe_err_prefix(err, "avro header metadata: ");
		}
	}
	if (floe_rd_bytes(&rd, FLOE_AVRO_SYNC_LEN, &m))
		return floe_err_set(err, "avro header at offset %zu: truncated (the 16-byte sync marker is missing)",
				    rd.pos);
	memcpy(r->sync, m, FLOE_AVRO_SYNC_LEN);
	r->pos = rd.pos;

	for (i = 0; i < r->n_meta; i++) {
		const struct floe_avro_kv *kv = &r->meta[i];
		if (kv->key_len == 11 && memcmp(kv->key, "avro.schema", 11) == 0) {
			schema = kv->value.v.bytes.p;
			schema_len = kv->value.v.bytes.n;
		} else if (kv->key_len == 10 && memcmp(kv->key, "avro.codec", 10) == 0) {
			codec = kv->value.v.bytes.p;
			codec_len = kv->value.v.bytes.n;
		}
	}
	if (!schema)
		return floe_err_set(err, "avro header has no 'avro.schema' entry");
	if (!codec || (codec_len == 4 && memcmp(codec, "null", 4) == 0)) {
		r->codec = FLOE_AVRO_CODEC_NULL;
	} else if (codec_len == 7 && memcmp(codec, "deflate", 7) == 0) {
		r->codec = FLOE_AVRO_CODEC_DEFLATE;
	} else if (codec_len == 6 && memcmp(codec, "snappy", 6) == 0) {
		r->codec = FLOE_AVRO_CODEC_SNAPPY;
	} else if (codec_len == 9 && memcmp(codec, "zstandard", 9) == 0) {
		r->codec = FLOE_AVRO_CODEC_ZSTD;
	} else {
		return floe_err_set(err, "avro codec '%.*s' is not supported (floe reads null, deflate, snappy and zstandard)",
				    (int)(codec_len > 32 ? 32 : codec_len), (const char *)codec);
	}
	if (floe_avro_schema_parse((const char *)schema, schema_len, a, &s, err))
		return -1;
	r->schema = s;
	return 0;
}

const uint8_t *floe_avro_reader_meta(const struct floe_avro_reader *r, const char *key, size_t *len)
{
	size_t i, kl = strlen(key);

	for (i = 0; i < r->n_meta; i++) {
		const struct floe_avro_kv *kv = &r->meta[i];
		if (kv->key_len == kl && memcmp(kv->key, key, kl) == 0) {
			if (len)
				*len = kv->value.v.bytes.n;
			return kv->value.v.bytes.p;
		}
	}
	return NULL;
}

char *floe_avro_reader_meta_str(const struct floe_avro_reader *r, const char *key, struct floe_arena *a)
{
	size_t n;
	const uint8_t *v = floe_avro_reader_meta(r, key, &n);
	char *s;

	if (!v)
		return NULL;
	s = floe_arena_alloc(a, n + 1);
	if (!s)
		return NULL;
	memcpy(s, v, n);
	s[n] = '\0';
	return s;
}

static int inflate_block(struct floe_avro_reader *r, const uint8_t *p, size_t n, size_t at, struct floe_err *err)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (n > UINT_MAX)
		return floe_err_set(err, "avro block at offset %zu: %zu compressed bytes is too big", at, n);
	if (inflateInit2(&zs, -15) != Z_OK)
		return floe_err_set(err, "cannot start inflate (out of memory)");
	floe_buf_reset(&r->inflated);
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	for (;;) {
		size_t room;

		if (!floe_buf_reserve(&r->inflated, r->inflated.len < 65536 ? 65536 : r->inflated.len)) {
			inflateEnd(&zs);
			return floe_err_set(err, "out of memory inflating the avro block at offset %zu", at);
		}
		room = r->inflated.cap - r->inflated.len;
		if (room > UINT_MAX)
			room = UINT_MAX;
		zs.next_out = r->inflated.data + r->inflated.len;
		zs.avail_out = (uInt)room;
		rc = inflate(&zs, Z_NO_FLUSH);
		r->inflated.len += room - zs.avail_out;
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && !(rc == Z_BUF_ERROR && zs.avail_out == 0)) {
			inflateEnd(&zs);
			if (rc == Z_BUF_ERROR)
				return floe_err_set(err, "avro block at offset %zu: deflate data is truncated", at);
			return floe_err_set(err, "avro block at offset %zu: corrupt deflate data (%s)", at,
					    zs.msg ? zs.msg : "zlib error");
		}
		if (r->inflated.len > r->max_block) {
			inflateEnd(&zs);
			return floe_err_set(err, "avro block at offset %zu: inflates to more than %zu bytes", at,
					    r->max_block);
		}
	}
	inflateEnd(&zs);
	return 0;
}

/* snappy: compressed data, then the CRC-32 (big-endian) of the uncompressed bytes */
static int unsnappy_block(struct floe_avro_reader *r, const uint8_t *p, size_t n, size_t at, struct floe_err *err)
{
	size_t out_len;
	uint32_t want;

	if (n < 4)
		return floe_err_set(err, "avro block at offset %zu: snappy block shorter than its 4-byte checksum", at);
	n -= 4;
	want = floe_load_u32be(p + n);
	if (snappy_uncompressed_length((const char *)p, n, &out_len) != SNAPPY_OK)
		return floe_err_set(err, "avro block at offset %zu: corrupt snappy data", at);
	if (out_len > r->max_block)
		return floe_err_set(err, "avro block at offset %zu: decompresses to more than %zu bytes", at, r->max_block);
	floe_buf_reset(&r->inflated);
	if (!floe_buf_reserve(&r->inflated, out_len ? out_len : 1))
		return floe_err_set(err, "out of memory decompressing the avro block at offset %zu", at);
	if (snappy_uncompress((const char *)p, n, (char *)r->inflated.data, &out_len) != SNAPPY_OK)
		return floe_err_set(err, "avro block at offset %zu: corrupt snappy data", at);
	r->inflated.len = out_len;
	if (out_len > UINT_MAX || (uint32_t)crc32(0L, r->inflated.data, (uInt)out_len) != want)
		return floe_err_set(err, "avro block at offset %zu: snappy checksum does not match the data", at);
	return 0;
}

static int unzstd_block(struct floe_avro_reader *r, const uint8_t *p, size_t n, size_t at, struct floe_err *err)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	ZSTD_inBuffer in = { p, n, 0 };
	size_t ret = 1;
	int rc = -1;

	if (!z)
		return floe_err_set(err, "cannot start zstd (out of memory)");
	floe_buf_reset(&r->inflated);
	while (in.pos < in.size || ret != 0) {
		ZSTD_outBuffer out;

		if (!floe_buf_reserve(&r->inflated, r->inflated.len < 65536 ? 65536 : r->inflated.len)) {
			floe_err_set(err, "out of memory decompressing the avro block at offset %zu", at);
			goto out;
		}
		out.dst = r->inflated.data + r->inflated.len;
		out.size = r->inflated.cap - r->inflated.len;
		out.pos = 0;
		ret = ZSTD_decompressStream(z, &out, &in);
		r->inflated.len += out.pos;
		if (ZSTD_isError(ret)) {
			floe_err_set(err, "avro block at offset %zu: corrupt zstandard data (%s)", at, ZSTD_getErrorName(ret));
			goto out;
		}
		if (r->inflated.len > r->max_block) {
			floe_err_set(err, "avro block at offset %zu: decompresses to more than %zu bytes", at, r->max_block);
			goto out;
		}
		if (in.pos == in.size && ret != 0 && out.pos < out.size) {
			floe_err_set(err, "avro block at offset %zu: zstandard data is truncated", at);
			goto out;
		}
	}
	rc = 0;
out:
	ZSTD_freeDCtx(z);
	return rc;
}

/* Reads the next block header, checks the sync marker, decompresses. 0 = end of file. */
static int next_block(struct floe_avro_reader *r, struct floe_err *err)
{
	while (r->left == 0) {
		struct floe_rd rd;
		int64_t count, size;
		size_t at = r->pos, data_at;
		const uint8_t *data, *sync;

		if (r->pos == r->len)
			return 0;
		floe_rd_init(&rd, r->file, r->len);
		rd.pos = r->pos;
		if (floe_avro_get_long(&rd, &count, err) || floe_avro_get_long(&rd, &size, err))
			return floe_err_prefix(err, "avro block header: ");
		if (count < 0 || size < 0)
			return floe_err_set(err, "avro block at offset %zu: negative object count '%lld' or size '%lld'", at,
					    (long long)count, (long long)size);
		data_at = rd.pos;
		if ((uint64_t)size > floe_rd_left(&rd) || floe_rd_left(&rd) - (size_t)size < FLOE_AVRO_SYNC_LEN)
			return floe_err_set(err, "avro block at offset %zu: truncated (size '%lld' with %zu bytes left)", at,
					    (long long)size, floe_rd_left(&rd));
		data = r->file + data_at;
		sync = data + size;
		if (memcmp(sync, r->sync, FLOE_AVRO_SYNC_LEN) != 0)
			return floe_err_set(err, "avro block at offset %zu: sync marker at offset %zu does not match the header's",
					    at, data_at + (size_t)size);
		r->pos = data_at + (size_t)size + FLOE_AVRO_SYNC_LEN;
		r->block_at = data_at;
		if (count == 0)
			continue; /* an empty block: nothing to decompress or decode */
		if (r->codec != FLOE_AVRO_CODEC_NULL) {
			int rc = r->codec == FLOE_AVRO_CODEC_DEFLATE  ? inflate_block(r, data, (size_t)size, at, err)
				 : r->codec == FLOE_AVRO_CODEC_SNAPPY ? unsnappy_block(r, data, (size_t)size, at, err)
								      : unzstd_block(r, data, (size_t)size, at, err);
			if (rc)
				return -1;
			floe_rd_init(&r->block, r->inflated.data, r->inflated.len);
		} else {
			/* the cursor spans the file so offsets in errors are file offsets */
			floe_rd_init(&r->block, r->file, data_at + (size_t)size);
			r->block.pos = data_at;
		}
		if (r->schema->may_be_empty) {
			if ((uint64_t)count > r->empty_budget)
				return floe_err_set(err, "avro block at offset %zu: object count '%lld' is over the limit", at,
						    (long long)count);
			r->empty_budget -= (uint64_t)count;
		} else if ((uint64_t)count > floe_rd_left(&r->block)) {
			return floe_err_set(err, "avro block at offset %zu: object count '%lld' is more than its %zu bytes can hold",
					    at, (long long)count, floe_rd_left(&r->block));
		}
		r->left = (uint64_t)count;
	}
	return 1;
}

int floe_avro_reader_next(struct floe_avro_reader *r, struct floe_arena *a, struct floe_avro_value *out,
			  struct floe_err *err)
{
	int rc = next_block(r, err);

	if (rc <= 0)
		return rc;
	if (floe_avro_decode_budget(&r->block, r->schema, a, &r->empty_budget, out, err)) {
		if (r->codec != FLOE_AVRO_CODEC_NULL)
			return floe_err_prefix(err, "avro block at file offset %zu (offsets within the decompressed block): ",
					       r->block_at);
		return -1;
	}
	r->left--;
	if (r->left == 0 && floe_rd_left(&r->block) != 0)
		return floe_err_set(err, "avro block at file offset %zu: %zu bytes left over after its last object",
				    r->block_at, floe_rd_left(&r->block));
	return 1;
}

void floe_avro_reader_release(struct floe_avro_reader *r)
{
	floe_buf_release(&r->inflated);
}
