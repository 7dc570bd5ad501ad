/*
 * copybin.c — incremental COPY binary parser (see copybin.h). Buffers only
 * the bytes not yet consumed, checks a whole row is present before decoding
 * it, and decodes fields with the pgvalue decoders. No I/O.
 */
#include "pg/copybin.h"

#include <stdio.h>
#include <string.h>

static const uint8_t signature[11] = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0 };

int floe_pg_copybin_init(struct floe_pg_copybin *cb, uint16_t ncols, const struct floe_pgtype *types,
			 const enum floe_pg_format *formats, const struct floe_pg_policy *policy,
			 struct floe_err *err)
{
	uint16_t i;

	memset(cb, 0, sizeof(*cb));
	floe_buf_init(&cb->in);
	cb->ncols = ncols;
	cb->err_col = -1;
	cb->types = types;
	cb->formats = formats;
	cb->policy = *policy;
	for (i = 0; i < ncols; i++) {
		if ((!formats || formats[i] == FLOE_PG_FMT_BINARY) && !types[i].binary)
			return floe_err_set(err, "copy column %u: type oid %u has no binary decoder; select it cast "
					    "to text and mark the column FLOE_PG_FMT_TEXT", (unsigned)i + 1, types[i].oid);
	}
	return 0;
}

void floe_pg_copybin_release(struct floe_pg_copybin *cb)
{
	floe_buf_release(&cb->in);
}

int floe_pg_copybin_feed(struct floe_pg_copybin *cb, const uint8_t *p, size_t len, struct floe_err *err)
{
	if (len == 0)
		return 0;
	if (cb->done)
		return floe_err_set(err, "copy binary stream at offset %llu: %zu bytes after the trailer",
				    (unsigned long long)(cb->offset + cb->consumed), len);
	if (cb->consumed) {
		size_t left = cb->in.len - cb->consumed;
		memmove(cb->in.data, cb->in.data + cb->consumed, left);
		cb->in.len = left;
		cb->offset += cb->consumed;
		cb->consumed = 0;
	}
	floe_buf_append(&cb->in, p, len);
	return floe_buf_check(&cb->in, err);
}

static int fail(const struct floe_pg_copybin *cb, size_t pos, struct floe_err *err, const char *what)
{
	return floe_err_set(err, "copy binary stream row %llu at offset %llu: %s", (unsigned long long)cb->rows + 1,
			    (unsigned long long)(cb->offset + pos), what);
}

static int read_header(struct floe_pg_copybin *cb, bool *need_more, struct floe_err *err)
{
	const uint8_t *p = cb->in.data + cb->consumed;
	size_t avail = cb->in.len - cb->consumed;
	uint32_t flags, extlen;

	*need_more = true;
	if (avail < 19) {
		if (memcmp(p, signature, avail < 11 ? avail : 11) != 0)
			return floe_err_set(err, "copy binary stream: bad signature (not COPY ... FORMAT binary output)");
		return 0;
	}
	if (memcmp(p, signature, 11) != 0)
		return floe_err_set(err, "copy binary stream: bad signature (not COPY ... FORMAT binary output)");
	flags = floe_load_u32be(p + 11);
	extlen = floe_load_u32be(p + 15);
	if (flags & 0xfffe0000u)
		return floe_err_set(err, "copy binary stream: unknown critical header flags 0x%08x", flags);
	if (extlen > avail - 19)
		return 0;
	cb->has_oids = (flags & 0x10000u) != 0;
	cb->consumed += 19 + (size_t)extlen;
	cb->header_done = true;
	*need_more = false;
	return 0;
}

int floe_pg_copybin_next(struct floe_pg_copybin *cb, struct floe_value *vals, struct floe_arena *arena,
			 enum floe_pg_copy_status *status, struct floe_err *err)
{
	const uint8_t *p;
	size_t avail, pos, start;
	int16_t fc;
	uint16_t i, nfields;

	*status = FLOE_PG_COPY_NEED_MORE;
	if (cb->done) {
		*status = FLOE_PG_COPY_DONE;
		return 0;
	}
	if (!cb->header_done) {
		bool more;
		if (read_header(cb, &more, err))
			return -1;
		if (more)
			return 0;
	}
	p = cb->in.data + cb->consumed;
	avail = cb->in.len - cb->consumed;
	if (avail < 2)
		return 0;
	fc = (int16_t)floe_load_u16be(p);
	if (fc == -1) {
		cb->consumed += 2;
		cb->done = true;
		*status = FLOE_PG_COPY_DONE;
		if (cb->consumed != cb->in.len)
			return fail(cb, cb->consumed, err, "bytes after the trailer");
		return 0;
	}
	if (fc != (int16_t)cb->ncols) {
		char what[96];
		snprintf(what, sizeof(what), "row has %d fields, expected %u", (int)fc, (unsigned)cb->ncols);
		return fail(cb, cb->consumed, err, what);
	}
	/* check the whole row is here before decoding anything */
	nfields = (uint16_t)(cb->ncols + (cb->has_oids ? 1 : 0));
	pos = 2;
	for (i = 0; i < nfields; i++) {
		int32_t flen;
		if (avail - pos < 4)
			return 0;
		flen = (int32_t)floe_load_u32be(p + pos);
		pos += 4;
		if (flen < -1)
			return fail(cb, cb->consumed + pos - 4, err, "negative field length");
		if (flen > 0) {
			if (avail - pos < (size_t)flen)
				return 0;
			pos += (size_t)flen;
		}
	}
	/* decode */
	start = cb->consumed;
	pos = 2;
	if (cb->has_oids) {
		int32_t flen = (int32_t)floe_load_u32be(p + pos);
		pos += 4 + (flen > 0 ? (size_t)flen : 0);
	}
	for (i = 0; i < cb->ncols; i++) {
		int32_t flen = (int32_t)floe_load_u32be(p + pos);
		enum floe_pg_format f = cb->formats ? cb->formats[i] : FLOE_PG_FMT_BINARY;
		pos += 4;
		if (flen == -1) {
			memset(&vals[i], 0, sizeof(vals[i]));
			vals[i].is_null = true;
			continue;
		}
		if (floe_pgvalue_decode(&cb->types[i], f, p + pos, (size_t)flen, &cb->policy, arena, &vals[i], err)) {
			cb->err_col = (int)i;
			return floe_err_prefix(err, "copy binary stream row %llu column %u at offset %llu: ",
					       (unsigned long long)cb->rows + 1, (unsigned)i + 1,
					       (unsigned long long)(cb->offset + start + pos));
		}
		pos += (size_t)flen;
	}
	cb->consumed += pos;
	cb->rows++;
	*status = FLOE_PG_COPY_ROW;
	return 0;
}

int floe_pg_copybin_finish(const struct floe_pg_copybin *cb, struct floe_err *err)
{
	if (!cb->done)
		return floe_err_set(err, "copy binary stream ended at offset %llu after %llu rows without its trailer "
				    "(truncated)", (unsigned long long)(cb->offset + cb->in.len),
				    (unsigned long long)cb->rows);
	return 0;
}
