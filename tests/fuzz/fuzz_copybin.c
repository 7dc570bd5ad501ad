/*
 * fuzz_copybin.c — libFuzzer target for the COPY binary parser: the first
 * byte picks the column count (1–8), the next ncols bytes pick each
 * column's type from a fixed list (the high bit selects the ::text form),
 * one byte the feed chunk size; the rest is the COPY stream, fed in chunks
 * and pulled row by row until done or an error. Seeds:
 * tests/fuzz/corpus/fuzz_copybin/ (a stream captured from PostgreSQL 15).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "pg/copybin.h"
#include "pg/pgtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t oids[16] = { 23, 25, 1700, 1184, 16, 17, 1007, 2950, 701, 1082, 20, 1186, 869, 1009, 3802, 1266 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_pgtype types[8];
	enum floe_pg_format formats[8];
	struct floe_value vals[8];
	struct floe_pg_policy pol = { FLOE_POLICY_NULL, FLOE_POLICY_FAIL, NULL };
	struct floe_pg_copybin cb;
	struct floe_arena a;
	struct floe_err err;
	size_t ncols, i, chunk, pos;

	if (size < 3)
		return 0;
	ncols = (size_t)(data[0] % 8) + 1;
	if (size < 2 + ncols)
		return 0;
	for (i = 0; i < ncols; i++) {
		floe_pgtype_builtin(oids[data[1 + i] & 15], data[1 + i] & 16 ? ((10 << 16) | 2) + 4 : -1, &types[i]);
		formats[i] = (data[1 + i] & 0x80) ? FLOE_PG_FMT_TEXT : FLOE_PG_FMT_BINARY;
	}
	chunk = (size_t)data[1 + ncols] + 1;
	pos = 2 + ncols;
	floe_arena_init(&a, 1024);
	if (floe_pg_copybin_init(&cb, (uint16_t)ncols, types, formats, &pol, &err) == 0) {
		while (pos < size) {
			size_t k = size - pos < chunk ? size - pos : chunk;
			enum floe_pg_copy_status st = FLOE_PG_COPY_NEED_MORE;
			uint8_t *piece = malloc(k);
			if (!piece)
				break;
			memcpy(piece, data + pos, k);
			pos += k;
			if (floe_pg_copybin_feed(&cb, piece, k, &err) != 0) {
				free(piece);
				break;
			}
			free(piece);
			while (floe_pg_copybin_next(&cb, vals, &a, &st, &err) == 0 && st == FLOE_PG_COPY_ROW)
				floe_arena_reset(&a);
			if (st != FLOE_PG_COPY_NEED_MORE)
				break;
		}
		(void)floe_pg_copybin_finish(&cb, &err);
	}
	floe_pg_copybin_release(&cb);
	floe_arena_release(&a);
	return 0;
}
