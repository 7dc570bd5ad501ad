/*
 * pgvalue_text.c — decoders of PostgreSQL's text output form (pgoutput 't'
 * columns, COPY fields cast to text) under the session settings pgvalue.h
 * names: ISO dates, UTC, shortest-exact floats, hex bytea, postgres-style
 * intervals. Hand-written parsers (no sscanf, no locale); anything that does
 * not look exactly like PostgreSQL's output is an error quoting the value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "pg/pgvalue_int.h"

static int bad(const struct floe_pgtype *t, const uint8_t *p, size_t len, const char *hint, struct floe_err *err)
{
	char q[80];

	return floe_err_set(err, "%s value %s is not valid %s text%s", floe_pgtype_kind_name(t->kind),
			    floe_pgv_quote(p, len, q, sizeof(q)), floe_pgtype_kind_name(t->kind), hint);
}

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool eq_lit(const uint8_t *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len == n && memcmp(p, lit, n) == 0;
}

/* Reads 1..maxd decimal digits at *i into *v. */
static bool rd_digits(const uint8_t *p, size_t len, size_t *i, int maxd, int64_t *v, int *nd)
{
	int64_t x = 0;
	int n = 0;

	while (*i < len && is_digit(p[*i]) && n < maxd) {
		x = x * 10 + (p[*i] - '0');
		(*i)++;
		n++;
	}
	if (n == 0 || (*i < len && is_digit(p[*i])))
		return false;
	*v = x;
	if (nd)
		*nd = n;
	return true;
}

static bool rd_2d(const uint8_t *p, size_t len, size_t *i, int64_t *v)
{
	int nd;
	return rd_digits(p, len, i, 2, v, &nd) && nd == 2;
}

static bool rd_ch(const uint8_t *p, size_t len, size_t *i, char c)
{
	if (*i < len && p[*i] == (uint8_t)c) {
		(*i)++;
		return true;
	}
	return false;
}

static int parse_int(const struct floe_pgtype *t, const uint8_t *p, size_t len, int64_t lo, int64_t hi,
		     int64_t *v, struct floe_err *err)
{
	size_t i = 0;
	bool neg = false;
	uint64_t x = 0, lim;

	if (len && (p[0] == '-' || p[0] == '+')) {
		neg = p[0] == '-';
		i = 1;
	}
	if (i == len)
		return bad(t, p, len, "", err);
	lim = neg ? (uint64_t)0 - (uint64_t)lo : (uint64_t)hi;
	for (; i < len; i++) {
		if (!is_digit(p[i]))
			return bad(t, p, len, "", err);
		if (x > (lim - (uint64_t)(p[i] - '0')) / 10)
			return bad(t, p, len, " (out of range)", err);
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	*v = neg ? (int64_t)((uint64_t)0 - x) : (int64_t)x;
	return 0;
}

static int parse_float(const struct floe_pgtype *t, const uint8_t *p, size_t len, struct floe_value *out,
		       struct floe_err *err)
{
	char b[64];
	char *end;

	if (len == 0 || len >= sizeof(b))
		return bad(t, p, len, "", err);
	memcpy(b, p, len);
	b[len] = 0;
	if (t->kind == FLOE_PGK_FLOAT4)
		out->u.f32 = strtof(b, &end);
	else
		out->u.f64 = strtod(b, &end);
	if (end != b + len || b[0] == ' ')
		return bad(t, p, len, "", err);
	return 0;
}

static const uint64_t p10[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL
};

static unsigned __int128 pow10x(int e)
{
	return e <= 19 ? (unsigned __int128)p10[e] : (unsigned __int128)p10[19] * p10[e - 19];
}

static int numeric_nofit(const struct floe_pgtype *t, const uint8_t *p, size_t len, bool special,
			 const struct floe_pg_policy *pol, struct floe_value *out, struct floe_err *err)
{
	char q[80];

	return floe_pgv_numeric_policy(t, floe_pgv_quote(p, len, q, sizeof(q)), special, pol, out, err);
}

static int parse_numeric(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			 const struct floe_pg_policy *pol, struct floe_value *out, struct floe_err *err)
{
	int P = t->type.precision, S = t->type.scale, nfrac = 0;
	unsigned __int128 acc = 0, ilimit = pow10x(P - S);
	size_t i = 0;
	bool neg = false, any = false, fits = true;

	if (eq_lit(p, len, "NaN") || eq_lit(p, len, "Infinity") || eq_lit(p, len, "-Infinity"))
		return numeric_nofit(t, p, len, true, pol, out, err);
	if (i < len && (p[i] == '-' || p[i] == '+'))
		neg = p[i++] == '-';
	for (; i < len && is_digit(p[i]); i++) {
		any = true;
		if (!fits)
			continue;
		acc = acc * 10 + (unsigned)(p[i] - '0');
		if (acc >= ilimit)
			fits = false;
	}
	if (i < len && p[i] == '.') {
		for (i++; i < len && is_digit(p[i]); i++) {
			any = true;
			if (nfrac < S) {
				acc = acc * 10 + (unsigned)(p[i] - '0');
				nfrac++;
			} else if (p[i] != '0') {
				fits = false;
			}
		}
	}
	if (!any || i != len)
		return bad(t, p, len, "", err);
	if (!fits)
		return numeric_nofit(t, p, len, false, pol, out, err);
	acc *= pow10x(S - nfrac);
	out->u.dec = neg ? -(floe_i128)acc : (floe_i128)acc;
	return 0;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_bytea(const struct floe_pgtype *t, const uint8_t *p, size_t len, struct floe_arena *a,
		       struct floe_value *out, struct floe_err *err)
{
	uint8_t *d;
	size_t i, n;

	if (len < 2 || p[0] != '\\' || p[1] != 'x' || (len - 2) % 2)
		return bad(t, p, len, " (expected hex form \\x...; set bytea_output=hex)", err);
	n = (len - 2) / 2;
	d = floe_arena_alloc(a, n ? n : 1);
	if (!d)
		return floe_err_set(err, "out of memory for a bytea of %zu bytes", n);
	for (i = 0; i < n; i++) {
		int hi = hexval(p[2 + 2 * i]), lo = hexval(p[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return bad(t, p, len, "", err);
		d[i] = (uint8_t)(hi << 4 | lo);
	}
	out->u.bytes.p = d;
	out->u.bytes.len = (uint32_t)n;
	return 0;
}

static int parse_uuid(const struct floe_pgtype *t, const uint8_t *p, size_t len, struct floe_arena *a,
		      struct floe_value *out, struct floe_err *err)
{
	uint8_t *d;
	size_t i, k = 0;

	if (len != 36)
		return bad(t, p, len, "", err);
	d = floe_arena_alloc(a, 16);
	if (!d)
		return floe_err_set(err, "out of memory for a uuid");
	for (i = 0; i < 36;) {
		int hi, lo;
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return bad(t, p, len, "", err);
			i++;
			continue;
		}
		hi = hexval(p[i]);
		lo = hexval(p[i + 1]);
		if (hi < 0 || lo < 0)
			return bad(t, p, len, "", err);
		d[k++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	out->u.bytes.p = d;
	out->u.bytes.len = 16;
	return 0;
}

static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

/* YYYY-MM-DD (year 1..7 digits) at *i → days since 1970 of the proleptic Gregorian
 * date, before any BC adjustment (the caller applies it to *year). */
static bool rd_date(const uint8_t *p, size_t len, size_t *i, int64_t *year, int64_t *mon, int64_t *day)
{
	int nd;

	if (!rd_digits(p, len, i, 7, year, &nd) || nd < 4 || !rd_ch(p, len, i, '-') || !rd_2d(p, len, i, mon) ||
	    !rd_ch(p, len, i, '-') || !rd_2d(p, len, i, day))
		return false;
	return *year >= 1 && *mon >= 1 && *mon <= 12 && *day >= 1 && *day <= mdays[*mon - 1] + (*mon == 2);
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_valid(int64_t y, int64_t m, int64_t d)
{
	return !(m == 2 && d == 29 && !leap(y));
}

/* HH:MM:SS[.ffffff] → µs */
static bool rd_time(const uint8_t *p, size_t len, size_t *i, int64_t *us)
{
	int64_t h, m, s, f = 0;
	int nd = 0;

	if (!rd_2d(p, len, i, &h) || !rd_ch(p, len, i, ':') || !rd_2d(p, len, i, &m) || !rd_ch(p, len, i, ':') ||
	    !rd_2d(p, len, i, &s))
		return false;
	if (rd_ch(p, len, i, '.')) {
		if (!rd_digits(p, len, i, 6, &f, &nd))
			return false;
		f *= (int64_t)p10[6 - nd];
	}
	if (h > 24 || m > 59 || s > 59 || (h == 24 && (m || s || f)))
		return false;
	*us = ((h * 60 + m) * 60 + s) * 1000000 + f;
	return true;
}

/* ±HH[:MM[:SS]] → seconds east of UTC */
static bool rd_offset(const uint8_t *p, size_t len, size_t *i, int64_t *secs)
{
	int64_t h, m = 0, s = 0;
	bool neg;

	if (*i >= len || (p[*i] != '+' && p[*i] != '-'))
		return false;
	neg = p[(*i)++] == '-';
	if (!rd_2d(p, len, i, &h))
		return false;
	if (rd_ch(p, len, i, ':')) {
		if (!rd_2d(p, len, i, &m))
			return false;
		if (rd_ch(p, len, i, ':') && !rd_2d(p, len, i, &s))
			return false;
	}
	if (m > 59 || s > 59)
		return false;
	*secs = (h * 3600 + m * 60 + s) * (neg ? -1 : 1);
	return true;
}

static bool rd_bc(const uint8_t *p, size_t len, size_t *i)
{
	if (len - *i == 3 && memcmp(p + *i, " BC", 3) == 0) {
		*i += 3;
		return true;
	}
	return false;
}

static int parse_date(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		      struct floe_value *out, struct floe_err *err)
{
	size_t i = 0;
	int64_t y, m, d, days;
	char what[160];

	if (eq_lit(p, len, "infinity") || eq_lit(p, len, "-infinity")) {
		snprintf(what, sizeof(what), "date value '%.*s' has no Iceberg equivalent; set types.infinity: 'null' "
			 "to store NULL", (int)len, (const char *)p);
		return floe_pgv_policy(pol, pol->infinity, out, err, what);
	}
	if (!rd_date(p, len, &i, &y, &m, &d))
		return bad(t, p, len, " (expected YYYY-MM-DD; set DateStyle=ISO)", err);
	if (rd_bc(p, len, &i))
		y = 1 - y;
	if (i != len || !date_valid(y, m, d))
		return bad(t, p, len, "", err);
	days = floe_days_from_civil(y, (int)m, (int)d);
	if (days > INT32_MAX || days < INT32_MIN)
		return bad(t, p, len, " (out of range)", err);
	out->u.i32 = (int32_t)days;
	return 0;
}

static int parse_timestamp(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			   const struct floe_pg_policy *pol, struct floe_value *out, struct floe_err *err)
{
	size_t i = 0;
	int64_t y, m, d, tod, off = 0;
	__int128 us;
	char what[160];

	if (eq_lit(p, len, "infinity") || eq_lit(p, len, "-infinity")) {
		snprintf(what, sizeof(what), "%s value '%.*s' has no Iceberg equivalent; set types.infinity: 'null' "
			 "to store NULL", floe_pgtype_kind_name(t->kind), (int)len, (const char *)p);
		return floe_pgv_policy(pol, pol->infinity, out, err, what);
	}
	if (!rd_date(p, len, &i, &y, &m, &d) || !rd_ch(p, len, &i, ' ') || !rd_time(p, len, &i, &tod))
		return bad(t, p, len, " (expected YYYY-MM-DD HH:MM:SS[.ffffff]; set DateStyle=ISO)", err);
	if (t->kind == FLOE_PGK_TIMESTAMPTZ && !rd_offset(p, len, &i, &off))
		return bad(t, p, len, " (missing the UTC offset)", err);
	if (rd_bc(p, len, &i))
		y = 1 - y;
	if (i != len || !date_valid(y, m, d))
		return bad(t, p, len, "", err);
	us = (__int128)floe_days_from_civil(y, (int)m, (int)d) * INT64_C(86400000000) + tod - (__int128)off * 1000000;
	if (us > INT64_MAX || us < INT64_MIN)
		return bad(t, p, len, " (beyond what Iceberg can store)", err);
	out->u.i64 = (int64_t)us;
	return 0;
}

/* IntervalStyle=postgres: "[N year[s]] [N mon[s]] [N day[s]] [[+|-]H+:MM:SS[.f]]", also "infinity". */
static int parse_interval(const struct floe_pgtype *t, const uint8_t *p, size_t len, struct floe_arena *a,
			  struct floe_value *out, struct floe_err *err)
{
	int64_t months = 0, days = 0, us = 0;
	size_t i = 0, n;
	bool any = false;
	char r[FLOE_PG_RENDER_MAX];

	if (eq_lit(p, len, "infinity") || eq_lit(p, len, "-infinity"))
		return floe_pgv_set_copy(a, p, len, out, err);
	while (i < len) {
		bool neg = false;
		size_t j;
		int64_t v;

		if (any && !rd_ch(p, len, &i, ' '))
			return bad(t, p, len, " (set IntervalStyle=postgres)", err);
		if (i < len && (p[i] == '+' || p[i] == '-'))
			neg = p[i++] == '-';
		/* time part: digits followed by ':' */
		for (j = i; j < len && is_digit(p[j]); j++)
			;
		if (j < len && p[j] == ':') {
			int64_t h, mi, s, f = 0;
			int nd;
			if (!rd_digits(p, len, &i, 10, &h, NULL) || !rd_ch(p, len, &i, ':') || !rd_2d(p, len, &i, &mi) ||
			    !rd_ch(p, len, &i, ':') || !rd_2d(p, len, &i, &s) || mi > 59 || s > 59)
				return bad(t, p, len, "", err);
			if (rd_ch(p, len, &i, '.')) {
				if (!rd_digits(p, len, &i, 6, &f, &nd))
					return bad(t, p, len, "", err);
				f *= (int64_t)p10[6 - nd];
			}
			if (i != len || h > INT64_C(2562047788))
				return bad(t, p, len, "", err);
			{
				__int128 x = ((__int128)(h * 60 + mi) * 60 + s) * 1000000 + f;
				if (neg)
					x = -x;
				if (x > INT64_MAX || x < INT64_MIN)
					return bad(t, p, len, " (out of range)", err);
				us = (int64_t)x;
			}
			any = true;
			break;
		}
		if (!rd_digits(p, len, &i, 10, &v, NULL) || !rd_ch(p, len, &i, ' '))
			return bad(t, p, len, " (set IntervalStyle=postgres)", err);
		if (neg)
			v = -v;
		if (len - i >= 4 && memcmp(p + i, "year", 4) == 0) {
			i += 4;
			months += v * 12;
		} else if (len - i >= 3 && memcmp(p + i, "mon", 3) == 0) {
			i += 3;
			months += v;
		} else if (len - i >= 3 && memcmp(p + i, "day", 3) == 0) {
			i += 3;
			days += v;
		} else {
			return bad(t, p, len, " (set IntervalStyle=postgres)", err);
		}
		rd_ch(p, len, &i, 's');
		if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN)
			return bad(t, p, len, " (out of range)", err);
		any = true;
	}
	if (!any || months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN)
		return bad(t, p, len, "", err);
	n = floe_pgv_render_interval((int32_t)months, (int32_t)days, us, r);
	return floe_pgv_set_copy(a, r, n, out, err);
}

static int parse_array(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		       struct floe_arena *a, struct floe_value *out, struct floe_err *err);

static int decode_scalar(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
			 struct floe_arena *a, struct floe_value *out, struct floe_err *err)
{
	int64_t v;
	size_t i = 0;

	out->is_null = false;
	switch (t->kind) {
	case FLOE_PGK_BOOL:
		if (eq_lit(p, len, "t"))
			out->u.b = true;
		else if (eq_lit(p, len, "f"))
			out->u.b = false;
		else
			return bad(t, p, len, " (expected 't' or 'f')", err);
		return 0;
	case FLOE_PGK_INT2:
		if (parse_int(t, p, len, INT16_MIN, INT16_MAX, &v, err))
			return -1;
		out->u.i32 = (int32_t)v;
		return 0;
	case FLOE_PGK_INT4:
		if (parse_int(t, p, len, INT32_MIN, INT32_MAX, &v, err))
			return -1;
		out->u.i32 = (int32_t)v;
		return 0;
	case FLOE_PGK_INT8:
		return parse_int(t, p, len, INT64_MIN, INT64_MAX, &out->u.i64, err);
	case FLOE_PGK_OID:
		if (len && p[0] == '-')
			return bad(t, p, len, "", err);
		return parse_int(t, p, len, 0, UINT32_MAX, &out->u.i64, err);
	case FLOE_PGK_FLOAT4:
	case FLOE_PGK_FLOAT8:
		return parse_float(t, p, len, out, err);
	case FLOE_PGK_NUMERIC:
		return parse_numeric(t, p, len, pol, out, err);
	case FLOE_PGK_BYTEA:
		return parse_bytea(t, p, len, a, out, err);
	case FLOE_PGK_UUID:
		return parse_uuid(t, p, len, a, out, err);
	case FLOE_PGK_DATE:
		return parse_date(t, p, len, pol, out, err);
	case FLOE_PGK_TIME:
		if (!rd_time(p, len, &i, &out->u.i64) || i != len)
			return bad(t, p, len, " (expected HH:MM:SS[.ffffff])", err);
		return 0;
	case FLOE_PGK_TIMESTAMP:
	case FLOE_PGK_TIMESTAMPTZ:
		return parse_timestamp(t, p, len, pol, out, err);
	case FLOE_PGK_INTERVAL:
		return parse_interval(t, p, len, a, out, err);
	case FLOE_PGK_TIMETZ: {
		int64_t off;
		if (!rd_time(p, len, &i, &v) || !rd_offset(p, len, &i, &off) || i != len)
			return bad(t, p, len, " (expected HH:MM:SS[.ffffff]+HH[:MM])", err);
		break;
	}
	case FLOE_PGK_ARRAY:
		return parse_array(t, p, len, pol, a, out, err);
	case FLOE_PGK_JSONB:
	case FLOE_PGK_STRING:
	case FLOE_PGK_CHAR:
	case FLOE_PGK_JSON:
	case FLOE_PGK_INET:
	case FLOE_PGK_CIDR:
	case FLOE_PGK_MACADDR:
	case FLOE_PGK_MACADDR8:
	case FLOE_PGK_BIT:
	case FLOE_PGK_TEXT_ONLY:
		break;
	}
	/* the text form is the Iceberg string */
	if (len > UINT32_MAX)
		return floe_err_set(err, "value of %zu bytes is too large", len);
	out->u.bytes.p = p;
	out->u.bytes.len = (uint32_t)len;
	return 0;
}

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int multi_dim(const uint8_t *p, size_t len, struct floe_err *err)
{
	char q[80];

	return floe_err_set(err, "multi-dimensional array value %s in a column mapped to a list; "
			    "declare the column with all its dimensions (for example int[][]) to store it as text",
			    floe_pgv_quote(p, len, q, sizeof(q)));
}

/*
 * One-dimensional array text: optional "[lo:hi]=" decoration, then
 * "{e1,e2,...}" where an element is NULL, an unquoted token or a quoted
 * string with backslash escapes. Nested braces (multi-dimensional) fail.
 */
static int parse_array(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		       struct floe_arena *a, struct floe_value *out, struct floe_err *err)
{
	struct floe_pgtype et;
	struct floe_value *items;
	size_t i = 0, cap = 1, k, n = 0;

	floe_pgv_elem_type(t, &et);
	if (i < len && p[i] == '[') {
		while (i < len && p[i] != ']')
			i++;
		if (i + 2 < len && p[i + 1] == '[')
			return multi_dim(p, len, err);
		if (i + 1 >= len || p[i + 1] != '=')
			return bad(t, p, len, "", err);
		i += 2;
	}
	if (i >= len || p[i] != '{' || p[len - 1] != '}')
		return bad(t, p, len, "", err);
	i++;
	for (k = i; k < len; k++)
		cap += p[k] == ',';
	items = floe_arena_alloc(a, sizeof(*items) * cap);
	if (!items)
		return floe_err_set(err, "out of memory for an array of %zu elements", cap);
	while (i < len && is_space(p[i]))
		i++;
	if (i < len && p[i] == '}' && i + 1 == len)
		i = len; /* "{}": empty */
	while (i < len) {
		const uint8_t *ep;
		size_t elen;
		bool quoted = false, escaped = false;
		uint8_t *u = NULL;

		while (i < len && is_space(p[i]))
			i++;
		if (i >= len)
			return bad(t, p, len, "", err);
		if (p[i] == '{')
			return multi_dim(p, len, err);
		if (p[i] == '"') {
			size_t s = ++i;
			quoted = true;
			while (i < len && p[i] != '"') {
				if (p[i] == '\\') {
					escaped = true;
					i++;
				}
				i++;
			}
			if (i >= len)
				return bad(t, p, len, " (unterminated quote)", err);
			ep = p + s;
			elen = i - s;
			i++;
		} else {
			size_t s = i, e;
			while (i < len && p[i] != ',' && p[i] != '}' && p[i] != '"' && p[i] != '{') {
				if (p[i] == '\\') {
					escaped = true;
					i++;
				}
				i++;
			}
			if (i > len)
				return bad(t, p, len, "", err);
			e = i;
			while (e > s && is_space(p[e - 1]) && !(e >= s + 2 && p[e - 2] == '\\'))
				e--;
			ep = p + s;
			elen = e - s;
			if (elen == 0)
				return bad(t, p, len, " (empty element)", err);
		}
		if (escaped) {
			size_t r, w = 0;
			u = floe_arena_alloc(a, elen ? elen : 1);
			if (!u)
				return floe_err_set(err, "out of memory for an array element");
			for (r = 0; r < elen; r++) {
				if (ep[r] == '\\' && r + 1 < elen)
					r++;
				u[w++] = ep[r];
			}
			ep = u;
			elen = w;
		}
		if (n >= cap)
			return bad(t, p, len, "", err);
		if (!quoted && !escaped && elen == 4 && (ep[0] | 0x20) == 'n' && (ep[1] | 0x20) == 'u' &&
		    (ep[2] | 0x20) == 'l' && (ep[3] | 0x20) == 'l') {
			memset(&items[n], 0, sizeof(items[n]));
			items[n].is_null = true;
		} else if (decode_scalar(&et, ep, elen, pol, a, &items[n], err)) {
			return floe_err_prefix(err, "array element %zu: ", n + 1);
		}
		n++;
		while (i < len && is_space(p[i]))
			i++;
		if (i < len && p[i] == ',') {
			i++;
			continue;
		}
		if (i < len && p[i] == '}' && i + 1 == len)
			break;
		return bad(t, p, len, "", err);
	}
	out->is_null = false;
	out->u.list.items = n ? items : NULL;
	out->u.list.n = (uint32_t)n;
	return 0;
}

int floe_pgv_decode_text(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			 const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			 struct floe_err *err)
{
	return decode_scalar(t, p, len, policy, arena, out, err);
}
