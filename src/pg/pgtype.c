/*
 * pgtype.c — the PostgreSQL → Iceberg type table (see pgtype.h and the type
 * mapping in DESIGN.md). Pure lookups: no allocation, no catalog access; OIDs
 * of non-built-in types are resolved by relcache.c.
 */
#include "pg/pgtype.h"

#include <string.h>

/* (array type OID, element type OID) for every built-in array type (pg_type.dat) */
static const uint32_t array_elems[][2] = {
	{ 1000, 16 }, { 1001, 17 }, { 1002, 18 }, { 1003, 19 }, { 1016, 20 }, { 1005, 21 }, { 1007, 23 },
	{ 1008, 24 }, { 1009, 25 }, { 1028, 26 }, { 1010, 27 }, { 1011, 28 }, { 1012, 29 }, { 210, 71 },
	{ 270, 75 }, { 272, 81 }, { 273, 83 }, { 199, 114 }, { 143, 142 }, { 1017, 600 }, { 1018, 601 },
	{ 1019, 602 }, { 1020, 603 }, { 1027, 604 }, { 629, 628 }, { 651, 650 }, { 1021, 700 },
	{ 1022, 701 }, { 719, 718 }, { 775, 774 }, { 791, 790 }, { 1040, 829 }, { 1041, 869 },
	{ 1034, 1033 }, { 1014, 1042 }, { 1015, 1043 }, { 1182, 1082 }, { 1183, 1083 }, { 1115, 1114 },
	{ 1185, 1184 }, { 1187, 1186 }, { 1270, 1266 }, { 1561, 1560 }, { 1563, 1562 }, { 1231, 1700 },
	{ 2201, 1790 }, { 2207, 2202 }, { 2208, 2203 }, { 2209, 2204 }, { 2210, 2205 }, { 2211, 2206 },
	{ 2287, 2249 }, { 1263, 2275 }, { 2951, 2950 }, { 2949, 2970 }, { 3221, 3220 }, { 3643, 3614 },
	{ 3645, 3615 }, { 3644, 3642 }, { 3735, 3734 }, { 3770, 3769 }, { 3807, 3802 }, { 3905, 3904 },
	{ 3907, 3906 }, { 3909, 3908 }, { 3911, 3910 }, { 3913, 3912 }, { 3927, 3926 }, { 4073, 4072 },
	{ 4090, 4089 }, { 4097, 4096 }, { 4192, 4191 }, { 6150, 4451 }, { 6151, 4532 }, { 6152, 4533 },
	{ 6153, 4534 }, { 6155, 4535 }, { 6157, 4536 }, { 5039, 5038 }, { 271, 5069 },
};

#define BOX_OID 603 /* its arrays use ';' between elements: kept as text */

uint32_t floe_pgtype_builtin_elem(uint32_t array_oid)
{
	size_t i;

	for (i = 0; i < sizeof(array_elems) / sizeof(array_elems[0]); i++)
		if (array_elems[i][0] == array_oid)
			return array_elems[i][1];
	return 0;
}

/* Scalar built-in OID → kind; FLOE_PGK_TEXT_ONLY for the rest. */
static enum floe_pg_kind scalar_kind(uint32_t oid, bool *known)
{
	*known = true;
	switch (oid) {
	case FLOE_PG_OID_BOOL: return FLOE_PGK_BOOL;
	case FLOE_PG_OID_BYTEA: return FLOE_PGK_BYTEA;
	case FLOE_PG_OID_CHAR: return FLOE_PGK_CHAR;
	case FLOE_PG_OID_NAME:
	case FLOE_PG_OID_TEXT:
	case FLOE_PG_OID_BPCHAR:
	case FLOE_PG_OID_VARCHAR: return FLOE_PGK_STRING;
	case FLOE_PG_OID_INT8: return FLOE_PGK_INT8;
	case FLOE_PG_OID_INT2: return FLOE_PGK_INT2;
	case FLOE_PG_OID_INT4: return FLOE_PGK_INT4;
	case FLOE_PG_OID_OID: return FLOE_PGK_OID;
	case FLOE_PG_OID_JSON:
	case FLOE_PG_OID_XML: return FLOE_PGK_JSON;
	case FLOE_PG_OID_CIDR: return FLOE_PGK_CIDR;
	case FLOE_PG_OID_INET: return FLOE_PGK_INET;
	case FLOE_PG_OID_FLOAT4: return FLOE_PGK_FLOAT4;
	case FLOE_PG_OID_FLOAT8: return FLOE_PGK_FLOAT8;
	case FLOE_PG_OID_MACADDR8: return FLOE_PGK_MACADDR8;
	case FLOE_PG_OID_MACADDR: return FLOE_PGK_MACADDR;
	case FLOE_PG_OID_DATE: return FLOE_PGK_DATE;
	case FLOE_PG_OID_TIME: return FLOE_PGK_TIME;
	case FLOE_PG_OID_TIMESTAMP: return FLOE_PGK_TIMESTAMP;
	case FLOE_PG_OID_TIMESTAMPTZ: return FLOE_PGK_TIMESTAMPTZ;
	case FLOE_PG_OID_INTERVAL: return FLOE_PGK_INTERVAL;
	case FLOE_PG_OID_TIMETZ: return FLOE_PGK_TIMETZ;
	case FLOE_PG_OID_BIT:
	case FLOE_PG_OID_VARBIT: return FLOE_PGK_BIT;
	case FLOE_PG_OID_NUMERIC: return FLOE_PGK_NUMERIC;
	case FLOE_PG_OID_UUID: return FLOE_PGK_UUID;
	case FLOE_PG_OID_JSONB: return FLOE_PGK_JSONB;
	}
	/* money (locale-dependent text), geometric, ranges, reg*, tsvector, …: text form */
	*known = oid < FLOE_PG_FIRST_NORMAL_OID;
	return FLOE_PGK_TEXT_ONLY;
}

void floe_pgtype_numeric_decimal(int32_t typmod, int *precision, int *scale)
{
	int p, s;

	*precision = 38;
	*scale = 9;
	if (typmod < 4)
		return;
	p = (int)(((uint32_t)(typmod - 4) >> 16) & 0xffff);
	s = (int)((((uint32_t)(typmod - 4) & 0x7ff) ^ 1024)) - 1024; /* 11-bit signed (PG15+) */
	if (p < 1)
		return;
	if (s < 0) {          /* numeric(2,-3): integers rounded to thousands */
		p -= s;
		s = 0;
	} else if (s > p) {   /* numeric(3,5): 0.00xyz */
		p = s;
	}
	if (p > 38)
		return;
	*precision = p;
	*scale = s;
}

void floe_pgtype_for_kind(enum floe_pg_kind kind, uint32_t oid, int32_t typmod, struct floe_pgtype *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->elem = FLOE_PGK_TEXT_ONLY;
	out->oid = oid;
	out->typmod = typmod;
	out->binary = kind != FLOE_PGK_TEXT_ONLY;
	switch (kind) {
	case FLOE_PGK_BOOL: out->type.id = FLOE_T_BOOLEAN; break;
	case FLOE_PGK_INT2:
	case FLOE_PGK_INT4: out->type.id = FLOE_T_INT; break;
	case FLOE_PGK_INT8:
	case FLOE_PGK_OID: out->type.id = FLOE_T_LONG; break;
	case FLOE_PGK_FLOAT4: out->type.id = FLOE_T_FLOAT; break;
	case FLOE_PGK_FLOAT8: out->type.id = FLOE_T_DOUBLE; break;
	case FLOE_PGK_NUMERIC:
		out->type.id = FLOE_T_DECIMAL;
		floe_pgtype_numeric_decimal(typmod, &out->type.precision, &out->type.scale);
		break;
	case FLOE_PGK_BYTEA: out->type.id = FLOE_T_BINARY; break;
	case FLOE_PGK_UUID: out->type.id = FLOE_T_UUID; out->type.length = 16; break;
	case FLOE_PGK_DATE: out->type.id = FLOE_T_DATE; break;
	case FLOE_PGK_TIME: out->type.id = FLOE_T_TIME; break;
	case FLOE_PGK_TIMESTAMP: out->type.id = FLOE_T_TIMESTAMP; break;
	case FLOE_PGK_TIMESTAMPTZ: out->type.id = FLOE_T_TIMESTAMPTZ; break;
	case FLOE_PGK_ARRAY: /* callers use floe_pgtype_array_of */
	case FLOE_PGK_TEXT_ONLY:
	case FLOE_PGK_STRING:
	case FLOE_PGK_CHAR:
	case FLOE_PGK_TIMETZ:
	case FLOE_PGK_INTERVAL:
	case FLOE_PGK_JSON:
	case FLOE_PGK_JSONB:
	case FLOE_PGK_INET:
	case FLOE_PGK_CIDR:
	case FLOE_PGK_MACADDR:
	case FLOE_PGK_MACADDR8:
	case FLOE_PGK_BIT:
		out->type.id = FLOE_T_STRING;
		if (kind == FLOE_PGK_ARRAY) {
			out->kind = FLOE_PGK_TEXT_ONLY;
			out->binary = false;
		}
		break;
	}
}

void floe_pgtype_array_of(const struct floe_pgtype *elem, uint32_t array_oid, struct floe_pgtype *out)
{
	if (elem->kind == FLOE_PGK_ARRAY || elem->type.id == FLOE_T_LIST || elem->oid == BOX_OID) {
		floe_pgtype_for_kind(FLOE_PGK_TEXT_ONLY, array_oid, -1, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->kind = FLOE_PGK_ARRAY;
	out->elem = elem->kind;
	out->oid = array_oid;
	out->elem_oid = elem->kind == FLOE_PGK_TEXT_ONLY ? 0 : elem->oid;
	out->typmod = elem->typmod;
	out->binary = elem->binary;
	out->type.id = FLOE_T_LIST;
	out->type.elem_id = elem->type.id;
	out->type.elem_precision = elem->type.precision;
	out->type.elem_scale = elem->type.scale;
	out->type.elem_length = elem->type.length;
	out->type.elem_required = false;
}

bool floe_pgtype_builtin(uint32_t oid, int32_t typmod, struct floe_pgtype *out)
{
	bool known;
	enum floe_pg_kind k;
	uint32_t elem;

	if (oid >= FLOE_PG_FIRST_NORMAL_OID) {
		floe_pgtype_for_kind(FLOE_PGK_TEXT_ONLY, oid, typmod, out);
		return false;
	}
	elem = floe_pgtype_builtin_elem(oid);
	if (elem != 0) {
		struct floe_pgtype e;
		floe_pgtype_builtin(elem, typmod, &e);
		floe_pgtype_array_of(&e, oid, out);
		return true;
	}
	k = scalar_kind(oid, &known);
	floe_pgtype_for_kind(k, oid, typmod, out);
	return known;
}

const char *floe_pgtype_kind_name(enum floe_pg_kind kind)
{
	switch (kind) {
	case FLOE_PGK_TEXT_ONLY: return "text-only";
	case FLOE_PGK_BOOL: return "bool";
	case FLOE_PGK_INT2: return "int2";
	case FLOE_PGK_INT4: return "int4";
	case FLOE_PGK_INT8: return "int8";
	case FLOE_PGK_OID: return "oid";
	case FLOE_PGK_FLOAT4: return "float4";
	case FLOE_PGK_FLOAT8: return "float8";
	case FLOE_PGK_NUMERIC: return "numeric";
	case FLOE_PGK_STRING: return "text";
	case FLOE_PGK_CHAR: return "char";
	case FLOE_PGK_BYTEA: return "bytea";
	case FLOE_PGK_UUID: return "uuid";
	case FLOE_PGK_DATE: return "date";
	case FLOE_PGK_TIME: return "time";
	case FLOE_PGK_TIMETZ: return "timetz";
	case FLOE_PGK_INTERVAL: return "interval";
	case FLOE_PGK_TIMESTAMP: return "timestamp";
	case FLOE_PGK_TIMESTAMPTZ: return "timestamptz";
	case FLOE_PGK_JSON: return "json";
	case FLOE_PGK_JSONB: return "jsonb";
	case FLOE_PGK_INET: return "inet";
	case FLOE_PGK_CIDR: return "cidr";
	case FLOE_PGK_MACADDR: return "macaddr";
	case FLOE_PGK_MACADDR8: return "macaddr8";
	case FLOE_PGK_BIT: return "bit";
	case FLOE_PGK_ARRAY: return "array";
	}
	return "unknown";
}
