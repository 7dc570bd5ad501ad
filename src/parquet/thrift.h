/*
 * thrift.h — Thrift compact protocol, as much as Parquet metadata needs.
 *
 * Encoder: appends to a struct floe_buf (sticky failure: check the buffer once
 * at the end). It writes field headers with delta ids (long form when the delta
 * is not 1..15), zigzag varints, binary, lists, nested structs and bools.
 * Decoder: reads over a caller-owned struct floe_rd, checks every byte count,
 * limits nesting depth, and can skip any value of any wire type (unknown fields,
 * nested structs, lists, sets, maps). Neither side knows Parquet's structs: the
 * caller drives them field by field. No generated code, no allocation.
 */
#ifndef FLOE_PARQUET_THRIFT_H
#define FLOE_PARQUET_THRIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/rd.h"

/* Wire type codes (low nibble of a field header, element type of a list). */
enum floe_tt {
	FLOE_TT_STOP = 0,
	FLOE_TT_TRUE = 1,    /* bool field "true"; the bool element type in lists */
	FLOE_TT_FALSE = 2,   /* bool field "false"; also accepted as the list bool type */
	FLOE_TT_I8 = 3,
	FLOE_TT_I16 = 4,
	FLOE_TT_I32 = 5,
	FLOE_TT_I64 = 6,
	FLOE_TT_DOUBLE = 7,
	FLOE_TT_BINARY = 8,
	FLOE_TT_LIST = 9,
	FLOE_TT_SET = 10,
	FLOE_TT_MAP = 11,
	FLOE_TT_STRUCT = 12,
	FLOE_TT_UUID = 13
};

/* Maximum struct nesting for both sides (Parquet needs < 10). */
#define FLOE_THRIFT_MAX_DEPTH 64

/* ---------------------------------------------------------------- encoder */

struct floe_thrift_w {
	struct floe_buf *out;
	int depth;                              /* 0 = top-level struct */
	int16_t last[FLOE_THRIFT_MAX_DEPTH + 1]; /* last field id per open struct */
};

/* Starts writing the top-level struct (no bytes written; ends with floe_thrift_w_end). */
void floe_thrift_w_init(struct floe_thrift_w *w, struct floe_buf *out);

/* Field header only (delta or long form); the caller writes the value after it. */
void floe_thrift_w_field(struct floe_thrift_w *w, int16_t id, enum floe_tt type);

/* Field header + value. */
void floe_thrift_w_bool(struct floe_thrift_w *w, int16_t id, bool v);
void floe_thrift_w_i8(struct floe_thrift_w *w, int16_t id, int8_t v);
void floe_thrift_w_i16(struct floe_thrift_w *w, int16_t id, int16_t v);
void floe_thrift_w_i32(struct floe_thrift_w *w, int16_t id, int32_t v);
void floe_thrift_w_i64(struct floe_thrift_w *w, int16_t id, int64_t v);
void floe_thrift_w_double(struct floe_thrift_w *w, int16_t id, double v);
void floe_thrift_w_binary(struct floe_thrift_w *w, int16_t id, const void *p, size_t n);
void floe_thrift_w_string(struct floe_thrift_w *w, int16_t id, const char *s);

/* Opens a struct-valued field (also unions); close it with floe_thrift_w_end. */
void floe_thrift_w_struct(struct floe_thrift_w *w, int16_t id);
/* Writes STOP for the innermost open struct (or the top-level one) and pops it. */
void floe_thrift_w_end(struct floe_thrift_w *w);
/* A list-valued field: header with element type and size; then write `size`
 * elements with the floe_thrift_w_elem_* calls (struct elements: elem_struct ... end). */
void floe_thrift_w_list(struct floe_thrift_w *w, int16_t id, enum floe_tt elem, uint32_t size);

/* List elements (no field header). Bools are written as type 1 with bytes 1/2. */
void floe_thrift_w_elem_bool(struct floe_thrift_w *w, bool v);
void floe_thrift_w_elem_i32(struct floe_thrift_w *w, int32_t v);
void floe_thrift_w_elem_i64(struct floe_thrift_w *w, int64_t v);
void floe_thrift_w_elem_binary(struct floe_thrift_w *w, const void *p, size_t n);
void floe_thrift_w_elem_string(struct floe_thrift_w *w, const char *s);
void floe_thrift_w_elem_struct(struct floe_thrift_w *w);

/* Raw helpers (also for tests). */
static inline uint32_t floe_zigzag32(int32_t v)
{
	return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31);
}
static inline uint64_t floe_zigzag64(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}
static inline int64_t floe_unzigzag64(uint64_t u)
{
	return (int64_t)((u >> 1) ^ (~(u & 1) + 1));
}

/* ---------------------------------------------------------------- decoder */

struct floe_thrift_r {
	struct floe_rd *rd;                      /* borrowed cursor */
	int depth;                               /* open structs, 1 after floe_thrift_r_init */
	int16_t last[FLOE_THRIFT_MAX_DEPTH + 1];
};

/* Binds the decoder to a cursor positioned at the start of a top-level struct. */
void floe_thrift_r_init(struct floe_thrift_r *r, struct floe_rd *rd);

/*
 * Reads the next field header of the innermost open struct. On STOP, *type is
 * FLOE_TT_STOP and the struct is closed (popped). For bool fields the value is
 * the type itself: use floe_thrift_r_bool_of(*type). Ids come from the delta or
 * the long form and are not validated. Fails on a truncated header or an
 * unknown type code.
 */
int floe_thrift_r_field(struct floe_thrift_r *r, int16_t *id, enum floe_tt *type, struct floe_err *err);
static inline bool floe_thrift_r_bool_of(enum floe_tt type)
{
	return type == FLOE_TT_TRUE;
}

/* Value readers: the caller has checked that the wire type matches. */
int floe_thrift_r_i8(struct floe_thrift_r *r, int8_t *v, struct floe_err *err);
int floe_thrift_r_i16(struct floe_thrift_r *r, int16_t *v, struct floe_err *err); /* range-checked */
int floe_thrift_r_i32(struct floe_thrift_r *r, int32_t *v, struct floe_err *err); /* range-checked */
int floe_thrift_r_i64(struct floe_thrift_r *r, int64_t *v, struct floe_err *err);
int floe_thrift_r_double(struct floe_thrift_r *r, double *v, struct floe_err *err);
/* Borrows the bytes from the cursor (valid as long as the input is). */
int floe_thrift_r_binary(struct floe_thrift_r *r, const uint8_t **p, uint32_t *n, struct floe_err *err);

/* Enters a struct value (a struct field or a struct list element); read its
 * fields with floe_thrift_r_field until STOP. Fails past FLOE_THRIFT_MAX_DEPTH. */
int floe_thrift_r_struct_begin(struct floe_thrift_r *r, struct floe_err *err);

/* Reads a list/set header. Then read *size elements of *elem type back to back
 * (struct elements: struct_begin + fields until STOP). The size is checked
 * against the bytes left (each element takes at least one byte, bools too). */
int floe_thrift_r_list(struct floe_thrift_r *r, enum floe_tt *elem, uint32_t *size, struct floe_err *err);
/* A bool list element: one byte, 1 = true, anything else false. */
int floe_thrift_r_elem_bool(struct floe_thrift_r *r, bool *v, struct floe_err *err);

/* Skips one value of wire type `type` (field value or list element), any depth. */
int floe_thrift_r_skip(struct floe_thrift_r *r, enum floe_tt type, struct floe_err *err);
/* Skips one list element of type `type` (a bool element is one byte). */
int floe_thrift_r_skip_elem(struct floe_thrift_r *r, enum floe_tt type, struct floe_err *err);
/* Skips the rest of the innermost open struct, up to and including its STOP. */
int floe_thrift_r_skip_rest(struct floe_thrift_r *r, struct floe_err *err);

#endif
