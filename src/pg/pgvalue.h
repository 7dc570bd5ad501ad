/*
 * pgvalue.h — one PostgreSQL value (binary send format or text output form)
 * → struct floe_value in Iceberg representation.
 *
 * The same decoders serve pgoutput ('b' and 't' tuple columns) and COPY
 * binary snapshots. Values that can be borrowed (text, bytea binary, json)
 * point into the input bytes; values that must be rebuilt (rendered inet,
 * unescaped array elements, list items, hex-decoded bytea) are allocated from
 * the caller's arena. No malloc, no I/O, no locale.
 *
 * Text form assumptions (the stream layer's session settings): DateStyle=ISO,
 * TimeZone=UTC, extra_float_digits=3, bytea_output=hex, IntervalStyle=postgres,
 * client_encoding=UTF8. Under other settings text decoding fails with an error
 * naming the value (it never guesses). Both forms give identical values:
 * intervals become ISO 8601 ("P1Y2M3DT4H5M6.5S", as IntervalStyle=iso_8601
 * prints them) from either form; inet/macaddr/bit/timetz/"char" binary values
 * are rendered exactly as PostgreSQL's output functions print them.
 */
#ifndef FLOE_PG_PGVALUE_H
#define FLOE_PG_PGVALUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/pgtype.h"

enum floe_pg_format {
	FLOE_PG_FMT_TEXT = 0,   /* PostgreSQL's text output (pgoutput 't', or a COPY field cast ::text) */
	FLOE_PG_FMT_BINARY = 1  /* the type's send function output (pgoutput 'b', COPY binary) */
};

/* What to do with values Iceberg cannot represent (config `types.*`). */
struct floe_pg_policy {
	enum floe_policy numeric_overflow; /* numeric NaN, ±Infinity, or not exactly representable in decimal(P,S) */
	enum floe_policy infinity;         /* date/timestamp/timestamptz ±infinity */
	uint64_t *nulled;                  /* when not NULL: +1 for every value a 'null' policy stored as NULL */
};

/* The policy of cfg's `types.*` keys; `nulled` (may be NULL) counts the values the
 * 'null' policy stores as NULL. */
void floe_pg_policy_init(struct floe_pg_policy *p, const struct floe_config *cfg, uint64_t *nulled);

/*
 * Decodes `len` bytes at `p` (a non-NULL value) of a column mapped to `t`
 * into `*out` (out->is_null false, or true when policy `null` applied).
 * With FLOE_PG_FMT_BINARY, `t->binary` must be true. On failure returns -1
 * and err says what is wrong with the value, quoting it (e.g. "numeric value
 * '1e30' does not fit decimal(38,9) exactly; ... set types.numeric_overflow:
 * 'null' to store NULL"); callers prefix the column ("column 'price': ").
 * Lists: out->u.list.items is an arena array; a NULL element has is_null set.
 * A multi-dimensional array value in a list column is an error (the relcache
 * maps columns declared multi-dimensional to string instead).
 */
int floe_pgvalue_decode(const struct floe_pgtype *t, enum floe_pg_format fmt, const uint8_t *p, size_t len,
			const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *out,
			struct floe_err *err);

#endif
