/*
 * pgvalue.c — the binary send format decoders (one per floe_pg_kind), the
 * binary array decoder, and the public entry floe_pgvalue_decode() that
 * dispatches to them or to the text-form decoders in pgvalue_text.c.
 * Conversions follow pgvalue.h; strings rendered here (inet, interval, …)
 * match PostgreSQL's output functions byte for byte.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/rd.h"
#include "core/timeutil.h"
#include "pg/pgvalue_int.h"

static int bad_len(const struct floe_pgtype *t, size_t len, size_t want, struct floe_err *err)
{
	return floe_err_set(err, "binary %s value has %zu bytes, expected %zu; the server sent a different type "
			    "than the relation declares", floe_pgtype_kind_name(t->kind), len, want);
}

static int render_copy(struct floe_arena *a, const char *s, size_t n, struct floe_value *out, struct floe_err *err)
{
	return floe_pgv_set_copy(a, s, n, out, err);
}

static int dec_numeric(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		       struct floe_value *out, struct floe_err *err)
{
	int16_t ndigits, weight, dscale;
	uint16_t sign;
	char quoted[100], txt[96];
	int16_t dg[24] = { 0 };
	int i;

	if (len < 8)
		return floe_err_set(err, "binary numeric value has %zu bytes, expected at least 8", len);
	ndigits = (int16_t)floe_load_u16be(p);
	weight = (int16_t)floe_load_u16be(p + 2);
	sign = floe_load_u16be(p + 4);
	dscale = (int16_t)floe_load_u16be(p + 6);
	if (ndigits < 0 || len != 8 + 2 * (size_t)ndigits)
		return floe_err_set(err, "binary numeric value has %zu bytes but says %d digits", len, (int)ndigits);
	if (sign != 0 && sign != 0x4000 && sign != 0xC000 && sign != 0xD000 && sign != 0xF000)
		return floe_err_set(err, "binary numeric value has invalid sign 0x%04x", sign);
	for (i = 0; i < ndigits; i++)
		if (floe_load_u16be(p + 8 + 2 * i) > 9999)
			return floe_err_set(err, "binary numeric value has invalid base-10000 digit %u",
					    floe_load_u16be(p + 8 + 2 * i));
	if (sign == 0 || sign == 0x4000) {
		if (floe_pgv_numeric_to_dec(p + 8, ndigits, weight, sign == 0x4000, t->type.precision, t->type.scale,
					    &out->u.dec) == 0) {
			out->is_null = false;
			return 0;
		}
	}
	for (i = 0; i < ndigits && i < 24; i++)
		dg[i] = (int16_t)floe_load_u16be(p + 8 + 2 * i);
	floe_pgv_render_numeric(weight, sign, dscale, dg, ndigits < 24 ? ndigits : 24, txt, sizeof(txt));
	snprintf(quoted, sizeof(quoted), "'%s'", txt);
	return floe_pgv_numeric_policy(t, quoted, sign != 0 && sign != 0x4000, pol, out, err);
}

static int infinity(const struct floe_pg_policy *pol, const struct floe_pgtype *t, bool neg, struct floe_value *out,
		    struct floe_err *err)
{
	char what[200];

	snprintf(what, sizeof(what), "%s value '%sinfinity' has no Iceberg equivalent; set types.infinity: 'null' to "
		 "store NULL", floe_pgtype_kind_name(t->kind), neg ? "-" : "");
	return floe_pgv_policy(pol, pol->infinity, out, err, what);
}

static int dec_scalar(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		      struct floe_arena *a, struct floe_value *out, struct floe_err *err)
{
	char r[FLOE_PG_RENDER_MAX];
	size_t n;

	out->is_null = false;
	switch (t->kind) {
	case FLOE_PGK_BOOL:
		if (len != 1)
			return bad_len(t, len, 1, err);
		if (p[0] > 1)
			return floe_err_set(err, "binary bool value is 0x%02x, expected 0 or 1", p[0]);
		out->u.b = p[0] != 0;
		return 0;
	case FLOE_PGK_INT2:
		if (len != 2)
			return bad_len(t, len, 2, err);
		out->u.i32 = (int16_t)floe_load_u16be(p);
		return 0;
	case FLOE_PGK_INT4:
		if (len != 4)
			return bad_len(t, len, 4, err);
		out->u.i32 = (int32_t)floe_load_u32be(p);
		return 0;
	case FLOE_PGK_INT8:
		if (len != 8)
			return bad_len(t, len, 8, err);
		out->u.i64 = (int64_t)floe_load_u64be(p);
		return 0;
	case FLOE_PGK_OID:
		if (len != 4)
			return bad_len(t, len, 4, err);
		out->u.i64 = (int64_t)floe_load_u32be(p);
		return 0;
	case FLOE_PGK_FLOAT4: {
		uint32_t bits;
		if (len != 4)
			return bad_len(t, len, 4, err);
		bits = floe_load_u32be(p);
		memcpy(&out->u.f32, &bits, 4);
		return 0;
	}
	case FLOE_PGK_FLOAT8: {
		uint64_t bits;
		if (len != 8)
			return bad_len(t, len, 8, err);
		bits = floe_load_u64be(p);
		memcpy(&out->u.f64, &bits, 8);
		return 0;
	}
	case FLOE_PGK_NUMERIC:
		return dec_numeric(t, p, len, pol, out, err);
	case FLOE_PGK_STRING:
	case FLOE_PGK_JSON:
	case FLOE_PGK_BYTEA:
		if (len > UINT32_MAX)
			return floe_err_set(err, "value of %zu bytes is too large", len);
		out->u.bytes.p = p;
		out->u.bytes.len = (uint32_t)len;
		return 0;
	case FLOE_PGK_JSONB:
		if (len < 1 || p[0] != 1)
			return floe_err_set(err, "binary jsonb value has version %d, expected 1", len ? p[0] : -1);
		out->u.bytes.p = p + 1;
		out->u.bytes.len = (uint32_t)(len - 1);
		return 0;
	case FLOE_PGK_CHAR:
		if (len != 1)
			return bad_len(t, len, 1, err);
		if (p[0] == 0) {
			n = 0;
		} else if (p[0] & 0x80) {
			r[0] = '\\';
			r[1] = (char)('0' + (p[0] >> 6));
			r[2] = (char)('0' + ((p[0] >> 3) & 7));
			r[3] = (char)('0' + (p[0] & 7));
			n = 4;
		} else {
			r[0] = (char)p[0];
			n = 1;
		}
		return render_copy(a, r, n, out, err);
	case FLOE_PGK_UUID:
		if (len != 16)
			return bad_len(t, len, 16, err);
		out->u.bytes.p = p;
		out->u.bytes.len = 16;
		return 0;
	case FLOE_PGK_DATE: {
		int32_t d;
		if (len != 4)
			return bad_len(t, len, 4, err);
		d = (int32_t)floe_load_u32be(p);
		if (d == INT32_MAX || d == INT32_MIN)
			return infinity(pol, t, d == INT32_MIN, out, err);
		if (d > INT32_MAX - FLOE_PG_EPOCH_UNIX_DAYS)
			return floe_err_set(err, "binary date value %d is out of range", (int)d);
		out->u.i32 = d + FLOE_PG_EPOCH_UNIX_DAYS;
		return 0;
	}
	case FLOE_PGK_TIME: {
		int64_t us;
		if (len != 8)
			return bad_len(t, len, 8, err);
		us = (int64_t)floe_load_u64be(p);
		if (us < 0 || us > INT64_C(86400000000))
			return floe_err_set(err, "binary time value %lld is outside 00:00:00..24:00:00", (long long)us);
		out->u.i64 = us;
		return 0;
	}
	case FLOE_PGK_TIMESTAMP:
	case FLOE_PGK_TIMESTAMPTZ: {
		int64_t us;
		if (len != 8)
			return bad_len(t, len, 8, err);
		us = (int64_t)floe_load_u64be(p);
		if (us == INT64_MAX || us == INT64_MIN)
			return infinity(pol, t, us == INT64_MIN, out, err);
		if (us > INT64_MAX - FLOE_PG_EPOCH_UNIX_US)
			return floe_err_set(err, "binary %s value %lld is beyond what Iceberg can store",
					    floe_pgtype_kind_name(t->kind), (long long)us);
		out->u.i64 = us + FLOE_PG_EPOCH_UNIX_US;
		return 0;
	}
	case FLOE_PGK_TIMETZ: {
		int64_t us;
		int32_t zone;
		if (len != 12)
			return bad_len(t, len, 12, err);
		us = (int64_t)floe_load_u64be(p);
		zone = (int32_t)floe_load_u32be(p + 8);
		if (us < 0 || us > INT64_C(86400000000) || zone < -16 * 3600 || zone > 16 * 3600)
			return floe_err_set(err, "binary timetz value (%lld, zone %d) is out of range", (long long)us,
					    (int)zone);
		n = floe_pgv_render_timetz(us, zone, r);
		return render_copy(a, r, n, out, err);
	}
	case FLOE_PGK_INTERVAL:
		if (len != 16)
			return bad_len(t, len, 16, err);
		n = floe_pgv_render_interval((int32_t)floe_load_u32be(p + 12), (int32_t)floe_load_u32be(p + 8),
					     (int64_t)floe_load_u64be(p), r);
		return render_copy(a, r, n, out, err);
	case FLOE_PGK_INET:
	case FLOE_PGK_CIDR:
		if (len < 4 || len != 4 + (size_t)p[3] ||
		    floe_pgv_render_inet(p[0], p[1], p + 4, p[3], t->kind == FLOE_PGK_CIDR, r, &n))
			return floe_err_set(err, "binary %s value is malformed (family %d, %zu bytes)",
					    floe_pgtype_kind_name(t->kind), len ? p[0] : -1, len);
		return render_copy(a, r, n, out, err);
	case FLOE_PGK_MACADDR:
	case FLOE_PGK_MACADDR8: {
		static const char hex[] = "0123456789abcdef";
		size_t want = t->kind == FLOE_PGK_MACADDR ? 6 : 8, i;
		if (len != want)
			return bad_len(t, len, want, err);
		for (i = 0, n = 0; i < want; i++) {
			if (i)
				r[n++] = ':';
			r[n++] = hex[p[i] >> 4];
			r[n++] = hex[p[i] & 15];
		}
		return render_copy(a, r, n, out, err);
	}
	case FLOE_PGK_BIT: {
		int32_t bits;
		uint8_t *s;
		size_t i;
		if (len < 4)
			return bad_len(t, len, 4, err);
		bits = (int32_t)floe_load_u32be(p);
		if (bits < 0 || len != 4 + ((size_t)bits + 7) / 8)
			return floe_err_set(err, "binary bit value says %d bits but has %zu bytes", (int)bits, len);
		s = floe_arena_alloc(a, (size_t)bits + 1);
		if (!s)
			return floe_err_set(err, "out of memory for a bit string of %d bits", (int)bits);
		for (i = 0; i < (size_t)bits; i++)
			s[i] = (p[4 + i / 8] >> (7 - i % 8)) & 1 ? '1' : '0';
		out->u.bytes.p = s;
		out->u.bytes.len = (uint32_t)bits;
		return 0;
	}
	case FLOE_PGK_TEXT_ONLY:
	case FLOE_PGK_ARRAY:
		break;
	}
	return floe_err_set(err, "no binary decoder for type oid %u (%s); use text mode for this relation",
			    t->oid, floe_pgtype_kind_name(t->kind));
}

void floe_pgv_elem_type(const struct floe_pgtype *arr, struct floe_pgtype *elem)
{
	memset(elem, 0, sizeof(*elem));
	elem->kind = arr->elem;
	elem->elem = FLOE_PGK_TEXT_ONLY;
	elem->oid = arr->elem_oid;
	elem->typmod = arr->typmod;
	elem->type = floe_type_elem(&arr->type);
	elem->binary = arr->binary;
}

static int dec_array(const struct floe_pgtype *t, const uint8_t *p, size_t len, const struct floe_pg_policy *pol,
		     struct floe_arena *a, struct floe_value *out, struct floe_err *err)
{
	struct floe_rd r;
	int32_t ndim, flags, dim, lbound;
	uint32_t elemtype, i;
	struct floe_pgtype et;
	struct floe_value *items;

	floe_rd_init(&r, p, len);
	if (floe_rd_i32be(&r, &ndim) || floe_rd_i32be(&r, &flags) || floe_rd_u32be(&r, &elemtype))
		return floe_err_set(err, "binary array value of %zu bytes is truncated in its header", len);
	if (flags != 0 && flags != 1)
		return floe_err_set(err, "binary array value has invalid flags %d", (int)flags);
	if (t->elem_oid != 0 && elemtype != t->elem_oid)
		return floe_err_set(err, "binary array has element type oid %u, expected %u", elemtype, t->elem_oid);
	out->is_null = false;
	out->u.list.items = NULL;
	out->u.list.n = 0;
	if (ndim == 0)
		return floe_rd_left(&r) ? floe_err_set(err, "empty binary array has %zu trailing bytes",
						       floe_rd_left(&r)) : 0;
	if (ndim < 0 || ndim > 6)
		return floe_err_set(err, "binary array has invalid dimension count %d", (int)ndim);
	if (ndim > 1)
		return floe_err_set(err, "multi-dimensional array value (%d dimensions) in a column mapped to a "
				    "list; declare the column with all its dimensions (for example int[][]) to store it as text",
				    (int)ndim);
	if (floe_rd_i32be(&r, &dim) || floe_rd_i32be(&r, &lbound))
		return floe_err_set(err, "binary array value of %zu bytes is truncated in its dimensions", len);
	/* every element has at least its 4-byte length */
	if (dim < 0 || (size_t)dim > floe_rd_left(&r) / 4)
		return floe_err_set(err, "binary array says %d elements but has %zu bytes left", (int)dim,
				    floe_rd_left(&r));
	if (dim == 0)
		return 0;
	items = floe_arena_alloc(a, sizeof(*items) * (size_t)dim);
	if (!items)
		return floe_err_set(err, "out of memory for an array of %d elements", (int)dim);
	floe_pgv_elem_type(t, &et);
	for (i = 0; i < (uint32_t)dim; i++) {
		int32_t elen;
		const uint8_t *ep;
		if (floe_rd_i32be(&r, &elen))
			return floe_err_set(err, "binary array element %u is truncated", i + 1);
		if (elen == -1) {
			memset(&items[i], 0, sizeof(items[i]));
			items[i].is_null = true;
			continue;
		}
		if (elen < 0 || floe_rd_bytes(&r, (size_t)elen, &ep))
			return floe_err_set(err, "binary array element %u has invalid length %d", i + 1, (int)elen);
		if (dec_scalar(&et, ep, (size_t)elen, pol, a, &items[i], err))
			return floe_err_prefix(err, "array element %u: ", i + 1);
	}
	if (floe_rd_left(&r))
		return floe_err_set(err, "binary array has %zu trailing bytes", floe_rd_left(&r));
	out->u.list.items = items;
	out->u.list.n = (uint32_t)dim;
	return 0;
}

int floe_pgv_decode_binary(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			   const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			   struct floe_err *err)
{
	if (t->kind == FLOE_PGK_ARRAY)
		return dec_array(t, p, len, policy, arena, out, err);
	return dec_scalar(t, p, len, policy, arena, out, err);
}

int floe_pgvalue_decode(const struct floe_pgtype *t, enum floe_pg_format fmt, const uint8_t *p, size_t len,
			const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			struct floe_err *err)
{
	if (fmt == FLOE_PG_FMT_BINARY) {
		if (!t->binary)
			return floe_err_set(err, "binary value for type oid %u, which floe decodes only in text form; "
					    "use text mode (binary 'false') for this relation", t->oid);
		return floe_pgv_decode_binary(t, p, len, policy, arena, out, err);
	}
	return floe_pgv_decode_text(t, p, len, policy, arena, out, err);
}
