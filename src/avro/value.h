/*
 * value.h — generic Avro values: decode any datum by its schema into a tree,
 * and encode such a tree back (used by tests and tools; the manifest writer
 * encodes its records directly with binary.h).
 *
 * Decoding checks every length and count against the bytes left (array items
 * that may encode in zero bytes are paid from a budget, FLOE_AVRO_MAX_ITEMS
 * per call or per file),
 * limits nesting to FLOE_AVRO_MAX_NESTING, and reports the offset of the bad
 * byte. Decoded bytes/strings/fixed BORROW the input memory; the tree's nodes
 * live in the arena. No schema resolution.
 */
#ifndef FLOE_AVRO_VALUE_H
#define FLOE_AVRO_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "avro/schema.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/rd.h"

#define FLOE_AVRO_MAX_ITEMS (1u << 20)
#define FLOE_AVRO_MAX_NESTING 64

struct floe_avro_kv;

struct floe_avro_value {
	const struct floe_avro_schema *schema;
	union {
		bool b;                                   /* boolean */
		int32_t i;                                /* int; enum: symbol index */
		int64_t l;                                /* long */
		float f;
		double d;
		struct { const uint8_t *p; size_t n; } bytes;  /* bytes, string, fixed */
		struct { struct floe_avro_value *items; size_t n; } array; /* array items; record fields in schema order */
		struct { struct floe_avro_kv *items; size_t n; } map;
		struct { uint32_t branch; struct floe_avro_value *value; } u; /* union */
	} v;
};

struct floe_avro_kv {
	const uint8_t *key;
	size_t key_len;
	struct floe_avro_value value;
};

/* Decodes one datum of `schema` at the cursor. */
int floe_avro_decode(struct floe_rd *r, const struct floe_avro_schema *schema, struct floe_arena *a,
		     struct floe_avro_value *out, struct floe_err *err);

/* The same with a caller-held budget of zero-byte array items, shared by
 * every datum of a file (the container reader uses one per file). */
int floe_avro_decode_budget(struct floe_rd *r, const struct floe_avro_schema *schema, struct floe_arena *a,
			    uint64_t *empty_left, struct floe_avro_value *out, struct floe_err *err);

/* Encodes a value tree (its schemas must match `schema`; a mismatch is an error). */
int floe_avro_encode(struct floe_buf *b, const struct floe_avro_schema *schema, const struct floe_avro_value *v,
		     struct floe_err *err);

/* A record's field by field-id (NULL if absent); unions are NOT unwrapped. */
const struct floe_avro_value *floe_avro_record_get_id(const struct floe_avro_value *rec, int field_id);
const struct floe_avro_value *floe_avro_record_get(const struct floe_avro_value *rec, const char *name);
/* Follows a union to its chosen branch; returns NULL for the null branch. */
const struct floe_avro_value *floe_avro_unwrap(const struct floe_avro_value *v);

#endif
