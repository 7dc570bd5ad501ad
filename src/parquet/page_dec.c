/*
 * page_dec.c — value decoders for Parquet pages and the physical → Iceberg
 * value conversion (see page_dec.h; encodings from parquet-format
 * Encodings.md). Every read is bounds-checked against the page; counts from
 * headers are capped by the caller's max_values. Conversions are exact or
 * fail (nanoseconds that are not whole microseconds, decimals over 128 bits).
 */
#include "parquet/page_dec.h"

#include <string.h>

#define DBA_MAX_BYTES ((uint64_t)256 << 20) /* DELTA_BYTE_ARRAY output cap per page */
#define DICT_MAX_ENTRIES (1u << 24)        /* writers cap dictionaries far below this */

static int oom(struct floe_err *err)
{
	return floe_err_set(err, "out of memory while decoding parquet values");
}

/* ------------------------------------------------------------ conversion */

static int conv_i32(const struct floe_pq_colinfo *ci, int32_t v, struct floe_value *o, struct floe_err *err)
{
	(void)err;
	o->is_null = false;
	switch (ci->conv) {
	case FLOE_PQC_U32_LONG:
		o->u.i64 = (int64_t)(uint32_t)v;
		break;
	case FLOE_PQC_DEC32:
		o->u.dec = (floe_i128)v;
		break;
	case FLOE_PQC_MILLIS:
		o->u.i64 = (int64_t)v * 1000;
		break;
	default:
		o->u.i32 = v;
		break;
	}
	return 0;
}

static int conv_i64(const struct floe_pq_colinfo *ci, int64_t v, struct floe_value *o, struct floe_err *err)
{
	o->is_null = false;
	switch (ci->conv) {
	case FLOE_PQC_U64_DEC:
		o->u.dec = (floe_i128)(uint64_t)v;
		break;
	case FLOE_PQC_DEC64:
		o->u.dec = (floe_i128)v;
		break;
	case FLOE_PQC_MILLIS:
		if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000)
			return floe_err_set(err, "millisecond value '%lld' does not fit in microseconds",
					    (long long)v);
		o->u.i64 = v * 1000;
		break;
	case FLOE_PQC_NANOS:
		if (v % 1000 != 0)
			return floe_err_set(err, "nanosecond value '%lld' is not a whole number of microseconds "
					    "(floe keeps microseconds exactly and does not round)", (long long)v);
		o->u.i64 = v / 1000;
		break;
	default:
		o->u.i64 = v;
		break;
	}
	return 0;
}

static int conv_int96(const uint8_t *p, struct floe_value *o, struct floe_err *err)
{
	int64_t nanos = (int64_t)floe_load_u64le(p);
	int64_t jday = (int64_t)(int32_t)floe_load_u32le(p + 8);

	if (nanos < 0 || nanos >= INT64_C(86400000000000))
		return floe_err_set(err, "int96 timestamp: nanoseconds of the day '%lld' out of range",
				    (long long)nanos);
	if (nanos % 1000 != 0)
		return floe_err_set(err, "int96 timestamp with nanoseconds '%lld' is not a whole number of "
				    "microseconds (floe keeps microseconds exactly and does not round)",
				    (long long)nanos);
	if (jday < 2440588 - 106751991 || jday > 2440588 + 106751990)
		return floe_err_set(err, "int96 timestamp: julian day '%lld' out of range", (long long)jday);
	o->is_null = false;
	o->u.i64 = (jday - 2440588) * INT64_C(86400000000) + nanos / 1000;
	return 0;
}

static int conv_decbytes(const uint8_t *p, size_t len, struct floe_value *o, struct floe_err *err)
{
	unsigned __int128 u = 0;
	size_t i, skip = 0;
	bool neg = len > 0 && (p[0] & 0x80);

	/* longer than 16 bytes only with pure sign extension */
	if (len > 16) {
		skip = len - 16;
		for (i = 0; i < skip; i++)
			if (p[i] != (neg ? 0xff : 0x00))
				return floe_err_set(err, "decimal of %zu bytes does not fit in 128 bits", len);
		if (((p[skip] & 0x80) != 0) != neg)
			return floe_err_set(err, "decimal of %zu bytes does not fit in 128 bits", len);
	}
	for (i = skip; i < len; i++)
		u = u << 8 | p[i];
	if (neg && len - skip < 16)
		u |= ~(unsigned __int128)0 << (8 * (len - skip));
	o->is_null = false;
	o->u.dec = (floe_i128)u;
	return 0;
}

static float half_to_float(uint16_t h)
{
	uint32_t sign = (uint32_t)(h >> 15) << 31, e = (h >> 10) & 0x1fu, m = h & 0x3ffu, bits;
	float f;

	if (e == 0x1f) {
		bits = sign | 0x7f800000u | (m << 13);
	} else if (e == 0) {
		if (m == 0) {
			bits = sign;
		} else {
			/* subnormal: normalise */
			int sh = 0;
			while (!(m & 0x400u)) {
				m <<= 1;
				sh++;
			}
			m &= 0x3ffu;
			bits = sign | ((uint32_t)(127 - 15 + 1 - sh) << 23) | (m << 13);
		}
	} else {
		bits = sign | ((e + 127 - 15) << 23) | (m << 13);
	}
	memcpy(&f, &bits, sizeof(f));
	return f;
}

/* A byte value (BYTE_ARRAY or FLBA) → value; copy into arena when given. */
static int conv_bytes(const struct floe_pq_colinfo *ci, const uint8_t *p, size_t len, struct floe_value *o,
		      struct floe_arena *arena, struct floe_err *err)
{
	switch (ci->conv) {
	case FLOE_PQC_DECBYTES:
		return conv_decbytes(p, len, o, err);
	case FLOE_PQC_FLOAT16:
		if (len != 2)
			return floe_err_set(err, "float16 value of %zu bytes (expected 2)", len);
		o->is_null = false;
		o->u.f32 = half_to_float((uint16_t)(p[0] | p[1] << 8));
		return 0;
	default:
		break;
	}
	if (len > UINT32_MAX)
		return floe_err_set(err, "byte value of %zu bytes is too long", len);
	if (ci->out == FLOE_T_UUID && len != 16)
		return floe_err_set(err, "uuid value of %zu bytes (expected 16)", len);
	o->is_null = false;
	o->u.bytes.len = (uint32_t)len;
	if (arena && len) {
		uint8_t *c = floe_arena_memdup(arena, p, len);
		if (!c)
			return oom(err);
		o->u.bytes.p = c;
	} else {
		o->u.bytes.p = p;
	}
	return 0;
}

static size_t fixed_width(const struct floe_pq_colinfo *ci)
{
	switch (ci->ptype) {
	case FLOE_PQ_INT32:
	case FLOE_PQ_FLOAT:
		return 4;
	case FLOE_PQ_INT64:
	case FLOE_PQ_DOUBLE:
		return 8;
	case FLOE_PQ_INT96:
		return 12;
	case FLOE_PQ_FLBA:
		return (size_t)ci->type_length;
	default:
		return 0;
	}
}

/* Converts one fixed-width physical value at p (width bytes). */
static int conv_fixed(const struct floe_pq_colinfo *ci, const uint8_t *p, struct floe_value *o,
		      struct floe_arena *arena, struct floe_err *err)
{
	uint32_t u32;
	uint64_t u64;

	switch (ci->ptype) {
	case FLOE_PQ_INT32:
		return conv_i32(ci, (int32_t)floe_load_u32le(p), o, err);
	case FLOE_PQ_INT64:
		return conv_i64(ci, (int64_t)floe_load_u64le(p), o, err);
	case FLOE_PQ_INT96:
		return conv_int96(p, o, err);
	case FLOE_PQ_FLOAT:
		u32 = floe_load_u32le(p);
		o->is_null = false;
		memcpy(&o->u.f32, &u32, 4);
		return 0;
	case FLOE_PQ_DOUBLE:
		u64 = floe_load_u64le(p);
		o->is_null = false;
		memcpy(&o->u.f64, &u64, 8);
		return 0;
	case FLOE_PQ_FLBA:
		return conv_bytes(ci, p, (size_t)ci->type_length, o, arena, err);
	default:
		return floe_err_set(err, "physical type '%d' is not fixed-width", ci->ptype);
	}
}

/* ------------------------------------------------------------ PLAIN */

static int plain_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		     struct floe_err *err)
{
	const struct floe_pq_colinfo *ci = d->ci;
	size_t i, w;

	if (ci->ptype == FLOE_PQ_BOOLEAN) {
		if (d->bit + n > (uint64_t)d->len * 8)
			return floe_err_set(err, "plain booleans: truncated at value %llu",
					    (unsigned long long)(d->bit));
		for (i = 0; i < n; i++, d->bit++) {
			out[i].is_null = false;
			out[i].u.b = (d->p[d->bit >> 3] >> (d->bit & 7)) & 1;
		}
		return 0;
	}
	if (ci->ptype == FLOE_PQ_BYTE_ARRAY) {
		for (i = 0; i < n; i++) {
			uint32_t l;
			if (d->len - d->pos < 4)
				return floe_err_set(err, "plain byte array: length at offset %zu: truncated", d->pos);
			l = floe_load_u32le(d->p + d->pos);
			if (d->len - d->pos - 4 < l)
				return floe_err_set(err, "plain byte array at offset %zu: length '%u' exceeds the "
						    "%zu bytes left", d->pos, l, d->len - d->pos - 4);
			if (conv_bytes(ci, d->p + d->pos + 4, l, &out[i], arena, err) != 0)
				return -1;
			d->pos += 4 + (size_t)l;
		}
		return 0;
	}
	w = fixed_width(ci);
	if (w == 0 || (d->len - d->pos) / w < n)
		return floe_err_set(err, "plain values at offset %zu: truncated (%zu values of %zu bytes wanted)",
				    d->pos, n, w);
	switch (ci->ptype) {
	case FLOE_PQ_INT32:
		if (ci->conv == FLOE_PQC_NONE) {
			for (i = 0; i < n; i++) {
				out[i].is_null = false;
				out[i].u.i32 = (int32_t)floe_load_u32le(d->p + d->pos + 4 * i);
			}
			d->pos += 4 * n;
			return 0;
		}
		break;
	case FLOE_PQ_INT64:
		if (ci->conv == FLOE_PQC_NONE) {
			for (i = 0; i < n; i++) {
				out[i].is_null = false;
				out[i].u.i64 = (int64_t)floe_load_u64le(d->p + d->pos + 8 * i);
			}
			d->pos += 8 * n;
			return 0;
		}
		break;
	default:
		break;
	}
	for (i = 0; i < n; i++) {
		if (conv_fixed(ci, d->p + d->pos, &out[i], arena, err) != 0)
			return -1;
		d->pos += w;
	}
	return 0;
}

int floe_pq_plain_single(const struct floe_pq_colinfo *ci, const uint8_t *p, size_t len,
			 struct floe_value *out, struct floe_arena *arena, struct floe_err *err)
{
	size_t w;

	if (ci->ptype == FLOE_PQ_BOOLEAN) {
		if (len < 1)
			return floe_err_set(err, "boolean bound is empty");
		out->is_null = false;
		out->u.b = p[0] & 1;
		return 0;
	}
	if (ci->ptype == FLOE_PQ_BYTE_ARRAY)
		return conv_bytes(ci, p, len, out, arena, err);
	w = fixed_width(ci);
	if (ci->ptype == FLOE_PQ_FLBA && ci->conv == FLOE_PQC_BYTES)
		return conv_bytes(ci, p, len, out, arena, err); /* may be truncated */
	if (w == 0 || len != w)
		return floe_err_set(err, "bound of %zu bytes (expected %zu)", len, w);
	return conv_fixed(ci, p, out, arena, err);
}

int floe_pq_dict_decode(const struct floe_pq_colinfo *ci, const uint8_t *p, size_t len, uint32_t n,
			struct floe_value **out, struct floe_arena *arena, struct floe_err *err)
{
	struct floe_pq_vdec d;
	size_t minw = ci->ptype == FLOE_PQ_BYTE_ARRAY ? 4 : fixed_width(ci);
	struct floe_value *v;

	if (ci->ptype == FLOE_PQ_BOOLEAN ? (uint64_t)n > (uint64_t)len * 8 : minw == 0 || n > len / minw)
		return floe_err_set(err, "dictionary of '%u' entries does not fit in %zu bytes", n, len);
	if (n > DICT_MAX_ENTRIES)
		return floe_err_set(err, "dictionary of '%u' entries is over floe's limit of %u", n, DICT_MAX_ENTRIES);
	v = floe_arena_alloc(arena, (size_t)n * sizeof(*v) + 1);
	if (!v)
		return oom(err);
	memset(&d, 0, sizeof(d));
	d.ci = ci;
	d.encoding = FLOE_PQE_PLAIN;
	d.p = p;
	d.len = len;
	/* NULL arena: byte values borrow the page */
	if (plain_get(&d, v, n, NULL, err) != 0)
		return floe_err_prefix(err, "dictionary page: ");
	*out = v;
	return 0;
}

/* ------------------------------------------------------------ DELTA_BINARY_PACKED */

static int uvarint(const uint8_t *p, size_t len, size_t *pos, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;

	for (;;) {
		uint8_t b;
		if (*pos >= len || shift > 63)
			return -1;
		b = p[(*pos)++];
		if (shift == 63 && b > 1)
			return -1;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	*v = x;
	return 0;
}

int floe_pq_delta_init(struct floe_pq_delta *d, const uint8_t *p, size_t len, uint64_t max_values,
		       struct floe_err *err)
{
	uint64_t first;

	memset(d, 0, sizeof(*d));
	d->p = p;
	d->len = len;
	if (uvarint(p, len, &d->pos, &d->block_size) || uvarint(p, len, &d->pos, &d->mb_count) ||
	    uvarint(p, len, &d->pos, &d->total) || uvarint(p, len, &d->pos, &first))
		return floe_err_set(err, "delta header: truncated or malformed varint");
	if (d->block_size == 0 || d->block_size % 128 != 0 || d->block_size > (1u << 20) || d->mb_count == 0 ||
	    d->block_size % d->mb_count != 0 || (d->block_size / d->mb_count) % 32 != 0)
		return floe_err_set(err, "delta header: block size '%llu' with '%llu' miniblocks is invalid",
				    (unsigned long long)d->block_size, (unsigned long long)d->mb_count);
	if (d->total > max_values)
		return floe_err_set(err, "delta header: '%llu' values, more than the page's %llu",
				    (unsigned long long)d->total, (unsigned long long)max_values);
	d->mb_values = d->block_size / d->mb_count;
	d->last = (first >> 1) ^ (~(first & 1) + 1);
	return 0;
}

static uint64_t bits_at(const uint8_t *p, size_t len, uint64_t bit, unsigned w)
{
	size_t byte = (size_t)(bit >> 3), k;
	unsigned sh = (unsigned)(bit & 7);
	uint64_t lo = 0, v;

	for (k = 0; k < 8 && byte + k < len; k++)
		lo |= (uint64_t)p[byte + k] << (8 * k);
	v = lo >> sh;
	if (sh && sh + w > 64 && byte + 8 < len)
		v |= (uint64_t)p[byte + 8] << (64 - sh);
	return w == 64 ? v : v & (((uint64_t)1 << w) - 1);
}

int floe_pq_delta_next(struct floe_pq_delta *d, uint64_t *v, struct floe_err *err)
{
	if (d->emitted >= d->total)
		return floe_err_set(err, "delta stream: exhausted after %llu values",
				    (unsigned long long)d->total);
	if (d->emitted++ == 0) {
		*v = d->last;
		return 0;
	}
	while (d->mb_left == 0) {
		uint64_t bytes;
		if (!d->in_block || d->mb_index == d->mb_count) {
			uint64_t md;
			if (uvarint(d->p, d->len, &d->pos, &md))
				return floe_err_set(err, "delta block header at offset %zu: truncated", d->pos);
			d->min_delta = (md >> 1) ^ (~(md & 1) + 1);
			if (d->len - d->pos < d->mb_count)
				return floe_err_set(err, "delta block at offset %zu: bit widths truncated", d->pos);
			d->widths = d->p + d->pos;
			d->pos += (size_t)d->mb_count;
			d->mb_index = 0;
			d->in_block = true;
		}
		d->mb_width = d->widths[d->mb_index++];
		if (d->mb_width > 64)
			return floe_err_set(err, "delta miniblock bit width '%u' is over 64", d->mb_width);
		bytes = d->mb_values * d->mb_width / 8;
		d->mb_bit = (uint64_t)d->pos * 8;
		d->mb_left = d->mb_values;
		if (bytes > d->len - d->pos) {
			/* a short final miniblock: only what is present can be read */
			d->mb_left = (uint64_t)(d->len - d->pos) * 8 / d->mb_width;
			bytes = d->len - d->pos;
		}
		d->pos += (size_t)bytes;
	}
	d->last += d->min_delta + bits_at(d->p, d->len, d->mb_bit, d->mb_width);
	d->mb_bit += d->mb_width;
	d->mb_left--;
	*v = d->last;
	return 0;
}

int floe_pq_delta_end(const struct floe_pq_delta *d, size_t *end, struct floe_err *err)
{
	struct floe_pq_delta c = *d;
	uint64_t v;

	while (c.emitted < c.total) {
		/* skip whole miniblocks at a time */
		if (c.emitted > 0 && c.mb_left > 0) {
			uint64_t k = c.mb_left < c.total - c.emitted ? c.mb_left : c.total - c.emitted;
			c.mb_left -= k;
			c.emitted += k;
			continue;
		}
		if (floe_pq_delta_next(&c, &v, err) != 0)
			return -1;
	}
	*end = c.pos;
	return 0;
}

/* ------------------------------------------------------------ init / get */

int floe_pq_vdec_init(struct floe_pq_vdec *d, const struct floe_pq_colinfo *ci, int encoding,
		      const uint8_t *p, size_t len, uint64_t max_values, const struct floe_value *dict,
		      uint32_t dict_n, struct floe_err *err)
{
	size_t end;

	memset(d, 0, offsetof(struct floe_pq_vdec, idx));
	d->ci = ci;
	d->encoding = encoding;
	d->p = p;
	d->len = len;
	switch (encoding) {
	case FLOE_PQE_PLAIN:
		return 0;
	case FLOE_PQE_PLAIN_DICTIONARY:
	case FLOE_PQE_RLE_DICTIONARY:
		if (!dict)
			return floe_err_set(err, "dictionary-encoded page without a dictionary page");
		if (len < 1)
			return floe_err_set(err, "dictionary indices: bit width missing");
		d->dict = dict;
		d->dict_n = dict_n;
		return floe_rle_dec_init(&d->rle, p + 1, len - 1, p[0], err);
	case FLOE_PQE_RLE: {
		uint32_t l;
		if (ci->ptype != FLOE_PQ_BOOLEAN)
			break;
		if (len < 4)
			return floe_err_set(err, "rle booleans: length prefix truncated");
		l = floe_load_u32le(p);
		if (l > len - 4)
			return floe_err_set(err, "rle booleans: length '%u' exceeds the %zu bytes left", l, len - 4);
		return floe_rle_dec_init(&d->rle, p + 4, l, 1, err);
	}
	case FLOE_PQE_DELTA_BINARY_PACKED:
		if (ci->ptype != FLOE_PQ_INT32 && ci->ptype != FLOE_PQ_INT64)
			break;
		return floe_pq_delta_init(&d->d1, p, len, max_values, err);
	case FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY:
		if (ci->ptype != FLOE_PQ_BYTE_ARRAY)
			break;
		if (floe_pq_delta_init(&d->d1, p, len, max_values, err) != 0 ||
		    floe_pq_delta_end(&d->d1, &end, err) != 0)
			return floe_err_prefix(err, "lengths: ");
		d->data_pos = end;
		return 0;
	case FLOE_PQE_DELTA_BYTE_ARRAY:
		if (ci->ptype != FLOE_PQ_BYTE_ARRAY && ci->ptype != FLOE_PQ_FLBA)
			break;
		if (floe_pq_delta_init(&d->d2, p, len, max_values, err) != 0 ||
		    floe_pq_delta_end(&d->d2, &end, err) != 0)
			return floe_err_prefix(err, "prefix lengths: ");
		if (floe_pq_delta_init(&d->d1, p + end, len - end, max_values, err) != 0)
			return floe_err_prefix(err, "suffix lengths: ");
		{
			size_t end2;
			if (floe_pq_delta_end(&d->d1, &end2, err) != 0)
				return floe_err_prefix(err, "suffix lengths: ");
			d->data_pos = end + end2;
		}
		return 0;
	case FLOE_PQE_BYTE_STREAM_SPLIT: {
		size_t w = fixed_width(ci);
		if (w == 0 || ci->ptype == FLOE_PQ_INT96)
			break;
		if (len % w != 0)
			return floe_err_set(err, "byte stream split: %zu bytes is not a multiple of %zu", len, w);
		d->bss_n = len / w;
		return 0;
	}
	default:
		break;
	}
	return floe_err_set(err, "unsupported encoding '%s' (%d) for physical type '%s'",
			    floe_pq_encoding_name(encoding), encoding, floe_pq_type_name(ci->ptype));
}

static int dict_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		    struct floe_err *err)
{
	bool copy = floe_type_is_bytes(d->ci->out) && arena;

	while (n) {
		size_t k = n < 256 ? n : 256, i;
		if (floe_rle_dec_get(&d->rle, d->idx, k, err) != 0)
			return floe_err_prefix(err, "dictionary indices: ");
		for (i = 0; i < k; i++) {
			uint32_t x = d->idx[i];
			if (x >= d->dict_n)
				return floe_err_set(err, "dictionary index '%u' out of range (%u entries)", x,
						    d->dict_n);
			out[i] = d->dict[x];
			if (copy && out[i].u.bytes.len) {
				uint8_t *c = floe_arena_memdup(arena, out[i].u.bytes.p, out[i].u.bytes.len);
				if (!c)
					return oom(err);
				out[i].u.bytes.p = c;
			}
		}
		out += k;
		n -= k;
	}
	return 0;
}

static int delta_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_err *err)
{
	size_t i;
	uint64_t v;

	for (i = 0; i < n; i++) {
		if (floe_pq_delta_next(&d->d1, &v, err) != 0)
			return -1;
		if (d->ci->ptype == FLOE_PQ_INT32) {
			if (conv_i32(d->ci, (int32_t)(uint32_t)v, &out[i], err) != 0)
				return -1;
		} else if (conv_i64(d->ci, (int64_t)v, &out[i], err) != 0) {
			return -1;
		}
	}
	return 0;
}

static int dlba_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		    struct floe_err *err)
{
	size_t i;
	uint64_t l;

	for (i = 0; i < n; i++) {
		if (floe_pq_delta_next(&d->d1, &l, err) != 0)
			return floe_err_prefix(err, "lengths: ");
		if ((int64_t)l < 0 || l > d->len - d->data_pos)
			return floe_err_set(err, "delta length byte array: length '%lld' exceeds the %zu bytes left",
					    (long long)l, d->len - d->data_pos);
		if (conv_bytes(d->ci, d->p + d->data_pos, (size_t)l, &out[i], arena, err) != 0)
			return -1;
		d->data_pos += (size_t)l;
	}
	return 0;
}

static int dba_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		   struct floe_err *err)
{
	size_t i;
	uint64_t pre, suf;

	for (i = 0; i < n; i++) {
		uint8_t *v;
		if (floe_pq_delta_next(&d->d2, &pre, err) != 0)
			return floe_err_prefix(err, "prefix lengths: ");
		if (floe_pq_delta_next(&d->d1, &suf, err) != 0)
			return floe_err_prefix(err, "suffix lengths: ");
		if ((int64_t)pre < 0 || pre > d->prev_len)
			return floe_err_set(err, "delta byte array: prefix length '%lld' exceeds the previous "
					    "value's %u bytes", (long long)pre, d->prev_len);
		if ((int64_t)suf < 0 || suf > d->len - d->data_pos)
			return floe_err_set(err, "delta byte array: suffix length '%lld' exceeds the %zu bytes left",
					    (long long)suf, d->len - d->data_pos);
		d->made += pre + suf;
		if (d->made > DBA_MAX_BYTES || pre + suf > UINT32_MAX)
			return floe_err_set(err, "delta byte array: values expand to over %llu bytes in one page",
					    (unsigned long long)DBA_MAX_BYTES);
		v = floe_arena_alloc(arena, (size_t)(pre + suf) + 1);
		if (!v)
			return oom(err);
		if (pre)
			memcpy(v, d->prev, (size_t)pre);
		if (suf)
			memcpy(v + pre, d->p + d->data_pos, (size_t)suf);
		d->data_pos += (size_t)suf;
		d->prev = v;
		d->prev_len = (uint32_t)(pre + suf);
		if (d->ci->ptype == FLOE_PQ_FLBA && d->prev_len != (uint32_t)d->ci->type_length)
			return floe_err_set(err, "delta byte array: fixed value of %u bytes (expected %d)",
					    d->prev_len, d->ci->type_length);
		/* v already lives in the arena: no second copy */
		if (conv_bytes(d->ci, v, d->prev_len, &out[i], NULL, err) != 0)
			return -1;
	}
	return 0;
}

static int bss_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		   struct floe_err *err)
{
	size_t w = fixed_width(d->ci), i, j;
	uint8_t tmp[256];
	uint8_t *buf = tmp;

	if (n > d->bss_n - d->bss_i)
		return floe_err_set(err, "byte stream split: truncated (%zu values wanted, %zu left)", n,
				    d->bss_n - d->bss_i);
	if (w > sizeof(tmp)) {
		buf = floe_arena_alloc(arena, w);
		if (!buf)
			return oom(err);
	}
	for (i = 0; i < n; i++, d->bss_i++) {
		for (j = 0; j < w; j++)
			buf[j] = d->p[j * d->bss_n + d->bss_i];
		if (conv_fixed(d->ci, buf, &out[i], arena, err) != 0)
			return -1;
	}
	return 0;
}

int floe_pq_vdec_get(struct floe_pq_vdec *d, struct floe_value *out, size_t n, struct floe_arena *arena,
		     struct floe_err *err)
{
	size_t i;

	switch (d->encoding) {
	case FLOE_PQE_PLAIN:
		return plain_get(d, out, n, arena, err);
	case FLOE_PQE_PLAIN_DICTIONARY:
	case FLOE_PQE_RLE_DICTIONARY:
		return dict_get(d, out, n, arena, err);
	case FLOE_PQE_RLE:
		while (n) {
			size_t k = n < 256 ? n : 256;
			if (floe_rle_dec_get(&d->rle, d->idx, k, err) != 0)
				return floe_err_prefix(err, "rle booleans: ");
			for (i = 0; i < k; i++) {
				out[i].is_null = false;
				out[i].u.b = d->idx[i] != 0;
			}
			out += k;
			n -= k;
		}
		return 0;
	case FLOE_PQE_DELTA_BINARY_PACKED:
		return delta_get(d, out, n, err);
	case FLOE_PQE_DELTA_LENGTH_BYTE_ARRAY:
		return dlba_get(d, out, n, arena, err);
	case FLOE_PQE_DELTA_BYTE_ARRAY:
		return dba_get(d, out, n, arena, err);
	case FLOE_PQE_BYTE_STREAM_SPLIT:
		return bss_get(d, out, n, arena, err);
	default:
		return floe_err_set(err, "unsupported encoding '%d'", d->encoding);
	}
}
