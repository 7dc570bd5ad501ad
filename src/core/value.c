/*
 * value.c — type names, equality, hashing and the JSON form of floe values.
 * The JSON form is what `floe tail` and `floe scan` print; see value.h.
 */
#include "core/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"

struct floe_type floe_type_elem(const struct floe_type *list)
{
	struct floe_type e;

	memset(&e, 0, sizeof(e));
	e.id = list->elem_id;
	e.precision = list->elem_precision;
	e.scale = list->elem_scale;
	e.length = list->elem_length;
	return e;
}

bool floe_type_is_bytes(enum floe_type_id id)
{
	return id == FLOE_T_STRING || id == FLOE_T_BINARY || id == FLOE_T_FIXED || id == FLOE_T_UUID;
}

bool floe_type_equal(const struct floe_type *a, const struct floe_type *b)
{
	if (a->id != b->id)
		return false;
	if (a->id == FLOE_T_DECIMAL)
		return a->precision == b->precision && a->scale == b->scale;
	if (a->id == FLOE_T_FIXED)
		return a->length == b->length;
	if (a->id == FLOE_T_LIST)
		return a->elem_id == b->elem_id &&
		       (a->elem_id != FLOE_T_DECIMAL ||
			(a->elem_precision == b->elem_precision && a->elem_scale == b->elem_scale)) &&
		       (a->elem_id != FLOE_T_FIXED || a->elem_length == b->elem_length);
	return true;
}

static const char *prim_name(enum floe_type_id id)
{
	switch (id) {
	case FLOE_T_BOOLEAN: return "boolean";
	case FLOE_T_INT: return "int";
	case FLOE_T_LONG: return "long";
	case FLOE_T_FLOAT: return "float";
	case FLOE_T_DOUBLE: return "double";
	case FLOE_T_DECIMAL: return "decimal";
	case FLOE_T_DATE: return "date";
	case FLOE_T_TIME: return "time";
	case FLOE_T_TIMESTAMP: return "timestamp";
	case FLOE_T_TIMESTAMPTZ: return "timestamptz";
	case FLOE_T_STRING: return "string";
	case FLOE_T_UUID: return "uuid";
	case FLOE_T_FIXED: return "fixed";
	case FLOE_T_BINARY: return "binary";
	case FLOE_T_LIST: return "list";
	}
	return "unknown";
}

static void prim_str(enum floe_type_id id, int p, int s, int len, char *out, size_t outsz)
{
	if (id == FLOE_T_DECIMAL)
		snprintf(out, outsz, "decimal(%d,%d)", p, s);
	else if (id == FLOE_T_FIXED)
		snprintf(out, outsz, "fixed[%d]", len);
	else
		snprintf(out, outsz, "%s", prim_name(id));
}

const char *floe_type_str(const struct floe_type *t, char *out, size_t outsz)
{
	if (t->id == FLOE_T_LIST) {
		char e[64];
		prim_str(t->elem_id, t->elem_precision, t->elem_scale, t->elem_length, e, sizeof(e));
		snprintf(out, outsz, "list<%s>", e);
	} else {
		prim_str(t->id, t->precision, t->scale, t->length, out, outsz);
	}
	return out;
}

static bool prim_equal(enum floe_type_id id, const struct floe_value *a, const struct floe_value *b)
{
	if (a->is_null || b->is_null)
		return a->is_null == b->is_null;
	switch (id) {
	case FLOE_T_BOOLEAN: return a->u.b == b->u.b;
	case FLOE_T_INT:
	case FLOE_T_DATE: return a->u.i32 == b->u.i32;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: return a->u.i64 == b->u.i64;
	case FLOE_T_FLOAT: return memcmp(&a->u.f32, &b->u.f32, sizeof(float)) == 0;
	case FLOE_T_DOUBLE: return memcmp(&a->u.f64, &b->u.f64, sizeof(double)) == 0;
	case FLOE_T_DECIMAL: return a->u.dec == b->u.dec;
	case FLOE_T_STRING:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
	case FLOE_T_BINARY:
		return a->u.bytes.len == b->u.bytes.len &&
		       (a->u.bytes.len == 0 || memcmp(a->u.bytes.p, b->u.bytes.p, a->u.bytes.len) == 0);
	case FLOE_T_LIST: return false;
	}
	return false;
}

bool floe_value_equal(const struct floe_type *t, const struct floe_value *a, const struct floe_value *b)
{
	uint32_t i;

	if (t->id != FLOE_T_LIST)
		return prim_equal(t->id, a, b);
	if (a->is_null || b->is_null)
		return a->is_null == b->is_null;
	if (a->u.list.n != b->u.list.n)
		return false;
	for (i = 0; i < a->u.list.n; i++)
		if (!prim_equal(t->elem_id, &a->u.list.items[i], &b->u.list.items[i]))
			return false;
	return true;
}

/* FNV-1a over bytes, then a final avalanche */
static uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
	const uint8_t *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

static uint64_t prim_hash(enum floe_type_id id, const struct floe_value *v, uint64_t h)
{
	if (v->is_null)
		return mix64(h ^ 0x9e3779b97f4a7c15u);
	switch (id) {
	case FLOE_T_BOOLEAN: return mix64(h ^ (v->u.b ? 3u : 5u));
	case FLOE_T_INT:
	case FLOE_T_DATE: return mix64(h ^ (uint64_t)(uint32_t)v->u.i32);
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: return mix64(h ^ (uint64_t)v->u.i64);
	case FLOE_T_FLOAT: return hash_bytes(&v->u.f32, sizeof(float), h);
	case FLOE_T_DOUBLE: return hash_bytes(&v->u.f64, sizeof(double), h);
	case FLOE_T_DECIMAL: return hash_bytes(&v->u.dec, sizeof(v->u.dec), h);
	case FLOE_T_STRING:
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
	case FLOE_T_BINARY: return mix64(hash_bytes(v->u.bytes.p, v->u.bytes.len, h ^ v->u.bytes.len));
	case FLOE_T_LIST: return h;
	}
	return h;
}

uint64_t floe_value_hash(const struct floe_type *t, const struct floe_value *v, uint64_t seed)
{
	uint64_t h = seed ^ UINT64_C(0xcbf29ce484222325);
	uint32_t i;

	if (t->id != FLOE_T_LIST)
		return prim_hash(t->id, v, h);
	if (v->is_null)
		return prim_hash(FLOE_T_INT, v, h);
	for (i = 0; i < v->u.list.n; i++)
		h = prim_hash(t->elem_id, &v->u.list.items[i], h);
	return mix64(h ^ v->u.list.n);
}

void floe_decimal_to_text(struct floe_buf *out, floe_i128 unscaled, int scale)
{
	char digits[48];
	int n = 0, i;
	unsigned __int128 mag;
	bool neg = unscaled < 0;

	mag = neg ? (unsigned __int128)0 - (unsigned __int128)unscaled : (unsigned __int128)unscaled;
	do {
		digits[n++] = (char)('0' + (int)(mag % 10));
		mag /= 10;
	} while (mag);
	while (n <= scale)
		digits[n++] = '0';
	if (neg)
		floe_buf_putc(out, '-');
	for (i = n - 1; i >= 0; i--) {
		floe_buf_putc(out, (uint8_t)digits[i]);
		if (i == scale && scale > 0)
			floe_buf_putc(out, '.');
	}
}

void floe_json_put_string(struct floe_buf *out, const uint8_t *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	floe_buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		uint8_t c = p[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		floe_buf_append(out, p + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': floe_buf_puts(out, "\\\""); break;
		case '\\': floe_buf_puts(out, "\\\\"); break;
		case '\n': floe_buf_puts(out, "\\n"); break;
		case '\r': floe_buf_puts(out, "\\r"); break;
		case '\t': floe_buf_puts(out, "\\t"); break;
		case '\b': floe_buf_puts(out, "\\b"); break;
		case '\f': floe_buf_puts(out, "\\f"); break;
		default: {
			char e[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			floe_buf_puts(out, e);
		}
		}
	}
	floe_buf_append(out, p + run, len - run);
	floe_buf_putc(out, '"');
}

static void put_frac(struct floe_buf *out, int64_t us)
{
	char f[16];
	int n;

	if (us == 0)
		return;
	snprintf(f, sizeof(f), ".%06d", (int)us);
	n = 7;
	while (f[n - 1] == '0')
		n--;
	floe_buf_append(out, f, (size_t)n);
}

static void put_date(struct floe_buf *out, int64_t days)
{
	int64_t y;
	int m, d;

	floe_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		floe_buf_printf(out, "%+05lld-%02d-%02d", (long long)y, m, d);
	else
		floe_buf_printf(out, "%04d-%02d-%02d", (int)y, m, d);
}

static void put_time_of_day(struct floe_buf *out, int64_t us)
{
	int64_t s = us / 1000000;
	floe_buf_printf(out, "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	put_frac(out, us % 1000000);
}

static void put_timestamp(struct floe_buf *out, int64_t us, bool tz)
{
	int64_t days = us / 86400000000LL;
	int64_t rem = us % 86400000000LL;

	if (rem < 0) {
		rem += 86400000000LL;
		days--;
	}
	put_date(out, days);
	floe_buf_putc(out, 'T');
	put_time_of_day(out, rem);
	if (tz)
		floe_buf_puts(out, "+00:00");
}

static void put_float(struct floe_buf *out, double v, int prec)
{
	char s[40];
	int p;

	if (isnan(v)) {
		floe_buf_puts(out, "\"NaN\"");
		return;
	}
	if (isinf(v)) {
		floe_buf_puts(out, v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
		return;
	}
	/* shortest precision that round-trips */
	for (p = 1; p <= prec; p++) {
		snprintf(s, sizeof(s), "%.*g", p, v);
		if (prec == 9 ? (float)strtod(s, NULL) == (float)v : strtod(s, NULL) == v)
			break;
	}
	floe_buf_puts(out, s);
}

static void prim_json(struct floe_buf *out, enum floe_type_id id, int scale, const struct floe_value *v)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t i;

	if (v->is_null) {
		floe_buf_puts(out, "null");
		return;
	}
	switch (id) {
	case FLOE_T_BOOLEAN:
		floe_buf_puts(out, v->u.b ? "true" : "false");
		break;
	case FLOE_T_INT:
		floe_buf_printf(out, "%d", (int)v->u.i32);
		break;
	case FLOE_T_LONG:
		if (v->u.i64 > (INT64_C(1) << 53) || v->u.i64 < -(INT64_C(1) << 53))
			floe_buf_printf(out, "\"%lld\"", (long long)v->u.i64);
		else
			floe_buf_printf(out, "%lld", (long long)v->u.i64);
		break;
	case FLOE_T_FLOAT:
		put_float(out, (double)v->u.f32, 9);
		break;
	case FLOE_T_DOUBLE:
		put_float(out, v->u.f64, 17);
		break;
	case FLOE_T_DECIMAL: {
		floe_i128 m = v->u.dec < 0 ? -v->u.dec : v->u.dec;
		bool small = m < (floe_i128)1000000000000000LL; /* ≤ 15 digits */
		if (!small)
			floe_buf_putc(out, '"');
		floe_decimal_to_text(out, v->u.dec, scale);
		if (!small)
			floe_buf_putc(out, '"');
		break;
	}
	case FLOE_T_DATE:
		floe_buf_putc(out, '"');
		put_date(out, v->u.i32);
		floe_buf_putc(out, '"');
		break;
	case FLOE_T_TIME:
		floe_buf_putc(out, '"');
		put_time_of_day(out, v->u.i64);
		floe_buf_putc(out, '"');
		break;
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		floe_buf_putc(out, '"');
		put_timestamp(out, v->u.i64, id == FLOE_T_TIMESTAMPTZ);
		floe_buf_putc(out, '"');
		break;
	case FLOE_T_STRING:
		floe_json_put_string(out, v->u.bytes.p, v->u.bytes.len);
		break;
	case FLOE_T_UUID:
		floe_buf_putc(out, '"');
		for (i = 0; i < v->u.bytes.len; i++) {
			if (i == 4 || i == 6 || i == 8 || i == 10)
				floe_buf_putc(out, '-');
			floe_buf_putc(out, (uint8_t)hex[v->u.bytes.p[i] >> 4]);
			floe_buf_putc(out, (uint8_t)hex[v->u.bytes.p[i] & 15]);
		}
		floe_buf_putc(out, '"');
		break;
	case FLOE_T_FIXED:
	case FLOE_T_BINARY:
		floe_buf_puts(out, "\"\\\\x");
		for (i = 0; i < v->u.bytes.len; i++) {
			floe_buf_putc(out, (uint8_t)hex[v->u.bytes.p[i] >> 4]);
			floe_buf_putc(out, (uint8_t)hex[v->u.bytes.p[i] & 15]);
		}
		floe_buf_putc(out, '"');
		break;
	case FLOE_T_LIST:
		floe_buf_puts(out, "null");
		break;
	}
}

void floe_value_to_json(struct floe_buf *out, const struct floe_type *t, const struct floe_value *v)
{
	uint32_t i;

	if (t->id != FLOE_T_LIST) {
		prim_json(out, t->id, t->scale, v);
		return;
	}
	if (v->is_null) {
		floe_buf_puts(out, "null");
		return;
	}
	floe_buf_putc(out, '[');
	for (i = 0; i < v->u.list.n; i++) {
		if (i)
			floe_buf_putc(out, ',');
		prim_json(out, t->elem_id, t->elem_scale, &v->u.list.items[i]);
	}
	floe_buf_putc(out, ']');
}
