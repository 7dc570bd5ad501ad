/*
 * copybin.h — incremental parser of `COPY ... TO STDOUT (FORMAT binary)`.
 *
 * Feed the CopyData payloads in order (split anywhere); pull decoded rows.
 * Checks the 11-byte signature, the flags word (OIDs are skipped, unknown
 * critical bits 17–31 refused), skips the header extension, decodes every
 * field with pgvalue (per-column type and format), and requires the -1
 * trailer before the end. Field count mismatches, bad lengths and
 * truncation are errors with the row number and byte offset. Holds only
 * the bytes not yet consumed. No I/O.
 */
#ifndef FLOE_PG_COPYBIN_H
#define FLOE_PG_COPYBIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/pgtype.h"
#include "pg/pgvalue.h"

/* Result of floe_pg_copybin_next(). */
enum floe_pg_copy_status {
	FLOE_PG_COPY_ROW = 1,     /* a row was decoded into vals */
	FLOE_PG_COPY_NEED_MORE,   /* feed more bytes */
	FLOE_PG_COPY_DONE         /* the trailer was read; nothing may follow */
};

struct floe_pg_copybin {
	/* configuration (set by init; the arrays are borrowed and must outlive the parser) */
	uint16_t ncols;
	const struct floe_pgtype *types;      /* ncols mappings */
	const enum floe_pg_format *formats;   /* ncols formats; NULL = all binary */
	struct floe_pg_policy policy;
	/* state */
	struct floe_buf in;       /* unconsumed bytes */
	size_t consumed;          /* bytes of `in` already parsed */
	uint64_t offset;          /* stream offset of in.data[0] */
	uint64_t rows;            /* rows returned so far */
	int err_col;              /* column index of the last decode failure, -1 = none */
	bool header_done;
	bool has_oids;
	bool done;
};

/*
 * Prepares a parser for rows of `ncols` columns. `types[i]` is column i's
 * mapping (floe_pg_relcache_map_type or floe_pgtype_builtin); `formats[i]`
 * is FLOE_PG_FMT_BINARY for a plain column, FLOE_PG_FMT_TEXT for a column
 * the query casts to text (`SELECT col::text`), which is how text-only
 * types (binary false) are copied. `formats` may be NULL (all binary).
 * Fails if a binary column's type has no binary decoder.
 */
int floe_pg_copybin_init(struct floe_pg_copybin *cb, uint16_t ncols, const struct floe_pgtype *types,
			 const enum floe_pg_format *formats, const struct floe_pg_policy *policy,
			 struct floe_err *err);
void floe_pg_copybin_release(struct floe_pg_copybin *cb);

/* Appends a chunk. Invalidates values returned by earlier next() calls. */
int floe_pg_copybin_feed(struct floe_pg_copybin *cb, const uint8_t *p, size_t len, struct floe_err *err);

/*
 * Decodes the next row into vals[0..ncols) (values borrow from the parser's
 * buffer and `arena`; valid until the next feed). Sets *status. Returns -1
 * on malformed input (the parser is then unusable).
 */
int floe_pg_copybin_next(struct floe_pg_copybin *cb, struct floe_value *vals, struct floe_arena *arena,
			 enum floe_pg_copy_status *status, struct floe_err *err);

/* Call at the end of the COPY: -1 unless the trailer was read and nothing follows it. */
int floe_pg_copybin_finish(const struct floe_pg_copybin *cb, struct floe_err *err);

#endif
