/*
 * value.h — the typed value model shared by every layer.
 *
 * Types are Iceberg's (the target), values are already converted to Iceberg's
 * representation: dates are days since 1970-01-01, times µs since midnight,
 * timestamps µs since the Unix epoch, decimals an exact unscaled 128-bit
 * integer with the scale in the type, uuids 16 raw big-endian bytes. Byte
 * values (string, binary, fixed, uuid) borrow memory owned by the producer
 * (a message or batch arena). Nothing here does I/O or knows PostgreSQL.
 */
#ifndef FLOE_CORE_VALUE_H
#define FLOE_CORE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum floe_type_id {
	FLOE_T_BOOLEAN = 1,
	FLOE_T_INT,         /* int32 */
	FLOE_T_LONG,        /* int64 */
	FLOE_T_FLOAT,
	FLOE_T_DOUBLE,
	FLOE_T_DECIMAL,     /* precision 1..38, scale 0..precision */
	FLOE_T_DATE,        /* int32 days since 1970-01-01 */
	FLOE_T_TIME,        /* int64 µs since midnight */
	FLOE_T_TIMESTAMP,   /* int64 µs since 1970-01-01, no zone */
	FLOE_T_TIMESTAMPTZ, /* int64 µs since 1970-01-01 UTC */
	FLOE_T_STRING,      /* UTF-8 bytes */
	FLOE_T_UUID,        /* 16 bytes */
	FLOE_T_FIXED,       /* `length` bytes */
	FLOE_T_BINARY,
	FLOE_T_LIST         /* list of the elem_* primitive */
};

struct floe_type {
	enum floe_type_id id;
	int precision;       /* decimal */
	int scale;           /* decimal */
	int length;          /* fixed */
	/* FLOE_T_LIST only: the element type (a primitive) */
	enum floe_type_id elem_id;
	int elem_precision;
	int elem_scale;
	int elem_length;
	bool elem_required;
	int elem_field_id;
};

/* A column: Iceberg field id, name, nullability and type. */
struct floe_field {
	int id;
	const char *name;
	bool required;
	struct floe_type type;
};

typedef __int128 floe_i128; /* the one typedef: a scalar, not a struct */

struct floe_value {
	bool is_null;
	union {
		bool b;
		int32_t i32;   /* INT, DATE */
		int64_t i64;   /* LONG, TIME, TIMESTAMP, TIMESTAMPTZ */
		float f32;
		double f64;
		floe_i128 dec; /* DECIMAL unscaled */
		struct {
			const uint8_t *p;
			uint32_t len;
		} bytes;       /* STRING, BINARY, FIXED, UUID */
		struct {
			struct floe_value *items;
			uint32_t n;
		} list;        /* LIST */
	} u;
};

/* The element type of a list type as a standalone primitive type. */
struct floe_type floe_type_elem(const struct floe_type *list);
/* Iceberg's type string: "int", "decimal(10,2)", "fixed[16]", "list<string>" (list in
 * the metadata is an object; this is for messages). */
const char *floe_type_str(const struct floe_type *t, char *out, size_t outsz);
bool floe_type_is_bytes(enum floe_type_id id);
/* Same type: id plus precision/scale, fixed length, and the list element's. */
bool floe_type_equal(const struct floe_type *a, const struct floe_type *b);

/* Exact equality (NULL equals NULL; floats bitwise, except -0.0 == +0.0 is false). */
bool floe_value_equal(const struct floe_type *t, const struct floe_value *a, const struct floe_value *b);
uint64_t floe_value_hash(const struct floe_type *t, const struct floe_value *v, uint64_t seed);

/* Appends the value as JSON (the form `floe tail` and `floe scan` print):
 * booleans and ints as JSON; longs beyond ±2^53 as strings; floats shortest
 * round-trip, NaN/±Infinity as "NaN"/"Infinity"/"-Infinity"; decimals as a
 * JSON number when ≤ 15 significant digits, else a string; date "YYYY-MM-DD";
 * time "HH:MM:SS[.ffffff]"; timestamp "YYYY-MM-DDTHH:MM:SS[.ffffff]" (tz with
 * "+00:00"); binary/fixed "\\x<hex>"; uuid canonical; list as an array. */
void floe_value_to_json(struct floe_buf *out, const struct floe_type *t, const struct floe_value *v);
/* Decimal unscaled → "-123.45" text. */
void floe_decimal_to_text(struct floe_buf *out, floe_i128 unscaled, int scale);
void floe_json_put_string(struct floe_buf *out, const uint8_t *p, size_t len);

#endif
