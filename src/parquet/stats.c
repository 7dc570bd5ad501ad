/*
 * stats.c — min/max/NaN accumulation and bound rendering (see stats.h).
 *
 * Sort orders follow parquet.thrift's ColumnOrder notes; Iceberg bounds follow
 * the spec's "Binary single-value serialization" and Java's truncate(16)
 * (BinaryUtil/UnicodeUtil): lower = prefix, upper = prefix with the last byte
 * or code point incremented. Invalid UTF-8 is bounded bytewise instead.
 */
#include "parquet/stats.h"

#include <math.h>
#include <string.h>

void floe_pq_acc_init(struct floe_pq_acc *s, const struct floe_type *t)
{
	memset(s, 0, sizeof(*s));
	s->t = *t;
	floe_buf_init(&s->min_bytes);
	floe_buf_init(&s->max_bytes);
}

void floe_pq_acc_release(struct floe_pq_acc *s)
{
	floe_buf_release(&s->min_bytes);
	floe_buf_release(&s->max_bytes);
}

void floe_pq_acc_reset(struct floe_pq_acc *s)
{
	s->has = false;
	s->lost = false;
	s->nans = 0;
	floe_buf_reset(&s->min_bytes);
	floe_buf_reset(&s->max_bytes);
}

static int cmp_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;

	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static void set_bytes(struct floe_pq_acc *s, struct floe_buf *b, const uint8_t *p, size_t n)
{
	floe_buf_reset(b);
	floe_buf_append(b, p, n);
	if (b->failed)
		s->lost = true;
}

/* Orders -0.0 before +0.0 so that a zero min ends as -0.0 and a zero max as +0.0 later. */
void floe_pq_acc_add(struct floe_pq_acc *s, const struct floe_value *v)
{
	switch (s->t.id) {
	case FLOE_T_BOOLEAN:
		if (!s->has) {
			s->min.b = s->max.b = v->u.b;
		} else {
			s->min.b = s->min.b && v->u.b;
			s->max.b = s->max.b || v->u.b;
		}
		break;
	case FLOE_T_INT:
	case FLOE_T_DATE:
		if (!s->has || v->u.i32 < s->min.i32)
			s->min.i32 = v->u.i32;
		if (!s->has || v->u.i32 > s->max.i32)
			s->max.i32 = v->u.i32;
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		if (!s->has || v->u.i64 < s->min.i64)
			s->min.i64 = v->u.i64;
		if (!s->has || v->u.i64 > s->max.i64)
			s->max.i64 = v->u.i64;
		break;
	case FLOE_T_FLOAT:
		if (isnan(v->u.f32)) {
			s->nans++;
			return;
		}
		if (!s->has || v->u.f32 < s->min.f32)
			s->min.f32 = v->u.f32;
		if (!s->has || v->u.f32 > s->max.f32)
			s->max.f32 = v->u.f32;
		break;
	case FLOE_T_DOUBLE:
		if (isnan(v->u.f64)) {
			s->nans++;
			return;
		}
		if (!s->has || v->u.f64 < s->min.f64)
			s->min.f64 = v->u.f64;
		if (!s->has || v->u.f64 > s->max.f64)
			s->max.f64 = v->u.f64;
		break;
	case FLOE_T_DECIMAL:
		if (!s->has || v->u.dec < s->min.dec)
			s->min.dec = v->u.dec;
		if (!s->has || v->u.dec > s->max.dec)
			s->max.dec = v->u.dec;
		break;
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		if (!s->has || cmp_bytes(v->u.bytes.p, v->u.bytes.len, s->min_bytes.data, s->min_bytes.len) < 0)
			set_bytes(s, &s->min_bytes, v->u.bytes.p, v->u.bytes.len);
		if (!s->has || cmp_bytes(v->u.bytes.p, v->u.bytes.len, s->max_bytes.data, s->max_bytes.len) > 0)
			set_bytes(s, &s->max_bytes, v->u.bytes.p, v->u.bytes.len);
		break;
	case FLOE_T_LIST:
	default:
		return;
	}
	s->has = true;
}

static void scalar_value(const struct floe_pq_acc *s, bool want_max, struct floe_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (s->t.id) {
	case FLOE_T_BOOLEAN: v->u.b = want_max ? s->max.b : s->min.b; break;
	case FLOE_T_INT:
	case FLOE_T_DATE: v->u.i32 = want_max ? s->max.i32 : s->min.i32; break;
	case FLOE_T_FLOAT: v->u.f32 = want_max ? s->max.f32 : s->min.f32; break;
	case FLOE_T_DOUBLE: v->u.f64 = want_max ? s->max.f64 : s->min.f64; break;
	case FLOE_T_DECIMAL: v->u.dec = want_max ? s->max.dec : s->min.dec; break;
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		v->u.bytes.p = want_max ? s->max_bytes.data : s->min_bytes.data;
		v->u.bytes.len = (uint32_t)(want_max ? s->max_bytes.len : s->min_bytes.len);
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	case FLOE_T_LIST:
	default:
		v->u.i64 = want_max ? s->max.i64 : s->min.i64;
		break;
	}
}

void floe_pq_acc_merge(struct floe_pq_acc *dst, const struct floe_pq_acc *src)
{
	struct floe_value v;

	dst->nans += src->nans;
	if (src->lost)
		dst->lost = true;
	if (!src->has)
		return;
	scalar_value(src, false, &v);
	floe_pq_acc_add(dst, &v);
	scalar_value(src, true, &v);
	floe_pq_acc_add(dst, &v);
}

/* Float zero bounds: min as -0.0, max as +0.0 (parquet.thrift ColumnOrder notes). */
static float fzero(float f, bool is_max)
{
	if (f == 0.0f)
		return is_max ? 0.0f : -0.0f;
	return f;
}

static double dzero(double d, bool is_max)
{
	if (d == 0.0)
		return is_max ? 0.0 : -0.0;
	return d;
}

int floe_pq_decimal_bytes(int precision)
{
	unsigned __int128 limit = 1, pow10 = 1;
	int n, i;

	for (i = 0; i < precision; i++)
		pow10 *= 10;
	for (n = 1; n < 16; n++) {
		limit = (unsigned __int128)1 << (8 * n - 1);
		if (pow10 - 1 < limit)
			return n;
	}
	return 16;
}

void floe_pq_decimal_be(floe_i128 v, int n, uint8_t *out)
{
	unsigned __int128 u = (unsigned __int128)v;
	int i;

	for (i = 0; i < n; i++)
		out[n - 1 - i] = (uint8_t)(u >> (8 * i));
}

int floe_pq_decimal_minimal(floe_i128 v, uint8_t out[16])
{
	int n;

	for (n = 1; n < 16; n++) {
		floe_i128 lim = (floe_i128)1 << (8 * n - 1);
		if (v >= -lim && v < lim)
			break;
	}
	floe_pq_decimal_be(v, n, out);
	return n;
}

static void put_scalar(const struct floe_pq_acc *s, bool is_max, bool parquet, struct floe_buf *out)
{
	struct floe_value v;
	uint8_t tmp[16];
	uint32_t u32;
	uint64_t u64;
	float f;
	double d;
	int n;

	scalar_value(s, is_max, &v);
	switch (s->t.id) {
	case FLOE_T_BOOLEAN:
		floe_buf_putc(out, v.u.b ? 1 : 0);
		break;
	case FLOE_T_INT:
	case FLOE_T_DATE:
		floe_buf_put_u32le(out, (uint32_t)v.u.i32);
		break;
	case FLOE_T_FLOAT:
		f = fzero(v.u.f32, is_max);
		memcpy(&u32, &f, 4);
		floe_buf_put_u32le(out, u32);
		break;
	case FLOE_T_DOUBLE:
		d = dzero(v.u.f64, is_max);
		memcpy(&u64, &d, 8);
		floe_buf_put_u64le(out, u64);
		break;
	case FLOE_T_DECIMAL:
		if (!parquet) {
			n = floe_pq_decimal_minimal(v.u.dec, tmp);
			floe_buf_append(out, tmp, (size_t)n);
		} else if (s->t.precision <= 9) {
			floe_buf_put_u32le(out, (uint32_t)(int32_t)v.u.dec);
		} else if (s->t.precision <= 18) {
			floe_buf_put_u64le(out, (uint64_t)(int64_t)v.u.dec);
		} else {
			n = floe_pq_decimal_bytes(s->t.precision);
			floe_pq_decimal_be(v.u.dec, n, tmp);
			floe_buf_append(out, tmp, (size_t)n);
		}
		break;
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		floe_buf_append(out, v.u.bytes.p, v.u.bytes.len);
		break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	case FLOE_T_LIST:
	default:
		floe_buf_put_u64le(out, (uint64_t)v.u.i64);
		break;
	}
}

/* A bytes bound that failed to grow (out of memory) is unknown: write none. */
static bool usable(const struct floe_pq_acc *s)
{
	return s->has && s->t.id != FLOE_T_LIST && !s->lost;
}

bool floe_pq_acc_parquet(const struct floe_pq_acc *s, size_t max_len, struct floe_buf *min,
			   struct floe_buf *max)
{
	if (!usable(s))
		return false;
	if (floe_type_is_bytes(s->t.id) && (s->min_bytes.len > max_len || s->max_bytes.len > max_len))
		return false;
	put_scalar(s, false, true, min);
	put_scalar(s, true, true, max);
	return true;
}

/* Length in bytes of the UTF-8 sequence starting with b, 0 if b cannot start one. */
static int u8len(uint8_t b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* Decodes valid UTF-8 into code points; returns the count or -1 if invalid. */
static long utf8_decode(const uint8_t *p, size_t n, uint32_t *cps, size_t max_cps, size_t *used)
{
	size_t i = 0, k = 0;

	while (i < n && k < max_cps) {
		int l = u8len(p[i]), j;
		uint32_t cp;
		if (!l || i + (size_t)l > n)
			return -1;
		cp = l == 1 ? p[i] : (uint32_t)(p[i] & (0x7F >> l));
		for (j = 1; j < l; j++) {
			if ((p[i + (size_t)j] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i + (size_t)j] & 0x3Fu);
		}
		if ((l == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (l == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return -1;
		cps[k++] = cp;
		i += (size_t)l;
	}
	*used = i;
	return (long)k;
}

static size_t utf8_put(uint32_t cp, uint8_t *o)
{
	if (cp < 0x80) {
		o[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (uint8_t)(0xC0 | cp >> 6);
		o[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (uint8_t)(0xE0 | cp >> 12);
		o[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (uint8_t)(0xF0 | cp >> 18);
	o[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

long floe_utf8_truncate_lower(const uint8_t *p, size_t n, uint32_t chars)
{
	size_t i = 0;
	uint32_t k = 0;

	if (!chars)
		return (long)n;
	for (i = 0; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			if (k == chars)
				return (long)i;
			k++;
		}
	}
	return (long)n;
}

long floe_bin_truncate_upper(const uint8_t *p, size_t n, uint32_t bytes, uint8_t *out)
{
	size_t m;

	if (!bytes || n <= bytes) {
		memcpy(out, p, n);
		return (long)n;
	}
	for (m = bytes; m > 0; m--) {
		if (p[m - 1] != 0xFF) {
			memcpy(out, p, m);
			out[m - 1]++;
			return (long)m;
		}
	}
	return -1;
}

long floe_utf8_truncate_upper(const uint8_t *p, size_t n, uint32_t chars, uint8_t *out)
{
	uint32_t cps[64];
	size_t used = 0, o = 0;
	long k, i, j;

	if (!chars || (size_t)floe_utf8_truncate_lower(p, n, chars) == n) {
		memcpy(out, p, n);
		return (long)n;
	}
	if (chars > 64)
		chars = 64;
	k = utf8_decode(p, n, cps, chars, &used);
	if (k < 0)
		return floe_bin_truncate_upper(p, n, (uint32_t)floe_utf8_truncate_lower(p, n, chars), out);
	for (i = k - 1; i >= 0; i--) {
		uint32_t c = cps[i] + 1;
		if (c == 0xD800)
			c = 0xE000;
		if (c > 0x10FFFF)
			continue;
		for (j = 0; j < i; j++)
			o += utf8_put(cps[j], out + o);
		o += utf8_put(c, out + o);
		return (long)o;
	}
	return -1;
}

bool floe_pq_acc_iceberg_lower(const struct floe_pq_acc *s, uint32_t truncate, struct floe_buf *out)
{
	long n;

	if (!usable(s))
		return false;
	if (s->t.id == FLOE_T_STRING) {
		n = floe_utf8_truncate_lower(s->min_bytes.data, s->min_bytes.len, truncate);
		floe_buf_append(out, s->min_bytes.data, (size_t)n);
	} else if (s->t.id == FLOE_T_BINARY) {
		n = (long)s->min_bytes.len;
		if (truncate && (size_t)n > truncate)
			n = truncate;
		floe_buf_append(out, s->min_bytes.data, (size_t)n);
	} else {
		put_scalar(s, false, false, out);
	}
	return true;
}

bool floe_pq_acc_iceberg_upper(const struct floe_pq_acc *s, uint32_t truncate, struct floe_buf *out)
{
	long n;

	if (!usable(s))
		return false;
	if (s->t.id == FLOE_T_STRING || s->t.id == FLOE_T_BINARY) {
		size_t cap = s->max_bytes.len + 8;
		if (!floe_buf_reserve(out, cap))
			return false;
		if (s->t.id == FLOE_T_STRING)
			n = floe_utf8_truncate_upper(s->max_bytes.data, s->max_bytes.len, truncate, out->data + out->len);
		else
			n = floe_bin_truncate_upper(s->max_bytes.data, s->max_bytes.len, truncate, out->data + out->len);
		if (n < 0)
			return false;
		out->len += (size_t)n;
		return true;
	}
	put_scalar(s, true, false, out);
	return true;
}
