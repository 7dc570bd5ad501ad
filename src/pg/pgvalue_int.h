/*
 * pgvalue_int.h — internals shared by the value decoders (pgvalue.c binary,
 * pgvalue_text.c text form, pgrender.c string renderers). Not an API for
 * other modules: use pgvalue.h.
 */
#ifndef FLOE_PG_PGVALUE_INT_H
#define FLOE_PG_PGVALUE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/pgtype.h"
#include "pg/pgvalue.h"

/* Longest rendered scalar string (interval, timetz, inet) plus slack. */
#define FLOE_PG_RENDER_MAX 128

/* "'<up to 64 printable bytes>…'" of a value, for error messages. */
const char *floe_pgv_quote(const uint8_t *p, size_t len, char *out, size_t outsz);

/* Applies a policy to an unrepresentable value: NULL (returns 0) or the error
 * `what` (returns -1). */
int floe_pgv_policy(const struct floe_pg_policy *pol, enum floe_policy which, struct floe_value *out,
		    struct floe_err *err, const char *what);
/* types.numeric_overflow applied to a numeric that has no exact decimal(P,S) form: `quoted`
 * is the value as floe_pgv_quote renders it; `special` for NaN/±Infinity, which no
 * decimal holds (the hint then does not suggest a wider numeric(p,s)). */
int floe_pgv_numeric_policy(const struct floe_pgtype *t, const char *quoted, bool special,
			    const struct floe_pg_policy *pol, struct floe_value *out, struct floe_err *err);

/* Copies len bytes into the arena and points out->u.bytes at them. */
int floe_pgv_set_copy(struct floe_arena *a, const void *p, size_t len, struct floe_value *out,
		      struct floe_err *err);

/* Interval (months, days, µs) → ISO 8601 duration as PostgreSQL's
 * IntervalStyle=iso_8601 prints it ("P1Y2M3DT4H5M6.5S", "PT0S",
 * "infinity"). Returns the length written (out has FLOE_PG_RENDER_MAX). */
size_t floe_pgv_render_interval(int32_t months, int32_t days, int64_t us, char *out);
/* timetz (µs since midnight, zone = seconds west of UTC) → "HH:MM:SS[.ffffff]+HH[:MM[:SS]]". */
size_t floe_pgv_render_timetz(int64_t us, int32_t zone, char *out);
/* inet/cidr address → its text form; -1 on an invalid family/bits/length. */
int floe_pgv_render_inet(int family, int bits, const uint8_t *addr, size_t nb, bool cidr, char *out,
			 size_t *outlen);
/* Numeric in binary parts → text (for error messages; at most outsz-1 chars, "…" when cut). */
void floe_pgv_render_numeric(int16_t weight, uint16_t sign, int16_t dscale, const int16_t *digits, int ndigits,
			     char *out, size_t outsz);

/* Exact rescale of base-10000 digits to an unscaled decimal(P,S). Returns 0,
 * 1 when the value does not fit exactly (overflow or lost fraction). */
int floe_pgv_numeric_to_dec(const uint8_t *digits_be, int ndigits, int weight, bool neg, int precision, int scale,
			    floe_i128 *out);

/* Text form decoder for one scalar or array (pgvalue_text.c). */
int floe_pgv_decode_text(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			 const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			 struct floe_err *err);
/* Binary decoder for one scalar or array (pgvalue.c). */
int floe_pgv_decode_binary(const struct floe_pgtype *t, const uint8_t *p, size_t len,
			   const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			   struct floe_err *err);
/* The element mapping of an array mapping. */
void floe_pgv_elem_type(const struct floe_pgtype *arr, struct floe_pgtype *elem);

#endif
