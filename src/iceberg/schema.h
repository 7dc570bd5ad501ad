/*
 * schema.h — an Iceberg schema over struct floe_field: fields with ids,
 * identifier-field-ids, JSON read/write (spec "Schemas" / table metadata).
 *
 * Only the types floe writes are modelled: primitives and lists of a
 * primitive (with the element id and element-required). Structs and maps in a
 * foreign schema are refused with a clear message. A schema owns its memory
 * (names are malloc'd); floe_schema_release() frees it. No I/O.
 */
#ifndef FLOE_ICEBERG_SCHEMA_H
#define FLOE_ICEBERG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/value.h"

struct floe_schema {
	int schema_id;
	struct floe_field *fields;   /* top-level columns, in order; names owned */
	size_t n_fields;
	int *identifier_ids;         /* identifier-field-ids (the key), may be empty */
	size_t n_identifier_ids;
};

/* Copies fields and ids, then validates (unique ids, identifier rules). Field ids of
 * 0 (and list element ids of 0) are assigned fresh: top-level columns first, then
 * list elements, starting after the largest id given. Identifier ids refer to the
 * final ids; pass identifier NAMES instead with floe_schema_set_identifier_names(). */
int floe_schema_init(struct floe_schema *s, int schema_id, const struct floe_field *fields, size_t n_fields,
		     const int *identifier_ids, size_t n_ids, struct floe_err *err);
/* Sets identifier-field-ids from column names, then validates. */
int floe_schema_set_identifier_names(struct floe_schema *s, const char *const *names, size_t n,
				     struct floe_err *err);
void floe_schema_release(struct floe_schema *s);
int floe_schema_copy(struct floe_schema *dst, const struct floe_schema *src, struct floe_err *err);

/* The largest field id (columns and list elements); 0 for an empty schema. */
int floe_schema_max_id(const struct floe_schema *s);
/* The top-level field with this id, or NULL. */
const struct floe_field *floe_schema_field(const struct floe_schema *s, int id);
/* Index of the top-level field with this id, or -1. */
int floe_schema_index(const struct floe_schema *s, int id);
int floe_schema_index_by_name(const struct floe_schema *s, const char *name);
/* Unique ids, identifier fields required, primitive, not float/double. */
int floe_schema_validate(const struct floe_schema *s, struct floe_err *err);

/* JSON (the objects in metadata "schemas"). */
int floe_schema_from_json(const json_t *j, struct floe_schema *s, struct floe_err *err);
json_t *floe_schema_to_json(const struct floe_schema *s);
/* Compact JSON text (for the Parquet `iceberg.schema` key and manifest metadata). */
int floe_schema_to_text(const struct floe_schema *s, struct floe_buf *out, struct floe_err *err);

/* Type ↔ Iceberg JSON type (primitive string or list object). */
int floe_type_from_json(const json_t *j, struct floe_type *t, struct floe_err *err);
json_t *floe_type_to_json(const struct floe_type *t);

#endif
