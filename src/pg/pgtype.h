/*
 * pgtype.h — PostgreSQL type OID (+ typmod) → Iceberg type and value decoder.
 *
 * Each PostgreSQL column type maps once to a struct floe_pgtype: the Iceberg
 * type values are converted to (DESIGN.md's type table), the decoder kind
 * pgvalue.c uses, and whether we implement that type's binary send format
 * (so the stream layer can choose pgoutput `binary 'true'` or text mode).
 * Built-in OIDs (< 10000) are known here; other types (enums, domains, custom
 * types and arrays of them) are resolved by relcache.c through a pg_type
 * lookup the caller supplies. No I/O, no allocation.
 */
#ifndef FLOE_PG_PGTYPE_H
#define FLOE_PG_PGTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/value.h"

/* Built-in type OIDs (pg_type.dat). */
enum {
	FLOE_PG_OID_BOOL = 16, FLOE_PG_OID_BYTEA = 17, FLOE_PG_OID_CHAR = 18, FLOE_PG_OID_NAME = 19,
	FLOE_PG_OID_INT8 = 20, FLOE_PG_OID_INT2 = 21, FLOE_PG_OID_INT4 = 23, FLOE_PG_OID_TEXT = 25,
	FLOE_PG_OID_OID = 26, FLOE_PG_OID_JSON = 114, FLOE_PG_OID_XML = 142, FLOE_PG_OID_CIDR = 650,
	FLOE_PG_OID_FLOAT4 = 700, FLOE_PG_OID_FLOAT8 = 701, FLOE_PG_OID_MACADDR8 = 774,
	FLOE_PG_OID_MONEY = 790, FLOE_PG_OID_MACADDR = 829, FLOE_PG_OID_INET = 869,
	FLOE_PG_OID_BPCHAR = 1042, FLOE_PG_OID_VARCHAR = 1043, FLOE_PG_OID_DATE = 1082,
	FLOE_PG_OID_TIME = 1083, FLOE_PG_OID_TIMESTAMP = 1114, FLOE_PG_OID_TIMESTAMPTZ = 1184,
	FLOE_PG_OID_INTERVAL = 1186, FLOE_PG_OID_TIMETZ = 1266, FLOE_PG_OID_BIT = 1560,
	FLOE_PG_OID_VARBIT = 1562, FLOE_PG_OID_NUMERIC = 1700, FLOE_PG_OID_UUID = 2950,
	FLOE_PG_OID_JSONB = 3802,
	/* array types of the above */
	FLOE_PG_OID_BOOL_ARRAY = 1000, FLOE_PG_OID_INT2_ARRAY = 1005, FLOE_PG_OID_INT4_ARRAY = 1007,
	FLOE_PG_OID_TEXT_ARRAY = 1009, FLOE_PG_OID_INT8_ARRAY = 1016, FLOE_PG_OID_FLOAT8_ARRAY = 1022,
	FLOE_PG_OID_NUMERIC_ARRAY = 1231, FLOE_PG_OID_TIMESTAMPTZ_ARRAY = 1185,
	FLOE_PG_OID_UUID_ARRAY = 2951,
	/* OIDs at or above this are not built in: ask the resolver (relcache.h) */
	FLOE_PG_FIRST_NORMAL_OID = 10000
};

/* How a value is decoded (pgvalue.c). The Iceberg type is in floe_pgtype.type. */
enum floe_pg_kind {
	FLOE_PGK_TEXT_ONLY = 0, /* any other type: its text form as a string; no binary decoder */
	FLOE_PGK_BOOL,          /* → boolean */
	FLOE_PGK_INT2,          /* → int */
	FLOE_PGK_INT4,          /* → int */
	FLOE_PGK_INT8,          /* → long */
	FLOE_PGK_OID,           /* → long (unsigned 32-bit) */
	FLOE_PGK_FLOAT4,        /* → float (NaN, ±Inf kept) */
	FLOE_PGK_FLOAT8,        /* → double */
	FLOE_PGK_NUMERIC,       /* → decimal(P,S), rescaled exactly; policy for NaN/Inf/no fit */
	FLOE_PGK_STRING,        /* text, varchar, bpchar, name, citext, enum: raw bytes → string */
	FLOE_PGK_CHAR,          /* "char": 1 byte → string as PostgreSQL prints it */
	FLOE_PGK_BYTEA,         /* → binary (text form \x hex) */
	FLOE_PGK_UUID,          /* → uuid (16 bytes) */
	FLOE_PGK_DATE,          /* → date (days since 1970); policy for ±infinity */
	FLOE_PGK_TIME,          /* → time (µs) */
	FLOE_PGK_TIMETZ,        /* → string "HH:MM:SS[.ffffff]+HH[:MM[:SS]]" */
	FLOE_PGK_INTERVAL,      /* → string, ISO 8601 duration "P1Y2M3DT4H5M6.5S" */
	FLOE_PGK_TIMESTAMP,     /* → timestamp (µs since 1970); policy for ±infinity */
	FLOE_PGK_TIMESTAMPTZ,   /* → timestamptz (µs since 1970 UTC); policy for ±infinity */
	FLOE_PGK_JSON,          /* json, xml → string (binary = text) */
	FLOE_PGK_JSONB,         /* → string (binary = version byte 1 + text) */
	FLOE_PGK_INET,          /* → string as inet_out prints it */
	FLOE_PGK_CIDR,          /* → string as cidr_out prints it */
	FLOE_PGK_MACADDR,       /* → string "08:00:2b:01:02:03" */
	FLOE_PGK_MACADDR8,      /* → string "08:00:2b:01:02:03:04:05" */
	FLOE_PGK_BIT,           /* bit, varbit → string "0101" */
	FLOE_PGK_ARRAY          /* one-dimensional array → list<element>; `elem` is the element kind */
};

/* One column type's mapping. */
struct floe_pgtype {
	enum floe_pg_kind kind;
	enum floe_pg_kind elem;   /* FLOE_PGK_ARRAY: the element's kind (never ARRAY) */
	uint32_t oid;             /* the column's type OID as sent (a domain keeps its own OID) */
	uint32_t elem_oid;        /* FLOE_PGK_ARRAY: element type OID expected in binary arrays; 0 = any */
	int32_t typmod;           /* atttypmod as sent (-1 = none); for arrays the element's typmod */
	struct floe_type type;    /* the Iceberg type values are produced in */
	bool binary;              /* true if pgvalue decodes this type's binary send format */
};

/*
 * Maps a built-in type OID with its typmod. Returns true and fills *out for
 * OIDs we know; returns false (and fills *out with the text-only string
 * mapping) for anything else, including every OID ≥ FLOE_PG_FIRST_NORMAL_OID.
 * Rules: numeric(p,s) with p ≤ 38 → decimal(p,s) (negative scale s → decimal(p-s,0),
 * scale above precision → decimal(s,s), when that fits in 38 digits);
 * unconstrained numeric or anything wider → decimal(38,9). Arrays of a
 * built-in element type → list<element> (element optional); arrays of other
 * built-in types (box[], ranges[], …) → list<string> text only.
 */
bool floe_pgtype_builtin(uint32_t oid, int32_t typmod, struct floe_pgtype *out);

/* The mapping of a scalar kind to its Iceberg type (numeric uses typmod). */
void floe_pgtype_for_kind(enum floe_pg_kind kind, uint32_t oid, int32_t typmod, struct floe_pgtype *out);

/* Wraps an element mapping into the list mapping for its array type `array_oid`.
 * An element that is itself an array gives the text-only string mapping. */
void floe_pgtype_array_of(const struct floe_pgtype *elem, uint32_t array_oid, struct floe_pgtype *out);

/* The element type OID of a built-in array type, or 0 if `oid` is not one. */
uint32_t floe_pgtype_builtin_elem(uint32_t array_oid);

/* numeric typmod → Iceberg decimal precision/scale (decimal(38,9) when unconstrained or too wide). */
void floe_pgtype_numeric_decimal(int32_t typmod, int *precision, int *scale);

/* Short name of a kind for messages ("numeric", "timestamptz", "array", "text-only"). */
const char *floe_pgtype_kind_name(enum floe_pg_kind kind);

#endif
