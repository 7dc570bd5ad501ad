/*
 * schema.h — Avro schemas parsed from their JSON form into a tree.
 *
 * The reader needs the writer's schema (from a container file header) to
 * decode anything, so this accepts the full Avro 1.11 schema language:
 * primitives as strings or {"type": ...} objects, records, enums, arrays,
 * maps, unions, fixed, named-type references (with namespaces) and recursive
 * records. It keeps the attributes Iceberg relies on (field-id, element-id,
 * key-id, value-id, logicalType). Everything is allocated in an arena. It
 * does not resolve a writer schema against a reader schema.
 */
#ifndef FLOE_AVRO_SCHEMA_H
#define FLOE_AVRO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

enum floe_avro_type {
	FLOE_AVRO_NULL,
	FLOE_AVRO_BOOLEAN,
	FLOE_AVRO_INT,
	FLOE_AVRO_LONG,
	FLOE_AVRO_FLOAT,
	FLOE_AVRO_DOUBLE,
	FLOE_AVRO_BYTES,
	FLOE_AVRO_STRING,
	FLOE_AVRO_RECORD,
	FLOE_AVRO_ENUM,
	FLOE_AVRO_ARRAY,
	FLOE_AVRO_MAP,
	FLOE_AVRO_UNION,
	FLOE_AVRO_FIXED,
};

struct floe_avro_schema;

struct floe_avro_field {
	const char *name;
	int field_id;                     /* "field-id", -1 when absent */
	struct floe_avro_schema *type;
};

struct floe_avro_schema {
	enum floe_avro_type type;
	const char *name;                 /* records, enums, fixed: the full name */
	const char *logical_type;         /* "logicalType" or NULL */
	int element_id;                   /* arrays: "element-id", -1 when absent */
	int key_id, value_id;             /* maps: "key-id"/"value-id", -1 when absent */
	struct floe_avro_field *fields;   /* records */
	struct floe_avro_schema **branches; /* unions */
	const char **symbols;             /* enums */
	size_t n;                         /* fields / branches / symbols */
	struct floe_avro_schema *items;   /* arrays: items; maps: values */
	size_t size;                      /* fixed */
	bool may_be_empty;                /* a value of this type can encode in zero bytes */
};

/* Parses `json` (len bytes, need not be NUL-terminated). The tree lives in `a`. */
int floe_avro_schema_parse(const char *json, size_t len, struct floe_arena *a,
			   struct floe_avro_schema **out, struct floe_err *err);

/* The record field with this name, or NULL. */
const struct floe_avro_field *floe_avro_schema_field(const struct floe_avro_schema *rec, const char *name);
/* Index of the record field with this field-id, or -1. */
int floe_avro_schema_field_by_id(const struct floe_avro_schema *rec, int field_id);

const char *floe_avro_type_name(enum floe_avro_type t);

#endif
