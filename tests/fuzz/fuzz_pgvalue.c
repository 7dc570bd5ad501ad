/*
 * fuzz_pgvalue.c — libFuzzer target for the value decoders: maps a built-in
 * type OID (+ typmod) and decodes the rest of the input as one value in
 * binary or text form, under both policies.
 * Input: u32 BE type OID, i32 BE typmod, u8 format (bit 0: binary, bit 1:
 * policy null), then the value bytes. Seeds: tests/fuzz/corpus/fuzz_pgvalue/
 * (the send bytes and text output of tests/unit/pgvalue_vectors.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "pg/pgtype.h"
#include "pg/pgvalue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_pgtype t;
	struct floe_pg_policy pol;
	struct floe_arena a;
	struct floe_value v;
	struct floe_err err;
	uint8_t *val;
	size_t n;
	enum floe_pg_format fmt;

	if (size < 9)
		return 0;
	floe_pgtype_builtin((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3],
			    (int32_t)((uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 | (uint32_t)data[6] << 8 | data[7]),
			    &t);
	fmt = (data[8] & 1) ? FLOE_PG_FMT_BINARY : FLOE_PG_FMT_TEXT;
	pol.numeric_overflow = pol.infinity = (data[8] & 2) ? FLOE_POLICY_NULL : FLOE_POLICY_FAIL;
	pol.nulled = NULL;
	n = size - 9;
	val = malloc(n ? n : 1); /* exact size: overreads are caught */
	if (!val)
		return 0;
	memcpy(val, data + 9, n);
	floe_arena_init(&a, 1024);
	(void)floe_pgvalue_decode(&t, fmt, val, n, &pol, &a, &v, &err);
	floe_arena_release(&a);
	free(val);
	return 0;
}
