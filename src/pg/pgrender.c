/*
 * pgrender.c — renders PostgreSQL values whose Iceberg form is a string
 * (interval as ISO 8601, timetz, inet/cidr) exactly as PostgreSQL's output
 * functions print them, plus the numeric text and value quoting used in
 * error messages, and the exact numeric → decimal rescale. No allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/pgvalue_int.h"

const char *floe_pgv_quote(const uint8_t *p, size_t len, char *out, size_t outsz)
{
	size_t i, o = 0;

	if (outsz < 8) {
		if (outsz)
			out[0] = 0;
		return out;
	}
	out[o++] = '\'';
	for (i = 0; i < len && o + 6 < outsz && i < 64; i++)
		out[o++] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	if (i < len) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o++] = '\'';
	out[o] = 0;
	return out;
}

void floe_pg_policy_init(struct floe_pg_policy *p, const struct floe_config *cfg, uint64_t *nulled)
{
	p->numeric_overflow = cfg->types.numeric_overflow;
	p->infinity = cfg->types.infinity;
	p->nulled = nulled;
}

int floe_pgv_policy(const struct floe_pg_policy *pol, enum floe_policy which, struct floe_value *out,
		    struct floe_err *err, const char *what)
{
	if (which == FLOE_POLICY_NULL) {
		memset(out, 0, sizeof(*out));
		out->is_null = true;
		if (pol->nulled)
			(*pol->nulled)++;
		return 0;
	}
	return floe_err_set(err, "%s", what);
}

int floe_pgv_numeric_policy(const struct floe_pgtype *t, const char *quoted, bool special,
			    const struct floe_pg_policy *pol, struct floe_value *out, struct floe_err *err)
{
	char what[256];

	if (special)
		snprintf(what, sizeof(what), "numeric value %s has no Iceberg decimal equivalent; set "
			 "types.numeric_overflow: 'null' to store NULL (or remove the value at the source)", quoted);
	else
		snprintf(what, sizeof(what), "numeric value %s does not fit decimal(%d,%d) exactly; declare the column "
			 "numeric(p,s) with p <= 38, or set types.numeric_overflow: 'null' to store NULL", quoted,
			 t->type.precision, t->type.scale);
	return floe_pgv_policy(pol, pol->numeric_overflow, out, err, what);
}

int floe_pgv_set_copy(struct floe_arena *a, const void *p, size_t len, struct floe_value *out, struct floe_err *err)
{
	void *d;

	if (len > UINT32_MAX)
		return floe_err_set(err, "value of %zu bytes is too large", len);
	d = floe_arena_alloc(a, len ? len : 1);
	if (!d)
		return floe_err_set(err, "out of memory for a value of %zu bytes", len);
	if (len)
		memcpy(d, p, len);
	out->is_null = false;
	out->u.bytes.p = d;
	out->u.bytes.len = (uint32_t)len;
	return 0;
}

/* Writes v in decimal; returns the number of chars. */
static size_t put_u64(char *o, uint64_t v)
{
	char t[24];
	size_t n = 0, i;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		o[i] = t[n - 1 - i];
	return n;
}

static size_t put_i64(char *o, int64_t v)
{
	if (v < 0) {
		o[0] = '-';
		return 1 + put_u64(o + 1, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(o, (uint64_t)v);
}

static size_t put_2d(char *o, int64_t v)
{
	if (v >= 100)
		return put_u64(o, (uint64_t)v);
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return 2;
}

/* ".ffffff" without trailing zeros (nothing when f == 0); f in [0, 999999]. */
static size_t put_frac(char *o, int64_t f)
{
	size_t n = 7;
	int i;

	if (f == 0)
		return 0;
	o[0] = '.';
	for (i = 6; i >= 1; i--) {
		o[i] = (char)('0' + f % 10);
		f /= 10;
	}
	while (o[n - 1] == '0')
		n--;
	return n;
}

static size_t iso_part(char *o, int64_t v, char unit)
{
	size_t n;

	if (v == 0)
		return 0;
	n = put_i64(o, v);
	o[n++] = unit;
	return n;
}

size_t floe_pgv_render_interval(int32_t months, int32_t days, int64_t us, char *out)
{
	int64_t year, mon, hour, min, sec, fsec, t = us;
	size_t n = 0;

	if (months == INT32_MAX && days == INT32_MAX && us == INT64_MAX) {
		memcpy(out, "infinity", 8);
		return 8;
	}
	if (months == INT32_MIN && days == INT32_MIN && us == INT64_MIN) {
		memcpy(out, "-infinity", 9);
		return 9;
	}
	year = months / 12;
	mon = months % 12;
	hour = t / INT64_C(3600000000);
	t -= hour * INT64_C(3600000000);
	min = t / 60000000;
	t -= min * 60000000;
	sec = t / 1000000;
	fsec = t - sec * 1000000;
	if (year == 0 && mon == 0 && days == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0) {
		memcpy(out, "PT0S", 4);
		return 4;
	}
	out[n++] = 'P';
	n += iso_part(out + n, year, 'Y');
	n += iso_part(out + n, mon, 'M');
	n += iso_part(out + n, days, 'D');
	if (hour != 0 || min != 0 || sec != 0 || fsec != 0)
		out[n++] = 'T';
	n += iso_part(out + n, hour, 'H');
	n += iso_part(out + n, min, 'M');
	if (sec != 0 || fsec != 0) {
		if (sec < 0 || fsec < 0)
			out[n++] = '-';
		n += put_u64(out + n, (uint64_t)llabs(sec));
		n += put_frac(out + n, llabs(fsec));
		out[n++] = 'S';
	}
	return n;
}

size_t floe_pgv_render_timetz(int64_t us, int32_t zone, char *out)
{
	int64_t s = us / 1000000;
	int64_t az = zone < 0 ? -(int64_t)zone : zone;
	int64_t zh = az / 3600, zm = az / 60 % 60, zs = az % 60;
	size_t n = 0;

	n += put_2d(out + n, s / 3600);
	out[n++] = ':';
	n += put_2d(out + n, s / 60 % 60);
	out[n++] = ':';
	n += put_2d(out + n, s % 60);
	n += put_frac(out + n, us % 1000000);
	out[n++] = zone <= 0 ? '+' : '-';
	n += put_2d(out + n, zh);
	if (zm != 0 || zs != 0) {
		out[n++] = ':';
		n += put_2d(out + n, zm);
	}
	if (zs != 0) {
		out[n++] = ':';
		n += put_2d(out + n, zs);
	}
	return n;
}

int floe_pgv_render_inet(int family, int bits, const uint8_t *addr, size_t nb, bool cidr, char *out,
			 size_t *outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int i, maxbits;

	if (family == 2) { /* PGSQL_AF_INET */
		maxbits = 32;
		if (nb != 4 || bits < 0 || bits > 32)
			return -1;
		for (i = 0; i < 4; i++) {
			if (i)
				out[n++] = '.';
			n += put_u64(out + n, addr[i]);
		}
	} else if (family == 3) { /* PGSQL_AF_INET6 */
		unsigned words[8];
		int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;

		maxbits = 128;
		if (nb != 16 || bits < 0 || bits > 128)
			return -1;
		for (i = 0; i < 8; i++)
			words[i] = (unsigned)addr[2 * i] << 8 | addr[2 * i + 1];
		for (i = 0; i < 8; i++) {
			if (words[i] == 0) {
				if (cur_base == -1) {
					cur_base = i;
					cur_len = 1;
				} else {
					cur_len++;
				}
			} else if (cur_base != -1) {
				if (best_base == -1 || cur_len > best_len) {
					best_base = cur_base;
					best_len = cur_len;
				}
				cur_base = -1;
			}
		}
		if (cur_base != -1 && (best_base == -1 || cur_len > best_len)) {
			best_base = cur_base;
			best_len = cur_len;
		}
		if (best_base != -1 && best_len < 2)
			best_base = -1;
		for (i = 0; i < 8; i++) {
			if (best_base != -1 && i >= best_base && i < best_base + best_len) {
				if (i == best_base)
					out[n++] = ':';
				continue;
			}
			if (i != 0)
				out[n++] = ':';
			if (i == 6 && best_base == 0 &&
			    (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
				int j;
				for (j = 12; j < 16; j++) {
					if (j > 12)
						out[n++] = '.';
					n += put_u64(out + n, addr[j]);
				}
				break;
			}
			{
				unsigned w = words[i];
				int shift, started = 0;
				for (shift = 12; shift >= 0; shift -= 4) {
					unsigned d = (w >> shift) & 15;
					if (d || started || shift == 0) {
						out[n++] = hex[d];
						started = 1;
					}
				}
			}
		}
		if (best_base != -1 && best_base + best_len == 8)
			out[n++] = ':';
	} else {
		return -1;
	}
	if (bits != maxbits || cidr) {
		out[n++] = '/';
		n += put_u64(out + n, (uint64_t)bits);
	}
	*outlen = n;
	return 0;
}

void floe_pgv_render_numeric(int16_t weight, uint16_t sign, int16_t dscale, const int16_t *digits, int ndigits,
			     char *out, size_t outsz)
{
	char buf[160];
	size_t n = 0;
	int i, d;

	if (sign == 0xC000) {
		snprintf(out, outsz, "NaN");
		return;
	}
	if (sign == 0xD000 || sign == 0xF000) {
		snprintf(out, outsz, "%s", sign == 0xD000 ? "Infinity" : "-Infinity");
		return;
	}
	if (sign == 0x4000)
		buf[n++] = '-';
	if (weight < 0) {
		buf[n++] = '0';
	} else {
		for (i = 0; i <= weight && n + 8 < sizeof(buf); i++) {
			d = i < ndigits ? digits[i] : 0;
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, i == 0 ? "%d" : "%04d", d);
		}
	}
	if (dscale > 0 && n + 2 < sizeof(buf)) {
		int shown = 0;
		buf[n++] = '.';
		for (i = weight + 1; shown < dscale && n + 6 < sizeof(buf); i++) {
			char g[8];
			int k;
			d = (i >= 0 && i < ndigits) ? digits[i] : 0;
			snprintf(g, sizeof(g), "%04d", d);
			for (k = 0; k < 4 && shown < dscale; k++, shown++)
				buf[n++] = g[k];
		}
	}
	buf[n] = 0;
	if (n + 1 > outsz && outsz > 4)
		snprintf(out, outsz, "%.*s...", (int)(outsz - 4), buf);
	else
		snprintf(out, outsz, "%s", buf);
}

static const uint64_t pow10_u64[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL
};

static unsigned __int128 pow10_u128(int e)
{
	if (e <= 19)
		return pow10_u64[e];
	return (unsigned __int128)pow10_u64[19] * pow10_u64[e - 19];
}

int floe_pgv_numeric_to_dec(const uint8_t *digits_be, int ndigits, int weight, bool neg, int precision, int scale,
			    floe_i128 *out)
{
	unsigned __int128 acc = 0, limit = pow10_u128(precision), term;
	int i;

	for (i = 0; i < ndigits; i++) {
		uint64_t d = floe_load_u16be(digits_be + 2 * i);
		int e;
		if (d == 0)
			continue;
		e = 4 * (weight - i) + scale; /* the power of ten this digit contributes at */
		if (e < 0) {
			if (e <= -4 || d % pow10_u64[-e] != 0)
				return 1; /* fraction digits beyond the scale */
			term = d / pow10_u64[-e];
		} else {
			if (e >= precision)
				return 1;
			if (precision - e < 4 && d >= pow10_u64[precision - e])
				return 1;
			term = (unsigned __int128)d * pow10_u128(e);
		}
		acc += term;
		if (acc >= limit)
			return 1;
	}
	*out = neg ? -(floe_i128)acc : (floe_i128)acc;
	return 0;
}
